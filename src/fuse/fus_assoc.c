/* fuse/fus_assoc.c - which local tracks are one object.
 *
 * Track history decides first: a pairing once made is kept while it stays inside a wide gate
 * (keep_gate) and is broken only after keep_misses consecutive updates outside it.  Two aircraft
 * that cross therefore keep their pairings through the crossing, where a fresh nearest-neighbour
 * choice each scan could swap them.  The gate uses the full state (position and velocity), which
 * is what separates crossing objects: at the crossing their positions agree, their velocities do
 * not.  New pairings are made by global greedy assignment (smallest chi-square first, ties by STN
 * and track key), and a track that gates nothing starts an object of its own.  Two objects with
 * no nation in common that stay inside the gate for merge_hits cycles are one object: a dual
 * track, merged under the number that was given first. */
#include "fus_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A lower bound of the gating chi-square, from positions and variances alone (no matrix work):
 * for any SPD S, v' S^-1 v >= |v|^2 / trace(S).  Most candidate pairs in a dense picture are
 * far apart and are rejected here. */
static bool pregate(const fus_engine *e, const double a[6], const double A[36], double ta,
                    const double b[6], const double B[36], double tb, double gate)
{
    double tc = ta > tb ? ta : tb, da = tc - ta, db = tc - tb, d2 = 0, tr = 0;
    for (int i = 0; i < 3; i++) {
        double d = (a[i] + da * a[i + 3]) - (b[i] + db * b[i + 3]);
        d2 += d * d;
        tr += A[i * 7] + 2 * da * A[i * 6 + i + 3] + da * da * A[(i + 3) * 7] +
              B[i * 7] + 2 * db * B[i * 6 + i + 3] + db * db * B[(i + 3) * 7] +
              e->c.q_accel * (fabs(da * da * da) + fabs(db * db * db)) / 3 +
              A[(i + 3) * 7] + B[(i + 3) * 7] + e->c.q_accel * (fabs(da) + fabs(db)) +
              e->c.bias_m * e->c.bias_m + e->c.bias_mps * e->c.bias_mps;
    }
    return d2 <= gate * tr;
}

/* chi2 between track f and object o, each predicted to the later of the two times; counts the
 * full evaluations (the association's slices are budgeted by them) */
static double chi2_to(fus_engine *e, const ftrack *f, const double ox[6], const double oP[36],
                      double ot)
{
    double a[6], A[36], b[6], B[36];
    if (!pregate(e, f->t.x, f->t.P, f->t.t, ox, oP, ot, e->c.keep_gate > e->c.gate ? e->c.keep_gate : e->c.gate))
        return HUGE_VAL;
    e->as_chi2++;
    memcpy(a, f->t.x, sizeof a);
    memcpy(A, f->t.P, sizeof A);
    memcpy(b, ox, sizeof b);
    memcpy(B, oP, sizeof B);
    double tc = f->t.t > ot ? f->t.t : ot;
    fus_predict(a, A, tc - f->t.t, e->c.q_accel);
    fus_predict(b, B, tc - ot, e->c.q_accel);
    return fus_chi2(a, A, b, B, e->c.bias_m, e->c.bias_mps);
}

/* The keep gate of one object's pairings (independent of every other object). */
void fus_keep_one(fus_engine *e, int oi)
{
    fobj *o = &e->obj[oi];
    if (!o->used || o->n_mem < 2)
        return;
    /* the anchor is the best member; the others must stay near it */
    int anchor = -1;
    for (int j = 0; j < e->c.n_nations; j++)
        if (o->mem[j] >= 0 && (anchor < 0 || e->trk[o->mem[j]].sd < e->trk[anchor].sd))
            anchor = o->mem[j];
    const ftrack *an = &e->trk[anchor];
    for (int j = 0; j < e->c.n_nations; j++) {
        int ti = o->mem[j];
        if (ti < 0 || ti == anchor)
            continue;
        ftrack *f = &e->trk[ti];
        if (f->t.t == f->t_checked && an->t.t <= f->t_checked)
            continue; /* nothing new since the last look: do not count a miss twice */
        f->t_checked = f->t.t > an->t.t ? f->t.t : an->t.t;
        double d = chi2_to(e, f, an->t.x, an->t.P, an->t.t);
        f->misses = d > e->c.keep_gate ? f->misses + 1 : 0;
        if (f->misses >= e->c.keep_misses) {
            fus_detach(e, ti);
            e->st.breaks++;
        }
    }
}

static int cmp_pair(const void *a, const void *b)
{
    const struct fpair *x = a, *y = b;
    if (x->chi2 != y->chi2)
        return x->chi2 < y->chi2 ? -1 : 1;
    if (x->stn != y->stn)
        return x->stn < y->stn ? -1 : 1;
    return x->t - y->t; /* t is a position in the sorted track list: deterministic */
}

