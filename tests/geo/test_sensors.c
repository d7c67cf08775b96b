/* tests/geo/test_sensors.c - the sensors file. */
#include "../core/sw_test.h"
#include "geo/sensors.h"

#include <string.h>

static void test_load(void **state)
{
    (void)state;
    char p[64];
    sw_test_write(sw_test_tmp(p, "s.yaml"),
                  "origin: [25.0, 51.0, 0]\n"
                  "sensors:\n"
                  "  - {sac: 25, sic: 11, type: ssr, lat_deg: 25.5, lon_deg: 51.0, alt_m: 30,\n"
                  "     sd_range_m: 40, sd_azimuth_deg: 0.1, scan_s: 4}\n"
                  "  - {id: 7, type: cart, x_m: 1000, y_m: -2000, sd_xy_m: 25}\n");
    geo_sensor_set set;
    sw_err e;
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_OK);
    assert_int_equal(set.n, 2);
    assert_int_equal(set.s[0].id, 25 * 256 + 11);
    assert_int_equal(geo_sensors_find_sacsic(&set, 25, 11), 0);
    assert_int_equal(geo_sensors_find(&set, 7), 1);
    assert_near(set.s[0].site[1], 55.4e3, 0.3e3); /* half a degree north */
    assert_near(set.s[0].sd_az_rad, 0.1 * GEO_DEG, 1e-12);
    assert_near(set.s[1].site[0], 1000, 0);
    assert_int_equal(set.s[1].type, SW_SENSOR_CART);
    assert_string_equal(set.source[0], "");

    /* 'source': where a sensor's datagrams come from, one address or a list */
    sw_test_write(p, "sensors:\n"
                     "  - {id: 1, source: 10.17.58.183}\n"
                     "  - {id: 2, source: [10.10.0.0/16, 127.0.0.1]}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_OK);
    assert_string_equal(set.source[0], "10.17.58.183");
    assert_string_equal(set.source[1], "10.10.0.0/16,127.0.0.1");
    sw_test_write(p, "sensors:\n  - {id: 1}\n  - {id: 2, source: {a: 1}}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, ":3:"));
    assert_non_null(strstr(e.msg, "'source'"));

    sw_test_write(p, "sensors:\n  - {id: 1, type: radar}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, ":2:"));
    assert_non_null(strstr(e.msg, "'radar'"));
    sw_test_write(p, "sensors:\n  - {id: 1, lat_deg: 20, lon_deg: 50}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "origin"));
    sw_test_write(p, "sensors:\n  - {id: 1}\n  - {id: 1}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "duplicate sensor id 1"));
    sw_test_write(p, "sensors:\n  - {id: 1, sd_rnage_m: 3}\n");
    assert_int_equal(geo_sensors_load(&set, p, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "unknown key 'sd_rnage_m'"));
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_load)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
