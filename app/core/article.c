/* SPDX-License-Identifier: MIT
 *
 * article.c - parse one article file. Start reading at article_parse().
 *
 * The input is untrusted (a stranger's USB stick): every size is checked
 * before use, nothing is assumed NUL-terminated, and every failure is a
 * return code with the line it is about.
 */
#include "article.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

const char *const article_builtin_junk[] = {
    "Post Comment", "Post a Comment", "Leave a Comment", "Leave a Reply", "Comments",
    "Share this article", "Share this", "Share", "Share on Facebook", "Share on Twitter",
    "Tweet", "Print", "Email", "Read more", "Read More", "Continue reading",
    "Advertisement", "Subscribe", "Subscribe to our newsletter",
    "Sign up for our newsletter", "Related articles", "Related Posts", "You may also like",
    "Click here to subscribe", "Back to top", NULL,
};

typedef struct Line {
    const char *s;   /* trimmed start, inside the repaired text */
    size_t len;      /* trimmed length */
    int no;          /* 1-based line number in the file */
} Line;

void
article_opts_default(ArticleOpts *o)
{
    memset(o, 0, sizeof *o);
    o->max_bytes = ARTICLE_DEFAULT_MAX_BYTES;
    o->max_line_bytes = ARTICLE_DEFAULT_MAX_LINE;
}

void
article_free(Article *a)
{
    if (a == NULL)
        return;
    free(a->id);
    free(a->title);
    free(a->summary);
    free(a->body);
    free(a->source);
    free(a->url);
    free(a->image);
    free(a->lang);
    free(a->dir);
    free(a->category);
    free(a->published);
    free(a->expires);
    memset(a, 0, sizeof *a);
}

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char
lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void
trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

static char *
dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Case-insensitive (ASCII) prefix test; returns the length matched or 0. */
static size_t
has_prefix_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (lower(s[i]) != lower(prefix[i]))
            return 0;
    return n;
}

/* A junk line is a listed phrase, alone or followed only by counters and
 * punctuation ("Post Comment", "Comments (7)"). */
static int
matches_junk(const char *s, size_t len, const char *phrase)
{
    size_t n = has_prefix_ci(s, len, phrase);

    if (n == 0)
        return 0;
    for (size_t i = n; i < len; i++) {
        char c = s[i];
        if (!(is_space(c) || (c >= '0' && c <= '9') || c == '(' || c == ')' || c == ':' ||
              c == '.' || c == '|' || c == '-' || c == '!' || c == '>' || c == '#'))
            return 0;
    }
    return 1;
}

static int
is_junk(const Line *l, const ArticleOpts *o)
{
    if (l->len == 0)
        return 0;
    for (size_t i = 0; article_builtin_junk[i]; i++)
        if (matches_junk(l->s, l->len, article_builtin_junk[i]))
            return 1;
    for (size_t i = 0; i < o->njunk; i++)
        if (o->junk[i] && o->junk[i][0] && matches_junk(l->s, l->len, o->junk[i]))
            return 1;
    return 0;
}

/* "Original Source: x" or "Source: x": returns the length of the label. */
static size_t
source_label(const Line *l)
{
    size_t n = has_prefix_ci(l->s, l->len, "Original Source:");

    if (n == 0)
        n = has_prefix_ci(l->s, l->len, "Source:");
    return n;
}

static int
digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int
article_valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
        !digits(s + 5, 2) || !digits(s + 8, 2))
        return 0;
    y = atoi(s);
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

int
article_valid_id(const char *s)
{
    size_t n;

    if (s == NULL)
        return 0;
    n = strlen(s);
    if (n == 0 || n > ARTICLE_MAX_ID || s[0] == '.' || !utf8_valid(s, n))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x21 || c == 0x7F || c == '/' || c == '\\')
            return 0;
    }
    return 1;
}

static void
warn(const ArticleOpts *o, int line, const char *msg)
{
    if (o->warn)
        o->warn(o->warn_ctx, line, msg);
}

