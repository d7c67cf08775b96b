/* tests/sim/test_radar.c - radar plots are statistically right: measured Pd against the radar
 * equation (Swerling I closed form, Swerling 0 by an independent Marcum-Q integral), noise against
 * the configured sigmas and biases, plot time against the beam position, the horizon cut-off
 * against 4/3-earth geometry, and clutter counts against the configured density.  Monte-Carlo
 * tolerances are a few standard errors; every run is seeded and bounded (well under a second). */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"
#include "sim/sim.h"

static sim_scenario *load(const char *text)
{
    sim_scenario *sc;
    sw_err err = {0};
    if (sim_scenario_load_string(&sc, text, "t.yaml", &err))
        fail_msg("%s", err.msg);
    return sc;
}

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

static collect run(const sim_scenario *sc, double step)
{
    collect c = {0};
    sim_engine *e;
    sw_err err = {0};
    assert_int_equal(sim_engine_new(&e, sc, NULL, &err), SW_OK);
    sim_sink sink = {&c, add, NULL};
    for (double t = step; t < sim_scenario_duration(sc) + step; t += step)
        assert_true(sim_engine_run(e, t, &sink, &err) >= 0);
    sim_engine_free(e);
    return c;
}

/* Stationary targets on rings about the radar: n per ring at the given ranges. */
static char *ring_scenario(const char *radar, const double *ranges, int nr, int n, int swerling,
                           double duration, double vx)
{
    size_t cap = 200000;
    char *s = malloc(cap);
    int k = snprintf(s, cap, "dim: 2\nduration_s: %g\nsensors:\n%stargets:\n", duration, radar);
    int id = 1;
    for (int r = 0; r < nr; r++)
        for (int i = 0; i < n; i++) {
            double a = 2 * M_PI * (i + 0.5 * r) / n;
            k += snprintf(s + k, cap - (size_t)k,
                          "  - {id: %d, position: [%.1f, %.1f], velocity: [%g, 0], rcs_m2: 1, "
                          "swerling: %d}\n", id++, ranges[r] * sin(a), ranges[r] * cos(a), vx,
                          swerling);
        }
    return s;
}

static const char *radar_eq =
    "  - {id: 1, type: psr, x_m: 0, y_m: 0, scan_s: 4, sd_range_m: 50, sd_azimuth_deg: 0.1,\n"
    "     pd_ref: 0.5, range_ref_m: 60000, rcs_ref_m2: 1, pfa: 1.0e-6, range_max_m: 200000}\n";

/* Marcum Q1(a, b) = integral_b^inf x exp(-(x^2 + a^2)/2) I0(a x) dx, by the trapezoid rule. */
static double marcum_q1(double a, double b)
{
    double sum = 0, h = 1e-3;
    for (double x = b; x < b + a + 40; x += h) {
        double f0 = x * exp(-(x * x + a * a) / 2) * j0(0) * 0, f; /* placeholder for clarity */
        (void)f0;
        /* I0 via its series, scaled: exp(-(x - a)^2 / 2) * I0(ax) exp(-ax) */
        double z = a * x, i0s;
        if (z < 30) {
            double t = 1, s = 1;
            for (int k = 1; k < 200; k++) {
                t *= (z / 2) * (z / 2) / ((double)k * k);
                s += t;
                if (t < 1e-17 * s)
                    break;
            }
            i0s = s * exp(-z);
        } else {
            i0s = (1 + 1 / (8 * z) + 9 / (128 * z * z)) / sqrt(2 * M_PI * z);
        }
        f = x * exp(-(x - a) * (x - a) / 2) * i0s;
        sum += (x == b ? 0.5 : 1) * f * h;
    }
    return sum;
}

