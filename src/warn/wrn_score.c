/* warn/wrn_score.c - warning timeliness, misses, false warnings, and impact-point error against
 * time to go (the scorecard's "warnings").  O(pairs x warnings); a scenario has tens of threats
 * and hundreds of warnings at most. */
#include "warn/wrn_score.h"

#include "core/types.h"
#include "geo/geo.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wrn_score_threatened(const wrn_areas *areas, double lat, double lon,
                         char out[][WRN_NATION_LEN], int max)
{
    int n = 0;
    for (int i = 0; i < areas->n && n < max; i++) {
        const wrn_area *a = &areas->a[i];
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen |= !strcmp(out[k], a->nation);
        if (!seen && wrn_area_contains_ll(a, lat, lon))
            snprintf(out[n++], WRN_NATION_LEN, "%s", a->nation);
    }
    return n;
}

static const wrn_score_threat *find_threat(const wrn_score_threat *th, int n, uint32_t id)
{
    for (int i = 0; i < n; i++)
        if (th[i].id == id)
            return &th[i];
    return NULL;
}

static int threatens(const wrn_score_threat *t, const char *nation)
{
    for (int k = 0; k < t->n_nations; k++)
        if (!strcmp(t->nations[k], nation))
            return 1;
    return 0;
}

void wrn_score_compute(const wrn_score_threat *th, int n_th, const wrn_score_warning *w, int n_w,
                       wrn_score_result *r, wrn_score_pair *pairs, int max_pairs)
{
    memset(r, 0, sizeof *r);
    r->lead_ratio_min = NAN;
    r->after_confirm_max = NAN;
    for (int i = 0; i < n_th; i++)
        for (int k = 0; k < th[i].n_nations; k++) {
            const wrn_score_threat *t = &th[i];
            const char *nat = t->nations[k];
            double first = NAN;
            for (int j = 0; j < n_w; j++)
                if (w[j].threat_id == t->id && !strcmp(w[j].nation, nat) && w[j].t <= t->t_impact &&
                    !(w[j].t >= first))
                    first = w[j].t;
            wrn_score_pair p = {.threat_id = t->id, .warned = isfinite(first), .t_first = first};
            snprintf(p.nation, sizeof p.nation, "%s", nat);
            p.after_launch = first - t->t_launch;
            p.after_detect = first - t->t_detect;
            p.after_confirm = first - t->t_confirm;
            p.before_impact = t->t_impact - first;
            p.lead_ratio = (t->t_impact - first) / (t->t_impact - t->t_detect);
            r->pairs++;
            if (p.warned) {
                r->warned++;
                if (isfinite(p.lead_ratio) && !(p.lead_ratio >= r->lead_ratio_min))
                    r->lead_ratio_min = p.lead_ratio;
                if (isfinite(p.after_confirm) && !(p.after_confirm <= r->after_confirm_max))
                    r->after_confirm_max = p.after_confirm;
            } else {
                r->missed++;
            }
            if (pairs && r->n_pair < max_pairs)
                pairs[r->n_pair++] = p;
        }
    /* false: distinct (threat, nation) pairs naming a nation not threatened, and distinct
     * warnings that came from no threat */
    for (int j = 0; j < n_w; j++) {
        int dup = 0;
        for (int k = 0; k < j && !dup; k++)
            dup = w[j].threat_id ? w[k].threat_id == w[j].threat_id && !strcmp(w[k].nation, w[j].nation)
                                 : !w[k].threat_id && w[k].warning_id == w[j].warning_id;
        if (dup)
            continue;
        const wrn_score_threat *t = w[j].threat_id ? find_threat(th, n_th, w[j].threat_id) : NULL;
        if (t && !threatens(t, w[j].nation) && w[j].corridor && w[j].t_retracted > 0 &&
            w[j].t_retracted <= t->t_impact)
            r->boost_retracted++;
        else if (!t || !threatens(t, w[j].nation))
            r->false_warnings++;
    }
}

int wrn_score_ipp_at(const wrn_score_threat *th, const wrn_score_pred *p, int n_p, int src,
                     wrn_score_ipp_min *out, int max_min)
{
    int n = 0;
    for (int m = 1; m <= max_min; m++) {
        double at = th->t_impact - 60.0 * m;
        if (at < th->t_launch)
            break;
        const wrn_score_pred *best = NULL;
        for (int i = 0; i < n_p; i++)
            if (p[i].threat_id == th->id && (src < 0 || p[i].src == src) && p[i].t <= at &&
                (!best || p[i].t > best->t))
                best = &p[i];
        wrn_score_ipp_min *o = &out[n++];
        o->err_m = o->age_s = o->m2 = NAN;
        if (!best || (th->t_end > 0 && at > th->t_end))
            continue;
        double d, az;
        geo_inverse(best->lat, best->lon, th->impact_lat, th->impact_lon, &d, &az, NULL);
        o->err_m = d;
        o->age_s = at - best->t;
        if (best->major_m > 0 && best->minor_m > 0) {
            /* the miss in the ellipse's axes: along the major axis and across it */
            double a = (az - best->orient_deg) * (M_PI / 180.0);
            double u = d * cos(a) / best->major_m, v = d * sin(a) / best->minor_m;
            o->m2 = u * u + v * v;
        }
    }
    return n;
}

