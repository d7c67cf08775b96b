/* sim/motion_waypoints.c - cruise missiles and drones: constant speed along geodesics between
 * waypoints, at a height that changes linearly from one waypoint to the next.
 *
 *   - motion: cruise                  # or drone (class and defaults differ), or waypoints
 *     t_start: 120
 *     speed_mps: 240                  # cruise: high subsonic; drone: 30-60
 *     altitude_m: 50                  # height above the ellipsoid when a waypoint gives none
 *     waypoints: [[lat, lon], [lat, lon, alt], ...]
 *     # or, in a flat 2-D world: waypoints_xy: [[x, y], ...]
 *
 * Turns at waypoints are taken as a coordinated turn at `turn_g` (default 2 g for cruise, 0.5 g
 * for drones): the corner is cut by the arc of radius v^2 / (g a) tangent to both legs, so the
 * velocity is continuous, as a real airframe's is.  (Computed in each corner's local tangent
 * plane; the arcs are a few kilometres, so the plane is exact to centimetres.) */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define G0 9.80665

typedef struct piece {
    double t0, t1;           /* time interval */
    int turn;                /* 0: straight along a geodesic, 1: arc */
    sim_line line;           /* straight: from the start point */
    double s0;               /* straight: distance along the line at t0 */
    double h0, h1;           /* heights at t0, t1 */
    /* arc: centre in the ENU frame of the corner's waypoint, radius, start angle, rate */
    double lat_c, lon_c;     /* the corner waypoint */
    double cx, cy, rad, ang0, w;
    double x0, y0;           /* straight pieces of a flat world: start and unit direction */
    double ux, uy;
} piece;

typedef struct wp_model {
    double v;
    int n;
    piece p[];
} wp_model;

static void wp_eval(const sim_target *tg, const sim_world *w, double t, double x[6])
{
    const wp_model *m = tg->m;
    int i = 0;
    while (i < m->n - 1 && t > m->p[i].t1)
        i++;
    const piece *P = &m->p[i];
    double f = P->t1 > P->t0 ? (t - P->t0) / (P->t1 - P->t0) : 0;
    double h = P->h0 + f * (P->h1 - P->h0), vz = P->t1 > P->t0 ? (P->h1 - P->h0) / (P->t1 - P->t0) : 0;
    double e, n, ve, vn;
    if (!P->turn) {
        double s = P->s0 + m->v * (t - P->t0);
        if (w->dim == 2) {
            x[0] = P->x0 + P->ux * s;
            x[1] = P->y0 + P->uy * s;
            x[2] = 0;
            x[3] = P->ux * m->v;
            x[4] = P->uy * m->v;
            x[5] = 0;
            return;
        }
        double lat, lon, azi;
        sim_line_pos(&P->line, s, &lat, &lon, &azi);
        sim_lla_state(w, lat, lon, h, m->v * sin(azi * GEO_DEG), m->v * cos(azi * GEO_DEG), vz,
                      x);
        return;
    }
    double a = P->ang0 + P->w * (t - P->t0);
    e = P->cx + P->rad * sin(a);
    n = P->cy + P->rad * cos(a);
    double sg = P->w > 0 ? 1 : -1;
    ve = sg * m->v * cos(a);
    vn = -sg * m->v * sin(a);
    if (w->dim == 2) {
        x[0] = P->lat_c + e; /* flat world: the corner's coordinates are kept in lat_c/lon_c */
        x[1] = P->lon_c + n;
        x[2] = 0;
        x[3] = ve;
        x[4] = vn;
        x[5] = 0;
        return;
    }
    geo_frame f0;
    geo_frame_init(&f0, P->lat_c, P->lon_c, 0);
    double loc[3] = {e, n, 0}, lat, lon, hh;
    geo_enu_to_lla(&f0, loc, &lat, &lon, &hh);
    sim_lla_state(w, lat, lon, h, ve, vn, vz, x);
}

static const char *const wp_keys[] = {"t_start", "speed_mps", "altitude_m", "waypoints",
                                      "waypoints_xy", "turn_g", NULL};

/* Points of the route: lat, lon, h (3-D) or x, y (2-D). */
typedef struct pt {
    double a, b, h;
} pt;

