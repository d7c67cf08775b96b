/* sim/traffic.c - traffic generators: many targets from a few lines of scenario.
 *
 *   traffic:
 *     - generator: random          # straight flights with optional turns, in a box (scale knob)
 *       count: 100
 *       area: [-50000, 50000, -50000, 50000]   # xmin, xmax, ymin, ymax (common ENU, m)
 *       altitude_m: [3000, 12000]               # 3-D only
 *       speed_mps: [100, 300]
 *       t_start: [0, 0]                         # start times drawn in this interval
 *       turn_fraction: 0.3                      # share of targets that make one turn ...
 *       turn_g: [1, 3]                          # ... at this lateral acceleration
 *       transponder: true                       # Mode 3/A, Mode S address, callsign
 *       adsb_fraction: 0.0
 *     - generator: airliners       # airline traffic between airports (traffic_airliners.c)
 *     - generator: recorded        # real trajectories from a file (motion_recorded.c)
 *
 * Every draw comes from the scenario's seed, so a generator gives the same traffic every run. */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define G0 9.80665

void sim_target_assign_transponder(sim_target *tg, sw_rng *rng)
{
    static const char *const airlines[] = {"QTR", "UAE", "ETD", "SVA", "GFA", "MSR", "RJA",
                                           "FDB", "KAC", "OMA", "ABY", "NIA", "FAD", "THY"};
    /* Mode 3/A: a discrete code, never the emergency codes 7500/7600/7700 or 7000/2000 */
    uint16_t code;
    do {
        code = (uint16_t)(sw_rng_u64(rng) & 07777);
    } while (code == 07500 || code == 07600 || code == 07700 || code == 07000 || code == 02000 ||
             code == 0);
    tg->mode3a = code;
    tg->address = 0x700000u + (uint32_t)(sw_rng_u64(rng) % 0x0fffff);
    const char *al = airlines[sw_rng_u64(rng) % (sizeof airlines / sizeof *airlines)];
    snprintf(tg->callsign, sizeof tg->callsign, "%s%u", al, (unsigned)(sw_rng_u64(rng) % 9000 + 100));
    tg->flags |= SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN;
    tg->nacp = 9;
}

static double uni(sw_rng *r, const double ab[2])
{
    return ab[0] + sw_rng_uniform(r) * (ab[1] - ab[0]);
}

static sw_rc opt_range(const sw_cfg *n, const char *key, double a, double b, double out[2],
                       sw_err *err)
{
    out[0] = a;
    out[1] = b;
    if (!sw_cfg_get(n, key))
        return SW_OK;
    sw_rc rc = sw_cfg_get_vec(n, key, 2, out, err);
    if (rc)
        return rc;
    if (out[1] < out[0]) {
        char where[300];
        return sw_err_set(err, SW_EFORMAT, "%s: '%s': [min, max] with max >= min",
                          sw_cfg_where(sw_cfg_get(n, key), where, sizeof where), key);
    }
    return SW_OK;
}

