/* sim/ballistic.h - the ballistic trajectory solver behind the `ballistic` motion model, open to
 * tests and to whoever needs a reference trajectory (warn/ tests, benchmarks). */
#ifndef SW_SIM_BALLISTIC_H
#define SW_SIM_BALLISTIC_H

#include "core/rc.h"

typedef struct sim_ballistic_cfg {
    double lat0, lon0, h0;   /* launch, degrees and metres */
    double lat1, lon1, h1;   /* aim point */
    double burn_s;           /* boost duration; 0 = burnout at the launch point */
    double vert_s;           /* vertical rise before the pitch-over */
    double gamma_deg;        /* burnout flight-path angle; NAN = minimum energy */
    double beta;             /* ballistic coefficient kg/m^2; 0 = no drag */
    int j2, rotation;        /* J2 gravity, rotating-frame terms */
    double sample_dt;        /* sampling interval for the callback */
} sim_ballistic_cfg;

typedef struct sim_ballistic_result {
    double gamma;            /* wanted burnout flight-path angle, rad */
    double gamma_burnout;    /* the velocity's flight-path angle at burnout, rad */
    double pitch_end;        /* the thrust's elevation at the end of the pitch programme, rad */
    double thrust;           /* thrust acceleration (or burnout speed when burn_s = 0) */
    double azimuth;          /* launch azimuth, rad */
    double t_burnout, v_burnout;
    double t_impact;         /* seconds after launch */
    double v_impact;
    double apogee_m;
    double lat_impact, lon_impact;
    double miss_m;           /* distance of the impact from the aim point */
} sim_ballistic_result;

void sim_ballistic_defaults(sim_ballistic_cfg *c);
/* Shoots for the aim point; sample(ctx, t, x_ecef[6]) is called every sample_dt seconds of flight
 * and at impact.  SW_ERANGE: aim closer than 20 km or farther than 6000 km; SW_ENUMERIC: no solution. */
sw_rc sim_ballistic_solve(const sim_ballistic_cfg *c, sim_ballistic_result *r,
                          void (*sample)(void *, double, const double *), void *ctx);

#endif
