/* SPDX-License-Identifier: MIT
 *
 * main.c - wiring only: pick the subcommand, read the config, open the
 * store, hand over. Start reading at main().
 *
 * Exit status: 0 success (an import may still print warnings), 1 failure or
 * rejected bundle (reason on stderr, database exactly as before), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle/sign.h"
#include "core/config.h"
#include "core/i18n.h"
#include "importer.h"
#include "kiosk.h"
#include "signer.h"
#include "status.h"
#include "store/store.h"

enum { EXIT_USAGE = 2 };

static const char *argv0 = "newskiosk";

static const char usage_main[] =
    "usage: newskiosk [run] [--config FILE] [--db FILE] [--size WxH] [--fullscreen|--windowed]\n"
    "                       [--rotate 0|90|180|270] [--watch DIR]... [--script FILE]\n"
    "       newskiosk import  [--db FILE] [--config FILE] PATH\n"
    "       newskiosk verify  [--config FILE] PATH\n"
    "       newskiosk list    [--db FILE]\n"
    "       newskiosk show    [--db FILE] ID\n"
    "       newskiosk keygen  NAME\n"
    "       newskiosk sign    --key NAME.key PATH\n"
    "       newskiosk fleet   [--stale-minutes N] DIR\n"
    "       newskiosk --version | --help\n"
    "\n"
    "An offline news kiosk: import a bundle of articles from a USB stick and show\n"
    "them full-screen. `newskiosk COMMAND --help` tells more about each command.\n";

static void
die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die_usage(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", argv0);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", argv0);
    exit(EXIT_USAGE);
}

static int
fail(const Err *e)
{
    char buf[1200];

    fprintf(stderr, "%s: %s\n", argv0, err_str(e, buf, sizeof buf));
    return EXIT_FAILURE;
}

/* Read a whole small file (config). Returns a malloc'd NUL-terminated
 * buffer or NULL with errno set. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            if (cap > 1024 * 1024) {
                errno = EFBIG;
                goto fail;
            }
            char *nb = realloc(buf, cap);
            if (nb == NULL)
                goto fail;
            buf = nb;
        }
        size_t r = fread(buf + n, 1, 4096, f);
        n += r;
        if (r < 4096) {
            if (ferror(f))
                goto fail;
            break;
        }
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

/* The config: --config FILE, else /etc/newskiosk.conf if present, else
 * built-in defaults. Returns 0 or exits 1 with the line at fault. */
static void
load_config(Config *cfg, const char *path)
{
    char *text;
    size_t len = 0;
    Err e;

    config_defaults(cfg);
    if (path == NULL) {
        if (access("/etc/newskiosk.conf", F_OK) != 0)
            return;
        path = "/etc/newskiosk.conf";
    }
    if ((text = slurp(path, &len)) == NULL) {
        fprintf(stderr, "%s: %s: cannot read config (%s)\n", argv0, path, strerror(errno));
        exit(EXIT_FAILURE);
    }
    err_clear(&e);
    if (config_parse(cfg, text, len, path, &e) != K_OK) {
        free(text);
        fail(&e);
        fprintf(stderr, "%s: refusing to run with a config it does not understand\n", argv0);
        exit(EXIT_FAILURE);
    }
    free(text);
}

/* mkdir -p for the database's folder. */
static void
make_parent(const char *path)
{
    char buf[CONFIG_PATH_MAX];

    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(buf, 0755);
        *p = '/';
    }
}

/* --db, else the config's db, else $XDG_DATA_HOME/newskiosk/news.db. */
static const char *
db_path(const Config *cfg, const char *opt, char *buf, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

    if (opt)
        return opt;
    if (cfg->db[0])
        return cfg->db;
    if (xdg && xdg[0] == '/')
        snprintf(buf, size, "%s/newskiosk/news.db", xdg);
    else
        snprintf(buf, size, "%s/.local/share/newskiosk/news.db", home && home[0] ? home : "/tmp");
    return buf;
}

