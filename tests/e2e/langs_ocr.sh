#!/bin/sh
# Every reader's script, read back by OCR. The bundle in tests/langs holds one
# short local-news story per language (22: Latin incl. Vietnamese, Cyrillic,
# Greek, Armenian, Georgian, Hangul, Chinese, Japanese, Arabic, Persian, Urdu,
# Pashto, Hebrew, Devanagari, Bengali, Tamil, Thai, Burmese, Ethiopic). For
# each story and each of 800x480 and 480x320 the kiosk opens it, pages down
# to its end taking shots, and the shots are stitched into one picture.
# pango-view renders the same text (the body's pixel size, the reading
# column's width, black on white) as a reference. tesseract reads both with
# the language's own model, each at 1x and 2x (page segmentation 4: one
# column of mixed sizes), and tests/langs/ocr.py scores the better reading
# against the source text: distinct words found, or for zh/ja/th/my letters
# found as a multiset. A language passes at a size when the kiosk scores at
# least 0.9 of the reference: about as legible as a good text engine with the
# same fonts.
#
# LANGS_OCR_KEEP=DIR keeps the pictures and OCR text there
# (kiosk|ref-LANG-SIZE-1x|2x.png and .txt); LANGS_OCR_ONLY="ar he" runs only
# those languages.
. "$(dirname "$0")/lib.sh"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
export NEWSKIOSK_NOW=1736503200 TZ=UTC LC_ALL=C.UTF-8
# nothing of the user's: no /etc/newskiosk.conf (an empty --config), no XDG
# folders, no ~/.fonts or fontconfig settings of theirs
export HOME="$TMP/home" XDG_DATA_HOME="$TMP/home/data" XDG_CONFIG_HOME="$TMP/home/config"
export XDG_CACHE_HOME="$TMP/home/cache"
mkdir -p "$HOME"
unset NEWSKIOSK_FONT_DIR NEWSKIOSK_TRACE NEWSKIOSK_IMPORT_SHOTS NEWSKIOSK_LOCALEDIR LANGUAGE
export OMP_THREAD_LIMIT=1   # tesseract: one thread a job, two jobs at a time
PY="$ROOT/tests/langs/ocr.py"
ARTS="$ROOT/tests/langs/newskiosk/articles"
OUT="$TMP/out"
mkdir -p "$OUT"

missing=
for t in tesseract pango-view; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
    ok "skipped: missing$missing (make deps-test installs it)"
    finish
    exit
fi
for t in convert python3; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
    fail "missing$missing (make deps-test installs ImageMagick; python3 is needed too)"
    finish
    exit
fi

