/* fuse/fus_score.c - commonality and per-node picture figures (see fus_score.h). */
#include "fuse/fus_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double g_bin;
static long bin_of(double t) { return lround(t / g_bin); }

static int cmp_prow(const void *a, const void *b)
{
    const fus_prow *x = a, *y = b;
    long bx = bin_of(x->t), by = bin_of(y->t);
    if (bx != by)
        return bx < by ? -1 : 1;
    if (x->node != y->node)
        return x->node - y->node;
    return x->stn < y->stn ? -1 : x->stn > y->stn;
}

static int cmp_trow(const void *a, const void *b)
{
    const fus_trow *x = a, *y = b;
    long bx = bin_of(x->t), by = bin_of(y->t);
    if (bx != by)
        return bx < by ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

void fus_score_free(fus_score *s)
{
    free(s->series_t);
    free(s->series_c);
    s->series_t = s->series_c = NULL;
}

sw_rc fus_score_run(fus_prow *rows, int n_rows, int n_nodes, fus_trow *truth, int n_truth,
                    const fus_score_opts *o, fus_score *out, sw_err *err)
{
    memset(out, 0, sizeof *out);
    if (n_nodes < 1 || n_nodes > FUS_SCORE_NODES)
        return sw_err_set(err, SW_EINVAL, "score: 1..%d pictures", FUS_SCORE_NODES);
    out->n_nodes = n_nodes;
    g_bin = o->bin_s > 0 ? o->bin_s : 1.0;
    qsort(rows, (size_t)n_rows, sizeof *rows, cmp_prow);
    qsort(truth, (size_t)n_truth, sizeof *truth, cmp_trow);
    int cap = n_rows > 0 ? (int)(bin_of(rows[n_rows - 1].t) - bin_of(rows[0].t) + 2) : 1;
    out->series_t = malloc(sizeof(double) * (size_t)cap);
    out->series_c = malloc(sizeof(double) * (size_t)cap);
    /* per object in a bin: the STN each node gives it (0 = none), and how many tracks */
    int maxj = 0;
    for (int a = 0, b; a < n_truth; a = b) {
        for (b = a; b < n_truth && bin_of(truth[b].t) == bin_of(truth[a].t); b++)
            ;
        if (b - a > maxj)
            maxj = b - a;
    }
    uint32_t *stn = calloc((size_t)(maxj + 1) * (size_t)n_nodes, sizeof *stn);
    double *dist = calloc((size_t)(maxj + 1) * (size_t)n_nodes, sizeof *dist);
    int *cnt = calloc((size_t)(maxj + 1) * (size_t)n_nodes, sizeof *cnt);
    if (!out->series_t || !out->series_c || !stn || !dist || !cnt) {
        free(stn), free(dist), free(cnt);
        fus_score_free(out);
        return sw_err_set(err, SW_ENOMEM, "score: out of memory");
    }
    int ti = 0;
    for (int a = 0, b; a < n_rows; a = b) {
        long bin = bin_of(rows[a].t);
        for (b = a; b < n_rows && bin_of(rows[b].t) == bin; b++)
            ;
        double bt = (double)bin * g_bin;
        if (bt < o->from || bt > o->to)
            continue;
        uint32_t seen = 0;
        for (int k = a; k < b; k++)
            seen |= 1u << rows[k].node;
        if (seen != (n_nodes == 32 ? 0xffffffffu : (1u << n_nodes) - 1))
            continue; /* some node wrote nothing in this bin: not comparable */
        while (ti < n_truth && bin_of(truth[ti].t) < bin)
            ti++;
        int t0 = ti, t1 = ti;
        while (t1 < n_truth && bin_of(truth[t1].t) == bin)
            t1++;
        int nj = t1 - t0;
        memset(stn, 0, sizeof *stn * (size_t)(maxj + 1) * (size_t)n_nodes);
        memset(cnt, 0, sizeof *cnt * (size_t)(maxj + 1) * (size_t)n_nodes);
        for (int k = a; k < b; k++) {
            const fus_prow *p = &rows[k];
            int best = -1;
            double bd = o->gate_m;
            for (int j = 0; j < nj; j++) {
                const fus_trow *tr = &truth[t0 + j];
                double dt = p->t - tr->t, d2 = 0;
                for (int i = 0; i < 3; i++) {
                    double e = p->x[i] - (tr->x[i] + dt * tr->v[i]);
                    d2 += e * e;
                }
                if (sqrt(d2) < bd) {
                    bd = sqrt(d2);
                    best = j;
                }
            }
            out->tracks[p->node]++;
            if (best < 0)
                continue;
            size_t c = (size_t)best * (size_t)n_nodes + (size_t)p->node;
            if (!cnt[c]++ || bd < dist[c]) {
                stn[c] = p->stn;
                dist[c] = bd;
            }
        }
        uint64_t pairs = 0, common = 0;
        for (int j = 0; j < nj; j++) {
            int all = 1;
            for (int n = 0; n < n_nodes; n++)
                if (!cnt[(size_t)j * (size_t)n_nodes + (size_t)n])
                    all = 0;
            if (!all)
                continue;
            pairs++;
            int same = 1;
            for (int n = 1; n < n_nodes; n++)
                same &= stn[(size_t)j * (size_t)n_nodes + (size_t)n] == stn[(size_t)j * (size_t)n_nodes];
            common += (uint64_t)same;
        }
        out->pairs += pairs;
        out->objects += (uint64_t)nj;
        out->common += common;
        out->series_t[out->n_series] = bt;
        out->series_c[out->n_series++] = pairs ? (double)common / (double)pairs : NAN;
    }
    out->commonality = out->pairs ? (double)out->common / (double)out->pairs : NAN;
    free(stn);
    free(dist);
    free(cnt);
    return SW_OK;
}
