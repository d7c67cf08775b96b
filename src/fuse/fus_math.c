/* fuse/fus_math.c - prediction, covariance intersection, gating distance, R2 arbitration.
 *
 * Covariance intersection (Julier & Uhlmann, "A non-divergent estimation algorithm in the presence
 * of unknown correlations", ACC 1997): with the cross-correlation between two nations' tracks
 * unknown (they share no plots, but do share the target's manoeuvres and often the same process
 * model), CI is the estimate that is consistent for every possible correlation.  w is chosen by
 * golden-section search, which is enough because trace(P(w)) and log det P(w) are convex in w
 * (Reinhardt, Noack & Hanebeck, 2012). */
#include "fuse/fuse.h"

#include "core/mat.h"

#include <math.h>
#include <string.h>

void fus_predict(double x[6], double P[36], double dt, double q)
{
    if (dt == 0)
        return;
    double F[36], FP[36];
    sw_mat_identity(6, F);
    for (int i = 0; i < 3; i++) {
        F[i * 6 + i + 3] = dt;
        x[i] += dt * x[i + 3];
    }
    sw_mat_abat(6, 6, F, P, FP);
    double adt = fabs(dt);
    double q11 = q * adt * adt * adt / 3, q12 = q * adt * adt / 2 * (dt < 0 ? -1 : 1), q22 = q * adt;
    for (int i = 0; i < 3; i++) {
        FP[i * 6 + i] += q11;
        FP[i * 6 + i + 3] += q12;
        FP[(i + 3) * 6 + i] += q12;
        FP[(i + 3) * 6 + i + 3] += q22;
    }
    memcpy(P, FP, sizeof FP);
}

/* The cost of P(w) = (w Ai + (1-w) Bi)^-1: trace P, or log det P, from the Cholesky factor of
 * S = P^-1 alone: trace(S^-1) = |L^-1|_F^2 (a triangular inverse, a fifth of a full inverse: this
 * runs ~30 times per fusion).  HUGE_VAL when S is not SPD. */
static double ci_eval(const double *Ai, const double *Bi, double w, bool logdet)
{
    double S[36], L[36], M[36];
    for (int i = 0; i < 36; i++)
        S[i] = w * Ai[i] + (1 - w) * Bi[i];
    if (sw_chol(6, S, L))
        return HUGE_VAL;
    if (logdet)
        return -sw_chol_logdet(6, L); /* log det P = -log det S */
    double tr = 0;
    for (int i = 0; i < 6; i++) {
        M[i * 6 + i] = 1.0 / L[i * 6 + i];
        tr += M[i * 6 + i] * M[i * 6 + i];
        for (int j = 0; j < i; j++) {
            double acc = 0;
            for (int k = j; k < i; k++)
                acc += L[i * 6 + k] * M[k * 6 + j];
            M[i * 6 + j] = -acc / L[i * 6 + i];
            tr += M[i * 6 + j] * M[i * 6 + j];
        }
    }
    return tr;
}

double fus_ci(const double a[6], const double A[36], const double b[6], const double B[36],
              bool logdet, double x[6], double P[36])
{
    double Ai[36], Bi[36];
    if (sw_mat_inv_spd(6, A, Ai) || sw_mat_inv_spd(6, B, Bi))
        return -1;
    const double g = 0.6180339887498949;
    double lo = 0, hi = 1, c = hi - g * (hi - lo), d = lo + g * (hi - lo);
    double fc = ci_eval(Ai, Bi, c, logdet), fd = ci_eval(Ai, Bi, d, logdet);
    for (int it = 0; it < 22; it++) { /* 0.618^22 ~ 2.5e-5 in w: far below what matters */
        if (fc < fd) {
            hi = d;
            d = c;
            fd = fc;
            c = hi - g * (hi - lo);
            fc = ci_eval(Ai, Bi, c, logdet);
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + g * (hi - lo);
            fd = ci_eval(Ai, Bi, d, logdet);
        }
    }
    double w = 0.5 * (lo + hi);
    /* the ends are exact choices (one estimate dominates): compare with them */
    double f0 = ci_eval(Ai, Bi, 0, logdet), f1 = ci_eval(Ai, Bi, 1, logdet);
    double fw = ci_eval(Ai, Bi, w, logdet);
    if (f0 < fw && f0 <= f1)
        w = 0;
    else if (f1 < fw)
        w = 1;
    double S[36], y[6], ya[6], yb[6];
    for (int i = 0; i < 36; i++)
        S[i] = w * Ai[i] + (1 - w) * Bi[i];
    if (sw_mat_inv_spd(6, S, P))
        return -1;
    sw_mat_vec(6, 6, Ai, a, ya);
    sw_mat_vec(6, 6, Bi, b, yb);
    for (int i = 0; i < 6; i++)
        y[i] = w * ya[i] + (1 - w) * yb[i];
    sw_mat_vec(6, 6, P, y, x);
    sw_mat_symmetrize(6, P);
    return w;
}

double fus_chi2(const double a[6], const double A[36], const double b[6], const double B[36],
                double bias_m, double bias_mps)
{
    double S[36], L[36], v[6];
    for (int i = 0; i < 36; i++)
        S[i] = A[i] + B[i];
    for (int i = 0; i < 3; i++) {
        S[i * 7] += bias_m * bias_m;
        S[(i + 3) * 7] += bias_mps * bias_mps;
    }
    for (int i = 0; i < 6; i++)
        v[i] = a[i] - b[i];
    if (sw_chol(6, S, L))
        return HUGE_VAL;
    return sw_mahal2(6, L, v);
}

int fus_r2_beats(double sd_a, double claim_a, int ia, double sd_b, double claim_b, int ib,
                 double margin)
{
    if (sd_a < (1 - margin) * sd_b)
        return 1;
    if (sd_b < (1 - margin) * sd_a)
        return 0;
    if (claim_a != claim_b)
        return claim_a < claim_b;
    return ia < ib;
}
