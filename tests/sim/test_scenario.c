/* tests/sim/test_scenario.c - scenario files: errors name file and line; runs are reproducible by
 * seed and do not depend on the window size or on which nations' sensors are selected; the
 * sensors file written for `track --sensors` reads back with the same sensors; the default
 * scenario loads and has its six nations, threats with class labels and defended areas. */
#include "../core/sw_test.h"

#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "geo/sensors.h"
#include "sim/sim.h"

static void expect_error(const char *text, const char *where)
{
    sim_scenario *sc = NULL;
    sw_err err = {0};
    sw_rc rc = sim_scenario_load_string(&sc, text, "bad.yaml", &err);
    if (rc == SW_OK)
        fail_msg("no error for:\n%s", text);
    if (!strstr(err.msg, where))
        fail_msg("error '%s' lacks '%s'", err.msg, where);
    assert_null(sc);
}

static void test_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_error("dim: 2\nduration_s: -5\n", "bad.yaml:1");
    expect_error("dim: 2\nsensors:\n  - id: 1\n    type: psr\n    scan_s: 4\n    pd: 2\n",
                 "bad.yaml:3");
    expect_error("dim: 2\nsensors:\n  - {id: 1, type: radar, scan_s: 4}\n", "bad.yaml:3");
    expect_error("dim: 2\nsensors:\n  - {id: 1, type: psr}\n", "needs scan_s");
    expect_error("dim: 2\ntargets:\n  - position: [0, 0]\n    speed_mps: 1\n    heading_deg: 0\n"
                 "    legs:\n      - {duration_s: 10, turn_g: 2, turn_rate_deg_s: 3}\n",
                 "bad.yaml:7");
    expect_error("dim: 2\ntargets:\n  - {position: [0, 0], velocity: [1, 1], colour: red}\n",
                 "colour");
    expect_error("origin: [25, 50]\nthreats:\n  - motion: ballistic\n    launch: [20, 60]\n"
                 "    impact: [20.01, 60]\n", "bad.yaml:3");
    expect_error("origin: [25, 50]\ntargets:\n  - {motion: airliner, from: XXXX, to: OMDB}\n",
                 "unknown airport 'XXXX'");
    expect_error("origin: [25, 50]\ntargets:\n  - motion: recorded\n    file: /nonexistent.csv\n",
                 "bad.yaml:4");
    expect_error("origin: [25, 50]\nnations:\n  - code: QA\n    defended_areas:\n"
                 "      - {name: Doha, circle: {center: [25, 51], radius_km: 0}}\n", "bad.yaml:5");
    expect_error("origin: [25, 50]\nstart: yesterday\ntargets: []\nsensors: []\n", "bad.yaml:2");
    expect_error("dim: 2\ntraffic:\n  - {generator: warp, count: 3}\n", "bad.yaml:3");
}

typedef struct digest {
    uint64_t h;
    long n;
    double last_t;
    int ordered;
} digest;

static int dig(void *ctx, const sw_plot *p)
{
    digest *d = ctx;
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < sizeof *p; i++)
        d->h = (d->h ^ b[i]) * 1099511628211ull;
    if (p->t < d->last_t)
        d->ordered = 0;
    d->last_t = p->t;
    d->n++;
    return 0;
}

static digest run(const sim_scenario *sc, double step, const char *nation, uint64_t seed)
{
    digest d = {1469598103934665603ull, 0, -1e9, 1};
    sim_engine *e;
    sw_err err = {0};
    sim_options o = {0};
    o.seed_set = seed != 0;
    o.seed = seed;
    o.duration = 300;
    assert_int_equal(sim_engine_new(&e, sc, &o, &err), SW_OK);
    if (nation)
        sim_engine_select_nation(e, nation);
    sim_sink sink = {&d, dig, NULL};
    for (double t = step; t < 300 + step; t += step)
        assert_true(sim_engine_run(e, t, &sink, &err) >= 0);
    sim_engine_free(e);
    return d;
}

typedef struct qa_filter {
    digest d;
    uint32_t ids[16];
    int n;
} qa_filter;

static int only_qa(void *ctx, const sw_plot *p)
{
    qa_filter *f = ctx;
    for (int i = 0; i < f->n; i++)
        if (p->sensor_id == f->ids[i])
            return dig(&f->d, p);
    return 0;
}

static void test_reproducible(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml",
                                              &err), SW_OK);
    digest a = run(sc, 300, NULL, 0), b = run(sc, 0.7, NULL, 0), c = run(sc, 300, NULL, 5);
    assert_true(a.n > 1000);
    assert_true(a.ordered && b.ordered);
    assert_int_equal(a.n, b.n);
    assert_true(a.h == b.h);  /* window size does not matter */
    assert_true(a.h != c.h);  /* the seed does */
    /* one nation's plots are the same alone or with the others' */
    digest qa = run(sc, 10, "QA", 0);
    assert_true(qa.n > 100 && qa.n < a.n);
    sim_engine *e;
    sim_options o = {0};
    o.duration = 300;
    assert_int_equal(sim_engine_new(&e, sc, &o, &err), SW_OK);
    qa_filter f = {{1469598103934665603ull, 0, -1e9, 1}, {0}, 0};
    for (int i = 0; i < sim_sensor_count(sc); i++)
        if (!strcmp(sim_sensor_info(sc, i)->nation, "QA"))
            f.ids[f.n++] = sim_sensor_info(sc, i)->id;
    sim_sink sink = {&f, only_qa, NULL};
    assert_true(sim_engine_run(e, 300, &sink, &err) >= 0);
    sim_engine_free(e);
    assert_int_equal(f.d.n, qa.n);
    assert_true(f.d.h == qa.h);
    int nq = f.n;
    /* the pull form (a node's feed) yields the same plots, whatever its buffer size */
    assert_int_equal(sim_engine_new(&e, sc, &o, &err), SW_OK);
    digest p = {1469598103934665603ull, 0, -1e9, 1};
    sw_plot buf[7];
    for (double t = 10; t <= 300; t += 10) {
        long n;
        while ((n = sim_engine_next(e, t, buf, 7, &err)) > 0)
            for (long i = 0; i < n; i++)
                dig(&p, &buf[i]);
        assert_true(n == 0);
    }
    sim_engine_free(e);
    assert_int_equal(p.n, a.n);
    assert_true(p.h == a.h);
    assert_true(nq == 4);
    sim_scenario_free(sc);
}

