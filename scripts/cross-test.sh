#!/bin/sh
# Run the cross-built unit tests and one scripted end-to-end run of the
# cross-built kiosk under qemu-user. Called by `make cross-test ARCH=...`,
# which sets:
#   QEMU        the emulator command, e.g. "qemu-aarch64-static -L /"
#   CROSS_BUILD the build folder, e.g. build/cross-arm64
# qemu is called explicitly, so binfmt_misc need not be mounted. The display is
# SDL's dummy driver (software rendering): offscreen hangs in Mesa under qemu.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
: "${QEMU:?set QEMU, e.g. QEMU='qemu-aarch64-static -L /'}"
: "${CROSS_BUILD:?set CROSS_BUILD, e.g. build/cross-arm64}"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
# qemu-user is slow: generous, but bounded.
: "${CROSS_TEST_TIMEOUT:=900}"

passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nk-cross.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log="$tmp/log"

ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# ELF e_machine of $1 (bytes 18-19, little endian): 183 aarch64, 40 arm.
elf_machine() {
    od -An -j18 -N2 -tu2 "$1" 2>/dev/null | tr -d ' '
}

bin="$CROSS_BUILD/newskiosk"
case "$QEMU" in
    qemu-aarch64*) want=183 ;;
    qemu-arm*) want=40 ;;
    *) want="" ;;
esac
if [ ! -f "$bin" ]; then
    fail "cross binary $bin exists (run make cross first)"
elif [ -n "$want" ] && [ "$(elf_machine "$bin")" != "$want" ]; then
    fail "$bin is a binary for the target (ELF machine $(elf_machine "$bin"), expected $want)"
else
    ok "$bin is a binary for the target (ELF machine $want)"
fi

# --- unit tests: each cmocka binary under qemu -------------------------------
for t in "$CROSS_BUILD"/tests/*_test; do
    [ -f "$t" ] || continue
    name=$(basename "$t")
    echo "== $name (qemu)"
    start=$(date +%s)
    # shellcheck disable=SC2086
    timeout "$CROSS_TEST_TIMEOUT" $QEMU "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^.*\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^.*\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "  $name exited $rc without a counted failure: counted as one failure"
        f=1
    fi
    sk=$(sed -n 's/^.*\[  SKIPPED \] \([0-9][0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if [ "$p" = 0 ] && [ "$f" = 0 ] && [ "$sk" = 0 ]; then
        echo "  $name ran no test: counted as one failure"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    echo "== $name: $p passed, $f failed in $(( $(date +%s) - start )) s"
done

# --- one scripted end-to-end run ---------------------------------------------
# Import the sample content (when the tree has it), run the kiosk for a few
# virtual seconds, take two screenshots, quit; check the exit status and that
# the shots are BMPs of the asked size with something drawn on them.
nk() {
    # shellcheck disable=SC2086
    timeout "$CROSS_TEST_TIMEOUT" $QEMU "$bin" "$@"
}

# bmp_check FILE W H: a BMP of W x H whose pixels are not all one colour
bmp_check() {
    [ -f "$1" ] || { echo "  $1: missing"; return 1; }
    [ "$(head -c2 "$1")" = BM ] || { echo "  $1: not a BMP"; return 1; }
    w=$(od -An -j18 -N4 -td4 "$1" | tr -d ' ')
    h=$(od -An -j22 -N4 -td4 "$1" | tr -d ' ')
    h=${h#-}
    { [ "$w" = "$2" ] && [ "$h" = "$3" ]; } || { echo "  $1: ${w}x$h, expected $2x$3"; return 1; }
    off=$(od -An -j10 -N4 -td4 "$1" | tr -d ' ')
    colours=$(tail -c +$((off + 1)) "$1" | od -An -v -tx4 -w4 | sort -u | head -n 50 | wc -l)
    [ "$colours" -ge 3 ] || { echo "  $1: only $colours distinct pixel values: blank screen?"; return 1; }
}

if [ -f "$bin" ]; then
    db="$tmp/news.db"
    if [ -d assets/sample ]; then
        start=$(date +%s)
        if nk import --db "$db" assets/sample >"$log" 2>&1; then
            ok "e2e: import assets/sample under qemu ($(( $(date +%s) - start )) s)"
        else
            cat "$log"
            fail "e2e: import assets/sample under qemu"
        fi
    fi
    cat >"$tmp/script" <<EOF
# cross-test: first screen, one headline later, quit
wait 1
shot $tmp/first.bmp
wait 9
shot $tmp/later.bmp
quit
EOF
    start=$(date +%s)
    nk run --windowed --size 800x480 --db "$db" --script "$tmp/script" >"$log" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    if [ "$rc" = 0 ]; then
        ok "e2e: newskiosk run --script exits 0 under qemu ($secs s)"
    else
        sed -n '1,40p' "$log"
        fail "e2e: newskiosk run --script exits 0 under qemu (exit $rc after $secs s)"
    fi
    for s in first later; do
        if bmp_check "$tmp/$s.bmp" 800 480; then
            ok "e2e: screenshot $s.bmp is 800x480 and not blank"
        else
            fail "e2e: screenshot $s.bmp is 800x480 and not blank"
        fi
    done
    if [ -f "$tmp/first.bmp" ] && [ -f "$tmp/later.bmp" ] && ! cmp -s "$tmp/first.bmp" "$tmp/later.bmp"; then
        ok "e2e: the screen changed between the shots (the headlines cycle)"
    else
        fail "e2e: the screen changed between the shots (the headlines cycle)"
    fi
    if [ -n "${CROSS_TEST_SHOTS:-}" ]; then
        mkdir -p "$CROSS_TEST_SHOTS"
        cp "$tmp"/*.bmp "$CROSS_TEST_SHOTS"/ 2>/dev/null || true
    fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
