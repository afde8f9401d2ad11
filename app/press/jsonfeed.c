/* SPDX-License-Identifier: MIT
 *
 * jsonfeed.c - JSON Feed through cJSON; see jsonfeed.h.
 */
#include "jsonfeed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "../core/utf8.h"

typedef struct P {
    Feed *f;
    size_t cap;
    int oom;
} P;

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

/* A new zeroed, undated item, or NULL (over FEED_MAX_ITEMS: truncated). */
static FeedItem *
new_item(P *p)
{
    return feed_add_item(p->f, &p->cap, &p->oom);
}

static char *
jstr(P *p, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (!cJSON_IsString(v) || v->valuestring == NULL || v->valuestring[0] == '\0')
        return NULL;
    char *s = utf8_repair(v->valuestring, strlen(v->valuestring), NULL);
    if (s == NULL)
        p->oom = 1;
    return s;
}

int
jsonfeed_parse(const char *data, size_t len, const char *base, Feed *out, Err *err)
{
    P pp = {out, 0, 0}, *p = &pp;
    Feed *f = out;
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *items, *it;
    char *version;
    int rc = K_EPARSE;

    if (root == NULL || !cJSON_IsObject(root)) {
        err_set(err, K_EPARSE, "not a feed: JSON that does not parse, or is not an object");
        goto done;
    }
    version = jstr(p, root, "version");
    if (version == NULL || strstr(version, "jsonfeed.org") == NULL) {
        free(version);
        err_set(err, K_EPARSE, "not a feed: JSON without a jsonfeed.org \"version\"");
        goto done;
    }
    free(version);
    f->kind = FEED_JSON;
    snprintf(f->encoding, sizeof f->encoding, "UTF-8");
    f->title = jstr(p, root, "title");
    {
        char *home = jstr(p, root, "home_page_url");
        f->link = home ? feed_resolve(base, home) : NULL;
        free(home);
    }
    f->lang = jstr(p, root, "language");
    items = cJSON_GetObjectItemCaseSensitive(root, "items");
    cJSON_ArrayForEach(it, items) {
        FeedItem *fi;
        char *v;
        if (!cJSON_IsObject(it) || p->oom)
            continue;
        if ((fi = new_item(p)) == NULL)
            break;
        fi->base = dup_str(p, base ? base : "");
        fi->title = jstr(p, it, "title");
        fi->guid = jstr(p, it, "id");
        if (fi->guid == NULL) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
            if (cJSON_IsNumber(id)) {   /* 1.0 feeds in the wild use numbers */
                char num[40];
                snprintf(num, sizeof num, "%.0f", id->valuedouble);
                fi->guid = dup_str(p, num);
            }
        }
        if ((v = jstr(p, it, "url")) != NULL || (v = jstr(p, it, "external_url")) != NULL) {
            fi->link = feed_resolve(base, v);
            free(v);
        }
        if ((fi->content = jstr(p, it, "content_html")) == NULL &&
            (fi->content = jstr(p, it, "content_text")) != NULL)
            fi->content_text = 1;
        fi->summary = jstr(p, it, "summary");
        fi->lang = jstr(p, it, "language");
        if ((v = jstr(p, it, "date_published")) != NULL ||
            (v = jstr(p, it, "date_modified")) != NULL) {
            fi->when = feed_parse_date(v);
            free(v);
        }
        {
            const cJSON *tags = cJSON_GetObjectItemCaseSensitive(it, "tags");
            const cJSON *t0 = cJSON_IsArray(tags) ? cJSON_GetArrayItem(tags, 0) : NULL;
            if (cJSON_IsString(t0) && t0->valuestring && t0->valuestring[0])
                fi->category = utf8_repair(t0->valuestring, strlen(t0->valuestring), NULL);
        }
        if ((v = jstr(p, it, "image")) != NULL || (v = jstr(p, it, "banner_image")) != NULL) {
            fi->image = feed_resolve(base, v);
            free(v);
        } else {
            const cJSON *a, *atts = cJSON_GetObjectItemCaseSensitive(it, "attachments");
            cJSON_ArrayForEach(a, atts) {
                char *mt = jstr(p, a, "mime_type"), *u = jstr(p, a, "url");
                if (fi->image == NULL && u && mt && strncasecmp(mt, "image/", 6) == 0)
                    fi->image = feed_resolve(base, u);
                free(mt);
                free(u);
            }
        }
    }
    rc = K_OK;
done:
    cJSON_Delete(root);
    if (p->oom)
        rc = err_set(err, K_ENOMEM, "out of memory");
    if (rc != K_OK)
        feed_free(out);
    return rc;
}

