/* reg/reg.c - sensor registration against ADS-B (reg.h says what and why).
 *
 * The reference table holds, per ADS-B address, the aircraft's last 8 reports (ADS-B reports, or
 * partners' tracks of it); its position at a radar plot's time is the newest moved on by the
 * track's velocity, or by the velocity between the newest report and one at least 3 s older.  A
 * spatial hash (cells of clear_m, doubly linked so an aircraft moves cell in O(1)) finds the
 * aircraft near a plot.  Each radar keeps the information matrix and vector of a linear model of
 * its residuals (range offset and gain, azimuth and elevation offsets, a time offset seen through
 * the rates of range, azimuth and elevation), with exponential forgetting in time: the estimate
 * is the weighted least-squares solution. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mat.h"
#include "geo/geo.h"
#include "reg/reg.h"

#define REG_H_GUESS_M 5000.0  /* height assumed to place a 2-D plot without Mode C for pairing */
#define REG_DRIFT_MPS 3.0     /* extrapolating an ADS-B report: its error grows this fast */
#define REG_MAX_POS_M 1e8
/* The estimate x: range offset (m), range gain (m per 100 km of range), azimuth offset (rad),
 * elevation offset (rad), time offset (s: plots stamped this much after the detection). */
enum { RX_RANGE, RX_GAIN, RX_AZ, RX_EL, RX_TIME, RN };
#define REG_GAIN_UNIT 1e5
/* a weak prior keeps the solve defined before the pairs tell the components apart */
static const double prior_sd[RN] = {1000, 100, 0.5 * GEO_DEG, 0.5 * GEO_DEG, 2.0};
#define REG_HIST 8            /* reports kept per aircraft (1 s apart: 7 s) */
#define REG_SPAN_S 3.0        /* a velocity from reports at least this far apart */

typedef struct ref {
    uint32_t addr;       /* 0: free slot */
    int has_z;
    int has_vel;         /* the newest came with its velocity (a track) */
    double vel[3];
    int n, head;         /* its last reports, oldest first from head (a ring) */
    double t[REG_HIST], p[REG_HIST][3];
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
    double A[RN * RN], b[RN]; /* information matrix and vector of the pairs (forgetting) */
    double n_eff;
    uint64_t taken, dropped;
    double est[RN], P[RN * RN]; /* the estimate and its covariance (with the prior) */
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
    p->min_pairs = 100;
    p->forget_s = 1800;
    p->reject_sd = 4;
    p->max_range_m = 2000;
    p->max_az_deg = 1.0;
    p->max_el_deg = 1.0;
    p->max_gain_m = 500;
    p->max_aircraft = 4096;
    p->max_ref_sd_m = 40;
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
        !(p->max_gain_m > 0) ||
        p->max_aircraft < 1 || p->max_aircraft > (1u << 24) || !(p->max_ref_sd_m > 0))
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
    double fx = floor(x / r->p.clear_m), fy = floor(y / r->p.clear_m);
    /* positions are checked before they come here; a NaN of a strange geometry is cell 0 */
    int64_t ix = fabs(fx) < 1e15 ? (int64_t)fx : 0, iy = fabs(fy) < 1e15 ? (int64_t)fy : 0;
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

/* A reference position of aircraft addr at t (vel: its velocity when the source knows it, e.g. a
 * track; NULL: from the reports held). */
