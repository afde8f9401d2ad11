/* SPDX-License-Identifier: MIT
 * article_test.c - the article parser on every form the spec names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/article.h"
#include "core/utf8.h"

typedef struct Warns {
    int n;
    int line[16];
    char msg[16][160];
} Warns;

static void
on_warn(void *ctx, int line, const char *msg)
{
    Warns *w = ctx;
    if (w->n < 16) {
        w->line[w->n] = line;
        snprintf(w->msg[w->n], sizeof w->msg[0], "%s", msg);
    }
    w->n++;
}

static Warns W;
static Err E;

static int
parse_opts(const char *text, size_t len, const char *fname, ArticleOpts *o, Article *a)
{
    memset(&W, 0, sizeof W);
    err_clear(&E);
    o->warn = on_warn;
    o->warn_ctx = &W;
    return article_parse(text, len, fname, o, a, &E);
}

static int
parse(const char *text, Article *a)
{
    ArticleOpts o;
    article_opts_default(&o);
    return parse_opts(text, strlen(text), "0007.txt", &o, a);
}

static void
plain_form_title_summary_paragraphs_source_junk(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("Title here\nThe summary.\nPara one.\nPara two.\n"
                           "Original Source: www.example.org\nPost Comment\n", &a), K_OK);
    assert_string_equal(a.id, "0007");
    assert_string_equal(a.title, "Title here");
    assert_string_equal(a.summary, "The summary.");
    assert_string_equal(a.body, "Para one.\n\nPara two.");
    assert_string_equal(a.source, "www.example.org");
    assert_int_equal(a.priority, 5);
    assert_int_equal(a.pin, 0);
    assert_int_equal(W.n, 0);
    article_free(&a);
}

static void
source_line_without_original(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("T\nS\nBody.\nSource: Radio North\n", &a), K_OK);
    assert_string_equal(a.source, "Radio North");
    assert_string_equal(a.body, "Body.");
    article_free(&a);
}

static void
front_matter_fields_and_source_wins(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("---\nid: library-2025-01-10\ndate: 2025-01-10\ncategory: Local\n"
                           "source: Example Gazette\nurl: https://www.example.org/library\n"
                           "image: images/library.jpg\nlang: en\nexpires: 2025-02-01\npin: true\n"
                           "priority: 2\n---\nTown library\nA room.\nBody.\n"
                           "Original Source: www.other.org\n", &a), K_OK);
    assert_string_equal(a.id, "library-2025-01-10");
    assert_string_equal(a.published, "2025-01-10");
    assert_string_equal(a.category, "Local");
    assert_string_equal(a.source, "Example Gazette");
    assert_string_equal(a.url, "https://www.example.org/library");
    assert_string_equal(a.image, "images/library.jpg");
    assert_string_equal(a.lang, "en");
    assert_string_equal(a.expires, "2025-02-01");
    assert_int_equal(a.pin, 1);
    assert_int_equal(a.priority, 2);
    assert_string_equal(a.title, "Town library");
    /* the trailing source line is still removed from the body */
    assert_string_equal(a.body, "Body.");
    article_free(&a);
}

static void
front_matter_bad_values_are_warnings_with_lines(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("---\ndate: 2025-02-30\npriority: 12\ncolour: red\nid: has space\n---\n"
                           "T\nS\n", &a), K_OK);
    assert_int_equal(W.n, 4);
    assert_int_equal(W.line[0], 2);
    assert_non_null(strstr(W.msg[0], "date"));
    assert_int_equal(W.line[1], 3);
    assert_int_equal(W.line[2], 4);
    assert_non_null(strstr(W.msg[2], "colour"));
    assert_int_equal(W.line[3], 5);
    assert_string_equal(a.published, "");
    assert_int_equal(a.priority, 5);
    assert_string_equal(a.id, "0007");
    article_free(&a);
}

static void
unclosed_front_matter_is_rejected_at_line_1(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("---\nid: x\nTitle\n", &a), K_EPARSE);
    assert_int_equal(E.line, 1);
    assert_null(a.title);
}

static void
bom_crlf_and_no_final_newline(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("\xEF\xBB\xBFTitle\r\nSummary\r\nLast line", &a), K_OK);
    assert_string_equal(a.title, "Title");
    assert_string_equal(a.summary, "Summary");
    assert_string_equal(a.body, "Last line");
    article_free(&a);
}

