/* SPDX-License-Identifier: MIT
 *
 * plat_fb_input.c - the framebuffer backend's input and console: evdev
 * devices read with the kernel's own ioctls (EVIOCGBIT, EVIOCGABS; libevdev
 * would add a library for the two dozen lines below), touch screens both
 * multitouch (ABS_MT_*, one finger followed: the others are resting hands)
 * and single-touch (ABS_X/Y, BTN_TOUCH), their axes scaled by their range
 * and then swapped, mirrored and rotated by touch.h exactly as the SDL
 * backend does; keys; devices plugged in later (inotify on /dev/input); and
 * the console kept in graphics mode with the keyboard off while the kiosk
 * runs, restored on exit and on a crash. Start at plat_fb_wait().
 *
 * $NEWSKIOSK_EVDEV_FAKE=path (tests) reads struct input_event records from a
 * FIFO or a file instead of /dev/input; its axes range over 0..4095.
 */
#include "plat_fb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kd.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/touch.h"
#include "../core/input.h"
#include "../log.h"

#define FAKE_MAX 4095
#define BITS_LONG (8 * sizeof(long))
#define HAS_BIT(a, b) (((a)[(b) / BITS_LONG] >> ((b) % BITS_LONG)) & 1)

static volatile sig_atomic_t got_quit;
/* the console and its modes as found, for the crash handler (which can
 * only use what is already in memory) */
static volatile sig_atomic_t crash_tty = -1, crash_mode = KD_TEXT, crash_kb = K_UNICODE;

static uint64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* --- console and signals ----------------------------------------------------- */

static void
on_quit(int sig)
{
    (void)sig;
    got_quit = 1;
}

/* SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE: the console back to text mode
 * (ioctl is async-signal-safe), then the signal's own action (the handler
 * was installed with SA_RESETHAND). */
static void
on_crash(int sig)
{
    int fd = crash_tty;
    if (fd >= 0) {
        ioctl(fd, KDSKBMODE, (int)crash_kb);
        ioctl(fd, KDSETMODE, (int)crash_mode);
    }
    raise(sig);
}

void
plat_fb_console_open(FbPlat *p)
{
    struct sigaction sa;
    int mode = KD_TEXT, kb = K_UNICODE;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit;   /* no SA_RESTART: poll() returns to see it */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    if (p->fake)
        return;
    /* the unit gives us tty1 as stdin (StandardInput=tty-force) */
    int fd = -1;
    if (ioctl(0, KDGETMODE, &mode) == 0)
        fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
    else if ((fd = open("/dev/tty0", O_RDWR | O_CLOEXEC)) >= 0 && ioctl(fd, KDGETMODE, &mode) != 0) {
        close(fd);
        fd = -1;
    }
    if (fd < 0) {
        log_info("no virtual terminal to put in graphics mode: the console may draw over us");
        return;
    }
    if (ioctl(fd, KDGKBMODE, &kb) != 0)
        kb = K_UNICODE;
    p->tty = fd;
    p->tty_mode = mode;
    p->kb_mode = kb;
    crash_mode = mode;
    crash_kb = kb;
    crash_tty = fd;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sa.sa_flags = (int)SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    /* graphics mode: the console neither draws its text and cursor nor
     * blanks over us; K_OFF: keys reach our evdev reader, not the shell */
    if (ioctl(fd, KDSETMODE, KD_GRAPHICS) != 0)
        log_warn("console: cannot switch to graphics mode: %s", strerror(errno));
    if (ioctl(fd, KDSKBMODE, K_OFF) != 0)
        log_info("console: keyboard left on: %s", strerror(errno));
}

void
plat_fb_console_close(FbPlat *p)
{
    if (p->tty < 0)
        return;
    ioctl(p->tty, KDSKBMODE, p->kb_mode);
    ioctl(p->tty, KDSETMODE, p->tty_mode);
    crash_tty = -1;
    close(p->tty);
    p->tty = -1;
}

/* --- devices ------------------------------------------------------------------ */

static void
push(FbPlat *p, int kind, int x, int y, int key)
{
    if (p->qn == FB_QUEUE)
        return;  /* a stuck reader: drop, as the kernel would */
    PlatEvent *e = &p->queue[(p->qhead + p->qn++) % FB_QUEUE];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->x = x;
    e->y = y;
    e->key = key;
}

