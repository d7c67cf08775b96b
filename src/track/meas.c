/* track/meas.c - plots as the filters see them: Cartesian, or polar from a sensor site.
 *
 * A polar plot is used in one of two ways (trk_params.polar):
 *  - EKF: z = (range, azimuth[, elevation]) with h(x) the sensor's own geometry: the 4/3-earth
 *    radar model of geo/ (geo_radar_measure, numerical Jacobian) for a sensor with a WGS-84 site,
 *    planar geometry for a sensor given in the common ENU frame only;
 *  - converted: the debiased converted measurement of Mo et al. (IEEE TAES 34(3), 1998) in the
 *    sensor's frame, rotated into the common frame, used as a Cartesian plot.
 * Either way every plot also gets a Cartesian estimate (pos, Rpos) in the common frame: the
 * spatial index, the clutter estimate and two-point initiation use it.  A 2-D radar's plot needs
 * the target height to place it: Mode C when the plot has it, else trk_params.assumed_alt_m.
 *
 * Heights of 2-D plots in a 3-D tracker.  A 2-D radar measures no height; its Mode C (or an
 * ADS-B report's geometric altitude) does.  So:
 *  - a 2-D radar plot with Mode C is z = (range, azimuth, height above the ellipsoid), h(x) the
 *    radar's own earth model, the height's sd modec_sd_m (25 ft steps plus the barometric -
 *    geometric offset, which the filter cannot know);
 *  - a 2-D radar plot without a height is (range, azimuth) with h(x) at the track's own height
 *    (the slant-range correction), but updates neither the height nor the vertical rate: the
 *    gain's rows for them are zeroed (Schmidt's consider update, kf.c), so range can never drag
 *    the height, while the innovation covariance still carries the height's uncertainty;
 *  - a 2-D Cartesian plot (ADS-B without a height field) with a geometric altitude or Mode C is
 *    (x, y, z) with z the ENU up of that height at (x, y). */
#include <math.h>
#include <string.h>

#include "track/trk_internal.h"

/* Beyond these a "plot" is not one (100,000 km; a 10,000 km sd): refusing them keeps every
 * product in the filters finite. */
#define TRK_MAX_POS 1e8
#define TRK_MAX_VAR 1e14
/* Below these a variance is not an accuracy but a missing one (a 1 mm, 1 nrad sd): a track
 * started from it would have none either */
#define TRK_MIN_VAR 1e-6
#define TRK_MIN_VAR_RAD 1e-18

static void rot_cov_to_common(const double rot[9], const double Rl[9], double Rc[9])
{
    /* rot maps common -> local, so Rc = rot^T Rl rot */
    double T[9];
    sw_mat_mul_atb(3, 3, 3, rot, Rl, T);
    sw_mat_mul(3, 3, 3, T, rot, Rc);
    sw_mat_symmetrize(3, Rc);
}

/* trk_meas.high: a 3-D radar plot at slant range r and elevation el (rad) high above clutter
 * and aircraft (TRK_HIGH_*, trk_internal.h); the height above the radar on the 4/3 earth */
static int high_plot(double r, double el)
{
    const double re = 4.0 / 3.0 * 6371000.0;
    return el >= TRK_HIGH_EL_DEG * M_PI / 180 &&
           sqrt(r * r + re * re + 2 * r * re * sin(el)) - re >= TRK_HIGH_H_M;
}

static void local_to_common(const trk_sensor *s, const double l[3], double p[3])
{
    const double *r = s->radar.rot;
    for (int i = 0; i < 3; i++)
        p[i] = r[0 * 3 + i] * l[0] + r[1 * 3 + i] * l[1] + r[2 * 3 + i] * l[2];
}

/* A height an aircraft can report: Mode C covers -1,000 to 126,700 ft; anything else is no
 * height (a corrupt field must not drag a track to the stratosphere). */
#define TRK_H_MIN (-1000.0)
#define TRK_H_MAX 40000.0

