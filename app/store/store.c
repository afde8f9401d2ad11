/* SPDX-License-Identifier: MIT
 *
 * store.c - the SQLite database. The only file that includes sqlite3.h.
 * Start reading at store_open(); the schema is in 'migrations' below.
 */
#include "store.h"

#include <errno.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct Store {
    char path[512];      /* for messages: an operator must know which file */
    sqlite3 *db;
    int in_import;
    sqlite3_stmt *ins;   /* the article insert, prepared once per connection */
    sqlite3_stmt *one;   /* store_headline's lookup, prepared once: the screen asks for a
                            headline each time it lays out a card or a list row */
    int cache_before;    /* PRAGMA cache_size outside an import */
};

/* migrations[i] takes the schema from version i to i+1. Never edit a
 * shipped entry: add a new one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE articles ("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL,"
    "  source TEXT NOT NULL, url TEXT NOT NULL, image TEXT NOT NULL, lang TEXT NOT NULL,"
    "  category TEXT NOT NULL, published TEXT NOT NULL, expires TEXT NOT NULL,"
    "  pin INTEGER NOT NULL, priority INTEGER NOT NULL, file TEXT NOT NULL,"
    "  bundle TEXT NOT NULL);"
    "CREATE INDEX articles_order ON articles(pin DESC, priority, file, id);"
    "CREATE TABLE images (name TEXT PRIMARY KEY, data BLOB NOT NULL);"
    "CREATE TABLE bundles ("
    "  digest TEXT PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, created TEXT NOT NULL,"
    "  mode TEXT NOT NULL, signed INTEGER NOT NULL, key_id TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL, seq INTEGER NOT NULL);"
    "CREATE TABLE imports ("
    "  n INTEGER PRIMARY KEY, at TEXT NOT NULL, bundle_id TEXT NOT NULL, path TEXT NOT NULL,"
    "  result TEXT NOT NULL, imported INTEGER NOT NULL, skipped INTEGER NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  title, summary, body, content='articles', content_rowid='rowid');"
    "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO articles_fts(rowid, title, summary, body)"
    "    VALUES (new.rowid, new.title, new.summary, new.body); END;"
    "CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, summary, body)"
    "    VALUES ('delete', old.rowid, old.title, old.summary, old.body); END;"
    "CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, summary, body)"
    "    VALUES ('delete', old.rowid, old.title, old.summary, old.body);"
    "  INSERT INTO articles_fts(rowid, title, summary, body)"
    "    VALUES (new.rowid, new.title, new.summary, new.body); END;",
    /* 1 -> 2: the text direction an article's `dir:` line asks for */
    "ALTER TABLE articles ADD COLUMN dir TEXT NOT NULL DEFAULT '';",
    /* 2 -> 3: the full-text index is built once per import, at the commit,
     * instead of row by row by triggers (half the time of a 10,000-story
     * import of real length went into them) */
    "DROP TRIGGER IF EXISTS articles_ai; DROP TRIGGER IF EXISTS articles_ad;"
    " DROP TRIGGER IF EXISTS articles_au;"
    " INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",
    /* 3 -> 4: an unsigned bundle's fingerprint (its files' names, sizes and
     * times), so a re-plugged stick is known without reading every byte;
     * '' when none was recorded (see docs/bundle.md) */
    "ALTER TABLE bundles ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';"
    " CREATE INDEX bundles_fingerprint ON bundles(fingerprint) WHERE fingerprint != '';"
    /* and the index's rebuild at each commit holds 16 MiB of terms before
     * it writes a segment (1 MiB by default), so it writes fewer, larger
     * segments and merges less; with STORE_IMPORT_CACHE_KIB below */
    " INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 16777216);",
};

