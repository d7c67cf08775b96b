/* tests/reg/test_reg.c - sensor registration: biases of simulated radars found against ADS-B,
 * taken out of their plots; pairs that cannot be told apart are not taken; a misconfigured site is
 * reported, not applied; bad plots change nothing. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "geo/geo.h"
#include "reg/reg.h"
#include "sim/sim.h"

/* A 3-D radar, a secondary radar and a primary radar over the Gulf, every airliner answering
 * ADS-B.  The 3-D radar is 150 m long and 0.2 deg clockwise, the SSR 80 m short, 0.1 deg
 * anticlockwise and stamps its plots 0.5 s late, the PSR true. */
static const char *SCEN =
    "name: reg-test\n"
    "origin: [25.5, 51.5, 0]\n"
    "start: 2026-03-01T06:00:00Z\n"
    "duration_s: 900\n"
    "seed: 77\n"
    "dim: 3\n"
    "nations:\n"
    "  - code: QA\n"
    "    sensors:\n"
    "      - {id: 1, name: R3D, type: 3d, lat_deg: 25.43, lon_deg: 50.78, alt_m: 40,\n"
    "         scan_s: 10, range_max_m: 300000, sd_range_m: 60, sd_azimuth_deg: 0.15,\n"
    "         sd_elevation_deg: 0.3, pd_ref: 0.9, range_ref_m: 250000, %s\n"
    "         clutter: {per_scan: 10}}\n"
    "      - {id: 2, name: SSR, type: ssr, lat_deg: 25.26, lon_deg: 51.60, alt_m: 10,\n"
    "         scan_s: 4, range_max_m: 300000, sd_range_m: 30, sd_azimuth_deg: 0.05,\n"
    "         bias_range_m: -80, bias_azimuth_deg: -0.1, bias_time_s: 0.5}\n"
    "      - {id: 3, name: PSR, type: psr, lat_deg: 26.27, lon_deg: 50.63, alt_m: 5,\n"
    "         scan_s: 5, range_max_m: 200000, sd_range_m: 40, sd_azimuth_deg: 0.1, pd_ref: 0.9,\n"
    "         range_ref_m: 150000, clutter: {per_scan: 8}}\n"
    "      - {id: 4, name: ADSB, type: adsb, lat_deg: 25.27, lon_deg: 51.61, alt_m: 30,\n"
    "         scan_s: 1, range_max_m: 400000, sd_xy_m: 30, bad_data_prob: 0.002}\n"
    "traffic:\n"
    "  - {generator: airliners, count: 40, t_start: [-1800, 300], adsb_fraction: 1,\n"
    "     airports: [OTHH, OBBI, OMDB, OMAA, OERK]}\n";

typedef struct run {
    reg_bias b[8];
    size_t n;
    /* per radar: mean of (plot - truth) in range and azimuth, over the last third, as
     * corrected (what the tracker saw) */
    double mean_r[4], mean_a[4];
    long n_after[4], corrected[4];
} run;

static const reg_bias *bias_of(const run *r, uint32_t id)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->b[i].sensor_id == id)
            return &r->b[i];
    return NULL;
}

/* An ADS-B report as a partner's track of the aircraft would carry it: the velocity from the
 * truth, the covariance of the report (a track from ADS-B is at least that good). */
static sw_track as_track(const sim_scenario *sc, const sw_plot *p)
{
    sw_track t;
    memset(&t, 0, sizeof t);
    t.t = p->t;
    t.dim = 3;
    t.flags = SW_HAS_ADDRESS | SW_FROM_ADSB;
    t.address = p->address;
    double x[6] = {0};
    for (int j = 0; j < sim_target_count(sc); j++) {
        sim_target_info ti;
        sim_target_get(sc, j, &ti);
        if (ti.id == p->truth_id)
            sim_target_state(sc, j, p->t, x);
    }
    for (int k = 0; k < 3; k++) {
        t.x[k] = p->z[k];
        t.x[3 + k] = x[3 + k];
        t.P[k * 7] = p->R[k * 4];
    }
    return t;
}

/* via: 0 the ADS-B reports go in as plots, 1 as partners' tracks (reg_reference), 2 as tracks
 * that do not say they come from ADS-B */
