/* tests/sim/test_ballistic.c - ballistic truth against physics: the minimum-energy flight times
 * of domain-notes §5.2 (4.2 / 7.9 / 11.7 min at 300 / 1000 / 2000 km, burnout at the surface,
 * spherical non-rotating Earth, no drag), with the full model (J2, rotation) close to them too;
 * boosted missiles land on their aim point; the motion model's samples are continuous. */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "sim/ballistic.h"
#include "sim/sim.h"

static const double range_km[3] = {300, 1000, 2000};
static const double table_min[3] = {4.2, 7.9, 11.7};
static const double table_vbo[3] = {1.70, 3.02, 4.11};
static const double table_apogee_km[3] = {74, 240, 459};

/* aim point range_km due north of (20 N, 45 E) */
static void aim(sim_ballistic_cfg *c, double km, double azi)
{
    double a2;
    c->lat0 = 20;
    c->lon0 = 45;
    geo_direct(c->lat0, c->lon0, azi, km * 1000, &c->lat1, &c->lon1, &a2);
}

static void test_min_energy_table(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        sim_ballistic_cfg c;
        sim_ballistic_defaults(&c);
        c.burn_s = 0;
        c.beta = 0;
        c.j2 = 0;
        c.rotation = 0;
        aim(&c, range_km[i], 0);
        sim_ballistic_result r;
        assert_int_equal(sim_ballistic_solve(&c, &r, NULL, NULL), SW_OK);
        double tmin = r.t_impact / 60;
        printf("%4.0f km: %.2f min (table %.1f), v %.3f km/s, apogee %.0f km, miss %.1f m\n",
               range_km[i], tmin, table_min[i], r.v_burnout / 1000, r.apogee_m / 1000, r.miss_m);
        /* the table is rounded to 0.1 min; its spherical Earth is not quite WGS-84 */
        assert_near(tmin, table_min[i], 0.02 * table_min[i] + 0.05);
        assert_near(r.thrust / 1000, table_vbo[i], 0.02 * table_vbo[i]);
        assert_near(r.apogee_m / 1000, table_apogee_km[i], 0.03 * table_apogee_km[i]);
        assert_true(r.miss_m < 5.0);
    }
}

static void test_full_model_near_table(void **state)
{
    (void)state;
    /* J2, Earth rotation and re-entry drag move the figures by a few percent at most */
    for (int i = 0; i < 3; i++)
        for (int dir = 0; dir < 4; dir++) {
            sim_ballistic_cfg c;
            sim_ballistic_defaults(&c);
            c.burn_s = 0;
            c.beta = 0;
            aim(&c, range_km[i], dir * 90.0);
            sim_ballistic_result r;
            assert_int_equal(sim_ballistic_solve(&c, &r, NULL, NULL), SW_OK);
            double tmin = r.t_impact / 60;
            printf("%4.0f km az %3d: %.2f min\n", range_km[i], dir * 90, tmin);
            assert_near(tmin, table_min[i], 0.04 * table_min[i]);
            assert_true(r.miss_m < 5.0);
        }
}

static void test_boosted_hits_aim(void **state)
{
    (void)state;
    sim_ballistic_cfg c;
    sim_ballistic_defaults(&c);
    c.burn_s = 80;
    aim(&c, 1200, 250);
    sim_ballistic_result r;
    assert_int_equal(sim_ballistic_solve(&c, &r, NULL, NULL), SW_OK);
    double d, a1, a2;
    geo_inverse(c.lat1, c.lon1, r.lat_impact, r.lon_impact, &d, &a1, &a2);
    assert_true(d < 10.0);
    printf("boosted 1200 km: burnout %.0f s at %.2f km/s, impact %.1f s at %.2f km/s\n",
           r.t_burnout, r.v_burnout / 1000, r.t_impact, r.v_impact / 1000);
    assert_true(r.t_burnout == 80);
    /* launch to impact: boost plus roughly the minimum-energy free flight */
    assert_true(r.t_impact > 8 * 60 && r.t_impact < 12 * 60);
    assert_true(r.v_impact < r.v_burnout); /* drag slowed the re-entry */
}

static const char *scen =
    "origin: [24, 50, 0]\n"
    "duration_s: 900\n"
    "threats:\n"
    "  - motion: ballistic\n"
    "    launch: [22.0, 43.0]\n"
    "    impact: [25.3, 51.5]\n"
    "    t_launch: 30\n"
    "    burn_time_s: 70\n";

static void test_motion_model_samples(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    sw_rc rc = sim_scenario_load_string(&sc, scen, "b.yaml", &err);
    if (rc)
        fail_msg("%s", err.msg);
    sim_target_info ti;
    sim_target_get(sc, 0, &ti);
    assert_int_equal(ti.cls, SW_CLS_BALLISTIC);
    assert_true(ti.t_start == 30);
    double x[6], y[6];
    assert_int_equal(sim_target_state(sc, 0, 10, x), 0);
    /* velocity is the derivative of position (interpolation consistent) */
    for (double t = 31; t < ti.t_end - 1; t += 7.3) {
        assert_int_equal(sim_target_state(sc, 0, t, x), 1);
        assert_int_equal(sim_target_state(sc, 0, t + 0.01, y), 1);
        for (int k = 0; k < 3; k++)
            assert_near((y[k] - x[k]) / 0.01, 0.5 * (x[3 + k] + y[3 + k]), 2.0);
    }
    /* it ends at the aim point, on the ground */
    sim_target_state(sc, 0, ti.t_end, x);
    const geo_frame *o = sim_scenario_origin(sc);
    double lat, lon, h;
    geo_enu_to_lla(o, x, &lat, &lon, &h);
    assert_near(lat, 25.3, 1e-3);
    assert_near(lon, 51.5, 1e-3);
    assert_near(h, 0, 5);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_energy_table),
        cmocka_unit_test(test_full_model_near_table),
        cmocka_unit_test(test_boosted_hits_aim),
        cmocka_unit_test(test_motion_model_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
