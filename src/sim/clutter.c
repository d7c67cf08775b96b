/* sim/clutter.c - false plots of a radar: a Poisson number per scan, uniform over the coverage
 * or over the cells of a clutter map (range band x azimuth sector, each with its own mean count
 * per scan or density per km^2).  A false plot carries the time at which the beam passes its
 * azimuth, like a real one, and is flagged SW_IS_CLUTTER_TRUTH with truth_id 0.  A 3-D radar's
 * clutter lies in the lowest 2 degrees (ground, sea, anomalous propagation); its thermal-noise
 * false alarms (noise_per_scan) are spread evenly over its resolution cells: uniform in range,
 * azimuth and elevation up to elevation_max_deg, so some lie hundreds of km above the Earth.
 *
 *   clutter:
 *     per_scan: 10                      # uniform over range_min_m..range_max_m, all azimuths
 *     noise_per_scan: 2                 # 3-D radars: uniform over range, azimuth and elevation
 *     areas:                            # and/or a map
 *       - {range_m: [0, 30000], azimuth_deg: [300, 60], per_scan: 20}
 *       - {range_m: [50000, 120000], azimuth_deg: [90, 180], density_per_km2: 0.002} */
#include "sim/sim_internal.h"

#include <math.h>
#include <string.h>

sw_rc sim_clutter_parse(sim_sensor *s, const sw_cfg *node, sw_err *err)
{
    static const char *const keys[] = {"per_scan", "noise_per_scan", "areas", NULL};
    static const char *const akeys[] = {"range_m", "azimuth_deg", "per_scan", "density_per_km2",
                                        NULL};
    char where[300];
    sw_rc rc;
    if (sw_cfg_type(node) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: 'clutter' is a map", sw_cfg_where(node, where,
                                                                                    sizeof where));
    const sw_cfg *areas;
    if ((rc = sw_cfg_check_keys(node, keys, err)) ||
        (rc = sw_cfg_opt_num(node, "per_scan", 0, &s->clutter_per_scan, err)) ||
        (rc = sw_cfg_opt_num(node, "noise_per_scan", 0, &s->noise_per_scan, err)) ||
        (rc = sw_cfg_opt_seq(node, "areas", &areas, err)))
        return rc;
    if (s->clutter_per_scan < 0)
        return sw_err_set(err, SW_EFORMAT, "%s: 'per_scan' must be >= 0",
                          sw_cfg_where(node, where, sizeof where));
    if (s->clutter_per_scan > 0 && !(s->s.range_max_m > 0) && !s->box_set)
        return sw_err_set(err, SW_EFORMAT, "%s: uniform clutter needs the sensor's range_max_m",
                          sw_cfg_where(node, where, sizeof where));
    if (!(s->noise_per_scan >= 0))
        return sw_err_set(err, SW_EFORMAT, "%s: 'noise_per_scan' must be >= 0",
                          sw_cfg_where(node, where, sizeof where));
    if (s->noise_per_scan > 0 && (s->s.type != SW_SENSOR_3D || !(s->s.range_max_m > 0)))
        return sw_err_set(err, SW_EFORMAT, "%s: 'noise_per_scan' is for a 3-D radar with "
                          "range_max_m (elsewhere use per_scan)",
                          sw_cfg_where(node, where, sizeof where));
    int n = areas ? sw_cfg_len(areas) : 0;
    if (n > SIM_MAX_CLUTTER)
        return sw_err_set(err, SW_EFULL, "%s: at most %d clutter areas",
                          sw_cfg_where(areas, where, sizeof where), SIM_MAX_CLUTTER);
    for (int i = 0; i < n; i++) {
        const sw_cfg *a = sw_cfg_at(areas, i);
        sim_clutter_area *c = &s->clutter[i];
        double rr[2], az[2] = {0, 360}, dens = -1;
        if ((rc = sw_cfg_check_keys(a, akeys, err)) ||
            (rc = sw_cfg_get_vec(a, "range_m", 2, rr, err)) ||
            (sw_cfg_get(a, "azimuth_deg") && (rc = sw_cfg_get_vec(a, "azimuth_deg", 2, az, err))) ||
            (rc = sw_cfg_opt_num(a, "per_scan", -1, &c->per_scan, err)) ||
            (rc = sw_cfg_opt_num(a, "density_per_km2", -1, &dens, err)))
            return rc;
        if (!(rr[0] >= 0 && rr[1] > rr[0]) || (c->per_scan < 0) == (dens < 0))
            return sw_err_set(err, SW_EFORMAT, "%s: a clutter area needs range_m [min, max] with "
                              "max > min >= 0, and one of per_scan or density_per_km2",
                              sw_cfg_where(a, where, sizeof where));
        c->r0 = rr[0];
        c->r1 = rr[1];
        c->az0 = fmod(az[0], 360.0) * GEO_DEG;
        double span = fmod(az[1] - az[0] + 720.0, 360.0);
        if (span == 0)
            span = 360;
        c->az1 = c->az0 + span * GEO_DEG;
        if (dens >= 0)
            c->per_scan = dens * 0.5 * (c->az1 - c->az0) * (rr[1] * rr[1] - rr[0] * rr[0]) / 1e6;
    }
    s->n_clutter = n;
    return SW_OK;
}

