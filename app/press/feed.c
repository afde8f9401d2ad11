/* SPDX-License-Identifier: MIT
 *
 * feed.c - feeds -> Feed; see feed.h. Start reading at feed_parse(): it
 * tells JSON from XML, picks the encoding, parses with libxml2 and hands
 * the tree to rss(), atom() or opml(); JSON Feed goes to jsonfeed_parse() (jsonfeed.c).
 */
#include "feed.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlversion.h>

#include "../core/utf8.h"
#include "../core/vec.h"
#include "jsonfeed.h"

#define NS_CONTENT "purl.org/rss/1.0/modules/content"
#define NS_MEDIA "search.yahoo.com/mrss"

typedef struct P {
    Feed *f;
    xmlDoc *doc;
    size_t cap, ocap;
    int oom;
} P;

/* --- small helpers -------------------------------------------------- */

static char *
dup_str(P *p, const char *s)
{
    char *d;

    if (s == NULL)
        return NULL;
    if ((d = strdup(s)) == NULL)
        p->oom = 1;
    return d;
}

/* Keep the first value: set *field only when it is still empty. */
static void
set_once(P *p, char **field, char *value)
{
    if (value == NULL)
        return;
    if (*field != NULL || value[0] == '\0') {
        free(value);
        return;
    }
    (void)p;
    *field = value;
}

static const char *
lname(const xmlNode *n)
{
    return n->name ? (const char *)n->name : "";
}

static int
is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp(lname(n), name) == 0;
}

static int
in_ns(const xmlNode *n, const char *frag)
{
    return n->ns && n->ns->href && strstr((const char *)n->ns->href, frag) != NULL;
}

static char *
attr(P *p, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = NULL;

    if (v) {
        s = dup_str(p, (const char *)v);
        xmlFree(v);
    }
    return s;
}

/* Text and CDATA below n, in order; entity references are left out (never
 * expanded). Depth is bounded by the parser's own limit. */
static void
collect_text(P *p, const xmlNode *n, xmlBuffer *buf)
{
    for (const xmlNode *c = n->children; c && !p->oom; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            if (xmlBufferCat(buf, c->content) != 0)
                p->oom = 1;
        } else if (c->type == XML_ELEMENT_NODE) {
            collect_text(p, c, buf);
        }
    }
}