CONF="$TMP/kiosk.conf"
# no burn-in drift: the pages of a story are stitched by their rows, and a
# picture that moved a few pixels between two shots would not match
printf 'drift_px = 0\n' >"$CONF"
"$NK" import --db "$TMP/l.db" --config "$CONF" "$ROOT/tests/langs" >"$TMP/import.log" 2>&1
check "the language bundle imports" test $? = 0
n=$(set -- "$ARTS"/*.txt; echo $#)
check "all $n stories stored" test "$("$NK" list --db "$TMP/l.db" | wc -l)" = "$n"

# The kiosk's body text size and reading column at WxH (layout_scale in
# app/core/layout.c, reading_column in app/core/ui.c): what the reference
# copies.
short() { w=${1%x*} h=${1#*x}; if [ "$w" -lt "$h" ]; then echo "$w"; else echo "$h"; fi; }
long() { w=${1%x*} h=${1#*x}; if [ "$w" -lt "$h" ]; then echo "$h"; else echo "$w"; fi; }
body_px() {
    b=$((($(short "$1") * 42 + $(long "$1") * 4) / 1000))
    [ $b -lt 14 ] && b=14
    echo $b
}
column_px() {
    s=$(short "$1") b=$(body_px "$1") w=${1%x*}
    m=$((s / 18)); [ $m -lt 12 ] && m=12
    u=$((s / 60)); [ $u -lt 4 ] && u=4
    a=$((w - 2 * m - 2 * u)); [ $a -gt $((b * 34)) ] && a=$((b * 34))
    echo "$a"
}

tesseract --list-langs >"$TMP/models" 2>/dev/null
PAGES=8   # Page Down presses at most; the stitcher stops at the story's end
SIZES="800x480 480x320"
jobs="$TMP/jobs"
: >"$jobs"
i=0   # the story's place in file-name order: Right presses after Enter
for art in "$ARTS"/*.txt; do
    # shellcheck disable=SC2046
    set -- $(python3 "$PY" meta "$art")
    lang=$1 model=$2
    if [ -n "${LANGS_OCR_ONLY:-}" ]; then
        case " $LANGS_OCR_ONLY " in *" $lang "*) ;; *) i=$((i + 1)); continue ;; esac
    fi
    for m in $(echo "$model" | tr + ' '); do
        grep -qx "$m" "$TMP/models" ||
            fail "$lang: tesseract has no '$m' model (make deps-test installs it)"
    done
    python3 "$PY" text "$art" >"$OUT/$lang.ref.txt"
    case $lang in zh) plang=zh-CN ;; *) plang=$lang ;; esac
    for size in $SIZES; do
        d="$TMP/$lang-$size"
        mkdir -p "$d"
        # Enter opens the first story; Right in an article opens the next.
        {
            echo "key Return"
            k=0; while [ $k -lt $i ]; do echo "key Right"; k=$((k + 1)); done
            echo "wait 1"
            echo "shot $d/p0.bmp"
            k=1; while [ $k -le $PAGES ]; do
                echo "key PageDown"; echo "wait 1"; echo "shot $d/p$k.bmp"; k=$((k + 1))
            done
            echo "quit"
        } >"$d/script"
        "$NK" run --config "$CONF" --db "$TMP/l.db" --size "$size" --script "$d/script" 2>"$d/err"
        rc=$?
        shots=
        k=0; while [ $k -le $PAGES ]; do shots="$shots $d/p$k.bmp"; k=$((k + 1)); done
        # shellcheck disable=SC2086
        if [ $rc != 0 ] || ! screens=$(python3 "$PY" stitch "$d/kiosk.ppm" $shots 2>>"$d/err"); then
            fail "$lang $size: the kiosk runs and shows the story (exit $rc: $(head -c 300 "$d/err"))"
            continue
        fi
        echo "$screens" >"$d/screens"
        [ "$screens" -gt $PAGES ] && echo "# $lang $size: not at the story's end after $PAGES pages"
        # grey, turned to dark on light when the theme is dark; 1x and 2x
        neg=
        [ "$(convert "$d/kiosk.ppm" -colorspace Gray -format '%[fx:mean<0.5]' info:)" = 1 ] && neg=-negate
        convert "$d/kiosk.ppm" -colorspace Gray $neg "$OUT/kiosk-$lang-$size-1x.png"
        convert "$OUT/kiosk-$lang-$size-1x.png" -resize 200% "$OUT/kiosk-$lang-$size-2x.png"
        pango-view -q --pixels --font="sans-serif $(body_px "$size")" --language="$plang" \
            --width="$(column_px "$size")" --margin=20 --background=white --foreground=black \
            -o "$d/ref.png" "$OUT/$lang.ref.txt" 2>>"$d/err"
        convert "$d/ref.png" -colorspace Gray "$OUT/ref-$lang-$size-1x.png"
        convert "$OUT/ref-$lang-$size-1x.png" -resize 200% "$OUT/ref-$lang-$size-2x.png"
        for who in kiosk ref; do
            for x in 2x 1x; do echo "$OUT/$who-$lang-$size-$x $model" >>"$jobs"; done
        done
    done
    i=$((i + 1))
done

# OCR, two jobs at a time; an OCR that fails reads as nothing.
# shellcheck disable=SC2016
xargs -P 2 -L 1 sh -c 'tesseract "$0.png" "$0" -l "$1" --psm 4 >/dev/null 2>&1 || : >"$0.txt"' <"$jobs"

pct() { awk -v x="$1" 'BEGIN { printf "%.1f%%", x * 100 }'; }
echo "# lang size     kiosk    ref  ratio screens"
for art in "$ARTS"/*.txt; do
    # shellcheck disable=SC2046
    set -- $(python3 "$PY" meta "$art")
    lang=$1
    for size in $SIZES; do
        b="$OUT/kiosk-$lang-$size"
        [ -f "$b-1x.png" ] || continue
        # shellcheck disable=SC2046
        set -- $(python3 "$PY" score "$art" "$b-1x.txt" "$b-2x.txt")
        ks=$1 kf=$2 kt=$3
        # shellcheck disable=SC2046
        set -- $(python3 "$PY" score "$art" "$OUT/ref-$lang-$size-1x.txt" "$OUT/ref-$lang-$size-2x.txt")
        rs=$1 rf=$2
        r=$(awk -v k="$ks" -v r="$rs" 'BEGIN { printf "%.2f", (r > 0 ? k / r : 0) }')
        printf '# %-4s %-8s %6s %6s %5s %s\n' "$lang" "$size" "$(pct "$ks")" "$(pct "$rs")" "$r" \
            "$(cat "$TMP/$lang-$size/screens")"
        if awk -v k="$ks" -v r="$rs" 'BEGIN { exit !(r > 0 && k >= 0.9 * r) }'; then
            ok "$lang $size: the kiosk reads back as well as the reference ($kf vs $rf of $kt, ratio $r)"
        else
            fail "$lang $size: the kiosk reads back worse than the reference ($kf vs $rf of $kt, ratio $r)"
        fi
    done
done

if [ -n "${LANGS_OCR_KEEP:-}" ]; then
    mkdir -p "$LANGS_OCR_KEEP" && cp "$OUT"/* "$LANGS_OCR_KEEP"/
fi
finish
