/* SPDX-License-Identifier: MIT
 *
 * layout.h - text measurement seam, word wrap, and type sizes from screen size.
 *
 * Layout never draws and never loads a font: it asks a Metrics vtable how
 * wide a piece of text is (plat_sdl.c answers with SDL2_ttf and the font
 * fallback chain; tests answer with a fixed-width fake). Lines are spans of
 * the caller's text, so wrapping allocates only the line array.
 * libc only.
 */
#ifndef KIOSK_LAYOUT_H
#define KIOSK_LAYOUT_H

#include <stddef.h>

/* How the backend measures text. 'font' is FONT_MAKE(px, bold) (draw.h). */
typedef struct Metrics {
    void *ctx;
    /* Width in pixels of text[0..len) drawn on one line. */
    int (*text_width)(void *ctx, int font, const char *text, size_t len);
    /* Distance in pixels from one baseline to the next. */
    int (*line_height)(void *ctx, int font);
} Metrics;

/* One wrapped line: bytes [off, off+len) of the source text, without the
 * spaces at which it broke. */
typedef struct LayoutLine {
    size_t off, len;
    int width_px;     /* measured width, the ellipsis included */
    int ellipsis;     /* 1 on a last line that was cut short: draw "…" after it */
} LayoutLine;

typedef struct LayoutLines {
    LayoutLine *v;
    size_t n, cap;
} LayoutLines;

/* Wrap text[0..len) (UTF-8) into lines no wider than width_px, appending
 * them to out (which may already hold lines, e.g. of earlier paragraphs).
 *
 * Lines break where the Unicode line breaking algorithm allows (UAX #14:
 * after spaces, between CJK ideographs but never before closing punctuation
 * such as "。", between Thai, Lao, Khmer and Burmese words found by
 * dictionary; Hangul words stay whole), and always at '\n'. Lines are
 * spans in logical order, measured whole: width_px is the shaped width of
 * the line, never more than width_px unless one grapheme cluster is wider.
 * A word wider than the whole line is broken between grapheme clusters.
 * Spaces at the start and end of a line are not part of it.
 *
 * max_lines > 0 caps the number of lines added by this call: when text is
 * left over, the last line is shortened until it and "…" fit, and gets
 * ellipsis = 1. max_lines <= 0 means no cap.
 *
 * Returns the number of lines added (>= 0), or K_ENOMEM (out keeps the
 * lines it had). Free out->v with layout_lines_free. */
int layout_wrap(const Metrics *m, int font, const char *text, size_t len, int width_px,
                int max_lines, LayoutLines *out);

/* Free the lines (NULL-safe) and zero *ll. */
void layout_lines_free(LayoutLines *ll);

/* Type sizes and spacing, all in pixels, derived from the picture size so
 * that a 480x320 TFT and a 4K screen both look designed. */
typedef struct LayoutScale {
    int unit;          /* base spacing step */
    int margin;        /* outer margin */
    int headline_px;   /* headline on the attract loop */
    int title_px;      /* article title */
    int summary_px;    /* headline summary, article standfirst */
    int body_px;       /* article body */
    int meta_px;       /* source, date, list rows' meta */
    int label_px;      /* category label, buttons */
    int status_px;     /* status line */
    int list_px;       /* all-stories row title */
    int button_h;      /* height of the Back target (large: >= 44 px) */
} LayoutScale;

/* Fill s for a width x height picture; large_text makes text about a
 * quarter bigger. */
void layout_scale(int width, int height, int large_text, LayoutScale *s);

#endif