static char *
text_of(P *p, const xmlNode *n)
{
    xmlBuffer *buf = xmlBufferCreate();
    char *s;

    if (buf == NULL) {
        p->oom = 1;
        return NULL;
    }
    collect_text(p, n, buf);
    s = dup_str(p, (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    /* trim */
    if (s) {
        size_t a = 0, b = strlen(s);
        while (a < b && isspace((unsigned char)s[a]))
            a++;
        while (b > a && isspace((unsigned char)s[b - 1]))
            b--;
        memmove(s, s + a, b - a);
        s[b - a] = '\0';
    }
    return s;
}

/* The markup inside n: when a broken feed puts raw HTML elements in a
 * description, or for Atom's type="xhtml", the children serialised; else
 * the text (escaped HTML arrives as text and stays HTML). */
static char *
markup_of(P *p, const xmlNode *n)
{
    int has_el = 0;
    xmlBuffer *buf;
    char *s;

    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            has_el = 1;
    if (!has_el)
        return text_of(p, n);
    if ((buf = xmlBufferCreate()) == NULL) {
        p->oom = 1;
        return NULL;
    }
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ENTITY_REF_NODE)
            continue;
        if (xmlNodeDump(buf, p->doc, c, 0, 0) < 0) {
            p->oom = 1;
            break;
        }
    }
    s = dup_str(p, (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

char *
feed_resolve(const char *base, const char *ref)
{
    xmlChar *u;
    char *s;

    if (ref == NULL)
        return NULL;
    while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
        ref++;
    if (base == NULL || base[0] == '\0')
        return strdup(ref);
    u = xmlBuildURI((const xmlChar *)ref, (const xmlChar *)base);
    if (u == NULL)
        return strdup(ref);
    s = strdup((const char *)u);
    xmlFree(u);
    return s;
}

/* ref resolved against n's base (xml:base, else the document's location). */
static char *
resolve_at(P *p, const xmlNode *n, const char *ref)
{
    xmlChar *base;
    char *s;

    if (ref == NULL || ref[0] == '\0')
        return NULL;
    base = xmlNodeGetBase(p->doc, n);
    s = feed_resolve((const char *)base, ref);
    xmlFree(base);
    if (s == NULL)
        p->oom = 1;
    return s;
}

static char *
base_of(P *p, const xmlNode *n)
{
    xmlChar *base = xmlNodeGetBase(p->doc, n);
    char *s = dup_str(p, base ? (const char *)base : "");

    xmlFree(base);
    return s;
}

FeedItem *
feed_add_item(Feed *f, size_t *cap, int *oom)
{
    if (f->nitems >= FEED_MAX_ITEMS) {
        f->truncated = 1;
        return NULL;
    }
    FeedItem *v = vec_grow(f->items, f->nitems, cap, sizeof *v, 32);
    if (v == NULL) {
        *oom = 1;
        return NULL;
    }
    f->items = v;
    FeedItem *it = &f->items[f->nitems++];
    memset(it, 0, sizeof *it);
    it->when = -1;
    return it;
}

static FeedItem *
new_item(P *p)
{
    return feed_add_item(p->f, &p->cap, &p->oom);
}

static int
is_image_type(const char *type, const char *url)
{
    if (type && type[0])
        return strncasecmp(type, "image/", 6) == 0 || strcasecmp(type, "image") == 0;
    if (url == NULL)
        return 0;
    const char *dot = strrchr(url, '.');
    return dot && (strncasecmp(dot, ".jpg", 4) == 0 || strncasecmp(dot, ".jpeg", 5) == 0 ||
                   strncasecmp(dot, ".png", 4) == 0 || strncasecmp(dot, ".gif", 4) == 0 ||
                   strncasecmp(dot, ".webp", 5) == 0);
}

/* media:content / media:thumbnail / enclosure / Atom link rel=enclosure:
 * the url if it is a picture. */
static void
media_image(P *p, FeedItem *it, const xmlNode *n, const char *url_attr)
{
    char *url, *type, *medium;

    if (it->image)
        return;
    url = attr(p, n, url_attr);
    type = attr(p, n, "type");
    medium = attr(p, n, "medium");
    if (url && ((medium && strcasecmp(medium, "image") == 0) || is_image_type(type, url)))
        it->image = resolve_at(p, n, url);
    free(url);
    free(type);
    free(medium);
}

/* Media RSS (media:content, media:thumbnail, media:group) in an RSS item
 * or an Atom entry: a picture for the item. Anything else is passed over. */
static void
media_element(P *p, FeedItem *it, const xmlNode *c, const char *nm)
{
    if (!in_ns(c, NS_MEDIA))
        return;
    if (strcasecmp(nm, "content") == 0 || strcasecmp(nm, "thumbnail") == 0) {
        media_image(p, it, c, "url");
        if (it->image == NULL && strcasecmp(nm, "thumbnail") == 0) {
            char *u = attr(p, c, "url");
            it->image = resolve_at(p, c, u);
            free(u);
        }
    } else if (strcasecmp(nm, "group") == 0) {
        for (const xmlNode *g = c->children; g; g = g->next)
            if (is_el(g, "content") || is_el(g, "thumbnail"))
                media_image(p, it, g, "url");
    }
}

/* --- dates ---------------------------------------------------------- */

static int
month_of(const char *s)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, m[i], 3) == 0)
            return i + 1;
    return 0;
}

static long long
make_time(int y, int mo, int d, int h, int mi, int s, int off_min)
{
    struct tm tm;
    time_t t;

    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 ||
        mi < 0 || mi > 59 || s < 0 || s > 61)
        return -1;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    t = timegm(&tm);
    if (t == (time_t)-1)
        return -1;
    return (long long)t - (long long)off_min * 60;
}

/* "+0100", "-05:00", "Z", "GMT", "EST" ... -> minutes east of UTC. */
static int
zone_minutes(const char *z)
{
    static const struct { const char *name; int off; } named[] = {
        {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"EST", -300}, {"EDT", -240},
        {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480},
        {"PDT", -420}, {"CET", 60}, {"CEST", 120}, {"BST", 60}, {"IST", 330}, {"JST", 540},
    };
    while (*z == ' ')
        z++;
    if ((z[0] == '+' || z[0] == '-') && isdigit((unsigned char)z[1]) &&
        isdigit((unsigned char)z[2])) {
        int h = (z[1] - '0') * 10 + (z[2] - '0'), m = 0;
        const char *q = z + 3;
        if (*q == ':')
            q++;
        if (isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]))
            m = (q[0] - '0') * 10 + (q[1] - '0');
        return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncasecmp(z, named[i].name, strlen(named[i].name)) == 0)
            return named[i].off;
    return 0;
}

