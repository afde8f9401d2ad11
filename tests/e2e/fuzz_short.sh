#!/bin/sh
# A short libFuzzer run of the article and manifest/signature parsers where
# clang is installed (make fuzz runs longer). Skipped, and said so, without.
. "$(dirname "$0")/lib.sh"
if ! command -v clang >/dev/null 2>&1; then
    ok "fuzz skipped: clang is not installed"
    finish
    exit $?
fi
out=$("$ROOT/scripts/fuzz.sh" "${FUZZ_SECONDS:-10}" 2>&1)
rc=$?
echo "$out"
check "fuzzing the article and manifest parsers found no crash" [ "$rc" = 0 ]
finish
