/* tests/track/scen.h - a small in-process scenario for the tracker's tests and benchmarks:
 * targets flying constant-velocity legs (optionally with white-noise acceleration, the filter's
 * own model) or coordinated turns of a given g, seen by one radar at the origin that either
 * rotates (each plot at the time the beam passes its azimuth) or takes snapshots (every plot of a
 * scan at the same time), with detection probability, Gaussian Cartesian noise and uniform
 * Poisson clutter.  Deterministic for a seed (core/rng.h).  Header-only so bench/ can use it. */
#ifndef SW_TESTS_TRACK_SCEN_H
#define SW_TESTS_TRACK_SCEN_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/assign.h"
#include "core/rng.h"
#include "core/types.h"

typedef struct scen_cfg {
    int dim;             /* 2 or 3 */
    int ntargets;
    double half_m;       /* targets start in [-half, half]^2 */
    double speed_lo, speed_hi;
    double alt_lo, alt_hi;
    double q;            /* truth white-noise acceleration (m^2/s^3) on CV legs */
    double turn_g;       /* > 0: alternate CV legs and turns of this many g */
    double leg_s;        /* length of a leg */
    double sigma;        /* plot sd per Cartesian axis */
    double pd;
    double clutter;      /* clutter plots per scan over the area */
    double scan_s;
    int rotating;
    uint64_t seed;
} scen_cfg;

typedef struct scen {
    scen_cfg c;
    sw_rng rng;
    double *x;           /* nt x 6: x y z vx vy vz */
    double *tt;          /* time of each target's state */
    double *w;           /* turn rate of the current leg (0: CV) */
    double *leg_end;
    sw_plot *plots;
    size_t nplots, cap;
} scen;

static inline void scen_free(scen *s)
{
    free(s->x);
    free(s->tt);
    free(s->w);
    free(s->leg_end);
    free(s->plots);
    memset(s, 0, sizeof *s);
}

static inline int scen_init(scen *s, const scen_cfg *c)
{
    memset(s, 0, sizeof *s);
    s->c = *c;
    sw_rng_seed(&s->rng, c->seed);
    size_t n = (size_t)c->ntargets;
    s->x = calloc(n * 6 + 6, sizeof(double));
    s->tt = calloc(n + 1, sizeof(double));
    s->w = calloc(n + 1, sizeof(double));
    s->leg_end = calloc(n + 1, sizeof(double));
    s->cap = n + (size_t)(c->clutter * 3) + 64;
    s->plots = malloc(sizeof(sw_plot) * s->cap);
    if (!s->x || !s->tt || !s->w || !s->leg_end || !s->plots) {
        scen_free(s);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        double *x = s->x + 6 * i;
        double sp = c->speed_lo + (c->speed_hi - c->speed_lo) * sw_rng_uniform(&s->rng);
        double hd = 2 * M_PI * sw_rng_uniform(&s->rng);
        x[0] = c->half_m * (2 * sw_rng_uniform(&s->rng) - 1);
        x[1] = c->half_m * (2 * sw_rng_uniform(&s->rng) - 1);
        x[2] = c->dim == 3 ? c->alt_lo + (c->alt_hi - c->alt_lo) * sw_rng_uniform(&s->rng) : 0;
        x[3] = sp * sin(hd);
        x[4] = sp * cos(hd);
        x[5] = 0;
        /* legs start at a random phase so turns are spread over time */
        s->leg_end[i] = c->leg_s > 0 ? c->leg_s * sw_rng_uniform(&s->rng) : INFINITY;
    }
    return 0;
}

static inline void scen_move(scen *s, size_t i, double dt)
{
    double *x = s->x + 6 * i, w = s->w[i];
    int d = s->c.dim;
    if (w != 0) {
        double c = cos(w * dt), sn = sin(w * dt), vx = x[3], vy = x[4];
        x[0] += (sn * vx - (1 - c) * vy) / w;
        x[1] += ((1 - c) * vx + sn * vy) / w;
        x[3] = c * vx - sn * vy;
        x[4] = sn * vx + c * vy;
        x[2] += dt * x[5];
        return;
    }
    for (int a = 0; a < d; a++) {
        double dp = 0, dv = 0;
        if (s->c.q > 0 && dt > 0) {
            double l11 = sqrt(s->c.q * dt * dt * dt / 3), l21 = s->c.q * dt * dt / 2 / l11;
            double l22 = sqrt(s->c.q * dt - l21 * l21), n1 = sw_rng_normal(&s->rng),
                   n2 = sw_rng_normal(&s->rng);
            dp = l11 * n1;
            dv = l21 * n1 + l22 * n2;
        }
        x[a] += dt * x[3 + a] + dp;
        x[3 + a] += dv;
    }
}

