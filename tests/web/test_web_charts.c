/* tests/web/test_web_charts.c - the demo's pictures: files are written with the asked size, and
 * the pixels are where the data says (a constant series on its row, land filled inside a country
 * of a small TopoJSON the test writes, a track's colour at its last point, a marker per event
 * that happened and none for one that did not); SVG output; errors for bad paths and no data. */
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/sw_test.h"
#include "web/charts.h"

/* fontconfig (behind cairo's text) keeps its caches for the life of the process: not a leak of
 * ours, so LeakSanitizer is told to skip it (the hook is only read in sanitizer builds). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig\n";
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    return *(const uint32_t *)(d + y * stride + x * 4) & 0xffffff;
}

static int near_rgb(uint32_t a, uint32_t b, int tol)
{
    for (int k = 0; k < 24; k += 8)
        if (abs((int)(a >> k & 255) - (int)(b >> k & 255)) > tol)
            return 0;
    return 1;
}

static int count_rgb(cairo_surface_t *s, uint32_t rgb, int tol)
{
    int n = 0, w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            n += near_rgb(pixel(s, x, y), rgb, tol);
    return n;
}

static cairo_surface_t *load(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), w);
    assert_int_equal(cairo_image_surface_get_height(s), h);
    return s;
}

static void test_lines(void **state)
{
    (void)state;
    char p[64];
    sw_test_tmp(p, "lines.png");
    double t[50], half[50], ramp[50];
    for (int i = 0; i < 50; i++) {
        t[i] = i * 2.0;
        half[i] = 0.5;
        ramp[i] = i == 25 ? NAN : i / 49.0;
    }
    web_series s[2] = {{"commonality", t, half, 50, 0xff0000}, {"ospa", t, ramp, 50, 0x0000ff}};
    web_chart_opts o;
    web_chart_opts_init(&o);
    o.width = 640;
    o.height = 360;
    o.ymin = 0;
    o.ymax = 1;
    o.title = "test";
    sw_err err;
    assert_int_equal(web_chart_lines(p, &o, s, 2, &err), 0);
    cairo_surface_t *img = load(p, 640, 360);
    /* the constant 0.5 series sits half-way down the plot area */
    int x = 200, mid = WEB_CHART_MT + (360 - WEB_CHART_MB - WEB_CHART_MT) / 2, found = -1;
    for (int y = WEB_CHART_MT; y < 360 - WEB_CHART_MB; y++)
        if (near_rgb(pixel(img, x, y), 0xff0000, 60)) {
            found = y;
            break;
        }
    assert_true(abs(found - mid) <= 2);
    assert_true(near_rgb(pixel(img, 2, 2), 0xffffff, 0));
    assert_true(count_rgb(img, 0x0000ff, 60) > 300);
    cairo_surface_destroy(img);
    remove(p);
    /* SVG by extension */
    sw_test_tmp(p, "lines.svg");
    assert_int_equal(web_chart_lines(p, &o, s, 2, &err), 0);
    FILE *f = fopen(p, "r");
    char head[4096] = "";
    assert_non_null(f);
    size_t n = fread(head, 1, sizeof head - 1, f);
    head[n] = 0;
    fclose(f);
    assert_non_null(strstr(head, "<svg"));
    remove(p);
    /* errors */
    assert_int_equal(web_chart_lines("/nonexistent/dir/x.png", &o, s, 2, &err), SW_EIO);
    assert_int_equal(web_chart_lines("/nonexistent/dir/x.svg", &o, s, 2, &err), SW_EIO);
    assert_int_equal(web_chart_lines("/tmp/x.jpg", &o, s, 2, &err), SW_EINVAL);
    assert_int_equal(web_chart_lines("/tmp/x.png", &o, s, 0, &err), SW_EINVAL);
}

