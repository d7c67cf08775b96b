/* geo/geo.c - WGS-84 frames, the radar model, debiased conversion, gravity, geodesics. */
#include "geo/geo.h"

#include <geodesic.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "core/mat.h"

double geo_wrap_pi(double a)
{
    double r = remainder(a, 2 * M_PI);
    return r <= -M_PI ? r + 2 * M_PI : r;
}

void geo_lla_to_ecef(double lat, double lon, double h, double e[3])
{
    double sl = sin(lat), cl = cos(lat);
    double N = GEO_A / sqrt(1 - GEO_E2 * sl * sl);
    e[0] = (N + h) * cl * cos(lon);
    e[1] = (N + h) * cl * sin(lon);
    e[2] = (N * (1 - GEO_E2) + h) * sl;
}

void geo_ecef_to_lla(const double e[3], double *lat, double *lon, double *h)
{
    /* Vermeille (2004), "Computing geodetic coordinates from geocentric coordinates". */
    double x = e[0], y = e[1], z = e[2];
    double a2 = GEO_A * GEO_A, e4 = GEO_E2 * GEO_E2;
    double p = (x * x + y * y) / a2;
    double q = (1 - GEO_E2) / a2 * z * z;
    double r = (p + q - e4) / 6;
    double s = e4 * p * q / (4 * r * r * r);
    double t = cbrt(1 + s + sqrt(s * (2 + s)));
    double u = r * (1 + t + 1 / t);
    double v = sqrt(u * u + e4 * q);
    double w = GEO_E2 * (u + v - q) / (2 * v);
    double k = sqrt(u + v + w * w) - w;
    double D = k * sqrt(x * x + y * y) / (k + GEO_E2);
    double dz = sqrt(D * D + z * z);
    if (!(dz > 0)) { /* the centre of the Earth */
        *lat = 0;
        *lon = 0;
        *h = -GEO_B;
        return;
    }
    *lat = 2 * atan2(z, D + dz);
    *lon = atan2(y, x);
    *h = (k + GEO_E2 - 1) / k * dz;
    if (!isfinite(*lat) || !isfinite(*h)) {
        /* near the polar axis the formulas lose precision: fall back to the pole */
        *lat = z >= 0 ? M_PI / 2 : -M_PI / 2;
        *lon = 0;
        *h = fabs(z) - GEO_B;
    }
}

void geo_frame_init(geo_frame *f, double lat_deg, double lon_deg, double alt_m)
{
    f->lat = lat_deg * GEO_DEG;
    f->lon = lon_deg * GEO_DEG;
    f->alt = alt_m;
    geo_lla_to_ecef(f->lat, f->lon, alt_m, f->ecef);
    double sl = sin(f->lat), cl = cos(f->lat), so = sin(f->lon), co = cos(f->lon);
    double R[9] = {-so, co, 0, -sl * co, -sl * so, cl, cl * co, cl * so, sl};
    memcpy(f->R, R, sizeof R);
}

void geo_vec_ecef_to_enu(const geo_frame *f, const double v[3], double out[3])
{
    sw_mat_vec(3, 3, f->R, v, out);
}

