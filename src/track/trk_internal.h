/* track/trk_internal.h - what the tracker's files share (not part of the API).
 *
 * State layout, for spatial dimension d (2 or 3), the same prefix in every model:
 *     [ p_0 .. p_{d-1}, v_0 .. v_{d-1}, extras ]
 *     CV: no extras (nx = 2d)   CA: a_0 .. a_{d-1} (nx = 3d)   CT: omega (nx = 2d + 1)
 * so an IMM mixes the common prefix and fills a model's own extras from its own estimate
 * (Granstrom, Willett & Bar-Shalom, "Systematic approach to IMM mixing for unequal dimension
 * states", IEEE TAES 51(4), 2015).  Matrices are row-major on the stack (TRK_NX <= SW_MAT_MAX). */
#ifndef SW_TRACK_INTERNAL_H
#define SW_TRACK_INTERNAL_H

#include <stdint.h>

#include "core/mat.h"
#include "geo/geo.h"
#include "track/track.h"

#define TRK_NX 9   /* largest state (3-D CA) */
#define TRK_MAXM 4 /* models in an IMM */
#define TRK_MAX_SENSORS 512

/* Fast-object start (life.c).  A 3-D radar plot is "high" at least TRK_HIGH_EL_DEG above the
 * radar's horizontal and TRK_HIGH_H_M above the radar (4/3-earth): above the few degrees where
 * ground, sea and anomalous-propagation clutter live and above every aircraft.  A one-point track
 * from a high plot waits one missed scan for its second plot, and a track whose plots were all
 * high and whose speed exceeds TRK_HIGH_V_MPS is confirmed on TRK_HIGH_M hits of its first
 * confirm_n opportunities instead of confirm_m (see TRK_HIGH_WAIT). */
#define TRK_HIGH_EL_DEG 2.5
#define TRK_HIGH_H_M 20000.0
#define TRK_HIGH_V_MPS 1000.0
#define TRK_HIGH_M 3
/* Missed scans a one-point track of a high plot waits for its second plot; its M-of-N window is
 * confirm_n + TRK_HIGH_WAIT - 1 opportunities (3 of 6 with the default 4 of 5). */
#define TRK_HIGH_WAIT 2
/* The least log-likelihood ratio of a high one-point track and a high plot in its gate (assoc.c):
 * positive, so the pair is made unless a better track takes the plot. */
#define TRK_HIGH_PAIR_LR 1e-3
/* The widest free-fall gate in which a plot may confirm a high track, in multiples of the plot's
 * own volume (assoc.c): a geometric mean of 10 per axis.  Two plots 10 s apart and one 50 s
 * later make about 400; two 1 s apart and one 40 s later about 1e5. */
#define TRK_HIGH_TEST_VOL 1000.0
/* A high plot within TRK_HIGH_EXCL times the gate (chi-square) of a confirmed track starts no
 * track of its own (assoc.c): with 3 measured dimensions, d^2 <= 35, where a plot of that track
 * falls all but once in 10^7. */
#define TRK_HIGH_EXCL 2.0

/* Slow tracks and wrong plots (assoc.c, life.c; missile IMM only).  The boost model's jerk noise
 * (q_boost: 60 m/s^2 within a scan) opens a coasting airliner's gate 10-20 km wide, IMM mixing
 * spreads that to the other models, and a plot of another aircraft or a noise false alarm in it
 * dragged the track to 550-950 m/s, then past 1000 m/s coasting (e2e_warn_noise_sky).  A track is
 * held slow when each of its last TRK_SLOW_N or more plots left it slower than TRK_SLOW_V_MPS
 * over at least TRK_SLOW_S seconds.  Such a track refuses a plot that its CV model does not gate
 * and that would take it (the IMM's updated mixture) faster than
 *     max(TRK_SLOW_V_MPS, v + TRK_AIR_ACC_MPS2 dt + TRK_DRAG_DV_MPS)
 * (v its predicted speed, dt the time since its last plot).  The physics: a ballistic missile is
 * never slow for a minute (the thrust that lifts it, 1.5-4 g, takes it past 400 m/s within
 * 10-40 s of launch; burn-out is at 1-7 km/s); an aircraft gains speed at half a g at most over
 * tens of seconds (a fighter on afterburner; an airliner 0.1 g), and turns and pull-ups change
 * its direction, not its speed.  TRK_DRAG_DV_MPS is room for the IMM's own overshoot: the CA
 * model reads a coasting track's next plot as acceleration: its own aircraft's plots would have
 * raised airliner tracks' speed by up to 275 m/s in 10 h of the noise sky, mostly slow tracks
 * that stayed below 400 m/s.  Below TRK_SLOW_V_MPS nothing is refused: that is an aircraft's
 * speed, not a missile's. */
