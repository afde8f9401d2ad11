/* SPDX-License-Identifier: MIT
 *
 * script.c - parse the `--script` test hook (see script.h).
 */
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Next whitespace-separated word of line[*pos..len) into buf; 0 when none. */
static int
word(const char *line, size_t len, size_t *pos, char *buf, size_t size)
{
    size_t i = *pos, n = 0;

    while (i < len && isspace((unsigned char)line[i]))
        i++;
    if (i == len)
        return 0;
    while (i < len && !isspace((unsigned char)line[i])) {
        if (n + 1 < size)
            buf[n++] = line[i];
        i++;
    }
    buf[n] = '\0';
    *pos = i;
    return 1;
}

static int
parse_int(const char *s, int *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < INT_MIN / 2 || v > INT_MAX / 2)
        return 0;
    *out = (int)v;
    return 1;
}

/* Parse one line (without its newline) into c. Returns 1 for a command, 0
 * for a blank or comment line, -1 on an error (msg set). */
static int
parse_line(const char *line, size_t len, ScriptCmd *c, const char **msg)
{
    char w[SCRIPT_ARG_MAX], extra[8];
    size_t pos = 0;
    int *nums[4] = {&c->x1, &c->y1, &c->x2, &c->y2};
    int want = 0;

    for (size_t i = 0; i < len; i++)
        if (line[i] == '#') {
            len = i;
            break;
        }
    if (!word(line, len, &pos, w, sizeof w))
        return 0;
    if (strcmp(w, "wait") == 0) {
        char *end;
        double s;
        c->op = SCRIPT_WAIT;
        *msg = "wait: expected SECONDS (a number from 0 to 86400)";
        if (!word(line, len, &pos, w, sizeof w))
            return -1;
        errno = 0;
        s = strtod(w, &end);
        if (errno || end == w || *end || !(s >= 0 && s <= 86400))
            return -1;
        c->ms = (int64_t)llround(s * 1000.0);
    } else if (strcmp(w, "tap") == 0) {
        c->op = SCRIPT_TAP;
        want = 2;
        *msg = "tap: expected X Y";
    } else if (strcmp(w, "swipe") == 0) {
        c->op = SCRIPT_SWIPE;
        want = 4;
        *msg = "swipe: expected X1 Y1 X2 Y2";
    } else if (strcmp(w, "key") == 0 || strcmp(w, "shot") == 0) {
        c->op = w[0] == 'k' ? SCRIPT_KEY : SCRIPT_SHOT;
        *msg = c->op == SCRIPT_KEY ? "key: expected a key NAME" : "shot: expected FILE";
        /* the rest of the line, trimmed: a file name may hold spaces */
        while (pos < len && isspace((unsigned char)line[pos]))
            pos++;
        while (len > pos && isspace((unsigned char)line[len - 1]))
            len--;
        if (pos == len || len - pos >= sizeof c->arg)
            return -1;
        memcpy(c->arg, line + pos, len - pos);
        c->arg[len - pos] = '\0';
        return 1;
    } else if (strcmp(w, "settle") == 0) {
        c->op = SCRIPT_SETTLE;
        *msg = "settle: takes no argument";
    } else if (strcmp(w, "quit") == 0) {
        c->op = SCRIPT_QUIT;
        *msg = "quit: takes no argument";
    } else {
        *msg = "unknown command (wait, tap, swipe, key, shot, settle, quit)";
        return -1;
    }
    for (int i = 0; i < want; i++)
        if (!word(line, len, &pos, w, sizeof w) || !parse_int(w, nums[i]))
            return -1;
    if (word(line, len, &pos, extra, sizeof extra))
        return -1;
    return 1;
}

int
script_parse(const char *text, size_t len, const char *path, Script *out, Err *err)
{
    Script s = {0};
    size_t cap = 0, pos = 0;
    int lineno = 0, rc = K_OK;

    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t l = end - pos;
        if (l > 0 && text[pos + l - 1] == '\r')
            l--;
        ScriptCmd c = {0};
        const char *msg = "";
        int r = parse_line(text + pos, l, &c, &msg);
        if (r < 0) {
            rc = err_setf(err, K_EPARSE, path ? path : "", lineno, "%s", msg);
            goto fail;
        }
        if (r > 0) {
            c.line = lineno;
            if (s.n == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                ScriptCmd *v = realloc(s.v, ncap * sizeof *v);
                if (v == NULL) {
                    rc = err_set(err, K_ENOMEM, "script: out of memory");
                    goto fail;
                }
                s.v = v;
                cap = ncap;
            }
            s.v[s.n++] = c;
        }
        pos = end + 1;
    }
    *out = s;
    return K_OK;
fail:
    script_free(&s);
    return rc;
}

void
script_free(Script *s)
{
    if (s == NULL)
        return;
    free(s->v);
    s->v = NULL;
    s->n = 0;
}
