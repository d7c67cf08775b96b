/* sim/motion_legs.c - a target flying a script of legs: constant velocity, coordinated turns
 * (by rate or by lateral g), along-track acceleration, climbs and dives.  Also the model of
 * manoeuvring military aircraft (`motion: military`).
 *
 * Kinematics are exact per leg (no integration error): in a turn at rate w the heading is
 * psi0 + w t and the position the arc e = e0 + v/w (cos psi0 - cos psi), n = n0 + v/w (sin psi -
 * sin psi0).  A flat (2-D) world uses the common ENU plane directly.  A 3-D world flies the
 * legs in the start point's local plane and wraps that plane onto the sphere osculating the
 * ellipsoid there (distances and bearings from the start preserved), height = start height + up,
 * so that a long leg follows the Earth instead of rising off the tangent plane.  Closed form,
 * with the velocity its exact derivative: cheap enough for 10,000 targets. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define G0 9.80665

typedef struct leg {
    double t0;               /* start time of the leg */
    double x[6];             /* local state at t0: e, n, u, ve, vn, vu */
    double w;                /* turn rate rad/s, clockwise positive */
    double acc;              /* along-track acceleration */
    double v, psi0, s0, c0;  /* speed, heading, sin and cos of heading at t0 (leg_prepare) */
} leg;

/* Caches what every evaluation of the leg needs (called whenever x or the leg changes). */
static void leg_prepare(leg *L)
{
    L->v = hypot(L->x[3], L->x[4]);
    L->psi0 = atan2(L->x[3], L->x[4]);
    L->s0 = sin(L->psi0);
    L->c0 = cos(L->psi0);
}

typedef struct legs_model {
    double lat0, lon0, h0;   /* 3-D: the start point */
    double R;                /* 3-D: radius of the sphere osculating the ellipsoid there */
    double C[3];             /* its centre, ECEF */
    double E0[3], N0[3], U0[3]; /* the start point's East, North, Up, ECEF */
    int n;
    leg l[];
} legs_model;

static void leg_eval(const leg *L, double t, double x[6])
{
    double dt = t - L->t0;
    double ve = L->x[3], vn = L->x[4], v = L->v;
    if (L->acc != 0) {
        double vt = v + L->acc * dt, s = v * dt + 0.5 * L->acc * dt * dt;
        x[0] = L->x[0] + s * L->s0;
        x[1] = L->x[1] + s * L->c0;
        x[3] = vt * L->s0;
        x[4] = vt * L->c0;
    } else if (fabs(L->w) > 1e-12) {
        double psi = L->psi0 + L->w * dt, sp = sin(psi), cp = cos(psi), k = v / L->w;
        x[0] = L->x[0] + k * (L->c0 - cp);
        x[1] = L->x[1] + k * (sp - L->s0);
        x[3] = v * sp;
        x[4] = v * cp;
    } else {
        x[0] = L->x[0] + ve * dt;
        x[1] = L->x[1] + vn * dt;
        x[3] = ve;
        x[4] = vn;
    }
    x[2] = L->x[2] + L->x[5] * dt;
    x[5] = L->x[5];
}

static void legs_eval(const sim_target *tg, const sim_world *w, double t, double x[6])
{
    const legs_model *m = tg->m;
    int i = m->n - 1;
    while (i > 0 && t < m->l[i].t0)
        i--;
    double loc[6];
    leg_eval(&m->l[i], t, loc);
    if (w->dim == 2) {
        memcpy(x, loc, sizeof loc);
        x[2] = x[5] = 0;
        return;
    }
    /* the plane (e, n) wrapped onto the osculating sphere: P = C + (R + h)(cos(s/R) U0 + k w),
     * w = e E0 + n N0, s = |w|, k = sin(s/R) / s; the velocity is its exact time derivative */
    double R = m->R, e = loc[0], n = loc[1], ve = loc[3], vn = loc[4];
    double s = hypot(e, n), phi = s / R, c = cos(phi), k, kd;
    if (s > 1.0) {
        k = sin(phi) / s;
        kd = (c / R - k) / (s * s);
    } else {
        k = 1 / R - s * s / (6 * R * R * R);
        kd = -1 / (3 * R * R * R);
    }
    double h = m->h0 + loc[2], vh = loc[5], wdw = e * ve + n * vn;
    double P[3], V[3];
    for (int i = 0; i < 3; i++) {
        double w = e * m->E0[i] + n * m->N0[i], wd = ve * m->E0[i] + vn * m->N0[i];
        double dir = c * m->U0[i] + k * w;
        P[i] = m->C[i] + (R + h) * dir;
        V[i] = vh * dir + (R + h) * (-(k / R) * wdw * m->U0[i] + kd * wdw * w + k * wd);
    }
    geo_ecef_to_enu(&w->origin, P, x);
    geo_vec_ecef_to_enu(&w->origin, V, x + 3);
}