/* Set *field to a copy of v[0..n), replacing what was there. */
static int
set_field(char **field, const char *v, size_t n)
{
    char *p = dupn(v, n);

    if (p == NULL)
        return K_ENOMEM;
    free(*field);
    *field = p;
    return K_OK;
}

/* One "key: value" line of front matter. Unknown keys and bad values are
 * warnings, not errors: the article still shows. */
static int
front_matter_line(Article *a, const Line *l, const ArticleOpts *o)
{
    const char *colon = memchr(l->s, ':', l->len);
    const char *k, *v;
    size_t klen, vlen;
    char key[32], val[ARTICLE_MAX_ID + 1], msg[160];

    if (l->len == 0 || l->s[0] == '#')
        return K_OK;
    if (colon == NULL) {
        warn(o, l->no, "front matter line is not 'key: value', ignored");
        return K_OK;
    }
    k = l->s;
    klen = (size_t)(colon - l->s);
    v = colon + 1;
    vlen = l->len - klen - 1;
    trim(&k, &klen);
    trim(&v, &vlen);
    if (vlen >= 2 && ((v[0] == '"' && v[vlen - 1] == '"') || (v[0] == '\'' && v[vlen - 1] == '\''))) {
        v++;
        vlen -= 2;
    }
    if (klen == 0 || klen >= sizeof key) {
        warn(o, l->no, "front matter key is empty or too long, ignored");
        return K_OK;
    }
    for (size_t i = 0; i < klen; i++)
        key[i] = lower(k[i]);
    key[klen] = '\0';
    snprintf(val, sizeof val, "%.*s", (int)(vlen < sizeof val ? vlen : sizeof val - 1), v);

    if (strcmp(key, "id") == 0) {
        if (vlen > ARTICLE_MAX_ID || !article_valid_id(val)) {
            warn(o, l->no, "id has characters that are not allowed or is too long; "
                           "the file name is used instead");
            return K_OK;
        }
        return set_field(&a->id, v, vlen);
    }
    if (strcmp(key, "date") == 0 || strcmp(key, "expires") == 0) {
        if (!article_valid_date(val)) {
            snprintf(msg, sizeof msg, "%s is not a date like 2025-01-31, ignored", key);
            warn(o, l->no, msg);
            return K_OK;
        }
        return set_field(key[0] == 'd' ? &a->published : &a->expires, v, vlen);
    }
    if (strcmp(key, "pin") == 0) {
        if (strcmp(val, "true") == 0 || strcmp(val, "yes") == 0 || strcmp(val, "1") == 0)
            a->pin = 1;
        else if (strcmp(val, "false") == 0 || strcmp(val, "no") == 0 || strcmp(val, "0") == 0)
            a->pin = 0;
        else
            warn(o, l->no, "pin must be true or false, ignored");
        return K_OK;
    }
    if (strcmp(key, "priority") == 0) {
        if (vlen == 1 && v[0] >= '1' && v[0] <= '9')
            a->priority = v[0] - '0';
        else
            warn(o, l->no, "priority must be a number from 1 to 9, ignored");
        return K_OK;
    }
    if (strcmp(key, "category") == 0)
        return set_field(&a->category, v, vlen);
    if (strcmp(key, "source") == 0)
        return set_field(&a->source, v, vlen);
    if (strcmp(key, "url") == 0)
        return set_field(&a->url, v, vlen);
    if (strcmp(key, "lang") == 0)
        return set_field(&a->lang, v, vlen);
    if (strcmp(key, "dir") == 0) {
        if (strcmp(val, "rtl") == 0 || strcmp(val, "ltr") == 0)
            return set_field(&a->dir, v, vlen);
        if (strcmp(val, "auto") != 0)
            warn(o, l->no, "dir must be rtl, ltr or auto, ignored");
        return K_OK;
    }
    if (strcmp(key, "image") == 0) {
        if (vlen == 0 || v[0] == '/' || strstr(val, "..") != NULL || vlen > 200) {
            warn(o, l->no, "image must be a path inside the bundle like images/x.jpg, ignored");
            return K_OK;
        }
        return set_field(&a->image, v, vlen);
    }
    snprintf(msg, sizeof msg, "unknown front matter key '%s', ignored", key);
    warn(o, l->no, msg);
    return K_OK;
}

