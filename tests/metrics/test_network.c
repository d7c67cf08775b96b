/* tests/metrics/test_network.c - commonality across node pictures (hand-computed cases),
 * latency percentiles against a full sort, and the scorecard JSON. */
#include "../core/sw_test.h"
#include "core/rng.h"
#include "metrics/metrics.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

typedef struct rows {
    sw_state_row *r;
    size_t n, cap;
} rows;

static void add(rows *a, double t, uint32_t id, double x, double y)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->r = realloc(a->r, a->cap * sizeof *a->r);
    }
    sw_state_row *r = &a->r[a->n++];
    memset(r, 0, sizeof *r);
    r->t = t;
    r->id = id;
    r->dim = 2;
    r->x[0] = x;
    r->x[1] = y;
    r->x[4] = 100;
}

static int cmp_row(const void *a, const void *b)
{
    const sw_state_row *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Targets A (id 1, x = 0) and B (id 2, x = 30 km) fly north at 100 m/s; truth at 0..100 s. */
static void truth2(rows *t)
{
    for (int k = 0; k <= 100; k++) {
        add(t, k, 1, 0, 100.0 * k);
        add(t, k, 2, 30e3, 100.0 * k);
    }
}

/* A node picture: STN a for A and b for B (0: not reported), at times k + off; from t >= tb on
 * B is reported as b2 instead. */
static void node(rows *p, uint32_t a, uint32_t b, double off, double tb, uint32_t b2)
{
    for (int k = 0; k <= 100; k++) {
        double t = k + off, y = 100 * t;
        if (a)
            add(p, t, a, 20, y);
        if (b)
            add(p, t, t >= tb ? b2 : b, 30e3 - 20, y);
    }
    qsort(p->r, p->n, sizeof *p->r, cmp_row);
}

static met_commonality run(const rows *t, rows *nodes, int n)
{
    met_picture pic[8];
    for (int k = 0; k < n; k++)
        pic[k] = (met_picture){"N", nodes[k].r, nodes[k].n};
    met_assoc_cfg ac = {1000, 3, 2};
    met_commonality c;
    sw_err e;
    if (met_commonality_run(t->r, t->n, pic, n, &ac, 0, 2, &c, &e))
        fail_msg("%s", e.msg);
    return c;
}

static void free_rows(rows *a, int n)
{
    for (int k = 0; k < n; k++)
        free(a[k].r);
}

static void test_all_agree(void **state)
{
    (void)state;
    rows t = {0}, nd[3] = {{0}};
    truth2(&t);
    for (int k = 0; k < 3; k++)
        node(&nd[k], 101, 202, 0, 1e9, 0);
    met_commonality c = run(&t, nd, 3);
    assert_near(c.commonality, 1, 0);
    assert_near(c.node_agreement, 1, 0);
    assert_int_equal(c.samples, 202);
    assert_int_equal(c.samples_held, 202);
    assert_near(c.node_share[2], 1, 0);
    free_rows(nd, 3);
    free(t.r);
}

/* Node 3 renumbers B as 303 from t = 50: its track 202 ends at 49 (two misses), 303 is
 * associated from 50 (confirmed at 52, dated back).  B at t = 50..100 (51 samples) is not
 * common: commonality 151/202; those samples have 2 of 3 nodes on the agreed 202, so
 * node_agreement = (151 + 51·2/3)/202 and node 3's share 151/202. */
static void test_renumbered(void **state)
{
    (void)state;
    rows t = {0}, nd[3] = {{0}};
    truth2(&t);
    node(&nd[0], 101, 202, 0, 1e9, 0);
    node(&nd[1], 101, 202, 0, 1e9, 0);
    node(&nd[2], 101, 202, 0, 50, 303);
    met_commonality c = run(&t, nd, 3);
    assert_near(c.commonality, 151.0 / 202, 1e-12);
    assert_near(c.node_agreement, (151 + 51 * 2.0 / 3) / 202, 1e-12);
    assert_near(c.node_share[0], 1, 0);
    assert_near(c.node_share[2], 151.0 / 202, 1e-12);
    free_rows(nd, 3);
    free(t.r);
}

/* Different output times do not matter inside the run: node 2 reports 0.4 s later, so only
 * the first and last truth samples (0 and 100) are not covered by its associations. */
static void test_other_times(void **state)
{
    (void)state;
    rows t = {0}, nd[2] = {{0}};
    truth2(&t);
    node(&nd[0], 101, 202, 0, 1e9, 0);
    node(&nd[1], 101, 202, 0.4, 1e9, 0);
    met_commonality c = run(&t, nd, 2);
    assert_near(c.commonality, 198.0 / 202, 1e-12);
    free_rows(nd, 2);
    free(t.r);
}

/* A window of the run, counted per sample time: node 3 sees nothing of A (held by two nodes
 * of three: held, not by all, not common) and renumbers B from t = 50 (as in
 * test_renumbered): B is common in [10, 40], not in [60, 80]. */
static void test_between_steps(void **state)
{
    (void)state;
    rows t = {0}, nd[3] = {{0}};
    truth2(&t);
    node(&nd[0], 101, 202, 0, 1e9, 0);
    node(&nd[1], 101, 202, 0, 1e9, 0);
    node(&nd[2], 0, 202, 0, 50, 303);
    met_picture pic[3];
    for (int k = 0; k < 3; k++)
        pic[k] = (met_picture){"N", nd[k].r, nd[k].n};
    met_assoc_cfg ac = {1000, 3, 2};
    for (int w = 0; w < 2; w++) {
        double from = w ? 60 : 10, to = w ? 80 : 40;
        met_commonality c;
        met_common_step *st;
        size_t n;
        sw_err e;
        if (met_commonality_between(t.r, t.n, pic, 3, &ac, 0, 2, from, to, &c, &st, &n, &e))
            fail_msg("%s", e.msg);
        assert_int_equal(n, (size_t)(to - from + 1));
        assert_int_equal(c.samples, 2 * n);
        assert_int_equal(c.samples_held, 2 * n);
        assert_int_equal(c.samples_all, n); /* B only: node 3 never holds A */
        /* A is never common; B is common before the renumbering, not after */
        assert_int_equal(c.samples_common, w ? 0 : n);
        for (size_t k = 0; k < n; k++) {
            assert_near(st[k].t, from + (double)k, 0);
            assert_int_equal(st[k].objects, 2);
            assert_int_equal(st[k].held, 2);
            assert_int_equal(st[k].held_by_all, 1);
            assert_int_equal(st[k].common, w ? 0 : 1);
        }
        free(st);
    }
    free_rows(nd, 3);
    free(t.r);
}

/* A dual track on one node (two STNs for A) and a node that sees nothing of B. */
static void test_dual_and_missing(void **state)
{
    (void)state;
    rows t = {0}, nd[2] = {{0}};
    truth2(&t);
    node(&nd[0], 101, 202, 0, 1e9, 0);
    node(&nd[1], 101, 0, 0, 1e9, 0);
    for (int k = 0; k <= 100; k++)
        add(&nd[1], k, 111, -30, 100.0 * k); /* a second track on A */
    qsort(nd[1].r, nd[1].n, sizeof *nd[1].r, cmp_row);
    met_commonality c = run(&t, nd, 2);
    assert_near(c.commonality, 0, 0);
    assert_int_equal(c.samples_held, 202);
    assert_near(c.node_share[0], 1, 0);  /* node 1 holds the agreed STNs (lower number wins) */
    assert_near(c.node_share[1], 0, 0);
    free_rows(nd, 2);
    /* nobody holds anything: not measured */
    rows empty[2] = {{0}, {0}};
    c = run(&t, empty, 2);
    assert_true(isnan(c.commonality));
    assert_int_equal(c.samples, 202);
    free(t.r);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantiles within 1 % of the exact nearest-rank value over five decades; merging halves equals
 * one histogram of all; empty -> NaN; negative values counted. */
static void test_latency(void **state)
{
    (void)state;
    enum { N = 100000 };
    double *v = malloc(N * sizeof *v);
    sw_rng r;
    sw_rng_seed(&r, 9);
    met_latency *h = malloc(sizeof *h), *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    met_latency_init(h);
    met_latency_init(a);
    met_latency_init(b);
    assert_true(isnan(met_latency_quantile(h, 0.5)));
    for (int i = 0; i < N; i++) {
        v[i] = 1e-3 * exp(2.0 * sw_rng_normal(&r)); /* median 1 ms, wide tails */
        met_latency_add(h, v[i]);
        met_latency_add(i % 2 ? a : b, v[i]);
    }
    qsort(v, N, sizeof *v, cmp_d);
    double qs[] = {0.01, 0.1, 0.5, 0.9, 0.99, 0.999};
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
        double exact = v[(size_t)ceil(qs[k] * N) - 1], got = met_latency_quantile(h, qs[k]);
        assert_near(got, exact, 0.01 * exact);
    }
    assert_near(met_latency_quantile(h, 1), v[N - 1], 0);
    assert_near(met_latency_quantile(h, 0), v[0], 0.01 * v[0]);
    met_latency_merge(a, b);
    assert_int_equal(a->n, N);
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
        assert_near(met_latency_quantile(a, qs[k]), met_latency_quantile(h, qs[k]), 0);
    met_latency_add(h, -2e-3);
    met_latency_add(h, NAN);
    assert_int_equal(h->n_negative, 1);
    assert_int_equal(h->n, N + 1);
    assert_near(h->min, -2e-3, 0);
    free(v);
    free(h);
    free(a);
    free(b);
}

static double jnum(cJSON *o, const char *path)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *k = strtok(buf, "."); k; k = strtok(NULL, "."))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(o) ? o->valuedouble : NAN;
}

