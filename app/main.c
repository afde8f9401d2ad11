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
#include "log.h"
#include "plat/console.h"
#include "press/press.h"
#include "progress.h"
#include "signer.h"
#include "status.h"
#include "store/store.h"

enum { EXIT_USAGE = 2 };

static const char *argv0 = "newskiosk";

static const char usage_main[] =
    "usage: newskiosk [run] [--config FILE] [--db FILE] [--size WxH] [--fullscreen|--windowed]\n"
    "                       [--rotate 0|90|180|270] [--video auto|kmsdrm|x11|fb]\n"
    "                       [--watch DIR]... [--script FILE]\n"
    "       newskiosk import  [--db FILE] [--config FILE] PATH\n"
    "       newskiosk verify  [--config FILE] [--db FILE] PATH\n"
    "       newskiosk list    [--db FILE]\n"
    "       newskiosk show    [--db FILE] ID\n"
    "       newskiosk keygen  NAME\n"
    "       newskiosk sign    --key NAME.key PATH\n"
    "       newskiosk press   [--sign KEY] [--mode replace|merge] [--max-age D] [--max-items N]\n"
    "                         [--source NAME] [--lang L] [--category C] [--out DIR] FEED|OPML...\n"
    "       newskiosk fleet   [--stale-minutes N] DIR\n"
    "       newskiosk console-reset [--tty DEV] [--force]\n"
    "       newskiosk --version | --help\n"
    "\n"
    "An offline news kiosk: import a bundle of articles from a USB stick and show\n"
    "them full-screen. `newskiosk COMMAND --help` tells more about each command;\n"
    "docs/bundle.md describes the stick.\n";

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

    log_error("%s", err_str(e, buf, sizeof buf));
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

/* The config: --config FILE, else $NEWSKIOSK_CONFIG, else /etc/newskiosk.conf if present, else
 * built-in defaults. Returns 0 or exits 1 with the line at fault. */
