/* warn/wrn_area.c - defended-area geometry: validation, containment and the probability that a
 * Gaussian point lies inside.
 *
 * The probability is a fixed quadrature rather than Monte-Carlo with a random stream: the nodes of
 * a coalition must agree on whether a warning is due, so the same inputs must give the same bits.
 * The 768 points are a Fibonacci (golden-angle) lattice in the measure of the 2-D standard
 * normal: point k has radius quantile (k + 1/2)/N of the chi distribution with 2 degrees of
 * freedom (P(r < R) = 1 - exp(-R^2/2)) and angle 2 pi k / golden ratio, so every point carries
 * the same mass, no two share a radius (a circle's edge cuts the set smoothly) and the angles
 * never line up (Vogel's spiral; Gonzalez, Math. Geosci. 42, 2010). */
#include "warn/wrn_area.h"

#include "core/mat.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Q_N 768

static double g_q[Q_N][2];
static pthread_once_t g_q_once = PTHREAD_ONCE_INIT;

static void q_setup(void)
{
    for (int k = 0; k < Q_N; k++) {
        double r = sqrt(-2.0 * log(1.0 - (k + 0.5) / Q_N));
        double th = 2.0 * M_PI * fmod(k * 0.6180339887498949, 1.0);
        g_q[k][0] = r * cos(th);
        g_q[k][1] = r * sin(th);
    }
}

