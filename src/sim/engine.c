/* sim/engine.c - running a scenario: frames of every sensor in order of their start time, plots
 * and events queued and handed out in time order, window by window.
 *
 * Why the order is right: a frame's plots all lie at or after the frame's start (bias aside), so
 * once every frame that starts before t1 has been generated, every plot earlier than t1 is known.
 * The pending plots and events wait in a binary heap keyed by (time, generation order) over a
 * slab of items with a free list, and leave it up to t1: O(log n) per plot, nothing copied twice.
 * Each sensor has its own random stream, so the plots do not depend on the window sizes.
 *
 * Candidates: before a sensor frame the engine keeps a snapshot of every target's position
 * (refreshed every SNAP_S of scenario time) and gives the sensor only the targets that may be
 * within its reach during the frame, so a sensor's cost is proportional to what it can see. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SNAP_S 1.0

typedef struct item {
    int is_event;
    union {
        sw_plot p;
        sim_event ev;
    } u;
} item;

typedef struct hkey {
    double t;
    uint64_t seq;
    uint32_t slot;            /* the item in the slab */
} hkey;

struct sim_engine {
    const sim_scenario *sc;
    double now, duration;
    uint64_t seed;
    unsigned char *selected;
    long *next_frame;
    sw_rng *rng;
    sim_dwell **dwells;       /* per sensor with dwells: one per target */
    item *slab;               /* pending items; free slots are listed in free_slots */
    uint32_t *free_slots;
    size_t n_free, cap;
    hkey *heap;               /* min-heap on (t, seq) */
    size_t n_heap;
    uint64_t seq;
    int oom;
    /* snapshot */
    double snap_t;
    double (*snap)[4];         /* x, y, z, speed */
    unsigned char *snap_ok;
    int *cand;
};