/* The plot's height above the ellipsoid and its sd: a geometric altitude first, then Mode C. */
static int plot_height(const trk_params *prm, const sw_plot *p, double *h, double *sd)
{
    if ((p->flags & SW_HAS_GEO_ALT) && p->alt_geo_m >= TRK_H_MIN && p->alt_geo_m <= TRK_H_MAX) {
        *h = p->alt_geo_m;
        *sd = prm->geo_alt_sd_m;
        return 1;
    }
    if ((p->flags & SW_HAS_MODEC) && p->alt_baro_m >= TRK_H_MIN && p->alt_baro_m <= TRK_H_MAX) {
        *h = p->alt_baro_m;
        *sd = prm->modec_sd_m;
        return 1;
    }
    return 0;
}

double trk_meas_height(const trk_sensor *s, const double p[3], double grad[3])
{
    if (!s->geodetic) {
        if (grad)
            grad[0] = grad[1] = 0, grad[2] = 1;
        return p[2];
    }
    double lat, lon, h;
    geo_enu_to_lla(&s->origin, p, &lat, &lon, &h);
    if (grad) {
        /* the ellipsoid normal at the point, in the common frame */
        double cl = cos(lat * GEO_DEG), up[3] = {cl * cos(lon * GEO_DEG), cl * sin(lon * GEO_DEG),
                                                 sin(lat * GEO_DEG)};
        for (int i = 0; i < 3; i++)
            grad[i] = s->origin.R[i * 3] * up[0] + s->origin.R[i * 3 + 1] * up[1] +
                      s->origin.R[i * 3 + 2] * up[2];
    }
    return h;
}

double trk_meas_enu_z(const trk_sensor *s, double x, double y, double h)
{
    if (!s->geodetic)
        return h;
    double p[3] = {x, y, geo_enu_up(&s->origin, x, y, h)}, g[3];
    for (int i = 0; i < 2; i++) {
        double e = trk_meas_height(s, p, g) - h;
        if (g[2] > 0.1)
            p[2] -= e / g[2];
    }
    return p[2];
}

void trk_meas_replace(const trk_sensor *s, double pos[3], double h)
{
    if (s->has_radar) {
        double r, az, el, q[3];
        geo_radar_measure(&s->radar, pos, &r, &az, &el);
        if (!geo_radar_rah_to_enu(&s->radar, r, az, h, q))
            memcpy(pos, q, sizeof q);
        return;
    }
    /* planar: the slant range kept, the ground distance from the site changed */
    double dx = pos[0] - s->site[0], dy = pos[1] - s->site[1], dz = pos[2] - s->site[2];
    double rho = sqrt(dx * dx + dy * dy), r2 = rho * rho + dz * dz, dh = h - s->site[2];
    if (!(rho > 0) || !(r2 > dh * dh))
        return;
    double k = sqrt(r2 - dh * dh) / rho;
    pos[0] = s->site[0] + k * dx;
    pos[1] = s->site[1] + k * dy;
    pos[2] = h;
}

uint32_t trk_meas_consider(const trk_meas *z, int dim, int model)
{
    if (dim != 3 || z->kind != TRK_Z_POLAR || z->m != 2)
        return 0;
    return (1u << 2) | (1u << 5) | (model == TRK_MODEL_CA ? 1u << 8 : 0);
}

static int finite_plot(const sw_plot *p)
{
    if (!isfinite(p->t))
        return 0;
    for (int i = 0; i < 3; i++)
        if (!isfinite(p->z[i]))
            return 0;
    for (int i = 0; i < 9; i++)
        if (!isfinite(p->R[i]))
            return 0;
    return 1;
}

