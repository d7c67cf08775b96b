/* metrics/pcrlb.c - the posterior Cramér-Rao bound for the constant-velocity model.
 *
 * The bound is the information-form Riccati recursion of Tichavský, Muravchik & Nehorai (IEEE
 * TSP 46(5), 1998), which for a linear-Gaussian motion model reads
 *     J_{k+1} = (Q + F J_k⁻¹ Fᵀ)⁻¹ + Σ_s Pd_s · H_sᵀ R_s⁻¹ H_s.
 * Pd_s is the information reduction factor for Pd < 1 without clutter (Stinco et al. 2013 §3.2,
 * as the US NRL Tracker Component Library's FIMPostNoClutter uses it).  The prediction uses the
 * covariance form above once J is positive definite, and Tichavský's information form
 * J⁻ = Q⁻¹ − Q⁻¹F (J + FᵀQ⁻¹F)⁻¹ FᵀQ⁻¹ (or F⁻ᵀ J F⁻¹ when q = 0) before, so a bound can start
 * with no prior at all, exactly as a tracker that knows nothing before its first plots. */
#include "metrics/metrics.h"

#include <math.h>
#include <string.h>

#include "core/mat.h"
#include "core/types.h"

static int nstate(const met_pcrlb *b) { return 2 * b->dim; }

/* Inverse of an information matrix, refused when it is singular in all but roundoff: each
 * Cholesky pivot must keep a fraction of its own diagonal, a test that does not depend on the
 * units of the states (metres vs m/s). */
static sw_rc inv_info(int n, const double *J, double *P)
{
    double L[36];
    if (sw_chol(n, J, L) != SW_OK)
        return SW_ENUMERIC;
    for (int i = 0; i < n; i++)
        if (!(L[i * n + i] * L[i * n + i] > 1e-11 * J[i * n + i]))
            return SW_ENUMERIC;
    sw_mat_identity(n, P);
    sw_chol_solve_mat(n, n, L, P, P);
    sw_mat_symmetrize(n, P);
    return SW_OK;
}

/* F and Q of the CV model with continuous white-noise acceleration (Bar-Shalom et al. §6.2.2). */
static void cv_model(int dim, double q, double dt, double *F, double *Q)
{
    int n = 2 * dim;
    sw_mat_identity(n, F);
    memset(Q, 0, sizeof(double) * (size_t)(n * n));
    for (int i = 0; i < dim; i++) {
        int v = dim + i;
        F[i * n + v] = dt;
        Q[i * n + i] = q * dt * dt * dt / 3.0;
        Q[i * n + v] = Q[v * n + i] = q * dt * dt / 2.0;
        Q[v * n + v] = q * dt;
    }
}

sw_rc met_pcrlb_init(met_pcrlb *b, int dim, double q, double t0, const double *P0, sw_err *err)
{
    if (dim != 2 && dim != 3)
        return sw_err_set(err, SW_EINVAL, "pcrlb: dim must be 2 or 3, not %d", dim);
    if (!(q >= 0) || !isfinite(q) || !isfinite(t0))
        return sw_err_set(err, SW_EINVAL, "pcrlb: q must be finite and >= 0 (got %g)", q);
    memset(b, 0, sizeof *b);
    b->dim = dim;
    b->q = q;
    b->t = t0;
    if (P0 && sw_mat_inv_spd(2 * dim, P0, b->J) != SW_OK)
        return sw_err_set(err, SW_ENUMERIC, "pcrlb: the prior covariance is not positive definite");
    return SW_OK;
}

/* Information-form prediction for a J that is not (yet) invertible. */
static sw_rc predict_info(met_pcrlb *b, const double *F, const double *Q)
{
    int n = nstate(b);
    double Fi[36], T[36], J2[36];
    memcpy(Fi, F, sizeof(double) * (size_t)(n * n));
    if (sw_mat_inv(n, Fi, Fi) != SW_OK)
        return SW_ENUMERIC;
    if (b->q == 0) { /* J⁻ = F⁻ᵀ J F⁻¹ */
        sw_mat_mul_atb(n, n, n, Fi, b->J, T);
        sw_mat_mul(n, n, n, T, Fi, b->J);
        sw_mat_symmetrize(n, b->J);
        return SW_OK;
    }
    double Qi[36], QiF[36], D11[36], M[36];
    if (sw_mat_inv_spd(n, Q, Qi) != SW_OK)
        return SW_ENUMERIC;
    sw_mat_mul(n, n, n, Qi, F, QiF);              /* Q⁻¹F */
    sw_mat_mul_atb(n, n, n, F, QiF, D11);         /* FᵀQ⁻¹F */
    for (int k = 0; k < n * n; k++)
        M[k] = b->J[k] + D11[k];
    if (sw_mat_inv_spd(n, M, M) != SW_OK)
        return SW_ENUMERIC;
    sw_mat_abat(n, n, QiF, M, T);                 /* Q⁻¹F (J + D11)⁻¹ FᵀQ⁻¹ */
    for (int k = 0; k < n * n; k++)
        J2[k] = Qi[k] - T[k];
    sw_mat_symmetrize(n, J2);
    memcpy(b->J, J2, sizeof(double) * (size_t)(n * n));
    return SW_OK;
}

