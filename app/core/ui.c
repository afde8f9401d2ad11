/* SPDX-License-Identifier: MIT
 *
 * ui.c - the kiosk's screens (see ui.h).
 *
 * Start reading at ui_tick() and ui_event(): they move between screens; the
 * build_* functions lay a screen out once into a Doc (draw ops in document
 * coordinates, strings in the Doc's arena), and ui_draw() copies the visible
 * part of the Docs into the DrawList each frame, adding only the chrome (top
 * bar, status line, dots) and the burn-in drift. Laying out once and copying
 * after is what keeps an animation frame cheap on a slow board: no text is
 * measured while scrolling or sliding.
 *
 * The words are the UI language's (i18n.h). For a right-to-left one
 * (cfg.rtl_ui) the chrome is laid out left to right as usual and then
 * mirrored (mirror_ops, ui_rect for touch targets); the stories' own text
 * is not. Swipes and Left/Right turn round with it.
 */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../text/unitext.h"
#include "err.h"
#include "gesture.h"
#include "i18n.h"
#include "utf8.h"

#define FRAME_MS 16
#define SNAP_MS 200     /* a story let go short of a swipe slides back this fast */

/* --- arena: strings that live as long as a Doc or a headline set ---- */

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    char data[];
} Chunk;

typedef struct Arena {
    Chunk *head;
} Arena;

