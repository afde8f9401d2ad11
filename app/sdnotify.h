/* SPDX-License-Identifier: MIT
 *
 * sdnotify.h - tell systemd how the kiosk is doing (the sd_notify protocol),
 * without linking libsystemd.
 *
 * The board's unit is Type=notify with WatchdogSec=: the kiosk sends
 * "READY=1" once its first screen is up, then "WATCHDOG=1" from its main loop
 * at least every half watchdog interval. If the loop hangs, systemd kills and
 * restarts it. Off the board (no $NOTIFY_SOCKET) every call is a silent no-op,
 * so callers never need to ask whether they run under systemd.
 *
 * Typical use in the main loop:
 *
 *     long long last_ms = 0;
 *     sdnotify("READY=1");
 *     for (;;) {
 *         ...
 *         sdnotify_watchdog_ping(now_ms, &last_ms);
 *     }
 *     sdnotify("STOPPING=1");
 *
 * Not thread-safe only in that it reads the environment: call it from the
 * thread that owns the loop.
 */
#ifndef KIOSK_SDNOTIFY_H
#define KIOSK_SDNOTIFY_H

/* Send one notification, e.g. "READY=1", "WATCHDOG=1", "STOPPING=1",
 * "STATUS=importing stick", or several separated by '\n', as one datagram
 * to the AF_UNIX socket named in $NOTIFY_SOCKET (a path, or an abstract
 * name written with a leading '@'). Does nothing when the variable is unset,
 * empty or malformed, or when state is NULL; errors are ignored (a kiosk
 * must not stop because its supervisor is away) and errno is preserved. */
void sdnotify(const char *state);

/* Whether systemd expects watchdog pings from this process. Returns 1 and
 * sets *usec to the interval in microseconds when $WATCHDOG_USEC holds a
 * positive number and $WATCHDOG_PID is unset or names this process;
 * returns 0 and leaves *usec untouched otherwise. */
int sdnotify_watchdog_usec(long long *usec);

/* Call once per main-loop turn with a monotonic clock in milliseconds and a
 * caller-owned 'last_ms' (start it at 0). Sends "WATCHDOG=1" when the
 * watchdog is on and half its interval has passed since *last_ms, then sets
 * *last_ms = now_ms. Returns 1 when it sent a ping, 0 otherwise. */
int sdnotify_watchdog_ping(long long now_ms, long long *last_ms);

#endif
