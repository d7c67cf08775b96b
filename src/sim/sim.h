/* sim/sim.h - the scenario engine: a world of moving objects seen by sensors.
 *
 * A scenario file (YAML, docs/scenarios.md) describes the common frame's origin, the start time,
 * the nations with their defended areas and sensors, scripted targets and threats, and traffic
 * generators.  sim_scenario_load() turns it into an immutable sim_scenario (every error names
 * file:line).  A sim_engine runs it: it yields the sensors' plots in time order, window by
 * window, to callbacks (sim_engine_run) or into a caller's buffer (sim_engine_next, the form for
 * a node's in-process feed, per nation or sensor), and the truth at any time (sim_engine_truth).
 * Outputs: CSV interchange files (sim_write_csv), ASTERIX into pcap or UDP (sim_asx_*).
 *
 * Reproducibility: every sensor draws from its own random stream seeded from (seed, sensor
 * index), and generators from the scenario seed, so the plots do not depend on the window sizes
 * the caller asks for, nor on which nations' sensors are selected.
 *
 * Memory: the scenario owns its targets and sensors; the engine owns a heap of pending plots that
 * grows geometrically (no allocation per plot once it has reached its working size).
 * Threads: a scenario is read-only after loading and may be shared; an engine is for one thread. */
#ifndef SW_SIM_H
#define SW_SIM_H

#include <stdint.h>

#include "core/rc.h"
#include "core/types.h"
#include "geo/geo.h"

typedef struct sim_scenario sim_scenario;
typedef struct sim_engine sim_engine;

/* ---- scenario ---------------------------------------------------------------------------- */

sw_rc sim_scenario_load(sim_scenario **sc, const char *path, sw_err *err);
/* name stands for the file name in error messages. */
sw_rc sim_scenario_load_string(sim_scenario **sc, const char *text, const char *name,
                               sw_err *err);
void sim_scenario_free(sim_scenario *sc);

/* The embedded default scenario (scenarios/coalition6.yaml compiled into the binary). */
const char *sim_default_scenario_text(void);
#define SIM_DEFAULT_SCENARIO_NAME "coalition6.yaml"

const char *sim_scenario_name(const sim_scenario *sc);
const geo_frame *sim_scenario_origin(const sim_scenario *sc);
double sim_scenario_start_utc(const sim_scenario *sc);  /* absolute UTC of scenario time 0 */
double sim_scenario_duration(const sim_scenario *sc);   /* seconds */
int sim_scenario_dim(const sim_scenario *sc);           /* 2 (flat world) or 3 */
uint64_t sim_scenario_seed(const sim_scenario *sc);
double sim_scenario_truth_step(const sim_scenario *sc); /* truth.csv sampling interval, s */

/* Sensors, in file order.  The sw_sensor carries id, type, nation, site and accuracies exactly as
 * a sensors file (geo/sensors.h) would give them. */
int sim_sensor_count(const sim_scenario *sc);
const sw_sensor *sim_sensor_info(const sim_scenario *sc, int i);
/* 1 when the sensor's site is in WGS-84 (4/3-earth geometry), 0 for a flat 2-D site. */
int sim_sensor_has_site(const sim_scenario *sc, int i);

/* Nations and their defended areas. */
#define SIM_MAX_POLY 64
typedef struct sim_area {
    char name[48];
    char nation[4];
    int priority;            /* 1 = highest */
    int is_circle;
    double lat_deg, lon_deg, radius_m;  /* circle */
    int n;                              /* polygon vertices */
    double poly[SIM_MAX_POLY][2];       /* lat_deg, lon_deg */
} sim_area;

typedef struct sim_nation {
    char code[4];            /* ISO 3166 alpha-2 */
    char name[48];
} sim_nation;

int sim_nation_count(const sim_scenario *sc);
const sim_nation *sim_nation_info(const sim_scenario *sc, int i);
int sim_area_count(const sim_scenario *sc);
const sim_area *sim_area_info(const sim_scenario *sc, int i);
/* 1 when (lat, lon) lies in the area (circle: geodesic distance; polygon: ray casting). */
int sim_area_contains(const sim_area *a, double lat_deg, double lon_deg);

