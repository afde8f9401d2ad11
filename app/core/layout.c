/* SPDX-License-Identifier: MIT
 *
 * layout.c - word wrap over a Metrics vtable, and type sizes (see layout.h).
 *
 * Start reading layout_wrap(): it walks the text once, token by token (a
 * word, or one CJK character with the punctuation that must stay with it),
 * adding measured token widths until the next one would overflow the line.
 * Measuring tokens rather than whole candidate lines keeps wrapping linear in
 * the text length, which matters for long articles on a slow board.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "utf8.h"

static const char ELLIPSIS[] = "\xe2\x80\xa6"; /* U+2026 */

static int
is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || cp == '\r';
}

/* Characters that must not start a line (kinsoku "no break before"). */
static int
no_break_before(uint32_t cp)
{
    switch (cp) {
    case ',': case '.': case '!': case '?': case ':': case ';': case ')': case ']':
    case '}': case 0x2019: case 0x201D: case 0x2026: case 0x3001: case 0x3002:
    case 0xFF0C: case 0xFF0E: case 0xFF01: case 0xFF1F: case 0xFF1A: case 0xFF1B:
    case 0xFF09: case 0x300D: case 0x300F: case 0x3009: case 0x300B: case 0x3011:
    case 0x30FC:
        return 1;
    }
    return 0;
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

/* Byte length of the token starting at text[pos]: a run of non-space
 * characters up to (not including) a CJK-breakable character, or one
 * CJK-breakable character; either way with the closing punctuation after it. */
static size_t
token_len(const char *text, size_t len, size_t pos)
{
    size_t i = pos;
    uint32_t cp;
    size_t n = utf8_decode(text + i, len - i, &cp);

    i += n;
    if (!utf8_is_cjk_breakable(cp)) {
        while (i < len) {
            n = utf8_decode(text + i, len - i, &cp);
            if (is_space(cp) || cp == '\n' || utf8_is_cjk_breakable(cp))
                break;
            i += n;
        }
    }
    while (i < len) {
        n = utf8_decode(text + i, len - i, &cp);
        if (!no_break_before(cp))
            break;
        i += n;
    }
    return i - pos;
}

/* Shorten the last line of out until it plus "…" fits width_px. */
static void
add_ellipsis(const Metrics *m, int font, const char *text, int width_px, LayoutLine *ln)
{
    int ew = m->text_width(m->ctx, font, ELLIPSIS, sizeof ELLIPSIS - 1);
    size_t end = ln->len;

    for (;;) {
        int w = m->text_width(m->ctx, font, text + ln->off, end);
        if (w + ew <= width_px || end == 0) {
            ln->len = end;
            ln->width_px = w + ew;
            break;
        }
        /* drop one code point, then any spaces it leaves at the end */
        do
            end--;
        while (end > 0 && ((unsigned char)text[ln->off + end] & 0xC0) == 0x80);
        while (end > 0 && text[ln->off + end - 1] == ' ')
            end--;
    }
    ln->ellipsis = 1;
}

int
layout_wrap(const Metrics *m, int font, const char *text, size_t len, int width_px,
            int max_lines, LayoutLines *out)
{
    size_t start_n = out->n;
    size_t pos = 0;
    size_t line_off = 0, line_end = 0;  /* line_end == line_off: empty line */
    int line_w = 0, pending_w = 0;
    int space_w = m->text_width(m->ctx, font, " ", 1);
    int have_line = 0, cut = 0;
    uint32_t cp;

    if (width_px < 1)
        width_px = 1;
#define ADDED() ((int)(out->n - start_n))
#define FULL() (max_lines > 0 && ADDED() >= max_lines)
#define EMIT()                                                                             \
    do {                                                                                   \
        if (FULL()) {                                                                      \
            cut = 1;                                                                       \
            goto done;                                                                     \
        }                                                                                  \
        if (push_line(out, line_off, line_end - line_off, line_w) != K_OK)                 \
            goto nomem;                                                                    \
    } while (0)

    while (pos < len) {
        size_t n = utf8_decode(text + pos, len - pos, &cp);
        if (cp == '\n') {
            if (!have_line)
                line_off = line_end = pos;
            EMIT();
            pos += n;
            have_line = 0;
            line_w = pending_w = 0;
            continue;
        }
        if (is_space(cp)) {
            if (have_line)
                pending_w += space_w;
            pos += n;
            continue;
        }
        size_t tl = token_len(text, len, pos);
        int tw = m->text_width(m->ctx, font, text + pos, tl);
        if (have_line && line_w + pending_w + tw <= width_px) {
            line_w += pending_w + tw;
            line_end = pos + tl;
            pending_w = 0;
            pos += tl;
            continue;
        }
        if (have_line) {
            EMIT();
            have_line = 0;
        }
        if (tw <= width_px) {
            line_off = pos;
            line_end = pos + tl;
            line_w = tw;
            pending_w = 0;
            have_line = 1;
            pos += tl;
            continue;
        }
        /* a token wider than the line: break it between characters, summing
         * character widths so that a hostile 64 KiB "word" stays linear */
        line_off = line_end = pos;
        line_w = 0;
        size_t end = pos + tl;
        while (pos < end) {
            size_t cn = utf8_decode(text + pos, end - pos, &cp);
            int cw = m->text_width(m->ctx, font, text + pos, cn);
            if (line_end > line_off && line_w + cw > width_px) {
                EMIT();
                line_off = line_end = pos;
                line_w = 0;
            }
            line_w += cw;
            line_end = pos + cn;
            pos += cn;
        }
        have_line = 1;
        pending_w = 0;
    }
    if (have_line)
        EMIT();
done:
    if (cut && ADDED() > 0) {
        LayoutLine *ln = &out->v[out->n - 1];
        add_ellipsis(m, font, text, width_px, ln);
    }
    return ADDED();
nomem:
    out->n = start_n;
    return K_ENOMEM;
#undef EMIT
#undef FULL
#undef ADDED
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
