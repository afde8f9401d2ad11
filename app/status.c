/* SPDX-License-Identifier: MIT
 *
 * status.c - see status.h. Start reading at status_json().
 */
#include "status.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *
status_json(const Status *s, int compact)
{
    cJSON *o = cJSON_CreateObject(), *b, *imps, *uv;
    char *out = NULL;
    int nimp = compact && s->nimports > 1 ? 1 : s->nimports;

    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "format", 1);
    cJSON_AddStringToObject(o, "kiosk", s->kiosk);
    cJSON_AddStringToObject(o, "written_at", s->written_at);
    cJSON_AddStringToObject(o, "version", s->version);
    if ((b = cJSON_AddObjectToObject(o, "bundle")) == NULL)
        goto out;
    cJSON_AddStringToObject(b, "id", s->bundle.bundle_id);
    if (!compact)
        cJSON_AddStringToObject(b, "title", s->bundle.title);
    cJSON_AddStringToObject(b, "created", s->bundle.created);
    cJSON_AddStringToObject(b, "imported_at", s->bundle.imported_at);
    cJSON_AddBoolToObject(b, "signed", s->bundle.is_signed);
    cJSON_AddStringToObject(b, "key", s->bundle.key_id);
    cJSON_AddNumberToObject(o, "articles", s->bundle.articles);
    cJSON_AddNumberToObject(o, "shown", s->shown);
    if ((imps = cJSON_AddArrayToObject(o, "imports")) == NULL)
        goto out;
    for (int i = 0; i < nimp; i++) {
        const StoreImportRow *r = &s->imports[i];
        cJSON *it = cJSON_CreateObject();
        if (it == NULL || !cJSON_AddItemToArray(imps, it)) {
            cJSON_Delete(it);
            goto out;
        }
        cJSON_AddStringToObject(it, "at", r->at);
        cJSON_AddStringToObject(it, "result", r->result);
        cJSON_AddStringToObject(it, "bundle", r->bundle_id);
        cJSON_AddNumberToObject(it, "imported", r->imported);
        cJSON_AddNumberToObject(it, "skipped", r->skipped);
        cJSON_AddStringToObject(it, "reason", r->reason);
    }
    cJSON_AddNumberToObject(o, "uptime_s", (double)s->uptime_s);
    cJSON_AddNumberToObject(o, "free_bytes", (double)s->free_bytes);
    if (s->uv_now < 0) {
        cJSON_AddNullToObject(o, "under_voltage");
    } else if ((uv = cJSON_AddObjectToObject(o, "under_voltage")) != NULL) {
        cJSON_AddBoolToObject(uv, "now", s->uv_now);
        cJSON_AddBoolToObject(uv, "since_boot", s->uv_since_boot);
    }
    out = compact ? cJSON_PrintUnformatted(o) : cJSON_Print(o);
out:
    cJSON_Delete(o);
    return out;
}

static void
get_str(const cJSON *o, const char *key, char *dst, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    snprintf(dst, size, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

static long long
get_num(const cJSON *o, const char *key, long long dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : dflt;
}

int
status_parse(const char *json, size_t len, const char *name, Status *s, Err *err)
{
    cJSON *o = cJSON_ParseWithLength(json, len);
    const cJSON *b, *imps, *uv, *it;

    memset(s, 0, sizeof *s);
    s->uptime_s = s->free_bytes = -1;
    s->uv_now = s->uv_since_boot = -1;
    if (o == NULL || !cJSON_IsObject(o) || get_num(o, "format", 0) != 1) {
        cJSON_Delete(o);
        return err_setf(err, K_EPARSE, name, 0, "not a newskiosk status file (format 1)");
    }
    get_str(o, "kiosk", s->kiosk, sizeof s->kiosk);
    get_str(o, "written_at", s->written_at, sizeof s->written_at);
    get_str(o, "version", s->version, sizeof s->version);
    b = cJSON_GetObjectItemCaseSensitive(o, "bundle");
    if (cJSON_IsObject(b)) {
        get_str(b, "id", s->bundle.bundle_id, sizeof s->bundle.bundle_id);
        get_str(b, "title", s->bundle.title, sizeof s->bundle.title);
        get_str(b, "created", s->bundle.created, sizeof s->bundle.created);
        get_str(b, "imported_at", s->bundle.imported_at, sizeof s->bundle.imported_at);
        get_str(b, "key", s->bundle.key_id, sizeof s->bundle.key_id);
        s->bundle.is_signed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "signed"));
    }
    s->bundle.articles = (int)get_num(o, "articles", -1);
    s->shown = (int)get_num(o, "shown", -1);
    imps = cJSON_GetObjectItemCaseSensitive(o, "imports");
    cJSON_ArrayForEach(it, imps) {
        if (s->nimports == STATUS_IMPORTS || !cJSON_IsObject(it))
            break;
        StoreImportRow *r = &s->imports[s->nimports++];
        get_str(it, "at", r->at, sizeof r->at);
        get_str(it, "result", r->result, sizeof r->result);
        get_str(it, "bundle", r->bundle_id, sizeof r->bundle_id);
        get_str(it, "reason", r->reason, sizeof r->reason);
        r->imported = (int)get_num(it, "imported", 0);
        r->skipped = (int)get_num(it, "skipped", 0);
    }
    s->uptime_s = get_num(o, "uptime_s", -1);
    s->free_bytes = get_num(o, "free_bytes", -1);
    uv = cJSON_GetObjectItemCaseSensitive(o, "under_voltage");
    if (cJSON_IsObject(uv)) {
        s->uv_now = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(uv, "now"));
        s->uv_since_boot = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(uv, "since_boot"));
    }
    cJSON_Delete(o);
    return K_OK;
}

