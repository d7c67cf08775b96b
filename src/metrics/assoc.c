/* metrics/assoc.c - track-to-truth association after Stone Soup's TrackToTruth (see
 * metrics.h for the rules and the three places where it deliberately differs).  Each track
 * carries a small state machine; the caller feeds states frame by frame, so the whole run never
 * has to be held in memory. */
#include "metrics/metrics.h"

#include <stdlib.h>
#include <string.h>

typedef struct tstate {
    int64_t cur, pot;        /* current truth, candidate truth (−1 none) */
    int n_pot, n_fail;
    double pot_start, start, end, last_t;
    int seen;
} tstate;

struct met_t2t {
    met_assoc_cfg cfg;
    tstate *s;
    size_t ns, scap;
    met_assoc *a;
    size_t na, acap;
};

sw_rc met_t2t_new(met_t2t **out, const met_assoc_cfg *cfg, sw_err *err)
{
    *out = NULL;
    if (!(cfg->threshold_m > 0))
        return sw_err_set(err, SW_EINVAL, "association threshold must be > 0 (got %g)",
                          cfg->threshold_m);
    if (cfg->confirm < 1 || cfg->misses_end < 1)
        return sw_err_set(err, SW_EINVAL, "association: confirm and misses must be >= 1");
    met_t2t *a = calloc(1, sizeof *a);
    if (!a)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    a->cfg = *cfg;
    *out = a;
    return SW_OK;
}

void met_t2t_free(met_t2t *a)
{
    if (a) {
        free(a->s);
        free(a->a);
        free(a);
    }
}

static sw_rc emit(met_t2t *a, uint32_t track, const tstate *s)
{
    if (a->na == a->acap) {
        size_t cap = a->acap ? 2 * a->acap : 256;
        met_assoc *n = realloc(a->a, cap * sizeof *n);
        if (!n)
            return SW_ENOMEM;
        a->a = n;
        a->acap = cap;
    }
    a->a[a->na++] = (met_assoc){track, (uint32_t)s->cur, s->start, s->end};
    return SW_OK;
}

sw_rc met_t2t_feed(met_t2t *a, uint32_t track, double t, int64_t near, sw_err *err)
{
    if (track >= a->scap) {
        size_t cap = (size_t)track + 1 + a->scap;
        tstate *n = realloc(a->s, cap * sizeof *n);
        if (!n)
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        memset(n + a->scap, 0, (cap - a->scap) * sizeof *n);
        a->s = n;
        a->scap = cap;
    }
    if (track >= a->ns)
        a->ns = (size_t)track + 1;
    tstate *s = &a->s[track];
    if (!s->seen) {
        s->seen = 1;
        s->cur = s->pot = -1;
    } else if (!(t > s->last_t)) {
        return sw_err_set(err, SW_EORDER, "association: track %u goes back in time (%.6f)",
                          track, t);
    }
    s->last_t = t;
    int confirm = a->cfg.confirm;
    if (s->cur < 0) {
        if (near < 0) {
            s->pot = -1;
            s->n_pot = 0;
        } else if (near != s->pot) {
            s->pot = near;
            s->n_pot = 1;
            s->pot_start = t;
        } else {
            s->n_pot++;
        }
        if (s->pot >= 0 && s->n_pot >= confirm) {
            s->cur = s->pot;
            s->start = s->pot_start;
            s->end = t;
            s->pot = -1;
            s->n_pot = 0;
            s->n_fail = 0;
        }
        return SW_OK;
    }
    if (near == s->cur) {
        s->n_fail = 0;
        s->end = t;
        s->pot = -1;
        s->n_pot = 0;
        return SW_OK;
    }
    s->n_fail++;
    if (near >= 0 && near == s->pot) {
        s->n_pot++;
    } else if (near >= 0) {
        s->pot = near;
        s->pot_start = t;
        s->n_pot = 1;
    } else {
        s->pot = -1;
        s->n_pot = 0;
    }
    if (s->n_fail >= a->cfg.misses_end) {
        if (emit(a, track, s))
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        s->n_fail = 0;
        if (s->pot >= 0 && s->n_pot >= confirm) {
            s->cur = s->pot;
            s->start = s->pot_start;
            s->end = t;
            s->pot = -1;
            s->n_pot = 0;
        } else {
            s->cur = -1; /* the candidate keeps counting towards a new association */
        }
    }
    return SW_OK;
}

static int cmp_assoc(const void *x, const void *y)
{
    const met_assoc *a = x, *b = y;
    if (a->track != b->track)
        return a->track < b->track ? -1 : 1;
    return a->t0 < b->t0 ? -1 : a->t0 > b->t0;
}

sw_rc met_t2t_finish(met_t2t *a, const met_assoc **list, size_t *n, sw_err *err)
{
    for (size_t k = 0; k < a->ns; k++) {
        tstate *s = &a->s[k];
        if (s->seen && s->cur >= 0) {
            if (emit(a, (uint32_t)k, s))
                return sw_err_set(err, SW_ENOMEM, "out of memory");
            s->cur = -1;
        }
    }
    if (a->na > 1)
        qsort(a->a, a->na, sizeof *a->a, cmp_assoc);
    *list = a->a;
    *n = a->na;
    return SW_OK;
}
