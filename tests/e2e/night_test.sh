#!/bin/sh
# Night hours: with night_mode = off the panel really powers down (a
# backlight's bl_power, here a stand-in folder given by
# NEWSKIOSK_BACKLIGHT_DIR), a touch powers it on again, and the end of the
# night too; dim and blank only change pixels.
. "$(dirname "$0")/lib.sh"
IMG="$TOOLS/imgcheck"
export SDL_VIDEODRIVER=dummy TZ=UTC
BL="$TMP/backlight"
mkdir -p "$BL/panel0"
echo 0 >"$BL/panel0/bl_power"
export NEWSKIOSK_BACKLIGHT_DIR="$BL"
"$NK" import --config /dev/null --db "$TMP/n.db" "$ROOT/assets/sample" >/dev/null 2>&1
printf 'night_start = 22:00\nnight_end = 06:00\nnight_mode = off\ndrift_px = 0\n' >"$TMP/off.conf"
printf 'night_start = 22:00\nnight_end = 06:00\nnight_mode = blank\ndrift_px = 0\n' >"$TMP/blank.conf"

# 21:59: day; 22:01: night; a tap; 06:01 the next morning
power() { cat "$BL/panel0/bl_power"; }
cat >"$TMP/s" <<EOS
wait 1
shot $TMP/day.bmp
wait 120
shot $TMP/night.bmp
EOS
NEWSKIOSK_NOW=$((1893456000 + 21 * 3600 + 59 * 60)) \
    "$NK" run --config "$TMP/off.conf" --db "$TMP/n.db" --windowed --size 800x480 \
    --script "$TMP/s" 2>"$TMP/err"
check "off: the kiosk runs" [ $? = 0 ]
check "off: at night the panel is powered down (bl_power 4)" [ "$(power)" = 4 ]
check "off: the journal says so" grep -q "night: panel off" "$TMP/err"
check "off: the last picture before it is black" sh -c "! '$IMG' nonblank '$TMP/night.bmp'"
check "off: the day picture was not" "$IMG" nonblank "$TMP/day.bmp"

echo 0 >"$BL/panel0/bl_power"
printf 'wait 2\ntap 400 240\nwait 1\nshot %s\nquit\n' "$TMP/woken.bmp" >"$TMP/s2"
NEWSKIOSK_NOW=$((1893456000 + 23 * 3600)) \
    "$NK" run --config "$TMP/off.conf" --db "$TMP/n.db" --windowed --size 800x480 \
    --script "$TMP/s2" 2>"$TMP/err2"
check "off: started at night, the panel goes off" grep -q "panel off (1 control)" "$TMP/err2"
check "off: a touch at night powers it on (bl_power 0)" sh -c \
    "[ \"\$(cat '$BL/panel0/bl_power')\" = 0 ] && grep -q 'panel on (1 control)' '$TMP/err2'"
check "off: and shows the news" "$IMG" nonblank "$TMP/woken.bmp"

echo 0 >"$BL/panel0/bl_power"
printf 'wait 2\nwait 180\nshot %s\nquit\n' "$TMP/morning.bmp" >"$TMP/s3"
NEWSKIOSK_NOW=$((1893456000 + 5 * 3600 + 59 * 60)) \
    "$NK" run --config "$TMP/off.conf" --db "$TMP/n.db" --windowed --size 800x480 \
    --script "$TMP/s3" 2>"$TMP/err3"
check "off: the end of the night powers it on" sh -c \
    "grep -q 'panel off (1 control)' '$TMP/err3' && grep -q 'panel on (1 control)' '$TMP/err3' &&
     [ \"\$(cat '$BL/panel0/bl_power')\" = 0 ]"
check "off: and the morning picture shows the news" "$IMG" nonblank "$TMP/morning.bmp"

echo 0 >"$BL/panel0/bl_power"
printf 'wait 1\nwait 120\nshot %s\nquit\n' "$TMP/blank.bmp" >"$TMP/s4"
NEWSKIOSK_NOW=$((1893456000 + 21 * 3600 + 59 * 60)) \
    "$NK" run --config "$TMP/blank.conf" --db "$TMP/n.db" --windowed --size 800x480 \
    --script "$TMP/s4" 2>/dev/null
check "blank: black pixels, the panel left on" [ "$(power)" = 0 ]
check "blank: the picture is black" sh -c "! '$IMG' nonblank '$TMP/blank.bmp'"
finish
