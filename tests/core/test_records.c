/* tests/core/test_records.c - plots / truth / tracks CSV round trips and errors. */
#include "sw_test.h"
#include "core/records.h"

#include <stdlib.h>
#include <string.h>

static void test_plots_roundtrip(void **state)
{
    (void)state;
    char p[64];
    int kinds[] = {SW_MEAS_XY, SW_MEAS_XYZ, SW_MEAS_RA, SW_MEAS_RAE};
    for (int k = 0; k < 4; k++) {
        FILE *f = fopen(sw_test_tmp(p, "p.csv"), "w");
        sw_plots_write_header(f, kinds[k]);
        sw_plot a = {.t = 12.5, .sensor_id = 3, .kind = (uint8_t)kinds[k]};
        a.z[0] = 1234.5;
        a.z[1] = kinds[k] >= SW_MEAS_RA ? 0.5 : -99.25;
        a.z[2] = kinds[k] >= SW_MEAS_RA ? 0.01 : 7000;
        a.R[0] = 25;
        a.R[4] = kinds[k] >= SW_MEAS_RA ? 1e-6 : 36;
        a.R[8] = kinds[k] >= SW_MEAS_RA ? 4e-6 : 100;
        a.flags = SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN;
        a.mode3a = 07700;
        a.address = 0x3C660C;
        strcpy(a.callsign, "DLH65A");
        a.truth_id = 42;
        sw_plots_write(f, &a);
        fclose(f);
        sw_plot_reader *r;
        sw_err e;
        assert_int_equal(sw_plots_open(&r, p, &e), SW_OK);
        assert_int_equal(sw_plots_kind(r), kinds[k]);
        assert_true(sw_plots_has_cov(r));
        sw_plot b;
        assert_int_equal(sw_plots_next(r, &b, &e), 1);
        assert_near(b.t, 12.5, 1e-9);
        assert_int_equal(b.sensor_id, 3);
        assert_near(b.z[0], a.z[0], 0.01);
        assert_near(b.z[1], a.z[1], 1e-6);
        if (sw_meas_dim(kinds[k]) == 3)
            assert_near(b.z[2], a.z[2], 1e-6);
        assert_near(sqrt(b.R[4]), sqrt(a.R[4]), 1e-6);
        assert_int_equal(b.mode3a, 07700);
        assert_int_equal(b.address, 0x3C660C);
        assert_string_equal(b.callsign, "DLH65A");
        assert_int_equal(b.truth_id, 42);
        assert_int_equal(sw_plots_next(r, &b, &e), 0);
        sw_plots_close(r);
    }
    unlink(p);
}

static void test_plots_errors(void **state)
{
    (void)state;
    char p[64];
    sw_plot_reader *r;
    sw_plot b;
    sw_err e;
    sw_test_write(sw_test_tmp(p, "bad.csv"), "time_s,sensor_id,foo\n1,2,3\n");
    assert_int_equal(sw_plots_open(&r, p, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "x_m,y_m"));
    sw_test_write(p, "time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m\n1,2,3,4,5,6\n2,2,3,4,-5,6\n");
    assert_int_equal(sw_plots_open(&r, p, &e), SW_OK);
    assert_int_equal(sw_plots_next(r, &b, &e), 1);
    assert_true(sw_plots_next(r, &b, &e) < 0);
    assert_non_null(strstr(e.msg, ":3:"));
    sw_plots_close(r);
    sw_test_write(p, "time_s,sensor_id,range_m,azimuth_deg\n1,2,3,x\n");
    assert_int_equal(sw_plots_open(&r, p, &e), SW_OK);
    assert_false(sw_plots_has_cov(r));
    assert_true(sw_plots_next(r, &b, &e) < 0);
    assert_non_null(strstr(e.msg, ":2: column 'azimuth_deg': 'x' is not a number"));
    sw_plots_close(r);
    unlink(p);
}

static void test_states(void **state)
{
    (void)state;
    char p[64];
    FILE *f = fopen(sw_test_tmp(p, "t.csv"), "w");
    sw_truth_write_header(f, 3);
    double x[6] = {1, 2, 3, 4, 5, 6};
    sw_truth_write(f, 3, 2.0, 9, x, SW_CLS_BALLISTIC);
    sw_truth_write(f, 3, 1.0, 8, x, SW_CLS_DRONE);
    fclose(f);
    sw_state_row *rows;
    size_t n;
    int dim;
    sw_err e;
    assert_int_equal(sw_states_load(p, "target_id", &rows, &n, &dim, &e), SW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(dim, 3);
    assert_int_equal(rows[0].id, 8); /* sorted by time */
    assert_int_equal(rows[1].cls, SW_CLS_BALLISTIC);
    assert_near(rows[1].x[5], 6, 1e-9);
    free(rows);
    assert_int_equal(sw_states_load(p, "track_id", &rows, &n, &dim, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "missing column 'track_id'"));
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plots_roundtrip),
        cmocka_unit_test(test_plots_errors),
        cmocka_unit_test(test_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
