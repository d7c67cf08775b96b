/* metrics/ospa.c - OSPA and GOSPA (α = 2) at one time step, with Stone Soup's optional GOSPA
 * switching term.
 *
 * Both metrics reduce to S = min over partial matchings γ of pairs closer than c of
 * Σ_γ (d^p − c^p):  OSPA^p = (n·c^p + S)/n with n = max(|X|, |Y|), and
 * GOSPA^p = (c^p/2)(|X| + |Y|) + S.  (A pair at or beyond c costs c^p in OSPA whether it is
 * "assigned" or left over, so only close pairs matter.)  S splits over the connected components
 * of the bipartite "closer than c" graph; each component is solved exactly as one rectangular
 * assignment with core/assign.h, on costs min(d, c)^p.  Components come from a grid index of
 * cell c, so well-separated objects cost O(n log n) instead of one O(n^3) assignment.
 *
 * Note: Stone Soup's OSPAMetric minimises Σ min(d, c) and then raises the chosen distances to
 * the power p; that is the OSPA of the definition only for p = 1.  We minimise Σ min(d, c)^p,
 * as Schuhmacher et al. define it (for p = 1 both agree). */
#include "metrics/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/assign.h"
#include "metrics/spatial.h"

typedef struct edge {
    uint32_t i, j;   /* truth index, track index */
    uint32_t comp;   /* component root */
    double dp;       /* d^p */
} edge;

#define SW_UNSEEN (-2)

struct met_ospa {
    met_ospa_cfg cfg;
    double cp;               /* c^p */
    met_spatial sp;
    edge *e;
    size_t ne, ecap;
    uint32_t *parent;        /* union-find over nx + ny nodes */
    int32_t *local;          /* node -> local row/column inside the current component */
    int *assign;             /* truth -> track index or -1 */
    double *cost;
    int *r2c;
    uint32_t *rows, *cols;   /* nodes of the current component */
    void *work;
    size_t parent_cap, local_cap, assign_cap, cost_cap, r2c_cap, rows_cap, cols_cap, wcap;
    int64_t *last;           /* switching: per truth obj, last assigned track obj, -1 none */
    size_t lastcap;
    /* query context */
    const met_point *Y;
    uint32_t qi;
};

sw_rc met_ospa_new(met_ospa **out, const met_ospa_cfg *cfg, sw_err *err)
{
    *out = NULL;
    if (!(cfg->c > 0) || !isfinite(cfg->c))
        return sw_err_set(err, SW_EINVAL, "ospa: the cut-off c must be > 0 (got %g)", cfg->c);
    if (!(cfg->p >= 1) || !isfinite(cfg->p))
        return sw_err_set(err, SW_EINVAL, "ospa: the order p must be >= 1 (got %g)", cfg->p);
    if (!(cfg->switch_lambda >= 0) || !isfinite(cfg->switch_lambda))
        return sw_err_set(err, SW_EINVAL, "gospa: the switching penalty must be >= 0 (got %g)",
                          cfg->switch_lambda);
    if (cfg->dim != 2 && cfg->dim != 3)
        return sw_err_set(err, SW_EINVAL, "ospa: dim must be 2 or 3");
    met_ospa *o = calloc(1, sizeof *o);
    if (!o)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    o->cfg = *cfg;
    o->cp = pow(cfg->c, cfg->p);
    *out = o;
    return SW_OK;
}

void met_ospa_free(met_ospa *o)
{
    if (!o)
        return;
    met_spatial_free(&o->sp);
    free(o->e);
    free(o->parent);
    free(o->local);
    free(o->assign);
    free(o->cost);
    free(o->r2c);
    free(o->rows);
    free(o->cols);
    free(o->work);
    free(o->last);
    free(o);
}

const int *met_ospa_assignment(const met_ospa *o) { return o->assign; }

