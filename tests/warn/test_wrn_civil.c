/* tests/warn/test_wrn_civil.c - zero warnings for civil traffic over 10 simulated hours of a busy
 * sky, run much faster than real time.
 *
 * About 300 cooperative aircraft aloft at any time fly great circles between the region's
 * airports, every one of which lies inside a defended area: climb, cruise at FL330-FL410,
 * descent and approach into the area, including emergency descents (60 m/s down), steep
 * approaches, cooperative military jets diving at 150 m/s and flying low and fast, and
 * helicopters.  Tracks come every 10 s with Gaussian errors consistent with their covariance,
 * and 5 % of the updates lose their identity (a missed Mode S reply).  The engine must issue
 * nothing and never hold a threat. */
#include "../core/sw_test.h"
#include "core/time.h"
#include "warn/warn.h"
#include "wrn_truth.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *nation, *name;
    double lat, lon;
} APT[] = {
    {"QA", "Doha", 25.273, 51.608},     {"BH", "Manama", 26.270, 50.634},
    {"AE", "Dubai", 25.253, 55.364},    {"AE", "Abu Dhabi", 24.433, 54.651},
    {"SA", "Riyadh", 24.957, 46.698},   {"SA", "Dammam", 26.471, 49.798},
    {"SA", "Jeddah", 21.680, 39.157},   {"EG", "Cairo", 30.122, 31.406},
    {"JO", "Amman", 31.723, 35.993},    {"KW", "Kuwait", 29.241, 47.969},
    {"OM", "Muscat", 23.593, 58.284},   {"EG", "Sharm", 27.977, 34.395},
};
#define N_APT ((int)(sizeof APT / sizeof APT[0]))

enum { AIRLINER, EMERGENCY, MILITARY, HELICOPTER };

typedef struct flight {
    int used, kind;
    double t0;              /* departure */
    double lat0, lon0, az, dist, lat1, lon1;
    double cruise_h, v_cruise;
    double t_total;
    uint32_t stn;
} flight;

/* Height and ground speed along the flight at time s since departure, and the distance flown. */
static void profile(const flight *f, double s, double *h, double *v, double *vz, double *d)
{
    double climb = 12.0, desc = 9.0, v0 = 80.0;
    double t_climb = f->cruise_h / climb;
    double t_desc = f->cruise_h / desc;
    if (f->kind == HELICOPTER) {
        *h = 300, *v = 60, *vz = 0, *d = 60 * s;
        return;
    }
    if (s < t_climb) {
        *vz = climb;
        *h = climb * s;
        *v = v0 + (f->v_cruise - v0) * s / t_climb;
        *d = v0 * s + 0.5 * (f->v_cruise - v0) * s * s / t_climb;
        return;
    }
    double d_climb = 0.5 * (v0 + f->v_cruise) * t_climb;
    double t_end = f->t_total;
    double t_dstart = t_end - t_desc;
    if (f->kind == EMERGENCY && s > t_climb + 600 && s < t_climb + 600 + (f->cruise_h - 3000) / 60) {
        /* emergency descent at 60 m/s from cruise to 3000 m, then continue at 3000 m */
        double u = s - t_climb - 600;
        *vz = -60, *h = f->cruise_h - 60 * u, *v = f->v_cruise, *d = d_climb + f->v_cruise * (s - t_climb);
        return;
    }
    if (s < t_dstart) {
        *vz = 0;
        *h = f->cruise_h;
        if (f->kind == EMERGENCY && s >= t_climb + 600)
            *h = 3000;
        if (f->kind == MILITARY) {
            /* alternating dives and low-level legs: 150 m/s down, then 300 m at 250 m/s */
            double u = fmod(s - t_climb, 400.0);
            if (u < 60)
                *vz = -150, *h = f->cruise_h - 150 * u;
            else if (u < 200)
                *vz = 0, *h = f->cruise_h - 9000;
            else
                *vz = 64, *h = f->cruise_h - 9000 + 64 * (u - 200);
            if (*h < 300)
                *h = 300;
        }
        *v = f->v_cruise;
        *d = d_climb + f->v_cruise * (s - t_climb);
        return;
    }
    double u = s - t_dstart;
    *vz = -desc;
    *h = fmax(0.0, f->cruise_h - desc * u);
    *v = f->v_cruise + (v0 - f->v_cruise) * u / t_desc;
    *d = d_climb + f->v_cruise * (t_dstart - t_climb) + f->v_cruise * u +
         0.5 * (v0 - f->v_cruise) * u * u / t_desc;
}

static void new_flight(flight *f, double t, sw_rng *rng, uint32_t stn)
{
    memset(f, 0, sizeof *f);
    int a = (int)(sw_rng_uniform(rng) * N_APT), b;
    do
        b = (int)(sw_rng_uniform(rng) * N_APT);
    while (b == a);
    double u = sw_rng_uniform(rng);
    f->kind = u < 0.80 ? AIRLINER : u < 0.88 ? EMERGENCY : u < 0.95 ? MILITARY : HELICOPTER;
    f->used = 1;
    f->t0 = t;
    f->stn = stn;
    f->lat0 = APT[a].lat;
    f->lon0 = APT[a].lon;
    f->lat1 = APT[b].lat;
    f->lon1 = APT[b].lon;
    geo_inverse(f->lat0, f->lon0, f->lat1, f->lon1, &f->dist, &f->az, NULL);
    f->cruise_h = 10000 + 2500 * sw_rng_uniform(rng);
    f->v_cruise = 220 + 35 * sw_rng_uniform(rng);
    if (f->kind == MILITARY)
        f->v_cruise = 280, f->cruise_h = 9500;
    if (f->kind == HELICOPTER) {
        f->t_total = 1800;
        return;
    }
    /* total time: solve the profile's distance for the destination (bisection) */
    double lo = 600, hi = 6 * 3600;
    for (int i = 0; i < 50; i++) {
        f->t_total = 0.5 * (lo + hi);
        double h, v, vz, d;
        profile(f, f->t_total, &h, &v, &vz, &d);
        if (d < f->dist)
            lo = f->t_total;
        else
            hi = f->t_total;
    }
}

