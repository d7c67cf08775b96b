/* core/rng.h - a seeded, reproducible random generator (xoshiro256**, Blackman & Vigna 2018)
 * for the simulator, Monte-Carlo tests and benchmarks.  One sw_rng per thread; no global state. */
#ifndef SW_CORE_RNG_H
#define SW_CORE_RNG_H

#include <stdint.h>

typedef struct sw_rng {
    uint64_t s[4];
    double spare;    /* second normal deviate of the polar method */
    int has_spare;
} sw_rng;

/* Seeds through splitmix64, so nearby seeds give unrelated streams. */
void sw_rng_seed(sw_rng *r, uint64_t seed);
uint64_t sw_rng_u64(sw_rng *r);
/* Uniform in [0, 1). */
double sw_rng_uniform(sw_rng *r);
/* Standard normal N(0, 1). */
double sw_rng_normal(sw_rng *r);
/* Poisson with mean lambda >= 0. */
uint32_t sw_rng_poisson(sw_rng *r, double lambda);
/* Exponential with mean 1. */
double sw_rng_exp(sw_rng *r);

#endif
