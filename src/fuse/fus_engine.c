/* fuse/fus_engine.c - the engine's state: tracks, objects, partner reports, and the cycle.
 *
 * Tables are fixed arrays with free lists and chained hashes, made once by fus_create.  Every
 * decision that could depend on table order instead sorts by content (STN, nation, track id),
 * which is what keeps two nodes with the same inputs on the same picture. */
#include "fus_int.h"

#include "core/mat.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void fus_config_default(fus_config *c)
{
    memset(c, 0, sizeof *c);
    c->gate = 22.5;
    c->keep_gate = 60;
    c->keep_misses = 3;
    c->merge_hits = 3;
    c->bias_m = 150;
    c->bias_mps = 5;
    c->r2_margin = 0.3;
    c->stale_s = 15;
    c->report_stale_s = 12;
    c->republish_s = 5;
    c->q_accel = 1.0;
    c->cell_m = 20000;
    for (int i = 0; i < NET_MAX_NATIONS; i++) {
        c->block_base[i] = (uint32_t)(i + 1) * 1000000u;
        c->block_size[i] = 1000000u;
    }
}

static uint32_t mix(uint32_t a, uint32_t b)
{
    uint32_t h = a * 0x9e3779b1u ^ (b + 0x7f4a7c15u + (a << 6) + (a >> 2));
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return h;
}

/* Every page of a table is made now, not where the loop first uses it: a page fault costs 11-14
 * us on this VM, and a partner joining with 10,000 tracks first touched ~4,000 pages of the
 * tables in a few cycle slices (bench_fuse: steps of 8-38 ms).  In huge pages fus_create of
 * 65,536 tracks (130 MB) took 47-245 ms here, in 4 kB pages 368-454 ms. */
static void touch(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    /* in 2 MB pages where the kernel has them (transparent huge pages on request): a fault per
     * 2 MB, not per 4 kB */
    uintptr_t a = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1),
              b = ((uintptr_t)p + bytes) & ~(uintptr_t)((2u << 20) - 1);
    if (b > a)
        madvise((void *)a, b - a, MADV_HUGEPAGE);
#endif
    volatile char *c = p;
    for (size_t i = 0; i < bytes; i += 4096)
        c[i] = 0;
}

sw_rc fus_create(fus_engine **out, const fus_config *c, int max_tracks, sw_err *err)
{
    *out = NULL;
    if (max_tracks < 16 || max_tracks > (1 << 22) || c->n_nations < 1 ||
        c->n_nations > NET_MAX_NATIONS)
        return sw_err_set(err, SW_EINVAL, "fuse: bad capacity or coalition size");
    fus_engine *e = calloc(1, sizeof *e);
    if (!e)
        return sw_err_set(err, SW_ENOMEM, "fuse: out of memory");
    e->c = *c;
    e->t_start = NAN;
    e->self = fus_nation_index(e, c->self);
    if (e->self < 0) {
        free(e);
        return sw_err_set(err, SW_EINVAL, "fuse: nation '%s' is not in the coalition", c->self);
    }
    int n = max_tracks, h = 1;
    while (h < 2 * n)
        h <<= 1;
    e->cap = n;
    e->hmask = h - 1;
    e->gmask = h - 1;
    e->trk = calloc((size_t)n, sizeof *e->trk);
    e->obj = calloc((size_t)n, sizeof *e->obj);
    e->rep = calloc((size_t)n, sizeof *e->rep);
    e->free_t = malloc(sizeof(int) * (size_t)n);
    e->free_o = malloc(sizeof(int) * (size_t)n);
    e->free_r = malloc(sizeof(int) * (size_t)n);
    e->thash = malloc(sizeof(int) * (size_t)h);
    e->rhash = malloc(sizeof(int) * (size_t)h);
    e->grid = malloc(sizeof(int) * (size_t)h);
    e->order = malloc(sizeof(int) * (size_t)n);
    e->used_stn = malloc(sizeof(uint32_t) * (size_t)(2 * n));
    e->pairs = malloc(sizeof *e->pairs * (size_t)(4 * n));
    e->pairs2 = malloc(sizeof *e->pairs2 * (size_t)(4 * n));
    e->scratch = malloc(sizeof(int) * (size_t)n);
    e->skey = malloc(sizeof(uint64_t) * (size_t)n);
    if (!e->trk || !e->obj || !e->rep || !e->free_t || !e->free_o || !e->free_r || !e->thash ||
        !e->rhash || !e->grid || !e->order || !e->used_stn || !e->pairs || !e->pairs2 ||
        !e->scratch || !e->skey) {
        fus_destroy(e);
        return sw_err_set(err, SW_ENOMEM, "fuse: out of memory for %d tracks", n);
    }
    touch(e->trk, sizeof *e->trk * (size_t)n);
    touch(e->obj, sizeof *e->obj * (size_t)n);
    touch(e->rep, sizeof *e->rep * (size_t)n);
    touch(e->order, sizeof *e->order * (size_t)n);
    touch(e->used_stn, sizeof *e->used_stn * (size_t)(2 * n));
    touch(e->pairs, sizeof *e->pairs * (size_t)(4 * n));
    touch(e->pairs2, sizeof *e->pairs2 * (size_t)(4 * n));
    touch(e->scratch, sizeof *e->scratch * (size_t)n);
    touch(e->skey, sizeof *e->skey * (size_t)n);
    for (int i = 0; i < n; i++) { /* lowest index first out */
        e->free_t[i] = n - 1 - i;
        e->free_o[i] = n - 1 - i;
        e->free_r[i] = n - 1 - i;
    }
    e->n_free_t = e->n_free_o = e->n_free_r = n;
    for (int i = 0; i < h; i++)
        e->thash[i] = e->rhash[i] = e->grid[i] = -1;
    *out = e;
    return SW_OK;
}

