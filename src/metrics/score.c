/* metrics/score.c - scoring a tracks file against the truth: the time alignment (see
 * metrics.h), OSPA/GOSPA per evaluation time, the track-to-truth association, then the SIAP
 * sums.  Two passes over the evaluation times: the association of a track is only known once
 * its confirmation run is over (Stone Soup dates it back to the run's start), so the SIAP counts
 * come in the second pass.  Memory is the input plus O(objects + evaluation times). */
#include "metrics/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/spatial.h"

void met_score_defaults(met_score_opts *o)
{
    memset(o, 0, sizeof *o);
    o->c = 1000;
    o->p = 1;
    o->assoc.threshold_m = 1000;
    o->assoc.confirm = 3;
    o->assoc.misses_end = 2;
}

typedef struct frame {
    double t, w;
    size_t lo, hi;   /* track rows [lo, hi) */
    int fill;
} frame;

typedef struct run {
    const met_score_opts *opt;
    int dim;
    met_truth *truth;
    const sw_state_row *rows;
    uint32_t *row_obj;      /* dense track object of each row */
    uint32_t *track_ids;    /* sorted distinct track ids */
    size_t ntracks;
    frame *f;
    size_t nf;
    met_point *X, *Y;
    size_t ycap;
    /* nearest-truth query */
    met_spatial sp;
    double best_d;
    int64_t best;
    const met_point *qX;
} run;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t track_obj(const run *r, uint32_t id)
{
    size_t lo = 0, hi = r->ntracks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->track_ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* The evaluation times (see metrics.h). */
static sw_rc build_frames(run *r, size_t nk, met_score *out)
{
    const sw_state_row *k = r->rows;
    size_t nts;
    const double *ts = met_truth_times(r->truth, &nts);
    double t0 = -INFINITY, t1 = INFINITY;
    int has_truth = met_truth_span(r->truth, &t0, &t1);
    r->f = malloc((nk + nts + 1) * sizeof *r->f);
    if (!r->f)
        return SW_ENOMEM;
    size_t i = 0, j = 0;
    while (i < nk || j < nts) {
        /* next distinct in-span track time */
        while (i < nk && (k[i].t < t0 || k[i].t > t1)) {
            out->n_track_rows_outside++;
            i++;
        }
        double tk = i < nk ? k[i].t : INFINITY;
        if (j < nts && ts[j] < tk) {
            /* truth sample ts[j] comes first: a fill unless a track time lies in its cell */
            double hi = j + 1 < nts ? 0.5 * (ts[j] + ts[j + 1]) : ts[j];
            int covered = j + 1 < nts ? tk < hi : tk <= hi;
            if (r->nf > 0 && r->f[r->nf - 1].fill == 0) {
                double lo = j > 0 ? 0.5 * (ts[j - 1] + ts[j]) : ts[j];
                covered |= r->f[r->nf - 1].t >= lo;
            }
            if (!covered)
                r->f[r->nf++] = (frame){ts[j], 0, 0, 0, 1};
            j++;
            continue;
        }
        if (i >= nk)
            break;
        size_t e = i;
        while (e < nk && k[e].t == tk)
            e++;
        r->f[r->nf++] = (frame){tk, 0, i, e, 0};
        while (j < nts && ts[j] == tk)
            j++; /* a truth sample at the same time is covered by this frame */
        i = e;
    }
    (void)has_truth;
    for (size_t q = 0; q < r->nf; q++) {
        if (r->opt->per_step)
            r->f[q].w = 1;
        else if (q + 1 < r->nf)
            r->f[q].w = r->f[q + 1].t - r->f[q].t;
        else
            r->f[q].w = r->nf > 1 ? r->f[q - 1].w : 1;
        out->n_gap_times += (size_t)r->f[q].fill;
    }
    return SW_OK;
}

static const double *xpos(const void *ctx, size_t i) { return ((const met_point *)ctx)[i].x; }

static void on_near(void *ctx, uint32_t i, double d)
{
    run *r = ctx;
    if (d < r->best_d || (d == r->best_d && r->qX[i].obj < (uint32_t)r->best)) {
        r->best_d = d;
        r->best = r->qX[i].obj;
    }
}

/* Track rows of frame f as points. */
static size_t frame_tracks(run *r, const frame *f)
{
    size_t n = f->hi - f->lo;
    for (size_t q = 0; q < n; q++) {
        const sw_state_row *row = &r->rows[f->lo + q];
        memcpy(r->Y[q].x, row->x, sizeof row->x);
        r->Y[q].obj = r->row_obj[f->lo + q];
        r->Y[q].id = row->id;
    }
    return n;
}

static sw_rc pass1(run *r, met_t2t *t2t, met_score_step *steps, met_score *out, sw_err *err)
{
    met_ospa_cfg oc = {r->opt->c, r->opt->p, r->opt->switch_lambda, r->dim};
    met_ospa *o;
    sw_rc rc = met_ospa_new(&o, &oc, err);
    if (rc)
        return rc;
    double W = 0, so = 0, sg = 0, sl = 0, sm = 0, sf = 0;
    for (size_t q = 0; q < r->nf && !rc; q++) {
        const frame *f = &r->f[q];
        size_t nx = met_truth_at(r->truth, f->t, r->X), ny = frame_tracks(r, f);
        met_ospa_frame of;
        if ((rc = met_ospa_eval(o, r->X, nx, r->Y, ny, &of, err)))
            break;
        W += f->w;
        so += f->w * of.ospa;
        sg += f->w * of.gospa;
        sl += f->w * of.gospa_loc;
        sm += f->w * (of.n_truth - of.n_assigned);
        sf += f->w * (of.n_track - of.n_assigned);
        out->gospa_switches += of.gospa_switches;
        if (steps)
            steps[q].ospa = of;
        if (ny == 0)
            continue;
        if (nx > 0 && met_spatial_build(&r->sp, r->opt->assoc.threshold_m, r->dim, nx, xpos,
                                        r->X) != SW_OK) {
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
            break;
        }
        r->qX = r->X;
        for (size_t k = 0; k < ny && !rc; k++) {
            r->best = -1;
            r->best_d = INFINITY;
            if (nx > 0)
                met_spatial_query(&r->sp, r->Y[k].x, xpos, r->X, on_near, r);
            rc = met_t2t_feed(t2t, r->Y[k].obj, f->t, r->best, err);
        }
    }
    met_ospa_free(o);
    if (!rc && W > 0) {
        out->ospa_mean = so / W;
        out->gospa_mean = sg / W;
        out->gospa_loc_mean = sl / W;
        out->gospa_missed_mean = sm / W;
        out->gospa_false_mean = sf / W;
    }
    return rc;
}

/* The SIAP counts per evaluation time, with the associations known. */
static sw_rc pass2(run *r, const met_assoc *as, size_t na, met_siap_acc *acc,
                   met_score_step *steps, met_step_fn fn, void *ctx, sw_err *err)
{
    size_t nobj = met_truth_objects(r->truth);
    size_t *aoff = calloc(r->ntracks + 1, sizeof *aoff), *cur = calloc(r->ntracks + 1, sizeof *cur);
    int32_t *where = malloc((nobj + 1) * sizeof *where);
    size_t *stamp = calloc(nobj + 1, sizeof *stamp);
    sw_rc rc = SW_OK;
    if (!aoff || !cur || !where || !stamp) {
        rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < na; k++)
        aoff[as[k].track + 1]++;
    for (size_t k = 0; k < r->ntracks; k++) {
        aoff[k + 1] += aoff[k];
        cur[k] = aoff[k];
    }
    for (size_t k = 0; k < nobj; k++)
        where[k] = -1;
    int dim = r->dim;
    for (size_t q = 0; q < r->nf; q++) {
        const frame *f = &r->f[q];
        size_t nx = met_truth_at(r->truth, f->t, r->X);
        for (size_t k = 0; k < nx; k++)
            where[r->X[k].obj] = (int32_t)k;
        int JT = 0, NA = 0;
        double pa = 0, va = 0;
        for (size_t k = f->lo; k < f->hi; k++) {
            uint32_t tr = r->row_obj[k];
            while (cur[tr] < aoff[tr + 1] && as[cur[tr]].t1 < f->t)
                cur[tr]++;
            if (cur[tr] == aoff[tr + 1] || as[cur[tr]].t0 > f->t)
                continue;
            int32_t xi = where[as[cur[tr]].truth];
            if (xi < 0)
                continue; /* the truth is in a sampling gap here */
            const double *tx = r->X[xi].x, *kx = r->rows[k].x;
            NA++;
            pa += met_dist(dim, kx, tx);
            va += met_dist(dim, kx + 3, tx + 3);
            if (stamp[as[cur[tr]].truth] != q + 1) {
                stamp[as[cur[tr]].truth] = q + 1;
                JT++;
            }
        }
        for (size_t k = 0; k < nx; k++)
            where[r->X[k].obj] = -1;
        met_score_step st;
        memset(&st, 0, sizeof st);
        met_siap_add_time(acc, f->w, (int)nx, JT, (int)(f->hi - f->lo), NA, pa, va, &st.siap);
        if (fn) {
            st.t = f->t;
            st.weight = f->w;
            st.gap_fill = f->fill;
            st.ospa = steps[q].ospa;
            st.J = (int)nx;
            st.JT = JT;
            st.N = (int)(f->hi - f->lo);
            st.NA = NA;
            if (fn(ctx, &st)) {
                rc = sw_err_set(err, SW_EIO, "score: writing the series failed");
                break;
            }
        }
    }
out:
    free(aoff);
    free(cur);
    free(where);
    free(stamp);
    return rc;
}

static int cmp_by_truth(const void *x, const void *y)
{
    const met_assoc *a = x, *b = y;
    if (a->truth != b->truth)
        return a->truth < b->truth ? -1 : 1;
    return a->t0 < b->t0 ? -1 : a->t0 > b->t0;
}

/* Continuity per truth: its existence times on the evaluation clock and its associations. */
static sw_rc continuity(run *r, const met_assoc *as, size_t na, met_siap_acc *acc, sw_err *err)
{
    size_t nobj = met_truth_objects(r->truth);
    met_assoc *bt = malloc((na ? na : 1) * sizeof *bt);
    double *times = malloc((r->nf ? r->nf : 1) * sizeof *times);
    if (!bt || !times) {
        free(bt);
        free(times);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    if (na > 0) {
        memcpy(bt, as, na * sizeof *bt);
        qsort(bt, na, sizeof *bt, cmp_by_truth);
    }
    size_t a = 0;
    for (size_t j = 0; j < nobj; j++) {
        size_t n = 0;
        double x[6], first, last;
        met_truth_interval(r->truth, j, &first, &last);
        size_t lo = 0, hi = r->nf; /* first frame at or after the truth's first sample */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r->f[mid].t < first)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t q = lo; q < r->nf && r->f[q].t <= last; q++)
            if (met_truth_state(r->truth, j, r->f[q].t, x))
                times[n++] = r->f[q].t;
        size_t b = a;
        while (b < na && bt[b].truth == j)
            b++;
        met_siap_add_truth(acc, times, n, bt + a, b - a, last - first);
        a = b;
    }
    free(bt);
    free(times);
    return SW_OK;
}

