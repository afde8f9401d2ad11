#!/bin/sh
# The desktop path in a real X window: Xvfb (its own display, found with
# -displayfd), the kiosk in real time with a plain window at the screen's
# size, a real mouse click through xdotool, screenshots from the X server.
# Also: idle between transitions costs (almost) no CPU, the software
# renderer keeps OpenGL out of the process, and Escape quits.
. "$(dirname "$0")/lib.sh"
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"
if ! command -v Xvfb >/dev/null 2>&1 || ! command -v xdotool >/dev/null 2>&1 ||
   ! command -v xwd >/dev/null 2>&1; then
    ok "skipped: Xvfb, xdotool or xwd (x11-apps) missing"
    finish
    exit 0
fi
"$NK" import --db "$DB" "$ROOT/assets/sample" >/dev/null 2>&1
printf 'cycle_seconds = 3600\n' >"$TMP/kiosk.conf"
# SDL's X11 driver loads libdbus, which keeps a connection buffer to exit:
# not ours, so LeakSanitizer (in the sanitizer build) is told to skip it.
printf 'leak:libdbus-1.so\n' >>"$TMP/lsan.supp"

Xvfb -displayfd 3 -screen 0 800x480x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
XPID=$!
i=0
while [ ! -s "$TMP/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
DISPLAY=:$(cat "$TMP/display")
export DISPLAY
unset SDL_VIDEODRIVER
cleanup() { kill "$KPID" "$XPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

"$NK" run --windowed --size 800x480 --config "$TMP/kiosk.conf" --db "$DB" 2>"$TMP/kiosk.err" &
KPID=$!
xdotool search --sync --onlyvisible --name newskiosk >/dev/null 2>&1 &
SPID=$!
i=0
while kill -0 $SPID 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill $SPID 2>/dev/null
shot() {  # the X server's own picture of the screen
    xwd -root -silent >"$TMP/$1.xwd" && "$IMG" xwd2bmp "$TMP/$1.xwd" "$TMP/$1.bmp"
}
# shot_until NAME CHECK...: screenshots until CHECK holds, for up to 10 s (a
# sanitizer build on a busy machine draws slowly); the last one stays.
shot_until() {
    su_name=$1; shift
    su_i=0
    while [ $su_i -lt 50 ]; do
        shot "$su_name" && "$@" 2>/dev/null && return 0
        sleep 0.2
        su_i=$((su_i + 1))
    done
    shot "$su_name"
    return 1
}
check "window shows up" kill -0 "$KPID"
check "headline screen in X is not blank" shot_until x0 "$IMG" nonblank "$TMP/x0.bmp" 64
sleep 0.5
shot x0   # settled: the same picture, now that it is complete

# idle: nothing moves (cycle 1 h), so nothing may run
t0=$(awk '{print $14 + $15}' /proc/$KPID/stat)
sleep 3
t1=$(awk '{print $14 + $15}' /proc/$KPID/stat)
check "idle CPU over 3 s is under 0.1 s (was $((t1 - t0)) ticks)" test $((t1 - t0)) -lt 10
check "no OpenGL library loaded" sh -c "! grep -qE 'libGL[.X]|libEGL[.]|_dri[.]so' /proc/$KPID/maps"

xdotool mousemove 400 240 click 1
check "a real click opens the article" \
    shot_until x1 "$IMG" differ "$TMP/x0.bmp" "$TMP/x1.bmp" 50
sleep 0.5
shot x1
xdotool mousemove 40 30 click 1
check "clicking Back returns" shot_until x2 "$IMG" differ "$TMP/x1.bmp" "$TMP/x2.bmp" 50
sleep 0.5
shot x2
check "Back shows the headline again" "$IMG" bright "$TMP/x2.bmp" 0 60 800 300 20
xdotool key Escape
i=0
while kill -0 "$KPID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "Escape on the headlines quits the window" sh -c "! kill -0 $KPID 2>/dev/null"
wait "$KPID"
rc=$?
check "exit status 0" test $rc = 0
[ $rc = 0 ] || cat "$TMP/kiosk.err"

# More stories than the first batch: the rest arrives after the first
# frame, and the window's expose that follows must draw the new set (it
# once presented the old DrawList again, whose strings the new set had
# freed: a use-after-free the sanitizer build aborts on).
"$ROOT/scripts/gen-bundle.sh" 100 "$TMP/many" >/dev/null
"$NK" import --db "$TMP/many.db" "$TMP/many" >/dev/null 2>&1
"$NK" run --windowed --size 800x480 --config "$TMP/kiosk.conf" --db "$TMP/many.db" \
    2>"$TMP/many.err" &
KPID=$!
check "100 stories: the window shows the headlines" shot_until m0 "$IMG" nonblank "$TMP/m0.bmp" 64
sleep 1
xdotool key Escape
i=0
while kill -0 "$KPID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait "$KPID"
rc=$?
check "100 stories: the window survives the rest of the list and its expose, exit 0" test $rc = 0
[ $rc = 0 ] || head -n 20 "$TMP/many.err"
finish
