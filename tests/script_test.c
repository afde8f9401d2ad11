/* SPDX-License-Identifier: MIT
 * script_test.c - the --script test hook's parser (app/core/script.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/script.h"

static Script
parse_ok(const char *text)
{
    Script s = {0};
    Err e;
    err_clear(&e);
    int rc = script_parse(text, strlen(text), "t.script", &s, &e);
    if (rc != K_OK)
        fail_msg("expected K_OK, got %d: line %d: %s", rc, e.line, e.msg);
    return s;
}

static void
parse_bad(const char *text, int line, const char *msg_part)
{
    Script s = {0};
    Err e;
    err_clear(&e);
    int rc = script_parse(text, strlen(text), "t.script", &s, &e);
    assert_int_equal(rc, K_EPARSE);
    assert_int_equal(e.line, line);
    assert_string_equal(e.file, "t.script");
    if (strstr(e.msg, msg_part) == NULL)
        fail_msg("expected a message with \"%s\", got \"%s\"", msg_part, e.msg);
    assert_null(s.v);
    assert_int_equal(s.n, 0);
}

static void
script_parses_every_command(void **state)
{
    (void)state;
    Script s = parse_ok("# a comment\n"
                        "wait 1.5\n"
                        "\n"
                        "tap 10 20   # trailing comment\n"
                        "swipe 600 240 100 240\n"
                        "key Return\n"
                        "shot /tmp/a b.png\n"
                        "settle\n"
                        "  quit  \n");
    assert_int_equal(s.n, 7);
    assert_int_equal(s.v[0].op, SCRIPT_WAIT);
    assert_int_equal(s.v[0].ms, 1500);
    assert_int_equal(s.v[0].line, 2);
    assert_int_equal(s.v[1].op, SCRIPT_TAP);
    assert_int_equal(s.v[1].x1, 10);
    assert_int_equal(s.v[1].y1, 20);
    assert_int_equal(s.v[1].line, 4);
    assert_int_equal(s.v[2].op, SCRIPT_SWIPE);
    assert_int_equal(s.v[2].x1, 600);
    assert_int_equal(s.v[2].y2, 240);
    assert_int_equal(s.v[2].x2, 100);
    assert_int_equal(s.v[3].op, SCRIPT_KEY);
    assert_string_equal(s.v[3].arg, "Return");
    assert_int_equal(s.v[4].op, SCRIPT_SHOT);
    assert_string_equal(s.v[4].arg, "/tmp/a b.png");
    assert_int_equal(s.v[5].op, SCRIPT_SETTLE);
    assert_int_equal(s.v[6].op, SCRIPT_QUIT);
    script_free(&s);
    script_free(&s);
    script_free(NULL);
}

static void
script_accepts_crlf_and_no_final_newline(void **state)
{
    (void)state;
    Script s = parse_ok("wait 0\r\nkey BackSpace\r\nwait 0.001");
    assert_int_equal(s.n, 3);
    assert_int_equal(s.v[0].ms, 0);
    assert_string_equal(s.v[1].arg, "BackSpace");
    assert_int_equal(s.v[2].ms, 1);
    script_free(&s);
    s = parse_ok("");
    assert_int_equal(s.n, 0);
    script_free(&s);
}

static void
script_rejects_bad_lines_naming_them(void **state)
{
    (void)state;
    parse_bad("wait 1\njump 3\n", 2, "unknown command");
    parse_bad("tap 10\n", 1, "tap: expected X Y");
    parse_bad("tap 10 x\n", 1, "tap");
    parse_bad("tap 1 2 3\n", 1, "tap");
    parse_bad("\n\nswipe 1 2 3\n", 3, "swipe");
    parse_bad("wait\n", 1, "wait");
    parse_bad("wait -1\n", 1, "wait");
    parse_bad("wait 1e9\n", 1, "wait");
    parse_bad("wait soon\n", 1, "wait");
    parse_bad("key\n", 1, "key");
    parse_bad("shot   \n", 1, "shot");
    parse_bad("quit now\n", 1, "quit");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(script_parses_every_command),
        cmocka_unit_test(script_accepts_crlf_and_no_final_newline),
        cmocka_unit_test(script_rejects_bad_lines_naming_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