static Store *
open_store(const char *path, int mode)
{
    Store *st;
    Err e;

    err_clear(&e);
    if (mode == STORE_RDWR)
        make_parent(path);
    else if (access(path, F_OK) != 0) {
        fprintf(stderr, "%s: %s: no database yet; import a bundle first\n", argv0, path);
        return NULL;
    }
    if ((st = store_open(path, mode, &e)) == NULL)
        fail(&e);
    return st;
}

/* --- import / verify ------------------------------------------------ */

typedef struct Progress {
    int tty;
    int fd;          /* --progress-fd, or -1 */
    int last_pct;
    int verbose;
} Progress;

static void
emit(Progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
emit(Progress *p, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    int n;

    if (p->fd < 0)
        return;
    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    /* One write per line: the kiosk reads whole lines from a pipe. */
    if (write(p->fd, line, (size_t)n) < 0)
        p->fd = -1;
}

static int
on_progress(void *ctx, int done, int total)
{
    Progress *p = ctx;
    int pct = total ? done * 100 / total : 100;

    emit(p, "progress %d %d\n", done, total);
    if (p->tty) {
        char bar[41];
        int fill = pct * 40 / 100;
        memset(bar, '#', (size_t)fill);
        memset(bar + fill, '.', (size_t)(40 - fill));
        bar[40] = '\0';
        fprintf(stderr, "\r[%s] %3d%% %d/%d", bar, pct, done, total);
        if (done == total)
            fputc('\n', stderr);
    } else if (p->verbose && total >= 200 && (pct / 10 != p->last_pct / 10 || done == 0)) {
        /* Plain lines for logs (journald, CI): every 10 %, and only for
         * imports long enough to need them. */
        fprintf(stderr, "importing: %d/%d articles\n", done, total);
    }
    p->last_pct = pct;
    return 0;
}

static void
on_warn(void *ctx, const char *msg)
{
    Progress *p = ctx;

    if (p->tty)
        fprintf(stderr, "\r\033[K");
    fprintf(stderr, "%s: warning: %s\n", argv0, msg);
    emit(p, "warn %s\n", msg);
}

/* The database for an import. A damaged one (not a database, truncated,
 * corrupt, from a newer newskiosk) can never be read again: it is moved
 * aside, kept for a look, and the import starts a new one, so a stick
 * restores a kiosk whose card went bad. Every failure also goes to the
 * progress channel as an "error" line, so the kiosk's screen shows the real
 * reason rather than "stopped unexpectedly". NULL on failure. */
static Store *
open_import_store(const char *path, Progress *pr, int full)
{
    Store *st = NULL;
    Err e;
    char buf[1024], moved[700];

    err_clear(&e);
    make_parent(path);
    if (store_check(path, full, &e) == K_EDAMAGED) {
        err_str(&e, buf, sizeof buf);
        if (store_move_aside(path, moved, sizeof moved, &e) == K_OK) {
            char msg[1800];
            snprintf(msg, sizeof msg, "%s; moved aside to %s, starting a new database", buf,
                     moved);
            on_warn(pr, msg);
        }
    }
    err_clear(&e);
    if ((st = store_open(path, STORE_RDWR, &e)) == NULL) {
        err_str(&e, buf, sizeof buf);
        emit(pr, "error %s\n", buf);
        fprintf(stderr, "%s: %s\n", argv0, buf);
    }
    return st;
}

static int
cmd_import(int argc, char **argv, int verify_only)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"config", required_argument, NULL, 'c'},
        {"progress-fd", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL, *cfgpath = NULL;
    char dbbuf[CONFIG_PATH_MAX], buf[1200];
    Progress pr = {0, -1, -1, 1};
    ImportOpts io;
    ImportResult res;
    Config cfg;
    Store *st = NULL;
    Err e;
    int c, rc;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'c': cfgpath = optarg; break;
        case 'p': pr.fd = atoi(optarg); break;
        case 'h':
            printf(verify_only
                       ? "usage: newskiosk verify [--config FILE] PATH\n\n"
                         "Check a bundle (a stick's mount point or its newskiosk/ folder) the way\n"
                         "import would, signature included, and import nothing. Exit 0 when it\n"
                         "would import, 1 when it would be rejected.\n"
                       : "usage: newskiosk import [--db FILE] [--config FILE] PATH\n\n"
                         "Import the bundle at PATH (a stick's mount point holding newskiosk/, or\n"
                         "that folder itself) in one transaction: all of it or nothing. Articles\n"
                         "with problems are skipped with a warning naming the file and line; a\n"
                         "bundle that is unsafe, unreadable or badly signed is rejected whole and\n"
                         "the database stays exactly as it was. A bundle imported before is not\n"
                         "imported again.\n\n"
                         "  --progress-fd N   also write machine-readable progress lines to fd N\n");
            return EXIT_SUCCESS;
        default: die_usage("%s: unknown option", verify_only ? "verify" : "import");
        }
    }
    if (optind != argc - 1)
        die_usage("%s needs one PATH", verify_only ? "verify" : "import");
    if (verify_only && dbopt)
        die_usage("verify does not take --db: it imports nothing");
    load_config(&cfg, cfgpath);
    pr.tty = isatty(STDERR_FILENO) && pr.fd < 0;
    pr.verbose = pr.fd < 0;

    if (!verify_only && (st = open_import_store(db_path(&cfg, dbopt, dbbuf, sizeof dbbuf), &pr, 0)) == NULL)
        return EXIT_FAILURE;
    memset(&io, 0, sizeof io);
    io.cfg = &cfg;
    io.progress = on_progress;
    io.warn = on_warn;
    io.ctx = &pr;
    err_clear(&e);
    rc = import_bundle(st, argv[optind], &io, &res, &e);
    store_close(st);
    /* pages damaged inside a database whose header is fine (a worn card)
     * show only when the import touches them: check it whole, and when it
     * is damaged, move it aside and import into a new one */
    const char *dbp = db_path(&cfg, dbopt, dbbuf, sizeof dbbuf);
    Err ce;
    err_clear(&ce);
    if (rc == K_EDB && !verify_only && store_check(dbp, 1, &ce) == K_EDAMAGED) {
        memset(&res, 0, sizeof res);
        err_clear(&e);
        if ((st = open_import_store(dbp, &pr, 1)) == NULL)
            return EXIT_FAILURE;
        rc = import_bundle(st, argv[optind], &io, &res, &e);
        store_close(st);
    }
    if (rc != K_OK) {
        if (pr.tty && res.total > 0)
            fputc('\n', stderr);
        err_str(&e, buf, sizeof buf);
        emit(&pr, "error %s\n", buf);
        fprintf(stderr, "%s: %s\n", argv0, buf);
        fprintf(stderr, "%s: %s rejected; %s\n", argv0, argv[optind],
                verify_only ? "it would not import" : "the database is unchanged");
        return EXIT_FAILURE;
    }
    if (res.unchanged) {
        emit(&pr, "unchanged %s\n", res.bundle_id);
        printf("bundle %s was already imported; nothing changed\n", res.bundle_id);
    } else if (verify_only) {
        printf("ok: %d article%s would import (%d skipped) from %s%s\n", res.imported,
               res.imported == 1 ? "" : "s", res.skipped, res.bundle_id,
               res.is_signed ? ", signature good" : "");
    } else {
        emit(&pr, "done %d %d %s\n", res.imported, res.skipped, res.bundle_id);
        printf("imported %d article%s (%d skipped) from %s%s\n", res.imported,
               res.imported == 1 ? "" : "s", res.skipped, res.bundle_id,
               res.is_signed ? ", signature good" : "");
    }
    return EXIT_SUCCESS;
}

