/* SPDX-License-Identifier: MIT
 * err.c - see err.h. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
err_clear(Err *e)
{
    if (e == NULL)
        return;
    e->code = K_OK;
    e->line = 0;
    e->file[0] = '\0';
    e->msg[0] = '\0';
}

static void
vset(Err *e, int code, const char *fmt, va_list ap)
{
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int
err_set(Err *e, int code, const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return code;
    va_start(ap, fmt);
    vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int
err_setf(Err *e, int code, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    if (e == NULL)
        return code;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    va_start(ap, fmt);
    vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *
err_str(const Err *e, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (e == NULL)
        return buf;
    if (e->file[0] && e->line > 0)
        snprintf(buf, size, "%s: line %d: %s", e->file, e->line, e->msg);
    else if (e->file[0])
        snprintf(buf, size, "%s: %s", e->file, e->msg);
    else
        snprintf(buf, size, "%s", e->msg[0] ? e->msg : err_name(e->code));
    return buf;
}

const char *
err_name(int code)
{
    switch (code) {
    case K_OK: return "ok";
    case K_ENOMEM: return "out of memory";
    case K_EIO: return "input/output error";
    case K_EPARSE: return "malformed content";
    case K_EDB: return "database error";
    case K_ELIMIT: return "limit exceeded";
    case K_EUNSAFE: return "unsafe file";
    case K_ESIG: return "signature check failed";
    case K_EDUP: return "already imported";
    case K_EUSAGE: return "usage error";
    case K_EABORT: return "cancelled";
    case K_ENOTFOUND: return "not found";
    case K_EDAMAGED: return "damaged database";
    }
    return "unknown error";
}
