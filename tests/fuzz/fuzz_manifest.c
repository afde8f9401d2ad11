/* SPDX-License-Identifier: MIT
 * fuzz_manifest.c - libFuzzer target: any bytes as manifest.json, and the
 * signature path: the same bytes split into a manifest.sig line and the
 * data it claims to sign, checked against a fixed trusted key. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/manifest.h"
#include "bundle/safefs.h"
#include "bundle/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Manifest m;
    Err e;
    SignPub key;
    int which = -1;

    if (manifest_parse((const char *)data, size, 1000, 5, &m, &e) == K_OK) {
        for (size_t i = 0; i < m.nfiles; i++)
            if (!safefs_path_ok(m.files[i].path, 5) || strlen(m.files[i].sha256) != 64)
                abort();
        char *again = manifest_format(&m);
        free(again);
        manifest_free(&m);
    }

    /* Signature: first line is the .sig text, the rest the manifest bytes. */
    memset(&key, 0, sizeof key);
    memset(key.pk, 0x42, sizeof key.pk);
    memcpy(key.id, "4242424242424242", 17);
    const uint8_t *nl = memchr(data, '\n', size);
    size_t siglen = nl ? (size_t)(nl - data) : size;
    size_t rest = nl ? size - siglen - 1 : 0;
    if (sign_verify((const char *)data, siglen, nl ? nl + 1 : data, rest, &key, 1, &which, &e) == K_OK)
        abort();   /* forging an Ed25519 signature is not expected of a fuzzer */
    return 0;
}
