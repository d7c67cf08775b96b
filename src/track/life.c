/* track/life.c - a track's life: start, M-of-N confirmation, missed updates, deletion, the
 * spatial-index registration and the deadline that drives the time logic, quality, output.
 *
 * Opportunities.  A track expects a plot every `revisit` seconds (its last sensor's revisit
 * period: the sensors file's scan_s, --revisit, or learnt as the median of same-sensor update
 * intervals of confirmed tracks).  A plot is a hit; when 1.5 revisits pass after the last
 * accounted opportunity without one, the deadline fires and a miss is recorded.  The last 32
 * opportunities are a bit register (1 = hit), as in MATLAB's trackHistoryLogic:
 *  - tentative: confirmed when M of its first N opportunities are hits, deleted as soon as that
 *    can no longer happen; a one-point track (no velocity yet) is dropped at its first miss,
 *    since two-point initiation pairs consecutive plots;
 *  - tentative, identified: confirmed on confirm_id_m hits by plots with a Mode S address or
 *    Mode 3/A in its first confirm_id_n opportunities (a transponder reply is not clutter);
 *  - confirmed: coasting after a miss, deleted after delete_misses consecutive misses or when the
 *    predicted position sd exceeds max_pos_sd_m.  After a miss the track expects its slowest
 *    sensor (rev_long), so leaving a 1 s ADS-B cover does not delete it before a 10 s radar that
 *    still sees it comes round.
 *
 * Quality (0..1) = h * s_ref / (s_ref + s_pos): h the fraction of hits in the last (up to) 8
 * opportunities, s_pos = sqrt(trace(P_pos) / dim) at the reporting time, s_ref = quality_ref_m.
 * A track updated at every scan with a 50 m position sd and s_ref = 500 m reports about 0.9;
 * a coasting or poorly measured track drops towards 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

#include <sys/mman.h>

/* ---- pools ---- */

static void unregister(trk_tracker *tr, int32_t s);
static sw_rc wheel_grow(trk_tracker *tr, int32_t need);

/* Grid entries: keep half the pool free, so boxes go to the wide list only when they are really
 * wide; after a growth, tracks that went wide for lack of entries are registered again. */
static sw_rc reserve_grid(trk_tracker *tr, size_t extra)
{
    trk_grid *g = &tr->grid;
    int32_t n0 = g->nslots, o0 = g->capovf;
    sw_rc rc = trk_grid_reserve(g, 2 * extra, tr->cap);
    if (rc || (g->nslots == (uint32_t)n0 && g->capovf == o0) || g->nwide == 0)
        return rc;
    /* tracks that went wide for lack of room: register them again */
    for (int32_t w = g->nwide; w-- > 0;) {
        int32_t s = g->wide[w];
        trk_life_register_force(tr, s, trk_at(tr, s)->t, 1);
    }
    return SW_OK;
}

sw_rc trk_life_reserve(trk_tracker *tr, size_t extra)
{
    /* wheel blocks for a batch's worth of filings (and the deadlines it may run) */
    sw_rc rc = wheel_grow(tr, (int32_t)((2 * extra + tr->nlive / 8) / TRK_WBLOCK + 256));
    if (rc)
        return rc;
    if (tr->nfree >= extra)
        return reserve_grid(tr, extra);
    size_t old = tr->cap, nc = old ? old * 2 : 1024;
    while (nc - (old - tr->nfree) < extra)
        nc *= 2;
    if (nc > INT32_MAX / 4)
        return SW_EFULL;
    /* one block of records, on huge pages when large (they are read at random) */
    size_t bytes = tr->recsz * nc, hp = 2u << 20;
    unsigned char *r = aligned_alloc(bytes >= hp ? hp : 64, bytes >= hp ? (bytes + hp - 1) / hp * hp : bytes);
    if (!r)
        return SW_ENOMEM;
    if (bytes >= hp)
        madvise(r, (bytes + hp - 1) / hp * hp, MADV_HUGEPAGE);
    if (tr->rec)
        memcpy(r, tr->rec, tr->recsz * old);
    free(tr->rec);
    tr->rec = r;
    int32_t *fl = realloc(tr->freel, sizeof(int32_t) * nc);
    if (!fl)
        return SW_ENOMEM;
    tr->freel = fl;
    double *dl = realloc(tr->dls, sizeof(double) * nc);
    if (!dl)
        return SW_ENOMEM;
    tr->dls = dl;
    uint32_t *id = realloc(tr->ids, sizeof(uint32_t) * nc);
    if (!id)
        return SW_ENOMEM;
    tr->ids = id;
    memset(tr->ids + old, 0, sizeof(uint32_t) * (nc - old));
    for (size_t i = nc; i-- > old;) { /* lowest new slot on top */
        trk_at(tr, (int32_t)i)->status = TRK_FREE;
        tr->freel[tr->nfree++] = (int32_t)i;
    }
    tr->cap = nc;
    return reserve_grid(tr, extra);
}

