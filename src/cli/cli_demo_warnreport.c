/* cli/cli_demo_warnreport.c - the warnings part of the demo's report: for every (threat,
 * threatened nation) pair of the simulator's threats.csv, when the threatened nation's own node
 * first held the warning, against launch, first detection (demo_truth), first confirmed system
 * track (the pictures) and impact; missed and false warnings (warn/wrn_score); the timeline
 * picture per nation.  And the impact predictions every node wrote (predictions.csv) of the
 * system tracks that follow each ballistic threat, against its true impact point, at each whole
 * minute before impact (per node), with the picture of the error against time to impact. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_demo.h"
#include "core/csv.h"
#include "geo/geo.h"
#include "warn/wrn_score.h"
#include "web/charts.h"

#define MAX_TH 64
#define MAX_W 1024
#define MAX_STN 16
#define MATCH_M 5000.0 /* a picture track within this of a threat at the same time is its track */
#define IPP_MIN 10     /* minutes before impact listed in the text summary */

typedef struct threat_ext {
    char label[24];
    uint32_t stn[MAX_STN];
    int n_stn;
    double t_ack[WRN_SCORE_MAX_NATIONS];
} threat_ext;

static int class_of(const char *s)
{
    for (int c = 0; c < SW_CLS_COUNT; c++)
        if (!strcmp(s, sw_class_name(c)))
            return c;
    return SW_CLS_UNKNOWN;
}

/* threats.csv: one row per (threat, area hit); rows of one threat are grouped. */
static int load_threats(const char *path, wrn_score_threat *th, threat_ext *ex, sw_err *err)
{
    sw_csv *c;
    if (sw_csv_open(&c, path, err))
        return -1;
    int ci, cc, cl, cs, ce, cla, clo, cn;
    if (sw_csv_need(c, "target_id", &ci, err) || sw_csv_need(c, "class", &cc, err) ||
        sw_csv_need(c, "t_start_s", &cs, err) || sw_csv_need(c, "t_end_s", &ce, err) ||
        sw_csv_need(c, "end_lat_deg", &cla, err) || sw_csv_need(c, "end_lon_deg", &clo, err) ||
        sw_csv_need(c, "nation", &cn, err)) {
        sw_csv_close(c);
        return -1;
    }
    cl = sw_csv_col(c, "label");
    int n = 0, r;
    while ((r = sw_csv_next(c, err)) == 1) {
        double id, t0, t1, la, lo;
        if (sw_csv_num(c, ci, &id, err) || sw_csv_num(c, cs, &t0, err) ||
            sw_csv_num(c, ce, &t1, err) || sw_csv_num(c, cla, &la, err) ||
            sw_csv_num(c, clo, &lo, err)) {
            r = -1;
            break;
        }
        int k;
        for (k = 0; k < n && th[k].id != (uint32_t)id; k++) {
        }
        if (k == n) {
            if (n == MAX_TH)
                continue;
            memset(&th[n], 0, sizeof th[n]);
            memset(&ex[n], 0, sizeof ex[n]);
            th[n] = (wrn_score_threat){.id = (uint32_t)id, .cls = class_of(sw_csv_str(c, cc)),
                                       .t_launch = t0, .t_detect = NAN, .t_confirm = NAN,
                                       .t_impact = t1, .impact_lat = la, .impact_lon = lo};
            snprintf(ex[n].label, sizeof ex[n].label, "%s", cl >= 0 ? sw_csv_str(c, cl) : "");
            for (int a = 0; a < WRN_SCORE_MAX_NATIONS; a++)
                ex[n].t_ack[a] = NAN;
            n++;
        }
        const char *nat = sw_csv_str(c, cn);
        int seen = !*nat;
        for (int a = 0; a < th[k].n_nations && !seen; a++)
            seen = !strcmp(th[k].nations[a], nat);
        if (!seen && th[k].n_nations < WRN_SCORE_MAX_NATIONS)
            snprintf(th[k].nations[th[k].n_nations++], WRN_NATION_LEN, "%s", nat);
    }
    sw_csv_close(c);
    return r < 0 ? -1 : n;
}

