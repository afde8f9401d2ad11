/* SPDX-License-Identifier: MIT
 *
 * plat_sdl.h - what the SDL backend's files share (not a public header:
 * everyone else uses plat.h). plat_sdl.c opens the window and presents
 * frames; plat_sdl_input.c turns SDL's events into PlatEvents and powers the
 * panel. Text and pictures come from the shared text.c and images.c.
 */
#ifndef KIOSK_PLAT_SDL_H
#define KIOSK_PLAT_SDL_H

#include "evtouch.h"
#include <SDL.h>

#include "images.h"
#include "plat.h"
#include "plat_backend.h"
#include "text.h"

#define MAX_TEXT_ENTRIES 1024
#define MAX_IMAGES 4
#define MAX_DOTS 4

typedef struct TextEntry {
    uint64_t hash;
    int font, ellipsis, rtl;
    int yoff;               /* the texture starts this far above the line's top */
    Color color;
    Color bg;               /* opaque: the text set on this colour (no blending when
                               drawn); 0: transparent around the glyphs, blended */
    char *text;
    size_t len;
    SDL_Texture *tex;
    int w, h;
    size_t bytes;
    uint64_t used;          /* frame number */
} TextEntry;

typedef struct Image {
    char name[256];
    int w, h;               /* the picture's own size */
    SDL_Surface *src;       /* decoded, until scaled into tex */
    SDL_Texture *tex;       /* scaled to tw x th */
    int tw, th;
    uint64_t used;
    int failed;
} Image;


typedef struct SdlPlat SdlPlat;

struct SdlPlat {
    Plat base;              /* first: plat.c dispatches through base.be */
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *target;    /* logical-size picture when rotated */
    int pw, ph;             /* window (physical) size */
    int lw, lh;             /* logical size */
    int rotate, fullscreen;
    int swap_xy, mirror_x, mirror_y;
    int can_block;          /* the video driver can sleep in SDL_WaitEventTimeout */
    int kms;                /* SDL's KMS/DRM driver: the board's own screen */
    int abs_fd;             /* that pointer's evdev device, read here (-1: none) */
    EvTouch abs_touch;      /* its state (evtouch.h) */
    int abs_pointer;        /* an absolute pointer (a touch frame as a mouse) and no
                             * relative mouse: SDL 2.26 on KMS/DRM reports its raw
                             * axes, which are scaled here by their range */
    int panel_off;          /* plat_panel_power(0) powered it down */
    Uint64 last_input_ms;   /* when the last event came (polling drivers) */
    int mouse_down;
    SDL_FingerID finger;
    int finger_down;

    TextEngine *te;
    TextEntry text[MAX_TEXT_ENTRIES];
    int ntext;
    size_t text_bytes, text_budget;
    uint64_t frame;
    Uint32 dst_format;      /* what the renderer draws into (text set on a colour
                               is made in it, so drawing it is a plain copy) */
    SDL_Rect *painted;      /* this frame: what each op painted, for what lies
                               under a line of text (plat_sdl_present) */
    size_t painted_cap;

    Images *imgs;
    Image images[MAX_IMAGES];

    struct { int d; SDL_Texture *tex; } dots[MAX_DOTS];
};

/* plat.h on SDL, for plat_sdl_backend (and for plat_fb, whose handle
 * starts with an SdlPlat drawn by the same code: see plat_fb.c). */
void plat_sdl_close(Plat *p);
void plat_sdl_size(const Plat *p, int *width, int *height);
const Metrics *plat_sdl_metrics(Plat *p);
int plat_sdl_present(Plat *p, const DrawList *dl);
int plat_sdl_wait(Plat *p, int timeout_ms, PlatEvent *ev);
int plat_sdl_panel_power(Plat *p, int on);
const char *plat_sdl_driver(const Plat *p);
int plat_sdl_screenshot(Plat *p, const char *path, Err *err);
int plat_sdl_image_size(Plat *p, const char *name, int *w, int *h);
void plat_sdl_window_to_logical(const Plat *p, int wx, int wy, int *x, int *y);
int plat_sdl_missing_glyphs(Plat *p, const char *s, size_t len);
int plat_sdl_unfonted_scripts(Plat *p, const char *s, size_t len, uint32_t *scripts, int n,
                              int max);
int plat_sdl_text_size(Plat *p, const DrawOp *op, int *w, int *h);
size_t plat_sdl_cache_bytes(const Plat *p);

/* Once p->ren draws on the screen (p->pw x p->ph, p->rotate set): the
 * rotation target, the text engine and the pictures. K_OK, or < 0 with err
 * filled (the caller closes p). plat_sdl.c. */
int plat_sdl_setup(SdlPlat *p, const PlatOpts *o, Err *err);

/* Catch SIGINT and SIGTERM for plat_wait (a PLAT_EV_QUIT) and ignore
 * SIGHUP. plat_sdl_input.c. */
void plat_sdl_catch_signals(void);

/* On KMS/DRM: find a touch frame that is an absolute mouse and set
 * p->abs_pointer and its range. plat_sdl_input.c. */
void plat_sdl_probe_abs_pointer(SdlPlat *p);

#endif
