/* SPDX-License-Identifier: MIT
 * safefs.c - see safefs.h. Everything goes through openat() with
 * O_NOFOLLOW relative to a folder fd, so a symlink anywhere on the path is
 * refused rather than followed, and ".." never appears in what we open. */
#include "safefs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/utf8.h"
#include "../core/vec.h"

int
safefs_path_ok(const char *rel, int max_depth)
{
    size_t n = strlen(rel);
    int depth = 1;
    const char *comp = rel;

    if (n == 0 || n > 1024 || rel[0] == '/' || !utf8_valid(rel, n))
        return 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)rel[i];
        if (c == '/' || c == '\0') {
            size_t clen = (size_t)(rel + i - comp);
            if (clen == 0 || comp[0] == '.')
                return 0;
            if (c == '/')
                depth++;
            comp = rel + i + 1;
            continue;
        }
        if (c < 0x20 || c == 0x7F || c == '\\')
            return 0;
    }
    return depth <= max_depth;
}

static int
open_errno(Err *err, const char *rel, int e)
{
    if (e == ENOENT)
        return err_setf(err, K_ENOTFOUND, rel, 0, "not found");
    if (e == ELOOP || e == ENOTDIR)
        return err_setf(err, K_EUNSAFE, rel, 0,
                        "is a symbolic link or not a plain folder/file; not followed");
    return err_setf(err, K_EIO, rel, 0, "cannot read (%s)", strerror(e));
}

int
safefs_open_dir(int dirfd, const char *rel, Err *err)
{
    char comp[256];
    const char *p = rel;
    int fd = dup(dirfd), next;

    if (fd < 0)
        return open_errno(err, rel, errno);
    if (strcmp(rel, ".") == 0)
        return fd;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || n >= sizeof comp) {
            close(fd);
            return err_setf(err, K_EUNSAFE, rel, 0, "bad path");
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int e = errno;
        close(fd);
        if (next < 0)
            return open_errno(err, rel, e);
        fd = next;
        p += n;
        if (*p == '/')
            p++;
    }
    return fd;
}

/* Open the folder of 'rel' below dirfd, through the cache when there is
 * one: *dfd is then the cache's fd (not to be closed), else a new fd.
 * *base is set to the file name inside it. */
static int
open_parent(SafefsDirCache *dc, int dirfd, const char *rel, const char **base, int *dfd,
            Err *err)
{
    const char *slash = strrchr(rel, '/');
    char dir[sizeof dc->dir];
    size_t n = slash ? (size_t)(slash - rel) : 0;
    int fd;

    if (n >= sizeof dir)
        return err_setf(err, K_EUNSAFE, rel, 0, "path too long");
    memcpy(dir, rel, n);
    dir[n] = '\0';
    *base = slash ? slash + 1 : rel;
    if (dc && dc->fd >= 0 && dc->parent == dirfd && strcmp(dc->dir, dir) == 0) {
        *dfd = dc->fd;
        return K_OK;
    }
    fd = n ? safefs_open_dir(dirfd, dir, err) : dup(dirfd);
    if (fd < 0) {
        if (n == 0)
            return open_errno(err, rel, errno);
        if (err)
            snprintf(err->file, sizeof err->file, "%s", rel);
        return fd;
    }
    if (dc) {
        safefs_dircache_close(dc);
        dc->fd = fd;
        dc->parent = dirfd;
        memcpy(dc->dir, dir, n + 1);
    }
    *dfd = fd;
    return K_OK;
}

void
safefs_dircache_close(SafefsDirCache *dc)
{
    if (dc == NULL)
        return;
    if (dc->fd >= 0)
        close(dc->fd);
    dc->fd = -1;
    dc->dir[0] = '\0';
}

int
safefs_read(int dirfd, const char *rel, size_t max_bytes, char **data, size_t *len, Err *err)
{
    return safefs_read_cached(NULL, dirfd, rel, max_bytes, data, len, err);
}

