/* SPDX-License-Identifier: MIT
 *
 * status.h - the kiosk's status file, for an operator with many kiosks.
 *
 * The running kiosk writes OUTBOX/NAME.json (config `outbox`, `kiosk_name`)
 * at start, after every import and every status_seconds; a sync engine
 * sends the outbox back (send-only), so the editor's machine holds every
 * kiosk's file and `newskiosk fleet DIR` prints them as one table. The
 * diagnostics screen shows the same JSON, compact, as a QR code. Format
 * (docs/fleet.md; "format": 1, unknown keys are ignored by readers):
 *
 *   {"format":1, "kiosk":"deck-3", "written_at":"2026-11-29T14:00:00Z",
 *    "version":"0.9", "bundle":{"id":..., "title":..., "created":...,
 *    "imported_at":..., "signed":true, "key":"a1b2c3d4e5f60718"},
 *    "articles":42, "shown":40, "imports":[{"at":..., "result":"imported",
 *    "bundle":..., "imported":42, "skipped":0, "reason":""}],
 *    "uptime_s":86400, "free_bytes":123456789,
 *    "under_voltage":{"now":false,"since_boot":false}  (null: unknown)}
 *
 * cJSON builds and reads it.
 */
#ifndef KIOSK_STATUS_H
#define KIOSK_STATUS_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

#define STATUS_IMPORTS 5

typedef struct Status {
    char kiosk[64];
    char written_at[32];        /* ISO 8601 UTC */
    char version[32];
    StoreInfo bundle;           /* bundle_id "" = none imported */
    int shown;                  /* headlines in the loop */
    StoreImportRow imports[STATUS_IMPORTS];   /* newest first */
    int nimports;
    long long uptime_s;
    long long free_bytes;       /* -1 unknown */
    int uv_now, uv_since_boot;  /* -1 unknown (not a Raspberry Pi) */
} Status;

/* The status as JSON: pretty for the file, compact (and only the newest
 * import) for a QR code. malloc'd, free with free(); NULL when out of memory. */
char *status_json(const Status *s, int compact);

/* Parse a status file's len bytes into *s (missing fields stay empty, -1
 * for numbers not known). K_OK, or K_EPARSE with err naming 'name'. */
int status_parse(const char *json, size_t len, const char *name, Status *s, Err *err);

/* Write OUTBOX/KIOSK.json atomically (a hidden temporary, then rename).
 * K_OK or K_EIO with err naming the file. */
int status_write(const char *outbox, const Status *s, Err *err);

/* `newskiosk fleet DIR`: every *.json status under dir (not recursive)
 * as a table on out, oldest-written last; a kiosk whose file is older than
 * stale_s seconds at now_s is flagged STALE. Returns the number of kiosks,
 * or <0 with err set (dir unreadable). Unreadable files are listed as such. */
int status_fleet(const char *dir, int64_t now_s, int64_t stale_s, FILE *out, Err *err);

#endif
