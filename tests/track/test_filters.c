/* The tracker's numerical parts against values computed by hand (or by an independent route):
 * model predictions, the Kalman update (Joseph form, both the generic and the selection-H
 * kernels), the coordinated-turn Jacobian, polar measurement models, chi-square quantiles, the
 * failure path of a non-positive-definite innovation, IMM bookkeeping, two-point initiation,
 * JPDA marginals, and the spatial grid against brute force. */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "track/trk_internal.h"

static trk_fspec spec(int filter, int dim)
{
    trk_params p;
    trk_params_default(&p, dim);
    p.filter = filter;
    p.q_cv = 0.5;
    p.q_ca = 0.2;
    trk_fspec f;
    trk_fspec_init(&f, &p);
    return f;
}

static void test_cv_predict(void **s)
{
    (void)s;
    trk_fspec f = spec(TRK_FILTER_CV, 2);
    /* x = (x, y, vx, vy), P = diag(100, 200, 10, 20), dt = 2, q = 0.5:
     * x' = (0 + 2*10, 5 + 2*(-3), 10, -3);
     * Pxx' = 100 + 4*10 + q*8/3 = 141.3333, Pxvx' = 2*10 + q*2 = 21, Pvxvx' = 10 + q*2 = 11 */
    double x[4] = {0, 5, 10, -3}, P[16] = {100, 0, 0, 0, 0, 200, 0, 0, 0, 0, 10, 0, 0, 0, 0, 20};
    double xo[4], Po[16];
    trk_model_predict(&f, TRK_MODEL_CV, 2, x, P, xo, Po);
    assert_near(xo[0], 20, 1e-12);
    assert_near(xo[1], -1, 1e-12);
    assert_near(xo[2], 10, 1e-12);
    assert_near(Po[0], 100 + 40 + 0.5 * 8 / 3, 1e-9);
    assert_near(Po[5], 200 + 80 + 0.5 * 8 / 3, 1e-9);
    assert_near(Po[2], 21, 1e-12);
    assert_near(Po[8], 21, 1e-12);
    assert_near(Po[10], 11, 1e-12);
    assert_near(Po[15], 21, 1e-12);
    assert_near(Po[1], 0, 1e-12);
}

static void test_ca_predict(void **s)
{
    (void)s;
    trk_fspec f = spec(TRK_FILTER_CA, 2);
    /* 1-D view on x: state (p, v, a) = (1, 2, 3), dt = 2 -> p' = 1 + 4 + 6 = 11, v' = 8.
     * P = I: P' = F F^T + q Q(2): Ppp' = 1 + 4 + 4 + q 32/20 */
    double x[6] = {1, 0, 2, 0, 3, 0}, P[36] = {0}, xo[6], Po[36];
    for (int i = 0; i < 6; i++)
        P[i * 7] = 1;
    trk_model_predict(&f, TRK_MODEL_CA, 2, x, P, xo, Po);
    assert_near(xo[0], 11, 1e-12);
    assert_near(xo[2], 8, 1e-12);
    assert_near(xo[4], 3, 1e-12);
    assert_near(Po[0], 9 + 0.2 * 32.0 / 20, 1e-9);
    assert_near(Po[2 * 6 + 2], 1 + 4 + 0.2 * 8.0 / 3, 1e-9);  /* Pvv = 1 + dt^2 + q dt^3/3 */
    assert_near(Po[0 * 6 + 2], 2 + 4 + 0.2 * 16.0 / 8, 1e-9);  /* Ppv = dt + dt^3/2 + q dt^4/8 */
}

