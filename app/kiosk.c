/* SPDX-License-Identifier: MIT
 *
 * kiosk.c - `newskiosk run`: wires the store, the UI state machine (core/ui)
 * and the screen (plat/plat.h) into one single-threaded loop.
 *
 * Start reading kiosk_run(). The loop sleeps in plat_wait() until input, the
 * UI's next deadline (an animation frame, the next headline, the clock's next
 * minute) or the once-a-second housekeeping: the systemd watchdog ping and a
 * cheap PRAGMA data_version poll that notices another process's import and
 * hands the new headlines to the UI, which shows them at its next transition.
 * With --script, time is virtual: run_script() advances it only by `wait`,
 * running every frame and timer the UI would have had in that time.
 */
#include "kiosk.h"

#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <qrencode.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "core/article.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/script.h"
#include "core/ui.h"
#include "core/vec.h"
#include "liveimport.h"
#include "plat/plat.h"
#include "sdnotify.h"
#include "status.h"
#include "store/store.h"
#include "text/unitext.h"

#define HOUSEKEEPING_MS 1000
/* While a stick imports, the loop wakes this often to read its progress. */
#define LIVE_POLL_MS 50
/* The import result stays up this long unless touched. */
#define IMPORT_RESULT_MS 20000
/* `settle` gives up waiting for an import after this long (real time). */
#define SETTLE_TIMEOUT_MS 120000
/* Headlines read before the first frame; the rest follow right after it, so
 * start-up time does not grow with the number of stored articles. */
#define FIRST_BATCH 48

typedef struct Kiosk {
    const Config *cfg;
    const KioskOpts *o;
    Store *st;
    Plat *plat;
    Ui *ui;
    DrawList dl;
    int64_t data_version;
    int have_version;
    int64_t last_house_ms;
    long long watchdog_ms;
    int presented;
    int more_headlines;    /* the first batch was cut short: load the rest */
    StoreInfo info;        /* the installed bundle; re-read when the data changes */
    LiveImport *live;      /* sticks under the watch folders; NULL without any */
    int64_t result_at_ms;  /* when the import result went up (kiosk time), 0 = none */
    int results;           /* import results shown so far */
    int results_settled;   /* ... of which a `settle` has waited for */
    int import_shots;      /* NEWSKIOSK_IMPORT_SHOTS: frames saved so far */
    /* virtual time (script mode) */
    int scripted;
    int64_t vnow_ms;
    int64_t wall0_s;       /* wall clock at virtual 0 */
    int64_t start_ms;
    int full_check;        /* 1: check the whole database at the next housekeeping */
    int damaged;           /* the database was damaged and moved aside */
    char today[16];        /* the local date the headlines were filtered for */
    int quit;              /* a signal asked to stop */
    int panel_off;         /* night_mode = off, at night: the panel is powered down */
    int panel_dark_shown;  /* ... and the black frame went up before it */
    int64_t status_due_ms; /* the status file is rewritten then (real time); 0 = now */
    char status_said[512]; /* the last status write error, said once */
    UiHeadline hl;         /* the headline the UI asked for last (host_get_headline) */
    char *hl_buf;          /* ... its strings */
    int hl_ok;
} Kiosk;

static int64_t
mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
now_ms(const Kiosk *k)
{
    return k->scripted ? k->vnow_ms : mono_ms() - k->start_ms;
}

/* The wall clock the kiosk believes: never earlier than the newest content
 * (a board without RTC or network boots in 1970 or at its image's date).
 * *suspect = 1 when the system clock was behind the content. */
static int64_t
effective_wall(Kiosk *k, int *suspect, int *utc_off)
{
    int64_t sys = k->scripted ? k->wall0_s + k->vnow_ms / 1000 : (int64_t)time(NULL);
    const char *content = k->info.created[0] ? k->info.created : k->info.imported_at;
    int64_t now = clock_effective(sys, content, suspect);
    time_t t = (time_t)now;
    struct tm tm;

    localtime_r(&t, &tm);
    *utc_off = (int)tm.tm_gmtoff;
    return now;
}

/* --- content ------------------------------------------------------------ */

/* The display order as the UI keeps it: row ids and categories. */
typedef struct Collect {
    UiStory *v;
    size_t n, cap;
    size_t limit;   /* stop after this many; 0 = all */
    int oom;
} Collect;

static int
collect_one(void *ctx, int64_t rowid, const char *category)
{
    Collect *c = ctx;
    UiStory *v = vec_grow(c->v, c->n, &c->cap, sizeof *c->v, 64);

    if (v == NULL) {
        c->oom = 1;
        return 1;
    }
    c->v = v;
    /* the stories of a category mostly come together: they share a copy */
    const char *prev = c->n ? v[c->n - 1].category : NULL;
    const char *cat = prev && strcmp(prev, category) == 0 ? prev : strdup(category);
    if (cat == NULL) {
        c->oom = 1;
        return 1;
    }
    v[c->n++] = (UiStory){rowid, cat};
    return c->limit && c->n >= c->limit;
}