/* --- list / show ---------------------------------------------------- */

static int
db_only_opts(int argc, char **argv, const char *name, const char *help, const char **dbopt,
             const char **cfgpath)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    int c;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'd': *dbopt = optarg; break;
        case 'c': *cfgpath = optarg; break;
        case 'h': fputs(help, stdout); exit(EXIT_SUCCESS);
        default: die_usage("%s: unknown option", name);
        }
    }
    return optind;
}

/* Tabs and newlines inside a field would break the one-line format. */
static void
put_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int
print_row(void *ctx, const StoreHeadline *h)
{
    (void)ctx;
    put_field(h->id);
    putchar('\t');
    put_field(h->published);
    putchar('\t');
    put_field(h->source);
    putchar('\t');
    put_field(h->title);
    putchar('\n');
    return 0;
}

static int
cmd_list(int argc, char **argv)
{
    const char *dbopt = NULL, *cfgpath = NULL;
    char dbbuf[CONFIG_PATH_MAX];
    Config cfg;
    Store *st;
    Err e;
    int i = db_only_opts(argc, argv, "list",
                         "usage: newskiosk list [--db FILE]\n\n"
                         "One line per stored article, in display order:\n"
                         "id<TAB>published<TAB>source<TAB>title\n",
                         &dbopt, &cfgpath);

    if (i != argc)
        die_usage("list takes no arguments");
    load_config(&cfg, cfgpath);
    if ((st = open_store(db_path(&cfg, dbopt, dbbuf, sizeof dbbuf), STORE_RDONLY)) == NULL)
        return EXIT_FAILURE;
    err_clear(&e);
    int rc = store_headlines(st, NULL, print_row, NULL, &e);
    store_close(st);
    return rc == K_OK ? EXIT_SUCCESS : fail(&e);
}

