/* fuzz/fuzz_track.c - the tracker fed arbitrary plot streams, through sensor registration.
 *
 * The input is read as a sequence of records; each makes one call: a plot (every field taken
 * from raw bytes, so NaN, infinities, 1e300, negative variances, any kind and sensor, times
 * jumping both ways) or a time advance.  Sensors 1 and 2 exist (a WGS-84 radar and one given in
 * the common frame), others do not.  In front of the tracker, as in every command, registration
 * (reg/) sees the same plots with sensor 1 a 3-D radar, 2 a primary radar and 3 an ADS-B station,
 * and now and then a plot's numbers as a partner's track (reg_reference); it must leave every
 * plot finite that came in finite, and report finite estimates.  Whatever comes in, nothing may
 * crash, and every track the tracker reports must be finite with a positive variance. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reg/reg.h"
#include "track/track.h"

static size_t take(const uint8_t **d, size_t *n, void *out, size_t k)
{
    size_t m = *n < k ? *n : k;
    memset(out, 0, k);
    memcpy(out, *d, m);
    *d += m;
    *n -= m;
    return m;
}

static void check(const trk_tracker *tr)
{
    static sw_track out[64];
    size_t n = trk_list(tr, SW_TRK_TENTATIVE, NAN, out, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        for (int a = 0; a < 6; a++)
            if (!isfinite(out[i].x[a]))
                abort();
        for (int a = 0; a < 36; a++)
            if (!isfinite(out[i].P[a]))
                abort();
        for (int a = 0; a < out[i].dim; a++)
            if (!(out[i].P[a * 7] > 0))
                abort();
        if (!(out[i].quality >= 0 && out[i].quality <= 1))
            abort();
    }
}

static int finite_plot(const sw_plot *p)
{
    for (int i = 0; i < 3; i++)
        if (!isfinite(p->z[i]))
            return 0;
    return isfinite(p->t);
}

static void check_reg(const reg_reg *rg)
{
    reg_bias b[4];
    size_t n = reg_list(rg, b, 4);
    for (size_t i = 0; i < n && i < 4; i++)
        if (!isfinite(b[i].range_m) || !isfinite(b[i].gain_m) || !isfinite(b[i].az_rad) ||
            !isfinite(b[i].el_rad) || !isfinite(b[i].time_s) || !(b[i].range_sd_m >= 0))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static geo_sensor_set *set, *rset;
    if (!set) {
        set = calloc(1, sizeof *set);
        geo_frame_init(&set->origin, 25, 51, 0);
        set->has_origin = 1;
        set->n = 2;
        for (int i = 0; i < 2; i++) {
            set->s[i].id = (uint32_t)i + 1;
            set->s[i].sd_range_m = 50;
            set->s[i].sd_az_rad = 0.002;
            set->s[i].sd_el_rad = 0.005;
            set->s[i].sd_xy_m = 50;
            set->s[i].sd_z_m = 100;
        }
        geo_radar_init(&set->radar[0], &set->origin, 25.2, 51.1, 20);
        set->has_site[0] = 1;
        set->s[0].scan_s = 4;
        set->s[1].site[0] = 10000;
        rset = malloc(sizeof *rset);
        *rset = *set;
        rset->n = 3;
        rset->s[0].type = SW_SENSOR_3D;
        rset->s[1].type = SW_SENSOR_PSR;
        rset->s[2].id = 3;
        rset->s[2].type = SW_SENSOR_ADSB;
    }
    if (size < 2)
        return 0;
    trk_params p;
    trk_params_default(&p, 2 + (data[0] & 1));
    p.filter = (data[0] >> 1) % 3;
    p.assoc = (data[0] >> 3) & 1;
    p.polar = (data[0] >> 4) & 1;
    p.reorder_s = (data[1] & 3) * 0.5;
    p.batch_s = ((data[1] >> 2) & 3) * 0.1;
    p.jpda_max_hyp = (data[1] & 16) ? 1 : 5000;
    p.events = TRK_EV_ALL;
    p.max_tracks = 64; /* grows as needed: that path is fuzzed too */
    trk_tracker *tr;
    if (trk_create(&tr, &p, set, NULL))
        return 0;
    reg_params rp;
    reg_params_default(&rp);
    rp.min_pairs = 2;      /* corrections from the second pair on: that path is fuzzed too */
    rp.max_aircraft = 4;   /* and a full reference table */
    reg_reg *rg;
    if (reg_create(&rg, &rp, rset, NULL)) {
        trk_destroy(tr);
        return 0;
    }
    data += 2;
    size -= 2;
    double t = 0;
    while (size > 0) {
        uint8_t op;
        take(&data, &size, &op, 1);
        if (op < 16) {
            float dt;
            take(&data, &size, &dt, sizeof dt);
            trk_advance(tr, t + dt, NULL);
            continue;
        }
        sw_plot pl;
        memset(&pl, 0, sizeof pl);
        float dt;
        take(&data, &size, &dt, sizeof dt);
        if (op & 1) { /* small steps, mostly forward: a plausible stream */
            int16_t q;
            take(&data, &size, &q, sizeof q);
            dt = q * 0.01f;
        }
        t += isfinite(dt) ? dt : 0;
        pl.t = (op & 2) ? t + dt : t;
        pl.sensor_id = (op >> 2) & 3;
        pl.kind = (uint8_t)(1 + ((op >> 4) & 3));
        if (op & 64) { /* coordinates from small integers: plots that gate and make tracks */
            int16_t v[3];
            take(&data, &size, v, sizeof v);
            for (int i = 0; i < 3; i++)
                pl.z[i] = v[i] * (pl.kind >= SW_MEAS_RA && i ? 0.001 : 10.0) +
                          (pl.kind >= SW_MEAS_RA && i == 0 ? 40000 : 0);
            pl.R[0] = pl.R[4] = pl.R[8] = (op & 128) ? 2500 : 0;
            if (pl.kind >= SW_MEAS_RA && (op & 128))
                pl.R[4] = pl.R[8] = 1e-6;
        } else {
            take(&data, &size, pl.z, sizeof pl.z);
            take(&data, &size, pl.R, sizeof pl.R);
        }
        uint8_t id[8];
        take(&data, &size, id, sizeof id);
        pl.flags = id[0];
        pl.address = id[1] | (uint32_t)id[2] << 8;
        pl.mode3a = id[3];
        memcpy(pl.callsign, "FUZZ1234", 9);
        memcpy(&pl.alt_baro_m, id + 4, 4);
        if (id[5] == 0xA5) { /* the same numbers as a partner's track */
            sw_track tk;
            memset(&tk, 0, sizeof tk);
            tk.t = pl.t;
            tk.dim = 3;
            tk.flags = pl.flags;
            tk.address = pl.address;
            memcpy(tk.x, pl.z, sizeof pl.z);
            memcpy(tk.x + 3, pl.R, 3 * sizeof(double));
            memcpy(tk.P, pl.R, sizeof pl.R);
            reg_reference(rg, &tk);
        }
        int was_finite = finite_plot(&pl);
        reg_plot(rg, &pl);
        if (was_finite && !finite_plot(&pl))
            abort();
        trk_add_plot(tr, &pl, NULL);
    }
    trk_flush(tr, NULL);
    check(tr);
    check_reg(rg);
    reg_destroy(rg);
    trk_destroy(tr);
    return 0;
}