int
safefs_read_cached(SafefsDirCache *dc, int dirfd, const char *rel, size_t max_bytes,
                   char **data, size_t *len, Err *err)
{
    const char *base = rel;
    struct stat sb;
    char *buf = NULL;
    size_t got = 0;
    int dfd = -1, fd = -1, rc;

    *data = NULL;
    *len = 0;
    if ((rc = open_parent(dc, dirfd, rel, &base, &dfd, err)) != K_OK)
        return rc;
    /* lstat first: a FIFO must not even be opened (it could block), and
     * O_NONBLOCK covers the race where it is swapped in after the check. */
    if (fstatat(dfd, base, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        rc = open_errno(err, rel, errno);
        goto fail;
    }
    if (S_ISLNK(sb.st_mode)) {
        rc = err_setf(err, K_EUNSAFE, rel, 0, "is a symbolic link; not followed");
        goto fail;
    }
    if (!S_ISREG(sb.st_mode)) {
        rc = err_setf(err, K_EUNSAFE, rel, 0, "is a device, FIFO or socket, not a plain file");
        goto fail;
    }
    fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        rc = open_errno(err, rel, errno);
        goto fail;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = err_setf(err, K_EUNSAFE, rel, 0, "is not a plain file");
        goto fail;
    }
    /* st_size can lie on a broken stick; the read loop enforces the limit too. */
    if ((unsigned long long)sb.st_size > max_bytes) {
        rc = err_setf(err, K_ELIMIT, rel, 0, "is %lld bytes, over the limit of %zu",
                      (long long)sb.st_size, max_bytes);
        goto fail;
    }
    buf = malloc((size_t)sb.st_size + 1);
    if (buf == NULL) {
        rc = err_setf(err, K_ENOMEM, rel, 0, "out of memory");
        goto fail;
    }
    for (;;) {
        ssize_t r;
        if (got == (size_t)sb.st_size) {
            /* Grown since fstat? Read one more byte to find out. */
            char extra;
            r = read(fd, &extra, 1);
            if (r > 0) {
                rc = err_setf(err, K_EIO, rel, 0, "changed while being read");
                goto fail;
            }
        } else {
            r = read(fd, buf + got, (size_t)sb.st_size - got);
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = err_setf(err, K_EIO, rel, 0, "read error (%s); was the stick removed?",
                          strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    if (got != (size_t)sb.st_size) {
        rc = err_setf(err, K_EIO, rel, 0, "short read (%zu of %lld bytes); was the stick removed?",
                      got, (long long)sb.st_size);
        goto fail;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    buf = NULL;
    rc = K_OK;
fail:
    free(buf);
    if (fd >= 0)
        close(fd);
    if (dfd >= 0 && dc == NULL)
        close(dfd);
    return rc;
}

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const SafefsEntry *)a)->name, ((const SafefsEntry *)b)->name);
}

void
safefs_list_free(SafefsEntry *e, size_t n)
{
    if (e == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(e[i].name);
    free(e);
}

int
safefs_list(int fd, size_t max_entries, SafefsEntry **out, size_t *nout, Err *err)
{
    SafefsEntry *v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    DIR *d;
    int dfd = dup(fd), rc = K_OK;

    *out = NULL;
    *nout = 0;
    if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
        if (dfd >= 0)
            close(dfd);
        return err_set(err, K_EIO, "cannot list folder (%s)", strerror(errno));
    }
    rewinddir(d);
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (de == NULL) {
            if (errno != 0)
                rc = err_set(err, K_EIO, "cannot list folder (%s); was the stick removed?",
                             strerror(errno));
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n >= max_entries) {
            rc = err_set(err, K_ELIMIT, "more than %zu entries in one folder", max_entries);
            break;
        }
        SafefsEntry *nv = vec_grow(v, n, &cap, sizeof *v, 64);
        if (nv == NULL) {
            rc = err_set(err, K_ENOMEM, "out of memory");
            break;
        }
        v = nv;
        struct stat sb;
        int kind = SAFEFS_OTHER;
        memset(&v[n], 0, sizeof v[n]);
        if (fstatat(fd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
            if (S_ISREG(sb.st_mode))
                kind = SAFEFS_FILE;
            else if (S_ISDIR(sb.st_mode))
                kind = SAFEFS_DIR;
            v[n].size_bytes = (long long)sb.st_size;
            v[n].mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
            v[n].ctime_ns = (long long)sb.st_ctim.tv_sec * 1000000000LL + sb.st_ctim.tv_nsec;
        } else if (errno != ENOENT) {
            rc = err_set(err, K_EIO, "cannot read %s (%s)", de->d_name, strerror(errno));
            break;
        }
        v[n].name = strdup(de->d_name);
        if (v[n].name == NULL) {
            rc = err_set(err, K_ENOMEM, "out of memory");
            break;
        }
        v[n].kind = kind;
        n++;
    }
    closedir(d);
    if (rc != K_OK) {
        safefs_list_free(v, n);
        return rc;
    }
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_entry);
    *out = v;
    *nout = n;
    return K_OK;
}
