/* tests/core/test_assign.c - optimality against brute force, forbidden entries, rectangles. */
#include "sw_test.h"
#include "core/assign.h"
#include "core/rng.h"

#include <stdlib.h>

static double best;
static void brute(int n, int m, const double *c, int row, unsigned used, double acc)
{
    if (row == n) {
        if (acc < best)
            best = acc;
        return;
    }
    for (int j = 0; j < m; j++)
        if (!(used & (1u << j)))
            brute(n, m, c, row + 1, used | (1u << j), acc + c[row * m + j]);
}

static void test_optimal_vs_brute_force(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 3);
    char work[4096];
    for (int trial = 0; trial < 400; trial++) {
        int n = 1 + (int)(sw_rng_uniform(&r) * 6), m = n + (int)(sw_rng_uniform(&r) * 3);
        double c[64];
        for (int k = 0; k < n * m; k++)
            c[k] = sw_rng_uniform(&r) < 0.2 ? INFINITY : floor(sw_rng_uniform(&r) * 20);
        best = INFINITY;
        brute(n, m, c, 0, 0, 0);
        int a[8];
        double tot;
        assert_true(sw_assign_workspace(n, m) <= sizeof work);
        sw_rc rc = sw_assign(n, m, c, a, &tot, work);
        if (best == INFINITY) {
            assert_int_equal(rc, SW_ENUMERIC);
            continue;
        }
        assert_int_equal(rc, SW_OK);
        assert_near(tot, best, 1e-9);
        unsigned used = 0;
        for (int i = 0; i < n; i++) {
            assert_true(a[i] >= 0 && a[i] < m);
            assert_false(used & (1u << a[i]));
            used |= 1u << a[i];
        }
    }
}

static void test_large_identity(void **state)
{
    (void)state;
    const int n = 300;
    double *c = malloc(sizeof(double) * n * n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            c[i * n + j] = (i == (j + 7) % n) ? 0.0 : 1.0 + (i + j) % 5;
    void *w = malloc(sw_assign_workspace(n, n));
    int *a = malloc(sizeof(int) * n);
    double tot;
    assert_int_equal(sw_assign(n, n, c, a, &tot, w), SW_OK);
    assert_near(tot, 0, 0);
    for (int i = 0; i < n; i++)
        assert_int_equal(a[i], (i - 7 + n) % n);
    assert_int_equal(sw_assign(3, 2, c, a, &tot, w), SW_EINVAL);
    free(c);
    free(w);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optimal_vs_brute_force),
        cmocka_unit_test(test_large_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
