/* SPDX-License-Identifier: MIT
 *
 * chrome.c - what the screens share around the stories: the status line
 * (clock, day, content date, hint), the top bar (Back, title, count), the
 * scroll bar, the position dots, dates and "source · date" in the UI
 * language, and the touch targets they make (mirrored for a right-to-left
 * UI by chrome_rect). Start at chrome_draw_status. See ui_private.h.
 *
 * The strings these draw live in ui->strs (UiFrameStrings): one buffer
 * per use, since the ops borrow them until the next frame.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "ui_private.h"

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
void
chrome_date(const char *iso, char *buf, size_t size)
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

/* A box in the picture, mirrored when the UI is right-to-left: where the
 * reader sees (and touches) what was laid out at r. */
Rect
chrome_rect(const Ui *ui, Rect r)
{
    if (ui->cfg.rtl_ui)
        r.x = ui->W - r.x - r.w;
    return r;
}

/* "Source · date". Each part is a bidi isolate (U+2068 ... U+2069): an
 * Arabic paper's name beside a Latin date must not pull the day number
 * away from its month. */
void
chrome_meta(char *buf, size_t size, const char *source, const char *date)
{
    const char *fsi = "\xe2\x81\xa8", *pdi = "\xe2\x81\xa9";
    int s = source && source[0], d = date && date[0];

    snprintf(buf, size, "%s%s%s%s%s%s%s", s ? fsi : "", s ? source : "", s ? pdi : "",
             s && d ? "  \xc2\xb7  " : "", d ? fsi : "", d ? date : "", d ? pdi : "");
}
int
chrome_pill_h(const Ui *ui)
{
    return lineh(ui, FONT_MAKE(ui->s.label_px, 1)) + 2 * (ui->s.unit / 2 + 1);
}

int
chrome_status_h(const Ui *ui)
{
    int pad = ui->s.unit > 6 ? ui->s.unit : 6;
    return lineh(ui, FONT_MAKE(ui->s.status_px, 0)) + 2 * pad + pad / 2 + ui->cfg.drift_px;
}

int
chrome_dot_size(const Ui *ui)
{
    return ui->s.unit + ui->s.unit / 2 > 6 ? ui->s.unit + ui->s.unit / 2 : 6;
}

/* The Back target in the top bar of the article and list screens, laid out
 * left to right (top left; chrome_rect() mirrors it). */
Rect
chrome_back_button(const Ui *ui)
{
    int w = ui->s.button_h * 5 / 2;
    return (Rect){0, 0, w, ui->s.button_h};
}