/* The start point's frame and osculating sphere (Gaussian mean radius sqrt(M N)). */
static void legs_sphere(legs_model *m)
{
    double lat = m->lat0 * GEO_DEG, lon = m->lon0 * GEO_DEG;
    double sl = sin(lat), cl = cos(lat), so = sin(lon), co = cos(lon);
    double w2 = 1 - GEO_E2 * sl * sl;
    double N = GEO_A / sqrt(w2), M = GEO_A * (1 - GEO_E2) / (w2 * sqrt(w2));
    m->R = sqrt(M * N);
    double E[3] = {-so, co, 0}, Nn[3] = {-sl * co, -sl * so, cl}, U[3] = {cl * co, cl * so, sl};
    double P0[3];
    geo_lla_to_ecef(lat, lon, 0, P0);
    for (int i = 0; i < 3; i++) {
        m->E0[i] = E[i];
        m->N0[i] = Nn[i];
        m->U0[i] = U[i];
        m->C[i] = P0[i] - m->R * U[i];
    }
}

static const char *const legs_keys[] = {"t_start", "t_end", "position", "position_lla",
                                        "velocity", "speed_mps", "heading_deg", "climb_mps",
                                        "legs", NULL};

static sw_rc legs_parse(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    sw_rc rc;
    const sw_cfg *legs;
    if ((rc = sw_cfg_opt_seq(node, "legs", &legs, err)))
        return rc;
    int nl = legs ? sw_cfg_len(legs) : 0;
    legs_model *m = calloc(1, sizeof *m + sizeof(leg) * (size_t)(nl + 1));
    if (!m)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    tg->m = m;
    double t_end;
    if ((rc = sw_cfg_opt_num(node, "t_start", 0, &tg->t0, err)) ||
        (rc = sw_cfg_opt_num(node, "t_end", tg->t1, &t_end, err)))
        return rc;
    leg *L = &m->l[0];
    L->t0 = tg->t0;
    /* start position */
    const sw_cfg *pos = sw_cfg_get(node, "position"), *lla = sw_cfg_get(node, "position_lla");
    if (!!pos == !!lla)
        return sw_err_set(err, SW_EFORMAT, "%s: give the start as 'position' [x_m, y_m(, z_m)] "
                          "or 'position_lla' [lat, lon, alt_m]",
                          sw_cfg_where(node, where, sizeof where));
    double p[3] = {0, 0, 0};
    if (pos) {
        int n = sw_cfg_len(pos);
        if (sw_cfg_type(pos) != SW_CFG_SEQ || n < 2 || n > 3)
            return sw_err_set(err, SW_EFORMAT, "%s: 'position': expected [x_m, y_m] or "
                              "[x_m, y_m, z_m]", sw_cfg_where(pos, where, sizeof where));
        for (int i = 0; i < n; i++)
            if ((rc = sw_cfg_num(sw_cfg_at(pos, i), &p[i], err)))
                return rc;
        if (w->dim == 3) {
            /* z is the height above the ellipsoid under the point */
            double q[3] = {p[0], p[1], 0}, h;
            geo_enu_to_lla(&w->origin, q, &m->lat0, &m->lon0, &h);
            m->h0 = p[2];
        }
    } else {
        if (w->dim == 2)
            return sw_err_set(err, SW_EFORMAT, "%s: a 2-D scenario places targets with 'position'",
                              sw_cfg_where(lla, where, sizeof where));
        double q[3];
        if ((rc = sim_cfg_latlon(node, "position_lla", 0, q, err)))
            return rc;
        m->lat0 = q[0];
        m->lon0 = q[1];
        m->h0 = q[2];
    }
    if (w->dim == 2) {
        L->x[0] = p[0];
        L->x[1] = p[1];
    } else {
        legs_sphere(m);
    }
    /* start velocity */
    const sw_cfg *vel = sw_cfg_get(node, "velocity");
    double climb = 0;
    if ((rc = sw_cfg_opt_num(node, "climb_mps", 0, &climb, err)))
        return rc;
    if (vel) {
        int n = sw_cfg_len(vel);
        if (sw_cfg_type(vel) != SW_CFG_SEQ || n < 2 || n > 3)
            return sw_err_set(err, SW_EFORMAT, "%s: 'velocity': expected [vx, vy(, vz)] m/s",
                              sw_cfg_where(vel, where, sizeof where));
        for (int i = 0; i < n; i++)
            if ((rc = sw_cfg_num(sw_cfg_at(vel, i), &L->x[3 + i], err)))
                return rc;
        if (n == 2)
            L->x[5] = climb;
    } else {
        double v, hdg;
        if ((rc = sw_cfg_get_num(node, "speed_mps", &v, err)) ||
            (rc = sw_cfg_get_num(node, "heading_deg", &hdg, err)))
            return rc;
        L->x[3] = v * sin(hdg * GEO_DEG);
        L->x[4] = v * cos(hdg * GEO_DEG);
        L->x[5] = climb;
    }
    if (w->dim == 2)
        L->x[5] = 0;
    leg_prepare(L);
    m->n = 1;
    for (int i = 0; i < nl; i++) {
        static const char *const lk[] = {"duration_s", "turn_rate_deg_s", "turn_g", "climb_mps",
                                         "accel_mps2", "type", NULL};
        const sw_cfg *ln = sw_cfg_at(legs, i);
        double dur, rate, g, acc, vz;
        const char *type;
        if ((rc = sw_cfg_check_keys(ln, lk, err)) ||
            (rc = sw_cfg_get_num(ln, "duration_s", &dur, err)) ||
            (rc = sw_cfg_opt_str(ln, "type", "", &type, err)) ||
            (rc = sw_cfg_opt_num(ln, "turn_rate_deg_s", 0, &rate, err)) ||
            (rc = sw_cfg_opt_num(ln, "turn_g", 0, &g, err)) ||
            (rc = sw_cfg_opt_num(ln, "accel_mps2", 0, &acc, err)) ||
            (rc = sw_cfg_opt_num(ln, "climb_mps", NAN, &vz, err)))
            return rc;
        if (!(dur > 0) || (rate != 0 && g != 0) || (acc != 0 && (rate != 0 || g != 0)))
            return sw_err_set(err, SW_EFORMAT, "%s: a leg needs duration_s > 0 and at most one "
                              "of turn_rate_deg_s, turn_g, accel_mps2",
                              sw_cfg_where(ln, where, sizeof where));
        leg *cur = &m->l[m->n - 1];
        double v = hypot(cur->x[3], cur->x[4]);
        cur->w = rate * GEO_DEG;
        if (g != 0) {
            if (!(v > 1))
                return sw_err_set(err, SW_EFORMAT, "%s: a turn by g needs a speed",
                                  sw_cfg_where(ln, where, sizeof where));
            cur->w = g * G0 / v; /* lateral acceleration g*G0 = v * w */
        }
        cur->acc = acc;
        if (acc < 0 && v + acc * dur < 0)
            return sw_err_set(err, SW_EFORMAT, "%s: the leg decelerates below zero speed",
                              sw_cfg_where(ln, where, sizeof where));
        if (!isnan(vz) && w->dim == 3)
            cur->x[5] = vz;
        /* the next leg starts where this one ends (and flies straight by default) */
        leg *nx = &m->l[m->n];
        nx->t0 = cur->t0 + dur;
        leg_eval(cur, nx->t0, nx->x);
        nx->w = 0;
        nx->acc = 0;
        leg_prepare(nx);
        m->n++;
    }
    tg->t1 = t_end;
    return SW_OK;
}