static int
map_key(int code)
{
    switch (code) {
    case KEY_ENTER: case KEY_KPENTER: case KEY_SPACE: case KEY_OK: case KEY_SELECT:
        return INPUT_KEY_ENTER;
    case KEY_BACKSPACE: case KEY_BACK: return INPUT_KEY_BACK;
    case KEY_ESC: return INPUT_KEY_ESCAPE;
    case KEY_LEFT: return INPUT_KEY_LEFT;
    case KEY_RIGHT: return INPUT_KEY_RIGHT;
    case KEY_UP: return INPUT_KEY_UP;
    case KEY_DOWN: return INPUT_KEY_DOWN;
    case KEY_PAGEUP: return INPUT_KEY_PAGEUP;
    case KEY_PAGEDOWN: return INPUT_KEY_PAGEDOWN;
    case KEY_HOME: return INPUT_KEY_HOME;
    case KEY_END: return INPUT_KEY_END;
    case KEY_F1: return INPUT_KEY_DIAG;
    case KEY_TAB: case KEY_L: return INPUT_KEY_LIST;
    }
    return 0;
}

/* Open event device 'path' if it is a touch screen or has keys. */
static void
add_device(FbPlat *p, const char *path)
{
    unsigned long evb[EV_MAX / BITS_LONG + 1] = {0}, keyb[KEY_MAX / BITS_LONG + 1] = {0};
    EvTouch t;

    for (int i = 0; i < p->ndev; i++)
        if (strcmp(p->dev[i].path, path) == 0)
            return;
    if (p->ndev == FB_MAX_DEVS)
        return;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;  /* udev has not given us the group yet: IN_ATTRIB brings it back */
    if (ioctl(fd, EVIOCGBIT(0, sizeof evb), evb) < 0) {
        close(fd);
        return;
    }
    ioctl(fd, EVIOCGBIT(EV_KEY, sizeof keyb), keyb);
    int touch = evtouch_probe(fd, &t);
    int keys = HAS_BIT(evb, EV_KEY) && HAS_BIT(keyb, KEY_ENTER);
    if (!touch && !keys) {
        close(fd);
        return;
    }
    FbDev *d = &p->dev[p->ndev++];
    memset(d, 0, sizeof *d);
    d->fd = fd;
    d->touch = t;
    snprintf(d->path, sizeof d->path, "%s", path);
    int mt = t.mx.max > t.mx.min;
    log_info("input %s:%s%s x %d..%d y %d..%d", path, touch ? " touch" : "",
             keys ? " keys" : "", mt ? t.mx.min : t.ax.min, mt ? t.mx.max : t.ax.max,
             mt ? t.my.min : t.ay.min, mt ? t.my.max : t.ay.max);
}

