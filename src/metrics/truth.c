/* metrics/truth.c - the truth as a function of time.
 *
 * Truth files are sampled at the simulator's clock, tracks at plot times: to compare them the
 * truth is evaluated at each track time.  Between two samples of an object the position follows
 * the cubic Hermite curve through both positions and velocities (exact for constant velocity and
 * constant acceleration, and within a(dt)^2/8 of a turning target where linear interpolation
 * errs by that much already), the velocity linearly.  Objects are numbered in the order they
 * appear (first sample time, then id), so that the set present at a time can be kept as an
 * ordered active list that is only appended to and compacted while time moves forward. */
#include "metrics/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct sample {
    double t;
    double x[6];
} sample;

typedef struct tobj {
    double t0;           /* first sample time */
    uint32_t id;
    size_t first, count; /* samples s[first .. first+count) in time order */
} tobj;

struct met_truth {
    sample *s;
    tobj *o;
    size_t ns, no;
    double *times;
    size_t nt;
    double gap;
    uint32_t *active; /* objects that have started and not ended, ascending */
    size_t nactive, next;
    double last_query;
};

static int cmp_id_t(const void *a, const void *b)
{
    const sw_state_row *x = *(const sw_state_row *const *)a, *y = *(const sw_state_row *const *)b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}


static int cmp_obj_start(const void *a, const void *b)
{
    const tobj *x = a, *y = b;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void met_truth_free(met_truth *t)
{
    if (!t)
        return;
    free(t->s);
    free(t->o);
    free(t->times);
    free(t->active);
    free(t);
}

/* Median interval between consecutive samples of an object, or 0 when there is none. */
static double median_interval(const met_truth *t)
{
    size_t n = 0;
    for (size_t k = 0; k < t->no; k++)
        n += t->o[k].count - 1;
    if (n == 0)
        return 0;
    double *d = malloc(n * sizeof *d);
    if (!d)
        return 0;
    size_t m = 0;
    for (size_t k = 0; k < t->no; k++)
        for (size_t i = 1; i < t->o[k].count; i++)
            d[m++] = t->s[t->o[k].first + i].t - t->s[t->o[k].first + i - 1].t;
    qsort(d, m, sizeof *d, cmp_double);
    double med = d[m / 2];
    free(d);
    return med;
}

sw_rc met_truth_new(met_truth **out, const sw_state_row *rows, size_t n, double max_gap_s,
                    sw_err *err)
{
    *out = NULL;
    met_truth *t = calloc(1, sizeof *t);
    const sw_state_row **p = malloc((n ? n : 1) * sizeof *p);
    if (!t || !p)
        goto nomem;
    t->s = malloc((n ? n : 1) * sizeof *t->s);
    t->o = malloc((n ? n : 1) * sizeof *t->o);
    t->times = malloc((n ? n : 1) * sizeof *t->times);
    t->active = malloc((n ? n : 1) * sizeof *t->active);
    if (!t->s || !t->o || !t->times || !t->active)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        p[i] = &rows[i];
    qsort(p, n, sizeof *p, cmp_id_t);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && p[i]->id == p[i - 1]->id && p[i]->t == p[i - 1]->t) {
            sw_rc rc = sw_err_set(err, SW_EFORMAT, "truth: target %u has two rows at time %.6f",
                                  p[i]->id, p[i]->t);
            free(p);
            met_truth_free(t);
            return rc;
        }
        if (i == 0 || p[i]->id != p[i - 1]->id) {
            t->o[t->no].t0 = p[i]->t;
            t->o[t->no].id = p[i]->id;
            t->o[t->no].first = i;
            t->o[t->no].count = 0;
            t->no++;
        }
        t->o[t->no - 1].count++;
        t->s[i].t = p[i]->t;
        memcpy(t->s[i].x, p[i]->x, sizeof t->s[i].x);
        t->times[i] = p[i]->t;
    }
    t->ns = n;
    free(p);
    qsort(t->o, t->no, sizeof *t->o, cmp_obj_start);
    qsort(t->times, n, sizeof *t->times, cmp_double);
    for (size_t i = 0; i < n; i++)
        if (t->nt == 0 || t->times[i] != t->times[t->nt - 1])
            t->times[t->nt++] = t->times[i];
    t->gap = max_gap_s > 0 ? max_gap_s : 3 * median_interval(t);
    if (!(t->gap > 0))
        t->gap = 1.0;
    t->last_query = -INFINITY;
    *out = t;
    return SW_OK;
nomem:
    free(p);
    met_truth_free(t);
    return sw_err_set(err, SW_ENOMEM, "truth: out of memory");
}

size_t met_truth_objects(const met_truth *t) { return t->no; }
uint32_t met_truth_id(const met_truth *t, size_t obj) { return t->o[obj].id; }
double met_truth_max_gap(const met_truth *t) { return t->gap; }

int met_truth_span(const met_truth *t, double *t0, double *t1)
{
    if (t->nt == 0)
        return 0;
    *t0 = t->times[0];
    *t1 = t->times[t->nt - 1];
    return 1;
}

double met_truth_lifetime(const met_truth *t, size_t obj)
{
    const tobj *o = &t->o[obj];
    return t->s[o->first + o->count - 1].t - t->s[o->first].t;
}

void met_truth_interval(const met_truth *t, size_t obj, double *first, double *last)
{
    const tobj *o = &t->o[obj];
    *first = t->s[o->first].t;
    *last = t->s[o->first + o->count - 1].t;
}

const double *met_truth_times(const met_truth *t, size_t *n)
{
    *n = t->nt;
    return t->times;
}

int met_truth_state(const met_truth *t, size_t obj, double time, double x[6])
{
    const tobj *o = &t->o[obj];
    const sample *s = t->s + o->first;
    size_t n = o->count;
    if (!(time >= s[0].t) || time > s[n - 1].t)
        return 0;
    size_t lo = 0, hi = n - 1; /* last sample with s.t <= time */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (s[mid].t <= time)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (s[lo].t == time) {
        memcpy(x, s[lo].x, 6 * sizeof *x);
        return 1;
    }
    const sample *a = &s[lo], *b = &s[lo + 1];
    double dt = b->t - a->t;
    if (dt > t->gap)
        return 0;
    double u = (time - a->t) / dt, u2 = u * u, u3 = u2 * u;
    double h00 = 2 * u3 - 3 * u2 + 1, h10 = u3 - 2 * u2 + u, h01 = -2 * u3 + 3 * u2,
           h11 = u3 - u2;
    for (int k = 0; k < 3; k++) {
        x[k] = h00 * a->x[k] + h10 * dt * a->x[3 + k] + h01 * b->x[k] + h11 * dt * b->x[3 + k];
        x[3 + k] = (1 - u) * a->x[3 + k] + u * b->x[3 + k];
    }
    return 1;
}

size_t met_truth_at(met_truth *t, double time, met_point *out)
{
    if (time < t->last_query) { /* going back: start the active list again */
        t->nactive = 0;
        t->next = 0;
    }
    t->last_query = time;
    while (t->next < t->no && t->o[t->next].t0 <= time)
        t->active[t->nactive++] = (uint32_t)t->next++;
    size_t keep = 0, m = 0;
    for (size_t k = 0; k < t->nactive; k++) {
        uint32_t obj = t->active[k];
        const tobj *o = &t->o[obj];
        if (t->s[o->first + o->count - 1].t < time)
            continue; /* ended for good */
        t->active[keep++] = obj;
        if (met_truth_state(t, obj, time, out[m].x)) {
            out[m].obj = obj;
            out[m].id = o->id;
            m++;
        }
    }
    t->nactive = keep;
    return m;
}
