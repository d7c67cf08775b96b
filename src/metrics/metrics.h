/* metrics/metrics.h - how good is a picture: the accuracy floor (posterior Cramér-Rao bound),
 * OSPA and GOSPA, the SIAP figures, commonality across nodes, latency percentiles and the
 * scorecard.  This header is the module's whole API.
 *
 * Metrics never reach into the tracker: they read plain state rows (core/records.h) and the
 * parameters given here.  Frames and units are those of core/types.h: metres in the common ENU
 * frame, m/s, seconds.  State vectors use the sw layout x, y, z, vx, vy, vz (z, vz = 0 in 2-D).
 *
 * Memory: functions allocate only where a comment says so, and the caller frees with the matching
 * met_*_free().  Nothing keeps global state; every function is thread-safe on distinct objects.
 * Sources for every formula are in docs/metrics.md and in the comment above each function. */
#ifndef SW_METRICS_H
#define SW_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "core/records.h"

/* ============================================================================================
 * Posterior Cramér-Rao lower bound (PCRLB) for the constant-velocity model.
 *
 * Motion: nearly constant velocity, continuous white-noise acceleration of spectral density q
 * (m^2/s^3) on each axis, discretised exactly: F = [I dt·I; 0 I], Q = q [dt³/3·I dt²/2·I;
 * dt²/2·I dt·I] (Bar-Shalom, Li & Kirubarajan 2001, §6.2.2).  The bound's state holds the
 * positions then the velocities (n = 2·dim).
 *
 * Recursion (Tichavský, Muravchik & Nehorai, IEEE TSP 46(5), 1998; the form Stone Soup's
 * PCRBMetric computes): J_{k+1} = (Q + F J_k⁻¹ Fᵀ)⁻¹ + Σ_sensors Pd_s · H_sᵀ R_s⁻¹ H_s, with H_s
 * the measurement Jacobian at the TRUE state and Pd_s the information reduction factor for
 * Pd < 1 without clutter (Stinco, Greco, Gini & Farina 2013, §3.2).  Before the information
 * matrix is invertible (no prior, first plots) the prediction uses Tichavský's information form
 * J⁻ = D22 − D21 (J + D11)⁻¹ D12, which needs no J⁻¹.  The bound is a floor on the RMSE of ANY
 * unbiased estimator; with Pd < 1 the IRF bound is optimistic (below a real filter's average
 * covariance, Hernandez et al. 2004).
 * ============================================================================================ */

/* One sensor's measurement model.  Polar azimuth is clockwise from north, elevation above the
 * horizontal, both in radians; the site's ENU frame is the common one (flat earth, no
 * refraction: the bound is a floor, and the Jacobian at the true state is what matters). */
typedef struct met_pcrlb_sensor {
    int kind;         /* SW_MEAS_XY, SW_MEAS_XYZ (Cartesian) or SW_MEAS_RA, SW_MEAS_RAE (polar) */
    double site[3];   /* sensor position, ENU m (polar kinds; ignored for Cartesian) */
    double R[9];      /* measurement covariance, row-major d x d, d = sw_meas_dim(kind)
                         (m^2 for positions and ranges, rad^2 for angles) */
    double pd;        /* detection probability in (0, 1]: scales this sensor's information */
} met_pcrlb_sensor;
/* SW_MEAS_RA on a 3-D state measures slant range and azimuth (a 2-D radar seeing a 3-D
 * target); on a 2-D state the range is in the plane.  SW_MEAS_XY on a 3-D state leaves z
 * unobserved by that sensor. */

/* The running bound: a plain struct the caller owns (on the stack is fine). */
typedef struct met_pcrlb {
    int dim;          /* 2 or 3 */
    double q;         /* m^2/s^3, >= 0 (0: straight line, the bound keeps shrinking) */
    double t;         /* time the information matrix J refers to, s */
    double J[36];     /* Bayesian information matrix, n x n row-major, n = 2·dim */
} met_pcrlb;

/* Starts the bound at time t0 with prior covariance P0 (n x n, positions then velocities), or
 * with no prior information when P0 is NULL (J = 0). */
sw_rc met_pcrlb_init(met_pcrlb *b, int dim, double q, double t0, const double *P0, sw_err *err);
/* Moves the bound to time t >= b->t through the motion model (no-op when t == b->t). */
sw_rc met_pcrlb_predict(met_pcrlb *b, double t, sw_err *err);
/* Adds one sensor's information at the current time; xtrue is the true state (sw layout), used
 * for the Jacobian of polar sensors. */
sw_rc met_pcrlb_update(met_pcrlb *b, const met_pcrlb_sensor *s, const double xtrue[6],
                       sw_err *err);
/* The bound as RMSE of the position vector and of the velocity vector: sqrt of the sum of the
 * diagonal of J⁻¹ over the position (velocity) indices, as Stone Soup reports it.
 * SW_ENUMERIC (and both set to +INFINITY) while J is not invertible. */
sw_rc met_pcrlb_rmse(const met_pcrlb *b, double *pos_rmse, double *vel_rmse);
/* The bound's covariance J⁻¹ (n x n).  SW_ENUMERIC while J is not invertible. */
sw_rc met_pcrlb_cov(const met_pcrlb *b, double *P);