static int
cmd_show(int argc, char **argv)
{
    const char *dbopt = NULL, *cfgpath = NULL;
    char dbbuf[CONFIG_PATH_MAX];
    Config cfg;
    Article a;
    Store *st;
    Err e;
    int i = db_only_opts(argc, argv, "show",
                         "usage: newskiosk show [--db FILE] ID\n\n"
                         "The stored article as text: title, blank line, summary, blank line,\n"
                         "paragraphs separated by blank lines.\n",
                         &dbopt, &cfgpath);

    if (i != argc - 1)
        die_usage("show needs one ID");
    load_config(&cfg, cfgpath);
    if ((st = open_store(db_path(&cfg, dbopt, dbbuf, sizeof dbbuf), STORE_RDONLY)) == NULL)
        return EXIT_FAILURE;
    err_clear(&e);
    int rc = store_get_article(st, argv[i], &a, &e);
    store_close(st);
    if (rc != K_OK)
        return fail(&e);
    printf("%s\n", a.title);
    if (a.summary[0])
        printf("\n%s\n", a.summary);
    if (a.body[0])
        printf("\n%s\n", a.body);
    article_free(&a);
    return EXIT_SUCCESS;
}

/* --- keygen / sign -------------------------------------------------- */

static int
cmd_keygen(int argc, char **argv)
{
    Err e;

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: newskiosk keygen NAME\n\n"
               "Make an Ed25519 key pair: NAME.key (secret, mode 0600: keep it off the kiosk)\n"
               "and NAME.pub (copy it to the kiosk and name it in trusted_key).\n");
        return EXIT_SUCCESS;
    }
    if (argc != 2 || argv[1][0] == '-')
        die_usage("keygen needs one NAME");
    err_clear(&e);
    if (sign_keygen(argv[1], &e) != K_OK)
        return fail(&e);
    printf("wrote %s.key (secret) and %s.pub (public)\n", argv[1], argv[1]);
    return EXIT_SUCCESS;
}

static int
cmd_sign(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'}, {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    const char *key = NULL, *cfgpath = NULL;
    char id[17];
    Config cfg;
    Err e;
    int c, n = 0;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'k': key = optarg; break;
        case 'c': cfgpath = optarg; break;
        case 'h':
            printf("usage: newskiosk sign --key NAME.key PATH\n\n"
                   "Sign the bundle at PATH in place: list every article and image with its\n"
                   "SHA-256 in manifest.json, stamp \"created\" with the time now, and write\n"
                   "manifest.sig. Sign again after any change to the bundle.\n");
            return EXIT_SUCCESS;
        default: die_usage("sign: unknown option");
        }
    }
    if (key == NULL || optind != argc - 1)
        die_usage("sign needs --key NAME.key and one PATH");
    load_config(&cfg, cfgpath);
    err_clear(&e);
    if (signer_sign_bundle(key, argv[optind], &cfg, &n, id, &e) != K_OK)
        return fail(&e);
    printf("signed %d files with key %s\n", n, id);
    return EXIT_SUCCESS;
}

