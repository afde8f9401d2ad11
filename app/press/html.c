/* SPDX-License-Identifier: MIT
 *
 * html.c - HTML -> paragraphs; see html.h for the rules. Start reading at
 * html_to_paragraphs(), then walk() and its enter()/leave() pair.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "../core/vec.h"

/* A paragraph is cut at a space once it is this long, and anywhere (on a
 * character boundary) at the hard limit: the kiosk refuses lines over 64 KiB. */
#define PARA_SOFT_BYTES 16000u
#define PARA_HARD_BYTES 60000u

typedef struct Walk {
    HtmlText *out;
    size_t cap;
    char *cur;           /* the paragraph being built */
    size_t n, ncap;
    int space;           /* a space is owed before the next character */
    int brs;             /* <br>s in a row with nothing but white space between */
    int oom;
} Walk;

static const char *const block_tags[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "section", "article", "header", "main", "figure", "figcaption",
    "table", "tr", "thead", "tbody", "tfoot", "caption", "hr", "address", "center",
    "details", "summary", "body", "html", "hgroup", "picture", NULL,
};

/* Dropped with everything inside: code, styling, navigation, forms,
 * embedded players and the page furniture around a story. */
static const char *const drop_tags[] = {
    "script", "style", "noscript", "nav", "aside", "footer", "form", "button", "select",
    "textarea", "input", "iframe", "svg", "math", "object", "embed", "template", "canvas",
    "audio", "video", "head", "title", "link", "meta", "map", "frameset", NULL,
};

static int
in_list(const char *name, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

static void
put(Walk *w, const char *s, size_t len)
{
    if (w->oom)
        return;
    if (w->n + len + 1 > w->ncap) {
        size_t ncap = w->ncap ? w->ncap : 256;
        while (w->n + len + 1 > ncap)
            ncap *= 2;
        char *p = realloc(w->cur, ncap);
        if (p == NULL) {
            w->oom = 1;
            return;
        }
        w->cur = p;
        w->ncap = ncap;
    }
    memcpy(w->cur + w->n, s, len);
    w->n += len;
    w->cur[w->n] = '\0';
}

/* Feed boilerplate that is not part of the story. */
static int
boilerplate(const char *p, size_t n)
{
    static const char *const whole[] = {
        "read more", "read more...", "read more \xe2\x80\xa6", "read more\xe2\x80\xa6",
        "continue reading", "continue reading...", "continue reading \xe2\x80\xa6",
        "continue reading\xe2\x80\xa6", "(more\xe2\x80\xa6)", "[\xe2\x80\xa6]", "[...]",
        "share this:", "like this:", "advertisement", NULL,
    };
    for (size_t i = 0; whole[i]; i++)
        if (strlen(whole[i]) == n && strncasecmp(p, whole[i], n) == 0)
            return 1;
    if (n < 200 && strncasecmp(p, "continue reading", 16) == 0)
        return 1;
    if (n < 400 && strncmp(p, "The post ", 9) == 0 && strstr(p, " appeared first on ") != NULL)
        return 1;
    return 0;
}

static void
flush(Walk *w)
{
    w->space = 0;
    w->brs = 0;
    if (w->oom || w->n == 0)
        return;
    while (w->n > 0 && w->cur[w->n - 1] == ' ')
        w->cur[--w->n] = '\0';
    if (w->n == 0 || boilerplate(w->cur, w->n)) {
        w->n = 0;
        return;
    }
    char **v = vec_grow(w->out->para, w->out->npara, &w->cap, sizeof *v, 16);
    if (v == NULL) {
        w->oom = 1;
        return;
    }
    w->out->para = v;
    char *p = malloc(w->n + 1);
    if (p == NULL) {
        w->oom = 1;
        return;
    }
    memcpy(p, w->cur, w->n + 1);
    w->out->para[w->out->npara++] = p;
    w->n = 0;
}

/* Append text, collapsing white space (ASCII, no-break space, line and
 * paragraph separators) and dropping control characters. */
static void
text(Walk *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p && !w->oom) {
        size_t clen = 1;
        int ws = 0;
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            ws = 1;
        else if (p[0] == 0xC2 && p[1] == 0xA0)
            ws = 1, clen = 2;
        else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            ws = 1, clen = 3;
        else if (*p < 0x20 || *p == 0x7F) {
            p++;
            continue;
        }
        if (ws) {
            if (w->n > 0)
                w->space = 1;
            p += clen;
            continue;
        }
        w->brs = 0;
        if (w->space) {
            w->space = 0;
            if (w->n >= PARA_SOFT_BYTES)
                flush(w);
            else
                put(w, " ", 1);
        }
        /* a hard cut, never inside a UTF-8 sequence */
        if (w->n >= PARA_HARD_BYTES && (*p & 0xC0) != 0x80)
            flush(w);
        put(w, (const char *)p, 1);
        p++;
    }
}