static sw_rc prep_polar(const trk_params *prm, const trk_sensor *s, const sw_plot *p,
                        trk_meas *z, sw_err *err)
{
    int three = p->kind == SW_MEAS_RAE;
    double sr, sa, se = 0;
    if (!s->known)
        return sw_err_set(err, SW_ENOTFOUND,
                          "polar plot of sensor %u, which is not in the sensors file (its site is "
                          "needed)", p->sensor_id);
    if (p->R[0] > TRK_MIN_VAR && p->R[4] > TRK_MIN_VAR_RAD &&
        (!three || p->R[8] > TRK_MIN_VAR_RAD)) {
        sr = sqrt(p->R[0]);
        sa = sqrt(p->R[4]);
        se = three ? sqrt(p->R[8]) : 0;
    } else {
        sr = s->sd_r;
        sa = s->sd_az;
        se = three ? s->sd_el : 0;
        if (!(sr * sr > TRK_MIN_VAR && sa * sa > TRK_MIN_VAR_RAD &&
              (!three || se * se > TRK_MIN_VAR_RAD)))
            return sw_err_set(err, SW_EINVAL, "plot of sensor %u has no accuracy (none in the "
                              "plot, none in the sensors file)", p->sensor_id);
    }
    double r = p->z[0], az = p->z[1], el = three ? p->z[2] : 0;
    if (!(r >= 1) || !(r <= TRK_MAX_POS) || !(fabs(az) <= 100) || !(fabs(el) <= M_PI / 2) ||
        !(sr <= 1e7) || !(sa <= 1) || !(se <= 1))
        return sw_err_set(err, SW_EINVAL,
                          "plot of sensor %u: range must be in [1, 1e8] m, elevation within "
                          "+-90 deg, accuracies sane", p->sensor_id);
    double hm = 0, hsd = 0;
    int has_h = plot_height(prm, p, &hm, &hsd);
    z->alt = has_h ? hm : prm->assumed_alt_m;
    z->has_h = (uint8_t)(three || has_h);
    z->high = (uint8_t)(three && high_plot(r, el));
    int hrow = prm->dim == 3 && !three && has_h && prm->height_meas;
    /* Cartesian estimate: mean from the sensor's geometry plus the debiasing correction, the
     * covariance from the debiased conversion, rotated into the common frame. */
    double xd[3], Rl[9], plain[3];
    double rho = r;
    if (!three && (s->has_radar || prm->dim == 3)) {
        /* slant range of a 2-D radar; a planar sensor in a 2-D tracker measures ground range */
        double hs = s->has_radar ? s->radar.site.alt : s->site[2];
        double dh = z->alt - hs;
        rho = r > fabs(dh) ? sqrt(r * r - dh * dh) : r; /* ground distance, flat approximation */
    }
    geo_polar_debias(rho, az, el, sr, sa, se, xd, Rl);
    plain[0] = rho * cos(el) * sin(az);
    plain[1] = rho * cos(el) * cos(az);
    plain[2] = rho * sin(el);
    double corr[3] = {xd[0] - plain[0], xd[1] - plain[1], xd[2] - plain[2]}, cc[3];
    if (!three) {
        corr[2] = 0;
        Rl[2] = Rl[5] = Rl[6] = Rl[7] = 0;
        Rl[8] = has_h ? hsd * hsd : prm->alt_sd_m * prm->alt_sd_m;
    }
    if (s->has_radar) {
        double pm[3];
        if (three)
            geo_radar_to_enu(&s->radar, r, az, el, pm);
        else if (geo_radar_rah_to_enu(&s->radar, r, az, z->alt, pm))
            geo_radar_to_enu(&s->radar, r, az, 0, pm);
        local_to_common(s, corr, cc);
        for (int i = 0; i < 3; i++)
            z->pos[i] = pm[i] + cc[i];
        rot_cov_to_common(s->radar.rot, Rl, z->Rpos);
    } else {
        for (int i = 0; i < 3; i++)
            z->pos[i] = s->site[i] + xd[i];
        if (!three)
            z->pos[2] = z->alt;
        memcpy(z->Rpos, Rl, sizeof Rl);
    }
    if (prm->polar == TRK_POLAR_CONVERTED || (prm->dim == 2 && three)) {
        z->kind = TRK_Z_CART;
        z->m = (uint8_t)(prm->dim == 3 && (three || hrow) ? 3 : 2);
    } else {
        z->kind = hrow ? TRK_Z_POLARH : TRK_Z_POLAR;
        z->m = (uint8_t)(prm->dim == 3 && (three || hrow) ? 3 : 2);
        z->z[0] = r;
        z->z[1] = az;
        z->z[2] = hrow ? hm : el;
        memset(z->R, 0, sizeof z->R);
        z->R[0] = sr * sr;
        z->R[z->m + 1] = sa * sa;
        if (z->m == 3)
            z->R[8] = hrow ? hsd * hsd : se * se;
        return SW_OK;
    }
    /* converted: z, R from pos, Rpos */
    int m = z->m;
    for (int i = 0; i < m; i++) {
        z->z[i] = z->pos[i];
        for (int j = 0; j < m; j++)
            z->R[i * m + j] = z->Rpos[i * 3 + j];
    }
    return SW_OK;
}


