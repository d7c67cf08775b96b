/* track/tracker.c - the tracker's API: plots in, time order, batches, updates in plot-time order.
 *
 * Flow of one plot: trk_add_plot() prepares it (sensor, covariance, Cartesian estimate) and holds
 * it (per-sensor rings merged by time, heap.c).  It is released, in time order, as soon as every
 * live sensor's watermark has reached its time (watermark mode) or the data clock has passed it
 * by reorder_s (window mode), into the current batch: consecutive plots of one sensor within
 * batch_s seconds and one delivery (trk_mark).  A closed batch is associated jointly (assoc.c) -
 * that is the only look-ahead - and then applied plot by plot in time order: the deadlines
 * (missed updates, deletion) that fall before a plot run first, each track is updated at its
 * plot's own time, and after the last plot of each distinct time the listener hears TRK_EV_TIME.  So the output at
 * time t reflects exactly the plots up to t, whatever the number of sensors.
 *
 * Why holding plots back and not retrodiction: docs/tracker.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

void trk_params_default(trk_params *p, int dim)
{
    memset(p, 0, sizeof *p);
    p->dim = dim == 3 ? 3 : 2;
    p->filter = TRK_FILTER_IMM;
    p->imm_ca = 0;
    p->assoc = TRK_ASSOC_GNN;
    p->polar = TRK_POLAR_EKF;
    p->q_cv = 2.0;
    p->q_imm_cv = 0.02;
    p->q_ct = 1.0;
    p->q_omega = 1e-3;
    p->q_ca = 0.05;
    p->q_boost = 4.0;
    p->q_bal = 5.0;
    p->imm_sojourn_s = 60;
    p->gate_prob = 0.9995;
    p->pd = 0.9;
    p->clutter_density = 0;
    p->mode3a_penalty = 4;
    p->batch_s = 0.2;
    p->jpda_max_hyp = 5000;
    p->confirm_m = 4;
    p->confirm_n = 5;
    p->confirm_id_m = 2;
    p->confirm_id_n = 3;
    p->delete_misses = 5;
    p->max_pos_sd_m = 5000;
    p->max_speed_mps = 1000;
    p->max_accel_mps2 = 30;
    p->max_omega = 0.15;
    p->revisit_s = 0;
    p->revisit_guess_s = 10;
    p->assumed_alt_m = 0;
    p->alt_sd_m = 3000;
    p->height_meas = 1;
    p->modec_sd_m = 100;
    p->geo_alt_sd_m = 45;
    p->clutter_height_m = 15000;
    p->release = TRK_RELEASE_WATERMARK;
    p->reorder_s = 1.0;
    p->silent_s = 10.0;
    p->grid_cell_m = 15000;
    p->quality_ref_m = 500;
    p->max_tracks = 4096;
    p->events = TRK_EV_CONFIRMED | TRK_EV_UPDATED | TRK_EV_DELETED | TRK_EV_TIME;
}

const char *trk_model_name(int model)
{
    switch (model) {
    case TRK_MODEL_CV: return "cv";
    case TRK_MODEL_CA: return "ca";
    case TRK_MODEL_CT: return "ct";
    case TRK_MODEL_BAL: return "ballistic";
    default: return "?";
    }
}

static sw_rc check_params(const trk_params *p, sw_err *err)
{
#define BAD(cond, ...) \
    if (cond)          \
        return sw_err_set(err, SW_EINVAL, __VA_ARGS__)
    BAD(p->dim != 2 && p->dim != 3, "tracker: dim must be 2 or 3");
    BAD(p->filter < 0 || p->filter > 2, "tracker: unknown filter %d", p->filter);
    BAD(p->assoc < 0 || p->assoc > 1, "tracker: unknown association %d", p->assoc);
    BAD(p->release != TRK_RELEASE_WINDOW && p->release != TRK_RELEASE_WATERMARK,
        "tracker: unknown release mode %d", p->release);
    BAD(!(p->q_cv > 0 && p->q_imm_cv > 0 && p->q_ct > 0 && p->q_omega > 0 && p->q_ca > 0 &&
          p->q_boost > 0 && p->q_bal > 0),
        "tracker: process noise must be > 0");
    BAD(!(p->gate_prob > 0 && p->gate_prob < 1), "tracker: gate probability must be in (0, 1)");
    BAD(!(p->pd > 0 && p->pd <= 1), "tracker: detection probability must be in (0, 1]");
    BAD(!(p->clutter_density >= 0), "tracker: clutter density must be >= 0");
    BAD(p->confirm_m < 1 || p->confirm_n < p->confirm_m || p->confirm_n > 32,
        "tracker: M-of-N needs 1 <= M <= N <= 32 (got %d of %d)", p->confirm_m, p->confirm_n);
    BAD(p->confirm_id_m < 1 || p->confirm_id_n < p->confirm_id_m || p->confirm_id_n > 32,
        "tracker: M-of-N for identified tracks needs 1 <= M <= N <= 32 (got %d of %d)",
        p->confirm_id_m, p->confirm_id_n);
    BAD(p->delete_misses < 1 || p->delete_misses > 32, "tracker: delete after 1..32 misses");
    BAD(!(p->max_speed_mps > 0 && p->max_pos_sd_m > 0 && p->revisit_guess_s > 0 &&
          p->grid_cell_m > 0 && p->quality_ref_m > 0 && p->alt_sd_m > 0 &&
          p->modec_sd_m > 0 && p->geo_alt_sd_m > 0 &&
          p->clutter_height_m > 0 && p->imm_sojourn_s > 0 && p->max_accel_mps2 > 0 &&
          p->max_omega > 0),
        "tracker: speeds, sizes and times must be > 0");
    BAD(!(p->reorder_s >= 0 && p->silent_s >= 0 && p->batch_s >= 0 && p->revisit_s >= 0),
        "tracker: reordering window, silence, batch and revisit must be >= 0");
    BAD(!(p->jpda_max_hyp >= 1), "tracker: jpda hypothesis bound must be >= 1");
    return SW_OK;
#undef BAD
}

static int sensor_slot(trk_tracker *tr, uint32_t id, int create)
{
    size_t mask = 2 * TRK_MAX_SENSORS - 1, i = (id * 2654435761u) & mask;
    while (tr->shash[i] >= 0) {
        if (tr->sens[tr->shash[i]].id == id)
            return tr->shash[i];
        i = (i + 1) & mask;
    }
    if (!create || tr->nsens >= TRK_MAX_SENSORS)
        return -1;
    int s = tr->nsens++;
    memset(&tr->sens[s], 0, sizeof tr->sens[s]);
    tr->sens[s].id = id;
    tr->sens[s].origin = tr->origin;
    tr->sens[s].geodetic = tr->has_origin;
    if (tr->p.revisit_s > 0) {
        tr->sens[s].revisit = tr->p.revisit_s;
        tr->sens[s].rev_fixed = 1;
    }
    tr->sens[s].bb[0] = tr->sens[s].bb[2] = INFINITY;
    tr->sens[s].bb[1] = tr->sens[s].bb[3] = -INFINITY;
    tr->sens[s].wm = -INFINITY;
    tr->shash[i] = s;
    return s;
}

void trk_destroy(trk_tracker *tr)
{
    if (!tr)
        return;
    free(tr->sens);
    free(tr->rec);
    free(tr->freel);
    free(tr->dls);
    free(tr->ids);
    free(tr->wblk);
    trk_grid_free(&tr->grid);
    trk_pwin_free(&tr->win);
    free(tr->b);
    void *arrs[] = {tr->pairs, tr->tl_slot, tr->uf, tr->plot_tl, tr->plot_conf, tr->plot_b0,
                    tr->plot_lam, tr->tl_ref, tr->tl_next, tr->tl_b0, tr->plot_first, tr->order,
                    tr->cstart, tr->cl_t, tr->cl_p, tr->mark_t, tr->mark_p, tr->cost, tr->jw,
                    tr->jb, tr->work, tr->rowcol, tr->tl_cl};
    for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++)
        free(arrs[i]);
    free(tr);
}

sw_rc trk_create(trk_tracker **out, const trk_params *p, const geo_sensor_set *set, sw_err *err)
{
    *out = NULL;
    sw_rc rc = check_params(p, err);
    if (rc)
        return rc;
    trk_tracker *tr = calloc(1, sizeof *tr);
    if (!tr)
        return sw_err_set(err, SW_ENOMEM, "tracker: out of memory");
    tr->p = *p;
    trk_fspec_init(&tr->f, p);
    for (int m = 1; m <= 3; m++)
        tr->gate[m] = trk_chi2_quantile(m, p->gate_prob);
    tr->gate_box = tr->gate[p->dim];
    tr->sv = p->max_speed_mps / sqrt(tr->gate[p->dim]);
    tr->var_hreset = p->clutter_height_m * p->clutter_height_m / 12;
    double pd = p->pd < 1 - 1e-6 ? p->pd : 1 - 1e-6;
    tr->log_pd = log(pd);
    tr->log_1mpd = log(1 - pd);
    tr->clock = tr->floor_t = tr->t_proc = -INFINITY;
    tr->wm_arg = -1;
    tr->lag_until = -INFINITY;
    tr->recsz = (TRK_HDR + sizeof(double) * (size_t)tr->f.stride + 63) / 64 * 64;
    tr->wcur = INT64_MIN;
    tr->wdt = 0.05;
    memset(tr->whead, 0xff, sizeof tr->whead);
    memset(tr->wtail, 0xff, sizeof tr->wtail);
    tr->wfree = -1;
    memset(tr->shash, 0xff, sizeof tr->shash);
    tr->sens = calloc(TRK_MAX_SENSORS, sizeof(trk_sensor));
    tr->capb = 1024;
    tr->b = malloc(sizeof(trk_meas) * (size_t)tr->capb);
    tr->plot_tl = malloc(sizeof(int32_t) * (size_t)tr->capb);
    tr->plot_conf = malloc((size_t)tr->capb);
    tr->plot_b0 = malloc(sizeof(double) * (size_t)tr->capb);
    tr->plot_lam = malloc(sizeof(double) * (size_t)tr->capb);
    tr->plot_first = malloc(sizeof(int32_t) * (size_t)tr->capb);
    tr->mark_p = malloc(sizeof(int32_t) * (size_t)tr->capb);
    tr->cl_p = malloc(sizeof(int32_t) * (size_t)tr->capb);
    if (!tr->sens || !tr->b || !tr->plot_tl || !tr->plot_conf || !tr->plot_b0 || !tr->plot_lam ||
        !tr->plot_first || !tr->mark_p || !tr->cl_p ||
        trk_pwin_init(&tr->win, TRK_MAX_SENSORS) ||
        trk_grid_init(&tr->grid, p->grid_cell_m, (p->max_tracks ? p->max_tracks : 1024) * 4)) {
        trk_destroy(tr);
        return sw_err_set(err, SW_ENOMEM, "tracker: out of memory");
    }
    if (set && set->has_origin) {
        tr->origin = set->origin;
        tr->has_origin = 1;
    } else
        geo_frame_init(&tr->origin, 0, 0, 0);
    for (int i = 0; set && i < set->n; i++) {
        int s = sensor_slot(tr, set->s[i].id, 1);
        trk_sensor *ts = &tr->sens[s];
        const sw_sensor *ss = &set->s[i];
        ts->known = 1;
        ts->has_radar = set->has_site[i];
        ts->adsb = ss->type == SW_SENSOR_ADSB;
        ts->radar = set->radar[i];
        memcpy(ts->site, ss->site, sizeof ts->site);
        ts->sd_r = ss->sd_range_m;
        ts->sd_az = ss->sd_az_rad;
        ts->sd_el = ss->sd_el_rad;
        ts->sd_xy = ss->sd_xy_m;
        ts->sd_z = ss->sd_z_m;
        if (ss->scan_s > 0) {
            ts->revisit = ss->scan_s;
            ts->rev_fixed = 1;
        }
    }
    if ((rc = trk_life_reserve(tr, p->max_tracks ? p->max_tracks : 1024))) {
        trk_destroy(tr);
        return sw_err_set(err, rc, "tracker: out of memory");
    }
    *out = tr;
    return SW_OK;
}

void trk_set_listener(trk_tracker *tr, trk_listener fn, void *ctx)
{
    tr->fn = fn;
    tr->ctx = ctx;
}

double trk_time(const trk_tracker *tr) { return tr->t_proc; }

/* ---- deadlines ---- */

