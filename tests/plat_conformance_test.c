/* SPDX-License-Identifier: MIT
 * plat_conformance_test.c - what any backend behind plat.h must do, written
 * against plat.h alone: the picture's size at each rotation, text metrics
 * that layout can trust (longer and bigger is wider, a line is as tall as
 * its type, a mixed-script line measures as its runs, what is measured is
 * what is drawn), a presented DrawList read back from a screenshot (the
 * fill's colour where the fill is, glyphs where the text is, black
 * elsewhere, at every rotation), window pixels mapped to the picture one to
 * one, and the key names scripts use.
 *
 * Every backend is in the binary (Makefile PLATS); main() runs the whole
 * list once per backend and format: SDL (SDL_VIDEODRIVER=dummy keeps it
 * headless), and the framebuffer backend on a fake framebuffer (a plain
 * file, NEWSKIOSK_FB_FAKE) at 32 and at 16 bits, each with a line stride
 * wider than its pixels. Screenshots are read back with the small BMP reader
 * below, not with the backend's library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/ui.h"
#include "plat/plat.h"

static const int rotations[] = {0, 90, 180, 270};

/* The backend under test: its PlatOpts.video, and for "fb" the fake
 * framebuffer's bits per pixel and the bytes each line has beyond its
 * pixels. */
static const struct Backend {
    const char *video;
    int bpp, pad;
} backends[] = {
    {"x11", 0, 0},      /* SDL, under SDL_VIDEODRIVER=dummy */
    {"fb", 32, 12},
    {"fb", 16, 6},
};
static const struct Backend *backend = &backends[0];
static char fake_path[64];

static Plat *
open_plat(int w, int h, int rotate)
{
    PlatOpts o = {0};
    Err e;
    char spec[128];
    err_clear(&e);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (backend->bpp) {
        snprintf(spec, sizeof spec, "%s:%dx%d:%d:%d", fake_path, w, h, backend->bpp,
                 w * backend->bpp / 8 + backend->pad);
        setenv("NEWSKIOSK_FB_FAKE", spec, 1);
    }
    o.width = w;
    o.height = h;
    o.rotate = rotate;
    o.video = backend->video;
    Plat *p = plat_open(&o, &e);
    if (p == NULL)
        fail_msg("%s: plat_open %dx%d rotate %d: %s", backend->video, w, h, rotate, e.msg);
    const char *drv = plat_driver(p);
    if (backend->bpp && strncmp(drv, "fbdev", 5) != 0)
        fail_msg("video = fb: expected the fbdev driver, got \"%s\"", drv);
    if (!backend->bpp && strcmp(drv, "dummy") != 0)
        fail_msg("video = x11 under SDL_VIDEODRIVER=dummy: expected dummy, got \"%s\"", drv);
    return p;
}

/* --- a small BMP reader: 24 or 32 bits, bottom-up or top-down ------------- */

typedef struct Bmp {
    int w, h;
    uint32_t *px;   /* 0xAARRGGBB, row-major from the top-left; free() */
} Bmp;

static uint32_t
le32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void
bmp_read(const char *path, Bmp *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("%s: cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    if (n < 54 || b[0] != 'B' || b[1] != 'M')
        fail_msg("%s: not a BMP", path);
    uint32_t off = le32(b + 10);
    int w = (int)le32(b + 18), h = (int)le32(b + 22);
    int bpp = b[28] | b[29] << 8;
    uint32_t comp = le32(b + 30);
    int topdown = h < 0;
    if (topdown)
        h = -h;
    if ((bpp != 24 && bpp != 32) || (comp != 0 && comp != 3) || w <= 0 || h <= 0)
        fail_msg("%s: %dx%d, %d bits, compression %u: not read here", path, w, h, bpp,
                 (unsigned)comp);
    size_t stride = ((size_t)w * (size_t)(bpp / 8) + 3) & ~(size_t)3;
    if (off + stride * (size_t)h > (size_t)n)
        fail_msg("%s: truncated", path);
    out->w = w;
    out->h = h;
    out->px = malloc((size_t)w * (size_t)h * sizeof *out->px);
    assert_non_null(out->px);
    for (int y = 0; y < h; y++) {
        const unsigned char *row = b + off + stride * (size_t)(topdown ? y : h - 1 - y);
        for (int x = 0; x < w; x++) {
            const unsigned char *q = row + (size_t)x * (size_t)(bpp / 8);
            /* both SDL's 32-bit BMPs (masks 00FF0000 0000FF00 000000FF) and
             * 24-bit ones store blue, green, red */
            out->px[(size_t)y * (size_t)w + (size_t)x] =
                0xFF000000u | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
        }
    }
    free(b);
}

/* --- sizes ------------------------------------------------------------------ */

static void
picture_size_follows_the_window_and_rotation(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++) {
        int w, h, r = rotations[i];
        Plat *p = open_plat(800, 480, r);
        plat_size(p, &w, &h);
        int ew = r == 90 || r == 270 ? 480 : 800, eh = r == 90 || r == 270 ? 800 : 480;
        if (w != ew || h != eh)
            fail_msg("800x480 rotate %d: expected a %dx%d picture, got %dx%d", r, ew, eh, w, h);
        plat_close(p);
    }
    int w, h;
    Plat *p = open_plat(1024, 600, 0);
    plat_size(p, &w, &h);
    assert_int_equal(w, 1024);
    assert_int_equal(h, 600);
    plat_close(p);
}

