/* warn/wrn_area_cfg.c - the `defended_areas:` section of a node or scenario configuration.
 *
 * The item keys are those of the scenario files (sim/) plus `nation` and `geojson`, so the areas
 * of a scenario can be pasted into a node configuration unchanged.  Every error names file:line. */
#include "warn/wrn_area.h"

#include <stdio.h>
#include <string.h>

static sw_rc at(sw_err *err, const sw_cfg *n, sw_rc rc)
{
    char where[300];
    sw_err_prefix(err, "%s", sw_cfg_where(n, where, sizeof where));
    return rc;
}

static sw_rc latlon(const sw_cfg *v, double out[2], sw_err *err)
{
    char where[300];
    if (!v || sw_cfg_type(v) != SW_CFG_SEQ || sw_cfg_len(v) != 2)
        return sw_err_set(err, SW_EFORMAT, "%s: expected [lat_deg, lon_deg]",
                          v ? sw_cfg_where(v, where, sizeof where) : "?");
    sw_rc rc;
    if ((rc = sw_cfg_num(sw_cfg_at(v, 0), &out[0], err)) ||
        (rc = sw_cfg_num(sw_cfg_at(v, 1), &out[1], err)))
        return rc;
    return SW_OK;
}

static sw_rc parse_item(wrn_areas *s, const sw_cfg *it, const char *def_nation,
                        const char *base_dir, sw_err *err)
{
    static const char *const keys[] = {"nation", "name", "priority", "circle", "polygon",
                                       "geojson", NULL};
    char where[300];
    sw_rc rc;
    if (sw_cfg_type(it) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: a defended area is a map (name, circle|polygon, "
                          "...) or {geojson: FILE}", sw_cfg_where(it, where, sizeof where));
    if ((rc = sw_cfg_check_keys(it, keys, err)))
        return rc;
    const char *nation;
    if ((rc = sw_cfg_opt_str(it, "nation", def_nation, &nation, err)))
        return rc;
    const sw_cfg *gj = sw_cfg_get(it, "geojson");
    if (gj) {
        if (sw_cfg_len(it) != 1 + (sw_cfg_get(it, "nation") != NULL))
            return sw_err_set(err, SW_EFORMAT, "%s: a 'geojson' item has only 'geojson' and "
                              "'nation'", sw_cfg_where(it, where, sizeof where));
        const char *file = sw_cfg_text(gj);
        if (!file)
            return sw_err_set(err, SW_EFORMAT, "%s: 'geojson': expected a file name",
                              sw_cfg_where(gj, where, sizeof where));
        char path[1024];
        if (file[0] == '/' || !base_dir || !*base_dir)
            snprintf(path, sizeof path, "%s", file);
        else
            snprintf(path, sizeof path, "%s/%s", base_dir, file);
        if ((rc = wrn_areas_load_geojson(s, path, nation, err)))
            return at(err, gj, rc);
        return SW_OK;
    }
    const char *name;
    long prio;
    if ((rc = sw_cfg_get_str(it, "name", &name, err)) ||
        (rc = sw_cfg_opt_int(it, "priority", 1, &prio, err)))
        return rc;
    if (!nation)
        return sw_err_set(err, SW_EFORMAT, "%s: defended area '%s' has no 'nation'",
                          sw_cfg_where(it, where, sizeof where), name);
    const sw_cfg *circ = sw_cfg_get(it, "circle"), *poly = sw_cfg_get(it, "polygon");
    if (!!circ == !!poly)
        return sw_err_set(err, SW_EFORMAT, "%s: defended area '%s' has either 'circle' or "
                          "'polygon'", sw_cfg_where(it, where, sizeof where), name);
    if (circ) {
        static const char *const ck[] = {"center", "radius_km", NULL};
        double c[2], rkm;
        if (sw_cfg_type(circ) != SW_CFG_MAP)
            return sw_err_set(err, SW_EFORMAT, "%s: 'circle': expected {center: [lat, lon], "
                              "radius_km: R}", sw_cfg_where(circ, where, sizeof where));
        if ((rc = sw_cfg_check_keys(circ, ck, err)) ||
            (rc = latlon(sw_cfg_get(circ, "center"), c, err)) ||
            (rc = sw_cfg_get_num(circ, "radius_km", &rkm, err)))
            return rc;
        if ((rc = wrn_areas_add_circle(s, nation, name, (int)prio, c[0], c[1], rkm * 1000.0, err)))
            return at(err, it, rc);
        return SW_OK;
    }
    int n = sw_cfg_len(poly);
    if (sw_cfg_type(poly) != SW_CFG_SEQ || n < 3 || n > WRN_AREA_MAX_VERT + 1)
        return sw_err_set(err, SW_EFORMAT, "%s: 'polygon': 3 to %d [lat, lon] vertices",
                          sw_cfg_where(poly, where, sizeof where), WRN_AREA_MAX_VERT);
    double ll[WRN_AREA_MAX_VERT + 1][2];
    for (int i = 0; i < n; i++)
        if ((rc = latlon(sw_cfg_at(poly, i), ll[i], err)))
            return rc;
    if ((rc = wrn_areas_add_polygon(s, nation, name, (int)prio, (const double (*)[2])ll, n, err)))
        return at(err, it, rc);
    return SW_OK;
}

sw_rc wrn_areas_parse_cfg(wrn_areas *s, const sw_cfg *seq, const char *def_nation,
                          const char *base_dir, sw_err *err)
{
    char where[300];
    if (!seq)
        return SW_OK;
    if (sw_cfg_type(seq) != SW_CFG_SEQ)
        return sw_err_set(err, SW_EFORMAT, "%s: 'defended_areas': expected a list",
                          sw_cfg_where(seq, where, sizeof where));
    for (int i = 0; i < sw_cfg_len(seq); i++) {
        sw_rc rc = parse_item(s, sw_cfg_at(seq, i), def_nation, base_dir, err);
        if (rc)
            return rc;
    }
    return SW_OK;
}