/* The page cache of an import (in the importing process, while the
 * transaction is open): 32 MiB instead of SQLite's 2 MiB, so the pages the
 * index rebuild merges stay in memory instead of going to the WAL and
 * being read back. The rebuild of 100,000 stories of real length took
 * 23.2 s with neither, 15.8 s with 16/8 MiB, 8.8 s with 32 MiB and the
 * hashsize of 16 MiB above (one run each, same machine; either alone gave
 * little). The import's peak RSS is then about 80 MiB. scripts/bench.sh
 * gives the sqlite3 floor the same settings. */
#define STORE_IMPORT_CACHE_KIB 32768
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static int
db_err(Store *st, Err *err, const char *what)
{
    return err_set(err, K_EDB, "%s: %s: %s", st ? st->path : "database", what,
                   st && st->db ? sqlite3_errmsg(st->db) : "no database");
}

static int
exec(Store *st, const char *sql, Err *err)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(err, K_EDB, "%s: %s", st->path, msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return K_EDB;
    }
    return K_OK;
}

static int
user_version(Store *st, int *v, Err *err)
{
    sqlite3_stmt *q = NULL;
    int rc = K_EDB;

    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        db_err(st, err, "read schema version");
        goto fail;
    }
    *v = sqlite3_column_int(q, 0);
    rc = K_OK;
fail:
    sqlite3_finalize(q);
    return rc;
}

/* Bring the schema to STORE_SCHEMA_VERSION, one transaction per step. */
static int
migrate(Store *st, Err *err)
{
    int v, rc;
    char sql[64];

    if ((rc = user_version(st, &v, err)) != K_OK)
        return rc;
    if (v > NMIGRATIONS)
        return err_set(err, K_EDB, "the database has schema version %d, newer than this "
                                   "program's %d: upgrade newskiosk", v, NMIGRATIONS);
    for (; v < NMIGRATIONS; v++) {
        if ((rc = exec(st, "BEGIN IMMEDIATE", err)) != K_OK)
            return rc;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if ((rc = exec(st, migrations[v], err)) != K_OK || (rc = exec(st, sql, err)) != K_OK) {
            exec(st, "ROLLBACK", NULL);
            return rc;
        }
        if ((rc = exec(st, "COMMIT", err)) != K_OK)
            return rc;
    }
    return K_OK;
}