/* --- text metrics ------------------------------------------------------------ */

static int
width(const Metrics *m, int font, const char *s)
{
    return m->text_width(m->ctx, font, s, strlen(s));
}

static void
text_is_wider_when_longer_or_bigger(void **state)
{
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    const Metrics *m = plat_metrics(p);
    assert_non_null(m);
    assert_int_equal(width(m, FONT_MAKE(24, 0), ""), 0);
    for (int px = 12; px <= 64; px += 4) {
        int f = FONT_MAKE(px, 0), fb = FONT_MAKE(px, 1);
        int a = width(m, f, "News"), b = width(m, f, "News today");
        if (!(a > 0 && b > a))
            fail_msg("%d px: expected 0 < \"News\" (%d) < \"News today\" (%d)", px, a, b);
        if (width(m, FONT_MAKE(px + 4, 0), "News today") <= b)
            fail_msg("%d px: \"News today\" is no wider at %d px", px, px + 4);
        if (width(m, fb, "News today") < b)
            fail_msg("%d px: bold is narrower than regular", px);
        int lh = m->line_height(m->ctx, f), lhb = m->line_height(m->ctx, fb);
        if (lh < px || lhb < px)
            fail_msg("%d px: expected line heights >= %d, got %d regular, %d bold", px, px, lh,
                     lhb);
    }
    plat_close(p);
}

static void
mixed_script_line_measures_as_its_runs(void **state)
{
    static const char *const runs[] = {"Kiosk ", "Новости ", "Ειδήσεις ", "뉴스 ", "חדשות"};
    char line[128];
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    const Metrics *m = plat_metrics(p);
    for (int px = 16; px <= 48; px += 16) {
        int f = FONT_MAKE(px, 0), sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
            int w = width(m, f, runs[i]);
            if (w <= 0)
                fail_msg("%d px: \"%s\" measures %d", px, runs[i], w);
            sum += w;
            n += (size_t)snprintf(line + n, sizeof line - n, "%s", runs[i]);
        }
        int whole = width(m, f, line);
        if (abs(whole - sum) > 2)
            fail_msg("%d px: \"%s\": expected the sum of its runs %d (within 2 px), got %d", px,
                     line, sum, whole);
    }
    plat_close(p);
}

static void
text_is_drawn_as_wide_as_it_measures(void **state)
{
    static const char *const lines[] = {
        "The kiosk shows the news", "Новости дня", "뉴스 오늘", "مرحبا بالعالم", "Kiosk 뉴스 חדשות",
    };
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    const Metrics *m = plat_metrics(p);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        for (int bold = 0; bold <= 1; bold++) {
            DrawOp op = {0};
            int w = 0, h = 0, f = FONT_MAKE(28, bold);
            op.kind = DRAW_TEXT;
            op.font = f;
            op.color = 0xFFFFFFFF;
            op.text = lines[i];
            op.len = strlen(lines[i]);
            op.rtl = (unsigned char)lines[i][0] >= 0xD6;  /* Arabic, Hebrew */
            assert_int_equal(plat_text_size(p, &op, &w, &h), K_OK);
            int measured = width(m, f, lines[i]);
            if (w != measured)
                fail_msg("\"%s\"%s: measured %d px, drawn %d px", lines[i], bold ? " bold" : "",
                         measured, w);
            if (h < 28)
                fail_msg("\"%s\": drawn %d px high at 28 px", lines[i], h);
        }
    plat_close(p);
}

