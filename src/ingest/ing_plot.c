/* ingest/ing_plot.c - one ASTERIX report into one sw_plot.
 *
 * CAT048 stays in the radar's own polar frame: a tracker wants the measurement as the radar made
 * it (range, azimuth, and its accuracies from the site survey), not a Cartesian point with an
 * approximate covariance; geo/ converts when it needs to.  CAT021 is already a WGS-84 position:
 * it goes into the common ENU frame, its accuracy taken from the quality indicators the aircraft
 * sends (DO-260B NACp, else NIC, else NUCp for version 0) and rotated from the target's local
 * horizontal into the common frame. */
#include <math.h>
#include <string.h>

#include "ingest/ingest.h"

#define NM 1852.0
#define FT 0.3048
#define R95 2.4477 /* 95 % radius of a circular normal = 2.4477 sigma */

double ing_nacp_epu_m(int nacp)
{
    static const double epu[] = {-1, 18520, 7408, 3704, 1852, 926, 555.6, 185.2, 92.6, 30, 10, 3};
    return nacp >= 0 && nacp < 12 ? epu[nacp] : -1;
}

double ing_nic_rc_m(int nic)
{
    static const double rc[] = {-1, 37040, 14816, 7408, 3704, 1852, 1111.2, 370.4, 185.2, 75, 25, 7.5};
    return nic >= 0 && nic < 12 ? rc[nic] : -1;
}

double ing_nucp_hfom_m(int nucp)
{
    static const double hfom[] = {-1, 18520, 9260, 1852, 926, 463, 185.2, 92.6, 10, 3};
    return nucp >= 0 && nucp < 10 ? hfom[nucp] : -1;
}

/* A callsign from 6-bit characters: only A-Z, 0-9 and spaces, trailing spaces cut; 0 if empty
 * or not all characters are in the alphabet (code 0 = no identification). */
static int callsign(const char *s, char out[9])
{
    int n = 0;
    for (int i = 0; i < 8 && s[i]; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '))
            return 0;
        out[i] = c;
        if (c != ' ')
            n = i + 1;
    }
    out[n] = 0;
    return n > 0;
}

static void clear(sw_plot *p, const sw_sensor *s, double t)
{
    memset(p, 0, sizeof *p);
    p->t = t;
    p->sensor_id = s->id;
}

int ing_plot_from_048(const asx048 *r, const sw_sensor *s, const geo_radar *radar, double t,
                      int keep_sim, sw_plot *p)
{
    uint64_t has = r->present;
#define HAS(item) (has >> (ASX048_FRN_##item - 1) & 1)
    if (!HAS(040) || !HAS(140))
        return 1;
    if (HAS(020)) {
        const asx048_020 *d = &r->i020;
        if (d->typ == 0 || d->rab || d->tst || (d->sim && !keep_sim))
            return 1; /* a track without a plot, a field monitor, a test or simulated target */
    }
    clear(p, s, t);
    p->z[0] = r->i040.rho_nm * NM;
    p->z[1] = r->i040.theta_deg * (M_PI / 180.0);
    p->kind = SW_MEAS_RA;
    double el = 0;
    double h_ft = 0;
    int has_h = s->type == SW_SENSOR_3D && radar &&
                (HAS(110) ? (h_ft = r->i110.height_ft, 1) : asx048_sp_height_get(r, &h_ft));
    if (has_h) {
        /* a 3-D radar's height (I048/110, or above its 62 km in skyweave's SP field) and the
         * slant range give the elevation (4/3-earth model) */
        double e[3], rr, az;
        if (geo_radar_rah_to_enu(radar, p->z[0], p->z[1], h_ft * FT, e) == 0) {
            geo_radar_measure(radar, e, &rr, &az, &el);
            p->kind = SW_MEAS_RAE;
            p->z[2] = el;
        }
    }
    p->R[0] = s->sd_range_m * s->sd_range_m;
    p->R[4] = s->sd_az_rad * s->sd_az_rad;
    if (p->kind == SW_MEAS_RAE)
        p->R[8] = s->sd_el_rad * s->sd_el_rad;
    if (HAS(070) && !r->i070.v && !r->i070.g) {
        p->mode3a = r->i070.mode3a;
        p->flags |= SW_HAS_MODE3A;
    }
    if (HAS(090) && !r->i090.v && !r->i090.g) {
        p->alt_baro_m = (float)(r->i090.fl * 100.0 * FT);
        p->flags |= SW_HAS_MODEC;
    }
    if (HAS(220)) {
        p->address = r->i220.address;
        p->flags |= SW_HAS_ADDRESS;
    }
    if (HAS(240) && callsign(r->i240.ident, p->callsign))
        p->flags |= SW_HAS_CALLSIGN;
    if (HAS(161)) {
        p->sensor_track = r->i161.trn;
        p->flags |= SW_HAS_SENSOR_TRACK;
    }
#undef HAS
    return 0;
}

