/* SPDX-License-Identifier: MIT
 *
 * scr_list.c - the list of all stories: grouped by category (in order of
 * first appearance, each with its colour bar), a row per story (headline
 * and "source · date"), scrolled with inertia under the top bar (Back,
 * "5 stories"); a tap or Enter on a row opens that story.
 *
 * The list is flat in the number of stories: every row has one height, so
 * where a row or a heading sits is arithmetic on the set's groups
 * (build_list, item_at), and only what is on screen is laid out, asking
 * the host for those headlines (get_item, keeping the LIST_ITEMS lately
 * shown). Opening the list with 100,000 stories lays out a screenful, as
 * with ten. The screen's state is ui->list (UiListView). See ui_private.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui_private.h"

/* --- geometry ------------------------------------------------------------ */

static int
title_font(const Ui *ui)
{
    return FONT_MAKE(ui->s.list_px, 1);
}

static int
meta_font(const Ui *ui)
{
    return FONT_MAKE(ui->s.meta_px, 0);
}

static int
head_font(const Ui *ui)
{
    return FONT_MAKE(ui->s.label_px, 1);
}

/* The heading of group g: its category, "More news" for stories without
 * one among others that have one, or none. */
static const char *
group_label(const HeadlineSet *set, size_t g)
{
    const char *name = set->groups[g].name;
    /* TRANSLATORS: the heading of stories without a category, in the
     * list of all stories when others have one. */
    return name[0] ? name : (set->ngroups > 1 ? _("More news") : "");
}

/* Where everything of the current set sits: the top of each group (its
 * heading, then its rows), every row two headline lines and a meta line
 * high. O(groups): no story is looked at. */
static void
build_list(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    const HeadlineSet *set = ui->set;
    UiListView *l = &ui->list;
    int y = s->unit * 3;

    scr_list_forget(ui);
    l->built = 1;
    l->head_h = lineh(ui, head_font(ui)) + s->unit * 2;
    l->row_h = s->unit * 4 + 2 * lineh(ui, title_font(ui)) + s->unit / 2 +
               lineh(ui, meta_font(ui)) + 1;
    if (set && set->ngroups && (l->gy = calloc(set->ngroups, sizeof *l->gy)) != NULL) {
        l->ngy = set->ngroups;
        for (size_t g = 0; g < set->ngroups; g++) {
            l->gy[g] = y;
            if (group_label(set, g)[0])
                y += l->head_h;
            y += (int)set->groups[g].n * l->row_h + s->unit * 4;
        }
    }
    l->height = y + s->unit * 2;
    int view_h = ui->H - s->button_h;
    double keep = l->scroll.pos;
    l->scroll = (Inertia){0};
    l->scroll.max = l->height > view_h ? l->height - view_h : 0;
    l->scroll.pos = keep < l->scroll.max ? keep : l->scroll.max;
}

/* The top of group g's first row. */
static int
rows_top(const Ui *ui, size_t g)
{
    return ui->list.gy[g] + (group_label(ui->set, g)[0] ? ui->list.head_h : 0);
}

/* The group at list y: the last whose top is at or above y. */
static size_t
group_at(const Ui *ui, int y)
{
    size_t lo = 0, hi = ui->list.ngy;

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ui->list.gy[mid] <= y)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The list position of the row at list y, or -1 (a heading, a gap). */
static long
item_at(const Ui *ui, int y)
{
    if (ui->list.ngy == 0)
        return -1;
    size_t g = group_at(ui, y);
    int top = rows_top(ui, g);
    if (y < top)
        return -1;
    size_t k = (size_t)((y - top) / ui->list.row_h);
    return k < ui->set->groups[g].n ? (long)(ui->set->groups[g].first + k) : -1;
}

