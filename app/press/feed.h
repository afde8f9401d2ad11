/* SPDX-License-Identifier: MIT
 *
 * feed.h - the bytes of a feed (untrusted) -> Feed: RSS 0.9x and 2.0,
 * RSS 1.0 (RDF), Atom 1.0 (and 0.3), JSON Feed 1.0 and 1.1, and OPML lists
 * of feeds.
 *
 * XML goes through libxml2 in recover mode with the network off. Entities
 * are never substituted and no DTD is loaded, so an external entity
 * (file:///etc/passwd) is never read and an entity bomb never expands;
 * entity references are simply left out of the text. The document size is
 * capped (FEED_MAX_BYTES) and XML_PARSE_HUGE stays off, which keeps
 * libxml2's own limits on depth (256), names and text nodes.
 *
 * Encodings: a byte-order mark (UTF-8, UTF-16) or the XML declaration wins;
 * else the HTTP charset; else UTF-8 if the bytes are valid UTF-8, else
 * Windows-1252 (what an undeclared Western feed almost always is). Every
 * string in a Feed is valid UTF-8.
 */
#ifndef KIOSK_PRESS_FEED_H
#define KIOSK_PRESS_FEED_H

#include <stddef.h>

#include "../core/err.h"

#define FEED_MAX_BYTES (16u * 1024u * 1024u)   /* larger documents are refused */
#define FEED_MAX_ITEMS 5000                    /* more items: the rest ignored, truncated = 1 */
#define FEED_MAX_OUTLINES 1000                 /* feeds in one OPML file */

enum { FEED_RSS = 1, FEED_RDF, FEED_ATOM, FEED_JSON, FEED_OPML };

typedef struct FeedItem {
    char *title;      /* as written: may hold HTML or entities (html_to_line cleans it) */
    char *link;       /* absolute (resolved), or NULL */
    char *guid;       /* guid / id / rdf:about, or NULL */
    char *content;    /* the full body: HTML, or plain text when content_text, or NULL */
    char *summary;    /* description / summary: HTML or text, or NULL */
    int content_text; /* 1: 'content' is plain text (Atom type="text", content_text) */
    char *category;   /* the first category, or NULL */
    char *image;      /* a picture (enclosure, media:content, JSON image), resolved, or NULL */
    char *base;       /* what relative links in the body resolve against */
    char *lang;       /* the item's own language (xml:lang, JSON language), or NULL */
    long long when;   /* seconds since 1970 UTC, or -1 when undated or unreadable */
} FeedItem;

typedef struct FeedOutline {
    char *url;        /* the feed's location, resolved against the OPML file */
    char *title;      /* or NULL */
    char *category;   /* the outline's category attribute or its folder's name, or NULL */
} FeedOutline;

typedef struct Feed {
    int kind;                 /* FEED_* */
    char *title, *link, *lang;/* or NULL */
    FeedItem *items;
    size_t nitems;
    FeedOutline *outlines;    /* FEED_OPML only */
    size_t noutlines;
    int truncated;            /* 1: over FEED_MAX_ITEMS (or outlines), the rest ignored */
    int xml_errors;           /* errors libxml2 recovered from (0: well-formed) */
    char first_error[160];    /* "line N: message" of the first one */
    char encoding[40];        /* the encoding the bytes were read as */
} Feed;

/* Parse len bytes fetched from 'base' (a path or URL, used to resolve
 * relative links; may be NULL). charset is the HTTP charset or NULL.
 * Returns K_OK and fills *out (free with feed_free), or K_EPARSE (not a
 * feed, or nothing could be recovered), K_ELIMIT (over FEED_MAX_BYTES),
 * K_ENOMEM; err says which. */
int feed_parse(const char *data, size_t len, const char *base, const char *charset, Feed *out,
               Err *err);

/* Append a zeroed, undated item to f (both readers: XML and JSON Feed);
 * *cap is the caller's capacity of f->items. NULL when f already holds
 * FEED_MAX_ITEMS (f->truncated is set) or out of memory (*oom is set). */
FeedItem *feed_add_item(Feed *f, size_t *cap, int *oom);

/* Free everything in f (NULL-safe, also after a failed parse); zeroes it. */
void feed_free(Feed *f);

/* RFC 822 ("Mon, 06 Jan 2025 08:00:00 +0100", two-digit years, zone names)
 * or ISO 8601 / RFC 3339 ("2025-01-06T08:00:00Z", "2025-01-06") -> seconds
 * since 1970 UTC, or -1 when it is neither. */
long long feed_parse_date(const char *s);

/* ref resolved against base (RFC 3986; base may be a file path). Returns a
 * malloc'd string (free()) or NULL when out of memory or ref is NULL. */
char *feed_resolve(const char *base, const char *ref);

#endif