static void
open_fake_source(FbDev *d)
{
    d->fd = open(d->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

void
plat_fb_input_open(FbPlat *p)
{
    const char *fake = getenv("NEWSKIOSK_EVDEV_FAKE");

    if (fake && *fake) {
        FbDev *d = &p->dev[p->ndev++];
        memset(d, 0, sizeof *d);
        d->fake = 1;
        snprintf(d->path, sizeof d->path, "%s", fake);
        d->touch.ax.max = d->touch.ay.max = d->touch.mx.max = d->touch.my.max = FAKE_MAX;
        d->touch.single = 1;
        open_fake_source(d);
        if (d->fd < 0)
            log_warn("NEWSKIOSK_EVDEV_FAKE=%s: %s", fake, strerror(errno));
        return;
    }
    DIR *dir = opendir("/dev/input");
    struct dirent *de;
    while (dir && (de = readdir(dir)) != NULL) {
        char path[64];
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        snprintf(path, sizeof path, "/dev/input/%.40s", de->d_name);
        add_device(p, path);
    }
    if (dir)
        closedir(dir);
    p->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (p->inotify >= 0 &&
        inotify_add_watch(p->inotify, "/dev/input", IN_CREATE | IN_ATTRIB) < 0) {
        close(p->inotify);
        p->inotify = -1;
    }
}

void
plat_fb_input_close(FbPlat *p)
{
    for (int i = 0; i < p->ndev; i++)
        if (p->dev[i].fd >= 0)
            close(p->dev[i].fd);
    p->ndev = 0;
    if (p->inotify >= 0)
        close(p->inotify);
    p->inotify = -1;
}

static void
drop_device(FbPlat *p, int i)
{
    log_info("input %s gone", p->dev[i].path);
    close(p->dev[i].fd);
    p->dev[i] = p->dev[--p->ndev];
}

/* One evdev event: a key, or touch state (evtouch.c) that a SYN_REPORT
 * turns into a DOWN, MOVE or UP in logical pixels. */
static void
handle(FbPlat *p, FbDev *d, const struct input_event *e)
{
    if (e->type == EV_KEY && e->code != BTN_TOUCH && e->code != BTN_LEFT) {
        int k = e->value != 0 ? map_key(e->code) : 0;  /* pressed or repeated */
        if (k)
            push(p, PLAT_EV_KEY, 0, 0, k);
        return;
    }
    int kind = evtouch_event(&d->touch, e);
    if (kind) {
        TouchPanel tp = {p->sdl.pw, p->sdl.ph, p->sdl.swap_xy, p->sdl.mirror_x,
                         p->sdl.mirror_y};
        int x, y;
        touch_to_logical(&tp, p->sdl.rotate, d->touch.fx, d->touch.fy, &x, &y);
        push(p, kind, x, y, 0);
    }
}

/* Read what device i has. Returns 0, or -1 when it is gone (dropped). */
static int
read_device(FbPlat *p, int i)
{
    FbDev *d = &p->dev[i];
    unsigned char buf[64 * sizeof(struct input_event)];

    for (;;) {
        memcpy(buf, d->part, d->npart);
        ssize_t n = read(d->fd, buf + d->npart, sizeof buf - d->npart);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n <= 0) {
            if (d->fake) {  /* a FIFO's writer went, or the file ended */
                struct stat st;
                close(d->fd);
                d->fd = -1;
                if (stat(d->path, &st) == 0 && S_ISFIFO(st.st_mode))
                    open_fake_source(d);
                return 0;
            }
            drop_device(p, i);
            return -1;
        }
        size_t have = d->npart + (size_t)n, k = 0;
        for (; k + sizeof(struct input_event) <= have; k += sizeof(struct input_event)) {
            struct input_event e;
            memcpy(&e, buf + k, sizeof e);
            handle(p, d, &e);
        }
        d->npart = have - k;
        memcpy(d->part, buf + k, d->npart);
    }
}

/* New entries in /dev/input: try each event node (again on IN_ATTRIB, when
 * udev has set its group). */
static void
read_inotify(FbPlat *p)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;

    while ((n = read(p->inotify, buf, sizeof buf)) > 0)
        for (char *q = buf; q < buf + n;) {
            const struct inotify_event *ie = (const struct inotify_event *)(void *)q;
            if (ie->len && strncmp(ie->name, "event", 5) == 0) {
                char path[64];
                snprintf(path, sizeof path, "/dev/input/%.40s", ie->name);
                add_device(p, path);
            }
            q += sizeof *ie + ie->len;
        }
}

int
plat_fb_wait(Plat *pp, int timeout_ms, PlatEvent *ev)
{
    FbPlat *p = (FbPlat *)pp;
    uint64_t end = now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);

    for (;;) {
        if (got_quit) {
            got_quit = 0;
            memset(ev, 0, sizeof *ev);
            ev->kind = PLAT_EV_QUIT;
            return 1;
        }
        if (p->qn) {
            *ev = p->queue[p->qhead];
            p->qhead = (p->qhead + 1) % FB_QUEUE;
            p->qn--;
            p->last_input_ms = now_ms();
            return 1;
        }
        uint64_t now = now_ms();
        int left = now >= end ? 0 : (int)(end - now);
        struct pollfd fds[FB_MAX_DEVS + 1];
        int nfds = 0, regular = 0;
        for (int i = 0; i < p->ndev; i++) {
            fds[nfds].fd = p->dev[i].fd;   /* -1: ignored by poll */
            fds[nfds].events = POLLIN;
            fds[nfds++].revents = 0;
        }
        if (p->inotify >= 0) {
            fds[nfds].fd = p->inotify;
            fds[nfds].events = POLLIN;
            fds[nfds++].revents = 0;
        }
        int n = poll(fds, (nfds_t)nfds, left);
        if (n < 0 && errno != EINTR)
            return 0;
        if (n > 0) {
            /* downwards: dropping device i moves the last one, already read, to i */
            for (int i = p->ndev - 1; i >= 0; i--)
                if (fds[i].fd >= 0 && fds[i].revents) {
                    /* a FIFO with no writer hangs up at once: not an event */
                    if (p->dev[i].fake && !(fds[i].revents & POLLIN))
                        regular = 1;
                    read_device(p, i);
                }
            /* after the devices: new ones have no entry in fds yet */
            if (p->inotify >= 0 && fds[nfds - 1].revents)
                read_inotify(p);
        }
        if (regular && left > 0 && p->qn == 0)
            usleep(10000);  /* the fake source's hang-up, without spinning */
        if (left == 0 && p->qn == 0 && !got_quit)
            return 0;
    }
}
