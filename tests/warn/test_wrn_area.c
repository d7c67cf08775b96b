/* tests/warn/test_wrn_area.c - defended areas: config and GeoJSON parsing with their errors,
 * containment, and the quadrature probability against closed forms and a Monte-Carlo. */
#include "../core/sw_test.h"
#include "core/cfg.h"
#include "core/mat.h"
#include "core/rng.h"
#include "warn/warn.h"

#include <stdlib.h>
#include <string.h>

static void test_cfg(void **state)
{
    (void)state;
    char gj[64], yml[64];
    sw_test_tmp(gj, "areas.geojson");
    sw_test_write(gj,
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"Manama\",\"priority\":2},"
        " \"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[50.50,26.25],[50.65,26.25],"
        "[50.60,26.10],[50.50,26.25]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"Riffa\",\"radius_km\":8},"
        " \"geometry\":{\"type\":\"Point\",\"coordinates\":[50.55,26.13]}},"
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"Isles\",\"nation\":\"SA\"},"
        " \"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":["
        "[[[40,20],[40.1,20],[40.1,20.1],[40,20]]],[[[41,20],[41.1,20],[41.1,20.1],[41,20]]]]}}"
        "]}");
    char text[1024];
    snprintf(text, sizeof text,
             "defended_areas:\n"
             "  - {nation: QA, name: Doha, priority: 1, circle: {center: [25.29, 51.53], radius_km: 25}}\n"
             "  - nation: QA\n"
             "    name: Ras Laffan\n"
             "    polygon: [[25.95, 51.50], [25.95, 51.62], [25.85, 51.62], [25.85, 51.50]]\n"
             "  - {nation: BH, geojson: %s}\n", strrchr(gj, '/') + 1);
    sw_test_write(sw_test_tmp(yml, "areas.yaml"), text);
    sw_cfg_doc *doc;
    sw_err err;
    assert_int_equal(sw_cfg_load_file(&doc, yml, &err), 0);
    wrn_areas s;
    wrn_areas_init(&s);
    sw_rc rc = wrn_areas_parse_cfg(&s, sw_cfg_get(sw_cfg_root(doc), "defended_areas"), NULL, "/tmp",
                                   &err);
    if (rc)
        fail_msg("%s", err.msg);
    assert_int_equal(s.n, 6);
    assert_string_equal(s.a[0].name, "Doha");
    assert_true(s.a[0].is_circle);
    assert_near(s.a[0].radius_m, 25000, 1e-6);
    assert_int_equal(s.a[1].n, 4);
    assert_string_equal(s.a[2].nation, "BH");
    assert_int_equal(s.a[2].priority, 2);
    assert_int_equal(s.a[2].n, 3); /* the closing vertex is dropped */
    assert_near(s.a[2].ll[0][0], 26.25, 1e-12); /* GeoJSON [lon, lat] swapped into lat, lon */
    assert_near(s.a[2].ll[0][1], 50.50, 1e-12);
    assert_true(s.a[3].is_circle);
    assert_near(s.a[3].radius_m, 8000, 1e-6);
    assert_string_equal(s.a[4].name, "Isles#1");
    assert_string_equal(s.a[5].nation, "SA");
    /* containment */
    assert_true(wrn_area_contains_ll(&s.a[0], 25.29, 51.53));
    assert_true(wrn_area_contains_ll(&s.a[0], 25.29 + 0.2, 51.53));  /* 22 km north */
    assert_false(wrn_area_contains_ll(&s.a[0], 25.29 + 0.25, 51.53)); /* 28 km */
    assert_true(wrn_area_contains_ll(&s.a[1], 25.90, 51.56));
    assert_false(wrn_area_contains_ll(&s.a[1], 25.90, 51.65));
    /* ids are the hash of NATION/name, whatever the order of the file */
    uint32_t h = 2166136261u;
    for (const char *p = "QA/Doha"; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    assert_int_equal(s.a[0].id, h);
    assert_ptr_equal(wrn_areas_find(&s, h), &s.a[0]);
    wrn_areas_free(&s);
    sw_cfg_free(doc);
    remove(gj);
    remove(yml);
}

static void expect_cfg_error(const char *yaml, const char *what)
{
    sw_cfg_doc *doc;
    sw_err err;
    assert_int_equal(sw_cfg_load_string(&doc, yaml, "bad.yaml", &err), 0);
    wrn_areas s;
    wrn_areas_init(&s);
    sw_rc rc = wrn_areas_parse_cfg(&s, sw_cfg_get(sw_cfg_root(doc), "defended_areas"), NULL, NULL,
                                   &err);
    assert_true(rc < 0);
    if (!strstr(err.msg, what))
        fail_msg("error '%s' lacks '%s'", err.msg, what);
    wrn_areas_free(&s);
    sw_cfg_free(doc);
}

static void test_cfg_errors(void **state)
{
    (void)state;
    expect_cfg_error("defended_areas:\n  - {nation: QA, name: X}\n", "bad.yaml:2");
    expect_cfg_error("defended_areas:\n  - {nation: QA, name: X, circle: {center: [25, 51], "
                     "radius_km: -1}}\n", "radius");
    expect_cfg_error("defended_areas:\n  - {nation: QA, name: X, polygon: [[0, 0], [1, 1], [0, 1], "
                     "[1, 0]]}\n", "cross");
    expect_cfg_error("defended_areas:\n  - {nation: qa, name: X, circle: {center: [25, 51], "
                     "radius_km: 1}}\n", "nation");
    expect_cfg_error("defended_areas:\n  - {nation: QA, name: X, circle: {center: [25, 51], "
                     "radius_km: 1}}\n  - {nation: QA, name: X, circle: {center: [26, 51], "
                     "radius_km: 1}}\n", "twice");
    expect_cfg_error("defended_areas:\n  - {nation: QA, name: X, colour: red, circle: {center: "
                     "[25, 51], radius_km: 1}}\n", "colour");
    expect_cfg_error("defended_areas:\n  - {name: X, circle: {center: [25, 51], radius_km: 1}}\n",
                     "no 'nation'");
    expect_cfg_error("defended_areas:\n  - {nation: QA, geojson: /nonexistent/a.geojson}\n",
                     "bad.yaml:2");
}

static void test_geojson_errors(void **state)
{
    (void)state;
    wrn_areas s;
    wrn_areas_init(&s);
    sw_err err;
    const char *bad = "{\"type\":\"FeatureCollection\",\"features\":[}";
    assert_int_equal(wrn_areas_parse_geojson(&s, bad, strlen(bad), "x.geojson", "QA", &err),
                     SW_EFORMAT);
    assert_non_null(strstr(err.msg, "x.geojson: byte"));
    const char *line = "{\"type\":\"Feature\",\"properties\":{\"name\":\"L\"},\"geometry\":"
                       "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}}";
    assert_int_equal(wrn_areas_parse_geojson(&s, line, strlen(line), "x.geojson", "QA", &err),
                     SW_EUNSUPPORTED);
    const char *noname = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                         "{\"type\":\"Point\",\"coordinates\":[1,2]}}";
    assert_int_equal(wrn_areas_parse_geojson(&s, noname, strlen(noname), "x.geojson", "QA", &err),
                     SW_EFORMAT);
    assert_non_null(strstr(err.msg, "feature 0"));
    /* found by fuzzing: a priority beyond int used to reach an undefined cast */
    const char *huge = "{\"type\":\"Feature\",\"properties\":{\"name\":\"H\",\"priority\":"
                       "5.5e73},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}";
    assert_int_equal(wrn_areas_parse_geojson(&s, huge, strlen(huge), "x.geojson", "QA", &err),
                     SW_EFORMAT);
    assert_non_null(strstr(err.msg, "priority"));
    assert_int_equal(s.n, 0);
    wrn_areas_free(&s);
}

/* Circle centred on the mean, isotropic sigma: P = 1 - exp(-R^2 / 2 sigma^2). */
static void test_prob_closed_form(void **state)
{
    (void)state;
    wrn_areas s;
    wrn_areas_init(&s);
    assert_int_equal(wrn_areas_add_circle(&s, "QA", "C", 1, 25.0, 51.0, 10000, NULL), 0);
    const double k[] = {0.5, 1.0, 1.5, 2.0, 3.0};
    for (int i = 0; i < 5; i++) {
        double sd = 10000 / k[i], C[4] = {sd * sd, 0, 0, sd * sd};
        double p = wrn_area_prob(&s.a[0], 25.0, 51.0, C);
        assert_near(p, 1 - exp(-k[i] * k[i] / 2), 0.005);
    }
    /* far away: exactly zero; a tiny ellipse inside: one */
    double C[4] = {1e6, 0, 0, 1e6};
    assert_near(wrn_area_prob(&s.a[0], 26.0, 51.0, C), 0.0, 0);
    double Cs[4] = {100, 0, 0, 100};
    assert_near(wrn_area_prob(&s.a[0], 25.01, 51.01, Cs), 1.0, 0);
    wrn_areas_free(&s);
}

/* An L-shaped (concave) polygon and a correlated, offset Gaussian against 200 000 samples. */
static void test_prob_monte_carlo(void **state)
{
    (void)state;
    wrn_areas s;
    wrn_areas_init(&s);
    const double L[][2] = {{25.0, 51.0}, {25.0, 51.2}, {25.05, 51.2}, {25.05, 51.05},
                           {25.2, 51.05}, {25.2, 51.0}};
    assert_int_equal(wrn_areas_add_polygon(&s, "QA", "L", 1, L, 6, NULL), 0);
    const wrn_area *a = &s.a[0];
    const double C[4] = {6000.0 * 6000.0, 0.6 * 6000 * 9000, 0.6 * 6000 * 9000, 9000.0 * 9000.0};
    const double mlat = 25.06, mlon = 51.06;
    double p = wrn_area_prob(a, mlat, mlon, C);
    geo_frame fm;
    geo_frame_init(&fm, mlat, mlon, 0);
    double Lc[4];
    assert_int_equal(sw_chol(2, C, Lc), 0);
    sw_rng rng;
    sw_rng_seed(&rng, 7);
    int in = 0, n = 200000;
    for (int i = 0; i < n; i++) {
        double u = sw_rng_normal(&rng), v = sw_rng_normal(&rng);
        double enu[3] = {Lc[0] * u, Lc[2] * u + Lc[3] * v, 0}, lat, lon, h;
        geo_enu_to_lla(&fm, enu, &lat, &lon, &h);
        in += wrn_area_contains_ll(a, lat, lon);
    }
    double pmc = (double)in / n;
    print_message("L-shaped area: quadrature %.4f, Monte-Carlo %.4f\n", p, pmc);
    assert_true(pmc > 0.1 && pmc < 0.9);
    assert_near(p, pmc, 0.01);
    wrn_areas_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cfg),
        cmocka_unit_test(test_cfg_errors),
        cmocka_unit_test(test_geojson_errors),
        cmocka_unit_test(test_prob_closed_form),
        cmocka_unit_test(test_prob_monte_carlo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
