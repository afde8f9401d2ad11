/* SPDX-License-Identifier: MIT
 *
 * backlight.c - bl_power of every sysfs backlight (see backlight.h).
 */
#include "backlight.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int
backlight_power(int on)
{
    const char *value = on ? "0\n" : "4\n";  /* FB_BLANK_UNBLANK, FB_BLANK_POWERDOWN */
    const char *dir = getenv("NEWSKIOSK_BACKLIGHT_DIR");
    DIR *d = opendir(dir && dir[0] ? dir : "/sys/class/backlight");
    struct dirent *de;
    int n = 0;

    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL) {
        char path[600];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s/bl_power", dir && dir[0] ? dir : "/sys/class/backlight",
                 de->d_name);
        FILE *f = fopen(path, "w");
        if (f == NULL)
            continue;
        n += fputs(value, f) >= 0;
        n -= fclose(f) != 0;
    }
    closedir(d);
    return n;
}
