/* SPDX-License-Identifier: MIT
 *
 * plat.c - plat.h's functions, each passed on to the backend the handle
 * was opened with (plat_backend.h), and the choice of that backend at run
 * time: config `video = auto|kmsdrm|x11|fb` (`run --video`). Every backend
 * is built into every binary, so one package serves a desktop, a KMS/DRM
 * board and a framebuffer-only board. Start at plat_open().
 *
 * No SDL here (a shared app/plat file): choosing reads only sysfs and the
 * environment.
 */
#include "plat_backend.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../log.h"

/* Is there a DRM connector whose sysfs status is "connected"? (KMS/DRM
 * can show the kiosk; a board with only fbdev, or an SPI panel with HDMI
 * unplugged, has none.) $NEWSKIOSK_DRM_SYSFS replaces /sys/class/drm for
 * tests. */
static int
drm_connected(void)
{
    const char *dir = getenv("NEWSKIOSK_DRM_SYSFS");
    DIR *d = opendir(dir && *dir ? dir : "/sys/class/drm");
    struct dirent *de;
    int found = 0;

    if (d == NULL)
        return 0;
    while (!found && (de = readdir(d)) != NULL) {
        char path[512], buf[32] = "";
        if (strncmp(de->d_name, "card", 4) != 0 || strchr(de->d_name, '-') == NULL)
            continue;
        snprintf(path, sizeof path, "%s/%s/status", dir && *dir ? dir : "/sys/class/drm",
                 de->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        if (fgets(buf, sizeof buf, f) && strncmp(buf, "connected", 9) == 0)
            found = 1;
        fclose(f);
    }
    closedir(d);
    return found;
}

/* The backend for o->video (NULL or "" = "auto"):
 *   fb              the framebuffer backend (o->fb_device, evdev)
 *   kmsdrm, x11     SDL with that video driver (unless SDL_VIDEODRIVER says
 *                   otherwise: the environment wins, as tests need)
 *   auto            SDL when SDL_VIDEODRIVER (other than kmsdrm, which the
 *                   board's unit always sets), DISPLAY or WAYLAND_DISPLAY is
 *                   set or a DRM output is connected; else the framebuffer
 *                   when its device (or NEWSKIOSK_FB_FAKE, which stands for
 *                   it in tests) exists; else SDL, which then says what it
 *                   could not open. */
static const PlatBackend *
choose(const PlatOpts *o)
{
    const char *v = o->video && *o->video ? o->video : "auto";
    const char *fb = o->fb_device && *o->fb_device ? o->fb_device : "/dev/fb0";

    if (strcasecmp(v, "fb") == 0)
        return &plat_fb_backend;
    if (strcasecmp(v, "kmsdrm") == 0 || strcasecmp(v, "x11") == 0) {
        setenv("SDL_VIDEODRIVER", v, 0);
        return &plat_sdl_backend;
    }
    const char *sdl = getenv("SDL_VIDEODRIVER");
    /* NOTE: the board's unit sets SDL_VIDEODRIVER=kmsdrm for SDL's sake;
     * that says nothing about whether KMS/DRM has a screen here */
    if (sdl && strcasecmp(sdl, "kmsdrm") == 0)
        sdl = NULL;
    if (sdl || getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") || drm_connected())
        return &plat_sdl_backend;
    if (getenv("NEWSKIOSK_FB_FAKE") || access(fb, F_OK) == 0) {
        log_info("video auto: no DRM output connected, using the framebuffer %s", fb);
        return &plat_fb_backend;
    }
    return &plat_sdl_backend;
}

Plat *
plat_open(const PlatOpts *o, Err *err)
{
    return choose(o)->open(o, err);
}

void
plat_close(Plat *p)
{
    if (p)
        p->be->close(p);
}

void
plat_size(const Plat *p, int *width, int *height)
{
    p->be->size(p, width, height);
}

const Metrics *
plat_metrics(Plat *p)
{
    return p->be->metrics(p);
}

int
plat_present(Plat *p, const DrawList *dl)
{
    return p->be->present(p, dl);
}

int
plat_wait(Plat *p, int timeout_ms, PlatEvent *ev)
{
    return p->be->wait(p, timeout_ms, ev);
}

int
plat_panel_power(Plat *p, int on)
{
    return p->be->panel_power(p, on);
}

int
plat_screenshot(Plat *p, const char *path, Err *err)
{
    return p->be->screenshot(p, path, err);
}

int
plat_image_size(Plat *p, const char *name, int *w, int *h)
{
    return p->be->image_size(p, name, w, h);
}

void
plat_window_to_logical(const Plat *p, int wx, int wy, int *x, int *y)
{
    p->be->window_to_logical(p, wx, wy, x, y);
}

int
plat_key_from_name(const char *name)
{
    return plat_sdl_key_from_name(name);
}

const char *
plat_driver(const Plat *p)
{
    return p->be->driver(p);
}

int
plat_missing_glyphs(Plat *p, const char *s, size_t len)
{
    return p->be->missing_glyphs(p, s, len);
}

int
plat_unfonted_scripts(Plat *p, const char *s, size_t len, uint32_t *scripts, int n, int max)
{
    return p->be->unfonted_scripts(p, s, len, scripts, n, max);
}

int
plat_text_size(Plat *p, const DrawOp *op, int *w, int *h)
{
    return p->be->text_size(p, op, w, h);
}

size_t
plat_cache_bytes(const Plat *p)
{
    return p->be->cache_bytes(p);
}
