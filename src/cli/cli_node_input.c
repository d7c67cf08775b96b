/* cli/cli_node_input.c - a node's plot inputs and its local tracker (see cli_node_input.h).
 *
 * Each input has an ingest of its own (its own de-duplication window, radar table and time
 * offset) and all of them feed one tracker, because one node tracks its nation's whole sky from
 * every sensor at once.  Live UDP is drained without blocking each time the node loop comes
 * round; the loop waits at most a few milliseconds while an input is live (the DDS waitset and
 * the sockets are not one poll set), which bounds what the wait adds to plot-in latency.
 *
 * Watermarks: after each datagram, its sensors and the radars whose CAT034 or CAT048 moved on
 * are marked in the tracker (cli_marks.h), so that a plot is released as soon as every live
 * sensor is past it instead of a fixed window later. */
#include "cli_node_input.h"
#include "cli_marks.h"
#include "cli_reg.h"

#include "core/log.h"
#include "core/records.h"
#include "core/time.h"
#include "ingest/ing_source.h"
#include "ingest/ing_udp.h"
#include "ingest/ingest.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* plot-in times by time of detection: a small open-addressed table, overwritten oldest-first */
#define PIN_SLOTS 16384
#define PIN_PROBE 4

typedef struct pin_slot {
    double t, in;
} pin_slot;

typedef struct plot_in {
    int kind; /* 1 asterix_udp, 2 pcap, 3 plots_csv */
    const node_input *cfg;
    ing *g;             /* asterix_udp, pcap */
    int owns_g;         /* live inputs share the first one's ing (see node_plots_open) */
    ing_udp *udp;       /* asterix_udp */
    ing_source *src;    /* pcap */
    ing_datagram d;     /* pcap: the next datagram (valid while have) */
    sw_plot_reader *rd; /* plots_csv */
    sw_plot pl;         /* plots_csv: the next plot */
    int have, done, started;
    double offset; /* added to the input's times to put them on the data clock */
    double epoch0; /* the node's epoch */
    long bad_frames;
    struct plot_in *owner; /* the input that owns g (live inputs share the first one's) */
    cli_marks *marks;      /* owner: this datagram's sensors, what g's radars have marked */
} plot_in;

struct node_plots {
    const node_config *c;
    double epoch;
    int n;
    plot_in in[NODE_MAX_INPUTS];
    trk_tracker *tr;
    reg_reg *reg;  /* radar biases out before the tracker (NULL: off, or no radar + ADS-B) */
    pin_slot *pin;
    node_track_fn fn;
    void *ctx;
    double now;    /* wall clock of the current step */
    double rx;     /* plot-in time of the plots being fed */
    double offset; /* offset of the input being fed */
    plot_in *cur;  /* the input being drained (UDP) */
    double next_advance;
    uint64_t plots, refused, datagrams;
    uint64_t confirmed;
    int tracks;
    double cpu_s;  /* thread CPU in node_plots_step (ingest, tracker, publish, fuse own) */
    double out_s;  /* of which in the track callback (publishing and fusing the own tracks) */
    uint64_t updates; /* track changes handed to the callback */
    ing_recorder rec; /* output.record: what the live inputs let in, as received */
    int recording;
    uint64_t rec_failed;
    cli_marks *feeding; /* the marks of the datagram being fed (NULL: a plots CSV) */
};

/* CPU time of the calling thread: the node loop's own work, not DDS's threads, and not the time
 * other processes had the core */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- plot-in table ---------------------------------------------------------------------------- */

static uint32_t pin_hash(double t)
{
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    b ^= b >> 29;
    b *= 0x9e3779b97f4a7c15ull;
    return (uint32_t)(b >> 40);
}

/* Remembers when the plot of time t came in; a plot of the same time seen before keeps the
 * earlier entry (plots quantised to the same 1/128 s arrive together). */
static void pin_put(node_plots *np, double t, double in)
{
    uint32_t h = pin_hash(t);
    int oldest = 0;
    for (int k = 0; k < PIN_PROBE; k++) {
        pin_slot *s = &np->pin[(h + (uint32_t)k) & (PIN_SLOTS - 1)];
        if (s->t == t)
            return;
        if (s->in < np->pin[(h + (uint32_t)oldest) & (PIN_SLOTS - 1)].in)
            oldest = k;
    }
    np->pin[(h + (uint32_t)oldest) & (PIN_SLOTS - 1)] = (pin_slot){t, in};
}

