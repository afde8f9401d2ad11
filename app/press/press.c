/* SPDX-License-Identifier: MIT
 *
 * press.c - feeds -> a bundle folder; see press.h for the order of work.
 * Start reading at press_run(): read_source() fetches and parses each
 * argument, add_feed() turns a feed's items into Stories, and
 * write_bundle() lays them down in a temporary folder and swaps it in.
 */
#include "press.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "../bundle/manifest.h"
#include "../bundle/sign.h"
#include "../core/article.h"
#include "../core/utf8.h"
#include "../core/vec.h"
#include "../signer.h"
#include "feed.h"
#include "fetch.h"
#include "html.h"
#include "image.h"

#define TITLE_MAX_BYTES 400
#define SUMMARY_MAX_BYTES 600
#define ARTICLE_BUDGET_BYTES (900u * 1024u)
#define IMAGE_FETCH_MAX (24u * 1024u * 1024u)

typedef struct Story {
    char id[24];
    char *title, *summary, *source, *url, *category, *lang, *image_src;
    HtmlText body;
    long long when;
    size_t order;          /* arrival, to keep sorting stable */
    int image_local_ok;    /* the feed was a local file: local pictures allowed */
} Story;

typedef struct Press {
    const PressOpts *o;
    PressResult *res;
    Story *s;
    size_t n, cap;
    long long now;
    int tty;
} Press;

