/* SPDX-License-Identifier: MIT
 * gesture_test.c - tap, long press, drag, swipe and inertia (app/core/gesture.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "core/gesture.h"

static GestureEvent ev[GESTURE_MAX_EVENTS * 64];
static int nev;

/* Collect every event the calls produce. */
#define DOWN(g, x, y, t) (nev += gesture_down(g, x, y, t, ev + nev))
#define MOVE(g, x, y, t) (nev += gesture_move(g, x, y, t, ev + nev))
#define UP(g, x, y, t) (nev += gesture_up(g, x, y, t, ev + nev))
#define TICK(g, t) (nev += gesture_tick(g, t, ev + nev))

static int
count(int kind)
{
    int n = 0;
    for (int i = 0; i < nev; i++)
        n += ev[i].kind == kind;
    return n;
}

static const GestureEvent *
find(int kind)
{
    for (int i = 0; i < nev; i++)
        if (ev[i].kind == kind)
            return &ev[i];
    return NULL;
}

static int
setup(void **state)
{
    (void)state;
    nev = 0;
    return 0;
}

static void
tap_within_slop_is_a_tap(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 100, 100, 0);
    MOVE(&g, 103, 98, 30);
    UP(&g, 104, 99, 80);
    assert_int_equal(nev, 1);
    assert_int_equal(ev[0].kind, GESTURE_TAP);
    assert_int_equal(ev[0].x, 100);
    assert_int_equal(ev[0].y, 100);
}

static void
up_without_down_does_nothing(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    UP(&g, 10, 10, 0);
    MOVE(&g, 50, 10, 10);
    TICK(&g, 5000);
    assert_int_equal(nev, 0);
    assert_int_equal(gesture_next_ms(&g, 0), -1);
}

static void
vertical_drag_reports_steps_and_release_velocity(void **state)
{
    Gesture g;
    int sum = 0;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 200, 400, 0);
    for (int i = 1; i <= 10; i++)
        MOVE(&g, 200, 400 - i * 20, i * 10);  /* 2000 px/s upwards */
    UP(&g, 200, 200, 110);
    assert_int_equal(count(GESTURE_DRAG_BEGIN), 1);
    assert_int_equal(count(GESTURE_TAP), 0);
    for (int i = 0; i < nev; i++)
        if (ev[i].kind == GESTURE_DRAG)
            sum += ev[i].dy;
    assert_int_equal(sum, -200);
    const GestureEvent *end = find(GESTURE_DRAG_END);
    assert_non_null(end);
    if (end->vy > -1500 || end->vy < -2500)
        fail_msg("expected a release velocity near -2000 px/s, got %.0f", end->vy);
    assert_int_equal(count(GESTURE_SWIPE_LEFT) + count(GESTURE_SWIPE_RIGHT), 0);
}

static void
long_horizontal_drag_is_a_swipe(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 600, 240, 0);
    for (int i = 1; i <= 15; i++)
        MOVE(&g, 600 - i * 33, 240 + i / 5, i * 20);
    UP(&g, 100, 243, 300);  /* the scripted swipe: 500 px in 0.3 s */
    assert_int_equal(count(GESTURE_SWIPE_LEFT), 1);
    assert_int_equal(ev[nev - 1].kind, GESTURE_SWIPE_LEFT);
    assert_int_equal(ev[nev - 2].kind, GESTURE_DRAG_END);

    nev = 0;
    DOWN(&g, 100, 240, 1000);
    MOVE(&g, 300, 240, 1400);
    UP(&g, 300, 240, 2000);  /* slow but long */
    assert_int_equal(count(GESTURE_SWIPE_RIGHT), 1);
}

static void
short_quick_flick_is_a_swipe_but_short_slow_drag_is_not(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 300, 240, 0);
    MOVE(&g, 270, 240, 10);
    UP(&g, 250, 240, 20);  /* 50 px in 20 ms */
    assert_int_equal(count(GESTURE_SWIPE_LEFT), 1);

    nev = 0;
    DOWN(&g, 300, 240, 1000);
    MOVE(&g, 280, 240, 1200);
    MOVE(&g, 260, 240, 1400);
    UP(&g, 250, 240, 1600);
    assert_int_equal(count(GESTURE_SWIPE_LEFT), 0);
    assert_int_equal(count(GESTURE_DRAG_END), 1);
}

