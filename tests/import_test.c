/* SPDX-License-Identifier: MIT
 * import_test.c - bundles built at test time -> the store: modes, repeats,
 * limits, hostile files, and that every failure leaves the content as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/sysmacros.h>
#include <time.h>

#include "testutil.h"

#include "bundle/safefs.h"
#include "core/config.h"
#include "importer.h"
#include "store/store.h"

typedef struct Fix {
    char *dir;       /* temp root */
    char stick[4200];/* <dir>/stick: the mount point */
    char db[4200];
    Config cfg;
    Err err;
    ImportResult res;
    int nwarn;
    char lastwarn[1024];
    long long clock_ns; /* the import's clock for fingerprints; 0 = the system's */
} Fix;

static int
setup(void **state)
{
    Fix *f = calloc(1, sizeof *f);
    f->dir = tu_tmpdir();
    snprintf(f->stick, sizeof f->stick, "%s/stick", f->dir);
    snprintf(f->db, sizeof f->db, "%s/news.db", f->dir);
    config_defaults(&f->cfg);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    Fix *f = *state;
    tu_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static void
on_warn(void *ctx, const char *msg)
{
    Fix *f = ctx;
    f->nwarn++;
    snprintf(f->lastwarn, sizeof f->lastwarn, "%s", msg);
}

/* Write an article into the stick's bundle. */
static void
art(Fix *f, const char *name, const char *text)
{
    char rel[512];
    snprintf(rel, sizeof rel, "newskiosk/articles/%s", name);
    tu_write(f->stick, rel, text, -1);
}

static int
do_import_with(Fix *f, const char *path, ImportProgressFn progress, void *pctx)
{
    ImportOpts o;
    Store *st;
    int rc;

    memset(&o, 0, sizeof o);
    o.cfg = &f->cfg;
    o.clock_ns = f->clock_ns;
    o.warn = on_warn;
    o.progress = progress;
    o.ctx = progress ? pctx : f;
    if (progress)
        o.warn = NULL;
    f->nwarn = 0;
    err_clear(&f->err);
    st = store_open(f->db, STORE_RDWR, &f->err);
    assert_non_null(st);
    rc = import_bundle(st, path, &o, &f->res, &f->err);
    store_close(st);
    return rc;
}

static int
do_import(Fix *f)
{
    return do_import_with(f, f->stick, NULL, NULL);
}

static void
base_bundle(Fix *f)
{
    art(f, "0001.txt", "First story\nIts summary.\nBody one.\n");
    art(f, "0002.txt", "Second story\nSummary two.\nBody two.\nOriginal Source: www.two.example\n");
    art(f, "0003.txt", "---\nid: third\ncategory: Local\n---\nThird story\nSummary three.\n");
}

static void
imports_from_a_mount_point_and_from_the_folder(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.imported, 3);
    assert_int_equal(f->res.skipped, 0);
    assert_int_equal(f->res.total, 3);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles"), 3);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE id='third' AND category='Local'"), 1);
    /* The folder itself works too (and is the same bundle, so unchanged). */
    assert_int_equal(do_import_with(f, tu_path(f->stick, "newskiosk"), NULL, NULL), K_OK);
    assert_int_equal(f->res.unchanged, 1);
}

static void
no_bundle_folder_is_a_clear_error(void **state)
{
    Fix *f = *state;
    tu_write(f->stick, "holiday.jpg", "x", 1);
    assert_int_equal(do_import(f), K_ENOTFOUND);
    assert_non_null(strstr(f->err.msg, "newskiosk"));
}

static void
same_bundle_twice_is_not_imported_again(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    char *before = tu_dump(f->db);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    char *after = tu_dump(f->db);
    assert_string_equal(before, after);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM bundles"), 1);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM imports WHERE result='unchanged'"), 1);
    free(before);
    free(after);
}

