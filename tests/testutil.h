/* SPDX-License-Identifier: MIT
 *
 * testutil.h - helpers shared by the test programs: temporary folders,
 * writing bundle files, and a dump of the database's content so a test can
 * say "byte-for-byte as before". Header-only (static functions) so each
 * test binary stays one file.
 */
#ifndef KIOSK_TESTUTIL_H
#define KIOSK_TESTUTIL_H

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* rm -rf, never following links. */
static __attribute__((unused)) void
tu_rmrf(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *de;
    char sub[4096];

    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode) && (d = opendir(path)) != NULL) {
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
            tu_rmrf(sub);
        }
        closedir(d);
        rmdir(path);
        return;
    }
    unlink(path);
}

/* A new empty temporary folder; the caller frees the string. */
static __attribute__((unused)) char *
tu_tmpdir(void)
{
    char tmpl[] = "/tmp/nk-test.XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

/* mkdir -p of the parent folders of path. */
static __attribute__((unused)) void
tu_mkparents(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
}

/* Write len bytes (len < 0: strlen) to dir/rel, creating folders. */
static __attribute__((unused)) void
tu_write(const char *dir, const char *rel, const char *data, long len)
{
    char path[4096];
    FILE *f;

    if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path)
        abort();
    tu_mkparents(path);
    f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        abort();
    }
    fwrite(data, 1, len < 0 ? strlen(data) : (size_t)len, f);
    fclose(f);
}

static __attribute__((unused)) char *
tu_path(const char *dir, const char *rel)
{
    static char buf[4][4096];
    static int i;
    i = (i + 1) % 4;
    if (snprintf(buf[i], sizeof buf[i], "%s/%s", dir, rel) >= (int)sizeof buf[i])
        abort();   /* test paths are short; a cut one would test the wrong file */
    return buf[i];
}

static __attribute__((unused)) int
tu_dump_cb(void *ctx, int n, char **v, char **names)
{
    FILE *f = ctx;
    (void)names;
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%s", v[i] ? v[i] : "NULL", i + 1 < n ? "\x1f" : "\n");
    return 0;
}

/* Every row of content (articles, images, bundles, the FTS index) as one
 * malloc'd string. The import log is left out: it records refusals too. */
static __attribute__((unused)) char *
tu_dump(const char *dbpath)
{
    sqlite3 *db = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_exec(db, "SELECT * FROM articles ORDER BY rowid", tu_dump_cb, f, NULL);
        sqlite3_exec(db, "SELECT name, hex(data) FROM images ORDER BY name", tu_dump_cb, f, NULL);
        sqlite3_exec(db, "SELECT digest, id, title, created, mode, signed FROM bundles ORDER BY seq",
                     tu_dump_cb, f, NULL);
        sqlite3_exec(db, "SELECT rowid, title FROM articles_fts WHERE articles_fts MATCH 'a OR the'"
                         " ORDER BY rowid", tu_dump_cb, f, NULL);
    }
    sqlite3_close(db);
    fclose(f);
    return buf;
}

/* Count rows of a query's first column (an integer). */
static __attribute__((unused)) long
tu_query_int(const char *dbpath, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    long v = -1;

    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

#endif
