/* track/track.h - the local multi-sensor multi-target tracker (the module's whole API).
 *
 * Plots (sw_plot) go in as they arrive, from any number of sensors; tracks (sw_track) come out
 * through a listener (created / confirmed / updated / deleted, and "processing reached time t"),
 * and the current picture can be listed at any time.  Inside, Stone Soup's decomposition in C:
 *
 *   reorder window -> per-sensor batches -> gating (spatial hash grid + Mahalanobis) ->
 *   clusters of tracks that share plots -> GNN (optimal assignment, core/assign.h) or JPDA ->
 *   filter update (KF / EKF / IMM) in plot-time order -> M-of-N initiation, deletion, quality
 *
 * Out-of-sequence plots are held back and released in time order (docs/tracker.md says why),
 * in one of two modes (trk_params.release):
 *   watermark (default): each sensor says up to when it has delivered everything (its plots, or
 *     trk_mark() after a datagram / a CAT034 sector crossing); a plot is released as soon as every
 *     live sensor's watermark has reached its time.  A sensor whose watermark is more than
 *     `reorder_s` behind the newest data holds the release at the newest data - reorder_s (the
 *     window) while it has spoken within `silent_s`, and nothing after that.
 *   window: a plot is held until the data clock has passed its time by `reorder_s`.
 * Both give the same tracks on the same plots; a plot older than what has already been released
 * is refused with SW_EORDER.
 *
 * Memory: trk_create() allocates the pools (tracks, grid, heaps, association scratch).  The
 * per-plot path allocates nothing; pools grow (doubling) only between batches when a high-water
 * mark is exceeded, never inside the association loop.  Not thread-safe: one tracker per thread.
 * The listener is called from inside trk_add_plot / trk_advance / trk_flush; it must not call
 * back into the tracker except trk_predict() and trk_list(). */
#ifndef SW_TRACK_H
#define SW_TRACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "core/types.h"
#include "geo/sensors.h"

/* Motion models; sw_track.model holds one of these (the most probable model of an IMM). */
enum { TRK_MODEL_CV = 0, TRK_MODEL_CA = 1, TRK_MODEL_CT = 2, TRK_MODEL_BAL = 3 };

typedef enum { TRK_FILTER_CV = 0, TRK_FILTER_CA = 1, TRK_FILTER_IMM = 2 } trk_filter;
typedef enum { TRK_ASSOC_GNN = 0, TRK_ASSOC_JPDA = 1 } trk_assoc;
/* Polar plots: an extended Kalman filter in (range, azimuth[, elevation]), or the debiased
 * converted measurement (Mo et al. 1998) used as a Cartesian plot. */
typedef enum { TRK_POLAR_EKF = 0, TRK_POLAR_CONVERTED = 1 } trk_polar;
/* When held plots are released (docs/tracker.md, "Batches, time and out-of-sequence plots"). */
typedef enum { TRK_RELEASE_WINDOW = 0, TRK_RELEASE_WATERMARK = 1 } trk_release;

