/* SPDX-License-Identifier: MIT
 *
 * fetch.c - local files and http(s) downloads; see fetch.h.
 */
#include "fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <dlfcn.h>

/* NOTE: libcurl is opened when `press` first fetches a URL, not linked:
 * linked, it and the TLS, Kerberos and LDAP libraries it brings were mapped
 * into every process of the binary, the kiosk on the wall included (2 MiB
 * of PSS and 15 ms of start-up for a feature it never uses). */
static struct {
    void *lib;
    CURLcode (*global_init)(long);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
} cu;

static int curl_ready;

/* Open libcurl and find what fetch uses. 1 on success. */
static int
load_curl(void)
{
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4"};
    struct { const char *name; void *slot; } syms[] = {
        {"curl_global_init", &cu.global_init},     {"curl_global_cleanup", &cu.global_cleanup},
        {"curl_easy_init", &cu.easy_init},         {"curl_easy_setopt", &cu.easy_setopt},
        {"curl_easy_perform", &cu.easy_perform},   {"curl_easy_getinfo", &cu.easy_getinfo},
        {"curl_easy_cleanup", &cu.easy_cleanup},   {"curl_easy_strerror", &cu.easy_strerror},
    };

    if (cu.lib)
        return 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && cu.lib == NULL; i++)
        cu.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (cu.lib == NULL)
        return 0;
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        void *f = dlsym(cu.lib, syms[i].name);
        if (f == NULL) {
            dlclose(cu.lib);
            cu.lib = NULL;
            return 0;
        }
        memcpy(syms[i].slot, &f, sizeof f);  /* POSIX: a data pointer holds a function */
    }
    return 1;
}

int
fetch_is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

