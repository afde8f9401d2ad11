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
 * Where the driver offers two pages (yres_virtual >= 2 * yres, a y pan
 * step: DRM's fbdev emulation booted with drm_fbdev_overalloc=200, some SoC
 * framebuffers) each frame goes into the hidden page, which FBIOPAN_DISPLAY
 * then shows, so a transition never tears. That page still holds the frame before the
 * last one: every line gets the span that changed since the last frame
 * together with the span that changed in the last frame itself, so both
 * pages stay exact while only changed spans are copied. Otherwise (fbtft SPI
 * panels have one page, and their driver sends only the touched lines,
 * which is what a slow panel wants) each line's changed span is copied to
 * the one page, and a fast transition may tear.
 *
 * $NEWSKIOSK_FB_FAKE=path:WxH:bpp[:stride[:vheight]] maps a plain file of
 * that geometry instead of a device (tests): bpp 16 is RGB565, 24 and 32 are
 * BGR(X) in memory (red in the high bits), stride in bytes (0 or absent:
 * W * bpp / 8), vheight the virtual height in lines (default H). With
 * vheight >= 2 * H it has two pages, and since a file takes no ioctl each
 * pan is recorded instead: the shown page's first line, in decimal, in the
 * file path.pan (a pan that cannot be recorded fails, as a driver that
 * refuses FBIOPAN_DISPLAY does).
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
 * its file. Returns the visible page's offset (0), or K_EUSAGE/K_EIO with
 * err filled. */