Store *
store_open(const char *path, int mode, Err *err)
{
    Store *st = calloc(1, sizeof *st);
    int flags = mode == STORE_RDONLY ? SQLITE_OPEN_READONLY
                                     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int v;

    if (st == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(st->path, sizeof st->path, "%s", path);
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        err_set(err, K_EDB, "cannot open database %s: %s", path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    /* An import in another process holds the write lock for a while;
     * readers in WAL mode never wait, writers wait up to 10 s. */
    sqlite3_busy_timeout(st->db, 10000);
    if (mode != STORE_RDONLY) {
        if (exec(st, "PRAGMA journal_mode=WAL", err) != K_OK ||
            /* FULL: the WAL is synced at every commit, so an import
             * reported done survives a power cut the second after (with
             * NORMAL it waited for a checkpoint that the screen's open
             * reader holds off). One fsync per import costs nothing. */
            exec(st, "PRAGMA synchronous=FULL", err) != K_OK ||
            migrate(st, err) != K_OK)
            goto fail;
    } else {
        /* The screen reads a headline list and one article at a time: a
         * small page cache is plenty, and memory on a board is not. */
        exec(st, "PRAGMA cache_size=-128", NULL);
        if (user_version(st, &v, err) != K_OK)
            goto fail;
        if (v != NMIGRATIONS) {
            /* older: a writable open brings it up to date (the kiosk does,
             * after an upgrade of the program) */
            err_set(err, v < NMIGRATIONS ? K_ESCHEMA : K_EDB,
                    "database %s has schema version %d, expected %d", path, v, NMIGRATIONS);
            goto fail;
        }
    }
    exec(st, "PRAGMA foreign_keys=ON", NULL);
    return st;
fail:
    store_close(st);
    return NULL;
}

int
store_check(const char *path, int full, Err *err)
{
    struct stat sb;
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int rc = K_OK, r;
    char head[16];

    if (stat(path, &sb) != 0)
        return errno == ENOENT ? K_OK : err_set(err, K_EDB, "%s: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return err_set(err, K_EDAMAGED, "%s: not a file", path);
    if (sb.st_size == 0)
        return K_OK;  /* created and not yet written: SQLite makes it a database */
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return err_set(err, K_EDB, "%s: %s", path, strerror(errno));
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n < sizeof head || memcmp(head, "SQLite format 3", 16) != 0)
        return err_set(err, K_EDAMAGED, "%s: not a database (damaged or overwritten)", path);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = err_set(err, K_EDB, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        goto done;
    }
    sqlite3_busy_timeout(db, 10000);
    /* quick_check reads each page once: a page cache would only be memory
     * the kiosk's heap keeps after this connection is closed (2 MiB by
     * default, as much as the rest of the kiosk's own heap) */
    sqlite3_exec(db, "PRAGMA cache_size=-64", NULL, NULL, NULL);
    /* user_version reads the header and page 1; a newer schema is a file
     * this program cannot use */
    r = sqlite3_prepare_v2(db, full ? "PRAGMA quick_check" : "PRAGMA user_version", -1, &q,
                           NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(q);
    if (r == SQLITE_CORRUPT || r == SQLITE_NOTADB || (r & 0xFF) == SQLITE_CORRUPT ||
        (r & 0xFF) == SQLITE_NOTADB) {
        rc = err_set(err, K_EDAMAGED, "%s: %s", path, sqlite3_errmsg(db));
    } else if (r != SQLITE_ROW) {
        rc = err_set(err, K_EDB, "%s: %s", path, sqlite3_errmsg(db));
    } else if (full) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        if (t == NULL || strcmp((const char *)t, "ok") != 0) {
            const char *why = t ? (const char *)t : "?";
            int wl = (int)strcspn(why, "\n");
            rc = err_set(err, K_EDAMAGED, "%s: damaged (%.*s%s)", path, wl > 120 ? 120 : wl, why,
                         why[wl] || wl > 120 ? " ..." : "");
        }
    } else if (sqlite3_column_int(q, 0) > NMIGRATIONS) {
        rc = err_set(err, K_EDAMAGED, "%s: made by a newer newskiosk (schema %d, this one reads %d)",
                     path, sqlite3_column_int(q, 0), NMIGRATIONS);
    } else {
        /* the first table pages too: a truncated file fails here */
        sqlite3_finalize(q);
        q = NULL;
        r = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL);
        if (r == SQLITE_OK)
            r = sqlite3_step(q);
        if (r != SQLITE_ROW && ((r & 0xFF) == SQLITE_CORRUPT || (r & 0xFF) == SQLITE_NOTADB))
            rc = err_set(err, K_EDAMAGED, "%s: %s", path, sqlite3_errmsg(db));
    }
done:
    sqlite3_finalize(q);
    sqlite3_close_v2(db);
    return rc;
}

int
store_move_aside(const char *path, char *moved, size_t size, Err *err)
{
    char to[600], from[600], dst[620];
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    snprintf(to, sizeof to, "%s.damaged-%04d%02d%02d-%02d%02d%02d", path, tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (rename(path, to) != 0)
        return err_set(err, K_EIO, "%s: cannot move aside: %s", path, strerror(errno));
    /* its journal files belong to it, and must not meet a new database */
    static const char *const sfx[] = {"-wal", "-shm"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(from, sizeof from, "%s%s", path, sfx[i]);
        snprintf(dst, sizeof dst, "%s%s", to, sfx[i]);
        if (rename(from, dst) != 0 && errno != ENOENT)
            unlink(from);
    }
    if (moved)
        snprintf(moved, size, "%s", to);
    return K_OK;
}

void
store_close(Store *st)
{
    if (st == NULL)
        return;
    if (st->in_import)
        store_import_rollback(st);
    sqlite3_finalize(st->ins);
    sqlite3_finalize(st->one);
    sqlite3_close_v2(st->db);
    free(st);
}

/* Prepare sql, or fill err. */
static sqlite3_stmt *
prep(Store *st, const char *sql, Err *err)
{
    sqlite3_stmt *q = NULL;

    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK) {
        db_err(st, err, "prepare");
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

static void
bind_text(sqlite3_stmt *q, int i, const char *s)
{
    sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_STATIC);
}

static const char *
col_text(sqlite3_stmt *q, int i)
{
    const unsigned char *s = sqlite3_column_text(q, i);
    return s ? (const char *)s : "";
}

int
store_bundle_seen(Store *st, const char *digest, int *seen, Err *err)
{
    sqlite3_stmt *q = prep(st, "SELECT 1 FROM bundles WHERE digest = ?", err);
    int r;

    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, digest);
    r = sqlite3_step(q);
    sqlite3_finalize(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_err(st, err, "look up bundle");
    *seen = (r == SQLITE_ROW);
    return K_OK;
}

int
store_bundle_by_fingerprint(Store *st, const char *fingerprint, char digest[65], Err *err)
{
    sqlite3_stmt *q;
    int r;

    digest[0] = '\0';
    if (fingerprint == NULL || fingerprint[0] == '\0')
        return K_OK;
    q = prep(st, "SELECT digest FROM bundles WHERE fingerprint = ? AND fingerprint != ''"
                 " ORDER BY seq DESC LIMIT 1", err);
    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, fingerprint);
    r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        snprintf(digest, 65, "%s", col_text(q, 0));
    sqlite3_finalize(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return db_err(st, err, "look up bundle fingerprint");
    return K_OK;
}

/* Give bundle 'digest' this fingerprint, and take it from any other row
 * that had it: one fingerprint, one bundle (an older row keeping it would
 * be a stick changed in a way its times did not show). */
static int
claim_fingerprint(Store *st, const char *digest, const char *fingerprint, Err *err)
{
    sqlite3_stmt *q;
    int r;

    q = prep(st, "UPDATE bundles SET fingerprint = CASE WHEN digest = ?1 THEN ?2 ELSE '' END"
                 " WHERE digest = ?1 OR (fingerprint = ?2 AND ?2 != '')", err);
    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, digest);
    bind_text(q, 2, fingerprint);
    r = sqlite3_step(q);
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? K_OK : db_err(st, err, "record bundle fingerprint");
}

int
store_bundle_set_fingerprint(Store *st, const char *digest, const char *fingerprint, Err *err)
{
    if (st->in_import)
        return err_set(err, K_EDB, "an import is open");
    return claim_fingerprint(st, digest, fingerprint, err);
}

int
store_newest_signed_created(Store *st, char *buf, size_t size, Err *err)
{
    sqlite3_stmt *q = prep(st, "SELECT max(created) FROM bundles WHERE signed = 1", err);

    if (q == NULL)
        return K_EDB;
    buf[0] = '\0';
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(buf, size, "%s", col_text(q, 0));
    sqlite3_finalize(q);
    return K_OK;
}

/* The import's big page cache on (on = 1), or the one before it back. */
static void
set_import_cache(Store *st, int on)
{
    sqlite3_stmt *q;
    char sql[64];

    if (on) {
        st->cache_before = 0;
        if (sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &q, NULL) == SQLITE_OK) {
            if (sqlite3_step(q) == SQLITE_ROW)
                st->cache_before = sqlite3_column_int(q, 0);
            sqlite3_finalize(q);
        }
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", STORE_IMPORT_CACHE_KIB);
    } else if (st->cache_before != 0) {
        snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", st->cache_before);
    } else {
        return;
    }
    exec(st, sql, NULL);
}