/* First time a node's picture holds each threat, and the STNs it holds it under. */
static void confirmations(const demo_run *run, wrn_score_threat *th, threat_ext *ex, int n)
{
    for (size_t i = 0; i < run->truth.n; i++) {
        const sw_state_row *tr = &run->truth.v[i];
        int k;
        for (k = 0; k < n && th[k].id != tr->id; k++) {
        }
        if (k == n)
            continue;
        for (int nd = 0; nd < run->n_nodes; nd++) {
            const demo_rows *p = &run->node_tracks[nd];
            size_t lo = 0, hi = p->n; /* first row with t >= tr->t - 0.6 */
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (p->v[mid].t < tr->t - 0.6)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t j = lo; j < p->n && p->v[j].t <= tr->t + 0.6; j++) {
                double dt = tr->t - p->v[j].t, d2 = 0;
                for (int a = 0; a < 3; a++) {
                    double e = p->v[j].x[a] + p->v[j].x[3 + a] * dt - tr->x[a];
                    d2 += e * e;
                }
                if (d2 > MATCH_M * MATCH_M)
                    continue;
                if (!(tr->t >= th[k].t_confirm))
                    th[k].t_confirm = tr->t;
                int s;
                for (s = 0; s < ex[k].n_stn && ex[k].stn[s] != p->v[j].id; s++) {
                }
                if (s == ex[k].n_stn && s < MAX_STN)
                    ex[k].stn[ex[k].n_stn++] = p->v[j].id;
            }
        }
    }
}

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(x) ? x->valuestring : "";
}

/* The warnings each node held for its own nation (summary.json "warnings.list"). */
static int load_warnings(const demo_opts *o, const demo_run *run, const wrn_score_threat *th,
                         threat_ext *ex, int n_th, wrn_score_warning *w)
{
    int nw = 0;
    for (int nd = 0; nd < run->n_nodes; nd++) {
        const char *self = run->node_names[nd];
        char path[1100];
        snprintf(path, sizeof path, "%s/%s/summary.json", o->workdir, self);
        cJSON *j = demo_load_json(path);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "warnings"), "list");
        const cJSON *e;
        cJSON_ArrayForEach(e, list) {
            const char *nat = jstr(e, "threatened");
            double first = jnum(e, "first_s"), acked = jnum(e, "acked_s");
            uint32_t stn = (uint32_t)jnum(e, "stn");
            int k, found = -1;
            for (k = 0; k < n_th && found < 0; k++)
                for (int s = 0; s < ex[k].n_stn; s++)
                    if (ex[k].stn[s] == stn)
                        found = k;
            for (int a = 0; found >= 0 && a < th[found].n_nations; a++)
                if (!strcmp(th[found].nations[a], nat) && isfinite(acked) &&
                    !(acked >= ex[found].t_ack[a]))
                    ex[found].t_ack[a] = acked;
            if (strcmp(nat, self) || !isfinite(first) || nw == MAX_W)
                continue; /* the threatened nation's own node says when it knew */
            w[nw] = (wrn_score_warning){.t = first,
                                        .warning_id = strtoull(jstr(e, "id"), NULL, 16),
                                        .threat_id = found >= 0 ? th[found].id : 0,
                                        .corridor = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                                            e, "corridor")),
                                        .t_retracted = jnum(e, "retracted_s")};
            snprintf(w[nw].nation, sizeof w[nw].nation, "%s", nat);
            nw++;
        }
        cJSON_Delete(j);
    }
    return nw;
}

/* Every node's predictions.csv (docs/warnings.md), each row given to the threat whose track it
 * follows (src = node index); rows of tracks that follow no threat are left out. */
static int load_predictions(const demo_opts *o, const demo_run *run, const wrn_score_threat *th,
                            const threat_ext *ex, int n_th, wrn_score_pred **out)
{
    int n = 0, cap = 0;
    *out = NULL;
    for (int nd = 0; nd < run->n_nodes; nd++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s/predictions.csv", o->workdir, run->node_names[nd]);
        sw_csv *c;
        sw_err err = {0};
        if (sw_csv_open(&c, path, &err))
            continue; /* a node of an older build, or one that never started */
        int cs, ct, cla, clo, cma, cmi, cor, r;
        if (sw_csv_need(c, "stn", &cs, &err) || sw_csv_need(c, "track_time_s", &ct, &err) ||
            sw_csv_need(c, "impact_lat_deg", &cla, &err) ||
            sw_csv_need(c, "impact_lon_deg", &clo, &err) || sw_csv_need(c, "major_m", &cma, &err) ||
            sw_csv_need(c, "minor_m", &cmi, &err) || sw_csv_need(c, "orient_deg", &cor, &err)) {
            fprintf(stderr, "skyweave demo: %s\n", err.msg);
            sw_csv_close(c);
            continue;
        }
        while ((r = sw_csv_next(c, &err)) == 1) {
            double stn, t, la, lo, ma, mi, orr;
            if (sw_csv_num(c, cs, &stn, &err) || sw_csv_num(c, ct, &t, &err) ||
                sw_csv_num(c, cla, &la, &err) || sw_csv_num(c, clo, &lo, &err) ||
                sw_csv_num(c, cma, &ma, &err) || sw_csv_num(c, cmi, &mi, &err) ||
                sw_csv_num(c, cor, &orr, &err)) {
                r = -1;
                break;
            }
            int k = -1;
            for (int i = 0; i < n_th && k < 0; i++)
                for (int s = 0; s < ex[i].n_stn; s++)
                    if (ex[i].stn[s] == (uint32_t)stn)
                        k = i;
            if (k < 0)
                continue;
            if (n == cap) {
                int nc = cap ? 2 * cap : 1024;
                wrn_score_pred *g = realloc(*out, sizeof *g * (size_t)nc);
                if (!g)
                    break;
                *out = g;
                cap = nc;
            }
            (*out)[n++] = (wrn_score_pred){.t = t, .threat_id = th[k].id, .lat = la, .lon = lo,
                                           .src = nd, .major_m = ma, .minor_m = mi,
                                           .orient_deg = orr};
        }
        if (r < 0)
            fprintf(stderr, "skyweave demo: %s\n", err.msg);
        sw_csv_close(c);
    }
    return n;
}

