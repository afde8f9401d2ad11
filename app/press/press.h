/* SPDX-License-Identifier: MIT
 *
 * press.h - `newskiosk press`: feeds (RSS, Atom, JSON Feed, OPML lists of
 * them; local files or http(s) URLs) -> a bundle folder the kiosk imports,
 * written atomically and optionally signed. docs/bundle.md tells the
 * editor's side; this header the caller's.
 *
 * Order of work: read every FEED argument (an OPML file expands into its
 * feeds), turn each item into one story (HTML body -> paragraphs, stable id
 * from the guid or link), keep the newest max_items per feed within
 * max_age_days, fetch pictures, write articles/NNNN.txt, images/ and
 * manifest.json into a hidden temporary folder beside the target, sign it,
 * fsync every file and folder, then rename it into place. A feed that
 * fails is reported and skipped; nothing is written unless at least one
 * story came out.
 */
#ifndef KIOSK_PRESS_H
#define KIOSK_PRESS_H

#include "../core/config.h"
#include "../core/err.h"

#define PRESS_DEFAULT_MAX_ITEMS 30
#define PRESS_MAX_ARTICLES 5000         /* per bundle, well inside max_files */

typedef struct PressFeedArg {
    const char *src;        /* a path, file:// or http(s) URL: a feed or an OPML list */
    const char *category;   /* from FEED=Category, or NULL */
} PressFeedArg;

enum { PRESS_LOG_PROGRESS = 1, PRESS_LOG_INFO, PRESS_LOG_WARN };

/* One message for the user: PROGRESS lines are transient (a terminal
 * overwrites them), INFO and WARN lines stay. Already formatted. */
typedef void (*PressLogFn)(void *ctx, int kind, const char *msg);

typedef struct PressOpts {
    const Config *cfg;        /* the kiosk's limits (max_image_bytes, ...) */
    const char *sign_key;     /* NAME.key, or NULL for an unsigned bundle */
    int replace;              /* 1: mode replace (default), 0: merge */
    int max_age_days;         /* 0: any age */
    int max_items;            /* per feed; 0: PRESS_DEFAULT_MAX_ITEMS */
    const char *source;       /* overrides every feed's title as the source, or NULL */
    const char *lang;         /* for feeds that do not say their language, or NULL */
    const char *category;     /* for feeds without a category of their own, or NULL */
    const char *out;          /* stick mount point or folder (bundle goes to OUT/newskiosk),
                                 or a folder named newskiosk itself; NULL = "." */
    long timeout_s;           /* per download; 0: 60 */
    long long now;            /* seconds since 1970, for tests; 0: the clock */
    PressLogFn log;           /* may be NULL */
    void *ctx;
} PressOpts;

typedef struct PressResult {
    int articles;             /* stories written */
    int images;               /* pictures written */
    int feeds;                /* feeds read (an OPML list counts its feeds) */
    int feeds_failed;
    char failed[600];         /* the failed feeds' names, ", "-separated */
    char bundle_dir[1100];    /* where the bundle now is */
    char key_id[17];          /* the signing key's id, "" when unsigned */
} PressResult;

/* Build the bundle. Returns K_OK when at least one story was written (some
 * feeds may have failed: res says which). Otherwise K_EPARSE (nothing
 * usable came out), K_EIO (cannot write the target), K_ESIG/K_EUSAGE (the
 * key), K_ENOMEM; err says why, and nothing was written. */
int press_run(const PressOpts *o, const PressFeedArg *feeds, size_t nfeeds, PressResult *res,
              Err *err);

/* Global set-up and tear-down of the libraries press uses (libxml2,
 * libcurl). press_run calls the first itself; call press_cleanup once at
 * exit so leak checkers see nothing. */
void press_cleanup(void);

#endif