static void
load_config(Config *cfg, const char *path)
{
    char *text;
    size_t len = 0;
    Err e;

    config_defaults(cfg);
    /* NEWSKIOSK_CONFIG names the file when --config does not: tests and
     * `make run` point it at their own, so a machine set up as a kiosk
     * (a trusted key in /etc/newskiosk.conf) gives them the same results */
    if (path == NULL && getenv("NEWSKIOSK_CONFIG") && getenv("NEWSKIOSK_CONFIG")[0])
        path = getenv("NEWSKIOSK_CONFIG");
    if (path == NULL) {
        if (access("/etc/newskiosk.conf", F_OK) != 0)
            return;
        path = "/etc/newskiosk.conf";
    }
    if ((text = slurp(path, &len)) == NULL) {
        log_error("%s: cannot read config (%s)", path, strerror(errno));
        exit(EXIT_FAILURE);
    }
    err_clear(&e);
    if (config_parse(cfg, text, len, path, &e) != K_OK) {
        free(text);
        fail(&e);
        log_error("refusing to run with a config it does not understand");
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
        log_error("%s: no database yet; import a bundle first", path);
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

/* One line of the --progress-fd protocol (progress.h), if it is on. */
static void
emit(Progress *p, int kind, int a, int b, const char *text)
{
    ProgressMsg m = {kind, a, b, text};
    char line[PROGRESS_LINE_MAX];
    size_t n;

    if (p->fd < 0)
        return;
    n = progress_format(&m, line, sizeof line);
    /* One write per line: the kiosk reads whole lines from a pipe. */
    if (n > 0 && write(p->fd, line, n) < 0)
        p->fd = -1;
}

static int
on_progress(void *ctx, int done, int total)
{
    Progress *p = ctx;
    int pct = total ? done * 100 / total : 100;

    emit(p, PROGRESS_STEP, done, total, NULL);
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
    log_warn("%s", msg);
    emit(p, PROGRESS_WARN, 0, 0, msg);
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
        emit(pr, PROGRESS_ERROR, 0, 0, buf);
        log_error("%s", buf);
    }
    return st;
}

/* verify --db: the signature check, and what the kiosk with this database
 * would do with the stick. The database is opened read-only. */
static int
verify_against(const char *dbpath, const char *path, const Config *cfg)
{
    ImportOpts io;
    ImportResult res;
    StoreInfo info;
    Store *st;
    Err e;
    char buf[1200];
    int rc;

    if (access(dbpath, F_OK) != 0) {
        /* a kiosk that never imported anything takes any good stick */
        st = NULL;
    } else if ((st = open_store(dbpath, STORE_RDONLY)) == NULL) {
        return EXIT_FAILURE;
    }
    memset(&io, 0, sizeof io);
    io.cfg = cfg;
    io.warn = on_warn;
    Progress pr = {0, -1, -1, 0};
    io.ctx = &pr;
    err_clear(&e);
    rc = st ? import_verify_against(st, path, &io, &res, &e)
            : import_bundle(NULL, path, &io, &res, &e);
    memset(&info, 0, sizeof info);
    if (st) {
        Err ie;
        err_clear(&ie);
        store_info(st, &info, &ie);
    }
    store_close(st);
    if (rc != K_OK) {
        err_str(&e, buf, sizeof buf);
        log_error("%s", buf);
        if (rc == K_ESIG && strstr(e.msg, "roll the kiosk back"))
            printf("refuse: the kiosk would refuse this stick as a roll-back (it holds %s, "
                   "signed %s)\n", info.bundle_id[0] ? info.bundle_id : "a newer bundle",
                   info.created[0] ? info.created : "later");
        else
            printf("refuse: the kiosk would refuse this stick; its content stays as it is\n");
        return EXIT_FAILURE;
    }
    if (res.unchanged)
        printf("already imported: the kiosk has imported %s before and would change nothing%s\n",
               res.bundle_id, res.is_signed ? "; signature good" : "");
    else
        printf("import: the kiosk would import %d article%s (%d skipped) from %s, %s%s\n",
               res.imported, res.imported == 1 ? "" : "s", res.skipped, res.bundle_id,
               res.replace ? "replacing every story it holds"
                           : "merging with the stories it holds",
               res.is_signed ? "; signature good" : "; not signed");
    return EXIT_SUCCESS;
}

static int
cmd_import(int argc, char **argv, int verify_only)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},      {"config", required_argument, NULL, 'c'},
        {"progress-fd", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {"against", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0},
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
                       ? "usage: newskiosk verify [--config FILE] [--db FILE] PATH\n\n"
                         "Check a bundle (a stick's mount point or its newskiosk/ folder) the way\n"
                         "import would, signature included, and import nothing. Exit 0 when it\n"
                         "would import, 1 when it would be rejected.\n\n"
                         "  --db FILE, --against FILE\n"
                         "                    also say what the kiosk with this database would do:\n"
                         "                    import it, refuse it as a roll-back (a signed stick\n"
                         "                    older than the one installed), or nothing (imported\n"
                         "                    before). The database is only read.\n"
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
    load_config(&cfg, cfgpath);
    if (verify_only && dbopt)
        return verify_against(dbopt, argv[optind], &cfg);
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
        emit(&pr, PROGRESS_ERROR, 0, 0, buf);
        log_error("%s", buf);
        log_error("%s rejected; %s", argv[optind],
                  verify_only ? "it would not import" : "the database is unchanged");
        return EXIT_FAILURE;
    }
    if (res.unchanged) {
        emit(&pr, PROGRESS_UNCHANGED, 0, 0, res.bundle_id);
        printf("bundle %s was already imported; nothing changed\n", res.bundle_id);
    } else if (verify_only) {
        printf("ok: %d article%s would import (%d skipped) from %s%s\n", res.imported,
               res.imported == 1 ? "" : "s", res.skipped, res.bundle_id,
               res.is_signed ? ", signature good" : "");
    } else {
        emit(&pr, PROGRESS_DONE, res.imported, res.skipped, res.bundle_id);
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

/* --- press ---------------------------------------------------------- */

typedef struct PressUi {
    int tty;
    int transient;   /* a progress line is on the terminal */
} PressUi;

static void
on_press_log(void *ctx, int kind, const char *msg)
{
    PressUi *u = ctx;

    if (kind == PRESS_LOG_PROGRESS) {
        if (u->tty) {
            fprintf(stderr, "\r\033[K%.100s", msg);
            u->transient = 1;
        }
        return;
    }
    if (u->transient) {
        fprintf(stderr, "\r\033[K");
        u->transient = 0;
    }
    if (kind == PRESS_LOG_WARN)
        log_warn("%s", msg);
    else
        log_info("%s", msg);
}

/* "feed.xml=World": the category after the last '=', when what comes
 * before is a file that exists, or a URL whose own query (if any) is
 * complete ("...?a=b=World"). */
static void
split_feed_arg(char *arg, PressFeedArg *f)
{
    char *eq = strrchr(arg, '=');

    f->src = arg;
    f->category = NULL;
    if (eq == NULL || eq[1] == '\0' || strchr(eq + 1, '/'))
        return;
    *eq = '\0';
    char *q = strchr(arg, '?');
    int ok = access(arg, F_OK) == 0 ||
             (strncmp(arg, "http", 4) == 0 && (q == NULL || strchr(q, '=') != NULL));
    if (ok)
        f->category = eq + 1;
    else
        *eq = '=';
}

static int
cmd_press(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sign", required_argument, NULL, 'k'},      {"mode", required_argument, NULL, 'm'},
        {"max-age", required_argument, NULL, 'a'},   {"max-items", required_argument, NULL, 'n'},
        {"source", required_argument, NULL, 's'},    {"lang", required_argument, NULL, 'l'},
        {"category", required_argument, NULL, 'C'},  {"out", required_argument, NULL, 'o'},
        {"config", required_argument, NULL, 'c'},    {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *cfgpath = NULL;
    PressOpts po;
    PressResult res;
    PressFeedArg *feeds = NULL;
    PressUi ui = {0, 0};
    Config cfg;
    Err e;
    char *end;
    int c, rc;

    memset(&po, 0, sizeof po);
    po.replace = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'k': po.sign_key = optarg; break;
        case 'm':
            if (strcmp(optarg, "replace") == 0)
                po.replace = 1;
            else if (strcmp(optarg, "merge") == 0)
                po.replace = 0;
            else
                die_usage("--mode: expected replace or merge");
            break;
        case 'a':
            po.max_age_days = (int)strtol(optarg, &end, 10);
            if (*end || po.max_age_days < 1 || po.max_age_days > 36500)
                die_usage("--max-age: expected a number of days (1 or more)");
            break;
        case 'n':
            po.max_items = (int)strtol(optarg, &end, 10);
            if (*end || po.max_items < 1 || po.max_items > PRESS_MAX_ARTICLES)
                die_usage("--max-items: expected a number from 1 to %d", PRESS_MAX_ARTICLES);
            break;
        case 's': po.source = optarg; break;
        case 'l': po.lang = optarg; break;
        case 'C': po.category = optarg; break;
        case 'o': po.out = optarg; break;
        case 'c': cfgpath = optarg; break;
        case 'h':
            printf("usage: newskiosk press [--sign KEY] [--mode replace|merge] [--max-age D]\n"
                   "                       [--max-items N] [--source NAME] [--lang L]\n"
                   "                       [--category C] [--out DIR] FEED|OPML...\n\n"
                   "Make a stick from news feeds: RSS 0.9x/1.0/2.0, Atom 1.0, JSON Feed 1.0/1.1,\n"
                   "or an OPML list of them; files or http(s) URLs. Each item becomes one\n"
                   "article (its HTML turned into paragraphs, its picture fetched and scaled);\n"
                   "the bundle is written to DIR/newskiosk (DIR: a stick's mount point; default\n"
                   "the current folder) through a temporary folder, flushed, then renamed, so a\n"
                   "stick pulled out mid-write never holds half a bundle. A feed that fails is\n"
                   "reported and skipped; exit 1 only when no story came out.\n\n"
                   "  --sign KEY         sign with NAME.key from `newskiosk keygen`\n"
                   "  --mode MODE        replace (default): the stick becomes the kiosk's whole\n"
                   "                     content; merge: add and update stories by id, keep the rest\n"
                   "  --max-age D        leave out stories older than D days\n"
                   "  --max-items N      at most N stories per feed, newest first (default %d)\n"
                   "  --source NAME      the source shown for every story (default: feed title)\n"
                   "  --lang L           language for feeds that do not give theirs (en, ar, ...)\n"
                   "  --category C       category for feeds without their own\n"
                   "  --out DIR          where the newskiosk/ folder goes\n"
                   "  FEED=Category      a category for one feed's stories\n\n"
                   "The stick format is described in docs/bundle.md.\n",
                   PRESS_DEFAULT_MAX_ITEMS);
            return EXIT_SUCCESS;
        default: die_usage("press: unknown option");
        }
    }
    if (optind >= argc)
        die_usage("press needs at least one FEED or OPML file or URL");
    load_config(&cfg, cfgpath);
    if ((feeds = calloc((size_t)(argc - optind), sizeof *feeds)) == NULL) {
        log_error("out of memory");
        return EXIT_FAILURE;
    }
    for (int i = optind; i < argc; i++)
        split_feed_arg(argv[i], &feeds[i - optind]);
    ui.tty = isatty(STDERR_FILENO);
    po.cfg = &cfg;
    po.log = on_press_log;
    po.ctx = &ui;
    err_clear(&e);
    rc = press_run(&po, feeds, (size_t)(argc - optind), &res, &e);
    if (ui.transient)
        fprintf(stderr, "\r\033[K");   /* the last progress line goes */
    free(feeds);
    press_cleanup();
    if (rc != K_OK)
        return fail(&e);
    {
        char signer[300] = "";
        if (po.sign_key) {
            const char *b = strrchr(po.sign_key, '/');
            b = b ? b + 1 : po.sign_key;
            size_t bl = strlen(b);
            if (bl > 4 && strcmp(b + bl - 4, ".key") == 0)
                bl -= 4;
            snprintf(signer, sizeof signer, ", signed by %.*s", (int)bl, b);
        }
        printf("pressed %d article%s from %d feed%s", res.articles, res.articles == 1 ? "" : "s",
               res.feeds, res.feeds == 1 ? "" : "s");
        if (res.feeds_failed)
            printf(" (%d feed%s failed: %s)", res.feeds_failed, res.feeds_failed == 1 ? "" : "s",
                   res.failed);
        printf(" into %s%s\n", res.bundle_dir, signer);
    }
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
        {"video", required_argument, NULL, 'V'},  {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *cfgpath = NULL, *dbopt = NULL, *size = NULL, *rotate = NULL, *script = NULL;
    const char *video = NULL;
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
        case 'V': video = optarg; break;
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
                   "  --video NAME      auto, kmsdrm, x11 (SDL) or fb (the framebuffer,\n"
                   "                    config fb_device; default: the config's video)\n"
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
        if (video) {
            snprintf(line, sizeof line, "video = %.32s\n", video);
            if (config_parse(&cfg, line, strlen(line), "--video", &e) != K_OK)
                die_usage("--video: expected auto, kmsdrm, x11 or fb");
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
            log_warn("ui_lang = %s: no translation in %s, showing English", cfg.ui_lang,
                     dir[0] ? dir : "(no locale folder found)");
        else if (rc != K_OK)
            log_warn("ui_lang = %s: %s, showing English", cfg.ui_lang, err_name(rc));
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

/* --- console-reset ------------------------------------------------- */

static int
cmd_console_reset(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tty", required_argument, NULL, 't'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dev = NULL;
    char name[256];
    int c, fd, force = 0, rc;
    ConsoleReset r;
    Err e;

    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 't': dev = optarg; break;
        case 'f': force = 1; break;
        case 'h':
            printf("usage: newskiosk console-reset [--tty DEV] [--force]\n\n"
                   "Give the console back after the kiosk died without cleaning up (the\n"
                   "watchdog's SIGKILL while the framebuffer backend drew): text mode, the\n"
                   "keyboard on (K_UNICODE, or K_XLATE where vt.default_utf8=0), the cursor\n"
                   "shown, the screen cleared. Only when the console is in graphics mode or\n"
                   "its keyboard is off, unless --force: a console the kiosk left clean (or\n"
                   "the SDL backend used) is not touched. For the unit's ExecStopPost=.\n\n"
                   "  --tty DEV   the virtual console, e.g. /dev/tty1 (default: standard input,\n"
                   "              which the unit makes tty1)\n"
                   "  --force     reset it whatever its mode\n\n"
                   "Exit 0 reset or nothing to do; 1 DEV is not a virtual console or refused;\n"
                   "2 usage. board/SCREEN.md tells more.\n");
            return EXIT_SUCCESS;
        default: die_usage("console-reset: unknown option");
        }
    }
    if (optind != argc)
        die_usage("console-reset takes no arguments (the console: --tty DEV)");
    if (dev) {
        if (*dev == '\0')
            die_usage("console-reset: --tty needs a device like /dev/tty1");
        snprintf(name, sizeof name, "%s", dev);
        fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "%s: console-reset: cannot open %s: %s\n", argv0, dev,
                    strerror(errno));
            return EXIT_FAILURE;
        }
    } else {
        const char *t = ttyname(0);
        snprintf(name, sizeof name, "standard input (%s)", t ? t : "not a terminal");
        fd = 0;
    }
    err_clear(&e);
    rc = console_reset(fd, name, force, &r, &e);
    if (fd > 0)
        close(fd);
    if (rc != K_OK) {
        fprintf(stderr, "%s: console-reset: %s%s\n", argv0, e.msg,
                dev || rc != K_EUSAGE ? "" : "; name one with --tty /dev/ttyN");
        return EXIT_FAILURE;
    }
    if (r.acted)
        printf("%s: %s%s%s: now text mode, keyboard %s, cursor shown, screen cleared\n", name,
               r.graphics ? "was in graphics mode" : "was in text mode",
               r.keyboard_off ? ", keyboard off" : "", force ? " (--force)" : "",
               r.unicode ? "on (unicode)" : "on (xlate)");
    else
        printf("%s: text mode with the keyboard on: nothing to do\n", name);
    return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
    const char *cmd;

    if (argc > 0 && argv[0] && argv[0][0]) {
        const char *slash = strrchr(argv[0], '/');
        argv0 = slash ? slash + 1 : argv[0];
    }
    log_set_name(argv0);
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
    if (strcmp(cmd, "press") == 0)
        return cmd_press(argc, argv);
    if (strcmp(cmd, "fleet") == 0)
        return cmd_fleet(argc, argv);
    if (strcmp(cmd, "console-reset") == 0)
        return cmd_console_reset(argc, argv);
    die_usage("unknown command '%s'", cmd);
}
