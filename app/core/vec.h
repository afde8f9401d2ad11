/* SPDX-License-Identifier: MIT
 *
 * vec.h - the one growable-array step: make room for one more element of a
 * plain C array that doubles as it grows. Header-only: C11 and libc.
 *
 *     char **nv = vec_grow(l->v, l->n, &l->cap, sizeof *l->v, 256);
 *     if (nv == NULL)
 *         return K_ENOMEM;     // l->v is untouched and still owned by l
 *     l->v = nv;
 *     l->v[l->n++] = s;
 *
 * It returns a pointer rather than taking a void ** so that any element
 * type works without type punning.
 */
#ifndef KIOSK_VEC_H
#define KIOSK_VEC_H

#include <stdint.h>
#include <stdlib.h>

/* The array v holds n elements of elem_size bytes in room for *cap. When
 * n < *cap, returns v. Otherwise reallocs it to twice *cap (first when
 * *cap is 0), updates *cap and returns the new pointer. Returns NULL when
 * out of memory or on size overflow; v and *cap are then untouched (the
 * caller still owns and frees v). */
static inline void *
vec_grow(void *v, size_t n, size_t *cap, size_t elem_size, size_t first)
{
    size_t ncap;
    void *nv;

    if (n < *cap)
        return v;
    ncap = *cap ? *cap * 2 : (first ? first : 8);
    if (ncap < *cap || ncap > SIZE_MAX / elem_size)
        return NULL;
    if ((nv = realloc(v, ncap * elem_size)) == NULL)
        return NULL;
    *cap = ncap;
    return nv;
}

#endif
