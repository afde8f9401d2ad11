/* SPDX-License-Identifier: MIT
 *
 * plat_sdl.c - plat.h on SDL2 + SDL2_ttf + SDL2_image.
 *
 * Start reading at plat_open() and plat_present(). Three things matter for a
 * small board and are done here rather than by SDL:
 *  - font fallback: SDL2_ttf draws one font per call, so each string is cut
 *    into runs by the first face (DejaVu Sans, then NanumGothic, then the
 *    config's fonts) that has the glyph, and the runs are measured and drawn
 *    side by side on a common baseline;
 *  - a text texture cache: each line is rendered once, in its colour, and
 *    reused while it stays on screen, within a byte budget;
 *  - the software renderer where it can: no OpenGL loaded on X11, less memory.
 */
#include "plat.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/ui.h"
#include "../core/utf8.h"

#define MAX_FACES 24
#define MAX_TEXT_ENTRIES 1024
#define MAX_IMAGES 4
#define MAX_DOTS 4

typedef struct Face {
    char path[512];
    int bold;               /* a bold face: used for bold text first */
    TTF_Font *probe;        /* the face's only TTF_Font, at size px; NULL until used */
    int px;
    int failed;             /* the file would not open: skipped */
} Face;

typedef struct TextEntry {
    uint64_t hash;
    int font, ellipsis;
    Color color;
    char *text;
    size_t len;
    SDL_Texture *tex;
    int w, h;
    size_t bytes;
    uint64_t used;          /* frame number */
} TextEntry;

typedef struct Image {
    char name[256];
    int w, h;               /* the picture's own size */
    SDL_Surface *src;       /* decoded, until scaled into tex */
    SDL_Texture *tex;       /* scaled to tw x th */
    int tw, th;
    uint64_t used;
    int failed;
} Image;

#define WIDTH_CACHE_N 512
#define WIDTH_CACHE_STR 96
typedef struct WidthEntry {
    uint64_t key;
    int font, width, used;
    size_t len;
    char s[WIDTH_CACHE_STR];
} WidthEntry;

struct Plat {
    WidthEntry wcache[WIDTH_CACHE_N];   /* m_text_width's answers, by string */
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *target;    /* logical-size picture when rotated */
    int pw, ph;             /* window (physical) size */
    int lw, lh;             /* logical size */
    int rotate, fullscreen;
    int swap_xy, mirror_x, mirror_y;
    int can_block;          /* the video driver can sleep in SDL_WaitEventTimeout */
    Uint64 last_input_ms;   /* when the last event came (polling drivers) */
    int mouse_down;
    SDL_FingerID finger;
    int finger_down;

    Face faces[MAX_FACES];
    int nfaces;

    TextEntry text[MAX_TEXT_ENTRIES];
    int ntext;
    size_t text_bytes, text_budget;
    uint64_t frame;

    Image images[MAX_IMAGES];
    PlatImageLoadFn load_image;
    void *image_ctx;

    struct { int d; SDL_Texture *tex; } dots[MAX_DOTS];

    Metrics metrics;
    int ttf_inited, img_inited;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
    (void)sig;
    got_signal = 1;
}

/* --- fonts -------------------------------------------------------------- */

/* The TTF_Font of face i, opened on first use; NULL when it cannot be. */
static TTF_Font *
face_font(Plat *p, int i)
{
    Face *fc = &p->faces[i];

    if (fc->probe == NULL && !fc->failed) {
        fc->probe = TTF_OpenFont(fc->path, 16);
        if (fc->probe == NULL) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "font %s: %s", fc->path, TTF_GetError());
            fc->failed = 1;
            return NULL;
        }
        fc->px = 16;
        TTF_SetFontHinting(fc->probe, TTF_HINTING_LIGHT);
    }
    return fc->probe;
}

/* Add the font file at path to the fallback chain. The regular and bold
 * faces are opened at once (eager); the fallbacks only when a character
 * needs them, so a kiosk showing only Latin never loads the Hangul font. */
