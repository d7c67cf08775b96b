/* web/web_chart.c - line charts of (t, value) series with cairo, and the canvas helpers the
 * other pictures share.  Axes use "nice" 1-2-5 ticks; a NAN value breaks a line rather than
 * joining across a gap in the data. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-svg.h>

#include "web/web_chart_int.h"

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcasecmp(s + a - b, suf);
}

sw_rc chart_open(chart_canvas *c, const char *path, int w, int h, sw_err *err)
{
    memset(c, 0, sizeof *c);
    if (!path || w < 50 || h < 50 || w > 20000 || h > 20000)
        return sw_err_set(err, SW_EINVAL, "chart: bad size %dx%d or no path", w, h);
    c->w = w;
    c->h = h;
    if (ends_with(path, ".png")) {
        c->png = 1;
        c->surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    } else if (ends_with(path, ".svg")) {
        FILE *f = fopen(path, "w"); /* cairo reports unwritable paths only at the end */
        if (!f)
            return sw_err_set(err, SW_EIO, "%s: cannot write (%s)", path, strerror(errno));
        fclose(f);
        c->surf = cairo_svg_surface_create(path, w, h);
    } else {
        return sw_err_set(err, SW_EINVAL, "%s: the picture's name must end in .png or .svg", path);
    }
    if (cairo_surface_status(c->surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(c->surf);
        return sw_err_set(err, SW_ENOMEM, "%s: cairo: %s", path,
                          cairo_status_to_string(cairo_surface_status(c->surf)));
    }
    c->cr = cairo_create(c->surf);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    return SW_OK;
}

sw_rc chart_close(chart_canvas *c, const char *path, sw_err *err)
{
    sw_rc rc = SW_OK;
    cairo_status_t st = cairo_status(c->cr);
    cairo_destroy(c->cr);
    if (st != CAIRO_STATUS_SUCCESS)
        rc = sw_err_set(err, SW_EIO, "%s: cairo: %s", path, cairo_status_to_string(st));
    if (!rc && c->png) {
        st = cairo_surface_write_to_png(c->surf, path);
        if (st != CAIRO_STATUS_SUCCESS)
            rc = sw_err_set(err, SW_EIO, "%s: cannot write the PNG (%s)", path,
                            cairo_status_to_string(st));
    }
    cairo_surface_finish(c->surf);
    if (!rc && cairo_surface_status(c->surf) != CAIRO_STATUS_SUCCESS)
        rc = sw_err_set(err, SW_EIO, "%s: cannot write (%s)", path,
                        cairo_status_to_string(cairo_surface_status(c->surf)));
    cairo_surface_destroy(c->surf);
    if (rc)
        unlink(path);
    return rc;
}

void chart_rgb(cairo_t *cr, uint32_t rgb, double alpha)
{
    cairo_set_source_rgba(cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0,
                          (rgb & 255) / 255.0, alpha);
}

uint32_t chart_palette(int i)
{
    static const uint32_t p[] = {0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b,
                                 0xe377c2, 0x17becf};
    return p[(i % 8 + 8) % 8];
}

double chart_tick_step(double range, int n)
{
    if (!(range > 0) || !isfinite(range))
        return 1;
    double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

void chart_text_at(cairo_t *cr, double x, double y, double size, int bold, double ax,
                   const char *s)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - ax * e.x_advance, y);
    cairo_show_text(cr, s);
}

void chart_text(cairo_t *cr, double x, double y, double size, int bold, const char *s)
{
    chart_text_at(cr, x, y, size, bold, 0, s);
}

void web_chart_opts_init(web_chart_opts *o)
{
    memset(o, 0, sizeof *o);
    o->width = 900;
    o->height = 420;
    o->ymin = o->ymax = o->xmin = o->xmax = NAN;
}

static void data_range(const web_series *s, int n, int use_v, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < s[i].n; k++) {
            double v = use_v ? s[i].v[k] : s[i].t[k];
            if (isfinite(v) && isfinite(use_v ? s[i].t[k] : s[i].v[k])) {
                *lo = v < *lo ? v : *lo;
                *hi = v > *hi ? v : *hi;
            }
        }
    if (!isfinite(*lo)) {
        *lo = 0;
        *hi = 1;
    } else if (*hi - *lo < 1e-12) {
        double pad = fabs(*lo) > 0 ? fabs(*lo) * 0.1 : 1;
        *lo -= pad;
        *hi += pad;
    }
}

