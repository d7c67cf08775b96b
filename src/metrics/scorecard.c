/* metrics/scorecard.c - the metrics as JSON, built with cJSON (Debian libcjson-dev): the object
 * `skyweave score` prints, and the scorecard of ARCHITECTURE §3, which is assembled piece by
 * piece and only ever holds what was actually measured.  A number that is not finite is
 * refused rather than written (JSON has no NaN, and a made-up 0 would be a faked figure). */
#include "metrics/metrics.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct met_scorecard {
    cJSON *root;
};

/* Sets key in o to item, replacing an existing one; frees item on failure. */
static int put(cJSON *o, const char *key, cJSON *item)
{
    if (!item)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(o, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(o, key, item) ? 0 : (cJSON_Delete(item), -1);
    return cJSON_AddItemToObject(o, key, item) ? 0 : (cJSON_Delete(item), -1);
}

/* Adds a finite number, or nothing (returns -1). */
static int add_num(cJSON *o, const char *key, double v)
{
    if (!isfinite(v))
        return -1;
    return put(o, key, cJSON_CreateNumber(v));
}

/* The object under key, created when absent; NULL if key holds something else. */
static cJSON *child(cJSON *o, const char *key)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(o, key);
    if (c)
        return cJSON_IsObject(c) ? c : NULL;
    return cJSON_AddObjectToObject(o, key);
}

/* The `tracking` keys of a score into o. */
static int tracking_into(cJSON *o, const met_score *s)
{
    cJSON *siap = cJSON_CreateObject();
    int bad = add_num(o, "ospa_mean", s->ospa_mean) | add_num(o, "gospa_mean", s->gospa_mean) |
              add_num(o, "c", s->c) | add_num(o, "p", s->p);
    if (!siap)
        return -1;
    bad |= add_num(siap, "completeness", s->siap.completeness) |
           add_num(siap, "ambiguity", s->siap.ambiguity) |
           add_num(siap, "spuriousness", s->siap.spuriousness) |
           add_num(siap, "position_accuracy_m", s->siap.position_accuracy_m) |
           add_num(siap, "velocity_accuracy_mps", s->siap.velocity_accuracy_mps) |
           add_num(siap, "track_number_changes_per_target_s",
                   s->siap.track_number_changes_per_target_s) |
           add_num(siap, "longest_segment", s->siap.longest_segment);
    return bad | put(o, "siap", siap);
}

static int latency_into(cJSON *net, const met_latency *h)
{
    if (h->n == 0)
        return -1; /* nothing measured: leave it out */
    cJSON *l = cJSON_CreateObject();
    if (!l)
        return -1;
    int bad = add_num(l, "p50", 1e3 * met_latency_quantile(h, 0.5)) |
              add_num(l, "p90", 1e3 * met_latency_quantile(h, 0.9)) |
              add_num(l, "p99", 1e3 * met_latency_quantile(h, 0.99)) |
              add_num(l, "max", 1e3 * h->max) | add_num(l, "samples", (double)h->n);
    return bad | put(net, "latency_ms", l);
}

static int commonality_into(cJSON *net, const met_commonality *c, const char *const *names)
{
    if (!isfinite(c->commonality))
        return -1;
    int bad = add_num(net, "commonality", c->commonality) |
              add_num(net, "node_agreement", c->node_agreement) |
              add_num(net, "commonality_samples", (double)c->samples_held);
    cJSON *pn = names ? child(net, "per_node") : NULL;
    for (int n = 0; names && n < c->n_nodes; n++) {
        cJSON *node = pn ? child(pn, names[n]) : NULL;
        bad |= !node || add_num(node, "commonality", c->node_share[n]);
    }
    return bad;
}

static int network_into(cJSON *o, const met_network *net)
{
    cJSON *nj = child(o, "network");
    if (!nj)
        return -1;
    int bad = 0;
    if (net->commonality)
        bad |= commonality_into(nj, net->commonality, net->names);
    if (net->latency && net->latency->n)
        bad |= latency_into(nj, net->latency);
    if (net->per_node && net->names) {
        cJSON *pn = child(nj, "per_node");
        for (int n = 0; n < net->n_nodes; n++) {
            cJSON *node = pn ? child(pn, net->names[n]) : NULL;
            bad |= !node || tracking_into(node, &net->per_node[n]);
        }
    }
    return bad;
}

