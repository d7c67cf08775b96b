/* metrics/commonality.c - do all nodes hold the same system track number for the same object?
 * (definition in metrics.h).  Each node's picture is associated with the truth on its own;
 * associations are intervals, so the nodes' different output times do not matter: at each
 * truth sample time every node is asked which STNs it holds for each object. */
#include "metrics/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/spatial.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

sw_rc met_associate(met_truth *truth, const sw_state_row *rows, size_t n, int dim,
                    const met_assoc_cfg *cfg, met_assoc **list, size_t *na, uint32_t **ids,
                    size_t *nids, sw_err *err)
{
    *list = NULL;
    *ids = NULL;
    *na = *nids = 0;
    size_t nobj = met_truth_objects(truth), maxf = 0, m = 0;
    uint32_t *id = malloc((n ? n : 1) * sizeof *id);
    met_point *X = malloc((nobj ? nobj : 1) * sizeof *X);
    met_t2t *t2t = NULL;
    met_spatial sp = {0};
    met_point *Y = NULL;
    int64_t *near = NULL;
    sw_rc rc = SW_OK;
    if (!id || !X) {
        rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++)
        id[k] = rows[k].id;
    for (size_t k = 0; k < n;) { /* the largest number of rows at one time */
        size_t e = k;
        while (e < n && rows[e].t == rows[k].t)
            e++;
        if (e - k > maxf)
            maxf = e - k;
        k = e;
    }
    if (n > 1)
        qsort(id, n, sizeof *id, cmp_u32);
    for (size_t k = 0; k < n; k++)
        if (m == 0 || id[k] != id[m - 1])
            id[m++] = id[k];
    Y = malloc((maxf ? maxf : 1) * sizeof *Y);
    near = malloc((maxf ? maxf : 1) * sizeof *near);
    if (!Y || !near) {
        rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = met_t2t_new(&t2t, cfg, err)))
        goto out;
    double t0, t1;
    int has = met_truth_span(truth, &t0, &t1);
    for (size_t k = 0; k < n && !rc;) {
        size_t e = k;
        while (e < n && rows[e].t == rows[k].t)
            e++;
        double t = rows[k].t;
        if (has && t >= t0 && t <= t1) {
            size_t nx = met_truth_at(truth, t, X);
            for (size_t q = k; q < e; q++) {
                const sw_state_row *r = &rows[q];
                size_t lo = 0, hi = m;
                while (lo < hi) {
                    size_t mid = lo + (hi - lo) / 2;
                    if (id[mid] < r->id)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                memcpy(Y[q - k].x, r->x, sizeof r->x);
                Y[q - k].obj = (uint32_t)lo;
                Y[q - k].id = r->id;
            }
            if (met_nearest(&sp, cfg->threshold_m, dim, X, nx, Y, e - k, near)) {
                rc = sw_err_set(err, SW_ENOMEM, "out of memory");
                break;
            }
            for (size_t q = 0; q < e - k && !rc; q++)
                rc = met_t2t_feed(t2t, Y[q].obj, t, near[q], err);
        }
        k = e;
    }
    const met_assoc *as;
    size_t cnt;
    if (!rc && !(rc = met_t2t_finish(t2t, &as, &cnt, err))) {
        *list = malloc((cnt ? cnt : 1) * sizeof **list);
        if (!*list) {
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        } else {
            if (cnt)
                memcpy(*list, as, cnt * sizeof *as);
            *na = cnt;
            *ids = id;
            *nids = m;
            id = NULL;
        }
    }
out:
    free(id);
    free(X);
    free(Y);
    free(near);
    met_spatial_free(&sp);
    met_t2t_free(t2t);
    return rc;
}

/* One node's associations regrouped by truth object: off[j] .. off[j+1] in a[]. */
typedef struct node_assoc {
    met_assoc *a;
    size_t na;
    uint32_t *ids;    /* track index -> STN */
    size_t nids;
    size_t *off;
} node_assoc;

static int cmp_truth_t0(const void *x, const void *y)
{
    const met_assoc *a = x, *b = y;
    if (a->truth != b->truth)
        return a->truth < b->truth ? -1 : 1;
    return a->t0 < b->t0 ? -1 : a->t0 > b->t0;
}

static sw_rc node_prepare(node_assoc *na, size_t nobj)
{
    if (na->na > 1)
        qsort(na->a, na->na, sizeof *na->a, cmp_truth_t0);
    na->off = calloc(nobj + 1, sizeof *na->off);
    if (!na->off)
        return SW_ENOMEM;
    for (size_t k = 0; k < na->na; k++)
        na->off[na->a[k].truth + 1]++;
    for (size_t j = 0; j < nobj; j++)
        na->off[j + 1] += na->off[j];
    return SW_OK;
}

/* The STNs node holds for object j at time t: count, and the first one in *stn. */
static int held(const node_assoc *na, uint32_t j, double t, uint32_t *stn, uint32_t *all,
                int room)
{
    int k = 0;
    for (size_t q = na->off[j]; q < na->off[j + 1]; q++)
        if (na->a[q].t0 <= t && t <= na->a[q].t1) {
            uint32_t s = na->ids[na->a[q].track];
            if (k == 0)
                *stn = s;
            if (k < room)
                all[k] = s;
            k++;
        }
    return k;
}

