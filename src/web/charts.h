/* web/charts.h - the demo's pictures, drawn with cairo as PNG or SVG (by the file's extension):
 *   web_chart_lines     line chart of series of (t, value): OSPA, commonality, latency over time
 *   web_chart_picture   the picture at the end: tracks over truth on a map with country borders
 *                       (Natural Earth from web/node_modules/world-atlas), defended areas, radars
 *   web_chart_timeline  per (threat, nation): launch, first detection, first warning,
 *                       acknowledgement and impact on one time axis
 * Inputs are plain arrays owned by the caller; nothing is kept.  Missing values are NAN and are
 * left out of the picture, never invented.  Thread-safe (no shared state). */
#ifndef SW_WEB_CHARTS_H
#define SW_WEB_CHARTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "web/web.h"

/* Plot-area margins of web_chart_lines in pixels (left, right, top, bottom). */
#define WEB_CHART_ML 70
#define WEB_CHART_MR 20
#define WEB_CHART_MT 40
#define WEB_CHART_MB 60

typedef struct web_series {
    const char *name;
    const double *t, *v;      /* n points; NAN values break the line */
    size_t n;
    uint32_t rgb;             /* 0xRRGGBB; 0 = the palette's next colour */
} web_series;

typedef struct web_chart_opts {
    const char *title, *xlabel, *ylabel;
    int width, height;        /* pixels, default 900 x 420 */
    double ymin, ymax;        /* NAN: from the data */
    double xmin, xmax;        /* NAN: from the data */
} web_chart_opts;

void web_chart_opts_init(web_chart_opts *o);
sw_rc web_chart_lines(const char *path, const web_chart_opts *o, const web_series *s, int n_series,
                      sw_err *err);

/* A path on the map: lat/lon points in time order (the last one gets the symbol). */
typedef struct web_pic_path {
    uint32_t id;
    int cls;                  /* sw_class (tracks), -1 for truth */
    const double *lat, *lon;
    size_t n;
} web_pic_path;

typedef struct web_picture {
    const char *title;
    const char *topojson;     /* world-atlas countries file; NULL: found in web/node_modules */
    double lat_min, lat_max, lon_min, lon_max; /* all 0: Egypt to the UAE */
    const web_pic_path *truth;
    size_t n_truth;
    const web_pic_path *tracks;
    size_t n_tracks;
    const web_area *areas;
    int n_areas;
    const web_radar *radars;
    int n_radars;
    int width, height;        /* default 1400 x 1000 */
} web_picture;

sw_rc web_chart_picture(const char *path, const web_picture *p, sw_err *err);

typedef struct web_tl_row {
    char threat[24];          /* e.g. "ballistic 1000301" */
    char nation[4];           /* threatened nation */
    double t_launch, t_detect, t_warn, t_ack, t_impact; /* NAN: did not happen */
} web_tl_row;

/* t0: the time shown as 0 (scenario start). */
sw_rc web_chart_timeline(const char *path, const char *title, const web_tl_row *rows, int n,
                         double t0, sw_err *err);

#endif