static void measured_pd(int swerling, void (*expect)(double snr, double *pd))
{
    const double ranges[3] = {40000, 60000, 80000};
    char *text = ring_scenario(radar_eq, ranges, 3, 100, swerling, 400, 0);
    sim_scenario *sc = load(text);
    collect c = run(sc, 50);
    int det[3] = {0, 0, 0};
    for (int i = 0; i < c.n; i++)
        if (c.p[i].truth_id > 0)
            det[(c.p[i].truth_id - 1) / 100]++;
    double pfa = 1e-6, thr = -log(pfa), snr_ref = log(pfa) / log(0.5) - 1;
    (void)thr;
    for (int r = 0; r < 3; r++) {
        double snr = snr_ref * pow(60000 / ranges[r], 4), pd;
        expect(snr, &pd);
        double got = det[r] / (100.0 * 100); /* 100 targets x 100 scans */
        double se = sqrt(pd * (1 - pd) / 1e4);
        printf("swerling %d  %5.0f km: Pd %.4f, radar equation %.4f (se %.4f)\n", swerling,
               ranges[r] / 1000, got, pd, se);
        assert_near(got, pd, 4 * se + 0.002);
    }
    free(c.p);
    sim_scenario_free(sc);
    free(text);
}

static void pd_sw1(double snr, double *pd) { *pd = pow(1e-6, 1 / (1 + snr)); }
static void pd_sw0(double snr, double *pd) { *pd = marcum_q1(sqrt(2 * snr), sqrt(2 * -log(1e-6))); }

static void test_pd_swerling1(void **state)
{
    (void)state;
    measured_pd(1, pd_sw1);
}

static void test_pd_swerling0(void **state)
{
    (void)state;
    measured_pd(0, pd_sw0);
}

static void test_noise_bias_and_beam_time(void **state)
{
    (void)state;
    const char *radar =
        "  - {id: 1, type: psr, x_m: 0, y_m: 0, scan_s: 5, stagger_s: 1.25,\n"
        "     start_azimuth_deg: 90, sd_range_m: 70, sd_azimuth_deg: 0.2, pd: 1,\n"
        "     bias_range_m: 100, bias_azimuth_deg: 0.05, range_max_m: 200000}\n";
    const double ranges[1] = {50000};
    /* moving targets, so that the plot time matters */
    char *text = ring_scenario(radar, ranges, 1, 60, 1, 500, 250);
    sim_scenario *sc = load(text);
    collect c = run(sc, 500);
    double sr = 0, sr2 = 0, sa = 0, sa2 = 0;
    int n = 0;
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        assert_true(p->truth_id > 0);
        double x[6];
        assert_int_equal(sim_target_state(sc, (int)p->truth_id - 1, p->t, x), 1);
        double r = hypot(x[0], x[1]), az = atan2(x[0], x[1]);
        if (az < 0)
            az += 2 * M_PI;
        double dr = p->z[0] - r, da = geo_wrap_pi(p->z[1] - az);
        sr += dr, sr2 += dr * dr, sa += da, sa2 += da * da;
        n++;
        /* the plot is stamped when the beam points at the target */
        double beam = fmod((p->t - 1.25) / 5.0, 1.0) * 2 * M_PI + M_PI / 2;
        assert_near(geo_wrap_pi(beam - az), 0, 1e-5);
    }
    /* 100 revolutions in 500 s; a target's own azimuth drift (up to 0.4 turn here) adds or takes
     * one crossing */
    int per[61] = {0};
    for (int i = 0; i < c.n; i++)
        per[c.p[i].truth_id]++;
    for (int i = 1; i <= 60; i++)
        assert_true(per[i] >= 99 && per[i] <= 101);
    double mr = sr / n, sdr = sqrt(sr2 / n - mr * mr), ma = sa / n, sda = sqrt(sa2 / n - ma * ma);
    printf("range: bias %.1f m sd %.2f m; azimuth bias %.4f deg sd %.4f deg (n %d)\n", mr, sdr,
           ma / GEO_DEG, sda / GEO_DEG, n);
    assert_near(mr, 100, 4 * 70 / sqrt(n));
    assert_near(sdr, 70, 4 * 70 / sqrt(2.0 * n));
    assert_near(ma / GEO_DEG, 0.05, 4 * 0.2 / sqrt(n));
    assert_near(sda / GEO_DEG, 0.2, 4 * 0.2 / sqrt(2.0 * n));
    free(c.p);
    sim_scenario_free(sc);
    free(text);
}

