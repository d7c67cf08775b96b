/* metrics/siap.c - the SIAP figures as Stone Soup's SIAPMetrics computes them (formulas and
 * edge rules in metrics.h).  Kept apart from the association and the time alignment so that
 * the arithmetic can be checked by hand against Stone Soup's own test cases. */
#include "metrics/metrics.h"

#include <string.h>

void met_siap_add_time(met_siap_acc *acc, double w, int J, int JT, int N, int NA, double pa_sum,
                       double va_sum, met_siap *at)
{
    acc->J += w * J;
    acc->JT += w * JT;
    acc->N += w * N;
    acc->NA += w * NA;
    acc->PA += w * pa_sum;
    acc->VA += w * va_sum;
    if (!at)
        return;
    memset(at, 0, sizeof *at);
    at->completeness = J ? (double)JT / J : 0;
    at->ambiguity = JT ? (double)NA / JT : 1;
    at->spuriousness = N ? (double)(N - NA) / N : 0;
    at->position_accuracy_m = NA ? pa_sum / NA : 0;
    at->velocity_accuracy_mps = NA ? va_sum / NA : 0;
}

static int contains(const met_assoc *a, double t) { return a->t0 <= t && t <= a->t1; }

void met_siap_add_truth(met_siap_acc *acc, const double *times, size_t n, const met_assoc *as,
                        size_t na, double lifetime)
{
    acc->life_s += lifetime;
    if (na == 0)
        return;
    /* TT_j: intervals between consecutive times that lie inside one association */
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t k = 0; k < na; k++)
            if (contains(&as[k], times[i]) && contains(&as[k], times[i + 1])) {
                acc->tracked_s += times[i + 1] - times[i];
                break;
            }
    /* NU_j: walk the truth's times; at an uncovered time take the covering association that
     * reaches furthest, count it, and jump past its end (Stone Soup's greedy cover) */
    int nu = 0;
    for (size_t i = 0; i < n;) {
        const met_assoc *best = NULL;
        for (size_t k = 0; k < na; k++)
            if (contains(&as[k], times[i]) && (!best || as[k].t1 > best->t1))
                best = &as[k];
        if (!best) {
            i++;
            continue;
        }
        nu++;
        while (i < n && times[i] <= best->t1)
            i++;
    }
    if (nu > 1)
        acc->changes += nu - 1;
    double tl = 0;
    for (size_t k = 0; k < na; k++)
        if (as[k].t1 - as[k].t0 > tl)
            tl = as[k].t1 - as[k].t0;
    acc->longest_s += tl;
}

void met_siap_result(const met_siap_acc *a, met_siap *out)
{
    out->completeness = a->J != 0 ? a->JT / a->J : 0;
    out->ambiguity = a->JT != 0 ? a->NA / a->JT : 1;
    out->spuriousness = a->N != 0 ? (a->N - a->NA) / a->N : 0;
    out->position_accuracy_m = a->NA != 0 ? a->PA / a->NA : 0;
    out->velocity_accuracy_mps = a->NA != 0 ? a->VA / a->NA : 0;
    out->track_number_changes_per_target_s = a->tracked_s != 0 ? a->changes / a->tracked_s : 0;
    out->longest_segment = a->life_s != 0 ? a->longest_s / a->life_s : 0;
}
