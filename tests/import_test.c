/* SPDX-License-Identifier: MIT
 * import_test.c - bundles built at test time -> the store: modes, repeats,
 * limits, hostile files, and that every failure leaves the content as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/sysmacros.h>

#include "testutil.h"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