static void
collect_free(Collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (i == 0 || c->v[i].category != c->v[i - 1].category)
            free((char *)c->v[i].category);
    free(c->v);
}

/* Read the headlines (not the bodies), at most 'limit' (0 = all), and hand
 * them to the UI. Returns 1 when the limit cut the list short. */
static int
load_headlines(Kiosk *k, size_t limit)
{
    Collect c = {0};
    int more;
    char today[16];
    int suspect, off;
    Err e;

    c.limit = limit;
    err_clear(&e);
    if (k->st) {
        time_t t = (time_t)effective_wall(k, &suspect, &off);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        snprintf(k->today, sizeof k->today, "%s", today);
        if (store_order(k->st, today, collect_one, &c, &e) != K_OK)
            fprintf(stderr, "newskiosk: headlines: %s\n", e.msg);
    }
    /* what the empty screen says: stories stored but all expired is not
     * "no news loaded yet" (that blames the stick when the clock moved) */
    if (getenv("NEWSKIOSK_TRACE"))
        fprintf(stderr, "newskiosk: %zu headlines for %s\n", c.n, k->today);
    int stored = 0;
    if (k->st && c.n == 0 && store_count(k->st, NULL, &stored, NULL) != K_OK)
        stored = 0;
    if (c.n > 0)
        k->damaged = 0;
    ui_set_empty_reason(k->ui, stored > 0 ? UI_EMPTY_EXPIRED
                               : k->damaged ? UI_EMPTY_DAMAGED : UI_EMPTY_NONE);
    if (!c.oom) {
        /* A first batch: say how many the whole list has (a cheap b-tree
         * count, expired ones included), so the position indicator is
         * right on the first frame and does not change when the rest
         * arrives. The whole list: no hint. */
        int total = 0;
        if (limit && c.n >= limit && store_count(k->st, NULL, &total, NULL) == K_OK)
            ui_set_total_hint(k->ui, (size_t)total);
        else
            ui_set_total_hint(k->ui, 0);
        ui_set_stories(k->ui, c.v, c.n,
                       k->info.created[0] ? k->info.created : k->info.imported_at);
    }
    else
        fprintf(stderr, "newskiosk: out of memory loading headlines\n");
    more = limit && c.n >= limit;
    collect_free(&c);
#ifdef __GLIBC__
    /* The list just freed (the UI keeps its own) would otherwise stay in
     * the heap: with 100,000 stories that is megabytes of a small board's
     * memory for the rest of the day. */
    if (!limit)
        malloc_trim(0);
#endif
    return more;
}

/* A damaged database can never be read: move it aside (kept for a look)
 * and go on with none, saying so, so that the next stick restores the
 * kiosk instead of it staying blank for good. full: PRAGMA quick_check over
 * the whole file (after the first frame), else the header and schema. */
static void
check_store(Kiosk *k, int full)
{
    Err e;
    char moved[700];

    err_clear(&e);
    if (store_check(k->o->db_path, full, &e) != K_EDAMAGED)
        return;
    fprintf(stderr, "newskiosk: %s\n", e.msg);
    store_close(k->st);
    k->st = NULL;
    k->have_version = 0;
    memset(&k->info, 0, sizeof k->info);
    err_clear(&e);
    if (store_move_aside(k->o->db_path, moved, sizeof moved, &e) != K_OK) {
        fprintf(stderr, "newskiosk: %s\n", e.msg);
        return;
    }
    fprintf(stderr, "newskiosk: moved the damaged database aside to %s; waiting for a stick\n",
            moved);
    k->damaged = 1;
    if (k->ui) {
        ui_set_stories(k->ui, NULL, 0, "");
        ui_set_empty_reason(k->ui, UI_EMPTY_DAMAGED);
    }
}

static void
try_open_store(Kiosk *k)
{
    Err e;

    if (k->st)
        return;
    if (access(k->o->db_path, F_OK) != 0)
        return;  /* nothing imported yet: the empty screen says how */
    err_clear(&e);
    k->st = store_open(k->o->db_path, STORE_RDONLY, &e);
    if (k->st == NULL && e.code == K_ESCHEMA) {
        /* stored by the program before an upgrade: brought up to date once
         * (a new column or setting), the stories kept */
        Store *w = store_open(k->o->db_path, STORE_RDWR, &e);
        if (w != NULL) {
            store_close(w);
            fprintf(stderr, "newskiosk: %s: brought up to this version's schema (%d)\n",
                    k->o->db_path, STORE_SCHEMA_VERSION);
            err_clear(&e);
            k->st = store_open(k->o->db_path, STORE_RDONLY, &e);
        }
    }
    if (k->st == NULL) {
        /* once, not every second: a broken file does not mend itself */
        static char said[1024];
        if (strcmp(said, e.msg) != 0) {
            snprintf(said, sizeof said, "%s", e.msg);
            fprintf(stderr, "newskiosk: %s\n", e.msg);
        }
    }
    else {
        /* the version first, so a commit from now on is noticed */
        k->have_version = store_data_version(k->st, &k->data_version, NULL) == K_OK;
        store_info(k->st, &k->info, NULL);
    }
}

