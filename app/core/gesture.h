/* SPDX-License-Identifier: MIT
 *
 * gesture.h - one pointer's down/move/up samples -> tap, long press, drag,
 * swipe; and the inertia that keeps a flung list moving.
 *
 * Touch and mouse both feed the same recognizer with logical coordinates
 * (after rotation) and a millisecond clock; nothing here reads a clock, so
 * tests drive it with made-up times. libc only, no allocation.
 */
#ifndef KIOSK_GESTURE_H
#define KIOSK_GESTURE_H

#include <stdint.h>

enum GestureKind {
    GESTURE_NONE = 0,
    GESTURE_TAP,          /* down and up within slop, before the long-press time */
    GESTURE_LONG_PRESS,   /* held still for long_press_ms (sent once, while down) */
    GESTURE_DRAG_BEGIN,   /* moved beyond slop; x,y = start point */
    GESTURE_DRAG,         /* dx,dy = movement since the previous DRAG(_BEGIN) */
    GESTURE_DRAG_END,     /* released after dragging; vx,vy = release velocity */
    GESTURE_SWIPE_LEFT,   /* a quick or long horizontal drag, sent after DRAG_END */
    GESTURE_SWIPE_RIGHT,
};

typedef struct GestureEvent {
    int kind;        /* GestureKind */
    int x, y;        /* current point */
    int dx, dy;      /* GESTURE_DRAG: step since the last drag event */
    int start_x, start_y;
    float vx, vy;    /* GESTURE_DRAG_END: px per second */
} GestureEvent;

/* Up to this many events come out of one call. */
#define GESTURE_MAX_EVENTS 4

typedef struct Gesture {
    /* settings (gesture_init fills them; callers may tune) */
    int slop_px;           /* movement still counted as a tap */
    int long_press_ms;
    int swipe_min_px;      /* horizontal travel that is a swipe however slow */
    float swipe_min_vx;    /* px/s: a shorter flick this fast is a swipe too */
    /* state */
    int down, dragging, long_sent;
    int start_x, start_y, last_x, last_y;
    int64_t down_ms;
    struct { int x, y; int64_t t; } hist[8];  /* recent samples for velocity */
    int nhist;
} Gesture;

/* Set up for a picture whose short side is shortside_px. */
void gesture_init(Gesture *g, int shortside_px);

/* Feed one sample. Each returns how many events it wrote to out (at most
 * GESTURE_MAX_EVENTS). A move or up without a down is ignored; a second down
 * without an up restarts the gesture. */
int gesture_down(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out);
int gesture_move(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out);
int gesture_up(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out);

/* Let time pass with no sample (for the long press). */
int gesture_tick(Gesture *g, int64_t t_ms, GestureEvent *out);

/* Milliseconds from now_ms until gesture_tick could produce an event, or -1
 * when nothing is pending (so the main loop can sleep). */
int64_t gesture_next_ms(const Gesture *g, int64_t now_ms);

/* Scroll position with inertia, clamped to [min, max]. */
typedef struct Inertia {
    double pos;      /* px */
    double vel;      /* px/s; 0 when at rest */
    double min, max;
} Inertia;

/* Start coasting at vel px/s (positive moves pos up). */
void inertia_fling(Inertia *k, double vel);

/* Stop coasting. */
void inertia_stop(Inertia *k);

/* Move pos directly (a drag), clamped; stops any coasting. */
void inertia_move(Inertia *k, double delta);

/* Advance dt_ms of coasting with friction. Returns 1 while still moving. */
int inertia_step(Inertia *k, int dt_ms);

#endif
