/* Monte-Carlo consistency of the filters: the normalised estimation error squared (NEES,
 * Bar-Shalom, Li & Kirubarajan 2001, §5.4.2) of each filter, on truth drawn from the filter's own
 * model, must lie in its chi-square band.  N runs of K steps: the run-averaged NEES at each step
 * times N is chi-square with N*n degrees of freedom.  We require 80% of the steps inside that 95%
 * band (95% expected; consecutive steps are correlated) and the time average inside it too (the
 * band of chi-square(N*K*n) would assume independent steps, which they are not).  The IMM must be
 * consistent on truth that stays in either of its modes (straight, or turning with a slowly
 * varying rate); at a manoeuvre onset no IMM is, by design.  Seeds are fixed: the test
 * is deterministic, and it fails when a gain, a Jacobian, a process-noise matrix or a covariance
 * update is wrong (a process noise off by a factor of two takes the average out of the band). */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "track/trk_internal.h"

/* chi-square quantile for large dof (Wilson & Hilferty 1931) */
static double chi2_wh(double k, double p)
{
    /* normal quantile by bisection on erfc */
    double lo = -10, hi = 10;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(-mid / sqrt(2)) < p)
            lo = mid;
        else
            hi = mid;
    }
    double z = 0.5 * (lo + hi), a = 2 / (9 * k);
    return k * pow(1 - a + z * sqrt(a), 3);
}

enum { TRUTH_CV, TRUTH_CA, TRUTH_CT, TRUTH_SWITCH };

typedef struct nees_case {
    const char *name;
    int filter, dim, truth, polar;
    double dt, sigma;
    int conservative_ok; /* only over-confidence fails (the IMM on straight flight, see below) */
} nees_case;

/* truth step with the model's own discretised noise */
static void truth_step(const trk_fspec *f, int model, double dt, double *x, sw_rng *r)
{
    double Q[TRK_NX * TRK_NX] = {0}, zero[TRK_NX * TRK_NX] = {0}, xo[TRK_NX], L[TRK_NX * TRK_NX];
    int n = trk_model_nx(model, f->dim);
    /* Q = predict(P = 0) */
    trk_model_predict(f, model, dt, x, zero, xo, Q);
    for (int i = 0; i < n; i++)
        Q[i * n + i] += 1e-12;
    assert_int_equal(sw_chol(n, Q, L), 0);
    double w[TRK_NX];
    for (int i = 0; i < n; i++)
        w[i] = sw_rng_normal(r);
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k <= i; k++)
            s += L[i * n + k] * w[k];
        x[i] = xo[i] + s;
    }
}

