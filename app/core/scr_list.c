/* SPDX-License-Identifier: MIT
 *
 * scr_list.c - the list of all stories: grouped by category (in order of
 * first appearance, each with its colour bar), a row per story (headline
 * and "source · date"), scrolled with inertia under the top bar (Back,
 * "5 stories"); a tap or Enter on a row opens that story.
 *
 * Start at build_list: it lays the whole list out once into ui->list.doc
 * and records each row's extent (ui->list.rows) for taps and the keyboard
 * selection. The screen's state is ui->list (UiListView). See ui_private.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui_private.h"

/* --- building the list ---------------------------------------------- */

/* Lay the current set out into ui->list.doc, one row per story under its
 * category's heading, keeping the scroll position where it still fits.
 * Out of memory leaves a shorter list (list.doc.oom). */
static void
build_list(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->list.doc;
    const HeadlineSet *set = ui->set;
    int x = s->margin, w = ui->W - 2 * s->margin - s->unit * 2;
    int y = s->unit * 3;
    int lf = FONT_MAKE(s->list_px, 1), mf = FONT_MAKE(s->meta_px, 0);
    int cf = FONT_MAKE(s->label_px, 1);
    const char **cats = NULL;
    size_t ncats = 0;

    doc_clear(d);
    free(ui->list.rows);
    ui->list.rows = NULL;
    ui->list.nrows = 0;
    ui->list.built = 1;
    if (set == NULL || set->n == 0)
        goto done;
    ui->list.rows = calloc(set->n, sizeof *ui->list.rows);
    cats = calloc(set->n, sizeof *cats);
    if (ui->list.rows == NULL || cats == NULL) {
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
            Color cc = theme_category_color(&ui->th, cats[k][0] ? cats[k] : "More news");
            doc_fill(d, x, y + ch / 2 - ch / 3, s->unit, ch * 2 / 3, cc);
            doc_chrome(ui, d, cf, cc, x + s->unit * 2, y, w - s->unit * 2, label, 1, ch, NULL);
            if (ui->cfg.rtl_ui) {  /* the bar on the right, the label against it */
                doc_mirror(d->ops, from, d->n, x, x + w);
                doc_dir(&ui->cfg, d->ops, from, d->n, label, strlen(label));
            }
            y += ch + s->unit * 2;
        }
        for (size_t i = 0; i < set->n; i++) {
            const UiHeadline *h = &set->v[i];
            char date[32], meta[512];
            if (strcmp(h->category, cats[k]) != 0)
                continue;
            ListRow *r = &ui->list.rows[ui->list.nrows++];
            r->index = (int)i;
            r->y0 = y;
            y += s->unit * 2;
            y = doc_wrap(ui, d, lf, ui->th.text, x, y, w, h->title, 2, lineh(ui, lf), NULL);
            chrome_date(h->published, date, sizeof date);
            chrome_meta(meta, sizeof meta, h->source, date);
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
    double keep = ui->list.scroll.pos;
    ui->list.scroll = (Inertia){0};
    ui->list.scroll.max = d->height > view_h ? d->height - view_h : 0;
    ui->list.scroll.pos = keep < ui->list.scroll.max ? keep : ui->list.scroll.max;
}

/* --- input ---------------------------------------------------------------- */

/* Open the story of the row at (x, y) of the picture, if any. */
static void
list_tap(Ui *ui, int x, int y)
{
    int dy = y - ui->s.button_h + (int)ui->list.scroll.pos;

    (void)x;
    for (size_t i = 0; i < ui->list.nrows; i++)
        if (dy >= ui->list.rows[i].y0 && dy < ui->list.rows[i].y1) {
            scr_article_open(ui, ui->list.rows[i].index, 1);
            return;
        }
}

/* Move the keyboard selection by delta rows (clamped) and scroll it into view. */
static void
list_select(Ui *ui, int delta)
{
    if (ui->list.nrows == 0)
        return;
    /* from no selection, Down/End/Page Down count from before the first row */
    int sel = ui->list.sel < 0 ? (delta > 0 ? delta - 1 : 0) : ui->list.sel + delta;
    if (sel < 0)
        sel = 0;
    if (sel >= (int)ui->list.nrows)
        sel = (int)ui->list.nrows - 1;
    ui->list.sel = sel;
    /* keep the selected row in view */
    int view_h = ui->H - ui->s.button_h;
    const ListRow *r = &ui->list.rows[sel];
    Inertia *sc = &ui->list.scroll;
    if (r->y0 < sc->pos)
        inertia_move(sc, r->y0 - sc->pos);
    else if (r->y1 > sc->pos + view_h)
        inertia_move(sc, r->y1 - (sc->pos + view_h));
    ui->dirty = 1;
}

/* Show all stories, laid out again when the set changed since; nothing
 * when there are none. */
void
scr_list_open(Ui *ui)
{
    if (ui->set == NULL || ui->set->n == 0)
        return;
    if (!ui->list.built)
        build_list(ui);
    ui->screen = UI_SCREEN_LIST;
    ui->list.sel = -1;
    ui->drag_axis = AXIS_NONE;
    ui->dirty = 1;
}

/* --- drawing ------------------------------------------------------------ */

/* The visible rows (the selected one and the one under the finger lit),
 * the scroll bar and the top bar. */
static void
draw_list(Ui *ui, DrawList *dl, int *oom)
{
    int y0 = ui->s.button_h;
    int off = y0 - (int)lround(ui->list.scroll.pos);

    frame_clip(dl, 0, y0, ui->W, ui->H - y0, oom);
    if (ui->list.sel >= 0 && ui->list.sel < (int)ui->list.nrows) {
        const ListRow *r = &ui->list.rows[ui->list.sel];
        frame_fill(dl, 0, r->y0 + off, ui->W, r->y1 - r->y0, ui->th.surface, oom);
    }
    if (ui->pressing && ui->press_y >= y0) {
        for (size_t i = 0; i < ui->list.nrows; i++) {
            const ListRow *r = &ui->list.rows[i];
            if (ui->press_y - off >= r->y0 && ui->press_y - off < r->y1)
                frame_fill(dl, 0, r->y0 + off, ui->W, r->y1 - r->y0, ui->th.pressed, oom);
        }
    }
    frame_doc(dl, &ui->list.doc, 0, off, y0, ui->H, oom);
    frame_clip(dl, 0, 0, 0, 0, oom);
    chrome_draw_scrollbar(ui, dl, &ui->list.scroll, ui->list.doc.height, oom);
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
    case UI_KEY_ENTER:
        if (ui->list.sel >= 0 && ui->list.sel < (int)ui->list.nrows)
            scr_article_open(ui, ui->list.rows[ui->list.sel].index, 1);
        break;
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
        list_tap(ui, e->x, e->y);
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