static void test_ct_predict_and_jacobian(void **s)
{
    (void)s;
    trk_fspec f = spec(TRK_FILTER_IMM, 2);
    f.q_ct = 1e-30;
    f.q_omega = 1e-30;
    /* a turn of 0.1 rad/s for 1 s at 100 m/s east: the exact arc */
    double x[5] = {0, 0, 100, 0, 0.1}, Z[25] = {0}, xo[5], Zo[25];
    trk_model_predict(&f, TRK_MODEL_CT, 1, x, Z, xo, Zo);
    assert_near(xo[0], 100 * sin(0.1) / 0.1, 1e-9);
    assert_near(xo[1], 100 * (1 - cos(0.1)) / 0.1, 1e-9);
    assert_near(xo[2], 100 * cos(0.1), 1e-9);
    assert_near(xo[3], 100 * sin(0.1), 1e-9);
    /* the covariance propagation equals F F^T with F from central differences */
    double xs[5] = {100, 200, 150, -80, 0.07}, P[25] = {0}, Po[25], F[25], e = 1e-3;
    for (int i = 0; i < 5; i++)
        P[i * 6] = e * e;
    trk_model_predict(&f, TRK_MODEL_CT, 2, xs, P, xo, Po);
    for (int j = 0; j < 5; j++) {
        double xp[5], xm[5], op[5], om[5], h = j == 4 ? 1e-6 : 1e-3;
        memcpy(xp, xs, sizeof xp);
        memcpy(xm, xs, sizeof xm);
        xp[j] += h;
        xm[j] -= h;
        trk_model_predict(&f, TRK_MODEL_CT, 2, xp, Z, op, Zo);
        trk_model_predict(&f, TRK_MODEL_CT, 2, xm, Z, om, Zo);
        for (int i = 0; i < 5; i++)
            F[i * 5 + j] = (op[i] - om[i]) / (2 * h);
    }
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            double v = 0;
            for (int k = 0; k < 5; k++)
                v += F[i * 5 + k] * F[j * 5 + k];
            assert_near(Po[i * 5 + j] / (e * e), v, 1e-5 * (1 + fabs(v)));
        }
    /* omega -> 0 is the CV limit, without a division by zero */
    double x0[5] = {0, 0, 100, 50, 0};
    trk_model_predict(&f, TRK_MODEL_CT, 3, x0, Z, xo, Zo);
    assert_near(xo[0], 300, 1e-9);
    assert_near(xo[1], 150, 1e-9);
}

static void test_kf_update(void **s)
{
    (void)s;
    /* CV 2-D, P = diag(100, 100, 10, 10), R = 25 I, nu = (5, -5): K_pos = 100/125 = 0.8,
     * x_pos += (4, -4), P_pos' = 100 * 25 / 125 = 20, velocities untouched (no correlation) */
    double x[4] = {0, 0, 1, 1}, P[16] = {100, 0, 0, 0, 0, 100, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10};
    double R[4] = {25, 0, 0, 25}, nu[2] = {5, -5}, H[8] = {1, 0, 0, 0, 0, 1, 0, 0};
    double S[4], L[4], d2, ll, x2[4], P2[16];
    memcpy(x2, x, sizeof x);
    memcpy(P2, P, sizeof P);
    assert_int_equal(trk_kf_innov(4, 2, P, H, R, nu, S, L, &d2, &ll), 0);
    assert_near(S[0], 125, 1e-12);
    assert_near(d2, 50.0 / 125, 1e-12);
    assert_near(ll, -0.5 * (0.4 + log(125.0 * 125) + 2 * log(2 * M_PI)), 1e-12);
    assert_int_equal(trk_kf_update(4, 2, x, P, nu, H, R, L), 0);
    assert_near(x[0], 4, 1e-12);
    assert_near(x[1], -4, 1e-12);
    assert_near(x[2], 1, 1e-12);
    assert_near(P[0], 20, 1e-12);
    assert_near(P[10], 10, 1e-12);
    /* the selection-H kernel gives the same, on a correlated covariance too */
    assert_int_equal(trk_kf_update_sel(4, 2, x2, P2, nu, R, L), 0);
    for (int i = 0; i < 16; i++)
        assert_near(P2[i], P[i], 1e-9);
    double Pc[16] = {100, 10, 30, 2, 10, 90, 1, 25, 30, 1, 12, 1, 2, 25, 1, 11}, Pc2[16];
    double xc[4] = {0}, xc2[4] = {0}, Sc[4], Lc[4];
    memcpy(Pc2, Pc, sizeof Pc);
    assert_int_equal(trk_kf_innov(4, 2, Pc, H, R, nu, Sc, Lc, NULL, NULL), 0);
    assert_int_equal(trk_kf_update(4, 2, xc, Pc, nu, H, R, Lc), 0);
    assert_int_equal(trk_kf_update_sel(4, 2, xc2, Pc2, nu, R, Lc), 0);
    for (int i = 0; i < 16; i++)
        assert_near(Pc2[i], Pc[i], 1e-9);
    for (int i = 0; i < 4; i++)
        assert_near(xc2[i], xc[i], 1e-9);
    /* symmetric and positive definite */
    double Lp[16];
    assert_int_equal(sw_chol(4, Pc, Lp), 0);
    assert_near(Pc[1], Pc[4], 0);
}