static double pin_get(const node_plots *np, double t)
{
    uint32_t h = pin_hash(t);
    for (int k = 0; k < PIN_PROBE; k++) {
        const pin_slot *s = &np->pin[(h + (uint32_t)k) & (PIN_SLOTS - 1)];
        if (s->t == t)
            return s->in;
    }
    return NAN;
}

/* ---- tracker ---------------------------------------------------------------------------------- */

static void on_track(void *ctx, unsigned ev, double t, const sw_track *trk)
{
    node_plots *np = ctx;
    if (!trk || !np->fn)
        return;
    sw_track x = *trk;
    int fresh = 0;
    if (ev == TRK_EV_DELETED) {
        x.status = SW_TRK_DELETED;
        np->tracks--;
    } else {
        if (ev == TRK_EV_CONFIRMED) {
            np->confirmed++;
            np->tracks++;
        }
        fresh = trk->t_update == t;
    }
    double in = pin_get(np, trk->t_update);
    if (isnan(in))
        in = fmin(trk->t_update, np->now); /* not remembered: its time of detection */
    double c0 = thread_cpu();
    np->fn(np->ctx, &x, in, fresh);
    np->out_s += thread_cpu() - c0;
    np->updates++;
}

static void feed_plot(node_plots *np, const sw_plot *p0)
{
    sw_plot p = *p0;
    p.t += np->offset;
    /* before the tracker sees it: with reorder_s 0 its update comes out inside trk_add_plot */
    pin_put(np, p.t, np->rx);
    if (np->feeding)
        cli_marks_plot(np->feeding, p.sensor_id, p.t);
    sw_err e;
    sw_err_clear(&e);
    if (cli_reg_add(np->reg, np->tr, &p, &e)) {
        /* the first, then one in a thousand: a radar whose plots come late must not flood the log */
        if (np->refused++ % 1000 == 0)
            SW_LOGW("node", "tracker refused a plot of sensor %u (%llu so far): %s", p.sensor_id,
                    (unsigned long long)np->refused, e.msg);
        return;
    }
    np->plots++;
}

static void on_plot(void *ctx, const sw_plot *p)
{
    feed_plot(ctx, p);
}

/* One datagram of input pi has been fed: its sensors have delivered everything up to their
 * newest time (plots, and the radars' CAT034 / CAT048 times in ingest's radar table). */
static void datagram_done(node_plots *np, plot_in *pi)
{
    cli_marks *m = pi->owner->marks;
    uint64_t before = m->failed;
    sw_err e;
    sw_err_clear(&e);
    if (cli_marks_done(m, np->tr, pi->owner->g, np->c->sensors, pi->offset, &e) &&
        (before == 0 || before / 1000 != m->failed / 1000))
        SW_LOGW("node", "tracker: watermark: %s (%llu refused so far)", e.msg,
                (unsigned long long)m->failed);
    np->feeding = NULL;
}

static void on_udp(void *ctx, const ing_udp_msg *m)
{
    node_plots *np = ctx;
    np->datagrams++;
    np->rx = sw_time_from_wall(m->t_rx); /* the node's clock (node --speed) */
    if (np->recording) {
        sw_err e;
        if (ing_recorder_write(&np->rec, m->t_rx, m->src, m->sport, m->dst, m->dport, m->p, m->n,
                               &e) && np->rec_failed++ % 1000 == 0)
            SW_LOGW("node", "recording: %s (%llu datagrams not recorded so far)", e.msg,
                    (unsigned long long)np->rec_failed);
    }
    ing_input in = {m->p, m->n, np->rx, m->dport, m->sac, m->sic};
    np->feeding = np->cur->owner->marks;
    ing_feed(np->cur->g, &in, on_plot, np);
    datagram_done(np, np->cur);
}

/* ---- set-up ------------------------------------------------------------------------------------- */

/* The allow-list: the input's own entries, then each of the node's sensors that names its
 * `source` address, bound to its SAC/SIC. */