static char *
arena_strndup(Arena *a, const char *s, size_t n)
{
    Chunk *c = a->head;

    if (c == NULL || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > 8192 ? n + 1 : 8192;
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

static char *
arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

static void
arena_free(Arena *a)
{
    Chunk *c = a->head;

    while (c) {
        Chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

/* --- Doc: laid-out draw ops in document coordinates ------------------ */

typedef struct Doc {
    DrawOp *ops;
    size_t n, cap;
    Arena strs;
    int height;   /* bottom of the content, px */
    int oom;      /* an allocation failed: the doc is incomplete */
} Doc;

static void
doc_clear(Doc *d)
{
    free(d->ops);
    arena_free(&d->strs);
    memset(d, 0, sizeof *d);
}

static DrawOp *
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

static void
doc_fill(Doc *d, int x, int y, int w, int h, Color c)
{
    DrawOp *op = doc_push(d, DRAW_FILL);
    if (op) {
        op->rect = (Rect){x, y, w, h};
        op->color = c;
    }
}

/* --- theme ------------------------------------------------------------ */

typedef struct Theme {
    Color bg, bar, surface, text, text2, muted, accent, divider, on_label, dim, thumb, dot;
    Color pressed;  /* a button or row under the finger */
    int contrast;
} Theme;

static void
theme_init(Theme *t, int high_contrast)
{
    t->contrast = high_contrast;
    if (high_contrast) {
        t->bg = 0xFF000000; t->bar = 0xFF000000; t->surface = 0xFF1A1A1A;
        t->text = 0xFFFFFFFF; t->text2 = 0xFFFFFFFF; t->muted = 0xFFE0E0E0;
        t->accent = 0xFFFFD400; t->divider = 0xFFFFFFFF; t->on_label = 0xFF000000;
        t->thumb = 0xFF9A9A9A;
        t->dot = 0xFF6E6E6E;
        t->pressed = 0xFF4A4A4A;
    } else {
        t->bg = 0xFF12161C; t->bar = 0xFF0B0E12; t->surface = 0xFF1F2630;
        t->text = 0xFFF3F5F8; t->text2 = 0xFFC3CAD4; t->muted = 0xFF8A94A3;
        t->accent = 0xFFF5B83D; t->divider = 0xFF2C3440; t->on_label = 0xFF12161C;
        t->thumb = 0xFF667182;
        t->dot = 0xFF343D4A;
        t->pressed = 0xFF313B49;
    }
    t->dim = 0xB4000000;
}

/* A stable colour per category name, so a reader learns them. */
static Color
category_color(const Theme *t, const char *cat)
{
    static const Color palette[] = {
        0xFFF5B83D, 0xFF5EC4F2, 0xFF7FCB86, 0xFFFF8C69,
        0xFFC18DE0, 0xFF4DC2B4, 0xFFF27BA6, 0xFFB5D96B,
    };
    uint32_t h = 2166136261u;

    if (t->contrast)
        return t->accent;
    for (const unsigned char *p = (const unsigned char *)cat; *p; p++)
        h = (h ^ *p) * 16777619u;
    return palette[h % (sizeof palette / sizeof palette[0])];
}

/* --- headline sets ---------------------------------------------------- */

typedef struct HeadlineSet {
    Arena arena;
    UiHeadline *v;
    size_t n;
    char updated[48];
} HeadlineSet;

static void
set_free(HeadlineSet *s)
{
    if (s == NULL)
        return;
    arena_free(&s->arena);
    free(s->v);
    free(s);
}

typedef struct Card {
    const HeadlineSet *set;
    int index;
    uint64_t used;
    Doc doc;
} Card;

typedef struct ListRow {
    int y0, y1, index;
} ListRow;

enum { AXIS_NONE, AXIS_V, AXIS_H };

struct Ui {
    UiConfig cfg;
    Metrics m;
    UiHost host;
    LayoutScale s;
    Theme th;
    int W, H;

    HeadlineSet *set, *pending, *retired;
    size_t total_hint;     /* stories in the whole list while a first batch shows */
    int screen;            /* EMPTY, HEADLINES, ARTICLE or LIST */
    int cur;               /* story shown on the headlines / open */
    int64_t now, last_input, cycle_deadline;
    int started;           /* ui_tick has run once */

    int trans, trans_from, trans_dir;
    const HeadlineSet *trans_from_set;
    int64_t trans_start;
    double trans_p0;       /* a slide can start part-way: where a finger left it */
    int hdrag, hdrag_dx;   /* a story dragged sideways, following the finger */
    int snap, snap_dx;     /* a drag let go short of a swipe, sliding back */
    int64_t snap_start;

    Card cards[3];
    uint64_t card_clock;

    Article art;
    int art_index, art_from_list;
    Doc art_doc;
    Inertia art_scroll;

    Doc list_doc;
    ListRow *rows;
    size_t nrows;
    Inertia list_scroll;
    int list_sel, list_built;

    Gesture g;
    int drag_axis, drag_target;
    int pressing, press_x, press_y;  /* a finger is down here, not dragging */

    int diag_open;
    int64_t diag_until;
    Doc diag_doc;

    UiImport imp;

    int64_t wall_s;
    int utc_off, suspect;
    int64_t minute;        /* wall minute last drawn */
    int night, woken;
    int64_t wake_until;
    int drift_dx, drift_dy;

    int dirty;
    int empty_why;         /* UI_EMPTY_*: what the empty screen says */
    /* chrome strings of the current frame */
    /* NOTE: ops borrow these until the next frame: one buffer per use, or a
     * later draw in the same frame (the import screen over the headlines'
     * dots) rewrites what an earlier op points at */
    char clock_str[48], status_right[128], pos_str[48], count_str[48], progress_str[96];
    char pct_str[16];
};

/* --- small helpers ----------------------------------------------------- */

static int
textw(const Ui *ui, int font, const char *s, size_t n)
{
    return ui->m.text_width(ui->m.ctx, font, s, n);
}

static int
lineh(const Ui *ui, int font)
{
    return ui->m.line_height(ui->m.ctx, font);
}

/* The short name of month mo (1..12) in the UI language. */
static const char *
month_name(int mo)
{
    /* TRANSLATORS: short month names, as in a date like "10 Jan 2025" on a
     * small screen; use the usual short form (or the full word when short). */
    switch (mo) {
    case 1: return C_("short month", "Jan");
    case 2: return C_("short month", "Feb");
    case 3: return C_("short month", "Mar");
    case 4: return C_("short month", "Apr");
    case 5: return C_("short month", "May");
    case 6: return C_("short month", "Jun");
    case 7: return C_("short month", "Jul");
    case 8: return C_("short month", "Aug");
    case 9: return C_("short month", "Sep");
    case 10: return C_("short month", "Oct");
    case 11: return C_("short month", "Nov");
    default: return C_("short month", "Dec");
    }
}

/* The short name of weekday wd (0 = Sunday) in the UI language. */
static const char *
day_name(int wd)
{
    /* TRANSLATORS: short weekday names, as in the status line "Fri 10 Jan". */
    switch (wd) {
    case 0: return C_("short weekday", "Sun");
    case 1: return C_("short weekday", "Mon");
    case 2: return C_("short weekday", "Tue");
    case 3: return C_("short weekday", "Wed");
    case 4: return C_("short weekday", "Thu");
    case 5: return C_("short weekday", "Fri");
    default: return C_("short weekday", "Sat");
    }
}

/* "2025-01-10..." -> "10 Jan 2025" in the UI language's order and month
 * names; "" when not a date. */
static void
fmt_date(const char *iso, char *buf, size_t size)
{
    int y, mo, d;

    buf[0] = '\0';
    if (iso == NULL || strlen(iso) < 10 || sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return;
    /* TRANSLATORS: a date: day, short month name, year ("10 Jan 2025").
     * Reorder with %1$d (day), %2$s (month), %3$d (year), e.g. Chinese
     * "%3$d年%2$s%1$d日". */
    snprintf(buf, size, C_("date: day month year", "%d %s %d"), d, month_name(mo), y);
}

/* --- right-to-left chrome --------------------------------------------- */

/* Mirror ops[from..n) left-right within [x0, x1): a box at x of width w
 * moves to x0 + x1 - x - w. Turning clipping off (w == 0) stays as it is.
 * The chrome is laid out left to right and mirrored with this, so both
 * directions share one layout; text keeps the direction set when it was
 * laid out (para_dir). */
static void
mirror_ops(DrawOp *ops, size_t from, size_t n, int x0, int x1)
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
static void
para_dir(const UiConfig *cfg, DrawOp *ops, size_t from, size_t n, const char *s, size_t len)
{
    int fs = unitext_first_strong(s, len);
    int rtl = fs == 1 || (cfg->rtl_ui && fs != 0);

    for (size_t i = from; i < n; i++)
        if (ops[i].kind == DRAW_TEXT)
            ops[i].rtl = rtl;
}

/* A box in the picture, mirrored when the UI is right-to-left: where the
 * reader sees (and touches) what was laid out at r. */
static Rect
ui_rect(const Ui *ui, Rect r)
{
    if (ui->cfg.rtl_ui)
        r.x = ui->W - r.x - r.w;
    return r;
}

/* The base direction of a paragraph of a story (UAX #9 P2-P3, with the
 * story's say first): its `dir:` line, else its language when that is
 * written right to left, else the first strong character. 1 = RTL. */
static int
para_rtl(const char *lang, const char *dir, const char *s, size_t n)
{
    if (dir && strcmp(dir, "rtl") == 0)
        return 1;
    if (dir && strcmp(dir, "ltr") == 0)
        return 0;
    if (unitext_lang_rtl(lang))
        return 1;
    return unitext_first_strong(s, n) == 1;
}

/* "Source · date". Each part is a bidi isolate (U+2068 ... U+2069): an
 * Arabic paper's name beside a Latin date must not pull the day number
 * away from its month. */
static void
fmt_meta(char *buf, size_t size, const char *source, const char *date)
{
    const char *fsi = "\xe2\x81\xa8", *pdi = "\xe2\x81\xa9";
    int s = source && source[0], d = date && date[0];

    snprintf(buf, size, "%s%s%s%s%s%s%s", s ? fsi : "", s ? source : "", s ? pdi : "",
             s && d ? "  \xc2\xb7  " : "", d ? fsi : "", d ? date : "", d ? pdi : "");
}

/* Wrap s into d at (x, y) within width; each line 'pitch' px apart. rtl is
 * the paragraph's base direction (1 right-to-left: lines are set flush
 * right; -1: from its first strong character). Returns the y below the last
 * line. *nlines (may be NULL) gets the line count. */
static int
doc_wrap_dir(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
             int max_lines, int pitch, int *nlines, int rtl)
{
    LayoutLines ll = {0};
    size_t len = strlen(s);
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

/* doc_wrap_dir with the direction of s's first strong character. */
static int
doc_wrap(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
         int max_lines, int pitch, int *nlines)
{
    return doc_wrap_dir(ui, d, font, c, x, y, width, s, max_lines, pitch, nlines, -1);
}

/* Chrome text (the kiosk's own words, laid out left to right and mirrored
 * as a whole for a right-to-left UI by mirror_ops; para_dir then sets each
 * line's direction): set from the start of the column, never flush right
 * on its own, or the mirror would send it back to the left. */
static int
doc_chrome(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
           int max_lines, int pitch, int *nlines)
{
    return doc_wrap_dir(ui, d, font, c, x, y, width, s, max_lines, pitch, nlines, 0);
}

/* Lines s would wrap to (capped at cap) without drawing. */
static int
count_lines(Ui *ui, int font, const char *s, int width, int cap)
{
    LayoutLines ll = {0};
    int n = layout_wrap(&ui->m, font, s, strlen(s), width, cap, &ll);
    layout_lines_free(&ll);
    return n < 0 ? 0 : n;
}

/* A category pill: coloured box with dark text. Returns its width. */
static int
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
    doc_fill(d, x, y, w, h, category_color(&ui->th, label));
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
static void
doc_shift(Doc *d, size_t first, int dx)
{
    for (size_t i = first; i < d->n; i++)
        d->ops[i].rect.x += dx;
}

static int
pill_h(const Ui *ui)
{
    return lineh(ui, FONT_MAKE(ui->s.label_px, 1)) + 2 * (ui->s.unit / 2 + 1);
}

static int
status_h(const Ui *ui)
{
    int pad = ui->s.unit > 6 ? ui->s.unit : 6;
    return lineh(ui, FONT_MAKE(ui->s.status_px, 0)) + 2 * pad + pad / 2 + ui->cfg.drift_px;
}

static int
dot_size(const Ui *ui)
{
    return ui->s.unit + ui->s.unit / 2 > 6 ? ui->s.unit + ui->s.unit / 2 : 6;
}

/* The headline area: below the top row, above the dots. */
static void
story_area(const Ui *ui, int *top, int *bottom)
{
    *top = ui->s.margin + pill_h(ui) + ui->s.unit * 3;
    *bottom = ui->H - status_h(ui) - dot_size(ui) - ui->s.unit * 6;
}

/* The "All stories" button on the headline screen, laid out left to right
 * (top right; ui_rect() puts it top left for a right-to-left reader). */
static Rect
list_button(const Ui *ui)
{
    int font = FONT_MAKE(ui->s.label_px, 1);
    const char *label = _("All stories");
    int w = textw(ui, font, label, strlen(label)) + ui->s.unit * 4;
    int h = pill_h(ui) + ui->s.unit * 2;
    return (Rect){ui->W - ui->s.margin - w, ui->s.margin - ui->s.unit, w, h};
}

/* The Back target in the top bar of the article and list screens, laid out
 * left to right (top left; ui_rect() mirrors it). */
static Rect
back_button(const Ui *ui)
{
    int w = ui->s.button_h * 5 / 2;
    return (Rect){0, 0, w, ui->s.button_h};
}

static int
in_rect(Rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* A finger is down on r (and not dragging): draw r pressed. */
static int
pressed_on(const Ui *ui, Rect r)
{
    return ui->pressing && in_rect(r, ui->press_x, ui->press_y);
}

/* Long press here opens diagnostics. */
static int
in_corner(const Ui *ui, int x, int y)
{
    int c = ui->s.button_h;
    return (x < c || x >= ui->W - c) && (y < c || y >= ui->H - c);
}

/* --- building the headline card --------------------------------------- */

static void
build_card(Ui *ui, const HeadlineSet *set, int idx, Doc *d)
{
    const UiHeadline *h = &set->v[idx];
    const LayoutScale *s = &ui->s;
    int W = ui->W, top, bottom;
    int iw = 0, ih = 0, has_img = 0;
    int content_w = W - 2 * s->margin;
    int tx = s->margin, tw = content_w, ty;
    char date[32], meta[512];

    story_area(ui, &top, &bottom);
    size_t pill_from = d->n;
    doc_pill(ui, d, s->margin, s->margin, h->category, content_w / 2);
    if (ui->cfg.rtl_ui) {  /* the category top right, opposite "All stories" */
        mirror_ops(d->ops, pill_from, d->n, 0, W);
        para_dir(&ui->cfg, d->ops, pill_from, d->n, h->category, strlen(h->category));
    }

    if (h->image[0] && ui->host.image_size &&
        ui->host.image_size(ui->host.ctx, h->image, &iw, &ih) == K_OK && iw > 0 && ih > 0)
        has_img = 1;
    ty = top;
    if (has_img) {
        DrawOp *op;
        if (W >= ui->H) {
            int bw = content_w * 2 / 5;
            if (content_w - bw - s->margin >= s->body_px * 16) {
                op = doc_push(d, DRAW_IMAGE);
                if (op) {
                    op->rect = (Rect){W - s->margin - bw, top, bw, bottom - top};
                    op->text = h->image;
                }
                tw = content_w - bw - s->margin;
            }
        } else {
            int bh = (bottom - top) * 2 / 5;
            op = doc_push(d, DRAW_IMAGE);
            if (op) {
                op->rect = (Rect){s->margin, top, content_w, bh};
                op->text = h->image;
            }
            ty = top + bh + s->unit * 3;
        }
    }

    /* fit: headline up to 4 lines, then as much summary as fits, then meta */
    /* beside a picture the column is narrow: a smaller headline leaves room
     * for the summary */
    int hpx = tw < content_w * 2 / 3 ? s->headline_px * 4 / 5 : s->headline_px;
    int hf = FONT_MAKE(hpx, 1), sf = FONT_MAKE(s->summary_px, 0);
    int mf = FONT_MAKE(s->meta_px, 0);
    int hp = lineh(ui, hf) * 21 / 20, sp = lineh(ui, sf) * 6 / 5, mp = lineh(ui, mf);
    int avail = bottom - ty;
    int gap = s->unit * 3;
    int hmax = (avail - mp - gap) / hp;
    if (hmax > 4)
        hmax = 4;
    if (hmax < 1)
        hmax = 1;
    int hl = count_lines(ui, hf, h->title, tw, hmax);
    int left = avail - hl * hp - gap - mp - gap;
    int smax = h->summary[0] ? left / sp : 0;
    if (smax > 6)
        smax = 6;
    if (smax < 0)
        smax = 0;
    int sl = smax ? count_lines(ui, sf, h->summary, tw, smax) : 0;
    int block = hl * hp + (sl ? gap + sl * sp : 0) + gap + mp;
    int y = ty + (avail - block) / 2;
    if (has_img && W >= ui->H)
        y = ty + (avail - block) / 3;  /* sit a little high beside a picture */
    if (y < ty)
        y = ty;

    y = doc_wrap_dir(ui, d, hf, ui->th.text, tx, y, tw, h->title, hmax, hp, NULL,
                     para_rtl(h->lang, h->dir, h->title, strlen(h->title)));
    if (sl) {
        y += gap;
        y = doc_wrap_dir(ui, d, sf, ui->th.text2, tx, y, tw, h->summary, sl, sp, NULL,
                         para_rtl(h->lang, h->dir, h->summary, strlen(h->summary)));
    }
    y += gap;
    fmt_date(h->published, date, sizeof date);
    fmt_meta(meta, sizeof meta, h->source, date);
    if (meta[0]) {
        const char *m = arena_strdup(&d->strs, meta);
        if (m)
            doc_wrap(ui, d, mf, ui->th.muted, tx, y, tw, m, 1, mp, NULL);
    }
    d->height = bottom;
}

static Doc *
get_card(Ui *ui, const HeadlineSet *set, int idx)
{
    Card *best = &ui->cards[0];

    for (size_t i = 0; i < sizeof ui->cards / sizeof ui->cards[0]; i++) {
        Card *c = &ui->cards[i];
        if (c->set == set && c->index == idx) {
            c->used = ++ui->card_clock;
            return &c->doc;
        }
        if (c->used < best->used)
            best = c;
    }
    doc_clear(&best->doc);
    best->set = set;
    best->index = idx;
    best->used = ++ui->card_clock;
    build_card(ui, set, idx, &best->doc);
    return &best->doc;
}

static void
forget_cards(Ui *ui, const HeadlineSet *set)
{
    for (size_t i = 0; i < sizeof ui->cards / sizeof ui->cards[0]; i++)
        if (ui->cards[i].set == set) {
            doc_clear(&ui->cards[i].doc);
            ui->cards[i].set = NULL;
            ui->cards[i].used = 0;
        }
}

/* --- building the article --------------------------------------------- */

/* Column for reading: not wider than about 38 characters of body text per
 * em-square... which is roughly 65 characters a line. */
static void
reading_column(const Ui *ui, int *x, int *w)
{
    int max = ui->s.body_px * 34;
    int avail = ui->W - 2 * ui->s.margin - ui->s.unit * 2;

    *w = avail < max ? avail : max;
    *x = (ui->W - *w) / 2;
}

static void
build_article(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->art_doc;
    const Article *a = &ui->art;
    int x, w, y = s->unit * 4;
    int iw, ih;
    char date[32], meta[600];

    doc_clear(d);
    reading_column(ui, &x, &w);
    if (a->image && a->image[0] && ui->host.image_size &&
        ui->host.image_size(ui->host.ctx, a->image, &iw, &ih) == K_OK && iw > 0 && ih > 0) {
        int view_h = ui->H - s->button_h;
        int bh = w * ih / iw;
        if (bh > view_h * 2 / 5)
            bh = view_h * 2 / 5;
        DrawOp *op = doc_push(d, DRAW_IMAGE);
        const char *name = arena_strdup(&d->strs, a->image);
        if (op && name) {
            op->rect = (Rect){x, y, w, bh};
            op->text = name;
            y += bh + s->unit * 4;
        } else if (op) {
            d->n--;
        }
    }
    /* a right-to-left story is set from the right: its label and rule too */
    int rtl = para_rtl(a->lang, a->dir, a->title, strlen(a->title));
    if (a->category && a->category[0]) {
        size_t first = d->n;
        int pw = doc_pill(ui, d, x, y, a->category, w);
        if (rtl)
            doc_shift(d, first, w - pw);
        y += pill_h(ui) + s->unit * 3;
    }
    int tf = FONT_MAKE(s->title_px, 1);
    y = doc_wrap_dir(ui, d, tf, ui->th.text, x, y, w, a->title, 0, lineh(ui, tf) * 21 / 20,
                     NULL, para_rtl(a->lang, a->dir, a->title, strlen(a->title)));
    y += s->unit * 2;
    fmt_date(a->published, date, sizeof date);
    fmt_meta(meta, sizeof meta, a->source, date);
    if (meta[0]) {
        int mf = FONT_MAKE(s->meta_px, 0);
        const char *m = arena_strdup(&d->strs, meta);
        if (m)
            y = doc_wrap(ui, d, mf, ui->th.muted, x, y, w, m, 0, lineh(ui, mf), NULL);
    }
    y += s->unit * 3;
    if (a->summary && a->summary[0]) {
        int sf = FONT_MAKE(s->summary_px, 0);
        y = doc_wrap_dir(ui, d, sf, ui->th.text2, x, y, w, a->summary, 0,
                         lineh(ui, sf) * 6 / 5, NULL,
                         para_rtl(a->lang, a->dir, a->summary, strlen(a->summary)));
        y += s->unit * 3;
    }
    doc_fill(d, rtl ? x + w - w / 5 : x, y, w / 5, s->unit / 2 > 2 ? s->unit / 2 : 2,
             ui->th.accent);
    y += s->unit * 4;

    /* body: paragraphs separated by "\n\n" */
    int bf = FONT_MAKE(s->body_px, 0);
    int bp = lineh(ui, bf) * 27 / 20;
    const char *p = a->body ? a->body : "";
    while (*p) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0) {
            LayoutLines ll = {0};
            int k = layout_wrap(&ui->m, bf, p, n, w, 0, &ll);
            int prtl = para_rtl(a->lang, a->dir, p, n);
            if (k < 0)
                d->oom = 1;
            for (int i = 0; i < k; i++) {
                DrawOp *op = doc_push(d, DRAW_TEXT);
                if (op == NULL)
                    break;
                op->rect = (Rect){prtl ? x + w - ll.v[i].width_px : x, y + i * bp,
                                  ll.v[i].width_px, lineh(ui, bf)};
                op->color = ui->th.text;
                op->font = bf;
                op->text = p + ll.v[i].off;
                op->len = ll.v[i].len;
                op->rtl = prtl;
            }
            y += (k > 0 ? k : 0) * bp + bp * 2 / 3;
            layout_lines_free(&ll);
        }
        p += n;
        while (*p == '\n')
            p++;
    }
    y += s->unit * 3;
    doc_fill(d, x, y, w, 1 + s->unit / 6, ui->th.divider);
    y += s->unit * 3;
    int mf = FONT_MAKE(s->meta_px, 0);
    const char *endnote = !(ui->set && ui->set->n > 1) ? _("End of story")
                          : ui->cfg.rtl_ui ? _("End of story \xc2\xb7 swipe right for the next one")
                                           : _("End of story \xc2\xb7 swipe left for the next one");
    size_t end_from = d->n;
    y = doc_chrome(ui, d, mf, ui->th.muted, x, y, w, endnote, 0, lineh(ui, mf), NULL);
    if (ui->cfg.rtl_ui) {  /* chrome, in the UI's direction: at the column's right */
        mirror_ops(d->ops, end_from, d->n, x, x + w);
        para_dir(&ui->cfg, d->ops, end_from, d->n, endnote, strlen(endnote));
    }
    d->height = y + s->unit * 6;

    int view_h = ui->H - s->button_h;
    ui->art_scroll = (Inertia){0};
    ui->art_scroll.max = d->height > view_h ? d->height - view_h : 0;
}

/* Open story idx of the current set in the article view. */
static void
open_article(Ui *ui, int idx, int from_list)
{
    const UiHeadline *h;
    int rc = K_ENOTFOUND;

    if (ui->set == NULL || ui->set->n == 0)
        return;
    idx = (int)(((size_t)idx + ui->set->n) % ui->set->n);
    h = &ui->set->v[idx];
    doc_clear(&ui->art_doc);
    article_free(&ui->art);
    if (ui->host.get_article)
        rc = ui->host.get_article(ui->host.ctx, h->id, &ui->art);
    if (rc != K_OK) {
        /* show what the headline has: never a blank screen */
        Article *a = &ui->art;
        memset(a, 0, sizeof *a);
        a->title = strdup(h->title);
        a->summary = strdup(h->summary);
        a->body = strdup("");
        a->source = strdup(h->source);
        a->published = strdup(h->published);
        a->category = strdup(h->category);
        a->image = strdup(h->image);
        a->lang = strdup(h->lang ? h->lang : "");
        a->dir = strdup(h->dir ? h->dir : "");
        if (!a->title || !a->summary || !a->body || !a->source || !a->published ||
            !a->category || !a->image || !a->lang || !a->dir) {
            article_free(a);
            return;
        }
    }
    ui->art_index = idx;
    ui->art_from_list = from_list;
    ui->cur = idx;
    build_article(ui);
    ui->screen = UI_SCREEN_ARTICLE;
    ui->drag_axis = AXIS_NONE;
    ui->dirty = 1;
}

/* --- building the list ---------------------------------------------- */

static void
build_list(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->list_doc;
    const HeadlineSet *set = ui->set;
    int x = s->margin, w = ui->W - 2 * s->margin - s->unit * 2;
    int y = s->unit * 3;
    int lf = FONT_MAKE(s->list_px, 1), mf = FONT_MAKE(s->meta_px, 0);
    int cf = FONT_MAKE(s->label_px, 1);
    const char **cats = NULL;
    size_t ncats = 0;

    doc_clear(d);
    free(ui->rows);
    ui->rows = NULL;
    ui->nrows = 0;
    ui->list_built = 1;
    if (set == NULL || set->n == 0)
        goto done;
    ui->rows = calloc(set->n, sizeof *ui->rows);
    cats = calloc(set->n, sizeof *cats);
    if (ui->rows == NULL || cats == NULL) {
        d->oom = 1;
        goto done;
    }
    /* categories in order of first appearance in the display order */
    for (size_t i = 0; i < set->n; i++) {
        size_t k;
        for (k = 0; k < ncats; k++)
            if (strcmp(cats[k], set->v[i].category) == 0)
                break;
        if (k == ncats)
            cats[ncats++] = set->v[i].category;
    }
    for (size_t k = 0; k < ncats; k++) {
        /* TRANSLATORS: the heading of stories without a category, in the
         * list of all stories when others have one. */
        const char *label = cats[k][0] ? cats[k] : (ncats > 1 ? _("More news") : "");
        if (label[0]) {
            int ch = lineh(ui, cf);
            size_t from = d->n;
            /* the colour by the bundle's name, whatever language shows it */
            Color cc = category_color(&ui->th, cats[k][0] ? cats[k] : "More news");
            doc_fill(d, x, y + ch / 2 - ch / 3, s->unit, ch * 2 / 3, cc);
            doc_chrome(ui, d, cf, cc, x + s->unit * 2, y, w - s->unit * 2, label, 1, ch, NULL);
            if (ui->cfg.rtl_ui) {  /* the bar on the right, the label against it */
                mirror_ops(d->ops, from, d->n, x, x + w);
                para_dir(&ui->cfg, d->ops, from, d->n, label, strlen(label));
            }
            y += ch + s->unit * 2;
        }
        for (size_t i = 0; i < set->n; i++) {
            const UiHeadline *h = &set->v[i];
            char date[32], meta[512];
            if (strcmp(h->category, cats[k]) != 0)
                continue;
            ListRow *r = &ui->rows[ui->nrows++];
            r->index = (int)i;
            r->y0 = y;
            y += s->unit * 2;
            y = doc_wrap(ui, d, lf, ui->th.text, x, y, w, h->title, 2, lineh(ui, lf), NULL);
            fmt_date(h->published, date, sizeof date);
            fmt_meta(meta, sizeof meta, h->source, date);
            if (meta[0]) {
                const char *m = arena_strdup(&d->strs, meta);
                y += s->unit / 2;
                if (m)
                    y = doc_wrap(ui, d, mf, ui->th.muted, x, y, w, m, 1, lineh(ui, mf), NULL);
            }
            y += s->unit * 2;
            r->y1 = y;
            doc_fill(d, x, y, w, 1, ui->th.divider);
            y += 1;
        }
        y += s->unit * 4;
    }
done:
    free(cats);
    d->height = y + s->unit * 2;
    int view_h = ui->H - s->button_h;
    double keep = ui->list_scroll.pos;
    ui->list_scroll = (Inertia){0};
    ui->list_scroll.max = d->height > view_h ? d->height - view_h : 0;
    ui->list_scroll.pos = keep < ui->list_scroll.max ? keep : ui->list_scroll.max;
}

/* --- diagnostics ---------------------------------------------------- */

#define DIAG_QR_MAX 177   /* a version-40 QR code */

/* The host's QR code of the kiosk's status, black on white with its quiet
 * zone, at the bottom corner away from the reading start (mirrored later
 * with the rest for right-to-left). Returns the width it takes from the
 * text column, 0 when there is none or it would be too small to scan. */
static int
diag_qr(Ui *ui, Doc *d)
{
    const LayoutScale *s = &ui->s;
    unsigned char *m;
    int n, px, side, x0, y0;

    if (ui->host.diagnostics_qr == NULL)
        return 0;
    if ((m = malloc(DIAG_QR_MAX * DIAG_QR_MAX)) == NULL)
        return 0;
    n = ui->host.diagnostics_qr(ui->host.ctx, m, DIAG_QR_MAX);
    /* at most half the height and a third of the width, 2 px a module */
    int room = ui->H / 2 < ui->W / 3 ? ui->H / 2 : ui->W / 3;
    px = n > 0 ? room / (n + 8) : 0;
    if (n <= 0 || n > DIAG_QR_MAX || px < 2) {
        free(m);
        return 0;
    }
    side = (n + 8) * px;
    x0 = ui->W - 2 * s->margin - side;
    y0 = ui->H - 2 * s->margin - side;
    doc_fill(d, x0, y0, side, side, 0xFFFFFFFFu);
    x0 += 4 * px;
    y0 += 4 * px;
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n;) {
            /* one rect per run of dark modules on a row */
            if (!m[r * n + c]) {
                c++;
                continue;
            }
            int c1 = c;
            while (c1 < n && m[r * n + c1])
                c1++;
            doc_fill(d, x0 + c * px, y0 + r * px, (c1 - c) * px, px, 0xFF000000u);
            c = c1;
        }
    free(m);
    return side + s->margin;
}

static void
build_diag(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->diag_doc;
    char buf[4096] = "";
    int x = s->margin * 2, w = ui->W - 4 * s->margin, y = s->margin * 2;
    int tf = FONT_MAKE(s->summary_px, 1), bf = FONT_MAKE(s->meta_px, 0);

    doc_clear(d);
    if (ui->host.diagnostics)
        ui->host.diagnostics(ui->host.ctx, buf, sizeof buf);
    doc_fill(d, s->margin, s->margin, ui->W - 2 * s->margin, ui->H - 2 * s->margin,
             ui->th.surface);
    w -= diag_qr(ui, d);
    const char *heading = _("Diagnostics"), *close = _("Touch to close");
    y = doc_chrome(ui, d, tf, ui->th.accent, x, y, w, heading, 1, lineh(ui, tf), NULL);
    para_dir(&ui->cfg, d->ops, 0, d->n, heading, strlen(heading));
    y += s->unit * 2;
    char *text = arena_strdup(&d->strs, buf);
    int bottom = ui->H - s->margin * 2 - lineh(ui, bf);
    for (char *line = text; line && *line && y < bottom;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t from = d->n;
        y = doc_chrome(ui, d, bf, ui->th.text, x, y, w, line, 2, lineh(ui, bf), NULL);
        para_dir(&ui->cfg, d->ops, from, d->n, line, strlen(line));
        line = nl ? nl + 1 : NULL;
    }
    size_t from = d->n;
    doc_chrome(ui, d, bf, ui->th.muted, x, bottom, w, close, 1, lineh(ui, bf), NULL);
    para_dir(&ui->cfg, d->ops, from, d->n, close, strlen(close));
    if (ui->cfg.rtl_ui)
        mirror_ops(d->ops, 0, d->n, 0, ui->W);
}

static void
open_diag(Ui *ui)
{
    build_diag(ui);
    ui->diag_open = 1;
    ui->diag_until = ui->now + ui->cfg.diag_ms;
    ui->dirty = 1;
}

/* --- screen changes ----------------------------------------------------- */

static void
restart_cycle(Ui *ui)
{
    ui->cycle_deadline = ui->now + ui->cfg.cycle_ms;
}

/* Swap in a pending headline set. The old one is kept (retired) while a
 * transition still shows its card. */
static void
swap_pending(Ui *ui)
{
    if (ui->pending == NULL)
        return;
    if (ui->retired) {
        forget_cards(ui, ui->retired);
        set_free(ui->retired);
    }
    ui->retired = ui->set;
    ui->set = ui->pending;
    ui->pending = NULL;
    ui->cur = 0;
    ui->list_built = 0;
    ui->list_scroll.pos = 0;
    if (ui->screen == UI_SCREEN_LIST || ui->screen == UI_SCREEN_EMPTY ||
        ui->screen == UI_SCREEN_HEADLINES)
        ui->screen = ui->set->n ? UI_SCREEN_HEADLINES : UI_SCREEN_EMPTY;
    if (ui->screen == UI_SCREEN_ARTICLE && ui->set->n == 0)
        ui->screen = UI_SCREEN_EMPTY;
    ui->dirty = 1;
}

static void
drop_retired(Ui *ui)
{
    if (ui->retired && !ui->trans) {
        forget_cards(ui, ui->retired);
        set_free(ui->retired);
        ui->retired = NULL;
    }
}

/* Slide from the current story to story cur+dir (wrapping). */
static void
go_story(Ui *ui, int dir, int animate)
{
    const HeadlineSet *from_set = ui->set;
    int from = ui->cur;

    if (ui->pending) {
        swap_pending(ui);
        if (ui->screen != UI_SCREEN_HEADLINES) {
            drop_retired(ui);  /* no slide to show it in */
            return;
        }
        dir = 1;
    } else {
        if (ui->set == NULL || ui->set->n < 2)
            return;
        ui->cur = (int)(((size_t)(ui->cur + dir) + ui->set->n) % ui->set->n);
    }
    if (animate && ui->cfg.transition_ms > 0 && from_set && from_set->n) {
        ui->trans = 1;
        ui->trans_from = from;
        ui->trans_from_set = from_set;
        ui->trans_dir = dir;
        ui->trans_start = ui->now;
        ui->trans_p0 = 0;
    }
    ui->cycle_deadline = ui->now + (animate ? ui->cfg.transition_ms : 0) + ui->cfg.cycle_ms;
    ui->dirty = 1;
}

static void
to_headlines(Ui *ui)
{
    ui->screen = ui->set && ui->set->n ? UI_SCREEN_HEADLINES : UI_SCREEN_EMPTY;
    doc_clear(&ui->art_doc);
    article_free(&ui->art);
    if (ui->pending)
        swap_pending(ui);
    restart_cycle(ui);
    ui->dirty = 1;
}

static void
open_list(Ui *ui)
{
    if (ui->set == NULL || ui->set->n == 0)
        return;
    if (!ui->list_built)
        build_list(ui);
    ui->screen = UI_SCREEN_LIST;
    ui->list_sel = -1;
    ui->drag_axis = AXIS_NONE;
    ui->dirty = 1;
}

static void
back(Ui *ui)
{
    if (ui->screen == UI_SCREEN_ARTICLE && ui->art_from_list) {
        doc_clear(&ui->art_doc);
        article_free(&ui->art);
        open_list(ui);
        return;
    }
    to_headlines(ui);
}

/* --- public: lifecycle ------------------------------------------------- */

Ui *
ui_new(const UiConfig *cfg, const Metrics *m, const UiHost *host)
{
    Ui *ui = calloc(1, sizeof *ui);

    if (ui == NULL)
        return NULL;
    ui->cfg = *cfg;
    if (ui->cfg.cycle_ms < 500)
        ui->cfg.cycle_ms = 500;
    if (ui->cfg.diag_ms < 1000)
        ui->cfg.diag_ms = 1000;
    if (ui->cfg.idle_ms < 1000)
        ui->cfg.idle_ms = 1000;
    ui->m = *m;
    if (host)
        ui->host = *host;
    ui->W = cfg->width > 0 ? cfg->width : 1;
    ui->H = cfg->height > 0 ? cfg->height : 1;
    layout_scale(ui->W, ui->H, cfg->large_text, &ui->s);
    if (ui->s.margin < cfg->drift_px + 4)
        ui->s.margin = cfg->drift_px + 4;
    theme_init(&ui->th, cfg->high_contrast);
    gesture_init(&ui->g, ui->W < ui->H ? ui->W : ui->H);
    ui->screen = UI_SCREEN_EMPTY;
    ui->cur = 0;
    ui->list_sel = -1;
    ui->minute = -1;
    ui->dirty = 1;
    return ui;
}

void
ui_free(Ui *ui)
{
    if (ui == NULL)
        return;
    for (size_t i = 0; i < sizeof ui->cards / sizeof ui->cards[0]; i++)
        doc_clear(&ui->cards[i].doc);
    doc_clear(&ui->art_doc);
    doc_clear(&ui->list_doc);
    doc_clear(&ui->diag_doc);
    article_free(&ui->art);
    free(ui->rows);
    set_free(ui->set);
    set_free(ui->pending);
    set_free(ui->retired);
    free(ui);
}

/* 1 when b starts with all of a, story for story. */
static int
extends(const HeadlineSet *a, const HeadlineSet *b)
{
    if (a == NULL || a->n == 0 || b->n < a->n || strcmp(a->updated, b->updated) != 0)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i].id, b->v[i].id) != 0 || strcmp(a->v[i].title, b->v[i].title) != 0 ||
            strcmp(a->v[i].summary, b->v[i].summary) != 0 ||
            strcmp(a->v[i].category, b->v[i].category) != 0 ||
            strcmp(a->v[i].image, b->v[i].image) != 0)
            return 0;
    return 1;
}

void
ui_set_total_hint(Ui *ui, size_t total)
{
    if (ui->total_hint != total)
        ui->dirty = 1;
    ui->total_hint = total;
}

int
ui_set_headlines(Ui *ui, const UiHeadline *h, size_t n, const char *updated)
{
    HeadlineSet *s = calloc(1, sizeof *s);

    if (s == NULL)
        return K_ENOMEM;
    if (n) {
        s->v = calloc(n, sizeof *s->v);
        if (s->v == NULL)
            goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        UiHeadline *o = &s->v[i];
        o->id = arena_strdup(&s->arena, h[i].id);
        o->title = arena_strdup(&s->arena, h[i].title);
        o->summary = arena_strdup(&s->arena, h[i].summary);
        o->source = arena_strdup(&s->arena, h[i].source);
        o->published = arena_strdup(&s->arena, h[i].published);
        o->category = arena_strdup(&s->arena, h[i].category);
        o->image = arena_strdup(&s->arena, h[i].image);
        o->lang = arena_strdup(&s->arena, h[i].lang ? h[i].lang : "");
        o->dir = arena_strdup(&s->arena, h[i].dir ? h[i].dir : "");
        o->pin = h[i].pin;
        if (!o->id || !o->title || !o->summary || !o->source || !o->published ||
            !o->category || !o->image || !o->lang || !o->dir)
            goto nomem;
    }
    s->n = n;
    snprintf(s->updated, sizeof s->updated, "%s", updated ? updated : "");
    if (extends(ui->set, s) && ui->pending == NULL && !ui->trans) {
        /* more of the same list (the rest after a first batch): swap in
         * place, keeping the story on screen */
        forget_cards(ui, ui->set);
        set_free(ui->set);
        ui->set = s;
        ui->list_built = 0;
        if (ui->screen == UI_SCREEN_LIST)
            build_list(ui);
        ui->dirty = 1;
        return K_OK;
    }
    set_free(ui->pending);
    ui->pending = s;
    if (ui->set == NULL || ui->screen == UI_SCREEN_EMPTY) {
        swap_pending(ui);
        drop_retired(ui);
        restart_cycle(ui);
    }
    return K_OK;
nomem:
    set_free(s);
    return K_ENOMEM;
}

static void
update_night(Ui *ui)
{
    int st = ui->cfg.night_start_min, en = ui->cfg.night_end_min, night = 0;

    if (st >= 0 && en >= 0 && st != en) {
        int64_t local = ui->wall_s + ui->utc_off;
        int m = (int)(((local / 60) % 1440 + 1440) % 1440);
        night = st < en ? (m >= st && m < en) : (m >= st || m < en);
    }
    if (night != ui->night) {
        ui->night = night;
        ui->dirty = 1;
    }
}

void
ui_set_clock(Ui *ui, int64_t wall_s, int utc_offset_s, int clock_suspect)
{
    int64_t minute = (wall_s + utc_offset_s) / 60;

    ui->wall_s = wall_s;
    ui->utc_off = utc_offset_s;
    if (clock_suspect != ui->suspect)
        ui->dirty = 1;
    ui->suspect = clock_suspect;
    if (minute != ui->minute) {
        ui->minute = minute;
        ui->dirty = 1;
        if (ui->cfg.drift_px > 0) {
            /* a slow Lissajous walk: each pixel stays lit differently over hours */
            double t = (double)minute;
            ui->drift_dx = (int)lround(ui->cfg.drift_px * sin(t * 0.21));
            ui->drift_dy = (int)lround(ui->cfg.drift_px * sin(t * 0.13 + 1.0));
        }
    }
    update_night(ui);
}

void
ui_set_empty_reason(Ui *ui, int why)
{
    if (ui->empty_why != why) {
        ui->empty_why = why;
        ui->dirty = 1;
    }
}

void
ui_set_import(Ui *ui, const UiImport *imp)
{
    if (imp == NULL || imp->state == UI_IMPORT_NONE) {
        if (ui->imp.state != UI_IMPORT_NONE)
            ui->dirty = 1;
        ui->imp.state = UI_IMPORT_NONE;
        return;
    }
    if (memcmp(&ui->imp, imp, sizeof *imp) != 0)
        ui->dirty = 1;
    ui->imp = *imp;
    ui->imp.title[sizeof ui->imp.title - 1] = '\0';
    ui->imp.detail[sizeof ui->imp.detail - 1] = '\0';
}

/* --- public: input ------------------------------------------------------ */

static Inertia *
active_scroll(Ui *ui)
{
    if (ui->screen == UI_SCREEN_ARTICLE)
        return &ui->art_scroll;
    if (ui->screen == UI_SCREEN_LIST)
        return &ui->list_scroll;
    return NULL;
}

static void
list_tap(Ui *ui, int x, int y)
{
    int dy = y - ui->s.button_h + (int)ui->list_scroll.pos;

    (void)x;
    for (size_t i = 0; i < ui->nrows; i++)
        if (dy >= ui->rows[i].y0 && dy < ui->rows[i].y1) {
            open_article(ui, ui->rows[i].index, 1);
            return;
        }
}

static void
gesture_event(Ui *ui, const GestureEvent *e)
{
    Inertia *sc = active_scroll(ui);

    if (e->kind == GESTURE_LONG_PRESS && in_corner(ui, e->x, e->y)) {
        open_diag(ui);
        return;
    }
    if (ui->diag_open) {
        if (e->kind == GESTURE_TAP) {
            ui->diag_open = 0;
            ui->dirty = 1;
        }
        return;
    }
    if (ui->imp.state != UI_IMPORT_NONE) {
        if (e->kind == GESTURE_TAP && ui->imp.state != UI_IMPORT_RUNNING) {
            ui->imp.state = UI_IMPORT_NONE;
            ui->dirty = 1;
        }
        return;
    }
    switch (e->kind) {
    case GESTURE_TAP:
        if (ui->screen == UI_SCREEN_HEADLINES) {
            if (in_rect(ui_rect(ui, list_button(ui)), e->x, e->y))
                open_list(ui);
            else
                open_article(ui, ui->cur, 0);
        } else if (ui->screen == UI_SCREEN_ARTICLE || ui->screen == UI_SCREEN_LIST) {
            if (in_rect(ui_rect(ui, back_button(ui)), e->x, e->y))
                back(ui);
            else if (ui->screen == UI_SCREEN_LIST && e->y >= ui->s.button_h)
                list_tap(ui, e->x, e->y);
            else if (sc)
                inertia_stop(sc);
        }
        break;
    case GESTURE_DRAG_BEGIN:
        ui->pressing = 0;
        ui->dirty = 1;
        ui->drag_axis = AXIS_NONE;
        if (sc)
            inertia_stop(sc);
        break;
    case GESTURE_DRAG:
        if (ui->drag_axis == AXIS_NONE)
            ui->drag_axis = abs(e->x - e->start_x) > abs(e->y - e->start_y) ? AXIS_H : AXIS_V;
        if (ui->drag_axis == AXIS_V && sc) {
            inertia_move(sc, -e->dy);
            ui->dirty = 1;
        }
        if (ui->drag_axis == AXIS_H && ui->screen == UI_SCREEN_HEADLINES && !ui->trans &&
            ui->set && ui->set->n > 1) {
            ui->hdrag = 1;
            ui->hdrag_dx = e->x - e->start_x;
            ui->snap = 0;
            ui->dirty = 1;
        }
        break;
    case GESTURE_DRAG_END:
        if (ui->drag_axis == AXIS_V && sc) {
            inertia_fling(sc, -e->vy);
            ui->dirty = 1;
        }
        if (ui->hdrag) {
            /* slide back, unless the SWIPE that may follow takes it on */
            ui->hdrag = 0;
            ui->snap = 1;
            ui->snap_dx = ui->hdrag_dx;
            ui->snap_start = ui->now;
            ui->dirty = 1;
        }
        break;
    case GESTURE_SWIPE_LEFT:
    case GESTURE_SWIPE_RIGHT: {
        /* the next story lies the way one reads: to the right of a
         * left-to-right reader (swipe left), to the left of a
         * right-to-left one (swipe right) */
        int vdir = e->kind == GESTURE_SWIPE_LEFT ? 1 : -1;
        int dir = ui->cfg.rtl_ui ? -vdir : vdir;
        if (ui->drag_axis == AXIS_V)
            break;
        if (ui->screen == UI_SCREEN_HEADLINES) {
            int dragged = ui->snap ? ui->snap_dx : 0;
            ui->snap = 0;
            go_story(ui, dir, 1);
            /* carry on from where the finger left the story */
            if (ui->trans && dragged * vdir < 0) {
                double p0 = (double)abs(dragged) / ui->W;
                ui->trans_p0 = p0 < 0.95 ? p0 : 0.95;
            }
        } else if (ui->screen == UI_SCREEN_ARTICLE && ui->set && ui->set->n > 1)
            open_article(ui, ui->art_index + dir, ui->art_from_list);
        break;
    }
    }
}

static void
scroll_by(Ui *ui, double delta)
{
    Inertia *sc = active_scroll(ui);
    if (sc) {
        inertia_move(sc, delta);
        ui->dirty = 1;
    }
}

static void
list_select(Ui *ui, int delta)
{
    if (ui->nrows == 0)
        return;
    /* from no selection, Down/End/Page Down count from before the first row */
    int sel = ui->list_sel < 0 ? (delta > 0 ? delta - 1 : 0) : ui->list_sel + delta;
    if (sel < 0)
        sel = 0;
    if (sel >= (int)ui->nrows)
        sel = (int)ui->nrows - 1;
    ui->list_sel = sel;
    /* keep the selected row in view */
    int view_h = ui->H - ui->s.button_h;
    const ListRow *r = &ui->rows[sel];
    Inertia *sc = &ui->list_scroll;
    if (r->y0 < sc->pos)
        inertia_move(sc, r->y0 - sc->pos);
    else if (r->y1 > sc->pos + view_h)
        inertia_move(sc, r->y1 - (sc->pos + view_h));
    ui->dirty = 1;
}

static int
key_event(Ui *ui, int key)
{
    int view_h = ui->H - ui->s.button_h;
    int line = lineh(ui, FONT_MAKE(ui->s.body_px, 0)) * 3;

    /* Right is "next" the way the reader reads: reversed right to left */
    if (ui->cfg.rtl_ui && (key == UI_KEY_LEFT || key == UI_KEY_RIGHT))
        key = key == UI_KEY_LEFT ? UI_KEY_RIGHT : UI_KEY_LEFT;

    if (key == UI_KEY_DIAG) {
        if (ui->diag_open)
            ui->diag_open = 0;
        else
            open_diag(ui);
        ui->dirty = 1;
        return 0;
    }
    if (ui->diag_open) {
        ui->diag_open = 0;
        ui->dirty = 1;
        return 0;
    }
    if (ui->imp.state != UI_IMPORT_NONE) {
        if (ui->imp.state != UI_IMPORT_RUNNING &&
            (key == UI_KEY_ENTER || key == UI_KEY_ESCAPE || key == UI_KEY_BACK)) {
            ui->imp.state = UI_IMPORT_NONE;
            ui->dirty = 1;
        }
        return 0;
    }
    switch (ui->screen) {
    case UI_SCREEN_EMPTY:
        return key == UI_KEY_ESCAPE && ui->cfg.can_quit;
    case UI_SCREEN_HEADLINES:
        switch (key) {
        case UI_KEY_ESCAPE: return ui->cfg.can_quit;
        case UI_KEY_ENTER: open_article(ui, ui->cur, 0); break;
        case UI_KEY_RIGHT: go_story(ui, 1, 1); break;
        case UI_KEY_LEFT: go_story(ui, -1, 1); break;
        case UI_KEY_DOWN:
        case UI_KEY_LIST: open_list(ui); break;
        }
        break;
    case UI_SCREEN_ARTICLE:
        switch (key) {
        case UI_KEY_ESCAPE:
        case UI_KEY_BACK: back(ui); break;
        case UI_KEY_RIGHT:
            if (ui->set && ui->set->n > 1)
                open_article(ui, ui->art_index + 1, ui->art_from_list);
            break;
        case UI_KEY_LEFT:
            if (ui->set && ui->set->n > 1)
                open_article(ui, ui->art_index - 1, ui->art_from_list);
            break;
        case UI_KEY_DOWN: scroll_by(ui, line); break;
        case UI_KEY_UP: scroll_by(ui, -line); break;
        case UI_KEY_PAGEDOWN:
        case UI_KEY_ENTER: scroll_by(ui, view_h * 9 / 10); break;
        case UI_KEY_PAGEUP: scroll_by(ui, -view_h * 9 / 10); break;
        case UI_KEY_HOME: scroll_by(ui, -1e9); break;
        case UI_KEY_END: scroll_by(ui, 1e9); break;
        }
        break;
    case UI_SCREEN_LIST:
        switch (key) {
        case UI_KEY_ESCAPE:
        case UI_KEY_BACK:
        case UI_KEY_LIST: back(ui); break;
        case UI_KEY_DOWN: list_select(ui, 1); break;
        case UI_KEY_UP: list_select(ui, -1); break;
        case UI_KEY_PAGEDOWN: list_select(ui, 5); break;
        case UI_KEY_PAGEUP: list_select(ui, -5); break;
        case UI_KEY_HOME: list_select(ui, -1000000); break;
        case UI_KEY_END: list_select(ui, 1000000); break;
        case UI_KEY_ENTER:
            if (ui->list_sel >= 0 && ui->list_sel < (int)ui->nrows)
                open_article(ui, ui->rows[ui->list_sel].index, 1);
            break;
        }
        break;
    }
    return 0;
}

int
ui_event(Ui *ui, const UiEvent *ev)
{
    GestureEvent out[GESTURE_MAX_EVENTS];
    int n = 0;

    if (ev->t_ms > ui->now)
        ui->now = ev->t_ms;
    ui->last_input = ui->now;
    if (ui->night && !ui->woken) {
        /* the first touch at night only wakes the screen; the rest of that
         * touch (moves, the release) finds no press and does nothing */
        ui->woken = 1;
        ui->wake_until = ui->now + ui->cfg.idle_ms;
        ui->g.down = 0;
        ui->dirty = 1;
        return 0;
    }
    if (ui->woken)
        ui->wake_until = ui->now + ui->cfg.idle_ms;
    /* any touch or key gives the reader a full cycle on this story */
    restart_cycle(ui);
    if (ev->kind == UI_EV_DOWN || (ui->pressing && ev->kind != UI_EV_KEY)) {
        /* light up what the finger is on until it lifts or drags */
        ui->pressing = ev->kind == UI_EV_DOWN || (ev->kind == UI_EV_MOVE && !ui->g.dragging);
        ui->press_x = ev->x;
        ui->press_y = ev->y;
        ui->dirty = 1;
    }
    switch (ev->kind) {
    case UI_EV_DOWN:
        ui->hdrag = 0;
        n = gesture_down(&ui->g, ev->x, ev->y, ui->now, out);
        break;
    case UI_EV_MOVE:
        n = gesture_move(&ui->g, ev->x, ev->y, ui->now, out);
        break;
    case UI_EV_UP:
        n = gesture_up(&ui->g, ev->x, ev->y, ui->now, out);
        break;
    case UI_EV_KEY:
        return key_event(ui, ev->key);
    }
    for (int i = 0; i < n; i++)
        gesture_event(ui, &out[i]);
    return 0;
}

/* --- public: time ------------------------------------------------------- */

/* Something holds the attract loop still: a finger down, an overlay, night. */
static int
cycle_blocked(const Ui *ui)
{
    return ui->g.down || ui->diag_open || ui->imp.state != UI_IMPORT_NONE ||
           (ui->night && !ui->woken);
}

void
ui_tick(Ui *ui, int64_t now_ms)
{
    GestureEvent out[GESTURE_MAX_EVENTS];
    int64_t dt = ui->started ? now_ms - ui->now : 0;

    if (!ui->started) {
        ui->started = 1;
        ui->now = now_ms;
        ui->last_input = now_ms;
        restart_cycle(ui);
        if (ui->minute < 0)
            ui_set_clock(ui, ui->wall_s, ui->utc_off, ui->suspect);
    }
    if (now_ms > ui->now)
        ui->now = now_ms;
    else
        dt = 0;

    int n = gesture_tick(&ui->g, ui->now, out);
    for (int i = 0; i < n; i++)
        gesture_event(ui, &out[i]);

    if (ui->woken && ui->now >= ui->wake_until) {
        ui->woken = 0;
        ui->dirty = 1;
    }
    if (ui->snap) {
        if (ui->now - ui->snap_start >= SNAP_MS)
            ui->snap = 0;
        ui->dirty = 1;
    }
    if (ui->trans) {
        if (ui->now - ui->trans_start >= ui->cfg.transition_ms) {
            ui->trans = 0;
            drop_retired(ui);
        }
        ui->dirty = 1;
    }
    if (ui->diag_open && ui->now >= ui->diag_until) {
        ui->diag_open = 0;
        ui->dirty = 1;
        restart_cycle(ui);
    }
    Inertia *sc = active_scroll(ui);
    if (sc && sc->vel != 0 && dt > 0) {
        inertia_step(sc, (int)(dt > 1000 ? 1000 : dt));
        ui->dirty = 1;
    }
    if ((ui->screen == UI_SCREEN_ARTICLE || ui->screen == UI_SCREEN_LIST) &&
        ui->now - ui->last_input >= ui->cfg.idle_ms && !ui->g.down)
        to_headlines(ui);
    if (ui->screen == UI_SCREEN_EMPTY && ui->pending)
        swap_pending(ui);
    /* the attract loop; paused at night while blank or dimmed */
    if (ui->screen == UI_SCREEN_HEADLINES && !ui->trans) {
        if (cycle_blocked(ui))
            restart_cycle(ui);  /* a full cycle again once the reader lets go */
        else if (ui->now >= ui->cycle_deadline) {
            if (ui->pending || (ui->set && ui->set->n > 1))
                go_story(ui, 1, 1);
            else
                restart_cycle(ui);
        }
    }
}

int
ui_dirty(const Ui *ui)
{
    return ui->dirty;
}

int64_t
ui_next_ms(const Ui *ui, int64_t now_ms)
{
    int64_t next = 60000;
    const Inertia *sc = ui->screen == UI_SCREEN_ARTICLE ? &ui->art_scroll
                        : ui->screen == UI_SCREEN_LIST  ? &ui->list_scroll
                                                        : NULL;

#define AT(t)                                                                              \
    do {                                                                                   \
        int64_t d_ = (t) - now_ms;                                                         \
        if (d_ < next)                                                                     \
            next = d_;                                                                     \
    } while (0)
    if (ui->trans || ui->snap || (sc && sc->vel != 0))
        return FRAME_MS;
    /* the status clock's next minute */
    int64_t local = ui->wall_s + ui->utc_off;
    next = (60 - (local % 60 + 60) % 60) * 1000;
    if (ui->screen == UI_SCREEN_HEADLINES && !cycle_blocked(ui) &&
        (ui->pending || (ui->set && ui->set->n > 1)))
        AT(ui->cycle_deadline);
    if ((ui->screen == UI_SCREEN_ARTICLE || ui->screen == UI_SCREEN_LIST) && !ui->g.down)
        AT(ui->last_input + ui->cfg.idle_ms);
    if (ui->diag_open)
        AT(ui->diag_until);
    if (ui->woken)
        AT(ui->wake_until);
    int64_t g = gesture_next_ms(&ui->g, now_ms);
    if (g >= 0 && g < next)
        next = g;
#undef AT
    return next < 0 ? 0 : next;
}

/* --- public: drawing ----------------------------------------------------- */

static DrawOp *
put(DrawList *dl, int kind, int *oom)
{
    DrawOp *op = drawlist_push(dl, kind);
    if (op == NULL)
        *oom = 1;
    return op;
}

static void
fill(DrawList *dl, int x, int y, int w, int h, Color c, int *oom)
{
    DrawOp *op = put(dl, DRAW_FILL, oom);
    if (op) {
        op->rect = (Rect){x, y, w, h};
        op->color = c;
    }
}

/* One line of chrome text, measured; ellipsized into max_w when given. */
static int
text(Ui *ui, DrawList *dl, int font, Color c, int x, int y, const char *s, int max_w, int *oom)
{
    DrawOp *op = put(dl, DRAW_TEXT, oom);
    int w = textw(ui, font, s, strlen(s));

    if (op == NULL)
        return w;
    op->rect = (Rect){x, y, w, lineh(ui, font)};
    op->color = c;
    op->font = font;
    op->text = s;
    op->len = strlen(s);
    para_dir(&ui->cfg, op, 0, 1, s, op->len);
    if (max_w > 0 && w > max_w) {
        LayoutLines ll = {0};
        if (layout_wrap(&ui->m, font, s, strlen(s), max_w, 1, &ll) == 1) {
            op->len = ll.v[0].len;
            op->ellipsis = ll.v[0].ellipsis;
            op->rect.w = w = ll.v[0].width_px;
        }
        layout_lines_free(&ll);
    }
    return w;
}

/* Copy the ops of d shifted by (dx, dy), skipping those wholly outside
 * rows [clip_y0, clip_y1) of the picture. */
static void
put_doc(DrawList *dl, const Doc *d, int dx, int dy, int clip_y0, int clip_y1, int *oom)
{
    for (size_t i = 0; i < d->n; i++) {
        const DrawOp *s = &d->ops[i];
        int y = s->rect.y + dy;
        if (y + s->rect.h <= clip_y0 || y >= clip_y1)
            continue;
        if (s->rect.x + dx + s->rect.w <= 0 || s->rect.x + dx >= dl->width)
            continue;
        DrawOp *op = put(dl, s->kind, oom);
        if (op == NULL)
            return;
        *op = *s;
        op->rect.x += dx;
        op->rect.y = y;
    }
}

/* Mirror the ops drawn since n0 across the picture, for a right-to-left UI. */
static void
mirror_since(Ui *ui, DrawList *dl, size_t n0)
{
    if (ui->cfg.rtl_ui)
        mirror_ops(dl->ops, n0, dl->n, 0, ui->W);
}

/* The status line, laid out left to right: clock and day, the content date
 * at the far side, hint centred; mirrored for a right-to-left UI. */
static void
draw_status(Ui *ui, DrawList *dl, const char *hint, int *oom)
{
    const LayoutScale *s = &ui->s;
    int sh = status_h(ui), y0 = ui->H - sh;
    int sf = FONT_MAKE(s->status_px, 0), bf = FONT_MAKE(s->status_px, 1);
    int ty = y0 + (sh - lineh(ui, sf)) / 2;
    char date[32];
    const char *updated = ui->set ? ui->set->updated : "";
    size_t n0 = dl->n;

    fill(dl, -64, y0, ui->W + 128, sh + 64, ui->th.bar, oom);
    fill(dl, -64, y0, ui->W + 128, 1, ui->th.divider, oom);
    fmt_date(updated, date, sizeof date);
    int x = s->margin, lw = 0, rw = 0;
    if (ui->suspect) {
        ui->clock_str[0] = '\0';
        /* TRANSLATORS: the status line when the kiosk's clock cannot be
         * trusted: %s is the content's date, or "the last import". */
        snprintf(ui->status_right, sizeof ui->status_right, _("news as of %s"),
                 date[0] ? date : _("the last import"));
        lw = text(ui, dl, bf, ui->th.text2, x, ty, ui->status_right, ui->W / 2, oom);
    } else {
        time_t t = (time_t)(ui->wall_s + ui->utc_off);
        struct tm tm;
        gmtime_r(&t, &tm);
        snprintf(ui->clock_str, sizeof ui->clock_str, "%02d:%02d", tm.tm_hour, tm.tm_min);
        /* TRANSLATORS: today beside the clock: short weekday, day, short
         * month ("Fri 10 Jan"). Reorder with %1$s (weekday), %2$d (day),
         * %3$s (month). */
        snprintf(ui->pos_str, sizeof ui->pos_str, C_("status: weekday day month", "%s %d %s"),
                 day_name(tm.tm_wday % 7), tm.tm_mday, month_name(tm.tm_mon % 12 + 1));
        lw = text(ui, dl, bf, ui->th.text, x, ty, ui->clock_str, 0, oom);
        lw += s->unit * 2;
        lw += text(ui, dl, sf, ui->th.muted, x + lw, ty, ui->pos_str, 0, oom);
        /* the long form where it fits, else a short one (portrait, TFT) */
        /* TRANSLATORS: the status line's far side: when the news on the
         * kiosk was made; %s is a date. The second is a shorter form for
         * small screens. */
        for (int i = 0; date[0] && i < 2; i++) {
            snprintf(ui->status_right, sizeof ui->status_right,
                     i == 0 ? _("content updated %s") : _("updated %s"), date);
            int w = textw(ui, sf, ui->status_right, strlen(ui->status_right));
            if (w < ui->W - 2 * s->margin - lw - s->unit * 4) {
                text(ui, dl, sf, ui->th.muted, ui->W - s->margin - w, ty, ui->status_right, 0,
                     oom);
                rw = w;
                break;
            }
        }
    }
    if (hint) {
        /* centred, and only where it clears both sides */
        int hw = textw(ui, sf, hint, strlen(hint));
        int hx = (ui->W - hw) / 2, gap = s->unit * 4;
        if (hx >= x + lw + gap && hx + hw <= ui->W - s->margin - rw - gap)
            text(ui, dl, sf, ui->th.accent, hx, ty, hint, 0, oom);
    }
    mirror_since(ui, dl, n0);
}

static void
draw_dots(Ui *ui, DrawList *dl, int *oom)
{
    size_t n = ui->set ? ui->set->n : 0;
    if (ui->total_hint > n)
        n = ui->total_hint;
    int d = dot_size(ui), gap = d + d / 2;
    int y = ui->H - status_h(ui) - ui->s.unit * 3 - d;
    size_t n0 = dl->n;

    if (n < 2)
        return;
    if (n <= 24 && (int)n * gap < ui->W - 2 * ui->s.margin) {
        int x = (ui->W - ((int)n * gap - gap + d)) / 2;
        for (size_t i = 0; i < n; i++) {
            DrawOp *op = put(dl, DRAW_DOT, oom);
            if (op == NULL)
                return;
            int on = (int)i == ui->cur;
            op->rect = (Rect){x + (int)i * gap, y, d, d};
            op->color = on ? ui->th.accent : ui->th.dot;
            if (on)
                op->rect = (Rect){op->rect.x - d / 4, y - d / 4, d + d / 2, d + d / 2};
        }
        mirror_since(ui, dl, n0);  /* the first story at the right */
        return;
    }
    int f = FONT_MAKE(ui->s.status_px, 1);
    snprintf(ui->count_str, sizeof ui->count_str, "%d / %zu", ui->cur + 1, n);
    int w = textw(ui, f, ui->count_str, strlen(ui->count_str));
    text(ui, dl, f, ui->th.muted, (ui->W - w) / 2, y + d / 2 - lineh(ui, f) / 2, ui->count_str,
         0, oom);
    mirror_since(ui, dl, n0);
}

static double
ease(double p)
{
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    return 1 - pow(1 - p, 3);  /* ease-out cubic: quick start, soft landing */
}

static void
draw_headlines(Ui *ui, DrawList *dl, int *oom)
{
    const LayoutScale *s = &ui->s;
    int top, bottom;

    story_area(ui, &top, &bottom);
    if (ui->trans) {
        double p = ease((double)(ui->now - ui->trans_start) / ui->cfg.transition_ms);
        p = ui->trans_p0 + (1 - ui->trans_p0) * p;
        int off = (int)lround(p * ui->W);
        /* the next story comes in from the right, or from the left for a
         * right-to-left reader */
        int vdir = ui->cfg.rtl_ui ? -ui->trans_dir : ui->trans_dir;
        const HeadlineSet *fs = ui->trans_from_set;
        if (fs && ui->trans_from < (int)fs->n)
            put_doc(dl, get_card(ui, fs, ui->trans_from), -vdir * off, 0, 0, ui->H, oom);
        put_doc(dl, get_card(ui, ui->set, ui->cur), vdir * (ui->W - off), 0, 0, ui->H, oom);
    } else if (ui->hdrag || ui->snap) {
        /* the story under the finger, and the one it uncovers */
        int dx = ui->hdrag ? ui->hdrag_dx
                           : (int)lround(ui->snap_dx * (1 - ease((double)(ui->now - ui->snap_start) /
                                                                 SNAP_MS)));
        int n = (int)ui->set->n;
        int right = ui->cfg.rtl_ui ? (ui->cur + n - 1) % n : (ui->cur + 1) % n;
        int left = ui->cfg.rtl_ui ? (ui->cur + 1) % n : (ui->cur + n - 1) % n;
        put_doc(dl, get_card(ui, ui->set, ui->cur), dx, 0, 0, ui->H, oom);
        if (dx < 0)
            put_doc(dl, get_card(ui, ui->set, right), ui->W + dx, 0, 0, ui->H, oom);
        else if (dx > 0)
            put_doc(dl, get_card(ui, ui->set, left), dx - ui->W, 0, 0, ui->H, oom);
    } else {
        put_doc(dl, get_card(ui, ui->set, ui->cur), 0, 0, 0, ui->H, oom);
    }
    /* the All stories button (top left for a right-to-left reader) */
    Rect b = list_button(ui);
    int lf = FONT_MAKE(s->label_px, 1);
    size_t n0 = dl->n;
    fill(dl, b.x, b.y, b.w, b.h, pressed_on(ui, ui_rect(ui, b)) ? ui->th.pressed : ui->th.surface,
         oom);
    text(ui, dl, lf, ui->th.text2, b.x + s->unit * 2, b.y + (b.h - lineh(ui, lf)) / 2,
         _("All stories"), 0, oom);
    mirror_since(ui, dl, n0);
    draw_dots(ui, dl, oom);
    /* TRANSLATORS: the hint at the bottom of the headline screen. */
    draw_status(ui, dl, _("Touch a story to read it"), oom);
}

static void
draw_topbar(Ui *ui, DrawList *dl, const char *title, const char *right, int *oom)
{
    const LayoutScale *s = &ui->s;
    Rect b = back_button(ui);
    int lf = FONT_MAKE(s->summary_px, 1), mf = FONT_MAKE(s->meta_px, 0);
    int ty = (b.h - lineh(ui, lf)) / 2;
    size_t n0 = dl->n, chevron;

    fill(dl, -64, -64, ui->W + 128, b.h + 64, ui->th.bar, oom);
    fill(dl, -64, b.h - 1, ui->W + 128, 1, ui->th.divider, oom);
    fill(dl, s->margin / 2, s->unit, b.w - s->margin / 2, b.h - 2 * s->unit,
         pressed_on(ui, ui_rect(ui, b)) ? ui->th.pressed : ui->th.surface, oom);
    int x = s->margin / 2 + s->unit * 2;
    /* a chevron a size up, centred on the label, pointing the way back:
     * left, or right for a right-to-left reader */
    int cf = FONT_MAKE(s->title_px, 1);
    chevron = dl->n;
    x += text(ui, dl, cf, ui->th.accent, x, ty + (lineh(ui, lf) - lineh(ui, cf)) / 2 - 1,
              ui->cfg.rtl_ui ? "\xe2\x80\xba" : "\xe2\x80\xb9", 0, oom);
    /* TRANSLATORS: the button that leaves a story or the list. */
    text(ui, dl, lf, ui->th.accent, x + s->unit * 2, ty, _("Back"), 0, oom);
    int rw = 0;
    if (right && right[0]) {
        rw = textw(ui, mf, right, strlen(right));
        text(ui, dl, mf, ui->th.muted, ui->W - s->margin - rw, (b.h - lineh(ui, mf)) / 2, right,
             0, oom);
    }
    if (title && title[0]) {
        int tx = b.w + s->margin;
        text(ui, dl, lf, ui->th.text, tx, ty, title, ui->W - tx - rw - 2 * s->margin, oom);
    }
    mirror_since(ui, dl, n0);
    /* the chevron is drawn as the glyph it is: a backend must not mirror
     * it again as a bidi-mirrored character in a right-to-left run */
    if (chevron < dl->n && dl->ops[chevron].kind == DRAW_TEXT)
        dl->ops[chevron].rtl = 0;
}

static void
draw_scrollbar(Ui *ui, DrawList *dl, const Inertia *sc, int content_h, int *oom)
{
    int y0 = ui->s.button_h, view_h = ui->H - y0;
    int bw = ui->s.unit > 3 ? ui->s.unit : 3;

    if (content_h <= view_h)
        return;
    int th = view_h * view_h / content_h;
    if (th < ui->s.button_h / 2)
        th = ui->s.button_h / 2;
    int ty = y0 + (int)((view_h - th) * (sc->max > 0 ? sc->pos / sc->max : 0));
    int x = ui->W - bw - ui->s.unit;
    size_t n0 = dl->n;
    fill(dl, x, y0 + ui->s.unit, bw, view_h - 2 * ui->s.unit, ui->th.surface, oom);
    fill(dl, x, ty, bw, th, ui->th.thumb, oom);
    mirror_since(ui, dl, n0);  /* on the left for a right-to-left reader */
}

static void
clip(DrawList *dl, int x, int y, int w, int h, int *oom)
{
    DrawOp *op = put(dl, DRAW_CLIP, oom);
    if (op)
        op->rect = (Rect){x, y, w, h};
}

static void
draw_article(Ui *ui, DrawList *dl, int *oom)
{
    int y0 = ui->s.button_h;

    clip(dl, 0, y0, ui->W, ui->H - y0, oom);
    put_doc(dl, &ui->art_doc, 0, y0 - (int)lround(ui->art_scroll.pos), y0, ui->H, oom);
    clip(dl, 0, 0, 0, 0, oom);
    draw_scrollbar(ui, dl, &ui->art_scroll, ui->art_doc.height, oom);
    if (ui->set && ui->set->n > 1)
        snprintf(ui->count_str, sizeof ui->count_str, "%d / %zu", ui->art_index + 1,
                 ui->set->n);
    else
        ui->count_str[0] = '\0';
    draw_topbar(ui, dl, NULL, ui->count_str, oom);
}

static void
draw_list(Ui *ui, DrawList *dl, int *oom)
{
    int y0 = ui->s.button_h;
    int off = y0 - (int)lround(ui->list_scroll.pos);

    clip(dl, 0, y0, ui->W, ui->H - y0, oom);
    if (ui->list_sel >= 0 && ui->list_sel < (int)ui->nrows) {
        const ListRow *r = &ui->rows[ui->list_sel];
        fill(dl, 0, r->y0 + off, ui->W, r->y1 - r->y0, ui->th.surface, oom);
    }
    if (ui->pressing && ui->press_y >= y0) {
        for (size_t i = 0; i < ui->nrows; i++) {
            const ListRow *r = &ui->rows[i];
            if (ui->press_y - off >= r->y0 && ui->press_y - off < r->y1)
                fill(dl, 0, r->y0 + off, ui->W, r->y1 - r->y0, ui->th.pressed, oom);
        }
    }
    put_doc(dl, &ui->list_doc, 0, off, y0, ui->H, oom);
    clip(dl, 0, 0, 0, 0, oom);
    draw_scrollbar(ui, dl, &ui->list_scroll, ui->list_doc.height, oom);
    size_t n = ui->set ? ui->set->n : 0;
    /* TRANSLATORS: the count at the far side of the list's top bar. */
    snprintf(ui->pos_str, sizeof ui->pos_str, _n("%d story", "%d stories", n), (int)n);
    draw_topbar(ui, dl, _("All stories"), ui->pos_str, oom);
}

static void
draw_empty(Ui *ui, DrawList *dl, int *oom)
{
    const LayoutScale *s = &ui->s;
    Doc d = {0};
    int x = s->margin * 2, w = ui->W - 4 * s->margin;
    int hf = FONT_MAKE(s->headline_px * 4 / 5, 1), bf = FONT_MAKE(s->summary_px, 0);
    int mf = FONT_MAKE(s->meta_px, 0);
    /* TRANSLATORS: the screen with no news: how to load a stick. Keep
     * "newskiosk", "newskiosk/articles", ".txt" and "newskiosk sign" as
     * they are: they are names the operator types. */
    const char *const steps[] = {
        _("1.  On any computer, make a folder named newskiosk on a USB stick."),
        _("2.  Put one .txt file per story in newskiosk/articles: the first line is the "
          "headline, the next line the summary, then the story."),
        ui->cfg.signed_only
            ? _("3.  Sign the stick with the editor's key (newskiosk sign), then plug it into "
                "this kiosk: it accepts only signed sticks.")
            : _("3.  Plug the stick into this kiosk. The stories appear here when the import "
                "is done."),
    };
    const char *heading = _("No news loaded yet"), *intro = _("To load stories:");
    if (ui->empty_why == UI_EMPTY_DAMAGED) {
        heading = _("The stored news was damaged");
        intro = _("Insert a stick to load the news again:");
    } else if (ui->empty_why == UI_EMPTY_EXPIRED) {
        heading = _("All stories have expired");
        intro = _("To load new stories:");
    }
    size_t n0 = dl->n;
    int maxw = s->body_px * 34;

    if (w > maxw) {
        w = maxw;
        x = (ui->W - w) / 2;
    }
    /* measure first so the block can be centred */
    int hp = lineh(ui, hf), bp = lineh(ui, bf) * 6 / 5, mp = lineh(ui, mf) * 6 / 5;
    int total = hp * count_lines(ui, hf, heading, w, 2) + s->unit * 4;
    for (size_t i = 0; i < 3; i++)
        total += mp * count_lines(ui, mf, steps[i], w, 4) + s->unit * 2;
    total += bp;
    int y = (ui->H - status_h(ui) - total) / 2;
    if (y < s->margin)
        y = s->margin;
    doc_fill(&d, x, y - s->unit * 3, s->unit * 8, s->unit / 2 > 2 ? s->unit / 2 : 2,
             ui->th.accent);
    size_t from = d.n;
    y = doc_chrome(ui, &d, hf, ui->th.text, x, y, w, heading, 2, hp, NULL);
    para_dir(&ui->cfg, d.ops, from, d.n, heading, strlen(heading));
    y += s->unit * 2;
    from = d.n;
    y = doc_chrome(ui, &d, bf, ui->th.text2, x, y, w, intro, 1, bp, NULL);
    para_dir(&ui->cfg, d.ops, from, d.n, intro, strlen(intro));
    y += s->unit * 2;
    for (size_t i = 0; i < 3; i++) {
        from = d.n;
        y = doc_chrome(ui, &d, mf, ui->th.muted, x, y, w, steps[i], 4, mp, NULL);
        para_dir(&ui->cfg, d.ops, from, d.n, steps[i], strlen(steps[i]));
        y += s->unit * 2;
    }
    put_doc(dl, &d, 0, 0, 0, ui->H, oom);
    mirror_since(ui, dl, n0);
    /* the doc's ops point at static strings and at gettext's catalogue
     * (mapped for the life of the process) only, so they outlive it */
    free(d.ops);
    arena_free(&d.strs);
    draw_status(ui, dl, NULL, oom);
}

/* The import screen: a badge (a tick when done, "!" when refused), the
 * title, the progress bar and count while running, then the detail lines;
 * "remove the stick" stands out because that is what the operator waits for. */
static void
draw_import(Ui *ui, DrawList *dl, int *oom)
{
    const LayoutScale *s = &ui->s;
    const UiImport *im = &ui->imp;
    int x = s->margin * 2, w = ui->W - 4 * s->margin;
    int tf = FONT_MAKE(s->title_px, 1), bf = FONT_MAKE(s->summary_px, 0);
    int mf = FONT_MAKE(s->body_px, 0), kf = FONT_MAKE(s->summary_px, 1);
    int y = ui->H / 6;
    const Color ok = ui->th.contrast ? 0xFF00FF66 : 0xFF5BC77A;
    const Color bad = ui->th.contrast ? 0xFFFF5050 : 0xFFFF6B5E;
    const char *remove = _("You can remove the stick now.");
    size_t n0 = dl->n;

    if (w > s->body_px * 40) {
        w = s->body_px * 40;
        x = (ui->W - w) / 2;
    }
    fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.bg, oom);
    if (im->state != UI_IMPORT_RUNNING) {
        int d = lineh(ui, tf) * 3 / 2;
        DrawOp *op = put(dl, DRAW_DOT, oom);
        if (op) {
            op->rect = (Rect){x, y, d, d};
            op->color = im->state == UI_IMPORT_DONE ? ok : bad;
        }
        const char *glyph = im->state == UI_IMPORT_DONE ? "\xe2\x9c\x93" : "!";
        int gw = textw(ui, tf, glyph, strlen(glyph));
        text(ui, dl, tf, ui->th.on_label, x + (d - gw) / 2, y + (d - lineh(ui, tf)) / 2, glyph, 0,
             oom);
        y += d + s->unit * 3;
    }
    const char *title = im->title[0] ? im->title
                        : im->state == UI_IMPORT_RUNNING ? _("Importing news from the USB stick")
                        : im->state == UI_IMPORT_DONE    ? _("Import finished")
                                                         : _("Import failed");
    text(ui, dl, tf, im->state == UI_IMPORT_FAILED ? bad : ui->th.text, x, y, title, w, oom);
    y += lineh(ui, tf) + s->unit * 4;
    if (im->state == UI_IMPORT_RUNNING) {
        int bh = s->unit * 4;
        fill(dl, x, y, w, bh, ui->th.surface, oom);
        if (im->total > 0) {
            int done = im->done < im->total ? im->done : im->total;
            fill(dl, x, y, (int)((int64_t)w * done / im->total), bh, ui->th.accent, oom);
            /* TRANSLATORS: import progress: articles done of the total. */
            snprintf(ui->progress_str, sizeof ui->progress_str,
                     _n("%d of %d article", "%d of %d articles", im->total), im->done, im->total);
            snprintf(ui->pct_str, sizeof ui->pct_str, "%d%%",
                     (int)((int64_t)done * 100 / im->total));
        } else {
            snprintf(ui->progress_str, sizeof ui->progress_str, "%s",
                     _("Reading the stick\xe2\x80\xa6"));
            ui->pct_str[0] = '\0';
        }
        y += bh + s->unit * 3;
        int pw = textw(ui, kf, ui->pct_str, strlen(ui->pct_str));
        text(ui, dl, bf, ui->th.text2, x, y, ui->progress_str, w - pw - s->unit * 4, oom);
        if (ui->pct_str[0])
            text(ui, dl, kf, ui->th.text, x + w - pw, y, ui->pct_str, 0, oom);
        y += lineh(ui, bf) + s->unit * 4;
    }
    /* Each detail line wraps (a refusal reason names a file and says why:
     * it is often wider than a small screen), up to three lines each. */
    for (const char *p = im->detail; *p && y < ui->H - s->margin - lineh(ui, kf);) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        /* the line the operator waits for (app/liveimport.c writes it) */
        int key = (n >= 14 && memcmp(p, "You can remove", 14) == 0) ||
                  (n >= strlen(remove) && memcmp(p, remove, strlen(remove)) == 0);
        int f = key ? kf : mf;
        LayoutLines ll = {0};
        if (key)
            y += s->unit * 2;
        if (layout_wrap(&ui->m, f, p, n, w, 3, &ll) < 0)
            *oom = 1;
        for (size_t i = 0; i < ll.n && y < ui->H - s->margin - lineh(ui, f); i++) {
            DrawOp *op = put(dl, DRAW_TEXT, oom);
            if (op) {
                op->rect = (Rect){x, y, ll.v[i].width_px, lineh(ui, f)};
                op->color = key ? ui->th.accent : ui->th.text2;
                op->font = f;
                op->text = p + ll.v[i].off;
                op->len = ll.v[i].len;
                op->ellipsis = ll.v[i].ellipsis;
                para_dir(&ui->cfg, op, 0, 1, p, n);
            }
            y += lineh(ui, f) * 6 / 5;
        }
        layout_lines_free(&ll);
        y += lineh(ui, f) / 4;
        p += n;
        if (*p == '\n')
            p++;
    }
    mirror_since(ui, dl, n0);
}

