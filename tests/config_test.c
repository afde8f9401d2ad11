/* SPDX-License-Identifier: MIT
 * config_test.c - the key = value config: defaults, every kind of value,
 * and errors that name the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"

static int
parse(Config *c, const char *text, Err *e)
{
    config_defaults(c);
    err_clear(e);
    return config_parse(c, text, strlen(text), "test.conf", e);
}

static void
defaults_need_no_file(void **state)
{
    Config c;
    (void)state;
    config_defaults(&c);
    assert_int_equal(c.cycle_seconds, 8);
    assert_int_equal(c.idle_seconds, 90);
    assert_int_equal(c.nwatch, 0);
    assert_int_equal(c.ntrusted_key, 0);
    assert_string_equal(c.db, "");
    assert_int_equal(c.night_start_min, -1);
    assert_string_equal(c.ui_lang, "en");
    assert_string_equal(c.languages, "en");
}

static void
every_kind_of_value(void **state)
{
    Config c;
    Err e;
    (void)state;
    assert_int_equal(parse(&c,
                           "# comment\n"
                           "db = /var/lib/newskiosk/news.db\n"
                           "cycle_seconds = 12   # trailing comment\n"
                           "idle_seconds=60\n"
                           "watch = /media/newskiosk\n"
                           "watch = /media/other\n"
                           "trusted_key = /etc/newskiosk/editor.pub\n"
                           "require_signature = false\n"
                           "strip_line = Listen to this story\n"
                           "rotate = 90\n"
                           "video = fb\n"
                           "fb_device = /dev/fb1\n"
                           "fullscreen = yes\n"
                           "size = 800x480\n"
                           "night_start = 22:30\n"
                           "night_end = 06:00\n"
                           "night_mode = blank\n"
                           "font = \"/usr/share/fonts/x.ttf\"\n"
                           "max_files = 500\n"
                           "max_total_bytes = 1073741824\n",
                           &e), K_OK);
    assert_string_equal(c.db, "/var/lib/newskiosk/news.db");
    assert_int_equal(c.cycle_seconds, 12);
    assert_int_equal(c.idle_seconds, 60);
    assert_int_equal(c.nwatch, 2);
    assert_string_equal(c.watch[1], "/media/other");
    assert_int_equal(c.ntrusted_key, 1);
    assert_int_equal(c.require_signature, 0);
    assert_string_equal(c.strip_line[0], "Listen to this story");
    assert_int_equal(c.rotate, 90);
    assert_string_equal(c.video, "fb");
    assert_string_equal(c.fb_device, "/dev/fb1");
    assert_int_equal(c.fullscreen, 1);
    assert_int_equal(c.width, 800);
    assert_int_equal(c.height, 480);
    assert_int_equal(c.night_start_min, 22 * 60 + 30);
    assert_int_equal(c.night_end_min, 6 * 60);
    assert_int_equal(c.night_blank, 1);
    assert_string_equal(c.font[0], "/usr/share/fonts/x.ttf");
    assert_int_equal(c.max_files, 500);
    assert_true(c.max_total_bytes == 1073741824LL);
}

static void
unknown_key_names_the_line(void **state)
{
    Config c;
    Err e;
    (void)state;
    assert_int_equal(parse(&c, "cycle_seconds = 5\n\ncolour = blue\n", &e), K_EUSAGE);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.file, "test.conf");
    assert_non_null(strstr(e.msg, "unknown key 'colour'"));
}

static void
bad_values_name_the_line(void **state)
{
    Config c;
    Err e;
    (void)state;
    const char *bad[] = {
        "cycle_seconds = 1\n", "cycle_seconds = ten\n", "cycle_seconds = 99999999999999999999\n",
        "rotate = 45\n", "fullscreen = maybe\n", "size = big\n", "night_start = 25:00\n",
        "night_mode = sleep\n", "db =\n", "just words\n", "video = wayland\n",
        "video = FB\n", "fb_device = fb0\n", "fb_device = /tmp/fb\n",
        "fb_device = /dev/../etc/passwd\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "# first\n%s", bad[i]);
        if (parse(&c, text, &e) != K_EUSAGE)
            fail_msg("expected '%s' to be refused", bad[i]);
        if (e.line != 2)
            fail_msg("expected line 2 for '%s', got %d", bad[i], e.line);
    }
}

static void
languages_are_codes(void **state)
{
    Config c;
    Err e;
    (void)state;
    assert_int_equal(parse(&c, "ui_lang = pt_BR\nlanguages = ar fa\tur  zh_CN ko\n", &e), K_OK);
    assert_string_equal(c.ui_lang, "pt_BR");
    assert_string_equal(c.languages, "ar fa\tur  zh_CN ko");
    assert_int_equal(parse(&c, "ui_lang = \"ar\"\n", &e), K_OK);
    assert_string_equal(c.ui_lang, "ar");

    const char *bad[] = {
        "ui_lang = ../../etc\n", "ui_lang = a\n", "ui_lang = pt-BR\n", "ui_lang = ar fa\n",
        "ui_lang = en.UTF-8\n", "ui_lang = _ar\n", "ui_lang = abcdefghijklmnopq\n",
        "languages = ar, fa\n", "languages = \"\"\n", "languages = ar 1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "# first\n%s", bad[i]);
        if (parse(&c, text, &e) != K_EUSAGE)
            fail_msg("expected '%s' to be refused", bad[i]);
        if (e.line != 2)
            fail_msg("expected line 2 for '%s', got %d", bad[i], e.line);
        const char *key = bad[i][0] == 'u' ? "ui_lang" : "languages";
        if (strstr(e.msg, key) == NULL)
            fail_msg("expected the message for '%s' to name %s, got '%s'", bad[i], key, e.msg);
    }
    /* a refused value leaves the default */
    assert_int_equal(parse(&c, "ui_lang = x/y\n", &e), K_EUSAGE);
    assert_string_equal(c.ui_lang, "en");
}

static void
lists_are_bounded(void **state)
{
    Config c;
    Err e;
    char text[4096] = "";
    (void)state;
    for (int i = 0; i <= CONFIG_LIST_MAX; i++)
        strcat(text, "watch = /media/x\n");
    assert_int_equal(parse(&c, text, &e), K_EUSAGE);
    assert_int_equal(e.line, CONFIG_LIST_MAX + 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_need_no_file),
        cmocka_unit_test(every_kind_of_value),
        cmocka_unit_test(unknown_key_names_the_line),
        cmocka_unit_test(bad_values_name_the_line),
        cmocka_unit_test(languages_are_codes),
        cmocka_unit_test(lists_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
