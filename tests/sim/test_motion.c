/* tests/sim/test_motion.c - every motion model gives a smooth trajectory whose velocity is the
 * derivative of its position, at the configured speeds and heights: legs (2-D and 3-D, turns by
 * g), airliners (climb, cruise level, descent, ground speed), cruise missiles and drones (fillet
 * turns, continuous velocity), and real recorded flights (placed and smoothed; skipped without
 * ../shared). */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "sim/sim.h"

static sim_scenario *load(const char *text)
{
    sim_scenario *sc;
    sw_err err = {0};
    if (sim_scenario_load_string(&sc, text, "m.yaml", &err))
        fail_msg("%s", err.msg);
    return sc;
}

/* Velocity = d(position)/dt everywhere, no jumps; returns the max and min speed seen. */
static void check_smooth_f(const sim_scenario *sc, int i, double step, double f, double slack,
                           double *vmin, double *vmax)
{
    sim_target_info ti;
    sim_target_get(sc, i, &ti);
    double t_end = ti.t_end < 1e17 ? ti.t_end : sim_scenario_duration(sc);
    double x[6], y[6], prev[6];
    int have = 0;
    *vmin = 1e9;
    *vmax = 0;
    for (double t = ti.t_start + 0.01; t < t_end - 0.02; t += step) {
        assert_int_equal(sim_target_state(sc, i, t, x), 1);
        assert_int_equal(sim_target_state(sc, i, t + 0.01, y), 1);
        double v = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
        for (int k = 0; k < 3; k++)
            if (fabs((y[k] - x[k]) / 0.01 - 0.5 * (x[3 + k] + y[3 + k])) > 0.5 + 0.002 * v)
                fail_msg("target %u t %.2f axis %d: dx/dt %.3f vs v %.3f", ti.id, t, k,
                         (y[k] - x[k]) / 0.01, x[3 + k]);
        if (have) {
            double d = sqrt(pow(x[0] - prev[0], 2) + pow(x[1] - prev[1], 2) + pow(x[2] - prev[2], 2));
            if (d > f * v * step + slack)
                fail_msg("target %u t %.2f: moved %.1f m in %.2f s at %.1f m/s", ti.id, t, d, step, v);
        }
        memcpy(prev, x, sizeof x);
        have = 1;
        if (v < *vmin)
            *vmin = v;
        if (v > *vmax)
            *vmax = v;
    }
}

/* Synthetic models: no step longer than 1.2 x speed x dt. */
static void check_smooth(const sim_scenario *sc, int i, double step, double *vmin, double *vmax)
{
    check_smooth_f(sc, i, step, 1.2, 1.0, vmin, vmax);
}

