/* sim/scenario.c - reading a scenario file into a sim_scenario.
 *
 * The file is a YAML tree (core/cfg) so every error names file and line.  Top-level keys:
 * name, origin, start, duration_s, seed, dim, truth_step_s, nations, sensors, targets, threats,
 * traffic (docs/scenarios.md has the full format).  Targets are dispatched to the motion model
 * named by their `motion` key through sim_motion_table; sensors to the sensor model of their
 * `type` through sim_sensor_table. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "geo/sensors.h"

extern const sim_motion_ops sim_motion_legs, sim_motion_ballistic, sim_motion_waypoints;
extern const sim_sensor_ops sim_sensor_radar_psr, sim_sensor_radar_ssr, sim_sensor_radar_3d,
    sim_sensor_cart, sim_sensor_adsb;

static const sim_motion_ops *const sim_motion_table[] = {
    &sim_motion_legs, &sim_motion_airliner, &sim_motion_ballistic, &sim_motion_waypoints,
    &sim_motion_recorded, NULL};
static const sim_sensor_ops *const sim_sensor_table[] = {
    &sim_sensor_radar_psr, &sim_sensor_radar_ssr, &sim_sensor_radar_3d, &sim_sensor_cart,
    &sim_sensor_adsb, NULL};

const sim_motion_ops *sim_motion_find(const char *name)
{
    for (int i = 0; sim_motion_table[i]; i++)
        if (!strcmp(sim_motion_table[i]->name, name))
            return sim_motion_table[i];
    /* aliases: the class names of the models that share a motion */
    if (!strcmp(name, "military") || !strcmp(name, "cv"))
        return &sim_motion_legs;
    if (!strcmp(name, "cruise") || !strcmp(name, "drone"))
        return &sim_motion_waypoints;
    return NULL;
}

const sim_sensor_ops *sim_sensor_find(const char *type)
{
    for (int i = 0; sim_sensor_table[i]; i++)
        if (!strcmp(sim_sensor_table[i]->type, type))
            return sim_sensor_table[i];
    return NULL;
}

/* ---- small helpers ---- */

sw_rc sim_cfg_latlon(const sw_cfg *map, const char *key, double def_alt, double out[3],
                     sw_err *err)
{
    const sw_cfg *s;
    char where[300];
    sw_rc rc = sw_cfg_get_seq(map, key, &s, err);
    if (rc)
        return rc;
    int n = sw_cfg_len(s);
    if (n != 2 && n != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: '%s': expected [lat_deg, lon_deg] or "
                          "[lat_deg, lon_deg, alt_m]", sw_cfg_where(s, where, sizeof where), key);
    out[2] = def_alt;
    for (int i = 0; i < n; i++)
        if ((rc = sw_cfg_num(sw_cfg_at(s, i), &out[i], err)))
            return rc;
    if (fabs(out[0]) > 90 || fabs(out[1]) > 180)
        return sw_err_set(err, SW_EFORMAT, "%s: '%s': latitude or longitude out of range",
                          sw_cfg_where(s, where, sizeof where), key);
    return SW_OK;
}

void sim_resolve_path(const sim_world *w, const char *name, char *out, int n)
{
    const char *shared = getenv("SW_SHARED_DIR");
    if (!shared || !*shared)
        shared = "../shared";
    if (!strncmp(name, "$SW_SHARED_DIR", 14))
        snprintf(out, (size_t)n, "%s%s", shared, name + 14);
    else if (!strncmp(name, "${SW_SHARED_DIR}", 16))
        snprintf(out, (size_t)n, "%s%s", shared, name + 16);
    else if (name[0] == '/' || !w->dir || !w->dir[0])
        snprintf(out, (size_t)n, "%s", name);
    else
        snprintf(out, (size_t)n, "%s/%s", w->dir, name);
}

