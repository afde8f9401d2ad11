/* SPDX-License-Identifier: MIT
 * inbox_test.c - the inbox rules against a simulated slow writer: files
 * that appear one by one, a sync engine's temporaries renamed into place,
 * a bundle rewritten while it is imported, a new edition over an old one.
 * Time is simulated (inbox_poll takes the clock); the files are real. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include "inbox.h"

#define QUIET 5000

static char *dir;
static char box[600], bundle[700];
static Inbox *ib;

static int
setup(void **state)
{
    const char *dirs[1];
    (void)state;
    dir = tu_tmpdir();
    snprintf(box, sizeof box, "%s/inbox", dir);
    snprintf(bundle, sizeof bundle, "%s/news", box);
    mkdir(box, 0755);
    dirs[0] = box;
    ib = inbox_new(dirs, 1, QUIET);
    return ib ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    inbox_free(ib);
    tu_rmrf(dir);
    free(dir);
    return 0;
}

/* 1 when the inbox hands out the bundle at t (and checks which). */
static int
ready(int64_t t)
{
    char path[1024];
    if (!inbox_poll(ib, t, path, sizeof path))
        return 0;
    assert_string_equal(path, bundle);
    return 1;
}

static void
write_story(const char *name, const char *text)
{
    char rel[128];
    snprintf(rel, sizeof rel, "news/articles/%s", name);
    tu_write(box, rel, text, -1);
}

static void
inbox_waits_for_a_slow_writer_to_be_still(void **state)
{
    (void)state;
    write_story("0001.txt", "One\nSummary\n");
    assert_int_equal(ready(0), 0);
    write_story("0002.txt", "Two\nSummary\n");
    assert_int_equal(ready(2000), 0);
    write_story("0003.txt", "Three\nSummary\n");
    assert_int_equal(ready(4000), 0);
    /* still since 4000: not before 9000 */
    assert_int_equal(ready(8999), 0);
    assert_int_equal(ready(9000), 1);
    assert_int_equal(inbox_done(ib, bundle, 9100), 1);
    /* tried: not again while nothing changes */
    assert_int_equal(ready(60000), 0);
}

static void
inbox_never_takes_a_bundle_with_temporaries(void **state)
{
    static const char *const temps[] = {
        "news/articles/.syncthing.0002.txt.tmp",
        "news/articles/~syncthing~0002.txt.tmp",
        "news/articles/.0002.txt.Xa3b9Q",   /* rsync */
    };
    char from[1024], to[1024];
    (void)state;
    for (size_t i = 0; i < sizeof temps / sizeof temps[0]; i++) {
        int64_t t0 = (int64_t)i * 100000;
        write_story("0001.txt", i == 0 ? "One\nS\n" : i == 1 ? "Uno\nS\n" : "Eins\nS\n");
        tu_write(box, temps[i], "Two\nhalf writ", -1);
        assert_int_equal(ready(t0), 0);
        /* a stalled engine: still for ages, but not complete */
        assert_int_equal(ready(t0 + 10 * QUIET), 0);
        /* the engine renames its temporary into place */
        snprintf(from, sizeof from, "%s/%s", box, temps[i]);
        snprintf(to, sizeof to, "%s/news/articles/0002.txt", box);
        assert_int_equal(rename(from, to), 0);
        assert_int_equal(ready(t0 + 10 * QUIET + 1), 0);
        assert_int_equal(ready(t0 + 11 * QUIET + 1), 1);
        assert_int_equal(inbox_done(ib, bundle, t0 + 11 * QUIET + 2), 1);
    }
}

static void
inbox_tries_a_new_edition_synced_over_the_old(void **state)
{
    (void)state;
    write_story("0001.txt", "Edition one\nS\n");
    assert_int_equal(ready(0), 0);
    assert_int_equal(ready(QUIET), 1);
    assert_int_equal(inbox_done(ib, bundle, QUIET), 1);
    assert_int_equal(ready(3 * QUIET), 0);
    /* same name, same size: a rewrite is still seen (mtime, ctime, inode) */
    write_story("0001.txt", "Edition two\nS\n");
    assert_int_equal(ready(3 * QUIET + 1), 0);
    assert_int_equal(ready(4 * QUIET + 1), 1);
}

static void
inbox_retries_a_bundle_rewritten_mid_import(void **state)
{
    (void)state;
    write_story("0001.txt", "One\nS\n");
    write_story("0002.txt", "Two\nS\n");
    assert_int_equal(ready(0), 0);
    assert_int_equal(ready(QUIET), 1);
    /* the importer runs; the engine rewrites a file meanwhile */
    write_story("0002.txt", "Two, second take\nS\n");
    assert_int_equal(inbox_done(ib, bundle, QUIET + 500), 0);
    /* not judged on that import: tried again once still */
    assert_int_equal(ready(QUIET + 600), 0);
    assert_int_equal(ready(2 * QUIET + 499), 0);
    assert_int_equal(ready(2 * QUIET + 500), 1);
    assert_int_equal(inbox_done(ib, bundle, 2 * QUIET + 600), 1);
}

static void
inbox_ignores_hidden_and_temporary_folders_and_files_at_the_top(void **state)
{
    char path[1024];
    (void)state;
    tu_write(box, ".stfolder/x", "", 0);
    tu_write(box, ".stversions/old/articles/0001.txt", "Old\nS\n", -1);
    tu_write(box, "~syncthing~news2/articles/0001.txt", "T\nS\n", -1);
    tu_write(box, "README.txt", "not a bundle\n", -1);
    assert_int_equal(inbox_poll(ib, 0, path, sizeof path), 0);
    assert_int_equal(inbox_poll(ib, 100 * QUIET, path, sizeof path), 0);
}

static void
inbox_forgets_a_bundle_that_went_away(void **state)
{
    (void)state;
    write_story("0001.txt", "One\nS\n");
    assert_int_equal(ready(0), 0);
    assert_int_equal(ready(QUIET), 1);
    assert_int_equal(inbox_done(ib, bundle, QUIET), 1);
    tu_rmrf(bundle);
    assert_int_equal(ready(2 * QUIET), 0);
    /* it comes back (the same edition, synced again): tried again; the
     * importer's digest then says whether it is new */
    write_story("0001.txt", "One\nS\n");
    assert_int_equal(ready(3 * QUIET), 0);
    assert_int_equal(ready(4 * QUIET), 1);
}

static void
inbox_knows_sync_engine_temporaries(void **state)
{
    (void)state;
    assert_true(inbox_is_temp(".syncthing.0001.txt.tmp"));
    assert_true(inbox_is_temp("~syncthing~0001.txt.tmp"));
    assert_true(inbox_is_temp(".0001.txt.a1B2c3"));
    assert_false(inbox_is_temp("0001.txt"));
    assert_false(inbox_is_temp(".stignore"));
    assert_false(inbox_is_temp(".stfolder"));
    assert_false(inbox_is_temp("manifest.json"));
    assert_false(inbox_is_temp(".syncthing.tmp"));
    assert_false(inbox_is_temp(".0001.txt.a1B2c"));   /* five, not six */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(inbox_waits_for_a_slow_writer_to_be_still),
        T(inbox_never_takes_a_bundle_with_temporaries),
        T(inbox_tries_a_new_edition_synced_over_the_old),
        T(inbox_retries_a_bundle_rewritten_mid_import),
        T(inbox_ignores_hidden_and_temporary_folders_and_files_at_the_top),
        T(inbox_forgets_a_bundle_that_went_away),
        T(inbox_knows_sync_engine_temporaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
