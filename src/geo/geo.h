/* geo/geo.h - Earth geometry for skyweave: WGS-84 geodetic <-> ECEF <-> local ENU, the radar
 * measurement model with 4/3-earth refraction, radar horizon, debiased polar-to-Cartesian
 * conversion of measurements with their covariance, gravity with J2, and geodesics (PROJ).
 *
 * Angles are radians inside the code except where a name says _deg.  Azimuth is clockwise from
 * north; elevation above the local horizontal.  Everything is pure computation on caller memory:
 * no allocation, thread-safe. */
#ifndef SW_GEO_H
#define SW_GEO_H

/* WGS-84 */
#define GEO_A 6378137.0
#define GEO_F (1.0 / 298.257223563)
#define GEO_B (GEO_A * (1.0 - GEO_F))
#define GEO_E2 (GEO_F * (2.0 - GEO_F))
#define GEO_GM 3.986004418e14   /* m^3/s^2 */
#define GEO_J2 1.08262668e-3
#define GEO_OMEGA 7.2921150e-5  /* Earth rotation rate, rad/s */
#define GEO_K_REFRACT (4.0 / 3.0) /* effective-earth-radius factor of the standard atmosphere */
#define GEO_DEG (3.14159265358979323846 / 180.0)

/* A local tangent frame (East-North-Up) at a geodetic point. */
typedef struct geo_frame {
    double lat, lon, alt;   /* rad, rad, m (ellipsoid height) */
    double ecef[3];         /* the origin in ECEF */
    double R[9];            /* rotation ECEF -> ENU (rows are E, N, U unit vectors) */
} geo_frame;

void geo_frame_init(geo_frame *f, double lat_deg, double lon_deg, double alt_m);

void geo_lla_to_ecef(double lat, double lon, double h, double ecef[3]);
/* Exact closed form (Vermeille 2004); accurate to well below a millimetre at any height. */
void geo_ecef_to_lla(const double ecef[3], double *lat, double *lon, double *h);

void geo_ecef_to_enu(const geo_frame *f, const double ecef[3], double enu[3]);
void geo_enu_to_ecef(const geo_frame *f, const double enu[3], double ecef[3]);
void geo_lla_to_enu(const geo_frame *f, double lat_deg, double lon_deg, double h, double enu[3]);
void geo_enu_to_lla(const geo_frame *f, const double enu[3], double *lat_deg, double *lon_deg,
                    double *h);
/* Rotate a vector (velocity) between the frames: no translation. */
void geo_vec_ecef_to_enu(const geo_frame *f, const double v[3], double out[3]);
void geo_vec_enu_to_ecef(const geo_frame *f, const double v[3], double out[3]);
/* Rotate a 6x6 position/velocity covariance between the frames. */
void geo_cov6_ecef_to_enu(const geo_frame *f, const double P[36], double out[36]);
void geo_cov6_enu_to_ecef(const geo_frame *f, const double P[36], double out[36]);

/* ---- radar measurement model (4/3-earth refraction) ----------------------------------------
 * A radar at a WGS-84 site, seen from the common frame.  Under the effective-earth-radius model a
 * ray is straight over an Earth of radius k*Re, where Re is the Earth's radius of curvature at the
 * site in the direction of the target (Euler), and ground distances are preserved.  measure() and
 * to_enu() are exact inverses of each other, so a simulator and a tracker that use them agree. */
typedef struct geo_radar {
    geo_frame site;          /* the radar's own ENU frame */
    double site_c[3];        /* site position in the common frame */
    double rot[9];           /* rotation common ENU -> site ENU */
    double k;                /* effective-earth factor (GEO_K_REFRACT; 1 = no refraction) */
} geo_radar;

void geo_radar_init(geo_radar *r, const geo_frame *common, double lat_deg, double lon_deg,
                    double alt_m);
/* Target at common-ENU p -> slant range (m), azimuth, elevation as the radar measures them. */
void geo_radar_measure(const geo_radar *r, const double p[3], double *range, double *az,
                       double *el);
/* Slant range, azimuth, elevation -> common-ENU position. */
void geo_radar_to_enu(const geo_radar *r, double range, double az, double el, double p[3]);
/* A 2-D radar's plot (slant range, azimuth) with a known target height above the ellipsoid
 * (Mode C, or an assumed height) -> common-ENU position.  Returns -1 if the geometry is impossible
 * (range shorter than the height difference). */
