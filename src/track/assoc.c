/* track/assoc.c - association of one batch (plots of one sensor within batch_s seconds):
 * gating, clusters of tracks that share plots, and per cluster GNN or JPDA.
 *
 * Gating: a plot asks the grid for the tracks registered in its cell (trk_grid_query), predicts
 * each to its own time, and keeps the pair when the Mahalanobis distance of the innovation is
 * inside the chi-square gate (and, for a one-point track, when the implied speed is below
 * max_speed: the velocity gate of two-point initiation).  A Mode S address that differs from the
 * track's rules the pair out; a different Mode 3/A costs mode3a_penalty nats.
 *
 * Scores are log-likelihood ratios (Blackman & Popoli 1999, §6.6): for track i and plot j,
 *     lr_ij = log(Pd g_ij) - log(1 - Pd) - log(lambda_j)
 * where g_ij is the (IMM mixture) innovation density and lambda_j the density of clutter plus new
 * targets in plot j's measurement space.  GNN maximises the summed lr over assignments in which
 * every track takes at most one plot: a cost matrix tracks x (plots + one "missed" column per
 * track, cost 0) solved optimally by core/assign.h; a plot left over is clutter or a new target.
 * JPDA turns exp(lr_ij) into marginal probabilities (jpda.c).  Clusters are the connected
 * components of the gated pairs (union-find), so each problem stays as small as the picture's
 * local density allows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/assign.h"
#include "track/trk_internal.h"

static int grow(void *pp, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void **p = pp, *n = realloc(*p, elem * (size_t)nc);
    if (!n)
        return -1;
    *p = n;
    *cap = nc;
    return 0;
}

static int grow_tl(trk_tracker *tr, int need)
{
    int c = tr->captl;
    if (need <= c)
        return 0;
    int c1 = c, c2 = c, c3 = c, c4 = c, c5 = c, c6 = c, c7 = c;
    if (grow(&tr->tl_slot, &c1, need, sizeof(int32_t)) || grow(&tr->tl_ref, &c2, need, sizeof(int32_t)) ||
        grow(&tr->tl_next, &c3, need, sizeof(int32_t)) || grow(&tr->tl_b0, &c4, need, sizeof(double)) ||
        grow(&tr->mark_t, &c5, need, sizeof(int32_t)) || grow(&tr->tl_cl, &c6, need, sizeof(int32_t)) ||
        grow(&tr->cl_t, &c7, need, sizeof(int32_t)))
        return -1;
    int cu = c + tr->capb;
    if (grow(&tr->uf, &cu, need + tr->capb, sizeof(int32_t)) ||
        (cu = c + tr->capb + 1, grow(&tr->cstart, &cu, need + tr->capb + 1, sizeof(int32_t))))
        return -1;
    tr->captl = c1;
    return 0;
}

typedef struct gate_ctx {
    trk_tracker *tr;
    int i;
    const trk_meas *z;
    double loglam;
    int failed;
    double pgpos[3], pgR[9]; /* the plot as the pre-gate sees it */
} gate_ctx;

/* The pre-gate's view of a plot.  A 2-D radar plot without a height in 3-D sits at an assumed
 * height, so its ground range may be off by up to r - sqrt(r^2 - H^2) (H = clutter_height_m:
 * 6.8 km at 20 km from the radar, 1.1 km at 100 km): it goes to the middle of that band with
 * half of it as a radial sd, and its height does not count. */
static void pregate_view(const trk_tracker *tr, const trk_meas *z, double pos[3], double R[9])
{
    memcpy(pos, z->pos, sizeof z->pos);
    memcpy(R, z->Rpos, sizeof z->Rpos);
    if (tr->p.dim != 3 || z->kind != TRK_Z_POLAR || z->m != 2)
        return;
    const trk_sensor *s = &tr->sens[z->sensor];
    double r = z->z[0], H = tr->p.clutter_height_m, q = r * r - H * H;
    double dl = r - (q > 0 ? sqrt(q) : 0), ux = pos[0] - s->site[0], uy = pos[1] - s->site[1];
    double n = sqrt(ux * ux + uy * uy);
    if (n > 0) {
        ux /= n;
        uy /= n;
        pos[0] -= 0.5 * dl * ux;
        pos[1] -= 0.5 * dl * uy;
        double v = 0.25 * dl * dl;
        R[0] += v * ux * ux;
        R[1] += v * ux * uy;
        R[3] += v * ux * uy;
        R[4] += v * uy * uy;
    }
    R[2] = R[5] = R[6] = R[7] = 0;
    R[8] = 1e12;
}

