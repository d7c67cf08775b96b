/* sim/output_csv.c - the interchange files (ARCHITECTURE §4): plots.csv, truth.csv and a
 * sensors.yaml that `skyweave track --sensors` reads.
 *
 * A plots file has one layout.  When every sensor of the run yields the same kind (all 2-D
 * radars, all 3-D radars, all Cartesian) the plots are written as measured; a mixed run (radars
 * with ADS-B, say) is written in Cartesian form in the common frame: a polar plot is converted
 * with the debiased conversion of geo/ and its covariance rotated into the common frame; a 2-D
 * radar's plot is placed at its Mode C height, or, for a primary radar, at an assumed height with a
 * large vertical sigma, as a 2-D radar's tracker has to. */
#include "sim/sim_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/records.h"
#include "geo/sensors.h"

static int sensor_kind(const sim_scenario *sc, const sim_sensor *s)
{
    switch (s->s.type) {
    case SW_SENSOR_PSR:
    case SW_SENSOR_SSR: return SW_MEAS_RA;
    case SW_SENSOR_3D: return SW_MEAS_RAE;
    default: return sc->w.dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
    }
}

static int find_sensor(const sim_scenario *sc, uint32_t id)
{
    for (int i = 0; i < sc->n_sensors; i++)
        if (sc->sensors[i].s.id == id)
            return i;
    return -1;
}

/* R_common = rot^T R_local rot (rot: common ENU -> site ENU). */
static void rotate_cov(const double rot[9], const double Rl[9], double Rc[9])
{
    double T[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += Rl[i * 3 + k] * rot[k * 3 + j];
            T[i * 3 + j] = s;
        }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++)
                s += rot[k * 3 + i] * T[k * 3 + j];
            Rc[i * 3 + j] = s;
        }
}

/* Ground range of a slant range r at height difference dh (0 when dh is out of reach). */
static double ground(double r, double dh)
{
    return fabs(dh) < r ? sqrt(r * r - dh * dh) : 0;
}

/* Covariance, in the radar's local ENU, of a 2-D radar's plot placed at a height known to sd_h:
 * ground range rho = sqrt(r^2 - dh^2) and azimuth give the horizontal part (debiased), the height
 * its own, and rho's dependence on the height their correlation.  rho's spread is taken over
 * heights dh +- sd_h, not linearised: near the radar a height error moves the ground range by up
 * to the whole slant range.  Not an elevation sigma of sd_h / r either: near the radar that is
 * radians, and the debiased conversion (which divides by exp(-sd_el^2 / 2)) then gave sigmas of
 * 10^11 m and more. */
static void ra_height_cov(const geo_radar *rad, const double p[3], double r, double az,
                          double sd_r, double sd_a, double sd_h, double Rl[9])
{
    double l[3], xy[2], R2[4];
    geo_radar_local(rad, p, l);
    double rho = hypot(l[0], l[1]);
    if (rho < 1)
        rho = 1;
    double lo = rho - ground(r, fabs(l[2]) + sd_h), hi = ground(r, fabs(l[2]) - sd_h) - rho;
    double sd_rh = fmax(fmax(lo, hi), 0);
    double sd_rho = sqrt(sd_r * sd_r * (r / rho) * (r / rho) + sd_rh * sd_rh);
    geo_polar2_debias(rho, az, sd_rho, sd_a, xy, R2);
    /* higher -> nearer: cov(rho, h) = -sign(dh) sd_rh sd_h, kept positive definite */
    double c_rh = -copysign(0.95 * sd_rh * sd_h, l[2]);
    Rl[0] = R2[0];
    Rl[1] = Rl[3] = R2[1];
    Rl[4] = R2[3];
    Rl[2] = Rl[6] = sin(az) * c_rh;
    Rl[5] = Rl[7] = cos(az) * c_rh;
    Rl[8] = sd_h * sd_h;
}