sim_target *sim_scenario_add_target(sim_scenario *sc)
{
    if (sc->n_targets == sc->cap_targets) {
        int cap = sc->cap_targets ? 2 * sc->cap_targets : 64;
        sim_target *t = realloc(sc->targets, sizeof *t * (size_t)cap);
        if (!t)
            return NULL;
        sc->targets = t;
        sc->cap_targets = cap;
    }
    sim_target *tg = &sc->targets[sc->n_targets++];
    memset(tg, 0, sizeof *tg);
    tg->id = (uint32_t)sc->n_targets;
    return tg;
}

static const char *const target_common_keys[] = {
    "id", "class", "motion", "label", "rcs_m2", "swerling", "mode3a", "address", "callsign",
    "adsb", "nacp", NULL};

static sw_rc parse_mode3a(const sw_cfg *n, uint16_t *out, sw_err *err)
{
    char where[300];
    const char *s = sw_cfg_text(n);
    char *end;
    long v = s ? strtol(s, &end, 8) : -1;
    if (!s || *end || v < 0 || v > 07777)
        return sw_err_set(err, SW_EFORMAT, "%s: 'mode3a': expected four octal digits, got '%s'",
                          sw_cfg_where(n, where, sizeof where), s ? s : "(not a scalar)");
    *out = (uint16_t)v;
    return SW_OK;
}

static sw_rc parse_address(const sw_cfg *n, uint32_t *out, sw_err *err)
{
    char where[300];
    const char *s = sw_cfg_text(n);
    char *end;
    long v = s ? strtol(s, &end, 16) : -1;
    if (!s || *end || v < 0 || v > 0xffffff)
        return sw_err_set(err, SW_EFORMAT, "%s: 'address': expected a 24-bit hex address, got '%s'",
                          sw_cfg_where(n, where, sizeof where), s ? s : "(not a scalar)");
    *out = (uint32_t)v;
    return SW_OK;
}

