/* cli/cli_reg.c - sensor registration in front of a tracker (cli_reg.h). */
#include "cli_reg.h"

#include <math.h>

#include "geo/geo.h"

reg_reg *cli_reg_open(const geo_sensor_set *set, int on, int need_adsb)
{
    if (!on || !set)
        return NULL;
    int radar = 0, adsb = 0;
    for (int i = 0; i < set->n; i++) {
        int t = set->s[i].type;
        adsb |= t == SW_SENSOR_ADSB;
        radar |= t == SW_SENSOR_PSR || t == SW_SENSOR_SSR || t == SW_SENSOR_3D;
    }
    if (!radar || (need_adsb && !adsb))
        return NULL;
    reg_params p;
    reg_params_default(&p);
    reg_reg *r = NULL;
    reg_create(&r, &p, set, NULL);
    return r;
}

sw_rc cli_reg_add(reg_reg *r, trk_tracker *tr, const sw_plot *p, sw_err *err)
{
    if (!r)
        return trk_add_plot(tr, p, err);
    sw_plot q = *p;
    reg_plot(r, &q);
    return trk_add_plot(tr, &q, err);
}

int cli_reg_clock_off(const reg_bias *b)
{
    return fabs(b->time_s) > 0.1 && fabs(b->time_s) > 4 * b->time_sd_s;
}

void cli_reg_print(FILE *f, const reg_reg *r, const geo_sensor_set *set, const char *prefix)
{
    if (!r)
        return;
    reg_bias b[GEO_MAX_SENSORS];
    size_t n = reg_list(r, b, GEO_MAX_SENSORS);
    for (size_t i = 0; i < n; i++) {
        int k = geo_sensors_find(set, b[i].sensor_id);
        fprintf(f, "%sregistration: %s (%u): %.0f pairs with ADS-B (%llu dropped), range %+.1f "
                   "+- %.1f m, gain %+.1f +- %.1f m per 100 km, azimuth %+.3f +- %.3f deg",
                prefix, k >= 0 ? set->s[k].name : "?", b[i].sensor_id, b[i].pairs,
                (unsigned long long)b[i].dropped, b[i].range_m, b[i].range_sd_m, b[i].gain_m,
                b[i].gain_sd_m, b[i].az_rad / GEO_DEG, b[i].az_sd_rad / GEO_DEG);
        if (k >= 0 && set->s[k].type == SW_SENSOR_3D)
            fprintf(f, ", elevation %+.3f +- %.3f deg", b[i].el_rad / GEO_DEG,
                    b[i].el_sd_rad / GEO_DEG);
        fprintf(f, ", clock %+.3f +- %.3f s", b[i].time_s, b[i].time_sd_s);
        fputs(b[i].applied ? ": applied" : b[i].too_big ? ": NOT applied, too big for a bias "
                                                            "(check the site and the clock)"
                                                          : ": not yet applied (too few pairs)", f);
        if (cli_reg_clock_off(&b[i]))
            fprintf(f, "; its plots are stamped %.2f s %s: check its time source",
                    fabs(b[i].time_s), b[i].time_s > 0 ? "late" : "early");
        fputc('\n', f);
    }
}