static sw_rc gen_random(sim_scenario *sc, const sw_cfg *node, sw_rng *rng, sw_err *err)
{
    static const char *const keys[] = {"generator", "count", "area", "altitude_m", "speed_mps",
                                       "t_start", "turn_fraction", "turn_g", "transponder",
                                       "adsb_fraction", "class", "rcs_m2", "duration_s", NULL};
    char where[300];
    sw_rc rc;
    long count;
    double area[4], alt[2], spd[2], ts[2], tg_g[2], turn_frac, adsb_frac, rcs, life;
    bool xpdr;
    const char *cls_name;
    if ((rc = sw_cfg_check_keys(node, keys, err)) ||
        (rc = sw_cfg_get_int(node, "count", &count, err)) ||
        (rc = sw_cfg_get_vec(node, "area", 4, area, err)) ||
        (rc = opt_range(node, "altitude_m", 3000, 12000, alt, err)) ||
        (rc = opt_range(node, "speed_mps", 100, 300, spd, err)) ||
        (rc = opt_range(node, "t_start", 0, 0, ts, err)) ||
        (rc = opt_range(node, "turn_g", 1, 3, tg_g, err)) ||
        (rc = sw_cfg_opt_num(node, "turn_fraction", 0, &turn_frac, err)) ||
        (rc = sw_cfg_opt_num(node, "adsb_fraction", 0, &adsb_frac, err)) ||
        (rc = sw_cfg_opt_num(node, "rcs_m2", 10, &rcs, err)) ||
        (rc = sw_cfg_opt_num(node, "duration_s", 0, &life, err)) ||
        (rc = sw_cfg_opt_bool(node, "transponder", false, &xpdr, err)) ||
        (rc = sw_cfg_opt_str(node, "class", "aircraft", &cls_name, err)))
        return rc;
    int cls = sw_class_parse(cls_name);
    if (count < 0 || count > 1000000 || !(area[1] > area[0] && area[3] > area[2]) || cls < 0 ||
        !(rcs > 0) || turn_frac < 0 || turn_frac > 1 || adsb_frac < 0 || adsb_frac > 1 ||
        spd[0] <= 0 || life < 0)
        return sw_err_set(err, SW_EFORMAT,
                          "%s: random traffic needs count 0..1000000, area [xmin, xmax, ymin, "
                          "ymax], speed > 0, a known class, rcs_m2 > 0, fractions in 0..1",
                          sw_cfg_where(node, where, sizeof where));
    for (long i = 0; i < count; i++) {
        sim_target *tg = sim_scenario_add_target(sc);
        if (!tg)
            return sw_err_set(err, SW_ENOMEM, "out of memory for targets");
        uint32_t id = tg->id;
        double pos[3] = {uni(rng, area), uni(rng, area + 2), sc->w.dim == 3 ? uni(rng, alt) : 0};
        double v = uni(rng, spd), hdg = sw_rng_uniform(rng) * 360.0, t0 = uni(rng, ts);
        double dur[2], rate[2];
        int nturn = 0;
        if (sw_rng_uniform(rng) < turn_frac) {
            double g = uni(rng, tg_g) * (sw_rng_uniform(rng) < 0.5 ? -1 : 1);
            double w = g * G0 / v / GEO_DEG; /* deg/s */
            dur[0] = 30 + sw_rng_uniform(rng) * 120;  /* straight first */
            rate[0] = 0;
            dur[1] = (30 + sw_rng_uniform(rng) * 150) / fabs(w); /* turn 30..180 degrees */
            rate[1] = w;
            nturn = 2;
        }
        if ((rc = sim_legs_make(tg, &sc->w, pos, v, hdg, t0, nturn, dur, rate)))
            return sw_err_set(err, rc, "out of memory for targets");
        tg->id = id;
        tg->cls = cls;
        tg->rcs_m2 = rcs;
        tg->swerling = 1;
        tg->t1 = life > 0 ? t0 + life : 1e18;
        if (xpdr) {
            sim_target_assign_transponder(tg, rng);
            tg->adsb = sw_rng_uniform(rng) < adsb_frac;
        }
    }
    return SW_OK;
}

/* Airline traffic between airports: random city pairs, take-off times, cruise levels by the
 * semicircular rule (eastbound odd, westbound even thousands of feet). */
