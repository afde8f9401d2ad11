/* SPDX-License-Identifier: MIT
 *
 * draw.h - the DrawList: what the screen should show, as data.
 *
 * ui.c fills a DrawList each frame; a backend (app/plat/plat_sdl.c, or a test)
 * consumes it. Ops are painted in order. Text ops borrow their bytes from the
 * UI (valid until the next ui_draw or ui_free); a backend that caches rendered
 * text must copy what it keys on. Coordinates are logical pixels: (0,0) is
 * the top-left of the picture the reader sees, after any rotation.
 * libc only.
 */
#ifndef KIOSK_DRAW_H
#define KIOSK_DRAW_H

#include <stddef.h>
#include <stdint.h>

typedef struct Rect {
    int x, y, w, h;
} Rect;

/* 0xAARRGGBB; alpha 0xFF is opaque. */
typedef uint32_t Color;

#define COLOR_A(c) ((unsigned)((c) >> 24) & 0xFFu)
#define COLOR_R(c) ((unsigned)((c) >> 16) & 0xFFu)
#define COLOR_G(c) ((unsigned)((c) >> 8) & 0xFFu)
#define COLOR_B(c) ((unsigned)(c) & 0xFFu)

/* A font is a pixel size and a weight, packed in one int so that layout and
 * backends can use it as a cache key. */
#define FONT_MAKE(px, bold) ((int)(((px) << 1) | ((bold) ? 1 : 0)))
#define FONT_PX(f) ((f) >> 1)
#define FONT_BOLD(f) ((f) & 1)

enum DrawOpKind {
    DRAW_FILL = 1,   /* rect filled with color (alpha blends) */
    DRAW_TEXT,       /* one line of text; its top-left at rect.x, rect.y */
    DRAW_IMAGE,      /* image 'text' (a store image name) scaled to cover rect */
    DRAW_DOT,        /* filled circle inscribed in rect */
    DRAW_CLIP,       /* clip following ops to rect; w == 0 turns clipping off */
};

typedef struct DrawOp {
    int kind;            /* DrawOpKind */
    Rect rect;           /* DRAW_TEXT: rect.w/h are the measured line size */
    Color color;
    int font;            /* DRAW_TEXT: FONT_MAKE(px, bold) */
    const char *text;    /* DRAW_TEXT: bytes (not NUL-terminated); DRAW_IMAGE: name */
    size_t len;          /* DRAW_TEXT: byte count */
    int ellipsis;        /* DRAW_TEXT: 1 = draw "…" after the text */
    int rtl;             /* DRAW_TEXT: the paragraph's base direction is right-to-left */
} DrawOp;

typedef struct DrawList {
    DrawOp *ops;
    size_t n, cap;
    int width, height;   /* logical size of the picture */
} DrawList;

/* Empty dl (keeping its memory) and set the picture size. */
void drawlist_reset(DrawList *dl, int width, int height);

/* Append a zeroed op of 'kind'. Returns it, or NULL when out of memory (the
 * list is then unchanged). The pointer is valid until the next push. */
DrawOp *drawlist_push(DrawList *dl, int kind);

/* Free the ops of dl (NULL-safe); the DrawList itself belongs to the caller. */
void drawlist_free(DrawList *dl);

#endif
