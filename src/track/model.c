/* track/model.c - motion models: constant velocity, constant acceleration, coordinated turn,
 * ballistic (free fall).
 *
 * Process noise is the discretised continuous-time model (Bar-Shalom, Li & Kirubarajan,
 * "Estimation with Applications to Tracking and Navigation", 2001, §6.2): white-noise
 * acceleration for CV (per axis q [T^3/3 T^2/2; T^2/2 T]), Wiener-process acceleration for CA
 * (q [T^5/20 T^4/8 T^3/6; T^4/8 T^3/3 T^2/2; T^3/6 T^2/2 T]) and the nearly coordinated turn
 * with the turn rate as a state (§11.7.2) for CT, whose vertical axis (3-D) is CV.
 *
 * Ballistic: CV plus gravity, the known input of a body in free fall (Li & Jilkov, "Survey of
 * maneuvering target tracking. Part II: motion models of ballistic and space targets", IEEE
 * TAES 46(1), 2010, §3): central gravity GM/r^2 towards the Earth's centre, which is straight
 * below the common frame's origin (a sphere of the mean radius: the direction is then off by at
 * most 0.2 deg, 0.03 m/s^2).  J2, Earth rotation and drag are left to the process noise q_bal
 * (together under 0.1 m/s^2 above the atmosphere; re-entry drag is the CA model's).  Gravity's
 * gradient (3e-6 /s^2) is left out of F: it changes P by less than 1e-4 over a revisit.
 *
 * CV and CA use the structure of F = I + T*E (+ T^2/2*E^2): F P F^T is done as row and column
 * operations in O(n^2) rather than two O(n^3) products, which is most of the hot path's cost. */
#include <math.h>
#include <string.h>

#include "track/trk_internal.h"

int trk_model_nx(int model, int dim)
{
    switch (model) {
    case TRK_MODEL_CA: return 3 * dim;
    case TRK_MODEL_CT: return 2 * dim + 1;
    case TRK_MODEL_BAL:
    default: return 2 * dim;
    }
}

void trk_cwna_Q(double q, double dt, double *q11, double *q12, double *q22)
{
    *q11 = q * dt * dt * dt / 3.0;
    *q12 = q * dt * dt / 2.0;
    *q22 = q * dt;
}

/* P[i][j] for a row-major n x n matrix */
#define E(P, n, i, j) (P)[(i) * (n) + (j)]

static void add_cwna(int n, int d, double *P, double q, double dt, int axes)
{
    double q11, q12, q22;
    trk_cwna_Q(q, dt, &q11, &q12, &q22);
    for (int k = 0; k < axes; k++) {
        E(P, n, k, k) += q11;
        E(P, n, k, d + k) += q12;
        E(P, n, d + k, k) += q12;
        E(P, n, d + k, d + k) += q22;
    }
}

static void predict_cv(int d, double q, double dt, const double *x, const double *P, double *xo,
                       double *Po)
{
    int n = 2 * d;
    for (int k = 0; k < d; k++) {
        xo[k] = x[k] + dt * x[d + k];
        xo[d + k] = x[d + k];
    }
    if (Po != P)
        memcpy(Po, P, sizeof(double) * (size_t)(n * n));
    /* rows: p_k += dt v_k, then columns likewise: F P F^T */
    for (int k = 0; k < d; k++)
        for (int j = 0; j < n; j++)
            E(Po, n, k, j) += dt * E(Po, n, d + k, j);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < d; k++)
            E(Po, n, i, k) += dt * E(Po, n, i, d + k);
    add_cwna(n, d, Po, q, dt, d);
    sw_mat_symmetrize(n, Po);
}

static void predict_ca(int d, double q, double dt, const double *x, const double *P, double *xo,
                       double *Po)
{
    int n = 3 * d;
    double h = 0.5 * dt * dt;
    for (int k = 0; k < d; k++) {
        xo[k] = x[k] + dt * x[d + k] + h * x[2 * d + k];
        xo[d + k] = x[d + k] + dt * x[2 * d + k];
        xo[2 * d + k] = x[2 * d + k];
    }
    if (Po != P)
        memcpy(Po, P, sizeof(double) * (size_t)(n * n));
    /* rows in order p, v (each uses rows not yet changed), then columns the same way */
    for (int k = 0; k < d; k++)
        for (int j = 0; j < n; j++)
            E(Po, n, k, j) += dt * E(Po, n, d + k, j) + h * E(Po, n, 2 * d + k, j);
    for (int k = 0; k < d; k++)
        for (int j = 0; j < n; j++)
            E(Po, n, d + k, j) += dt * E(Po, n, 2 * d + k, j);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < d; k++)
            E(Po, n, i, k) += dt * E(Po, n, i, d + k) + h * E(Po, n, i, 2 * d + k);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < d; k++)
            E(Po, n, i, d + k) += dt * E(Po, n, i, 2 * d + k);
    double t2 = dt * dt, t3 = t2 * dt, t4 = t3 * dt, t5 = t4 * dt;
    double Qa[9] = {t5 / 20, t4 / 8, t3 / 6, t4 / 8, t3 / 3, t2 / 2, t3 / 6, t2 / 2, dt};
    for (int k = 0; k < d; k++) {
        int idx[3] = {k, d + k, 2 * d + k};
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                E(Po, n, idx[a], idx[b]) += q * Qa[a * 3 + b];
    }
    sw_mat_symmetrize(n, Po);
}

