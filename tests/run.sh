#!/bin/sh
# Run every test: each cmocka unit binary, then each end-to-end script.
# Ends with one line "N passed, N failed" summed over all of them.
set -u
cd "$(dirname "$0")/.."
: "${BUILD:=build/asan}"
export BUILD
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export SDL_AUDIODRIVER=dummy
# the unit tests that start the binary read no machine config either
export NEWSKIOSK_CONFIG=/dev/null
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {  # $1 = name of the test program; reads its output from $log
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    # a script's own summary is its last "N passed, N failed" line
    sp=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p' "$log" | tail -n 1)
    sf=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p' "$log" | tail -n 1)
    sp=${sp:-0}; sf=${sf:-0}
    p=$((p + sp)); f=$((f + sf))
    if [ "$2" != 0 ] && [ "$f" = 0 ]; then
        echo "  $1 exited $2 without a counted failure: counted as one failure"
        f=1
    fi
    if [ "$p" = 0 ] && [ "$f" = 0 ]; then
        echo "  $1 ran no test: counted as one failure"
        f=1
    fi
    passed=$((passed + p)); failed=$((failed + f))
    echo "== $1: $p passed, $f failed"
}

for t in "$BUILD"/tests/*_test; do
    [ -x "$t" ] || continue
    echo "== $(basename "$t")"
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    count "$(basename "$t")" $rc
done

for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    [ "$(basename "$t")" = lib.sh ] && continue
    echo "== $(basename "$t")"
    sh "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    count "$(basename "$t")" $rc
done

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
