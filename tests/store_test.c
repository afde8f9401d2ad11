/* SPDX-License-Identifier: MIT
 * store_test.c - schema creation and migration, version checks, WAL,
 * the import transaction and the read queries, on real SQLite files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"

#include "store/store.h"

static char *dir;
static char dbpath[4200];

static int
setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    snprintf(dbpath, sizeof dbpath, "%s/s.db", dir);
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

static Article
mk(const char *id, const char *title)
{
    Article a;
    memset(&a, 0, sizeof a);
    a.id = (char *)(uintptr_t)id;
    a.title = (char *)(uintptr_t)title;
    a.summary = a.body = a.source = a.url = a.image = a.lang = a.category = a.published =
        a.expires = (char *)(uintptr_t)"";
    a.priority = 5;
    return a;
}

static void
new_database_gets_the_current_schema_in_wal_mode(void **state)
{
    Err e;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    assert_non_null(st);
    store_close(st);
    assert_int_equal(tu_query_int(dbpath, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    /* the index rebuild at an import's commit holds 16 MiB of terms per
     * segment, not FTS5's 1 MiB (the rebuild of 100,000 stories: 2.6x faster) */
    assert_int_equal(tu_query_int(dbpath, "SELECT v FROM articles_fts_config WHERE k='hashsize'"),
                     16777216);
    sqlite3 *db;
    sqlite3_open(dbpath, &db);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
    /* Opening again migrates nothing and loses nothing. */
    st = store_open(dbpath, STORE_RDWR, &e);
    assert_non_null(st);
    store_close(st);
}

static void
a_version_0_file_is_migrated(void **state)
{
    /* Every past schema version: so far only the empty version-0 file a
     * crashed first start could leave. */
    Err e;
    sqlite3 *db;
    (void)state;
    sqlite3_open(dbpath, &db);
    sqlite3_exec(db, "PRAGMA user_version=0", NULL, NULL, NULL);
    sqlite3_close(db);
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    assert_non_null(st);
    store_close(st);
    assert_int_equal(tu_query_int(dbpath, "SELECT count(*) FROM sqlite_master WHERE name='articles'"), 1);
}

static void
a_newer_schema_is_refused_with_a_message(void **state)
{
    Err e;
    sqlite3 *db;
    (void)state;
    sqlite3_open(dbpath, &db);
    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(db);
    err_clear(&e);
    assert_null(store_open(dbpath, STORE_RDWR, &e));
    assert_non_null(strstr(e.msg, "newer"));
}

static void
rollback_leaves_nothing_and_commit_shows_all(void **state)
{
    Err e;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreBundle b = {"d1", "b1", "", "", 1, 0, "", ""};
    Article a = mk("x", "X");
    assert_int_equal(store_import_begin(st, &b, &e), K_OK);
    assert_int_equal(store_import_article(st, &a, "articles/x.txt", &e), K_OK);
    store_import_rollback(st);
    int n = -1;
    assert_int_equal(store_count(st, NULL, &n, &e), K_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_import_begin(st, &b, &e), K_OK);
    assert_int_equal(store_import_article(st, &a, "articles/x.txt", &e), K_OK);
    assert_int_equal(store_import_commit(st, &b, &e), K_OK);
    assert_int_equal(store_count(st, NULL, &n, &e), K_OK);
    assert_int_equal(n, 1);
    int seen = 0;
    assert_int_equal(store_bundle_seen(st, "d1", &seen, &e), K_OK);
    assert_int_equal(seen, 1);
    StoreInfo info;
    assert_int_equal(store_info(st, &info, &e), K_OK);
    assert_string_equal(info.bundle_id, "b1");
    assert_int_equal(info.articles, 1);
    store_close(st);
}

/* store_order: the display order as row ids with categories, stopping
 * when asked; store_headline: one headline by row id, K_ENOTFOUND when an
 * import replaced it. */
typedef struct Order {
    int64_t ids[8];
    char cats[8][16];
    int n, stop_at;
} Order;

