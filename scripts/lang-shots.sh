#!/bin/sh
# Pictures of the kiosk in every language of the test corpus, for the docs:
# docs/screens/lang-LANG.png, each story's headline screen and its article
# side by side at 800x480 (SDL's dummy driver: the same pixels every run).
#
# usage: scripts/lang-shots.sh [NEWSKIOSK_BINARY]   (default: ./newskiosk; `make` first)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
NK=${1:-$ROOT/newskiosk}
OUT="$ROOT/docs/screens"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nk-shots.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
command -v convert >/dev/null 2>&1 || { echo "lang-shots: needs imagemagick" >&2; exit 1; }
: >"$TMP/empty.conf"
"$NK" import --config "$TMP/empty.conf" --db "$TMP/l.db" "$ROOT/tests/langs" >/dev/null
i=0
for f in "$ROOT"/tests/langs/newskiosk/articles/*.txt; do
    lang=$(sed -n 's/^lang: *//p' "$f" | head -n 1)
    {
        echo "wait 1"
        n=0
        while [ "$n" -lt "$i" ]; do echo "key Right"; n=$((n + 1)); done
        echo "wait 1"
        echo "shot $TMP/h-$lang.bmp"
        echo "key Return"
        echo "wait 1"
        echo "shot $TMP/a-$lang.bmp"
        echo "quit"
    } >"$TMP/s-$lang.txt"
    SDL_VIDEODRIVER=dummy NEWSKIOSK_NOW=$(date +%s) TZ=UTC "$NK" run --config "$TMP/empty.conf" \
        --db "$TMP/l.db" --size 800x480 --windowed --script "$TMP/s-$lang.txt"
    convert "$TMP/h-$lang.bmp" "$TMP/a-$lang.bmp" +append -colors 64 "PNG8:$OUT/lang-$lang.png"
    echo "docs/screens/lang-$lang.png"
    i=$((i + 1))
done