static void test_numeric_failure(void **s)
{
    (void)s;
    /* a negative-definite measurement covariance: an error, no NaN, state unchanged */
    trk_fspec f = spec(TRK_FILTER_CV, 2);
    double kin[32] = {0};
    for (int i = 0; i < 4; i++)
        kin[4 + i * 5] = 1;
    trk_meas z;
    memset(&z, 0, sizeof z);
    z.kind = TRK_Z_CART;
    z.m = 2;
    z.R[0] = z.R[3] = -10;
    trk_sensor sens;
    memset(&sens, 0, sizeof sens);
    trk_pred pr;
    trk_innov in;
    trk_filter_predict(&f, kin, 1, &pr);
    assert_int_equal(trk_filter_innov(&f, &pr, &z, &sens, &in), SW_ENUMERIC);
    for (int i = 0; i < 20; i++)
        assert_false(isnan(kin[i]));
}

static void test_polar_planar(void **s)
{
    (void)s;
    trk_sensor sens;
    memset(&sens, 0, sizeof sens);
    sens.known = 1;
    sens.site[0] = 1000;
    sens.site[1] = -2000;
    sens.site[2] = 50;
    trk_meas z;
    memset(&z, 0, sizeof z);
    z.kind = TRK_Z_POLAR;
    /* 3-D: target at site + (3000, 4000, 1250): range 5153.4, azimuth atan2(3000, 4000) */
    z.m = 3;
    double x[6] = {4000, 2000, 1300, 0, 0, 0}, zh[3], H[18];
    trk_meas_h(&z, &sens, 3, 6, x, zh, H);
    assert_near(zh[0], sqrt(3000.0 * 3000 + 4000.0 * 4000 + 1250.0 * 1250), 1e-9);
    assert_near(zh[1], atan2(3000, 4000), 1e-12);
    assert_near(zh[2], atan2(1250, 5000), 1e-12);
    for (int k = 0; k < 3; k++) { /* Jacobian by central differences */
        double xp[6], xm[6], fp[3], fm[3], Hd[18];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        xp[k] += 0.5;
        xm[k] -= 0.5;
        trk_meas_h(&z, &sens, 3, 6, xp, fp, Hd);
        trk_meas_h(&z, &sens, 3, 6, xm, fm, Hd);
        for (int i = 0; i < 3; i++)
            assert_near(H[i * 6 + k], fp[i] - fm[i], 1e-6 * (1 + fabs(H[i * 6 + k])));
    }
    /* 2-D: ground range in the plane, azimuth wraps to (-pi, pi] in the residual */
    z.m = 2;
    double x2[4] = {0, -2000, 0, 0};
    trk_meas_h(&z, &sens, 2, 4, x2, zh, H);
    assert_near(zh[0], 1000, 1e-9);
    assert_near(zh[1], -M_PI / 2, 1e-12);
    z.z[0] = 1000;
    z.z[1] = 3 * M_PI / 2 - 1e-3; /* the same direction, written the other way round */
    double nu[3];
    trk_meas_residual(&z, zh, nu);
    assert_near(nu[1], -1e-3, 1e-9);
}