/* Join body lines [from, to) into paragraphs separated by "\n\n". */
static char *
build_body(const Line *lines, size_t from, size_t to)
{
    size_t cap = 1, n = 0;
    int blank_inside = 0, seen_text = 0, pending_blank = 0;
    char *out;

    for (size_t i = from; i < to; i++) {
        cap += lines[i].len + 2;
        if (lines[i].len == 0 && seen_text)
            pending_blank = 1;
        else if (lines[i].len > 0) {
            if (pending_blank)
                blank_inside = 1;
            seen_text = 1;
        }
    }
    out = malloc(cap);
    if (out == NULL)
        return NULL;

    /* With blank lines inside, they separate paragraphs and the lines of
     * one paragraph are joined by a space (hand-wrapped text); without,
     * every line is a paragraph (the scraped form). */
    pending_blank = 0;
    for (size_t i = from; i < to; i++) {
        const Line *l = &lines[i];
        if (l->len == 0) {
            pending_blank = 1;
            continue;
        }
        if (n > 0) {
            if (!blank_inside || pending_blank) {
                out[n++] = '\n';
                out[n++] = '\n';
            } else {
                out[n++] = ' ';
            }
        }
        memcpy(out + n, l->s, l->len);
        n += l->len;
        pending_blank = 0;
    }
    out[n] = '\0';
    return out;
}

static int
fill_empty(char **f)
{
    if (*f == NULL && (*f = dupn("", 0)) == NULL)
        return K_ENOMEM;
    return K_OK;
}