/* Steady state: every dt, all sensors report (each with its Pd) on a target held at xtrue (the
 * geometry of polar sensors is frozen there).  Iterates the recursion from no prior until J
 * stops changing (relative 1e-12) and returns the filtered (after-update) bound.
 * SW_ENUMERIC if it does not converge in 1,000,000 steps or the state is unobservable. */
sw_rc met_pcrlb_steady(int dim, double q, double dt, const met_pcrlb_sensor *sensors, int ns,
                       const double xtrue[6], double *pos_rmse, double *vel_rmse, sw_err *err);

/* The bound along one target's true trajectory: at step k (time t[k], true state x[6k..6k+5])
 * the sensors whose bit is set in mask[k] report (mask NULL: all of them; ns <= 32).
 * pos_rmse[k] and vel_rmse[k] receive the after-update bound (+INFINITY while J is not yet
 * invertible).  Times must not decrease.  P0 as in met_pcrlb_init. */
sw_rc met_pcrlb_trajectory(int dim, double q, const double *P0, const met_pcrlb_sensor *sensors,
                           int ns, size_t n, const double *t, const double *x,
                           const uint32_t *mask, double *pos_rmse, double *vel_rmse, sw_err *err);

/* ============================================================================================
 * OSPA and GOSPA at one time step (ospa.c).
 *
 * OSPA (Schuhmacher, Vo & Vo, IEEE TSP 56(8), 2008), order p, cut-off c, for |X| = m <= n = |Y|:
 *     d = ( (1/n) ( min_π Σ_{i<=m} min(d(x_i, y_π(i)), c)^p + c^p (n − m) ) )^(1/p),  0 if n = 0.
 * GOSPA with α = 2 (Rahmathullah, García-Fernández & Svensson, FUSION 2017, arXiv:1601.05585):
 *     d = ( min_γ Σ_{(i,j)∈γ} d(x_i, y_j)^p + (c^p/2)(|X| + |Y| − 2|γ|) )^(1/p),
 * over partial assignments γ of pairs closer than c; so GOSPA splits into localisation
 * (Σ d^p), missed truths and false tracks.  The optional switching term is Stone Soup's
 * (GOSPAMetric): a truth whose assigned track changes from one track to another counts 1, from
 * or to "unassigned" (after it was first assigned) ½; the term is λ·(Σ)^(1/p) and is combined as
 * sqrt(d² + term²).  Distances are Euclidean over the first `dim` position coordinates.
 *
 * Both metrics need the same minimisation, min over partial matchings of Σ (d^p − c^p) on pairs
 * closer than c, which splits over the connected components of the "closer than c" graph: each
 * component is one rectangular assignment (core/assign.h), found through a grid index, so the
 * cost is near-linear for well-separated objects.
 * ============================================================================================ */

/* A point of a set: a truth object or a track at one time. */
typedef struct met_point {
    double x[6];      /* sw layout: x, y, z, vx, vy, vz */
    uint32_t obj;     /* dense object index (0..n_objects−1) of the truth or track, used by the
                         switching term and by SIAP */
    uint32_t id;      /* the id in the file (target_id, track_id or STN) */
} met_point;

typedef struct met_ospa_cfg {
    double c;             /* cut-off, metres, > 0 */
    double p;             /* order, >= 1 */
    double switch_lambda; /* GOSPA switching penalty λ >= 0; 0 = off (Stone Soup's default) */
    int dim;              /* 2 or 3: position coordinates compared */
} met_ospa_cfg;

/* The metrics of one time step. */
typedef struct met_ospa_frame {
    double ospa;          /* OSPA distance, m */
    double gospa;         /* GOSPA distance (with the switching term when enabled), m */
    double gospa_loc;     /* Σ d^p over the assigned pairs (m^p) */
    double gospa_switch;  /* the switching term, m (0 when off) */
    double gospa_switches;/* the switch count Σ (1 or ½) at this step */
    int n_truth, n_track; /* |X|, |Y| */
    int n_assigned;       /* |γ|: missed = n_truth − n_assigned, false = n_track − n_assigned */
} met_ospa_frame;

typedef struct met_ospa met_ospa;

/* Allocates the evaluator (its workspace grows with the largest frame; free with
 * met_ospa_free).  SW_EINVAL for c <= 0, p < 1, λ < 0 or a bad dim. */
sw_rc met_ospa_new(met_ospa **o, const met_ospa_cfg *cfg, sw_err *err);
/* Evaluates one time step: truth X (nx points) against tracks Y (ny points).  The switching
 * term remembers the assignment of each truth obj across calls, so call in time order. */
sw_rc met_ospa_eval(met_ospa *o, const met_point *X, size_t nx, const met_point *Y, size_t ny,
                    met_ospa_frame *out, sw_err *err);
/* The assignment of the last met_ospa_eval: for truth i, the index into Y of its track, or −1.
 * Valid until the next call. */
const int *met_ospa_assignment(const met_ospa *o);
void met_ospa_free(met_ospa *o);

#endif
