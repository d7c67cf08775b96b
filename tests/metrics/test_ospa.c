/* tests/metrics/test_ospa.c - OSPA and GOSPA against hand-computed cases, against a brute-force
 * evaluation of their definitions over every partial assignment, and the switching term. */
#include "../core/sw_test.h"
#include "core/assign.h"
#include "core/rng.h"
#include "metrics/metrics.h"

#include <stdlib.h>
#include <string.h>

static met_point pt(double x, double y, uint32_t obj)
{
    met_point p;
    memset(&p, 0, sizeof p);
    p.x[0] = x;
    p.x[1] = y;
    p.obj = p.id = obj;
    return p;
}

static met_ospa *mk(double c, double p, double lambda)
{
    met_ospa_cfg cfg = {.c = c, .p = p, .switch_lambda = lambda, .dim = 2};
    met_ospa *o;
    assert_int_equal(met_ospa_new(&o, &cfg, NULL), SW_OK);
    return o;
}

/* Hand-computed: c = 100, p = 1.  Truth {(0,0), (1000,0)}, tracks {(3,4), (1000,50), (5000,0)}:
 * pairs 5 m and 50 m, one false track.  OSPA = (5 + 50 + 100·1)/3; GOSPA = 5 + 50 + 100/2. */
static void test_hand_computed(void **state)
{
    (void)state;
    met_ospa *o = mk(100, 1, 0);
    met_point X[] = {pt(0, 0, 0), pt(1000, 0, 1)};
    met_point Y[] = {pt(3, 4, 0), pt(1000, 50, 1), pt(5000, 0, 2)};
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, X, 2, Y, 3, &f, NULL), SW_OK);
    assert_near(f.ospa, (5 + 50 + 100) / 3.0, 1e-12);
    assert_near(f.gospa, 5 + 50 + 50, 1e-12);
    assert_near(f.gospa_loc, 55, 1e-12);
    assert_int_equal(f.n_assigned, 2);
    assert_int_equal(f.n_truth - f.n_assigned, 0);
    assert_int_equal(f.n_track - f.n_assigned, 1);
    const int *a = met_ospa_assignment(o);
    assert_int_equal(a[0], 0);
    assert_int_equal(a[1], 1);

    /* p = 2: OSPA = sqrt((25 + 2500 + 10000)/3), GOSPA = sqrt(25 + 2500 + 10000/2) */
    met_ospa *o2 = mk(100, 2, 0);
    assert_int_equal(met_ospa_eval(o2, X, 2, Y, 3, &f, NULL), SW_OK);
    assert_near(f.ospa, sqrt((25 + 2500 + 10000) / 3.0), 1e-9);
    assert_near(f.gospa, sqrt(25 + 2500 + 5000.0), 1e-9);

    /* a pair beyond c is not an assignment: one miss and one false, each c^p/2 */
    met_point X1[] = {pt(0, 0, 0)}, Y1[] = {pt(150, 0, 0)};
    assert_int_equal(met_ospa_eval(o, X1, 1, Y1, 1, &f, NULL), SW_OK);
    assert_near(f.ospa, 100, 1e-12);
    assert_near(f.gospa, 100, 1e-12);
    assert_int_equal(f.n_assigned, 0);
    assert_int_equal(met_ospa_assignment(o)[0], -1);
    met_ospa_free(o);
    met_ospa_free(o2);
}

