/* SPDX-License-Identifier: MIT
 *
 * sdnotify_test.c - the sd_notify client against a real datagram socket:
 * each test binds one (a path in a fresh temporary folder, or an abstract
 * name), points $NOTIFY_SOCKET at it, and reads back what arrived.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sdnotify.h"

typedef struct Listener {
    int fd;
    char dir[64];
    char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1]; /* as in $NOTIFY_SOCKET */
} Listener;

/* Bind a datagram socket: a path in a new temporary folder, or, with
 * abstract set, a Linux abstract name. Sets NOTIFY_SOCKET to it. */
static void
listen_on(Listener *l, int abstract)
{
    struct sockaddr_un sa;
    socklen_t len;

    memset(l, 0, sizeof *l);
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    assert_true(l->fd >= 0);
    if (abstract) {
        snprintf(l->name, sizeof l->name, "@newskiosk-sdnotify-test-%ld", (long)getpid());
        memcpy(sa.sun_path, l->name, strlen(l->name));
        sa.sun_path[0] = '\0';
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(l->name));
    } else {
        snprintf(l->dir, sizeof l->dir, "%s", "/tmp/nk-sdnotify.XXXXXX");
        assert_non_null(mkdtemp(l->dir));
        snprintf(l->name, sizeof l->name, "%s/notify", l->dir);
        memcpy(sa.sun_path, l->name, strlen(l->name) + 1);
        len = (socklen_t)sizeof sa;
    }
    if (bind(l->fd, (struct sockaddr *)&sa, len) != 0)
        fail_msg("bind %s: %s", l->name, strerror(errno));
    assert_int_equal(setenv("NOTIFY_SOCKET", l->name, 1), 0);
}

static void
listener_close(Listener *l)
{
    close(l->fd);
    if (l->dir[0] != '\0') {
        unlink(l->name);
        rmdir(l->dir);
    }
    unsetenv("NOTIFY_SOCKET");
}

/* The next datagram, or "" when none is queued (a local datagram is queued
 * by the time sendto() returns, so no waiting is needed). */
static const char *
receive(Listener *l)
{
    static char buf[512];
    ssize_t n = recv(l->fd, buf, sizeof buf - 1, MSG_DONTWAIT);

    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void
sdnotify_sends_to_socket_path(void **state)
{
    Listener l;

    (void)state;
    listen_on(&l, 0);
    sdnotify("READY=1");
    assert_string_equal(receive(&l), "READY=1");
    sdnotify("STATUS=importing\nWATCHDOG=1");
    assert_string_equal(receive(&l), "STATUS=importing\nWATCHDOG=1");
    listener_close(&l);
}

static void
sdnotify_sends_to_abstract_socket(void **state)
{
    Listener l;

    (void)state;
    listen_on(&l, 1);
    sdnotify("WATCHDOG=1");
    assert_string_equal(receive(&l), "WATCHDOG=1");
    listener_close(&l);
}

static void
sdnotify_is_silent_without_socket(void **state)
{
    (void)state;
    unsetenv("NOTIFY_SOCKET");
    errno = 1234;
    sdnotify("READY=1");
    assert_int_equal(errno, 1234);
    sdnotify(NULL);
}

static void
sdnotify_ignores_malformed_or_missing_socket(void **state)
{
    char longname[300];
    Listener l;

    (void)state;
    listen_on(&l, 0);
    /* relative, empty, too long for sun_path, nobody listening: no crash, no errno change */
    const char *bad[] = {"notify", "", "@", longname, "/nonexistent/newskiosk/notify"};
    memset(longname, 'a', sizeof longname - 1);
    longname[0] = '/';
    longname[sizeof longname - 1] = '\0';
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(setenv("NOTIFY_SOCKET", bad[i], 1), 0);
        errno = 0;
        sdnotify("READY=1");
        assert_int_equal(errno, 0);
    }
    assert_string_equal(receive(&l), "");
    listener_close(&l);
}

static void
sdnotify_watchdog_usec_reads_environment(void **state)
{
    char pid[32];
    long long usec = -7;

    (void)state;
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(sdnotify_watchdog_usec(&usec), 0);
    assert_int_equal(usec, -7);

    setenv("WATCHDOG_USEC", "30000000", 1);
    assert_int_equal(sdnotify_watchdog_usec(&usec), 1);
    assert_int_equal(usec, 30000000);

    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    usec = 0;
    assert_int_equal(sdnotify_watchdog_usec(&usec), 1);
    assert_int_equal(usec, 30000000);

    /* a parent's watchdog, inherited: not ours to ping */
    snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
    setenv("WATCHDOG_PID", pid, 1);
    usec = -7;
    assert_int_equal(sdnotify_watchdog_usec(&usec), 0);
    assert_int_equal(usec, -7);
    unsetenv("WATCHDOG_PID");

    const char *bad[] = {"", "0", "-5", "12x", " 5", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("WATCHDOG_USEC", bad[i], 1);
        if (sdnotify_watchdog_usec(&usec) != 0)
            fail_msg("WATCHDOG_USEC='%s': expected 0 (off), got 1 with %lld", bad[i], usec);
    }
    unsetenv("WATCHDOG_USEC");
}

static void
sdnotify_watchdog_ping_paces_to_half_interval(void **state)
{
    long long last = 0;
    Listener l;

    (void)state;
    listen_on(&l, 0);
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    assert_int_equal(sdnotify_watchdog_ping(1000, &last), 0);
    assert_string_equal(receive(&l), "");

    setenv("WATCHDOG_USEC", "10000000", 1); /* 10 s: ping every 5 s */
    assert_int_equal(sdnotify_watchdog_ping(1000, &last), 1);
    assert_string_equal(receive(&l), "WATCHDOG=1");
    assert_int_equal(last, 1000);
    assert_int_equal(sdnotify_watchdog_ping(5999, &last), 0);
    assert_string_equal(receive(&l), "");
    assert_int_equal(sdnotify_watchdog_ping(6000, &last), 1);
    assert_string_equal(receive(&l), "WATCHDOG=1");
    /* a clock that went backwards pings rather than going silent */
    assert_int_equal(sdnotify_watchdog_ping(10, &last), 1);
    assert_string_equal(receive(&l), "WATCHDOG=1");
    unsetenv("WATCHDOG_USEC");
    listener_close(&l);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sdnotify_sends_to_socket_path),
        cmocka_unit_test(sdnotify_sends_to_abstract_socket),
        cmocka_unit_test(sdnotify_is_silent_without_socket),
        cmocka_unit_test(sdnotify_ignores_malformed_or_missing_socket),
        cmocka_unit_test(sdnotify_watchdog_usec_reads_environment),
        cmocka_unit_test(sdnotify_watchdog_ping_paces_to_half_interval),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