sw_rc sim_target_parse(sim_scenario *sc, const sw_cfg *node, int default_cls, sw_err *err)
{
    char where[300];
    sw_rc rc;
    if (sw_cfg_type(node) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: a target must be a map",
                          sw_cfg_where(node, where, sizeof where));
    const char *motion, *cls_name, *label;
    if ((rc = sw_cfg_opt_str(node, "motion", "legs", &motion, err)) ||
        (rc = sw_cfg_opt_str(node, "class", "", &cls_name, err)) ||
        (rc = sw_cfg_opt_str(node, "label", "", &label, err)))
        return rc;
    const sim_motion_ops *ops = sim_motion_find(motion);
    if (!ops)
        return sw_err_set(err, SW_EFORMAT,
                          "%s: 'motion': '%s' is not one of legs (military, cv), airliner, "
                          "ballistic, waypoints (cruise, drone), recorded",
                          sw_cfg_where(sw_cfg_get(node, "motion"), where, sizeof where), motion);
    /* allowed keys: common + the model's */
    const char *allowed[64];
    int na = 0;
    for (const char *const *k = target_common_keys; *k; k++)
        allowed[na++] = *k;
    for (const char *const *k = ops->keys; k && *k && na < 63; k++)
        allowed[na++] = *k;
    allowed[na] = NULL;
    if ((rc = sw_cfg_check_keys(node, allowed, err)))
        return rc;

    sim_target *tg = sim_scenario_add_target(sc);
    if (!tg)
        return sw_err_set(err, SW_ENOMEM, "out of memory for targets");
    tg->ops = ops;
    int cls = ops->cls;
    if (!strcmp(motion, "cruise"))
        cls = SW_CLS_CRUISE;
    else if (!strcmp(motion, "drone"))
        cls = SW_CLS_DRONE;
    if (default_cls >= 0 && !strcmp(motion, "legs"))
        cls = default_cls;
    if (cls_name[0]) {
        cls = sw_class_parse(cls_name);
        if (cls < 0)
            return sw_err_set(err, SW_EFORMAT,
                              "%s: 'class': '%s' is not one of unknown, aircraft, ballistic, "
                              "cruise, drone", sw_cfg_where(sw_cfg_get(node, "class"), where,
                                                            sizeof where), cls_name);
    }
    tg->cls = cls;
    snprintf(tg->label, sizeof tg->label, "%s", label);
    double rcs_def = ops->rcs_m2;
    if (cls == SW_CLS_DRONE)
        rcs_def = 0.01;
    else if (cls == SW_CLS_CRUISE)
        rcs_def = 0.1;
    long id, sw, nacp;
    bool adsb;
    if ((rc = sw_cfg_opt_int(node, "id", tg->id, &id, err)) ||
        (rc = sw_cfg_opt_num(node, "rcs_m2", rcs_def, &tg->rcs_m2, err)) ||
        (rc = sw_cfg_opt_int(node, "swerling", ops->swerling, &sw, err)) ||
        (rc = sw_cfg_opt_int(node, "nacp", 9, &nacp, err)))
        return rc;
    if (id <= 0 || id > 0x7fffffffL || sw < 0 || sw > 4 || !(tg->rcs_m2 > 0) || nacp < 0 ||
        nacp > 11)
        return sw_err_set(err, SW_EFORMAT,
                          "%s: need id > 0, rcs_m2 > 0, swerling 0..4, nacp 0..11",
                          sw_cfg_where(node, where, sizeof where));
    for (int i = 0; i < sc->n_targets - 1; i++)
        if (sc->targets[i].id == (uint32_t)id)
            return sw_err_set(err, SW_EFORMAT, "%s: duplicate target id %ld",
                              sw_cfg_where(node, where, sizeof where), id);
    tg->id = (uint32_t)id;
    tg->swerling = (int)sw;
    tg->nacp = (int)nacp;
    const sw_cfg *n;
    if ((n = sw_cfg_get(node, "mode3a"))) {
        if ((rc = parse_mode3a(n, &tg->mode3a, err)))
            return rc;
        tg->flags |= SW_HAS_MODE3A;
    }
    if ((n = sw_cfg_get(node, "address"))) {
        if ((rc = parse_address(n, &tg->address, err)))
            return rc;
        tg->flags |= SW_HAS_ADDRESS;
    }
    if ((n = sw_cfg_get(node, "callsign"))) {
        const char *cs = sw_cfg_text(n);
        if (!cs || strlen(cs) > 8)
            return sw_err_set(err, SW_EFORMAT, "%s: 'callsign': at most 8 characters",
                              sw_cfg_where(n, where, sizeof where));
        snprintf(tg->callsign, sizeof tg->callsign, "%s", cs);
        tg->flags |= SW_HAS_CALLSIGN;
    }
    if ((rc = sw_cfg_opt_bool(node, "adsb", (tg->flags & SW_HAS_ADDRESS) != 0, &adsb, err)))
        return rc;
    tg->adsb = adsb;
    if (tg->adsb && !(tg->flags & SW_HAS_ADDRESS))
        return sw_err_set(err, SW_EFORMAT, "%s: 'adsb' needs an 'address'",
                          sw_cfg_where(node, where, sizeof where));
    tg->t1 = 1e18; /* open-ended: lives until the run ends */
    if ((rc = ops->parse(tg, node, &sc->w, err)))
        return rc;
    if (!(tg->t1 >= tg->t0))
        return sw_err_set(err, SW_EFORMAT, "%s: the target ends before it starts",
                          sw_cfg_where(node, where, sizeof where));
    return SW_OK;
}

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

static sw_rc parse_sensor(sim_scenario *sc, const sw_cfg *node, const char *nation, sw_err *err)
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
static sw_rc parse_grid(sim_scenario *sc, const sw_cfg *node, sw_err *err)
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
            rc = parse_sensor(sc, sw_cfg_root(doc), nation, &e2);
            sw_cfg_free(doc);
            if (rc)
                return sw_err_set(err, rc, "%s: sensor grid, sensor %ld: %s", where, i + 1,
                                  e2.msg);
        }
    return SW_OK;
}

