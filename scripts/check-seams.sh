#!/bin/sh
# The seams, checked by reading the sources (the Makefile's per-module
# include paths enforce the same at compile time, mk/poison/):
#   sqlite3    app/store only
#   libsodium  app/bundle/sign.c only
#   cJSON      app/bundle/manifest.c, app/press/jsonfeed.c, app/status.c only
#   SDL        app/plat only (press scales pictures through plat/plat_image.h)
#   ICU        app/text only;  fontconfig app/plat only
#   libxml2, libcurl  app/press only
#   libqrencode  app/kiosk.c only (the diagnostics QR code)
# app/core includes none of them: libc and its own headers. Headers carry
# no extern variables but const tables. Every violation is listed as
# FILE:LINE: the include; the exit status is 1 if there is any.
set -eu
cd "$(dirname "$0")/.."
status=0

# only LIB PATTERN ALLOWED...: every #include matching PATTERN outside the
# ALLOWED files or folders (prefixes) is a violation.
only() {
    lib=$1 pat=$2
    shift 2
    bad=$(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pat)" \
        app/*.[ch] app/*/*.[ch] 2>/dev/null | while IFS= read -r hit; do
            f=${hit%%:*}
            ok=0
            for a in "$@"; do
                case $f in "$a"*) ok=1 ;; esac
            done
            [ "$ok" = 1 ] || echo "$hit"
        done)
    if [ -n "$bad" ]; then
        echo "check-seams: $lib may be included only in $*:" >&2
        echo "$bad" | sed 's/^/  /' >&2
        status=1
    fi
}

only sqlite3 'sqlite3' app/store/
only libsodium 'sodium' app/bundle/sign.c
only cJSON 'cjson/|cJSON' app/bundle/manifest.c app/press/jsonfeed.c app/status.c
only SDL 'SDL2?/|SDL[_.]' app/plat/
only ICU 'unicode/' app/text/
only fontconfig 'fontconfig/' app/plat/
only 'libxml2 and libcurl' 'libxml/|curl/' app/press/
only libqrencode 'qrencode' app/kiosk.c

# the platform knows input (core/input.h), not the screen model: a backend
# that includes ui.h inherits the UI's types
bad=$(grep -nE '#[[:space:]]*include[[:space:]]*"[./]*(core/)?ui(_private)?\.h"' app/plat/*.[ch] 2>/dev/null || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/plat may not include the screen model (ui.h):" >&2
    echo "$bad" | sed 's/^/  /' >&2
    status=1
fi

# The backends behind plat.h are plat_<name>.c and plat_<name>_*.c (the
# Makefile's PLATS: sdl, and fb, the framebuffer, which draws with SDL's
# software renderer on a surface and so may use SDL_Render* and textures
# like plat_sdl does); every other app/plat file (plat.c, the run-time
# dispatch, included) is shared by all of them and
# uses no SDL video (no window, renderer, texture or event), so a
# framebuffer backend takes it as it is. A backend's plat_<name>.h is its
# own: nothing outside its files includes it.
backend='^app/plat/plat_(sdl|fb)(_[a-z0-9_]+)?\.[ch]$'
shared=$(ls app/plat/*.[ch] | grep -vE "$backend" || true)
bad=$(grep -nE 'SDL_(Init|InitSubSystem|CreateWindow|CreateRenderer|CreateTexture[A-Za-z]*|Render[A-Za-z]*|PollEvent|WaitEvent[A-Za-z]*) *\(|SDL_(Window|Renderer|Texture|Event) *\*' \
    $shared || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/plat files shared by every backend must not use SDL video:" >&2
    echo "$bad" | sed 's/^/  /' >&2
    status=1
fi
bad=$(grep -nE '#[[:space:]]*include[[:space:]]*"([^"]*/)?plat_(sdl|fb)(_[a-z0-9_]+)?\.h"' \
    app/*.[ch] app/*/*.[ch] tests/*.c 2>/dev/null | grep -vE '^app/plat/plat_(sdl|fb)' || true)
if [ -n "$bad" ]; then
    echo "check-seams: a backend's private header is included outside it:" >&2
    echo "$bad" | sed 's/^/  /' >&2
    status=1
fi

bad=$(grep -nE '^extern [^(]*;' app/*.h app/*/*.h | grep -v 'const' || true)
if [ -n "$bad" ]; then
    echo "check-seams: no extern variables in headers:" >&2
    echo "$bad" | sed 's/^/  /' >&2
    status=1
fi
[ "$status" = 0 ] && echo "check-seams: ok"
exit "$status"