void fus_destroy(fus_engine *e)
{
    if (!e)
        return;
    free(e->trk);
    free(e->obj);
    free(e->rep);
    free(e->free_t);
    free(e->free_o);
    free(e->free_r);
    free(e->thash);
    free(e->rhash);
    free(e->grid);
    free(e->order);
    free(e->used_stn);
    free(e->pairs);
    free(e->pairs2);
    free(e->scratch);
    free(e->skey);
    free(e);
}

int fus_nation_index(const fus_engine *e, const char *nation)
{
    for (int i = 0; i < e->c.n_nations; i++)
        if (!strncmp(e->c.nations[i], nation, 4))
            return i;
    return -1;
}

/* ---- tracks ---------------------------------------------------------------------------------- */

int fus_track_find(const fus_engine *e, int nation, uint32_t id)
{
    for (int i = e->thash[mix((uint32_t)nation, id) & (uint32_t)e->hmask]; i >= 0;
         i = e->trk[i].hnext)
        if (e->trk[i].nation == nation && e->trk[i].id == id)
            return i;
    return -1;
}

static double pos_sd(const sw_track *t)
{
    double v = t->P[0] + t->P[7] + (t->dim == 3 ? t->P[14] : 0);
    return sqrt(v > 0 ? v : 0);
}

static void condition(sw_track *t)
{
    if (t->dim != 2)
        return;
    /* a 2-D track knows nothing of height: make z, vz uninformative so fusion ignores them */
    t->x[2] = t->x[5] = 0;
    for (int k = 0; k < 6; k++) {
        t->P[2 * 6 + k] = t->P[k * 6 + 2] = 0;
        t->P[5 * 6 + k] = t->P[k * 6 + 5] = 0;
    }
    t->P[2 * 6 + 2] = t->P[5 * 6 + 5] = FUS_UNINFORMATIVE;
}

