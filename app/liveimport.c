/* SPDX-License-Identifier: MIT
 *
 * liveimport.c - see liveimport.h. Start reading at live_poll().
 *
 * Only POSIX here (fork/exec, pipes, opendir): the screen sees nothing but
 * LiveStatus. The child's protocol is newskiosk import's --progress-fd
 * lines, app/progress.h.
 */
#include "liveimport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/i18n.h"
#include "inbox.h"
#include "progress.h"

#define MAX_STICKS 32
/* a child silent this long is stuck (a frozen stick): one article or one
 * picture never takes a minute, even from a slow stick */
#define STALL_MS (60 * 1000)
/* A stick import that failed while the stick still looks plugged in: how
 * long to watch for it going (then "removed too soon", not "not imported"). */
#define GONE_GRACE_MS 4000

typedef struct Stick {
    char path[512];
    dev_t dev;
    ino_t ino;
} Stick;

struct LiveImport {
    char self[1024], db[CONFIG_PATH_MAX], config[CONFIG_PATH_MAX];
    char watch[CONFIG_LIST_MAX][CONFIG_PATH_MAX];
    int nwatch;
    Inbox *inbox;               /* NULL without inboxes */
    Stick seen[MAX_STICKS];     /* sticks tried while they stay plugged in */
    int nseen;
    int scan_ms;
    int64_t next_scan_ms;
    pid_t child;
    int fd;                     /* read end of the child's progress pipe */
    char buf[4096];
    size_t buflen;
    int64_t last_output_ms;
    int got_result;
    int held;                   /* a failed stick import waits to see if the stick goes */
    int held_status;            /* ... the child's exit status */
    int64_t held_since;
    LiveStatus st;
    int changed;
};

LiveImport *
live_new(const Config *cfg, const char *self_exe, const char *db_path, const char *config_path)
{
    LiveImport *li = calloc(1, sizeof *li);

    if (li == NULL)
        return NULL;
    snprintf(li->self, sizeof li->self, "%s", self_exe);
    snprintf(li->db, sizeof li->db, "%s", db_path);
    snprintf(li->config, sizeof li->config, "%s", config_path ? config_path : "");
    for (int i = 0; i < cfg->nwatch; i++)
        snprintf(li->watch[li->nwatch++], CONFIG_PATH_MAX, "%s", cfg->watch[i]);
    if (cfg->ninbox > 0) {
        const char *dirs[CONFIG_LIST_MAX];
        for (int i = 0; i < cfg->ninbox; i++)
            dirs[i] = cfg->inbox[i];
        li->inbox = inbox_new(dirs, cfg->ninbox, (int64_t)cfg->inbox_quiet_seconds * 1000);
        if (li->inbox == NULL) {
            free(li);
            return NULL;
        }
    }
    li->scan_ms = 1000;
    li->child = -1;
    li->fd = -1;
    return li;
}

static void
stop_child(LiveImport *li)
{
    if (li->child > 0) {
        kill(li->child, SIGTERM);
        waitpid(li->child, NULL, 0);
        li->child = -1;
    }
    if (li->fd >= 0) {
        close(li->fd);
        li->fd = -1;
    }
}

void
live_free(LiveImport *li)
{
    if (li == NULL)
        return;
    stop_child(li);
    inbox_free(li->inbox);
    free(li);
}

int
live_busy(const LiveImport *li)
{
    return li->child > 0 || li->held;
}

void
live_set_scan_ms(LiveImport *li, int scan_ms)
{
    li->scan_ms = scan_ms;
}

