/* SPDX-License-Identifier: MIT
 *
 * fbtool.c - helpers for the framebuffer backend's end-to-end test
 * (tests/e2e/fb_test.sh):
 *
 *   fbtool tap FILE X Y W H        append a tap at window pixel (X, Y) of a
 *                                  W x H screen to FILE (a file or FIFO of
 *                                  struct input_event, NEWSKIOSK_EVDEV_FAKE's
 *                                  0..4095 axes)
 *   fbtool tobmp FB W H BPP STRIDE OUT.bmp
 *                                  a fake framebuffer's pixels (16: RGB565,
 *                                  24/32: BGR(X) in memory) as a BMP, each
 *                                  channel widened from its top bits
 *
 *   fbtool matches FB W H BPP STRIDE PICTURE.bmp
 *                                  every device pixel is PICTURE's, cut to the
 *                                  device's bits (RGB565: 5, 6, 5): exit 1
 *                                  (with a count) when not
 *
 * Exit 0 on success, 2 on bad usage or an unreadable file.
 */
#include <SDL.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
tap(const char *path, int x, int y, int w, int h)
{
    struct input_event ev[8];
    int n = 0, rx = x * 4095 / (w - 1), ry = y * 4095 / (h - 1);
#define EV(t, c, v)                                                           \
    do {                                                                      \
        memset(&ev[n], 0, sizeof ev[n]);                                      \
        ev[n].type = (t), ev[n].code = (c), ev[n++].value = (v);              \
    } while (0)
    EV(EV_ABS, ABS_X, rx);
    EV(EV_ABS, ABS_Y, ry);
    EV(EV_KEY, BTN_TOUCH, 1);
    EV(EV_SYN, SYN_REPORT, 0);
    EV(EV_KEY, BTN_TOUCH, 0);
    EV(EV_SYN, SYN_REPORT, 0);
#undef EV
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd < 0 || write(fd, ev, sizeof ev[0] * (size_t)n) != (ssize_t)(sizeof ev[0] * (size_t)n)) {
        perror(path);
        return 2;
    }
    close(fd);
    return 0;
}

/* The fake framebuffer FB as a new ARGB8888 surface, or NULL. */
static SDL_Surface *
load_fb(const char *fb, int w, int h, int bpp, int stride)
{
    FILE *f = fopen(fb, "rb");
    size_t len = (size_t)stride * (size_t)h;
    unsigned char *b = malloc(len);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);

    if (f == NULL || b == NULL || s == NULL || fread(b, 1, len, f) != len) {
        fprintf(stderr, "fbtool: %s: cannot read %zu bytes\n", fb, len);
        exit(2);
    }
    fclose(f);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const unsigned char *q = b + (size_t)y * (size_t)stride + (size_t)x * (size_t)(bpp / 8);
            Uint32 c;
            if (bpp == 16) {
                unsigned v = q[0] | q[1] << 8;
                c = ((v >> 11) & 0x1F) << 19 | ((v >> 5) & 0x3F) << 10 | (v & 0x1F) << 3;
            } else {
                c = (Uint32)q[2] << 16 | (Uint32)q[1] << 8 | q[0];
            }
            ((Uint32 *)(void *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x] =
                0xFF000000u | c;
        }
    free(b);
    return s;
}

static int
tobmp(const char *fb, int w, int h, int bpp, int stride, const char *out)
{
    SDL_Surface *s = load_fb(fb, w, h, bpp, stride);
    int rc = SDL_SaveBMP(s, out) == 0 ? 0 : 2;
    SDL_FreeSurface(s);
    return rc;
}

static int
matches(const char *fb, int w, int h, int bpp, int stride, const char *pic)
{
    SDL_Surface *s = load_fb(fb, w, h, bpp, stride), *l = SDL_LoadBMP(pic), *p;
    Uint32 mask = bpp == 16 ? 0xF8FCF8u : 0xFFFFFFu;
    long bad = 0;

    if (l == NULL || (p = SDL_ConvertSurfaceFormat(l, SDL_PIXELFORMAT_ARGB8888, 0)) == NULL ||
        p->w != w || p->h != h) {
        fprintf(stderr, "fbtool: %s: not a %dx%d BMP\n", pic, w, h);
        return 2;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            Uint32 a = ((Uint32 *)(void *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
            Uint32 b = ((Uint32 *)(void *)((Uint8 *)p->pixels + (size_t)y * (size_t)p->pitch))[x];
            if ((a & 0xFFFFFFu) != (b & mask) && bad++ == 0)
                fprintf(stderr, "fbtool: (%d,%d): device %06x, picture %06x\n", x, y,
                        (unsigned)(a & 0xFFFFFFu), (unsigned)(b & mask));
        }
    if (bad)
        fprintf(stderr, "fbtool: %ld of %d pixels differ\n", bad, w * h);
    SDL_FreeSurface(s);
    SDL_FreeSurface(l);
    SDL_FreeSurface(p);
    return bad ? 1 : 0;
}

int
main(int argc, char **argv)
{
    if (argc == 7 && strcmp(argv[1], "tap") == 0)
        return tap(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]));
    if (argc == 8 && strcmp(argv[1], "tobmp") == 0)
        return tobmp(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]),
                     argv[7]);
    if (argc == 8 && strcmp(argv[1], "matches") == 0)
        return matches(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]),
                       argv[7]);
    fprintf(stderr, "usage: fbtool tap FILE X Y W H | tobmp|matches FB W H BPP STRIDE BMP\n");
    return 2;
}
