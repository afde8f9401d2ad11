/* SPDX-License-Identifier: MIT
 * plat_fb_test.c - what only the framebuffer backend does, on a fake
 * framebuffer (NEWSKIOSK_FB_FAKE, a plain file) and a fake event source
 * (NEWSKIOSK_EVDEV_FAKE, a file of struct input_event): the device's own
 * pixels (RGB565, 24 and 32 bits, padded lines) are the screenshot's after
 * conversion; with two pages, frames are drawn into the hidden one and
 * panned to, both pages staying exact; and touches from single-touch and
 * multitouch panels arrive scaled, with the panel quirks and the rotation
 * applied. plat_conformance_test.c checks the rest through plat.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/ui.h"
#include "plat/plat.h"

static char fb_path[64], ev_path[64];

/* The fb backend on the fake framebuffer fb_path of that geometry (vh:
 * the virtual height in lines, 0 = h). */
static Plat *
open_fb_pages(int w, int h, int bpp, int stride, int vh, PlatOpts *o)
{
    char spec[160];
    Err e;
    err_clear(&e);
    snprintf(spec, sizeof spec, "%s:%dx%d:%d:%d:%d", fb_path, w, h, bpp, stride, vh);
    setenv("NEWSKIOSK_FB_FAKE", spec, 1);
    o->video = "fb";
    Plat *p = plat_open(o, &e);
    if (p == NULL)
        fail_msg("plat_open %s: %s", spec, e.msg);
    return p;
}

static Plat *
open_fb(int w, int h, int bpp, int stride, PlatOpts *o)
{
    return open_fb_pages(w, h, bpp, stride, 0, o);
}

/* Pixel (x, y) of the fake framebuffer as 0xRRGGBB, widened from its
 * format the way a panel shows it (RGB565: the top bits). */
static uint32_t
fb_pixel(const unsigned char *fb, int bpp, int stride, int x, int y)
{
    const unsigned char *q = fb + (size_t)y * (size_t)stride + (size_t)x * (size_t)(bpp / 8);
    if (bpp == 16) {
        unsigned v = q[0] | q[1] << 8;
        return ((v >> 11) & 0x1F) << 19 | ((v >> 5) & 0x3F) << 10 | (v & 0x1F) << 3;
    }
    return (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
}

/* The frame just presented, as 0xRRGGBB pixels (w * h), read from the
 * backend's screenshot. */
static void
shot_pixels(Plat *p, int w, int h, uint32_t *out)
{
    static unsigned char bmp[1 << 20];
    char shot[80];
    Err e;

    snprintf(shot, sizeof shot, "%s.bmp", fb_path);
    assert_int_equal(plat_screenshot(p, shot, &e), K_OK);
    FILE *f = fopen(shot, "rb");
    assert_non_null(f);
    size_t n = fread(bmp, 1, sizeof bmp, f);
    fclose(f);
    unlink(shot);
    assert_true(n > 54);
    uint32_t off = bmp[10] | bmp[11] << 8 | (uint32_t)bmp[12] << 16;
    int bh = (int)(bmp[22] | bmp[23] << 8 | (uint32_t)bmp[24] << 16 | (uint32_t)bmp[25] << 24);
    int bbpp = bmp[28], top = bh < 0;
    size_t bstride = ((size_t)w * (size_t)(bbpp / 8) + 3) & ~(size_t)3;
    assert_true(off + bstride * (size_t)h <= n);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *q =
                bmp + off + bstride * (size_t)(top ? y : h - 1 - y) + (size_t)x * (size_t)(bbpp / 8);
            out[(size_t)y * (size_t)w + (size_t)x] =
                (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
        }
}

/* The fake framebuffer's bytes (len of them) into dev. */
static void
read_fb(unsigned char *dev, size_t len)
{
    FILE *f = fopen(fb_path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(dev, 1, len, f), len);
    fclose(f);
}

/* How many pixels of the page whose first line is 'first' differ from want
 * (0xRRGGBB, masked to the format's bits); the first is reported as 'what'. */
static long
page_diff(const unsigned char *dev, int first, int w, int h, int bpp, int stride,
          const uint32_t *want, const char *what)
{
    uint32_t mask = bpp == 16 ? 0xF8FCF8u : 0xFFFFFFu;
    long bad = 0;

    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t wv = want[(size_t)y * (size_t)w + (size_t)x] & mask;
            uint32_t got = fb_pixel(dev, bpp, stride, x, first + y);
            if (got != wv && bad++ == 0)
                print_message("%s: (%d,%d): expected %06x, got %06x\n", what, x, y,
                              (unsigned)wv, (unsigned)got);
        }
    return bad;
}

