/* SPDX-License-Identifier: MIT
 *
 * console.c - a virtual console given back after a framebuffer program
 * died (see console.h).
 */
#include "console.h"

#include <errno.h>
#include <linux/kd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The keyboard mode the kernel gives a new console: K_UNICODE unless
 * vt.default_utf8=0 (as systemd's own reset of a terminal decides). */
static int
default_kb_mode(void)
{
    FILE *f = fopen("/sys/module/vt/parameters/default_utf8", "r");
    int c = '1';

    if (f) {
        c = fgetc(f);
        fclose(f);
    }
    return c == '0' ? K_XLATE : K_UNICODE;
}

int
console_reset(int fd, const char *name, int force, ConsoleReset *out, Err *err)
{
    /* the cursor shown, home, the screen and its scroll-back cleared */
    static const char screen[] = "\033[?25h\033[H\033[2J\033[3J";
    ConsoleReset r = {0};
    int mode = KD_TEXT, kb = K_UNICODE;

    if (ioctl(fd, KDGETMODE, &mode) != 0)
        return err_set(err, K_EUSAGE, "%s: not a virtual console (%s)", name, strerror(errno));
    if (ioctl(fd, KDGKBMODE, &kb) != 0)
        kb = K_UNICODE;
    r.graphics = mode != KD_TEXT;
    r.keyboard_off = kb == K_OFF || kb == K_RAW || kb == K_MEDIUMRAW;
    if (r.graphics || r.keyboard_off || force) {
        int want = default_kb_mode();
        if (ioctl(fd, KDSETMODE, KD_TEXT) != 0)
            return err_set(err, K_EIO, "%s: cannot switch to text mode (%s)", name,
                           strerror(errno));
        if (ioctl(fd, KDSKBMODE, want) != 0)
            return err_set(err, K_EIO, "%s: cannot turn the keyboard on (%s)", name,
                           strerror(errno));
        if (write(fd, screen, sizeof screen - 1) != (ssize_t)(sizeof screen - 1))
            return err_set(err, K_EIO, "%s: cannot clear the screen (%s)", name,
                           strerror(errno));
        r.acted = 1;
        r.unicode = want == K_UNICODE;
    }
    if (out)
        *out = r;
    return K_OK;
}
