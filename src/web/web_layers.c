/* web/web_layers.c - the display's static layers (defended areas, radar sites and coverage)
 * read from the files that already hold them: a scenario (nations[].defended_areas and
 * nations[].sensors) or a node configuration (nation, coalition, defended_areas, sensors).
 * Only the keys the display needs are read; the owners of those files check the rest.
 * A circle is {center: [lat, lon], radius_km} (scenario) or {lat_deg, lon_deg, radius_m} (node);
 * a polygon is [[lat, lon], ...]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfg.h"
#include "web/web.h"

static sw_rc where_err(sw_err *err, const sw_cfg *n, const char *what)
{
    char w[300];
    return sw_err_set(err, SW_EFORMAT, "%s: %s", sw_cfg_where(n, w, sizeof w), what);
}

static sw_rc read_circle(const sw_cfg *c, web_area *a, sw_err *err)
{
    sw_rc rc;
    const sw_cfg *center = sw_cfg_get(c, "center");
    if (center) {
        double ll[2], r_km;
        if ((rc = sw_cfg_get_vec(c, "center", 2, ll, err)) ||
            (rc = sw_cfg_get_num(c, "radius_km", &r_km, err)))
            return rc;
        a->center_lat_deg = ll[0];
        a->center_lon_deg = ll[1];
        a->radius_m = r_km * 1000.0;
    } else if ((rc = sw_cfg_get_num(c, "lat_deg", &a->center_lat_deg, err)) ||
               (rc = sw_cfg_get_num(c, "lon_deg", &a->center_lon_deg, err)) ||
               (rc = sw_cfg_get_num(c, "radius_m", &a->radius_m, err))) {
        return rc;
    }
    if (!(a->radius_m > 0) || fabs(a->center_lat_deg) > 90 || fabs(a->center_lon_deg) > 180)
        return where_err(err, c, "circle: latitude, longitude or radius out of range");
    a->n_pts = 0;
    return SW_OK;
}

static sw_rc read_area(const sw_cfg *m, const char *nation, web_area *a, sw_err *err)
{
    sw_rc rc;
    const char *name;
    long prio;
    memset(a, 0, sizeof *a);
    snprintf(a->nation, sizeof a->nation, "%s", nation);
    if ((rc = sw_cfg_get_str(m, "name", &name, err)) ||
        (rc = sw_cfg_opt_int(m, "priority", 1, &prio, err)))
        return rc;
    snprintf(a->name, sizeof a->name, "%s", name);
    a->priority = (int)prio;
    const sw_cfg *circle = sw_cfg_get(m, "circle");
    if (circle)
        return read_circle(circle, a, err);
    const sw_cfg *poly = sw_cfg_get(m, "polygon");
    if (!poly || sw_cfg_type(poly) != SW_CFG_SEQ)
        return where_err(err, m, "a defended area needs 'circle' or 'polygon'");
    int n = sw_cfg_len(poly);
    if (n < 3 || n > WEB_AREA_MAX_PTS)
        return where_err(err, poly, "polygon: 3 to 64 [lat, lon] points");
    for (int i = 0; i < n; i++) {
        const sw_cfg *p = sw_cfg_at(poly, i);
        if (sw_cfg_type(p) != SW_CFG_SEQ || sw_cfg_len(p) != 2)
            return where_err(err, p, "polygon point: expected [lat, lon]");
        if ((rc = sw_cfg_num(sw_cfg_at(p, 0), &a->pts[i][0], err)) ||
            (rc = sw_cfg_num(sw_cfg_at(p, 1), &a->pts[i][1], err)))
            return rc;
    }
    a->n_pts = n;
    return SW_OK;
}

static sw_rc read_sensor(const sw_cfg *m, const char *nation, web_radar *r, sw_err *err)
{
    sw_rc rc;
    const char *name, *type, *nat;
    memset(r, 0, sizeof *r);
    if ((rc = sw_cfg_get_str(m, "name", &name, err)) ||
        (rc = sw_cfg_opt_str(m, "type", "cart", &type, err)) ||
        (rc = sw_cfg_opt_str(m, "nation", nation, &nat, err)) ||
        (rc = sw_cfg_get_num(m, "lat_deg", &r->lat_deg, err)) ||
        (rc = sw_cfg_get_num(m, "lon_deg", &r->lon_deg, err)) ||
        (rc = sw_cfg_opt_num(m, "range_max_m", 0, &r->range_m, err)))
        return rc;
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->type, sizeof r->type, "%s", type);
    snprintf(r->nation, sizeof r->nation, "%s", nat);
    return SW_OK;
}

static sw_rc grow(void **p, int n, size_t size, sw_err *err)
{
    void *q = realloc(*p, (size_t)(n + 1) * size);
    if (!q)
        return sw_err_set(err, SW_ENOMEM, "web: out of memory reading layers");
    *p = q;
    return SW_OK;
}

/* One nation's defended_areas and (inline) sensors. */
static sw_rc read_nation(web_layers *L, const sw_cfg *m, const char *code, sw_err *err)
{
    sw_rc rc;
    if (L->n_nations < WEB_MAX_NATIONS)
        snprintf(L->nations[L->n_nations++], 4, "%s", code);
    const sw_cfg *areas = sw_cfg_get(m, "defended_areas");
    for (int i = 0; areas && i < sw_cfg_len(areas); i++) {
        if ((rc = grow((void **)&L->areas, L->n_areas, sizeof *L->areas, err)) ||
            (rc = read_area(sw_cfg_at(areas, i), code, &L->areas[L->n_areas], err)))
            return rc;
        L->n_areas++;
    }
    const sw_cfg *sens = sw_cfg_get(m, "sensors");
    if (sens && sw_cfg_type(sens) == SW_CFG_SEQ)
        for (int i = 0; i < sw_cfg_len(sens); i++) {
            if ((rc = grow((void **)&L->radars, L->n_radars, sizeof *L->radars, err)) ||
                (rc = read_sensor(sw_cfg_at(sens, i), code, &L->radars[L->n_radars], err)))
                return rc;
            L->n_radars++;
        }
    return SW_OK;
}

