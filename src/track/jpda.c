/* track/jpda.c - marginal association probabilities for the joint probabilistic data association.
 *
 * With w_ij = Pd g_ij / ((1 - Pd) lambda_j) (track i took plot j, relative to "i missed and j is
 * clutter or a new target"), a joint event - each track takes at most one plot, each plot goes to
 * at most one track - has weight prod w_ij over its pairs (Bar-Shalom et al. 2001, §6.6; the
 * parametric JPDA).  beta_ij is the normalised sum over the events containing (i, j).
 *
 * Exact enumeration when prod_i (1 + gated plots of i) <= max_hyp; otherwise the loopy belief
 * propagation of Williams & Lau, "Approximate evaluation of marginal association probabilities
 * with belief propagation", IEEE TAES 50(4), 2014 (what Stone Soup's JPDA with LBP does), which is
 * O(pairs) per iteration and accurate in practice - so a dense cluster never explodes. */
#include <math.h>
#include <string.h>

#include "track/trk_internal.h"

size_t trk_jpda_workspace(int nt, int np)
{
    return sizeof(double) * (size_t)(2 * nt * np + 2 * nt + 2 * np + 8) +
           sizeof(int) * (size_t)(nt + np + 8);
}

typedef struct {
    int nt, np;
    const double *w;   /* scaled weights */
    const double *s0;  /* scaled weight of "no plot" per track */
    double *acc;       /* nt x (np + 1) */
    int *choice, *used;
    double z;
} enum_ctx;

static void enumerate(enum_ctx *c, int i, double prod)
{
    if (i == c->nt) {
        c->z += prod;
        for (int k = 0; k < c->nt; k++)
            c->acc[k * (c->np + 1) + c->choice[k]] += prod;
        return;
    }
    c->choice[i] = c->np;
    enumerate(c, i + 1, prod * c->s0[i]);
    const double *wi = c->w + (size_t)i * c->np;
    for (int j = 0; j < c->np; j++)
        if (wi[j] > 0 && !c->used[j]) {
            c->used[j] = 1;
            c->choice[i] = j;
            enumerate(c, i + 1, prod * wi[j]);
            c->used[j] = 0;
        }
}

static void lbp(int nt, int np, const double *w, double *beta, double *work)
{
    double *mu = work, *nu = mu + (size_t)nt * np, *sum_t = nu + (size_t)nt * np,
           *sum_m = sum_t + nt;
    for (size_t k = 0; k < (size_t)nt * np; k++)
        nu[k] = 1.0;
    for (int it = 0; it < 200; it++) {
        double change = 0;
        for (int i = 0; i < nt; i++) {
            double s = 1;
            for (int j = 0; j < np; j++)
                s += w[i * np + j] * nu[i * np + j];
            sum_t[i] = s;
            for (int j = 0; j < np; j++) {
                double wij = w[i * np + j];
                mu[i * np + j] = wij > 0 ? wij / (s - wij * nu[i * np + j]) : 0;
            }
        }
        for (int j = 0; j < np; j++) {
            double t = 1;
            for (int i = 0; i < nt; i++)
                t += mu[i * np + j];
            sum_m[j] = t;
            for (int i = 0; i < nt; i++) {
                double v = 1.0 / (t - mu[i * np + j]);
                double d = fabs(v - nu[i * np + j]);
                if (d > change)
                    change = d;
                nu[i * np + j] = v;
            }
        }
        if (change < 1e-10)
            break;
    }
    for (int i = 0; i < nt; i++) {
        double s = 1;
        for (int j = 0; j < np; j++)
            s += w[i * np + j] * nu[i * np + j];
        for (int j = 0; j < np; j++)
            beta[i * (np + 1) + j] = w[i * np + j] * nu[i * np + j] / s;
        beta[i * (np + 1) + np] = 1.0 / s;
    }
}

int trk_jpda_marginals(int nt, int np, const double *w, double *beta, double max_hyp,
                       double *work)
{
    double count = 1;
    for (int i = 0; i < nt && count <= max_hyp; i++) {
        int deg = 0;
        for (int j = 0; j < np; j++)
            deg += w[i * np + j] > 0;
        count *= 1 + deg;
    }
    if (count > max_hyp) {
        lbp(nt, np, w, beta, work);
        return 0;
    }
    /* scale each track's options by its largest so products stay in range */
    double *ws = work, *s0 = ws + (size_t)nt * np;
    int *choice = (int *)(s0 + nt + 1), *used = choice + nt;
    for (int i = 0; i < nt; i++) {
        double mx = 1;
        for (int j = 0; j < np; j++)
            if (w[i * np + j] > mx)
                mx = w[i * np + j];
        s0[i] = 1 / mx;
        for (int j = 0; j < np; j++)
            ws[i * np + j] = w[i * np + j] / mx;
    }
    memset(used, 0, sizeof(int) * (size_t)np);
    memset(beta, 0, sizeof(double) * (size_t)(nt * (np + 1)));
    enum_ctx c = {nt, np, ws, s0, beta, choice, used, 0};
    enumerate(&c, 0, 1.0);
    for (int k = 0; k < nt * (np + 1); k++)
        beta[k] /= c.z;
    return 1;
}