typedef struct ctr {
    int issued, events;
} ctr;

static void on_ev(void *ctx, const wrn_event *ev)
{
    ctr *c = ctx;
    c->events++;
    if (ev->kind == WRN_EV_ISSUED) {
        c->issued++;
        print_message("unexpected warning: %s\n", ev->w->text);
    }
}

#define MAX_FLIGHTS 512

static void test_busy_sky_10h(void **state)
{
    (void)state;
    geo_frame f;
    geo_frame_init(&f, 25.5, 50.5, 0);
    wrn_areas areas;
    wrn_areas_init(&areas);
    for (int i = 0; i < N_APT; i++)
        assert_int_equal(wrn_areas_add_circle(&areas, APT[i].nation, APT[i].name, 1, APT[i].lat,
                                              APT[i].lon, 30e3, NULL), 0);
    wrn_config c;
    wrn_config_default(&c);
    snprintf(c.self, sizeof c.self, "QA");
    ctr cnt = {0};
    wrn_sink sink = {&cnt, on_ev};
    wrn_engine *e;
    assert_int_equal(wrn_engine_create(&e, &c, &areas, &f, &sink, NULL), 0);
    static flight fl[MAX_FLIGHTS];
    sw_rng rng;
    sw_rng_seed(&rng, 2026);
    const double dt = 10, T = 10 * 3600, t_base = 1.8e9;
    const double rate = 300.0 / 5400.0; /* departures per second for ~300 aloft */
    uint32_t next_stn = 1;
    long updates = 0, dropouts = 0;
    int max_aloft = 0, max_threats = 0, kinds[4] = {0};
    double wall0 = sw_time_mono();
    for (double t = 0; t < T; t += dt) {
        int dep = (int)sw_rng_poisson(&rng, rate * dt);
        for (int i = 0; i < MAX_FLIGHTS && dep > 0; i++)
            if (!fl[i].used) {
                new_flight(&fl[i], t, &rng, next_stn++);
                kinds[fl[i].kind]++;
                dep--;
            }
        int aloft = 0;
        for (int i = 0; i < MAX_FLIGHTS; i++) {
            flight *g = &fl[i];
            if (!g->used)
                continue;
            double s = t - g->t0;
            if (s > g->t_total) {
                wrn_engine_track_gone(e, g->stn, t_base + t);
                g->used = 0;
                continue;
            }
            aloft++;
            double h, v, vz, d, x[6];
            profile(g, s, &h, &v, &vz, &d);
            double az = g->kind == HELICOPTER ? fmod(g->az + 360.0 * s / 1800.0, 360.0) : g->az;
            tr_air(&f, g->lat0, g->lon0, h, az, v, vz, 0, x);
            if (g->kind != HELICOPTER) {
                double lat, lon;
                geo_direct(g->lat0, g->lon0, g->az, d, &lat, &lon, &az);
                tr_air(&f, lat, lon, h, az, v, vz, 0, x);
            }
            sw_system_track st;
            tr_track(&st, g->stn, t_base + t, x, 100, 5, &rng);
            st.flags = SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODE3A | SW_HAS_MODEC;
            if (s > 20 && sw_rng_uniform(&rng) < 0.05) {
                st.flags = 0; /* a missed reply: a primary-only update */
                dropouts++;
            }
            st.address = 0x700000 + g->stn;
            wrn_engine_track(e, &st, t_base + t);
            updates++;
        }
        wrn_engine_tick(e, t_base + t);
        wrn_status ws;
        wrn_engine_status(e, t_base + t, &ws);
        if (ws.threats > max_threats)
            max_threats = ws.threats;
        if (aloft > max_aloft)
            max_aloft = aloft;
    }
    double wall = sw_time_mono() - wall0;
    print_message("10 h of traffic: %u flights (%d airliners, %d emergency descents, %d military, "
                  "%d helicopters), up to %d aloft, %ld track updates (%ld without identity), "
                  "%.1f s (%.0fx real time); warnings issued: %d, threats at any time: %d\n",
                  next_stn - 1, kinds[0], kinds[1], kinds[2], kinds[3], max_aloft, updates,
                  dropouts, wall, T / wall, cnt.issued, max_threats);
    assert_true(max_aloft >= 200);
    assert_true(kinds[EMERGENCY] >= 20 && kinds[MILITARY] >= 20);
    assert_int_equal(cnt.issued, 0);
    assert_int_equal(max_threats, 0);
    assert_int_equal(cnt.events, 0);
    wrn_engine_free(e);
    wrn_areas_free(&areas);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_busy_sky_10h),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
