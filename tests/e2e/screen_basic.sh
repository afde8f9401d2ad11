#!/bin/sh
# The kiosk screen end to end, headless (SDL dummy driver, software renderer):
# the headline screen is not blank, a tap opens an article that differs, Back
# returns to the same picture, a swipe changes the story, keys work, and
# Escape on the headlines quits a windowed kiosk.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
export NEWSKIOSK_NOW=1736503200   # 2025-01-10 10:00 UTC: the same clock every run
export TZ=UTC
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"

"$NK" import --db "$DB" "$ROOT/assets/sample" >"$TMP/import.log" 2>&1
check "sample content imports" test -s "$DB"

cat >"$TMP/basic.script" <<EOS
# headline, then open it, back, swipe
shot $TMP/h0.bmp
tap 400 240
shot $TMP/article.bmp
tap 40 30
shot $TMP/back.bmp
swipe 650 240 150 240
wait 1
shot $TMP/swiped.png
key Return
shot $TMP/article2.bmp
key BackSpace
key Right
wait 1
shot $TMP/right.bmp
key Escape
shot $TMP/never.bmp
EOS
"$NK" run --windowed --size 800x480 --db "$DB" --script "$TMP/basic.script" 2>"$TMP/err.log"
rc=$?
check "scripted run exits 0 (Escape quits windowed)" test "$rc" = 0
check "no error output" test ! -s "$TMP/err.log"
[ -s "$TMP/err.log" ] && cat "$TMP/err.log"
check "headline shot is 800x480" "$IMG" size "$TMP/h0.bmp" 800 480
check "headline screen is not blank" "$IMG" nonblank "$TMP/h0.bmp" 64
check "headline has big bright text" "$IMG" bright "$TMP/h0.bmp" 0 60 800 300 20
check "a tap opens an article that differs" "$IMG" differ "$TMP/h0.bmp" "$TMP/article.bmp" 50
check "the article has a Back target top left" "$IMG" bright "$TMP/article.bmp" 0 0 200 70 20
check "Back returns to the same headline" "$IMG" same "$TMP/h0.bmp" "$TMP/back.bmp"
check "a swipe changes the story" "$IMG" differ "$TMP/h0.bmp" "$TMP/swiped.png" 50
check "PNG shot is readable" "$IMG" nonblank "$TMP/swiped.png" 64
check "Enter opens the swiped story" "$IMG" differ "$TMP/article.bmp" "$TMP/article2.bmp" 30
check "Right moves on again" "$IMG" differ "$TMP/swiped.png" "$TMP/right.bmp" 50
check "quit happened before the last shot" test ! -e "$TMP/never.bmp"

# The attract loop moves by itself; mid-slide differs from both ends.
cat >"$TMP/cycle.script" <<EOS
shot $TMP/c0.bmp
wait 8.1
shot $TMP/c_mid.bmp
wait 1
shot $TMP/c1.bmp
wait 8.5
shot $TMP/c2.bmp
quit
EOS
"$NK" run --size 800x480 --db "$DB" --script "$TMP/cycle.script"
check "the loop advances after cycle_seconds" "$IMG" differ "$TMP/c0.bmp" "$TMP/c1.bmp" 50
check "mid-transition differs from the start" "$IMG" differ "$TMP/c0.bmp" "$TMP/c_mid.bmp" 50
check "mid-transition differs from the end" "$IMG" differ "$TMP/c1.bmp" "$TMP/c_mid.bmp" 50
check "and on again" "$IMG" differ "$TMP/c1.bmp" "$TMP/c2.bmp" 50

# Same input, same pixels: the dummy driver is deterministic.
"$NK" run --size 800x480 --db "$DB" --script "$TMP/cycle.script"
cp "$TMP/c_mid.bmp" "$TMP/c_mid_first.bmp"
"$NK" run --size 800x480 --db "$DB" --script "$TMP/cycle.script"
check "repeatable pixels" "$IMG" same "$TMP/c_mid.bmp" "$TMP/c_mid_first.bmp"

# No database yet: instructions, never a black screen.
printf 'shot %s\nquit\n' "$TMP/empty.bmp" >"$TMP/empty.script"
"$NK" run --size 800x480 --db "$TMP/none/news.db" --script "$TMP/empty.script"
check "empty state is not blank" "$IMG" nonblank "$TMP/empty.bmp" 32
check "empty state has text" "$IMG" bright "$TMP/empty.bmp" 0 0 800 400 10

# A bad script line is named and fails the run.
printf 'wait 1\njump\n' >"$TMP/bad.script"
"$NK" run --size 800x480 --db "$DB" --script "$TMP/bad.script" 2>"$TMP/bad.log"
check "bad script exits 1" test $? = 1
check "bad script names the line" grep -q "line 2" "$TMP/bad.log"
finish
