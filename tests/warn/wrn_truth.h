/* tests/warn/wrn_truth.h - reference trajectories for the warn/ tests, made independently of the
 * code under test: a ballistic missile integrated with its own fixed-step RK4 on geo_accel_ecef
 * plus drag in a single-exponential atmosphere (rho = 1.225 exp(-h / 7200 m), deliberately not
 * the layered model warn/ predicts with), and noisy "tracks" of it drawn from the covariance the
 * test states.  Header-only (static functions) so each test can include it. */
#ifndef SW_TEST_WRN_TRUTH_H
#define SW_TEST_WRN_TRUTH_H

#include "core/rng.h"
#include "core/types.h"
#include "geo/geo.h"

#include <math.h>
#include <string.h>

#define TR_MAX 4096

typedef struct tr_ballistic {
    int n;                   /* samples, 1 s apart, from burnout (t = 0) to impact */
    double x[TR_MAX][6];     /* ECEF */
    double t_impact;         /* s after burnout */
    double impact_lat, impact_lon; /* deg */
    double apogee_m;
    double beta;
} tr_ballistic;

static inline double tr_rho(double h) { return h < 0 ? 1.225 : 1.225 * exp(-h / 7200.0); }

static inline void tr_deriv(const double x[6], double beta, double d[6])
{
    double a[3], lat, lon, h;
    geo_accel_ecef(x, x + 3, a);
    geo_ecef_to_lla(x, &lat, &lon, &h);
    double v = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
    double k = tr_rho(h) * v / (2 * beta);
    for (int i = 0; i < 3; i++) {
        d[i] = x[3 + i];
        d[3 + i] = a[i] - k * x[3 + i];
    }
}

