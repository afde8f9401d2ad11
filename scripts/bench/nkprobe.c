/* SPDX-License-Identifier: MIT
 *
 * nkprobe.c - measure a graphical program from the outside, the same way for
 * newskiosk and for a Chromium kiosk (make bench, scripts/bench.sh).
 *
 *   nkprobe [-s STABLE_MS] [-t TIMEOUT_MS] [-w WINDOW_S] [-d SETTLE_MS]
 *           [-p SHOT.ppm | -f FILE] -- CMD [ARG]...
 *
 * Start reading main(). It takes the X screen ($DISPLAY, e.g. an Xvfb) as it
 * is, starts CMD in a session of its own (setsid, so every process it spawns,
 * however deep, can be found by its session id), and polls the root window
 * with XGetImage until the picture has changed from the background and then
 * stayed the same for STABLE_MS. That last change is "the first complete
 * screen": no cooperation from the program is needed, so both programs are
 * timed identically, including the time to map a window and present.
 *
 * With -f FILE it polls that file's bytes instead of an X screen, the same
 * way (no X display is opened): a framebuffer backend drawing on a fake
 * /dev/fb (NEWSKIOSK_FB_FAKE), whose file should exist before CMD starts
 * (its first content is the background).
 *
 * Then, with -w, it stops polling the screen (so as not to disturb) and for
 * WINDOW_S seconds samples every process in the session: PSS (summed from
 * /proc/PID/smaps_rollup; its maximum over the window is reported), RSS,
 * and CPU over the window as a percentage of one core: from a cgroup of the
 * program's own, in nanoseconds, where one can be made (see cg_setup()),
 * else utime+stime+cutime+cstime ticks from /proc/PID/stat. Peak RSS is the
 * sum of each process's VmHWM at the end. Finally the session gets SIGTERM, then SIGKILL.
 *
 * Output: one line of key=value pairs on stdout:
 *   first_ms=  done_ms=  procs=  pss_kib=  rss_kib=  hwm_kib=  cpu_pct=  gl=  cpu_src=
 * (gl: how many of its processes have an OpenGL stack mapped once the first
 * screen is up; the memory and CPU keys are -1/0 without -w.)
 * Exit status: 0 measured; 1 the screen never settled or the program died;
 * 2 usage.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 256

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
sleep_ms(double ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The root window's pixels as one buffer. Returns its length, 0 on failure;
 * *buf is (re)allocated by the caller's pointer and freed by the caller. */
