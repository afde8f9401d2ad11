/* SPDX-License-Identifier: MIT
 *
 * ui.c - the kiosk's screens (see ui.h): the public API, which screen is
 * on top, events, ticking, night and burn-in drift.
 *
 * Start reading at ui_tick() and ui_event(): they move between screens.
 * Which screen draws and takes input is decided here once: screens[] maps
 * ui->screen to its table (ui_private.h: UiScreenOps) and overlays[] lists
 * the overlays top first (diagnostics, then import); top_ops() picks the
 * one that gets keys and gestures, ui_draw paints the screen and then the
 * overlays shown, bottom up. The return to the headlines after idle_ms
 * (screens with idle_return) is decided once too, in idle_deadline().
 *
 * The screens themselves are one file each (scr_headlines.c,
 * scr_article.c, scr_list.c, overlays.c); what they share is in chrome.c,
 * frame.c, doc.c, theme.c and arena.c.
 *
 * The words are the UI language's (i18n.h). For a right-to-left one
 * (cfg.rtl_ui) the chrome is laid out left to right as usual and then
 * mirrored (doc_mirror, chrome_rect for touch targets); the stories' own
 * text is not. Swipes and Left/Right turn round with it.
 */
#include "ui.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gesture.h"
#include "hash.h"
#include "ui_private.h"
#include "vec.h"

/* --- story sets ------------------------------------------------------- */

static void
set_free(HeadlineSet *s)
{
    if (s == NULL)
        return;
    arena_free(&s->arena);
    free(s->id_lo);
    free(s->id_hi);
    free(s->order);
    free(s->groups);
    free(s);
}

/* Group the stories of s by category, in order of first appearance: the
 * groups, and the list order (display indexes, group by group). One pass
 * with a hash of the category names, so 100,000 stories in 100,000
 * categories cost no more than in ten. K_OK or K_ENOMEM. */
static int
set_group(HeadlineSet *s, const UiStory *v)
{
    size_t nslots = 16, cap = 0;
    uint32_t *slot = NULL, *gof = NULL;
    size_t *fill = NULL;
    int rc = K_ENOMEM;

    while (nslots < s->n * 2)
        nslots *= 2;
    slot = calloc(nslots, sizeof *slot);   /* group index + 1; 0 = empty */
    gof = calloc(s->n ? s->n : 1, sizeof *gof);
    s->order = calloc(s->n ? s->n : 1, sizeof *s->order);
    if (slot == NULL || gof == NULL || s->order == NULL)
        goto out;
    for (size_t i = 0; i < s->n; i++) {
        const char *cat = v[i].category ? v[i].category : "";
        size_t h = (size_t)hash_str(cat) & (nslots - 1);
        while (slot[h] && strcmp(s->groups[slot[h] - 1].name, cat) != 0)
            h = (h + 1) & (nslots - 1);
        if (slot[h] == 0) {
            StoryGroup *ng = vec_grow(s->groups, s->ngroups, &cap, sizeof *s->groups, 8);
            if (ng == NULL)
                goto out;
            s->groups = ng;
            ng[s->ngroups] = (StoryGroup){arena_strdup(&s->arena, cat), 0, 0};
            if (ng[s->ngroups].name == NULL)
                goto out;
            slot[h] = (uint32_t)++s->ngroups;
        }
        gof[i] = slot[h] - 1;
        s->groups[gof[i]].n++;
    }
    if ((fill = calloc(s->ngroups ? s->ngroups : 1, sizeof *fill)) == NULL)
        goto out;
    for (size_t g = 0, at = 0; g < s->ngroups; g++) {
        s->groups[g].first = at;
        fill[g] = at;
        at += s->groups[g].n;
    }
    for (size_t i = 0; i < s->n; i++)
        s->order[fill[gof[i]]++] = (uint32_t)i;
    rc = K_OK;
out:
    free(slot);
    free(gof);
    free(fill);
    return rc;
}

