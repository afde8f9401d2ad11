/* SPDX-License-Identifier: MIT
 *
 * unitext.c - unitext.h on ICU: line breaking, grapheme clusters, bidi and
 * scripts. Start reading at to_u16(): ICU works in UTF-16, so each call
 * converts the caller's UTF-8 once, keeping a map from UTF-16 units back to
 * byte offsets, and every answer is given in bytes.
 *
 * Why ICU rather than FriBiDi + libunibreak + libthai: one library answers
 * all four questions, its line breaker carries the dictionaries for Thai,
 * Lao, Khmer and Burmese (libthai covers Thai only, and Debian's libunibreak
 * is a 2012 release), and it is already on a Raspberry Pi OS install (libxml2
 * depends on it). Its data is a read-only mapping: pages that are not used
 * cost no memory.
 */
#include "unitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "../core/err.h"
#include "../core/utf8.h"

/* A text ICU can take: UTF-16 units and, for each, the byte it came from. */
typedef struct U16 {
    UChar *u;
    size_t *byte;       /* byte[i]: offset of unit i; byte[n] = len */
    int32_t n;
} U16;

static UBreakIterator *line_bi, *char_bi;

static void
u16_free(U16 *t)
{
    free(t->u);
    free(t->byte);
    memset(t, 0, sizeof *t);
}

/* Convert s[0..len) to UTF-16 with a unit -> byte map. Invalid bytes become
 * U+FFFD one sequence at a time, as utf8_decode() reads them, so offsets
 * agree with the rest of the kiosk. K_OK, K_ENOMEM, or K_EIO for a text
 * longer than ICU's int32 lengths. */
static int
to_u16(const char *s, size_t len, U16 *t)
{
    memset(t, 0, sizeof *t);
    if (len > (size_t)INT32_MAX / 2)
        return K_EIO;
    /* a code point takes at most as many UTF-16 units as it has bytes */
    t->u = malloc((len + 1) * sizeof *t->u);
    t->byte = malloc((len + 1) * sizeof *t->byte);
    if (t->u == NULL || t->byte == NULL) {
        u16_free(t);
        return K_ENOMEM;
    }
    size_t i = 0;
    int32_t n = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (cp >= 0x10000) {
            t->byte[n] = i;
            t->u[n++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
            t->byte[n] = i;
            t->u[n++] = (UChar)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            t->byte[n] = i;
            t->u[n++] = (UChar)cp;
        }
        i += k;
    }
    t->byte[n] = len;
    t->u[n] = 0;
    t->n = n;
    return K_OK;
}

static int
is_hangul(uint32_t cp)
{
    return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
           (cp >= 0x3130 && cp <= 0x318F);
}

/* Breaks at spaces only, for when ICU cannot help. */
static void
space_breaks(const char *s, size_t len, unsigned char *brk)
{
    memset(brk, 0, len + 1);
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == ' ' && s[i + 1] != ' ')
            brk[i + 1] = UNITEXT_BREAK;
        else if (s[i] == '\n')
            brk[i + 1] = UNITEXT_HARD;
    brk[len] = UNITEXT_HARD;
}

int
unitext_line_breaks(const char *s, size_t len, const char *lang, unsigned char *brk)
{
    UErrorCode st = U_ZERO_ERROR;
    U16 t;
    int rc;

    (void)lang;
    if ((rc = to_u16(s, len, &t)) != K_OK) {
        space_breaks(s, len, brk);
        return rc;
    }
    if (line_bi == NULL)
        line_bi = ubrk_open(UBRK_LINE, "", NULL, 0, &st);
    if (line_bi)
        ubrk_setText(line_bi, t.u, t.n, &st);
    if (line_bi == NULL || U_FAILURE(st)) {
        u16_free(&t);
        space_breaks(s, len, brk);
        return K_EIO;
    }
    memset(brk, 0, len + 1);
    for (int32_t p = ubrk_first(line_bi); p != UBRK_DONE; p = ubrk_next(line_bi)) {
        if (p <= 0 || p > t.n)
            continue;
        int32_t status = ubrk_getRuleStatus(line_bi);
        size_t b = t.byte[p];
        /* Korean is set with spaces between words: keep a Hangul word whole
         * (CSS word-break: keep-all), as a Korean reader expects. */
        if (p < t.n && status < UBRK_LINE_HARD && is_hangul(t.u[p]) && is_hangul(t.u[p - 1]))
            continue;
        brk[b] = status >= UBRK_LINE_HARD && status < UBRK_LINE_HARD_LIMIT ? UNITEXT_HARD
                                                                          : UNITEXT_BREAK;
    }
    brk[len] = UNITEXT_HARD;
    u16_free(&t);
    return K_OK;
}

