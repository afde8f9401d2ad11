/* SPDX-License-Identifier: MIT
 *
 * theme.c - the UI's colours: the normal dark theme and the high-contrast
 * one (cfg.high_contrast), and a stable colour per category name. Read
 * theme_init. See ui_private.h.
 */
#include <stdint.h>

#include "ui_private.h"

/* Fill t with the colours of the normal theme, or of the high-contrast one
 * when high_contrast. */
void
theme_init(Theme *t, int high_contrast)
{
    t->contrast = high_contrast;
    if (high_contrast) {
        t->bg = 0xFF000000; t->bar = 0xFF000000; t->surface = 0xFF1A1A1A;
        t->text = 0xFFFFFFFF; t->text2 = 0xFFFFFFFF; t->muted = 0xFFE0E0E0;
        t->accent = 0xFFFFD400; t->divider = 0xFFFFFFFF; t->on_label = 0xFF000000;
        t->thumb = 0xFF9A9A9A;
        t->dot = 0xFF6E6E6E;
        t->pressed = 0xFF4A4A4A;
    } else {
        t->bg = 0xFF12161C; t->bar = 0xFF0B0E12; t->surface = 0xFF1F2630;
        t->text = 0xFFF3F5F8; t->text2 = 0xFFC3CAD4; t->muted = 0xFF8A94A3;
        t->accent = 0xFFF5B83D; t->divider = 0xFF2C3440; t->on_label = 0xFF12161C;
        t->thumb = 0xFF667182;
        t->dot = 0xFF343D4A;
        t->pressed = 0xFF313B49;
    }
    t->dim = 0xB4000000;
}

/* A stable colour per category name, so a reader learns them. */
Color
theme_category_color(const Theme *t, const char *cat)
{
    static const Color palette[] = {
        0xFFF5B83D, 0xFF5EC4F2, 0xFF7FCB86, 0xFFFF8C69,
        0xFFC18DE0, 0xFF4DC2B4, 0xFFF27BA6, 0xFFB5D96B,
    };
    uint32_t h = 2166136261u;

    if (t->contrast)
        return t->accent;
    for (const unsigned char *p = (const unsigned char *)cat; *p; p++)
        h = (h ^ *p) * 16777619u;
    return palette[h % (sizeof palette / sizeof palette[0])];
}