void sim_plot_to_cart(const sim_scenario *sc, const sw_plot *in, int dim, double assumed_h,
                      double sd_z_assumed, sw_plot *out)
{
    *out = *in;
    if (in->kind == SW_MEAS_XY || in->kind == SW_MEAS_XYZ) {
        out->kind = dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
        return;
    }
    int si = find_sensor(sc, in->sensor_id);
    if (si < 0)
        return;
    const sim_sensor *s = &sc->sensors[si];
    double sd_r = sqrt(in->R[0]), sd_a = sqrt(in->R[4]);
    memset(out->R, 0, sizeof out->R);
    if (!s->has_site) {
        double xy[2], R2[4];
        geo_polar2_debias(in->z[0], in->z[1], sd_r, sd_a, xy, R2);
        out->kind = dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY;
        out->z[0] = s->s.site[0] + xy[0];
        out->z[1] = s->s.site[1] + xy[1];
        out->z[2] = 0;
        out->R[0] = R2[0];
        out->R[1] = R2[1];
        out->R[3] = R2[2];
        out->R[4] = R2[3];
        out->R[8] = dim == 3 ? sd_z_assumed * sd_z_assumed : 0;
        return;
    }
    double p[3], loc[3], Rl[9];
    if (in->kind == SW_MEAS_RAE) {
        geo_radar_to_enu(&s->radar, in->z[0], in->z[1], in->z[2], p);
        geo_polar_debias(in->z[0], in->z[1], in->z[2], sd_r, sd_a, sqrt(in->R[8]), loc, Rl);
    } else {
        int has_h = (in->flags & SW_HAS_MODEC) != 0;
        double h = has_h ? in->alt_baro_m : assumed_h;
        if (geo_radar_rah_to_enu(&s->radar, in->z[0], in->z[1], h, p))
            geo_radar_rah_to_enu(&s->radar, in->z[0], in->z[1], s->s.alt_m, p);
        ra_height_cov(&s->radar, p, in->z[0], in->z[1], sd_r, sd_a,
                      has_h ? 15.0 : sd_z_assumed, Rl);
    }
    rotate_cov(s->s.rot, Rl, out->R);
    out->kind = SW_MEAS_XYZ;
    memcpy(out->z, p, sizeof p);
    if (dim == 2) {
        out->kind = SW_MEAS_XY;
        out->R[2] = out->R[5] = out->R[6] = out->R[7] = out->R[8] = 0;
        out->z[2] = 0;
    }
}

sw_rc sim_write_sensors(const sim_scenario *sc, const char *path, sw_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    fprintf(f, "# sensors of scenario '%s' (written by skyweave sim; geo/sensors.h format)\n",
            sc->name);
    fprintf(f, "origin: [%.8f, %.8f, %.2f]\nsensors:\n", sc->w.origin.lat / GEO_DEG,
            sc->w.origin.lon / GEO_DEG, sc->w.origin.alt);
    for (int i = 0; i < sc->n_sensors; i++) {
        const sim_sensor *s = &sc->sensors[i];
        const sw_sensor *x = &s->s;
        fprintf(f, "  - id: %u\n    type: %s\n", x->id, geo_sensor_type_name(x->type));
        if (x->name[0])
            fprintf(f, "    name: \"%s\"\n", x->name);
        if (x->nation[0])
            fprintf(f, "    nation: %s\n", x->nation);
        if (x->sac || x->sic)
            fprintf(f, "    sac: %u\n    sic: %u\n", x->sac, x->sic);
        if (s->has_site)
            fprintf(f, "    lat_deg: %.8f\n    lon_deg: %.8f\n    alt_m: %.2f\n", x->lat_deg,
                    x->lon_deg, x->alt_m);
        else
            fprintf(f, "    x_m: %.2f\n    y_m: %.2f\n    z_m: %.2f\n", x->site[0], x->site[1],
                    x->site[2]);
        fprintf(f, "    sd_range_m: %.6g\n    sd_azimuth_deg: %.6g\n    sd_elevation_deg: %.6g\n",
                x->sd_range_m, x->sd_az_rad / GEO_DEG, x->sd_el_rad / GEO_DEG);
        fprintf(f, "    sd_xy_m: %.6g\n    sd_z_m: %.6g\n    scan_s: %.6g\n", x->sd_xy_m,
                x->sd_z_m, x->scan_s);
        if (x->range_max_m > 0)
            fprintf(f, "    range_max_m: %.6g\n", x->range_max_m);
    }
    if (sc->n_sensors == 0)
        fprintf(f, "  []\n");
    if (fclose(f))
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    return SW_OK;
}

