/* SPDX-License-Identifier: MIT
 *
 * imgcheck.c - pixel checks on screenshots for the end-to-end tests.
 *
 *   imgcheck size FILE W H             the picture is W x H
 *   imgcheck nonblank FILE [MIN]       at least MIN (default 16) distinct colours
 *   imgcheck differ A B [PERMILLE]     at least PERMILLE/1000 (default 10) of pixels differ
 *   imgcheck same A B                  every pixel equal
 *   imgcheck rotated A B DEG           A turned DEG (90, 180, 270) clockwise is B
 *   imgcheck edges FILE BAND [SIDES]   no bright (text) pixel within BAND px of an edge
 *                                      (SIDES: any of "tblr", default all): text stays
 *                                      inside the screen
 *   imgcheck bright FILE X Y W H MIN   at least MIN permille of the box is bright (text)
 *   imgcheck colors FILE X Y W H MIN   at least MIN distinct colours in the box (glyphs
 *                                      have anti-aliased edges; a box or nothing has few)
 *
 *   imgcheck xwd2bmp IN.xwd OUT.bmp    convert an `xwd -root` dump (24/32-bit TrueColor)
 *
 * Exit 0 when the check holds, 1 when not (with the numbers on stderr), 2 on
 * bad usage or an unreadable file. Reads BMP and PNG through SDL_image.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SDL_Surface *
load(const char *path)
{
    SDL_Surface *s = IMG_Load(path);
    SDL_Surface *c;

    if (s == NULL) {
        fprintf(stderr, "imgcheck: %s: %s\n", path, IMG_GetError());
        exit(2);
    }
    c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (c == NULL) {
        fprintf(stderr, "imgcheck: %s: %s\n", path, SDL_GetError());
        exit(2);
    }
    return c;
}

static Uint32
px(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] & 0xFFFFFFu;
}

/* Text is drawn light on a dark theme: luma above the darkest UI greys. */
static int
bright(Uint32 c)
{
    unsigned r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
    return (r * 299 + g * 587 + b * 114) / 1000 > 140;
}

static int
count_colors(const SDL_Surface *s, int x0, int y0, int w, int h, int stop)
{
    Uint32 seen[4096];
    int n = 0;

    for (int y = y0; y < y0 + h && y < s->h; y++)
        for (int x = x0; x < x0 + w && x < s->w; x++) {
            Uint32 c = px(s, x, y);
            int i;
            for (i = 0; i < n; i++)
                if (seen[i] == c)
                    break;
            if (i == n) {
                seen[n++] = c;
                if (n >= stop || n == 4096)
                    return n;
            }
        }
    return n;
}

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
mask_shift(uint32_t m)
{
    int s = 0;
    while (m && !(m & 1)) {
        m >>= 1;
        s++;
    }
    return s;
}

/* An X window dump (ZPixmap, 32 bits a pixel) to BMP. */
static int
xwd2bmp(const char *in, const char *out)
{
    FILE *f = fopen(in, "rb");
    unsigned char h[100];
    int rc = 2;

    if (f == NULL || fread(h, 1, sizeof h, f) != sizeof h) {
        fprintf(stderr, "imgcheck: %s: cannot read an XWD header\n", in);
        goto out;
    }
    uint32_t hsize = be32(h), format = be32(h + 8), w = be32(h + 16), hh = be32(h + 20);
    uint32_t order = be32(h + 28), bpp = be32(h + 44), bpl = be32(h + 48);
    uint32_t rm = be32(h + 56), gm = be32(h + 60), bm = be32(h + 64), ncolors = be32(h + 76);
    if (format != 2 || bpp != 32 || w == 0 || hh == 0 || w > 16384 || hh > 16384 ||
        bpl < w * 4) {
        fprintf(stderr, "imgcheck: %s: only 32-bit ZPixmap dumps are read\n", in);
        goto out;
    }
    if (fseek(f, (long)hsize + (long)ncolors * 12, SEEK_SET) != 0)
        goto out;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, (int)w, (int)hh, 32, SDL_PIXELFORMAT_ARGB8888);
    unsigned char *line = malloc(bpl);
    if (s == NULL || line == NULL)
        goto out;
    int rs = mask_shift(rm), gs = mask_shift(gm), bs = mask_shift(bm);
    for (uint32_t y = 0; y < hh; y++) {
        if (fread(line, 1, bpl, f) != bpl) {
            fprintf(stderr, "imgcheck: %s: short image data\n", in);
            goto out;
        }
        for (uint32_t x = 0; x < w; x++) {
            const unsigned char *q = line + x * 4;
            uint32_t v = order ? be32(q)
                               : (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
            uint32_t r = (v & rm) >> rs, g = (v & gm) >> gs, b = (v & bm) >> bs;
            ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] = 0xFF000000u | r << 16 | g << 8 | b;
        }
    }
    free(line);
    rc = SDL_SaveBMP(s, out) == 0 ? 0 : 2;
    SDL_FreeSurface(s);
out:
    if (f)
        fclose(f);
    return rc;
}

static int
usage(void)
{
    fprintf(stderr, "usage: imgcheck size|nonblank|differ|same|edges|bright|colors ...\n");
    return 2;
}

