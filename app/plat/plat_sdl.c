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
#include <SDL_syswm.h>
#include <SDL_ttf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hash.h"
#include "../core/touch.h"
#include "../core/ui.h"
#include "../core/utf8.h"
#include "../log.h"
#include "../text/unitext.h"

#define MAX_FACES 48
#define MAX_SCRIPT_FACES 64
#define CP_FACES_N 64
#define MAX_TEXT_ENTRIES 1024
#define MAX_IMAGES 4
#define CONFIG_FACES_MAX 16
#define MAX_DOTS 4

typedef struct Face {
    char path[512];
    int index;              /* face in a collection (.ttc) */
    int bold;               /* a bold face: used for bold text */
    int synth_bold;         /* a regular file emboldened by SDL_ttf */
    TTF_Font *probe;        /* the face's only TTF_Font, at size px; NULL until used */
    int px;
    int failed;             /* the file would not open: skipped */
} Face;

/* fontconfig's answers for a script: the face for its language (-1 when
 * none), then the faces found for whole runs that face lacked a letter of
 * (Urdu's ے in an Arabic face), in the order found: a run takes the first
 * that covers it, so the same text always gets the same face. */
typedef struct ScriptFace {
    uint32_t script;
    int bold, face;
    int wide[4], nwide;
    int misses;             /* runs no font covered: stop asking after a few */
} ScriptFace;

/* the face found for a code point no run face had, -1 when none */
typedef struct CpFace {
    int used;
    uint32_t cp;
    int bold, face;
} CpFace;

typedef struct TextEntry {
    uint64_t hash;
    int font, ellipsis, rtl;
    int yoff;               /* the texture starts this far above the line's top */
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
    int kms;                /* SDL's KMS/DRM driver: the board's own screen */
    int abs_pointer;        /* an absolute pointer (a touch frame as a mouse) and no
                             * relative mouse: SDL 2.26 on KMS/DRM reports its raw
                             * axes, which are scaled here by their range */
    int abs_min_x, abs_max_x, abs_min_y, abs_max_y;
    int panel_off;          /* plat_panel_power(0) powered it down */
    Uint64 last_input_ms;   /* when the last event came (polling drivers) */
    int mouse_down;
    SDL_FingerID finger;
    int finger_down;

    Face faces[MAX_FACES];
    int nfaces;
    int config_faces[CONFIG_FACES_MAX];  /* the config's `font =` files, preferred */
    int nconfig_faces;
    ScriptFace script_faces[MAX_SCRIPT_FACES];
    int nscript_faces;
    CpFace cp_faces[CP_FACES_N];
    int fc_ok;              /* fontconfig initialised: 1 yes, -1 it failed, 0 not yet */

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

static void probe_abs_pointer(Plat *p);

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
        fc->probe = TTF_OpenFontIndex(fc->path, 16, fc->index);
        if (fc->probe == NULL) {
            log_warn("font %s: %s", fc->path, TTF_GetError());
            fc->failed = 1;
            return NULL;
        }
        fc->px = 16;
        TTF_SetFontHinting(fc->probe, TTF_HINTING_LIGHT);
        if (fc->synth_bold)
            TTF_SetFontStyle(fc->probe, TTF_STYLE_BOLD);
    }
    return fc->probe;
}

/* Add face 'index' of the font file at path (bold: used for bold text;
 * synth_bold: a regular file drawn emboldened). Returns the face number, or
 * -1 when the table is full or the file unreadable. The regular and bold
 * faces are opened at once (eager); the others when a character needs them,
 * so a kiosk showing only Latin never loads the Hangul font. */
