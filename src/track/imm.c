/* track/imm.c - the filter a track carries: one model (KF/EKF) or an IMM of several.
 *
 * Interacting multiple model (Bar-Shalom, Li & Kirubarajan 2001, §11.6.6): at each cycle the
 * model-conditioned estimates are mixed with the probabilities mu_{i|j} = p_ij mu_i / cbar_j, each
 * mixed estimate is predicted and updated by its own model, and the model probabilities become
 * mu_j ~ Lambda_j cbar_j.  A single model is the same code with nm = 1 (mixing is the identity).
 *
 * Model switching is a continuous-time Markov chain: at rate 1/tau the mode is redrawn uniformly,
 * so over dt p_ii = e + (1 - e)/nm and p_ij = (1 - e)/nm with e = exp(-dt/tau).  This gives a
 * proper stochastic matrix for any (irregular) update interval, and the identity for dt = 0.
 *
 * Models of unequal dimension share the [position, velocity] prefix; when mixing model i into
 * model j, the extras j has and i lacks (turn rate, acceleration) are taken from j's own estimate
 * with zero cross-covariance (Granstrom, Willett & Bar-Shalom, IEEE TAES 51(4), 2015). */
#include <math.h>
#include <string.h>

#include "track/trk_internal.h"

void trk_fspec_init(trk_fspec *f, const trk_params *p)
{
    memset(f, 0, sizeof *f);
    f->dim = p->dim;
    f->q_ct = p->q_ct;
    f->q_omega = p->q_omega;
    f->q_ca = p->imm_ballistic && p->dim == 3 ? p->q_boost : p->q_ca;
    f->q_bal = p->q_bal;
    f->tau = p->imm_sojourn_s > 0 ? p->imm_sojourn_s : 1e9;
    f->h_var_max = p->alt_sd_m * p->alt_sd_m;
    f->h_amax = p->max_accel_mps2;
    if (p->filter == TRK_FILTER_IMM) {
        /* a ballistic model needs a height: only in 3-D */
        int bal = p->imm_ballistic && p->dim == 3;
        f->nm = bal ? 4 : p->imm_ca ? 3 : 2;
        f->model[0] = TRK_MODEL_CV;
        f->model[1] = TRK_MODEL_CT;
        f->model[2] = TRK_MODEL_CA;
        f->model[3] = TRK_MODEL_BAL;
        /* a turn is bounded by the acceleration (omega = a / |v|): at 2 km/s the aircraft's
         * turn-rate noise would make a missile's CT model turn at 20 g within a revisit */
        if (bal)
            f->ct_vref = p->max_accel_mps2 / p->max_omega;
        f->q_cv = p->q_imm_cv;
        /* an aircraft's track starts flying straight; a missile's may start in boost or in
         * free fall, and a plot that shows which must not be refused for the prior's sake */
        double mu0 = bal ? 1.0 / f->nm : 0.8;
        f->init_mu[0] = mu0;
        for (int j = 1; j < f->nm; j++)
            f->init_mu[j] = (1 - mu0) / (f->nm - 1);
    } else {
        f->nm = 1;
        f->model[0] = p->filter == TRK_FILTER_CA ? TRK_MODEL_CA : TRK_MODEL_CV;
        f->q_cv = p->q_cv;
        f->init_mu[0] = 1;
    }
    int off = 0;
    for (int j = 0; j < f->nm; j++) {
        f->nx[j] = trk_model_nx(f->model[j], f->dim);
        f->off[j] = off;
        off += f->nx[j] + f->nx[j] * f->nx[j];
    }
    f->off_mu = off;
    f->stride = off + f->nm;
    if (f->nm > 1) { /* the moment-matched posterior, for the pre-gate */
        f->off_comb = f->stride;
        f->stride += 2 * f->dim + 4 * f->dim * f->dim;
    }
    f->q_max = f->q_cv > f->q_ct ? f->q_cv : f->q_ct;
}

static void transition(const trk_fspec *f, double dt, double *pij)
{
    int nm = f->nm;
    double e = exp(-dt / f->tau);
    for (int i = 0; i < nm; i++)
        for (int j = 0; j < nm; j++)
            pij[i * nm + j] = (1 - e) / nm + (i == j ? e : 0);
}

