# make bench's QUICK form runs and prints every row of its table with
# numbers (the figures themselves are for `make bench`, not for tests).
# It builds the -O2 binary in build/bench as make bench does, skips the
# Chromium peer (BENCH_PEER=no) to stay near half a minute, and is skipped
# where what it needs is not installed (make bench installs it).
. "$(dirname "$0")/lib.sh"

missing=""
for t in Xvfb valgrind sqlite3 pkg-config; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
pkg-config --exists x11 2>/dev/null || missing="$missing libx11-dev"
if [ -n "$missing" ]; then
    ok "skipped: make bench needs$missing (scripts/deps.sh bench)"
    finish
    exit $?
fi

cd "$ROOT" || exit 1
# a make of our own, not the jobserver of the make that runs the tests
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s BUILD=build/bench OPT=-O2 SAN= WERROR= \
        build/bench/newskiosk build/bench/nkprobe build/bench/sdlfloor >"$TMP/build.log" 2>&1; then
    fail "the bench build: $(tail -n 5 "$TMP/build.log")"
    finish
    exit $?
fi
ok "the bench build (-O2, no sanitizers) in build/bench"

start=$(date +%s)
QUICK=1 BENCH_PEER=no BENCH_WORK="$TMP" BENCH_OUT="$TMP/table" \
    scripts/bench.sh build/bench >"$TMP/out" 2>"$TMP/err"
rc=$?
took=$(($(date +%s) - start))
check "scripts/bench.sh QUICK=1 exits 0 (took ${took} s)" test "$rc" = 0
[ "$rc" = 0 ] || sed 's/^/  /' "$TMP/err" | tail -n 20
check "the table is printed and written to BENCH_OUT" cmp -s "$TMP/out" "$TMP/table"

row() {  # NAME REGEX: a line of the table matches
    if grep -Eq "$2" "$TMP/table"; then ok "row: $1"; else fail "row: $1 (expected /$2/)"; fi
}
n='[0-9]+\.[0-9]+'
row "import of 1000 with the sqlite3 floor" \
    "^1000 articles +$n s \[$n-$n\] +[0-9]+ +$n s \[$n-$n\] +[0-9]+"
row "re-plug known by its fingerprint, against the first import" \
    "^re-plug, by fingerprint +$n s \[$n-$n\] +1/$n +of the first import of 1000 \([0-9]+ of [0-9]+ runs fp\)"
row "re-plug read in full, against the first import" \
    "^re-plug, read in full +$n s \[$n-$n\] +1/$n +of the first import of 1000 \([0-9]+ of [0-9]+ runs full\)"
row "the 100,000 import target, said to be left out" \
    "import 100,000 within 1.5x of sqlite3 +\(not in QUICK runs\)"
row "the re-plug target" "re-plug 1000 under 1/10 of its import +$n s vs $n s: 1/$n +(HOLDS|FAILS)"
row "screen with 100 stored" "^newskiosk, 100 stored +$n s \[$n-$n\] +$n MiB \[$n-$n\] 1p +$n MiB +$n% \[$n-$n\] +$n% \[$n-$n\] +(yes|no)"
row "the bare SDL2 floor" "^bare SDL2 window \(floor\) +$n s \[$n-$n\] +$n MiB"
row "screen with 1000 stored" "^newskiosk, 1000 stored +$n s \[$n-$n\] +$n MiB"
row "the framebuffer block's SDL row" "^SDL on X11 \(the row above\) +$n s \[$n-$n\] +$n MiB \[$n-$n\] 1p +- +$n MiB +$n% \[$n-$n\] +$n% \[$n-$n\]\$"
for fb in "32 bits \(XRGB8888\)" "16 bits \(RGB565\)"; do
    row "framebuffer backend, $fb" "^fb, $fb +$n s \[$n-$n\] +$n MiB \[$n-$n\] 1p +$n MiB +$n MiB +$n% \[$n-$n\] +$n% \[$n-$n\]\$"
done
row "headline frame cost" "headline screen \(clock redraw, warm cache\) +$n M +\([0-9]+ frames\)"
row "transition frame cost" "transition frame +$n M +\([0-9]+ frames\)"
row "scroll frame cost" "article scroll frame +$n M +\([0-9]+ frames\)"
row "right-to-left transition frame cost" "right-to-left: transition frame +$n M +\([0-9]+ frames\)"
row "right-to-left scroll frame cost" "right-to-left: article scroll frame +$n M +\([0-9]+ frames\)"
row "start-up against the count" "start-up independent of count +$n s with 1000 vs $n s with 100 +(HOLDS|FAILS)"
row "screen with 3000 stored (the flat-count row)" "^newskiosk, 3000 stored +$n s \[$n-$n\] +$n MiB"
row "\"All stories\" opened with 100 stored" "\"All stories\" opened \(tap to first frame\) +$n M +\(100 stored\)"
row "\"All stories\" opened with 3000 stored" "\"All stories\" opened \(tap to first frame\) +$n M +\(3000 stored\)"
row "PSS against the count" "PSS with 3000 within 10% of 100 +$n MiB with 3000 vs $n MiB with 100: [-+]$n% +(HOLDS|FAILS)"
row "start-up within 10% against the count" "start-up with 3000 within 10% of 100 +$n s with 3000 vs $n s with 100: [-+]$n% +(HOLDS|FAILS)"
row "\"All stories\" against the count" "\"All stories\" with 3000 within 2x of 100 +$n M with 3000 vs $n M with 100: ${n}x +(HOLDS|FAILS)"
row "the machine it ran on" "^machine: .*[0-9]+ cores"
check "the work folder is removed" sh -c "! ls -d '$TMP'/nkbench.* >/dev/null 2>&1"
finish