/* --- run ------------------------------------------------------------ */

static int
cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"db", required_argument, NULL, 'd'},
        {"size", required_argument, NULL, 's'},   {"fullscreen", no_argument, NULL, 'f'},
        {"windowed", no_argument, NULL, 'w'},     {"rotate", required_argument, NULL, 'r'},
        {"watch", required_argument, NULL, 'W'},  {"script", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    const char *cfgpath = NULL, *dbopt = NULL, *size = NULL, *rotate = NULL, *script = NULL;
    const char *watch[CONFIG_LIST_MAX];
    char dbbuf[CONFIG_PATH_MAX], self[1024];
    int nwatch = 0, fullscreen = -1, c;
    Config cfg;
    KioskOpts ko;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'c': cfgpath = optarg; break;
        case 'd': dbopt = optarg; break;
        case 's': size = optarg; break;
        case 'f': fullscreen = 1; break;
        case 'w': fullscreen = 0; break;
        case 'r': rotate = optarg; break;
        case 'S': script = optarg; break;
        case 'W':
            if (nwatch == CONFIG_LIST_MAX)
                die_usage("at most %d --watch folders", CONFIG_LIST_MAX);
            watch[nwatch++] = optarg;
            break;
        case 'h':
            printf("%s\n"
                   "Show the stored news: headlines cycle; touch one (or press Enter) to read\n"
                   "it; Escape or Backspace goes back; F1 shows diagnostics. Windowed, Escape on\n"
                   "the headlines or closing the window quits; full-screen, nothing a reader\n"
                   "does quits.\n\n"
                   "  --size WxH        window size (default: the screen's, or 800x480 windowed)\n"
                   "  --rotate DEG      rotate picture and touch for portrait screens\n"
                   "  --watch DIR       import sticks that appear below DIR (may repeat)\n"
                   "  --script FILE     scripted input with virtual time (tests): wait S,\n"
                   "                    tap X Y, swipe X1 Y1 X2 Y2, key NAME, shot FILE,\n"
                   "                    settle, quit\n",
                   usage_main);
            return EXIT_SUCCESS;
        default: die_usage("run: unknown option");
        }
    }
    if (optind != argc)
        die_usage("run takes no arguments");
    load_config(&cfg, cfgpath);

    /* Command-line options go over the config, through the same checks. */
    {
        char line[CONFIG_PATH_MAX + 16];
        Err e;
        err_clear(&e);
        if (size) {
            snprintf(line, sizeof line, "size = %s\n", size);
            if (config_parse(&cfg, line, strlen(line), "--size", &e) != K_OK)
                die_usage("--size: expected WIDTHxHEIGHT like 800x480");
        }
        if (rotate) {
            snprintf(line, sizeof line, "rotate = %s\n", rotate);
            if (config_parse(&cfg, line, strlen(line), "--rotate", &e) != K_OK)
                die_usage("--rotate: expected 0, 90, 180 or 270");
        }
        for (int i = 0; i < nwatch; i++) {
            snprintf(line, sizeof line, "watch = %s\n", watch[i]);
            if (config_parse(&cfg, line, strlen(line), "--watch", &e) != K_OK)
                die_usage("--watch: %s", e.msg);
        }
    }
    if (fullscreen >= 0)
        cfg.fullscreen = fullscreen;

    /* the screen's own words, before anything is laid out */
    {
        char dir[1024];
        int rc = i18n_init(cfg.ui_lang, i18n_find_localedir(dir, sizeof dir));
        if (rc == K_ENOTFOUND)
            fprintf(stderr, "%s: warning: ui_lang = %s: no translation in %s, showing English\n",
                    argv0, cfg.ui_lang, dir[0] ? dir : "(no locale folder found)");
        else if (rc != K_OK)
            fprintf(stderr, "%s: warning: ui_lang = %s: %s, showing English\n", argv0,
                    cfg.ui_lang, err_name(rc));
    }

    memset(&ko, 0, sizeof ko);
    ko.db_path = db_path(&cfg, dbopt, dbbuf, sizeof dbbuf);
    ko.config_path = cfgpath;
    ko.script = script;
    {
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n > 0) {
            self[n] = '\0';
            ko.self_exe = self;
        } else {
            ko.self_exe = argv0;
        }
    }
    make_parent(ko.db_path);
    return kiosk_run(&cfg, &ko);
}

