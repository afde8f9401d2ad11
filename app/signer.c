/* SPDX-License-Identifier: MIT
 * signer.c - see signer.h. */
#include "signer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundle/manifest.h"
#include "bundle/safefs.h"
#include "bundle/sign.h"
#include "bundle/walk.h"
#include "core/vec.h"
#include "importer.h"
#include "log.h"

/* List rel with its SHA-256 in m: the file is read whole (up to the
 * bundle's byte limit). */
static void
walk_warn(void *ctx, const char *msg)
{
    (void)ctx;
    log_warn("%s", msg);
}

static int
add_file(int dirfd, const Config *cfg, Manifest *m, size_t *cap, const char *rel, Err *err)
{
    ManifestFile *nv;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if ((nv = vec_grow(m->files, m->nfiles, cap, sizeof *m->files, 64)) == NULL)
        return err_set(err, K_ENOMEM, "out of memory");
    m->files = nv;
    rc = safefs_read(dirfd, rel, (size_t)cfg->max_total_bytes, &data, &len, err);
    if (rc != K_OK)
        return rc;
    ManifestFile *f = &m->files[m->nfiles];
    sign_sha256_hex(data, len, f->sha256);
    free(data);
    if ((f->path = strdup(rel)) == NULL)
        return err_set(err, K_ENOMEM, "out of memory");
    m->nfiles++;
    return K_OK;
}

/* The files the importer would read: articles/ (.txt) and images/, walked
 * with the importer's own rules (bundle/walk.h), each listed with its hash.
 * Files the importer would skip with a warning (a name that is not UTF-8,
 * an article that is not .txt) are left out here too, and logged. */
static int
list_files(int dirfd, const Config *cfg, Manifest *m, Err *err)
{
    BundleWalk w;
    WalkList articles = {0}, images = {0};
    size_t cap = 0;
    int rc;

    memset(&w, 0, sizeof w);
    w.dirfd = dirfd;
    w.max_depth = cfg->max_depth;
    w.max_files = cfg->max_files;
    w.warn = walk_warn;
    w.err = err;
    if ((rc = walk_bundle(&w, "articles", WALK_TXT | WALK_MISSING_OK, &articles)) != K_OK ||
        (rc = walk_bundle(&w, "images", WALK_ANY | WALK_MISSING_OK, &images)) != K_OK)
        goto done;
    for (size_t i = 0; i < articles.n && rc == K_OK; i++)
        rc = add_file(dirfd, cfg, m, &cap, articles.v[i], err);
    for (size_t i = 0; i < images.n && rc == K_OK; i++)
        rc = add_file(dirfd, cfg, m, &cap, images.v[i], err);
done:
    walk_list_free(&articles);
    walk_list_free(&images);
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

    if ((rc = list_files(dirfd, cfg, &m, err)) != K_OK)
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