/* --- present and screenshot ----------------------------------------------- */

#define FILL_COLOR 0xFF2060C0u

static int
inside(int x, int y, Rect r, int grow)
{
    return x >= r.x - grow && x < r.x + r.w + grow && y >= r.y - grow && y < r.y + r.h + grow;
}

/* Present a fill and a line of text at rotation r, then read the
 * screenshot back through plat_window_to_logical: each window pixel must
 * show what the picture has at the logical pixel it maps to. */
static void
check_present(int r)
{
    char path[64];
    DrawList dl = {0};
    Err e;
    int lw, lh, tw, th;
    Plat *p = open_plat(800, 480, r);
    const Metrics *m = plat_metrics(p);
    const char *word = "Kiosk";

    err_clear(&e);
    plat_size(p, &lw, &lh);
    drawlist_reset(&dl, lw, lh);
    Rect fill = {20, 30, 200, 100};
    DrawOp *op = drawlist_push(&dl, DRAW_FILL);
    assert_non_null(op);
    op->rect = fill;
    op->color = FILL_COLOR;
    op = drawlist_push(&dl, DRAW_TEXT);
    assert_non_null(op);
    op->font = FONT_MAKE(48, 1);
    op->color = 0xFFFFFFFF;
    op->text = word;
    op->len = strlen(word);
    op->rect = (Rect){60, 220, width(m, op->font, word), m->line_height(m->ctx, op->font)};
    assert_int_equal(plat_text_size(p, op, &tw, &th), K_OK);
    Rect text = {op->rect.x, op->rect.y, tw, th};
    assert_int_equal(plat_present(p, &dl), K_OK);

    snprintf(path, sizeof path, "/tmp/nk-conf-%ld-%d.bmp", (long)getpid(), r);
    if (plat_screenshot(p, path, &e) != K_OK)
        fail_msg("rotate %d: screenshot: %s", r, e.msg);
    Bmp b;
    bmp_read(path, &b);
    unlink(path);
    if (b.w != 800 || b.h != 480)
        fail_msg("rotate %d: expected an 800x480 screenshot (the window), got %dx%d", r, b.w,
                 b.h);
    long fill_ok = 0, fill_n = 0, glyph = 0, stray = 0;
    for (int wy = 0; wy < b.h; wy++)
        for (int wx = 0; wx < b.w; wx++) {
            int x, y;
            uint32_t c = b.px[(size_t)wy * (size_t)b.w + (size_t)wx];
            plat_window_to_logical(p, wx, wy, &x, &y);
            if (inside(x, y, fill, -1)) {
                fill_n++;
                fill_ok += c == FILL_COLOR;
            } else if (inside(x, y, text, 0)) {
                glyph += ((c >> 16) & 0xFF) > 160 && ((c >> 8) & 0xFF) > 160 && (c & 0xFF) > 160;
            } else if (!inside(x, y, fill, 1) && !inside(x, y, text, 8) && c != 0xFF000000u) {
                if (stray++ == 0)
                    print_message("rotate %d: window (%d,%d) = logical (%d,%d) is %08x\n", r, wx,
                                  wy, x, y, (unsigned)c);
            }
        }
    if (fill_ok != fill_n)
        fail_msg("rotate %d: %ld of %ld fill pixels are not %08x", r, fill_n - fill_ok, fill_n,
                 (unsigned)FILL_COLOR);
    if (glyph < (long)tw * th / 10)
        fail_msg("rotate %d: only %ld bright pixels in the %dx%d text box", r, glyph, tw, th);
    if (stray)
        fail_msg("rotate %d: %ld pixels outside what was drawn are not black", r, stray);

    /* and as PNG, by name */
    snprintf(path, sizeof path, "/tmp/nk-conf-%ld-%d.png", (long)getpid(), r);
    assert_int_equal(plat_screenshot(p, path, &e), K_OK);
    FILE *f = fopen(path, "rb");
    unsigned char sig[4] = {0};
    assert_non_null(f);
    assert_int_equal(fread(sig, 1, 4, f), 4);
    fclose(f);
    unlink(path);
    assert_memory_equal(sig, "\x89PNG", 4);

    free(b.px);
    drawlist_free(&dl);
    plat_close(p);
}

