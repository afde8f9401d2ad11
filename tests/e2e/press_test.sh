#!/bin/sh
# newskiosk press end to end: the feed corpus (tests/feeds: RSS 0.91/1.0/2.0,
# Atom, JSON Feed 1.0/1.1, OPML, encodings, broken XML) -> press --sign ->
# verify (and verify --db) -> import -> list/show -> the kiosk's screen
# shows the headlines. Then the hostile feeds: XXE never reads a local file,
# entity bombs and deep nesting stay bounded, a 2 GiB body is refused by its
# size, 100,000 items are cut to a limit; nothing is written when nothing
# usable came out. Local files only (an http test uses 127.0.0.1 only).
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
export TZ=UTC
F="$ROOT/tests/feeds"
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"
cd "$TMP" || exit 1

"$NK" keygen editor >/dev/null
printf 'trusted_key = %s/editor.pub\nrequire_signature = true\n' "$TMP" >"$TMP/kiosk.conf"

# --- the editor's one command: an OPML list plus a few single feeds
"$NK" press --sign editor.key --out "$TMP/stick" "$F/opml.xml" "$F/rss091.xml" \
    "$F/cp1251.xml" "$F/koi8r.xml" "$F/undeclared1252.xml" "$F/utf16.xml" \
    "$F/broken.xml" "$F/jsonfeed10.json=Archive" "$F/notafeed.html" \
    >"$TMP/press.out" 2>"$TMP/press.err"
check "press exits 0 when some feeds fail and others work" [ $? = 0 ]
out=$(cat "$TMP/press.out")
case "$out" in
    "pressed 15 articles from 13 feeds (2 feeds failed: does-not-exist.xml, notafeed.html) into $TMP/stick/newskiosk, signed by editor")
        ok "the summary line counts articles, feeds, failures and the signer";;
    *) fail "summary: $out"; cat "$TMP/press.err";;
esac
check "a missing feed is reported by name" grep -q "does-not-exist.xml: cannot open" "$TMP/press.err"
check "a web page is reported as not a feed" grep -q "notafeed.html: not a feed" "$TMP/press.err"
check "broken XML is reported and recovered" grep -q "broken.xml: broken XML" "$TMP/press.err"
check "a picture that is not one is a note, not a failure" grep -q "library.jpg: not a picture" "$TMP/press.err"
B="$TMP/stick/newskiosk"
check "the bundle is signed" [ -s "$B/manifest.sig" ]
check "no temporary folder is left behind" [ -z "$(ls -A "$TMP/stick" | grep -v '^newskiosk$')" ]
check "a big picture is scaled down to a JPEG" sh -c "ls '$B'/images/*.jpg >/dev/null 2>&1"
check "a small PNG is copied as it is" sh -c "ls '$B'/images/*.png >/dev/null 2>&1"

# --- verify, then verify --db, then import
"$NK" verify --config kiosk.conf "$TMP/stick" >"$TMP/v.out" 2>&1
check "verify: the signed stick is good" grep -q "signature good" "$TMP/v.out"
"$NK" verify --config kiosk.conf --db "$DB" "$TMP/stick" >"$TMP/v.out" 2>&1
check "verify --db on a new kiosk: would import" grep -q "^import: the kiosk would import 15 articles" "$TMP/v.out"
"$NK" import --config kiosk.conf --db "$DB" "$TMP/stick" >"$TMP/i.out" 2>&1
check "import of the pressed stick" grep -q "imported 15 articles (0 skipped)" "$TMP/i.out"
"$NK" verify --config kiosk.conf --db "$DB" "$TMP/stick" >"$TMP/v.out" 2>&1
check "verify --db after import: already imported" grep -q "^already imported" "$TMP/v.out"