/* model i's estimate (xi, Pi) in model j's space, extras from (xj, Pj) when i != j */
static void map_into(const trk_fspec *f, int i, int j, const double *xi, const double *Pi,
                     const double *xj, const double *Pj, double *xo, double *Po)
{
    int ni = f->nx[i], nj = f->nx[j], np = 2 * f->dim;
    if (i == j || f->model[i] == f->model[j]) {
        memcpy(xo, xi, sizeof(double) * (size_t)nj);
        memcpy(Po, Pi, sizeof(double) * (size_t)(nj * nj));
        return;
    }
    memset(Po, 0, sizeof(double) * (size_t)(nj * nj));
    for (int a = 0; a < np; a++) {
        xo[a] = xi[a];
        for (int b = 0; b < np; b++)
            Po[a * nj + b] = Pi[a * ni + b];
    }
    for (int a = np; a < nj; a++) {
        xo[a] = xj[a];
        for (int b = np; b < nj; b++)
            Po[a * nj + b] = Pj[a * nj + b];
    }
}

void trk_filter_predict(const trk_fspec *f, const double *kin, double dt, trk_pred *pr)
{
    if (dt < 0)
        dt = 0;
    if (f->nm == 1) {
        pr->c[0] = 1;
        trk_model_predict(f, f->model[0], dt, kin, kin + f->nx[0], pr->x[0], pr->P[0]);
        return;
    }
    int nm = f->nm;
    const double *mu = kin + f->off_mu;
    double pij[TRK_MAXM * TRK_MAXM];
    transition(f, dt, pij);
    for (int j = 0; j < nm; j++) {
        double cb = 0;
        for (int i = 0; i < nm; i++)
            cb += pij[i * nm + j] * mu[i];
        pr->c[j] = cb;
    }
    for (int j = 0; j < nm; j++) {
        int nj = f->nx[j];
        const double *xj = kin + f->off[j], *Pj = xj + nj;
        double x0[TRK_NX] = {0}, P0[TRK_NX * TRK_NX] = {0};
        double xm[TRK_MAXM][TRK_NX], Pm[TRK_MAXM][TRK_NX * TRK_NX], w[TRK_MAXM];
        for (int i = 0; i < nm; i++) {
            const double *xi = kin + f->off[i], *Pi = xi + f->nx[i];
            w[i] = pr->c[j] > 0 ? pij[i * nm + j] * mu[i] / pr->c[j] : (i == j);
            map_into(f, i, j, xi, Pi, xj, Pj, xm[i], Pm[i]);
            for (int a = 0; a < nj; a++)
                x0[a] += w[i] * xm[i][a];
        }
        for (int i = 0; i < nm; i++) {
            if (w[i] == 0)
                continue;
            double d[TRK_NX];
            for (int a = 0; a < nj; a++)
                d[a] = xm[i][a] - x0[a];
            for (int a = 0; a < nj; a++)
                for (int b = 0; b < nj; b++)
                    P0[a * nj + b] += w[i] * (Pm[i][a * nj + b] + d[a] * d[b]);
        }
        sw_mat_symmetrize(nj, P0);
        trk_model_predict(f, f->model[j], dt, x0, P0, pr->x[j], pr->P[j]);
    }
}

static double logsumexp(int n, const double *a)
{
    double mx = -INFINITY;
    for (int i = 0; i < n; i++)
        if (a[i] > mx)
            mx = a[i];
    if (!isfinite(mx))
        return mx;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += exp(a[i] - mx);
    return mx + log(s);
}

