/* cli/cli_node_warn.c - warnings and the display inside `skyweave node` (cli_node_warn.h).
 *
 * The engine is fed from the common picture once per fusion cycle: the picture is sorted by
 * system track number and merged against the previous cycle's, so every track whose state time
 * moved goes to wrn_node_track() and every number that left the picture to wrn_node_track_gone().
 * Every node runs this over the same picture, so every node computes the same warnings (same ids)
 * for every nation; wrn_node publishes them over DDS until the threatened nation acknowledges. */
#define _GNU_SOURCE /* pthread_setname_np: the worker shows by name in perf and top */
#include "cli_node_warn.h"

#include "core/log.h"
#include "core/time.h"
#include "warn/wrn_node.h"
#include "warn/wrn_shadow.h"
#include "web/web.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PENDING 64

typedef struct trk_key {
    uint32_t stn;
    int idx;
    double t;
    double t_pred;        /* track time of the last row of predictions.csv (0: none yet) */
} trk_key;

/* What this node saw of one warning (summary.json, the display). */
typedef struct wrec {
    uint64_t id;
    uint32_t stn;
    char threatened[4], area[32], first_issuer[4];
    uint8_t cls;
    double t_first;       /* node clock: first issued here or first received, whichever first */
    double t_own;         /* first issued by this node (0 = never) */
    double t_rx;          /* first received from a partner (0 = never) */
    double t_acked;       /* our message first acknowledged by the threatened nation */
    double t_op;          /* an operator of this nation acknowledged it on the display */
    char op[32];
    double arrival;       /* first predicted impact / arrival (UTC s) */
    double arrival_last;  /* the latest prediction */
    double threat_first;  /* the threat's system track: first seen (UTC s; 0 unknown) */
    double t_threat_seen; /* node clock when the threat's track first reached this engine */
    int state;            /* the latest wrn_state */
    float p_first;        /* probability of the first message seen */
    double t_retracted;   /* node clock when it was last retracted (0 = active or closed) */
} wrec;

typedef struct partner_info {
    double last;          /* node clock of its last status (0 never) */
    float p50, p99;
    uint32_t n_system;
} partner_info;

struct node_warn {
    node_config *c;
    double p_issue;       /* the engine's: a warning issued below it was a boost-corridor one */
    net_node *net;
    double epoch;
    wrn_areas areas;
    wrn_node *wn;
    sw_system_track *pic;
    trk_key *prev, *cur;
    int *shadow_idx;      /* scratch of wrn_shadow_identity (2 x max_tracks) */
    uint64_t shadows;     /* track updates that took a cooperative track's identity */
    int n_prev;
    wrec *rec;
    int n_rec, cap_rec;
    uint64_t rx_warn, rx_ack, refused, tx_warn, tx_ack, tx_fail;
    double first_threat_seen; /* node clock when a threat track first reached the engine */
    partner_info partners[NET_MAX_NATIONS];
    web_server *web;
    FILE *pred;           /* WORKDIR/predictions.csv (NULL: no workdir) */
    pthread_mutex_t mu;
    int n_pending;
    uint64_t pend_id[MAX_PENDING];
    char pend_op[MAX_PENDING][32];
    /* the staged cycle (node_warn_cycle_begin/step): the next picture is copied from fuse/ in
     * parts, the shadow-identity pass over it runs on the worker thread, the rest on the node's
     * thread; pic stays the previous cycle's picture (prev indexes it) until the swap */
    sw_system_track *pic_next;
    int n_next, pic_pos, stage;
    int n_cur, mi, mj;       /* the merge in parts: keys of pic_next, positions in cur / prev */
    pthread_t th;
    int th_ok;
    pthread_mutex_t th_mu;   /* guards the th_* fields */
    pthread_cond_t th_cv;
    int th_job, th_done, th_quit, th_result;
};

enum { WC_IDLE, WC_COPY, WC_SHADOW, WC_REST };

static void *shadow_worker(void *arg);

/* ---- wire <-> warn/ ---------------------------------------------------------------------------- */

static void str_in(char *dst, size_t n, const char *src, size_t sn)
{
    size_t k = strnlen(src, sn);
    if (k >= n)
        k = n - 1;
    memcpy(dst, src, k);
    dst[k] = 0;
}

static void warn_to_wire(const sw_warning *w, SkyWeave_Warning *o)
{
    memset(o, 0, sizeof *o);
    o->warning_id = w->id;
    str_in(o->issuer, sizeof o->issuer, w->issuer, sizeof w->issuer);
    o->revision = w->revision;
    o->time_ns = net_ns(w->time);
    o->issued_ns = net_ns(w->issued);
    o->expires_ns = net_ns(w->expires);
    o->stn = w->stn;
    o->area_id = w->area_id;
    o->state = w->state;
    o->cls = w->cls;
    o->priority = w->priority;
    o->kind = w->kind;
    str_in(o->threatened, sizeof o->threatened, w->threatened, sizeof w->threatened);
    str_in(o->area, sizeof o->area, w->area, sizeof w->area);
    o->probability = w->probability;
    o->cls_conf = w->cls_conf;
    o->impact_lat_deg = w->impact_lat_deg;
    o->impact_lon_deg = w->impact_lon_deg;
    o->ellipse_major_m = w->ellipse_major_m;
    o->ellipse_minor_m = w->ellipse_minor_m;
    o->ellipse_orient_deg = w->ellipse_orient_deg;
    o->arrival_ns = net_ns(w->arrival);
    o->arrival_sd_s = w->arrival_sd_s;
    str_in(o->text, sizeof o->text, w->text, sizeof w->text);
}

static int terminated(const char *s, size_t n) { return memchr(s, 0, n) != NULL; }