/* 1 if path/newskiosk is a real folder (not a link). */
static int
has_bundle(const char *path)
{
    char p[600];
    struct stat sb;

    if (snprintf(p, sizeof p, "%s/newskiosk", path) >= (int)sizeof p)
        return 0;
    return lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int
seen_index(const LiveImport *li, const char *path, const struct stat *sb)
{
    for (int i = 0; i < li->nseen; i++)
        if (strcmp(li->seen[i].path, path) == 0 && li->seen[i].dev == sb->st_dev &&
            li->seen[i].ino == sb->st_ino)
            return i;
    return -1;
}

static void
start_child(LiveImport *li, const char *stick, int network, int64_t now_ms)
{
    int p[2];
    pid_t pid;

    memset(&li->st, 0, sizeof li->st);
    li->st.network = network;
    if (snprintf(li->st.stick, sizeof li->st.stick, "%s", stick) >= (int)sizeof li->st.stick)
        li->st.stick[sizeof li->st.stick - 1] = '\0';
    li->st.state = LIVE_RUNNING;
    li->changed = 1;
    li->buflen = 0;
    li->got_result = 0;
    li->last_output_ms = now_ms;
    if (pipe(p) != 0) {
        li->st.state = LIVE_FAILED;
        snprintf(li->st.reason, sizeof li->st.reason, "cannot start the import (%s)", strerror(errno));
        li->st.finished_ms = now_ms;
        return;
    }
    pid = fork();
    if (pid == 0) {
        /* Child: progress on fd 3, its summary line to /dev/null, its
         * warnings to our stderr (the journal). */
        const char *argv[12];
        int n = 0, devnull = open("/dev/null", O_RDWR);
        close(p[0]);
        /* systemd's socket is the kiosk's to talk to, not the importer's */
        unsetenv("NOTIFY_SOCKET");
        unsetenv("WATCHDOG_PID");
        unsetenv("WATCHDOG_USEC");
        if (p[1] != 3) {
            dup2(p[1], 3);
            close(p[1]);
        }
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
        }
        argv[n++] = li->self;
        argv[n++] = "import";
        argv[n++] = "--db";
        argv[n++] = li->db;
        if (li->config[0]) {
            argv[n++] = "--config";
            argv[n++] = li->config;
        }
        argv[n++] = "--progress-fd";
        argv[n++] = "3";
        argv[n++] = stick;
        argv[n] = NULL;
        execv(li->self, (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        li->st.state = LIVE_FAILED;
        snprintf(li->st.reason, sizeof li->st.reason, "cannot start the import (%s)", strerror(errno));
        li->st.finished_ms = now_ms;
        return;
    }
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    li->child = pid;
    li->fd = p[0];
}

/* Look for new sticks; forget those that went away. */
static void
scan(LiveImport *li, int64_t now_ms)
{
    int alive[MAX_STICKS] = {0};
    char path[512];

    for (int w = 0; w < li->nwatch; w++) {
        DIR *d = opendir(li->watch[w]);
        struct dirent *de;
        if (d == NULL)
            continue;
        while ((de = readdir(d)) != NULL) {
            struct stat sb;
            if (de->d_name[0] == '.')
                continue;
            if (snprintf(path, sizeof path, "%s/%s", li->watch[w], de->d_name) >= (int)sizeof path)
                continue;
            if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
                continue;
            int i = seen_index(li, path, &sb);
            if (i >= 0) {
                alive[i] = 1;
                continue;
            }
            if (li->child > 0 || !has_bundle(path) || li->nseen == MAX_STICKS)
                continue;
            /* A new stick with a bundle: import it. */
            Stick *s = &li->seen[li->nseen];
            memcpy(s->path, path, sizeof s->path);
            s->dev = sb.st_dev;
            s->ino = sb.st_ino;
            alive[li->nseen++] = 1;
            start_child(li, path, 0, now_ms);
        }
        closedir(d);
    }
    if (li->inbox && li->child <= 0 && li->st.state != LIVE_RUNNING) {
        char ready[CONFIG_PATH_MAX];
        if (inbox_poll(li->inbox, now_ms, ready, sizeof ready))
            start_child(li, ready, 1, now_ms);
    }
    for (int i = li->nseen - 1; i >= 0; i--)
        if (!alive[i]) {
            li->seen[i] = li->seen[--li->nseen];
        }
}

static void
copy_msg(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

static void
handle_line(LiveImport *li, char *line)
{
    LiveStatus *st = &li->st;
    ProgressMsg m;

    li->changed = 1;
    switch (progress_parse(line, &m)) {
    case PROGRESS_STEP:
        st->done = m.a;
        st->total = m.b;
        break;
    case PROGRESS_WARN:
        if (st->nskips < 3)
            copy_msg(st->skips[st->nskips++], sizeof st->skips[0], m.text);
        break;
    case PROGRESS_DONE:
        st->imported = m.a;
        st->skipped = m.b;
        copy_msg(st->bundle_id, sizeof st->bundle_id, m.text);
        li->got_result = LIVE_DONE;
        break;
    case PROGRESS_UNCHANGED:
        copy_msg(st->bundle_id, sizeof st->bundle_id, m.text);
        li->got_result = LIVE_UNCHANGED;
        break;
    case PROGRESS_ERROR:
        copy_msg(st->reason, sizeof st->reason, m.text);
        li->got_result = LIVE_FAILED;
        break;
    }
}

static void
read_child(LiveImport *li, int64_t now_ms)
{
    for (;;) {
        ssize_t r = read(li->fd, li->buf + li->buflen, sizeof li->buf - 1 - li->buflen);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        li->buflen += (size_t)r;
        li->last_output_ms = now_ms;
        char *start = li->buf, *nl;
        li->buf[li->buflen] = '\0';
        while ((nl = strchr(start, '\n')) != NULL) {
            *nl = '\0';
            handle_line(li, start);
            start = nl + 1;
        }
        li->buflen -= (size_t)(start - li->buf);
        memmove(li->buf, start, li->buflen);
        if (li->buflen == sizeof li->buf - 1)
            li->buflen = 0;   /* a line longer than the buffer: drop it */
    }
}

/* The child has exited (or must be stopped): settle the result. */
static void
finish(LiveImport *li, int status, int64_t now_ms)
{
    LiveStatus *st = &li->st;

    li->child = -1;
    close(li->fd);
    li->fd = -1;
    st->finished_ms = now_ms;
    st->stick_gone = !st->network && !has_bundle(st->stick);
    st->killed = WIFSIGNALED(status);
    if (li->got_result == LIVE_DONE && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        st->state = LIVE_DONE;
    } else if (li->got_result == LIVE_UNCHANGED) {
        st->state = LIVE_UNCHANGED;
    } else {
        st->state = LIVE_FAILED;
        if (!st->reason[0]) {
            if (WIFSIGNALED(status))
                snprintf(st->reason, sizeof st->reason,
                         "the import stopped unexpectedly (signal %d); nothing was changed",
                         WTERMSIG(status));
            else
                snprintf(st->reason, sizeof st->reason,
                         "the import stopped unexpectedly (exit %d); nothing was changed",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
    }
    /* an inbox bundle rewritten under the importer (a new edition arriving):
     * a failure says nothing about it; it is tried again once still */
    if (st->network && li->inbox && !inbox_done(li->inbox, st->stick, now_ms) &&
        st->state != LIVE_DONE) {
        st->state = LIVE_IDLE;
        st->reason[0] = '\0';
    }
    li->changed = 1;
}

int
live_poll(LiveImport *li, int64_t now_ms, LiveStatus *out)
{
    int changed;

    if (li->child > 0) {
        int status = 0;
        read_child(li, now_ms);
        pid_t r = waitpid(li->child, &status, WNOHANG);
        if (r == li->child) {
            read_child(li, now_ms);   /* the last lines */
            int ok = li->got_result == LIVE_UNCHANGED ||
                     (li->got_result == LIVE_DONE && WIFEXITED(status) && WEXITSTATUS(status) == 0);
            if (!ok && !li->st.network && has_bundle(li->st.stick)) {
                /* a stick being pulled fails its reads a moment before it
                 * is unmounted (3 s in the VM): wait to tell "removed too
                 * soon" from a stick that is really bad */
                li->child = -1;
                li->held = 1;
                li->held_status = status;
                li->held_since = now_ms;
            } else
                finish(li, status, now_ms);
        } else if (now_ms - li->last_output_ms > STALL_MS) {
            kill(li->child, SIGKILL);
            waitpid(li->child, &status, 0);
            snprintf(li->st.reason, sizeof li->st.reason,
                     "the stick stopped answering; nothing was changed");
            li->got_result = LIVE_FAILED;
            finish(li, status, now_ms);
        }
    }
    if (li->held && (!has_bundle(li->st.stick) || now_ms - li->held_since >= GONE_GRACE_MS)) {
        li->held = 0;
        finish(li, li->held_status, now_ms);
    }
    if (!li->held && now_ms >= li->next_scan_ms) {
        li->next_scan_ms = now_ms + li->scan_ms;
        /* a stick pulled mid-import: its reads may hang on a device that is
         * gone rather than fail, so the child is stopped as soon as the
         * bundle is no longer there, and the screen says so at once */
        if (li->child > 0 && !li->st.network && !has_bundle(li->st.stick)) {
            int status = 0;
            kill(li->child, SIGKILL);
            waitpid(li->child, &status, 0);
            snprintf(li->st.reason, sizeof li->st.reason,
                     "the stick was removed before the import finished; nothing was changed");
            li->got_result = LIVE_FAILED;
            finish(li, status, now_ms);
        }
        scan(li, now_ms);
    }
    changed = li->changed;
    li->changed = 0;
    if (out)
        *out = li->st;
    return changed;
}

void
live_describe(const LiveStatus *st, char *title, size_t tsize, char *detail, size_t dsize)
{
    size_t n = 0;

#define LINE(...)                                                               \
    do {                                                                        \
        if (n < dsize) {                                                        \
            int k_ = snprintf(detail + n, dsize - n, __VA_ARGS__);              \
            n += k_ > 0 ? (size_t)k_ : 0;                                       \
        }                                                                       \
    } while (0)

    /* The words are in the UI language (i18n_init); the importer's reasons
     * (st->reason, st->skips) stay in its own words, which name files and
     * lines. ui.c picks out the "You can remove the stick now." line. */
    detail[0] = '\0';
    switch (st->state) {
    case LIVE_RUNNING:
        /* The import screen draws the bar and the counts itself. */
        snprintf(title, tsize, "%s", _("Importing news"));
        LINE("%s", st->network ? _("New stories are arriving from the network.")
                               : _("Please leave the stick in until this finishes."));
        break;
    case LIVE_DONE:
        snprintf(title, tsize, "%s", st->network ? _("New stories from the network")
                                                 : _("News imported"));
        LINE(_n("Imported %d story.", "Imported %d stories.", st->imported), st->imported);
        LINE("\n");
        if (st->skipped) {
            /* TRANSLATORS: followed by the first reasons, one a line. */
            LINE(_n("Skipped %d story:", "Skipped %d stories:", st->skipped), st->skipped);
            LINE("\n");
        }
        for (int i = 0; i < st->nskips; i++)
            LINE("  %s\n", st->skips[i]);
        if (!st->network)
            LINE("%s", _("You can remove the stick now."));
        break;
    case LIVE_UNCHANGED:
        if (st->network) {
            snprintf(title, tsize, "%s", _("Already imported"));
            LINE("%s", _("This update from the network is already on the kiosk; nothing changed."));
            break;
        }
        snprintf(title, tsize, "%s", _("Already imported"));
        LINE("%s\n", _("This stick's news is already on the kiosk; nothing changed."));
        LINE("%s", _("You can remove the stick now."));
        break;
    case LIVE_FAILED:
        if (st->network) {
            int trust = strstr(st->reason, "signed") || strstr(st->reason, "signature") ||
                        strstr(st->reason, "does not trust") ||
                        strstr(st->reason, "roll the kiosk back");
            snprintf(title, tsize, "%s", trust ? _("Update from the network not trusted")
                                               : _("Update from the network not imported"));
            LINE("%s\n", st->reason);
            LINE("%s", _("The kiosk keeps the news it had."));
        } else if (st->stick_gone) {
            snprintf(title, tsize, "%s", _("Stick removed too soon"));
            LINE("%s\n", _("The import stopped before it finished; the kiosk keeps the news it had."));
            LINE("%s", _("Plug it in again and wait for \"You can remove the stick now\"."));
        } else if (strstr(st->reason, "signed") || strstr(st->reason, "signature") ||
                   strstr(st->reason, "does not trust") || strstr(st->reason, "roll the kiosk back")) {
            /* The importer's words name the file and the case; the title
             * (short: it is drawn large on a small screen) says what it
             * means for the person holding the stick. */
            snprintf(title, tsize, "%s", _("Stick not trusted"));
            LINE("%s\n", st->reason);
            LINE("%s", _("The kiosk keeps the news it had. You can remove the stick now."));
        } else {
            snprintf(title, tsize, "%s", _("Stick not imported"));
            LINE("%s\n", st->reason);
            LINE("%s", _("The kiosk keeps the news it had. You can remove the stick now."));
        }
        break;
    default:
        snprintf(title, tsize, "%s", "");
        break;
    }
#undef LINE
}
