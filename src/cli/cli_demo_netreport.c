/* cli/cli_demo_netreport.c - the network part of the demo's report: each node's picture scored
 * against the truth, commonality over the run and over time (met_commonality, the scorecard's
 * definition), plot-to-fused-track latency from the nodes' summary.json. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_demo.h"
#include "web/charts.h"

#define WINDOW_S 30.0 /* commonality over time: one figure per window */


/* [lo, hi) of sorted rows with t0 <= t < t1 */
static void slice(const demo_rows *r, double t0, double t1, size_t *lo, size_t *hi)
{
    size_t a = 0, b;
    while (a < r->n && r->v[a].t < t0)
        a++;
    for (b = a; b < r->n && r->v[b].t < t1; b++) {
    }
    *lo = a;
    *hi = b;
}

/* met_commonality (the scorecard's definition) over the rows with t0 <= t < t1 */
static sw_rc commonality_between(const demo_run *run, double t0, double t1, met_commonality *c,
                                 sw_err *err)
{
    met_assoc_cfg assoc = {1000, 3, 2};
    met_picture p[16];
    size_t a, b;
    slice(&run->truth, t0, t1, &a, &b);
    for (int i = 0; i < run->n_nodes; i++) {
        size_t pa, pb;
        slice(&run->node_tracks[i], t0, t1, &pa, &pb);
        p[i] = (met_picture){run->node_names[i], run->node_tracks[i].v + pa, pb - pa};
    }
    if (b == a) {
        memset(c, 0, sizeof *c);
        c->commonality = c->node_agreement = NAN;
        return SW_OK;
    }
    return met_commonality_run(run->truth.v + a, b - a, p, run->n_nodes, &assoc, 0, 3, c, err);
}

cJSON *demo_load_json(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    free(buf);
    return j;
}

static double jnum(const cJSON *o, const char *a, const char *b, const char *c)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    if (c)
        x = cJSON_GetObjectItemCaseSensitive(x, c);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