/* Frame 'frame' of a sequence in which each frame changes part of the
 * last: a filled block, a moving square, a text that grows. */
static void
draw_frame(DrawList *dl, int w, int h, int frame)
{
    static const char *const words[] = {"Kiosk", "Kiosk news", "Kiosk news today", "News"};

    drawlist_reset(dl, w, h);
    DrawOp *op = drawlist_push(dl, DRAW_FILL);
    op->rect = (Rect){10, 20, 100, 50};
    op->color = frame % 2 ? 0xFF10E080u : 0xFF2060C0u;
    op = drawlist_push(dl, DRAW_FILL);
    op->rect = (Rect){150 + frame * 7, 100 - frame * 3, 60, 60};
    op->color = 0xFFFFFFFFu;
    op = drawlist_push(dl, DRAW_TEXT);
    op->font = FONT_MAKE(24, 0);
    op->color = 0xFFE0C040u;
    op->text = words[frame % 4];
    op->len = strlen(op->text);
    op->rect = (Rect){20, 150, 200, 30};
}

static void
check_format(int bpp, int pad)
{
    const int w = 321, h = 203, stride = w * bpp / 8 + pad;
    PlatOpts o = {0};
    DrawList dl = {0};
    Plat *p = open_fb(w, h, bpp, stride, &o);
    static unsigned char dev[1 << 20];
    static uint32_t want[321 * 203];

    /* two frames: the second changes only part of the picture, which must
     * still leave the whole device equal to the frame */
    for (int frame = 0; frame < 2; frame++) {
        draw_frame(&dl, w, h, frame);
        assert_int_equal(plat_present(p, &dl), K_OK);
        shot_pixels(p, w, h, want);
        read_fb(dev, (size_t)stride * (size_t)h);
        char what[64];
        snprintf(what, sizeof what, "%d bpp frame %d", bpp, frame);
        long bad = page_diff(dev, 0, w, h, bpp, stride, want, what);
        if (bad)
            fail_msg("%d bpp, stride %d, frame %d: %ld device pixels differ from the screenshot",
                     bpp, stride, frame, bad);
        /* the padding past each line's pixels is the driver's, never written */
        for (int y = 0; y < h && pad; y++)
            for (int k = w * bpp / 8; k < stride; k++)
                if (dev[(size_t)y * (size_t)stride + (size_t)k])
                    fail_msg("%d bpp: line %d's padding written", bpp, y);
    }
    drawlist_free(&dl);
    plat_close(p);
    unlink(fb_path);
}

/* The fake's recorded pan: the first line of the page shown. */
static int
read_pan(void)
{
    char path[80];
    int v = -1;
    snprintf(path, sizeof path, "%s.pan", fb_path);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    if (fscanf(f, "%d", &v) != 1)
        v = -1;
    fclose(f);
    return v;
}

/* Two pages (virtual height 2H and 3 lines more): every frame is drawn into
 * the hidden page and then shown; the shown page holds the frame exactly,
 * the hidden one the frame before (both kept up to date by changed spans
 * only), a frame equal to the last pans nowhere, and nothing outside the
 * pages' pixels is written. */