int
store_import_begin(Store *st, const StoreBundle *b, Err *err)
{
    int rc;

    if (st->in_import)
        return err_set(err, K_EDB, "an import is already open");
    set_import_cache(st, 1);
    if ((rc = exec(st, "BEGIN IMMEDIATE", err)) != K_OK) {
        set_import_cache(st, 0);
        return rc;
    }
    st->in_import = 1;
    if (b->replace && ((rc = exec(st, "DELETE FROM articles", err)) != K_OK ||
                       (rc = exec(st, "DELETE FROM images", err)) != K_OK)) {
        store_import_rollback(st);
        return rc;
    }
    return K_OK;
}

int
store_import_article(Store *st, const Article *a, const char *file, Err *err)
{
    static const char sql[] =
        "INSERT INTO articles (id, title, summary, body, source, url, image, lang, category,"
        " published, expires, pin, priority, file, bundle, dir)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, '', ?15)"
        " ON CONFLICT(id) DO UPDATE SET title=?2, summary=?3, body=?4, source=?5, url=?6,"
        " image=?7, lang=?8, category=?9, published=?10, expires=?11, pin=?12, priority=?13,"
        " file=?14, dir=?15";
    sqlite3_stmt *q;
    int r;

    if (!st->in_import)
        return err_set(err, K_EDB, "no import is open");
    /* Prepared once: 10,000 articles must not mean 10,000 prepares. */
    if (st->ins == NULL &&
        sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->ins, NULL) != SQLITE_OK)
        return db_err(st, err, "prepare insert");
    q = st->ins;
    bind_text(q, 1, a->id);
    bind_text(q, 2, a->title);
    bind_text(q, 3, a->summary);
    bind_text(q, 4, a->body);
    bind_text(q, 5, a->source);
    bind_text(q, 6, a->url);
    bind_text(q, 7, a->image);
    bind_text(q, 8, a->lang);
    bind_text(q, 9, a->category);
    bind_text(q, 10, a->published);
    bind_text(q, 11, a->expires);
    sqlite3_bind_int(q, 12, a->pin);
    sqlite3_bind_int(q, 13, a->priority);
    bind_text(q, 14, file);
    bind_text(q, 15, a->dir);
    r = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (r != SQLITE_DONE)
        return db_err(st, err, "store article");
    return K_OK;
}

