/* cli/cmd_score.c - `skyweave score`: OSPA, GOSPA and the SIAP figures of a tracks file against
 * the truth, as one JSON object on stdout (docs/metrics.md says how to read it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "metrics/metrics.h"

const char cmd_score_summary[] = "OSPA, GOSPA and SIAP of tracks against truth, as JSON";

static void usage(void)
{
    printf("usage: skyweave score --truth FILE --tracks FILE [options]\n\n"
           "Scores a tracks CSV (time_s,track_id,x_m,y_m[,z_m],vx_mps,vy_mps[,vz_mps]) against a\n"
           "truth CSV (time_s,target_id,...) and prints one JSON object: ospa_mean, gospa_mean,\n"
           "the c and p used, and the SIAP figures (docs/metrics.md).\n\n"
           "The truth is interpolated to every track time; a truth sample time with no track\n"
           "output anywhere near it is scored with no tracks (every object missed).\n\n"
           "options:\n"
           "  --c METRES             OSPA/GOSPA cut-off (default 1000)\n"
           "  --p P                  OSPA/GOSPA order, >= 1 (default 1)\n"
           "  --gospa-switch L       GOSPA track-switch penalty lambda (default 0: off)\n"
           "  --assoc-threshold M    SIAP track-to-truth distance (default 1000)\n"
           "  --assoc-confirm N      consecutive nearest states to associate (default 3)\n"
           "  --assoc-misses N       consecutive misses to end an association (default 2)\n"
           "  --truth-gap S          truth samples further apart than S mean the object is\n"
           "                         absent in between (default 3 x the median interval)\n"
           "  --per-step             every evaluation time counts once (Stone Soup's sums);\n"
           "                         default: weighted by the time each one stands for\n"
           "  --dim 2|3              compare 2-D or 3-D positions (default: the files' smaller)\n"
           "  --id-col NAME          the tracks' id column (default track_id; stn for a node's\n"
           "                         system-track picture)\n"
           "  --series FILE          also write the per-time figures as CSV\n"
           "  --compact              JSON on one line\n");
}

static int write_step(void *ctx, const met_score_step *s)
{
    FILE *f = ctx;
    const met_ospa_frame *o = &s->ospa;
    return fprintf(f, "%.3f,%.6g,%d,%d,%d,%d,%d,%d,%.6g,%.6g,%.6g,%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,"
                      "%.6g\n",
                   s->t, s->weight, s->gap_fill, s->J, s->N, o->n_assigned, s->JT, s->NA, o->ospa,
                   o->gospa, o->gospa_loc, o->n_truth - o->n_assigned, o->n_track - o->n_assigned,
                   o->gospa_switch, s->siap.completeness, s->siap.ambiguity,
                   s->siap.spuriousness, s->siap.position_accuracy_m,
                   s->siap.velocity_accuracy_mps) < 0;
}

static int int_opt(const char *opt, const char *v, int lo, int *out)
{
    double d;
    if (cli_num("score", opt, v, &d))
        return -1;
    if (d < lo || d > 1e6 || d != (int)d) {
        fprintf(stderr, "skyweave score: %s must be an integer >= %d\n", opt, lo);
        return -1;
    }
    *out = (int)d;
    return 0;
}

int cmd_score(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return 0;
    }
    const char *truth_path = NULL, *tracks_path = NULL, *series = NULL, *id_col = "track_id";
    int compact = 0;
    met_score_opts o;
    met_score_defaults(&o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--per-step")) {
            o.per_step = 1;
            continue;
        }
        if (!strcmp(a, "--compact")) {
            compact = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "skyweave score: %s needs a value (see --help)\n", a);
            return 2;
        }
        i++;
        int bad = 0;
        if (!strcmp(a, "--truth"))
            truth_path = v;
        else if (!strcmp(a, "--tracks"))
            tracks_path = v;
        else if (!strcmp(a, "--series"))
            series = v;
        else if (!strcmp(a, "--id-col"))
            id_col = v;
        else if (!strcmp(a, "--c"))
            bad = cli_num("score", a, v, &o.c);
        else if (!strcmp(a, "--p"))
            bad = cli_num("score", a, v, &o.p);
        else if (!strcmp(a, "--gospa-switch"))
            bad = cli_num("score", a, v, &o.switch_lambda);
        else if (!strcmp(a, "--assoc-threshold"))
            bad = cli_num("score", a, v, &o.assoc.threshold_m);
        else if (!strcmp(a, "--truth-gap"))
            bad = cli_num("score", a, v, &o.truth_gap_s);
        else if (!strcmp(a, "--assoc-confirm"))
            bad = int_opt(a, v, 1, &o.assoc.confirm);
        else if (!strcmp(a, "--assoc-misses"))
            bad = int_opt(a, v, 1, &o.assoc.misses_end);
        else if (!strcmp(a, "--dim")) {
            bad = int_opt(a, v, 2, &o.dim);
            if (!bad && o.dim > 3) {
                fprintf(stderr, "skyweave score: --dim must be 2 or 3\n");
                bad = 1;
            }
        } else {
            fprintf(stderr, "skyweave score: unknown option '%s' (see --help)\n", a);
            return 2;
        }
        if (bad)
            return 2;
    }
    if (!truth_path || !tracks_path) {
        fprintf(stderr, "skyweave score: --truth and --tracks are required (see --help)\n");
        return 2;
    }
    if (!(o.c > 0) || !(o.p >= 1) || !(o.switch_lambda >= 0) || !(o.assoc.threshold_m > 0)) {
        fprintf(stderr, "skyweave score: need --c > 0, --p >= 1, --gospa-switch >= 0 and "
                        "--assoc-threshold > 0\n");
        return 2;
    }
    sw_err err = {0};
    sw_state_row *truth = NULL, *tracks = NULL;
    size_t nt = 0, nk = 0;
    int td = 2, kd = 2, rc = 1;
    FILE *sf = NULL;
    if (met_states_load(truth_path, "target_id", &truth, &nt, &td, &err) ||
        met_states_load(tracks_path, id_col, &tracks, &nk, &kd, &err)) {
        rc = cli_fail("score", &err);
        goto out;
    }
    if (series) {
        if (!(sf = fopen(series, "w"))) {
            perror(series);
            goto out;
        }
        fputs("time_s,weight_s,truth_only,n_truth,n_tracks,n_assigned,n_truth_tracked,"
              "n_tracks_associated,ospa_m,gospa_m,gospa_localisation,gospa_missed,gospa_false,"
              "gospa_switch_m,completeness,ambiguity,spuriousness,position_accuracy_m,"
              "velocity_accuracy_mps\n", sf);
    }
    met_score s;
    if (met_score_run(truth, nt, td, tracks, nk, kd, &o, sf ? write_step : NULL, sf, &s, &err)) {
        sw_err_prefix(&err, "%s vs %s", tracks_path, truth_path);
        rc = cli_fail("score", &err);
        goto out;
    }
    if (sf) {
        int werr = ferror(sf);
        werr |= fclose(sf);
        sf = NULL;
        if (werr) {
            fprintf(stderr, "skyweave score: writing %s failed\n", series);
            goto out;
        }
    }
    char *json = met_score_json(&s, &o.assoc, truth_path, tracks_path, !compact);
    if (!json) {
        fprintf(stderr, "skyweave score: out of memory\n");
        goto out;
    }
    puts(json);
    free(json);
    rc = 0;
out:
    if (sf)
        fclose(sf);
    free(truth);
    free(tracks);
    return rc;
}