static void test_horizon(void **state)
{
    (void)state;
    /* a radar 30 m up, targets 1000 m up at ground distances either side of the 4/3-earth horizon */
    double hor = geo_horizon_m(30, 1000, GEO_K_REFRACT);
    char text[20000];
    int k = snprintf(text, sizeof text,
                     "origin: [25, 50, 0]\nduration_s: 100\nsensors:\n"
                     "  - {id: 1, type: psr, lat_deg: 25, lon_deg: 50, alt_m: 30, scan_s: 5,\n"
                     "     pd: 1, range_max_m: 400000}\ntargets:\n");
    const double f[6] = {0.90, 0.95, 0.98, 1.02, 1.05, 1.10};
    for (int i = 0; i < 6; i++) {
        double lat, lon, a2;
        geo_direct(25, 50, 60 * i + 30, f[i] * hor, &lat, &lon, &a2);
        k += snprintf(text + k, sizeof text - (size_t)k,
                      "  - {id: %d, position_lla: [%.7f, %.7f, 1000], velocity: [0, 0]}\n", i + 1,
                      lat, lon);
    }
    sim_scenario *sc = load(text);
    collect c = run(sc, 100);
    int n[6] = {0};
    for (int i = 0; i < c.n; i++)
        n[c.p[i].truth_id - 1]++;
    printf("horizon %.1f km: plots per target %d %d %d | %d %d %d\n", hor / 1000, n[0], n[1], n[2],
           n[3], n[4], n[5]);
    for (int i = 0; i < 3; i++)
        assert_int_equal(n[i], 20);
    for (int i = 3; i < 6; i++)
        assert_int_equal(n[i], 0);
    free(c.p);
    sim_scenario_free(sc);
}

static void test_clutter_density(void **state)
{
    (void)state;
    sim_scenario *sc = load(
        "dim: 2\nduration_s: 2000\nsensors:\n"
        "  - {id: 1, type: psr, x_m: 0, y_m: 0, scan_s: 4, range_min_m: 10000,\n"
        "     range_max_m: 100000, clutter: {per_scan: 20, areas: [\n"
        "       {range_m: [20000, 40000], azimuth_deg: [350, 80], density_per_km2: 0.01}]}}\n");
    collect c = run(sc, 100);
    /* map cell: 90 degrees of a 20..40 km annulus = pi/4 (40^2 - 20^2) km^2 = 942.5 km^2 */
    double cell_mean = 0.01 * M_PI / 4 * (1600 - 400), scans = 500;
    int in_cell = 0, inner = 0, n = c.n;
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        assert_true(p->flags & SW_IS_CLUTTER_TRUTH);
        assert_true(p->z[0] >= 10000 && p->z[0] <= 100000);
        double az = p->z[1] / GEO_DEG;
        if (p->z[0] >= 20000 && p->z[0] <= 40000 && (az >= 350 || az <= 80))
            in_cell++;
        if (p->z[0] < sqrt((1e8 + 1e10) / 2))
            inner++;
    }
    double expect = scans * (20 + cell_mean);
    double uni_share = 20 * (M_PI / 4 * (1600 - 400)) / (M_PI * (10000 - 100));
    printf("clutter: %d plots (expected %.0f), in the map cell %d (expected %.0f)\n", n, expect,
           in_cell, scans * (cell_mean + uni_share));
    assert_near(n, expect, 4 * sqrt(expect));
    /* in the cell: the map's share plus the uniform part's share of that area */
    assert_near(in_cell, scans * (cell_mean + uni_share), 4 * sqrt(scans * (cell_mean + uni_share)));
    free(c.p);
    sim_scenario_free(sc);
}

/* A 3-D radar's clutter stays in the lowest 2 degrees; its noise false alarms spread evenly over
 * range, azimuth and elevation up to elevation_max_deg; a 2-D radar cannot have noise_per_scan. */
