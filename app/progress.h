/* SPDX-License-Identifier: MIT
 *
 * progress.h - the live-import protocol: the lines `newskiosk import
 * --progress-fd N` writes (app/main.c) and the running kiosk reads from
 * its child (app/liveimport.c). One line per event, '\n'-terminated,
 * written with one write() so a pipe never delivers half of one:
 *
 *     progress DONE TOTAL         DONE of TOTAL articles handled
 *     warn MSG                    one warning ("articles/7.txt: line 3: ...")
 *     error MSG                   the import failed; MSG says why (last line)
 *     done IMPORTED SKIPPED ID    the import committed (last line)
 *     unchanged ID                imported before, nothing done (last line)
 *
 * MSG and ID run to the end of the line; a '\n' or '\r' in them is written
 * as a space, so one event stays one line. Unknown lines are ignored by
 * the reader (room for new events).
 */
#ifndef KIOSK_PROGRESS_H
#define KIOSK_PROGRESS_H

#include <stddef.h>

enum {
    PROGRESS_NONE = 0,      /* not a protocol line */
    PROGRESS_STEP,          /* "progress DONE TOTAL": a = done, b = total */
    PROGRESS_WARN,          /* "warn MSG": text */
    PROGRESS_ERROR,         /* "error MSG": text */
    PROGRESS_DONE,          /* "done IMPORTED SKIPPED ID": a, b, text = ID (may be "") */
    PROGRESS_UNCHANGED,     /* "unchanged ID": text */
};

/* Room for any line the writer makes: a warning is at most ~1 KiB. */
#define PROGRESS_LINE_MAX 1200

typedef struct ProgressMsg {
    int kind;               /* PROGRESS_* */
    int a, b;
    const char *text;       /* MSG or ID; "" when the kind has none */
} ProgressMsg;

/* Write m as one protocol line, '\n' included, into out (size bytes, NUL-
 * terminated; a text too long is cut). Returns the line's length without
 * the NUL, or 0 for an unknown kind. */
size_t progress_format(const ProgressMsg *m, char *out, size_t size);

/* Parse one line (without its '\n'). Returns the kind and fills *m;
 * m->text points into 'line', which must outlive it. PROGRESS_NONE for
 * anything else, including "progress" or "done" lines whose numbers do
 * not read (m->text is then ""). */
int progress_parse(const char *line, ProgressMsg *m);

#endif
