/* cli/cli_track_asx.c - `skyweave track --pcap` / `--udp`: ASTERIX through ingest into the
 * tracker.
 *
 * The same path for a recording and for the live network: datagram -> allow-list -> ingest
 * (de-duplication, CAT048/034/021 decoding, time of day unrolled next to the receive time, so
 * midnight is crossed) -> sw_plot -> trk_add_plot.  The tracker's clock is the data's own time,
 * never the wall clock: a recording replayed 20x faster is tracked exactly like the original.
 * Live, when the feeds fall silent the tracker is advanced by the wall time elapsed since the
 * last plot, so that tracks coast and are deleted rather than freeze.
 *
 * The allow-list comes from the sensors file (each sensor's `source`); a source address that
 * serves one sensor only is tied to that sensor's SAC/SIC.  Reports of a SAC/SIC that is not in
 * the sensors file are dropped, counted, and named once on stderr as they first appear, and
 * again in the summary, because a missing sensor entry is the usual reason for "no tracks". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_marks.h"
#include "cli_reg.h"
#include "cli_track.h"
#include "core/time.h"
#include "ingest/ing_udp.h"
#include "ingest/ingest.h"

typedef struct run {
    const cli_trk_asx *a;
    ing *g;
    ing_udp *udp;
    trk_tracker *tr;
    cli_trk_out *o;
    long refused;            /* plots the tracker would not take (too late, unusable) */
    char refused_msg[256];   /* the first such reason */
    double t_last_plot;      /* data time of the newest plot */
    double mono_last_plot;   /* wall (monotonic) time it arrived */
    long unknown_seen;       /* ing's unknown_sensor count when last looked at */
    uint8_t warned[8192];    /* SAC/SIC already named (bit sac << 8 | sic) */
    cli_marks marks;         /* live: the tracker's watermarks, marked after each datagram */
    int failed;
    sw_err err;
} run;

static void on_plot(void *ctx, const sw_plot *p)
{
    run *r = ctx;
    if (r->failed || r->o->failed)
        return;
    sw_err e;
    if (cli_reg_add(r->a->reg, r->tr, p, &e)) {
        if (!r->refused++)
            snprintf(r->refused_msg, sizeof r->refused_msg, "%.200s", e.msg);
        return;
    }
    if (r->udp)
        cli_marks_plot(&r->marks, p->sensor_id, p->t);
    if (p->t > r->t_last_plot) {
        r->t_last_plot = p->t;
        r->mono_last_plot = r->udp ? sw_time_mono() : 0;
    }
}

/* Names every SAC/SIC newly found missing from the sensors file (once each). */
static void check_unknown(run *r)
{
    const ing_stats *s = ing_stats_of(r->g);
    if (s->unknown_sensor == r->unknown_seen)
        return;
    r->unknown_seen = s->unknown_sensor;
    for (int i = 0; i < ing_radar_count(r->g); i++) {
        const ing_radar_status *x = ing_radar_at(r->g, i);
        int k = x->sac << 8 | x->sic;
        if (x->sensor >= 0 || !x->unknown || (r->warned[k >> 3] >> (k & 7) & 1))
            continue;
        r->warned[k >> 3] |= (uint8_t)(1u << (k & 7));
        fprintf(stderr,
                "skyweave track: warning: SAC/SIC %d/%d is not in the sensors file %s: its "
                "reports are dropped (add a sensor with sac: %d, sic: %d)\n",
                x->sac, x->sic, r->a->sensors_path, x->sac, x->sic);
    }
}

static void feed(run *r, const ing_input *in)
{
    ing_feed(r->g, in, on_plot, r);
    check_unknown(r);
}

static void on_udp(void *ctx, const ing_udp_msg *m)
{
    run *r = ctx;
    ing_input in = {m->p, m->n, m->t_rx, m->dport, m->sac, m->sic};
    feed(r, &in);
    sw_err e;
    uint64_t before = r->marks.failed;
    if (cli_marks_done(&r->marks, r->tr, r->g, r->a->set, 0, &e) && !before)
        fprintf(stderr, "skyweave track: warning: %s\n", e.msg);
}

