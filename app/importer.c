/* SPDX-License-Identifier: MIT
 *
 * importer.c - a bundle on a stick -> the store, all or nothing.
 * Start reading at import_bundle(); see importer.h for the order of work.
 *
 * Errors come in two weights. Content problems in one article (no title,
 * too big, bad front matter) skip that article with a warning. Anything
 * that makes the whole bundle suspect or unreadable (a symlink or device,
 * a file vanishing because the stick was pulled, a bad signature, a limit
 * on counts or bytes) rejects the whole bundle: the transaction is rolled
 * back and the database is exactly as before.
 */
#include "importer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle/manifest.h"
#include "bundle/safefs.h"
#include "bundle/sign.h"
#include "bundle/walk.h"
#include "core/article.h"
#include "core/hash.h"
#include "log.h"

/* A small set of strings (image names, ids) to catch repeats. */
typedef struct StrSet {
    char **slot;
    size_t cap, n;
} StrSet;

/* Add s; returns 1 if added, 0 if already there, -1 on out of memory. */
static int
strset_add(StrSet *set, const char *s)
{
    if (set->n * 2 >= set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        char **ns = calloc(ncap, sizeof *ns);
        if (ns == NULL)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (set->slot[i] == NULL)
                continue;
            size_t j = hash_str(set->slot[i]) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = set->slot[i];
        }
        free(set->slot);
        set->slot = ns;
        set->cap = ncap;
    }
    size_t j = hash_str(s) & (set->cap - 1);
    while (set->slot[j]) {
        if (strcmp(set->slot[j], s) == 0)
            return 0;
        j = (j + 1) & (set->cap - 1);
    }
    if ((set->slot[j] = strdup(s)) == NULL)
        return -1;
    set->n++;
    return 1;
}

static void
strset_free(StrSet *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    memset(set, 0, sizeof *set);
}

typedef struct Ctx {
    const ImportOpts *o;
    const Config *cfg;
    ImportResult *res;
    Err *err;
    Store *st;
    Store *ro;                  /* verify --db: read the kiosk's state, write nothing */
    int dirfd;
    Manifest man;
    int have_manifest;
    int strict;                 /* signed: read only listed files, check hashes */
    SignDigest *digest;         /* the bundle digest, SHA-256 */
    SignDigest *fp;             /* the fingerprint (unsigned bundles), SHA-256 */
    long long fp_newest_ns;     /* the newest mtime or ctime folded into it */
    unsigned long long bytes;   /* read so far, against max_total_bytes */
    BundleWalk walk;            /* its entry count runs over articles/ and images/ */
    SafefsDirCache dirs;        /* the folder of the last file read, kept open */
    StrSet images, ids;
    const char *cur_file;       /* for article warnings */
    char key_id[17];            /* the trusted key that signed it */
} Ctx;