#define TRK_SLOW_V_MPS 400.0
#define TRK_SLOW_S 60.0
#define TRK_SLOW_N 6
#define TRK_AIR_ACC_MPS2 5.0
#define TRK_DRAG_DV_MPS 200.0

/* ---- sensors (tracker's view) ---- */
typedef struct trk_sensor {
    uint32_t id;
    int has_radar;          /* WGS-84 site: the 4/3-earth model applies */
    geo_radar radar;
    geo_frame origin;       /* the common frame (for heights of 2-D radar plots) */
    int geodetic;           /* origin is a WGS-84 point: heights are above the ellipsoid */
    double site[3];         /* site in the common frame (ENU-only sensors too) */
    int adsb;               /* an ADS-B station: its positions are GNSS, not a radar's */
    double sd_r, sd_az, sd_el, sd_xy, sd_z; /* accuracies from the sensors file (0 = none) */
    int known;              /* present in the sensors file */
    double revisit;         /* s; 0 = not known yet */
    int rev_fixed;          /* from the sensors file or --revisit: not learnt */
    float rev_s[32];        /* recent same-sensor update intervals of confirmed tracks */
    int rev_n;
    /* clutter density estimate: bounding box of plot positions and a decaying count of
     * plots that no confirmed track took */
    double bb[4];
    double unassoc, t_unassoc, t_first;
    /* watermark release: every plot of this sensor with time <= wm has been delivered */
    double wm;
    int marked;             /* trk_mark() has named it: its plots no longer move wm */
    int heard;              /* it has sent a plot or been marked */
    double heard_at;        /* the data clock then */
    uint16_t seg;           /* deliveries so far (marks): a batch never spans two */
} trk_sensor;

/* ---- a prepared plot ---- */
/* CART: z = position (m = 2 or 3); POLAR: (range, azimuth[, elevation]); POLARH: a 2-D radar
 * plot with its Mode C in a 3-D tracker, z = (range, azimuth, height above the ellipsoid). */
enum { TRK_Z_CART = 0, TRK_Z_POLAR = 1, TRK_Z_POLARH = 2 };

typedef struct trk_meas {
    double t;
    uint64_t seq;           /* arrival order: ties in time keep it */
    uint16_t sensor;        /* slot in the tracker's sensor table */
    uint8_t kind;           /* TRK_Z_* */
    uint8_t m;              /* dimension of z used */
    uint8_t pkind;          /* the plot's sw_meas_kind */
    uint8_t has_h;          /* the plot says something about height (3-D, Mode C, GNSS) */
    uint16_t seg;           /* its sensor's delivery (trk_mark count) when it came */
    uint8_t high;           /* a 3-D radar plot high above clutter and aircraft (TRK_HIGH_*) */
    double alt;             /* height used for 2-D radar plots */
    double z[3], R[9];      /* what the filter sees */
    double pos[3], Rpos[9]; /* Cartesian estimate in the common frame (gating index, initiation) */
    /* identity */
    uint32_t flags, address, truth_id;
    uint16_t mode3a;
    float alt_baro;
    char callsign[9];
} trk_meas;