static const fus_engine *track_e; /* qsort has no context argument in C11 */
static int cmp_track(const void *a, const void *b)
{
    const fus_engine *e = track_e;
    const ftrack *x = &e->trk[*(const int *)a], *y = &e->trk[*(const int *)b];
    if (x->nation != y->nation)
        return x->nation - y->nation;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* best object for track f in the grid, lacking f's nation; -1 when nothing gates */
static int best_candidate(fus_engine *e, const ftrack *f, double *best)
{
    int bo = -1;
    *best = e->c.gate;
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
            for (int oi = e->grid[fus_grid_cell(e, f->t.x[0], f->t.x[1], dx, dy)]; oi >= 0;
                 oi = e->obj[oi].gnext) {
                const fobj *o = &e->obj[oi];
                if (o->mem[f->nation] >= 0 || o->n_mem == 0)
                    continue;
                double d = chi2_to(e, f, o->x, o->P, o->t);
                if (d < *best || (d == *best && bo >= 0 && o->stn < e->obj[bo].stn)) {
                    *best = d;
                    bo = oi;
                }
            }
    return bo;
}

static void join(fus_engine *e, int ti, int oi)
{
    fobj *o = &e->obj[oi];
    ftrack *f = &e->trk[ti];
    o->mem[f->nation] = ti;
    o->n_mem++;
    f->obj = oi;
    f->misses = 0;
    f->t_checked = -1;
    fus_obj_fuse(e, o);
}

static uint64_t track_key(const ftrack *f)
{
    return (uint64_t)f->nation << 32 | f->id;
}

/* the track listed at u, if it is still the same track and still has no object; else -1 (a
 * track dropped between slices, its slot perhaps reused) */
static int listed(const fus_engine *e, int u)
{
    int ti = e->scratch[u];
    const ftrack *f = &e->trk[ti];
    return f->used && f->obj < 0 && track_key(f) == e->skey[u] ? ti : -1;
}

/* runs a[lo, mid) and a[mid, hi), each sorted, into out[lo, hi); the left one first on ties */
static void merge_pairs(const struct fpair *a, int lo, int mid, int hi, struct fpair *out)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        out[k++] = cmp_pair(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < mid)
        out[k++] = a[i++];
    while (j < hi)
        out[k++] = a[j++];
}

/* The association runs in steps, each a pass over its items from e->pos that stops when the
 * budget is spent: list the tracks without an object (sorted by nation and id: the same order
 * on every node), the grid of objects, the gating pairs, their sort, the joins in chi2 order,
 * the rest (joining an object born in this pass or starting one), the STN order and the grid
 * again for the merge check.  In one go, a partner joining with 10,000 tracks held the node's
 * loop ~100 ms (bench_fuse).  Items changed between slices are checked where they are used:
 * a track dropped or already joined is skipped, an object emptied meanwhile is not joined.
 * (The steps, AS_LIST ..., are in fus_int.h.) */

/* items passed over cost a fraction of an object's work; each full chi-square one object's; a
 * join fuses the object again, a covariance intersection per member beyond the first, each
 * about eight (bench_fuse: 13 us a join of a third nation's track, against 0.8 us a keep check) */
#define AS_SCAN_PER_ITEM 16
#define AS_CI_COST 8

void fus_assoc_begin(fus_engine *e)
{
    e->as_step = AS_LIST;
    e->as_n = e->as_np = e->as_w = 0;
}

