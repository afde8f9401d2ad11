/* SPDX-License-Identifier: MIT
 * sign_test.c - keygen, sign and every way a signed-bundle check can fail:
 * unsigned, bad signature, untrusted key, changed file, unlisted file,
 * missing file, roll-back. Each failure leaves the content as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <time.h>

#include "testutil.h"

#include "bundle/safefs.h"
#include "bundle/sign.h"
#include "core/config.h"
#include "importer.h"
#include "signer.h"
#include "store/store.h"

typedef struct Fix {
    char *dir;
    char stick[400], db[400], key[400], pub[400], key2[400], pub2[400];
    Config cfg;
    Err err;
    ImportResult res;
    long long clock_ns; /* the import's clock for fingerprints; 0 = the system's */
} Fix;

static int
setup(void **state)
{
    Fix *f = calloc(1, sizeof *f);
    char name[300];
    Err e;

    f->dir = tu_tmpdir();
    snprintf(f->stick, sizeof f->stick, "%s/stick", f->dir);
    snprintf(f->db, sizeof f->db, "%s/news.db", f->dir);
    snprintf(name, sizeof name, "%s/editor", f->dir);
    assert_int_equal(sign_keygen(name, &e), K_OK);
    snprintf(f->key, sizeof f->key, "%s.key", name);
    snprintf(f->pub, sizeof f->pub, "%s.pub", name);
    snprintf(name, sizeof name, "%s/stranger", f->dir);
    assert_int_equal(sign_keygen(name, &e), K_OK);
    snprintf(f->key2, sizeof f->key2, "%s.key", name);
    snprintf(f->pub2, sizeof f->pub2, "%s.pub", name);
    config_defaults(&f->cfg);
    snprintf(f->cfg.trusted_key[0], CONFIG_PATH_MAX, "%s", f->pub);
    f->cfg.ntrusted_key = 1;
    tu_write(f->stick, "newskiosk/articles/0001.txt", "Signed story\nS.\n", -1);
    tu_write(f->stick, "newskiosk/articles/0002.txt", "---\nimage: images/p.png\n---\nTwo\nS.\n", -1);
    tu_write(f->stick, "newskiosk/images/p.png", "PNGDATA", -1);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    Fix *f = *state;
    tu_rmrf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static int
sign(Fix *f, const char *key)
{
    int n = 0;
    char id[17];
    err_clear(&f->err);
    return signer_sign_bundle(key, f->stick, &f->cfg, &n, id, &f->err);
}

static int
import(Fix *f)
{
    ImportOpts o;
    memset(&o, 0, sizeof o);
    o.cfg = &f->cfg;
    o.clock_ns = f->clock_ns;
    err_clear(&f->err);
    Store *st = store_open(f->db, STORE_RDWR, &f->err);
    assert_non_null(st);
    int rc = import_bundle(st, f->stick, &o, &f->res, &f->err);
    store_close(st);
    return rc;
}

static void
expect_refused(Fix *f, const char *file, const char *words)
{
    char *before = tu_dump(f->db);
    int rc = import(f);
    char *after = tu_dump(f->db);
    if (rc != K_ESIG)
        fail_msg("expected a signature refusal, got %d (%s: %s)", rc, f->err.file, f->err.msg);
    if (strcmp(f->err.file, file) != 0)
        fail_msg("expected the message to name %s, got %s", file, f->err.file);
    if (strstr(f->err.msg, words) == NULL)
        fail_msg("expected '%s' in '%s'", words, f->err.msg);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void
keygen_writes_a_private_key_only_the_owner_reads(void **state)
{
    Fix *f = *state;
    struct stat sb;
    Err e;
    char name[300];
    assert_int_equal(stat(f->key, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(stat(f->pub, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    /* never overwrites */
    snprintf(name, sizeof name, "%s/editor", f->dir);
    assert_int_equal(sign_keygen(name, &e), K_EUSAGE);
}

static void
a_signed_bundle_imports(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key), K_OK);
    assert_int_equal(import(f), K_OK);
    assert_int_equal(f->res.is_signed, 1);
    assert_int_equal(f->res.imported, 2);
    assert_int_equal(tu_query_int(f->db, "SELECT signed FROM bundles"), 1);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM images"), 1);
}

/* A signed stick is known by its signed manifest alone (no file read
 * either); a file's size and times never stand in for it. */
static void
a_signed_bundle_gets_no_fingerprint(void **state)
{
    Fix *f = *state;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    f->clock_ns = ((long long)ts.tv_sec + 3600) * 1000000000LL;   /* an hour later */
    assert_int_equal(sign(f, f->key), K_OK);
    assert_int_equal(import(f), K_OK);
    assert_int_equal(f->res.is_signed, 1);
    assert_int_equal(tu_query_int(f->db, "SELECT count(*) FROM bundles WHERE fingerprint = ''"), 1);
    assert_int_equal(import(f), K_OK);
    assert_int_equal(f->res.unchanged, 1);
    assert_int_equal(f->res.by_fingerprint, 0);
    /* a file changed after signing is still refused: the stick is not
     * "already imported" by its times */
    tu_write(f->stick, "newskiosk/images/p.png", "EVIL", -1);
    assert_int_equal(sign(f, f->key), K_OK);
    tu_write(f->stick, "newskiosk/images/p.png", "EVI!", -1);
    expect_refused(f, "images/p.png", "hash");
}

static void
unsigned_bundle_is_refused_when_keys_are_trusted(void **state)
{
    Fix *f = *state;
    expect_refused(f, "manifest.json", "only signed");
    /* with a manifest but no signature */
    tu_write(f->stick, "newskiosk/manifest.json", "{\"format\":1}", -1);
    expect_refused(f, "manifest.sig", "only signed");
    /* require_signature = false lets it through, unsigned */
    f->cfg.require_signature = 0;
    assert_int_equal(import(f), K_OK);
    assert_int_equal(f->res.is_signed, 0);
}

static void
a_changed_manifest_is_a_bad_signature(void **state)
{
    Fix *f = *state;
    char *json;
    size_t len;
    int fd;
    assert_int_equal(sign(f, f->key), K_OK);
    fd = open(tu_path(f->stick, "newskiosk"), O_RDONLY | O_DIRECTORY);
    Err e;
    assert_int_equal(safefs_read(fd, "manifest.json", 1 << 20, &json, &len, &e), K_OK);
    close(fd);
    json[len - 2] = ' ';   /* one byte changed */
    tu_write(f->stick, "newskiosk/manifest.json", json, (long)len);
    free(json);
    expect_refused(f, "manifest.sig", "bad signature");
}

static void
a_signature_by_an_untrusted_key_is_refused(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key2), K_OK);
    expect_refused(f, "manifest.sig", "does not trust");
    /* trusting both keys (rotation) accepts it */
    snprintf(f->cfg.trusted_key[1], CONFIG_PATH_MAX, "%s", f->pub2);
    f->cfg.ntrusted_key = 2;
    assert_int_equal(import(f), K_OK);
    assert_int_equal(f->res.is_signed, 1);
}

static void
a_file_changed_after_signing_is_refused(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key), K_OK);
    tu_write(f->stick, "newskiosk/articles/0002.txt", "---\nimage: images/p.png\n---\nTwo!\nS.\n", -1);
    expect_refused(f, "articles/0002.txt", "hash");
    assert_int_equal(sign(f, f->key), K_OK);
    tu_write(f->stick, "newskiosk/images/p.png", "EVIL", -1);
    expect_refused(f, "images/p.png", "hash");
}