/* ---- filter specification ---- */
typedef struct trk_fspec {
    int dim, nm;
    int model[TRK_MAXM], nx[TRK_MAXM];
    int off[TRK_MAXM];      /* offset of model m's x (then P) in a track's kinematic block */
    int off_mu;             /* model probabilities */
    int off_comb;           /* IMM: the moment-matched posterior [x (2d), P (2d x 2d)] */
    double q_max;           /* the largest acceleration noise of the models (pre-gate) */
    int stride;             /* doubles per track */
    double q_cv, q_ct, q_omega, q_ca, q_bal, tau;
    double ct_vref;         /* > 0: CT's turn-rate noise falls as (ct_vref / speed)^2 above it */
    double h_var_max;       /* a height no plot measures is known no worse than the prior */
    double h_amax;          /* initial acceleration sd of CA models */
    double init_mu[TRK_MAXM];
} trk_fspec;

/* A track predicted to a time: per model state and covariance, predicted model probabilities. */
typedef struct trk_pred {
    double t;
    double c[TRK_MAXM];
    double x[TRK_MAXM][TRK_NX];
    double P[TRK_MAXM][TRK_NX * TRK_NX];
} trk_pred;

/* One plot against one prediction. */
typedef struct trk_innov {
    int m;
    double nu[TRK_MAXM][3], S[TRK_MAXM][9], L[TRK_MAXM][9], H[TRK_MAXM][3 * TRK_NX];
    double ll[TRK_MAXM], d2m[TRK_MAXM]; /* per model log-likelihood and distance */
    int ok[TRK_MAXM];       /* model's S was positive definite */
    double loglik;          /* log of the (mixture) likelihood */
    double d2;              /* Mahalanobis distance^2 of the moment-matched innovation */
} trk_innov;

/* ---- models (model.c) ---- */
int trk_model_nx(int model, int dim);
/* Gravity (m/s^2) at p in the common frame: the ballistic model's input (model.c). */
void trk_gravity(const double p[3], double g[3]);
void trk_model_predict(const trk_fspec *f, int model, double dt, const double *x, const double *P,
                       double *xo, double *Po);
void trk_cwna_Q(double q, double dt, double *q11, double *q12, double *q22);

/* ---- Kalman update (kf.c) ---- */
/* Joseph-form update of x (n), P (n x n) with innovation nu (m), H (m x n), R (m x m); L is the
 * Cholesky factor of S = H P H^T + R (already computed).  SW_ENUMERIC if the result is not a
 * covariance. */
sw_rc trk_kf_update(int n, int m, double *x, double *P, const double *nu, const double *H,
                    const double *R, const double *L);
/* The same with the gain's rows in `consider` (a bit per state) set to zero: those states are
 * not updated, the Joseph form keeps P exact for that (suboptimal) gain (Schmidt-Kalman). */
sw_rc trk_kf_update_consider(int n, int m, double *x, double *P, const double *nu,
                             const double *H, const double *R, const double *L, uint32_t consider);
/* The gain K (n x m) = P H^T S^-1 with the rows in `consider` zeroed. */
void trk_kf_gain(int n, int m, const double *P, const double *H, const double *L,
                 uint32_t consider, double *K);
/* S = H P H^T + R and its Cholesky factor L; d2 and log N(nu; 0, S). */
sw_rc trk_kf_innov(int n, int m, const double *P, const double *H, const double *R,
                   const double *nu, double *S, double *L, double *d2, double *loglik);

/* The same for H = [I_m 0] (Cartesian plots), in O(n^2 m). */
sw_rc trk_kf_update_sel(int n, int m, double *x, double *P, const double *nu, const double *R,
                        const double *L);
sw_rc trk_kf_innov_sel(int n, int m, const double *P, const double *R, const double *nu,
                       double *S, double *L, double *d2, double *loglik);

/* ---- measurements (meas.c) ---- */
/* Turns a plot into a trk_meas: resolves the sensor slot (sensor must be valid), fills R from
 * the sensor when the plot has none, computes the Cartesian estimate. */
sw_rc trk_meas_prepare(const trk_params *prm, const trk_sensor *s, int slot, const sw_plot *p,
                       trk_meas *z, sw_err *err);
