/* sim/motion_ballistic.c - ballistic missiles: boost, free flight, re-entry.
 *
 *   - motion: ballistic
 *     launch: [lat, lon]          # launch point (alt 0 unless given)
 *     impact: [lat, lon]          # aim point
 *     t_launch: 60                # scenario seconds
 *     burn_time_s: 60             # boost duration (0: instantaneous burnout at the launch point)
 *     vertical_s: 8               # vertical rise before the pitch-over
 *     flight_path_deg: min_energy # burnout flight-path angle, or a number (lofted / depressed)
 *     beta_kg_m2: 5000            # re-entry ballistic coefficient (0: no drag)
 *
 * Physics, all in the rotating Earth-fixed frame (ECEF): gravity with J2 (geo_gravity_j2) plus
 * the Coriolis and centrifugal terms; during the boost a thrust acceleration of constant size
 * along a pitch programme (vertical, then a linear pitch-over to the burnout flight-path angle, in
 * the launch point's local frame); after burnout free flight; below 100 km the drag of an
 * exponential atmosphere a = -(rho(h) / (2 beta)) |v| v, rho = 1.225 exp(-h / 6705.6) kg/m^3
 * (domain-notes §5.1).  The burnout angle defaults to the minimum-energy angle for the range
 * angle theta, gamma = (pi - theta) / 4 (Wheelon's minimum-energy trajectory), and the thrust
 * level and launch azimuth are found by shooting (Newton on the miss distance) so the missile
 * lands on its aim point.  The trajectory is integrated once at load time (RK4, 0.1 s in boost and
 * re-entry, 0.5 s in vacuum) and sampled every second; the state at any time is the cubic Hermite
 * interpolation of the samples, which is exact to well under a metre for these arcs. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/ballistic.h"

#define RHO0 1.225
#define H_SCALE 6705.6

static void accel(const sim_ballistic_cfg *c, const double p[3], const double v[3],
                  const double thrust[3], double a[3])
{
    if (c->j2) {
        geo_gravity_j2(p, a);
    } else {
        double r = sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        double k = -GEO_GM / (r * r * r);
        for (int i = 0; i < 3; i++)
            a[i] = k * p[i];
    }
    if (c->rotation) {
        double w = GEO_OMEGA;
        /* -2 w x v - w x (w x r), w = (0, 0, w) */
        a[0] += 2 * w * v[1] + w * w * p[0];
        a[1] += -2 * w * v[0] + w * w * p[1];
    }
    for (int i = 0; i < 3; i++)
        a[i] += thrust[i];
    if (c->beta > 0) {
        double lat, lon, h;
        /* cheap height first: only the lowest 100 km have air worth counting */
        double r = sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        if (r < GEO_A + 120e3) {
            geo_ecef_to_lla(p, &lat, &lon, &h);
            if (h < 100e3) {
                double rho = RHO0 * exp(-(h > 0 ? h : 0) / H_SCALE);
                double sp = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
                double k = -rho / (2 * c->beta) * sp;
                for (int i = 0; i < 3; i++)
                    a[i] += k * v[i];
            }
        }
    }
}