static void
replace_mode_drops_the_old_set_and_merge_keeps_it(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    assert_int_equal(do_import(f), K_OK);

    tu_rmrf(f->stick);
    art(f, "a.txt", "Only story\nS.\n");
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles"), 1);

    tu_rmrf(f->stick);
    tu_write(f->stick, "newskiosk/manifest.json", "{\"format\":1,\"id\":\"m1\",\"mode\":\"merge\"}", -1);
    art(f, "a.txt", "Only story, updated\nS2.\n");
    art(f, "b.txt", "New story\nS.\n");
    assert_int_equal(do_import(f), K_OK);
    assert_string_equal(f->res.bundle_id, "m1");
    assert_int_equal(f->res.replace, 0);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE title='Only story, updated'"), 1);
    /* The full-text index follows updates. */
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'updated'"), 1);
}

static void
display_order_is_pin_priority_file_name(void **state)
{
    Fix *f = *state;
    Err e;
    art(f, "0001.txt", "One\nS\n");
    art(f, "0002.txt", "---\npriority: 2\n---\nTwo\nS\n");
    art(f, "0003.txt", "---\npin: true\n---\nThree\nS\n");
    art(f, "0004.txt", "---\nexpires: 2020-01-01\n---\nFour\nS\n");
    art(f, "sub/0000.txt", "Zero in a folder\nS\n");
    assert_int_equal(do_import(f), K_OK);
    Store *st = store_open(f->db, STORE_RDONLY, &e);
    assert_non_null(st);
    int n = -1;
    assert_int_equal(store_count(st, "2025-06-01", &n, &e), K_OK);
    assert_int_equal(n, 4);   /* "Four" expired */
    assert_int_equal(store_count(st, NULL, &n, &e), K_OK);
    assert_int_equal(n, 5);
    store_close(st);
    /* pin first, then priority 2, then file names */
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE id='0000' AND file='articles/sub/0000.txt'"), 1);
}

static int
collect_titles(void *ctx, const StoreHeadline *h)
{
    char *buf = ctx;
    strcat(buf, h->title);
    strcat(buf, "|");
    return 0;
}

static void
headlines_walk_in_display_order(void **state)
{
    Fix *f = *state;
    Err e;
    char titles[512] = "";
    art(f, "0001.txt", "One\nS\n");
    art(f, "0002.txt", "---\npriority: 2\n---\nTwo\nS\n");
    art(f, "0003.txt", "---\npin: true\n---\nThree\nS\n");
    art(f, "0004.txt", "---\nexpires: 2020-01-01\n---\nFour\nS\n");
    assert_int_equal(do_import(f), K_OK);
    Store *st = store_open(f->db, STORE_RDONLY, &e);
    assert_int_equal(store_headlines(st, "2025-06-01", collect_titles, titles, &e), K_OK);
    assert_string_equal(titles, "Three|Two|One|");
    store_close(st);
}

static void
bad_articles_are_skipped_and_the_rest_import(void **state)
{
    Fix *f = *state;
    art(f, "0001.txt", "Good\nS\n");
    art(f, "0002.txt", "\n\n");
    art(f, "0003.txt", "---\nid: x\n");
    art(f, "notes.doc", "ignored");
    tu_write(f->stick, "newskiosk/articles/._0001.txt", "\x00\x05\x16\x07", 4);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.imported, 1);
    assert_int_equal(f->res.skipped, 2);
    assert_int_equal(f->nwarn, 3);   /* two skips + the .doc; the macOS ._ file is silent */
}

static void
an_oversized_article_is_skipped(void **state)
{
    Fix *f = *state;
    char *big = malloc(3000);
    memset(big, 'x', 2999);
    big[0] = 'T';
    big[1] = '\n';
    big[2999] = '\0';
    f->cfg.max_article_bytes = 2048;
    art(f, "0001.txt", "Good\nS\n");
    art(f, "0002.txt", big);
    free(big);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.skipped, 1);
    assert_non_null(strstr(f->lastwarn, "articles/0002.txt"));
    assert_non_null(strstr(f->lastwarn, "skipped"));
}