/* The engine checks the content (wrn_engine_receive); here only what C needs: strings end. */
static sw_rc warn_from_wire(const SkyWeave_Warning *o, sw_warning *w, sw_err *err)
{
    if (!terminated(o->issuer, sizeof o->issuer) || !terminated(o->threatened, sizeof o->threatened) ||
        !terminated(o->area, sizeof o->area) || !terminated(o->text, sizeof o->text))
        return sw_err_set(err, SW_EFORMAT, "warning %016llx: unterminated string",
                          (unsigned long long)o->warning_id);
    memset(w, 0, sizeof *w);
    w->id = o->warning_id;
    memcpy(w->issuer, o->issuer, sizeof w->issuer);
    w->revision = o->revision;
    w->time = net_sec(o->time_ns);
    w->issued = net_sec(o->issued_ns);
    w->expires = net_sec(o->expires_ns);
    w->stn = o->stn;
    w->area_id = o->area_id;
    w->state = o->state;
    w->cls = o->cls;
    w->priority = o->priority;
    w->kind = o->kind;
    memcpy(w->threatened, o->threatened, sizeof w->threatened);
    memcpy(w->area, o->area, sizeof w->area);
    w->probability = o->probability;
    w->cls_conf = o->cls_conf;
    w->impact_lat_deg = o->impact_lat_deg;
    w->impact_lon_deg = o->impact_lon_deg;
    w->ellipse_major_m = o->ellipse_major_m;
    w->ellipse_minor_m = o->ellipse_minor_m;
    w->ellipse_orient_deg = o->ellipse_orient_deg;
    w->arrival = net_sec(o->arrival_ns);
    w->arrival_sd_s = o->arrival_sd_s;
    memcpy(w->text, o->text, sizeof w->text);
    return SW_OK;
}

static void ack_to_wire(const wrn_ack *a, SkyWeave_WarningAck *o)
{
    memset(o, 0, sizeof *o);
    o->warning_id = a->warning_id;
    str_in(o->nation, sizeof o->nation, a->nation, sizeof a->nation);
    str_in(o->issuer, sizeof o->issuer, a->issuer, sizeof a->issuer);
    o->revision = a->revision;
    o->state = a->state;
    o->time_ns = net_ns(a->time);
    str_in(o->operator_id, sizeof o->operator_id, a->operator_id, sizeof a->operator_id);
    memcpy(o->sig, a->sig, sizeof o->sig);
}

static sw_rc ack_from_wire(const SkyWeave_WarningAck *o, wrn_ack *a, sw_err *err)
{
    if (!terminated(o->nation, sizeof o->nation) || !terminated(o->issuer, sizeof o->issuer) ||
        !terminated(o->operator_id, sizeof o->operator_id))
        return sw_err_set(err, SW_EFORMAT, "ack of %016llx: unterminated string",
                          (unsigned long long)o->warning_id);
    memset(a, 0, sizeof *a);
    a->warning_id = o->warning_id;
    memcpy(a->nation, o->nation, sizeof a->nation);
    memcpy(a->issuer, o->issuer, sizeof a->issuer);
    a->revision = o->revision;
    a->state = o->state;
    a->time = net_sec(o->time_ns);
    memcpy(a->operator_id, o->operator_id, sizeof a->operator_id);
    memcpy(a->sig, o->sig, sizeof a->sig);
    return SW_OK;
}

static wrec *rec_get(node_warn *nw, const sw_warning *w);

static sw_rc io_warning(void *ctx, const sw_warning *w)
{
    node_warn *nw = ctx;
    /* the first send of our own message is the moment this node issued it */
    wrec *r = rec_get(nw, w);
    if (r && !r->t_own) {
        r->t_own = sw_time_now();
        if (!r->t_first || r->t_own < r->t_first)
            r->t_first = r->t_own;
    }
    SkyWeave_Warning o;
    warn_to_wire(w, &o);
    sw_rc rc = net_publish_warning(nw->net, &o);
    if (rc)
        nw->tx_fail++;
    else
        nw->tx_warn++;
    return rc;
}

static sw_rc io_ack(void *ctx, const wrn_ack *a)
{
    node_warn *nw = ctx;
    SkyWeave_WarningAck o;
    ack_to_wire(a, &o);
    sw_rc rc = net_publish_ack(nw->net, &o);
    if (rc)
        nw->tx_fail++;
    else
        nw->tx_ack++;
    return rc;
}

/* ---- records ----------------------------------------------------------------------------------- */

static wrec *rec_get(node_warn *nw, const sw_warning *w)
{
    for (int i = 0; i < nw->n_rec; i++)
        if (nw->rec[i].id == w->id)
            return &nw->rec[i];
    if (nw->n_rec == nw->cap_rec)
        return NULL;
    wrec *r = &nw->rec[nw->n_rec++];
    memset(r, 0, sizeof *r);
    r->id = w->id;
    r->stn = w->stn;
    r->cls = w->cls;
    memcpy(r->threatened, w->threatened, sizeof r->threatened);
    memcpy(r->area, w->area, sizeof r->area);
    memcpy(r->first_issuer, w->issuer, sizeof r->first_issuer);
    r->arrival = w->arrival;
    r->p_first = w->probability;
    return r;
}

static const sw_system_track *pic_find(const node_warn *nw, uint32_t stn)
{
    int lo = 0, hi = nw->n_prev - 1;
    while (lo <= hi) {
        int m = (lo + hi) / 2;
        if (nw->prev[m].stn == stn)
            return &nw->pic[nw->prev[m].idx];
        if (nw->prev[m].stn < stn)
            lo = m + 1;
        else
            hi = m - 1;
    }
    return NULL;
}