static void rk4(const sim_ballistic_cfg *c, double x[6], const double th[3], double dt)
{
    double k1[6], k2[6], k3[6], k4[6], y[6];
    memcpy(k1, x + 3, 3 * sizeof(double));
    accel(c, x, x + 3, th, k1 + 3);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + 0.5 * dt * k1[i];
    memcpy(k2, y + 3, 3 * sizeof(double));
    accel(c, y, y + 3, th, k2 + 3);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + 0.5 * dt * k2[i];
    memcpy(k3, y + 3, 3 * sizeof(double));
    accel(c, y, y + 3, th, k3 + 3);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + dt * k3[i];
    memcpy(k4, y + 3, 3 * sizeof(double));
    accel(c, y, y + 3, th, k4 + 3);
    for (int i = 0; i < 6; i++)
        x[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

static double height(const double p[3])
{
    double lat, lon, h;
    geo_ecef_to_lla(p, &lat, &lon, &h);
    return h;
}

/* Unit vector in ECEF of elevation el, azimuth az in the launch frame f. */
static void dir_ecef(const geo_frame *f, double az, double el, double d[3])
{
    double enu[3] = {cos(el) * sin(az), cos(el) * cos(az), sin(el)};
    geo_vec_enu_to_ecef(f, enu, d);
}

/* Flies one trajectory with thrust level k (m/s^2, or burnout speed when burn_s == 0) and
 * azimuth az.  Fills r; calls sample(ctx, t, x_ecef) every sample_dt if sample != NULL. */
static void fly(const sim_ballistic_cfg *c, double k, double az, double gam,
                sim_ballistic_result *r, void (*sample)(void *, double, const double *),
                void *ctx)
{
    geo_frame f;
    geo_frame_init(&f, c->lat0, c->lon0, c->h0);
    double x[6] = {f.ecef[0], f.ecef[1], f.ecef[2], 0, 0, 0};
    double th[3] = {0, 0, 0};
    double t = 0, next_sample = 0;
    r->apogee_m = c->h0;
    if (c->burn_s <= 0) {
        double d[3];
        dir_ecef(&f, az, gam, d);
        for (int i = 0; i < 3; i++)
            x[3 + i] = k * d[i];
        r->v_burnout = k;
        r->gamma_burnout = gam;
    }
    double hprev = c->h0, tprev = 0, xprev[6];
    /* bounded: a trajectory that has not come down within two hours is in orbit, not ballistic */
    for (int step = 0; step < 200000 && t < 7200; step++) {
        if (sample && t >= next_sample - 1e-9) {
            sample(ctx, t, x);
            next_sample += c->sample_dt;
        }
        double dt;
        if (t < c->burn_s) {
            double el = t < c->vert_s ? M_PI / 2
                        : M_PI / 2 - (M_PI / 2 - gam) * (t - c->vert_s) / (c->burn_s - c->vert_s);
            double d[3];
            dir_ecef(&f, az, el, d);
            for (int i = 0; i < 3; i++)
                th[i] = k * d[i];
            dt = 0.1;
            if (t + dt > c->burn_s)
                dt = c->burn_s - t;
        } else {
            th[0] = th[1] = th[2] = 0;
            dt = hprev < 120e3 ? 0.1 : 0.5;
        }
        memcpy(xprev, x, sizeof x);
        tprev = t;
        rk4(c, x, th, dt);
        t += dt;
        if (fabs(t - c->burn_s) < 1e-9) {
            r->t_burnout = t;
            r->v_burnout = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
            double lat, lon, hb;
            geo_ecef_to_lla(x, &lat, &lon, &hb);
            double up[3] = {cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat)};
            r->gamma_burnout = asin((x[3] * up[0] + x[4] * up[1] + x[5] * up[2]) / r->v_burnout);
        }
        double h = height(x);
        if (h > r->apogee_m)
            r->apogee_m = h;
        if (t > c->burn_s + 1 && h < c->h1) {
            /* impact: interpolate the crossing of the aim height */
            double s = (hprev - c->h1) / (hprev - h);
            double xi[6];
            for (int i = 0; i < 6; i++)
                xi[i] = xprev[i] + s * (x[i] - xprev[i]);
            r->t_impact = tprev + s * dt;
            geo_ecef_to_lla(xi, &r->lat_impact, &r->lon_impact, &h);
            r->lat_impact /= GEO_DEG;
            r->lon_impact /= GEO_DEG;
            r->v_impact = sqrt(xi[3] * xi[3] + xi[4] * xi[4] + xi[5] * xi[5]);
            if (sample)
                sample(ctx, r->t_impact, xi);
            return;
        }
        hprev = h;
    }
    r->t_impact = -1;
}

/* Miss of impact point vs aim, as (downrange, crossrange) metres. */
static void miss(const sim_ballistic_cfg *c, const sim_ballistic_result *r, double m[2])
{
    double d_aim, az_aim, d_imp, az_imp, a2;
    geo_inverse(c->lat0, c->lon0, c->lat1, c->lon1, &d_aim, &az_aim, &a2);
    geo_inverse(c->lat0, c->lon0, r->lat_impact, r->lon_impact, &d_imp, &az_imp, &a2);
    double da = geo_wrap_pi((az_imp - az_aim) * GEO_DEG);
    m[0] = d_imp * cos(da) - d_aim;
    m[1] = d_imp * sin(da);
}

sw_rc sim_ballistic_solve(const sim_ballistic_cfg *c, sim_ballistic_result *r,
                          void (*sample)(void *, double, const double *), void *ctx)
{
    memset(r, 0, sizeof *r);
    double d_aim, az_aim, a2;
    geo_inverse(c->lat0, c->lon0, c->lat1, c->lon1, &d_aim, &az_aim, &a2);
    if (!(d_aim > 20e3) || d_aim > 6000e3)
        return SW_ERANGE;
    double theta = d_aim / 6371e3;
    r->gamma = isnan(c->gamma_deg) ? (M_PI - theta) / 4 : c->gamma_deg * GEO_DEG;
    /* first guess: the minimum-energy burnout speed from the surface, Q = 2 sin(t/2)/(1+sin(t/2)) */
    double sn = sin(theta / 2);
    double v_me = sqrt(GEO_GM / GEO_A * 2 * sn / (1 + sn));
    double k = c->burn_s > 0 ? (v_me + 9.8 * 0.6 * c->burn_s) / c->burn_s : v_me;
    double az = az_aim * GEO_DEG, pitch = r->gamma, want = r->gamma;
    double m[2];
    /* outer loop: the pitch programme's end angle, so that the velocity (not the thrust) leaves
     * the boost at the wanted flight-path angle; inner: Newton on thrust and azimuth */
    for (int outer = 0; outer < (c->burn_s > 0 ? 8 : 1); outer++) {
        for (int it = 0; it < 30; it++) {
            fly(c, k, az, pitch, r, NULL, NULL);
            if (r->t_impact < 0)
                return SW_ENUMERIC;
            miss(c, r, m);
            r->miss_m = hypot(m[0], m[1]);
            if (r->miss_m < 5.0)
                break;
            /* Jacobian by finite differences */
            sim_ballistic_result rk = *r, ra = *r;
            double dk = k * 1e-4, daz = 1e-5, mk[2], ma[2];
            fly(c, k + dk, az, pitch, &rk, NULL, NULL);
            fly(c, k, az + daz, pitch, &ra, NULL, NULL);
            if (rk.t_impact < 0 || ra.t_impact < 0)
                return SW_ENUMERIC;
            miss(c, &rk, mk);
            miss(c, &ra, ma);
            double J[4] = {(mk[0] - m[0]) / dk, (ma[0] - m[0]) / daz, (mk[1] - m[1]) / dk,
                           (ma[1] - m[1]) / daz};
            double det = J[0] * J[3] - J[1] * J[2];
            if (fabs(det) < 1e-12)
                return SW_ENUMERIC;
            double sk = (J[3] * m[0] - J[1] * m[1]) / det, sa = (-J[2] * m[0] + J[0] * m[1]) / det;
            /* damped: never change the thrust by more than 20% a step */
            double lim = 0.2 * k;
            if (fabs(sk) > lim)
                sk = sk > 0 ? lim : -lim;
            k -= sk;
            az -= sa;
        }
        double dg = r->gamma_burnout - want;
        if (fabs(dg) < 0.1 * GEO_DEG)
            break;
        pitch -= dg;
        if (pitch < 5 * GEO_DEG)
            pitch = 5 * GEO_DEG;
    }
    r->pitch_end = pitch;
    if (r->miss_m > 100.0)
        return SW_ENUMERIC;
    r->thrust = k;
    r->azimuth = az;
    fly(c, k, az, pitch, r, sample, ctx);
    return SW_OK;
}

/* ---- the motion model ---- */

typedef struct ballistic_model {
    int n, cap;
    double *t;        /* sample times, scenario seconds, increasing */
    double (*x)[6];   /* common-ENU samples */
} ballistic_model;

typedef struct fill_ctx {
    ballistic_model *m;
    const sim_world *w;
    double t0;
} fill_ctx;

static void fill(void *ctx, double t, const double *xe)
{
    fill_ctx *f = ctx;
    ballistic_model *m = f->m;
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 1024;
        double *tt = realloc(m->t, sizeof *tt * (size_t)cap);
        if (!tt)
            return;
        m->t = tt;
        void *p = realloc(m->x, sizeof *m->x * (size_t)cap);
        if (!p)
            return;
        m->x = p;
        m->cap = cap;
    }
    if (m->n > 0 && f->t0 + t <= m->t[m->n - 1] + 1e-9)
        return;
    m->t[m->n] = f->t0 + t;
    geo_ecef_to_enu(&f->w->origin, xe, m->x[m->n]);
    geo_vec_ecef_to_enu(&f->w->origin, xe + 3, m->x[m->n] + 3);
    m->n++;
}

