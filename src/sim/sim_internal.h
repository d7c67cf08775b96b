/* sim/sim_internal.h - what the pieces of the simulator share: targets behind a motion-model
 * table, sensors behind a sensor-model table, the scenario and the engine.
 *
 * Extending: a new motion model is one file defining a `const sim_motion_ops sim_motion_X` and a
 * line in sim_motion_table (scenario.c); a new sensor model is one file defining a
 * `const sim_sensor_ops sim_sensor_X` and a line in sim_sensor_table. */
#ifndef SW_SIM_INTERNAL_H
#define SW_SIM_INTERNAL_H

#include <geodesic.h>
#include <stdio.h>
#include <string.h>

#include "core/cfg.h"
#include "core/records.h"
#include "core/rng.h"
#include "geo/sensors.h"
#include "sim/sim.h"

/* What motion models need to know about the world. */
typedef struct sim_world {
    geo_frame origin;        /* the common ENU frame */
    int dim;                 /* 2: flat world, positions in the ENU plane; 3: WGS-84 */
    double start_utc;
    const char *dir;         /* the scenario file's directory, for relative file names */
} sim_world;

typedef struct sim_target sim_target;

typedef struct sim_motion_ops {
    const char *name;
    int cls;                 /* default class */
    double rcs_m2;           /* default mean RCS */
    int swerling;            /* default Swerling case */
    /* Reads the model's keys of node (the caller has read the common keys) into tg->m and sets
     * tg->t0 / tg->t1. */
    sw_rc (*parse)(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err);
    /* State at scenario time t (t0 <= t <= t1) in the common ENU frame. */
    void (*eval)(const sim_target *tg, const sim_world *w, double t, double x[6]);
    void (*free)(void *m);
    const char *const *keys; /* the model's own keys (NULL-terminated) */
} sim_motion_ops;

struct sim_target {
    uint32_t id;
    int cls;
    const sim_motion_ops *ops;
    void *m;                 /* the model's parameters, owned */
    double t0, t1;           /* alive interval */
    double rcs_m2;
    int swerling;            /* 0..4 */
    uint32_t flags;          /* transponder: SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN */
    uint16_t mode3a;
    uint32_t address;
    char callsign[9];
    int adsb;                /* broadcasts ADS-B */
    int nacp;                /* its navigation accuracy category (position) */
    char label[32];
};

/* ---- sensors ---- */

typedef struct sim_sensor sim_sensor;
typedef struct sim_engine_ctx sim_engine_ctx;

typedef struct sim_clutter_area {
    double r0, r1;           /* range band, m */
    double az0, az1;         /* azimuth sector, rad, clockwise from az0 to az1 */
    double per_scan;         /* mean false plots per scan in this cell */
} sim_clutter_area;
#define SIM_MAX_CLUTTER 16

struct sim_sensor {
    sw_sensor s;             /* id, type, nation, site, accuracies, scan_s, range_max_m */
    geo_radar radar;
    int has_site;            /* WGS-84 geometry (else flat 2-D about s.site) */
    const struct sim_sensor_ops *ops;
    double period;           /* frame period: the scan, or an update interval */
    double phase;            /* time of frame 0 (stagger), s */
    double az0;              /* antenna azimuth at phase, rad */
    int sweep;               /* plot time = beam crossing (rotating) */
    double range_min;
    /* detection */
    double pd;               /* >= 0: a fixed probability; < 0: from the radar equation */
    double snr_ref;          /* mean SNR (linear) of rcs_ref at range_ref */
    double range_ref, rcs_ref, pfa, thresh;
    double el_max;           /* rad, top of the beam (3-D and horizon) */
    /* errors */
    double bias_range, bias_az, bias_time;
    /* clutter */
    double clutter_per_scan; /* uniform over the coverage */
    double noise_per_scan;   /* 3-D: thermal noise, uniform in range, azimuth and elevation */
    int n_clutter;
    sim_clutter_area clutter[SIM_MAX_CLUTTER];
    double clutter_h_max;    /* clutter heights for Cartesian 3-D sensors */
    /* 3-D: alert, confirmation and track dwells (sensor_radar.c); off when dwell_period is 0 */
    double dwell_above;      /* a search plot higher than this (m) is an alert */
    double dwell_confirm;    /* the confirmation dwell, this long after the alert (s) */
    double dwell_period;     /* then a track dwell this often (s) */
    int dwell_drop;          /* consecutive missed dwells that drop the radar's own track */
    double dwell_gain;       /* a dwell's signal over the search's (linear) */
    /* ADS-B and Cartesian sources */
    double bad_prob;         /* probability that a report is bad data */
    double bad_offset_m;     /* size of a bad report's position error */
    int sectors;             /* CAT034 sectors per scan */
    double box[4];           /* Cartesian sensors: coverage xmin, xmax, ymin, ymax */
    int box_set;
};

