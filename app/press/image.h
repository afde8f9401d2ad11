/* SPDX-License-Identifier: MIT
 *
 * image.h - a picture fetched for a story -> a JPEG or PNG file the kiosk
 * can show. The type is sniffed from the bytes, never taken from a name or
 * a Content-Type. A JPEG or PNG no larger than the limits is copied as it
 * is; a bigger one, or a GIF or WebP, is decoded (plat_image_reencode:
 * SDL2_image, behind app/plat/plat_image.h), scaled
 * down to fit IMAGE_MAX_PX on its longer side (bilinear, halving first) and
 * written as a JPEG. The pixel count is read from the header before any
 * decoding, so a decompression bomb is refused without allocating for it.
 */
#ifndef KIOSK_PRESS_IMAGE_H
#define KIOSK_PRESS_IMAGE_H

#include <stddef.h>

#include "../core/err.h"

#define IMAGE_MAX_PX 1600                 /* longer side after scaling */
#define IMAGE_MAX_PIXELS (60u * 1000u * 1000u) /* larger pictures are refused */

/* Sniff: returns "jpg", "png", "gif", "webp" or NULL (not a picture). */
const char *image_sniff(const void *data, size_t len);

/* Write the picture in data to path_noext + ".jpg" or ".png" (the file is
 * flushed with fsync), at most max_bytes. The extension used goes to ext
 * (".jpg"/".png"). Returns K_OK; K_EPARSE (not a picture, cannot be
 * decoded), K_ELIMIT (too many pixels, still over max_bytes), K_EIO;
 * err says why. Nothing is left behind on failure. */
int image_store(const void *data, size_t len, const char *path_noext, size_t max_bytes,
                char ext[8], Err *err);

#endif
