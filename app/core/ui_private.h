/* SPDX-License-Identifier: MIT
 *
 * ui_private.h - the inside of the UI (ui.h is the outside): struct Ui, the
 * building blocks the screen files share, and the screen table.
 *
 * Only app/core/ui*.c, scr_*.c, overlays.c, chrome.c, frame.c, doc.c,
 * theme.c and arena.c include this. Start reading at UiScreenOps: one
 * screen is one file with one such table (scr_headlines.c, scr_article.c,
 * scr_list.c; the empty screen and the import and diagnostics overlays in
 * overlays.c), and ui.c decides which one is on top (top_ops there).
 *
 * Layers, bottom up: arena.c (strings) -> doc.c (a Doc: draw ops laid out
 * once, in document coordinates; the one text-op emitter) -> theme.c
 * (colours) -> frame.c (the DrawList of this frame) -> chrome.c (what
 * every screen shares: status line, top bar, scroll bar, dots, dates) ->
 * the screens -> ui.c (public API, events, ticking, night, drift).
 * libc only, plus libintl through i18n.h and app/text/unitext.h.
 */
#ifndef KIOSK_UI_PRIVATE_H
#define KIOSK_UI_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "draw.h"
#include "gesture.h"
#include "layout.h"
#include "ui.h"

#define FRAME_MS 16      /* a scroll, following the finger or coasting */
/* A headline slide's frames: 30 a second. Every pixel of the story area
 * moves, so each frame costs a whole card's drawing; at 60 a second the
 * slides every 8 s cost more CPU than everything else the kiosk does.
 * 400 ms in 12 steps still reads as a slide, not as a jump. */
#define SLIDE_FRAME_MS 33
#define SNAP_MS 200     /* a story let go short of a swipe slides back this fast */

/* --- arena.c: strings that live as long as a Doc or a headline set ---- */

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    char data[];
} Chunk;

typedef struct Arena {
    Chunk *head;
} Arena;

/* Copy s[0..n) and a NUL into a. Returns the copy (valid until
 * arena_free), or NULL when out of memory. */
char *arena_strndup(Arena *a, const char *s, size_t n);
/* arena_strndup of the whole of s; NULL s copies as "". */
char *arena_strdup(Arena *a, const char *s);
/* Free every string of a (a itself stays usable, empty). */
void arena_free(Arena *a);

/* --- doc.c: laid-out draw ops in document coordinates ------------------ */

typedef struct Doc {
    DrawOp *ops;
    size_t n, cap;
    Arena strs;
    int height;   /* bottom of the content, px */
    int oom;      /* an allocation failed: the doc is incomplete */
} Doc;

/* --- theme.c ------------------------------------------------------------ */

typedef struct Theme {
    Color bg, bar, surface, text, text2, muted, accent, divider, on_label, dim, thumb, dot;
    Color pressed;  /* a button or row under the finger */
    int contrast;
} Theme;

void theme_init(Theme *t, int high_contrast);
/* A stable colour per category name, so a reader learns them. */
Color theme_category_color(const Theme *t, const char *cat);

/* --- the state ----------------------------------------------------------- */

/* The stories of one category, in the list of all stories. */
typedef struct StoryGroup {
    const char *name;       /* the category ("" = none), in the set's arena */
    size_t first, n;        /* list positions [first, first + n) */
} StoryGroup;

/* A story set as the UI keeps it: 8 bytes a story, whatever its text
 * (ui_headline asks the host for that when it is laid out). */
typedef struct HeadlineSet {
    Arena arena;            /* the group names */
    uint32_t *id_lo;        /* the host's handles, in display order: their */
    uint32_t *id_hi;        /* low and high halves (id_hi NULL: all 0) */
    uint32_t *order;        /* list position -> display index, grouped by category */
    StoryGroup *groups;     /* by first appearance in the display order */
    size_t n, ngroups;
    char updated[48];
} HeadlineSet;

/* A Doc laid out once and kept under a key: (owner, index). A few of these
 * are a cache that lays out again only what it does not hold (doc_slot). */
typedef struct DocSlot {
    const void *owner;      /* NULL: empty */
    size_t index;
    uint64_t used;          /* the cache's clock when it was last asked for */
    Doc doc;
} DocSlot;

/* A group heading or a story row of the list, laid out at y = 0 (the list
 * keeps those lately shown: LIST_ITEMS, more than a tall screen holds). */
enum { LIST_HEAD = 1, LIST_ROW };
#define LIST_ITEMS 48