static int
add_face(Plat *p, const char *path, int index, int bold, int synth_bold, int eager)
{
    for (int i = 0; i < p->nfaces; i++)
        if (strcmp(p->faces[i].path, path) == 0 && p->faces[i].index == index &&
            p->faces[i].synth_bold == synth_bold && p->faces[i].bold == bold)
            return i;
    if (p->nfaces == MAX_FACES || access(path, R_OK) != 0)
        return -1;
    Face *fc = &p->faces[p->nfaces];
    memset(fc, 0, sizeof *fc);
    snprintf(fc->path, sizeof fc->path, "%s", path);
    fc->index = index;
    fc->bold = bold;
    fc->synth_bold = synth_bold;
    p->nfaces++;
    if (eager && face_font(p, p->nfaces - 1) == NULL) {
        p->nfaces--;
        return -1;
    }
    return p->nfaces - 1;
}

/* The first of dirs[] holding 'file', added as a face; -1 when none. */
static int
find_face(Plat *p, const char *file, int bold, int eager)
{
    static const char *const dirs[] = {
        KIOSK_DATADIR "/fonts", "assets/fonts", "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/truetype/nanum",
    };
    char path[512];
    const char *env = getenv("NEWSKIOSK_FONT_DIR");
    int f;

    if (env && env[0]) {
        snprintf(path, sizeof path, "%s/%s", env, file);
        if ((f = add_face(p, path, 0, bold, 0, eager)) >= 0)
            return f;
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dirs[i], file);
        if ((f = add_face(p, path, 0, bold, 0, eager)) >= 0)
            return f;
    }
    return -1;
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

/* 1 when face f has a glyph for every code point of s[0..len) that draws
 * something. */
static int
face_covers(Plat *p, int f, const char *s, size_t len)
{
    TTF_Font *font = face_font(p, f);
    size_t i = 0;

    if (font == NULL)
        return 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        if (cp == ' ' || unitext_is_ignorable(cp))
            continue;
        if (!TTF_GlyphIsProvided32(font, cp))
            return 0;
    }
    return 1;
}

/* Ask fontconfig for a sans-serif face for 'lang' and/or holding every code
 * point of s[0..len) (s may be NULL), regular or bold; add it and return
 * its number, or -1. Fonts of the matching order are tried until one truly
 * covers s, so a font that claims a language but lacks a letter of it
 * (Urdu's, say) is passed over for one that has it. */