/* Empty sets: both empty = 0; no tracks = every truth missed; no truth = every track false. */
static void test_empty_sets(void **state)
{
    (void)state;
    met_ospa *o = mk(50, 2, 0);
    met_point X[] = {pt(0, 0, 0), pt(10, 0, 1), pt(20, 0, 2)};
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, NULL, 0, NULL, 0, &f, NULL), SW_OK);
    assert_near(f.ospa, 0, 0);
    assert_near(f.gospa, 0, 0);
    assert_int_equal(met_ospa_eval(o, X, 3, NULL, 0, &f, NULL), SW_OK);
    assert_near(f.ospa, 50, 1e-12);                 /* OSPA saturates at c */
    assert_near(f.gospa, sqrt(3 * 2500 / 2.0), 1e-9); /* (3 · c^p / 2)^(1/p) */
    assert_int_equal(met_ospa_eval(o, NULL, 0, X, 3, &f, NULL), SW_OK);
    assert_near(f.ospa, 50, 1e-12);
    assert_near(f.gospa, sqrt(3 * 2500 / 2.0), 1e-9);
    assert_int_equal(f.n_track, 3);
    met_ospa_free(o);
}

/* Perfect tracks: zero whatever the cardinality. */
static void test_perfect(void **state)
{
    (void)state;
    met_ospa *o = mk(1000, 1, 0);
    met_point X[50], Y[50];
    for (int i = 0; i < 50; i++) {
        X[i] = pt(i * 10.0, (i % 7) * 13.0, (uint32_t)i);  /* close together: one component */
        Y[49 - i] = X[i];
    }
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, X, 50, Y, 50, &f, NULL), SW_OK);
    assert_near(f.ospa, 0, 1e-9);
    assert_near(f.gospa, 0, 1e-9);
    assert_int_equal(f.n_assigned, 50);
    for (int i = 0; i < 50; i++)
        assert_int_equal(met_ospa_assignment(o)[i], 49 - i);
    met_ospa_free(o);
}

/* Brute force over every partial assignment of the definitions. */
static double best_S;
static void brute(const double *D, int nx, int ny, double c, double p, int i, unsigned used,
                  double acc)
{
    if (i == nx) {
        if (acc < best_S)
            best_S = acc;
        return;
    }
    brute(D, nx, ny, c, p, i + 1, used, acc); /* truth i left unassigned */
    for (int j = 0; j < ny; j++)
        if (!(used & (1u << j)) && D[i * ny + j] < c)
            brute(D, nx, ny, c, p, i + 1, used | (1u << j),
                  acc + pow(D[i * ny + j], p) - pow(c, p));
}

/* OSPA of the definition: a full assignment of the smaller set, cut-off distances. */
static double best_full;
static void brute_full(const double *D, int nx, int ny, double c, double p, int i,
                       unsigned used, double acc)
{
    int sm = nx <= ny;
    int nr = sm ? nx : ny, nc = sm ? ny : nx;
    if (i == nr) {
        if (acc < best_full)
            best_full = acc;
        return;
    }
    for (int j = 0; j < nc; j++)
        if (!(used & (1u << j))) {
            double d = sm ? D[i * ny + j] : D[j * ny + i];
            brute_full(D, nx, ny, c, p, i + 1, used | (1u << j), acc + pow(fmin(d, c), p));
        }
}

