/* cli/cli_node_run.c - the node's main loop (see cli_node.h). */
#include "cli_node.h"
#include "cli_node_input.h"
#include "cli_node_sched.h"
#include "cli_node_trace.h"
#include "cli_node_warn.h"
#include "cli_trkcsv.h"

#include "core/log.h"
#include "core/records.h"
#include "core/time.h"
#include "net/net_lat.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

/* objects' worth of fusion cycle per loop turn (fus_cycle_step): ~0.5-1 ms at 10,000 objects */
#define NODE_SLICE 256
/* after a fusion slice that sent R2 reports, the next waits this long: the R2 holder's cycle
 * refreshes 1,000-2,500 reports at 10,000 objects, and sent back to back they queued the
 * partner's own track updates behind them in its receive thread (p99 40-90 ms in some runs) */
#define NODE_SEND_GAP_S 0.002
/* picture rows copied for the warning cycle per loop turn */
#define NODE_PIC_ROWS 1024

/* this node's own tracks, for t_first and for deleting replayed tracks that fall silent */
typedef struct own {
    uint32_t id;
    int used, input, next;
    double t_first, t_last; /* UTC s */
} own;

typedef struct node_rt {
    node_config *c;
    net_node *net;
    fus_engine *fus;
    node_warn *warn;     /* warnings, audit, CAP, display (cli_node_warn.c) */
    cli_trkcsv *in[NODE_MAX_INPUTS];
    node_plots *plots;    /* plot inputs -> ingest -> local tracker (NULL: none) */
    uint64_t last_inputs_rx; /* input items at the last status, and when that count moved */
    double t_last_input;
    int plot_input;       /* index of the first plot input (own-track timeouts) */
    own *own;
    int *own_hash, own_mask, *own_free, n_own_free;
    int own_hi;           /* every used own[] index is below it (the free list gives low first) */
    net_lat lat_partner, lat_own;
    FILE *pic;
    sw_system_track *picbuf;
    uint64_t rows_in, partner_status_rx;
    /* longest stretch of each loop phase after the latency warm-up, s: inputs (own tracks in,
     * published, fused), fusion (one fus_update slice), warn (the warning cycle), rx (one
     * net_poll: received samples fused), flush */
    double max_fuse, max_in, max_out, max_warn, max_rx;
    double rx_t0;         /* monotonic time of the first sample handled in this net_poll, 0 */
    double start, epoch;
    node_trace *trace;    /* SW_NODE_TRACE: where the latency goes (cli_node_trace.h) */
    double mono_off;      /* sw_time_now() - sw_time_mono() */
    int rt_threads;       /* threads put under SCHED_FIFO (config realtime:), < 0: refused */
    int slice_reports;    /* R2 reports the fusion slice sent (act_publish) */
    long flt_warm;        /* the process's minor page faults at the latency warm-up, -1 before */
    char summary[NET_PATH];
} node_rt;

static int own_find(node_rt *r, uint32_t id)
{
    for (int i = r->own_hash[(id * 2654435761u) & (uint32_t)r->own_mask]; i >= 0; i = r->own[i].next)
        if (r->own[i].id == id)
            return i;
    return -1;
}

static int own_get(node_rt *r, uint32_t id, int input, double t)
{
    int i = own_find(r, id);
    if (i >= 0 || !r->n_own_free)
        return i;
    i = r->own_free[--r->n_own_free];
    if (i >= r->own_hi)
        r->own_hi = i + 1;
    uint32_t h = (id * 2654435761u) & (uint32_t)r->own_mask;
    r->own[i] = (own){id, 1, input, r->own_hash[h], t, t};
    r->own_hash[h] = i;
    return i;
}

static void own_del(node_rt *r, uint32_t id)
{
    int i = own_find(r, id);
    if (i < 0)
        return;
    int *pp = &r->own_hash[(id * 2654435761u) & (uint32_t)r->own_mask];
    while (*pp != i)
        pp = &r->own[*pp].next;
    *pp = r->own[i].next;
    r->own[i].used = 0;
    r->own_free[r->n_own_free++] = i;
}

/* ---- receive handlers ------------------------------------------------------------------------- */

/* the end of loop phase ph, in the trace (SW_NODE_TRACE) */
static void tmark(node_rt *r, int ph)
{
    if (r->trace)
        node_trace_mark(r->trace, ph, sw_time_mono());
}

