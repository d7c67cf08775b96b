/* cli/cmd_netscore.c - `skyweave netscore`: commonality across the nodes of a network run, and
 * each node's picture scored against the truth (SIAP, OSPA and GOSPA from metrics/), from the
 * picture CSVs the nodes wrote (`skyweave node --workdir`). */
#include "cli_util.h"

#include "core/records.h"
#include "fuse/fus_score.h"
#include "metrics/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_netscore_summary[] = "score a network run: commonality, per-node SIAP";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave netscore --picture NAME=FILE --picture NAME=FILE ... [options]\n\n"
        "Reads each node's picture CSV (time_s,stn,x_m,y_m,z_m,vx_mps,...) and prints one JSON\n"
        "object: commonality (share of objects every node tracks under the same system track\n"
        "number at the same time), held_by_all (share of objects every node tracks at all)\n"
        "and, with --truth, each node's picture scored as\n"
        "`skyweave score` scores a tracks file (SIAP, OSPA, GOSPA; metrics/).\n\n"
        "  --truth FILE   truth CSV; without it the first picture's tracks are the objects\n"
        "                 (commonality only)\n"
        "  --gate-m M     commonality: a track belongs to the nearest object within M m (2000)\n"
        "  --bin-s S      commonality: time bin (default 1)\n"
        "  --from S, --to S   scored interval in scenario seconds\n"
        "  --series       also print commonality per time bin\n");
}

static void jnum(const char *k, double v, const char *sep)
{
    if (isfinite(v))
        printf("\"%s\": %.4f%s", k, v, sep);
    else
        printf("\"%s\": null%s", k, sep);
}

/* rows of a picture inside [from, to] */
static size_t window(sw_state_row *r, size_t n, double from, double to)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].t >= from && r[i].t <= to)
            r[k++] = r[i];
    return k;
}

static int node_siap(const sw_state_row *truth, size_t nt, int tdim, const sw_state_row *pic,
                     size_t np, int pdim, double from, double to, met_score *out, sw_err *err)
{
    sw_state_row *tw = malloc(sizeof *tw * (nt ? nt : 1));
    if (!tw)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    memcpy(tw, truth, sizeof *tw * nt);
    size_t k = window(tw, nt, from, to);
    met_score_opts o;
    met_score_defaults(&o);
    sw_rc rc = met_score_run(tw, k, tdim, pic, np, pdim, &o, NULL, NULL, out, err);
    free(tw);
    return rc;
}

