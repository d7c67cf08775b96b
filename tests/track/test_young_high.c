/* tests/track/test_young_high.c - what may confirm a fast track (docs/tracker.md, "Fast-object
 * start"): plots of the simulator's 1000 km missile, or of no object, made here one by one from
 * the truth through a 3-D radar's geometry and noise, into a tracker configured for missiles.
 *  - vague gate: two plots a second apart (a confirmation dwell) then a noise plot 40 s later,
 *    30 km off the missile's path: free fall from the first two cannot say where the third
 *    belongs, so it confirms nothing; the missile's next plots are tracked;
 *  - wild plot: a plot of a held missile just outside its track's gate starts no track, and a
 *    young track of a noise plot near the missile does not take it;
 *  - ascent: four plots of an object at 3 km/s climbing from 8 to 17 km (no airframe bears that
 *    dynamic pressure) confirm nothing; the same at 800 m/s (a rocket's pace) are confirmed.
 * Each case fails without its rule (assoc.c free_fall_vague, TRK_HIGH_EXCL; life.c
 * impossible_ascent). */
#include "../core/sw_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "geo/sensors.h"
#include "sim/sim.h"
#include "track/track.h"
#include "track/trk_internal.h"

static const char *scen =
    "name: younghigh\n"
    "origin: [25.0, 50.0, 0]\n"
    "duration_s: 900\n"
    "dim: 3\n"
    "nations:\n"
    "  - code: AE\n"
    "    sensors:\n"
    "      - {id: 201, type: 3d, lat_deg: 24.4, lon_deg: 54.6, alt_m: 30, scan_s: 10,\n"
    "         range_max_m: 450000, sd_range_m: 60, sd_azimuth_deg: 0.15,\n"
    "         sd_elevation_deg: 0.3}\n"
    "threats:\n"
    "  - {id: 2, motion: ballistic, label: BM-2, launch: [21.0, 61.4], impact: [25.30, 51.52],\n"
    "     t_launch: 0, burn_time_s: 80}\n";

typedef struct rig {
    sim_scenario *sc;
    geo_sensor_set set;
    trk_tracker *tr;
    sw_rng rng;
    int confirmed;            /* confirmation events */
    double worst_m;           /* farthest confirmed update from the missile */
} rig;

static rig *g_rig;

static void listen(void *ctx, unsigned ev, double t, const sw_track *k)
{
    rig *r = ctx;
    if (!k || !(ev & (TRK_EV_CONFIRMED | TRK_EV_UPDATED)) || k->status != SW_TRK_CONFIRMED)
        return;
    r->confirmed += (ev & TRK_EV_CONFIRMED) != 0;
    double x[6];
    sim_target_state(r->sc, 0, t, x);
    double d = sqrt((k->x[0] - x[0]) * (k->x[0] - x[0]) + (k->x[1] - x[1]) * (k->x[1] - x[1]) +
                    (k->x[2] - x[2]) * (k->x[2] - x[2]));
    r->worst_m = fmax(r->worst_m, d);
}

static rig *rig_new(uint64_t seed)
{
    rig *r = calloc(1, sizeof *r);
    sw_err err;
    assert_int_equal(sim_scenario_load_string(&r->sc, scen, "younghigh", &err), SW_OK);
    assert_int_equal(sim_sensor_set(r->sc, NULL, &r->set), 0);
    trk_params p;
    trk_params_default(&p, 3);
    p.max_speed_mps = 4000;
    p.imm_ballistic = 1;
    p.clutter_density = 1e-11; /* a clear sky: the estimate from a few plots would be their own */
    assert_int_equal(trk_create(&r->tr, &p, &r->set, &err), SW_OK);
    trk_set_listener(r->tr, listen, r);
    sw_rng_seed(&r->rng, seed);
    g_rig = r;
    return r;
}

static void rig_free(rig *r)
{
    trk_destroy(r->tr);
    sim_scenario_free(r->sc);
    free(r);
}

/* A plot of the radar at t of the point p (common ENU), displaced by k_el elevation sigmas on
 * top of its noise (noise: 0 = none). */
static void plot(rig *r, double t, const double p[3], double k_el, int noise)
{
    const sw_sensor *s = &r->set.s[0];
    double range, az, el;
    geo_radar_measure(&r->set.radar[0], p, &range, &az, &el);
    sw_plot pl;
    memset(&pl, 0, sizeof pl);
    pl.t = t;
    pl.sensor_id = s->id;
    pl.kind = SW_MEAS_RAE;
    pl.z[0] = range + (noise ? s->sd_range_m * sw_rng_normal(&r->rng) : 0);
    pl.z[1] = az + (noise ? s->sd_az_rad * sw_rng_normal(&r->rng) : 0);
    pl.z[2] = el + (k_el + (noise ? sw_rng_normal(&r->rng) : 0)) * s->sd_el_rad;
    pl.R[0] = s->sd_range_m * s->sd_range_m;
    pl.R[4] = s->sd_az_rad * s->sd_az_rad;
    pl.R[8] = s->sd_el_rad * s->sd_el_rad;
    sw_err err;
    assert_int_equal(trk_add_plot(r->tr, &pl, &err), SW_OK);
    /* the radar's mark: everything up to t delivered, so the plot is processed now */
    assert_int_equal(trk_mark(r->tr, s->id, t + 0.01, &err), SW_OK);
}