/* Returns 1 when the walk should go into n's children. */
static int
enter(Walk *w, const xmlNode *n)
{
    const char *name;

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            text(w, (const char *)n->content);
        return 0;
    }
    /* Entity references (an undeclared or DTD entity) are never expanded:
     * that is where entity bombs live. */
    if (n->type != XML_ELEMENT_NODE || n->name == NULL)
        return 0;
    name = (const char *)n->name;
    if (in_list(name, drop_tags))
        return 0;
    {
        xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
        int nav = role && (xmlStrcasecmp(role, (const xmlChar *)"navigation") == 0 ||
                           xmlStrcasecmp(role, (const xmlChar *)"complementary") == 0);
        xmlFree(role);
        if (nav)
            return 0;
    }
    if (strcasecmp(name, "br") == 0) {
        if (++w->brs >= 2)
            flush(w);
        else if (w->n > 0)
            w->space = 1;
        return 0;
    }
    if (strcasecmp(name, "img") == 0) {
        if (w->out->first_img == NULL) {
            xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
            if (src && src[0] && (w->out->first_img = strdup((const char *)src)) == NULL)
                w->oom = 1;
            xmlFree(src);
        }
        return 0;
    }
    if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
        if (w->n > 0)
            w->space = 1;
        return 1;
    }
    if (in_list(name, block_tags))
        flush(w);
    return 1;
}

static void
leave(Walk *w, const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE && n->name && in_list((const char *)n->name, block_tags))
        flush(w);
}

/* Visit every node below top in document order, without recursion. */
static void
walk(Walk *w, const xmlNode *top)
{
    const xmlNode *n = top->children;

    while (n != NULL && !w->oom) {
        int down = enter(w, n);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        if (down)
            leave(w, n);
        while (n->next == NULL) {
            n = n->parent;
            if (n == NULL || n == top)
                return;
            leave(w, n);
        }
        n = n->next;
    }
}

static int
finish(Walk *w, HtmlText *out, Err *err)
{
    flush(w);
    free(w->cur);
    if (w->oom) {
        html_text_free(out);
        return err_set(err, K_ENOMEM, "out of memory");
    }
    return K_OK;
}

/* Plain text with blank lines: each blank-line block is one paragraph. */
static int
plain_paragraphs(const char *s, size_t len, HtmlText *out, Err *err)
{
    Walk w;
    size_t i = 0;

    memset(&w, 0, sizeof w);
    w.out = out;
    while (i < len && !w.oom) {
        size_t j = i;
        /* a line */
        while (j < len && s[j] != '\n')
            j++;
        size_t k = i;
        while (k < j && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
            k++;
        if (k == j) {
            flush(&w);
        } else {
            char *line = malloc(j - i + 1);
            if (line == NULL) {
                w.oom = 1;
                break;
            }
            memcpy(line, s + i, j - i);
            line[j - i] = '\0';
            if (w.n > 0)
                w.space = 1;
            text(&w, line);
            free(line);
        }
        i = j + 1;
    }
    return finish(&w, out, err);
}

static int
has_blank_line(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\n')
            continue;
        size_t j = i + 1;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
            j++;
        if (j < len && s[j] == '\n')
            return 1;
    }
    return 0;
}

int
html_to_paragraphs(const char *html, size_t len, HtmlText *out, Err *err)
{
    htmlDocPtr doc;
    Walk w;

    memset(out, 0, sizeof *out);
    if (len > HTML_MAX_BYTES)
        return err_set(err, K_ELIMIT, "article body is %zu bytes, over the limit of %u", len,
                       HTML_MAX_BYTES);
    if (len == 0)
        return K_OK;
    if (memchr(html, '<', len) == NULL && has_blank_line(html, len) &&
        memchr(html, '&', len) == NULL)
        return plain_paragraphs(html, len, out, err);
    doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING);
    if (doc == NULL)
        return K_OK;   /* nothing parseable: no paragraphs */
    memset(&w, 0, sizeof w);
    w.out = out;
    walk(&w, (const xmlNode *)doc);
    xmlFreeDoc(doc);
    return finish(&w, out, err);
}

int
html_tree_to_paragraphs(const void *node, HtmlText *out, Err *err)
{
    Walk w;

    memset(out, 0, sizeof *out);
    memset(&w, 0, sizeof w);
    w.out = out;
    if (node)
        walk(&w, node);
    return finish(&w, out, err);
}

char *
html_to_line(const char *s, size_t len)
{
    HtmlText t;
    size_t total = 1;
    char *line;

    if (len > HTML_MAX_BYTES)
        len = HTML_MAX_BYTES;
    if (memchr(s, '<', len) == NULL && memchr(s, '&', len) == NULL) {
        /* plain text: only the white space to collapse */
        Walk w;
        char *copy = malloc(len + 1);
        if (copy == NULL)
            return NULL;
        memcpy(copy, s, len);
        copy[len] = '\0';
        memset(&w, 0, sizeof w);
        memset(&t, 0, sizeof t);
        w.out = &t;
        text(&w, copy);
        free(copy);
        if (w.oom || (line = malloc(w.n + 1)) == NULL) {
            free(w.cur);
            html_text_free(&t);
            return NULL;
        }
        memcpy(line, w.cur ? w.cur : "", w.n);
        line[w.n] = '\0';
        while (w.n > 0 && line[w.n - 1] == ' ')
            line[--w.n] = '\0';
        free(w.cur);
        html_text_free(&t);
        return line;
    }
    if (html_to_paragraphs(s, len, &t, NULL) != K_OK)
        return NULL;
    for (size_t i = 0; i < t.npara; i++)
        total += strlen(t.para[i]) + 1;
    if ((line = malloc(total)) != NULL) {
        size_t n = 0;
        for (size_t i = 0; i < t.npara; i++) {
            size_t l = strlen(t.para[i]);
            if (n > 0)
                line[n++] = ' ';
            memcpy(line + n, t.para[i], l);
            n += l;
        }
        line[n] = '\0';
    }
    html_text_free(&t);
    return line;
}

void
html_text_free(HtmlText *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->npara; i++)
        free(t->para[i]);
    free(t->para);
    free(t->first_img);
    memset(t, 0, sizeof *t);
}