/* Brings the records up to date with the engine; first times are taken at `now`. */
static void rec_scan(node_warn *nw, double now)
{
    const wrn_engine *e = wrn_node_engine(nw->wn);
    wrn_view v;
    for (int i = 0; wrn_engine_warning(e, i, &v); i++) {
        const sw_warning *m = v.own ? &v.own_msg : &v.rx;
        wrec *r = rec_get(nw, m);
        if (!r)
            continue;
        if (v.own && !r->t_own)
            r->t_own = now;
        if (v.received && !r->t_rx)
            r->t_rx = now;
        if (!r->t_first)
            r->t_first = now;
        if (v.own && v.acked_rev && !r->t_acked)
            r->t_acked = now;
        r->arrival_last = m->arrival;
        r->state = m->state;
        if (m->state != WRN_RETRACT)
            r->t_retracted = 0;
        else if (!r->t_retracted)
            r->t_retracted = now;
        /* the threat's track began no later than the track time of the first message about it:
         * a system track whose reporting track changes (a boost-corridor warning on the first
         * one, the rest of the flight on the next) may carry the later t_first */
        const sw_system_track *st = pic_find(nw, r->stn);
        double tf = st && st->t_first > 0 ? st->t_first : 0;
        if (m->time > 0 && (!tf || m->time < tf))
            tf = m->time;
        if (tf > 0 && (!r->threat_first || tf < r->threat_first))
            r->threat_first = tf;
    }
}

/* ---- the display -------------------------------------------------------------------------------- */

static int on_web_ack(void *ctx, uint64_t id, const char *op, char *msg, size_t n)
{
    node_warn *nw = ctx;
    int rc = 0;
    pthread_mutex_lock(&nw->mu);
    if (nw->n_pending == MAX_PENDING) {
        snprintf(msg, n, "too many acknowledgements waiting for the node");
        rc = -1;
    } else {
        nw->pend_id[nw->n_pending] = id;
        snprintf(nw->pend_op[nw->n_pending], sizeof nw->pend_op[0], "%s", op);
        nw->n_pending++;
    }
    pthread_mutex_unlock(&nw->mu);
    return rc;
}

static const wrec *rec_find(const node_warn *nw, uint64_t id)
{
    for (int i = 0; i < nw->n_rec; i++)
        if (nw->rec[i].id == id)
            return &nw->rec[i];
    return NULL;
}

static void web_warnings(node_warn *nw)
{
    if (!nw->web)
        return;
    const wrn_engine *e = wrn_node_engine(nw->wn);
    wrn_view v;
    for (int i = 0; wrn_engine_warning(e, i, &v); i++) {
        const sw_warning *m = v.own ? &v.own_msg : &v.rx;
        const wrec *r = rec_find(nw, v.id);
        web_warning w;
        memset(&w, 0, sizeof w);
        w.id = v.id;
        memcpy(w.threatened, m->threatened, 4);
        memcpy(w.issuer, m->issuer, 4);
        memcpy(w.area, m->area, sizeof w.area);
        w.stn = m->stn;
        w.cls = m->cls;
        w.arrival = m->kind == WRN_KIND_ARRIVAL;
        w.impact_lat_deg = m->impact_lat_deg;
        w.impact_lon_deg = m->impact_lon_deg;
        w.ell_major_m = m->ellipse_major_m;
        w.ell_minor_m = m->ellipse_minor_m;
        w.ell_orient_deg = m->ellipse_orient_deg;
        w.t_impact = m->arrival;
        w.t_issued = m->issued;
        w.t_updated = m->time;
        w.probability = m->probability;
        w.state = m->state == WRN_UPDATE ? WEB_WARN_UPDATED
                : m->state == WRN_RETRACT ? WEB_WARN_RETRACTED
                : m->state == WRN_CLOSE ? WEB_WARN_CLOSED : WEB_WARN_ISSUED;
        int active = m->state == WRN_ISSUE || m->state == WRN_UPDATE;
        int self = !strncmp(m->threatened, nw->c->nation, 4);
        if (r && self && r->t_op) {
            w.t_ack = r->t_op;
            snprintf(w.ack_by, sizeof w.ack_by, "%s", r->op);
            if (active)
                w.state = WEB_WARN_ACKNOWLEDGED;
        } else if (!self && v.own && v.acked_rev >= v.own_msg.revision) {
            w.t_ack = r && r->t_acked ? r->t_acked : sw_time_now();
            snprintf(w.ack_by, sizeof w.ack_by, "%.3s", m->threatened);
            if (active)
                w.state = WEB_WARN_ACKNOWLEDGED;
        }
        web_set_warning(nw->web, &w, NULL);
    }
}

static void layers(node_warn *nw)
{
    web_area *a = calloc((size_t)(nw->areas.n ? nw->areas.n : 1), sizeof *a);
    if (!a)
        return;
    for (int i = 0; i < nw->areas.n; i++) {
        const wrn_area *s = &nw->areas.a[i];
        web_area *d = &a[i];
        memcpy(d->nation, s->nation, 4);
        snprintf(d->name, sizeof d->name, "%s", s->name);
        d->priority = s->priority;
        d->center_lat_deg = s->lat_deg;
        d->center_lon_deg = s->lon_deg;
        d->radius_m = s->radius_m;
        if (!s->is_circle) {
            /* the display takes up to WEB_AREA_MAX_PTS vertices: every k-th of a finer outline */
            int step = (s->n + WEB_AREA_MAX_PTS - 1) / WEB_AREA_MAX_PTS;
            for (int k = 0; k < s->n && d->n_pts < WEB_AREA_MAX_PTS; k += step) {
                d->pts[d->n_pts][0] = s->ll[k][0];
                d->pts[d->n_pts][1] = s->ll[k][1];
                d->n_pts++;
            }
        }
    }
    web_layers L;
    sw_err err;
    memset(&L, 0, sizeof L);
    int have = !web_layers_load(&L, nw->c->path, &err);
    if (web_set_layers(nw->web, a, nw->areas.n, have ? L.radars : NULL, have ? L.n_radars : 0, &err))
        SW_LOGW("web", "layers: %s", err.msg);
    if (have)
        web_layers_free(&L);
    free(a);
}