static int
add_face(Plat *p, const char *path, int bold, int eager)
{
    if (p->nfaces == MAX_FACES || access(path, R_OK) != 0)
        return 0;
    for (int i = 0; i < p->nfaces; i++)
        if (strcmp(p->faces[i].path, path) == 0)
            return 0;
    Face *fc = &p->faces[p->nfaces];
    memset(fc, 0, sizeof *fc);
    snprintf(fc->path, sizeof fc->path, "%s", path);
    fc->bold = bold;
    p->nfaces++;
    if (eager && face_font(p, p->nfaces - 1) == NULL) {
        p->nfaces--;
        return 0;
    }
    return 1;
}

/* The first of dirs[] holding 'file', added as a face. */
static void
find_face(Plat *p, const char *file, int bold, int eager)
{
    static const char *const dirs[] = {
        KIOSK_DATADIR "/fonts", "assets/fonts", "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/truetype/nanum", "/usr/share/fonts/opentype/noto",
        "/usr/share/fonts/truetype/noto",
    };
    char path[512];
    const char *env = getenv("NEWSKIOSK_FONT_DIR");

    if (env && env[0]) {
        snprintf(path, sizeof path, "%s/%s", env, file);
        if (add_face(p, path, bold, eager))
            return;
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dirs[i], file);
        if (add_face(p, path, bold, eager))
            return;
    }
}

/* The face's one TTF_Font, set to px. One FreeType face per font file, not
 * one per size: each holds the file's tables (NanumGothic's are large), and
 * the kiosk uses eight or so sizes. Switching size drops SDL_ttf's glyph
 * cache, which costs little because lines are rendered once and cached as
 * textures. */
static TTF_Font *
sized_font(Plat *p, int face, int px)
{
    Face *fc = &p->faces[face];

    if (face_font(p, face) == NULL)
        return face_font(p, 0);
    if (fc->px != px && TTF_SetFontSize(fc->probe, px) == 0)
        fc->px = px;
    return fc->probe;
}

/* The face to draw cp with: the first that has it, bold faces first for
 * bold text. Falls back to the first face (its "missing" box). */
static int
face_for(Plat *p, uint32_t cp, int bold)
{
    int fallback = -1;

    if (cp == '\n' || cp == ' ')
        return bold && p->faces[1].bold ? 1 : 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->nfaces; i++) {
            if ((pass == 0) != (p->faces[i].bold == bold))
                continue;
            TTF_Font *f = face_font(p, i);
            if (f && TTF_GlyphIsProvided32(f, cp)) {
                if (pass == 0)
                    return i;
                if (fallback < 0)
                    fallback = i;
            }
        }
    if (fallback >= 0)
        return fallback;
    return 0;
}

typedef struct Run {
    int face;
    size_t off, len;
} Run;

/* Cut s into runs of one face each. Returns the run count (<= max; a longer
 * tail is merged into the last run). */
static int
runs_of(Plat *p, int bold, const char *s, size_t len, Run *runs, int max)
{
    int n = 0;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        int f = face_for(p, cp, bold);
        if (n > 0 && (runs[n - 1].face == f || n == max || cp == ' ')) {
            runs[n - 1].len += k;
        } else {
            runs[n++] = (Run){f, i, k};
        }
        i += k;
    }
    return n;
}

static int
run_width(Plat *p, const Run *r, int px, const char *s)
{
    char buf[1024];
    char *tmp = r->len < sizeof buf ? buf : malloc(r->len + 1);
    int w = 0, h = 0;

    if (tmp == NULL)
        return 0;
    memcpy(tmp, s + r->off, r->len);
    tmp[r->len] = '\0';
    if (TTF_SizeUTF8(sized_font(p, r->face, px), tmp, &w, &h) != 0)
        w = 0;
    if (tmp != buf)
        free(tmp);
    return w;
}