static void
warnf(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warnf(Ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    c->res->warnings++;
    if (c->o->warn == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->o->warn(c->o->ctx, msg);
}

/* The walk's warnings are the import's: counted, and passed on. */
static void
walk_warn(void *ctx, const char *msg)
{
    warnf(ctx, "%s", msg);
}

static int
cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read one bundle file with every check that applies to it, and fold it
 * into the bundle digest. */
static int
read_checked(Ctx *c, const char *rel, size_t max, char **data, size_t *len)
{
    char hex[65];
    const char *want = NULL;
    int rc;

    if (c->strict && (want = manifest_hash(&c->man, rel)) == NULL)
        return err_setf(c->err, K_ESIG, rel, 0,
                        "is not listed in the signed manifest; bundle refused");
    rc = safefs_read_cached(&c->dirs, c->dirfd, rel, max, data, len, c->err);
    if (rc != K_OK)
        return rc;
    c->bytes += *len;
    if (c->bytes > (unsigned long long)c->cfg->max_total_bytes) {
        free(*data);
        *data = NULL;
        return err_setf(c->err, K_ELIMIT, rel, 0,
                        "the bundle is over %lld bytes in all; bundle refused",
                        c->cfg->max_total_bytes);
    }
    /* SHA-256 only where it is checked: an unsigned stick's digest is
     * BLAKE2b (bundle_digest); hashing every file twice was most of
     * libsodium's tenth of an import's CPU */
    if (!c->strict)
        return K_OK;
    sign_sha256_hex(*data, *len, hex);
    if (strcmp(hex, want) != 0) {
        free(*data);
        *data = NULL;
        return err_setf(c->err, K_ESIG, rel, 0,
                        "does not match its hash in the signed manifest (changed after "
                        "signing); bundle refused");
    }
    return K_OK;
}

/* Fold one file into the digest: its path and the SHA-256 of its bytes, or
 * its size alone when it is over the limit (it is skipped anyway, and a
 * 2 GiB file must not be read to say so). */
static int
digest_file(Ctx *c, const char *rel, size_t max)
{
    char *data = NULL, hex[65];
    size_t len = 0;
    Err e;
    int rc;

    err_clear(&e);
    rc = safefs_read_cached(&c->dirs, c->dirfd, rel, max, &data, &len, &e);
    if (rc == K_ELIMIT) {
        snprintf(hex, sizeof hex, "over-the-limit");
    } else if (rc != K_OK) {
        *c->err = e;
        return rc;
    } else {
        /* BLAKE2b: the digest is the kiosk's own (the manifest's hashes stay
         * SHA-256), and three times faster over a 45 MB stick */
        sign_blake2b_hex(data, len, hex);
        free(data);
    }
    sign_digest_update(c->digest, rel, strlen(rel) + 1);
    sign_digest_update(c->digest, hex, strlen(hex));
    return K_OK;
}

/* Every file a walk keeps goes into the fingerprint: its path, size and
 * times as lstat gave them while listing. */
static void
fp_file(void *ctx, const char *path, const SafefsEntry *e)
{
    Ctx *c = ctx;
    char line[96];
    int n;

    n = snprintf(line, sizeof line, "%lld %lld %lld\n", e->size_bytes, e->mtime_ns, e->ctime_ns);
    sign_digest_update(c->fp, path, strlen(path) + 1);
    sign_digest_update(c->fp, line, (size_t)n);
    if (e->mtime_ns > c->fp_newest_ns)
        c->fp_newest_ns = e->mtime_ns;
    if (e->ctime_ns > c->fp_newest_ns)
        c->fp_newest_ns = e->ctime_ns;
}

/* Every file under images/ (none when there is no such folder). */
static int
walk_images(Ctx *c, WalkList *images)
{
    Err e;
    int fd;

    err_clear(&e);
    fd = safefs_open_dir(c->dirfd, "images", &e);
    if (fd < 0)
        return K_OK;
    close(fd);
    return walk_bundle(&c->walk, "images", WALK_ANY, images);
}

/* A fingerprint is trusted only when every file in it is older than the
 * kiosk's clock by more than this: a file written in the same tick of its
 * mtime (2 s on FAT) as the import could change again with the same size
 * and time ("racy git"). */
#define FP_SETTLED_NS (3LL * 1000000000LL)

/* The fingerprint's hex into out, or "" when it cannot be trusted (a file
 * too new, or the clock behind the files' times). walk_started_ns: the
 * kiosk's clock before the walk. */
static void
fingerprint_final(Ctx *c, long long walk_started_ns, char out[65])
{
    char lim[64];
    int n = snprintf(lim, sizeof lim, "limits %ld %ld\n", c->cfg->max_article_bytes,
                     c->cfg->max_image_bytes);

    sign_digest_update(c->fp, lim, (size_t)n);
    sign_digest_final_hex(c->fp, out);
    if (c->fp_newest_ns > walk_started_ns - FP_SETTLED_NS) {
        log_debug("%s: a file changed %.1f s before the import: no fingerprint",
                  c->res->bundle_dir, (double)(walk_started_ns - c->fp_newest_ns) / 1e9);
        out[0] = '\0';
    }
}

/* The bundle's digest, known before a single row is written, so a stick
 * seen before costs a read and no import: a signed bundle is its manifest
 * (every file it may read is listed there with its hash, and checked while
 * importing); an unsigned one is its manifest (if any), every article file
 * and every file under images/, each by path and content hash. */
static int
bundle_digest(Ctx *c, const WalkList *articles, const WalkList *images, char hex[65])
{
    int rc = K_OK;

    if (!c->strict) {
        for (size_t i = 0; i < articles->n && rc == K_OK; i++)
            rc = digest_file(c, articles->v[i], (size_t)c->cfg->max_article_bytes);
        for (size_t i = 0; i < images->n && rc == K_OK; i++)
            rc = digest_file(c, images->v[i], (size_t)c->cfg->max_image_bytes);
    }
    if (rc != K_OK)
        return rc;
    sign_digest_final_hex(c->digest, hex);
    log_debug("%s: bundle digest %s", c->res->bundle_dir, hex);
    return K_OK;
}

static void
article_warn(void *ctx, int line, const char *msg)
{
    Ctx *c = ctx;

    if (line > 0)
        warnf(c, "%s: line %d: %s", c->cur_file, line, msg);
    else
        warnf(c, "%s: %s", c->cur_file, msg);
}

/* Store the image an article refers to; problems with it are warnings
 * (the article shows without it), except those that reject the bundle. */
static int
import_image(Ctx *c, Article *a, const char *file)
{
    char *data = NULL;
    size_t len = 0;
    int rc, added;

    if (!safefs_path_ok(a->image, c->cfg->max_depth + 1) || strncmp(a->image, "images/", 7) != 0) {
        warnf(c, "%s: image '%.100s' is not a path inside images/; shown without it", file, a->image);
        a->image[0] = '\0';
        return K_OK;
    }
    added = strset_add(&c->images, a->image);
    if (added < 0)
        return err_set(c->err, K_ENOMEM, "out of memory");
    if (added == 0)
        return K_OK;
    rc = read_checked(c, a->image, (size_t)c->cfg->max_image_bytes, &data, &len);
    if (rc == K_ENOTFOUND || rc == K_ELIMIT) {
        char buf[700];
        warnf(c, "%s: %s; shown without it", file, err_str(c->err, buf, sizeof buf));
        err_clear(c->err);
        a->image[0] = '\0';
        return K_OK;
    }
    if (rc != K_OK)
        return rc;
    if (c->st)
        rc = store_import_image(c->st, a->image, data, len, c->err);
    free(data);
    return rc;
}

static int
import_article(Ctx *c, const char *rel)
{
    ArticleOpts ao;
    Article a;
    const char *strip[64];
    const char *base = strrchr(rel, '/');
    char *data = NULL, buf[800];
    size_t len = 0;
    int rc;

    rc = read_checked(c, rel, (size_t)c->cfg->max_article_bytes, &data, &len);
    if (rc == K_ELIMIT && c->bytes <= (unsigned long long)c->cfg->max_total_bytes) {
        /* One oversized article: skip it, keep the rest. */
        warnf(c, "%s, article skipped", err_str(c->err, buf, sizeof buf));
        err_clear(c->err);
        c->res->skipped++;
        return K_OK;
    }
    if (rc == K_ENOTFOUND)   /* it was listed a moment ago */
        return err_setf(c->err, K_EIO, rel, 0,
                        "vanished while importing; was the stick removed? Nothing was changed");
    if (rc != K_OK)
        return rc;

    article_opts_default(&ao);
    ao.max_bytes = (size_t)c->cfg->max_article_bytes;
    ao.max_line_bytes = (size_t)c->cfg->max_line_bytes;
    for (int i = 0; i < c->cfg->nstrip_line && i < 64; i++)
        strip[i] = c->cfg->strip_line[i];
    ao.junk = strip;
    ao.njunk = (size_t)c->cfg->nstrip_line;
    ao.warn = article_warn;
    ao.warn_ctx = c;
    c->cur_file = rel;
    Err aerr;
    err_clear(&aerr);
    {
        /* the parser drops ".txt" from the default id; "0004.TXT" gets id 0004 too */
        char fname[300];
        snprintf(fname, sizeof fname, "%s", base ? base + 1 : rel);
        size_t fl = strlen(fname);
        if (walk_is_txt(fname))
            memcpy(fname + fl - 4, ".txt", 4);
        rc = article_parse(data, len, fname, &ao, &a, &aerr);
    }
    free(data);
    if (rc == K_ENOMEM)
        return err_set(c->err, rc, "out of memory");
    if (rc != K_OK) {
        snprintf(aerr.file, sizeof aerr.file, "%s", rel);
        warnf(c, "%s", err_str(&aerr, buf, sizeof buf));
        c->res->skipped++;
        return K_OK;
    }
    int added = strset_add(&c->ids, a.id);
    if (added < 0) {
        article_free(&a);
        return err_set(c->err, K_ENOMEM, "out of memory");
    }
    if (added == 0)
        warnf(c, "%s: id '%s' is used by an earlier file too; this one wins", rel, a.id);
    if (a.image[0] && (rc = import_image(c, &a, rel)) != K_OK) {
        article_free(&a);
        return rc;
    }
    if (c->st && (rc = store_import_article(c->st, &a, rel, c->err)) != K_OK) {
        article_free(&a);
        return rc;
    }
    article_free(&a);
    c->res->imported++;
    return K_OK;
}

int
import_find_bundle(const char *path, char *out, size_t size)
{
    struct stat sb;
    char p[1100];

    snprintf(p, sizeof p, "%s/newskiosk", path);
    if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(out, size, "%s", p);
        return K_OK;
    }
    snprintf(p, sizeof p, "%s/articles", path);
    if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(out, size, "%s", path);
        return K_OK;
    }
    snprintf(p, sizeof p, "%s/manifest.json", path);
    if (lstat(p, &sb) == 0) {
        snprintf(out, size, "%s", path);
        return K_OK;
    }
    return K_ENOTFOUND;
}