/* Horizontal and vertical 1-sigma of a CAT021 report from its quality indicators. */
static void adsb_sigma(const asx021 *r, const sw_sensor *s, double *sh, double *sv)
{
    uint64_t has = r->present;
    int vn = has >> (ASX021_FRN_210 - 1) & 1 ? r->i210.vn : -1;
    double h = -1, v = -1;
    if (has >> (ASX021_FRN_090 - 1) & 1) {
        const asx021_090 *q = &r->i090;
        if (vn == 0 || (vn < 0 && q->parts < 2)) {
            h = ing_nucp_hfom_m(q->nucpnic);
        } else {
            if (q->parts >= 2)
                h = ing_nacp_epu_m(q->nacp);
            if (h < 0)
                h = ing_nic_rc_m(q->nucpnic);
            if (q->parts >= 3 && (q->gva == 1 || q->gva == 2))
                v = q->gva == 1 ? 150.0 : 45.0;
        }
    }
    *sh = h > 0 ? h / R95 : s->sd_xy_m;
    *sv = v > 0 ? v / 1.96 : s->sd_z_m;
}

int ing_plot_from_021(const asx021 *r, const sw_sensor *s, const geo_frame *origin, double t,
                      int keep_sim, sw_plot *p)
{
    uint64_t has = r->present;
#define HAS(item) (has >> (ASX021_FRN_##item - 1) & 1)
    double lat, lon;
    if (HAS(131)) {
        lat = r->i131.lat_deg;
        lon = r->i131.lon_deg;
    } else if (HAS(130)) {
        lat = r->i130.lat_deg;
        lon = r->i130.lon_deg;
    } else {
        return 1;
    }
    if (!(HAS(071) || HAS(073) || HAS(077)) || fabs(lat) > 90 || fabs(lon) > 180)
        return 1;
    if (HAS(040) && (r->i040.tst || (r->i040.sim && !keep_sim)))
        return 1;
    clear(p, s, t);
    int has_h = HAS(140) || HAS(145);
    double hgt = HAS(140) ? r->i140.height_ft * FT : HAS(145) ? r->i145.fl * 100.0 * FT : 0;
    double e[3];
    geo_lla_to_enu(origin, lat, lon, hgt, e);
    double sh, sv;
    adsb_sigma(r, s, &sh, &sv);
    if (!HAS(140))
        sv = fmax(sv, 150.0); /* a pressure altitude stands in for the height */
    /* covariance in the target's local ENU, rotated into the common frame: M = Rc * Rt^T */
    geo_frame tf;
    geo_frame_init(&tf, lat, lon, hgt);
    double M[9], d[3] = {sh * sh, sh * sh, sv * sv};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            M[3 * i + j] = 0;
            for (int k = 0; k < 3; k++)
                M[3 * i + j] += origin->R[3 * i + k] * tf.R[3 * j + k];
        }
    int dim = has_h ? 3 : 2;
    p->kind = has_h ? SW_MEAS_XYZ : SW_MEAS_XY;
    for (int i = 0; i < dim; i++) {
        p->z[i] = e[i];
        for (int j = 0; j < dim; j++) {
            double acc = 0;
            for (int k = 0; k < 3; k++)
                acc += M[3 * i + k] * d[k] * M[3 * j + k];
            p->R[3 * i + j] = acc;
        }
    }
    if (HAS(070)) {
        p->mode3a = r->i070.mode3a;
        p->flags |= SW_HAS_MODE3A;
    }
    if (HAS(145)) {
        p->alt_baro_m = (float)(r->i145.fl * 100.0 * FT);
        p->flags |= SW_HAS_MODEC;
    }
    if (HAS(140)) {
        p->alt_geo_m = (float)(r->i140.height_ft * FT);
        p->flags |= SW_HAS_GEO_ALT;
    }
    if (HAS(080)) {
        p->address = r->i080.address;
        p->flags |= SW_HAS_ADDRESS;
    }
    if (HAS(170) && callsign(r->i170.ident, p->callsign))
        p->flags |= SW_HAS_CALLSIGN;
    if (HAS(161)) {
        p->sensor_track = r->i161.trnum;
        p->flags |= SW_HAS_SENSOR_TRACK;
    }
#undef HAS
    return 0;
}