int demo_report_network(const demo_opts *o, demo_run *run, met_scorecard *card,
                        demo_net_summary *sum)
{
    sw_err err = {0};
    int nn = run->n_nodes;
    memset(sum, 0, sizeof *sum);
    sum->lat_p50_ms = sum->lat_p99_ms = NAN;
    for (int i = 0; i < nn; i++) {
        demo_rows *r = &run->node_tracks[i];
        met_score_opts so;
        met_score_defaults(&so);
        met_score s;
        if (met_score_run(run->truth.v, run->truth.n, 3, r->v, r->n, 3, &so, NULL, NULL, &s,
                          &err) == SW_OK) {
            met_scorecard_set_node(card, run->node_names[i], &s);
            sum->completeness_min = i ? fmin(sum->completeness_min, s.siap.completeness)
                                      : s.siap.completeness;
        }
    }
    /* commonality once the network has settled (the "once tracks are confirmed"): every
     * node sees every partner, and a number has had time to reach them all; the start-up is in
     * commonality.png */
    met_commonality c;
    double t_from = isfinite(run->t_settled) ? run->t_settled : 0;
    met_scorecard_set_num(card, "network.commonality_from_s", t_from);
    sum->commonality_from_s = t_from;
    if (commonality_between(run, t_from, INFINITY, &c, &err)) {
        fprintf(stderr, "skyweave demo: commonality: %s\n", err.msg);
        return 1;
    }
    met_scorecard_set_commonality(card, &c, run->node_names);
    sum->commonality = c.commonality;
    sum->node_agreement = c.node_agreement;

    /* commonality per window: the same figure over the rows of each window */
    int nw = (int)ceil(run->duration / WINDOW_S);
    double *wt = calloc((size_t)nw + 1, sizeof *wt), *wc = calloc((size_t)nw + 1, sizeof *wc);
    int k = 0;
    for (int w = 0; wt && wc && w < nw; w++) {
        double t0 = w * WINDOW_S;
        met_commonality cw;
        if (commonality_between(run, t0, t0 + WINDOW_S, &cw, &err) == SW_OK &&
            isfinite(cw.commonality)) {
            wt[k] = t0 + WINDOW_S / 2;
            wc[k++] = cw.commonality;
        }
    }
    if (k) {
        web_chart_opts co;
        web_chart_opts_init(&co);
        co.title = "Commonality: share of objects every node holds under the same track number";
        co.xlabel = "scenario time (s)";
        co.ylabel = "commonality (per 30 s)";
        co.ymin = 0;
        co.ymax = 1.05;
        web_series s = {.name = "commonality", .t = wt, .v = wc, .n = (size_t)k};
        char path[1100];
        snprintf(path, sizeof path, "%s/commonality.png", o->workdir);
        if (web_chart_lines(path, &co, &s, 1, &err))
            fprintf(stderr, "skyweave demo: %s: %s\n", path, err.msg);
    }
    free(wt);
    free(wc);

    /* what each nation would see alone: its own sensors into one tracker (the same simulator,
     * in process), against the same truth.  The fused picture must not be worse anywhere. */
    sum->best_single = -1;
    for (int i = 0; i < nn; i++) {
        demo_opts q = *o;
        q.quiet = 1;
        q.duration = run->duration;
        demo_run r = {0};
        met_score_opts so;
        met_score_defaults(&so);
        met_score s;
        if (demo_offline(&q, run->sc, run->node_names[i], &r) == 0) {
            sw_states_sort(r.tracks.v, r.tracks.n);
            if (met_score_run(run->truth.v, run->truth.n, 3, r.tracks.v, r.tracks.n, 3, &so, NULL,
                              NULL, &s, &err) == SW_OK) {
                char key[96];
                snprintf(key, sizeof key, "network.single_nation.%s.completeness",
                         run->node_names[i]);
                met_scorecard_set_num(card, key, s.siap.completeness);
                if (sum->best_single < 0 || s.siap.completeness > sum->best_single_c) {
                    sum->best_single = i;
                    sum->best_single_c = s.siap.completeness;
                }
            }
        }
        demo_rows_free(&r.truth);
        demo_rows_free(&r.tracks);
    }
    if (sum->best_single >= 0)
        met_scorecard_set_num(card, "network.best_single_nation_completeness",
                              sum->best_single_c);

    /* latency: each node measured plot-in -> fused track for its partners' tracks */
    double p50[16], p99 = NAN;
    int nl = 0;
    for (int i = 0; i < nn; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s/summary.json", o->workdir, run->node_names[i]);
        cJSON *j = demo_load_json(path);
        double a = jnum(j, "latency_ms", "partner", "p50"), b = jnum(j, "latency_ms", "partner",
                                                                          "p99");
        if (isfinite(a) && isfinite(b)) {
            p50[nl++] = a;
            p99 = isfinite(p99) ? fmax(p99, b) : b;
        }
        cJSON_Delete(j);
    }
    /* sensor registration: each node's radars against ADS-B (summary.json inputs.registration) */
    for (int i = 0; i < nn; i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s/summary.json", o->workdir, run->node_names[i]);
        cJSON *j = demo_load_json(path);
        const cJSON *reg = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "inputs"), "registration"), *r;
        cJSON_ArrayForEach(r, reg) {
            sum->reg_radars++;
            if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "applied")))
                continue;
            sum->reg_applied++;
            double rm = fabs(jnum(r, "range_m", NULL, NULL));
            double ad = fabs(jnum(r, "azimuth_deg", NULL, NULL));
            if (rm > sum->reg_max_range_m)
                sum->reg_max_range_m = rm;
            if (ad > sum->reg_max_az_deg)
                sum->reg_max_az_deg = ad;
        }
        cJSON_Delete(j);
    }
    met_scorecard_set_num(card, "network.registration.radars_paired", sum->reg_radars);
    met_scorecard_set_num(card, "network.registration.radars_applied", sum->reg_applied);
    if (sum->reg_applied) {
        met_scorecard_set_num(card, "network.registration.max_range_offset_m",
                              sum->reg_max_range_m);
        met_scorecard_set_num(card, "network.registration.max_azimuth_offset_deg",
                              sum->reg_max_az_deg);
    }
    if (nl) {
        double m = 0;
        for (int i = 0; i < nl; i++)
            m += p50[i];
        sum->lat_p50_ms = m / nl;
        sum->lat_p99_ms = p99;
        met_scorecard_set_num(card, "network.latency_ms.p50", sum->lat_p50_ms);
        met_scorecard_set_num(card, "network.latency_ms.p99", p99);
    }
    return 0;
}