static void
presented_fill_and_text_show_in_the_screenshot(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++)
        check_present(rotations[i]);
}

/* --- input mapping ------------------------------------------------------------ */

static void
window_pixels_map_to_the_picture_at_each_rotation(void **state)
{
    /* the window's corners (top-left, top-right, bottom-left, bottom-right)
     * and the picture pixel each shows */
    static const int corners[4][4][2] = {
        {{0, 0}, {799, 0}, {0, 479}, {799, 479}},
        {{0, 799}, {0, 0}, {479, 799}, {479, 0}},
        {{799, 479}, {0, 479}, {799, 0}, {0, 0}},
        {{479, 0}, {479, 799}, {0, 0}, {0, 799}},
    };
    static const int wc[4][2] = {{0, 0}, {799, 0}, {0, 479}, {799, 479}};
    static unsigned char seen[800 * 480];
    (void)state;
    for (int i = 0; i < 4; i++) {
        int r = rotations[i], lw, lh, x, y;
        Plat *p = open_plat(800, 480, r);
        plat_size(p, &lw, &lh);
        for (int k = 0; k < 4; k++) {
            plat_window_to_logical(p, wc[k][0], wc[k][1], &x, &y);
            if (x != corners[i][k][0] || y != corners[i][k][1])
                fail_msg("rotate %d: window (%d,%d): expected (%d,%d), got (%d,%d)", r, wc[k][0],
                         wc[k][1], corners[i][k][0], corners[i][k][1], x, y);
        }
        memset(seen, 0, sizeof seen);
        for (int wy = 0; wy < 480; wy++)
            for (int wx = 0; wx < 800; wx++) {
                plat_window_to_logical(p, wx, wy, &x, &y);
                if (x < 0 || y < 0 || x >= lw || y >= lh)
                    fail_msg("rotate %d: window (%d,%d) -> (%d,%d), outside %dx%d", r, wx, wy, x,
                             y, lw, lh);
                if (seen[(size_t)y * (size_t)lw + (size_t)x]++)
                    fail_msg("rotate %d: two window pixels show (%d,%d)", r, x, y);
            }
        plat_close(p);
    }
}

/* --- keys -------------------------------------------------------------------------- */

static void
script_key_names_map_to_ui_keys(void **state)
{
    static const struct { const char *name; int key; } keys[] = {
        {"Return", UI_KEY_ENTER},     {"Space", UI_KEY_ENTER},       {"Escape", UI_KEY_ESCAPE},
        {"BackSpace", UI_KEY_BACK},   {"Backspace", UI_KEY_BACK},    {"Left", UI_KEY_LEFT},
        {"Right", UI_KEY_RIGHT},      {"Up", UI_KEY_UP},             {"Down", UI_KEY_DOWN},
        {"PageUp", UI_KEY_PAGEUP},    {"PageDown", UI_KEY_PAGEDOWN}, {"Home", UI_KEY_HOME},
        {"End", UI_KEY_END},          {"F1", UI_KEY_DIAG},           {"Tab", UI_KEY_LIST},
        {"NoSuchKey", 0},             {"", 0},
    };
    (void)state;
    Plat *p = open_plat(320, 200, 0);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int k = plat_key_from_name(keys[i].name);
        if (k != keys[i].key)
            fail_msg("key \"%s\": expected %d, got %d", keys[i].name, keys[i].key, k);
    }
    plat_close(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picture_size_follows_the_window_and_rotation),
        cmocka_unit_test(text_is_wider_when_longer_or_bigger),
        cmocka_unit_test(mixed_script_line_measures_as_its_runs),
        cmocka_unit_test(text_is_drawn_as_wide_as_it_measures),
        cmocka_unit_test(presented_fill_and_text_show_in_the_screenshot),
        cmocka_unit_test(window_pixels_map_to_the_picture_at_each_rotation),
        cmocka_unit_test(script_key_names_map_to_ui_keys),
    };
    char name[64];
    int failed = 0;

    snprintf(fake_path, sizeof fake_path, "/tmp/nk-conf-fb-%ld", (long)getpid());
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        backend = &backends[i];
        if (backend->bpp)
            snprintf(name, sizeof name, "plat fb %d bpp", backend->bpp);
        else
            snprintf(name, sizeof name, "plat sdl");
        failed += cmocka_run_group_tests_name(name, tests, NULL, NULL);
    }
    unlink(fake_path);
    return failed;
}