const sim_motion_ops sim_motion_legs = {
    .name = "legs", .cls = SW_CLS_AIRCRAFT, .rcs_m2 = 5.0, .swerling = 1,
    .parse = legs_parse, .eval = legs_eval, .free = free, .keys = legs_keys};

sw_rc sim_legs_make(sim_target *tg, const sim_world *w, const double pos[3], double speed,
                    double heading_deg, double t_start, int n_turns, const double *dur,
                    const double *rate_deg_s)
{
    legs_model *m = calloc(1, sizeof *m + sizeof(leg) * (size_t)(n_turns + 1));
    if (!m)
        return SW_ENOMEM;
    tg->m = m;
    tg->ops = &sim_motion_legs;
    tg->t0 = t_start;
    leg *L = &m->l[0];
    L->t0 = t_start;
    if (w->dim == 3) {
        double q[3] = {pos[0], pos[1], 0}, h;
        geo_enu_to_lla(&w->origin, q, &m->lat0, &m->lon0, &h);
        m->h0 = pos[2];
        legs_sphere(m);
    } else {
        L->x[0] = pos[0];
        L->x[1] = pos[1];
    }
    L->x[3] = speed * sin(heading_deg * GEO_DEG);
    L->x[4] = speed * cos(heading_deg * GEO_DEG);
    leg_prepare(L);
    m->n = 1;
    for (int i = 0; i < n_turns; i++) {
        leg *cur = &m->l[m->n - 1];
        cur->w = rate_deg_s[i] * GEO_DEG;
        leg *nx = &m->l[m->n];
        nx->t0 = cur->t0 + dur[i];
        leg_eval(cur, nx->t0, nx->x);
        leg_prepare(nx);
        m->n++;
    }
    return SW_OK;
}