/* --- fleet --------------------------------------------------------- */

static int
cmd_fleet(int argc, char **argv)
{
    static const struct option opts[] = {
        {"stale-minutes", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    long stale_min = 30;
    char *end;
    int c, n;
    Err e;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            stale_min = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || stale_min < 1 || stale_min > 525600)
                die_usage("fleet: --stale-minutes: expected a whole number from 1 to 525600");
            break;
        case 'h':
            printf("usage: newskiosk fleet [--stale-minutes N] DIR\n\n"
                   "Print the status files that kiosks write to their outbox (config `outbox`)\n"
                   "and a sync engine brings back to DIR, one kiosk a line: its bundle and\n"
                   "who signed it, stories, last import, uptime, free space, power, version.\n"
                   "A kiosk whose status is older than N minutes (default 30) is flagged\n"
                   "STALE. Exit 0 when every kiosk is fresh, 1 when one is stale or DIR\n"
                   "holds none. docs/fleet.md describes the file.\n");
            return EXIT_SUCCESS;
        default: die_usage("fleet: unknown option");
        }
    }
    if (optind != argc - 1)
        die_usage("fleet needs one DIR");
    err_clear(&e);
    FILE *tmp = tmpfile();
    if (tmp == NULL)
        tmp = stdout;
    n = status_fleet(argv[optind], (int64_t)time(NULL), (int64_t)stale_min * 60, tmp, &e);
    int stale = 0;
    if (tmp != stdout) {
        char line[1024];
        rewind(tmp);
        while (fgets(line, sizeof line, tmp)) {
            fputs(line, stdout);
            if (strstr(line, " STALE "))
                stale = 1;
        }
        fclose(tmp);
    }
    if (n < 0)
        return fail(&e);
    if (n == 0) {
        fprintf(stderr, "%s: %s: no status files (*.json) yet\n", argv0, argv[optind]);
        return EXIT_FAILURE;
    }
    return stale ? EXIT_FAILURE : EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
    const char *cmd;

    if (argc > 0 && argv[0] && argv[0][0]) {
        const char *slash = strrchr(argv[0], '/');
        argv0 = slash ? slash + 1 : argv[0];
    }
    if (argc < 2)
        return cmd_run(argc, argv);
    cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return EXIT_SUCCESS;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("newskiosk %s\n", KIOSK_VERSION);
        return EXIT_SUCCESS;
    }
    if (cmd[0] == '-')
        return cmd_run(argc, argv);
    argc--;
    argv++;
    optind = 1;
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc, argv);
    if (strcmp(cmd, "import") == 0)
        return cmd_import(argc, argv, 0);
    if (strcmp(cmd, "verify") == 0)
        return cmd_import(argc, argv, 1);
    if (strcmp(cmd, "list") == 0)
        return cmd_list(argc, argv);
    if (strcmp(cmd, "show") == 0)
        return cmd_show(argc, argv);
    if (strcmp(cmd, "keygen") == 0)
        return cmd_keygen(argc, argv);
    if (strcmp(cmd, "sign") == 0)
        return cmd_sign(argc, argv);
    if (strcmp(cmd, "fleet") == 0)
        return cmd_fleet(argc, argv);
    die_usage("unknown command '%s'", cmd);
}