char *met_score_json(const met_score *s, const met_assoc_cfg *assoc, const char *truth,
                     const char *tracks, const met_network *net, int pretty)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int bad = 0;
    if (s) {
        cJSON *g, *a, *t, *n;
        bad |= tracking_into(o, s);
        bad |= !(g = child(o, "gospa")) || !(a = child(o, "association")) ||
               !(t = child(o, "alignment")) || !(n = child(o, "counts"));
        if (!bad) {
            bad |= add_num(g, "alpha", 2) | add_num(g, "switch_lambda", s->switch_lambda) |
                   add_num(g, "localisation_mean", s->gospa_loc_mean) |
                   add_num(g, "missed_mean", s->gospa_missed_mean) |
                   add_num(g, "false_mean", s->gospa_false_mean) |
                   add_num(g, "switches", s->gospa_switches);
            bad |= add_num(a, "threshold_m", assoc->threshold_m) |
                   add_num(a, "confirm", assoc->confirm) |
                   add_num(a, "misses_end", assoc->misses_end) |
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
        }
    }
    if (net) {
        /* a commonality of NaN (no object held by any node) is left out, not an error */
        met_network copy = *net;
        if (copy.commonality && !isfinite(copy.commonality->commonality))
            copy.commonality = NULL;
        bad |= network_into(o, &copy);
        if (!s && net->per_node && net->n_nodes > 0)
            bad |= add_num(o, "c", net->per_node[0].c) | add_num(o, "p", net->per_node[0].p);
    }
    if (truth)
        bad |= !cJSON_AddStringToObject(o, "truth", truth);
    if (tracks)
        bad |= !cJSON_AddStringToObject(o, "tracks", tracks);
    char *out = bad ? NULL : pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return out;
}

/* ---- the scorecard ---- */

sw_rc met_scorecard_new(met_scorecard **out, sw_err *err)
{
    met_scorecard *sc = calloc(1, sizeof *sc);
    if (!sc || !(sc->root = cJSON_CreateObject())) {
        free(sc);
        *out = NULL;
        return sw_err_set(err, SW_ENOMEM, "scorecard: out of memory");
    }
    *out = sc;
    return SW_OK;
}

void met_scorecard_free(met_scorecard *sc)
{
    if (sc) {
        cJSON_Delete(sc->root);
        free(sc);
    }
}

sw_rc met_scorecard_set_scenario(met_scorecard *sc, const char *name)
{
    return name && !put(sc->root, "scenario", cJSON_CreateString(name)) ? SW_OK : SW_EINVAL;
}

sw_rc met_scorecard_set_duration(met_scorecard *sc, double s)
{
    return add_num(sc->root, "duration_s", s) ? SW_ERANGE : SW_OK;
}

sw_rc met_scorecard_add_node(met_scorecard *sc, const char *nation)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(sc->root, "nodes");
    if (!a && !(a = cJSON_AddArrayToObject(sc->root, "nodes")))
        return SW_ENOMEM;
    if (!nation || !cJSON_IsArray(a))
        return SW_EINVAL;
    cJSON *it;
    cJSON_ArrayForEach(it, a)
        if (cJSON_IsString(it) && !strcmp(it->valuestring, nation))
            return SW_OK;
    return cJSON_AddItemToArray(a, cJSON_CreateString(nation)) ? SW_OK : SW_ENOMEM;
}

/* Builds into a scratch object first, so a refused figure leaves the scorecard as it was. */
static sw_rc merge(cJSON *dst, cJSON *src)
{
    cJSON *it = src->child;
    while (it) {
        cJSON *next = it->next;
        cJSON_DetachItemViaPointer(src, it);
        cJSON *have = cJSON_GetObjectItemCaseSensitive(dst, it->string);
        if (have && cJSON_IsObject(have) && cJSON_IsObject(it)) {
            merge(have, it);
            cJSON_Delete(it);
        } else {
            char *key = strdup(it->string);
            if (!key || put(dst, key, it)) {
                free(key);
                return SW_ENOMEM;
            }
            free(key);
        }
        it = next;
    }
    return SW_OK;
}

sw_rc met_scorecard_set_tracking(met_scorecard *sc, const met_score *s)
{
    cJSON *t = cJSON_CreateObject();
    if (!t)
        return SW_ENOMEM;
    if (tracking_into(t, s)) {
        cJSON_Delete(t);
        return SW_ERANGE;
    }
    return put(sc->root, "tracking", t) ? SW_ENOMEM : SW_OK;
}