static void run_deadlines(trk_tracker *tr, double until)
{
    trk_life_run_deadlines(tr, until);
}

/* ---- applying a batch ---- */

static void kin_pos(const trk_tracker *tr, int32_t s, double pos[3], double R[9])
{
    const double *x = trk_kin(tr, s);
    int n = tr->f.nx[0], d = tr->p.dim;
    memset(R, 0, 9 * sizeof(double));
    pos[2] = 0;
    for (int a = 0; a < d; a++) {
        pos[a] = x[a];
        for (int b = 0; b < d; b++)
            R[a * 3 + b] = x[n + a * n + b];
    }
}

static void two_point(trk_tracker *tr, int32_t s, const trk_meas *z)
{
    trk_track *k = trk_at(tr, s);
    double pos1[3], R1[9], pos2[3];
    kin_pos(tr, s, pos1, R1);
    memcpy(pos2, z->pos, sizeof pos2);
    /* a 2-D radar plot without a height sits at an assumed height, which near the radar moves
     * it kilometres in ground range: when the other plot measured the height, both go there
     * (else the difference would be a velocity of tens of m/s that is not there) */
    if (tr->p.dim == 3 && k->has_h != z->has_h) {
        if (!k->has_h && k->kind0 == SW_MEAS_RA)
            trk_meas_replace(&tr->sens[k->last_sensor], pos1,
                             trk_meas_height(&tr->sens[z->sensor], z->pos, NULL));
        else if (k->has_h && z->pkind == SW_MEAS_RA)
            trk_meas_replace(&tr->sens[z->sensor], pos2,
                             trk_meas_height(&tr->sens[z->sensor], pos1, NULL));
    }
    trk_filter_init(&tr->f, &tr->p, tr->sv, pos1, R1, k->t, pos2, z->Rpos, z->t,
                    trk_kin(tr, s));
    if (tr->p.dim == 3 && !k->has_h && !z->has_h)
        trk_filter_level(&tr->f, &tr->sens[z->sensor], tr->p.assumed_alt_m, trk_kin(tr, s));
    if (tr->p.dim == 3 && k->high && z->high)
        trk_filter_free_fall(&tr->f, trk_kin(tr, s));
    trk_at(tr, s)->t = z->t;
}