static void
diagonal_drag_is_not_a_swipe(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 400, 400, 0);
    MOVE(&g, 300, 300, 100);
    UP(&g, 200, 200, 200);
    assert_int_equal(count(GESTURE_SWIPE_LEFT) + count(GESTURE_SWIPE_RIGHT), 0);
}

static void
holding_still_is_a_long_press_and_no_tap(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 5, 5, 1000);
    assert_int_equal(gesture_next_ms(&g, 1000), g.long_press_ms);
    TICK(&g, 1000 + g.long_press_ms - 1);
    assert_int_equal(nev, 0);
    TICK(&g, 1000 + g.long_press_ms);
    assert_int_equal(nev, 1);
    assert_int_equal(ev[0].kind, GESTURE_LONG_PRESS);
    assert_int_equal(ev[0].x, 5);
    TICK(&g, 5000);               /* sent once */
    MOVE(&g, 100, 100, 5100);     /* wandering afterwards is not a drag */
    UP(&g, 100, 100, 5200);
    assert_int_equal(nev, 1);
    assert_int_equal(gesture_next_ms(&g, 6000), -1);
}

static void
dragging_cancels_the_long_press(void **state)
{
    Gesture g;
    (void)state;
    gesture_init(&g, 480);
    DOWN(&g, 100, 100, 0);
    MOVE(&g, 100, 150, 100);
    TICK(&g, 2000);
    assert_int_equal(count(GESTURE_LONG_PRESS), 0);
}

static void
inertia_coasts_slows_and_stops(void **state)
{
    Inertia k = {0, 0, 0, 100000};
    double last = 0, lastv = 3000;
    int frames = 0;
    (void)state;
    inertia_fling(&k, 3000);
    while (inertia_step(&k, 16) && frames < 1000) {
        assert_true(k.pos > last);
        assert_true(k.vel < lastv);
        last = k.pos;
        lastv = k.vel;
        frames++;
    }
    assert_true(frames > 10 && frames < 200);
    /* integral of 3000 e^(-t/0.325) = 975 px */
    if (k.pos < 900 || k.pos > 1000)
        fail_msg("expected a coast of about 975 px, got %.1f", k.pos);
    assert_true(k.vel == 0);
}

static void
inertia_stops_at_the_ends(void **state)
{
    Inertia k = {50, 0, 0, 100};
    (void)state;
    inertia_fling(&k, -5000);
    while (inertia_step(&k, 16))
        ;
    assert_true(k.pos == 0);
    inertia_move(&k, 1e9);
    assert_true(k.pos == 100);
    inertia_move(&k, -30);
    assert_true(k.pos == 70);
    inertia_fling(&k, 5);  /* too slow to coast */
    assert_int_equal(inertia_step(&k, 16), 0);
    inertia_fling(&k, 1000);
    inertia_stop(&k);
    assert_int_equal(inertia_step(&k, 16), 0);
    assert_true(k.pos == 70);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(tap_within_slop_is_a_tap, setup),
        cmocka_unit_test_setup(up_without_down_does_nothing, setup),
        cmocka_unit_test_setup(vertical_drag_reports_steps_and_release_velocity, setup),
        cmocka_unit_test_setup(long_horizontal_drag_is_a_swipe, setup),
        cmocka_unit_test_setup(short_quick_flick_is_a_swipe_but_short_slow_drag_is_not, setup),
        cmocka_unit_test_setup(diagonal_drag_is_not_a_swipe, setup),
        cmocka_unit_test_setup(holding_still_is_a_long_press_and_no_tap, setup),
        cmocka_unit_test_setup(dragging_cancels_the_long_press, setup),
        cmocka_unit_test_setup(inertia_coasts_slows_and_stops, setup),
        cmocka_unit_test_setup(inertia_stops_at_the_ends, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
