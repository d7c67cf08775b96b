/* cli/cmd_track.c - `skyweave track`: tracking plots (a plots CSV, an ASTERIX recording, or live
 * ASTERIX over UDP) into a tracks CSV and/or CAT062.
 *
 * The plots are fed to the streaming tracker (track/track.h) in arrival order, exactly as a node
 * feeds it live; every time the tracker has processed all plots of one distinct time t it says
 * so (TRK_EV_TIME), and the command writes one row per confirmed track predicted to t
 * (cli_track_out.c).  The ASTERIX inputs are in cli_track_asx.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_reg.h"
#include "cli_track.h"
#include "cli_util.h"
#include "core/records.h"
#include "core/time.h"
#include "geo/sensors.h"
#include "track/track.h"

const char cmd_track_summary[] = "track plots (CSV, ASTERIX pcap or live UDP) into tracks, CAT062";

static const char usage_text[] =
    "usage: skyweave track --plots FILE --out FILE [options]\n"
    "       skyweave track --pcap FILE --sensors FILE [--out FILE] [--cat062 FILE.pcap] [options]\n"
    "       skyweave track --udp ADDR:PORT[,ADDR:PORT] [--group MCAST] --sensors FILE\n"
    "                      [--out FILE] [--cat062 FILE.pcap] [--cat062-udp HOST:PORT] [options]\n"
    "\n"
    "Tracks the plots (ARCHITECTURE §4 plots CSV, Cartesian or polar; or ASTERIX CAT048/034/021\n"
    "from a pcap or live UDP, decoded by ingest with the sites and accuracies of the sensors\n"
    "file) and writes, for every distinct plot time, one row per confirmed track at that time\n"
    "(tracks CSV, \"-\" = stdout) and/or one CAT062 1.19 record per track (pcap, UDP).\n"
    "\n"
    "input and output:\n"
    "  --plots FILE         a plots CSV\n"
    "  --pcap FILE          an ASTERIX recording (pcap, or raw blocks); time from the data\n"
    "  --udp LIST           live: listen on ADDR:PORT (comma-separated; unicast or multicast\n"
    "                       ADDR, ADDR:PORT@IFADDR joins a group on that interface)\n"
    "  --group MCAST        join MCAST on each --udp ADDR's interface, on its PORT\n"
    "  --allow A.B.C.D[/LEN][=SAC/SIC]  a source allowed besides the sensors' 'source' entries\n"
    "  --duration S         live: stop after S s [at SIGINT or SIGTERM]\n"
    "  --status-s S         live: a status line on stderr every S s (0: none) [10]\n"
    "  --dedup-s S          datagrams repeated within S s are dropped (redundant LANs) [2]\n"
    "  --edition RULE       per-source ASTERIX edition (see skyweave ingest)\n"
    "  --keep-simulated     keep reports flagged as simulated or test targets\n"
    "  --out FILE           tracks CSV (required with --plots)\n"
    "  --t0 T|ISO           absolute time (s since 1970, or ISO 8601 UTC) of time_s = 0 in the\n"
    "                       CSV files [0: ASTERIX tracks carry absolute times]\n"
    "  --output-period S    rows (and CAT062) at the first plot time of every S s of data\n"
    "                       time, not at every plot time [0: every plot time]\n"
    "  --cat062 FILE        every track update as CAT062 into this pcap (UDP port 8600)\n"
    "  --cat062-udp H:P     ... and/or over UDP to HOST:PORT\n"
    "  --sac N --sic N      I062/010 of this system [0/1]\n"
    "\n"
    "tracker options (defaults in brackets):\n"
    "  --sensors FILE       sensors file: sites and accuracies (needed for polar plots and\n"
    "                       ASTERIX; each sensor's 'source' makes the live allow-list)\n"
    "  --origin LAT,LON,ALT common ENU frame origin (overrides the sensors file's)\n"
    "  --dim 2|3            tracking dimension [3 if the plots have z or elevation, or for\n"
    "                       ASTERIX when a sensor is a 3-D radar; else 2]\n"
    "  --filter cv|ca|imm   motion model: constant velocity, constant acceleration, or an IMM of\n"
    "                       constant velocity + coordinated turn [imm]\n"
    "  --imm-ca             the IMM also carries a constant-acceleration model\n"
    "  --imm-ballistic      3-D: the IMM carries constant acceleration (rocket boost) and\n"
    "                       a ballistic model (free fall under gravity): missiles\n"
    "  --assoc gnn|jpda     global nearest neighbour (optimal assignment) or JPDA [gnn]\n"
    "  --polar ekf|converted  polar plots by extended Kalman filter or as debiased converted\n"
    "                       Cartesian plots [ekf]\n"
    "  --gate P             probability mass inside the chi-square gate [0.9995]\n"
    "  --pd P               detection probability [0.9]\n"
    "  --clutter D          false plots per m^2 per scan [estimated from the data]\n"
    "  --q Q                CV process noise, white acceleration m^2/s^3 [2]\n"
    "  --q-turn Q           IMM turn-rate noise, rad^2/s^3 [0.001]\n"
    "  --confirm M/N        confirm after M hits in the first N opportunities [4/5]\n"
    "  --delete N           delete a confirmed track after N consecutive misses [5]\n"
    "  --max-speed V        velocity gate of track initiation, m/s [1000]\n"
    "  --revisit S          sensor revisit period when not in the sensors file [learnt]\n"
    "  --assumed-alt H      target height for 2-D radar plots without Mode C, m [0]\n"
    "  --modec-sd M         sd of a Mode C height as a measurement (3-D), m [100]\n"
    "  --no-height          3-D: Mode C / ADS-B heights only place plots, never update\n"
    "  --confirm-id M/N     confirm after M hits by plots with a Mode S address or\n"
    "                       Mode 3/A in the first N opportunities [2/3]\n"
    "  --release window|watermark  when held plots are processed: a reordering window of\n"
    "                       --reorder S behind the newest plot, or as soon as every sensor has\n"
    "                       sent past them (a silent sensor waited for --reorder S at most)\n"
    "                       [--udp: watermark, each datagram marking its sensors and radars;\n"
    "                       else window: a file may hold plots in any order within it]\n"
    "  --reorder S          reordering window for out-of-order plots, s [1; 2 for ASTERIX]\n"
    "  --batch S            plots of one sensor within S s are associated jointly [0.2]\n"
    "  --no-registration    leave radar plots as measured (default, when the sensors file has\n"
    "                       radars and ADS-B: each radar's range offset and gain, azimuth and\n"
    "                       elevation offsets are measured against ADS-B and taken out of its\n"
    "                       plots, its clock offset reported; --stats prints them)\n"
    "  --stats              print a summary on stderr (always printed for ASTERIX input)\n";

static int pick(const char *opt, const char *v, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return 0;
        }
    fprintf(stderr, "skyweave track: %s: '%s' is not one of", opt, v);
    for (int i = 0; names[i]; i++)
        fprintf(stderr, " %s", names[i]);
    fputc('\n', stderr);
    return -1;
}

typedef struct opts {
    const char *plots, *out, *sensors, *cat062, *cat062_udp;
    double origin[3], t0, period;
    int has_origin, dim, stats, filter, assoc, polar, imm_ca, imm_bal, cm, cn, del, sac, sic;
    int cim, cin, no_height, release, release_given, no_reg;
    double gate, pd, clutter, q, qturn, vmax, revisit, alt, reorder, batch, modec_sd;
    cli_trk_asx asx;
} opts;

/* 0: parsed; 1: --help shown; 2: bad usage (already said). */
static int parse(int argc, char **argv, opts *o)
{
    static const char *const filters[] = {"cv", "ca", "imm", NULL};
    static const char *const assocs[] = {"gnn", "jpda", NULL};
    static const char *const polars[] = {"ekf", "converted", NULL};
    static const char *const releases[] = {"window", "watermark", NULL};
    double v, sac = 0, sic = 1;
    struct {
        const char *name;
        double *dst;
    } nums[] = {{"--gate", &o->gate},       {"--pd", &o->pd},
                {"--clutter", &o->clutter}, {"--q", &o->q},
                {"--q-turn", &o->qturn},    {"--max-speed", &o->vmax},
                {"--revisit", &o->revisit}, {"--assumed-alt", &o->alt},
                {"--reorder", &o->reorder}, {"--batch", &o->batch},
                {"--dedup-s", &o->asx.dedup_s}, {"--duration", &o->asx.duration_s},
                {"--status-s", &o->asx.status_s}, {"--sac", &sac}, {"--sic", &sic},
                {"--output-period", &o->period}, {"--modec-sd", &o->modec_sd}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int matched = 0;
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
            if (!strcmp(a, nums[k].name)) {
                matched = 1;
                if (!val || cli_num("track", a, val, nums[k].dst))
                    goto bad_value;
            }
        if (matched) {
            i++;
            continue;
        }
        if (!strcmp(a, "--stats") || !strcmp(a, "--imm-ca") || !strcmp(a, "--no-height")) {
            *(a[2] == 's' ? &o->stats : a[2] == 'i' ? &o->imm_ca : &o->no_height) = 1;
            continue;
        }
        if (!strcmp(a, "--imm-ballistic") || !strcmp(a, "--no-registration")) {
            *(a[2] == 'i' ? &o->imm_bal : &o->no_reg) = 1;
            continue;
        }
        if (!strcmp(a, "--keep-simulated")) {
            o->asx.keep_simulated = 1;
            continue;
        }
        if (!val)
            goto bad_value;
        const char **str = !strcmp(a, "--plots")        ? &o->plots
                           : !strcmp(a, "--out")        ? &o->out
                           : !strcmp(a, "--sensors")    ? &o->sensors
                           : !strcmp(a, "--pcap")       ? &o->asx.pcap
                           : !strcmp(a, "--udp")        ? &o->asx.udp
                           : !strcmp(a, "--group")      ? &o->asx.group
                           : !strcmp(a, "--cat062")     ? &o->cat062
                           : !strcmp(a, "--cat062-udp") ? &o->cat062_udp
                                                        : NULL;
        if (str) {
            *str = val;
        } else if (!strcmp(a, "--allow") || !strcmp(a, "--edition")) {
            int *n = a[2] == 'a' ? &o->asx.nallow : &o->asx.nedition;
            if (*n >= CLI_TRK_MAX_LIST) {
                fprintf(stderr, "skyweave track: at most %d %s\n", CLI_TRK_MAX_LIST, a);
                return 2;
            }
            (a[2] == 'a' ? o->asx.allow : o->asx.edition)[(*n)++] = val;
        } else if (!strcmp(a, "--t0")) {
            if (sw_time_parse_iso(val, &o->t0) && cli_num("track", a, val, &o->t0))
                return 2;
        } else if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("track", a, val, o->origin))
                return 2;
            o->has_origin = 1;
        } else if (!strcmp(a, "--dim")) {
            if (cli_num("track", a, val, &v) || (v != 2 && v != 3)) {
                fprintf(stderr, "skyweave track: --dim must be 2 or 3\n");
                return 2;
            }
            o->dim = (int)v;
        } else if (!strcmp(a, "--filter")) {
            if (pick(a, val, filters, &o->filter))
                return 2;
        } else if (!strcmp(a, "--assoc")) {
            if (pick(a, val, assocs, &o->assoc))
                return 2;
        } else if (!strcmp(a, "--polar")) {
            if (pick(a, val, polars, &o->polar))
                return 2;
        } else if (!strcmp(a, "--release")) {
            if (pick(a, val, releases, &o->release))
                return 2;
            o->release_given = 1;
        } else if (!strcmp(a, "--confirm")) {
            if (sscanf(val, "%d/%d", &o->cm, &o->cn) != 2) {
                fprintf(stderr, "skyweave track: --confirm: expected M/N, got '%s'\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--confirm-id")) {
            if (sscanf(val, "%d/%d", &o->cim, &o->cin) != 2) {
                fprintf(stderr, "skyweave track: --confirm-id: expected M/N, got '%s'\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--delete")) {
            if (cli_num("track", a, val, &v) || v != floor(v)) {
                fprintf(stderr, "skyweave track: --delete needs a whole number\n");
                return 2;
            }
            o->del = (int)v;
        } else {
            fprintf(stderr, "skyweave track: unknown option '%s' (see --help)\n", a);
            return 2;
        }
        i++;
        continue;
    bad_value:
        if (!val)
            fprintf(stderr, "skyweave track: %s needs a value\n", a);
        return 2;
    }
    int inputs = !!o->plots + !!o->asx.pcap + !!o->asx.udp;
    if (inputs != 1) {
        fprintf(stderr, "skyweave track: give one of --plots, --pcap, --udp\n\n%s", usage_text);
        return 2;
    }
    if (o->plots && !o->out) {
        fprintf(stderr, "skyweave track: --plots needs --out\n\n%s", usage_text);
        return 2;
    }
    if (!o->plots && !o->sensors) {
        fprintf(stderr, "skyweave track: ASTERIX input needs --sensors (which SAC/SIC is which "
                        "sensor, where it stands, how accurate it is)\n");
        return 2;
    }
    if (!o->out && !o->cat062 && !o->cat062_udp) {
        fprintf(stderr, "skyweave track: nothing to write: give --out, --cat062 or --cat062-udp\n");
        return 2;
    }
    if (sac < 0 || sac > 255 || sic < 0 || sic > 255 || sac != floor(sac) || sic != floor(sic) ||
        o->asx.dedup_s < 0 || o->asx.duration_s < 0 || o->asx.status_s < 0 || o->period < 0) {
        fprintf(stderr, "skyweave track: --sac/--sic are 0..255; --dedup-s, --duration, "
                        "--status-s, --output-period are >= 0\n");
        return 2;
    }
    o->sac = (int)sac;
    o->sic = (int)sic;
    return 0;
}