static void publish_report(node_rt *r, const net_report *rep)
{
    if (!r->trace) {
        net_publish_report(r->net, rep);
        return;
    }
    double t0 = sw_time_mono();
    net_publish_report(r->net, rep);
    node_trace_write(r->trace, sw_time_mono() - t0);
}

/* the fused track goes out with the update that changed it, not in a burst at the next cycle */
static void publish_if_r2(node_rt *r, const char *nation, uint32_t id, double now)
{
    net_report rep;
    if (fus_take_report(r->fus, nation, id, now, &rep))
        publish_report(r, &rep);
}

static void rx_mark(node_rt *r)
{
    if (r->rx_t0 == 0) {
        r->rx_t0 = sw_time_mono();
        node_trace_mark(r->trace, NT_WAIT, r->rx_t0);
    }
}

static void on_local(void *ctx, const char *from, const sw_track *t, double plot_in)
{
    node_rt *r = ctx;
    rx_mark(r);
    double now = sw_time_now();
    node_plots_reference(r->plots, t);
    if (fus_put_track(r->fus, from, t, plot_in, now) == 1) {
        /* only updates that took a plot measure plot-in -> fused (a track turning coasting
         * carries its last plot's time, seconds old) */
        if (t->t_update == t->t && now - r->start >= r->c->latency_warmup_s) {
            net_lat_add(&r->lat_partner, now - plot_in);
            if (r->trace) {
                double src = net_rx_source_time(r->net);
                node_trace_sample(r->trace, true, now - plot_in, src - plot_in, src - r->mono_off,
                                  sw_time_mono());
            }
        }
        publish_if_r2(r, from, t->id, now);
    }
}

static void on_local_gone(void *ctx, const char *from, uint32_t id)
{
    fus_drop_track(((node_rt *)ctx)->fus, from, id);
}

static void on_report(void *ctx, const char *from, const net_report *rep)
{
    (void)from;
    node_rt *r = ctx;
    rx_mark(r);
    fus_put_report(r->fus, rep, sw_time_now());
}

static void on_report_gone(void *ctx, const char *from, uint32_t stn)
{
    fus_drop_report(((node_rt *)ctx)->fus, from, stn);
}

static void on_status(void *ctx, const char *from, const SkyWeave_NodeStatus *s)
{
    node_rt *r = ctx;
    r->partner_status_rx++;
    node_warn_partner(r->warn, from, s, sw_time_now());
}

static void on_warning(void *ctx, const char *from, const SkyWeave_Warning *w)
{
    node_warn_on_warning(((node_rt *)ctx)->warn, from, w);
}

static void on_ack(void *ctx, const char *from, const SkyWeave_WarningAck *a)
{
    node_warn_on_ack(((node_rt *)ctx)->warn, from, a);
}

static void act_publish(void *ctx, const net_report *rep)
{
    ((node_rt *)ctx)->slice_reports++;
    publish_report(ctx, rep);
}

static void act_retract(void *ctx, uint32_t stn, bool dispose)
{
    net_retract_report(((node_rt *)ctx)->net, stn, dispose);
}

/* ---- own tracks ------------------------------------------------------------------------------- */

/* An own track (times UTC) changed: publish it and fuse it.  plot_in: when its newest plot
 * entered this node; lat: count it in the own latency (a new plot, not a catch-up or coast). */
static void own_track(node_rt *r, int input, sw_track *t, double plot_in, double now, bool lat)
{
    r->rows_in++;
    if (t->status == SW_TRK_DELETED) {
        own_del(r, t->id);
        fus_drop_track(r->fus, r->c->nation, t->id);
        net_dispose_local(r->net, t->id);
        return;
    }
    int i = own_get(r, t->id, input, t->t);
    if (i < 0) {
        SW_LOGW("node", "own track table full (%d): track %u dropped", r->c->max_tracks, t->id);
        return;
    }
    r->own[i].t_last = t->t;
    t->t_first = r->own[i].t_first;
    t->sensors = 0;
    int ns = r->c->sensors ? r->c->sensors->n : 0;
    double w0 = r->trace ? sw_time_mono() : 0;
    net_publish_local(r->net, t, plot_in, ns ? r->c->sensors->s : NULL, ns < 4 ? ns : 4);
    if (r->trace)
        node_trace_write(r->trace, sw_time_mono() - w0);
    if (fus_put_track(r->fus, r->c->nation, t, plot_in, now) == 1) {
        if (lat && now - r->start >= r->c->latency_warmup_s) {
            net_lat_add(&r->lat_own, now - plot_in);
            if (r->trace)
                node_trace_sample(r->trace, false, sw_time_now() - plot_in, 0,
                                  plot_in - r->mono_off, sw_time_mono());
        }
        publish_if_r2(r, r->c->nation, t->id, now);
    }
}

