/* SPDX-License-Identifier: MIT
 *
 * plat_fb.h - what the framebuffer backend's files share (not a public
 * header: everyone else uses plat.h). plat_fb.c opens /dev/fbN (or a fake
 * one, a plain file) and copies frames to it; plat_fb_input.c reads evdev
 * (or a fake event source), keeps the console in graphics mode and puts it
 * back on exit and on a crash.
 *
 * The handle starts with an SdlPlat: the frame is drawn by the SDL
 * backend's own code (plat_sdl.c) with SDL's software renderer on an
 * XRGB8888 surface, which needs no SDL video, so both backends draw the
 * same pixels and share the text and picture caches' logic.
 */
#ifndef KIOSK_PLAT_FB_H
#define KIOSK_PLAT_FB_H

#include "evtouch.h"
#include <linux/fb.h>
#include <linux/input.h>
#include <stdint.h>

#include "plat_sdl.h"

#define FB_MAX_DEVS 16
#define FB_QUEUE 64

/* One evdev source: a /dev/input/eventN, or the fake (a FIFO or a file of
 * struct input_event, $NEWSKIOSK_EVDEV_FAKE). */
typedef struct FbDev {
    int fd;
    int fake;                   /* the fake source: reopened on hang-up, no ioctls */
    char path[64];
    EvTouch touch;              /* its touch state (evtouch.h) */
    unsigned char part[sizeof(struct input_event)];  /* a partial event (FIFOs) */
    size_t npart;
} FbDev;

typedef struct FbPlat {
    SdlPlat sdl;                /* first: the drawing, and base.be */
    SDL_Surface *surface;       /* the screen's pixels, XRGB8888, pw x ph */
    uint32_t *shown;            /* what the framebuffer shows, as XRGB8888 */
    int fake;                   /* NEWSKIOSK_FB_FAKE: a file, not a device */
    char device[256];
    int fbfd;
    uint8_t *map;               /* the mapping, map_len bytes */
    size_t map_len;
    uint8_t *screen;            /* the page visible at open, shown again at close */
    int bpp, stride;            /* bits per pixel, bytes per line */
    int roff, rlen, goff, glen, boff, blen;    /* channel bit offsets and lengths */

    /* Page flipping, where the driver offers two pages (yres_virtual >=
     * 2 * yres and y panning): each frame is drawn into the hidden page,
     * which FBIOPAN_DISPLAY then shows. */
    int flip;                   /* on; 0: one page, changed spans copied to it */
    int page;                   /* the page shown, 0 or 1 */
    uint8_t *pages[2];          /* each page's first pixel in the mapping */
    int *spans;                 /* per line: the span [x0, x1) of the last frame's
                                 * change, then of this frame's (4 ints a line) */
    struct fb_var_screeninfo var;  /* the device's, as found (panned with it) */
    int panfd;                  /* the fake's recorded pan offset (path.pan), or -1 */

    FbDev dev[FB_MAX_DEVS];
    int ndev;
    int inotify;                /* /dev/input, for devices that come later; -1 */
    PlatEvent queue[FB_QUEUE];
    int qhead, qn;
    uint64_t last_input_ms;

    int tty;                    /* the console put in graphics mode, or -1 */
    int tty_mode, kb_mode;      /* as found, restored on close */
} FbPlat;

/* Open the input devices (or the fake source) and watch /dev/input.
 * Never fails: a kiosk without input still shows the news. */
void plat_fb_input_open(FbPlat *p);

/* Close them. */
void plat_fb_input_close(FbPlat *p);

/* Put the console (stdin when it is a virtual terminal, else /dev/tty0) in
 * graphics mode with the keyboard off, and catch SIGINT/SIGTERM (a
 * PLAT_EV_QUIT) and the crash signals (which restore the console, then
 * die as they would). Not with a fake framebuffer. */
void plat_fb_console_open(FbPlat *p);

/* Restore the console as it was (NULL-safe state: tty < 0 does nothing). */
void plat_fb_console_close(FbPlat *p);

/* plat.h's plat_wait for the framebuffer backend. */
int plat_fb_wait(Plat *p, int timeout_ms, PlatEvent *ev);

#endif
