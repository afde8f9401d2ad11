#!/bin/sh
# The arm64 build for a Raspberry Pi, built with Debian's cross compiler and
# its unit tests and a scripted kiosk run under qemu-user: `make cross-test
# ARCH=arm64`. Runs in CI (CI=true) or with NEWSKIOSK_CROSS=1; a desktop
# `make test` skips it, since it adds the arm64 architecture to apt and
# installs about 200 MB of packages the first time (about 1.5 min).
. "$(dirname "$0")/lib.sh"
if [ "${CI:-}" != true ] && [ "${NEWSKIOSK_CROSS:-}" != 1 ]; then
    ok "cross arm64 skipped: set NEWSKIOSK_CROSS=1 (CI sets CI=true) to build and test it"
    finish
    exit $?
fi
cd "$ROOT" || exit 1
if ! scripts/cross-deps.sh arm64 >"$TMP/deps.log" 2>&1; then
    tail -5 "$TMP/deps.log"
    # No cross packages to be had (a mirror without arm64): nothing to test.
    ok "cross arm64 skipped: its Debian packages could not be installed here"
    finish
    exit $?
fi
# A plain build: not the sanitizer settings of the make test that runs us
# (qemu has no target libasan), so none of its variables are passed down.
out=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u WERROR -u OPT -u BUILD \
    make --no-print-directory cross-test ARCH=arm64 2>&1)
rc=$?
echo "$out" | tail -25 | sed "s/^/  | /"   # its own summary is not ours
check "make cross-test ARCH=arm64 passes under qemu-user" [ "$rc" = 0 ]
finish
