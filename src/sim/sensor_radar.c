/* sim/sensor_radar.c - rotating radars: primary (psr, 2-D), secondary / Mode S (ssr) and 3-D
 * (range, azimuth, elevation).
 *
 * The antenna turns clockwise at a constant rate; scan n starts at stagger_s + n * scan_s with the
 * beam at start_azimuth_deg.  A target's plot carries the moment the beam crosses it
 * (sim_beam_crossing: fixed-point iteration on the target's azimuth, which converges fast because
 * a target's azimuth rate is tiny next to the antenna's).  A primary radar detects by the
 * radar equation with Swerling fluctuation (detect.c) and adds clutter (clutter.c); a secondary
 * radar answers only transponders, with its own probability and accuracy, and reports Mode 3/A,
 * Mode C (25 ft steps) and, for Mode S, the address and callsign.  Both see nothing below the
 * 4/3-earth radar horizon, nearer than range_min_m, beyond range_max_m or above
 * elevation_max_deg.  Biases (range, azimuth, time) are added to every plot.
 *
 * Dwells (3-D, `dwell:`): a phased array's search-and-track, as a missile-defence radar does.  A
 * search plot higher than alert_above_m (by the radar's own measured height) is an alert; the
 * radar looks again confirm_s later, and if it detects the target then, holds it with a track
 * dwell every period_s until drop_misses dwells in a row miss.  A held target's plots come from
 * its dwells (the search return is the same target: not reported twice).  A dwell detects by the
 * search's radar equation with gain_db more signal (3 dB: the beam centred on the target regains
 * the search's beam-shape loss in azimuth and elevation, about 1.6 dB each).  A false alarm's
 * confirmation finds noise with probability pfa (1e-6 and less): not drawn. */
#include "sim/sim_internal.h"

#include <math.h>
#include <string.h>

#define FT 0.3048

static sw_rc radar_parse(sim_sensor *s, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    if (w->dim == 2 && s->s.type == SW_SENSOR_3D)
        return sw_err_set(err, SW_EFORMAT, "%s: a 2-D (flat) scenario has no 3-D radars",
                          sw_cfg_where(node, where, sizeof where));
    sw_rc rc = sim_sensor_parse_common(s, node, w, 0, s->s.type == SW_SENSOR_SSR ? 0.98 : -1,
                                       err);
    const sw_cfg *dw = sw_cfg_get(node, "dwell");
    if (rc || !dw)
        return rc;
    static const char *const keys[] = {"alert_above_m", "confirm_s", "period_s", "drop_misses",
                                       "gain_db", NULL};
    long drop;
    double gain_db;
    if (s->s.type != SW_SENSOR_3D)
        return sw_err_set(err, SW_EFORMAT, "%s: 'dwell' is for a 3-D radar (a phased array)",
                          sw_cfg_where(dw, where, sizeof where));
    if (sw_cfg_type(dw) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: 'dwell' is a map", sw_cfg_where(dw, where,
                                                                                  sizeof where));
    if ((rc = sw_cfg_check_keys(dw, keys, err)) ||
        (rc = sw_cfg_opt_num(dw, "alert_above_m", 25000, &s->dwell_above, err)) ||
        (rc = sw_cfg_opt_num(dw, "confirm_s", 1.0, &s->dwell_confirm, err)) ||
        (rc = sw_cfg_opt_num(dw, "period_s", 1.0, &s->dwell_period, err)) ||
        (rc = sw_cfg_opt_int(dw, "drop_misses", 5, &drop, err)) ||
        (rc = sw_cfg_opt_num(dw, "gain_db", 3.0, &gain_db, err)))
        return rc;
    if (!(s->dwell_confirm >= 0.3 && s->dwell_confirm <= s->period) ||
        !(s->dwell_period >= 0.3 && s->dwell_period <= s->period) || drop < 1 || drop > 100 ||
        !(s->dwell_above >= 0) || !(gain_db >= 0 && gain_db <= 20))
        return sw_err_set(err, SW_EFORMAT, "%s: need 0.3 <= confirm_s, period_s <= the scan "
                          "(%g s; at least 0.3 s, so the tracker takes the dwells one by one), "
                          "drop_misses 1..100, alert_above_m >= 0, gain_db 0..20",
                          sw_cfg_where(dw, where, sizeof where), s->period);
    s->dwell_drop = (int)drop;
    s->dwell_gain = pow(10.0, gain_db / 10.0);
    return SW_OK;
}

/* Fraction of the scan at which the beam points at azimuth az. */
static double beam_frac(const sim_sensor *s, double az)
{
    double f = (az - s->az0) / (2 * M_PI);
    return f - floor(f);
}

/* The plot of target tg at true time t (state x, seen at r, az, el, height h); the measured
 * height (the radar's own, for an alert) goes to *h_meas. */
