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
 * unobserved by that sensor; SW_MEAS_XYZ on a 2-D state is refused (give the x-y marginal). */

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

/* ============================================================================================
 * Reading truth, tracks and node pictures (load.c), and the truth as a function of time
 * (truth.c).
 * ============================================================================================ */

/* Reads a truth (id_col "target_id"), tracks ("track_id") or node picture ("stn") CSV into a
 * malloc'd array sorted by (time, id), freed by the caller.  Besides the checks of
 * core/records.h (missing column, non-number: "file:line: ..."), two rows with the same id and
 * time are an error naming both lines.  A file with a header and no rows gives n = 0. */
sw_rc met_states_load(const char *path, const char *id_col, sw_state_row **rows, size_t *n,
                      int *dim, sw_err *err);

/* The truth, indexed by object.  Positions between two samples of an object are interpolated
 * with a cubic Hermite curve through both samples' positions and velocities (exact for constant
 * velocity and constant acceleration), velocities linearly.  An object exists from its first
 * sample to its last, except across a gap between consecutive samples longer than max_gap. */
typedef struct met_truth met_truth;

/* rows in any order; max_gap_s <= 0 picks 3 x the median interval between consecutive samples
 * of an object (1 s when no object has two samples).  Duplicated (id, time) rows: SW_EFORMAT. */
sw_rc met_truth_new(met_truth **t, const sw_state_row *rows, size_t n, double max_gap_s,
                    sw_err *err);
void met_truth_free(met_truth *t);
size_t met_truth_objects(const met_truth *t);
uint32_t met_truth_id(const met_truth *t, size_t obj);
double met_truth_max_gap(const met_truth *t);
/* First and last sample time of the whole truth; 0 (and nothing set) when it is empty. */
int met_truth_span(const met_truth *t, double *t0, double *t1);
/* Last minus first sample time of one object (its lifetime, Stone Soup's T_j). */
double met_truth_lifetime(const met_truth *t, size_t obj);
/* First and last sample time of one object. */
void met_truth_interval(const met_truth *t, size_t obj, double *first, double *last);
/* The distinct sample times of the whole truth, sorted (owned by t). */
const double *met_truth_times(const met_truth *t, size_t *n);
/* The state of one object at time, 1 if it exists then (else 0, x untouched). */
int met_truth_state(const met_truth *t, size_t obj, double time, double x[6]);
/* Every object that exists at time, into out (room for met_truth_objects(t) points), in object
 * order; returns the count.  Fastest when successive calls do not go back in time. */
size_t met_truth_at(met_truth *t, double time, met_point *out);

/* ============================================================================================
 * Track-to-truth association (assoc.c), after Stone Soup's TrackToTruth
 * (stonesoup/dataassociator/tracktotrack.py).
 *
 * Each track is followed on its own, in time order.  At each of its states the candidate is the
 * nearest truth closer than the threshold (position distance).  A candidate that is nearest
 * `confirm` times in a row becomes the track's truth, from the first of those times (so the
 * confirmation run is part of the association).  The association ends after `misses_end`
 * consecutive states where that truth is not the nearest; its range ends at the last state
 * where it was, so isolated misses stay inside the range.  If another truth has meanwhile been
 * nearest `confirm` times in a row, the track passes to it at once.  A track is associated with
 * at most one truth at a time; a truth may hold several tracks (ambiguity).
 * Deviations from Stone Soup, all of them corrections: the counter of candidate runs restarts
 * when the current truth is matched again (Stone Soup lets two interrupted runs add up), the
 * miss counter restarts with each new association (Stone Soup carries it over, so one miss can
 * end the next association), and a distance of exactly 0 is a match like any other (Stone Soup
 * tests `if min_dist`, which treats 0 as "none yet").
 * ============================================================================================ */

typedef struct met_assoc_cfg {
    double threshold_m;   /* position distance below which a truth may be a track's (> 0) */
    int confirm;          /* consecutive nearest states to start an association (>= 1; 3) */
    int misses_end;       /* consecutive misses that end it (>= 1; Stone Soup's default 2) */
} met_assoc_cfg;

