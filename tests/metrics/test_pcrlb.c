/* tests/metrics/test_pcrlb.c - the posterior Cramér-Rao bound against an independent Kalman
 * Riccati recursion, a closed-form least-squares case, polar geometry, and its monotonicity in
 * the number of sensors and in Pd. */
#include "../core/sw_test.h"
#include "metrics/metrics.h"
#include "core/types.h"

#include <string.h>

/* An independent covariance-form Kalman filter (P = FPFᵀ+Q; K = PHᵀ(HPHᵀ+R)⁻¹; P = (I−KH)P),
 * with its own small Gauss-Jordan inverse, written out in plain loops. */
static void inv_gj(int n, double *A)
{
    double M[6][12];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 2 * n; j++)
            M[i][j] = j < n ? A[i * n + j] : (j - n == i);
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(M[r][c]) > fabs(M[p][c]))
                p = r;
        for (int j = 0; j < 2 * n; j++) {
            double t = M[c][j];
            M[c][j] = M[p][j];
            M[p][j] = t;
        }
        double d = M[c][c];
        for (int j = 0; j < 2 * n; j++)
            M[c][j] /= d;
        for (int r = 0; r < n; r++)
            if (r != c) {
                double f = M[r][c];
                for (int j = 0; j < 2 * n; j++)
                    M[r][j] -= f * M[c][j];
            }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            A[i * n + j] = M[i][j + n];
}

static void kf_predict(int dim, double q, double dt, double *P)
{
    int n = 2 * dim;
    double F[36] = {0}, Q[36] = {0}, T[36], P2[36];
    for (int i = 0; i < n; i++)
        F[i * n + i] = 1;
    for (int i = 0; i < dim; i++) {
        int v = dim + i;
        F[i * n + v] = dt;
        Q[i * n + i] = q * dt * dt * dt / 3;
        Q[i * n + v] = Q[v * n + i] = q * dt * dt / 2;
        Q[v * n + v] = q * dt;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += F[i * n + k] * P[k * n + j];
            T[i * n + j] = s;
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++)
                s += T[i * n + k] * F[j * n + k];
            P2[i * n + j] = s + Q[i * n + j];
        }
    memcpy(P, P2, sizeof(double) * (size_t)(n * n));
}

/* Cartesian update of the first d position states with covariance R (d x d). */
static void kf_update(int dim, int d, const double *R, double *P)
{
    int n = 2 * dim;
    double S[9], K[18], P2[36];
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++)
            S[i * d + j] = P[i * n + j] + R[i * d + j];
    inv_gj(d, S);
    for (int i = 0; i < n; i++) /* K = P Hᵀ S⁻¹, P Hᵀ = first d columns of P */
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int k = 0; k < d; k++)
                s += P[i * n + k] * S[k * d + j];
            K[i * d + j] = s;
        }
    for (int i = 0; i < n; i++) /* P - K H P, H P = first d rows of P */
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < d; k++)
                s += K[i * d + k] * P[k * n + j];
            P2[i * n + j] = P[i * n + j] - s;
        }
    memcpy(P, P2, sizeof(double) * (size_t)(n * n));
}

static void kf_rmse(int dim, const double *P, double *pos, double *vel)
{
    int n = 2 * dim;
    double sp = 0, sv = 0;
    for (int i = 0; i < dim; i++) {
        sp += P[i * n + i];
        sv += P[(dim + i) * n + dim + i];
    }
    *pos = sqrt(sp);
    *vel = sqrt(sv);
}

static met_pcrlb_sensor cart(int dim, double sx, double sy, double sz, double rho, double pd)
{
    met_pcrlb_sensor s;
    memset(&s, 0, sizeof s);
    s.kind = dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
    int d = dim;
    s.R[0] = sx * sx;
    s.R[1 * d + 1] = sy * sy;
    s.R[1] = s.R[d] = rho * sx * sy;
    if (dim == 3)
        s.R[8] = sz * sz;
    s.pd = pd;
    return s;
}

/* Pd = 1, linear-Gaussian: the bound IS the Kalman filter's covariance, step by step, with two
 * sensors (one with correlated errors) and irregular time steps, in 2-D and 3-D. */