/* ing_feed_file's plot callback: the same as live, plus the unknown-SAC/SIC check. */
static void on_file_plot(void *ctx, const sw_plot *p)
{
    run *r = ctx;
    on_plot(r, p);
    check_unknown(r);
}

/* The allow-list: every sensor's `source` (ingest), then --allow. */
static sw_rc build_allow(ing_udp *u, const cli_trk_asx *a, sw_err *err)
{
    sw_rc rc = ing_udp_allow_sensors(u, a->set, err);
    if (rc) {
        sw_err_prefix(err, "%s: ", a->sensors_path);
        return rc;
    }
    for (int i = 0; i < a->nallow; i++)
        if ((rc = ing_udp_allow(u, a->allow[i], err)))
            return rc;
    return SW_OK;
}

static sw_rc listen_all(ing_udp *u, const cli_trk_asx *a, sw_err *err)
{
    char list[1024], *save = NULL;
    snprintf(list, sizeof list, "%s", a->udp);
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char spec[160];
        if (a->group) {
            /* ADDR:PORT with --group G: G:PORT joined on the interface with address ADDR */
            char *colon = strrchr(tok, ':');
            if (!colon)
                return sw_err_set(err, SW_EINVAL, "--udp %s: expected ADDR:PORT", tok);
            *colon = 0;
            if (!strcmp(tok, "0.0.0.0") || !*tok)
                snprintf(spec, sizeof spec, "%s:%s", a->group, colon + 1);
            else
                snprintf(spec, sizeof spec, "%s:%s@%s", a->group, colon + 1, tok);
        } else {
            snprintf(spec, sizeof spec, "%s", tok);
        }
        sw_rc rc = ing_udp_listen(u, spec, err);
        if (rc)
            return rc;
    }
    return SW_OK;
}

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static void counts(FILE *f, run *r, long denied_src)
{
    const ing_stats *s = ing_stats_of(r->g);
    trk_stats st;
    trk_get_stats(r->tr, &st);
    fprintf(f,
            "%ld datagrams, %ld from sources not allowed, %ld duplicates, %ld faults; "
            "%ld records (CAT048 %ld, CAT034 %ld, CAT021 %ld), %ld of unknown SAC/SIC, "
            "%ld denied SAC/SIC; %ld plots, %ld refused by the tracker; tracks started %llu, "
            "confirmed %llu, deleted %llu, live %zu (%zu confirmed)",
            s->datagrams + denied_src, denied_src, s->duplicates, s->faults, s->records,
            s->cat048, s->cat034, s->cat021, s->unknown_sensor, s->denied_sensor, s->plots,
            r->refused, (unsigned long long)st.tracks_started,
            (unsigned long long)st.tracks_confirmed, (unsigned long long)st.tracks_deleted,
            st.tracks_live, st.tracks_confirmed_live);
}

static void summary(run *r, long denied_src, double wall_s)
{
    const ing_stats *s = ing_stats_of(r->g);
    fprintf(stderr, "skyweave track: ");
    counts(stderr, r, denied_src);
    fprintf(stderr, "; %zu rows", r->o->rows);
    if (r->o->c062)
        fprintf(stderr, ", CAT062 %ld records in %ld datagrams", ing_cat062_records(r->o->c062),
                ing_cat062_datagrams(r->o->c062));
    if (wall_s > 0)
        fprintf(stderr, "; %.3f s, %.0f plots/s", wall_s, s->plots / wall_s);
    fputc('\n', stderr);
    for (int i = 0; i < ing_radar_count(r->g); i++) {
        const ing_radar_status *x = ing_radar_at(r->g, i);
        if (x->sensor < 0 && x->unknown)
            fprintf(stderr,
                    "skyweave track: SAC/SIC %d/%d is missing from the sensors file %s: %ld "
                    "records dropped\n",
                    x->sac, x->sic, r->a->sensors_path, x->unknown);
    }
    if (r->refused)
        fprintf(stderr, "skyweave track: %ld plots refused by the tracker, the first: %s\n",
                r->refused, r->refused_msg);
    if (ing_last_fault(r->g)[0])
        fprintf(stderr, "skyweave track: last ASTERIX fault: %s\n", ing_last_fault(r->g));
    cli_reg_print(stderr, r->a->reg, r->a->set, "skyweave track: ");
}