sw_rc web_chart_lines(const char *path, const web_chart_opts *o, const web_series *s, int n,
                      sw_err *err)
{
    web_chart_opts d;
    if (!o) {
        web_chart_opts_init(&d);
        o = &d;
    }
    if (n <= 0 || !s)
        return sw_err_set(err, SW_EINVAL, "%s: no series to draw", path ? path : "chart");
    chart_canvas cv;
    sw_rc rc = chart_open(&cv, path, o->width > 0 ? o->width : 900,
                          o->height > 0 ? o->height : 420, err);
    if (rc)
        return rc;
    cairo_t *cr = cv.cr;
    double x0, x1, y0, y1;
    data_range(s, n, 0, &x0, &x1);
    data_range(s, n, 1, &y0, &y1);
    if (isfinite(o->xmin)) x0 = o->xmin;
    if (isfinite(o->xmax)) x1 = o->xmax;
    if (isfinite(o->ymin)) y0 = o->ymin;
    if (isfinite(o->ymax)) y1 = o->ymax;
    double L = WEB_CHART_ML, R = cv.w - WEB_CHART_MR, T = WEB_CHART_MT, B = cv.h - WEB_CHART_MB;
#define PX(t) (L + ((t) - x0) / (x1 - x0) * (R - L))
#define PY(v) (B - ((v) - y0) / (y1 - y0) * (B - T))
    /* grid and ticks */
    char lab[64];
    cairo_set_line_width(cr, 1);
    double st = chart_tick_step(y1 - y0, 6);
    for (double v = ceil(y0 / st) * st; v <= y1 + st * 1e-9; v += st) {
        chart_rgb(cr, 0xdddddd, 1);
        cairo_move_to(cr, L, floor(PY(v)) + 0.5);
        cairo_line_to(cr, R, floor(PY(v)) + 0.5);
        cairo_stroke(cr);
        snprintf(lab, sizeof lab, "%g", fabs(v) < st * 1e-9 ? 0.0 : v);
        chart_rgb(cr, 0x333333, 1);
        chart_text_at(cr, L - 6, PY(v) + 4, 11, 0, 1, lab);
    }
    st = chart_tick_step(x1 - x0, 8);
    for (double t = ceil(x0 / st) * st; t <= x1 + st * 1e-9; t += st) {
        chart_rgb(cr, 0xeeeeee, 1);
        cairo_move_to(cr, floor(PX(t)) + 0.5, T);
        cairo_line_to(cr, floor(PX(t)) + 0.5, B);
        cairo_stroke(cr);
        snprintf(lab, sizeof lab, "%g", fabs(t) < st * 1e-9 ? 0.0 : t);
        chart_rgb(cr, 0x333333, 1);
        chart_text_at(cr, PX(t), B + 16, 11, 0, 0.5, lab);
    }
    chart_rgb(cr, 0x000000, 1);
    cairo_rectangle(cr, L + 0.5, T + 0.5, R - L - 1, B - T - 1);
    cairo_stroke(cr);
    if (o->title)
        chart_text_at(cr, cv.w / 2.0, 24, 15, 1, 0.5, o->title);
    if (o->xlabel)
        chart_text_at(cr, (L + R) / 2, cv.h - 14, 12, 0, 0.5, o->xlabel);
    if (o->ylabel) {
        cairo_save(cr);
        cairo_translate(cr, 16, (T + B) / 2);
        cairo_rotate(cr, -M_PI / 2);
        chart_text_at(cr, 0, 0, 12, 0, 0.5, o->ylabel);
        cairo_restore(cr);
    }
    /* the series, clipped to the plot area */
    cairo_save(cr);
    cairo_rectangle(cr, L, T, R - L, B - T);
    cairo_clip(cr);
    cairo_set_line_width(cr, 2);
    for (int i = 0; i < n; i++) {
        int pen = 0;
        for (size_t k = 0; k < s[i].n; k++) {
            if (!isfinite(s[i].t[k]) || !isfinite(s[i].v[k])) {
                pen = 0;
                continue;
            }
            if (pen)
                cairo_line_to(cr, PX(s[i].t[k]), PY(s[i].v[k]));
            else
                cairo_move_to(cr, PX(s[i].t[k]), PY(s[i].v[k]));
            pen = 1;
        }
        chart_rgb(cr, s[i].rgb ? s[i].rgb : chart_palette(i), 1);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    /* legend, top right inside the plot */
    for (int i = 0; i < n; i++) {
        double ly = T + 16 + 16 * i;
        chart_rgb(cr, s[i].rgb ? s[i].rgb : chart_palette(i), 1);
        cairo_rectangle(cr, R - 160, ly - 8, 18, 4);
        cairo_fill(cr);
        chart_rgb(cr, 0x222222, 1);
        chart_text(cr, R - 136, ly - 2, 11, 0, s[i].name ? s[i].name : "");
    }
#undef PX
#undef PY
    return chart_close(&cv, path, err);
}
