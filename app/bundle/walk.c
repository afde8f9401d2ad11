/* SPDX-License-Identifier: MIT
 * walk.c - see walk.h. */
#include "walk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/utf8.h"
#include "../core/vec.h"
#include "safefs.h"

/* The top folder ("articles") is level 2: the bundle folder is level 1. */
#define WALK_TOP_DEPTH 2

int
walk_is_txt(const char *name)
{
    size_t len = strlen(name);

    return len >= 5 && name[len - 4] == '.' && (name[len - 3] | 0x20) == 't' &&
           (name[len - 2] | 0x20) == 'x' && (name[len - 1] | 0x20) == 't';
}

void
walk_list_free(WalkList *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int
list_add(WalkList *l, const char *s)
{
    char **nv = vec_grow(l->v, l->n, &l->cap, sizeof *l->v, 256);

    if (nv == NULL)
        return K_ENOMEM;
    l->v = nv;
    if ((l->v[l->n] = strdup(s)) == NULL)
        return K_ENOMEM;
    l->n++;
    return K_OK;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
warnf(BundleWalk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warnf(BundleWalk *w, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (w->warn == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    w->warn(w->warn_ctx, msg);
}

/* A file name from the stick, made printable for a message. */
static void
printable(const char *name, char *out, size_t size)
{
    char *fixed = utf8_repair(name, strlen(name), NULL);
    size_t j = 0;

    for (const char *p = fixed ? fixed : "?"; *p && j + 1 < size; p++)
        out[j++] = ((unsigned char)*p < 0x20 || *p == 0x7F) ? '?' : *p;
    out[j] = '\0';
    free(fixed);
}

/* Depth-first below 'rel', which is at level 'depth'. */
static int
walk(BundleWalk *w, const char *rel, int depth, int any, WalkList *out)
{
    SafefsEntry *e = NULL;
    size_t n = 0;
    char path[1100], shown[300];
    int fd, rc;

    if (depth > w->max_depth)
        return err_setf(w->err, K_ELIMIT, rel, 0,
                        "folders nested deeper than %d levels; bundle refused", w->max_depth);
    fd = safefs_open_dir(w->dirfd, rel, w->err);
    if (fd < 0)
        return fd;
    rc = safefs_list(fd, (size_t)w->max_files + 1, &e, &n, w->err);
    close(fd);
    if (rc != K_OK) {
        err_setf(w->err, rc, rel, 0, "%s", rc == K_ELIMIT ? "too many files; bundle refused"
                                                          : "cannot list this folder; was the stick removed?");
        return rc;
    }
    w->entries += n;
    if (w->entries > (size_t)w->max_files) {
        rc = err_setf(w->err, K_ELIMIT, rel, 0, "more than %ld files in the bundle; bundle refused",
                      w->max_files);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = e[i].name;
        size_t len = strlen(name);
        /* Hidden files: macOS "._x.txt" resource forks, ".Trashes" and the
         * like that every OS leaves on sticks. Never read, never an error. */
        if (name[0] == '.')
            continue;
        /* Syncthing's file being written into an inbox ("~syncthing~x.txt"):
         * never content (its ".syncthing.x.tmp" and rsync's ".x.XXXXXX"
         * are hidden names, passed over above) */
        if (strncmp(name, "~syncthing~", 11) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", rel, name);
        if (len > 255 || !safefs_path_ok(path, 64)) {
            if (any)
                continue;
            printable(path, shown, sizeof shown);
            warnf(w, "%s: the file name is not valid UTF-8 text; skipped", shown);
            continue;
        }
        if (e[i].kind == SAFEFS_OTHER && any)
            continue;
        if (e[i].kind == SAFEFS_OTHER) {
            rc = err_setf(w->err, K_EUNSAFE, path, 0,
                          "is a symbolic link, device, FIFO or socket; sticks must hold plain "
                          "files only, bundle refused");
            goto done;
        }
        if (e[i].kind == SAFEFS_DIR) {
            if ((rc = walk(w, path, depth + 1, any, out)) != K_OK)
                goto done;
            continue;
        }
        if (!any && !walk_is_txt(name)) {
            warnf(w, "%s: not a .txt file; ignored", path);
            continue;
        }
        if ((rc = list_add(out, path)) != K_OK) {
            err_set(w->err, rc, "out of memory");
            goto done;
        }
        if (w->file)
            w->file(w->warn_ctx, path, &e[i]);
    }
    rc = K_OK;
done:
    safefs_list_free(e, n);
    return rc;
}

int
walk_bundle(BundleWalk *w, const char *rel, int flags, WalkList *out)
{
    int rc;

    if (flags & WALK_MISSING_OK) {
        Err e;
        int fd;
        err_clear(&e);
        fd = safefs_open_dir(w->dirfd, rel, &e);
        if (fd == K_ENOTFOUND)
            return K_OK;
        if (fd >= 0)
            close(fd);
    }
    rc = walk(w, rel, WALK_TOP_DEPTH, flags & WALK_ANY, out);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return rc;
}
