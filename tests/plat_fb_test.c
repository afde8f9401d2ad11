/* SPDX-License-Identifier: MIT
 * plat_fb_test.c - what only the framebuffer backend does, on a fake
 * framebuffer (NEWSKIOSK_FB_FAKE, a plain file) and a fake event source
 * (NEWSKIOSK_EVDEV_FAKE, a file of struct input_event): the device's own
 * pixels (RGB565, 24 and 32 bits, padded lines) are the screenshot's after
 * conversion, and touches from single-touch and multitouch panels arrive
 * scaled, with the panel quirks and the rotation applied. plat_conformance
 * _test.c checks the rest through plat.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/input.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/ui.h"
#include "plat/plat.h"

static char fb_path[64], ev_path[64];

static Plat *
open_fb(int w, int h, int bpp, int stride, PlatOpts *o)
{
    char spec[128];
    Err e;
    err_clear(&e);
    snprintf(spec, sizeof spec, "%s:%dx%d:%d:%d", fb_path, w, h, bpp, stride);
    setenv("NEWSKIOSK_FB_FAKE", spec, 1);
    o->video = "fb";
    Plat *p = plat_open(o, &e);
    if (p == NULL)
        fail_msg("plat_open %s: %s", spec, e.msg);
    return p;
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

static void
check_format(int bpp, int pad)
{
    const int w = 321, h = 203, stride = w * bpp / 8 + pad;
    PlatOpts o = {0};
    DrawList dl = {0};
    Plat *p = open_fb(w, h, bpp, stride, &o);
    uint32_t mask = bpp == 16 ? 0xF8FCF8u : 0xFFFFFFu;

    /* two frames: the second changes only part of the picture, which must
     * still leave the whole device equal to the frame */
    for (int frame = 0; frame < 2; frame++) {
        drawlist_reset(&dl, w, h);
        DrawOp *op = drawlist_push(&dl, DRAW_FILL);
        op->rect = (Rect){10, 20, 100, 50};
        op->color = frame ? 0xFF10E080u : 0xFF2060C0u;
        op = drawlist_push(&dl, DRAW_FILL);
        op->rect = (Rect){150 + frame * 7, 100, 60, 60};
        op->color = 0xFFFFFFFFu;
        op = drawlist_push(&dl, DRAW_TEXT);
        op->font = FONT_MAKE(24, 0);
        op->color = 0xFFE0C040u;
        op->text = frame ? "Kiosk news" : "Kiosk";
        op->len = strlen(op->text);
        op->rect = (Rect){20, 150, 200, 30};
        assert_int_equal(plat_present(p, &dl), K_OK);

        char shot[80];
        Err e;
        snprintf(shot, sizeof shot, "%s.bmp", fb_path);
        assert_int_equal(plat_screenshot(p, shot, &e), K_OK);
        FILE *f = fopen(shot, "rb");
        static unsigned char bmp[1 << 20], dev[1 << 20];
        assert_non_null(f);
        size_t n = fread(bmp, 1, sizeof bmp, f);
        fclose(f);
        unlink(shot);
        f = fopen(fb_path, "rb");
        assert_non_null(f);
        assert_int_equal(fread(dev, 1, (size_t)stride * (size_t)h, f), (size_t)stride * (size_t)h);
        fclose(f);
        assert_true(n > 54);
        uint32_t off = bmp[10] | bmp[11] << 8 | (uint32_t)bmp[12] << 16;
        int bh = (int)(bmp[22] | bmp[23] << 8 | (uint32_t)bmp[24] << 16 | (uint32_t)bmp[25] << 24);
        int bbpp = bmp[28], top = bh < 0;
        size_t bstride = ((size_t)w * (size_t)(bbpp / 8) + 3) & ~(size_t)3;
        long bad = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                const unsigned char *q =
                    bmp + off + bstride * (size_t)(top ? y : h - 1 - y) + (size_t)x * (size_t)(bbpp / 8);
                uint32_t want = ((uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0]) & mask;
                uint32_t got = fb_pixel(dev, bpp, stride, x, y);
                if (got != want && bad++ == 0)
                    print_message("%d bpp frame %d: (%d,%d): expected %06x, got %06x\n", bpp,
                                  frame, x, y, (unsigned)want, (unsigned)got);
            }
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
    static const char *const bad[] = {"x", "/tmp/x:800x480", "/tmp/x:800x480:8", "/tmp/x:0x4:32"};
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(device_pixels_are_the_screenshot_at_32_bits),
        cmocka_unit_test(device_pixels_are_the_screenshot_in_rgb565_with_odd_stride),
        cmocka_unit_test(device_pixels_are_the_screenshot_at_24_bits),
        cmocka_unit_test(single_touch_taps_arrive_scaled_and_rotated),
        cmocka_unit_test(multitouch_follows_the_first_finger),
        cmocka_unit_test(bad_fake_geometry_is_refused),
    };
    snprintf(fb_path, sizeof fb_path, "/tmp/nk-fbtest-%ld.fb", (long)getpid());
    snprintf(ev_path, sizeof ev_path, "/tmp/nk-fbtest-%ld.ev", (long)getpid());
    unsetenv("SDL_VIDEODRIVER");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
