/* SPDX-License-Identifier: MIT
 * press_test.c - the HTML-to-paragraphs step on real-looking article
 * markup (WordPress, news sites, Feedburner, Blogger), the feed parser on
 * each format and mess, and the date reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "press/feed.h"
#include "press/html.h"
#include "press/image.h"
#include "press/press.h"

/* Paragraphs joined with " | " for one readable comparison. */
static char *
paras(const char *html)
{
    static char out[8192];
    HtmlText t;
    Err e;
    size_t n = 0;

    err_clear(&e);
    assert_int_equal(html_to_paragraphs(html, strlen(html), &t, &e), K_OK);
    out[0] = '\0';
    for (size_t i = 0; i < t.npara; i++)
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? " | " : "", t.para[i]);
    html_text_free(&t);
    return out;
}

#define EXPECT_PARAS(html, want)                                                               \
    do {                                                                                       \
        const char *got_ = paras(html);                                                        \
        if (strcmp(got_, want) != 0)                                                           \
            fail_msg("expected \"%s\", got \"%s\"", want, got_);                               \
    } while (0)

static void
html_block_elements_become_paragraphs(void **state)
{
    (void)state;
    EXPECT_PARAS("<h2>Ferry news</h2><p>Boats run twice a day.</p><div>From Monday.</div>"
                 "<ul><li>First sailing 7:00</li><li>Last 19:00</li></ul>",
                 "Ferry news | Boats run twice a day. | From Monday. | First sailing 7:00 | Last 19:00");
}

static void
html_br_pairs_split_single_br_joins(void **state)
{
    (void)state;
    EXPECT_PARAS("Line one<br>still one<br/><br />Two<br>\n<br>Three",
                 "Line one still one | Two | Three");
}

static void
html_wordpress_post_drops_furniture(void **state)
{
    (void)state;
    EXPECT_PARAS(
        "<div class=\"entry-content\"><p>The council met on Tuesday.</p>\n"
        "<script type=\"text/javascript\">var x = '<p>not text</p>';</script>\n"
        "<style>.a{color:red}</style>\n"
        "<nav class=\"post-navigation\"><a href=\"/prev\">Previous</a></nav>\n"
        "<p>It voted to repair the bridge.</p>\n"
        "<div class=\"sharedaddy\"><h3>Share this:</h3><ul><li><form><button>Print</button></form></li></ul></div>\n"
        "<aside>Related posts</aside><footer>Posted in News</footer>\n"
        "<p>The post <a href=\"x\">Council votes</a> appeared first on <a href=\"y\">Gazette</a>.</p></div>",
        "The council met on Tuesday. | It voted to repair the bridge.");
}

static void
html_entities_and_white_space(void **state)
{
    (void)state;
    EXPECT_PARAS("<p>Caf&eacute; &amp; bar&nbsp;&nbsp; open\n\t  late &#8211; &#x20AC;5 &hellip;</p>",
                 "Caf\xc3\xa9 & bar open late \xe2\x80\x93 \xe2\x82\xac" "5 \xe2\x80\xa6");
}

static void
html_inline_markup_keeps_spaces(void **state)
{
    (void)state;
    EXPECT_PARAS("<p>A <strong>bold</strong> move, <a href=\"/x\">said</a> <em>the</em>mayor.</p>",
                 "A bold move, said themayor.");
}

static void
html_first_image_is_remembered(void **state)
{
    HtmlText t;
    const char *h = "<figure><img src=\"/pics/a.jpg\" alt=\"A\"><figcaption>The quay at dawn"
                    "</figcaption></figure><p>Text <img src=\"b.jpg\"></p>";
    (void)state;
    assert_int_equal(html_to_paragraphs(h, strlen(h), &t, NULL), K_OK);
    assert_non_null(t.first_img);
    assert_string_equal(t.first_img, "/pics/a.jpg");
    assert_int_equal(t.npara, 2);
    assert_string_equal(t.para[0], "The quay at dawn");
    html_text_free(&t);
}

static void
html_broken_markup_recovers(void **state)
{
    (void)state;
    EXPECT_PARAS("<p>Unclosed <b>bold<p>Second <i>para</div></span>&bogus; & done",
                 "Unclosed bold | Second para&bogus; & done");
}

