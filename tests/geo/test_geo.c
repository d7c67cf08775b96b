/* tests/geo/test_geo.c - frames, radar model, debiased conversion, gravity, geodesics. */
#include "../core/sw_test.h"
#include "core/rng.h"
#include "geo/geo.h"

static void test_lla_ecef_roundtrip(void **state)
{
    (void)state;
    double pts[][3] = {{25.3, 51.5, 0},  {-33.9, 151.2, 10000}, {89.9, 10, 500000},
                       {-89.99, -170, 0}, {0, 0, -100},         {45, 179.9, 1200000}};
    for (unsigned i = 0; i < sizeof pts / sizeof pts[0]; i++) {
        double e[3], lat, lon, h;
        geo_lla_to_ecef(pts[i][0] * GEO_DEG, pts[i][1] * GEO_DEG, pts[i][2], e);
        geo_ecef_to_lla(e, &lat, &lon, &h);
        assert_near(lat / GEO_DEG, pts[i][0], 1e-9);
        assert_near(lon / GEO_DEG, pts[i][1], 1e-9);
        assert_near(h, pts[i][2], 1e-4);
    }
    /* a known value: the equator at the prime meridian */
    double e[3];
    geo_lla_to_ecef(0, 0, 0, e);
    assert_near(e[0], GEO_A, 1e-6);
}

static void test_enu(void **state)
{
    (void)state;
    geo_frame f;
    geo_frame_init(&f, 25.0, 51.0, 0);
    double enu[3], lat, lon, h;
    geo_lla_to_enu(&f, 25.0, 51.0, 1000, enu);
    assert_near(enu[0], 0, 1e-6);
    assert_near(enu[1], 0, 1e-6);
    assert_near(enu[2], 1000, 1e-6);
    /* one minute of latitude north is about 1843 m there, and the Earth curves away below it */
    geo_lla_to_enu(&f, 25.0 + 1.0 / 60, 51.0, 0, enu);
    assert_near(enu[0], 0, 1e-6);
    assert_near(enu[1], 1845.2, 2.0);
    assert_true(enu[2] < 0 && enu[2] > -1.0);
    double p[3] = {123456.0, -654321.0, 9000.0};
    geo_enu_to_lla(&f, p, &lat, &lon, &h);
    geo_lla_to_enu(&f, lat, lon, h, enu);
    for (int i = 0; i < 3; i++)
        assert_near(enu[i], p[i], 1e-6);
}

static void test_radar_inverse_and_refraction(void **state)
{
    (void)state;
    geo_frame c;
    geo_frame_init(&c, 25.0, 51.0, 0);
    geo_radar r;
    geo_radar_init(&r, &c, 26.2, 50.6, 35.0);
    double targets[][3] = {{100e3, 250e3, 10000}, {-50e3, 120e3, 300}, {10e3, 140e3, 100e3}};
    for (int i = 0; i < 3; i++) {
        double rg, az, el, p[3];
        geo_radar_measure(&r, targets[i], &rg, &az, &el);
        geo_radar_to_enu(&r, rg, az, el, p);
        for (int k = 0; k < 3; k++)
            assert_near(p[k], targets[i][k], 1e-4);
        double h, d;
        geo_radar_height_dist(&r, targets[i], &h, &d);
        assert_int_equal(geo_radar_rah_to_enu(&r, rg, az, h, p), 0);
        for (int k = 0; k < 3; k++)
            assert_near(p[k], targets[i][k], 1e-3);
    }
    /* without refraction the slant range is the straight-line distance */
    r.k = 1.0;
    double rg, az, el, l[3];
    geo_radar_measure(&r, targets[0], &rg, &az, &el);
    geo_radar_local(&r, targets[0], l);
    assert_near(rg, sqrt(l[0] * l[0] + l[1] * l[1] + l[2] * l[2]), 1e-6);
    /* refraction bends the ray down: the apparent elevation is higher than the geometric one */
    double el1 = el;
    r.k = GEO_K_REFRACT;
    geo_radar_measure(&r, targets[0], &rg, &az, &el);
    assert_true(el > el1);
    /* a low target at the horizon distance has elevation about zero */
    double hor = geo_horizon_m(35.0, 1000.0, GEO_K_REFRACT);
    assert_near(hor, 24.4e3 + 130.3e3, 1.5e3);
}

