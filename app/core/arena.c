/* SPDX-License-Identifier: MIT
 *
 * arena.c - the UI's string arena: strings copied into 8 KiB chunks that
 * are freed all at once, with the Doc or the headline set they belong to.
 * Three functions; read arena_strndup. See ui_private.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ui_private.h"

/* Copy s[0..n) and a NUL into a, in the newest chunk when it has room,
 * else in a new one (at least 8 KiB). Returns the copy, valid until
 * arena_free(a), or NULL when out of memory (a unchanged). */
char *
arena_strndup(Arena *a, const char *s, size_t n)
{
    Chunk *c = a->head;

    if (c == NULL || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > 8192 ? n + 1 : 8192;
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

char *
arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

void
arena_free(Arena *a)
{
    Chunk *c = a->head;

    while (c) {
        Chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}
