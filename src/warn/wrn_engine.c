/* warn/wrn_engine.c - from system track updates to warning candidates, and the engine's timers.
 *
 * Per update: classify; if the track is a confirmed threat, predict once (impact point for a
 * ballistic track, the ground path for an air-breathing one), then evaluate each defended area
 * that the prediction can reach (a cheap distance test first) and step the life cycle of each
 * (track, area) pair.  A track that is not a threat costs one classification and nothing else,
 * unless it still has warnings, which then see probability 0 and retract after the hold. */
#include "warn/wrn_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wrn_emit(wrn_engine *e, int kind, double now, const sw_warning *w, const wrn_ack *ack,
              int attempt, int dup, const char *reason)
{
    if (!e->sink.event)
        return;
    wrn_event ev = {.kind = kind, .now = now, .w = w, .ack = ack, .attempt = attempt, .dup = dup,
                    .reason = reason};
    e->sink.event(e->sink.ctx, &ev);
}

sw_rc wrn_engine_create(wrn_engine **out, const wrn_config *c, const wrn_areas *areas,
                        const geo_frame *origin, const wrn_sink *sink, sw_err *err)
{
    *out = NULL;
    sw_rc rc = wrn_config_check(c, err);
    if (rc)
        return rc;
    wrn_engine *e = calloc(1, sizeof *e);
    if (!e)
        return sw_err_set(err, SW_ENOMEM, "out of memory for the warning engine");
    e->c = *c;
    e->next_lost_scan = -INFINITY;
    e->areas = areas;
    e->origin = *origin;
    if (sink)
        e->sink = *sink;
    uint32_t ct = wrn_map_slots_for((uint32_t)c->max_tracks);
    uint32_t cw = wrn_map_slots_for((uint32_t)c->max_warnings);
    e->trk = calloc((size_t)c->max_tracks, sizeof *e->trk);
    e->ent = calloc((size_t)c->max_warnings, sizeof *e->ent);
    wrn_map_slot *st = malloc(sizeof *st * ct), *sw = malloc(sizeof *sw * cw);
    if (!e->trk || !e->ent || !st || !sw) {
        free(st);
        free(sw);
        wrn_engine_free(e);
        return sw_err_set(err, SW_ENOMEM, "out of memory for the warning tables");
    }
    wrn_map_init(&e->trk_map, st, ct);
    wrn_map_init(&e->ent_map, sw, cw);
    *out = e;
    return SW_OK;
}

void wrn_engine_free(wrn_engine *e)
{
    if (!e)
        return;
    free(e->trk);
    free(e->ent);
    free(e->trk_map.s);
    free(e->ent_map.s);
    free(e);
}

static wrn_trk *trk_get(wrn_engine *e, uint32_t stn, int create)
{
    int32_t i = wrn_map_get(&e->trk_map, stn);
    if (i >= 0)
        return &e->trk[i];
    if (!create)
        return NULL;
    wrn_trk *slot = NULL;
    if (e->n_trk_used < e->c.max_tracks) {
        for (int k = 0; k < e->c.max_tracks; k++)
            if (!e->trk[k].used) {
                slot = &e->trk[k];
                break;
            }
    } else {
        /* full: forget the track updated longest ago that has no warning of ours */
        for (int k = 0; k < e->c.max_tracks; k++) {
            wrn_trk *t = &e->trk[k];
            if (!t->n_entries && (!slot || t->now_last < slot->now_last))
                slot = t;
        }
        if (!slot)
            return NULL;
        wrn_map_del(&e->trk_map, slot->stn);
        e->n_trk_used--;
    }
    memset(slot, 0, sizeof *slot);
    slot->stn = stn;
    slot->used = 1;
    wrn_class_init(&slot->h, stn, &e->c.cls);
    if (wrn_map_put(&e->trk_map, stn, (int32_t)(slot - e->trk))) {
        slot->used = 0;
        return NULL;
    }
    e->n_trk_used++;
    return slot;
}

static void trk_free(wrn_engine *e, wrn_trk *t)
{
    wrn_map_del(&e->trk_map, t->stn);
    t->used = 0;
    e->n_trk_used--;
}

/* The thrust acceleration of a boosting track: the measured one, or while it is not yet measured
 * well, a bounded guess. */
static double burn_acc(const wrn_trk *t)
{
    return t->h.boosting  ? t->h.ex_along
           : t->h.acc_ok ? fmin(fmax(t->h.ex_along, 0.5 * WRN_BURN_ACC), 2 * WRN_BURN_ACC)
                         : WRN_BURN_ACC;
}