static int
take_order(void *ctx, int64_t rowid, const char *category)
{
    Order *o = ctx;
    o->ids[o->n] = rowid;
    snprintf(o->cats[o->n], sizeof o->cats[0], "%s", category);
    return ++o->n == o->stop_at;
}

static int
take_title(void *ctx, const StoreHeadline *h)
{
    snprintf(ctx, 32, "%s|%s", h->title, h->category);
    return 0;
}

static void
order_and_one_headline_by_row_id(void **state)
{
    Err e;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreBundle b = {"d1", "b1", "", "", 1, 0, "", ""};
    Article x = mk("x", "Second"), y = mk("y", "First"), z = mk("z", "Third");
    y.pin = 1;
    x.category = (char *)(uintptr_t)"Local";
    z.category = (char *)(uintptr_t)"World";
    assert_int_equal(store_import_begin(st, &b, &e), K_OK);
    assert_int_equal(store_import_article(st, &x, "articles/a.txt", &e), K_OK);
    assert_int_equal(store_import_article(st, &y, "articles/b.txt", &e), K_OK);
    assert_int_equal(store_import_article(st, &z, "articles/c.txt", &e), K_OK);
    assert_int_equal(store_import_commit(st, &b, &e), K_OK);
    Order o = {0};
    assert_int_equal(store_order(st, NULL, take_order, &o, &e), K_OK);
    assert_int_equal(o.n, 3);
    char t[32];
    const char *want[] = {"First|", "Second|Local", "Third|World"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(store_headline(st, o.ids[i], take_title, t, &e), K_OK);
        assert_string_equal(t, want[i]);
    }
    assert_string_equal(o.cats[1], "Local");
    Order first = {.stop_at = 1};
    assert_int_equal(store_order(st, NULL, take_order, &first, &e), K_OK);
    assert_int_equal(first.n, 1);
    assert_int_equal(store_headline(st, o.ids[2] + 1000, take_title, t, &e), K_ENOTFOUND);
    assert_non_null(strstr(e.msg, dbpath));
    store_close(st);
}

static void
data_version_changes_when_another_connection_commits(void **state)
{
    Err e;
    int64_t v1, v2, v3;
    (void)state;
    Store *w = store_open(dbpath, STORE_RDWR, &e);
    Store *r = store_open(dbpath, STORE_RDONLY, &e);
    assert_non_null(r);
    assert_int_equal(store_data_version(r, &v1, &e), K_OK);
    assert_int_equal(store_data_version(r, &v2, &e), K_OK);
    assert_true(v1 == v2);
    StoreBundle b = {"d2", "b2", "", "", 1, 0, "", ""};
    Article a = mk("y", "Y");
    store_import_begin(w, &b, &e);
    store_import_article(w, &a, "articles/y.txt", &e);
    assert_int_equal(store_import_commit(w, &b, &e), K_OK);
    assert_int_equal(store_data_version(r, &v3, &e), K_OK);
    assert_true(v3 != v2);
    store_close(r);
    store_close(w);
}

static int
count_cb(void *ctx, const StoreHeadline *h)
{
    (void)h;
    (*(int *)ctx)++;
    return 0;
}

static void
search_finds_words_in_bodies(void **state)
{
    Err e;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreBundle b = {"d3", "b3", "", "", 1, 0, "", ""};
    Article a = mk("s", "Ferry news");
    a.body = (char *)(uintptr_t)"The harbour opens at dawn.";
    store_import_begin(st, &b, &e);
    store_import_article(st, &a, "articles/s.txt", &e);
    store_import_commit(st, &b, &e);
    int n = 0;
    assert_int_equal(store_search(st, "harbour", count_cb, &n, &e), K_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(store_search(st, "mountain", count_cb, &n, &e), K_OK);
    assert_int_equal(n, 0);
    store_close(st);
}

static void
import_log_keeps_refusals(void **state)
{
    Err e;
    StoreImportRow rows[4];
    int n = 0;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreImportLog l = {"b9", "/media/x", "rejected", 0, 0, "manifest.sig: bad signature"};
    assert_int_equal(store_log_import(st, &l, &e), K_OK);
    assert_int_equal(store_recent_imports(st, rows, 4, &n, &e), K_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].result, "rejected");
    assert_string_equal(rows[0].reason, "manifest.sig: bad signature");
    store_close(st);
}

