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

/* chi2 between track f and object o, each predicted to the later of the two times */
static double chi2_to(const fus_engine *e, const ftrack *f, const double ox[6], const double oP[36],
                      double ot)
{
    double a[6], A[36], b[6], B[36];
    if (!pregate(e, f->t.x, f->t.P, f->t.t, ox, oP, ot, e->c.keep_gate > e->c.gate ? e->c.keep_gate : e->c.gate))
        return HUGE_VAL;
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
static int best_candidate(const fus_engine *e, const ftrack *f, double *best)
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

void fus_associate(fus_engine *e)
{
    int nu = 0;
    for (int i = 0; i < e->hi; i++)
        if (e->trk[i].used && e->trk[i].obj < 0)
            e->scratch[nu++] = i;
    if (!nu)
        return;
    track_e = e;
    qsort(e->scratch, (size_t)nu, sizeof(int), cmp_track);
    fus_grid_build_all(e);
    /* phase 1: global greedy over (track, existing object) pairs inside the gate */
    int np = 0, maxp = 4 * e->cap;
    for (int u = 0; u < nu && np < maxp; u++) {
        const ftrack *f = &e->trk[e->scratch[u]];
        for (int dx = -1; dx <= 1; dx++)
            for (int dy = -1; dy <= 1; dy++)
                for (int oi = e->grid[fus_grid_cell(e, f->t.x[0], f->t.x[1], dx, dy)];
                     oi >= 0 && np < maxp; oi = e->obj[oi].gnext) {
                    const fobj *o = &e->obj[oi];
                    if (o->mem[f->nation] >= 0 || o->n_mem == 0)
                        continue;
                    double d = chi2_to(e, f, o->x, o->P, o->t);
                    if (d < e->c.gate)
                        e->pairs[np++] = (struct fpair){d, o->stn, u, oi};
                }
    }
    qsort(e->pairs, (size_t)np, sizeof *e->pairs, cmp_pair);
    for (int p = 0; p < np; p++) {
        int ti = e->scratch[e->pairs[p].t], oi = e->pairs[p].o;
        if (e->trk[ti].obj >= 0 || e->obj[oi].mem[e->trk[ti].nation] >= 0)
            continue;
        join(e, ti, oi);
    }
    /* phase 2: the rest in track order, each joining an object made in this phase or starting one */
    for (int u = 0; u < nu; u++) {
        int ti = e->scratch[u];
        if (e->trk[ti].obj >= 0)
            continue;
        double d;
        int oi = best_candidate(e, &e->trk[ti], &d);
        if (oi >= 0 && e->obj[oi].stn == 0) { /* only objects born in this phase */
            join(e, ti, oi);
            continue;
        }
        oi = fus_obj_new(e);
        if (oi < 0)
            return; /* full: the track waits */
        join(e, ti, oi);
        fus_grid_add(e, oi);
    }
}

/* The merge check of the object at e->order[k] (in STN order; fus_grid_build_all first). */
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