static void take_ref(reg_reg *r, uint32_t addr, double t, const double pos[3], int has_z,
                     const double *vel, double var)
{
    size_t h = addr_slot(r, addr);
    int i = r->addr_tab[h];
    ref *a;
    if (i < 0) {
        if (r->n_refs == r->cap_refs)
            return;
        i = (int)r->n_refs++;
        r->addr_tab[h] = i;
        a = &r->refs[i];
        a->addr = addr;
        a->n = a->head = 0;
        grid_link(r, i, cell_of(r, pos[0], pos[1]));
    } else {
        a = &r->refs[i];
        double tn = a->t[(a->head + a->n - 1) % REG_HIST];
        if (t < tn) /* older than the newest held: not a reference for later plots */
            return;
        if (t == tn)
            a->n--; /* the same moment again: the newer report stands */
    }
    if (a->n == REG_HIST) {
        a->head = (a->head + 1) % REG_HIST;
        a->n--;
    }
    int k = (a->head + a->n++) % REG_HIST;
    a->t[k] = t;
    memcpy(a->p[k], pos, sizeof a->p[k]);
    a->has_z = has_z;
    a->var = var;
    a->has_vel = vel != NULL;
    if (vel)
        memcpy(a->vel, vel, sizeof a->vel);
    uint64_t c = cell_of(r, pos[0], pos[1]);
    if (c != a->cell) {
        grid_unlink(r, i);
        grid_link(r, i, c);
    }
}

static void take_adsb(reg_reg *r, const sw_plot *p)
{
    if (!(p->flags & SW_HAS_ADDRESS) || p->address == 0)
        return;
    double pos[3] = {p->z[0], p->z[1], 0};
    int has_z = 1;
    if (p->kind == SW_MEAS_XYZ)
        pos[2] = p->z[2];
    else if (p->flags & SW_HAS_GEO_ALT) /* ENU up of that height: the earth falls away */
        pos[2] = r->set.has_origin ? geo_enu_up(&r->set.origin, pos[0], pos[1], p->alt_geo_m)
                                   : p->alt_geo_m; /* a flat world: up is the height */
    else
        has_z = 0;
    take_ref(r, p->address, p->t, pos, has_z, NULL, 0.5 * (p->R[0] + p->R[4]));
}

void reg_reference(reg_reg *r, const sw_track *t)
{
    /* a track from ADS-B only: a partner's radar-only track, however well filtered, would carry
     * that radar's bias (and one of a Mode S radar has an address too) */
    if (!(t->flags & SW_FROM_ADSB) || !(t->flags & SW_HAS_ADDRESS) || t->address == 0 ||
        t->dim != 3 || !isfinite(t->t))
        return;
    for (int k = 0; k < 6; k++)
        if (!(fabs(t->x[k]) < REG_MAX_POS_M))
            return;
    double var = fmax(fmax(t->P[0], t->P[7]), t->P[14]);
    if (!(var <= r->p.max_ref_sd_m * r->p.max_ref_sd_m))
        return; /* not ADS-B grade: a radar's track would carry its radar's bias */
    take_ref(r, t->address, t->t, t->x, 1, t->x + 3, var);
}

/* The newest report's slot. */
static int ref_newest(const ref *a)
{
    return (a->head + a->n - 1) % REG_HIST;
}

/* An aircraft's velocity: from its newest report and the latest one at least 3 s older (the
 * oldest held if none is), so that the reports' noise does not dominate it; 0 when there is one
 * report only. */
static int ref_velocity(const ref *a, double v[3])
{
    if (a->has_vel) {
        memcpy(v, a->vel, sizeof a->vel);
        return 1;
    }
    int k1 = ref_newest(a), k0 = a->head;
    for (int j = a->n - 2; j >= 0; j--) {
        int k = (a->head + j) % REG_HIST;
        if (a->t[k1] - a->t[k] >= REG_SPAN_S) {
            k0 = k;
            break;
        }
    }
    double span = a->t[k1] - a->t[k0];
    int ok = span > 0.1 && span < 30;
    for (int k = 0; k < 3; k++)
        v[k] = ok ? (a->p[k1][k] - a->p[k0][k]) / span : 0;
    return ok;
}

/* Aircraft i's position at t, its variance per axis and its velocity v; 0 when its report is
 * too old. */
