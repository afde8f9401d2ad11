/* SPDX-License-Identifier: MIT
 *
 * console.h - giving a Linux virtual console back after a program that
 * drew on it (the framebuffer backend: graphics mode, keyboard off) died
 * without cleaning up, as after the watchdog's SIGKILL. For `newskiosk
 * console-reset`, the unit's ExecStopPost=. libc and the kernel's own
 * ioctls only (linux/kd.h), no SDL.
 */
#ifndef KIOSK_PLAT_CONSOLE_H
#define KIOSK_PLAT_CONSOLE_H

#include "../core/err.h"

/* What console_reset found and did. */
typedef struct ConsoleReset {
    int graphics;       /* the console was in graphics mode (KD_GRAPHICS) */
    int keyboard_off;   /* its keyboard was off or raw (K_OFF, K_RAW, K_MEDIUMRAW) */
    int acted;          /* the console was reset (below); 0: left as it was */
    int unicode;        /* the keyboard was set to K_UNICODE; 0: K_XLATE */
} ConsoleReset;

/* Give the virtual console open on fd back to the text console, when it
 * is in graphics mode or its keyboard is off (what a framebuffer program
 * killed with SIGKILL leaves), or always with force: text mode (KD_TEXT,
 * which has the kernel redraw and unblank it), the keyboard in the
 * system's default mode (K_UNICODE, or K_XLATE where the kernel's
 * vt.default_utf8 is 0), the cursor shown and the screen cleared (escape
 * sequences written to fd). A console in text mode with its keyboard on is
 * left alone, so running it after a program that cleaned up (or after the
 * SDL backend) changes nothing. 'name' is fd's device, for messages. The
 * ioctls need the console as controlling terminal or CAP_SYS_TTY_CONFIG.
 *
 * Returns K_OK and fills *out (may be NULL); K_EUSAGE when fd is not a
 * virtual console (a pty, /dev/null, a file), K_EIO when the console
 * refused a change; err names 'name' and says why. */
int console_reset(int fd, const char *name, int force, ConsoleReset *out, Err *err);

#endif
