/* asterix/asx_track.c - sw_system_track / sw_track into CAT062 records (see asx_track.h). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "asterix/asx_track.h"
#include "core/time.h"

#define FT 0.3048
#define DEG (M_PI / 180.0)

/* What both track kinds have, in one shape. */
typedef struct view {
    uint32_t id;
    int status, dim, sources;
    double t, t_first, t_update;
    const double *x, *P;
    uint32_t flags;
    uint16_t mode3a;
    uint32_t address;
    float alt_baro_m;
    const char *callsign;
} view;

void asx_track_out_init(asx_track_out *o, int sac, int sic, int service, const geo_frame *origin)
{
    memset(o, 0, sizeof *o);
    o->sac = (uint8_t)sac;
    o->sic = (uint8_t)sic;
    o->service = (uint8_t)service;
    o->origin = *origin;
}

#define SET(item) r->present |= 1ULL << (ASX062_FRN_##item - 1)

/* A callsign the 6-bit alphabet can carry (A-Z, 0-9, space), at most 8 characters. */
static int icao_text(const char *s)
{
    size_t n = strnlen(s, 9);
    if (n == 0 || n > 8)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == ' '))
            return 0;
    return 1;
}

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The table entry of track id: (found or new) slot, or NULL when the table is full. */
static int slot_of(asx_track_out *o, uint32_t id, int *fresh)
{
    unsigned h = (id * 2654435761u) & (ASX_TRACK_SLOTS - 1);
    int free_i = -1;
    for (unsigned k = 0; k < 64; k++) {
        unsigned i = (h + k) & (ASX_TRACK_SLOTS - 1);
        if (o->slot[i].used && o->slot[i].id == id) {
            *fresh = 0;
            return (int)i;
        }
        if (!o->slot[i].used && free_i < 0)
            free_i = (int)i;
    }
    *fresh = 1;
    if (free_i >= 0) {
        o->slot[free_i].used = 1;
        o->slot[free_i].id = id;
        o->slot[free_i].t = -1;
    }
    return free_i;
}

/* I062/200 from the change of course and speed since the previous update of the track:
 * more than 1.5 deg/s is a turn, more than 0.5 m/s^2 a change of speed (thresholds of the
 * order used by ARTAS-class trackers); 1 m/s up or down is a climb or a descent. */
static void movement(asx_track_out *o, int k, const view *v, asx062_200 *m)
{
    double vx = v->x[3], vy = v->x[4], spd = hypot(vx, vy), crs = atan2(vx, vy);
    m->trans = m->longi = 3;
    m->vert = v->dim == 3 ? (v->x[5] > 1.0 ? 1 : v->x[5] < -1.0 ? 2 : 0) : 3;
    if (k >= 0) {
        double dt = v->t - o->slot[k].t;
        if (o->slot[k].t >= 0 && dt > 0.05 && spd > 5) {
            double rate = remainder(crs - o->slot[k].course, 2 * M_PI) / dt / DEG;
            double acc = (spd - o->slot[k].speed) / dt;
            m->trans = rate > 1.5 ? 1 : rate < -1.5 ? 2 : 0;
            m->longi = acc > 0.5 ? 1 : acc < -0.5 ? 2 : 0;
        }
        o->slot[k].t = v->t;
        o->slot[k].course = crs;
        o->slot[k].speed = spd;
    }
}

static void accuracies(const view *v, double lat, asx062_500 *a)
{
    const double *P = v->P;
    a->present = 1u << (ASX062_500_APC - 1) | 1u << (ASX062_500_COV - 1) |
                 1u << (ASX062_500_APW - 1) | 1u << (ASX062_500_ATV - 1);
    double sx = sqrt(fmax(P[0], 0)), sy = sqrt(fmax(P[7], 0)), cxy = P[1];
    a->apc.x_m = clampd(sx, 0, 32767.5);
    a->apc.y_m = clampd(sy, 0, 32767.5);
    /* CAT062: COV = sign(cov_xy) * sqrt(|cov_xy|) */
    a->cov_m = clampd(copysign(sqrt(fabs(cxy)), cxy), -16384, 16383.5);
    a->apw.lat_deg = clampd(sy / 6371000.0 / DEG, 0, 65535 * 180.0 / 33554432.0);
    a->apw.lon_deg = clampd(sx / (6371000.0 * fmax(cos(lat * DEG), 0.01)) / DEG, 0,
                            65535 * 180.0 / 33554432.0);
    a->atv.x_mps = clampd(sqrt(fmax(P[21], 0)), 0, 63.75);
    a->atv.y_mps = clampd(sqrt(fmax(P[28], 0)), 0, 63.75);
    if (v->dim == 3) {
        a->present |= 1u << (ASX062_500_AGA - 1) | 1u << (ASX062_500_ARC - 1);
        a->aga_ft = clampd(sqrt(fmax(P[14], 0)) / FT, 0, 255 * 6.25);
        a->arc_ftpm = clampd(sqrt(fmax(P[35], 0)) / FT * 60, 0, 255 * 6.25);
    }
}

