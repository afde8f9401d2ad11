/* SPDX-License-Identifier: MIT
 * sign.c - see sign.h. All cryptography is libsodium's; this file only
 * reads and writes the one-line text formats. */
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char PUB_TAG[] = "newskiosk-ed25519-pub";
static const char KEY_TAG[] = "newskiosk-ed25519-key";
static const char SIG_TAG[] = "newskiosk-ed25519-sig";

int
sign_init(void)
{
    return sodium_init() < 0 ? K_ESIG : K_OK;
}

void
sign_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void
sign_blake2b_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[32];

    crypto_generichash(h, sizeof h, data, len, NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

struct SignDigest {
    crypto_hash_sha256_state st;
};

SignDigest *
sign_digest_new(void)
{
    SignDigest *d = malloc(sizeof *d);

    if (d != NULL)
        crypto_hash_sha256_init(&d->st);
    return d;
}

void
sign_digest_update(SignDigest *d, const void *data, size_t len)
{
    crypto_hash_sha256_update(&d->st, data, len);
}

void
sign_digest_final_hex(SignDigest *d, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256_final(&d->st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void
sign_digest_free(SignDigest *d)
{
    free(d);
}

static void
key_id(const unsigned char pk[32], char id[17])
{
    sodium_bin2hex(id, 17, pk, 8);
}

void
sign_key_wipe(SignKey *k)
{
    sodium_memzero(k, sizeof *k);
}

/* Write 'text' to path with 'mode', failing if it exists. */
static int
write_new(const char *path, const char *text, mode_t mode, Err *err)
{
    size_t n = strlen(text);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);

    if (fd < 0)
        return err_setf(err, K_EIO, path, 0, "cannot create (%s)", strerror(errno));
    if (fchmod(fd, mode) != 0 || write(fd, text, n) != (ssize_t)n || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        return err_setf(err, K_EIO, path, 0, "cannot write (%s)", strerror(e));
    }
    close(fd);
    return K_OK;
}

int
sign_keygen(const char *name, Err *err)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char pkhex[65], skhex[129], line[512], keypath[1024], pubpath[1024];
    const char *base = strrchr(name, '/');
    int rc;

    base = base ? base + 1 : name;
    if (sign_init() != K_OK)
        return err_set(err, K_ESIG, "libsodium failed to initialise");
    if (snprintf(keypath, sizeof keypath, "%s.key", name) >= (int)sizeof keypath ||
        snprintf(pubpath, sizeof pubpath, "%s.pub", name) >= (int)sizeof pubpath || !*base ||
        strlen(base) > 100)
        return err_set(err, K_EUSAGE, "key name is too long or empty");
    if (access(keypath, F_OK) == 0 || access(pubpath, F_OK) == 0)
        return err_setf(err, K_EUSAGE, keypath, 0, "already exists; not overwriting a key");
    crypto_sign_keypair(pk, sk);
    sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
    sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
    snprintf(line, sizeof line, "%s %s %s\n", KEY_TAG, skhex, base);
    rc = write_new(keypath, line, 0600, err);
    sodium_memzero(line, sizeof line);
    sodium_memzero(skhex, sizeof skhex);
    sodium_memzero(sk, sizeof sk);
    if (rc != K_OK)
        return rc;
    snprintf(line, sizeof line, "%s %s %s\n", PUB_TAG, pkhex, base);
    if ((rc = write_new(pubpath, line, 0644, err)) != K_OK)
        unlink(keypath);
    return rc;
}

/* Read a small one-line file. */
static int
read_line(const char *path, char *buf, size_t size, Err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat sb;
    ssize_t n;

    if (fd < 0)
        return err_setf(err, K_EUSAGE, path, 0, "cannot open key (%s)", strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size >= (off_t)size) {
        close(fd);
        return err_setf(err, K_EUSAGE, path, 0, "is not a newskiosk key file");
    }
    n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return err_setf(err, K_EUSAGE, path, 0, "cannot read key (%s)", strerror(errno));
    buf[n] = '\0';
    return K_OK;
}

/* "TAG HEX ..." -> bytes; 0 on success. */
static int
parse_tagged(const char *line, const char *tag, unsigned char *out, size_t outlen)
{
    size_t tl = strlen(tag), hexlen = outlen * 2, got = 0;

    if (strncmp(line, tag, tl) != 0 || line[tl] != ' ')
        return -1;
    line += tl + 1;
    if (strlen(line) < hexlen)
        return -1;
    if (sodium_hex2bin(out, outlen, line, hexlen, NULL, &got, NULL) != 0 || got != outlen)
        return -1;
    return 0;
}

int
sign_load_pub(const char *path, SignPub *out, Err *err)
{
    char buf[512];
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = read_line(path, buf, sizeof buf, err)) != K_OK)
        return rc;
    if (parse_tagged(buf, PUB_TAG, out->pk, sizeof out->pk) != 0)
        return err_setf(err, K_EUSAGE, path, 1, "is not a newskiosk public key (made by keygen)");
    key_id(out->pk, out->id);
    snprintf(out->path, sizeof out->path, "%s", path);
    return K_OK;
}

