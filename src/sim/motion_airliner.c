/* sim/motion_airliner.c - an airliner from one airport to another on the geodesic between them
 * (PROJ), with a climb, a cruise at a flight level and a descent.
 *
 *   - motion: airliner
 *     from: OTHH                  # ICAO code of a known airport (airports.c) or [lat, lon]
 *     to: OMDB
 *     t_start: -600               # take-off time; negative: already airborne at time 0
 *     cruise_fl: 350              # flight level (default from the distance: FL 150..390)
 *     cruise_speed_mps: 235       # true airspeed in cruise (still air: ground speed)
 *     climb_mps: 10               # vertical rates
 *     descent_mps: 8
 *     callsign: QTR1             # with mode3a and address: the transponder (scenario.c)
 *
 * Profile: speed rises linearly from 80 m/s at take-off to cruise speed at the top of climb and
 * falls linearly to 75 m/s at touch-down; height rises and falls at the given rates.  Distance
 * flown is the closed-form integral of that speed, so the state at any time costs one geodesic
 * position.  A flight too short for its cruise level cruises lower, as real ones do. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FT 0.3048
#define V_TO 80.0
#define V_LAND 75.0

typedef struct airliner {
    sim_line line;
    double h_dep, h_arr;     /* airport elevations */
    double h_cr, v_cr;       /* cruise height and speed */
    double tc, tcr, td;      /* durations: climb, cruise, descent */
    double sc, scr;          /* distance at top of climb, at top of descent */
} airliner;

/* Distance, speed, height and vertical rate at time tau after take-off. */
static void profile(const airliner *a, double tau, double *s, double *v, double *h, double *vz)
{
    if (tau < a->tc) {
        double k = (a->v_cr - V_TO) / a->tc;
        *s = V_TO * tau + 0.5 * k * tau * tau;
        *v = V_TO + k * tau;
        *vz = (a->h_cr - a->h_dep) / a->tc;
        *h = a->h_dep + *vz * tau;
        return;
    }
    tau -= a->tc;
    if (tau < a->tcr) {
        *s = a->sc + a->v_cr * tau;
        *v = a->v_cr;
        *h = a->h_cr;
        *vz = 0;
        return;
    }
    tau -= a->tcr;
    if (tau > a->td)
        tau = a->td;
    double k = (V_LAND - a->v_cr) / a->td;
    *s = a->scr + a->v_cr * tau + 0.5 * k * tau * tau;
    *v = a->v_cr + k * tau;
    *vz = (a->h_arr - a->h_cr) / a->td;
    *h = a->h_cr + *vz * tau;
}

static void airliner_eval(const sim_target *tg, const sim_world *w, double t, double x[6])
{
    const airliner *a = tg->m;
    double s, v, h, vz, lat, lon, azi;
    profile(a, t - tg->t0, &s, &v, &h, &vz);
    sim_line_pos(&a->line, s, &lat, &lon, &azi);
    sim_lla_state(w, lat, lon, h, v * sin(azi * GEO_DEG), v * cos(azi * GEO_DEG), vz, x);
}

sw_rc sim_airliner_setup(sim_target *tg, const double dep[3], const double arr[3], double t_start,
                         double cruise_fl, double v_cr, double climb, double descent)
{
    airliner *a = calloc(1, sizeof *a);
    if (!a)
        return SW_ENOMEM;
    tg->m = a;
    tg->ops = &sim_motion_airliner;
    sim_line_init(&a->line, dep[0], dep[1], arr[0], arr[1]);
    double D = a->line.length;
    a->h_dep = dep[2];
    a->h_arr = arr[2];
    a->v_cr = v_cr;
    if (!(cruise_fl > 0)) /* by distance: short hops fly low */
        cruise_fl = D < 300e3 ? 200 : D < 600e3 ? 280 : D < 1200e3 ? 340 : 370;
    a->h_cr = cruise_fl * 100 * FT;
    for (int iter = 0; iter < 60; iter++) {
        a->tc = (a->h_cr - a->h_dep) / climb;
        a->td = (a->h_cr - a->h_arr) / descent;
        double s_climb = 0.5 * (V_TO + v_cr) * a->tc, s_desc = 0.5 * (v_cr + V_LAND) * a->td;
        if (s_climb + s_desc <= D || a->h_cr < 1500) {
            a->sc = s_climb;
            a->scr = D - s_desc;
            a->tcr = (a->scr - a->sc) / v_cr;
            if (a->tcr < 0) {
                a->tcr = 0;
                a->scr = a->sc;
            }
            break;
        }
        a->h_cr *= 0.9;
    }
    tg->t0 = t_start;
    tg->t1 = t_start + a->tc + a->tcr + a->td;
    return SW_OK;
}

static sw_rc airport_or_point(const sw_cfg *node, const char *key, double out[3], sw_err *err)
{
    char where[300];
    const sw_cfg *n = sw_cfg_get(node, key);
    if (!n)
        return sw_err_set(err, SW_EFORMAT, "%s: missing '%s'", sw_cfg_where(node, where,
                                                                            sizeof where), key);
    if (sw_cfg_type(n) == SW_CFG_SCALAR) {
        if (sim_airport_find(sw_cfg_text(n), &out[0], &out[1], &out[2]))
            return sw_err_set(err, SW_EFORMAT, "%s: '%s': unknown airport '%s' (give [lat, lon])",
                              sw_cfg_where(n, where, sizeof where), key, sw_cfg_text(n));
        return SW_OK;
    }
    return sim_cfg_latlon(node, key, 0, out, err);
}

static const char *const airliner_keys[] = {"from", "to", "t_start", "cruise_fl",
                                            "cruise_speed_mps", "climb_mps", "descent_mps", NULL};

static sw_rc airliner_parse(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    sw_rc rc;
    if (w->dim != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: airliners need a 3-D scenario",
                          sw_cfg_where(node, where, sizeof where));
    double dep[3], arr[3], t0, fl, v, climb, desc;
    if ((rc = airport_or_point(node, "from", dep, err)) ||
        (rc = airport_or_point(node, "to", arr, err)) ||
        (rc = sw_cfg_opt_num(node, "t_start", 0, &t0, err)) ||
        (rc = sw_cfg_opt_num(node, "cruise_fl", 0, &fl, err)) ||
        (rc = sw_cfg_opt_num(node, "cruise_speed_mps", 235, &v, err)) ||
        (rc = sw_cfg_opt_num(node, "climb_mps", 10, &climb, err)) ||
        (rc = sw_cfg_opt_num(node, "descent_mps", 8, &desc, err)))
        return rc;
    double d, a1, a2;
    geo_inverse(dep[0], dep[1], arr[0], arr[1], &d, &a1, &a2);
    if (!(d > 50e3) || !(v > V_TO) || !(climb > 0) || !(desc > 0) || fl < 0 || fl > 450)
        return sw_err_set(err, SW_EFORMAT, "%s: an airliner needs airports > 50 km apart, "
                          "cruise_speed_mps > 80, climb/descent > 0, cruise_fl 0..450",
                          sw_cfg_where(node, where, sizeof where));
    if (sim_airliner_setup(tg, dep, arr, t0, fl, v, climb, desc))
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    return SW_OK;
}

const sim_motion_ops sim_motion_airliner = {
    .name = "airliner", .cls = SW_CLS_AIRCRAFT, .rcs_m2 = 20, .swerling = 1,
    .parse = airliner_parse, .eval = airliner_eval, .free = free, .keys = airliner_keys};