/* A plot the missile IMM gates for a track held slow (TRK_SLOW_*) that would take it faster
 * than an aircraft gets by its next plot: a wrong plot (another aircraft's, a noise false alarm)
 * that the boost model's wide gate let in.  Costs nothing unless the track is held slow and its
 * CV model does not gate the plot; then a gain per model. */
static int slow_dragged(const trk_tracker *tr, const trk_track *k, const trk_pred *pr,
                        const trk_innov *in, const trk_meas *z)
{
    if (k->n_slow < TRK_SLOW_N || z->t - k->t_slow < TRK_SLOW_S)
        return 0;
    const trk_fspec *f = &tr->f;
    if (f->model[0] == TRK_MODEL_CV && in->ok[0] && in->d2m[0] <= tr->gate[z->m])
        return 0;
    double v[3] = {0}, ct = 0;
    int d = f->dim;
    for (int j = 0; j < f->nm; j++) {
        ct += pr->c[j];
        for (int a = 0; a < d; a++)
            v[a] += pr->c[j] * pr->x[j][d + a];
    }
    double vmax = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / (ct > 0 ? ct : 1) +
                  TRK_AIR_ACC_MPS2 * (z->t - k->t) + TRK_DRAG_DV_MPS;
    if (vmax < TRK_SLOW_V_MPS)
        vmax = TRK_SLOW_V_MPS;
    return trk_filter_post_speed(f, pr, in, z) > vmax;
}

/* Whether free fall from a young high track's plots leaves plot z nothing to test: its
 * innovation volume under the ballistic model, sqrt(det S / det R), more than TRK_HIGH_TEST_VOL
 * times the plot's own.  Two plots a second apart (a radar's confirmation dwell) give a velocity
 * known to km/s; 40 s later the gate is tens of km wide, and a noise false alarm in it confirmed
 * a "missile" (sim seeds 2 and 8 of warn-ranges with dwells). */
static int free_fall_vague(const trk_innov *in, int bal, const trk_meas *z)
{
    double LR[9];
    if (in->m != 3 || sw_chol(3, z->R, LR))
        return 0;
    return 0.5 * (sw_chol_logdet(3, in->L[bal]) - sw_chol_logdet(3, LR)) > log(TRK_HIGH_TEST_VOL);
}