static void
blank_lines_make_hand_wrapped_paragraphs(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("T\nS\n\nline one\nline two\n\n\nnext para\n", &a), K_OK);
    assert_string_equal(a.body, "line one line two\n\nnext para");
    article_free(&a);
}

static void
leading_blank_after_summary_keeps_scraped_form(void **state)
{
    Article a;
    (void)state;
    /* A blank line before the body only (not between paragraphs) does not
     * switch to hand-wrapped mode. */
    assert_int_equal(parse("T\nS\n\nP1\nP2\n", &a), K_OK);
    assert_string_equal(a.body, "P1\n\nP2");
    article_free(&a);
}

static void
empty_title_is_skipped_with_line(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("\n\n  \n", &a), K_EPARSE);
    assert_non_null(strstr(E.msg, "title is empty"));
    assert_string_equal(E.file, "0007.txt");
    assert_int_equal(parse("---\nid: x\n---\n", &a), K_EPARSE);
    assert_int_equal(E.line, 4);
}

static void
title_only_is_an_article(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("Just a title", &a), K_OK);
    assert_string_equal(a.summary, "");
    assert_string_equal(a.body, "");
    article_free(&a);
}

static void
invalid_utf8_becomes_replacement_with_warning(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("Title\nSum\xff mary\nok \xc3\n", &a), K_OK);
    assert_string_equal(a.summary, "Sum\xEF\xBF\xBD mary");
    assert_string_equal(a.body, "ok \xEF\xBF\xBD");
    assert_int_equal(W.n, 1);
    assert_int_equal(W.line[0], 2);
    assert_non_null(strstr(W.msg[0], "U+FFFD"));
    assert_true(utf8_valid(a.body, strlen(a.body)));
    article_free(&a);
}

static void
genuine_replacement_char_is_not_a_warning(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("T \xEF\xBF\xBD\nS\n", &a), K_OK);
    assert_int_equal(W.n, 0);
    article_free(&a);
}

static void
binary_junk_is_refused(void **state)
{
    Article a;
    ArticleOpts o;
    char junk[600];
    (void)state;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(0x80 + (i * 37) % 0x7f);
    article_opts_default(&o);
    assert_int_equal(parse_opts(junk, sizeof junk, "j.txt", &o, &a), K_ELIMIT);
    assert_non_null(strstr(E.msg, "not UTF-8"));
    assert_int_equal(parse_opts("Title\nx\0y\n", 10, "n.txt", &o, &a), K_ELIMIT);
    assert_int_equal(E.line, 2);
    assert_non_null(strstr(E.msg, "binary"));
}

static void
over_long_file_and_line_are_refused(void **state)
{
    Article a;
    ArticleOpts o;
    char *big = malloc(5000);
    (void)state;
    memset(big, 'a', 5000);
    big[0] = 'T';
    big[1] = '\n';
    article_opts_default(&o);
    o.max_bytes = 4999;
    assert_int_equal(parse_opts(big, 5000, "b.txt", &o, &a), K_ELIMIT);
    assert_non_null(strstr(E.msg, "over the limit"));
    o.max_bytes = 5000;
    o.max_line_bytes = 4997;
    assert_int_equal(parse_opts(big, 5000, "b.txt", &o, &a), K_ELIMIT);
    assert_int_equal(E.line, 2);
    o.max_line_bytes = 4998;   /* exactly at the limit is fine */
    assert_int_equal(parse_opts(big, 5000, "b.txt", &o, &a), K_OK);
    article_free(&a);
    free(big);
}

static void
junk_lines_builtin_and_configured(void **state)
{
    Article a;
    ArticleOpts o;
    const char *extra[] = {"Listen to this story"};
    const char *text = "T\nS\nBody.\nListen to this story\nShare this article\nComments (12)\n";
    (void)state;
    article_opts_default(&o);
    assert_int_equal(parse_opts(text, strlen(text), "j.txt", &o, &a), K_OK);
    assert_string_equal(a.body, "Body.\n\nListen to this story");
    article_free(&a);
    o.junk = extra;
    o.njunk = 1;
    assert_int_equal(parse_opts(text, strlen(text), "j.txt", &o, &a), K_OK);
    assert_string_equal(a.body, "Body.");
    article_free(&a);
}

