/* geo/sensors.c - loading the sensors file into sw_sensor records. */
#include "geo/sensors.h"
#include <arpa/inet.h>
#include <stdlib.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const geo_sensor_keys[] = {
    "id", "name", "nation", "type", "sac", "sic", "lat_deg", "lon_deg", "alt_m", "x_m", "y_m",
    "z_m", "sd_range_m", "sd_azimuth_deg", "sd_elevation_deg", "sd_xy_m", "sd_z_m", "scan_s",
    "range_max_m", NULL};

static const char *type_names[] = {"cart", "psr", "ssr", "3d", "adsb"};

const char *geo_sensor_type_name(int type)
{
    return type >= 0 && type < 5 ? type_names[type] : "?";
}

static int keys_allowed(const sw_cfg *node, const char *const *extra, sw_err *err)
{
    const char *all[64];
    int n = 0;
    for (const char *const *k = geo_sensor_keys; *k; k++)
        all[n++] = *k;
    for (const char *const *k = extra; k && *k && n < 63; k++)
        all[n++] = *k;
    all[n] = NULL;
    return sw_cfg_check_keys(node, all, err);
}

sw_rc geo_sensor_parse(const sw_cfg *node, const geo_frame *origin, const char *const *extra,
                       sw_sensor *s, geo_radar *radar, int *has_site, sw_err *err)
{
    char where[300];
    memset(s, 0, sizeof *s);
    *has_site = 0;
    if (sw_cfg_type(node) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: a sensor must be a map",
                          sw_cfg_where(node, where, sizeof where));
    sw_rc rc = keys_allowed(node, extra, err);
    if (rc)
        return rc;
    const char *type, *name, *nation;
    long id, sac, sic;
    if ((rc = sw_cfg_opt_str(node, "type", "ssr", &type, err)) ||
        (rc = sw_cfg_opt_str(node, "name", "", &name, err)) ||
        (rc = sw_cfg_opt_str(node, "nation", "", &nation, err)) ||
        (rc = sw_cfg_opt_int(node, "sac", -1, &sac, err)) ||
        (rc = sw_cfg_opt_int(node, "sic", -1, &sic, err)))
        return rc;
    s->type = 255;
    for (int i = 0; i < 5; i++)
        if (strcmp(type, type_names[i]) == 0)
            s->type = (uint8_t)i;
    if (s->type == 255)
        return sw_err_set(err, SW_EFORMAT, "%s: 'type': '%s' is not one of cart, psr, ssr, 3d, adsb",
                          sw_cfg_where(sw_cfg_get(node, "type"), where, sizeof where), type);
    if ((sac >= 0) != (sic >= 0) || sac > 255 || sic > 255)
        return sw_err_set(err, SW_EFORMAT, "%s: 'sac' and 'sic' go together, each 0..255",
                          sw_cfg_where(node, where, sizeof where));
    if ((rc = sw_cfg_opt_int(node, "id", sac >= 0 ? sac * 256 + sic : -1, &id, err)))
        return rc;
    if (id < 0 || id > 0xffffffffL)
        return sw_err_set(err, SW_EFORMAT, "%s: a sensor needs an 'id' (or 'sac' and 'sic')",
                          sw_cfg_where(node, where, sizeof where));
    s->id = (uint32_t)id;
    s->sac = (uint8_t)(sac < 0 ? 0 : sac);
    s->sic = (uint8_t)(sic < 0 ? 0 : sic);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->nation, sizeof s->nation, "%s", nation);

    double sd_az, sd_el;
    if ((rc = sw_cfg_opt_num(node, "sd_range_m", 50.0, &s->sd_range_m, err)) ||
        (rc = sw_cfg_opt_num(node, "sd_azimuth_deg", 0.1, &sd_az, err)) ||
        (rc = sw_cfg_opt_num(node, "sd_elevation_deg", 0.3, &sd_el, err)) ||
        (rc = sw_cfg_opt_num(node, "sd_xy_m", 50.0, &s->sd_xy_m, err)) ||
        (rc = sw_cfg_opt_num(node, "sd_z_m", 100.0, &s->sd_z_m, err)) ||
        (rc = sw_cfg_opt_num(node, "scan_s", 0.0, &s->scan_s, err)) ||
        (rc = sw_cfg_opt_num(node, "range_max_m", 0.0, &s->range_max_m, err)))
        return rc;
    s->sd_az_rad = sd_az * GEO_DEG;
    s->sd_el_rad = sd_el * GEO_DEG;
    if (!(s->sd_range_m > 0) || !(s->sd_az_rad > 0) || !(s->sd_el_rad > 0) || !(s->sd_xy_m > 0) ||
        !(s->sd_z_m > 0) || s->scan_s < 0 || s->range_max_m < 0)
        return sw_err_set(err, SW_EFORMAT, "%s: accuracies must be > 0, scan_s and range_max_m >= 0",
                          sw_cfg_where(node, where, sizeof where));

    int geo_site = sw_cfg_get(node, "lat_deg") || sw_cfg_get(node, "lon_deg");
    int enu_site = sw_cfg_get(node, "x_m") || sw_cfg_get(node, "y_m");
    if (geo_site && enu_site)
        return sw_err_set(err, SW_EFORMAT, "%s: give the site either as lat_deg/lon_deg or as x_m/y_m",
                          sw_cfg_where(node, where, sizeof where));
    sw_mat_identity(3, s->rot);
    if (geo_site) {
        if ((rc = sw_cfg_get_num(node, "lat_deg", &s->lat_deg, err)) ||
            (rc = sw_cfg_get_num(node, "lon_deg", &s->lon_deg, err)) ||
            (rc = sw_cfg_opt_num(node, "alt_m", 0.0, &s->alt_m, err)))
            return rc;
        if (fabs(s->lat_deg) > 90 || fabs(s->lon_deg) > 180)
            return sw_err_set(err, SW_EFORMAT, "%s: latitude or longitude out of range",
                              sw_cfg_where(node, where, sizeof where));
        if (!origin)
            return sw_err_set(err, SW_EFORMAT,
                              "%s: a site in lat/lon needs an 'origin' for the common frame",
                              sw_cfg_where(node, where, sizeof where));
        geo_radar_init(radar, origin, s->lat_deg, s->lon_deg, s->alt_m);
        memcpy(s->site, radar->site_c, sizeof s->site);
        memcpy(s->rot, radar->rot, sizeof s->rot);
        *has_site = 1;
    } else {
        if ((rc = sw_cfg_opt_num(node, "x_m", 0.0, &s->site[0], err)) ||
            (rc = sw_cfg_opt_num(node, "y_m", 0.0, &s->site[1], err)) ||
            (rc = sw_cfg_opt_num(node, "z_m", 0.0, &s->site[2], err)))
            return rc;
        if (origin) {
            double lat, lon, h;
            geo_enu_to_lla(origin, s->site, &lat, &lon, &h);
            s->lat_deg = lat;
            s->lon_deg = lon;
            s->alt_m = h;
        }
    }
    return SW_OK;
}

