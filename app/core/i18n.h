/* SPDX-License-Identifier: MIT
 *
 * i18n.h - the kiosk's own words in the reader's language (config ui_lang),
 * through gettext catalogues (po/<lang>.po, compiled by mk/i18n.mk into
 * <localedir>/<lang>/LC_MESSAGES/newskiosk.mo), and whether that language is
 * written right to left, which mirrors the chrome (ui.c).
 *
 * Marking strings, for xgettext (mk/i18n.mk `make pot` knows these keywords):
 *     _("Back")                       a message
 *     N_("Back")                      marked only; translate later with _()
 *     _n("%d story", "%d stories", n) a count (dngettext: the plural forms
 *                                     of the catalogue's language)
 *     C_("month", "May")              a message with a context, for short
 *                                     words that mean several things
 * A format with several arguments stays in the source's order (C11 printf
 * has no %1$s); a translation may reorder with %1$s, %2$s, which glibc's
 * printf understands.
 *
 * Before i18n_init, and for a language without a catalogue, every message
 * is its English msgid. glibc only: it uses the process's LC_MESSAGES and
 * LANGUAGE (see i18n_init), so it is process-global state, set once at
 * start-up (tests may call it again to switch). Not thread-safe.
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <libintl.h>
#include <stddef.h>

#define I18N_DOMAIN "newskiosk"
#define I18N_LANG_MAX 16

#define _(s) dgettext(I18N_DOMAIN, s)
#define N_(s) (s)
#define _n(s, p, n) dngettext(I18N_DOMAIN, s, p, (unsigned long)(n))
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* Show messages in ui_lang ("ar", "pt_BR", "zh_CN"; "en", "" or NULL =
 * English) from catalogues under localedir (NULL = i18n_find_localedir).
 *
 * Works whatever the system's locale (systemd services and tests run with
 * no LANG, i.e. the "C" locale, in which glibc's gettext would ignore
 * LANGUAGE and return every msgid untranslated) and without the language's
 * locale being generated: it sets only LC_MESSAGES, to the built-in
 * C.UTF-8, names the language in the LANGUAGE environment variable
 * (inherited by child processes, which is harmless), asks for UTF-8
 * whatever LC_CTYPE says, and tells gettext to forget what it looked up
 * before. Other locale categories (numbers, ctype) are left alone.
 *
 * Returns K_OK; K_EUSAGE for a ui_lang that is not a language code (English
 * stays); K_ENOTFOUND when no catalogue for it (nor for its base language:
 * pt_BR -> pt) is in localedir, or no UTF-8 messages locale exists: the
 * words stay English and nothing mirrors. */
int i18n_init(const char *ui_lang, const char *localedir);

/* Where the catalogues are, into buf (size bytes): $NEWSKIOSK_LOCALEDIR if
 * set; else locale/ beside the running binary (/proc/self/exe: a build
 * tree's build/<dir>/locale) or one folder up (the unit tests in
 * build/<dir>/tests); else KIOSK_DATADIR/locale (the installed ones). The
 * build tree comes before the installed copy so that a development binary
 * never reads an older installed catalogue; an installed binary
 * (PREFIX/bin) has no locale/ beside it. Returns buf; "" when none exists. */
const char *i18n_find_localedir(char *buf, size_t size);

/* 1 when the active UI language (after i18n_init) is written right to left
 * and its catalogue was found, else 0. */
int i18n_rtl(void);

/* 1 when language code lang (its part before '_') is written right to
 * left: ar, fa, ur, he, ps, yi, ckb, sd, ug, dv. Pure. */
int i18n_lang_rtl(const char *lang);

/* The active UI language, "en" before i18n_init or after a failure. */
const char *i18n_lang(void);

/* pgettext: the translation of ctx_msgid ("context\004msgid"), or msgid
 * when there is none. Use through C_(). */
const char *i18n_pgettext(const char *ctx_msgid, const char *msgid)
    __attribute__((format_arg(2)));

#endif