long long
feed_parse_date(const char *s)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
    char mon[16];

    if (s == NULL)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    /* ISO 8601 / RFC 3339 */
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
        const char *t = s + 10;
        if (*t == 'T' || *t == 't' || *t == ' ') {
            int m = 0;
            if (sscanf(t + 1, "%2d:%2d%n", &h, &mi, &m) == 2) {
                t += 1 + m;
                if (*t == ':' && isdigit((unsigned char)t[1])) {
                    sec = atoi(t + 1);
                    t += 3;
                }
                while (*t == '.' || isdigit((unsigned char)*t))
                    t++;
                return make_time(y, mo, d, h, mi, sec, zone_minutes(t));
            }
        }
        return make_time(y, mo, d, 0, 0, 0, 0);
    }
    /* RFC 822: [Day,] DD Mon YYYY [HH:MM[:SS]] [zone] */
    {
        const char *t = s;
        const char *comma = strchr(t, ',');
        if (comma && comma - t < 12)
            t = comma + 1;
        while (*t == ' ')
            t++;
        if (sscanf(t, "%2d %15s %4d%n", &d, mon, &y, &n) != 3)
            return -1;
        if ((mo = month_of(mon)) == 0)
            return -1;
        if (y < 100)
            y += y < 70 ? 2000 : 1900;
        t += n;
        while (*t == ' ')
            t++;
        int m = 0;
        if (sscanf(t, "%2d:%2d%n", &h, &mi, &m) == 2) {
            t += m;
            if (*t == ':' && isdigit((unsigned char)t[1])) {
                sec = atoi(t + 1);
                t += 3;
            }
        }
        return make_time(y, mo, d, h, mi, sec, zone_minutes(t));
    }
}

static void
set_date(P *p, FeedItem *it, const xmlNode *n)
{
    char *v;

    if (it->when >= 0)
        return;
    if ((v = text_of(p, n)) != NULL)
        it->when = feed_parse_date(v);
    free(v);
}

/* --- RSS 0.9x, 2.0 and 1.0 (RDF) ------------------------------------ */

static void
rss_item(P *p, const xmlNode *n)
{
    FeedItem *it = new_item(p);

    if (it == NULL)
        return;
    if ((it->base = base_of(p, n)) == NULL)
        return;
    set_once(p, &it->guid, attr(p, n, "about"));   /* RSS 1.0 rdf:about */
    for (const xmlNode *c = n->children; c && !p->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = lname(c);
        if (strcasecmp(nm, "title") == 0 && !in_ns(c, NS_MEDIA)) {
            set_once(p, &it->title, markup_of(p, c));
        } else if (strcasecmp(nm, "link") == 0) {
            char *v = text_of(p, c);
            if (v && v[0] == '\0') {
                free(v);
                v = attr(p, c, "href");   /* an Atom link inside an RSS item */
            }
            if (v && it->link == NULL)
                it->link = resolve_at(p, c, v);
            free(v);
        } else if (strcasecmp(nm, "guid") == 0 || strcasecmp(nm, "identifier") == 0) {
            set_once(p, &it->guid, text_of(p, c));
        } else if (strcasecmp(nm, "encoded") == 0 && in_ns(c, NS_CONTENT)) {
            set_once(p, &it->content, markup_of(p, c));
        } else if (strcasecmp(nm, "description") == 0 || strcasecmp(nm, "summary") == 0) {
            set_once(p, &it->summary, markup_of(p, c));
        } else if (strcasecmp(nm, "pubDate") == 0 || strcasecmp(nm, "date") == 0 ||
                   strcasecmp(nm, "published") == 0 || strcasecmp(nm, "updated") == 0) {
            set_date(p, it, c);
        } else if (strcasecmp(nm, "category") == 0 || strcasecmp(nm, "subject") == 0) {
            set_once(p, &it->category, text_of(p, c));
        } else if (strcasecmp(nm, "enclosure") == 0) {
            media_image(p, it, c, "url");
        } else {
            media_element(p, it, c, nm);
        }
    }
}

