/* net/net_wire.c - sw_track / net_report <-> wire samples.
 *
 * The wire is frame-independent (ECEF, UTC ns) so that a partner whose common frame has another
 * origin still reads positions right; the conversion is a rotation and a translation, and the
 * covariance is rotated with it (geo_cov6_*).  Incoming samples are checked for sanity here,
 * because they come from another nation's software: a NaN or an unterminated string is rejected,
 * never trusted. */
#include "net/net.h"

#include <math.h>
#include <string.h>

int64_t net_ns(double t) { return (int64_t)llround(t * 1e9); }
double net_sec(int64_t ns) { return (double)ns * 1e-9; }

void net_cov_pack(const double P[36], double u[21])
{
    int k = 0;
    for (int i = 0; i < 6; i++)
        for (int j = i; j < 6; j++)
            u[k++] = 0.5 * (P[i * 6 + j] + P[j * 6 + i]);
}

void net_cov_unpack(const double u[21], double P[36])
{
    int k = 0;
    for (int i = 0; i < 6; i++)
        for (int j = i; j < 6; j++) {
            P[i * 6 + j] = u[k];
            P[j * 6 + i] = u[k];
            k++;
        }
}

bool net_nation_ok(const char *s)
{
    size_t n = strnlen(s, 4);
    if (n < 2 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

static void copy_str(char *dst, size_t n, const char *src)
{
    size_t k = strnlen(src, n - 1);
    memcpy(dst, src, k);
    memset(dst + k, 0, n - k);
}

static void state_to_ecef(const geo_frame *f, const double x[6], const double P[36],
                          double pos[3], double vel[3], double cov[21])
{
    double Pe[36];
    geo_enu_to_ecef(f, x, pos);
    geo_vec_enu_to_ecef(f, x + 3, vel);
    geo_cov6_enu_to_ecef(f, P, Pe);
    net_cov_pack(Pe, cov);
}

static void state_from_ecef(const geo_frame *f, const double pos[3], const double vel[3],
                            const double cov[21], double x[6], double P[36])
{
    double Pe[36];
    geo_ecef_to_enu(f, pos, x);
    geo_vec_ecef_to_enu(f, vel, x + 3);
    net_cov_unpack(cov, Pe);
    geo_cov6_ecef_to_enu(f, Pe, P);
}

static bool finite_all(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

void net_local_to_wire(const geo_frame *f, const char *nation, const sw_track *t, double plot_in,
                       const sw_sensor *sites, int n_sites, SkyWeave_LocalTrack *w)
{
    memset(w, 0, sizeof *w);
    copy_str(w->nation, sizeof w->nation, nation);
    w->track_id = t->id;
    w->time_ns = net_ns(t->t);
    w->t_first_ns = net_ns(t->t_first);
    w->t_update_ns = net_ns(t->t_update);
    w->plot_in_ns = net_ns(plot_in);
    w->status = t->status;
    w->dim = t->dim;
    w->cls = t->cls;
    w->quality = t->quality;
    w->cls_conf = t->cls_conf;
    w->n_updates = t->n_updates;
    state_to_ecef(f, t->x, t->P, w->pos_ecef, w->vel_ecef, w->cov_ecef);
    w->flags = t->flags;
    w->mode3a = t->mode3a;
    w->address = t->address;
    w->alt_baro_m = t->alt_baro_m;
    copy_str(w->callsign, sizeof w->callsign, t->callsign);
    int ns = n_sites < 4 ? n_sites : 4;
    for (int i = 0; i < ns; i++) {
        w->sensors[i].id = sites[i].id;
        w->sensors[i].lat_deg = sites[i].lat_deg;
        w->sensors[i].lon_deg = sites[i].lon_deg;
        w->sensors[i].alt_m = sites[i].alt_m;
    }
    w->n_sensors = (uint8_t)(ns > 0 ? ns : 0);
}

sw_rc net_local_from_wire(const geo_frame *f, const SkyWeave_LocalTrack *w, sw_track *t,
                          double *plot_in, sw_err *err)
{
    if (!net_nation_ok(w->nation))
        return sw_err_set(err, SW_EFORMAT, "local track: bad nation code");
    if (w->dim != 2 && w->dim != 3)
        return sw_err_set(err, SW_EFORMAT, "local track %s/%u: dim %u", w->nation, w->track_id,
                          w->dim);
    if (w->status > SW_TRK_DELETED || w->cls >= SW_CLS_COUNT || w->n_sensors > 4)
        return sw_err_set(err, SW_EFORMAT, "local track %s/%u: status/class/sensors out of range",
                          w->nation, w->track_id);
    if (!finite_all(w->pos_ecef, 3) || !finite_all(w->vel_ecef, 3) ||
        !finite_all(w->cov_ecef, 21) || !isfinite(w->quality))
        return sw_err_set(err, SW_EFORMAT, "local track %s/%u: non-finite state", w->nation,
                          w->track_id);
    if (memchr(w->callsign, 0, sizeof w->callsign) == NULL)
        return sw_err_set(err, SW_EFORMAT, "local track %s/%u: callsign not terminated",
                          w->nation, w->track_id);
    memset(t, 0, sizeof *t);
    t->id = w->track_id;
    t->status = w->status;
    t->dim = w->dim;
    t->cls = w->cls;
    t->t = net_sec(w->time_ns);
    t->t_first = net_sec(w->t_first_ns);
    t->t_update = net_sec(w->t_update_ns);
    t->quality = w->quality;
    t->cls_conf = w->cls_conf;
    t->n_updates = w->n_updates;
    state_from_ecef(f, w->pos_ecef, w->vel_ecef, w->cov_ecef, t->x, t->P);
    t->flags = w->flags;
    t->mode3a = w->mode3a;
    t->address = w->address;
    t->alt_baro_m = w->alt_baro_m;
    memcpy(t->callsign, w->callsign, sizeof t->callsign);
    if (plot_in)
        *plot_in = net_sec(w->plot_in_ns);
    return SW_OK;
}

void net_report_to_wire(const geo_frame *f, const net_report *r, SkyWeave_SystemTrack *w)
{
    memset(w, 0, sizeof *w);
    w->stn = r->st.stn;
    copy_str(w->reporter, sizeof w->reporter, r->st.reporter);
    w->time_ns = net_ns(r->st.t);
    w->born_ns = net_ns(r->born);
    w->claim_ns = net_ns(r->claim);
    w->plot_in_ns = net_ns(r->plot_in);
    w->sd_m = (float)r->sd_m;
    w->status = r->st.status;
    w->cls = r->st.cls;
    w->dim = r->st.x[2] == 0 && r->st.x[5] == 0 ? 2 : 3;
    w->quality = r->st.quality;
    state_to_ecef(f, r->st.x, r->st.P, w->pos_ecef, w->vel_ecef, w->cov_ecef);
    int n = r->n_members < NET_MAX_MEMBERS ? r->n_members : NET_MAX_MEMBERS;
    for (int i = 0; i < n; i++) {
        copy_str(w->members[i].nation, sizeof w->members[i].nation, r->members[i].nation);
        w->members[i].track_id = r->members[i].id;
    }
    w->n_members = (uint8_t)n;
}

sw_rc net_report_from_wire(const geo_frame *f, const SkyWeave_SystemTrack *w, net_report *r,
                           sw_err *err)
{
    if (!net_nation_ok(w->reporter))
        return sw_err_set(err, SW_EFORMAT, "system track %u: bad reporter", w->stn);
    if (w->n_members > NET_MAX_MEMBERS || w->status > SW_TRK_DELETED || w->cls >= SW_CLS_COUNT)
        return sw_err_set(err, SW_EFORMAT, "system track %u: fields out of range", w->stn);
    if (!finite_all(w->pos_ecef, 3) || !finite_all(w->vel_ecef, 3) ||
        !finite_all(w->cov_ecef, 21) || !isfinite(w->sd_m) || w->sd_m < 0)
        return sw_err_set(err, SW_EFORMAT, "system track %u: non-finite state", w->stn);
    for (int i = 0; i < w->n_members; i++)
        if (!net_nation_ok(w->members[i].nation))
            return sw_err_set(err, SW_EFORMAT, "system track %u: member %d: bad nation", w->stn,
                              i);
    memset(r, 0, sizeof *r);
    r->st.stn = w->stn;
    memcpy(r->st.reporter, w->reporter, 4);
    r->st.t = net_sec(w->time_ns);
    r->st.status = w->status;
    r->st.cls = w->cls;
    r->st.quality = w->quality;
    r->st.n_sources = w->n_members;
    state_from_ecef(f, w->pos_ecef, w->vel_ecef, w->cov_ecef, r->st.x, r->st.P);
    r->born = net_sec(w->born_ns);
    r->claim = net_sec(w->claim_ns);
    r->plot_in = net_sec(w->plot_in_ns);
    r->sd_m = w->sd_m;
    r->n_members = w->n_members;
    for (int i = 0; i < w->n_members; i++) {
        memcpy(r->members[i].nation, w->members[i].nation, 4);
        r->members[i].id = w->members[i].track_id;
    }
    r->st.t_first = r->born;
    return SW_OK;
}