int cmd_netscore(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    const char *names[FUS_SCORE_NODES], *files[FUS_SCORE_NODES], *truthf = NULL;
    int n = 0, series = 0;
    fus_score_opts o = {2000, 1, -INFINITY, INFINITY};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--series")) {
            series = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "skyweave netscore: '%s' needs a value or is unknown\n", a);
            return 2;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--picture")) {
            const char *eq = strchr(v, '=');
            if (!eq || n == FUS_SCORE_NODES) {
                fprintf(stderr, "skyweave netscore: --picture NAME=FILE (at most %d)\n", FUS_SCORE_NODES);
                return 2;
            }
            names[n] = v;
            files[n++] = eq + 1;
        } else if (!strcmp(a, "--truth"))
            truthf = v;
        else if (!strcmp(a, "--gate-m")) {
            if (cli_num("netscore", a, v, &o.gate_m) || o.gate_m <= 0)
                return 2;
        } else if (!strcmp(a, "--bin-s")) {
            if (cli_num("netscore", a, v, &o.bin_s) || o.bin_s <= 0)
                return 2;
        } else if (!strcmp(a, "--from")) {
            if (cli_num("netscore", a, v, &o.from))
                return 2;
        } else if (!strcmp(a, "--to")) {
            if (cli_num("netscore", a, v, &o.to))
                return 2;
        } else {
            fprintf(stderr, "skyweave netscore: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (n < 1) {
        usage(stderr);
        return 2;
    }
    sw_err err;
    sw_err_clear(&err);
    sw_state_row *truth = NULL, *pic[FUS_SCORE_NODES] = {0};
    size_t nt = 0, np[FUS_SCORE_NODES] = {0}, total = 0;
    int tdim = 3, pdim[FUS_SCORE_NODES];
    sw_rc rc = truthf ? sw_states_load(truthf, "target_id", &truth, &nt, &tdim, &err) : SW_OK;
    for (int i = 0; i < n && !rc; i++)
        rc = sw_states_load(files[i], "stn", &pic[i], &np[i], &pdim[i], &err);
    /* score only while every node was writing its picture (rows are sorted by time) */
    for (int i = 0; i < n && !rc; i++)
        if (np[i]) {
            if (pic[i][0].t > o.from)
                o.from = pic[i][0].t;
            if (pic[i][np[i] - 1].t < o.to)
                o.to = pic[i][np[i] - 1].t;
        }
    for (int i = 0; i < n && !rc; i++)
        total += np[i] = window(pic[i], np[i], o.from, o.to);
    /* commonality: every node's rows against the objects (truth, or the first picture) */
    fus_prow *rows = rc ? NULL : malloc(sizeof *rows * (total ? total : 1));
    const sw_state_row *obj = truthf ? truth : pic[0];
    size_t nobj = truthf ? nt : np[0];
    fus_trow *objs = rc ? NULL : malloc(sizeof *objs * (nobj ? nobj : 1));
    if (!rc && (!rows || !objs))
        rc = sw_err_set(&err, SW_ENOMEM, "out of memory");
    fus_score s;
    memset(&s, 0, sizeof s);
    if (!rc) {
        size_t k = 0;
        for (int i = 0; i < n; i++)
            for (size_t j = 0; j < np[i]; j++)
                rows[k++] = (fus_prow){pic[i][j].t, pic[i][j].id, i,
                                       {pic[i][j].x[0], pic[i][j].x[1], pic[i][j].x[2]}};
        for (size_t j = 0; j < nobj; j++)
            objs[j] = (fus_trow){obj[j].t, obj[j].id, {obj[j].x[0], obj[j].x[1], obj[j].x[2]},
                                 {obj[j].x[3], obj[j].x[4], obj[j].x[5]}};
        rc = fus_score_run(rows, (int)total, n, objs, (int)nobj, &o, &s, &err);
    }
    met_score ms[FUS_SCORE_NODES];
    for (int i = 0; i < n && !rc && truthf; i++)
        rc = node_siap(truth, nt, tdim, pic[i], np[i], pdim[i], o.from, o.to, &ms[i], &err);
    free(rows);
    free(objs);
    if (!rc) {
        printf("{");
        jnum("commonality", s.commonality, ", ");
        jnum("held_by_all", s.objects ? (double)s.pairs / (double)s.objects : NAN, ", ");
        printf("\"pairs\": %llu, \"objects_from\": \"%s\", \"per_node\": {",
               (unsigned long long)s.pairs, truthf ? "truth" : "first picture");
        for (int i = 0; i < n; i++) {
            printf("\"%.*s\": {", (int)(files[i] - 1 - names[i]), names[i]);
            if (truthf) {
                const met_siap *q = &ms[i].siap;
                jnum("completeness", q->completeness, ", ");
                jnum("ambiguity", q->ambiguity, ", ");
                jnum("spuriousness", q->spuriousness, ", ");
                jnum("position_accuracy_m", q->position_accuracy_m, ", ");
                jnum("velocity_accuracy_mps", q->velocity_accuracy_mps, ", ");
                jnum("track_number_changes_per_target_s", q->track_number_changes_per_target_s, ", ");
                jnum("longest_segment", q->longest_segment, ", ");
                jnum("ospa_mean", ms[i].ospa_mean, ", ");
            }
            printf("\"tracks\": %llu}%s", (unsigned long long)np[i], i + 1 < n ? ", " : "");
        }
        printf("}");
        if (series) {
            printf(", \"series\": [");
            for (int i = 0; i < s.n_series; i++)
                if (isfinite(s.series_c[i]))
                    printf("%s[%.1f, %.4f]", i ? ", " : "", s.series_t[i], s.series_c[i]);
                else
                    printf("%s[%.1f, null]", i ? ", " : "", s.series_t[i]);
            printf("]");
        }
        printf("}\n");
    }
    fus_score_free(&s);
    free(truth);
    for (int i = 0; i < n; i++)
        free(pic[i]);
    return rc ? cli_fail("netscore", &err) : 0;
}