int
store_import_image(Store *st, const char *name, const void *data, size_t len, Err *err)
{
    sqlite3_stmt *q;
    int r;

    if (!st->in_import)
        return err_set(err, K_EDB, "no import is open");
    q = prep(st, "INSERT OR REPLACE INTO images (name, data) VALUES (?, ?)", err);
    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, name);
    sqlite3_bind_blob64(q, 2, data, len, SQLITE_STATIC);
    r = sqlite3_step(q);
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? K_OK : db_err(st, err, "store image");
}

int
store_import_commit(Store *st, const StoreBundle *b, Err *err)
{
    sqlite3_stmt *q;
    int r, rc;

    if (!st->in_import)
        return err_set(err, K_EDB, "no import is open");
    /* the search index, in one pass over the new content */
    if ((rc = exec(st, "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')", err)) != K_OK) {
        store_import_rollback(st);
        return rc;
    }
    q = prep(st,
             /* imported_at is never before the newest story's date nor an
              * earlier import: a board with no clock imports a stick
              * without a manifest in 1970, and the screen would say
              * "content updated 1 Jan 1970" instead of "news as of" */
             "INSERT OR REPLACE INTO bundles (digest, id, title, created, mode, signed, key_id,"
             " fingerprint, imported_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
             " max(strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
             "     coalesce((SELECT max(published) FROM articles WHERE published != '')"
             "              || 'T00:00:00Z', ''),"
             "     coalesce((SELECT max(imported_at) FROM bundles), '')),"
             " (SELECT coalesce(max(seq), 0) + 1 FROM bundles))",
             err);
    if (q == NULL) {
        store_import_rollback(st);
        return K_EDB;
    }
    bind_text(q, 1, b->digest);
    bind_text(q, 2, b->id);
    bind_text(q, 3, b->title);
    bind_text(q, 4, b->created);
    bind_text(q, 5, b->replace ? "replace" : "merge");
    sqlite3_bind_int(q, 6, b->is_signed);
    bind_text(q, 7, b->key_id);
    bind_text(q, 8, "");
    r = sqlite3_step(q);
    sqlite3_finalize(q);
    if (r != SQLITE_DONE) {
        db_err(st, err, "record bundle");
        store_import_rollback(st);
        return K_EDB;
    }
    if (b->fingerprint && b->fingerprint[0] &&
        claim_fingerprint(st, b->digest, b->fingerprint, err) != K_OK) {
        store_import_rollback(st);
        return K_EDB;
    }
    if ((rc = exec(st, "COMMIT", err)) != K_OK) {
        store_import_rollback(st);
        return rc;
    }
    st->in_import = 0;
    set_import_cache(st, 0);
    return K_OK;
}

