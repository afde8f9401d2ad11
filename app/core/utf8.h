/* SPDX-License-Identifier: MIT
 *
 * utf8.h - small UTF-8 helpers: decode, validate/repair, classify for wrapping.
 * libc only.
 */
#ifndef KIOSK_UTF8_H
#define KIOSK_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decode one code point from s[0..len). Sets *cp (U+FFFD on an invalid or
 * truncated sequence, overlong forms and surrogates included) and returns
 * the number of bytes consumed (>= 1 when len > 0, 0 when len == 0). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp into out (at least 4 bytes). Returns the byte count (1..4). */
size_t utf8_encode(uint32_t cp, char *out);

/* 1 if s[0..len) is valid UTF-8. */
int utf8_valid(const char *s, size_t len);

/* Copy s[0..len) into a new NUL-terminated buffer with every invalid
 * sequence replaced by U+FFFD. *nbad (may be NULL) gets the number of
 * replacements. Returns NULL when out of memory; free with free(). */
char *utf8_repair(const char *s, size_t len, size_t *nbad);

/* 1 when a line may break between any two characters of this script
 * (CJK ideographs, kana, fullwidth forms); Hangul is broken at spaces. */
int utf8_is_cjk_breakable(uint32_t cp);

#endif
