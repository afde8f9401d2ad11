/* SPDX-License-Identifier: MIT
 *
 * config.c - the key = value config file. Start reading at config_parse().
 * Every key is documented in board/newskiosk.conf.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
config_defaults(Config *c)
{
    memset(c, 0, sizeof *c);
    c->cycle_seconds = 8;
    c->idle_seconds = 90;
    c->transition_ms = 400;
    c->diag_seconds = 30;
    c->require_signature = 1;   /* only takes effect when trusted keys are set */
    c->rotate = 0;
    c->night_start_min = -1;
    c->night_end_min = -1;
    c->drift_px = 4;
    c->inbox_quiet_seconds = 30;
    c->status_seconds = 300;
    memcpy(c->video, "auto", 5);
    memcpy(c->fb_device, "/dev/fb0", 9);
    memcpy(c->ui_lang, "en", 3);
    memcpy(c->languages, "en", 3);
    c->max_article_bytes = 1024L * 1024;
    c->max_line_bytes = 64L * 1024;
    c->max_files = 20000;
    c->max_total_bytes = 512LL * 1024 * 1024;
    c->max_image_bytes = 8L * 1024 * 1024;
    c->max_depth = 4;
}

typedef enum { T_INT, T_LLONG, T_LONG, T_BOOL, T_PATH, T_PATHLIST, T_STRLIST, T_SIZE,
               T_TIME, T_NIGHT, T_ROTATE, T_LANG, T_LANGS, T_NAME, T_VIDEO, T_DEVICE } Type;

typedef struct Key {
    const char *name;
    Type type;
    size_t off;          /* offsetof the field in Config */
    size_t count_off;    /* lists: offsetof the count */
    long long min, max;  /* numbers */
} Key;

#define F(f) offsetof(Config, f)
static const Key keys[] = {
    {"db", T_PATH, F(db), 0, 0, 0},
    {"cycle_seconds", T_INT, F(cycle_seconds), 0, 2, 3600},
    {"idle_seconds", T_INT, F(idle_seconds), 0, 5, 86400},
    {"transition_ms", T_INT, F(transition_ms), 0, 0, 5000},
    {"diag_seconds", T_INT, F(diag_seconds), 0, 3, 600},
    {"watch", T_PATHLIST, F(watch), F(nwatch), 0, 0},
    {"inbox", T_PATHLIST, F(inbox), F(ninbox), 0, 0},
    {"inbox_quiet_seconds", T_INT, F(inbox_quiet_seconds), 0, 1, 3600},
    {"outbox", T_PATH, F(outbox), 0, 0, 0},
    {"kiosk_name", T_NAME, F(kiosk_name), 0, 0, 0},
    {"status_seconds", T_INT, F(status_seconds), 0, 10, 86400},
    {"trusted_key", T_PATHLIST, F(trusted_key), F(ntrusted_key), 0, 0},
    {"require_signature", T_BOOL, F(require_signature), 0, 0, 1},
    {"strip_line", T_STRLIST, F(strip_line), F(nstrip_line), 0, 0},
    {"font", T_PATHLIST, F(font), F(nfont), 0, 0},
    {"video", T_VIDEO, F(video), 0, 0, 0},
    {"fb_device", T_DEVICE, F(fb_device), 0, 0, 0},
    {"rotate", T_ROTATE, F(rotate), 0, 0, 270},
    {"fullscreen", T_BOOL, F(fullscreen), 0, 0, 1},
    {"size", T_SIZE, F(width), F(height), 0, 0},
    {"touch_swap_xy", T_BOOL, F(touch_swap_xy), 0, 0, 1},
    {"touch_mirror_x", T_BOOL, F(touch_mirror_x), 0, 0, 1},
    {"touch_mirror_y", T_BOOL, F(touch_mirror_y), 0, 0, 1},
    {"large_text", T_BOOL, F(large_text), 0, 0, 1},
    {"high_contrast", T_BOOL, F(high_contrast), 0, 0, 1},
    {"night_start", T_TIME, F(night_start_min), 0, 0, 0},
    {"night_end", T_TIME, F(night_end_min), 0, 0, 0},
    {"night_mode", T_NIGHT, F(night_blank), 0, 0, 0},
    {"drift_px", T_INT, F(drift_px), 0, 0, 32},
    {"ui_lang", T_LANG, F(ui_lang), 0, 0, 0},
    {"languages", T_LANGS, F(languages), 0, 0, 0},
    {"max_article_bytes", T_LONG, F(max_article_bytes), 0, 1024, 64L * 1024 * 1024},
    {"max_line_bytes", T_LONG, F(max_line_bytes), 0, 256, 16L * 1024 * 1024},
    {"max_files", T_LONG, F(max_files), 0, 1, 1000000},
    {"max_total_bytes", T_LLONG, F(max_total_bytes), 0, 1024, 64LL * 1024 * 1024 * 1024},
    {"max_image_bytes", T_LONG, F(max_image_bytes), 0, 1024, 256L * 1024 * 1024},
    {"max_depth", T_INT, F(max_depth), 0, 1, 64},
};
#undef F

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int
parse_ll(const char *v, long long *out)
{
    char *end;

    errno = 0;
    if (*v == '\0')
        return -1;
    *out = strtoll(v, &end, 10);
    return (errno != 0 || *end != '\0') ? -1 : 0;
}