void
store_import_rollback(Store *st)
{
    if (st == NULL || !st->in_import)
        return;
    if (!sqlite3_get_autocommit(st->db))
        exec(st, "ROLLBACK", NULL);
    st->in_import = 0;
    set_import_cache(st, 0);
}

int
store_log_import(Store *st, const StoreImportLog *l, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "INSERT INTO imports (at, bundle_id, path, result, imported, skipped,"
                           " reason) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, ?, ?)",
                           err);
    int r;

    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, l->bundle_id);
    bind_text(q, 2, l->path);
    bind_text(q, 3, l->result);
    sqlite3_bind_int(q, 4, l->imported);
    sqlite3_bind_int(q, 5, l->skipped);
    bind_text(q, 6, l->reason);
    /* NOTE: an import that failed on a held lock already waited its 10 s:
     * the log line waits 1 s more, not another 10 */
    sqlite3_busy_timeout(st->db, 1000);
    r = sqlite3_step(q);
    sqlite3_busy_timeout(st->db, 10000);
    sqlite3_finalize(q);
    if (r != SQLITE_DONE)
        return db_err(st, err, "log import");
    /* Keep the log bounded: the diagnostics screen shows the last few. */
    exec(st, "DELETE FROM imports WHERE n <= (SELECT max(n) - 1000 FROM imports)", NULL);
    return K_OK;
}

#define HEADLINE_COLS \
    "rowid, id, title, summary, source, published, category, image, lang, pin, dir"
/* The stories shown on date ?1 ('' = all, expired included), and the order
 * they are shown in: one definition for the list, the UI's order and the
 * count (the order is the articles_order index's) */
#define SHOWN_ON " FROM articles WHERE ?1 = '' OR expires = '' OR expires >= ?1"
#define DISPLAY_ORDER " ORDER BY pin DESC, priority, file, id"

static void
row_headline(sqlite3_stmt *q, StoreHeadline *h)
{
    h->rowid = sqlite3_column_int64(q, 0);
    h->id = col_text(q, 1);
    h->title = col_text(q, 2);
    h->summary = col_text(q, 3);
    h->source = col_text(q, 4);
    h->published = col_text(q, 5);
    h->category = col_text(q, 6);
    h->image = col_text(q, 7);
    h->lang = col_text(q, 8);
    h->pin = sqlite3_column_int(q, 9);
    h->dir = col_text(q, 10);
}

static int
walk_headlines(Store *st, sqlite3_stmt *q, StoreHeadlineFn fn, void *ctx, Err *err)
{
    StoreHeadline h;
    int r;

    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        row_headline(q, &h);
        if (fn(ctx, &h) != 0) {
            r = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? K_OK : db_err(st, err, "read headlines");
}

int
store_headlines(Store *st, const char *today, StoreHeadlineFn fn, void *ctx, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT " HEADLINE_COLS SHOWN_ON DISPLAY_ORDER, err);

    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, today);
    return walk_headlines(st, q, fn, ctx, err);
}

