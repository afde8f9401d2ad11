/* SPDX-License-Identifier: MIT
 *
 * touch.c - touch positions to window and logical pixels (see touch.h).
 */
#include "touch.h"

double
touch_abs_unit(int raw, int min, int max)
{
    if (max <= min)
        return 0;
    if (raw <= min)
        return 0;
    if (raw >= max)
        return 1;
    return (double)(raw - min) / (double)(max - min);
}

void
touch_to_window(const TouchPanel *tp, double fx, double fy, int *wx, int *wy)
{
    if (tp->swap_xy) {
        double t = fx;
        fx = fy;
        fy = t;
    }
    if (tp->mirror_x)
        fx = 1.0 - fx;
    if (tp->mirror_y)
        fy = 1.0 - fy;
    int x = (int)(fx * tp->w), y = (int)(fy * tp->h);
    *wx = x < 0 ? 0 : x >= tp->w ? tp->w - 1 : x;
    *wy = y < 0 ? 0 : y >= tp->h ? tp->h - 1 : y;
}

void
touch_logical_size(int rotate, int w, int h, int *lw, int *lh)
{
    int turned = rotate == 90 || rotate == 270;

    *lw = turned ? h : w;
    *lh = turned ? w : h;
}

void
touch_window_to_logical(int rotate, int w, int h, int wx, int wy, int *x, int *y)
{
    if (rotate == 90) {
        *x = wy;
        *y = w - 1 - wx;
    } else if (rotate == 180) {
        *x = w - 1 - wx;
        *y = h - 1 - wy;
    } else if (rotate == 270) {
        *x = h - 1 - wy;
        *y = wx;
    } else {
        *x = wx;
        *y = wy;
    }
}

void
touch_to_logical(const TouchPanel *tp, int rotate, double fx, double fy, int *x, int *y)
{
    int wx, wy;

    touch_to_window(tp, fx, fy, &wx, &wy);
    touch_window_to_logical(rotate, tp->w, tp->h, wx, wy, x, y);
}
