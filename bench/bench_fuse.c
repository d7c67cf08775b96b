/* bench/bench_fuse.c - cost of fusion at scale: N objects each tracked by two nations whose
 * radars scan every 4 s (each track updated once per scan, spread over it), fusion cycles at
 * 4 Hz as in `skyweave node`.
 *   bench_fuse [N] [seconds]
 * Prints the time of fus_put_track (the fast path, per update) and of fus_update (one cycle:
 * keep check, association, merge check, numbering) after the first scan, and of one slice of
 * 256 objects when the cycle runs in slices as in the node (fus_cycle_step), with the longest
 * slice of each cycle phase.  Then a third nation joins: all N of its tracks arrive at once (as
 * a late joiner's transient-local history does), half of them objects the others do not see,
 * and the longest slice of the cycles that take them in is printed apart. */
#include "core/rng.h"
#include "core/time.h"
#include "fuse/fuse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000, secs = argc > 2 ? atoi(argv[2]) : 30;
    const double scan = 4.0, period = 0.25;
    int cycles = (int)(secs / period), per = (int)(n * period / scan);
    fus_config c;
    fus_config_default(&c);
    strcpy(c.self, "QA");
    c.n_nations = 3;
    strcpy(c.nations[0], "QA");
    strcpy(c.nations[1], "BH");
    strcpy(c.nations[2], "KW");
    fus_engine *e;
    if (fus_create(&e, &c, 4 * n, NULL))
        return 1;
    sw_rng r;
    sw_rng_seed(&r, 1);
    double *px = malloc(sizeof(double) * (size_t)n * 4);
    int side = 1;
    while (side * side < n)
        side++;
    for (int j = 0; j < n; j++) {
        px[4 * j] = (j % side) * 5000.0;
        px[4 * j + 1] = (j / side) * 5000.0;
        px[4 * j + 2] = 200 * (sw_rng_uniform(&r) - 0.5);
        px[4 * j + 3] = 200 * (sw_rng_uniform(&r) - 0.5);
    }
    double put = 0, upd = 0, upd_max = 0, slice = 0, slice_max = 0, phase_max[16] = {0};
    double join_max[16] = {0};
    int join_cycles = 0;
    long nslice = 0;
    long nput = 0;
    long nput_meas = 0;
    int first = (int)(scan / period) + 1, meas = 0;
    for (int k = 0; k < cycles + 8; k++) {
        double t = 1000 + k * period;
        bool join = k >= cycles; /* the last 8 cycles: KW's tracks, all in the first */
        double t0 = sw_time_mono();
        int j0 = (k * per) % n;
        long before = nput;
        for (int jj = 0; jj < (k == cycles ? n : per); jj++)
            for (int nat = 0; nat < (k == cycles ? 3 : 2); nat++) {
                int j = (j0 + jj) % n;
                sw_track tr;
                memset(&tr, 0, sizeof tr);
                tr.id = (uint32_t)j;
                tr.status = SW_TRK_CONFIRMED;
                tr.dim = 3;
                tr.t = t;
                tr.t_first = 1000;
                tr.x[0] = px[4 * j] + px[4 * j + 2] * (t - 1000) + 50 * sw_rng_normal(&r);
                tr.x[1] = px[4 * j + 1] + px[4 * j + 3] * (t - 1000) + 50 * sw_rng_normal(&r);
                if (nat == 2 && j % 2) /* half of the joiner's objects are new to the others */
                    tr.x[1] += 2500;
                tr.x[2] = 8000;
                tr.x[3] = px[4 * j + 2];
                tr.x[4] = px[4 * j + 3];
                for (int i = 0; i < 6; i++)
                    tr.P[7 * i] = i < 3 ? 10000 : 25;
                fus_put_track(e, c.nations[nat], &tr, t, t);
                nput++;
            }
        double t1 = sw_time_mono();
        if (k % 2 && !join) { /* every other cycle whole, the others in the node's slices */
            fus_update(e, t + 0.5, NULL);
        } else {
            fus_cycle_begin(e, t + 0.5);
            int done = 0;
            while (!done) {
                int ph = fus_cycle_phase(e);
                double s0 = sw_time_mono();
                done = fus_cycle_step(e, 256, NULL);
                double s1 = sw_time_mono();
                if (join) {
                    if (ph >= 0 && ph < 16 && s1 - s0 > join_max[ph])
                        join_max[ph] = s1 - s0;
                } else if (k >= first) {
                    if (ph >= 0 && ph < 16 && s1 - s0 > phase_max[ph])
                        phase_max[ph] = s1 - s0;
                    slice += s1 - s0;
                    nslice++;
                    if (s1 - s0 > slice_max)
                        slice_max = s1 - s0;
                }
            }
        }
        double t2 = sw_time_mono();
        join_cycles += join;
        if (k >= first && !join) { /* after the first scan */
            nput_meas += nput - before;
            meas++;
            put += t1 - t0;
            upd += t2 - t1;
            if (t2 - t1 > upd_max)
                upd_max = t2 - t1;
        }
    }
    fus_stats s;
    fus_get_stats(e, &s);
    printf("bench_fuse: %d objects x 2 nations, 4 s scan, 4 Hz cycles: fus_put_track %.2f us/update; "
           "fus_update %.2f ms mean, %.2f ms max per cycle; %d system tracks\n"
           "bench_fuse: the cycle in slices of 256 objects (as the node runs it): %.1f slices a "
           "cycle, %.3f ms mean, %.3f ms max a slice\n",
           n, 1e6 * put / (double)(nput_meas ? nput_meas : 1), 1e3 * upd / (meas ? meas : 1),
           1e3 * upd_max, s.objects, (double)nslice / (meas ? meas / 2.0 : 1),
           1e3 * slice / (double)(nslice ? nslice : 1), 1e3 * slice_max);
    printf("bench_fuse: longest slice by phase (fus_cycle_phase before the step), ms:");
    for (int ph = 0; ph < 16; ph++)
        if (phase_max[ph] > 0)
            printf(" %d: %.3f", ph, 1e3 * phase_max[ph]);
    printf("\nbench_fuse: a third nation joins with %d tracks at once: longest slice of the %d "
           "cycles after it by phase, ms:", n, join_cycles);
    for (int ph = 0; ph < 16; ph++)
        if (join_max[ph] > 0)
            printf(" %d: %.3f", ph, 1e3 * join_max[ph]);
    printf("\n");
    fus_destroy(e);
    free(px);
    return 0;
}
