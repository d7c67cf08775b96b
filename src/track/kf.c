/* track/kf.c - the Kalman measurement update, shared by KF, EKF and every IMM model.
 *
 * Joseph form, P+ = (I - K H) P (I - K H)^T + K R K^T, symmetrised (Bar-Shalom et al. 2001,
 * §5.2.3): it stays a covariance under the rounding of a poorly conditioned gain, which the
 * short form P - K S K^T does not.  The gain comes from the Cholesky factor of S, never from an
 * explicit inverse; a factorisation that fails is SW_ENUMERIC and the caller keeps its state. */
#include <math.h>
#include <string.h>

#include "track/trk_internal.h"

#define LOG_2PI 1.8378770664093454836

/* S symmetrised and factored; the distance and the log-likelihood of nu */
static sw_rc finish_innov(int m, double *S, double *L, const double *nu, double *d2,
                          double *loglik)
{
    sw_mat_symmetrize(m, S);
    if (sw_chol(m, S, L))
        return SW_ENUMERIC;
    double q = sw_mahal2(m, L, nu);
    if (d2)
        *d2 = q;
    if (loglik)
        *loglik = -0.5 * (q + sw_chol_logdet(m, L) + m * LOG_2PI);
    return SW_OK;
}

sw_rc trk_kf_innov(int n, int m, const double *P, const double *H, const double *R,
                   const double *nu, double *S, double *L, double *d2, double *loglik)
{
    double PHt[TRK_NX * 3];
    sw_mat_mul_abt(n, n, m, P, H, PHt);
    sw_mat_mul(m, n, m, H, PHt, S);
    for (int i = 0; i < m * m; i++)
        S[i] += R[i];
    return finish_innov(m, S, L, nu, d2, loglik);
}

void trk_kf_gain(int n, int m, const double *P, const double *H, const double *L,
                 uint32_t consider, double *K)
{
    double HP[3 * TRK_NX], Kt[3 * TRK_NX];
    sw_mat_mul(m, n, n, H, P, HP);
    sw_chol_solve_mat(m, n, L, HP, Kt); /* K^T = S^-1 H P */
    sw_mat_transpose(m, n, Kt, K);
    for (int i = 0; consider && i < n; i++)
        if (consider >> i & 1u)
            for (int k = 0; k < m; k++)
                K[i * m + k] = 0;
}

sw_rc trk_kf_update(int n, int m, double *x, double *P, const double *nu, const double *H,
                    const double *R, const double *L)
{
    return trk_kf_update_consider(n, m, x, P, nu, H, R, L, 0);
}

sw_rc trk_kf_update_consider(int n, int m, double *x, double *P, const double *nu,
                             const double *H, const double *R, const double *L, uint32_t consider)
{
    double K[TRK_NX * 3];
    trk_kf_gain(n, m, P, H, L, consider, K);
    double xn[TRK_NX];
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k < m; k++)
            s += K[i * m + k] * nu[k];
        xn[i] = x[i] + s;
    }
    double A[TRK_NX * TRK_NX], Pn[TRK_NX * TRK_NX], KR[TRK_NX * 3];
    sw_mat_identity(n, A);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += K[i * m + k] * H[k * n + j];
            A[i * n + j] -= s;
        }
    sw_mat_abat(n, n, A, P, Pn);
    sw_mat_mul(n, m, m, K, R, KR);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += KR[i * m + k] * K[j * m + k];
            Pn[i * n + j] += s;
        }
    sw_mat_symmetrize(n, Pn);
    for (int i = 0; i < n; i++)
        if (!(Pn[i * n + i] > 0) || !isfinite(Pn[i * n + i]) || !isfinite(xn[i]))
            return SW_ENUMERIC;
    memcpy(x, xn, sizeof(double) * (size_t)n);
    memcpy(P, Pn, sizeof(double) * (size_t)(n * n));
    return SW_OK;
}

/* H = [I_m 0] (a Cartesian plot: positions lead every state).  The same Joseph form, written out:
 * with K = P[:, :m] S^-1,  (I - K H) P (I - K H)^T = P - K P[:m, :] - P[:, :m] K^T + K P[:m, :m] K^T,
 * O(n^2 m) instead of O(n^3). */
sw_rc trk_kf_update_sel(int n, int m, double *x, double *P, const double *nu, const double *R,
                        const double *L)
{
    /* PH zeroed: -O3 cannot see that the loop fills what the solve reads (m <= 3) */
    double Kt[3 * TRK_NX], PH[3 * TRK_NX] = {0};
    for (int k = 0; k < m; k++)
        for (int j = 0; j < n; j++)
            PH[k * n + j] = P[k * n + j]; /* rows 0..m-1 of P = (P H^T)^T */
    sw_chol_solve_mat(m, n, L, PH, Kt);  /* K^T = S^-1 H P */
    double xn[TRK_NX], Pn[TRK_NX * TRK_NX];
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k < m; k++)
            s += Kt[k * n + i] * nu[k];
        xn[i] = x[i] + s;
    }
    /* M = K (P_mm + R) K^T - K P[:m,:] - P[:,:m] K^T ; P_mm + R = S */
    double KS[TRK_NX * 3];
    for (int i = 0; i < n; i++)
        for (int b = 0; b < m; b++) {
            double s = 0;
            for (int a = 0; a < m; a++)
                s += Kt[a * n + i] * (P[a * n + b] + R[a * m + b]);
            KS[i * m + b] = s;
        }
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            double s = P[i * n + j];
            for (int a = 0; a < m; a++)
                s += KS[i * m + a] * Kt[a * n + j] - Kt[a * n + i] * PH[a * n + j] -
                     PH[a * n + i] * Kt[a * n + j];
            Pn[i * n + j] = Pn[j * n + i] = s;
        }
    for (int i = 0; i < n; i++)
        if (!(Pn[i * n + i] > 0) || !isfinite(Pn[i * n + i]) || !isfinite(xn[i]))
            return SW_ENUMERIC;
    memcpy(x, xn, sizeof(double) * (size_t)n);
    memcpy(P, Pn, sizeof(double) * (size_t)(n * n));
    return SW_OK;
}

sw_rc trk_kf_innov_sel(int n, int m, const double *P, const double *R, const double *nu,
                       double *S, double *L, double *d2, double *loglik)
{
    for (int a = 0; a < m; a++)
        for (int b = 0; b < m; b++)
            S[a * m + b] = P[a * n + b] + R[a * m + b];
    return finish_innov(m, S, L, nu, d2, loglik);
}