static void run_free(run *r)
{
    met_truth_free(r->truth);
    free(r->row_obj);
    free(r->track_ids);
    free(r->f);
    free(r->X);
    free(r->Y);
    met_spatial_free(&r->sp);
}

/* Dense track objects: the sorted distinct ids, and each row's index among them. */
static sw_rc index_tracks(run *r, size_t nk)
{
    r->row_obj = malloc((nk ? nk : 1) * sizeof *r->row_obj);
    r->track_ids = malloc((nk ? nk : 1) * sizeof *r->track_ids);
    if (!r->row_obj || !r->track_ids)
        return SW_ENOMEM;
    for (size_t k = 0; k < nk; k++)
        r->track_ids[k] = r->rows[k].id;
    qsort(r->track_ids, nk, sizeof *r->track_ids, cmp_u32);
    size_t m = 0;
    for (size_t k = 0; k < nk; k++)
        if (m == 0 || r->track_ids[k] != r->track_ids[m - 1])
            r->track_ids[m++] = r->track_ids[k];
    r->ntracks = m;
    size_t maxf = 0;
    for (size_t k = 0; k < nk;) {
        size_t e = k;
        while (e < nk && r->rows[e].t == r->rows[k].t)
            e++;
        if (e - k > maxf)
            maxf = e - k;
        k = e;
    }
    for (size_t k = 0; k < nk; k++)
        r->row_obj[k] = track_obj(r, r->rows[k].id);
    r->Y = malloc((maxf ? maxf : 1) * sizeof *r->Y);
    return r->Y ? SW_OK : SW_ENOMEM;
}