static int live(run *r, const cli_trk_asx *a)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    double t_start = sw_time_mono(), end = t_start + (a->duration_s > 0 ? a->duration_s : 1e18);
    double next_status = a->status_s > 0 ? t_start + a->status_s : 1e300;
    while (!stop && !r->o->failed) {
        double now = sw_time_mono();
        if (now >= end)
            break;
        double left = end - now;
        int n = ing_udp_poll(r->udp, left < 0.2 ? left : 0.2, on_udp, r);
        if (n < 0) {
            fprintf(stderr, "skyweave track: receive failed (%s)\n", sw_strerror(n));
            break;
        }
        now = sw_time_mono();
        /* silent feeds: let the tracker's time run on (it keeps reorder_s back) */
        if (r->mono_last_plot > 0 && now - r->mono_last_plot > 1.0 &&
            trk_advance(r->tr, r->t_last_plot + (now - r->mono_last_plot), &r->err)) {
            r->failed = 1;
            break;
        }
        if (now >= next_status) {
            next_status += a->status_s;
            fprintf(stderr, "skyweave track: status: ");
            counts(stderr, r, ing_udp_denied(r->udp));
            fputc('\n', stderr);
        }
    }
    return 0;
}

int cli_track_asx_run(const cli_trk_asx *a, trk_tracker *tr, cli_trk_out *o)
{
    static ing_udp udp; /* 64 kB receive buffer: not on the stack */
    static asx_editions ed;
    run *r = calloc(1, sizeof *r);
    if (!r)
        return 1;
    r->a = a;
    cli_marks_init(&r->marks);
    r->tr = tr;
    r->o = o;
    ing_udp_init(&udp);
    asx_editions_init(&ed);
    int status = 0;
    sw_rc rc = SW_OK;
    for (int i = 0; i < a->nedition && !rc; i++)
        rc = asx_editions_add(&ed, a->edition[i], &r->err);
    ing_cfg cfg = {a->set, &ed, a->dedup_s, a->keep_simulated};
    if (!rc)
        rc = build_allow(&udp, a, &r->err);
    if (!rc && !a->pcap)
        rc = listen_all(&udp, a, &r->err);
    if (!rc)
        rc = ing_create(&r->g, &cfg, &r->err);
    if (rc) {
        fprintf(stderr, "skyweave track: %s\n", r->err.msg);
        ing_udp_close(&udp);
        free(r);
        return 2;
    }
    if (!udp.nallow && !a->pcap)
        fprintf(stderr, "skyweave track: no 'source' in %s and no --allow: every source is "
                        "accepted (reports of SAC/SIC not in the file are still dropped)\n",
                a->sensors_path);
    long denied = 0;
    double w0 = sw_time_mono(), wall = 0;
    if (a->pcap) {
        rc = ing_feed_file(r->g, a->pcap, &udp, on_file_plot, r, &denied, NULL, &r->err);
        check_unknown(r);
        if (rc) {
            fprintf(stderr, "skyweave track: %s\n", r->err.msg);
            status = 1;
        }
    } else {
        r->udp = &udp;
        live(r, a);
        denied = ing_udp_denied(&udp);
    }
    if (!r->failed && trk_flush(tr, &r->err))
        r->failed = 1;
    wall = a->pcap ? sw_time_mono() - w0 : 0;
    if (r->failed) {
        fprintf(stderr, "skyweave track: %s\n", r->err.msg);
        status = 1;
    }
    if (o->failed) {
        fprintf(stderr, "skyweave track: %s\n", o->err.msg);
        status = 1;
    }
    if (!(a->pcap && rc && !ing_stats_of(r->g)->datagrams && !denied))
        summary(r, denied, wall); /* not after "cannot open" */
    if (!a->pcap)
        ing_udp_close(&udp);
    ing_destroy(r->g);
    free(r);
    return status;
}