static void test_sensors_file_round_trip(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml",
                                              &err), SW_OK);
    char path[64];
    sw_test_tmp(path, "sensors.yaml");
    assert_int_equal(sim_write_sensors(sc, path, &err), SW_OK);
    geo_sensor_set *set = malloc(sizeof *set);
    if (geo_sensors_load(set, path, NULL, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(set->n, sim_sensor_count(sc));
    for (int i = 0; i < set->n; i++) {
        const sw_sensor *a = sim_sensor_info(sc, i), *b = &set->s[i];
        assert_int_equal(a->id, b->id);
        assert_int_equal(a->type, b->type);
        assert_string_equal(a->nation, b->nation);
        for (int k = 0; k < 3; k++)
            assert_near(a->site[k], b->site[k], 0.05);
        assert_near(a->sd_az_rad, b->sd_az_rad, 1e-9);
        assert_near(a->scan_s, b->scan_s, 1e-9);
    }
    free(set);
    remove(path);
    sim_scenario_free(sc);
}

static void test_default_scenario(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml",
                                              &err), SW_OK);
    const char *want[6] = {"QA", "BH", "EG", "JO", "SA", "AE"};
    assert_int_equal(sim_nation_count(sc), 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(sim_nation_info(sc, i)->code, want[i]);
    int cls[SW_CLS_COUNT] = {0};
    for (int i = 0; i < sim_target_count(sc); i++) {
        sim_target_info ti;
        sim_target_get(sc, i, &ti);
        cls[ti.cls]++;
    }
    assert_true(cls[SW_CLS_BALLISTIC] >= 3);
    assert_true(cls[SW_CLS_CRUISE] >= 2);
    assert_true(cls[SW_CLS_DRONE] >= 2);
    assert_true(cls[SW_CLS_AIRCRAFT] >= 100);
    /* every nation has a defended area and a sensor */
    for (int n = 0; n < 6; n++) {
        int a = 0, s = 0;
        for (int i = 0; i < sim_area_count(sc); i++)
            a += !strcmp(sim_area_info(sc, i)->nation, want[n]);
        for (int i = 0; i < sim_sensor_count(sc); i++)
            s += !strcmp(sim_sensor_info(sc, i)->nation, want[n]);
        assert_true(a >= 1 && s >= 1);
    }
    sim_scenario_free(sc);
}

/* The default scenario's threats are each seen by some nations' sensors and not by others'. */
typedef struct seen {
    const sim_scenario *sc;
    uint32_t mask[16000];   /* per truth id: bit per nation that saw it */
} seen;

static int note(void *ctx, const sw_plot *p)
{
    seen *s = ctx;
    if (!p->truth_id || p->truth_id >= 16000)
        return 0;
    for (int i = 0; i < sim_sensor_count(s->sc); i++)
        if (sim_sensor_info(s->sc, i)->id == p->sensor_id)
            for (int n = 0; n < sim_nation_count(s->sc); n++)
                if (!strcmp(sim_nation_info(s->sc, n)->code, sim_sensor_info(s->sc, i)->nation))
                    s->mask[p->truth_id] |= 1u << n;
    return 0;
}

static void test_default_threats_partly_seen(void **state)
{
    (void)state;
    sim_scenario *sc;
    sw_err err = {0};
    assert_int_equal(sim_scenario_load_string(&sc, sim_default_scenario_text(), "coalition6.yaml",
                                              &err), SW_OK);
    seen *s = calloc(1, sizeof *s);
    s->sc = sc;
    sim_engine *e;
    assert_int_equal(sim_engine_new(&e, sc, NULL, &err), SW_OK);
    sim_sink sink = {s, note, NULL};
    assert_true(sim_engine_run(e, sim_scenario_duration(sc), &sink, &err) > 0);
    sim_engine_free(e);
    int threats = 0;
    for (int i = 0; i < sim_target_count(sc); i++) {
        sim_target_info ti;
        sim_target_get(sc, i, &ti);
        if (ti.cls == SW_CLS_AIRCRAFT)
            continue;
        int n = __builtin_popcount(s->mask[ti.id]);
        printf("%-6s %-9s seen by %d of 6 nations\n", ti.label, sw_class_name(ti.cls), n);
        assert_true(n >= 1 && n < 6);
        threats++;
    }
    assert_true(threats >= 8);
    free(s);
    sim_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_sensors_file_round_trip),
        cmocka_unit_test(test_default_scenario),
        cmocka_unit_test(test_default_threats_partly_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
