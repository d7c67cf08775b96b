/* tests/sim/test_sensors.c - the cooperative sensors: an ADS-B station reports with the noise of
 * the aircraft's NACp, loses the configured share of messages and sends the configured share of
 * bad reports; a secondary radar answers transponders only, with their codes, Mode C in 25 ft
 * steps and its own accuracy; a sensor's time bias shifts every plot time. */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "sim/sim.h"

typedef struct collect {
    int n, cap;
    sw_plot *p;
} collect;

static int add(void *ctx, const sw_plot *p)
{
    collect *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->p = realloc(c->p, sizeof *c->p * (size_t)c->cap);
    }
    c->p[c->n++] = *p;
    return 0;
}

static sim_scenario *load(const char *text)
{
    sim_scenario *sc;
    sw_err err = {0};
    if (sim_scenario_load_string(&sc, text, "s.yaml", &err))
        fail_msg("%s", err.msg);
    return sc;
}

static collect run(const sim_scenario *sc)
{
    collect c = {0};
    sim_engine *e;
    sw_err err = {0};
    assert_int_equal(sim_engine_new(&e, sc, NULL, &err), SW_OK);
    sim_sink sink = {&c, add, NULL};
    assert_true(sim_engine_run(e, sim_scenario_duration(sc), &sink, &err) >= 0);
    sim_engine_free(e);
    return c;
}

static void test_adsb(void **state)
{
    (void)state;
    /* 20 aircraft, NACp 8 (EPU 92.6 m: sigma 37.8 m), 1 s updates, 10% lost, 2% bad by 5 km,
     * and a time bias of 0.25 s */
    char text[8000];
    int k = snprintf(text, sizeof text,
                     "origin: [25, 50, 0]\nduration_s: 300\nsensors:\n"
                     "  - {id: 9, type: adsb, lat_deg: 25, lon_deg: 50, alt_m: 20, scan_s: 1,\n"
                     "     pd: 0.9, bad_data_prob: 0.02, bad_data_m: 5000, bias_time_s: 0.25}\n"
                     "targets:\n");
    for (int i = 0; i < 20; i++)
        k += snprintf(text + k, sizeof text - (size_t)k,
                      "  - {id: %d, position: [%d, %d, 9000], speed_mps: 220, heading_deg: %d,\n"
                      "     address: %06X, callsign: TST%d, mode3a: \"%04o\", nacp: 8}\n",
                      i + 1, -100000 + 10000 * i, 20000 - 2000 * i, 18 * i, 0x400000 + i, i,
                      01000 + i);
    /* one aircraft without ADS-B: never reported */
    k += snprintf(text + k, sizeof text - (size_t)k,
                  "  - {id: 99, position: [0, 0, 5000], speed_mps: 100, heading_deg: 0}\n");
    sim_scenario *sc = load(text);
    collect c = run(sc);
    int bad = 0, n = 0;
    double s2 = 0;
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        assert_true(p->truth_id >= 1 && p->truth_id <= 20);
        assert_int_equal(p->address, 0x400000 + p->truth_id - 1);
        assert_int_equal(p->mode3a, 01000 + p->truth_id - 1);
        assert_true(p->flags & SW_HAS_CALLSIGN);
        double x[6];
        /* the report is stamped 0.25 s late: the true position is at t - 0.25 */
        assert_int_equal(sim_target_state(sc, (int)p->truth_id - 1, p->t - 0.25, x), 1);
        double ex = p->z[0] - x[0], ey = p->z[1] - x[1];
        if (hypot(ex, ey) > 2500) {
            bad++;
            continue;
        }
        s2 += ex * ex + ey * ey;
        n++;
        assert_near(sqrt(p->R[0]), 92.6 / 2.448, 1e-6);
    }
    double total = 20 * 300, sigma = sqrt(s2 / (2 * n));
    printf("ADS-B: %d reports of %.0f (pd 0.9), %d bad (2%%), sigma %.2f m (NACp 8: %.2f)\n", c.n,
           total, bad, sigma, 92.6 / 2.448);
    assert_near(c.n, 0.9 * total, 4 * sqrt(total * 0.09));
    assert_near(bad, 0.02 * c.n, 4 * sqrt(0.02 * c.n) + 1);
    assert_near(sigma, 92.6 / 2.448, 4 * 37.8 / sqrt(2.0 * n));
    free(c.p);
    sim_scenario_free(sc);
}

static void test_ssr(void **state)
{
    (void)state;
    sim_scenario *sc = load(
        "origin: [25, 50, 0]\nduration_s: 400\nsensors:\n"
        "  - {id: 5, type: ssr, lat_deg: 25, lon_deg: 50, alt_m: 30, scan_s: 4, pd: 0.98,\n"
        "     sd_range_m: 20, sd_azimuth_deg: 0.03, range_max_m: 300000}\n"
        "targets:\n"
        "  - {id: 1, position: [50000, 0, 7000], speed_mps: 200, heading_deg: 0, mode3a: \"7421\"}\n"
        "  - {id: 2, position: [-40000, 30000, 10000], speed_mps: 230, heading_deg: 90,\n"
        "     address: 0ABCDE, callsign: SWV12, mode3a: \"1200\"}\n"
        "  - {id: 3, position: [0, -60000, 8000], speed_mps: 250, heading_deg: 45}\n");
    collect c = run(sc);
    int per[4] = {0};
    double sr = 0;
    geo_radar rad;
    geo_radar_init(&rad, sim_scenario_origin(sc), 25, 50, 30);
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        per[p->truth_id]++;
        assert_true(p->truth_id == 1 || p->truth_id == 2); /* no transponder, no answer */
        assert_true(p->flags & SW_HAS_MODEC);
        double ft = p->alt_baro_m / 0.3048;
        assert_near(ft / 25, floor(ft / 25 + 0.5), 1e-3);  /* 25 ft steps */
        if (p->truth_id == 1) {
            assert_int_equal(p->mode3a, 07421);
            assert_false(p->flags & SW_HAS_ADDRESS);
        } else {
            assert_int_equal(p->address, 0x0ABCDE);
            assert_string_equal(p->callsign, "SWV12");
        }
        double x[6], r, az, el;
        sim_target_state(sc, (int)p->truth_id - 1, p->t, x);
        geo_radar_measure(&rad, x, &r, &az, &el);
        sr += (p->z[0] - r) * (p->z[0] - r);
    }
    double sd_r = sqrt(sr / c.n);
    printf("SSR: range sd %.2f m (20 configured)\n", sd_r);
    assert_near(sd_r, 20, 4 * 20 / sqrt(2.0 * c.n));
    printf("SSR: %d and %d replies of 100 scans, none from the aircraft without transponder\n",
           per[1], per[2]);
    assert_near(per[1], 98, 4 * sqrt(100 * 0.98 * 0.02) + 1);
    assert_near(per[2], 98, 4 * sqrt(100 * 0.98 * 0.02) + 1);
    assert_int_equal(per[3], 0);
    free(c.p);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_adsb),
        cmocka_unit_test(test_ssr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
