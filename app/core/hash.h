/* SPDX-License-Identifier: MIT
 *
 * hash.h - the one non-cryptographic hash: 64-bit FNV-1a, for hash tables
 * and caches (never for anything a stick could exploit by collision; the
 * bundle digests are libsodium's, in app/bundle/sign.h).
 *
 *     uint64_t h = hash_fnv1a(HASH_FNV1A_SEED ^ font, s, len);
 *
 * A seed other than HASH_FNV1A_SEED folds extra key parts (a font, a
 * colour) into the hash before the bytes. Header-only: C11 and libc.
 */
#ifndef KIOSK_HASH_H
#define KIOSK_HASH_H

#include <stddef.h>
#include <stdint.h>

/* the FNV-1a 64-bit offset basis (the copies this replaced had lost its last
 * digit, 1469598103934665603: a fine seed, but not FNV-1a) */
#define HASH_FNV1A_SEED 14695981039346656037ull
#define HASH_FNV1A_PRIME 1099511628211ull

/* FNV-1a of len bytes at data, continuing from h (HASH_FNV1A_SEED to start). */
static inline uint64_t
hash_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * HASH_FNV1A_PRIME;
    return h;
}

/* FNV-1a of the NUL-terminated string s. */
static inline uint64_t
hash_str(const char *s)
{
    uint64_t h = HASH_FNV1A_SEED;

    while (*s)
        h = (h ^ (unsigned char)*s++) * HASH_FNV1A_PRIME;
    return h;
}

#endif