static size_t
grab(Display *dpy, Window root, int w, int h, unsigned char **buf, size_t *cap)
{
    XImage *im = XGetImage(dpy, root, 0, 0, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
    size_t n;

    if (im == NULL)
        return 0;
    n = (size_t)im->bytes_per_line * (size_t)im->height;
    if (n > *cap) {
        unsigned char *t = realloc(*buf, n);
        if (t == NULL) {
            XDestroyImage(im);
            return 0;
        }
        *buf = t;
        *cap = n;
    }
    memcpy(*buf, im->data, n);
    XDestroyImage(im);
    return n;
}

/* FILE's bytes as one buffer, as grab() does for the screen. Returns the
 * length (0 when it cannot be read or is empty). */
static size_t
grab_file(const char *path, unsigned char **buf, size_t *cap)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;

    if (f == NULL)
        return 0;
    for (;;) {
        if (n == *cap) {
            size_t nc = *cap ? *cap * 2 : 1 << 20;
            unsigned char *t = realloc(*buf, nc);
            if (t == NULL)
                break;
            *buf = t;
            *cap = nc;
        }
        size_t got = fread(*buf + n, 1, *cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    return n;
}

static void
write_ppm(Display *dpy, Window root, int w, int h, const char *path)
{
    XImage *im = XGetImage(dpy, root, 0, 0, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
    FILE *f;

    if (im == NULL)
        return;
    f = fopen(path, "wb");
    if (f) {
        fprintf(f, "P6\n%d %d\n255\n", w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                unsigned long px = XGetPixel(im, x, y);
                unsigned char rgb[3] = {(unsigned char)((px >> 16) & 255),
                                        (unsigned char)((px >> 8) & 255),
                                        (unsigned char)(px & 255)};
                fwrite(rgb, 1, 3, f);
            }
        fclose(f);
    }
    XDestroyImage(im);
}

typedef struct Proc {
    int pid;
    long long ticks;    /* utime+stime+cutime+cstime */
} Proc;

/* Every live process whose session is sid. Returns the count. */
static int
session_procs(int sid, Proc *out, int max)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    int n = 0;

    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL && n < max) {
        char path[64], buf[1024];
        int pid = atoi(de->d_name);
        FILE *f;
        size_t len;

        if (pid <= 0)
            continue;
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        f = fopen(path, "r");
        if (f == NULL)
            continue;
        len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        /* the command name may hold spaces and parentheses: fields start
         * after the last ')' */
        char *p = strrchr(buf, ')');
        if (p == NULL)
            continue;
        char state;
        int ppid, pgrp, session;
        unsigned long long ut, st;
        long long cut, cst;
        if (sscanf(p + 2,
                   "%c %d %d %d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld",
                   &state, &ppid, &pgrp, &session, &ut, &st, &cut, &cst) != 8)
            continue;
        if (session != sid || state == 'Z')
            continue;
        out[n].pid = pid;
        out[n].ticks = (long long)(ut + st) + cut + cst;
        n++;
    }
    closedir(d);
    return n;
}

/* The value in kB of the line starting with key in a /proc file, or 0. */
static long
proc_kb(int pid, const char *file, const char *key)
{
    char path[64], line[256];
    size_t kl = strlen(key);
    long v = 0;
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    f = fopen(path, "r");
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0) {
            v = strtol(line + kl, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

static long long
session_ticks(int sid)
{
    Proc pr[MAX_PROCS];
    int n = session_procs(sid, pr, MAX_PROCS);
    long long t = 0;

    for (int i = 0; i < n; i++)
        t += pr[i].ticks;
    return t;
}

/* How many processes of the session have an OpenGL stack mapped (libGL,
 * libEGL or a Mesa *_dri.so driver): SDL's renderer choice seen from outside. */
static int
session_gl(int sid)
{
    Proc pr[MAX_PROCS];
    int n = session_procs(sid, pr, MAX_PROCS), gl = 0;

    for (int i = 0; i < n; i++) {
        char path[64], line[512];
        FILE *f;
        snprintf(path, sizeof path, "/proc/%d/maps", pr[i].pid);
        f = fopen(path, "r");
        if (f == NULL)
            continue;
        while (fgets(line, sizeof line, f))
            if (strstr(line, "/libGL.so") || strstr(line, "/libEGL.so") || strstr(line, "_dri.so")) {
                gl++;
                break;
            }
        fclose(f);
    }
    return gl;
}

/* CPU time with nanosecond resolution: the program runs in a cgroup of its
 * own, whose counter also keeps the time of processes and threads that have
 * already exited. cgroup v2 (cpu.stat usage_usec; at /sys/fs/cgroup or, on a
 * hybrid system, /sys/fs/cgroup/unified) or v1 cpuacct. Without one (not
 * root, no cgroupfs) the tick counts of /proc/PID/stat are used instead. */
static char cg_dir[256];
static int cg_v;            /* 0 none, 1 v1 cpuacct, 2 v2 */

static int
cg_write(const char *file, const char *text)
{
    char path[320];
    FILE *f;
    int ok;

    snprintf(path, sizeof path, "%s/%s", cg_dir, file);
    f = fopen(path, "w");
    if (f == NULL)
        return 0;
    ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

/* Nanoseconds of CPU used in the cgroup so far, or -1. */
static long long
cg_usage_ns(void)
{
    char path[320], line[128];
    long long v = -1;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", cg_dir, cg_v == 2 ? "cpu.stat" : "cpuacct.usage");
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f)) {
        if (cg_v == 1) {
            v = strtoll(line, NULL, 10);
            break;
        }
        if (strncmp(line, "usage_usec ", 11) == 0) {
            v = strtoll(line + 11, NULL, 10) * 1000;
            break;
        }
    }
    fclose(f);
    return v;
}

static void
cg_setup(void)
{
    static const struct { const char *base, *probe; int v; } c[] = {
        {"/sys/fs/cgroup", "cgroup.controllers", 2},
        {"/sys/fs/cgroup/unified", "cgroup.controllers", 2},
        {"/sys/fs/cgroup/cpuacct", "cpuacct.usage", 1},
    };

    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char probe[320];
        snprintf(probe, sizeof probe, "%s/%s", c[i].base, c[i].probe);
        if (access(probe, R_OK) != 0)
            continue;
        snprintf(cg_dir, sizeof cg_dir, "%s/nkprobe.%d", c[i].base, (int)getpid());
        if (mkdir(cg_dir, 0755) != 0)
            continue;
        cg_v = c[i].v;
        if (cg_usage_ns() >= 0)
            return;
        rmdir(cg_dir);
        cg_v = 0;
    }
    cg_dir[0] = '\0';
}

static void
cg_remove(void)
{
    /* empty once the last process of the program has been reaped */
    for (int i = 0; cg_v && i < 100; i++) {
        if (rmdir(cg_dir) == 0 || errno == ENOENT)
            return;
        sleep_ms(20);
    }
}

static void
usage(void)
{
    fprintf(stderr, "usage: nkprobe [-s STABLE_MS] [-t TIMEOUT_MS] [-w WINDOW_S] "
                    "[-d SETTLE_MS] [-p SHOT.ppm | -f FILE] -- CMD [ARG]...\n");
    exit(2);
}

int
main(int argc, char **argv)
{
    double stable_ms = 1500, timeout_ms = 20000, window_s = 0, settle_ms = 1000;
    const char *shot = NULL, *file = NULL;
    int opt, rc = 1, status, w = 0, h = 0, procs = 0, gl;
    Display *dpy = NULL;
    Window root = 0;
    unsigned char *bg = NULL, *cur = NULL, *prev = NULL;
    size_t bgcap = 0, curcap = 0, prevcap = 0, bglen, prevlen = 0;
    double t0, first = -1, last = -1, t;
    long pss_max = 0, rss_max = 0, hwm = 0;
    double cpu = -1;
    const char *cpu_src = "ticks";
    pid_t pid, sid = 0;

    while ((opt = getopt(argc, argv, "s:t:w:d:p:f:")) != -1) {
        switch (opt) {
        case 's': stable_ms = atof(optarg); break;
        case 't': timeout_ms = atof(optarg); break;
        case 'w': window_s = atof(optarg); break;
        case 'd': settle_ms = atof(optarg); break;
        case 'p': shot = optarg; break;
        case 'f': file = optarg; break;
        default: usage();
        }
    }
    if (optind >= argc || (file && shot))
        usage();

    if (file) {
        bglen = grab_file(file, &bg, &bgcap);
        if (bglen == 0) {
            fprintf(stderr, "nkprobe: cannot read %s (it must exist before the program starts)\n",
                    file);
            return 1;
        }
    } else {
        dpy = XOpenDisplay(NULL);
        if (dpy == NULL) {
            fprintf(stderr, "nkprobe: cannot open display '%s'\n",
                    getenv("DISPLAY") ? getenv("DISPLAY") : "");
            return 1;
        }
        root = DefaultRootWindow(dpy);
        w = DisplayWidth(dpy, DefaultScreen(dpy));
        h = DisplayHeight(dpy, DefaultScreen(dpy));
        bglen = grab(dpy, root, w, h, &bg, &bgcap);
        if (bglen == 0) {
            fprintf(stderr, "nkprobe: cannot read the screen\n");
            return 1;
        }
    }

    cg_setup();
    t0 = now_ms();
    pid = fork();
    if (pid < 0) {
        perror("nkprobe: fork");
        cg_remove();
        return 1;
    }
    if (pid == 0) {
        setsid();
        if (cg_v && !cg_write("cgroup.procs", "0"))
            _exit(126);
        execvp(argv[optind], argv + optind);
        fprintf(stderr, "nkprobe: cannot run %s: %s\n", argv[optind], strerror(errno));
        _exit(127);
    }
    sid = pid;

    /* poll the screen: first change from the background, then the last
     * change before it stays still for stable_ms */
    for (;;) {
        size_t n = file ? grab_file(file, &cur, &curcap) : grab(dpy, root, w, h, &cur, &curcap);
        t = now_ms() - t0;
        if (n == 0)
            break;
        if (first < 0) {
            if (n != bglen || memcmp(cur, bg, n) != 0)
                first = last = t;
        } else if (n != prevlen || memcmp(cur, prev, n) != 0) {
            last = t;
        }
        if (first >= 0) {
            unsigned char *sw = prev;
            size_t swc = prevcap;
            prev = cur;
            prevcap = curcap;
            prevlen = n;
            cur = sw;
            curcap = swc;
        }
        if (first >= 0 && t - last >= stable_ms)
            break;
        if (t > timeout_ms) {
            fprintf(stderr, "nkprobe: the screen did not settle in %.0f ms\n", timeout_ms);
            goto out;
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "nkprobe: %s exited (status %d) before its first screen settled\n",
                    argv[optind], status);
            pid = 0;
            goto out;
        }
        sleep_ms(2);
    }
    if (shot)
        write_ppm(dpy, root, w, h, shot);
    gl = session_gl(sid);

    if (window_s > 0) {
        Proc pr[MAX_PROCS];
        double tend;
        long long tk0, tk1, ns0 = -1, ns1 = -1;
        long hz = sysconf(_SC_CLK_TCK);

        sleep_ms(settle_ms);
        t = now_ms();
        tk0 = session_ticks(sid);
        if (cg_v)
            ns0 = cg_usage_ns();
        tend = t + window_s * 1000;
        while (now_ms() < tend) {
            int np = session_procs(sid, pr, MAX_PROCS);
            long pss = 0, rss = 0;
            for (int i = 0; i < np; i++) {
                pss += proc_kb(pr[i].pid, "smaps_rollup", "Pss:");
                rss += proc_kb(pr[i].pid, "status", "VmRSS:");
            }
            if (pss > pss_max)
                pss_max = pss;
            if (rss > rss_max)
                rss_max = rss;
            if (np > procs)
                procs = np;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                fprintf(stderr, "nkprobe: %s exited while measured\n", argv[optind]);
                pid = 0;
                goto out;
            }
            sleep_ms(250);
        }
        tk1 = session_ticks(sid);
        if (cg_v)
            ns1 = cg_usage_ns();
        if (ns0 >= 0 && ns1 >= ns0) {
            cpu = 100.0 * (double)(ns1 - ns0) / 1e9 / ((now_ms() - t) / 1000.0);
            cpu_src = "cgroup";
        } else {
            cpu = 100.0 * (double)(tk1 - tk0) / (double)hz / ((now_ms() - t) / 1000.0);
        }
        int np = session_procs(sid, pr, MAX_PROCS);
        for (int i = 0; i < np; i++)
            hwm += proc_kb(pr[i].pid, "status", "VmHWM:");
    }
    printf("first_ms=%.1f done_ms=%.1f procs=%d pss_kib=%ld rss_kib=%ld hwm_kib=%ld cpu_pct=%.3f "
           "gl=%d cpu_src=%s\n", first, last, procs, pss_max, rss_max, hwm, cpu, gl, cpu_src);
    rc = 0;
out:
    if (sid > 0) {
        Proc pr[MAX_PROCS];
        kill(-sid, SIGTERM);
        for (int i = 0; i < 100 && pid > 0; i++) {
            if (waitpid(pid, &status, WNOHANG) == pid)
                pid = 0;
            else
                sleep_ms(20);
        }
        /* whatever is left of the session (renderers, helpers, or a leader
         * that ignored SIGTERM), including those in another process group */
        kill(-sid, SIGKILL);
        int np = session_procs(sid, pr, MAX_PROCS);
        for (int i = 0; i < np; i++)
            kill(pr[i].pid, SIGKILL);
        if (pid > 0)
            waitpid(pid, &status, 0);
    }
    cg_remove();
    free(bg);
    free(cur);
    free(prev);
    if (dpy)
        XCloseDisplay(dpy);
    return rc;
}
