/* SPDX-License-Identifier: MIT
 *
 * doc.c - the Doc: draw ops laid out once in document coordinates, with
 * their strings in the Doc's arena, copied into each frame by frame_doc.
 * Laying out once and copying after is what keeps an animation frame cheap
 * on a slow board: no text is measured while scrolling or sliding.
 *
 * Start reading at doc_lines: the one place a wrapped paragraph becomes
 * text ops (headline cards, the article's title and body, the list, the
 * empty screen and diagnostics all go through it). The right-to-left
 * helpers (doc_mirror, doc_dir, doc_story_rtl) are here too: the chrome is
 * laid out left to right and mirrored whole for a right-to-left UI; a
 * story's own text keeps the direction of its language.
 */
#include <stdlib.h>
#include <string.h>

#include "../text/unitext.h"
#include "ui_private.h"

/* Free d's ops and strings and zero it (d stays usable). */
void
doc_clear(Doc *d)
{
    free(d->ops);
    arena_free(&d->strs);
    memset(d, 0, sizeof *d);
}

DocSlot *
doc_slot(DocSlot *slots, size_t n, uint64_t *clock, const void *owner, size_t index, int *fresh)
{
    DocSlot *best = &slots[0];

    *fresh = 0;
    for (size_t i = 0; i < n; i++) {
        if (slots[i].owner == owner && slots[i].index == index) {
            slots[i].used = ++*clock;
            return &slots[i];
        }
        if (slots[i].used < best->used)
            best = &slots[i];
    }
    doc_clear(&best->doc);
    best->owner = owner;
    best->index = index;
    best->used = ++*clock;
    *fresh = 1;
    return best;
}

void
doc_slot_drop(DocSlot *slots, size_t n, const void *owner)
{
    for (size_t i = 0; i < n; i++)
        if (owner == NULL || slots[i].owner == owner) {
            doc_clear(&slots[i].doc);
            slots[i].owner = NULL;
            slots[i].used = 0;
        }
}

/* Append a zeroed op of 'kind' (the ops grow by doubling). NULL, with
 * d->oom = 1, when out of memory. */
