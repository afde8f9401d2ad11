/* SPDX-License-Identifier: MIT
 *
 * inbox.c - see inbox.h. Start reading at inbox_poll().
 */
#include "inbox.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/config.h"

#define INBOX_MAX 64      /* bundles followed at once, over all inboxes */
#define WALK_DEPTH 6      /* a bundle is at most newskiosk/images/x: deeper is not ours */
#define WALK_MAX 50000    /* entries looked at per bundle and scan */

typedef struct Entry {
    char path[CONFIG_PATH_MAX];
    uint64_t fp;             /* fingerprint at the last scan; 0 = empty or unreadable */
    int64_t still_ms;        /* when fp last changed */
    uint64_t tried_fp;       /* fp when last handed out; 0 = never */
    int temps;               /* sync-engine temporaries at the last scan */
    int alive;
} Entry;

struct Inbox {
    char dirs[CONFIG_LIST_MAX][CONFIG_PATH_MAX];
    int ndirs;
    int64_t quiet_ms;
    Entry v[INBOX_MAX];
    int n;
};

Inbox *
inbox_new(const char *const *dirs, int ndirs, int64_t quiet_ms)
{
    Inbox *ib = calloc(1, sizeof *ib);

    if (ib == NULL)
        return NULL;
    for (int i = 0; i < ndirs && i < CONFIG_LIST_MAX; i++)
        snprintf(ib->dirs[ib->ndirs++], CONFIG_PATH_MAX, "%s", dirs[i]);
    ib->quiet_ms = quiet_ms;
    return ib;
}

void
inbox_free(Inbox *ib)
{
    free(ib);
}

static int
all_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

int
inbox_is_temp(const char *name)
{
    size_t len = strlen(name);

    if (strncmp(name, "~syncthing~", 11) == 0)
        return 1;
    if (strncmp(name, ".syncthing.", 11) == 0 && len > 15 && strcmp(name + len - 4, ".tmp") == 0)
        return 1;
    /* rsync: ".NAME.XXXXXX", six letters or digits after the last dot */
    if (name[0] == '.' && len >= 9) {
        const char *dot = strrchr(name, '.');
        if (dot > name && strlen(dot + 1) == 6 && all_alnum(dot + 1, 6))
            return 1;
    }
    return 0;
}

/* FNV-1a, folded per entry and summed, so readdir order does not matter. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

typedef struct Walk {
    uint64_t sum;
    int entries, temps;
    int64_t newest_ctime_s;
} Walk;

static void
walk(Walk *w, const char *dir, const char *rel, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[CONFIG_PATH_MAX + 256], sub[CONFIG_PATH_MAX];

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL && w->entries < WALK_MAX) {
        struct stat sb;
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
            continue;
        if (lstat(path, &sb) != 0)
            continue;   /* renamed away between readdir and lstat: the next scan sees it */
        w->entries++;
        if (inbox_is_temp(name))
            w->temps++;
        uint64_t h = fnv(1469598103934665603ULL, rel, strlen(rel));
        h = fnv(h, "/", 1);
        h = fnv(h, name, strlen(name));
        int64_t f[7] = {(int64_t)sb.st_mode, (int64_t)sb.st_size, (int64_t)sb.st_ino,
                        (int64_t)sb.st_mtim.tv_sec, (int64_t)sb.st_mtim.tv_nsec,
                        (int64_t)sb.st_ctim.tv_sec, (int64_t)sb.st_ctim.tv_nsec};
        h = fnv(h, f, sizeof f);
        w->sum += h;
        if ((int64_t)sb.st_ctim.tv_sec > w->newest_ctime_s)
            w->newest_ctime_s = (int64_t)sb.st_ctim.tv_sec;
        if (S_ISDIR(sb.st_mode) && depth < WALK_DEPTH &&
            snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", name) < (int)sizeof sub)
            walk(w, path, sub, depth + 1);
    }
    closedir(d);
}

