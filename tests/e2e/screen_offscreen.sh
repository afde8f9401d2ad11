#!/bin/sh
# The same kiosk under SDL's offscreen video driver (no display at all, as
# on a CI box): it starts, draws, and a tap opens a story.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=offscreen
export NEWSKIOSK_NOW=1736503200
export TZ=UTC
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"
# Mesa, if the driver maps it, keeps allocations to exit: not ours.
printf 'leak:libEGL\nleak:libGLX\nleak:_dri.so\nleak:libdbus-1.so\n' >>"$TMP/lsan.supp"
"$NK" import --db "$DB" "$ROOT/assets/sample" >/dev/null 2>&1
cat >"$TMP/s" <<EOS
shot $TMP/h.bmp
tap 400 240
shot $TMP/a.bmp
key Escape
shot $TMP/b.bmp
quit
EOS
"$NK" run --size 800x480 --db "$DB" --script "$TMP/s" 2>"$TMP/err"
rc=$?
check "offscreen run exits 0" test $rc = 0
[ $rc = 0 ] || cat "$TMP/err"
check "offscreen headline is not blank" "$IMG" nonblank "$TMP/h.bmp" 64
check "offscreen tap opens the article" "$IMG" differ "$TMP/h.bmp" "$TMP/a.bmp" 50
check "offscreen Back returns" "$IMG" same "$TMP/h.bmp" "$TMP/b.bmp"
# the same pixels as the dummy driver: both use the software renderer
mv "$TMP/h.bmp" "$TMP/offscreen.bmp"
SDL_VIDEODRIVER=dummy "$NK" run --size 800x480 --db "$DB" --script "$TMP/s" 2>/dev/null
check "offscreen and dummy draw the same" "$IMG" same "$TMP/offscreen.bmp" "$TMP/h.bmp"
finish