static sw_rc wp_parse(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    sw_rc rc;
    int drone = tg->cls == SW_CLS_DRONE;
    double v, alt, g;
    if ((rc = sw_cfg_opt_num(node, "t_start", 0, &tg->t0, err)) ||
        (rc = sw_cfg_opt_num(node, "speed_mps", drone ? 40 : 240, &v, err)) ||
        (rc = sw_cfg_opt_num(node, "altitude_m", drone ? 150 : 50, &alt, err)) ||
        (rc = sw_cfg_opt_num(node, "turn_g", drone ? 0.5 : 2, &g, err)))
        return rc;
    const char *key = w->dim == 3 ? "waypoints" : "waypoints_xy";
    const sw_cfg *list;
    if ((rc = sw_cfg_get_seq(node, key, &list, err)))
        return rc;
    int n = sw_cfg_len(list);
    if (n < 2 || n > 1000 || !(v > 0) || !(g > 0))
        return sw_err_set(err, SW_EFORMAT, "%s: need 2..1000 '%s', speed_mps > 0, turn_g > 0",
                          sw_cfg_where(node, where, sizeof where), key);
    pt *q = calloc((size_t)n, sizeof *q);
    wp_model *m = calloc(1, sizeof *m + sizeof(piece) * (size_t)(2 * n));
    if (!q || !m) {
        free(q);
        free(m);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    tg->m = m;
    m->v = v;
    for (int i = 0; i < n; i++) {
        const sw_cfg *e = sw_cfg_at(list, i);
        int k = sw_cfg_len(e);
        double c[3] = {0, 0, alt};
        if (sw_cfg_type(e) != SW_CFG_SEQ || k < 2 || k > 3) {
            free(q);
            return sw_err_set(err, SW_EFORMAT, "%s: a waypoint is [lat, lon] or [lat, lon, alt_m]"
                              " ([x, y] in 2-D)", sw_cfg_where(e, where, sizeof where));
        }
        for (int j = 0; j < k; j++)
            if ((rc = sw_cfg_num(sw_cfg_at(e, j), &c[j], err))) {
                free(q);
                return rc;
            }
        q[i].a = c[0];
        q[i].b = c[1];
        q[i].h = c[2];
    }
    /* corner geometry: for each inner waypoint, the turn's tangent distance from the corner */
    double R = v * v / (g * G0);
    double *cut = calloc((size_t)n, sizeof *cut), *len = calloc((size_t)n, sizeof *len);
    double *az_in = calloc((size_t)n, sizeof *az_in), *az_out = calloc((size_t)n, sizeof *az_out);
    if (!cut || !len || !az_in || !az_out) {
        free(q), free(cut), free(len), free(az_in), free(az_out);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    for (int i = 0; i + 1 < n; i++) {
        if (w->dim == 3) {
            double a1, a2;
            geo_inverse(q[i].a, q[i].b, q[i + 1].a, q[i + 1].b, &len[i], &a1, &a2);
            az_out[i] = a1 * GEO_DEG;
            az_in[i + 1] = a2 * GEO_DEG;
        } else {
            double dx = q[i + 1].a - q[i].a, dy = q[i + 1].b - q[i].b;
            len[i] = hypot(dx, dy);
            az_out[i] = az_in[i + 1] = atan2(dx, dy);
        }
        if (!(len[i] > 1)) {
            free(q), free(cut), free(len), free(az_in), free(az_out);
            return sw_err_set(err, SW_EFORMAT, "%s: waypoints %d and %d coincide",
                              sw_cfg_where(list, where, sizeof where), i + 1, i + 2);
        }
    }
    for (int i = 1; i + 1 < n; i++) {
        double dpsi = fabs(geo_wrap_pi(az_out[i] - az_in[i]));
        cut[i] = R * tan(dpsi / 2);
        if (cut[i] > 0.45 * len[i - 1] || cut[i] > 0.45 * len[i])
            cut[i] = 0; /* too tight for a fillet: turn on the spot */
    }
    double t = tg->t0;
    int np = 0;
    for (int i = 0; i + 1 < n; i++) {
        /* straight piece from cut[i] after waypoint i to cut[i+1] before waypoint i+1 */
        piece *P = &m->p[np++];
        double s0 = cut[i], s1 = len[i] - cut[i + 1];
        P->t0 = t;
        P->t1 = t + (s1 - s0) / v;
        P->s0 = s0;
        P->h0 = q[i].h + (q[i + 1].h - q[i].h) * s0 / len[i];
        P->h1 = q[i].h + (q[i + 1].h - q[i].h) * s1 / len[i];
        if (w->dim == 3) {
            sim_line_init(&P->line, q[i].a, q[i].b, q[i + 1].a, q[i + 1].b);
        } else {
            P->x0 = q[i].a;
            P->y0 = q[i].b;
            P->ux = (q[i + 1].a - q[i].a) / len[i];
            P->uy = (q[i + 1].b - q[i].b) / len[i];
        }
        t = P->t1;
        if (i + 2 < n && cut[i + 1] > 0) {
            /* the arc around waypoint i+1, in its tangent plane */
            piece *A = &m->p[np++];
            double dpsi = geo_wrap_pi(az_out[i + 1] - az_in[i + 1]);
            double sg = dpsi > 0 ? 1 : -1; /* right turn: clockwise */
            double psi = az_in[i + 1];
            /* tangent point before the corner, then the centre to its right (or left) */
            double tx = -cut[i + 1] * sin(psi), ty = -cut[i + 1] * cos(psi);
            A->cx = tx + sg * R * cos(psi);
            A->cy = ty - sg * R * sin(psi);
            A->rad = R;
            A->ang0 = atan2(tx - A->cx, ty - A->cy);
            A->w = sg * v / R;
            A->turn = 1;
            A->t0 = t;
            A->t1 = t + fabs(dpsi) * R / v;
            A->h0 = A->h1 = q[i + 1].h;
            if (w->dim == 3) {
                A->lat_c = q[i + 1].a;
                A->lon_c = q[i + 1].b;
            } else {
                A->lat_c = q[i + 1].a; /* flat: the corner's x, y */
                A->lon_c = q[i + 1].b;
            }
            t = A->t1;
        }
    }
    m->n = np;
    tg->t1 = t;
    free(q), free(cut), free(len), free(az_in), free(az_out);
    return SW_OK;
}

const sim_motion_ops sim_motion_waypoints = {
    .name = "waypoints", .cls = SW_CLS_CRUISE, .rcs_m2 = 0.1, .swerling = 1,
    .parse = wp_parse, .eval = wp_eval, .free = free, .keys = wp_keys};