int
unitext_clusters(const char *s, size_t len, unsigned char *brk)
{
    UErrorCode st = U_ZERO_ERROR;
    U16 t;
    int rc = to_u16(s, len, &t);

    if (rc == K_OK) {
        if (char_bi == NULL)
            char_bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &st);
        if (char_bi)
            ubrk_setText(char_bi, t.u, t.n, &st);
        if (char_bi == NULL || U_FAILURE(st))
            rc = K_EIO;
    }
    if (rc != K_OK) {
        u16_free(&t);
        memset(brk, 0, len + 1);
        for (size_t i = 0; i < len; i++)
            brk[i] = ((unsigned char)s[i] & 0xC0) != 0x80;
        brk[len] = 1;
        return rc;
    }
    memset(brk, 0, len + 1);
    for (int32_t p = ubrk_first(char_bi); p != UBRK_DONE; p = ubrk_next(char_bi))
        if (p >= 0 && p <= t.n)
            brk[t.byte[p]] = 1;
    brk[len] = 1;
    u16_free(&t);
    return K_OK;
}

int
unitext_first_strong(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        switch (u_charDirection((UChar32)cp)) {
        case U_LEFT_TO_RIGHT:
            return 0;
        case U_RIGHT_TO_LEFT:
        case U_RIGHT_TO_LEFT_ARABIC:
            return 1;
        default:
            break;
        }
    }
    return -1;
}

int
unitext_lang_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "ur", "he", "iw", "ps", "yi", "ckb", "sd",
                                      "ug", "dv", "syr", "ku-arab", "prs", "pnb", "ks"};
    char base[8];
    size_t n = 0;

    if (lang == NULL)
        return 0;
    while (lang[n] && lang[n] != '-' && lang[n] != '_' && n < sizeof base - 1) {
        base[n] = (char)(lang[n] >= 'A' && lang[n] <= 'Z' ? lang[n] + 32 : lang[n]);
        n++;
    }
    base[n] = '\0';
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (strcmp(base, rtl[i]) == 0)
            return 1;
    return 0;
}

uint32_t
unitext_script(uint32_t cp)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &st);
    const char *name = U_SUCCESS(st) ? uscript_getShortName(sc) : NULL;

    if (name == NULL || strlen(name) != 4)
        return UNITEXT_ZYYY;
    return UNITEXT_TAG(name[0], name[1], name[2], name[3]);
}

const char *
unitext_script_lang(uint32_t script)
{
    static const struct { uint32_t tag; const char *lang; } map[] = {
        {UNITEXT_TAG('L', 'a', 't', 'n'), "en"}, {UNITEXT_TAG('C', 'y', 'r', 'l'), "ru"},
        {UNITEXT_TAG('G', 'r', 'e', 'k'), "el"}, {UNITEXT_TAG('A', 'r', 'a', 'b'), "ar"},
        {UNITEXT_TAG('H', 'e', 'b', 'r'), "he"}, {UNITEXT_TAG('D', 'e', 'v', 'a'), "hi"},
        {UNITEXT_TAG('B', 'e', 'n', 'g'), "bn"}, {UNITEXT_TAG('T', 'a', 'm', 'l'), "ta"},
        {UNITEXT_TAG('T', 'e', 'l', 'u'), "te"}, {UNITEXT_TAG('K', 'n', 'd', 'a'), "kn"},
        {UNITEXT_TAG('M', 'l', 'y', 'm'), "ml"}, {UNITEXT_TAG('G', 'u', 'j', 'r'), "gu"},
        {UNITEXT_TAG('G', 'u', 'r', 'u'), "pa"}, {UNITEXT_TAG('O', 'r', 'y', 'a'), "or"},
        {UNITEXT_TAG('S', 'i', 'n', 'h'), "si"}, {UNITEXT_TAG('T', 'h', 'a', 'i'), "th"},
        {UNITEXT_TAG('L', 'a', 'o', 'o'), "lo"}, {UNITEXT_TAG('K', 'h', 'm', 'r'), "km"},
        {UNITEXT_TAG('M', 'y', 'm', 'r'), "my"}, {UNITEXT_TAG('E', 't', 'h', 'i'), "am"},
        {UNITEXT_TAG('H', 'a', 'n', 'i'), "zh-cn"}, {UNITEXT_TAG('H', 'i', 'r', 'a'), "ja"},
        {UNITEXT_TAG('K', 'a', 'n', 'a'), "ja"}, {UNITEXT_TAG('H', 'a', 'n', 'g'), "ko"},
        {UNITEXT_TAG('A', 'r', 'm', 'n'), "hy"}, {UNITEXT_TAG('G', 'e', 'o', 'r'), "ka"},
        {UNITEXT_TAG('T', 'i', 'b', 't'), "bo"}, {UNITEXT_TAG('T', 'h', 'a', 'a'), "dv"},
        {UNITEXT_TAG('S', 'y', 'r', 'c'), "syr"}, {UNITEXT_TAG('C', 'h', 'e', 'r'), "chr"},
        {UNITEXT_TAG('Y', 'i', 'i', 'i'), "ii"}, {UNITEXT_TAG('C', 'a', 'n', 's'), "iu"},
        {UNITEXT_TAG('M', 'o', 'n', 'g'), "mn-cn"}, {UNITEXT_TAG('T', 'f', 'n', 'g'), "ber-ma"},
        {UNITEXT_TAG('N', 'k', 'o', 'o'), "nqo"}, {UNITEXT_TAG('O', 'l', 'c', 'k'), "sat"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].tag == script)
            return map[i].lang;
    return NULL;
}

