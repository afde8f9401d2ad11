/* SPDX-License-Identifier: MIT
 * layout_test.c - word wrap and type sizes (app/core/layout.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/layout.h"
#include "fake_metrics.h"

#define F10 FONT_MAKE(10, 0) /* 5 px a narrow character, 10 a wide one */

static LayoutLines
wrap(const char *s, int width, int max_lines)
{
    LayoutLines ll = {0};
    int n = layout_wrap(&fake_metrics, F10, s, strlen(s), width, max_lines, &ll);
    assert_int_equal(n, (int)ll.n);
    return ll;
}

static void
line_is(const char *src, const LayoutLine *ln, const char *want)
{
    char got[512];
    snprintf(got, sizeof got, "%.*s", (int)ln->len, src + ln->off);
    if (strcmp(got, want) != 0)
        fail_msg("expected line \"%s\", got \"%s\"", want, got);
}

static void
wrap_breaks_at_spaces_and_fits(void **state)
{
    const char *s = "the quick brown fox jumps over the lazy dog";
    (void)state;
    LayoutLines ll = wrap(s, 100, 0); /* 20 narrow characters a line */
    assert_int_equal(ll.n, 3);
    line_is(s, &ll.v[0], "the quick brown fox");
    line_is(s, &ll.v[1], "jumps over the lazy");
    line_is(s, &ll.v[2], "dog");
    for (size_t i = 0; i < ll.n; i++) {
        assert_true(ll.v[i].width_px <= 100);
        assert_int_equal(ll.v[i].width_px, fake_width(NULL, F10, s + ll.v[i].off, ll.v[i].len));
        assert_int_equal(ll.v[i].ellipsis, 0);
    }
    layout_lines_free(&ll);
}

static void
wrap_keeps_every_word_in_order(void **state)
{
    const char *s = "  Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
                    "tempor incididunt ut labore et dolore magna aliqua.  ";
    char joined[512] = "", want[512] = "";
    (void)state;
    for (int width = 30; width <= 300; width += 7) {
        LayoutLines ll = wrap(s, width, 0);
        joined[0] = '\0';
        for (size_t i = 0; i < ll.n; i++) {
            assert_true(ll.v[i].len > 0);
            assert_true(s[ll.v[i].off] != ' ' && s[ll.v[i].off + ll.v[i].len - 1] != ' ');
            strncat(joined, s + ll.v[i].off, ll.v[i].len);
            strcat(joined, " ");
            if (ll.v[i].width_px > width)  /* only a single over-long word may overflow */
                fail_msg("width %d: line %zu is %d px", width, i, ll.v[i].width_px);
        }
        snprintf(want, sizeof want, "%s", s + 2);
        want[strlen(want) - 1] = '\0'; /* one trailing space, as joined has */
        if (strcmp(joined, want) != 0 && width > 60)
            fail_msg("width %d: expected \"%s\", got \"%s\"", width, want, joined);
        layout_lines_free(&ll);
    }
}

static void
wrap_breaks_cjk_between_characters(void **state)
{
    const char *s = "新闻亭不需要互联网也能工作";  /* 13 ideographs, 10 px each */
    (void)state;
    LayoutLines ll = wrap(s, 50, 0);
    assert_int_equal(ll.n, 3);
    line_is(s, &ll.v[0], "新闻亭不需");
    line_is(s, &ll.v[1], "要互联网也");
    line_is(s, &ll.v[2], "能工作");
    layout_lines_free(&ll);
}

static void
wrap_never_starts_a_line_with_closing_punctuation(void **state)
{
    const char *s = "新闻亭不需。要互联网";
    (void)state;
    LayoutLines ll = wrap(s, 50, 0);
    for (size_t i = 0; i < ll.n; i++)
        assert_true(strncmp(s + ll.v[i].off, "。", 3) != 0);
    line_is(s, &ll.v[0], "新闻亭不");
    line_is(s, &ll.v[1], "需。要互联");
    layout_lines_free(&ll);
}

static void
wrap_breaks_hangul_at_spaces(void **state)
{
    const char *s = "인터넷 없이 작동하는 뉴스 키오스크";
    (void)state;
    LayoutLines ll = wrap(s, 70, 0);  /* 7 syllables a line */
    line_is(s, &ll.v[0], "인터넷 없이");
    line_is(s, &ll.v[1], "작동하는 뉴스");
    line_is(s, &ll.v[2], "키오스크");
    assert_int_equal(ll.n, 3);
    layout_lines_free(&ll);
}

