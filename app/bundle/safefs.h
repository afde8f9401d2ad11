/* SPDX-License-Identifier: MIT
 *
 * safefs.h - reading files from a stick that may be hostile: never follow a
 * symlink, never open a device or FIFO, never leave the bundle folder,
 * never read more than a limit. Paths are bundle-relative ("articles/x.txt").
 */
#ifndef KIOSK_SAFEFS_H
#define KIOSK_SAFEFS_H

#include <stddef.h>

#include "../core/err.h"

/* 1 if rel is a safe bundle-relative path: not empty, no leading '/', no
 * '\\', no empty, "." or ".." component, no component starting with '.',
 * valid UTF-8 without control characters, at most 'max_depth' components. */
int safefs_path_ok(const char *rel, int max_depth);

/* Open folder 'rel' below dirfd (rel may be "." or have several components),
 * refusing symlinks at every step. Returns an fd (O_DIRECTORY) or <0 with err
 * set (K_EUNSAFE for a symlink or non-folder, K_EIO when it cannot be read,
 * K_ENOTFOUND when it does not exist). */
int safefs_open_dir(int dirfd, const char *rel, Err *err);

/* Read the regular file 'rel' below dirfd into a new buffer (NUL-terminated
 * for convenience; *len excludes it). More than max_bytes: K_ELIMIT. A
 * symlink, device, FIFO or socket: K_EUNSAFE. Missing: K_ENOTFOUND. Read
 * error: K_EIO. Free *data with free(). err names 'rel'. */
int safefs_read(int dirfd, const char *rel, size_t max_bytes, char **data, size_t *len, Err *err);

/* The folder of the last file read by safefs_read_cached(), kept open:
 * reading a sorted list of 10,000 files in one folder then costs one
 * openat of the folder instead of one per file (and per path component).
 * Start with SAFEFS_DIRCACHE_INIT; safefs_dircache_close() closes its fd
 * (harmless on NULL or on one never used). A folder swapped for a symlink
 * after it was opened is not followed: the fd is the real folder that was
 * opened then, inside the bundle. */
typedef struct SafefsDirCache {
    int fd;               /* -1: none */
    int parent;           /* the dirfd it was opened below */
    char dir[1024];       /* its bundle-relative path ("" for dirfd itself) */
} SafefsDirCache;
#define SAFEFS_DIRCACHE_INIT {-1, -1, ""}
void safefs_dircache_close(SafefsDirCache *dc);

/* safefs_read() through a folder cache (dc may be NULL: no cache); the same
 * checks, results and errors. */
int safefs_read_cached(SafefsDirCache *dc, int dirfd, const char *rel, size_t max_bytes,
                       char **data, size_t *len, Err *err);

/* Kinds of entry seen by safefs_list. */
enum { SAFEFS_FILE = 1, SAFEFS_DIR = 2, SAFEFS_OTHER = 3 };

/* List folder fd (not closed) into a sorted, malloc'd array of malloc'd
 * names with their kinds and what lstat said of them (no following; all 0
 * for an entry that vanished). At most max_entries, else K_ELIMIT. Free
 * with safefs_list_free. */
typedef struct SafefsEntry {
    char *name;
    int kind;
    long long size_bytes;
    long long mtime_ns;   /* last change of the bytes, ns since 1970 */
    long long ctime_ns;   /* last change of the inode (FAT: the creation time) */
} SafefsEntry;
int safefs_list(int fd, size_t max_entries, SafefsEntry **out, size_t *n, Err *err);
void safefs_list_free(SafefsEntry *e, size_t n);

#endif
