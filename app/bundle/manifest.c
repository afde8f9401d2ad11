/* SPDX-License-Identifier: MIT
 * manifest.c - see manifest.h. Start reading at manifest_parse(). */
#include "manifest.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/article.h"
#include "../core/utf8.h"
#include "safefs.h"

static const char MF[] = "manifest.json";

void
manifest_free(Manifest *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nfiles; i++)
        free(m->files[i].path);
    free(m->files);
    memset(m, 0, sizeof *m);
}

static int
line_of(const char *json, size_t len, const char *at)
{
    int line = 1;

    if (at == NULL || at < json || at > json + len)
        return 0;
    for (const char *p = json; p < at; p++)
        line += (*p == '\n');
    return line;
}

static int
copy_string(const cJSON *obj, const char *key, char *dst, size_t size, int required, Err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (v == NULL || cJSON_IsNull(v)) {
        if (required)
            return err_setf(err, K_EPARSE, MF, 0, "\"%s\" is missing", key);
        return K_OK;
    }
    if (!cJSON_IsString(v) || v->valuestring == NULL)
        return err_setf(err, K_EPARSE, MF, 0, "\"%s\" must be a string", key);
    if (strlen(v->valuestring) >= size)
        return err_setf(err, K_ELIMIT, MF, 0, "\"%s\" is longer than %zu bytes", key, size - 1);
    snprintf(dst, size, "%s", v->valuestring);
    return K_OK;
}

static int
is_hex64(const char *s)
{
    if (strlen(s) != 64)
        return 0;
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return 0;
    return 1;
}

static int
cmp_file(const void *a, const void *b)
{
    return strcmp(((const ManifestFile *)a)->path, ((const ManifestFile *)b)->path);
}