int
main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    const char *cmd = argv[1];
    if (strcmp(cmd, "xwd2bmp") == 0)
        return argc == 4 ? xwd2bmp(argv[2], argv[3]) : usage();
    SDL_Surface *a = load(argv[2]);
    int rc = 1;

    if (strcmp(cmd, "size") == 0 && argc == 5) {
        int w = atoi(argv[3]), h = atoi(argv[4]);
        rc = a->w == w && a->h == h ? 0 : 1;
        if (rc)
            fprintf(stderr, "imgcheck: %s: expected %dx%d, got %dx%d\n", argv[2], w, h, a->w, a->h);
    } else if (strcmp(cmd, "nonblank") == 0 && argc >= 3) {
        int min = argc > 3 ? atoi(argv[3]) : 16;
        int n = count_colors(a, 0, 0, a->w, a->h, min);
        rc = n >= min ? 0 : 1;
        if (rc)
            fprintf(stderr, "imgcheck: %s: expected at least %d colours, got %d\n", argv[2], min, n);
    } else if ((strcmp(cmd, "differ") == 0 || strcmp(cmd, "same") == 0) && argc >= 4) {
        SDL_Surface *b = load(argv[3]);
        long diff = 0, total = (long)a->w * a->h;
        int permille = argc > 4 ? atoi(argv[4]) : 10;
        if (a->w != b->w || a->h != b->h) {
            diff = total;
        } else {
            for (int y = 0; y < a->h; y++)
                for (int x = 0; x < a->w; x++)
                    diff += px(a, x, y) != px(b, x, y);
        }
        if (strcmp(cmd, "same") == 0) {
            rc = diff == 0 ? 0 : 1;
            if (rc)
                fprintf(stderr, "imgcheck: %s and %s: expected the same, %ld pixels differ\n",
                        argv[2], argv[3], diff);
        } else {
            rc = diff * 1000 >= (long)permille * total ? 0 : 1;
            if (rc)
                fprintf(stderr, "imgcheck: %s and %s: expected %d permille to differ, got %ld\n",
                        argv[2], argv[3], permille, total ? diff * 1000 / total : 0);
        }
        SDL_FreeSurface(b);
    } else if (strcmp(cmd, "rotated") == 0 && argc == 5) {
        SDL_Surface *b = load(argv[3]);
        int deg = atoi(argv[4]);
        long diff = 0;
        int sw = deg == 180 ? a->w : a->h, sh = deg == 180 ? a->h : a->w;
        if (b->w != sw || b->h != sh || (deg != 90 && deg != 180 && deg != 270)) {
            fprintf(stderr, "imgcheck: %s turned %d is %dx%d, %s is %dx%d\n", argv[2], deg, sw,
                    sh, argv[3], b->w, b->h);
        } else {
            for (int y = 0; y < a->h; y++)
                for (int x = 0; x < a->w; x++) {
                    int bx = deg == 90 ? a->h - 1 - y : deg == 180 ? a->w - 1 - x : y;
                    int by = deg == 90 ? x : deg == 180 ? a->h - 1 - y : a->w - 1 - x;
                    diff += px(a, x, y) != px(b, bx, by);
                }
            rc = diff == 0 ? 0 : 1;
            if (rc)
                fprintf(stderr, "imgcheck: %s turned %d and %s: %ld pixels differ\n", argv[2],
                        deg, argv[3], diff);
        }
        SDL_FreeSurface(b);
    } else if (strcmp(cmd, "edges") == 0 && (argc == 4 || argc == 5)) {
        int band = atoi(argv[3]), bad = 0, bx = -1, by = -1;
        const char *sides = argc == 5 ? argv[4] : "tblr";
        int t = strchr(sides, 't') != NULL, b = strchr(sides, 'b') != NULL;
        int l = strchr(sides, 'l') != NULL, r = strchr(sides, 'r') != NULL;
        for (int y = 0; y < a->h; y++)
            for (int x = 0; x < a->w; x++) {
                if (!(l && x < band) && !(r && x >= a->w - band) && !(t && y < band) &&
                    !(b && y >= a->h - band))
                    continue;
                if (bright(px(a, x, y))) {
                    if (!bad)
                        bx = x, by = y;
                    bad++;
                }
            }
        rc = bad == 0 ? 0 : 1;
        if (rc)
            fprintf(stderr, "imgcheck: %s: %d bright pixels within %d px of the edge (first at %d,%d)\n",
                    argv[2], bad, band, bx, by);
    } else if ((strcmp(cmd, "bright") == 0 || strcmp(cmd, "colors") == 0) && argc == 8) {
        int x0 = atoi(argv[3]), y0 = atoi(argv[4]), w = atoi(argv[5]), h = atoi(argv[6]);
        int min = atoi(argv[7]);
        if (strcmp(cmd, "colors") == 0) {
            int n = count_colors(a, x0, y0, w, h, min);
            rc = n >= min ? 0 : 1;
            if (rc)
                fprintf(stderr, "imgcheck: %s: expected %d colours in the box, got %d\n", argv[2],
                        min, n);
        } else {
            long n = 0, total = 0;
            for (int y = y0; y < y0 + h && y < a->h; y++)
                for (int x = x0; x < x0 + w && x < a->w; x++, total++)
                    n += bright(px(a, x, y));
            rc = total && n * 1000 >= (long)min * total ? 0 : 1;
            if (rc)
                fprintf(stderr, "imgcheck: %s: expected %d permille bright in the box, got %ld\n",
                        argv[2], min, total ? n * 1000 / total : 0);
        }
    } else {
        rc = usage();
    }
    SDL_FreeSurface(a);
    return rc;
}