/* One association: track obj with truth obj over the closed time range [t0, t1]. */
typedef struct met_assoc {
    uint32_t track, truth;
    double t0, t1;
} met_assoc;

typedef struct met_t2t met_t2t;

sw_rc met_t2t_new(met_t2t **a, const met_assoc_cfg *cfg, sw_err *err);
/* One state of track `track` at time t, whose nearest truth within the threshold is obj
 * `nearest` (−1: none).  A track's states must come in increasing time. */
sw_rc met_t2t_feed(met_t2t *a, uint32_t track, double t, int64_t nearest, sw_err *err);
/* Closes the associations still open and gives the list, sorted by (track, t0).  The list is
 * owned by a and valid until met_t2t_free. */
sw_rc met_t2t_finish(met_t2t *a, const met_assoc **list, size_t *n, sw_err *err);
void met_t2t_free(met_t2t *a);

/* ============================================================================================
 * SIAP figures (siap.c), exactly as Stone Soup's SIAPMetrics computes them
 * (stonesoup/metricgenerator/tracktotruthmetrics.py, after Votruba et al., "Single Integrated
 * Air Picture (SIAP) Metrics Implementation", 2001).  At each time t: J true objects, JT of them
 * with at least one associated track, N tracks, NA of them associated, PA and VA the sums of the
 * position and velocity errors over all associations.  Over the run:
 *   completeness  ΣJT/ΣJ  (0 when ΣJ = 0)        ambiguity      ΣNA/ΣJT  (1 when ΣJT = 0)
 *   spuriousness  Σ(N−NA)/ΣN  (0 when ΣN = 0)   accuracies     ΣPA/ΣNA, ΣVA/ΣNA (0 when ΣNA = 0)
 *   track-number changes per target-second  R = Σ_j (NU_j − 1) / Σ_j TT_j   (0 when ΣTT = 0)
 *   longest segment                         LS = Σ_j TL_j / Σ_j T_j        (0 when ΣT = 0)
 * with TT_j the time truth j is tracked (sum of intervals between its consecutive times that lie
 * in one association), NU_j the fewest tracks needed to cover it (greedy, as Stone Soup), TL_j
 * its longest single association and T_j its lifetime.  Truths never tracked add nothing to R
 * (older Stone Soup releases let them add −1, which could make R negative).  The sums over t may
 * be weighted (see met_score_opts.per_step).
 * ============================================================================================ */

typedef struct met_siap {
    double completeness, ambiguity, spuriousness;
    double position_accuracy_m, velocity_accuracy_mps;
    double track_number_changes_per_target_s;  /* R */
    double longest_segment;                    /* LS */
} met_siap;

/* The running sums; zero-initialise. */
typedef struct met_siap_acc {
    double J, JT, N, NA, PA, VA;     /* weighted sums over time */
    double changes, tracked_s, longest_s, life_s; /* Σ(NU−1), ΣTT, ΣTL, ΣT */
} met_siap_acc;

/* Adds one time with weight w (1 for Stone Soup's plain sums); at (may be NULL) receives the
 * figures at that time (completeness, ambiguity, spuriousness and accuracies, same edge rules;
 * continuity figures are 0 there). */
void met_siap_add_time(met_siap_acc *acc, double w, int J, int JT, int N, int NA, double pa_sum,
                       double va_sum, met_siap *at);
/* Adds one truth's continuity: times[0..n) are the times at which it exists (ascending), as[]
 * its associations (any order), lifetime its T_j. */
void met_siap_add_truth(met_siap_acc *acc, const double *times, size_t n, const met_assoc *as,
                        size_t na, double lifetime);
void met_siap_result(const met_siap_acc *acc, met_siap *out);