static void
a_bundle_of_only_bad_articles_changes_nothing(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    assert_int_equal(do_import(f), K_OK);
    char *before = tu_dump(f->db);
    tu_rmrf(f->stick);
    art(f, "0001.txt", "\n");
    assert_int_equal(do_import(f), K_EPARSE);
    char *after = tu_dump(f->db);
    assert_string_equal(before, after);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM imports WHERE result='rejected'"), 1);
    free(before);
    free(after);
}

/* Each hostile case: the import fails with the code, naming the file, and
 * the database content is exactly as before. */
static void
expect_rejected(Fix *f, int code, const char *file_part)
{
    char *before = tu_dump(f->db);
    int rc = do_import(f);
    char *after = tu_dump(f->db);
    if (rc != code)
        fail_msg("expected %s, got %d (%s: %s)", err_name(code), rc, f->err.file, f->err.msg);
    if (file_part && strstr(f->err.file, file_part) == NULL)
        fail_msg("expected the message to name %s, got '%s: %s'", file_part, f->err.file, f->err.msg);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void
prime(Fix *f)
{
    /* Some content to lose, in a separate bundle folder. */
    char other[4300];
    snprintf(other, sizeof other, "%s/old", f->dir);
    tu_write(other, "newskiosk/articles/old.txt", "Old story\nStill here.\n", -1);
    assert_int_equal(do_import_with(f, other, NULL, NULL), K_OK);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles"), 1);
}

static void
symlinks_are_refused_not_followed(void **state)
{
    Fix *f = *state;
    prime(f);
    base_bundle(f);
    assert_int_equal(symlink("/etc/passwd", tu_path(f->stick, "newskiosk/articles/0009.txt")), 0);
    expect_rejected(f, K_EUNSAFE, "articles/0009.txt");
}

static void
symlinked_articles_folder_is_refused(void **state)
{
    Fix *f = *state;
    prime(f);
    tu_write(f->dir, "elsewhere/a.txt", "Secret\nS\n", -1);
    mkdir(tu_path(f->stick, ""), 0755);
    mkdir(tu_path(f->stick, "newskiosk"), 0755);
    assert_int_equal(symlink(tu_path(f->dir, "elsewhere"), tu_path(f->stick, "newskiosk/articles")), 0);
    expect_rejected(f, K_EUNSAFE, "articles");
}

static void
fifo_is_refused_without_blocking(void **state)
{
    Fix *f = *state;
    prime(f);
    base_bundle(f);
    assert_int_equal(mkfifo(tu_path(f->stick, "newskiosk/articles/0005.txt"), 0644), 0);
    expect_rejected(f, K_EUNSAFE, "articles/0005.txt");
}

static void
device_file_is_refused(void **state)
{
    Fix *f = *state;
    prime(f);
    base_bundle(f);
    if (mknod(tu_path(f->stick, "newskiosk/articles/0006.txt"), S_IFCHR | 0644, makedev(1, 5)) != 0)
        skip();   /* not root, or a container that forbids it */
    expect_rejected(f, K_EUNSAFE, "articles/0006.txt");
}

static void
too_many_files_is_refused(void **state)
{
    Fix *f = *state;
    char name[32];
    prime(f);
    f->cfg.max_files = 50;
    for (int i = 0; i < 60; i++) {
        snprintf(name, sizeof name, "%04d.txt", i);
        art(f, name, "T\nS\n");
    }
    expect_rejected(f, K_ELIMIT, "articles");
    assert_non_null(strstr(f->err.msg, "too many"));
}

static void
total_bytes_limit_is_enforced(void **state)
{
    Fix *f = *state;
    char *text = malloc(1500);
    prime(f);
    memset(text, 'y', 1499);
    text[0] = 'T';
    text[1] = '\n';
    text[1499] = '\0';
    f->cfg.max_total_bytes = 4000;
    art(f, "1.txt", text);
    art(f, "2.txt", text);
    art(f, "3.txt", text);
    free(text);
    expect_rejected(f, K_ELIMIT, "articles/3.txt");
}

static void
deep_folders_are_refused(void **state)
{
    Fix *f = *state;
    prime(f);
    f->cfg.max_depth = 4;
    art(f, "a/b/c/d/e/deep.txt", "T\nS\n");
    expect_rejected(f, K_ELIMIT, "articles/a/b/c");
}

static void
manifest_errors_name_the_line(void **state)
{
    Fix *f = *state;
    prime(f);
    base_bundle(f);
    tu_write(f->stick, "newskiosk/manifest.json", "{\n  \"format\": 1,\n  \"id\": \"x\"\n  \"mode\": \"replace\"\n}\n", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");
    assert_int_equal(f->err.line, 4);

    tu_write(f->stick, "newskiosk/manifest.json", "{\"format\": 2}", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");
    assert_non_null(strstr(f->err.msg, "format"));

    tu_write(f->stick, "newskiosk/manifest.json", "{\"format\": 1e999999}", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");

    tu_write(f->stick, "newskiosk/manifest.json", "{\"mode\": \"append\"}", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");

    tu_write(f->stick, "newskiosk/manifest.json", "[1,2,3]", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");

    tu_write(f->stick, "newskiosk/manifest.json",
             "{\"files\": {\"articles/../../etc/passwd\": \"00000000000000000000000000000000"
             "00000000000000000000000000000000\"}}", -1);
    expect_rejected(f, K_EUNSAFE, "manifest.json");

    /* 100,000 levels of nesting: refused, not a stack overflow. */
    size_t n = 100000;
    char *deep = malloc(2 * n + 16);
    strcpy(deep, "{\"a\":");
    size_t k = strlen(deep);
    for (size_t i = 0; i < n; i++)
        deep[k++] = '[';
    for (size_t i = 0; i < n; i++)
        deep[k++] = ']';
    deep[k++] = '}';
    deep[k] = '\0';
    tu_write(f->stick, "newskiosk/manifest.json", deep, -1);
    free(deep);
    expect_rejected(f, K_EPARSE, "manifest.json");

    tu_write(f->stick, "newskiosk/manifest.json", "{\"id\": \"bad id/with slash\"}", -1);
    expect_rejected(f, K_EPARSE, "manifest.json");
}

static int
abort_at_2(void *ctx, int done, int total)
{
    (void)ctx;
    (void)total;
    return done == 2;
}

static void
a_cancelled_import_leaves_content_as_it_was(void **state)
{
    Fix *f = *state;
    prime(f);
    base_bundle(f);
    char *before = tu_dump(f->db);
    assert_int_equal(do_import_with(f, f->stick, abort_at_2, NULL), K_EABORT);
    char *after = tu_dump(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

typedef struct Pull {
    Fix *f;
} Pull;

/* Simulates pulling the stick midway: after the first article, the rest
 * of the files vanish, so the next read fails with an I/O error. */
static int
pull_stick(void *ctx, int done, int total)
{
    Pull *p = ctx;
    (void)total;
    if (done == 1) {
        remove(tu_path(p->f->stick, "newskiosk/articles/0002.txt"));
        remove(tu_path(p->f->stick, "newskiosk/articles/0003.txt"));
    }
    return 0;
}

static void
a_stick_pulled_midway_leaves_content_as_it_was(void **state)
{
    Fix *f = *state;
    Pull p = {f};
    prime(f);
    base_bundle(f);
    char *before = tu_dump(f->db);
    assert_int_equal(do_import_with(f, f->stick, pull_stick, &p), K_EIO);
    assert_string_equal(f->err.file, "articles/0002.txt");
    assert_non_null(strstr(f->err.msg, "stick"));
    char *after = tu_dump(f->db);
    assert_string_equal(before, after);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM imports WHERE result='failed'"), 1);
    free(before);
    free(after);
}

typedef struct Peek {
    const char *db;
    long seen_mid;
} Peek;

/* A reader during the import sees only the previous content. */
static int
peek_mid_import(void *ctx, int done, int total)
{
    Peek *p = ctx;
    (void)total;
    if (done == 2)
        p->seen_mid = tu_query_int(p->db, "SELECT count(*) FROM articles");
    return 0;
}

static void
readers_never_see_a_half_import(void **state)
{
    Fix *f = *state;
    Peek p = {f->db, -2};
    prime(f);
    base_bundle(f);
    assert_int_equal(do_import_with(f, f->stick, peek_mid_import, &p), K_OK);
    assert_int_equal(p.seen_mid, 1);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles"), 3);
}

static void
images_are_stored_and_missing_ones_warned(void **state)
{
    Fix *f = *state;
    Err e;
    void *data;
    size_t len;
    art(f, "0001.txt", "---\nimage: images/pic.png\n---\nWith image\nS\n");
    art(f, "0002.txt", "---\nimage: images/none.png\n---\nMissing image\nS\n");
    tu_write(f->stick, "newskiosk/images/pic.png", "\x89PNG fake", 9);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.imported, 2);
    assert_true(f->nwarn >= 1);
    Store *st = store_open(f->db, STORE_RDONLY, &e);
    assert_int_equal(store_get_image(st, "images/pic.png", &data, &len, &e), K_OK);
    assert_int_equal(len, 9);
    free(data);
    Article a;
    assert_int_equal(store_get_article(st, "0002", &a, &e), K_OK);
    assert_string_equal(a.image, "");
    article_free(&a);
    store_close(st);
}

static void
invalid_utf8_file_names_are_skipped(void **state)
{
    Fix *f = *state;
    art(f, "good.txt", "Good\nS\n");
    art(f, "bad\xff\xfe.txt", "Bad name\nS\n");
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.imported, 1);
    assert_non_null(strstr(f->lastwarn, "not valid UTF-8"));
}

/* --- fingerprints: a re-plugged unsigned stick known without reading it ---- */

static long long
wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The kernel stamps files from a coarse clock (a few ms a tick): wait for
 * the next tick, so a rewrite gets times of its own. */
static void
next_tick(void)
{
    usleep(30 * 1000);
}

/* Set a bundle file's mtime (its ctime becomes now, as on any change). */
static void
set_mtime(Fix *f, const char *rel, time_t when)
{
    struct timespec t[2] = {{when, 0}, {when, 0}};
    assert_int_equal(utimensat(AT_FDCWD, tu_path(f->stick, rel), t, 0), 0);
}

static const char *
fingerprint_of_last(Fix *f, char *buf, size_t size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    buf[0] = '\0';
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT fingerprint FROM bundles ORDER BY seq DESC"
                                            " LIMIT 1", -1, &q, NULL), SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return buf;
}

/* A stick written an hour before the import (the clock says so). */
static void
settled_import(Fix *f)
{
    f->clock_ns = wall_ns() + 3600LL * 1000000000LL;
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.by_fingerprint, 0);
}

static void
a_settled_stick_is_known_by_its_fingerprint(void **state)
{
    Fix *f = *state;
    char fp[80], id[128];
    base_bundle(f);
    tu_write(f->stick, "newskiosk/images/p.png", "PNG1", -1);
    settled_import(f);
    assert_int_equal(f->res.imported, 3);
    snprintf(id, sizeof id, "%s", f->res.bundle_id);
    if (strlen(fingerprint_of_last(f, fp, sizeof fp)) != 64)
        fail_msg("expected a fingerprint recorded with the bundle, got '%s'", fp);
    char *before = tu_dump(f->db);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 1);
    assert_string_equal(f->res.bundle_id, id);
    char *after = tu_dump(f->db);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* verify --db knows it the same way, reading the database only */
    ImportOpts o;
    memset(&o, 0, sizeof o);
    o.cfg = &f->cfg;
    o.clock_ns = f->clock_ns;
    Store *ro = store_open(f->db, STORE_RDONLY, &f->err);
    assert_non_null(ro);
    assert_int_equal(import_verify_against(ro, f->stick, &o, &f->res, &f->err), K_OK);
    store_close(ro);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 1);
}

static void
a_changed_file_of_the_same_size_is_imported(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    settled_import(f);
    /* same length, other bytes; its mtime is now */
    next_tick();
    art(f, "0001.txt", "First STORY\nIts summary.\nBody one.\n");
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.imported, 3);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE title='First STORY'"), 1);
}

static void
a_changed_file_with_its_old_mtime_put_back_is_imported(void **state)
{
    Fix *f = *state;
    base_bundle(f);
    time_t old = time(NULL) - 86400;
    set_mtime(f, "newskiosk/articles/0001.txt", old);
    settled_import(f);
    /* the same size and the same mtime (touch -d, cp -p, a tool that keeps
     * times): the inode's change time still tells */
    next_tick();
    art(f, "0001.txt", "First STORY\nIts summary.\nBody one.\n");
    set_mtime(f, "newskiosk/articles/0001.txt", old);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE title='First STORY'"), 1);
    /* a changed picture (its mtime moved) is a changed stick too */
    tu_write(f->stick, "newskiosk/images/p.png", "PNG1", -1);
    settled_import(f);
    next_tick();
    tu_write(f->stick, "newskiosk/images/p.png", "PNG2", -1);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.by_fingerprint, 0);
}

