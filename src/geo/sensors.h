/* geo/sensors.h - the sensors file: where each sensor stands and how accurate it is.
 *
 * Shared by `skyweave track --sensors`, ASTERIX ingest (which SAC/SIC is which radar), the
 * simulator and node configurations.  YAML (or JSON):
 *
 *   origin: [25.28, 51.53, 0]        # lat_deg, lon_deg, alt_m of the common ENU frame (optional)
 *   sensors:
 *     - id: 6411                     # sensor_id of its plots (default sac*256+sic)
 *       name: QA-DOHA-SSR
 *       nation: QA
 *       type: ssr                    # psr | ssr | 3d | adsb | cart
 *       sac: 25
 *       sic: 11
 *       lat_deg: 25.27               # site in WGS-84 ...
 *       lon_deg: 51.61
 *       alt_m: 30
 *       # x_m: 0  y_m: 0  z_m: 0     # ... or directly in the common ENU frame
 *       sd_range_m: 50
 *       sd_azimuth_deg: 0.08
 *       sd_elevation_deg: 0.3        # 3-D radars
 *       sd_xy_m: 30                  # Cartesian sources and ADS-B
 *       scan_s: 4.0
 *       range_max_m: 450000
 *       source: 10.17.58.183         # where its datagrams come from: A.B.C.D[/LEN], or a list of
 *                                    # them (the live allow-list; optional)
 *
 * The set is a plain struct with a fixed capacity; no allocation after loading. */
#ifndef SW_GEO_SENSORS_H
#define SW_GEO_SENSORS_H

#include <stddef.h>

#include "core/cfg.h"
#include "core/mat.h"
#include "core/types.h"
#include "geo/geo.h"

#define GEO_MAX_SENSORS 256

typedef struct geo_sensor_set {
    int has_origin;
    geo_frame origin;
    int n;
    sw_sensor s[GEO_MAX_SENSORS];
    geo_radar radar[GEO_MAX_SENSORS]; /* valid when the site was given in WGS-84 (has_site) */
    unsigned char has_site[GEO_MAX_SENSORS];
    char source[GEO_MAX_SENSORS][64]; /* 'source' of the sensors file: comma-separated
                                         A.B.C.D[/LEN], "" when not given (not checked here) */
} geo_sensor_set;

/* The keys one sensor entry may have (NULL-terminated), for callers that extend the entry. */
extern const char *const geo_sensor_keys[];

/* Loads a sensors file.  origin, when not NULL, overrides the file's origin (e.g. --origin). */
sw_rc geo_sensors_load(geo_sensor_set *set, const char *path, const geo_frame *origin,
                       sw_err *err);
/* Parses one sensor entry of a config tree.  extra_keys (may be NULL) are also allowed. */
sw_rc geo_sensor_parse(const sw_cfg *node, const geo_frame *origin, const char *const *extra_keys,
                       sw_sensor *s, geo_radar *radar, int *has_site, sw_err *err);
/* A sensor entry's optional `source` (one A.B.C.D[/LEN] or a list) into out as "a,b,c";
 * "" when absent.  A bad address is an error naming file:line. */
sw_rc geo_sensor_source(const sw_cfg *node, char *out, size_t cap, sw_err *err);
/* Index of the sensor with this id, or -1. */
int geo_sensors_find(const geo_sensor_set *set, uint32_t id);
/* Index of the sensor with this SAC/SIC, or -1. */
int geo_sensors_find_sacsic(const geo_sensor_set *set, int sac, int sic);

const char *geo_sensor_type_name(int type);

#endif
