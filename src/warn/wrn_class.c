/* warn/wrn_class.c - classification of a system track from its kinematics and identity.
 *
 * The discriminating physics, in order of strength:
 *   1. Where and how fast: air-breathing vehicles live below about 20 km (the highest operational
 *      aircraft cruise at 20-21 km) and below about 1000 m/s; a ballistic missile's apogee is
 *      74 km for 300 km range and 460 km for 2000 km (domain notes 5.2), at 1.7 to 4 km/s.
 *   2. What holds it up: an aircraft, cruise missile or drone is held up by lift, so the measured
 *      acceleration differs from free fall by about 1 g across the velocity; a ballistic object
 *      after burn-out is in free fall (plus drag along the velocity in the atmosphere).
 *   3. Who it says it is: an identity (Mode S address, callsign, Mode 3/A) means a cooperative
 *      aircraft, unless it flies as no aircraft can.
 *   4. The envelope of the air-breathing threats: a cruise missile flies low (tens to hundreds of
 *      metres) at high subsonic speed (150-340 m/s) without a transponder; a drone is slow
 *      (below 70 m/s, and below 85 m/s at 2 sigma) and low.
 * A ballistic object is also somewhere physics allows: above the ground, below 20 km (where
 * it is boosting or re-entering) on a steep path, more than 20 deg from the horizontal (boost
 * 70-90 deg, re-entry 30-55 deg), and, when climbing, slow enough for its airframe to bear the
 * dynamic pressure (geo_climb_q, GEO_CLIMB_Q_MAX_PA).  A false track that clutter or a wrong plot
 * drove to 1-3 km/s in the tracker's wide missile gate flies level near the ground, or
 * underground: the speed rules give it no ballistic evidence (the demo's spurious "ballistic" tracks near Cairo, 0-13 deg at
 * -22 to 9 km).  This costs a real missile nothing: it is a test of one update, not a delay.
 * The acceleration is the least-squares slope of the track's Earth-fixed velocity over the last
 * 12 s, compared with the free-fall acceleration (J2 gravity + rotating frame) along the same
 * samples; its uncertainty follows from the track's velocity covariance. */
#include "warn/wrn_class.h"

#include "warn/wrn_predict.h"

#include <math.h>
#include <string.h>

#define ACC_WINDOW_S 12.0
#define ACC_MIN_SPAN_S 3.0
#define SAMPLE_MIN_DT 0.9
#define BM_BOOST_VZ 250.0   /* m/s: a rocket under thrust climbs faster than any aircraft */
#define BM_CLIMB_VZ 400.0   /* m/s: no aircraft climbs so fast (zoom climbs stay under ~300) */
#define BM_LOW_M 20e3         /* below this a missile is boosting or re-entering ... */
#define BM_MIN_SLOPE 0.35     /* ... so |vz| / speed > sin(20.5 deg) */
#define DRONE_V_MAX 85.0      /* m/s: a drone's speed + 2 sigma stays under an airliner's */
/* Slow level flight beyond this (t_cruise): an aircraft's track, whose sudden "boost" is a wrong
 * plot; only the strong evidence (height and speed no aircraft reaches) makes it a missile. */
#define CRUISE_HISTORY_S 20.0

void wrn_class_cfg_default(wrn_class_cfg *c)
{
    c->tau_s = 8.0;
    c->beta_prior = 5000.0;
    c->sd_log_beta_prior = 0.7;
}

int wrn_class_is_threat(int cls)
{
    return cls == SW_CLS_BALLISTIC || cls == SW_CLS_CRUISE || cls == SW_CLS_DRONE;
}

