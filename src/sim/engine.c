/* sim/engine.c - running a scenario: frames of every sensor in order of their start time, plots
 * and events queued and handed out in time order, window by window.
 *
 * Why the order is right: a frame's plots all lie at or after the frame's start (bias aside), so
 * once every frame that starts before t1 has been generated, every plot earlier than t1 is known.
 * The pending queue is sorted by (time, generation order) and delivered up to t1; the rest waits.
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
    double t;
    uint64_t seq;
    int is_event;
    union {
        sw_plot p;
        sim_event ev;
    } u;
} item;

struct sim_engine {
    const sim_scenario *sc;
    double now, duration;
    uint64_t seed;
    unsigned char *selected;
    long *next_frame;
    sw_rng *rng;
    item *pend;
    size_t n_pend, cap_pend;
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
    e->snap = calloc((size_t)nt + 1, sizeof *e->snap);
    e->snap_ok = calloc((size_t)nt + 1, 1);
    e->cand = calloc((size_t)nt + 1, sizeof *e->cand);
    e->cap_pend = 4096;
    e->pend = malloc(sizeof *e->pend * e->cap_pend);
    if (!e->selected || !e->next_frame || !e->rng || !e->snap || !e->snap_ok || !e->cand ||
        !e->pend) {
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
    free(e->snap);
    free(e->snap_ok);
    free(e->cand);
    free(e->pend);
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
double sim_engine_now(const sim_engine *e) { return e->now; }
double sim_engine_duration(const sim_engine *e) { return e->duration; }

static item *push(sim_engine *e)
{
    if (e->n_pend == e->cap_pend) {
        size_t cap = e->cap_pend * 2;
        item *p = realloc(e->pend, sizeof *p * cap);
        if (!p) {
            e->oom = 1;
            return NULL;
        }
        e->pend = p;
        e->cap_pend = cap;
    }
    item *it = &e->pend[e->n_pend++];
    it->seq = e->seq++;
    return it;
}

void sim_emit_plot(sim_engine *e, const sw_plot *p)
{
    if (p->t >= e->duration || p->t < 0)
        return;
    item *it = push(e);
    if (!it)
        return;
    it->t = p->t;
    it->is_event = 0;
    it->u.p = *p;
}

void sim_emit_event(sim_engine *e, const sim_event *ev)
{
    if (ev->t >= e->duration || ev->t < 0)
        return;
    item *it = push(e);
    if (!it)
        return;
    it->t = ev->t;
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

static int item_cmp(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
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
    qsort(e->pend, e->n_pend, sizeof *e->pend, item_cmp);
    return SW_OK;
}

long sim_engine_run(sim_engine *e, double t1, const sim_sink *sink, sw_err *err)
{
    if (t1 > e->duration)
        t1 = e->duration;
    sw_rc rc = generate(e, t1, err);
    if (rc)
        return rc;
    size_t k = 0;
    long n_plots = 0;
    for (; k < e->n_pend && e->pend[k].t < t1; k++) {
        const item *it = &e->pend[k];
        int r = 0;
        if (it->is_event) {
            if (sink && sink->event)
                r = sink->event(sink->ctx, &it->u.ev);
        } else {
            n_plots++;
            if (sink && sink->plot)
                r = sink->plot(sink->ctx, &it->u.p);
        }
        if (r) {
            k++;
            memmove(e->pend, e->pend + k, sizeof *e->pend * (e->n_pend - k));
            e->n_pend -= k;
            return r;
        }
    }
    memmove(e->pend, e->pend + k, sizeof *e->pend * (e->n_pend - k));
    e->n_pend -= k;
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
    size_t k = 0;
    long n = 0;
    for (; k < e->n_pend && e->pend[k].t < t1 && n < cap; k++)
        if (!e->pend[k].is_event)
            buf[n++] = e->pend[k].u.p;
    memmove(e->pend, e->pend + k, sizeof *e->pend * (e->n_pend - k));
    e->n_pend -= k;
    if ((e->n_pend == 0 || e->pend[0].t >= t1) && t1 > e->now)
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
