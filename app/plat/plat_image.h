/* SPDX-License-Identifier: MIT
 *
 * plat_image.h - decoding, scaling and writing pictures, for
 * `newskiosk press` (app/press/image.c). The header is libc-only; the
 * work is SDL2_image's, in plat_image.c, so SDL stays in app/plat.
 * Needs no SDL_Init and no display: it runs in a headless press.
 */
#ifndef KIOSK_PLAT_IMAGE_H
#define KIOSK_PLAT_IMAGE_H

#include <stddef.h>

#include "../core/err.h"

/* Decode the picture in data (JPEG, PNG, GIF, WebP: its first frame),
 * flatten it onto white, scale it down to fit max_px on its longer side
 * (halving while more than twice too big, then one bilinear step) and
 * write it to 'path' as a JPEG of quality 85, flushed with fsync. Returns
 * K_OK; K_EPARSE (cannot be decoded or converted), K_ENOMEM (cannot be
 * scaled), K_EIO (cannot be written), K_ELIMIT (still over max_bytes);
 * err says why. Nothing is left at 'path' on failure. The caller checks
 * the pixel count first: decoding allocates for every pixel. */
int plat_image_reencode(const void *data, size_t len, int max_px, const char *path,
                        size_t max_bytes, Err *err);

#endif
