/* SPDX-License-Identifier: MIT
 *
 * store.h - the SQLite database: schema, migrations, import transaction,
 * and the queries the screen and the command line need. The only file that
 * includes <sqlite3.h> is store.c.
 *
 * Concurrency: one writer (an import, possibly another process) and any
 * number of readers. WAL mode means readers keep seeing the previous
 * content until the import commits. store_data_version() tells a reader
 * that another connection committed, so the screen can reload.
 */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/article.h"
#include "../core/err.h"

#define STORE_SCHEMA_VERSION 4

typedef struct Store Store;

enum { STORE_RDONLY = 1, STORE_RDWR = 2 };

/* Open (creating and migrating with STORE_RDWR; creating parent folders is
 * the caller's job) the database at path (":memory:" works). Returns NULL
 * and fills err on failure: K_ESCHEMA for a STORE_RDONLY open of an older
 * schema, which a STORE_RDWR open brings up to date. Close with
 * store_close. */
Store *store_open(const char *path, int mode, Err *err);

/* Close (NULL-safe). An open import transaction is rolled back. */
void store_close(Store *st);

/* Is the database at path usable? K_OK when it is, or when there is none
 * yet. K_EDAMAGED (err says why) when it is not a database, is truncated,
 * fails SQLite's check, or comes from a newer newskiosk: such a file can
 * never be read, so the caller moves it aside (store_move_aside) rather
 * than stay blank. full = 0 checks the header, the schema version and the
 * first pages (fast, for start-up); full = 1 runs PRAGMA quick_check over
 * the whole file. Other failures (permissions, I/O) are K_EDB: the file
 * may be fine, and is left alone. Opens nothing for writing. */
int store_check(const char *path, int full, Err *err);

/* Move a damaged database (and its -wal and -shm) aside to
 * PATH.damaged-YYYYMMDD-HHMMSS, kept for a look. The new name goes to
 * moved (may be NULL). K_OK or K_EIO. */
int store_move_aside(const char *path, char *moved, size_t size, Err *err);

/* --- import (writer) ------------------------------------------------ */

typedef struct StoreBundle {
    const char *digest;     /* sha256 hex of the bundle's bytes */
    const char *id;         /* manifest id, or derived */
    const char *title;      /* "" when none */
    const char *created;    /* ISO 8601 from the manifest, or "" */
    int replace;            /* 1 = replace all content, 0 = merge by id */
    int is_signed;          /* 1 when a trusted signature was checked */
    const char *key_id;     /* which trusted key signed it, or "" */
    const char *fingerprint; /* an unsigned bundle's fingerprint, or NULL/"" for none */
} StoreBundle;

/* 1 in *seen when a bundle with this digest was imported before. */
int store_bundle_seen(Store *st, const char *digest, int *seen, Err *err);

/* The digest of the bundle imported with this fingerprint (see the
 * importer: names, sizes and times of an unsigned stick's files) into
 * digest, or "" when none has it (or fingerprint is NULL or ""). K_OK or
 * K_EDB. Works on a STORE_RDONLY store. */
int store_bundle_by_fingerprint(Store *st, const char *fingerprint, char digest[65], Err *err);

/* Record that the bundle 'digest' (imported before) now has this
 * fingerprint, which no other bundle keeps. Its own transaction; not while
 * an import is open. K_OK or K_EDB. */
int store_bundle_set_fingerprint(Store *st, const char *digest, const char *fingerprint,
                                 Err *err);

/* The 'created' of the newest signed bundle installed ("" if none) into buf. */
int store_newest_signed_created(Store *st, char *buf, size_t size, Err *err);

/* Start the import transaction (BEGIN IMMEDIATE). With b->replace, all
 * articles and images are deleted inside it. Nothing is visible to readers
 * until store_import_commit. */
int store_import_begin(Store *st, const StoreBundle *b, Err *err);

/* Insert or update (by id) one article; 'file' is its bundle path, used for
 * display order after pin and priority. */