/* Predicted measurement of state x (nx, layout above) and its Jacobian H (m x nx). */
void trk_meas_h(const trk_meas *z, const trk_sensor *s, int dim, int nx, const double *x,
                double *zhat, double *H);
/* ENU up of the point at horizontal (x, y) and height h above the ellipsoid (exact: Newton
 * steps from the spherical guess; h itself when the frame has no WGS-84 origin). */
double trk_meas_enu_z(const trk_sensor *s, double x, double y, double h);
/* Moves the Cartesian estimate pos of a 2-D radar plot of sensor s, placed at some assumed
 * height, to height h above the ellipsoid (the same slant range and azimuth). */
void trk_meas_replace(const trk_sensor *s, double pos[3], double h);
/* States a plot must not update (a bit per state index): z and its rates for a 2-D radar plot
 * without a height in a 3-D tracker (the Schmidt "consider" update, kf.c); 0 otherwise. */
uint32_t trk_meas_consider(const trk_meas *z, int dim, int model);
/* Height above the ellipsoid of common-frame point p as sensor s sees it (its own earth model;
 * the ENU z of a sensor given in the common frame only) and its gradient (NULL: not needed). */
double trk_meas_height(const trk_sensor *s, const double p[3], double grad[3]);
/* nu = z - zhat with angles wrapped. */
void trk_meas_residual(const trk_meas *z, const double *zhat, double *nu);
/* |d(cartesian)/d(measurement)| at the plot: converts an area or volume density to z's space. */
double trk_meas_jacdet(const trk_meas *z);
double trk_chi2_quantile(int dof, double p);

/* ---- filters: single model or IMM (imm.c) ---- */
void trk_fspec_init(trk_fspec *f, const trk_params *p);
void trk_filter_predict(const trk_fspec *f, const double *kin, double dt, trk_pred *pr);
sw_rc trk_filter_innov(const trk_fspec *f, const trk_pred *pr, const trk_meas *z,
                       const trk_sensor *s, trk_innov *in);
/* Update with one plot: writes the posterior into kin. */
sw_rc trk_filter_update(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                        const trk_meas *z, double *kin);
/* PDA update with k plots and their association probabilities (beta0: none of them). */
sw_rc trk_filter_update_pda(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                            const trk_meas *const *zs, const double *beta, int k, double beta0,
                            double pd, const double *lambda, double *kin);
/* Predicted (moment-matched) position, velocity and position covariance (3x3, dim used) at
 * dt: closed form for a single CV or CA model, the full prediction otherwise. */
void trk_filter_pos(const trk_fspec *f, const double *kin, double dt, double pos[3],
                    double vel[3], double Pp[9]);
/* Speed of the moment-matched posterior were plot z (innovation in, from pr) to update the
 * track: each model's velocity moved by its gain times its innovation, weighted by its updated
 * probability (what trk_filter_update would store).  For the few pairs assoc.c's slow-track rule
 * must look at; nothing is stored. */
double trk_filter_post_speed(const trk_fspec *f, const trk_pred *pr, const trk_innov *in,
                             const trk_meas *z);
/* The missile IMM (imm_ballistic): its last model is the ballistic one. */
static inline int trk_fspec_missile(const trk_fspec *f)
{
    return f->nm > 1 && f->model[f->nm - 1] == TRK_MODEL_BAL;
}
/* Refreshes the cached moment-matched posterior of an IMM (no-op for one model). */
void trk_filter_cache(const trk_fspec *f, double *kin);
/* A cheap, conservative Mahalanobis distance of a Cartesian position (covariance zR, 3x3) from
 * the track at dt: closed-form CV extrapolation with the models' largest process noise and a
 * manoeuvre margin.  0 when not available (always passes). */
double trk_filter_pregate(const trk_fspec *f, const double *kin, double dt, const double *zpos,
                          const double *zR, double amax);
/* Forgets the height of a prediction (every model): z := z0 with variance var_z, vertical rate
 * 0 with variance var_vz, no correlation with the rest.  For a track whose height so far is only
 * the prior of its first 2-D plots, before the first plot that measures a height: that plot must
 * neither be gated nor weighted against an assumed height. */
