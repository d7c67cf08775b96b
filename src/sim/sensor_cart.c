/* sim/sensor_cart.c - a generic Cartesian source: it measures x, y (and z in 3-D) in the common
 * frame with its own sd_xy_m / sd_z_m, once per frame (scan_s), all at the frame time or, with
 * `sweep: true`, at the moment a beam turning about its site passes each target.  Coverage is a
 * circle of range_max_m about the site or a box (`coverage: [xmin, xmax, ymin, ymax]`); Pd is
 * fixed (`pd`, default 1) or from the radar equation; clutter is uniform over the coverage.
 * This is the textbook sensor of tracking benchmarks (Stone Soup's scenarios). */
#include "sim/sim_internal.h"

#include <math.h>
#include <string.h>

static sw_rc cart_parse(sim_sensor *s, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300];
    sw_rc rc = sim_sensor_parse_common(s, node, w, 0, 1.0, err);
    if (rc)
        return rc;
    if (s->clutter_per_scan > 0 && !s->box_set && !(s->s.range_max_m > 0))
        return sw_err_set(err, SW_EFORMAT, "%s: clutter needs 'coverage' or 'range_max_m'",
                          sw_cfg_where(node, where, sizeof where));
    return SW_OK;
}

static void cart_frame(sim_engine *e, const sim_sensor *s, int idx, long n, sw_rng *rng)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    double ts = s->phase + (double)n * s->period;
    int nc;
    double reach = s->s.range_max_m > 0 ? s->s.range_max_m : 1e12;
    const int *cand = sim_engine_candidates(e, idx, ts, reach, &nc);
    int dim = sc->w.dim;
    for (int c = 0; c < nc; c++) {
        const sim_target *tg = &sc->targets[cand[c]];
        double t = ts, x[6];
        if (s->sweep && !sim_beam_crossing(sc, s, tg, ts, &t, x))
            continue;
        if (t < tg->t0 || t > tg->t1 || t >= sim_engine_duration(e))
            continue;
        sim_target_eval(sc, tg, t, x);
        double dx = x[0] - s->s.site[0], dy = x[1] - s->s.site[1], dz = x[2] - s->s.site[2];
        double r = sqrt(dx * dx + dy * dy + (dim == 3 ? dz * dz : 0));
        if (s->s.range_max_m > 0 && r > s->s.range_max_m)
            continue;
        if (s->box_set &&
            (x[0] < s->box[0] || x[0] > s->box[1] || x[1] < s->box[2] || x[1] > s->box[3]))
            continue;
        if (!sim_radar_detect(s, tg->rcs_m2, tg->swerling, r, rng))
            continue;
        sw_plot p;
        sim_plot_init(&p, s, tg, t, dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY);
        p.z[0] = x[0] + s->s.sd_xy_m * sw_rng_normal(rng);
        p.z[1] = x[1] + s->s.sd_xy_m * sw_rng_normal(rng);
        p.R[0] = p.R[4] = s->s.sd_xy_m * s->s.sd_xy_m;
        if (dim == 3) {
            p.z[2] = x[2] + s->s.sd_z_m * sw_rng_normal(rng);
            p.R[8] = s->s.sd_z_m * s->s.sd_z_m;
        }
        sim_emit_plot(e, &p);
    }
    sim_clutter_frame(e, s, ts, rng);
}

const sim_sensor_ops sim_sensor_cart = {.type = "cart", .parse = cart_parse, .frame = cart_frame};