# --- the stored stories
"$NK" list --db "$DB" >"$TMP/list"
check "15 stories stored" [ "$(wc -l <"$TMP/list")" = 15 ]
check "newest first: the Atom story of 6 January leads" sh -c "head -1 '$TMP/list' | grep -q 'Clinic adds evening hours'"
check "Atom title type=html decoded" grep -q "	Clinic adds evening hours$" "$TMP/list"
check "ISO-8859-1 (declared) to UTF-8" grep -q "Le café du port rouvre après les travaux" "$TMP/list"
check "Windows-1251 (declared) to UTF-8" grep -q "Новая школа открылась в посёлке" "$TMP/list"
check "KOI8-R (declared) to UTF-8" grep -q "Паром снова ходит по расписанию" "$TMP/list"
check "undeclared Windows-1252 to UTF-8" grep -q "Prices rise to 5 € for a “fair” loaf" "$TMP/list"
check "UTF-16 with a BOM to UTF-8" grep -q "Καλημέρα: the Greek class starts Monday" "$TMP/list"
check "JSON Feed 1.0" grep -q "Version one feeds still work" "$TMP/list"
check "RSS 1.0 (RDF) with dc:date" grep -q "2025-01-04	Valley Weekly	New footbridge" "$TMP/list"
check "a missing date stays empty" grep -q "		Café Bulletin	" "$TMP/list"
check "double-escaped entity in a title decoded once" grep -q "Market square & harbour wall repairs start" "$TMP/list"
ferry=$(grep "Ferry timetable" "$TMP/list" | cut -f1)
"$NK" show --db "$DB" "$ferry" >"$TMP/show"
expected=$(printf 'Ferry timetable changes for the winter season\n\nBoats to the outer islands run twice a day from Monday.\n\nThe harbour office said the change follows lower demand & higher fuel costs.\n\nTickets bought for cancelled sailings will be refunded.\n\nAsk at the kiosk on the quay.')
check "show: CDATA body as paragraphs, nav/script/style and 'Continue reading' gone, <br><br> splits" [ "$(cat "$TMP/show")" = "$expected" ]
[ "$(cat "$TMP/show")" = "$expected" ] || cat "$TMP/show"
check "the relative link resolved against the site" grep -q "url: https://harbour.example/2025/01/ferry-winter" "$B/articles/0002.txt"
check "OPML folder name becomes the category" grep -q "category: Local" "$B/articles/0002.txt"
check "FEED=Category sets the category" sh -c "grep -l 'Version one feeds' '$B'/articles/*.txt | xargs grep -q 'category: Archive'"

# --- the same feeds tomorrow: the same ids (stable), merge mode
"$NK" press --mode merge --out "$TMP/stick2" "$F/rss2.xml" >/dev/null 2>&1
check "the same story gets the same id on the next run" grep -q "id: $ferry" "$TMP/stick2/newskiosk/articles/0001.txt"
check "merge mode is in the manifest" grep -q '"mode":	"merge"' "$TMP/stick2/newskiosk/manifest.json"

# --- roll-back: an older signed stick is refused, and verify --db says so
cp -r "$TMP/stick" "$TMP/old"
sleep 1
"$NK" press --sign editor.key --out "$TMP/stick3" "$F/atom.xml" >/dev/null 2>&1
"$NK" import --config kiosk.conf --db "$DB" "$TMP/stick3" >/dev/null 2>&1
"$NK" verify --config kiosk.conf --db "$DB" "$TMP/old" >"$TMP/v.out" 2>&1
check "verify --db exits 1 for a roll-back" [ $? = 1 ]
check "and says the kiosk would refuse it as a roll-back" grep -q "^refuse: the kiosk would refuse this stick as a roll-back" "$TMP/v.out"
"$NK" verify --config kiosk.conf "$TMP/old" >/dev/null 2>&1
check "plain verify (no --db) still calls the signature good" [ $? = 0 ]

# --- the kiosk shows the headlines
cat >"$TMP/s.script" <<EOS
shot $TMP/news.bmp
quit
EOS
"$NK" run --windowed --size 800x480 --db "$DB" --script "$TMP/s.script" 2>"$TMP/run.err"
check "the kiosk runs on the pressed stories" [ $? = 0 ]
"$NK" run --windowed --size 800x480 --db "$TMP/empty.db" --script "$TMP/s2.script" 2>/dev/null <<EOS || true
EOS
printf 'shot %s/empty.bmp\nquit\n' "$TMP" >"$TMP/e.script"
"$NK" run --windowed --size 800x480 --db "$TMP/empty.db" --script "$TMP/e.script" 2>/dev/null
check "the headline screen is not blank" "$IMG" nonblank "$TMP/news.bmp" 64
check "and differs from the empty kiosk" "$IMG" differ "$TMP/news.bmp" "$TMP/empty.bmp" 20