void trk_filter_height_reset(const trk_fspec *f, trk_pred *pr, double z0, double var_z,
                             double var_vz);
/* Puts every model of a posterior at height h above the ellipsoid in level flight: z the ENU
 * up of h at its (x, y), vz the rate at which that changes along its velocity (the earth's
 * curvature: ~ -v d / R, 18 m/s at 500 km).  For a track no plot has given a height. */
void trk_filter_level(const trk_fspec *f, const trk_sensor *s, double h, double *kin);
/* Stores a prediction as the posterior (coasting). */
void trk_filter_store(const trk_fspec *f, const trk_pred *pr, double *kin);
/* Moment-matched position/velocity in sw_track layout (x[6], P[36]) and the most likely model. */
void trk_filter_output(const trk_fspec *f, const trk_pred *pr, double x6[6], double P36[36],
                       int *model);
/* A track of high plots only (trk_meas.high: far above any aircraft, where there is no air to
 * turn in and nothing flies without falling) starts its IMM in free fall: the ballistic model
 * gets TRK_FREE_FALL_MU, the boost (CA) model TRK_FREE_FALL_BOOST_MU, the air-breathing models
 * (CV, CT) the rest.  No-op without a ballistic model. */
#define TRK_FREE_FALL_MU 0.7
#define TRK_FREE_FALL_BOOST_MU 0.26
void trk_filter_free_fall(const trk_fspec *f, double *kin);
/* Two-point (or one-point, if z1 == NULL) initialisation of every model. */
/* sv: velocity sd of the one-point prior; R1, R2 3x3 Cartesian covariances; pos2 NULL for a
 * one-point start. */
void trk_filter_init(const trk_fspec *f, const trk_params *p, double sv, const double *pos1,
                     const double *R1, double t1, const double *pos2, const double *R2, double t2,
                     double *kin);

/* ---- spatial index (grid.c) ---- */
#define TRK_CELL_IDS 12
#define TRK_CELL_EMPTY 255
#define TRK_GRID_COARSE 8.0

typedef struct trk_cell {   /* one cache line */
    int32_t cx, cy;
    uint8_t lv;             /* 0 fine, 1 coarse, TRK_CELL_EMPTY */
    uint8_t n;
    uint16_t pad;
    int32_t next;           /* overflow block, -1 none */
    int32_t id[TRK_CELL_IDS];
} trk_cell;

typedef struct trk_grid {
    double cell, inv_cell;
    trk_cell *slot;         /* open addressing, nslots a power of two */
    uint32_t nslots;
    int32_t ncells;
    trk_cell *ovf;          /* overflow blocks (cx, cy, lv unused) */
    int32_t capovf, novf, ovf_free;
    int32_t *wide;          /* tracks too big for either level: checked for every plot */
    int32_t nwide, capwide;
    int32_t max_cells;
    int32_t ncoarse;        /* registrations at the coarse level (0: queries skip it) */
} trk_grid;

sw_rc trk_grid_init(trk_grid *g, double cell, size_t cells);
void trk_grid_free(trk_grid *g);
/* Room for new_cells more cells and a wide list of `tracks`; grows (and rehashes) if needed. */
sw_rc trk_grid_reserve(trk_grid *g, size_t new_cells, size_t tracks);
/* Registers track over the box [x0,x1,y0,y1]; returns the level (0, 1, or 2 = wide) with the
 * cell range in gc (levels 0-1) or the wide-list position in *wide_pos (level 2). */
int trk_grid_insert(trk_grid *g, int32_t track, const double box[4], int32_t gc[4],
                    int32_t *wide_pos);
/* Unregisters; returns the track that moved into the freed wide-list position (the caller sets
 * that track's wide_pos to the old value), or -1. */
int32_t trk_grid_remove(trk_grid *g, int32_t track, int lv, const int32_t gc[4],
                        int32_t *wide_pos);
