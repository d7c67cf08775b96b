/* ingest/ing_core.c - a datagram in, plots out: de-duplication, ASTERIX decoding, the sensor
 * lookup, time of day unrolled to absolute time, and the radars' CAT034 status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "ingest/ingest.h"

struct ing {
    ing_cfg cfg;
    ing_stats st;
    ing_dedup dd;
    asx_any rec;                          /* the decoded record, reused */
    int nradar;
    ing_radar_status radar[ING_MAX_RADARS];
    int16_t radar_of[65536];              /* SAC<<8|SIC -> index in radar[], -1 */
    double t_last;                        /* last unrolled time, the reference without t_rx */
    char fault[SW_ERR_MSG];
};

sw_rc ing_create(ing **out, const ing_cfg *cfg, sw_err *err)
{
    ing *g = calloc(1, sizeof *g);
    if (!g)
        return sw_err_set(err, SW_ENOMEM, "ingest: out of memory");
    g->cfg = *cfg;
    ing_dedup_init(&g->dd, cfg->dedup_window_s);
    memset(g->radar_of, 0xff, sizeof g->radar_of);
    g->t_last = -1;
    *out = g;
    return SW_OK;
}

void ing_destroy(ing *g) { free(g); }
const ing_stats *ing_stats_of(const ing *g) { return &g->st; }
const char *ing_last_fault(const ing *g) { return g->fault; }
int ing_radar_count(const ing *g) { return g->nradar; }
const ing_radar_status *ing_radar_at(const ing *g, int i) { return &g->radar[i]; }

const ing_radar_status *ing_radar_find(const ing *g, int sac, int sic)
{
    int i = g->radar_of[(sac & 255) << 8 | (sic & 255)];
    return i >= 0 ? &g->radar[i] : NULL;
}

static ing_radar_status *radar(ing *g, int sac, int sic)
{
    int16_t *slot = &g->radar_of[sac << 8 | sic];
    if (*slot < 0) {
        if (g->nradar >= ING_MAX_RADARS)
            return NULL;
        ing_radar_status *s = &g->radar[g->nradar];
        memset(s, 0, sizeof *s);
        s->sac = (uint8_t)sac;
        s->sic = (uint8_t)sic;
        s->sensor = g->cfg.sensors ? geo_sensors_find_sacsic(g->cfg.sensors, sac, sic) : -1;
        *slot = (int16_t)g->nradar++;
    }
    return &g->radar[*slot];
}

ing_health ing_radar_health(const ing_radar_status *s, double now)
{
    double per = s->scan_period_avg_s > 0 ? s->scan_period_avg_s : s->antenna_period_s;
    if (now - s->last_msg_t > (per > 0 ? 3 * per : 30.0))
        return ING_RADAR_SILENT;
    if (s->nogo || s->overload)
        return ING_RADAR_DEGRADED;
    if (per > 0 && s->north_markers && now - s->last_north_t > 2 * per)
        return ING_RADAR_LATE;
    return ING_RADAR_OK;
}

const char *ing_health_name(ing_health h)
{
    static const char *n[] = {"ok", "degraded", "late", "silent"};
    return (unsigned)h < 4 ? n[h] : "?";
}

/* Absolute time of a time of day: next to the receive time, else next to the last report. */
static double unroll(ing *g, double tod, double t_rx)
{
    double ref = t_rx >= 0 ? t_rx : g->t_last >= 0 ? g->t_last : tod;
    double t = sw_tod_unroll(tod, ref);
    g->t_last = t;
    return t;
}

static void cat034(ing *g, const asx034 *r, double t_rx)
{
    if (!(r->present & 1))
        return;
    ing_radar_status *s = radar(g, r->i010.sac, r->i010.sic);
    if (!s)
        return;
    double t = r->present >> (ASX034_FRN_030 - 1) & 1 ? unroll(g, r->i030.tod_s, t_rx) : t_rx;
    if (t > s->last_msg_t)
        s->last_msg_t = t;
    if (r->present >> (ASX034_FRN_041 - 1) & 1)
        s->antenna_period_s = r->i041.period_s;
    if (r->present >> (ASX034_FRN_050 - 1) & 1 && r->i050.present & 1) {
        const asx034_050 *c = &r->i050;
        s->nogo = c->com.nogo;
        s->overload = c->com.ovlrdp || c->com.ovlxmt ||
                      (c->present >> 3 & 1 && c->psr.ovl) || (c->present >> 4 & 1 && c->ssr.ovl) ||
                      (c->present >> 5 & 1 && c->mds.ovlsur);
    }
    if (!(r->present >> (ASX034_FRN_000 - 1) & 1))
        return;
    if (r->i000.msg_type == 1) { /* north marker: one antenna turn done */
        if (s->north_markers && t > s->last_north_t) {
            double per = t - s->last_north_t;
            if (per > 0.5 && per < 60) {
                s->scan_period_s = per;
                s->scan_period_avg_s = s->scan_period_avg_s > 0
                                           ? 0.8 * s->scan_period_avg_s + 0.2 * per : per;
            }
        }
        s->north_markers++;
        s->last_north_t = t;
        s->sectors_last_scan = s->sectors_this_scan;
        s->sectors_this_scan = 0;
        memset(s->sector_bits, 0, sizeof s->sector_bits);
    } else if (r->i000.msg_type == 2 && r->present >> (ASX034_FRN_020 - 1) & 1) {
        unsigned k = (unsigned)lround(r->i020.sector_deg / (360.0 / 256)) & 255;
        if (!(s->sector_bits[k >> 3] >> (k & 7) & 1)) {
            s->sector_bits[k >> 3] |= (uint8_t)(1u << (k & 7));
            s->sectors_this_scan++;
        }
        s->sector_msgs++;
    }
}

