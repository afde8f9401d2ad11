/* SPDX-License-Identifier: MIT
 *
 * unitext.h - the Unicode algorithms that set text the way typesetters do:
 * line break opportunities (UAX #14, with dictionary breaking for Thai, Lao,
 * Khmer and Burmese), grapheme clusters (UAX #29), the bidirectional
 * algorithm (UAX #9) and script itemisation (UAX #24).
 *
 * unitext.c implements them with ICU (libicuuc), the library Chromium,
 * Android and LibreOffice set text with. This header is libc-only, so the
 * pure core (layout.c) and the backends (plat_*.c) share one answer without
 * seeing ICU: what layout measures and what a backend draws are cut into the
 * same runs. Byte offsets everywhere are into the caller's UTF-8; invalid
 * bytes count as U+FFFD, as utf8_decode() reads them.
 *
 * Single-threaded: the module keeps one break iterator of each kind, opened
 * on first use and kept for the life of the process (unitext_shutdown()
 * releases them, for leak checkers).
 */
#ifndef KIOSK_UNITEXT_H
#define KIOSK_UNITEXT_H

#include <stddef.h>
#include <stdint.h>

enum {
    UNITEXT_NO_BREAK = 0,
    UNITEXT_BREAK = 1,      /* a line may break before this byte */
    UNITEXT_HARD = 2,       /* a line must break before this byte (after '\n', U+2028...) */
};

/* Line break opportunities of s[0..len) (one paragraph or more), in logical
 * order. brk must hold len + 1 bytes; on K_OK brk[i] is UNITEXT_BREAK or
 * UNITEXT_HARD where a line may or must start at byte i, else
 * UNITEXT_NO_BREAK (always so inside a code point, and at 0). brk[len] is
 * UNITEXT_HARD. 'lang' (BCP 47 such as "th", "ja", NULL = none) tunes the
 * rules; Korean ("ko") keeps Hangul words whole and breaks at spaces.
 * Returns K_OK, or K_ENOMEM / K_EIO (brk then marks only the spaces). */
int unitext_line_breaks(const char *s, size_t len, const char *lang, unsigned char *brk);

/* Grapheme cluster starts: brk (len + 1 bytes) gets 1 where an extended
 * grapheme cluster (a letter with its marks, a syllable, an emoji sequence)
 * starts, 0 elsewhere; brk[len] = 1. Returns K_OK or < 0 (then every code
 * point start is marked). */
int unitext_clusters(const char *s, size_t len, unsigned char *brk);

/* Direction of the first strong character of s[0..len): 1 right-to-left,
 * 0 left-to-right, -1 when there is none (digits, punctuation only). */
int unitext_first_strong(const char *s, size_t len);

/* 1 when 'lang' (a BCP 47 tag or a POSIX name: "ar", "fa-IR", "ur_PK") is
 * written right to left, else 0 (also for NULL and ""). */
int unitext_lang_rtl(const char *lang);

/* A script as its ISO 15924 tag packed big-endian: 'Arab' = 0x41726162.
 * UNITEXT_ZYYY (Common) for a run of digits, punctuation and spaces only. */
#define UNITEXT_TAG(a, b, c, d) \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define UNITEXT_ZYYY UNITEXT_TAG('Z', 'y', 'y', 'y')

/* One run of a line: one direction and one script, bytes [off, off+len). */
typedef struct TextRun {
    size_t off, len;
    int rtl;            /* shape right to left */
    uint32_t script;    /* UNITEXT_TAG */
} TextRun;

/* Cut one line s[0..len) into runs of one bidi level direction and one
 * script each, in VISUAL order (left to right on the screen), after the
 * bidi algorithm with paragraph direction base: 1 right-to-left, 0
 * left-to-right, -1 from the first strong character. Characters of the
 * Common and Inherited scripts (spaces, digits, marks) join the run they
 * sit in. On success returns the run count (0 for an empty line) and sets
 * *runs (free with free()); K_ENOMEM or K_EIO on failure (*runs NULL). */
int unitext_runs(const char *s, size_t len, int base, TextRun **runs);

/* The script of code point cp (UNITEXT_TAG; Common and Inherited included). */
uint32_t unitext_script(uint32_t cp);

/* A language that is written in script (UNITEXT_TAG), to ask a font
 * matcher for fonts of that script: "ar" for 'Arab', "hi" for 'Deva'...;
 * NULL when none is known. */
const char *unitext_script_lang(uint32_t script);

/* The script's English name ("Myanmar", "Ethiopic"), or the tag itself
 * when ICU has none; into buf (size >= 5). Returns buf. */
const char *unitext_script_name(uint32_t script, char *buf, size_t size);

/* 1 for a code point that draws nothing of its own and should not decide a
 * font (joiners, variation selectors, bidi controls, line separators). */
int unitext_is_ignorable(uint32_t cp);

/* Release the cached break iterators (NULL-safe to call more than once). */
void unitext_shutdown(void);

#endif