static void test_picture(void **state)
{
    (void)state;
    /* a one-country topology: a quantised square 30..40 E, 20..30 N, made of one arc */
    char topo[64], p[64];
    sw_test_write(sw_test_tmp(topo, "topo.json"),
                  "{\"type\":\"Topology\",\"transform\":{\"scale\":[0.01,0.01],\"translate\":[30,20]},"
                  "\"objects\":{\"countries\":{\"type\":\"GeometryCollection\",\"geometries\":["
                  "{\"type\":\"Polygon\",\"arcs\":[[0]]}]}},"
                  "\"arcs\":[[[0,0],[1000,0],[0,1000],[-1000,0],[0,-1000]]]}");
    double lat[3] = {22, 23, 24}, lon[3] = {50, 51, 52}, tlat[3] = {22, 23, 24},
           tlon[3] = {50.05, 51.05, 52.05};
    web_pic_path truth = {1, -1, lat, lon, 3}, trk = {7, 2, tlat, tlon, 3};
    web_picture pic;
    memset(&pic, 0, sizeof pic);
    pic.topojson = topo;
    pic.lat_min = 15;
    pic.lat_max = 35;
    pic.lon_min = 25;
    pic.lon_max = 60;
    pic.truth = &truth;
    pic.n_truth = 1;
    pic.tracks = &trk;
    pic.n_tracks = 1;
    pic.width = 800;
    pic.height = 600;
    sw_err err;
    sw_test_tmp(p, "pic.png");
    assert_int_equal(web_chart_picture(p, &pic, &err), 0);
    cairo_surface_t *img = load(p, 800, 600);
    /* the map box is 35 deg of longitude over 780 px: 35 E is x = 10 + 10/35*780 */
    double k = 780 / (35 * M_PI / 180);
    int x35 = (int)lround(10 + k * 10 * M_PI / 180);
    int x52 = (int)lround(10 + k * 27.05 * M_PI / 180);
    int land = 0;
    for (int y = 40; y < 600; y++)
        land += near_rgb(pixel(img, x35, y), 0xeeeae2, 8);
    assert_true(land > 100);                              /* inside the square */
    int sea = near_rgb(pixel(img, 780, 580), 0xd4e6f1, 8);
    assert_true(sea);
    /* the ballistic track's colour near its last point */
    int red = 0;
    for (int y = 40; y < 600; y++)
        for (int dx = -4; dx <= 4; dx++)
            red += near_rgb(pixel(img, x52 + dx, y), 0xd62728, 40);
    assert_true(red > 10);
    cairo_surface_destroy(img);
    remove(p);
    /* a broken topology is an error naming the file */
    sw_test_write(topo, "{\"type\":\"Topology\"}");
    assert_int_equal(web_chart_picture(p, &pic, &err), SW_EFORMAT);
    assert_non_null(strstr(err.msg, "topo.json"));
    remove(topo);
}

static void test_timeline(void **state)
{
    (void)state;
    web_tl_row r[3];
    memset(r, 0, sizeof r);
    snprintf(r[0].threat, sizeof r[0].threat, "ballistic 1");
    memcpy(r[0].nation, "QA", 3);
    r[0].t_launch = 100;
    r[0].t_detect = 130;
    r[0].t_warn = 133;
    r[0].t_ack = 150;
    r[0].t_impact = 520;
    r[1] = r[0];
    memcpy(r[1].nation, "BH", 3);
    r[1].t_ack = NAN;
    r[2] = r[1];
    memcpy(r[2].nation, "SA", 3);
    r[2].t_warn = NAN;
    char p[64];
    sw_test_tmp(p, "tl.png");
    sw_err err;
    assert_int_equal(web_chart_timeline(p, NULL, r, 3, 0, &err), 0);
    cairo_surface_t *img = load(p, 1200, 56 + 3 * 34 + 90);
    /* one acknowledged row: one green 10x10 square in the rows plus the legend's */
    int green = count_rgb(img, 0x2ca02c, 10);
    assert_true(green >= 2 * 80 && green <= 2 * 110);
    cairo_surface_destroy(img);
    for (int i = 0; i < 3; i++)
        r[i].t_ack = NAN;
    assert_int_equal(web_chart_timeline(p, NULL, r, 3, 0, &err), 0);
    img = load(p, 1200, 56 + 3 * 34 + 90);
    green = count_rgb(img, 0x2ca02c, 10);
    assert_true(green >= 80 && green <= 110); /* only the legend's */
    cairo_surface_destroy(img);
    remove(p);
    assert_int_equal(web_chart_timeline(p, NULL, r, 0, 0, &err), SW_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_picture),
        cmocka_unit_test(test_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
