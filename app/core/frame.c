/* SPDX-License-Identifier: MIT
 *
 * frame.c - adding to this frame's DrawList: fills, clips, one line of
 * chrome text (frame_label), a Doc's visible ops (frame_doc), and the
 * right-to-left mirror of what was just drawn. Every op that cannot be
 * added sets *oom; ui_draw then returns K_ENOMEM. See ui_private.h.
 */
#include <string.h>

#include "ui_private.h"


/* Append a zeroed op of 'kind' to dl. Returns it (valid until the next
 * append), or NULL with *oom = 1 when out of memory. */
DrawOp *
frame_put(DrawList *dl, int kind, int *oom)
{
    DrawOp *op = drawlist_push(dl, kind);
    if (op == NULL)
        *oom = 1;
    return op;
}

/* A rectangle filled with c (alpha blends). */
void
frame_fill(DrawList *dl, int x, int y, int w, int h, Color c, int *oom)
{
    DrawOp *op = frame_put(dl, DRAW_FILL, oom);
    if (op) {
        op->rect = (Rect){x, y, w, h};
        op->color = c;
    }
}

/* One line of chrome text, measured; ellipsized into max_w when given. */
int
frame_label(Ui *ui, DrawList *dl, int font, Color c, int x, int y, const char *s, int max_w,
            int *oom)
{
    DrawOp *op = frame_put(dl, DRAW_TEXT, oom);
    int w = textw(ui, font, s, strlen(s));

    if (op == NULL)
        return w;
    op->rect = (Rect){x, y, w, lineh(ui, font)};
    op->color = c;
    op->font = font;
    op->text = s;
    op->len = strlen(s);
    doc_dir(&ui->cfg, op, 0, 1, s, op->len);
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
void
frame_doc(DrawList *dl, const Doc *d, int dx, int dy, int clip_y0, int clip_y1, int *oom)
{
    for (size_t i = 0; i < d->n; i++) {
        const DrawOp *s = &d->ops[i];
        int y = s->rect.y + dy;
        if (y + s->rect.h <= clip_y0 || y >= clip_y1)
            continue;
        if (s->rect.x + dx + s->rect.w <= 0 || s->rect.x + dx >= dl->width)
            continue;
        DrawOp *op = frame_put(dl, s->kind, oom);
        if (op == NULL)
            return;
        *op = *s;
        op->rect.x += dx;
        op->rect.y = y;
    }
}

/* Mirror the ops drawn since n0 across the picture, for a right-to-left UI. */
void
frame_mirror(Ui *ui, DrawList *dl, size_t n0)
{
    if (ui->cfg.rtl_ui)
        doc_mirror(dl->ops, n0, dl->n, 0, ui->W);
}

/* Clip the ops that follow to the rectangle; w == 0 turns clipping off. */
void
frame_clip(DrawList *dl, int x, int y, int w, int h, int *oom)
{
    DrawOp *op = frame_put(dl, DRAW_CLIP, oom);
    if (op)
        op->rect = (Rect){x, y, w, h};
}
