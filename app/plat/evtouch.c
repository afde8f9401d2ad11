/* SPDX-License-Identifier: MIT
 *
 * evtouch.c - a touch screen's evdev events to presses, moves and
 * releases; see evtouch.h.
 */
#include "evtouch.h"

#include <string.h>
#include <sys/ioctl.h>

#include "../core/input.h"
#include "../core/touch.h"

#define BITS_LONG (8 * sizeof(long))
#define HAS_BIT(a, b) (((a)[(b) / BITS_LONG] >> ((b) % BITS_LONG)) & 1)

int
evtouch_probe(int fd, EvTouch *t)
{
    unsigned long evb[EV_MAX / BITS_LONG + 1] = {0}, absb[ABS_MAX / BITS_LONG + 1] = {0};
    unsigned long keyb[KEY_MAX / BITS_LONG + 1] = {0};
    struct input_absinfo ai;

    memset(t, 0, sizeof *t);
    if (ioctl(fd, EVIOCGBIT(0, sizeof evb), evb) < 0 || !HAS_BIT(evb, EV_ABS))
        return 0;
    ioctl(fd, EVIOCGBIT(EV_ABS, sizeof absb), absb);
    if (HAS_BIT(evb, EV_KEY))
        ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keyb), keyb);
    t->has_btn_touch = HAS_BIT(keyb, BTN_TOUCH);
#define RANGE(axis, field)                                                   \
    if (HAS_BIT(absb, axis) && ioctl(fd, EVIOCGABS(axis), &ai) == 0) {      \
        t->field.min = ai.minimum;                                           \
        t->field.max = ai.maximum;                                           \
    }
    RANGE(ABS_X, ax)
    RANGE(ABS_Y, ay)
    RANGE(ABS_MT_POSITION_X, mx)
    RANGE(ABS_MT_POSITION_Y, my)
#undef RANGE
    /* where it is now, for a press that reports no new position */
    if (HAS_BIT(absb, ABS_X) && ioctl(fd, EVIOCGABS(ABS_X), &ai) == 0)
        t->fx = touch_abs_unit(ai.value, t->ax.min, t->ax.max);
    if (HAS_BIT(absb, ABS_Y) && ioctl(fd, EVIOCGABS(ABS_Y), &ai) == 0)
        t->fy = touch_abs_unit(ai.value, t->ay.min, t->ay.max);
    return (HAS_BIT(absb, ABS_X) && HAS_BIT(absb, ABS_Y)) ||
           (HAS_BIT(absb, ABS_MT_POSITION_X) && HAS_BIT(absb, ABS_MT_POSITION_Y));
}

int
evtouch_event(EvTouch *t, const struct input_event *e)
{
    int mt = t->mx.max > t->mx.min && !t->single;

    switch (e->type) {
    case EV_ABS:
        switch (e->code) {
        case ABS_X:
            if (!mt) {
                t->fx = touch_abs_unit(e->value, t->ax.min, t->ax.max);
                t->moved = 1;
            }
            break;
        case ABS_Y:
            if (t->my.max <= t->my.min || t->single) {
                t->fy = touch_abs_unit(e->value, t->ay.min, t->ay.max);
                t->moved = 1;
            }
            break;
        case ABS_MT_SLOT:
            t->slot = e->value;
            break;
        case ABS_MT_POSITION_X:
            if (t->slot == 0) {
                t->fx = touch_abs_unit(e->value, t->mx.min, t->mx.max);
                t->moved = 1;
            }
            break;
        case ABS_MT_POSITION_Y:
            if (t->slot == 0) {
                t->fy = touch_abs_unit(e->value, t->my.min, t->my.max);
                t->moved = 1;
            }
            break;
        case ABS_MT_TRACKING_ID:
            if (t->slot == 0 && !t->has_btn_touch)
                t->down = e->value >= 0;
            break;
        }
        return 0;
    case EV_KEY:
        if (e->code == BTN_TOUCH || e->code == BTN_LEFT) {
            t->down = e->value != 0;
            if (e->code == BTN_TOUCH)
                t->has_btn_touch = 1;
        }
        return 0;
    case EV_SYN:
        if (e->code == SYN_REPORT && (t->down || t->was_down)) {
            int kind = t->down && !t->was_down ? INPUT_DOWN
                       : t->down && t->moved   ? INPUT_MOVE
                       : !t->down              ? INPUT_UP
                                               : 0;
            t->was_down = t->down;
            t->moved = 0;
            return kind;
        }
        return 0;
    }
    return 0;
}
