#!/bin/sh
# Signals: a hang-up (a console reset, a serial line dropped) does not take
# the screen down; SIGTERM stops the kiosk cleanly, a scripted run included.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy
"$NK" import --config /dev/null --db "$TMP/s.db" "$ROOT/assets/sample" >/dev/null 2>&1
printf 'wait 80000\nquit\n' >"$TMP/long"
"$NK" run --config /dev/null --db "$TMP/s.db" --windowed --script "$TMP/long" 2>"$TMP/err" &
pid=$!
sleep 2
kill -HUP $pid
sleep 1
check "SIGHUP: the kiosk is still running" kill -0 $pid
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "SIGTERM: a scripted run stops within 10 s" sh -c "! kill -0 $pid 2>/dev/null"
wait $pid
check "SIGTERM: it exits 0 (a clean stop)" [ $? = 0 ]
kill -9 $pid 2>/dev/null

# an import child killed mid-import (the OOM killer, a crash) cannot log
# itself: the kiosk writes the import log row for it
mkdir -p "$TMP/media"
"$ROOT/scripts/gen-bundle.sh" 8000 "$TMP/media/STICK" >/dev/null 2>&1
printf 'settle\nquit\n' >"$TMP/settle"
"$NK" run --config /dev/null --db "$TMP/k.db" --windowed --watch "$TMP/media" \
    --script "$TMP/settle" 2>"$TMP/kerr" &
pid=$!
i=0
while ! pgrep -f "progress-fd" >/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
pkill -9 -f "progress-fd"
wait $pid
check "a killed import: the kiosk goes on and exits 0" [ $? = 0 ]
check "a killed import: the journal says it was not imported" grep -q "not imported" "$TMP/kerr"
check "a killed import: the import log holds it as failed" \
    [ "$(sqlite3 "$TMP/k.db" "SELECT count(*) FROM imports WHERE result='failed' AND reason LIKE '%signal%'" 2>/dev/null)" = 1 ]
finish