static int by_pred_time(const void *a, const void *b)
{
    double x = ((const wrn_score_pred *)a)->t, y = ((const wrn_score_pred *)b)->t;
    return (x > y) - (x < y);
}

/* The text lines (sum->ipp) and ipp.png: per ballistic threat, the prediction standing at each
 * whole minute before impact, any node's (every node predicts from the same common picture). */
static void ipp_report(const demo_opts *o, const wrn_score_threat *th, const threat_ext *ex,
                       int n_th, wrn_score_pred *p, int n_p, demo_warn_summary *sum)
{
    size_t len = 0;
    sum->ipp[0] = 0;
    web_series *ser = calloc((size_t)n_th + 1, sizeof *ser);
    double *xs = malloc(sizeof *xs * (size_t)(n_p + 1)), *ys = malloc(sizeof *ys * (size_t)(n_p + 1));
    int ns = 0, used = 0;
    if (n_p > 1)
        qsort(p, (size_t)n_p, sizeof *p, by_pred_time);
    for (int i = 0; i < n_th; i++) {
        if (th[i].cls != SW_CLS_BALLISTIC)
            continue;
        wrn_score_ipp_min m[WRN_SCORE_MAX_MINUTES];
        int nm = wrn_score_ipp_at(&th[i], p, n_p, -1, m, IPP_MIN), any = 0;
        for (int k = 0; k < nm; k++)
            any |= isfinite(m[k].err_m);
        if (!any)
            continue;
        len += (size_t)snprintf(sum->ipp + len, len < sizeof sum->ipp ? sizeof sum->ipp - len : 0,
                                "%s%-8.8s", len ? "\n                      " : "",
                                ex[i].label[0] ? ex[i].label : "threat");
        for (int k = 0; k < nm && len < sizeof sum->ipp; k++) {
            char v[16] = "     -";
            if (isfinite(m[k].err_m))
                snprintf(v, sizeof v, " %5.1f", m[k].err_m / 1000.0);
            len += (size_t)snprintf(sum->ipp + len, sizeof sum->ipp - len, "%s%s", v,
                                    isfinite(m[k].m2) && m[k].m2 > WRN_SCORE_CHI2_99 ? "*" : " ");
        }
        sum->ipp_threats++;
        if (!ser || !xs || !ys)
            continue;
        web_series *s = &ser[ns++];
        s->name = ex[i].label[0] ? ex[i].label : "threat";
        s->t = xs + used;
        s->v = ys + used;
        for (int k = 0; k < n_p; k++)
            if (p[k].threat_id == th[i].id && p[k].t <= th[i].t_impact) {
                double d;
                geo_inverse(p[k].lat, p[k].lon, th[i].impact_lat, th[i].impact_lon, &d, NULL, NULL);
                xs[used] = p[k].t - th[i].t_impact;
                ys[used++] = d / 1000.0;
                s->n++;
            }
    }
    if (len >= sizeof sum->ipp)
        sum->ipp[sizeof sum->ipp - 1] = 0;
    if (ns) {
        char path[1100];
        sw_err err = {0};
        web_chart_opts co;
        web_chart_opts_init(&co);
        co.title = "Predicted impact point: distance from the true one (any node's prediction)";
        co.xlabel = "time to impact (s)";
        co.ylabel = "error (km)";
        co.ymin = 0;
        snprintf(path, sizeof path, "%s/ipp.png", o->workdir);
        if (web_chart_lines(path, &co, ser, ns, &err))
            fprintf(stderr, "skyweave demo: %s: %s\n", path, err.msg);
        else
            sum->ipp_chart = 1;
    }
    free(ser);
    free(xs);
    free(ys);
}