typedef struct sim_sensor_ops {
    const char *type;        /* as in the sensors file: psr ssr 3d adsb cart */
    /* Reads model keys beyond the sensors-file keys. */
    sw_rc (*parse)(sim_sensor *s, const sw_cfg *node, const sim_world *w, sw_err *err);
    /* Generates frame n (covering [phase + n*period, phase + (n+1)*period)) by calling
     * sim_emit_plot / sim_emit_event. */
    void (*frame)(sim_engine *e, const sim_sensor *s, int idx, long n, sw_rng *rng);
} sim_sensor_ops;

extern const char *const sim_sensor_extra_keys[];
/* Reads the keys every sensor shares (sensor_common.c); def_period is used when scan_s is absent
 * (0: required), def_pd is the fixed Pd when `pd` is absent (-1: radar equation). */
sw_rc sim_sensor_parse_common(sim_sensor *s, const sw_cfg *node, const sim_world *w,
                              double def_period, double def_pd, sw_err *err);

struct sim_scenario {
    char name[128];
    sim_world w;
    char dir[512];
    double duration;
    uint64_t seed;
    double truth_step;
    int n_targets, cap_targets;
    sim_target *targets;
    int n_sensors;
    sim_sensor *sensors;     /* up to GEO_MAX_SENSORS */
    int n_nations;
    sim_nation nations[32];
    int n_areas, cap_areas;
    sim_area *areas;
};

/* ---- the engine's services to sensor models ---- */
void sim_emit_plot(sim_engine *e, const sw_plot *p);
void sim_emit_event(sim_engine *e, const sim_event *ev);
/* The scenario the engine runs. */
const sim_scenario *sim_engine_scenario(const sim_engine *e);
/* A radar's own track of a target, kept by its dwells: the time of the next dwell (0: none) and
 * the dwells missed in a row. */
typedef struct sim_dwell {
    double next;
    int misses;
} sim_dwell;
/* Sensor idx's dwell tracks, one per target; NULL for a sensor without dwells. */
sim_dwell *sim_engine_dwells(sim_engine *e, int idx);
/* Indices of targets that may be within range of sensor idx during its frame at time t (coarse:
 * positions at the nearest snapshot); *n gets their number. */
const int *sim_engine_candidates(sim_engine *e, int idx, double t, double reach, int *n);

/* ---- shared helpers ---- */
/* State of a target at t (no alive check). */
static inline void sim_target_eval(const sim_scenario *sc, const sim_target *tg, double t,
                                   double x[6])
{
    tg->ops->eval(tg, &sc->w, t, x);
}
/* Measures p (common ENU) from a sensor: range (slant), azimuth, elevation, and the ground
 * distance and target height used for the horizon.  Flat sensors: plane geometry. */
void sim_sensor_measure(const sim_sensor *s, const double p[3], double *r, double *az,
                        double *el, double *h, double *d);
/* The moment in the frame starting at ts when the sensor's beam (turning clockwise from s->az0,
 * one turn per period) crosses target tg; fills t and the state x then.  0 when the beam does not
 * cross it in this frame (or it is not alive then). */
int sim_beam_crossing(const sim_scenario *sc, const sim_sensor *s, const sim_target *tg,
                      double ts, double *t, double x[6]);
/* A new plot of target tg (NULL: a false plot) by sensor s at true time t: the sensor's time
 * bias applied, everything else zero. */
static inline void sim_plot_init(sw_plot *p, const sim_sensor *s, const sim_target *tg, double t,
                                 int kind)
{
    memset(p, 0, sizeof *p);
    p->t = t + s->bias_time;
    p->sensor_id = s->s.id;
    p->truth_id = tg ? tg->id : 0;
    p->kind = (uint8_t)kind;
}
/* Whether a target at common-ENU x is in the sensor's coverage (range limits, elevation limit,
 * above the 4/3-earth horizon); fills what the sensor measures (sim_sensor_measure). */
int sim_sensor_sees(const sim_sensor *s, const double x[3], double *r, double *az, double *el,
                    double *h);
/* State on a sampled trajectory (times t[0..n-1] increasing, states x): cubic Hermite. */
void sim_samples_eval(const double *t, const double (*x)[6], int n, double at, double out[6]);
/* Probability of detection of a target of mean RCS rcs at slant range r (fixed pd or radar
 * equation), and one Bernoulli draw of the detection with Swerling fluctuation. */
