/* cli/cli_display.h - `skyweave display`: the operator display fed without a node, from a tracks
 * CSV (replay) or from synthetic traffic, with synthetic threats and warnings.  It drives the
 * same web/ API the node uses (web_set_tracks / web_set_warning / web_set_status and the
 * acknowledge callback), so the page, its tests and its benchmarks run before the network does. */
#ifndef SW_CLI_DISPLAY_H
#define SW_CLI_DISPLAY_H

#include <pthread.h>

#include "geo/geo.h"
#include "web/web.h"

#define DSP_MAX_ACKS 64
#define DSP_THREATS 2

/* One synthetic threat: a ballistic missile flying to a defended area, and its warning. */
typedef struct dsp_threat {
    int active;
    double t_launch, t_impact, t_detect;
    double lat0, lon0, lat1, lon1, dist, azi; /* launch, impact, ground range, bearing */
    double apogee_m;
    uint32_t stn;
    web_warning w;
    int warned;
    double t_partner_ack;     /* partners' warnings are acknowledged by "them" at this time */
} dsp_threat;

typedef struct dsp_ctx {
    web_server *web;
    geo_frame frame;
    char nation[4];
    int n_nations;
    char nations[WEB_MAX_NATIONS][4];
    web_layers layers;
    double speed;             /* replay speed */
    double update_s;          /* synthetic: each track's update period */
    int threats;              /* synthetic threats and warnings on */
    double threat_start;      /* first launch this long after start */
    dsp_threat thr[DSP_THREATS];
    uint32_t next_stn;
    uint64_t warn_seq;
    /* acknowledgements queued by the page (HTTP thread) for the main loop */
    pthread_mutex_t ack_mu;
    int n_acks;
    uint64_t ack_id[DSP_MAX_ACKS];
    char ack_op[DSP_MAX_ACKS][32];
    uint64_t inputs_rx;
    double t_start, t_last_input;
} dsp_ctx;

/* Synthetic traffic: n aircraft-like tracks over the region. */
typedef struct dsp_synth dsp_synth;
sw_rc dsp_synth_new(dsp_synth **out, dsp_ctx *c, int n, unsigned seed, sw_err *err);
/* Moves the tracks to time now (UTC s); tracks whose update time came get new states.
 * Fills *tracks (owned by the feed) and *n. */
void dsp_synth_step(dsp_synth *s, double now, const sw_system_track **tracks, size_t *n);
void dsp_synth_free(dsp_synth *s);

/* Replay of a tracks CSV (ARCHITECTURE §4 tracks, or a node's picture.csv). */
typedef struct dsp_replay dsp_replay;
sw_rc dsp_replay_open(dsp_replay **out, dsp_ctx *c, const char *path, double timeout_s,
                      sw_err *err);
/* Reads rows up to file time t_file; returns 1 while rows remain, 0 at the end, < 0 on error. */
int dsp_replay_step(dsp_replay *r, double t_file, const sw_system_track **tracks, size_t *n,
                    sw_err *err);
double dsp_replay_t0(const dsp_replay *r);
void dsp_replay_close(dsp_replay *r);

/* Threats: launches, moves and ends them, and keeps their warnings; appends the missiles'
 * tracks to buf (room for DSP_THREATS more).  Returns how many were appended. */
int dsp_threats_step(dsp_ctx *c, double now, sw_system_track *buf);
/* Applies queued acknowledgements (main thread). Prints one line per acknowledgement. */
void dsp_apply_acks(dsp_ctx *c, double now);
int dsp_on_ack(void *ctx, uint64_t id, const char *op, char *msg, size_t n);

#endif