static void test_equals_kalman_riccati(void **state)
{
    (void)state;
    for (int dim = 2; dim <= 3; dim++) {
        int n = 2 * dim;
        double q = 4.0, P[36] = {0};
        for (int i = 0; i < n; i++)
            P[i * n + i] = i < dim ? 1e4 : 400;
        met_pcrlb b;
        assert_int_equal(met_pcrlb_init(&b, dim, q, 0, P, NULL), SW_OK);
        met_pcrlb_sensor s1 = cart(dim, 50, 80, 120, 0.3, 1), s2 = cart(dim, 150, 40, 60, -0.5, 1);
        double x[6] = {1e4, 2e4, 5e3, 100, -50, 0}, t = 0;
        for (int k = 1; k <= 60; k++) {
            double dt = 1.0 + 0.5 * (k % 4); /* irregular revisits */
            t += dt;
            kf_predict(dim, q, dt, P);
            assert_int_equal(met_pcrlb_predict(&b, t, NULL), SW_OK);
            kf_update(dim, dim, s1.R, P);
            assert_int_equal(met_pcrlb_update(&b, &s1, x, NULL), SW_OK);
            if (k % 3 == 0) {
                kf_update(dim, dim, s2.R, P);
                assert_int_equal(met_pcrlb_update(&b, &s2, x, NULL), SW_OK);
            }
            double bp, bv, kp, kv, C[36];
            assert_int_equal(met_pcrlb_rmse(&b, &bp, &bv), SW_OK);
            kf_rmse(dim, P, &kp, &kv);
            assert_near(bp, kp, 1e-9 * kp);
            assert_near(bv, kv, 1e-9 * kv);
            assert_int_equal(met_pcrlb_cov(&b, C), SW_OK);
            for (int i = 0; i < n * n; i++)
                assert_near(C[i], P[i], 1e-8 * sqrt(P[(i / n) * n + i / n] * P[(i % n) * n + i % n]));
        }
    }
}

/* q = 0 and no prior: the bound is the least-squares fit of a straight line to N equally spaced
 * plots, whose end-point variance is σ²·2(2N−1)/(N(N+1)) and slope variance
 * 12σ²/(dt²·N(N²−1)) per axis (ordinary regression formulas). */
static void test_straight_line_closed_form(void **state)
{
    (void)state;
    double sigma = 30, dt = 4;
    met_pcrlb b;
    assert_int_equal(met_pcrlb_init(&b, 2, 0.0, 0, NULL, NULL), SW_OK);
    met_pcrlb_sensor s = cart(2, sigma, sigma, 0, 0, 1);
    double x[6] = {0}, p, v;
    assert_int_equal(met_pcrlb_rmse(&b, &p, &v), SW_ENUMERIC); /* nothing known yet */
    assert_true(isinf(p) && isinf(v));
    assert_int_equal(met_pcrlb_update(&b, &s, x, NULL), SW_OK);
    assert_int_equal(met_pcrlb_rmse(&b, &p, &v), SW_ENUMERIC); /* velocity still unknown */
    for (int N = 2; N <= 30; N++) {
        assert_int_equal(met_pcrlb_predict(&b, (N - 1) * dt, NULL), SW_OK);
        assert_int_equal(met_pcrlb_update(&b, &s, x, NULL), SW_OK);
        assert_int_equal(met_pcrlb_rmse(&b, &p, &v), SW_OK);
        double vp = sigma * sigma * 2.0 * (2 * N - 1) / (N * (N + 1.0));
        double vv = 12.0 * sigma * sigma / (dt * dt * N * (N * (double)N - 1));
        assert_near(p, sqrt(2 * vp), 1e-7 * sqrt(2 * vp));
        assert_near(v, sqrt(2 * vv), 1e-7 * sqrt(2 * vv));
    }
}

/* No prior with q > 0 (information-form start) converges onto a Kalman filter started from a
 * very wide prior. */
