#!/bin/sh
# The seams hold: a library header planted where it does not belong is
# named by scripts/check-seams.sh and stops the build of that object
# (the Makefile's per-module include paths, mk/poison/). Works on a copy
# of the sources in a temporary folder; the tree itself is not touched.
. "$(dirname "$0")/lib.sh"

T=$TMP/tree
mkdir -p "$T"
(cd "$ROOT" && cp -R Makefile config.mk app scripts mk "$T"/)

# the clean copy passes, and builds the objects the plants go into
out=$(sh "$T/scripts/check-seams.sh" 2>&1)
check "check-seams passes on a clean tree" [ "$out" = "check-seams: ok" ]
for o in app/kiosk.o app/importer.o app/core/layout.o app/store/store.o app/press/image.o \
         app/press/feed.o; do
    make -C "$T" --no-print-directory BUILD=b "b/$o" >"$TMP/clean.log" 2>&1
    check "clean tree: $o builds" [ $? = 0 ]
done

# plant FILE INCLUDE: check-seams fails naming FILE, and FILE's object fails to build
plant() {
    f=$1 inc=$2
    cp "$ROOT/$f" "$T/$f"
    printf '\n#include %s\n' "$inc" >>"$T/$f"
    out=$(sh "$T/scripts/check-seams.sh" 2>&1)
    rc=$?
    check "check-seams fails on $inc in $f" [ "$rc" != 0 ]
    check "check-seams names $f for $inc" sh -c 'echo "$1" | grep -qF "$2:"' _ "$out" "$f"
    o=b/${f%.c}.o
    rm -f "$T/$o"
    make -C "$T" --no-print-directory BUILD=b "$o" >"$TMP/build.log" 2>&1
    rc=$?
    check "the build of $o fails on $inc" [ "$rc" != 0 ]
    check "the build error is the include ($inc in $f)" grep -qE "#error|No such file" "$TMP/build.log"
    cp "$ROOT/$f" "$T/$f"
}

plant app/core/layout.c '<sqlite3.h>'
plant app/importer.c '<sodium.h>'
plant app/kiosk.c '<SDL.h>'
plant app/kiosk.c '<SDL2/SDL.h>'
plant app/press/image.c '<SDL_image.h>'
plant app/press/feed.c '<cjson/cJSON.h>'
plant app/store/store.c '<sodium.h>'
plant app/main.c '"sqlite3.h"'

out=$(sh "$T/scripts/check-seams.sh" 2>&1)
check "check-seams passes again once the plants are gone" [ "$out" = "check-seams: ok" ]
finish