static void fill(asx_track_out *o, const view *v, asx062 *r)
{
    memset(r, 0, offsetof(asx062, i010)); /* present, fspec_len; items are written below */
    SET(010), SET(015), SET(040), SET(070), SET(080), SET(100), SET(105), SET(185), SET(200),
        SET(290), SET(500);
    r->i010.sac = o->sac;
    r->i010.sic = o->sic;
    r->i015.service_id = o->service;
    r->i040.trk = (uint16_t)v->id;
    r->i070.tod_s = floor(sw_tod_from_utc(v->t) * 128.0) / 128.0;
    if (fabs(v->x[0]) < 4194303 && fabs(v->x[1]) < 4194303) { /* 24 bits of 0.5 m */
        r->i100.x_m = v->x[0];
        r->i100.y_m = v->x[1];
    } else {
        r->present &= ~(1ULL << (ASX062_FRN_100 - 1));
    }
    double lat, lon, h, enu[3] = {v->x[0], v->x[1], v->dim == 3 ? v->x[2] : 0};
    geo_enu_to_lla(&o->origin, enu, &lat, &lon, &h);
    r->i105.lat_deg = lat;
    r->i105.lon_deg = lon;
    r->i185.vx_mps = clampd(v->x[3], -8192, 8191.75);
    r->i185.vy_mps = clampd(v->x[4], -8192, 8191.75);

    int fresh, k = slot_of(o, v->id, &fresh);
    asx062_080 *s = &r->i080;
    memset(s, 0, sizeof *s);
    s->mon = v->sources <= 1;
    s->src = v->dim == 3 ? 2 : 0;  /* 3-D estimate, else no height source */
    s->mrh = v->dim == 3 && !(v->flags & SW_HAS_MODEC);
    s->cnf = v->status == SW_TRK_TENTATIVE;
    s->tsb = fresh;                /* the first message for this track number */
    s->tse = v->status == SW_TRK_DELETED;
    s->cst = v->status == SW_TRK_COASTING;
    movement(o, k, v, &r->i200);
    if (s->tse && k >= 0)
        o->slot[k].used = 0;

    r->i290.present = 1u << (ASX062_290_TRK - 1);
    r->i290.trk_s = clampd(v->t - v->t_first, 0, 63.75);
    double age = clampd(v->t - v->t_update, 0, 63.75);
    r->i295.present = 0;
    if (v->flags & SW_HAS_MODEC) {
        SET(136);
        r->i136.fl = v->alt_baro_m / (100 * FT);
        r->i295.present |= 1u << (ASX062_295_MFL - 1);
        r->i295.mfl_s = age;
    }
    if (v->flags & SW_HAS_MODE3A) {
        SET(060);
        memset(&r->i060, 0, sizeof r->i060);
        r->i060.mode3a = v->mode3a;
        r->i295.present |= 1u << (ASX062_295_MDA - 1);
        r->i295.mda_s = age;
    }
    if (r->i295.present)
        SET(295);
    r->i380.present = 0;
    if ((v->flags & SW_HAS_CALLSIGN) && icao_text(v->callsign)) {
        SET(245);
        r->i245.sti = 0;
        memset(r->i245.chr, 0, sizeof r->i245.chr);
        strncpy(r->i245.chr, v->callsign, 8);
        r->i380.present |= 1u << (ASX062_380_ID - 1);
        memcpy(r->i380.id, r->i245.chr, sizeof r->i380.id);
    }
    if (v->flags & SW_HAS_ADDRESS) {
        r->i380.present |= 1u << (ASX062_380_ADR - 1);
        r->i380.adr = v->address & 0xffffff;
    }
    if (r->i380.present)
        SET(380);
    if (v->dim == 3) {
        double ft = h / FT, rocd = v->x[5] / FT * 60;
        if (ft >= -1500 && ft <= 150000) { /* the range the specification gives */
            SET(130);
            r->i130.alt_ft = ft;
        }
        if (fabs(rocd) < 32767 * 6.25) {
            SET(220);
            r->i220.rocd_ftpm = rocd;
        }
    }
    accuracies(v, lat, &r->i500);
}

void asx_track_out_system(asx_track_out *o, const sw_system_track *t, asx062 *r)
{
    view v = {t->stn, t->status, 3, t->n_sources, t->t, t->t_first, t->t, t->x, t->P, t->flags,
              t->mode3a, t->address, t->alt_baro_m, t->callsign};
    /* a 2-D picture has z = vz = 0 and no variance there */
    v.dim = t->P[14] > 0 || t->x[2] != 0 ? 3 : 2;
    fill(o, &v, r);
}

void asx_track_out_local(asx_track_out *o, const sw_track *t, asx062 *r)
{
    int n = 0;
    for (uint32_t b = t->sensors; b; b &= b - 1)
        n++;
    view v = {t->id, t->status, t->dim, n, t->t, t->t_first, t->t_update, t->x, t->P, t->flags,
              t->mode3a, t->address, t->alt_baro_m, t->callsign};
    fill(o, &v, r);
}
