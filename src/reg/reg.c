/* reg/reg.c - sensor registration against ADS-B (reg.h says what and why).
 *
 * The reference table holds, per ADS-B address, its newest report and one at least 3 s older; its
 * position at a radar plot's time is the newest moved on by the velocity between the two.  A spatial hash
 * (cells of clear_m, doubly linked so an aircraft moves cell in O(1)) finds the aircraft near a
 * plot.  Each radar keeps, per component (range, azimuth, elevation), the weighted sums of its
 * residuals with exponential forgetting in time: the estimate is their weighted mean. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reg/reg.h"

#define REG_H_GUESS_M 5000.0  /* height assumed to place a 2-D plot without Mode C for pairing */
#define REG_EARTH_R 6371000.0
#define REG_DRIFT_MPS 3.0     /* extrapolating an ADS-B report: its error grows this fast */
#define REG_MAX_POS_M 1e8
#define REG_SPAN_S 3.0        /* the older of the two reports held is at least this much older */

typedef struct ref {
    uint32_t addr;       /* 0: free slot */
    int has_z;
    double t0, p0[3];    /* the report before ... */
    double t1, p1[3];    /* ... and the newest */
    double var;          /* its position variance per axis, m^2 */
    uint64_t cell;
    int prev, next;      /* in its grid bucket's list, -1 ends */
} ref;

typedef struct sens {
    int role;            /* 0: neither, 1: radar, 2: ADS-B */
    int has_site;
    geo_radar radar;
    double site[3];
    int seen;            /* paired at least once */
    double t_last;       /* time of the last pair (forgetting) */
    double W[3], S[3];   /* sum of weights, of weighted residuals */
    double n_eff;
    uint64_t taken, dropped;
    double est[3], sd[3];
    int applied, too_big;
} sens;

struct reg_reg {
    reg_params p;
    geo_sensor_set set;
    sens s[GEO_MAX_SENSORS];
    int last_id_idx;
    ref *refs;
    size_t n_refs, cap_refs;
    int *addr_tab;       /* open addressing, -1 empty; size addr_mask + 1 */
    size_t addr_mask;
    int *bucket;         /* grid bucket heads, -1 empty; size bucket_mask + 1 */
    size_t bucket_mask;
};

void reg_params_default(reg_params *p)
{
    p->gate_m = 2000;
    p->clear_m = 4000;
    p->max_age_s = 4;
    p->min_pairs = 30;
    p->forget_s = 1800;
    p->reject_sd = 4;
    p->max_range_m = 2000;
    p->max_az_deg = 1.0;
    p->max_el_deg = 1.0;
    p->max_aircraft = 4096;
}

static size_t pow2_at_least(size_t n)
{
    size_t s = 16;
    while (s < n)
        s <<= 1;
    return s;
}

sw_rc reg_create(reg_reg **out, const reg_params *p, const geo_sensor_set *set, sw_err *err)
{
    *out = NULL;
    if (!(p->gate_m > 0) || !(p->clear_m >= p->gate_m) || !(p->max_age_s > 0) ||
        p->min_pairs < 1 || !(p->forget_s > 0) || !(p->reject_sd > 0) ||
        !(p->max_range_m > 0) || !(p->max_az_deg > 0) || !(p->max_el_deg > 0) ||
        p->max_aircraft < 1 || p->max_aircraft > (1u << 24))
        return sw_err_set(err, SW_EINVAL, "registration: gate_m > 0, clear_m >= gate_m, "
                          "max_age_s > 0, min_pairs >= 1, forget_s > 0, reject_sd > 0, max_* > 0 "
                          "and 1 <= max_aircraft <= 2^24 are needed");
    reg_reg *r = calloc(1, sizeof *r);
    if (!r)
        return sw_err_set(err, SW_ENOMEM, "registration: out of memory");
    r->p = *p;
    if (set)
        r->set = *set;
    r->last_id_idx = -1;
    for (int i = 0; i < r->set.n; i++) {
        const sw_sensor *ss = &r->set.s[i];
        sens *s = &r->s[i];
        s->role = ss->type == SW_SENSOR_ADSB ? 2
                  : (ss->type == SW_SENSOR_PSR || ss->type == SW_SENSOR_SSR ||
                     ss->type == SW_SENSOR_3D) ? 1 : 0;
        s->has_site = r->set.has_site[i];
        s->radar = r->set.radar[i];
        memcpy(s->site, ss->site, sizeof s->site);
    }
    r->cap_refs = p->max_aircraft;
    r->addr_mask = pow2_at_least(2 * p->max_aircraft) - 1;
    r->bucket_mask = pow2_at_least(p->max_aircraft) - 1;
    r->refs = calloc(r->cap_refs, sizeof *r->refs);
    r->addr_tab = malloc((r->addr_mask + 1) * sizeof *r->addr_tab);
    r->bucket = malloc((r->bucket_mask + 1) * sizeof *r->bucket);
    if (!r->refs || !r->addr_tab || !r->bucket) {
        reg_destroy(r);
        return sw_err_set(err, SW_ENOMEM, "registration: out of memory for %zu aircraft",
                          p->max_aircraft);
    }
    memset(r->addr_tab, 0xff, (r->addr_mask + 1) * sizeof *r->addr_tab);
    memset(r->bucket, 0xff, (r->bucket_mask + 1) * sizeof *r->bucket);
    *out = r;
    return SW_OK;
}

