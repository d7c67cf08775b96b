/* tests/metrics/test_score.c - met_score_run end to end on rows built in memory: perfect tracks,
 * a missing track, a spurious track, a swap of track numbers, no tracks, no truth, tracks at
 * other times than the truth (interpolation), and a silent tracker (truth-only fill times). */
#include "../core/sw_test.h"
#include "metrics/metrics.h"

#include <stdlib.h>
#include <string.h>

typedef struct rows {
    sw_state_row *r;
    size_t n, cap;
} rows;

static void add(rows *a, double t, uint32_t id, double x, double y, double vx, double vy)
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
    r->x[3] = vx;
    r->x[4] = vy;
}

static int cmp_row(const void *a, const void *b)
{
    const sw_state_row *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Target j: starts at (20 km · j, 0), flies north at 200 m/s, sampled every second 0..60. */
static void truth_of(rows *t, int n)
{
    for (int j = 0; j < n; j++)
        for (int k = 0; k <= 60; k++)
            add(t, k, 100 + (uint32_t)j, 20e3 * j, 200.0 * k, 0, 200);
}

static met_score score(const rows *t, const rows *k, const met_score_opts *o)
{
    if (k->n > 1)
        qsort(k->r, k->n, sizeof *k->r, cmp_row);
    met_score s;
    sw_err e;
    sw_rc rc = met_score_run(t->r, t->n, 2, k->r, k->n, 2, o, NULL, NULL, &s, &e);
    if (rc)
        fail_msg("%s", e.msg);
    return s;
}

static void test_perfect_tracks(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 5);
    for (size_t q = 0; q < t.n; q++) {
        sw_state_row r = t.r[q];
        add(&k, r.t, r.id - 99, r.x[0], r.x[1], r.x[3], r.x[4]);
    }
    met_score_opts o;
    met_score_defaults(&o);
    met_score s = score(&t, &k, &o);
    assert_near(s.ospa_mean, 0, 1e-9);
    assert_near(s.gospa_mean, 0, 1e-9);
    assert_near(s.siap.completeness, 1, 0);
    assert_near(s.siap.ambiguity, 1, 0);
    assert_near(s.siap.spuriousness, 0, 0);
    assert_near(s.siap.position_accuracy_m, 0, 1e-9);
    assert_near(s.siap.track_number_changes_per_target_s, 0, 0);
    assert_near(s.siap.longest_segment, 1, 0);
    assert_int_equal(s.n_times, 61);
    assert_int_equal(s.n_gap_times, 0);
    assert_int_equal(s.n_truth_objects, 5);
    assert_int_equal(s.n_track_objects, 5);
    assert_int_equal(s.n_associations, 5);
    free(t.r);
    free(k.r);
}

/* 5 targets, track 3 missing, one extra track far away, the others 30 m east of the truth:
 * OSPA (c = 1000, p = 1) = (4·30 + 1000)/5 at every time (5 truths, 5 tracks, one pair left); GOSPA = 4·30 + 2·500;
 * completeness 4/5, spuriousness 1/5, PA 30. */
static void test_missing_and_spurious(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 5);
    for (size_t q = 0; q < t.n; q++) {
        sw_state_row r = t.r[q];
        if (r.id == 103)
            continue;
        add(&k, r.t, r.id - 99, r.x[0] + 30, r.x[1], r.x[3], r.x[4]);
        if (r.id == 100)
            add(&k, r.t, 77, -50e3, 0, 0, 0);
    }
    met_score_opts o;
    met_score_defaults(&o);
    met_score s = score(&t, &k, &o);
    assert_near(s.ospa_mean, (4 * 30 + 1000) / 5.0, 1e-9);
    assert_near(s.gospa_mean, 4 * 30 + 2 * 500.0, 1e-9);
    assert_near(s.gospa_missed_mean, 1, 1e-12);
    assert_near(s.gospa_false_mean, 1, 1e-12);
    assert_near(s.siap.completeness, 0.8, 1e-12);
    assert_near(s.siap.spuriousness, 0.2, 1e-12);
    assert_near(s.siap.ambiguity, 1, 1e-12);
    assert_near(s.siap.position_accuracy_m, 30, 1e-9);
    assert_near(s.siap.longest_segment, 0.8, 1e-12); /* 4 of 5 lifetimes fully covered */
    free(t.r);
    free(k.r);
}