/* Grows *p to hold n elements of size sz (keeps the contents). */
static int grow(void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return 0;
    size_t c = n + n / 2 + 16;
    void *q = realloc(*p, c * sz);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static const double *ypos(const void *ctx, size_t i) { return ((const met_point *)ctx)[i].x; }

static uint32_t find(uint32_t *parent, uint32_t a)
{
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

static void on_close(void *ctx, uint32_t j, double d)
{
    met_ospa *o = ctx;
    if (grow((void **)&o->e, &o->ecap, o->ne + 1, sizeof *o->e))
        return; /* counted as a failure by the caller through ne/ecap check */
    edge *e = &o->e[o->ne++];
    e->i = o->qi;
    e->j = j;
    e->comp = 0;
    e->dp = o->cfg.p == 1 ? d : pow(d, o->cfg.p);
}

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->comp != y->comp)
        return x->comp < y->comp ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* Solves one component (edges e[0..k)); adds its matches to o->assign and returns its share of
 * S = Σ (d^p − c^p) and of the localisation sum. */
static sw_rc solve_component(met_ospa *o, const edge *e, size_t k, size_t nx, double *S,
                             double *loc, int *nassigned)
{
    if (k == 1) { /* the common case: one truth, one track, closer than c */
        o->assign[e->i] = (int)e->j;
        *S += e->dp - o->cp;
        *loc += e->dp;
        (*nassigned)++;
        return SW_OK;
    }
    size_t a = 0, b = 0;
    if (grow((void **)&o->rows, &o->rows_cap, k, sizeof *o->rows) ||
        grow((void **)&o->cols, &o->cols_cap, k, sizeof *o->cols))
        return SW_ENOMEM;
    for (size_t q = 0; q < k; q++) {
        uint32_t ti = e[q].i, tj = (uint32_t)nx + e[q].j;
        if (o->local[ti] < 0) {
            o->local[ti] = (int32_t)a;
            o->rows[a++] = ti;
        }
        if (o->local[tj] < 0) {
            o->local[tj] = (int32_t)b;
            o->cols[b++] = tj;
        }
    }
    int tr = a > b; /* rows must be the smaller side: transpose when truths outnumber tracks */
    size_t nr = tr ? b : a, nc = tr ? a : b;
    sw_rc rc = SW_OK;
    if (grow((void **)&o->cost, &o->cost_cap, nr * nc, sizeof *o->cost) ||
        grow((void **)&o->r2c, &o->r2c_cap, nr, sizeof *o->r2c) ||
        grow(&o->work, &o->wcap, sw_assign_workspace((int)nr, (int)nc), 1)) {
        rc = SW_ENOMEM;
        goto out;
    }
    for (size_t q = 0; q < nr * nc; q++)
        o->cost[q] = o->cp;
    for (size_t q = 0; q < k; q++) {
        size_t r = (size_t)o->local[e[q].i], c = (size_t)o->local[nx + e[q].j];
        o->cost[tr ? c * nc + r : r * nc + c] = e[q].dp;
    }
    if ((rc = sw_assign((int)nr, (int)nc, o->cost, o->r2c, NULL, o->work)) != SW_OK)
        goto out;
    for (size_t r = 0; r < nr; r++) {
        size_t c = (size_t)o->r2c[r];
        double dp = o->cost[r * nc + c];
        if (!(dp < o->cp))
            continue; /* a pair at the cut-off is no assignment */
        uint32_t ti = tr ? o->rows[c] : o->rows[r];
        uint32_t tj = (tr ? o->cols[r] : o->cols[c]) - (uint32_t)nx;
        o->assign[ti] = (int)tj;
        *S += dp - o->cp;
        *loc += dp;
        (*nassigned)++;
    }
out:
    for (size_t q = 0; q < a; q++)
        o->local[o->rows[q]] = -1;
    for (size_t q = 0; q < b; q++)
        o->local[o->cols[q]] = -1;
    return rc;
}

/* Stone Soup's switching count for this step (ospametric.py, _SwitchingLoss). */
static sw_rc switching(met_ospa *o, const met_point *X, size_t nx, const met_point *Y,
                       double *count)
{
    *count = 0;
    for (size_t i = 0; i < nx; i++) {
        uint32_t obj = X[i].obj;
        size_t old = o->lastcap;
        if (grow((void **)&o->last, &o->lastcap, (size_t)obj + 1, sizeof *o->last))
            return SW_ENOMEM;
        for (size_t q = old; q < o->lastcap; q++)
            o->last[q] = SW_UNSEEN;
        int64_t now = o->assign[i] >= 0 ? (int64_t)Y[o->assign[i]].obj : -1;
        int64_t was = o->last[obj];
        if (was == SW_UNSEEN) {
            if (now >= 0)
                o->last[obj] = now;
        } else if (was != now) {
            *count += 0.5;
            if (was >= 0 && now >= 0)
                *count += 0.5;
            o->last[obj] = now;
        }
    }
    return SW_OK;
}

sw_rc met_ospa_eval(met_ospa *o, const met_point *X, size_t nx, const met_point *Y, size_t ny,
                    met_ospa_frame *out, sw_err *err)
{
    memset(out, 0, sizeof *out);
    if (nx > INT32_MAX / 2 || ny > INT32_MAX / 2)
        return sw_err_set(err, SW_EINVAL, "ospa: too many points");
    size_t nn = nx + ny;
    if (grow((void **)&o->parent, &o->parent_cap, nn, sizeof *o->parent) ||
        grow((void **)&o->local, &o->local_cap, nn, sizeof *o->local) ||
        grow((void **)&o->assign, &o->assign_cap, nx + 1, sizeof *o->assign))
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    for (size_t q = 0; q < nn; q++) {
        o->parent[q] = (uint32_t)q;
        o->local[q] = -1;
    }
    for (size_t i = 0; i < nx; i++)
        o->assign[i] = -1;

    double S = 0, loc = 0;
    int nassigned = 0;
    o->ne = 0;
    if (nx > 0 && ny > 0) {
        int dim = o->cfg.dim;
        if (met_spatial_build(&o->sp, o->cfg.c, dim, ny, ypos, Y) != SW_OK)
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        o->Y = Y;
        for (size_t i = 0; i < nx; i++) {
            o->qi = (uint32_t)i;
            size_t before = o->ne;
            size_t found = met_spatial_query(&o->sp, X[i].x, ypos, Y, on_close, o);
            if (o->ne - before != found)
                return sw_err_set(err, SW_ENOMEM, "out of memory");
        }
        for (size_t q = 0; q < o->ne; q++) {
            uint32_t a = find(o->parent, o->e[q].i), b = find(o->parent, (uint32_t)nx + o->e[q].j);
            if (a != b)
                o->parent[a < b ? b : a] = a < b ? a : b;
        }
        for (size_t q = 0; q < o->ne; q++)
            o->e[q].comp = find(o->parent, o->e[q].i);
        if (o->ne > 1)
            qsort(o->e, o->ne, sizeof *o->e, cmp_edge);
        for (size_t s = 0; s < o->ne;) {
            size_t t = s + 1;
            while (t < o->ne && o->e[t].comp == o->e[s].comp)
                t++;
            sw_rc rc = solve_component(o, o->e + s, t - s, nx, &S, &loc, &nassigned);
            if (rc == SW_ENOMEM)
                return sw_err_set(err, SW_ENOMEM, "out of memory");
            if (rc)
                return sw_err_set(err, rc, "ospa: assignment failed");
            s = t;
        }
    }
    double cp = o->cp, p = o->cfg.p;
    size_t n = nx > ny ? nx : ny;
    double op = n ? (n * cp + S) / n : 0, gp = cp / 2 * (double)(nx + ny) + S;
    out->ospa = pow(op > 0 ? op : 0, 1 / p);
    out->gospa = pow(gp > 0 ? gp : 0, 1 / p);
    out->gospa_loc = loc;
    out->n_truth = (int)nx;
    out->n_track = (int)ny;
    out->n_assigned = nassigned;
    if (switching(o, X, nx, Y, &out->gospa_switches))
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    if (o->cfg.switch_lambda > 0) {
        out->gospa_switch = o->cfg.switch_lambda * pow(out->gospa_switches, 1 / p);
        out->gospa = sqrt(out->gospa * out->gospa + out->gospa_switch * out->gospa_switch);
    }
    return SW_OK;
}
