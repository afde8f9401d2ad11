/* SPDX-License-Identifier: MIT
 * draw.c - growing the DrawList (see draw.h). */
#include "draw.h"

#include <stdlib.h>
#include <string.h>



void
drawlist_reset(DrawList *dl, int width, int height)
{
    dl->n = 0;
    dl->width = width;
    dl->height = height;
}

DrawOp *
drawlist_push(DrawList *dl, int kind)
{
    DrawOp *op;

    if (dl->n == dl->cap) {
        size_t cap = dl->cap ? dl->cap * 2 : 128;
        DrawOp *v = realloc(dl->ops, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        dl->ops = v;
        dl->cap = cap;
    }
    op = &dl->ops[dl->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    return op;
}

void
drawlist_free(DrawList *dl)
{
    if (dl == NULL)
        return;
    free(dl->ops);
    dl->ops = NULL;
    dl->n = dl->cap = 0;
}