int
store_order(Store *st, const char *today, StoreOrderFn fn, void *ctx, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT rowid, category" SHOWN_ON DISPLAY_ORDER, err);
    int r;

    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, today);
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        if (fn(ctx, sqlite3_column_int64(q, 0), col_text(q, 1)) != 0) {
            r = SQLITE_DONE;
            break;
        }
    sqlite3_finalize(q);
    return r == SQLITE_DONE ? K_OK : db_err(st, err, "read the display order");
}

int
store_headline(Store *st, int64_t rowid, StoreHeadlineFn fn, void *ctx, Err *err)
{
    StoreHeadline h;
    int r;

    if (st->one == NULL &&
        sqlite3_prepare_v3(st->db, "SELECT " HEADLINE_COLS " FROM articles WHERE rowid = ?", -1,
                           SQLITE_PREPARE_PERSISTENT, &st->one, NULL) != SQLITE_OK)
        return db_err(st, err, "prepare headline");
    sqlite3_bind_int64(st->one, 1, rowid);
    r = sqlite3_step(st->one);
    if (r == SQLITE_ROW) {
        row_headline(st->one, &h);
        fn(ctx, &h);
    }
    sqlite3_reset(st->one);
    if (r == SQLITE_ROW)
        return K_OK;
    if (r == SQLITE_DONE)
        return err_set(err, K_ENOTFOUND, "%s: no article with rowid %lld", st->path,
                       (long long)rowid);
    return db_err(st, err, "read headline");
}

int
store_count(Store *st, const char *today, int *count, Err *err)
{
    /* Without a date, a bare count(*): SQLite answers it from the b-tree's
     * pages instead of visiting every row (10,000 articles: 9 M -> 0.1 M
     * instructions, and store_info is on the start-up path). */
    int all = today == NULL || today[0] == '\0';
    sqlite3_stmt *q = prep(st,
                           all ? "SELECT count(*) FROM articles" : "SELECT count(*)" SHOWN_ON, err);

    if (q == NULL)
        return K_EDB;
    if (!all)
        bind_text(q, 1, today);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return db_err(st, err, "count");
    }
    *count = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return K_OK;
}

static int
dup_col(char **dst, sqlite3_stmt *q, int i)
{
    const char *s = col_text(q, i);
    size_t n = strlen(s);

    *dst = malloc(n + 1);
    if (*dst == NULL)
        return K_ENOMEM;
    memcpy(*dst, s, n + 1);
    return K_OK;
}

int
store_get_article(Store *st, const char *id, Article *out, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT id, title, summary, body, source, url, image, lang, category,"
                           " published, expires, pin, priority, dir FROM articles WHERE id = ?",
                           err);
    Article a;
    int r, rc = K_ENOMEM;

    memset(out, 0, sizeof *out);
    memset(&a, 0, sizeof a);
    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, id);
    r = sqlite3_step(q);
    if (r == SQLITE_DONE) {
        rc = err_set(err, K_ENOTFOUND, "no article with id '%s'", id);
        goto fail;
    }
    if (r != SQLITE_ROW) {
        rc = db_err(st, err, "read article");
        goto fail;
    }
    if (dup_col(&a.id, q, 0) || dup_col(&a.title, q, 1) || dup_col(&a.summary, q, 2) ||
        dup_col(&a.body, q, 3) || dup_col(&a.source, q, 4) || dup_col(&a.url, q, 5) ||
        dup_col(&a.image, q, 6) || dup_col(&a.lang, q, 7) || dup_col(&a.category, q, 8) ||
        dup_col(&a.published, q, 9) || dup_col(&a.expires, q, 10) || dup_col(&a.dir, q, 13)) {
        err_set(err, K_ENOMEM, "out of memory");
        goto fail;
    }
    a.pin = sqlite3_column_int(q, 11);
    a.priority = sqlite3_column_int(q, 12);
    *out = a;
    memset(&a, 0, sizeof a);
    rc = K_OK;