static sw_rc parse_nation(sim_scenario *sc, const sw_cfg *node, sw_err *err)
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
        if ((rc = parse_sensor(sc, sw_cfg_at(list, i), na->code, err)))
            return rc;
    return SW_OK;
}

static sw_rc parse_root(sim_scenario *sc, const sw_cfg *root, sw_err *err)
{
    static const char *const keys[] = {"name", "origin", "start", "duration_s", "seed", "dim",
                                       "truth_step_s", "nations", "sensors", "targets",
                                       "threats", "traffic", "sensor_grids", NULL};
    char where[300];
    sw_rc rc;
    if (sw_cfg_type(root) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: a scenario is a map of keys",
                          sw_cfg_where(root, where, sizeof where));
    if ((rc = sw_cfg_check_keys(root, keys, err)))
        return rc;
    const char *name, *start;
    long dim, seed;
    double o[3] = {0, 0, 0};
    if ((rc = sw_cfg_opt_str(root, "name", sc->name, &name, err)) ||
        (rc = sw_cfg_opt_str(root, "start", "2026-01-01T00:00:00Z", &start, err)) ||
        (rc = sw_cfg_opt_num(root, "duration_s", 600, &sc->duration, err)) ||
        (rc = sw_cfg_opt_int(root, "seed", 1, &seed, err)) ||
        (rc = sw_cfg_opt_int(root, "dim", 3, &dim, err)) ||
        (rc = sw_cfg_opt_num(root, "truth_step_s", 1.0, &sc->truth_step, err)))
        return rc;
    snprintf(sc->name, sizeof sc->name, "%s", name);
    if (sw_cfg_get(root, "origin") && (rc = sim_cfg_latlon(root, "origin", 0, o, err)))
        return rc;
    if (sw_time_parse_iso(start, &sc->w.start_utc))
        return sw_err_set(err, SW_EFORMAT, "%s: 'start': expected UTC like 2026-03-01T10:00:00Z, "
                          "got '%s'", sw_cfg_where(sw_cfg_get(root, "start"), where, sizeof where),
                          start);
    if (!(sc->duration > 0) || (dim != 2 && dim != 3) || !(sc->truth_step > 0) || seed < 0)
        return sw_err_set(err, SW_EFORMAT, "%s: need duration_s > 0, dim 2 or 3, "
                          "truth_step_s > 0, seed >= 0", sw_cfg_where(root, where, sizeof where));
    sc->seed = (uint64_t)seed;
    sc->w.dim = (int)dim;
    geo_frame_init(&sc->w.origin, o[0], o[1], o[2]);

    const sw_cfg *list;
    if ((rc = sw_cfg_opt_seq(root, "nations", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = parse_nation(sc, sw_cfg_at(list, i), err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "sensors", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = parse_sensor(sc, sw_cfg_at(list, i), "", err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "sensor_grids", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = parse_grid(sc, sw_cfg_at(list, i), err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "targets", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_target_parse(sc, sw_cfg_at(list, i), -1, err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "threats", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_target_parse(sc, sw_cfg_at(list, i), SW_CLS_AIRCRAFT, err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "traffic", &list, err)))
        return rc;
    sw_rng rng;
    sw_rng_seed(&rng, sc->seed * 0x9e3779b97f4a7c15ull + 17);
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_traffic_parse(sc, sw_cfg_at(list, i), &rng, err)))
            return rc;
    if (sc->n_targets == 0 && sc->n_sensors == 0)
        return sw_err_set(err, SW_EFORMAT, "%s: the scenario has neither targets nor sensors",
                          sw_cfg_where(root, where, sizeof where));
    return SW_OK;
}

static sw_rc load_doc(sim_scenario **out, sw_cfg_doc *doc, const char *name, sw_err *err)
{
    sim_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        sw_cfg_free(doc);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    sc->sensors = calloc(GEO_MAX_SENSORS, sizeof *sc->sensors);
    const char *base = strrchr(name, '/');
    snprintf(sc->name, sizeof sc->name, "%s", base ? base + 1 : name);
    char *dot = strrchr(sc->name, '.');
    if (dot)
        *dot = 0;
    snprintf(sc->dir, sizeof sc->dir, "%.*s", base ? (int)(base - name) : 1, base ? name : ".");
    sc->w.dir = sc->dir;
    sw_rc rc = sc->sensors ? parse_root(sc, sw_cfg_root(doc), err)
                           : sw_err_set(err, SW_ENOMEM, "out of memory");
    sw_cfg_free(doc);
    if (rc) {
        sim_scenario_free(sc);
        return rc;
    }
    *out = sc;
    return SW_OK;
}

sw_rc sim_scenario_load(sim_scenario **out, const char *path, sw_err *err)
{
    *out = NULL;
    sw_cfg_doc *doc;
    sw_rc rc = sw_cfg_load_file(&doc, path, err);
    if (rc)
        return rc;
    return load_doc(out, doc, path, err);
}

sw_rc sim_scenario_load_string(sim_scenario **out, const char *text, const char *name,
                               sw_err *err)
{
    *out = NULL;
    sw_cfg_doc *doc;
    sw_rc rc = sw_cfg_load_string(&doc, text, name, err);
    if (rc)
        return rc;
    return load_doc(out, doc, name, err);
}

void sim_scenario_free(sim_scenario *sc)
{
    if (!sc)
        return;
    for (int i = 0; i < sc->n_targets; i++)
        if (sc->targets[i].ops && sc->targets[i].ops->free)
            sc->targets[i].ops->free(sc->targets[i].m);
        else
            free(sc->targets[i].m);
    free(sc->targets);
    free(sc->sensors);
    free(sc->areas);
    free(sc);
}

/* ---- accessors ---- */

const char *sim_scenario_name(const sim_scenario *sc) { return sc->name; }
const geo_frame *sim_scenario_origin(const sim_scenario *sc) { return &sc->w.origin; }
double sim_scenario_start_utc(const sim_scenario *sc) { return sc->w.start_utc; }
double sim_scenario_duration(const sim_scenario *sc) { return sc->duration; }
int sim_scenario_dim(const sim_scenario *sc) { return sc->w.dim; }
uint64_t sim_scenario_seed(const sim_scenario *sc) { return sc->seed; }
double sim_scenario_truth_step(const sim_scenario *sc) { return sc->truth_step; }
int sim_sensor_count(const sim_scenario *sc) { return sc->n_sensors; }
const sw_sensor *sim_sensor_info(const sim_scenario *sc, int i) { return &sc->sensors[i].s; }
int sim_sensor_has_site(const sim_scenario *sc, int i) { return sc->sensors[i].has_site; }
int sim_nation_count(const sim_scenario *sc) { return sc->n_nations; }
const sim_nation *sim_nation_info(const sim_scenario *sc, int i) { return &sc->nations[i]; }
int sim_area_count(const sim_scenario *sc) { return sc->n_areas; }
const sim_area *sim_area_info(const sim_scenario *sc, int i) { return &sc->areas[i]; }
int sim_target_count(const sim_scenario *sc) { return sc->n_targets; }

void sim_target_get(const sim_scenario *sc, int i, sim_target_info *info)
{
    const sim_target *tg = &sc->targets[i];
    memset(info, 0, sizeof *info);
    info->id = tg->id;
    info->cls = tg->cls;
    info->model = tg->ops->name;
    info->label = tg->label;
    info->t_start = tg->t0;
    info->t_end = tg->t1;
    info->flags = tg->flags;
    info->mode3a = tg->mode3a;
    info->address = tg->address;
    memcpy(info->callsign, tg->callsign, sizeof info->callsign);
    info->rcs_m2 = tg->rcs_m2;
}

int sim_target_state(const sim_scenario *sc, int i, double t, double x[6])
{
    const sim_target *tg = &sc->targets[i];
    if (t < tg->t0 || t > tg->t1)
        return 0;
    sim_target_eval(sc, tg, t, x);
    return 1;
}