static void
an_unlisted_file_is_refused(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key), K_OK);
    tu_write(f->stick, "newskiosk/articles/0003.txt", "Smuggled\nS.\n", -1);
    expect_refused(f, "articles/0003.txt", "not listed");
}

static void
a_listed_file_that_is_missing_is_refused(void **state)
{
    Fix *f = *state;
    char *before;
    assert_int_equal(sign(f, f->key), K_OK);
    remove(tu_path(f->stick, "newskiosk/articles/0001.txt"));
    before = tu_dump(f->db);
    assert_int_equal(import(f), K_EIO);
    assert_string_equal(f->err.file, "articles/0001.txt");
    free(before);
}

static void
an_older_signed_bundle_cannot_roll_back(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key), K_OK);
    assert_int_equal(import(f), K_OK);
    /* An "old stick": same key, created earlier than what is installed. */
    tu_write(f->stick, "newskiosk/articles/0001.txt", "Old news\nS.\n", -1);
    assert_int_equal(sign(f, f->key), K_OK);
    sqlite3 *db;
    sqlite3_open(f->db, &db);
    sqlite3_exec(db, "UPDATE bundles SET created='2999-01-01T00:00:00Z'", NULL, NULL, NULL);
    sqlite3_close(db);
    expect_refused(f, "manifest.json", "roll the kiosk back");
}

static void
a_garbage_signature_file_is_refused(void **state)
{
    Fix *f = *state;
    assert_int_equal(sign(f, f->key), K_OK);
    tu_write(f->stick, "newskiosk/manifest.sig", "\x01\x02garbage", -1);
    expect_refused(f, "manifest.sig", "not a newskiosk signature");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(keygen_writes_a_private_key_only_the_owner_reads),
        T(a_signed_bundle_imports),
        T(a_signed_bundle_gets_no_fingerprint),
        T(unsigned_bundle_is_refused_when_keys_are_trusted),
        T(a_changed_manifest_is_a_bad_signature),
        T(a_signature_by_an_untrusted_key_is_refused),
        T(a_file_changed_after_signing_is_refused),
        T(an_unlisted_file_is_refused),
        T(a_listed_file_that_is_missing_is_refused),
        T(an_older_signed_bundle_cannot_roll_back),
        T(a_garbage_signature_file_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
