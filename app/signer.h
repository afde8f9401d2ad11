/* SPDX-License-Identifier: MIT
 *
 * signer.h - `newskiosk sign`: hash every file of a bundle folder into
 * manifest.json and sign it with an Ed25519 key (manifest.sig).
 */
#ifndef KIOSK_SIGNER_H
#define KIOSK_SIGNER_H

#include "core/config.h"
#include "core/err.h"

/* Sign the bundle at path (mount point or newskiosk/ folder) in place with
 * the secret key at keypath. Keeps an existing manifest's id, title and
 * mode; sets "created" to now (UTC) so the kiosk's roll-back check orders
 * editions by when they were signed. *nfiles gets the count listed. */
int signer_sign_bundle(const char *keypath, const char *path, const Config *cfg, int *nfiles,
                       char *key_id, Err *err);

#endif
