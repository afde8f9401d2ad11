/* SPDX-License-Identifier: MIT
 * hostile_test.c - sticks built to hurt: each case is imported in a child
 * process, so the test can read its peak memory (wait4's rusage), and is
 * checked for the result the spec asks (refused, or the file skipped),
 * bounded memory, nothing from outside the bundle in the database, and
 * the previous content intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "testutil.h"

#include "core/config.h"
#include "importer.h"
#include "store/store.h"

/* Generous for an ASan build (its shadow memory alone is tens of MiB), and
 * still far below what reading any of these inputs whole would take. */
#define MAX_RSS_KIB (160L * 1024)

static char *dir;
static char stick[400], db[400], outside[400];

static int
setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    snprintf(stick, sizeof stick, "%s/stick", dir);
    snprintf(db, sizeof db, "%s/news.db", dir);
    snprintf(outside, sizeof outside, "%s/outside", dir);
    /* Previous content that must survive every case. */
    char old[450];
    snprintf(old, sizeof old, "%s/old", dir);
    tu_write(old, "newskiosk/articles/old.txt", "Old story\nStill here.\n", -1);
    tu_write(outside, "secret.txt", "SECRET-OUTSIDE\nfrom outside the bundle\n", -1);
    Config cfg;
    config_defaults(&cfg);
    ImportOpts o = {&cfg, NULL, NULL, NULL, NULL, 0};
    ImportResult res;
    Err e;
    Store *st = store_open(db, STORE_RDWR, &e);
    assert_int_equal(import_bundle(st, old, &o, &res, &e), K_OK);
    store_close(st);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    tu_rmrf(dir);
    free(dir);
    return 0;
}

typedef struct Outcome {
    int rc;            /* import_bundle's result, from the child's exit code */
    int skipped;
    long maxrss_kib;
} Outcome;

static Outcome
import_in_child(const Config *cfg)
{
    Outcome out = {0, 0, 0};
    int pipefd[2];
    struct rusage ru;
    int status = 0;

    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ImportOpts o = {cfg, NULL, NULL, NULL, NULL, 0};
        ImportResult res;
        Err e;
        close(pipefd[0]);
        Store *st = store_open(db, STORE_RDWR, &e);
        int rc = st ? import_bundle(st, stick, &o, &res, &e) : K_EDB;
        store_close(st);
        int msg[2] = {rc, res.skipped};
        if (write(pipefd[1], msg, sizeof msg) != sizeof msg)
            _exit(3);
        if (rc != K_OK)
            fprintf(stderr, "  (refused as expected? %s: %s)\n", e.file, e.msg);
        _exit(0);
    }
    close(pipefd[1]);
    int msg[2] = {99, 0};
    assert_int_equal(read(pipefd[0], msg, sizeof msg), (ssize_t)sizeof msg);
    close(pipefd[0]);
    assert_int_equal(wait4(pid, &status, 0, &ru), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    out.rc = msg[0];
    out.skipped = msg[1];
    out.maxrss_kib = ru.ru_maxrss;
    return out;
}

/* Run the case; expect rc (and, for K_OK, that 'skipped' articles were
 * skipped); check memory, the outside secret, and the old content. */
static void
run_case(const Config *cfg, int want_rc, int want_skipped)
{
    char *before = tu_dump(db);
    Outcome o = import_in_child(cfg);
    char *after = tu_dump(db);

    if (o.rc != want_rc)
        fail_msg("expected %s, got %s", err_name(want_rc), err_name(o.rc));
    fprintf(stderr, "  peak RSS %ld KiB\n", o.maxrss_kib);
    if (o.maxrss_kib > MAX_RSS_KIB)
        fail_msg("peak RSS %ld KiB, over the bound of %ld KiB", o.maxrss_kib, MAX_RSS_KIB);
    assert_null(strstr(after, "SECRET-OUTSIDE"));
    if (want_rc != K_OK) {
        assert_string_equal(before, after);
    } else {
        assert_int_equal(o.skipped, want_skipped);
        /* replace mode: the old story is gone only because a good bundle came */
        assert_null(strstr(after, "Still here."));
    }
    free(before);
    free(after);
}

static Config
defaults(void)
{
    Config c;
    config_defaults(&c);
    return c;
}

static void
good(const char *rel)
{
    char p[300];
    snprintf(p, sizeof p, "newskiosk/articles/%s", rel);
    tu_write(stick, p, "A fine story\nSummary.\n", -1);
}

static void
symlink_to_outside_file(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    assert_int_equal(symlink(tu_path(outside, "secret.txt"), tu_path(stick, "newskiosk/articles/0002.txt")), 0);
    run_case(&c, K_EUNSAFE, 0);
}

static void
symlink_to_dev_zero(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    assert_int_equal(symlink("/dev/zero", tu_path(stick, "newskiosk/articles/zero.txt")), 0);
    run_case(&c, K_EUNSAFE, 0);
}