static void on_own_track(void *ctx, sw_track *t, double plot_in, int fresh)
{
    node_rt *r = ctx;
    own_track(r, r->plot_input, t, plot_in, sw_time_now(), fresh);
}

static void own_timeouts(node_rt *r, double now)
{
    for (int i = 0; i < r->own_hi; i++) /* not max_tracks: 65,536 by default, each cycle */
        if (r->own[i].used && now - r->own[i].t_last > r->c->in[r->own[i].input].timeout_s) {
            uint32_t id = r->own[i].id;
            own_del(r, id);
            fus_drop_track(r->fus, r->c->nation, id);
            net_dispose_local(r->net, id);
        }
}

/* ---- outputs ---------------------------------------------------------------------------------- */

static const char *const status_name[4] = {"tentative", "confirmed", "coasting", "deleted"};

static void write_picture(node_rt *r, double now)
{
    if (!r->pic)
        return;
    int n = fus_picture(r->fus, r->picbuf, r->c->max_tracks);
    node_warn_classify(r->warn, r->picbuf, n);
    for (int i = 0; i < n; i++) {
        const sw_system_track *s = &r->picbuf[i];
        double dt = now - s->t, sd = sqrt(s->P[0] + s->P[7] + s->P[14]);
        fprintf(r->pic, "%.3f,%u,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%.1f,%s,%u,%llx,%s,%s\n",
                now - r->epoch, s->stn, s->x[0] + dt * s->x[3], s->x[1] + dt * s->x[4],
                s->x[2] + dt * s->x[5], s->x[3], s->x[4], s->x[5], sd,
                s->reporter[0] ? s->reporter : "-", s->n_sources, (unsigned long long)s->nations,
                sw_class_name(s->cls), status_name[s->status < 4 ? s->status : 0]);
    }
    fflush(r->pic);
}

static void partners_str(const node_rt *r, uint64_t m, char *buf, size_t n)
{
    buf[0] = 0;
    for (int i = 0; i < r->c->n_nations; i++)
        if (m & (1ull << i)) {
            size_t k = strlen(buf);
            snprintf(buf + k, n - k, "%s%s", k ? "," : "", r->c->nations[i]);
        }
    if (!buf[0])
        snprintf(buf, n, "-");
}

static void status(node_rt *r, double now)
{
    fus_stats fs;
    fus_get_stats(r->fus, &fs);
    uint64_t partners = net_partners(r->net);
    SkyWeave_NodeStatus s;
    memset(&s, 0, sizeof s);
    snprintf(s.nation, sizeof s.nation, "%s", r->c->nation);
    s.time_ns = net_ns(now);
    s.uptime_s = now - r->start;
    s.secure = r->c->dds.secure;
    s.n_inputs = (uint32_t)r->c->n_inputs;
    node_plots_stats ist;
    node_plots_get_stats(r->plots, &ist);
    s.inputs_rx = r->rows_in + ist.datagrams + (ist.datagrams ? 0 : ist.plots);
    if (s.inputs_rx != r->last_inputs_rx) { /* the display shows how old the newest input is */
        r->last_inputs_rx = s.inputs_rx;
        r->t_last_input = now;
    }
    s.n_local = (uint32_t)(r->c->max_tracks - r->n_own_free);
    s.n_system = (uint32_t)fs.objects;
    s.n_r2 = (uint32_t)fs.r2;
    s.partners = partners;
    s.latency_p50_ms = (float)(1e3 * net_lat_quantile(&r->lat_partner, 0.5));
    s.latency_p99_ms = (float)(1e3 * net_lat_quantile(&r->lat_partner, 0.99));
    snprintf(s.version, sizeof s.version, "%s", SW_VERSION);
    net_publish_status(r->net, &s);
    char ps[128], wtok[128];
    partners_str(r, partners, ps, sizeof ps);
    net_stats ns;
    net_get_stats(r->net, &ns);
    web_sensor sens[WEB_MAX_SENSORS];
    int n_sens = node_plots_sensors(r->plots, now, sens, WEB_MAX_SENSORS);
    node_warn_status(r->warn, &s, now, r->t_last_input > 0 ? now - r->t_last_input : -1, sens,
                     n_sens, wtok, sizeof wtok);
    node_plots_stats is;
    node_plots_get_stats(r->plots, &is);
    printf("status %s t=%.1f%s local=%u system=%u r2=%u partners=%s rx_local=%llu rx_reports=%llu "
           "refused=%llu lat_p50_ms=%.3f lat_p99_ms=%.3f plots=%llu dropped=%llu%s\n",
           r->c->nation, now - r->epoch, r->c->dds.secure ? "" : " INSECURE", s.n_local, s.n_system,
           s.n_r2, ps, (unsigned long long)ns.rx_local, (unsigned long long)ns.rx_report,
           (unsigned long long)ns.rx_rejected, s.latency_p50_ms, s.latency_p99_ms,
           (unsigned long long)is.plots, (unsigned long long)is.dropped, wtok);
    fflush(stdout);
    SW_LOGI("node", "local=%u system=%u r2=%u partners=%s latency p50 %.3f ms p99 %.3f ms",
            s.n_local, s.n_system, s.n_r2, ps, s.latency_p50_ms, s.latency_p99_ms);
}

