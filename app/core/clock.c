/* SPDX-License-Identifier: MIT
 * clock.c - see clock.h. */
#include "clock.h"

#include <stdio.h>
#include <string.h>

#define SLACK_S (14 * 3600)  /* a bundle stamped in another time zone is not "the future" */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil), so no timegm() is needed. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t
clock_parse_iso(const char *s)
{
    int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
    int64_t t;

    if (s == NULL || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return 0;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970)
        return 0;
    s += 10;
    if (*s == 'T' || *s == ' ') {
        int k = 0;
        if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
            return 0;
        s += 1 + k;
        if (*s == ':') {
            if (sscanf(s + 1, "%2d%n", &se, &k) != 1 || k != 2)
                return 0;
            s += 3;
            while (*s == '.' || (*s >= '0' && *s <= '9'))
                s++;
        }
        if (h > 23 || mi > 59 || se > 60)
            return 0;
    }
    t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    if ((*s == '+' || *s == '-') && strlen(s) >= 6) {
        int oh, om;
        if (sscanf(s + 1, "%2d:%2d", &oh, &om) == 2 && oh <= 14 && om <= 59)
            t -= (*s == '+' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    }
    return t;
}

int64_t
clock_effective(int64_t system_s, const char *content_iso, int *suspect)
{
    int64_t floor_s = clock_parse_iso(content_iso);

    if (suspect)
        *suspect = floor_s > system_s + SLACK_S;
    return floor_s > system_s ? floor_s : system_s;
}