static void
say(Press *p, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
say(Press *p, int kind, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;

    if (p->o->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->o->log(p->o->ctx, kind, msg);
}

static void
story_free(Story *s)
{
    free(s->title);
    free(s->summary);
    free(s->source);
    free(s->url);
    free(s->category);
    free(s->lang);
    free(s->image_src);
    html_text_free(&s->body);
    memset(s, 0, sizeof *s);
}

/* A short name for messages: the file's base name or the URL. */
static const char *
short_name(const char *src)
{
    const char *slash;

    if (fetch_is_url(src))
        return src;
    slash = strrchr(src, '/');
    return slash && slash[1] ? slash + 1 : src;
}

/* Cut s to at most max bytes on a character boundary, at a space when one
 * is near, adding an ellipsis when anything was cut. */
static void
clip(char *s, size_t max)
{
    size_t n = strlen(s), cut;

    if (n <= max)
        return;
    cut = max - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    for (size_t k = cut; k > cut / 2; k--)
        if (s[k] == ' ') {
            cut = k;
            break;
        }
    memcpy(s + cut, "\xe2\x80\xa6", 4);
}

/* One line for a front-matter value: no line ends, trimmed, not empty. */
static char *
one_line(const char *s)
{
    char *l;

    if (s == NULL)
        return NULL;
    if ((l = html_to_line(s, strlen(s))) == NULL)
        return NULL;
    if (l[0] == '\0') {
        free(l);
        return NULL;
    }
    return l;
}

static char *
clean_lang(const char *s)
{
    char buf[36];
    size_t j = 0;

    if (s == NULL)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    for (; *s && j + 1 < sizeof buf; s++) {
        char c = *s;
        if (c == '_')
            c = '-';
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-'))
            break;
        buf[j++] = c;
    }
    buf[j] = '\0';
    return j >= 2 ? strdup(buf) : NULL;
}

/* A stable id: a hash of what names the story, so tomorrow's run of the
 * same feed gives the same story the same id (merge updates it in place). */
static void
story_id(const FeedItem *it, const Feed *f, const char *src, char out[24])
{
    char key[2200], hex[65];
    const char *feedname = f->link && f->link[0] ? f->link : src;

    if (it->guid && (strchr(it->guid, ':') || strchr(it->guid, '/')))
        snprintf(key, sizeof key, "%s", it->guid);             /* a URL or URN: unique */
    else if (it->guid)
        snprintf(key, sizeof key, "%s\n%s", feedname, it->guid); /* "42": unique in its feed */
    else if (it->link)
        snprintf(key, sizeof key, "%s", it->link);
    else
        snprintf(key, sizeof key, "%s\n%s", feedname, it->title ? it->title : "");
    sign_sha256_hex(key, strlen(key), hex);
    snprintf(out, 24, "n%.16s", hex);
}

static int
text_paragraphs(const char *s, HtmlText *out, Err *err)
{
    /* plain text: blank lines separate paragraphs, else each line is one */
    size_t len = strlen(s), n = 0;
    char *copy = malloc(2 * len + 1);
    int blank = 0;
    int rc;

    if (copy == NULL)
        return err_set(err, K_ENOMEM, "out of memory");
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '\n' && (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n')))
            blank = 1;
    for (size_t i = 0; i < len; i++) {
        /* escape for the HTML reader, which turns them back */
        if (s[i] == '<' || s[i] == '&') {
            const char *e = s[i] == '<' ? "&lt;" : "&amp;";
            char *grow = realloc(copy, n + (len - i) * 2 + 8);
            if (grow == NULL) {
                free(copy);
                return err_set(err, K_ENOMEM, "out of memory");
            }
            copy = grow;
            memcpy(copy + n, e, strlen(e));
            n += strlen(e);
            continue;
        }
        copy[n++] = s[i];
        if (s[i] == '\n' && !blank) {
            /* each line a paragraph: make it a <br><br> */
            const char *br = "<br><br>";
            char *grow = realloc(copy, n + (len - i) * 2 + 16);
            if (grow == NULL) {
                free(copy);
                return err_set(err, K_ENOMEM, "out of memory");
            }
            copy = grow;
            memcpy(copy + n, br, 8);
            n += 8;
        }
    }
    copy[n] = '\0';
    if (blank) {
        /* blank lines -> paragraph tags, other line ends -> spaces */
        char *html = malloc(n * 4 + 16);
        size_t m = 0;
        if (html == NULL) {
            free(copy);
            return err_set(err, K_ENOMEM, "out of memory");
        }
        memcpy(html, "<p>", 3);
        m = 3;
        for (size_t i = 0; i < n; i++) {
            if (copy[i] == '\n') {
                size_t j = i + 1;
                while (j < n && (copy[j] == ' ' || copy[j] == '\t' || copy[j] == '\r'))
                    j++;
                if (j < n && copy[j] == '\n') {
                    memcpy(html + m, "</p><p>", 7);
                    m += 7;
                    i = j;
                    continue;
                }
            }
            html[m++] = copy[i];
        }
        html[m] = '\0';
        rc = html_to_paragraphs(html, m, out, err);
        free(html);
    } else {
        rc = html_to_paragraphs(copy, n, out, err);
    }
    free(copy);
    return rc;
}

static int
push_story(Press *p, Story *st)
{
    Story *v = vec_grow(p->s, p->n, &p->cap, sizeof *v, 64);

    if (v == NULL)
        return K_ENOMEM;
    p->s = v;
    st->order = p->n;
    p->s[p->n++] = *st;
    memset(st, 0, sizeof *st);
    return K_OK;
}

static int
cmp_item_date(const void *a, const void *b)
{
    const FeedItem *x = *(const FeedItem *const *)a, *y = *(const FeedItem *const *)b;

    if (x->when != y->when) {
        if (x->when < 0 || y->when < 0)
            return x->when < 0 ? 1 : -1;
        return x->when > y->when ? -1 : 1;
    }
    return x < y ? -1 : (x > y);
}

/* One item -> one Story. Returns K_OK (story added), 1 (item skipped:
 * nothing to show) or K_ENOMEM. */
static int
add_item(Press *p, const Feed *f, const FeedItem *it, const char *src, const char *category,
         int local)
{
    const PressOpts *o = p->o;
    Story st;
    Err e;
    int rc = K_ENOMEM;

    memset(&st, 0, sizeof st);
    err_clear(&e);
    story_id(it, f, src, st.id);
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->s[i].id, st.id) == 0)
            return 1;   /* the same story from another feed */

    if (it->content) {
        rc = it->content_text ? text_paragraphs(it->content, &st.body, &e)
                              : html_to_paragraphs(it->content, strlen(it->content), &st.body, &e);
        if (rc == K_ELIMIT) {
            say(p, PRESS_LOG_WARN, "%s: %s; its summary is used instead", short_name(src), e.msg);
            rc = K_OK;
        }
        if (rc != K_OK)
            goto fail;
        if (it->summary) {
            char *sum = one_line(it->summary);
            st.summary = sum;
        }
    }
    if (st.body.npara == 0 && it->summary) {
        html_text_free(&st.body);
        free(st.summary);
        st.summary = NULL;
        if ((rc = html_to_paragraphs(it->summary, strlen(it->summary), &st.body, &e)) != K_OK &&
            rc != K_ELIMIT)
            goto fail;
    }
    rc = K_ENOMEM;
    st.title = one_line(it->title);
    if (st.title == NULL && st.body.npara > 0 && (st.title = strdup(st.body.para[0])) == NULL)
        goto fail;
    if (st.title == NULL) {
        story_free(&st);
        return 1;
    }
    clip(st.title, TITLE_MAX_BYTES);
    if (st.summary == NULL && st.body.npara > 0) {
        /* the first paragraph is the summary; when short, it leaves the body */
        if ((st.summary = strdup(st.body.para[0])) == NULL)
            goto fail;
        if (strlen(st.body.para[0]) <= SUMMARY_MAX_BYTES) {
            free(st.body.para[0]);
            memmove(st.body.para, st.body.para + 1, (st.body.npara - 1) * sizeof *st.body.para);
            st.body.npara--;
        }
    }
    if (st.summary && st.body.npara > 0 && strcmp(st.summary, st.body.para[0]) == 0) {
        /* a summary that is the body's first paragraph: say it once */
        free(st.body.para[0]);
        memmove(st.body.para, st.body.para + 1, (st.body.npara - 1) * sizeof *st.body.para);
        st.body.npara--;
    }
    if (st.summary)
        clip(st.summary, SUMMARY_MAX_BYTES);
    if (st.summary && strcmp(st.summary, st.title) == 0) {
        free(st.summary);
        st.summary = NULL;
    }
    st.when = it->when;
    if ((st.source = one_line(o->source ? o->source : f->title)) == NULL) {
        const char *base = short_name(src);
        if ((st.source = strdup(base)) == NULL)
            goto fail;
    }
    clip(st.source, 200);
    st.url = one_line(it->link);
    if (st.url && !fetch_is_url(st.url) && f->link && fetch_is_url(f->link)) {
        /* a relative link in a feed read from a file: the site is the base */
        char *abs = feed_resolve(f->link, it->link);
        free(st.url);
        st.url = abs ? one_line(abs) : NULL;
        free(abs);
    }
    {
        const char *cat = category ? category : o->category ? o->category : it->category;
        if ((st.category = one_line(cat)) != NULL)
            clip(st.category, 100);
    }
    st.lang = clean_lang(it->lang ? it->lang : f->lang ? f->lang : o->lang);
    if (it->image)
        st.image_src = strdup(it->image);
    else if (st.body.first_img)
        st.image_src = feed_resolve(it->base, st.body.first_img);
    st.image_local_ok = local;
    if (push_story(p, &st) != K_OK)
        goto fail;
    return K_OK;
fail:
    story_free(&st);
    return K_ENOMEM;
}

/* Turn a parsed feed's items into stories: newest first, within max_age,
 * at most max_items. Returns the count added, or K_ENOMEM. */
static int
add_feed(Press *p, const Feed *f, const char *src, const char *category, int local)
{
    const PressOpts *o = p->o;
    const FeedItem **v;
    int max = o->max_items > 0 ? o->max_items : PRESS_DEFAULT_MAX_ITEMS;
    int added = 0, old = 0;

    if (f->nitems == 0)
        return 0;
    if ((v = malloc(f->nitems * sizeof *v)) == NULL)
        return K_ENOMEM;
    for (size_t i = 0; i < f->nitems; i++)
        v[i] = &f->items[i];
    qsort(v, f->nitems, sizeof *v, cmp_item_date);
    for (size_t i = 0; i < f->nitems && added < max; i++) {
        if (o->max_age_days > 0 && v[i]->when >= 0 &&
            v[i]->when < p->now - (long long)o->max_age_days * 86400) {
            old++;
            continue;
        }
        if (p->n >= PRESS_MAX_ARTICLES)
            break;
        int rc = add_item(p, f, v[i], src, category, local);
        if (rc == K_ENOMEM) {
            free(v);
            return K_ENOMEM;
        }
        if (rc == K_OK)
            added++;
    }
    free(v);
    if (old > 0 && added == 0)
        say(p, PRESS_LOG_INFO, "%s: all %d stories are older than %d days", short_name(src), old,
            o->max_age_days);
    return added;
}

static void
note_failed(Press *p, const char *src)
{
    size_t n = strlen(p->res->failed);

    p->res->feeds_failed++;
    snprintf(p->res->failed + n, sizeof p->res->failed - n, "%s%s", n ? ", " : "",
             short_name(src));
}

/* Fetch and parse one source. Returns K_OK and fills *f, or an error
 * already reported to the user. */
static int
read_source(Press *p, const char *src, Feed *f)
{
    FetchResult fr;
    Err e;
    int rc;

    err_clear(&e);
    say(p, PRESS_LOG_PROGRESS, "reading %s", short_name(src));
    rc = fetch_get(src, FEED_MAX_BYTES, p->o->timeout_s > 0 ? p->o->timeout_s : 60, &fr, &e);
    if (rc == K_OK) {
        rc = feed_parse(fr.data, fr.len, src, fr.charset[0] ? fr.charset : NULL, f, &e);
        free(fr.data);
    }
    if (rc != K_OK) {
        char buf[900];
        if (e.file[0] == '\0')
            snprintf(e.file, sizeof e.file, "%s", short_name(src));
        say(p, PRESS_LOG_WARN, "%s; feed skipped", err_str(&e, buf, sizeof buf));
        return rc;
    }
    if (f->xml_errors)
        say(p, PRESS_LOG_WARN, "%s: broken XML (%s); read what could be recovered",
            short_name(src), f->first_error[0] ? f->first_error : "not well-formed");
    if (f->truncated)
        say(p, PRESS_LOG_WARN, "%s: more than %d %s; the rest were ignored", short_name(src),
            f->kind == FEED_OPML ? FEED_MAX_OUTLINES : FEED_MAX_ITEMS,
            f->kind == FEED_OPML ? "feeds" : "items");
    return K_OK;
}

/* One feed (not an OPML list): read it, add its stories. */
static int
do_feed(Press *p, const char *src, const char *category, const Feed *already)
{
    Feed f;
    int rc, local = !fetch_is_url(src);

    p->res->feeds++;
    if (already == NULL) {
        if (read_source(p, src, &f) != K_OK) {
            note_failed(p, src);
            return K_OK;
        }
        already = &f;
    }
    if (already->kind == FEED_OPML) {
        say(p, PRESS_LOG_WARN, "%s: an OPML list inside an OPML list; skipped", short_name(src));
        note_failed(p, src);
        rc = K_OK;
    } else if ((rc = add_feed(p, already, src, category, local)) >= 0) {
        say(p, PRESS_LOG_INFO, "%s: %d stor%s (%zu in the feed)", short_name(src), rc,
            rc == 1 ? "y" : "ies", already->nitems);
        if (rc == 0 && already->nitems == 0) {
            say(p, PRESS_LOG_WARN, "%s: the feed holds no stories", short_name(src));
            note_failed(p, src);
        }
        rc = K_OK;
    }
    if (already == &f)
        feed_free(&f);
    return rc;
}

/* --- writing -------------------------------------------------------- */

static int
cmp_story(const void *a, const void *b)
{
    const Story *x = a, *y = b;

    if (x->when != y->when) {
        if (x->when < 0 || y->when < 0)
            return x->when < 0 ? 1 : -1;
        return x->when > y->when ? -1 : 1;
    }
    return x->order < y->order ? -1 : (x->order > y->order);
}

typedef struct Out {
    char *buf;
    size_t n, cap;
    int oom;
} Out;

static void
out_put(Out *o, const char *s)
{
    size_t l = strlen(s);

    if (o->oom)
        return;
    if (o->n + l + 1 > o->cap) {
        size_t ncap = o->cap ? o->cap : 4096;
        while (o->n + l + 1 > ncap)
            ncap *= 2;
        char *b = realloc(o->buf, ncap);
        if (b == NULL) {
            o->oom = 1;
            return;
        }
        o->buf = b;
        o->cap = ncap;
    }
    memcpy(o->buf + o->n, s, l + 1);
    o->n += l;
}

static void
out_kv(Out *o, const char *k, const char *v)
{
    if (v == NULL || v[0] == '\0')
        return;
    out_put(o, k);
    out_put(o, ": ");
    out_put(o, v);
    out_put(o, "\n");
}

/* The article file, in the form docs/bundle.md describes. */
static int
write_article(int dirfd, const char *rel, const Story *s, const char *image, Err *err)
{
    char date[16] = "";
    Out o = {0};
    int rc;

    if (s->when >= 0) {
        time_t t = (time_t)s->when;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
        if (!article_valid_date(date))
            date[0] = '\0';
    }
    out_put(&o, "---\n");
    out_kv(&o, "id", s->id);
    out_kv(&o, "date", date);
    out_kv(&o, "category", s->category);
    out_kv(&o, "source", s->source);
    out_kv(&o, "url", s->url);
    out_kv(&o, "image", image);
    out_kv(&o, "lang", s->lang);
    out_put(&o, "---\n");
    out_put(&o, s->title);
    out_put(&o, "\n");
    if (s->summary) {
        out_put(&o, s->summary);
        out_put(&o, "\n");
    }
    for (size_t i = 0; i < s->body.npara && !o.oom; i++) {
        if (o.n + strlen(s->body.para[i]) > ARTICLE_BUDGET_BYTES)
            break;   /* the kiosk's 1 MiB article limit */
        out_put(&o, "\n");
        out_put(&o, s->body.para[i]);
        out_put(&o, "\n");
    }
    if (o.oom) {
        free(o.buf);
        return err_set(err, K_ENOMEM, "out of memory");
    }
    rc = fetch_write_file(dirfd, rel, o.buf, o.n, err);
    free(o.buf);
    return rc;
}

/* Fetch and store the story's picture as images/<id>.jpg|png. Problems
 * are notes: the story goes out without a picture. */
static int
write_image(Press *p, const Story *s, const char *tmpdir, char *rel, size_t relsize)
{
    FetchResult fr;
    char noext[1600], ext[8];
    Err e;
    size_t max = (size_t)p->o->cfg->max_image_bytes;

    rel[0] = '\0';
    if (s->image_src == NULL || s->image_src[0] == '\0')
        return 0;
    if (!fetch_is_url(s->image_src) && !s->image_local_ok) {
        say(p, PRESS_LOG_WARN, "%s: picture %.200s is not an http(s) URL; story kept without it",
            s->id, s->image_src);
        return 0;
    }
    if (strncmp(s->image_src, "data:", 5) == 0)
        return 0;
    err_clear(&e);
    if (fetch_get(s->image_src, IMAGE_FETCH_MAX, 30, &fr, &e) != K_OK) {
        say(p, PRESS_LOG_WARN, "picture for \"%.80s\": %s; story kept without it", s->title, e.msg);
        return 0;
    }
    snprintf(noext, sizeof noext, "%s/images/%s", tmpdir, s->id);
    err_clear(&e);
    if (image_store(fr.data, fr.len, noext, max, ext, &e) != K_OK) {
        say(p, PRESS_LOG_WARN, "picture %.200s: %s; story kept without it", s->image_src, e.msg);
        free(fr.data);
        return 0;
    }
    free(fr.data);
    snprintf(rel, relsize, "images/%s%s", s->id, ext);
    return 1;
}

/* Remove a folder we made (or the bundle it replaced), depth-first. */
static void
remove_tree(int parentfd, const char *name, int depth)
{
    int fd;
    DIR *d;
    struct dirent *de;

    if (depth > 16)
        return;
    fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        unlinkat(parentfd, name, 0);
        return;
    }
    if ((d = fdopendir(fd)) == NULL) {
        close(fd);
        return;
    }
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (unlinkat(fd, de->d_name, 0) != 0)
            remove_tree(fd, de->d_name, depth + 1);
    }
    closedir(d);
    unlinkat(parentfd, name, AT_REMOVEDIR);
}

