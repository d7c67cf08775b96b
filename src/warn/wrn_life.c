/* warn/wrn_life.c - the life cycle of one warning: issue, update, retract, close.
 *
 *            p >= p_issue                 significant change (>= update_min_s apart)
 *   (none) ---------------> ISSUE/UPDATE ------------------------------------------+
 *      ^                     |   |  ^                                              |
 *      |    p < p_retract    |   |  +----------------------------------------------+
 *      |    held, or no      |   | impact/arrival passed, track lost, expired
 *      |    longer a threat  v   v
 *      +--- re-issue --- RETRACT  CLOSE (final)
 *
 * Hysteresis (p_issue > p_retract, the hold time) keeps a warning from flapping when the
 * probability wanders about a threshold.  "Significant" is what a civil-defence operator would
 * want to hear about, and not the noise of successive track updates: the predicted point or time
 * moving further than the announced and the new uncertainty together explain (a 99 % test),
 * the ellipse shrinking or growing by 30 %, the probability moving by 0.15, the class changing.  Besides, while the prediction keeps improving, a
 * refresh every update_max_s. */
#include "warn/wrn_int.h"

#include "core/mat.h"
#include "core/time.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

wrn_entry *wrn_entry_get(wrn_engine *e, uint64_t id)
{
    int32_t i = wrn_map_get(&e->ent_map, id);
    return i < 0 ? NULL : &e->ent[i];
}

int wrn_entry_active(const wrn_entry *en)
{
    return en->own_state == WRN_ISSUE || en->own_state == WRN_UPDATE;
}

void wrn_entry_free(wrn_engine *e, wrn_entry *en)
{
    wrn_map_del(&e->ent_map, en->id);
    en->used = 0;
    e->n_ent_used--;
}

/* A free slot; when none is left, the finished entry that finished first is forgotten. */
wrn_entry *wrn_entry_new(wrn_engine *e, uint64_t id, double now)
{
    (void)now;
    wrn_entry *slot = NULL;
    if (e->n_ent_used < e->c.max_warnings) {
        for (int i = 0; i < e->c.max_warnings; i++)
            if (!e->ent[i].used) {
                slot = &e->ent[i];
                break;
            }
    } else {
        for (int i = 0; i < e->c.max_warnings; i++) {
            wrn_entry *en = &e->ent[i];
            if (isfinite(en->done_at) && (!slot || en->done_at < slot->done_at))
                slot = en;
        }
        if (!slot) {
            e->st.table_full++;
            return NULL;
        }
        wrn_entry_free(e, slot);
    }
    memset(slot, 0, sizeof *slot);
    slot->id = id;
    slot->used = 1;
    slot->below_since = NAN;
    slot->unacked_since = NAN;
    slot->done_at = NAN;
    if (wrn_map_put(&e->ent_map, id, (int32_t)(slot - e->ent))) {
        slot->used = 0;
        e->st.table_full++;
        return NULL;
    }
    e->n_ent_used++;
    return slot;
}

static void hhmmss(double t, char *buf, size_t n)
{
    char iso[40];
    sw_time_iso(t, iso, sizeof iso);
    /* "YYYY-MM-DDTHH:MM:SS.mmmZ" -> "HH:MM:SSZ" */
    if (strlen(iso) >= 19)
        snprintf(buf, n, "%.8sZ", iso + 11);
    else
        snprintf(buf, n, "%s", iso);
}

