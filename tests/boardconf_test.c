/* SPDX-License-Identifier: MIT
 *
 * boardconf_test.c - board/newskiosk.conf, the template the board installer
 * writes to /etc/newskiosk.conf, parses with the real config parser: as
 * shipped, and with every documented example line uncommented, so a typo in
 * the documentation cannot stop a kiosk that an installer configured by
 * removing a '#'. Run from the top of the tree (tests/run.sh does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

#define TEMPLATE "board/newskiosk.conf"

/* Every key config_parse() knows; each must be documented in the template. */
static const char *const keys[] = {
    "db", "cycle_seconds", "idle_seconds", "transition_ms", "diag_seconds", "watch",
    "trusted_key", "require_signature", "inbox", "inbox_quiet_seconds", "outbox",
    "kiosk_name", "status_seconds", "strip_line", "font", "rotate", "fullscreen",
    "size", "touch_swap_xy", "touch_mirror_x", "touch_mirror_y", "large_text",
    "high_contrast", "night_start", "night_end", "night_mode", "drift_px",
    "max_article_bytes", "max_line_bytes", "max_files", "max_total_bytes",
    "max_image_bytes", "max_depth", "ui_lang", "languages", "video", "fb_device",
};

/* The whole template, NUL-terminated; the caller frees it. */
static char *
read_template(size_t *len)
{
    FILE *f = fopen(TEMPLATE, "rb");
    char *buf;
    long n;

    if (f == NULL)
        fail_msg("cannot open %s (run from the top of the tree)", TEMPLATE);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void
parse_or_fail(Config *c, const char *text, size_t len, const char *what)
{
    char msg[1024];
    Err err;

    err_clear(&err);
    config_defaults(c);
    if (config_parse(c, text, len, TEMPLATE, &err) != K_OK)
        fail_msg("%s: expected it to parse, got: %s", what, err_str(&err, msg, sizeof msg));
}

static void
board_template_parses_with_board_values(void **state)
{
    size_t len;
    char *text = read_template(&len);
    Config c;

    (void)state;
    parse_or_fail(&c, text, len, "the template as shipped");
    assert_string_equal(c.db, "/var/lib/newskiosk/news.db");
    assert_int_equal(c.nwatch, 1);
    assert_string_equal(c.watch[0], "/media/newskiosk");
    assert_int_equal(c.ntrusted_key, 1);
    assert_string_equal(c.trusted_key[0], "/etc/newskiosk/editor.pub");
    assert_int_equal(c.require_signature, 1);
    assert_int_equal(c.fullscreen, 1);
    free(text);
}

/* Uncomment lines of the form "# key = value" (a documented example). */
static char *
uncomment_examples(const char *text, size_t len, size_t *out_len)
{
    char *out = malloc(len + 1);
    size_t o = 0;
    const char *p = text, *end = text + len;

    assert_non_null(out);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        size_t k = 2;

        if (n > 2 && p[0] == '#' && p[1] == ' ') {
            while (k < n && ((p[k] >= 'a' && p[k] <= 'z') || p[k] == '_'))
                k++;
            if (k > 2 && k + 2 < n && p[k] == ' ' && p[k + 1] == '=' && p[k + 2] == ' ') {
                memcpy(out + o, p + 2, n - 2);
                o += n - 2;
                p += n;
                continue;
            }
        }
        memcpy(out + o, p, n);
        o += n;
        p += n;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static void
board_template_examples_all_parse(void **state)
{
    size_t len, ulen;
    char *text = read_template(&len);
    char *all = uncomment_examples(text, len, &ulen);
    Config c;

    (void)state;
    parse_or_fail(&c, all, ulen, "the template with every example uncommented");
    /* the examples are the built-in defaults, or say otherwise in prose */
    assert_int_equal(c.cycle_seconds, 8);
    assert_int_equal(c.idle_seconds, 90);
    assert_int_equal(c.night_start_min, 22 * 60);
    assert_int_equal(c.night_end_min, 6 * 60 + 30);
    assert_int_equal(c.nstrip_line, 1);
    assert_int_equal(c.nfont, 1);
    free(all);
    free(text);
}

static void
board_template_documents_every_key(void **state)
{
    size_t len;
    char *text = read_template(&len);

    (void)state;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char live[64], example[64];
        snprintf(live, sizeof live, "\n%s = ", keys[i]);
        snprintf(example, sizeof example, "\n# %s = ", keys[i]);
        if (strstr(text, live) == NULL && strstr(text, example) == NULL)
            fail_msg("%s: expected a line '%s = ...' or '# %s = ...', found neither",
                     TEMPLATE, keys[i], keys[i]);
    }
    free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(board_template_parses_with_board_values),
        cmocka_unit_test(board_template_examples_all_parse),
        cmocka_unit_test(board_template_documents_every_key),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