static void simulate_via(const char *bias3d, const reg_params *rp, run *out, int via)
{
    char text[4096];
    snprintf(text, sizeof text, SCEN, bias3d);
    sw_err err;
    sim_scenario *sc;
    assert_int_equal(sim_scenario_load_string(&sc, text, "reg-test", &err), SW_OK);
    geo_sensor_set *set = calloc(1, sizeof *set);
    assert_non_null(set);
    assert_int_equal(sim_sensor_set(sc, NULL, set), 0);
    sim_engine *e;
    assert_int_equal(sim_engine_new(&e, sc, NULL, &err), SW_OK);
    reg_reg *r;
    assert_int_equal(reg_create(&r, rp, set, &err), SW_OK);
    memset(out, 0, sizeof *out);
    static sw_plot buf[4096];
    double dur = sim_engine_duration(e);
    long n;
    while ((n = sim_engine_next(e, dur, buf, 4096, &err)) > 0)
        for (long i = 0; i < n; i++) {
            sw_plot *p = &buf[i];
            int c;
            if (via && p->sensor_id == 4) {
                sw_track t = as_track(sc, p);
                if (via == 2)
                    t.flags &= ~(uint32_t)SW_FROM_ADSB;
                reg_reference(r, &t);
                c = 0;
            } else {
                c = reg_plot(r, p);
            }
            if (p->sensor_id < 1 || p->sensor_id > 3 || !p->truth_id || p->t < dur * 2 / 3)
                continue;
            int k = (int)p->sensor_id;
            int s = geo_sensors_find(set, p->sensor_id), ti = -1;
            for (int j = 0; j < sim_target_count(sc) && ti < 0; j++) {
                sim_target_info ti_;
                sim_target_get(sc, j, &ti_);
                if (ti_.id == p->truth_id)
                    ti = j;
            }
            assert_true(s >= 0 && ti >= 0);
            double x[6], pol[3];
            /* the truth when the plot was made (the SSR's clock is 0.5 s late: not corrected) */
            assert_true(sim_target_state(sc, ti, p->t - (k == 2 ? 0.5 : 0), x));
            geo_sensor_polar(&set->radar[s], NULL, x, pol);
            out->mean_r[k] += p->z[0] - pol[0];
            out->mean_a[k] += geo_wrap_pi(p->z[1] - pol[1]);
            out->n_after[k]++;
            out->corrected[k] += c;
        }
    assert_true(n == 0);
    for (int k = 1; k <= 3; k++)
        if (out->n_after[k]) {
            out->mean_r[k] /= (double)out->n_after[k];
            out->mean_a[k] /= (double)out->n_after[k];
        }
    out->n = reg_list(r, out->b, 8);
    for (size_t i = 0; i < out->n; i++)
        printf("  radar %u: %.0f pairs (%llu taken, %llu dropped), range %+.1f +- %.1f m, gain "
               "%+.1f +- %.1f m/100 km, azimuth %+.4f +- %.4f deg, elevation %+.4f deg, time "
               "%+.3f +- %.3f s, applied %d, too big %d\n",
               out->b[i].sensor_id, out->b[i].pairs, (unsigned long long)out->b[i].taken,
               (unsigned long long)out->b[i].dropped, out->b[i].range_m, out->b[i].range_sd_m,
               out->b[i].gain_m, out->b[i].gain_sd_m, out->b[i].az_rad / GEO_DEG,
               out->b[i].az_sd_rad / GEO_DEG, out->b[i].el_rad / GEO_DEG, out->b[i].time_s,
               out->b[i].time_sd_s, out->b[i].applied, out->b[i].too_big);
    for (int k = 1; k <= 3; k++)
        printf("  radar %d, last third: %ld plots, %ld corrected, mean minus truth %+.1f m, "
               "%+.4f deg\n", k, out->n_after[k], out->corrected[k], out->mean_r[k],
               out->mean_a[k] / GEO_DEG);
    reg_destroy(r);
    sim_engine_free(e);
    free(set);
    sim_scenario_free(sc);
}

static void simulate(const char *bias3d, const reg_params *rp, run *out)
{
    simulate_via(bias3d, rp, out, 0);
}

static void test_biases_found_and_removed(void **state)
{
    (void)state;
    reg_params rp;
    reg_params_default(&rp);
    run r;
    simulate("bias_range_m: 150, bias_azimuth_deg: 0.2,", &rp, &r);
    const reg_bias *b1 = bias_of(&r, 1), *b2 = bias_of(&r, 2), *b3 = bias_of(&r, 3);
    assert_non_null(b1);
    assert_non_null(b2);
    assert_non_null(b3);
    for (int i = 0; i < 3; i++) {
        const reg_bias *b = i == 0 ? b1 : i == 1 ? b2 : b3;
        assert_true(b->applied);
        assert_true(b->taken > 200);
        assert_true(b->dropped * 20 < b->taken); /* wrong pairings are rare */
    }
    /* found: within 15 m and 0.02 deg of the configured values */
    assert_true(fabs(b1->range_m - 150) < 15);
    assert_true(fabs(b1->az_rad / GEO_DEG - 0.2) < 0.02);
    assert_true(fabs(b2->range_m + 80) < 15);
    assert_true(fabs(b2->az_rad / GEO_DEG + 0.1) < 0.02);
    assert_true(fabs(b3->range_m) < 15);
    assert_true(fabs(b3->az_rad / GEO_DEG) < 0.02);
    assert_true(fabs(b1->el_rad / GEO_DEG) < 0.05); /* no elevation bias configured */
    /* the SSR's clock found (and kept out of its range and azimuth), the others' near zero;
     * no radar has a range gain */
    assert_true(fabs(b2->time_s - 0.5) < 0.05);
    assert_true(fabs(b1->time_s) < 0.05 && fabs(b3->time_s) < 0.05);
    for (int i = 0; i < 3; i++)
        assert_true(fabs((i == 0 ? b1 : i == 1 ? b2 : b3)->gain_m) < 10);
    /* removed: what the tracker gets is unbiased to within the same */
    for (int k = 1; k <= 3; k++) {
        assert_true(r.n_after[k] > 100);
        assert_int_equal(r.corrected[k], r.n_after[k]);
        assert_true(fabs(r.mean_r[k]) < 15);
        assert_true(fabs(r.mean_a[k] / GEO_DEG) < 0.02);
    }
}