static int
fc_face(Plat *p, const char *lang, const char *s, size_t len, int bold)
{
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = NULL;
    FcFontSet *set = NULL;
    FcResult res;
    int face = -1;

    /* fontconfig only when a script other than DejaVu's needs a face: its
     * configuration and cache cost a Latin-only kiosk 1.5 MiB for nothing */
    if (p->fc_ok == 0) {
        p->fc_ok = FcInit() == FcTrue ? 1 : -1;
        if (p->fc_ok < 0)
            log_warn("fontconfig: cannot initialise; DejaVu only");
    }
    if (pat == NULL || p->fc_ok < 0)
        goto done;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"sans-serif");
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    /* colour emoji fonts come in one huge bitmap size: outlines first */
    FcPatternAddBool(pat, FC_COLOR, FcFalse);
    if (lang)
        FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
    if (s) {
        cs = FcCharSetCreate();
        for (size_t i = 0; cs && i < len;) {
            uint32_t cp;
            i += utf8_decode(s + i, len - i, &cp);
            if (cp != ' ' && !unitext_is_ignorable(cp))
                FcCharSetAddChar(cs, cp);
        }
        if (cs)
            FcPatternAddCharSet(pat, FC_CHARSET, cs);
    }
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
    for (int i = 0; set && i < set->nfont && i < 48 && face < 0; i++) {
        FcChar8 *file = NULL;
        int index = 0, weight = FC_WEIGHT_REGULAR;
        FcCharSet *have = NULL;
        FcLangSet *langs = NULL;
        FcPattern *f = set->fonts[i];
        if (FcPatternGetString(f, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcBool scalable = FcTrue, color = FcFalse;
        FcPatternGetBool(f, FC_SCALABLE, 0, &scalable);
        FcPatternGetBool(f, FC_COLOR, 0, &color);
        /* NOTE: a colour emoji font holds one bitmap size (136 px for Noto
         * Color Emoji) that SDL_ttf draws as it is, over the text around
         * it: only outline fonts, drawn at the size of their line. */
        if (!scalable || color)
            continue;
        FcPatternGetInteger(f, FC_INDEX, 0, &index);
        FcPatternGetInteger(f, FC_WEIGHT, 0, &weight);
        if (cs && (FcPatternGetCharSet(f, FC_CHARSET, 0, &have) != FcResultMatch ||
                   !FcCharSetIsSubset(cs, have)))
            continue;
        if (!s && lang &&
            (FcPatternGetLangSet(f, FC_LANG, 0, &langs) != FcResultMatch ||
             FcLangSetHasLang(langs, (const FcChar8 *)lang) == FcLangDifferentLang))
            continue;
        face = add_face(p, (const char *)file, index, bold, bold && weight < FC_WEIGHT_DEMIBOLD,
                        0);
        if (face >= 0 && s && !face_covers(p, face, s, len))
            face = -1;
    }
done:
    if (set)
        FcFontSetDestroy(set);
    if (cs)
        FcCharSetDestroy(cs);
    if (pat)
        FcPatternDestroy(pat);
    return face;
}

/* The face for a run of one script, bold or not: the config's fonts first
 * ("prefer these"), then the kiosk's own (DejaVu for Latin, Cyrillic and
 * Greek), then what fontconfig finds for the script's language. -1 when
 * none covers the run. Answers per script are kept: a line asks for the
 * same two or three scripts again and again. */
static int
face_for_run(Plat *p, uint32_t script, int bold, const char *s, size_t len)
{
    for (int i = 0; i < p->nconfig_faces; i++)
        if (face_covers(p, p->config_faces[i], s, len))
            return p->config_faces[i];
    int base = bold ? 1 : 0;
    if (face_covers(p, base, s, len))
        return base;
    ScriptFace *sf = NULL;
    for (int i = 0; i < p->nscript_faces; i++)
        if (p->script_faces[i].script == script && p->script_faces[i].bold == bold) {
            sf = &p->script_faces[i];
            break;
        }
    if (sf == NULL && p->nscript_faces < MAX_SCRIPT_FACES) {
        sf = &p->script_faces[p->nscript_faces++];
        sf->script = script;
        sf->bold = bold;
        const char *lang = unitext_script_lang(script);
        sf->face = lang ? fc_face(p, lang, NULL, 0, bold) : -1;
    }
    if (sf == NULL || len == 0)
        return -1;
    if (sf->face >= 0 && face_covers(p, sf->face, s, len))
        return sf->face;
    for (int i = 0; i < sf->nwide; i++)
        if (face_covers(p, sf->wide[i], s, len))
            return sf->wide[i];
    /* one face for the whole run, found by its letters, rather than a
     * word drawn from two fonts */
    if (sf->nwide < (int)(sizeof sf->wide / sizeof sf->wide[0]) && sf->misses < 16) {
        int f = fc_face(p, unitext_script_lang(script), s, len, bold);
        if (f >= 0) {
            sf->wide[sf->nwide++] = f;
            return f;
        }
        sf->misses++;
    }
    return -1;
}

/* The face for one grapheme cluster that the run's face lacks: any face
 * already open that has all of it, else fontconfig by the characters
 * themselves. The answer for the cluster's first code point is kept, hit
 * or miss, so a missing glyph costs one font search per session. */
static int
face_for_cluster(Plat *p, int bold, const char *s, size_t len)
{
    uint32_t cp;
    utf8_decode(s, len, &cp);
    CpFace *c = &p->cp_faces[cp % CP_FACES_N];

    if (c->used && c->cp == cp && c->bold == bold &&
        (c->face < 0 || face_covers(p, c->face, s, len)))
        return c->face;
    int face = -1;
    for (int i = 0; i < p->nfaces && face < 0; i++)
        if (p->faces[i].probe && p->faces[i].bold == bold && face_covers(p, i, s, len))
            face = i;
    if (face < 0)
        face = fc_face(p, NULL, s, len, bold);
    *c = (CpFace){1, cp, bold, face};
    return face;
}

typedef struct Part {
    size_t off, len;
    int face;
    int rtl;
    uint32_t script;
} Part;

static int
push_part(Part **v, int *n, int *cap, Part part)
{
    if (*n > 0 && (*v)[*n - 1].face == part.face && (*v)[*n - 1].rtl == part.rtl &&
        (*v)[*n - 1].script == part.script && (*v)[*n - 1].off + (*v)[*n - 1].len == part.off) {
        (*v)[*n - 1].len += part.len;
        return K_OK;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        Part *nv = realloc(*v, (size_t)nc * sizeof *nv);
        if (nv == NULL)
            return K_ENOMEM;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = part;
    return K_OK;
}

/* Cut the line s[0..len) into parts that SDL_ttf can draw with one call:
 * one direction, one script, one face. The bidi algorithm orders them (base:
 * 1 right-to-left, 0 left-to-right, -1 first strong character) and a face
 * is chosen for a whole run; only where that face lacks a glyph is the run
 * cut, and then between grapheme clusters, so a letter never loses its
 * marks and an emoji sequence stays one. Parts come in visual order.
 * Returns the count and sets *out (free()), or < 0. */
static int
parts_of(Plat *p, int bold, const char *s, size_t len, int base, Part **out)
{
    TextRun *runs = NULL;
    Part *v = NULL;
    unsigned char *cl = NULL;
    int n = 0, cap = 0, rc = K_ENOMEM;
    int nruns = unitext_runs(s, len, base, &runs);
    int deflt = bold ? 1 : 0;

    *out = NULL;
    if (nruns < 0) {  /* no ICU answer: one left-to-right part */
        if (len == 0 || push_part(&v, &n, &cap, (Part){0, len, deflt, 0, UNITEXT_ZYYY}) < 0)
            goto fail;
        *out = v;
        return n;
    }
    for (int r = 0; r < nruns; r++) {
        const TextRun *run = &runs[r];
        int f = face_for_run(p, run->script, bold, s + run->off, run->len);
        if (f >= 0) {
            if (push_part(&v, &n, &cap, (Part){run->off, run->len, f, run->rtl, run->script}) < 0)
                goto fail;
            continue;
        }
        /* some cluster of the run has no glyph in the run's face */
        int rf = face_for_run(p, run->script, bold, s + run->off, 0);
        if (rf < 0)
            rf = deflt;
        free(cl);
        cl = malloc(run->len + 1);
        if (cl == NULL)
            goto fail;
        unitext_clusters(s + run->off, run->len, cl);
        int first = n;
        for (size_t i = 0; i < run->len;) {
            size_t j = i + 1;
            while (j < run->len && !cl[j])
                j++;
            int cf = face_covers(p, rf, s + run->off + i, j - i)
                         ? rf
                         : face_for_cluster(p, bold, s + run->off + i, j - i);
            if (cf < 0)
                cf = rf;  /* no font has it: the run's face draws its box */
            if (push_part(&v, &n, &cap, (Part){run->off + i, j - i, cf, run->rtl, run->script}) < 0)
                goto fail;
            i = j;
        }
        if (run->rtl)  /* the run's pieces, right to left on the screen */
            for (int a = first, b = n - 1; a < b; a++, b--) {
                Part t = v[a];
                v[a] = v[b];
                v[b] = t;
            }
    }
    *out = v;
    v = NULL;
    rc = n;
fail:
    free(runs);
    free(cl);
    free(v);
    return rc;
}

/* Set f up to shape a part: its direction and script, for HarfBuzz. */
static void
shape_as(TTF_Font *f, const Part *pt)
{
    char tag[5] = {(char)(pt->script >> 24), (char)(pt->script >> 16), (char)(pt->script >> 8),
                   (char)pt->script, 0};
    TTF_SetFontDirection(f, pt->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(f, tag);
}

/* A NUL-terminated copy of s[off..off+len) in buf (size n) or malloc'd. */
static char *
part_str(const char *s, const Part *pt, char *buf, size_t n)
{
    char *t = pt->len < n ? buf : malloc(pt->len + 1);
    if (t) {
        memcpy(t, s + pt->off, pt->len);
        t[pt->len] = '\0';
    }
    return t;
}

static int
part_width(Plat *p, const Part *pt, int px, const char *s)
{
    char buf[1024];
    char *tmp = part_str(s, pt, buf, sizeof buf);
    int w = 0, h = 0;

    if (tmp == NULL)
        return 0;
    TTF_Font *f = sized_font(p, pt->face, px);
    shape_as(f, pt);
    if (TTF_SizeUTF8(f, tmp, &w, &h) != 0)
        w = 0;
    if (tmp != buf)
        free(tmp);
    return w;
}

static uint64_t
width_key(int font, const char *s, size_t len)
{
    return hash_fnv1a(HASH_FNV1A_SEED ^ (uint64_t)(unsigned)font, s, len);
}

/* Text widths are asked for the same strings every frame (a label, the
 * status line, the words of a wrapped card): shaping them again cost a
 * quarter of a transition frame. A small direct-mapped cache of short
 * strings, compared byte for byte, answers those. The width does not
 * depend on the paragraph's direction (only the order of the parts does),
 * so the text is measured with its own first strong direction. */
static int
m_text_width(void *ctx, int font, const char *s, size_t len)
{
    Plat *p = ctx;
    Part *parts = NULL;
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
    int n = parts_of(p, FONT_BOLD(font), s, len, -1, &parts);
    for (int i = 0; i < n; i++)
        w += part_width(p, &parts[i], FONT_PX(font), s);
    free(parts);
    if (e && n >= 0) {
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
    return TTF_FontLineSkip(sized_font(p, FONT_BOLD(font) ? 1 : 0, FONT_PX(font)));
}

/* Render s (plus "…") in colour c on transparent: the parts side by side in
 * visual order on one baseline, which sits where the kiosk's own face puts
 * it (*yoff gets how far a taller script's glyphs reach above that line's
 * top). rtl is the paragraph's direction. Returns a new surface or NULL. */
static SDL_Surface *
render_line(Plat *p, int font, Color c, const char *s, size_t len, int ellipsis, int rtl,
            int *yoff)
{
    Part *parts = NULL;
    SDL_Surface **surf = NULL;
    int *asc = NULL;
    char *buf = malloc(len + 4);
    SDL_Surface *out = NULL;
    int n, w = 0, top, bottom = 0;
    int primary = TTF_FontAscent(sized_font(p, FONT_BOLD(font) ? 1 : 0, FONT_PX(font)));
    SDL_Color fg = {(Uint8)COLOR_R(c), (Uint8)COLOR_G(c), (Uint8)COLOR_B(c), 255};

    *yoff = 0;
    if (buf == NULL)
        return NULL;
    memcpy(buf, s, len);
    if (ellipsis)
        memcpy(buf + len, "\xe2\x80\xa6", 3), len += 3;
    buf[len] = '\0';
    top = primary;
    n = parts_of(p, FONT_BOLD(font), buf, len, rtl ? 1 : 0, &parts);
    if (n <= 0)
        goto done;
    surf = calloc((size_t)n, sizeof *surf);
    asc = calloc((size_t)n, sizeof *asc);
    if (surf == NULL || asc == NULL)
        goto done;
    for (int i = 0; i < n; i++) {
        TTF_Font *f = sized_font(p, parts[i].face, FONT_PX(font));
        char save = buf[parts[i].off + parts[i].len];
        buf[parts[i].off + parts[i].len] = '\0';
        shape_as(f, &parts[i]);
        surf[i] = TTF_RenderUTF8_Blended(f, buf + parts[i].off, fg);
        buf[parts[i].off + parts[i].len] = save;
        asc[i] = TTF_FontAscent(f);
        if (surf[i] == NULL)
            continue;
        w += surf[i]->w;
        if (asc[i] > top)
            top = asc[i];
        if (surf[i]->h - asc[i] > bottom)
            bottom = surf[i]->h - asc[i];
    }
    if (w > 0 && top + bottom > 0) {
        if (n == 1 && surf[0] && asc[0] == top) {
            out = surf[0];
            surf[0] = NULL;
        } else {
            out = SDL_CreateRGBSurfaceWithFormat(0, w, top + bottom, 32, SDL_PIXELFORMAT_ARGB8888);
            if (out) {
                int x = 0;
                SDL_FillRect(out, NULL, 0);
                for (int i = 0; i < n; i++) {
                    if (surf[i] == NULL)
                        continue;
                    SDL_Rect dst = {x, top - asc[i], surf[i]->w, surf[i]->h};
                    SDL_SetSurfaceBlendMode(surf[i], SDL_BLENDMODE_NONE);
                    SDL_BlitSurface(surf[i], NULL, out, &dst);
                    x += surf[i]->w;
                }
            }
        }
        *yoff = top - primary;
    }
done:
    for (int i = 0; surf && i < n; i++)
        SDL_FreeSurface(surf[i]);
    free(surf);
    free(asc);
    free(parts);
    free(buf);
    return out;
}

/* --- text cache ----------------------------------------------------------- */

static uint64_t
hash_text(int font, int ellipsis, Color c, const char *s, size_t len)
{
    uint64_t seed = HASH_FNV1A_SEED ^ (uint64_t)font ^ ((uint64_t)ellipsis << 40) ^
                    ((uint64_t)c << 20);

    return hash_fnv1a(seed, s, len);
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
    uint64_t h = hash_text(op->font, op->ellipsis | op->rtl << 1, rgb, op->text, op->len);

    for (int i = 0; i < p->ntext; i++) {
        TextEntry *e = &p->text[i];
        if (e->hash == h && e->font == op->font && e->ellipsis == op->ellipsis &&
            e->rtl == op->rtl &&
            e->color == rgb && e->len == op->len && memcmp(e->text, op->text, op->len) == 0) {
            e->used = p->frame;
            return e;
        }
    }
    if (p->ntext == MAX_TEXT_ENTRIES)
        evict(p);
    if (p->ntext == MAX_TEXT_ENTRIES)
        return NULL;
    int yoff = 0;
    SDL_Surface *s = render_line(p, op->font, rgb, op->text, op->len, op->ellipsis, op->rtl,
                                 &yoff);
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
    *e = (TextEntry){h, op->font, op->ellipsis, op->rtl, yoff, rgb, copy, op->len, t, w, hh,
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
    /* a kiosk on a console outlives its terminal: a hang-up (tty1 reset,
     * a serial line dropped) must not take the screen down */
    signal(SIGHUP, SIG_IGN);

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
        probe_abs_pointer(p);

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
    /* Face 0 regular and face 1 bold: DejaVu Sans, the kiosk's own face
     * for Latin, Cyrillic and Greek and its line metrics. Every other script
     * gets a face from fontconfig when a run of it first needs one; the
     * config's `font =` files are preferred to both. */
    if (find_face(p, "DejaVuSans.ttf", 0, 1) != 0) {
        err_set(err, K_EIO, "no usable font: install fonts-dejavu-core (make deps)");
        goto fail;
    }
    if (find_face(p, "DejaVuSans-Bold.ttf", 1, 1) != 1 &&
        add_face(p, p->faces[0].path, 0, 1, 1, 1) != 1) {
        err_set(err, K_EIO, "font %s: %s", p->faces[0].path, TTF_GetError());
        goto fail;
    }
    for (int i = 0; i < o->nfonts && p->nconfig_faces < CONFIG_FACES_MAX; i++) {
        int f = add_face(p, o->fonts[i], 0, 0, 0, 0);
        if (f < 0)
            log_warn("font %s: not readable", o->fonts[i]);
        else
            p->config_faces[p->nconfig_faces++] = f;
    }

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
    if (p->fc_ok > 0)
        FcFini();  /* fontconfig's caches, which leak checkers count otherwise */
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
    Part *parts = NULL;
    int missing = 0;
    int n = parts_of(p, 0, s, len, -1, &parts);

    for (int k = 0; k < n; k++) {
        const Part *pt = &parts[k];
        for (size_t i = pt->off; i < pt->off + pt->len;) {
            uint32_t cp;
            i += utf8_decode(s + i, pt->off + pt->len - i, &cp);
            if (cp < 0x20 || cp == ' ' || unitext_is_ignorable(cp))
                continue;
            missing += !face_font(p, pt->face) ||
                       !TTF_GlyphIsProvided32(p->faces[pt->face].probe, cp);
        }
    }
    free(parts);
    return missing;
}

int
plat_unfonted_scripts(Plat *p, const char *s, size_t len, uint32_t *scripts, int n, int max)
{
    Part *parts = NULL;
    int np = parts_of(p, 0, s, len, -1, &parts);

    for (int k = 0; k < np; k++) {
        const Part *pt = &parts[k];
        TTF_Font *f = face_font(p, pt->face);
        for (size_t i = pt->off; i < pt->off + pt->len;) {
            uint32_t cp;
            i += utf8_decode(s + i, pt->off + pt->len - i, &cp);
            if (cp < 0x20 || cp == ' ' || unitext_is_ignorable(cp) ||
                (f && TTF_GlyphIsProvided32(f, cp)))
                continue;
            uint32_t sc = unitext_script(cp);
            if (sc == UNITEXT_ZYYY || sc == UNITEXT_TAG('Z', 'i', 'n', 'h'))
                sc = pt->script;
            int seen = 0;
            for (int j = 0; j < n && !seen; j++)
                seen = scripts[j] == sc;
            if (!seen && n < max)
                scripts[n++] = sc;
        }
    }
    free(parts);
    return n;
}

int
plat_text_size(Plat *p, const DrawOp *op, int *w, int *h)
{
    int yoff;
    SDL_Surface *s = render_line(p, op->font, op->color | 0xFF000000u, op->text, op->len,
                                 op->ellipsis, op->rtl, &yoff);
    if (s == NULL)
        return K_EIO;
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    return K_OK;
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
            SDL_Rect dst = {op->rect.x, op->rect.y - e->yoff, e->w, e->h};
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
    /* NOTE: SDL 2.26's KMS/DRM driver re-creates the window surface at the
     * first swap after going full screen and shows that blank surface: the
     * first frame would be lost until something changed (up to a minute on
     * the empty screen, the clock's next redraw). Draw it twice. */
    if (p->kms && p->frame == 1)
        return plat_present(p, dl);
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
    TouchPanel tp = {p->pw, p->ph, p->swap_xy, p->mirror_x, p->mirror_y};
    int wx, wy;

    touch_to_window(&tp, fx, fy, &wx, &wy);
    plat_window_to_logical(p, wx, wy, x, y);
}

/* A mouse position -> logical pixels. An absolute pointer's raw axes are
 * scaled by its range and then mapped like a finger (quirks, rotation). */
static void
mouse_to_logical(const Plat *p, int mx, int my, int *x, int *y)
{
    if (p->abs_pointer)
        finger_to_logical(p, (float)touch_abs_unit(mx, p->abs_min_x, p->abs_max_x),
                          (float)touch_abs_unit(my, p->abs_min_y, p->abs_max_y), x, y);
    else
        plat_window_to_logical(p, mx, my, x, y);
}

#define BITS_LONG (8 * sizeof(long))
#define HAS_BIT(a, b) (((a)[(b) / BITS_LONG] >> ((b) % BITS_LONG)) & 1)

/* On KMS/DRM: is there a touch frame that presents itself as an absolute
 * mouse (ABS_X/ABS_Y, no multitouch), and no relative mouse? Then its raw
 * range, read with EVIOCGABS, scales the positions SDL passes on. */
static void
probe_abs_pointer(Plat *p)
{
    DIR *d = opendir("/dev/input");
    struct dirent *de;
    int found = 0, rel = 0;

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL) {
        char path[300];
        unsigned long absb[ABS_MAX / BITS_LONG + 1] = {0}, relb[REL_MAX / BITS_LONG + 1] = {0};
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (ioctl(fd, EVIOCGBIT(EV_REL, sizeof relb), relb) >= 0 && HAS_BIT(relb, REL_X))
            rel = 1;
        if (!found && ioctl(fd, EVIOCGBIT(EV_ABS, sizeof absb), absb) >= 0 &&
            HAS_BIT(absb, ABS_X) && HAS_BIT(absb, ABS_Y) && !HAS_BIT(absb, ABS_MT_POSITION_X)) {
            struct input_absinfo ax, ay;
            if (ioctl(fd, EVIOCGABS(ABS_X), &ax) == 0 && ioctl(fd, EVIOCGABS(ABS_Y), &ay) == 0 &&
                ax.maximum > ax.minimum && ay.maximum > ay.minimum) {
                p->abs_min_x = ax.minimum;
                p->abs_max_x = ax.maximum;
                p->abs_min_y = ay.minimum;
                p->abs_max_y = ay.maximum;
                found = 1;
            }
        }
        close(fd);
    }
    closedir(d);
    p->abs_pointer = found && !rel;
    if (found)
        log_info("absolute pointer %d..%d x %d..%d%s", p->abs_min_x, p->abs_max_x, p->abs_min_y,
                 p->abs_max_y, rel ? " beside a relative mouse: not scaled" : ": scaled");
}

/* Write value to every /sys/class/backlight/<panel>/bl_power
 * (NEWSKIOSK_BACKLIGHT_DIR for tests). Returns how many took it. */
static int
backlight_power(const char *value)
{
    const char *dir = getenv("NEWSKIOSK_BACKLIGHT_DIR");
    DIR *d = opendir(dir && dir[0] ? dir : "/sys/class/backlight");
    struct dirent *de;
    int n = 0;

    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL) {
        char path[600];
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s/bl_power", dir && dir[0] ? dir : "/sys/class/backlight",
                 de->d_name);
        FILE *f = fopen(path, "w");
        if (f == NULL)
            continue;
        n += fputs(value, f) >= 0;
        n -= fclose(f) != 0;
    }
    closedir(d);
    return n;
}

/* The DPMS property of every connected connector of SDL's DRM device. */
static int
drm_dpms(Plat *p, int on)
{
    SDL_SysWMinfo info;
    int n = 0;

    SDL_VERSION(&info.version);
    if (!p->kms || !SDL_GetWindowWMInfo(p->win, &info) || info.subsystem != SDL_SYSWM_KMSDRM)
        return 0;
    int fd = info.info.kmsdrm.drm_fd;
    drmModeRes *res = drmModeGetResources(fd);
    for (int i = 0; res && i < res->count_connectors; i++) {
        drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);
        if (c && c->connection == DRM_MODE_CONNECTED) {
            for (int k = 0; k < c->count_props; k++) {
                drmModePropertyRes *pr = drmModeGetProperty(fd, c->props[k]);
                if (pr && strcmp(pr->name, "DPMS") == 0 &&
                    drmModeConnectorSetProperty(fd, c->connector_id, pr->prop_id,
                                                on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF) == 0)
                    n++;
                drmModeFreeProperty(pr);
            }
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    return n;
}

int
plat_panel_power(Plat *p, int on)
{
    if (p->panel_off == !on)
        return 0;
    int n = backlight_power(on ? "0\n" : "4\n") + drm_dpms(p, on);
    p->panel_off = !on;
    log_info("panel %s (%d control%s)", on ? "on" : "off", n, n == 1 ? "" : "s");
    return n;
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
        mouse_to_logical(p, e->button.x, e->button.y, &ev->x, &ev->y);
        return 1;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !p->mouse_down)
            return 0;
        ev->kind = PLAT_EV_MOVE;
        mouse_to_logical(p, e->motion.x, e->motion.y, &ev->x, &ev->y);
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