/* ---- the deadline wheel ----
 * Bucket b holds the deadlines in [b wdt, (b + 1) wdt).  Filing appends to the bucket's last
 * block: tracks updated together file into the same bucket, so the write is to a hot line.
 * Running a bucket reads its blocks in order and checks each entry against ids[] and dls[]
 * (dense, small) before touching the track: stale entries never cost a track's cache lines. */

static void free_slot(trk_tracker *tr, int32_t s)
{
    trk_at(tr, s)->status = TRK_FREE;
    tr->ids[s] = 0;
    tr->freel[tr->nfree++] = s;
}

static sw_rc wheel_grow(trk_tracker *tr, int32_t need)
{
    if (tr->nwfree >= need)
        return SW_OK;
    int32_t old = tr->capblk, nc = old ? old * 2 : 64;
    while (nc - old + tr->nwfree < need)
        nc *= 2;
    trk_wblock *b = realloc(tr->wblk, sizeof(trk_wblock) * (size_t)nc);
    if (!b)
        return SW_ENOMEM;
    tr->wblk = b;
    for (int32_t i = nc - 1; i >= old; i--) {
        tr->wblk[i].next = tr->wfree;
        tr->wfree = i;
        tr->nwfree++;
    }
    tr->capblk = nc;
    return SW_OK;
}

static int64_t bucket_of(const trk_tracker *tr, double t)
{
    double b = floor(t / tr->wdt);
    return b < -9e18 ? INT64_MIN + 1 : b > 9e18 ? INT64_MAX / 2 : (int64_t)b;
}

static void wheel_file(trk_tracker *tr, int32_t s, double deadline, int64_t b)
{
    if (tr->wcur == INT64_MIN)
        tr->wcur = bucket_of(tr, trk_at(tr, s)->t);
    int64_t lo = tr->wcur + tr->wpass;
    if (b < lo)
        b = lo;
    if (b > tr->wcur + TRK_WHEEL - 1)
        b = tr->wcur + TRK_WHEEL - 1; /* beyond the wheel: filed again when reached */
    int idx = (int)(b & (TRK_WHEEL - 1));
    int32_t t = tr->wtail[idx];
    if (t < 0 || tr->wblk[t].n == TRK_WBLOCK) {
        if (!tr->nwfree && wheel_grow(tr, 1)) {
            tr->st.numeric_failures++; /* out of memory: the deadline is lost */
            return;
        }
        int32_t nb = tr->wfree;
        tr->wfree = tr->wblk[nb].next;
        tr->nwfree--;
        tr->wblk[nb].n = 0;
        tr->wblk[nb].next = -1;
        if (t < 0)
            tr->whead[idx] = nb;
        else
            tr->wblk[t].next = nb;
        tr->wtail[idx] = t = nb;
    }
    trk_wentry *e = &tr->wblk[t].e[tr->wblk[t].n++];
    e->slot = s;
    e->id = tr->ids[s];
    e->deadline = deadline;
}

/* The earliest bucket any filed deadline falls in (INT64_MAX: none); wcur when a track's plot
 * is coming (it is filed for the next bucket, whatever its deadline). */