static void ballistic_eval(const sim_target *tg, const sim_world *w, double t, double x[6])
{
    (void)w;
    const ballistic_model *m = tg->m;
    sim_samples_eval(m->t, (const double (*)[6])m->x, m->n, t, x);
}

static void ballistic_free(void *p)
{
    ballistic_model *m = p;
    if (m) {
        free(m->t);
        free(m->x);
    }
    free(m);
}

static const char *const ballistic_keys[] = {"launch", "impact", "t_launch", "burn_time_s",
                                             "vertical_s", "flight_path_deg", "beta_kg_m2", NULL};

static sw_rc ballistic_parse(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    sw_rc rc;
    if (w->dim != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: ballistic missiles need a 3-D scenario",
                          sw_cfg_where(node, where, sizeof where));
    sim_ballistic_cfg c;
    sim_ballistic_defaults(&c);
    double l[3], a[3];
    const char *fpa;
    if ((rc = sim_cfg_latlon(node, "launch", 0, l, err)) ||
        (rc = sim_cfg_latlon(node, "impact", 0, a, err)) ||
        (rc = sw_cfg_opt_num(node, "t_launch", 0, &tg->t0, err)) ||
        (rc = sw_cfg_opt_num(node, "burn_time_s", c.burn_s, &c.burn_s, err)) ||
        (rc = sw_cfg_opt_num(node, "vertical_s", c.vert_s, &c.vert_s, err)) ||
        (rc = sw_cfg_opt_num(node, "beta_kg_m2", c.beta, &c.beta, err)) ||
        (rc = sw_cfg_opt_str(node, "flight_path_deg", "min_energy", &fpa, err)))
        return rc;
    if (strcmp(fpa, "min_energy")) {
        char *end;
        c.gamma_deg = strtod(fpa, &end);
        if (*end || !(c.gamma_deg > 5 && c.gamma_deg < 85))
            return sw_err_set(err, SW_EFORMAT, "%s: 'flight_path_deg': min_energy or 5..85",
                              sw_cfg_where(sw_cfg_get(node, "flight_path_deg"), where,
                                           sizeof where));
    }
    if (c.burn_s < 0 || c.burn_s > 600 || c.vert_s < 0 || (c.burn_s > 0 && c.vert_s >= c.burn_s) ||
        c.beta < 0)
        return sw_err_set(err, SW_EFORMAT, "%s: need 0 <= vertical_s < burn_time_s <= 600, "
                          "beta_kg_m2 >= 0", sw_cfg_where(node, where, sizeof where));
    c.lat0 = l[0];
    c.lon0 = l[1];
    c.h0 = l[2];
    c.lat1 = a[0];
    c.lon1 = a[1];
    c.h1 = a[2];
    ballistic_model *m = calloc(1, sizeof *m);
    if (!m)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    tg->m = m;
    fill_ctx f = {m, w, tg->t0};
    sim_ballistic_result r;
    rc = sim_ballistic_solve(&c, &r, fill, &f);
    if (rc == SW_ERANGE)
        return sw_err_set(err, SW_EFORMAT, "%s: launch and impact must be 20 to 6000 km apart",
                          sw_cfg_where(node, where, sizeof where));
    if (rc || m->n < 3)
        return sw_err_set(err, SW_ENUMERIC, "%s: no trajectory reaches the aim point (range "
                          "or burn time out of reach)", sw_cfg_where(node, where, sizeof where));
    tg->t1 = tg->t0 + r.t_impact;
    for (int i = 0; i < m->n; i++)
        if (!isfinite(m->x[i][0]))
            return sw_err_set(err, SW_ENUMERIC, "%s: trajectory sampling failed",
                              sw_cfg_where(node, where, sizeof where));
    return SW_OK;
}

void sim_ballistic_defaults(sim_ballistic_cfg *c)
{
    memset(c, 0, sizeof *c);
    c->burn_s = 60;
    c->vert_s = 6;
    c->gamma_deg = NAN;
    c->beta = 5000;
    c->j2 = 1;
    c->rotation = 1;
    c->sample_dt = 1.0;
}

const sim_motion_ops sim_motion_ballistic = {
    .name = "ballistic", .cls = SW_CLS_BALLISTIC, .rcs_m2 = 0.5, .swerling = 3,
    .parse = ballistic_parse, .eval = ballistic_eval, .free = ballistic_free,
    .keys = ballistic_keys};
