/* SPDX-License-Identifier: MIT
 *
 * images.c - decode, crop-and-scale and save pictures with SDL2_image on
 * plain surfaces (see images.h).
 */
#include "images.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Images {
    PlatImageLoadFn load;
    void *ctx;
};

Images *
images_open(PlatImageLoadFn load, void *ctx)
{
    Images *im = calloc(1, sizeof *im);

    if (im == NULL)
        return NULL;
    im->load = load;
    im->ctx = ctx;
    IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG);
    return im;
}

void
images_close(Images *im)
{
    if (im == NULL)
        return;
    IMG_Quit();
    free(im);
}

SDL_Surface *
images_decode(Images *im, const char *name)
{
    void *data = NULL;
    size_t len = 0;
    SDL_Surface *s, *c;

    if (im->load == NULL || im->load(im->ctx, name, &data, &len) != K_OK || len > INT32_MAX) {
        free(data);
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    s = rw ? IMG_Load_RW(rw, 1) : NULL;
    free(data);
    if (s == NULL)
        return NULL;
    c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    return c;
}

SDL_Surface *
images_cover(SDL_Surface *src, int w, int h)
{
    if (w <= 0 || h <= 0)
        return NULL;
    int sw = src->w, sh = src->h;
    SDL_Rect crop = {0, 0, sw, sh};
    if ((int64_t)sw * h > (int64_t)sh * w) {
        crop.w = (int)((int64_t)sh * w / h);
        crop.x = (sw - crop.w) / 2;
    } else {
        crop.h = (int)((int64_t)sw * h / w);
        crop.y = (sh - crop.h) / 2;
    }
    SDL_Surface *scaled = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (scaled == NULL)
        return NULL;
    if (SDL_SoftStretchLinear(src, &crop, scaled, NULL) != 0)
        SDL_BlitScaled(src, &crop, scaled, NULL);
    return scaled;
}

int
images_save(SDL_Surface *s, const char *path, Err *err)
{
    size_t n = strlen(path);
    char tmp[4200];
    int rc;

    /* written beside it and renamed: a script or a test that waits for the
     * file never reads half a picture */
    if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp)
        return err_set(err, K_EIO, "%s: path too long", path);
    if (n > 4 && SDL_strcasecmp(path + n - 4, ".png") == 0)
        rc = IMG_SavePNG(s, tmp);
    else
        rc = SDL_SaveBMP(s, tmp);
    if (rc != 0) {
        err_set(err, K_EIO, "%s: %s", path, SDL_GetError());
        remove(tmp);
        return K_EIO;
    }
    if (rename(tmp, path) != 0) {
        err_set(err, K_EIO, "%s: %s", path, strerror(errno));
        remove(tmp);
        return K_EIO;
    }
    return K_OK;
}
