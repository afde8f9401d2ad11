/* SPDX-License-Identifier: MIT
 *
 * touch.h - from what a touch panel reports to a pixel of the picture:
 * raw absolute axes scaled by the device's range, the panel's wiring quirks
 * (axes swapped, mirrored), then the window pixel. libc only; the backends
 * (plat_sdl.c, and a framebuffer backend with evdev) share it, and
 * touch_test.c checks it.
 */
#ifndef KIOSK_TOUCH_H
#define KIOSK_TOUCH_H

/* A panel as the config describes it, over a window of w x h pixels. */
typedef struct TouchPanel {
    int w, h;                   /* window (physical) pixels */
    int swap_xy, mirror_x, mirror_y;
} TouchPanel;

/* A raw absolute axis value in [min, max] (evdev's absinfo) as 0..1,
 * clamped; 0 when the range is empty. */
double touch_abs_unit(int raw, int min, int max);

/* A position on the panel (fx, fy in 0..1, as the panel reports it) to a
 * window pixel: swap, then mirror, then scale; always inside the window. */
void touch_to_window(const TouchPanel *tp, double fx, double fy, int *wx, int *wy);

#endif
