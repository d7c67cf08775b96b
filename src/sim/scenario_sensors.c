/* sim/scenario_sensors.c - the parts of a scenario file that describe the coalition: nations,
 * their defended areas (circles and polygons, named, with a priority), their sensors (the
 * sensors-file keys of geo/sensors.h plus the simulator's own, sensor_common.c), and sensor grids
 * that place many copies of one radar over an area (the scale knob of national-10k). */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- nations, areas, sensors ---- */

static sw_rc parse_area(sim_scenario *sc, const sw_cfg *node, const char *nation, sw_err *err)
{
    static const char *const keys[] = {"name", "priority", "circle", "polygon", NULL};
    char where[300];
    sw_rc rc = sw_cfg_check_keys(node, keys, err);
    if (rc)
        return rc;
    if (sc->n_areas == sc->cap_areas) {
        int cap = sc->cap_areas ? 2 * sc->cap_areas : 16;
        sim_area *a = realloc(sc->areas, sizeof *a * (size_t)cap);
        if (!a)
            return sw_err_set(err, SW_ENOMEM, "out of memory for areas");
        sc->areas = a;
        sc->cap_areas = cap;
    }
    sim_area *a = &sc->areas[sc->n_areas];
    memset(a, 0, sizeof *a);
    const char *name;
    long prio;
    if ((rc = sw_cfg_get_str(node, "name", &name, err)) ||
        (rc = sw_cfg_opt_int(node, "priority", 1, &prio, err)))
        return rc;
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->nation, sizeof a->nation, "%s", nation);
    a->priority = (int)prio;
    const sw_cfg *circ = sw_cfg_get(node, "circle"), *poly = sw_cfg_get(node, "polygon");
    if (!!circ == !!poly)
        return sw_err_set(err, SW_EFORMAT, "%s: a defended area has either 'circle' or 'polygon'",
                          sw_cfg_where(node, where, sizeof where));
    if (circ) {
        static const char *const ck[] = {"center", "radius_km", NULL};
        double c[3], rkm;
        if ((rc = sw_cfg_check_keys(circ, ck, err)) ||
            (rc = sim_cfg_latlon(circ, "center", 0, c, err)) ||
            (rc = sw_cfg_get_num(circ, "radius_km", &rkm, err)))
            return rc;
        if (!(rkm > 0))
            return sw_err_set(err, SW_EFORMAT, "%s: 'radius_km' must be > 0",
                              sw_cfg_where(circ, where, sizeof where));
        a->is_circle = 1;
        a->lat_deg = c[0];
        a->lon_deg = c[1];
        a->radius_m = rkm * 1000.0;
    } else {
        int n = sw_cfg_len(poly);
        if (sw_cfg_type(poly) != SW_CFG_SEQ || n < 3 || n > SIM_MAX_POLY)
            return sw_err_set(err, SW_EFORMAT, "%s: 'polygon': 3 to %d [lat, lon] vertices",
                              sw_cfg_where(poly, where, sizeof where), SIM_MAX_POLY);
        for (int i = 0; i < n; i++) {
            const sw_cfg *v = sw_cfg_at(poly, i);
            if (sw_cfg_type(v) != SW_CFG_SEQ || sw_cfg_len(v) != 2)
                return sw_err_set(err, SW_EFORMAT, "%s: polygon vertex: expected [lat, lon]",
                                  sw_cfg_where(v, where, sizeof where));
            if ((rc = sw_cfg_num(sw_cfg_at(v, 0), &a->poly[i][0], err)) ||
                (rc = sw_cfg_num(sw_cfg_at(v, 1), &a->poly[i][1], err)))
                return rc;
        }
        a->n = n;
    }
    sc->n_areas++;
    return SW_OK;
}

