#!/bin/sh
# The pure core includes only libc and its own headers: no SDL, no SQLite,
# no JSON or crypto library. Headers carry no extern variables but const tables.
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -nE '#include *[<"](SDL|sqlite3|cjson|cJSON|sodium)' app/core/*.[ch] || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/core must not include SDL, sqlite3, cJSON or libsodium:" >&2
    echo "$bad" >&2
    exit 1
fi
bad=$(grep -nE '#include *[<"](SDL|cjson|cJSON|sodium)' app/store/*.[ch] || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/store includes only sqlite3:" >&2; echo "$bad" >&2; exit 1
fi
bad=$(grep -lE '#include *[<"]sqlite3' app/*.[ch] app/*/*.[ch] | grep -v '^app/store/' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/store includes sqlite3.h: $bad" >&2; exit 1
fi
bad=$(grep -lE '#include *[<"]unicode/' app/*.[ch] app/*/*.[ch] | grep -v '^app/text/' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/text includes ICU (unicode/*.h): $bad" >&2; exit 1
fi
bad=$(grep -lE '#include *[<"]fontconfig/' app/*.[ch] app/*/*.[ch] | grep -v '^app/plat/' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/plat includes fontconfig: $bad" >&2; exit 1
fi
bad=$(grep -lE '#include *[<"](libxml/|curl/)' app/*.[ch] app/*/*.[ch] | grep -v '^app/press/' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/press includes libxml2 or libcurl: $bad" >&2; exit 1
fi
bad=$(grep -nE '^extern [^(]*;' app/*.h app/*/*.h | grep -v 'const' || true)
if [ -n "$bad" ]; then
    echo "check-seams: no extern variables in headers:" >&2; echo "$bad" >&2; exit 1
fi
# SDL only in the backends and the parts they share (app/plat), and in press,
# which scales pictures with SDL2_image.
bad=$(grep -lE '#include *[<"]SDL' app/*.[ch] app/*/*.[ch] | grep -vE '^app/(plat|press)/' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/plat (and app/press, for SDL2_image) include SDL: $bad" >&2
    exit 1
fi
# What every backend shares uses no SDL video (no window, renderer, texture
# or event): a framebuffer backend takes it as it is.
shared=$(ls app/plat/*.[ch] | grep -v '^app/plat/plat_' || true)
bad=$(grep -nE 'SDL_(Init|InitSubSystem|CreateWindow|CreateRenderer|CreateTexture[A-Za-z]*|Render[A-Za-z]*|PollEvent|WaitEvent[A-Za-z]*) *\(|SDL_(Window|Renderer|Texture|Event) *\*' \
      $shared || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/plat's shared files (not plat_*) must not use SDL video:" >&2
    echo "$bad" >&2; exit 1
fi
# Backends are plat_<name>.c plus plat_<name>_*.c; nothing outside app/plat
# includes a backend's private header.
bad=$(grep -lE '#include *"[^"]*plat_[a-z0-9]+\.h"' app/*.[ch] app/*/*.[ch] tests/*.c 2>/dev/null |
      grep -v '^app/plat/plat_' || true)
if [ -n "$bad" ]; then
    echo "check-seams: a backend's plat_<name>.h is private to it: $bad" >&2; exit 1
fi
echo "check-seams: ok"
