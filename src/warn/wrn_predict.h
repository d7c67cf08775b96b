/* warn/wrn_predict.h - where a threat will arrive: the impact point of a ballistic object with its
 * error ellipse, and the arrival of an air-breathing threat over a defended area.
 *
 * Ballistic (wrn_ballistic.c, wrn_ipp.c): the estimated state is integrated in the rotating
 * Earth-fixed frame with J2 gravity, Coriolis and centrifugal terms (geo_accel_ecef) and
 * re-entry drag a = -(rho(h) / (2 beta)) |v| v, with the air density of the US Standard Atmosphere
 * 1976 as piecewise exponentials (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed.,
 * table 8-4) and beta the ballistic coefficient in kg/m^2.  The uncertainty of the state (6x6
 * covariance) and of log(beta) go through an unscented transform: 15 sigma points each integrated
 * to the ground (RK4 with a step chosen from the altitude and the drag), whose impact points give
 * the mean impact point, its East-North covariance and the spread of the impact time.  Cost is
 * bounded: at most WRN_IPP_MAX_STEPS steps per sigma point.
 *
 * Air-breathing (wrn_path.c): the threat keeps its ground speed and heading along the great
 * circle (it may turn: the predicted position spreads with a heading and a speed uncertainty on
 * top of the track's own covariance); the arrival over an area is when the mean path enters it,
 * and the probability is that of the predicted position at the closest approach lying inside.
 *
 * Everything here is pure computation on caller memory: no allocation, thread-safe. */
#ifndef SW_WRN_PREDICT_H
#define SW_WRN_PREDICT_H

#include "core/rc.h"
#include "geo/geo.h"
#include "warn/wrn_area.h"

#define WRN_IPP_MAX_STEPS 20000

/* Time derivative of an ECEF state x = (position, velocity) of a free body with ballistic
 * coefficient beta (kg/m^2; beta <= 0 means no drag). */
void wrn_ballistic_deriv(const double x[6], double beta, double dx[6]);
/* One classical Runge-Kutta step of dt seconds, in place. */
void wrn_ballistic_rk4(double x[6], double beta, double dt);
/* Integrates x (ECEF) until its height above the ellipsoid falls to h_ground, for at most max_s
 * seconds.  Returns 1 with the flight time *t and the state at the ground xg; 0 when it is still
 * flying at max_s (or the step budget ran out); -1 on a non-finite state. */
int wrn_ballistic_to_ground(const double x[6], double beta, double h_ground, double max_s,
                            double *t, double xg[6]);

/* A predicted impact. */
typedef struct wrn_ipp {
    int valid;
    double t_impact;         /* absolute time (the track's clock) of the mean impact */
    double t_sd;             /* spread of the impact time, s */
    double lat_deg, lon_deg; /* mean impact point */
    double C[4];             /* its East-North covariance (m^2) at that point */
    double major_m, minor_m; /* 1-sigma semi-axes */
    double orient_deg;       /* major axis clockwise from north, [0, 180) */
    double beta;             /* ballistic coefficient used (the mean) */
    double ground_m;         /* ground range still to go from the current position */
} wrn_ipp;

/* Impact point of the track state x (common ENU about origin, m and m/s) with covariance P (6x6,
 * row-major) at time t.  beta and sd_log_beta: the ballistic coefficient's estimate (kg/m^2) and
 * the standard deviation of its natural log.  max_s bounds the flight time searched.
 * SW_ENUMERIC when the covariance is not usable even after regularisation, SW_ERANGE when a sigma
 * point does not come down within max_s (not a ballistic trajectory). */
sw_rc wrn_ipp_predict(const geo_frame *origin, const double x[6], const double P[36], double t,
                      double beta, double sd_log_beta, double max_s, wrn_ipp *out);

/* 1-sigma ellipse of a 2x2 East-North covariance: semi-axes and major-axis azimuth. */
void wrn_ellipse(const double C[4], double *major, double *minor, double *orient_deg);

/* ---- air-breathing threats ---------------------------------------------------------------- */

/* The current ground state of a track, in its own local tangent plane. */
typedef struct wrn_path {
    double t;                /* time of validity */
    double lat_deg, lon_deg, h;
    double heading;          /* rad, clockwise from north */
    double speed;            /* ground speed, m/s */
    double Cpp[4], Cpv[4], Cvv[4]; /* East-North position / cross / velocity covariance */
} wrn_path;

/* The arrival of a path over one area. */
typedef struct wrn_arrival {
    int valid;               /* the path reaches the area's vicinity within the horizon */
    int enters;              /* the mean path enters the area */
    double p;                /* probability of being inside at the closest approach */
    double t_arrival;        /* absolute time of entry (or of the closest approach) */
    double t_sd;
    double lat_deg, lon_deg; /* predicted position at the closest approach */
    double C[4];             /* its East-North covariance there */
} wrn_arrival;

void wrn_path_init(wrn_path *p, const geo_frame *origin, const double x[6], const double P[36],
                   double t);
/* Predicted position after dt seconds along the path (mean only). */
void wrn_path_at(const wrn_path *p, double dt, double *lat_deg, double *lon_deg);
/* Arrival over a: sd_heading (rad) and sd_speed (fraction) widen the prediction with time;
 * horizon_s bounds how far ahead. */
void wrn_path_arrival(const wrn_path *p, const wrn_area *a, double horizon_s, double sd_heading,
                      double sd_speed, wrn_arrival *out);

#endif
