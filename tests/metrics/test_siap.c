/* tests/metrics/test_siap.c - the SIAP arithmetic on hand-made counts and associations (the
 * cases of Stone Soup's own tests, plus continuity cases computed by hand) and the
 * track-to-truth association state machine. */
#include "../core/sw_test.h"
#include "metrics/metrics.h"

#include <string.h>

static met_siap finish(const met_siap_acc *a)
{
    met_siap s;
    met_siap_result(a, &s);
    return s;
}

/* Truth over 3 times, no tracks: C 0, A 1 (edge rule), S 0, accuracies 0, R 0, LS 0. */
static void test_no_tracks(void **state)
{
    (void)state;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    double times[] = {0, 1, 2};
    for (int k = 0; k < 3; k++)
        met_siap_add_time(&a, 1, 1, 0, 0, 0, 0, 0, NULL);
    met_siap_add_truth(&a, times, 3, NULL, 0, 2);
    met_siap s = finish(&a);
    assert_near(s.completeness, 0, 0);
    assert_near(s.ambiguity, 1, 0);
    assert_near(s.spuriousness, 0, 0);
    assert_near(s.position_accuracy_m, 0, 0);
    assert_near(s.track_number_changes_per_target_s, 0, 0);
    assert_near(s.longest_segment, 0, 0);
}

/* Tracks, no truth: C 0, A 1, S 1. */
static void test_no_truth(void **state)
{
    (void)state;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    met_siap at;
    for (int k = 0; k < 3; k++)
        met_siap_add_time(&a, 1, 0, 0, 1, 0, 0, 0, &at);
    assert_near(at.spuriousness, 1, 0);
    assert_near(at.completeness, 0, 0);
    met_siap s = finish(&a);
    assert_near(s.completeness, 0, 0);
    assert_near(s.ambiguity, 1, 0);
    assert_near(s.spuriousness, 1, 0);
}

/* One truth, one perfect track over [0, 2]: C 1, A 1, S 0, R 0, LS 1. */
static void test_perfect(void **state)
{
    (void)state;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    double times[] = {0, 1, 2};
    met_assoc as = {0, 0, 0, 2};
    for (int k = 0; k < 3; k++)
        met_siap_add_time(&a, 1, 1, 1, 1, 1, 0, 0, NULL);
    met_siap_add_truth(&a, times, 3, &as, 1, 2);
    met_siap s = finish(&a);
    assert_near(s.completeness, 1, 0);
    assert_near(s.ambiguity, 1, 0);
    assert_near(s.spuriousness, 0, 0);
    assert_near(s.track_number_changes_per_target_s, 0, 0);
    assert_near(s.longest_segment, 1, 0);
    assert_near(a.tracked_s, 2, 0);
}

/* Stone Soup's cases: 1 of 3 tracks associated -> S 2/3; 3 tracks on one truth -> A 3; a
 * position error of (3, 4) -> PA 5; per-time figures follow the same rules. */
static void test_spurious_ambiguous_accuracy(void **state)
{
    (void)state;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    met_siap at;
    for (int k = 0; k < 2; k++)
        met_siap_add_time(&a, 1, 1, 1, 3, 1, 5, 0.5, &at);
    assert_near(at.spuriousness, 2.0 / 3, 1e-15);
    assert_near(at.position_accuracy_m, 5, 0);
    met_siap s = finish(&a);
    assert_near(s.spuriousness, 2.0 / 3, 1e-15);
    assert_near(s.completeness, 1, 0);
    assert_near(s.ambiguity, 1, 0);
    assert_near(s.position_accuracy_m, 5, 0);
    assert_near(s.velocity_accuracy_mps, 0.5, 0);
    memset(&a, 0, sizeof a);
    for (int k = 0; k < 2; k++)
        met_siap_add_time(&a, 1, 1, 1, 3, 3, 0, 0, NULL);
    s = finish(&a);
    assert_near(s.ambiguity, 3, 0);
    assert_near(s.spuriousness, 0, 0);
}

/* A track-number change: truth over 0..10 s, track 1 on [0, 4], track 2 on [5, 10].
 * TT = 4 + 5 = 9 (the step 4 -> 5 lies in no single association), NU = 2: R = 1/9;
 * TL = 5, T = 10: LS = 0.5.  Overlapping [0, 6] and [3, 10]: TT = 10, NU = 2 (greedy). */
static void test_continuity(void **state)
{
    (void)state;
    double times[11];
    for (int k = 0; k <= 10; k++)
        times[k] = k;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    met_assoc as[2] = {{1, 0, 0, 4}, {2, 0, 5, 10}};
    met_siap_add_truth(&a, times, 11, as, 2, 10);
    met_siap s = finish(&a);
    assert_near(a.tracked_s, 9, 0);
    assert_near(a.changes, 1, 0);
    assert_near(s.track_number_changes_per_target_s, 1.0 / 9, 1e-15);
    assert_near(s.longest_segment, 0.5, 0);

    memset(&a, 0, sizeof a);
    met_assoc ov[2] = {{2, 0, 3, 10}, {1, 0, 0, 6}};
    met_siap_add_truth(&a, times, 11, ov, 2, 10);
    s = finish(&a);
    assert_near(a.tracked_s, 10, 0);
    assert_near(a.changes, 1, 0);
    assert_near(s.longest_segment, 0.7, 1e-15);

    /* three tracks, but one of them is redundant: [0,10] covers all, NU = 1 */
    memset(&a, 0, sizeof a);
    met_assoc red[3] = {{1, 0, 0, 4}, {2, 0, 0, 10}, {3, 0, 5, 10}};
    met_siap_add_truth(&a, times, 11, red, 3, 10);
    assert_near(a.changes, 0, 0);

    /* a truth never tracked adds to ΣT only, never a negative change (R >= 0) */
    memset(&a, 0, sizeof a);
    met_assoc one = {1, 0, 0, 10};
    met_siap_add_truth(&a, times, 11, &one, 1, 10);
    met_siap_add_truth(&a, times, 11, NULL, 0, 10);
    s = finish(&a);
    assert_near(s.track_number_changes_per_target_s, 0, 0);
    assert_near(s.longest_segment, 0.5, 0);
}

