/* SPDX-License-Identifier: MIT
 *
 * backlight.h - the panel's backlight through sysfs, the same for every
 * backend (the board's DSI or SPI panel has one whatever draws on it).
 * libc only.
 */
#ifndef KIOSK_PLAT_BACKLIGHT_H
#define KIOSK_PLAT_BACKLIGHT_H

/* Power every /sys/class/backlight/<panel> on (on = 1) or off through its
 * bl_power ($NEWSKIOSK_BACKLIGHT_DIR instead of /sys/class/backlight, for
 * tests). Returns how many panels took it (0 when there are none). */
int backlight_power(int on);

#endif
