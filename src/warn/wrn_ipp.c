/* warn/wrn_ipp.c - impact point prediction with an unscented transform.
 *
 * The 7-dimensional uncertainty (ECEF position and velocity, log of the ballistic coefficient) is
 * represented by 2n+1 = 15 sigma points x_0 = mean, x_(+-i) = mean +- sqrt(n + kappa) L_i with
 * kappa = 1, weights kappa/(n+kappa) and 1/(2(n+kappa)) (Julier & Uhlmann, Proc. IEEE 92(3),
 * 2004).  Each point is flown to the ground; the weighted mean and covariance of the impact
 * points in the tangent plane at the centre point's impact are the predicted impact and its
 * error.  This is the G P G^T of the linearised prediction (domain notes 5.2) without computing
 * G, and it keeps the second-order effect of drag, whose impact error is far from linear in the
 * velocity.  The log of beta keeps every sigma point's coefficient positive. */
#include "warn/wrn_predict.h"

#include "core/mat.h"

#include <math.h>
#include <string.h>

#define NX 7
#define KAPPA 1.0

void wrn_ellipse(const double C[4], double *major, double *minor, double *orient_deg)
{
    double a = C[0], b = 0.5 * (C[1] + C[2]), d = C[3];
    double tr = a + d, det = a * d - b * b;
    double disc = sqrt(fmax(0.0, 0.25 * tr * tr - det));
    double l1 = 0.5 * tr + disc, l2 = fmax(0.0, 0.5 * tr - disc);
    *major = sqrt(fmax(0.0, l1));
    *minor = sqrt(l2);
    /* eigenvector of l1: (b, l1 - a) or (l1 - d, b) in (East, North) */
    double e, n;
    if (fabs(b) > 1e-12 * (fabs(a) + fabs(d))) {
        e = b;
        n = l1 - a;
    } else if (a >= d) {
        e = 1;
        n = 0;
    } else {
        e = 0;
        n = 1;
    }
    double az = atan2(e, n) / GEO_DEG;
    az = fmod(az + 360.0, 180.0);
    *orient_deg = az;
}

/* Cholesky of P with a growing diagonal load when the track's covariance is singular or slightly
 * indefinite (a 2-D source, rounding in fusion). */
static sw_rc chol_loaded(const double *P, double *L)
{
    double A[NX * NX];
    for (int k = 0; k < 8; k++) {
        memcpy(A, P, sizeof A);
        double load = k == 0 ? 0 : pow(10.0, k - 3); /* 1e-2 .. 1e4 */
        for (int i = 0; i < NX; i++)
            A[i * NX + i] += load * (i < 3 ? 1.0 : i < 6 ? 1e-2 : 1e-6);
        sw_mat_symmetrize(NX, A);
        if (!sw_chol(NX, A, L))
            return SW_OK;
    }
    return SW_ENUMERIC;
}

sw_rc wrn_ipp_predict(const geo_frame *origin, const double x[6], const double P[36], double t,
                      double beta, double sd_log_beta, double max_s, wrn_ipp *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 6; i++)
        if (!isfinite(x[i]))
            return SW_ENUMERIC;
    if (!(beta > 0) || !(sd_log_beta >= 0))
        return SW_EINVAL;
    /* state and covariance in ECEF, with log(beta) as the 7th component */
    double m[NX], Pe[36], S[NX * NX] = {0}, L[NX * NX];
    geo_enu_to_ecef(origin, x, m);
    geo_vec_enu_to_ecef(origin, x + 3, m + 3);
    m[6] = log(beta);
    geo_cov6_enu_to_ecef(origin, P, Pe);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            S[i * NX + j] = Pe[i * 6 + j];
    S[NX * NX - 1] = sd_log_beta * sd_log_beta + 1e-12;
    if (chol_loaded(S, L))
        return SW_ENUMERIC;

    double g = sqrt(NX + KAPPA);
    double w0 = KAPPA / (NX + KAPPA), wi = 0.5 / (NX + KAPPA);
    double tg[2 * NX + 1], pg[2 * NX + 1][3];
    for (int k = 0; k <= 2 * NX; k++) {
        double s[NX], xg[6];
        memcpy(s, m, sizeof s);
        if (k > 0) {
            int c = (k - 1) % NX;
            double sign = k <= NX ? 1.0 : -1.0;
            for (int r = 0; r < NX; r++)
                s[r] += sign * g * L[r * NX + c];
        }
        int hit = wrn_ballistic_to_ground(s, exp(s[6]), 0.0, max_s, &tg[k], xg);
        if (hit < 0)
            return SW_ENUMERIC;
        if (hit == 0)
            return SW_ERANGE;
        memcpy(pg[k], xg, sizeof pg[k]);
    }
    /* impact points in the tangent plane at the centre point's impact */
    double lat0, lon0, h0;
    geo_ecef_to_lla(pg[0], &lat0, &lon0, &h0);
    geo_frame f;
    geo_frame_init(&f, lat0 / GEO_DEG, lon0 / GEO_DEG, 0);
    double en[2 * NX + 1][2], me = 0, mn = 0, mt = 0;
    for (int k = 0; k <= 2 * NX; k++) {
        double w = k ? wi : w0, p[3];
        geo_ecef_to_enu(&f, pg[k], p);
        en[k][0] = p[0];
        en[k][1] = p[1];
        me += w * p[0];
        mn += w * p[1];
        mt += w * tg[k];
    }
    double C[4] = {0}, vt = 0;
    for (int k = 0; k <= 2 * NX; k++) {
        double w = k ? wi : w0, de = en[k][0] - me, dn = en[k][1] - mn, dt = tg[k] - mt;
        C[0] += w * de * de;
        C[1] += w * de * dn;
        C[3] += w * dn * dn;
        vt += w * dt * dt;
    }
    C[2] = C[1];
    double mp[3] = {me, mn, 0}, lat, lon, hh;
    geo_enu_to_lla(&f, mp, &lat, &lon, &hh);
    /* the covariance moves from the frame at the centre impact to the one at the mean: the two
     * are metres apart, so the rotation between them is negligible */
    out->valid = 1;
    out->t_impact = t + mt;
    out->t_sd = sqrt(vt);
    out->lat_deg = lat;
    out->lon_deg = lon;
    memcpy(out->C, C, sizeof C);
    wrn_ellipse(C, &out->major_m, &out->minor_m, &out->orient_deg);
    out->beta = beta;
    double la, lo, hx;
    geo_enu_to_lla(origin, x, &la, &lo, &hx);
    geo_inverse(la, lo, lat, lon, &out->ground_m, NULL, NULL);
    return SW_OK;
}