sw_rc sim_engine_new(sim_engine **out, const sim_scenario *sc, const sim_options *opt,
                     sw_err *err)
{
    *out = NULL;
    sim_engine *e = calloc(1, sizeof *e);
    if (!e)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    e->sc = sc;
    e->duration = opt && opt->duration > 0 ? opt->duration : sc->duration;
    e->seed = opt && opt->seed_set ? opt->seed : sc->seed;
    int ns = sc->n_sensors, nt = sc->n_targets;
    e->selected = calloc((size_t)ns + 1, 1);
    e->next_frame = calloc((size_t)ns + 1, sizeof *e->next_frame);
    e->rng = calloc((size_t)ns + 1, sizeof *e->rng);
    e->dwells = calloc((size_t)ns + 1, sizeof *e->dwells);
    e->snap = calloc((size_t)nt + 1, sizeof *e->snap);
    e->snap_ok = calloc((size_t)nt + 1, 1);
    e->cand = calloc((size_t)nt + 1, sizeof *e->cand);
    e->cap = 4096;
    e->slab = malloc(sizeof *e->slab * e->cap);
    e->free_slots = malloc(sizeof *e->free_slots * e->cap);
    e->heap = malloc(sizeof *e->heap * e->cap);
    if (e->free_slots)
        for (size_t i = 0; i < e->cap; i++)
            e->free_slots[i] = (uint32_t)(e->cap - 1 - i);
    e->n_free = e->cap;
    int oom = 0;
    for (int i = 0; e->dwells && i < ns; i++)
        if (sc->sensors[i].dwell_period > 0 &&
            !(e->dwells[i] = calloc((size_t)nt + 1, sizeof **e->dwells)))
            oom = 1;
    if (oom || !e->dwells || !e->selected || !e->next_frame || !e->rng || !e->snap || !e->snap_ok || !e->cand ||
        !e->slab || !e->free_slots || !e->heap) {
        sim_engine_free(e);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    for (int i = 0; i < ns; i++) {
        e->selected[i] = 1;
        sw_rng_seed(&e->rng[i], e->seed * 1000003ull + (uint64_t)i * 7919ull + 1);
        /* first frame that can hold plots at t >= 0 */
        const sim_sensor *s = &sc->sensors[i];
        e->next_frame[i] = (long)floor(-s->phase / s->period);
        if (s->phase + (double)(e->next_frame[i] + 1) * s->period <= 0)
            e->next_frame[i]++;
    }
    e->snap_t = -1e300;
    *out = e;
    return SW_OK;
}

void sim_engine_free(sim_engine *e)
{
    if (!e)
        return;
    free(e->selected);
    free(e->next_frame);
    free(e->rng);
    for (int i = 0; e->dwells && i < e->sc->n_sensors; i++)
        free(e->dwells[i]);
    free(e->dwells);
    free(e->snap);
    free(e->snap_ok);
    free(e->cand);
    free(e->slab);
    free(e->free_slots);
    free(e->heap);
    free(e);
}

void sim_engine_select_nation(sim_engine *e, const char *nation)
{
    for (int i = 0; i < e->sc->n_sensors; i++)
        e->selected[i] = !nation || !strcmp(e->sc->sensors[i].s.nation, nation);
}

void sim_engine_select_sensor(sim_engine *e, int sensor, int on)
{
    if (sensor >= 0 && sensor < e->sc->n_sensors)
        e->selected[sensor] = (unsigned char)(on != 0);
}

const sim_scenario *sim_engine_scenario(const sim_engine *e) { return e->sc; }
sim_dwell *sim_engine_dwells(sim_engine *e, int idx) { return e->dwells[idx]; }
double sim_engine_now(const sim_engine *e) { return e->now; }
double sim_engine_duration(const sim_engine *e) { return e->duration; }

static int key_less(const hkey *a, const hkey *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* A free slot for an item of time t, its key pushed on the heap; NULL when out of memory. */
static item *push(sim_engine *e, double t)
{
    if (e->n_free == 0) {
        size_t cap = e->cap * 2;
        item *sl = realloc(e->slab, sizeof *sl * cap);
        if (sl)
            e->slab = sl;
        uint32_t *fr = realloc(e->free_slots, sizeof *fr * cap);
        if (fr)
            e->free_slots = fr;
        hkey *hp = realloc(e->heap, sizeof *hp * cap);
        if (hp)
            e->heap = hp;
        if (!sl || !fr || !hp || cap > 0xffffffffu) {
            e->oom = 1;
            return NULL;
        }
        for (size_t i = cap; i > e->cap; i--)
            e->free_slots[e->n_free++] = (uint32_t)(i - 1);
        e->cap = cap;
    }
    uint32_t slot = e->free_slots[--e->n_free];
    hkey k = {t, e->seq++, slot};
    size_t i = e->n_heap++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!key_less(&k, &e->heap[up]))
            break;
        e->heap[i] = e->heap[up];
        i = up;
    }
    e->heap[i] = k;
    return &e->slab[slot];
}

/* Removes the earliest key; its slot returns to the free list (the item stays readable until
 * the next push). */
static uint32_t pop(sim_engine *e)
{
    uint32_t slot = e->heap[0].slot;
    hkey last = e->heap[--e->n_heap];
    size_t i = 0, n = e->n_heap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && key_less(&e->heap[c + 1], &e->heap[c]))
            c++;
        if (!key_less(&e->heap[c], &last))
            break;
        e->heap[i] = e->heap[c];
        i = c;
    }
    if (n)
        e->heap[i] = last;
    e->free_slots[e->n_free++] = slot;
    return slot;
}

void sim_emit_plot(sim_engine *e, const sw_plot *p)
{
    if (p->t >= e->duration || p->t < 0)
        return;
    item *it = push(e, p->t);
    if (!it)
        return;
    it->is_event = 0;
    it->u.p = *p;
}

void sim_emit_event(sim_engine *e, const sim_event *ev)
{
    if (ev->t >= e->duration || ev->t < 0)
        return;
    item *it = push(e, ev->t);
    if (!it)
        return;
    it->is_event = 1;
    it->u.ev = *ev;
}

static void snapshot(sim_engine *e, double t)
{
    const sim_scenario *sc = e->sc;
    e->snap_t = t;
    for (int i = 0; i < sc->n_targets; i++) {
        const sim_target *tg = &sc->targets[i];
        double tc = t < tg->t0 ? tg->t0 : t > tg->t1 ? tg->t1 : t, x[6];
        sim_target_eval(sc, tg, tc, x);
        e->snap[i][0] = x[0];
        e->snap[i][1] = x[1];
        e->snap[i][2] = x[2];
        e->snap[i][3] = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
        e->snap_ok[i] = 1;
    }
}

