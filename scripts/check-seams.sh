#!/bin/sh
# The pure core includes only libc and its own headers: no SDL, no SQLite,
# no JSON, crypto or QR library. Headers carry no extern variables but const tables.
set -eu
cd "$(dirname "$0")/.."
bad=$(grep -nE '#include *[<"](SDL|sqlite3|cjson|cJSON|sodium|qrencode)' app/core/*.[ch] || true)
if [ -n "$bad" ]; then
    echo "check-seams: app/core must not include SDL, sqlite3, cJSON, libsodium or libqrencode:" >&2
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
bad=$(grep -lE '#include *[<"]qrencode' app/*.[ch] app/*/*.[ch] | grep -v '^app/kiosk.c$' || true)
if [ -n "$bad" ]; then
    echo "check-seams: only app/kiosk.c includes libqrencode (qrencode.h): $bad" >&2; exit 1
fi
bad=$(grep -nE '^extern [^(]*;' app/*.h app/*/*.h | grep -v 'const' || true)
if [ -n "$bad" ]; then
    echo "check-seams: no extern variables in headers:" >&2; echo "$bad" >&2; exit 1
fi
echo "check-seams: ok"
