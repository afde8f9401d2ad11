/* SPDX-License-Identifier: MIT
 *
 * plat_sdl.c - plat.h on SDL2: the window (a desktop window, or full screen
 * on KMS/DRM on the board, the same binary with the driver chosen by SDL at
 * run time) and presenting a DrawList on it. Text is set by text.c and
 * pictures decoded by images.c, both shared with any other backend; input
 * and the panel's power are in plat_sdl_input.c. plat_fb.c reuses the
 * drawing here (plat_sdl_setup, plat_sdl_present) on a software renderer
 * over a plain surface, so both backends draw the same pixels.
 *
 * Start reading at plat_open() and plat_present(). Two things matter for a
 * small board and are done here rather than by SDL:
 *  - a text texture cache: each line is rendered once, in its colour, and
 *    reused while it stays on screen, within a byte budget;
 *  - the software renderer where it can: no OpenGL loaded on X11, less memory.
 */
#include "plat_sdl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hash.h"
#include "../core/touch.h"

/* --- text cache ----------------------------------------------------------- */

static uint64_t
hash_text(int font, int ellipsis, Color c, const char *s, size_t len)
{
    uint64_t seed = HASH_FNV1A_SEED ^ (uint64_t)font ^ ((uint64_t)ellipsis << 40) ^
                    ((uint64_t)c << 20);

    return hash_fnv1a(seed, s, len);
}

static void
drop_entry(SdlPlat *p, int i)
{
    TextEntry *e = &p->text[i];
    SDL_DestroyTexture(e->tex);
    free(e->text);
    p->text_bytes -= e->bytes;
    p->text[i] = p->text[--p->ntext];
}

/* Evict least recently used entries not drawn this frame until within budget. */
static void
evict(SdlPlat *p)
{
    while (p->text_bytes > p->text_budget || p->ntext == MAX_TEXT_ENTRIES) {
        int old = -1;
        for (int i = 0; i < p->ntext; i++)
            if (p->text[i].used < p->frame && (old < 0 || p->text[i].used < p->text[old].used))
                old = i;
        if (old < 0)
            break;
        drop_entry(p, old);
    }
}

/* The opaque colour under all of r, if the last ops to paint there (those
 * before op 'i' this frame, their areas in p->painted) were one opaque
 * fill holding it; else 0 (text there is blended). A line of a headline
 * over the background, sliding, is then a plain copy. */
static Color
under(const SdlPlat *p, const DrawList *dl, size_t i, SDL_Rect r)
{
    while (i-- > 0) {
        const SDL_Rect *a = &p->painted[i];
        if (!SDL_HasIntersection(a, &r))
            continue;
        const DrawOp *op = &dl->ops[i];
        if (op->kind != DRAW_FILL || COLOR_A(op->color) != 255)
            return 0;
        SDL_Rect both;
        SDL_IntersectRect(a, &r, &both);
        return SDL_RectEquals(&both, &r) ? op->color : 0;
    }
    return 0xFF000000u;  /* the clear colour */
}

/* The line's picture set on bg: the blended line blitted once onto bg,
 * in the renderer's own format. The same blitter and the same pixels as
 * blending it onto bg at every frame, which a slide does 12 times a card. */
static SDL_Surface *
on_background(SdlPlat *p, SDL_Surface *s, Color bg)
{
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, p->dst_format);

    if (d == NULL)
        return NULL;
    SDL_FillRect(d, NULL,
                 SDL_MapRGB(d->format, (Uint8)COLOR_R(bg), (Uint8)COLOR_G(bg), (Uint8)COLOR_B(bg)));
    SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_BLEND);
    if (SDL_BlitSurface(s, NULL, d, NULL) != 0) {
        SDL_FreeSurface(d);
        return NULL;
    }
    return d;
}