/* Targets (truth objects). */
typedef struct sim_target_info {
    uint32_t id;
    int cls;                 /* sw_class */
    const char *model;       /* motion model name: "legs", "airliner", "ballistic", ... */
    const char *label;       /* free text from the scenario ("salvo-1"), may be "" */
    double t_start, t_end;   /* alive interval, scenario seconds */
    uint32_t flags;          /* SW_HAS_MODE3A / SW_HAS_ADDRESS / SW_HAS_CALLSIGN: its transponder */
    uint16_t mode3a;
    uint32_t address;
    char callsign[9];
    double rcs_m2;
} sim_target_info;

int sim_target_count(const sim_scenario *sc);
void sim_target_get(const sim_scenario *sc, int i, sim_target_info *info);
/* State of target i at scenario time t in the common ENU frame (x, y, z, vx, vy, vz; z = vz = 0
 * in a 2-D world); returns 1 when it exists at t, else 0. */
int sim_target_state(const sim_scenario *sc, int i, double t, double x[6]);

/* ---- engine ------------------------------------------------------------------------------ */

typedef enum {
    SIM_EV_NORTH = 1,        /* a rotating sensor's antenna passes north (CAT034 north marker) */
    SIM_EV_SECTOR = 2        /* it enters a new sector (CAT034 sector crossing) */
} sim_event_kind;

typedef struct sim_event {
    double t;
    int kind;                /* sim_event_kind */
    int sensor;              /* sensor index */
    int sector;              /* 0..sectors-1 */
    double azimuth;          /* rad, the sector's start azimuth */
} sim_event;

/* What the engine delivers, in time order.  Either callback may be NULL; a callback returning
 * non-zero stops sim_engine_run, which returns that value. */
typedef struct sim_sink {
    void *ctx;
    int (*plot)(void *ctx, const sw_plot *p);
    int (*event)(void *ctx, const sim_event *ev);
} sim_sink;

typedef struct sim_options {
    int seed_set;            /* use seed instead of the scenario's */
    uint64_t seed;
    double duration;         /* > 0 overrides the scenario's */
} sim_options;

sw_rc sim_engine_new(sim_engine **e, const sim_scenario *sc, const sim_options *opt,
                     sw_err *err);
void sim_engine_free(sim_engine *e);

/* Only sensors selected here produce plots (default: all).  sim_engine_select_nation(e, "QA")
 * keeps one nation's sensors; NULL selects all again.  Selection changes what is delivered, not
 * the random streams, so QA's plots are the same whether or not BH's are selected too. */
void sim_engine_select_nation(sim_engine *e, const char *nation);
void sim_engine_select_sensor(sim_engine *e, int sensor, int on);

/* Delivers every plot and event with time in [now, t1) in time order, then now = t1.  Returns the
 * number of plots delivered, or a negative sw_rc / the sink's non-zero value. */
long sim_engine_run(sim_engine *e, double t1, const sim_sink *sink, sw_err *err);
/* Pull form for a node's in-process feed: copies at most cap plots with time < t1, in time order,
 * into buf and returns how many (0 when the window is exhausted); call again while it returns
 * cap.  CAT034 events are dropped in this form. */
long sim_engine_next(sim_engine *e, double t1, sw_plot *buf, long cap, sw_err *err);
double sim_engine_now(const sim_engine *e);
double sim_engine_duration(const sim_engine *e);

/* Truth at time t: calls fn for every target alive at t (ENU state, class). */
typedef void (*sim_truth_fn)(void *ctx, double t, uint32_t id, int cls, const double x[6]);
void sim_engine_truth(const sim_engine *e, double t, sim_truth_fn fn, void *ctx);

/* ---- outputs ----------------------------------------------------------------------------- */

typedef enum {
    SIM_PLOTS_AUTO = 0,      /* the sensors' own kind when all agree, else Cartesian */
    SIM_PLOTS_POLAR,
    SIM_PLOTS_CART
} sim_plots_format;