/* Level a box goes to (0 fine, 1 coarse, 2 wide) and its cell range at a level. */
int trk_grid_level(const trk_grid *g, const double box[4]);
void trk_grid_cells(const trk_grid *g, const double box[4], int lv, double c[4]);
/* The cell holding (x, y) at a level, NULL if no track is registered there. */
const trk_cell *trk_grid_cell(const trk_grid *g, double x, double y, int lv);
static inline uint32_t trk_grid_hash(int32_t cx, int32_t cy, int lv)
{
    uint32_t h = (uint32_t)cx * 0x9E3779B1u ^ ((uint32_t)cy * 0x85EBCA77u + 0x7F4A7C15u + (uint32_t)lv);
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return h;
}
/* Starts loading the fine cell of (x, y) into the cache.  A macro: GCC finds a function whose
 * only effect is a prefetch "const" and deletes the call. */
#define trk_grid_prefetch(g, x, y)                                                              \
    do {                                                                                        \
        double fx_ = __builtin_floor((x) * (g)->inv_cell), fy_ = __builtin_floor((y) * (g)->inv_cell); \
        if (fx_ > -1e9 && fx_ < 1e9 && fy_ > -1e9 && fy_ < 1e9)                                 \
            __builtin_prefetch(&(g)->slot[trk_grid_hash((int32_t)fx_, (int32_t)fy_, 0) &      \
                                          ((g)->nslots - 1)]);                                   \
    } while (0)
/* Calls fn for every track registered in the cells holding (x, y), and every wide track. */
typedef void (*trk_grid_fn)(void *ctx, int32_t track);
void trk_grid_query(const trk_grid *g, double x, double y, trk_grid_fn fn, void *ctx);

/* ---- heaps (heap.c) ---- */
/* The reordering window (heap.c): plots by (t, seq), one time-ordered ring per sensor. */
typedef struct trk_pring {
    trk_meas *a;
    uint32_t cap, head, n;  /* cap a power of two */
} trk_pring;
typedef struct trk_pwin {
    trk_pring *ring;        /* per sensor slot */
    int32_t *heap, *hpos;   /* sensors holding plots, by their earliest */
    int nheap, nsensors;
    size_t n;               /* plots held */
} trk_pwin;
sw_rc trk_pwin_init(trk_pwin *w, int nsensors);
void trk_pwin_free(trk_pwin *w);
/* The slot where sensor s's next plot is prepared (NULL: out of memory); commit adds it. */
trk_meas *trk_pwin_slot(trk_pwin *w, int s);
void trk_pwin_commit(trk_pwin *w, int s);
/* Removes the earliest plot; the pointer stays valid until the next trk_pwin_slot(). */
const trk_meas *trk_pwin_pop(trk_pwin *w);
double trk_pwin_topt(const trk_pwin *w);   /* time of the earliest (w->n > 0) */
const trk_meas *trk_pwin_head(const trk_pwin *w, int s); /* sensor s's earliest, NULL: none */
size_t trk_pwin_bytes(const trk_pwin *w);

/* ---- association (assoc.c, jpda.c) ---- */
double trk_log1m(double pd);   /* log(1 - pd), finite */
/* Exact or loopy-BP marginal association probabilities for one cluster.  w is nt x np
 * (w_ij = Pd g_ij / ((1 - Pd) beta_j), 0 where not gated); beta receives nt x (np + 1) with
 * column np the probability that track i took no plot.  Returns 1 if exact, 0 if loopy BP. */
int trk_jpda_marginals(int nt, int np, const double *w, double *beta, double max_hyp,
                       double *work);
size_t trk_jpda_workspace(int nt, int np);


/* ---- the tracker (tracker.c, life.c, assoc.c) ---- */
#define TRK_FREE 255
#define TRK_WHEEL 4096       /* timing-wheel buckets */
#define TRK_ADSB_RECENT_S 10 /* a track is SW_FROM_ADSB this long after its last ADS-B plot */
/* A time beyond 1e11 s (3,000 years either side of 1970) is corrupt: at 1e29 s one ulp is 1e13 s,
 * two plots "a moment apart" make an infinite velocity, and a prediction that far overflows */
#define TRK_MAX_T 1e11
#define TRK_WBLOCK 63        /* entries per wheel block (1 KiB) */

