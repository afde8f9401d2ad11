/* SPDX-License-Identifier: MIT
 *
 * plat_sdl_input.c - the SDL backend's input and panel (plat.h): SDL events
 * to PlatEvents in logical pixels (the maths is touch.h's), key names, the
 * signals that stop the kiosk, an absolute pointer's range on KMS/DRM, and
 * the panel's power (sysfs backlight, DRM DPMS). Start at plat_wait().
 */
#include "plat_sdl.h"

#include <SDL_syswm.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/input.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "../core/touch.h"
#include "../core/input.h"
#include "../log.h"
#include "backlight.h"

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
    (void)sig;
    got_signal = 1;
}

void
plat_sdl_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* a kiosk on a console outlives its terminal: a hang-up (tty1 reset,
     * a serial line dropped) must not take the screen down */
    signal(SIGHUP, SIG_IGN);
}

void
plat_sdl_window_to_logical(const Plat *pp, int wx, int wy, int *x, int *y)
{
    const SdlPlat *p = (const SdlPlat *)pp;
    touch_window_to_logical(p->rotate, p->pw, p->ph, wx, wy, x, y);
}

static int
map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: return INPUT_KEY_ENTER;
    case SDLK_BACKSPACE: case SDLK_AC_BACK: return INPUT_KEY_BACK;
    case SDLK_ESCAPE: return INPUT_KEY_ESCAPE;
    case SDLK_LEFT: return INPUT_KEY_LEFT;
    case SDLK_RIGHT: return INPUT_KEY_RIGHT;
    case SDLK_UP: return INPUT_KEY_UP;
    case SDLK_DOWN: return INPUT_KEY_DOWN;
    case SDLK_PAGEUP: return INPUT_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return INPUT_KEY_PAGEDOWN;
    case SDLK_HOME: return INPUT_KEY_HOME;
    case SDLK_END: return INPUT_KEY_END;
    case SDLK_F1: return INPUT_KEY_DIAG;
    case SDLK_TAB: case SDLK_l: return INPUT_KEY_LIST;
    }
    return 0;
}

int
plat_sdl_key_from_name(const char *name)
{
    return map_key(SDL_GetKeyFromName(name));
}

/* A finger position (0..1 of the panel) -> logical pixels, applying the
 * panel's quirks first and then the rotation. */
static void
finger_to_logical(const SdlPlat *p, float fx, float fy, int *x, int *y)
{
    TouchPanel tp = {p->pw, p->ph, p->swap_xy, p->mirror_x, p->mirror_y};

    touch_to_logical(&tp, p->rotate, fx, fy, x, y);
}

/* A mouse position -> logical pixels. An absolute pointer's raw axes are
 * scaled by its range and then mapped like a finger (quirks, rotation). */
static void
mouse_to_logical(const SdlPlat *p, int mx, int my, int *x, int *y)
{
    plat_sdl_window_to_logical(&p->base, mx, my, x, y);
}

#define BITS_LONG (8 * sizeof(long))
#define HAS_BIT(a, b) (((a)[(b) / BITS_LONG] >> ((b) % BITS_LONG)) & 1)

/* On KMS/DRM: is there a touch frame that presents itself as an absolute
 * mouse (ABS_X/ABS_Y, no multitouch)? Then its device is read directly
 * (evtouch.c, the same reader plat_fb uses), scaled by its own range. */
void
plat_sdl_probe_abs_pointer(SdlPlat *p)
{
    DIR *d = opendir("/dev/input");
    struct dirent *de;
    int found = 0, rel = 0;

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        char path[300];
        unsigned long absb[ABS_MAX / BITS_LONG + 1] = {0}, relb[REL_MAX / BITS_LONG + 1] = {0};
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (ioctl(fd, EVIOCGBIT(EV_REL, sizeof relb), relb) >= 0 && HAS_BIT(relb, REL_X))
            rel = 1;
        if (!found && ioctl(fd, EVIOCGBIT(EV_ABS, sizeof absb), absb) >= 0 &&
            HAS_BIT(absb, ABS_X) && HAS_BIT(absb, ABS_Y) && !HAS_BIT(absb, ABS_MT_POSITION_X) &&
            evtouch_probe(fd, &p->abs_touch) && p->abs_touch.ax.max > p->abs_touch.ax.min &&
            p->abs_touch.ay.max > p->abs_touch.ay.min) {
            found = 1;
            p->abs_fd = fd;   /* kept: read in plat_wait */
            continue;
        }
        close(fd);
    }
    closedir(d);
    /* NOTE: SDL 2.26 passes such a device's raw axes on as window pixels and
     * clamps them to the window, so nothing after it can scale them: its
     * events are read here from the device itself, and SDL's mouse events
     * are ignored while it is there (a mouse beside it for maintenance
     * does nothing; keys work as ever) */
    p->abs_pointer = found;
    if (found)
        log_info("absolute pointer %d..%d x %d..%d: read from the device%s",
                 p->abs_touch.ax.min, p->abs_touch.ax.max, p->abs_touch.ay.min,
                 p->abs_touch.ay.max,
                 rel ? " (a relative mouse is there too, ignored)" : "");
}

/* Read the absolute pointer's events (evtouch.c); a press, a move or a
 * release at a report becomes ev. Returns 1 when ev was filled. */