static void run_case(const nees_case *c)
{
    trk_params p;
    trk_params_default(&p, c->dim);
    p.filter = c->filter;
    p.q_cv = 1.0;
    p.q_imm_cv = 1.0;
    p.q_ct = 1.0;
    p.q_omega = 1e-5; /* turn rate within about +-0.1 rad/s over a run, as aircraft do */
    p.imm_sojourn_s = 30; /* the test's own IMM, independent of the library's defaults */
    p.q_ca = 0.05;
    trk_fspec f;
    trk_fspec_init(&f, &p);
    if (c->filter < 0) { /* a single coordinated-turn EKF (the IMM's CT model on its own) */
        f.model[0] = TRK_MODEL_CT;
        f.nx[0] = trk_model_nx(TRK_MODEL_CT, c->dim);
        f.off_mu = f.nx[0] + f.nx[0] * f.nx[0];
        f.stride = f.off_mu + 1;
    }
    int truth_model = c->truth == TRUTH_CA ? TRK_MODEL_CA
                      : c->truth == TRUTH_CT || c->truth == TRUTH_SWITCH ? TRK_MODEL_CT
                                                                          : TRK_MODEL_CV;
    trk_sensor sens;
    memset(&sens, 0, sizeof sens);
    sens.known = 1;
    sens.site[0] = -20000;
    sens.site[1] = -30000;
    const int N = 60, K = 80;
    int nx = 2 * c->dim; /* NEES on position and velocity */
    double *eps = calloc((size_t)K, sizeof(double));
    sw_rng r;
    sw_rng_seed(&r, 1234);
    for (int run = 0; run < N; run++) {
        double xt[TRK_NX] = {0};
        for (int a = 0; a < c->dim; a++) {
            xt[a] = 1000 * sw_rng_normal(&r);
            xt[c->dim + a] = 150 * sw_rng_normal(&r);
        }
        if (truth_model == TRK_MODEL_CT)
            xt[2 * c->dim] = 0.05 * sw_rng_normal(&r);
        /* initial estimate: truth + N(0, P0) in every model's space */
        double *kin = calloc((size_t)f.stride, sizeof(double));
        double P0d[TRK_NX] = {0};
        for (int a = 0; a < c->dim; a++) {
            P0d[a] = 100 * 100;
            P0d[c->dim + a] = 30 * 30;
        }
        double x0[TRK_NX], e0[TRK_NX];
        for (int a = 0; a < 2 * c->dim; a++)
            e0[a] = sqrt(P0d[a]) * sw_rng_normal(&r);
        for (int j = 0; j < f.nm; j++) {
            int n = f.nx[j];
            double *x = kin + f.off[j], *P = x + n;
            for (int a = 0; a < n; a++) {
                double v = a < 2 * c->dim ? P0d[a] : (f.model[j] == TRK_MODEL_CA ? 4.0 : 0.0025);
                double e = a < 2 * c->dim ? e0[a] : sqrt(v) * sw_rng_normal(&r);
                x0[a] = (a < trk_model_nx(truth_model, c->dim) && (a < 2 * c->dim ||
                                                                  f.model[j] == truth_model)
                             ? xt[a]
                             : 0) + e;
                x[a] = x0[a];
                P[a * n + a] = v;
            }
            if (f.nm > 1)
                kin[f.off_mu + j] = f.init_mu[j];
        }
        int mode = 0; /* switching truth: 0 = CV (turn rate kept, unused), 1 = CT */
        for (int k = 0; k < K; k++) {
            if (c->truth == TRUTH_SWITCH) {
                double e = exp(-c->dt / f.tau);
                if (sw_rng_uniform(&r) > e + (1 - e) / 2)
                    mode = !mode;
                if (mode) {
                    truth_step(&f, TRK_MODEL_CT, c->dt, xt, &r);
                } else {
                    double w = xt[2 * c->dim];
                    xt[2 * c->dim] = 0;
                    truth_step(&f, TRK_MODEL_CT, c->dt, xt, &r);
                    xt[2 * c->dim] = w + sqrt(f.q_omega * c->dt) * sw_rng_normal(&r);
                }
            } else {
                truth_step(&f, truth_model, c->dt, xt, &r);
            }
            trk_meas z;
            memset(&z, 0, sizeof z);
            z.t = (k + 1) * c->dt;
            z.m = (uint8_t)c->dim;
            if (c->polar) {
                double dx = xt[0] - sens.site[0], dy = xt[1] - sens.site[1];
                double dz = c->dim == 3 ? xt[2] - sens.site[2] : 0, rho = sqrt(dx * dx + dy * dy);
                double sr = c->sigma, sa = 0.002, se = 0.002;
                z.kind = TRK_Z_POLAR;
                z.z[0] = sqrt(rho * rho + dz * dz) + sr * sw_rng_normal(&r);
                z.z[1] = atan2(dx, dy) + sa * sw_rng_normal(&r);
                z.R[0] = sr * sr;
                z.R[z.m + 1] = sa * sa;
                if (c->dim == 3) {
                    z.z[2] = atan2(dz, rho) + se * sw_rng_normal(&r);
                    z.R[8] = se * se;
                }
            } else {
                z.kind = TRK_Z_CART;
                for (int a = 0; a < c->dim; a++) {
                    z.z[a] = xt[a] + c->sigma * sw_rng_normal(&r);
                    z.R[a * c->dim + a] = c->sigma * c->sigma;
                }
            }
            trk_pred pr;
            trk_innov in;
            trk_filter_predict(&f, kin, c->dt, &pr);
            assert_int_equal(trk_filter_innov(&f, &pr, &z, &sens, &in), 0);
            assert_int_equal(trk_filter_update(&f, &pr, &in, &z, kin), 0);
            trk_pred post;
            double x6[6], P36[36], e[6], Pe[36], L[36];
            trk_filter_predict(&f, kin, 0, &post);
            trk_filter_output(&f, &post, x6, P36, NULL);
            int map[6];
            for (int a = 0; a < c->dim; a++) {
                map[a] = a;
                map[c->dim + a] = 3 + a;
            }
            for (int a = 0; a < nx; a++) {
                e[a] = x6[map[a]] - xt[a];
                for (int b = 0; b < nx; b++)
                    Pe[a * nx + b] = P36[map[a] * 6 + map[b]];
            }
            assert_int_equal(sw_chol(nx, Pe, L), 0);
            eps[k] += sw_mahal2(nx, L, e) / N;
        }
        free(kin);
    }
    double lo = chi2_wh(N * nx, 0.025) / N, hi = chi2_wh(N * nx, 0.975) / N;
    int inband = 0;
    double avg = 0;
    for (int k = 0; k < K; k++) {
        inband += (c->conservative_ok || eps[k] >= lo) && eps[k] <= hi;
        avg += eps[k] / K;
    }
    /* a conservative IMM must still be close: at least 80% of n on average */
    double alo = c->conservative_ok ? 0.8 * nx : lo, ahi = hi;
    print_message("%-28s ANEES %.3f (95%% band %.3f..%.3f, n = %d), %d/%d steps in it\n",
                  c->name, avg, alo, ahi, nx, inband, K);
    free(eps);
    if (!(avg >= alo && avg <= ahi))
        fail_msg("%s: ANEES %.3f outside [%.3f, %.3f]", c->name, avg, alo, ahi);
    if (inband < (int)(0.80 * K))
        fail_msg("%s: only %d of %d steps inside the 95%% band", c->name, inband, K);
}