/* Story idx of set from the host, its strings copied into a. */
int
ui_headline(Ui *ui, const HeadlineSet *set, size_t idx, Arena *a, UiHeadline *out)
{
    UiHeadline h = {0};
    int rc = K_ENOTFOUND;

    if (set && idx < set->n && ui->host.get_headline)
        rc = ui->host.get_headline(ui->host.ctx, set_id(set, idx), &h);
    if (rc != K_OK)
        h = (UiHeadline){0};
    out->id = arena_strdup(a, h.id);
    out->title = arena_strdup(a, h.title);
    out->summary = arena_strdup(a, h.summary);
    out->source = arena_strdup(a, h.source);
    out->published = arena_strdup(a, h.published);
    out->category = arena_strdup(a, h.category);
    out->image = arena_strdup(a, h.image);
    out->lang = arena_strdup(a, h.lang);
    out->dir = arena_strdup(a, h.dir);
    out->pin = h.pin;
    if (!out->id || !out->title || !out->summary || !out->source || !out->published ||
        !out->category || !out->image || !out->lang || !out->dir) {
        static const UiHeadline none = {"", "", "", "", "", "", "", "", "", 0};
        *out = none;
        return K_ENOMEM;
    }
    return rc;
}

/* --- screen changes ----------------------------------------------------- */

/* The story on the headlines stays a full cycle from now. */
void
ui_restart_cycle(Ui *ui)
{
    ui->cycle_deadline = ui->now + ui->cfg.cycle_ms;
}

/* Swap in a pending headline set. The old one is kept (retired) while a
 * transition still shows its card. */
void
ui_swap_pending(Ui *ui)
{
    if (ui->pending == NULL)
        return;
    if (ui->retired) {
        scr_headlines_forget(ui, ui->retired);
        set_free(ui->retired);
    }
    ui->retired = ui->set;
    ui->set = ui->pending;
    ui->pending = NULL;
    ui->cur = 0;
    scr_list_forget(ui);
    ui->list.scroll.pos = 0;
    if (ui->screen == UI_SCREEN_LIST || ui->screen == UI_SCREEN_EMPTY ||
        ui->screen == UI_SCREEN_HEADLINES)
        ui->screen = ui->set->n ? UI_SCREEN_HEADLINES : UI_SCREEN_EMPTY;
    if (ui->screen == UI_SCREEN_ARTICLE && ui->set->n == 0)
        ui->screen = UI_SCREEN_EMPTY;
    ui->dirty = 1;
}

/* Free the retired set once no slide shows it. */
void
ui_drop_retired(Ui *ui)
{
    if (ui->retired && !ui->hl.trans) {
        scr_headlines_forget(ui, ui->retired);
        set_free(ui->retired);
        ui->retired = NULL;
    }
}

/* Back to the headline loop, or the empty screen when there are no
 * stories: the article is closed, a pending set comes in, and the story
 * gets a full cycle. */
void
ui_to_headlines(Ui *ui)
{
    ui->screen = ui->set && ui->set->n ? UI_SCREEN_HEADLINES : UI_SCREEN_EMPTY;
    scr_article_close(ui);
    if (ui->pending)
        ui_swap_pending(ui);
    ui_restart_cycle(ui);
    ui->dirty = 1;
}

/* --- which screen ------------------------------------------------------ */

/* The screens by UI_SCREEN_*: a new screen is one more line here. */
static const UiScreenOps *const screens[] = {
    [UI_SCREEN_EMPTY] = &overlay_empty_ops,
    [UI_SCREEN_HEADLINES] = &scr_headlines_ops,
    [UI_SCREEN_ARTICLE] = &scr_article_ops,
    [UI_SCREEN_LIST] = &scr_list_ops,
};

/* The overlays, top first: diagnostics show over an import, an import
 * over the screen. */
static const UiScreenOps *const overlays[] = {
    &overlay_diag_ops,
    &overlay_import_ops,
};
#define NOVERLAYS (sizeof overlays / sizeof overlays[0])

/* The screen under any overlay: the headlines without stories are the
 * empty screen. */
static const UiScreenOps *
screen_ops(const Ui *ui)
{
    if (ui->screen == UI_SCREEN_HEADLINES && (ui->set == NULL || ui->set->n == 0))
        return &overlay_empty_ops;
    return screens[ui->screen];
}

/* The overlay on top, or NULL when none shows. */
static const UiScreenOps *
overlay_on_top(const Ui *ui)
{
    for (size_t i = 0; i < NOVERLAYS; i++)
        if (overlays[i]->shown(ui))
            return overlays[i];
    return NULL;
}

