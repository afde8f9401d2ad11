/* SPDX-License-Identifier: MIT
 *
 * text.h - the text engine every backend shares: font faces (the kiosk's
 * DejaVu Sans, the config's `font =` files, fontconfig for other scripts),
 * lines cut into parts of one direction, script and face (unitext.h), shaped
 * and measured with SDL2_ttf, and a line rendered into a new ARGB8888
 * surface.
 *
 * It uses no SDL video: SDL_ttf draws into SDL_Surfaces, which need neither
 * SDL_Init nor a window, so a framebuffer backend (plat_fb*.c) sets text with
 * exactly the widths and pixels the SDL backend does, and layout measures
 * through text_metrics() the same on both. scripts/check-seams.sh keeps
 * windows, renderers and textures out of this file.
 *
 * Call order: text_open, any calls, text_close. Single-threaded. Fonts are
 * FONT_MAKE(px, bold) (draw.h); text is UTF-8, not NUL-terminated.
 */
#ifndef KIOSK_PLAT_TEXT_H
#define KIOSK_PLAT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/draw.h"
#include "../core/err.h"
#include "../core/layout.h"

struct SDL_Surface;

typedef struct TextEngine TextEngine;

/* Open SDL_ttf and the kiosk's faces: DejaVu Sans regular and bold (found in
 * $NEWSKIOSK_FONT_DIR, KIOSK_DATADIR/fonts, assets/fonts or the system's
 * DejaVu folder; a missing bold is drawn emboldened), then fonts[0..nfonts)
 * (config `font =`, preferred for what they cover; unreadable ones are
 * logged and skipped). fontconfig is asked only when a script needs a face.
 * Returns NULL and fills err (K_EIO) when there is no usable font, K_ENOMEM
 * when out of memory. Close with text_close. */
TextEngine *text_open(const char *const *fonts, int nfonts, Err *err);

/* Close the faces, SDL_ttf and fontconfig (NULL-safe). */
void text_close(TextEngine *te);

/* Layout's view of the engine (text_width, text_line_height); valid until
 * text_close. */
const Metrics *text_metrics(TextEngine *te);

/* Width in pixels of s[0..len) on one line in 'font', measured with its own
 * first strong direction (the width does not depend on the paragraph's).
 * Short strings are answered from a cache. */
int text_width(TextEngine *te, int font, const char *s, size_t len);

/* Distance in pixels from one baseline to the next in 'font'. */
int text_line_height(TextEngine *te, int font);

/* Render s[0..len) (plus "…" when ellipsis) in colour c (its alpha is
 * ignored: glyphs are opaque c on transparent) as one line: parts side by
 * side in visual order on one baseline; rtl is the paragraph's base
 * direction. *yoff gets how far above the line's top the picture starts
 * (a taller script's glyphs reach above the kiosk face's ascent): draw it
 * at (x, y - *yoff). Returns a new ARGB8888 surface (free with
 * SDL_FreeSurface), or NULL when there is nothing to draw or no memory. */
struct SDL_Surface *text_render(TextEngine *te, int font, Color c, const char *s, size_t len,
                                int ellipsis, int rtl, int *yoff);

/* How many code points of s[0..len) no face in the fallback chain has. */
int text_missing_glyphs(TextEngine *te, const char *s, size_t len);

/* Scripts of s[0..len) lacking a glyph in every face, added to
 * scripts[0..n) unless there (at most max); returns the new n. See
 * plat_unfonted_scripts. */
int text_unfonted_scripts(TextEngine *te, const char *s, size_t len, uint32_t *scripts, int n,
                          int max);

#endif
