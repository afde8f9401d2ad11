#!/bin/sh
# What a wall kiosk's card does to its database, and that the kiosk
# survives it:
#  - a damaged database (random bytes, truncated, a folder, a newer schema,
#    pages overwritten inside a good file) is moved aside, kept, the screen
#    says so instead of "no news", and the next stick restores the content;
#  - a full disk fails the import with a message naming the file, and the
#    old content stays (a small tmpfs in a private mount namespace);
#  - "done" is durable: the database on a loop-mounted ext4, whose backing
#    file is copied the moment the import reports done, holds the new
#    content (the copy is what a power cut leaves);
#  - a new day takes expired stories out of the loop of a kiosk that is
#    never restarted, and a kiosk whose stories all expired says so.
# The mount parts need root, unshare, losetup and mkfs.ext4 (skipped
# otherwise, saying so).
. "$(dirname "$0")/lib.sh"
IMG="$TOOLS/imgcheck"
export SDL_VIDEODRIVER=dummy
# the same clock in every run, so pictures differ only in what they say
export TZ=UTC NEWSKIOSK_NOW=1893456000
: >"$TMP/empty.conf"
C="--config $TMP/empty.conf"
nsample=$(ls "$ROOT"/assets/sample/newskiosk/articles/*.txt | wc -l)

# the reference pictures: the empty screen and the damaged one must differ
printf 'wait 3\nshot %s\nquit\n' "$TMP/empty.bmp" >"$TMP/s-empty"
"$NK" run $C --db "$TMP/none.db" --windowed --size 800x480 --script "$TMP/s-empty" 2>/dev/null

damage() {  # KIND DB
    case $1 in
    random) head -c 200000 /dev/urandom >"$2" ;;
    folder) mkdir -p "$2" ;;
    truncated|newer|pages)
        "$NK" import $C --db "$2" "$ROOT/scripts/../assets/sample" >/dev/null 2>&1
        sqlite3 "$2" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
        case $1 in
        truncated) truncate -s 6000 "$2" ;;
        newer) sqlite3 "$2" "PRAGMA user_version = 999" ;;
        pages) size=$(stat -c %s "$2")
               # every page but the first (the header stays good)
               dd if=/dev/urandom of="$2" bs=4096 seek=1 count=$((size / 4096 - 1)) \
                  conv=notrunc 2>/dev/null ;;
        esac ;;
    esac
}

for kind in random truncated folder newer pages; do
    d="$TMP/$kind"
    mkdir -p "$d"
    damage $kind "$d/news.db"
    printf 'wait 3\nshot %s\nquit\n' "$d/shot.bmp" >"$d/s"
    "$NK" run $C --db "$d/news.db" --windowed --size 800x480 --script "$d/s" 2>"$d/err"
    check "$kind: the kiosk runs on" [ $? = 0 ]
    check "$kind: the journal says it was moved aside" grep -q "moved the damaged database aside" "$d/err"
    check "$kind: the damaged file is kept beside it" sh -c "ls '$d'/news.db.damaged-* >/dev/null"
    check "$kind: the screen is not blank" "$IMG" nonblank "$d/shot.bmp"
    check "$kind: the screen says more than 'no news yet'" "$IMG" differ "$TMP/empty.bmp" "$d/shot.bmp" 20
    "$NK" import $C --db "$d/news.db" "$ROOT/assets/sample" >"$d/imp" 2>&1
    check "$kind: the next stick restores the content" \
        [ "$("$NK" list --db "$d/news.db" | wc -l)" = "$nsample" ]
done

# an import straight into a damaged database (the CLI, or the kiosk's child)
for kind in random pages; do
    d="$TMP/cli-$kind"
    mkdir -p "$d"
    damage $kind "$d/news.db"
    "$NK" import $C --db "$d/news.db" "$ROOT/assets/sample" >"$d/out" 2>"$d/err"
    check "import into a damaged database ($kind) succeeds" [ $? = 0 ]
    check "... and says it moved the old file aside" grep -q "moved aside to" "$d/err"
    check "... and holds the stick's stories" \
        [ "$("$NK" list --db "$d/news.db" | wc -l)" = "$nsample" ]
done

# expiry: a kiosk left running over midnight drops yesterday's stories; and
# a kiosk whose stories all expired does not say "no news loaded yet"
mkdir -p "$TMP/exp/newskiosk/articles"
printf -- '---\nexpires: 2030-01-01\n---\nGone on the second\nSummary.\n' \
    >"$TMP/exp/newskiosk/articles/a.txt"
printf -- '---\nexpires: 2030-06-01\n---\nStays a while\nSummary.\n' \
    >"$TMP/exp/newskiosk/articles/b.txt"
"$NK" import $C --db "$TMP/exp.db" "$TMP/exp" >/dev/null 2>&1
# 2030-01-01 23:59:00 UTC, then two minutes on: over midnight
printf 'wait 120\nquit\n' >"$TMP/s-exp"
NEWSKIOSK_TRACE=1 NEWSKIOSK_NOW=1893542340 "$NK" run $C --db "$TMP/exp.db" --windowed \
    --size 800x480 --script "$TMP/s-exp" 2>"$TMP/exp.err"
check "expiry: two stories in the loop before midnight" \
    grep -q "2 headlines for 2030-01-01" "$TMP/exp.err"
check "expiry: one after midnight, with no restart" \
    grep -q "1 headlines for 2030-01-02" "$TMP/exp.err"
printf 'wait 3\nshot %s\nquit\n' "$TMP/expired.bmp" >"$TMP/s-expired"
NEWSKIOSK_NOW=1924992000 "$NK" run $C --db "$TMP/none.db" --windowed --size 800x480 \
    --script "$TMP/s-empty" 2>/dev/null
NEWSKIOSK_NOW=1924992000 "$NK" run $C --db "$TMP/exp.db" --windowed --size 800x480 \
    --script "$TMP/s-expired" 2>/dev/null
check "all expired: the screen says so, not 'no news loaded yet'" \
    "$IMG" differ "$TMP/empty.bmp" "$TMP/expired.bmp" 20

# An upgrade: a database the program before stored (schema 3, before the
# fingerprint column and the index setting) is brought up to date by the
# kiosk at start, its stories kept and shown, not refused as "no news".
"$NK" import $C --db "$TMP/old.db" "$ROOT/assets/sample" >/dev/null 2>&1
sqlite3 "$TMP/old.db" "DROP INDEX bundles_fingerprint; ALTER TABLE bundles DROP COLUMN fingerprint;
    DELETE FROM articles_fts_config WHERE k = 'hashsize'; PRAGMA user_version = 3;"
check "upgrade: the old database is at schema 3" \
    [ "$(sqlite3 "$TMP/old.db" 'PRAGMA user_version')" = 3 ]
printf 'wait 3\nquit\n' >"$TMP/s-old"
NEWSKIOSK_TRACE=1 "$NK" run $C --db "$TMP/old.db" --windowed --size 800x480 \
    --script "$TMP/s-old" 2>"$TMP/old.err"
check "upgrade: the kiosk says it brought the schema up to date" \
    grep -q "brought up to this version's schema" "$TMP/old.err"
check "upgrade: the stories stored before are on the screen" \
    grep -q "^newskiosk: $nsample headlines for" "$TMP/old.err"
check "upgrade: the database is at the current schema" \
    [ "$(sqlite3 "$TMP/old.db" 'PRAGMA user_version')" = 4 ]

# --- the mount parts ---------------------------------------------------------
skip=""
[ "$(id -u)" = 0 ] || skip="not root"
for t in unshare losetup mkfs.ext4 sqlite3; do
    command -v "$t" >/dev/null 2>&1 || skip="${skip:+$skip, }no $t"
done
if [ -z "$skip" ] && ! unshare -m true 2>/dev/null; then skip="unshare -m not allowed"; fi
if [ -n "$skip" ]; then
    ok "skipped: full disk and power cut ($skip)"
    finish
    exit $?
fi
"$ROOT/scripts/gen-bundle.sh" 3000 "$TMP/big" >/dev/null 2>&1
# small enough that the commit does not also checkpoint (which syncs)
"$ROOT/scripts/gen-bundle.sh" 50 "$TMP/small50" >/dev/null 2>&1

# full disk: the old content (the sample) in a 3 MiB tmpfs, then a bundle
# that cannot fit
cat >"$TMP/full.sh" <<'EOF'
set -u
NK=$1 ROOT=$2 T=$3 C=$4
mkdir -p "$T/small"
mount -t tmpfs -o size=3m tmpfs "$T/small" || { echo "not ok - mount a small tmpfs"; exit 1; }
"$NK" import $C --db "$T/small/news.db" "$ROOT/assets/sample" >/dev/null 2>&1
before=$("$NK" list --db "$T/small/news.db" | md5sum)
"$NK" import $C --db "$T/small/news.db" "$T/big" >"$T/full.out" 2>"$T/full.err"
rc=$?
after=$("$NK" list --db "$T/small/news.db" | md5sum)
[ $rc = 1 ] && echo "ok - full disk: the import fails (exit 1)" || echo "not ok - full disk: exit $rc"
grep -q "small/news.db.*full" "$T/full.err" &&
    echo "ok - full disk: the message names the database file and says full" ||
    echo "not ok - full disk: message: $(head -c 300 "$T/full.err")"
[ "$before" = "$after" ] && echo "ok - full disk: the old content is kept" ||
    echo "not ok - full disk: the content changed"
umount "$T/small"
EOF
unshare -m sh "$TMP/full.sh" "$NK" "$ROOT" "$TMP" "$C" >"$TMP/full.log" 2>&1
cat "$TMP/full.log"
E2E_PASSED=$((E2E_PASSED + $(grep -c '^ok' "$TMP/full.log")))
E2E_FAILED=$((E2E_FAILED + $(grep -c '^not ok' "$TMP/full.log")))

# power cut: ext4 on a loop device; the moment the import says done, the
# backing file is copied (what reached the "disk") and read back
truncate -s 64M "$TMP/card.img"
mkfs.ext4 -q -F "$TMP/card.img"
loop=$(losetup -f --show "$TMP/card.img") || { fail "losetup"; finish; exit 1; }
trap 'losetup -d "$loop" 2>/dev/null; rm -rf "$TMP"' EXIT
cat >"$TMP/cut.sh" <<'EOF'
set -u
NK=$1 ROOT=$2 T=$3 C=$4 loop=$5
mkdir -p "$T/card"
mount "$loop" "$T/card" || { echo "not ok - mount the card"; exit 1; }
"$NK" import $C --db "$T/card/news.db" "$ROOT/assets/sample" >/dev/null 2>&1
sync
# a reader keeps the database open, as the kiosk's screen does: the
# importer's close then cannot checkpoint, and only what the commit itself
# synced is on the card
{ echo "SELECT count(*) FROM articles;"; sleep 30; } | sqlite3 "$T/card/news.db" >/dev/null &
sleep 0.5
"$NK" import $C --db "$T/card/news.db" "$T/small50" >/dev/null 2>&1 &&
    cp --sparse=always "$T/card.img" "$T/cut.img"
pkill -f "sqlite3 $T/card/news.db" 2>/dev/null
sleep 0.2
umount "$T/card" 2>/dev/null || umount -l "$T/card"
EOF
unshare -m sh "$TMP/cut.sh" "$NK" "$ROOT" "$TMP" "$C" "$loop" >"$TMP/cut.log" 2>&1
losetup -d "$loop"
cat "$TMP/cut.log"
check "power cut: the card was copied at 'done'" [ -s "$TMP/cut.img" ]
cat >"$TMP/read.sh" <<'EOF'
set -u
NK=$1 T=$2
loop=$(losetup -f --show "$T/cut.img") || exit 1
mkdir -p "$T/cutm"
# as after a power cut: the journal is replayed at mount
mount "$loop" "$T/cutm" || { losetup -d "$loop"; exit 1; }
cp "$T/cutm"/news.db* "$T/" 2>/dev/null
umount "$T/cutm"
losetup -d "$loop"
EOF
unshare -m sh "$TMP/read.sh" "$NK" "$TMP" >/dev/null 2>&1
check "power cut: the copied database is intact" \
    [ "$(sqlite3 "$TMP/news.db" 'PRAGMA integrity_check' 2>&1)" = ok ]
check "power cut: it holds the new content, reported done" \
    [ "$("$NK" list --db "$TMP/news.db" 2>/dev/null | wc -l)" = 50 ]
finish
