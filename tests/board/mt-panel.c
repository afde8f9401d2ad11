/* SPDX-License-Identifier: MIT
 *
 * mt-panel.c - a virtual capacitive touch panel for the board test
 * (tests/board/board_test.py): QEMU 7.2 has no multitouch device, so this
 * makes one inside the guest with uinput, presenting what a real panel
 * (an FT5406, a Goodix) does: INPUT_PROP_DIRECT, BTN_TOUCH, ABS_X/ABS_Y and
 * type B multitouch (ABS_MT_SLOT, ABS_MT_TRACKING_ID, ABS_MT_POSITION_X/Y),
 * with its own axis range (0..MAX, not the screen's pixels), so that udev
 * calls it ID_INPUT_TOUCHSCREEN and the kiosk must scale it.
 *
 * usage: mt-panel FIFO [MAX]
 * Creates the device, then reads lines from FIFO (made if missing):
 *   tap X Y      a one-finger tap at axis values X, Y (0..MAX)
 * Prints "ready /dev/input/eventN" on stdout once the device exists.
 * Built in the guest with its own compiler (cc -o mt-panel mt-panel.c).
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int fd = -1;

static void
emit(int type, int code, int value)
{
    struct input_event e;

    memset(&e, 0, sizeof e);
    e.type = (unsigned short)type;
    e.code = (unsigned short)code;
    e.value = value;
    if (write(fd, &e, sizeof e) != (ssize_t)sizeof e) {
        perror("mt-panel: write");
        exit(1);
    }
}

static void
axis(int code, int max)
{
    struct uinput_abs_setup a;

    memset(&a, 0, sizeof a);
    a.code = (unsigned short)code;
    a.absinfo.minimum = 0;
    a.absinfo.maximum = max;
    a.absinfo.resolution = 10;
    if (ioctl(fd, UI_SET_ABSBIT, code) < 0 || ioctl(fd, UI_ABS_SETUP, &a) < 0) {
        perror("mt-panel: abs setup");
        exit(1);
    }
}

static void
tap(int x, int y, int id)
{
    emit(EV_ABS, ABS_MT_SLOT, 0);
    emit(EV_ABS, ABS_MT_TRACKING_ID, id);
    emit(EV_ABS, ABS_MT_POSITION_X, x);
    emit(EV_ABS, ABS_MT_POSITION_Y, y);
    emit(EV_KEY, BTN_TOUCH, 1);
    emit(EV_ABS, ABS_X, x);
    emit(EV_ABS, ABS_Y, y);
    emit(EV_SYN, SYN_REPORT, 0);
    usleep(120 * 1000);
    emit(EV_ABS, ABS_MT_TRACKING_ID, -1);
    emit(EV_KEY, BTN_TOUCH, 0);
    emit(EV_SYN, SYN_REPORT, 0);
}

int
main(int argc, char **argv)
{
    struct uinput_setup us;
    char sysname[64] = "";
    int max = argc > 2 ? atoi(argv[2]) : 4095, id = 1;

    if (argc < 2 || max < 1) {
        fprintf(stderr, "usage: mt-panel FIFO [MAX]\n");
        return 2;
    }
    fd = open("/dev/uinput", O_WRONLY | O_NONBLOCK);
    if (fd < 0) {
        perror("mt-panel: /dev/uinput");
        return 1;
    }
    ioctl(fd, UI_SET_EVBIT, EV_KEY);
    ioctl(fd, UI_SET_EVBIT, EV_ABS);
    ioctl(fd, UI_SET_EVBIT, EV_SYN);
    ioctl(fd, UI_SET_KEYBIT, BTN_TOUCH);
    ioctl(fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT);
    axis(ABS_X, max);
    axis(ABS_Y, max);
    axis(ABS_MT_SLOT, 9);
    axis(ABS_MT_TRACKING_ID, 65535);
    axis(ABS_MT_POSITION_X, max);
    axis(ABS_MT_POSITION_Y, max);
    memset(&us, 0, sizeof us);
    us.id.bustype = BUS_I2C;
    us.id.vendor = 0x0416;
    us.id.product = 0x5406;
    snprintf(us.name, sizeof us.name, "newskiosk test multitouch panel");
    if (ioctl(fd, UI_DEV_SETUP, &us) < 0 || ioctl(fd, UI_DEV_CREATE) < 0) {
        perror("mt-panel: create");
        return 1;
    }
    if (ioctl(fd, UI_GET_SYSNAME(sizeof sysname), sysname) >= 0) {
        char dir[128];
        snprintf(dir, sizeof dir, "/sys/devices/virtual/input/%s", sysname);
        DIR *d = opendir(dir);
        struct dirent *de;
        while (d && (de = readdir(d)) != NULL)
            if (strncmp(de->d_name, "event", 5) == 0)
                printf("ready /dev/input/%s\n", de->d_name);
        if (d)
            closedir(d);
    }
    fflush(stdout);
    if (mkfifo(argv[1], 0600) < 0 && errno != EEXIST) {
        perror("mt-panel: mkfifo");
        return 1;
    }
    for (;;) {
        FILE *f = fopen(argv[1], "r");
        char line[128];
        if (f == NULL) {
            perror("mt-panel: fifo");
            return 1;
        }
        while (fgets(line, sizeof line, f)) {
            int x, y;
            if (sscanf(line, "tap %d %d", &x, &y) == 2) {
                tap(x, y, id++);
                printf("tap %d %d\n", x, y);
                fflush(stdout);
            }
        }
        fclose(f);
    }
}
