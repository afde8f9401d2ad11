/* SPDX-License-Identifier: MIT
 *
 * clock.h - the "no clock" rule: a board without network or RTC boots with a
 * wrong date, so the kiosk's "now" is never earlier than its newest content.
 * libc only, no time zone: callers pass seconds since the epoch.
 */
#ifndef KIOSK_CLOCK_H
#define KIOSK_CLOCK_H

#include <stdint.h>

/* Seconds since the epoch (UTC) of "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]"
 * or with a "+HH:MM"/"-HH:MM" offset. Returns 0 when s is NULL, empty or not
 * such a date (months 1..12, days 1..31, hours 0..23, minutes 0..59). */
int64_t clock_parse_iso(const char *s);

/* The time the kiosk should believe: max(system_s, newest content). sets
 * *suspect (may be NULL) to 1 when the system clock was behind the content
 * by more than a day's slack for time zones, so the screen says "news as of"
 * instead of showing a time it cannot trust. content_iso may be NULL or "". */
int64_t clock_effective(int64_t system_s, const char *content_iso, int *suspect);

#endif
