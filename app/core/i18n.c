/* SPDX-License-Identifier: MIT
 *
 * i18n.c - gettext set-up for the UI language (see i18n.h). Start reading at
 * i18n_init().
 */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"

/* The active language, and whether it mirrors. NOTE: process-global, as
 * gettext's own state is. */
static char cur_lang[I18N_LANG_MAX] = "en";
static int cur_rtl;

static int
is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
lang_valid(const char *s)
{
    size_t n = strlen(s);

    if (n < 2 || n >= I18N_LANG_MAX || s[0] == '_')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_'))
            return 0;
    return 1;
}

int
i18n_lang_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "ur", "he", "iw", "ps", "yi",
                                      "ckb", "sd", "ug", "dv"};
    size_t n;

    if (lang == NULL)
        return 0;
    n = strcspn(lang, "_");
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (strlen(rtl[i]) == n && memcmp(rtl[i], lang, n) == 0)
            return 1;
    return 0;
}

const char *
i18n_find_localedir(char *buf, size_t size)
{
    const char *env = getenv("NEWSKIOSK_LOCALEDIR");
    char exe[1024];
    ssize_t n;

    buf[0] = '\0';
    if (env && env[0]) {
        snprintf(buf, size, "%s", env);
        return buf;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if ((size_t)snprintf(buf, size, "%s/locale", exe) < size && is_dir(buf))
                return buf;
            slash = strrchr(exe, '/');
            if (slash) {
                *slash = '\0';
                if ((size_t)snprintf(buf, size, "%s/locale", exe) < size && is_dir(buf))
                    return buf;
            }
        }
    }
#ifdef KIOSK_DATADIR
    if ((size_t)snprintf(buf, size, "%s/locale", KIOSK_DATADIR) < size && is_dir(buf))
        return buf;
#endif
    buf[0] = '\0';
    return buf;
}

/* 1 when dir holds a catalogue for lang, or for its base language. */
static int
has_catalogue(const char *dir, const char *lang)
{
    char path[1200];
    size_t base = strcspn(lang, "_");

    if ((size_t)snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/" I18N_DOMAIN ".mo", dir, lang) <
            sizeof path && is_file(path))
        return 1;
    return (size_t)snprintf(path, sizeof path, "%s/%.*s/LC_MESSAGES/" I18N_DOMAIN ".mo", dir,
                            (int)base, lang) < sizeof path && is_file(path);
}

/* Make LC_MESSAGES a locale in which glibc honours LANGUAGE: anything but
 * "C"/"POSIX". C.UTF-8 is built into glibc 2.35+ and shipped by Debian's
 * libc-bin before that; the others are for systems without it. */
static int
messages_locale(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_GB.UTF-8"};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (setlocale(LC_MESSAGES, names[i]) != NULL)
            return 0;
    return -1;
}

/* Tell gettext its cached look-ups are stale (LANGUAGE changed): setting
 * the text domain, even to itself, bumps glibc's catalogue counter. */
static void
forget_lookups(void)
{
    const char *d = textdomain(NULL);
    char keep[128];

    snprintf(keep, sizeof keep, "%s", d ? d : "messages");
    textdomain(keep);
}

int
i18n_init(const char *ui_lang, const char *localedir)
{
    char found[1024];
    const char *lang = ui_lang && ui_lang[0] ? ui_lang : "en";
    int rc = K_OK;

    if (!lang_valid(lang)) {
        lang = "en";
        rc = K_EUSAGE;
    }
    /* Chinese without a region: the catalogue is Simplified (zh_CN) */
    if (strcmp(lang, "zh") == 0)
        lang = "zh_CN";
    if (localedir == NULL)
        localedir = i18n_find_localedir(found, sizeof found);

    snprintf(cur_lang, sizeof cur_lang, "%s", "en");
    cur_rtl = 0;
    if (strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0) {
        /* English whatever LANG or LANGUAGE the process inherited */
        setenv("LANGUAGE", "en", 1);
        forget_lookups();
        return rc;
    }
    if (localedir[0] == '\0' || !has_catalogue(localedir, lang) || messages_locale() != 0) {
        setenv("LANGUAGE", "en", 1);
        forget_lookups();
        return K_ENOTFOUND;
    }
    if (bindtextdomain(I18N_DOMAIN, localedir) == NULL ||
        bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL)
        return K_ENOMEM;
    setenv("LANGUAGE", lang, 1);
    forget_lookups();
    snprintf(cur_lang, sizeof cur_lang, "%s", lang);
    cur_rtl = i18n_lang_rtl(lang);
    return K_OK;
}

int
i18n_rtl(void)
{
    return cur_rtl;
}

const char *
i18n_lang(void)
{
    return cur_lang;
}

const char *
i18n_pgettext(const char *ctx_msgid, const char *msgid)
{
    const char *t = dgettext(I18N_DOMAIN, ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}
