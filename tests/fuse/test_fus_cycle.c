/* Tests of when fuse/ sends R2 reports (only on a change partners act on, or the refresh) and of
 * the sliced fusion cycle (fus_cycle_begin / fus_cycle_step gives the same picture as
 * fus_update, also with updates arriving between slices). */
#include "../core/sw_test.h"

#include "core/rng.h"
#include "fuse/fuse.h"

#include <stdlib.h>
#include <string.h>

typedef struct sink {
    int publishes, retracts;
    net_report last;
} sink;

static void on_publish(void *ctx, const net_report *r)
{
    sink *k = ctx;
    k->publishes++;
    k->last = *r;
}

static void on_retract(void *ctx, uint32_t stn, bool dispose)
{
    (void)stn, (void)dispose;
    ((sink *)ctx)->retracts++;
}

static fus_engine *mk_engine(const char *self, int cap)
{
    fus_config c;
    fus_config_default(&c);
    strcpy(c.self, self);
    c.n_nations = 3;
    strcpy(c.nations[0], "QA");
    strcpy(c.nations[1], "BH");
    strcpy(c.nations[2], "EG");
    fus_engine *e;
    assert_int_equal(fus_create(&e, &c, cap, NULL), SW_OK);
    return e;
}

static sw_track mk(uint32_t id, double t, double x, double y, double vx, double sd)
{
    sw_track k;
    memset(&k, 0, sizeof k);
    k.id = id;
    k.status = SW_TRK_CONFIRMED;
    k.dim = 3;
    k.t = k.t_update = t;
    k.t_first = 1000;
    k.x[0] = x, k.x[1] = y, k.x[2] = 9000, k.x[3] = vx;
    k.P[0] = k.P[7] = k.P[14] = sd * sd;
    k.P[21] = k.P[28] = k.P[35] = sd * sd / 100;
    return k;
}

/* QA holds R2 for one object of its own and BH's track.  New states alone send nothing; the
 * refresh after republish_s does; so do a change of members and a change of QA's own sd. */
static void test_report_only_on_change(void **s)
{
    (void)s;
    fus_engine *e = mk_engine("QA", 64);
    sink k = {0};
    fus_actions a = {&k, on_publish, on_retract};
    double t = 1000;
    sw_track q = mk(7, t, 0, 0, 200, 50), b = mk(9, t, 30, 0, 200, 120);
    assert_int_equal(fus_put_track(e, "QA", &q, t, t), 0);
    assert_int_equal(fus_put_track(e, "BH", &b, t, t), 0);
    fus_update(e, t + 0.1, &a);
    assert_int_equal(k.publishes, 1); /* the claim goes out at once */
    assert_int_equal(k.last.n_members, 2);
    net_report r;
    int sent = 0;
    /* 4 s of updates, 4 a second from each nation, and 8 cycles: nothing new for partners */
    for (int i = 1; i <= 16; i++) {
        double ti = t + 0.25 * i;
        q = mk(7, ti, 200 * (ti - t), 0, 200, 50);
        b = mk(9, ti, 200 * (ti - t) + 20, 0, 200, 120);
        assert_int_equal(fus_put_track(e, "QA", &q, ti, ti), 1);
        sent += fus_take_report(e, "QA", 7, ti, &r);
        assert_int_equal(fus_put_track(e, "BH", &b, ti, ti), 1);
        sent += fus_take_report(e, "BH", 9, ti, &r);
        if (i % 2 == 0)
            fus_update(e, ti + 0.01, &a);
    }
    assert_int_equal(sent, 0);
    assert_int_equal(k.publishes, 1);
    /* the refresh: the first update after republish_s (5 s) sends it */
    double ti = t + 5.2;
    q = mk(7, ti, 200 * (ti - t), 0, 200, 50);
    assert_int_equal(fus_put_track(e, "QA", &q, ti, ti), 1);
    assert_int_equal(fus_take_report(e, "QA", 7, ti, &r), 1);
    assert_true(r.st.t == ti);
    assert_int_equal(fus_take_report(e, "QA", 7, ti, &r), 0); /* once */
    /* QA's accuracy halves: partners weigh R2 on it, so it goes at once */
    ti += 0.25;
    q = mk(7, ti, 200 * (ti - t), 0, 200, 100);
    assert_int_equal(fus_put_track(e, "QA", &q, ti, ti), 1);
    assert_int_equal(fus_take_report(e, "QA", 7, ti, &r), 1);
    assert_near(r.sd_m, 100 * 1.7320508, 1e-3);
    /* EG's track joins the object: the members changed, the cycle reports it */
    ti += 0.25;
    sw_track g = mk(3, ti, 200 * (ti - t) - 20, 10, 200, 150);
    assert_int_equal(fus_put_track(e, "EG", &g, ti, ti), 0);
    int before = k.publishes;
    fus_update(e, ti + 0.01, &a);
    assert_int_equal(k.publishes, before + 1);
    assert_int_equal(k.last.n_members, 3);
    /* and the cycle after sends nothing again */
    fus_update(e, ti + 0.5, &a);
    assert_int_equal(k.publishes, before + 1);
    fus_destroy(e);
}