static void test_noise_elevation(void **state)
{
    (void)state;
    sim_scenario *sc = load(
        "dim: 3\nduration_s: 4000\nsensors:\n"
        "  - {id: 1, type: 3d, x_m: 0, y_m: 0, scan_s: 10, range_min_m: 10000,\n"
        "     range_max_m: 400000, elevation_max_deg: 30,\n"
        "     clutter: {per_scan: 5, noise_per_scan: 3}}\n");
    collect c = run(sc, 100);
    int low = 0, high = 0, upper_half = 0, far = 0;
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        assert_int_equal(p->kind, SW_MEAS_RAE);
        assert_true(p->z[0] >= 10000 && p->z[0] <= 400000);
        assert_true(p->z[2] >= 0 && p->z[2] <= 30 * GEO_DEG);
        if (p->z[2] < 2 * GEO_DEG) {
            low++;
        } else {
            high++;
            upper_half += p->z[2] > 15 * GEO_DEG;
            far += p->z[0] > 205000;
        }
    }
    /* 400 scans: 5 clutter + 3 x (2/30) noise plots below 2 degrees, 3 x (28/30) above */
    double e_low = 400 * (5 + 3.0 * 2 / 30), e_high = 400 * 3.0 * 28 / 30;
    printf("3-D false plots: %d below 2 deg (expected %.0f), %d above (expected %.0f), %d of them "
           "above 15 deg, %d beyond 205 km\n", low, e_low, high, e_high, upper_half, far);
    assert_near(low, e_low, 4 * sqrt(e_low));
    assert_near(high, e_high, 4 * sqrt(e_high));
    /* uniform in elevation (15..30 of 2..30 deg) and in range (205..400 of 10..400 km) */
    assert_near(upper_half, high * 15.0 / 28, 4 * sqrt(high * 0.25));
    assert_near(far, high * 0.5, 4 * sqrt(high * 0.25));
    free(c.p);
    sim_scenario_free(sc);

    sim_scenario *bad;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&bad,
        "dim: 2\nsensors:\n  - {id: 1, type: psr, x_m: 0, y_m: 0, scan_s: 4,\n"
        "     range_max_m: 100000, clutter: {noise_per_scan: 2}}\n", "t.yaml", &err), SW_EFORMAT);
    printf("%s\n", err.msg);
    assert_non_null(strstr(err.msg, "noise_per_scan"));
}

/* A 3-D radar with dwells (a phased array's search and track): a target above alert_above_m is
 * confirmed a second after its search plot and then held by a dwell a second, so its plots come
 * at the dwell rate; an aircraft below it only at the scan; a noise alert's confirmation finds
 * nothing, so the false plots are the search's alone.  Bad dwell settings are refused. */
