/* SPDX-License-Identifier: MIT
 *
 * inbox.h - bundles written into a folder over time by a sync engine.
 *
 * An inbox (config `inbox`, may repeat) is a folder that Syncthing, rsync
 * or anything else fills file by file. Each sub-folder is one bundle (it
 * holds newskiosk/ or articles/ itself). Unlike a stick, which appears
 * whole when it is mounted, such a bundle is half there for a while, so the
 * rules are:
 *
 *   - a bundle is tried only once it has been still for the quiet period:
 *     no file added, removed, renamed, grown or rewritten (a fingerprint
 *     over every entry's name, size, mtime, ctime and inode) for quiet_ms;
 *   - never while a temporary of a sync engine is in it (Syncthing's
 *     .syncthing.NAME.tmp and ~syncthing~NAME.tmp, rsync's .NAME.XXXXXX):
 *     the engine is still writing;
 *   - a bundle that was tried is tried again only when its files change (a
 *     new edition synced over the old one); the importer's digest then
 *     decides whether anything is new;
 *   - a bundle that changed while it was being imported is not judged on
 *     that import: it is tried again once it is still.
 *
 * Only POSIX (opendir, lstat). Time is the caller's monotonic ms, so tests
 * drive it. Not thread-safe; one Inbox per loop.
 */
#ifndef KIOSK_INBOX_H
#define KIOSK_INBOX_H

#include <stddef.h>
#include <stdint.h>

typedef struct Inbox Inbox;

/* Watch the ndirs folders dirs[] (copied) with a quiet period of quiet_ms.
 * NULL when out of memory. Free with inbox_free (NULL-safe). */
Inbox *inbox_new(const char *const *dirs, int ndirs, int64_t quiet_ms);
void inbox_free(Inbox *ib);

/* Scan the inboxes at now_ms (monotonic). When a bundle is ready to be
 * tried, copies its folder into path (size bytes) and returns 1; the
 * caller then imports it and calls inbox_done() with the same path.
 * Returns 0 when none is ready. Bundles that went away are forgotten. */
int inbox_poll(Inbox *ib, int64_t now_ms, char *path, size_t size);

/* The import of path (from inbox_poll) ended. Returns 1 when the bundle is
 * the same as when the import started (its result stands), 0 when it
 * changed meanwhile (the result says nothing: it is tried again once it
 * is still). */
int inbox_done(Inbox *ib, const char *path, int64_t now_ms);

/* 1 when a file name is a sync engine's temporary, never to be read as
 * content: ".syncthing.*.tmp", "~syncthing~*", rsync's ".NAME.XXXXXX". */
int inbox_is_temp(const char *name);

#endif