static void
html_plain_text_with_blank_lines(void **state)
{
    (void)state;
    EXPECT_PARAS("First paragraph\nwrapped by hand.\n\nSecond one.\n", "First paragraph wrapped by hand. | Second one.");
}

static void
html_tables_and_blockquotes(void **state)
{
    (void)state;
    EXPECT_PARAS("<blockquote><p>We will rebuild.</p></blockquote><table><tr><td>Mon</td><td>7:00</td>"
                 "</tr><tr><td>Tue</td><td>8:00</td></tr></table>",
                 "We will rebuild. | Mon 7:00 | Tue 8:00");
}

static void
html_deep_nesting_is_walked_without_recursion(void **state)
{
    size_t depth = 100000, n = 0;
    char *h = malloc(depth * 11 + 16);
    HtmlText t;
    (void)state;
    assert_non_null(h);
    for (size_t i = 0; i < depth; i++, n += 6)
        memcpy(h + n, "<span>", 6);
    memcpy(h + n, "deep", 5);
    n += 4;
    assert_int_equal(html_to_paragraphs(h, n, &t, NULL), K_OK);
    html_text_free(&t);
    free(h);
}

static void
html_huge_paragraph_is_cut_under_the_line_limit(void **state)
{
    size_t len = 200000;
    char *h = malloc(len + 1);
    HtmlText t;
    (void)state;
    for (size_t i = 0; i < len; i++)
        h[i] = (i % 7 == 6) ? ' ' : 'a';
    h[len] = '\0';
    assert_int_equal(html_to_paragraphs(h, len, &t, NULL), K_OK);
    assert_true(t.npara > 1);
    for (size_t i = 0; i < t.npara; i++)
        assert_true(strlen(t.para[i]) < 64 * 1024);
    html_text_free(&t);
    free(h);
}

static void
html_to_line_for_titles(void **state)
{
    char *l;
    (void)state;
    const char *t = "  Clinic adds <em>evening</em>\n hours &amp; more ";
    l = html_to_line(t, strlen(t));
    assert_string_equal(l, "Clinic adds evening hours & more");
    free(l);
    l = html_to_line("Plain   title\n", 14);
    assert_string_equal(l, "Plain title");
    free(l);
}

static void
dates_rfc822_and_iso8601(void **state)
{
    (void)state;
    assert_int_equal(feed_parse_date("Mon, 06 Jan 2025 08:00:00 +0000"), 1736150400);
    assert_int_equal(feed_parse_date("Mon, 06 Jan 2025 09:00:00 +0100"), 1736150400);
    assert_int_equal(feed_parse_date("6 Jan 25 03:00 EST"), 1736150400);
    assert_int_equal(feed_parse_date("2025-01-06T08:00:00Z"), 1736150400);
    assert_int_equal(feed_parse_date("2025-01-06T03:00:00.123-05:00"), 1736150400);
    assert_int_equal(feed_parse_date("2025-01-06"), 1736121600);
    assert_int_equal(feed_parse_date("yesterday"), -1);
    assert_int_equal(feed_parse_date(""), -1);
}

static void
feed_rss_with_cdata_and_relative_links(void **state)
{
    const char *x = "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                    "<channel><title>T</title><link>https://s.example/</link><item><title>A</title>"
                    "<link>story/1</link><content:encoded><![CDATA[<p>x & y</p>]]></content:encoded>"
                    "<enclosure url=\"pic.jpg\" type=\"image/jpeg\"/></item></channel></rss>";
    Feed f;
    (void)state;
    assert_int_equal(feed_parse(x, strlen(x), "https://s.example/feed/rss.xml", NULL, &f, NULL), K_OK);
    assert_int_equal(f.kind, FEED_RSS);
    assert_int_equal(f.nitems, 1);
    assert_string_equal(f.items[0].link, "https://s.example/feed/story/1");
    assert_string_equal(f.items[0].content, "<p>x & y</p>");
    assert_string_equal(f.items[0].image, "https://s.example/feed/pic.jpg");
    assert_int_equal(f.items[0].when, -1);
    feed_free(&f);
}