static sw_rc udp_open(plot_in *pi, const node_config *c, int idx, sw_err *err)
{
    const node_input *ci = pi->cfg;
    pi->udp = malloc(sizeof *pi->udp);
    if (!pi->udp)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    ing_udp_init(pi->udp);
    char spec[128];
    if (ci->group[0]) {
        const char *colon = strrchr(ci->listen, ':');
        char ifa[32];
        snprintf(ifa, sizeof ifa, "%.*s", (int)(colon - ci->listen), ci->listen);
        if (!strcmp(ifa, "0.0.0.0"))
            snprintf(spec, sizeof spec, "%s%s", ci->group, colon);
        else
            snprintf(spec, sizeof spec, "%s%s@%s", ci->group, colon, ifa);
    } else {
        snprintf(spec, sizeof spec, "%s", ci->listen);
    }
    sw_rc rc = ing_udp_listen(pi->udp, spec, err); /* the caller says which input */
    if (rc)
        return rc;
    for (int k = 0; k < ci->n_allow; k++)
        if ((rc = ing_udp_allow(pi->udp, ci->allow[k], err)))
            return rc;
    if (c->sensors && (rc = ing_udp_allow_sensors(pi->udp, c->sensors, err))) {
        sw_err_prefix(err, "%s: ", c->path);
        return rc;
    }
    if (!pi->udp->nallow)
        SW_LOGW("node",
                "inputs[%d] %s: NO ALLOW-LIST (no `allow:` and no sensor names its "
                "`source:`): every source is let in; records of SAC/SICs not in the sensors are "
                "still dropped",
                idx, ci->listen);
    return SW_OK;
}

sw_rc node_tracker_parse(trk_params *p, int *registration, const sw_cfg *m, sw_err *err)
{
    if (!m)
        return SW_OK;
    static const char *const keys[] = {
        "dim",       "filter",  "imm_ca",      "assoc",     "polar",   "gate",
        "pd",        "clutter", "q",           "q_turn",    "confirm", "delete",
        "max_speed", "revisit", "assumed_alt", "reorder_s", "batch_s", "release", "silent_s",
        "imm_ballistic", "registration", NULL};
    sw_rc rc = sw_cfg_check_keys(m, keys, err);
    if (rc)
        return rc;
    char w[300];
    long v;
    if ((rc = sw_cfg_opt_int(m, "dim", p->dim, &v, err)))
        return rc;
    if (v != 2 && v != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: tracker.dim: 2 or 3",
                          sw_cfg_where(sw_cfg_get(m, "dim"), w, sizeof w));
    if (v != p->dim) { /* the defaults depend on the dimension; keep what was set */
        trk_params d;
        trk_params_default(&d, (int)v);
        *p = d;
    }
    static const char *const filters[] = {"cv", "ca", "imm", NULL};
    static const char *const assocs[] = {"gnn", "jpda", NULL};
    static const char *const polars[] = {"ekf", "converted", NULL};
    static const char *const releases[] = {"window", "watermark", NULL};
    static const char *const *const names[] = {filters, assocs, polars, releases};
    static const char *const pick_keys[] = {"filter", "assoc", "polar", "release"};
    int *pick_dst[] = {&p->filter, &p->assoc, &p->polar, &p->release};
    for (int k = 0; k < 4; k++) {
        const char *s;
        if ((rc = sw_cfg_opt_str(m, pick_keys[k], "", &s, err)))
            return rc;
        if (!s[0])
            continue;
        int found = -1;
        for (int j = 0; names[k][j]; j++)
            if (!strcmp(s, names[k][j]))
                found = j;
        if (found < 0)
            return sw_err_set(err, SW_EFORMAT, "%s: tracker.%s: '%s' is not one of %s, %s%s%s",
                              sw_cfg_where(sw_cfg_get(m, pick_keys[k]), w, sizeof w), pick_keys[k],
                              s, names[k][0], names[k][1], names[k][2] ? ", " : "",
                              names[k][2] ? names[k][2] : "");
        *pick_dst[k] = found;
    }
    bool b;
    if ((rc = sw_cfg_opt_bool(m, "imm_ca", p->imm_ca != 0, &b, err)))
        return rc;
    p->imm_ca = b;
    if ((rc = sw_cfg_opt_bool(m, "imm_ballistic", p->imm_ballistic != 0, &b, err)))
        return rc;
    p->imm_ballistic = b;
    if ((rc = sw_cfg_opt_bool(m, "registration", *registration != 0, &b, err)))
        return rc;
    *registration = b;
    struct {
        const char *key;
        double *dst;
        double lo, hi;
    } nums[] = {
        {"gate", &p->gate_prob, 0.5, 0.999999}, {"pd", &p->pd, 0.05, 1},
        {"clutter", &p->clutter_density, 0, 1}, {"q", &p->q_cv, 0, 1e4},
        {"q_turn", &p->q_omega, 0, 10},         {"max_speed", &p->max_speed_mps, 1, 1e5},
        {"revisit", &p->revisit_s, 0, 600},     {"assumed_alt", &p->assumed_alt_m, -500, 1e5},
        {"reorder_s", &p->reorder_s, 0, 60},    {"batch_s", &p->batch_s, 0, 60},
        {"silent_s", &p->silent_s, 0, 3600}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        if ((rc = sw_cfg_opt_num(m, nums[k].key, *nums[k].dst, nums[k].dst, err)))
            return rc;
        if (!(*nums[k].dst >= nums[k].lo && *nums[k].dst <= nums[k].hi))
            return sw_err_set(err, SW_EFORMAT, "%s: tracker.%s: %g is outside %g..%g",
                              sw_cfg_where(sw_cfg_get(m, nums[k].key), w, sizeof w), nums[k].key,
                              *nums[k].dst, nums[k].lo, nums[k].hi);
    }
    const sw_cfg *cf = sw_cfg_get(m, "confirm");
    if (cf) {
        int cm, cn;
        const char *s = sw_cfg_text(cf);
        if (!s || sscanf(s, "%d/%d", &cm, &cn) != 2 || cm < 1 || cn < cm || cn > 32)
            return sw_err_set(err, SW_EFORMAT,
                              "%s: tracker.confirm: expected M/N (1 <= M <= N "
                              "<= 32), e.g. 4/5",
                              sw_cfg_where(cf, w, sizeof w));
        p->confirm_m = cm;
        p->confirm_n = cn;
    }
    if ((rc = sw_cfg_opt_int(m, "delete", p->delete_misses, &v, err)))
        return rc;
    if (v < 1 || v > 100)
        return sw_err_set(err, SW_EFORMAT, "%s: tracker.delete: 1..100 misses",
                          sw_cfg_where(sw_cfg_get(m, "delete"), w, sizeof w));
    p->delete_misses = (int)v;
    return SW_OK;
}

