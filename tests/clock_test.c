/* SPDX-License-Identifier: MIT
 * clock_test.c - the "no clock" rule (app/core/clock.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"

static void
parse_iso_dates_and_times(void **state)
{
    (void)state;
    assert_int_equal(clock_parse_iso("1970-01-01"), 0);
    assert_int_equal(clock_parse_iso("2025-01-10"), 1736467200);
    assert_int_equal(clock_parse_iso("2025-01-10T06:00:00Z"), 1736467200 + 6 * 3600);
    assert_int_equal(clock_parse_iso("2025-01-10T06:00Z"), 1736467200 + 6 * 3600);
    assert_int_equal(clock_parse_iso("2025-01-10 06:00:30"), 1736467200 + 6 * 3600 + 30);
    assert_int_equal(clock_parse_iso("2025-01-10T06:00:00.250Z"), 1736467200 + 6 * 3600);
    assert_int_equal(clock_parse_iso("2025-01-10T08:00:00+02:00"), 1736467200 + 6 * 3600);
    assert_int_equal(clock_parse_iso("2025-01-10T01:00:00-05:00"), 1736467200 + 6 * 3600);
    assert_int_equal(clock_parse_iso("2024-02-29"), 1709164800);   /* a leap day */
    assert_int_equal(clock_parse_iso("2100-03-01"), 4107542400);
}

static void
parse_rejects_what_is_not_a_date(void **state)
{
    (void)state;
    assert_int_equal(clock_parse_iso(NULL), 0);
    assert_int_equal(clock_parse_iso(""), 0);
    assert_int_equal(clock_parse_iso("yesterday"), 0);
    assert_int_equal(clock_parse_iso("2025-13-01"), 0);
    assert_int_equal(clock_parse_iso("2025-00-10"), 0);
    assert_int_equal(clock_parse_iso("2025-01-32"), 0);
    assert_int_equal(clock_parse_iso("2025-1-5"), 0);
    assert_int_equal(clock_parse_iso("2025-01-10T25:00"), 0);
    assert_int_equal(clock_parse_iso("2025-01-10T10"), 0);
    assert_int_equal(clock_parse_iso("1969-12-31"), 0);
}

static void
effective_now_never_goes_before_the_content(void **state)
{
    int suspect = -1;
    int64_t created = 1736467200 + 6 * 3600;  /* 2025-01-10T06:00Z */
    (void)state;
    /* a board that booted in 1970 */
    assert_int_equal(clock_effective(12345, "2025-01-10T06:00:00Z", &suspect), created);
    assert_int_equal(suspect, 1);
    /* a good clock after the content: trusted */
    assert_int_equal(clock_effective(created + 86400, "2025-01-10T06:00:00Z", &suspect),
                     created + 86400);
    assert_int_equal(suspect, 0);
    /* content stamped a few hours "ahead" (another time zone) is no alarm */
    assert_int_equal(clock_effective(created - 3600, "2025-01-10T06:00:00Z", &suspect), created);
    assert_int_equal(suspect, 0);
    /* no content date: the system clock, trusted */
    assert_int_equal(clock_effective(777, "", &suspect), 777);
    assert_int_equal(suspect, 0);
    assert_int_equal(clock_effective(777, NULL, NULL), 777);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_iso_dates_and_times),
        cmocka_unit_test(parse_rejects_what_is_not_a_date),
        cmocka_unit_test(effective_now_never_goes_before_the_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