static void test_debias_unbiased(void **state)
{
    (void)state;
    sw_rng g;
    sw_rng_seed(&g, 5);
    const double rt = 150e3, azt = 0.7, elt = 0.05, sr = 100, sa = 2.0 * GEO_DEG, se = 1.0 * GEO_DEG;
    const double xt[3] = {rt * cos(elt) * sin(azt), rt * cos(elt) * cos(azt), rt * sin(elt)};
    const int n = 40000;
    double mean_u[3] = {0}, mean_n[3] = {0}, C[9] = {0}, Rbar[9] = {0};
    for (int i = 0; i < n; i++) {
        double rm = rt + sr * sw_rng_normal(&g), am = azt + sa * sw_rng_normal(&g);
        double em = elt + se * sw_rng_normal(&g);
        double x[3], R[9];
        geo_polar_debias(rm, am, em, sr, sa, se, x, R);
        double naive[3] = {rm * cos(em) * sin(am), rm * cos(em) * cos(am), rm * sin(em)};
        for (int k = 0; k < 3; k++) {
            mean_u[k] += (x[k] - xt[k]) / n;
            mean_n[k] += (naive[k] - xt[k]) / n;
        }
        for (int k = 0; k < 9; k++) {
            C[k] += (x[k / 3] - xt[k / 3]) * (x[k % 3] - xt[k % 3]) / n;
            Rbar[k] += R[k] / n;
        }
    }
    /* the naive conversion is biased towards the radar by r*sd^2/2 (~90 m here); the debiased is not */
    double bias_naive = sqrt(mean_n[0] * mean_n[0] + mean_n[1] * mean_n[1]);
    double bias_u = sqrt(mean_u[0] * mean_u[0] + mean_u[1] * mean_u[1]);
    assert_true(bias_naive > 60);
    assert_true(bias_u < 30);
    /* the reported covariance matches the actual error covariance */
    for (int k = 0; k < 9; k += 4)
        assert_near(Rbar[k] / C[k], 1.0, 0.05);
}

static void test_gravity(void **state)
{
    (void)state;
    double e[3], g[3];
    geo_lla_to_ecef(0, 0, 0, e);
    geo_gravity_j2(e, g);
    assert_near(sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]), 9.814, 0.003);
    geo_lla_to_ecef(M_PI / 2, 0, 0, e);
    geo_gravity_j2(e, g);
    assert_near(-g[2], 9.832, 0.003);
    /* a body at rest on the equator feels gravity minus centrifugal: 9.780 */
    double v[3] = {0}, a[3];
    geo_lla_to_ecef(0, 0, 0, e);
    geo_accel_ecef(e, v, a);
    assert_near(-a[0], 9.780, 0.003);
}

static void test_geodesics(void **state)
{
    (void)state;
    double d, a1, a2, lat, lon;
    geo_inverse(0, 0, 0, 1, &d, &a1, &a2);
    assert_near(d, 111319.491, 0.01);
    assert_near(a1, 90, 1e-9);
    geo_direct(25.27, 51.61, 240.0, 500e3, &lat, &lon, &a2);
    geo_inverse(25.27, 51.61, lat, lon, &d, &a1, NULL);
    assert_near(d, 500e3, 1e-3);
    assert_near(a1, 240.0 - 360.0, 1e-6);
    assert_near(geo_wrap_pi(3 * M_PI), M_PI, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lla_ecef_roundtrip),
        cmocka_unit_test(test_enu),
        cmocka_unit_test(test_radar_inverse_and_refraction),
        cmocka_unit_test(test_debias_unbiased),
        cmocka_unit_test(test_gravity),
        cmocka_unit_test(test_geodesics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
