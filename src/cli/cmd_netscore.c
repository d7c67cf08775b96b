/* cli/cmd_netscore.c - `skyweave netscore`: commonality and per-node figures of a network run,
 * from the picture CSVs the nodes wrote (`skyweave node --workdir`). */
#include "cli_util.h"

#include "core/csv.h"
#include "core/records.h"
#include "fuse/fus_score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_netscore_summary[] = "score a network run: commonality, completeness, ambiguity";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave netscore --picture NAME=FILE --picture NAME=FILE ... [options]\n\n"
        "Reads each node's picture CSV (time_s,stn,x_m,y_m,z_m,...) and prints one JSON object:\n"
        "commonality (share of objects every node tracks under the same system track number at\n"
        "the same time) and per node completeness, ambiguity and spuriousness.\n\n"
        "  --truth FILE   truth CSV; without it the first picture's tracks are the objects\n"
        "  --gate-m M     a track belongs to the nearest object within M metres (default 2000)\n"
        "  --bin-s S      time bin (default 1)\n"
        "  --from S, --to S   scored interval in scenario seconds\n"
        "  --series       also print commonality per time bin\n");
}

typedef struct vec {
    void *p;
    int n, cap;
    size_t sz;
} vec;

static void *vpush(vec *v)
{
    if (v->n == v->cap) {
        int cap = v->cap ? 2 * v->cap : 1024;
        void *p = realloc(v->p, v->sz * (size_t)cap);
        if (!p)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    return (char *)v->p + v->sz * (size_t)v->n++;
}

static sw_rc read_picture(const char *path, int node, vec *rows, vec *truth, sw_err *err)
{
    sw_csv *c;
    sw_rc rc = sw_csv_open(&c, path, err);
    if (rc)
        return rc;
    int ct, cs, cx, cy, cz = sw_csv_col(c, "z_m"), cvx = sw_csv_col(c, "vx_mps"),
                        cvy = sw_csv_col(c, "vy_mps"), cvz = sw_csv_col(c, "vz_mps");
    if ((rc = sw_csv_need(c, "time_s", &ct, err)) || (rc = sw_csv_need(c, "stn", &cs, err)) ||
        (rc = sw_csv_need(c, "x_m", &cx, err)) || (rc = sw_csv_need(c, "y_m", &cy, err))) {
        sw_csv_close(c);
        return rc;
    }
    int k;
    while ((k = sw_csv_next(c, err)) == 1) {
        double v[8];
        if ((rc = sw_csv_num(c, ct, &v[0], err)) || (rc = sw_csv_num(c, cs, &v[1], err)) ||
            (rc = sw_csv_num(c, cx, &v[2], err)) || (rc = sw_csv_num(c, cy, &v[3], err)) ||
            (rc = sw_csv_num_or(c, cz, 0, &v[4], err)) || (rc = sw_csv_num_or(c, cvx, 0, &v[5], err)) ||
            (rc = sw_csv_num_or(c, cvy, 0, &v[6], err)) || (rc = sw_csv_num_or(c, cvz, 0, &v[7], err)))
            break;
        fus_prow *p = vpush(rows);
        fus_trow *t = truth ? vpush(truth) : NULL;
        if (!p || (truth && !t)) {
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
            break;
        }
        *p = (fus_prow){v[0], (uint32_t)v[1], node, {v[2], v[3], v[4]}};
        if (t)
            *t = (fus_trow){v[0], (uint32_t)v[1], {v[2], v[3], v[4]}, {v[5], v[6], v[7]}};
    }
    if (k < 0)
        rc = k;
    sw_csv_close(c);
    return rc;
}

static sw_rc read_truth(const char *path, vec *truth, sw_err *err)
{
    sw_state_row *rows = NULL;
    size_t n = 0;
    int dim;
    sw_rc rc = sw_states_load(path, "target_id", &rows, &n, &dim, err);
    for (size_t i = 0; !rc && i < n; i++) {
        fus_trow *t = vpush(truth);
        if (!t)
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        else
            *t = (fus_trow){rows[i].t, rows[i].id, {rows[i].x[0], rows[i].x[1], rows[i].x[2]},
                            {rows[i].x[3], rows[i].x[4], rows[i].x[5]}};
    }
    free(rows);
    return rc;
}

static void jnum(const char *k, double v, const char *sep)
{
    if (isfinite(v))
        printf("\"%s\": %.4f%s", k, v, sep);
    else
        printf("\"%s\": null%s", k, sep);
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
    vec rows = {NULL, 0, 0, sizeof(fus_prow)}, truth = {NULL, 0, 0, sizeof(fus_trow)};
    sw_err err;
    sw_err_clear(&err);
    sw_rc rc = truthf ? read_truth(truthf, &truth, &err) : SW_OK;
    for (int i = 0; i < n && !rc; i++)
        rc = read_picture(files[i], i, &rows, !truthf && i == 0 ? &truth : NULL, &err);
    fus_score s;
    if (!rc)
        rc = fus_score_run(rows.p, rows.n, n, truth.p, truth.n, &o, &s, &err);
    free(rows.p);
    free(truth.p);
    if (rc)
        return cli_fail("netscore", &err);
    printf("{");
    jnum("commonality", s.commonality, ", ");
    printf("\"pairs\": %llu, \"objects_from\": \"%s\", \"per_node\": {", (unsigned long long)s.pairs,
           truthf ? "truth" : "first picture");
    for (int i = 0; i < n; i++) {
        printf("\"%.*s\": {", (int)(files[i] - 1 - names[i]), names[i]);
        jnum("completeness", s.node[i].completeness, ", ");
        jnum("ambiguity", s.node[i].ambiguity, ", ");
        jnum("spuriousness", s.node[i].spuriousness, ", ");
        printf("\"tracks\": %llu}%s", (unsigned long long)s.node[i].tracks, i + 1 < n ? ", " : "");
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
    fus_score_free(&s);
    return 0;
}
