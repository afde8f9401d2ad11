/* SPDX-License-Identifier: MIT
 * touch_test.c - raw panel axes and wiring quirks to window pixels, and
 * window pixels to the logical picture at each rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/touch.h"

static void
absolute_axes_scale_by_their_range(void **state)
{
    (void)state;
    /* a usb-tablet or a resistive panel reports 0..32767, not pixels */
    assert_true(touch_abs_unit(0, 0, 32767) == 0.0);
    assert_true(touch_abs_unit(32767, 0, 32767) == 1.0);
    double mid = touch_abs_unit(16384, 0, 32767);
    assert_true(mid > 0.49 && mid < 0.51);
    /* a calibrated range that does not start at 0, and values outside it */
    assert_true(touch_abs_unit(100, 200, 3900) == 0.0);
    assert_true(touch_abs_unit(4000, 200, 3900) == 1.0);
    assert_true(touch_abs_unit(5, 7, 7) == 0.0);
}

static void
a_tap_on_back_lands_on_back(void **state)
{
    TouchPanel tp = {800, 480, 0, 0, 0};
    int x, y;
    (void)state;
    /* Back sits in the top-left corner: raw 1/20 of each axis */
    touch_to_window(&tp, touch_abs_unit(1639, 0, 32767), touch_abs_unit(1639, 0, 32767), &x, &y);
    assert_int_equal(x, 40);
    assert_int_equal(y, 24);
    touch_to_window(&tp, 1.0, 1.0, &x, &y);
    assert_int_equal(x, 799);
    assert_int_equal(y, 479);
}

static void
quirks_swap_and_mirror_before_scaling(void **state)
{
    int x, y;
    (void)state;
    TouchPanel swap = {800, 480, 1, 0, 0};
    touch_to_window(&swap, 0.25, 0.75, &x, &y);
    assert_int_equal(x, 600);
    assert_int_equal(y, 120);
    TouchPanel mirror = {800, 480, 0, 1, 1};
    touch_to_window(&mirror, 0.25, 0.75, &x, &y);
    assert_int_equal(x, 600);
    assert_int_equal(y, 120);
}

static void
rotation_swaps_the_logical_size_at_90_and_270(void **state)
{
    static const struct {
        int rotate, lw, lh;
    } want[] = {
        {0, 800, 480}, {90, 480, 800}, {180, 800, 480}, {270, 480, 800}, {45, 800, 480},
    };
    (void)state;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int lw, lh;
        touch_logical_size(want[i].rotate, 800, 480, &lw, &lh);
        if (lw != want[i].lw || lh != want[i].lh)
            fail_msg("rotate %d: expected %dx%d, got %dx%d", want[i].rotate, want[i].lw, want[i].lh,
                     lw, lh);
    }
}

/* Where the window's corners land in the picture: the picture is turned
 * clockwise, so at 90 its top-left pixel is shown at the window's top-right. */
static void
window_corners_land_on_the_turned_picture_corners(void **state)
{
    static const struct {
        int rotate, wx, wy, x, y;
    } want[] = {
        {0, 0, 0, 0, 0},        {0, 799, 479, 799, 479}, {90, 799, 0, 0, 0},
        {90, 0, 479, 479, 799}, {90, 0, 0, 0, 799},      {180, 799, 479, 0, 0},
        {180, 0, 0, 799, 479},  {270, 0, 479, 0, 0},     {270, 799, 0, 479, 799},
        {270, 0, 0, 479, 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int x, y;
        touch_window_to_logical(want[i].rotate, 800, 480, want[i].wx, want[i].wy, &x, &y);
        if (x != want[i].x || y != want[i].y)
            fail_msg("rotate %d: window (%d,%d): expected (%d,%d), got (%d,%d)", want[i].rotate,
                     want[i].wx, want[i].wy, want[i].x, want[i].y, x, y);
    }
}

/* Every window pixel maps inside the picture and no two share a pixel. */
static void
window_to_logical_is_one_to_one_at_every_rotation(void **state)
{
    enum { W = 64, H = 40 };
    static const int rotations[] = {0, 90, 180, 270};
    (void)state;
    for (size_t r = 0; r < 4; r++) {
        static unsigned char seen[W * H];
        int lw, lh;
        touch_logical_size(rotations[r], W, H, &lw, &lh);
        memset(seen, 0, sizeof seen);
        for (int wy = 0; wy < H; wy++)
            for (int wx = 0; wx < W; wx++) {
                int x, y;
                touch_window_to_logical(rotations[r], W, H, wx, wy, &x, &y);
                if (x < 0 || y < 0 || x >= lw || y >= lh)
                    fail_msg("rotate %d: (%d,%d) -> (%d,%d) outside %dx%d", rotations[r], wx, wy, x,
                             y, lw, lh);
                if (seen[y * lw + x]++)
                    fail_msg("rotate %d: (%d,%d) -> (%d,%d) twice", rotations[r], wx, wy, x, y);
            }
    }
}

/* A finger goes through the quirks, then the rotation: a portrait kiosk
 * (rotate 90) on an 800x480 panel wired with its y axis mirrored. */
static void
fingers_map_through_quirks_then_rotation(void **state)
{
    TouchPanel tp = {800, 480, 0, 0, 1};
    int x, y;
    (void)state;
    /* the panel says top-left, mirrored y makes it the window's bottom-left,
     * which at 90 shows the picture's bottom-left */
    touch_to_logical(&tp, 90, 0.0, 0.0, &x, &y);
    assert_int_equal(x, 479);
    assert_int_equal(y, 799);
    TouchPanel plain = {800, 480, 0, 0, 0};
    touch_to_logical(&plain, 0, 0.5, 0.5, &x, &y);
    assert_int_equal(x, 400);
    assert_int_equal(y, 240);
    touch_to_logical(&plain, 180, 1.0, 1.0, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absolute_axes_scale_by_their_range),
        cmocka_unit_test(a_tap_on_back_lands_on_back),
        cmocka_unit_test(quirks_swap_and_mirror_before_scaling),
        cmocka_unit_test(rotation_swaps_the_logical_size_at_90_and_270),
        cmocka_unit_test(window_corners_land_on_the_turned_picture_corners),
        cmocka_unit_test(window_to_logical_is_one_to_one_at_every_rotation),
        cmocka_unit_test(fingers_map_through_quirks_then_rotation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
