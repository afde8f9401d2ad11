/* SPDX-License-Identifier: MIT
 *
 * overlays.c - what stands in for the stories or shows over them: the
 * empty screen (no news, damaged, expired: how to load a stick), the
 * import screen (progress, then the result until touched) and the
 * diagnostics panel (the host's status lines and its QR code).
 *
 * The empty screen is a screen (overlay_empty_ops, in ui.c's screens[]);
 * import and diagnostics are overlays, with a shown() test: ui.c's
 * overlays[] lists them top first, so diagnostics show over an import,
 * and the one on top takes every key and gesture. Start at the three
 * tables at the end. See ui_private.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui_private.h"

/* --- the empty screen ---------------------------------------------------- */

/* Heading, intro and the three steps, centred, over the status line. */
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
    int total = hp * doc_count_lines(ui, hf, heading, w, 2) + s->unit * 4;
    for (size_t i = 0; i < 3; i++)
        total += mp * doc_count_lines(ui, mf, steps[i], w, 4) + s->unit * 2;
    total += bp;
    int y = (ui->H - chrome_status_h(ui) - total) / 2;
    if (y < s->margin)
        y = s->margin;
    doc_fill(&d, x, y - s->unit * 3, s->unit * 8, s->unit / 2 > 2 ? s->unit / 2 : 2,
             ui->th.accent);
    size_t from = d.n;
    y = doc_chrome(ui, &d, hf, ui->th.text, x, y, w, heading, 2, hp, NULL);
    doc_dir(&ui->cfg, d.ops, from, d.n, heading, strlen(heading));
    y += s->unit * 2;
    from = d.n;
    y = doc_chrome(ui, &d, bf, ui->th.text2, x, y, w, intro, 1, bp, NULL);
    doc_dir(&ui->cfg, d.ops, from, d.n, intro, strlen(intro));
    y += s->unit * 2;
    for (size_t i = 0; i < 3; i++) {
        from = d.n;
        y = doc_chrome(ui, &d, mf, ui->th.muted, x, y, w, steps[i], 4, mp, NULL);
        doc_dir(&ui->cfg, d.ops, from, d.n, steps[i], strlen(steps[i]));
        y += s->unit * 2;
    }
    frame_doc(dl, &d, 0, 0, 0, ui->H, oom);
    frame_mirror(ui, dl, n0);
    /* the doc's ops point at static strings and at gettext's catalogue
     * (mapped for the life of the process) only, so they outlive it */
    free(d.ops);
    arena_free(&d.strs);
    chrome_draw_status(ui, dl, NULL, oom);
}

/* --- the import screen --------------------------------------------------- */

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
    frame_fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.bg, oom);
    if (im->state != UI_IMPORT_RUNNING) {
        int d = lineh(ui, tf) * 3 / 2;
        DrawOp *op = frame_put(dl, DRAW_DOT, oom);
        if (op) {
            op->rect = (Rect){x, y, d, d};
            op->color = im->state == UI_IMPORT_DONE ? ok : bad;
        }
        const char *glyph = im->state == UI_IMPORT_DONE ? "\xe2\x9c\x93" : "!";
        int gw = textw(ui, tf, glyph, strlen(glyph));
        frame_label(ui, dl, tf, ui->th.on_label, x + (d - gw) / 2, y + (d - lineh(ui, tf)) / 2,
                    glyph, 0, oom);
        y += d + s->unit * 3;
    }
    const char *title = im->title[0] ? im->title
                        : im->state == UI_IMPORT_RUNNING ? _("Importing news from the USB stick")
                        : im->state == UI_IMPORT_DONE    ? _("Import finished")
                                                         : _("Import failed");
    frame_label(ui, dl, tf, im->state == UI_IMPORT_FAILED ? bad : ui->th.text, x, y, title, w, oom);
    y += lineh(ui, tf) + s->unit * 4;
    if (im->state == UI_IMPORT_RUNNING) {
        int bh = s->unit * 4;
        frame_fill(dl, x, y, w, bh, ui->th.surface, oom);
        if (im->total > 0) {
            int done = im->done < im->total ? im->done : im->total;
            frame_fill(dl, x, y, (int)((int64_t)w * done / im->total), bh, ui->th.accent, oom);
            /* TRANSLATORS: import progress: articles done of the total. */
            snprintf(ui->strs.progress, sizeof ui->strs.progress,
                     _n("%d of %d article", "%d of %d articles", im->total), im->done, im->total);
            snprintf(ui->strs.pct, sizeof ui->strs.pct, "%d%%",
                     (int)((int64_t)done * 100 / im->total));
        } else {
            snprintf(ui->strs.progress, sizeof ui->strs.progress, "%s",
                     _("Reading the stick\xe2\x80\xa6"));
            ui->strs.pct[0] = '\0';
        }
        y += bh + s->unit * 3;
        int pw = textw(ui, kf, ui->strs.pct, strlen(ui->strs.pct));
        frame_label(ui, dl, bf, ui->th.text2, x, y, ui->strs.progress, w - pw - s->unit * 4, oom);
        if (ui->strs.pct[0])
            frame_label(ui, dl, kf, ui->th.text, x + w - pw, y, ui->strs.pct, 0, oom);
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
            DrawOp *op = frame_put(dl, DRAW_TEXT, oom);
            if (op) {
                op->rect = (Rect){x, y, ll.v[i].width_px, lineh(ui, f)};
                op->color = key ? ui->th.accent : ui->th.text2;
                op->font = f;
                op->text = p + ll.v[i].off;
                op->len = ll.v[i].len;
                op->ellipsis = ll.v[i].ellipsis;
                doc_dir(&ui->cfg, op, 0, 1, p, n);
            }
            y += lineh(ui, f) * 6 / 5;
        }
        layout_lines_free(&ll);
        y += lineh(ui, f) / 4;
        p += n;
        if (*p == '\n')
            p++;
    }
    frame_mirror(ui, dl, n0);
}