/* The launch fan of a rocket still climbing near-vertically (WRN_FAN_*). */
static void launch_fan(wrn_trk *t)
{
    const wrn_kin *k = &t->k;
    t->fan_m = 0;
    if (!(k->vz > WRN_BURN_VZ) ||
        !(k->ground < WRN_FAN_SLOPE * k->vz || k->ground < 2 * k->sd_vh))
        return;
    double vb = k->speed + burn_acc(t) * WRN_BURN_MAX_S;
    t->fan_m = fmin(vb * vb / 9.80665, WRN_FAN_MAX_M);
}

/* Whether area a lies in t's launch fan. */
static int fan_reach(const wrn_trk *t, const wrn_area *a)
{
    if (!(t->fan_m > 0))
        return 0;
    double d;
    geo_inverse(t->k.lat_deg, t->k.lon_deg, a->lat_deg, a->lon_deg, &d, NULL, NULL);
    return d < t->fan_m + a->radius_m;
}

/* The impact prediction of a ballistic track.  While thrust is measured, or a fast climb's free
 * flight is not yet established (predict_ballistic), the impact is not yet determined: the motor
 * may burn for any time up to WRN_BURN_MAX_S more (single-stage SRBMs and MRBMs burn 25-120 s in
 * all, and the track does not know when it started).  The footprint is the mixture over that
 * remaining burn T, uniform: for each of WRN_BURN_K midpoints T_k the state gets the thrust for
 * T_k along the velocity (speed + a T_k, position + a T_k^2 / 2) and a spread of
 * a T_max / K / sqrt(12) for the gap between samples, and is flown to the ground by the
 * unscented transform (6 of them, 7-11 ms each: during the boost only).  An area's
 * probability is the mixture's (the mean of the components'), and every area in the corridor
 * the missile can still reach (burn_reach) is warned, as a "Possible" (CAP certainty below 0.5),
 * and retracted when burn-out leaves it outside; t->ipp carries the mixture's mean and
 * covariance.  (The pitch-over flattens a real missile's path during the rest of the burn;
 * thrust along the current velocity overshoots in height, so the corridor is longer, not
 * shorter, than the real one.) */
static void predict_burn(wrn_engine *e, wrn_trk *t, const sw_system_track *st)
{
    double v = hypot(hypot(st->x[3], st->x[4]), st->x[5]);
    double a = burn_acc(t);
    double sb = a * WRN_BURN_MAX_S / WRN_BURN_K / sqrt(12.0);
    t->n_burn = 0;
    for (int k = 0; k < WRN_BURN_K && v > 0; k++) {
        double T = WRN_BURN_MAX_S * (k + 0.5) / WRN_BURN_K, x[6], P[36];
        memcpy(x, st->x, sizeof x);
        memcpy(P, st->P, sizeof P);
        /* v -> v (1 + a T / |v|): the velocity's error across the track grows with it (the
         * heading of a steep climb is poorly known, and the burn carries that error), J =
         * I + f (I - u u^T) on the velocity rows and columns */
        double u[3] = {st->x[3] / v, st->x[4] / v, st->x[5] / v}, f = a * T / v, M[36] = {0},
               MP[36];
        for (int r = 0; r < 3; r++) {
            M[r * 7] = 1;
            for (int c = 0; c < 3; c++)
                M[(r + 3) * 6 + c + 3] = (r == c) + f * ((r == c) - u[r] * u[c]);
        }
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 6; c++) {
                MP[r * 6 + c] = 0;
                for (int q = 0; q < 6; q++)
                    MP[r * 6 + c] += M[r * 6 + q] * st->P[q * 6 + c];
            }
        for (int r = 0; r < 6; r++)
            for (int c = 0; c < 6; c++) {
                P[r * 6 + c] = 0;
                for (int q = 0; q < 6; q++)
                    P[r * 6 + c] += MP[r * 6 + q] * M[c * 6 + q];
            }
        for (int r = 0; r < 3; r++) {
            x[r] += 0.5 * a * T * T * u[r];
            x[3 + r] += a * T * u[r];
            for (int c = 0; c < 3; c++)
                P[(r + 3) * 6 + c + 3] += sb * sb * u[r] * u[c];
        }
        if (!wrn_ipp_predict(&e->origin, x, P, st->t, exp(t->h.log_beta), t->h.sd_log_beta,
                             e->c.max_flight_s, &t->burn[t->n_burn]))
            t->n_burn++;
    }
    if (!t->n_burn)
        return;
    /* the mixture's moments, East-North about the mean of the components */
    wrn_ipp *m = &t->ipp;
    *m = t->burn[t->n_burn / 2];
    double lat = 0, lon = 0, ti = 0, ti2 = 0, C[4] = {0};
    for (int k = 0; k < t->n_burn; k++) {
        lat += t->burn[k].lat_deg / t->n_burn;
        lon += t->burn[k].lon_deg / t->n_burn;
        ti += t->burn[k].t_impact / t->n_burn;
    }
    const double mdeg = GEO_DEG * 6371000.0;
    for (int k = 0; k < t->n_burn; k++) {
        const wrn_ipp *b = &t->burn[k];
        double d[2] = {(b->lon_deg - lon) * mdeg * cos(lat * GEO_DEG), (b->lat_deg - lat) * mdeg};
        for (int i = 0; i < 4; i++)
            C[i] += (b->C[i] + d[i / 2] * d[i % 2]) / t->n_burn;
        ti2 += (b->t_sd * b->t_sd + (b->t_impact - ti) * (b->t_impact - ti)) / t->n_burn;
    }
    m->lat_deg = lat;
    m->lon_deg = lon;
    m->t_impact = ti;
    m->t_sd = sqrt(ti2);
    memcpy(m->C, C, sizeof C);
    wrn_ellipse(m->C, &m->major_m, &m->minor_m, &m->orient_deg);
    t->has_ipp = 1;
}