typedef struct trk_params {
    int dim;               /* 2 (x, y) or 3 (x, y, z) */
    int filter;            /* trk_filter */
    int imm_ca;            /* the IMM also carries a constant-acceleration model */
    int imm_ballistic;     /* 3-D: the IMM carries CA and a ballistic model (free fall under
                            * gravity), and CA's jerk noise is q_boost: missiles (docs/tracker.md) */
    int assoc;             /* trk_assoc */
    int polar;             /* trk_polar */
    /* process noise (continuous-time spectral densities, Bar-Shalom, Li & Kirubarajan §6.2) */
    double q_cv;           /* CV white-noise acceleration, m^2/s^3 (the cv filter and IMM's CV) */
    double q_imm_cv;       /* the IMM's CV model (lower: the CT model takes the manoeuvres) */
    double q_ct;           /* CT model, acceleration noise, m^2/s^3 */
    double q_omega;        /* CT model, turn-rate noise, rad^2/s^3 */
    double q_ca;           /* CA model, white-noise jerk, m^2/s^5 */
    double q_boost;        /* ... with imm_ballistic: a rocket's thrust grows as it burns (4)  */
    double q_bal;          /* ballistic model, white-noise acceleration, m^2/s^3 (drag, J2) (5) */
    double imm_sojourn_s;  /* mean time in one IMM mode (Markov switching rate 1/this) */
    /* association */
    double gate_prob;      /* probability mass inside the chi-square gate, e.g. 0.999 */
    double pd;             /* detection probability */
    double clutter_density;/* false + new plots per m^2 per scan; 0 = estimated from the data */
    double mode3a_penalty; /* extra cost (nats) when a plot's Mode 3/A differs from the track's */
    double batch_s;        /* plots of one sensor within this span are associated jointly */
    double jpda_max_hyp;   /* exact JPDA up to this many joint events, loopy BP beyond */
    /* initiation and deletion */
    int confirm_m, confirm_n; /* M hits in the first N opportunities confirm a track */
    int confirm_id_m, confirm_id_n; /* the same once a plot with a Mode S address or Mode 3/A
                                     * (a transponder's reply, not clutter) has updated it */
    int delete_misses;     /* consecutive missed opportunities deleting a confirmed track */
    double max_pos_sd_m;   /* a track whose predicted position sd exceeds this is deleted */
    double max_speed_mps;  /* velocity gate of the two-point initiation */
    double max_accel_mps2; /* initial acceleration sd of CA models */
    double max_omega;      /* initial turn-rate sd of CT models, rad/s */
    double revisit_s;      /* revisit period when the sensors file has no scan_s (0 = learn) */
    double revisit_guess_s;/* assumed until a sensor's revisit is known */
    double assumed_alt_m;  /* target height for 2-D radars when a plot has no Mode C */
    double alt_sd_m;       /* its sd (initial z sd of 3-D tracks started from 2-D plots) */
    /* heights in 2-D plots (3-D tracking): Mode C or a geometric altitude is measured */
    int height_meas;       /* 1: a plot's Mode C / geometric altitude updates the track's height */
    double modec_sd_m;     /* sd of a Mode C height: 25 ft steps, barometric vs geometric offset */
    double geo_alt_sd_m;   /* sd of a geometric (GNSS) altitude of a 2-D ADS-B report */
    double clutter_height_m; /* vertical extent turning an area density into a volume one */
    /* time */
    int release;           /* trk_release */
    double reorder_s;      /* window: the reordering window W; watermark: a sensor more than this
                            * behind the newest data is no longer waited for exactly */
    double silent_s;       /* watermark: ... but while it has spoken within silent_s, plots up to
                            * reorder_s old are still taken (the window's tolerance); after that
                            * it is not waited for at all */
    /* machinery */
    double grid_cell_m;    /* spatial hash cell size */
    double quality_ref_m;  /* position sd at which the covariance factor of quality is 0.5 */
    size_t max_tracks;     /* initial pool size (grows outside the per-plot path) */
    unsigned events;       /* TRK_EV_* delivered to the listener */
} trk_params;

/* Good defaults for air surveillance in 2-D or 3-D (docs/tracker.md lists them). */
void trk_params_default(trk_params *p, int dim);

/* Events delivered to the listener (bit mask). */
enum {
    TRK_EV_TENTATIVE = 1u << 0, /* a tentative track was started */
    TRK_EV_CONFIRMED = 1u << 1, /* a track passed M-of-N */
    TRK_EV_UPDATED = 1u << 2,   /* a confirmed track took a plot, or turned coasting */
    TRK_EV_DELETED = 1u << 3,   /* a track that had been confirmed was deleted (status DELETED) */
    TRK_EV_TIME = 1u << 4,      /* every plot with time <= t has been processed (trk == NULL) */
    TRK_EV_ALL = 0x1f
};
/* t is the time of the event; trk (NULL for TRK_EV_TIME) is the track predicted to t. */
typedef void (*trk_listener)(void *ctx, unsigned event, double t, const sw_track *trk);

