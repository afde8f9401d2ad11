/* SPDX-License-Identifier: MIT
 * utf8.c - see utf8.h. Strict decoding per RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c, min;
    size_t n, i;

    if (len == 0) {
        *cp = UTF8_REPLACEMENT;
        return 0;
    }
    c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2; c &= 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3; c &= 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4; c &= 0x07; min = 0x10000;
    } else {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    for (i = 1; i < n; i++) {
        /* A truncated or broken sequence consumes only the bytes that
         * belong to it, so the next character is not swallowed. */
        if (i >= len || (u[i] & 0xC0) != 0x80) {
            *cp = UTF8_REPLACEMENT;
            return i;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = UTF8_REPLACEMENT;
        return n;
    }
    *cp = c;
    return n;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Like utf8_decode, but tells a genuine U+FFFD in the text from a repair. */
static size_t
decode_checked(const char *s, size_t len, uint32_t *cp, int *bad)
{
    size_t n = utf8_decode(s, len, cp);

    *bad = (*cp == UTF8_REPLACEMENT &&
            !(n == 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBF &&
              (unsigned char)s[2] == 0xBD));
    return n;
}

int
utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;
    int bad;

    while (i < len) {
        i += decode_checked(s + i, len - i, &cp, &bad);
        if (bad)
            return 0;
    }
    return 1;
}

char *
utf8_repair(const char *s, size_t len, size_t *nbad)
{
    /* Each invalid byte becomes at most 3 bytes. */
    char *out, *o;
    size_t i = 0, bad_count = 0;
    uint32_t cp;
    int bad;

    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    out = malloc(len * 3 + 1);
    if (out == NULL)
        return NULL;
    o = out;
    while (i < len) {
        /* Runs of ASCII, most of an article in most languages, eight
         * bytes at a time: the byte-by-byte decode was a tenth of an
         * import's CPU */
        if ((unsigned char)s[i] < 0x80) {
            size_t j = i + 1;
            while (j + 8 <= len) {
                uint64_t w;
                memcpy(&w, s + j, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                j += 8;
            }
            while (j < len && (unsigned char)s[j] < 0x80)
                j++;
            memcpy(o, s + i, j - i);
            o += j - i;
            i = j;
            continue;
        }
        size_t n = decode_checked(s + i, len - i, &cp, &bad);
        if (bad) {
            bad_count++;
            o += utf8_encode(UTF8_REPLACEMENT, o);
        } else {
            for (size_t k = 0; k < n; k++)
                *o++ = s[i + k];
        }
        i += n;
    }
    *o = '\0';
    if (nbad)
        *nbad = bad_count;
    return out;
}

int
utf8_is_cjk_breakable(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FDF) ||   /* CJK radicals */
           (cp >= 0x3000 && cp <= 0x303F) ||   /* CJK symbols and punctuation */
           (cp >= 0x3040 && cp <= 0x30FF) ||   /* hiragana, katakana */
           (cp >= 0x3100 && cp <= 0x312F) ||   /* bopomofo */
           (cp >= 0x31F0 && cp <= 0x31FF) ||   /* katakana extensions */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* CJK extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK unified ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0xFF00 && cp <= 0xFF60) ||   /* fullwidth forms */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* supplementary ideographs */
}