int fus_put_track(fus_engine *e, const char *nation, const sw_track *t, double plot_in,
                  double now)
{
    if (isnan(e->t_start))
        e->t_start = now;
    int n = fus_nation_index(e, nation);
    if (n < 0)
        return SW_EINVAL;
    if (t->status == SW_TRK_DELETED) {
        fus_drop_track(e, nation, t->id);
        return 0;
    }
    for (int i = 0; i < 6; i++)
        if (!isfinite(t->x[i]))
            return SW_EINVAL;
    int i = fus_track_find(e, n, t->id);
    if (i < 0) {
        if (!e->n_free_t)
            return SW_EFULL;
        i = e->free_t[--e->n_free_t];
        e->hi = i >= e->hi ? i + 1 : e->hi;
        ftrack *f = &e->trk[i];
        memset(f, 0, sizeof *f);
        f->used = true;
        f->nation = (uint8_t)n;
        f->id = t->id;
        f->obj = -1;
        f->t_checked = -1;
        uint32_t h = mix((uint32_t)n, t->id) & (uint32_t)e->hmask;
        f->hnext = e->thash[h];
        e->thash[h] = i;
    }
    ftrack *f = &e->trk[i];
    f->t = *t;
    condition(&f->t);
    f->sd = pos_sd(t);
    f->plot_in = plot_in;
    (void)now;
    if (f->obj >= 0) {
        fus_obj_fuse(e, &e->obj[f->obj]);
        return 1;
    }
    return 0;
}

void fus_detach(fus_engine *e, int ti)
{
    ftrack *f = &e->trk[ti];
    if (f->obj < 0)
        return;
    fobj *o = &e->obj[f->obj];
    o->mem[f->nation] = -1;
    o->n_mem--;
    f->obj = -1;
    f->misses = 0;
    if (o->n_mem > 0)
        fus_obj_fuse(e, o);
}

void fus_drop_track(fus_engine *e, const char *nation, uint32_t id)
{
    int n = fus_nation_index(e, nation);
    int i = n < 0 ? -1 : fus_track_find(e, n, id);
    if (i < 0)
        return;
    fus_detach(e, i);
    uint32_t h = mix((uint32_t)n, id) & (uint32_t)e->hmask;
    int *pp = &e->thash[h];
    while (*pp != i)
        pp = &e->trk[*pp].hnext;
    *pp = e->trk[i].hnext;
    e->trk[i].used = false;
    e->free_t[e->n_free_t++] = i;
}

/* ---- partner reports ------------------------------------------------------------------------- */

int fus_rep_find(const fus_engine *e, int reporter, uint32_t stn)
{
    for (int i = e->rhash[mix(stn, (uint32_t)reporter) & (uint32_t)e->hmask]; i >= 0;
         i = e->rep[i].hnext)
        if (e->rep[i].reporter == reporter && e->rep[i].r.st.stn == stn)
            return i;
    return -1;
}

sw_rc fus_put_report(fus_engine *e, const net_report *r, double now)
{
    if (isnan(e->t_start))
        e->t_start = now;
    int n = fus_nation_index(e, r->st.reporter);
    if (n < 0 || n == e->self)
        return SW_EINVAL;
    int i = fus_rep_find(e, n, r->st.stn);
    if (i < 0) {
        if (!e->n_free_r)
            return SW_EFULL;
        i = e->free_r[--e->n_free_r];
        e->hi = i >= e->hi ? i + 1 : e->hi;
        e->rep[i].used = true;
        e->rep[i].reporter = n;
        uint32_t h = mix(r->st.stn, (uint32_t)n) & (uint32_t)e->hmask;
        e->rep[i].hnext = e->rhash[h];
        e->rhash[h] = i;
    }
    e->rep[i].r = *r;
    e->rep[i].t_rx = now;
    return SW_OK;
}

static void rep_free(fus_engine *e, int i)
{
    frep *r = &e->rep[i];
    uint32_t h = mix(r->r.st.stn, (uint32_t)r->reporter) & (uint32_t)e->hmask;
    int *pp = &e->rhash[h];
    while (*pp != i)
        pp = &e->rep[*pp].hnext;
    *pp = r->hnext;
    r->used = false;
    e->free_r[e->n_free_r++] = i;
}

void fus_drop_report(fus_engine *e, const char *reporter, uint32_t stn)
{
    int n = fus_nation_index(e, reporter);
    int i = n < 0 ? -1 : fus_rep_find(e, n, stn);
    if (i >= 0)
        rep_free(e, i);
}