/* Text op 'op''s line from the cache, set on bg (0: transparent). */
static TextEntry *
find_text(SdlPlat *p, const DrawOp *op, uint64_t h, int any_bg, Color bg)
{
    Color rgb = op->color | 0xFF000000u;

    for (int i = 0; i < p->ntext; i++) {
        TextEntry *e = &p->text[i];
        if (e->hash == h && e->font == op->font && e->ellipsis == op->ellipsis &&
            e->rtl == op->rtl && e->color == rgb && (any_bg || e->bg == bg) &&
            e->len == op->len && memcmp(e->text, op->text, op->len) == 0) {
            e->used = p->frame;
            return e;
        }
    }
    return NULL;
}

/* Text op 'op' rendered, transparent around the glyphs, when the cache
 * has room for one more line (after evicting what was not drawn lately). */
static SDL_Surface *
render_line(SdlPlat *p, const DrawOp *op, int *yoff)
{
    if (p->ntext == MAX_TEXT_ENTRIES)
        evict(p);
    if (p->ntext == MAX_TEXT_ENTRIES)
        return NULL;
    return text_render(p->te, op->font, op->color | 0xFF000000u, op->text, op->len, op->ellipsis,
                       op->rtl, yoff);
}

/* The texture of text op i of dl, from the cache or rendered. Where the
 * last thing painted under all of its box is one opaque fill (the
 * background, mostly), the line is set on that colour once and drawn
 * without blending, else it is transparent around the glyphs and blended. */
