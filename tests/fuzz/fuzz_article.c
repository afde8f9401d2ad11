/* SPDX-License-Identifier: MIT
 * fuzz_article.c - libFuzzer target: any bytes through the article parser.
 * Invariants: never crashes, and a parsed article's strings are valid
 * UTF-8 with a non-empty title. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/article.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
ignore(void *ctx, int line, const char *msg)
{
    (void)ctx;
    (void)line;
    (void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const junk[] = {"Read the full story"};
    ArticleOpts o;
    Article a;
    Err e;

    article_opts_default(&o);
    o.max_line_bytes = 4096;
    o.junk = junk;
    o.njunk = 1;
    o.warn = ignore;
    if (article_parse((const char *)data, size, "fuzz.txt", &o, &a, &e) == K_OK) {
        if (a.title[0] == '\0' || !utf8_valid(a.title, strlen(a.title)) ||
            !utf8_valid(a.body, strlen(a.body)) || !utf8_valid(a.summary, strlen(a.summary)))
            abort();
        article_free(&a);
    }
    return 0;
}
