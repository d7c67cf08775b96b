/* warn/wrn_path.c - arrival of an air-breathing threat (cruise missile, drone) over an area.
 *
 * A cruise missile flies a route between waypoints, so a straight-line extrapolation is right for
 * minutes, not for an hour.  The prediction says so honestly: on top of the track covariance
 * propagated as constant velocity, the predicted position spreads along track with the speed
 * uncertainty (sd_speed * speed * t) and across track with the heading uncertainty
 * (sd_heading * speed * t).  The probability of arrival is that of the predicted position at the
 * closest approach of the mean path to the area lying inside the area; the arrival time is the
 * mean path's entry into it.  Paths follow the great circle (PROJ geodesics), covariances are
 * carried in the local tangent plane and turned with the path's azimuth. */
#include "warn/wrn_predict.h"

#include "core/mat.h"

#include <math.h>
#include <string.h>

void wrn_path_init(wrn_path *p, const geo_frame *origin, const double x[6], const double P[36],
                   double t)
{
    memset(p, 0, sizeof *p);
    double e[3], v[3], lat, lon, h;
    geo_enu_to_ecef(origin, x, e);
    geo_ecef_to_lla(e, &lat, &lon, &h);
    p->t = t;
    p->lat_deg = lat / GEO_DEG;
    p->lon_deg = lon / GEO_DEG;
    p->h = h;
    geo_frame loc;
    geo_frame_init(&loc, p->lat_deg, p->lon_deg, h);
    double ve[3];
    geo_vec_enu_to_ecef(origin, x + 3, ve);
    geo_vec_ecef_to_enu(&loc, ve, v);
    p->speed = hypot(v[0], v[1]);
    p->heading = atan2(v[0], v[1]);
    double Pe[36], Pl[36];
    geo_cov6_enu_to_ecef(origin, P, Pe);
    geo_cov6_ecef_to_enu(&loc, Pe, Pl);
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++) {
            p->Cpp[r * 2 + c] = Pl[r * 6 + c];
            p->Cpv[r * 2 + c] = Pl[r * 6 + c + 3];
            p->Cvv[r * 2 + c] = Pl[(r + 3) * 6 + c + 3];
        }
}

void wrn_path_at(const wrn_path *p, double dt, double *lat, double *lon)
{
    geo_direct(p->lat_deg, p->lon_deg, p->heading / GEO_DEG, p->speed * dt, lat, lon, NULL);
}

/* Covariance of the predicted position after dt, in the frame at the start. */
static void cov_at(const wrn_path *p, double dt, double sd_heading, double sd_speed, double C[4])
{
    for (int i = 0; i < 4; i++)
        C[i] = p->Cpp[i] + dt * (p->Cpv[i] + p->Cpv[(i % 2) * 2 + i / 2]) + dt * dt * p->Cvv[i];
    double u[2] = {sin(p->heading), cos(p->heading)}, w[2] = {u[1], -u[0]};
    double sa = sd_speed * p->speed * dt, sc = sd_heading * p->speed * dt;
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++)
            C[r * 2 + c] += sa * sa * u[r] * u[c] + sc * sc * w[r] * w[c];
}

/* First parameter s >= s0 at which the line m + s d enters the area (or s0 if inside there). */
static int line_entry(const wrn_area *a, const double m[2], const double d[2], double s0,
                      double *s_out)
{
    if (wrn_area_contains_xy(a, m[0] + s0 * d[0], m[1] + s0 * d[1])) {
        *s_out = s0;
        return 1;
    }
    double best = INFINITY;
    if (a->is_circle) {
        /* |m + s d|^2 = R^2 */
        double A = d[0] * d[0] + d[1] * d[1], B = 2 * (m[0] * d[0] + m[1] * d[1]);
        double Cc = m[0] * m[0] + m[1] * m[1] - a->radius_m * a->radius_m;
        double disc = B * B - 4 * A * Cc;
        if (A > 0 && disc >= 0) {
            double s = (-B - sqrt(disc)) / (2 * A);
            if (s >= s0)
                best = s;
        }
    } else {
        for (int i = 0, j = a->n - 1; i < a->n; j = i++) {
            const double *p = a->xy[j], *q = a->xy[i];
            double ex = q[0] - p[0], ey = q[1] - p[1];
            double den = d[0] * ey - d[1] * ex;
            if (fabs(den) < 1e-12)
                continue;
            double wx = p[0] - m[0], wy = p[1] - m[1];
            double s = (wx * ey - wy * ex) / den, u = (wx * d[1] - wy * d[0]) / den;
            if (u >= 0 && u <= 1 && s >= s0 && s < best)
                best = s;
        }
    }
    if (!isfinite(best))
        return 0;
    *s_out = best;
    return 1;
}

void wrn_path_arrival(const wrn_path *p, const wrn_area *a, double horizon_s, double sd_heading,
                      double sd_speed, wrn_arrival *out)
{
    memset(out, 0, sizeof *out);
    double d0, az;
    geo_inverse(p->lat_deg, p->lon_deg, a->lat_deg, a->lon_deg, &d0, &az, NULL);
    double rel = az * GEO_DEG - p->heading;
    double along = d0 * cos(rel);
    int moving = p->speed > 1.0;
    double t_ca = moving ? fmax(0.0, along / p->speed) : 0.0;
    if (t_ca > horizon_s)
        return;
    if (moving && along < -a->radius_m && d0 > a->radius_m)
        return; /* going away from an area it is not in */
    double lat, lon, azi2 = p->heading / GEO_DEG;
    if (t_ca > 0)
        geo_direct(p->lat_deg, p->lon_deg, p->heading / GEO_DEG, p->speed * t_ca, &lat, &lon,
                   &azi2);
    else
        lat = p->lat_deg, lon = p->lon_deg;
    double C0[4];
    cov_at(p, t_ca, sd_heading, sd_speed, C0);
    /* turn the covariance with the path's azimuth (vectors keep their angle to the path) */
    double dl = azi2 * GEO_DEG - p->heading, cd = cos(dl), sdl = sin(dl);
    double M[4] = {cd, sdl, -sdl, cd};
    sw_mat_abat(2, 2, M, C0, out->C);
    out->valid = 1;
    out->lat_deg = lat;
    out->lon_deg = lon;
    out->p = wrn_area_prob(a, lat, lon, out->C);
    /* entry of the mean path: a straight line in the area's tangent plane through the closest
     * approach point, parameterised in seconds from now */
    double m3[3];
    geo_lla_to_enu(&a->frame, lat, lon, 0, m3);
    double dir[2] = {p->speed * sin(azi2 * GEO_DEG), p->speed * cos(azi2 * GEO_DEG)};
    double mm[2] = {m3[0] - t_ca * dir[0], m3[1] - t_ca * dir[1]}, s;
    if (moving) {
        out->enters = line_entry(a, mm, dir, 0.0, &s);
        if (out->enters && s > horizon_s)
            out->enters = 0;
    } else {
        out->enters = wrn_area_contains_xy(a, m3[0], m3[1]);
        s = 0;
    }
    double t_arr = out->enters ? s : t_ca;
    out->t_arrival = p->t + t_arr;
    double ca[4];
    cov_at(p, t_arr, sd_heading, sd_speed, ca);
    double u[2] = {sin(p->heading), cos(p->heading)};
    double va = u[0] * (ca[0] * u[0] + ca[1] * u[1]) + u[1] * (ca[2] * u[0] + ca[3] * u[1]);
    out->t_sd = moving ? sqrt(fmax(0.0, va)) / p->speed : 0.0;
}
