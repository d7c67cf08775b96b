/* fuse/fuse.h - the common air picture from every nation's local tracks: track-to-track
 * association, covariance-intersection fusion, and one system track number (STN) per object with
 * one reporting node (R2) per object, without a server.
 *
 * Pure and deterministic: no DDS, no clock, no randomness, no dependence on hash order.  Given the
 * same inputs (tracks, partner reports, `now`) in the same order, every node computes the same
 * picture; where nodes see different inputs (latency, releasability), the R2 reports that the
 * node publishes (fus_actions.publish) are what makes them agree:
 *
 *   numbering   a new object takes the number base(N) + id mod size of its best local track
 *               (nation N's block), so nodes that see the same tracks pick the same number
 *               at once, without a message;
 *   R2          each object has one reporter: the node whose own local track is best (smallest
 *               position sd), but a challenger must beat the holder by r2_margin, and among
 *               equals the older claim holds (hysteresis; Link 16's R2 rule in spirit);
 *   adoption    a node that is not R2 for an object takes the number the R2 holder reports; a
 *               node that joins late does the same, so it adopts the numbers in use;
 *   merge       when two numbers turn out to be one object, the number given first (born
 *               earlier; then the lower number) survives, on every node;
 *               also against a node that wins R2 before it has heard the number in use (a
 *               restart): the loser keeps reporting the older number until the winner takes it;
 *   node loss   when the R2 holder goes, the next best node claims R2 under the same number.
 *
 * Memory: everything is allocated by fus_create for max_tracks; nothing allocates afterwards.
 * Not thread-safe: one engine per node, used by its main loop. */
#ifndef SW_FUSE_H
#define SW_FUSE_H

#include "core/rc.h"
#include "core/types.h"
#include "net/net_types.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct fus_config {
    char self[4];                       /* this node's nation */
    int n_nations;
    char nations[NET_MAX_NATIONS][4];   /* the coalition, same order on every node */
    uint32_t block_base[NET_MAX_NATIONS]; /* STN block of each nation */
    uint32_t block_size[NET_MAX_NATIONS];
    double gate;         /* chi-square (6 dof) to pair a track with an object (default 22.5) */
    double keep_gate;    /* chi-square to keep an existing pairing (default 60: history wins) */
    int keep_misses;     /* consecutive keep-gate failures that break a pairing (3) */
    int merge_hits;      /* consecutive gated cycles before two objects merge (3) */
    double bias_m;       /* registration error between nations, added to gating (150 m) */
    double bias_mps;     /* the same for velocity (5 m/s) */
    double r2_margin;    /* a challenger's sd must be below (1 - margin) x holder's (0.3) */
    double stale_s;      /* a local track not updated for this long is dropped (15 s) */
    double report_stale_s; /* a partner report older than this is ignored (12 s) */
    double republish_s;  /* an R2 report is refreshed this often when nothing in it that
                            partners act on changed (5 s; changes go out at once) */
    double q_accel;      /* white-noise acceleration PSD for prediction, m^2/s^3 (1.0) */
    double cell_m;       /* grid cell for candidate search (20 km) */
    bool ci_logdet;      /* covariance intersection minimises log det instead of trace */
} fus_config;

/* Defaults as above; blocks are base (i+1) * 1,000,000, size 1,000,000 for coalition index i. */
void fus_config_default(fus_config *c);

typedef struct fus_engine fus_engine;

sw_rc fus_create(fus_engine **out, const fus_config *c, int max_tracks, sw_err *err);
void fus_destroy(fus_engine *e);

/* Adds or updates a local track (own or a partner's), in the common ENU frame.  plot_in is the
 * wall-clock time its newest plot entered the source node.  Returns 1 when the track's system
 * track was fused again at once (known association: the fast path), 0 when the track waits for
 * the next fus_update, or an error (SW_EFULL, SW_EINVAL). */
int fus_put_track(fus_engine *e, const char *nation, const sw_track *t, double plot_in,
                  double now);
void fus_drop_track(fus_engine *e, const char *nation, uint32_t id);
/* After fus_put_track returned 1: if this node holds R2 for the track's object and its report is
 * due, fills r with the report to send now and returns 1; else 0.  A report is due when something
 * partners act on changed since the last one (members, this node's sd by > 10 %, class,
 * confirmed status) or republish_s has passed; a new fused state alone is not a reason (every
 * node fuses the members itself).  Sending it here rather than at fus_update spreads reports
 * over time; fus_update applies the same rule to the objects not updated. */