uint32_t wrn_area_id(const char *nation, const char *name)
{
    uint32_t h = 2166136261u;
    for (const char *p = nation; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    h = (h ^ (uint8_t)'/') * 16777619u;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

void wrn_areas_init(wrn_areas *s) { memset(s, 0, sizeof *s); }

void wrn_areas_free(wrn_areas *s)
{
    free(s->a);
    memset(s, 0, sizeof *s);
}

const wrn_area *wrn_areas_find(const wrn_areas *s, uint32_t id)
{
    for (int i = 0; i < s->n; i++)
        if (s->a[i].id == id)
            return &s->a[i];
    return NULL;
}

/* The checks common to both shapes; returns the new slot. */
static sw_rc new_area(wrn_areas *s, const char *nation, const char *name, int priority,
                      wrn_area **out, sw_err *err)
{
    if (!nation || !wrn_nation_ok(nation, 8))
        return sw_err_set(err, SW_EINVAL, "defended area '%s': nation '%s' is not a 2- or 3-letter "
                          "upper-case code", name ? name : "?", nation ? nation : "(none)");
    if (!name || !*name || strlen(name) >= WRN_AREA_NAME)
        return sw_err_set(err, SW_EINVAL, "defended area of %s: name must have 1 to %d characters",
                          nation, WRN_AREA_NAME - 1);
    if (priority < 1 || priority > 9)
        return sw_err_set(err, SW_ERANGE, "defended area %s/%s: priority %d not in 1..9", nation,
                          name, priority);
    uint32_t id = wrn_area_id(nation, name);
    for (int i = 0; i < s->n; i++) {
        if (!strcmp(s->a[i].nation, nation) && !strcmp(s->a[i].name, name))
            return sw_err_set(err, SW_EINVAL, "defended area %s/%s is defined twice", nation, name);
        if (s->a[i].id == id)
            return sw_err_set(err, SW_EINVAL, "defended areas %s/%s and %s/%s have the same id; "
                              "rename one", nation, name, s->a[i].nation, s->a[i].name);
    }
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 8;
        wrn_area *a = realloc(s->a, sizeof *a * (size_t)cap);
        if (!a)
            return sw_err_set(err, SW_ENOMEM, "out of memory for defended areas");
        s->a = a;
        s->cap = cap;
    }
    wrn_area *a = &s->a[s->n];
    memset(a, 0, sizeof *a);
    a->id = id;
    snprintf(a->nation, sizeof a->nation, "%s", nation);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->priority = priority;
    *out = a;
    return SW_OK;
}

static int ll_ok(double lat, double lon)
{
    return isfinite(lat) && isfinite(lon) && fabs(lat) <= 90 && fabs(lon) <= 180;
}

sw_rc wrn_areas_add_circle(wrn_areas *s, const char *nation, const char *name, int priority,
                           double lat, double lon, double radius_m, sw_err *err)
{
    wrn_area *a;
    sw_rc rc = new_area(s, nation, name, priority, &a, err);
    if (rc)
        return rc;
    if (!ll_ok(lat, lon))
        return sw_err_set(err, SW_ERANGE, "defended area %s/%s: centre (%g, %g) is not a latitude"
                          " and longitude in degrees", nation, name, lat, lon);
    if (!(radius_m > 0 && radius_m < 2e6))
        return sw_err_set(err, SW_ERANGE, "defended area %s/%s: radius %g m not in (0, 2000 km)",
                          nation, name, radius_m);
    a->is_circle = 1;
    a->lat_deg = lat;
    a->lon_deg = lon;
    a->radius_m = radius_m;
    geo_frame_init(&a->frame, lat, lon, 0);
    s->n++;
    return SW_OK;
}

static double cross2(const double *o, const double *a, const double *b)
{
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/* Do the closed segments p1p2 and p3p4 properly cross (not just touch at shared ends)? */
static int seg_cross(const double *p1, const double *p2, const double *p3, const double *p4)
{
    double d1 = cross2(p3, p4, p1), d2 = cross2(p3, p4, p2);
    double d3 = cross2(p1, p2, p3), d4 = cross2(p1, p2, p4);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

sw_rc wrn_areas_add_polygon(wrn_areas *s, const char *nation, const char *name, int priority,
                            const double (*ll)[2], int n, sw_err *err)
{
    /* a closed ring (first = last, as GeoJSON and CAP write it) is accepted as well */
    if (n >= 4 && ll[0][0] == ll[n - 1][0] && ll[0][1] == ll[n - 1][1])
        n--;
    wrn_area *a;
    sw_rc rc = new_area(s, nation, name, priority, &a, err);
    if (rc)
        return rc;
    if (n < 3 || n > WRN_AREA_MAX_VERT)
        return sw_err_set(err, SW_ERANGE, "defended area %s/%s: %d vertices, need 3 to %d", nation,
                          name, n, WRN_AREA_MAX_VERT);
    double slat = 0, slon = 0;
    for (int i = 0; i < n; i++) {
        if (!ll_ok(ll[i][0], ll[i][1]))
            return sw_err_set(err, SW_ERANGE, "defended area %s/%s: vertex %d (%g, %g) is not a "
                              "latitude and longitude in degrees", nation, name, i + 1, ll[i][0],
                              ll[i][1]);
        if (fabs(ll[i][1] - ll[0][1]) > 90)
            return sw_err_set(err, SW_EUNSUPPORTED, "defended area %s/%s: spans the antimeridian "
                              "or more than 90 degrees of longitude", nation, name);
        a->ll[i][0] = ll[i][0];
        a->ll[i][1] = ll[i][1];
        slat += ll[i][0];
        slon += ll[i][1];
    }
    a->n = n;
    a->lat_deg = slat / n;
    a->lon_deg = slon / n;
    geo_frame_init(&a->frame, a->lat_deg, a->lon_deg, 0);
    double area2 = 0;
    for (int i = 0; i < n; i++) {
        double p[3];
        geo_lla_to_enu(&a->frame, ll[i][0], ll[i][1], 0, p);
        a->xy[i][0] = p[0];
        a->xy[i][1] = p[1];
        double r = hypot(p[0], p[1]);
        if (r > a->radius_m)
            a->radius_m = r;
    }
    for (int i = 0; i < n; i++) {
        const double *p = a->xy[i], *q = a->xy[(i + 1) % n];
        area2 += p[0] * q[1] - q[0] * p[1];
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 2; j < n; j++) {
            if (i == 0 && j == n - 1)
                continue; /* adjacent through the closing edge */
            if (seg_cross(a->xy[i], a->xy[(i + 1) % n], a->xy[j], a->xy[(j + 1) % n]))
                return sw_err_set(err, SW_EINVAL, "defended area %s/%s: edges %d and %d cross "
                                  "(the polygon must be simple)", nation, name, i + 1, j + 1);
        }
    if (!(fabs(area2) > 1.0))
        return sw_err_set(err, SW_EINVAL, "defended area %s/%s: the polygon has no area", nation,
                          name);
    if (a->radius_m > 2e6)
        return sw_err_set(err, SW_ERANGE, "defended area %s/%s: larger than 2000 km", nation, name);
    s->n++;
    return SW_OK;
}

int wrn_area_contains_xy(const wrn_area *a, double x, double y)
{
    if (a->is_circle)
        return x * x + y * y <= a->radius_m * a->radius_m;
    if (x * x + y * y > a->radius_m * a->radius_m)
        return 0;
    /* crossing number (even-odd rule) */
    int in = 0;
    for (int i = 0, j = a->n - 1; i < a->n; j = i++) {
        const double *p = a->xy[i], *q = a->xy[j];
        if ((p[1] > y) != (q[1] > y) && x < (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]) + p[0])
            in = !in;
    }
    return in;
}

int wrn_area_contains_ll(const wrn_area *a, double lat, double lon)
{
    double p[3];
    geo_lla_to_enu(&a->frame, lat, lon, 0, p);
    return wrn_area_contains_xy(a, p[0], p[1]);
}

double wrn_area_dist(const wrn_area *a, double lat, double lon)
{
    double d;
    geo_inverse(a->lat_deg, a->lon_deg, lat, lon, &d, NULL, NULL);
    return d;
}

double wrn_area_prob(const wrn_area *a, double lat, double lon, const double C[4])
{
    pthread_once(&g_q_once, q_setup);
    if (!ll_ok(lat, lon) || !isfinite(C[0]) || !isfinite(C[1]) || !isfinite(C[3]))
        return 0;
    /* the mean in the area's frame, and the East-North Jacobian between the two tangent planes */
    geo_frame fm;
    geo_frame_init(&fm, lat, lon, 0);
    double m[3];
    geo_ecef_to_enu(&a->frame, fm.ecef, m);
    double J[4];
    for (int r = 0; r < 2; r++)
        for (int c = 0; c < 2; c++)
            J[r * 2 + c] = a->frame.R[r * 3 + 0] * fm.R[c * 3 + 0] +
                           a->frame.R[r * 3 + 1] * fm.R[c * 3 + 1] +
                           a->frame.R[r * 3 + 2] * fm.R[c * 3 + 2];
    double S[4];
    sw_mat_abat(2, 2, J, C, S);
    /* a floor keeps an exact (zero-variance) prediction well defined: 1 m */
    S[0] += 1.0;
    S[3] += 1.0;
    double L[4];
    if (sw_chol(2, S, L))
        return 0;
    double tr = S[0] + S[3], det = S[0] * S[3] - S[1] * S[2];
    double lmax = 0.5 * tr + sqrt(fmax(0.0, 0.25 * tr * tr - det));
    if (hypot(m[0], m[1]) - a->radius_m > 7.0 * sqrt(lmax))
        return 0;
    int in = 0;
    for (int k = 0; k < Q_N; k++) {
        double u = g_q[k][0], v = g_q[k][1];
        double x = m[0] + L[0] * u, y = m[1] + L[2] * u + L[3] * v;
        in += wrn_area_contains_xy(a, x, y);
    }
    return (double)in / Q_N;
}