static void update_one(trk_tracker *tr, int32_t s, const trk_meas *z)
{
    trk_track *k = trk_at(tr, s);
    if (k->npts == 1) {
        two_point(tr, s, z);
    } else {
        trk_pred pr;
        trk_innov in;
        double *kin = trk_kin(tr, s);
        trk_filter_predict(&tr->f, kin, z->t - k->t, &pr);
        if (tr->p.dim == 3 && z->has_h && !k->has_h)
            trk_filter_height_reset(&tr->f, &pr, z->pos[2], tr->var_hreset, tr->sv * tr->sv);
        if (trk_filter_innov(&tr->f, &pr, z, &tr->sens[z->sensor], &in) ||
            trk_filter_update(&tr->f, &pr, &in, z, kin)) {
            tr->st.numeric_failures++;
            k->pending = 0;
            return;
        }
        if (tr->p.dim == 3 && !k->has_h && !z->has_h)
            trk_filter_level(&tr->f, &tr->sens[z->sensor], tr->p.assumed_alt_m, kin);
        k->t = z->t;
    }
    tr->st.plots_associated++;
    trk_life_hit(tr, s, z, 1);
}

#define PDA_MAX 8

static void update_pda(trk_tracker *tr, int tl)
{
    int32_t s = tr->tl_slot[tl];
    trk_track *k = trk_at(tr, s);
    const trk_meas *zr = &tr->b[tr->tl_ref[tl]];
    double b0 = tr->tl_b0[tl];
    if (k->npts == 1) {
        if (1 - b0 >= 0.5) {
            two_point(tr, s, zr);
            tr->st.plots_associated++;
            trk_life_hit(tr, s, zr, 1);
        } else {
            k->pending = 0;
        }
        return;
    }
    /* this track's plots, most probable first (the reference plot is the first) */
    const trk_pair *sel[PDA_MAX];
    int n = 0;
    int r = tr->tl_cl[tl];
    for (int q = tr->cstart[r]; q < tr->cstart[r + 1]; q++) {
        const trk_pair *p = &tr->pairs[tr->order[q]];
        if (p->tl != tl || p->beta < 1e-4)
            continue;
        if (n < PDA_MAX)
            sel[n++] = p;
        else if (p->beta > sel[n - 1]->beta)
            sel[n - 1] = p;
        else
            continue;
        for (int i = n - 1; i > 0 && sel[i]->beta > sel[i - 1]->beta; i--) {
            const trk_pair *t = sel[i];
            sel[i] = sel[i - 1];
            sel[i - 1] = t;
        }
    }
    if (!n) {
        k->pending = 0;
        return;
    }
    zr = &tr->b[sel[0]->plot];
    trk_pred pr;
    trk_innov in[PDA_MAX];
    const trk_meas *zs[PDA_MAX];
    double beta[PDA_MAX], lam[PDA_MAX], sum = b0;
    double *kin = trk_kin(tr, s);
    trk_filter_predict(&tr->f, kin, zr->t - k->t, &pr);
    if (tr->p.dim == 3 && zr->has_h && !k->has_h)
        trk_filter_height_reset(&tr->f, &pr, zr->pos[2], tr->var_hreset, tr->sv * tr->sv);
    int m = 0;
    for (int i = 0; i < n; i++) {
        const trk_meas *z = &tr->b[sel[i]->plot];
        /* one combined innovation needs one measurement space (Mode C in some plots only) */
        if (z->kind != zr->kind || z->m != zr->m ||
            trk_filter_innov(&tr->f, &pr, z, &tr->sens[z->sensor], &in[m]))
            continue;
        zs[m] = z;
        beta[m] = sel[i]->beta;
        lam[m] = tr->plot_lam[sel[i]->plot];
        sum += beta[m++];
    }
    for (int i = 0; i < m; i++)
        beta[i] /= sum;
    if (!m || zs[0] != zr ||
        trk_filter_update_pda(&tr->f, &pr, in, zs, beta, m, b0 / sum, tr->p.pd, lam, kin)) {
        tr->st.numeric_failures += m && zs[0] == zr;
        k->pending = 0;
        return;
    }
    k->t = zr->t;
    if (tr->p.dim == 3 && !k->has_h && !zr->has_h)
        trk_filter_level(&tr->f, &tr->sens[zr->sensor], tr->p.assumed_alt_m, kin);
    int hit = 1 - b0 / sum >= 0.5;
    tr->st.plots_associated += hit;
    trk_life_hit(tr, s, zr, hit);
}