int fus_assoc_step(fus_engine *e, int *budget)
{
    long long left = *budget;
    for (;;) {
        int p0 = e->pos;
        uint64_t c0 = e->as_chi2;
        switch (e->as_step) {
        case AS_LIST: {
            long long end = e->pos + left * AS_SCAN_PER_ITEM;
            for (; e->pos < e->hi && e->pos < end; e->pos++)
                if (e->trk[e->pos].used && e->trk[e->pos].obj < 0)
                    e->scratch[e->as_n++] = e->pos;
            left -= (e->pos - p0 + AS_SCAN_PER_ITEM - 1) / AS_SCAN_PER_ITEM;
            if (e->pos < e->hi)
                goto out;
            e->as_step = AS_SORT;
            break;
        }
        case AS_SORT: {
            /* what was listed and has since been dropped or reused: the slot's present track */
            int n = 0;
            for (int u = 0; u < e->as_n; u++) {
                const ftrack *f = &e->trk[e->scratch[u]];
                if (f->used && f->obj < 0)
                    e->scratch[n++] = e->scratch[u];
            }
            e->as_n = n;
            track_e = e;
            qsort(e->scratch, (size_t)n, sizeof(int), cmp_track);
            for (int u = 0; u < n; u++)
                e->skey[u] = track_key(&e->trk[e->scratch[u]]);
            left -= (n + AS_SCAN_PER_ITEM - 1) / AS_SCAN_PER_ITEM;
            e->as_step = n ? AS_GRID : AS_ORDER;
            break;
        }
        case AS_GRID:
        case AS_REGRID: {
            if (e->pos == 0)
                for (int i = 0; i <= e->gmask; i++)
                    e->grid[i] = -1;
            long long end = e->pos + left * AS_SCAN_PER_ITEM;
            for (; e->pos < e->hi && e->pos < end; e->pos++)
                if (e->obj[e->pos].used)
                    fus_grid_add(e, e->pos);
            left -= (e->pos - p0 + AS_SCAN_PER_ITEM - 1) / AS_SCAN_PER_ITEM;
            if (e->pos < e->hi)
                goto out;
            if (e->as_step == AS_REGRID) {
                e->pos = 0;
                *budget = left > 0 ? (int)left : 0;
                return 1;
            }
            e->as_step = AS_PAIRS;
            break;
        }
        case AS_PAIRS: {
            /* global greedy over (track, existing object) pairs inside the gate: the pairs */
            int maxp = 4 * e->cap;
            for (; e->pos < e->as_n && e->as_np < maxp && left > 0; e->pos++) {
                int ti = listed(e, e->pos);
                if (ti < 0)
                    continue;
                const ftrack *f = &e->trk[ti];
                int cand = 0;
                for (int dx = -1; dx <= 1; dx++)
                    for (int dy = -1; dy <= 1; dy++)
                        for (int oi = e->grid[fus_grid_cell(e, f->t.x[0], f->t.x[1], dx, dy)];
                             oi >= 0 && e->as_np < maxp; oi = e->obj[oi].gnext) {
                            const fobj *o = &e->obj[oi];
                            cand++;
                            if (o->mem[f->nation] >= 0 || o->n_mem == 0)
                                continue;
                            double d = chi2_to(e, f, o->x, o->P, o->t);
                            if (d < e->c.gate)
                                e->pairs[e->as_np++] = (struct fpair){d, o->stn, e->pos, oi};
                        }
                left -= 1 + (long long)(e->as_chi2 - c0) + cand / AS_SCAN_PER_ITEM;
                c0 = e->as_chi2;
            }
            if (e->pos < e->as_n && e->as_np < maxp)
                goto out;
            e->as_step = AS_PSORT;
            break;
        }
        case AS_PSORT:
            /* stable merge sort, bottom up, a merge of two runs at a time: qsort of a joining
             * partner's 10,000 pairs was a 2-3 ms step (and its buffer fresh pages each time) */
            if (e->as_w == 0)
                e->as_w = 1;
            while (e->as_w < e->as_np && left > 0) {
                int lo = e->pos, w = e->as_w, np = e->as_np;
                int mid = lo + w < np ? lo + w : np, hi = mid + w < np ? mid + w : np;
                merge_pairs(e->pairs, lo, mid, hi, e->pairs2);
                left -= 1 + (hi - lo) / AS_SCAN_PER_ITEM;
                e->pos = hi;
                if (hi == np) { /* a pass done: the runs are twice as long, in the other buffer */
                    struct fpair *t = e->pairs;
                    e->pairs = e->pairs2;
                    e->pairs2 = t;
                    e->as_w *= 2;
                    e->pos = 0;
                }
            }
            if (e->as_w < e->as_np)
                goto out;
            e->as_w = 0;
            e->as_step = AS_JOIN;
            break;
        case AS_JOIN:
            for (; e->pos < e->as_np && left > 0; e->pos++) {
                int ti = listed(e, e->pairs[e->pos].t), oi = e->pairs[e->pos].o;
                const fobj *o = &e->obj[oi];
                if (ti < 0 || !o->used || o->n_mem == 0 || o->mem[e->trk[ti].nation] >= 0) {
                    left -= e->pos % AS_SCAN_PER_ITEM == 0;
                    continue;
                }
                join(e, ti, oi);
                left -= 1 + AS_CI_COST * (o->n_mem - 1);
            }
            if (e->pos < e->as_np)
                goto out;
            e->as_step = AS_REST;
            break;
        case AS_REST:
            /* the rest in track order, each joining an object made in this step or starting one */
            for (; e->pos < e->as_n && left > 0; e->pos++) {
                int ti = listed(e, e->pos);
                if (ti < 0)
                    continue;
                double d;
                int oi = best_candidate(e, &e->trk[ti], &d);
                left -= 1 + (long long)(e->as_chi2 - c0);
                c0 = e->as_chi2;
                if (oi >= 0 && e->obj[oi].stn == 0) { /* only objects born in this step */
                    join(e, ti, oi);
                    left -= AS_CI_COST * (e->obj[oi].n_mem - 1);
                    continue;
                }
                oi = fus_obj_new(e);
                if (oi < 0) { /* full: the rest wait */
                    e->pos = e->as_n;
                    break;
                }
                join(e, ti, oi);
                fus_grid_add(e, oi);
            }
            if (e->pos < e->as_n)
                goto out;
            e->as_step = AS_ORDER;
            break;
        case AS_ORDER:
            fus_order_build(e); /* merges and numbering go in STN order: the same on every node */
            left--;
            e->as_step = AS_REGRID;
            break;
        }
        e->pos = 0;
        if (left <= 0)
            break;
    }
out:
    *budget = left > 0 ? (int)left : 0;
    return 0;
}