/* A.B.C.D or A.B.C.D/LEN */
static int ipv4_prefix_ok(const char *txt)
{
    char ip[32];
    const char *slash = strchr(txt, '/');
    size_t n = slash ? (size_t)(slash - txt) : strlen(txt);
    if (n >= sizeof ip)
        return 0;
    memcpy(ip, txt, n);
    ip[n] = 0;
    struct in_addr a;
    if (inet_pton(AF_INET, ip, &a) != 1)
        return 0;
    if (!slash)
        return 1;
    char *end;
    long len = strtol(slash + 1, &end, 10);
    return end != slash + 1 && !*end && len >= 0 && len <= 32;
}

sw_rc geo_sensor_source(const sw_cfg *node, char *out, size_t cap, sw_err *err)
{
    const sw_cfg *v = sw_cfg_get(node, "source");
    char where[300];
    size_t len = 0;
    out[0] = 0;
    if (!v)
        return SW_OK;
    int seq = sw_cfg_type(v) == SW_CFG_SEQ, n = seq ? sw_cfg_len(v) : 1;
    for (int i = 0; i < n; i++) {
        const sw_cfg *e = seq ? sw_cfg_at(v, i) : v;
        const char *txt = sw_cfg_type(e) == SW_CFG_SCALAR ? sw_cfg_text(e) : NULL;
        if (!txt || !*txt || strchr(txt, ',') || !ipv4_prefix_ok(txt))
            return sw_err_set(err, SW_EFORMAT, "%s: 'source': an address A.B.C.D[/LEN] or a list "
                              "of them (where the sensor's datagrams come from), not '%s'",
                              sw_cfg_where(e, where, sizeof where), txt ? txt : "");
        int w = snprintf(out + len, cap - len, "%s%s", len ? "," : "", txt);
        if (w < 0 || (size_t)w >= cap - len)
            return sw_err_set(err, SW_EFULL, "%s: 'source': too many addresses",
                              sw_cfg_where(v, where, sizeof where));
        len += (size_t)w;
    }
    return SW_OK;
}

