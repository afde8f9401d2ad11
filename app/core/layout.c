/* SPDX-License-Identifier: MIT
 *
 * layout.c - word wrap over a Metrics vtable, and type sizes (see layout.h).
 *
 * Start reading layout_wrap(): the break opportunities of the whole text
 * come from the Unicode line breaking algorithm (unitext.h: UAX #14, with
 * dictionaries for Thai, Lao, Khmer and Burmese), in logical order; each
 * line then takes segments between opportunities while the sum of their
 * widths fits, and the shaped width of the whole line has the last word:
 * a line gives back segments until it truly fits. Summing segments keeps
 * wrapping linear in the text length (long articles on a slow board); the
 * final measure keeps every glyph inside the column in every script.
 * Reordering for display (bidi) happens per line, later, in the backend.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "../text/unitext.h"
#include "err.h"
#include "utf8.h"

static const char ELLIPSIS[] = "\xe2\x80\xa6"; /* U+2026 */

/* Bytes that end a line without being drawn: trimmed from a line's end,
 * skipped at its start. Other spaces (U+00A0, U+3000) are text. */
static int
is_trim(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
push_line(LayoutLines *out, size_t off, size_t len, int width)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        LayoutLine *v = realloc(out->v, cap * sizeof *v);
        if (v == NULL)
            return K_ENOMEM;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = (LayoutLine){off, len, width, 0};
    return K_OK;
}

/* The state of one layout_wrap call. */
typedef struct Wrap {
    const Metrics *m;
    int font, width;
    const char *text;
    size_t len;
    unsigned char *brk;     /* line break opportunities (unitext_line_breaks) */
    unsigned char *cl;      /* grapheme cluster starts, computed when first needed */
} Wrap;

static int
width_of(const Wrap *w, size_t a, size_t b)
{
    return b > a ? w->m->text_width(w->m->ctx, w->font, w->text + a, b - a) : 0;
}

/* End of the drawn part of [a, b): b without the trailing spaces and line
 * ends. */
static size_t
trim_end(const Wrap *w, size_t a, size_t b)
{
    while (b > a && is_trim(w->text[b - 1]))
        b--;
    return b;
}

static int
clusters(Wrap *w)
{
    if (w->cl)
        return K_OK;
    w->cl = malloc(w->len + 1);
    if (w->cl == NULL)
        return K_ENOMEM;
    unitext_clusters(w->text, w->len, w->cl);  /* on failure: code points */
    return K_OK;
}

/* The next cluster start after byte i (<= len). */
static size_t
next_cluster(const Wrap *w, size_t i)
{
    do
        i++;
    while (i < w->len && !w->cl[i]);
    return i;
}

/* The cluster start before byte i (> a), or a. */
static size_t
prev_cluster(const Wrap *w, size_t a, size_t i)
{
    do
        i--;
    while (i > a && !w->cl[i]);
    return i;
}

/* A run [pos, end) with no break opportunity is wider than the line: take
 * as many whole grapheme clusters as fit (at least one) and return where
 * the line ends. Widths of single clusters are summed to find the cut
 * (linear even for a hostile 64 KiB "word"), then the shaped width of the
 * whole piece decides, since shaping joins what single clusters do not. */
static size_t
cut_clusters(Wrap *w, size_t pos, size_t end, int *line_w)
{
    size_t cut = pos, i = pos;
    int est = 0;

    while (i < end) {
        size_t j = next_cluster(w, i);
        if (j > end)
            j = end;
        int cw = width_of(w, i, j);
        if (cut > pos && est + cw > w->width)
            break;
        est += cw;
        cut = j;
        i = j;
    }
    int exact = width_of(w, pos, cut);
    while (exact > w->width) {
        size_t p = prev_cluster(w, pos, cut);
        if (p <= pos)
            break;
        cut = p;
        exact = width_of(w, pos, cut);
    }
    *line_w = exact;
    return cut;
}

/* b less the spaces and the sentence or clause punctuation before it: "…"
 * right after "on." or "on," reads as a stray dot. "?" and "!" stay. */
static size_t
trim_stop(const Wrap *w, size_t a, size_t b)
{
    static const char *const stop[] = {
        ".", ",", ";", ":",
        "\xe3\x80\x82", "\xe3\x80\x81", "\xef\xbc\x8c", /* U+3002 U+3001 U+FF0C */
        "\xd8\x8c", "\xdb\x94",                       /* U+060C U+06D4 */
    };
    for (;;) {  /* "on.," and "on. ." lose both */
        size_t i = 0, n = 0;
        b = trim_end(w, a, b);
        for (; i < sizeof stop / sizeof stop[0]; i++) {
            n = strlen(stop[i]);
            if (b - a >= n && memcmp(w->text + b - n, stop[i], n) == 0)
                break;
        }
        if (i == sizeof stop / sizeof stop[0])
            return b;
        b -= n;
    }
}

/* Shorten line ln until it plus "…" fits, cutting between clusters. */
static void
add_ellipsis(Wrap *w, LayoutLine *ln)
{
    size_t a = ln->off, end = ln->off + ln->len;
    char *buf = malloc(ln->len + sizeof ELLIPSIS);

    ln->ellipsis = 1;
    if (buf == NULL || clusters(w) != K_OK) {
        free(buf);
        return;  /* keep the line as it is, with its "…" (a little over) */
    }
    end = trim_stop(w, a, end);
    for (;;) {
        memcpy(buf, w->text + a, end - a);
        memcpy(buf + (end - a), ELLIPSIS, sizeof ELLIPSIS - 1);
        int width = w->m->text_width(w->m->ctx, w->font, buf, end - a + sizeof ELLIPSIS - 1);
        if (width <= w->width || end == a) {
            ln->len = end - a;
            ln->width_px = width;
            break;
        }
        end = trim_stop(w, a, prev_cluster(w, a, end));
    }
    free(buf);
}