int
ui_draw(Ui *ui, DrawList *dl)
{
    int oom = 0;

    drawlist_reset(dl, ui->W, ui->H);
    ui->dirty = 0;
    if (ui->night && !ui->woken && ui->cfg.night_blank) {
        fill(dl, 0, 0, ui->W, ui->H, 0xFF000000, &oom);
        return oom ? K_ENOMEM : K_OK;
    }
    fill(dl, 0, 0, ui->W, ui->H, ui->th.bg, &oom);
    switch (ui->screen) {
    case UI_SCREEN_HEADLINES:
        if (ui->set && ui->set->n) {
            draw_headlines(ui, dl, &oom);
            break;
        }
        /* fall through */
    case UI_SCREEN_EMPTY:
        draw_empty(ui, dl, &oom);
        break;
    case UI_SCREEN_ARTICLE:
        draw_article(ui, dl, &oom);
        break;
    case UI_SCREEN_LIST:
        draw_list(ui, dl, &oom);
        break;
    }
    if (ui->imp.state != UI_IMPORT_NONE)
        draw_import(ui, dl, &oom);
    if (ui->diag_open) {
        fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.dim, &oom);
        put_doc(dl, &ui->diag_doc, 0, 0, 0, ui->H, &oom);
    }
    if (ui->night && !ui->woken)
        fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.dim, &oom);
    /* burn-in drift: everything but the background moves together */
    for (size_t i = 1; i < dl->n; i++) {
        DrawOp *op = &dl->ops[i];
        if (op->kind == DRAW_CLIP && op->rect.w == 0)
            continue;
        op->rect.x += ui->drift_dx;
        op->rect.y += ui->drift_dy;
    }
    return oom ? K_ENOMEM : K_OK;
}