int geo_radar_rah_to_enu(const geo_radar *r, double range, double az, double h, double p[3]);
/* Range, azimuth, elevation of common-ENU p from a sensor: the radar model of r (a sensor with
 * a WGS-84 site), or plane geometry about site when r is NULL (a sensor given in the frame only). */
void geo_sensor_polar(const geo_radar *r, const double site[3], const double p[3], double out[3]);
/* Target position in the radar's own ENU frame (affine map of p). */
void geo_radar_local(const geo_radar *r, const double p[3], double local[3]);
/* Height of a target above the ellipsoid, and ground distance from the radar, on the site's sphere. */
void geo_radar_height_dist(const geo_radar *r, const double p[3], double *h, double *d);
/* Radar horizon: the longest ground distance at which a target at height h_tgt is above the
 * horizon of an antenna at height h_ant, with refraction factor k (4/3): sqrt(2kRh1)+sqrt(2kRh2). */
double geo_horizon_m(double h_ant, double h_tgt, double k);

/* ---- debiased polar -> Cartesian conversion ------------------------------------------------
 * The unbiased converted measurement of Mo, Song, Zhou, Sun & Bar-Shalom (IEEE TAES 34(3), 1998),
 * with the measurement-conditioned covariance computed from exact trigonometric moments, in 3-D as
 * well (the 2-D case is sd_el = 0, el = 0).  Output in the sensor's local ENU (x east, y north). */
void geo_polar_debias(double range, double az, double el, double sd_r, double sd_az,
                      double sd_el, double xyz[3], double R[9]);
void geo_polar2_debias(double range, double az, double sd_r, double sd_az, double xy[2],
                       double R[4]);

/* ---- gravity ---------------------------------------------------------------------------------
 * Gravitational acceleration (no centrifugal term) in ECEF with the J2 zonal term. */
void geo_gravity_j2(const double ecef[3], double g[3]);
/* Acceleration of a free body in the rotating ECEF frame: gravity + Coriolis + centrifugal. */
void geo_accel_ecef(const double pos[3], const double vel[3], double a[3]);

/* ---- geodesics on the WGS-84 ellipsoid (PROJ's geod_* API, Karney 2013) ----------------------- */
/* Distance (m) and forward azimuths (deg) from point 1 to point 2. */
void geo_inverse(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg, double *dist,
                 double *azi1_deg, double *azi2_deg);
/* The point reached from point 1 going dist metres at azimuth azi1; azi2 the azimuth there. */
void geo_direct(double lat1_deg, double lon1_deg, double azi1_deg, double dist, double *lat2_deg,
                double *lon2_deg, double *azi2_deg);

/* The common frame's up coordinate of a point at (x, y) that is h above the ellipsoid (the
 * ellipsoid near the origin as a sphere of Gaussian mean radius): where a height-only report
 * (Mode C, an ADS-B geometric altitude) puts a target. */
double geo_enu_up(const geo_frame *origin, double x, double y, double h);

/* Air density (kg/m^3) at height h (m) above the ellipsoid: US Standard Atmosphere 1976 in
 * exponential layers; 0 from 1000 km (and for a NaN height). */
double geo_air_density(double h);
/* The least dynamic pressure (Pa) a body may bear at height h (m) and speed v (m/s) given their
 * sds: 0.5 rho v^2 at 2 sigma slower and 2 sigma higher, in still air.  A rocket climbing through
 * the atmosphere bears 30-150 kPa at its max-q (the simulator's missiles 105-139 kPa at 7-8 km);
 * a track that would climb with more than GEO_CLIMB_Q_MAX_PA is no airframe's (noise plots lined
 * up at 3 km/s 16 km up: 580 kPa, 290 kPa with the margins).  A re-entering warhead bears far
 * more, but it descends.  The tracker's confirmation and the threat classifier use both. */
#define GEO_CLIMB_Q_MAX_PA 250e3
double geo_climb_q(double h, double sd_h, double v, double sd_v);

/* Wraps an angle into (-pi, pi]. */
double geo_wrap_pi(double a);

#endif