/* Once a second: notice imports by other processes, keep the clock. */
static void
housekeeping(Kiosk *k)
{
    int64_t v;
    int suspect, off;

    if (k->full_check) {
        k->full_check = 0;
        check_store(k, 1);
    }
    if (k->st == NULL) {
        try_open_store(k);
        if (k->st)  /* the first import made the database */
            load_headlines(k, 0);
    }
    if (k->st && store_data_version(k->st, &v, NULL) == K_OK &&
        (!k->have_version || v != k->data_version)) {
        /* another process committed: new content, maybe a new bundle */
        k->data_version = v;
        k->have_version = 1;
        store_info(k->st, &k->info, NULL);
        load_headlines(k, 0);
    }
    int64_t wall = effective_wall(k, &suspect, &off);
    ui_set_clock(k->ui, wall, off, suspect);
    /* a new day: stories that expired yesterday leave the loop of a kiosk
     * that is never restarted */
    char today[16];
    time_t t = (time_t)wall;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    if (k->st && k->today[0] && strcmp(today, k->today) != 0)
        load_headlines(k, 0);
}

/* --- live import ------------------------------------------------------------ */

/* Save the import screen as it changes (NEWSKIOSK_IMPORT_SHOTS=DIR): tests
 * and benchmarks see the progress bar that a script's `shot` could only
 * catch by luck. */
static void frame(Kiosk *k);

static void
import_shot(Kiosk *k, const UiImport *imp)
{
    static const char *const names[] = {"none", "running", "done", "failed"};
    const char *dir = getenv("NEWSKIOSK_IMPORT_SHOTS");
    char path[CONFIG_PATH_MAX + 64];
    Err e;

    if (dir == NULL || k->import_shots >= 200 || imp->state < 0 || imp->state > 3)
        return;
    frame(k);
    /* The name says what the screen model held: state and counts. */
    snprintf(path, sizeof path, "%s/import-%03d-%s-%dof%d.bmp", dir, k->import_shots++,
             names[imp->state], imp->done, imp->total);
    if (plat_screenshot(k->plat, path, &e) != K_OK)
        fprintf(stderr, "newskiosk: %s: %s\n", path, e.msg);
}

/* Read the import child, if any, and show what it says. */
/* One line in the journal for every stick (an operator reading
 * `journalctl -u newskiosk` sees what a stick did), and an import log row
 * for an import that died before it could write one (killed, stuck). */
static void
log_result(Kiosk *k, const LiveStatus *ls)
{
    switch (ls->state) {
    case LIVE_DONE:
        fprintf(stderr, "newskiosk: %s: imported %d stories (%d skipped) from bundle %s\n",
                ls->stick, ls->imported, ls->skipped, ls->bundle_id);
        break;
    case LIVE_UNCHANGED:
        fprintf(stderr, "newskiosk: %s: bundle %s already imported, nothing changed\n",
                ls->stick, ls->bundle_id);
        break;
    case LIVE_FAILED:
        fprintf(stderr, "newskiosk: %s: not imported: %s\n", ls->stick, ls->reason);
        break;
    }
    if (ls->state == LIVE_FAILED && ls->killed) {
        Err e;
        err_clear(&e);
        Store *w = store_open(k->o->db_path, STORE_RDWR, &e);
        StoreImportLog l = {ls->bundle_id, ls->stick, "failed", 0, 0, ls->reason};
        if (w == NULL || store_log_import(w, &l, &e) != K_OK)
            fprintf(stderr, "newskiosk: import log: %s\n", e.msg);
        store_close(w);
    }
}

static void
live_tick(Kiosk *k)
{
    LiveStatus ls;
    UiImport imp;

    if (k->live == NULL)
        return;
    if (live_poll(k->live, mono_ms(), &ls)) {
        memset(&imp, 0, sizeof imp);
        switch (ls.state) {
        case LIVE_RUNNING: imp.state = UI_IMPORT_RUNNING; break;
        case LIVE_DONE:
        case LIVE_UNCHANGED: imp.state = UI_IMPORT_DONE; break;
        case LIVE_FAILED: imp.state = UI_IMPORT_FAILED; break;
        default: imp.state = UI_IMPORT_NONE; break;
        }
        if (ls.state == LIVE_IDLE) {
            /* an inbox bundle changed under its import: tried again once still */
            fprintf(stderr, "newskiosk: %s: changed while importing, will try again\n", ls.stick);
            if (ui_screen(k->ui) == UI_SCREEN_IMPORT)
                ui_set_import(k->ui, NULL);
            return;
        }
        imp.done = ls.done;
        imp.total = ls.total;
        live_describe(&ls, imp.title, sizeof imp.title, imp.detail, sizeof imp.detail);
        if (imp.state != UI_IMPORT_RUNNING && imp.state != UI_IMPORT_NONE) {
            log_result(k, &ls);
            k->result_at_ms = now_ms(k);
            if (k->result_at_ms == 0)
                k->result_at_ms = 1;
            k->results++;
            if (ls.state == LIVE_DONE)
                housekeeping(k);   /* the new content, now rather than within a second */
            k->status_due_ms = 0;  /* the fleet hears of every import */
        }
        if (ls.network && ls.state == LIVE_UNCHANGED) {
            /* a sync engine touched a bundle the kiosk has: nothing to say */
            if (ui_screen(k->ui) == UI_SCREEN_IMPORT)
                ui_set_import(k->ui, NULL);
            k->result_at_ms = 0;
            return;
        }
        ui_set_import(k->ui, &imp);
        import_shot(k, &imp);
    }
    if (k->result_at_ms && now_ms(k) - k->result_at_ms >= IMPORT_RESULT_MS) {
        k->result_at_ms = 0;
        if (ui_screen(k->ui) == UI_SCREEN_IMPORT && !live_busy(k->live))
            ui_set_import(k->ui, NULL);
    }
}

