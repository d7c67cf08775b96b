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
        if ((rc = sim_parse_nation(sc, sw_cfg_at(list, i), err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "sensors", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_parse_sensor(sc, sw_cfg_at(list, i), "", err)))
            return rc;
    if ((rc = sw_cfg_opt_seq(root, "sensor_grids", &list, err)))
        return rc;
    for (int i = 0; list && i < sw_cfg_len(list); i++)
        if ((rc = sim_parse_grid(sc, sw_cfg_at(list, i), err)))
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
