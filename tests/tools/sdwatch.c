/* SPDX-License-Identifier: MIT
 *
 * sdwatch.c - play systemd's side of the sd_notify protocol for a test.
 *
 *   sdwatch WATCHDOG_MS STOP_MS COMMAND [ARG]...
 *
 * Binds a datagram socket in a fresh temporary folder, runs COMMAND with
 * NOTIFY_SOCKET naming it (and, when WATCHDOG_MS > 0, WATCHDOG_USEC and
 * WATCHDOG_PID as systemd sets them for a unit with WatchdogSec=), prints
 * every notification it receives, one line per KEY=VALUE, until COMMAND
 * exits, and exits with COMMAND's status (128 + signal when killed). When
 * STOP_MS > 0 it sends COMMAND SIGTERM after that long, as `systemctl stop`
 * would.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Print what is queued on fd; wait up to timeout_ms for the first datagram. */
static void
drain(int fd, int timeout_ms)
{
    char buf[4096];
    struct pollfd p = {.fd = fd, .events = POLLIN};

    while (poll(&p, 1, timeout_ms) > 0) {
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        if (n <= 0)
            break;
        buf[n] = '\0';
        /* one line per assignment, as a datagram may carry several */
        for (char *line = strtok(buf, "\n"); line != NULL; line = strtok(NULL, "\n"))
            printf("%s\n", line);
        fflush(stdout);
        timeout_ms = 0;
    }
}

int
main(int argc, char **argv)
{
    char dir[] = "/tmp/nk-sdwatch.XXXXXX";
    struct sockaddr_un sa;
    long watchdog_ms, stop_ms, waited_ms = 0;
    int fd, status = 0, rc = 2;
    pid_t pid;

    if (argc < 4) {
        fprintf(stderr, "usage: sdwatch WATCHDOG_MS STOP_MS COMMAND [ARG]...\n");
        return 2;
    }
    watchdog_ms = strtol(argv[1], NULL, 10);
    stop_ms = strtol(argv[2], NULL, 10);
    if (mkdtemp(dir) == NULL) {
        perror("sdwatch: mkdtemp");
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/notify", dir);
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("sdwatch: socket");
        goto cleanup;
    }
    pid = fork();
    if (pid < 0) {
        perror("sdwatch: fork");
        goto cleanup;
    }
    if (pid == 0) {
        char num[32];

        setenv("NOTIFY_SOCKET", sa.sun_path, 1);
        if (watchdog_ms > 0) {
            snprintf(num, sizeof num, "%lld", (long long)watchdog_ms * 1000);
            setenv("WATCHDOG_USEC", num, 1);
            snprintf(num, sizeof num, "%ld", (long)getpid());
            setenv("WATCHDOG_PID", num, 1);
        }
        execvp(argv[3], argv + 3);
        fprintf(stderr, "sdwatch: %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }
    for (;;) {
        pid_t w;

        drain(fd, 50);
        waited_ms += 50;
        if (stop_ms > 0 && waited_ms >= stop_ms && waited_ms - 50 < stop_ms)
            kill(pid, SIGTERM);
        w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            perror("sdwatch: waitpid");
            goto cleanup;
        }
    }
    drain(fd, 0);
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
cleanup:
    if (fd >= 0)
        close(fd);
    unlink(sa.sun_path);
    rmdir(dir);
    return rc;
}