int
sign_load_key(const char *path, SignKey *out, Err *err)
{
    char buf[512];
    int rc;

    memset(out, 0, sizeof *out);
    if (sign_init() != K_OK)
        return err_set(err, K_ESIG, "libsodium failed to initialise");
    if ((rc = read_line(path, buf, sizeof buf, err)) != K_OK)
        return rc;
    rc = parse_tagged(buf, KEY_TAG, out->sk, sizeof out->sk);
    sodium_memzero(buf, sizeof buf);
    if (rc != 0)
        return err_setf(err, K_EUSAGE, path, 1, "is not a newskiosk secret key (made by keygen)");
    /* The secret key's second half is the public key. */
    key_id(out->sk + 32, out->id);
    return K_OK;
}

int
sign_data(const SignKey *k, const void *data, size_t len, char *out, size_t size, Err *err)
{
    unsigned char sig[crypto_sign_BYTES];
    char hex[crypto_sign_BYTES * 2 + 1];

    if (crypto_sign_detached(sig, NULL, data, len, k->sk) != 0)
        return err_set(err, K_ESIG, "signing failed");
    sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
    if (snprintf(out, size, "%s %s %s\n", SIG_TAG, k->id, hex) >= (int)size)
        return err_set(err, K_ESIG, "signature buffer too small");
    return K_OK;
}

int
sign_verify(const char *sig, size_t siglen, const void *data, size_t len, const SignPub *keys,
            int nkeys, int *which, Err *err)
{
    char line[300], id[17];
    unsigned char raw[crypto_sign_BYTES];
    size_t got = 0, tl = strlen(SIG_TAG);

    if (sign_init() != K_OK)
        return err_set(err, K_ESIG, "libsodium failed to initialise");
    if (siglen >= sizeof line || memchr(sig, '\0', siglen) != NULL)
        return err_setf(err, K_ESIG, "manifest.sig", 0, "is not a newskiosk signature");
    memcpy(line, sig, siglen);
    line[siglen] = '\0';
    if (strncmp(line, SIG_TAG, tl) != 0 || line[tl] != ' ' || strlen(line) < tl + 1 + 16 + 1 + 128 ||
        line[tl + 17] != ' ')
        return err_setf(err, K_ESIG, "manifest.sig", 1, "is not a newskiosk signature");
    memcpy(id, line + tl + 1, 16);
    id[16] = '\0';
    if (sodium_hex2bin(raw, sizeof raw, line + tl + 18, 128, NULL, &got, NULL) != 0 ||
        got != sizeof raw)
        return err_setf(err, K_ESIG, "manifest.sig", 1, "is not a newskiosk signature");
    for (int i = 0; i < nkeys; i++) {
        if (strcmp(keys[i].id, id) != 0)
            continue;
        if (crypto_sign_verify_detached(raw, data, len, keys[i].pk) != 0)
            return err_setf(err, K_ESIG, "manifest.sig", 0,
                            "bad signature: manifest.json was changed after it was signed "
                            "(key %s)", id);
        *which = i;
        return K_OK;
    }
    return err_setf(err, K_ESIG, "manifest.sig", 0,
                    "signed by key %s, which this kiosk does not trust", id);
}