/* A deadline filed in the wheel; it is current while the track's id and deadline still match
 * the dense arrays ids[] and dls[] (an update files a new entry and leaves the old one stale). */
typedef struct trk_wentry {
    int32_t slot;
    uint32_t id;
    double deadline;
} trk_wentry;

typedef struct trk_wblock {
    int32_t next, n;
    trk_wentry e[TRK_WBLOCK];
} trk_wblock;

/* A track's record: this header, then its kinematic block (trk_kin), in one cache-aligned
 * record.  Cold fields first, the fields gating reads last, next to the state it reads. */
typedef struct trk_track {
    /* cold */
    double t_first, t_update, t_opp, t_same;
    double revisit;          /* expected time between opportunities */
    int32_t gc[4];           /* grid cells it holds: x0, x1, y0, y1 */
    int32_t glv;             /* grid level 0, 1, 2 = wide list, -1 = not registered */
    int32_t g_wide;          /* position in the wide list */
    uint32_t n_updates;
    uint32_t hist;           /* opportunity history, bit 0 the latest, 1 = hit */
    uint8_t misses;          /* consecutive missed opportunities */
    uint8_t hist_len;        /* opportunities in hist (saturates at 32) */
    uint8_t was_confirmed;
    uint8_t high;            /* every plot so far was high (trk_meas.high): fast-object start */
    uint16_t last_sensor;
    uint16_t mode3a;
    float alt_baro;
    char callsign[9];
    uint8_t id_hits;         /* hits by plots with a Mode S address or Mode 3/A (saturating) */
    uint8_t kind0;           /* the first plot's sw_meas_kind (two-point initiation) */
    uint8_t rev_long;        /* longest revisit of a sensor that updated it, 0.1 s (saturating) */
    uint32_t sens_cur, sens_prev;
    double t_sens;
    uint8_t adsb;            /* an ADS-B plot has updated it, the last at t_adsb */
    double t_adsb;
    /* hot: gating and association */
    uint32_t id;
    uint8_t status;          /* sw_track_status; TRK_FREE */
    uint8_t npts;            /* plots so far, saturating (1 = one-point, no velocity yet) */
    uint8_t pending;         /* has an update waiting in the batch being applied */
    uint8_t has_h;           /* a plot with a height (3-D, Mode C, GNSS) has updated it */
    uint8_t n_slow;          /* plots in the current slow run (TRK_SLOW_*, saturating) */
    uint8_t ascent_held;     /* confirmation withheld: climbing faster than flight allows */
    double t_slow;           /* time of the run's first plot */
    uint32_t stamp;          /* batch in which local is valid */
    int32_t local;
    uint32_t idflags, address;
    double t;                /* time of the state in the kinematic block */
} trk_track;

#define TRK_HDR ((sizeof(trk_track) + 15) & ~(size_t)15)

typedef struct trk_pair {
    int32_t plot, tl;        /* batch plot, batch-local track */
    double ll;               /* log likelihood (identity penalty included) */
    double lr;               /* log of w = Pd g / ((1 - Pd) lambda) */
    double beta;             /* JPDA */
} trk_pair;

