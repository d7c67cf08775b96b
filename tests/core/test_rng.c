/* tests/core/test_rng.c - moments of the generator's distributions. */
#include "sw_test.h"
#include "core/rng.h"

static void test_normal_moments(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 42);
    const int n = 200000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        double x = sw_rng_normal(&r);
        s += x;
        s2 += x * x;
    }
    assert_near(s / n, 0.0, 0.01);
    assert_near(s2 / n, 1.0, 0.015);
}

static void test_poisson_and_uniform(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 7);
    double lams[] = {0.5, 4.0, 80.0};
    for (int k = 0; k < 3; k++) {
        const int n = 50000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double x = sw_rng_poisson(&r, lams[k]);
            s += x;
            s2 += x * x;
        }
        double m = s / n, var = s2 / n - m * m;
        assert_near(m, lams[k], 0.03 * lams[k] + 0.02);
        assert_near(var, lams[k], 0.06 * lams[k] + 0.03);
    }
    for (int i = 0; i < 1000; i++) {
        double u = sw_rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
    }
    sw_rng a, b;
    sw_rng_seed(&a, 99);
    sw_rng_seed(&b, 99);
    assert_true(sw_rng_u64(&a) == sw_rng_u64(&b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_poisson_and_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
