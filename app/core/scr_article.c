/* SPDX-License-Identifier: MIT
 *
 * scr_article.c - the article screen: one story laid out once into a Doc
 * (picture, category, title, source and date, summary, body, end note) in a
 * reading column, scrolled with inertia under the top bar (Back, "2 / 5"),
 * with a swipe or Left/Right for the next or previous story.
 *
 * Start at scr_article_open (from the headlines, the list, or a swipe);
 * build_article does the layout, draw_article copies the visible part.
 * The screen's state is ui->art (UiArticleView). See ui_private.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "ui_private.h"

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

/* Lay the open story (ui->art.story) out into ui->art.doc, from the top,
 * and set the scroll's range. */
static void
build_article(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->art.doc;
    const Article *a = &ui->art.story;
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
    int rtl = doc_story_rtl(a->lang, a->dir, a->title, strlen(a->title));
    if (a->category && a->category[0]) {
        size_t first = d->n;
        int pw = doc_pill(ui, d, x, y, a->category, w);
        if (rtl)
            doc_shift(d, first, w - pw);
        y += chrome_pill_h(ui) + s->unit * 3;
    }
    int tf = FONT_MAKE(s->title_px, 1);
    y = doc_wrap_dir(ui, d, tf, ui->th.text, x, y, w, a->title, 0, lineh(ui, tf) * 21 / 20,
                     NULL, doc_story_rtl(a->lang, a->dir, a->title, strlen(a->title)));
    y += s->unit * 2;
    chrome_date(a->published, date, sizeof date);
    chrome_meta(meta, sizeof meta, a->source, date);
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
                         doc_story_rtl(a->lang, a->dir, a->summary, strlen(a->summary)));
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
            int prtl = doc_story_rtl(a->lang, a->dir, p, n);
            y = doc_lines(ui, d, bf, ui->th.text, x, y, w, p, n, 0, bp, NULL, prtl);
            y += bp * 2 / 3;
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
        doc_mirror(d->ops, end_from, d->n, x, x + w);
        doc_dir(&ui->cfg, d->ops, end_from, d->n, endnote, strlen(endnote));
    }
    d->height = y + s->unit * 6;

    int view_h = ui->H - s->button_h;
    ui->art.scroll = (Inertia){0};
    ui->art.scroll.max = d->height > view_h ? d->height - view_h : 0;
}

/* Open story idx of the current set (wrapping) in the article view, at its
 * top. The host loads the story; when it cannot, the headline's summary
 * stands in (never a blank screen). On out of memory nothing changes. */
void
scr_article_open(Ui *ui, int idx, int from_list)
{
    UiHeadline h;
    Arena strs = {0};
    int rc = K_ENOTFOUND;

    if (ui->set == NULL || ui->set->n == 0)
        return;
    idx = (int)(((size_t)idx + ui->set->n) % ui->set->n);
    ui_headline(ui, ui->set, (size_t)idx, &strs, &h);
    doc_clear(&ui->art.doc);
    article_free(&ui->art.story);
    if (ui->host.get_article && h.id[0])
        rc = ui->host.get_article(ui->host.ctx, h.id, &ui->art.story);
    if (rc != K_OK) {
        /* show what the headline has: never a blank screen */
        Article *a = &ui->art.story;
        memset(a, 0, sizeof *a);
        a->title = strdup(h.title);
        a->summary = strdup(h.summary);
        a->body = strdup("");
        a->source = strdup(h.source);
        a->published = strdup(h.published);
        a->category = strdup(h.category);
        a->image = strdup(h.image);
        a->lang = strdup(h.lang);
        a->dir = strdup(h.dir);
        if (!a->title || !a->summary || !a->body || !a->source || !a->published ||
            !a->category || !a->image || !a->lang || !a->dir) {
            article_free(a);
            arena_free(&strs);
            return;
        }
    }
    arena_free(&strs);
    ui->art.index = idx;
    ui->art.from_list = from_list;
    ui->cur = idx;
    build_article(ui);
    ui->screen = UI_SCREEN_ARTICLE;
    ui->drag_axis = AXIS_NONE;
    ui->dirty = 1;
}

/* The story delta places on from the open one. A pending set comes in
 * first: the host has only the newest stories to give. */
