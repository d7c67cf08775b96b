/* core/mat.h - small dense matrices (up to SW_MAT_MAX x SW_MAT_MAX) on the caller's stack.
 *
 * Matrices are plain row-major double arrays with their sizes passed alongside, GSL-style:
 * inputs first, output last.  Nothing here allocates; outputs may not alias inputs unless a
 * function says so.  Symmetric positive-definite (SPD) work goes through Cholesky, which returns
 * SW_ENUMERIC rather than produce a NaN when the matrix is not positive definite. */
#ifndef SW_CORE_MAT_H
#define SW_CORE_MAT_H

#include "core/rc.h"

#define SW_MAT_MAX 9

/* C(n x p) = A(n x m) * B(m x p) */
void sw_mat_mul(int n, int m, int p, const double *A, const double *B, double *C);
/* C(n x p) = A(n x m) * B(p x m)^T */
void sw_mat_mul_abt(int n, int m, int p, const double *A, const double *B, double *C);
/* C(n x p) = A(m x n)^T * B(m x p) */
void sw_mat_mul_atb(int n, int m, int p, const double *A, const double *B, double *C);
/* y(n) = A(n x m) x(m) */
void sw_mat_vec(int n, int m, const double *A, const double *x, double *y);
/* B(m x n) = A(n x m)^T */
void sw_mat_transpose(int n, int m, const double *A, double *B);
/* A(n x n) = I */
void sw_mat_identity(int n, double *A);
/* A = (A + A^T) / 2, in place */
void sw_mat_symmetrize(int n, double *A);
/* C = A*B*A^T for A (n x m), B (m x m) -> C (n x n), symmetrised */
void sw_mat_abat(int n, int m, const double *A, const double *B, double *C);

/* Cholesky A = L L^T of an n x n SPD matrix; L lower-triangular (upper part zeroed).
 * L may alias A.  SW_ENUMERIC if A is not positive definite (or has a NaN). */
sw_rc sw_chol(int n, const double *A, double *L);
/* Solves L L^T x = b for one vector; x may alias b. */
void sw_chol_solve(int n, const double *L, const double *b, double *x);
/* Solves L L^T X = B for B (n x p); X may alias B. */
void sw_chol_solve_mat(int n, int p, const double *L, const double *B, double *X);
/* log(det A) from its Cholesky factor. */
double sw_chol_logdet(int n, const double *L);
/* A^{-1} (symmetric) from the Cholesky factor L of A: a solve's covariance from its own factor. */
void sw_chol_inv(int n, const double *L, double *Ainv);
/* Inverse of an SPD matrix through Cholesky; Ainv may alias A. */
sw_rc sw_mat_inv_spd(int n, const double *A, double *Ainv);
/* v^T A^{-1} v given the Cholesky factor L of A (a squared Mahalanobis distance). */
double sw_mahal2(int n, const double *L, const double *v);
/* Inverse of a general square matrix by Gauss-Jordan with partial pivoting; Ainv may alias A.
 * SW_ENUMERIC if singular. */
sw_rc sw_mat_inv(int n, const double *A, double *Ainv);

#endif