static void radar_plot(sim_engine *e, const sim_sensor *s, const sim_target *tg, double t,
                       double r, double az, double el, double h, double *h_meas, sw_rng *rng)
{
    int ssr = s->s.type == SW_SENSOR_SSR;
    sw_plot p;
    sim_plot_init(&p, s, tg, t, s->s.type == SW_SENSOR_3D ? SW_MEAS_RAE : SW_MEAS_RA);
    p.z[0] = r + s->bias_range + s->s.sd_range_m * sw_rng_normal(rng);
    double a = az + s->bias_az + s->s.sd_az_rad * sw_rng_normal(rng);
    a = fmod(a, 2 * M_PI);
    p.z[1] = a < 0 ? a + 2 * M_PI : a;
    p.R[0] = s->s.sd_range_m * s->s.sd_range_m;
    p.R[4] = s->s.sd_az_rad * s->s.sd_az_rad;
    *h_meas = h;
    if (p.kind == SW_MEAS_RAE) {
        p.z[2] = el + s->s.sd_el_rad * sw_rng_normal(rng);
        p.R[8] = s->s.sd_el_rad * s->s.sd_el_rad;
        *h_meas = h + r * (p.z[2] - el);
    }
    if (ssr) {
        p.flags |= tg->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS);
        p.mode3a = tg->mode3a;
        p.address = tg->address;
        if ((tg->flags & SW_HAS_ADDRESS) && (tg->flags & SW_HAS_CALLSIGN)) {
            p.flags |= SW_HAS_CALLSIGN;
            memcpy(p.callsign, tg->callsign, sizeof p.callsign);
        }
        /* Mode C: pressure altitude in 25 ft steps (standard atmosphere = geometric here) */
        p.flags |= SW_HAS_MODEC;
        p.alt_baro_m = (float)(floor(h / (25 * FT) + 0.5) * 25 * FT);
    }
    if (p.z[0] > 0)
        sim_emit_plot(e, &p);
}

/* One dwell on target tg at t: 1 and a plot when it is seen and detected. */
static int dwell_look(sim_engine *e, const sim_sensor *s, const sim_target *tg, double t,
                      sw_rng *rng)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    double x[6], r, az, el, h, hm;
    if (t < tg->t0 || t > tg->t1 || t >= sim_engine_duration(e))
        return 0;
    sim_target_eval(sc, tg, t, x);
    /* the beam on the target: the search's beam-shape loss regained (dwell_gain) */
    if (!sim_sensor_sees(s, x, &r, &az, &el, &h) ||
        !sim_radar_detect(s, tg->rcs_m2 * s->dwell_gain, tg->swerling, r, rng))
        return 0;
    radar_plot(e, s, tg, t, r, az, el, h, &hm, rng);
    return 1;
}

/* A held target's track dwells up to the frame's end t_end; dropped after dwell_drop misses in a
 * row (or when out of sight for as long). */
static void dwell_track(sim_engine *e, const sim_sensor *s, const sim_target *tg, sim_dwell *d,
                        double t_end, sw_rng *rng)
{
    while (d->next > 0 && d->next < t_end) {
        if (dwell_look(e, s, tg, d->next, rng))
            d->misses = 0;
        else if (++d->misses >= s->dwell_drop) {
            d->next = d->misses = 0;
            return;
        }
        d->next += s->dwell_period;
    }
}

static void radar_frame(sim_engine *e, const sim_sensor *s, int idx, long n, sw_rng *rng)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    double ts = s->phase + (double)n * s->period;
    /* CAT034: north marker and sector crossings */
    for (int k = 0; k < s->sectors; k++) {
        sim_event ev = {0};
        ev.azimuth = 2 * M_PI * k / s->sectors;
        ev.t = ts + beam_frac(s, ev.azimuth) * s->period + s->bias_time;
        ev.kind = k == 0 ? SIM_EV_NORTH : SIM_EV_SECTOR;
        ev.sensor = idx;
        ev.sector = k;
        if (ev.t >= 0 && ev.t < sim_engine_duration(e))
            sim_emit_event(e, &ev);
    }
    int nc;
    double reach = s->s.range_max_m > 0 ? s->s.range_max_m : 1e12, t_end = ts + s->period;
    const int *cand = sim_engine_candidates(e, idx, ts, reach, &nc);
    sim_dwell *dw = sim_engine_dwells(e, idx);
    int ssr = s->s.type == SW_SENSOR_SSR;
    for (int c = 0; c < nc; c++) {
        const sim_target *tg = &sc->targets[cand[c]];
        if (ssr && !(tg->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS)))
            continue;
        sim_dwell *d = dw ? &dw[cand[c]] : NULL;
        if (d && d->next > 0 && d->next < ts) /* left the candidates meanwhile: lost */
            d->next = d->misses = 0;
        if (d && d->next > 0) { /* held: its plots come from the track dwells, not the search */
            dwell_track(e, s, tg, d, t_end, rng);
            continue;
        }
        double t, x[6], r, az, el, h, hm;
        if (!sim_beam_crossing(sc, s, tg, ts, &t, x) || t >= sim_engine_duration(e) ||
            !sim_sensor_sees(s, x, &r, &az, &el, &h) ||
            !sim_radar_detect(s, tg->rcs_m2, tg->swerling, r, rng))
            continue;
        radar_plot(e, s, tg, t, r, az, el, h, &hm, rng);
        /* an alert: confirm it, then hold the target with track dwells */
        if (d && hm > s->dwell_above && dwell_look(e, s, tg, t + s->dwell_confirm, rng)) {
            d->next = t + s->dwell_confirm + s->dwell_period;
            d->misses = 0;
            dwell_track(e, s, tg, d, t_end, rng);
        }
    }
    if (!ssr)
        sim_clutter_frame(e, s, ts, rng);
}

const sim_sensor_ops sim_sensor_radar_psr = {.type = "psr", .parse = radar_parse,
                                             .frame = radar_frame};
const sim_sensor_ops sim_sensor_radar_ssr = {.type = "ssr", .parse = radar_parse,
                                             .frame = radar_frame};
const sim_sensor_ops sim_sensor_radar_3d = {.type = "3d", .parse = radar_parse,
                                            .frame = radar_frame};