static void test_no_prior_matches_wide_prior(void **state)
{
    (void)state;
    met_pcrlb b;
    double q = 1.0, P[16] = {0};
    for (int i = 0; i < 4; i++)
        P[i * 4 + i] = 1e12;
    assert_int_equal(met_pcrlb_init(&b, 2, q, 0, NULL, NULL), SW_OK);
    met_pcrlb_sensor s = cart(2, 100, 100, 0, 0, 1);
    double x[6] = {0};
    for (int k = 0; k < 20; k++) {
        if (k) {
            kf_predict(2, q, 2.0, P);
            assert_int_equal(met_pcrlb_predict(&b, 2.0 * k, NULL), SW_OK);
        }
        kf_update(2, 2, s.R, P);
        assert_int_equal(met_pcrlb_update(&b, &s, x, NULL), SW_OK);
        double bp, bv, kp, kv;
        if (k >= 1) {
            assert_int_equal(met_pcrlb_rmse(&b, &bp, &bv), SW_OK);
            kf_rmse(2, P, &kp, &kv);
            assert_near(bp, kp, 1e-5 * kp);
            assert_near(bv, kv, 1e-5 * kv);
        }
    }
}

/* A polar sensor seeing a target due north at range r carries the information of a Cartesian
 * one with σx = r·σaz (cross-range), σy = σr (and σz = r·σel at zero elevation in 3-D). */
static void test_polar_geometry(void **state)
{
    (void)state;
    double r = 80e3, sr = 60, sa = 0.1 * M_PI / 180, se = 0.2 * M_PI / 180;
    met_pcrlb_sensor pol = {.kind = SW_MEAS_RA, .site = {1000, -2000, 0}, .pd = 0.9};
    pol.R[0] = sr * sr;
    pol.R[3] = sa * sa;
    met_pcrlb_sensor c = cart(2, r * sa, sr, 0, 0, 0.9);
    double x[6] = {1000, -2000 + r, 0, 0, 0, 0}, pp, pv, cp, cv;
    assert_int_equal(met_pcrlb_steady(2, 0.5, 5, &pol, 1, x, &pp, &pv, NULL), SW_OK);
    assert_int_equal(met_pcrlb_steady(2, 0.5, 5, &c, 1, x, &cp, &cv, NULL), SW_OK);
    assert_near(pp, cp, 1e-6 * cp);
    assert_near(pv, cv, 1e-6 * cv);

    met_pcrlb_sensor p3 = {.kind = SW_MEAS_RAE, .site = {0, 0, 0}, .pd = 1};
    p3.R[0] = sr * sr;
    p3.R[4] = sa * sa;
    p3.R[8] = se * se;
    met_pcrlb_sensor c3 = cart(3, r * sa, sr, r * se, 0, 1);
    double x3[6] = {0, r, 0, 0, 0, 0};
    assert_int_equal(met_pcrlb_steady(3, 0.5, 5, &p3, 1, x3, &pp, &pv, NULL), SW_OK);
    assert_int_equal(met_pcrlb_steady(3, 0.5, 5, &c3, 1, x3, &cp, &cv, NULL), SW_OK);
    assert_near(pp, cp, 1e-6 * cp);
    assert_near(pv, cv, 1e-6 * cv);

    /* the same radar seeing the target due east: the roles of x and y swap, the norm does not */
    double xe[6] = {r, 0, 0, 0, 0, 0}, ep, ev;
    assert_int_equal(met_pcrlb_steady(3, 0.5, 5, &p3, 1, xe, &ep, &ev, NULL), SW_OK);
    assert_near(ep, pp, 1e-6 * pp);
    /* farther away: the cross-range error grows, so does the bound */
    double xf[6] = {0, 2 * r, 0, 0, 0, 0}, fp, fv;
    assert_int_equal(met_pcrlb_steady(3, 0.5, 5, &p3, 1, xf, &fp, &fv, NULL), SW_OK);
    assert_true(fp > 1.5 * pp);
}