/* The area lies in the corridor: its reference point within WRN_BURN_REACH sigmas of a burn
 * component's impact ellipse widened by the area's radius.  The mixture's probability of a
 * 30 km city under a footprint hundreds of kilometres long is a few percent whichever city the
 * missile is aimed at; which ones it can still reach is what a partner needs to know first. */
static int burn_reach(const wrn_ipp *b, const wrn_area *a)
{
    const double mdeg = GEO_DEG * 6371000.0;
    double d[2] = {(a->lon_deg - b->lon_deg) * mdeg * cos(b->lat_deg * GEO_DEG),
                   (a->lat_deg - b->lat_deg) * mdeg};
    double r2 = a->radius_m * a->radius_m;
    double c0 = b->C[0] + r2, c1 = b->C[1], c3 = b->C[3] + r2, det = c0 * c3 - c1 * c1;
    if (!(det > 0))
        return 0;
    double m2 = (c3 * d[0] * d[0] - 2 * c1 * d[0] * d[1] + c0 * d[1] * d[1]) / det;
    return m2 <= WRN_BURN_REACH * WRN_BURN_REACH;
}

static void predict_ballistic(wrn_engine *e, wrn_trk *t, const sw_system_track *st)
{
    t->n_burn = 0;
    t->fan_m = 0;
    /* thrust measured, or a rocket climbing whose free flight is not yet established (the
     * acceleration estimate of a young track is too noisy to say "thrust" or "no thrust") */
    const wrn_hist *h = &t->h;
    int free_flight = h->acc_ok && h->ex_along < fmax(6.0, 3 * h->sd_acc) && h->sd_acc < 5.0;
    /* a track that has flown slow and level for a while was an aircraft's before it took a
     * missile's plots (a coasting track that jumps onto them): no launch corridor for it */
    if ((h->boosting || (t->k.vz > WRN_BURN_VZ && !free_flight && t->k.h_geo < WRN_BURN_H_M)) &&
        h->t_cruise < WRN_BURN_CRUISE_S) {
        predict_burn(e, t, st);
        launch_fan(t);
        return;
    }
    t->has_ipp = !wrn_ipp_predict(&e->origin, st->x, st->P, st->t, exp(t->h.log_beta),
                                  t->h.sd_log_beta, e->c.max_flight_s, &t->ipp);
}

static double chord(const double a[3], const double b[3])
{
    return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                (a[2] - b[2]) * (a[2] - b[2]));
}