sw_rc trk_filter_innov(const trk_fspec *f, const trk_pred *pr, const trk_meas *z,
                       const trk_sensor *s, trk_innov *in)
{
    int m = z->m, nm = f->nm, ok = 0;
    double la[TRK_MAXM];
    in->m = m;
    for (int j = 0; j < nm; j++) {
        double zhat[3];
        trk_meas_h(z, s, f->dim, f->nx[j], pr->x[j], zhat, in->H[j]);
        trk_meas_residual(z, zhat, in->nu[j]);
        sw_rc rc = z->kind == TRK_Z_CART
                       ? trk_kf_innov_sel(f->nx[j], m, pr->P[j], z->R, in->nu[j], in->S[j],
                                          in->L[j], &in->d2m[j], &in->ll[j])
                       : trk_kf_innov(f->nx[j], m, pr->P[j], in->H[j], z->R, in->nu[j], in->S[j],
                                      in->L[j], &in->d2m[j], &in->ll[j]);
        if (rc) {
            in->ll[j] = -INFINITY;
            in->ok[j] = 0;
        } else {
            in->ok[j] = 1;
            ok++;
        }
        la[j] = pr->c[j] > 0 ? log(pr->c[j]) + in->ll[j] : -INFINITY;
    }
    if (!ok)
        return SW_ENUMERIC;
    if (nm == 1) {
        in->loglik = in->ll[0];
        in->d2 = in->d2m[0];
        return SW_OK;
    }
    in->loglik = logsumexp(nm, la);
    /* gate on the moment-matched innovation: nu_c = sum c nu_j, S_c = sum c (S_j + spread) */
    double nuc[3] = {0}, Sc[9] = {0}, ct = 0;
    for (int j = 0; j < nm; j++)
        if (in->ok[j])
            ct += pr->c[j];
    for (int j = 0; j < nm; j++)
        if (in->ok[j])
            for (int a = 0; a < m; a++)
                nuc[a] += pr->c[j] / ct * in->nu[j][a];
    for (int j = 0; j < nm; j++) {
        if (!in->ok[j])
            continue;
        double w = pr->c[j] / ct;
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                Sc[a * m + b] += w * (in->S[j][a * m + b] +
                                      (in->nu[j][a] - nuc[a]) * (in->nu[j][b] - nuc[b]));
    }
    double L[9];
    if (sw_chol(m, Sc, L))
        return SW_ENUMERIC;
    in->d2 = sw_mahal2(m, L, nuc);
    /* a missile's IMM (the ballistic model is in it) gates on the union of its models' gates:
     * ignition, burn-out and the growing thrust of a boost are changes the mixture, weighted by
     * the old mode's probability, has not predicted yet, and the plot that shows them would
     * otherwise fall outside the gate of the track it should switch */
    if (f->model[nm - 1] == TRK_MODEL_BAL)
        for (int j = 0; j < nm; j++)
            if (in->ok[j] && in->d2m[j] < in->d2)
                in->d2 = in->d2m[j];
    return SW_OK;
}

/* After a consider update the height is unobserved: its variance grows with the process noise
 * without bound, but an aircraft's height is never less known than the prior (assumed_alt_m,
 * alt_sd_m) that started it.  Scaling row and column 2 keeps P a covariance. */
static void cap_height(const trk_fspec *f, int n, double *P)
{
    double v = P[2 * n + 2];
    if (f->dim != 3 || !(v > f->h_var_max))
        return;
    double c = sqrt(f->h_var_max / v);
    for (int i = 0; i < n; i++) {
        P[2 * n + i] *= c;
        P[i * n + 2] *= c;
    }
}

static void store_mu(const trk_fspec *f, const double *la, double *kin)
{
    double *mu = kin + f->off_mu, mx = -INFINITY, s = 0;
    for (int j = 0; j < f->nm; j++)
        if (la[j] > mx)
            mx = la[j];
    for (int j = 0; j < f->nm; j++)
        s += (mu[j] = isfinite(la[j]) ? exp(la[j] - mx) : 0);
    for (int j = 0; j < f->nm; j++) {
        mu[j] /= s;
        if (mu[j] < 1e-12)
            mu[j] = 1e-12; /* a model never dies: it must be able to come back */
    }
}

sw_rc trk_filter_update(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                        const trk_meas *z, double *kin)
{
    double la[TRK_MAXM];
    int ok = 0;
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j];
        double *x = kin + f->off[j], *P = x + n;
        memcpy(x, pr->x[j], sizeof(double) * (size_t)n);
        memcpy(P, pr->P[j], sizeof(double) * (size_t)(n * n));
        la[j] = -INFINITY;
        if (in->ok[j] &&
            !(z->kind == TRK_Z_CART
                  ? trk_kf_update_sel(n, in->m, x, P, in->nu[j], z->R, in->L[j])
                  : trk_kf_update_consider(n, in->m, x, P, in->nu[j], in->H[j], z->R, in->L[j],
                                           trk_meas_consider(z, f->dim, f->model[j])))) {
            if (trk_meas_consider(z, f->dim, f->model[j]))
                cap_height(f, n, P);
            la[j] = pr->c[j] > 0 ? log(pr->c[j]) + in->ll[j] : -INFINITY;
            ok++;
        }
    }
    if (!ok)
        return SW_ENUMERIC;
    store_mu(f, la, kin);
    trk_filter_cache(f, kin);
    return SW_OK;
}