static TextEntry *
text_texture(SdlPlat *p, const DrawList *dl, size_t i, const SDL_Rect *clip)
{
    /* NOTE: each colour is its own texture. Drawing a pre-coloured texture
     * takes SDL's alpha-blit fast path, which skips the transparent pixels
     * around glyphs; a tinted (colour-modulated) one goes through the generic
     * blitter and cost 3x the instructions per frame. */
    const DrawOp *op = &dl->ops[i];
    Color rgb = op->color | 0xFF000000u, bg = 0;
    uint64_t h = hash_text(op->font, op->ellipsis | op->rtl << 1, rgb, op->text, op->len);
    TextEntry *e = find_text(p, op, h, 1, 0);
    SDL_Surface *s = NULL;
    int yoff = 0, w, hh;

    if (e) {
        yoff = e->yoff;
        w = e->w;
        hh = e->h;
    } else {
        if ((s = render_line(p, op, &yoff)) == NULL)
            return NULL;
        w = s->w;
        hh = s->h;
    }
    SDL_Rect box = {op->rect.x, op->rect.y - yoff, w, hh}, seen;
    if (COLOR_A(op->color) == 255 && SDL_IntersectRect(&box, clip, &seen))
        bg = under(p, dl, i, seen);
    if (e && (e->bg == bg || (e = find_text(p, op, h, 0, bg)) != NULL))
        return e;
    /* cached only on another colour: render it again */
    if (s == NULL && (s = render_line(p, op, &yoff)) == NULL)
        return NULL;
    if (bg) {
        SDL_Surface *o = on_background(p, s, bg);
        SDL_FreeSurface(s);
        if ((s = o) == NULL)
            return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(p->ren, s);
    w = s->w;
    hh = s->h;
    SDL_FreeSurface(s);
    if (t == NULL)
        return NULL;
    SDL_SetTextureBlendMode(t, bg ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    char *copy = malloc(op->len + 1);
    if (copy == NULL) {
        SDL_DestroyTexture(t);
        return NULL;
    }
    memcpy(copy, op->text, op->len);
    copy[op->len] = '\0';
    e = &p->text[p->ntext++];
    *e = (TextEntry){h,    op->font, op->ellipsis, op->rtl, yoff, rgb, bg, copy, op->len, t, w,
                     hh,   (size_t)w * (size_t)hh * 4, p->frame};
    p->text_bytes += e->bytes;
    return e;
}

/* --- images -------------------------------------------------------------- */

/* The slot for image 'name', decoded on first use. The decoded picture is
 * kept only until it has been scaled to its box: a full-size photo is
 * megabytes, the box a fraction of that. */
static Image *
image_get(SdlPlat *p, const char *name)
{
    Image *slot = &p->images[0];

    for (int i = 0; i < MAX_IMAGES; i++) {
        if (strcmp(p->images[i].name, name) == 0) {
            p->images[i].used = p->frame + 1;
            return &p->images[i];
        }
        if (p->images[i].used < slot->used)
            slot = &p->images[i];
    }
    SDL_FreeSurface(slot->src);
    SDL_DestroyTexture(slot->tex);
    memset(slot, 0, sizeof *slot);
    snprintf(slot->name, sizeof slot->name, "%s", name);
    slot->used = p->frame + 1;
    slot->src = images_decode(p->imgs, name);
    if (slot->src == NULL) {
        slot->failed = 1;
        return slot;
    }
    slot->w = slot->src->w;
    slot->h = slot->src->h;
    return slot;
}

/* Draw image op->text to cover op->rect (centre crop), scaled once. */
static void
draw_image(SdlPlat *p, const DrawOp *op)
{
    Image *im = image_get(p, op->text);
    SDL_Rect dst = {op->rect.x, op->rect.y, op->rect.w, op->rect.h};

    if (im->failed || dst.w <= 0 || dst.h <= 0)
        return;
    if (im->tex == NULL || im->tw != dst.w || im->th != dst.h) {
        SDL_DestroyTexture(im->tex);
        im->tex = NULL;
        if (im->src == NULL && (im->src = images_decode(p->imgs, im->name)) == NULL) {
            im->failed = 1;
            return;
        }
        /* crop the source to the box's aspect, then scale smoothly */
        SDL_Surface *scaled = images_cover(im->src, dst.w, dst.h);
        if (scaled == NULL)
            return;
        im->tex = SDL_CreateTextureFromSurface(p->ren, scaled);
        SDL_FreeSurface(scaled);
        SDL_FreeSurface(im->src);
        im->src = NULL;
        im->tw = dst.w;
        im->th = dst.h;
        if (im->tex == NULL)
            return;
    }
    SDL_RenderCopy(p->ren, im->tex, NULL, &dst);
}

int
plat_sdl_image_size(Plat *pp, const char *name, int *w, int *h)
{
    SdlPlat *p = (SdlPlat *)pp;
    Image *im = image_get(p, name);

    if (im->failed)
        return K_ENOTFOUND;
    *w = im->w;
    *h = im->h;
    return K_OK;
}

/* --- dots: an anti-aliased disc per size ---------------------------------- */

static SDL_Texture *
dot_texture(SdlPlat *p, int d)
{
    int slot = 0;

    for (int i = 0; i < MAX_DOTS; i++) {
        if (p->dots[i].d == d && p->dots[i].tex)
            return p->dots[i].tex;
        if (p->dots[i].tex == NULL)
            slot = i;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s == NULL)
        return NULL;
    double r = d / 2.0;
    for (int y = 0; y < d; y++)
        for (int x = 0; x < d; x++) {
            /* 4x4 supersampling of the disc's coverage */
            int in = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    double fx = x + (sx + 0.5) / 4 - r, fy = y + (sy + 0.5) / 4 - r;
                    in += fx * fx + fy * fy <= r * r;
                }
            Uint32 a = (Uint32)(in * 255 / 16);
            ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] = (a << 24) | 0xFFFFFFu;
        }
    SDL_DestroyTexture(p->dots[slot].tex);
    p->dots[slot].tex = SDL_CreateTextureFromSurface(p->ren, s);
    p->dots[slot].d = d;
    SDL_FreeSurface(s);
    if (p->dots[slot].tex)
        SDL_SetTextureBlendMode(p->dots[slot].tex, SDL_BLENDMODE_BLEND);
    return p->dots[slot].tex;
}

/* --- open / close ---------------------------------------------------------- */

