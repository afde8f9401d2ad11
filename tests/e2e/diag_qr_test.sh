#!/bin/sh
# The diagnostics screen's QR code, read back by a QR reader as a phone
# would: it holds the kiosk's status (format 1) with the stored count.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
if ! command -v zbarimg >/dev/null 2>&1; then
    ok "skipped: zbarimg missing (zbar-tools; make deps-test installs it)"
    finish
    exit $?
fi
"$NK" import --db "$TMP/q.db" "$ROOT/assets/sample" >/dev/null 2>&1
ns=$(ls "$ROOT"/assets/sample/newskiosk/articles/*.txt | wc -l)
for size in 800x480 480x320 1920x1080; do
    printf 'wait 1\nkey F1\nwait 1\nshot %s\nquit\n' "$TMP/d-$size.png" >"$TMP/s"
    "$NK" run --db "$TMP/q.db" --windowed --size $size --script "$TMP/s" 2>/dev/null
    zbarimg -q --raw "$TMP/d-$size.png" >"$TMP/qr-$size.txt" 2>/dev/null
    check "$size: the QR code reads back as the status (format 1)" \
        grep -q '"format":1' "$TMP/qr-$size.txt"
    check "$size: with the stored story count" grep -q "\"articles\":$ns," "$TMP/qr-$size.txt"
done
finish
