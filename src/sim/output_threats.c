/* sim/output_threats.c - what the warnings are scored against: for every object that is not an
 * aircraft (ballistic and cruise missiles, drones), where and when it ends, and which nation's
 * defended area that end point falls in.  Written as DIR/threats.csv by `skyweave sim`; metrics/
 * counts threat-nation pairs and warning lead times from it. */
#include "sim/sim_internal.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Point-in-polygon by ray casting in lat/lon (areas are small: a plane is exact enough). */
static int in_poly(const sim_area *a, double lat, double lon)
{
    int in = 0;
    for (int i = 0, j = a->n - 1; i < a->n; j = i++) {
        double yi = a->poly[i][0], xi = a->poly[i][1], yj = a->poly[j][0], xj = a->poly[j][1];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

int sim_area_contains(const sim_area *a, double lat_deg, double lon_deg)
{
    if (a->is_circle) {
        double d, a1, a2;
        geo_inverse(a->lat_deg, a->lon_deg, lat_deg, lon_deg, &d, &a1, &a2);
        return d <= a->radius_m;
    }
    return in_poly(a, lat_deg, lon_deg);
}

sw_rc sim_write_threats(const sim_scenario *sc, double duration, const char *path, sw_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    fputs("target_id,class,label,t_start_s,t_end_s,end_lat_deg,end_lon_deg,end_alt_m,nation,area,"
          "priority\n", f);
    for (int i = 0; i < sc->n_targets; i++) {
        const sim_target *tg = &sc->targets[i];
        if (tg->cls == SW_CLS_AIRCRAFT || tg->cls == SW_CLS_UNKNOWN || tg->t0 > duration)
            continue;
        double t_end = tg->t1 < 1e17 ? tg->t1 : duration, x[6], lat = 0, lon = 0, h = 0;
        sim_target_eval(sc, tg, t_end, x);
        if (sc->w.dim == 3)
            geo_enu_to_lla(&sc->w.origin, x, &lat, &lon, &h);
        int hits = 0;
        for (int k = 0; sc->w.dim == 3 && k < sc->n_areas; k++) {
            const sim_area *a = &sc->areas[k];
            if (!sim_area_contains(a, lat, lon))
                continue;
            fprintf(f, "%u,%s,%s,%.3f,%.3f,%.6f,%.6f,%.1f,%s,%s,%d\n", tg->id,
                    sw_class_name(tg->cls), tg->label, tg->t0, t_end, lat, lon, h, a->nation,
                    a->name, a->priority);
            hits++;
        }
        if (!hits)
            fprintf(f, "%u,%s,%s,%.3f,%.3f,%.6f,%.6f,%.1f,,,\n", tg->id, sw_class_name(tg->cls),
                    tg->label, tg->t0, t_end, lat, lon, h);
    }
    if (fclose(f))
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    return SW_OK;
}

sw_rc sim_sensor_set(const sim_scenario *sc, const char *nation, geo_sensor_set *set)
{
    memset(set, 0, sizeof *set);
    set->has_origin = 1;
    set->origin = sc->w.origin;
    for (int i = 0; i < sc->n_sensors; i++) {
        const sim_sensor *s = &sc->sensors[i];
        if (nation && strcmp(s->s.nation, nation))
            continue;
        if (set->n >= GEO_MAX_SENSORS)
            return SW_EFULL;
        set->s[set->n] = s->s;
        set->radar[set->n] = s->radar;
        set->has_site[set->n] = (unsigned char)s->has_site;
        set->n++;
    }
    return SW_OK;
}
