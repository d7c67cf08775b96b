/* web/web_chart_map.c - the picture at the end of a run: land and country borders from the
 * world-atlas TopoJSON (Natural Earth, installed by npm for the page; read here with cJSON and
 * decoded per the TopoJSON spec: quantised, delta-encoded arcs, rings as arc indexes where ~i
 * means arc i reversed), defended areas, radar coverage, truth as grey lines and tracks as
 * coloured lines ending in their symbol, in a Mercator projection of the region. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_chart_int.h"

typedef struct topo {
    cJSON *root;
    double sx, sy, tx, ty;   /* transform (scale 1, translate 0 when absent) */
    int quantized;
    const cJSON *arcs;
} topo;

typedef struct proj {
    double k, x0, y0;        /* pixel = (k * lon_rad + x0, y0 - k * merc(lat)) */
} proj;

static double merc(double lat_deg)
{
    double f = lat_deg * M_PI / 180;
    return log(tan(M_PI / 4 + f / 2));
}

static void project(const proj *p, double lat, double lon, double *x, double *y)
{
    *x = p->x0 + p->k * lon * M_PI / 180;
    *y = p->y0 - p->k * merc(lat);
}

static sw_rc topo_parse(topo *t, const char *buf, size_t n, const char *name, sw_err *err)
{
    memset(t, 0, sizeof *t);
    t->root = cJSON_ParseWithLength(buf, n);
    t->arcs = t->root ? cJSON_GetObjectItem(t->root, "arcs") : NULL;
    if (!cJSON_IsArray(t->arcs)) {
        cJSON_Delete(t->root);
        t->root = NULL;
        return sw_err_set(err, SW_EFORMAT, "%s: not a TopoJSON topology (no 'arcs')", name);
    }
    t->sx = t->sy = 1;
    const cJSON *tr = cJSON_GetObjectItem(t->root, "transform");
    const cJSON *sc = tr ? cJSON_GetObjectItem(tr, "scale") : NULL;
    const cJSON *tl = tr ? cJSON_GetObjectItem(tr, "translate") : NULL;
    if (cJSON_GetArraySize(sc) == 2 && cJSON_GetArraySize(tl) == 2) {
        t->quantized = 1;
        t->sx = cJSON_GetArrayItem(sc, 0)->valuedouble;
        t->sy = cJSON_GetArrayItem(sc, 1)->valuedouble;
        t->tx = cJSON_GetArrayItem(tl, 0)->valuedouble;
        t->ty = cJSON_GetArrayItem(tl, 1)->valuedouble;
    }
    return SW_OK;
}

static sw_rc topo_load(topo *t, const char *path, sw_err *err)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: cannot read", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n > 0 && n < (64L << 20) ? malloc((size_t)n) : NULL;
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return sw_err_set(err, SW_EIO, "%s: cannot read (%ld bytes)", path, n);
    }
    fclose(f);
    sw_rc rc = topo_parse(t, buf, (size_t)n, path, err);
    free(buf);
    return rc;
}

/* Adds arc i (reversed when i < 0, as ~i) to the current path; first: move to its start. */
static void trace_arc(cairo_t *cr, const topo *t, const proj *p, int i, int first)
{
    int rev = i < 0;
    const cJSON *arc = cJSON_GetArrayItem(t->arcs, rev ? ~i : i);
    int n = cJSON_GetArraySize(arc);
    if (n <= 0)
        return;
    double *pts = malloc((size_t)n * 2 * sizeof *pts), x = 0, y = 0;
    if (!pts)
        return;
    for (int k = 0; k < n; k++) {
        const cJSON *q = cJSON_GetArrayItem(arc, k);
        double a = cJSON_GetArrayItem(q, 0) ? cJSON_GetArrayItem(q, 0)->valuedouble : 0;
        double b = cJSON_GetArrayItem(q, 1) ? cJSON_GetArrayItem(q, 1)->valuedouble : 0;
        if (t->quantized) {
            x += a;
            y += b;
            a = x * t->sx + t->tx;
            b = y * t->sy + t->ty;
        }
        pts[2 * k] = a;   /* lon */
        pts[2 * k + 1] = b; /* lat */
    }
    for (int k = 0; k < n; k++) {
        int j = rev ? n - 1 - k : k;
        double px, py;
        double lat = pts[2 * j + 1];
        lat = lat > 85 ? 85 : lat < -85 ? -85 : lat;
        project(p, lat, pts[2 * j], &px, &py);
        if (k == 0 && first)
            cairo_move_to(cr, px, py);
        else if (k > 0 || first)
            cairo_line_to(cr, px, py);
    }
    free(pts);
}