static void test_dwell(void **state)
{
    (void)state;
    sim_scenario *sc = load(
        "origin: [25, 45, 0]\nduration_s: 300\nsensors:\n"
        "  - {id: 1, type: 3d, lat_deg: 25, lon_deg: 45, alt_m: 0, scan_s: 10, pd: 0.6,\n"
        "     range_max_m: 400000, dwell: {alert_above_m: 25000},\n"
        "     clutter: {noise_per_scan: 3}}\n"
        "targets:\n"
        "  - {id: 7, position_lla: [26.0, 46.0, 90000], speed_mps: 1000, heading_deg: 225}\n"
        "  - {id: 8, position_lla: [25.5, 44.0, 11000], speed_mps: 250, heading_deg: 200}\n");
    collect c = run(sc, 7);
    int n[9] = {0}, noise = 0, close7 = 0, close8 = 0;
    double last[9] = {0};
    for (int i = 0; i < c.n; i++) {
        const sw_plot *p = &c.p[i];
        if (p->truth_id == 0) {
            noise++;
            continue;
        }
        assert_true(p->truth_id == 7 || p->truth_id == 8);
        int id = (int)p->truth_id;
        if (n[id]) {
            double gap = p->t - last[id];
            assert_true(gap > 0.29); /* one by one, never two in a tracker batch */
            if (gap < 1.5)
                *(id == 7 ? &close7 : &close8) += 1;
        }
        n[id]++;
        last[id] = p->t;
    }
    printf("dwells: high target %d plots (%d within 1.5 s of the last), aircraft %d (%d), "
           "noise %d\n", n[7], close7, n[8], close8, noise);
    /* held at Pd 0.6 a second for most of 300 s: up to ~175 plots, 60 % of them a second after
     * the last; by the scan alone at most 30, none so close */
    assert_true(n[7] > 110 && close7 > 60);
    assert_true(n[8] >= 12 && n[8] <= 30 && close8 == 0);
    /* the search's noise alone: 3 a scan over 30 scans */
    assert_near(noise, 90, 4 * sqrt(90));
    free(c.p);
    sim_scenario_free(sc);

    static const char *const bad[] = {
        "dim: 3\nsensors:\n  - {id: 1, type: psr, x_m: 0, y_m: 0, scan_s: 4, dwell: {}}\n",
        "dim: 3\nsensors:\n  - {id: 1, type: 3d, x_m: 0, y_m: 0, scan_s: 4,\n"
        "     dwell: {confirm_s: 0.1}}\n",
        "dim: 3\nsensors:\n  - {id: 1, type: 3d, x_m: 0, y_m: 0, scan_s: 4,\n"
        "     dwell: {period_s: 1, drop: 3}}\n",
    };
    for (int i = 0; i < 3; i++) {
        sim_scenario *b;
        sw_err err = {0};
        assert_int_equal(sim_scenario_load_string(&b, bad[i], "t.yaml", &err), SW_EFORMAT);
        printf("%s\n", err.msg);
        assert_non_null(strstr(err.msg, "t.yaml:"));
        assert_non_null(strstr(err.msg, i == 2 ? "drop" : i == 1 ? "confirm_s" : "dwell"));
    }
}

/* e' R^-1 e by Cramer's rule on the symmetric 3x3 R; *det_out (if given) gets det R */
static double nees3(const double R[9], const double e[3], double *det_out)
{
    double det = R[0] * (R[4] * R[8] - R[5] * R[7]) - R[1] * (R[3] * R[8] - R[5] * R[6]) +
                 R[2] * (R[3] * R[7] - R[4] * R[6]);
    if (det_out)
        *det_out = det;
    double inv[9] = {(R[4] * R[8] - R[5] * R[7]) / det, (R[2] * R[7] - R[1] * R[8]) / det,
                     (R[1] * R[5] - R[2] * R[4]) / det, (R[5] * R[6] - R[3] * R[8]) / det,
                     (R[0] * R[8] - R[2] * R[6]) / det, (R[2] * R[3] - R[0] * R[5]) / det,
                     (R[3] * R[7] - R[4] * R[6]) / det, (R[1] * R[6] - R[0] * R[7]) / det,
                     (R[0] * R[4] - R[1] * R[3]) / det};
    double m = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            m += e[a] * inv[3 * a + b] * e[b];
    return m;
}

/* The Cartesian form of a 3-D radar's plots (plots.csv for mixed sensor sets) is consistent: the
 * converted covariance explains the actual errors (mean NEES about 3 for 3 dimensions). */
