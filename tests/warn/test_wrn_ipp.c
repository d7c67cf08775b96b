/* tests/warn/test_wrn_ipp.c - impact point prediction against independently integrated ballistic
 * truth at 300, 1000 and 2000 km: the physics (noise-free), and a Monte-Carlo of noisy tracks
 * through the whole engine (error shrinks as the threat descends, lies well inside the warned
 * area in the last minute, the warning comes at the first confirmed update with >= 90 % of the
 * available lead time). */
#include "../core/sw_test.h"
#include "core/mat.h"
#include "warn/warn.h"
#include "wrn_truth.h"

#include <stdlib.h>

static const double TGT_LAT = 25.30, TGT_LON = 51.50; /* aim point */
static const double ORIGIN[3] = {25.0, 50.0, 0};

static void launch_for(double range, double *lat, double *lon, double *az)
{
    double back;
    geo_direct(TGT_LAT, TGT_LON, 300.0, range, lat, lon, &back);
    *az = fmod(back + 180.0, 360.0);
}

/* Noise-free state and the true ballistic coefficient: the prediction is the physics alone,
 * with a different atmosphere from the truth's.  Without the Earth's rotation or J2 this would
 * miss by tens of kilometres at 2000 km. */
static void test_physics(void **state)
{
    (void)state;
    static tr_ballistic tr;
    geo_frame f;
    geo_frame_init(&f, ORIGIN[0], ORIGIN[1], ORIGIN[2]);
    const double ranges[] = {300e3, 1000e3, 2000e3};
    for (int r = 0; r < 3; r++) {
        double lat, lon, az;
        launch_for(ranges[r], &lat, &lon, &az);
        tr_make(&tr, lat, lon, az, ranges[r], 8000.0);
        double miss;
        geo_inverse(tr.impact_lat, tr.impact_lon, TGT_LAT, TGT_LON, &miss, NULL, NULL);
        assert_true(miss < 0.05 * ranges[r]); /* the shooting found the range */
        double worst = 0, worst_t = 0;
        for (int k = 20; k < tr.n - 5; k += (tr.n - 25) / 6) {
            double x[6], P[36] = {0};
            tr_state_enu(&tr, &f, k, x);
            for (int i = 0; i < 6; i++)
                P[i * 6 + i] = i < 3 ? 1.0 : 1e-4;
            wrn_ipp ipp;
            assert_int_equal(wrn_ipp_predict(&f, x, P, k, 8000.0, 0.01, 3600, &ipp), SW_OK);
            double err;
            geo_inverse(ipp.lat_deg, ipp.lon_deg, tr.impact_lat, tr.impact_lon, &err, NULL, NULL);
            if (err > 150.0 || fabs(ipp.t_impact - tr.t_impact) > 0.5)
                fail_msg("range %.0f km, t=%d s: impact error %.0f m, time error %.2f s",
                         ranges[r] / 1e3, k, err, ipp.t_impact - tr.t_impact);
            worst = fmax(worst, err);
            worst_t = fmax(worst_t, fabs(ipp.t_impact - tr.t_impact));
        }
        print_message("range %4.0f km: noise-free prediction within %.0f m and %.2f s of truth\n",
                      ranges[r] / 1e3, worst, worst_t);
    }
}

typedef struct mc_ctx {
    double t_issue;       /* first ISSUED, or NAN */
    int n_issue, n_retract;
} mc_ctx;

static void on_event(void *ctx, const wrn_event *ev)
{
    mc_ctx *m = ctx;
    if (ev->kind == WRN_EV_ISSUED) {
        if (!isfinite(m->t_issue))
            m->t_issue = ev->w->time;
        m->n_issue++;
    }
    if (ev->kind == WRN_EV_RETRACTED)
        m->n_retract++;
}