static void
feed_xxe_and_entities_are_never_expanded(void **state)
{
    const char *x = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">"
                    "<!ENTITY a \"AAAA\">]><rss><channel><title>t&e;&a;</title><item><title>&e;x"
                    "</title></item></channel></rss>";
    Feed f;
    (void)state;
    assert_int_equal(feed_parse(x, strlen(x), NULL, NULL, &f, NULL), K_OK);
    assert_string_equal(f.title, "t");
    assert_string_equal(f.items[0].title, "x");
    feed_free(&f);
}

static void
feed_json_and_not_a_feed(void **state)
{
    const char *j = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":"
                    "[{\"id\":7,\"title\":\"T\",\"content_text\":\"a\\nb\",\"tags\":[\"X\"]}]}";
    Feed f;
    Err e;
    (void)state;
    assert_int_equal(feed_parse(j, strlen(j), NULL, NULL, &f, NULL), K_OK);
    assert_int_equal(f.kind, FEED_JSON);
    assert_string_equal(f.items[0].guid, "7");
    assert_int_equal(f.items[0].content_text, 1);
    assert_string_equal(f.items[0].category, "X");
    feed_free(&f);
    err_clear(&e);
    assert_int_equal(feed_parse("{\"a\":1}", 7, NULL, NULL, &f, &e), K_EPARSE);
    assert_non_null(strstr(e.msg, "jsonfeed.org"));
    assert_int_equal(feed_parse("<html><p>x</p></html>", 21, NULL, NULL, &f, &e), K_EPARSE);
    assert_non_null(strstr(e.msg, "web page"));
}

static void
feed_opml_categories(void **state)
{
    const char *x = "<opml><body><outline text=\"World\"><outline xmlUrl=\"a.xml\" text=\"A\"/></outline>"
                    "<outline xmlUrl=\"http://b.example/b\" category=\"/News/Science,/x\"/></body></opml>";
    Feed f;
    (void)state;
    assert_int_equal(feed_parse(x, strlen(x), "/feeds/list.opml", NULL, &f, NULL), K_OK);
    assert_int_equal(f.kind, FEED_OPML);
    assert_int_equal(f.noutlines, 2);
    assert_string_equal(f.outlines[0].url, "/feeds/a.xml");
    assert_string_equal(f.outlines[0].category, "World");
    assert_string_equal(f.outlines[1].category, "Science");
    feed_free(&f);
}

static void
image_sniffs_bytes_not_names(void **state)
{
    (void)state;
    assert_string_equal(image_sniff("\xff\xd8\xff\xe0", 4), "jpg");
    assert_string_equal(image_sniff("\x89PNG\r\n\x1a\n", 8), "png");
    assert_string_equal(image_sniff("GIF89a", 6), "gif");
    assert_null(image_sniff("<html>", 6));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_block_elements_become_paragraphs),
        cmocka_unit_test(html_br_pairs_split_single_br_joins),
        cmocka_unit_test(html_wordpress_post_drops_furniture),
        cmocka_unit_test(html_entities_and_white_space),
        cmocka_unit_test(html_inline_markup_keeps_spaces),
        cmocka_unit_test(html_first_image_is_remembered),
        cmocka_unit_test(html_broken_markup_recovers),
        cmocka_unit_test(html_plain_text_with_blank_lines),
        cmocka_unit_test(html_tables_and_blockquotes),
        cmocka_unit_test(html_deep_nesting_is_walked_without_recursion),
        cmocka_unit_test(html_huge_paragraph_is_cut_under_the_line_limit),
        cmocka_unit_test(html_to_line_for_titles),
        cmocka_unit_test(dates_rfc822_and_iso8601),
        cmocka_unit_test(feed_rss_with_cdata_and_relative_links),
        cmocka_unit_test(feed_xxe_and_entities_are_never_expanded),
        cmocka_unit_test(feed_json_and_not_a_feed),
        cmocka_unit_test(feed_opml_categories),
        cmocka_unit_test(image_sniffs_bytes_not_names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    press_cleanup();
    return rc;
}