struct trk_tracker {
    trk_params p;
    trk_fspec f;
    double gate[4];          /* chi-square threshold by measurement dimension */
    double gate_box;         /* the largest, for the grid boxes */
    double sv;               /* velocity sd of a one-point track */
    double log_pd, log_1mpd;
    /* sensors */
    trk_sensor *sens;
    int nsens;
    int32_t shash[2 * TRK_MAX_SENSORS];
    geo_frame origin;
    int has_origin;
    double var_hreset;       /* height variance of a track meeting its first height: uniform
                              * over clutter_height_m */
    double rmax[2];          /* plot position variance the grid boxes allow for */
    int rebuild;
    /* tracks: records of recsz bytes (header + kinematic block), cache-aligned */
    unsigned char *rec;
    size_t recsz, cap;
    int32_t *freel;
    size_t nfree;
    size_t nlive, nconf;
    uint32_t next_id;
    /* deadlines: a timing wheel of TRK_WHEEL buckets of wdt seconds, each a chain of blocks of
     * entries appended in time order; dense per-slot arrays tell current entries from stale */
    int32_t whead[TRK_WHEEL], wtail[TRK_WHEEL];
    int64_t wcur;            /* absolute index of the next bucket to run */
    double wdt;
    int wpass;               /* running a bucket: new entries go to later buckets */
    trk_wblock *wblk;
    int32_t capblk, wfree, nwfree;
    double *dls;             /* per slot: its current deadline */
    uint32_t *ids;           /* per slot: the id of its track, 0 when free */
    trk_grid grid;
    trk_pwin win;
    /* time */
    double clock, floor_t, t_proc;
    uint64_t seq;
    /* watermark release: the least watermark of the live sensors, and whose it is (-1: to be
     * recomputed) */
    double wm_min;
    int wm_arg;
    int started;             /* a plot or mark has come */
    double hold_until;       /* until then the sensors file's silent sensors are waited for */
    double lag_until;        /* until then a sensor behind by more than reorder_s, heard within
                              * silent_s, holds the release at clock - reorder_s */
    /* the batch being formed / processed */
    trk_meas *b;
    int nb, capb, b_sensor;
    uint16_t b_seg;
    double b_t0;
    uint32_t stamp;
    /* association scratch (grown to a high-water mark between batches) */
    trk_pair *pairs;
    int npairs, cappairs;
    int32_t *tl_slot;        /* local track -> slot */
    int ntl, captl;
    int32_t *uf;             /* union-find over plots then local tracks */
    int32_t *plot_tl;        /* GNN: assigned local track or -1 */
    uint8_t *plot_conf;      /* plot was in a confirmed track's gate */
    double *plot_b0;         /* JPDA: probability the plot is clutter / new */
    double *plot_lam;        /* clutter density in the plot's measurement space */
    int32_t *tl_ref, *tl_next; /* JPDA: reference plot of a track, list of tracks per plot */
    double *tl_b0;
    int32_t *plot_first;
    int32_t *order, *cstart; /* pairs grouped by cluster */
    int caporder, caprow;
    int32_t *tl_cl;          /* JPDA: cluster (root) of a local track */
    int32_t *cl_t, *cl_p;    /* cluster-local index -> local track / plot */
    int32_t *mark_t, *mark_p;
    double *cost, *jw, *jb;
    void *work;
    size_t capcost, capwork;
    int32_t *rowcol;
    /* output */
    trk_listener fn;
    void *ctx;
    trk_stats st;
};

static inline trk_track *trk_at(const trk_tracker *tr, int32_t s)
{
    return (trk_track *)(tr->rec + (size_t)s * tr->recsz);
}
static inline double *trk_kin(const trk_tracker *tr, int32_t s)
{
    return (double *)(tr->rec + (size_t)s * tr->recsz + TRK_HDR);
}

/* life.c */
sw_rc trk_life_reserve(trk_tracker *tr, size_t extra);
int32_t trk_life_start(trk_tracker *tr, const trk_meas *z);
void trk_life_hit(trk_tracker *tr, int32_t s, const trk_meas *z, int counts);
void trk_life_deadline(trk_tracker *tr, int32_t s, double t);
void trk_life_register(trk_tracker *tr, int32_t s, double now);
void trk_life_register_force(trk_tracker *tr, int32_t s, double now, int force);
void trk_life_delete(trk_tracker *tr, int32_t s, double t);
void trk_life_fill(const trk_tracker *tr, int32_t s, double at, sw_track *out);
void trk_life_emit(trk_tracker *tr, unsigned ev, int32_t s, double t);
void trk_life_run_deadlines(trk_tracker *tr, double until);
double trk_sensor_beta(const trk_tracker *tr, const trk_meas *z);
void trk_sensor_unassoc(trk_tracker *tr, int sensor, double t, int n);
double trk_track_revisit(const trk_tracker *tr, int sensor);
/* assoc.c */
sw_rc trk_assoc_batch(trk_tracker *tr);

#endif
