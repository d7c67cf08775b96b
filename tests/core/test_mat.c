/* tests/core/test_mat.c - Cholesky, SPD inverse, general inverse, products. */
#include "sw_test.h"
#include "core/mat.h"
#include "core/rng.h"

static void random_spd(sw_rng *r, int n, double *A)
{
    double B[81];
    for (int i = 0; i < n * n; i++)
        B[i] = sw_rng_normal(r);
    sw_mat_mul_abt(n, n, n, B, B, A);
    for (int i = 0; i < n; i++)
        A[i * n + i] += 0.1;
}

static void test_chol_inverse(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 1);
    for (int n = 1; n <= SW_MAT_MAX; n++) {
        double A[81], Ai[81], I[81], L[81], LLt[81];
        random_spd(&r, n, A);
        assert_int_equal(sw_chol(n, A, L), SW_OK);
        sw_mat_mul_abt(n, n, n, L, L, LLt);
        for (int i = 0; i < n * n; i++)
            assert_near(LLt[i], A[i], 1e-9 * (1 + fabs(A[i])));
        assert_int_equal(sw_mat_inv_spd(n, A, Ai), SW_OK);
        sw_mat_mul(n, n, n, A, Ai, I);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                assert_near(I[i * n + j], i == j, 1e-7);
        assert_int_equal(sw_mat_inv(n, A, Ai), SW_OK);
        sw_mat_mul(n, n, n, Ai, A, I);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                assert_near(I[i * n + j], i == j, 1e-7);
    }
}

static void test_chol_rejects_indefinite(void **state)
{
    (void)state;
    double A[4] = {1, 2, 2, 1}, L[4];
    assert_int_equal(sw_chol(2, A, L), SW_ENUMERIC);
    double N[4] = {NAN, 0, 0, 1};
    assert_int_equal(sw_chol(2, N, L), SW_ENUMERIC);
    double S[4] = {1, 1, 1, 1};
    assert_int_equal(sw_mat_inv(2, S, L), SW_ENUMERIC);
}

static void test_mahal_and_logdet(void **state)
{
    (void)state;
    double A[4] = {4, 0, 0, 9}, L[4], v[2] = {2, 3};
    assert_int_equal(sw_chol(2, A, L), SW_OK);
    assert_near(sw_mahal2(2, L, v), 2.0, 1e-12);
    assert_near(sw_chol_logdet(2, L), log(36.0), 1e-12);
    double x[2];
    sw_chol_solve(2, L, v, x);
    assert_near(x[0], 0.5, 1e-12);
    assert_near(x[1], 1.0 / 3, 1e-12);
}

static void test_abat(void **state)
{
    (void)state;
    double F[4] = {1, 2, 0, 1}, P[4] = {1, 0, 0, 1}, C[4];
    sw_mat_abat(2, 2, F, P, C);
    assert_near(C[0], 5, 1e-12);
    assert_near(C[1], 2, 1e-12);
    assert_near(C[2], 2, 1e-12);
    assert_near(C[3], 1, 1e-12);
    double At[6], A[6] = {1, 2, 3, 4, 5, 6}, B[4];
    sw_mat_transpose(2, 3, A, At);
    assert_near(At[1], 4, 0);
    sw_mat_mul_atb(2, 3, 2, At, At, B); /* (At)^T At = A A^T */
    assert_near(B[0], 14, 1e-12);
    assert_near(B[1], 32, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chol_inverse),
        cmocka_unit_test(test_chol_rejects_indefinite),
        cmocka_unit_test(test_mahal_and_logdet),
        cmocka_unit_test(test_abat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