/* "HH:MM" -> minutes after midnight. */
static int
parse_time(const char *v, int *out)
{
    if (strlen(v) != 5 || v[2] != ':' || v[0] < '0' || v[0] > '2' || v[1] < '0' || v[1] > '9' ||
        v[3] < '0' || v[3] > '5' || v[4] < '0' || v[4] > '9')
        return -1;
    int h = (v[0] - '0') * 10 + (v[1] - '0'), m = (v[3] - '0') * 10 + (v[4] - '0');
    if (h > 23)
        return -1;
    *out = h * 60 + m;
    return 0;
}

/* A language code as gettext names its catalogues: ASCII letters and '_'
 * ("ar", "pt_BR", "zh_CN"), 2 to CONFIG_LANG_MAX - 1 bytes, starting with a
 * letter. n is the code's length (it need not be NUL-terminated). */
static int
lang_ok(const char *v, size_t n)
{
    if (n < 2 || n >= CONFIG_LANG_MAX || v[0] == '_')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'))
            return 0;
    }
    return 1;
}

/* Fields are reached through offsetof; memcpy keeps that free of casts
 * that -Wcast-align rightly distrusts on 32-bit ARM. */
static void
put_int(Config *c, size_t off, int v)
{
    memcpy((char *)c + off, &v, sizeof v);
}

static int
get_int(const Config *c, size_t off)
{
    int v;
    memcpy(&v, (const char *)c + off, sizeof v);
    return v;
}

