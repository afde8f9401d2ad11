/* SPDX-License-Identifier: MIT
 *
 * config.h - the runtime config file (key = value lines, '#' comments) and
 * its built-in defaults. libc only; the caller reads the file.
 *
 * Every key is documented in board/newskiosk.conf, the template the board
 * installer writes to /etc/newskiosk.conf. An unknown key or a bad value is
 * an error naming the line: the kiosk refuses to start rather than run with
 * a setting it misunderstood.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stddef.h>

#include "err.h"

#define CONFIG_PATH_MAX 512
#define CONFIG_LIST_MAX 16
#define CONFIG_LANG_MAX 16        /* a language code: "ar", "pt_BR", "zh_CN" */
#define CONFIG_LANGS_MAX 256      /* the languages list, as written */

typedef struct Config {
    char db[CONFIG_PATH_MAX];              /* "" = desktop default ($XDG_DATA_HOME/...) */
    int cycle_seconds;                     /* headline time on screen, 2..3600 */
    int idle_seconds;                      /* article -> headlines after, 5..86400 */
    int transition_ms;                     /* headline transition length, 0..5000 */
    int diag_seconds;                      /* diagnostics screen closes after, 3..600 */
    char watch[CONFIG_LIST_MAX][CONFIG_PATH_MAX];      /* may repeat */
    int nwatch;
    char inbox[CONFIG_LIST_MAX][CONFIG_PATH_MAX];      /* may repeat: a sync engine's folders */
    int ninbox;
    int inbox_quiet_seconds;               /* an inbox bundle is tried after this still, 1..3600 */
    char outbox[CONFIG_PATH_MAX];          /* "" = no status file */
    char kiosk_name[64];                   /* "" = the host name */
    int status_seconds;                    /* the status file is rewritten this often, 10..86400 */
    char trusted_key[CONFIG_LIST_MAX][CONFIG_PATH_MAX];/* may repeat */
    int ntrusted_key;
    int require_signature;                 /* with trusted keys: refuse unsigned */
    char strip_line[64][128];              /* may repeat: extra junk lines */
    int nstrip_line;
    char font[CONFIG_LIST_MAX][CONFIG_PATH_MAX];       /* may repeat: extra fallback fonts */
    int nfont;
    char video[8];                         /* "auto" (default), "kmsdrm", "x11" or "fb" */
    char fb_device[CONFIG_PATH_MAX];       /* video = fb: the device, default /dev/fb0 */
    int rotate;                            /* 0, 90, 180, 270 */
    int fullscreen;                        /* 1 = kiosk mode */
    int width, height;                     /* window size; 0 = default / screen size */
    int touch_swap_xy, touch_mirror_x, touch_mirror_y;
    int large_text;
    int high_contrast;
    int night_start_min, night_end_min;    /* minutes after midnight; -1 = off */
    int night_blank;                       /* 0 = dim, 1 = blank, 2 = panel off */
    int drift_px;                          /* burn-in drift amplitude, 0..32 */
    char ui_lang[CONFIG_LANG_MAX];         /* the kiosk's own words: "en" (default), "ar", ... */
    char languages[CONFIG_LANGS_MAX];      /* codes the board installer fits fonts for,
                                              space-separated; the kiosk only checks them */
    /* limits against a hostile stick */
    long max_article_bytes;
    long max_line_bytes;
    long max_files;
    long long max_total_bytes;
    long max_image_bytes;
    int max_depth;
} Config;

/* Fill c with the built-in defaults. */
void config_defaults(Config *c);

/* Apply the config text (len bytes, from file 'path', used in messages) on
 * top of what c holds. Returns K_OK, or K_EUSAGE with err naming the line
 * ("unknown key 'foo'", "cycle_seconds: expected a number from 2 to 3600"). */
int config_parse(Config *c, const char *text, size_t len, const char *path, Err *err);

#endif
