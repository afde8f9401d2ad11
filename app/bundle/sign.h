/* SPDX-License-Identifier: MIT
 *
 * sign.h - Ed25519 keys and signatures, SHA-256 and BLAKE2b: every use of
 * libsodium goes through here (scripts/check-seams.sh holds it to
 * app/bundle/sign.c). The header itself is libc-only.
 *
 * Files are one text line each, so an operator can see what they hold:
 *   NAME.pub       "newskiosk-ed25519-pub <64 hex> <name>"
 *   NAME.key       "newskiosk-ed25519-key <128 hex> <name>"   (mode 0600)
 *   manifest.sig   "newskiosk-ed25519-sig <16 hex key id> <128 hex signature>"
 * The key id is the first 8 bytes of the public key, in hex; it only picks
 * which trusted key to check with, it proves nothing by itself.
 */
#ifndef KIOSK_SIGN_H
#define KIOSK_SIGN_H

#include <stddef.h>

#include "../core/err.h"

typedef struct SignPub {
    unsigned char pk[32];
    char id[17];          /* key id, hex */
    char path[256];       /* where it was loaded from, for messages */
} SignPub;

typedef struct SignKey {
    unsigned char sk[64];
    char id[17];
} SignKey;

/* Initialise libsodium (idempotent). K_OK or K_ESIG. */
int sign_init(void);

/* Write NAME.key (0600, refusing to overwrite) and NAME.pub. */
int sign_keygen(const char *name, Err *err);

int sign_load_pub(const char *path, SignPub *out, Err *err);
int sign_load_key(const char *path, SignKey *out, Err *err);

/* Sign data; writes the manifest.sig line (with newline) into out. */
int sign_data(const SignKey *k, const void *data, size_t len, char *out, size_t size, Err *err);

/* Check the manifest.sig text against data with the trusted keys. On
 * success returns K_OK and *which = index of the key. Otherwise K_ESIG with
 * err saying which case: malformed signature file, signed by a key this
 * kiosk does not trust (naming its id), or a bad signature (manifest
 * changed after signing). */
int sign_verify(const char *sig, size_t siglen, const void *data, size_t len,
                const SignPub *keys, int nkeys, int *which, Err *err);

/* SHA-256 of data as 64 lowercase hex digits + NUL. */
void sign_sha256_hex(const void *data, size_t len, char out[65]);

/* BLAKE2b (32 bytes) of data as 64 lowercase hex digits + NUL: the kiosk's
 * own content hash for the bundle digest, three times faster than SHA-256
 * over a big stick. Call sign_init() first. */
void sign_blake2b_hex(const void *data, size_t len, char out[65]);

/* A SHA-256 computed piece by piece (the bundle digest). Opaque:
 * sign_digest_new() starts one (NULL when out of memory; sign_init() must
 * have succeeded), sign_digest_update() adds bytes, sign_digest_final_hex()
 * writes 64 hex digits + NUL and may be called once, sign_digest_free()
 * frees it (NULL is harmless). */
typedef struct SignDigest SignDigest;
SignDigest *sign_digest_new(void);
void sign_digest_update(SignDigest *d, const void *data, size_t len);
void sign_digest_final_hex(SignDigest *d, char out[65]);
void sign_digest_free(SignDigest *d);

/* Zero secret material. */
void sign_key_wipe(SignKey *k);

#endif