static void test_legs(void **state)
{
    (void)state;
    const char *s2 = "dim: 2\nduration_s: 300\ntargets:\n"
                     "  - {position: [0, 0], speed_mps: 200, heading_deg: 45, legs: [\n"
                     "     {duration_s: 50}, {duration_s: 40, turn_g: 3}, {duration_s: 30, accel_mps2: 2},\n"
                     "     {duration_s: 40, turn_rate_deg_s: -4}]}\n";
    sim_scenario *sc = load(s2);
    double lo, hi, x[6];
    check_smooth(sc, 0, 0.5, &lo, &hi);
    assert_near(lo, 200, 1e-6);
    assert_near(hi, 260, 1e-6);
    /* a 3 g turn: lateral acceleration 3 * 9.80665 */
    double a[6], b[6];
    sim_target_state(sc, 0, 70, a);
    sim_target_state(sc, 0, 70.001, b);
    double acc = hypot(b[3] - a[3], b[4] - a[4]) / 0.001;
    assert_near(acc, 3 * 9.80665, 0.01);
    sim_target_state(sc, 0, 0, x);
    assert_near(x[0], 0, 1e-9);
    sim_scenario_free(sc);

    /* 3-D: the same legs over the ellipsoid keep speed and height */
    const char *s3 = "origin: [25, 50, 0]\nduration_s: 1500\ntargets:\n"
                     "  - {motion: military, position_lla: [24, 48, 9000], speed_mps: 250,\n"
                     "     heading_deg: 80, legs: [{duration_s: 600}, {duration_s: 30, turn_g: 5},\n"
                     "     {duration_s: 60, climb_mps: 50}, {duration_s: 600, climb_mps: 0}]}\n";
    sc = load(s3);
    check_smooth(sc, 0, 1.0, &lo, &hi);
    printf("3-D legs: speed %.3f .. %.3f m/s\n", lo, hi);
    assert_true(lo > 249.5 && hi < 256); /* 250 horizontal, sqrt(250^2 + 50^2) climbing */
    const geo_frame *o = sim_scenario_origin(sc);
    double lat, lon, h;
    sim_target_state(sc, 0, 550, x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(h, 9000, 60);          /* 137 km from the start, on the osculating sphere */
    sim_target_state(sc, 0, 1400, x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(h, 12000, 200);
    /* distance flown before the turn: 600 s x 250 m/s along the ground */
    double d, a1, a2;
    sim_target_state(sc, 0, 600, x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    geo_inverse(24, 48, lat, lon, &d, &a1, &a2);
    assert_near(d, 150000, 150);
    assert_near(a1, 80, 0.05);
    sim_scenario_free(sc);
}

static void test_airliner(void **state)
{
    (void)state;
    sim_scenario *sc = load("origin: [25, 50, 0]\nduration_s: 10000\ntargets:\n"
                            "  - {motion: airliner, from: OTHH, to: OERK, t_start: 0, cruise_fl: 350,\n"
                            "     cruise_speed_mps: 230, mode3a: 4521, address: 06A0F3, callsign: QTR1}\n");
    sim_target_info ti;
    sim_target_get(sc, 0, &ti);
    assert_int_equal(ti.cls, SW_CLS_AIRCRAFT);
    assert_true(ti.flags & SW_HAS_CALLSIGN);
    assert_int_equal(ti.mode3a, 04521);
    assert_int_equal(ti.address, 0x06A0F3);
    double lo, hi, x[6], lat, lon, h;
    check_smooth(sc, 0, 2.0, &lo, &hi);
    assert_near(hi, 230, 1.0);   /* cruise (with no vertical component) */
    const geo_frame *o = sim_scenario_origin(sc);
    /* take-off at Doha, landing at Riyadh, FL350 in between */
    sim_target_state(sc, 0, ti.t_start, x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(lat, 25.273, 1e-4);
    assert_near(lon, 51.608, 1e-4);
    sim_target_state(sc, 0, ti.t_end, x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(lat, 24.958, 1e-4);
    assert_near(lon, 46.699, 1e-4);
    assert_near(h, 625, 1);
    sim_target_state(sc, 0, 0.5 * (ti.t_start + ti.t_end), x);
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(h, 35000 * 0.3048, 1);
    /* a flight of ~500 km takes about 45 minutes */
    printf("OTHH-OERK: %.1f min\n", (ti.t_end - ti.t_start) / 60);
    assert_true(ti.t_end - ti.t_start > 35 * 60 && ti.t_end - ti.t_start < 60 * 60);
    sim_scenario_free(sc);
}

static void test_cruise_and_drone(void **state)
{
    (void)state;
    sim_scenario *sc = load(
        "origin: [25, 55, 0]\nduration_s: 3000\nthreats:\n"
        "  - {motion: cruise, speed_mps: 240, altitude_m: 40, waypoints: [[24.9, 57.3], [25.35, 56.5], [25.22, 55.4]]}\n"
        "  - {motion: drone, speed_mps: 40, waypoints: [[25.0, 55.0], [25.1, 55.0], [25.1, 55.1]]}\n");
    sim_target_info ti;
    sim_target_get(sc, 0, &ti);
    assert_int_equal(ti.cls, SW_CLS_CRUISE);
    sim_target_get(sc, 1, &ti);
    assert_int_equal(ti.cls, SW_CLS_DRONE);
    assert_near(ti.rcs_m2, 0.01, 1e-12);
    for (int i = 0; i < 2; i++) {
        double lo, hi;
        check_smooth(sc, i, 0.5, &lo, &hi);
        printf("waypoints %d: speed %.3f .. %.3f\n", i, lo, hi);
        assert_near(lo, i ? 40 : 240, 0.5);
        assert_near(hi, i ? 40 : 240, 0.5);
    }
    /* ends on the last waypoint at its height */
    double x[6], lat, lon, h;
    sim_target_get(sc, 0, &ti);
    sim_target_state(sc, 0, ti.t_end, x);
    geo_enu_to_lla(sim_scenario_origin(sc), x, &lat, &lon, &h);
    assert_near(lat, 25.22, 1e-5);
    assert_near(lon, 55.4, 1e-5);
    assert_near(h, 40, 0.5);
    sim_scenario_free(sc);
}

static void test_recorded(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/data/traffic/noisy_landing_2019-11-11.csv", SW_SHARED_DIR);
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("SKIP: %s is absent\n", path);
        return;
    }
    fclose(f);
    char text[2048];
    snprintf(text, sizeof text,
             "origin: [25, 51, 0]\nduration_s: 1000\ntargets:\n"
             "  - {motion: recorded, file: %s, t_start: 10, shift_to: [25.5, 51.5]}\n", path);
    sim_scenario *sc = load(text);
    sim_target_info ti;
    sim_target_get(sc, 0, &ti);
    assert_true(ti.t_start == 10);
    assert_true(ti.t_end > 10 + 600);   /* 14 minutes of flight */
    assert_true(ti.flags & SW_HAS_ADDRESS);
    assert_int_equal(ti.address, 0x3c664e);
    assert_string_equal(ti.callsign, "DLH4TR");
    double lo, hi, x[6], lat, lon, h;
    /* real data keeps some of its noise (held fixes, a landing's jitter): looser bound */
    check_smooth_f(sc, 0, 1.0, 1.6, 30.0, &lo, &hi);
    printf("recorded: speed %.1f .. %.1f m/s\n", lo, hi);
    assert_true(lo > 40 && hi < 200);
    /* the first (smoothed) point lands near shift_to at the recorded height */
    sim_target_state(sc, 0, 10, x);
    geo_enu_to_lla(sim_scenario_origin(sc), x, &lat, &lon, &h);
    assert_near(lat, 25.5, 0.02);
    assert_near(lon, 51.5, 0.02);
    assert_near(h, 4312.9, 100);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_legs),
        cmocka_unit_test(test_airliner),
        cmocka_unit_test(test_cruise_and_drone),
        cmocka_unit_test(test_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
