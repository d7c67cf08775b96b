/* web/web_render.c - the JSON the page reads: tracks as compact arrays (the bulk of the stream,
 * so no key names: the snapshot carries the field list once), warnings, status and layers as
 * objects.  Positions go out as WGS-84 lat/lon, and motion and error ellipses in the local frame
 * at the track (the common ENU frame's north is up to ~10 degrees off at the edge of the region).
 * Precision is what a display can show: 1e-5 degree (1 m), 1 m/s, 1 degree. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/records.h"
#include "web/web_int.h"

const char web_track_fields[] =
    "[\"stn\",\"status\",\"cls\",\"aff\",\"conf\",\"rep\",\"lat\",\"lon\",\"alt\",\"gs\",\"hdg\","
    "\"vz\",\"cs\",\"m3a\",\"q\",\"nsrc\",\"nat\",\"t\",\"ea\",\"eb\",\"eo\"]";

/* Rotation from the common ENU frame to the local ENU frame at (lat, lon): R_local * R_common^T. */
static void local_rot(const geo_frame *f, double lat_deg, double lon_deg, double M[9])
{
    double la = lat_deg * GEO_DEG, lo = lon_deg * GEO_DEG;
    double sla = sin(la), cla = cos(la), slo = sin(lo), clo = cos(lo);
    double L[9] = {-slo, clo, 0, -sla * clo, -sla * slo, cla, cla * clo, cla * slo, sla};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += L[i * 3 + k] * f->R[j * 3 + k];
            M[i * 3 + j] = s;
        }
}

/* Everything a display needs from the state, with one geodetic conversion. */
typedef struct trk_geo {
    double lat, lon, h, gs, hdg, vz, ea, eb, eo;
} trk_geo;

static void track_geo(const geo_frame *f, const sw_system_track *t, trk_geo *g)
{
    double M[9], v[3], C[9], MC[9];
    geo_enu_to_lla(f, t->x, &g->lat, &g->lon, &g->h);
    local_rot(f, g->lat, g->lon, M);
    for (int i = 0; i < 3; i++)
        v[i] = M[i * 3] * t->x[3] + M[i * 3 + 1] * t->x[4] + M[i * 3 + 2] * t->x[5];
    g->gs = hypot(v[0], v[1]);
    double c = atan2(v[0], v[1]) / GEO_DEG;
    g->hdg = c < 0 ? c + 360.0 : c;
    g->vz = v[2];
    /* horizontal position covariance in the local frame: (M C M^T), top-left 2x2 */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            C[i * 3 + j] = t->P[i * 6 + j];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            MC[i * 3 + j] = M[i * 3] * C[j] + M[i * 3 + 1] * C[3 + j] + M[i * 3 + 2] * C[6 + j];
    double ee = 0, en = 0, nn = 0;
    for (int k = 0; k < 3; k++) {
        ee += MC[k] * M[k];
        en += MC[k] * M[3 + k];
        nn += MC[3 + k] * M[3 + k];
    }
    /* eigenvalues of the symmetric 2x2 [ee en; en nn] */
    double m = 0.5 * (ee + nn), d = sqrt(0.25 * (ee - nn) * (ee - nn) + en * en);
    double l1 = m + d, l2 = m - d;
    g->ea = l1 > 0 && isfinite(l1) ? sqrt(l1) : 0;
    g->eb = l2 > 0 && isfinite(l2) ? sqrt(l2) : 0;
    double th = 0.5 * atan2(2 * en, ee - nn); /* major axis from east, counter-clockwise */
    double o = fmod(90.0 - th / GEO_DEG, 180.0); /* clockwise from north */
    g->eo = o < 0 ? o + 180.0 : o;
}

void web_track_motion(const geo_frame *f, const sw_system_track *t, double *lat, double *lon,
                      double *h, double *gs, double *hdg, double *vz)
{
    trk_geo g;
    track_geo(f, t, &g);
    *lat = g.lat;
    *lon = g.lon;
    *h = g.h;
    *gs = g.gs;
    *hdg = g.hdg;
    *vz = g.vz;
}