/* One false plot at range r, azimuth az (rad) from the site, or at (x, y) for a Cartesian
 * sensor's box (xy != NULL); its time comes from the beam position.  A 3-D radar's plot is at
 * elevation el (rad), or in the lowest 2 degrees when el < 0 (clutter). */
static void emit_false(sim_engine *e, const sim_sensor *s, double t_frame, double r, double az,
                       double el, const double *xy, sw_rng *rng)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    sw_plot p;
    if (xy)
        az = atan2(xy[0] - s->s.site[0], xy[1] - s->s.site[1]);
    az = fmod(az, 2 * M_PI);
    if (az < 0)
        az += 2 * M_PI;
    double frac = fmod(az - s->az0 + 4 * M_PI, 2 * M_PI) / (2 * M_PI);
    sim_plot_init(&p, s, NULL, t_frame + (s->sweep ? frac * s->period : 0), 0);
    p.flags = SW_IS_CLUTTER_TRUTH;
    if (s->s.type == SW_SENSOR_CART) {
        p.kind = sc->w.dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
        p.z[0] = xy ? xy[0] : s->s.site[0] + r * sin(az);
        p.z[1] = xy ? xy[1] : s->s.site[1] + r * cos(az);
        p.z[2] = sc->w.dim == 3 ? sw_rng_uniform(rng) * s->clutter_h_max : 0;
        p.R[0] = p.R[4] = s->s.sd_xy_m * s->s.sd_xy_m;
        p.R[8] = sc->w.dim == 3 ? s->s.sd_z_m * s->s.sd_z_m : 0;
    } else {
        p.kind = s->s.type == SW_SENSOR_3D ? SW_MEAS_RAE : SW_MEAS_RA;
        p.z[0] = r;
        p.z[1] = az;
        p.R[0] = s->s.sd_range_m * s->s.sd_range_m;
        p.R[4] = s->s.sd_az_rad * s->s.sd_az_rad;
        if (p.kind == SW_MEAS_RAE) {
            p.z[2] = el >= 0 ? el : sw_rng_uniform(rng) * 2.0 * GEO_DEG;
            p.R[8] = s->s.sd_el_rad * s->s.sd_el_rad;
        }
    }
    if (p.t < sim_engine_duration(e))
        sim_emit_plot(e, &p);
}

void sim_clutter_frame(sim_engine *e, const sim_sensor *s, double t_frame, sw_rng *rng)
{
    if (s->clutter_per_scan > 0) {
        uint32_t n = sw_rng_poisson(rng, s->clutter_per_scan);
        double r0 = s->range_min, r1 = s->s.range_max_m;
        for (uint32_t k = 0; k < n; k++) {
            if (s->box_set && !(r1 > 0)) {
                double xy[2] = {s->box[0] + sw_rng_uniform(rng) * (s->box[1] - s->box[0]),
                                s->box[2] + sw_rng_uniform(rng) * (s->box[3] - s->box[2])};
                emit_false(e, s, t_frame, 0, 0, -1, xy, rng);
                continue;
            }
            double u = sw_rng_uniform(rng);
            double r = sqrt(r0 * r0 + u * (r1 * r1 - r0 * r0));
            emit_false(e, s, t_frame, r, sw_rng_uniform(rng) * 2 * M_PI, -1, NULL, rng);
        }
    }
    if (s->noise_per_scan > 0) {
        uint32_t n = sw_rng_poisson(rng, s->noise_per_scan);
        for (uint32_t k = 0; k < n; k++) {
            double r = s->range_min + sw_rng_uniform(rng) * (s->s.range_max_m - s->range_min);
            double az = sw_rng_uniform(rng) * 2 * M_PI;
            emit_false(e, s, t_frame, r, az, sw_rng_uniform(rng) * s->el_max, NULL, rng);
        }
    }
    for (int i = 0; i < s->n_clutter; i++) {
        const sim_clutter_area *c = &s->clutter[i];
        uint32_t n = sw_rng_poisson(rng, c->per_scan);
        for (uint32_t k = 0; k < n; k++) {
            double u = sw_rng_uniform(rng);
            double r = sqrt(c->r0 * c->r0 + u * (c->r1 * c->r1 - c->r0 * c->r0));
            emit_false(e, s, t_frame, r, c->az0 + sw_rng_uniform(rng) * (c->az1 - c->az0), -1,
                       NULL, rng);
        }
    }
}
