#!/bin/sh
# The kiosk's own words in another language, end to end: the real binary
# with `ui_lang = ar` in its config (headless, SDL dummy driver), run with an
# empty environment as systemd runs it (no LANG: the C locale), shows
# Arabic chrome mirrored: Back at the top right of an article, and a tap
# there goes back. Then the catalogues themselves: every po/<lang>.po is
# complete and current against the sources, and a .po that msgfmt --check
# refuses fails the build.
. "$(dirname "$0")/lib.sh"
IMG="$TOOLS/imgcheck"
DB="$TMP/news.db"
# the environment of a systemd service: nothing but what the kiosk needs
run_kiosk() {  # CONFIG SCRIPT
    env -i PATH=/usr/bin:/bin HOME="$TMP" SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
        NEWSKIOSK_NOW=1736503200 TZ=UTC ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
        "$NK" run --windowed --size 800x480 --config "$1" --db "$DB" --script "$2"
}

printf 'ui_lang = ar\n' >"$TMP/ar.conf"
printf 'ui_lang = en\n' >"$TMP/en.conf"
printf 'ui_lang = xx\n' >"$TMP/xx.conf"
printf 'ui_lang = ../fr\n' >"$TMP/bad.conf"
"$NK" import --config "$TMP/en.conf" --db "$DB" "$ROOT/assets/sample" >"$TMP/import.log" 2>&1
check "sample content imports" test -s "$DB"

for l in ar en; do
    back_x=40
    [ "$l" = ar ] && back_x=760
    cat >"$TMP/$l.script" <<EOS
shot $TMP/$l-headline.bmp
tap 400 240
shot $TMP/$l-article.bmp
tap $back_x 30
shot $TMP/$l-back.bmp
key Escape
EOS
    run_kiosk "$TMP/$l.conf" "$TMP/$l.script" 2>"$TMP/$l.err"
    check "ui_lang = $l: scripted run exits 0" test $? = 0
    check "ui_lang = $l: nothing on stderr" test ! -s "$TMP/$l.err"
    [ -s "$TMP/$l.err" ] && sed 's/^/# /' "$TMP/$l.err"
done

check "Arabic article: Back at the top right" "$IMG" bright "$TMP/ar-article.bmp" 600 0 200 70 20
check "Arabic article: not at the top left" \
    sh -c "! '$IMG' bright '$TMP/ar-article.bmp' 0 0 200 70 20 2>/dev/null"
check "English article: Back at the top left" "$IMG" bright "$TMP/en-article.bmp" 0 0 200 70 20
check "English article: not at the top right" \
    sh -c "! '$IMG' bright '$TMP/en-article.bmp' 600 0 200 70 20 2>/dev/null"
check "Arabic: a tap at the top right goes back" "$IMG" same "$TMP/ar-headline.bmp" "$TMP/ar-back.bmp"
check "English: a tap at the top left goes back" "$IMG" same "$TMP/en-headline.bmp" "$TMP/en-back.bmp"
check "the Arabic chrome differs from the English" \
    "$IMG" differ "$TMP/ar-headline.bmp" "$TMP/en-headline.bmp" 5

# a language without a catalogue: English, with a warning; a bad code stops
printf 'key Escape\n' >"$TMP/quit.script"
run_kiosk "$TMP/xx.conf" "$TMP/quit.script" 2>"$TMP/xx.err"
check "ui_lang = xx runs (English)" test $? = 0
check "ui_lang = xx warns that there is no translation" grep -q "no translation" "$TMP/xx.err"
run_kiosk "$TMP/bad.conf" "$TMP/quit.script" 2>"$TMP/bad.err"
check "ui_lang = ../fr is refused at start with exit 1" test $? = 1
check "the refusal names the file and the line" grep -q "bad.conf.*line 1.*ui_lang" "$TMP/bad.err"

# --- the catalogues ---------------------------------------------------------
if command -v msgfmt >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1 &&
   command -v xgettext >/dev/null 2>&1; then
    make -s -C "$ROOT" pot POT="$TMP/now.pot" >/dev/null 2>&1
    check "po/newskiosk.pot has every marked message of the sources" \
        msgcmp --use-untranslated "$ROOT/po/newskiosk.pot" "$TMP/now.pot"
    check "po/newskiosk.pot has no message the sources lost" \
        msgcmp --use-untranslated "$TMP/now.pot" "$ROOT/po/newskiosk.pot"
    for po in "$ROOT"/po/*.po; do
        l=$(basename "$po" .po)
        stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
        case "$stats" in
            *untranslated*|*fuzzy*) fail "po/$l.po is complete ($stats)" ;;
            *) ok "po/$l.po is complete ($stats)" ;;
        esac
        check "po/$l.po has every message of the .pot" msgcmp "$po" "$ROOT/po/newskiosk.pot"
        check "po/$l.po is built into $BUILD/locale" \
            test -s "$BUILD/locale/$l/LC_MESSAGES/newskiosk.mo"
    done
    # the build rule: msgfmt --check refuses a format that does not match
    mkdir -p "$TMP/mk/po"
    cat >"$TMP/mk/po/xx.po" <<'EOS'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#, c-format
msgid "Bundle: %s"
msgstr "Bündel: %d"
EOS
    check "a .po with a bad format fails the build" sh -c "
        ! make -s -C '$TMP/mk' -f '$ROOT/mk/i18n.mk' B=b BIN=b/newskiosk i18n >'$TMP/mk.log' 2>&1 &&
        grep -q 'format' '$TMP/mk.log'"
    sed -i 's/Bündel: %d/Bündel: %s/' "$TMP/mk/po/xx.po"
    check "the same .po fixed builds" \
        sh -c "make -s -C '$TMP/mk' -f '$ROOT/mk/i18n.mk' B=b BIN=b/newskiosk i18n >/dev/null 2>&1 &&
               test -s '$TMP/mk/b/locale/xx/LC_MESSAGES/newskiosk.mo'"
else
    ok "skipped: the catalogue checks need gettext (msgfmt, msgcmp, xgettext)"
fi
finish