static void apply(const opts *o, trk_params *p)
{
    p->filter = o->filter;
    p->assoc = o->assoc;
    p->polar = o->polar;
    p->release = o->release;
    p->imm_ca = o->imm_ca;
    p->imm_ballistic = o->imm_bal;
    p->events = TRK_EV_TIME | (o->cat062 || o->cat062_udp ? TRK_EV_DELETED : 0);
    if (!isnan(o->gate)) p->gate_prob = o->gate;
    if (!isnan(o->pd)) p->pd = o->pd;
    if (!isnan(o->clutter)) p->clutter_density = o->clutter;
    if (!isnan(o->q)) p->q_cv = o->q;
    if (!isnan(o->qturn)) p->q_omega = o->qturn;
    if (!isnan(o->vmax)) p->max_speed_mps = o->vmax;
    if (!isnan(o->revisit)) p->revisit_s = o->revisit;
    if (!isnan(o->alt)) p->assumed_alt_m = o->alt;
    if (!isnan(o->reorder)) p->reorder_s = o->reorder;
    if (!isnan(o->batch)) p->batch_s = o->batch;
    if (o->cm > 0) {
        p->confirm_m = o->cm;
        p->confirm_n = o->cn;
    }
    if (o->cim > 0) {
        p->confirm_id_m = o->cim;
        p->confirm_id_n = o->cin;
    }
    if (!isnan(o->modec_sd)) p->modec_sd_m = o->modec_sd;
    if (o->no_height) p->height_meas = 0;
    if (o->del >= 0)
        p->delete_misses = o->del;
}

