/* SPDX-License-Identifier: MIT
 *
 * plat.h - the seam between the kiosk and the screen (cf. st's win.h, Doom's
 * i_video.h). kiosk.c talks only to this. Every backend is built into the
 * binary and plat_open picks one at run time (PlatOpts.video; plat.c passes
 * each call on through plat_backend.h's table, Redis's ae_epoll.c /
 * ae_select.c chosen late):
 *
 *   plat_sdl.c, plat_sdl_input.c   SDL2: a desktop window, or full screen on
 *                                  KMS/DRM on the board, the driver chosen by
 *                                  SDL at run time (video = kmsdrm, x11)
 *   plat_fb.c, plat_fb_input.c     the Linux framebuffer (/dev/fbN) with evdev
 *                                  input, for SPI panels and boards without
 *                                  KMS; it draws with SDL's software renderer
 *                                  on a surface (no SDL video), so its pixels
 *                                  are the SDL backend's (video = fb)
 *   text.[ch], images.[ch],        shared by every backend, no SDL video:
 *   backlight.[ch]                 text set with SDL2_ttf into surfaces,
 *                                  pictures decoded and scaled, the panel's
 *                                  sysfs backlight (plat_image.[ch] is not a
 *                                  backend either: press's re-encoder)
 *   ../core/touch.h                panel quirks and rotation, pure
 *
 * Another backend goes in plat_<name>.c, with more files as
 * plat_<name>_*.c and a private plat_<name>.h if they share a struct, and joins PLATS in the Makefile
 * (and the backend pattern in scripts/check-seams.sh), exports a const
 * PlatBackend (plat_backend.h) that plat.c can choose. It implements every
 * function below, uses text.h for text (so layout measures the same
 * everywhere), images.h for pictures and touch.h for mapping input, and is
 * done when tests/plat_conformance_test.c passes for it.
 *
 * Coordinates given to and returned from here are logical (the picture the
 * reader sees, after --rotate), except plat_window_to_logical's input.
 * Call order: plat_open, then any number of plat_present/plat_wait/..., then
 * plat_close. Single-threaded.
 */
#ifndef KIOSK_PLAT_H
#define KIOSK_PLAT_H

#include <stddef.h>

#include "../core/draw.h"
#include "../core/err.h"
#include "../core/input.h"
#include "../core/layout.h"

typedef struct Plat Plat;

/* Load image 'name' from the content store: on K_OK *data is malloc'd (the
 * platform frees it with free()). */
typedef int (*PlatImageLoadFn)(void *ctx, const char *name, void **data, size_t *len);

typedef struct PlatOpts {
    int width, height;          /* window size; 0 = 800x480 windowed, screen size full */
    int fullscreen;
    int rotate;                 /* 0, 90, 180, 270: picture and touch turn together */
    int touch_swap_xy, touch_mirror_x, touch_mirror_y;  /* panel quirks */
    const char *const *fonts;   /* extra fallback fonts (config `font`), tried last */
    int nfonts;
    PlatImageLoadFn load_image; /* may be NULL: no pictures */
    void *image_ctx;
    const char *video;          /* the backend: "auto" (NULL, ""), "kmsdrm", "x11" (SDL)
                                 * or "fb" (config `video`; plat.c says how auto picks) */
    const char *fb_device;      /* "fb": the device, NULL or "" = /dev/fb0 */
} PlatOpts;

/* A backend's events are core/input.h's InputEvents, the type the UI
 * reads: plat_wait fills kind, x, y and key (t_ms is the caller's). The
 * PLAT_EV_ names are the same kinds. */
typedef InputEvent PlatEvent;
enum PlatEventKind {
    PLAT_EV_DOWN = INPUT_DOWN, PLAT_EV_MOVE = INPUT_MOVE, PLAT_EV_UP = INPUT_UP,
    PLAT_EV_KEY = INPUT_KEY, PLAT_EV_QUIT = INPUT_QUIT, PLAT_EV_EXPOSE = INPUT_EXPOSE,
};

/* Open the display, the window and the fonts. Returns NULL and fills err
 * when there is no display or no usable font. Close with plat_close. */
Plat *plat_open(const PlatOpts *o, Err *err);

/* Close everything (NULL-safe). */
void plat_close(Plat *p);

/* The logical picture size (after rotation). */
void plat_size(const Plat *p, int *width, int *height);

/* Text measurement for layout; valid until plat_close. */
const Metrics *plat_metrics(Plat *p);

/* Paint dl and show it. Text and images are cached between frames. Returns
 * K_OK, or K_EIO when the renderer failed (the caller keeps running). */
int plat_present(Plat *p, const DrawList *dl);

/* Wait up to timeout_ms (0 = just look) for one input event. Returns 1 and
 * fills ev, or 0 on timeout. Sleeps in the kernel where the video driver
 * allows, else polls every 10 ms: never spins. */
int plat_wait(Plat *p, int timeout_ms, PlatEvent *ev);

/* Power the panel off (on = 0) or on, for real where the board allows:
 * every /sys/class/backlight panel's bl_power, and the DPMS of the DRM
 * connectors on KMS/DRM. Returns how many controls took it (0: only
 * black pixels remain, which the caller draws anyway). Present nothing
 * while it is off. */
int plat_panel_power(Plat *p, int on);

/* Save the last presented frame as the window shows it (window pixels, the
 * rotation applied) as BMP, or PNG when path ends in ".png". */
int plat_screenshot(Plat *p, const char *path, Err *err);

/* Pixel size of image 'name', decoding it (and keeping it for drawing) on
 * first use. K_OK, or < 0 when missing or undecodable. */
int plat_image_size(Plat *p, const char *name, int *w, int *h);

/* Map a window pixel to the logical picture (undoing the rotation). */
void plat_window_to_logical(const Plat *p, int wx, int wy, int *x, int *y);

/* An InputKey for a key name as SDL spells it ("Return", "BackSpace", "F1",
 * ...; any case), or 0. Every backend takes these names: scripts use them. */
int plat_key_from_name(const char *name);

/* The video driver in use ("x11", "KMSDRM", "dummy", ... for SDL). */
const char *plat_driver(const Plat *p);

/* How many code points of s[0..len) no font in the fallback chain has
 * (those would show as empty boxes). */
int plat_missing_glyphs(Plat *p, const char *s, size_t len);

/* Scripts of s[0..len) that some character of has no glyph in any font
 * (it would show as an empty box): each added to scripts[0..n) unless
 * there already (UNITEXT_TAG codes, at most max). Returns the new n. For
 * the diagnostics screen: which readers' fonts to install. */
int plat_unfonted_scripts(Plat *p, const char *s, size_t len, uint32_t *scripts, int n,
                          int max);

/* The pixel size of the picture text op 'op' (DRAW_TEXT) draws: where its
 * glyphs can land, from op->rect.x. K_OK, or < 0 when it cannot be drawn.
 * For tests: no glyph may reach past the column layout gave the line. */
int plat_text_size(Plat *p, const DrawOp *op, int *w, int *h);

/* Bytes held by cached text textures (for diagnostics and tests). */
size_t plat_cache_bytes(const Plat *p);

#endif
