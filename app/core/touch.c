/* SPDX-License-Identifier: MIT
 *
 * touch.c - touch positions to window pixels (see touch.h).
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