void wrn_engine_track(wrn_engine *e, const sw_system_track *st, double now)
{
    if (st->status == SW_TRK_DELETED) {
        wrn_engine_track_gone(e, st->stn, now);
        return;
    }
    for (int i = 0; i < 6; i++)
        if (!isfinite(st->x[i]))
            return;
    wrn_trk *t = trk_get(e, st->stn, 1);
    if (!t) {
        e->st.table_full++;
        return;
    }
    double t_prev = t->h.t_last;
    t->now_last = now;
    t->status = st->status;
    wrn_kin_from_track(&e->origin, st, &t->k);
    wrn_class_update(&t->h, &t->k, &e->c.cls);
    if (isfinite(t_prev) && !(st->t > t_prev))
        return; /* not newer: nothing to decide */
    int confirmed = st->status == SW_TRK_CONFIRMED || st->status == SW_TRK_COASTING;
    t->threat = confirmed && wrn_class_is_threat(t->h.cls) && t->h.conf >= e->c.min_conf &&
                (t->h.cls == SW_CLS_BALLISTIC || st->t - t->h.t_cls >= e->c.min_age_air_s);
    t->has_ipp = 0;
    if (!t->threat && !t->n_entries)
        return;
    int ballistic = t->h.cls == SW_CLS_BALLISTIC;
    wrn_path path;
    if (t->threat) {
        if (ballistic && t->k.has_height)
            predict_ballistic(e, t, st);
        else if (!ballistic)
            wrn_path_init(&path, &e->origin, st->x, st->P, st->t);
    }
    double ip[3] = {0};
    if (t->has_ipp)
        geo_lla_to_ecef(t->ipp.lat_deg * GEO_DEG, t->ipp.lon_deg * GEO_DEG, 0, ip);
    double reach = t->k.ground * e->c.horizon_s;
    double sdh = e->c.sd_heading_deg * GEO_DEG;
    for (int i = 0; i < e->areas->n; i++) {
        const wrn_area *a = &e->areas->a[i];
        wrn_cand c = {.threat = t->threat, .t = st->t, .p = 0};
        if (t->threat && ballistic && t->has_ipp) {
            c.kind = WRN_KIND_IMPACT;
            c.reach = fan_reach(t, a);
            if (chord(ip, a->frame.ecef) < a->radius_m + 7.0 * t->ipp.major_m + 1000.0) {
                if (t->n_burn) {
                    for (int k = 0; k < t->n_burn; k++) {
                        c.p += wrn_area_prob(a, t->burn[k].lat_deg, t->burn[k].lon_deg,
                                             t->burn[k].C) / t->n_burn;
                        c.reach |= burn_reach(&t->burn[k], a);
                    }
                } else {
                    c.p = wrn_area_prob(a, t->ipp.lat_deg, t->ipp.lon_deg, t->ipp.C);
                    /* an ellipse wider than WRN_FOOTPRINT_M names a region, not a city: the
                     * areas in its footprint are warned as the corridor of a boost is, while the
                     * track is young (its first plots' errors); not for a track that flew slow
                     * and level first (an aircraft's track that took a missile's plots:
                     * predict_ballistic) */
                    if (t->ipp.major_m > WRN_FOOTPRINT_M && t->h.t_cruise < WRN_BURN_CRUISE_S &&
                        st->t - t->h.t_first <= WRN_FOOTPRINT_AGE_S)
                        c.reach |= burn_reach(&t->ipp, a);
                }
            }
            /* the prediction the warning carries, also to an area only the fan reaches */
            c.lat_deg = t->ipp.lat_deg;
            c.lon_deg = t->ipp.lon_deg;
            memcpy(c.C, t->ipp.C, sizeof c.C);
            c.arrival = t->ipp.t_impact;
            c.t_sd = t->ipp.t_sd;
        } else if (t->threat && !ballistic) {
            c.kind = WRN_KIND_ARRIVAL;
            if (chord(t->k.ecef, a->frame.ecef) < a->radius_m + reach + 1000.0) {
                wrn_arrival ar;
                wrn_path_arrival(&path, a, e->c.horizon_s, sdh, e->c.sd_speed, &ar);
                if (ar.valid) {
                    c.p = ar.p;
                    c.lat_deg = ar.lat_deg;
                    c.lon_deg = ar.lon_deg;
                    memcpy(c.C, ar.C, sizeof c.C);
                    c.arrival = ar.t_arrival;
                    c.t_sd = ar.t_sd;
                }
            }
        }
        if (c.p > 0 || c.reach || t->n_entries)
            wrn_life_step(e, t, a, &c, now);
    }
}

void wrn_engine_track_gone(wrn_engine *e, uint32_t stn, double now)
{
    wrn_trk *t = trk_get(e, stn, 0);
    for (int i = 0; i < e->c.max_warnings; i++) {
        wrn_entry *en = &e->ent[i];
        if (!en->used || !en->own_state || en->own.stn != stn || en->track_gone)
            continue;
        wrn_life_close(e, en, "track lost", now);
        en->track_gone = 1;
    }
    if (t)
        trk_free(e, t);
}