static void test_against_brute_force(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 11);
    for (int trial = 0; trial < 500; trial++) {
        int nx = (int)(sw_rng_uniform(&r) * 7), ny = (int)(sw_rng_uniform(&r) * 7);
        double c = 20 + 200 * sw_rng_uniform(&r), p = 1 + (trial % 3) * 0.5;
        double span = 50 + 800 * sw_rng_uniform(&r);
        met_point X[8], Y[8];
        for (int i = 0; i < nx; i++)
            X[i] = pt(span * sw_rng_uniform(&r), span * sw_rng_uniform(&r), (uint32_t)i);
        for (int j = 0; j < ny; j++)
            Y[j] = pt(span * sw_rng_uniform(&r), span * sw_rng_uniform(&r), (uint32_t)j);
        double D[64];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++)
                D[i * ny + j] = hypot(X[i].x[0] - Y[j].x[0], X[i].x[1] - Y[j].x[1]);
        best_S = 0;
        brute(D, nx, ny, c, p, 0, 0, 0);
        best_full = INFINITY;
        brute_full(D, nx, ny, c, p, 0, 0, 0);
        int n = nx > ny ? nx : ny, m = nx < ny ? nx : ny;
        double cp = pow(c, p);
        double ospa = n ? pow((best_full + cp * (n - m)) / n, 1 / p) : 0;
        double gospa = pow(fmax(cp / 2 * (nx + ny) + best_S, 0), 1 / p);
        met_ospa *o = mk(c, p, 0);
        met_ospa_frame f;
        assert_int_equal(met_ospa_eval(o, X, (size_t)nx, Y, (size_t)ny, &f, NULL), SW_OK);
        assert_near(f.ospa, ospa, 1e-7 * (1 + ospa));
        assert_near(f.gospa, gospa, 1e-7 * (1 + gospa));
        /* the assignment is consistent with the localisation sum and the counts */
        const int *a = met_ospa_assignment(o);
        double loc = 0;
        int na = 0;
        for (int i = 0; i < nx; i++)
            if (a[i] >= 0) {
                assert_true(D[i * ny + a[i]] < c);
                loc += pow(D[i * ny + a[i]], p);
                na++;
            }
        assert_int_equal(na, f.n_assigned);
        assert_near(loc, f.gospa_loc, 1e-7 * (1 + loc));
        met_ospa_free(o);
    }
}

/* 3-D: the vertical separation counts. */
static void test_three_d(void **state)
{
    (void)state;
    met_ospa_cfg cfg = {.c = 1000, .p = 1, .dim = 3};
    met_ospa *o;
    assert_int_equal(met_ospa_new(&o, &cfg, NULL), SW_OK);
    met_point X[1] = {pt(0, 0, 0)}, Y[1] = {pt(0, 0, 0)};
    Y[0].x[2] = 300;
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, X, 1, Y, 1, &f, NULL), SW_OK);
    assert_near(f.ospa, 300, 1e-9);
    met_ospa_free(o);
}

/* Switching, Stone Soup's rules: A->B counts 1, A->none and none->A ½ (after a first
 * assignment), never-assigned truths count nothing; term = λ·count^(1/p), combined as
 * sqrt(gospa² + term²). */
static void test_switching(void **state)
{
    (void)state;
    met_ospa *o = mk(100, 1, 10);
    met_point X[2] = {pt(0, 0, 0), pt(1000, 0, 1)};
    met_point Y[2] = {pt(0, 0, 7), pt(1000, 0, 8)};
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, X, 2, Y, 2, &f, NULL), SW_OK); /* first: no switch */
    assert_near(f.gospa_switches, 0, 0);
    assert_near(f.gospa, 0, 1e-12);
    Y[0].obj = 8;
    Y[1].obj = 7; /* the two track numbers swap: two full switches */
    assert_int_equal(met_ospa_eval(o, X, 2, Y, 2, &f, NULL), SW_OK);
    assert_near(f.gospa_switches, 2, 0);
    assert_near(f.gospa_switch, 10 * 2, 1e-12);
    assert_near(f.gospa, 20, 1e-12);
    /* truth 0 loses its track: ½; truth 1 keeps track 7 */
    assert_int_equal(met_ospa_eval(o, X, 2, Y + 1, 1, &f, NULL), SW_OK);
    assert_near(f.gospa_switches, 0.5, 0);
    assert_near(f.gospa, sqrt(50.0 * 50 + 5.0 * 5), 1e-9); /* one miss c/2 = 50, term 10·½ */
    /* truth 0 picks up track 9: ½ */
    met_point Y3[2] = {pt(1, 0, 9), pt(1000, 0, 7)};
    assert_int_equal(met_ospa_eval(o, X, 2, Y3, 2, &f, NULL), SW_OK);
    assert_near(f.gospa_switches, 0.5, 0);
    /* off by default: the count is still reported, the distance ignores it */
    met_ospa *off = mk(100, 1, 0);
    assert_int_equal(met_ospa_eval(off, X, 2, Y, 2, &f, NULL), SW_OK);
    Y[0].obj = 7;
    Y[1].obj = 8;
    assert_int_equal(met_ospa_eval(off, X, 2, Y, 2, &f, NULL), SW_OK);
    assert_near(f.gospa_switches, 2, 0);
    assert_near(f.gospa, 0, 1e-12);
    met_ospa_free(o);
    met_ospa_free(off);
}