static void
symlinked_bundle_folder(void **state)
{
    Config c = defaults();
    (void)state;
    tu_write(outside, "b/articles/x.txt", "SECRET-OUTSIDE\nS\n", -1);
    mkdir(stick, 0755);
    assert_int_equal(symlink(tu_path(outside, "b"), tu_path(stick, "newskiosk")), 0);
    /* the stick's newskiosk/ itself is a link: not found as a folder */
    Outcome o = import_in_child(&c);
    assert_true(o.rc != K_OK);
}

static void
image_path_traversal_is_not_read(void **state)
{
    Config c = defaults();
    (void)state;
    tu_write(stick, "newskiosk/articles/0001.txt",
             "---\nimage: images/../../outside/secret.txt\n---\nT\nS\n", -1);
    run_case(&c, K_OK, 0);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM images"), 0);
}

static void
fifo_in_articles(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    assert_int_equal(mkfifo(tu_path(stick, "newskiosk/articles/pipe.txt"), 0644), 0);
    run_case(&c, K_EUNSAFE, 0);
}

static void
fifo_as_manifest(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    assert_int_equal(mkfifo(tu_path(stick, "newskiosk/manifest.json"), 0644), 0);
    run_case(&c, K_EUNSAFE, 0);
}

static void
sparse_2gib_article_is_skipped_unread(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    int fd = open(tu_path(stick, "newskiosk/articles/huge.txt"), O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 2LL * 1024 * 1024 * 1024), 0);
    close(fd);
    run_case(&c, K_OK, 1);
}

static void
sparse_2gib_image_is_left_out(void **state)
{
    Config c = defaults();
    (void)state;
    tu_write(stick, "newskiosk/articles/0001.txt", "---\nimage: images/big.jpg\n---\nT\nS\n", -1);
    tu_write(stick, "newskiosk/images/big.jpg", "", 0);
    assert_int_equal(truncate(tu_path(stick, "newskiosk/images/big.jpg"), 2LL * 1024 * 1024 * 1024), 0);
    run_case(&c, K_OK, 0);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM images"), 0);
}

static void
hundred_thousand_tiny_files(void **state)
{
    Config c = defaults();
    char name[512];
    (void)state;
    /* Created with open/close only: fast enough for every test run. */
    tu_write(stick, "newskiosk/articles/00000.txt", "T\nS\n", -1);
    for (int i = 1; i < 100000; i++) {
        snprintf(name, sizeof name, "%s/newskiosk/articles/%05d.txt", stick, i);
        int fd = open(name, O_WRONLY | O_CREAT, 0644);
        assert_true(fd >= 0);
        close(fd);
    }
    run_case(&c, K_ELIMIT, 0);
}

static void
thousand_deep_folders(void **state)
{
    Config c = defaults();
    char path[4096];
    (void)state;
    good("0001.txt");
    int fd = open(tu_path(stick, "newskiosk/articles"), O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(mkdirat(fd, "d", 0755), 0);
        int next = openat(fd, "d", O_RDONLY | O_DIRECTORY);
        close(fd);
        assert_true(next >= 0);
        fd = next;
    }
    close(fd);
    (void)path;
    run_case(&c, K_ELIMIT, 0);
}

static void
manifest_with_huge_numbers(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    tu_write(stick, "newskiosk/manifest.json",
             "{\"format\": 100000000000000000000000000000000000000000000000000000000000000000001}", -1);
    run_case(&c, K_EPARSE, 0);
}

static void
manifest_nested_deeply(void **state)
{
    Config c = defaults();
    size_t n = 200000;
    char *deep = malloc(n + 8);
    (void)state;
    good("0001.txt");
    memset(deep, '[', n);
    deep[n] = '\0';
    tu_write(stick, "newskiosk/manifest.json", deep, (long)n);
    free(deep);
    run_case(&c, K_EPARSE, 0);
}

static void
manifest_path_traversal(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    tu_write(stick, "newskiosk/manifest.json",
             "{\"files\": {\"/etc/shadow\": \"0000000000000000000000000000000000000000000000000000000000000000\"}}", -1);
    run_case(&c, K_EUNSAFE, 0);
}

static void
invalid_utf8_names(void **state)
{
    Config c = defaults();
    (void)state;
    good("0001.txt");
    good("\xc0\xaf\xff.txt");
    run_case(&c, K_OK, 0);
}

static void
articles_of_binary_junk(void **state)
{
    Config c = defaults();
    char junk[4096];
    (void)state;
    good("0001.txt");
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)(x >> 24);
    }
    tu_write(stick, "newskiosk/articles/0002.txt", junk, sizeof junk);
    tu_write(stick, "newskiosk/articles/0003.txt", "\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
    run_case(&c, K_OK, 2);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(symlink_to_outside_file),
        T(symlink_to_dev_zero),
        T(symlinked_bundle_folder),
        T(image_path_traversal_is_not_read),
        T(fifo_in_articles),
        T(fifo_as_manifest),
        T(sparse_2gib_article_is_skipped_unread),
        T(sparse_2gib_image_is_left_out),
        T(hundred_thousand_tiny_files),
        T(thousand_deep_folders),
        T(manifest_with_huge_numbers),
        T(manifest_nested_deeply),
        T(manifest_path_traversal),
        T(invalid_utf8_names),
        T(articles_of_binary_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