/* Nothing more can happen to it: ours closed (or retracted with the track gone) and
 * acknowledged, partners' messages closed or expired. */
static int finished(const wrn_engine *e, const wrn_entry *en, double now)
{
    int own_done = !en->own_state || en->own_state == WRN_CLOSE ||
                   (en->own_state == WRN_RETRACT && en->track_gone);
    if (!own_done || wrn_entry_unacked(e, en))
        return 0;
    return !en->has_rx || en->rx.state == WRN_CLOSE || now > en->rx.expires;
}

void wrn_engine_tick(wrn_engine *e, double now)
{
    /* the used entries only: the loop ends once it has seen all of them */
    for (int i = 0, left = e->n_ent_used; i < e->c.max_warnings && left > 0; i++) {
        wrn_entry *en = &e->ent[i];
        if (!en->used)
            continue;
        left--;
        if (wrn_entry_active(en)) {
            if (en->own.kind == WRN_KIND_IMPACT && now > en->own.arrival + e->c.close_after_s)
                wrn_life_close(e, en, "impact time passed", now);
            else if (now > en->own.expires)
                wrn_life_close(e, en, "expired", now);
        }
        wrn_deliver_tick(e, en, now);
        if (finished(e, en, now)) {
            if (!isfinite(en->done_at))
                en->done_at = now;
            else if (now - en->done_at > e->c.linger_s)
                wrn_entry_free(e, en);
        }
    }
    /* after the impact check, so an impact is closed as an impact and not as a lost track.
     * Twice a second, not every tick: the scan touches every track slot (~250 us with cold
     * caches at 16,384 slots, 1.2 % of a core at the node's 50 Hz), and a track lost_s (30 s)
     * without update closes its warnings half a second later at most */
    if (now < e->next_lost_scan)
        return;
    e->next_lost_scan = now + WRN_LOST_SCAN_S;
    for (int i = 0; i < e->c.max_tracks; i++) {
        wrn_trk *t = &e->trk[i];
        if (t->used && now - t->now_last > e->c.lost_s)
            wrn_engine_track_gone(e, t->stn, now);
    }
}

void wrn_engine_status(const wrn_engine *e, double now, wrn_status *s)
{
    *s = e->st;
    s->active = s->unacked = s->received_active = s->for_self = s->threats = 0;
    s->oldest_unacked_s = 0;
    for (int i = 0; i < e->c.max_tracks; i++)
        s->threats += e->trk[i].used && e->trk[i].threat;
    for (int i = 0; i < e->c.max_warnings; i++) {
        const wrn_entry *en = &e->ent[i];
        if (!en->used)
            continue;
        int act = wrn_entry_active(en);
        int rx_act = en->has_rx && en->rx.state <= WRN_UPDATE && now <= en->rx.expires;
        s->active += act;
        s->received_active += rx_act;
        if ((act && !strcmp(en->own.threatened, e->c.self)) ||
            (rx_act && !strcmp(en->rx.threatened, e->c.self)))
            s->for_self++;
        if (wrn_entry_unacked(e, en)) {
            s->unacked++;
            if (isfinite(en->unacked_since))
                s->oldest_unacked_s = fmax(s->oldest_unacked_s, now - en->unacked_since);
        }
    }
}

int wrn_engine_warning(const wrn_engine *e, int i, wrn_view *out)
{
    int k = 0;
    for (int j = 0; j < e->c.max_warnings; j++) {
        const wrn_entry *en = &e->ent[j];
        if (!en->used)
            continue;
        if (k++ < i)
            continue;
        memset(out, 0, sizeof *out);
        out->id = en->id;
        out->own = en->own_state != 0;
        out->own_msg = en->own;
        out->acked_rev = en->acked_rev;
        out->received = en->has_rx;
        out->rx = en->rx;
        return 1;
    }
    return 0;
}

int wrn_engine_track_view(const wrn_engine *e, uint32_t stn, wrn_track_view *out)
{
    int32_t i = wrn_map_get(&e->trk_map, stn);
    if (i < 0)
        return 0;
    const wrn_trk *t = &e->trk[i];
    memset(out, 0, sizeof *out);
    out->stn = stn;
    out->cls = t->h.cls;
    out->conf = t->h.conf;
    out->has_ipp = t->has_ipp;
    out->ipp = t->ipp;
    out->t = t->h.t_last;
    return 1;
}