sw_rc met_pcrlb_predict(met_pcrlb *b, double t, sw_err *err)
{
    double dt = t - b->t;
    if (!(dt >= 0))
        return sw_err_set(err, SW_EORDER, "pcrlb: time goes back from %.6f to %.6f", b->t, t);
    if (dt == 0)
        return SW_OK;
    int n = nstate(b);
    double F[36], Q[36], P[36], Pp[36];
    cv_model(b->dim, b->q, dt, F, Q);
    b->t = t;
    if (inv_info(n, b->J, P) == SW_OK) {
        sw_mat_abat(n, n, F, P, Pp);
        for (int k = 0; k < n * n; k++)
            Pp[k] += Q[k];
        if (sw_mat_inv_spd(n, Pp, b->J) == SW_OK)
            return SW_OK;
        return sw_err_set(err, SW_ENUMERIC, "pcrlb: predicted covariance not positive definite");
    }
    if (predict_info(b, F, Q) != SW_OK)
        return sw_err_set(err, SW_ENUMERIC, "pcrlb: information prediction failed at t=%.6f", t);
    return SW_OK;
}

/* The measurement Jacobian H (d x n) at the true state; returns d, or 0 for a bad kind. */
static int jacobian(const met_pcrlb *b, const met_pcrlb_sensor *s, const double x[6], double *H)
{
    int dim = b->dim, n = nstate(b), d = sw_meas_dim(s->kind);
    memset(H, 0, sizeof(double) * (size_t)(d * n));
    switch (s->kind) {
    case SW_MEAS_XY:
    case SW_MEAS_XYZ:
        for (int i = 0; i < d && i < dim; i++)
            H[i * n + i] = 1.0;
        return d;
    case SW_MEAS_RA:
    case SW_MEAS_RAE:
        break;
    default:
        return 0;
    }
    double dx = x[0] - s->site[0], dy = x[1] - s->site[1];
    double dz = dim == 3 ? x[2] - s->site[2] : 0.0;
    double rho2 = dx * dx + dy * dy, rho = sqrt(rho2);
    double r2 = rho2 + dz * dz, r = sqrt(r2);
    if (rho <= 0)
        return 0; /* directly over the site: azimuth undefined */
    /* range: ∂r/∂p = p/r (slant in 3-D, planar in 2-D) */
    H[0 * n + 0] = dx / r;
    H[0 * n + 1] = dy / r;
    if (dim == 3)
        H[0 * n + 2] = dz / r;
    /* azimuth = atan2(dx, dy), clockwise from north */
    H[1 * n + 0] = dy / rho2;
    H[1 * n + 1] = -dx / rho2;
    if (s->kind == SW_MEAS_RAE) {
        if (dim != 3)
            return 0;
        /* elevation = atan2(dz, rho) */
        H[2 * n + 0] = -dx * dz / (r2 * rho);
        H[2 * n + 1] = -dy * dz / (r2 * rho);
        H[2 * n + 2] = rho / r2;
    }
    return d;
}

sw_rc met_pcrlb_update(met_pcrlb *b, const met_pcrlb_sensor *s, const double xtrue[6],
                       sw_err *err)
{
    if (!(s->pd > 0 && s->pd <= 1))
        return sw_err_set(err, SW_EINVAL, "pcrlb: Pd must be in (0, 1], not %g", s->pd);
    int n = nstate(b);
    double H[3 * 6];
    int d = jacobian(b, s, xtrue, H);
    if (d == 0)
        return sw_err_set(err, SW_EINVAL,
                          "pcrlb: sensor kind %d cannot observe this %d-D state here", s->kind,
                          b->dim);
    double Ri[9], RiH[18], I[36];
    if (sw_mat_inv_spd(d, s->R, Ri) != SW_OK)
        return sw_err_set(err, SW_ENUMERIC, "pcrlb: R is not positive definite");
    sw_mat_mul(d, d, n, Ri, H, RiH);
    sw_mat_mul_atb(n, d, n, H, RiH, I); /* Hᵀ R⁻¹ H */
    for (int k = 0; k < n * n; k++)
        b->J[k] += s->pd * I[k];
    sw_mat_symmetrize(n, b->J);
    return SW_OK;
}