static int
set_key(Config *c, const Key *k, const char *v, const char *path, int line, Err *err)
{
    char *base = (char *)c;
    long long n;

    switch (k->type) {
    case T_INT:
    case T_LONG:
    case T_LLONG:
        if (parse_ll(v, &n) != 0 || n < k->min || n > k->max)
            return err_setf(err, K_EUSAGE, path, line, "%s: expected a whole number from %lld to %lld, got '%s'",
                            k->name, k->min, k->max, v);
        if (k->type == T_INT) {
            put_int(c, k->off, (int)n);
        } else if (k->type == T_LONG) {
            long l = (long)n;
            memcpy(base + k->off, &l, sizeof l);
        } else {
            memcpy(base + k->off, &n, sizeof n);
        }
        return K_OK;
    case T_BOOL:
        if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
            put_int(c, k->off, 1);
        else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "off") == 0 ||
                 strcmp(v, "0") == 0)
            put_int(c, k->off, 0);
        else
            return err_setf(err, K_EUSAGE, path, line, "%s: expected true or false, got '%s'", k->name, v);
        return K_OK;
    case T_ROTATE:
        if (parse_ll(v, &n) != 0 || (n != 0 && n != 90 && n != 180 && n != 270))
            return err_setf(err, K_EUSAGE, path, line, "rotate: expected 0, 90, 180 or 270, got '%s'", v);
        c->rotate = (int)n;
        return K_OK;
    case T_VIDEO:
        if (strcmp(v, "auto") != 0 && strcmp(v, "kmsdrm") != 0 && strcmp(v, "x11") != 0 &&
            strcmp(v, "fb") != 0)
            return err_setf(err, K_EUSAGE, path, line,
                            "video: expected auto, kmsdrm, x11 or fb, got '%.32s'", v);
        memcpy(c->video, v, strlen(v) + 1);
        return K_OK;
    case T_DEVICE:
        /* an absolute path under /dev: a typo must not map some other file */
        if (strncmp(v, "/dev/", 5) != 0 || strlen(v) >= CONFIG_PATH_MAX || strstr(v, "/../"))
            return err_setf(err, K_EUSAGE, path, line,
                            "%s: expected a device path like /dev/fb1, got '%.64s'", k->name, v);
        memcpy(base + k->off, v, strlen(v) + 1);
        return K_OK;
    case T_PATH:
        if (v[0] == '\0' || strlen(v) >= CONFIG_PATH_MAX)
            return err_setf(err, K_EUSAGE, path, line, "%s: expected a path shorter than %d bytes",
                            k->name, CONFIG_PATH_MAX);
        memcpy(base + k->off, v, strlen(v) + 1);
        return K_OK;
    case T_PATHLIST:
    case T_STRLIST: {
        int count = get_int(c, k->count_off);
        size_t width = k->type == T_PATHLIST ? CONFIG_PATH_MAX : sizeof c->strip_line[0];
        int max = k->type == T_PATHLIST ? CONFIG_LIST_MAX : (int)(sizeof c->strip_line / sizeof c->strip_line[0]);
        if (v[0] == '\0' || strlen(v) >= width)
            return err_setf(err, K_EUSAGE, path, line, "%s: expected a value shorter than %zu bytes", k->name, width);
        if (count >= max)
            return err_setf(err, K_EUSAGE, path, line, "%s: at most %d entries", k->name, max);
        memcpy(base + k->off + (size_t)count * width, v, strlen(v) + 1);
        put_int(c, k->count_off, count + 1);
        return K_OK;
    }
    case T_SIZE: {
        int w, h;
        char tail;
        if (sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 160 || h < 120 || w > 8192 || h > 8192)
            return err_setf(err, K_EUSAGE, path, line, "size: expected WIDTHxHEIGHT like 800x480, got '%s'", v);
        c->width = w;
        c->height = h;
        return K_OK;
    }
    case T_TIME:
    {
        int minutes;
        if (parse_time(v, &minutes) != 0)
            return err_setf(err, K_EUSAGE, path, line, "%s: expected a time like 22:30, got '%s'", k->name, v);
        put_int(c, k->off, minutes);
        return K_OK;
    }
    case T_LANG:
        if (!lang_ok(v, strlen(v)))
            return err_setf(err, K_EUSAGE, path, line,
                            "ui_lang: expected a language code of letters and '_' like ar, "
                            "pt_BR or zh_CN, got '%.32s'", v);
        memcpy(c->ui_lang, v, strlen(v) + 1);
        return K_OK;
    case T_LANGS: {
        /* space-separated codes; tabs count as spaces */
        size_t len = strlen(v), words = 0;
        if (len >= CONFIG_LANGS_MAX)
            return err_setf(err, K_EUSAGE, path, line, "languages: expected a list shorter than %d bytes",
                            CONFIG_LANGS_MAX);
        for (size_t i = 0; i < len;) {
            size_t j = i;
            if (is_space(v[i])) {
                i++;
                continue;
            }
            while (j < len && !is_space(v[j]))
                j++;
            if (!lang_ok(v + i, j - i))
                return err_setf(err, K_EUSAGE, path, line,
                                "languages: expected language codes of letters and '_' separated by "
                                "spaces, like 'en ar hi', got '%.*s'",
                                (int)(j - i > 32 ? 32 : j - i), v + i);
            words++;
            i = j;
        }
        if (words == 0)
            return err_setf(err, K_EUSAGE, path, line, "languages: expected at least one language code");
        memcpy(c->languages, v, len + 1);
        return K_OK;
    }
    case T_NAME: {
        /* it names the status file: letters, digits, '.', '-', '_' */
        size_t len = strlen(v);
        int good = len > 0 && len < sizeof c->kiosk_name && v[0] != '.';
        for (size_t i = 0; good && i < len; i++) {
            char ch = v[i];
            good = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                   ch == '.' || ch == '-' || ch == '_';
        }
        if (!good)
            return err_setf(err, K_EUSAGE, path, line,
                            "kiosk_name: expected up to %zu letters, digits, '.', '-' or '_' "
                            "(not starting with '.'), got '%.64s'", sizeof c->kiosk_name - 1, v);
        memcpy(c->kiosk_name, v, len + 1);
        return K_OK;
    }
    case T_NIGHT:
        if (strcmp(v, "dim") == 0)
            c->night_blank = 0;
        else if (strcmp(v, "blank") == 0)
            c->night_blank = 1;
        else if (strcmp(v, "off") == 0)
            c->night_blank = 2;
        else
            return err_setf(err, K_EUSAGE, path, line,
                            "night_mode: expected dim, blank or off, got '%s'", v);
        return K_OK;
    }
    return err_setf(err, K_EUSAGE, path, line, "%s: unsupported", k->name);
}