sw_rc met_score_run(const sw_state_row *truth, size_t nt, int truth_dim,
                    const sw_state_row *tracks, size_t nk, int tracks_dim,
                    const met_score_opts *opt, met_step_fn fn, void *ctx, met_score *out,
                    sw_err *err)
{
    memset(out, 0, sizeof *out);
    if (nt == 0 && nk == 0)
        return sw_err_set(err, SW_EINVAL, "score: neither the truth nor the tracks have a row");
    for (size_t k = 1; k < nk; k++)
        if (tracks[k].t < tracks[k - 1].t ||
            (tracks[k].t == tracks[k - 1].t && tracks[k].id <= tracks[k - 1].id))
            return sw_err_set(err, SW_EINVAL, "score: track rows must be sorted by (time, id) "
                                              "without duplicates (met_states_load does this)");
    run r;
    memset(&r, 0, sizeof r);
    r.opt = opt;
    r.rows = tracks;
    r.dim = opt->dim ? opt->dim : (truth_dim < tracks_dim ? truth_dim : tracks_dim);
    if (nt == 0)
        r.dim = opt->dim ? opt->dim : tracks_dim;
    if (nk == 0)
        r.dim = opt->dim ? opt->dim : truth_dim;
    if (r.dim != 2 && r.dim != 3)
        return sw_err_set(err, SW_EINVAL, "score: dim must be 2 or 3");
    met_t2t *t2t = NULL;
    met_score_step *steps = NULL;
    met_siap_acc acc;
    memset(&acc, 0, sizeof acc);
    sw_rc rc;
    if ((rc = met_truth_new(&r.truth, truth, nt, opt->truth_gap_s, err)) ||
        (rc = met_t2t_new(&t2t, &opt->assoc, err)))
        goto out;
    size_t nobj = met_truth_objects(r.truth);
    r.X = malloc((nobj ? nobj : 1) * sizeof *r.X);
    if (!r.X || index_tracks(&r, nk) || build_frames(&r, nk, out)) {
        rc = sw_err_set(err, SW_ENOMEM, "score: out of memory");
        goto out;
    }
    if (fn && !(steps = calloc(r.nf ? r.nf : 1, sizeof *steps))) {
        rc = sw_err_set(err, SW_ENOMEM, "score: out of memory");
        goto out;
    }
    const met_assoc *as;
    size_t na;
    if ((rc = pass1(&r, t2t, steps, out, err)) || (rc = met_t2t_finish(t2t, &as, &na, err)) ||
        (rc = pass2(&r, as, na, &acc, steps, fn, ctx, err)) ||
        (rc = continuity(&r, as, na, &acc, err)))
        goto out;
    met_siap_result(&acc, &out->siap);
    out->c = opt->c;
    out->p = opt->p;
    out->switch_lambda = opt->switch_lambda;
    out->dim = r.dim;
    out->per_step = opt->per_step;
    out->truth_gap_s = met_truth_max_gap(r.truth);
    out->n_times = r.nf;
    if (r.nf) {
        out->t0 = r.f[0].t;
        out->t1 = r.f[r.nf - 1].t;
    }
    out->n_truth_objects = nobj;
    out->n_track_objects = r.ntracks;
    out->n_track_rows = nk;
    out->n_associations = na;
out:
    free(steps);
    met_t2t_free(t2t);
    run_free(&r);
    return rc;
}