/* Truth of target i at time t (>= its current time), switching legs on the way. */
static inline void scen_advance_one(scen *s, size_t i, double t)
{
    while (s->tt[i] < t) {
        double step = t - s->tt[i];
        if (s->leg_end[i] - s->tt[i] < step)
            step = s->leg_end[i] - s->tt[i];
        scen_move(s, i, step);
        s->tt[i] += step;
        if (s->tt[i] >= s->leg_end[i]) {
            s->leg_end[i] += s->c.leg_s;
            if (s->w[i] != 0 || s->c.turn_g <= 0) {
                s->w[i] = 0;
            } else {
                double *x = s->x + 6 * i, v = sqrt(x[3] * x[3] + x[4] * x[4]);
                s->w[i] = (sw_rng_uniform(&s->rng) < 0.5 ? -1 : 1) * s->c.turn_g * 9.80665 / v;
            }
        }
    }
}

static inline void scen_advance(scen *s, double t)
{
    for (size_t i = 0; i < (size_t)s->c.ntargets; i++)
        scen_advance_one(s, i, t);
}

static inline int scen_cmp_plot(const void *a, const void *b)
{
    const sw_plot *x = a, *y = b;
    return (x->t > y->t) - (x->t < y->t);
}

static inline void scen_plot(scen *s, sw_plot *p, double t, const double *pos, uint32_t truth)
{
    memset(p, 0, sizeof *p);
    int d = s->c.dim;
    p->t = t;
    p->sensor_id = 1;
    p->kind = d == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
    for (int a = 0; a < d; a++) {
        p->z[a] = pos[a] + s->c.sigma * sw_rng_normal(&s->rng);
        p->R[a * 4] = s->c.sigma * s->c.sigma;
    }
    p->truth_id = truth;
}

/* The time within a scan at which a rotating beam passes (x, y). */
static inline double scen_beam(const scen *s, double t0, double x, double y)
{
    double az = atan2(x, y);
    if (az < 0)
        az += 2 * M_PI;
    return t0 + az / (2 * M_PI) * s->c.scan_s;
}

/* Plots of the scan starting at t0, sorted by time, in s->plots.  Truth is advanced to each
 * target's detection time. */
static inline size_t scen_scan(scen *s, double t0)
{
    s->nplots = 0;
    for (size_t i = 0; i < (size_t)s->c.ntargets; i++) {
        double *x = s->x + 6 * i;
        double t = t0;
        if (s->c.rotating) {
            scen_advance_one(s, i, t0);
            t = scen_beam(s, t0, x[0], x[1]);
        }
        scen_advance_one(s, i, t);
        if (sw_rng_uniform(&s->rng) < s->c.pd && s->nplots < s->cap)
            scen_plot(s, &s->plots[s->nplots++], t, x, (uint32_t)i + 1);
    }
    uint32_t nc = sw_rng_poisson(&s->rng, s->c.clutter);
    for (uint32_t k = 0; k < nc && s->nplots < s->cap; k++) {
        double pos[3] = {1.2 * s->c.half_m * (2 * sw_rng_uniform(&s->rng) - 1),
                         1.2 * s->c.half_m * (2 * sw_rng_uniform(&s->rng) - 1),
                         s->c.alt_lo + (s->c.alt_hi - s->c.alt_lo) * sw_rng_uniform(&s->rng)};
        double t = s->c.rotating ? scen_beam(s, t0, pos[0], pos[1]) : t0;
        scen_plot(s, &s->plots[s->nplots++], t, pos, 0);
    }
    qsort(s->plots, s->nplots, sizeof(sw_plot), scen_cmp_plot);
    return s->nplots;
}

/* OSPA (Schuhmacher, Vo & Vo, IEEE TSP 2008) between point sets a (na x dim) and b (nb x dim),
 * rows of stride 6 (x y z ...), cut-off c, order p; optimal assignment by core/assign.h. */
static inline double scen_ospa(const double *a, size_t na, const double *b, size_t nb, int dim,
                               double c, double p)
{
    if (na == 0 && nb == 0)
        return 0;
    if (na == 0 || nb == 0)
        return c;
    const double *r = na <= nb ? a : b, *k = na <= nb ? b : a;
    size_t n = na <= nb ? na : nb, m = na <= nb ? nb : na;
    double *cost = malloc(sizeof(double) * n * m);
    int *rc = malloc(sizeof(int) * n);
    void *w = malloc(sw_assign_workspace((int)n, (int)m));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            double d2 = 0;
            for (int q = 0; q < dim; q++) {
                double e = r[6 * i + q] - k[6 * j + q];
                d2 += e * e;
            }
            double d = sqrt(d2);
            cost[i * m + j] = pow(d < c ? d : c, p);
        }
    double tot = 0;
    sw_assign((int)n, (int)m, cost, rc, &tot, w);
    free(cost);
    free(rc);
    free(w);
    return pow((tot + pow(c, p) * (double)(m - n)) / (double)m, 1 / p);
}

#endif