static void test_polar_radar(void **s)
{
    (void)s;
    /* a radar with a WGS-84 site: h(x) is geo_radar_measure, the Jacobian is right */
    geo_frame o;
    geo_frame_init(&o, 25.3, 51.5, 0);
    trk_sensor sens;
    memset(&sens, 0, sizeof sens);
    sens.known = 1;
    sens.has_radar = 1;
    sens.origin = o;
    geo_radar_init(&sens.radar, &o, 25.5, 51.2, 40);
    trk_meas z;
    memset(&z, 0, sizeof z);
    z.kind = TRK_Z_POLAR;
    z.m = 3;
    double x[6] = {60000, -20000, 9000, 0, 0, 0}, zh[3], H[18], r, az, el;
    trk_meas_h(&z, &sens, 3, 6, x, zh, H);
    geo_radar_measure(&sens.radar, x, &r, &az, &el);
    assert_near(zh[0], r, 1e-6);
    assert_near(zh[1], az, 1e-12);
    assert_near(zh[2], el, 1e-12);
    for (int k = 0; k < 3; k++) {
        double xp[6], xm[6], fp[3], fm[3], Hd[18];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        xp[k] += 10;
        xm[k] -= 10;
        trk_meas_h(&z, &sens, 3, 6, xp, fp, Hd);
        trk_meas_h(&z, &sens, 3, 6, xm, fm, Hd);
        for (int i = 0; i < 3; i++)
            assert_near(H[i * 6 + k], (fp[i] - fm[i]) / 20, 1e-6 * (1e-4 + fabs(H[i * 6 + k])));
    }
    /* a 2-D radar plot with Mode C: the prepared Cartesian estimate lands on the target */
    trk_params p;
    trk_params_default(&p, 2);
    sw_plot pl;
    memset(&pl, 0, sizeof pl);
    pl.kind = SW_MEAS_RA;
    pl.sensor_id = 9;
    pl.flags = SW_HAS_MODEC;
    double tgt[3] = {80000, 30000, 0};
    tgt[2] = geo_enu_up(&o, tgt[0], tgt[1], 10000);
    geo_radar_measure(&sens.radar, tgt, &r, &az, &el);
    pl.z[0] = r;
    pl.z[1] = az;
    pl.alt_baro_m = 10000;
    sens.sd_r = 50;
    sens.sd_az = 0.001;
    trk_meas zm;
    sw_err err;
    assert_int_equal(trk_meas_prepare(&p, &sens, 0, &pl, &zm, &err), 0);
    assert_near(zm.pos[0], tgt[0], 5);
    assert_near(zm.pos[1], tgt[1], 5);
    /* and the EKF's h() of the true position gives the plot back */
    double x2[4] = {tgt[0], tgt[1], 0, 0}, zh2[3], H2[8];
    trk_meas_h(&zm, &sens, 2, 4, x2, zh2, H2);
    assert_near(zh2[0], r, 2);
    assert_near(zh2[1], az, 1e-6);
}

/* Heights of 2-D radar plots in a 3-D filter (meas.c): a plot with Mode C is (range, azimuth,
 * height) and pulls the track's height to it; a plot without one updates the horizontal state
 * but leaves the height, the vertical rate and their variances exactly where they were, however
 * much its range disagrees with the track's height. */