static void test_scorecard(void **state)
{
    (void)state;
    met_scorecard *sc;
    assert_int_equal(met_scorecard_new(&sc, NULL), SW_OK);
    /* nothing set: an empty object, no faked figure */
    char *j = met_scorecard_json(sc, 0);
    assert_string_equal(j, "{}");
    free(j);
    met_score s;
    memset(&s, 0, sizeof s);
    s.ospa_mean = 12.5;
    s.gospa_mean = 20;
    s.c = 1000;
    s.p = 1;
    s.siap.completeness = 0.9;
    s.siap.ambiguity = 1.01;
    met_latency *h = malloc(sizeof *h);
    met_latency_init(h);
    assert_int_equal(met_scorecard_set_latency(sc, h), SW_ERANGE); /* nothing measured */
    for (int i = 1; i <= 100; i++)
        met_latency_add(h, i * 1e-3);
    /* set out of order: warnings, latency, tracking, nodes, scenario */
    assert_int_equal(met_scorecard_set_int(sc, "warnings.missed", 0), SW_OK);
    assert_int_equal(met_scorecard_set_num(sc, "warnings.lead_time_ratio_min", 0.93), SW_OK);
    assert_int_equal(met_scorecard_set_num(sc, "warnings.false", NAN), SW_ERANGE);
    assert_int_equal(met_scorecard_set_latency(sc, h), SW_OK);
    assert_int_equal(met_scorecard_set_tracking(sc, &s), SW_OK);
    assert_int_equal(met_scorecard_set_node(sc, "QA", &s), SW_OK);
    met_commonality c;
    memset(&c, 0, sizeof c);
    c.commonality = 0.995;
    c.node_agreement = 0.998;
    c.n_nodes = 2;
    c.node_share[0] = 1;
    c.node_share[1] = 0.99;
    const char *names[] = {"QA", "BH"};
    assert_int_equal(met_scorecard_set_commonality(sc, &c, names), SW_OK);
    assert_int_equal(met_scorecard_add_node(sc, "QA"), SW_OK);
    assert_int_equal(met_scorecard_add_node(sc, "BH"), SW_OK);
    assert_int_equal(met_scorecard_add_node(sc, "QA"), SW_OK); /* once only */
    assert_int_equal(met_scorecard_set_scenario(sc, "gulf-default"), SW_OK);
    assert_int_equal(met_scorecard_set_duration(sc, 600), SW_OK);
    assert_int_equal(met_scorecard_set_duration(sc, INFINITY), SW_ERANGE);
    assert_int_equal(met_scorecard_set_num(sc, "scenario.x", 1), SW_EINVAL); /* not an object */
    assert_int_equal(met_scorecard_set_num(sc, "warnings..x", 1), SW_EINVAL);
    assert_int_equal(met_scorecard_set_json(sc, "warnings.pairs", "[{\"nation\": \"QA\"}]"), SW_OK);
    assert_int_equal(met_scorecard_set_json(sc, "warnings.bad", "{nope"), SW_EFORMAT);
    met_commonality none = c;
    none.commonality = NAN;
    assert_int_equal(met_scorecard_set_commonality(sc, &none, names), SW_ERANGE);

    j = met_scorecard_json(sc, 0);
    assert_non_null(strstr(j, "\"pairs\":[{\"nation\":\"QA\"}]"));
    assert_null(strstr(j, "\"bad\""));
    /* the order of ARCHITECTURE §3 */
    const char *keys[] = {"\"scenario\"", "\"duration_s\"", "\"nodes\"", "\"tracking\"",
                          "\"network\"", "\"warnings\""};
    const char *prev = j;
    for (size_t k = 0; k < 6; k++) {
        const char *at = strstr(j, keys[k]);
        assert_non_null(at);
        assert_true(at >= prev);
        prev = at;
    }
    cJSON *o = cJSON_Parse(j);
    assert_non_null(o);
    assert_near(jnum(o, "tracking.ospa_mean"), 12.5, 0);
    assert_near(jnum(o, "tracking.siap.ambiguity"), 1.01, 0);
    assert_near(jnum(o, "network.commonality"), 0.995, 0);
    assert_near(jnum(o, "network.per_node.QA.commonality"), 1, 0);
    assert_near(jnum(o, "network.per_node.QA.siap.completeness"), 0.9, 0);
    assert_near(jnum(o, "network.per_node.BH.commonality"), 0.99, 0);
    assert_near(jnum(o, "network.latency_ms.p50"), 50, 0.5);
    assert_near(jnum(o, "network.latency_ms.p99"), 99, 1);
    assert_near(jnum(o, "network.latency_ms.max"), 100, 1e-9);
    assert_near(jnum(o, "warnings.lead_time_ratio_min"), 0.93, 0);
    assert_true(isnan(jnum(o, "warnings.false")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "nodes")), 2);
    cJSON_Delete(o);
    free(j);

    char p[64];
    sw_test_tmp(p, "scorecard.json");
    assert_int_equal(met_scorecard_write(sc, p, NULL), SW_OK);
    FILE *f = fopen(p, "r");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    o = cJSON_Parse(buf);
    assert_near(jnum(o, "duration_s"), 600, 0);
    cJSON_Delete(o);
    unlink(p);
    sw_err e;
    assert_int_equal(met_scorecard_write(sc, "/nonexistent-dir/x.json", &e), SW_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x.json"));
    met_scorecard_free(sc);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_agree),   cmocka_unit_test(test_renumbered),
        cmocka_unit_test(test_other_times), cmocka_unit_test(test_dual_and_missing),
        cmocka_unit_test(test_latency),     cmocka_unit_test(test_scorecard),
        cmocka_unit_test(test_between_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
