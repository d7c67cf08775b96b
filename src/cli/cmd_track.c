/* cli/cmd_track.c - `skyweave track`: offline tracking of a plots CSV into a tracks CSV.
 *
 * The plots are fed to the streaming tracker (track/track.h) in file order, exactly as a node
 * feeds it live; every time the tracker has processed all plots of one distinct time t it says
 * so (TRK_EV_TIME), and the command writes one row per confirmed track predicted to t. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "core/records.h"
#include "geo/sensors.h"
#include "track/track.h"

const char cmd_track_summary[] = "track a plots CSV into a tracks CSV";

static const char usage_text[] =
    "usage: skyweave track --plots FILE --out FILE [options]\n"
    "\n"
    "Tracks the plots (ARCHITECTURE §4 plots CSV, Cartesian or polar) and writes, for every\n"
    "distinct plot time, one row per confirmed track at that time (tracks CSV, \"-\" = stdout).\n"
    "\n"
    "options (defaults in brackets):\n"
    "  --sensors FILE       sensors file: sites and accuracies (needed for polar plots)\n"
    "  --origin LAT,LON,ALT common ENU frame origin (overrides the sensors file's)\n"
    "  --dim 2|3            tracking dimension [3 if the plots have z or elevation, else 2]\n"
    "  --filter cv|ca|imm   motion model: constant velocity, constant acceleration, or an IMM of\n"
    "                       constant velocity + coordinated turn [imm]\n"
    "  --imm-ca             the IMM also carries a constant-acceleration model\n"
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
    "  --reorder S          reordering window for out-of-order plots, s [1]\n"
    "  --batch S            plots of one sensor within S s are associated jointly [0.2]\n"
    "  --stats              print a summary on stderr\n";

typedef struct out_ctx {
    trk_tracker *tr;
    FILE *f;
    int dim;
    sw_track *buf;
    size_t cap;
    size_t rows;
    int failed;
} out_ctx;

static int by_id(const void *a, const void *b)
{
    const sw_track *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static void on_event(void *vctx, unsigned ev, double t, const sw_track *trk)
{
    out_ctx *o = vctx;
    (void)trk;
    if (ev != TRK_EV_TIME || o->failed)
        return;
    size_t n = trk_list(o->tr, SW_TRK_CONFIRMED, t, o->buf, o->cap);
    if (n > o->cap) {
        size_t nc = o->cap ? o->cap : 256;
        while (nc < n)
            nc *= 2;
        sw_track *b = realloc(o->buf, nc * sizeof *b);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = nc;
        n = trk_list(o->tr, SW_TRK_CONFIRMED, t, o->buf, o->cap);
    }
    qsort(o->buf, n, sizeof *o->buf, by_id);
    for (size_t i = 0; i < n; i++)
        sw_tracks_write(o->f, o->dim, &o->buf[i]);
    o->rows += n;
}

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

int cmd_track(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return 0;
    }
    const char *plots = NULL, *out = NULL, *sensors = NULL;
    double origin[3], v;
    int has_origin = 0, dim = 0, stats = 0, filter = TRK_FILTER_IMM, assoc = TRK_ASSOC_GNN;
    int polar = TRK_POLAR_EKF, imm_ca = 0, cm = -1, cn = -1, del = -1, no_height = 0;
    int cim = -1, cin = -1;
    double gate = NAN, pd = NAN, clutter = NAN, q = NAN, qturn = NAN, vmax = NAN, revisit = NAN;
    double alt = NAN, reorder = NAN, batch = NAN, modec_sd = NAN;
    static const char *const filters[] = {"cv", "ca", "imm", NULL};
    static const char *const assocs[] = {"gnn", "jpda", NULL};
    static const char *const polars[] = {"ekf", "converted", NULL};
    struct {
        const char *name;
        double *dst;
    } nums[] = {{"--gate", &gate},     {"--pd", &pd},         {"--clutter", &clutter},
                {"--q", &q},           {"--q-turn", &qturn},  {"--max-speed", &vmax},
                {"--revisit", &revisit}, {"--assumed-alt", &alt}, {"--reorder", &reorder},
                {"--batch", &batch},   {"--modec-sd", &modec_sd}};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        int used = 1, matched = 0;
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++)
            if (!strcmp(a, nums[k].name)) {
                matched = 1;
                if (!val || cli_num("track", a, val, nums[k].dst))
                    goto bad_value;
            }
        if (matched) {
            i += used;
            continue;
        }
        if (!strcmp(a, "--stats") || !strcmp(a, "--imm-ca") || !strcmp(a, "--no-height")) {
            *(a[2] == 's' ? &stats : a[2] == 'i' ? &imm_ca : &no_height) = 1;
            continue;
        }
        if (!val)
            goto bad_value;
        if (!strcmp(a, "--plots"))
            plots = val;
        else if (!strcmp(a, "--out"))
            out = val;
        else if (!strcmp(a, "--sensors"))
            sensors = val;
        else if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("track", a, val, origin))
                return 2;
            has_origin = 1;
        } else if (!strcmp(a, "--dim")) {
            if (cli_num("track", a, val, &v) || (v != 2 && v != 3)) {
                fprintf(stderr, "skyweave track: --dim must be 2 or 3\n");
                return 2;
            }
            dim = (int)v;
        } else if (!strcmp(a, "--filter")) {
            if (pick(a, val, filters, &filter))
                return 2;
        } else if (!strcmp(a, "--assoc")) {
            if (pick(a, val, assocs, &assoc))
                return 2;
        } else if (!strcmp(a, "--polar")) {
            if (pick(a, val, polars, &polar))
                return 2;
        } else if (!strcmp(a, "--confirm")) {
            if (sscanf(val, "%d/%d", &cm, &cn) != 2) {
                fprintf(stderr, "skyweave track: --confirm: expected M/N, got '%s'\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--confirm-id")) {
            if (sscanf(val, "%d/%d", &cim, &cin) != 2) {
                fprintf(stderr, "skyweave track: --confirm-id: expected M/N, got '%s'\n", val);
                return 2;
            }
        } else if (!strcmp(a, "--delete")) {
            if (cli_num("track", a, val, &v) || v != floor(v)) {
                fprintf(stderr, "skyweave track: --delete needs a whole number\n");
                return 2;
            }
            del = (int)v;
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
    if (!plots || !out) {
        fprintf(stderr, "skyweave track: --plots and --out are required\n\n%s", usage_text);
        return 2;
    }

    sw_err err = {0};
    geo_frame of;
    if (has_origin)
        geo_frame_init(&of, origin[0], origin[1], origin[2]);
    geo_sensor_set *set = NULL;
    if (sensors) {
        set = malloc(sizeof *set);
        if (!set || geo_sensors_load(set, sensors, has_origin ? &of : NULL, &err)) {
            free(set);
            return cli_fail("track", &err);
        }
    } else if (has_origin) {
        set = calloc(1, sizeof *set);
        if (!set)
            return 1;
        set->origin = of;
        set->has_origin = 1;
    }
    sw_plot_reader *rd;
    if (sw_plots_open(&rd, plots, &err)) {
        free(set);
        return cli_fail("track", &err);
    }
    int kind = sw_plots_kind(rd);
    if (!dim)
        dim = kind == SW_MEAS_XYZ || kind == SW_MEAS_RAE ? 3 : 2;

    trk_params p;
    trk_params_default(&p, dim);
    p.filter = filter;
    p.assoc = assoc;
    p.polar = polar;
    p.imm_ca = imm_ca;
    p.events = TRK_EV_TIME;
    if (!isnan(gate)) p.gate_prob = gate;
    if (!isnan(pd)) p.pd = pd;
    if (!isnan(clutter)) p.clutter_density = clutter;
    if (!isnan(q)) p.q_cv = q;
    if (!isnan(qturn)) p.q_omega = qturn;
    if (!isnan(vmax)) p.max_speed_mps = vmax;
    if (!isnan(revisit)) p.revisit_s = revisit;
    if (!isnan(alt)) p.assumed_alt_m = alt;
    if (!isnan(reorder)) p.reorder_s = reorder;
    if (!isnan(batch)) p.batch_s = batch;
    if (cm > 0) {
        p.confirm_m = cm;
        p.confirm_n = cn;
    }
    if (cim > 0) {
        p.confirm_id_m = cim;
        p.confirm_id_n = cin;
    }
    if (!isnan(modec_sd)) p.modec_sd_m = modec_sd;
    if (no_height) p.height_meas = 0;
    if (del >= 0)
        p.delete_misses = del;
    trk_tracker *tr;
    if (trk_create(&tr, &p, set, &err)) {
        sw_plots_close(rd);
        free(set);
        return cli_fail("track", &err);
    }
    free(set);
    FILE *f = strcmp(out, "-") ? fopen(out, "w") : stdout;
    if (!f) {
        sw_err_set(&err, SW_EIO, "cannot write %s: %s", out, strerror(errno));
        trk_destroy(tr);
        sw_plots_close(rd);
        return cli_fail("track", &err);
    }
    sw_tracks_write_header(f, dim);
    out_ctx o = {tr, f, dim, NULL, 0, 0, 0};
    trk_set_listener(tr, on_event, &o);

    sw_plot pl;
    int got, rc = 0;
    size_t n = 0;
    while ((got = sw_plots_next(rd, &pl, &err)) == 1) {
        if (trk_add_plot(tr, &pl, &err)) {
            sw_err_prefix(&err, "%s:%d", plots, sw_plots_line(rd));
            got = -1;
            break;
        }
        n++;
        if (o.failed)
            break;
    }
    if (got == 0 && !n) {
        sw_err_set(&err, SW_EFORMAT, "%s: no plots (only a header)", plots);
        got = -1;
    }
    if (got == 0 && trk_flush(tr, &err))
        got = -1;
    if (o.failed) {
        sw_err_set(&err, SW_ENOMEM, "out of memory");
        got = -1;
    }
    if (got < 0)
        rc = cli_fail("track", &err);
    int to_stdout = f == stdout;
    if (to_stdout ? fflush(f) != 0 : fclose(f) != 0) {
        if (!rc) {
            sw_err_set(&err, SW_EIO, "cannot write %s: %s", out, strerror(errno));
            rc = cli_fail("track", &err);
        }
    }
    if (stats && !rc) {
        trk_stats st;
        trk_get_stats(tr, &st);
        fprintf(stderr,
                "skyweave track: %zu plots, %zu rows; tracks started %llu, confirmed %llu, "
                "deleted %llu, live %zu (%zu confirmed); clutter %.3g /m^2/scan\n",
                n, o.rows, (unsigned long long)st.tracks_started,
                (unsigned long long)st.tracks_confirmed, (unsigned long long)st.tracks_deleted,
                st.tracks_live, st.tracks_confirmed_live, st.clutter_density);
    }
    free(o.buf);
    trk_destroy(tr);
    sw_plots_close(rd);
    return rc;
}