/* More sensors: a lower floor; lower Pd: a higher floor (strictly). */
static void test_monotone_in_sensors_and_pd(void **state)
{
    (void)state;
    met_pcrlb_sensor s[4];
    s[0] = cart(2, 100, 100, 0, 0, 1);
    s[1] = cart(2, 150, 60, 0, 0.2, 1);
    s[2] = (met_pcrlb_sensor){.kind = SW_MEAS_RA, .site = {-50e3, 0, 0}, .pd = 1};
    s[2].R[0] = 70 * 70;
    s[2].R[3] = pow(0.15 * M_PI / 180, 2);
    s[3] = cart(2, 300, 300, 0, 0, 1);
    double x[6] = {10e3, 20e3, 0, 200, 0, 0}, prev = INFINITY, prevv = INFINITY, p, v;
    for (int ns = 1; ns <= 4; ns++) {
        assert_int_equal(met_pcrlb_steady(2, 1.0, 4, s, ns, x, &p, &v, NULL), SW_OK);
        assert_true(p < prev);
        assert_true(v < prevv);
        prev = p;
        prevv = v;
    }
    prev = 0;
    prevv = 0;
    for (double pd = 1.0; pd > 0.25; pd -= 0.1) {
        met_pcrlb_sensor one = cart(2, 100, 100, 0, 0, pd);
        assert_int_equal(met_pcrlb_steady(2, 1.0, 4, &one, 1, x, &p, &v, NULL), SW_OK);
        assert_true(p > prev);
        assert_true(v > prevv);
        prev = p;
        prevv = v;
    }
    /* Pd scales the information exactly: Pd = 0.5 equals σ·√2 at Pd = 1 */
    met_pcrlb_sensor half = cart(2, 100, 100, 0, 0, 0.5), wide = cart(2, 100 * M_SQRT2, 100 * M_SQRT2, 0, 0, 1);
    double hp, hv, wp, wv;
    assert_int_equal(met_pcrlb_steady(2, 1.0, 4, &half, 1, x, &hp, &hv, NULL), SW_OK);
    assert_int_equal(met_pcrlb_steady(2, 1.0, 4, &wide, 1, x, &wp, &wv, NULL), SW_OK);
    assert_near(hp, wp, 1e-9 * wp);
}

/* Steady state equals the limit of the Kalman Riccati recursion. */
static void test_steady_state_is_riccati_limit(void **state)
{
    (void)state;
    met_pcrlb_sensor s = cart(3, 50, 50, 200, 0, 1);
    double P[36] = {0}, x[6] = {0}, bp, bv, kp, kv;
    for (int i = 0; i < 6; i++)
        P[i * 6 + i] = 1e8;
    for (int k = 0; k < 2000; k++) {
        kf_predict(3, 9.0, 2.5, P);
        kf_update(3, 3, s.R, P);
    }
    kf_rmse(3, P, &kp, &kv);
    assert_int_equal(met_pcrlb_steady(3, 9.0, 2.5, &s, 1, x, &bp, &bv, NULL), SW_OK);
    assert_near(bp, kp, 1e-8 * kp);
    assert_near(bv, kv, 1e-8 * kv);
    /* with q = 0 there is no steady state: the bound keeps falling */
    sw_err e;
    assert_int_equal(met_pcrlb_steady(3, 0.0, 2.5, &s, 1, x, &bp, &bv, &e), SW_ENUMERIC);
}