/* reports one node sends in a cycle, delivered after it to the other live nodes */
typedef struct collect {
    net_report got[256];
    int n;
} collect;

static void on_collect(void *ctx, const net_report *r)
{
    collect *c = ctx;
    assert_true(c->n < 256);
    c->got[c->n++] = *r;
}

/* A partner that joins late and hears nothing but the refresh (no transient-local history here)
 * still adopts the numbers in use: QA and BH agree on 20 objects, then EG (worse radar, other
 * local ids) starts; within republish_s every EG track carries the number QA or BH reports. */
static void test_late_joiner_adopts_from_refresh(void **s)
{
    (void)s;
    const char *nat[3] = {"QA", "BH", "EG"};
    fus_engine *e[3];
    for (int i = 0; i < 3; i++)
        e[i] = mk_engine(nat[i], 256);
    int eg_alive = 0, reports_to_eg = 0;
    sw_rng rng;
    sw_rng_seed(&rng, 5);
    static collect c;
    for (int step = 0; step < 32; step++) {
        double t = 2000 + 1.0 * step;
        if (step == 25)
            eg_alive = 1;
        for (int o = 0; o < 20; o++)
            for (int n = 0; n < 3; n++) {
                if (n == 2 && !eg_alive)
                    continue;
                double sd = n == 2 ? 400 : 80 + 30 * n;
                sw_track k = mk((uint32_t)(n == 2 ? 100 + o : 10 + o), t,
                                o * 30000.0 + 150 * (t - 2000) + sd * sw_rng_normal(&rng),
                                sd * sw_rng_normal(&rng), 150, sd);
                for (int i = 0; i < 3; i++)
                    if (i < 2 || eg_alive)
                        assert_true(fus_put_track(e[i], nat[n], &k, t, t) >= 0);
            }
        for (int i = 0; i < 3; i++) {
            if (i == 2 && !eg_alive)
                continue;
            c.n = 0;
            fus_actions act = {&c, on_collect, on_retract};
            fus_update(e[i], t + 0.5, &act);
            for (int m = 0; m < c.n; m++)
                for (int j = 0; j < 3; j++)
                    if (j != i && (j < 2 || eg_alive)) {
                        assert_int_equal(fus_put_report(e[j], &c.got[m], t + 0.5), SW_OK);
                        reports_to_eg += j == 2;
                    }
        }
    }
    assert_true(reports_to_eg > 0);
    for (int o = 0; o < 20; o++) {
        uint32_t s0 = fus_stn_of(e[0], "QA", (uint32_t)(10 + o), NULL);
        assert_true(s0 != 0);
        assert_int_equal(fus_stn_of(e[1], "QA", (uint32_t)(10 + o), NULL), s0);
        assert_int_equal(fus_stn_of(e[2], "EG", (uint32_t)(100 + o), NULL), s0);
        assert_int_equal(fus_stn_of(e[2], "QA", (uint32_t)(10 + o), NULL), s0);
    }
    fus_stats st;
    fus_get_stats(e[2], &st);
    assert_int_equal(st.r2, 0); /* EG's radar is the worst: it claims nothing */
    for (int i = 0; i < 3; i++)
        fus_destroy(e[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_only_on_change),
        cmocka_unit_test(test_late_joiner_adopts_from_refresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
