/* SPDX-License-Identifier: MIT
 *
 * article.h - one article file (bytes) -> Article. Untrusted input.
 *
 * The plain form: title line, summary line, one paragraph per further line
 * (or blank-line separated paragraphs when the body has blank lines), an
 * optional trailing "Original Source:"/"Source:" line and scraper junk lines,
 * all optionally preceded by a "---" front-matter block. See SPEC.md.
 * libc only: no SDL, no SQLite.
 */
#ifndef KIOSK_ARTICLE_H
#define KIOSK_ARTICLE_H

#include <stddef.h>

#include "err.h"

/* Every string is NUL-terminated, valid UTF-8 and owned by the Article;
 * absent optional fields are "" (never NULL after a successful parse). */
typedef struct Article {
    char *id;        /* front-matter id, else the file name without .txt */
    char *title;
    char *summary;
    char *body;      /* paragraphs separated by "\n\n", no trailing newline */
    char *source;
    char *url;
    char *image;     /* bundle-relative path, e.g. "images/x.jpg" */
    char *lang;      /* BCP 47 language of the text, e.g. "ar", or "" */
    char *dir;       /* "rtl" or "ltr" from a `dir:` line; "" = from lang or the text */
    char *category;
    char *published; /* YYYY-MM-DD or "" */
    char *expires;   /* YYYY-MM-DD or "" */
    int pin;         /* 1 = always first in the loop */
    int priority;    /* 1 (first) .. 9; 5 when not given */
} Article;

/* Called for each warning: 'line' is 1-based (0 = whole file). */
typedef void (*ArticleWarnFn)(void *ctx, int line, const char *msg);

typedef struct ArticleOpts {
    size_t max_bytes;          /* larger input: article skipped (K_ELIMIT) */
    size_t max_line_bytes;     /* a longer line: article skipped (K_ELIMIT) */
    const char *const *junk;   /* extra junk lines (case-insensitive, whole line) */
    size_t njunk;
    ArticleWarnFn warn;        /* may be NULL */
    void *warn_ctx;
} ArticleOpts;

#define ARTICLE_DEFAULT_MAX_BYTES (1024u * 1024u)
#define ARTICLE_DEFAULT_MAX_LINE (64u * 1024u)
#define ARTICLE_MAX_ID 128

/* Fill opts with the defaults above and no extra junk. */
void article_opts_default(ArticleOpts *opts);

/* Parse 'len' bytes of one article file. 'fname' is the file's base name
 * (e.g. "0007.txt") and gives the default id. On success returns K_OK and
 * fills *out (free it with article_free). On failure returns K_EPARSE (no
 * title, bad front matter), K_ELIMIT (too big, line too long, binary) or
 * K_ENOMEM, fills err (with the line where it helps) and leaves *out zeroed.
 * Invalid UTF-8 is replaced by U+FFFD with one warning. */
int article_parse(const char *bytes, size_t len, const char *fname,
                  const ArticleOpts *opts, Article *out, Err *err);

/* Free the strings of a (NULL-safe, partially filled or zeroed) Article and
 * zero it. */
void article_free(Article *a);

/* The built-in junk-line list, NULL-terminated. */
extern const char *const article_builtin_junk[];

/* 1 if s is a well-formed calendar date "YYYY-MM-DD". */
int article_valid_date(const char *s);

/* 1 if s is usable as an article id: 1..ARTICLE_MAX_ID bytes of
 * [A-Za-z0-9._-], not starting with '.'. */
int article_valid_id(const char *s);

#endif
