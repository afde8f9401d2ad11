/* SPDX-License-Identifier: MIT
 *
 * text.c - the text engine (see text.h): SDL2_ttf faces, fontconfig
 * fallback, lines cut into parts and shaped, measured and rendered.
 *
 * Start reading at text_open() and text_render(). Font fallback is done here
 * rather than by SDL: SDL2_ttf draws one font per call, so each string is cut
 * into runs by the first face (the config's fonts, then DejaVu Sans, then
 * what fontconfig finds for the run's script) that has the glyph, and the
 * runs are measured and drawn side by side on a common baseline.
 */
#include "text.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hash.h"
#include "../core/utf8.h"
#include "../log.h"
#include "../text/unitext.h"

#define MAX_FACES 48
#define MAX_SCRIPT_FACES 64
#define CP_FACES_N 64
#define CONFIG_FACES_MAX 16

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


#define WIDTH_CACHE_N 512
#define WIDTH_CACHE_STR 96
typedef struct WidthEntry {
    uint64_t key;
    int font, width, used;
    size_t len;
    char s[WIDTH_CACHE_STR];
} WidthEntry;


struct TextEngine {
    WidthEntry wcache[WIDTH_CACHE_N];   /* text_width's answers, by string */
    Face faces[MAX_FACES];
    int nfaces;
    int config_faces[CONFIG_FACES_MAX];  /* the config's `font =` files, preferred */
    int nconfig_faces;
    ScriptFace script_faces[MAX_SCRIPT_FACES];
    int nscript_faces;
    CpFace cp_faces[CP_FACES_N];
    int fc_ok;              /* fontconfig initialised: 1 yes, -1 it failed, 0 not yet */
    int ttf_inited;
    Metrics metrics;
};

/* --- fonts -------------------------------------------------------------- */

/* The TTF_Font of face i, opened on first use; NULL when it cannot be. */
static TTF_Font *
face_font(TextEngine *te, int i)
{
    Face *fc = &te->faces[i];

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
add_face(TextEngine *te, const char *path, int index, int bold, int synth_bold, int eager)
{
    for (int i = 0; i < te->nfaces; i++)
        if (strcmp(te->faces[i].path, path) == 0 && te->faces[i].index == index &&
            te->faces[i].synth_bold == synth_bold && te->faces[i].bold == bold)
            return i;
    if (te->nfaces == MAX_FACES || access(path, R_OK) != 0)
        return -1;
    Face *fc = &te->faces[te->nfaces];
    memset(fc, 0, sizeof *fc);
    snprintf(fc->path, sizeof fc->path, "%s", path);
    fc->index = index;
    fc->bold = bold;
    fc->synth_bold = synth_bold;
    te->nfaces++;
    if (eager && face_font(te, te->nfaces - 1) == NULL) {
        te->nfaces--;
        return -1;
    }
    return te->nfaces - 1;
}

/* The first of dirs[] holding 'file', added as a face; -1 when none. */
static int
find_face(TextEngine *te, const char *file, int bold, int eager)
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
        if ((f = add_face(te, path, 0, bold, 0, eager)) >= 0)
            return f;
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dirs[i], file);
        if ((f = add_face(te, path, 0, bold, 0, eager)) >= 0)
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
sized_font(TextEngine *te, int face, int px)
{
    Face *fc = &te->faces[face];

    if (face_font(te, face) == NULL)
        return face_font(te, 0);
    if (fc->px != px && TTF_SetFontSize(fc->probe, px) == 0)
        fc->px = px;
    return fc->probe;
}

/* 1 when face f has a glyph for every code point of s[0..len) that draws
 * something. */