enum { AXIS_NONE, AXIS_V, AXIS_H };

/* The headline screen (scr_headlines.c); ui_tick ends its animations. */
typedef struct UiHeadlinesView {
    DocSlot cards[3];      /* headline cards: owner the set, index the story */
    uint64_t card_clock;
    int trans, trans_from, trans_dir;
    const HeadlineSet *trans_from_set;
    int64_t trans_start;
    double trans_p0;       /* a slide can start part-way: where a finger left it */
    int hdrag, hdrag_dx;   /* a story dragged sideways, following the finger */
    int snap, snap_dx;     /* a drag let go short of a swipe, sliding back */
    int64_t snap_start;
} UiHeadlinesView;

/* The open story (scr_article.c). */
typedef struct UiArticleView {
    Article story;
    int index, from_list;
    Doc doc;
    Inertia scroll;
    char count[48];        /* the top bar's "2 / 5" (this frame's ops point here) */
} UiArticleView;

/* All stories by category (scr_list.c): the geometry is arithmetic (a
 * heading per group, rows of one height), so opening and scrolling the
 * list costs the same with 100 stories as with 100,000. */
typedef struct UiListView {
    int *gy;               /* top of each group of ui->set, list coordinates */
    size_t ngy;
    int head_h, row_h;     /* a group heading (0 without a label), a row */
    int height;            /* of the whole list */
    DocSlot items[LIST_ITEMS]; /* owner the view, index 2 * (group or row) + kind */
    uint64_t clock;
    Inertia scroll;
    int sel, built;        /* sel: the keyboard's list position, -1 none */
    char count[48];        /* the top bar's "5 stories" */
} UiListView;

/* The diagnostics overlay (overlays.c). */
typedef struct UiDiagView {
    int open;
    int64_t until;
    Doc doc;
} UiDiagView;

/* The strings this frame's chrome ops point at. Ops borrow them until the
 * next frame, so each use has its own buffer: one shared between two uses
 * is rewritten by the later draw while an earlier op still points at it
 * (the import screen over the headlines' dots was such a case). */
typedef struct UiFrameStrings {
    char clock[48];        /* status line: "10:00" */
    char day[48];          /* status line: "Fri 10 Jan" */
    char note[128];        /* status line: "content updated ..." or "news as of ..." */
    char dots[48];         /* headlines: "3 / 40" when there are too many dots */
    char progress[96];     /* import: "13 of 40 articles" */
    char pct[16];          /* import: "32%" */
} UiFrameStrings;

struct Ui {
    UiConfig cfg;
    Metrics m;
    UiHost host;
    LayoutScale s;
    Theme th;
    int W, H;

    HeadlineSet *set, *pending, *retired;
    size_t total_hint;     /* stories in the whole list while a first batch shows */
    int screen;            /* EMPTY, HEADLINES, ARTICLE or LIST (see ui_screen_ops) */
    int cur;               /* story shown on the headlines / open */
    int64_t now, last_input, cycle_deadline;
    int started;           /* ui_tick has run once */

    UiHeadlinesView hl;
    UiArticleView art;
    UiListView list;
    UiDiagView diag;
    UiImport imp;

    Gesture g;
    int drag_axis, drag_target;
    int pressing, press_x, press_y;  /* a finger is down here, not dragging */

    int64_t wall_s;
    int utc_off, suspect;
    int64_t minute;        /* wall minute last drawn */
    int night, woken;
    int64_t wake_until;
    int drift_dx, drift_dy;

    int dirty;
    int empty_why;         /* UI_EMPTY_*: what the empty screen says */
    UiFrameStrings strs;
};

/* --- the screen table ---------------------------------------------------- */

/* One screen or overlay. ui.c calls these; a NULL entry is "nothing to
 * do". Adding a screen: a scr_<name>.c with its build/draw/key/gesture,
 * its view state in struct Ui, an UI_SCREEN_* in ui.h, and one line in
 * screens[] in ui.c. */