/* Lay out one line starting at pos (not a space): the longest run of
 * whole break-opportunity segments that fits. Sets *drawn_end (the end of
 * the drawn text) and *line_w, and returns where the next line starts. */
static size_t
one_line(Wrap *w, size_t pos, size_t *drawn_end, int *line_w)
{
    int space_w = -1;
    int est = 0;
    size_t seg = pos, fit_end = 0, fit_next = 0;

    for (;;) {
        size_t b = seg + 1;
        while (b < w->len && w->brk[b] == UNITEXT_NO_BREAK)
            b++;
        size_t ce = trim_end(w, seg, b);
        int cand = est + width_of(w, seg, ce);
        if (cand > w->width && fit_next > 0)
            break;
        if (cand > w->width) {
            /* the first segment alone is too wide: cut it between clusters */
            if (clusters(w) != K_OK) {
                *drawn_end = ce;  /* out of memory: an overlong line, not a lost one */
                *line_w = cand;
                return b;
            }
            size_t cut = cut_clusters(w, pos, ce, line_w);
            *drawn_end = cut;
            return cut < ce ? cut : b;
        }
        fit_end = ce;
        fit_next = b;
        if (b >= w->len || w->brk[b] == UNITEXT_HARD)
            break;
        if (space_w < 0)
            space_w = w->m->text_width(w->m->ctx, w->font, " ", 1);
        est = cand + (int)(b - ce) * space_w;
        seg = b;
    }
    /* The sum of segment widths is an estimate (kerning, joining and a
     * space measured in another font differ): the shaped line decides, and
     * the line gives back whole segments until it fits. */
    int exact = width_of(w, pos, fit_end);
    while (exact > w->width) {
        size_t q = fit_next - 1;
        while (q > pos && w->brk[q] == UNITEXT_NO_BREAK)
            q--;
        if (q <= pos)
            break;
        fit_next = q;
        fit_end = trim_end(w, pos, q);
        exact = width_of(w, pos, fit_end);
    }
    *drawn_end = fit_end;
    *line_w = exact;
    return fit_next;
}

int
layout_wrap(const Metrics *m, int font, const char *text, size_t len, int width_px,
            int max_lines, LayoutLines *out)
{
    size_t start_n = out->n;
    size_t pos = 0;
    int cut = 0, rc = K_ENOMEM;
    Wrap w = {m, font, width_px < 1 ? 1 : width_px, text, len, NULL, NULL};

    if (len == 0)
        return 0;
    w.brk = malloc(len + 1);
    if (w.brk == NULL)
        return K_ENOMEM;
    unitext_line_breaks(text, len, NULL, w.brk);  /* on failure: breaks at spaces */
    while (pos < len) {
        while (pos < len && text[pos] != '\n' && is_trim(text[pos]))
            pos++;
        if (pos >= len)
            break;
        if (max_lines > 0 && (int)(out->n - start_n) >= max_lines) {
            cut = 1;
            break;
        }
        if (text[pos] == '\n') {  /* an empty line */
            if (push_line(out, pos, 0, 0) != K_OK)
                goto fail;
            pos++;
            continue;
        }
        size_t drawn_end;
        int lw;
        size_t next = one_line(&w, pos, &drawn_end, &lw);
        if (push_line(out, pos, drawn_end - pos, lw) != K_OK)
            goto fail;
        pos = next > pos ? next : pos + 1;
    }
    if (cut && out->n > start_n)
        add_ellipsis(&w, &out->v[out->n - 1]);
    rc = (int)(out->n - start_n);
fail:
    if (rc < 0)
        out->n = start_n;
    free(w.brk);
    free(w.cl);
    return rc;
}

void
layout_lines_free(LayoutLines *ll)
{
    if (ll == NULL)
        return;
    free(ll->v);
    memset(ll, 0, sizeof *ll);
}

static int
clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Sizes follow the short side of the picture (what limits lines of text),
 * nudged by the long side so a wide screen gets a little more. Floors keep a
 * 480x320 TFT legible; the large-text setting scales everything by 5/4. */
void
layout_scale(int width, int height, int large_text, LayoutScale *s)
{
    int shortside = width < height ? width : height;
    int longside = width < height ? height : width;
    int k = large_text ? 5 : 4; /* quarters */
    int body = (shortside * 42 + longside * 4) / 1000;

    body = clampi(body, 14, 72) * k / 4;
    s->body_px = body;
    s->summary_px = body * 6 / 5;
    s->headline_px = clampi(body * 2, 24, 160);
    if (width < height)  /* portrait: fewer characters a line */
        s->headline_px = s->headline_px * 7 / 8;
    s->title_px = body * 8 / 5;
    s->meta_px = clampi(body * 4 / 5, 12, 60);
    s->label_px = clampi(body * 3 / 4, 11, 56);
    s->status_px = clampi(body * 7 / 10, 11, 48);
    s->list_px = clampi(body * 11 / 10, 14, 80);
    s->unit = clampi(shortside / 60, 4, 40);
    s->margin = clampi(shortside / 18, 12, 120);
    s->button_h = clampi(shortside / 7, 44, 200);
}