sw_rc geo_sensors_load(geo_sensor_set *set, const char *path, const geo_frame *origin,
                       sw_err *err)
{
    memset(set, 0, sizeof *set);
    sw_cfg_doc *doc;
    sw_rc rc = sw_cfg_load_file(&doc, path, err);
    if (rc)
        return rc;
    const sw_cfg *root = sw_cfg_root(doc), *list;
    static const char *const top[] = {"origin", "sensors", NULL};
    char where[300];
    if ((rc = sw_cfg_check_keys(root, top, err)) || (rc = sw_cfg_get_seq(root, "sensors", &list, err)))
        goto out;
    if (origin) {
        set->origin = *origin;
        set->has_origin = 1;
    } else if (sw_cfg_get(root, "origin")) {
        double o[3];
        if ((rc = sw_cfg_get_vec(root, "origin", 3, o, err)))
            goto out;
        geo_frame_init(&set->origin, o[0], o[1], o[2]);
        set->has_origin = 1;
    }
    if (sw_cfg_len(list) > GEO_MAX_SENSORS) {
        rc = sw_err_set(err, SW_EFULL, "%s: more than %d sensors",
                        sw_cfg_where(list, where, sizeof where), GEO_MAX_SENSORS);
        goto out;
    }
    static const char *const file_keys[] = {"source", NULL};
    for (int i = 0; i < sw_cfg_len(list); i++) {
        int has_site;
        rc = geo_sensor_parse(sw_cfg_at(list, i), set->has_origin ? &set->origin : NULL,
                              file_keys, &set->s[i], &set->radar[i], &has_site, err);
        if (!rc)
            rc = geo_sensor_source(sw_cfg_at(list, i), set->source[i], sizeof set->source[i], err);
        if (rc)
            goto out;
        set->has_site[i] = (unsigned char)has_site;
        if (geo_sensors_find(set, set->s[i].id) >= 0) {
            rc = sw_err_set(err, SW_EFORMAT, "%s: duplicate sensor id %u",
                            sw_cfg_where(sw_cfg_at(list, i), where, sizeof where), set->s[i].id);
            goto out;
        }
        set->n++;
    }
out:
    sw_cfg_free(doc);
    return rc;
}

int geo_sensors_find(const geo_sensor_set *set, uint32_t id)
{
    for (int i = 0; i < set->n; i++)
        if (set->s[i].id == id)
            return i;
    return -1;
}

int geo_sensors_find_sacsic(const geo_sensor_set *set, int sac, int sic)
{
    for (int i = 0; i < set->n; i++)
        if (set->s[i].sac == sac && set->s[i].sic == sic)
            return i;
    return -1;
}