# --- hostile feeds: nothing usable, nothing written, exit 1, bounded
H="$TMP/hostile"
mkdir -p "$H"
# memory caps (ulimit -v) only without AddressSanitizer, which maps terabytes
# of shadow address space; under ASan its own allocator limits stand in
limit_mb() { if ldd "$NK" 2>/dev/null | grep -q libasan || grep -aq AddressSanitizer "$NK"; then :; else ulimit -v $(($1 * 1024)); fi; }
"$NK" press --out "$H/out1" "$F/xxe.xml" >"$TMP/x.out" 2>&1
check "XXE: the entity is not expanded" sh -c "! grep -rq 'root:' '$H/out1' '$TMP/x.out'"
check "XXE: the story is kept without the entity" grep -rq "Entity here" "$H/out1/newskiosk/articles"
( limit_mb 1500; "$NK" press --out "$H/out2" "$F/laughs.xml" ) >"$TMP/l.out" 2>&1
check "billion laughs: exit 1, no story, under 1.5 GB" [ $? = 1 ]
check "billion laughs: nothing written" [ ! -e "$H/out2/newskiosk" ]
check "billion laughs: a clear message" grep -q "no story came out" "$TMP/l.out"
truncate -s 2G "$H/huge.xml"
"$NK" press --out "$H/out3" "$H/huge.xml" >"$TMP/h.out" 2>&1
check "a 2 GiB feed is refused by its size" grep -q "huge.xml: is 2147483648 bytes, over the limit" "$TMP/h.out"
check "and nothing is written" [ ! -e "$H/out3/newskiosk" ]
python3 - "$H" <<'PY'
import sys
h = sys.argv[1]
with open(h + "/many.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Many</title>\n')
    for i in range(100000):
        f.write('<item><title>Item %d</title><guid>https://many.example/%d</guid></item>\n' % (i, i))
    f.write('</channel></rss>\n')
with open(h + "/deep.xml", "w") as f:
    f.write('<rss version="2.0"><channel><title>Deep</title><item><title>Deep</title><guid>d</guid><description>')
    f.write('&lt;div&gt;' * 200000 + 'bottom' + '&lt;/div&gt;' * 200000)
    f.write('</description></item><item><title>' + '<x>' * 100000 + '</title></item></channel></rss>\n')
PY
( limit_mb 2000; "$NK" press --max-items 5000 --out "$H/out4" "$H/many.xml" ) >"$TMP/m.out" 2>&1
check "100,000 items: cut to the limit with a message" grep -q "more than 5000 items; the rest were ignored" "$TMP/m.out"
check "100,000 items: the first 5000 written" [ "$(ls "$H/out4/newskiosk/articles" | wc -l)" = 5000 ]
( limit_mb 2000; ulimit -s 8192; "$NK" press --out "$H/out5" "$H/deep.xml" ) >"$TMP/d.out" 2>&1
rc=$?
check "deep nesting: no crash (exit 0 or 1)" [ "$rc" -le 1 ]

# --- a local http server on 127.0.0.1, if python3 is here
if command -v python3 >/dev/null 2>&1; then
    port=$((20000 + $$ % 20000))
    (cd "$F" && exec python3 -m http.server "$port" --bind 127.0.0.1) >/dev/null 2>&1 &
    srv=$!
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
        sleep 0.3
    done
    "$NK" press --out "$TMP/web" "http://127.0.0.1:$port/atom.xml" "http://127.0.0.1:$port/gone.xml" >"$TMP/w.out" 2>&1
    check "a feed over http (127.0.0.1)" grep -q "pressed 2 articles from 2 feeds (1 feed failed" "$TMP/w.out"
    check "a 404 is reported" grep -q "HTTP 404" "$TMP/w.out"
    kill "$srv" 2>/dev/null
    wait "$srv" 2>/dev/null
fi

# --- .TXT (upper case, FAT sticks) is an article too
mkdir -p "$TMP/fat/newskiosk/articles"
printf 'Upper case name\nFrom a FAT stick.\n' >"$TMP/fat/newskiosk/articles/0004.TXT"
"$NK" import --db "$TMP/fat.db" "$TMP/fat" >"$TMP/fat.out" 2>&1
check "0004.TXT imports" grep -q "imported 1 article" "$TMP/fat.out"
check "with id 0004" sh -c "'$NK' list --db '$TMP/fat.db' | grep -q '^0004	'"

"$NK" press --help | grep -q "FEED|OPML" && ok "press --help" || fail "press --help"
"$NK" --help | grep -q "newskiosk press" && ok "--help lists press" || fail "--help lists press"
"$NK" press >/dev/null 2>&1
check "press without a feed is a usage error (2)" [ $? = 2 ]
finish
