/* SPDX-License-Identifier: MIT
 *
 * gesture.c - pointer samples -> gestures, and inertia (see gesture.h).
 *
 * A press is a tap until it moves beyond slop_px (then a drag) or stays put
 * for long_press_ms (then a long press). The release velocity comes from the
 * samples of the last 100 ms, so a finger that stops before lifting does not
 * fling. Inertia decays exponentially, as phones do.
 */
#include "gesture.h"

#include <math.h>
#include <stdlib.h>

#define VELOCITY_WINDOW_MS 100
#define INERTIA_TAU_MS 325.0   /* time for the speed to fall to 1/e */
#define INERTIA_STOP_VEL 15.0  /* px/s: slower than this is at rest */
#define NHIST ((int)(sizeof ((Gesture *)0)->hist / sizeof ((Gesture *)0)->hist[0]))

void
gesture_init(Gesture *g, int shortside_px)
{
    *g = (Gesture){0};
    g->slop_px = shortside_px / 40 > 8 ? shortside_px / 40 : 8;
    g->long_press_ms = 800;
    g->swipe_min_px = shortside_px / 4 > 40 ? shortside_px / 4 : 40;
    g->swipe_min_vx = (float)shortside_px * 1.2f;
}

static void
record(Gesture *g, int x, int y, int64_t t)
{
    if (g->nhist == NHIST) {
        for (int i = 1; i < NHIST; i++)
            g->hist[i - 1] = g->hist[i];
        g->nhist--;
    }
    g->hist[g->nhist].x = x;
    g->hist[g->nhist].y = y;
    g->hist[g->nhist].t = t;
    g->nhist++;
}

static GestureEvent
ev(const Gesture *g, int kind, int x, int y)
{
    GestureEvent e = {0};

    e.kind = kind;
    e.x = x;
    e.y = y;
    e.start_x = g->start_x;
    e.start_y = g->start_y;
    return e;
}

int
gesture_down(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out)
{
    (void)out;
    g->down = 1;
    g->dragging = 0;
    g->long_sent = 0;
    g->start_x = g->last_x = x;
    g->start_y = g->last_y = y;
    g->down_ms = t_ms;
    g->nhist = 0;
    record(g, x, y, t_ms);
    return 0;
}

int
gesture_move(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out)
{
    int n = 0;

    if (!g->down)
        return 0;
    record(g, x, y, t_ms);
    if (!g->dragging) {
        if (abs(x - g->start_x) <= g->slop_px && abs(y - g->start_y) <= g->slop_px)
            return 0;
        if (g->long_sent)  /* a long press that then wanders is still a long press */
            return 0;
        g->dragging = 1;
        out[n++] = ev(g, GESTURE_DRAG_BEGIN, g->start_x, g->start_y);
        g->last_x = g->start_x;
        g->last_y = g->start_y;
    }
    out[n] = ev(g, GESTURE_DRAG, x, y);
    out[n].dx = x - g->last_x;
    out[n].dy = y - g->last_y;
    n++;
    g->last_x = x;
    g->last_y = y;
    return n;
}

/* Velocity over the samples of the last VELOCITY_WINDOW_MS. */
static void
velocity(const Gesture *g, int64_t now, float *vx, float *vy)
{
    int i = g->nhist - 1, j = i;

    *vx = *vy = 0;
    if (i < 1)
        return;
    while (j > 0 && now - g->hist[j - 1].t <= VELOCITY_WINDOW_MS)
        j--;
    if (j == i)
        j = i - 1;
    int64_t dt = g->hist[i].t - g->hist[j].t;
    if (dt <= 0 || now - g->hist[i].t > VELOCITY_WINDOW_MS)
        return;
    *vx = (float)(g->hist[i].x - g->hist[j].x) * 1000.0f / (float)dt;
    *vy = (float)(g->hist[i].y - g->hist[j].y) * 1000.0f / (float)dt;
}

int
gesture_up(Gesture *g, int x, int y, int64_t t_ms, GestureEvent *out)
{
    int n = 0;

    if (!g->down)
        return 0;
    n = gesture_move(g, x, y, t_ms, out);
    g->down = 0;
    if (!g->dragging) {
        if (!g->long_sent)
            out[n++] = ev(g, GESTURE_TAP, g->start_x, g->start_y);
        return n;
    }
    GestureEvent *e = &out[n++];
    *e = ev(g, GESTURE_DRAG_END, x, y);
    velocity(g, t_ms, &e->vx, &e->vy);
    int tx = x - g->start_x, ty = y - g->start_y;
    int horizontal = abs(tx) > 2 * abs(ty);
    if (horizontal && (abs(tx) >= g->swipe_min_px ||
                       (fabsf(e->vx) >= g->swipe_min_vx && abs(tx) >= 2 * g->slop_px))) {
        float vx = e->vx;
        out[n++] = ev(g, tx < 0 ? GESTURE_SWIPE_LEFT : GESTURE_SWIPE_RIGHT, x, y);
        out[n - 1].vx = vx;
    }
    g->dragging = 0;
    return n;
}

int
gesture_tick(Gesture *g, int64_t t_ms, GestureEvent *out)
{
    if (!g->down || g->dragging || g->long_sent)
        return 0;
    if (t_ms - g->down_ms < g->long_press_ms)
        return 0;
    g->long_sent = 1;
    out[0] = ev(g, GESTURE_LONG_PRESS, g->start_x, g->start_y);
    return 1;
}

int64_t
gesture_next_ms(const Gesture *g, int64_t now_ms)
{
    if (!g->down || g->dragging || g->long_sent)
        return -1;
    int64_t left = g->down_ms + g->long_press_ms - now_ms;
    return left > 0 ? left : 0;
}

static void
clamp(Inertia *k)
{
    if (k->pos < k->min) {
        k->pos = k->min;
        k->vel = 0;
    }
    if (k->pos > k->max) {
        k->pos = k->max;
        k->vel = 0;
    }
}

void
inertia_fling(Inertia *k, double vel)
{
    k->vel = fabs(vel) < INERTIA_STOP_VEL ? 0 : vel;
}

void
inertia_stop(Inertia *k)
{
    k->vel = 0;
}

void
inertia_move(Inertia *k, double delta)
{
    k->vel = 0;
    k->pos += delta;
    clamp(k);
}

int
inertia_step(Inertia *k, int dt_ms)
{
    if (k->vel == 0 || dt_ms <= 0)
        return k->vel != 0;
    /* integrate v(t) = v0 e^(-t/tau) exactly over dt */
    double decay = exp(-(double)dt_ms / INERTIA_TAU_MS);
    k->pos += k->vel * (INERTIA_TAU_MS / 1000.0) * (1.0 - decay);
    k->vel *= decay;
    if (fabs(k->vel) < INERTIA_STOP_VEL)
        k->vel = 0;
    clamp(k);
    return k->vel != 0;
}
