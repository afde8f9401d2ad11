/* SPDX-License-Identifier: MIT
 *
 * plat_image.c - picture re-encoding on SDL2 and SDL2_image for press;
 * see plat_image.h.
 */
#include "plat_image.h"

#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

int
plat_image_reencode(const void *data, size_t len, int max_px, const char *path, size_t max_bytes,
                    Err *err)
{
    SDL_RWops *rw = len <= INT32_MAX ? SDL_RWFromConstMem(data, (int)len) : NULL;
    SDL_Surface *src = NULL, *flat = NULL, *cur = NULL;
    int rc = K_EPARSE;

    if (rw == NULL || (src = IMG_Load_RW(rw, 1)) == NULL) {
        err_set(err, K_EPARSE, "the picture cannot be decoded (%s)", IMG_GetError());
        goto fail;
    }
    flat = SDL_CreateRGBSurfaceWithFormat(0, src->w, src->h, 32, SDL_PIXELFORMAT_RGB888);
    if (flat == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory for the picture");
        goto fail;
    }
    SDL_FillRect(flat, NULL, SDL_MapRGB(flat->format, 255, 255, 255));
    SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_BLEND);
    if (SDL_BlitSurface(src, NULL, flat, NULL) != 0) {
        rc = err_set(err, K_EPARSE, "the picture cannot be converted (%s)", SDL_GetError());
        goto fail;
    }
    cur = flat;
    flat = NULL;
    /* halve while more than twice too big, then one bilinear step */
    while (cur->w > max_px || cur->h > max_px) {
        int big = cur->w > cur->h ? cur->w : cur->h;
        int nw, nh;
        if (big > 2 * max_px) {
            nw = cur->w / 2;
            nh = cur->h / 2;
        } else {
            nw = (int)((long long)cur->w * max_px / big);
            nh = (int)((long long)cur->h * max_px / big);
        }
        if (nw < 1)
            nw = 1;
        if (nh < 1)
            nh = 1;
        SDL_Surface *next = SDL_CreateRGBSurfaceWithFormat(0, nw, nh, 32, SDL_PIXELFORMAT_RGB888);
        if (next == NULL || SDL_SoftStretchLinear(cur, NULL, next, NULL) != 0) {
            SDL_FreeSurface(next);
            rc = err_set(err, K_ENOMEM, "the picture cannot be scaled (%s)", SDL_GetError());
            goto fail;
        }
        SDL_FreeSurface(cur);
        cur = next;
    }
    if (IMG_SaveJPG(cur, path, 85) != 0) {
        rc = err_setf(err, K_EIO, path, 0, "cannot write the picture (%s)", IMG_GetError());
        unlink(path);
        goto fail;
    }
    {
        /* IMG_SaveJPG does not flush: reopen and fsync, and check the size */
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        off_t size = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
        if (fd < 0 || fsync(fd) != 0 || size < 0 || (size_t)size > max_bytes) {
            if (fd >= 0)
                close(fd);
            unlink(path);
            rc = err_set(err, K_ELIMIT, "the scaled picture is still over %zu bytes", max_bytes);
            goto fail;
        }
        close(fd);
    }
    rc = K_OK;
fail:
    SDL_FreeSurface(src);
    SDL_FreeSurface(flat);
    SDL_FreeSurface(cur);
    return rc;
}