fail:
    sqlite3_finalize(q);
    article_free(&a);
    return rc;
}

int
store_get_image(Store *st, const char *name, void **data, size_t *len, Err *err)
{
    sqlite3_stmt *q = prep(st, "SELECT data FROM images WHERE name = ?", err);
    int rc;

    *data = NULL;
    *len = 0;
    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, name);
    if (sqlite3_step(q) != SQLITE_ROW) {
        rc = err_set(err, K_ENOTFOUND, "no image '%s'", name);
    } else {
        int n = sqlite3_column_bytes(q, 0);
        const void *p = sqlite3_column_blob(q, 0);
        *data = malloc(n > 0 ? (size_t)n : 1);
        if (*data == NULL) {
            rc = err_set(err, K_ENOMEM, "out of memory");
        } else {
            if (n > 0)
                memcpy(*data, p, (size_t)n);
            *len = (size_t)n;
            rc = K_OK;
        }
    }
    sqlite3_finalize(q);
    return rc;
}

int
store_data_version(Store *st, int64_t *version, Err *err)
{
    sqlite3_stmt *q = prep(st, "PRAGMA data_version", err);

    if (q == NULL)
        return K_EDB;
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return db_err(st, err, "data_version");
    }
    *version = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return K_OK;
}

int
store_info(Store *st, StoreInfo *info, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT id, title, created, imported_at, signed, key_id FROM bundles"
                           " ORDER BY seq DESC LIMIT 1",
                           err);
    int rc;

    memset(info, 0, sizeof *info);
    if (q == NULL)
        return K_EDB;
    if (sqlite3_step(q) == SQLITE_ROW) {
        snprintf(info->bundle_id, sizeof info->bundle_id, "%s", col_text(q, 0));
        snprintf(info->title, sizeof info->title, "%s", col_text(q, 1));
        snprintf(info->created, sizeof info->created, "%s", col_text(q, 2));
        snprintf(info->imported_at, sizeof info->imported_at, "%s", col_text(q, 3));
        info->is_signed = sqlite3_column_int(q, 4);
        snprintf(info->key_id, sizeof info->key_id, "%s", col_text(q, 5));
    }
    sqlite3_finalize(q);
    rc = store_count(st, NULL, &info->articles, err);
    return rc;
}

int
store_recent_imports(Store *st, StoreImportRow *rows, int max, int *n, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT at, bundle_id, result, reason, imported, skipped FROM imports"
                           " ORDER BY n DESC LIMIT ?",
                           err);

    *n = 0;
    if (q == NULL)
        return K_EDB;
    sqlite3_bind_int(q, 1, max);
    while (*n < max && sqlite3_step(q) == SQLITE_ROW) {
        StoreImportRow *r = &rows[*n];
        snprintf(r->at, sizeof r->at, "%s", col_text(q, 0));
        snprintf(r->bundle_id, sizeof r->bundle_id, "%s", col_text(q, 1));
        snprintf(r->result, sizeof r->result, "%s", col_text(q, 2));
        snprintf(r->reason, sizeof r->reason, "%s", col_text(q, 3));
        r->imported = sqlite3_column_int(q, 4);
        r->skipped = sqlite3_column_int(q, 5);
        (*n)++;
    }
    sqlite3_finalize(q);
    return K_OK;
}

int
store_search(Store *st, const char *query, StoreHeadlineFn fn, void *ctx, Err *err)
{
    sqlite3_stmt *q = prep(st,
                           "SELECT a.rowid, a.id, a.title, a.summary, a.source, a.published,"
                           " a.category, a.image, a.lang, a.pin, a.dir FROM articles_fts f"
                           " JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ?"
                           " ORDER BY rank",
                           err);

    if (q == NULL)
        return K_EDB;
    bind_text(q, 1, query);
    return walk_headlines(st, q, fn, ctx, err);
}