/* `settle`: in real time, until no import runs and the result of one that
 * started since the last settle is on screen (a stick present at start, or
 * one that appears meanwhile). Returns at once without watch folders. */
static void
settle(Kiosk *k)
{
    int64_t end = mono_ms() + SETTLE_TIMEOUT_MS;

    while (k->live && (live_busy(k->live) || k->results == k->results_settled)) {
        if (mono_ms() > end) {
            fprintf(stderr, "newskiosk: settle: no import finished within %d s\n",
                    SETTLE_TIMEOUT_MS / 1000);
            break;
        }
        live_tick(k);
        frame(k);
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    k->results_settled = k->results;
    frame(k);
}

/* --- host callbacks for the UI --------------------------------------------- */

/* store_headline's row, copied into one block for the UI to read until the
 * next call. */
static int
take_headline(void *ctx, const StoreHeadline *h)
{
    Kiosk *k = ctx;
    const char *src[] = {h->id,        h->title, h->summary, h->source, h->published,
                         h->category, h->image, h->lang,    h->dir};
    const char **dst[] = {&k->hl.id,       &k->hl.title, &k->hl.summary, &k->hl.source,
                          &k->hl.published, &k->hl.category, &k->hl.image, &k->hl.lang,
                          &k->hl.dir};
    size_t len = 0;

    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        len += strlen(src[i]) + 1;
    char *buf = malloc(len), *p = buf;
    if (buf == NULL)
        return 1;
    free(k->hl_buf);
    k->hl_buf = buf;
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
        size_t n = strlen(src[i]) + 1;
        memcpy(p, src[i], n);
        *dst[i] = p;
        p += n;
    }
    k->hl.pin = h->pin;
    k->hl_ok = 1;
    return 0;
}

static int
host_get_headline(void *ctx, int64_t id, UiHeadline *out)
{
    Kiosk *k = ctx;

    k->hl_ok = 0;
    if (k->st == NULL || store_headline(k->st, id, take_headline, k, NULL) != K_OK || !k->hl_ok)
        return K_ENOTFOUND;
    *out = k->hl;
    return K_OK;
}

static int
host_get_article(void *ctx, const char *id, Article *out)
{
    Kiosk *k = ctx;
    return k->st ? store_get_article(k->st, id, out, NULL) : K_ENOTFOUND;
}

static int
host_image_size(void *ctx, const char *name, int *w, int *h)
{
    Kiosk *k = ctx;
    return plat_image_size(k->plat, name, w, h);
}

static int
plat_load_image(void *ctx, const char *name, void **data, size_t *len)
{
    Kiosk *k = ctx;
    return k->st ? store_get_image(k->st, name, data, len, NULL) : K_ENOTFOUND;
}

/* Raspberry Pi firmware's throttle flags, where the kernel exposes them. */
static const char *
undervoltage(char *buf, size_t size)
{
    FILE *f = fopen("/sys/devices/platform/soc/soc:firmware/get_throttled", "r");
    unsigned long v;

    if (f == NULL)
        return _("not readable on this board");
    if (fscanf(f, "%lx", &v) != 1)
        v = 0;
    fclose(f);
    /* TRANSLATORS: diagnostics, the board's power: "ok now" or
     * "UNDER-VOLTAGE NOW", then maybe ", has occurred since boot". */
    snprintf(buf, size, "%s%s (0x%lx)", v & 1 ? _("UNDER-VOLTAGE NOW") : _("ok now"),
             v & 0x10000 ? _(", has occurred since boot") : "", v);
    return buf;
}

/* Scripts of the stored stories that no installed font draws. */
typedef struct ScriptScan {
    Plat *plat;
    uint32_t v[12];
    int n;
    size_t seen;
} ScriptScan;

#define SCRIPT_SCAN_MAX 5000   /* stories looked at: the diagnostics open at once */