static sw_rc web_open(node_warn *nw, sw_err *err)
{
    node_config *c = nw->c;
    web_config wc;
    web_config_init(&wc);
    wc.addr = c->web_addr;
    wc.token = c->web_token[0] ? c->web_token : NULL;
    memcpy(wc.nation, c->nation, 4);
    wc.n_nations = c->n_nations < WEB_MAX_NATIONS ? c->n_nations : WEB_MAX_NATIONS;
    memcpy(wc.nations, c->nations, sizeof wc.nations[0] * (size_t)wc.n_nations);
    memcpy(wc.origin, c->origin, sizeof wc.origin);
    wc.max_tracks = c->max_tracks;
    wc.max_warnings = 1024;
    wc.on_ack = on_web_ack;
    wc.ack_ctx = nw;
    sw_rc rc = web_start(&nw->web, &wc, err);
    if (rc)
        return sw_err_prefix(err, "--web %s: ", c->web_addr), rc;
    layers(nw);
    char url[512];
    web_url(nw->web, url, sizeof url);
    printf("web %s %s\n", c->nation, url);
    fflush(stdout);
    SW_LOGI("web", "display at %s", url);
    return SW_OK;
}

/* ---- set-up ------------------------------------------------------------------------------------- */

/* dir/p, or p when absolute; too long for out: "" (and the open fails by name) */
static void join(char *out, size_t n, const char *dir, const char *p)
{
    size_t a = p[0] == '/' || !dir[0] ? 0 : strlen(dir), b = strlen(p);
    out[0] = 0;
    if (a + b + 2 > n)
        return;
    memcpy(out, dir, a);
    if (a)
        out[a++] = '/';
    memcpy(out + a, p, b + 1);
}

/* ---- predictions.csv ---------------------------------------------------------------------------- */

/* docs/warnings.md "predictions.csv": one row per impact prediction of a ballistic track, at most
 * one a second of track time per track, so the scorecard can say how far the predicted impact
 * point was from the true one at each minute before impact. */
#define PRED_MIN_S 1.0

static sw_rc pred_open(node_warn *nw, const char *workdir, sw_err *err)
{
    char path[1024];
    join(path, sizeof path, workdir, "predictions.csv");
    nw->pred = fopen(path, "w");
    if (!nw->pred)
        return sw_err_set(err, SW_EIO, "%s: cannot write (%s)", path, strerror(errno));
    fprintf(nw->pred, "time_s,stn,track_time_s,class,confidence,impact_lat_deg,impact_lon_deg,"
                      "impact_time_s,impact_time_sd_s,major_m,minor_m,orient_deg,beta_kg_m2,"
                      "ground_range_m\n");
    return SW_OK;
}

static void pred_write(node_warn *nw, trk_key *k, double now)
{
    if (!nw->pred)
        return;
    wrn_track_view v;
    if (!wrn_engine_track_view(wrn_node_engine(nw->wn), k->stn, &v) || !v.has_ipp ||
        !v.ipp.valid || (k->t_pred > 0 && v.t - k->t_pred < PRED_MIN_S))
        return;
    k->t_pred = v.t;
    const wrn_ipp *p = &v.ipp;
    fprintf(nw->pred, "%.3f,%u,%.3f,%s,%.3f,%.6f,%.6f,%.3f,%.2f,%.1f,%.1f,%.1f,%.0f,%.0f\n",
            now - nw->epoch, k->stn, v.t - nw->epoch, wrn_class_name(v.cls), v.conf, p->lat_deg,
            p->lon_deg, p->t_impact - nw->epoch, p->t_sd, p->major_m, p->minor_m, p->orient_deg,
            p->beta, p->ground_m);
}

static sw_rc cfg_read(node_warn *nw, wrn_node_cfg *wc, const char *workdir, int quiet,
                      sw_err *err)
{
    node_config *c = nw->c;
    const sw_cfg *root = sw_cfg_root(c->doc);
    wrn_node_cfg_default(wc, c->nation);
    /* the engine follows every track of the picture (up to 16,384: its tables are touched at
     * start, 1 kB a track) unless the warnings: map says otherwise */
    wc->engine.max_tracks = c->max_tracks < 16384 ? c->max_tracks : 16384;
    sw_rc rc = wrn_node_cfg_parse(wc, root, c->dir, err);
    if (rc)
        return rc;
    if (!sw_cfg_get(root, "cap") && workdir[0]) {
        wc->cap_enabled = 1;
        join(wc->cap.dir, sizeof wc->cap.dir, workdir, "cap");
    }
    if (!sw_cfg_get(root, "audit")) {
        const sw_cfg *sec = sw_cfg_get(root, "security");
        const sw_cfg *d = sec ? sw_cfg_get(sec, "dir") : NULL;
        const char *dir = d ? sw_cfg_text(d) : NULL;
        if (dir && dir[0])
            join(wc->keys_dir, sizeof wc->keys_dir, c->dir, dir);
        if (workdir[0] && wc->keys_dir[0])
            join(wc->audit_path, sizeof wc->audit_path, workdir, "audit.jsonl");
        else if (!quiet)
            SW_LOGW("warn", "no audit log: give audit: {path, keys} or security.dir and --workdir");
    }
    const sw_cfg *areas;
    if ((rc = sw_cfg_opt_seq(root, "defended_areas", &areas, err)))
        return rc;
    if (areas && (rc = wrn_areas_parse_cfg(&nw->areas, areas, NULL, c->dir, err)))
        return rc;
    return SW_OK;
}