sw_rc sim_parse_sensor(sim_scenario *sc, const sw_cfg *node, const char *nation, sw_err *err)
{
    char where[300];
    if (sc->n_sensors >= GEO_MAX_SENSORS)
        return sw_err_set(err, SW_EFULL, "%s: more than %d sensors",
                          sw_cfg_where(node, where, sizeof where), GEO_MAX_SENSORS);
    sim_sensor *s = &sc->sensors[sc->n_sensors];
    memset(s, 0, sizeof *s);
    int has_site;
    /* a flat 2-D world has no WGS-84 geometry: sites stay in the ENU plane */
    sw_rc rc = geo_sensor_parse(node, &sc->w.origin, sim_sensor_extra_keys, &s->s, &s->radar,
                                &has_site, err);
    if (rc)
        return rc;
    if (nation[0] && !sw_cfg_get(node, "nation"))
        snprintf(s->s.nation, sizeof s->s.nation, "%s", nation);
    if (sc->w.dim == 3 && !has_site) {
        /* a 3-D world measures over the ellipsoid: give the ENU site its WGS-84 position */
        geo_radar_init(&s->radar, &sc->w.origin, s->s.lat_deg, s->s.lon_deg, s->s.alt_m);
        memcpy(s->s.site, s->radar.site_c, sizeof s->s.site);
        memcpy(s->s.rot, s->radar.rot, sizeof s->s.rot);
        has_site = 1;
    }
    if (sc->w.dim == 2 && has_site)
        return sw_err_set(err, SW_EFORMAT,
                          "%s: a 2-D (flat) scenario places sensors with x_m/y_m, not lat/lon",
                          sw_cfg_where(node, where, sizeof where));
    s->has_site = has_site;
    const char *tname = geo_sensor_type_name(s->s.type);
    s->ops = sim_sensor_find(tname);
    if (!s->ops)
        return sw_err_set(err, SW_EFORMAT, "%s: no simulator model for sensor type '%s'",
                          sw_cfg_where(node, where, sizeof where), tname);
    for (int i = 0; i < sc->n_sensors; i++)
        if (sc->sensors[i].s.id == s->s.id)
            return sw_err_set(err, SW_EFORMAT, "%s: duplicate sensor id %u",
                              sw_cfg_where(node, where, sizeof where), s->s.id);
    if ((rc = s->ops->parse(s, node, &sc->w, err)))
        return rc;
    sc->n_sensors++;
    return SW_OK;
}

/* ---- sensor grids: many radars from one entry (scale knob) ---- */

/* Appends node as YAML flow text (the template of a grid). */
static int emit_flow(const sw_cfg *n, char *buf, int cap, int k)
{
    switch (sw_cfg_type(n)) {
    case SW_CFG_SCALAR: {
        k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "\"");
        for (const char *c = sw_cfg_text(n); *c && k < cap - 2; c++) {
            if (*c == '"' || *c == '\\')
                buf[k++] = '\\';
            buf[k++] = *c;
        }
        k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "\"");
        return k;
    }
    case SW_CFG_MAP:
        k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "{");
        for (int i = 0; i < sw_cfg_len(n); i++) {
            k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "%s%s: ", i ? ", " : "",
                          sw_cfg_key(n, i));
            k = emit_flow(sw_cfg_at(n, i), buf, cap, k);
        }
        return k + snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "}");
    default:
        k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "[");
        for (int i = 0; i < sw_cfg_len(n); i++) {
            if (i)
                k += snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), ", ");
            k = emit_flow(sw_cfg_at(n, i), buf, cap, k);
        }
        return k + snprintf(buf + k, (size_t)(k < cap ? cap - k : 0), "]");
    }
}

/*   sensor_grids:
 *     - {nation: SA, rows: 10, cols: 10, area: [lat_min, lon_min, lat_max, lon_max],
 *        id_base: 20000, sac: 50, name: SA-R, sensor: {type: 3d, scan_s: 10, ...}}
 * places rows x cols copies of the sensor template at the centres of a lat/lon grid, with ids
 * id_base + i, SIC i + 1, names NAME-i, staggered over the scan. */
