/* cli/cmd_netscore.c - `skyweave netscore`: commonality across the nodes of a network run, and
 * each node's picture scored against the truth (SIAP, OSPA and GOSPA from metrics/), from the
 * picture CSVs the nodes wrote (`skyweave node --workdir`).  Commonality is metrics/'
 * definition (met_commonality), the one the demo's scorecard gives. */
#include "cli_util.h"

#include "core/records.h"
#include "metrics/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_netscore_summary[] = "score a network run: commonality, per-node SIAP";

#define NETSCORE_NODES 32

typedef struct netscore_opts {
    double gate_m, bin_s, from, to;
} netscore_opts;

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave netscore --picture NAME=FILE --picture NAME=FILE ... [options]\n\n"
        "Reads each node's picture CSV (time_s,stn,x_m,y_m,z_m,vx_mps,...) and prints one JSON\n"
        "object: commonality (of the (object, time) samples some node holds, the share that\n"
        "every node holds under one and the same system track number: the scorecard's figure),\n"
        "held_by_all (share of samples every node holds at all), pairs (how many those are),\n"
        "each node's share of samples under the agreed number and, with --truth, each node's\n"
        "picture scored as `skyweave score` scores a tracks file (SIAP, OSPA, GOSPA).\n\n"
        "  --truth FILE   truth CSV; without it the first picture's tracks are the objects\n"
        "                 (commonality only)\n"
        "  --gate-m M     association threshold of a track to an object, m (2000)\n"
        "  --bin-s S      --series: time bin (default 1)\n"
        "  --from S, --to S   scored interval in scenario seconds (associations made before\n"
        "                 it count; default: while every node wrote its picture)\n"
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

/* per bin of bin_s: [bin time, common / held samples] (null when none is held) */
static void print_series(const met_common_step *st, size_t n, double bin_s)
{
    printf(", \"series\": [");
    for (size_t a = 0, b, k = 0; a < n; a = b, k++) {
        long bin = lround(st[a].t / bin_s);
        uint64_t held = 0, common = 0;
        for (b = a; b < n && lround(st[b].t / bin_s) == bin; b++) {
            held += st[b].held;
            common += st[b].common;
        }
        if (held)
            printf("%s[%.1f, %.4f]", k ? ", " : "", (double)bin * bin_s,
                   (double)common / (double)held);
        else
            printf("%s[%.1f, null]", k ? ", " : "", (double)bin * bin_s);
    }
    printf("]");
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
    const char *names[NETSCORE_NODES], *files[NETSCORE_NODES], *truthf = NULL;
    int n = 0, series = 0;
    netscore_opts o = {2000, 1, -INFINITY, INFINITY};
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
            if (!eq || n == NETSCORE_NODES) {
                fprintf(stderr, "skyweave netscore: --picture NAME=FILE (at most %d)\n", NETSCORE_NODES);
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
    sw_state_row *truth = NULL, *pic[NETSCORE_NODES] = {0};
    size_t nt = 0, np[NETSCORE_NODES] = {0};
    int tdim = 3, pdim[NETSCORE_NODES], dim = 3;
    sw_rc rc = truthf ? sw_states_load(truthf, "target_id", &truth, &nt, &tdim, &err) : SW_OK;
    for (int i = 0; i < n && !rc; i++) {
        rc = sw_states_load(files[i], "stn", &pic[i], &np[i], &pdim[i], &err);
        if (!rc && pdim[i] < dim)
            dim = pdim[i];
    }
    if (truthf && tdim < dim)
        dim = tdim;
    /* score only while every node was writing its picture (rows are sorted by time) */
    for (int i = 0; i < n && !rc; i++)
        if (np[i]) {
            if (pic[i][0].t > o.from)
                o.from = pic[i][0].t;
            if (pic[i][np[i] - 1].t < o.to)
                o.to = pic[i][np[i] - 1].t;
        }
    /* commonality: every node's picture against the objects (the truth, or the first picture) */
    met_picture mp[NETSCORE_NODES];
    for (int i = 0; i < n; i++)
        mp[i] = (met_picture){names[i], pic[i], np[i]};
    met_assoc_cfg assoc = {o.gate_m, 3, 2};
    met_commonality c;
    met_common_step *steps = NULL;
    size_t nsteps = 0;
    memset(&c, 0, sizeof c);
    if (!rc)
        rc = met_commonality_between(truthf ? truth : pic[0], truthf ? nt : np[0], mp, n, &assoc,
                                     0, dim, o.from, o.to, &c, &steps, &nsteps, &err);
    met_score ms[NETSCORE_NODES];
    for (int i = 0; i < n && !rc && truthf; i++) {
        size_t k = window(pic[i], np[i], o.from, o.to);
        rc = node_siap(truth, nt, tdim, pic[i], k, pdim[i], o.from, o.to, &ms[i], &err);
    }
    if (!rc) {
        printf("{");
        jnum("commonality", c.commonality, ", ");
        jnum("held_by_all", c.samples ? (double)c.samples_all / (double)c.samples : NAN, ", ");
        jnum("node_agreement", c.node_agreement, ", ");
        printf("\"pairs\": %zu, \"samples\": %zu, \"objects_from\": \"%s\", \"per_node\": {",
               c.samples_all, c.samples, truthf ? "truth" : "first picture");
        for (int i = 0; i < n; i++) {
            printf("\"%.*s\": {", (int)(files[i] - 1 - names[i]), names[i]);
            jnum("commonality", c.node_share[i], ", ");
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
            printf("\"tracks\": %zu}%s", np[i], i + 1 < n ? ", " : "");
        }
        printf("}");
        if (series) /* per bin: common / held samples of the bin (null: none held) */
            print_series(steps, nsteps, o.bin_s);
        printf("}\n");
    }
    free(steps);
    free(truth);
    for (int i = 0; i < n; i++)
        free(pic[i]);
    return rc ? cli_fail("netscore", &err) : 0;
}