static void apply_batch(trk_tracker *tr)
{
    int jpda = tr->p.assoc == TRK_ASSOC_JPDA;
    for (int i = 0; i < tr->nb; i++)
        if (!jpda && tr->plot_tl[i] >= 0)
            trk_at(tr, tr->tl_slot[tr->plot_tl[i]])->pending = 1;
    if (jpda)
        for (int i = 0; i < tr->nb; i++)
            for (int tl = tr->plot_first[i]; tl >= 0; tl = tr->tl_next[tl])
                trk_at(tr, tr->tl_slot[tl])->pending = 1;
    for (int i = 0; i < tr->nb; i++) {
        const trk_meas *z = &tr->b[i];
        /* a large batch has pushed the first tracks it gated out of the cache: bring the track
         * of a plot a few ahead back while this one is applied */
        if (i + 6 < tr->nb) {
            int tl = jpda ? tr->plot_first[i + 6] : tr->plot_tl[i + 6];
            if (tl >= 0) {
                const char *r = (const char *)trk_kin(tr, tr->tl_slot[tl]);
                for (int b = -64; b < (int)(tr->f.stride * sizeof(double)); b += 64)
                    __builtin_prefetch(r + b, 1);
            }
        }
        run_deadlines(tr, z->t);
        if (jpda) {
            for (int tl = tr->plot_first[i]; tl >= 0; tl = tr->tl_next[tl])
                update_pda(tr, tl);
        } else if (tr->plot_tl[i] >= 0) {
            update_one(tr, tr->tl_slot[tr->plot_tl[i]], z);
        }
        int start = jpda ? tr->plot_b0[i] > 0.5 : tr->plot_tl[i] < 0;
        if (start && !tr->plot_conf[i]) {
            trk_life_start(tr, z);
            tr->st.plots_initiating++;
        }
        tr->st.plots_processed++;
        if (i == tr->nb - 1 || tr->b[i + 1].t != z->t) {
            tr->t_proc = z->t;
            if (tr->fn && (tr->p.events & TRK_EV_TIME))
                tr->fn(tr->ctx, TRK_EV_TIME, z->t, NULL);
        }
    }
}