static int
open_fake(FbPlat *p, const char *spec, Err *err)
{
    char path[256];
    int w = 0, h = 0, bpp = 0, stride = 0, vh = 0;
    const char *c = strchr(spec, ':');

    if (c == NULL || (size_t)(c - spec) >= sizeof path - 4 ||
        sscanf(c + 1, "%dx%d:%d:%d:%d", &w, &h, &bpp, &stride, &vh) < 3 || w <= 0 || h <= 0 ||
        w > 8192 || h > 8192 || (bpp != 16 && bpp != 24 && bpp != 32) || stride < 0 ||
        vh < 0 || vh > 16384 || (vh > 0 && vh < h))
        return err_set(err, K_EUSAGE,
                       "NEWSKIOSK_FB_FAKE=%s: expected path:WxH:16|24|32[:stride[:vheight]] "
                       "(vheight at least H)",
                       spec);
    if (stride < w * bpp / 8)
        stride = w * bpp / 8;
    if (vh == 0)
        vh = h;
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
    p->map_len = (size_t)stride * (size_t)vh;
    p->fbfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (p->fbfd < 0 || ftruncate(p->fbfd, (off_t)p->map_len) != 0)
        return err_set(err, K_EIO, "fake framebuffer %s: %s", path, strerror(errno));
    p->var.xres = (unsigned)w, p->var.yres = (unsigned)h;
    p->var.xres_virtual = (unsigned)w, p->var.yres_virtual = (unsigned)vh;
    if (vh >= 2 * h) {
        char pan[sizeof path + 4];
        snprintf(pan, sizeof pan, "%s.pan", path);
        p->panfd = open(pan, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (p->panfd >= 0 && write(p->panfd, "0\n", 2) != 2) {
            close(p->panfd);
            p->panfd = -1;
        }
        p->flip = 1;
    }
    return 0;
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
    p->var = var;
    /* two pages, one under the other, and the driver pans between them */
    p->flip = var.yres_virtual >= 2 * var.yres && fix.ypanstep > 0 &&
              var.yres % fix.ypanstep == 0 &&
              (size_t)var.xoffset * p->bpp / 8 + (size_t)p->stride * 2 * var.yres <= p->map_len;
    log_info("framebuffer %s: %dx%d, %d bits (r%d:%d g%d:%d b%d:%d), stride %d, %s", dev,
             p->sdl.pw, p->sdl.ph, p->bpp, p->roff, p->rlen, p->goff, p->glen, p->boff,
             p->blen, p->stride,
             p->flip ? "two pages (page flipping)" : "one page (changed lines copied)");
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
    p->panfd = -1;
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
    if (p->flip) {
        size_t x = (size_t)p->var.xoffset * (size_t)p->bpp / 8;
        size_t page = (size_t)p->stride * p->var.yres;
        p->pages[0] = p->map + x;
        p->pages[1] = p->map + x + page;
        p->page = p->var.yoffset >= p->var.yres;
        /* neither page holds a frame yet: the first two are copied whole */
        p->spans = malloc((size_t)p->sdl.ph * 4 * sizeof *p->spans);
        if (p->spans == NULL) {
            err_set(err, K_ENOMEM, "out of memory");
            goto fail;
        }
        for (int y = 0; y < p->sdl.ph; y++)
            p->spans[4 * y] = 0, p->spans[4 * y + 1] = p->sdl.pw;
    }
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
    if (p->flip && p->map && !p->fake &&
        p->page != (p->var.yoffset >= p->var.yres))  /* the console's page again */
        ioctl(p->fbfd, FBIOPAN_DISPLAY, &p->var);
    if (p->map && !p->fake && p->sdl.ph > 0)  /* leave the console a black screen */
        for (int y = 0; y < p->sdl.ph; y++)
            memset(p->screen + (size_t)y * (size_t)p->stride, 0,
                   (size_t)p->sdl.pw * (size_t)p->bpp / 8);
    plat_fb_console_close(p);
    if (p->map)
        munmap(p->map, p->map_len);
    if (p->fbfd >= 0)
        close(p->fbfd);
    if (p->panfd >= 0)
        close(p->panfd);
    free(p->spans);
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

/* Copy pixels [x0, x1) of line y of the surface to that line of the
 * device's page whose first pixel is 'page'. */
static void
copy_span(FbPlat *p, uint8_t *page, const uint32_t *src, int y, int x0, int x1)
{
    uint8_t *dst = page + (size_t)y * (size_t)p->stride;

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

/* The surface's line y. */
static const uint32_t *
surface_line(const FbPlat *p, int y)
{
    return (const uint32_t *)(const void *)((const uint8_t *)p->surface->pixels +
                                            (size_t)y * (size_t)p->surface->pitch);
}

/* The span [*x0, *x1) of line y where the surface differs from what was
 * last presented (p->shown); empty (*x0 == *x1 == 0) when none does. */
static void
changed_span(const FbPlat *p, int y, int *x0, int *x1)
{
    const uint32_t *src = surface_line(p, y);
    const uint32_t *old = p->shown + (size_t)y * (size_t)p->sdl.pw;
    int a = 0, b = p->sdl.pw;

    if (memcmp(src, old, (size_t)b * 4) == 0) {
        *x0 = *x1 = 0;
        return;
    }
    while (src[a] == old[a])
        a++;
    while (src[b - 1] == old[b - 1])
        b--;
    *x0 = a, *x1 = b;
}

/* Remember line y's pixels [x0, x1) as presented. */
static void
keep_span(FbPlat *p, int y, int x0, int x1)
{
    memcpy(p->shown + (size_t)y * (size_t)p->sdl.pw + x0, surface_line(p, y) + x0,
           (size_t)(x1 - x0) * 4);
}

/* Show page 'page': FBIOPAN_DISPLAY (at the next vertical blank where the
 * driver can), or the fake's record of it. K_OK or K_EIO. */
static int
pan_to(FbPlat *p, int page)
{
    struct fb_var_screeninfo var = p->var;

    var.yoffset = (unsigned)page * var.yres;
    if (p->fake) {
        char buf[16];
        int n = snprintf(buf, sizeof buf, "%u\n", var.yoffset);
        if (p->panfd < 0) {
            errno = EBADF;
            return K_EIO;
        }
        if (ftruncate(p->panfd, 0) != 0 ||
            pwrite(p->panfd, buf, (size_t)n, 0) != n)
            return K_EIO;
        return K_OK;
    }
    var.activate = FB_ACTIVATE_VBL;
    return ioctl(p->fbfd, FBIOPAN_DISPLAY, &var) == 0 ? K_OK : K_EIO;
}

/* One page: each line's changed span copied to it. */
static void
present_one_page(FbPlat *p)
{
    for (int y = 0; y < p->sdl.ph; y++) {
        int x0, x1;
        changed_span(p, y, &x0, &x1);
        if (x0 == x1)
            continue;
        copy_span(p, p->screen, surface_line(p, y), y, x0, x1);
        keep_span(p, y, x0, x1);
    }
}

/* Two pages: the hidden one holds the frame before the last, so each line
 * gets this frame's change and the last frame's, then is shown. Nothing
 * changed: nothing copied, nothing panned (and the last frame's spans are
 * kept, as the hidden page still lacks them). */
static void
present_flip(FbPlat *p)
{
    int *sp = p->spans, h = p->sdl.ph, any = 0;
    int back = !p->page;

    for (int y = 0; y < h; y++) {
        changed_span(p, y, &sp[4 * y + 2], &sp[4 * y + 3]);
        any |= sp[4 * y + 2] != sp[4 * y + 3];
    }
    if (!any)
        return;
    for (int y = 0; y < h; y++) {
        int *s = sp + 4 * y, x0 = s[0], x1 = s[1];  /* the union of both spans */
        if (x0 == x1)
            x0 = s[2], x1 = s[3];
        else if (s[2] != s[3])
            x0 = s[2] < x0 ? s[2] : x0, x1 = s[3] > x1 ? s[3] : x1;
        if (x0 != x1)
            copy_span(p, p->pages[back], surface_line(p, y), y, x0, x1);
        keep_span(p, y, s[2], s[3]);
        s[0] = s[2], s[1] = s[3];
    }
    if (pan_to(p, back) == K_OK) {
        p->page = back;
        return;
    }
    /* the driver offered two pages but will not pan: one page from now on,
     * the shown one brought up to this frame whole */
    log_warn("%s: cannot pan to the other page (%s): copying to the shown page instead",
             p->device, strerror(errno));
    p->flip = 0;
    p->screen = p->pages[p->page];
    for (int y = 0; y < h; y++)
        copy_span(p, p->screen, surface_line(p, y), y, 0, p->sdl.pw);
}

/* Draw dl with the SDL backend's code on the surface, then bring the device
 * up to it: the hidden page, then a pan, where there are two; else the
 * changed spans of the one. */
static int
plat_fb_present(Plat *pp, const DrawList *dl)
{
    FbPlat *p = (FbPlat *)pp;
    int rc = plat_sdl_present(pp, dl);

    if (p->flip)
        present_flip(p);
    else
        present_one_page(p);
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