void wrn_kin_from_track(const geo_frame *origin, const sw_system_track *st, wrn_kin *k)
{
    memset(k, 0, sizeof *k);
    k->t = st->t;
    geo_enu_to_ecef(origin, st->x, k->ecef);
    geo_vec_enu_to_ecef(origin, st->x + 3, k->ecef + 3);
    double lat, lon, h;
    geo_ecef_to_lla(k->ecef, &lat, &lon, &h);
    k->lat_deg = lat / GEO_DEG;
    k->lon_deg = lon / GEO_DEG;
    k->has_height = st->P[14] > 0 || st->x[2] != 0;
    const double *v = k->ecef + 3;
    double up[3] = {cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat)};
    k->speed = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    k->has_modec = (st->flags & SW_HAS_MODEC) && isfinite(st->alt_baro_m);
    k->h_baro = k->has_modec ? st->alt_baro_m : NAN;
    k->sd_h = sqrt(fmax(0.0, st->P[14]));
    k->h_geo = k->has_height ? h : NAN;
    if (k->has_height) {
        k->h = h;
        k->vz = v[0] * up[0] + v[1] * up[1] + v[2] * up[2];
    } else {
        /* a 2-D track: its speed is horizontal; the height, if any, is the Mode C altitude */
        k->h = k->h_baro;
        k->vz = 0;
    }
    /* The height for the envelope tests (low altitude): the Mode C altitude when the track has
     * one, whatever the geometric height says.  A transponder's pressure altitude is good to
     * ~100 m; a geometric height from a 2-D radar's assumed altitude, or from a distant 3-D
     * radar's elevation, can be wrong by kilometres. */
    k->h_env = k->has_modec ? k->h_baro : k->h;
    k->ground = sqrt(fmax(0.0, k->speed * k->speed - k->vz * k->vz));
    double pv = st->P[21] + st->P[28] + st->P[35];
    k->sd_v = sqrt(fmax(0.0, pv / (k->has_height ? 3.0 : 2.0)));
    k->sd_vh = sqrt(fmax(0.0, (st->P[21] + st->P[28]) / 2.0));
    /* a transponder reply of any kind - identity or Mode C altitude - means a cooperative
     * aircraft: a cruise missile carries no transponder */
    k->coop = (st->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN)) != 0 ||
              (k->has_modec && k->h_baro > WRN_MODEC_MIN_M && k->h_baro < WRN_MODEC_MAX_M);
}

void wrn_class_init(wrn_hist *h, uint32_t stn, const wrn_class_cfg *c)
{
    memset(h, 0, sizeof *h);
    h->stn = stn;
    h->cls = SW_CLS_UNKNOWN;
    h->log_beta = log(c->beta_prior);
    h->sd_log_beta = c->sd_log_beta_prior;
    h->t_first = NAN;
    h->t_last = NAN;
}

/* Least-squares acceleration over the ring's recent samples. */
static void estimate_acc(wrn_hist *h, double t_now)
{
    h->acc_ok = 0;
    double tm = 0, n = 0, t0 = INFINITY, t1 = -INFINITY, sdv = 0, aff[3] = {0};
    for (int i = 0; i < h->n_samples; i++) {
        if (h->ts[i] < t_now - ACC_WINDOW_S)
            continue;
        tm += h->ts[i];
        n++;
        t0 = fmin(t0, h->ts[i]);
        t1 = fmax(t1, h->ts[i]);
        sdv += h->sdv[i] * h->sdv[i];
        for (int a = 0; a < 3; a++)
            aff[a] += h->aff[i][a];
    }
    if (n < 3 || t1 - t0 < ACC_MIN_SPAN_S)
        return;
    tm /= n;
    sdv = sqrt(sdv / n);
    double stt = 0, stv[3] = {0};
    for (int i = 0; i < h->n_samples; i++) {
        if (h->ts[i] < t_now - ACC_WINDOW_S)
            continue;
        double d = h->ts[i] - tm;
        stt += d * d;
        for (int a = 0; a < 3; a++)
            stv[a] += d * h->vs[i][a];
    }
    double ex[3], vhat[3], vn = 0;
    int last = (h->head + WRN_HIST_N - 1) % WRN_HIST_N;
    for (int a = 0; a < 3; a++) {
        h->acc[a] = stv[a] / stt;
        ex[a] = h->acc[a] - aff[a] / n;
        vn += h->vs[last][a] * h->vs[last][a];
    }
    vn = sqrt(vn);
    if (vn < 1.0)
        return;
    double along = 0;
    for (int a = 0; a < 3; a++) {
        vhat[a] = h->vs[last][a] / vn;
        along += ex[a] * vhat[a];
    }
    double perp = 0;
    for (int a = 0; a < 3; a++) {
        double q = ex[a] - along * vhat[a];
        perp += q * q;
    }
    /* a tracker's successive velocity errors are correlated: 1.5 x the white-noise figure */
    h->sd_acc = 1.5 * sdv / sqrt(stt);
    h->ex_along = along;
    h->ex_perp = sqrt(perp);
    h->acc_ok = 1;
}

static void add_sample(wrn_hist *h, const wrn_kin *k)
{
    int last = (h->head + WRN_HIST_N - 1) % WRN_HIST_N;
    if (h->n_samples && k->t - h->ts[last] < SAMPLE_MIN_DT)
        return;
    int i = h->head;
    h->ts[i] = k->t;
    geo_accel_ecef(k->ecef, k->ecef + 3, h->aff[i]);
    for (int a = 0; a < 3; a++)
        h->vs[i][a] = k->ecef[3 + a];
    h->sdv[i] = k->sd_v;
    h->head = (uint8_t)((h->head + 1) % WRN_HIST_N);
    if (h->n_samples < WRN_HIST_N)
        h->n_samples++;
}