void reg_destroy(reg_reg *r)
{
    if (!r)
        return;
    free(r->refs);
    free(r->addr_tab);
    free(r->bucket);
    free(r);
}

static int sensor_index(reg_reg *r, uint32_t id)
{
    if (r->last_id_idx >= 0 && r->set.s[r->last_id_idx].id == id)
        return r->last_id_idx;
    int i = geo_sensors_find(&r->set, id);
    if (i >= 0)
        r->last_id_idx = i;
    return i;
}

/* ---- the reference: ADS-B aircraft ------------------------------------------------------- */

static uint64_t cell_of(const reg_reg *r, double x, double y)
{
    int64_t ix = (int64_t)floor(x / r->p.clear_m), iy = (int64_t)floor(y / r->p.clear_m);
    return ((uint64_t)(uint32_t)ix << 32) | (uint32_t)iy;
}

static size_t bucket_of(const reg_reg *r, uint64_t cell)
{
    return (size_t)((cell * 0x9E3779B97F4A7C15ull) >> 40) & r->bucket_mask;
}

static void grid_unlink(reg_reg *r, int i)
{
    ref *a = &r->refs[i];
    if (a->prev >= 0)
        r->refs[a->prev].next = a->next;
    else
        r->bucket[bucket_of(r, a->cell)] = a->next;
    if (a->next >= 0)
        r->refs[a->next].prev = a->prev;
}

static void grid_link(reg_reg *r, int i, uint64_t cell)
{
    ref *a = &r->refs[i];
    size_t b = bucket_of(r, cell);
    a->cell = cell;
    a->prev = -1;
    a->next = r->bucket[b];
    if (a->next >= 0)
        r->refs[a->next].prev = i;
    r->bucket[b] = i;
}

/* The slot of addr in the address table (found, or the empty one to take), or -1 when full. */
static size_t addr_slot(const reg_reg *r, uint32_t addr)
{
    size_t h = (size_t)(addr * 2654435761u) & r->addr_mask;
    for (;;) {
        int i = r->addr_tab[h];
        if (i < 0 || r->refs[i].addr == addr)
            return h;
        h = (h + 1) & r->addr_mask;
    }
}

static void take_adsb(reg_reg *r, const sw_plot *p)
{
    if (!(p->flags & SW_HAS_ADDRESS) || p->address == 0)
        return;
    size_t h = addr_slot(r, p->address);
    int i = r->addr_tab[h];
    double pos[3] = {p->z[0], p->z[1], 0};
    int has_z = 1;
    if (p->kind == SW_MEAS_XYZ)
        pos[2] = p->z[2];
    else if (p->flags & SW_HAS_GEO_ALT) /* ENU up of that height: the earth falls away */
        pos[2] = p->alt_geo_m - (pos[0] * pos[0] + pos[1] * pos[1]) / (2 * REG_EARTH_R);
    else
        has_z = 0;
    double var = 0.5 * (p->R[0] + p->R[4]);
    if (i < 0) {
        if (r->n_refs == r->cap_refs)
            return;
        i = (int)r->n_refs++;
        r->addr_tab[h] = i;
        ref *a = &r->refs[i];
        a->addr = p->address;
        a->t0 = a->t1 = p->t;
        memcpy(a->p0, pos, sizeof pos);
        memcpy(a->p1, pos, sizeof pos);
        a->has_z = has_z;
        a->var = var;
        grid_link(r, i, cell_of(r, pos[0], pos[1]));
        return;
    }
    ref *a = &r->refs[i];
    if (p->t < a->t1) /* an older report than the one held: not a reference for later plots */
        return;
    if (p->t > a->t1 && a->t1 - a->t0 >= REG_SPAN_S) { /* velocity over >= 3 s: less noise */
        a->t0 = a->t1;
        memcpy(a->p0, a->p1, sizeof pos);
    }
    a->t1 = p->t;
    memcpy(a->p1, pos, sizeof pos);
    a->has_z = has_z;
    a->var = var;
    uint64_t c = cell_of(r, pos[0], pos[1]);
    if (c != a->cell) {
        grid_unlink(r, i);
        grid_link(r, i, c);
    }
}