sw_rc met_pcrlb_cov(const met_pcrlb *b, double *P)
{
    return inv_info(nstate(b), b->J, P);
}

sw_rc met_pcrlb_rmse(const met_pcrlb *b, double *pos_rmse, double *vel_rmse)
{
    double P[36];
    int n = nstate(b);
    *pos_rmse = *vel_rmse = INFINITY;
    if (met_pcrlb_cov(b, P) != SW_OK)
        return SW_ENUMERIC;
    double sp = 0, sv = 0;
    for (int i = 0; i < b->dim; i++) {
        sp += P[i * n + i];
        sv += P[(b->dim + i) * n + b->dim + i];
    }
    *pos_rmse = sqrt(sp);
    *vel_rmse = sqrt(sv);
    return SW_OK;
}

static sw_rc check_sensors(const met_pcrlb_sensor *s, int ns, sw_err *err)
{
    if (ns < 1 || ns > 32 || !s)
        return sw_err_set(err, SW_EINVAL, "pcrlb: need 1 to 32 sensors, got %d", ns);
    return SW_OK;
}

sw_rc met_pcrlb_steady(int dim, double q, double dt, const met_pcrlb_sensor *sensors, int ns,
                       const double xtrue[6], double *pos_rmse, double *vel_rmse, sw_err *err)
{
    met_pcrlb b;
    sw_rc rc;
    *pos_rmse = *vel_rmse = INFINITY;
    if ((rc = check_sensors(sensors, ns, err)) || (rc = met_pcrlb_init(&b, dim, q, 0, NULL, err)))
        return rc;
    if (!(dt > 0) || !isfinite(dt))
        return sw_err_set(err, SW_EINVAL, "pcrlb: dt must be > 0 (got %g)", dt);
    int n = 2 * dim;
    double prev[36];
    for (long k = 0; k < 1000000; k++) {
        memcpy(prev, b.J, sizeof prev);
        if (k > 0 && (rc = met_pcrlb_predict(&b, b.t + dt, err)))
            return rc;
        for (int s = 0; s < ns; s++)
            if ((rc = met_pcrlb_update(&b, &sensors[s], xtrue, err)))
                return rc;
        double num = 0, den = 0;
        for (int i = 0; i < n * n; i++) {
            num += (b.J[i] - prev[i]) * (b.J[i] - prev[i]);
            den += b.J[i] * b.J[i];
        }
        if (k > 2 * n && num <= 1e-24 * den) {
            if (met_pcrlb_rmse(&b, pos_rmse, vel_rmse) != SW_OK)
                break;
            return SW_OK;
        }
    }
    return sw_err_set(err, SW_ENUMERIC,
                      "pcrlb: no steady state (state unobservable or q = 0 with these sensors)");
}

sw_rc met_pcrlb_trajectory(int dim, double q, const double *P0, const met_pcrlb_sensor *sensors,
                           int ns, size_t n, const double *t, const double *x,
                           const uint32_t *mask, double *pos_rmse, double *vel_rmse, sw_err *err)
{
    met_pcrlb b;
    sw_rc rc;
    if ((rc = check_sensors(sensors, ns, err)))
        return rc;
    if (n == 0)
        return SW_OK;
    if ((rc = met_pcrlb_init(&b, dim, q, t[0], P0, err)))
        return rc;
    for (size_t k = 0; k < n; k++) {
        if ((rc = met_pcrlb_predict(&b, t[k], err)))
            return rc;
        uint32_t m = mask ? mask[k] : 0xffffffffu;
        for (int s = 0; s < ns; s++)
            if ((m >> s) & 1u)
                if ((rc = met_pcrlb_update(&b, &sensors[s], x + 6 * k, err)))
                    return rc;
        met_pcrlb_rmse(&b, &pos_rmse[k], &vel_rmse[k]);
    }
    return SW_OK;
}