typedef struct UiScreenOps {
    int id;                 /* UI_SCREEN_* (what ui_screen reports) */
    /* Overlays only: 1 while it shows over the screen. */
    int (*shown)(const Ui *ui);
    /* The headline set changed in place (grew) while this screen shows:
     * lay the screen out again. */
    void (*build)(Ui *ui);
    /* Append the screen to dl (the background is already filled);
     * *oom = 1 when an op could not be added. */
    void (*draw)(Ui *ui, DrawList *dl, int *oom);
    /* A key (Left/Right already turned round for a right-to-left UI).
     * Returns 1 when the app should quit. */
    int (*key)(Ui *ui, int key);
    /* A tap, a sideways drag (drag_axis AXIS_H) or a swipe. ui.c handles
     * the rest of a drag itself (scrolling through scroll()). */
    void (*gesture)(Ui *ui, const GestureEvent *e);
    /* The scroll this screen drags, flings and ticks, or NULL. */
    Inertia *(*scroll)(Ui *ui);
    /* 1: after cfg.idle_ms without input the UI returns to the headlines. */
    int idle_return;
} UiScreenOps;

extern const UiScreenOps scr_headlines_ops;   /* scr_headlines.c */
extern const UiScreenOps scr_article_ops;     /* scr_article.c */
extern const UiScreenOps scr_list_ops;        /* scr_list.c */
extern const UiScreenOps overlay_empty_ops;   /* overlays.c */
extern const UiScreenOps overlay_import_ops;  /* overlays.c */
extern const UiScreenOps overlay_diag_ops;    /* overlays.c */

/* --- metrics --------------------------------------------------------------- */

static inline int
textw(const Ui *ui, int font, const char *s, size_t n)
{
    return ui->m.text_width(ui->m.ctx, font, s, n);
}

static inline int
lineh(const Ui *ui, int font)
{
    return ui->m.line_height(ui->m.ctx, font);
}

/* Story i's handle (a UiStory id). */
static inline int64_t
set_id(const HeadlineSet *s, size_t i)
{
    return (int64_t)((uint64_t)(s->id_hi ? s->id_hi[i] : 0) << 32 | s->id_lo[i]);
}

/* --- doc.c ------------------------------------------------------------------ */

void doc_clear(Doc *d);
/* The slot of slots[0..n) that holds (owner, index), else the least
 * recently used one, emptied and keyed (owner, index), with *fresh set to 1:
 * the caller then lays out its doc. *clock counts the uses. */
DocSlot *doc_slot(DocSlot *slots, size_t n, uint64_t *clock, const void *owner, size_t index,
                  int *fresh);
/* Empty the slots of owner (NULL: every slot). */
void doc_slot_drop(DocSlot *slots, size_t n, const void *owner);
/* Append a zeroed op of 'kind' to d; NULL (and d->oom = 1) when out of memory. */
DrawOp *doc_push(Doc *d, int kind);
void doc_fill(Doc *d, int x, int y, int w, int h, Color c);
/* The one text-op emitter: wrap s[0..len) into d at (x, y) within width,
 * lines 'pitch' px apart, at most max_lines (<= 0: all; the last one then
 * ellipsized). rtl is the paragraph's base direction (1: lines set flush
 * right; -1: from its first strong character). The ops point into s: it
 * must live as long as d. Returns the y below the last line; *nlines (may
 * be NULL) gets the line count. */
int doc_lines(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
              size_t len, int max_lines, int pitch, int *nlines, int rtl);
/* doc_lines of the NUL-terminated s. */
int doc_wrap_dir(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
                 int max_lines, int pitch, int *nlines, int rtl);
/* doc_wrap_dir with the direction of s's first strong character. */
int doc_wrap(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
             int max_lines, int pitch, int *nlines);
/* Chrome text: set from the start of the column (rtl 0), to be mirrored
 * whole with doc_mirror and given its direction by doc_dir. */
int doc_chrome(Ui *ui, Doc *d, int font, Color c, int x, int y, int width, const char *s,
               int max_lines, int pitch, int *nlines);
/* Lines s would wrap to (capped at cap) without drawing. */
int doc_count_lines(Ui *ui, int font, const char *s, int width, int cap);
/* A category pill at (x, y), at most max_w wide. Returns its width. */
int doc_pill(Ui *ui, Doc *d, int x, int y, const char *label, int max_w);
/* Move the ops of d from 'first' on by dx. */
void doc_shift(Doc *d, size_t first, int dx);
/* Mirror ops[from..n) left-right within [x0, x1) (a Doc's or a DrawList's). */
void doc_mirror(DrawOp *ops, size_t from, size_t n, int x0, int x1);
/* Set the direction of the text ops ops[from..n) of chrome paragraph s. */
void doc_dir(const UiConfig *cfg, DrawOp *ops, size_t from, size_t n, const char *s, size_t len);
/* The base direction of a paragraph of a story: 1 = right to left. */
int doc_story_rtl(const char *lang, const char *dir, const char *s, size_t n);

