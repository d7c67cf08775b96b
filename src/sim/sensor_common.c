/* sim/sensor_common.c - the scenario keys every simulated sensor shares beyond the sensors-file
 * keys of geo/sensors.h: timing (stagger), coverage, detection, biases and clutter. */
#include "sim/sim_internal.h"

#include <math.h>
#include <string.h>

const char *const sim_sensor_extra_keys[] = {
    "stagger_s", "start_azimuth_deg", "range_min_m", "pd", "pd_ref", "range_ref_m", "rcs_ref_m2",
    "pfa", "elevation_max_deg", "antenna_height_m", "bias_range_m", "bias_azimuth_deg",
    "bias_time_s", "clutter", "sectors", "sweep", "coverage", "bad_data_prob", "bad_data_m",
    "clutter_height_m", "dwell", NULL};

sw_rc sim_sensor_parse_common(sim_sensor *s, const sw_cfg *node, const sim_world *w,
                              double def_period, double def_pd, sw_err *err)
{
    char where[300];
    sw_rc rc;
    double az0, bias_az, el_max, ant_h, pd_ref;
    long sectors;
    bool sweep;
    int polar = s->s.type == SW_SENSOR_PSR || s->s.type == SW_SENSOR_SSR ||
                s->s.type == SW_SENSOR_3D;
    if ((rc = sw_cfg_opt_num(node, "stagger_s", 0, &s->phase, err)) ||
        (rc = sw_cfg_opt_num(node, "start_azimuth_deg", 0, &az0, err)) ||
        (rc = sw_cfg_opt_num(node, "range_min_m", 0, &s->range_min, err)) ||
        (rc = sw_cfg_opt_num(node, "pd", def_pd, &s->pd, err)) ||
        (rc = sw_cfg_opt_num(node, "pd_ref", 0.9, &pd_ref, err)) ||
        (rc = sw_cfg_opt_num(node, "range_ref_m",
                             s->s.range_max_m > 0 ? 0.8 * s->s.range_max_m : 100e3,
                             &s->range_ref, err)) ||
        (rc = sw_cfg_opt_num(node, "rcs_ref_m2", 1.0, &s->rcs_ref, err)) ||
        (rc = sw_cfg_opt_num(node, "pfa", 1e-6, &s->pfa, err)) ||
        (rc = sw_cfg_opt_num(node, "elevation_max_deg", 90, &el_max, err)) ||
        (rc = sw_cfg_opt_num(node, "antenna_height_m", 0, &ant_h, err)) ||
        (rc = sw_cfg_opt_num(node, "bias_range_m", 0, &s->bias_range, err)) ||
        (rc = sw_cfg_opt_num(node, "bias_azimuth_deg", 0, &bias_az, err)) ||
        (rc = sw_cfg_opt_num(node, "bias_time_s", 0, &s->bias_time, err)) ||
        (rc = sw_cfg_opt_int(node, "sectors", 16, &sectors, err)) ||
        (rc = sw_cfg_opt_bool(node, "sweep", polar, &sweep, err)) ||
        (rc = sw_cfg_opt_num(node, "bad_data_prob", 0, &s->bad_prob, err)) ||
        (rc = sw_cfg_opt_num(node, "bad_data_m", 5000, &s->bad_offset_m, err)) ||
        (rc = sw_cfg_opt_num(node, "clutter_height_m", 10000, &s->clutter_h_max, err)))
        return rc;
    /* the period: a radar's scan, a source's update interval */
    s->period = s->s.scan_s > 0 ? s->s.scan_s : def_period;
    if (!(s->period > 0))
        return sw_err_set(err, SW_EFORMAT, "%s: a %s sensor needs scan_s > 0",
                          sw_cfg_where(node, where, sizeof where),
                          s->s.type == SW_SENSOR_ADSB ? "adsb" : "rotating");
    if (s->s.scan_s == 0)
        s->s.scan_s = s->period;
    if (s->pd > 1 || !(s->pfa > 0 && s->pfa < 0.1) || !(pd_ref > s->pfa && pd_ref < 1) ||
        !(s->range_ref > 0) || !(s->rcs_ref > 0) || sectors < 1 || sectors > 128 ||
        s->range_min < 0 || s->bad_prob < 0 || s->bad_prob > 1 || ant_h < 0)
        return sw_err_set(err, SW_EFORMAT,
                          "%s: need pd <= 1, 0 < pfa < 0.1, pfa < pd_ref < 1, range_ref_m > 0, "
                          "rcs_ref_m2 > 0, sectors 1..128, range_min_m >= 0, bad_data_prob 0..1",
                          sw_cfg_where(node, where, sizeof where));
    s->az0 = fmod(az0, 360.0) * GEO_DEG;
    if (s->az0 < 0)
        s->az0 += 2 * M_PI;
    s->bias_az = bias_az * GEO_DEG;
    s->el_max = el_max * GEO_DEG;
    s->sectors = (int)sectors;
    s->sweep = sweep;
    s->thresh = -log(s->pfa);
    /* radar equation reference: Swerling I inversion of Pd = Pfa^(1/(1+snr)) */
    s->snr_ref = log(s->pfa) / log(pd_ref) - 1.0;
    if (ant_h > 0 && s->has_site) {
        s->s.alt_m += ant_h;
        geo_radar_init(&s->radar, &w->origin, s->s.lat_deg, s->s.lon_deg, s->s.alt_m);
        memcpy(s->s.site, s->radar.site_c, sizeof s->s.site);
    } else if (ant_h > 0) {
        s->s.site[2] += ant_h;
    }
    const sw_cfg *cov = sw_cfg_get(node, "coverage");
    if (cov) {
        if ((rc = sw_cfg_get_vec(node, "coverage", 4, s->box, err)))
            return rc;
        if (!(s->box[1] > s->box[0] && s->box[3] > s->box[2]))
            return sw_err_set(err, SW_EFORMAT, "%s: 'coverage': [xmin, xmax, ymin, ymax] metres",
                              sw_cfg_where(cov, where, sizeof where));
        s->box_set = 1;
    }
    const sw_cfg *cl = sw_cfg_get(node, "clutter");
    if (cl && (rc = sim_clutter_parse(s, cl, err)))
        return rc;
    return SW_OK;
}