static void gate_cb(void *vc, int32_t s)
{
    gate_ctx *c = vc;
    trk_tracker *tr = c->tr;
    const trk_meas *z = c->z;
    trk_track *k = trk_at(tr, s);
    tr->st.candidates++;
    if ((z->flags & k->idflags & SW_HAS_ADDRESS) && z->address != k->address)
        return;
    double dt = z->t - k->t;
    if (dt < 0)
        dt = 0;
    const double *kin = trk_kin(tr, s);
    int d = tr->p.dim;
    if (k->npts == 1) {
        /* a one-point track of a high plot that has waited a missed scan for its second plot
         * (life.c, TRK_HIGH_WAIT) waits for a missile: a plot in the clutter or the aircraft
         * below it, inside a velocity gate tens of kilometres wide, would take its place */
        if (k->high && k->misses && !z->high)
            return;
        /* velocity gate: the displacement since the first plot, less 3 sigma of both plots;
         * horizontal and vertical apart, the vertical only when both plots gave a height (an
         * assumed height's sd would otherwise open the horizontal gate by kilometres) */
        double d2 = 0, v = 0;
        const double *P = kin + tr->f.nx[0];
        int n0 = tr->f.nx[0];
        for (int a = 0; a < 2; a++) {
            double e = z->pos[a] - kin[a];
            d2 += e * e;
            v += P[a * n0 + a] + z->Rpos[a * 4];
        }
        double lim = tr->p.max_speed_mps * dt + 3 * sqrt(v);
        if (d2 > lim * lim)
            return;
        if (d == 3 && z->has_h && k->has_h) {
            double e = z->pos[2] - kin[2];
            lim = tr->p.max_speed_mps * dt + 3 * sqrt(P[2 * n0 + 2] + z->Rpos[8]);
            if (e * e > lim * lim)
                return;
        }
    }
    tr->st.gate_tests++;
    double ll;
    /* a track whose height is only an assumed one meets its first plot with a height: the
     * height is not compared (trk_filter_height_reset) */
    int hreset = d == 3 && z->has_h && !k->has_h;
    if (tr->f.nm == 1 && z->kind == TRK_Z_CART) {
        /* closed-form position block: no full prediction for a pair that may not gate */
        double pos[3], vel[3], Pp[9], S[9], L[9], nu[3], d2;
        int m = z->m;
        trk_filter_pos(&tr->f, kin, dt, pos, vel, Pp);
        if (hreset && m == 3) {
            pos[2] = z->z[2];
            Pp[2] = Pp[5] = Pp[6] = Pp[7] = 0;
            Pp[8] = tr->var_hreset;
        }
        if (m == 2) {
            /* 2 x 2 in closed form: d2 = nu^T S^-1 nu, log N = -(d2 + log det S) / 2 - log 2 pi */
            double a = Pp[0] + z->R[0], b = Pp[1] + z->R[1], e = Pp[4] + z->R[3];
            double det = a * e - b * b, n0 = z->z[0] - pos[0], n1 = z->z[1] - pos[1];
            if (!(det > 0) || !(a > 0))
                return;
            d2 = (e * n0 * n0 - 2 * b * n0 * n1 + a * n1 * n1) / det;
            if (!(d2 <= tr->gate[2]))
                return;
            ll = -0.5 * (d2 + log(det)) - 1.8378770664093454836;
        } else {
            for (int a = 0; a < m; a++) {
                nu[a] = z->z[a] - pos[a];
                for (int b = 0; b < m; b++)
                    S[a * m + b] = Pp[a * 3 + b];
            }
            if (trk_kf_innov_sel(m, m, S, z->R, nu, S, L, &d2, &ll) || !(d2 <= tr->gate[m]))
                return;
        }
    } else {
        /* the full path (IMM, polar EKF) costs a mixing and a prediction per model: a cheap,
         * conservative Cartesian test first (4 G, manoeuvre margin) */
        if (k->npts > 1 && !hreset &&
            trk_filter_pregate(&tr->f, kin, dt, c->pgpos, c->pgR, tr->p.max_accel_mps2) >
                4 * tr->gate_box) {
            tr->st.pregate_rejects++;
            return;
        }
        trk_pred pr;
        trk_innov in;
        trk_filter_predict(&tr->f, kin, dt, &pr);
        if (hreset)
            trk_filter_height_reset(&tr->f, &pr, z->pos[2], tr->var_hreset, tr->sv * tr->sv);
        if (trk_filter_innov(&tr->f, &pr, z, &tr->sens[z->sensor], &in))
            return;
        /* the plots that confirm a high track on TRK_HIGH_M hits fall where free fall from the
         * first two carries it, not anywhere the boost model's 60 m/s^2 could: three noise
         * false alarms hundreds of km up would otherwise make a missile about once an hour
         * (tests/e2e/test_warn_noise_sky.sh) */
        int bal = tr->f.nm - 1, missile = trk_fspec_missile(&tr->f);
        double d2 = in.d2;
        int young_high = missile && k->status == SW_TRK_TENTATIVE && k->high && k->npts >= 2 &&
                         in.ok[bal];
        if (young_high)
            d2 = in.d2m[bal];
        if (!(d2 <= tr->gate[z->m])) {
            /* a high plot just outside a confirmed track's gate is most likely that missile's
             * own plot at 3.5 sigma: a track started from it takes the missile's next plots and
             * predicts an impact of its own (a duplicate, warned where the missile is not going) */
            if (z->high && k->status != SW_TRK_TENTATIVE && d2 <= TRK_HIGH_EXCL * tr->gate[z->m])
                tr->plot_conf[c->i] = 1;
            return;
        }
        if (young_high && free_fall_vague(&in, bal, z))
            return;
        /* the reverse for a track held slow: the plot must not take it to missile speed */
        if (missile && slow_dragged(tr, k, &pr, &in, z)) {
            tr->st.slow_refused++;
            return;
        }
        ll = in.loglik;
    }
    if ((z->flags & k->idflags & SW_HAS_MODE3A) && z->mode3a != k->mode3a)
        ll -= tr->p.mode3a_penalty;
    if (k->stamp != tr->stamp) {
        if (grow_tl(tr, tr->ntl + 1)) {
            c->failed = 1;
            return;
        }
        k->stamp = tr->stamp;
        k->local = tr->ntl;
        tr->tl_slot[tr->ntl++] = s;
    }
    if (grow(&tr->pairs, &tr->cappairs, tr->npairs + 1, sizeof(trk_pair))) {
        c->failed = 1;
        return;
    }
    tr->st.pairs++;
    trk_pair *p = &tr->pairs[tr->npairs++];
    p->plot = c->i;
    p->tl = k->local;
    p->ll = ll;
    p->lr = ll + tr->log_pd - tr->log_1mpd - c->loglam;
    /* two high plots within the velocity gate: the clutter density lambda is the sensor's
     * average, which the lowest degrees make; above TRK_HIGH there is none to pair with, so the
     * pair is taken however wide the one-point gate has grown (30 s after a missile's first plot
     * it is 30 km, and the likelihood per cubic metre falls below that average) */
    if (k->npts == 1 && k->high && z->high && p->lr < TRK_HIGH_PAIR_LR)
        p->lr = TRK_HIGH_PAIR_LR;
    p->beta = 0;
    if (k->status != SW_TRK_TENTATIVE)
        tr->plot_conf[c->i] = 1;
}