static int
face_covers(TextEngine *te, int f, const char *s, size_t len)
{
    TTF_Font *font = face_font(te, f);
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
fc_face(TextEngine *te, const char *lang, const char *s, size_t len, int bold)
{
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = NULL;
    FcFontSet *set = NULL;
    FcResult res;
    int face = -1;

    /* fontconfig only when a script other than DejaVu's needs a face: its
     * configuration and cache cost a Latin-only kiosk 1.5 MiB for nothing */
    if (te->fc_ok == 0) {
        te->fc_ok = FcInit() == FcTrue ? 1 : -1;
        if (te->fc_ok < 0)
            log_warn("fontconfig: cannot initialise; DejaVu only");
    }
    if (pat == NULL || te->fc_ok < 0)
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
        face = add_face(te, (const char *)file, index, bold, bold && weight < FC_WEIGHT_DEMIBOLD,
                        0);
        if (face >= 0 && s && !face_covers(te, face, s, len))
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
face_for_run(TextEngine *te, uint32_t script, int bold, const char *s, size_t len)
{
    for (int i = 0; i < te->nconfig_faces; i++)
        if (face_covers(te, te->config_faces[i], s, len))
            return te->config_faces[i];
    int base = bold ? 1 : 0;
    if (face_covers(te, base, s, len))
        return base;
    ScriptFace *sf = NULL;
    for (int i = 0; i < te->nscript_faces; i++)
        if (te->script_faces[i].script == script && te->script_faces[i].bold == bold) {
            sf = &te->script_faces[i];
            break;
        }
    if (sf == NULL && te->nscript_faces < MAX_SCRIPT_FACES) {
        sf = &te->script_faces[te->nscript_faces++];
        sf->script = script;
        sf->bold = bold;
        const char *lang = unitext_script_lang(script);
        sf->face = lang ? fc_face(te, lang, NULL, 0, bold) : -1;
    }
    if (sf == NULL || len == 0)
        return -1;
    if (sf->face >= 0 && face_covers(te, sf->face, s, len))
        return sf->face;
    for (int i = 0; i < sf->nwide; i++)
        if (face_covers(te, sf->wide[i], s, len))
            return sf->wide[i];
    /* one face for the whole run, found by its letters, rather than a
     * word drawn from two fonts */
    if (sf->nwide < (int)(sizeof sf->wide / sizeof sf->wide[0]) && sf->misses < 16) {
        int f = fc_face(te, unitext_script_lang(script), s, len, bold);
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
face_for_cluster(TextEngine *te, int bold, const char *s, size_t len)
{
    uint32_t cp;
    utf8_decode(s, len, &cp);
    CpFace *c = &te->cp_faces[cp % CP_FACES_N];

    if (c->used && c->cp == cp && c->bold == bold &&
        (c->face < 0 || face_covers(te, c->face, s, len)))
        return c->face;
    int face = -1;
    for (int i = 0; i < te->nfaces && face < 0; i++)
        if (te->faces[i].probe && te->faces[i].bold == bold && face_covers(te, i, s, len))
            face = i;
    if (face < 0)
        face = fc_face(te, NULL, s, len, bold);
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
parts_of(TextEngine *te, int bold, const char *s, size_t len, int base, Part **out)
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
        int f = face_for_run(te, run->script, bold, s + run->off, run->len);
        if (f >= 0) {
            if (push_part(&v, &n, &cap, (Part){run->off, run->len, f, run->rtl, run->script}) < 0)
                goto fail;
            continue;
        }
        /* some cluster of the run has no glyph in the run's face */
        int rf = face_for_run(te, run->script, bold, s + run->off, 0);
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
            int cf = face_covers(te, rf, s + run->off + i, j - i)
                         ? rf
                         : face_for_cluster(te, bold, s + run->off + i, j - i);
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
part_width(TextEngine *te, const Part *pt, int px, const char *s)
{
    char buf[1024];
    char *tmp = part_str(s, pt, buf, sizeof buf);
    int w = 0, h = 0;

    if (tmp == NULL)
        return 0;
    TTF_Font *f = sized_font(te, pt->face, px);
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
int
text_width(TextEngine *te, int font, const char *s, size_t len)
{
    Part *parts = NULL;
    int w = 0;
    uint64_t key = 0;
    WidthEntry *e = NULL;

    if (len <= WIDTH_CACHE_STR) {
        key = width_key(font, s, len);
        e = &te->wcache[key % WIDTH_CACHE_N];
        if (e->used && e->key == key && e->font == font && e->len == len &&
            memcmp(e->s, s, len) == 0)
            return e->width;
    }
    int n = parts_of(te, FONT_BOLD(font), s, len, -1, &parts);
    for (int i = 0; i < n; i++)
        w += part_width(te, &parts[i], FONT_PX(font), s);
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

int
text_line_height(TextEngine *te, int font)
{
    return TTF_FontLineSkip(sized_font(te, FONT_BOLD(font) ? 1 : 0, FONT_PX(font)));
}

/* The parts side by side in visual order on one baseline, which sits where
 * the kiosk's own face puts it (see text.h). */
SDL_Surface *
text_render(TextEngine *te, int font, Color c, const char *s, size_t len, int ellipsis, int rtl,
            int *yoff)
{
    Part *parts = NULL;
    SDL_Surface **surf = NULL;
    int *asc = NULL;
    char *buf = malloc(len + 4);
    SDL_Surface *out = NULL;
    int n, w = 0, top, bottom = 0;
    int primary = TTF_FontAscent(sized_font(te, FONT_BOLD(font) ? 1 : 0, FONT_PX(font)));
    SDL_Color fg = {(Uint8)COLOR_R(c), (Uint8)COLOR_G(c), (Uint8)COLOR_B(c), 255};

    *yoff = 0;
    if (buf == NULL)
        return NULL;
    memcpy(buf, s, len);
    if (ellipsis)
        memcpy(buf + len, "\xe2\x80\xa6", 3), len += 3;
    buf[len] = '\0';
    top = primary;
    n = parts_of(te, FONT_BOLD(font), buf, len, rtl ? 1 : 0, &parts);
    if (n <= 0)
        goto done;
    surf = calloc((size_t)n, sizeof *surf);
    asc = calloc((size_t)n, sizeof *asc);
    if (surf == NULL || asc == NULL)
        goto done;
    for (int i = 0; i < n; i++) {
        TTF_Font *f = sized_font(te, parts[i].face, FONT_PX(font));
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

int
text_missing_glyphs(TextEngine *te, const char *s, size_t len)
{
    Part *parts = NULL;
    int missing = 0;
    int n = parts_of(te, 0, s, len, -1, &parts);

    for (int k = 0; k < n; k++) {
        const Part *pt = &parts[k];
        for (size_t i = pt->off; i < pt->off + pt->len;) {
            uint32_t cp;
            i += utf8_decode(s + i, pt->off + pt->len - i, &cp);
            if (cp < 0x20 || cp == ' ' || unitext_is_ignorable(cp))
                continue;
            missing += !face_font(te, pt->face) ||
                       !TTF_GlyphIsProvided32(te->faces[pt->face].probe, cp);
        }
    }
    free(parts);
    return missing;
}

int
text_unfonted_scripts(TextEngine *te, const char *s, size_t len, uint32_t *scripts, int n,
                      int max)
{
    Part *parts = NULL;
    int np = parts_of(te, 0, s, len, -1, &parts);

    for (int k = 0; k < np; k++) {
        const Part *pt = &parts[k];
        TTF_Font *f = face_font(te, pt->face);
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


static int
m_text_width(void *ctx, int font, const char *s, size_t len)
{
    return text_width(ctx, font, s, len);
}

static int
m_line_height(void *ctx, int font)
{
    return text_line_height(ctx, font);
}

const Metrics *
text_metrics(TextEngine *te)
{
    return &te->metrics;
}

/* --- open / close ---------------------------------------------------------- */

TextEngine *
text_open(const char *const *fonts, int nfonts, Err *err)
{
    TextEngine *te = calloc(1, sizeof *te);

    if (te == NULL) {
        err_set(err, K_ENOMEM, "out of memory");
        return NULL;
    }
    if (TTF_Init() != 0) {
        err_set(err, K_EIO, "fonts: %s", TTF_GetError());
        goto fail;
    }
    te->ttf_inited = 1;
    /* Face 0 regular and face 1 bold: DejaVu Sans, the kiosk's own face
     * for Latin, Cyrillic and Greek and its line metrics. Every other script
     * gets a face from fontconfig when a run of it first needs one; the
     * config's `font =` files are preferred to both. */
    if (find_face(te, "DejaVuSans.ttf", 0, 1) != 0) {
        err_set(err, K_EIO, "no usable font: install fonts-dejavu-core (make deps)");
        goto fail;
    }
    if (find_face(te, "DejaVuSans-Bold.ttf", 1, 1) != 1 &&
        add_face(te, te->faces[0].path, 0, 1, 1, 1) != 1) {
        err_set(err, K_EIO, "font %s: %s", te->faces[0].path, TTF_GetError());
        goto fail;
    }
    for (int i = 0; i < nfonts && te->nconfig_faces < CONFIG_FACES_MAX; i++) {
        int f = add_face(te, fonts[i], 0, 0, 0, 0);
        if (f < 0)
            log_warn("font %s: not readable", fonts[i]);
        else
            te->config_faces[te->nconfig_faces++] = f;
    }
    te->metrics = (Metrics){te, m_text_width, m_line_height};
    return te;
fail:
    text_close(te);
    return NULL;
}

void
text_close(TextEngine *te)
{
    if (te == NULL)
        return;
    for (int i = 0; i < te->nfaces; i++)
        if (te->faces[i].probe)
            TTF_CloseFont(te->faces[i].probe);
    if (te->ttf_inited)
        TTF_Quit();
    if (te->fc_ok > 0)
        FcFini();  /* fontconfig's caches, which leak checkers count otherwise */
    free(te);
}
