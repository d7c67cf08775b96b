/* tests/core/test_cfg.c - YAML tree with lines, typed reads, located errors. */
#include "sw_test.h"
#include "core/cfg.h"

#include <string.h>

static const char *doc_text =
    "name: demo\n"
    "duration_s: 600\n"
    "origin: [25.3, 51.5, 0]\n"
    "flag: yes\n"
    "radars:\n"
    "  - id: 1\n"
    "    scan_s: fast\n"
    "  - &r2 {id: 2, scan_s: 4.8}\n"
    "copy: *r2\n";

static void test_typed_reads(void **state)
{
    (void)state;
    sw_cfg_doc *d;
    sw_err e;
    assert_int_equal(sw_cfg_load_string(&d, doc_text, "demo.yaml", &e), SW_OK);
    const sw_cfg *r = sw_cfg_root(d);
    const char *s;
    assert_int_equal(sw_cfg_get_str(r, "name", &s, &e), SW_OK);
    assert_string_equal(s, "demo");
    double v, o[3];
    assert_int_equal(sw_cfg_get_num(r, "duration_s", &v, &e), SW_OK);
    assert_near(v, 600, 0);
    assert_int_equal(sw_cfg_get_vec(r, "origin", 3, o, &e), SW_OK);
    assert_near(o[1], 51.5, 0);
    bool b;
    assert_int_equal(sw_cfg_opt_bool(r, "flag", false, &b, &e), SW_OK);
    assert_true(b);
    assert_int_equal(sw_cfg_opt_num(r, "absent", 3.5, &v, &e), SW_OK);
    assert_near(v, 3.5, 0);
    const sw_cfg *radars;
    assert_int_equal(sw_cfg_get_seq(r, "radars", &radars, &e), SW_OK);
    assert_int_equal(sw_cfg_len(radars), 2);
    assert_int_equal(sw_cfg_get_num(sw_cfg_at(radars, 0), "scan_s", &v, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "demo.yaml:7: 'scan_s': expected a number, got 'fast'"));
    assert_int_equal(sw_cfg_get_num(sw_cfg_get(r, "copy"), "scan_s", &v, &e), SW_OK);
    assert_near(v, 4.8, 0);
    assert_int_equal(sw_cfg_get_num(r, "missing", &v, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "missing key 'missing'"));
    static const char *const allowed[] = {"name", "duration_s", "origin", "flag", "radars", NULL};
    assert_int_equal(sw_cfg_check_keys(r, allowed, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "demo.yaml:9: unknown key 'copy'"));
    sw_cfg_free(d);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    sw_cfg_doc *d;
    sw_err e;
    assert_int_equal(sw_cfg_load_string(&d, "a: 1\nb: [1, 2\nc: 3\n", "bad.yaml", &e),
                     SW_EFORMAT);
    assert_non_null(strstr(e.msg, "bad.yaml:"));
    assert_int_equal(sw_cfg_load_string(&d, "a: 1\na: 2\n", "dup.yaml", &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "dup.yaml:2: duplicate key 'a'"));
    assert_int_equal(sw_cfg_load_string(&d, "", "empty.yaml", &e), SW_EFORMAT);
    assert_int_equal(sw_cfg_load_string(&d, "{\"json\": [1, 2]}", "j.json", &e), SW_OK);
    assert_int_equal(sw_cfg_len(sw_cfg_get(sw_cfg_root(d), "json")), 2);
    sw_cfg_free(d);
    assert_int_equal(sw_cfg_load_file(&d, "/nonexistent.yaml", &e), SW_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typed_reads),
        cmocka_unit_test(test_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