int demo_report_warnings(const demo_opts *o, demo_run *run, met_scorecard *card,
                         demo_warn_summary *sum)
{
    wrn_score_pred *pred = NULL;
    memset(sum, 0, sizeof *sum);
    sum->lead_ratio_min = sum->after_confirm_max = NAN;
    wrn_score_threat *th = calloc(MAX_TH, sizeof *th);
    threat_ext *ex = calloc(MAX_TH, sizeof *ex);
    wrn_score_warning *w = calloc(MAX_W, sizeof *w);
    wrn_score_pair *pairs = calloc(MAX_TH * WRN_SCORE_MAX_NATIONS, sizeof *pairs);
    web_tl_row *rows = calloc(MAX_TH * WRN_SCORE_MAX_NATIONS, sizeof *rows);
    int status = 1;
    if (!th || !ex || !w || !pairs || !rows)
        goto out;
    char path[1100];
    sw_err err = {0};
    snprintf(path, sizeof path, "%s/sim/threats.csv", o->workdir);
    int n = load_threats(path, th, ex, &err);
    if (n < 0) {
        fprintf(stderr, "skyweave demo: %s\n", err.msg);
        goto out;
    }
    for (int i = 0; i < n; i++) { /* the in-process simulator saw every plot */
        th[i].t_detect = demo_first_detection(run, th[i].id);
        th[i].t_end = run->duration;
    }
    confirmations(run, th, ex, n);
    int nw = load_warnings(o, run, th, ex, n, w);
    /* only threats the run could judge: launched, and either arrived or seen well before the
     * end; warnings of the others are left out too (neither right nor false yet) */
    int k = 0;
    for (int i = 0; i < n; i++) {
        int judge = th[i].t_launch < run->duration &&
                    (th[i].t_impact <= run->duration || th[i].t_detect < run->duration - 30);
        if (judge) {
            th[k] = th[i];
            ex[k++] = ex[i];
            continue;
        }
        int m = 0;
        for (int j = 0; j < nw; j++)
            if (w[j].threat_id != th[i].id)
                w[m++] = w[j];
        nw = m;
    }
    n = k;
    wrn_score_result r;
    wrn_score_compute(th, n, w, nw, &r, pairs, MAX_TH * WRN_SCORE_MAX_NATIONS);
    int np = load_predictions(o, run, th, ex, n, &pred);
    char *js = wrn_score_json(&r, pairs, th, n, pred, np, run->node_names, run->n_nodes);
    if (js && met_scorecard_set_json(card, "warnings", js) == SW_OK)
        status = 0;
    free(js);
    sum->pairs = r.pairs;
    sum->warned = r.warned;
    sum->missed = r.missed;
    sum->false_warnings = r.false_warnings;
    sum->boost_retracted = r.boost_retracted;
    sum->lead_ratio_min = r.lead_ratio_min;
    sum->after_confirm_max = r.after_confirm_max;

    int nr = 0;
    for (int i = 0; i < r.n_pair; i++) {
        const wrn_score_pair *p = &pairs[i];
        for (k = 0; k < n && th[k].id != p->threat_id; k++) {
        }
        web_tl_row *t = &rows[nr++];
        snprintf(t->threat, sizeof t->threat, "%.10s %.12s", sw_class_name(th[k].cls),
                 ex[k].label[0] ? ex[k].label : "");
        snprintf(t->nation, sizeof t->nation, "%s", p->nation);
        t->t_launch = th[k].t_launch;
        t->t_detect = th[k].t_detect;
        t->t_warn = p->t_first;
        t->t_ack = NAN;
        for (int a = 0; a < th[k].n_nations; a++)
            if (!strcmp(th[k].nations[a], p->nation))
                t->t_ack = ex[k].t_ack[a];
        t->t_impact = th[k].t_impact;
    }
    snprintf(path, sizeof path, "%s/warnings.png", o->workdir);
    if (nr && web_chart_timeline(path, "Warning timeline per threatened nation: launch, "
                                       "detection, warning at the nation's node, acknowledgement, "
                                       "impact", rows, nr, 0, &err))
        fprintf(stderr, "skyweave demo: %s: %s\n", path, err.msg);
    sum->timeline = nr > 0;
    ipp_report(o, th, ex, n, pred, np, sum);
out:
    free(pred);
    free(th);
    free(ex);
    free(w);
    free(pairs);
    free(rows);
    return status;
}