/* What takes keys and gestures: the overlay on top, else the screen. */
static const UiScreenOps *
top_ops(const Ui *ui)
{
    const UiScreenOps *o = overlay_on_top(ui);
    return o ? o : screen_ops(ui);
}

/* The scroll of the screen (under any overlay), or NULL. */
static Inertia *
active_scroll(Ui *ui)
{
    const UiScreenOps *ops = screen_ops(ui);
    return ops->scroll ? ops->scroll(ui) : NULL;
}

/* active_scroll for the inspection functions: a screen's scroll() only
 * returns the address of its Inertia, so the cast writes nothing. */
static const Inertia *
active_scroll_c(const Ui *ui)
{
    return active_scroll((Ui *)ui);
}

/* When the screen returns to the headlines for want of input, or -1: on
 * a screen with idle_return, idle_ms after the last input, and never
 * while a finger is down. */
static int64_t
idle_deadline(const Ui *ui)
{
    if (!screen_ops(ui)->idle_return || ui->g.down)
        return -1;
    return ui->last_input + ui->cfg.idle_ms;
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
    ui->list.sel = -1;
    ui->minute = -1;
    ui->dirty = 1;
    return ui;
}

void
ui_free(Ui *ui)
{
    if (ui == NULL)
        return;
    doc_slot_drop(ui->hl.cards, sizeof ui->hl.cards / sizeof ui->hl.cards[0], NULL);
    doc_clear(&ui->art.doc);
    scr_list_forget(ui);
    doc_clear(&ui->diag.doc);
    article_free(&ui->art.story);
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
        if (set_id(a, i) != set_id(b, i))
            return 0;
    return 1;
}

/* s->id_lo and, when a handle needs them, s->id_hi: a store's row ids are
 * small, so a story costs 4 bytes here, not 8. */
static int
set_ids(HeadlineSet *s, const UiStory *v)
{
    size_t n = s->n;

    if ((s->id_lo = malloc((n ? n : 1) * sizeof *s->id_lo)) == NULL)
        return K_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint64_t id = (uint64_t)v[i].id;
        s->id_lo[i] = (uint32_t)id;
        if (id >> 32 && s->id_hi == NULL && (s->id_hi = calloc(n, sizeof *s->id_hi)) == NULL)
            return K_ENOMEM;
        if (s->id_hi)
            s->id_hi[i] = (uint32_t)(id >> 32);
    }
    return K_OK;
}

void
ui_set_total_hint(Ui *ui, size_t total)
{
    if (ui->total_hint != total)
        ui->dirty = 1;
    ui->total_hint = total;
}

int
ui_set_stories(Ui *ui, const UiStory *v, size_t n, const char *updated)
{
    HeadlineSet *s = calloc(1, sizeof *s);

    if (s == NULL)
        return K_ENOMEM;
    if (n > UINT32_MAX)
        n = UINT32_MAX;  /* the list order is 32-bit: four billion stories is plenty */
    s->n = n;
    if (set_ids(s, v) != K_OK || set_group(s, v) != K_OK) {
        set_free(s);
        return K_ENOMEM;
    }
    snprintf(s->updated, sizeof s->updated, "%s", updated ? updated : "");
    if (extends(ui->set, s) && ui->pending == NULL && !ui->hl.trans) {
        /* more of the same list (the rest after a first batch): swap in
         * place, keeping the story on screen */
        scr_headlines_forget(ui, ui->set);
        scr_list_forget(ui);
        set_free(ui->set);
        ui->set = s;
        const UiScreenOps *ops = screen_ops(ui);
        if (ops->build)
            ops->build(ui);
        ui->dirty = 1;
        return K_OK;
    }
    set_free(ui->pending);
    ui->pending = s;
    if (ui->set == NULL || ui->screen == UI_SCREEN_EMPTY) {
        ui_swap_pending(ui);
        ui_drop_retired(ui);
        ui_restart_cycle(ui);
    } else if (ui->screen == UI_SCREEN_LIST) {
        /* the list shows what is stored: rows not yet laid out would ask
         * the host for stories of the old set, and it has only the new */
        scr_list_open(ui);
    }
    return K_OK;
}