static int
scan_scripts(void *ctx, const StoreHeadline *h)
{
    ScriptScan *sc = ctx;
    int max = (int)(sizeof sc->v / sizeof sc->v[0]);

    sc->n = plat_unfonted_scripts(sc->plat, h->title, strlen(h->title), sc->v, sc->n, max);
    sc->n = plat_unfonted_scripts(sc->plat, h->summary, strlen(h->summary), sc->v, sc->n, max);
    return ++sc->seen >= SCRIPT_SCAN_MAX;
}

/* --- the status file (outbox) and its QR code -------------------------------- */

/* What the operator is told about this kiosk (status.h). */
static void
fill_status(Kiosk *k, Status *s)
{
    struct statvfs vfs;
    char dir[CONFIG_PATH_MAX];
    double up = 0;
    time_t now = time(NULL);
    struct tm tm;

    memset(s, 0, sizeof *s);
    if (k->cfg->kiosk_name[0])
        snprintf(s->kiosk, sizeof s->kiosk, "%s", k->cfg->kiosk_name);
    else if (gethostname(s->kiosk, sizeof s->kiosk - 1) != 0 || s->kiosk[0] == '\0' ||
             s->kiosk[0] == '.' || strchr(s->kiosk, '/'))
        snprintf(s->kiosk, sizeof s->kiosk, "kiosk");
    gmtime_r(&now, &tm);
    strftime(s->written_at, sizeof s->written_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(s->version, sizeof s->version, "%s", KIOSK_VERSION);
    s->bundle = k->info;
    s->shown = (int)ui_story_count(k->ui);
    if (k->st == NULL || store_recent_imports(k->st, s->imports, STATUS_IMPORTS, &s->nimports,
                                              NULL) != K_OK)
        s->nimports = 0;
    FILE *f = fopen("/proc/uptime", "r");
    if (f) {
        if (fscanf(f, "%lf", &up) != 1)
            up = 0;
        fclose(f);
    }
    s->uptime_s = (long long)up;
    snprintf(dir, sizeof dir, "%s", k->o->db_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    s->free_bytes = statvfs(dir, &vfs) == 0 ? (long long)vfs.f_bavail * (long long)vfs.f_frsize : -1;
    s->uv_now = s->uv_since_boot = -1;
    f = fopen("/sys/devices/platform/soc/soc:firmware/get_throttled", "r");
    if (f) {
        unsigned long v;
        if (fscanf(f, "%lx", &v) == 1) {
            s->uv_now = (v & 1) != 0;
            s->uv_since_boot = (v & 0x10000) != 0;
        }
        fclose(f);
    }
}

/* Rewrite OUTBOX/NAME.json when due (at start, after an import, every
 * status_seconds). A failure is said once, not every time. */
static void
status_tick(Kiosk *k)
{
    Status s;
    Err e;

    if (!k->cfg->outbox[0] || mono_ms() < k->status_due_ms)
        return;
    k->status_due_ms = mono_ms() + (int64_t)k->cfg->status_seconds * 1000;
    fill_status(k, &s);
    err_clear(&e);
    if (status_write(k->cfg->outbox, &s, &e) != K_OK) {
        if (strcmp(k->status_said, e.msg) != 0) {
            snprintf(k->status_said, sizeof k->status_said, "%s", e.msg);
            fprintf(stderr, "newskiosk: %s: %s\n", k->cfg->outbox, e.msg);
        }
    } else {
        k->status_said[0] = '\0';
    }
}

/* The status, compact, as a QR code for a phone (sites with no network):
 * dark modules as 1s, row-major, into modules (max_width^2 bytes). Returns
 * the width in modules, or 0 (none: too big, out of memory). */
static int
host_diagnostics_qr(void *ctx, unsigned char *modules, int max_width)
{
    Kiosk *k = ctx;
    Status s;
    char *json;
    int w = 0;

    fill_status(k, &s);
    json = status_json(&s, 1);
    if (json == NULL)
        return 0;
    QRcode *qr = QRcode_encodeString8bit(json, 0, QR_ECLEVEL_L);
    free(json);
    if (qr != NULL && qr->width <= max_width) {
        w = qr->width;
        for (int i = 0; i < w * w; i++)
            modules[i] = qr->data[i] & 1;
    }
    QRcode_free(qr);
    return w;
}

static void
host_diagnostics(void *ctx, char *buf, size_t size)
{
    Kiosk *k = ctx;
    const StoreInfo *info = &k->info;
    StoreImportRow rows[5];
    int nrows = 0, w, h;
    size_t n = 0;
    char uv[96];
    double up = 0;
    struct statvfs vfs;
    char dir[CONFIG_PATH_MAX];

#define ADD(...)                                                                             \
    do {                                                                                     \
        if (n < size)                                                                        \
            n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__);                           \
    } while (0)
    /* TRANSLATORS: the diagnostics screen, for the operator: keep it
     * short; ids, dates and file names stay as they are. */
    ADD(_("Bundle: %s"), info->bundle_id[0] ? info->bundle_id : _("none imported"));
    ADD("%s%s\n", info->title[0] ? " - " : "", info->title);
    ADD(_("Created: %s    Imported: %s"), info->created[0] ? info->created : "-",
        info->imported_at[0] ? info->imported_at : "-");
    ADD("\n");
    ADD(_("Signature: %s"), info->is_signed ? _("signed by a trusted key") : _("not signed"));
    ADD("    ");
    /* TRANSLATORS: articles in the database, and headlines in the loop. */
    ADD(_("Articles: %d stored, %zu shown"), info->articles, ui_story_count(k->ui));
    ADD("\n");
    if (k->st && store_recent_imports(k->st, rows, 5, &nrows, NULL) == K_OK && nrows > 0) {
        ADD("%s\n", _("Last imports:"));
        for (int i = 0; i < nrows; i++) {
            ADD("  %s  %s  %s  ", rows[i].at, rows[i].result, rows[i].bundle_id);
            /* TRANSLATORS: one past import: articles added, articles skipped. */
            ADD(_("+%d / skipped %d"), rows[i].imported, rows[i].skipped);
            ADD("%s%s\n", rows[i].reason[0] ? "  " : "", rows[i].reason);
        }
    } else {
        ADD("%s\n", _("Last imports: none"));
    }
    snprintf(dir, sizeof dir, "%s", k->o->db_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (statvfs(dir, &vfs) == 0) {
        ADD(_("Free space: %.1f MiB in %s"),
            (double)vfs.f_bavail * (double)vfs.f_frsize / (1024.0 * 1024.0), dir);
        ADD("\n");
    }
    FILE *f = fopen("/proc/uptime", "r");
    if (f) {
        if (fscanf(f, "%lf", &up) != 1)
            up = 0;
        fclose(f);
    }
    /* TRANSLATORS: days, hours, minutes since the board started. */
    ADD(_("Uptime: %dd %dh %dm"), (int)(up / 86400), (int)(up / 3600) % 24,
        (int)(up / 60) % 60);
    ADD("    ");
    ADD(_("Under-voltage: %s"), undervoltage(uv, sizeof uv));
    ADD("\n");
    plat_size(k->plat, &w, &h);
    /* TRANSLATORS: the display driver, its size in pixels, the rotation. */
    ADD(_("Display: %s %dx%d, rotate %d"), plat_driver(k->plat), w, h, k->cfg->rotate);
    ADD("    newskiosk %s\n", KIOSK_VERSION);
    ScriptScan sc = {k->plat, {0}, 0, 0};
    if (k->st)
        store_headlines(k->st, NULL, scan_scripts, &sc, NULL);
    /* TRANSLATORS: followed by script names such as "Myanmar, Ethiopic",
     * or by "none". */
    ADD("%s", _("Scripts with no font: "));
    for (int i = 0; i < sc.n; i++) {
        char name[48];
        ADD("%s%s", i ? ", " : "", unitext_script_name(sc.v[i], name, sizeof name));
    }
    ADD("%s\n", sc.n ? _(" (install their fonts: board/README.md)") : _("none"));
#undef ADD
}

/* --- frames ------------------------------------------------------------------ */

static void
frame(Kiosk *k)
{
    ui_tick(k->ui, now_ms(k));
    /* night_mode = off: the panel itself goes dark, and wakes on a touch or
     * at the end of the night */
    int off = k->cfg->night_blank == 2 && ui_dark(k->ui);
    if (off != k->panel_off) {
        k->panel_off = off;
        if (!off)
            plat_panel_power(k->plat, 1);
        else
            fprintf(stderr, "newskiosk: night: panel off\n");
    }
    if (k->panel_off && k->presented) {
        /* the black frame first, then the power: nothing shows if a panel
         * ignores it; nothing is presented to a panel that is off */
        if (!k->panel_dark_shown || ui_dirty(k->ui))
            ui_draw(k->ui, &k->dl);
        if (!k->panel_dark_shown) {
            plat_present(k->plat, &k->dl);
            plat_panel_power(k->plat, 0);
            k->panel_dark_shown = 1;
        }
        return;
    }
    k->panel_dark_shown = 0;
    if (!ui_dirty(k->ui))
        return;
    if (ui_draw(k->ui, &k->dl) != K_OK)
        fprintf(stderr, "newskiosk: out of memory drawing a frame\n");
    plat_present(k->plat, &k->dl);
    if (!k->presented) {
        k->presented = 1;
        k->full_check = 1;  /* the whole database, once the screen is up */
        sdnotify("READY=1");
        if (getenv("NEWSKIOSK_TRACE"))  /* for benchmarks: start-up milestones */
            fprintf(stderr, "newskiosk: first frame %lld ms after start\n",
                    (long long)(mono_ms() - k->start_ms));
    }
    if (k->more_headlines) {
        /* the first screen is up: now the whole list (the UI extends its
         * loop in place, the story on screen stays) */
        k->more_headlines = 0;
        load_headlines(k, 0);
        if (getenv("NEWSKIOSK_TRACE"))
            fprintf(stderr, "newskiosk: all %zu headlines %lld ms after start\n",
                    ui_story_count(k->ui), (long long)(mono_ms() - k->start_ms));
    }
}

static int
feed(Kiosk *k, const InputEvent *pe)
{
    InputEvent ev = *pe;

    switch (pe->kind) {
    case INPUT_QUIT:
        return 1;
    case INPUT_EXPOSE:
        /* drawn again, not presented again: the last DrawList borrows
         * strings that a new story set may have freed since (X11 sends an
         * expose just after the rest of a long list arrived) */
        if (k->presented && ui_draw(k->ui, &k->dl) == K_OK)
            plat_present(k->plat, &k->dl);
        return 0;
    }
    ev.t_ms = now_ms(k);
    return ui_event(k->ui, &ev);
}

static void
tick_house(Kiosk *k)
{
    int64_t t = now_ms(k);

    if (t - k->last_house_ms >= HOUSEKEEPING_MS) {
        k->last_house_ms = t;
        housekeeping(k);
    }
    live_tick(k);
    status_tick(k);
    /* real time only: a scripted run is not supervised */
    if (!k->scripted)
        sdnotify_watchdog_ping(mono_ms(), &k->watchdog_ms);
}

static int
run_live(Kiosk *k)
{
    PlatEvent pe;

    for (;;) {
        tick_house(k);
        frame(k);
        int64_t t = now_ms(k);
        int64_t wait = ui_next_ms(k->ui, t);
        int64_t house = k->last_house_ms + HOUSEKEEPING_MS - t;
        if (house < wait)
            wait = house;
        if (k->live && (live_busy(k->live) || k->result_at_ms) && wait > LIVE_POLL_MS)
            wait = LIVE_POLL_MS;
        if (wait < 0)
            wait = 0;
        if (plat_wait(k->plat, (int)wait, &pe)) {
            do {
                if (feed(k, &pe))
                    return 0;
            } while (plat_wait(k->plat, 0, &pe));
        }
    }
}

/* Advance virtual time by ms, running frames and timers on the way. */
static void
advance(Kiosk *k, int64_t ms)
{
    int64_t end = k->vnow_ms + ms;
    PlatEvent pe;

    for (;;) {
        while (plat_wait(k->plat, 0, &pe)) {
            if (pe.kind == PLAT_EV_EXPOSE && k->presented)
                plat_present(k->plat, &k->dl);
            if (pe.kind == PLAT_EV_QUIT)
                k->quit = 1;   /* SIGTERM/SIGINT stop a scripted run too */
        }
        if (k->quit)
            break;
        tick_house(k);
        frame(k);
        if (k->vnow_ms >= end)
            break;
        int64_t step = ui_next_ms(k->ui, k->vnow_ms);
        int64_t house = k->last_house_ms + HOUSEKEEPING_MS - k->vnow_ms;
        if (house < step)
            step = house;
        if (step < 1)
            step = 1;
        if (k->vnow_ms + step > end)
            step = end - k->vnow_ms;
        k->vnow_ms += step;
    }
}

static void
pointer(Kiosk *k, int kind, int wx, int wy)
{
    PlatEvent pe = {0};

    pe.kind = kind;
    plat_window_to_logical(k->plat, wx, wy, &pe.x, &pe.y);
    feed(k, &pe);
}

static int
run_script(Kiosk *k)
{
    size_t len = 0, cap = 0;
    char *text = NULL;
    Script s = {0};
    Err e;
    int rc = 1;
    FILE *f = fopen(k->o->script, "rb");

    err_clear(&e);
    if (f == NULL) {
        fprintf(stderr, "newskiosk: %s: cannot open\n", k->o->script);
        return 1;
    }
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            char *t = cap > (1u << 24) ? NULL : realloc(text, cap + 1);
            if (t == NULL) {
                fprintf(stderr, "newskiosk: %s: too big\n", k->o->script);
                goto out;
            }
            text = t;
        }
        size_t r = fread(text + len, 1, cap - len, f);
        if (r == 0)
            break;
        len += r;
    }
    if (script_parse(text, len, k->o->script, &s, &e) != K_OK) {
        char buf[1024];
        fprintf(stderr, "newskiosk: %s\n", err_str(&e, buf, sizeof buf));
        goto out;
    }
    advance(k, 0);
    for (size_t i = 0; i < s.n && !k->quit; i++) {
        const ScriptCmd *c = &s.v[i];
        switch (c->op) {
        case SCRIPT_WAIT:
            advance(k, c->ms);
            break;
        case SCRIPT_TAP:
            pointer(k, PLAT_EV_DOWN, c->x1, c->y1);
            advance(k, 50);
            pointer(k, PLAT_EV_UP, c->x1, c->y1);
            advance(k, 0);
            break;
        case SCRIPT_SWIPE: {
            int steps = SCRIPT_SWIPE_MS / 20;
            pointer(k, PLAT_EV_DOWN, c->x1, c->y1);
            for (int j = 1; j <= steps; j++) {
                advance(k, 20);
                pointer(k, j == steps ? PLAT_EV_UP : PLAT_EV_MOVE,
                         c->x1 + (c->x2 - c->x1) * j / steps, c->y1 + (c->y2 - c->y1) * j / steps);
            }
            advance(k, 0);
            break;
        }
        case SCRIPT_KEY: {
            PlatEvent pe = {0};
            pe.kind = PLAT_EV_KEY;
            pe.key = plat_key_from_name(c->arg);
            if (pe.key == 0) {
                fprintf(stderr, "newskiosk: %s: line %d: unknown key '%s'\n", k->o->script,
                        c->line, c->arg);
                goto out;
            }
            if (feed(k, &pe)) {
                rc = 0;
                goto out;
            }
            advance(k, 0);
            break;
        }
        case SCRIPT_SHOT:
            advance(k, 0);
            if (plat_screenshot(k->plat, c->arg, &e) != K_OK) {
                fprintf(stderr, "newskiosk: %s: line %d: %s\n", k->o->script, c->line, e.msg);
                goto out;
            }
            break;
        case SCRIPT_SETTLE:
            settle(k);
            break;
        case SCRIPT_QUIT:
            rc = 0;
            goto out;
        }
    }
    rc = 0;
out:
    if (f)
        fclose(f);
    free(text);
    script_free(&s);
    return rc;
}