/* Fills the message for a new revision from the candidate. */
static void make_msg(wrn_engine *e, wrn_entry *en, const wrn_trk *trk, const wrn_area *a,
                     const wrn_cand *c, int state)
{
    sw_warning *w = &en->own;
    int first = en->own_state == 0;
    if (first)
        memset(w, 0, sizeof *w);
    w->id = en->id;
    snprintf(w->issuer, sizeof w->issuer, "%s", e->c.self);
    w->revision++;
    w->time = c->t;
    if (state == WRN_ISSUE)
        w->issued = c->t;
    w->stn = trk->stn;
    w->area_id = a->id;
    w->state = (uint8_t)state;
    w->cls = trk->h.cls;
    w->priority = (uint8_t)a->priority;
    snprintf(w->threatened, sizeof w->threatened, "%s", a->nation);
    snprintf(w->area, sizeof w->area, "%s", a->name);
    w->cls_conf = trk->h.conf;
    if (state == WRN_ISSUE || state == WRN_UPDATE) {
        w->kind = (uint8_t)c->kind;
        w->probability = (float)c->p;
        w->impact_lat_deg = c->lat_deg;
        w->impact_lon_deg = c->lon_deg;
        wrn_ellipse(c->C, &w->ellipse_major_m, &w->ellipse_minor_m, &w->ellipse_orient_deg);
        w->arrival = c->arrival;
        w->arrival_sd_s = c->t_sd;
        w->expires = c->arrival + e->c.expire_margin_s;
    } else if (c) {
        w->probability = (float)c->p;
    }
    char hms[48];
    hhmmss(w->arrival, hms, sizeof hms);
    snprintf(w->text, sizeof w->text, "%s %s: %s %s/%s %s %s +-%.0fs, p=%.2f, %.1fx%.1f km",
             wrn_state_name(state), wrn_class_name(w->cls),
             w->kind == WRN_KIND_IMPACT ? "impact in" : "arrival over", w->threatened, w->area,
             w->kind == WRN_KIND_IMPACT ? "at" : "from", hms, w->arrival_sd_s, w->probability,
             w->ellipse_major_m / 1000.0, w->ellipse_minor_m / 1000.0);
    en->own_state = (uint8_t)state;
    en->last_rev_t = c->t;
}

static void revision(wrn_engine *e, wrn_entry *en, wrn_trk *trk, const wrn_area *a,
                     const wrn_cand *c, int state, const char *reason, double now)
{
    int was_active = wrn_entry_active(en);
    make_msg(e, en, trk, a, c, state);
    int now_active = wrn_entry_active(en);
    trk->n_entries += now_active - was_active;
    static const int ev[] = {0, WRN_EV_ISSUED, WRN_EV_UPDATED, WRN_EV_RETRACTED, WRN_EV_CLOSED};
    uint64_t *cnt[] = {NULL, &e->st.issued, &e->st.updated, &e->st.retracted, &e->st.closed};
    (*cnt[state])++;
    wrn_emit(e, ev[state], now, &en->own, NULL, 0, 0, reason);
    wrn_deliver_new_revision(e, en, now);
}

/* The East-North covariance of a message's 1-sigma ellipse. */
static void ellipse_cov(const sw_warning *w, double C[4])
{
    double th = w->ellipse_orient_deg * GEO_DEG, a2 = w->ellipse_major_m * w->ellipse_major_m,
           b2 = w->ellipse_minor_m * w->ellipse_minor_m;
    double u[2] = {sin(th), cos(th)}, v[2] = {cos(th), -sin(th)};
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++)
            C[r * 2 + c] = a2 * u[r] * u[c] + b2 * v[r] * v[c];
}

static int significant(const wrn_engine *e, const wrn_entry *en, const wrn_trk *trk,
                       const wrn_cand *c, double dt)
{
    const sw_warning *w = &en->own;
    double maj, mnr, ori;
    wrn_ellipse(c->C, &maj, &mnr, &ori);
    /* the new mean against both predictions' uncertainty: a squared Mahalanobis distance over
     * 9.21 (99 % for 2 degrees of freedom) means the announced point is no longer right */
    geo_frame fw;
    geo_frame_init(&fw, w->impact_lat_deg, w->impact_lon_deg, 0);
    double d[3], Co[4], S[4], L[4];
    geo_lla_to_enu(&fw, c->lat_deg, c->lon_deg, 0, d);
    ellipse_cov(w, Co);
    for (int i = 0; i < 4; i++)
        S[i] = Co[i] + c->C[i] + (i == 0 || i == 3 ? 1e4 : 0); /* + (100 m)^2 */
    int moved = sw_chol(2, S, L) || sw_mahal2(2, L, d) > 9.21;
    double grow = w->ellipse_major_m > 0 ? maj / w->ellipse_major_m : 2.0;
    double st2 = w->arrival_sd_s * w->arrival_sd_s + c->t_sd * c->t_sd + 4.0; /* + (2 s)^2 */
    double dtime = c->arrival - w->arrival;
    if (moved || grow < 0.7 || grow > 1.3 || dtime * dtime > 9.21 * st2 ||
        fabs(c->p - w->probability) > 0.15 || trk->h.cls != w->cls || c->kind != w->kind)
        return 1;
    /* a slower refresh while the prediction keeps improving */
    return dt >= e->c.update_max_s &&
           (grow < 0.95 || fabs(dtime) > 1.0 || fabs(c->p - w->probability) > 0.02);
}

