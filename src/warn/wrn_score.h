/* warn/wrn_score.h - how well threatened nations were warned: the figures of the scorecard's
 * "warnings" object (ARCHITECTURE section 3), per (threat, threatened nation) pair.
 *
 * Inputs are plain arrays the caller assembles from the truth (launch, first detection, first
 * confirmed track, impact), from the warnings the nodes issued (each already associated with the
 * threat whose track caused it, or 0 when it came from no threat) and from the impact predictions
 * made along the way.  A pair is (threat, nation whose defended area the true impact point or
 * arrival lies in: wrn_score_threatened).  A pair is warned when some warning to that nation for
 * that threat was issued before the impact; otherwise missed.  A warning is false when it names a
 * nation the threat did not threaten, or came from no threat at all.
 *
 *   lead_time_ratio = (impact - first warning) / (impact - first detection)
 *   first_warning_after_confirmation = first warning - first confirmed track
 *
 * Pure computation; no allocation except the JSON text. */
#ifndef SW_WRN_SCORE_H
#define SW_WRN_SCORE_H

#include "core/rc.h"
#include "warn/wrn_area.h"
#include "warn/wrn_types.h"

#include <stdint.h>

#define WRN_SCORE_MAX_NATIONS 8
#define WRN_SCORE_MAX_MINUTES 30

typedef struct wrn_score_threat {
    uint32_t id;               /* truth target id (non-zero) */
    int cls;                   /* sw_class */
    double t_launch;           /* s (any clock, the same for every time here) */
    double t_detect;           /* first detection by any sensor (NAN: never) */
    double t_confirm;          /* first confirmed system track (NAN: never) */
    double t_impact;           /* impact, or arrival at its target */
    double impact_lat, impact_lon;
    double t_end;              /* > 0: the run stopped here; minute marks after it are not scored */
    int n_nations;             /* nations threatened */
    char nations[WRN_SCORE_MAX_NATIONS][WRN_NATION_LEN];
} wrn_score_threat;

typedef struct wrn_score_warning {
    double t;                  /* when it was issued */
    uint64_t warning_id;
    uint32_t threat_id;        /* the threat its track follows; 0 = none */
    char nation[WRN_NATION_LEN];
    int corridor;              /* issued below p_issue: an area in a boosting missile's corridor */
    double t_retracted;        /* when it was retracted (NAN or 0: it was not) */
} wrn_score_warning;

typedef struct wrn_score_pred {
    double t;                  /* when the prediction was made (the track state's time) */
    uint32_t threat_id;
    double lat, lon;           /* predicted impact point */
    int src;                   /* who made it: an index into the caller's names (node) */
    double major_m, minor_m;   /* its 1-sigma error ellipse (0: none given) ... */
    double orient_deg;         /* ... major axis clockwise from north */
} wrn_score_pred;

/* The impact prediction standing at one whole minute before impact. */
typedef struct wrn_score_ipp_min {
    double err_m;              /* distance of the predicted impact point from the true (NAN: none) */
    double age_s;              /* how old that prediction was at the minute mark */
    double m2;                 /* the true point's squared Mahalanobis distance in the predicted
                                * ellipse (NAN: no ellipse); inside the 99 % ellipse when <= 9.21 */
} wrn_score_ipp_min;

#define WRN_SCORE_CHI2_99 9.2103 /* chi-square, 2 degrees of freedom, 99 % */

typedef struct wrn_score_pair {
    uint32_t threat_id;
    char nation[WRN_NATION_LEN];
    int warned;
    double t_first;            /* first warning (NAN if none before impact) */
    double after_launch, after_detect, after_confirm, before_impact, lead_ratio;
} wrn_score_pair;

typedef struct wrn_score_result {
    int pairs, warned, missed, false_warnings;
    /* warnings of a boosting missile's corridor naming a nation it does not threaten, retracted
     * before its impact: neither true nor false, counted apart (docs/warnings.md) */
    int boost_retracted;
    double lead_ratio_min;     /* over warned pairs with a detection (NAN: none) */
    double after_confirm_max;  /* over warned pairs with a confirmation (NAN: none) */
    int n_pair;                /* pairs listed (min(pairs, max_pairs)) */
} wrn_score_result;

/* The nations whose defended areas contain (lat, lon), each once, in area order. */
int wrn_score_threatened(const wrn_areas *areas, double lat, double lon,
                         char out[][WRN_NATION_LEN], int max);

/* pairs (may be NULL) receives up to max_pairs pairs. */
void wrn_score_compute(const wrn_score_threat *th, int n_th, const wrn_score_warning *w, int n_w,
                       wrn_score_result *r, wrn_score_pair *pairs, int max_pairs);

/* Distance (m) of the predicted impact point from the true one at each whole minute before the
 * impact: err_m[k] for k + 1 minutes before, from the latest prediction made at or before that
 * time (NAN when there was none yet).  Returns the number of minutes filled (<= max_min). */
int wrn_score_ipp_minutes(const wrn_score_threat *th, const wrn_score_pred *p, int n_p,
                          double *err_m, int max_min);
/* The same per minute for the predictions of source src only (src < 0: any source), with the
 * prediction's age and whether the truth lies inside its ellipse.  Returns the minutes filled. */
int wrn_score_ipp_at(const wrn_score_threat *th, const wrn_score_pred *p, int n_p, int src,
                     wrn_score_ipp_min *out, int max_min);

/* The scorecard's "warnings" object, with "pairs" and "ipp_error_m_by_minute" (per threat id,
 * the latest prediction of any source) added, and with src_names (n_src > 0) "ipp_by_minute":
 * per (threat, source that predicted it) the arrays "error_m", "age_s" and "inside_99" by whole
 * minute before impact (null where there was no prediction yet).  Figures that are not defined
 * are left out, never faked.  malloc'd; caller frees. */
char *wrn_score_json(const wrn_score_result *r, const wrn_score_pair *pairs,
                     const wrn_score_threat *th, int n_th, const wrn_score_pred *p, int n_p,
                     const char *const *src_names, int n_src);

#endif