/* The trajectory helper equals the step-by-step API, and a masked-out sensor raises the bound. */
static void test_trajectory_and_mask(void **state)
{
    (void)state;
    enum { N = 40 };
    double t[N], x[6 * N], p[N], v[N], pm[N], vm[N];
    uint32_t mask[N];
    for (int k = 0; k < N; k++) {
        t[k] = 4.0 * k;
        x[6 * k + 0] = 20e3 + 250 * t[k];
        x[6 * k + 1] = 30e3;
        x[6 * k + 2] = 0;
        x[6 * k + 3] = 250;
        x[6 * k + 4] = x[6 * k + 5] = 0;
        mask[k] = k >= 20 && k < 30 ? 1u : 3u; /* sensor 2 silent for 10 scans */
    }
    met_pcrlb_sensor s[2];
    s[0] = (met_pcrlb_sensor){.kind = SW_MEAS_RA, .site = {0, 0, 0}, .pd = 0.9};
    s[0].R[0] = 50 * 50;
    s[0].R[3] = pow(0.1 * M_PI / 180, 2);
    s[1] = cart(2, 80, 80, 0, 0, 0.95);
    assert_int_equal(met_pcrlb_trajectory(2, 2.0, NULL, s, 2, N, t, x, NULL, p, v, NULL), SW_OK);
    assert_int_equal(met_pcrlb_trajectory(2, 2.0, NULL, s, 2, N, t, x, mask, pm, vm, NULL), SW_OK);
    assert_true(isinf(p[0]));
    met_pcrlb b;
    met_pcrlb_init(&b, 2, 2.0, 0, NULL, NULL);
    for (int k = 0; k < N; k++) {
        met_pcrlb_predict(&b, t[k], NULL);
        met_pcrlb_update(&b, &s[0], x + 6 * k, NULL);
        met_pcrlb_update(&b, &s[1], x + 6 * k, NULL);
        double bp, bv;
        if (met_pcrlb_rmse(&b, &bp, &bv) == SW_OK) {
            assert_near(p[k], bp, 1e-12 * bp);
            assert_near(v[k], bv, 1e-12 * bv);
        }
        if (k < 20 && isinf(p[k]))
            assert_true(isinf(pm[k]));
        else if (k < 20)
            assert_near(pm[k], p[k], 1e-12 * p[k]);
        else if (k < 30)
            assert_true(pm[k] > p[k]);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    met_pcrlb b;
    sw_err e;
    assert_int_equal(met_pcrlb_init(&b, 4, 1, 0, NULL, &e), SW_EINVAL);
    assert_int_equal(met_pcrlb_init(&b, 2, -1, 0, NULL, &e), SW_EINVAL);
    assert_int_equal(met_pcrlb_init(&b, 2, NAN, 0, NULL, &e), SW_EINVAL);
    double P0[16] = {0};
    assert_int_equal(met_pcrlb_init(&b, 2, 1, 0, P0, &e), SW_ENUMERIC);
    assert_int_equal(met_pcrlb_init(&b, 2, 1, 10, NULL, &e), SW_OK);
    assert_int_equal(met_pcrlb_predict(&b, 9, &e), SW_EORDER);
    assert_non_null(strstr(e.msg, "time goes back"));
    met_pcrlb_sensor s = cart(2, 10, 10, 0, 0, 0);
    double x[6] = {0};
    assert_int_equal(met_pcrlb_update(&b, &s, x, &e), SW_EINVAL);
    s.pd = 1;
    s.R[0] = -1;
    assert_int_equal(met_pcrlb_update(&b, &s, x, &e), SW_ENUMERIC);
    met_pcrlb_sensor over = {.kind = SW_MEAS_RA, .pd = 1, .R = {1, 0, 0, 1}};
    assert_int_equal(met_pcrlb_update(&b, &over, x, &e), SW_EINVAL); /* over the site */
    met_pcrlb_sensor rae = {.kind = SW_MEAS_RAE, .pd = 1, .R = {1, 0, 0, 0, 1, 0, 0, 0, 1}};
    double far[6] = {1000, 0, 0, 0, 0, 0};
    assert_int_equal(met_pcrlb_update(&b, &rae, far, &e), SW_EINVAL); /* RAE on a 2-D state */
    double pr, vr;
    assert_int_equal(met_pcrlb_steady(2, 1, 0, &s, 1, x, &pr, &vr, &e), SW_EINVAL);
    assert_int_equal(met_pcrlb_steady(2, 1, 1, &s, 0, x, &pr, &vr, &e), SW_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals_kalman_riccati),
        cmocka_unit_test(test_straight_line_closed_form),
        cmocka_unit_test(test_no_prior_matches_wide_prior),
        cmocka_unit_test(test_polar_geometry),
        cmocka_unit_test(test_monotone_in_sensors_and_pd),
        cmocka_unit_test(test_steady_state_is_riccati_limit),
        cmocka_unit_test(test_trajectory_and_mask),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