void fus_drop_nation(fus_engine *e, const char *nation)
{
    int n = fus_nation_index(e, nation);
    if (n < 0)
        return;
    for (int i = 0; i < e->hi; i++) {
        if (e->trk[i].used && e->trk[i].nation == n)
            fus_drop_track(e, nation, e->trk[i].id);
        if (e->rep[i].used && e->rep[i].reporter == n)
            rep_free(e, i);
    }
}

/* ---- objects --------------------------------------------------------------------------------- */

int fus_obj_new(fus_engine *e)
{
    if (!e->n_free_o)
        return -1;
    int i = e->free_o[--e->n_free_o];
    e->hi = i >= e->hi ? i + 1 : e->hi;
    fobj *o = &e->obj[i];
    memset(o, 0, sizeof *o);
    o->used = true;
    o->reporter = -1;
    o->hold_since = NAN;
    o->gnext = -1;
    for (int k = 0; k < NET_MAX_NATIONS; k++)
        o->mem[k] = -1;
    return i;
}

void fus_obj_free(fus_engine *e, int oi)
{
    fobj *o = &e->obj[oi];
    for (int k = 0; k < e->c.n_nations; k++)
        if (o->mem[k] >= 0) {
            e->trk[o->mem[k]].obj = -1;
            o->mem[k] = -1;
        }
    o->used = false;
    o->in_order = false;
    e->free_o[e->n_free_o++] = oi;
}

/* Members in fusion order: smallest sd first, then nation order (deterministic). */
static int members_sorted(const fus_engine *e, const fobj *o, int *idx)
{
    int n = 0;
    for (int k = 0; k < e->c.n_nations; k++)
        if (o->mem[k] >= 0) {
            int j = n++;
            while (j > 0 && e->trk[idx[j - 1]].sd > e->trk[o->mem[k]].sd) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = o->mem[k];
        }
    return n;
}

void fus_obj_fuse(fus_engine *e, fobj *o)
{
    int idx[NET_MAX_NATIONS];
    int n = members_sorted(e, o, idx);
    if (n == 0)
        return;
    double tc = -HUGE_VAL;
    int dim = 2;
    o->plot_in = 0;
    for (int i = 0; i < n; i++) {
        const ftrack *f = &e->trk[idx[i]];
        if (f->t.t > tc)
            tc = f->t.t;
        if (f->t.dim == 3)
            dim = 3;
        if (f->plot_in > o->plot_in)
            o->plot_in = f->plot_in;
    }
    double x[6], P[36];
    memcpy(x, e->trk[idx[0]].t.x, sizeof x);
    memcpy(P, e->trk[idx[0]].t.P, sizeof P);
    fus_predict(x, P, tc - e->trk[idx[0]].t.t, e->c.q_accel);
    for (int i = 1; i < n; i++) {
        double b[6], B[36], y[6], Y[36];
        memcpy(b, e->trk[idx[i]].t.x, sizeof b);
        memcpy(B, e->trk[idx[i]].t.P, sizeof B);
        fus_predict(b, B, tc - e->trk[idx[i]].t.t, e->c.q_accel);
        if (fus_ci(x, P, b, B, e->c.ci_logdet, y, Y) >= 0) {
            memcpy(x, y, sizeof x);
            memcpy(P, Y, sizeof P);
        }
    }
    memcpy(o->x, x, sizeof x);
    memcpy(o->P, P, sizeof P);
    o->t = tc;
    o->dim = dim;
    o->sd = sqrt(P[0] + P[7] + (dim == 3 ? P[14] : 0));
}

/* ---- spatial grid over object positions (candidate search) ------------------------------------ */

int fus_grid_cell(const fus_engine *e, double x, double y, int dx, int dy)
{
    long cx = (long)floor(x / e->c.cell_m) + dx, cy = (long)floor(y / e->c.cell_m) + dy;
    return (int)(mix((uint32_t)cx, (uint32_t)cy) & (uint32_t)e->gmask);
}

void fus_grid_add(fus_engine *e, int oi)
{
    int c = fus_grid_cell(e, e->obj[oi].x[0], e->obj[oi].x[1], 0, 0);
    e->obj[oi].gnext = e->grid[c];
    e->grid[c] = oi;
}