/* The plots CSV through the tracker; returns the exit status. */
static int run_plots(const opts *op, sw_plot_reader *rd, trk_tracker *tr, cli_trk_out *o,
                     reg_reg *rg, const geo_sensor_set *set)
{
    sw_err err = {0};
    sw_plot pl;
    int got, rc = 0;
    size_t n = 0;
    while ((got = sw_plots_next(rd, &pl, &err)) == 1) {
        if (cli_reg_add(rg, tr, &pl, &err)) {
            sw_err_prefix(&err, "%s:%d", op->plots, sw_plots_line(rd));
            got = -1;
            break;
        }
        n++;
        if (o->failed)
            break;
    }
    if (got == 0 && !n) {
        sw_err_set(&err, SW_EFORMAT, "%s: no plots (only a header)", op->plots);
        got = -1;
    }
    if (got == 0 && !o->failed && trk_flush(tr, &err))
        got = -1;
    if (o->failed) {
        err = o->err;
        got = -1;
    }
    if (got < 0)
        rc = cli_fail("track", &err);
    if (op->stats && !rc) {
        trk_stats st;
        trk_get_stats(tr, &st);
        fprintf(stderr,
                "skyweave track: %zu plots, %zu rows; tracks started %llu, confirmed %llu, "
                "deleted %llu, live %zu (%zu confirmed); clutter %.3g /m^2/scan\n",
                n, o->rows, (unsigned long long)st.tracks_started,
                (unsigned long long)st.tracks_confirmed, (unsigned long long)st.tracks_deleted,
                st.tracks_live, st.tracks_confirmed_live, st.clutter_density);
        if (st.slow_refused)
            fprintf(stderr, "skyweave track: %llu plots refused by tracks held slow (they would "
                            "have dragged them to missile speed)\n",
                    (unsigned long long)st.slow_refused);
        cli_reg_print(stderr, rg, set, "skyweave track: ");
    }
    return rc;
}