static void lat_json(FILE *f, const char *name, const net_lat *h, const char *sep)
{
    fprintf(f, "    \"%s\": {\"n\": %llu, \"p50\": %.4f, \"p90\": %.4f, \"p99\": %.4f, "
               "\"max\": %.4f}%s\n",
            name, (unsigned long long)h->n, 1e3 * net_lat_quantile(h, 0.5),
            1e3 * net_lat_quantile(h, 0.9), 1e3 * net_lat_quantile(h, 0.99), 1e3 * h->max, sep);
}

static void write_summary(node_rt *r, double now)
{
    if (!r->summary[0])
        return;
    FILE *f = fopen(r->summary, "w");
    if (!f)
        return;
    fus_stats fs;
    fus_get_stats(r->fus, &fs);
    net_stats ns;
    net_get_stats(r->net, &ns);
    char ps[128];
    partners_str(r, net_partners(r->net), ps, sizeof ps);
    fprintf(f, "{\n  \"nation\": \"%s\",\n  \"secure\": %s,\n  \"uptime_s\": %.1f,\n"
               "  \"realtime\": {\"priority\": %d, \"threads\": %d},\n"
               "  \"partners\": \"%s\",\n  \"latency_ms\": {\n",
            r->c->nation, r->c->dds.secure ? "true" : "false", now - r->start, r->c->realtime,
            r->rt_threads, ps);
    lat_json(f, "partner", &r->lat_partner, ",");
    lat_json(f, "own", &r->lat_own, "");
    fprintf(f, "  },\n  \"fusion\": {\"tracks\": %d, \"system_tracks\": %d, \"r2\": %d, "
               "\"numbers_made\": %llu, \"merges\": %llu, \"handovers\": %llu, \"breaks\": %llu, "
               "\"adoptions\": %llu, \"renumbered\": %llu, \"yields\": %llu},\n",
            fs.tracks, fs.objects, fs.r2, (unsigned long long)fs.numbers_made,
            (unsigned long long)fs.merges, (unsigned long long)fs.handovers,
            (unsigned long long)fs.breaks, (unsigned long long)fs.adoptions,
            (unsigned long long)fs.renumbered, (unsigned long long)fs.yields);
    node_warn_summary(r->warn, f, now);
    fprintf(f, "  \"net\": {\"tx_local\": %llu, \"tx_report\": %llu, \"rx_local\": %llu, "
               "\"rx_report\": %llu, \"rx_status\": %llu, \"refused\": %llu, \"withheld\": %llu},\n"
               "  \"loop_max_ms\": {\"inputs\": %.2f, \"fusion\": %.2f, \"warn\": %.2f, "
               "\"rx\": %.2f, \"flush\": %.2f},\n"
               "  \"inputs_rx\": %llu,\n",
            (unsigned long long)ns.tx_local, (unsigned long long)ns.tx_report,
            (unsigned long long)ns.rx_local, (unsigned long long)ns.rx_report,
            (unsigned long long)ns.rx_status, (unsigned long long)ns.rx_rejected,
            (unsigned long long)ns.withheld, 1e3 * r->max_in, 1e3 * r->max_fuse,
            1e3 * r->max_warn, 1e3 * r->max_rx, 1e3 * r->max_out,
            (unsigned long long)r->rows_in);
    node_plots_json(r->plots, f, now);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
                 (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
    node_plots_stats is;
    node_plots_get_stats(r->plots, &is);
    /* a page fault costs 11-14 us of the loop on the reference VM: after the warm-up there
     * should be next to none (docs/network.md) */
    fprintf(f, ",\n  \"page_faults\": {\"minor\": %ld, \"after_warmup\": %ld, \"major\": %ld}",
            ru.ru_minflt, r->flt_warm < 0 ? 0 : ru.ru_minflt - r->flt_warm, ru.ru_majflt);
    fprintf(f, ",\n  \"cpu_s\": %.3f, \"cpu_us_per_plot\": %.2f\n}\n", cpu,
            is.plots ? 1e6 * cpu / (double)is.plots : 0.0);
    fclose(f);
}

/* ---- set-up and loop --------------------------------------------------------------------------- */

static sw_rc rt_open(node_rt *r, node_config *c, const char *workdir, sw_err *err)
{
    r->c = c;
    int n = c->max_tracks, h = 1;
    while (h < 2 * n)
        h <<= 1;
    r->own = calloc((size_t)n, sizeof *r->own);
    r->own_hash = malloc(sizeof(int) * (size_t)h);
    r->own_free = malloc(sizeof(int) * (size_t)n);
    r->picbuf = malloc(sizeof *r->picbuf * (size_t)n);
    if (!r->own || !r->own_hash || !r->own_free || !r->picbuf)
        return sw_err_set(err, SW_ENOMEM, "node: out of memory for %d tracks", n);
    r->own_mask = h - 1;
    for (int i = 0; i < h; i++)
        r->own_hash[i] = -1;
    for (int i = 0; i < n; i++)
        r->own_free[i] = n - 1 - i;
    r->n_own_free = n;
    if (workdir[0]) {
        if (mkdir(workdir, 0755) && errno != EEXIST)
            return sw_err_set(err, SW_EIO, "%s: cannot create workdir (%s)", workdir, strerror(errno));
        if (!c->picture_csv[0])
            snprintf(c->picture_csv, sizeof c->picture_csv, "%s/picture.csv", workdir);
        snprintf(r->summary, sizeof r->summary, "%s/summary.json", workdir);
    }
    if (c->picture_csv[0]) {
        r->pic = fopen(c->picture_csv, "w");
        if (!r->pic)
            return sw_err_set(err, SW_EIO, "%s: cannot write (%s)", c->picture_csv, strerror(errno));
        fprintf(r->pic, "time_s,stn,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,sd_m,reporter,n_sources,"
                        "nations,class,status\n");
    }
    sw_rc rc;
    r->plot_input = -1;
    for (int i = 0; i < c->n_inputs; i++)
        if (strcmp(c->in[i].type, "tracks_csv")) {
            if (r->plot_input < 0)
                r->plot_input = i;
        } else if ((rc = cli_trkcsv_open(&r->in[i], c->in[i].path, c->nation, err))) {
            return rc;
        }
    if ((rc = node_plots_open(&r->plots, c, r->epoch, err)))
        return rc;
    if ((rc = fus_create(&r->fus, &c->fus, c->max_tracks, err)))
        return rc;
    net_node_config nc;
    memset(&nc, 0, sizeof nc);
    snprintf(nc.nation, sizeof nc.nation, "%s", c->nation);
    nc.n_nations = c->n_nations;
    memcpy(nc.nations, c->nations, sizeof c->nations);
    nc.self = c->self;
    nc.dds = c->dds;
    nc.policy = c->policy;
    nc.origin = c->frame;
    if (workdir[0])
        snprintf(nc.xml_out, sizeof nc.xml_out, "%s/cyclonedds.xml", workdir);
    if ((rc = net_node_create(&r->net, &nc, err)))
        return rc;
    return node_warn_open(&r->warn, c, workdir, r->net, r->epoch, sw_time_now(), err);
}

static void rt_close(node_rt *r)
{
    node_plots_close(r->plots);
    sw_err e;
    if (node_warn_close(r->warn, sw_time_now(), &e))
        SW_LOGE("warn", "%s", e.msg);
    if (r->net)
        net_flush(r->net); /* the last acknowledgements leave before the participant goes */
    net_node_destroy(r->net);
    fus_destroy(r->fus);
    for (int i = 0; i < NODE_MAX_INPUTS; i++)
        cli_trkcsv_close(r->in[i]);
    if (r->pic)
        fclose(r->pic);
    free(r->own);
    free(r->own_hash);
    free(r->own_free);
    free(r->picbuf);
    node_trace_close(r->trace);
}

sw_rc node_run(node_config *c, const char *workdir, volatile int *stop, sw_err *err)
{
    node_rt r;
    memset(&r, 0, sizeof r);
    r.flt_warm = -1;
    r.start = sw_time_now();
    r.epoch = isnan(c->epoch) ? r.start : c->epoch;
    net_lat_clear(&r.lat_partner);
    net_lat_clear(&r.lat_own);
    r.trace = node_trace_open();
    r.mono_off = sw_time_now() - sw_time_mono();
    sw_rc rc = rt_open(&r, c, workdir, err);
    if (rc) {
        rt_close(&r);
        return rc;
    }
    SW_LOGI("node", "%s up: coalition of %d, domain %d, %s, %d input(s)", c->nation, c->n_nations,
            c->dds.domain, c->dds.secure ? "DDS Security on" : "INSECURE", c->n_inputs);
    if (c->realtime) { /* after the domain exists: its threads are there to be raised */
        int k = node_sched_realtime(c->realtime, NULL);
        if (k < 0)
            SW_LOGW("node", "realtime: %d asked for, but SCHED_FIFO was refused (%s): the data "
                    "path runs at normal priority (needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO)",
                    c->realtime, strerror(-k));
        else
            SW_LOGI("node", "realtime: the loop and %d DDS thread(s) under SCHED_FIFO %d", k - 1,
                    c->realtime);
        r.rt_threads = k;
    }
    net_handlers h = {&r, on_local, on_local_gone, on_report, on_report_gone, on_status,
                      on_warning, on_ack};
    fus_actions act = {&r, act_publish, act_retract};
    double next_cycle = r.start, next_pic = r.start, next_status = r.start, next_tick = r.start;
    double next_slice = 0;
    bool caught_up = false;
    while (!*stop) {
        double now = sw_time_now();
        if (c->duration_s > 0 && now - r.start >= c->duration_s)
            break;
        double next_row = INFINITY, m0 = sw_time_mono();
        node_trace_turn(r.trace, m0);
        for (int i = 0; i < c->n_inputs; i++) {
            sw_track t;
            int k;
            if (!r.in[i])
                continue;
            while ((k = cli_trkcsv_next(r.in[i], now - r.epoch, &t, err)) == 1) {
                /* the plot entered this node when its row is due; rows replayed to catch up
                 * enter now */
                bool catching_up = !caught_up && t.t + r.epoch < r.start;
                t.t += r.epoch;
                t.t_update += r.epoch;
                own_track(&r, i, &t, catching_up ? now : t.t, now, !catching_up);
            }
            if (k < 0) {
                rc = k;
                break;
            }
            double p = cli_trkcsv_peek(r.in[i]) + r.epoch;
            if (p < next_row)
                next_row = p;
        }
        if (rc)
            break;
        double due = INFINITY;
        if (r.plots && (rc = node_plots_step(r.plots, now, on_own_track, &r, &due, err)))
            break;
        next_row = fmin(next_row, due);
        caught_up = true;
        net_flush(r.net); /* own tracks leave now, not after the fusion cycle below */
        double m1 = sw_time_mono();
        if (now - r.start >= c->latency_warmup_s && m1 - m0 > r.max_in)
            r.max_in = m1 - m0;
        node_trace_mark(r.trace, NT_IN, m1);
        /* the fusion cycle goes in slices of NODE_SLICE objects, one per loop turn, so that an
         * update arriving meanwhile waits for one slice (about a millisecond), not a cycle; then
         * the warning cycle in stages (picture copied in parts, the shadow-identity pass on a
         * worker thread) */
        bool warm = now - r.start >= c->latency_warmup_s;
        if (warm && r.flt_warm < 0) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            r.flt_warm = ru.ru_minflt;
        }
        if (!fus_cycle_busy(r.fus) && !node_warn_cycle_copying(r.warn) && now >= next_cycle) {
            own_timeouts(&r, now);
            fus_cycle_begin(r.fus, now);
            next_cycle = next_cycle + c->period_s > now ? next_cycle + c->period_s : now + c->period_s;
        }
        if (fus_cycle_busy(r.fus) && now >= next_slice) {
            /* the warning cycle follows the fusion cycle; one still busy from the last (its
             * shadow-identity pass on a loaded machine) takes the next */
            node_trace_detail(r.trace, 1 << fus_cycle_phase(r.fus));
            r.slice_reports = 0;
            if (fus_cycle_step(r.fus, NODE_SLICE, &act) && !node_warn_cycle_busy(r.warn))
                node_warn_cycle_begin(r.warn);
            if (r.slice_reports)
                next_slice = now + NODE_SEND_GAP_S;
            node_trace_detail(r.trace, 1 << fus_cycle_phase(r.fus));
            double m2 = sw_time_mono();
            if (warm && m2 - m1 > r.max_fuse)
                r.max_fuse = m2 - m1;
        }
        tmark(&r, NT_FUSE);
        if (!fus_cycle_busy(r.fus) && node_warn_cycle_busy(r.warn)) {
            double m2 = sw_time_mono();
            if (node_warn_cycle_step(r.warn, r.fus, NODE_PIC_ROWS, now))
                next_tick = now; /* what the cycle issued goes out now */
            if (warm && sw_time_mono() - m2 > r.max_warn)
                r.max_warn = sw_time_mono() - m2;
        }
        tmark(&r, NT_WARN);
        if (now >= next_pic && !fus_cycle_busy(r.fus)) { /* sorted by STN between cycles */
            write_picture(&r, now);
            next_pic = next_pic + c->picture_period_s > now ? next_pic + c->picture_period_s
                                                          : now + c->picture_period_s;
        }
        tmark(&r, NT_PIC);
        if (now >= next_status) {
            status(&r, now);
            write_summary(&r, now);
            next_status = next_status + c->status_period_s > now ? next_status + c->status_period_s
                                                                : now + c->status_period_s;
        }
        tmark(&r, NT_STATUS);
        if (now >= next_tick) { /* re-sends, operator acks, audit: a 20 ms clock is enough */
            node_warn_tick(r.warn, now);
            next_tick = now + 0.02;
        }
        double m3 = sw_time_mono();
        node_trace_mark(r.trace, NT_TICK, m3);
        net_flush(r.net);
        if (warm && sw_time_mono() - m3 > r.max_out)
            r.max_out = sw_time_mono() - m3;
        tmark(&r, NT_FLUSH);
        double wake = fmin(fmin(next_cycle, next_pic), fmin(fmin(next_status, next_row), next_tick));
        if (fus_cycle_busy(r.fus))
            wake = fmin(wake, next_slice > now ? next_slice : now);
        else if (node_warn_cycle_busy(r.warn))
            wake = fmin(wake, now + (node_warn_cycle_copying(r.warn) ? 0 : 0.002));
        double wait = wake - sw_time_now();
        double cap = node_plots_live(r.plots) ? 0.005 : 0.1; /* live UDP: back within 5 ms */
        if (wait <= 0 && r.rt_threads > 0)
            sched_yield(); /* under SCHED_FIFO a loop going straight on would hold off another
                            * node's loop of the same priority on this core until it sleeps */
        r.rx_t0 = 0;
        int k = net_poll(r.net, wait < 0 ? 0 : wait > cap ? cap : wait, &h);
        if (r.trace) {
            double m4 = sw_time_mono();
            if (r.rx_t0 == 0)
                node_trace_mark(r.trace, NT_WAIT, m4);
            node_trace_mark(r.trace, NT_RX, m4);
        }
        if (warm && r.rx_t0 > 0 && sw_time_mono() - r.rx_t0 > r.max_rx)
            r.max_rx = sw_time_mono() - r.rx_t0;
        if (k < 0) {
            rc = sw_err_set(err, SW_ENET, "DDS wait failed");
            break;
        }
    }
    double now = sw_time_now();
    write_summary(&r, now);
    SW_LOGI("node", "%s stopping after %.1f s", c->nation, now - r.start);
    rt_close(&r);
    return rc;
}