static void test_cartesian_conversion(void **state)
{
    (void)state;
    char text[20000];
    int k = snprintf(text, sizeof text,
                     "origin: [25, 50, 0]\nduration_s: 200\nsensors:\n"
                     "  - {id: 1, type: 3d, lat_deg: 25.2, lon_deg: 50.3, alt_m: 30, scan_s: 10,\n"
                     "     pd: 1, sd_range_m: 80, sd_azimuth_deg: 0.2, sd_elevation_deg: 0.3}\n"
                     "targets:\n");
    for (int i = 0; i < 60; i++) {
        double lat, lon, a2;
        geo_direct(25.2, 50.3, 6.0 * i, 30000 + 3000 * i, &lat, &lon, &a2);
        k += snprintf(text + k, sizeof text - (size_t)k,
                      "  - {position_lla: [%.6f, %.6f, %d], speed_mps: 200, heading_deg: %d}\n",
                      lat, lon, 2000 + 150 * i, 7 * i);
    }
    sim_scenario *sc = load(text);
    collect c = run(sc, 200);
    double nees = 0;
    int n = 0;
    for (int i = 0; i < c.n; i++) {
        sw_plot q;
        sim_plot_to_cart(sc, &c.p[i], 3, 0, 3000, &q);
        assert_int_equal(q.kind, SW_MEAS_XYZ);
        double x[6];
        assert_int_equal(sim_target_state(sc, (int)c.p[i].truth_id - 1, c.p[i].t, x), 1);
        double e[3] = {q.z[0] - x[0], q.z[1] - x[1], q.z[2] - x[2]};
        nees += nees3(q.R, e, NULL);
        n++;
    }
    nees /= n;
    printf("converted 3-D plots: mean NEES %.3f over %d (3 expected)\n", nees, n);
    assert_true(n >= 60 * 19);
    /* chi-square(3) mean 3, standard error sqrt(6 / n) */
    assert_near(nees, 3.0, 4 * sqrt(6.0 / n) + 0.1);
    free(c.p);
    sim_scenario_free(sc);
}

/* A primary radar's plot placed at an assumed height (3000 m, sigma 3000 m): its Cartesian
 * covariance stays bounded and positive definite at every range, the radar's own doorstep
 * included (an elevation sigma of 3000 m / range there once gave sigmas of 10^11 m and more,
 * which `skyweave track` refused), and it still covers the actual errors. */
static void test_cartesian_assumed_height(void **state)
{
    (void)state;
    char text[20000];
    int k = snprintf(text, sizeof text,
                     "origin: [25, 50, 0]\nduration_s: 60\nsensors:\n"
                     "  - {id: 1, type: psr, lat_deg: 25.2, lon_deg: 50.3, alt_m: 30, scan_s: 4,\n"
                     "     pd: 1, sd_range_m: 60, sd_azimuth_deg: 0.15}\n"
                     "targets:\n");
    static const double range_m[] = {300, 600, 1000, 2000, 4000, 8000, 20000, 60000, 120000};
    for (int i = 0; i < 9; i++) {
        double lat, lon, a2;
        geo_direct(25.2, 50.3, 40.0 * i, range_m[i], &lat, &lon, &a2);
        k += snprintf(text + k, sizeof text - (size_t)k,
                      "  - {position_lla: [%.6f, %.6f, %d], speed_mps: 5, heading_deg: %d}\n",
                      lat, lon, 200 + 700 * i, 40 * i);
    }
    sim_scenario *sc = load(text);
    collect c = run(sc, 60);
    double nees = 0;
    int n = 0;
    for (int i = 0; i < c.n; i++) {
        if (c.p[i].truth_id == 0)
            continue;
        sw_plot q;
        sim_plot_to_cart(sc, &c.p[i], 3, 3000, 3000, &q);
        for (int a = 0; a < 3; a++)
            assert_true(q.R[4 * a] > 0 && sqrt(q.R[4 * a]) < 10000);
        double x[6], det;
        assert_int_equal(sim_target_state(sc, (int)c.p[i].truth_id - 1, c.p[i].t, x), 1);
        double e[3] = {q.z[0] - x[0], q.z[1] - x[1], q.z[2] - x[2]};
        nees += nees3(q.R, e, &det);
        assert_true(det > 0);
        n++;
    }
    nees /= n;
    printf("primary radar plots at an assumed height: mean NEES %.3f over %d\n", nees, n);
    assert_true(n >= 9 * 10);
    assert_true(nees < 4.0); /* heights within the assumed sigma: conservative, not overconfident */
    free(c.p);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pd_swerling1),
        cmocka_unit_test(test_pd_swerling0),
        cmocka_unit_test(test_noise_bias_and_beam_time),
        cmocka_unit_test(test_horizon),
        cmocka_unit_test(test_clutter_density),
        cmocka_unit_test(test_noise_elevation),
        cmocka_unit_test(test_dwell),
        cmocka_unit_test(test_cartesian_conversion),
        cmocka_unit_test(test_cartesian_assumed_height),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