void ing_feed(ing *g, const ing_input *in, ing_plot_fn fn, void *ctx)
{
    g->st.datagrams++;
    if (g->cfg.dedup_window_s > 0 && in->t_rx >= 0 &&
        ing_dedup_seen(&g->dd, in->p, in->n, in->t_rx)) {
        g->st.duplicates++;
        return;
    }
    asx_iter it;
    asx_iter_init(&it, in->p, in->n, g->cfg.editions, in->port);
    asx_fault f;
    int ev;
    while ((ev = asx_iter_decode(&it, &g->rec, &f)) != ASX_END) {
        if (ev == ASX_BLOCK) {
            g->st.other++;
            continue;
        }
        if (ev < 0) {
            g->st.faults++;
            sw_err e;
            asx_fault_err(&f, NULL, &e);
            snprintf(g->fault, sizeof g->fault, "%s", e.msg);
            continue;
        }
        g->st.records++;
        int cat = it.uap->cat;
        /* every category here starts with I0xx/010 as FRN 1 */
        uint64_t present = *(const uint64_t *)&g->rec;
        int sac = -1, sic = -1;
        if (present & 1) {
            const uint8_t *src = (const uint8_t *)&g->rec + it.uap->items[0].off;
            sac = src[0];
            sic = src[1];
        }
        if (in->sac >= 0 && (sac != in->sac || sic != in->sic)) {
            g->st.denied_sensor++;
            continue;
        }
        if (cat == 34) {
            g->st.cat034++;
            cat034(g, &g->rec.c034, in->t_rx);
            continue;
        }
        if (cat != 48 && cat != 21) {
            g->st.other++;
            continue;
        }
        if (cat == 48)
            g->st.cat048++;
        else
            g->st.cat021++;
        int si = sac >= 0 && g->cfg.sensors ? geo_sensors_find_sacsic(g->cfg.sensors, sac, sic) : -1;
        if (si < 0) {
            g->st.unknown_sensor++;
            ing_radar_status *rs = sac >= 0 ? radar(g, sac, sic) : NULL;
            if (rs)
                rs->unknown++; /* so that the caller can say which SAC/SIC is missing */
            continue;
        }
        const sw_sensor *s = &g->cfg.sensors->s[si];
        sw_plot p;
        int rc;
        if (cat == 48) {
            const asx048 *r = &g->rec.c048;
            if (!(r->present >> (ASX048_FRN_140 - 1) & 1)) {
                g->st.not_plots++;
                continue;
            }
            double t = unroll(g, r->i140.tod_s, in->t_rx);
            ing_radar_status *rs = radar(g, sac, sic);
            if (rs && t > rs->last_msg_t)
                rs->last_msg_t = t;
            rc = ing_plot_from_048(r, s, g->cfg.sensors->has_site[si] ? &g->cfg.sensors->radar[si]
                                                                      : NULL,
                                   t, g->cfg.keep_simulated, &p);
            if (!rc && rs)
                rs->plots++;
        } else {
            const asx021 *r = &g->rec.c021;
            double tod = r->present >> (ASX021_FRN_071 - 1) & 1   ? r->i071.toa_pos_s
                         : r->present >> (ASX021_FRN_073 - 1) & 1 ? r->i073.tomr_pos_s
                         : r->present >> (ASX021_FRN_077 - 1) & 1 ? r->i077.tort_s
                                                                   : -1;
            if (tod < 0 || !g->cfg.sensors->has_origin) {
                g->st.not_plots++;
                continue;
            }
            rc = ing_plot_from_021(r, s, &g->cfg.sensors->origin, unroll(g, tod, in->t_rx),
                                   g->cfg.keep_simulated, &p);
        }
        if (rc) {
            g->st.not_plots++;
            continue;
        }
        g->st.plots++;
        if (fn)
            fn(ctx, &p);
    }
}
