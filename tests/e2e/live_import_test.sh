#!/bin/sh
# Live import on the running kiosk: a stick present at start (boot import),
# a stick that appears while the kiosk runs, the same stick again (not
# re-imported), a refused stick, and a stick pulled out mid-import. The
# screenshots are checked for pixels; NEWSKIOSK_IMPORT_SHOTS names each
# import frame after what the screen model held (state, done of total).
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
IMG="$TOOLS/imgcheck"
run_kiosk() {  # run_kiosk DB SCRIPT [extra args]: the kiosk watching $TMP/media
    db=$1; script=$2; shift 2
    "$NK" run --db "$db" --watch "$TMP/media" --size 800x480 --script "$script" "$@"
}
mkdir -p "$TMP/media" "$TMP/shots"

# 1. Boot import: the stick is there when the kiosk starts.
cp -R "$ROOT/assets/sample" "$TMP/media/USB1"
cat >"$TMP/boot.txt" <<S
settle
shot $TMP/boot-result.bmp
wait 21
shot $TMP/boot-after.bmp
quit
S
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" run_kiosk "$TMP/a.db" "$TMP/boot.txt"
check "boot: the kiosk exits 0" [ $? = 0 ]
n=$("$NK" list --db "$TMP/a.db" | wc -l)
ns=$(ls "$ROOT"/assets/sample/newskiosk/articles/*.txt | wc -l)
check "boot: the stick's $ns stories are stored" [ "$n" = "$ns" ]
check "boot: the result screen is not blank" "$IMG" nonblank "$TMP/boot-result.bmp"
check "boot: a done frame was shown with $ns of $ns" ls "$TMP/shots"/import-*-done-${ns}of${ns}.bmp
check "boot: after the result, the headlines show (a different picture)" \
    "$IMG" differ "$TMP/boot-result.bmp" "$TMP/boot-after.bmp" 50
check "boot: the headlines are not blank" "$IMG" nonblank "$TMP/boot-after.bmp" 24

# 2. The same stick at the next start: not imported again.
rm -f "$TMP/shots"/*
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" run_kiosk "$TMP/a.db" "$TMP/boot.txt"
check "again: one 'unchanged' in the import log" \
    [ "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM imports WHERE result='unchanged'")" = 1 ]
check "again: still one bundle" [ "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM bundles")" = 1 ]

# 3. A stick that appears while the kiosk runs (empty database at start).
rm -rf "$TMP/media/USB1" "$TMP/shots"/*
"$ROOT/scripts/gen-bundle.sh" 1000 "$TMP/stage"
cat >"$TMP/live.txt" <<S
wait 1
shot $TMP/live-before.bmp
settle
shot $TMP/live-result.bmp
wait 21
shot $TMP/live-after.bmp
quit
S
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" run_kiosk "$TMP/b.db" "$TMP/live.txt" &
pid=$!
i=0
while [ ! -f "$TMP/live-before.bmp" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
mv "$TMP/stage" "$TMP/media/USB2"   # plugged in: appears whole, as a mount does
wait $pid
check "live: the kiosk exits 0" [ $? = 0 ]
check "live: 1000 stories stored" [ "$("$NK" list --db "$TMP/b.db" | wc -l)" = 1000 ]
check "live: the empty screen showed before the stick" "$IMG" nonblank "$TMP/live-before.bmp"
check "live: a running frame showed the progress" ls "$TMP/shots"/import-*-running-*of1000.bmp
check "live: the result said 1000 of 1000" ls "$TMP/shots"/import-*-done-1000of1000.bmp
check "live: the new headlines replace the empty screen" \
    "$IMG" differ "$TMP/live-before.bmp" "$TMP/live-after.bmp" 50
for f in "$TMP/shots"/import-*-running-*of1000.bmp; do
    check "live: the progress frame differs from the result" "$IMG" differ "$f" "$TMP/live-result.bmp" 5
    break
done

# 4. A refused stick (a symlink in it): the old content stays.
before=$("$NK" list --db "$TMP/b.db")
rm -rf "$TMP/media/USB2" "$TMP/shots"/*
mkdir -p "$TMP/media/BAD/newskiosk/articles"
printf 'T\nS\n' >"$TMP/media/BAD/newskiosk/articles/0001.txt"
ln -s /etc/passwd "$TMP/media/BAD/newskiosk/articles/0002.txt"
cat >"$TMP/bad.txt" <<S
settle
shot $TMP/bad-result.bmp
quit
S
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" run_kiosk "$TMP/b.db" "$TMP/bad.txt"
check "refused: a failed frame" ls "$TMP/shots"/import-*-failed-*.bmp
check "refused: the content is unchanged" [ "$("$NK" list --db "$TMP/b.db")" = "$before" ]
check "refused: the import log says rejected" \
    [ "$(sqlite3 "$TMP/b.db" "SELECT result FROM imports ORDER BY n DESC LIMIT 1")" = rejected ]

# 5. A stick pulled out mid-import: the old content stays.
rm -rf "$TMP/media/BAD" "$TMP/shots"/*
"$ROOT/scripts/gen-bundle.sh" 6000 "$TMP/media/BIG"
NEWSKIOSK_IMPORT_SHOTS="$TMP/shots" run_kiosk "$TMP/b.db" "$TMP/bad.txt" &
pid=$!
i=0
while ! ls "$TMP/shots"/import-*-running-*of6000.bmp >/dev/null 2>&1 && [ $i -lt 600 ]; do
    sleep 0.05; i=$((i + 1))
done
rm -rf "$TMP/media/BIG"
wait $pid
if ls "$TMP/shots"/import-*-done-*.bmp >/dev/null 2>&1; then
    ok "pulled: skipped, the import finished before the stick could be pulled"
else
    check "pulled: a failed frame" ls "$TMP/shots"/import-*-failed-*.bmp
    check "pulled: the content is unchanged" [ "$("$NK" list --db "$TMP/b.db")" = "$before" ]
    check "pulled: the import log says failed" \
        [ "$(sqlite3 "$TMP/b.db" "SELECT result FROM imports ORDER BY n DESC LIMIT 1")" = failed ]
fi
finish