static int64_t wheel_earliest(const trk_tracker *tr)
{
    int64_t m = INT64_MAX;
    for (int idx = 0; idx < TRK_WHEEL; idx++)
        for (int32_t b = tr->whead[idx]; b >= 0; b = tr->wblk[b].next)
            for (int i = 0; i < tr->wblk[b].n; i++) {
                const trk_wentry *e = &tr->wblk[b].e[i];
                if (tr->ids[e->slot] != e->id || tr->dls[e->slot] != e->deadline)
                    continue;
                if (trk_at((trk_tracker *)tr, e->slot)->pending)
                    return tr->wcur;
                int64_t d = bucket_of(tr, e->deadline);
                if (d < m)
                    m = d;
            }
    return m;
}

/* Runs every bucket that ends by `until`: due tracks get their missed opportunity, stale
 * entries are dropped.  A deadline runs at most one bucket (wdt) late, far below any revisit. */
void trk_life_run_deadlines(trk_tracker *tr, double until)
{
    int64_t last = bucket_of(tr, until); /* buckets < last have ended */
    if (tr->wcur == INT64_MIN) {
        tr->wcur = last;
        return;
    }
    while (tr->wcur < last) {
        /* a leap of more than a turn of the wheel (a plot stamped years ahead): go straight to
         * the first bucket that holds a deadline, not through every empty one between */
        if (tr->wcur + TRK_WHEEL < last) { /* (bucket_of keeps both far from overflow) */
            int64_t nb = wheel_earliest(tr);
            if (nb > tr->wcur) {
                tr->wcur = nb < last ? nb : last;
                continue;
            }
        }
        int idx = (int)(tr->wcur & (TRK_WHEEL - 1));
        int32_t b = tr->whead[idx];
        tr->whead[idx] = tr->wtail[idx] = -1;
        tr->wpass = 1;
        double end = (double)(tr->wcur + 1) * tr->wdt;
        while (b >= 0) {
            for (int i = 0; i < tr->wblk[b].n; i++) {
                if (i + 4 < tr->wblk[b].n) { /* a due track's lines are cold: ask early */
                    const trk_wentry *f = &tr->wblk[b].e[i + 4];
                    if (tr->ids[f->slot] == f->id && tr->dls[f->slot] == f->deadline) {
                        const char *r = (const char *)trk_kin(tr, f->slot);
                        __builtin_prefetch(r - 64, 1);
                        __builtin_prefetch(r, 1);
                        __builtin_prefetch(r + 64, 1);
                    }
                }
                trk_wentry e = tr->wblk[b].e[i];
                if (tr->ids[e.slot] != e.id || tr->dls[e.slot] != e.deadline)
                    continue; /* deleted, or filed again since */
                trk_track *k = trk_at(tr, e.slot);
                if (k->pending)
                    wheel_file(tr, e.slot, e.deadline, tr->wcur + 1); /* its plot is coming */
                else if (e.deadline >= end)
                    wheel_file(tr, e.slot, e.deadline, bucket_of(tr, e.deadline));
                else
                    trk_life_deadline(tr, e.slot, e.deadline);
            }
            int32_t nx = tr->wblk[b].next;
            tr->wblk[b].next = tr->wfree;
            tr->wfree = b;
            tr->nwfree++;
            b = nx;
        }
        tr->wpass = 0;
        tr->wcur++;
        if (!tr->nlive && last > tr->wcur)
            tr->wcur = last; /* nothing to run: jump */
    }
}

/* ---- sensors: revisit and clutter ---- */

