/* SPDX-License-Identifier: MIT
 *
 * script.h - the `--script FILE` test hook: text -> a list of commands.
 *
 * One command a line, '#' starts a comment (SPEC.md, "Test hook"):
 *   wait SECONDS | tap X Y | swipe X1 Y1 X2 Y2 | key NAME | shot FILE |
 *   settle | quit
 * kiosk.c runs the commands against virtual time. libc only.
 */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum ScriptOp {
    SCRIPT_WAIT = 1,  /* ms */
    SCRIPT_TAP,       /* x1, y1 */
    SCRIPT_SWIPE,     /* x1, y1 -> x2, y2 over SCRIPT_SWIPE_MS */
    SCRIPT_KEY,       /* arg = key name as written */
    SCRIPT_SHOT,      /* arg = file */
    SCRIPT_SETTLE,
    SCRIPT_QUIT,
};

#define SCRIPT_SWIPE_MS 300
#define SCRIPT_ARG_MAX 1024

typedef struct ScriptCmd {
    int op;             /* ScriptOp */
    int line;           /* 1-based line in the script file */
    int64_t ms;         /* SCRIPT_WAIT */
    int x1, y1, x2, y2; /* window pixels */
    char arg[SCRIPT_ARG_MAX];
} ScriptCmd;

typedef struct Script {
    ScriptCmd *v;
    size_t n;
} Script;

/* Parse len bytes of script text ('path' names it in messages). On success
 * returns K_OK and fills *out (free with script_free). On a bad line returns
 * K_EPARSE with err naming the line ("line 3: tap: expected X Y") and leaves
 * *out empty; K_ENOMEM when out of memory. */
int script_parse(const char *text, size_t len, const char *path, Script *out, Err *err);

/* Free the commands (NULL-safe) and zero *s. */
void script_free(Script *s);

#endif