double sim_radar_mean_snr(const sim_sensor *s, double rcs, double r);
int sim_radar_detect(const sim_sensor *s, double rcs, int swerling, double r, sw_rng *rng);
/* Swerling-I probability of detection for mean SNR snr and threshold T = -ln(pfa). */
double sim_pd_swerling1(double snr, double pfa);
/* ADS-B position sigma (m) of a NACp (sensor_adsb.c). */
double sim_adsb_sigma(int nacp);
/* Poisson clutter for one frame of a polar sensor: calls sim_emit_plot with false plots. */
void sim_clutter_frame(sim_engine *e, const sim_sensor *s, double t_frame, sw_rng *rng);
/* Parses a clutter map (the sensor's `clutter` key). */
sw_rc sim_clutter_parse(sim_sensor *s, const sw_cfg *node, sw_err *err);

/* A state given in WGS-84 with a velocity in the local East-North-Up frame of the point ->
 * common ENU state x[6] (sim_geo.c). */
void sim_lla_state(const sim_world *w, double lat_deg, double lon_deg, double h, double ve,
                   double vn, double vu, double x[6]);
/* A geodesic from point 1 to point 2 (sim_geo.c): length in metres, positions along it. */
typedef struct sim_line {
    struct geod_geodesicline line;
    double length;
} sim_line;
void sim_line_init(sim_line *l, double lat1, double lon1, double lat2, double lon2);
void sim_line_pos(const sim_line *l, double s, double *lat, double *lon, double *azi);
/* Cubic Hermite interpolation of position and velocity between two samples a (time ta) and b. */
void sim_hermite(const double a[6], const double b[6], double ta, double tb, double t,
                 double x[6]);

/* Reads `key: [lat, lon]` or `[lat, lon, alt]` (alt default def_alt). */
sw_rc sim_cfg_latlon(const sw_cfg *map, const char *key, double def_alt, double out[3],
                     sw_err *err);
/* Resolves a data file name: $SW_SHARED_DIR/... and ${SW_SHARED_DIR} expand from the
 * environment (default ../shared), a relative name is relative to the scenario's folder. */
void sim_resolve_path(const sim_world *w, const char *name, char *out, int n);

/* Motion and sensor model tables. */
const sim_motion_ops *sim_motion_find(const char *name);
const sim_sensor_ops *sim_sensor_find(const char *type);
/* Adds a target (grows the array); returns it zeroed with id assigned, or NULL. */
sim_target *sim_scenario_add_target(sim_scenario *sc);
/* The coalition's part of a scenario (scenario_sensors.c). */
sw_rc sim_parse_nation(sim_scenario *sc, const sw_cfg *node, sw_err *err);
sw_rc sim_parse_sensor(sim_scenario *sc, const sw_cfg *node, const char *nation, sw_err *err);
sw_rc sim_parse_grid(sim_scenario *sc, const sw_cfg *node, sw_err *err);
/* Parses one target entry (common keys + the model's) into a new target. */
sw_rc sim_target_parse(sim_scenario *sc, const sw_cfg *node, int default_cls, sw_err *err);
/* Builds a legs target programmatically (motion_legs.c): start pos (common ENU x, y and height
 * z), speed, heading, start time, then n legs of dur[i] seconds turning at rate_deg_s[i]. */
sw_rc sim_legs_make(sim_target *tg, const sim_world *w, const double pos[3], double speed,
                    double heading_deg, double t_start, int n, const double *dur,
                    const double *rate_deg_s);
/* Builds an airliner (motion_airliner.c): dep/arr = lat, lon, elevation; cruise_fl 0 = by
 * distance. */
extern const sim_motion_ops sim_motion_airliner;
sw_rc sim_airliner_setup(sim_target *tg, const double dep[3], const double arr[3], double t_start,
                         double cruise_fl, double v_cr, double climb, double descent);
/* Real recorded trajectories (motion_recorded.c): a generator placing every flight of a file. */
extern const sim_motion_ops sim_motion_recorded;
sw_rc sim_recorded_generate(sim_scenario *sc, const sw_cfg *node, sw_err *err);
/* Traffic generators (traffic.c). */
sw_rc sim_traffic_parse(sim_scenario *sc, const sw_cfg *node, sw_rng *rng, sw_err *err);
/* Airports known by ICAO code (airports.c); returns 0 when found. */
int sim_airport_find(const char *code, double *lat, double *lon, double *elev_m);
int sim_airport_count(void);
const char *sim_airport_code(int i);
/* The default class-specific transponder identity for generated aircraft. */
void sim_target_assign_transponder(sim_target *tg, sw_rng *rng);

#endif
