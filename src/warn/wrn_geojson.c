/* warn/wrn_geojson.c - defended areas from GeoJSON (RFC 7946) with cJSON.
 *
 * Accepted: a FeatureCollection or a single Feature.  Geometry Polygon (outer ring; holes are
 * ignored, so a hole never suppresses a warning), MultiPolygon (one area per part, named
 * "name#1", "name#2", ...), or Point with a `radius_km` property (a circle).  Properties: `name`
 * (required), `nation` (or the caller's default), `priority` (1..9, default 1).  Positions are
 * [lon, lat] as RFC 7946 says.  Errors name the file, the feature index and the property. */
#include "warn/wrn_area.h"
#include "warn/wrn_io.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GEOJSON_BYTES (64u << 20)

static sw_rc ring(wrn_areas *s, const cJSON *r, const char *nation, const char *name, int prio,
                  const char *file, int fi, sw_err *err)
{
    int n = cJSON_GetArraySize(r);
    if (!cJSON_IsArray(r) || n < 4 || n > WRN_AREA_MAX_VERT + 1)
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): a polygon ring has 4 to %d "
                          "positions (first = last)", file, fi, name, WRN_AREA_MAX_VERT + 1);
    double (*ll)[2] = malloc(sizeof *ll * (size_t)n);
    if (!ll)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    int i = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, r)
    {
        const cJSON *lon = cJSON_GetArrayItem(p, 0), *lat = cJSON_GetArrayItem(p, 1);
        if (!cJSON_IsArray(p) || !cJSON_IsNumber(lon) || !cJSON_IsNumber(lat)) {
            free(ll);
            return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): position %d is not "
                              "[lon, lat]", file, fi, name, i + 1);
        }
        ll[i][0] = lat->valuedouble;
        ll[i][1] = lon->valuedouble;
        i++;
    }
    sw_rc rc = wrn_areas_add_polygon(s, nation, name, prio, (const double (*)[2])ll, n, err);
    free(ll);
    if (rc)
        sw_err_prefix(err, "%s: feature %d", file, fi);
    return rc;
}

static sw_rc feature(wrn_areas *s, const cJSON *f, const char *def_nation, const char *file,
                     int fi, sw_err *err)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(f, "type");
    if (!cJSON_IsObject(f) || !cJSON_IsString(type) || strcmp(type->valuestring, "Feature"))
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d: not a GeoJSON Feature", file, fi);
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
    const cJSON *geom = cJSON_GetObjectItemCaseSensitive(f, "geometry");
    const cJSON *jn = cJSON_GetObjectItemCaseSensitive(props, "name");
    const cJSON *jnat = cJSON_GetObjectItemCaseSensitive(props, "nation");
    const cJSON *jp = cJSON_GetObjectItemCaseSensitive(props, "priority");
    if (!cJSON_IsString(jn))
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d: properties.name (a string) is "
                          "required", file, fi);
    const char *name = jn->valuestring;
    const char *nation = cJSON_IsString(jnat) ? jnat->valuestring : def_nation;
    if (jnat && !cJSON_IsString(jnat))
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): properties.nation must be a "
                          "string", file, fi, name);
    if (!nation)
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): no properties.nation", file, fi,
                          name);
    int prio = 1;
    if (jp) {
        /* range first: casting an out-of-range double to int is undefined */
        if (!cJSON_IsNumber(jp) || !(jp->valuedouble >= 0 && jp->valuedouble <= 1000) ||
            jp->valuedouble != (int)jp->valuedouble)
            return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): properties.priority must be "
                              "an integer 0..1000", file, fi, name);
        prio = (int)jp->valuedouble;
    }
    const cJSON *gt = cJSON_GetObjectItemCaseSensitive(geom, "type");
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    if (!cJSON_IsObject(geom) || !cJSON_IsString(gt) || !cJSON_IsArray(co))
        return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): geometry with type and "
                          "coordinates required", file, fi, name);
    const char *g = gt->valuestring;
    if (!strcmp(g, "Polygon"))
        return ring(s, cJSON_GetArrayItem(co, 0), nation, name, prio, file, fi, err);
    if (!strcmp(g, "MultiPolygon")) {
        int np = cJSON_GetArraySize(co);
        if (np < 1)
            return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): empty MultiPolygon", file,
                              fi, name);
        for (int k = 0; k < np; k++) {
            char part[WRN_AREA_NAME + 8];
            if (np == 1)
                snprintf(part, sizeof part, "%s", name);
            else
                snprintf(part, sizeof part, "%s#%d", name, k + 1);
            sw_rc rc = ring(s, cJSON_GetArrayItem(cJSON_GetArrayItem(co, k), 0), nation, part,
                            prio, file, fi, err);
            if (rc)
                return rc;
        }
        return SW_OK;
    }
    if (!strcmp(g, "Point")) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(props, "radius_km");
        const cJSON *lon = cJSON_GetArrayItem(co, 0), *lat = cJSON_GetArrayItem(co, 1);
        if (!cJSON_IsNumber(r))
            return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): a Point needs "
                              "properties.radius_km", file, fi, name);
        if (!cJSON_IsNumber(lon) || !cJSON_IsNumber(lat))
            return sw_err_set(err, SW_EFORMAT, "%s: feature %d (%s): Point coordinates are "
                              "[lon, lat]", file, fi, name);
        sw_rc rc = wrn_areas_add_circle(s, nation, name, prio, lat->valuedouble, lon->valuedouble,
                                        r->valuedouble * 1000.0, err);
        if (rc)
            sw_err_prefix(err, "%s: feature %d", file, fi);
        return rc;
    }
    return sw_err_set(err, SW_EUNSUPPORTED, "%s: feature %d (%s): geometry type '%s' (Polygon, "
                      "MultiPolygon or Point with radius_km)", file, fi, name, g);
}

sw_rc wrn_areas_parse_geojson(wrn_areas *s, const char *text, size_t len, const char *name,
                              const char *def_nation, sw_err *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        return sw_err_set(err, SW_EFORMAT, "%s: byte %zu: not valid JSON", name, off);
    }
    sw_rc rc = SW_OK;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    if (!cJSON_IsString(type)) {
        rc = sw_err_set(err, SW_EFORMAT, "%s: not a GeoJSON object (no \"type\")", name);
    } else if (!strcmp(type->valuestring, "FeatureCollection")) {
        const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "features");
        if (!cJSON_IsArray(fs)) {
            rc = sw_err_set(err, SW_EFORMAT, "%s: FeatureCollection without a features array",
                            name);
        } else {
            int i = 0;
            const cJSON *f;
            cJSON_ArrayForEach(f, fs)
            {
                if ((rc = feature(s, f, def_nation, name, i++, err)))
                    break;
            }
        }
    } else if (!strcmp(type->valuestring, "Feature")) {
        rc = feature(s, root, def_nation, name, 0, err);
    } else {
        rc = sw_err_set(err, SW_EFORMAT, "%s: GeoJSON type '%s' (expected FeatureCollection or "
                        "Feature)", name, type->valuestring);
    }
    cJSON_Delete(root);
    return rc;
}

sw_rc wrn_areas_load_geojson(wrn_areas *s, const char *path, const char *def_nation, sw_err *err)
{
    char *buf;
    size_t len;
    sw_rc rc = wrn_read_file(path, MAX_GEOJSON_BYTES, &buf, &len, err);
    if (rc)
        return rc;
    rc = wrn_areas_parse_geojson(s, buf, len, path, def_nation, err);
    free(buf);
    return rc;
}