static void test_height_measurement(void **s)
{
    (void)s;
    geo_frame o;
    geo_frame_init(&o, 25.3, 51.5, 0);
    trk_sensor sens;
    memset(&sens, 0, sizeof sens);
    sens.known = 1;
    sens.has_radar = 1;
    sens.geodetic = 1;
    sens.origin = o;
    sens.sd_r = 30;
    sens.sd_az = 0.05 * GEO_DEG;
    geo_radar_init(&sens.radar, &o, 25.3, 51.5, 20);
    trk_params p;
    trk_params_default(&p, 3);
    trk_fspec f;
    trk_fspec_init(&f, &p);
    /* the target 20 km from the radar at 9,000 m: slant range depends strongly on height */
    double tgt[3] = {12000, 16000, 0};
    tgt[2] = geo_enu_up(&o, tgt[0], tgt[1], 9000);
    double r, az, el;
    geo_radar_measure(&sens.radar, tgt, &r, &az, &el);
    sw_plot pl;
    memset(&pl, 0, sizeof pl);
    pl.kind = SW_MEAS_RA;
    pl.sensor_id = 9;
    pl.z[0] = r + 150; /* a range 5 sigma off: through dr/dz it would move the height by km */
    pl.z[1] = az;
    sw_err err;
    for (int modec = 0; modec <= 1; modec++) {
        pl.flags = modec ? SW_HAS_MODEC : 0;
        pl.alt_baro_m = 9000;
        trk_meas z;
        assert_int_equal(trk_meas_prepare(&p, &sens, 0, &pl, &z, &err), 0);
        assert_int_equal(z.kind, modec ? TRK_Z_POLARH : TRK_Z_POLAR);
        assert_int_equal(z.m, modec ? 3 : 2);
        assert_int_equal(z.has_h, modec);
        /* a track 2 km too low, height sd 1.5 km, at the target horizontally */
        double *kin = calloc((size_t)f.stride, sizeof(double));
        double pos[3] = {tgt[0], tgt[1], tgt[2] - 2000}, R[9] = {2500, 0, 0, 0, 2500, 0, 0, 0, 1500.0 * 1500};
        trk_filter_init(&f, &p, 100, pos, R, 0, NULL, NULL, 0, kin);
        trk_pred pr;
        trk_innov in;
        trk_filter_predict(&f, kin, 1.0, &pr);
        double z0 = pr.x[0][2], vz0 = pr.x[0][5], pzz0 = pr.P[0][2 * f.nx[0] + 2];
        double x0 = pr.x[0][0], y0 = pr.x[0][1];
        assert_int_equal(trk_filter_innov(&f, &pr, &z, &sens, &in), 0);
        assert_int_equal(trk_filter_update(&f, &pr, &in, &z, kin), 0);
        for (int j = 0; j < f.nm; j++) {
            const double *x = kin + f.off[j], *P = x + f.nx[j];
            int n = f.nx[j];
            if (modec) {
                /* the height goes to the Mode C (sd 100 m against the prior's 1.5 km) */
                assert_true(fabs(x[2] - tgt[2]) < 60);
                assert_true(P[2 * n + 2] < 110.0 * 110);
            } else {
                assert_near(x[2], z0, 1e-9);
                assert_near(x[5], vz0, 1e-9);
                assert_near(P[2 * n + 2], pzz0, 1e-6 * pzz0);
                /* the horizontal state did take the plot */
                assert_true(fabs(x[0] - x0) + fabs(x[1] - y0) > 1);
            }
        }
        free(kin);
    }
    /* the (range, azimuth, height) model: h() of the target gives the plot back, and the
     * Jacobian matches central differences */
    pl.flags = SW_HAS_MODEC;
    pl.z[0] = r;
    trk_meas z;
    assert_int_equal(trk_meas_prepare(&p, &sens, 0, &pl, &z, &err), 0);
    double x6[6] = {tgt[0], tgt[1], tgt[2], 0, 0, 0}, zh[3], H[18];
    trk_meas_h(&z, &sens, 3, 6, x6, zh, H);
    assert_near(zh[0], r, 1e-3);
    assert_near(zh[2], 9000, 5); /* the radar's sphere against the origin's: metres */
    assert_near(z.pos[2], tgt[2], 5);
    for (int k = 0; k < 3; k++) {
        double xp[6], xm[6], fp[3], fm[3], Hd[18];
        memcpy(xp, x6, sizeof x6);
        memcpy(xm, x6, sizeof x6);
        xp[k] += 10;
        xm[k] -= 10;
        trk_meas_h(&z, &sens, 3, 6, xp, fp, Hd);
        trk_meas_h(&z, &sens, 3, 6, xm, fm, Hd);
        assert_near(H[2 * 6 + k], (fp[2] - fm[2]) / 20, 1e-5);
    }
    assert_near(H[2 * 6 + 2], 1, 0.01);
    /* a Mode C outside what a transponder can report is no height at all */
    pl.alt_baro_m = 2e6;
    assert_int_equal(trk_meas_prepare(&p, &sens, 0, &pl, &z, &err), 0);
    assert_int_equal(z.kind, TRK_Z_POLAR);
    assert_int_equal(z.has_h, 0);
    /* a 2-D ADS-B report with a geometric height becomes an (x, y, z) plot at that height */
    sw_plot a;
    memset(&a, 0, sizeof a);
    a.kind = SW_MEAS_XY;
    a.sensor_id = 9;
    a.z[0] = 300000;
    a.z[1] = -200000;
    a.R[0] = a.R[4] = 900;
    a.flags = SW_HAS_GEO_ALT;
    a.alt_geo_m = 11000;
    assert_int_equal(trk_meas_prepare(&p, &sens, 0, &a, &z, &err), 0);
    assert_int_equal(z.m, 3);
    assert_near(z.R[8], p.geo_alt_sd_m * p.geo_alt_sd_m, 1e-9);
    double q[3] = {z.z[0], z.z[1], z.z[2]}, lat, lon, h;
    geo_enu_to_lla(&o, q, &lat, &lon, &h);
    assert_near(h, 11000, 0.01); /* exact, 360 km from the origin */
}