sw_rc met_commonality_run(const sw_state_row *truth, size_t nt, const met_picture *nodes,
                          int n_nodes, const met_assoc_cfg *assoc, double truth_gap_s, int dim,
                          met_commonality *out, sw_err *err)
{
    return met_commonality_between(truth, nt, nodes, n_nodes, assoc, truth_gap_s, dim, -INFINITY,
                                   INFINITY, out, NULL, NULL, err);
}

sw_rc met_commonality_between(const sw_state_row *truth, size_t nt, const met_picture *nodes,
                              int n_nodes, const met_assoc_cfg *assoc, double truth_gap_s,
                              int dim, double from, double to, met_commonality *out,
                              met_common_step **steps, size_t *n_steps, sw_err *err)
{
    memset(out, 0, sizeof *out);
    if (steps) {
        *steps = NULL;
        *n_steps = 0;
    }
    out->commonality = out->node_agreement = NAN;
    if (n_nodes < 1 || n_nodes > MET_MAX_NODES)
        return sw_err_set(err, SW_EINVAL, "commonality: 1 to %d nodes, not %d", MET_MAX_NODES,
                          n_nodes);
    if (dim != 2 && dim != 3)
        return sw_err_set(err, SW_EINVAL, "commonality: dim must be 2 or 3");
    out->n_nodes = n_nodes;
    met_truth *tr = NULL;
    node_assoc na[MET_MAX_NODES];
    memset(na, 0, sizeof na);
    met_point *X = NULL;
    sw_rc rc = met_truth_new(&tr, truth, nt, truth_gap_s, err);
    if (rc)
        return rc;
    size_t nobj = met_truth_objects(tr);
    for (int n = 0; n < n_nodes && !rc; n++) {
        rc = met_associate(tr, nodes[n].rows, nodes[n].n, dim, assoc, &na[n].a, &na[n].na,
                           &na[n].ids, &na[n].nids, err);
        if (rc)
            sw_err_prefix(err, "node %s", nodes[n].name ? nodes[n].name : "?");
        else if (node_prepare(&na[n], nobj))
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    if (!rc && !(X = malloc((nobj ? nobj : 1) * sizeof *X)))
        rc = sw_err_set(err, SW_ENOMEM, "out of memory");
    size_t nts = 0;
    const double *ts = rc ? NULL : met_truth_times(tr, &nts);
    if (!rc && steps && !(*steps = malloc((nts ? nts : 1) * sizeof **steps)))
        rc = sw_err_set(err, SW_ENOMEM, "out of memory");
    double agree_sum = 0, share[MET_MAX_NODES] = {0};
    for (size_t q = 0; q < nts && !rc; q++) {
        if (!(ts[q] >= from && ts[q] <= to))
            continue;
        size_t nx = met_truth_at(tr, ts[q], X);
        met_common_step st = {ts[q], (uint32_t)nx, 0, 0, 0};
        for (size_t i = 0; i < nx; i++) {
            uint32_t j = X[i].obj, first[MET_MAX_NODES], votes[4 * MET_MAX_NODES];
            int cnt[MET_MAX_NODES], nv = 0, any = 0, all = 1, common = 1;
            for (int n = 0; n < n_nodes; n++) {
                cnt[n] = held(&na[n], j, ts[q], &first[n], votes + nv, 4);
                nv += cnt[n] < 4 ? cnt[n] : 4;
                any |= cnt[n] > 0;
                all &= cnt[n] > 0;
                common &= cnt[n] == 1 && first[n] == first[0];
            }
            out->samples++;
            if (!any)
                continue;
            out->samples_held++;
            out->samples_all += (size_t)all;
            out->samples_common += (size_t)common;
            st.held++;
            st.held_by_all += (uint32_t)all;
            st.common += (uint32_t)common;
            /* the agreed STN: most votes, ties to the lower number */
            uint32_t agreed = 0;
            int best = 0;
            for (int a = 0; a < nv; a++) {
                int c = 0;
                for (int b = 0; b < nv; b++)
                    c += votes[b] == votes[a];
                if (c > best || (c == best && votes[a] < agreed)) {
                    best = c;
                    agreed = votes[a];
                }
            }
            int agree = 0;
            for (int n = 0; n < n_nodes; n++)
                if (cnt[n] == 1 && first[n] == agreed) {
                    agree++;
                    share[n] += 1;
                }
            agree_sum += (double)agree / n_nodes;
        }
        if (steps)
            (*steps)[(*n_steps)++] = st;
    }
    if (!rc && out->samples_held > 0) {
        double h = (double)out->samples_held;
        out->commonality = (double)out->samples_common / h;
        out->node_agreement = agree_sum / h;
        for (int n = 0; n < n_nodes; n++)
            out->node_share[n] = share[n] / h;
    } else if (!rc) {
        for (int n = 0; n < n_nodes; n++)
            out->node_share[n] = NAN;
    }
    for (int n = 0; n < n_nodes; n++) {
        free(na[n].a);
        free(na[n].ids);
        free(na[n].off);
    }
    free(X);
    met_truth_free(tr);
    if (rc && steps) {
        free(*steps);
        *steps = NULL;
        *n_steps = 0;
    }
    return rc;
}
