/* tests/sim/test_asterix_out.c - the simulator's ASTERIX reads back: every datagram of a pcap
 * written by sim_asx decodes without a fault in the project's decoder, in time order, and each
 * CAT048 / CAT021 record carries the plot that was encoded (range and azimuth to their LSB, Mode
 * 3/A, Mode C, address, callsign, ADS-B position to 1e-6 degree), CAT034 north markers come once
 * per scan per radar.  (Built only with the asterix and ingest modules.) */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "asterix/asterix.h"
#include "core/time.h"
#include "ingest/ing_source.h"
#include "sim/sim.h"

typedef struct cap {
    sim_asx *asx;
    int n, cap;
    sw_plot *p;
    long north;
} cap;

static int on_plot(void *ctx, const sw_plot *p)
{
    cap *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4096;
        c->p = realloc(c->p, sizeof *c->p * (size_t)c->cap);
    }
    c->p[c->n++] = *p;
    return sim_asx_plot(c->asx, p);
}

static int on_event(void *ctx, const sim_event *ev)
{
    cap *c = ctx;
    c->north += ev->kind == SIM_EV_NORTH;
    return sim_asx_event(c->asx, ev);
}

static int sensor_of(const sim_scenario *sc, int sac, int sic)
{
    for (int i = 0; i < sim_sensor_count(sc); i++)
        if (sim_sensor_info(sc, i)->sac == sac && sim_sensor_info(sc, i)->sic == sic)
            return i;
    return -1;
}

/* The plot of sensor `id` in c matching a decoded report: same sensor, time of day within its
 * LSB, and of those (several plots can share a 1/128 s) the nearest to (z0, z1), with the same
 * address when addr != 0. */
static const sw_plot *match(const cap *c, uint32_t id, double tod, double start, double z0,
                            double z1, uint32_t addr)
{
    const sw_plot *best = NULL;
    double bd = 1e300;
    for (int i = 0; i < c->n; i++) {
        const sw_plot *p = &c->p[i];
        if (p->sensor_id != id || (addr && p->address != addr))
            continue;
        if (fabs(sw_tod_from_utc(start + p->t) - tod) > 0.5 / 128 + 1e-9)
            continue;
        double d = fabs(p->z[0] - z0) + fabs(p->z[1] - z1);
        if (d < bd) {
            bd = d;
            best = p;
        }
    }
    return best;
}

static void test_round_trip(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml",
                                              &err), SW_OK);
    char path[64];
    sw_test_tmp(path, "sim.pcap");
    sim_asx_options ao = {path, NULL, 0};
    cap c = {0};
    if (sim_asx_open(&c.asx, sc, &ao, &err))
        fail_msg("%s", err.msg);
    sim_engine *e;
    sim_options o = {0};
    o.duration = 120;
    assert_int_equal(sim_engine_new(&e, sc, &o, &err), SW_OK);
    sim_sink sink = {&c, on_plot, on_event};
    assert_true(sim_engine_run(e, 120, &sink, &err) > 0);
    sim_engine_free(e);
    if (sim_asx_flush(c.asx, &err))
        fail_msg("%s", err.msg);
    sim_asx_stats st = *sim_asx_stats_of(c.asx);
    if (sim_asx_close(c.asx, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(st.skipped, 0);
    assert_int_equal(st.records, c.n + st.service);

    ing_source *src;
    if (ing_source_open(&src, path, ING_SRC_AUTO, &err))
        fail_msg("%s", err.msg);
    ing_datagram d;
    long recs = 0, n048 = 0, n021 = 0, n034 = 0, north = 0, dgrams = 0;
    double last_ts = 0, start = sim_scenario_start_utc(sc);
    int r;
    while ((r = ing_source_next(src, &d, &err)) == 1) {
        dgrams++;
        assert_true(d.ts >= last_ts);
        last_ts = d.ts;
        asx_iter it;
        asx_iter_init(&it, d.p, d.n, NULL, -1);
        asx_any rec;
        asx_fault f;
        int k;
        while ((k = asx_iter_decode(&it, &rec, &f)) != ASX_END) {
            if (k < 0) {
                asx_fault_err(&f, path, &err);
                fail_msg("%s", err.msg);
            }
            assert_int_equal(k, ASX_RECORD);
            recs++;
            if (it.uap->cat == 48) {
                const asx048 *m = &rec.c048;
                int si = sensor_of(sc, m->i010.sac, m->i010.sic);
                assert_true(si >= 0);
                const sw_plot *p = match(&c, sim_sensor_info(sc, si)->id, m->i140.tod_s, start,
                                         m->i040.rho_nm * 1852.0, m->i040.theta_deg * M_PI / 180,
                                         0);
                assert_non_null(p);
                assert_near(m->i040.rho_nm * 1852.0, p->z[0], 1852.0 / 256 / 2 + 1e-6);
                double da = fabs(m->i040.theta_deg - p->z[1] * 180 / M_PI);
                if (da > 180)
                    da = 360 - da;
                assert_true(da <= 360.0 / 65536 / 2 + 1e-9);
                if (p->flags & SW_HAS_MODE3A)
                    assert_int_equal(m->i070.mode3a, p->mode3a);
                if (p->flags & SW_HAS_ADDRESS)
                    assert_int_equal(m->i220.address, p->address);
                if (p->flags & SW_HAS_MODEC)
                    assert_near(m->i090.fl * 100 * 0.3048, p->alt_baro_m, 0.125 * 30.48 + 0.01);
                if (p->flags & SW_HAS_CALLSIGN)
                    assert_memory_equal(m->i240.ident, p->callsign, strlen(p->callsign));
                n048++;
            } else if (it.uap->cat == 21) {
                const asx021 *m = &rec.c021;
                int si = sensor_of(sc, m->i010.sac, m->i010.sic);
                assert_true(si >= 0);
                double e2[3];
                geo_lla_to_enu(sim_scenario_origin(sc), m->i131.lat_deg, m->i131.lon_deg,
                               m->i140.height_ft * 0.3048, e2);
                const sw_plot *p = match(&c, sim_sensor_info(sc, si)->id, m->i073.tomr_pos_s, start,
                                         e2[0], e2[1], m->i080.address);
                assert_non_null(p);
                double lat, lon, h;
                double en[3] = {p->z[0], p->z[1], p->z[2]};
                geo_enu_to_lla(sim_scenario_origin(sc), en, &lat, &lon, &h);
                assert_near(m->i131.lat_deg, lat, 2e-7);
                assert_near(m->i131.lon_deg, lon, 2e-7);
                assert_int_equal(m->i080.address, p->address);
                n021++;
            } else {
                assert_int_equal(it.uap->cat, 34);
                n034++;
                north += rec.c034.i000.msg_type == 1;
            }
        }
    }
    assert_int_equal(r, 0);
    ing_source_close(src);
    remove(path);
    printf("%ld datagrams, %ld records: CAT048 %ld, CAT021 %ld, CAT034 %ld (%ld north markers)\n",
           dgrams, recs, n048, n021, n034, north);
    assert_int_equal(recs, st.records);
    assert_int_equal(dgrams, st.datagrams);
    assert_int_equal(north, c.north);
    assert_true(n048 > 1000 && n021 > 1000);
    free(c.p);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
