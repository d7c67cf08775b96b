/* core/types.h - the plain structs that flow one way through the pipeline:
 *
 *     sw_plot  ->  sw_track  ->  sw_system_track  ->  (warn/ has sw_warning)
 *     ingest       track/        fuse/
 *
 * Frames: positions are metres in one local East-North-Up frame about an origin shared by the
 * whole coalition (the scenario's or the configuration's `origin`, WGS-84 lat/lon/alt); velocities
 * in m/s in the same frame; times in seconds (core/time.h).  Azimuths are radians clockwise from
 * north, elevations radians above the horizontal.  Structs hold no pointers, so they can be copied,
 * queued and sent as they are. */
#ifndef SW_CORE_TYPES_H
#define SW_CORE_TYPES_H

#include <stdint.h>

/* ---- measurements ------------------------------------------------------------------------- */

typedef enum {
    SW_MEAS_XY = 1,  /* Cartesian 2-D, z = (x, y) in the common ENU frame */
    SW_MEAS_XYZ = 2, /* Cartesian 3-D, z = (x, y, z) */
    SW_MEAS_RA = 3,  /* polar 2-D from the sensor site: z = (range m, azimuth rad) */
    SW_MEAS_RAE = 4  /* polar 3-D: z = (slant range m, azimuth rad, elevation rad) */
} sw_meas_kind;

/* Which optional fields of a plot or track are valid. */
enum {
    SW_HAS_MODE3A = 1u << 0,
    SW_HAS_MODEC = 1u << 1,    /* alt_baro_m valid (Mode C / flight level) */
    SW_HAS_ADDRESS = 1u << 2,  /* Mode S / ICAO 24-bit address */
    SW_HAS_CALLSIGN = 1u << 3,
    SW_HAS_SENSOR_TRACK = 1u << 4,
    SW_HAS_GEO_ALT = 1u << 5,  /* geometric altitude (ADS-B) in alt_geo_m */
    SW_IS_CLUTTER_TRUTH = 1u << 6, /* simulator only: this plot is a false alarm (never used by trackers) */
    SW_FROM_ADSB = 1u << 7 /* a track: an ADS-B report updated it within the last 10 s, so its
                            * position is GNSS-based, free of any radar's bias (track/) */
};

typedef struct sw_plot {
    double t;              /* time of detection, s */
    uint32_t sensor_id;    /* which sensor (ASTERIX sources use SAC << 8 | SIC) */
    uint8_t kind;          /* sw_meas_kind */
    uint8_t pad[3];
    uint32_t flags;        /* SW_HAS_* */
    double z[3];           /* the measurement, see sw_meas_kind */
    double R[9];           /* its covariance, row-major 3x3 (only the top-left dim x dim used) */
    uint16_t mode3a;       /* octal code as a number, e.g. 07700 */
    uint16_t sensor_track; /* the sensor's own track number */
    uint32_t address;      /* 24-bit Mode S address */
    float alt_baro_m;      /* barometric (Mode C) altitude, m */
    float alt_geo_m;       /* geometric altitude, m */
    char callsign[9];      /* NUL-terminated, no trailing spaces */
    uint32_t truth_id;     /* simulator only: the target that caused it (0 = clutter/unknown) */
} sw_plot;

/* Dimension of a measurement kind. */
static inline int sw_meas_dim(int kind)
{
    return kind == SW_MEAS_XY || kind == SW_MEAS_RA ? 2 : 3;
}

/* ---- sensors ------------------------------------------------------------------------------ */

typedef enum {
    SW_SENSOR_CART = 0,  /* Cartesian plots with their own covariance (a generic source) */
    SW_SENSOR_PSR,       /* primary radar, 2-D */
    SW_SENSOR_SSR,       /* secondary / Mode S radar, 2-D + Mode C */
    SW_SENSOR_3D,        /* 3-D radar (range, azimuth, elevation) */
    SW_SENSOR_ADSB       /* ADS-B ground station: WGS-84 positions */
} sw_sensor_type;

typedef struct sw_sensor {
    uint32_t id;            /* sensor_id of its plots */
    uint8_t type;           /* sw_sensor_type */
    uint8_t sac, sic;       /* ASTERIX source identifier, when it has one */
    char name[32];
    char nation[4];         /* owning nation, ISO 3166 alpha-2 ("QA") */
    double lat_deg, lon_deg, alt_m; /* site, WGS-84 (antenna phase centre) */
    double site[3];         /* the same site in the common ENU frame */
    double rot[9];          /* rotation from the common ENU frame to the site's own ENU frame */
    double sd_range_m, sd_az_rad, sd_el_rad; /* measurement accuracy (1 sigma) */
    double sd_xy_m, sd_z_m; /* Cartesian sources */
    double scan_s;          /* antenna rotation period (0 = not rotating) */
    double range_max_m;
} sw_sensor;

/* ---- tracks ------------------------------------------------------------------------------- */

typedef enum {
    SW_TRK_TENTATIVE = 0,
    SW_TRK_CONFIRMED = 1,
    SW_TRK_COASTING = 2,  /* confirmed but missed its recent updates */
    SW_TRK_DELETED = 3
} sw_track_status;

typedef enum {
    SW_CLS_UNKNOWN = 0,
    SW_CLS_AIRCRAFT,      /* cooperative or not, air-breathing manned */
    SW_CLS_BALLISTIC,     /* ballistic missile */
    SW_CLS_CRUISE,        /* cruise missile */
    SW_CLS_DRONE,
    SW_CLS_COUNT
} sw_class;

/* A local track: the output of one node's tracker. */
typedef struct sw_track {
    uint32_t id;           /* local track number, unique within the tracker's life */
    uint8_t status;        /* sw_track_status */
    uint8_t dim;           /* 2 or 3 */
    uint8_t model;         /* most probable motion model (track/ defines the numbers) */
    uint8_t cls;           /* sw_class */
    double t;              /* time of validity, s */
    double x[6];           /* x, y, z, vx, vy, vz (z, vz = 0 in 2-D) */
    double P[36];          /* covariance of x, row-major 6x6 */
    float quality;         /* 0 (no information) .. 1 (best), see track/ */
    float cls_conf;        /* classification confidence 0..1 */
    uint32_t n_updates;    /* plots associated so far */
    double t_first;        /* time of the first plot */
    double t_update;       /* time of the last associated plot */
    uint32_t flags;        /* SW_HAS_* for the identity below */
    uint16_t mode3a;
    uint16_t pad;
    uint32_t address;
    float alt_baro_m;
    char callsign[9];
    uint32_t sensors;      /* bit i set: sensor index i (tracker's order) contributed recently */
} sw_track;

/* A track of the common air picture: the output of fusion, identical in number on every node. */
typedef struct sw_system_track {
    uint32_t stn;          /* system track number; each nation numbers from its own block */
    uint8_t status;        /* sw_track_status */
    uint8_t cls;           /* sw_class */
    uint8_t n_sources;     /* how many local tracks contribute */
    uint8_t pad;
    char reporter[4];      /* nation holding reporting responsibility for this object */
    double t;
    double x[6];
    double P[36];
    float quality;
    float cls_conf;
    uint64_t nations;      /* bit i: nation i (coalition order) contributes a local track */
    double t_first;
    uint32_t flags;
    uint16_t mode3a;
    uint16_t pad2;
    uint32_t address;
    float alt_baro_m;
    char callsign[9];
} sw_system_track;

#endif
