/* warn/wrn_ballistic.c - free flight and re-entry of a ballistic object in the rotating
 * Earth-fixed frame, integrated to the ground.
 *
 * The equations: dv/dt = g_J2(r) - 2 w x v - w x (w x r) - rho(h) |v| v / (2 beta), with v the
 * velocity relative to the Earth, which is also the air speed since the atmosphere turns with
 * the Earth (winds are ignored: they move a re-entry vehicle by metres, not kilometres).
 * RK4 with a step bounded by the density scale height (a step never crosses more than a quarter
 * of it) and by the drag (the speed changes by at most 2 % in a step); above the atmosphere the
 * step is 4 s, which keeps RK4's error on a sub-orbital arc below a metre.  The ground crossing
 * is found inside the last step on the cubic Hermite interpolant of the position, so the impact
 * point does not depend on where the steps happened to fall. */
#include "warn/wrn_predict.h"

#include <math.h>

/* Height above the ellipsoid, approximated by the distance above the ellipsoid along the
 * geocentric radius: within metres of the geodetic height below 1000 km, and cheap. */
static double approx_height(const double r[3])
{
    double rr = sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
    if (rr <= 0)
        return 0;
    double s = r[2] / rr, c2 = 1.0 - s * s;
    double R = GEO_A * GEO_B / sqrt(GEO_B * GEO_B * c2 + GEO_A * GEO_A * s * s);
    return rr - R;
}

static double height(const double r[3])
{
    double lat, lon, h;
    geo_ecef_to_lla(r, &lat, &lon, &h);
    return h;
}

void wrn_ballistic_deriv(const double x[6], double beta, double dx[6])
{
    double a[3];
    geo_accel_ecef(x, x + 3, a);
    if (beta > 0) {
        double v = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
        double k = geo_air_density(approx_height(x)) * v / (2.0 * beta);
        a[0] -= k * x[3];
        a[1] -= k * x[4];
        a[2] -= k * x[5];
    }
    dx[0] = x[3];
    dx[1] = x[4];
    dx[2] = x[5];
    dx[3] = a[0];
    dx[4] = a[1];
    dx[5] = a[2];
}

void wrn_ballistic_rk4(double x[6], double beta, double dt)
{
    double k1[6], k2[6], k3[6], k4[6], y[6];
    wrn_ballistic_deriv(x, beta, k1);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + 0.5 * dt * k1[i];
    wrn_ballistic_deriv(y, beta, k2);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + 0.5 * dt * k2[i];
    wrn_ballistic_deriv(y, beta, k3);
    for (int i = 0; i < 6; i++)
        y[i] = x[i] + dt * k3[i];
    wrn_ballistic_deriv(y, beta, k4);
    for (int i = 0; i < 6; i++)
        x[i] += dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

static double step_for(const double x[6], double beta, double h)
{
    double v = sqrt(x[3] * x[3] + x[4] * x[4] + x[5] * x[5]);
    double dt = 4.0;
    if (h < 130e3)
        dt = fmin(dt, 1500.0 / fmax(v, 1.0)); /* a quarter of the scale height per step */
    if (beta > 0) {
        double ad = geo_air_density(h) * v * v / (2.0 * beta);
        if (ad > 1e-9)
            dt = fmin(dt, 0.02 * v / ad);
    }
    return fmax(dt, 0.002);
}

/* Position on the cubic Hermite interpolant of the step (x0 -> x1 over dt) at fraction s. */
static void hermite(const double x0[6], const double x1[6], double dt, double s, double out[6])
{
    double s2 = s * s, s3 = s2 * s;
    double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
           h11 = s3 - s2;
    for (int i = 0; i < 3; i++) {
        out[i] = h00 * x0[i] + h10 * dt * x0[i + 3] + h01 * x1[i] + h11 * dt * x1[i + 3];
        out[i + 3] = (1 - s) * x0[i + 3] + s * x1[i + 3];
    }
}

int wrn_ballistic_to_ground(const double x0[6], double beta, double h_ground, double max_s,
                            double *t_out, double xg[6])
{
    double x[6], t = 0;
    for (int i = 0; i < 6; i++) {
        if (!isfinite(x0[i]))
            return -1;
        x[i] = x0[i];
    }
    double h = height(x);
    /* an object at or below the ground (a launch) must first rise above it */
    int armed = h > h_ground;
    for (int n = 0; n < WRN_IPP_MAX_STEPS && t < max_s; n++) {
        double dt = step_for(x, beta, h), prev[6];
        for (int i = 0; i < 6; i++)
            prev[i] = x[i];
        wrn_ballistic_rk4(x, beta, dt);
        double h1 = height(x);
        if (!isfinite(h1))
            return -1;
        if (armed && h1 <= h_ground) {
            double lo = 0, hi = 1, y[6];
            for (int k = 0; k < 48; k++) {
                double mid = 0.5 * (lo + hi);
                hermite(prev, x, dt, mid, y);
                if (height(y) > h_ground)
                    lo = mid;
                else
                    hi = mid;
            }
            hermite(prev, x, dt, hi, xg);
            *t_out = t + hi * dt;
            return 1;
        }
        if (h1 > h_ground + 10.0)
            armed = 1;
        h = h1;
        t += dt;
    }
    *t_out = t;
    for (int i = 0; i < 6; i++)
        xg[i] = x[i];
    return 0;
}