static int32_t uf_find(int32_t *uf, int32_t a)
{
    while (uf[a] != a) {
        uf[a] = uf[uf[a]];
        a = uf[a];
    }
    return a;
}

static int need_scratch(trk_tracker *tr, size_t cost_doubles, size_t work_bytes, int rows)
{
    if (cost_doubles > tr->capcost) {
        size_t n = tr->capcost ? tr->capcost : 1024;
        while (n < cost_doubles)
            n *= 2;
        double *a = realloc(tr->cost, sizeof(double) * n), *b;
        if (!a)
            return -1;
        tr->cost = a;
        if (!(b = realloc(tr->jb, sizeof(double) * n)))
            return -1;
        tr->jb = b;
        tr->capcost = n;
    }
    if (work_bytes > tr->capwork) {
        size_t n = tr->capwork ? tr->capwork : 4096;
        while (n < work_bytes)
            n *= 2;
        void *w = realloc(tr->work, n);
        if (!w)
            return -1;
        tr->work = w;
        tr->capwork = n;
    }
    if (rows > tr->caprow) {
        int n = tr->caprow ? tr->caprow : 64;
        while (n < rows)
            n *= 2;
        int32_t *r = realloc(tr->rowcol, sizeof(int32_t) * (size_t)n);
        if (!r)
            return -1;
        tr->rowcol = r;
        tr->caprow = n;
    }
    return 0;
}

/* the pair with the largest lr among pairs[a..b) (by order) */
static const trk_pair *best_pair(const trk_tracker *tr, int a, int b)
{
    const trk_pair *best = NULL;
    for (int q = a; q < b; q++) {
        const trk_pair *p = &tr->pairs[tr->order[q]];
        if (!best || p->lr > best->lr)
            best = p;
    }
    return best;
}

static sw_rc solve_gnn(trk_tracker *tr, int a, int b, int nt, int np)
{
    if (nt == 1 || np == 1) {
        const trk_pair *p = best_pair(tr, a, b);
        if (p->lr > 0)
            tr->plot_tl[p->plot] = p->tl;
        return SW_OK;
    }
    int m = np + nt;
    if (need_scratch(tr, (size_t)nt * m, sw_assign_workspace(nt, m), nt))
        return SW_ENOMEM;
    double *c = tr->cost;
    for (size_t q = 0; q < (size_t)nt * m; q++)
        c[q] = INFINITY;
    for (int r = 0; r < nt; r++)
        c[r * m + np + r] = 0;
    for (int q = a; q < b; q++) {
        const trk_pair *p = &tr->pairs[tr->order[q]];
        c[tr->mark_t[p->tl] * m + tr->mark_p[p->plot]] = -p->lr;
    }
    sw_rc rc = sw_assign(nt, m, c, tr->rowcol, NULL, tr->work);
    if (rc)
        return rc;
    for (int r = 0; r < nt; r++)
        if (tr->rowcol[r] < np)
            tr->plot_tl[tr->cl_p[tr->rowcol[r]]] = tr->cl_t[r];
    return SW_OK;
}

