/* SPDX-License-Identifier: MIT
 *
 * plat_sdl.h - what the SDL backend's files share (not a public header:
 * everyone else uses plat.h). plat_sdl.c opens the window and presents
 * frames; plat_sdl_input.c turns SDL's events into PlatEvents and powers the
 * panel. Text and pictures come from the shared text.c and images.c.
 */
#ifndef KIOSK_PLAT_SDL_H
#define KIOSK_PLAT_SDL_H

#include <SDL.h>

#include "images.h"
#include "plat.h"
#include "text.h"

#define MAX_TEXT_ENTRIES 1024
#define MAX_IMAGES 4
#define MAX_DOTS 4

typedef struct TextEntry {
    uint64_t hash;
    int font, ellipsis, rtl;
    int yoff;               /* the texture starts this far above the line's top */
    Color color;
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


struct Plat {
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
    int abs_x, abs_y, abs_btn, abs_sent_btn;  /* its state as of the last SYN */
    int abs_pointer;        /* an absolute pointer (a touch frame as a mouse) and no
                             * relative mouse: SDL 2.26 on KMS/DRM reports its raw
                             * axes, which are scaled here by their range */
    int abs_min_x, abs_max_x, abs_min_y, abs_max_y;
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

    Images *imgs;
    Image images[MAX_IMAGES];

    struct { int d; SDL_Texture *tex; } dots[MAX_DOTS];
};

/* Catch SIGINT and SIGTERM for plat_wait (a PLAT_EV_QUIT) and ignore
 * SIGHUP. plat_sdl_input.c. */
void plat_sdl_catch_signals(void);

/* On KMS/DRM: find a touch frame that is an absolute mouse and set
 * p->abs_pointer and its range. plat_sdl_input.c. */
void plat_sdl_probe_abs_pointer(Plat *p);

#endif
