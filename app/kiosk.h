/* SPDX-License-Identifier: MIT
 *
 * kiosk.h - the `run` subcommand: the full-screen (or windowed) interface.
 * main.c parses arguments and the config, then hands over here.
 */
#ifndef KIOSK_KIOSK_H
#define KIOSK_KIOSK_H

#include "core/config.h"

typedef struct KioskOpts {
    const char *db_path;      /* the database to show (and import into) */
    const char *config_path;  /* passed on to the import child; NULL = none */
    const char *script;       /* --script FILE, or NULL for real time and input */
    const char *self_exe;     /* this binary, to run `import` in a child */
} KioskOpts;

/* Run the kiosk until quit. cfg holds the config with the command-line
 * overrides (size, rotate, fullscreen, watch) applied. Returns the process
 * exit status (0 on quit, 1 when the display cannot be opened). */
int kiosk_run(const Config *cfg, const KioskOpts *o);

#endif