/* Solving per component equals one dense assignment over all pairs; far-away coordinates (the
 * grid keys wrap) change nothing. */
static void test_components_match_dense(void **state)
{
    (void)state;
    sw_rng r;
    sw_rng_seed(&r, 5);
    enum { N = 300 };
    met_point *X = calloc(N, sizeof *X), *Y = calloc(N + 20, sizeof *Y);
    for (int i = 0; i < N; i++) {
        X[i] = pt(sw_rng_uniform(&r) * 2e5, sw_rng_uniform(&r) * 2e5, (uint32_t)i);
        Y[i] = pt(X[i].x[0] + 80 * sw_rng_normal(&r), X[i].x[1] + 80 * sw_rng_normal(&r),
                  (uint32_t)i);
    }
    for (int j = N; j < N + 20; j++)
        Y[j] = pt(sw_rng_uniform(&r) * 2e5, sw_rng_uniform(&r) * 2e5, (uint32_t)j);
    met_ospa *o = mk(500, 2, 0);
    met_ospa_frame f;
    assert_int_equal(met_ospa_eval(o, X, N, Y, N + 20, &f, NULL), SW_OK);
    /* one dense assignment of the definition (all 300 x 320 cut-off costs) */
    double *C = malloc(sizeof(double) * N * (N + 20)), tot;
    int *rc = malloc(sizeof(int) * N);
    void *w = malloc(sw_assign_workspace(N, N + 20));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N + 20; j++) {
            double d = hypot(X[i].x[0] - Y[j].x[0], X[i].x[1] - Y[j].x[1]);
            C[i * (N + 20) + j] = pow(fmin(d, 500), 2);
        }
    assert_int_equal(sw_assign(N, N + 20, C, rc, &tot, w), SW_OK);
    assert_near(f.ospa, sqrt((tot + 20 * 500.0 * 500) / (N + 20)), 1e-6);
    free(C);
    free(rc);
    free(w);
    /* the same with every point shifted far away: translation does not change anything */
    for (int i = 0; i < N; i++)
        X[i].x[0] += 1e9;
    for (int j = 0; j < N + 20; j++)
        Y[j].x[0] += 1e9;
    met_ospa_frame g;
    assert_int_equal(met_ospa_eval(o, X, N, Y, N + 20, &g, NULL), SW_OK);
    assert_near(f.ospa, g.ospa, 1e-6);
    assert_near(f.gospa, g.gospa, 1e-6);
    /* nothing exceeds c; every truth has a track within a few sigma */
    assert_true(f.ospa < 500);
    assert_true(f.n_assigned >= N - 2);
    free(X);
    free(Y);
    met_ospa_free(o);
}

static void test_bad_config(void **state)
{
    (void)state;
    met_ospa *o;
    sw_err e;
    met_ospa_cfg bad[] = {{.c = 0, .p = 1, .dim = 2}, {.c = 10, .p = 0.5, .dim = 2},
                          {.c = 10, .p = 1, .switch_lambda = -1, .dim = 2},
                          {.c = 10, .p = 1, .dim = 4}, {.c = NAN, .p = 1, .dim = 2}};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(met_ospa_new(&o, &bad[k], &e), SW_EINVAL);
        assert_null(o);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_empty_sets),
        cmocka_unit_test(test_perfect),
        cmocka_unit_test(test_against_brute_force),
        cmocka_unit_test(test_three_d),
        cmocka_unit_test(test_switching),
        cmocka_unit_test(test_components_match_dense),
        cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