/* --- public: inspection ------------------------------------------------- */

int
ui_screen(const Ui *ui)
{
    if (ui->diag_open)
        return UI_SCREEN_DIAG;
    if (ui->imp.state != UI_IMPORT_NONE)
        return UI_SCREEN_IMPORT;
    if (ui->screen == UI_SCREEN_HEADLINES && (ui->set == NULL || ui->set->n == 0))
        return UI_SCREEN_EMPTY;
    return ui->screen;
}

int
ui_story(const Ui *ui)
{
    if (ui->set == NULL || ui->set->n == 0)
        return -1;
    return ui->screen == UI_SCREEN_ARTICLE ? ui->art_index : ui->cur;
}

size_t
ui_story_count(const Ui *ui)
{
    return ui->set ? ui->set->n : 0;
}

int
ui_dark(const Ui *ui)
{
    return ui->night && !ui->woken && ui->cfg.night_blank;
}

int
ui_animating(const Ui *ui)
{
    const Inertia *sc = ui->screen == UI_SCREEN_ARTICLE ? &ui->art_scroll
                        : ui->screen == UI_SCREEN_LIST  ? &ui->list_scroll
                                                        : NULL;
    return ui->trans || ui->snap || (sc && sc->vel != 0);
}

double
ui_scroll(const Ui *ui)
{
    if (ui->screen == UI_SCREEN_ARTICLE)
        return ui->art_scroll.pos;
    if (ui->screen == UI_SCREEN_LIST)
        return ui->list_scroll.pos;
    return 0;
}

double
ui_scroll_max(const Ui *ui)
{
    if (ui->screen == UI_SCREEN_ARTICLE)
        return ui->art_scroll.max;
    if (ui->screen == UI_SCREEN_LIST)
        return ui->list_scroll.max;
    return 0;
}

void
ui_drift(const Ui *ui, int *dx, int *dy)
{
    *dx = ui->drift_dx;
    *dy = ui->drift_dy;
}