int
chrome_in_rect(Rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* A finger is down on r (and not dragging): draw r pressed. */
int
chrome_pressed(const Ui *ui, Rect r)
{
    return ui->pressing && chrome_in_rect(r, ui->press_x, ui->press_y);
}

/* Long press here opens diagnostics. */
int
chrome_in_corner(const Ui *ui, int x, int y)
{
    int c = ui->s.button_h;
    return (x < c || x >= ui->W - c) && (y < c || y >= ui->H - c);
}


/* 1 when a tap at (x, y) hits the top bar's Back, where the reader sees it. */
int
chrome_back_hit(const Ui *ui, int x, int y)
{
    return chrome_in_rect(chrome_rect(ui, chrome_back_button(ui)), x, y);
}

/* The next story lies the way one reads: to the right of a left-to-right
 * reader (swipe left), to the left of a right-to-left one (swipe right). */
int
chrome_swipe_dir(const Ui *ui, const GestureEvent *e, int *vdir)
{
    int v = e->kind == GESTURE_SWIPE_LEFT ? 1 : -1;

    if (vdir)
        *vdir = v;
    return ui->cfg.rtl_ui ? -v : v;
}

/* The status line, laid out left to right: clock and day, the content date
 * at the far side, hint centred; mirrored for a right-to-left UI. */
void
chrome_draw_status(Ui *ui, DrawList *dl, const char *hint, int *oom)
{
    const LayoutScale *s = &ui->s;
    int sh = chrome_status_h(ui), y0 = ui->H - sh;
    int sf = FONT_MAKE(s->status_px, 0), bf = FONT_MAKE(s->status_px, 1);
    int ty = y0 + (sh - lineh(ui, sf)) / 2;
    char date[32];
    const char *updated = ui->set ? ui->set->updated : "";
    size_t n0 = dl->n;

    frame_fill(dl, -64, y0, ui->W + 128, sh + 64, ui->th.bar, oom);
    frame_fill(dl, -64, y0, ui->W + 128, 1, ui->th.divider, oom);
    chrome_date(updated, date, sizeof date);
    int x = s->margin, lw = 0, rw = 0;
    if (ui->suspect) {
        ui->strs.clock[0] = '\0';
        /* TRANSLATORS: the status line when the kiosk's clock cannot be
         * trusted: %s is the content's date, or "the last import". */
        snprintf(ui->strs.note, sizeof ui->strs.note, _("news as of %s"),
                 date[0] ? date : _("the last import"));
        lw = frame_label(ui, dl, bf, ui->th.text2, x, ty, ui->strs.note, ui->W / 2, oom);
    } else {
        time_t t = (time_t)(ui->wall_s + ui->utc_off);
        struct tm tm;
        gmtime_r(&t, &tm);
        snprintf(ui->strs.clock, sizeof ui->strs.clock, "%02d:%02d", tm.tm_hour, tm.tm_min);
        /* TRANSLATORS: today beside the clock: short weekday, day, short
         * month ("Fri 10 Jan"). Reorder with %1$s (weekday), %2$d (day),
         * %3$s (month). */
        snprintf(ui->strs.day, sizeof ui->strs.day, C_("status: weekday day month", "%s %d %s"),
                 day_name(tm.tm_wday % 7), tm.tm_mday, month_name(tm.tm_mon % 12 + 1));
        lw = frame_label(ui, dl, bf, ui->th.text, x, ty, ui->strs.clock, 0, oom);
        lw += s->unit * 2;
        lw += frame_label(ui, dl, sf, ui->th.muted, x + lw, ty, ui->strs.day, 0, oom);
        /* the long form where it fits, else a short one (portrait, TFT) */
        /* TRANSLATORS: the status line's far side: when the news on the
         * kiosk was made; %s is a date. The second is a shorter form for
         * small screens. */
        for (int i = 0; date[0] && i < 2; i++) {
            snprintf(ui->strs.note, sizeof ui->strs.note,
                     i == 0 ? _("content updated %s") : _("updated %s"), date);
            int w = textw(ui, sf, ui->strs.note, strlen(ui->strs.note));
            if (w < ui->W - 2 * s->margin - lw - s->unit * 4) {
                frame_label(ui, dl, sf, ui->th.muted, ui->W - s->margin - w, ty, ui->strs.note, 0,
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
            frame_label(ui, dl, sf, ui->th.accent, hx, ty, hint, 0, oom);
    }
    frame_mirror(ui, dl, n0);
}

/* The position under the headline card: a dot per story, the current one
 * lit and bigger; "3 / 40" when the dots would not fit (24 at most). */
void
chrome_draw_dots(Ui *ui, DrawList *dl, int *oom)
{
    size_t n = ui->set ? ui->set->n : 0;
    if (ui->total_hint > n)
        n = ui->total_hint;
    int d = chrome_dot_size(ui), gap = d + d / 2;
    int y = ui->H - chrome_status_h(ui) - ui->s.unit * 3 - d;
    size_t n0 = dl->n;

    if (n < 2)
        return;
    if (n <= 24 && (int)n * gap < ui->W - 2 * ui->s.margin) {
        int x = (ui->W - ((int)n * gap - gap + d)) / 2;
        for (size_t i = 0; i < n; i++) {
            DrawOp *op = frame_put(dl, DRAW_DOT, oom);
            if (op == NULL)
                return;
            int on = (int)i == ui->cur;
            op->rect = (Rect){x + (int)i * gap, y, d, d};
            op->color = on ? ui->th.accent : ui->th.dot;
            if (on)
                op->rect = (Rect){op->rect.x - d / 4, y - d / 4, d + d / 2, d + d / 2};
        }
        frame_mirror(ui, dl, n0);  /* the first story at the right */
        return;
    }
    int f = FONT_MAKE(ui->s.status_px, 1);
    snprintf(ui->strs.dots, sizeof ui->strs.dots, "%d / %zu", ui->cur + 1, n);
    int w = textw(ui, f, ui->strs.dots, strlen(ui->strs.dots));
    frame_label(ui, dl, f, ui->th.muted, (ui->W - w) / 2, y + d / 2 - lineh(ui, f) / 2,
                ui->strs.dots, 0, oom);
    frame_mirror(ui, dl, n0);
}

/* The top bar of the article and the list, laid out left to right and
 * mirrored: Back (pressed under the finger), the title ellipsized, the
 * right-hand note. */
void
chrome_draw_topbar(Ui *ui, DrawList *dl, const char *title, const char *right, int *oom)
{
    const LayoutScale *s = &ui->s;
    Rect b = chrome_back_button(ui);
    int lf = FONT_MAKE(s->summary_px, 1), mf = FONT_MAKE(s->meta_px, 0);
    int ty = (b.h - lineh(ui, lf)) / 2;
    size_t n0 = dl->n, chevron;

    frame_fill(dl, -64, -64, ui->W + 128, b.h + 64, ui->th.bar, oom);
    frame_fill(dl, -64, b.h - 1, ui->W + 128, 1, ui->th.divider, oom);
    frame_fill(dl, s->margin / 2, s->unit, b.w - s->margin / 2, b.h - 2 * s->unit,
               chrome_pressed(ui, chrome_rect(ui, b)) ? ui->th.pressed : ui->th.surface, oom);
    int x = s->margin / 2 + s->unit * 2;
    /* a chevron a size up, centred on the label, pointing the way back:
     * left, or right for a right-to-left reader */
    int cf = FONT_MAKE(s->title_px, 1);
    chevron = dl->n;
    x += frame_label(ui, dl, cf, ui->th.accent, x, ty + (lineh(ui, lf) - lineh(ui, cf)) / 2 - 1,
                     ui->cfg.rtl_ui ? "\xe2\x80\xba" : "\xe2\x80\xb9", 0, oom);
    /* TRANSLATORS: the button that leaves a story or the list. */
    frame_label(ui, dl, lf, ui->th.accent, x + s->unit * 2, ty, _("Back"), 0, oom);
    int rw = 0;
    if (right && right[0]) {
        rw = textw(ui, mf, right, strlen(right));
        frame_label(ui, dl, mf, ui->th.muted, ui->W - s->margin - rw, (b.h - lineh(ui, mf)) / 2,
                    right, 0, oom);
    }
    if (title && title[0]) {
        int tx = b.w + s->margin;
        frame_label(ui, dl, lf, ui->th.text, tx, ty, title, ui->W - tx - rw - 2 * s->margin, oom);
    }
    frame_mirror(ui, dl, n0);
    /* the chevron is drawn as the glyph it is: a backend must not mirror
     * it again as a bidi-mirrored character in a right-to-left run */
    if (chevron < dl->n && dl->ops[chevron].kind == DRAW_TEXT)
        dl->ops[chevron].rtl = 0;
}

/* A scroll bar at the far edge below the top bar, when the content is
 * taller than the view: track and a thumb sized to the visible part. */
void
chrome_draw_scrollbar(Ui *ui, DrawList *dl, const Inertia *sc, int content_h, int *oom)
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
    frame_fill(dl, x, y0 + ui->s.unit, bw, view_h - 2 * ui->s.unit, ui->th.surface, oom);
    frame_fill(dl, x, ty, bw, th, ui->th.thumb, oom);
    frame_mirror(ui, dl, n0);  /* on the left for a right-to-left reader */
}