static void
a_version_1_database_keeps_its_stories(void **state)
{
    Err e;
    sqlite3 *db;
    (void)state;
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreBundle b = {"d1", "b1", "", "", 1, 0, "", ""};
    Article a = mk("x", "X");
    assert_int_equal(store_import_begin(st, &b, &e), K_OK);
    assert_int_equal(store_import_article(st, &a, "articles/x.txt", &e), K_OK);
    assert_int_equal(store_import_commit(st, &b, &e), K_OK);
    store_close(st);
    /* the file as version 1 left it: no dir column, no fingerprints */
    sqlite3_open(dbpath, &db);
    assert_int_equal(sqlite3_exec(db, "ALTER TABLE articles DROP COLUMN dir; DROP INDEX bundles_fingerprint;"
                                      " ALTER TABLE bundles DROP COLUMN fingerprint; PRAGMA user_version=1",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    st = store_open(dbpath, STORE_RDWR, &e);
    assert_non_null(st);
    Article got;
    assert_int_equal(store_get_article(st, "x", &got, &e), K_OK);
    assert_string_equal(got.title, "X");
    assert_string_equal(got.dir, "");
    article_free(&got);
    store_close(st);
    assert_int_equal(tu_query_int(dbpath, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static void
imported_at_is_never_before_the_newest_story(void **state)
{
    Err e;
    (void)state;
    /* a board with no clock: its "now" is before the stories' dates */
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    StoreBundle b = {"d1", "b1", "", "", 1, 0, "", ""};
    Article a = mk("x", "X");
    a.published = (char *)(uintptr_t)"2099-01-01";
    assert_int_equal(store_import_begin(st, &b, &e), K_OK);
    assert_int_equal(store_import_article(st, &a, "articles/x.txt", &e), K_OK);
    assert_int_equal(store_import_commit(st, &b, &e), K_OK);
    StoreInfo info;
    assert_int_equal(store_info(st, &info, &e), K_OK);
    if (strncmp(info.imported_at, "2099-01-01", 10) != 0)
        fail_msg("expected imported_at from 2099-01-01 on, got %s", info.imported_at);
    store_close(st);
}

static void
a_damaged_file_is_found_and_moved_aside(void **state)
{
    Err e;
    char moved[700];
    (void)state;
    err_clear(&e);
    assert_int_equal(store_check(dbpath, 1, &e), K_OK);  /* none yet: fine */
    FILE *f = fopen(dbpath, "wb");
    assert_non_null(f);
    for (int i = 0; i < 10000; i++)
        fputc((i * 7919) & 0xFF, f);
    fclose(f);
    assert_int_equal(store_check(dbpath, 0, &e), K_EDAMAGED);
    assert_non_null(strstr(e.msg, dbpath));
    assert_int_equal(store_move_aside(dbpath, moved, sizeof moved, &e), K_OK);
    assert_non_null(strstr(moved, ".damaged-"));
    assert_int_equal(access(dbpath, F_OK), -1);
    assert_int_equal(access(moved, F_OK), 0);
    /* a good database passes the full check */
    Store *st = store_open(dbpath, STORE_RDWR, &e);
    store_close(st);
    assert_int_equal(store_check(dbpath, 1, &e), K_OK);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(new_database_gets_the_current_schema_in_wal_mode),
        T(a_version_0_file_is_migrated),
        T(a_newer_schema_is_refused_with_a_message),
        T(rollback_leaves_nothing_and_commit_shows_all),
        T(order_and_one_headline_by_row_id),
        T(data_version_changes_when_another_connection_commits),
        T(search_finds_words_in_bodies),
        T(import_log_keeps_refusals),
        T(a_version_1_database_keeps_its_stories),
        T(imported_at_is_never_before_the_newest_story),
        T(a_damaged_file_is_found_and_moved_aside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