static void
a_touched_stick_is_read_once_then_known_again(void **state)
{
    Fix *f = *state;
    char fp1[80], fp2[80];
    base_bundle(f);
    settled_import(f);
    fingerprint_of_last(f, fp1, sizeof fp1);
    /* copied anew: other times, the same bytes */
    next_tick();
    set_mtime(f, "newskiosk/articles/0002.txt", time(NULL) - 7200);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 0);
    fingerprint_of_last(f, fp2, sizeof fp2);
    assert_int_equal(strlen(fp2), 64);
    if (strcmp(fp1, fp2) == 0)
        fail_msg("expected the new fingerprint to be recorded, still %s", fp1);
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 1);
    /* a file more, a file less: read in full */
    art(f, "0004.txt", "Fourth\nS.\n");
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.imported, 4);
    tu_rmrf(tu_path(f->stick, "newskiosk/articles/0001.txt"));
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.by_fingerprint, 0);
    assert_int_equal(f->res.imported, 3);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM articles WHERE id='0001'"), 0);
}

static void
a_stick_written_just_now_gets_no_fingerprint(void **state)
{
    Fix *f = *state;
    char fp[80];
    base_bundle(f);
    /* the import's clock is the system's: its files are seconds old, and a
     * file rewritten in the same tick of its mtime could look the same */
    assert_int_equal(do_import(f), K_OK);
    assert_string_equal(fingerprint_of_last(f, fp, sizeof fp), "");
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 0);
    /* nor when the clock is behind the files (a board without a clock) */
    f->clock_ns = 86400LL * 1000000000LL;
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.by_fingerprint, 0);
    assert_string_equal(fingerprint_of_last(f, fp, sizeof fp), "");
}