/* --- frame.c: this frame's DrawList ------------------------------------------ */

DrawOp *frame_put(DrawList *dl, int kind, int *oom);
void frame_fill(DrawList *dl, int x, int y, int w, int h, Color c, int *oom);
void frame_clip(DrawList *dl, int x, int y, int w, int h, int *oom);
/* One line of chrome text s (borrowed until the next frame: see
 * UiFrameStrings), measured; ellipsized into max_w when > 0. Returns its width. */
int frame_label(Ui *ui, DrawList *dl, int font, Color c, int x, int y, const char *s, int max_w,
                int *oom);
/* Copy the ops of d shifted by (dx, dy), skipping those outside rows
 * [clip_y0, clip_y1) of the picture. */
void frame_doc(DrawList *dl, const Doc *d, int dx, int dy, int clip_y0, int clip_y1, int *oom);
/* Mirror the ops drawn since n0 across the picture, for a right-to-left UI. */
void frame_mirror(Ui *ui, DrawList *dl, size_t n0);

/* --- chrome.c: what the screens share ---------------------------------------- */

/* "2025-01-10..." -> "10 Jan 2025" in the UI language; "" when not a date. */
void chrome_date(const char *iso, char *buf, size_t size);
/* "Source · date", each part a bidi isolate. */
void chrome_meta(char *buf, size_t size, const char *source, const char *date);
/* Where the reader sees (and touches) what was laid out at r. */
Rect chrome_rect(const Ui *ui, Rect r);
int chrome_in_rect(Rect r, int x, int y);
/* A finger is down on r (and not dragging). */
int chrome_pressed(const Ui *ui, Rect r);
/* A long press at (x, y) opens diagnostics. */
int chrome_in_corner(const Ui *ui, int x, int y);
int chrome_pill_h(const Ui *ui);
int chrome_status_h(const Ui *ui);
int chrome_dot_size(const Ui *ui);
/* The Back target of the top bar, laid out left to right. */
Rect chrome_back_button(const Ui *ui);
/* 1 when a tap at (x, y) hits Back. */
int chrome_back_hit(const Ui *ui, int x, int y);
void chrome_draw_status(Ui *ui, DrawList *dl, const char *hint, int *oom);
void chrome_draw_dots(Ui *ui, DrawList *dl, int *oom);
/* The top bar: Back, title (may be NULL), right (borrowed; may be NULL). */
void chrome_draw_topbar(Ui *ui, DrawList *dl, const char *title, const char *right, int *oom);
void chrome_draw_scrollbar(Ui *ui, DrawList *dl, const Inertia *sc, int content_h, int *oom);
/* The story one step the way the reader reads for a swipe: +1 or -1; *vdir
 * (may be NULL) gets the way the finger went (+1 left). */
int chrome_swipe_dir(const Ui *ui, const GestureEvent *e, int *vdir);

/* --- the screens and overlays ---------------------------------------------------- */

/* Slide from the current story to story cur+dir (wrapping); a pending set
 * comes in instead. */
void scr_headlines_go(Ui *ui, int dir, int animate);
/* Drop the cards laid out for set. */
void scr_headlines_forget(Ui *ui, const HeadlineSet *set);
/* Open story idx of the current set (wrapping) in the article view. */
void scr_article_open(Ui *ui, int idx, int from_list);
/* Close the article (its story and layout). */
void scr_article_close(Ui *ui);
/* Show all stories (laid out when the set changed; a pending set first). */
void scr_list_open(Ui *ui);
/* Forget the list's layout (the set changed, or the UI is freed). */
void scr_list_forget(Ui *ui);
/* Open diagnostics for cfg.diag_ms. */
void overlay_diag_open(Ui *ui);

/* --- ui.c ------------------------------------------------------------------------- */

void ui_restart_cycle(Ui *ui);
/* Story idx of set (display order) from the host, its strings copied into
 * a. K_OK; or < 0 with every field "" (the story is gone, or out of
 * memory). */
int ui_headline(Ui *ui, const HeadlineSet *set, size_t idx, Arena *a, UiHeadline *out);
/* Swap in a pending headline set (the old one retired while a slide shows it). */
void ui_swap_pending(Ui *ui);
void ui_drop_retired(Ui *ui);
/* Back to the headline loop (or the empty screen), a full cycle ahead. */
void ui_to_headlines(Ui *ui);

#endif