static void missile_plot(rig *r, double t, double k_el)
{
    double x[6];
    assert_true(sim_target_state(r->sc, 0, t, x));
    plot(r, t, x, k_el, 1);
}

/* live tracks, and how many of them are young (tentative) */
static int live(const rig *r, int *young)
{
    int n = 0;
    *young = 0;
    for (size_t s = 0; s < r->tr->cap; s++) {
        const trk_track *k = trk_at(r->tr, (int32_t)s);
        if (k->status <= SW_TRK_COASTING) {
            n++;
            *young += k->status == SW_TRK_TENTATIVE;
        }
    }
    return n;
}

static void test_vague_gate(void **state)
{
    (void)state;
    rig *r = rig_new(3);
    double t1 = 300; /* mid-course, 300-450 km from the radar */
    missile_plot(r, t1, 0);
    missile_plot(r, t1 + 1, 0);
    double x[6];
    sim_target_state(r->sc, 0, t1 + 40, x);
    x[0] += 30000; /* a noise plot 30 km off the path, where the two-plot gate still reaches */
    plot(r, t1 + 40, x, 0, 1);
    int young, n = live(r, &young);
    print_message("after the noise plot: %d confirmations, %d live tracks (%d young)\n",
                  r->confirmed, n, young);
    assert_int_equal(r->confirmed, 0);
    for (int i = 5; i <= 9; i++)
        missile_plot(r, t1 + 10 * i, 0);
    print_message("after five more of the missile's plots: %d confirmed, worst %.0f m off\n",
                  r->confirmed, r->worst_m);
    assert_true(r->confirmed >= 1);
    assert_true(r->worst_m < 10000);
    rig_free(r);
}

static void test_wild_plot(void **state)
{
    (void)state;
    rig *r = rig_new(4);
    double t1 = 300;
    for (int i = 0; i < 30; i++)
        missile_plot(r, t1 + i, 0);
    assert_int_equal(r->confirmed, 1);
    /* a noise plot 12 km from the missile: a young track of its own */
    double x[6];
    sim_target_state(r->sc, 0, t1 + 30, x);
    x[1] += 12000;
    plot(r, t1 + 30, x, 0, 1);
    int young0, n0 = live(r, &young0);
    /* the missile's plot 5 elevation sigmas off, noise-free: outside its track's gate (d^2 25
     * against 17.7), inside TRK_HIGH_EXCL of it */
    sim_target_state(r->sc, 0, t1 + 31, x);
    plot(r, t1 + 31, x, 5.0, 0);
    int young1, n1 = live(r, &young1);
    print_message("live tracks %d (%d young) before the wild plot, %d (%d) after\n", n0, young0,
                  n1, young1);
    assert_int_equal(n1, n0); /* it started no track */
    for (size_t s = 0; s < r->tr->cap; s++) {
        const trk_track *k = trk_at(r->tr, (int32_t)s);
        if (k->status == SW_TRK_TENTATIVE)
            assert_int_equal(k->npts, 1); /* and the noise plot's young track did not take it */
    }
    for (int i = 32; i < 45; i++)
        missile_plot(r, t1 + i, 0);
    assert_int_equal(r->confirmed, 1);
    assert_true(r->worst_m < 5000);
    rig_free(r);
}

/* four plots 10 s apart of an object at speed v (m/s) climbing 300 m/s from 8 km to 17 km */
static int climb(double v, uint64_t seed)
{
    rig *r = rig_new(seed);
    for (int i = 0; i < 6; i++) {
        double t = 100 + 10 * i, d = sqrt(v * v - 300.0 * 300.0) * 10 * i;
        double lat, lon, a2;
        geo_direct(24.4, 53.2, 300, d, &lat, &lon, &a2);
        double p[3];
        geo_lla_to_enu(&r->set.origin, lat, lon, 8000 + 300.0 * 10 * i, p);
        if (i < 4)
            plot(r, t, p, 0, 1);
        else
            assert_int_equal(trk_advance(r->tr, t, &(sw_err){0}), SW_OK);
    }
    assert_int_equal(trk_flush(r->tr, &(sw_err){0}), SW_OK);
    int c = r->confirmed;
    rig_free(r);
    return c;
}

static void test_ascent(void **state)
{
    (void)state;
    int fast = 0, slow = 0;
    for (uint64_t seed = 1; seed <= 5; seed++) {
        fast += climb(3000, seed) > 0;
        slow += climb(800, seed) > 0;
    }
    print_message("climbing from 8 km: at 3000 m/s %d of 5 confirmed, at 800 m/s %d of 5\n", fast,
                  slow);
    assert_int_equal(fast, 0);
    assert_int_equal(slow, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vague_gate),
        cmocka_unit_test(test_wild_plot),
        cmocka_unit_test(test_ascent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