sw_rc trk_filter_update_pda(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                            const trk_meas *const *zs, const double *beta, int k, double beta0,
                            double pd, const double *lambda, double *kin)
{
    double la[TRK_MAXM];
    int ok = 0;
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j], m = in[0].m;
        double *x = kin + f->off[j], *P = x + n;
        memcpy(x, pr->x[j], sizeof(double) * (size_t)n);
        memcpy(P, pr->P[j], sizeof(double) * (size_t)(n * n));
        la[j] = -INFINITY;
        if (!in[0].ok[j])
            continue;
        /* combined innovation and its spread (Bar-Shalom et al. 2001, §6.4 / PDAF) */
        double nu[3] = {0}, spread[9] = {0}, lam = 1 - pd;
        for (int i = 0; i < k; i++) {
            for (int a = 0; a < m; a++)
                nu[a] += beta[i] * in[i].nu[j][a];
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                    spread[a * m + b] += beta[i] * in[i].nu[j][a] * in[i].nu[j][b];
            if (in[i].ok[j])
                lam += pd * exp(in[i].ll[j]) / lambda[i];
        }
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
                spread[a * m + b] -= nu[a] * nu[b];
        double Pp[TRK_NX * TRK_NX], K[TRK_NX * 3];
        uint32_t cons = trk_meas_consider(zs[0], f->dim, f->model[j]);
        memcpy(Pp, P, sizeof(double) * (size_t)(n * n));
        if (trk_kf_update_consider(n, m, x, P, nu, in[0].H[j], zs[0]->R, in[0].L[j], cons))
            continue;
        trk_kf_gain(n, m, Pp, in[0].H[j], in[0].L[j], cons, K);
        double KSK[TRK_NX * TRK_NX];
        sw_mat_abat(n, m, K, spread, KSK);
        for (int a = 0; a < n * n; a++)
            P[a] = beta0 * Pp[a] + (1 - beta0) * P[a] + KSK[a];
        sw_mat_symmetrize(n, P);
        if (cons)
            cap_height(f, n, P);
        la[j] = pr->c[j] > 0 ? log(pr->c[j]) + log(lam) : -INFINITY;
        ok++;
    }
    (void)zs;
    if (!ok)
        return SW_ENUMERIC;
    store_mu(f, la, kin);
    trk_filter_cache(f, kin);
    return SW_OK;
}

double trk_filter_post_speed(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                             const trk_meas *z)
{
    int d = f->dim, m = in->m;
    double la[TRK_MAXM], lmax = -INFINITY, v[3] = {0}, wsum = 0;
    for (int j = 0; j < f->nm; j++) {
        la[j] = in->ok[j] && pr->c[j] > 0 ? log(pr->c[j]) + in->ll[j] : -INFINITY;
        if (la[j] > lmax)
            lmax = la[j];
    }
    if (!isfinite(lmax))
        return 0;
    for (int j = 0; j < f->nm; j++) {
        if (la[j] == -INFINITY)
            continue;
        double w = exp(la[j] - lmax), K[TRK_NX * 3];
        trk_kf_gain(f->nx[j], m, pr->P[j], in->H[j], in->L[j],
                    trk_meas_consider(z, d, f->model[j]), K);
        for (int a = 0; a < d; a++) {
            double vj = pr->x[j][d + a];
            for (int b = 0; b < m; b++)
                vj += K[(d + a) * m + b] * in->nu[j][b];
            v[a] += w * vj;
        }
        wsum += w;
    }
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / wsum;
}

