/* SPDX-License-Identifier: MIT
 * progress.c - see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t
progress_format(const ProgressMsg *m, char *out, size_t size)
{
    const char *text = m->text ? m->text : "";
    int n;

    if (size == 0)
        return 0;
    switch (m->kind) {
    case PROGRESS_STEP: n = snprintf(out, size, "progress %d %d", m->a, m->b); break;
    case PROGRESS_WARN: n = snprintf(out, size, "warn %s", text); break;
    case PROGRESS_ERROR: n = snprintf(out, size, "error %s", text); break;
    case PROGRESS_DONE: n = snprintf(out, size, "done %d %d %s", m->a, m->b, text); break;
    case PROGRESS_UNCHANGED: n = snprintf(out, size, "unchanged %s", text); break;
    default: out[0] = '\0'; return 0;
    }
    if (n < 0)
        n = 0;
    if ((size_t)n > size - 2)
        n = size >= 2 ? (int)size - 2 : 0;
    /* one event, one line */
    for (int i = 0; i < n; i++)
        if (out[i] == '\n' || out[i] == '\r')
            out[i] = ' ';
    if (size >= 2)
        out[n++] = '\n';
    out[n] = '\0';
    return (size_t)n;
}

/* A decimal int at *s (optional '-'), then a space or the end. Returns 1
 * and moves *s past it and its one space, else 0. */
static int
read_int(const char **s, int *out)
{
    char *end;
    long v = strtol(*s, &end, 10);

    if (end == *s || (*end != ' ' && *end != '\0') || v < -2147483647L || v > 2147483647L)
        return 0;
    *out = (int)v;
    *s = *end ? end + 1 : end;
    return 1;
}

int
progress_parse(const char *line, ProgressMsg *m)
{
    const char *s;

    memset(m, 0, sizeof *m);
    m->text = "";
    if (strncmp(line, "progress ", 9) == 0) {
        s = line + 9;
        if (read_int(&s, &m->a) && read_int(&s, &m->b))
            m->kind = PROGRESS_STEP;
    } else if (strncmp(line, "warn ", 5) == 0) {
        m->kind = PROGRESS_WARN;
        m->text = line + 5;
    } else if (strncmp(line, "error ", 6) == 0) {
        m->kind = PROGRESS_ERROR;
        m->text = line + 6;
    } else if (strncmp(line, "done ", 5) == 0) {
        s = line + 5;
        if (read_int(&s, &m->a) && read_int(&s, &m->b)) {
            m->kind = PROGRESS_DONE;
            m->text = s;
        }
    } else if (strncmp(line, "unchanged ", 10) == 0) {
        m->kind = PROGRESS_UNCHANGED;
        m->text = line + 10;
    }
    if (m->kind == PROGRESS_NONE) {
        memset(m, 0, sizeof *m);
        m->text = "";
    }
    return m->kind;
}