sw_rc node_warn_open(node_warn **out, node_config *c, const char *workdir, net_node *net,
                     double epoch, double now, sw_err *err)
{
    *out = NULL;
    node_warn *nw = calloc(1, sizeof *nw);
    if (!nw)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    nw->c = c;
    nw->net = net;
    nw->epoch = epoch;
    pthread_mutex_init(&nw->mu, NULL);
    wrn_areas_init(&nw->areas);
    size_t n = (size_t)c->max_tracks;
    nw->pic = malloc(n * sizeof *nw->pic);
    nw->prev = malloc(n * sizeof *nw->prev);
    nw->cur = malloc(n * sizeof *nw->cur);
    nw->shadow_idx = malloc(2 * n * sizeof *nw->shadow_idx);
    nw->pic_next = malloc(n * sizeof *nw->pic_next);
    pthread_mutex_init(&nw->th_mu, NULL);
    pthread_cond_init(&nw->th_cv, NULL);
    nw->th_ok = nw->pic_next && !pthread_create(&nw->th, NULL, shadow_worker, nw);
    nw->cap_rec = 4096;
    nw->rec = calloc((size_t)nw->cap_rec, sizeof *nw->rec);
    *out = nw;
    if (!nw->pic || !nw->pic_next || !nw->prev || !nw->cur || !nw->rec || !nw->shadow_idx)
        return sw_err_set(err, SW_ENOMEM, "out of memory for %d tracks", c->max_tracks);
    wrn_node_cfg wc;
    sw_rc rc = cfg_read(nw, &wc, workdir, 0, err);
    nw->p_issue = wc.engine.p_issue;
    if (rc)
        return rc;
    wrn_node_io io = {nw, io_warning, io_ack};
    if ((rc = wrn_node_create(&nw->wn, &wc, &nw->areas, &c->frame, &io, now, err)))
        return sw_err_prefix(err, "%s: warnings: ", c->path), rc;
    int own = 0;
    for (int i = 0; i < nw->areas.n; i++)
        own += !strcmp(nw->areas.a[i].nation, c->nation);
    SW_LOGI("warn", "%d defended area(s), %d of them %s's; audit %s; CAP %s", nw->areas.n, own,
            c->nation, wc.audit_path[0] ? wc.audit_path : "off",
            wc.cap_enabled ? (wc.cap.dir[0] ? wc.cap.dir : wc.cap.url) : "off");
    if (workdir[0] && (rc = pred_open(nw, workdir, err)))
        return rc;
    if (c->web_addr[0] && (rc = web_open(nw, err)))
        return rc;
    return SW_OK;
}

sw_rc node_warn_check(node_config *c, const char *workdir, sw_err *err)
{
    node_warn nw;
    memset(&nw, 0, sizeof nw);
    nw.c = c;
    wrn_areas_init(&nw.areas);
    wrn_node_cfg wc;
    sw_rc rc = cfg_read(&nw, &wc, workdir, 1, err);
    if (!rc && (rc = wrn_config_check(&wc.engine, err)))
        sw_err_prefix(err, "%s: warnings: ", c->path);
    if (!rc && wc.keys_dir[0]) {
        uint8_t sk[WRN_SK_BYTES], pk[WRN_PK_BYTES];
        rc = wrn_keys_load(wc.keys_dir, c->nation, sk, pk, err);
        memset(sk, 0, sizeof sk);
    }
    wrn_areas_free(&nw.areas);
    return rc;
}

/* ---- the loop ----------------------------------------------------------------------------------- */

static int by_stn(const void *a, const void *b)
{
    uint32_t x = ((const trk_key *)a)->stn, y = ((const trk_key *)b)->stn;
    return x < y ? -1 : x > y;
}

/* The worker: the shadow-identity pass (O(n log n) and more in a dense picture: tens of
 * milliseconds at 10,000 tracks) over pic_next, away from the thread that fuses updates.  Only
 * this thread calls wrn_shadow_identity in a node. */
static void *shadow_worker(void *arg)
{
    node_warn *nw = arg;
    pthread_setname_np(pthread_self(), "sw_shadow");
    pthread_mutex_lock(&nw->th_mu);
    for (;;) {
        while (!nw->th_job && !nw->th_quit)
            pthread_cond_wait(&nw->th_cv, &nw->th_mu);
        if (nw->th_quit)
            break;
        nw->th_job = 0;
        pthread_mutex_unlock(&nw->th_mu);
        int k = wrn_shadow_identity(nw->pic_next, nw->n_next, nw->shadow_idx);
        pthread_mutex_lock(&nw->th_mu);
        nw->th_result = k;
        nw->th_done = 1;
    }
    pthread_mutex_unlock(&nw->th_mu);
    return NULL;
}

/* the rest of a cycle, on the node's thread: pic_next (identities lent) against the previous
 * picture; then pic_next becomes the picture */