static void
check_flip(int bpp, int pad)
{
    const int w = 321, h = 203, stride = w * bpp / 8 + pad, vh = 2 * h + 3;
    const size_t len = (size_t)stride * (size_t)vh;
    static unsigned char dev[1 << 20];
    static uint32_t want[321 * 203], hidden[321 * 203], before[321 * 203];
    char pan[80], what[80];
    PlatOpts o = {0};
    DrawList dl = {0};
    Plat *p = open_fb_pages(w, h, bpp, stride, vh, &o);

    assert_int_equal(read_pan(), 0);
    /* frames 0..5, frame 3 drawn twice (nothing changes) */
    static const int seq[] = {0, 1, 2, 3, 3, 4, 5};
    int shown = 0;
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        int same = i > 0 && seq[i] == seq[i - 1];
        draw_frame(&dl, w, h, seq[i]);
        assert_int_equal(plat_present(p, &dl), K_OK);
        shot_pixels(p, w, h, want);
        read_fb(dev, len);
        int at = read_pan();
        if (same ? at != shown : at != (shown ? 0 : h))
            fail_msg("%d bpp, frame %d%s: expected the page at line %d shown, got line %d", bpp,
                     seq[i], same ? " again" : "", same ? shown : (shown ? 0 : h), at);
        shown = at;
        snprintf(what, sizeof what, "%d bpp frame %d, shown page", bpp, seq[i]);
        long bad = page_diff(dev, shown, w, h, bpp, stride, want, what);
        if (bad)
            fail_msg("%d bpp, frame %d: %ld pixels of the shown page differ from the frame", bpp,
                     seq[i], bad);
        if (!same) {
            memcpy(hidden, before, sizeof hidden);
            memcpy(before, want, sizeof before);
        }
        if (i > 0) {
            /* the hidden page: the frame before (the one before that after
             * a frame that changed nothing), which the next one replaces by
             * changed spans */
            snprintf(what, sizeof what, "%d bpp frame %d, hidden page", bpp, seq[i]);
            bad = page_diff(dev, shown ? 0 : h, w, h, bpp, stride, hidden, what);
            if (bad)
                fail_msg("%d bpp, frame %d: %ld pixels of the hidden page differ from the frame "
                         "before",
                         bpp, seq[i], bad);
        }
        for (int y = 0; y < vh; y++)
            for (int k = y < 2 * h ? w * bpp / 8 : 0; k < stride; k++)
                if (dev[(size_t)y * (size_t)stride + (size_t)k])
                    fail_msg("%d bpp: byte %d of line %d, outside both pages, written", bpp, k, y);
    }
    drawlist_free(&dl);
    plat_close(p);
    unlink(fb_path);
    snprintf(pan, sizeof pan, "%s.pan", fb_path);
    unlink(pan);
    unsetenv("NEWSKIOSK_FB_FAKE");
}

static void
two_pages_are_flipped_and_both_kept_exact(void **state)
{
    (void)state;
    check_flip(32, 12);
    check_flip(16, 1);
}

/* A driver that offers two pages but refuses to pan (here: the fake's pan
 * record cannot be written): the first page, the one shown, gets every
 * frame whole from then on. And a virtual height short of two pages is one
 * page. */
static void
a_refused_pan_falls_back_to_one_page(void **state)
{
    const int w = 321, h = 203, stride = w * 4;
    static unsigned char dev[1 << 20];
    static uint32_t want[321 * 203];
    char pan[80];
    (void)state;

    snprintf(pan, sizeof pan, "%s.pan", fb_path);
    for (int vh = 2 * h; vh >= 2 * h - 1; vh--) {
        PlatOpts o = {0};
        DrawList dl = {0};
        /* a folder where the record goes: no pan can be recorded */
        unlink(pan);
        if (vh == 2 * h)
            assert_int_equal(mkdir(pan, 0700), 0);
        Plat *p = open_fb_pages(w, h, 32, stride, vh, &o);
        for (int frame = 0; frame < 3; frame++) {
            draw_frame(&dl, w, h, frame);
            assert_int_equal(plat_present(p, &dl), K_OK);
            shot_pixels(p, w, h, want);
            read_fb(dev, (size_t)stride * (size_t)vh);
            long bad = page_diff(dev, 0, w, h, 32, stride, want, "first page");
            if (bad)
                fail_msg("virtual height %d%s, frame %d: %ld pixels of the first page differ "
                         "from the frame",
                         vh, vh == 2 * h ? ", pan refused" : "", frame, bad);
        }
        if (vh < 2 * h && access(pan, F_OK) == 0)
            fail_msg("virtual height %d (under two pages): a pan was recorded", vh);
        drawlist_free(&dl);
        plat_close(p);
        unlink(fb_path);
        rmdir(pan);
    }
    unsetenv("NEWSKIOSK_FB_FAKE");
}

static void
device_pixels_are_the_screenshot_at_32_bits(void **state)
{
    (void)state;
    check_format(32, 12);
}

static void
device_pixels_are_the_screenshot_in_rgb565_with_odd_stride(void **state)
{
    (void)state;
    check_format(16, 6);
    check_format(16, 1);
}

static void
device_pixels_are_the_screenshot_at_24_bits(void **state)
{
    (void)state;
    check_format(24, 5);
}

/* --- touch from the fake event source ------------------------------------ */

static struct input_event evs[64];
static int nev;

static void
ev(int type, int code, int value)
{
    memset(&evs[nev], 0, sizeof evs[nev]);
    evs[nev].type = (unsigned short)type;
    evs[nev].code = (unsigned short)code;
    evs[nev++].value = value;
}

static void
write_events(void)
{
    FILE *f = fopen(ev_path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(evs, sizeof evs[0], (size_t)nev, f), (size_t)nev);
    fclose(f);
    nev = 0;
}

