/* web/web.h - the operator display's server: an embedded HTTP server (libmicrohttpd) that serves
 * the page in the project's web/ folder and streams the node's picture to it by server-sent
 * events (SSE): one full snapshot when a page connects, then deltas (tracks changed or removed,
 * warnings, status) at most every min_interval_s, so 2,000 tracks cost tens of kB/s, not a full
 * picture a second.  docs/display.md describes the page and the message format.
 *
 * Threads: the node's thread calls the web_set_*() functions; they copy what they are given under
 * one lock and wake the streams, so they never block on a slow browser.  Each HTTP connection has
 * its own thread inside libmicrohttpd (a handful of operators, not thousands).  The acknowledge
 * callback runs on a connection thread: it must be thread-safe towards the node (queue the
 * acknowledgement for the node's thread, or lock).
 *
 * Security: bound to 127.0.0.1 unless told otherwise; bound to anything else, every request needs
 * the token (query ?token=, header "Authorization: Bearer", or the cookie the server sets after
 * the first good token).  POSTs need Content-Type application/json (a cross-site form cannot
 * send that without a CORS preflight, which the server never grants).
 *
 * Memory: everything is sized at web_start() from the config (max_tracks, max_warnings); the
 * setters never allocate.  Stream buffers grow per connection. */
#ifndef SW_WEB_H
#define SW_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "core/types.h"

#define WEB_MAX_NATIONS 16
#define WEB_AREA_MAX_PTS 64
#define WEB_MAX_SENSORS 64

/* ---- warnings (what the display needs; the node glue fills it from warn/) ---------------------- */

typedef enum {
    WEB_WARN_ISSUED = 0,
    WEB_WARN_UPDATED,
    WEB_WARN_ACKNOWLEDGED,  /* by the threatened nation */
    WEB_WARN_RETRACTED,     /* the threat no longer points at the area */
    WEB_WARN_CLOSED,        /* after impact or loss of the threat */
    WEB_WARN_STATE_COUNT
} web_warn_state;

typedef struct web_warning {
    uint64_t id;              /* deterministic coalition-wide id (warn/) */
    char threatened[4];       /* nation warned, ISO alpha-2 */
    char issuer[4];           /* node that issued it ("" unknown) */
    char area[32];            /* defended area name */
    uint32_t stn;             /* the threat's system track number */
    uint8_t cls;              /* sw_class of the threat */
    uint8_t state;            /* web_warn_state */
    uint8_t arrival;          /* 0: ballistic impact point; 1: air-breathing arrival over the area */
    uint8_t pad;
    double impact_lat_deg, impact_lon_deg;
    double ell_major_m, ell_minor_m; /* error ellipse semi-axes (1 sigma), metres */
    double ell_orient_deg;    /* major axis, degrees clockwise from north */
    double t_impact;          /* predicted time of impact / arrival, UTC s */
    double t_issued, t_updated;
    double t_ack;             /* 0 = not acknowledged */
    char ack_by[32];          /* who acknowledged (operator id or nation) */
    float probability;        /* probability the area is hit (0..1; < 0 unknown) */
} web_warning;

/* ---- node and network status ------------------------------------------------------------------ */

typedef struct web_partner {
    char nation[4];
    int seen;                 /* 1: heard within the lease */
    double age_s;             /* since its last data (< 0 never) */
    float latency_p50_ms, latency_p99_ms; /* < 0 unknown */
    uint32_t n_tracks;        /* tracks it currently shares */
} web_partner;

/* One of the node's own radars: health as its ingest judges it (CAT034 / CAT048) and its sensor
 * registration (reg/).  Plain values so the web module needs neither ingest/ nor reg/. */
typedef struct web_sensor {
    char name[32];            /* "" when its SAC/SIC is not in the sensors file */
    int sac, sic;             /* < 0 unknown */
    char health[12];          /* "ok", "degraded", "late", "silent"; "" unknown (a plots CSV) */
    int nogo, overload;       /* what its CAT034 last said */
    long plots;               /* plots so far (< 0 unknown) */
    double scan_period_s;     /* measured between north markers (<= 0 not yet) */
    double age_s;             /* since its last message (< 0 never or unknown) */
    int has_reg;              /* 1: paired with ADS-B at least once, the estimate below holds */
    double reg_pairs;         /* effective pairs (weighted by age) */
    double range_m, range_sd_m, gain_m, gain_sd_m; /* gain: m per 100 km */
    double az_deg, az_sd_deg;
    double el_deg, el_sd_deg; /* NAN: not a 3-D radar */
    double clock_s, clock_sd_s; /* > 0: its plots are stamped late */
    int clock_off;            /* the pairs show a clock offset clearly (cli_reg_clock_off) */
    int applied, too_big;
} web_sensor;

