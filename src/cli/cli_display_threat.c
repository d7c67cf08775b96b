/* cli/cli_display_threat.c - synthetic threats for the display: a ballistic missile flying to one
 * of this nation's defended areas and one to a partner's, each with its warning going through
 * the life cycle (issued, updated, acknowledged, closed at impact), then relaunched.  The
 * trajectory is a plain lofted arc along the geodesic (a display exercise, not sim/'s physics).
 * The warning to this nation waits for the operator's acknowledgement from the page; the
 * partner's is acknowledged by "them" 15 s after it is issued. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_display.h"

#define FLIGHT_S 420.0
#define RANGE_M 700e3
#define DETECT_AFTER_S 20.0
#define CLOSED_KEEP_S 60.0
#define RELAUNCH_S 30.0

static const char *target_nation(const dsp_ctx *c, int k)
{
    if (k == 0 || c->n_nations < 2)
        return c->nation;
    for (int i = 0; i < c->n_nations; i++)
        if (strcmp(c->nations[i], c->nation))
            return c->nations[i];
    return c->nation;
}

/* The first defended area of nation, else a fixed point (Doha / Manama). */
static void target_point(const dsp_ctx *c, const char *nation, int k, double *lat, double *lon,
                         char *area, size_t n)
{
    for (int i = 0; i < c->layers.n_areas; i++) {
        const web_area *a = &c->layers.areas[i];
        if (strcmp(a->nation, nation))
            continue;
        *lat = a->n_pts ? a->pts[0][0] : a->center_lat_deg;
        *lon = a->n_pts ? a->pts[0][1] : a->center_lon_deg;
        snprintf(area, n, "%s", a->name);
        return;
    }
    *lat = k ? 26.22 : 25.29;
    *lon = k ? 50.59 : 51.53;
    snprintf(area, n, "%s", k ? "Manama" : "Doha");
}

static void launch(dsp_ctx *c, dsp_threat *th, int k, double now)
{
    const char *nat = target_nation(c, k);
    char area[32];
    double tlat, tlon, azi2;
    target_point(c, nat, k, &tlat, &tlon, area, sizeof area);
    /* aim 2 km off the area's reference point; launched from 700 km to the south-east */
    geo_direct(tlat, tlon, 200.0 + 40 * k, 2000.0, &th->lat1, &th->lon1, &azi2);
    geo_direct(th->lat1, th->lon1, 135.0 + 25 * k, RANGE_M, &th->lat0, &th->lon0, &azi2);
    geo_inverse(th->lat0, th->lon0, th->lat1, th->lon1, &th->dist, &th->azi, &azi2);
    th->apogee_m = th->dist / 4.5;
    th->t_launch = now;
    th->t_impact = now + FLIGHT_S;
    th->t_detect = now + DETECT_AFTER_S;
    th->stn = c->next_stn++;
    th->active = 1;
    th->warned = 0;
    memset(&th->w, 0, sizeof th->w);
    th->w.id = (uint64_t)th->stn << 8 | (uint64_t)k;
    snprintf(th->w.threatened, 4, "%s", nat);
    snprintf(th->w.area, sizeof th->w.area, "%s", area);
    snprintf(th->w.issuer, 4, "%s", c->n_nations > 1 ? c->nations[(k + 1) % c->n_nations] : nat);
    th->w.stn = th->stn;
    th->w.cls = SW_CLS_BALLISTIC;
    th->w.impact_lat_deg = th->lat1;
    th->w.impact_lon_deg = th->lon1;
    th->w.t_impact = th->t_impact;
    th->w.probability = 0.95f;
}

/* Position (ENU) of the missile at time t. */
static void missile_at(const dsp_ctx *c, const dsp_threat *th, double t, double x[3])
{
    double s = (t - th->t_launch) / (th->t_impact - th->t_launch), lat, lon, azi2;
    s = s < 0 ? 0 : s > 1 ? 1 : s;
    geo_direct(th->lat0, th->lon0, th->azi, s * th->dist, &lat, &lon, &azi2);
    geo_lla_to_enu(&c->frame, lat, lon, 4 * th->apogee_m * s * (1 - s), x);
}