static void
a_raised_limit_reads_the_stick_again(void **state)
{
    Fix *f = *state;
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "Long\nS.\n", 8);
    base_bundle(f);
    art(f, "0009.txt", big);
    f->cfg.max_article_bytes = 2048;
    settled_import(f);
    assert_int_equal(f->res.imported, 3);
    assert_int_equal(f->res.skipped, 1);
    f->cfg.max_article_bytes = 1024 * 1024;
    assert_int_equal(do_import(f), K_OK);
    assert_int_equal(f->res.unchanged, 0);
    assert_int_equal(f->res.imported, 4);
}

/* The folder cache the importer reads through: the same bytes and errors
 * as safefs_read, one folder open at a time, no symlink followed. */
static void
the_folder_cache_reads_as_safefs_read_does(void **state)
{
    Fix *f = *state;
    SafefsDirCache dc = SAFEFS_DIRCACHE_INIT;
    char *data = NULL;
    size_t len = 0;
    Err e;
    art(f, "a.txt", "AAA");
    art(f, "sub/b.txt", "BBBB");
    tu_write(f->stick, "newskiosk/images/p.png", "PNG", -1);
    int top = open(tu_path(f->stick, "newskiosk"), O_RDONLY | O_DIRECTORY);
    assert_true(top >= 0);
    const char *order[] = {"articles/a.txt", "articles/sub/b.txt", "images/p.png",
                           "articles/a.txt", "articles/a.txt"};
    const char *want[] = {"AAA", "BBBB", "PNG", "AAA", "AAA"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(safefs_read_cached(&dc, top, order[i], 100, &data, &len, &e), K_OK);
        assert_string_equal(data, want[i]);
        free(data);
    }
    assert_string_equal(dc.dir, "articles");
    assert_int_equal(safefs_read_cached(&dc, top, "articles/none.txt", 100, &data, &len, &e),
                     K_ENOTFOUND);
    assert_int_equal(safefs_read_cached(&dc, top, "articles/a.txt", 2, &data, &len, &e),
                     K_ELIMIT);
    /* the folder swapped for a symlink after it was opened: the cache
     * keeps reading the real folder it opened, never the link's target,
     * and the link is refused when the folder is opened again */
    assert_int_equal(rename(tu_path(f->stick, "newskiosk/articles"),
                            tu_path(f->stick, "newskiosk/old")), 0);
    assert_int_equal(symlink("/etc", tu_path(f->stick, "newskiosk/articles")), 0);
    assert_int_equal(safefs_read_cached(&dc, top, "articles/a.txt", 100, &data, &len, &e), K_OK);
    assert_string_equal(data, "AAA");
    free(data);
    assert_int_equal(safefs_read_cached(&dc, top, "articles/passwd", 1 << 20, &data, &len, &e),
                     K_ENOTFOUND);
    assert_int_equal(safefs_read_cached(&dc, top, "images/p.png", 100, &data, &len, &e), K_OK);
    free(data);
    assert_int_equal(safefs_read_cached(&dc, top, "articles/passwd", 1 << 20, &data, &len, &e),
                     K_EUNSAFE);
    assert_null(data);
    safefs_dircache_close(&dc);
    safefs_dircache_close(&dc);   /* twice, and on NULL: harmless */
    safefs_dircache_close(NULL);
    close(top);
}

