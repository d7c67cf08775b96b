/* metrics/scorecard.c - the metrics as JSON, built with cJSON (Debian libcjson-dev): the object
 * `skyweave score` prints, and the scorecard of ARCHITECTURE §3, which is assembled piece by
 * piece and only ever holds what was actually measured.  A number that is not finite is
 * refused rather than written (JSON has no NaN, and a made-up 0 would be a faked figure). */
#include "metrics/metrics.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

/* Adds a finite number, or nothing; returns 0 on success. */
static int add_num(cJSON *o, const char *key, double v)
{
    if (!isfinite(v))
        return -1;
    return cJSON_AddNumberToObject(o, key, v) ? 0 : -1;
}

/* The scorecard's `tracking` object: ospa_mean, gospa_mean, c, p, siap{...}. */
static cJSON *tracking_json(const met_score *s)
{
    cJSON *o = cJSON_CreateObject(), *siap;
    if (!o)
        return NULL;
    int bad = add_num(o, "ospa_mean", s->ospa_mean) | add_num(o, "gospa_mean", s->gospa_mean) |
              add_num(o, "c", s->c) | add_num(o, "p", s->p);
    if (!(siap = cJSON_AddObjectToObject(o, "siap")))
        bad = -1;
    else
        bad |= add_num(siap, "completeness", s->siap.completeness) |
               add_num(siap, "ambiguity", s->siap.ambiguity) |
               add_num(siap, "spuriousness", s->siap.spuriousness) |
               add_num(siap, "position_accuracy_m", s->siap.position_accuracy_m) |
               add_num(siap, "velocity_accuracy_mps", s->siap.velocity_accuracy_mps) |
               add_num(siap, "track_number_changes_per_target_s",
                       s->siap.track_number_changes_per_target_s) |
               add_num(siap, "longest_segment", s->siap.longest_segment);
    if (bad) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *met_score_json(const met_score *s, const met_assoc_cfg *assoc, const char *truth,
                     const char *tracks, int pretty)
{
    cJSON *o = tracking_json(s);
    if (!o)
        return NULL;
    cJSON *g = cJSON_AddObjectToObject(o, "gospa");
    cJSON *a = cJSON_AddObjectToObject(o, "association");
    cJSON *t = cJSON_AddObjectToObject(o, "alignment");
    cJSON *n = cJSON_AddObjectToObject(o, "counts");
    int bad = !g || !a || !t || !n;
    if (!bad) {
        bad |= add_num(g, "alpha", 2) | add_num(g, "switch_lambda", s->switch_lambda) |
               add_num(g, "localisation_mean", s->gospa_loc_mean) |
               add_num(g, "missed_mean", s->gospa_missed_mean) |
               add_num(g, "false_mean", s->gospa_false_mean) |
               add_num(g, "switches", s->gospa_switches);
        bad |= add_num(a, "threshold_m", assoc->threshold_m) |
               add_num(a, "confirm", assoc->confirm) | add_num(a, "misses_end", assoc->misses_end) |
               add_num(a, "associations", (double)s->n_associations);
        bad |= !cJSON_AddStringToObject(t, "weighting", s->per_step ? "step" : "time");
        bad |= add_num(t, "dim", s->dim) | add_num(t, "evaluation_times", (double)s->n_times) |
               add_num(t, "truth_only_times", (double)s->n_gap_times) |
               add_num(t, "truth_gap_s", s->truth_gap_s) |
               add_num(t, "track_rows_outside_truth_span", (double)s->n_track_rows_outside);
        if (s->n_times)
            bad |= add_num(t, "t_first_s", s->t0) | add_num(t, "t_last_s", s->t1);
        bad |= add_num(n, "truth_objects", (double)s->n_truth_objects) |
               add_num(n, "track_objects", (double)s->n_track_objects) |
               add_num(n, "track_rows", (double)s->n_track_rows);
        if (truth)
            bad |= !cJSON_AddStringToObject(o, "truth", truth);
        if (tracks)
            bad |= !cJSON_AddStringToObject(o, "tracks", tracks);
    }
    char *out = bad ? NULL : pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return out;
}
