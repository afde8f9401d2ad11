/* SPDX-License-Identifier: MIT
 *
 * plat_fb.c - plat.h on the Linux framebuffer (/dev/fbN), for SPI panels
 * (fbtft), boards whose display driver offers only fbdev, and e-paper
 * frame buffers: SDL 2 has no framebuffer video driver. Input is evdev
 * (plat_fb_input.c).
 *
 * Start reading at plat_fb_open() and plat_fb_present(). The frame is drawn
 * by the SDL backend's code (plat_sdl_present: text cache, pictures, dots,
 * rotation) through SDL's software renderer on an XRGB8888 surface of the
 * screen's size, which needs no SDL video: the same renderer the SDL
 * backend uses on a window, so both draw the same pixels. Then each line's
 * changed span (against what the framebuffer already shows) is converted
 * to the device's format (16-bit RGB565 and any other channel layout the
 * driver reports, 24 and 32 bits, any line stride) and copied.
 *
 * NOTE: no FBIOPAN_DISPLAY double buffering: a kiosk's frames differ in a
 * few lines at a time, and copying only those is what an SPI panel (whose
 * driver sends the touched lines) wants. A fast transition may tear.
 *
 * $NEWSKIOSK_FB_FAKE=path:WxH:bpp[:stride] maps a plain file of that
 * geometry instead of a device (tests): bpp 16 is RGB565, 24 and 32 are
 * BGR(X) in memory (red in the high bits), stride in bytes (default
 * W * bpp / 8).
 */
#include "plat_fb.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../log.h"
#include "backlight.h"

/* Parse $NEWSKIOSK_FB_FAKE into p (geometry and channels); open and size
 * its file. K_OK, or K_EUSAGE/K_EIO with err filled. */
static int
open_fake(FbPlat *p, const char *spec, Err *err)
{
    char path[256];
    int w = 0, h = 0, bpp = 0, stride = 0;
    const char *c = strchr(spec, ':');

    if (c == NULL || (size_t)(c - spec) >= sizeof path ||
        sscanf(c + 1, "%dx%d:%d:%d", &w, &h, &bpp, &stride) < 3 || w <= 0 || h <= 0 ||
        w > 8192 || h > 8192 || (bpp != 16 && bpp != 24 && bpp != 32))
        return err_set(err, K_EUSAGE, "NEWSKIOSK_FB_FAKE=%s: expected path:WxH:16|24|32[:stride]",
                       spec);
    if (stride < w * bpp / 8)
        stride = w * bpp / 8;
    memcpy(path, spec, (size_t)(c - spec));
    path[c - spec] = '\0';
    snprintf(p->device, sizeof p->device, "%s", path);
    p->fake = 1;
    p->sdl.pw = w;
    p->sdl.ph = h;
    p->bpp = bpp;
    p->stride = stride;
    if (bpp == 16) {
        p->roff = 11, p->rlen = 5, p->goff = 5, p->glen = 6, p->boff = 0, p->blen = 5;
    } else {
        p->roff = 16, p->rlen = 8, p->goff = 8, p->glen = 8, p->boff = 0, p->blen = 8;
    }
    p->map_len = (size_t)stride * (size_t)h;
    p->fbfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (p->fbfd < 0 || ftruncate(p->fbfd, (off_t)p->map_len) != 0)
        return err_set(err, K_EIO, "fake framebuffer %s: %s", path, strerror(errno));
    return K_OK;
}