const int *sim_engine_candidates(sim_engine *e, int idx, double t, double reach, int *n)
{
    const sim_scenario *sc = e->sc;
    const sim_sensor *s = &sc->sensors[idx];
    if (fabs(t - e->snap_t) > 0.5 * SNAP_S)
        snapshot(e, t);
    double t_end = t + s->period, dt = fabs(t - e->snap_t) + s->period + SNAP_S;
    int k = 0;
    for (int i = 0; i < sc->n_targets; i++) {
        const sim_target *tg = &sc->targets[i];
        if (tg->t1 < t || tg->t0 > t_end)
            continue;
        /* a target not yet alive at the snapshot sits at its start point: the margin covers it */
        double m = reach + e->snap[i][3] * dt + 1000.0;
        double dx = e->snap[i][0] - s->s.site[0], dy = e->snap[i][1] - s->s.site[1],
               dz = e->snap[i][2] - s->s.site[2];
        if (reach < 1e11 && dx * dx + dy * dy + dz * dz > m * m)
            continue;
        e->cand[k++] = i;
    }
    *n = k;
    return e->cand;
}

/* Generates every frame that starts before t1 and sorts the queue. */
static sw_rc generate(sim_engine *e, double t1, sw_err *err)
{
    const sim_scenario *sc = e->sc;
    /* generate every frame that starts before t1, in order of start time */
    for (;;) {
        int best = -1;
        double bt = 0;
        for (int i = 0; i < sc->n_sensors; i++) {
            if (!e->selected[i])
                continue;
            const sim_sensor *s = &sc->sensors[i];
            double ts = s->phase + (double)e->next_frame[i] * s->period;
            if (ts < t1 && ts < e->duration && (best < 0 || ts < bt)) {
                best = i;
                bt = ts;
            }
        }
        if (best < 0)
            break;
        const sim_sensor *s = &sc->sensors[best];
        s->ops->frame(e, s, best, e->next_frame[best], &e->rng[best]);
        e->next_frame[best]++;
    }
    if (e->oom)
        return sw_err_set(err, SW_ENOMEM, "out of memory for pending plots");
    return SW_OK;
}

long sim_engine_run(sim_engine *e, double t1, const sim_sink *sink, sw_err *err)
{
    if (t1 > e->duration)
        t1 = e->duration;
    sw_rc rc = generate(e, t1, err);
    if (rc)
        return rc;
    long n_plots = 0;
    while (e->n_heap > 0 && e->heap[0].t < t1) {
        const item *it = &e->slab[pop(e)];
        int r = 0;
        if (it->is_event) {
            if (sink && sink->event)
                r = sink->event(sink->ctx, &it->u.ev);
        } else {
            n_plots++;
            if (sink && sink->plot)
                r = sink->plot(sink->ctx, &it->u.p);
        }
        if (r)
            return r;
    }
    if (t1 > e->now)
        e->now = t1;
    return n_plots;
}

long sim_engine_next(sim_engine *e, double t1, sw_plot *buf, long cap, sw_err *err)
{
    if (t1 > e->duration)
        t1 = e->duration;
    sw_rc rc = generate(e, t1, err);
    if (rc)
        return rc;
    long n = 0;
    while (e->n_heap > 0 && e->heap[0].t < t1 && n < cap) {
        const item *it = &e->slab[pop(e)];
        if (!it->is_event)
            buf[n++] = it->u.p;
    }
    if ((e->n_heap == 0 || e->heap[0].t >= t1) && t1 > e->now)
        e->now = t1;
    return n;
}

void sim_engine_truth(const sim_engine *e, double t, sim_truth_fn fn, void *ctx)
{
    const sim_scenario *sc = e->sc;
    for (int i = 0; i < sc->n_targets; i++) {
        const sim_target *tg = &sc->targets[i];
        if (t < tg->t0 || t > tg->t1)
            continue;
        double x[6];
        sim_target_eval(sc, tg, t, x);
        fn(ctx, t, tg->id, tg->cls, x);
    }
}