int store_import_article(Store *st, const Article *a, const char *file, Err *err);

/* Insert or replace an image blob under its bundle path ("images/x.jpg"). */
int store_import_image(Store *st, const char *name, const void *data, size_t len, Err *err);

/* Record the bundle and commit. On failure everything is rolled back. */
int store_import_commit(Store *st, const StoreBundle *b, Err *err);

/* Roll back an open import (harmless when none is open). */
void store_import_rollback(Store *st);

/* Log one import attempt, accepted or refused, in its own transaction. */
typedef struct StoreImportLog {
    const char *bundle_id;  /* "" when unknown */
    const char *path;       /* where the bundle was read from */
    const char *result;     /* "imported", "rejected", "unchanged", "failed" */
    int imported, skipped;
    const char *reason;     /* "" or one line */
} StoreImportLog;
int store_log_import(Store *st, const StoreImportLog *log, Err *err);

/* --- reading -------------------------------------------------------- */

/* One row of the display order. Strings are borrowed: valid only during
 * the callback. */
typedef struct StoreHeadline {
    int64_t rowid;
    const char *id, *title, *summary, *source, *published, *category, *image, *lang;
    const char *dir;   /* "rtl", "ltr" or "" */
    int pin;
} StoreHeadline;

/* Return nonzero from the callback to stop early. */
typedef int (*StoreHeadlineFn)(void *ctx, const StoreHeadline *h);

/* Walk the articles in display order (pinned first, then priority 1..9,
 * then file name, then id), leaving out those whose 'expires' is before
 * 'today' (YYYY-MM-DD; NULL or "" = show all). */
int store_headlines(Store *st, const char *today, StoreHeadlineFn fn, void *ctx, Err *err);

/* The display order of store_headlines as row ids, with each story's
 * category: all the screen keeps of a story (a headline is asked for by
 * its row id when it is shown). Return nonzero from fn to stop early. */
typedef int (*StoreOrderFn)(void *ctx, int64_t rowid, const char *category);
int store_order(Store *st, const char *today, StoreOrderFn fn, void *ctx, Err *err);

/* Call fn once with the headline of row 'rowid'. K_ENOTFOUND when there is
 * none (an import replaced it since the order was read). */
int store_headline(Store *st, int64_t rowid, StoreHeadlineFn fn, void *ctx, Err *err);

/* Count of articles that store_headlines would visit. */
int store_count(Store *st, const char *today, int *count, Err *err);

/* Load one article by id into *out (free with article_free). Returns
 * K_ENOTFOUND when there is none. */
int store_get_article(Store *st, const char *id, Article *out, Err *err);

/* Load an image blob; *data is malloc'd (free with free()). K_ENOTFOUND if none. */
int store_get_image(Store *st, const char *name, void **data, size_t *len, Err *err);

/* A number that changes whenever another connection commits (PRAGMA
 * data_version): compare it each frame-second to know when to reload. */
int store_data_version(Store *st, int64_t *version, Err *err);

/* The installed content: current bundle id/title/created, when imported,
 * signed or not. Fields are "" when nothing was imported. */
typedef struct StoreInfo {
    char bundle_id[128];
    char title[256];
    char created[40];
    char imported_at[40];
    int is_signed;
    char key_id[17];      /* the trusted key that signed it ("" unsigned) */
    int articles;
} StoreInfo;
int store_info(Store *st, StoreInfo *info, Err *err);

/* The last 'max' import-log rows, newest first. */
typedef struct StoreImportRow {
    char at[40], bundle_id[128], result[16], reason[256];
    int imported, skipped;
} StoreImportRow;
int store_recent_imports(Store *st, StoreImportRow *rows, int max, int *n, Err *err);

/* Full-text search over title/summary/body (FTS5 query syntax); calls fn
 * in rank order. */
int store_search(Store *st, const char *query, StoreHeadlineFn fn, void *ctx, Err *err);

#endif