/* The merge check of the object at e->order[k] (in STN order, on the grid the association
 * built last). */
void fus_merge_one(fus_engine *e, int k, const fus_actions *a)
{
    {
        int oi = e->order[k];
        fobj *o = &e->obj[oi];
        if (!o->used || o->n_mem == 0)
            return;
        /* an object with a track from every nation has no disjoint partner; one whose state did
         * not change since the last look has nothing new to say (unless a merge is pending) */
        if (o->n_mem == e->c.n_nations || (o->t == o->merge_checked && o->merge_cnt == 0))
            return;
        o->merge_checked = o->t;
        int best = -1;
        double bd = e->c.gate;
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
                for (int qi = e->grid[fus_grid_cell(e, o->x[0], o->x[1], dx, dy)]; qi >= 0;
                     qi = e->obj[qi].gnext) {
                    const fobj *q = &e->obj[qi];
                    if (qi == oi || !q->used || q->n_mem == 0)
                        continue;
                    bool disjoint = true;
                    for (int j = 0; j < e->c.n_nations && disjoint; j++)
                        disjoint = o->mem[j] < 0 || q->mem[j] < 0;
                    if (!disjoint)
                        continue;
                    if (!pregate(e, o->x, o->P, o->t, q->x, q->P, q->t, e->c.gate))
                        continue;
                    double A[36], qx[6], qP[36], ox[6];
                    memcpy(ox, o->x, sizeof ox);
                    memcpy(A, o->P, sizeof A);
                    memcpy(qx, q->x, sizeof qx);
                    memcpy(qP, q->P, sizeof qP);
                    double tc = o->t > q->t ? o->t : q->t;
                    fus_predict(ox, A, tc - o->t, e->c.q_accel);
                    fus_predict(qx, qP, tc - q->t, e->c.q_accel);
                    double d = fus_chi2(ox, A, qx, qP, e->c.bias_m, e->c.bias_mps);
                    if (d < bd || (d == bd && best >= 0 && q->stn < e->obj[best].stn)) {
                        bd = d;
                        best = qi;
                    }
                }
        if (best < 0) {
            o->merge_with = 0;
            o->merge_cnt = 0;
            return;
        }
        fobj *q = &e->obj[best];
        if (o->merge_with != q->stn) {
            o->merge_with = q->stn;
            o->merge_cnt = 1;
            o->merge_t = o->t;
        } else if (o->t > o->merge_t) {
            o->merge_cnt++;
            o->merge_t = o->t;
        }
        if (o->merge_cnt < e->c.merge_hits)
            return;
        /* merge: the number given first survives (then the lower number) */
        bool o_wins = o->born < q->born || (o->born == q->born && o->stn < q->stn);
        fobj *win = o_wins ? o : q, *lose = o_wins ? q : o;
        int wi = o_wins ? oi : best, li = o_wins ? best : oi;
        for (int j = 0; j < e->c.n_nations; j++)
            if (lose->mem[j] >= 0) {
                int ti = lose->mem[j];
                lose->mem[j] = -1;
                lose->n_mem--;
                e->trk[ti].obj = -1;
                win->mem[j] = ti;
                win->n_mem++;
                e->trk[ti].obj = wi;
                e->trk[ti].misses = 0;
            }
        if (lose->mine && a && a->retract)
            a->retract(a->ctx, lose->pub_stn, true);
        lose->mine = false;
        win->merge_with = 0;
        win->merge_cnt = 0;
        fus_obj_fuse(e, win);
        fus_obj_free(e, li); /* stays in the grid this pass, skipped as unused */
        e->st.merges++;
    }
}