static void
channel_meta(P *p, const xmlNode *ch)
{
    Feed *f = p->f;

    for (const xmlNode *c = ch->children; c && !p->oom; c = c->next) {
        if (is_el(c, "title") && c->ns == ch->ns)
            set_once(p, &f->title, text_of(p, c));
        else if (is_el(c, "link") && f->link == NULL) {
            char *v = text_of(p, c);
            if (v && v[0])
                f->link = resolve_at(p, c, v);
            free(v);
        } else if (is_el(c, "language"))
            set_once(p, &f->lang, text_of(p, c));
    }
}

static void
rss(P *p, const xmlNode *root)
{
    for (const xmlNode *c = root->children; c && !p->oom; c = c->next) {
        if (is_el(c, "channel")) {
            channel_meta(p, c);
            for (const xmlNode *i = c->children; i && !p->oom; i = i->next)
                if (is_el(i, "item"))
                    rss_item(p, i);
        } else if (is_el(c, "item")) {   /* RSS 1.0 and 0.90: items beside the channel */
            rss_item(p, c);
        }
    }
}

/* --- Atom ----------------------------------------------------------- */

/* Atom text constructs: type="text" (default), "html", or "xhtml". Sets
 * *plain to 1 for text. */
static char *
atom_text(P *p, const xmlNode *n, int *plain)
{
    char *type = attr(p, n, "type");
    char *mode = attr(p, n, "mode");   /* Atom 0.3 */
    char *v;

    *plain = 0;
    if (type && strcasecmp(type, "xhtml") == 0) {
        v = markup_of(p, n);
    } else if ((type && (strcasecmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0)) ||
               (mode && strcasecmp(mode, "escaped") == 0)) {
        v = text_of(p, n);
    } else {
        v = markup_of(p, n);
        *plain = v && strchr(v, '<') == NULL;
    }
    free(type);
    free(mode);
    return v;
}

static void
atom_link(P *p, FeedItem *it, const xmlNode *n, char **link)
{
    char *rel = attr(p, n, "rel"), *href = attr(p, n, "href");

    if (href && (rel == NULL || strcasecmp(rel, "alternate") == 0) && *link == NULL)
        *link = resolve_at(p, n, href);
    else if (it && rel && strcasecmp(rel, "enclosure") == 0)
        media_image(p, it, n, "href");
    free(rel);
    free(href);
}

static void
atom_entry(P *p, const xmlNode *n)
{
    FeedItem *it = new_item(p);
    long long updated = -1;
    int plain = 0;

    if (it == NULL)
        return;
    if ((it->base = base_of(p, n)) == NULL)
        return;
    {
        xmlChar *l = xmlNodeGetLang(n);
        if (l)
            it->lang = dup_str(p, (const char *)l);
        xmlFree(l);
    }
    for (const xmlNode *c = n->children; c && !p->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = lname(c);
        if (strcasecmp(nm, "title") == 0 && !in_ns(c, NS_MEDIA)) {
            set_once(p, &it->title, atom_text(p, c, &plain));
        } else if (strcasecmp(nm, "link") == 0) {
            atom_link(p, it, c, &it->link);
        } else if (strcasecmp(nm, "id") == 0) {
            set_once(p, &it->guid, text_of(p, c));
        } else if (strcasecmp(nm, "content") == 0 && !in_ns(c, NS_MEDIA)) {
            char *src = attr(p, c, "src");
            if (src == NULL && it->content == NULL) {
                it->content = atom_text(p, c, &plain);
                it->content_text = plain;
                free(it->base);
                it->base = base_of(p, c);
            }
            free(src);
        } else if (strcasecmp(nm, "summary") == 0) {
            set_once(p, &it->summary, atom_text(p, c, &plain));
        } else if (strcasecmp(nm, "published") == 0 || strcasecmp(nm, "issued") == 0 ||
                   strcasecmp(nm, "created") == 0) {
            set_date(p, it, c);
        } else if (strcasecmp(nm, "updated") == 0 || strcasecmp(nm, "modified") == 0) {
            char *v = text_of(p, c);
            if (v && updated < 0)
                updated = feed_parse_date(v);
            free(v);
        } else if (strcasecmp(nm, "category") == 0) {
            char *v = attr(p, c, "label");
            if (v == NULL)
                v = attr(p, c, "term");
            set_once(p, &it->category, v);
        } else {
            media_element(p, it, c, nm);
        }
    }
    if (it->when < 0)
        it->when = updated;
}