/* Night is on between cfg.night_start_min and night_end_min of local
 * wall time (across midnight when start > end). */
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

/* A gesture on the screen (no overlay): the vertical drag scrolls, the
 * screen takes taps, sideways drags and swipes. */
static void
screen_gesture(Ui *ui, const UiScreenOps *ops, const GestureEvent *e)
{
    Inertia *sc = ops->scroll ? ops->scroll(ui) : NULL;

    switch (e->kind) {
    case GESTURE_TAP:
        if (ops->gesture)
            ops->gesture(ui, e);
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
        if (ui->drag_axis == AXIS_H && ops->gesture)
            ops->gesture(ui, e);
        break;
    case GESTURE_DRAG_END:
        if (ui->drag_axis == AXIS_V && sc) {
            inertia_fling(sc, -e->vy);
            ui->dirty = 1;
        }
        if (ui->hl.hdrag) {
            /* slide back, unless the SWIPE that may follow takes it on */
            ui->hl.hdrag = 0;
            ui->hl.snap = 1;
            ui->hl.snap_dx = ui->hl.hdrag_dx;
            ui->hl.snap_start = ui->now;
            ui->dirty = 1;
        }
        break;
    case GESTURE_SWIPE_LEFT:
    case GESTURE_SWIPE_RIGHT:
        if (ui->drag_axis != AXIS_V && ops->gesture)
            ops->gesture(ui, e);
        break;
    }
}

/* A long press in a corner opens diagnostics from anywhere; otherwise the
 * overlay on top takes the gesture whole, or the screen does. */
static void
gesture_event(Ui *ui, const GestureEvent *e)
{
    const UiScreenOps *o;

    if (e->kind == GESTURE_LONG_PRESS && chrome_in_corner(ui, e->x, e->y)) {
        overlay_diag_open(ui);
        return;
    }
    if ((o = overlay_on_top(ui)) != NULL) {
        if (o->gesture)
            o->gesture(ui, e);
        return;
    }
    screen_gesture(ui, screen_ops(ui), e);
}

/* The diagnostics key opens or closes them from anywhere; otherwise the
 * overlay on top takes the key, or the screen does. Returns 1 to quit. */
static int
key_event(Ui *ui, int key)
{
    const UiScreenOps *top;

    /* Right is "next" the way the reader reads: reversed right to left */
    if (ui->cfg.rtl_ui && (key == UI_KEY_LEFT || key == UI_KEY_RIGHT))
        key = key == UI_KEY_LEFT ? UI_KEY_RIGHT : UI_KEY_LEFT;

    if (key == UI_KEY_DIAG) {
        if (ui->diag.open)
            ui->diag.open = 0;
        else
            overlay_diag_open(ui);
        ui->dirty = 1;
        return 0;
    }
    top = top_ops(ui);
    return top->key ? top->key(ui, key) : 0;
}