static void
article_step(Ui *ui, int delta)
{
    int idx = ui->art.index + delta;

    if (ui->pending) {
        ui_swap_pending(ui);
        ui_drop_retired(ui);
        idx = delta > 0 ? 0 : -1;
    }
    scr_article_open(ui, idx, ui->art.from_list);
}


/* Close the article: its story and layout. */
void
scr_article_close(Ui *ui)
{
    doc_clear(&ui->art.doc);
    article_free(&ui->art.story);
}

/* Back: to the list when the story was opened from it, else to the
 * headlines. */
static void
article_back(Ui *ui)
{
    if (ui->art.from_list) {
        scr_article_close(ui);
        scr_list_open(ui);
        return;
    }
    ui_to_headlines(ui);
}

/* --- drawing ------------------------------------------------------------ */

/* The visible part of the story under the top bar, and its scroll bar. */
static void
draw_article(Ui *ui, DrawList *dl, int *oom)
{
    int y0 = ui->s.button_h;

    frame_clip(dl, 0, y0, ui->W, ui->H - y0, oom);
    frame_doc(dl, &ui->art.doc, 0, y0 - (int)lround(ui->art.scroll.pos), y0, ui->H, oom);
    frame_clip(dl, 0, 0, 0, 0, oom);
    chrome_draw_scrollbar(ui, dl, &ui->art.scroll, ui->art.doc.height, oom);
    if (ui->set && ui->set->n > 1)
        snprintf(ui->art.count, sizeof ui->art.count, "%d / %zu", ui->art.index + 1,
                 ui->set->n);
    else
        ui->art.count[0] = '\0';
    chrome_draw_topbar(ui, dl, NULL, ui->art.count, oom);
}

/* --- input ---------------------------------------------------------------- */

static void
scroll_by(Ui *ui, double delta)
{
    inertia_move(&ui->art.scroll, delta);
    ui->dirty = 1;
}

/* Back or Escape leaves; Left/Right the previous or next story; Up/Down
 * a few lines; Page Up/Down and Enter most of a screen; Home/End. */
static int
article_key(Ui *ui, int key)
{
    int view_h = ui->H - ui->s.button_h;
    int line = lineh(ui, FONT_MAKE(ui->s.body_px, 0)) * 3;

    switch (key) {
    case UI_KEY_ESCAPE:
    case UI_KEY_BACK: article_back(ui); break;
    case UI_KEY_RIGHT:
        if (ui->set && ui->set->n > 1)
            article_step(ui, 1);
        break;
    case UI_KEY_LEFT:
        if (ui->set && ui->set->n > 1)
            article_step(ui, -1);
        break;
    case UI_KEY_DOWN: scroll_by(ui, line); break;
    case UI_KEY_UP: scroll_by(ui, -line); break;
    case UI_KEY_PAGEDOWN:
    case UI_KEY_ENTER: scroll_by(ui, view_h * 9 / 10); break;
    case UI_KEY_PAGEUP: scroll_by(ui, -view_h * 9 / 10); break;
    case UI_KEY_HOME: scroll_by(ui, -1e9); break;
    case UI_KEY_END: scroll_by(ui, 1e9); break;
    }
    return 0;
}

/* A tap on Back goes back, elsewhere it stops a coasting scroll; a swipe
 * opens the next or previous story. */
static void
article_gesture(Ui *ui, const GestureEvent *e)
{
    switch (e->kind) {
    case GESTURE_TAP:
        if (chrome_back_hit(ui, e->x, e->y))
            article_back(ui);
        else
            inertia_stop(&ui->art.scroll);
        break;
    case GESTURE_SWIPE_LEFT:
    case GESTURE_SWIPE_RIGHT:
        if (ui->set && ui->set->n > 1)
            article_step(ui, chrome_swipe_dir(ui, e, NULL));
        break;
    }
}

static Inertia *
article_scroll(Ui *ui)
{
    return &ui->art.scroll;
}

const UiScreenOps scr_article_ops = {
    .id = UI_SCREEN_ARTICLE,
    .draw = draw_article,
    .key = article_key,
    .gesture = article_gesture,
    .scroll = article_scroll,
    .idle_return = 1,
};
