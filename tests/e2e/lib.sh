# Shared helpers for the end-to-end scripts (sourced, not run).
# Each script calls ok/fail per check and 'finish' at the end, which prints
# "N passed, N failed" for tests/run.sh to add up.
set -u
E2E_PASSED=0
E2E_FAILED=0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build/asan}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
NK="$BUILD/newskiosk"
TOOLS="$BUILD/tools"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nk-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# nothing of the machine's or the user's: not /etc/newskiosk.conf (a kiosk
# set up by the README trusts a key and refuses the unsigned test sticks),
# not their XDG folders
: >"$TMP/machine.conf"
export NEWSKIOSK_CONFIG="$TMP/machine.conf"
export XDG_DATA_HOME="$TMP/xdg-data" XDG_CONFIG_HOME="$TMP/xdg-config"
# libraries' own leaks, for the sanitizer build; scripts append to it
cp "$ROOT/tests/lsan.supp" "$TMP/lsan.supp"
export LSAN_OPTIONS="suppressions=$TMP/lsan.supp"

ok() { E2E_PASSED=$((E2E_PASSED + 1)); echo "ok - $*"; }
fail() { E2E_FAILED=$((E2E_FAILED + 1)); echo "not ok - $*"; }
# check NAME CMD...: passes when CMD exits 0
check() { n=$1; shift; if "$@"; then ok "$n"; else fail "$n"; fi; }
finish() { echo "$E2E_PASSED passed, $E2E_FAILED failed"; [ "$E2E_FAILED" = 0 ]; }