void trk_filter_cache(const trk_fspec *f, double *kin)
{
    if (f->nm == 1)
        return;
    int np = 2 * f->dim;
    const double *mu = kin + f->off_mu;
    double *x = kin + f->off_comb, *P = x + np;
    memset(x, 0, sizeof(double) * (size_t)(np + np * np));
    for (int j = 0; j < f->nm; j++)
        for (int a = 0; a < np; a++)
            x[a] += mu[j] * kin[f->off[j] + a];
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j];
        const double *xj = kin + f->off[j], *Pj = xj + n;
        for (int a = 0; a < np; a++)
            for (int b = 0; b < np; b++)
                P[a * np + b] += mu[j] * (Pj[a * n + b] + (xj[a] - x[a]) * (xj[b] - x[b]));
    }
}

double trk_filter_pregate(const trk_fspec *f, const double *kin, double dt, const double *zpos,
                          const double *zR, double amax)
{
    int d = f->dim, np = 2 * d;
    const double *x, *P;
    double qv;
    if (f->nm == 1 && (f->model[0] == TRK_MODEL_CV || f->model[0] == TRK_MODEL_CT)) {
        x = kin;
        P = kin + f->nx[0];
        np = f->nx[0];
        qv = f->q_max;
    } else if (f->nm > 1) {
        x = kin + f->off_comb;
        P = x + np;
        qv = f->q_max;
    } else {
        return 0; /* CA: no pre-gate */
    }
    if (dt < 0)
        dt = 0;
    /* closed-form CV extrapolation of the position block, the largest process noise of the
     * models, and a manoeuvre margin of a_max dt^2 / 2 on each axis */
    double m = 0.5 * amax * dt * dt, S[9], nu[3];
    for (int a = 0; a < d; a++) {
        nu[a] = zpos[a] - (x[a] + dt * x[d + a]);
        for (int b = 0; b < d; b++)
            S[a * d + b] = P[a * np + b] + dt * (P[a * np + d + b] + P[(d + a) * np + b]) +
                           dt * dt * P[(d + a) * np + d + b] + zR[a * 3 + b] +
                           (a == b ? qv * dt * dt * dt / 3 + m * m : 0);
    }
    double L[9];
    if (sw_chol(d, S, L))
        return 0;
    return sw_mahal2(d, L, nu);
}

void trk_filter_pos(const trk_fspec *f, const double *kin, double dt, double pos[3],
                    double vel[3], double Pp[9])
{
    int d = f->dim, n = f->nx[0], mo = f->model[0];
    if (dt < 0)
        dt = 0;
    memset(Pp, 0, 9 * sizeof(double));
    pos[2] = vel[2] = 0;
    if (f->nm == 1 && (mo == TRK_MODEL_CV || mo == TRK_MODEL_CA)) {
        const double *x = kin, *P = kin + n;
        int nb = mo == TRK_MODEL_CA ? 3 : 2;
        double c[3] = {1, dt, 0.5 * dt * dt}, cv[3] = {0, 1, dt};
        double qpp = mo == TRK_MODEL_CA ? f->q_ca * pow(dt, 5) / 20 : f->q_cv * dt * dt * dt / 3;
        for (int a = 0; a < d; a++) {
            double p = 0, v = 0;
            for (int i = 0; i < nb; i++) {
                p += c[i] * x[i * d + a];
                v += cv[i] * x[i * d + a];
            }
            pos[a] = p;
            vel[a] = v;
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < nb; i++)
                    for (int j = 0; j < nb; j++)
                        s += c[i] * c[j] * P[(i * d + a) * n + j * d + b];
                Pp[a * 3 + b] = Pp[b * 3 + a] = s + (a == b ? qpp : 0);
            }
        }
        return;
    }
    trk_pred pr;
    double x6[6], P36[36];
    trk_filter_predict(f, kin, dt, &pr);
    trk_filter_output(f, &pr, x6, P36, NULL);
    for (int a = 0; a < 3; a++) {
        pos[a] = x6[a];
        vel[a] = x6[3 + a];
        for (int b = 0; b < 3; b++)
            Pp[a * 3 + b] = P36[a * 6 + b];
    }
}

