/* SPDX-License-Identifier: MIT
 *
 * sdnotify.c - the sd_notify protocol in plain POSIX sockets; see sdnotify.h.
 * Start reading at sdnotify().
 *
 * The protocol: one datagram of "KEY=VALUE" lines sent to the socket named
 * in $NOTIFY_SOCKET. A name starting with '@' is a Linux abstract socket:
 * the '@' becomes a NUL byte and the address length counts only the name.
 */
#include "sdnotify.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

/* Fill *sa from 'name' ($NOTIFY_SOCKET). Returns the address length to pass
 * to sendto(), or 0 when the name is empty, relative, or too long. */
static socklen_t
notify_addr(const char *name, struct sockaddr_un *sa)
{
    size_t len = strlen(name);

    if (len < 2 || (name[0] != '/' && name[0] != '@') || len > sizeof sa->sun_path)
        return 0;
    memset(sa, 0, sizeof *sa);
    sa->sun_family = AF_UNIX;
    memcpy(sa->sun_path, name, len);
    if (name[0] == '@') {
        sa->sun_path[0] = '\0';
        return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    }
    /* a path needs its terminating NUL inside sun_path */
    if (len == sizeof sa->sun_path)
        return 0;
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
}

void
sdnotify(const char *state)
{
    struct sockaddr_un sa;
    const char *name;
    socklen_t salen;
    int saved = errno;
    int fd;

    name = getenv("NOTIFY_SOCKET");
    if (state == NULL || name == NULL)
        return;
    salen = notify_addr(name, &sa);
    if (salen == 0)
        return;
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto out;
    /* MSG_NOSIGNAL: never die of SIGPIPE because systemd went away */
    (void)sendto(fd, state, strlen(state), MSG_NOSIGNAL, (const struct sockaddr *)&sa, salen);
    close(fd);
out:
    errno = saved;
}

/* Parse a positive decimal number filling all of s. Returns 1 and sets *v
 * on success, 0 otherwise. */
static int
parse_positive(const char *s, long long *v)
{
    char *end;
    long long n;

    if (s == NULL || *s < '0' || *s > '9')
        return 0;
    errno = 0;
    n = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0' || n <= 0)
        return 0;
    *v = n;
    return 1;
}

int
sdnotify_watchdog_usec(long long *usec)
{
    const char *pid_s = getenv("WATCHDOG_PID");
    long long v, pid;
    int saved = errno;
    int rc = 0;

    /* WATCHDOG_PID set for another process (our parent's, inherited): not ours */
    if (pid_s != NULL && (!parse_positive(pid_s, &pid) || pid != (long long)getpid()))
        goto out;
    if (!parse_positive(getenv("WATCHDOG_USEC"), &v))
        goto out;
    *usec = v;
    rc = 1;
out:
    errno = saved;
    return rc;
}

int
sdnotify_watchdog_ping(long long now_ms, long long *last_ms)
{
    long long usec;

    if (!sdnotify_watchdog_usec(&usec))
        return 0;
    if (*last_ms != 0 && now_ms - *last_ms < usec / 2000 && now_ms >= *last_ms)
        return 0;
    sdnotify("WATCHDOG=1");
    *last_ms = now_ms;
    return 1;
}
