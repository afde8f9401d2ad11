/* SPDX-License-Identifier: MIT
 *
 * importer.h - a bundle folder (or a stick's mount point) -> the store, all
 * or nothing. Used by `newskiosk import`, `newskiosk verify` and, in a child
 * process, by the running kiosk's live import.
 *
 * Order of work: find the bundle, read and check manifest.json (and its
 * signature when keys are trusted), list the articles' .txt files safely,
 * compute the bundle digest (a signed bundle: its manifest, which lists
 * every file with its hash; an unsigned one: the manifest if any, every
 * article and every file under images/, by path and content hash) and stop
 * there, "unchanged", when that digest was imported before: no transaction,
 * no parse, no insert. An unsigned bundle is first looked up by its
 * fingerprint (the manifest's bytes and each file's path, size, mtime and
 * ctime from the walk, trusted only when every file is over 3 s older than
 * the clock): when a bundle was recorded with it, that is its digest and no
 * file is read at all. Otherwise parse and insert each article inside one
 * transaction (each file read again, its hash checked against a signed
 * manifest) and commit, recording the fingerprint with the bundle.
 */
#ifndef KIOSK_IMPORTER_H
#define KIOSK_IMPORTER_H

#include "core/config.h"
#include "core/err.h"
#include "store/store.h"

typedef struct ImportResult {
    int total;              /* article files found */
    int imported;           /* articles stored (or that would be, for verify) */
    int skipped;            /* articles skipped with a warning */
    int warnings;           /* all warnings, skips included */
    int unchanged;          /* 1: this bundle was imported before, nothing done */
    int by_fingerprint;     /* 1: known by its fingerprint, no file read for the digest */
    int is_signed;          /* 1: signature checked against a trusted key */
    int replace;            /* 1: replace mode, 0: merge */
    char bundle_id[128];
    char bundle_dir[1024];  /* the newskiosk/ folder actually read */
} ImportResult;

/* Progress: 'done' of 'total' articles handled. Return nonzero to abort
 * (the import then fails with K_EABORT and changes nothing). */
typedef int (*ImportProgressFn)(void *ctx, int done, int total);

/* A warning about one file ("articles/0007.txt: line 3: title is empty,
 * article skipped"), already formatted. */
typedef void (*ImportWarnFn)(void *ctx, const char *msg);

typedef struct ImportOpts {
    const Config *cfg;          /* limits, junk lines, trusted keys */
    ImportProgressFn progress;  /* may be NULL */
    ImportWarnFn warn;          /* may be NULL */
    void *ctx;
    const char *today;          /* YYYY-MM-DD for "expired" checks; NULL = system date */
    long long clock_ns;         /* the clock the fingerprint's "settled" check reads,
                                   ns since 1970; 0 = the system's (tests set it) */
} ImportOpts;

/* Import the bundle at 'path' (a stick's mount point holding newskiosk/, or
 * the newskiosk/ folder itself) into st. With st == NULL nothing is stored:
 * that is `verify`. Returns K_OK (res->unchanged tells a repeat), or a K_E*
 * code with err naming the file and line; the database is then exactly as
 * before. Every attempt except a verify is logged in the store. */
int import_bundle(Store *st, const char *path, const ImportOpts *o, ImportResult *res, Err *err);

/* `verify --db`: check the bundle at 'path' as import_bundle(NULL, ...)
 * does, and also against the kiosk's database 'ro' (opened STORE_RDONLY;
 * nothing is written, nothing logged): a signed bundle older than the one
 * installed fails with K_ESIG (the roll-back refusal), and res->unchanged
 * is 1 when this very bundle was imported before. */
int import_verify_against(Store *ro, const char *path, const ImportOpts *o, ImportResult *res,
                          Err *err);

/* Find the bundle folder for a path: path/newskiosk if it is a folder, else
 * path itself if it has articles/. Returns K_OK and fills out, or
 * K_ENOTFOUND. */
int import_find_bundle(const char *path, char *out, size_t size);

#endif