int cmd_track(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return 0;
    }
    static opts op; /* holds the CLI lists; zero, then the defaults */
    memset(&op, 0, sizeof op);
    op.filter = TRK_FILTER_IMM;
    op.assoc = TRK_ASSOC_GNN;
    op.polar = TRK_POLAR_EKF;
    op.release = TRK_RELEASE_WINDOW; /* files and replays: any order within the window */
    op.cm = op.cn = op.del = op.cim = op.cin = -1;
    op.gate = op.pd = op.clutter = op.q = op.qturn = op.vmax = op.revisit = NAN;
    op.alt = op.reorder = op.batch = op.modec_sd = NAN;
    op.asx.dedup_s = 2.0;
    op.asx.status_s = 10.0;
    int prc = parse(argc, argv, &op);
    if (prc)
        return prc;

    sw_err err = {0};
    geo_frame of;
    if (op.has_origin)
        geo_frame_init(&of, op.origin[0], op.origin[1], op.origin[2]);
    geo_sensor_set *set = NULL;
    if (op.sensors) {
        set = malloc(sizeof *set);
        if (!set || geo_sensors_load(set, op.sensors, op.has_origin ? &of : NULL, &err)) {
            free(set);
            return cli_fail("track", &err);
        }
    } else if (op.has_origin) {
        set = calloc(1, sizeof *set);
        if (!set)
            return 1;
        set->origin = of;
        set->has_origin = 1;
    }
    int status = 0;
    sw_plot_reader *rd = NULL;
    trk_tracker *tr = NULL;
    reg_reg *rg = NULL;
    FILE *f = NULL;
    cli_trk_out o = {0};
    if (op.plots) {
        if (sw_plots_open(&rd, op.plots, &err)) {
            status = cli_fail("track", &err);
            goto out;
        }
        int kind = sw_plots_kind(rd);
        if (!op.dim)
            op.dim = kind == SW_MEAS_XYZ || kind == SW_MEAS_RAE ? 3 : 2;
    } else if (!op.dim) {
        /* ASTERIX: horizontal tracking with the Mode C altitude carried along, as ATC trackers
         * do, unless a 3-D radar measures elevation (docs/tracker.md, "ASTERIX input") */
        op.dim = 2;
        for (int i = 0; set && i < set->n; i++)
            if (set->s[i].type == SW_SENSOR_3D)
                op.dim = 3;
    }
    if ((op.cat062 || op.cat062_udp) && !(set && set->has_origin)) {
        fprintf(stderr, "skyweave track: CAT062 needs --origin or an 'origin' in the sensors "
                        "file (positions go out in WGS-84)\n");
        status = 2;
        goto out;
    }

    trk_params p;
    trk_params_default(&p, op.dim);
    if (!op.plots)
        p.reorder_s = 2.0; /* radars send a sector's plots at its end, ADS-B stations batch too */
    if (op.asx.udp && !op.release_given)
        op.release = TRK_RELEASE_WATERMARK; /* live: each datagram marks its sensors */
    apply(&op, &p);
    if (trk_create(&tr, &p, set, &err)) {
        status = cli_fail("track", &err);
        goto out;
    }
    if (op.out) {
        f = strcmp(op.out, "-") ? fopen(op.out, "w") : stdout;
        if (!f) {
            sw_err_set(&err, SW_EIO, "cannot write %s: %s", op.out, strerror(errno));
            status = cli_fail("track", &err);
            goto out;
        }
        sw_tracks_write_header(f, op.dim);
    }
    o.tr = tr;
    o.f = f;
    o.dim = op.dim;
    o.period = op.period;
    o.t0 = op.plots ? 0 : op.t0;
    o.c062_shift = op.plots ? op.t0 : 0;
    if (op.cat062 || op.cat062_udp) {
        ing_cat062_cfg cc = {op.sac, op.sic, 0, set->origin, op.cat062_udp, op.cat062, 0};
        if (ing_cat062_open(&o.c062, &cc, &err)) {
            status = cli_fail("track", &err);
            goto out;
        }
    }
    trk_set_listener(tr, cli_trk_out_event, &o);
    rg = cli_reg_open(set, !op.no_reg, 1);

    if (op.plots) {
        status = run_plots(&op, rd, tr, &o, rg, set);
    } else {
        op.asx.sensors_path = op.sensors;
        op.asx.set = set;
        op.asx.reg = rg;
        status = cli_track_asx_run(&op.asx, tr, &o);
    }
    if (o.c062 && ing_cat062_close(o.c062, &err) && !status)
        status = cli_fail("track", &err);
    o.c062 = NULL;
    if (f && (f == stdout ? fflush(f) != 0 : fclose(f) != 0) && !status) {
        sw_err_set(&err, SW_EIO, "cannot write %s: %s", op.out, strerror(errno));
        status = cli_fail("track", &err);
    }
    f = NULL;
out:
    if (o.c062)
        ing_cat062_close(o.c062, NULL);
    if (f && f != stdout)
        fclose(f);
    free(o.buf);
    trk_destroy(tr);
    reg_destroy(rg);
    if (rd)
        sw_plots_close(rd);
    free(set);
    return status;
}
