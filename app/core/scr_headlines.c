/* SPDX-License-Identifier: MIT
 *
 * scr_headlines.c - the headline screen: the attract loop, one story at a
 * time on a card (category, picture, headline, summary, source and date),
 * sliding to the next every cycle or under the reader's finger, with the
 * All stories button, the position dots and the status line.
 *
 * Start at draw_headlines: a card is laid out once (build_card) into one of
 * three cached Docs (get_card) and copied into each frame, so a slide
 * measures no text. scr_headlines_go starts a slide; ui_tick ends it. The
 * screen's state is ui->hl (UiHeadlinesView). See ui_private.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "i18n.h"
#include "ui_private.h"

/* The headline area: below the top row, above the dots. */
static void
story_area(const Ui *ui, int *top, int *bottom)
{
    *top = ui->s.margin + chrome_pill_h(ui) + ui->s.unit * 3;
    *bottom = ui->H - chrome_status_h(ui) - chrome_dot_size(ui) - ui->s.unit * 6;
}

/* The "All stories" button on the headline screen, laid out left to right
 * (top right; chrome_rect() puts it top left for a right-to-left reader). */
static Rect
list_button(const Ui *ui)
{
    int font = FONT_MAKE(ui->s.label_px, 1);
    const char *label = _("All stories");
    int w = textw(ui, font, label, strlen(label)) + ui->s.unit * 4;
    int h = chrome_pill_h(ui) + ui->s.unit * 2;
    return (Rect){ui->W - ui->s.margin - w, ui->s.margin - ui->s.unit, w, h};
}

/* --- building the headline card --------------------------------------- */

