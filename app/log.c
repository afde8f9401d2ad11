/* SPDX-License-Identifier: MIT
 * log.c - see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int threshold = -1;          /* -1: NEWSKIOSK_LOG not read yet */
static const char *prog = "newskiosk";

int
log_level(void)
{
    if (threshold < 0) {
        static const char *const names[] = {"error", "warn", "info", "debug"};
        const char *env = getenv("NEWSKIOSK_LOG");
        threshold = LOG_LEVEL_INFO;
        for (int i = 0; env && i < 4; i++)
            if (strcmp(env, names[i]) == 0)
                threshold = i;
    }
    return threshold;
}

void
log_set_level(int level)
{
    threshold = level < LOG_LEVEL_ERROR ? LOG_LEVEL_ERROR
                : level > LOG_LEVEL_DEBUG ? LOG_LEVEL_DEBUG : level;
}

void
log_set_name(const char *name)
{
    prog = name ? name : "newskiosk";
}

void
log_write(int level, const char *file, int line, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    int n, m;

    if (log_level() >= LOG_LEVEL_DEBUG)
        n = snprintf(buf, sizeof buf, "%s: %s:%d: %s", prog, file, line,
                     level == LOG_LEVEL_WARN ? "warning: " : "");
    else
        n = snprintf(buf, sizeof buf, "%s: %s", prog, level == LOG_LEVEL_WARN ? "warning: " : "");
    if (n < 0 || (size_t)n >= sizeof buf)
        n = 0;
    va_start(ap, fmt);
    m = vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if ((size_t)n > sizeof buf - 2)
        n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    /* stdio's buffer may hold a half line (a progress bar); flush it first */
    fflush(stderr);
    if (write(STDERR_FILENO, buf, (size_t)n) < 0)
        return;
}
