#!/bin/sh
# Build the libFuzzer targets with clang and run each for a while.
# usage: scripts/fuzz.sh SECONDS_PER_TARGET
# Each target starts from tests/corpus/<target>/ and grows a working corpus
# in build/fuzz/corpus-<target>/ (copy interesting finds back by hand). A
# crash leaves crash-* in build/fuzz/ and makes this script fail: add that
# input to tests/corpus/ so make test replays it forever.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
    echo "fuzz: clang not found; skipped (apt-get install clang to fuzz)"
    exit 0
fi
out=build/fuzz
mkdir -p "$out"
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iapp $(pkg-config --cflags libcjson libsodium)"
libs="$(pkg-config --libs libcjson libsodium)"
core="app/core/article.c app/core/utf8.c app/core/err.c"
bundle="app/bundle/manifest.c app/bundle/safefs.c app/bundle/sign.c"

# shellcheck disable=SC2086
$CLANG $flags -o $out/fuzz_article tests/fuzz/fuzz_article.c $core $libs
# shellcheck disable=SC2086
$CLANG $flags -o $out/fuzz_manifest tests/fuzz/fuzz_manifest.c $core $bundle $libs
# feeds: libxml2 and cJSON, the HTML step; its corpus is the feed corpus
# shellcheck disable=SC2086
$CLANG $flags $(pkg-config --cflags libxml-2.0) -o $out/fuzz_feed tests/fuzz/fuzz_feed.c \
    app/press/feed.c app/press/jsonfeed.c app/press/html.c $core $libs $(pkg-config --libs libxml-2.0)

status=0
rm -f $out/crash-* $out/leak-* $out/timeout-*
for t in article manifest feed; do
    work=$out/corpus-$t
    mkdir -p "$work"
    if [ "$t" = feed ]; then
        find tests/feeds -maxdepth 1 -type f -size -64k -exec cp {} "$work"/ \;
    else
        cp tests/corpus/$t/* "$work"/
    fi
    [ "$t" = manifest ] && cp tests/corpus/sig/* "$work"/
    echo "fuzz: $t for ${secs}s"
    # -max_len keeps runs fast; the parsers' size limits are tested elsewhere.
    (cd $out && ./fuzz_$t -max_total_time="$secs" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 "corpus-$t" 2>&1) |
        grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
    if ls $out/crash-* $out/leak-* $out/timeout-* >/dev/null 2>&1; then
        echo "fuzz: $t found a failing input: $(ls $out/crash-* $out/leak-* $out/timeout-* 2>/dev/null)"
        status=1
    fi
done
exit $status