/* A node without ADS-B of its own: the same biases found against partners' ADS-B-grade tracks;
 * tracks too coarse to be a reference (a radar's, with its own bias) are not used. */
static void test_partner_tracks_as_reference(void **state)
{
    (void)state;
    reg_params rp;
    reg_params_default(&rp);
    run r;
    simulate_via("bias_range_m: 150, bias_azimuth_deg: 0.2,", &rp, &r, 1);
    const reg_bias *b1 = bias_of(&r, 1), *b2 = bias_of(&r, 2);
    assert_non_null(b1);
    assert_non_null(b2);
    assert_true(b1->applied && b2->applied);
    assert_true(fabs(b1->range_m - 150) < 15 && fabs(b1->az_rad / GEO_DEG - 0.2) < 0.02);
    assert_true(fabs(b2->range_m + 80) < 15 && fabs(b2->az_rad / GEO_DEG + 0.1) < 0.02);
    assert_true(fabs(b2->time_s - 0.5) < 0.05);
    /* tracks no ADS-B has updated (a partner's Mode S radar's, however well filtered, carries
     * that radar's bias): no reference, no pair */
    simulate_via("bias_range_m: 150, bias_azimuth_deg: 0.2,", &rp, &r, 2);
    assert_int_equal(r.n, 0);
    rp.max_ref_sd_m = 5; /* every track coarser than that: no reference, no pair */
    simulate_via("bias_range_m: 150, bias_azimuth_deg: 0.2,", &rp, &r, 1);
    assert_int_equal(r.n, 0);
}

/* A radar 3 km long: a wrong site or delay, not a bias to correct - said, not applied. */
static void test_misconfigured_not_applied(void **state)
{
    (void)state;
    reg_params rp;
    reg_params_default(&rp);
    rp.gate_m = 5000;
    rp.clear_m = 8000;
    run r;
    simulate("bias_range_m: 3000,", &rp, &r);
    const reg_bias *b1 = bias_of(&r, 1);
    assert_non_null(b1);
    assert_true(b1->too_big);
    assert_false(b1->applied);
    assert_true(fabs(b1->range_m - 3000) < 100);
    assert_int_equal(r.corrected[1], 0);
    assert_true(bias_of(&r, 2)->applied);
}

/* ---- hand-made plots: a radar at the origin of a flat frame, ADS-B beside it -------------- */

static geo_sensor_set *flat_set(void)
{
    geo_sensor_set *set = calloc(1, sizeof *set);
    assert_non_null(set);
    set->n = 2;
    set->s[0].id = 10;
    set->s[0].type = SW_SENSOR_3D;
    set->s[1].id = 20;
    set->s[1].type = SW_SENSOR_ADSB;
    return set;
}

static sw_plot adsb(double t, uint32_t addr, double x, double y)
{
    sw_plot p;
    memset(&p, 0, sizeof p);
    p.t = t;
    p.sensor_id = 20;
    p.kind = SW_MEAS_XYZ;
    p.flags = SW_HAS_ADDRESS;
    p.address = addr;
    p.z[0] = x;
    p.z[1] = y;
    p.z[2] = 9000;
    p.R[0] = p.R[4] = p.R[8] = 900;
    return p;
}

static sw_plot radar(double t, double x, double y, double dr)
{
    sw_plot p;
    memset(&p, 0, sizeof p);
    p.t = t;
    p.sensor_id = 10;
    p.kind = SW_MEAS_RAE;
    double rho = hypot(x, y);
    p.z[0] = hypot(rho, 9000) + dr;
    p.z[1] = atan2(x, y);
    p.z[2] = atan2(9000, rho);
    p.R[0] = 2500;
    p.R[4] = p.R[8] = 1e-6;
    return p;
}