double trk_track_revisit(const trk_tracker *tr, int sensor)
{
    double r = tr->sens[sensor].revisit;
    return r > 0 ? r : tr->p.revisit_guess_s;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static void revisit_sample(trk_tracker *tr, int sensor, double dt)
{
    trk_sensor *s = &tr->sens[sensor];
    if (s->rev_fixed || !(dt > 0.05))
        return;
    s->rev_s[s->rev_n % 32] = (float)dt;
    s->rev_n++;
    /* the median of the last 32: every 8 samples until known, then every 256 */
    if (s->rev_n >= 8 && s->rev_n % (s->revisit > 0 ? 256 : 8) == 0) {
        float v[32];
        int n = s->rev_n < 32 ? s->rev_n : 32;
        memcpy(v, s->rev_s, sizeof(float) * (size_t)n);
        qsort(v, (size_t)n, sizeof(float), cmp_float);
        s->revisit = v[n / 2];
    }
}

void trk_sensor_unassoc(trk_tracker *tr, int sensor, double t, int n)
{
    trk_sensor *s = &tr->sens[sensor];
    double tau = 5 * trk_track_revisit(tr, sensor);
    if (s->t_unassoc > 0 || s->unassoc > 0)
        s->unassoc *= exp(-(t - s->t_unassoc) / tau);
    s->unassoc += n;
    s->t_unassoc = t;
}

double trk_sensor_beta(const trk_tracker *tr, const trk_meas *z)
{
    const trk_params *p = &tr->p;
    double b = p->clutter_density;
    if (!(b > 0)) {
        const trk_sensor *s = &tr->sens[z->sensor];
        double rev = trk_track_revisit(tr, z->sensor), tau = 5 * rev;
        double el = z->t - s->t_first;
        double eff = tau * (1 - exp(-(el > 0 ? el : 0) / tau));
        if (eff < rev)
            eff = rev;
        double u = s->unassoc * exp(-(z->t - s->t_unassoc) / tau) + 1;
        double area = (s->bb[1] - s->bb[0]) * (s->bb[3] - s->bb[2]);
        if (!(area > 1e8))
            area = 1e8;
        b = u / eff * rev / area;
        if (b < 1e-14)
            b = 1e-14;
        if (b > 1e-5)
            b = 1e-5;
    }
    if (z->m == 3)
        b /= p->clutter_height_m;
    return b * trk_meas_jacdet(z);
}

/* ---- history ---- */

static void push_opp(trk_track *k, int hit)
{
    k->hist = (k->hist << 1) | (uint32_t)(hit != 0);
    if (k->hist_len < 32)
        k->hist_len++;
}

static int hits_in(const trk_track *k, int last)
{
    int n = k->hist_len < last ? k->hist_len : last;
    uint32_t m = n >= 32 ? 0xffffffffu : ((1u << n) - 1);
    return __builtin_popcount(k->hist & m);
}

/* ---- registration: grid box over the horizon and the next deadline ---- */

static void unregister(trk_tracker *tr, int32_t s)
{
    trk_track *k = trk_at(tr, s);
    if (k->glv < 0)
        return;
    int32_t w = k->g_wide, moved = trk_grid_remove(&tr->grid, s, k->glv, k->gc, &k->g_wide);
    if (moved >= 0) /* the wide list moved its last track into the freed position */
        trk_at(tr, moved)->g_wide = w;
    k->glv = -1;
}

/* The box of positions the track can be gated at between ta and tb. */
static void horizon_box(trk_tracker *tr, int32_t s, double ta, double tb, double box[4])
{
    const trk_track *k = trk_at(tr, s);
    double pos[3], vel[3], Pp[9];
    trk_filter_pos(&tr->f, trk_kin(tr, s), tb - k->t, pos, vel, Pp);
    for (int a = 0; a < 2; a++) {
        double pb = pos[a], pa = pb - vel[a] * (tb - ta);
        double mg = sqrt(tr->gate_box * (Pp[a * 4] + tr->rmax[a]));
        box[2 * a] = (pa < pb ? pa : pb) - mg;
        box[2 * a + 1] = (pa < pb ? pb : pa) + mg;
    }
}

void trk_life_register_force(trk_tracker *tr, int32_t s, double now, int force)
{
    trk_track *k = trk_at(tr, s);
    double deadline = k->t_opp + 1.5 * k->revisit;
    double tb = deadline + tr->p.batch_s, ta = now > k->t ? now : k->t;
    if (tb < ta)
        tb = ta;
    if (tr->dls[s] != deadline) {
        tr->dls[s] = deadline;
        wheel_file(tr, s, deadline, bucket_of(tr, deadline));
    }
    /* Registrations are sticky: while the cells the track needs until its deadline are inside
     * the cells it holds, nothing moves in the grid.  A new registration reaches two revisits
     * further, so a steadily tracked target moves in the grid every few scans, not every plot. */
    double box[4], c[4];
    horizon_box(tr, s, ta, tb, box);
    int lv = trk_grid_level(&tr->grid, box);
    trk_grid_cells(&tr->grid, box, lv, c);
    if (!force && lv < 2 && lv == k->glv && c[0] >= k->gc[0] && c[1] <= k->gc[1] &&
        c[2] >= k->gc[2] && c[3] <= k->gc[3]) {
        double need = (c[1] - c[0] + 1) * (c[3] - c[2] + 1);
        double have = (double)(k->gc[1] - k->gc[0] + 1) * (k->gc[3] - k->gc[2] + 1);
        if (have <= 4 * need)
            return;
    }
    if (k->npts > 1) {
        double ext[4];
        horizon_box(tr, s, ta, tb + 2 * k->revisit, ext);
        if (trk_grid_level(&tr->grid, ext) == lv)
            memcpy(box, ext, sizeof box);
    }
    unregister(tr, s);
    k->glv = trk_grid_insert(&tr->grid, s, box, k->gc, &k->g_wide);
    tr->st.grid_moves++;
}

void trk_life_register(trk_tracker *tr, int32_t s, double now)
{
    trk_life_register_force(tr, s, now, 0);
}

/* ---- output ---- */

void trk_life_fill(const trk_tracker *tr, int32_t s, double at, sw_track *o)
{
    const trk_track *k = trk_at(tr, s);
    double t = isfinite(at) && at > k->t ? at : k->t;
    trk_pred pr;
    int model;
    trk_filter_predict(&tr->f, trk_kin(tr, s), t - k->t, &pr);
    memset(o, 0, sizeof *o);
    trk_filter_output(&tr->f, &pr, o->x, o->P, &model);
    o->id = k->id;
    o->status = k->status;
    o->dim = (uint8_t)tr->p.dim;
    o->model = (uint8_t)model;
    o->t = t;
    double tr2 = 0;
    for (int a = 0; a < tr->p.dim; a++)
        tr2 += o->P[a * 7];
    double sp = sqrt(tr2 / tr->p.dim), h = k->hist_len ? (double)hits_in(k, 8) /
                                                            (k->hist_len < 8 ? k->hist_len : 8)
                                                      : 0;
    o->quality = (float)(h * tr->p.quality_ref_m / (tr->p.quality_ref_m + sp));
    o->n_updates = k->n_updates;
    o->t_first = k->t_first;
    o->t_update = k->t_update;
    o->flags = k->idflags;
    if (k->adsb && t - k->t_adsb <= TRK_ADSB_RECENT_S)
        o->flags |= SW_FROM_ADSB;
    o->mode3a = k->mode3a;
    o->address = k->address;
    o->alt_baro_m = k->alt_baro;
    memcpy(o->callsign, k->callsign, sizeof o->callsign);
    o->sensors = k->sens_cur | k->sens_prev;
}

void trk_life_emit(trk_tracker *tr, unsigned ev, int32_t s, double t)
{
    if (!tr->fn || !(tr->p.events & ev))
        return;
    sw_track o;
    trk_life_fill(tr, s, t, &o);
    tr->fn(tr->ctx, ev, o.t, &o);
}

/* ---- life events ---- */

static void take_identity(trk_track *k, const trk_meas *z)
{
    uint32_t f = z->flags & (SW_HAS_MODE3A | SW_HAS_MODEC | SW_HAS_ADDRESS | SW_HAS_CALLSIGN);
    k->idflags |= f;
    if (f & SW_HAS_MODE3A)
        k->mode3a = z->mode3a;
    if (f & SW_HAS_MODEC)
        k->alt_baro = z->alt_baro;
    if (f & SW_HAS_ADDRESS)
        k->address = z->address;
    if (f & SW_HAS_CALLSIGN)
        memcpy(k->callsign, z->callsign, sizeof k->callsign);
}

static void sensor_bit(const trk_tracker *tr, trk_track *k, int sensor, double t)
{
    if (tr->sens[sensor].adsb) {
        k->adsb = 1;
        k->t_adsb = t;
    }
    if (t - k->t_sens > 3 * k->revisit) {
        k->sens_prev = k->sens_cur;
        k->sens_cur = 0;
        k->t_sens = t;
    }
    k->sens_cur |= 1u << (sensor & 31);
}

static void confirm(trk_tracker *tr, int32_t s)
{
    trk_track *k = trk_at(tr, s);
    k->status = SW_TRK_CONFIRMED;
    k->was_confirmed = 1;
    tr->nconf++;
    tr->st.tracks_confirmed++;
    trk_life_emit(tr, TRK_EV_CONFIRMED, s, trk_at(tr, s)->t);
}

/* A track whose plots were all high (trk_meas.high) and that moves faster than TRK_HIGH_V_MPS:
 * nothing but a missile (or a satellite) is there, so it needs fewer hits to be believed.  A
 * ballistic missile seen at long range by a 10 s radar misses scans, and 4 of 5 then costs it a
 * minute of warning; clutter and birds stay in the lowest degrees and aircraft below 20 km. */
static int fast_high(const trk_tracker *tr, int32_t s)
{
    const trk_track *k = trk_at(tr, s);
    if (!k->high || k->npts < 2 || tr->p.dim != 3)
        return 0;
    sw_track o;
    trk_life_fill(tr, s, k->t, &o);
    return o.x[3] * o.x[3] + o.x[4] * o.x[4] + o.x[5] * o.x[5] > TRK_HIGH_V_MPS * TRK_HIGH_V_MPS;
}

/* A missile-IMM track climbing faster than any airframe bears (geo_climb_q over
 * GEO_CLIMB_Q_MAX_PA; warn-ranges seed 26 with dwells). */
static int impossible_ascent(const trk_tracker *tr, int32_t s)
{
    if (!trk_fspec_missile(&tr->f) || tr->p.dim != 3 || !tr->has_origin)
        return 0;
    sw_track o;
    trk_life_fill(tr, s, trk_at(tr, s)->t, &o);
    double ecef[3], v[3], lat, lon, h;
    geo_enu_to_ecef(&tr->origin, o.x, ecef);
    geo_vec_enu_to_ecef(&tr->origin, o.x + 3, v);
    geo_ecef_to_lla(ecef, &lat, &lon, &h);
    double vz = v[0] * cos(lat) * cos(lon) + v[1] * cos(lat) * sin(lon) + v[2] * sin(lat);
    double speed = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    double sd_v = sqrt((o.P[21] + o.P[28] + o.P[35]) / 3), sd_h = sqrt(o.P[14]);
    return vz > 0 && geo_climb_q(h, sd_h, speed, sd_v) > GEO_CLIMB_Q_MAX_PA;
}

/* M-of-N for a tentative track: 1 = confirm, -1 = delete, 0 = wait */
static int m_of_n(const trk_tracker *tr, int32_t s)
{
    const trk_track *k = trk_at(tr, s);
    int h = __builtin_popcount(k->hist & (k->hist_len >= 32 ? 0xffffffffu : (1u << k->hist_len) - 1));
    const trk_params *p = &tr->p;
    int m = p->confirm_m, n = p->confirm_n;
    if (k->high && TRK_HIGH_M < m) {
        /* its window is longer by the scans its first plot may wait (TRK_HIGH_WAIT) */
        int nh = p->confirm_n + TRK_HIGH_WAIT - 1;
        if (h >= TRK_HIGH_M && k->hist_len <= nh && fast_high(tr, s))
            return 1;
        if (k->hist_len <= nh) { /* may still be confirmed so */
            m = TRK_HIGH_M;
            n = nh;
        }
    }
    /* the general rule, or the one for transponder replies counting only the hits that were */
    if (h >= p->confirm_m || (k->id_hits >= p->confirm_id_m && k->hist_len <= p->confirm_id_n))
        return 1;
    int may = h + (n - k->hist_len) >= m ||
              k->id_hits + (p->confirm_id_n - k->hist_len) >= p->confirm_id_m;
    return may ? 0 : -1;
}

int32_t trk_life_start(trk_tracker *tr, const trk_meas *z)
{
    if (!tr->nfree)
        return -1; /* cannot happen: trk_life_reserve() ran for the batch */
    int32_t s = tr->freel[--tr->nfree];
    trk_track *k = trk_at(tr, s);
    memset(k, 0, sizeof *k);
    k->id = ++tr->next_id;
    if (!k->id)
        k->id = ++tr->next_id;
    k->status = SW_TRK_TENTATIVE;
    k->npts = 1;
    k->hist = 1;
    k->hist_len = 1;
    k->t = k->t_first = k->t_update = k->t_opp = k->t_same = k->t_sens = z->t;
    k->last_sensor = z->sensor;
    k->has_h = z->has_h;
    k->kind0 = z->pkind;
    k->id_hits = (z->flags & (SW_HAS_ADDRESS | SW_HAS_MODE3A)) != 0;
    k->revisit = trk_track_revisit(tr, z->sensor);
    k->rev_long = (uint8_t)(10 * k->revisit < 255 ? 10 * k->revisit : 255);
    k->n_updates = 1;
    k->glv = k->g_wide = -1;
    tr->ids[s] = k->id;
    tr->dls[s] = NAN;
    k->high = z->high;
    take_identity(k, z);
    sensor_bit(tr, k, z->sensor, z->t);
    trk_filter_init(&tr->f, &tr->p, tr->sv, z->pos, z->Rpos, z->t, NULL, NULL, 0,
                    trk_kin(tr, s));
    tr->nlive++;
    tr->st.tracks_started++;
    trk_life_register(tr, s, z->t);
    trk_life_emit(tr, TRK_EV_TENTATIVE, s, z->t);
    if (m_of_n(tr, s) > 0)
        confirm(tr, s);
    return s;
}

void trk_life_delete(trk_tracker *tr, int32_t s, double t)
{
    trk_track *k = trk_at(tr, s);
    if (k->was_confirmed && tr->fn && (tr->p.events & TRK_EV_DELETED)) {
        sw_track o;
        trk_life_fill(tr, s, t, &o);
        o.status = SW_TRK_DELETED;
        tr->fn(tr->ctx, TRK_EV_DELETED, t, &o);
    }
    if (k->status != SW_TRK_TENTATIVE)
        tr->nconf--;
    unregister(tr, s);
    tr->nlive--;
    tr->st.tracks_deleted++;
    free_slot(tr, s); /* its wheel entries are stale from now on */
}

/* The slow run of a missile IMM's track (TRK_SLOW_*, assoc.c): a plot that leaves it slower
 * than TRK_SLOW_V_MPS extends the run (or starts one), a faster one ends it. */
static void slow_run(const trk_tracker *tr, trk_track *k, int32_t s, double t)
{
    int d = tr->f.dim;
    const double *x = trk_kin(tr, s) + tr->f.off_comb;
    double v2 = 0;
    for (int a = 0; a < d; a++)
        v2 += x[d + a] * x[d + a];
    if (!(v2 < TRK_SLOW_V_MPS * TRK_SLOW_V_MPS)) {
        k->n_slow = 0;
        return;
    }
    if (!k->n_slow)
        k->t_slow = t;
    if (k->n_slow < 255)
        k->n_slow++;
}

void trk_life_hit(trk_tracker *tr, int32_t s, const trk_meas *z, int counts)
{
    trk_track *k = trk_at(tr, s);
    k->pending = 0;
    if (counts) {
        /* opportunities missed since the last accounted one, if no deadline has seen them */
        double m = floor((z->t - k->t_opp) / k->revisit - 0.5); /* capped before the cast: */
        int missed = m > 32 ? 32 : m > 0 ? (int)m : 0; /* a gap of years is 32 (fuzz_track) */
        for (int i = 0; i < missed; i++)
            push_opp(k, 0);
        push_opp(k, 1);
        k->misses = 0;
        k->t_opp = z->t;
        k->t_update = z->t;
        k->n_updates++;
        if (k->npts < 255)
            k->npts++;
        if (z->sensor == k->last_sensor) {
            if (k->was_confirmed)
                revisit_sample(tr, z->sensor, z->t - k->t_same);
        } else {
            k->last_sensor = z->sensor;
        }
        k->t_same = z->t;
        k->has_h |= z->has_h;
        if ((z->flags & (SW_HAS_ADDRESS | SW_HAS_MODE3A)) && k->id_hits < 255)
            k->id_hits++;
        k->revisit = trk_track_revisit(tr, z->sensor);
        double rl = 10 * k->revisit;
        if (rl > k->rev_long)
            k->rev_long = (uint8_t)(rl < 255 ? rl : 255);
        k->high &= z->high;
        take_identity(k, z);
        sensor_bit(tr, k, z->sensor, z->t);
        if (trk_fspec_missile(&tr->f))
            slow_run(tr, k, s, z->t);
    }
    if (k->status == SW_TRK_TENTATIVE) {
        int d = m_of_n(tr, s);
        if (d < 0) {
            trk_life_delete(tr, s, z->t);
            return;
        }
        k->ascent_held = d > 0 && impossible_ascent(tr, s);
        if (d > 0 && !k->ascent_held) {
            trk_life_register(tr, s, z->t);
            confirm(tr, s);
            return;
        }
    } else if (counts) {
        k->status = SW_TRK_CONFIRMED;
    }
    trk_life_register(tr, s, z->t);
    if (k->status != SW_TRK_TENTATIVE)
        trk_life_emit(tr, TRK_EV_UPDATED, s, z->t);
}

void trk_life_deadline(trk_tracker *tr, int32_t s, double t)
{
    trk_track *k = trk_at(tr, s);
    push_opp(k, 0);
    if (k->misses < 255)
        k->misses++;
    k->t_opp += k->revisit;
    /* a miss of its fastest sensor (ADS-B at 1 s leaving its cover): from now on the track
     * expects its slowest sensor, which may still see it, rather than being deleted by five
     * missed seconds before that radar's next scan */
    if (k->status != SW_TRK_TENTATIVE && 0.1 * k->rev_long > k->revisit)
        k->revisit = 0.1 * k->rev_long;
    if (k->status == SW_TRK_TENTATIVE) {
        /* a one-point track needs its second plot at the next opportunity: the velocity gate
         * would otherwise keep growing (and with it the track's box in the grid); one from a
         * high plot may wait TRK_HIGH_WAIT missed scans (a missile at the edge of a radar's
         * reach is seen at Pd 0.4-0.6, so two misses in a row are common, and there is no
         * clutter up there to pair it with) */
        if ((k->npts == 1 && !(k->high && k->misses <= TRK_HIGH_WAIT)) || m_of_n(tr, s) < 0 ||
            k->ascent_held) {
            trk_life_delete(tr, s, t);
            return;
        }
    } else {
        if (k->misses >= tr->p.delete_misses) {
            trk_life_delete(tr, s, t);
            return;
        }
        trk_pred pr;
        double x6[6], P36[36];
        trk_filter_predict(&tr->f, trk_kin(tr, s), t - k->t, &pr);
        trk_filter_output(&tr->f, &pr, x6, P36, NULL);
        double mx = 0;
        for (int a = 0; a < tr->p.dim; a++)
            if (P36[a * 7] > mx)
                mx = P36[a * 7];
        /* a fast high track confirmed on TRK_HIGH_M hits keeps the tentative track's patience
         * until it has confirm_m plots: its young velocity (boost-level noise) is wide */
        int young = k->high && k->npts < tr->p.confirm_m;
        if (!(sqrt(mx) <= tr->p.max_pos_sd_m) && !young) {
            trk_life_delete(tr, s, t);
            return;
        }
        int was = k->status;
        k->status = SW_TRK_COASTING;
        trk_life_register(tr, s, t);
        if (was != SW_TRK_COASTING)
            trk_life_emit(tr, TRK_EV_UPDATED, s, t);
        return;
    }
    trk_life_register(tr, s, t);
}