DrawOp *
doc_push(Doc *d, int kind)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        DrawOp *v = realloc(d->ops, cap * sizeof *v);
        if (v == NULL) {
            d->oom = 1;
            return NULL;
        }
        d->ops = v;
        d->cap = cap;
    }
    DrawOp *op = &d->ops[d->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void
doc_fill(Doc *d, int x, int y, int w, int h, Color c)
{
    DrawOp *op = doc_push(d, DRAW_FILL);
    if (op) {
        op->rect = (Rect){x, y, w, h};
        op->color = c;
    }
}

/* --- right-to-left chrome --------------------------------------------- */

/* Mirror ops[from..n) left-right within [x0, x1): a box at x of width w
 * moves to x0 + x1 - x - w. Turning clipping off (w == 0) stays as it is.
 * The chrome is laid out left to right and mirrored with this, so both
 * directions share one layout; text keeps the direction set when it was
 * laid out (doc_dir). */
void
doc_mirror(DrawOp *ops, size_t from, size_t n, int x0, int x1)
{
    for (size_t i = from; i < n; i++) {
        DrawOp *op = &ops[i];
        if (op->kind == DRAW_CLIP && op->rect.w == 0)
            continue;
        op->rect.x = x0 + x1 - op->rect.x - op->rect.w;
    }
}

/* The lines ops[from..n) of chrome paragraph s[0..len) read right to left
 * when s starts with a right-to-left letter (a category or source name in
 * Arabic, in any UI), or when the UI is right-to-left and s does not start
 * with a left-to-right letter: a translated label, a number. (An English
 * file name or reason from the importer stays left to right.) The whole
 * paragraph decides, not each wrapped line (UAX #9 P2-P3). */
void
doc_dir(const UiConfig *cfg, DrawOp *ops, size_t from, size_t n, const char *s, size_t len)
{
    int fs = unitext_first_strong(s, len);
    int rtl = fs == 1 || (cfg->rtl_ui && fs != 0);

    for (size_t i = from; i < n; i++)
        if (ops[i].kind == DRAW_TEXT)
            ops[i].rtl = rtl;
}

/* The base direction of a paragraph of a story (UAX #9 P2-P3, with the
 * story's say first): its `dir:` line, else its language when that is
 * written right to left, else the first strong character. 1 = RTL. */
int
doc_story_rtl(const char *lang, const char *dir, const char *s, size_t n)
{
    if (dir && strcmp(dir, "rtl") == 0)
        return 1;
    if (dir && strcmp(dir, "ltr") == 0)
        return 0;
    if (unitext_lang_rtl(lang))
        return 1;
    return unitext_first_strong(s, n) == 1;
}

/* The one text-op emitter (see ui_private.h): wrap s[0..len) into d, each
 * line an op pointing into s. An allocation failure sets d->oom and keeps
 * the lines added so far. */
int
doc_lines(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
          size_t len, int max_lines, int pitch, int *nlines, int rtl)
{
    LayoutLines ll = {0};
    int n = layout_wrap(&ui->m, font, s, len, width, max_lines, &ll);

    if (rtl < 0)
        rtl = unitext_first_strong(s, len) == 1;
    if (n < 0) {
        d->oom = 1;
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        const LayoutLine *ln = &ll.v[i];
        DrawOp *op = doc_push(d, DRAW_TEXT);
        if (op == NULL)
            break;
        op->rect = (Rect){rtl ? x + width - ln->width_px : x, y + i * pitch, ln->width_px,
                          lineh(ui, font)};
        op->color = c;
        op->font = font;
        op->text = s + ln->off;
        op->len = ln->len;
        op->ellipsis = ln->ellipsis;
        op->rtl = rtl;
    }
    layout_lines_free(&ll);
    if (nlines)
        *nlines = n;
    return y + n * pitch;
}

/* doc_lines of the NUL-terminated s. */
int
doc_wrap_dir(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
             int max_lines, int pitch, int *nlines, int rtl)
{
    return doc_lines(ui, d, font, c, x, y, width, s, strlen(s), max_lines, pitch, nlines, rtl);
}

/* doc_wrap_dir with the direction of s's first strong character. */
int
doc_wrap(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
         int max_lines, int pitch, int *nlines)
{
    return doc_wrap_dir(ui, d, font, c, x, y, width, s, max_lines, pitch, nlines, -1);
}

/* Chrome text (the kiosk's own words, laid out left to right and mirrored
 * as a whole for a right-to-left UI by doc_mirror; doc_dir then sets each
 * line's direction): set from the start of the column, never flush right
 * on its own, or the mirror would send it back to the left. */
int
doc_chrome(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
           int max_lines, int pitch, int *nlines)
{
    return doc_wrap_dir(ui, d, font, c, x, y, width, s, max_lines, pitch, nlines, 0);
}

/* Lines s would wrap to (capped at cap) without drawing. */
int
doc_count_lines(Ui *ui, int font, const char *s, int width, int cap)
{
    LayoutLines ll = {0};
    int n = layout_wrap(&ui->m, font, s, strlen(s), width, cap, &ll);
    layout_lines_free(&ll);
    return n < 0 ? 0 : n;
}

/* A category pill: coloured box with dark text. Returns its width. */
int
doc_pill(Ui *ui, Doc *d, int x, int y, const char *label, int max_w)
{
    int font = FONT_MAKE(ui->s.label_px, 1);
    int padx = ui->s.unit * 2, pady = ui->s.unit / 2 + 1;
    int h = lineh(ui, font) + 2 * pady;
    LayoutLines ll = {0};

    if (label[0] == '\0')
        return 0;
    if (layout_wrap(&ui->m, font, label, strlen(label), max_w - 2 * padx, 1, &ll) < 1)
        return 0;
    int w = ll.v[0].width_px + 2 * padx;
    doc_fill(d, x, y, w, h, theme_category_color(&ui->th, label));
    DrawOp *op = doc_push(d, DRAW_TEXT);
    if (op) {
        op->rect = (Rect){x + padx, y + pady, ll.v[0].width_px, lineh(ui, font)};
        op->color = ui->th.on_label;
        op->font = font;
        op->text = label + ll.v[0].off;
        op->len = ll.v[0].len;
        op->ellipsis = ll.v[0].ellipsis;
        op->rtl = unitext_first_strong(op->text, op->len) == 1;
    }
    layout_lines_free(&ll);
    return w;
}

/* Move the ops of d from 'first' on by dx: what was just built at the
 * left of a column goes to its right, for a right-to-left story. */
void
doc_shift(Doc *d, size_t first, int dx)
{
    for (size_t i = first; i < d->n; i++)
        d->ops[i].rect.x += dx;
}