static sw_rc gen_airliners(sim_scenario *sc, const sw_cfg *node, sw_rng *rng, sw_err *err)
{
    static const char *const keys[] = {"generator", "count", "airports", "t_start",
                                       "cruise_speed_mps", "adsb_fraction", "nacp",
                                       "min_distance_km", NULL};
    char where[300];
    sw_rc rc;
    long count, nacp;
    double ts[2], spd[2], adsb_frac, dmin;
    const sw_cfg *list;
    if (sc->w.dim != 3)
        return sw_err_set(err, SW_EFORMAT, "%s: airliners need a 3-D scenario",
                          sw_cfg_where(node, where, sizeof where));
    if ((rc = sw_cfg_check_keys(node, keys, err)) ||
        (rc = sw_cfg_get_int(node, "count", &count, err)) ||
        (rc = opt_range(node, "t_start", -3600, 0, ts, err)) ||
        (rc = opt_range(node, "cruise_speed_mps", 220, 250, spd, err)) ||
        (rc = sw_cfg_opt_num(node, "adsb_fraction", 0.9, &adsb_frac, err)) ||
        (rc = sw_cfg_opt_int(node, "nacp", 9, &nacp, err)) ||
        (rc = sw_cfg_opt_num(node, "min_distance_km", 150, &dmin, err)) ||
        (rc = sw_cfg_opt_seq(node, "airports", &list, err)))
        return rc;
    if (count < 0 || count > 1000000 || adsb_frac < 0 || adsb_frac > 1 || nacp < 0 || nacp > 11 ||
        spd[0] <= 80)
        return sw_err_set(err, SW_EFORMAT, "%s: airliners need count 0..1000000, adsb_fraction "
                          "0..1, nacp 0..11, cruise_speed_mps > 80",
                          sw_cfg_where(node, where, sizeof where));
    double ap[64][3];
    int na = 0;
    int nlist = list ? sw_cfg_len(list) : sim_airport_count();
    for (int i = 0; i < nlist && na < 64; i++) {
        const char *code = list ? sw_cfg_text(sw_cfg_at(list, i)) : sim_airport_code(i);
        if (sim_airport_find(code, &ap[na][0], &ap[na][1], &ap[na][2]))
            return sw_err_set(err, SW_EFORMAT, "%s: unknown airport '%s'",
                              sw_cfg_where(sw_cfg_at(list, i), where, sizeof where),
                              code ? code : "(not a code)");
        na++;
    }
    if (na < 2)
        return sw_err_set(err, SW_EFORMAT, "%s: airliners need at least two airports",
                          sw_cfg_where(node, where, sizeof where));
    for (long k = 0; k < count; k++) {
        int a = 0, b = 0;
        double d = 0, a1 = 0, a2;
        for (int tries = 0; tries < 100; tries++) {
            a = (int)(sw_rng_u64(rng) % (uint64_t)na);
            b = (int)(sw_rng_u64(rng) % (uint64_t)na);
            if (a == b)
                continue;
            geo_inverse(ap[a][0], ap[a][1], ap[b][0], ap[b][1], &d, &a1, &a2);
            if (d >= dmin * 1000)
                break;
        }
        if (a == b || d < dmin * 1000)
            return sw_err_set(err, SW_EFORMAT, "%s: no two airports are %.0f km apart",
                              sw_cfg_where(node, where, sizeof where), dmin);
        int east = a1 >= 0 && a1 < 180;
        int kft = d < 300e3 ? 20 : d < 600e3 ? 28 : 31 + (int)(sw_rng_u64(rng) % 9);
        if ((kft % 2 == 1) != east)
            kft++;
        sim_target *tg = sim_scenario_add_target(sc);
        if (!tg)
            return sw_err_set(err, SW_ENOMEM, "out of memory for targets");
        uint32_t id = tg->id;
        double t0 = uni(rng, ts), v = uni(rng, spd);
        if (sim_airliner_setup(tg, ap[a], ap[b], t0, kft * 10.0, v, 8 + 4 * sw_rng_uniform(rng),
                               6 + 3 * sw_rng_uniform(rng)))
            return sw_err_set(err, SW_ENOMEM, "out of memory for targets");
        tg->id = id;
        tg->cls = SW_CLS_AIRCRAFT;
        tg->rcs_m2 = 10 + 40 * sw_rng_uniform(rng);
        tg->swerling = 1;
        sim_target_assign_transponder(tg, rng);
        tg->nacp = (int)nacp;
        tg->adsb = sw_rng_uniform(rng) < adsb_frac;
        snprintf(tg->label, sizeof tg->label, "%s", "airliner");
    }
    return SW_OK;
}

sw_rc sim_traffic_parse(sim_scenario *sc, const sw_cfg *node, sw_rng *rng, sw_err *err)
{
    char where[300];
    const char *gen;
    sw_rc rc = sw_cfg_get_str(node, "generator", &gen, err);
    if (rc)
        return rc;
    if (!strcmp(gen, "random"))
        return gen_random(sc, node, rng, err);
    if (!strcmp(gen, "airliners"))
        return gen_airliners(sc, node, rng, err);
    if (!strcmp(gen, "recorded"))
        return sim_recorded_generate(sc, node, err);
    return sw_err_set(err, SW_EFORMAT, "%s: 'generator': '%s' is not one of random, airliners, "
                      "recorded", sw_cfg_where(sw_cfg_get(node, "generator"), where,
                                               sizeof where), gen);
}