static void
wrap_mixes_cyrillic_and_latin(void **state)
{
    const char *s = "Новостной киоск works offline";
    (void)state;
    LayoutLines ll = wrap(s, 80, 0);
    line_is(s, &ll.v[0], "Новостной киоск");
    line_is(s, &ll.v[1], "works offline");
    layout_lines_free(&ll);
}

static void
wrap_splits_a_word_longer_than_the_line(void **state)
{
    const char *s = "see https://www.example.org/a/very/long/path ok";
    (void)state;
    LayoutLines ll = wrap(s, 50, 0);
    line_is(s, &ll.v[0], "see");
    /* UAX #14 allows a break after a slash: the URL breaks there first */
    line_is(s, &ll.v[1], "https://");
    line_is(s, &ll.v[2], "www.exampl");
    for (size_t i = 0; i < ll.n; i++)
        assert_true(ll.v[i].width_px <= 50);
    line_is(s, &ll.v[ll.n - 1], "path ok");
    layout_lines_free(&ll);
}

static void
wrap_caps_lines_with_an_ellipsis(void **state)
{
    const char *s = "one two three four five six seven eight nine ten";
    (void)state;
    LayoutLines ll = wrap(s, 50, 2);
    assert_int_equal(ll.n, 2);
    line_is(s, &ll.v[0], "one two");
    assert_int_equal(ll.v[0].ellipsis, 0);
    assert_int_equal(ll.v[1].ellipsis, 1);
    assert_true(ll.v[1].width_px <= 50);
    /* "three four" would fit alone, but not with the ellipsis after it */
    line_is(s, &ll.v[1], "three fou");
    layout_lines_free(&ll);

    ll = wrap("short", 50, 2);
    assert_int_equal(ll.n, 1);
    assert_int_equal(ll.v[0].ellipsis, 0);
    layout_lines_free(&ll);
}

/* A line cut after a full stop or a comma ends "on…", not "on.…" (seen on
 * the board's headline cards); "?" and "!" keep their place. */
static void
wrap_drops_a_stop_before_the_ellipsis(void **state)
{
    static const struct { const char *s, *want; int width; } cases[] = {
        {"Go on. Then more", "Go on", 35},
        {"Go on, then more", "Go on", 35},
        {"Go on.. then more", "Go on", 35},
        {"Go on? Then more", "Go on?", 35},
        /* 去。然后: the ideographic full stop (each 10 px wide) */
        {"\xe5\x8e\xbb\xe3\x80\x82\xe7\x84\xb6\xe5\x90\x8e", "\xe5\x8e\xbb", 25},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        LayoutLines ll = wrap(cases[i].s, cases[i].width, 1);
        assert_int_equal(ll.n, 1);
        assert_int_equal(ll.v[0].ellipsis, 1);
        line_is(cases[i].s, &ll.v[0], cases[i].want);
        layout_lines_free(&ll);
    }
}

static void
wrap_honours_newlines(void **state)
{
    const char *s = "first\n\nthird";
    (void)state;
    LayoutLines ll = wrap(s, 500, 0);
    assert_int_equal(ll.n, 3);
    line_is(s, &ll.v[0], "first");
    assert_int_equal(ll.v[1].len, 0);
    line_is(s, &ll.v[2], "third");
    layout_lines_free(&ll);
}

static void
wrap_survives_invalid_utf8_and_empty_input(void **state)
{
    const char bad[] = "abc \xff\xfe \xe2\x82 def \xf0\x9f";
    (void)state;
    LayoutLines ll = wrap(bad, 20, 0);
    assert_true(ll.n >= 2);
    layout_lines_free(&ll);
    ll = wrap("", 20, 0);
    assert_int_equal(ll.n, 0);
    layout_lines_free(&ll);
    ll = wrap("   ", 20, 0);
    assert_int_equal(ll.n, 0);
    layout_lines_free(&ll);
    ll = wrap("abc", 0, 0);  /* a zero-width box: one character a line */
    assert_int_equal(ll.n, 3);
    layout_lines_free(&ll);
}

static void
wrap_is_linear_in_the_text(void **state)
{
    size_t n = 64 * 1024;
    char *s = malloc(n + 1);
    (void)state;
    assert_non_null(s);
    memset(s, 'x', n);
    s[n] = '\0';
    fake_calls = 0;
    LayoutLines ll = wrap(s, 400, 0);
    assert_int_equal(ll.n, (n + 79) / 80);
    /* one measure per character to find each cut, then the whole line
     * measured once or twice to confirm it: linear */
    if (fake_calls > (int)(n + n / 16))
        fail_msg("expected at most %zu measurements, got %d", n + n / 16, fake_calls);
    layout_lines_free(&ll);
    free(s);
}