int
status_write(const char *outbox, const Status *s, Err *err)
{
    char path[1024], tmp[1100];
    char *json = status_json(s, 0);
    int fd = -1, rc = K_EIO;
    size_t len;

    if (json == NULL)
        return err_set(err, K_ENOMEM, "status: out of memory");
    snprintf(path, sizeof path, "%s/%s.json", outbox, s->kiosk);
    /* hidden, and a name no sync engine mistakes for the real file */
    snprintf(tmp, sizeof tmp, "%s/.%s.json.tmp", outbox, s->kiosk);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        goto fail;
    len = strlen(json);
    if (write(fd, json, len) != (ssize_t)len || write(fd, "\n", 1) != 1)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    rc = K_OK;
fail:
    if (rc != K_OK) {
        err_setf(err, K_EIO, path, 0, "cannot write the status file (%s)", strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
    }
    free(json);
    return rc;
}

/* "2026-11-29T14:00:00Z" -> seconds since the epoch, or -1. */
static int64_t
parse_utc(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

static void
human_age(int64_t s, char *buf, size_t size)
{
    if (s < 0)
        snprintf(buf, size, "?");
    else if (s < 120)
        snprintf(buf, size, "%llds", (long long)s);
    else if (s < 7200)
        snprintf(buf, size, "%lldm", (long long)(s / 60));
    else if (s < 172800)
        snprintf(buf, size, "%lldh", (long long)(s / 3600));
    else
        snprintf(buf, size, "%lldd", (long long)(s / 86400));
}

typedef struct Row {
    Status s;
    char file[256];
    int bad;
    int64_t age_s;
} Row;

static int
by_name(const void *a, const void *b)
{
    return strcmp(((const Row *)a)->file, ((const Row *)b)->file);
}

int
status_fleet(const char *dir, int64_t now_s, int64_t stale_s, FILE *out, Err *err)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    Row *rows = NULL;
    size_t n = 0, cap = 0;
    int nstale = 0;

    if (d == NULL)
        return err_setf(err, K_EIO, dir, 0, "cannot read the folder (%s)", strerror(errno));
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        char path[1400], buf[65536];
        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            Row *r = realloc(rows, nc * sizeof *r);
            if (r == NULL) {
                closedir(d);
                free(rows);
                return err_set(err, K_ENOMEM, "out of memory");
            }
            rows = r;
            cap = nc;
        }
        Row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        snprintf(r->file, sizeof r->file, "%s", de->d_name);
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        ssize_t got = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
        if (fd >= 0)
            close(fd);
        if (got <= 0 || got == (ssize_t)sizeof buf ||
            status_parse(buf, (size_t)got, de->d_name, &r->s, NULL) != K_OK) {
            r->bad = 1;
            continue;
        }
        int64_t t = parse_utc(r->s.written_at);
        r->age_s = t < 0 ? -1 : now_s - t;
    }
    closedir(d);
    qsort(rows, n, sizeof *rows, by_name);
    fprintf(out, "%-16s %-6s %-5s %-24s %-20s %-16s %8s  %-28s %7s %9s %-13s %s\n", "KIOSK",
            "STATE", "SEEN", "BUNDLE", "CREATED", "KEY", "ARTICLES", "LAST IMPORT", "UPTIME",
            "FREE", "POWER", "VERSION");
    for (size_t i = 0; i < n; i++) {
        Row *r = &rows[i];
        char seen[32], up[32], last[200], free_s[32];
        const Status *s = &r->s;
        if (r->bad) {
            fprintf(out, "%-16s %-6s (not a readable status file: %s)\n", r->file, "BAD", r->file);
            continue;
        }
        int stale = r->age_s < 0 || r->age_s > stale_s;
        nstale += stale;
        human_age(r->age_s, seen, sizeof seen);
        human_age(s->uptime_s, up, sizeof up);
        if (s->nimports > 0)
            snprintf(last, sizeof last, "%.10s %s +%d", s->imports[0].at, s->imports[0].result,
                     s->imports[0].imported);
        else
            snprintf(last, sizeof last, "-");
        if (s->free_bytes >= 0)
            snprintf(free_s, sizeof free_s, "%.0fM", (double)s->free_bytes / (1024.0 * 1024.0));
        else
            snprintf(free_s, sizeof free_s, "?");
        fprintf(out, "%-16s %-6s %-5s %-24s %-20s %-16s %8d  %-28s %7s %9s %-13s %s\n",
                s->kiosk[0] ? s->kiosk : r->file, stale ? "STALE" : "ok", seen,
                s->bundle.bundle_id[0] ? s->bundle.bundle_id : "-",
                s->bundle.created[0] ? s->bundle.created : "-",
                s->bundle.key_id[0] ? s->bundle.key_id : (s->bundle.bundle_id[0] ? "unsigned" : "-"),
                s->bundle.articles, last, up, free_s,
                s->uv_now < 0 ? "?" : s->uv_now ? "UNDER-VOLTAGE" : s->uv_since_boot ? "uv-since-boot" : "ok",
                s->version);
    }
    if (nstale)
        fprintf(out, "%d of %zu kiosks STALE: no status for more than %lld minutes\n", nstale, n,
                (long long)(stale_s / 60));
    free(rows);
    return (int)n;
}