typedef struct csv_ctx {
    const sim_scenario *sc;
    FILE *f;
    int kind;       /* the file's kind */
    int convert;
    long n;
    const sim_sink *tee;
} csv_ctx;

static int tee_event(void *ctx, const sim_event *ev)
{
    csv_ctx *c = ctx;
    return c->tee && c->tee->event ? c->tee->event(c->tee->ctx, ev) : 0;
}

static int write_plot(void *ctx, const sw_plot *p)
{
    csv_ctx *c = ctx;
    if (c->tee && c->tee->plot) {
        int r = c->tee->plot(c->tee->ctx, p);
        if (r)
            return r;
    }
    if (c->convert) {
        sw_plot q;
        sim_plot_to_cart(c->sc, p, c->sc->w.dim, 0.0, 3000.0, &q);
        sw_plots_write(c->f, &q);
    } else {
        sw_plots_write(c->f, p);
    }
    c->n++;
    return 0;
}

typedef struct truth_ctx {
    FILE *f;
    int dim;
    long n;
} truth_ctx;

static void write_truth(void *ctx, double t, uint32_t id, int cls, const double x[6])
{
    truth_ctx *c = ctx;
    sw_truth_write(c->f, c->dim, t, id, x, cls);
    c->n++;
}

sw_rc sim_write_csv(sim_engine *e, const char *dir, const sim_csv_options *opt, long *n_plots,
                    long *n_truth, sw_err *err)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    char path[1024];
    int kind = -1, mixed = 0;
    for (int i = 0; i < sc->n_sensors; i++) {
        int k = sensor_kind(sc, &sc->sensors[i]);
        if (kind >= 0 && k != kind)
            mixed = 1;
        kind = k;
    }
    int fmt = opt ? opt->format : SIM_PLOTS_AUTO;
    int polar_kind = kind == SW_MEAS_RA || kind == SW_MEAS_RAE;
    if (fmt == SIM_PLOTS_POLAR && (mixed || !polar_kind))
        return sw_err_set(err, SW_EINVAL, "polar plots need every sensor to be a radar of one "
                          "kind (2-D or 3-D); use the Cartesian format");
    int convert = kind < 0 || mixed || (fmt == SIM_PLOTS_CART && polar_kind);
    csv_ctx pc = {sc, NULL, convert ? (sc->w.dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY) : kind,
                  convert, 0, opt ? opt->tee : NULL};
    truth_ctx tc = {NULL, sc->w.dim, 0};
    snprintf(path, sizeof path, "%s/sensors.yaml", dir);
    sw_rc rc = sim_write_sensors(sc, path, err);
    if (rc)
        return rc;
    snprintf(path, sizeof path, "%s/threats.csv", dir);
    if ((rc = sim_write_threats(sc, sim_engine_duration(e), path, err)))
        return rc;
    snprintf(path, sizeof path, "%s/plots.csv", dir);
    pc.f = fopen(path, "w");
    if (!pc.f)
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    snprintf(path, sizeof path, "%s/truth.csv", dir);
    tc.f = fopen(path, "w");
    if (!tc.f) {
        fclose(pc.f);
        return sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
    }
    sw_plots_write_header(pc.f, pc.kind);
    sw_truth_write_header(tc.f, tc.dim);
    double step = opt && opt->truth_step > 0 ? opt->truth_step : sc->truth_step;
    double dur = sim_engine_duration(e);
    sim_sink sink = {&pc, write_plot, tee_event};
    long r = 0;
    for (long k = 0;; k++) {
        double t = (double)k * step;
        if (t > dur + 1e-9)
            break;
        sim_engine_truth(e, t, write_truth, &tc);
        double tn = (double)(k + 1) * step;
        r = sim_engine_run(e, tn < dur ? tn : dur, &sink, err);
        if (r < 0)
            break;
    }
    if (r >= 0)
        r = sim_engine_run(e, dur, &sink, err);
    int bad = ferror(pc.f) | ferror(tc.f);
    bad |= fclose(pc.f) | fclose(tc.f);
    if (r < 0)
        return (sw_rc)r;
    if (bad)
        return sw_err_set(err, SW_EIO, "%s: write error", dir);
    if (n_plots)
        *n_plots = pc.n;
    if (n_truth)
        *n_truth = tc.n;
    return SW_OK;
}
