/* SPDX-License-Identifier: MIT
 *
 * liveimport.h - sticks that appear while the kiosk runs.
 *
 * The kiosk names watch folders (config `watch`, `--watch DIR`): each
 * sub-folder of one is a stick's mount point (the board's udev rule mounts
 * sticks at /media/newskiosk/<name>). When one holding a newskiosk/ folder
 * appears (or is there at start: boot import), it is imported by a child
 * process, `newskiosk import --progress-fd 3`, so a bad stick can never
 * take the screen down. Its progress lines are read without blocking and
 * summed up in a LiveStatus for the import screen. A stick is tried once
 * while it stays plugged in; pulling it and plugging it back tries again
 * (and the importer then says it is unchanged, by its digest).
 *
 * Inboxes (config `inbox`) are followed the same way, with the rules of
 * inbox.h: a bundle there is tried once it is still and complete, again
 * when its files change, and LiveStatus.network says where it came from.
 * A bundle that changed under its import ends as LIVE_IDLE (nothing to
 * report: it is tried again). Sticks go first.
 */
#ifndef KIOSK_LIVEIMPORT_H
#define KIOSK_LIVEIMPORT_H

#include <stdint.h>

#include "core/config.h"

typedef struct LiveImport LiveImport;

enum {
    LIVE_IDLE = 0,     /* nothing to show */
    LIVE_RUNNING,      /* child importing: done/total are live */
    LIVE_DONE,         /* imported: imported/skipped/bundle_id */
    LIVE_UNCHANGED,    /* the stick's bundle was imported before */
    LIVE_FAILED,       /* rejected or failed: reason */
};

typedef struct LiveStatus {
    int state;
    int done, total;
    int imported, skipped;
    int network;             /* 1: a bundle from an inbox (a sync engine), not a stick */
    int stick_gone;          /* the stick went away before the child finished */
    int killed;              /* the child died by a signal (or was stopped as stuck):
                              * it logged nothing, the caller should */
    char stick[512];         /* the mount point */
    char bundle_id[128];
    char reason[600];        /* why it failed, in the importer's words */
    char skips[3][300];      /* the first warnings, for "skipped M and why" */
    int nskips;
    int64_t finished_ms;     /* when it ended (now_ms of live_poll) */
} LiveStatus;

/* Watch cfg->watch[] and cfg->inbox[] and import into db_path with the binary self_exe
 * (config_path passed on when not NULL; all strings copied). NULL when out
 * of memory. Free with live_free, which stops a running child. */
LiveImport *live_new(const Config *cfg, const char *self_exe, const char *db_path,
                     const char *config_path);
void live_free(LiveImport *li);

/* Do the work due at now_ms (monotonic ms): scan the watch folders (at
 * most every scan_ms), start a child for a new stick, read the child's
 * output, reap it. Fills *st with the current status. Returns 1 when the
 * status changed since the last call, else 0. Never blocks. */
int live_poll(LiveImport *li, int64_t now_ms, LiveStatus *st);

/* 1 while a child is importing. */
int live_busy(const LiveImport *li);

/* How often the folders are scanned; 1000 ms unless changed (tests). */
void live_set_scan_ms(LiveImport *li, int scan_ms);

/* Plain words for the import screen: a title line and detail lines
 * ("Imported 120 stories (3 skipped)", "You can remove the stick now.").
 * Returns title in title[] and the details, '\n'-separated, in detail[]. */
void live_describe(const LiveStatus *st, char *title, size_t tsize, char *detail, size_t dsize);

#endif
