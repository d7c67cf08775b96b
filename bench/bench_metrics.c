/* bench/bench_metrics.c - the cost of the metrics on a large picture: OSPA/GOSPA per time step,
 * the whole `score` (alignment, OSPA/GOSPA, association, SIAP) on TARGETS targets x STEPS time
 * steps, commonality across six node pictures, latency histogram and the PCRLB recursion.
 * usage: bench_metrics [TARGETS [STEPS]]   (default 1000 x 1000) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rng.h"
#include "core/types.h"
#include "metrics/metrics.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void row(sw_state_row *r, double t, uint32_t id, double x, double y, double vx, double vy)
{
    memset(r, 0, sizeof *r);
    r->t = t;
    r->id = id;
    r->dim = 2;
    r->x[0] = x;
    r->x[1] = y;
    r->x[3] = vx;
    r->x[4] = vy;
}

/* Truth: n targets uniform in a 1000 km square, 150-250 m/s in random directions, sampled every
 * 1 s.  Tracks (sorted by time, id): 50 m noise, each target missed 2 % of the time, one false
 * track per 20 targets, and track numbers of 1 % of the targets swapped half-way.  The truth
 * comes from seed 1 always; noise_seed draws the errors (node pictures differ only there). */
static void make(int n, int steps, sw_state_row **truth, size_t *nt, sw_state_row **trk,
                 size_t *nk, uint64_t noise_seed)
{
    sw_rng r;
    sw_rng_seed(&r, 1);
    double *s = malloc(sizeof(double) * 4 * n);
    for (int j = 0; j < n; j++) {
        double sp = 150 + 100 * sw_rng_uniform(&r), h = 6.283185307 * sw_rng_uniform(&r);
        s[4 * j] = 1e6 * sw_rng_uniform(&r);
        s[4 * j + 1] = 1e6 * sw_rng_uniform(&r);
        s[4 * j + 2] = sp * sin(h);
        s[4 * j + 3] = sp * cos(h);
    }
    sw_rng_seed(&r, noise_seed);
    int nf = n / 20;
    *truth = malloc(sizeof **truth * (size_t)n * steps);
    *trk = malloc(sizeof **trk * (size_t)(n + nf) * steps);
    *nt = *nk = 0;
    for (int k = 0; k < steps; k++)
        for (int j = 0; j < n; j++) {
            double x = s[4 * j] + s[4 * j + 2] * k, y = s[4 * j + 1] + s[4 * j + 3] * k;
            row(&(*truth)[(*nt)++], k, (uint32_t)j + 1, x, y, s[4 * j + 2], s[4 * j + 3]);
        }
    for (int k = 0; k < steps; k++) {
        for (int j = 0; j < n; j++) {
            if (sw_rng_uniform(&r) < 0.02)
                continue;
            double x = s[4 * j] + s[4 * j + 2] * k, y = s[4 * j + 1] + s[4 * j + 3] * k;
            uint32_t id = (uint32_t)j + 1;
            if (j % 100 < 2 && k >= steps / 2)
                id = (uint32_t)(j % 100 == 0 ? j + 2 : j); /* j, j+1 swap numbers */
            row(&(*trk)[(*nk)++], k, id, x + 50 * sw_rng_normal(&r), y + 50 * sw_rng_normal(&r),
                s[4 * j + 2] + 5 * sw_rng_normal(&r), s[4 * j + 3] + 5 * sw_rng_normal(&r));
        }
        for (int f = 0; f < nf; f++)
            row(&(*trk)[(*nk)++], k, 1000000 + (uint32_t)f, 1e6 * sw_rng_uniform(&r),
                1e6 * sw_rng_uniform(&r), 0, 0);
        /* sort this step's rows by id (the swap and the false tracks break the order) */
        size_t lo = *nk;
        while (lo > 0 && (*trk)[lo - 1].t == k)
            lo--;
        for (size_t a = lo + 1; a < *nk; a++)
            for (size_t b = a; b > lo && (*trk)[b - 1].id > (*trk)[b].id; b--) {
                sw_state_row t = (*trk)[b];
                (*trk)[b] = (*trk)[b - 1];
                (*trk)[b - 1] = t;
            }
    }
    free(s);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000, steps = argc > 2 ? atoi(argv[2]) : 1000;
    if (n < 20 || steps < 10) {
        fprintf(stderr, "usage: bench_metrics [TARGETS>=20 [STEPS>=10]]\n");
        return 2;
    }
    sw_state_row *truth, *trk;
    size_t nt, nk;
    make(n, steps, &truth, &nt, &trk, &nk, 2);
    printf("picture: %d targets x %d steps: %zu truth rows, %zu track rows\n", n, steps, nt, nk);

    /* OSPA/GOSPA alone, per time step (points prepared beforehand) */
    met_ospa_cfg oc = {1000, 1, 0, 2};
    met_ospa *o;
    met_ospa_new(&o, &oc, NULL);
    met_point *X = malloc(sizeof *X * n), *Y = malloc(sizeof *Y * (n + n / 20));
    double c0 = cpu(), acc = 0;
    size_t ti = 0, ki = 0;
    for (int k = 0; k < steps; k++) {
        size_t nx = 0, ny = 0;
        for (; ti < nt && truth[ti].t == k; ti++, nx++) {
            memcpy(X[nx].x, truth[ti].x, sizeof X[nx].x);
            X[nx].obj = X[nx].id = truth[ti].id;
        }
        for (; ki < nk && trk[ki].t == k; ki++, ny++) {
            memcpy(Y[ny].x, trk[ki].x, sizeof Y[ny].x);
            Y[ny].obj = Y[ny].id = trk[ki].id;
        }
        met_ospa_frame f;
        met_ospa_eval(o, X, nx, Y, ny, &f, NULL);
        acc += f.ospa;
    }
    double dt = cpu() - c0;
    printf("OSPA+GOSPA (c 1000 m, p 1): %.3f ms per step of %d x ~%d, %.2f s for %d steps "
           "(mean OSPA %.1f m)\n", 1e3 * dt / steps, n, n, dt, steps, acc / steps);
    met_ospa_free(o);

    /* the whole score */
    met_score_opts so;
    met_score_defaults(&so);
    met_score s;
    c0 = cpu();
    double w0 = now();
    if (met_score_run(truth, nt, 2, trk, nk, 2, &so, NULL, NULL, &s, NULL))
        return 1;
    dt = cpu() - c0;
    printf("score (OSPA, GOSPA, association, SIAP): %.2f s CPU (%.2f s wall) = %.0f track rows/s;"
           " completeness %.4f ambiguity %.4f spuriousness %.4f PA %.1f m, R %.2e /s, LS %.3f\n",
           dt, now() - w0, nk / dt, s.siap.completeness, s.siap.ambiguity, s.siap.spuriousness,
           s.siap.position_accuracy_m, s.siap.track_number_changes_per_target_s,
           s.siap.longest_segment);

    /* commonality of six node pictures (each a noisy copy of the tracks) over a third of the
     * steps */
    int cs = steps / 3;
    met_picture pic[6];
    sw_state_row *rows[6];
    size_t ncs = 0;
    while (ncs < nk && trk[ncs].t < cs)
        ncs++;
    size_t ntc = (size_t)n * cs;
    for (int q = 0; q < 6; q++) {
        sw_state_row *t2;
        size_t n2, k2;
        make(n, cs, &t2, &n2, &rows[q], &k2, 10 + q);
        free(t2);
        pic[q] = (met_picture){"N", rows[q], k2};
    }
    met_commonality cm;
    c0 = cpu();
    if (met_commonality_run(truth, ntc, pic, 6, &so.assoc, 0, 2, &cm, NULL))
        return 1;
    dt = cpu() - c0;
    printf("commonality: 6 nodes x %d targets x %d steps: %.2f s CPU (commonality %.4f)\n", n,
           cs, dt, cm.commonality);
    for (int q = 0; q < 6; q++)
        free(rows[q]);

    /* latency histogram */
    met_latency *h = malloc(sizeof *h);
    met_latency_init(h);
    sw_rng r;
    sw_rng_seed(&r, 3);
    const int NL = 10000000;
    c0 = cpu();
    for (int i = 0; i < NL; i++)
        met_latency_add(h, 1e-3 * (1 + (i & 1023) * 0.01));
    dt = cpu() - c0;
    printf("latency histogram: %.1f ns per sample, %zu bytes; p99 of the test series %.3f ms\n",
           1e9 * dt / NL, sizeof *h, 1e3 * met_latency_quantile(h, 0.99));
    free(h);

    /* PCRLB: one 3-D step (predict + two polar radars) */
    met_pcrlb_sensor sen[2] = {{.kind = SW_MEAS_RAE, .site = {0, 0, 0}, .pd = 0.9},
                               {.kind = SW_MEAS_RAE, .site = {100e3, 0, 0}, .pd = 0.8}};
    for (int q = 0; q < 2; q++) {
        sen[q].R[0] = 2500;
        sen[q].R[4] = sen[q].R[8] = 3e-6;
    }
    met_pcrlb b;
    met_pcrlb_init(&b, 3, 1, 0, NULL, NULL);
    double xt[6] = {50e3, 80e3, 9e3, 200, 0, 0}, pr, vr;
    const int NP = 200000;
    c0 = cpu();
    for (int i = 0; i < NP; i++) {
        met_pcrlb_predict(&b, 4.0 * (i + 1), NULL);
        met_pcrlb_update(&b, &sen[0], xt, NULL);
        met_pcrlb_update(&b, &sen[1], xt, NULL);
    }
    dt = cpu() - c0;
    met_pcrlb_rmse(&b, &pr, &vr);
    printf("PCRLB 3-D, 2 polar radars: %.2f us per step (steady bound %.1f m, %.2f m/s)\n",
           1e6 * dt / NP, pr, vr);
    free(X);
    free(Y);
    free(truth);
    free(trk);
    return 0;
}