/* ============================================================================================
 * Scoring a tracks file against the truth (score.c): what `skyweave score` prints.
 *
 * Time alignment.  Tracks are reported at their own times (the tracker writes every confirmed
 * track at every plot time), the truth at the simulator's clock.  The evaluation times are:
 *   - every distinct track time inside the truth's span [first, last truth sample], where the
 *     truth is interpolated to that time (met_truth); track rows outside the span are ignored
 *     (and counted);
 *   - plus every truth sample time whose neighbourhood holds no track time at all (the half-way
 *     points to the previous and next truth sample bound it): there the tracker reported nothing,
 *     so every object present counts as missed.
 * Each evaluation time is weighted by the time to the next one (the last by the interval before
 * it), so means and SIAP sums are time averages whatever the output rate; on a common regular
 * clock the weights are equal and the figures are exactly Stone Soup's.  per_step = 1 drops the
 * weights (every evaluation time counts once, as Stone Soup sums over timestamps).
 * Positions and velocities are compared over `dim` axes: the smaller of the two files' unless
 * set (a 2-D tracks file against a 3-D truth is scored in the horizontal plane).
 * ============================================================================================ */

typedef struct met_score_opts {
    double c, p;              /* OSPA/GOSPA cut-off (m) and order */
    double switch_lambda;     /* GOSPA switching penalty, 0 = off */
    met_assoc_cfg assoc;      /* SIAP's track-to-truth association */
    double truth_gap_s;       /* <= 0: 3 x the median truth sample interval */
    int per_step;             /* 1: unweighted (see above) */
    int dim;                  /* 0: automatic */
} met_score_opts;

/* c = 1000 m, p = 1 (the figures issue 2's benchmark quotes), no switching term, association
 * threshold 1000 m, confirm 3, misses 2 (Stone Soup's defaults), automatic gap and dim. */
void met_score_defaults(met_score_opts *o);

/* One evaluation time, for the per-time series. */
typedef struct met_score_step {
    double t, weight;
    int gap_fill;             /* 1: a truth time with no track output near it */
    met_ospa_frame ospa;
    int J, JT, N, NA;         /* SIAP counts at this time */
    met_siap siap;            /* SIAP figures at this time (continuity figures 0) */
} met_score_step;

typedef struct met_score {
    double ospa_mean, gospa_mean;           /* weighted means over the evaluation times, m */
    double gospa_loc_mean;                  /* mean localisation Σ d^p (m^p), Stone Soup's part */
    double gospa_missed_mean, gospa_false_mean; /* mean counts per time */
    double gospa_switches;                  /* total switch count (Stone Soup's rule) */
    met_siap siap;
    double c, p, switch_lambda;
    int dim, per_step;
    double t0, t1;                          /* first and last evaluation time */
    double truth_gap_s;
    size_t n_times, n_gap_times;            /* evaluation times, of which truth-only fills */
    size_t n_truth_objects, n_track_objects, n_track_rows, n_track_rows_outside;
    size_t n_associations;
} met_score;

/* Called once per evaluation time in time order; a non-zero return stops the run (SW_EIO). */
typedef int (*met_step_fn)(void *ctx, const met_score_step *step);

/* Scores tracks (sorted by (time, id) as met_states_load returns them) against truth rows (any
 * order).  truth_dim / tracks_dim are the files' (2 or 3).  SW_EINVAL when both are empty. */
sw_rc met_score_run(const sw_state_row *truth, size_t nt, int truth_dim,
                    const sw_state_row *tracks, size_t nk, int tracks_dim,
                    const met_score_opts *opt, met_step_fn fn, void *ctx, met_score *out,
                    sw_err *err);

/* Associates one tracks file (or node picture) with the truth over the track times inside the
 * truth's span, as in met_score_run.  *ids receives the sorted distinct track ids (the
 * associations' `track` indexes it), *list the associations sorted by (track, t0); both
 * malloc'd, freed by the caller. */
sw_rc met_associate(met_truth *truth, const sw_state_row *rows, size_t n, int dim,
                    const met_assoc_cfg *cfg, met_assoc **list, size_t *na, uint32_t **ids,
                    size_t *nids, sw_err *err);