static sw_rc check_range(const sw_plot *p, trk_meas *z, sw_err *err)
{
    for (int i = 0; i < 3; i++)
        if (!(fabs(z->pos[i]) <= TRK_MAX_POS) || !(fabs(z->z[i]) <= TRK_MAX_POS) ||
            !(z->Rpos[i * 4] <= TRK_MAX_VAR) || !(z->Rpos[i * 4] >= 0))
            return sw_err_set(err, SW_EINVAL, "plot of sensor %u is out of range (position beyond "
                              "%.0e m or variance beyond %.0e m^2)", p->sensor_id, TRK_MAX_POS,
                              TRK_MAX_VAR);
    for (int i = 0; i < 9; i++)
        if (!isfinite(z->R[i]) || !isfinite(z->Rpos[i]))
            return sw_err_set(err, SW_EINVAL, "plot of sensor %u: covariance out of range",
                              p->sensor_id);
    return SW_OK;
}

static sw_rc prepare(const trk_params *prm, const trk_sensor *s, int slot, const sw_plot *p,
                     trk_meas *z, sw_err *err);

sw_rc trk_meas_prepare(const trk_params *prm, const trk_sensor *s, int slot, const sw_plot *p,
                       trk_meas *z, sw_err *err)
{
    sw_rc rc = prepare(prm, s, slot, p, z, err);
    return rc ? rc : check_range(p, z, err);
}

