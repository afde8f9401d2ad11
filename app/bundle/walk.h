/* SPDX-License-Identifier: MIT
 *
 * walk.h - the one walk over a bundle's folders, shared by the importer
 * (which files to read) and the signer (which files to list in the
 * manifest), so both apply the same rules with the same messages:
 *
 *  - hidden entries (".x", macOS "._x.txt", ".Trashes") are passed over;
 *  - a name that is not UTF-8 text, or over 255 bytes: WALK_TXT warns
 *    "PATH: the file name is not valid UTF-8 text; skipped", WALK_ANY
 *    passes over it silently;
 *  - a symlink, device, FIFO or socket: WALK_TXT refuses the bundle
 *    (K_EUNSAFE), WALK_ANY passes over it (such a file is only ever read
 *    when an article names it, and refused then);
 *  - WALK_TXT keeps ".txt" files (any case: "0004.TXT" from a FAT stick)
 *    and warns "PATH: not a .txt file; ignored" about others;
 *  - folders nested deeper than max_depth, or more than max_files entries
 *    seen in all the walks made with one BundleWalk, refuse the bundle
 *    (K_ELIMIT).
 *
 * Nothing is followed but real folders (safefs: openat + O_NOFOLLOW).
 */
#ifndef KIOSK_WALK_H
#define KIOSK_WALK_H

#include <stddef.h>

#include "../core/err.h"
#include "safefs.h"

/* A warning, already formatted ("articles/x.bin: not a .txt file; ignored"). */
typedef void (*WalkWarnFn)(void *ctx, const char *msg);

/* Each file the walk keeps, as it is added to the list: its bundle path
 * and what lstat said of it during the listing (size, times). Called in
 * walk order (depth first, each folder's entries in strcmp order), which
 * is the same for the same folders. */
typedef void (*WalkFileFn)(void *ctx, const char *path, const SafefsEntry *e);

typedef struct BundleWalk {
    int dirfd;            /* the bundle folder (not closed) */
    int max_depth;        /* the config's max_depth */
    long max_files;       /* the config's max_files, over every walk with this struct */
    size_t entries;       /* entries seen so far; start at 0 */
    WalkWarnFn warn;      /* may be NULL: warnings are then dropped */
    void *warn_ctx;       /* for warn and file */
    WalkFileFn file;      /* may be NULL */
    Err *err;             /* may be NULL */
} BundleWalk;

/* Paths found, bundle-relative ("articles/a/0001.txt"), each malloc'd. */
typedef struct WalkList {
    char **v;
    size_t n, cap;
} WalkList;

enum {
    WALK_TXT = 0,          /* articles/: .txt files; a link or device refuses the bundle */
    WALK_ANY = 1,          /* images/: every plain file; links and devices passed over */
    WALK_MISSING_OK = 2,   /* a missing top folder is an empty one, not K_ENOTFOUND */
};

/* Append every file below the top folder 'rel' ("articles", "images") to
 * *out, then sort all of *out by strcmp (so bsearch works). flags: WALK_TXT
 * or WALK_ANY, optionally | WALK_MISSING_OK. Returns K_OK; or K_ELIMIT,
 * K_EUNSAFE, K_EIO ("cannot list this folder; was the stick removed?"),
 * K_ENOTFOUND, K_ENOMEM with w->err naming the path. On failure *out keeps
 * what was found so far; the caller frees it with walk_list_free() either
 * way. */
int walk_bundle(BundleWalk *w, const char *rel, int flags, WalkList *out);

/* Free the paths and the array; zeroes *l. NULL is harmless. */
void walk_list_free(WalkList *l);

/* 1 if name ends in ".txt" in any case and has a name before it. */
int walk_is_txt(const char *name);

#endif