static void test_ambiguous_not_paired(void **state)
{
    (void)state;
    geo_sensor_set *set = flat_set();
    reg_params rp;
    reg_params_default(&rp);
    rp.min_pairs = 5;
    reg_reg *r;
    assert_int_equal(reg_create(&r, &rp, set, NULL), SW_OK);
    reg_bias b[2];
    /* two aircraft 1 km apart, moving together across the radar's line of sight (so that
     * range rate, which a clock offset would show through, stays near zero): a plot near them
     * cannot say whose it is */
    for (int i = 0; i < 10; i++) {
        double t = i;
        sw_plot a = adsb(t, 0xabc001, 200 * t, 80000), c = adsb(t, 0xabc002, 1000 + 200 * t, 80000);
        reg_plot(r, &a);
        reg_plot(r, &c);
        sw_plot p = radar(t + 0.5, 200 * (t + 0.5), 80000, 100);
        assert_int_equal(reg_plot(r, &p), 0);
    }
    assert_int_equal(reg_list(r, b, 2), 0);
    /* the other one turns away: paired, and after min_pairs the plots come out 100 m shorter
     * (offset and gain, both applied, cannot be told apart at one range: their sum is checked) */
    for (int i = 10; i < 20; i++) {
        double t = i;
        sw_plot a = adsb(t, 0xabc001, 200 * t, 80000), o = adsb(t, 0xabc002, 1000, 100000);
        reg_plot(r, &a);
        reg_plot(r, &o);
        sw_plot p = radar(t + 0.5, 200 * (t + 0.5), 80000, 100);
        double z0 = p.z[0];
        int c = reg_plot(r, &p);
        assert_int_equal(c, i >= 14);
        if (c)
            assert_true(fabs(z0 - p.z[0] - 100) < 2);
    }
    assert_int_equal(reg_list(r, b, 2), 1);
    assert_int_equal(b[0].taken, 10);
    assert_true(fabs(b[0].range_m + b[0].gain_m * 0.8 - 100) < 2);
    /* an old report is not a reference: no pair 10 s after the last one */
    sw_plot p = radar(40, 200 * 40, 80000, 100);
    reg_plot(r, &p);
    reg_list(r, b, 2);
    assert_int_equal(b[0].taken, 10);
    reg_destroy(r);
    free(set);
}

static void test_bad_input(void **state)
{
    (void)state;
    geo_sensor_set *set = flat_set();
    reg_params rp;
    reg_params_default(&rp);
    reg_reg *r;
    sw_err err;
    rp.gate_m = -1;
    assert_int_equal(reg_create(&r, &rp, set, &err), SW_EINVAL);
    assert_non_null(strstr(err.msg, "gate_m"));
    reg_params_default(&rp);
    rp.clear_m = 100; /* smaller than the gate */
    assert_int_equal(reg_create(&r, &rp, set, &err), SW_EINVAL);
    reg_params_default(&rp);
    assert_int_equal(reg_create(&r, &rp, NULL, &err), SW_OK); /* no sensors: nothing to do */
    sw_plot p = radar(1, 1000, 1000, 0);
    assert_int_equal(reg_plot(r, &p), 0);
    reg_destroy(r);
    assert_int_equal(reg_create(&r, &rp, set, &err), SW_OK);
    sw_plot a = adsb(1, 0x1, 1000, 1000);
    a.z[0] = NAN;
    assert_int_equal(reg_plot(r, &a), 0);
    p = radar(1, 1000, 1000, 0);
    p.z[1] = INFINITY;
    assert_int_equal(reg_plot(r, &p), 0);
    a = adsb(1, 0x2, 1e300, 1000); /* no grid cell holds it */
    assert_int_equal(reg_plot(r, &a), 0);
    p = radar(1, 1000, 1000, 0);
    p.R[0] = -1;
    assert_int_equal(reg_plot(r, &p), 0);
    p = radar(1, 1000, 1000, 0);
    p.sensor_id = 99; /* not in the set */
    assert_int_equal(reg_plot(r, &p), 0);
    reg_bias b[1];
    assert_int_equal(reg_list(r, b, 1), 0);
    /* more aircraft than the table holds: the rest are not references, nothing breaks */
    reg_destroy(r);
    rp.max_aircraft = 2;
    assert_int_equal(reg_create(&r, &rp, set, &err), SW_OK);
    for (uint32_t i = 1; i <= 5; i++) {
        a = adsb(1, i, 10000.0 * i, 50000);
        reg_plot(r, &a);
    }
    p = radar(1.2, 50000, 50000, 0);
    reg_plot(r, &p);
    assert_int_equal(reg_list(r, b, 1), 0);
    reg_destroy(r);
    free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_biases_found_and_removed),
        cmocka_unit_test(test_partner_tracks_as_reference),
        cmocka_unit_test(test_misconfigured_not_applied),
        cmocka_unit_test(test_ambiguous_not_paired),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