sw_rc web_layers_load(web_layers *L, const char *path, sw_err *err)
{
    memset(L, 0, sizeof *L);
    L->origin[0] = L->origin[1] = L->origin[2] = NAN;
    sw_cfg_doc *doc;
    sw_rc rc = sw_cfg_load_file(&doc, path, err);
    if (rc)
        return rc;
    const sw_cfg *root = sw_cfg_root(doc);
    if (sw_cfg_type(root) != SW_CFG_MAP) {
        rc = where_err(err, root, "expected a scenario or a node configuration (a map)");
        goto out;
    }
    const sw_cfg *origin = sw_cfg_get(root, "origin");
    if (origin) {
        if (sw_cfg_len(origin) == 2)
            rc = sw_cfg_get_vec(root, "origin", 2, L->origin, err), L->origin[2] = 0;
        else
            rc = sw_cfg_get_vec(root, "origin", 3, L->origin, err);
        if (rc)
            goto out;
    }
    const sw_cfg *nations = sw_cfg_get(root, "nations");
    if (nations && sw_cfg_type(nations) == SW_CFG_SEQ) {
        for (int i = 0; i < sw_cfg_len(nations); i++) {
            const sw_cfg *m = sw_cfg_at(nations, i);
            const char *code;
            if ((rc = sw_cfg_get_str(m, "code", &code, err)) ||
                (rc = read_nation(L, m, code, err)))
                goto out;
        }
    } else {
        const char *nation;
        if ((rc = sw_cfg_get_str(root, "nation", &nation, err)))
            goto out;
        const sw_cfg *co = sw_cfg_get(root, "coalition");
        for (int i = 0; co && i < sw_cfg_len(co) && L->n_nations < WEB_MAX_NATIONS; i++) {
            const char *t = sw_cfg_text(sw_cfg_at(co, i));
            if (t)
                snprintf(L->nations[L->n_nations++], 4, "%s", t);
        }
        int had = L->n_nations;
        if ((rc = read_nation(L, root, nation, err)))
            goto out;
        if (had)
            L->n_nations = had; /* the coalition list already names it */
    }
out:
    sw_cfg_free(doc);
    if (rc)
        web_layers_free(L);
    return rc;
}

void web_layers_free(web_layers *L)
{
    free(L->areas);
    free(L->radars);
    L->areas = NULL;
    L->radars = NULL;
    L->n_areas = L->n_radars = 0;
}