static sw_rc process_batch(trk_tracker *tr, sw_err *err)
{
    if (!tr->nb)
        return SW_OK;
    run_deadlines(tr, tr->b_t0);
    sw_rc rc = trk_life_reserve(tr, (size_t)tr->nb);
    if (rc)
        return sw_err_set(err, rc, "tracker: cannot grow the track pool");
    if (tr->rebuild) {
        for (size_t i = 0; i < tr->cap; i++)
            if (trk_at(tr, (int32_t)i)->status <= SW_TRK_COASTING)
                trk_life_register_force(tr, (int32_t)i, tr->b_t0, 1);
        tr->rebuild = 0;
    }
    if ((rc = trk_assoc_batch(tr)))
        return sw_err_set(err, rc, "tracker: association failed (%s)", sw_strerror(rc));
    /* plots that no confirmed track took feed the clutter-density estimate */
    double un = 0;
    for (int i = 0; i < tr->nb; i++) {
        if (tr->p.assoc == TRK_ASSOC_JPDA) {
            if (tr->plot_b0[i] >= 0 && tr->plot_b0[i] <= 1) /* not a NaN of extreme plots */
                un += tr->plot_b0[i];
        } else {
            int tl = tr->plot_tl[i];
            un += tl < 0 || trk_at(tr, tr->tl_slot[tl])->status == SW_TRK_TENTATIVE;
        }
    }
    trk_sensor_unassoc(tr, tr->b_sensor, tr->b[tr->nb - 1].t, (int)(un + 0.5));
    apply_batch(tr);
    tr->st.batches++;
    tr->nb = 0;
    return SW_OK;
}