static sw_rc set_network(met_scorecard *sc, const met_network *net)
{
    cJSON *tmp = cJSON_CreateObject();
    if (!tmp)
        return SW_ENOMEM;
    sw_rc rc = network_into(tmp, net) ? SW_ERANGE : SW_OK;
    if (!rc)
        rc = merge(sc->root, tmp);
    cJSON_Delete(tmp);
    return rc;
}

sw_rc met_scorecard_set_commonality(met_scorecard *sc, const met_commonality *c,
                                    const char *const *names)
{
    met_network net = {c, c->n_nodes, names, NULL, NULL};
    return set_network(sc, &net);
}

sw_rc met_scorecard_set_latency(met_scorecard *sc, const met_latency *h)
{
    if (h->n == 0)
        return SW_ERANGE;
    met_network net = {NULL, 0, NULL, NULL, h};
    return set_network(sc, &net);
}

sw_rc met_scorecard_set_node(met_scorecard *sc, const char *name, const met_score *s)
{
    met_network net = {NULL, 1, &name, s, NULL};
    return set_network(sc, &net);
}

/* Walks a dotted path, creating objects; *leaf receives the last key's position in path. */
static cJSON *walk(cJSON *o, const char *path, char *key, size_t room)
{
    const char *p = path;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0 || n >= room)
            return NULL;
        memcpy(key, p, n);
        key[n] = 0;
        if (!dot)
            return o;
        if (!(o = child(o, key)))
            return NULL;
        p = dot + 1;
    }
}

static sw_rc set_path(met_scorecard *sc, const char *path, cJSON *item)
{
    char key[128];
    cJSON *o = path ? walk(sc->root, path, key, sizeof key) : NULL;
    if (!o || !item) {
        cJSON_Delete(item);
        return o ? SW_ENOMEM : SW_EINVAL;
    }
    return put(o, key, item) ? SW_ENOMEM : SW_OK;
}

sw_rc met_scorecard_set_num(met_scorecard *sc, const char *path, double v)
{
    if (!isfinite(v))
        return SW_ERANGE;
    return set_path(sc, path, cJSON_CreateNumber(v));
}

sw_rc met_scorecard_set_int(met_scorecard *sc, const char *path, long long v)
{
    if (v > (1LL << 53) || v < -(1LL << 53))
        return SW_ERANGE; /* beyond what a JSON number holds exactly */
    return set_path(sc, path, cJSON_CreateNumber((double)v));
}

sw_rc met_scorecard_set_str(met_scorecard *sc, const char *path, const char *v)
{
    if (!v)
        return SW_EINVAL;
    return set_path(sc, path, cJSON_CreateString(v));
}

sw_rc met_scorecard_set_json(met_scorecard *sc, const char *path, const char *json)
{
    cJSON *item = json ? cJSON_Parse(json) : NULL;
    if (!item)
        return SW_EFORMAT;
    return set_path(sc, path, item);
}

char *met_scorecard_json(const met_scorecard *sc, int pretty)
{
    static const char *order[] = {"scenario", "duration_s", "nodes", "tracking", "network",
                                  "warnings"};
    cJSON *copy = cJSON_Duplicate(sc->root, 1), *out = cJSON_CreateObject();
    char *text = NULL;
    if (!copy || !out)
        goto done;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(copy, order[k]);
        if (it)
            cJSON_AddItemToObject(out, order[k], it);
    }
    while (copy->child) { /* anything else, in the order it was set */
        cJSON *it = copy->child;
        char *key = strdup(it->string ? it->string : "");
        cJSON_DetachItemViaPointer(copy, it);
        if (!key) {
            cJSON_Delete(it);
            goto done;
        }
        cJSON_AddItemToObject(out, key, it);
        free(key);
    }
    text = pretty ? cJSON_Print(out) : cJSON_PrintUnformatted(out);
done:
    cJSON_Delete(copy);
    cJSON_Delete(out);
    return text;
}

sw_rc met_scorecard_write(const met_scorecard *sc, const char *path, sw_err *err)
{
    char *text = met_scorecard_json(sc, 1);
    if (!text)
        return sw_err_set(err, SW_ENOMEM, "scorecard: out of memory");
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        free(text);
        return sw_err_set(err, SW_ENOMEM, "scorecard: out of memory");
    }
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    sw_rc rc = SW_OK;
    if (!f) {
        rc = sw_err_set(err, SW_EIO, "%s: %s", tmp, strerror(errno));
    } else {
        int bad = fputs(text, f) < 0 || fputc('\n', f) < 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, path)) {
            rc = sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    free(text);
    return rc;
}