int
manifest_parse(const char *json, size_t len, size_t max_files, int max_depth, Manifest *m,
               Err *err)
{
    cJSON *root = NULL;
    const cJSON *v, *files, *f;
    const char *end = NULL;
    int rc = K_EPARSE;

    memset(m, 0, sizeof *m);
    m->replace = 1;
    if (len > MANIFEST_MAX_BYTES)
        return err_setf(err, K_ELIMIT, MF, 0, "is %zu bytes, over the limit of %u", len,
                        MANIFEST_MAX_BYTES);
    if (memchr(json, '\0', len) != NULL || !utf8_valid(json, len))
        return err_setf(err, K_EPARSE, MF, line_of(json, len, memchr(json, '\0', len)),
                        "is not UTF-8 text");
    root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (root == NULL) {
        rc = err_setf(err, K_EPARSE, MF, line_of(json, len, end ? end : cJSON_GetErrorPtr()),
                      "invalid JSON (or nested too deeply)");
        goto fail;
    }
    if (!cJSON_IsObject(root)) {
        rc = err_setf(err, K_EPARSE, MF, 1, "must be a JSON object { ... }");
        goto fail;
    }
    v = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (v == NULL) {
        m->format = 1;
    } else if (!cJSON_IsNumber(v) || v->valuedouble != 1.0) {
        rc = err_setf(err, K_EPARSE, MF, 0, "\"format\" must be 1 (this kiosk reads format 1)");
        goto fail;
    } else {
        m->format = 1;
    }
    if ((rc = copy_string(root, "id", m->id, sizeof m->id, 0, err)) != K_OK ||
        (rc = copy_string(root, "title", m->title, sizeof m->title, 0, err)) != K_OK ||
        (rc = copy_string(root, "created", m->created, sizeof m->created, 0, err)) != K_OK)
        goto fail;
    rc = K_EPARSE;
    if (m->id[0] && !article_valid_id(m->id)) {
        err_setf(err, K_EPARSE, MF, 0, "\"id\" may hold letters, digits, '.', '-' and '_' only");
        goto fail;
    }
    if (m->created[0]) {
        char date[11];
        memcpy(date, m->created, sizeof date - 1);
        date[sizeof date - 1] = '\0';
        if (!article_valid_date(date) || (m->created[10] != '\0' && m->created[10] != 'T')) {
            err_setf(err, K_EPARSE, MF, 0,
                     "\"created\" must be an ISO 8601 time like 2025-01-10T06:00:00Z");
            goto fail;
        }
    }
    v = cJSON_GetObjectItemCaseSensitive(root, "mode");
    if (v != NULL) {
        if (cJSON_IsString(v) && strcmp(v->valuestring, "replace") == 0) {
            m->replace = 1;
        } else if (cJSON_IsString(v) && strcmp(v->valuestring, "merge") == 0) {
            m->replace = 0;
        } else {
            err_setf(err, K_EPARSE, MF, 0, "\"mode\" must be \"replace\" or \"merge\"");
            goto fail;
        }
    }
    files = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (files != NULL) {
        size_t n = 0;
        if (!cJSON_IsObject(files)) {
            err_setf(err, K_EPARSE, MF, 0, "\"files\" must be an object of path: sha256");
            goto fail;
        }
        cJSON_ArrayForEach(f, files) n++;
        if (n > max_files) {
            rc = err_setf(err, K_ELIMIT, MF, 0, "\"files\" lists %zu files, over the limit of %zu",
                          n, max_files);
            goto fail;
        }
        m->has_files = 1;
        m->files = calloc(n ? n : 1, sizeof *m->files);
        if (m->files == NULL) {
            rc = err_setf(err, K_ENOMEM, MF, 0, "out of memory");
            goto fail;
        }
        cJSON_ArrayForEach(f, files) {
            if (f->string == NULL || !safefs_path_ok(f->string, max_depth) ||
                !(strncmp(f->string, "articles/", 9) == 0 || strncmp(f->string, "images/", 7) == 0)) {
                rc = err_setf(err, K_EUNSAFE, MF, 0,
                              "\"files\" has a path that is not a plain path inside articles/ or "
                              "images/: \"%.80s\"", f->string ? f->string : "");
                goto fail;
            }
            if (!cJSON_IsString(f) || !is_hex64(f->valuestring)) {
                err_setf(err, K_EPARSE, MF, 0, "\"files\": \"%.80s\" needs a 64-digit sha256 hex",
                         f->string);
                goto fail;
            }
            ManifestFile *mf = &m->files[m->nfiles];
            if ((mf->path = strdup(f->string)) == NULL) {
                rc = err_setf(err, K_ENOMEM, MF, 0, "out of memory");
                goto fail;
            }
            for (int i = 0; i < 64; i++) {
                char c = f->valuestring[i];
                mf->sha256[i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
            }
            mf->sha256[64] = '\0';
            m->nfiles++;
        }
        qsort(m->files, m->nfiles, sizeof *m->files, cmp_file);
        for (size_t i = 1; i < m->nfiles; i++)
            if (strcmp(m->files[i - 1].path, m->files[i].path) == 0) {
                err_setf(err, K_EPARSE, MF, 0, "\"files\" lists %.80s twice", m->files[i].path);
                goto fail;
            }
    }
    rc = K_OK;
fail:
    cJSON_Delete(root);
    if (rc != K_OK)
        manifest_free(m);
    return rc;
}

const char *
manifest_hash(const Manifest *m, const char *path)
{
    ManifestFile key;
    const ManifestFile *f;

    if (m == NULL || m->nfiles == 0)
        return NULL;
    key.path = (char *)(uintptr_t)path;
    f = bsearch(&key, m->files, m->nfiles, sizeof *m->files, cmp_file);
    return f ? f->sha256 : NULL;
}

char *
manifest_format(const Manifest *m)
{
    cJSON *root = cJSON_CreateObject(), *files;
    char *out = NULL;

    if (root == NULL)
        return NULL;
    if (!cJSON_AddNumberToObject(root, "format", 1) ||
        (m->id[0] && !cJSON_AddStringToObject(root, "id", m->id)) ||
        (m->title[0] && !cJSON_AddStringToObject(root, "title", m->title)) ||
        (m->created[0] && !cJSON_AddStringToObject(root, "created", m->created)) ||
        !cJSON_AddStringToObject(root, "mode", m->replace ? "replace" : "merge") ||
        (files = cJSON_AddObjectToObject(root, "files")) == NULL)
        goto done;
    for (size_t i = 0; i < m->nfiles; i++)
        if (!cJSON_AddStringToObject(files, m->files[i].path, m->files[i].sha256))
            goto done;
    out = cJSON_Print(root);
done:
    cJSON_Delete(root);
    return out;
}