int fus_take_report(fus_engine *e, const char *nation, uint32_t id, double now, net_report *r);
/* A partner's R2 report (net_report) and its withdrawal. */
sw_rc fus_put_report(fus_engine *e, const net_report *r, double now);
void fus_drop_report(fus_engine *e, const char *reporter, uint32_t stn);
/* Forgets every track and report of a nation (its node left). */
void fus_drop_nation(fus_engine *e, const char *nation);

/* What fus_update asks the node to send. */
typedef struct fus_actions {
    void *ctx;
    void (*publish)(void *ctx, const net_report *r);        /* this node holds R2: send it */
    void (*retract)(void *ctx, uint32_t stn, bool dispose); /* stop sending stn: dispose when the
                                                               number is gone (deleted, merged),
                                                               else unregister (R2 handed over) */
} fus_actions;

/* One cycle at time now: drop stale inputs, check and make associations, merge dual tracks,
 * fuse, number, arbitrate R2; calls a (may be NULL) for what to send. */
void fus_update(fus_engine *e, double now, const fus_actions *a);

/* The same cycle in slices, so that a node can take arriving updates between them instead of
 * holding them behind a whole cycle.  fus_cycle_begin starts a cycle at time now (restarting one
 * in progress); each fus_cycle_step does about `budget` objects' worth of it (an object's keep
 * check, merge check or numbering; 16 table slots of a plain scan; 4 report slots to attach;
 * a report to send counts as 8)
 * and returns 1 when the cycle is complete, 0 when more remains.  Everything in between stays usable (fus_put_track,
 * fus_put_report, fus_drop_*, fus_take_report); with nothing in between, the slices give exactly
 * the picture of fus_update, which is begin + steps to the end.  The association of new tracks
 * (a global assignment) runs whole within one step; fus_picture is sorted by STN only between
 * cycles. */
void fus_cycle_begin(fus_engine *e, double now);
int fus_cycle_step(fus_engine *e, int budget, const fus_actions *a);
bool fus_cycle_busy(const fus_engine *e);
/* The cycle's phase now (diagnostics: 0 idle, 1 stale, 2 keep, 3 empty, 4 association, 5 merge,
 * 6 attaching partner reports, 7 numbering, 8 finish). */
int fus_cycle_phase(const fus_engine *e);

/* The picture: up to max system tracks, sorted by STN; returns how many. */
int fus_picture(const fus_engine *e, sw_system_track *out, int max);
/* The same in parts, so that a large picture is copied over several loop turns: continues from
 * position *pos (0 to start) of the STN order, writes at most max rows, advances *pos and returns
 * how many it wrote; the picture is complete when *pos == fus_picture_size(e).  Between parts
 * tracks may be fused again (each row is consistent), but no cycle may run. */
int fus_picture_part(const fus_engine *e, int *pos, sw_system_track *out, int max);
int fus_picture_size(const fus_engine *e);
/* The system track a local track belongs to now (0 = none), and that track's fused state. */
uint32_t fus_stn_of(const fus_engine *e, const char *nation, uint32_t id, sw_system_track *st);

typedef struct fus_stats {
    int tracks, objects, r2;       /* now */
    uint64_t numbers_made, merges, handovers, breaks, adoptions;
    uint64_t renumbered;           /* objects given a new number because another held theirs */
    uint64_t yields;               /* older numbers given up to a winner that did not take them
                                    * in FUS_HOLD_MAX_S (fus_number.c) */
    uint64_t reports_sent;         /* R2 reports handed out (fus_actions.publish, fus_take_report) */
} fus_stats;
void fus_get_stats(const fus_engine *e, fus_stats *s);

/* ---- the pieces, exposed for tests --------------------------------------------------------- */

/* Predicts a 6-state (x, y, z, vx, vy, vz) and covariance by dt under constant velocity with
 * white-noise acceleration q (in place). */
void fus_predict(double x[6], double P[36], double dt, double q);
/* Covariance intersection of (a, A) and (b, B): P^-1 = w A^-1 + (1-w) B^-1, minimising trace
 * (or log det) over w by golden-section search.  Returns w, or -1 when a matrix is not SPD. */
double fus_ci(const double a[6], const double A[36], const double b[6], const double B[36],
              bool logdet, double x[6], double P[36]);
/* Squared Mahalanobis distance between two 6-states with covariances A + B + bias. */
double fus_chi2(const double a[6], const double A[36], const double b[6], const double B[36],
                double bias_m, double bias_mps);
/* R2 arbitration: 1 if claim (sd_a, claim_a, nation index ia) beats (sd_b, claim_b, ib). */
int fus_r2_beats(double sd_a, double claim_a, int ia, double sd_b, double claim_b, int ib,
                 double margin);

#endif