static void trace_ring(cairo_t *cr, const topo *t, const proj *p, const cJSON *ring)
{
    const cJSON *a;
    int first = 1;
    cJSON_ArrayForEach(a, ring)
    {
        trace_arc(cr, t, p, a->valueint, first);
        first = 0;
    }
    cairo_close_path(cr);
}

/* Fills land (every polygon of every country) and strokes every arc (coasts and borders). */
static void draw_topo(cairo_t *cr, const topo *t, const proj *p)
{
    const cJSON *objs = cJSON_GetObjectItem(t->root, "objects"), *obj;
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cJSON_ArrayForEach(obj, objs)
    {
        const cJSON *g, *geoms = cJSON_GetObjectItem(obj, "geometries");
        cJSON_ArrayForEach(g, geoms)
        {
            const cJSON *type = cJSON_GetObjectItem(g, "type"), *arcs = cJSON_GetObjectItem(g, "arcs");
            if (!cJSON_IsString(type) || !arcs)
                continue;
            const cJSON *poly, *ring;
            if (!strcmp(type->valuestring, "Polygon")) {
                cJSON_ArrayForEach(ring, arcs) trace_ring(cr, t, p, ring);
            } else if (!strcmp(type->valuestring, "MultiPolygon")) {
                cJSON_ArrayForEach(poly, arcs)
                    cJSON_ArrayForEach(ring, poly) trace_ring(cr, t, p, ring);
            }
        }
        chart_rgb(cr, 0xeeeae2, 1);
        cairo_fill(cr);
        break; /* the first object (countries) is enough for land */
    }
    cairo_set_line_width(cr, 0.8);
    chart_rgb(cr, 0x8a8f96, 1);
    for (int i = 0; i < cJSON_GetArraySize(t->arcs); i++) {
        trace_arc(cr, t, p, i, 1);
        cairo_stroke(cr);
    }
}

static void circle_path(cairo_t *cr, const proj *p, double lat, double lon, double r_m)
{
    for (int i = 0; i <= 72; i++) {
        double az = i * 5 * M_PI / 180, dn = r_m * cos(az), de = r_m * sin(az);
        double la = lat + dn / 111320, lo = lon + de / (111320 * cos(lat * M_PI / 180)), x, y;
        project(p, la, lo, &x, &y);
        if (i)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
    }
    cairo_close_path(cr);
}

static void draw_layers(cairo_t *cr, const proj *p, const web_picture *pic)
{
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < pic->n_radars; i++) {
        const web_radar *r = &pic->radars[i];
        double x, y;
        if (r->range_m > 0) {
            circle_path(cr, p, r->lat_deg, r->lon_deg, r->range_m);
            chart_rgb(cr, 0x4a90c2, 0.45);
            cairo_stroke(cr);
        }
        project(p, r->lat_deg, r->lon_deg, &x, &y);
        chart_rgb(cr, 0x1f5f8f, 1);
        cairo_rectangle(cr, x - 3, y - 3, 6, 6);
        cairo_fill(cr);
    }
    for (int i = 0; i < pic->n_areas; i++) {
        const web_area *a = &pic->areas[i];
        if (a->n_pts <= 0) {
            circle_path(cr, p, a->center_lat_deg, a->center_lon_deg, a->radius_m);
        } else {
            for (int k = 0; k < a->n_pts && k < WEB_AREA_MAX_PTS; k++) {
                double x, y;
                project(p, a->pts[k][0], a->pts[k][1], &x, &y);
                if (k)
                    cairo_line_to(cr, x, y);
                else
                    cairo_move_to(cr, x, y);
            }
            cairo_close_path(cr);
        }
        chart_rgb(cr, 0xe6a100, 0.25);
        cairo_fill_preserve(cr);
        chart_rgb(cr, 0xb07a00, 1);
        cairo_stroke(cr);
    }
}

static uint32_t class_rgb(int cls)
{
    switch (cls) {
    case 2: return 0xd62728; /* ballistic */
    case 3: return 0xff7f0e; /* cruise */
    case 4: return 0x9467bd; /* drone */
    case 1: return 0x1f77b4; /* aircraft */
    default: return 0x138d75; /* unknown: green, apart from the grey truth */
    }
}