int
ui_event(Ui *ui, const UiEvent *ev)
{
    GestureEvent out[GESTURE_MAX_EVENTS];
    int n = 0;

    if (ev->kind < UI_EV_DOWN || ev->kind > UI_EV_KEY)
        return 0;   /* a window closed or an expose: the kiosk's, not the screen's */
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
    ui_restart_cycle(ui);
    if (ev->kind == UI_EV_DOWN || (ui->pressing && ev->kind != UI_EV_KEY)) {
        /* light up what the finger is on until it lifts or drags */
        ui->pressing = ev->kind == UI_EV_DOWN || (ev->kind == UI_EV_MOVE && !ui->g.dragging);
        ui->press_x = ev->x;
        ui->press_y = ev->y;
        ui->dirty = 1;
    }
    switch (ev->kind) {
    case UI_EV_DOWN:
        ui->hl.hdrag = 0;
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
    return ui->g.down || overlay_on_top(ui) != NULL || (ui->night && !ui->woken);
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
        ui_restart_cycle(ui);
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
    if (ui->hl.snap) {
        if (ui->now - ui->hl.snap_start >= SNAP_MS)
            ui->hl.snap = 0;
        ui->dirty = 1;
    }
    if (ui->hl.trans) {
        if (ui->now - ui->hl.trans_start >= ui->cfg.transition_ms) {
            ui->hl.trans = 0;
            ui_drop_retired(ui);
        }
        ui->dirty = 1;
    }
    if (ui->diag.open && ui->now >= ui->diag.until) {
        ui->diag.open = 0;
        ui->dirty = 1;
        ui_restart_cycle(ui);
    }
    Inertia *sc = active_scroll(ui);
    if (sc && sc->vel != 0 && dt > 0) {
        inertia_step(sc, (int)(dt > 1000 ? 1000 : dt));
        ui->dirty = 1;
    }
    int64_t idle = idle_deadline(ui);
    if (idle >= 0 && ui->now >= idle)
        ui_to_headlines(ui);
    if (ui->screen == UI_SCREEN_EMPTY && ui->pending)
        ui_swap_pending(ui);
    /* the attract loop; paused at night while blank or dimmed */
    if (ui->screen == UI_SCREEN_HEADLINES && !ui->hl.trans) {
        if (cycle_blocked(ui))
            ui_restart_cycle(ui);  /* a full cycle again once the reader lets go */
        else if (ui->now >= ui->cycle_deadline) {
            if (ui->pending || (ui->set && ui->set->n > 1))
                scr_headlines_go(ui, 1, 1);
            else
                ui_restart_cycle(ui);
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
    const Inertia *sc = active_scroll_c(ui);
    int64_t idle = idle_deadline(ui);

#define AT(t)                                                                              \
    do {                                                                                   \
        int64_t d_ = (t) - now_ms;                                                         \
        if (d_ < next)                                                                     \
            next = d_;                                                                     \
    } while (0)
    if (ui->hl.snap || (sc && sc->vel != 0))
        return FRAME_MS;
    if (ui->hl.trans)
        return SLIDE_FRAME_MS;
    /* the status clock's next minute */
    int64_t local = ui->wall_s + ui->utc_off;
    next = (60 - (local % 60 + 60) % 60) * 1000;
    if (ui->screen == UI_SCREEN_HEADLINES && !cycle_blocked(ui) &&
        (ui->pending || (ui->set && ui->set->n > 1)))
        AT(ui->cycle_deadline);
    if (idle >= 0)
        AT(idle);
    if (ui->diag.open)
        AT(ui->diag.until);
    if (ui->woken)
        AT(ui->wake_until);
    int64_t g = gesture_next_ms(&ui->g, now_ms);
    if (g >= 0 && g < next)
        next = g;
#undef AT
    return next < 0 ? 0 : next;
}


int
ui_draw(Ui *ui, DrawList *dl)
{
    int oom = 0;

    drawlist_reset(dl, ui->W, ui->H);
    ui->dirty = 0;
    if (ui->night && !ui->woken && ui->cfg.night_blank) {
        frame_fill(dl, 0, 0, ui->W, ui->H, 0xFF000000, &oom);
        return oom ? K_ENOMEM : K_OK;
    }
    frame_fill(dl, 0, 0, ui->W, ui->H, ui->th.bg, &oom);
    screen_ops(ui)->draw(ui, dl, &oom);
    for (size_t i = NOVERLAYS; i-- > 0;)  /* bottom up */
        if (overlays[i]->shown(ui))
            overlays[i]->draw(ui, dl, &oom);
    if (ui->night && !ui->woken)
        frame_fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.dim, &oom);
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
    return top_ops(ui)->id;
}

int
ui_story(const Ui *ui)
{
    if (ui->set == NULL || ui->set->n == 0)
        return -1;
    return ui->screen == UI_SCREEN_ARTICLE ? ui->art.index : ui->cur;
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
    const Inertia *sc = active_scroll_c(ui);
    return ui->hl.trans || ui->hl.snap || (sc && sc->vel != 0);
}

double
ui_scroll(const Ui *ui)
{
    const Inertia *sc = active_scroll_c(ui);
    return sc ? sc->pos : 0;
}

double
ui_scroll_max(const Ui *ui)
{
    const Inertia *sc = active_scroll_c(ui);
    return sc ? sc->max : 0;
}

void
ui_drift(const Ui *ui, int *dx, int *dy)
{
    *dx = ui->drift_dx;
    *dy = ui->drift_dy;
}