/* Two targets 20 km apart; tracks 1 and 2 swap their numbers at t = 30.  Track 1 first meets
 * target B at 30 and 31 (two misses end its association with A at 29), and is confirmed on B
 * at 32 from 30 on.  Per target: associations [0, 29] and [30, 60]: TT = 29 + 30, NU = 2, so
 * R = 2 / 118; TL = 30 of T = 60, LS = 0.5; completeness stays 1.  The GOSPA switching term
 * (λ = 100) sees two full switches at t = 30. */
static void test_swap(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 2);
    for (size_t q = 0; q < t.n; q++) {
        sw_state_row r = t.r[q];
        uint32_t trk = r.id - 99;
        if (r.t >= 30)
            trk = 3 - trk;
        add(&k, r.t, trk, r.x[0], r.x[1], r.x[3], r.x[4]);
    }
    met_score_opts o;
    met_score_defaults(&o);
    o.switch_lambda = 100;
    met_score s = score(&t, &k, &o);
    assert_near(s.siap.track_number_changes_per_target_s, 2.0 / 118, 1e-12);
    assert_near(s.siap.longest_segment, 0.5, 1e-12);
    assert_near(s.siap.completeness, 1, 0);
    assert_near(s.gospa_switches, 2, 0);
    assert_near(s.ospa_mean, 0, 1e-9);
    assert_near(s.gospa_mean, 100.0 * 2 / 61, 1e-9); /* sqrt(0 + (100·2)²) at one of 61 times */
    assert_int_equal(s.n_associations, 4);
    free(t.r);
    free(k.r);
}

static void test_no_tracks_no_truth(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 3);
    met_score_opts o;
    met_score_defaults(&o);
    met_score s = score(&t, &k, &o);
    assert_near(s.ospa_mean, 1000, 1e-9);
    assert_near(s.gospa_mean, 1500, 1e-9); /* 3 · c/2 */
    assert_near(s.siap.completeness, 0, 0);
    assert_near(s.siap.ambiguity, 1, 0);
    assert_near(s.siap.spuriousness, 0, 0);
    assert_int_equal(s.n_gap_times, 61);

    met_score u = score(&k, &t, &o); /* the truth as tracks against an empty truth */
    assert_near(u.ospa_mean, 1000, 1e-9);
    assert_near(u.siap.completeness, 0, 0);
    assert_near(u.siap.spuriousness, 1, 0);
    assert_near(u.siap.ambiguity, 1, 0);

    sw_err e;
    met_score v;
    assert_int_equal(met_score_run(NULL, 0, 2, NULL, 0, 2, &o, NULL, NULL, &v, &e), SW_EINVAL);
    free(t.r);
}

/* A target accelerating at 20 m/s² east, truth every 1 s; tracks at 0.25 + 0.5k with the exact
 * state: the Hermite interpolation of the truth is exact for constant acceleration. */
static void test_interpolated_truth(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    for (int q = 0; q <= 60; q++)
        add(&t, q, 1, 10 * q * q, 100.0 * q, 20.0 * q, 100);
    for (double tt = 0.25; tt < 60; tt += 0.5)
        add(&k, tt, 9, 10 * tt * tt, 100 * tt, 20 * tt, 100);
    met_score_opts o;
    met_score_defaults(&o);
    met_score s = score(&t, &k, &o);
    assert_near(s.ospa_mean, 0, 1e-6);
    assert_near(s.siap.position_accuracy_m, 0, 1e-6);
    assert_near(s.siap.velocity_accuracy_mps, 0, 1e-9);
    assert_near(s.siap.completeness, 1, 0);
    assert_int_equal(s.n_gap_times, 0);
    assert_int_equal(s.n_times, 120);
    free(t.r);
    free(k.r);
}