int wrn_score_ipp_minutes(const wrn_score_threat *th, const wrn_score_pred *p, int n_p,
                          double *err_m, int max_min)
{
    wrn_score_ipp_min m[WRN_SCORE_MAX_MINUTES];
    int n = wrn_score_ipp_at(th, p, n_p, -1, m,
                             max_min < WRN_SCORE_MAX_MINUTES ? max_min : WRN_SCORE_MAX_MINUTES);
    for (int i = 0; i < n; i++)
        err_m[i] = m[i].err_m;
    return n;
}

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, v);
}

char *wrn_score_json(const wrn_score_result *r, const wrn_score_pair *pairs,
                     const wrn_score_threat *th, int n_th, const wrn_score_pred *p, int n_p,
                     const char *const *src_names, int n_src)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "threat_nation_pairs", r->pairs);
    cJSON_AddNumberToObject(o, "warned_pairs", r->warned);
    cJSON_AddNumberToObject(o, "missed", r->missed);
    cJSON_AddNumberToObject(o, "false", r->false_warnings);
    cJSON_AddNumberToObject(o, "boost_retracted", r->boost_retracted);
    num(o, "lead_time_ratio_min", r->lead_ratio_min);
    num(o, "first_warning_after_confirmation_s_max", r->after_confirm_max);
    cJSON *arr = cJSON_AddArrayToObject(o, "pairs");
    for (int i = 0; pairs && i < r->n_pair; i++) {
        const wrn_score_pair *q = &pairs[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "threat", q->threat_id);
        cJSON_AddStringToObject(e, "nation", q->nation);
        cJSON_AddBoolToObject(e, "warned", q->warned);
        num(e, "first_warning_after_launch_s", q->after_launch);
        num(e, "first_warning_after_detection_s", q->after_detect);
        num(e, "first_warning_after_confirmation_s", q->after_confirm);
        num(e, "first_warning_before_impact_s", q->before_impact);
        num(e, "lead_time_ratio", q->lead_ratio);
        cJSON_AddItemToArray(arr, e);
    }
    cJSON *ipp = cJSON_AddObjectToObject(o, "ipp_error_m_by_minute");
    for (int i = 0; p && i < n_th; i++) {
        if (th[i].cls != SW_CLS_BALLISTIC)
            continue; /* impact points are predicted for ballistic threats only */
        double err[WRN_SCORE_MAX_MINUTES];
        int n = wrn_score_ipp_minutes(&th[i], p, n_p, err, WRN_SCORE_MAX_MINUTES);
        char key[16];
        snprintf(key, sizeof key, "%u", th[i].id);
        cJSON *a = cJSON_AddArrayToObject(ipp, key);
        for (int m = 0; m < n; m++)
            cJSON_AddItemToArray(a, isfinite(err[m]) ? cJSON_CreateNumber(round(err[m]))
                                                     : cJSON_CreateNull());
    }
    cJSON *per = n_src > 0 ? cJSON_AddArrayToObject(o, "ipp_by_minute") : NULL;
    for (int i = 0; per && p && i < n_th; i++)
        for (int sidx = 0; sidx < n_src; sidx++) {
            int any = 0;
            for (int k = 0; k < n_p && !any; k++)
                any = p[k].threat_id == th[i].id && p[k].src == sidx;
            if (!any)
                continue;
            wrn_score_ipp_min m[WRN_SCORE_MAX_MINUTES];
            int n = wrn_score_ipp_at(&th[i], p, n_p, sidx, m, WRN_SCORE_MAX_MINUTES);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "threat", th[i].id);
            cJSON_AddStringToObject(e, "node", src_names[sidx]);
            cJSON *ae = cJSON_AddArrayToObject(e, "error_m");
            cJSON *ag = cJSON_AddArrayToObject(e, "age_s");
            cJSON *ai = cJSON_AddArrayToObject(e, "inside_99");
            for (int k = 0; k < n; k++) {
                cJSON_AddItemToArray(ae, isfinite(m[k].err_m) ? cJSON_CreateNumber(round(m[k].err_m))
                                                              : cJSON_CreateNull());
                cJSON_AddItemToArray(ag, isfinite(m[k].age_s)
                                             ? cJSON_CreateNumber(round(m[k].age_s * 10) / 10)
                                             : cJSON_CreateNull());
                cJSON_AddItemToArray(ai, isfinite(m[k].m2)
                                             ? cJSON_CreateBool(m[k].m2 <= WRN_SCORE_CHI2_99)
                                             : cJSON_CreateNull());
            }
            cJSON_AddItemToArray(per, e);
        }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}