static void test_monte_carlo(void **state)
{
    (void)state;
    static tr_ballistic tr;
    geo_frame f;
    geo_frame_init(&f, ORIGIN[0], ORIGIN[1], ORIGIN[2]);
    const double ranges[] = {300e3, 1000e3, 2000e3};
    const int runs = 4;
    const double dt = 4.0, t_detect = 40.0, sd_p = 150.0, sd_v = 10.0;
    for (int r = 0; r < 3; r++) {
        double lat, lon, az;
        launch_for(ranges[r], &lat, &lon, &az);
        tr_make(&tr, lat, lon, az, ranges[r], 4000.0);
        /* the defended area: a 25 km city whose centre is 6 km from the true impact */
        double clat, clon;
        geo_direct(tr.impact_lat, tr.impact_lon, 45.0, 6000.0, &clat, &clon, NULL);
        wrn_areas areas;
        wrn_areas_init(&areas);
        assert_int_equal(wrn_areas_add_circle(&areas, "QA", "City", 1, clat, clon, 25e3, NULL), 0);
        double e_early = 0, e_mid = 0, e_last = 0, e_last_max = 0;
        int n_early = 0, n_mid = 0, n_last = 0, n_last_in = 0, n_last_ell = 0;
        for (int run = 0; run < runs; run++) {
            wrn_config c;
            wrn_config_default(&c);
            snprintf(c.self, sizeof c.self, "JO");
            mc_ctx m = {.t_issue = NAN};
            wrn_sink sink = {&m, on_event};
            wrn_engine *e;
            assert_int_equal(wrn_engine_create(&e, &c, &areas, &f, &sink, NULL), 0);
            sw_rng rng;
            sw_rng_seed(&rng, 1000 * r + run);
            double T = tr.t_impact - t_detect;
            for (double t = t_detect; t < tr.t_impact - 1.0; t += dt) {
                double x[6];
                tr_state_enu(&tr, &f, (int)t, x);
                sw_system_track st;
                tr_track(&st, 77, t, x, sd_p, sd_v, &rng);
                wrn_engine_track(e, &st, t);
                wrn_track_view v;
                assert_true(wrn_engine_track_view(e, 77, &v));
                assert_int_equal(v.cls, SW_CLS_BALLISTIC);
                if (!v.has_ipp)
                    fail_msg("range %.0f km t=%.0f: no impact prediction", ranges[r] / 1e3, t);
                double err;
                geo_inverse(v.ipp.lat_deg, v.ipp.lon_deg, tr.impact_lat, tr.impact_lon, &err,
                            NULL, NULL);
                double t_go = tr.t_impact - t;
                if (t_go > 2.0 * T / 3.0)
                    e_early += err, n_early++;
                else if (t_go > 60.0)
                    e_mid += err, n_mid++;
                else {
                    e_last += err, n_last++;
                    e_last_max = fmax(e_last_max, err);
                    n_last_in += wrn_area_contains_ll(&areas.a[0], v.ipp.lat_deg, v.ipp.lon_deg);
                    /* true impact inside the predicted 99 % ellipse: Mahalanobis^2 < 9.21 */
                    geo_frame fi;
                    geo_frame_init(&fi, v.ipp.lat_deg, v.ipp.lon_deg, 0);
                    double d[3], L[4];
                    geo_lla_to_enu(&fi, tr.impact_lat, tr.impact_lon, 0, d);
                    double C[4] = {v.ipp.C[0] + 1, v.ipp.C[1], v.ipp.C[2], v.ipp.C[3] + 1};
                    assert_int_equal(sw_chol(2, C, L), 0);
                    n_last_ell += sw_mahal2(2, L, d) < 9.21;
                }
            }
            /* warned at the first confirmed update; lead time >= 90 % of impact - detection */
            assert_true(isfinite(m.t_issue));
            assert_true(m.t_issue - t_detect <= 10.0);
            double lead = (tr.t_impact - m.t_issue) / (tr.t_impact - t_detect);
            if (lead < 0.9)
                fail_msg("range %.0f km: lead-time ratio %.3f", ranges[r] / 1e3, lead);
            assert_int_equal(m.n_retract, 0);
            wrn_engine_free(e);
        }
        e_early /= n_early;
        e_mid /= n_mid;
        e_last /= n_last;
        print_message("range %4.0f km (flight %.0f s, apogee %.0f km): mean IPP error %.0f m "
                      "early, %.0f m mid, %.0f m last minute (max %.0f m); %d/%d inside the 99%% "
                      "ellipse\n", ranges[r] / 1e3, tr.t_impact, tr.apogee_m / 1e3, e_early, e_mid,
                      e_last, e_last_max, n_last_ell, n_last);
        assert_true(e_early > e_mid);
        assert_true(e_mid > e_last);
        assert_true(e_last_max < 3000.0);           /* the city is 25 km in radius */
        assert_int_equal(n_last_in, n_last);         /* every last-minute prediction in the area */
        assert_true(n_last_ell >= 0.85 * n_last);    /* the ellipse is honest */
        wrn_areas_free(&areas);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_physics),
        cmocka_unit_test(test_monte_carlo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
