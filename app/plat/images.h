/* SPDX-License-Identifier: MIT
 *
 * images.h - pictures for every backend, as ARGB8888 SDL_Surfaces: decoded
 * from the content store with SDL2_image, cropped and scaled to cover a box,
 * and screenshots saved as BMP or PNG. No SDL video: surfaces need neither
 * SDL_Init nor a window, so a framebuffer backend uses this as it is; what a
 * backend keeps (textures, a cache of scaled pictures) is its own business.
 *
 * Call order: images_open, any calls, images_close. Single-threaded.
 */
#ifndef KIOSK_PLAT_IMAGES_H
#define KIOSK_PLAT_IMAGES_H

#include "../core/err.h"
#include "plat.h"

struct SDL_Surface;

typedef struct Images Images;

/* Start SDL2_image (JPEG, PNG) with 'load' (may be NULL: no pictures) and
 * its ctx for reading a picture's bytes from the store. Returns NULL only
 * when out of memory. Close with images_close. */
Images *images_open(PlatImageLoadFn load, void *ctx);

/* Stop SDL2_image (NULL-safe). */
void images_close(Images *im);

/* Decode picture 'name' into a new ARGB8888 surface (free with
 * SDL_FreeSurface), or NULL when there is no loader, it is missing, larger
 * than 2 GiB or undecodable. */
struct SDL_Surface *images_decode(Images *im, const char *name);

/* A new w x h ARGB8888 surface showing src scaled to cover it: the middle
 * of src cropped to the box's aspect, then scaled smoothly (bilinear where
 * SDL can, else nearest). NULL when w or h <= 0 or out of memory. src is
 * only read. */
struct SDL_Surface *images_cover(struct SDL_Surface *src, int w, int h);

/* Save s as PNG when path ends in ".png" (any case), else as BMP. K_OK,
 * or K_EIO with err filled. */
int images_save(struct SDL_Surface *s, const char *path, Err *err);

#endif
