/* warn/wrn_int.h - the engine's internal state, shared by wrn_engine.c (tracks, predictions,
 * timers), wrn_life.c (the life cycle of one warning) and wrn_deliver.c (sending, receiving,
 * acknowledging).  Not part of the API. */
#ifndef SW_WRN_INT_H
#define SW_WRN_INT_H

#include "warn/wrn_engine.h"
#include "warn/wrn_map.h"

#define WRN_MAX_ISSUERS 16
#define WRN_LOST_SCAN_S 0.5 /* how often the tick looks for lost tracks (node clock) */

/* Remaining burn of a boosting missile (wrn_engine.c): unknown, uniform over [0, WRN_BURN_MAX_S],
 * sampled at WRN_BURN_K midpoints, each flown to the ground. */
#define WRN_BURN_K 6
#define WRN_BURN_MAX_S 60.0
#define WRN_BURN_ACC 30.0   /* m/s^2 assumed before the thrust is measured (3 g) */
#define WRN_BURN_VZ 250.0   /* m/s: climbing this fast with no acceleration estimate yet */
#define WRN_BURN_H_M 80e3   /* ... and below this (burn-out heights of SRBMs and MRBMs) */
#define WRN_BURN_CRUISE_S 20.0 /* slow level flight beyond this: not a rocket in boost */
#define WRN_BURN_REACH 2.0  /* sigmas of a component's ellipse (plus the area) = the corridor */
/* A rocket climbing within ~17 deg of the vertical (ground speed under WRN_FAN_SLOPE x its climb,
 * or under 2 sigma of it) has not pitched over towards its target yet: the corridor along its
 * velocity names no target, so every area within its reach in any direction is warned as the
 * corridor's are ("Possible"): the ground range of the remaining burn's speed at 45 deg, capped
 * at WRN_FAN_MAX_M.  A vertical launch seen 15 s in (warn-ranges seed 52) pitched over 8 s
 * after its track was confirmed. */
#define WRN_FAN_SLOPE 0.3
#define WRN_FAN_MAX_M 3000e3
/* A free-flight impact ellipse whose 1-sigma semi-major axis exceeds this is a footprint, not a
 * point: a 40 km city at the centre of a 120 x 85 km one gets p ~ 1 - exp(-r^2 / (2 a b)) = 0.075,
 * and a sigma off-centre less than p_issue, so p_issue alone would wait for plots that shrink it
 * (a centred city under a 50 x 35 km one gets 0.37: below this size the probability decides).
 * Areas within WRN_BURN_REACH sigmas of it are warned as "Possible" (the corridor rule);
 * wrn_engine.c.  A young mid-course track seen by one 10 s radar at 400 km starts at 70-120 km
 * (elevation error 0.3 deg = 2 km, over 10-30 s of baseline, over 450 s of flight). */
#define WRN_FOOTPRINT_M 50e3
/* ... for the first WRN_FOOTPRINT_AGE_S of the track (its first three scans of a 10 s radar),
 * when its ellipse is the start's: later a wide ellipse is mostly a coasting track's, and the
 * footprint would keep "Possible" warnings on neighbouring cities for minutes. */
#define WRN_FOOTPRINT_AGE_S 30.0

typedef struct wrn_trk {
    uint32_t stn;
    uint8_t used;
    uint8_t status;          /* sw_track_status of the last update */
    uint8_t threat;          /* classified as a threat with enough confidence */
    uint8_t pad;
    int n_entries;           /* warnings of ours for this track, not finished */
    double now_last;         /* caller's clock at the last update */
    wrn_hist h;
    wrn_kin k;
    int has_ipp;
    wrn_ipp ipp;             /* the prediction (in boost: the burn mixture's moments) */
    int n_burn;              /* in boost: components of the remaining-burn mixture, else 0 */
    wrn_ipp burn[WRN_BURN_K];
    double fan_m;            /* in boost, no heading yet: the ground range it may still reach in
                              * any direction from the point below it, else 0 (WRN_FAN_*) */
} wrn_trk;

/* The prediction of one (track, area) pair at one update. */
typedef struct wrn_cand {
    int threat;              /* the track is a threat (class and confidence) */
    double t;                /* track time */
    double p;
    int kind;                /* wrn_kind */
    double lat_deg, lon_deg, C[4];
    double arrival, t_sd;
    int reach;               /* in boost: the area lies in the corridor the missile can still reach;
                              * in free flight: in a wide ellipse's footprint (WRN_FOOTPRINT_M) */
} wrn_cand;

typedef struct wrn_seen {
    char issuer[WRN_NATION_LEN];
    uint32_t rev;
} wrn_seen;

typedef struct wrn_entry {
    uint64_t id;
    uint8_t used;
    uint8_t own_state;       /* 0: never issued by us; else the state of `own` */
    uint8_t has_rx;
    uint8_t track_gone;
    sw_warning own;          /* our latest message */
    double last_rev_t;       /* track time of our latest revision */
    double below_since;      /* track time since the probability fell below p_retract (NAN) */
    uint32_t acked_rev;
    int attempts;
    double next_send, gap;
    double unacked_since;    /* caller's clock of the oldest unacknowledged send (NAN) */
    sw_warning rx;           /* partners' newest message */
    int n_seen;
    wrn_seen seen[WRN_MAX_ISSUERS];
    double done_at;          /* caller's clock when nothing more can happen to it (NAN) */
} wrn_entry;

struct wrn_engine {
    wrn_config c;
    double next_lost_scan;     /* node clock of the next scan for lost tracks (wrn_engine_tick) */
    const wrn_areas *areas;
    geo_frame origin;
    wrn_sink sink;
    wrn_trk *trk;
    wrn_map trk_map;
    wrn_entry *ent;
    wrn_map ent_map;
    int n_trk_used, n_ent_used;
    wrn_status st;           /* counters (the rest is computed on demand) */
};

void wrn_emit(wrn_engine *e, int kind, double now, const sw_warning *w, const wrn_ack *ack,
              int attempt, int dup, const char *reason);

/* wrn_life.c: one step of the life cycle of (trk, area) with a fresh candidate. */
void wrn_life_step(wrn_engine *e, wrn_trk *trk, const wrn_area *a, const wrn_cand *c,
                   double now);
/* Closes our active warning (and finishes retracted ones) for a track that has gone. */
void wrn_life_close(wrn_engine *e, wrn_entry *en, const char *reason, double now);
wrn_entry *wrn_entry_get(wrn_engine *e, uint64_t id);
wrn_entry *wrn_entry_new(wrn_engine *e, uint64_t id, double now);
void wrn_entry_free(wrn_engine *e, wrn_entry *en);
int wrn_entry_active(const wrn_entry *en);   /* ours, issued or updated */

/* wrn_deliver.c */
void wrn_deliver_new_revision(wrn_engine *e, wrn_entry *en, double now);
void wrn_deliver_tick(wrn_engine *e, wrn_entry *en, double now);
int wrn_entry_unacked(const wrn_engine *e, const wrn_entry *en);

#endif