/* Aircraft i's position at t, and its variance per axis; 0 when its report is too old. */
static int ref_at(const reg_reg *r, int i, double t, double pos[3], double *var)
{
    const ref *a = &r->refs[i];
    double dt = t - a->t1;
    if (fabs(dt) > r->p.max_age_s)
        return 0;
    double span = a->t1 - a->t0;
    double v[3] = {0, 0, 0};
    if (span > 0.1 && span < 30)
        for (int k = 0; k < 3; k++)
            v[k] = (a->p1[k] - a->p0[k]) / span;
    else if (fabs(dt) > 1) /* one report only: not moved on far */
        return 0;
    for (int k = 0; k < 3; k++)
        pos[k] = a->p1[k] + v[k] * dt;
    *var = a->var + (REG_DRIFT_MPS * dt) * (REG_DRIFT_MPS * dt);
    return 1;
}

/* ---- radar plots ------------------------------------------------------------------------- */

/* Where a radar plot (range, azimuth[, elevation]) lies in the common frame, for pairing. */
static void plot_position(const sens *s, const sw_plot *p, const double z[3], double pos[3])
{
    double h = (p->flags & SW_HAS_MODEC) ? p->alt_baro_m : REG_H_GUESS_M;
    if (s->has_site) {
        if (p->kind == SW_MEAS_RAE)
            geo_radar_to_enu(&s->radar, z[0], z[1], z[2], pos);
        else if (geo_radar_rah_to_enu(&s->radar, z[0], z[1], h, pos) != 0)
            geo_radar_to_enu(&s->radar, z[0], z[1], 0, pos);
        return;
    }
    double el = p->kind == SW_MEAS_RAE ? z[2] : asin(fmin(1, fmax(-1, (h - s->site[2]) / z[0])));
    double rho = z[0] * cos(el);
    pos[0] = s->site[0] + rho * sin(z[1]);
    pos[1] = s->site[1] + rho * cos(z[1]);
    pos[2] = s->site[2] + z[0] * sin(el);
}

/* The one aircraft this plot can be paired with, or -1. */
static int pair_of(const reg_reg *r, const sens *s, const sw_plot *p, const double z[3])
{
    if (p->flags & SW_HAS_ADDRESS) { /* a Mode S reply names its aircraft */
        int i = r->addr_tab[addr_slot(r, p->address)];
        double pos[3], var, q[3];
        if (i < 0 || !ref_at(r, i, p->t, pos, &var))
            return -1;
        plot_position(s, p, z, q);
        return hypot(pos[0] - q[0], pos[1] - q[1]) <= r->p.clear_m ? i : -1;
    }
    double q[3];
    plot_position(s, p, z, q);
    uint64_t c = cell_of(r, q[0], q[1]);
    int64_t cx = (int32_t)(uint32_t)(c >> 32), cy = (int32_t)(uint32_t)c;
    double d1 = INFINITY, d2 = INFINITY;
    int best = -1;
    for (int64_t dx = -1; dx <= 1; dx++)
        for (int64_t dy = -1; dy <= 1; dy++) {
            uint64_t cc = ((uint64_t)(uint32_t)(cx + dx) << 32) | (uint32_t)(cy + dy);
            for (int i = r->bucket[bucket_of(r, cc)]; i >= 0; i = r->refs[i].next) {
                double pos[3], var;
                if (r->refs[i].cell != cc || !ref_at(r, i, p->t, pos, &var))
                    continue;
                double d = hypot(pos[0] - q[0], pos[1] - q[1]);
                if (d < d1) {
                    d2 = d1;
                    d1 = d;
                    best = i;
                } else if (d < d2)
                    d2 = d;
            }
        }
    return d1 <= r->p.gate_m && d2 > r->p.clear_m ? best : -1;
}

static void estimate(const reg_params *rp, sens *s)
{
    const double lim[3] = {rp->max_range_m, rp->max_az_deg * GEO_DEG, rp->max_el_deg * GEO_DEG};
    s->too_big = 0;
    for (int k = 0; k < 3; k++) {
        s->est[k] = s->W[k] > 0 ? s->S[k] / s->W[k] : 0;
        s->sd[k] = s->W[k] > 0 ? 1 / sqrt(s->W[k]) : 0;
        if (fabs(s->est[k]) > lim[k])
            s->too_big = 1;
    }
    s->applied = s->n_eff + 0.5 >= rp->min_pairs && !s->too_big; /* pairs, rounded: they fade */
}

