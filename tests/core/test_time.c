/* tests/core/test_time.c - midnight roll-over and ISO 8601. */
#include "sw_test.h"
#include "core/time.h"

#include <string.h>

static void test_tod_unroll(void **state)
{
    (void)state;
    double midnight = 1795996800.0; /* 2026-11-30T00:00:00Z */
    /* a report stamped just before midnight, received just after */
    assert_near(sw_tod_unroll(86399.9, midnight + 0.2), midnight - 0.1, 1e-6);
    /* stamped just after midnight, our clock still before it */
    assert_near(sw_tod_unroll(0.3, midnight - 0.5), midnight + 0.3, 1e-6);
    assert_near(sw_tod_unroll(43200.0, midnight + 43000.0), midnight + 43200.0, 1e-6);
    assert_near(sw_tod_from_utc(midnight + 5.25), 5.25, 1e-6);
}

static void test_iso(void **state)
{
    (void)state;
    char b[40];
    assert_string_equal(sw_time_iso(1795996800.125, b, sizeof b), "2026-11-30T00:00:00.125Z");
    assert_string_equal(sw_time_cap(1795996800.9, b, sizeof b), "2026-11-30T00:00:00+00:00");
    double t;
    assert_int_equal(sw_time_parse_iso("2026-11-30T00:00:01.5Z", &t), 0);
    assert_near(t, 1795996801.5, 1e-6);
    assert_int_equal(sw_time_parse_iso("yesterday", &t), -1);
    assert_int_equal(sw_time_parse_iso("2026-13-30T00:00:01Z", &t), -1);
}

/* A scaled clock: N x faster from its origin, back to the wall clock at rate 1. */
static void test_rate(void **state)
{
    (void)state;
    double origin = sw_time_now() - 10;
    sw_time_set_rate(origin, 4);
    assert_near(sw_time_from_wall(origin + 2), origin + 8, 1e-6);
    double now = sw_time_now();
    assert_true(now > origin + 39.9 && now < origin + 41); /* 10 wall s after origin: 40 */
    sw_time_set_rate(0, 1);
    assert_near(sw_time_from_wall(123.5), 123.5, 0);
    assert_true(fabs(sw_time_now() - (origin + 10)) < 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tod_unroll),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
