/* SPDX-License-Identifier: MIT
 *
 * fake_metrics.h - a fixed-width Metrics for core tests: every character is
 * half the font size wide, wide (CJK, Hangul) ones the full size; a line is
 * 5/4 of the size tall. Header-only: each test binary includes it once.
 */
#ifndef KIOSK_FAKE_METRICS_H
#define KIOSK_FAKE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/draw.h"
#include "core/layout.h"
#include "core/utf8.h"

static int fake_calls;

static int
fake_is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF00 && cp <= 0xFF60);
}

static int
fake_width(void *ctx, int font, const char *s, size_t len)
{
    int w = 0, px = FONT_PX(font);
    size_t i = 0;

    (void)ctx;
    fake_calls++;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (cp != '\n')
            w += fake_is_wide(cp) ? px : px / 2;
    }
    return w;
}

static int
fake_line_height(void *ctx, int font)
{
    (void)ctx;
    return FONT_PX(font) * 5 / 4;
}

static const Metrics fake_metrics = {NULL, fake_width, fake_line_height};

#endif
