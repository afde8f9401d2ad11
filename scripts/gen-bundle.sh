#!/bin/sh
# Write a deterministic bundle of N generated articles (plain form, every
# third with front matter) to DIR/newskiosk/. Same N, same bytes, every time,
# with any awk (the pseudo-random numbers are our own, not awk's rand()).
#
# usage: scripts/gen-bundle.sh [--short] N DIR
#
# By default each article is of a real news story's length: 3 to 5 KB
# (about 4.1 KB on average) in 5 to 12 paragraphs of varied sentences from a
# vocabulary of a few hundred words, numbers and names, so the full-text
# index sees something like real text. Every other article wraps its lines
# by hand with blank lines between paragraphs, the others put a paragraph on
# a line (the form scrapers write). --short writes the old form instead:
# about 800 bytes, four identical paragraphs.
set -eu
short=0
if [ "${1:-}" = --short ]; then
    short=1
    shift
fi
n=${1:?usage: gen-bundle.sh [--short] N DIR}
dir=${2:?usage: gen-bundle.sh [--short] N DIR}
mkdir -p "$dir/newskiosk/articles"
awk -v n="$n" -v out="$dir/newskiosk/articles" -v short="$short" '
# MINSTD (Park-Miller): exact in a double, the same in mawk, gawk and busybox
function rnd() { seed = (seed * 48271) % 2147483647; return seed / 2147483647 }
function pick(arr, cnt) { return arr[int(rnd() * cnt) + 1] }
# skewed towards the start of the list, as word frequencies are
function zipf(arr, cnt) { r = rnd(); return arr[int(r * r * cnt) + 1] }
function sentence(   s, k, w, m) {
    m = 6 + int(rnd() * 16)
    s = pick(opener, nopen) " " zipf(noun, nnoun)
    for (k = 0; k < m; k++) {
        w = rnd()
        if (w < 0.30) s = s " " zipf(common, ncommon)
        else if (w < 0.55) s = s " " zipf(noun, nnoun)
        else if (w < 0.72) s = s " " zipf(verb, nverb)
        else if (w < 0.84) s = s " " zipf(adj, nadj)
        else if (w < 0.91) s = s " " pick(name, nname)
        else if (w < 0.96) s = s " " int(rnd() * 2000)
        else s = s ","
    }
    gsub(/ ,/, ",", s)
    sub(/,$/, "", s)
    if (rnd() < 0.15)
        s = s ", " pick(name, nname) " said"
    return s "."
}
BEGIN {
    nopen = split("The A Local Officials Residents Yesterday This Their Most Several Many Some Critics Supporters According Under After Before During", opener, " ")
    ncommon = split("the of and to in a for on that with as by at from was is were has have been will said would after more its their about over than into also but not who which when new two three last year week people", common, " ")
    nnoun = split("harbour library school clinic market ferry council weather road bridge hospital station budget plan project river storm farmers teachers nurses police court minister mayor election vote tax rent housing water energy price prices wages union strike festival museum team season match coach players fans village district region province border trade exports imports factory workers company shares bank loan report study survey data results scientists researchers drought flood harvest rain snow heat fire forest park garden street traffic bus train airport flight passengers tourists hotel restaurant shop owners families children students parents university exam court judge lawyer trial case law bill parliament committee debate agreement talks summit leaders government opposition party campaign", noun, " ")
    nverb = split("opens closes expands repairs delays welcomes moves plans announced reported warned agreed rejected approved promised expected reached raised cut increased reduced fell rose began ended continued returned visited met discussed signed launched built completed cancelled postponed confirmed denied", verb, " ")
    nadj = split("local national regional early late annual public private new old small large major minor final first second recent previous higher lower strong weak quiet busy cold warm wet dry long short", adj, " ")
    nname = split("Amara Bianchi Chen Dubois Eriksen Fernandes Garcia Haddad Ivanova Jensen Kowalski Lindqvist Mensah Nakamura Okafor Petrov Quinn Rossi Schmidt Tanaka Usman Varga Weber Xu Yilmaz Zhou Northfield Eastbrook Westhaven Southmere Riverton Hillcrest Lakeside Oakridge Millbrook Stonebridge", name, " ")
    split("harbour library school clinic market ferry council weather road bridge", tnoun, " ")
    split("opens closes expands repairs delays welcomes moves plans", tverb, " ")
    split("Local World Health Weather Transport Culture", cat, " ")
    seed = 20250110
    for (i = 1; i <= n; i++) {
        f = sprintf("%s/%06d.txt", out, i)
        a = tnoun[(i % 10) + 1]; v = tverb[(i % 8) + 1]; c = cat[(i % 6) + 1]
        if (i % 3 == 0) {
            printf "---\nid: gen-%06d\ndate: 2025-01-%02d\ncategory: %s\nsource: Generated Gazette\n---\n", i, (i % 28) + 1, c > f
        }
        printf "The %s %s for story %d\n", a, v, i > f
        if (short) {
            printf "A short summary of story %d about the %s, written for the benchmark.\n", i, a > f
            for (p = 1; p <= 4; p++) {
                printf "Paragraph %d of story %d. The %s %s after a long meeting; residents said the change was expected and welcome, and the work will take several weeks to finish.\n", p, i, a, v > f
            }
        } else {
            printf "Story %d: the %s %s. %s\n", i, a, v, sentence() > f
            # 2,800 to 4,500 bytes of body, then the paragraph that passes it
            want = 2800 + int(rnd() * 1700)
            wrapped = i % 2
            got = 0
            while (got < want) {
                para = sentence()
                m = 1 + int(rnd() * 4)
                for (k = 0; k < m; k++)
                    para = para " " sentence()
                if (wrapped) {
                    printf "\n" > f
                    line = ""
                    nw = split(para, w, " ")
                    for (k = 1; k <= nw; k++) {
                        if (line != "" && length(line) + 1 + length(w[k]) > 72) {
                            print line > f
                            line = w[k]
                        } else
                            line = line == "" ? w[k] : line " " w[k]
                    }
                    if (line != "") print line > f
                } else
                    print para > f
                got += length(para) + 1
            }
        }
        print "Original Source: www.generated.example" > f
        close(f)
    }
}'