/* ---- numbers in use ------------------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void used_build(fus_engine *e)
{
    int n = 0;
    for (int i = 0; i < e->hi; i++) {
        if (e->obj[i].used && e->obj[i].stn)
            e->used_stn[n++] = e->obj[i].stn;
        if (e->rep[i].used)
            e->used_stn[n++] = e->rep[i].r.st.stn;
    }
    qsort(e->used_stn, (size_t)n, sizeof *e->used_stn, cmp_u32);
    e->n_used_stn = n;
}

void fus_made_merge(fus_engine *e)
{
    int n = e->n_used_stn, m = e->n_made;
    if (n < 0 || (long)n + m > 2L * e->cap) { /* not built, or no room: built afresh when needed */
        e->n_used_stn = -1;
        e->n_made = 0;
        return;
    }
    qsort(e->made, (size_t)m, sizeof *e->made, cmp_u32);
    uint32_t *u = e->used_stn;
    int i = n - 1, j = m - 1, k = n + m - 1;
    while (j >= 0) /* from the back, in place: the larger of the two tails goes last */
        u[k--] = i >= 0 && u[i] > e->made[j] ? u[i--] : e->made[j--];
    e->n_used_stn = n + m;
    e->n_made = 0;
}

bool fus_stn_used(fus_engine *e, uint32_t stn)
{
    if (e->n_used_stn < 0)
        used_build(e);
    if (bsearch(&stn, e->used_stn, (size_t)e->n_used_stn, sizeof stn, cmp_u32))
        return true;
    for (int i = 0; i < e->n_made; i++)
        if (e->made[i] == stn)
            return true;
    return false;
}