/* Drag measured in the atmosphere -> ballistic coefficient, fused in log space. */
static void update_beta(wrn_hist *h, const wrn_kin *k)
{
    if (!h->acc_ok || h->boosting || !(k->h < 80e3) || k->speed < 300)
        return;
    double drag = -h->ex_along;
    if (drag < 0.5 || drag < 3 * h->sd_acc)
        return;
    double beta = geo_air_density(k->h) * k->speed * k->speed / (2.0 * drag);
    /* relative error of the drag, doubled for the overlap of successive windows, plus 20 % for
     * the difference between the real atmosphere and the model one */
    double sd = sqrt(pow(2.0 * h->sd_acc / drag, 2) + 0.04);
    double w0 = 1.0 / (h->sd_log_beta * h->sd_log_beta), w1 = 1.0 / (sd * sd);
    h->log_beta = (w0 * h->log_beta + w1 * log(beta)) / (w0 + w1);
    h->sd_log_beta = fmax(0.1, sqrt(1.0 / (w0 + w1)));
}

/* The least dynamic pressure the track's climb puts on it (geo_climb_q). */
static double climb_q(const wrn_kin *k)
{
    return geo_climb_q(k->h_geo, k->sd_h, k->speed, k->sd_v);
}

static void evidence(const wrn_hist *h, const wrn_kin *k0, double e[SW_CLS_COUNT])
{
    wrn_kin kk = *k0;
    const wrn_kin *k = &kk;
    kk.coop = k0->coop || h->coop_count >= 2;
    double hh = isfinite(k->h_env) ? k->h_env : NAN;
    double v = k->speed;
    int hk = isfinite(hh);
    int free_fall = h->acc_ok && h->ex_perp < fmax(2.5, 3 * h->sd_acc);
    int lift = h->acc_ok && h->ex_perp > 5.0 && h->ex_perp > 3 * h->sd_acc;
    int impossible = h->fast_count >= 3; /* faster than any aircraft, repeatedly */
    memset(e, 0, sizeof(double) * SW_CLS_COUNT);
    e[SW_CLS_UNKNOWN] = 0.25;

    /* where a missile can be: not underground, not level near the ground (header) */
    int flyable = 1;
    if (k->has_height && isfinite(k->h_geo) && isfinite(k->sd_h)) {
        if (k->h_geo < -(3 * k->sd_h + 1000))
            flyable = 0;
        else if (k->h_geo < BM_LOW_M && fabs(k->vz) < BM_MIN_SLOPE * v)
            flyable = 0;
        else if (k->vz > 0 && climb_q(k) > GEO_CLIMB_Q_MAX_PA)
            flyable = 0;
    }
    if (h->h_max > 30e3 && h->v_max > 800)
        e[SW_CLS_BALLISTIC] = 1.0;
    else if (flyable && v > 1000 && (!k->coop || impossible))
        e[SW_CLS_BALLISTIC] = 0.9;
    else if (h->t_cruise > CRUISE_HISTORY_S)
        ; /* flew like an aircraft: a "boost" now is a wrong plot, until the strong rules hold */
    else if (flyable && !k->coop && h->boosting && k->vz > BM_BOOST_VZ && v > 300)
        e[SW_CLS_BALLISTIC] = 0.9; /* climbing faster than any aircraft, and still accelerating */
    else if (flyable && !k->coop && v > 600 && (free_fall || h->boosting) && fabs(k->vz) > 150)
        e[SW_CLS_BALLISTIC] = 0.7;

    if (!impossible && v < 1000) {
        if (k->coop)
            e[SW_CLS_AIRCRAFT] = 0.95;
        else if (hk && hh > 2000 && v > 60 && v < 350)
            e[SW_CLS_AIRCRAFT] = lift ? 0.65 : 0.5;
        else if (hk && hh > 1500 && v <= 60)
            e[SW_CLS_AIRCRAFT] = 0.3;
        else
            e[SW_CLS_AIRCRAFT] = 0.1;
    }
    if (!k->coop && hk && !impossible) {
        /* high subsonic beyond the velocity's 2 sigma: a slow primary-only track that one wild
         * plot sped up for a scan (97 -> 147 m/s, sigma 40 m/s) is not a cruise missile */
        if (hh < 1500 && v - 2 * k->sd_v >= 140 && v <= 340 && fabs(k->vz) < 50)
            e[SW_CLS_CRUISE] = 0.75;
        /* slow beyond doubt: an airliner near its runway flies at 70-90 m/s, and a young or
         * coasting primary-only track of one can say 50 (sigma 20-100 m/s); horizontally, since
         * a distant 3-D radar's elevation error makes a drone's vertical velocity sigma 20-60 */
        if (hh < 3000 && v < 70 && k->ground + 2 * k->sd_vh < DRONE_V_MAX)
            e[SW_CLS_DRONE] = (v < 45 && hh < 1200) ? 0.75 : 0.6;
    }
}