void geo_vec_enu_to_ecef(const geo_frame *f, const double v[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = f->R[0 * 3 + i] * v[0] + f->R[1 * 3 + i] * v[1] + f->R[2 * 3 + i] * v[2];
}

void geo_ecef_to_enu(const geo_frame *f, const double e[3], double enu[3])
{
    double d[3] = {e[0] - f->ecef[0], e[1] - f->ecef[1], e[2] - f->ecef[2]};
    geo_vec_ecef_to_enu(f, d, enu);
}

void geo_enu_to_ecef(const geo_frame *f, const double enu[3], double e[3])
{
    geo_vec_enu_to_ecef(f, enu, e);
    for (int i = 0; i < 3; i++)
        e[i] += f->ecef[i];
}

void geo_lla_to_enu(const geo_frame *f, double lat_deg, double lon_deg, double h, double enu[3])
{
    double e[3];
    geo_lla_to_ecef(lat_deg * GEO_DEG, lon_deg * GEO_DEG, h, e);
    geo_ecef_to_enu(f, e, enu);
}

void geo_enu_to_lla(const geo_frame *f, const double enu[3], double *lat_deg, double *lon_deg,
                    double *h)
{
    double e[3], lat, lon;
    geo_enu_to_ecef(f, enu, e);
    geo_ecef_to_lla(e, &lat, &lon, h);
    *lat_deg = lat / GEO_DEG;
    *lon_deg = lon / GEO_DEG;
}

static void cov6_rotate(const double R3[9], const double P[36], double out[36])
{
    double T[36] = {0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            T[i * 6 + j] = R3[i * 3 + j];
            T[(i + 3) * 6 + j + 3] = R3[i * 3 + j];
        }
    sw_mat_abat(6, 6, T, P, out);
}

void geo_cov6_ecef_to_enu(const geo_frame *f, const double P[36], double out[36])
{
    cov6_rotate(f->R, P, out);
}

void geo_cov6_enu_to_ecef(const geo_frame *f, const double P[36], double out[36])
{
    double Rt[9];
    sw_mat_transpose(3, 3, f->R, Rt);
    cov6_rotate(Rt, P, out);
}

/* ---- radar ------------------------------------------------------------------------------- */

void geo_radar_init(geo_radar *r, const geo_frame *common, double lat_deg, double lon_deg,
                    double alt_m)
{
    geo_frame_init(&r->site, lat_deg, lon_deg, alt_m);
    geo_ecef_to_enu(common, r->site.ecef, r->site_c);
    /* common ENU -> ECEF is R_c^T, ECEF -> site ENU is R_s: rot = R_s R_c^T */
    sw_mat_mul_abt(3, 3, 3, r->site.R, common->R, r->rot);
    r->k = GEO_K_REFRACT;
}

void geo_radar_local(const geo_radar *r, const double p[3], double l[3])
{
    double d[3] = {p[0] - r->site_c[0], p[1] - r->site_c[1], p[2] - r->site_c[2]};
    sw_mat_vec(3, 3, r->rot, d, l);
}

double geo_enu_up(const geo_frame *o, double x, double y, double h)
{
    /* the ellipsoid near the origin as a sphere of Gaussian mean radius sqrt(M N) */
    double sl = sin(o->lat), w2 = 1 - GEO_E2 * sl * sl;
    double Rg = GEO_A * sqrt(1 - GEO_E2) / w2;
    double a = Rg + h, r2 = x * x + y * y;
    return (r2 < a * a ? sqrt(a * a - r2) : 0) - (Rg + o->alt);
}

void geo_sensor_polar(const geo_radar *r, const double site[3], const double p[3], double out[3])
{
    if (r) {
        geo_radar_measure(r, p, &out[0], &out[1], &out[2]);
        return;
    }
    double dx = p[0] - site[0], dy = p[1] - site[1], dz = p[2] - site[2];
    double rho = sqrt(dx * dx + dy * dy);
    out[0] = sqrt(rho * rho + dz * dz);
    out[1] = atan2(dx, dy);
    out[2] = atan2(dz, rho);
}

/* Earth's radius of curvature at the site in the direction az (Euler's theorem). */
static double radius_az(const geo_radar *r, double az)
{
    double sl = sin(r->site.lat);
    double w = sqrt(1 - GEO_E2 * sl * sl);
    double N = GEO_A / w, M = GEO_A * (1 - GEO_E2) / (w * w * w);
    double ca = cos(az), sa = sin(az);
    return 1.0 / (ca * ca / M + sa * sa / N);
}

/* height above the site's sphere and central angle, from site-local ENU */
static void local_h_phi(const geo_radar *r, const double l[3], double Re, double *h, double *phi)
{
    double hor = sqrt(l[0] * l[0] + l[1] * l[1]);
    double up = l[2] + Re + r->site.alt;
    *h = sqrt(hor * hor + up * up) - Re;
    *phi = atan2(hor, up);
}

void geo_radar_height_dist(const geo_radar *r, const double p[3], double *h, double *d)
{
    double l[3], phi;
    geo_radar_local(r, p, l);
    double Re = radius_az(r, atan2(l[0], l[1]));
    local_h_phi(r, l, Re, h, &phi);
    *d = Re * phi;
}

void geo_radar_measure(const geo_radar *r, const double p[3], double *range, double *az,
                       double *el)
{
    double l[3], h, phi;
    geo_radar_local(r, p, l);
    double a = atan2(l[0], l[1]);
    if (a < 0)
        a += 2 * M_PI;
    double Re = radius_az(r, a);
    local_h_phi(r, l, Re, &h, &phi);
    double kR = r->k * Re;
    double phie = phi / r->k;                 /* same ground distance on the effective sphere */
    double r0 = kR + r->site.alt, r1 = kR + h;
    double s2 = r0 * r0 + r1 * r1 - 2 * r0 * r1 * cos(phie);
    double rg = sqrt(s2 > 0 ? s2 : 0);
    *range = rg;
    *az = a;
    *el = rg > 0 ? atan2(r1 * cos(phie) - r0, r1 * sin(phie)) : 0;
}

static void from_h_phi(const geo_radar *r, double az, double Re, double h, double phi,
                       double p[3])
{
    double rr = Re + h;
    double l[3] = {rr * sin(phi) * sin(az), rr * sin(phi) * cos(az),
                   rr * cos(phi) - (Re + r->site.alt)};
    /* site ENU -> common ENU: rot^T */
    for (int i = 0; i < 3; i++)
        p[i] = r->site_c[i] + r->rot[0 * 3 + i] * l[0] + r->rot[1 * 3 + i] * l[1] +
               r->rot[2 * 3 + i] * l[2];
}

void geo_radar_to_enu(const geo_radar *r, double range, double az, double el, double p[3])
{
    double Re = radius_az(r, az);
    double kR = r->k * Re, r0 = kR + r->site.alt;
    double up = r0 + range * sin(el), hor = range * cos(el);
    double h = sqrt(up * up + hor * hor) - kR;
    double phie = atan2(hor, up);
    from_h_phi(r, az, Re, h, phie * r->k, p);
}

int geo_radar_rah_to_enu(const geo_radar *r, double range, double az, double h, double p[3])
{
    double Re = radius_az(r, az);
    double kR = r->k * Re, r0 = kR + r->site.alt, r1 = kR + h;
    /* law of cosines on the effective sphere */
    double c = (r0 * r0 + r1 * r1 - range * range) / (2 * r0 * r1);
    if (c > 1 || c < -1 || range <= 0)
        return -1;
    from_h_phi(r, az, Re, h, acos(c) * r->k, p);
    return 0;
}

double geo_horizon_m(double h_ant, double h_tgt, double k)
{
    double kR = k * 6371000.0;
    return sqrt(2 * kR * fmax(h_ant, 0)) + sqrt(2 * kR * fmax(h_tgt, 0));
}

/* ---- debiased conversion ------------------------------------------------------------------ */

void geo_polar_debias(double range, double az, double el, double sd_r, double sd_az,
                      double sd_el, double xyz[3], double R[9])
{
    /* math angle from east, counter-clockwise */
    double th = M_PI / 2 - az;
    double lt = exp(-sd_az * sd_az / 2), lt4 = lt * lt * lt * lt;
    double lp = exp(-sd_el * sd_el / 2), lp4 = lp * lp * lp * lp;
    double ct = cos(th), st = sin(th), cp = cos(el), sp = sin(el);
    double rm = range;
    /* unbiased converted measurement */
    double xu[3] = {rm * cp * ct / (lt * lp), rm * cp * st / (lt * lp), rm * sp / lp};
    /* conditional mean and second moments of the true position given the measurement,
     * with true angle = measured - N(0, sd^2): E[cos a] = l cos a_m, E[cos^2 a] = (1 + l^4 cos 2a_m)/2 */
    double Er2 = rm * rm + sd_r * sd_r;
    double Ect = lt * ct, Est = lt * st, Ecp = lp * cp, Esp = lp * sp;
    double Ect2 = 0.5 * (1 + lt4 * cos(2 * th)), Est2 = 0.5 * (1 - lt4 * cos(2 * th));
    double Ectst = 0.5 * lt4 * sin(2 * th);
    double Ecp2 = 0.5 * (1 + lp4 * cos(2 * el)), Esp2 = 0.5 * (1 - lp4 * cos(2 * el));
    double Ecpsp = 0.5 * lp4 * sin(2 * el);
    double Ex[3] = {rm * Ecp * Ect, rm * Ecp * Est, rm * Esp};
    double Exx[9];
    Exx[0] = Er2 * Ecp2 * Ect2;
    Exx[4] = Er2 * Ecp2 * Est2;
    Exx[8] = Er2 * Esp2;
    Exx[1] = Exx[3] = Er2 * Ecp2 * Ectst;
    Exx[2] = Exx[6] = Er2 * Ecpsp * Ect;
    Exx[5] = Exx[7] = Er2 * Ecpsp * Est;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            R[i * 3 + j] = xu[i] * xu[j] - xu[i] * Ex[j] - Ex[i] * xu[j] + Exx[i * 3 + j];
    sw_mat_symmetrize(3, R);
    memcpy(xyz, xu, sizeof xu);
}

void geo_polar2_debias(double range, double az, double sd_r, double sd_az, double xy[2],
                       double R[4])
{
    double x3[3], R3[9];
    geo_polar_debias(range, az, 0, sd_r, sd_az, 0, x3, R3);
    xy[0] = x3[0];
    xy[1] = x3[1];
    R[0] = R3[0];
    R[1] = R3[1];
    R[2] = R3[3];
    R[3] = R3[4];
}

/* ---- gravity ----------------------------------------------------------------------------- */

void geo_gravity_j2(const double p[3], double g[3])
{
    double r2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
    double r = sqrt(r2);
    double z2r2 = p[2] * p[2] / r2;
    double k = -GEO_GM / (r2 * r);
    double j = 1.5 * GEO_J2 * (GEO_A * GEO_A) / r2;
    g[0] = k * p[0] * (1 + j * (1 - 5 * z2r2));
    g[1] = k * p[1] * (1 + j * (1 - 5 * z2r2));
    g[2] = k * p[2] * (1 + j * (3 - 5 * z2r2));
}

void geo_accel_ecef(const double p[3], const double v[3], double a[3])
{
    double w = GEO_OMEGA;
    geo_gravity_j2(p, a);
    /* Coriolis -2 w x v and centrifugal -w x (w x r), with w along +z */
    a[0] += 2 * w * v[1] + w * w * p[0];
    a[1] += -2 * w * v[0] + w * w * p[1];
}

/* ---- geodesics ---------------------------------------------------------------------------- */

static struct geod_geodesic g_geod;
static pthread_once_t g_geod_once = PTHREAD_ONCE_INIT;
static void geod_setup(void) { geod_init(&g_geod, GEO_A, GEO_F); }

void geo_inverse(double lat1, double lon1, double lat2, double lon2, double *dist, double *azi1,
                 double *azi2)
{
    pthread_once(&g_geod_once, geod_setup);
    double s, a1, a2;
    geod_inverse(&g_geod, lat1, lon1, lat2, lon2, &s, &a1, &a2);
    if (dist)
        *dist = s;
    if (azi1)
        *azi1 = a1;
    if (azi2)
        *azi2 = a2;
}

void geo_direct(double lat1, double lon1, double azi1, double dist, double *lat2, double *lon2,
                double *azi2)
{
    pthread_once(&g_geod_once, geod_setup);
    double la, lo, a2;
    geod_direct(&g_geod, lat1, lon1, azi1, dist, &la, &lo, &a2);
    if (lat2)
        *lat2 = la;
    if (lon2)
        *lon2 = lo;
    if (azi2)
        *azi2 = a2;
}

/* US Standard Atmosphere 1976 as exponential layers: base height (km), base density (kg/m^3),
 * scale height (km).  Vallado (2013), table 8-4. */
static const double g_atm[][3] = {
    {0, 1.225, 7.249},          {25, 3.899e-2, 6.349},     {30, 1.774e-2, 6.682},
    {40, 3.972e-3, 7.554},      {50, 1.057e-3, 8.382},     {60, 3.206e-4, 7.714},
    {70, 8.770e-5, 6.549},      {80, 1.905e-5, 5.799},     {90, 3.396e-6, 5.382},
    {100, 5.297e-7, 5.877},     {110, 9.661e-8, 7.263},    {120, 2.438e-8, 9.473},
    {130, 8.484e-9, 12.636},    {140, 3.845e-9, 16.149},   {150, 2.070e-9, 22.523},
    {180, 5.464e-10, 29.740},   {200, 2.789e-10, 37.105},  {250, 7.248e-11, 45.546},
    {300, 2.418e-11, 53.628},   {350, 9.518e-12, 53.298},  {400, 3.725e-12, 58.515},
    {450, 1.585e-12, 60.828},   {500, 6.967e-13, 63.822},  {600, 1.454e-13, 71.835},
    {700, 3.614e-14, 88.667},   {800, 1.170e-14, 124.64},  {900, 5.245e-15, 181.05},
};
#define N_ATM ((int)(sizeof g_atm / sizeof g_atm[0]))

double geo_air_density(double h)
{
    if (!(h < 1000e3))
        return 0;
    double km = h / 1000.0;
    int i = N_ATM - 1;
    while (i > 0 && km < g_atm[i][0])
        i--;
    return g_atm[i][1] * exp(-(km - g_atm[i][0]) / g_atm[i][2]);
}

double geo_climb_q(double h, double sd_h, double v, double sd_v)
{
    double vq = fmax(0.0, v - 2 * sd_v);
    return 0.5 * geo_air_density(h + 2 * sd_h) * vq * vq;
}
