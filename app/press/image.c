/* SPDX-License-Identifier: MIT
 *
 * image.c - sniff, measure, scale and write pictures; see image.h.
 */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../plat/plat_image.h"
#include "fetch.h"

const char *
image_sniff(const void *data, size_t len)
{
    const unsigned char *u = data;

    if (len >= 3 && u[0] == 0xFF && u[1] == 0xD8 && u[2] == 0xFF)
        return "jpg";
    if (len >= 8 && memcmp(u, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "png";
    if (len >= 6 && (memcmp(u, "GIF87a", 6) == 0 || memcmp(u, "GIF89a", 6) == 0))
        return "gif";
    if (len >= 12 && memcmp(u, "RIFF", 4) == 0 && memcmp(u + 8, "WEBP", 4) == 0)
        return "webp";
    return NULL;
}

/* Width and height from the header; 0 when they cannot be read. */
static void
dimensions(const unsigned char *u, size_t len, const char *type, unsigned long *w,
           unsigned long *h)
{
    *w = *h = 0;
    if (strcmp(type, "png") == 0 && len >= 24) {
        *w = (unsigned long)u[16] << 24 | (unsigned long)u[17] << 16 | (unsigned long)u[18] << 8 | u[19];
        *h = (unsigned long)u[20] << 24 | (unsigned long)u[21] << 16 | (unsigned long)u[22] << 8 | u[23];
    } else if (strcmp(type, "gif") == 0 && len >= 10) {
        *w = u[6] | (unsigned long)u[7] << 8;
        *h = u[8] | (unsigned long)u[9] << 8;
    } else if (strcmp(type, "jpg") == 0) {
        size_t i = 2;
        while (i + 9 < len) {
            if (u[i] != 0xFF) {
                i++;
                continue;
            }
            unsigned m = u[i + 1];
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
                i += (m == 0xFF) ? 1 : 2;
                continue;
            }
            size_t seg = (size_t)u[i + 2] << 8 | u[i + 3];
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                *h = (unsigned long)u[i + 5] << 8 | u[i + 6];
                *w = (unsigned long)u[i + 7] << 8 | u[i + 8];
                return;
            }
            i += 2 + seg;
        }
    }
}

int
image_store(const void *data, size_t len, const char *path_noext, size_t max_bytes, char ext[8],
            Err *err)
{
    const char *type = image_sniff(data, len);
    unsigned long w, h;
    char path[1700];

    if (type == NULL)
        return err_set(err, K_EPARSE, "not a picture (JPEG, PNG, GIF or WebP)");
    dimensions(data, len, type, &w, &h);
    if ((unsigned long long)w * h > IMAGE_MAX_PIXELS)
        return err_set(err, K_ELIMIT, "the picture is %lux%lu pixels, too many to decode", w, h);
    if ((strcmp(type, "jpg") == 0 || strcmp(type, "png") == 0) && w > 0 && h > 0 &&
        w <= IMAGE_MAX_PX && h <= IMAGE_MAX_PX && len <= max_bytes) {
        snprintf(ext, 8, ".%s", type);
        snprintf(path, sizeof path, "%s%s", path_noext, ext);
        return fetch_write_file(AT_FDCWD, path, data, len, err);
    }
    if (len > INT32_MAX)
        return err_set(err, K_ELIMIT, "the picture is too big");
    snprintf(ext, 8, ".jpg");
    snprintf(path, sizeof path, "%s%s", path_noext, ext);
    return plat_image_reencode(data, len, IMAGE_MAX_PX, path, max_bytes, err);
}