/* ============================================================================================
 * Commonality across nodes (commonality.c): does every node hold the same system track number
 * (STN) for the same object at the same time?
 *
 * Each node's picture (time_s,stn,x_m,y_m[,z_m],vx_mps,vy_mps[,vz_mps]) is associated with the
 * truth on its own, as for SIAP (met_associate): node n "holds" STN s for object j at time t
 * when an association of its track s with j covers t.  The clock is the truth's own sample
 * times.  At each (object, time) that at least one node holds:
 *   - the sample is common when every node holds exactly one STN for the object and all these
 *     STNs are equal;  commonality = common samples / held samples (the figure issue 5 asks to
 *     be >= 0.99);
 *   - the agreed STN is the one most nodes hold (ties: the lower number); node_agreement is the
 *     mean share of nodes that hold the agreed STN and no other; node_share[n] the share of held
 *     samples on which node n does.
 * Samples no node holds are a completeness failure (SIAP), not a commonality one, and are only
 * counted in `samples`.  A node that holds an object under two STNs (a dual track) breaks
 * commonality like a node that disagrees.  This follows the "workable definition" of
 * domain-notes §1.3 (share of nodes carrying the agreed track number), with the kinematic gate
 * being the SIAP association threshold; no citable SIAP SE TF formula was available.
 * ============================================================================================ */

#define MET_MAX_NODES 64

typedef struct met_picture {
    const char *name;          /* the node, e.g. the nation "QA" */
    const sw_state_row *rows;  /* sorted by (time, id) as met_states_load returns; id = STN */
    size_t n;
} met_picture;

typedef struct met_commonality {
    double commonality;        /* NAN when no sample is held */
    double node_agreement;     /* NAN when no sample is held */
    size_t samples;            /* (object, time) samples of the truth */
    size_t samples_held;       /* ... held by at least one node */
    size_t samples_all;        /* ... held by every node (whatever the STNs) */
    size_t samples_common;
    int n_nodes;
    double node_share[MET_MAX_NODES];
} met_commonality;

/* assoc, truth_gap_s (<= 0: automatic) and dim (2 or 3) as for met_score_run. */
sw_rc met_commonality_run(const sw_state_row *truth, size_t nt, const met_picture *nodes,
                          int n_nodes, const met_assoc_cfg *assoc, double truth_gap_s, int dim,
                          met_commonality *out, sw_err *err);

/* The counts at one truth sample time. */
typedef struct met_common_step {
    double t;
    uint32_t objects, held, held_by_all, common;
} met_common_step;

/* As met_commonality_run, counting only the truth's sample times in [from, to]: the truth and
 * the pictures may reach beyond, so that an association made before `from` holds at `from`
 * (cutting the rows instead would lose each object's first `confirm` states to every node at a
 * slightly different time).  With steps not NULL, also the counts per sample time (malloc'd,
 * freed by the caller). */
sw_rc met_commonality_between(const sw_state_row *truth, size_t nt, const met_picture *nodes,
                              int n_nodes, const met_assoc_cfg *assoc, double truth_gap_s,
                              int dim, double from, double to, met_commonality *out,
                              met_common_step **steps, size_t *n_steps, sw_err *err);

/* ============================================================================================
 * Latency percentiles in bounded memory (latency.c): a histogram of logarithmic bins, 1 % wide,
 * from 100 ns to 10^4 s (about 20 KB), plus the exact count, minimum, maximum and sum.  Any
 * quantile comes back within 1 % of the value a full sort would give (nearest rank), and
 * histograms of several nodes or threads merge by adding bins.  Values below 100 ns (including
 * negative ones from clock offsets, counted apart) fall in the first bin, values above 10^4 s in
 * the last; min and max stay exact.
 * ============================================================================================ */

#define MET_LAT_BINS 2560

typedef struct met_latency {
    uint64_t n, n_negative;
    double min, max, sum;      /* seconds */
    uint64_t bins[MET_LAT_BINS];
} met_latency;

void met_latency_init(met_latency *h);
/* Adds one sample in seconds (NaN is ignored). */
void met_latency_add(met_latency *h, double seconds);
void met_latency_merge(met_latency *h, const met_latency *other);
/* The q-quantile (0 <= q <= 1; nearest rank) in seconds; NAN when empty.  q = 1 is the max. */
double met_latency_quantile(const met_latency *h, double q);

