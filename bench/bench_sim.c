/* bench/bench_sim.c - how fast the scenario engine generates: simulated seconds per wall second
 * and plots per second, for the embedded default scenario (coalition6) and the 10,000-object,
 * 100-sensor national picture, through the in-process API (no file output) and through the CSV
 * writer.  Usage: bench_sim [SCENARIO_DIR] [SECONDS_NATIONAL] [api] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/time.h"
#include "sim/sim.h"

/* CPU seconds of this process: the figure that does not depend on what else the machine runs. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int count(void *ctx, const sw_plot *p)
{
    (void)p;
    (*(long *)ctx)++;
    return 0;
}

static void bench(const char *label, sim_scenario *sc, double duration, int csv)
{
    sw_err err = {0};
    sim_engine *e;
    sim_options o = {0};
    o.duration = duration;
    if (sim_engine_new(&e, sc, &o, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    long n = 0;
    double t0 = sw_time_mono(), c0 = cpu_s();
    if (csv) {
        char dir[] = "/tmp/bench_sim_XXXXXX";
        if (!mkdtemp(dir) || sim_write_csv(e, dir, NULL, &n, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            exit(1);
        }
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd)) {
        }
    } else {
        sim_sink sink = {&n, count, NULL};
        for (double t = 1; t <= duration; t += 1)
            sim_engine_run(e, t, &sink, &err);
    }
    double wall = sw_time_mono() - t0, cpu = cpu_s() - c0;
    printf("%-22s %-4s %5d targets %3d sensors %5.0f s simulated: wall %6.2f s = %7.1f sim-s/wall-s; "
           "cpu %6.2f s = %7.1f sim-s/cpu-s, %7.0f plots/cpu-s (%ld plots)\n", label,
           csv ? "csv" : "api", sim_target_count(sc), sim_sensor_count(sc), duration, wall,
           duration / wall, cpu, duration / cpu, n / cpu, n);
    sim_engine_free(e);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "scenarios";
    double nat_s = argc > 2 ? atof(argv[2]) : 120;
    int api_only = argc > 3 && !strcmp(argv[3], "api");
    sw_err err = {0};
    sim_scenario *sc;
    double t0 = sw_time_mono();
    if (sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml", &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("coalition6: loaded in %.2f s\n", sw_time_mono() - t0);
    bench("coalition6 (default)", sc, sim_scenario_duration(sc), 0);
    if (!api_only)
        bench("coalition6 (default)", sc, sim_scenario_duration(sc), 1);
    sim_scenario_free(sc);
    char path[1024];
    snprintf(path, sizeof path, "%s/national-10k.yaml", dir);
    t0 = sw_time_mono();
    if (sim_scenario_load(&sc, path, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("national-10k: loaded in %.2f s\n", sw_time_mono() - t0);
    bench("national-10k", sc, nat_s, 0);
    if (!api_only)
        bench("national-10k", sc, nat_s, 1);
    sim_scenario_free(sc);
    return 0;
}
