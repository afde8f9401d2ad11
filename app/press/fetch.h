/* SPDX-License-Identifier: MIT
 *
 * fetch.h - get the bytes of a feed or a picture: a local file (always,
 * offline) or an http(s) URL (libcurl, with timeouts and a size limit);
 * and write a file of the bundle durably.
 *
 * A local file is checked by its size before a byte is read, so a huge or
 * sparse file is refused at once; a download is cut off as soon as it
 * passes the limit. Only http and https are fetched (redirects included);
 * file:// URLs and plain paths are read from the disk.
 */
#ifndef KIOSK_PRESS_FETCH_H
#define KIOSK_PRESS_FETCH_H

#include <stddef.h>

#include "../core/err.h"

typedef struct FetchResult {
    char *data;            /* the bytes, NUL-terminated (len excludes it); free() */
    size_t len;
    char charset[40];      /* from an HTTP Content-Type "charset=", or "" */
    char type[80];         /* the Content-Type without parameters, or "" */
} FetchResult;

/* 1 when s is an http:// or https:// URL (case-insensitive scheme). */
int fetch_is_url(const char *s);

/* Initialise libcurl once for the process (idempotent) and clean it up. */
void fetch_global_init(void);
void fetch_global_cleanup(void);

/* Read 'what' (a path, a file:// URL or an http(s) URL) into *out, at most
 * max_bytes. timeout_s bounds a download as a whole. Returns K_OK, or
 * K_ELIMIT (over max_bytes), K_ENOTFOUND (no such file, HTTP 404/410),
 * K_EIO (anything else: the reason in err), K_ENOMEM. Free out->data with
 * free() (also NULL after a failure). */
int fetch_get(const char *what, size_t max_bytes, long timeout_s, FetchResult *out, Err *err);

/* Write len bytes to rel under dirfd (AT_FDCWD for a path), created or
 * truncated, never through a symlink, and fsync'd: what press writes is on
 * the stick before the bundle is renamed into place. On failure the file
 * is removed and err names it. K_OK or K_EIO. */
int fetch_write_file(int dirfd, const char *rel, const void *data, size_t len, Err *err);

#endif