static void draw_path(cairo_t *cr, const proj *p, const web_pic_path *w, uint32_t rgb, double lw,
                      int symbol)
{
    if (!w->n)
        return;
    int pen = 0;
    double x = 0, y = 0;
    for (size_t k = 0; k < w->n; k++) {
        if (!isfinite(w->lat[k]) || !isfinite(w->lon[k])) {
            pen = 0;
            continue;
        }
        project(p, w->lat[k], w->lon[k], &x, &y);
        if (pen)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        pen = 1;
    }
    chart_rgb(cr, rgb, 1);
    cairo_set_line_width(cr, lw);
    cairo_stroke(cr);
    if (symbol && pen) {
        cairo_arc(cr, x, y, 3.5, 0, 2 * M_PI);
        cairo_fill(cr);
    }
}

sw_rc chart_topo_render(const char *json, size_t n, int w, int h, sw_err *err)
{
    topo t;
    sw_rc rc = topo_parse(&t, json, n, "topology", err);
    if (rc)
        return rc;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    proj p = {w / (60 * M_PI / 180), -24 * w / (60 * M_PI / 180) * M_PI / 180, h / 2.0};
    draw_topo(cr, &t, &p);
    rc = cairo_status(cr) == CAIRO_STATUS_SUCCESS ? SW_OK
                                                   : sw_err_set(err, SW_EFORMAT, "topology: "
                                                                "cannot be drawn");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    cJSON_Delete(t.root);
    return rc;
}

sw_rc web_chart_picture(const char *path, const web_picture *pic, sw_err *err)
{
    double la0 = pic->lat_min, la1 = pic->lat_max, lo0 = pic->lon_min, lo1 = pic->lon_max;
    if (la0 == 0 && la1 == 0 && lo0 == 0 && lo1 == 0) {
        la0 = 12;
        la1 = 35;
        lo0 = 24;
        lo1 = 60;
    }
    if (!(la1 > la0) || !(lo1 > lo0) || fabs(la0) > 85 || fabs(la1) > 85)
        return sw_err_set(err, SW_EINVAL, "%s: bad map bounds", path);
    topo t = {0};
    char tp[4096];
    const char *tpath = pic->topojson;
    if (!tpath && !web_find_under_page("node_modules/world-atlas/countries-50m.json", tp, sizeof tp))
        tpath = tp;
    sw_rc rc;
    if (tpath && *tpath && (rc = topo_load(&t, tpath, err)))
        return rc;
    chart_canvas cv;
    if ((rc = chart_open(&cv, path, pic->width > 0 ? pic->width : 1400,
                         pic->height > 0 ? pic->height : 1000, err))) {
        cJSON_Delete(t.root);
        return rc;
    }
    cairo_t *cr = cv.cr;
    /* Mercator fitted to the box, centred */
    double top = 58, W = cv.w - 20, H = cv.h - top - 20;
    double dx = (lo1 - lo0) * M_PI / 180, dy = merc(la1) - merc(la0);
    proj p;
    p.k = W / dx < H / dy ? W / dx : H / dy;
    p.x0 = 10 + (W - p.k * dx) / 2 - p.k * lo0 * M_PI / 180;
    p.y0 = top + (H - p.k * dy) / 2 + p.k * merc(la1);
    chart_rgb(cr, 0xd4e6f1, 1); /* sea */
    cairo_rectangle(cr, 0, top, cv.w, cv.h - top);
    cairo_fill(cr);
    cairo_save(cr);
    cairo_rectangle(cr, 0, top, cv.w, cv.h - top);
    cairo_clip(cr);
    if (t.root)
        draw_topo(cr, &t, &p);
    draw_layers(cr, &p, pic);
    for (size_t i = 0; i < pic->n_truth; i++)
        draw_path(cr, &p, &pic->truth[i], 0x555555, 1.0, 0);
    for (size_t i = 0; i < pic->n_tracks; i++)
        draw_path(cr, &p, &pic->tracks[i], class_rgb(pic->tracks[i].cls), 2.0, 1);
    cairo_restore(cr);
    chart_rgb(cr, 0x000000, 1);
    chart_text(cr, 12, 24, 16, 1, pic->title ? pic->title : "The picture");
    char leg[200];
    snprintf(leg, sizeof leg, "grey: truth (%zu)   colour: system tracks (%zu) - blue aircraft, "
             "red ballistic, orange cruise, purple drone, green not yet classified   amber: "
             "defended areas   blue rings: radar cover",
             pic->n_truth, pic->n_tracks);
    chart_text(cr, 12, 46, 11, 0, leg);
    cJSON_Delete(t.root);
    return chart_close(&cv, path, err);
}
