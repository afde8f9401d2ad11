#!/bin/sh
# Write a deterministic bundle of N generated articles (plain form, some with
# front matter) to DIR/newskiosk/. Same N, same bytes, every time.
# usage: scripts/gen-bundle.sh N DIR
set -eu
n=${1:?usage: gen-bundle.sh N DIR}
dir=${2:?usage: gen-bundle.sh N DIR}
mkdir -p "$dir/newskiosk/articles"
awk -v n="$n" -v out="$dir/newskiosk/articles" 'BEGIN {
    split("harbour library school clinic market ferry council weather road bridge", noun, " ")
    split("opens closes expands repairs delays welcomes moves plans", verb, " ")
    split("Local World Health Weather Transport Culture", cat, " ")
    srand(1)
    for (i = 1; i <= n; i++) {
        f = sprintf("%s/%06d.txt", out, i)
        a = noun[(i % 10) + 1]; v = verb[(i % 8) + 1]; c = cat[(i % 6) + 1]
        if (i % 3 == 0) {
            printf "---\nid: gen-%06d\ndate: 2025-01-%02d\ncategory: %s\nsource: Generated Gazette\n---\n", i, (i % 28) + 1, c > f
        }
        printf "The %s %s for story %d\n", a, v, i > f
        printf "A short summary of story %d about the %s, written for the benchmark.\n", i, a > f
        for (p = 1; p <= 4; p++) {
            printf "Paragraph %d of story %d. The %s %s after a long meeting; residents said the change was expected and welcome, and the work will take several weeks to finish.\n", p, i, a, v > f
        }
        print "Original Source: www.generated.example" > f
        close(f)
    }
}'