static int cycle_rest(node_warn *nw, int rows, double now)
{
    sw_system_track *pic = nw->pic_next;
    if (nw->mi < 0) { /* first part: the new picture's keys in STN order */
        int n = nw->n_next, k = 0;
        for (int i = 0; i < n; i++)
            if (pic[i].status != SW_TRK_DELETED)
                nw->cur[k++] = (trk_key){pic[i].stn, i, pic[i].t, 0};
        qsort(nw->cur, (size_t)k, sizeof *nw->cur, by_stn);
        nw->n_cur = k;
        nw->mi = nw->mj = 0;
        return 0;
    }
    /* merge against the previous cycle: new or moved tracks go in, vanished ones go (up to
     * `rows` tracks a call; prev and pic stay the previous picture until the end) */
    int i = nw->mi, j = nw->mj, k = nw->n_cur, end = i + j + rows;
    while ((i < k || j < nw->n_prev) && i + j < end) {
        if (j == nw->n_prev || (i < k && nw->cur[i].stn < nw->prev[j].stn)) {
            wrn_node_track(nw->wn, &pic[nw->cur[i].idx], now);
            pred_write(nw, &nw->cur[i], now);
            i++;
        } else if (i == k || nw->prev[j].stn < nw->cur[i].stn) {
            wrn_node_track_gone(nw->wn, nw->prev[j].stn, now);
            j++;
        } else {
            nw->cur[i].t_pred = nw->prev[j].t_pred;
            if (nw->cur[i].t != nw->prev[j].t) {
                wrn_node_track(nw->wn, &pic[nw->cur[i].idx], now);
                pred_write(nw, &nw->cur[i], now);
            }
            i++;
            j++;
        }
    }
    nw->mi = i;
    nw->mj = j;
    if (i < k || j < nw->n_prev)
        return 0;
    int n = nw->n_next;
    trk_key *t = nw->prev;
    nw->prev = nw->cur;
    nw->cur = t;
    nw->n_prev = k;
    nw->pic_next = nw->pic;
    nw->pic = pic;
    if (nw->pred)
        fflush(nw->pred);
    rec_scan(nw, now);
    if (!nw->first_threat_seen) {
        wrn_status s;
        wrn_node_status(nw->wn, now, &s);
        if (s.threats)
            nw->first_threat_seen = now;
    }
    if (nw->web) {
        sw_err e;
        node_warn_classify(nw, nw->pic, n);
        if (web_set_tracks(nw->web, nw->pic, (size_t)n, now, &e))
            SW_LOGW("web", "%s", e.msg);
        web_warnings(nw);
    }
    return 1;
}

void node_warn_cycle_begin(node_warn *nw)
{
    nw->stage = WC_COPY;
    nw->pic_pos = nw->n_next = 0;
}

bool node_warn_cycle_busy(const node_warn *nw)
{
    return nw->stage != WC_IDLE;
}

bool node_warn_cycle_copying(const node_warn *nw)
{
    return nw->stage == WC_COPY;
}

int node_warn_cycle_step(node_warn *nw, const fus_engine *fus, int rows, double now)
{
    switch (nw->stage) {
    case WC_COPY:
        nw->n_next += fus_picture_part(fus, &nw->pic_pos, nw->pic_next + nw->n_next,
                                       rows < nw->c->max_tracks - nw->n_next
                                           ? rows : nw->c->max_tracks - nw->n_next);
        if (nw->pic_pos < fus_picture_size(fus) && nw->n_next < nw->c->max_tracks)
            return 0;
        nw->stage = WC_SHADOW;
        if (!nw->th_ok) { /* no worker: here */
            nw->shadows += (uint64_t)wrn_shadow_identity(nw->pic_next, nw->n_next, nw->shadow_idx);
            nw->stage = WC_REST;
            nw->mi = -1;
            return 0;
        }
        pthread_mutex_lock(&nw->th_mu);
        nw->th_done = 0;
        nw->th_job = 1;
        pthread_cond_signal(&nw->th_cv);
        pthread_mutex_unlock(&nw->th_mu);
        return 0;
    case WC_SHADOW: {
        pthread_mutex_lock(&nw->th_mu);
        int done = nw->th_done;
        pthread_mutex_unlock(&nw->th_mu);
        if (!done)
            return 0;
        nw->shadows += (uint64_t)nw->th_result;
        nw->stage = WC_REST;
        nw->mi = -1;
        return 0;
    }
    case WC_REST:
        if (!cycle_rest(nw, rows, now))
            return 0;
        nw->stage = WC_IDLE;
        return 1;
    default:
        return 1;
    }
}

void node_warn_cycle(node_warn *nw, const fus_engine *fus, double now)
{
    node_warn_cycle_begin(nw);
    int th = nw->th_ok;
    nw->th_ok = 0; /* all of it here, now */
    while (!node_warn_cycle_step(nw, fus, nw->c->max_tracks, now)) {
    }
    nw->th_ok = th;
}

void node_warn_classify(const node_warn *nw, sw_system_track *st, int n)
{
    if (!nw)
        return;
    const wrn_engine *e = wrn_node_engine(nw->wn);
    for (int i = 0; i < n; i++) {
        wrn_track_view v;
        if (wrn_engine_track_view(e, st[i].stn, &v) && v.cls > SW_CLS_UNKNOWN &&
            v.cls < SW_CLS_COUNT) {
            st[i].cls = (uint8_t)v.cls;
            st[i].cls_conf = (float)v.conf;
        }
    }
}

void node_warn_on_warning(node_warn *nw, const char *from, const SkyWeave_Warning *m)
{
    double now = sw_time_now();
    sw_warning w;
    sw_err e;
    nw->rx_warn++;
    if (warn_from_wire(m, &w, &e) || wrn_node_on_warning(nw->wn, from, &w, now, &e)) {
        nw->refused++;
        SW_LOGW("warn", "refused a warning from %s: %s", from, e.msg);
        return;
    }
    wrec *r = rec_get(nw, &w);
    if (r && !r->t_rx && strcmp(w.issuer, nw->c->nation)) {
        r->t_rx = now;
        if (!r->t_first)
            r->t_first = now;
        if (!strcmp(w.threatened, nw->c->nation))
            SW_LOGI("warn", "WARNING for %s from %s: %s", w.threatened, from, w.text);
    }
}