static void update_warning(dsp_ctx *c, dsp_threat *th, double now)
{
    web_warning *w = &th->w;
    double left = th->t_impact - now;
    if (!th->warned || now - w->t_updated >= 10) {
        /* the prediction tightens as the threat comes down; updated every 10 s */
        w->ell_major_m = 300 + 15 * (left > 0 ? left : 0);
        w->ell_minor_m = w->ell_major_m / 3;
        w->ell_orient_deg = fmod(th->azi + 360.0, 180.0);
    }
    if (!th->warned) {
        w->state = WEB_WARN_ISSUED;
        w->t_issued = w->t_updated = now;
        th->warned = 1;
        th->t_partner_ack = strcmp(w->threatened, c->nation) ? now + 15 : 0;
        printf("warning: %llu issued to %s (%s), impact in %.0f s\n", (unsigned long long)w->id,
               w->threatened, w->area, left);
        fflush(stdout);
    } else if (now - w->t_updated >= 10) {
        if (w->state == WEB_WARN_ISSUED)
            w->state = WEB_WARN_UPDATED;
        w->t_updated = now;
    }
    if (th->t_partner_ack > 0 && now >= th->t_partner_ack && w->state != WEB_WARN_ACKNOWLEDGED) {
        w->state = WEB_WARN_ACKNOWLEDGED;
        w->t_ack = now;
        snprintf(w->ack_by, sizeof w->ack_by, "%s", w->threatened);
    }
    web_set_warning(c->web, w, NULL);
}

int dsp_threats_step(dsp_ctx *c, double now, sw_system_track *buf)
{
    int out = 0;
    if (!c->threats)
        return 0;
    for (int k = 0; k < DSP_THREATS; k++) {
        dsp_threat *th = &c->thr[k];
        if (!th->active) {
            /* first launches threat_start and 30 s later; then RELAUNCH_S after the last ended */
            if (th->t_impact == 0 && now >= c->t_start + c->threat_start + 30 * k)
                launch(c, th, k, now);
            else if (th->t_impact > 0 && now >= th->t_impact + CLOSED_KEEP_S + RELAUNCH_S)
                launch(c, th, k, now);
            continue;
        }
        if (now >= th->t_impact) {
            if (th->w.state != WEB_WARN_CLOSED) {
                th->w.state = WEB_WARN_CLOSED;
                th->w.t_updated = now;
                web_set_warning(c->web, &th->w, NULL);
            }
            if (now >= th->t_impact + CLOSED_KEEP_S) {
                web_remove_warning(c->web, th->w.id);
                th->active = 0;
            }
            continue;
        }
        if (now < th->t_detect)
            continue;
        /* the track, updated every 2 s like a 3-D radar's */
        double tu = th->t_detect + floor((now - th->t_detect) / 2.0) * 2.0, a[3], b[3];
        sw_system_track *t = &buf[out++];
        memset(t, 0, sizeof *t);
        missile_at(c, th, tu, a);
        missile_at(c, th, tu + 1.0, b);
        t->stn = th->stn;
        t->status = SW_TRK_CONFIRMED;
        t->cls = SW_CLS_BALLISTIC;
        t->cls_conf = (float)(now - th->t_detect > 30 ? 0.97 : 0.45);
        t->t = tu;
        t->t_first = th->t_detect;
        for (int i = 0; i < 3; i++) {
            t->x[i] = a[i];
            t->x[3 + i] = b[i] - a[i];
        }
        t->P[0] = t->P[7] = t->P[14] = 400.0 * 400.0;
        t->P[21] = t->P[28] = t->P[35] = 30.0 * 30.0;
        t->n_sources = 2;
        t->nations = c->n_nations > 1 ? 3 : 1;
        memcpy(t->reporter, th->w.issuer, 4);
        t->quality = 0.8f;
        if (now >= th->t_detect + 3)
            update_warning(c, th, now);
    }
    return out;
}

int dsp_on_ack(void *ctx, uint64_t id, const char *op, char *msg, size_t n)
{
    dsp_ctx *c = ctx;
    int rc = 0;
    pthread_mutex_lock(&c->ack_mu);
    if (c->n_acks >= DSP_MAX_ACKS) {
        snprintf(msg, n, "too many acknowledgements waiting");
        rc = -1;
    } else {
        c->ack_id[c->n_acks] = id;
        snprintf(c->ack_op[c->n_acks], sizeof c->ack_op[0], "%s", op);
        c->n_acks++;
    }
    pthread_mutex_unlock(&c->ack_mu);
    return rc;
}

void dsp_apply_acks(dsp_ctx *c, double now)
{
    pthread_mutex_lock(&c->ack_mu);
    for (int i = 0; i < c->n_acks; i++)
        for (int k = 0; k < DSP_THREATS; k++) {
            web_warning *w = &c->thr[k].w;
            if (!c->thr[k].active || w->id != c->ack_id[i] ||
                (w->state != WEB_WARN_ISSUED && w->state != WEB_WARN_UPDATED))
                continue;
            w->state = WEB_WARN_ACKNOWLEDGED;
            w->t_ack = now;
            snprintf(w->ack_by, sizeof w->ack_by, "%s", c->ack_op[i]);
            web_set_warning(c->web, w, NULL);
            printf("ack: warning %llu (%s %s) acknowledged by '%s'\n",
                   (unsigned long long)w->id, w->threatened, w->area, c->ack_op[i]);
            fflush(stdout);
        }
    c->n_acks = 0;
    pthread_mutex_unlock(&c->ack_mu);
}
