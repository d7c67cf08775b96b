/* tests/core/test_csv.c - header lookup, quoting, and located errors. */
#include "sw_test.h"
#include "core/csv.h"

#include <string.h>

static void test_reads_by_name(void **state)
{
    (void)state;
    char p[64];
    sw_test_write(sw_test_tmp(p, "a.csv"),
                  "# comment\nextra,time_s,x_m\nfoo,1.5,-2e3\n\n\"q,uo\"\"te\",2,3\r\n");
    sw_csv *c;
    sw_err e;
    assert_int_equal(sw_csv_open(&c, p, &e), SW_OK);
    int t, x;
    assert_int_equal(sw_csv_need(c, "time_s", &t, &e), SW_OK);
    assert_int_equal(sw_csv_need(c, "x_m", &x, &e), SW_OK);
    assert_int_equal(sw_csv_col(c, "nope"), -1);
    assert_int_equal(sw_csv_next(c, &e), 1);
    double v;
    assert_int_equal(sw_csv_num(c, t, &v, &e), SW_OK);
    assert_near(v, 1.5, 0);
    assert_int_equal(sw_csv_num(c, x, &v, &e), SW_OK);
    assert_near(v, -2000, 0);
    assert_int_equal(sw_csv_next(c, &e), 1);
    assert_string_equal(sw_csv_str(c, 0), "q,uo\"te");
    assert_int_equal(sw_csv_line(c), 5);
    assert_int_equal(sw_csv_num(c, x, &v, &e), SW_OK);
    assert_near(v, 3, 0);
    assert_int_equal(sw_csv_next(c, &e), 0);
    sw_csv_close(c);
    unlink(p);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    char p[64];
    sw_test_write(sw_test_tmp(p, "b.csv"), "time_s,x_m\n1,2\n2,abc\n3\n");
    sw_csv *c;
    sw_err e;
    assert_int_equal(sw_csv_open(&c, p, &e), SW_OK);
    int col;
    assert_int_equal(sw_csv_need(c, "y_m", &col, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "missing column 'y_m'"));
    assert_non_null(strstr(e.msg, ":1:"));
    double v;
    assert_int_equal(sw_csv_next(c, &e), 1);
    assert_int_equal(sw_csv_next(c, &e), 1);
    assert_int_equal(sw_csv_num(c, 1, &v, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, ":3: column 'x_m': 'abc' is not a number"));
    assert_int_equal(sw_csv_next(c, &e), 1);
    assert_int_equal(sw_csv_num(c, 1, &v, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, ":4:"));
    assert_int_equal(sw_csv_num_or(c, 1, 7.0, &v, &e), SW_OK);
    assert_near(v, 7.0, 0);
    sw_csv_close(c);
    sw_test_write(p, "");
    assert_int_equal(sw_csv_open(&c, p, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "empty"));
    assert_int_equal(sw_csv_open(&c, "/nonexistent/x.csv", &e), SW_EIO);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_by_name),
        cmocka_unit_test(test_errors_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