static void
wrap_appends_to_existing_lines(void **state)
{
    LayoutLines ll = {0};
    (void)state;
    assert_int_equal(layout_wrap(&fake_metrics, F10, "aa bb", 5, 500, 0, &ll), 1);
    assert_int_equal(layout_wrap(&fake_metrics, F10, "cc dd", 5, 10, 0, &ll), 2);
    assert_int_equal(ll.n, 3);
    layout_lines_free(&ll);
    layout_lines_free(NULL);
}

/* Random bytes (valid and broken UTF-8, spaces, newlines, CJK) at random
 * widths: lines stay inside the text, in order, never overlap, and fit
 * unless a single character is wider than the line. */
static void
wrap_holds_its_invariants_on_random_input(void **state)
{
    static const char *const pieces[] = {"a", "bc ", " ", "\n", "\xe6\x96\xb0", "\xed\x95\x9c",
                                         "\xff", "\xe2\x82", "\xe3\x80\x82", ",", "word ",
                                         "\xd0\x96", "\t", "\xf0\x9f\x98\x80"};
    char buf[600];
    unsigned seed = 12345;
    (void)state;
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 0;
        int count = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 60;
        for (int i = 0; i < count; i++) {
            const char *p = pieces[((seed = seed * 1103515245u + 12345u) >> 16) % 14];
            size_t k = strlen(p);
            memcpy(buf + n, p, k);
            n += k;
        }
        int width = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
        int max = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 4;
        LayoutLines ll = {0};
        int got = layout_wrap(&fake_metrics, F10, buf, n, width, max, &ll);
        assert_int_equal(got, (int)ll.n);
        if (max > 0)
            assert_true(got <= max);
        size_t end = 0;
        for (size_t i = 0; i < ll.n; i++) {
            const LayoutLine *ln = &ll.v[i];
            assert_true(ln->off >= end);
            assert_true(ln->off + ln->len <= n);
            end = ln->off + ln->len;
            if (ln->width_px > (width < 1 ? 1 : width) && ln->len > 4)
                fail_msg("iteration %d: a %zu-byte line is %d px in %d", iter, ln->len,
                         ln->width_px, width);
        }
        layout_lines_free(&ll);
    }
}

static void
scale_grows_with_the_screen_and_stays_legible(void **state)
{
    LayoutScale small, mid, big, port, large;
    (void)state;
    layout_scale(480, 320, 0, &small);
    layout_scale(800, 480, 0, &mid);
    layout_scale(1920, 1080, 0, &big);
    layout_scale(480, 800, 0, &port);
    layout_scale(800, 480, 1, &large);
    assert_true(small.body_px >= 14);
    assert_true(small.status_px >= 11);
    assert_true(small.button_h >= 44);
    assert_true(small.body_px < mid.body_px && mid.body_px < big.body_px);
    assert_true(small.headline_px < mid.headline_px && mid.headline_px < big.headline_px);
    assert_true(large.body_px > mid.body_px);
    assert_true(port.headline_px <= mid.headline_px);
    /* hierarchy: headline > title > summary > body > meta */
    const LayoutScale *all[] = {&small, &mid, &big, &port, &large};
    for (size_t i = 0; i < 5; i++) {
        assert_true(all[i]->headline_px > all[i]->summary_px);
        assert_true(all[i]->title_px > all[i]->summary_px);
        assert_true(all[i]->summary_px > all[i]->body_px);
        assert_true(all[i]->body_px > all[i]->meta_px);
        assert_true(all[i]->margin >= 12);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrap_breaks_at_spaces_and_fits),
        cmocka_unit_test(wrap_keeps_every_word_in_order),
        cmocka_unit_test(wrap_breaks_cjk_between_characters),
        cmocka_unit_test(wrap_never_starts_a_line_with_closing_punctuation),
        cmocka_unit_test(wrap_breaks_hangul_at_spaces),
        cmocka_unit_test(wrap_mixes_cyrillic_and_latin),
        cmocka_unit_test(wrap_splits_a_word_longer_than_the_line),
        cmocka_unit_test(wrap_caps_lines_with_an_ellipsis),
        cmocka_unit_test(wrap_drops_a_stop_before_the_ellipsis),
        cmocka_unit_test(wrap_honours_newlines),
        cmocka_unit_test(wrap_survives_invalid_utf8_and_empty_input),
        cmocka_unit_test(wrap_is_linear_in_the_text),
        cmocka_unit_test(wrap_appends_to_existing_lines),
        cmocka_unit_test(wrap_holds_its_invariants_on_random_input),
        cmocka_unit_test(scale_grows_with_the_screen_and_stays_legible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
