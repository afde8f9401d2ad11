/* SPDX-License-Identifier: MIT
 *
 * err.h - result codes and the caller-supplied error detail (Err).
 *
 * Fallible functions return 0 (K_OK) or a negative K_E* code, and put the
 * detail (file, line, message) into an Err the caller may pass as NULL.
 * Nothing here allocates, so it is safe on the out-of-memory path.
 */
#ifndef KIOSK_ERR_H
#define KIOSK_ERR_H

#include <stddef.h>

enum {
    K_OK = 0,
    K_ENOMEM = -1,   /* out of memory */
    K_EIO = -2,      /* read/write failed (stick pulled, disk full) */
    K_EPARSE = -3,   /* content malformed */
    K_EDB = -4,      /* SQLite said no */
    K_ELIMIT = -5,   /* a limit against hostile input was hit */
    K_EUNSAFE = -6,  /* symlink, device, FIFO, path escaping the bundle */
    K_ESIG = -7,     /* signature or hash check failed */
    K_EDUP = -8,     /* bundle already imported */
    K_EUSAGE = -9,   /* bad arguments or config */
    K_EABORT = -10,  /* cancelled by the caller */
    K_ENOTFOUND = -11,
    K_EDAMAGED = -12, /* the database file is damaged, not a database, or too new */
    K_ESCHEMA = -13, /* the database's schema is older than this program's (read-only open) */
};

typedef struct Err {
    int code;         /* K_E*; K_OK when nothing was set */
    int line;         /* 1-based line in 'file', 0 when not about a line */
    char file[256];   /* the file the error is about, relative to the bundle, or "" */
    char msg[512];    /* one short sentence, no trailing newline */
} Err;

/* Reset e (NULL-safe). */
void err_clear(Err *e);

/* Set code and printf-style message (NULL-safe). Returns code, so callers can
 * write 'return err_set(err, K_EIO, "...")'. Keeps e->file and e->line. */
int err_set(Err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As err_set, and also records the file and line (line 0 = none). */
int err_setf(Err *e, int code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Format e as "file: line N: msg" (parts omitted when empty) into buf. Returns buf. */
const char *err_str(const Err *e, char *buf, size_t size);

/* A short constant name for a K_E* code ("out of memory", ...). */
const char *err_name(int code);

#endif