static uint64_t
width_key(int font, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(unsigned)font;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Text widths are asked for the same strings every frame (a label, the
 * status line, the words of a wrapped card): shaping them again cost a
 * quarter of a transition frame. A small direct-mapped cache of short
 * strings, compared byte for byte, answers those. */
static int
m_text_width(void *ctx, int font, const char *s, size_t len)
{
    Plat *p = ctx;
    Run runs[64];
    int w = 0;
    uint64_t key = 0;
    WidthEntry *e = NULL;

    if (len <= WIDTH_CACHE_STR) {
        key = width_key(font, s, len);
        e = &p->wcache[key % WIDTH_CACHE_N];
        if (e->used && e->key == key && e->font == font && e->len == len &&
            memcmp(e->s, s, len) == 0)
            return e->width;
    }
    int n = runs_of(p, FONT_BOLD(font), s, len, runs, 64);
    for (int i = 0; i < n; i++)
        w += run_width(p, &runs[i], FONT_PX(font), s);
    if (e) {
        e->used = 1;
        e->key = key;
        e->font = font;
        e->len = len;
        memcpy(e->s, s, len);
        e->width = w;
    }
    return w;
}

static int
m_line_height(void *ctx, int font)
{
    Plat *p = ctx;
    return TTF_FontLineSkip(sized_font(p, FONT_BOLD(font) && p->faces[1].bold ? 1 : 0,
                                       FONT_PX(font)));
}

/* Render s (plus "…") in colour c on transparent, runs on one baseline.
 * Returns a new surface or NULL. */
static SDL_Surface *
render_line(Plat *p, int font, Color c, const char *s, size_t len, int ellipsis)
{
    Run runs[64];
    SDL_Surface *parts[64] = {0};
    int asc[64];
    char *buf = malloc(len + 4);
    SDL_Surface *out = NULL;
    int n, w = 0, top = 0, bottom = 0;
    SDL_Color fg = {(Uint8)COLOR_R(c), (Uint8)COLOR_G(c), (Uint8)COLOR_B(c), 255};

    if (buf == NULL)
        return NULL;
    memcpy(buf, s, len);
    if (ellipsis)
        memcpy(buf + len, "\xe2\x80\xa6", 3), len += 3;
    buf[len] = '\0';
    n = runs_of(p, FONT_BOLD(font), buf, len, runs, 64);
    for (int i = 0; i < n; i++) {
        TTF_Font *f = sized_font(p, runs[i].face, FONT_PX(font));
        char save = buf[runs[i].off + runs[i].len];
        buf[runs[i].off + runs[i].len] = '\0';
        parts[i] = TTF_RenderUTF8_Blended(f, buf + runs[i].off, fg);
        buf[runs[i].off + runs[i].len] = save;
        asc[i] = TTF_FontAscent(f);
        if (parts[i] == NULL)
            continue;
        w += parts[i]->w;
        if (asc[i] > top)
            top = asc[i];
        if (parts[i]->h - asc[i] > bottom)
            bottom = parts[i]->h - asc[i];
    }
    if (w > 0 && top + bottom > 0) {
        if (n == 1 && parts[0]) {
            out = parts[0];
            parts[0] = NULL;
        } else {
            out = SDL_CreateRGBSurfaceWithFormat(0, w, top + bottom, 32, SDL_PIXELFORMAT_ARGB8888);
            if (out) {
                int x = 0;
                SDL_FillRect(out, NULL, 0);
                for (int i = 0; i < n; i++) {
                    if (parts[i] == NULL)
                        continue;
                    SDL_Rect dst = {x, top - asc[i], parts[i]->w, parts[i]->h};
                    SDL_SetSurfaceBlendMode(parts[i], SDL_BLENDMODE_NONE);
                    SDL_BlitSurface(parts[i], NULL, out, &dst);
                    x += parts[i]->w;
                }
            }
        }
    }
    for (int i = 0; i < n; i++)
        SDL_FreeSurface(parts[i]);
    free(buf);
    return out;
}

/* --- text cache ----------------------------------------------------------- */

static uint64_t
hash_text(int font, int ellipsis, Color c, const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)font ^ ((uint64_t)ellipsis << 40) ^
                 ((uint64_t)c << 20);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void
drop_entry(Plat *p, int i)
{
    TextEntry *e = &p->text[i];
    SDL_DestroyTexture(e->tex);
    free(e->text);
    p->text_bytes -= e->bytes;
    p->text[i] = p->text[--p->ntext];
}

/* Evict least recently used entries not drawn this frame until within budget. */
static void
evict(Plat *p)
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

static TextEntry *
text_texture(Plat *p, const DrawOp *op)
{
    /* NOTE: each colour is its own texture. Drawing a pre-coloured texture
     * takes SDL's alpha-blit fast path, which skips the transparent pixels
     * around glyphs; a tinted (colour-modulated) one goes through the generic
     * blitter and cost 3x the instructions per frame. */
    Color rgb = op->color | 0xFF000000u;
    uint64_t h = hash_text(op->font, op->ellipsis, rgb, op->text, op->len);

    for (int i = 0; i < p->ntext; i++) {
        TextEntry *e = &p->text[i];
        if (e->hash == h && e->font == op->font && e->ellipsis == op->ellipsis &&
            e->color == rgb && e->len == op->len && memcmp(e->text, op->text, op->len) == 0) {
            e->used = p->frame;
            return e;
        }
    }
    if (p->ntext == MAX_TEXT_ENTRIES)
        evict(p);
    if (p->ntext == MAX_TEXT_ENTRIES)
        return NULL;
    SDL_Surface *s = render_line(p, op->font, rgb, op->text, op->len, op->ellipsis);
    if (s == NULL)
        return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(p->ren, s);
    int w = s->w, hh = s->h;
    SDL_FreeSurface(s);
    if (t == NULL)
        return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    char *copy = malloc(op->len + 1);
    if (copy == NULL) {
        SDL_DestroyTexture(t);
        return NULL;
    }
    memcpy(copy, op->text, op->len);
    copy[op->len] = '\0';
    TextEntry *e = &p->text[p->ntext++];
    *e = (TextEntry){h, op->font, op->ellipsis, rgb, copy, op->len, t, w, hh,
                     (size_t)w * (size_t)hh * 4, p->frame};
    p->text_bytes += e->bytes;
    return e;
}

/* --- images -------------------------------------------------------------- */

/* Decode image 'name' from the store into an ARGB surface, or NULL. */
static SDL_Surface *
decode_image(Plat *p, const char *name)
{
    void *data = NULL;
    size_t len = 0;
    SDL_Surface *s, *c;

    if (p->load_image == NULL || p->load_image(p->image_ctx, name, &data, &len) != K_OK ||
        len > INT32_MAX) {
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

/* The slot for image 'name', decoded on first use. The decoded picture is
 * kept only until it has been scaled to its box: a full-size photo is
 * megabytes, the box a fraction of that. */
static Image *
image_get(Plat *p, const char *name)
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
    slot->src = decode_image(p, name);
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
draw_image(Plat *p, const DrawOp *op)
{
    Image *im = image_get(p, op->text);
    SDL_Rect dst = {op->rect.x, op->rect.y, op->rect.w, op->rect.h};

    if (im->failed || dst.w <= 0 || dst.h <= 0)
        return;
    if (im->tex == NULL || im->tw != dst.w || im->th != dst.h) {
        SDL_DestroyTexture(im->tex);
        im->tex = NULL;
        if (im->src == NULL && (im->src = decode_image(p, im->name)) == NULL) {
            im->failed = 1;
            return;
        }
        /* crop the source to the box's aspect, then scale smoothly */
        int sw = im->src->w, sh = im->src->h;
        SDL_Rect crop = {0, 0, sw, sh};
        if ((int64_t)sw * dst.h > (int64_t)sh * dst.w) {
            crop.w = (int)((int64_t)sh * dst.w / dst.h);
            crop.x = (sw - crop.w) / 2;
        } else {
            crop.h = (int)((int64_t)sw * dst.h / dst.w);
            crop.y = (sh - crop.h) / 2;
        }
        SDL_Surface *scaled = SDL_CreateRGBSurfaceWithFormat(0, dst.w, dst.h, 32,
                                                             SDL_PIXELFORMAT_ARGB8888);
        if (scaled == NULL)
            return;
        if (SDL_SoftStretchLinear(im->src, &crop, scaled, NULL) != 0)
            SDL_BlitScaled(im->src, &crop, scaled, NULL);
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
plat_image_size(Plat *p, const char *name, int *w, int *h)
{
    Image *im = image_get(p, name);

    if (im->failed)
        return K_ENOTFOUND;
    *w = im->w;
    *h = im->h;
    return K_OK;
}

/* --- dots: an anti-aliased disc per size ---------------------------------- */

static SDL_Texture *
dot_texture(Plat *p, int d)
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

Plat *
plat_open(const PlatOpts *o, Err *err)
{
    Plat *p = calloc(1, sizeof *p);
    const char *drv;
    Uint32 flags = SDL_WINDOW_SHOWN;

    if (p == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        return NULL;
    }
    p->rotate = o->rotate;
    p->fullscreen = o->fullscreen;
    p->swap_xy = o->touch_swap_xy;
    p->mirror_x = o->touch_mirror_x;
    p->mirror_y = o->touch_mirror_y;
    p->load_image = o->load_image;
    p->image_ctx = o->image_ctx;

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
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

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
    p->lw = p->rotate == 90 || p->rotate == 270 ? p->ph : p->pw;
    p->lh = p->rotate == 90 || p->rotate == 270 ? p->pw : p->ph;
    if (p->rotate) {
        p->target = SDL_CreateTexture(p->ren, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_TARGET, p->lw, p->lh);
        if (p->target == NULL) {
            err_set(err, K_EIO, "cannot rotate: %s", SDL_GetError());
            goto fail;
        }
    }

    if (TTF_Init() != 0) {
        err_set(err, K_EIO, "fonts: %s", TTF_GetError());
        goto fail;
    }
    p->ttf_inited = 1;
    IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG);
    p->img_inited = 1;
    /* face 0 regular, face 1 bold, then fallbacks: order is the chain */
    find_face(p, "DejaVuSans.ttf", 0, 1);
    if (p->nfaces == 0) {
        err_set(err, K_EIO, "no usable font: install fonts-dejavu-core (make deps)");
        goto fail;
    }
    find_face(p, "DejaVuSans-Bold.ttf", 1, 1);
    if (p->nfaces == 1) {
        /* no bold file: a second instance of the regular one, emboldened */
        TTF_Font *f = TTF_OpenFont(p->faces[0].path, 16);
        if (f == NULL) {
            err_set(err, K_EIO, "font %s: %s", p->faces[0].path, TTF_GetError());
            goto fail;
        }
        TTF_SetFontStyle(f, TTF_STYLE_BOLD);
        TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
        p->faces[1] = p->faces[0];
        p->faces[1].probe = f;
        p->faces[1].bold = 1;
        p->nfaces = 2;
    }
    find_face(p, "NanumGothic.ttf", 0, 0);
    find_face(p, "NanumGothicBold.ttf", 1, 0);
    find_face(p, "NotoSansCJK-Regular.ttc", 0, 0);
    for (int i = 0; i < o->nfonts; i++)
        if (!add_face(p, o->fonts[i], 0, 0))
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "font %s: not readable", o->fonts[i]);

    p->metrics = (Metrics){p, m_text_width, m_line_height};
    /* about one screenful of text: what a frame and a slide need */
    p->text_budget = (size_t)p->lw * (size_t)p->lh * 4;
    if (p->text_budget < 1u << 20)
        p->text_budget = 1u << 20;
    return p;
fail:
    plat_close(p);
    return NULL;
}

void
plat_close(Plat *p)
{
    if (p == NULL)
        return;
    while (p->ntext)
        drop_entry(p, p->ntext - 1);
    for (int i = 0; i < MAX_IMAGES; i++) {
        SDL_FreeSurface(p->images[i].src);
        SDL_DestroyTexture(p->images[i].tex);
    }
    for (int i = 0; i < MAX_DOTS; i++)
        SDL_DestroyTexture(p->dots[i].tex);
    for (int i = 0; i < p->nfaces; i++)
        if (p->faces[i].probe)
            TTF_CloseFont(p->faces[i].probe);
    if (p->img_inited)
        IMG_Quit();
    if (p->ttf_inited)
        TTF_Quit();
    SDL_DestroyTexture(p->target);
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    if (p->win)
        SDL_DestroyWindow(p->win);
    SDL_Quit();
    free(p);
}

void
plat_size(const Plat *p, int *width, int *height)
{
    *width = p->lw;
    *height = p->lh;
}

const Metrics *
plat_metrics(Plat *p)
{
    return &p->metrics;
}

const char *
plat_driver(const Plat *p)
{
    (void)p;
    const char *d = SDL_GetCurrentVideoDriver();
    return d ? d : "";
}

int
plat_missing_glyphs(Plat *p, const char *s, size_t len)
{
    int missing = 0;
    size_t i = 0;

    while (i < len) {
        uint32_t cp;
        int found = 0;
        i += utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20)
            continue;
        for (int f = 0; f < p->nfaces && !found; f++)
            found = face_font(p, f) && TTF_GlyphIsProvided32(p->faces[f].probe, cp) != 0;
        missing += !found;
    }
    return missing;
}

size_t
plat_cache_bytes(const Plat *p)
{
    return p->text_bytes;
}

/* --- drawing ---------------------------------------------------------------- */

static void
set_color(Plat *p, Color c)
{
    SDL_SetRenderDrawColor(p->ren, (Uint8)COLOR_R(c), (Uint8)COLOR_G(c), (Uint8)COLOR_B(c),
                           (Uint8)COLOR_A(c));
    SDL_SetRenderDrawBlendMode(p->ren, COLOR_A(c) == 255 ? SDL_BLENDMODE_NONE
                                                         : SDL_BLENDMODE_BLEND);
}

int
plat_present(Plat *p, const DrawList *dl)
{
    int rc = K_OK;

    p->frame++;
    if (p->target && SDL_SetRenderTarget(p->ren, p->target) != 0)
        rc = K_EIO;
    SDL_RenderSetClipRect(p->ren, NULL);
    SDL_SetRenderDrawColor(p->ren, 0, 0, 0, 255);
    SDL_RenderClear(p->ren);
    for (size_t i = 0; i < dl->n; i++) {
        const DrawOp *op = &dl->ops[i];
        SDL_Rect r = {op->rect.x, op->rect.y, op->rect.w, op->rect.h};
        switch (op->kind) {
        case DRAW_FILL:
            set_color(p, op->color);
            SDL_RenderFillRect(p->ren, &r);
            break;
        case DRAW_TEXT: {
            if (op->len == 0 && !op->ellipsis)
                break;
            TextEntry *e = text_texture(p, op);
            if (e == NULL)
                break;
            SDL_Rect dst = {op->rect.x, op->rect.y, e->w, e->h};
            SDL_SetTextureAlphaMod(e->tex, (Uint8)COLOR_A(op->color));
            SDL_RenderCopy(p->ren, e->tex, NULL, &dst);
            break;
        }
        case DRAW_IMAGE:
            draw_image(p, op);
            break;
        case DRAW_DOT: {
            SDL_Texture *t = dot_texture(p, op->rect.w);
            if (t) {
                SDL_SetTextureColorMod(t, (Uint8)COLOR_R(op->color), (Uint8)COLOR_G(op->color),
                                       (Uint8)COLOR_B(op->color));
                SDL_RenderCopy(p->ren, t, NULL, &r);
            }
            break;
        }
        case DRAW_CLIP:
            SDL_RenderSetClipRect(p->ren, op->rect.w > 0 ? &r : NULL);
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
    return rc;
}

int
plat_screenshot(Plat *p, const char *path, Err *err)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, p->pw, p->ph, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = K_OK;
    size_t n = strlen(path);

    if (s == NULL)
        return err_set(err, K_ENOMEM, "screenshot: %s", SDL_GetError());
    if (SDL_RenderReadPixels(p->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        rc = err_set(err, K_EIO, "screenshot: %s", SDL_GetError());
        goto out;
    }
    if (n > 4 && SDL_strcasecmp(path + n - 4, ".png") == 0) {
        if (IMG_SavePNG(s, path) != 0)
            rc = err_set(err, K_EIO, "%s: %s", path, SDL_GetError());
    } else if (SDL_SaveBMP(s, path) != 0) {
        rc = err_set(err, K_EIO, "%s: %s", path, SDL_GetError());
    }
out:
    SDL_FreeSurface(s);
    return rc;
}

/* --- input -------------------------------------------------------------------- */

void
plat_window_to_logical(const Plat *p, int wx, int wy, int *x, int *y)
{
    switch (p->rotate) {
    case 90:
        *x = wy;
        *y = p->pw - 1 - wx;
        break;
    case 180:
        *x = p->pw - 1 - wx;
        *y = p->ph - 1 - wy;
        break;
    case 270:
        *x = p->ph - 1 - wy;
        *y = wx;
        break;
    default:
        *x = wx;
        *y = wy;
    }
}

static int
map_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: return UI_KEY_ENTER;
    case SDLK_BACKSPACE: case SDLK_AC_BACK: return UI_KEY_BACK;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_PAGEUP: return UI_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return UI_KEY_PAGEDOWN;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_F1: return UI_KEY_DIAG;
    case SDLK_TAB: case SDLK_l: return UI_KEY_LIST;
    }
    return 0;
}

int
plat_key_from_name(const char *name)
{
    return map_key(SDL_GetKeyFromName(name));
}

/* A finger position (0..1 of the panel) -> logical pixels, applying the
 * panel's quirks first and then the rotation. */
static void
finger_to_logical(const Plat *p, float fx, float fy, int *x, int *y)
{
    if (p->swap_xy) {
        float t = fx;
        fx = fy;
        fy = t;
    }
    if (p->mirror_x)
        fx = 1.0f - fx;
    if (p->mirror_y)
        fy = 1.0f - fy;
    int wx = (int)(fx * (float)p->pw), wy = (int)(fy * (float)p->ph);
    if (wx >= p->pw)
        wx = p->pw - 1;
    if (wy >= p->ph)
        wy = p->ph - 1;
    plat_window_to_logical(p, wx, wy, x, y);
}

/* Translate one SDL event. Returns 1 when ev was filled. */
static int
translate(Plat *p, const SDL_Event *e, PlatEvent *ev)
{
    memset(ev, 0, sizeof *ev);
    switch (e->type) {
    case SDL_QUIT:
        if (p->fullscreen)
            return 0;  /* nothing a reader does exits the kiosk */
        ev->kind = PLAT_EV_QUIT;
        return 1;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_RESTORED) {
            ev->kind = PLAT_EV_EXPOSE;
            return 1;
        }
        if (e->window.event == SDL_WINDOWEVENT_CLOSE && !p->fullscreen) {
            ev->kind = PLAT_EV_QUIT;
            return 1;
        }
        return 0;
    case SDL_KEYDOWN:
        ev->kind = PLAT_EV_KEY;
        ev->key = map_key(e->key.keysym.sym);
        return ev->key != 0;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return 0;
        p->mouse_down = e->type == SDL_MOUSEBUTTONDOWN;
        ev->kind = p->mouse_down ? PLAT_EV_DOWN : PLAT_EV_UP;
        plat_window_to_logical(p, e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !p->mouse_down)
            return 0;
        ev->kind = PLAT_EV_MOVE;
        plat_window_to_logical(p, e->motion.x, e->motion.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERDOWN:
        if (p->finger_down)
            return 0;  /* one finger at a time: the others are resting hands */
        p->finger_down = 1;
        p->finger = e->tfinger.fingerId;
        ev->kind = PLAT_EV_DOWN;
        finger_to_logical(p, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        if (!p->finger_down || e->tfinger.fingerId != p->finger)
            return 0;
        if (e->type == SDL_FINGERUP)
            p->finger_down = 0;
        ev->kind = e->type == SDL_FINGERUP ? PLAT_EV_UP : PLAT_EV_MOVE;
        finger_to_logical(p, e->tfinger.x, e->tfinger.y, &ev->x, &ev->y);
        return 1;
    }
    return 0;
}

int
plat_wait(Plat *p, int timeout_ms, PlatEvent *ev)
{
    SDL_Event e;
    Uint64 end = SDL_GetTicks64() + (Uint64)(timeout_ms > 0 ? timeout_ms : 0);

    for (;;) {
        if (got_signal) {
            got_signal = 0;
            memset(ev, 0, sizeof *ev);
            ev->kind = PLAT_EV_QUIT;
            return 1;
        }
        Uint64 now = SDL_GetTicks64();
        int left = now >= end ? 0 : (int)(end - now);
        int got;
        if (left == 0)
            got = SDL_PollEvent(&e);
        else if (p->can_block)
            got = SDL_WaitEventTimeout(&e, left);
        else if (!(got = SDL_PollEvent(&e))) {
            /* KMS/DRM and dummy cannot sleep until input: poll, briskly
             * while someone is touching, gently when nobody has for a while */
            Uint32 step = now - p->last_input_ms < 3000 ? 10 : 40;
            SDL_Delay((Uint32)left < step ? (Uint32)left : step);
        }
        if (got) {
            if (translate(p, &e, ev)) {
                p->last_input_ms = SDL_GetTicks64();
                return 1;
            }
            continue;
        }
        if (left == 0)
            return 0;
    }
}