static sw_rc solve_jpda(trk_tracker *tr, int a, int b, int nt, int np, int cluster)
{
    if (need_scratch(tr, (size_t)nt * (np + 1), trk_jpda_workspace(nt, np), nt))
        return SW_ENOMEM;
    double *w = tr->cost, *beta = tr->jb;
    memset(w, 0, sizeof(double) * (size_t)(nt * np));
    for (int q = a; q < b; q++) {
        const trk_pair *p = &tr->pairs[tr->order[q]];
        w[tr->mark_t[p->tl] * np + tr->mark_p[p->plot]] = exp(p->lr < 700 ? p->lr : 700);
    }
    if (trk_jpda_marginals(nt, np, w, beta, tr->p.jpda_max_hyp, tr->work))
        tr->st.jpda_exact++;
    else
        tr->st.jpda_lbp++;
    for (int q = a; q < b; q++) {
        trk_pair *p = &tr->pairs[tr->order[q]];
        p->beta = beta[tr->mark_t[p->tl] * (np + 1) + tr->mark_p[p->plot]];
        tr->plot_b0[p->plot] -= p->beta;
    }
    for (int r = 0; r < nt; r++) {
        int tl = tr->cl_t[r], ref = 0;
        for (int c = 1; c < np; c++)
            if (beta[r * (np + 1) + c] > beta[r * (np + 1) + ref])
                ref = c;
        tr->tl_b0[tl] = beta[r * (np + 1) + np];
        tr->tl_ref[tl] = tr->cl_p[ref];
        tr->tl_cl[tl] = cluster;
        tr->tl_next[tl] = tr->plot_first[tr->cl_p[ref]];
        tr->plot_first[tr->cl_p[ref]] = tl;
    }
    return SW_OK;
}

