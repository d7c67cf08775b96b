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
 * elevation_max_deg.  Biases (range, azimuth, time) are added to every plot. */
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
    return sim_sensor_parse_common(s, node, w, 0, s->s.type == SW_SENSOR_SSR ? 0.98 : -1, err);
}

/* Fraction of the scan at which the beam points at azimuth az. */
static double beam_frac(const sim_sensor *s, double az)
{
    double f = (az - s->az0) / (2 * M_PI);
    return f - floor(f);
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
    double reach = s->s.range_max_m > 0 ? s->s.range_max_m : 1e12;
    const int *cand = sim_engine_candidates(e, idx, ts, reach, &nc);
    int ssr = s->s.type == SW_SENSOR_SSR;
    for (int c = 0; c < nc; c++) {
        const sim_target *tg = &sc->targets[cand[c]];
        if (ssr && !(tg->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS)))
            continue;
        double t, x[6], r, az, el, h;
        if (!sim_beam_crossing(sc, s, tg, ts, &t, x) || t >= sim_engine_duration(e) ||
            !sim_sensor_sees(s, x, &r, &az, &el, &h) ||
            !sim_radar_detect(s, tg->rcs_m2, tg->swerling, r, rng))
            continue;
        sw_plot p;
        sim_plot_init(&p, s, tg, t, s->s.type == SW_SENSOR_3D ? SW_MEAS_RAE : SW_MEAS_RA);
        p.z[0] = r + s->bias_range + s->s.sd_range_m * sw_rng_normal(rng);
        double a = az + s->bias_az + s->s.sd_az_rad * sw_rng_normal(rng);
        a = fmod(a, 2 * M_PI);
        p.z[1] = a < 0 ? a + 2 * M_PI : a;
        p.R[0] = s->s.sd_range_m * s->s.sd_range_m;
        p.R[4] = s->s.sd_az_rad * s->s.sd_az_rad;
        if (p.kind == SW_MEAS_RAE) {
            p.z[2] = el + s->s.sd_el_rad * sw_rng_normal(rng);
            p.R[8] = s->s.sd_el_rad * s->s.sd_el_rad;
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
    if (!ssr)
        sim_clutter_frame(e, s, ts, rng);
}

const sim_sensor_ops sim_sensor_radar_psr = {.type = "psr", .parse = radar_parse,
                                             .frame = radar_frame};
const sim_sensor_ops sim_sensor_radar_ssr = {.type = "ssr", .parse = radar_parse,
                                             .frame = radar_frame};
const sim_sensor_ops sim_sensor_radar_3d = {.type = "3d", .parse = radar_parse,
                                            .frame = radar_frame};