void
fetch_global_init(void)
{
    if (!curl_ready && load_curl() && cu.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
        curl_ready = 1;
}

void
fetch_global_cleanup(void)
{
    if (curl_ready)
        cu.global_cleanup();
    curl_ready = 0;
}

/* %XX in a file:// URL's path. */
static void
unescape_path(const char *in, char *out, size_t size)
{
    size_t j = 0;

    for (size_t i = 0; in[i] && j + 1 < size; i++) {
        if (in[i] == '%' && in[i + 1] && in[i + 2]) {
            char hex[3] = {in[i + 1], in[i + 2], 0};
            char *end;
            long v = strtol(hex, &end, 16);
            if (*end == '\0' && v > 0) {
                out[j++] = (char)v;
                i += 2;
                continue;
            }
        }
        out[j++] = in[i];
    }
    out[j] = '\0';
}

static int
read_local(const char *what, size_t max_bytes, FetchResult *out, Err *err)
{
    char path[4096];
    struct stat sb;
    size_t got = 0;
    int fd, rc = K_EIO;

    if (strncasecmp(what, "file://", 7) == 0) {
        const char *p = what + 7;
        if (strncasecmp(p, "localhost/", 10) == 0)
            p += 9;
        unescape_path(p, path, sizeof path);
    } else {
        snprintf(path, sizeof path, "%s", what);
    }
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return err_setf(err, errno == ENOENT ? K_ENOTFOUND : K_EIO, what, 0, "cannot open (%s)",
                        strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = err_setf(err, K_EIO, what, 0, "is not a regular file");
        goto fail;
    }
    /* refused by its size before anything is read */
    if ((unsigned long long)sb.st_size > max_bytes) {
        rc = err_setf(err, K_ELIMIT, what, 0, "is %lld bytes, over the limit of %zu; not read",
                      (long long)sb.st_size, max_bytes);
        goto fail;
    }
    if ((out->data = malloc((size_t)sb.st_size + 1)) == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto fail;
    }
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, out->data + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = err_setf(err, K_EIO, what, 0, "cannot read (%s)", strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    out->data[got] = '\0';
    out->len = got;
    close(fd);
    return K_OK;
fail:
    free(out->data);
    out->data = NULL;
    close(fd);
    return rc;
}

typedef struct Sink {
    FetchResult *out;
    size_t cap, max;
    int over, oom;
} Sink;

static size_t
on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
    Sink *s = ctx;
    size_t n = size * nmemb;

    if (s->out->len + n > s->max) {
        s->over = 1;
        return 0;   /* aborts the transfer */
    }
    if (s->out->len + n + 1 > s->cap) {
        size_t ncap = s->cap ? s->cap : 65536;
        while (s->out->len + n + 1 > ncap)
            ncap *= 2;
        char *d = realloc(s->out->data, ncap);
        if (d == NULL) {
            s->oom = 1;
            return 0;
        }
        s->out->data = d;
        s->cap = ncap;
    }
    memcpy(s->out->data + s->out->len, p, n);
    s->out->len += n;
    s->out->data[s->out->len] = '\0';
    return n;
}

/* "text/xml; charset=ISO-8859-1" -> type and charset. */
static void
split_type(const char *ct, FetchResult *out)
{
    const char *semi = strchr(ct, ';'), *cs;
    size_t n = semi ? (size_t)(semi - ct) : strlen(ct);

    snprintf(out->type, sizeof out->type, "%.*s", (int)(n < 79 ? n : 79), ct);
    for (cs = ct; *cs && strncasecmp(cs, "charset=", 8) != 0; cs++)
        ;
    if (*cs) {
        cs += 8;
        if (*cs == '"')
            cs++;
        size_t m = strcspn(cs, "\"; ");
        snprintf(out->charset, sizeof out->charset, "%.*s", (int)(m < 39 ? m : 39), cs);
    }
}

static int
download(const char *url, size_t max_bytes, long timeout_s, FetchResult *out, Err *err)
{
    char ebuf[CURL_ERROR_SIZE] = "";
    Sink s = {out, 0, max_bytes, 0, 0};
    long status = 0;
    char *ct = NULL;
    CURLcode cc;
    CURL *h;
    int rc = K_EIO;

    fetch_global_init();
    if (!curl_ready)
        return err_setf(err, K_EIO, url, 0,
                        "cannot fetch: libcurl is not installed (apt install libcurl4)");
    if ((h = cu.easy_init()) == NULL)
        return err_setf(err, K_ENOMEM, url, 0, "cannot start a download");
    cu.easy_setopt(h, CURLOPT_URL, url);
    cu.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    cu.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    cu.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
    cu.easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
    cu.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 100L);
    cu.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 20L);
    cu.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
    cu.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    cu.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    cu.easy_setopt(h, CURLOPT_USERAGENT, "newskiosk-press/" KIOSK_VERSION);
    cu.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    cu.easy_setopt(h, CURLOPT_WRITEDATA, &s);
    cu.easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
    cc = cu.easy_perform(h);
    cu.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (s.over || cc == CURLE_FILESIZE_EXCEEDED) {
        rc = err_setf(err, K_ELIMIT, url, 0, "is over the limit of %zu bytes; not used", max_bytes);
        goto fail;
    }
    if (s.oom) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto fail;
    }
    if (cc != CURLE_OK) {
        rc = err_setf(err, K_EIO, url, 0, "cannot download (%s)",
                      ebuf[0] ? ebuf : cu.easy_strerror(cc));
        goto fail;
    }
    if (status >= 400) {
        rc = err_setf(err, status == 404 || status == 410 ? K_ENOTFOUND : K_EIO, url, 0,
                      "the server answered HTTP %ld", status);
        goto fail;
    }
    if (cu.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
        split_type(ct, out);
    if (out->data == NULL && (out->data = calloc(1, 1)) == NULL) {
        rc = err_set(err, K_ENOMEM, "out of memory");
        goto fail;
    }
    cu.easy_cleanup(h);
    return K_OK;
fail:
    cu.easy_cleanup(h);
    free(out->data);
    out->data = NULL;
    out->len = 0;
    return rc;
}

int
fetch_get(const char *what, size_t max_bytes, long timeout_s, FetchResult *out, Err *err)
{
    memset(out, 0, sizeof *out);
    if (fetch_is_url(what))
        return download(what, max_bytes, timeout_s, out, err);
    return read_local(what, max_bytes, out, err);
}

int
fetch_write_file(int dirfd, const char *rel, const void *data, size_t len, Err *err)
{
    int fd = openat(dirfd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    const char *p = data;
    size_t done = 0;

    if (fd < 0)
        return err_setf(err, K_EIO, rel, 0, "cannot write (%s)", strerror(errno));
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done < len || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlinkat(dirfd, rel, 0);
        return err_setf(err, K_EIO, rel, 0, "cannot write (%s)", strerror(e));
    }
    close(fd);
    return K_OK;
}