static int
read_abs_pointer(SdlPlat *p, PlatEvent *ev)
{
    struct input_event ie;

    while (p->abs_fd >= 0 && read(p->abs_fd, &ie, sizeof ie) == (ssize_t)sizeof ie) {
        int kind = evtouch_event(&p->abs_touch, &ie);
        if (kind) {
            memset(ev, 0, sizeof *ev);
            ev->kind = kind;
            finger_to_logical(p, (float)p->abs_touch.fx, (float)p->abs_touch.fy, &ev->x, &ev->y);
            return 1;
        }
    }
    return 0;
}

/* The DPMS property of every connected connector of SDL's DRM device. */
static int
drm_dpms(SdlPlat *p, int on)
{
    SDL_SysWMinfo info;
    int n = 0;

    SDL_VERSION(&info.version);
    if (!p->kms || !SDL_GetWindowWMInfo(p->win, &info) || info.subsystem != SDL_SYSWM_KMSDRM)
        return 0;
    int fd = info.info.kmsdrm.drm_fd;
    drmModeRes *res = drmModeGetResources(fd);
    for (int i = 0; res && i < res->count_connectors; i++) {
        drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);
        if (c && c->connection == DRM_MODE_CONNECTED) {
            for (int k = 0; k < c->count_props; k++) {
                drmModePropertyRes *pr = drmModeGetProperty(fd, c->props[k]);
                if (pr && strcmp(pr->name, "DPMS") == 0 &&
                    drmModeConnectorSetProperty(fd, c->connector_id, pr->prop_id,
                                                on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF) == 0)
                    n++;
                drmModeFreeProperty(pr);
            }
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    return n;
}

int
plat_sdl_panel_power(Plat *pp, int on)
{
    SdlPlat *p = (SdlPlat *)pp;
    if (p->panel_off == !on)
        return 0;
    int n = backlight_power(on) + drm_dpms(p, on);
    p->panel_off = !on;
    log_info("panel %s (%d control%s)", on ? "on" : "off", n, n == 1 ? "" : "s");
    return n;
}

/* Translate one SDL event. Returns 1 when ev was filled. */
static int
translate(SdlPlat *p, const SDL_Event *e, PlatEvent *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT:
        if (p->fullscreen)
            return 0;  /* nothing a reader does exits the kiosk */
        ev->kind = PLAT_EV_QUIT;
        return 1;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_RESTORED) {
            ev->kind = PLAT_EV_EXPOSE;
            return 1;
        }
        if (e->window.event == SDL_WINDOWEVENT_CLOSE && !p->fullscreen) {
            ev->kind = PLAT_EV_QUIT;
            return 1;
        }
        return 0;
    case SDL_KEYDOWN:
        ev->kind = PLAT_EV_KEY;
        ev->key = map_key(e->key.keysym.sym);
        return ev->key != 0;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT ||
            p->abs_pointer)
            return 0;   /* an absolute pointer is read from its device */
        p->mouse_down = e->type == SDL_MOUSEBUTTONDOWN;
        ev->kind = p->mouse_down ? PLAT_EV_DOWN : PLAT_EV_UP;
        mouse_to_logical(p, e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !p->mouse_down || p->abs_pointer)
            return 0;
        ev->kind = PLAT_EV_MOVE;
        mouse_to_logical(p, e->motion.x, e->motion.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERDOWN:
        if (p->finger_down)
            return 0;  /* one finger at a time: the others are resting hands */
        p->finger_down = 1;
        p->finger = e->tfinger.fingerId;
        ev->kind = PLAT_EV_DOWN;
        finger_to_logical(p, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        if (!p->finger_down || e->tfinger.fingerId != p->finger)
            return 0;
        if (e->type == SDL_FINGERUP)
            p->finger_down = 0;
        ev->kind = e->type == SDL_FINGERUP ? PLAT_EV_UP : PLAT_EV_MOVE;
        finger_to_logical(p, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    }
    return 0;
}

int
plat_sdl_wait(Plat *pp, int timeout_ms, PlatEvent *ev)
{
    SdlPlat *p = (SdlPlat *)pp;
    SDL_Event e;
    Uint64 end = SDL_GetTicks64() + (Uint64)(timeout_ms > 0 ? timeout_ms : 0);

    for (;;) {
        if (got_signal) {
            got_signal = 0;
            memset(ev, 0, sizeof *ev);
            ev->kind = PLAT_EV_QUIT;
            return 1;
        }
        if (read_abs_pointer(p, ev)) {
            p->last_input_ms = SDL_GetTicks64();
            return 1;
        }
        Uint64 now = SDL_GetTicks64();
        int left = now >= end ? 0 : (int)(end - now);
        int got;
        if (left == 0)
            got = SDL_PollEvent(&e);
        else if (p->can_block)
            got = SDL_WaitEventTimeout(&e, left);
        else if (!(got = SDL_PollEvent(&e))) {
            /* KMS/DRM and dummy cannot sleep until input: poll, briskly
             * while someone is touching, gently when nobody has for a while */
            Uint32 step = now - p->last_input_ms < 3000 ? 10 : 40;
            SDL_Delay((Uint32)left < step ? (Uint32)left : step);
        }
        if (got) {
            if (translate(p, &e, ev)) {
                p->last_input_ms = SDL_GetTicks64();
                return 1;
            }
            continue;
        }
        if (left == 0)
            return 0;
    }
}