void web_track_ellipse(const geo_frame *f, const sw_system_track *t, double *a_m, double *b_m,
                       double *orient_deg)
{
    trk_geo g;
    track_geo(f, t, &g);
    *a_m = g.ea;
    *b_m = g.eb;
    *orient_deg = g.eo;
}

char web_affiliation(const sw_system_track *t)
{
    int ident = (t->flags & (SW_HAS_CALLSIGN | SW_HAS_ADDRESS | SW_HAS_MODE3A)) != 0;
    switch (t->cls) {
    case SW_CLS_BALLISTIC:
    case SW_CLS_CRUISE:
        return t->cls_conf >= 0.5f ? 'H' : 'S';
    case SW_CLS_DRONE:
        return ident ? 'U' : 'S';
    case SW_CLS_AIRCRAFT:
        return ident ? 'N' : 'U';
    default:
        return 'U';
    }
}

static double alt_of(const sw_system_track *t, double h)
{
    if (t->P[14] > 0 && isfinite(t->P[14]))
        return h;
    if (t->flags & SW_HAS_MODEC)
        return t->alt_baro_m;
    return NAN;
}

static size_t m3a_str(const sw_system_track *t, char *out)
{
    if (!(t->flags & SW_HAS_MODE3A)) {
        out[0] = 0;
        return 0;
    }
    return (size_t)snprintf(out, 8, "%04o", t->mode3a & 07777);
}