static void
verify_imports_nothing(void **state)
{
    Fix *f = *state;
    ImportOpts o;
    base_bundle(f);
    memset(&o, 0, sizeof o);
    o.cfg = &f->cfg;
    assert_int_equal(import_bundle(NULL, f->stick, &o, &f->res, &f->err), K_OK);
    assert_int_equal(f->res.imported, 3);
    assert_int_equal(access(f->db, F_OK), -1);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(imports_from_a_mount_point_and_from_the_folder),
        T(no_bundle_folder_is_a_clear_error),
        T(same_bundle_twice_is_not_imported_again),
        T(replace_mode_drops_the_old_set_and_merge_keeps_it),
        T(display_order_is_pin_priority_file_name),
        T(headlines_walk_in_display_order),
        T(bad_articles_are_skipped_and_the_rest_import),
        T(an_oversized_article_is_skipped),
        T(a_bundle_of_only_bad_articles_changes_nothing),
        T(symlinks_are_refused_not_followed),
        T(symlinked_articles_folder_is_refused),
        T(fifo_is_refused_without_blocking),
        T(device_file_is_refused),
        T(too_many_files_is_refused),
        T(total_bytes_limit_is_enforced),
        T(deep_folders_are_refused),
        T(manifest_errors_name_the_line),
        T(a_cancelled_import_leaves_content_as_it_was),
        T(a_stick_pulled_midway_leaves_content_as_it_was),
        T(readers_never_see_a_half_import),
        T(images_are_stored_and_missing_ones_warned),
        T(invalid_utf8_file_names_are_skipped),
        T(verify_imports_nothing),
        T(the_folder_cache_reads_as_safefs_read_does),
        T(a_settled_stick_is_known_by_its_fingerprint),
        T(a_changed_file_of_the_same_size_is_imported),
        T(a_changed_file_with_its_old_mtime_put_back_is_imported),
        T(a_touched_stick_is_read_once_then_known_again),
        T(a_stick_written_just_now_gets_no_fingerprint),
        T(a_raised_limit_reads_the_stick_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
