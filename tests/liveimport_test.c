/* SPDX-License-Identifier: MIT
 * liveimport_test.c - sticks appearing under a watch folder are imported by
 * a real `newskiosk import` child: boot import, no re-import, a refused
 * stick, a stick pulled midway, and the words the import screen shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "core/config.h"
#include "liveimport.h"

static char *dir;
static char watch[400], db[400], self[600];
static Config cfg;

static int64_t
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char argv0_dir[480];
static int can_exec;      /* the binary can be started as a child here */

static int
setup(void **state)
{
    const char *build = getenv("BUILD");
    (void)state;
    dir = tu_tmpdir();
    snprintf(watch, sizeof watch, "%s/media", dir);
    snprintf(db, sizeof db, "%s/news.db", dir);
    mkdir(watch, 0755);
    /* the binary beside this test's folder ($B/tests/x -> $B/newskiosk), so
     * a cross build run under qemu finds its own, not build/asan's */
    if (build == NULL && argv0_dir[0])
        snprintf(self, sizeof self, "%s/../newskiosk", argv0_dir);
    else
        snprintf(self, sizeof self, "%s/newskiosk", build ? build : "build/asan");
    if (access(self, X_OK) != 0) {
        fprintf(stderr, "liveimport_test needs the binary at %s (set BUILD)\n", self);
        return -1;
    }
    config_defaults(&cfg);
    snprintf(cfg.watch[0], CONFIG_PATH_MAX, "%s", watch);
    cfg.nwatch = 1;
    /* The live import starts the binary as a child. A cross build run under
     * qemu-user, on a machine with no binfmt entry for the target, cannot
     * start a child of its own architecture: that is the machine's limit,
     * said and skipped, not a failure (and not a reason to run another
     * architecture's binary instead). */
    can_exec = 0;
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(self, self, "--version", (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0)
        can_exec = 1;
    else
        fprintf(stderr, "liveimport_test: %s cannot be started here (a cross build under "
                        "qemu-user with no binfmt entry?): live imports skipped\n", self);
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

static void
stick(const char *name, int narticles)
{
    char rel[300];
    char path[600];
    snprintf(path, sizeof path, "%s/%s", watch, name);
    for (int i = 0; i < narticles; i++) {
        snprintf(rel, sizeof rel, "newskiosk/articles/%05d.txt", i);
        tu_write(path, rel, "A story from the stick\nIts summary.\nA paragraph.\n", -1);
    }
}

/* Poll until the import is no longer running (or 120 s). */
static LiveStatus
wait_result(LiveImport *li)
{
    LiveStatus st;
    int64_t end = now_ms() + 120000;
    memset(&st, 0, sizeof st);
    do {
        live_poll(li, now_ms(), &st);
        if (st.state != LIVE_IDLE && st.state != LIVE_RUNNING && !live_busy(li))
            return st;
        usleep(10000);
    } while (now_ms() < end);
    fail_msg("the import did not finish");
    return st;
}

static void
a_stick_present_at_start_is_imported(void **state)
{
    (void)state;
    if (!can_exec)
        skip();
    stick("USB1", 5);
    LiveImport *li = live_new(&cfg, self, db, NULL);
    LiveStatus st = wait_result(li);
    assert_int_equal(st.state, LIVE_DONE);
    assert_int_equal(st.imported, 5);
    assert_int_equal(st.done, 5);
    assert_int_equal(st.total, 5);
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM articles"), 5);
    char title[200], detail[1200];
    live_describe(&st, title, sizeof title, detail, sizeof detail);
    assert_non_null(strstr(detail, "Imported 5 stories"));
    assert_non_null(strstr(detail, "You can remove the stick now."));
    live_free(li);
}

static void
a_stick_is_tried_once_while_plugged_and_again_when_replugged(void **state)
{
    (void)state;
    if (!can_exec)
        skip();
    stick("USB1", 3);
    LiveImport *li = live_new(&cfg, self, db, NULL);
    live_set_scan_ms(li, 10);
    LiveStatus st = wait_result(li);
    assert_int_equal(st.state, LIVE_DONE);
    /* Still plugged: later scans start nothing. */
    for (int i = 0; i < 20; i++) {
        live_poll(li, now_ms(), &st);
        assert_false(live_busy(li));
        usleep(5000);
    }
    /* Pulled and plugged back: tried again, and found unchanged. */
    char path[600];
    snprintf(path, sizeof path, "%s/USB1", watch);
    tu_rmrf(path);
    usleep(20000);
    live_poll(li, now_ms(), &st);   /* notices the stick is gone */
    assert_false(live_busy(li));
    stick("USB1", 3);
    int64_t end = now_ms() + 10000;
    while (!live_busy(li) && now_ms() < end) {
        live_poll(li, now_ms(), &st);
        usleep(2000);
    }
    assert_int_equal(st.state, LIVE_RUNNING);
    st = wait_result(li);
    assert_int_equal(st.state, LIVE_UNCHANGED);
    char title[200], detail[1200];
    live_describe(&st, title, sizeof title, detail, sizeof detail);
    assert_string_equal(title, "Already imported");
    assert_int_equal(tu_query_int(db, "SELECT count(*) FROM imports WHERE result='unchanged'"), 1);
    live_free(li);
}

static void
a_refused_stick_says_why_and_changes_nothing(void **state)
{
    (void)state;
    if (!can_exec)
        skip();
    stick("BAD", 2);
    char link[700];
    snprintf(link, sizeof link, "%s/BAD/newskiosk/articles/zz.txt", watch);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    LiveImport *li = live_new(&cfg, self, db, NULL);
    LiveStatus st = wait_result(li);
    assert_int_equal(st.state, LIVE_FAILED);
    assert_int_equal(st.stick_gone, 0);
    assert_non_null(strstr(st.reason, "articles/zz.txt"));
    char title[200], detail[1200];
    live_describe(&st, title, sizeof title, detail, sizeof detail);
    assert_string_equal(title, "Stick not imported");
    assert_non_null(strstr(detail, "keeps the news it had"));
    live_free(li);
}

static void
a_stick_pulled_midway_keeps_the_old_news(void **state)
{
    (void)state;
    if (!can_exec)
        skip();
    /* Old content first. */
    stick("OLD", 2);
    LiveImport *li = live_new(&cfg, self, db, NULL);
    live_set_scan_ms(li, 10);
    assert_int_equal(wait_result(li).state, LIVE_DONE);
    char *before = tu_dump(db);

    stick("BIG", 4000);
    LiveStatus st;
    int64_t end = now_ms() + 60000;
    char path[600];
    snprintf(path, sizeof path, "%s/BIG", watch);
    /* Wait for the first progress, then pull the stick. */
    do {
        live_poll(li, now_ms(), &st);
        usleep(2000);
    } while ((st.state != LIVE_RUNNING || st.done < 1 || !live_busy(li)) && now_ms() < end);
    assert_int_equal(st.state, LIVE_RUNNING);
    tu_rmrf(path);
    st = wait_result(li);
    if (st.state == LIVE_DONE)
        skip();   /* the machine imported 4,000 articles faster than rm: nothing to test */
    assert_int_equal(st.state, LIVE_FAILED);
    assert_int_equal(st.stick_gone, 1);
    char title[200], detail[1200];
    live_describe(&st, title, sizeof title, detail, sizeof detail);
    assert_string_equal(title, "Stick removed too soon");
    char *after = tu_dump(db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    live_free(li);
}

/* A stick being pulled fails its reads a moment before it is unmounted:
 * an import that failed while the stick still looked plugged in, followed
 * by the stick going within seconds, is "removed too soon", not "not
 * imported" (the VM saw the unmount 3 s after the failure). */
static void
a_stick_gone_just_after_its_import_failed_was_removed_too_soon(void **state)
{
    (void)state;
    if (!can_exec)
        skip();
    stick("PULLED", 2);
    char link[700], path[600];
    snprintf(link, sizeof link, "%s/PULLED/newskiosk/articles/zz.txt", watch);
    assert_int_equal(symlink("/etc/passwd", link), 0);
    snprintf(path, sizeof path, "%s/PULLED", watch);
    LiveImport *li = live_new(&cfg, self, db, NULL);
    LiveStatus st;
    int64_t end = now_ms() + 60000;
    memset(&st, 0, sizeof st);
    do {  /* the child has said why it failed ... */
        live_poll(li, now_ms(), &st);
        usleep(10000);
    } while (!st.reason[0] && now_ms() < end);
    assert_true(st.reason[0] != '\0');
    usleep(300000);  /* ... and exited */
    live_poll(li, now_ms(), &st);
    tu_rmrf(path);   /* then the stick goes */
    st = wait_result(li);
    assert_int_equal(st.state, LIVE_FAILED);
    assert_int_equal(st.stick_gone, 1);
    char title[200], detail[1200];
    live_describe(&st, title, sizeof title, detail, sizeof detail);
    assert_string_equal(title, "Stick removed too soon");
    live_free(li);
}

int
main(int argc, char **argv)
{
    (void)argc;
    snprintf(argv0_dir, sizeof argv0_dir, "%s", argv[0]);
    char *slash = strrchr(argv0_dir, '/');
    if (slash)
        *slash = '\0';
    else
        argv0_dir[0] = '\0';
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_stick_present_at_start_is_imported),
        T(a_stick_is_tried_once_while_plugged_and_again_when_replugged),
        T(a_refused_stick_says_why_and_changes_nothing),
        T(a_stick_pulled_midway_keeps_the_old_news),
        T(a_stick_gone_just_after_its_import_failed_was_removed_too_soon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