/* Plot minus aircraft i in the radar's own coordinates, with variances; m components used. */
static int residual(const reg_reg *r, const sens *s, const sw_plot *p, int i, double res[3],
                    double var[3])
{
    double pos[3], vref;
    if (!ref_at(r, i, p->t, pos, &vref))
        return 0;
    double pol[3];
    geo_sensor_polar(s->has_site ? &s->radar : NULL, s->site, pos, pol);
    double r2 = pol[0] * pol[0];
    /* a 2-D radar's slant range needs the aircraft's height; without it only azimuth counts */
    int use_range = p->kind == SW_MEAS_RAE || r->refs[i].has_z;
    res[0] = p->z[0] - pol[0];
    var[0] = use_range ? p->R[0] + vref : 0;
    res[1] = geo_wrap_pi(p->z[1] - pol[1]);
    var[1] = p->R[4] + vref / r2;
    res[2] = p->kind == SW_MEAS_RAE ? p->z[2] - pol[2] : 0;
    var[2] = p->kind == SW_MEAS_RAE ? p->R[8] + vref / r2 : 0;
    return 1;
}

static void learn(reg_reg *r, sens *s, const sw_plot *p, int i)
{
    double res[3], var[3];
    if (!residual(r, s, p, i, res, var))
        return;
    if (s->applied) /* far from a settled estimate: a wrong pairing (clutter beside the aircraft) */
        for (int k = 0; k < 3; k++)
            if (var[k] > 0 &&
                fabs(res[k] - s->est[k]) > r->p.reject_sd * sqrt(var[k] + s->sd[k] * s->sd[k])) {
                s->dropped++;
                return;
            }
    if (s->seen && p->t > s->t_last) {
        double f = exp(-(p->t - s->t_last) / r->p.forget_s);
        for (int k = 0; k < 3; k++) {
            s->W[k] *= f;
            s->S[k] *= f;
        }
        s->n_eff *= f;
    }
    if (!s->seen || p->t > s->t_last)
        s->t_last = p->t;
    s->seen = 1;
    for (int k = 0; k < 3; k++)
        if (var[k] > 0) {
            s->W[k] += 1 / var[k];
            s->S[k] += res[k] / var[k];
        }
    s->n_eff += 1;
    s->taken++;
    estimate(&r->p, s);
}

/* Finite, and within 100,000 km (the tracker's own limit): grid cells stay integers */
static int usable_plot(const sw_plot *p)
{
    if (!isfinite(p->t))
        return 0;
    int m = sw_meas_dim(p->kind);
    for (int k = 0; k < m; k++)
        if (!(fabs(p->z[k]) < REG_MAX_POS_M) || !(p->R[k * 3 + k] >= 0) ||
            !(p->R[k * 3 + k] < REG_MAX_POS_M * REG_MAX_POS_M))
            return 0;
    return 1;
}

int reg_plot(reg_reg *r, sw_plot *p)
{
    if (!usable_plot(p))
        return 0;
    int idx = sensor_index(r, p->sensor_id);
    if (idx < 0)
        return 0;
    sens *s = &r->s[idx];
    if (s->role == 2 && (p->kind == SW_MEAS_XY || p->kind == SW_MEAS_XYZ)) {
        take_adsb(r, p);
        return 0;
    }
    if (s->role != 1 || (p->kind != SW_MEAS_RA && p->kind != SW_MEAS_RAE) || !(p->z[0] > 0))
        return 0;
    double z[3] = {p->z[0], p->z[1], p->kind == SW_MEAS_RAE ? p->z[2] : 0};
    if (s->applied) { /* pair where the radar's aircraft really is */
        z[0] -= s->est[0];
        z[1] = geo_wrap_pi(z[1] - s->est[1]);
        z[2] -= s->est[2];
    }
    int i = r->n_refs ? pair_of(r, s, p, z) : -1;
    if (i >= 0)
        learn(r, s, p, i);
    if (!s->applied)
        return 0;
    p->z[0] -= s->est[0];
    double a = geo_wrap_pi(p->z[1] - s->est[1]); /* kept in the convention it came in */
    p->z[1] = p->z[1] >= 0 && a < 0 ? a + 2 * M_PI : a;
    if (p->kind == SW_MEAS_RAE)
        p->z[2] -= s->est[2];
    return 1;
}

size_t reg_list(const reg_reg *r, reg_bias *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < r->set.n; i++) {
        const sens *s = &r->s[i];
        if (s->role != 1 || !s->seen)
            continue;
        if (n < cap) {
            reg_bias *b = &out[n];
            memset(b, 0, sizeof *b);
            b->sensor_id = r->set.s[i].id;
            b->pairs = s->n_eff;
            b->taken = s->taken;
            b->dropped = s->dropped;
            b->range_m = s->est[0];
            b->range_sd_m = s->sd[0];
            b->az_rad = s->est[1];
            b->az_sd_rad = s->sd[1];
            b->el_rad = s->est[2];
            b->el_sd_rad = s->sd[2];
            b->applied = s->applied;
            b->too_big = s->too_big;
        }
        n++;
    }
    return n;
}
