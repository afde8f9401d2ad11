/* SPDX-License-Identifier: MIT
 * touch_test.c - raw panel axes and wiring quirks to window pixels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absolute_axes_scale_by_their_range),
        cmocka_unit_test(a_tap_on_back_lands_on_back),
        cmocka_unit_test(quirks_swap_and_mirror_before_scaling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
