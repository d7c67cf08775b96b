/* warn/wrn_class.h - what a system track is, from how it moves and who it says it is.
 *
 * Classes (core/types.h sw_class): ballistic missile, cruise missile, aircraft, drone, unknown.
 * Each update gives every class an evidence value in [0, 1] from the track's kinematics (height
 * above the ellipsoid, speed, climb, and the acceleration measured from the history of its
 * velocity compared with that of a body in free fall) and its identity (Mode 3/A, Mode S
 * address, callsign).  Evidence is smoothed with a time constant, the class is the best score
 * with hysteresis, and the confidence is its share of all scores.  Two rules come from physics
 * and override the scores:
 *   - an object that has been above 30 km at more than 800 m/s is ballistic (no air-breathing
 *     vehicle flies there), and stays so;
 *   - a cooperative object (it answers with an identity) whose speed is possible for an aircraft
 *     is an aircraft, however it climbs or descends: a civil aircraft's emergency descent never
 *     makes it a threat.  Only kinematics no aircraft can fly (over 1000 m/s for several updates)
 *     override an identity.  An identity seen on two updates stays with the track: a missed
 *     Mode S reply does not turn an airliner on approach into a drone.
 * docs/warnings.md gives every threshold and the reason for it.
 *
 * State: one wrn_hist per track, a plain struct the caller keeps (warn/'s engine keeps them in a
 * table made at start-up); nothing allocates.  Deterministic: same updates, same answer. */
#ifndef SW_WRN_CLASS_H
#define SW_WRN_CLASS_H

#include "core/types.h"
#include "geo/geo.h"

#include <stdint.h>

/* A Mode C altitude makes a track cooperative when it lies in this range: below it the reply
 * may be a garbled or ground-test one, above it no aircraft flies (m). */
#define WRN_MODEC_MIN_M -300.0
#define WRN_MODEC_MAX_M 25000.0

#define WRN_HIST_N 10       /* velocity samples kept for the acceleration estimate */

/* Kinematics of one update, derived once and shared by classification and prediction. */
typedef struct wrn_kin {
    double t;
    double ecef[6];          /* position, velocity (Earth-fixed) */
    double lat_deg, lon_deg, h;
    double speed, vz, ground; /* |v|, vertical (up) and horizontal speed in the local frame */
    double sd_v;             /* rms 1-sigma velocity error per axis */
    double sd_vh;            /* ... per horizontal axis (a 3-D radar's vertical one is larger) */
    int has_height;          /* the track is 3-D (its height variance is non-zero) */
    int coop;                /* it answers a transponder: identity (Mode 3/A, Mode S address,
                              * callsign) or a Mode C altitude an aircraft can fly at */
    int has_modec;           /* the track carries a Mode C (pressure) altitude */
    double h_baro;           /* that altitude, m (NAN without one) */
    double h_geo, sd_h;      /* geometric height above the ellipsoid (NAN in 2-D) and its 1-sigma */
    double h_env;            /* the height the envelope tests use: Mode C if any, else geometric */
} wrn_kin;

typedef struct wrn_hist {
    uint32_t stn;
    uint8_t cls;             /* sw_class decided */
    uint8_t n_samples;       /* in the ring below */
    uint8_t head;
    uint8_t fast_count;      /* consecutive updates faster than any aircraft */
    double h_first;          /* geometric height at the first update (NAN: none) */
    uint8_t climb_count;     /* consecutive updates climbing faster than any aircraft (BM_CLIMB_VZ) */
    uint8_t coop_count;      /* updates that carried an identity (saturates at 255) */
    float conf;
    uint32_t n_updates;
    double t_first, t_last;
    double h_max, v_max;     /* maxima of the smoothed height and speed */
    double h_s, v_s;         /* smoothed height and speed */
    double score[SW_CLS_COUNT];
    /* ring of (t, ECEF velocity, free-fall acceleration there) for the acceleration estimate */
    double ts[WRN_HIST_N];
    double vs[WRN_HIST_N][3];
    double aff[WRN_HIST_N][3];
    double sdv[WRN_HIST_N];
    /* the latest acceleration estimate */
    int acc_ok;              /* enough history for an estimate */
    double acc[3];           /* measured acceleration, ECEF */
    double sd_acc;           /* its 1-sigma per axis */
    double ex_along, ex_perp; /* measured minus free fall: along the velocity, and across it */
    int boosting;            /* thrust detected (along-track excess) */
    double t_cruise;         /* seconds flown slow and level (< 400 m/s, |vz| < 0.35 speed):
                              * an aircraft's, never a rocket's in boost */
    double t_cls;            /* when it last became, or stopped being, a threat class (the
                              * first update: t_first) */
    /* ballistic coefficient estimate (log, from the drag measured in the atmosphere) */
    double log_beta, sd_log_beta;
} wrn_hist;

typedef struct wrn_class_cfg {
    double tau_s;            /* smoothing time constant of the evidence (8 s) */
    double beta_prior;       /* kg/m^2 before any drag is measured (5000) */
    double sd_log_beta_prior;/* (0.7: a factor of two either way at 1 sigma) */
} wrn_class_cfg;

void wrn_class_cfg_default(wrn_class_cfg *c);

/* Derives the kinematics of a system track in the common frame about origin. */
void wrn_kin_from_track(const geo_frame *origin, const sw_system_track *st, wrn_kin *k);

void wrn_class_init(wrn_hist *h, uint32_t stn, const wrn_class_cfg *c);
/* One update of the track (k from wrn_kin_from_track).  Updates out-of-order or repeated times
 * are ignored. */
void wrn_class_update(wrn_hist *h, const wrn_kin *k, const wrn_class_cfg *c);

/* True for the classes that can cause a warning (ballistic, cruise, drone). */
int wrn_class_is_threat(int cls);

#endif