void wrn_life_step(wrn_engine *e, wrn_trk *trk, const wrn_area *a, const wrn_cand *c,
                   double now)
{
    uint64_t id = ((uint64_t)trk->stn << 32) | a->id;
    wrn_entry *en = wrn_entry_get(e, id);
    int issue_now = c->threat && (c->p >= e->c.p_issue || c->reach);
    if (!en) {
        if (!issue_now || !(en = wrn_entry_new(e, id, now)))
            return;
    }
    if (!wrn_entry_active(en)) {
        /* nothing of ours yet, retracted, or closed when the track was lost and now back */
        if (issue_now) {
            en->below_since = NAN;
            en->track_gone = 0;
            en->done_at = NAN;
            revision(e, en, trk, a, c, WRN_ISSUE, NULL, now);
        }
        return;
    }
    if (!c->threat || (c->p < e->c.p_retract && !c->reach)) {
        /* a ballistic threat in its last seconds or past its announced impact has arrived,
         * not turned away: what it leaves (a track on or below the ground, no impact ahead)
         * is no reason to call the warning off; the tick closes it after the impact.  The
         * window is 2 sigma of the announced time, 2 to 10 s (a boost corridor's arrival is
         * uncertain by minutes, and its areas are let go at burn-out, long before) */
        const sw_warning *w = &en->own;
        double last_s = fmin(10.0, fmax(2.0, 2.0 * w->arrival_sd_s));
        if (w->kind == WRN_KIND_IMPACT && c->t >= w->arrival - last_s)
            return;
        if (!isfinite(en->below_since))
            en->below_since = c->t;
        if (c->t - en->below_since >= e->c.retract_hold_s) {
            char why[64];
            if (!c->threat)
                snprintf(why, sizeof why, "no longer classified as a threat");
            else
                snprintf(why, sizeof why, "probability %.3f below %.3f", c->p, e->c.p_retract);
            revision(e, en, trk, a, c, WRN_RETRACT, why, now);
        }
        return;
    }
    en->below_since = NAN;
    double dt = c->t - en->last_rev_t;
    if (dt >= e->c.update_min_s && significant(e, en, trk, c, dt))
        revision(e, en, trk, a, c, WRN_UPDATE, NULL, now);
}

void wrn_life_close(wrn_engine *e, wrn_entry *en, const char *reason, double now)
{
    if (!wrn_entry_active(en))
        return;
    int32_t ti = wrn_map_get(&e->trk_map, en->own.stn);
    wrn_trk *trk = ti >= 0 ? &e->trk[ti] : NULL;
    const wrn_area *a = wrn_areas_find(e->areas, en->own.area_id);
    wrn_cand c = {0};
    c.t = trk && isfinite(trk->h.t_last) ? trk->h.t_last : en->own.time;
    c.p = en->own.probability;
    if (!a || !trk) {
        /* the area or track has gone from the tables: close with what the message has */
        sw_warning *w = &en->own;
        w->revision++;
        w->state = WRN_CLOSE;
        w->time = c.t;
        en->own_state = WRN_CLOSE;
        if (trk)
            trk->n_entries--;
        e->st.closed++;
        wrn_emit(e, WRN_EV_CLOSED, now, w, NULL, 0, 0, reason);
        wrn_deliver_new_revision(e, en, now);
        return;
    }
    revision(e, en, trk, a, &c, WRN_CLOSE, reason, now);
}
