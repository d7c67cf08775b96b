/* cli/cli_display_synth.c - synthetic traffic for the display: aircraft on straight legs over the
 * region at cruise levels, updated like radar tracks (each on its own phase of the update
 * period), bouncing back at the region's edges; plus a few unknowns and drones.  Random but
 * reproducible (seeded). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_display.h"

struct dsp_synth {
    dsp_ctx *c;
    int n;
    sw_system_track *trk;   /* what the display is given */
    double (*pos)[6];       /* the true motion: lat, lon, alt at t0, speed, course (deg) */
    double *t0, *phase;
    double lat_min, lat_max, lon_min, lon_max;
};

static double uni(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (double)(*s >> 11) / 9007199254740992.0;
}

sw_rc dsp_synth_new(dsp_synth **out, dsp_ctx *c, int n, unsigned seed, sw_err *err)
{
    dsp_synth *s = calloc(1, sizeof *s);
    if (!s || n < 0 || n > 200000) {
        free(s);
        return sw_err_set(err, SW_EINVAL, "display: --synthetic %d: 0..200000 tracks", n);
    }
    s->c = c;
    s->n = n;
    s->trk = calloc((size_t)n + 1, sizeof *s->trk);
    s->pos = calloc((size_t)n + 1, sizeof *s->pos);
    s->t0 = calloc((size_t)n + 1, sizeof *s->t0);
    s->phase = calloc((size_t)n + 1, sizeof *s->phase);
    if (!s->trk || !s->pos || !s->t0 || !s->phase) {
        dsp_synth_free(s);
        return sw_err_set(err, SW_ENOMEM, "display: out of memory for %d tracks", n);
    }
    s->lat_min = 16;
    s->lat_max = 33;
    s->lon_min = 28;
    s->lon_max = 57;
    uint64_t r = 0x9E3779B97F4A7C15ull ^ seed;
    static const char *airl[] = {"QTR", "UAE", "ETD", "SVA", "MSR", "RJA", "GFA", "FDB"};
    for (int i = 0; i < n; i++) {
        sw_system_track *t = &s->trk[i];
        double lat = s->lat_min + uni(&r) * (s->lat_max - s->lat_min);
        double lon = s->lon_min + uni(&r) * (s->lon_max - s->lon_min);
        double u = uni(&r);
        int cls = u < 0.9 ? SW_CLS_AIRCRAFT : u < 0.96 ? SW_CLS_UNKNOWN : SW_CLS_DRONE;
        double alt = cls == SW_CLS_DRONE ? 500 + 1500 * uni(&r) : 6000 + 6500 * uni(&r);
        double spd = cls == SW_CLS_DRONE ? 30 + 30 * uni(&r) : 180 + 80 * uni(&r);
        double hdg = 2 * M_PI * uni(&r);
        s->pos[i][0] = lat;
        s->pos[i][1] = lon;
        s->pos[i][2] = alt;
        s->pos[i][3] = spd;
        s->pos[i][4] = hdg / GEO_DEG;
        s->phase[i] = uni(&r) * c->update_s;
        t->stn = c->next_stn++;
        t->status = SW_TRK_CONFIRMED;
        t->cls = (uint8_t)cls;
        t->cls_conf = (float)(0.6 + 0.4 * uni(&r));
        t->n_sources = (uint8_t)(1 + (int)(uni(&r) * 3));
        for (int k = 0; k < t->n_sources && c->n_nations; k++)
            t->nations |= 1ull << (int)(uni(&r) * c->n_nations);
        if (c->n_nations)
            memcpy(t->reporter, c->nations[(int)(uni(&r) * c->n_nations)], 4);
        t->quality = (float)(0.5 + 0.5 * uni(&r));
        if (cls == SW_CLS_AIRCRAFT) {
            t->flags = SW_HAS_CALLSIGN | SW_HAS_MODE3A | SW_HAS_MODEC | SW_HAS_ADDRESS;
            snprintf(t->callsign, sizeof t->callsign, "%s%u", airl[(int)(uni(&r) * 8)],
                     (unsigned)(100 + uni(&r) * 8900));
            t->mode3a = (uint16_t)(uni(&r) * 4096) & 07777;
            t->address = (uint32_t)(uni(&r) * 16777215.0);
            t->alt_baro_m = (float)alt;
        }
        double sd = 80 + 200 * uni(&r), ang = M_PI * uni(&r), ratio = 1.5 + 2 * uni(&r);
        double a2 = sd * sd, b2 = a2 / (ratio * ratio), ca = cos(ang), sa = sin(ang);
        t->P[0] = a2 * sa * sa + b2 * ca * ca; /* major axis at `ang` from north */
        t->P[7] = a2 * ca * ca + b2 * sa * sa;
        t->P[1] = t->P[6] = (a2 - b2) * sa * ca;
        t->P[14] = 150 * 150;
        t->P[21] = t->P[28] = 25;
        t->P[35] = 4;
    }
    *out = s;
    return SW_OK;
}

/* Velocity (east, north) m/s in the local frame at lat/lon -> the common ENU frame. */
static void local_vel_to_common(const geo_frame *common, double lat, double lon, double ve,
                                double vn, double v[3])
{
    geo_frame loc;
    double ecef[3], l[3] = {ve, vn, 0};
    geo_frame_init(&loc, lat, lon, 0);
    geo_vec_enu_to_ecef(&loc, l, ecef);
    geo_vec_ecef_to_enu(common, ecef, v);
}

void dsp_synth_step(dsp_synth *s, double now, const sw_system_track **tracks, size_t *n)
{
    for (int i = 0; i < s->n; i++) {
        sw_system_track *t = &s->trk[i];
        /* the latest update instant of this track's cycle at or before now */
        double tu = floor((now - s->phase[i]) / s->c->update_s) * s->c->update_s + s->phase[i];
        if (t->t_first == 0) {
            s->t0[i] = tu;
            t->t_first = tu - 600;
        }
        if (tu <= t->t && t->t != 0)
            continue;
        /* pos = lat, lon, alt at t0, ground speed, course (deg): a geodesic at constant level */
        double *p = s->pos[i], lat, lon, azi;
        geo_direct(p[0], p[1], p[4], p[3] * (tu - s->t0[i]), &lat, &lon, &azi);
        /* bounce at the region's edge: restart the leg from here, heading back */
        if (lat < s->lat_min || lat > s->lat_max || lon < s->lon_min || lon > s->lon_max) {
            p[0] = lat;
            p[1] = lon;
            s->t0[i] = tu;
            p[4] = azi + (lat < s->lat_min || lat > s->lat_max ? 180 - 2 * azi : -2 * azi);
            p[4] = fmod(fmod(p[4], 360.0) + 360.0, 360.0);
            azi = p[4];
        }
        geo_lla_to_enu(&s->c->frame, lat, lon, p[2], t->x);
        double v[3], c = azi * GEO_DEG;
        local_vel_to_common(&s->c->frame, lat, lon, p[3] * sin(c), p[3] * cos(c), v);
        memcpy(t->x + 3, v, sizeof v);
        t->t = tu;
        s->c->inputs_rx++;
        s->c->t_last_input = now;
    }
    *tracks = s->trk;
    *n = (size_t)s->n;
}

void dsp_synth_free(dsp_synth *s)
{
    if (!s)
        return;
    free(s->trk);
    free(s->pos);
    free(s->t0);
    free(s->phase);
    free(s);
}
