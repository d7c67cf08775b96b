/* warn/wrn_engine.h - the warning engine of one node: from the common picture to warnings, and
 * the life cycle and delivery of every warning.
 *
 * Every node runs one engine over the whole common picture and computes the warnings of every
 * nation, so a nation is warned whichever partner's radars see the threat.  For each system
 * track update the engine classifies the track (wrn_class.h); for a threat it predicts the impact
 * point (ballistic) or the arrival over each defended area (cruise missile, drone); for each
 * (track, area) whose probability reaches p_issue it issues a warning, whose id is
 * (stn << 32) | area id on every node.  The warning is updated when the prediction changes
 * (rate-limited), retracted when the probability stays below p_retract for retract_hold_s (or
 * the track is no longer a threat), and closed after the predicted impact/arrival, when the
 * track is lost, or when it expires.  Decisions use the track's own times, so the same picture
 * gives the same warnings on every node; only delivery (re-sends) and the close-after-impact
 * timers use the caller's clock `now`.
 *
 * Delivery: each message (issuer, revision) is sent at once and then re-sent with a doubling
 * gap (resend_s .. resend_max_s) until the threatened nation acknowledges that revision or a
 * later one; unacknowledged warnings are counted in the status (wrn_engine_status) until then.
 * A warning for the node's own nation is delivered locally and needs no network ack.  Warnings
 * received from partners are de-duplicated by (id, issuer, revision); the ones for the node's own
 * nation are acknowledged automatically (re-acknowledged when a re-send shows the ack was lost).
 * Nothing in the configuration can stop a warning to a nation: there is no per-nation switch, and
 * the thresholds are bounded (wrn_config_check).
 *
 * Output: everything that happens comes out through one callback (wrn_sink), in order; the node
 * sends, logs (audit) and exports (CAP) from there.  The warning/ack pointers in an event are
 * valid during the callback only.
 *
 * Memory: tables of max_tracks tracks and max_warnings warnings made at create; nothing
 * allocates afterwards.  Not thread-safe: one engine per thread (the node's main loop). */
#ifndef SW_WRN_ENGINE_H
#define SW_WRN_ENGINE_H

#include "core/cfg.h"
#include "core/rc.h"
#include "core/types.h"
#include "geo/geo.h"
#include "warn/wrn_area.h"
#include "warn/wrn_class.h"
#include "warn/wrn_predict.h"
#include "warn/wrn_types.h"

typedef struct wrn_config {
    char self[WRN_NATION_LEN];  /* this node's nation: the issuer of its messages */
    double p_issue;            /* issue at this probability of impact/arrival in the area (0.05) */
    double p_retract;          /* retract below this ... (0.02) */
    double retract_hold_s;     /* ... held for this long of track time (6 s) */
    double min_conf;           /* classification confidence needed to warn (0.5) */
    double min_age_air_s;      /* a cruise missile or drone warns only from a track that has
                                * been a threat class this long (10 s): a false track of clutter lives a
                                * few seconds, a wrong plot makes an airliner's track look like
                                * a drone for a few more; an air-breathing threat gives minutes
                                * of warning (0..60) */
    double update_min_s;       /* at most one update per this much track time (2 s) */
    double update_max_s;       /* refresh at least this often while the ellipse shrinks (20 s) */
    double close_after_s;      /* close this long after the predicted impact/arrival (30 s) */
    double lost_s;             /* a track without update for this long is lost (30 s) */
    double expire_margin_s;    /* expires = arrival + this (600 s) */
    double resend_s;           /* first re-send gap (2 s), doubling ... */
    double resend_max_s;       /* ... up to this (30 s) */
    double linger_s;           /* a finished warning is remembered this long for dedup (3600 s) */
    double horizon_s;          /* air-breathing look-ahead (1800 s) */
    double max_flight_s;       /* ballistic flight time searched (3600 s) */
    double sd_heading_deg;     /* air-breathing course uncertainty per unit time (5 deg) */
    double sd_speed;           /* and speed uncertainty (0.05 = 5 %) */
    int max_tracks;            /* (4096) */
    int max_warnings;          /* (1024) */
    wrn_class_cfg cls;
} wrn_config;

void wrn_config_default(wrn_config *c);
/* Bounds that keep a configuration from switching warnings off: p_issue in (0, 0.5],
 * 0 < p_retract <= p_issue, min_conf in [0.3, 0.9], resend_s in [0.1, 60], horizon >= 60 s ... */
sw_rc wrn_config_check(const wrn_config *c, sw_err *err);
/* Parses the `warnings:` map of a node config into c (keys as the fields above, *_deg in
 * degrees); absent keys keep their values.  Unknown keys and out-of-bound values are errors. */
