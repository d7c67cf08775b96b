/* web/web_chart_int.h - what the chart files share: the surface by file extension, ticks,
 * the palette, text. */
#ifndef SW_WEB_CHART_INT_H
#define SW_WEB_CHART_INT_H

#include <cairo.h>

#include "web/charts.h"

typedef struct chart_canvas {
    cairo_surface_t *surf;
    cairo_t *cr;
    int png;
    int w, h;
} chart_canvas;

/* Opens a PNG or SVG canvas for path (white background). */
sw_rc chart_open(chart_canvas *c, const char *path, int w, int h, sw_err *err);
/* Writes and closes it. */
sw_rc chart_close(chart_canvas *c, const char *path, sw_err *err);
void chart_rgb(cairo_t *cr, uint32_t rgb, double alpha);
uint32_t chart_palette(int i);
/* "Nice" tick step for a range shown with about n ticks. */
double chart_tick_step(double range, int n);
void chart_text(cairo_t *cr, double x, double y, double size, int bold, const char *s);
/* Text anchored: ax 0 left, 0.5 centre, 1 right (of its width). */
void chart_text_at(cairo_t *cr, double x, double y, double size, int bold, double ax,
                   const char *s);

/* Parses a TopoJSON text and draws its land and arcs on a w x h image in memory (the fuzz
 * harness's entry point). */
sw_rc chart_topo_render(const char *json, size_t n, int w, int h, sw_err *err);

/* Locates a file under the page folder (web/), as the server finds the page. 0 when found. */
int web_find_under_page(const char *rel, char *out, size_t n);

#endif