static int ref_at(const reg_reg *r, int i, double t, double pos[3], double *var, double v[3])
{
    const ref *a = &r->refs[i];
    int k1 = ref_newest(a);
    double dt = t - a->t[k1];
    if (fabs(dt) > r->p.max_age_s)
        return 0;
    if (!ref_velocity(a, v) && fabs(dt) > 1) /* one report only: not moved on far */
        return 0;
    for (int k = 0; k < 3; k++)
        pos[k] = a->p[k1][k] + v[k] * dt;
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
        double pos[3], var, v[3], q[3];
        if (i < 0 || !ref_at(r, i, p->t, pos, &var, v))
            return -1;
        plot_position(s, p, z, q);
        return hypot(pos[0] - q[0], pos[1] - q[1]) <= r->p.clear_m ? i : -1;
    }
    double q[3];
    plot_position(s, p, z, q);
    if (!isfinite(q[0]) || !isfinite(q[1])) /* a geometry no radar sees (range below height) */
        return -1;
    uint64_t c = cell_of(r, q[0], q[1]);
    int64_t cx = (int32_t)(uint32_t)(c >> 32), cy = (int32_t)(uint32_t)c;
    double d1 = INFINITY, d2 = INFINITY;
    int best = -1;
    for (int64_t dx = -1; dx <= 1; dx++)
        for (int64_t dy = -1; dy <= 1; dy++) {
            uint64_t cc = ((uint64_t)(uint32_t)(cx + dx) << 32) | (uint32_t)(cy + dy);
            for (int i = r->bucket[bucket_of(r, cc)]; i >= 0; i = r->refs[i].next) {
                double pos[3], var, v[3];
                if (r->refs[i].cell != cc || !ref_at(r, i, p->t, pos, &var, v))
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
    double A[RN * RN], L[RN * RN];
    memcpy(A, s->A, sizeof A);
    for (int k = 0; k < RN; k++)
        A[k * RN + k] += 1 / (prior_sd[k] * prior_sd[k]);
    if (sw_chol(RN, A, L) != SW_OK) /* cannot happen with the prior; keep the last estimate */
        return;
    sw_chol_solve(RN, L, s->b, s->est);
    sw_chol_inv(RN, L, s->P); /* the covariance from the same factor */
    s->too_big = fabs(s->est[RX_RANGE]) > rp->max_range_m ||
                 fabs(s->est[RX_GAIN]) > rp->max_gain_m ||
                 fabs(s->est[RX_AZ]) > rp->max_az_deg * GEO_DEG ||
                 fabs(s->est[RX_EL]) > rp->max_el_deg * GEO_DEG;
    s->applied = s->n_eff + 0.5 >= rp->min_pairs && !s->too_big; /* pairs, rounded: they fade */
}

/* The correction of a measured range r: offset plus gain */
static double range_fix(const sens *s, double r)
{
    return s->est[RX_RANGE] + s->est[RX_GAIN] * r / REG_GAIN_UNIT;
}

/* Plot minus aircraft i in the radar's own coordinates (res), their variances (var; 0: the
 * component is not used) and the rows of the model res = H x (H, 3 x RN). */
static int residual(const reg_reg *r, const sens *s, const sw_plot *p, int i, double res[3],
                    double var[3], double H[3 * RN])
{
    double pos[3], vref, v[3];
    if (!ref_at(r, i, p->t, pos, &vref, v))
        return 0;
    const geo_radar *gr = s->has_site ? &s->radar : NULL;
    double pol[3], ahead[3], later[3];
    geo_sensor_polar(gr, s->site, pos, pol);
    for (int k = 0; k < 3; k++)
        ahead[k] = pos[k] + v[k]; /* one second on: the rates of range, azimuth, elevation */
    geo_sensor_polar(gr, s->site, ahead, later);
    double r2 = pol[0] * pol[0];
    memset(H, 0, sizeof(double) * 3 * RN);
    /* a 2-D radar's slant range needs the aircraft's height; without it only azimuth counts */
    int use_range = p->kind == SW_MEAS_RAE || r->refs[i].has_z;
    res[0] = p->z[0] - pol[0];
    var[0] = use_range ? p->R[0] + vref : 0;
    H[0 * RN + RX_RANGE] = 1;
    H[0 * RN + RX_GAIN] = pol[0] / REG_GAIN_UNIT;
    H[0 * RN + RX_TIME] = -(later[0] - pol[0]); /* stamped late: the aircraft is behind */
    res[1] = geo_wrap_pi(p->z[1] - pol[1]);
    var[1] = p->R[4] + vref / r2;
    H[1 * RN + RX_AZ] = 1;
    H[1 * RN + RX_TIME] = -geo_wrap_pi(later[1] - pol[1]);
    res[2] = p->kind == SW_MEAS_RAE ? p->z[2] - pol[2] : 0;
    var[2] = p->kind == SW_MEAS_RAE ? p->R[8] + vref / r2 : 0;
    H[2 * RN + RX_EL] = 1;
    H[2 * RN + RX_TIME] = -(later[2] - pol[2]);
    return 1;
}

static void learn(reg_reg *r, sens *s, const sw_plot *p, int i)
{
    double res[3], var[3], H[3 * RN];
    if (!residual(r, s, p, i, res, var, H))
        return;
    if (s->applied) /* far from a settled estimate: a wrong pairing (clutter beside the aircraft) */
        for (int k = 0; k < 3; k++) {
            if (!(var[k] > 0))
                continue;
            const double *h = &H[k * RN];
            double pred = 0, hph = 0;
            for (int a = 0; a < RN; a++) {
                pred += h[a] * s->est[a];
                for (int b = 0; b < RN; b++)
                    hph += h[a] * s->P[a * RN + b] * h[b];
            }
            if (fabs(res[k] - pred) > r->p.reject_sd * sqrt(var[k] + hph)) {
                s->dropped++;
                return;
            }
        }
    if (s->seen && p->t > s->t_last) {
        double f = exp(-(p->t - s->t_last) / r->p.forget_s);
        for (int k = 0; k < RN * RN; k++)
            s->A[k] *= f;
        for (int k = 0; k < RN; k++)
            s->b[k] *= f;
        s->n_eff *= f;
    }
    if (!s->seen || p->t > s->t_last)
        s->t_last = p->t;
    s->seen = 1;
    for (int k = 0; k < 3; k++) {
        if (!(var[k] > 0))
            continue;
        const double *h = &H[k * RN];
        for (int a = 0; a < RN; a++) {
            s->b[a] += h[a] * res[k] / var[k];
            for (int b = 0; b < RN; b++)
                s->A[a * RN + b] += h[a] * h[b] / var[k];
        }
    }
    s->n_eff += 1;
    s->taken++;
    /* a solve costs ~0.6 us, and a settled bias does not move in four pairs */
    if (!s->applied || (s->taken & 3) == 0)
        estimate(&r->p, s);
}

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
        z[0] -= range_fix(s, z[0]);
        z[1] = geo_wrap_pi(z[1] - s->est[RX_AZ]);
        z[2] -= s->est[RX_EL];
    }
    int i = r->n_refs ? pair_of(r, s, p, z) : -1;
    if (i >= 0)
        learn(r, s, p, i);
    if (!s->applied)
        return 0;
    p->z[0] -= range_fix(s, p->z[0]);
    double a = geo_wrap_pi(p->z[1] - s->est[RX_AZ]); /* kept in the convention it came in */
    p->z[1] = p->z[1] >= 0 && a < 0 ? a + 2 * M_PI : a;
    if (p->kind == SW_MEAS_RAE)
        p->z[2] -= s->est[RX_EL];
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
            double sd[RN];
            for (int k = 0; k < RN; k++)
                sd[k] = sqrt(s->P[k * RN + k]);
            b->range_m = s->est[RX_RANGE];
            b->range_sd_m = sd[RX_RANGE];
            b->gain_m = s->est[RX_GAIN];
            b->gain_sd_m = sd[RX_GAIN];
            b->az_rad = s->est[RX_AZ];
            b->az_sd_rad = sd[RX_AZ];
            int el = r->set.s[i].type == SW_SENSOR_3D; /* a 2-D radar measures none */
            b->el_rad = el ? s->est[RX_EL] : 0;
            b->el_sd_rad = el ? sd[RX_EL] : 0;
            b->time_s = s->est[RX_TIME];
            b->time_sd_s = sd[RX_TIME];
            b->applied = s->applied;
            b->too_big = s->too_big;
        }
        n++;
    }
    return n;
}