void node_warn_on_ack(node_warn *nw, const char *from, const SkyWeave_WarningAck *m)
{
    wrn_ack a;
    sw_err e;
    nw->rx_ack++;
    double now = sw_time_now();
    if (ack_from_wire(m, &a, &e) || wrn_node_on_ack(nw->wn, from, &a, now, &e)) {
        nw->refused++;
        SW_LOGW("warn", "refused an acknowledgement from %s: %s", from, e.msg);
        return;
    }
    if (strcmp(a.issuer, nw->c->nation))
        return;
    for (int i = 0; i < nw->n_rec; i++)
        if (nw->rec[i].id == a.warning_id && !nw->rec[i].t_acked && nw->rec[i].t_own)
            nw->rec[i].t_acked = now;
}

void node_warn_partner(node_warn *nw, const char *from, const SkyWeave_NodeStatus *s, double now)
{
    for (int i = 0; i < nw->c->n_nations; i++)
        if (!strcmp(nw->c->nations[i], from)) {
            nw->partners[i].last = now;
            nw->partners[i].p50 = s->latency_p50_ms;
            nw->partners[i].p99 = s->latency_p99_ms;
            nw->partners[i].n_system = s->n_r2;
        }
}

void node_warn_tick(node_warn *nw, double now)
{
    uint64_t id[MAX_PENDING];
    char op[MAX_PENDING][32];
    pthread_mutex_lock(&nw->mu);
    int k = nw->n_pending;
    memcpy(id, nw->pend_id, sizeof id[0] * (size_t)k);
    memcpy(op, nw->pend_op, sizeof op[0] * (size_t)k);
    nw->n_pending = 0;
    pthread_mutex_unlock(&nw->mu);
    for (int i = 0; i < k; i++) {
        sw_err e;
        if (wrn_node_operator_ack(nw->wn, id[i], op[i], now, &e)) {
            SW_LOGW("warn", "display acknowledgement refused: %s", e.msg);
            continue;
        }
        for (int j = 0; j < nw->n_rec; j++)
            if (nw->rec[j].id == id[i] && !nw->rec[j].t_op) {
                nw->rec[j].t_op = now;
                memcpy(nw->rec[j].op, op[i], sizeof nw->rec[j].op);
            }
        char hex[17];
        printf("ack %s warning %s by '%s'\n", nw->c->nation, wrn_id_hex(id[i], hex), op[i]);
        fflush(stdout);
    }
    wrn_node_tick(nw->wn, now);
    const char *le = wrn_node_last_error(nw->wn);
    if (le[0])
        SW_LOGE("warn", "%s", le);
    if (k)
        web_warnings(nw);
}

void node_warn_status(node_warn *nw, const SkyWeave_NodeStatus *s, double now,
                      double input_age_s, const web_sensor *sensors, int n_sensors, char *buf,
                      size_t n)
{
    wrn_status ws;
    wrn_node_status(nw->wn, now, &ws);
    /* active: every warning this node holds that is neither retracted nor closed */
    int active = 0, for_self = 0, op_unacked = 0;
    const wrn_engine *e = wrn_node_engine(nw->wn);
    wrn_view v;
    for (int i = 0; wrn_engine_warning(e, i, &v); i++) {
        const sw_warning *m = v.own ? &v.own_msg : &v.rx;
        if (m->state != WRN_ISSUE && m->state != WRN_UPDATE)
            continue;
        active++;
        if (!strncmp(m->threatened, nw->c->nation, 4)) {
            for_self++;
            const wrec *r = rec_find(nw, v.id);
            op_unacked += !r || !r->t_op;
        }
    }
    snprintf(buf, n, " warnings=%d unacked=%d for_us=%d threats=%d", active, ws.unacked, for_self,
             ws.threats);
    if (!nw->web)
        return;
    web_status st;
    memset(&st, 0, sizeof st);
    st.t = now;
    st.secure = s->secure;
    st.uptime_s = s->uptime_s;
    st.n_inputs = (int)s->n_inputs;
    st.inputs_rx = s->inputs_rx;
    st.input_age_s = input_age_s;
    st.n_local = s->n_local;
    st.n_system = s->n_system;
    st.latency_p50_ms = s->latency_p50_ms;
    st.latency_p99_ms = s->latency_p99_ms;
    st.n_unacked = op_unacked;
    snprintf(st.mode, sizeof st.mode, "live");
    for (int i = 0; i < nw->c->n_nations && st.n_partners < WEB_MAX_NATIONS; i++) {
        if (i == nw->c->self)
            continue;
        web_partner *p = &st.partners[st.n_partners++];
        memcpy(p->nation, nw->c->nations[i], 4);
        p->seen = (int)((s->partners >> i) & 1);
        p->age_s = nw->partners[i].last ? now - nw->partners[i].last : -1;
        p->latency_p50_ms = nw->partners[i].last ? nw->partners[i].p50 : -1;
        p->latency_p99_ms = nw->partners[i].last ? nw->partners[i].p99 : -1;
        p->n_tracks = nw->partners[i].n_system;
    }
    st.n_sensors = n_sensors < WEB_MAX_SENSORS ? n_sensors : WEB_MAX_SENSORS;
    if (st.n_sensors > 0)
        memcpy(st.sensors, sensors, (size_t)st.n_sensors * sizeof *sensors);
    web_set_status(nw->web, &st);
}

static void jt(FILE *f, const char *name, double t, double epoch, const char *sep)
{
    if (t > 0)
        fprintf(f, "\"%s\": %.3f%s", name, t - epoch, sep);
    else
        fprintf(f, "\"%s\": null%s", name, sep);
}