/* Wait for the next event of kind 'kind' and return it. */
static PlatEvent
next(Plat *p, int kind)
{
    PlatEvent e;
    for (int i = 0; i < 20; i++)
        if (plat_wait(p, 50, &e) && e.kind == kind)
            return e;
    fail_msg("no event of kind %d", kind);
    return e;
}

static void
single_touch_taps_arrive_scaled_and_rotated(void **state)
{
    (void)state;
    /* raw 0..4095: a quarter across, three quarters down */
    ev(EV_ABS, ABS_X, 1024), ev(EV_ABS, ABS_Y, 3071), ev(EV_KEY, BTN_TOUCH, 1);
    ev(EV_SYN, SYN_REPORT, 0);
    ev(EV_ABS, ABS_X, 1100), ev(EV_SYN, SYN_REPORT, 0);
    ev(EV_KEY, BTN_TOUCH, 0), ev(EV_SYN, SYN_REPORT, 0);
    ev(EV_KEY, KEY_ENTER, 1), ev(EV_KEY, KEY_ENTER, 0), ev(EV_SYN, SYN_REPORT, 0);
    write_events();
    setenv("NEWSKIOSK_EVDEV_FAKE", ev_path, 1);
    PlatOpts o = {0};
    Plat *p = open_fb(800, 480, 32, 3200, &o);
    PlatEvent e = next(p, PLAT_EV_DOWN);
    if (abs(e.x - 200) > 1 || abs(e.y - 360) > 1)
        fail_msg("tap at a quarter, three quarters of 800x480: expected (200,360), got (%d,%d)",
                 e.x, e.y);
    e = next(p, PLAT_EV_MOVE);
    assert_true(e.x > 200);
    next(p, PLAT_EV_UP);
    e = next(p, PLAT_EV_KEY);
    assert_int_equal(e.key, UI_KEY_ENTER);
    plat_close(p);

    /* rotated 90 and mirrored in x: the same raw touch, through touch.h */
    ev(EV_ABS, ABS_X, 0), ev(EV_ABS, ABS_Y, 0), ev(EV_KEY, BTN_TOUCH, 1);
    ev(EV_SYN, SYN_REPORT, 0);
    write_events();
    memset(&o, 0, sizeof o);
    o.rotate = 90;
    o.touch_mirror_x = 1;
    p = open_fb(800, 480, 32, 3200, &o);
    e = next(p, PLAT_EV_DOWN);
    int x, y;
    plat_window_to_logical(p, 799, 0, &x, &y);  /* mirrored: the top-right window pixel */
    if (e.x != x || e.y != y)
        fail_msg("rotate 90, mirror x, raw (0,0): expected (%d,%d), got (%d,%d)", x, y, e.x,
                 e.y);
    plat_close(p);
    unsetenv("NEWSKIOSK_EVDEV_FAKE");
    unlink(ev_path);
    unlink(fb_path);
}

static void
multitouch_follows_the_first_finger(void **state)
{
    (void)state;
    ev(EV_ABS, ABS_MT_SLOT, 0), ev(EV_ABS, ABS_MT_TRACKING_ID, 7);
    ev(EV_ABS, ABS_MT_POSITION_X, 4095), ev(EV_ABS, ABS_MT_POSITION_Y, 0);
    ev(EV_KEY, BTN_TOUCH, 1), ev(EV_SYN, SYN_REPORT, 0);
    /* a second finger elsewhere: ignored */
    ev(EV_ABS, ABS_MT_SLOT, 1), ev(EV_ABS, ABS_MT_TRACKING_ID, 8);
    ev(EV_ABS, ABS_MT_POSITION_X, 0), ev(EV_ABS, ABS_MT_POSITION_Y, 4095);
    ev(EV_SYN, SYN_REPORT, 0);
    ev(EV_ABS, ABS_MT_SLOT, 0), ev(EV_ABS, ABS_MT_TRACKING_ID, -1);
    ev(EV_KEY, BTN_TOUCH, 0), ev(EV_SYN, SYN_REPORT, 0);
    write_events();
    setenv("NEWSKIOSK_EVDEV_FAKE", ev_path, 1);
    PlatOpts o = {0};
    Plat *p = open_fb(800, 480, 16, 1600, &o);
    PlatEvent e = next(p, PLAT_EV_DOWN);
    if (e.x != 799 || e.y != 0)
        fail_msg("first finger at the top right: expected (799,0), got (%d,%d)", e.x, e.y);
    e = next(p, PLAT_EV_UP);
    if (e.x != 799 || e.y != 0)
        fail_msg("the second finger moved the first: up at (%d,%d)", e.x, e.y);
    plat_close(p);
    unsetenv("NEWSKIOSK_EVDEV_FAKE");
    unlink(ev_path);
    unlink(fb_path);
}