int
config_parse(Config *c, const char *text, size_t len, const char *path, Err *err)
{
    const char *p = text, *end = text + len;
    int line = 0;
    char buf[1024];

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *s = p, *eq, *k, *v;
        size_t klen, vlen;

        line++;
        p = nl ? nl + 1 : end;
        while (n > 0 && is_space(*s)) {
            s++;
            n--;
        }
        /* '#' starts a comment at the line's start or after white space. */
        for (size_t i = 0; i < n; i++)
            if (s[i] == '#' && (i == 0 || is_space(s[i - 1]))) {
                n = i;
                break;
            }
        while (n > 0 && is_space(s[n - 1]))
            n--;
        if (n == 0)
            continue;
        if (n >= sizeof buf)
            return err_setf(err, K_EUSAGE, path, line, "line is too long");
        if (memchr(s, '\0', n) != NULL)
            return err_setf(err, K_EUSAGE, path, line, "binary data in the config file");
        eq = memchr(s, '=', n);
        if (eq == NULL)
            return err_setf(err, K_EUSAGE, path, line, "expected 'key = value'");
        k = s;
        klen = (size_t)(eq - s);
        while (klen > 0 && is_space(k[klen - 1]))
            klen--;
        v = eq + 1;
        vlen = (size_t)(s + n - v);
        while (vlen > 0 && is_space(*v)) {
            v++;
            vlen--;
        }
        if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
            v++;
            vlen -= 2;
        }
        const Key *key = NULL;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (strlen(keys[i].name) == klen && memcmp(keys[i].name, k, klen) == 0)
                key = &keys[i];
        if (key == NULL)
            return err_setf(err, K_EUSAGE, path, line, "unknown key '%.*s'", (int)(klen > 64 ? 64 : klen), k);
        memcpy(buf, v, vlen);
        buf[vlen] = '\0';
        int rc = set_key(c, key, buf, path, line, err);
        if (rc != K_OK)
            return rc;
    }
    return K_OK;
}
