/* Covariance intersection, prediction, gating and the R2 rule. */
#include "../core/sw_test.h"

#include "core/mat.h"
#include "fuse/fuse.h"

#include <string.h>

static void diag6(double *P, double a, double b, double c, double d, double e, double f)
{
    memset(P, 0, 36 * sizeof *P);
    P[0] = a, P[7] = b, P[14] = c, P[21] = d, P[28] = e, P[35] = f;
}

/* P - Q is positive semi-definite (within eps) */
static int psd_diff(const double *P, const double *Q, double eps)
{
    double D[36], L[36];
    for (int i = 0; i < 36; i++)
        D[i] = P[i] - Q[i] + (i % 7 == 0 ? eps : 0);
    return sw_chol(6, D, L) == SW_OK;
}

static void test_ci_complementary(void **s)
{
    (void)s;
    /* A knows x well, B knows y well: CI must know both better than either alone */
    double a[6] = {100, 0, 0, 10, 0, 0}, b[6] = {110, 20, 0, 10, 1, 0}, A[36], B[36], x[6], P[36];
    diag6(A, 25, 10000, 100, 4, 100, 4);
    diag6(B, 10000, 25, 100, 100, 4, 4);
    double w = fus_ci(a, A, b, B, false, x, P);
    assert_true(w > 0.2 && w < 0.8);
    assert_true(P[0] < 10000 && P[7] < 10000);
    assert_true(P[0] + P[7] + P[14] + P[21] + P[28] + P[35] <
                A[0] + A[7] + A[14] + A[21] + A[28] + A[35]);
    /* consistency: never more confident than the independent-errors (Kalman) fusion */
    double Ai[36], Bi[36], S[36], Pkf[36];
    sw_mat_inv_spd(6, A, Ai);
    sw_mat_inv_spd(6, B, Bi);
    for (int i = 0; i < 36; i++)
        S[i] = Ai[i] + Bi[i];
    sw_mat_inv_spd(6, S, Pkf);
    assert_true(psd_diff(P, Pkf, 1e-6));
    /* the estimate lies between the two */
    assert_true(x[0] > 100 && x[0] < 110 && x[1] > 0 && x[1] < 20);
    /* log-det criterion gives a valid result too */
    double P2[36], x2[6];
    assert_true(fus_ci(a, A, b, B, true, x2, P2) >= 0);
    assert_true(psd_diff(P2, Pkf, 1e-6));
}

static void test_ci_dominant(void **s)
{
    (void)s;
    /* B is worse in every direction: CI returns A (w = 1), not a blend */
    double a[6] = {0, 0, 0, 0, 0, 0}, b[6] = {50, 50, 0, 1, 1, 0}, A[36], B[36], x[6], P[36];
    diag6(A, 100, 100, 100, 1, 1, 1);
    diag6(B, 400, 400, 400, 4, 4, 4);
    double w = fus_ci(a, A, b, B, false, x, P);
    assert_near(w, 1.0, 1e-9);
    assert_near(x[0], 0, 1e-9);
    assert_near(P[0], 100, 1e-9);
    /* same estimate twice: the result is that estimate (CI never double-counts) */
    w = fus_ci(a, A, a, A, false, x, P);
    assert_true(w >= 0);
    assert_near(P[0], 100, 1e-6);
    assert_near(P[35], 1, 1e-9);
}

static void test_ci_not_spd(void **s)
{
    (void)s;
    double a[6] = {0}, A[36], B[36], x[6], P[36];
    diag6(A, 1, 1, 1, 1, 1, 1);
    diag6(B, 1, -1, 1, 1, 1, 1);
    assert_true(fus_ci(a, A, a, B, false, x, P) < 0);
}

static void test_predict(void **s)
{
    (void)s;
    double x[6] = {0, 0, 1000, 100, -50, 2}, P[36];
    diag6(P, 100, 100, 100, 1, 1, 1);
    fus_predict(x, P, 10, 0.0);
    assert_near(x[0], 1000, 1e-9);
    assert_near(x[1], -500, 1e-9);
    assert_near(x[2], 1020, 1e-9);
    assert_near(P[0], 100 + 100 * 1, 1e-9);  /* P + dt^2 Pv */
    assert_near(P[3], 10, 1e-9);             /* cross term dt * Pv */
    double y[6] = {0}, Q[36];
    diag6(Q, 0, 0, 0, 0, 0, 0);
    fus_predict(y, Q, 2, 3.0);
    assert_near(Q[0], 3.0 * 8 / 3, 1e-9);
    assert_near(Q[21], 6.0, 1e-9);
    assert_near(Q[3], 6.0, 1e-9);
}

static void test_chi2(void **s)
{
    (void)s;
    double a[6] = {0, 0, 0, 100, 0, 0}, b[6] = {300, 0, 0, 100, 0, 0}, A[36], B[36];
    diag6(A, 5000, 5000, 5000, 50, 50, 50);
    diag6(B, 5000, 5000, 5000, 50, 50, 50);
    assert_near(fus_chi2(a, A, b, B, 0, 0), 300.0 * 300 / 10000, 1e-9);
    /* the same place, opposite heading: velocity separates crossing objects */
    double c[6] = {0, 0, 0, -100, 0, 0};
    assert_true(fus_chi2(a, A, c, B, 150, 5) > 100);
    /* registration bias widens the gate */
    assert_true(fus_chi2(a, A, b, B, 150, 5) < fus_chi2(a, A, b, B, 0, 0));
}

static void test_r2_rule(void **s)
{
    (void)s;
    /* clearly better wins whatever the claim times */
    assert_int_equal(fus_r2_beats(50, 100, 1, 100, 10, 0, 0.3), 1);
    assert_int_equal(fus_r2_beats(100, 10, 0, 50, 100, 1, 0.3), 0);
    /* within the margin: the older claim holds (hysteresis) */
    assert_int_equal(fus_r2_beats(80, 100, 1, 100, 10, 0, 0.3), 0);
    assert_int_equal(fus_r2_beats(100, 10, 0, 80, 100, 1, 0.3), 1);
    /* same claim time: nation order */
    assert_int_equal(fus_r2_beats(100, 10, 0, 100, 10, 1, 0.3), 1);
    assert_int_equal(fus_r2_beats(100, 10, 1, 100, 10, 0, 0.3), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ci_complementary), cmocka_unit_test(test_ci_dominant),
        cmocka_unit_test(test_ci_not_spd),       cmocka_unit_test(test_predict),
        cmocka_unit_test(test_chi2),             cmocka_unit_test(test_r2_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