/* Lay story idx of set out into d as a card, in picture coordinates. */
static void
build_card(Ui *ui, const HeadlineSet *set, int idx, Doc *d)
{
    UiHeadline story, *h = &story;
    const LayoutScale *s = &ui->s;
    int W = ui->W, top, bottom;
    int iw = 0, ih = 0, has_img = 0;
    int content_w = W - 2 * s->margin;
    int tx = s->margin, tw = content_w, ty;
    char date[32], meta[512];

    ui_headline(ui, set, (size_t)idx, &d->strs, h);  /* the card's strings live with it */
    story_area(ui, &top, &bottom);
    size_t pill_from = d->n;
    doc_pill(ui, d, s->margin, s->margin, h->category, content_w / 2);
    if (ui->cfg.rtl_ui) {  /* the category top right, opposite "All stories" */
        doc_mirror(d->ops, pill_from, d->n, 0, W);
        doc_dir(&ui->cfg, d->ops, pill_from, d->n, h->category, strlen(h->category));
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
    int hl = doc_count_lines(ui, hf, h->title, tw, hmax);
    int left = avail - hl * hp - gap - mp - gap;
    int smax = h->summary[0] ? left / sp : 0;
    if (smax > 6)
        smax = 6;
    if (smax < 0)
        smax = 0;
    int sl = smax ? doc_count_lines(ui, sf, h->summary, tw, smax) : 0;
    int block = hl * hp + (sl ? gap + sl * sp : 0) + gap + mp;
    int y = ty + (avail - block) / 2;
    if (has_img && W >= ui->H)
        y = ty + (avail - block) / 3;  /* sit a little high beside a picture */
    if (y < ty)
        y = ty;

    y = doc_wrap_dir(ui, d, hf, ui->th.text, tx, y, tw, h->title, hmax, hp, NULL,
                     doc_story_rtl(h->lang, h->dir, h->title, strlen(h->title)));
    if (sl) {
        y += gap;
        y = doc_wrap_dir(ui, d, sf, ui->th.text2, tx, y, tw, h->summary, sl, sp, NULL,
                         doc_story_rtl(h->lang, h->dir, h->summary, strlen(h->summary)));
    }
    y += gap;
    chrome_date(h->published, date, sizeof date);
    chrome_meta(meta, sizeof meta, h->source, date);
    if (meta[0]) {
        const char *m = arena_strdup(&d->strs, meta);
        if (m)
            doc_wrap(ui, d, mf, ui->th.muted, tx, y, tw, m, 1, mp, NULL);
    }
    d->height = bottom;
}

/* The laid-out card of story idx of set: from the three kept, else built
 * in place of the least recently used. Valid until the next get_card of
 * another story or scr_headlines_forget. */
static Doc *
get_card(Ui *ui, const HeadlineSet *set, int idx)
{
    int fresh;
    DocSlot *c = doc_slot(ui->hl.cards, sizeof ui->hl.cards / sizeof ui->hl.cards[0],
                          &ui->hl.card_clock, set, (size_t)idx, &fresh);

    if (fresh)
        build_card(ui, set, idx, &c->doc);
    return &c->doc;
}

/* Drop the cards laid out for set (it is about to be freed). */
void
scr_headlines_forget(Ui *ui, const HeadlineSet *set)
{
    doc_slot_drop(ui->hl.cards, sizeof ui->hl.cards / sizeof ui->hl.cards[0], set);
}

/* Slide from the current story to story cur+dir (wrapping). A pending
 * headline set comes in instead, at its first story (no slide when the
 * headlines are not showing). animate = 0 cuts. */
void
scr_headlines_go(Ui *ui, int dir, int animate)
{
    const HeadlineSet *from_set = ui->set;
    int from = ui->cur;

    if (ui->pending) {
        ui_swap_pending(ui);
        if (ui->screen != UI_SCREEN_HEADLINES) {
            ui_drop_retired(ui);  /* no slide to show it in */
            return;
        }
        dir = 1;
    } else {
        if (ui->set == NULL || ui->set->n < 2)
            return;
        ui->cur = (int)(((size_t)(ui->cur + dir) + ui->set->n) % ui->set->n);
    }
    if (animate && ui->cfg.transition_ms > 0 && from_set && from_set->n) {
        ui->hl.trans = 1;
        ui->hl.trans_from = from;
        ui->hl.trans_from_set = from_set;
        ui->hl.trans_dir = dir;
        ui->hl.trans_start = ui->now;
        ui->hl.trans_p0 = 0;
    }
    ui->cycle_deadline = ui->now + (animate ? ui->cfg.transition_ms : 0) + ui->cfg.cycle_ms;
    ui->dirty = 1;
}

/* --- drawing ------------------------------------------------------------ */

static double
ease(double p)
{
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    return 1 - pow(1 - p, 3);  /* ease-out cubic: quick start, soft landing */
}

/* The card (two during a slide or a drag), the All stories button, the
 * dots and the status line. */
static void
draw_headlines(Ui *ui, DrawList *dl, int *oom)
{
    const LayoutScale *s = &ui->s;
    int top, bottom;

    story_area(ui, &top, &bottom);
    if (ui->hl.trans) {
        double p = ease((double)(ui->now - ui->hl.trans_start) / ui->cfg.transition_ms);
        p = ui->hl.trans_p0 + (1 - ui->hl.trans_p0) * p;
        int off = (int)lround(p * ui->W);
        /* the next story comes in from the right, or from the left for a
         * right-to-left reader */
        int vdir = ui->cfg.rtl_ui ? -ui->hl.trans_dir : ui->hl.trans_dir;
        const HeadlineSet *fs = ui->hl.trans_from_set;
        if (fs && ui->hl.trans_from < (int)fs->n)
            frame_doc(dl, get_card(ui, fs, ui->hl.trans_from), -vdir * off, 0, 0, ui->H, oom);
        frame_doc(dl, get_card(ui, ui->set, ui->cur), vdir * (ui->W - off), 0, 0, ui->H, oom);
    } else if (ui->hl.hdrag || ui->hl.snap) {
        /* the story under the finger, and the one it uncovers */
        double back = ease((double)(ui->now - ui->hl.snap_start) / SNAP_MS);
        int dx = ui->hl.hdrag ? ui->hl.hdrag_dx : (int)lround(ui->hl.snap_dx * (1 - back));
        int n = (int)ui->set->n;
        int right = ui->cfg.rtl_ui ? (ui->cur + n - 1) % n : (ui->cur + 1) % n;
        int left = ui->cfg.rtl_ui ? (ui->cur + 1) % n : (ui->cur + n - 1) % n;
        frame_doc(dl, get_card(ui, ui->set, ui->cur), dx, 0, 0, ui->H, oom);
        if (dx < 0)
            frame_doc(dl, get_card(ui, ui->set, right), ui->W + dx, 0, 0, ui->H, oom);
        else if (dx > 0)
            frame_doc(dl, get_card(ui, ui->set, left), dx - ui->W, 0, 0, ui->H, oom);
    } else {
        frame_doc(dl, get_card(ui, ui->set, ui->cur), 0, 0, 0, ui->H, oom);
    }
    /* the All stories button (top left for a right-to-left reader) */
    Rect b = list_button(ui);
    int lf = FONT_MAKE(s->label_px, 1);
    size_t n0 = dl->n;
    frame_fill(dl, b.x, b.y, b.w, b.h,
               chrome_pressed(ui, chrome_rect(ui, b)) ? ui->th.pressed : ui->th.surface, oom);
    frame_label(ui, dl, lf, ui->th.text2, b.x + s->unit * 2, b.y + (b.h - lineh(ui, lf)) / 2,
                _("All stories"), 0, oom);
    frame_mirror(ui, dl, n0);
    chrome_draw_dots(ui, dl, oom);
    /* TRANSLATORS: the hint at the bottom of the headline screen. */
    chrome_draw_status(ui, dl, _("Touch a story to read it"), oom);
}


/* --- input ---------------------------------------------------------------- */

/* Enter opens the story, Left/Right slide, Down or the list key open the list;
 * Escape quits when windowed. */
static int
headlines_key(Ui *ui, int key)
{
    switch (key) {
    case UI_KEY_ESCAPE: return ui->cfg.can_quit;
    case UI_KEY_ENTER: scr_article_open(ui, ui->cur, 0); break;
    case UI_KEY_RIGHT: scr_headlines_go(ui, 1, 1); break;
    case UI_KEY_LEFT: scr_headlines_go(ui, -1, 1); break;
    case UI_KEY_DOWN:
    case UI_KEY_LIST: scr_list_open(ui); break;
    }
    return 0;
}

/* A tap opens the story (or the list, on its button); a sideways drag
 * moves the card with the finger; a swipe slides on from where the finger
 * left the card. */
static void
headlines_gesture(Ui *ui, const GestureEvent *e)
{
    switch (e->kind) {
    case GESTURE_TAP:
        if (chrome_in_rect(chrome_rect(ui, list_button(ui)), e->x, e->y))
            scr_list_open(ui);
        else
            scr_article_open(ui, ui->cur, 0);
        break;
    case GESTURE_DRAG:
        if (!ui->hl.trans && ui->set && ui->set->n > 1) {
            ui->hl.hdrag = 1;
            ui->hl.hdrag_dx = e->x - e->start_x;
            ui->hl.snap = 0;
            ui->dirty = 1;
        }
        break;
    case GESTURE_SWIPE_LEFT:
    case GESTURE_SWIPE_RIGHT: {
        int vdir, dir = chrome_swipe_dir(ui, e, &vdir);
        int dragged = ui->hl.snap ? ui->hl.snap_dx : 0;
        ui->hl.snap = 0;
        scr_headlines_go(ui, dir, 1);
        /* carry on from where the finger left the story */
        if (ui->hl.trans && dragged * vdir < 0) {
            double p0 = (double)abs(dragged) / ui->W;
            ui->hl.trans_p0 = p0 < 0.95 ? p0 : 0.95;
        }
        break;
    }
    }
}

const UiScreenOps scr_headlines_ops = {
    .id = UI_SCREEN_HEADLINES,
    .draw = draw_headlines,
    .key = headlines_key,
    .gesture = headlines_gesture,
};
