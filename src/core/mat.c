/* core/mat.c - small dense matrix kernels.  Loops are written for n <= 9 where the compiler
 * unrolls well; no blocking, no allocation. */
#include "core/mat.h"

#include <assert.h>
#include <math.h>
#include <string.h>

void sw_mat_mul(int n, int m, int p, const double *A, const double *B, double *C)
{
    assert(C != A && C != B);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += A[i * m + k] * B[k * p + j];
            C[i * p + j] = s;
        }
    }
}

void sw_mat_mul_abt(int n, int m, int p, const double *A, const double *B, double *C)
{
    assert(C != A && C != B);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += A[i * m + k] * B[j * m + k];
            C[i * p + j] = s;
        }
}

void sw_mat_mul_atb(int n, int m, int p, const double *A, const double *B, double *C)
{
    assert(C != A && C != B);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int k = 0; k < m; k++)
                s += A[k * n + i] * B[k * p + j];
            C[i * p + j] = s;
        }
}

void sw_mat_vec(int n, int m, const double *A, const double *x, double *y)
{
    assert(y != x);
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k < m; k++)
            s += A[i * m + k] * x[k];
        y[i] = s;
    }
}

void sw_mat_transpose(int n, int m, const double *A, double *B)
{
    assert(A != B);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            B[j * n + i] = A[i * m + j];
}

void sw_mat_identity(int n, double *A)
{
    memset(A, 0, sizeof(double) * (size_t)(n * n));
    for (int i = 0; i < n; i++)
        A[i * n + i] = 1.0;
}

void sw_mat_symmetrize(int n, double *A)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double s = 0.5 * (A[i * n + j] + A[j * n + i]);
            A[i * n + j] = A[j * n + i] = s;
        }
}

void sw_mat_abat(int n, int m, const double *A, const double *B, double *C)
{
    double T[SW_MAT_MAX * SW_MAT_MAX];
    assert(n <= SW_MAT_MAX && m <= SW_MAT_MAX);
    sw_mat_mul(n, m, m, A, B, T);
    sw_mat_mul_abt(n, m, n, T, A, C);
    sw_mat_symmetrize(n, C);
}

sw_rc sw_chol(int n, const double *A, double *L)
{
    assert(n <= SW_MAT_MAX);
    if (L != A)
        memcpy(L, A, sizeof(double) * (size_t)(n * n));
    for (int j = 0; j < n; j++) {
        double d = L[j * n + j];
        for (int k = 0; k < j; k++)
            d -= L[j * n + k] * L[j * n + k];
        if (!(d > 0.0) || !isfinite(d))
            return SW_ENUMERIC;
        d = sqrt(d);
        L[j * n + j] = d;
        for (int i = j + 1; i < n; i++) {
            double s = L[i * n + j];
            for (int k = 0; k < j; k++)
                s -= L[i * n + k] * L[j * n + k];
            L[i * n + j] = s / d;
        }
        for (int i = 0; i < j; i++)
            L[i * n + j] = 0.0;
    }
    return SW_OK;
}

void sw_chol_solve(int n, const double *L, const double *b, double *x)
{
    double y[SW_MAT_MAX];
    for (int i = 0; i < n; i++) {
        double s = b[i];
        for (int k = 0; k < i; k++)
            s -= L[i * n + k] * y[k];
        y[i] = s / L[i * n + i];
    }
    for (int i = n - 1; i >= 0; i--) {
        double s = y[i];
        for (int k = i + 1; k < n; k++)
            s -= L[k * n + i] * x[k];
        x[i] = s / L[i * n + i];
    }
}

void sw_chol_solve_mat(int n, int p, const double *L, const double *B, double *X)
{
    double col[SW_MAT_MAX];
    for (int j = 0; j < p; j++) {
        for (int i = 0; i < n; i++)
            col[i] = B[i * p + j];
        sw_chol_solve(n, L, col, col);
        for (int i = 0; i < n; i++)
            X[i * p + j] = col[i];
    }
}

double sw_chol_logdet(int n, const double *L)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += log(L[i * n + i]);
    return 2.0 * s;
}

void sw_chol_inv(int n, const double *L, double *Ainv)
{
    sw_mat_identity(n, Ainv);
    sw_chol_solve_mat(n, n, L, Ainv, Ainv);
    sw_mat_symmetrize(n, Ainv);
}

sw_rc sw_mat_inv_spd(int n, const double *A, double *Ainv)
{
    double L[SW_MAT_MAX * SW_MAT_MAX];
    sw_rc rc = sw_chol(n, A, L);
    if (rc)
        return rc;
    sw_chol_inv(n, L, Ainv);
    return SW_OK;
}

double sw_mahal2(int n, const double *L, const double *v)
{
    /* Forward substitution only: |L^{-1} v|^2 = v^T (L L^T)^{-1} v. */
    double y[SW_MAT_MAX], s2 = 0;
    for (int i = 0; i < n; i++) {
        double s = v[i];
        for (int k = 0; k < i; k++)
            s -= L[i * n + k] * y[k];
        y[i] = s / L[i * n + i];
        s2 += y[i] * y[i];
    }
    return s2;
}

sw_rc sw_mat_inv(int n, const double *A, double *Ainv)
{
    double M[SW_MAT_MAX * 2 * SW_MAT_MAX];
    int w = 2 * n;
    assert(n <= SW_MAT_MAX);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            M[i * w + j] = A[i * n + j];
            M[i * w + n + j] = (i == j);
        }
    for (int c = 0; c < n; c++) {
        int piv = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(M[r * w + c]) > fabs(M[piv * w + c]))
                piv = r;
        double pv = M[piv * w + c];
        if (!(fabs(pv) > 1e-300) || !isfinite(pv))
            return SW_ENUMERIC;
        if (piv != c)
            for (int j = 0; j < w; j++) {
                double t = M[c * w + j];
                M[c * w + j] = M[piv * w + j];
                M[piv * w + j] = t;
            }
        for (int j = 0; j < w; j++)
            M[c * w + j] /= pv;
        for (int r = 0; r < n; r++) {
            if (r == c)
                continue;
            double f = M[r * w + c];
            if (f != 0.0)
                for (int j = 0; j < w; j++)
                    M[r * w + j] -= f * M[c * w + j];
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            Ainv[i * n + j] = M[i * w + n + j];
    return SW_OK;
}