/* ============================================================================================
 * JSON (scorecard.c, with cJSON).
 * ============================================================================================ */

/* The network part for JSON: commonality and, per node, its own scoring. */
typedef struct met_network {
    const met_commonality *commonality;  /* may be NULL */
    int n_nodes;
    const char *const *names;            /* n_nodes names */
    const met_score *per_node;           /* n_nodes scores, or NULL */
    const met_latency *latency;          /* may be NULL */
} met_network;

/* The object `skyweave score` prints: ospa_mean, gospa_mean, c, p, siap{...} (the keys of the
 * scorecard's `tracking`) and how they were computed (gospa parts, association, alignment,
 * counts) when s is given; "network" when net is given.  truth and tracks are file names to
 * echo (may be NULL).  Returns a malloc'd string (indented when pretty, else one line) that the
 * caller frees with free(), or NULL when out of memory. */
char *met_score_json(const met_score *s, const met_assoc_cfg *assoc, const char *truth,
                     const char *tracks, const met_network *net, int pretty);

/* The scorecard of ARCHITECTURE §3, built piece by piece:
 *   { "scenario", "duration_s", "nodes": [..],
 *     "tracking": { "ospa_mean", "gospa_mean", "c", "p", "siap": {..} },
 *     "network":  { "commonality", "node_agreement", "latency_ms": { "p50", "p90", "p99",
 *                   "max", "samples" }, "per_node": { NATION: { tracking keys, "commonality" } } },
 *     "warnings": { .. set by warn/ through met_scorecard_set_num/_int .. } }
 * A part never set is absent; a figure that is not finite (NaN: not measured) is refused with
 * SW_ERANGE and stays absent.  Keys come out in the order above whatever the order of the
 * calls.  Not thread-safe; one scorecard per writer. */
typedef struct met_scorecard met_scorecard;

sw_rc met_scorecard_new(met_scorecard **sc, sw_err *err);
void met_scorecard_free(met_scorecard *sc);
sw_rc met_scorecard_set_scenario(met_scorecard *sc, const char *name);
sw_rc met_scorecard_set_duration(met_scorecard *sc, double seconds);
sw_rc met_scorecard_add_node(met_scorecard *sc, const char *nation);
sw_rc met_scorecard_set_tracking(met_scorecard *sc, const met_score *s);
/* network.commonality, network.node_agreement and each node's share under per_node.NAME. */
sw_rc met_scorecard_set_commonality(met_scorecard *sc, const met_commonality *c,
                                    const char *const *names);
/* network.latency_ms: p50, p90, p99, max (milliseconds) and the sample count. */
sw_rc met_scorecard_set_latency(met_scorecard *sc, const met_latency *h);
/* network.per_node.NAME: that node's picture scored like `tracking`. */
sw_rc met_scorecard_set_node(met_scorecard *sc, const char *name, const met_score *s);
/* Any other figure by dotted path, e.g. "warnings.lead_time_ratio_min": objects on the way are
 * created; SW_EINVAL if one of them is not an object. */
sw_rc met_scorecard_set_num(met_scorecard *sc, const char *path, double v);
sw_rc met_scorecard_set_int(met_scorecard *sc, const char *path, long long v);
sw_rc met_scorecard_set_str(met_scorecard *sc, const char *path, const char *v);
/* A whole JSON value (text) at path, e.g. the "warnings" object warn/ makes; SW_EFORMAT if the
 * text is not JSON. */
sw_rc met_scorecard_set_json(met_scorecard *sc, const char *path, const char *json);
/* The JSON text (malloc'd, free with free()); NULL when out of memory. */
char *met_scorecard_json(const met_scorecard *sc, int pretty);
/* Writes it to path through a temporary file and rename, so a reader never sees half a file. */
sw_rc met_scorecard_write(const met_scorecard *sc, const char *path, sw_err *err);

#endif
