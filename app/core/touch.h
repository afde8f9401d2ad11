/* SPDX-License-Identifier: MIT
 *
 * touch.h - from what a touch panel reports to a pixel of the picture:
 * raw absolute axes scaled by the device's range, the panel's wiring quirks
 * (axes swapped, mirrored), the window pixel, then the logical pixel (the
 * picture turned by --rotate). libc only; the backends (plat_sdl*.c, and a
 * framebuffer backend with evdev) share it, and touch_test.c checks it.
 *
 * Rotation: the picture (lw x lh logical pixels) is turned clockwise by
 * 'rotate' degrees (0, 90, 180, 270; anything else counts as 0) to fill a
 * window of w x h pixels, so at 90 and 270 lw = h and lh = w.
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

/* The logical picture size for a w x h window turned by 'rotate'. */
void touch_logical_size(int rotate, int w, int h, int *lw, int *lh);

/* Window pixel (wx, wy) of a w x h window to the logical pixel shown
 * there, undoing the rotation: at 90, the window's top-right pixel shows
 * the picture's top-left one. A pixel inside the window lands inside the
 * picture, and the map is one to one. */
void touch_window_to_logical(int rotate, int w, int h, int wx, int wy, int *x, int *y);

/* A panel position (fx, fy in 0..1) to a logical pixel: touch_to_window,
 * then touch_window_to_logical over the panel's window. */
void touch_to_logical(const TouchPanel *tp, int rotate, double fx, double fy, int *x, int *y);

#endif