int
article_parse(const char *bytes, size_t len, const char *fname, const ArticleOpts *opts,
              Article *out, Err *err)
{
    ArticleOpts defopts;
    Article a;
    Line *lines = NULL;
    char *text = NULL;
    size_t nlines = 0, nbad = 0, i, tlen, first, last, title_i, summary_i;
    int rc = K_ENOMEM;
    char msg[160];

    memset(&a, 0, sizeof a);
    memset(out, 0, sizeof *out);
    if (opts == NULL) {
        article_opts_default(&defopts);
        opts = &defopts;
    }
    a.priority = 5;

    if (len > opts->max_bytes) {
        rc = err_setf(err, K_ELIMIT, fname, 0,
                      "file is %zu bytes, over the limit of %zu; article skipped", len,
                      opts->max_bytes);
        goto fail;
    }
    {
        const char *nul = memchr(bytes, '\0', len);
        if (nul != NULL) {
            int no = 1;
            for (const char *p = bytes; p < nul; p++)
                no += (*p == '\n');
            rc = err_setf(err, K_ELIMIT, fname, no, "binary data (a NUL byte), article skipped");
            goto fail;
        }
    }

    /* Skip a BOM, then repair invalid UTF-8 (warning once, at its first line). */
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    text = utf8_repair(bytes, len, &nbad);
    if (text == NULL)
        goto fail;
    tlen = strlen(text);
    if (nbad > 0) {
        /* Mostly-invalid text is binary junk, not a mis-encoded article. */
        if (nbad > 16 && nbad * 8 > len) {
            rc = err_setf(err, K_ELIMIT, fname, 0,
                          "not UTF-8 text (%zu invalid bytes), article skipped", nbad);
            goto fail;
        }
        size_t off = 0;
        int no = 1;
        while (off < len) {
            uint32_t cp;
            size_t n = utf8_decode(bytes + off, len - off, &cp);
            if (cp == UTF8_REPLACEMENT && !(n == 3 && utf8_valid(bytes + off, 3)))
                break;
            no += (bytes[off] == '\n');
            off += n;
        }
        snprintf(msg, sizeof msg, "invalid UTF-8 replaced by U+FFFD (%zu place%s)", nbad,
                 nbad == 1 ? "" : "s");
        warn(opts, no, msg);
    }

    /* Split into lines: LF or CRLF; a last line without a newline counts. */
    {
        size_t cap = 1;
        for (i = 0; i < tlen; i++)
            cap += (text[i] == '\n');
        lines = calloc(cap, sizeof *lines);
        if (lines == NULL)
            goto fail;
        const char *p = text, *end = text + tlen;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t raw = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (raw > opts->max_line_bytes) {
                rc = err_setf(err, K_ELIMIT, fname, (int)nlines + 1,
                              "line is %zu bytes, over the limit of %zu; article skipped", raw,
                              opts->max_line_bytes);
                goto fail;
            }
            lines[nlines].s = p;
            lines[nlines].len = raw;
            lines[nlines].no = (int)nlines + 1;
            trim(&lines[nlines].s, &lines[nlines].len);
            nlines++;
            p = nl ? nl + 1 : end;
        }
    }

    /* Front matter: "---" on the first line up to the next "---". */
    first = 0;
    if (nlines > 0 && lines[0].len == 3 && memcmp(lines[0].s, "---", 3) == 0) {
        for (i = 1; i < nlines; i++)
            if (lines[i].len == 3 && memcmp(lines[i].s, "---", 3) == 0)
                break;
        if (i == nlines) {
            rc = err_setf(err, K_EPARSE, fname, 1,
                          "front matter is not closed by a '---' line; article skipped");
            goto fail;
        }
        for (size_t k = 1; k < i; k++)
            if ((rc = front_matter_line(&a, &lines[k], opts)) != K_OK)
                goto fail;
        first = i + 1;
    }

    for (title_i = first; title_i < nlines && lines[title_i].len == 0; title_i++)
        ;
    if (title_i == nlines) {
        rc = err_setf(err, K_EPARSE, fname, (int)first + 1,
                      "title is empty, article skipped");
        goto fail;
    }

    /* Trailing junk, then a source line, then junk again ("Source: x" is
     * often followed by "Post Comment"). */
    last = nlines;
    for (int pass = 0; pass < 2; pass++) {
        while (last > title_i + 1 && (lines[last - 1].len == 0 || is_junk(&lines[last - 1], opts)))
            last--;
        if (pass == 0 && last > title_i + 1) {
            size_t lab = source_label(&lines[last - 1]);
            if (lab > 0) {
                const char *v = lines[last - 1].s + lab;
                size_t vlen = lines[last - 1].len - lab;
                trim(&v, &vlen);
                if (a.source == NULL && vlen > 0 && (rc = set_field(&a.source, v, vlen)) != K_OK)
                    goto fail;
                last--;
            }
        }
    }

    rc = K_ENOMEM;
    if ((a.title = dupn(lines[title_i].s, lines[title_i].len)) == NULL)
        goto fail;
    for (summary_i = title_i + 1; summary_i < last && lines[summary_i].len == 0; summary_i++)
        ;
    if (summary_i < last) {
        if ((a.summary = dupn(lines[summary_i].s, lines[summary_i].len)) == NULL)
            goto fail;
        if ((a.body = build_body(lines, summary_i + 1, last)) == NULL)
            goto fail;
    }

    if (a.id == NULL) {
        size_t n = strlen(fname);
        if (n > 4 && strcmp(fname + n - 4, ".txt") == 0)
            n -= 4;
        if ((a.id = dupn(fname, n)) == NULL)
            goto fail;
        if (!article_valid_id(a.id)) {
            rc = err_setf(err, K_EPARSE, fname, 0,
                          "the file name is not usable as an id and there is no 'id:' line; "
                          "article skipped");
            goto fail;
        }
    }
    if (fill_empty(&a.summary) || fill_empty(&a.body) || fill_empty(&a.source) ||
        fill_empty(&a.url) || fill_empty(&a.image) || fill_empty(&a.lang) || fill_empty(&a.dir) ||
        fill_empty(&a.category) || fill_empty(&a.published) || fill_empty(&a.expires))
        goto fail;

    *out = a;
    memset(&a, 0, sizeof a);
    rc = K_OK;
fail:
    if (rc == K_ENOMEM)
        err_setf(err, K_ENOMEM, fname, 0, "out of memory");
    article_free(&a);
    free(lines);
    free(text);
    return rc;
}