static void test_chi2(void **s)
{
    (void)s;
    assert_near(trk_chi2_quantile(1, 0.95), 3.841459, 1e-5);
    assert_near(trk_chi2_quantile(2, 0.99), 9.210340, 1e-5);
    assert_near(trk_chi2_quantile(3, 0.99), 11.344867, 1e-5);
    assert_near(trk_chi2_quantile(4, 0.95), 9.487729, 1e-5);
}

static void test_imm_identity(void **s)
{
    (void)s;
    /* predicting by 0 s changes nothing: mixing with the identity transition matrix */
    trk_params p;
    trk_params_default(&p, 2);
    p.imm_ca = 1;
    trk_fspec f;
    trk_fspec_init(&f, &p);
    assert_int_equal(f.nm, 3);
    double *kin = calloc((size_t)f.stride, sizeof(double));
    double pos[3] = {100, 200, 0}, R[9] = {2500, 0, 0, 0, 2500, 0, 0, 0, 1};
    double pos2[3] = {900, -200, 0};
    trk_filter_init(&f, &p, 100, pos, R, 0, pos2, R, 4, kin);
    assert_near(kin[f.off[0] + 2], 200, 1e-12); /* (900 - 100) / 4 */
    assert_near(kin[f.off[0] + 3], -100, 1e-12);
    assert_near(kin[f.off[0] + 4 + 2 * 4 + 2], 5000.0 / 16, 1e-9); /* (R1 + R2) / dt^2 */
    assert_near(kin[f.off[0] + 4 + 0 * 4 + 2], 2500.0 / 4, 1e-9);   /* R2 / dt */
    trk_pred pr;
    trk_filter_predict(&f, kin, 0, &pr);
    for (int j = 0; j < 3; j++) {
        assert_near(pr.c[j], f.init_mu[j], 1e-12);
        for (int a = 0; a < f.nx[j]; a++)
            assert_near(pr.x[j][a], kin[f.off[j] + a], 1e-9);
    }
    double x6[6], P36[36];
    int model;
    trk_filter_output(&f, &pr, x6, P36, &model);
    assert_int_equal(model, TRK_MODEL_CV);
    assert_near(x6[0], 900, 1e-9);
    assert_near(x6[3], 200, 1e-9);
    /* one-point start: no velocity, the prior sd */
    trk_filter_init(&f, &p, 100, pos, R, 0, NULL, NULL, 0, kin);
    assert_near(kin[f.off[0] + 2], 0, 0);
    assert_near(kin[f.off[0] + 4 + 2 * 4 + 2], 100.0 * 100, 1e-9);
    free(kin);
}

static void test_jpda(void **s)
{
    (void)s;
    /* two tracks, two plots, all gated: w = [[a, b], [c, d]].  Events: {} 1, {1a} a, {1b} b,
     * {2a} c, {2b} d, {1a,2b} a d, {1b,2a} b c.  beta_1a = (a + a d) / Z. */
    double w[4] = {3, 1, 0.5, 2}, beta[6], work[256];
    double a = 3, b = 1, c = 0.5, d = 2, Z = 1 + a + b + c + d + a * d + b * c;
    assert_int_equal(trk_jpda_marginals(2, 2, w, beta, 1000, work), 1);
    assert_near(beta[0], (a + a * d) / Z, 1e-12);
    assert_near(beta[1], (b + b * c) / Z, 1e-12);
    assert_near(beta[2], (1 + c + d) / Z, 1e-12); /* track 1 took no plot */
    assert_near(beta[3], (c + b * c) / Z, 1e-12);
    assert_near(beta[4], (d + a * d) / Z, 1e-12);
    /* loopy BP (forced by a bound of 1) agrees closely on a random cluster */
    sw_rng r;
    sw_rng_seed(&r, 5);
    enum { NT = 5, NP = 6 };
    double W[NT * NP], be[NT * (NP + 1)], bl[NT * (NP + 1)];
    double *wk = malloc(trk_jpda_workspace(NT, NP));
    for (int i = 0; i < NT * NP; i++)
        W[i] = sw_rng_uniform(&r) < 0.6 ? 10 * sw_rng_exp(&r) : 0;
    assert_int_equal(trk_jpda_marginals(NT, NP, W, be, 1e9, wk), 1);
    assert_int_equal(trk_jpda_marginals(NT, NP, W, bl, 1, wk), 0);
    for (int i = 0; i < NT; i++) {
        double sum = 0;
        for (int j = 0; j <= NP; j++) {
            sum += be[i * (NP + 1) + j];
            assert_near(bl[i * (NP + 1) + j], be[i * (NP + 1) + j], 0.06);
        }
        assert_near(sum, 1, 1e-12);
    }
    for (int j = 0; j < NP; j++) { /* a plot goes to at most one track */
        double sum = 0;
        for (int i = 0; i < NT; i++)
            sum += be[i * (NP + 1) + j];
        assert_true(sum <= 1 + 1e-12);
    }
    free(wk);
}