/* Weighted sums: the weights scale each time's counts. */
static void test_weights(void **state)
{
    (void)state;
    met_siap_acc a;
    memset(&a, 0, sizeof a);
    met_siap_add_time(&a, 3, 2, 0, 0, 0, 0, 0, NULL); /* 3 s with both objects missed */
    met_siap_add_time(&a, 1, 2, 2, 2, 2, 0, 0, NULL); /* 1 s with both tracked */
    met_siap s = finish(&a);
    assert_near(s.completeness, 2.0 / 8, 1e-15);
}

/* ---- association ---- */

static met_t2t *g_a;
static size_t run_seq(int confirm, int misses, const int *near, int n, const met_assoc **as)
{
    met_assoc_cfg cfg = {100, confirm, misses};
    met_t2t_free(g_a); /* the list of the previous call lives until here */
    assert_int_equal(met_t2t_new(&g_a, &cfg, NULL), SW_OK);
    met_t2t *a = g_a;
    for (int k = 0; k < n; k++)
        assert_int_equal(met_t2t_feed(a, 0, k, near[k], NULL), SW_OK);
    size_t m;
    assert_int_equal(met_t2t_finish(a, as, &m, NULL), SW_OK);
    return m;
}

static void test_assoc_rules(void **state)
{
    (void)state;
    const met_assoc *as;
    int steady[] = {7, 7, 7, 7, 7, 7};
    assert_int_equal(run_seq(3, 2, steady, 6, &as), 1);
    assert_int_equal(as[0].truth, 7);
    assert_near(as[0].t0, 0, 0); /* the confirmation run belongs to the association */
    assert_near(as[0].t1, 5, 0);

    int two[] = {7, 7};
    assert_int_equal(run_seq(3, 2, two, 2, &as), 0); /* never confirmed */

    int hole[] = {7, 7, 7, -1, 7, 7};
    assert_int_equal(run_seq(3, 2, hole, 6, &as), 1); /* one miss stays inside */
    assert_near(as[0].t1, 5, 0);

    /* interrupted runs do not add up; two misses end at the last match */
    int seq[] = {-1, 1, 1, 2, 1, 1, 1, -1, -1, 1};
    assert_int_equal(run_seq(3, 2, seq, 10, &as), 1);
    assert_int_equal(as[0].truth, 1);
    assert_near(as[0].t0, 4, 0);
    assert_near(as[0].t1, 6, 0);

    /* handover: 1 then 2; 2 confirms after 1 has ended */
    int hand[] = {1, 1, 1, 1, 2, 2, 2, 2};
    assert_int_equal(run_seq(3, 2, hand, 8, &as), 2);
    assert_int_equal(as[0].truth, 1);
    assert_near(as[0].t1, 3, 0);
    assert_int_equal(as[1].truth, 2);
    assert_near(as[1].t0, 4, 0);
    assert_near(as[1].t1, 7, 0);
    /* with misses_end = 3 the candidate is confirmed at the moment the old one ends */
    assert_int_equal(run_seq(3, 3, hand, 8, &as), 2);
    assert_near(as[1].t0, 4, 0);

    /* the miss counter restarts with a new association: a single miss right after does not
     * end it (Stone Soup would) */
    int re[] = {1, 1, 1, -1, -1, 2, 2, 2, -1, 2, 2};
    assert_int_equal(run_seq(3, 2, re, 11, &as), 2);
    assert_near(as[1].t0, 5, 0);
    assert_near(as[1].t1, 10, 0);
}

static void test_assoc_errors(void **state)
{
    (void)state;
    met_t2t *a;
    sw_err e;
    met_assoc_cfg bad = {0, 3, 2};
    assert_int_equal(met_t2t_new(&a, &bad, &e), SW_EINVAL);
    met_assoc_cfg bad2 = {10, 0, 2};
    assert_int_equal(met_t2t_new(&a, &bad2, &e), SW_EINVAL);
    met_assoc_cfg ok = {10, 3, 2};
    assert_int_equal(met_t2t_new(&a, &ok, &e), SW_OK);
    assert_int_equal(met_t2t_feed(a, 4, 1.0, 0, &e), SW_OK);
    assert_int_equal(met_t2t_feed(a, 4, 1.0, 0, &e), SW_EORDER);
    met_t2t_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_tracks),     cmocka_unit_test(test_no_truth),
        cmocka_unit_test(test_perfect),       cmocka_unit_test(test_spurious_ambiguous_accuracy),
        cmocka_unit_test(test_continuity),    cmocka_unit_test(test_weights),
        cmocka_unit_test(test_assoc_rules),   cmocka_unit_test(test_assoc_errors),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    met_t2t_free(g_a);
    return rc;
}