const char *
unitext_script_name(uint32_t script, char *buf, size_t size)
{
    char tag[5] = {(char)(script >> 24), (char)(script >> 16), (char)(script >> 8), (char)script,
                   0};
    int32_t code = u_getPropertyValueEnum(UCHAR_SCRIPT, tag);
    const char *name = code >= 0 ? uscript_getName((UScriptCode)code) : NULL;

    snprintf(buf, size, "%s", name ? name : tag);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

int
unitext_is_ignorable(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\t' || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE01EF);
}

static int
weak_script(uint32_t tag)
{
    return tag == UNITEXT_ZYYY || tag == UNITEXT_TAG('Z', 'i', 'n', 'h') ||
           tag == UNITEXT_TAG('Z', 'z', 'z', 'z');
}

/* Append to *v the script runs of logical units [a, b) of t, one direction:
 * Common and Inherited characters take the script before them (or, at the
 * start, the one after). In an RTL run they are appended in reverse, so
 * that the whole array reads in visual order. */
static int
script_runs(const U16 *t, int32_t a, int32_t b, int rtl, TextRun **v, int *n, int *cap)
{
    int first = *n;

    for (int32_t i = a; i < b;) {
        UChar32 cp;
        int32_t j = i;
        U16_NEXT(t->u, j, b, cp);
        uint32_t sc = unitext_script((uint32_t)cp);
        if (*n > first && (weak_script(sc) || (*v)[*n - 1].script == sc)) {
            (*v)[*n - 1].len = t->byte[j] - (*v)[*n - 1].off;
        } else if (*n > first && weak_script((*v)[*n - 1].script)) {
            /* leading Common characters take the first real script */
            (*v)[*n - 1].script = sc;
            (*v)[*n - 1].len = t->byte[j] - (*v)[*n - 1].off;
        } else {
            if (*n == *cap) {
                int nc = *cap ? *cap * 2 : 8;
                TextRun *nv = realloc(*v, (size_t)nc * sizeof *nv);
                if (nv == NULL)
                    return K_ENOMEM;
                *v = nv;
                *cap = nc;
            }
            (*v)[(*n)++] = (TextRun){t->byte[i], t->byte[j] - t->byte[i], rtl, sc};
        }
        i = j;
    }
    if (rtl)
        for (int l = first, r = *n - 1; l < r; l++, r--) {
            TextRun tmp = (*v)[l];
            (*v)[l] = (*v)[r];
            (*v)[r] = tmp;
        }
    return K_OK;
}

int
unitext_runs(const char *s, size_t len, int base, TextRun **runs)
{
    UErrorCode st = U_ZERO_ERROR;
    UBiDi *bidi = NULL;
    TextRun *v = NULL;
    int n = 0, cap = 0;
    U16 t;
    int rc = to_u16(s, len, &t);

    *runs = NULL;
    if (rc != K_OK)
        return rc;
    if (t.n == 0) {
        u16_free(&t);
        return 0;
    }
    rc = K_EIO;
    bidi = ubidi_openSized(t.n, 0, &st);
    if (bidi == NULL || U_FAILURE(st))
        goto fail;
    ubidi_setPara(bidi, t.u, t.n,
                  (UBiDiLevel)(base == 1 ? 1 : base == 0 ? 0 : UBIDI_DEFAULT_LTR), NULL, &st);
    if (U_FAILURE(st))
        goto fail;
    int32_t nruns = ubidi_countRuns(bidi, &st);
    if (U_FAILURE(st))
        goto fail;
    for (int32_t i = 0; i < nruns; i++) {
        int32_t start, length;
        UBiDiDirection d = ubidi_getVisualRun(bidi, i, &start, &length);
        rc = script_runs(&t, start, start + length, d == UBIDI_RTL, &v, &n, &cap);
        if (rc != K_OK)
            goto fail;
    }
    *runs = v;
    v = NULL;
    rc = n;
fail:
    ubidi_close(bidi);
    free(v);
    u16_free(&t);
    return rc;
}

void
unitext_shutdown(void)
{
    ubrk_close(line_bi);
    ubrk_close(char_bi);
    line_bi = char_bi = NULL;
}