void trk_filter_height_reset(const trk_fspec *f, trk_pred *pr, double z0, double var_z,
                             double var_vz)
{
    if (f->dim != 3)
        return;
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j], idx[3] = {2, 5, f->model[j] == TRK_MODEL_CA ? 8 : -1};
        double *x = pr->x[j], *P = pr->P[j];
        for (int q = 0; q < 3; q++) {
            int a = idx[q];
            if (a < 0)
                continue;
            for (int i = 0; i < n; i++)
                P[a * n + i] = P[i * n + a] = 0;
            x[a] = 0;
        }
        x[2] = z0;
        P[2 * n + 2] = var_z;
        P[5 * n + 5] = var_vz;
        if (idx[2] > 0) {
            double amax = f->h_amax;
            P[8 * n + 8] = amax * amax;
        }
    }
}

void trk_filter_level(const trk_fspec *f, const trk_sensor *s, double h, double *kin)
{
    if (f->dim != 3)
        return;
    for (int j = 0; j < f->nm; j++) {
        double *x = kin + f->off[j];
        double z0 = trk_meas_enu_z(s, x[0], x[1], h);
        x[5] = trk_meas_enu_z(s, x[0] + x[3], x[1] + x[4], h) - z0;
        x[2] = z0;
    }
    trk_filter_cache(f, kin);
}

void trk_filter_store(const trk_fspec *f, const trk_pred *pr, double *kin)
{
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j];
        memcpy(kin + f->off[j], pr->x[j], sizeof(double) * (size_t)n);
        memcpy(kin + f->off[j] + n, pr->P[j], sizeof(double) * (size_t)(n * n));
        if (f->nm > 1)
            kin[f->off_mu + j] = pr->c[j];
    }
    trk_filter_cache(f, kin);
}

void trk_filter_output(const trk_fspec *f, const trk_pred *pr, double x6[6], double P36[36],
                       int *model)
{
    int d = f->dim, np = 2 * d, map[6];
    for (int k = 0; k < d; k++) {
        map[k] = k;
        map[d + k] = 3 + k;
    }
    double xb[6] = {0}, Pb[36] = {0};
    int best = 0;
    for (int j = 0; j < f->nm; j++) {
        if (pr->c[j] > pr->c[best])
            best = j;
        for (int a = 0; a < np; a++)
            xb[a] += pr->c[j] * pr->x[j][a];
    }
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j];
        for (int a = 0; a < np; a++)
            for (int b = 0; b < np; b++)
                Pb[a * np + b] += pr->c[j] * (pr->P[j][a * n + b] + (pr->x[j][a] - xb[a]) *
                                                                      (pr->x[j][b] - xb[b]));
    }
    memset(x6, 0, 6 * sizeof(double));
    memset(P36, 0, 36 * sizeof(double));
    for (int a = 0; a < np; a++) {
        x6[map[a]] = xb[a];
        for (int b = 0; b < np; b++)
            P36[map[a] * 6 + map[b]] = Pb[a * np + b];
    }
    if (model)
        *model = f->model[best];
}

/* The ballistic model's two-point velocity.  A body in free fall between the plots moves
 * p2 = p1 + v1 dt + g dt^2 / 2 and v2 = v1 + g dt, so its velocity at the second plot is
 * v2 = (p2 - p1) / dt + g dt / 2, not the chord (p2 - p1) / dt: the chord is the velocity at
 * the middle of the interval.  With g taken at the midpoint this is exact to second order in
 * dt, like predict_bal.  At the 10-30 s between the first plots of a missile seen at long range
 * by a 10 s radar the chord's vertical rate is 50-150 m/s too high, which moves the predicted
 * impact 50-150 km downrange (the apogee is too high) until later plots correct it. */
static void gravity_start(const double *pos1, const double *pos2, double dt, const int *use,
                          double *x)
{
    double m[3], g[3];
    for (int a = 0; a < 3; a++)
        m[a] = 0.5 * (pos1[a] + pos2[a]);
    trk_gravity(m, g);
    for (int a = 0; a < 3; a++)
        if (use[a])
            x[3 + a] += 0.5 * g[a] * dt;
}

void trk_filter_free_fall(const trk_fspec *f, double *kin)
{
    int bal = -1;
    for (int j = 0; j < f->nm; j++)
        if (f->model[j] == TRK_MODEL_BAL)
            bal = j;
    if (bal < 0 || f->nm < 2)
        return;
    double *mu = kin + f->off_mu;
    for (int j = 0; j < f->nm; j++)
        mu[j] = j == bal ? TRK_FREE_FALL_MU
                : f->model[j] == TRK_MODEL_CA ? TRK_FREE_FALL_BOOST_MU
                : (1 - TRK_FREE_FALL_MU - TRK_FREE_FALL_BOOST_MU) / (f->nm - 2);
    trk_filter_cache(f, kin);
}

