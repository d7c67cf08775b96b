/* sim/sensor_adsb.c - an ADS-B ground station.  Every equipped aircraft within range_max_m
 * (default 450 km) and above the station's radio horizon (4/3 earth) is reported once per
 * scan_s (default 1 s) at a random moment inside the interval (squitters are not synchronised),
 * with the probability `pd` (default 0.95, message loss).  The position is the aircraft's own GNSS
 * fix: noise from its NACp (the 95% bound EPU of DO-260B: sigma = EPU / 2.448 for a circular
 * Gaussian), and now and then (`bad_data_prob`) a bad report displaced by `bad_data_m` in a
 * random direction while still claiming its NACp - the kind of fault a tracker must survive. */
#include "sim/sim_internal.h"

#include <math.h>
#include <string.h>

#define FT 0.3048

/* DO-260B Table 2-70 (NACp -> EPU, metres, 95%). */
static const double epu_m[12] = {37040, 18520, 7408, 3704, 1852, 926, 555.6, 185.2, 92.6, 30, 10,
                                 3};

double sim_adsb_sigma(int nacp)
{
    if (nacp < 0)
        nacp = 0;
    if (nacp > 11)
        nacp = 11;
    return epu_m[nacp] / 2.448;
}

static sw_rc adsb_parse(sim_sensor *s, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    if (!(s->s.range_max_m > 0))
        s->s.range_max_m = 450e3;
    return sim_sensor_parse_common(s, node, w, 1.0, 0.95, err);
}

static void adsb_frame(sim_engine *e, const sim_sensor *s, int idx, long n, sw_rng *rng)
{
    const sim_scenario *sc = sim_engine_scenario(e);
    double ts = s->phase + (double)n * s->period;
    int nc;
    const int *cand = sim_engine_candidates(e, idx, ts, s->s.range_max_m, &nc);
    int dim = sc->w.dim;
    for (int c = 0; c < nc; c++) {
        const sim_target *tg = &sc->targets[cand[c]];
        if (!tg->adsb)
            continue;
        /* the squitter's moment in the interval: a hash of (target, frame), not a draw, so that
         * the sensor's random stream only serves aircraft it receives (selection independence) */
        uint64_t hsh = ((uint64_t)tg->id * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)n * 0xbf58476d1ce4e5b9ull);
        hsh ^= hsh >> 31;
        hsh *= 0x94d049bb133111ebull;
        hsh ^= hsh >> 29;
        double t = ts + (double)(hsh >> 11) * 0x1.0p-53 * s->period, x[6];
        if (t < tg->t0 || t > tg->t1 || t >= sim_engine_duration(e))
            continue;
        sim_target_eval(sc, tg, t, x);
        double r, az, el, h;
        if (!sim_sensor_sees(s, x, &r, &az, &el, &h))
            continue;
        int rx = sw_rng_uniform(rng) < s->pd;
        double sig = sim_adsb_sigma(tg->nacp);
        double n1 = sw_rng_normal(rng), n2 = sw_rng_normal(rng), n3 = sw_rng_normal(rng);
        double bad = sw_rng_uniform(rng), bad_dir = sw_rng_uniform(rng) * 2 * M_PI;
        if (!rx)
            continue;
        sw_plot p;
        sim_plot_init(&p, s, tg, t, dim == 3 ? SW_MEAS_XYZ : SW_MEAS_XY);
        p.z[0] = x[0] + sig * n1;
        p.z[1] = x[1] + sig * n2;
        if (bad < s->bad_prob) {
            p.z[0] += s->bad_offset_m * sin(bad_dir);
            p.z[1] += s->bad_offset_m * cos(bad_dir);
        }
        p.R[0] = p.R[4] = sig * sig;
        if (dim == 3) {
            double sz = 1.5 * sig > 7.5 ? 1.5 * sig : 7.5; /* GNSS height is worse than position */
            p.z[2] = x[2] + sz * n3;
            p.R[8] = sz * sz;
            p.flags |= SW_HAS_GEO_ALT | SW_HAS_MODEC;
            p.alt_geo_m = (float)(h + sz * n3);
            p.alt_baro_m = (float)(floor(h / (25 * FT) + 0.5) * 25 * FT);
        }
        p.flags |= SW_HAS_ADDRESS | (tg->flags & (SW_HAS_MODE3A | SW_HAS_CALLSIGN));
        p.address = tg->address;
        p.mode3a = tg->mode3a;
        memcpy(p.callsign, tg->callsign, sizeof p.callsign);
        sim_emit_plot(e, &p);
    }
}

const sim_sensor_ops sim_sensor_adsb = {.type = "adsb", .parse = adsb_parse, .frame = adsb_frame};
