/* SPDX-License-Identifier: MIT
 * plat_test.c - the SDL backend under the dummy video driver: the font
 * fallback chain covers the kiosk's scripts, text is measured and cached,
 * screenshots are written, rotation maps touch, key names map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/ui.h"
#include "plat/plat.h"

static Plat *
open_plat(int w, int h, int rotate)
{
    PlatOpts o = {0};
    Err e;
    err_clear(&e);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    o.width = w;
    o.height = h;
    o.rotate = rotate;
    Plat *p = plat_open(&o, &e);
    if (p == NULL)
        fail_msg("plat_open: %s", e.msg);
    return p;
}

static void
fonts_cover_latin_cyrillic_greek_and_hangul(void **state)
{
    static const char *const lines[] = {
        "Town library opens a reading room: café, naïve, “quotes” — dash … €",
        "Новостной киоск работает без интернета",
        "Як додати нові статті до кіоску: ґ, є, ї",
        "Ένα περίπτερο ειδήσεων χωρίς διαδίκτυο",
        "인터넷 없이 작동하는 뉴스 키오스크",
        "One screen, many scripts: Latin, Кирилиця, Ελληνικά and 한국어",
    };
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        int n = plat_missing_glyphs(p, lines[i], strlen(lines[i]));
        if (n != 0)
            fail_msg("expected every glyph of \"%s\", %d missing", lines[i], n);
    }
    /* a private-use character is in no font: counted, not a crash */
    assert_int_equal(plat_missing_glyphs(p, "a\xee\x80\x80" "b", 5), 1);
    plat_close(p);
}

static void
mixed_lines_measure_as_their_runs(void **state)
{
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    const Metrics *m = plat_metrics(p);
    int f = FONT_MAKE(24, 0);
    int latin = m->text_width(m->ctx, f, "news ", 5);
    int hangul = m->text_width(m->ctx, f, "뉴스", 6);
    int both = m->text_width(m->ctx, f, "news 뉴스", 11);
    assert_true(latin > 0 && hangul > 0);
    if (abs(both - (latin + hangul)) > 2)
        fail_msg("expected %d + %d, got %d", latin, hangul, both);
    /* Hangul has real advance widths (a missing-glyph box is narrower) */
    assert_true(hangul >= 24);
    assert_true(m->text_width(m->ctx, FONT_MAKE(48, 0), "news", 4) > latin);
    assert_true(m->text_width(m->ctx, FONT_MAKE(24, 1), "news", 4) >=
                m->text_width(m->ctx, f, "news", 4));
    assert_true(m->line_height(m->ctx, f) >= 24);
    plat_close(p);
}

static void
text_textures_are_cached_and_bounded(void **state)
{
    char buf[64];
    DrawOp op = {0};
    DrawList dl = {0};
    (void)state;
    Plat *p = open_plat(480, 320, 0);
    dl.ops = &op;
    dl.n = dl.cap = 1;
    op.kind = DRAW_TEXT;
    op.font = FONT_MAKE(20, 0);
    op.color = 0xFFFFFFFF;
    op.text = "Новости и 뉴스";
    op.len = strlen(op.text);
    assert_int_equal(plat_present(p, &dl), K_OK);
    size_t once = plat_cache_bytes(p);
    assert_true(once > 0);
    assert_int_equal(plat_present(p, &dl), K_OK);
    assert_int_equal(plat_cache_bytes(p), once);  /* drawn again from the cache */
    op.text = buf;
    for (int i = 0; i < 3000; i++) {
        op.len = (size_t)snprintf(buf, sizeof buf, "line number %d of many lines", i);
        plat_present(p, &dl);
    }
    /* the budget is a screenful of pixels, at least 1 MiB */
    assert_true(plat_cache_bytes(p) <= (size_t)(1u << 20));
    plat_close(p);
}

static void
screenshots_are_written_as_bmp_and_png(void **state)
{
    char dir[64], bmp[96], png[96];
    DrawOp op = {0};
    DrawList dl = {&op, 1, 1, 320, 200};
    Err e;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/nk-plat-%ld", (long)getpid());
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(bmp, sizeof bmp, "%s/a.bmp", dir);
    snprintf(png, sizeof png, "%s/a.png", dir);
    Plat *p = open_plat(320, 200, 0);
    op.kind = DRAW_FILL;
    op.rect = (Rect){0, 0, 320, 200};
    op.color = 0xFF336699;
    plat_present(p, &dl);
    assert_int_equal(plat_screenshot(p, bmp, &e), K_OK);
    assert_int_equal(plat_screenshot(p, png, &e), K_OK);
    FILE *f = fopen(bmp, "rb");
    unsigned char hdr[8] = {0};
    assert_non_null(f);
    assert_int_equal(fread(hdr, 1, 2, f), 2);
    fclose(f);
    assert_memory_equal(hdr, "BM", 2);
    f = fopen(png, "rb");
    assert_non_null(f);
    assert_int_equal(fread(hdr, 1, 8, f), 8);
    fclose(f);
    assert_memory_equal(hdr, "\x89PNG", 4);
    assert_int_not_equal(plat_screenshot(p, "/nonexistent/dir/x.bmp", &e), K_OK);
    plat_close(p);
    unlink(bmp);
    unlink(png);
    rmdir(dir);
}

static void
rotation_turns_the_logical_picture_and_touch(void **state)
{
    int x, y, w, h;
    (void)state;
    Plat *p = open_plat(800, 480, 90);
    plat_size(p, &w, &h);
    assert_int_equal(w, 480);
    assert_int_equal(h, 800);
    /* the window's top-right corner is the portrait picture's top-left */
    plat_window_to_logical(p, 799, 0, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
    plat_window_to_logical(p, 0, 479, &x, &y);
    assert_int_equal(x, 479);
    assert_int_equal(y, 799);
    plat_close(p);
    p = open_plat(800, 480, 270);
    plat_window_to_logical(p, 0, 479, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
    plat_close(p);
    p = open_plat(800, 480, 180);
    plat_size(p, &w, &h);
    assert_int_equal(w, 800);
    plat_window_to_logical(p, 799, 479, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
    plat_close(p);
}

static void
script_key_names_map_to_ui_keys(void **state)
{
    (void)state;
    Plat *p = open_plat(320, 200, 0);
    assert_int_equal(plat_key_from_name("Return"), UI_KEY_ENTER);
    assert_int_equal(plat_key_from_name("Escape"), UI_KEY_ESCAPE);
    assert_int_equal(plat_key_from_name("BackSpace"), UI_KEY_BACK);
    assert_int_equal(plat_key_from_name("Backspace"), UI_KEY_BACK);
    assert_int_equal(plat_key_from_name("Left"), UI_KEY_LEFT);
    assert_int_equal(plat_key_from_name("Right"), UI_KEY_RIGHT);
    assert_int_equal(plat_key_from_name("Up"), UI_KEY_UP);
    assert_int_equal(plat_key_from_name("Down"), UI_KEY_DOWN);
    assert_int_equal(plat_key_from_name("F1"), UI_KEY_DIAG);
    assert_int_equal(plat_key_from_name("NoSuchKey"), 0);
    plat_close(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fonts_cover_latin_cyrillic_greek_and_hangul),
        cmocka_unit_test(mixed_lines_measure_as_their_runs),
        cmocka_unit_test(text_textures_are_cached_and_bounded),
        cmocka_unit_test(screenshots_are_written_as_bmp_and_png),
        cmocka_unit_test(rotation_turns_the_logical_picture_and_touch),
        cmocka_unit_test(script_key_names_map_to_ui_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
