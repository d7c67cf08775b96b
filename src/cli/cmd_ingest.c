/* cli/cmd_ingest.c - `skyweave ingest`: ASTERIX from a recording or live UDP into plots, with
 * de-duplication, the source allow-list, recording, and a summary of every radar's health. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "core/records.h"
#include "core/time.h"
#include "ingest/ing_udp.h"
#include "ingest/ingest.h"

const char cmd_ingest_summary[] = "ASTERIX (pcap or live UDP) to plots, with radar status";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: skyweave ingest (--pcap FILE | --udp ADDR:PORT[@IFADDR]...) [--sensors FILE]\n"
            "         [--origin LAT,LON,ALT] [--allow ADDR[/LEN][=SAC/SIC]]... [--plots PREFIX]\n"
            "         [--record DIR [--rotate-s S] [--rotate-mb M]] [--edition RULE]...\n"
            "         [--dedup-s S] [--duration S] [--keep-simulated]\n\n"
            "Decodes CAT048/034/021 into plots: polar for radars, ENU for ADS-B (sites and\n"
            "accuracies from the sensors file, by SAC/SIC).  Plots go to PREFIX-ra.csv,\n"
            "PREFIX-rae.csv, PREFIX-xyz.csv, PREFIX-xy.csv (one file per kind).  Datagrams\n"
            "from sources outside the --allow list are dropped (and counted), as are records\n"
            "of a SAC/SIC the entry does not allow; copies within --dedup-s (default 2 s) are\n"
            "dropped.  --record writes what was received into pcap files in DIR, a new one\n"
            "every S seconds or M MB.  At the end a JSON summary goes to stdout.\n");
}

typedef struct run {
    ing *g;
    ing_udp *udp;
    ing_recorder rec;
    int recording;
    const char *prefix;
    FILE *out[5];
    long denied_src;
    sw_err err;
    int failed;
} run;

static void on_plot(void *ctx, const sw_plot *p)
{
    run *r = ctx;
    if (!r->prefix || p->kind < 1 || p->kind > 4)
        return;
    if (!r->out[p->kind]) {
        static const char *suffix[] = {"", "xy", "xyz", "ra", "rae"};
        char path[600];
        snprintf(path, sizeof path, "%s-%s.csv", r->prefix, suffix[p->kind]);
        if (!(r->out[p->kind] = fopen(path, "w"))) {
            r->failed = 1;
            return;
        }
        sw_plots_write_header(r->out[p->kind], p->kind);
    }
    sw_plots_write(r->out[p->kind], p);
}

static void on_udp(void *ctx, const ing_udp_msg *m)
{
    run *r = ctx;
    if (r->recording && !r->failed &&
        ing_recorder_write(&r->rec, m->t_rx, m->src, m->sport, m->dst, m->dport, m->p, m->n,
                           &r->err))
        r->failed = 1;
    ing_input in = {m->p, m->n, m->t_rx, m->dport, m->sac, m->sic};
    ing_feed(r->g, &in, on_plot, r);
}

static volatile sig_atomic_t stop;
static void on_signal(int s) { (void)s; stop = 1; }

static void summary(run *r, const geo_sensor_set *set, double now)
{
    const ing_stats *s = ing_stats_of(r->g);
    printf("{\"datagrams\":%ld,\"denied_source\":%ld,\"duplicates\":%ld,\"denied_sensor\":%ld,"
           "\"faults\":%ld,\"records\":%ld,\"cat048\":%ld,\"cat034\":%ld,\"cat021\":%ld,"
           "\"other\":%ld,\"unknown_sensor\":%ld,\"not_plots\":%ld,\"plots\":%ld,\"radars\":[",
           s->datagrams + r->denied_src, r->denied_src, s->duplicates, s->denied_sensor, s->faults,
           s->records, s->cat048, s->cat034, s->cat021, s->other, s->unknown_sensor, s->not_plots,
           s->plots);
    for (int i = 0; i < ing_radar_count(r->g); i++) {
        const ing_radar_status *x = ing_radar_at(r->g, i);
        printf("%s{\"sac\":%d,\"sic\":%d,\"name\":\"%s\",\"plots\":%ld,\"unknown\":%ld,"
               "\"north_markers\":%d,"
               "\"sector_msgs\":%d,\"scan_period_s\":%.3f,\"antenna_period_s\":%.3f,"
               "\"sectors_last_scan\":%d,\"sectors_this_scan\":%d,\"nogo\":%d,\"overload\":%d,"
               "\"health\":\"%s\"}",
               i ? "," : "", x->sac, x->sic, x->sensor >= 0 ? set->s[x->sensor].name : "",
               x->plots, x->unknown, x->north_markers, x->sector_msgs, x->scan_period_avg_s,
               x->antenna_period_s, x->sectors_last_scan, x->sectors_this_scan, x->nogo,
               x->overload, ing_health_name(ing_radar_health(x, now)));
    }
    printf("]}\n");
}

int cmd_ingest(int argc, char **argv)
{
    const char *pcap = NULL, *sensors = NULL, *record = NULL;
    double origin[3], dur = 0, rot_s = 0, rot_mb = 0, v;
    int has_origin = 0;
    static ing_udp udp;
    static asx_editions ed;
    static geo_sensor_set set;
    ing_cfg cfg = {NULL, &ed, 2.0, 0};
    run r = {0};
    sw_err err;
    ing_udp_init(&udp);
    asx_editions_init(&ed);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--keep-simulated")) {
            cfg.keep_simulated = 1;
            continue;
        }
        if (!val) {
            fprintf(stderr, "skyweave ingest: '%s' needs a value (or is unknown)\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--pcap"))
            pcap = val;
        else if (!strcmp(a, "--sensors"))
            sensors = val;
        else if (!strcmp(a, "--plots"))
            r.prefix = val;
        else if (!strcmp(a, "--record"))
            record = val;
        else if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("ingest", a, val, origin))
                return 2;
            has_origin = 1;
        } else if (!strcmp(a, "--udp")) {
            if (ing_udp_listen(&udp, val, &err))
                return cli_fail("ingest", &err);
        } else if (!strcmp(a, "--allow")) {
            if (ing_udp_allow(&udp, val, &err))
                return cli_fail("ingest", &err);
        } else if (!strcmp(a, "--edition")) {
            if (asx_editions_add(&ed, val, &err))
                return cli_fail("ingest", &err);
        } else if (!strcmp(a, "--dedup-s") && !cli_num("ingest", a, val, &v) && v >= 0)
            cfg.dedup_window_s = v;
        else if (!strcmp(a, "--duration") && !cli_num("ingest", a, val, &v) && v > 0)
            dur = v;
        else if (!strcmp(a, "--rotate-s") && !cli_num("ingest", a, val, &v) && v >= 0)
            rot_s = v;
        else if (!strcmp(a, "--rotate-mb") && !cli_num("ingest", a, val, &v) && v >= 0)
            rot_mb = v;
        else {
            fprintf(stderr, "skyweave ingest: bad argument '%s %s'\n", a, val);
            return 2;
        }
    }
    if (!!pcap == !!udp.n) {
        usage(stderr);
        return 2;
    }
    if (sensors) {
        geo_frame o;
        if (has_origin)
            geo_frame_init(&o, origin[0], origin[1], origin[2]);
        if (geo_sensors_load(&set, sensors, has_origin ? &o : NULL, &err))
            return cli_fail("ingest", &err);
        cfg.sensors = &set;
    }
    if (ing_create(&r.g, &cfg, &err))
        return cli_fail("ingest", &err);
    r.udp = &udp;
    if (record) {
        if (ing_recorder_open(&r.rec, record, "asterix", rot_s, (long long)(rot_mb * 1e6), &err))
            return cli_fail("ingest", &err);
        r.recording = 1;
    }
    if (!udp.nallow && udp.n)
        fprintf(stderr, "skyweave ingest: no --allow list: every source is accepted\n");
    double now = 0;
    if (pcap) {
        if (ing_feed_file(r.g, pcap, &udp, on_plot, &r, &r.denied_src, &now, &err))
            fprintf(stderr, "skyweave ingest: %s\n", err.msg);
    } else {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        double end = sw_time_mono() + (dur > 0 ? dur : 1e18);
        while (!stop && !r.failed && sw_time_mono() < end) {
            double left = end - sw_time_mono();
            int n = ing_udp_poll(&udp, left < 0.2 ? left : 0.2, on_udp, &r);
            if (n < 0) {
                fprintf(stderr, "skyweave ingest: receive failed (%s)\n", sw_strerror(n));
                break;
            }
        }
        r.denied_src = ing_udp_denied(&udp);
        now = sw_time_now();
        ing_udp_close(&udp);
    }
    if (ing_last_fault(r.g)[0])
        fprintf(stderr, "skyweave ingest: last ASTERIX fault: %s\n", ing_last_fault(r.g));
    summary(&r, &set, now);
    for (int k = 0; k < 5; k++)
        if (r.out[k])
            fclose(r.out[k]);
    if (r.recording && ing_recorder_close(&r.rec, &err) == 0 && r.failed)
        return cli_fail("ingest", &r.err);
    ing_destroy(r.g);
    if (r.failed) {
        fprintf(stderr, "skyweave ingest: writing the output failed\n");
        return 1;
    }
    return 0;
}
