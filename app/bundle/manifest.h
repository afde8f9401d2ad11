/* SPDX-License-Identifier: MIT
 *
 * manifest.h - manifest.json (untrusted) -> Manifest, and back (for `sign`).
 * Uses cJSON. See SPEC.md, "manifest.json".
 */
#ifndef KIOSK_MANIFEST_H
#define KIOSK_MANIFEST_H

#include <stddef.h>

#include "../core/err.h"

#define MANIFEST_MAX_BYTES (4u * 1024u * 1024u)

typedef struct ManifestFile {
    char *path;       /* bundle-relative, checked with safefs_path_ok */
    char sha256[65];  /* lowercase hex */
} ManifestFile;

typedef struct Manifest {
    int format;           /* 1 */
    char id[128];         /* "" when absent */
    char title[256];
    char created[40];     /* ISO 8601 UTC, "" when absent */
    int replace;          /* mode: 1 replace (default), 0 merge */
    ManifestFile *files;  /* sorted by path; NULL when there is no "files" */
    size_t nfiles;
    int has_files;        /* 1 when a "files" object was present */
} Manifest;

/* Parse len bytes of manifest.json. At most max_files entries in "files",
 * each path at most max_depth components. Returns K_OK, or K_EPARSE /
 * K_ELIMIT / K_EUNSAFE / K_ENOMEM with err naming "manifest.json" and the
 * line. Free with manifest_free (NULL-safe, also after failure). */
int manifest_parse(const char *json, size_t len, size_t max_files, int max_depth, Manifest *m,
                   Err *err);

void manifest_free(Manifest *m);

/* The listed hash for path, or NULL when the manifest does not list it. */
const char *manifest_hash(const Manifest *m, const char *path);

/* Serialise m as pretty JSON (for `sign`). Returns a malloc'd string or NULL. */
char *manifest_format(const Manifest *m);

#endif