void trk_filter_init(const trk_fspec *f, const trk_params *p, double sv, const double *pos1,
                     const double *R1, double t1, const double *pos2, const double *R2, double t2,
                     double *kin)
{
    int d = f->dim;
    double x[TRK_NX] = {0}, P[TRK_NX * TRK_NX] = {0};
    int n0 = 2 * d;
    double dt = pos2 ? t2 - t1 : 0;
    if (pos2 && dt < 1e-3)
        pos1 = pos2, R1 = R2, pos2 = NULL;
    for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++)
            P[a * n0 + b] = (pos2 ? R2 : R1)[a * 3 + b];
        x[a] = (pos2 ? pos2 : pos1)[a];
    }
    /* two-point differencing (Bar-Shalom et al. 2001, §5.5.3) on the axes where it is better
     * than the one-point prior sv (not, e.g., on z from two 2-D plots with an assumed height) */
    int use[3];
    for (int a = 0; a < d; a++)
        use[a] = pos2 && (R1[a * 4] + R2[a * 4]) <= sv * sv * dt * dt;
    for (int a = 0; a < d; a++) {
        x[d + a] = use[a] ? (pos2[a] - pos1[a]) / dt : 0;
        for (int b = 0; b < d; b++) {
            double pv = use[b] ? R2[a * 3 + b] / dt : 0;
            P[a * n0 + d + b] = P[(d + b) * n0 + a] = pv;
            P[(d + a) * n0 + d + b] = use[a] && use[b] ? (R1[a * 3 + b] + R2[a * 3 + b]) / (dt * dt)
                                      : a == b         ? sv * sv
                                                       : 0;
        }
    }
    /* no differencing on z (a 2-D plot's assumed height, or heights too poor for a rate): the
     * heights the plots measured, by inverse variance (the vertical motion over a revisit is far
     * below either sd); an assumed height (variance alt_sd^2) counts only when neither has one */
    double prior = 0.99 * p->alt_sd_m * p->alt_sd_m;
    if (d == 3 && pos2 && !use[2] && R1[8] > 0 && R1[8] < prior) {
        double w1 = 1 / R1[8], w2 = R2[8] > 0 && R2[8] < prior ? 1 / R2[8] : 0;
        x[2] = (w1 * pos1[2] + w2 * pos2[2]) / (w1 + w2);
        for (int b = 0; b < n0; b++)
            P[2 * n0 + b] = P[b * n0 + 2] = 0;
        P[2 * n0 + 2] = 1 / (w1 + w2);
    }
    sw_mat_symmetrize(n0, P);
    for (int j = 0; j < f->nm; j++) {
        int n = f->nx[j];
        double *xj = kin + f->off[j], *Pj = xj + n;
        memset(xj, 0, sizeof(double) * (size_t)(n + n * n));
        for (int a = 0; a < n0; a++) {
            xj[a] = x[a];
            for (int b = 0; b < n0; b++)
                Pj[a * n + b] = P[a * n0 + b];
        }
        if (f->model[j] == TRK_MODEL_CA)
            for (int a = 2 * d; a < 3 * d; a++)
                Pj[a * n + a] = p->max_accel_mps2 * p->max_accel_mps2;
        if (f->model[j] == TRK_MODEL_BAL && d == 3 && pos2)
            gravity_start(pos1, pos2, dt, use, xj);
        if (f->model[j] == TRK_MODEL_CT) {
            /* a turn is bounded by the acceleration: omega = a / |v| */
            double v2 = 0, w = p->max_omega;
            for (int a = 0; a < 2; a++)
                v2 += x[d + a] * x[d + a];
            if (pos2 && v2 > 0 && p->max_accel_mps2 / sqrt(v2) < w)
                w = p->max_accel_mps2 / sqrt(v2);
            Pj[2 * d * n + 2 * d] = w * w;
        }
        if (f->nm > 1)
            kin[f->off_mu + j] = f->init_mu[j];
    }
    trk_filter_cache(f, kin);
}