sw_rc node_plots_open(node_plots **out, const node_config *c, double epoch, sw_err *err)
{
    *out = NULL;
    int any = 0;
    for (int i = 0; i < c->n_inputs; i++)
        any |= strcmp(c->in[i].type, "tracks_csv") != 0;
    if (!any)
        return SW_OK;
    node_plots *np = calloc(1, sizeof *np);
    if (!np || !(np->pin = calloc(PIN_SLOTS, sizeof *np->pin))) {
        free(np);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    *out = np;
    np->c = c;
    np->epoch = epoch;
    trk_params p = c->trk;
    p.events = TRK_EV_CONFIRMED | TRK_EV_UPDATED | TRK_EV_DELETED;
    sw_rc rc = trk_create(&np->tr, &p, c->sensors, err);
    if (rc) {
        sw_err_prefix(err, "%s: tracker: ", c->path);
        return rc;
    }
    trk_set_listener(np->tr, on_track, np);
    /* partners' ADS-B-grade tracks are references too (node_plots_reference): a radar is enough */
    np->reg = cli_reg_open(c->sensors, c->registration, 0);
    ing_cfg icfg = {c->sensors, NULL, 2.0, 0};
    for (int i = 0; i < c->n_inputs; i++) {
        const node_input *ci = &c->in[i];
        int kind = !strcmp(ci->type, "asterix_udp") ? 1
                   : !strcmp(ci->type, "pcap")      ? 2
                   : !strcmp(ci->type, "plots_csv") ? 3
                                                    : 0;
        if (!kind)
            continue;
        plot_in *pi = &np->in[np->n++];
        pi->kind = kind;
        pi->cfg = ci;
        pi->epoch0 = epoch;
        /* every live input shares one ingest: the same datagram arriving on two redundant LANs
         * (two inputs) is one datagram to its de-duplication window, and each radar has one
         * health record; a recording is its own stream on its own clock */
        plot_in *first = NULL;
        for (int k = 0; kind == 1 && k < np->n - 1; k++)
            if (np->in[k].kind == 1 && !first)
                first = &np->in[k];
        if (first) {
            pi->g = first->g;
            pi->owner = first;
        } else if (kind != 3) {
            if ((rc = ing_create(&pi->g, &icfg, err)))
                return rc;
            pi->owns_g = 1;
            pi->owner = pi;
            if (!(pi->marks = malloc(sizeof *pi->marks)))
                return sw_err_set(err, SW_ENOMEM, "out of memory");
            cli_marks_init(pi->marks);
        }
        if (kind == 1)
            rc = udp_open(pi, c, i, err);
        else if (kind == 2)
            rc = ing_source_open(&pi->src, ci->path, ING_SRC_AUTO, err);
        else
            rc = sw_plots_open(&pi->rd, ci->path, err);
        if (rc) {
            sw_err_prefix(err, "%s:%d: inputs[%d] (%s): ", c->path, ci->line, i, ci->type);
            return rc;
        }
        if (kind == 3)
            pi->offset = epoch; /* time_s counts from scenario time 0 */
    }
    if (c->record_dir[0]) {
        if (mkdir(c->record_dir, 0755) && errno != EEXIST)
            return sw_err_set(err, SW_EIO, "%s: output.record: cannot create %s: %s", c->path,
                              c->record_dir, strerror(errno));
        if ((rc = ing_recorder_open(&np->rec, c->record_dir, c->nation, c->record_rotate_s,
                                    (long long)(c->record_rotate_mb * 1e6), err))) {
            sw_err_prefix(err, "%s: output.record: ", c->path);
            return rc;
        }
        np->recording = 1;
    }
    return SW_OK;
}

void node_plots_close(node_plots *np)
{
    if (!np)
        return;
    reg_destroy(np->reg);
    if (np->recording) {
        sw_err e;
        if (ing_recorder_close(&np->rec, &e))
            SW_LOGW("node", "recording: %s", e.msg);
        np->recording = 0;
    }
    for (int i = 0; i < np->n; i++) {
        plot_in *pi = &np->in[i];
        if (pi->udp) {
            ing_udp_close(pi->udp);
            free(pi->udp);
        }
        ing_source_close(pi->src);
        if (pi->rd)
            sw_plots_close(pi->rd);
        if (pi->owns_g)
            ing_destroy(pi->g);
        free(pi->marks);
    }
    trk_destroy(np->tr);
    free(np->pin);
    free(np);
}

/* ---- the step ----------------------------------------------------------------------------------- */

/* The next datagram of a recording into pi->d; 0 at the end.  Bad frames are skipped. */
static sw_rc pcap_next(plot_in *pi, sw_err *err)
{
    for (;;) {
        int k = ing_source_next(pi->src, &pi->d, err);
        if (k == 1) {
            if (!pi->started) /* the recording's start (or `start:`) is scenario time 0 */
                pi->offset = pi->epoch0 - (pi->cfg->start_utc > 0 ? pi->cfg->start_utc : pi->d.ts);
            pi->started = 1;
            pi->have = 1;
            return SW_OK;
        }
        if (k == 0) {
            pi->done = 1;
            return SW_OK;
        }
        if (k != SW_EFORMAT)
            return k;
        pi->bad_frames++;
    }
}

/* At most this many plots or datagrams of a file per step, so a late start catching up does not
 * hold DDS and the fusion cycle up for long. */
#define STEP_MAX 20000

static sw_rc step_file(node_plots *np, plot_in *pi, int idx, double now, double *due, sw_err *err)
{
    sw_rc rc;
    for (int k = 0; k < STEP_MAX; k++) {
        if (!pi->have && !pi->done) {
            if (pi->kind == 2) {
                if ((rc = pcap_next(pi, err))) {
                    sw_err_prefix(err, "inputs[%d] %s: ", idx, pi->cfg->path);
                    return rc;
                }
            } else {
                int g = sw_plots_next(pi->rd, &pi->pl, err);
                if (g < 0) {
                    sw_err_prefix(err, "%s:%d: ", pi->cfg->path, sw_plots_line(pi->rd));
                    return g;
                }
                pi->have = g == 1;
                pi->done = g == 0;
            }
        }
        if (!pi->have)
            return SW_OK;
        double t = (pi->kind == 2 ? pi->d.ts : pi->pl.t) + pi->offset;
        if (t > now) {
            *due = fmin(*due, t);
            return SW_OK;
        }
        np->rx = now;
        np->offset = pi->offset;
        if (pi->kind == 2) {
            np->datagrams++;
            ing_input in = {pi->d.p, pi->d.n, pi->d.ts, pi->d.dst_port, -1, -1};
            np->feeding = pi->owner->marks;
            ing_feed(pi->g, &in, on_plot, np);
            datagram_done(np, pi);
        } else {
            feed_plot(np, &pi->pl);
        }
        pi->have = 0;
    }
    *due = now; /* more is due: come back at once */
    return SW_OK;
}

sw_rc node_plots_step(node_plots *np, double now, node_track_fn fn, void *ctx, double *next_due,
                      sw_err *err)
{
    double due = INFINITY, c0 = thread_cpu();
    np->fn = fn;
    np->ctx = ctx;
    np->now = now;
    sw_rc rc;
    for (int i = 0; i < np->n; i++) {
        plot_in *pi = &np->in[i];
        if (pi->kind == 1) {
            np->offset = 0;
            np->cur = pi;
            for (int k = 0; k < 64; k++) { /* bounded: 64 wake-ups' worth of datagrams */
                int got = ing_udp_poll(pi->udp, 0, on_udp, np);
                if (got < 0)
                    return sw_err_set(err, got, "inputs[%d] %s: receive failed", i,
                                      pi->cfg->listen);
                if (!got)
                    break;
            }
        } else if ((rc = step_file(np, pi, i, now, &due, err))) {
            return rc;
        }
    }
    /* the data clock follows the wall clock when nothing is behind: missed scans and deletions
     * happen although no plot comes (a radar that falls silent) */
    if (due > now && now >= np->next_advance) {
        if ((rc = trk_advance(np->tr, now, err)))
            return rc;
        np->next_advance = now + 0.05;
    }
    if (next_due)
        *next_due = due;
    np->cpu_s += thread_cpu() - c0;
    return SW_OK;
}

int node_plots_live(const node_plots *np)
{
    for (int i = 0; np && i < np->n; i++)
        if (np->in[i].kind == 1)
            return 1;
    return 0;
}

void node_plots_get_stats(const node_plots *np, node_plots_stats *s)
{
    memset(s, 0, sizeof *s);
    if (!np)
        return;
    s->plots = np->plots;
    s->refused = np->refused;
    s->datagrams = np->datagrams;
    s->confirmed = np->confirmed;
    s->tracks = np->tracks;
    s->cpu_s = np->cpu_s;
    s->out_s = np->out_s;
    s->updates = np->updates;
    for (int i = 0; i < np->n; i++) {
        const plot_in *pi = &np->in[i];
        if (pi->udp)
            s->denied_source += (uint64_t)ing_udp_denied(pi->udp);
        if (pi->owns_g) {
            const ing_stats *st = ing_stats_of(pi->g);
            s->denied_sensor += (uint64_t)st->denied_sensor;
            s->faults += (uint64_t)st->faults;
            s->unknown_sensor += (uint64_t)st->unknown_sensor;
        }
    }
    s->dropped = s->denied_source + s->denied_sensor + s->faults;
}

void node_plots_reference(node_plots *np, const sw_track *t)
{
    if (np && np->reg)
        reg_reference(np->reg, t);
}

/* s as the inside of a JSON string (quotes and backslashes escaped, control characters blank) */
static void json_str(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (const char *q = s; *q && o + 2 < cap; q++) {
        if (*q == '"' || *q == '\\')
            out[o++] = '\\';
        out[o++] = (unsigned char)*q < 0x20 ? ' ' : *q;
    }
    out[o] = 0;
}

/* ---- the node's own radars: summary.json and the display read the same rows ------------------- */

/* One radar of an ingest, judged on its input's own clock (a recording's times are its own). */
typedef struct radar_view {
    int input;
    const ing_radar_status *r;
    const sw_sensor *s; /* NULL when its SAC/SIC is not in the sensors file */
    ing_health health;
    double silent_s;    /* since its last message, -1 never */
} radar_view;

/* The next radar of the ingests, in input order; *i and *k start at 0.  0 past the last. */
static int radar_next(const node_plots *np, double now, int *i, int *k, radar_view *v)
{
    for (; np && *i < np->n; (*i)++, *k = 0) {
        const plot_in *pi = &np->in[*i];
        if (!pi->owns_g || *k >= ing_radar_count(pi->g))
            continue;
        const ing_radar_status *r = ing_radar_at(pi->g, (*k)++);
        double t = now - pi->offset;
        v->input = *i;
        v->r = r;
        v->s = r->sensor >= 0 && np->c->sensors ? &np->c->sensors->s[r->sensor] : NULL;
        v->health = ing_radar_health(r, t);
        v->silent_s = r->last_msg_t > 0 ? t - r->last_msg_t : -1.0;
        return 1;
    }
    return 0;
}

/* The registration estimates into b (GEO_MAX_SENSORS of them); 0 when registration is off. */
static size_t reg_rows(const node_plots *np, reg_bias *b)
{
    return np && np->reg ? reg_list(np->reg, b, GEO_MAX_SENSORS) : 0;
}

static void sensor_reg(web_sensor *w, const reg_bias *b, const sw_sensor *s)
{
    int is3d = s && s->type == SW_SENSOR_3D;
    w->has_reg = 1;
    w->reg_pairs = b->pairs;
    w->range_m = b->range_m;
    w->range_sd_m = b->range_sd_m;
    w->gain_m = b->gain_m;
    w->gain_sd_m = b->gain_sd_m;
    w->az_deg = b->az_rad / GEO_DEG;
    w->az_sd_deg = b->az_sd_rad / GEO_DEG;
    w->el_deg = is3d ? b->el_rad / GEO_DEG : NAN;
    w->el_sd_deg = is3d ? b->el_sd_rad / GEO_DEG : NAN;
    w->clock_s = b->time_s;
    w->clock_sd_s = b->time_sd_s;
    w->clock_off = cli_reg_clock_off(b);
    w->applied = b->applied;
    w->too_big = b->too_big;
}

/* a name is copied as a whole array (memcpy), so both arrays must be one size */
_Static_assert(sizeof((sw_sensor *)0)->name == sizeof((web_sensor *)0)->name,
               "sensor names of one size");

int node_plots_sensors(const node_plots *np, double now, web_sensor *out, int cap)
{
    reg_bias b[GEO_MAX_SENSORS];
    unsigned char joined[GEO_MAX_SENSORS] = {0};
    size_t nb = reg_rows(np, b);
    int n = 0, i = 0, k = 0;
    radar_view v;
    while (n < cap && radar_next(np, now, &i, &k, &v)) {
        web_sensor *w = &out[n++];
        memset(w, 0, sizeof *w);
        if (v.s)
            memcpy(w->name, v.s->name, sizeof w->name);
        w->sac = v.r->sac;
        w->sic = v.r->sic;
        snprintf(w->health, sizeof w->health, "%s", ing_health_name(v.health));
        w->nogo = v.r->nogo;
        w->overload = v.r->overload;
        w->plots = v.r->plots;
        w->scan_period_s = v.r->scan_period_s;
        w->age_s = v.silent_s;
        for (size_t j = 0; v.s && j < nb; j++)
            if (b[j].sensor_id == v.s->id) {
                sensor_reg(w, &b[j], v.s);
                joined[j] = 1;
            }
    }
    /* radars registered but in no ingest (their plots come from a plots CSV): health unknown */
    for (size_t j = 0; j < nb && n < cap; j++) {
        if (joined[j])
            continue;
        int s = geo_sensors_find(np->c->sensors, b[j].sensor_id);
        const sw_sensor *ss = s >= 0 ? &np->c->sensors->s[s] : NULL;
        web_sensor *w = &out[n++];
        memset(w, 0, sizeof *w);
        if (ss)
            memcpy(w->name, ss->name, sizeof w->name);
        w->sac = ss ? ss->sac : -1;
        w->sic = ss ? ss->sic : -1;
        w->plots = -1;
        w->age_s = -1;
        sensor_reg(w, &b[j], ss);
    }
    return n;
}

void node_plots_json(const node_plots *np, FILE *f, double now)
{
    node_plots_stats s;
    node_plots_get_stats(np, &s);
    fprintf(f,
            "  \"inputs\": {\"plots\": %llu, \"refused_late\": %llu, \"datagrams\": %llu, "
            "\"dropped\": %llu, \"denied_source\": %llu, \"denied_sensor\": %llu, "
            "\"faults\": %llu, \"unknown_sensor\": %llu, \"tracks\": %d, \"confirmed\": %llu, "
               "\"cpu_s\": %.3f, \"track_us_per_plot\": %.2f, \"updates\": %llu, "
               "\"publish_us_per_update\": %.2f,\n"
            "    \"radars\": [",
            (unsigned long long)s.plots, (unsigned long long)s.refused,
            (unsigned long long)s.datagrams, (unsigned long long)s.dropped,
            (unsigned long long)s.denied_source, (unsigned long long)s.denied_sensor,
            (unsigned long long)s.faults, (unsigned long long)s.unknown_sensor, s.tracks,
            (unsigned long long)s.confirmed, s.cpu_s,
            s.plots ? 1e6 * (s.cpu_s - s.out_s) / (double)s.plots : 0.0,
            (unsigned long long)s.updates, s.updates ? 1e6 * s.out_s / (double)s.updates : 0.0);
    int first = 1, i = 0, k = 0;
    radar_view v;
    while (radar_next(np, now, &i, &k, &v)) {
        const ing_radar_status *r = v.r;
        char name[2 * sizeof v.s->name];
        json_str(v.s ? v.s->name : "", name, sizeof name);
        fprintf(f,
                "%s\n      {\"input\": %d, \"sac\": %u, \"sic\": %u, \"name\": \"%s\", "
                "\"health\": \"%s\", \"plots\": %ld, \"north_markers\": %d, "
                "\"scan_period_s\": %.3f, \"sectors_last_scan\": %d, \"nogo\": %d, "
                "\"overload\": %d, \"silent_s\": %.1f}",
                first ? "" : ",", v.input, r->sac, r->sic, name, ing_health_name(v.health),
                r->plots, r->north_markers, r->scan_period_s, r->sectors_last_scan, r->nogo,
                r->overload, v.silent_s);
        first = 0;
    }
    fprintf(f, "%s],\n    \"registration\": [", first ? "" : "\n    ");
    reg_bias b[GEO_MAX_SENSORS];
    size_t n = reg_rows(np, b);
    for (size_t i = 0; i < n; i++) {
        int k = geo_sensors_find(np->c->sensors, b[i].sensor_id);
        char name[2 * sizeof np->c->sensors->s[0].name];
        json_str(k >= 0 ? np->c->sensors->s[k].name : "", name, sizeof name);
        fprintf(f,
                "%s\n      {\"sensor\": %u, \"name\": \"%s\", \"pairs\": %.0f, \"dropped\": %llu, "
                "\"range_m\": %.2f, \"range_sd_m\": %.2f, \"gain_m_per_100km\": %.2f, "
                "\"gain_sd_m_per_100km\": %.2f, \"azimuth_deg\": %.4f, \"azimuth_sd_deg\": %.4f, "
                "\"elevation_deg\": %.4f, \"elevation_sd_deg\": %.4f, \"clock_s\": %.4f, "
                "\"clock_sd_s\": %.4f, \"applied\": %s, \"too_big\": %s}",
                i ? "," : "", b[i].sensor_id, name, b[i].pairs, (unsigned long long)b[i].dropped,
                b[i].range_m, b[i].range_sd_m, b[i].gain_m, b[i].gain_sd_m, b[i].az_rad / GEO_DEG,
                b[i].az_sd_rad / GEO_DEG, b[i].el_rad / GEO_DEG, b[i].el_sd_rad / GEO_DEG,
                b[i].time_s, b[i].time_sd_s, b[i].applied ? "true" : "false",
                b[i].too_big ? "true" : "false");
    }
    fprintf(f, "%s]}", n ? "\n    " : "");
}
