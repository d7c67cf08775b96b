/* warn/wrn_area.h - defended areas: named circles and polygons per nation, with a priority, and
 * the probability that a Gaussian-distributed point (a predicted impact) falls inside one.
 *
 * Geometry: each area keeps a local East-North-Up frame at its reference point (the circle's
 * centre, or the mean of the polygon's vertices) and its vertices projected into it.  Areas are
 * city- to region-sized (up to a few hundred km), where the tangent plane is exact to far better
 * than any impact prediction.
 *
 * Sources (docs/warnings.md, "Defended areas"):
 *   - a `defended_areas:` sequence in a YAML/JSON config (core/cfg.h), each item
 *       { nation: QA, name: Doha, priority: 1, circle: { center: [25.29, 51.53], radius_km: 25 } }
 *       { nation: BH, name: Manama, polygon: [[26.25, 50.50], [26.25, 50.65], [26.10, 50.60]] }
 *       { geojson: areas/bahrain.geojson }           # a FeatureCollection file
 *     (`nation` may be left out when the caller gives a default nation);
 *   - GeoJSON (RFC 7946) FeatureCollections: Polygon / MultiPolygon features (outer ring; holes are
 *     ignored, which errs on the side of warning), and Point features with a `radius_km` property
 *     as circles; properties `name`, `nation`, `priority`.  GeoJSON is [lon, lat]; YAML is [lat, lon].
 *
 * Memory: a wrn_areas owns a growing array of areas (allocated while loading only).  Read-only
 * after loading: safe to share between threads. */
#ifndef SW_WRN_AREA_H
#define SW_WRN_AREA_H

#include "core/cfg.h"
#include "core/rc.h"
#include "geo/geo.h"
#include "warn/wrn_types.h"

#include <stddef.h>
#include <stdint.h>

#define WRN_AREA_MAX_VERT 256

typedef struct wrn_area {
    uint32_t id;                 /* wrn_area_id(nation, name) */
    char nation[WRN_NATION_LEN];
    char name[WRN_AREA_NAME];
    int priority;                /* 1 = highest */
    int is_circle;
    double lat_deg, lon_deg;     /* reference point: circle centre or vertex mean */
    double radius_m;             /* circle radius; polygon: largest distance of a vertex */
    int n;                       /* polygon vertices (the closing vertex is not repeated) */
    double ll[WRN_AREA_MAX_VERT][2];  /* lat_deg, lon_deg as given */
    geo_frame frame;             /* ENU at the reference point */
    double xy[WRN_AREA_MAX_VERT][2];  /* vertices in frame, metres */
} wrn_area;

typedef struct wrn_areas {
    int n, cap;
    wrn_area *a;
} wrn_areas;

/* FNV-1a (32 bit) of "NATION/name": the same on every node whatever the order of its config. */
uint32_t wrn_area_id(const char *nation, const char *name);

void wrn_areas_init(wrn_areas *s);
void wrn_areas_free(wrn_areas *s);
/* Adds a circle / polygon (lat, lon in degrees).  Validates: name 1..31 characters, nation code,
 * radius > 0, 3..256 vertices, a simple polygon of non-zero area, no duplicate (nation, name). */
sw_rc wrn_areas_add_circle(wrn_areas *s, const char *nation, const char *name, int priority,
                           double lat_deg, double lon_deg, double radius_m, sw_err *err);
sw_rc wrn_areas_add_polygon(wrn_areas *s, const char *nation, const char *name, int priority,
                            const double (*ll)[2], int n, sw_err *err);
/* Parses a `defended_areas:` sequence (see above).  def_nation (may be NULL) is used for items
 * without `nation`; base_dir resolves relative `geojson:` paths (NULL = current directory). */
sw_rc wrn_areas_parse_cfg(wrn_areas *s, const sw_cfg *seq, const char *def_nation,
                          const char *base_dir, sw_err *err);
/* Parses a GeoJSON text / file (name is used in error messages). */
sw_rc wrn_areas_parse_geojson(wrn_areas *s, const char *text, size_t len, const char *name,
                              const char *def_nation, sw_err *err);
sw_rc wrn_areas_load_geojson(wrn_areas *s, const char *path, const char *def_nation,
                             sw_err *err);
/* The area with this id, or NULL. */
const wrn_area *wrn_areas_find(const wrn_areas *s, uint32_t id);

/* Is the point (in the area's frame, metres) inside? */
int wrn_area_contains_xy(const wrn_area *a, double x, double y);
int wrn_area_contains_ll(const wrn_area *a, double lat_deg, double lon_deg);

/* Probability that a point distributed as N(mean, C) lies inside the area, where mean is given
 * in WGS-84 and C (2x2 row-major, m^2) in the East-North frame at the mean.  Deterministic
 * quadrature over 768 fixed points of the standard normal (a golden-angle lattice), so every node gets
 * the same number; resolution about 0.002.  Returns 0 when the area is beyond 7 sigma. */
double wrn_area_prob(const wrn_area *a, double lat_deg, double lon_deg, const double C[4]);

/* Ground distance (m) from a point to the area's reference point. */
double wrn_area_dist(const wrn_area *a, double lat_deg, double lon_deg);

#endif