/* The bundle's fingerprint now (0: empty or gone). */
static uint64_t
fingerprint(const char *path, int *temps, int64_t *newest_ctime_s)
{
    Walk w = {0, 0, 0, 0};

    walk(&w, path, "", 0);
    *temps = w.temps;
    *newest_ctime_s = w.newest_ctime_s;
    if (w.entries == 0)
        return 0;
    return w.sum ? w.sum : 1;
}

static Entry *
find(Inbox *ib, const char *path)
{
    for (int i = 0; i < ib->n; i++)
        if (strcmp(ib->v[i].path, path) == 0)
            return &ib->v[i];
    return NULL;
}

/* Look at one bundle folder: follow its fingerprint. */
static void
look(Inbox *ib, const char *path, int64_t now_ms)
{
    Entry *e = find(ib, path);
    int temps;
    int64_t ctime_s;
    uint64_t fp = fingerprint(path, &temps, &ctime_s);

    if (e == NULL) {
        if (ib->n == INBOX_MAX || strlen(path) >= sizeof e->path)
            return;
        e = &ib->v[ib->n++];
        memset(e, 0, sizeof *e);
        memcpy(e->path, path, strlen(path) + 1);
        e->fp = fp;
        e->still_ms = now_ms;
        /* First seen (the kiosk just started): files whose inodes last
         * changed a quiet period ago are as still as they get. ctime, not
         * mtime: a sync engine copies the editor's mtimes. */
        int64_t age_ms = ((int64_t)time(NULL) - ctime_s) * 1000;
        if (ctime_s > 0 && age_ms >= ib->quiet_ms)
            e->still_ms = now_ms - ib->quiet_ms;
    } else if (fp != e->fp) {
        e->fp = fp;
        e->still_ms = now_ms;
    }
    e->temps = temps;
    e->alive = 1;
}

int
inbox_poll(Inbox *ib, int64_t now_ms, char *out, size_t size)
{
    char path[CONFIG_PATH_MAX + 256];
    int found = 0;

    for (int i = 0; i < ib->n; i++)
        ib->v[i].alive = 0;
    for (int i = 0; i < ib->ndirs; i++) {
        DIR *d = opendir(ib->dirs[i]);
        struct dirent *de;
        if (d == NULL)
            continue;
        while ((de = readdir(d)) != NULL) {
            struct stat sb;
            /* hidden: Syncthing's .stfolder and .stversions, rsync's
             * temporaries, a half-renamed folder */
            if (de->d_name[0] == '.' || inbox_is_temp(de->d_name))
                continue;
            if (snprintf(path, sizeof path, "%s/%s", ib->dirs[i], de->d_name) >= CONFIG_PATH_MAX)
                continue;
            if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
                continue;
            look(ib, path, now_ms);
        }
        closedir(d);
    }
    for (int i = ib->n - 1; i >= 0; i--)
        if (!ib->v[i].alive)
            ib->v[i] = ib->v[--ib->n];
    for (int i = 0; i < ib->n && !found; i++) {
        Entry *e = &ib->v[i];
        if (e->fp == 0 || e->temps > 0 || e->fp == e->tried_fp ||
            now_ms - e->still_ms < ib->quiet_ms)
            continue;
        if (snprintf(out, size, "%s", e->path) >= (int)size)
            continue;
        e->tried_fp = e->fp;
        found = 1;
    }
    return found;
}

int
inbox_done(Inbox *ib, const char *path, int64_t now_ms)
{
    Entry *e = find(ib, path);
    int temps;
    int64_t ctime_s;

    if (e == NULL)
        return 0;
    uint64_t fp = fingerprint(path, &temps, &ctime_s);
    if (fp == e->tried_fp && temps == 0)
        return 1;
    /* changed under the importer: judge the next still state instead */
    e->fp = fp;
    e->temps = temps;
    e->still_ms = now_ms;
    e->tried_fp = 0;
    return 0;
}
