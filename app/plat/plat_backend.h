/* SPDX-License-Identifier: MIT
 *
 * plat_backend.h - how plat.c dispatches plat.h to the backend chosen at
 * run time (config `video`, `run --video`): every handle starts with a
 * struct Plat naming its backend's table, and each backend (plat_sdl*.c,
 * plat_fb*.c) exports one const PlatBackend. Not a public header: only
 * plat.c and the backends include it.
 */
#ifndef KIOSK_PLAT_BACKEND_H
#define KIOSK_PLAT_BACKEND_H

#include "plat.h"

typedef struct PlatBackend PlatBackend;

/* The head of every backend's handle (its first member). */
struct Plat {
    const PlatBackend *be;
};

/* plat.h's functions, for one backend (plat_key_from_name is shared). */
struct PlatBackend {
    const char *name;
    Plat *(*open)(const PlatOpts *o, Err *err);
    void (*close)(Plat *p);
    void (*size)(const Plat *p, int *width, int *height);
    const Metrics *(*metrics)(Plat *p);
    int (*present)(Plat *p, const DrawList *dl);
    int (*wait)(Plat *p, int timeout_ms, PlatEvent *ev);
    int (*panel_power)(Plat *p, int on);
    int (*screenshot)(Plat *p, const char *path, Err *err);
    int (*image_size)(Plat *p, const char *name, int *w, int *h);
    void (*window_to_logical)(const Plat *p, int wx, int wy, int *x, int *y);
    const char *(*driver)(const Plat *p);
    int (*missing_glyphs)(Plat *p, const char *s, size_t len);
    int (*unfonted_scripts)(Plat *p, const char *s, size_t len, uint32_t *scripts, int n,
                            int max);
    int (*text_size)(Plat *p, const DrawOp *op, int *w, int *h);
    size_t (*cache_bytes)(const Plat *p);
};

extern const PlatBackend plat_sdl_backend;  /* plat_sdl.c: SDL2 windows, KMS/DRM */
extern const PlatBackend plat_fb_backend;   /* plat_fb.c: /dev/fb and evdev */

/* A UiKey for a key name as SDL spells it (plat_sdl_input.c; SDL's key
 * table needs no video, so every backend answers the same). */
int plat_sdl_key_from_name(const char *name);

#endif