static inline void tr_rk4(double x[6], double beta, double dt)
{
    double k1[6], k2[6], k3[6], k4[6], y[6];
    tr_deriv(x, beta, k1);
    for (int i = 0; i < 6; i++) y[i] = x[i] + 0.5 * dt * k1[i];
    tr_deriv(y, beta, k2);
    for (int i = 0; i < 6; i++) y[i] = x[i] + 0.5 * dt * k2[i];
    tr_deriv(y, beta, k3);
    for (int i = 0; i < 6; i++) y[i] = x[i] + dt * k3[i];
    tr_deriv(y, beta, k4);
    for (int i = 0; i < 6; i++) x[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

static inline double tr_h(const double x[6])
{
    double lat, lon, h;
    geo_ecef_to_lla(x, &lat, &lon, &h);
    return h;
}

/* Burnout state above the launch point at TR_BURNOUT_H (out of the dense air, as a real booster
 * leaves it) with speed v, flight-path angle gamma and azimuth az (degrees). */
#define TR_BURNOUT_H 35000.0
static inline void tr_burnout(double lat, double lon, double az, double gamma, double v, double x[6])
{
    geo_frame f;
    geo_frame_init(&f, lat, lon, TR_BURNOUT_H);
    double enu[3] = {v * cos(gamma * GEO_DEG) * sin(az * GEO_DEG),
                     v * cos(gamma * GEO_DEG) * cos(az * GEO_DEG), v * sin(gamma * GEO_DEG)};
    memcpy(x, f.ecef, sizeof(double) * 3);
    geo_vec_enu_to_ecef(&f, enu, x + 3);
}

/* Flies from burnout; fills samples when tr != NULL; returns the ground range (m). dt is the
 * integration step (fixed; 1/dt an integer: the samples are 1 s apart). */
static inline double tr_fly(const double x0[6], double beta, double dt, double lat0, double lon0,
                     tr_ballistic *tr)
{
    double x[6];
    memcpy(x, x0, sizeof x);
    double t = 0, apo = 0;
    int per = (int)lround(1.0 / dt), k = 0;
    if (tr) {
        tr->n = 0;
        memcpy(tr->x[tr->n++], x, sizeof x);
    }
    for (;;) {
        double prev[6];
        memcpy(prev, x, sizeof x);
        double d = dt;
        int steps = 1;
        tr_rk4(x, beta, d);
        k += steps;
        t += d;
        double h = tr_h(x);
        if (h > apo) apo = h;
        if (h <= 0) {
            /* linear interpolation inside the last step */
            double h0 = tr_h(prev), s = h0 / (h0 - h);
            for (int i = 0; i < 6; i++) x[i] = prev[i] + s * (x[i] - prev[i]);
            t = t - d + s * d;
            break;
        }
        if (tr && k % per == 0 && tr->n < TR_MAX)
            memcpy(tr->x[tr->n++], x, sizeof x);
        if (t > 4000) break;
    }
    double lat, lon, h, dist;
    geo_ecef_to_lla(x, &lat, &lon, &h);
    geo_inverse(lat0, lon0, lat / GEO_DEG, lon / GEO_DEG, &dist, NULL, NULL);
    if (tr) {
        tr->t_impact = t;
        tr->impact_lat = lat / GEO_DEG;
        tr->impact_lon = lon / GEO_DEG;
        tr->apogee_m = apo;
        tr->beta = beta;
    }
    return dist;
}

/* A missile from (lat, lon) towards az reaching range_m (shooting on the burnout speed at a
 * flight-path angle of 42 degrees), flown with step 0.02 s into tr. */
static inline void tr_make(tr_ballistic *tr, double lat, double lon, double az, double range_m,
                    double beta)
{
    double lo = 500, hi = 7000, x[6];
    for (int it = 0; it < 30; it++) {
        double v = 0.5 * (lo + hi);
        tr_burnout(lat, lon, az, 42.0, v, x);
        if (tr_fly(x, beta, 0.2, lat, lon, NULL) < range_m) lo = v;
        else hi = v;
    }
    tr_burnout(lat, lon, az, 42.0, 0.5 * (lo + hi), x);
    tr_fly(x, beta, 0.02, lat, lon, tr);
}

/* Truth sample at whole second i as an ENU state in frame f. */
static inline void tr_state_enu(const tr_ballistic *tr, const geo_frame *f, int i, double x[6])
{
    geo_ecef_to_enu(f, tr->x[i], x);
    geo_vec_ecef_to_enu(f, tr->x[i] + 3, x + 3);
}

/* A system track of truth state x (ENU) with independent Gaussian errors sd_p (m) and sd_v
 * (m/s) per axis, and exactly that diagonal covariance. */
static inline void tr_track(sw_system_track *st, uint32_t stn, double t, const double x[6],
                     double sd_p, double sd_v, sw_rng *rng)
{
    memset(st, 0, sizeof *st);
    st->stn = stn;
    st->status = SW_TRK_CONFIRMED;
    st->t = t;
    for (int i = 0; i < 6; i++) {
        double sd = i < 3 ? sd_p : sd_v;
        st->x[i] = x[i] + (rng ? sd * sw_rng_normal(rng) : 0);
        st->P[i * 6 + i] = sd * sd;
    }
    st->t_first = t;
}

/* An air-breathing object on a great circle: from (lat0, lon0) at height h0, heading az0 (deg),
 * ground speed v and vertical rate vz, state after t seconds as ENU in frame f. */
static inline void tr_air(const geo_frame *f, double lat0, double lon0, double h0, double az0, double v,
                   double vz, double t, double x[6])
{
    double lat, lon, azi;
    geo_direct(lat0, lon0, az0, v * t, &lat, &lon, &azi);
    double h = h0 + vz * t;
    geo_lla_to_enu(f, lat, lon, h, x);
    geo_frame loc;
    geo_frame_init(&loc, lat, lon, h);
    double vl[3] = {v * sin(azi * GEO_DEG), v * cos(azi * GEO_DEG), vz}, ve[3];
    geo_vec_enu_to_ecef(&loc, vl, ve);
    geo_vec_ecef_to_enu(f, ve, x + 3);
}

#endif