static void
junk_in_the_middle_is_kept(void **state)
{
    Article a;
    (void)state;
    assert_int_equal(parse("T\nS\nShare this article\nReal text.\n", &a), K_OK);
    assert_string_equal(a.body, "Share this article\n\nReal text.");
    article_free(&a);
}

static void
seed_sample_parses_like_the_scraper_wrote_it(void **state)
{
    /* The shape of the scraped sample: title, summary, paragraphs, source,
     * "Post Comment"; our own text. */
    Article a;
    (void)state;
    assert_int_equal(parse("Ferry timetable changes for the winter season\n"
                           "Boats to the outer islands run twice a day from Monday.\n"
                           "The harbour office said the change follows lower demand.\n"
                           "Tickets bought for cancelled sailings will be refunded.\n"
                           "Original Source: www.harbour.example\n"
                           "Post Comment\n", &a), K_OK);
    assert_string_equal(a.title, "Ferry timetable changes for the winter season");
    assert_string_equal(a.source, "www.harbour.example");
    assert_string_equal(a.body, "The harbour office said the change follows lower demand.\n\n"
                                "Tickets bought for cancelled sailings will be refunded.");
    article_free(&a);
}

static void
ids_from_file_names(void **state)
{
    Article a;
    ArticleOpts o;
    (void)state;
    article_opts_default(&o);
    assert_int_equal(parse_opts("T\n", 2, "новости-1.txt", &o, &a), K_OK);
    assert_string_equal(a.id, "новости-1");
    article_free(&a);
    assert_true(article_valid_id("a.b-c_d"));
    assert_false(article_valid_id(".hidden"));
    assert_false(article_valid_id("a/b"));
    assert_false(article_valid_id("a b"));
    assert_false(article_valid_id(""));
}

static void
dates_are_checked_for_real(void **state)
{
    (void)state;
    assert_true(article_valid_date("2024-02-29"));
    assert_false(article_valid_date("2025-02-29"));
    assert_false(article_valid_date("2025-13-01"));
    assert_false(article_valid_date("2025-1-01"));
    assert_false(article_valid_date("20250101"));
    assert_true(article_valid_date("2000-02-29"));
    assert_false(article_valid_date("1900-02-29"));
}

static void
utf8_decoder_rejects_overlongs_and_surrogates(void **state)
{
    uint32_t cp;
    (void)state;
    assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 2);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 3);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 4);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode("\xE2\x82", 2, &cp), 2);
    assert_int_equal(cp, UTF8_REPLACEMENT);
    assert_int_equal(utf8_decode("\xED\x95\x9C", 3, &cp), 3);
    assert_int_equal(cp, 0xD55C);   /* 한 */
    assert_true(utf8_is_cjk_breakable(0x4E2D));
    assert_false(utf8_is_cjk_breakable(0xD55C));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_form_title_summary_paragraphs_source_junk),
        cmocka_unit_test(source_line_without_original),
        cmocka_unit_test(front_matter_fields_and_source_wins),
        cmocka_unit_test(front_matter_bad_values_are_warnings_with_lines),
        cmocka_unit_test(unclosed_front_matter_is_rejected_at_line_1),
        cmocka_unit_test(bom_crlf_and_no_final_newline),
        cmocka_unit_test(blank_lines_make_hand_wrapped_paragraphs),
        cmocka_unit_test(leading_blank_after_summary_keeps_scraped_form),
        cmocka_unit_test(empty_title_is_skipped_with_line),
        cmocka_unit_test(title_only_is_an_article),
        cmocka_unit_test(invalid_utf8_becomes_replacement_with_warning),
        cmocka_unit_test(genuine_replacement_char_is_not_a_warning),
        cmocka_unit_test(binary_junk_is_refused),
        cmocka_unit_test(over_long_file_and_line_are_refused),
        cmocka_unit_test(junk_lines_builtin_and_configured),
        cmocka_unit_test(junk_in_the_middle_is_kept),
        cmocka_unit_test(seed_sample_parses_like_the_scraper_wrote_it),
        cmocka_unit_test(ids_from_file_names),
        cmocka_unit_test(dates_are_checked_for_real),
        cmocka_unit_test(utf8_decoder_rejects_overlongs_and_surrogates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
