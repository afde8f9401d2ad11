/* SPDX-License-Identifier: MIT
 *
 * html.h - an article's HTML (a feed's content:encoded, Atom content,
 * description or content_html) -> plain paragraphs the kiosk can set.
 *
 * Block elements (p, div, h1-h6, li, blockquote, pre, tr, figcaption, ...)
 * end a paragraph; two <br> in a row end one too, a single <br> is a space;
 * script, style, nav, aside, footer, form, iframe, svg and the like are
 * dropped with everything inside; entities are decoded; runs of white space
 * (no-break spaces included) become one space; empty paragraphs and the
 * feed boilerplate "Continue reading", "Read more", "The post ... appeared
 * first on ..." are left out. Text without any tag but with blank lines is
 * taken as plain text: blank lines separate its paragraphs.
 *
 * libxml2's HTML parser in recover mode does the parsing; nothing is
 * fetched. The tree is walked without recursion, so a deeply nested body
 * cannot exhaust the stack.
 */
#ifndef KIOSK_PRESS_HTML_H
#define KIOSK_PRESS_HTML_H

#include <stddef.h>

#include "../core/err.h"

/* Bodies over this many bytes are refused (K_ELIMIT). */
#define HTML_MAX_BYTES (2u * 1024u * 1024u)

typedef struct HtmlText {
    char **para;      /* UTF-8 paragraphs, each one line, no leading/trailing space */
    size_t npara;
    char *first_img;  /* src of the first <img>, as written (not resolved), or NULL */
} HtmlText;

/* Turn len bytes of HTML (UTF-8) into paragraphs. On success returns K_OK
 * and fills *out (free with html_text_free; npara may be 0). K_ELIMIT for a
 * body over HTML_MAX_BYTES, K_ENOMEM; err says which. */
int html_to_paragraphs(const char *html, size_t len, HtmlText *out, Err *err);

/* The same for an already parsed tree (an Atom type="xhtml" <div>); 'node'
 * is a libxml2 xmlNode * passed as void * so that this header stays free of
 * libxml2. */
int html_tree_to_paragraphs(const void *node, HtmlText *out, Err *err);

/* One line of plain text from a short HTML-or-text string (a title): tags
 * removed, entities decoded, white space collapsed. Returns a malloc'd
 * string (free with free()) or NULL when out of memory. */
char *html_to_line(const char *s, size_t len);

/* Free the paragraphs and the image (NULL-safe); zeroes t. */
void html_text_free(HtmlText *t);

#endif
