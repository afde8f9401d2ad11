#!/bin/sh
# The command line as a user meets it: import, list, show, verify, keygen,
# sign; exit codes; messages that name the file and line; and the database
# unchanged by anything rejected.
. "$(dirname "$0")/lib.sh"

db="$TMP/x.db"
stick="$TMP/stick"
mkdir -p "$stick/newskiosk/articles"
cat >"$stick/newskiosk/articles/0001.txt" <<'T'
Ferry timetable changes for the winter season
Boats to the outer islands run twice a day from Monday.
The harbour office said the change follows lower demand.
Tickets bought for cancelled sailings will be refunded.
Original Source: www.harbour.example
Post Comment
T
cat >"$stick/newskiosk/articles/0002.txt" <<'T'
---
id: library-2025-01-10
date: 2025-01-10
category: Local
source: Example Gazette
---
Town library opens a reading room for newcomers
The room offers newspapers in six languages.

It is open every day
from nine to five.

Volunteers help with forms.
T
printf 'Only a title line\n' >"$stick/newskiosk/articles/0003.txt"

out=$("$NK" import --db "$db" "$stick" 2>"$TMP/err")
check "import of a stick mount point exits 0" [ $? = 0 ]
case "$out" in "imported 3 articles (0 skipped) from bundle-"*) ok "summary names the bundle";; *) fail "summary: $out";; esac

list=$("$NK" list --db "$db")
expected=$(printf '0001\t\twww.harbour.example\tFerry timetable changes for the winter season\nlibrary-2025-01-10\t2025-01-10\tExample Gazette\tTown library opens a reading room for newcomers\n0003\t\t\tOnly a title line')
check "list prints id, published, source, title in display order" [ "$list" = "$expected" ]

show=$("$NK" show --db "$db" library-2025-01-10)
expected=$(printf 'Town library opens a reading room for newcomers\n\nThe room offers newspapers in six languages.\n\nIt is open every day from nine to five.\n\nVolunteers help with forms.')
check "show prints title, summary and joined paragraphs" [ "$show" = "$expected" ]
show=$("$NK" show --db "$db" 0001)
expected=$(printf 'Ferry timetable changes for the winter season\n\nBoats to the outer islands run twice a day from Monday.\n\nThe harbour office said the change follows lower demand.\n\nTickets bought for cancelled sailings will be refunded.')
check "show drops the source line and scraper junk" [ "$show" = "$expected" ]
"$NK" show --db "$db" nope >/dev/null 2>&1
check "show of a missing id exits 1" [ $? = 1 ]

out=$("$NK" import --db "$db" "$stick/newskiosk" 2>/dev/null)
check "the same bundle (by its folder) is not imported twice" [ "$out" = "$(echo "$out" | grep 'already imported')" ] 

# A hostile stick: a symlink. Exit 1, the file named, list unchanged.
before=$("$NK" list --db "$db")
bad="$TMP/bad"
mkdir -p "$bad/newskiosk/articles"
printf 'T\nS\n' >"$bad/newskiosk/articles/0001.txt"
ln -s /etc/passwd "$bad/newskiosk/articles/0002.txt"
"$NK" import --db "$db" "$bad" 2>"$TMP/err"
check "a stick with a symlink exits 1" [ $? = 1 ]
check "the message names the file" grep -q "articles/0002.txt" "$TMP/err"
check "list is the same after a rejected stick" [ "$("$NK" list --db "$db")" = "$before" ]

# An article with an empty title is skipped with file and line; others import.
skip="$TMP/skip"
mkdir -p "$skip/newskiosk/articles"
printf -- '---\nid: x\n---\n\n' >"$skip/newskiosk/articles/0007.txt"
printf 'Good\nS\n' >"$skip/newskiosk/articles/0008.txt"
out=$("$NK" import --db "$db" "$skip" 2>"$TMP/err")
check "a bundle with a bad article still imports (exit 0)" [ $? = 0 ]
check "the warning names file and line" grep -q "articles/0007.txt: line 4: title is empty, article skipped" "$TMP/err"
case "$out" in "imported 1 article (1 skipped)"*) ok "summary counts the skip";; *) fail "summary: $out";; esac

"$NK" verify "$stick" >/dev/null 2>&1
check "verify of a good bundle exits 0" [ $? = 0 ]
"$NK" verify "$bad" >/dev/null 2>&1
check "verify of a bad bundle exits 1" [ $? = 1 ]

"$NK" import >/dev/null 2>&1
check "import without PATH is a usage error (2)" [ $? = 2 ]
"$NK" frobnicate >/dev/null 2>&1
check "an unknown command is a usage error (2)" [ $? = 2 ]
for c in run import verify list show keygen sign; do
    "$NK" $c --help >/dev/null 2>&1 || fail "$c --help"
done
ok "every command has --help"
case "$("$NK" --version)" in "newskiosk "*) ok "--version";; *) fail "--version";; esac

# Config errors name the line and refuse.
printf 'cycle_seconds = 8\nspeed = fast\n' >"$TMP/bad.conf"
"$NK" list --config "$TMP/bad.conf" --db "$db" >/dev/null 2>"$TMP/err"
check "a bad config exits 1" [ $? = 1 ]
check "and names file and line" grep -q "bad.conf: line 2: unknown key 'speed'" "$TMP/err"

# The operator's signing flow, as the README gives it.
cd "$TMP" || exit 1
"$NK" keygen editor >/dev/null
check "keygen writes editor.key with mode 600" [ "$(stat -c %a editor.key)" = 600 ]
"$NK" sign --key editor.key "$stick" >/dev/null
check "sign writes manifest.sig" [ -s "$stick/newskiosk/manifest.sig" ]
printf 'trusted_key = %s/editor.pub\nrequire_signature = true\n' "$TMP" >"$TMP/kiosk.conf"
"$NK" verify --config "$TMP/kiosk.conf" "$stick" >/dev/null 2>&1
check "the signed stick verifies with the key trusted" [ $? = 0 ]
"$NK" verify --config "$TMP/kiosk.conf" "$skip" 2>"$TMP/err" >/dev/null
check "an unsigned stick is refused when keys are trusted" [ $? = 1 ]
check "saying it is unsigned" grep -q "only signed" "$TMP/err"
printf 'X' >>"$stick/newskiosk/articles/0003.txt"
"$NK" import --config "$TMP/kiosk.conf" --db "$db" "$stick" 2>"$TMP/err" >/dev/null
check "a file changed after signing is refused" [ $? = 1 ]
check "naming the file" grep -q "articles/0003.txt: does not match" "$TMP/err"

finish