typedef struct web_status {
    double t;                 /* node clock, UTC s */
    int secure;               /* DDS Security on */
    double uptime_s;
    int n_inputs;
    uint64_t inputs_rx;       /* input items taken in so far */
    double input_age_s;       /* since the last input item (< 0 never) */
    uint32_t n_local, n_system;
    float latency_p50_ms, latency_p99_ms; /* plot to fused track on this node; < 0 unknown */
    int n_unacked;            /* warnings to this nation not yet acknowledged */
    char mode[16];            /* "live", "replay", "synthetic", ... */
    int n_partners;
    web_partner partners[WEB_MAX_NATIONS];
    int n_sensors;            /* the node's own radars (0: none, e.g. only tracks_csv inputs) */
    web_sensor sensors[WEB_MAX_SENSORS];
} web_status;

/* ---- static layers ------------------------------------------------------------------------------ */

typedef struct web_area {
    char nation[4];
    char name[32];
    int priority;
    int n_pts;                /* 0: a circle */
    double center_lat_deg, center_lon_deg, radius_m;  /* circle */
    double pts[WEB_AREA_MAX_PTS][2];                   /* polygon, [lat, lon] degrees */
} web_area;

typedef struct web_radar {
    char nation[4];
    char name[32];
    char type[8];             /* psr, ssr, 3d, adsb, cart */
    double lat_deg, lon_deg, range_m;
} web_radar;

/* Layers loaded from a scenario (nations[].defended_areas / sensors) or a node configuration
 * (nation + defended_areas [+ sensors]).  The arrays are malloc'd; web_layers_free() frees them. */
typedef struct web_layers {
    web_area *areas;
    int n_areas;
    web_radar *radars;
    int n_radars;
    char nations[WEB_MAX_NATIONS][4]; /* in file order */
    int n_nations;
    double origin[3];         /* the file's origin when it has one (else NAN) */
} web_layers;

sw_rc web_layers_load(web_layers *L, const char *path, sw_err *err);
void web_layers_free(web_layers *L);

/* ---- the server ------------------------------------------------------------------------------- */

/* Asks the node to acknowledge warning `id` on behalf of `operator_id`.  Returns 0 when accepted
 * (the node will set the warning's state when its acknowledgement is out), or non-zero with a
 * reason in msg.  Called on a connection thread, only for warnings whose threatened nation is this
 * node's nation. */
typedef int (*web_ack_fn)(void *ctx, uint64_t id, const char *operator_id, char *msg, size_t n);

typedef struct web_config {
    const char *addr;         /* "ADDR:PORT" ("127.0.0.1:8080" default; port 0 = any free port) */
    const char *token;        /* required when not on loopback; NULL there: a random one is made */
    const char *webdir;       /* the page's folder; NULL: $SW_WEB_DIR, $SW_SOURCE_DIR/web, next to
                                 the executable (../web, ../../web), then the source tree */
    char nation[4];           /* this node's nation ("" for a plain viewer) */
    int n_nations;            /* coalition order (bit i of sw_system_track.nations) */
    char nations[WEB_MAX_NATIONS][4];
    double origin[3];         /* lat, lon (deg), alt (m) of the common ENU frame */
    int max_tracks;           /* default 10000 */
    int max_warnings;         /* default 256 */
    int max_clients;          /* concurrent connections, default 32 */
    double min_interval_s;    /* at most one delta per stream this often (default 0.25) */
    double stale_s;           /* the page marks data older than this (default 12) */
    double clock_rate;        /* node clock seconds per wall second (replay speed; default 1) */
    web_ack_fn on_ack;
    void *ack_ctx;
} web_config;

typedef struct web_server web_server;

typedef struct web_stats {
    int clients;              /* open event streams */
    uint64_t streams_opened;
    uint64_t bytes_sent;      /* event-stream bytes, all clients */
    uint64_t snapshots, deltas;
    uint64_t version;         /* changes seen so far */
} web_stats;

void web_config_init(web_config *c);

/* Starts the server.  Errors: a bad address, no page folder, the port taken. */
sw_rc web_start(web_server **out, const web_config *c, sw_err *err);
/* Ends every stream, stops the server and frees it.  NULL is fine. */
void web_stop(web_server *s);

int web_port(const web_server *s);
/* The token in force ("" when none is needed). */
const char *web_token(const web_server *s);
/* The URL a person opens, with the token when one is needed. */
void web_url(const web_server *s, char *buf, size_t n);
void web_get_stats(web_server *s, web_stats *out);

/* The whole current picture (tracks with status SW_TRK_DELETED count as absent).  The server
 * works out what changed since the last call.  `now` is the node's clock (UTC s).  SW_EFULL when
 * n > max_tracks (the first max_tracks are kept). */
sw_rc web_set_tracks(web_server *s, const sw_system_track *t, size_t n, double now, sw_err *err);
/* Adds or replaces warning w->id.  SW_EFULL when the table is full of other warnings. */
sw_rc web_set_warning(web_server *s, const web_warning *w, sw_err *err);
void web_remove_warning(web_server *s, uint64_t id);
/* Copies out warning id; SW_ENOTFOUND if absent. */
sw_rc web_get_warning(web_server *s, uint64_t id, web_warning *out);
void web_set_status(web_server *s, const web_status *st);
sw_rc web_set_layers(web_server *s, const web_area *a, int n_areas, const web_radar *r,
                     int n_radars, sw_err *err);

const char *web_warn_state_name(int state);

#endif