static sw_rc prepare(const trk_params *prm, const trk_sensor *s, int slot, const sw_plot *p,
                     trk_meas *z, sw_err *err)
{
    memset(z, 0, sizeof *z);
    if (!finite_plot(p))
        return sw_err_set(err, SW_EINVAL, "plot of sensor %u has a non-finite value", p->sensor_id);
    if (!(fabs(p->t) <= TRK_MAX_T))
        return sw_err_set(err, SW_EINVAL, "plot of sensor %u: time %g s is out of range (beyond "
                          "%.0e s)", p->sensor_id, p->t, TRK_MAX_T);
    z->t = p->t;
    z->sensor = (uint16_t)slot;
    z->pkind = p->kind;
    z->flags = p->flags;
    z->address = p->address;
    z->truth_id = p->truth_id;
    z->mode3a = p->mode3a;
    z->alt_baro = p->alt_baro_m;
    memcpy(z->callsign, p->callsign, sizeof z->callsign);
    z->callsign[8] = 0;
    if (p->kind == SW_MEAS_RA || p->kind == SW_MEAS_RAE)
        return prep_polar(prm, s, p, z, err);
    if (p->kind != SW_MEAS_XY && p->kind != SW_MEAS_XYZ)
        return sw_err_set(err, SW_EINVAL, "plot of sensor %u: unknown measurement kind %d",
                          p->sensor_id, p->kind);
    int three = p->kind == SW_MEAS_XYZ;
    double v[3] = {p->R[0], p->R[4], p->R[8]};
    if (!(v[0] > TRK_MIN_VAR && v[1] > TRK_MIN_VAR && (!three || v[2] > TRK_MIN_VAR))) {
        if (!s->known || !(s->sd_xy * s->sd_xy > TRK_MIN_VAR))
            return sw_err_set(err, SW_EINVAL, "plot of sensor %u has no accuracy", p->sensor_id);
        memset(z->Rpos, 0, sizeof z->Rpos);
        z->Rpos[0] = z->Rpos[4] = s->sd_xy * s->sd_xy;
        z->Rpos[8] = s->sd_z * s->sd_z;
    } else {
        memcpy(z->Rpos, p->R, sizeof z->Rpos);
    }
    double hm = 0, hsd = 0;
    int has_h = plot_height(prm, p, &hm, &hsd);
    z->alt = has_h ? hm : prm->assumed_alt_m;
    z->has_h = (uint8_t)(three || has_h);
    z->pos[0] = p->z[0];
    z->pos[1] = p->z[1];
    if (three) {
        z->pos[2] = p->z[2];
        if (s->has_radar) {
            /* a 3-D radar's plot given in the common frame (a mixed plots file): its elevation
             * from the site, rot mapping common -> the radar's local frame */
            double d[3], l[3];
            for (int i = 0; i < 3; i++)
                d[i] = z->pos[i] - s->site[i];
            for (int i = 0; i < 3; i++)
                l[i] = s->radar.rot[i * 3] * d[0] + s->radar.rot[i * 3 + 1] * d[1] +
                       s->radar.rot[i * 3 + 2] * d[2];
            double r = sqrt(l[0] * l[0] + l[1] * l[1] + l[2] * l[2]);
            z->high = (uint8_t)(r > 0 && high_plot(r, asin(l[2] / r)));
        }
    } else {
        z->pos[2] = has_h ? trk_meas_enu_z(s, p->z[0], p->z[1], hm) : z->alt;
        z->Rpos[2] = z->Rpos[5] = z->Rpos[6] = z->Rpos[7] = 0;
        z->Rpos[8] = has_h ? hsd * hsd : prm->alt_sd_m * prm->alt_sd_m;
    }
    double L[9];
    z->kind = TRK_Z_CART;
    z->m = (uint8_t)(prm->dim == 3 && (three || (has_h && prm->height_meas)) ? 3 : 2);
    int m = z->m;
    for (int i = 0; i < m; i++) {
        z->z[i] = z->pos[i];
        for (int j = 0; j < m; j++)
            z->R[i * m + j] = z->Rpos[i * 3 + j];
    }
    if (sw_chol(m, z->R, L))
        return sw_err_set(err, SW_EINVAL, "plot of sensor %u: covariance not positive definite",
                          p->sensor_id);
    return SW_OK;
}

/* (range, azimuth[, elevation or height]) of common-frame position p, by the sensor's geometry
 * (the height by the radar's own earth model, as it places a plot at its Mode C) */
static void polar_of(const trk_sensor *s, const trk_meas *z, const double p[3], double out[3])
{
    geo_sensor_polar(s->has_radar ? &s->radar : NULL, s->site, p, out);
    if (s->has_radar && z->kind == TRK_Z_POLARH) {
        double d;
        geo_radar_height_dist(&s->radar, p, &out[2], &d);
    }
}