typedef struct {
    int hit[64];
} grid_hits;

static void grid_cb(void *ctx, int32_t t)
{
    ((grid_hits *)ctx)->hit[t]++;
}

static void test_grid(void **s)
{
    (void)s;
    /* random boxes of all sizes (fine, coarse, wide); every query returns exactly the tracks
     * whose box holds the point (plus wide ones), before and after removals */
    trk_grid g;
    assert_int_equal(trk_grid_init(&g, 1000, 16), 0);
    assert_int_equal(trk_grid_reserve(&g, 4096, 64), 0);
    sw_rng r;
    sw_rng_seed(&r, 11);
    double box[64][4];
    int32_t gc[64][4], wide[64], lv[64];
    for (int t = 0; t < 64; t++) {
        double cx = 20000 * sw_rng_uniform(&r) - 10000, cy = 20000 * sw_rng_uniform(&r) - 10000;
        double h = t % 8 == 0 ? 60000 : t % 3 == 0 ? 6000 : 1500 * sw_rng_uniform(&r);
        box[t][0] = cx - h;
        box[t][1] = cx + h;
        box[t][2] = cy - h;
        box[t][3] = cy + h;
        lv[t] = trk_grid_insert(&g, t, box[t], gc[t], &wide[t]);
    }
    int seen_lv[3] = {0};
    for (int t = 0; t < 64; t++)
        seen_lv[lv[t]]++;
    assert_true(seen_lv[0] > 0 && seen_lv[1] > 0 && seen_lv[2] > 0);
    for (int round = 0; round < 2; round++) {
        for (int q = 0; q < 500; q++) {
            double x = 30000 * sw_rng_uniform(&r) - 15000, y = 30000 * sw_rng_uniform(&r) - 15000;
            grid_hits h;
            memset(&h, 0, sizeof h);
            trk_grid_query(&g, x, y, grid_cb, &h);
            for (int t = 0; t < 64; t++) {
                if (lv[t] < 0) {
                    assert_int_equal(h.hit[t], 0);
                    continue;
                }
                int in = x >= box[t][0] && x <= box[t][1] && y >= box[t][2] && y <= box[t][3];
                if (in)
                    assert_int_equal(h.hit[t], 1); /* found, once */
                else if (lv[t] < 2)
                    assert_true(h.hit[t] <= 1);    /* a neighbour cell at most */
            }
        }
        for (int t = 0; t < 64; t += 2) { /* remove half */
            int32_t w = wide[t], moved = trk_grid_remove(&g, t, lv[t], gc[t], &wide[t]);
            if (moved >= 0)
                wide[moved] = w;
            lv[t] = -1;
        }
    }
    trk_grid_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cv_predict),      cmocka_unit_test(test_ca_predict),
        cmocka_unit_test(test_ct_predict_and_jacobian), cmocka_unit_test(test_kf_update),
        cmocka_unit_test(test_numeric_failure), cmocka_unit_test(test_polar_planar),
        cmocka_unit_test(test_polar_radar), cmocka_unit_test(test_height_measurement),     cmocka_unit_test(test_chi2),
        cmocka_unit_test(test_imm_identity),    cmocka_unit_test(test_jpda),
        cmocka_unit_test(test_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