sw_rc wrn_config_parse(wrn_config *c, const sw_cfg *map, sw_err *err);

typedef enum {
    WRN_EV_ISSUED = 1,   /* we issued a warning (w, revision 1 or a re-issue) */
    WRN_EV_UPDATED,      /* we updated it */
    WRN_EV_RETRACTED,    /* we retracted it */
    WRN_EV_CLOSED,       /* we closed it */
    WRN_EV_SEND,         /* send w to the network now (first send or re-send: ev.attempt) */
    WRN_EV_RECEIVED,     /* a partner's message w arrived (ev.dup: a re-send of one we had) */
    WRN_EV_ACK_SEND,     /* acknowledge: send ev.ack (to be signed by the node) */
    WRN_EV_ACKED,        /* the threatened nation acknowledged our message (ev.ack) */
    WRN_EV_DELIVERED     /* a warning for our own nation: delivered locally, no ack needed */
} wrn_event_kind;

typedef struct wrn_event {
    int kind;                  /* wrn_event_kind */
    double now;
    const sw_warning *w;       /* the message concerned (NULL for nothing) */
    const wrn_ack *ack;        /* ACK_SEND, ACKED */
    int attempt;               /* SEND: 0 first, 1.. re-sends */
    int dup;                   /* RECEIVED / ACK_SEND / ACKED: seen before */
    const char *reason;        /* RETRACTED/CLOSED: "probability below 0.02", "impact", ... */
} wrn_event;

typedef struct wrn_sink {
    void *ctx;
    void (*event)(void *ctx, const wrn_event *ev);
} wrn_sink;

/* What a node shows about its warnings. */
typedef struct wrn_status {
    int active;                /* our warnings issued and not retracted or closed */
    int unacked;               /* our messages not yet acknowledged by the threatened nation */
    double oldest_unacked_s;   /* how long the oldest has waited */
    int received_active;       /* partners' warnings for any nation, still active */
    int for_self;              /* active warnings (ours or received) for our own nation */
    int threats;               /* tracks classified as threats now */
    uint64_t issued, updated, retracted, closed, sent, resent, received, acks_sent, acks_in;
    uint64_t table_full;       /* warnings not made because the table was full (never expected) */
} wrn_status;

/* The engine's view of one track (display, metrics). */
typedef struct wrn_track_view {
    uint32_t stn;
    int cls;
    double conf;
    int has_ipp;
    wrn_ipp ipp;               /* the latest impact prediction of a ballistic track */
    double t;                  /* its time */
} wrn_track_view;

/* One warning as the engine holds it. */
typedef struct wrn_view {
    uint64_t id;
    int own;                   /* we issued it (own is valid) */
    sw_warning own_msg;        /* our latest message */
    uint32_t acked_rev;        /* highest revision the threatened nation acknowledged */
    int received;              /* partners' messages have arrived (rx is valid) */
    sw_warning rx;             /* the newest of them */
} wrn_view;

typedef struct wrn_engine wrn_engine;

/* areas must outlive the engine (it keeps a pointer). */
sw_rc wrn_engine_create(wrn_engine **e, const wrn_config *c, const wrn_areas *areas,
                        const geo_frame *origin, const wrn_sink *sink, sw_err *err);
void wrn_engine_free(wrn_engine *e);

/* One system track update (any status; SW_TRK_DELETED is the same as wrn_engine_track_gone). */
void wrn_engine_track(wrn_engine *e, const sw_system_track *st, double now);
/* The track has gone from the picture: its warnings close. */
void wrn_engine_track_gone(wrn_engine *e, uint32_t stn, double now);
/* Timers: re-sends, close after impact, lost tracks, expiry, forgetting.  Call every cycle. */
void wrn_engine_tick(wrn_engine *e, double now);
/* A warning message from the network (a partner's, or ours looped back: ignored). */
sw_rc wrn_engine_receive(wrn_engine *e, const sw_warning *w, double now, sw_err *err);
/* An acknowledgement from the network whose signature the caller has checked. */
void wrn_engine_ack(wrn_engine *e, const wrn_ack *a, double now);

void wrn_engine_status(const wrn_engine *e, double now, wrn_status *s);
/* Iterates the warnings held: i = 0, 1, ... until it returns 0. */
int wrn_engine_warning(const wrn_engine *e, int i, wrn_view *out);
/* The engine's view of track stn; 0 when it has none. */
int wrn_engine_track_view(const wrn_engine *e, uint32_t stn, wrn_track_view *out);

#endif