void node_warn_summary(node_warn *nw, FILE *f, double now)
{
    wrn_status s;
    wrn_node_status(nw->wn, now, &s);
    fprintf(f, "  \"warnings\": {\"issued\": %llu, \"updated\": %llu, \"retracted\": %llu, "
               "\"closed\": %llu, \"sent\": %llu, \"resent\": %llu, \"received\": %llu, "
               "\"acks_sent\": %llu, \"acked\": %llu, \"unacked\": %d, \"threats\": %d,\n"
               "    \"rx_messages\": %llu, \"rx_acks\": %llu, \"refused\": %llu, "
               "\"tx_messages\": %llu, \"tx_acks\": %llu, \"tx_failed\": %llu,\n    ",
            (unsigned long long)s.issued, (unsigned long long)s.updated,
            (unsigned long long)s.retracted, (unsigned long long)s.closed,
            (unsigned long long)s.sent, (unsigned long long)s.resent,
            (unsigned long long)s.received, (unsigned long long)s.acks_sent,
            (unsigned long long)s.acks_in, s.unacked, s.threats, (unsigned long long)nw->rx_warn,
            (unsigned long long)nw->rx_ack, (unsigned long long)nw->refused,
            (unsigned long long)nw->tx_warn, (unsigned long long)nw->tx_ack,
            (unsigned long long)nw->tx_fail);
    fprintf(f, "\"shadow_identities\": %llu,\n    ", (unsigned long long)nw->shadows);
    jt(f, "first_threat_track_s", nw->first_threat_seen, nw->epoch, ",\n");
    fprintf(f, "    \"list\": [");
    /* times are scenario seconds (UTC - epoch) */
    for (int i = 0; i < nw->n_rec; i++) {
        const wrec *r = &nw->rec[i];
        char hex[17];
        fprintf(f, "%s\n      {\"id\": \"%s\", \"stn\": %u, \"class\": \"%s\", \"threatened\": "
                   "\"%s\", \"area\": \"%s\", \"first_issuer\": \"%s\", \"state\": \"%s\", ",
                i ? "," : "", wrn_id_hex(r->id, hex), r->stn, wrn_class_name(r->cls),
                r->threatened, r->area, r->first_issuer, wrn_state_name(r->state));
        /* issued below p_issue: an area in a boosting missile's corridor (docs/warnings.md) */
        fprintf(f, "\"p_first\": %.4f, \"corridor\": %s, ", r->p_first,
                r->p_first < nw->p_issue ? "true" : "false");
        jt(f, "retracted_s", r->t_retracted, nw->epoch, ", ");
        jt(f, "first_s", r->t_first, nw->epoch, ", ");
        jt(f, "issued_here_s", r->t_own, nw->epoch, ", ");
        jt(f, "received_s", r->t_rx, nw->epoch, ", ");
        jt(f, "acked_s", r->t_acked, nw->epoch, ", ");
        jt(f, "operator_ack_s", r->t_op, nw->epoch, ", ");
        jt(f, "threat_first_s", r->threat_first, nw->epoch, ", ");
        jt(f, "arrival_first_s", r->arrival, nw->epoch, ", ");
        jt(f, "arrival_s", r->arrival_last, nw->epoch, ", ");
        if (r->t_first > 0 && r->arrival > 0)
            fprintf(f, "\"lead_s\": %.3f}", r->arrival - r->t_first);
        else
            fprintf(f, "\"lead_s\": null}");
    }
    fprintf(f, "%s],\n    \"by_threat\": [", nw->n_rec ? "\n    " : "");
    /* per (threat, threatened nation): the first warning of any of its areas (issue 6 metric) */
    int k = 0;
    for (int i = 0; i < nw->n_rec; i++) {
        const wrec *r = &nw->rec[i];
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = nw->rec[j].stn == r->stn && !strcmp(nw->rec[j].threatened, r->threatened);
        if (seen || !(r->t_first > 0))
            continue;
        double first = r->t_first, arr = r->arrival, thr = r->threat_first;
        for (int j = i + 1; j < nw->n_rec; j++) {
            const wrec *q = &nw->rec[j];
            if (q->stn != r->stn || strcmp(q->threatened, r->threatened) || !(q->t_first > 0))
                continue;
            if (q->t_first < first) {
                first = q->t_first;
                arr = q->arrival;
            }
            if (!(thr > 0))
                thr = q->threat_first;
        }
        fprintf(f, "%s\n      {\"stn\": %u, \"threatened\": \"%s\", ", k++ ? "," : "", r->stn,
                r->threatened);
        jt(f, "first_warning_s", first, nw->epoch, ", ");
        jt(f, "threat_first_s", thr, nw->epoch, ", ");
        jt(f, "arrival_s", arr, nw->epoch, ", ");
        if (thr > 0)
            fprintf(f, "\"track_to_warning_s\": %.3f, ", first - thr);
        fprintf(f, "\"lead_s\": %.3f}", arr - first);
    }
    fprintf(f, "%s]},\n", k ? "\n    " : "");
}

sw_rc node_warn_close(node_warn *nw, double now, sw_err *err)
{
    if (!nw)
        return SW_OK;
    web_stop(nw->web);
    if (nw->th_ok) { /* waits for a pass in progress */
        pthread_mutex_lock(&nw->th_mu);
        nw->th_quit = 1;
        pthread_cond_signal(&nw->th_cv);
        pthread_mutex_unlock(&nw->th_mu);
        pthread_join(nw->th, NULL);
    }
    pthread_cond_destroy(&nw->th_cv);
    pthread_mutex_destroy(&nw->th_mu);
    sw_rc rc = wrn_node_close(nw->wn, now, 2.0, err);
    if (nw->pred && fclose(nw->pred) && !rc)
        rc = sw_err_set(err, SW_EIO, "predictions.csv: %s", strerror(errno));
    wrn_areas_free(&nw->areas);
    pthread_mutex_destroy(&nw->mu);
    free(nw->pic);
    free(nw->pic_next);
    free(nw->shadow_idx);
    free(nw->prev);
    free(nw->cur);
    free(nw->rec);
    free(nw);
    return rc;
}
