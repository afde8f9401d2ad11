/* SPDX-License-Identifier: MIT
 *
 * sign.h - Ed25519 keys and signatures (libsodium), and SHA-256.
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

/* Zero secret material. */
void sign_key_wipe(SignKey *k);

#endif