int
kiosk_run(const Config *cfg, const KioskOpts *o)
{
    Kiosk k;
    PlatOpts po;
    UiConfig uc;
    UiHost host;
    Err e;
    int rc = 1, w, h;
    const char *fonts[CONFIG_LIST_MAX];

    memset(&k, 0, sizeof k);
    k.cfg = cfg;
    k.o = o;
    k.scripted = o->script != NULL;
    k.start_ms = mono_ms();
    k.wall0_s = (int64_t)time(NULL);
    if (k.scripted && getenv("NEWSKIOSK_NOW"))  /* fixed clock for repeatable shots */
        k.wall0_s = strtoll(getenv("NEWSKIOSK_NOW"), NULL, 10);
    err_clear(&e);

    memset(&po, 0, sizeof po);
    po.width = cfg->width;
    po.height = cfg->height;
    po.fullscreen = cfg->fullscreen;
    po.rotate = cfg->rotate;
    po.video = cfg->video;
    po.fb_device = cfg->fb_device;
    po.touch_swap_xy = cfg->touch_swap_xy;
    po.touch_mirror_x = cfg->touch_mirror_x;
    po.touch_mirror_y = cfg->touch_mirror_y;
    for (int i = 0; i < cfg->nfont && i < CONFIG_LIST_MAX; i++)
        fonts[i] = cfg->font[i];
    po.fonts = fonts;
    po.nfonts = cfg->nfont;
    po.load_image = plat_load_image;
    po.image_ctx = &k;
    k.plat = plat_open(&po, &e);
    if (k.plat == NULL) {
        fprintf(stderr, "newskiosk: %s\n", e.msg);
        return 1;
    }
    check_store(&k, 0);
    try_open_store(&k);

    plat_size(k.plat, &w, &h);
    memset(&uc, 0, sizeof uc);
    uc.width = w;
    uc.height = h;
    uc.cycle_ms = cfg->cycle_seconds * 1000;
    uc.idle_ms = cfg->idle_seconds * 1000;
    uc.transition_ms = cfg->transition_ms;
    uc.diag_ms = cfg->diag_seconds * 1000;
    uc.large_text = cfg->large_text;
    uc.high_contrast = cfg->high_contrast;
    uc.drift_px = cfg->drift_px;
    uc.night_start_min = cfg->night_start_min;
    uc.night_end_min = cfg->night_end_min;
    uc.night_blank = cfg->night_blank;
    uc.can_quit = !cfg->fullscreen;
    uc.signed_only = cfg->ntrusted_key > 0 && cfg->require_signature;
    uc.rtl_ui = i18n_rtl();
    host.ctx = &k;
    host.get_article = host_get_article;
    host.get_headline = host_get_headline;
    host.image_size = host_image_size;
    host.diagnostics = host_diagnostics;
    host.diagnostics_qr = host_diagnostics_qr;
    k.ui = ui_new(&uc, plat_metrics(k.plat), &host);
    if (k.ui == NULL) {
        fprintf(stderr, "newskiosk: out of memory\n");
        goto out;
    }
    if ((cfg->nwatch > 0 || cfg->ninbox > 0) && o->self_exe) {
        k.live = live_new(cfg, o->self_exe, o->db_path, o->config_path);
        if (k.live == NULL)
            fprintf(stderr, "newskiosk: out of memory: sticks and inboxes will not be watched\n");
    }
    if (k.damaged)
        ui_set_empty_reason(k.ui, UI_EMPTY_DAMAGED);
    k.more_headlines = load_headlines(&k, FIRST_BATCH);
    housekeeping(&k);
    k.last_house_ms = now_ms(&k);
    rc = k.scripted ? run_script(&k) : run_live(&k);
    sdnotify("STOPPING=1");
out:
    live_free(k.live);
    ui_free(k.ui);
    free(k.hl_buf);
    drawlist_free(&k.dl);
    plat_close(k.plat);
    store_close(k.st);
    return rc;
}