/* The top of the row at list position pos. */
static int
row_y(const Ui *ui, size_t pos)
{
    size_t lo = 0, hi = ui->list.ngy;

    if (hi == 0)
        return 0;
    while (hi - lo > 1) {  /* the group holding pos */
        size_t mid = lo + (hi - lo) / 2;
        if (ui->set->groups[mid].first <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return rows_top(ui, lo) + (int)(pos - ui->set->groups[lo].first) * ui->list.row_h;
}

/* --- laying out what shows -------------------------------------------------- */

/* Group g's heading at y = 0: the colour bar and the label. */
static void
lay_head(Ui *ui, size_t g, Doc *d)
{
    const LayoutScale *s = &ui->s;
    int x = s->margin, w = ui->W - 2 * s->margin - s->unit * 2;
    int cf = head_font(ui), ch = lineh(ui, cf);
    const char *name = ui->set->groups[g].name;
    const char *label = group_label(ui->set, g);
    /* the colour by the bundle's name, whatever language shows it */
    Color cc = theme_category_color(&ui->th, name[0] ? name : "More news");

    doc_fill(d, x, ch / 2 - ch / 3, s->unit, ch * 2 / 3, cc);
    doc_chrome(ui, d, cf, cc, x + s->unit * 2, 0, w - s->unit * 2, label, 1, ch, NULL);
    if (ui->cfg.rtl_ui) {  /* the bar on the right, the label against it */
        doc_mirror(d->ops, 0, d->n, x, x + w);
        doc_dir(&ui->cfg, d->ops, 0, d->n, label, strlen(label));
    }
}

/* The row of list position pos at y = 0: the headline (two lines at most)
 * and "source · date", centred in the row, and the divider under it. */
static void
lay_row(Ui *ui, size_t pos, Doc *d)
{
    const LayoutScale *s = &ui->s;
    int x = s->margin, w = ui->W - 2 * s->margin - s->unit * 2;
    int lf = title_font(ui), mf = meta_font(ui);
    UiHeadline h;
    char date[32], meta[512];

    ui_headline(ui, ui->set, ui->set->order[pos], &d->strs, &h);
    chrome_date(h.published, date, sizeof date);
    chrome_meta(meta, sizeof meta, h.source, date);
    int tl = doc_count_lines(ui, lf, h.title, w, 2);
    int block = tl * lineh(ui, lf) + (meta[0] ? s->unit / 2 + lineh(ui, mf) : 0);
    int y = s->unit * 2 + (ui->list.row_h - 1 - s->unit * 4 - block) / 2;
    y = doc_wrap(ui, d, lf, ui->th.text, x, y, w, h.title, 2, lineh(ui, lf), NULL);
    if (meta[0]) {
        const char *m = arena_strdup(&d->strs, meta);
        if (m)
            doc_wrap(ui, d, mf, ui->th.muted, x, y + s->unit / 2, w, m, 1, lineh(ui, mf), NULL);
    }
    doc_fill(d, x, ui->list.row_h - 1, w, 1, ui->th.divider);
}

/* The laid-out heading or row: from those kept, else laid out in place of
 * the least lately shown. */
static const Doc *
get_item(Ui *ui, int kind, size_t index)
{
    int fresh;
    DocSlot *it = doc_slot(ui->list.items, LIST_ITEMS, &ui->list.clock, &ui->list,
                           2 * index + (kind == LIST_ROW), &fresh);

    if (fresh && kind == LIST_HEAD)
        lay_head(ui, index, &it->doc);
    else if (fresh)
        lay_row(ui, index, &it->doc);
    return &it->doc;
}

void
scr_list_forget(Ui *ui)
{
    doc_slot_drop(ui->list.items, LIST_ITEMS, NULL);
    free(ui->list.gy);
    ui->list.gy = NULL;
    ui->list.ngy = 0;
    ui->list.built = 0;
}

/* --- input ---------------------------------------------------------------- */

/* The row at y of the picture (-1 none). */
static long
row_under(const Ui *ui, int y)
{
    return item_at(ui, y - ui->s.button_h + (int)ui->list.scroll.pos);
}

/* Move the keyboard selection by delta rows (clamped) and scroll it into view. */
static void
list_select(Ui *ui, int delta)
{
    long n = ui->set ? (long)ui->set->n : 0;
    if (n == 0)
        return;
    /* from no selection, Down/End/Page Down count from before the first row */
    long sel = ui->list.sel < 0 ? (delta > 0 ? delta - 1 : 0) : ui->list.sel + (long)delta;
    if (sel < 0)
        sel = 0;
    if (sel >= n)
        sel = n - 1;
    ui->list.sel = (int)sel;
    /* keep the selected row in view */
    int view_h = ui->H - ui->s.button_h;
    int y0 = row_y(ui, (size_t)sel), y1 = y0 + ui->list.row_h;
    Inertia *sc = &ui->list.scroll;
    if (y0 < sc->pos)
        inertia_move(sc, y0 - sc->pos);
    else if (y1 > sc->pos + view_h)
        inertia_move(sc, y1 - (sc->pos + view_h));
    ui->dirty = 1;
}

/* Open the story at list position pos. */
static void
list_open_story(Ui *ui, long pos)
{
    if (pos >= 0 && (size_t)pos < ui->set->n)
        scr_article_open(ui, (int)ui->set->order[pos], 1);
}

/* Show all stories: a pending set first (the list shows what is stored),
 * laid out again when the set changed since, the scroll kept where it
 * still fits; nothing when there are none. */
void
scr_list_open(Ui *ui)
{
    if (ui->pending) {
        double keep = ui->list.scroll.pos;
        ui_swap_pending(ui);
        ui_drop_retired(ui);
        ui->list.scroll.pos = keep;
    }
    if (ui->set == NULL || ui->set->n == 0) {
        if (ui->screen == UI_SCREEN_LIST)
            ui_to_headlines(ui);
        return;
    }
    if (!ui->list.built)
        build_list(ui);
    ui->screen = UI_SCREEN_LIST;
    ui->list.sel = -1;
    ui->drag_axis = AXIS_NONE;
    ui->dirty = 1;
}

/* --- drawing ------------------------------------------------------------ */

/* The headings and rows in view (the selected row and the one under the
 * finger lit), the scroll bar and the top bar. */
static void
draw_list(Ui *ui, DrawList *dl, int *oom)
{
    const UiListView *l = &ui->list;
    int y0 = ui->s.button_h;
    int top = (int)lround(l->scroll.pos), bottom = top + ui->H - y0;
    int off = y0 - top;

    frame_clip(dl, 0, y0, ui->W, ui->H - y0, oom);
    if (l->sel >= 0 && ui->set && (size_t)l->sel < ui->set->n)
        frame_fill(dl, 0, row_y(ui, (size_t)l->sel) + off, ui->W, l->row_h, ui->th.surface, oom);
    if (ui->pressing && ui->press_y >= y0) {
        long pos = row_under(ui, ui->press_y);
        if (pos >= 0)
            frame_fill(dl, 0, row_y(ui, (size_t)pos) + off, ui->W, l->row_h, ui->th.pressed, oom);
    }
    for (size_t g = l->ngy ? group_at(ui, top) : 0; g < l->ngy && l->gy[g] < bottom; g++) {
        const StoryGroup *grp = &ui->set->groups[g];
        int rt = rows_top(ui, g);
        if (rt > l->gy[g] && rt > top)
            frame_doc(dl, get_item(ui, LIST_HEAD, g), 0, l->gy[g] + off, y0, ui->H, oom);
        size_t k0 = top > rt ? (size_t)((top - rt) / l->row_h) : 0;
        for (size_t k = k0; k < grp->n && rt + (int)k * l->row_h < bottom; k++)
            frame_doc(dl, get_item(ui, LIST_ROW, grp->first + k), 0, rt + (int)k * l->row_h + off,
                      y0, ui->H, oom);
    }
    frame_clip(dl, 0, 0, 0, 0, oom);
    chrome_draw_scrollbar(ui, dl, &l->scroll, l->height, oom);
    size_t n = ui->set ? ui->set->n : 0;
    /* TRANSLATORS: the count at the far side of the list's top bar. */
    snprintf(ui->list.count, sizeof ui->list.count, _n("%d story", "%d stories", n), (int)n);
    chrome_draw_topbar(ui, dl, _("All stories"), ui->list.count, oom);
}


/* Back, Escape or the list key leave; Up/Down/Page/Home/End move the selection;
 * Enter opens the selected story. */
static int
list_key(Ui *ui, int key)
{
    switch (key) {
    case UI_KEY_ESCAPE:
    case UI_KEY_BACK:
    case UI_KEY_LIST: ui_to_headlines(ui); break;
    case UI_KEY_DOWN: list_select(ui, 1); break;
    case UI_KEY_UP: list_select(ui, -1); break;
    case UI_KEY_PAGEDOWN: list_select(ui, 5); break;
    case UI_KEY_PAGEUP: list_select(ui, -5); break;
    case UI_KEY_HOME: list_select(ui, -1000000); break;
    case UI_KEY_END: list_select(ui, 1000000); break;
    case UI_KEY_ENTER: list_open_story(ui, ui->list.sel); break;
    }
    return 0;
}

/* A tap on Back goes to the headlines, on a row opens its story, elsewhere
 * stops a coasting scroll. */
static void
list_gesture(Ui *ui, const GestureEvent *e)
{
    if (e->kind != GESTURE_TAP)
        return;
    if (chrome_back_hit(ui, e->x, e->y))
        ui_to_headlines(ui);
    else if (e->y >= ui->s.button_h)
        list_open_story(ui, row_under(ui, e->y));
    else
        inertia_stop(&ui->list.scroll);
}

static Inertia *
list_scroll(Ui *ui)
{
    return &ui->list.scroll;
}

const UiScreenOps scr_list_ops = {
    .id = UI_SCREEN_LIST,
    .build = build_list,
    .draw = draw_list,
    .key = list_key,
    .gesture = list_gesture,
    .scroll = list_scroll,
    .idle_return = 1,
};