static sw_rc to_batch(trk_tracker *tr, const trk_meas *z, sw_err *err)
{
    if (tr->nb && (z->sensor != tr->b_sensor || z->t > tr->b_t0 + tr->p.batch_s ||
                   z->seg != tr->b_seg || tr->nb == tr->capb)) {
        sw_rc rc = process_batch(tr, err);
        if (rc)
            return rc;
    }
    if (!tr->nb) {
        tr->b_t0 = z->t;
        tr->b_sensor = z->sensor;
        tr->b_seg = z->seg;
    }
    tr->b[tr->nb++] = *z;
    return SW_OK;
}

/* Releases every plot with t <= h and runs what is due before h. */
static sw_rc release(trk_tracker *tr, double h, sw_err *err)
{
    if (h > tr->floor_t)
        tr->floor_t = h;
    sw_rc rc;
    while (tr->win.n && trk_pwin_topt(&tr->win) <= h) {
        if ((rc = to_batch(tr, trk_pwin_pop(&tr->win), err)))
            return rc;
    }
    if (tr->nb && tr->b_t0 + tr->p.batch_s < h && (rc = process_batch(tr, err)))
        return rc;
    /* a batch whose delivery has ended (its sensor was marked since) and has been released
     * whole: no later plot can join it, associate it now instead of batch_s later */
    if (tr->nb && tr->sens[tr->b_sensor].seg != tr->b_seg) {
        const trk_meas *hd = trk_pwin_head(&tr->win, tr->b_sensor);
        if ((!hd || hd->seg != tr->b_seg) && (rc = process_batch(tr, err)))
            return rc;
    }
    double until = tr->nb ? tr->b_t0
                           : (tr->win.n && trk_pwin_topt(&tr->win) < h ? trk_pwin_topt(&tr->win) : h);
    if (isfinite(until)) {
        run_deadlines(tr, until);
        if (!tr->nb && until > tr->t_proc)
            tr->t_proc = until;
    }
    return SW_OK;
}

/* ---- watermarks ---- */

/* Sensor s has delivered every plot up to t. */
static void raise_wm(trk_tracker *tr, int s, double t)
{
    trk_sensor *ss = &tr->sens[s];
    if (!(t > ss->wm))
        return;
    ss->wm = t;
    if (s == tr->wm_arg)
        tr->wm_arg = -1;                /* the least one moved: find the next least */
    else if (tr->wm_arg >= 0 && t < tr->wm_min)
        tr->wm_min = t, tr->wm_arg = s; /* a sensor (back) among the live ones, below them */
}

static void clock_to(trk_tracker *tr, double t)
{
    if (t > tr->clock)
        tr->clock = t;
}

/* The first plot (time t): every sensor of the sensors file not heard yet is taken to have
 * delivered everything up to t - reorder_s (no more than the window would assume), and is waited
 * for until the clock is reorder_s past where it is now: so the first delivery of a sensor that
 * speaks a little after the others (a radar whose first sector ends later) is not late.  (Marks
 * before any plot, e.g. sector crossings of radars starting up, do not start this.) */