/* Nearly coordinated turn, state [p(d), v(d), omega]; the turn is in the x-y plane,
 * counter-clockwise for omega > 0 (x east, y north). */
static void predict_ct(int d, double q, double qw, double dt, const double *x, const double *P,
                       double *xo, double *Po)
{
    int n = 2 * d + 1, iw = 2 * d, ivx = d, ivy = d + 1;
    double w = x[iw], vx = x[ivx], vy = x[ivy], wt = w * dt;
    double s = sin(wt), c = cos(wt);
    double sw, cw, a1, a2; /* sin(wT)/w, (1-cos(wT))/w, d/dw of them times w^2 */
    if (fabs(wt) < 1e-4) {
        double wt2 = wt * wt;
        sw = dt * (1 - wt2 / 6);
        cw = 0.5 * dt * wt * (1 - wt2 / 12);
        a1 = -w * dt * dt * dt / 3;        /* (wT cos - sin)/w^2 */
        a2 = 0.5 * dt * dt * (1 - wt2 / 4); /* (wT sin - 1 + cos)/w^2 */
    } else {
        sw = s / w;
        cw = (1 - c) / w;
        a1 = (wt * c - s) / (w * w);
        a2 = (wt * s - 1 + c) / (w * w);
    }
    memcpy(xo, x, sizeof(double) * (size_t)n);
    xo[0] = x[0] + sw * vx - cw * vy;
    xo[1] = x[1] + cw * vx + sw * vy;
    xo[ivx] = c * vx - s * vy;
    xo[ivy] = s * vx + c * vy;
    if (d == 3)
        xo[2] = x[2] + dt * x[5];
    double F[TRK_NX * TRK_NX];
    sw_mat_identity(n, F);
    E(F, n, 0, ivx) = sw;
    E(F, n, 0, ivy) = -cw;
    E(F, n, 1, ivx) = cw;
    E(F, n, 1, ivy) = sw;
    E(F, n, ivx, ivx) = c;
    E(F, n, ivx, ivy) = -s;
    E(F, n, ivy, ivx) = s;
    E(F, n, ivy, ivy) = c;
    E(F, n, 0, iw) = a1 * vx - a2 * vy;
    E(F, n, 1, iw) = a2 * vx + a1 * vy;
    E(F, n, ivx, iw) = -dt * (s * vx + c * vy);
    E(F, n, ivy, iw) = dt * (c * vx - s * vy);
    if (d == 3)
        E(F, n, 2, 5) = dt;
    sw_mat_abat(n, n, F, P, Po);
    add_cwna(n, d, Po, q, dt, d);
    E(Po, n, iw, iw) += qw * dt;
}

#define TRK_GM 3.986004418e14  /* m^3/s^2, WGS-84 */
#define TRK_R_MEAN 6371008.8  /* m, IUGG mean Earth radius */

void trk_gravity(const double p[3], double g[3])
{
    double r[3] = {p[0], p[1], p[2] + TRK_R_MEAN};
    double r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2], k = -TRK_GM / (r2 * sqrt(r2));
    for (int a = 0; a < 3; a++)
        g[a] = k * r[a];
}

static void predict_bal(int d, double q, double dt, const double *x, const double *P, double *xo,
                        double *Po)
{
    predict_cv(d, q, dt, x, P, xo, Po);
    if (d != 3)
        return;
    /* gravity at the middle of the step: second order in dt like the position update */
    double g[3], m[3];
    trk_gravity(x, g);
    for (int a = 0; a < 3; a++)
        m[a] = x[a] + 0.5 * dt * x[3 + a] + 0.125 * dt * dt * g[a];
    trk_gravity(m, g);
    for (int a = 0; a < 3; a++) {
        xo[a] += 0.5 * dt * dt * g[a];
        xo[3 + a] += dt * g[a];
    }
}

void trk_model_predict(const trk_fspec *f, int model, double dt, const double *x, const double *P,
                       double *xo, double *Po)
{
    switch (model) {
    case TRK_MODEL_CA: predict_ca(f->dim, f->q_ca, dt, x, P, xo, Po); break;
    case TRK_MODEL_BAL: predict_bal(f->dim, f->q_bal, dt, x, P, xo, Po); break;
    case TRK_MODEL_CT: {
        double qw = f->q_omega, v2 = x[f->dim] * x[f->dim] + x[f->dim + 1] * x[f->dim + 1];
        if (f->ct_vref > 0 && v2 > f->ct_vref * f->ct_vref)
            qw *= f->ct_vref * f->ct_vref / v2;
        predict_ct(f->dim, f->q_ct, qw, dt, x, P, xo, Po);
        break;
    }
    default: predict_cv(f->dim, f->q_cv, dt, x, P, xo, Po);
    }
}
