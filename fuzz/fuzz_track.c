/* fuzz/fuzz_track.c - the tracker fed arbitrary plot streams.
 *
 * The input is read as a sequence of records; each makes one call: a plot (every field taken
 * from raw bytes, so NaN, infinities, 1e300, negative variances, any kind and sensor, times
 * jumping both ways) or a time advance.  Sensors 1 and 2 exist (a WGS-84 radar and one given in
 * the common frame), others do not.  Whatever comes in, nothing may crash, and every track the
 * tracker reports must be finite with a positive variance. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static geo_sensor_set *set;
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
        trk_add_plot(tr, &pl, NULL);
    }
    trk_flush(tr, NULL);
    check(tr);
    trk_destroy(tr);
    return 0;
}