size_t web_render_track(const geo_frame *f, const sw_system_track *t, char *out, size_t cap)
{
    trk_geo g;
    track_geo(f, t, &g);
    double lat = g.lat, lon = g.lon, gs = g.gs, hdg = g.hdg, vz = g.vz, ea = g.ea, eb = g.eb,
           eo = g.eo;
    double alt = alt_of(t, g.h);
    hdg = fmod(floor(hdg + 0.5), 360.0); /* 359.7 shows as 0, not 360 */
    char alt_s[24], cs[64], m3a[8], rep[32];
    if (isfinite(alt))
        snprintf(alt_s, sizeof alt_s, "%.0f", alt);
    else
        strcpy(alt_s, "null");
    char callsign[9];
    memcpy(callsign, t->callsign, 8);
    callsign[8] = 0;
    web_json_esc(cs, sizeof cs, (t->flags & SW_HAS_CALLSIGN) ? callsign : "");
    m3a_str(t, m3a);
    char r4[5];
    memcpy(r4, t->reporter, 4);
    r4[4] = 0;
    web_json_esc(rep, sizeof rep, r4);
    if (!isfinite(lat) || !isfinite(lon) || !isfinite(gs))
        return 0;
    int n = snprintf(out, cap,
                     "[%u,%u,%u,\"%c\",%.2f,%s,%.5f,%.5f,%s,%.0f,%.0f,%.0f,%s,\"%s\",%.2f,%u,"
                     "\"%llx\",%.2f,%.0f,%.0f,%.0f]",
                     t->stn, t->status, t->cls, web_affiliation(t), (double)t->cls_conf, rep, lat,
                     lon, alt_s, gs, hdg, vz, cs, m3a, (double)t->quality, t->n_sources,
                     (unsigned long long)t->nations, t->t, ea, eb, eo);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static void num_or_null(web_buf *b, const char *key, double v, const char *fmt)
{
    wb_printf(b, ",\"%s\":", key);
    if (isfinite(v))
        wb_printf(b, fmt, v);
    else
        wb_puts(b, "null");
}

void web_render_track_detail(const geo_frame *f, const sw_system_track *t, const char (*nations)[4],
                             int n_nations, web_buf *b)
{
    trk_geo g;
    track_geo(f, t, &g);
    double lat = g.lat, lon = g.lon, h = g.h, gs = g.gs, hdg = g.hdg, vz = g.vz, ea = g.ea,
           eb = g.eb, eo = g.eo;
    static const char *st[] = {"tentative", "confirmed", "coasting", "deleted"};
    char r4[5], cs[9], aff[2] = {web_affiliation(t), 0};
    memcpy(r4, t->reporter, 4);
    r4[4] = 0;
    memcpy(cs, t->callsign, 8);
    cs[8] = 0;
    wb_printf(b, "{\"stn\":%u,\"status\":\"%s\",\"cls\":\"%s\",\"conf\":%.3f,\"aff\":\"%s\"",
              t->stn, t->status < 4 ? st[t->status] : "?", sw_class_name(t->cls),
              (double)t->cls_conf, aff);
    wb_puts(b, ",\"reporter\":");
    wb_json_str(b, r4);
    wb_printf(b, ",\"n_sources\":%u,\"nations\":[", t->n_sources);
    int first = 1;
    for (int i = 0; i < 64; i++)
        if (t->nations >> i & 1) {
            wb_puts(b, first ? "" : ",");
            first = 0;
            if (i < n_nations)
                wb_json_str(b, nations[i]);
            else
                wb_printf(b, "\"#%d\"", i);
        }
    wb_printf(b, "],\"lat\":%.6f,\"lon\":%.6f", lat, lon);
    num_or_null(b, "alt_m", alt_of(t, h), "%.1f");
    num_or_null(b, "alt_baro_m", (t->flags & SW_HAS_MODEC) ? t->alt_baro_m : NAN, "%.1f");
    wb_printf(b, ",\"gs_mps\":%.2f,\"hdg_deg\":%.2f,\"vz_mps\":%.2f", gs, hdg, vz);
    wb_printf(b, ",\"sd_pos_m\":[%.1f,%.1f,%.1f],\"sd_vel_mps\":[%.2f,%.2f,%.2f]",
              sqrt(fabs(t->P[0])), sqrt(fabs(t->P[7])), sqrt(fabs(t->P[14])), sqrt(fabs(t->P[21])),
              sqrt(fabs(t->P[28])), sqrt(fabs(t->P[35])));
    wb_printf(b, ",\"ellipse\":{\"a_m\":%.1f,\"b_m\":%.1f,\"orient_deg\":%.1f,\"sigma\":1}", ea, eb,
              eo);
    wb_printf(b, ",\"quality\":%.3f,\"t\":%.3f,\"t_first\":%.3f", (double)t->quality, t->t,
              t->t_first);
    wb_puts(b, ",\"callsign\":");
    wb_json_str(b, (t->flags & SW_HAS_CALLSIGN) ? cs : "");
    char m3a[8];
    m3a_str(t, m3a);
    wb_printf(b, ",\"mode3a\":\"%s\",\"address\":", m3a);
    if (t->flags & SW_HAS_ADDRESS)
        wb_printf(b, "\"%06X\"", t->address & 0xffffff);
    else
        wb_puts(b, "null");
    wb_puts(b, "}");
}

const char *web_warn_state_name(int s)
{
    static const char *n[] = {"issued", "updated", "acknowledged", "retracted", "closed"};
    return s >= 0 && s < WEB_WARN_STATE_COUNT ? n[s] : "unknown";
}

size_t web_render_warning(const web_warning *w, char *out, size_t cap)
{
    char nat[16], iss[16], area[80], by[80], ack[32], p[16];
    char t4[5];
    memcpy(t4, w->threatened, 4);
    t4[4] = 0;
    web_json_esc(nat, sizeof nat, t4);
    memcpy(t4, w->issuer, 4);
    web_json_esc(iss, sizeof iss, t4);
    char a32[33], b32[33];
    memcpy(a32, w->area, 32);
    a32[32] = 0;
    memcpy(b32, w->ack_by, 32);
    b32[32] = 0;
    web_json_esc(area, sizeof area, a32);
    web_json_esc(by, sizeof by, b32);
    if (w->t_ack > 0)
        snprintf(ack, sizeof ack, "%.3f", w->t_ack);
    else
        strcpy(ack, "null");
    if (w->probability >= 0 && isfinite(w->probability))
        snprintf(p, sizeof p, "%.3f", (double)w->probability);
    else
        strcpy(p, "null");
    int n = snprintf(out, cap,
                     "{\"id\":\"%llu\",\"nation\":%s,\"issuer\":%s,\"area\":%s,\"stn\":%u,"
                     "\"cls\":\"%s\",\"state\":\"%s\",\"arrival\":%s,\"lat\":%.5f,\"lon\":%.5f,"
                     "\"a_m\":%.0f,\"b_m\":%.0f,\"orient_deg\":%.1f,\"t_impact\":%.3f,"
                     "\"t_issued\":%.3f,\"t_updated\":%.3f,\"t_ack\":%s,\"ack_by\":%s,\"p\":%s}",
                     (unsigned long long)w->id, nat, iss, area, w->stn, sw_class_name(w->cls),
                     web_warn_state_name(w->state), w->arrival ? "true" : "false",
                     w->impact_lat_deg, w->impact_lon_deg, w->ell_major_m, w->ell_minor_m,
                     w->ell_orient_deg, w->t_impact, w->t_issued, w->t_updated, ack, by, p);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* One own radar: unknown values as null; reg null until it was paired with ADS-B. */
static void render_sensor(const web_sensor *x, web_buf *b)
{
    char name[33], health[13];
    memcpy(name, x->name, 32);
    name[32] = 0;
    memcpy(health, x->health, 12);
    health[12] = 0;
    wb_puts(b, "{\"name\":");
    wb_json_str(b, name);
    num_or_null(b, "sac", x->sac >= 0 ? x->sac : NAN, "%.0f");
    num_or_null(b, "sic", x->sic >= 0 ? x->sic : NAN, "%.0f");
    wb_puts(b, ",\"health\":");
    if (health[0])
        wb_json_str(b, health);
    else
        wb_puts(b, "null");
    wb_printf(b, ",\"nogo\":%s,\"overload\":%s", x->nogo ? "true" : "false",
              x->overload ? "true" : "false");
    num_or_null(b, "plots", x->plots >= 0 ? (double)x->plots : NAN, "%.0f");
    num_or_null(b, "scan_s", x->scan_period_s > 0 ? x->scan_period_s : NAN, "%.3f");
    num_or_null(b, "age_s", x->age_s >= 0 ? x->age_s : NAN, "%.1f");
    if (!x->has_reg) {
        wb_puts(b, ",\"reg\":null}");
        return;
    }
    wb_printf(b, ",\"reg\":{\"pairs\":%.0f", isfinite(x->reg_pairs) ? x->reg_pairs : 0.0);
    num_or_null(b, "range_m", x->range_m, "%.1f");
    num_or_null(b, "range_sd_m", x->range_sd_m, "%.1f");
    num_or_null(b, "gain_m", x->gain_m, "%.1f");
    num_or_null(b, "gain_sd_m", x->gain_sd_m, "%.1f");
    num_or_null(b, "az_deg", x->az_deg, "%.4f");
    num_or_null(b, "az_sd_deg", x->az_sd_deg, "%.4f");
    num_or_null(b, "el_deg", x->el_deg, "%.4f");
    num_or_null(b, "el_sd_deg", x->el_sd_deg, "%.4f");
    num_or_null(b, "clock_s", x->clock_s, "%.3f");
    num_or_null(b, "clock_sd_s", x->clock_sd_s, "%.3f");
    wb_printf(b, ",\"clock_off\":%s,\"applied\":%s,\"too_big\":%s}}",
              x->clock_off ? "true" : "false", x->applied ? "true" : "false",
              x->too_big ? "true" : "false");
}

void web_render_status(const web_status *s, web_buf *b)
{
    char mode[17];
    memcpy(mode, s->mode, 16);
    mode[16] = 0;
    wb_printf(b, "{\"t\":%.3f,\"secure\":%s,\"uptime_s\":%.1f,\"mode\":", s->t,
              s->secure ? "true" : "false", s->uptime_s);
    wb_json_str(b, mode);
    wb_printf(b, ",\"inputs\":{\"n\":%d,\"rx\":%llu", s->n_inputs,
              (unsigned long long)s->inputs_rx);
    num_or_null(b, "age_s", s->input_age_s >= 0 ? s->input_age_s : NAN, "%.1f");
    wb_printf(b, "},\"n_local\":%u,\"n_system\":%u,\"n_unacked\":%d,\"latency_ms\":{\"p50\":",
              s->n_local, s->n_system, s->n_unacked);
    wb_printf(b, s->latency_p50_ms >= 0 ? "%.2f" : "null", (double)s->latency_p50_ms);
    wb_puts(b, ",\"p99\":");
    wb_printf(b, s->latency_p99_ms >= 0 ? "%.2f" : "null", (double)s->latency_p99_ms);
    wb_puts(b, "},\"partners\":[");
    int n = s->n_partners < WEB_MAX_NATIONS ? s->n_partners : WEB_MAX_NATIONS;
    for (int i = 0; i < n; i++) {
        const web_partner *p = &s->partners[i];
        char nat[5];
        memcpy(nat, p->nation, 4);
        nat[4] = 0;
        wb_puts(b, i ? ",{\"nation\":" : "{\"nation\":");
        wb_json_str(b, nat);
        wb_printf(b, ",\"seen\":%s", p->seen ? "true" : "false");
        num_or_null(b, "age_s", p->age_s >= 0 ? p->age_s : NAN, "%.1f");
        num_or_null(b, "p50", p->latency_p50_ms >= 0 ? p->latency_p50_ms : NAN, "%.2f");
        num_or_null(b, "p99", p->latency_p99_ms >= 0 ? p->latency_p99_ms : NAN, "%.2f");
        wb_printf(b, ",\"tracks\":%u}", p->n_tracks);
    }
    wb_puts(b, "],\"sensors\":[");
    n = s->n_sensors < WEB_MAX_SENSORS ? s->n_sensors : WEB_MAX_SENSORS;
    for (int i = 0; i < n; i++) {
        wb_puts(b, i ? "," : "");
        render_sensor(&s->sensors[i], b);
    }
    wb_puts(b, "]}");
}

void web_render_layers(const web_area *a, int na, const web_radar *r, int nr, web_buf *b)
{
    wb_puts(b, "{\"areas\":[");
    for (int i = 0; i < na; i++) {
        char nat[5], name[33];
        memcpy(nat, a[i].nation, 4);
        nat[4] = 0;
        memcpy(name, a[i].name, 32);
        name[32] = 0;
        wb_puts(b, i ? ",{\"nation\":" : "{\"nation\":");
        wb_json_str(b, nat);
        wb_puts(b, ",\"name\":");
        wb_json_str(b, name);
        wb_printf(b, ",\"priority\":%d", a[i].priority);
        if (a[i].n_pts <= 0) {
            wb_printf(b, ",\"circle\":[%.5f,%.5f,%.0f]}", a[i].center_lat_deg,
                      a[i].center_lon_deg, a[i].radius_m);
            continue;
        }
        wb_puts(b, ",\"polygon\":[");
        int np = a[i].n_pts < WEB_AREA_MAX_PTS ? a[i].n_pts : WEB_AREA_MAX_PTS;
        for (int k = 0; k < np; k++)
            wb_printf(b, "%s[%.5f,%.5f]", k ? "," : "", a[i].pts[k][0], a[i].pts[k][1]);
        wb_puts(b, "]}");
    }
    wb_puts(b, "],\"radars\":[");
    for (int i = 0; i < nr; i++) {
        char nat[5], name[33], type[9];
        memcpy(nat, r[i].nation, 4);
        nat[4] = 0;
        memcpy(name, r[i].name, 32);
        name[32] = 0;
        memcpy(type, r[i].type, 8);
        type[8] = 0;
        wb_puts(b, i ? ",{\"nation\":" : "{\"nation\":");
        wb_json_str(b, nat);
        wb_puts(b, ",\"name\":");
        wb_json_str(b, name);
        wb_puts(b, ",\"type\":");
        wb_json_str(b, type);
        wb_printf(b, ",\"lat\":%.5f,\"lon\":%.5f,\"range_m\":%.0f}", r[i].lat_deg, r[i].lon_deg,
                  r[i].range_m);
    }
    wb_puts(b, "]}");
}