static int
parse_manifest(Ctx *c, const char *json, size_t jlen)
{
    if (!c->have_manifest)
        return K_OK;
    return manifest_parse(json, jlen, (size_t)c->cfg->max_files, c->cfg->max_depth + 1, &c->man,
                          c->err);
}

/* Read manifest.json and, with trusted keys, check manifest.sig. */
static int
check_manifest(Ctx *c)
{
    const Config *cfg = c->cfg;
    char *json = NULL, *sig = NULL;
    size_t jlen = 0, slen = 0;
    SignPub keys[CONFIG_LIST_MAX];
    int rc, which = -1, nkeys = 0;

    rc = safefs_read(c->dirfd, "manifest.json", MANIFEST_MAX_BYTES, &json, &jlen, c->err);
    if (rc == K_ENOTFOUND) {
        err_clear(c->err);
        rc = K_OK;
    } else if (rc != K_OK) {
        goto done;
    } else {
        c->have_manifest = 1;
        sign_digest_update(c->digest, json, jlen);
        sign_digest_update(c->fp, "manifest\n", 9);
        sign_digest_update(c->fp, json, jlen);
    }
    if (cfg->ntrusted_key == 0) {
        rc = parse_manifest(c, json, jlen);
        goto done;
    }

    for (int i = 0; i < cfg->ntrusted_key; i++)
        if ((rc = sign_load_pub(cfg->trusted_key[i], &keys[nkeys++], c->err)) != K_OK) {
            /* The key is the kiosk's own file, not the stick's: say so. */
            char why[sizeof c->err->msg];
            snprintf(why, sizeof why, "%s", c->err ? c->err->msg : "");
            rc = err_setf(c->err, K_EUSAGE, cfg->trusted_key[i], 0,
                          "trusted_key cannot be used: %s", why);
            goto done;
        }
    rc = c->have_manifest ? safefs_read(c->dirfd, "manifest.sig", 4096, &sig, &slen, c->err)
                          : K_ENOTFOUND;
    if (rc == K_ENOTFOUND) {
        err_clear(c->err);
        if (cfg->require_signature) {
            rc = err_setf(c->err, K_ESIG, c->have_manifest ? "manifest.sig" : "manifest.json", 0,
                          "missing: this kiosk accepts only signed bundles, and this one is "
                          "not signed; bundle refused");
            goto done;
        }
        rc = parse_manifest(c, json, jlen);
        goto done;
    }
    if (rc != K_OK)
        goto done;
    /* The signature is checked before the JSON parser sees a byte, so a
     * stranger's stick never reaches the parser on a kiosk with keys. */
    if ((rc = sign_verify(sig, slen, json, jlen, keys, nkeys, &which, c->err)) != K_OK ||
        (rc = parse_manifest(c, json, jlen)) != K_OK)
        goto done;
    if (!c->man.has_files) {
        rc = err_setf(c->err, K_ESIG, "manifest.json", 0,
                      "is signed but lists no \"files\"; bundle refused");
        goto done;
    }
    if (!c->man.created[0]) {
        rc = err_setf(c->err, K_ESIG, "manifest.json", 0,
                      "is signed but has no \"created\" time; bundle refused");
        goto done;
    }
    c->strict = 1;
    snprintf(c->key_id, sizeof c->key_id, "%s", keys[which].id);
    c->res->is_signed = 1;
    if (c->st || c->ro) {
        char newest[40];
        if ((rc = store_newest_signed_created(c->st ? c->st : c->ro, newest, sizeof newest,
                                              c->err)) != K_OK)
            goto done;
        if (newest[0] && strcmp(c->man.created, newest) < 0) {
            rc = err_setf(c->err, K_ESIG, "manifest.json", 0,
                          "was created %s, before the signed bundle already installed (%s); "
                          "an old stick cannot roll the kiosk back, bundle refused",
                          c->man.created, newest);
            goto done;
        }
    }
    rc = K_OK;
done:
    free(json);
    free(sig);
    return rc;
}

