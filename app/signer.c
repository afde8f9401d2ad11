/* SPDX-License-Identifier: MIT
 * signer.c - see signer.h. */
#include "signer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "bundle/manifest.h"
#include "bundle/safefs.h"
#include "bundle/sign.h"
#include "importer.h"

typedef struct Walk {
    int dirfd;
    const Config *cfg;
    Manifest *m;
    size_t cap;
    Err *err;
} Walk;

static int
add_file(Walk *w, const char *rel)
{
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (w->m->nfiles == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 64;
        ManifestFile *nv = realloc(w->m->files, ncap * sizeof *nv);
        if (nv == NULL)
            return err_set(w->err, K_ENOMEM, "out of memory");
        w->m->files = nv;
        w->cap = ncap;
    }
    rc = safefs_read(w->dirfd, rel, (size_t)w->cfg->max_total_bytes, &data, &len, w->err);
    if (rc != K_OK)
        return rc;
    ManifestFile *f = &w->m->files[w->m->nfiles];
    sign_sha256_hex(data, len, f->sha256);
    free(data);
    if ((f->path = strdup(rel)) == NULL)
        return err_set(w->err, K_ENOMEM, "out of memory");
    w->m->nfiles++;
    return K_OK;
}

/* Every plain file below 'rel' (articles: only .txt, in any case), refusing links and
 * devices just as the importer would. */
static int
walk(Walk *w, const char *rel, int depth, int txt_only)
{
    SafefsEntry *e = NULL;
    size_t n = 0;
    char path[1100];
    int fd, rc = K_OK;

    if (depth > w->cfg->max_depth)
        return err_setf(w->err, K_ELIMIT, rel, 0, "folders nested deeper than %d levels",
                        w->cfg->max_depth);
    fd = safefs_open_dir(w->dirfd, rel, w->err);
    if (fd == K_ENOTFOUND) {
        err_clear(w->err);
        return K_OK;
    }
    if (fd < 0)
        return fd;
    rc = safefs_list(fd, (size_t)w->cfg->max_files, &e, &n, w->err);
    close(fd);
    for (size_t i = 0; rc == K_OK && i < n; i++) {
        size_t len = strlen(e[i].name);
        if (e[i].name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", rel, e[i].name);
        if (!safefs_path_ok(path, 64))
            rc = err_setf(w->err, K_EUNSAFE, rel, 0, "holds a file whose name is not UTF-8 text");
        else if (e[i].kind == SAFEFS_OTHER)
            rc = err_setf(w->err, K_EUNSAFE, path, 0, "is a link or device; the bundle must hold plain files");
        else if (e[i].kind == SAFEFS_DIR)
            rc = walk(w, path, depth + 1, txt_only);
        else if (!txt_only || (len > 4 && strcasecmp(e[i].name + len - 4, ".txt") == 0))
            rc = add_file(w, path);
    }
    safefs_list_free(e, n);
    return rc;
}

/* Write data to dir/name through a temporary file and rename. */
static int
write_atomic(int dirfd, const char *name, const char *data, Err *err)
{
    char tmp[64];
    size_t n = strlen(data);
    int fd, rc = K_OK;

    snprintf(tmp, sizeof tmp, ".%s.tmp", name);
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return err_setf(err, K_EIO, name, 0, "cannot write (%s)", strerror(errno));
    if (write(fd, data, n) != (ssize_t)n || fsync(fd) != 0)
        rc = err_setf(err, K_EIO, name, 0, "cannot write (%s)", strerror(errno));
    close(fd);
    if (rc == K_OK && renameat(dirfd, tmp, dirfd, name) != 0)
        rc = err_setf(err, K_EIO, name, 0, "cannot write (%s)", strerror(errno));
    if (rc != K_OK)
        unlinkat(dirfd, tmp, 0);
    return rc;
}

int
signer_sign_bundle(const char *keypath, const char *path, const Config *cfg, int *nfiles,
                   char *key_id, Err *err)
{
    SignKey key;
    Manifest m;
    Walk w;
    char dir[1024], sig[400], *json = NULL, *text = NULL;
    size_t jlen = 0;
    int dirfd = -1, rc;
    time_t now = time(NULL);
    struct tm tm;

    memset(&m, 0, sizeof m);
    if ((rc = sign_load_key(keypath, &key, err)) != K_OK)
        return rc;
    if (import_find_bundle(path, dir, sizeof dir) != K_OK) {
        rc = err_setf(err, K_ENOTFOUND, path, 0, "no newskiosk/ bundle folder here");
        goto done;
    }
    if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        rc = err_setf(err, K_EIO, dir, 0, "cannot open (%s)", strerror(errno));
        goto done;
    }
    rc = safefs_read(dirfd, "manifest.json", MANIFEST_MAX_BYTES, &json, &jlen, err);
    if (rc == K_OK) {
        rc = manifest_parse(json, jlen, (size_t)cfg->max_files, cfg->max_depth + 1, &m, err);
        if (rc != K_OK)
            goto done;
        for (size_t i = 0; i < m.nfiles; i++)
            free(m.files[i].path);
        free(m.files);
        m.files = NULL;
        m.nfiles = 0;
    } else if (rc == K_ENOTFOUND) {
        err_clear(err);
        m.replace = 1;
    } else {
        goto done;
    }
    gmtime_r(&now, &tm);
    strftime(m.created, sizeof m.created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!m.id[0])
        strftime(m.id, sizeof m.id, "bundle-%Y%m%d-%H%M%S", &tm);
    m.format = 1;

    w.dirfd = dirfd;
    w.cfg = cfg;
    w.m = &m;
    w.cap = 0;
    w.err = err;
    if ((rc = walk(&w, "articles", 2, 1)) != K_OK || (rc = walk(&w, "images", 2, 0)) != K_OK)
        goto done;
    if (m.nfiles == 0) {
        rc = err_setf(err, K_EPARSE, "articles/", 0, "holds no .txt articles: nothing to sign");
        goto done;
    }
    if ((text = manifest_format(&m)) == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto done;
    }
    /* The signature covers the exact bytes written, trailing newline included. */
    size_t tl = strlen(text);
    char *withnl = realloc(text, tl + 2);
    if (withnl == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto done;
    }
    text = withnl;
    text[tl] = '\n';
    text[tl + 1] = '\0';
    if ((rc = sign_data(&key, text, tl + 1, sig, sizeof sig, err)) != K_OK ||
        (rc = write_atomic(dirfd, "manifest.json", text, err)) != K_OK ||
        (rc = write_atomic(dirfd, "manifest.sig", sig, err)) != K_OK)
        goto done;
    *nfiles = (int)m.nfiles;
    snprintf(key_id, 17, "%s", key.id);
    rc = K_OK;
done:
    sign_key_wipe(&key);
    manifest_free(&m);
    free(json);
    free(text);
    if (dirfd >= 0)
        close(dirfd);
    return rc;
}
