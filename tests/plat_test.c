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

#include <dirent.h>

#include "core/article.h"
#include "core/ui.h"
#include "plat/plat.h"
#include "text/unitext.h"

#define CORPUS "tests/langs/newskiosk/articles"

/* Parse corpus article 'name' into *a. */
static void
load_corpus(const char *name, Article *a)
{
    char path[512];
    static char buf[1 << 16];
    Err e;
    snprintf(path, sizeof path, "%s/%s", CORPUS, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    err_clear(&e);
    if (article_parse(buf, n, name, NULL, a, &e) != K_OK)
        fail_msg("%s: %s", path, e.msg);
}

/* The corpus's file names, sorted; NULL-terminated, free with free(). */
static char **
corpus_names(void)
{
    DIR *d = opendir(CORPUS);
    char **v = calloc(64, sizeof *v);
    size_t n = 0;
    struct dirent *de;
    assert_non_null(d);
    while ((de = readdir(d)) && n < 63)
        if (strstr(de->d_name, ".txt"))
            v[n++] = strdup(de->d_name);
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    assert_true(n >= 20);
    return v;
}

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

/* The bytes of a screenshot of p, in buf; returns the size. */
static size_t
shot_bytes(Plat *p, const char *path, unsigned char *buf, size_t size)
{
    Err e;
    assert_int_equal(plat_screenshot(p, path, &e), K_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    unlink(path);
    return n;
}

/* A line over one opaque fill is set on that colour once and copied, not
 * blended at every frame (a slide draws each card a dozen times): the
 * pixels are the blended ones exactly, at each rotation (the backend
 * draws into another format then). A second texture appears for the same
 * line when something translucent lies under it (so the first was not the
 * blended one). */
static void
text_on_an_opaque_fill_draws_the_blended_pixels(void **state)
{
    static unsigned char a[1 << 20], b[1 << 20];
    char path[64];
    (void)state;
    snprintf(path, sizeof path, "/tmp/nk-plat-bg-%ld.bmp", (long)getpid());
    for (int rot = 0; rot <= 90; rot += 90) {
        Plat *p = open_plat(320, 200, rot);
        const char *line = "Новости, 뉴스 and news";
        DrawOp ops[4] = {
            {DRAW_FILL, {0, 0, 320, 200}, 0xFF203040, 0, NULL, 0, 0, 0},
            {DRAW_FILL, {0, 0, 0, 0}, 0x00000000, 0, NULL, 0, 0, 0},
            {DRAW_TEXT, {10, 20, 0, 0}, 0xFFF0E0A0, FONT_MAKE(24, 1), line, strlen(line), 0, 0},
            {DRAW_TEXT, {10, 90, 0, 0}, 0xFFC0C0C0, FONT_MAKE(16, 0), line, strlen(line), 0, 0},
        };
        DrawList dl = {ops, 4, 4, 200, 200};
        dl.width = rot ? 200 : 320;
        dl.height = rot ? 320 : 200;
        ops[0].rect = (Rect){0, 0, dl.width, dl.height};
        assert_int_equal(plat_present(p, &dl), K_OK);
        size_t na = shot_bytes(p, path, a, sizeof a);
        size_t once = plat_cache_bytes(p);
        /* a clear fill over both lines: nothing painted, but now the lines
         * are blended over what is there */
        ops[1].rect = (Rect){0, 0, dl.width, dl.height};
        assert_int_equal(plat_present(p, &dl), K_OK);
        size_t nb = shot_bytes(p, path, b, sizeof b);
        assert_true(plat_cache_bytes(p) > once);
        assert_int_equal(na, nb);
        if (memcmp(a, b, na) != 0)
            fail_msg("rotate %d: a line set on its background differs from the blended one", rot);
        plat_close(p);
    }
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

static void
fonts_cover_every_script_of_the_corpus(void **state)
{
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    char **names = corpus_names();
    for (size_t i = 0; names[i]; i++) {
        Article a;
        load_corpus(names[i], &a);
        const char *parts[] = {a.title, a.summary, a.body, a.source, a.category};
        for (size_t k = 0; k < 5; k++) {
            int n = plat_missing_glyphs(p, parts[k], strlen(parts[k]));
            if (n != 0)
                fail_msg("%s: expected a font for every character, %d have none in \"%.60s\"",
                         names[i], n, parts[k]);
        }
        article_free(&a);
        free(names[i]);
    }
    free(names);
    plat_close(p);
}

static void
scripts_without_a_font_are_named(void **state)
{
    uint32_t v[8];
    int n = 0;
    char name[48];
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    /* Arabic, Thai and Devanagari have fonts (make deps); Kawi, new in
     * Unicode 15, has none in Debian 12 */
    const char *ok = "خبر ข่าว समाचार news";
    n = plat_unfonted_scripts(p, ok, strlen(ok), v, n, 8);
    assert_int_equal(n, 0);
    const char *kawi = "news \xf0\x91\xbc\x84\xf0\x91\xbc\x92 \xf0\x91\xbc\x84";
    n = plat_unfonted_scripts(p, kawi, strlen(kawi), v, n, 8);
    assert_int_equal(n, 1);
    assert_string_equal(unitext_script_name(v[0], name, sizeof name), "Kawi");
    /* the same script again is not listed twice */
    n = plat_unfonted_scripts(p, kawi, strlen(kawi), v, n, 8);
    assert_int_equal(n, 1);
    plat_close(p);
}

static void
emoji_are_drawn_at_the_size_of_their_text(void **state)
{
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    const Metrics *m = plat_metrics(p);
    int f = FONT_MAKE(24, 0);
    const char *plain = "Good news today", *emoji = "Good news \xf0\x9f\x91\x8d today";
    DrawOp a = {DRAW_TEXT, {0, 0, 0, 0}, 0xFFFFFFFF, f, plain, strlen(plain), 0, 0};
    DrawOp b = {DRAW_TEXT, {0, 0, 0, 0}, 0xFFFFFFFF, f, emoji, strlen(emoji), 0, 0};
    int wa, ha, wb, hb;
    assert_int_equal(plat_text_size(p, &a, &wa, &ha), K_OK);
    assert_int_equal(plat_text_size(p, &b, &wb, &hb), K_OK);
    /* a colour emoji font's one bitmap size (136 px) would tower over the
     * line: an outline face draws it at 24 px */
    if (hb > ha * 3 / 2 || wb > wa + 3 * 24)
        fail_msg("expected an emoji about the size of 24 px text (%dx%d), got %dx%d", wa, ha,
                 wb, hb);
    assert_int_equal(m->text_width(m->ctx, f, emoji, strlen(emoji)), wb);
    plat_close(p);
}

/* Wrap one paragraph and draw each line: the picture of every line must
 * fit the column (unless the line is one grapheme cluster), and be as wide
 * as layout measured it. Returns the number of lines. */
static int
check_paragraph(Plat *p, const char *name, const char *size, int font, const char *text,
                size_t n, int col, int max_lines, int rtl)
{
    const Metrics *m = plat_metrics(p);
    LayoutLines ll = {0};
    int k = layout_wrap(m, font, text, n, col, max_lines, &ll);
    if (k < 0)
        fail_msg("%s: layout_wrap failed", name);
    for (int j = 0; j < k; j++) {
        const LayoutLine *ln = &ll.v[j];
        DrawOp op = {DRAW_TEXT, {0, 0, ln->width_px, 0}, 0xFFFFFFFF, font, text + ln->off,
                     ln->len, ln->ellipsis, rtl};
        int w = 0, h = 0;
        if (ln->len == 0 && !ln->ellipsis)
            continue;
        if (plat_text_size(p, &op, &w, &h) != K_OK)
            fail_msg("%s: a line could not be drawn", name);
        unsigned char cl[64];
        int one_cluster = ln->len < sizeof cl - 1 &&
                          unitext_clusters(text + ln->off, ln->len, cl) == K_OK &&
                          memchr(cl + 1, 1, ln->len - 1) == NULL;
        if (w > col && !one_cluster)
            fail_msg("%s at %s, %d px: a line drawn %d px wide in a %d px column: \"%.*s\"", name,
                     size, FONT_PX(font), w, col, (int)ln->len, text + ln->off);
        if (w != ln->width_px)
            fail_msg("%s at %s: measured %d px, drawn %d px: \"%.*s\"", name, size,
                     ln->width_px, w, (int)ln->len, text + ln->off);
    }
    layout_lines_free(&ll);
    return k;
}

static void
corpus_lines_never_pass_the_column(void **state)
{
    static const int sizes[][2] = {{480, 320}, {800, 480}, {1920, 1080}, {320, 480},
                                   {480, 800}, {1080, 1920}};
    (void)state;
    Plat *p = open_plat(800, 480, 0);
    char **names = corpus_names();
    int lines = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        int W = sizes[z][0], H = sizes[z][1];
        char size[32];
        LayoutScale sc;
        snprintf(size, sizeof size, "%dx%d", W, H);
        layout_scale(W, H, 0, &sc);
        int col = W - 2 * sc.margin - 2 * sc.unit;
        if (col > sc.body_px * 34)
            col = sc.body_px * 34;
        for (size_t i = 0; names[i]; i++) {
            Article a;
            load_corpus(names[i], &a);
            int rtl = unitext_lang_rtl(a.lang);
            int hf = FONT_MAKE(sc.headline_px, 1), tf = FONT_MAKE(sc.title_px, 1);
            int bf = FONT_MAKE(sc.body_px, 0);
            lines += check_paragraph(p, names[i], size, hf, a.title, strlen(a.title), col, 2, rtl);
            lines += check_paragraph(p, names[i], size, tf, a.title, strlen(a.title), col, 0, rtl);
            lines += check_paragraph(p, names[i], size, bf, a.summary, strlen(a.summary), col, 0,
                                     rtl);
            for (const char *q = a.body; *q;) {
                const char *e = strstr(q, "\n\n");
                size_t n = e ? (size_t)(e - q) : strlen(q);
                lines += check_paragraph(p, names[i], size, bf, q, n, col, 0, rtl);
                q += n;
                while (*q == '\n')
                    q++;
            }
            article_free(&a);
        }
    }
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    print_message("%d lines of %s in six sizes, each inside its column\n", lines, CORPUS);
    assert_true(lines > 1000);
    plat_close(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fonts_cover_latin_cyrillic_greek_and_hangul),
        cmocka_unit_test(mixed_lines_measure_as_their_runs),
        cmocka_unit_test(fonts_cover_every_script_of_the_corpus),
        cmocka_unit_test(scripts_without_a_font_are_named),
        cmocka_unit_test(emoji_are_drawn_at_the_size_of_their_text),
        cmocka_unit_test(corpus_lines_never_pass_the_column),
        cmocka_unit_test(text_textures_are_cached_and_bounded),
        cmocka_unit_test(screenshots_are_written_as_bmp_and_png),
        cmocka_unit_test(text_on_an_opaque_fill_draws_the_blended_pixels),
        cmocka_unit_test(rotation_turns_the_logical_picture_and_touch),
        cmocka_unit_test(script_key_names_map_to_ui_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