static void test_nees_cv2(void **s)
{
    (void)s;
    run_case(&(nees_case){"KF CV 2-D", TRK_FILTER_CV, 2, TRUTH_CV, 0, 4, 50});
}
static void test_nees_cv3(void **s)
{
    (void)s;
    run_case(&(nees_case){"KF CV 3-D", TRK_FILTER_CV, 3, TRUTH_CV, 0, 2, 30});
}
static void test_nees_ca2(void **s)
{
    (void)s;
    run_case(&(nees_case){"KF CA 2-D", TRK_FILTER_CA, 2, TRUTH_CA, 0, 2, 30});
}
static void test_nees_ca3(void **s)
{
    (void)s;
    run_case(&(nees_case){"KF CA 3-D", TRK_FILTER_CA, 3, TRUTH_CA, 0, 2, 30});
}
static void test_nees_ekf2(void **s)
{
    (void)s;
    run_case(&(nees_case){"EKF CV 2-D, range/azimuth", TRK_FILTER_CV, 2, TRUTH_CV, 1, 4, 40});
}
static void test_nees_ekf3(void **s)
{
    (void)s;
    run_case(&(nees_case){"EKF CV 3-D, range/az/el", TRK_FILTER_CV, 3, TRUTH_CV, 1, 4, 40});
}
static void test_nees_ct2(void **s)
{
    (void)s;
    run_case(&(nees_case){"EKF CT 2-D", -1, 2, TRUTH_CT, 0, 2, 30});
}
static void test_nees_ct3(void **s)
{
    (void)s;
    run_case(&(nees_case){"EKF CT 3-D", -1, 3, TRUTH_CT, 0, 2, 30});
}
static void test_nees_imm(void **s)
{
    (void)s;
    /* On straight flight the CT model (which nests CV at omega = 0) predicts like CV, so the
     * model probabilities stay near their stationary 1/2 and the mixture keeps the CT model's
     * turn-rate uncertainty: the IMM is slightly conservative there, never over-confident. */
    run_case(&(nees_case){"IMM CV+CT 2-D, CV truth", TRK_FILTER_IMM, 2, TRUTH_CV, 0, 4, 50, 1});
    run_case(&(nees_case){"IMM CV+CT 2-D, CT truth", TRK_FILTER_IMM, 2, TRUTH_CT, 0, 4, 50});
}
static void test_nees_imm3(void **s)
{
    (void)s;
    run_case(&(nees_case){"IMM CV+CT 3-D, CV truth", TRK_FILTER_IMM, 3, TRUTH_CV, 0, 4, 50, 1});
    run_case(&(nees_case){"IMM CV+CT 3-D, CT truth", TRK_FILTER_IMM, 3, TRUTH_CT, 0, 4, 50});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nees_cv2), cmocka_unit_test(test_nees_cv3),
        cmocka_unit_test(test_nees_ca2), cmocka_unit_test(test_nees_ca3),
        cmocka_unit_test(test_nees_ekf2), cmocka_unit_test(test_nees_ekf3),
        cmocka_unit_test(test_nees_ct2), cmocka_unit_test(test_nees_ct3),
        cmocka_unit_test(test_nees_imm), cmocka_unit_test(test_nees_imm3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