static size_t lower_bound(const uint32_t *u, size_t n, uint32_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int fus_stn_holders(fus_engine *e, uint32_t stn)
{
    if (e->n_used_stn < 0)
        used_build(e);
    int n = 0;
    for (size_t p = lower_bound(e->used_stn, (size_t)e->n_used_stn, stn);
         p < (size_t)e->n_used_stn && e->used_stn[p] == stn; p++)
        n++;
    for (int i = 0; i < e->n_made; i++)
        n += e->made[i] == stn;
    return n;
}

uint32_t fus_stn_first_free(fus_engine *e, uint32_t base, uint32_t size, uint32_t off,
                            uint32_t max)
{
    if (e->n_used_stn < 0)
        used_build(e);
    const uint32_t *u = e->used_stn;
    size_t n = (size_t)e->n_used_stn, p = 0;
    uint32_t prev = 0;
    for (uint32_t k = 0; k < size && k < max; k++) {
        uint32_t stn = base + (off + k) % size;
        if (k == 0 || stn < prev) /* start, or the probe wrapped round the block */
            p = lower_bound(u, n, stn);
        prev = stn;
        while (p < n && u[p] < stn)
            p++;
        if (stn == 0 || (p < n && u[p] == stn))
            continue;
        int i;
        for (i = 0; i < e->n_made && e->made[i] != stn; i++) {
        }
        if (i == e->n_made)
            return stn;
    }
    return 0;
}

/* ---- the cycle ------------------------------------------------------------------------------ */

static const fus_engine *sort_e;
static int cmp_obj(const void *a, const void *b)
{
    const fobj *x = &sort_e->obj[*(const int *)a], *y = &sort_e->obj[*(const int *)b];
    if (x->stn != y->stn)
        return x->stn < y->stn ? -1 : 1;
    if (x->born != y->born)
        return x->born < y->born ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* Objects in STN order.  Numbers rarely change between cycles, so the previous order is kept,
 * freed objects dropped, new ones appended, and a nearly sorted array is finished by insertion
 * (linear); a large change falls back to qsort. */
void fus_order_build(fus_engine *e)
{
    int n = 0, added = 0;
    for (int k = 0; k < e->n_order; k++) {
        int i = e->order[k];
        if (e->obj[i].used && e->obj[i].in_order)
            e->order[n++] = i;
        else
            e->obj[i].in_order = false;
    }
    for (int i = 0; i < e->hi; i++)
        if (e->obj[i].used && !e->obj[i].in_order) {
            e->obj[i].in_order = true;
            e->order[n++] = i;
            added++;
        }
    e->n_order = n;
    sort_e = e;
    if (added > 64) {
        qsort(e->order, (size_t)n, sizeof *e->order, cmp_obj);
        return;
    }
    /* insertion: linear when few numbers changed; after a cycle that renumbered thousands (the
     * R2 holder at 10,000 objects) it went quadratic (15 ms and more a cycle), so past a few
     * moves per object it hands over to qsort.  cmp_obj is a total order: the same result. */
    long moves = 0, limit = 8L * n + 64;
    for (int k = 1; k < n; k++) {
        int v = e->order[k], j = k;
        while (j > 0 && cmp_obj(&e->order[j - 1], &v) > 0) {
            e->order[j] = e->order[j - 1];
            j--;
        }
        e->order[j] = v;
        moves += k - j;
        if (moves > limit) {
            qsort(e->order, (size_t)n, sizeof *e->order, cmp_obj);
            return;
        }
    }
}

static void drop_stale_one(fus_engine *e, int i, double now)
{
    if (e->trk[i].used && now - e->trk[i].t.t > e->c.stale_s)
        fus_drop_track(e, e->c.nations[e->trk[i].nation], e->trk[i].id);
    if (e->rep[i].used && now - e->rep[i].t_rx > e->c.report_stale_s)
        rep_free(e, i);
}

static void drop_empty_one(fus_engine *e, int i, const fus_actions *a)
{
    fobj *o = &e->obj[i];
    if (!o->used || o->n_mem > 0)
        return;
    if (o->mine && a && a->retract)
        a->retract(a->ctx, o->pub_stn, true);
    fus_obj_free(e, i);
}

/* 1: o's number is backed by a claim: this node reports it, or a partner's report for that number
 * is attached to it */
static int backed(const fus_engine *e, const fobj *o)
{
    if (o->mine && o->pub_stn == o->stn)
        return 1;
    for (int k = 0; k < o->n_att; k++)
        if (e->rep[o->att[k]].used && e->rep[o->att[k]].r.st.stn == o->stn)
            return 1;
    return 0;
}

/* Two objects must never share a number.  It can happen when tracks split off an object here
 * while a partner still reports them together: its report goes to the split-off part, which takes
 * the number, and the rest keeps it too.  The object whose number is not backed by a claim (then
 * the one with fewer members, then the later in STN order) gets a new number.  Runs on the
 * STN-sorted order, so equal numbers are neighbours. */
static int unshare_numbers(fus_engine *e, const fus_actions *a)
{
    int changed = 0;
    for (int k = 0; k + 1 < e->n_order; k++) {
        fobj *x = &e->obj[e->order[k]], *y = &e->obj[e->order[k + 1]];
        if (!x->stn || x->stn != y->stn)
            continue;
        int bx = backed(e, x), by = backed(e, y);
        fobj *lose = bx != by ? (bx ? y : x) : (x->n_mem < y->n_mem ? x : y);
        if (lose->mine) {
            e->r2_run--;
            if (a && a->retract)
                a->retract(a->ctx, lose->pub_stn, false);
            lose->mine = false;
        }
        double born = 0;
        lose->stn = fus_new_number(e, lose, &born);
        lose->born = born;
        e->st.renumbered++;
        changed = 1;
    }
    return changed;
}

/* The phases of a cycle.  Each per-item phase goes through its items in the same order as a
 * whole cycle would, so a cycle run in slices with nothing arriving between them gives the same
 * picture as one run at once.  Per-object phases (stale, keep, empty) are independent of order;
 * the association goes in steps of its own (fus_assoc.c) and leaves the STN order built, in
 * which merges and numbering go. */
enum {
    CYC_IDLE, CYC_STALE, CYC_KEEP, CYC_EMPTY, CYC_ASSOC, CYC_MERGE, CYC_ATTACH, CYC_NUMBER,
    CYC_FINISH
};

void fus_cycle_begin(fus_engine *e, double now)
{
    if (isnan(e->t_start))
        e->t_start = now;
    e->phase = CYC_STALE;
    e->pos = 0;
    e->cyc_now = now;
    e->n_used_stn = -1; /* the sorted numbers in use are built when a number is needed */
    e->n_made = 0;
    fus_assoc_begin(e);
}

bool fus_cycle_busy(const fus_engine *e)
{
    return e->phase != CYC_IDLE;
}

int fus_cycle_phase(const fus_engine *e)
{
    return e->phase;
}

/* index scans that only look at a flag cost a fraction of an object's work */
#define SCAN_PER_ITEM 16
#define SEND_PER_ITEM 8
/* attaching a report slot (two hash lookups when used) costs a fraction of an object's work: whole,
 * the 10,000 reports of a partner holding R2 held the loop 2-7 ms once a cycle (TRACE=DIR) */
#define ATTACH_PER_ITEM 4

int fus_cycle_step(fus_engine *e, int budget, const fus_actions *a)
{
    if (budget < 1)
        budget = 1;
    double now = e->cyc_now;
    while (e->phase != CYC_IDLE) {
        switch (e->phase) {
        case CYC_STALE:
        case CYC_EMPTY: {
            int p0 = e->pos;
            long long end = (long long)e->pos + (long long)budget * SCAN_PER_ITEM;
            for (; e->pos < e->hi && e->pos < end; e->pos++) {
                if (e->phase == CYC_STALE)
                    drop_stale_one(e, e->pos, now);
                else
                    drop_empty_one(e, e->pos, a);
            }
            budget -= (e->pos - p0 + SCAN_PER_ITEM - 1) / SCAN_PER_ITEM;
            if (e->pos < e->hi)
                return 0;
            e->phase++;
            e->pos = 0;
            break;
        }
        case CYC_KEEP:
            for (; e->pos < e->hi && budget > 0; e->pos++)
                if (e->obj[e->pos].used && e->obj[e->pos].n_mem >= 2) {
                    fus_keep_one(e, e->pos);
                    budget--;
                }
            if (e->pos < e->hi)
                return 0;
            e->phase = CYC_EMPTY;
            e->pos = 0;
            break;
        case CYC_ASSOC:
            if (!fus_assoc_step(e, &budget))
                return 0;
            e->phase = CYC_MERGE;
            e->pos = 0;
            break;
        case CYC_ATTACH: {
            long long end = (long long)e->pos + (long long)budget * ATTACH_PER_ITEM;
            int to = end < e->hi ? (int)end : e->hi;
            fus_number_attach(e, e->pos, to);
            budget -= (to - e->pos + ATTACH_PER_ITEM - 1) / ATTACH_PER_ITEM;
            e->pos = to;
            if (e->pos < e->hi)
                return 0;
            e->phase = CYC_NUMBER;
            e->pos = 0;
            break;
        }
        case CYC_MERGE:
        case CYC_NUMBER:
            if (e->phase == CYC_NUMBER && e->pos == 0)
                e->r2_run = 0;
            for (; e->pos < e->n_order && budget > 0; e->pos++, budget--) {
                uint64_t sent = e->st.reports_sent;
                if (e->phase == CYC_MERGE)
                    fus_merge_one(e, e->pos, a);
                else {
                    fus_number_one(e, e->pos, now, a);
                    e->r2_run += e->obj[e->order[e->pos]].mine;
                }
                /* a report sent costs the node a write (and with per-sample protection an
                 * encryption): it counts as several objects' work */
                budget -= (int)(e->st.reports_sent - sent) * (SEND_PER_ITEM - 1);
            }
            if (e->pos < e->n_order)
                return 0;
            e->phase++;
            e->pos = 0;
            break;
        case CYC_FINISH:
            fus_order_build(e); /* numbers may have changed: the picture is sorted by STN */
            if (unshare_numbers(e, a))
                fus_order_build(e);
            e->r2_last = e->r2_run;
            e->phase = CYC_IDLE;
            return 1;
        }
        if (budget <= 0)
            return 0;
    }
    return 1;
}

void fus_update(fus_engine *e, double now, const fus_actions *a)
{
    fus_cycle_begin(e, now);
    while (!fus_cycle_step(e, INT_MAX, a)) {
    }
}

int fus_picture(const fus_engine *e, sw_system_track *out, int max)
{
    int pos = 0;
    return fus_picture_part(e, &pos, out, max);
}

int fus_picture_size(const fus_engine *e)
{
    return e->n_order;
}

int fus_picture_part(const fus_engine *e, int *pos, sw_system_track *out, int max)
{
    int n = 0, k = *pos;
    for (; k < e->n_order && n < max; k++) {
        const fobj *o = &e->obj[e->order[k]];
        if (!o->used || !o->stn || o->n_mem == 0)
            continue;
        sw_system_track *s = &out[n++];
        memset(s, 0, sizeof *s);
        s->stn = o->stn;
        s->t = o->t;
        memcpy(s->x, o->x, sizeof s->x);
        memcpy(s->P, o->P, sizeof s->P);
        if (o->dim == 2) {
            s->x[2] = s->x[5] = 0;
            for (int j = 0; j < 6; j++)
                s->P[2 * 6 + j] = s->P[j * 6 + 2] = s->P[5 * 6 + j] = s->P[j * 6 + 5] = 0;
        }
        s->n_sources = (uint8_t)o->n_mem;
        s->t_first = o->born;
        s->quality = (float)(1.0 / (1.0 + o->sd / 500.0));
        if (o->reporter >= 0)
            memcpy(s->reporter, e->c.nations[o->reporter], 4);
        float best_conf = -1;
        for (int j = 0; j < e->c.n_nations; j++) {
            if (o->mem[j] < 0)
                continue;
            const sw_track *t = &e->trk[o->mem[j]].t;
            s->nations |= 1ull << j;
            if (t->status == SW_TRK_CONFIRMED || s->status != SW_TRK_CONFIRMED)
                s->status = t->status;
            if (t->cls != SW_CLS_UNKNOWN && t->cls_conf > best_conf) {
                s->cls = t->cls;
                s->cls_conf = t->cls_conf;
                best_conf = t->cls_conf;
            }
            if (!(s->flags & SW_HAS_MODE3A) && (t->flags & SW_HAS_MODE3A))
                s->mode3a = t->mode3a;
            if (!(s->flags & SW_HAS_ADDRESS) && (t->flags & SW_HAS_ADDRESS))
                s->address = t->address;
            if (!(s->flags & SW_HAS_MODEC) && (t->flags & SW_HAS_MODEC))
                s->alt_baro_m = t->alt_baro_m;
            if (!(s->flags & SW_HAS_CALLSIGN) && (t->flags & SW_HAS_CALLSIGN))
                memcpy(s->callsign, t->callsign, sizeof s->callsign);
            s->flags |= t->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_MODEC | SW_HAS_CALLSIGN);
        }
    }
    *pos = k;
    return n;
}

uint32_t fus_stn_of(const fus_engine *e, const char *nation, uint32_t id, sw_system_track *st)
{
    int n = fus_nation_index(e, nation);
    int i = n < 0 ? -1 : fus_track_find(e, n, id);
    if (i < 0 || e->trk[i].obj < 0)
        return 0;
    const fobj *o = &e->obj[e->trk[i].obj];
    if (st) {
        memset(st, 0, sizeof *st);
        st->stn = o->stn;
        st->t = o->t;
        memcpy(st->x, o->x, sizeof st->x);
        memcpy(st->P, o->P, sizeof st->P);
        st->n_sources = (uint8_t)o->n_mem;
        if (o->reporter >= 0)
            memcpy(st->reporter, e->c.nations[o->reporter], 4);
    }
    return o->stn;
}

void fus_get_stats(const fus_engine *e, fus_stats *s)
{
    *s = e->st;
    s->tracks = e->cap - e->n_free_t;
    s->objects = e->cap - e->n_free_o;
    s->r2 = e->r2_last; /* counted by the last cycle's numbering: a scan of every object here
                          * took 1-3 ms at 10,000 objects, on the node's loop, every status */
}