sw_rc trk_assoc_batch(trk_tracker *tr)
{
    int np = tr->nb;
    tr->stamp++;
    tr->npairs = 0;
    tr->ntl = 0;
    gate_ctx gc = {tr, 0, NULL, 0};
    for (int i = 0; i < np; i++) {
        tr->plot_tl[i] = -1;
        tr->plot_conf[i] = 0;
        tr->plot_b0[i] = 1;
        tr->plot_first[i] = -1;
        /* clutter density: per sensor and batch, then into each plot's measurement space */
        if (i == 0)
            tr->plot_lam[i] = trk_sensor_beta(tr, &tr->b[i]);
        else
            tr->plot_lam[i] = tr->plot_lam[0] / trk_meas_jacdet(&tr->b[0]) *
                              (tr->b[0].m == 3 ? tr->p.clutter_height_m : 1) /
                              (tr->b[i].m == 3 ? tr->p.clutter_height_m : 1) *
                              trk_meas_jacdet(&tr->b[i]);
    }
    if (np)
        tr->st.clutter_density = tr->plot_lam[0] / trk_meas_jacdet(&tr->b[0]) *
                                 (tr->b[0].m == 3 ? tr->p.clutter_height_m : 1);
    /* Software pipeline over the batch (the plots are all known): the cell of plot i + PF_CELL
     * and the candidate tracks of plot i + PF_TRK are being loaded while plot i is gated, so the
     * cache misses of a large picture overlap instead of adding up. */
    enum { PF_CELL = 12, PF_TRK = 4, RING = 8, MAXC = 24 };
    int32_t cand[RING][MAXC];
    int ncand[RING];
    for (int i = 0; i < np + PF_TRK; i++) {
        if (i + PF_CELL < np)
            trk_grid_prefetch(&tr->grid, tr->b[i + PF_CELL].pos[0], tr->b[i + PF_CELL].pos[1]);
        int j = i + PF_TRK;
        if (j < np && j >= PF_TRK) {
            const trk_cell *c = trk_grid_cell(&tr->grid, tr->b[j].pos[0], tr->b[j].pos[1], 0);
            int n = 0;
            if (c && c->next < 0 && c->n <= MAXC) {
                for (int k = 0; k < c->n; k++) {
                    int32_t s = cand[j % RING][n++] = c->id[k];
                    const char *r = (const char *)trk_kin(tr, s);
                    __builtin_prefetch(r - 64);
                    __builtin_prefetch(r);
                    __builtin_prefetch(r + 64);
                    __builtin_prefetch(r + 128);
                }
            } else if (c) {
                n = -1; /* crowded: query at gating time */
            }
            ncand[j % RING] = n;
        }
        if (i >= np)
            continue;
        gc.i = i;
        gc.z = &tr->b[i];
        gc.loglam = log(tr->plot_lam[i]);
        pregate_view(tr, gc.z, gc.pgpos, gc.pgR);
        if (i < PF_TRK || ncand[i % RING] < 0 || tr->grid.ncoarse) {
            trk_grid_query(&tr->grid, gc.z->pos[0], gc.z->pos[1], gate_cb, &gc);
            continue;
        }
        for (int k = 0; k < ncand[i % RING]; k++)
            gate_cb(&gc, cand[i % RING][k]);
        for (int32_t k = 0; k < tr->grid.nwide; k++)
            gate_cb(&gc, tr->grid.wide[k]);
    }
    if (gc.failed)
        return SW_ENOMEM;
    /* a high plot in or near a confirmed track's gate (TRK_HIGH_EXCL) is that missile's, or
     * nothing: a young track does not get it (a noise plot near a missile made a one-point track
     * that took the missile's plots at 3.5 sigma and confirmed a duplicate) */
    int kept = 0;
    for (int q = 0; q < tr->npairs; q++) {
        const trk_pair *p = &tr->pairs[q];
        if (!(tr->plot_conf[p->plot] && tr->b[p->plot].high &&
              trk_at(tr, tr->tl_slot[p->tl])->status == SW_TRK_TENTATIVE))
            tr->pairs[kept++] = *p;
    }
    tr->npairs = kept;
    if (!tr->npairs)
        return SW_OK;
    /* clusters: union-find over plots [0, np) and local tracks [np, np + ntl) */
    int nn = np + tr->ntl;
    int32_t *uf = tr->uf;
    for (int q = 0; q < nn; q++)
        uf[q] = q;
    for (int q = 0; q < tr->npairs; q++) {
        int32_t x = uf_find(uf, tr->pairs[q].plot), y = uf_find(uf, np + tr->pairs[q].tl);
        if (x != y)
            uf[x < y ? y : x] = x < y ? x : y;
    }
    /* group pairs by root (counting sort) */
    if (grow(&tr->order, &tr->caporder, tr->npairs, sizeof(int32_t)))
        return SW_ENOMEM;
    memset(tr->cstart, 0, sizeof(int32_t) * (size_t)(nn + 1));
    for (int q = 0; q < tr->npairs; q++)
        tr->cstart[uf_find(uf, tr->pairs[q].plot) + 1]++;
    for (int r = 0; r < nn; r++)
        tr->cstart[r + 1] += tr->cstart[r];
    for (int q = 0; q < tr->npairs; q++) {
        int32_t r = uf_find(uf, tr->pairs[q].plot);
        tr->order[tr->cstart[r]++] = q;
    }
    for (int r = nn; r > 0; r--)
        tr->cstart[r] = tr->cstart[r - 1];
    tr->cstart[0] = 0;
    for (int q = 0; q < tr->ntl; q++)
        tr->mark_t[q] = -1;
    for (int i = 0; i < np; i++)
        tr->mark_p[i] = -1;
    for (int r = 0; r < nn; r++) {
        int a = tr->cstart[r], b = tr->cstart[r + 1];
        if (a == b)
            continue;
        int nt = 0, npc = 0;
        for (int q = a; q < b; q++) {
            const trk_pair *p = &tr->pairs[tr->order[q]];
            if (tr->mark_t[p->tl] < 0) {
                tr->mark_t[p->tl] = nt;
                tr->cl_t[nt++] = p->tl;
            }
            if (tr->mark_p[p->plot] < 0) {
                tr->mark_p[p->plot] = npc;
                tr->cl_p[npc++] = p->plot;
            }
        }
        tr->st.clusters++;
        sw_rc rc = tr->p.assoc == TRK_ASSOC_JPDA ? solve_jpda(tr, a, b, nt, npc, r)
                                                 : solve_gnn(tr, a, b, nt, npc);
        if (rc)
            return rc;
        for (int k = 0; k < nt; k++)
            tr->mark_t[tr->cl_t[k]] = -1;
        for (int k = 0; k < npc; k++)
            tr->mark_p[tr->cl_p[k]] = -1;
    }
    return SW_OK;
}