static long long
now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return 0;
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
run(Ctx *c, const char *path)
{
    WalkList files = {0}, images = {0};
    char hex[65], fp[65] = "";
    StoreBundle b;
    Store *db;
    long long walk_started_ns;
    int rc, seen = 0, top;

    if (import_find_bundle(path, c->res->bundle_dir, sizeof c->res->bundle_dir) != K_OK)
        return err_setf(c->err, K_ENOTFOUND, path, 0,
                        "no newskiosk/ bundle folder here (a stick needs a folder named newskiosk "
                        "with articles/*.txt inside)");
    top = open(c->res->bundle_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (top < 0)
        return err_setf(c->err, K_EIO, c->res->bundle_dir, 0, "cannot open (%s)", strerror(errno));
    c->dirfd = top;
    if ((rc = check_manifest(c)) != K_OK)
        goto done;
    c->res->replace = c->man.replace || !c->have_manifest;

    c->walk.dirfd = top;
    c->walk.max_depth = c->cfg->max_depth;
    c->walk.max_files = c->cfg->max_files;
    c->walk.warn = walk_warn;
    c->walk.warn_ctx = c;
    c->walk.err = c->err;
    /* an unsigned stick's fingerprint comes from the walks, for free */
    c->walk.file = c->strict ? NULL : fp_file;
    walk_started_ns = c->o->clock_ns ? c->o->clock_ns : now_ns();
    if ((rc = walk_bundle(&c->walk, "articles", WALK_TXT, &files)) != K_OK)
        goto done;
    if (c->strict) {
        /* Every article the manifest lists must be there. */
        for (size_t i = 0; i < c->man.nfiles; i++) {
            const char *p = c->man.files[i].path;
            if (strncmp(p, "articles/", 9) != 0 || !walk_is_txt(p))
                continue;
            if (bsearch(&p, files.v, files.n, sizeof *files.v, cmp_path) == NULL) {
                rc = err_setf(c->err, K_EIO, p, 0,
                              "is listed in the signed manifest but missing; bundle refused");
                goto done;
            }
        }
    }
    c->res->total = (int)files.n;
    if (files.n == 0) {
        rc = err_setf(c->err, K_EPARSE, "articles/", 0, "holds no .txt articles; bundle refused");
        goto done;
    }

    /* the digest first: a bundle imported before is not imported again,
     * and costs no transaction, no parse and no insert. An unsigned stick
     * whose fingerprint (names, sizes, times) was recorded with a bundle
     * is that bundle without a byte read (docs/bundle.md says when that
     * holds); otherwise every file is read for the digest. */
    db = c->st ? c->st : c->ro;
    hex[0] = '\0';
    if (!c->strict) {
        if ((rc = walk_images(c, &images)) != K_OK)
            goto done;
        fingerprint_final(c, walk_started_ns, fp);
        log_debug("%s: fingerprint %s", path, fp[0] ? fp : "(none)");
        if (db && fp[0] && (rc = store_bundle_by_fingerprint(db, fp, hex, c->err)) != K_OK)
            goto done;
        if (hex[0]) {
            log_debug("%s: fingerprint %.16s is bundle %s", path, fp, hex);
            c->res->by_fingerprint = 1;
        }
    }
    if (!hex[0] && (rc = bundle_digest(c, &files, &images, hex)) != K_OK)
        goto done;
    snprintf(c->res->bundle_id, sizeof c->res->bundle_id, "%s", c->man.id[0] ? c->man.id : "");
    if (!c->res->bundle_id[0])
        snprintf(c->res->bundle_id, sizeof c->res->bundle_id, "bundle-%.12s", hex);
    if (db && (rc = store_bundle_seen(db, hex, &seen, c->err)) != K_OK)
        goto done;
    if (seen) {
        log_debug("%s: bundle %s seen before, not imported again", path, c->res->bundle_id);
        c->res->unchanged = 1;
        /* read in full this time (copied again, touched): its fingerprint
         * now, so the next plug reads nothing */
        if (c->st && fp[0] && !c->res->by_fingerprint &&
            store_bundle_set_fingerprint(c->st, hex, fp, NULL) != K_OK)
            log_debug("%s: the fingerprint was not recorded", path);
        rc = K_OK;
        goto done;
    }

    memset(&b, 0, sizeof b);
    b.replace = c->res->replace;
    if (c->st && (rc = store_import_begin(c->st, &b, c->err)) != K_OK)
        goto done;
    if (c->o->progress && c->o->progress(c->o->ctx, 0, (int)files.n)) {
        rc = err_set(c->err, K_EABORT, "import cancelled");
        goto done;
    }
    for (size_t i = 0; i < files.n; i++) {
        if ((rc = import_article(c, files.v[i])) != K_OK)
            goto done;
        if (c->o->progress && c->o->progress(c->o->ctx, (int)i + 1, (int)files.n)) {
            rc = err_set(c->err, K_EABORT, "import cancelled");
            goto done;
        }
    }
    if (c->res->imported == 0) {
        rc = err_setf(c->err, K_EPARSE, "articles/", 0,
                      "no article could be imported (%d skipped); the kiosk keeps its "
                      "current content", c->res->skipped);
        goto done;
    }

    if (c->st == NULL) {
        rc = K_OK;
        goto done;
    }
    b.digest = hex;
    b.id = c->res->bundle_id;
    b.title = c->man.title;
    b.created = c->man.created;
    b.is_signed = c->res->is_signed;
    b.key_id = c->key_id;
    b.fingerprint = fp;
    rc = store_import_commit(c->st, &b, c->err);
done:
    if (c->st && rc != K_OK)
        store_import_rollback(c->st);
    walk_list_free(&files);
    walk_list_free(&images);
    safefs_dircache_close(&c->dirs);
    close(top);
    return rc;
}

static int import_any(Store *st, Store *ro, const char *path, const ImportOpts *o,
                      ImportResult *res, Err *err);

int
import_bundle(Store *st, const char *path, const ImportOpts *o, ImportResult *res, Err *err)
{
    return import_any(st, NULL, path, o, res, err);
}

int
import_verify_against(Store *ro, const char *path, const ImportOpts *o, ImportResult *res,
                      Err *err)
{
    return import_any(NULL, ro, path, o, res, err);
}

static int
import_any(Store *st, Store *ro, const char *path, const ImportOpts *o, ImportResult *res,
           Err *err)
{
    Ctx c;
    Err local;
    int rc;

    memset(res, 0, sizeof *res);
    memset(&c, 0, sizeof c);
    if (err == NULL) {
        err_clear(&local);
        err = &local;
    }
    err_clear(err);
    if (sign_init() != K_OK)
        return err_set(err, K_ESIG, "libsodium failed to initialise");
    c.o = o;
    c.cfg = o->cfg;
    c.res = res;
    c.err = err;
    c.st = st;
    c.ro = ro;
    c.dirfd = -1;
    c.dirs = (SafefsDirCache)SAFEFS_DIRCACHE_INIT;
    if ((c.digest = sign_digest_new()) == NULL || (c.fp = sign_digest_new()) == NULL) {
        sign_digest_free(c.digest);
        return err_set(err, K_ENOMEM, "out of memory");
    }
    sign_digest_update(c.fp, "newskiosk fingerprint 1\n", 24);

    rc = run(&c, path);

    if (st) {
        char reason[800] = "";
        StoreImportLog l;
        if (rc != K_OK)
            err_str(err, reason, sizeof reason);
        l.bundle_id = res->bundle_id[0] ? res->bundle_id : c.man.id;
        l.path = path;
        l.result = rc != K_OK ? (rc == K_EIO || rc == K_EDB || rc == K_ENOMEM || rc == K_EABORT
                                     ? "failed" : "rejected")
                              : res->unchanged ? "unchanged" : "imported";
        l.imported = rc == K_OK && !res->unchanged ? res->imported : 0;
        l.skipped = res->skipped;
        l.reason = reason;
        store_log_import(st, &l, NULL);
    }
    sign_digest_free(c.digest);
    sign_digest_free(c.fp);
    manifest_free(&c.man);
    strset_free(&c.images);
    strset_free(&c.ids);
    return rc;
}
