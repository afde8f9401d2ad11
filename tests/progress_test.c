/* SPDX-License-Identifier: MIT
 * progress_test.c - the live-import protocol (app/progress.h): what
 * `import --progress-fd` writes, the kiosk reads back the same; the hash
 * and growable-array helpers (app/core/hash.h, vec.h); log levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/hash.h"
#include "core/vec.h"
#include "log.h"
#include "progress.h"

/* Format m, check the line ends in exactly one '\n', parse it back. */
static void
round_trip(const ProgressMsg *m, ProgressMsg *back, char *line, size_t size)
{
    size_t n = progress_format(m, line, size);

    assert_true(n > 0);
    assert_int_equal(strlen(line), n);
    assert_int_equal(line[n - 1], '\n');
    assert_null(strchr(line, '\n') != line + n - 1 ? line : NULL);
    line[n - 1] = '\0';
    assert_int_equal(progress_parse(line, back), m->kind);
}

static void
every_kind_round_trips(void **state)
{
    static const ProgressMsg cases[] = {
        {PROGRESS_STEP, 0, 10000, NULL},
        {PROGRESS_STEP, 7, 9, NULL},
        {PROGRESS_WARN, 0, 0, "articles/0007.txt: line 3: title is empty, article skipped"},
        {PROGRESS_ERROR, 0, 0, "manifest.sig: bad signature; bundle refused"},
        {PROGRESS_DONE, 12, 1, "bundle-20250110-0600"},
        {PROGRESS_DONE, 3, 0, "an id with spaces"},
        {PROGRESS_DONE, 3, 0, ""},
        {PROGRESS_UNCHANGED, 0, 0, "bundle-0a1b2c3d4e5f"},
    };
    char line[PROGRESS_LINE_MAX];
    ProgressMsg back;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const ProgressMsg *m = &cases[i];
        round_trip(m, &back, line, sizeof line);
        if (m->kind == PROGRESS_STEP || m->kind == PROGRESS_DONE) {
            assert_int_equal(back.a, m->a);
            assert_int_equal(back.b, m->b);
        }
        if (m->text)
            assert_string_equal(back.text, m->text);
    }
}

static void
the_wire_format_is_as_documented(void **state)
{
    ProgressMsg m = {PROGRESS_DONE, 12, 1, "x"};
    char line[64];

    (void)state;
    progress_format(&m, line, sizeof line);
    assert_string_equal(line, "done 12 1 x\n");
    m = (ProgressMsg){PROGRESS_STEP, 3, 40, NULL};
    progress_format(&m, line, sizeof line);
    assert_string_equal(line, "progress 3 40\n");
    m = (ProgressMsg){PROGRESS_UNCHANGED, 0, 0, "b"};
    progress_format(&m, line, sizeof line);
    assert_string_equal(line, "unchanged b\n");
}

static void
a_newline_in_a_message_stays_one_line(void **state)
{
    ProgressMsg m = {PROGRESS_WARN, 0, 0, "two\nlines\r"}, back;
    char line[64];

    (void)state;
    round_trip(&m, &back, line, sizeof line);
    assert_string_equal(back.text, "two lines ");
}

static void
a_long_message_is_cut_not_overrun(void **state)
{
    char text[3000], line[PROGRESS_LINE_MAX];
    ProgressMsg m = {PROGRESS_ERROR, 0, 0, text}, back;

    (void)state;
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    round_trip(&m, &back, line, sizeof line);
    assert_int_equal(strlen(back.text), sizeof line - 2 - strlen("error "));
}

static void
what_is_not_a_line_is_none(void **state)
{
    static const char *const bad[] = {
        "", "progress", "progress 1", "progress a b", "progress 1 2x", "done 1",
        "done x 2 id", "warning: x", "unchanged", "Progress 1 2", "hello",
    };
    ProgressMsg m;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(progress_parse(bad[i], &m), PROGRESS_NONE);
        assert_int_equal(m.kind, PROGRESS_NONE);
        assert_string_equal(m.text, "");
    }
    /* an old writer's "done N M" without an id is still a result */
    assert_int_equal(progress_parse("done 4 2", &m), PROGRESS_DONE);
    assert_int_equal(m.a, 4);
    assert_string_equal(m.text, "");
}

static void
fnv1a_matches_the_reference_vectors(void **state)
{
    (void)state;
    /* from the FNV reference (draft-eastlake-fnv): "" and "a" and "foobar" */
    assert_true(hash_str("") == 0xcbf29ce484222325ull);
    assert_true(hash_str("a") == 0xaf63dc4c8601ec8cull);
    assert_true(hash_str("foobar") == 0x85944171f73967e8ull);
    assert_true(hash_fnv1a(HASH_FNV1A_SEED, "foobar", 6) == hash_str("foobar"));
    assert_true(hash_fnv1a(HASH_FNV1A_SEED ^ 1, "foobar", 6) != hash_str("foobar"));
}

static void
vec_grows_by_doubling_and_keeps_the_old_block_on_failure(void **state)
{
    int *v = NULL, *nv;
    size_t n = 0, cap = 0;

    (void)state;
    for (int i = 0; i < 1000; i++) {
        nv = vec_grow(v, n, &cap, sizeof *v, 4);
        assert_non_null(nv);
        v = nv;
        v[n++] = i;
    }
    assert_int_equal(cap, 1024);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    /* a size that overflows: NULL, nothing changed */
    size_t huge = SIZE_MAX / 2 + 1;
    assert_null(vec_grow(v, huge, &huge, sizeof *v, 4));
    assert_int_equal(huge, SIZE_MAX / 2 + 1);
    free(v);
}

static int evaluated;

static int
count_me(void)
{
    return ++evaluated;
}

static void
log_below_the_threshold_evaluates_nothing(void **state)
{
    (void)state;
    log_set_level(LOG_LEVEL_WARN);
    assert_int_equal(log_level(), LOG_LEVEL_WARN);
    log_debug("never %d", count_me());
    log_info("never %d", count_me());
    assert_int_equal(evaluated, 0);
    log_set_level(LOG_LEVEL_ERROR);
    log_warn("never %d", count_me());
    assert_int_equal(evaluated, 0);
    log_set_level(99);
    assert_int_equal(log_level(), LOG_LEVEL_DEBUG);
    log_set_level(LOG_LEVEL_INFO);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_round_trips),
        cmocka_unit_test(the_wire_format_is_as_documented),
        cmocka_unit_test(a_newline_in_a_message_stays_one_line),
        cmocka_unit_test(a_long_message_is_cut_not_overrun),
        cmocka_unit_test(what_is_not_a_line_is_none),
        cmocka_unit_test(fnv1a_matches_the_reference_vectors),
        cmocka_unit_test(vec_grows_by_doubling_and_keeps_the_old_block_on_failure),
        cmocka_unit_test(log_below_the_threshold_evaluates_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