void trk_meas_h(const trk_meas *z, const trk_sensor *s, int dim, int nx, const double *x,
                double *zhat, double *H)
{
    int m = z->m;
    memset(H, 0, sizeof(double) * (size_t)(m * nx));
    if (z->kind == TRK_Z_CART) {
        for (int i = 0; i < m; i++) {
            zhat[i] = x[i];
            H[i * nx + i] = 1.0;
        }
        return;
    }
    /* polar */
    double p[3] = {x[0], x[1], dim == 3 ? x[2] : 0};
    if (dim == 2)
        p[2] = s->has_radar ? geo_enu_up(&s->origin, p[0], p[1], z->alt) : s->site[2];
    if (!s->has_radar) {
        double dx = p[0] - s->site[0], dy = p[1] - s->site[1], dz = p[2] - s->site[2];
        double rho2 = dx * dx + dy * dy, rho = sqrt(rho2), r2 = rho2 + dz * dz, r = sqrt(r2);
        if (!(rho > 1)) /* a track on the antenna: a bounded Jacobian, not 1e12 (fuzz_track) */
            rho = 1, rho2 = 1, r = r > 1 ? r : 1, r2 = r * r;
        zhat[0] = r;
        zhat[1] = atan2(dx, dy);
        H[0] = dx / r;
        H[1] = dy / r;
        H[nx + 0] = dy / rho2;
        H[nx + 1] = -dx / rho2;
        if (dim == 3)
            H[2] = dz / r;
        if (z->kind == TRK_Z_POLARH) {
            double g[3];
            zhat[2] = trk_meas_height(s, p, g);
            for (int k = 0; k < 3; k++)
                H[2 * nx + k] = g[k];
        } else if (m == 3) {
            zhat[2] = atan2(dz, rho);
            H[2 * nx + 0] = -dx * dz / (r2 * rho);
            H[2 * nx + 1] = -dy * dz / (r2 * rho);
            H[2 * nx + 2] = rho / r2;
        }
        return;
    }
    /* 4/3-earth model: central differences, 1 m steps (h is smooth on that scale) */
    double f0[3];
    polar_of(s, z, p, f0);
    for (int i = 0; i < m; i++)
        zhat[i] = f0[i];
    for (int k = 0; k < dim; k++) {
        double pp[3] = {x[0], x[1], dim == 3 ? x[2] : 0}, pm[3];
        pp[k] += 1.0;
        memcpy(pm, pp, sizeof pm);
        pm[k] -= 2.0;
        if (dim == 2) {
            pp[2] = geo_enu_up(&s->origin, pp[0], pp[1], z->alt);
            pm[2] = geo_enu_up(&s->origin, pm[0], pm[1], z->alt);
        }
        double fp[3], fm[3];
        polar_of(s, z, pp, fp);
        polar_of(s, z, pm, fm);
        for (int i = 0; i < m; i++) {
            double d = fp[i] - fm[i];
            if (i == 1)
                d = geo_wrap_pi(d);
            H[i * nx + k] = 0.5 * d;
        }
    }
}

void trk_meas_residual(const trk_meas *z, const double *zhat, double *nu)
{
    for (int i = 0; i < z->m; i++)
        nu[i] = z->z[i] - zhat[i];
    if (z->kind != TRK_Z_CART)
        nu[1] = geo_wrap_pi(nu[1]);
}

double trk_meas_jacdet(const trk_meas *z)
{
    if (z->kind == TRK_Z_CART)
        return 1.0;
    double r = z->z[0];
    return z->kind == TRK_Z_POLAR && z->m == 3 ? r * r * cos(z->z[2]) : r;
}

/* chi-square CDF for small dof, closed forms */
static double chi2_cdf(int k, double x)
{
    if (x <= 0)
        return 0;
    switch (k) {
    case 1: return erf(sqrt(x / 2));
    case 2: return 1 - exp(-x / 2);
    case 3: return erf(sqrt(x / 2)) - sqrt(2 * x / M_PI) * exp(-x / 2);
    default: {
        /* regularised lower incomplete gamma P(k/2, x/2) by its series */
        double a = k / 2.0, y = x / 2, term = 1 / a, sum = term;
        for (int n = 1; n < 500; n++) {
            term *= y / (a + n);
            sum += term;
            if (term < sum * 1e-15)
                break;
        }
        return sum * exp(-y + a * log(y) - lgamma(a));
    }
    }
}

double trk_chi2_quantile(int dof, double p)
{
    double lo = 0, hi = 1;
    while (chi2_cdf(dof, hi) < p && hi < 1e6)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (chi2_cdf(dof, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}