static void
atom(P *p, const xmlNode *root)
{
    Feed *f = p->f;
    xmlChar *l = xmlNodeGetLang(root);

    if (l)
        f->lang = dup_str(p, (const char *)l);
    xmlFree(l);
    for (const xmlNode *c = root->children; c && !p->oom; c = c->next) {
        if (is_el(c, "title"))
            set_once(p, &f->title, text_of(p, c));
        else if (is_el(c, "link"))
            atom_link(p, NULL, c, &f->link);
        else if (is_el(c, "entry"))
            atom_entry(p, c);
    }
}

/* --- OPML ----------------------------------------------------------- */

static char *
opml_category(P *p, const xmlNode *n)
{
    char *cat = attr(p, n, "category");

    if (cat) {
        /* OPML 2.0: comma-separated, slash-delimited: "/World/Europe,/News" */
        cat[strcspn(cat, ",")] = '\0';
        char *last = strrchr(cat, '/');
        if (last && last[1]) {
            memmove(cat, last + 1, strlen(last + 1) + 1);
        } else if (last) {
            *last = '\0';
            char *prev = strrchr(cat, '/');
            if (prev)
                memmove(cat, prev + 1, strlen(prev + 1) + 1);
        }
        if (cat[0])
            return cat;
        free(cat);
    }
    /* else the folder it sits in */
    for (const xmlNode *up = n->parent; up && is_el(up, "outline"); up = up->parent) {
        char *t = attr(p, up, "text");
        if (t == NULL)
            t = attr(p, up, "title");
        if (t && t[0])
            return t;
        free(t);
    }
    return NULL;
}

static void
opml(P *p, const xmlNode *n)
{
    Feed *f = p->f;

    for (const xmlNode *c = n->children; c && !p->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "head")) {
            for (const xmlNode *h = c->children; h; h = h->next)
                if (is_el(h, "title"))
                    set_once(p, &f->title, text_of(p, h));
            continue;
        }
        if (!is_el(c, "outline") && !is_el(c, "body")) {
            continue;
        }
        char *url = is_el(c, "outline") ? attr(p, c, "xmlUrl") : NULL;
        if (url == NULL && is_el(c, "outline"))
            url = attr(p, c, "xmlurl");
        if (url && url[0]) {
            if (f->noutlines >= FEED_MAX_OUTLINES) {
                f->truncated = 1;
                free(url);
                return;
            }
            FeedOutline *v = vec_grow(f->outlines, f->noutlines, &p->ocap, sizeof *v, 16);
            if (v == NULL) {
                p->oom = 1;
                free(url);
                return;
            }
            f->outlines = v;
            FeedOutline *o = &f->outlines[f->noutlines++];
            o->url = resolve_at(p, c, url);
            o->title = attr(p, c, "title");
            if (o->title == NULL)
                o->title = attr(p, c, "text");
            o->category = opml_category(p, c);
        }
        free(url);
        opml(p, c);
    }
}

/* --- the entry point ------------------------------------------------ */

/* Which encoding to tell libxml2: NULL lets it use the BOM or the XML
 * declaration; else the HTTP charset; else UTF-8 or, for bytes that are
 * not UTF-8, Windows-1252. */
static const char *
pick_encoding(const char *data, size_t len, const char *charset, Feed *f)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t n = len < 512 ? len : 512;

    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        snprintf(f->encoding, sizeof f->encoding, "UTF-16");
        return NULL;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        snprintf(f->encoding, sizeof f->encoding, "UTF-8");
        return NULL;
    }
    if (len >= 4 && ((u[0] == 0 && u[1] == '<') || (u[0] == '<' && u[1] == 0))) {
        snprintf(f->encoding, sizeof f->encoding, "UTF-16");
        return NULL;
    }
    if (len > 5 && memcmp(data, "<?xml", 5) == 0) {
        const char *end = memchr(data, '>', n);
        for (const char *q = data; end && q + 9 < end; q++)
            if (strncmp(q, "encoding", 8) == 0) {
                const char *v = q + 8;
                while (v < end && (*v == ' ' || *v == '=' || *v == '"' || *v == '\''))
                    v++;
                size_t m = 0;
                while (v + m < end && v[m] != '"' && v[m] != '\'' && m < 39)
                    m++;
                snprintf(f->encoding, sizeof f->encoding, "%.*s", (int)m, v);
                return NULL;
            }
    }
    if (charset && charset[0]) {
        snprintf(f->encoding, sizeof f->encoding, "%s", charset);
        return f->encoding;
    }
    if (utf8_valid(data, len)) {
        snprintf(f->encoding, sizeof f->encoding, "UTF-8");
        return NULL;
    }
    snprintf(f->encoding, sizeof f->encoding, "windows-1252");
    return f->encoding;
}

