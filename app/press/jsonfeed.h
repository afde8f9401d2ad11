/* SPDX-License-Identifier: MIT
 *
 * jsonfeed.h - JSON Feed 1.0 and 1.1 (jsonfeed.org) -> Feed. The only
 * file of press that sees cJSON (scripts/check-seams.sh: cJSON is for
 * app/bundle/manifest.c and app/press/jsonfeed.c alone); feed_parse()
 * hands it any document that starts with '{'.
 */
#ifndef KIOSK_PRESS_JSONFEED_H
#define KIOSK_PRESS_JSONFEED_H

#include <stddef.h>

#include "../core/err.h"
#include "feed.h"

/* Parse len bytes of JSON fetched from 'base' (resolves relative links;
 * may be NULL) into *out, which must be zeroed. Returns K_OK (out->kind is
 * FEED_JSON, at most FEED_MAX_ITEMS items, every string valid UTF-8);
 * K_EPARSE (not JSON, not an object, no jsonfeed.org "version") or
 * K_ENOMEM, with err set and *out freed and zeroed. */
int jsonfeed_parse(const char *data, size_t len, const char *base, Feed *out, Err *err);

#endif