typedef struct trk_stats {
    uint64_t plots_in, plots_late, plots_processed, plots_associated, plots_initiating;
    uint64_t batches, clusters, jpda_exact, jpda_lbp, numeric_failures;
    uint64_t candidates, gate_tests, pairs; /* grid candidates, full gate tests, gated pairs */
    uint64_t grid_moves;    /* registrations in the spatial index (new tracks included) */
    uint64_t pregate_rejects; /* candidates the cheap Cartesian pre-gate ruled out */
    uint64_t slow_refused;  /* missile IMM: plots a track held slow refused (they would have
                             * dragged it to missile speed, docs/tracker.md) */
    uint64_t tracks_started, tracks_confirmed, tracks_deleted;
    size_t tracks_live, tracks_confirmed_live, bytes;
    double clutter_density; /* the last density used (per m^2), for the last sensor */
} trk_stats;

typedef struct trk_tracker trk_tracker;

/* Creates a tracker.  sensors (may be NULL) is copied: sites, accuracies and scan periods of
 * the plots' sensors; Cartesian plots from sensors not in it are accepted as they are, polar
 * plots need their sensor.  SW_EINVAL for bad parameters (message says which). */
sw_rc trk_create(trk_tracker **out, const trk_params *p, const geo_sensor_set *sensors,
                 sw_err *err);
void trk_destroy(trk_tracker *t);

void trk_set_listener(trk_tracker *t, trk_listener fn, void *ctx);

/* Adds one plot.  The data clock becomes max(clock, p->t) and what the release mode allows is
 * processed (window: every plot older than clock - reorder_s; watermark: a sensor not yet marked
 * has delivered everything before its newest plot's time, and every plot up to the least
 * watermark of the live sensors goes).  SW_EORDER when p->t is before what has already been
 * released (later than the window, or than its own sensor's watermark, allows); SW_EINVAL / SW_ENOTFOUND for a plot that
 * cannot be used (non-finite values, polar plot from an unknown sensor, no covariance).  A
 * refused plot changes nothing. */
sw_rc trk_add_plot(trk_tracker *t, const sw_plot *p, sw_err *err);
/* Sensor sensor_id has delivered every plot with time <= t (a datagram's last plot, a CAT034
 * sector crossing or north marker): in watermark mode its watermark moves to t and what every
 * live sensor has now delivered is released.  Once a sensor has been marked, its plots no longer
 * move its watermark themselves (so plots out of order inside one datagram are fine), and its
 * association batch ends at the mark (a batch never spans two deliveries).  TRK_SENSORS_ALL marks
 * every sensor (an in-process, time-ordered feed).  Ignored in window mode.  SW_EFULL when the
 * sensor table is full. */
#define TRK_SENSORS_ALL UINT32_MAX
sw_rc trk_mark(trk_tracker *t, uint32_t sensor_id, double t_mark, sw_err *err);
/* Advances the clock to now without a plot and runs the time-driven logic (missed updates,
 * deletion) up to what can be released: window mode now - reorder_s; watermark mode the least
 * watermark of the sensors not more than reorder_s behind now (now - reorder_s at the earliest). */
sw_rc trk_advance(trk_tracker *t, double now, sw_err *err);
/* End of input: processes every buffered plot. */
sw_rc trk_flush(trk_tracker *t, sw_err *err);

/* Time up to which everything has been processed. */
double trk_time(const trk_tracker *t);

/* The current tracks with status >= min_status (SW_TRK_TENTATIVE for all, SW_TRK_CONFIRMED
 * for confirmed and coasting), each predicted to time at (NaN: left at its own time).  Writes
 * at most cap into out and returns how many there are. */
size_t trk_list(const trk_tracker *t, int min_status, double at, sw_track *out, size_t cap);
/* One track by id, predicted to at (NaN: its own time).  SW_ENOTFOUND if it is not live.
 * A scan of the pool (O(tracks)): for occasional look-ups; follow the listener for streams. */
sw_rc trk_get(const trk_tracker *t, uint32_t id, double at, sw_track *out);

void trk_get_stats(const trk_tracker *t, trk_stats *s);
const char *trk_model_name(int model);

#endif