/* --- diagnostics ------------------------------------------------------------ */

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

/* Lay the diagnostics panel out into ui->diag.doc: the host's lines (each
 * up to two lines wrapped, as many as fit), its QR code, "Touch to close". */
static void
build_diag(Ui *ui)
{
    const LayoutScale *s = &ui->s;
    Doc *d = &ui->diag.doc;
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
    doc_dir(&ui->cfg, d->ops, 0, d->n, heading, strlen(heading));
    y += s->unit * 2;
    char *text = arena_strdup(&d->strs, buf);
    int bottom = ui->H - s->margin * 2 - lineh(ui, bf);
    for (char *line = text; line && *line && y < bottom;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        size_t from = d->n;
        y = doc_chrome(ui, d, bf, ui->th.text, x, y, w, line, 2, lineh(ui, bf), NULL);
        doc_dir(&ui->cfg, d->ops, from, d->n, line, strlen(line));
        line = nl ? nl + 1 : NULL;
    }
    size_t from = d->n;
    doc_chrome(ui, d, bf, ui->th.muted, x, bottom, w, close, 1, lineh(ui, bf), NULL);
    doc_dir(&ui->cfg, d->ops, from, d->n, close, strlen(close));
    if (ui->cfg.rtl_ui)
        doc_mirror(d->ops, 0, d->n, 0, ui->W);
}

/* Open diagnostics (laid out now, with the host's status of now) until
 * cfg.diag_ms from now. */
void
overlay_diag_open(Ui *ui)
{
    build_diag(ui);
    ui->diag.open = 1;
    ui->diag.until = ui->now + ui->cfg.diag_ms;
    ui->dirty = 1;
}


/* The screen dimmed, and the panel laid out when diagnostics opened. */
static void
draw_diag(Ui *ui, DrawList *dl, int *oom)
{
    frame_fill(dl, -64, -64, ui->W + 128, ui->H + 128, ui->th.dim, oom);
    frame_doc(dl, &ui->diag.doc, 0, 0, 0, ui->H, oom);
}

/* --- input and the tables ------------------------------------------------------ */

static int
empty_key(Ui *ui, int key)
{
    return key == UI_KEY_ESCAPE && ui->cfg.can_quit;
}

static int
import_shown(const Ui *ui)
{
    return ui->imp.state != UI_IMPORT_NONE;
}

/* A result stays until Enter, Escape or Back; progress cannot be dismissed. */
static int
import_key(Ui *ui, int key)
{
    if (ui->imp.state != UI_IMPORT_RUNNING &&
        (key == UI_KEY_ENTER || key == UI_KEY_ESCAPE || key == UI_KEY_BACK)) {
        ui->imp.state = UI_IMPORT_NONE;
        ui->dirty = 1;
    }
    return 0;
}

/* ... or a tap. */
static void
import_gesture(Ui *ui, const GestureEvent *e)
{
    if (e->kind == GESTURE_TAP && ui->imp.state != UI_IMPORT_RUNNING) {
        ui->imp.state = UI_IMPORT_NONE;
        ui->dirty = 1;
    }
}

static int
diag_shown(const Ui *ui)
{
    return ui->diag.open;
}

/* Any key closes diagnostics. */
static int
diag_key(Ui *ui, int key)
{
    (void)key;
    ui->diag.open = 0;
    ui->dirty = 1;
    return 0;
}

/* So does a tap. */
static void
diag_gesture(Ui *ui, const GestureEvent *e)
{
    if (e->kind == GESTURE_TAP) {
        ui->diag.open = 0;
        ui->dirty = 1;
    }
}

const UiScreenOps overlay_empty_ops = {
    .id = UI_SCREEN_EMPTY,
    .draw = draw_empty,
    .key = empty_key,
};

const UiScreenOps overlay_import_ops = {
    .id = UI_SCREEN_IMPORT,
    .shown = import_shown,
    .draw = draw_import,
    .key = import_key,
    .gesture = import_gesture,
};

const UiScreenOps overlay_diag_ops = {
    .id = UI_SCREEN_DIAG,
    .shown = diag_shown,
    .draw = draw_diag,
    .key = diag_key,
    .gesture = diag_gesture,
};