static void
bad_fake_geometry_is_refused(void **state)
{
    static const char *const bad[] = {"x", "/tmp/x:800x480", "/tmp/x:800x480:8", "/tmp/x:0x4:32",
                                      "/tmp/x:800x480:32:0:479"};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        PlatOpts o = {0};
        Err e;
        err_clear(&e);
        setenv("NEWSKIOSK_FB_FAKE", bad[i], 1);
        o.video = "fb";
        Plat *p = plat_open(&o, &e);
        if (p != NULL || e.code != K_EUSAGE)
            fail_msg("NEWSKIOSK_FB_FAKE=%s: expected K_EUSAGE, got %d", bad[i], e.code);
    }
    unsetenv("NEWSKIOSK_FB_FAKE");
}

/* video = auto on a board (the unit sets SDL_VIDEODRIVER=kmsdrm; no X11,
 * no Wayland): KMS/DRM when a DRM connector's status is "connected", the
 * framebuffer otherwise (NEWSKIOSK_DRM_SYSFS stands for /sys/class/drm,
 * NEWSKIOSK_FB_FAKE for fb_device). */
static void
video_auto_takes_kms_with_a_connected_output_else_the_framebuffer(void **state)
{
    char dir[80], card[128], status[160], spec[128];
    (void)state;

    snprintf(dir, sizeof dir, "/tmp/nk-fbtest-%ld.drm", (long)getpid());
    snprintf(card, sizeof card, "%s/card0-HDMI-A-1", dir);
    snprintf(status, sizeof status, "%s/status", card);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(card, 0700), 0);
    snprintf(spec, sizeof spec, "%s:320x240:16", fb_path);
    setenv("NEWSKIOSK_FB_FAKE", spec, 1);
    setenv("NEWSKIOSK_DRM_SYSFS", dir, 1);
    setenv("SDL_VIDEODRIVER", "kmsdrm", 1);
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    for (int connected = 0; connected < 2; connected++) {
        PlatOpts o = {0};
        Err e;
        FILE *f = fopen(status, "w");
        assert_non_null(f);
        fputs(connected ? "connected\n" : "disconnected\n", f);
        fclose(f);
        o.video = "auto";
        err_clear(&e);
        Plat *p = plat_open(&o, &e);
        const char *drv = p ? plat_driver(p) : "";
        if (!connected && (p == NULL || strncmp(drv, "fbdev", 5) != 0))
            fail_msg("auto, HDMI disconnected: expected the framebuffer, got %s",
                     p ? drv : e.msg);
        /* SDL's KMS/DRM, which this machine has not: it fails to open, but
         * the framebuffer (which would open) was not taken */
        if (connected && p != NULL && strncmp(drv, "fbdev", 5) == 0)
            fail_msg("auto, HDMI connected: expected KMS/DRM (SDL), got the framebuffer");
        plat_close(p);
    }
    unlink(status);
    rmdir(card);
    rmdir(dir);
    unlink(fb_path);
    unsetenv("NEWSKIOSK_FB_FAKE");
    unsetenv("NEWSKIOSK_DRM_SYSFS");
    unsetenv("SDL_VIDEODRIVER");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(device_pixels_are_the_screenshot_at_32_bits),
        cmocka_unit_test(device_pixels_are_the_screenshot_in_rgb565_with_odd_stride),
        cmocka_unit_test(device_pixels_are_the_screenshot_at_24_bits),
        cmocka_unit_test(two_pages_are_flipped_and_both_kept_exact),
        cmocka_unit_test(a_refused_pan_falls_back_to_one_page),
        cmocka_unit_test(single_touch_taps_arrive_scaled_and_rotated),
        cmocka_unit_test(multitouch_follows_the_first_finger),
        cmocka_unit_test(bad_fake_geometry_is_refused),
        cmocka_unit_test(video_auto_takes_kms_with_a_connected_output_else_the_framebuffer),
    };
    snprintf(fb_path, sizeof fb_path, "/tmp/nk-fbtest-%ld.fb", (long)getpid());
    snprintf(ev_path, sizeof ev_path, "/tmp/nk-fbtest-%ld.ev", (long)getpid());
    unsetenv("SDL_VIDEODRIVER");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
