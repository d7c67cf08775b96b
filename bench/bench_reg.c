/* bench/bench_reg.c - what sensor registration costs per plot: scenarios/registration.yaml (three
 * biased radars, an ADS-B station, 60 airliners) generated once, then every plot through
 * reg_plot, best of 5 passes (thread CPU time).  Usage: bench_reg [SCENARIO] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "geo/geo.h"
#include "reg/reg.h"
#include "sim/sim.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : SW_SOURCE_DIR "/scenarios/registration.yaml";
    sw_err err = {0};
    sim_scenario *sc;
    sim_engine *e;
    geo_sensor_set *set = calloc(1, sizeof *set);
    if (!set || sim_scenario_load(&sc, path, &err) || sim_sensor_set(sc, NULL, set) ||
        sim_engine_new(&e, sc, NULL, &err)) {
        fprintf(stderr, "bench_reg: %s\n", err.msg);
        return 1;
    }
    size_t cap = 1 << 20, n = 0;
    sw_plot *all = malloc(cap * sizeof *all), *work = malloc(cap * sizeof *work);
    long k;
    while (all && work && n < cap &&
           (k = sim_engine_next(e, sim_engine_duration(e), all + n, (long)(cap - n), &err)) > 0)
        n += (size_t)k;
    if (!all || !work || !n) {
        fprintf(stderr, "bench_reg: no plots\n");
        return 1;
    }
    double best = 1e9;
    size_t corrected = 0;
    reg_bias b[16];
    size_t nb = 0;
    for (int rep = 0; rep < 5; rep++) {
        reg_params p;
        reg_params_default(&p);
        reg_reg *r;
        if (reg_create(&r, &p, set, &err)) {
            fprintf(stderr, "bench_reg: %s\n", err.msg);
            return 1;
        }
        memcpy(work, all, n * sizeof *all);
        corrected = 0;
        double c0 = cpu_s();
        for (size_t i = 0; i < n; i++)
            corrected += (size_t)reg_plot(r, &work[i]);
        double c = cpu_s() - c0;
        if (c < best)
            best = c;
        nb = reg_list(r, b, 16);
        reg_destroy(r);
    }
    unsigned long long pairs = 0;
    for (size_t i = 0; i < nb; i++)
        pairs += b[i].taken;
    printf("bench_reg: %s: %zu plots (%llu pairs with ADS-B, %zu corrected), %.0f ns/plot, "
           "%.2f M plots/s (best of 5, thread CPU)\n",
           sim_scenario_name(sc), n, pairs, corrected, 1e9 * best / (double)n,
           (double)n / best / 1e6);
    for (size_t i = 0; i < nb; i++)
        printf("  radar %u: range %+.1f m, gain %+.1f m per 100 km, azimuth %+.4f deg, "
               "elevation %+.4f deg, clock %+.3f s\n", b[i].sensor_id, b[i].range_m, b[i].gain_m,
               b[i].az_rad / GEO_DEG, b[i].el_rad / GEO_DEG,
               b[i].time_s);
    free(all);
    free(work);
    sim_engine_free(e);
    sim_scenario_free(sc);
    free(set);
    return 0;
}
