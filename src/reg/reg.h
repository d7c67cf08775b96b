/* reg/reg.h - sensor registration: each radar's systematic errors, measured against ADS-B, and
 * taken out of its plots before the tracker sees them (the module's whole API).
 *
 * A radar's plots carry biases no filter can remove: a range offset (cable delay, a wrong
 * zero-range calibration), an azimuth offset (north alignment), an elevation offset.  Tracked
 * alone they only shift the picture; tracked with other sensors they pull every shared track
 * between the radars' versions of it, and two nations' tracks of one aircraft apart.  ARTAS-class
 * trackers estimate them continuously; so does this, against the one reference that has no radar
 * bias: ADS-B positions (GNSS).  Estimated per radar: range offset and gain, azimuth and
 * elevation offsets, and the offset of its clock (reported only).
 *
 *   ADS-B report (address, position),
 *   or a partner's ADS-B-grade track -> the reference table (per address: its last 8 reports)
 *   radar plot                       -> paired with the one ADS-B aircraft near it (by Mode S
 *                                       address when the plot has one, else by position with no
 *                                       second candidate near), residual = plot - reference in
 *                                       the radar's own (range, azimuth, elevation), weighted by
 *                                       both accuracies, into the radar's least-squares fit
 *                                       (with the range and angle rates, for a clock offset)
 *                                    -> corrected by the current estimate, once it rests on
 *                                       enough pairs, before it goes to the tracker
 *
 * The estimate uses the plot as measured, never as corrected, so corrections do not feed back.
 * A pair whose residual is far from the estimate is taken for a wrong pairing and dropped.  Old
 * pairs fade out (forget_s), so a radar realigned in service is followed.  A radar with no ADS-B
 * aircraft in view keeps its last estimate; one never paired is left as it is.
 *
 * Memory: reg_create() allocates the reference table and its spatial index; reg_plot() allocates
 * nothing.  Not thread-safe: one per tracker. */
#ifndef SW_REG_H
#define SW_REG_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "core/types.h"
#include "geo/sensors.h"

typedef struct reg_params {
    double gate_m;      /* a plot pairs by position with an ADS-B aircraft within this (2000 m) */
    double clear_m;     /* ... when no other ADS-B aircraft is within this of the plot (4000 m) */
    double max_age_s;   /* an ADS-B report is extrapolated at most this far (4 s) */
    int min_pairs;      /* a radar's estimate is applied once it rests on this many pairs (100) */
    double forget_s;    /* pairs older than this count e^-1 as much (1800 s) */
    double reject_sd;   /* once applied, a pair this many sd from the estimate is dropped (4) */
    double max_range_m; /* an estimate beyond these is not a bias but a misconfigured site or */
    double max_az_deg;  /* clock: reported, never applied (2000 m, 1.0 deg, 1.0 deg) */
    double max_el_deg;
    double max_gain_m;  /* ... and a range gain beyond this many m per 100 km (500) */
    size_t max_aircraft;/* ADS-B addresses held (4096; more are not used as references) */
    double max_ref_sd_m;/* a track is a reference when its position sd is below this (40 m) */
} reg_params;

void reg_params_default(reg_params *p);

/* One radar's estimate, the weighted least-squares fit of (measured - reference) =
 *   range:     range_m + gain_m * range / 100 km - range rate * time_s
 *   azimuth:   az_rad - azimuth rate * time_s
 *   elevation: el_rad - elevation rate * time_s
 * with the sd of each.  pairs: pairs taken (weighted by age: an effective count); applied: the
 * offsets and the gain are being taken out of its plots.  The time offset (plots stamped late by
 * time_s) is estimated so that it does not leak into the others, and reported, not applied: a
 * radar's clock is put right at the radar. */
typedef struct reg_bias {
    uint32_t sensor_id;
    double pairs;
    uint64_t taken, dropped; /* pairs taken in all, and dropped as wrong pairings */
    double range_m, range_sd_m;
    double gain_m, gain_sd_m;
    double az_rad, az_sd_rad;
    double el_rad, el_sd_rad; /* 3-D radars; 0 and 0 otherwise */
    double time_s, time_sd_s;
    int applied;
    int too_big;             /* the estimate is beyond max_*: reported, not applied */
} reg_bias;

typedef struct reg_reg reg_reg;

/* sensors: the plots' sensors (copied); radars among them are registered, ADS-B ones are the
 * reference.  SW_EINVAL for bad parameters. */
sw_rc reg_create(reg_reg **out, const reg_params *p, const geo_sensor_set *sensors, sw_err *err);
void reg_destroy(reg_reg *r);

/* One plot, in about time order (as the tracker takes them).  An ADS-B report updates the
 * reference; a radar plot is paired when it can be, and its measurement corrected in place when
 * its radar's estimate is applied.  Returns 1 when the plot was corrected, 0 otherwise (any other
 * plot, a plot with non-finite values, a sensor not in the set: left as it is). */
int reg_plot(reg_reg *r, sw_plot *p);

/* Another source's track of an aircraft as a reference, like an ADS-B report: a partner nation's
 * track (3-D, with its Mode S address) that ADS-B has updated lately (SW_FROM_ADSB) and whose
 * position sd is below max_ref_sd_m: not a radar's, with a bias of its own.  A node without an
 * ADS-B station of its own registers its radars against its partners' ADS-B this way.  Anything
 * else is ignored. */
void reg_reference(reg_reg *r, const sw_track *t);

/* The estimates of the radars paired at least once, in sensor-set order; returns how many there
 * are, writing at most cap. */
size_t reg_list(const reg_reg *r, reg_bias *out, size_t cap);

#endif