/* The tracker reports nothing before t = 20: truth times 0..19 are evaluated with no tracks.
 * Time-weighted: 20.25 s of 60.25 s missed; per step: 20 of 100 evaluation times. */
static void test_silent_start(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 2);
    for (double tt = 20.25; tt < 60; tt += 0.5)
        for (uint32_t j = 0; j < 2; j++)
            add(&k, tt, j + 1, 20e3 * j, 200 * tt, 0, 200);
    met_score_opts o;
    met_score_defaults(&o);
    met_score s = score(&t, &k, &o);
    assert_int_equal(s.n_gap_times, 20);
    assert_int_equal(s.n_times, 100);
    assert_near(s.siap.completeness, 40 / 60.25, 1e-12);
    assert_near(s.ospa_mean, 1000 * 20.25 / 60.25, 1e-6);
    o.per_step = 1;
    s = score(&t, &k, &o);
    assert_near(s.siap.completeness, 0.8, 1e-12);
    assert_near(s.ospa_mean, 1000 * 0.2, 1e-6);
    free(t.r);
    free(k.r);
}

/* Per-time series: one call per evaluation time, in order, consistent with the means. */
static int collect(void *ctx, const met_score_step *st)
{
    double *acc = ctx;
    assert_true(st->t >= acc[2]);
    acc[2] = st->t;
    acc[0] += st->weight * st->ospa.ospa;
    acc[1] += st->weight;
    acc[3] += 1;
    return 0;
}

static void test_series(void **state)
{
    (void)state;
    rows t = {0}, k = {0};
    truth_of(&t, 3);
    for (size_t q = 0; q < t.n; q++)
        if (t.r[q].id != 101 || t.r[q].t < 40)
            add(&k, t.r[q].t, t.r[q].id, t.r[q].x[0] + 10, t.r[q].x[1], 0, 200);
    qsort(k.r, k.n, sizeof *k.r, cmp_row);
    met_score_opts o;
    met_score_defaults(&o);
    double acc[4] = {0, 0, -1, 0};
    met_score s;
    assert_int_equal(met_score_run(t.r, t.n, 2, k.r, k.n, 2, &o, collect, acc, &s, NULL), SW_OK);
    assert_near(acc[3], (double)s.n_times, 0);
    assert_near(acc[0] / acc[1], s.ospa_mean, 1e-9);
    free(t.r);
    free(k.r);
}

/* The loader names both lines of a duplicated row. */
static void test_load_duplicate(void **state)
{
    (void)state;
    char p[64];
    sw_test_write(sw_test_tmp(p, "dup.csv"), "time_s,track_id,x_m,y_m,vx_mps,vy_mps\n"
                                             "1,5,0,0,0,0\n2,5,0,0,0,0\n1,5,3,3,0,0\n");
    sw_state_row *r;
    size_t n;
    int dim;
    sw_err e;
    assert_int_equal(met_states_load(p, "track_id", &r, &n, &dim, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, ":4: track_id 5 at time 1.000000 appears again (line 2)"));
    sw_test_write(p, "time_s,track_id,x_m,y_m,vx_mps,vy_mps\n2,6,0,0,0,0\n1,5,0,0,0,0\n");
    assert_int_equal(met_states_load(p, "track_id", &r, &n, &dim, &e), SW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].id, 5);
    assert_int_equal(dim, 2);
    free(r);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perfect_tracks),  cmocka_unit_test(test_missing_and_spurious),
        cmocka_unit_test(test_swap),            cmocka_unit_test(test_no_tracks_no_truth),
        cmocka_unit_test(test_interpolated_truth), cmocka_unit_test(test_silent_start),
        cmocka_unit_test(test_series),          cmocka_unit_test(test_load_duplicate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