static Plat *
plat_sdl_open(const PlatOpts *o, Err *err)
{
    SdlPlat *p = calloc(1, sizeof *p);
    const char *drv;
    Uint32 flags = SDL_WINDOW_SHOWN;

    if (p == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        return NULL;
    }
    p->abs_fd = -1;
    p->base.be = &plat_sdl_backend;
    p->rotate = o->rotate;
    p->fullscreen = o->fullscreen;
    p->swap_xy = o->touch_swap_xy;
    p->mirror_x = o->touch_mirror_x;
    p->mirror_y = o->touch_mirror_y;

    /* our own SIGINT/SIGTERM: in full screen a window "close" must not quit,
     * but systemd's stop must */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* finger events are handled as touches, not as a synthetic mouse too */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* a kiosk stays on screen when something else takes the focus */
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        err_set(err, K_EIO, "cannot open the display: %s", SDL_GetError());
        free(p);
        return NULL;
    }
    plat_sdl_catch_signals();

    drv = SDL_GetCurrentVideoDriver();
    /* The software renderer everywhere SDL can give it a native framebuffer:
     * no GL stack in memory on X11, identical pixels under dummy. On KMS/DRM
     * SDL needs a GPU renderer to reach the screen, so it chooses. */
    if (drv && SDL_strcasecmp(drv, "KMSDRM") != 0) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        /* NOTE: without this SDL 2.26 probes a GL context for the window
         * surface on X11 and keeps Mesa mapped: 110 MiB RSS instead of 20 */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    p->can_block = drv && (SDL_strcasecmp(drv, "x11") == 0 || SDL_strcasecmp(drv, "wayland") == 0);
    p->kms = drv && SDL_strcasecmp(drv, "KMSDRM") == 0;
    if (p->kms)
        plat_sdl_probe_abs_pointer(p);

    int w = o->width > 0 ? o->width : 800, h = o->height > 0 ? o->height : 480;
    if (o->fullscreen) {
        SDL_DisplayMode dm;
        if (o->width <= 0 && SDL_GetDesktopDisplayMode(0, &dm) == 0) {
            w = dm.w;
            h = dm.h;
        }
        flags |= o->width > 0 ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
        if (o->width <= 0)
            flags |= SDL_WINDOW_BORDERLESS;
    }
    p->win = SDL_CreateWindow("newskiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w,
                              h, flags);
    if (p->win == NULL) {
        err_set(err, K_EIO, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }
    p->ren = SDL_CreateRenderer(p->win, -1, 0);
    if (p->ren == NULL) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "");
        p->ren = SDL_CreateRenderer(p->win, -1, 0);
    }
    if (p->ren == NULL) {
        err_set(err, K_EIO, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    if (SDL_GetRendererOutputSize(p->ren, &p->pw, &p->ph) != 0) {
        p->pw = w;
        p->ph = h;
    }
    if (o->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    if (plat_sdl_setup(p, o, err) != K_OK)
        goto fail;
    return &p->base;
fail:
    plat_sdl_close(&p->base);
    return NULL;
}

int
plat_sdl_setup(SdlPlat *p, const PlatOpts *o, Err *err)
{
    touch_logical_size(p->rotate, p->pw, p->ph, &p->lw, &p->lh);
    if (p->rotate) {
        p->target = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_TARGET, p->lw, p->lh);
        if (p->target == NULL)
            return err_set(err, K_EIO, "cannot rotate: %s", SDL_GetError());
    }

    if ((p->te = text_open(o->fonts, o->nfonts, err)) == NULL)
        return err && err->code ? err->code : K_EIO;
    if ((p->imgs = images_open(o->load_image, o->image_ctx)) == NULL)
        return err_set(err, K_ENOMEM, "out of memory");
    /* text set on a colour is made in the format the renderer draws into */
    p->dst_format = p->target ? SDL_PIXELFORMAT_ARGB8888
                    : p->win  ? SDL_GetWindowPixelFormat(p->win)
                              : SDL_PIXELFORMAT_ARGB8888;
    if (p->dst_format == SDL_PIXELFORMAT_UNKNOWN)
        p->dst_format = SDL_PIXELFORMAT_ARGB8888;
    /* about one screenful of text: what a frame and a slide need */
    p->text_budget = (size_t)p->lw * (size_t)p->lh * 4;
    if (p->text_budget < 1u << 20)
        p->text_budget = 1u << 20;
    return K_OK;
}

void
plat_sdl_close(Plat *pp)
{
    SdlPlat *p = (SdlPlat *)pp;

    if (p == NULL)
        return;
    if (p->abs_fd >= 0)
        close(p->abs_fd);
    while (p->ntext)
        drop_entry(p, p->ntext - 1);
    for (int i = 0; i < MAX_IMAGES; i++) {
        SDL_FreeSurface(p->images[i].src);
        SDL_DestroyTexture(p->images[i].tex);
    }
    for (int i = 0; i < MAX_DOTS; i++)
        SDL_DestroyTexture(p->dots[i].tex);
    images_close(p->imgs);
    text_close(p->te);
    SDL_DestroyTexture(p->target);
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    free(p->painted);
    if (p->win)
        SDL_DestroyWindow(p->win);
    SDL_Quit();
    free(p);
}

void
plat_sdl_size(const Plat *pp, int *width, int *height)
{
    const SdlPlat *p = (const SdlPlat *)pp;
    *width = p->lw;
    *height = p->lh;
}

const Metrics *
plat_sdl_metrics(Plat *pp)
{
    SdlPlat *p = (SdlPlat *)pp;
    return text_metrics(p->te);
}

const char *
plat_sdl_driver(const Plat *pp)
{
    const SdlPlat *p = (const SdlPlat *)pp;
    (void)p;
    const char *d = SDL_GetCurrentVideoDriver();
    return d ? d : "";
}

int
plat_sdl_missing_glyphs(Plat *pp, const char *s, size_t len)
{
    SdlPlat *p = (SdlPlat *)pp;
    return text_missing_glyphs(p->te, s, len);
}

int
plat_sdl_unfonted_scripts(Plat *pp, const char *s, size_t len, uint32_t *scripts, int n, int max)
{
    SdlPlat *p = (SdlPlat *)pp;
    return text_unfonted_scripts(p->te, s, len, scripts, n, max);
}

int
plat_sdl_text_size(Plat *pp, const DrawOp *op, int *w, int *h)
{
    SdlPlat *p = (SdlPlat *)pp;
    int yoff;
    SDL_Surface *s = text_render(p->te, op->font, op->color | 0xFF000000u, op->text, op->len,
                                 op->ellipsis, op->rtl, &yoff);
    if (s == NULL)
        return K_EIO;
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    return K_OK;
}

size_t
plat_sdl_cache_bytes(const Plat *pp)
{
    const SdlPlat *p = (const SdlPlat *)pp;
    return p->text_bytes;
}

/* --- drawing ---------------------------------------------------------------- */

static void
set_color(SdlPlat *p, Color c)
{
    SDL_SetRenderDrawColor(p->ren, (Uint8)COLOR_R(c), (Uint8)COLOR_G(c), (Uint8)COLOR_B(c),
                           (Uint8)COLOR_A(c));
    SDL_SetRenderDrawBlendMode(p->ren, COLOR_A(c) == 255 ? SDL_BLENDMODE_NONE
                                                         : SDL_BLENDMODE_BLEND);
}

int
plat_sdl_present(Plat *pp, const DrawList *dl)
{
    SdlPlat *p = (SdlPlat *)pp;
    int rc = K_OK;
    SDL_Rect clip = {0, 0, p->lw, p->lh};

    p->frame++;
    if (dl->n > p->painted_cap) {
        SDL_Rect *np = realloc(p->painted, dl->n * sizeof *np);
        if (np == NULL)
            return K_ENOMEM;
        p->painted = np;
        p->painted_cap = dl->n;
    }
    if (p->target && SDL_SetRenderTarget(p->ren, p->target) != 0)
        rc = K_EIO;
    SDL_RenderSetClipRect(p->ren, NULL);
    /* the UI's frames start with an opaque background over everything:
     * clearing first would write every pixel twice a frame */
    const DrawOp *first = dl->n ? &dl->ops[0] : NULL;
    if (first == NULL || first->kind != DRAW_FILL || COLOR_A(first->color) != 255 ||
        first->rect.x > 0 || first->rect.y > 0 || first->rect.x + first->rect.w < p->lw ||
        first->rect.y + first->rect.h < p->lh) {
        SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
        SDL_RenderClear(p->ren);
    }
    for (size_t i = 0; i < dl->n; i++) {
        const DrawOp *op = &dl->ops[i];
        SDL_Rect r = {op->rect.x, op->rect.y, op->rect.w, op->rect.h};
        p->painted[i] = (SDL_Rect){0, 0, 0, 0};
        switch (op->kind) {
        case DRAW_FILL:
            set_color(p, op->color);
            SDL_RenderFillRect(p->ren, &r);
            SDL_IntersectRect(&r, &clip, &p->painted[i]);
            break;
        case DRAW_TEXT: {
            if (op->len == 0 && !op->ellipsis)
                break;
            TextEntry *e = text_texture(p, dl, i, &clip);
            if (e == NULL)
                break;
            SDL_Rect dst = {op->rect.x, op->rect.y - e->yoff, e->w, e->h};
            SDL_SetTextureAlphaMod(e->tex, (Uint8)COLOR_A(op->color));
            SDL_RenderCopy(p->ren, e->tex, NULL, &dst);
            SDL_IntersectRect(&dst, &clip, &p->painted[i]);
            break;
        }
        case DRAW_IMAGE:
            draw_image(p, op);
            SDL_IntersectRect(&r, &clip, &p->painted[i]);
            break;
        case DRAW_DOT: {
            SDL_Texture *t = dot_texture(p, op->rect.w);
            if (t) {
                SDL_SetTextureColorMod(t, (Uint8)COLOR_R(op->color), (Uint8)COLOR_G(op->color),
                                       (Uint8)COLOR_B(op->color));
                SDL_RenderCopy(p->ren, t, NULL, &r);
            }
            SDL_IntersectRect(&r, &clip, &p->painted[i]);
            break;
        }
        case DRAW_CLIP:
            SDL_RenderSetClipRect(p->ren, op->rect.w > 0 ? &r : NULL);
            clip = op->rect.w > 0 ? r : (SDL_Rect){0, 0, p->lw, p->lh};
            break;
        }
    }
    SDL_RenderSetClipRect(p->ren, NULL);
    if (p->target) {
        SDL_SetRenderTarget(p->ren, NULL);
        SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
        SDL_RenderClear(p->ren);
        SDL_Rect dst = {(p->pw - p->lw) / 2, (p->ph - p->lh) / 2, p->lw, p->lh};
        SDL_RenderCopyEx(p->ren, p->target, NULL, &dst, p->rotate, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(p->ren);
    evict(p);
    /* NOTE: SDL 2.26's KMS/DRM driver re-creates the window surface at the
     * first swap after going full screen and shows that blank surface: the
     * first frame would be lost until something changed (up to a minute on
     * the empty screen, the clock's next redraw). Draw it twice. */
    if (p->kms && p->frame == 1)
        return plat_sdl_present(&p->base, dl);
    return rc;
}

int
plat_sdl_screenshot(Plat *pp, const char *path, Err *err)
{
    SdlPlat *p = (SdlPlat *)pp;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, p->pw, p->ph, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = K_OK;

    if (s == NULL)
        return err_set(err, K_ENOMEM, "screenshot: %s", SDL_GetError());
    if (SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        rc = err_set(err, K_EIO, "screenshot: %s", SDL_GetError());
        goto out;
    }
    rc = images_save(s, path, err);
out:
    SDL_FreeSurface(s);
    return rc;
}


const PlatBackend plat_sdl_backend = {
    "sdl",
    plat_sdl_open,
    plat_sdl_close,
    plat_sdl_size,
    plat_sdl_metrics,
    plat_sdl_present,
    plat_sdl_wait,
    plat_sdl_panel_power,
    plat_sdl_screenshot,
    plat_sdl_image_size,
    plat_sdl_window_to_logical,
    plat_sdl_driver,
    plat_sdl_missing_glyphs,
    plat_sdl_unfonted_scripts,
    plat_sdl_text_size,
    plat_sdl_cache_bytes,
};