sw_rc sim_parse_grid(sim_scenario *sc, const sw_cfg *node, sw_err *err)
{
    static const char *const keys[] = {"nation", "rows", "cols", "area", "id_base", "sac",
                                       "name", "sensor", NULL};
    char where[300];
    sw_rc rc;
    long rows, cols, id_base, sac;
    double area[4];
    const char *nation, *name;
    const sw_cfg *tpl;
    if ((rc = sw_cfg_check_keys(node, keys, err)) ||
        (rc = sw_cfg_get_int(node, "rows", &rows, err)) ||
        (rc = sw_cfg_get_int(node, "cols", &cols, err)) ||
        (rc = sw_cfg_get_vec(node, "area", 4, area, err)) ||
        (rc = sw_cfg_get_int(node, "id_base", &id_base, err)) ||
        (rc = sw_cfg_opt_int(node, "sac", 0, &sac, err)) ||
        (rc = sw_cfg_opt_str(node, "nation", "", &nation, err)) ||
        (rc = sw_cfg_opt_str(node, "name", "GRID", &name, err)) ||
        (rc = sw_cfg_opt_map(node, "sensor", &tpl, err)))
        return rc;
    sw_cfg_where(node, where, sizeof where);
    if (!tpl || rows < 1 || cols < 1 || rows * cols > 255 || id_base < 1 || sac < 0 || sac > 255 ||
        !(area[2] > area[0] && area[3] > area[1]) || sc->w.dim != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: a sensor grid (3-D scenarios) needs 'sensor', "
                          "rows x cols 1..255, id_base > 0, sac 0..255, area [lat_min, lon_min, "
                          "lat_max, lon_max]", where);
    static const char *const own[] = {"id", "name", "lat_deg", "lon_deg", "sac", "sic",
                                      "stagger_s", "nation", NULL};
    for (int i = 0; i < sw_cfg_len(tpl); i++)
        for (int k = 0; own[k]; k++)
            if (!strcmp(sw_cfg_key(tpl, i), own[k]))
                return sw_err_set(err, SW_EFORMAT, "%s: the grid sets '%s' itself", where, own[k]);
    char tpl_text[4096];
    int tl = emit_flow(tpl, tpl_text, sizeof tpl_text, 0);
    if (tl >= (int)sizeof tpl_text - 2)
        return sw_err_set(err, SW_EFORMAT, "%s: sensor template too long", where);
    tpl_text[tl - 1] = 0; /* drop the closing brace: keys are appended */
    for (long r = 0; r < rows; r++)
        for (long c = 0; c < cols; c++) {
            long i = r * cols + c;
            double lat = area[0] + (r + 0.5) * (area[2] - area[0]) / rows;
            double lon = area[1] + (c + 0.5) * (area[3] - area[1]) / cols;
            char text[4600];
            snprintf(text, sizeof text, "%s, id: %ld, name: \"%s-%ld\", lat_deg: %.5f, "
                     "lon_deg: %.5f, sac: %ld, sic: %ld, stagger_s: %.3f}", tpl_text, id_base + i,
                     name, i + 1, lat, lon, sac, i + 1, 0.618034 * (double)i);
            sw_cfg_doc *doc;
            sw_err e2 = {0};
            if ((rc = sw_cfg_load_string(&doc, text, "grid", &e2)))
                return sw_err_set(err, rc, "%s: sensor grid: %s", where, e2.msg);
            rc = sim_parse_sensor(sc, sw_cfg_root(doc), nation, &e2);
            sw_cfg_free(doc);
            if (rc)
                return sw_err_set(err, rc, "%s: sensor grid, sensor %ld: %s", where, i + 1,
                                  e2.msg);
        }
    return SW_OK;
}

sw_rc sim_parse_nation(sim_scenario *sc, const sw_cfg *node, sw_err *err)
{
    static const char *const keys[] = {"code", "name", "defended_areas", "sensors", NULL};
    char where[300];
    sw_rc rc = sw_cfg_check_keys(node, keys, err);
    if (rc)
        return rc;
    if (sc->n_nations >= 32)
        return sw_err_set(err, SW_EFULL, "%s: more than 32 nations",
                          sw_cfg_where(node, where, sizeof where));
    sim_nation *na = &sc->nations[sc->n_nations];
    const char *code, *name;
    if ((rc = sw_cfg_get_str(node, "code", &code, err)) ||
        (rc = sw_cfg_opt_str(node, "name", code, &name, err)))
        return rc;
    if (strlen(code) < 2 || strlen(code) > 3)
        return sw_err_set(err, SW_EFORMAT, "%s: 'code': a 2- or 3-letter nation code",
                          sw_cfg_where(sw_cfg_get(node, "code"), where, sizeof where));
    snprintf(na->code, sizeof na->code, "%s", code);
    snprintf(na->name, sizeof na->name, "%s", name);
    sc->n_nations++;
    const sw_cfg *list;
    if ((rc = sw_cfg_opt_seq(node, "defended_areas", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = parse_area(sc, sw_cfg_at(list, i), na->code, err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(node, "sensors", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_parse_sensor(sc, sw_cfg_at(list, i), na->code, err)))
            return rc;
    return SW_OK;
}

