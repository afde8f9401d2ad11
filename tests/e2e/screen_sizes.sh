#!/bin/sh
# The screen at every size the kiosk ships for: a 480x320 TFT, 800x480, full
# HD, and portrait through --rotate. Text stays inside the picture (no bright
# text pixels at its edges; a scrolling article may run off its bottom), the
# picture fills the window, and --rotate turns picture and touch together: a
# rotated run is the portrait run turned, pixel for pixel.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
export NEWSKIOSK_NOW=1736503200
export TZ=UTC
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"
"$NK" import --db "$DB" "$ROOT/assets/sample" >/dev/null 2>&1

# shots NAME SIZE ROTATE BOTTOM_SIDES TAPX TAPY: one run, screens of every kind
# (TAPX,TAPY: the All stories button in window pixels).
shots() {
    name=$1 size=$2 rot=$3 sides=$4 lx=$5 ly=$6
    d="$TMP/$name"
    mkdir -p "$d"
    cat >"$d/script" <<EOS
shot $d/h0.bmp
key Right
wait 1
shot $d/h1.bmp
key Right
wait 1
key Right
wait 1
key Right
wait 1
key Right
wait 1
shot $d/h5.bmp
key Return
shot $d/a5.bmp
key End
shot $d/a5end.bmp
key Escape
key Right
wait 1
key Right
wait 1
key Right
wait 1
shot $d/h8.bmp
tap $lx $ly
shot $d/list.bmp
key Escape
key F1
shot $d/diag.bmp
quit
EOS
    "$NK" run --size "$size" --rotate "$rot" --db "$DB" --script "$d/script" 2>"$d/err"
    check "$name: runs" test $? = 0
    w=${size%x*} h=${size#*x}
    check "$name: shot is the window, ${w}x${h}" "$IMG" size "$d/h0.bmp" "$w" "$h"
    for s in h0 h1 h5 h8 diag; do
        check "$name: $s not blank" "$IMG" nonblank "$d/$s.bmp" 32
        check "$name: $s text inside the screen" "$IMG" edges "$d/$s.bmp" 6
    done
    for s in a5 a5end list; do
        check "$name: $s not blank" "$IMG" nonblank "$d/$s.bmp" 32
        check "$name: $s text inside the sides" "$IMG" edges "$d/$s.bmp" 6 "$sides"
    done
    check "$name: stories differ" "$IMG" differ "$d/h0.bmp" "$d/h1.bmp" 30
    check "$name: the article scrolls to its end" "$IMG" differ "$d/a5.bmp" "$d/a5end.bmp" 30
    check "$name: a touch on All stories opens the list" "$IMG" differ "$d/h8.bmp" "$d/list.bmp" 30
}

# The All stories button sits top right: logical (W - 30, 30).
shots small 480x320 0 tlr 450 30
shots wvga 800x480 0 tlr 770 30
shots fullhd 1920x1080 0 tlr 1880 40
shots portrait 480x800 0 tlr 450 30
# 800x480 turned 90: logical 480x800; logical (x,y) is window (799-y, x).
shots rot90 800x480 90 tbr 769 450
# turned 270: logical (x,y) is window (y, 479-x).
shots rot270 800x480 270 tbl 30 29
shots rot180 480x320 180 blr 29 289

for s in h0 h5 a5 a5end list; do
    check "rotate 90 is the portrait picture turned ($s)" "$IMG" rotated "$TMP/portrait/$s.bmp" "$TMP/rot90/$s.bmp" 90
    check "rotate 270 is the portrait picture turned ($s)" "$IMG" rotated "$TMP/portrait/$s.bmp" "$TMP/rot270/$s.bmp" 270
    check "rotate 180 is the small picture turned ($s)" "$IMG" rotated "$TMP/small/$s.bmp" "$TMP/rot180/$s.bmp" 180
done
finish