/* Open the device and read its geometry and format. */
static int
open_device(FbPlat *p, const char *dev, Err *err)
{
    struct fb_var_screeninfo var;
    struct fb_fix_screeninfo fix;

    snprintf(p->device, sizeof p->device, "%s", dev);
    p->fbfd = open(dev, O_RDWR | O_CLOEXEC);
    if (p->fbfd < 0)
        return err_set(err, K_EIO, "cannot open the framebuffer %s: %s", dev, strerror(errno));
    if (ioctl(p->fbfd, FBIOGET_VSCREENINFO, &var) != 0 ||
        ioctl(p->fbfd, FBIOGET_FSCREENINFO, &fix) != 0)
        return err_set(err, K_EIO, "%s: not a framebuffer: %s", dev, strerror(errno));
    if (fix.type != FB_TYPE_PACKED_PIXELS || fix.visual != FB_VISUAL_TRUECOLOR ||
        (var.bits_per_pixel != 16 && var.bits_per_pixel != 24 && var.bits_per_pixel != 32))
        return err_set(err, K_EIO,
                       "%s: %u bits per pixel, type %u, visual %u: only packed true colour "
                       "at 16, 24 or 32 bits is drawn",
                       dev, var.bits_per_pixel, fix.type, fix.visual);
    p->sdl.pw = (int)var.xres;
    p->sdl.ph = (int)var.yres;
    p->bpp = (int)var.bits_per_pixel;
    p->stride = (int)fix.line_length;
    p->roff = (int)var.red.offset, p->rlen = (int)var.red.length;
    p->goff = (int)var.green.offset, p->glen = (int)var.green.length;
    p->boff = (int)var.blue.offset, p->blen = (int)var.blue.length;
    if (p->rlen < 1 || p->rlen > 8 || p->glen < 1 || p->glen > 8 || p->blen < 1 || p->blen > 8)
        return err_set(err, K_EIO, "%s: channels of %u/%u/%u bits: not drawn", dev,
                       var.red.length, var.green.length, var.blue.length);
    p->map_len = fix.smem_len;
    size_t first = (size_t)var.yoffset * fix.line_length + (size_t)var.xoffset * p->bpp / 8;
    if (first + (size_t)p->stride * (size_t)p->sdl.ph > p->map_len ||
        (size_t)p->sdl.pw * (size_t)p->bpp / 8 > (size_t)p->stride)
        return err_set(err, K_EIO, "%s: %dx%d at stride %d does not fit its %zu bytes", dev,
                       p->sdl.pw, p->sdl.ph, p->stride, p->map_len);
    log_info("framebuffer %s: %dx%d, %d bits (r%d:%d g%d:%d b%d:%d), stride %d", dev,
             p->sdl.pw, p->sdl.ph, p->bpp, p->roff, p->rlen, p->goff, p->glen, p->boff,
             p->blen, p->stride);
    return (int)first;  /* >= 0: the visible page's offset */
}

static void plat_fb_close(Plat *pp);