void wrn_class_update(wrn_hist *h, const wrn_kin *k, const wrn_class_cfg *c)
{
    if (isfinite(h->t_last) && !(k->t > h->t_last))
        return;
    double dt = isfinite(h->t_last) ? k->t - h->t_last : 0;
    if (!isfinite(h->t_first)) {
        h->t_first = k->t;
        h->h_first = k->h_geo;
    }
    h->t_last = k->t;
    h->n_updates++;
    add_sample(h, k);
    estimate_acc(h, k->t);
    h->boosting = h->acc_ok && k->speed > 300 && h->ex_along > fmax(6.0, 3 * h->sd_acc);
    if (k->speed < 400 && fabs(k->vz) < 0.35 * k->speed)
        h->t_cruise += dt;
    update_beta(h, k);
    if (k->coop && h->coop_count < 255)
        h->coop_count++;
    h->fast_count = k->speed > 1000 ? (uint8_t)(h->fast_count < 255 ? h->fast_count + 1 : 255) : 0;
    /* a vertical speed no aircraft reaches, measured (3 sigma), twice running: a rocket */
    h->climb_count = k->vz > BM_CLIMB_VZ && k->vz > 3 * k->sd_v && !k->coop
                         ? (uint8_t)(h->climb_count < 255 ? h->climb_count + 1 : 255) : 0;

    /* smoothed height and speed: a single wild update does not make a missile */
    double alpha = h->n_updates == 1 ? 1.0 : 1.0 - exp(-dt / c->tau_s);
    double hh = isfinite(k->h) ? k->h : 0;
    double a2 = h->n_updates == 1 ? 1.0 : fmax(alpha, 0.5);
    h->h_s += a2 * (hh - h->h_s);
    h->v_s += a2 * (k->speed - h->v_s);
    if (h->n_updates >= 2 || k->speed < 800) {
        h->h_max = fmax(h->h_max, h->h_s);
        h->v_max = fmax(h->v_max, h->v_s);
    }

    double e[SW_CLS_COUNT];
    evidence(h, k, e);
    double sum = 0;
    for (int i = 0; i < SW_CLS_COUNT; i++) {
        h->score[i] += alpha * (e[i] - h->score[i]);
        sum += h->score[i];
    }
    int best = h->cls;
    for (int i = 0; i < SW_CLS_COUNT; i++)
        if (h->score[i] > h->score[best] + (best == h->cls ? 0.05 : 0.0))
            best = i;
    /* the physical overrides */
    /* ... and its height really grew at rocket rate since the track began (a young track's
     * velocity can be wild for a few updates: a primary-only airliner started with 380 m/s up) */
    double age = k->t - h->t_first;
    int rocket = h->climb_count >= 2 && age >= 1.5 && isfinite(h->h_first) && isfinite(k->h_geo) &&
                 k->h_geo - h->h_first > 0.75 * BM_CLIMB_VZ * age &&
                 climb_q(k) <= GEO_CLIMB_Q_MAX_PA;
    if ((h->h_max > 30e3 && h->v_max > 800) || rocket)
        best = SW_CLS_BALLISTIC;
    else if ((k->coop || h->coop_count >= 2) && h->fast_count < 3)
        best = SW_CLS_AIRCRAFT;
    if (wrn_class_is_threat(best) != wrn_class_is_threat(h->cls) || h->n_updates == 1)
        h->t_cls = k->t;
    h->cls = (uint8_t)best;
    double conf = sum > 0 ? h->score[best] / sum : 0;
    if (best == SW_CLS_BALLISTIC && h->h_max > 30e3 && h->v_max > 800)
        conf = fmax(conf, 0.95);
    else if (best == SW_CLS_BALLISTIC && rocket)
        conf = fmax(conf, 0.8);
    h->conf = (float)conf;
}