static void first_data(trk_tracker *tr, double t)
{
    if (tr->started || tr->p.release != TRK_RELEASE_WATERMARK)
        return;
    tr->started = 1;
    tr->hold_until = fmax(tr->clock, t) + tr->p.reorder_s;
    for (int s = 0; s < tr->nsens; s++)
        if (tr->sens[s].known && tr->sens[s].wm == -INFINITY)
            tr->sens[s].wm = t - tr->p.reorder_s;
    tr->wm_arg = -1;
}

/* What can be released: the least watermark of the sensors not more than reorder_s behind the
 * newest data (live), never earlier than clock - reorder_s; exactly clock - reorder_s (the
 * window) while a sensor further behind has spoken within silent_s.  Cached; a scan of the
 * sensors only when the least one moved or fell behind, or a sensor behind spoke. */
static double frontier(trk_tracker *tr)
{
    double lo = tr->clock - tr->p.reorder_s;
    if (tr->wm_arg < 0 || tr->wm_min < lo) {
        int hold = tr->clock <= tr->hold_until; /* the start: known sensors not heard yet */
        tr->wm_arg = -1;
        tr->wm_min = INFINITY;
        tr->lag_until = -INFINITY;
        for (int s = 0; s < tr->nsens; s++) {
            const trk_sensor *ss = &tr->sens[s];
            double w = ss->wm;
            if (w >= lo || (hold && !ss->heard && w > -INFINITY)) {
                if (w < tr->wm_min) {
                    tr->wm_min = w;
                    tr->wm_arg = s;
                }
            } else if (ss->heard && ss->heard_at + tr->p.silent_s > tr->lag_until) {
                tr->lag_until = ss->heard_at + tr->p.silent_s; /* behind, not silent for long */
            }
        }
    }
    if (tr->clock <= tr->lag_until)
        return lo;
    return tr->wm_arg >= 0 ? tr->wm_min : lo;
}

/* Sensor s has sent a plot or been marked (after the clock has moved). */
static void heard(trk_tracker *tr, int s)
{
    trk_sensor *ss = &tr->sens[s];
    ss->heard = 1;
    ss->heard_at = tr->clock;
    if (tr->clock <= tr->lag_until || ss->wm < tr->clock - tr->p.reorder_s)
        tr->wm_arg = -1; /* a sensor behind (or one of them) spoke: look again */
}

static double release_to(trk_tracker *tr)
{
    return tr->p.release == TRK_RELEASE_WATERMARK ? frontier(tr) : tr->clock - tr->p.reorder_s;
}

sw_rc trk_mark(trk_tracker *tr, uint32_t sensor_id, double t, sw_err *err)
{
    if (tr->p.release != TRK_RELEASE_WATERMARK)
        return SW_OK;
    if (!(fabs(t) <= TRK_MAX_T))
        return sw_err_set(err, SW_EINVAL, "tracker: watermark %g s of sensor %u is out of range",
                          t, sensor_id);
    if (sensor_id == TRK_SENSORS_ALL) {
        for (int s = 0; s < tr->nsens; s++)
            raise_wm(tr, s, t);
        clock_to(tr, t);
        tr->wm_arg = -1;
    } else {
        int s = sensor_slot(tr, sensor_id, 1);
        if (s < 0)
            return sw_err_set(err, SW_EFULL, "tracker: more than %d sensors", TRK_MAX_SENSORS);
        tr->sens[s].marked = 1;
        tr->sens[s].seg++;
        raise_wm(tr, s, t);
        clock_to(tr, t);
        heard(tr, s);
    }
    return release(tr, frontier(tr), err);
}