typedef struct sim_csv_options {
    int format;              /* sim_plots_format */
    double truth_step;       /* > 0 overrides the scenario's */
    const sim_sink *tee;     /* optional: also gets every plot and event (ASTERIX output) */
} sim_csv_options;

/* Runs the whole scenario and writes dir/plots.csv, dir/truth.csv, dir/sensors.yaml (dir must
 * exist).  Returns counts through n_plots / n_truth when not NULL. */
sw_rc sim_write_csv(sim_engine *e, const char *dir, const sim_csv_options *opt, long *n_plots,
                    long *n_truth, sw_err *err);
/* Writes the scenario's sensors as a sensors file (geo/sensors.h) that `skyweave track --sensors`
 * reads. */
sw_rc sim_write_sensors(const sim_scenario *sc, const char *path, sw_err *err);
/* Writes the threats (every object not an aircraft): where and when each ends and which nation's
 * defended areas that end point lies in (one row per area hit, or one row with empty nation). */
sw_rc sim_write_threats(const sim_scenario *sc, double duration, const char *path, sw_err *err);
/* The sensors of one nation (NULL: all) as a sensors set, what ingest and the tracker take. */
struct geo_sensor_set;
sw_rc sim_sensor_set(const sim_scenario *sc, const char *nation, struct geo_sensor_set *set);
/* Converts a plot to a Cartesian one in the common frame (debiased for polar plots; a 2-D radar's
 * plot uses its Mode C height, or assumed_h with sd_z_assumed when it has none). */
void sim_plot_to_cart(const sim_scenario *sc, const sw_plot *in, int dim, double assumed_h,
                      double sd_z_assumed, sw_plot *out);

/* ---- ASTERIX on the wire (needs the asterix and ingest modules) ---------------------------
 * CAT048 + CAT034 per radar, CAT021 per ADS-B station; into a pcap file and/or over UDP (in real
 * time when speed = 1, N x faster when speed = N, as fast as possible when speed = 0).  Use
 * sim_asx_plot / sim_asx_event as a sim_sink's callbacks with the sim_asx as ctx. */
typedef struct sim_asx sim_asx;
/* One nation's sensors sent to one destination (that nation's node).  On a loopback destination
 * each sensor sends from a source address of its own, 127.10.SAC.SIC, as radars on a LAN do. */
typedef struct sim_asx_route {
    char nation[4];
    const char *udp;         /* "a.b.c.d:port" */
} sim_asx_route;
typedef struct sim_asx_options {
    const char *pcap;        /* file to write, or NULL */
    const char *udp;         /* "a.b.c.d:port" to send to, or NULL (also the pcap's destination) */
    double speed;
    int n_routes;            /* per-nation destinations (besides or instead of udp) */
    const sim_asx_route *routes;
    double start_utc;        /* > 0: the UTC of scenario time 0 on the wire (times of day, pcap
                                times) instead of the scenario's start */
    double wall_start;       /* > 0 (with speed > 0): scenario time t leaves at wall-clock UTC
                                wall_start + t / speed; else the first datagram leaves at once */
} sim_asx_options;
typedef struct sim_asx_stats {
    long datagrams, records, bytes;
    long service;            /* CAT034 messages */
    long skipped;            /* plots with no ASTERIX form (Cartesian sources, out-of-range values) */
} sim_asx_stats;

sw_rc sim_asx_open(sim_asx **o, const sim_scenario *sc, const sim_asx_options *opt, sw_err *err);
int sim_asx_plot(void *ctx, const sw_plot *p);
int sim_asx_event(void *ctx, const sim_event *ev);
const sim_asx_stats *sim_asx_stats_of(const sim_asx *o);
/* Sends what is pending (every sensor's open datagram), stamped with the latest time seen. */
sw_rc sim_asx_flush(sim_asx *o, sw_err *err);
/* Flushes what is pending, closes; returns the first error met while writing or sending. */
sw_rc sim_asx_close(sim_asx *o, sw_err *err);

#endif
