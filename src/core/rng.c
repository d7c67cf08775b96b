/* core/rng.c - xoshiro256** with Marsaglia's polar method for normals. */
#include "core/rng.h"

#include <math.h>

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void sw_rng_seed(sw_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
    r->has_spare = 0;
}

uint64_t sw_rng_u64(sw_rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

double sw_rng_uniform(sw_rng *r) { return (double)(sw_rng_u64(r) >> 11) * 0x1.0p-53; }

double sw_rng_normal(sw_rng *r)
{
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    double u, v, s;
    do {
        u = 2.0 * sw_rng_uniform(r) - 1.0;
        v = 2.0 * sw_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    r->spare = v * f;
    r->has_spare = 1;
    return u * f;
}

double sw_rng_exp(sw_rng *r) { return -log1p(-sw_rng_uniform(r)); }

uint32_t sw_rng_poisson(sw_rng *r, double lambda)
{
    if (lambda <= 0)
        return 0;
    if (lambda < 30) {
        /* Knuth: multiply uniforms until below e^-lambda. */
        double L = exp(-lambda), p = 1.0;
        uint32_t k = 0;
        do {
            k++;
            p *= sw_rng_uniform(r);
        } while (p > L);
        return k - 1;
    }
    /* Large means: normal approximation with continuity correction is accurate to well
     * within Monte-Carlo tolerance for lambda >= 30. */
    double x = floor(lambda + sqrt(lambda) * sw_rng_normal(r) + 0.5);
    return x < 0 ? 0 : (uint32_t)x;
}