sw_rc trk_add_plot(trk_tracker *tr, const sw_plot *p, sw_err *err)
{
    int slot = sensor_slot(tr, p->sensor_id, 1);
    if (slot < 0)
        return sw_err_set(err, SW_EFULL, "tracker: more than %d sensors", TRK_MAX_SENSORS);
    trk_meas *zp = trk_pwin_slot(&tr->win, slot);
    if (!zp)
        return sw_err_set(err, SW_ENOMEM, "tracker: out of memory");
    sw_rc rc = trk_meas_prepare(&tr->p, &tr->sens[slot], slot, p, zp, err);
    if (rc)
        return rc;
    const trk_meas *z = zp;
    if (z->t < tr->floor_t) {
        tr->st.plots_late++;
        if (tr->p.release == TRK_RELEASE_WATERMARK)
            return sw_err_set(err, SW_EORDER,
                              "plot at t=%.3f s of sensor %u is older than what has been released "
                              "(t=%.3f s): later than its sensor's own watermark (t=%.3f s), or "
                              "from a sensor silent for more than %.3f s and no longer waited "
                              "for (newest data t=%.3f s)",
                              z->t, p->sensor_id, tr->floor_t, tr->sens[slot].wm,
                              tr->p.silent_s, tr->clock);
        return sw_err_set(err, SW_EORDER,
                          "plot at t=%.3f s is %.3f s older than the newest plot (t=%.3f s): more "
                          "than the reordering window of %.3f s",
                          z->t, tr->clock - z->t, tr->clock, tr->p.reorder_s);
    }
    zp->seq = tr->seq++;
    trk_sensor *s = &tr->sens[slot];
    zp->seg = s->seg;
    if (s->bb[0] > s->bb[1])
        s->t_first = z->t;
    for (int a = 0; a < 2; a++) {
        if (z->pos[a] < s->bb[2 * a])
            s->bb[2 * a] = z->pos[a];
        if (z->pos[a] > s->bb[2 * a + 1])
            s->bb[2 * a + 1] = z->pos[a];
        if (z->Rpos[a * 4] > tr->rmax[a]) {
            tr->rmax[a] = 1.5 * z->Rpos[a * 4];
            tr->rebuild = 1;
        }
    }
    double t = z->t;
    trk_pwin_commit(&tr->win, slot);
    tr->st.plots_in++;
    first_data(tr, t);
    clock_to(tr, t);
    heard(tr, slot);
    /* a sensor's plots come in time order: everything before this one has been delivered (once
     * the sensor is marked, only its marks say so) */
    if (tr->p.release == TRK_RELEASE_WATERMARK && !s->marked)
        raise_wm(tr, slot, nextafter(t, -INFINITY));
    return release(tr, release_to(tr), err);
}

sw_rc trk_advance(trk_tracker *tr, double now, sw_err *err)
{
    if (!(fabs(now) <= TRK_MAX_T))
        return sw_err_set(err, SW_EINVAL, "tracker: time %g s is out of range (beyond %.0e s)",
                          now, TRK_MAX_T);
    clock_to(tr, now);
    return release(tr, release_to(tr), err);
}

sw_rc trk_flush(trk_tracker *tr, sw_err *err)
{
    sw_rc rc = release(tr, tr->clock, err);
    if (!rc)
        rc = process_batch(tr, err);
    if (!rc && isfinite(tr->clock)) {
        run_deadlines(tr, tr->clock);
        if (tr->clock > tr->t_proc)
            tr->t_proc = tr->clock;
    }
    return rc;
}

/* ---- the picture ---- */

size_t trk_list(const trk_tracker *tr, int min_status, double at, sw_track *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < tr->cap; i++) {
        int st = trk_at(tr, (int32_t)i)->status;
        if (st > SW_TRK_COASTING || st < min_status)
            continue;
        if (n < cap)
            trk_life_fill(tr, (int32_t)i, at, &out[n]);
        n++;
    }
    return n;
}

sw_rc trk_get(const trk_tracker *tr, uint32_t id, double at, sw_track *out)
{
    for (size_t i = 0; i < tr->cap; i++) {
        const trk_track *k = trk_at(tr, (int32_t)i);
        if (k->id == id && k->status <= SW_TRK_COASTING) {
            trk_life_fill(tr, (int32_t)i, at, out);
            return SW_OK;
        }
    }
    return SW_ENOTFOUND;
}

void trk_get_stats(const trk_tracker *tr, trk_stats *s)
{
    *s = tr->st;
    s->tracks_live = tr->nlive;
    s->tracks_confirmed_live = tr->nconf;
    size_t per = tr->recsz + sizeof(int32_t) + sizeof(double) + sizeof(uint32_t);
    s->bytes = sizeof *tr + tr->cap * per + TRK_MAX_SENSORS * sizeof(trk_sensor) +
               ((size_t)tr->grid.nslots + (size_t)tr->grid.capovf) * sizeof(trk_cell) +
               (size_t)tr->grid.capwide * sizeof(int32_t) + trk_pwin_bytes(&tr->win) +
               (size_t)tr->capb * (sizeof(trk_meas) + 6 * sizeof(double)) +
               (size_t)tr->cappairs * sizeof(trk_pair) + tr->capcost * 2 * sizeof(double) +
               tr->capwork + (size_t)tr->captl * (7 * sizeof(int32_t) + sizeof(double)) +
               (size_t)tr->capblk * sizeof(trk_wblock);
}
