/* warn/wrn_config.c - the engine's settings: defaults, bounds, and the `warnings:` section.
 *
 * The bounds are part of the coalition's rule that no node can hold a warning back: a threshold
 * of 1, a confidence of 0.99, a re-send gap of an hour or a horizon of a minute would each be a
 * quiet way of switching warnings off, so they are refused. */
#include "warn/wrn_engine.h"

#include <math.h>
#include <string.h>

void wrn_config_default(wrn_config *c)
{
    memset(c, 0, sizeof *c);
    c->p_issue = 0.05;
    c->p_retract = 0.02;
    c->retract_hold_s = 6.0;
    c->min_conf = 0.5;
    c->min_age_air_s = 10.0;
    c->update_min_s = 2.0;
    c->update_max_s = 20.0;
    c->close_after_s = 30.0;
    c->lost_s = 30.0;
    c->expire_margin_s = 600.0;
    c->resend_s = 2.0;
    c->resend_max_s = 30.0;
    c->linger_s = 3600.0;
    c->horizon_s = 1800.0;
    c->max_flight_s = 3600.0;
    c->sd_heading_deg = 5.0;
    c->sd_speed = 0.05;
    c->max_tracks = 4096;
    c->max_warnings = 1024;
    wrn_class_cfg_default(&c->cls);
}

#define RANGE(v, lo, hi, name)                                                                   \
    do {                                                                                         \
        if (!((v) >= (lo) && (v) <= (hi)))                                                       \
            return sw_err_set(err, SW_ERANGE, "warnings.%s = %g: must be in [%g, %g]", name,     \
                              (double)(v), (double)(lo), (double)(hi));                          \
    } while (0)

sw_rc wrn_config_check(const wrn_config *c, sw_err *err)
{
    size_t n = strnlen(c->self, sizeof c->self);
    if (n < 2 || n > 3)
        return sw_err_set(err, SW_EINVAL, "warnings: the node's nation ('%.4s') is not set",
                          c->self);
    RANGE(c->p_issue, 1e-3, 0.5, "p_issue");
    RANGE(c->p_retract, 1e-4, c->p_issue, "p_retract");
    RANGE(c->retract_hold_s, 0, 60, "retract_hold_s");
    RANGE(c->min_conf, 0.3, 0.9, "min_confidence");
    RANGE(c->min_age_air_s, 0, 60, "min_age_air_s");
    RANGE(c->update_min_s, 0, 30, "update_min_s");
    RANGE(c->update_max_s, c->update_min_s, 300, "update_max_s");
    RANGE(c->close_after_s, 0, 600, "close_after_s");
    RANGE(c->lost_s, 2, 600, "lost_s");
    RANGE(c->expire_margin_s, 60, 7200, "expire_margin_s");
    RANGE(c->resend_s, 0.1, 60, "resend_s");
    RANGE(c->resend_max_s, c->resend_s, 120, "resend_max_s");
    RANGE(c->linger_s, 0, 86400, "linger_s");
    RANGE(c->horizon_s, 60, 14400, "horizon_s");
    RANGE(c->max_flight_s, 600, 7200, "max_flight_s");
    RANGE(c->sd_heading_deg, 0, 45, "sd_heading_deg");
    RANGE(c->sd_speed, 0, 0.5, "sd_speed");
    RANGE(c->max_tracks, 16, 1 << 20, "max_tracks");
    RANGE(c->max_warnings, 16, 1 << 20, "max_warnings");
    RANGE(c->cls.tau_s, 0.5, 60, "tau_s");
    RANGE(c->cls.beta_prior, 100, 100000, "beta_prior");
    RANGE(c->cls.sd_log_beta_prior, 0.05, 3, "sd_log_beta");
    return SW_OK;
}

sw_rc wrn_config_parse(wrn_config *c, const sw_cfg *m, sw_err *err)
{
    static const char *const keys[] = {
        "p_issue", "p_retract", "retract_hold_s", "min_confidence", "update_min_s",
        "update_max_s", "close_after_s", "lost_s", "expire_margin_s", "resend_s", "resend_max_s",
        "linger_s", "horizon_s", "max_flight_s", "sd_heading_deg", "sd_speed", "max_tracks",
        "max_warnings", "tau_s", "beta_prior", "sd_log_beta", "min_age_air_s", NULL};
    double *num[] = {&c->p_issue, &c->p_retract, &c->retract_hold_s, &c->min_conf,
                     &c->update_min_s, &c->update_max_s, &c->close_after_s, &c->lost_s,
                     &c->expire_margin_s, &c->resend_s, &c->resend_max_s, &c->linger_s,
                     &c->horizon_s, &c->max_flight_s, &c->sd_heading_deg, &c->sd_speed, NULL,
                     NULL, &c->cls.tau_s, &c->cls.beta_prior, &c->cls.sd_log_beta_prior,
                     &c->min_age_air_s};
    if (!m)
        return SW_OK;
    char where[300];
    if (sw_cfg_type(m) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: 'warnings': expected a map",
                          sw_cfg_where(m, where, sizeof where));
    sw_rc rc = sw_cfg_check_keys(m, keys, err);
    if (rc)
        return rc;
    for (int i = 0; keys[i]; i++) {
        if (!sw_cfg_get(m, keys[i]))
            continue;
        if (num[i]) {
            rc = sw_cfg_get_num(m, keys[i], num[i], err);
        } else {
            long v;
            rc = sw_cfg_get_int(m, keys[i], &v, err);
            if (!rc)
                *(i == 16 ? &c->max_tracks : &c->max_warnings) = (int)(v > (1 << 21) ? (1 << 21) : v < 0 ? 0 : v);
        }
        if (rc)
            return rc;
    }
    rc = wrn_config_check(c, err);
    if (rc)
        sw_err_prefix(err, "%s", sw_cfg_where(m, where, sizeof where));
    return rc;
}