static int
fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    /* some file systems cannot fsync a folder (EINVAL): nothing to flush then */
    return rc == 0 || errno == EINVAL ? 0 : -1;
}

/* Swap the finished temporary folder in for parent/name. */
static int
swap_in(int parentfd, const char *parent, const char *tmpname, const char *name, Err *err)
{
    char old[64];
    struct stat sb;

#ifdef SYS_renameat2
    /* atomic exchange where the file system can (ext4, btrfs, tmpfs) */
    if (fstatat(parentfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode) &&
        syscall(SYS_renameat2, parentfd, tmpname, parentfd, name, 2 /* RENAME_EXCHANGE */) == 0) {
        fsync_dir(parent);
        remove_tree(parentfd, tmpname, 0);
        fsync_dir(parent);
        return K_OK;
    }
#endif
    /* else (FAT sticks): old aside, new in, old away. In between there is
     * no newskiosk/ at all, never a half one. */
    snprintf(old, sizeof old, ".newskiosk-old-%ld", (long)getpid());
    if (fstatat(parentfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        if (!S_ISDIR(sb.st_mode))
            return err_setf(err, K_EIO, name, 0, "is in the way and is not a folder");
        if (renameat(parentfd, name, parentfd, old) != 0)
            return err_setf(err, K_EIO, name, 0, "cannot move the old bundle aside (%s)",
                            strerror(errno));
    }
    if (renameat(parentfd, tmpname, parentfd, name) != 0) {
        int e = errno;
        renameat(parentfd, old, parentfd, name);
        return err_setf(err, K_EIO, name, 0, "cannot rename the new bundle into place (%s)",
                        strerror(e));
    }
    fsync_dir(parent);
    remove_tree(parentfd, old, 0);
    fsync_dir(parent);
    return K_OK;
}

static int
write_bundle(Press *p, Err *err)
{
    const PressOpts *o = p->o;
    char parent[1024], name[256], tmpname[64], tmpdir[1400], rel[300], img[300];
    const char *out = o->out && o->out[0] ? o->out : ".";
    size_t olen = strlen(out);
    int parentfd = -1, tmpfd = -1, rc;
    Manifest m;
    struct tm tm;
    time_t now = (time_t)p->now;

    memset(&m, 0, sizeof m);
    while (olen > 1 && out[olen - 1] == '/')
        olen--;
    {
        const char *base = out + olen;
        while (base > out && base[-1] != '/')
            base--;
        if ((size_t)(out + olen - base) == 9 && strncmp(base, "newskiosk", 9) == 0) {
            snprintf(parent, sizeof parent, "%.*s", (int)(base - out), out);
            if (parent[0] == '\0')
                snprintf(parent, sizeof parent, ".");
        } else {
            snprintf(parent, sizeof parent, "%.*s", (int)olen, out);
        }
        snprintf(name, sizeof name, "newskiosk");
    }
    mkdir(parent, 0755);
    if ((parentfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return err_setf(err, K_EIO, parent, 0, "cannot open the output folder (%s)",
                        strerror(errno));
    snprintf(tmpname, sizeof tmpname, ".newskiosk-press-%ld", (long)getpid());
    snprintf(tmpdir, sizeof tmpdir, "%s/%s", parent, tmpname);
    remove_tree(parentfd, tmpname, 0);   /* a leftover of a run that died */
    if (mkdirat(parentfd, tmpname, 0755) != 0 ||
        (tmpfd = openat(parentfd, tmpname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
        mkdirat(tmpfd, "articles", 0755) != 0 || mkdirat(tmpfd, "images", 0755) != 0) {
        rc = err_setf(err, K_EIO, tmpdir, 0, "cannot create (%s)", strerror(errno));
        goto fail;
    }
    qsort(p->s, p->n, sizeof *p->s, cmp_story);
    for (size_t i = 0; i < p->n; i++) {
        say(p, PRESS_LOG_PROGRESS, "writing %zu/%zu", i + 1, p->n);
        p->res->images += write_image(p, &p->s[i], tmpdir, img, sizeof img);
        snprintf(rel, sizeof rel, "articles/%04zu.txt", i + 1);
        if ((rc = write_article(tmpfd, rel, &p->s[i], img[0] ? img : NULL, err)) != K_OK)
            goto fail;
        p->res->articles++;
    }

    gmtime_r(&now, &tm);
    strftime(m.created, sizeof m.created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(m.id, sizeof m.id, "press-%Y%m%d-%H%M%S", &tm);
    {
        char day[32];
        strftime(day, sizeof day, "%Y-%m-%d %H:%M UTC", &tm);
        snprintf(m.title, sizeof m.title, "%d stories from %d feed%s, %s", p->res->articles,
                 p->res->feeds - p->res->feeds_failed,
                 p->res->feeds - p->res->feeds_failed == 1 ? "" : "s", day);
    }
    m.format = 1;
    m.replace = o->replace;
    {
        char *json = manifest_format(&m);
        if (json == NULL) {
            rc = err_set(err, K_ENOMEM, "out of memory");
            goto fail;
        }
        size_t jl = strlen(json);
        char *withnl = realloc(json, jl + 2);
        if (withnl == NULL) {
            free(json);
            rc = err_set(err, K_ENOMEM, "out of memory");
            goto fail;
        }
        withnl[jl] = '\n';
        withnl[jl + 1] = '\0';
        rc = fetch_write_file(tmpfd, "manifest.json", withnl, jl + 1, err);
        free(withnl);
        if (rc != K_OK)
            goto fail;
    }
    if (o->sign_key) {
        int nfiles = 0;
        /* the signature covers created: sign's own clock, like `sign` */
        if ((rc = signer_sign_bundle(o->sign_key, tmpdir, o->cfg, &nfiles, p->res->key_id, err)) !=
            K_OK)
            goto fail;
    }
    {
        char sub[1500];
        snprintf(sub, sizeof sub, "%s/articles", tmpdir);
        if (fsync_dir(sub) != 0) {
            rc = err_setf(err, K_EIO, sub, 0, "cannot flush (%s)", strerror(errno));
            goto fail;
        }
        snprintf(sub, sizeof sub, "%s/images", tmpdir);
        fsync_dir(sub);
        if (fsync_dir(tmpdir) != 0) {
            rc = err_setf(err, K_EIO, tmpdir, 0, "cannot flush (%s)", strerror(errno));
            goto fail;
        }
    }
    if (p->res->images == 0)
        unlinkat(tmpfd, "images", AT_REMOVEDIR);
    if ((rc = swap_in(parentfd, parent, tmpname, name, err)) != K_OK)
        goto fail;
    snprintf(p->res->bundle_dir, sizeof p->res->bundle_dir, "%.1000s%snewskiosk",
             strcmp(parent, ".") == 0 ? "" : parent,
             strcmp(parent, ".") == 0 || parent[strlen(parent) - 1] == '/' ? "" : "/");
    rc = K_OK;
fail:
    manifest_free(&m);
    if (tmpfd >= 0)
        close(tmpfd);
    if (rc != K_OK) {
        remove_tree(parentfd, tmpname, 0);
        p->res->articles = 0;
        p->res->images = 0;
    }
    close(parentfd);
    return rc;
}

int
press_run(const PressOpts *o, const PressFeedArg *feeds, size_t nfeeds, PressResult *res,
          Err *err)
{
    Press p;
    int rc = K_OK;

    memset(res, 0, sizeof *res);
    memset(&p, 0, sizeof p);
    p.o = o;
    p.res = res;
    p.now = o->now ? o->now : (long long)time(NULL);
    xmlInitParser();
    fetch_global_init();
    if (sign_init() != K_OK)
        return err_set(err, K_ESIG, "libsodium failed to initialise");
    if (o->sign_key) {
        /* a bad key fails before any download */
        SignKey k;
        if ((rc = sign_load_key(o->sign_key, &k, err)) != K_OK)
            return rc;
        sign_key_wipe(&k);
    }
    for (size_t i = 0; i < nfeeds && rc == K_OK; i++) {
        Feed f;
        if (read_source(&p, feeds[i].src, &f) != K_OK) {
            res->feeds++;
            note_failed(&p, feeds[i].src);
            continue;
        }
        if (f.kind == FEED_OPML) {
            int remote = fetch_is_url(feeds[i].src);
            say(&p, PRESS_LOG_INFO, "%s: %zu feed%s", short_name(feeds[i].src), f.noutlines,
                f.noutlines == 1 ? "" : "s");
            for (size_t k = 0; k < f.noutlines && rc == K_OK; k++) {
                const FeedOutline *ol = &f.outlines[k];
                if (remote && !fetch_is_url(ol->url)) {
                    say(&p, PRESS_LOG_WARN, "%s: not an http(s) URL in an OPML list from the "
                                            "web; skipped", ol->url);
                    res->feeds++;
                    note_failed(&p, ol->url);
                    continue;
                }
                rc = do_feed(&p, ol->url, feeds[i].category ? feeds[i].category : ol->category,
                             NULL);
            }
        } else {
            rc = do_feed(&p, feeds[i].src, feeds[i].category, &f);
        }
        feed_free(&f);
    }
    if (rc != K_OK) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto done;
    }
    if (p.n == 0) {
        rc = err_set(err, K_EPARSE, "no story came out of %d feed%s%s%.400s%s; nothing was written",
                     res->feeds, res->feeds == 1 ? "" : "s", res->feeds_failed ? " (failed: " : "",
                     res->failed, res->feeds_failed ? ")" : "");
        goto done;
    }
    rc = write_bundle(&p, err);
done:
    for (size_t i = 0; i < p.n; i++)
        story_free(&p.s[i]);
    free(p.s);
    return rc;
}

void
press_cleanup(void)
{
    fetch_global_cleanup();
    xmlCleanupParser();
}
