/* SPDX-License-Identifier: MIT
 * fuzz_feed.c - libFuzzer target: any bytes as a feed (RSS, Atom, RDF,
 * JSON Feed, OPML), then every item's body and summary through the
 * HTML-to-paragraphs step and its title through html_to_line. Must never
 * crash, leak, hang or expand an entity. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "press/feed.h"
#include "press/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Feed f;
    HtmlText t;

    if (feed_parse((const char *)data, size, "https://fuzz.example/feed.xml", NULL, &f, NULL) !=
        K_OK)
        return 0;
    for (size_t i = 0; i < f.nitems; i++) {
        const FeedItem *it = &f.items[i];
        if (it->content && html_to_paragraphs(it->content, strlen(it->content), &t, NULL) == K_OK) {
            if (t.first_img)
                free(feed_resolve(it->base, t.first_img));
            html_text_free(&t);
        }
        if (it->summary && html_to_paragraphs(it->summary, strlen(it->summary), &t, NULL) == K_OK)
            html_text_free(&t);
        if (it->title)
            free(html_to_line(it->title, strlen(it->title)));
    }
    feed_free(&f);
    return 0;
}
