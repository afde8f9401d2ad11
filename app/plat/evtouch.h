/* SPDX-License-Identifier: MIT
 *
 * evtouch.h - one touch screen read from its evdev device, for every
 * backend that reads devices itself (plat_fb for its panels, plat_sdl for a
 * touch frame that SDL 2.26 mishandles): multitouch (the first slot) or
 * single-touch (ABS_X/Y with BTN_TOUCH or BTN_LEFT), each axis as 0..1 of
 * its range. Where that lands on the picture is touch.h's business.
 */
#ifndef KIOSK_EVTOUCH_H
#define KIOSK_EVTOUCH_H

#include <linux/input.h>

typedef struct EvTouch {
    struct { int min, max; } ax, ay, mx, my;  /* ABS_X/Y and ABS_MT_POSITION_X/Y ranges */
    int has_btn_touch;      /* BTN_TOUCH says down and up (else MT tracking ids do) */
    int single;             /* read ABS_X/Y even when MT axes exist (a test's fake source) */
    int slot;               /* ABS_MT_SLOT now being reported */
    double fx, fy;          /* the position, 0..1 of the panel */
    int down, was_down, moved;
} EvTouch;

/* Read the device's axes and buttons into a zeroed t. Returns 1 when it is
 * a touch screen or an absolute pointer (ABS_X/Y, or MT positions), else 0. */
int evtouch_probe(int fd, EvTouch *t);

/* Feed one event (EV_ABS, BTN_TOUCH/BTN_LEFT, EV_SYN). At a SYN_REPORT
 * that changes something, returns INPUT_DOWN, INPUT_MOVE or INPUT_UP
 * (core/input.h) with t->fx, t->fy the position; otherwise 0. */
int evtouch_event(EvTouch *t, const struct input_event *e);

#endif