static Plat *
plat_fb_open(const PlatOpts *o, Err *err)
{
    FbPlat *p = calloc(1, sizeof *p);
    const char *fake = getenv("NEWSKIOSK_FB_FAKE");
    int first = 0;

    if (p == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        return NULL;
    }
    p->sdl.base.be = &plat_fb_backend;
    p->fbfd = -1;
    p->inotify = -1;
    p->tty = -1;
    for (int i = 0; i < FB_MAX_DEVS; i++)
        p->dev[i].fd = -1;
    p->sdl.rotate = o->rotate;
    p->sdl.fullscreen = 1;
    p->sdl.swap_xy = o->touch_swap_xy;
    p->sdl.mirror_x = o->touch_mirror_x;
    p->sdl.mirror_y = o->touch_mirror_y;

    if (fake && *fake)
        first = open_fake(p, fake, err);
    else
        first = open_device(p, o->fb_device && *o->fb_device ? o->fb_device : "/dev/fb0", err);
    if (first < 0)
        goto fail;
    p->map = mmap(NULL, p->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, p->fbfd, 0);
    if (p->map == MAP_FAILED) {
        p->map = NULL;
        err_set(err, K_EIO, "%s: cannot map %zu bytes: %s", p->device, p->map_len,
                strerror(errno));
        goto fail;
    }
    p->screen = p->map + first;
    /* NOTE: XRGB8888 like the dummy and X11 window surfaces SDL's software
     * renderer draws on in the SDL backend: the same blending, the same
     * pixels */
    p->surface = SDL_CreateRGBSurfaceWithFormat(0, p->sdl.pw, p->sdl.ph, 32,
                                                SDL_PIXELFORMAT_RGB888);
    p->shown = calloc((size_t)p->sdl.pw * (size_t)p->sdl.ph, sizeof *p->shown);
    if (p->surface == NULL || p->shown == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        goto fail;
    }
    /* the framebuffer's old content (a console) is not what shown says:
     * the first frame is copied whole */
    memset(p->shown, 0xAB, (size_t)p->sdl.pw * (size_t)p->sdl.ph * sizeof *p->shown);
    p->sdl.ren = SDL_CreateSoftwareRenderer(p->surface);
    if (p->sdl.ren == NULL) {
        err_set(err, K_EIO, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    if (plat_sdl_setup(&p->sdl, o, err) != K_OK)
        goto fail;
    plat_fb_console_open(p);
    plat_fb_input_open(p);
    return &p->sdl.base;
fail:
    plat_fb_close(&p->sdl.base);
    return NULL;
}

static void
plat_fb_close(Plat *pp)
{
    FbPlat *p = (FbPlat *)pp;

    if (p == NULL)
        return;
    plat_fb_input_close(p);
    if (p->map && !p->fake && p->sdl.ph > 0)  /* leave the console a black screen */
        for (int y = 0; y < p->sdl.ph; y++)
            memset(p->screen + (size_t)y * (size_t)p->stride, 0,
                   (size_t)p->sdl.pw * (size_t)p->bpp / 8);
    plat_fb_console_close(p);
    if (p->map)
        munmap(p->map, p->map_len);
    if (p->fbfd >= 0)
        close(p->fbfd);
    free(p->shown);
    SDL_Surface *s = p->surface;
    plat_sdl_close(pp);  /* the renderer, text, pictures; frees p */
    SDL_FreeSurface(s);
}

/* One XRGB8888 pixel in the device's format, as its bytes' integer. */
static inline uint32_t
to_device(const FbPlat *p, uint32_t c)
{
    uint32_t r = (c >> 16) & 0xFF, g = (c >> 8) & 0xFF, b = c & 0xFF;

    return (r >> (8 - p->rlen)) << p->roff | (g >> (8 - p->glen)) << p->goff |
           (b >> (8 - p->blen)) << p->boff;
}

/* Copy pixels [x0, x1) of line y of the surface to the device. */
static void
copy_span(FbPlat *p, const uint32_t *src, int y, int x0, int x1)
{
    uint8_t *dst = p->screen + (size_t)y * (size_t)p->stride;

    switch (p->bpp) {
    case 32:
        if (p->roff == 16 && p->goff == 8 && p->boff == 0 && p->rlen == 8 && p->glen == 8 &&
            p->blen == 8) {
            memcpy(dst + (size_t)x0 * 4, src + x0, (size_t)(x1 - x0) * 4);
            break;
        }
        for (int x = x0; x < x1; x++) {
            uint32_t v = to_device(p, src[x]);
            memcpy(dst + (size_t)x * 4, &v, 4);
        }
        break;
    case 24:
        for (int x = x0; x < x1; x++) {
            uint32_t v = to_device(p, src[x]);
            uint8_t *q = dst + (size_t)x * 3;
            q[0] = (uint8_t)v, q[1] = (uint8_t)(v >> 8), q[2] = (uint8_t)(v >> 16);
        }
        break;
    default:
        for (int x = x0; x < x1; x++) {
            uint16_t v = (uint16_t)to_device(p, src[x]);
            memcpy(dst + (size_t)x * 2, &v, 2);
        }
        break;
    }
}

/* Draw dl with the SDL backend's code on the surface, then copy each line's
 * changed span to the device. */
static int
plat_fb_present(Plat *pp, const DrawList *dl)
{
    FbPlat *p = (FbPlat *)pp;
    int rc = plat_sdl_present(pp, dl);
    int w = p->sdl.pw;

    for (int y = 0; y < p->sdl.ph; y++) {
        const uint32_t *src =
            (const uint32_t *)(const void *)((const uint8_t *)p->surface->pixels +
                                             (size_t)y * (size_t)p->surface->pitch);
        uint32_t *old = p->shown + (size_t)y * (size_t)w;
        if (memcmp(src, old, (size_t)w * 4) == 0)
            continue;
        int x0 = 0, x1 = w;
        while (src[x0] == old[x0])
            x0++;
        while (src[x1 - 1] == old[x1 - 1])
            x1--;
        copy_span(p, src, y, x0, x1);
        memcpy(old + x0, src + x0, (size_t)(x1 - x0) * 4);
    }
    return rc;
}

/* The panel off or on: its sysfs backlight, and the framebuffer's own
 * blanking (FBIOBLANK: fbtft powers the controller's display down). */
static int
plat_fb_panel_power(Plat *pp, int on)
{
    FbPlat *p = (FbPlat *)pp;

    if (p->sdl.panel_off == !on)
        return 0;
    int n = backlight_power(on);
    if (!p->fake &&
        ioctl(p->fbfd, FBIOBLANK, on ? FB_BLANK_UNBLANK : FB_BLANK_POWERDOWN) == 0)
        n++;
    p->sdl.panel_off = !on;
    log_info("panel %s (%d control%s)", on ? "on" : "off", n, n == 1 ? "" : "s");
    return n;
}

static const char *
plat_fb_driver(const Plat *pp)
{
    const FbPlat *p = (const FbPlat *)pp;

    return p->fake ? "fbdev (fake)" : "fbdev";
}

const PlatBackend plat_fb_backend = {
    "fb",
    plat_fb_open,
    plat_fb_close,
    plat_sdl_size,
    plat_sdl_metrics,
    plat_fb_present,
    plat_fb_wait,
    plat_fb_panel_power,
    plat_sdl_screenshot,
    plat_sdl_image_size,
    plat_sdl_window_to_logical,
    plat_fb_driver,
    plat_sdl_missing_glyphs,
    plat_sdl_unfonted_scripts,
    plat_sdl_text_size,
    plat_sdl_cache_bytes,
};
