/* sim/sim_geo.c - geometry the motion and sensor models share: WGS-84 states into the common
 * frame, Hermite interpolation of sampled trajectories, and what a sensor measures. */
#include "sim/sim_internal.h"

#include <math.h>

void sim_lla_state(const sim_world *w, double lat_deg, double lon_deg, double h, double ve,
                   double vn, double vu, double x[6])
{
    double lat = lat_deg * GEO_DEG, lon = lon_deg * GEO_DEG;
    double ecef[3];
    geo_lla_to_ecef(lat, lon, h, ecef);
    geo_ecef_to_enu(&w->origin, ecef, x);
    double sl = sin(lat), cl = cos(lat), so = sin(lon), co = cos(lon);
    double v[3] = {-so * ve - sl * co * vn + cl * co * vu, co * ve - sl * so * vn + cl * so * vu,
                   cl * vn + sl * vu};
    geo_vec_ecef_to_enu(&w->origin, v, x + 3);
}

void sim_hermite(const double a[6], const double b[6], double ta, double tb, double t, double x[6])
{
    double dt = tb - ta;
    if (!(dt > 0)) {
        for (int i = 0; i < 6; i++)
            x[i] = a[i];
        return;
    }
    double s = (t - ta) / dt, s2 = s * s, s3 = s2 * s;
    double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
           h11 = s3 - s2;
    /* derivatives of the basis with respect to t */
    double d00 = (6 * s2 - 6 * s) / dt, d10 = 3 * s2 - 4 * s + 1, d01 = (-6 * s2 + 6 * s) / dt,
           d11 = 3 * s2 - 2 * s;
    for (int i = 0; i < 3; i++) {
        x[i] = h00 * a[i] + h10 * dt * a[i + 3] + h01 * b[i] + h11 * dt * b[i + 3];
        x[i + 3] = d00 * a[i] + d10 * a[i + 3] + d01 * b[i] + d11 * b[i + 3];
    }
}

void sim_sensor_measure(const sim_sensor *s, const double p[3], double *r, double *az,
                        double *el, double *h, double *d)
{
    if (s->has_site) {
        geo_radar_measure(&s->radar, p, r, az, el);
        geo_radar_height_dist(&s->radar, p, h, d);
        return;
    }
    /* flat world: plane geometry about the site */
    double dx = p[0] - s->s.site[0], dy = p[1] - s->s.site[1], dz = p[2] - s->s.site[2];
    *d = hypot(dx, dy);
    *r = sqrt(dx * dx + dy * dy + dz * dz);
    *az = atan2(dx, dy);
    if (*az < 0)
        *az += 2 * M_PI;
    *el = atan2(dz, *d);
    *h = p[2];
}

/* ---- geodesic lines (PROJ, Karney 2013): a line is set up once per leg, then a position along
 * it costs one series evaluation, which is what makes 10,000 airliners cheap. ---- */
#include <pthread.h>

static struct geod_geodesic g_wgs84;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static void wgs84_init(void) { geod_init(&g_wgs84, GEO_A, GEO_F); }

void sim_line_init(sim_line *l, double lat1, double lon1, double lat2, double lon2)
{
    pthread_once(&g_once, wgs84_init);
    double a1, a2;
    geod_inverse(&g_wgs84, lat1, lon1, lat2, lon2, &l->length, &a1, &a2);
    geod_lineinit(&l->line, &g_wgs84, lat1, lon1, a1, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH |
                  GEOD_DISTANCE_IN);
}

void sim_line_pos(const sim_line *l, double s, double *lat, double *lon, double *azi)
{
    geod_position(&l->line, s, lat, lon, azi);
}

/* Azimuth of p from the sensor (as sim_sensor_measure, without the rest). */
static double sensor_az(const sim_sensor *s, const double p[3])
{
    double l[3];
    if (s->has_site)
        geo_radar_local(&s->radar, p, l);
    else
        l[0] = p[0] - s->s.site[0], l[1] = p[1] - s->s.site[1];
    double az = atan2(l[0], l[1]);
    return az < 0 ? az + 2 * M_PI : az;
}

int sim_beam_crossing(const sim_scenario *sc, const sim_sensor *s, const sim_target *tg,
                      double ts, double *t_out, double x[6])
{
    /* u(t): the target's azimuth counted clockwise from where the beam starts the frame,
     * unwrapped continuously from its value at ts; the beam is at 2 pi (t - ts) / T.  One root
     * exists in the frame iff u stays below 2 pi, so a target is crossed once per revolution even
     * when it moves across the frame's start azimuth. */
    double T = s->period, t0 = ts < tg->t0 ? tg->t0 : ts;
    if (t0 > tg->t1 || t0 >= ts + T)
        return 0;
    sim_target_eval(sc, tg, t0, x);
    double az_s = sensor_az(s, x);
    double u_s = az_s - s->az0;
    u_s -= 2 * M_PI * floor(u_s / (2 * M_PI));
    /* a target born inside the frame after the beam has passed its azimuth is not crossed */
    double t = ts + T * u_s / (2 * M_PI);
    if (t < t0)
        return 0;
    for (int it = 0; it < 10; it++) {
        if (t > tg->t1)
            return 0;
        sim_target_eval(sc, tg, t, x);
        double u = u_s + geo_wrap_pi(sensor_az(s, x) - az_s);
        double tn = ts + T * u / (2 * M_PI);
        if (tn < t0)
            tn = t0;
        if (fabs(tn - t) < 1e-7) {
            t = tn;
            break;
        }
        t = tn;
    }
    if (t >= ts + T || t > tg->t1)
        return 0;
    sim_target_eval(sc, tg, t, x);
    *t_out = t;
    return 1;
}

int sim_sensor_sees(const sim_sensor *s, const double x[3], double *r, double *az, double *el,
                    double *h)
{
    double d;
    sim_sensor_measure(s, x, r, az, el, h, &d);
    if (*r < s->range_min || (s->s.range_max_m > 0 && *r > s->s.range_max_m) || *el > s->el_max)
        return 0;
    if (s->has_site && (*h < 0 || d > geo_horizon_m(s->s.alt_m, *h, s->radar.k)))
        return 0;
    return 1;
}

void sim_samples_eval(const double *t, const double (*x)[6], int n, double at, double out[6])
{
    int lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (t[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    sim_hermite(x[lo], x[hi], t[lo], t[hi], at, out);
}