static void
silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int
feed_parse(const char *data, size_t len, const char *base, const char *charset, Feed *out,
           Err *err)
{
    xmlParserCtxt *ctxt = NULL;
    xmlNode *root;
    P p;
    size_t i = 0;
    int rc = K_EPARSE;

    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    p.f = out;
    if (len > FEED_MAX_BYTES)
        return err_set(err, K_ELIMIT, "the feed is %zu bytes, over the limit of %u", len,
                       FEED_MAX_BYTES);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i < len && data[i] == '{') {
        /* jsonfeed.c fills out itself; p is still empty */
        return jsonfeed_parse(data + i, len - i, base, out, err);
    }
    if (len > INT32_MAX)
        return err_set(err, K_ELIMIT, "the feed is too big");

    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, silent);
    if ((ctxt = xmlNewParserCtxt()) == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto done;
    }
#if LIBXML_VERSION >= 21100
    xmlCtxtSetMaxAmplification(ctxt, 5);
#endif
    /* Never XML_PARSE_NOENT (substitute entities), DTDLOAD, DTDATTR or HUGE. */
    const char *enc = pick_encoding(data, len, charset, out);
    p.doc = xmlCtxtReadMemory(ctxt, data, (int)len, base, enc,
                              XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        out->xml_errors = 1;
        if (e && e->message) {
            size_t ml = strlen(e->message);
            while (ml > 0 && e->message[ml - 1] == '\n')
                ml--;
            snprintf(out->first_error, sizeof out->first_error, "line %d: %.*s", e->line,
                     (int)(ml < 120 ? ml : 120), e->message);
        }
    }
    if (p.doc == NULL || (root = xmlDocGetRootElement(p.doc)) == NULL) {
        rc = err_set(err, K_EPARSE, "not a feed: no XML could be read%s%s%s",
                     out->first_error[0] ? " (" : "", out->first_error,
                     out->first_error[0] ? ")" : "");
        goto done;
    }
    if (is_el(root, "rss") || is_el(root, "channel")) {
        out->kind = FEED_RSS;
        rss(&p, root);
    } else if (is_el(root, "RDF")) {
        out->kind = FEED_RDF;
        rss(&p, root);
    } else if (is_el(root, "feed")) {
        out->kind = FEED_ATOM;
        atom(&p, root);
    } else if (is_el(root, "opml")) {
        out->kind = FEED_OPML;
        opml(&p, root);
    } else {
        rc = err_set(err, K_EPARSE, "not a feed: the document is <%.40s>, not RSS, Atom or OPML%s",
                     lname(root), is_el(root, "html") ? " (a web page?)" : "");
        goto done;
    }
    rc = K_OK;
done:
    if (p.oom)
        rc = err_set(err, K_ENOMEM, "out of memory");
    if (p.doc)
        xmlFreeDoc(p.doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    if (rc != K_OK)
        feed_free(out);
    return rc;
}

void
feed_free(Feed *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->nitems; i++) {
        FeedItem *it = &f->items[i];
        free(it->title);
        free(it->link);
        free(it->guid);
        free(it->content);
        free(it->summary);
        free(it->category);
        free(it->image);
        free(it->base);
        free(it->lang);
    }
    free(f->items);
    for (size_t i = 0; i < f->noutlines; i++) {
        free(f->outlines[i].url);
        free(f->outlines[i].title);
        free(f->outlines[i].category);
    }
    free(f->outlines);
    free(f->title);
    free(f->link);
    free(f->lang);
    memset(f, 0, sizeof *f);
}
