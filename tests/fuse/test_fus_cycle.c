/* Tests of when fuse/ sends R2 reports (only on a change partners act on, or the refresh) and of
 * the sliced fusion cycle (fus_cycle_begin / fus_cycle_step gives the same picture as
 * fus_update, also with updates arriving between slices). */
#include "../core/sw_test.h"

#include "core/rng.h"
#include "fuse/fuse.h"
#include "fuse/fus_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

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

/* QA's engine holding R2 for one object of its own track 7 and BH's track 9 (t = 1000, QA's
 * the better), its claim published */
static fus_engine *qa_holds(sink *k, const fus_actions *a)
{
    fus_engine *e = mk_engine("QA", 64);
    double t = 1000;
    sw_track q = mk(7, t, 0, 0, 200, 50), b = mk(9, t, 30, 0, 200, 120);
    assert_int_equal(fus_put_track(e, "QA", &q, t, t), 0);
    assert_int_equal(fus_put_track(e, "BH", &b, t, t), 0);
    fus_update(e, t + 0.1, a);
    assert_int_equal(k->publishes, 1); /* the claim goes out at once */
    assert_int_equal(k->last.n_members, 2);
    return e;
}

/* QA holds R2 for one object of its own and BH's track.  New states alone send nothing; the
 * refresh after republish_s does; so do a change of members and a change of QA's own sd. */
static void test_report_only_on_change(void **s)
{
    (void)s;
    sink k = {0};
    fus_actions a = {&k, on_publish, on_retract};
    fus_engine *e = qa_holds(&k, &a);
    double t = 1000;
    sw_track q, b;
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
    /* BH claims the object (it has not heard QA's claim): QA's winning claim goes out again at
     * the next cycle, not at the refresh */
    net_report bh;
    memset(&bh, 0, sizeof bh);
    bh.st.stn = k.last.st.stn;
    strcpy(bh.st.reporter, "BH");
    bh.born = k.last.born;
    bh.claim = ti + 0.6;
    bh.sd_m = 120 * 1.7320508;
    bh.n_members = 1;
    strcpy(bh.members[0].nation, "BH");
    bh.members[0].id = 9;
    assert_int_equal(fus_put_report(e, &bh, ti + 0.6), SW_OK);
    fus_update(e, ti + 1.0, &a);
    assert_int_equal(k.publishes, before + 2);
    assert_string_equal(k.last.st.reporter, "QA");
    fus_update(e, ti + 1.5, &a);
    assert_int_equal(k.publishes, before + 2);
    fus_destroy(e);
}

/* QA holds R2 under the number it gave first; BH wins R2 (a better track) with a younger
 * number and never takes QA's (its object does not hold QA's track).  QA holds out with its
 * report once a second, then, after FUS_HOLD_MAX_S (10 s), takes BH's number and stops
 * reporting: one number for the object, not two for good. */
static void test_yield_to_winner_that_never_adopts(void **s)
{
    (void)s;
    sink k = {0};
    fus_actions a = {&k, on_publish, on_retract};
    fus_engine *e = qa_holds(&k, &a);
    double t = 1000;
    sw_track q, b;
    uint32_t mine = k.last.st.stn;
    net_report bh;
    memset(&bh, 0, sizeof bh);
    bh.st.stn = 2999; /* BH's own block, given later */
    strcpy(bh.st.reporter, "BH");
    bh.born = 1500;
    bh.sd_m = 5;
    bh.n_members = 1;
    strcpy(bh.members[0].nation, "BH");
    bh.members[0].id = 9;
    int held = 0;
    double yielded = 0;
    for (int i = 1; i <= 60; i++) { /* 15 s, 4 cycles a second; BH reports every cycle */
        double ti = t + 0.25 * i;
        q = mk(7, ti, 200 * (ti - t), 0, 200, 50);
        b = mk(9, ti, 200 * (ti - t) + 30, 0, 200, 120);
        fus_put_track(e, "QA", &q, ti, ti);
        fus_put_track(e, "BH", &b, ti, ti);
        bh.claim = ti;
        bh.st.t = ti;
        assert_int_equal(fus_put_report(e, &bh, ti), SW_OK);
        int before = k.publishes;
        fus_update(e, ti + 0.01, &a);
        sw_system_track p[4];
        int n = fus_picture(e, p, 4);
        assert_int_equal(n, 1);
        if (p[0].stn == mine) {
            held++;
            assert_true(k.publishes - before <= 1);
        } else if (yielded == 0) {
            yielded = ti;
            assert_int_equal(p[0].stn, 2999);
        }
    }
    fus_stats st;
    fus_get_stats(e, &st);
    print_message("QA held its number for %d cycles, took BH's at +%.2f s, %d reports\n", held,
                  yielded - t, k.publishes);
    assert_true(yielded - t >= 10.0 && yielded - t <= 11.0);
    assert_int_equal(st.yields, 1);
    assert_true(k.retracts >= 1);
    /* held out with a report about once a second, not every cycle */
    assert_true(k.publishes >= 9 && k.publishes <= 13);
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

/* ---- the sliced cycle ------------------------------------------------------------------------ */

/* one scan of a 3-nation picture: 120 objects, some pairs crossing, a few dual tracks that merge,
 * objects appearing and tracks ending; partner reports from a fixed script */
static void feed(fus_engine *e, int step, sw_rng *rng)
{
    static const char *nat[3] = {"QA", "BH", "EG"};
    double t = 3000 + 2.0 * step;
    for (int o = 0; o < 120; o++) {
        if (o % 17 == 0 && step > 10) /* these end */
            continue;
        if (o % 13 == 0 && step < 5) /* these appear later */
            continue;
        for (int n = 0; n < 3; n++) {
            if ((o + n) % 5 == 0) /* not every nation sees every object */
                continue;
            double sd = 60 + 50 * n;
            double y = (o % 4 == 1 ? -1 : 1) * 200 * (t - 3020) * (o % 4 < 2); /* crossers */
            sw_track k = mk((uint32_t)(100 * n + o), t, (o / 2) * 15000.0 + 180 * (t - 3000) +
                            sd * sw_rng_normal(rng), y + sd * sw_rng_normal(rng), 180, sd);
            if (o % 4 < 2)
                k.x[4] = (o % 4 == 1 ? -200 : 200);
            fus_put_track(e, nat[n], &k, t, t);
        }
    }
    if (step == 6) { /* a partner's claim on a few objects */
        for (int o = 1; o < 120; o += 9) {
            net_report r;
            memset(&r, 0, sizeof r);
            r.st.stn = 2000000u + (uint32_t)(100 + o);
            strcpy(r.st.reporter, "BH");
            r.born = 900; /* given before QA's (its tracks began at 1000): QA adopts it */
            r.claim = 2995;
            r.sd_m = 20;
            r.n_members = 1;
            strcpy(r.members[0].nation, "BH");
            r.members[0].id = (uint32_t)(100 + o);
            fus_put_report(e, &r, t);
        }
    }
}

typedef struct trace {
    int n;
    uint32_t stn[4096];
    int kind[4096];
} trace;

static void tr_publish(void *ctx, const net_report *r)
{
    trace *t = ctx;
    if (t->n < 4096) {
        t->stn[t->n] = r->st.stn;
        t->kind[t->n++] = 0;
    }
}

static void tr_retract(void *ctx, uint32_t stn, bool dispose)
{
    trace *t = ctx;
    if (t->n < 4096) {
        t->stn[t->n] = stn;
        t->kind[t->n++] = dispose ? 1 : 2;
    }
}

/* Cycles run in slices of a few objects, with nothing arriving between them, give exactly the
 * picture and the reports of whole cycles. */
static void test_sliced_same_as_whole(void **s)
{
    (void)s;
    static sw_system_track pa[1024], pb[1024];
    static trace ta, tb;
    memset(&ta, 0, sizeof ta);
    memset(&tb, 0, sizeof tb);
    fus_engine *a = mk_engine("QA", 1024), *b = mk_engine("QA", 1024);
    fus_actions aa = {&ta, tr_publish, tr_retract}, ab = {&tb, tr_publish, tr_retract};
    sw_rng ra, rb;
    sw_rng_seed(&ra, 11);
    sw_rng_seed(&rb, 11);
    int slices = 0;
    for (int step = 0; step < 30; step++) {
        feed(a, step, &ra);
        feed(b, step, &rb);
        double now = 3000 + 2.0 * step + 0.5;
        fus_update(a, now, &aa);
        fus_cycle_begin(b, now);
        assert_true(fus_cycle_busy(b));
        while (!fus_cycle_step(b, 7, &ab))
            slices++;
        assert_false(fus_cycle_busy(b));
        int na = fus_picture(a, pa, 1024), nb = fus_picture(b, pb, 1024);
        assert_int_equal(na, nb);
        assert_true(na > 80);
        for (int i = 0; i < na; i++) {
            assert_int_equal(pa[i].stn, pb[i].stn);
            assert_int_equal(pa[i].n_sources, pb[i].n_sources);
            assert_memory_equal(pa[i].x, pb[i].x, sizeof pa[i].x);
            assert_string_equal(pa[i].reporter, pb[i].reporter);
        }
    }
    assert_true(slices > 30 * 10); /* it was sliced */
    fus_stats sa, sb;
    fus_get_stats(a, &sa);
    fus_get_stats(b, &sb);
    assert_true(sa.merges > 0 && sa.adoptions > 0); /* the script did merge and adopt */
    assert_int_equal(sa.merges, sb.merges);
    assert_int_equal(sa.breaks, sb.breaks);
    assert_int_equal(sa.adoptions, sb.adoptions);
    assert_int_equal(ta.n, tb.n);
    assert_memory_equal(ta.stn, tb.stn, sizeof ta.stn[0] * (size_t)ta.n);
    assert_memory_equal(ta.kind, tb.kind, sizeof ta.kind[0] * (size_t)ta.n);
    fus_destroy(a);
    fus_destroy(b);
}

/* QA's engine after eight cycles of feed(), whole: objects, numbers and a partner's reports;
 * its actions record into tt (cleared), r goes on from seed. */
static fus_engine *warm_up(trace *tt, fus_actions *act, sw_rng *r, uint64_t seed)
{
    memset(tt, 0, sizeof *tt);
    *act = (fus_actions){tt, tr_publish, tr_retract};
    fus_engine *e = mk_engine("QA", 1024);
    sw_rng_seed(r, seed);
    for (int step = 0; step < 8; step++) {
        feed(e, step, r);
        fus_update(e, 3000 + 2.0 * step + 0.5, act);
    }
    return e;
}

/* The partner reports are attached in slices of their own (phase 6), before numbering (7): done
 * whole, a partner holding R2 for 10,000 objects made one step of 2-7 ms a cycle, the node's
 * longest (docs/PERFORMANCE.md, "Real-time scheduling"). */
static void test_attach_sliced(void **s)
{
    (void)s;
    static trace tt;
    fus_actions act;
    sw_rng r;
    fus_engine *e = warm_up(&tt, &act, &r, 13);
    feed(e, 8, &r);
    fus_cycle_begin(e, 3016.5);
    int n6 = 0, n7 = 0, six_after_seven = 0;
    while (!fus_cycle_step(e, 1, &act)) {
        int ph = fus_cycle_phase(e);
        n6 += ph == 6;
        n7 += ph == 7;
        six_after_seven += ph == 6 && n7 > 0;
    }
    print_message("budget 1: %d steps attaching, %d numbering\n", n6, n7);
    assert_true(n6 >= 2);
    assert_true(n7 >= 10);
    assert_int_equal(six_after_seven, 0);
    fus_destroy(e);
}

/* A partner joins: EG's tracks, all at once, on every object that has no track of EG's yet and
 * as many again far from everything.  The association goes in many slices (whole, a partner
 * joining with 10,000 tracks held the node's loop ~100 ms: bench_fuse), and each track joins
 * its object.  Between two of its slices (pairs made, none joined yet) one of them is dropped and
 * its table slot taken by a new track far away: that one must not join the dropped one's object. */
static void test_assoc_sliced(void **s)
{
    (void)s;
    static trace tt;
    static sw_system_track p[1024];
    static uint32_t want[1024];
    fus_actions act;
    sw_rng r;
    fus_engine *e = warm_up(&tt, &act, &r, 14);
    double t = 3016;
    feed(e, 8, &r);
    int np = fus_picture(e, p, 1024), n = 0;
    for (int i = 0; i < np; i++) {
        if (p[i].nations & 4)
            continue;
        double dt = t - p[i].t;
        sw_track q = mk(1000 + (uint32_t)n, t, p[i].x[0] + dt * p[i].x[3],
                        p[i].x[1] + dt * p[i].x[4], p[i].x[3], 80);
        q.x[4] = p[i].x[4];
        want[n++] = p[i].stn;
        assert_int_equal(fus_put_track(e, "EG", &q, t, t), 0);
    }
    assert_true(n >= 20);
    for (int k = 0; k < n; k++) { /* and as many where nothing is */
        sw_track q = mk(2000 + (uint32_t)k, t, k * 15000.0, 400000, 180, 80);
        assert_int_equal(fus_put_track(e, "EG", &q, t, t), 0);
    }
    fus_cycle_begin(e, t + 0.5);
    int n4 = 0, swapped = 0;
    while (!fus_cycle_step(e, 1, &act)) {
        n4 += fus_cycle_phase(e) == 4;
        if (!swapped && e->as_step == AS_JOIN && e->pos == 0) {
            int slot = fus_track_find(e, 2, 1000);
            assert_true(slot >= 0);
            assert_true(e->trk[slot].obj < 0); /* listed, paired, not yet joined */
            fus_drop_track(e, "EG", 1000);
            sw_track q = mk(5000, t + 0.1, -900000, -900000, 180, 80);
            assert_int_equal(fus_put_track(e, "EG", &q, t + 0.1, t + 0.1), 0);
            assert_int_equal(fus_track_find(e, 2, 5000), slot); /* the slot was taken */
            swapped = 1;
        }
    }
    print_message("budget 1: %d steps of association for %d new tracks\n", n4, 2 * n);
    assert_true(swapped);
    assert_true(n4 >= 2 * n);
    assert_int_equal(fus_stn_of(e, "EG", 5000, NULL), 0); /* waits for the next cycle */
    for (int k = 1; k < n; k++)
        if (fus_stn_of(e, "EG", 1000 + (uint32_t)k, NULL) != want[k])
            fail_msg("EG %d is not on its object %u", 1000 + k, want[k]);
    for (int k = 0; k < n; k++) {
        sw_system_track st;
        assert_true(fus_stn_of(e, "EG", 2000 + (uint32_t)k, &st) != 0);
        assert_int_equal(st.n_sources, 1);
    }
    fus_update(e, t + 1.0, &act);
    sw_system_track st;
    assert_true(fus_stn_of(e, "EG", 5000, &st) != 0);
    assert_int_equal(st.n_sources, 1);
    fus_destroy(e);
}

static long minor_faults(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

/* The engine's tables are made when it is created, not page by page where the node's loop first
 * uses them: a page fault costs 11-14 us on the reference VM, and a partner joining with
 * 10,000 tracks faulted ~4,000 pages in a few slices (bench_fuse: steps of 8-38 ms).  Filling
 * a fresh engine of 4,096 tracks (each on an object of its own, numbered, as many partner
 * reports) would touch ~1,300 new pages of its tables. */
static void test_tables_made_at_create(void **s)
{
    (void)s;
    fus_engine *e = mk_engine("QA", 4096);
    sw_track *q = malloc(sizeof *q * 4096);
    net_report *r = malloc(sizeof *r * 4096);
    assert_non_null(q);
    assert_non_null(r);
    for (uint32_t k = 0; k < 4096; k++) { /* made (and touched) before counting */
        q[k] = mk(k, 5000, (k % 64) * 20000.0, (k / 64) * 20000.0, 180, 80);
        memset(&r[k], 0, sizeof r[k]);
        r[k].st.stn = 2000000u + k;
        strcpy(r[k].st.reporter, "BH");
        r[k].born = r[k].claim = 4990;
        r[k].sd_m = 100;
    }
    fus_update(e, 5000, NULL); /* the cycle's own first use of the C library's buffers */
    long f0 = minor_faults();
    for (uint32_t k = 0; k < 4096; k++) {
        assert_int_equal(fus_put_track(e, "QA", &q[k], 5000, 5000), 0);
        assert_int_equal(fus_put_report(e, &r[k], 5000), SW_OK);
    }
    fus_update(e, 5000.5, NULL);
    long faults = minor_faults() - f0;
    print_message("4,096 tracks, objects and reports: %ld page faults\n", faults);
    static sw_system_track p[4096];
    assert_int_equal(fus_picture(e, p, 4096), 4096);
    assert_true(faults < 200);
    free(q);
    free(r);
    fus_destroy(e);
}

/* Updates, new tracks, dropped tracks and reports dropped and replaced (their table slots
 * reused) between slices: every slice leaves the engine consistent - each track fused at once
 * when its object is known, every track numbered at the end, no number on two objects (under
 * ASan: no use of a dropped report's slot). */
static void test_sliced_with_arrivals(void **s)
{
    (void)s;
    static sw_system_track p[1024];
    static trace tt;
    fus_actions act;
    sw_rng r;
    fus_engine *e = warm_up(&tt, &act, &r, 12);
    int k_prev = 0; /* tracks put during the previous cycle */
    for (int step = 8; step < 30; step++) {
        double t = 3000 + 2.0 * step;
        fus_cycle_begin(e, t + 0.5);
        int k = 0;
        while (!fus_cycle_step(e, 5, &act)) {
            /* between slices: the scan arrives piecemeal */
            if (k < 120) {
                sw_track q = mk((uint32_t)k, t + 0.01 * k, (k / 2) * 15000.0 + 180 * (t - 3000),
                                0, 180, 60);
                int rc = fus_put_track(e, "QA", &q, t, t);
                assert_true(rc >= 0);
                sw_system_track st;
                if (rc == 1) { /* the fast path fused it now (a number may come later this cycle) */
                    fus_stn_of(e, "QA", (uint32_t)k, &st);
                    assert_true(st.t == q.t);
                }
            }
            if (k == 3)
                fus_drop_track(e, "EG", 201);
            if (k == 5 || k == 40) /* a claim withdrawn, another takes its slot */
                fus_drop_report(e, "BH", 2000000u + 101u + (uint32_t)(k == 5 ? 0 : 9));
            if (k == 6 || k == 41) {
                net_report rep;
                memset(&rep, 0, sizeof rep);
                rep.st.stn = 3000000u + (uint32_t)k;
                strcpy(rep.st.reporter, "EG");
                rep.born = t;
                rep.claim = t;
                rep.sd_m = 500;
                rep.n_members = 1;
                strcpy(rep.members[0].nation, "EG");
                rep.members[0].id = 250;
                assert_int_equal(fus_put_report(e, &rep, t), SW_OK);
            }
            k++;
        }
        int n = fus_picture(e, p, 1024);
        for (int i = 1; i < n; i++)
            assert_true(p[i - 1].stn < p[i].stn); /* sorted, and no number twice */
        /* every track is in a numbered object (one first put between slices once the association
         * phase had passed waits for the next cycle, as between cycles) */
        for (int o = 0; o < 120 && o < k_prev; o++)
            if (!fus_stn_of(e, "QA", (uint32_t)o, NULL))
                fail_msg("step %d: QA track %d has no number", step, o);
        k_prev = k;
    }
    fus_destroy(e);
}

/* Many objects numbered in one cycle whose natural numbers a partner's reports already hold
 * (a partner numbered them first, as happens at start-up): every one gets a number of its own,
 * with no object renumbered afterwards. */
static void test_many_new_numbers_in_one_cycle(void **s)
{
    (void)s;
    fus_engine *e = mk_engine("QA", 1024);
    double t = 4000;
    for (uint32_t id = 0; id < 300; id++) { /* BH's claims on numbers of QA's block */
        net_report r;
        memset(&r, 0, sizeof r);
        r.st.stn = 1000000u + id;
        strcpy(r.st.reporter, "BH");
        r.born = r.claim = t - 1;
        r.sd_m = 100;
        r.n_members = 1;
        strcpy(r.members[0].nation, "BH");
        r.members[0].id = 50000 + id; /* a track this node has not seen (yet) */
        assert_int_equal(fus_put_report(e, &r, t), SW_OK);
    }
    for (uint32_t id = 0; id < 200; id++) {
        sw_track k = mk(id, t, id * 20000.0, 0, 200, 60);
        assert_int_equal(fus_put_track(e, "QA", &k, t, t), 0);
    }
    fus_update(e, t + 0.5, NULL);
    static sw_system_track p[1024];
    int n = fus_picture(e, p, 1024);
    assert_int_equal(n, 200);
    for (int i = 0; i < n; i++) {
        assert_true(p[i].stn >= 1000300u); /* the partner's numbers are left alone */
        if (i)
            assert_true(p[i].stn > p[i - 1].stn); /* sorted, so equal numbers would be adjacent */
    }
    fus_update(e, t + 1.0, NULL);
    fus_stats st;
    fus_get_stats(e, &st);
    assert_int_equal(st.renumbered, 0);
    assert_int_equal(st.numbers_made, 200);
    fus_destroy(e);
}

static net_report bh_report(uint32_t stn, double born, uint32_t qa_id, uint32_t bh_id)
{
    net_report r;
    memset(&r, 0, sizeof r);
    r.st.stn = stn;
    strcpy(r.st.reporter, "BH");
    r.born = r.claim = born;
    r.sd_m = 100;
    r.n_members = 0;
    if (qa_id) {
        strcpy(r.members[r.n_members].nation, "QA");
        r.members[r.n_members++].id = qa_id;
    }
    strcpy(r.members[r.n_members].nation, "BH");
    r.members[r.n_members++].id = bh_id;
    return r;
}

/* A partner one report ahead: BH already reports QA's tracks 5..24 (with its own 105..124) under
 * their natural numbers (QA's block + id), born a little after QA's tracks began, when QA's
 * tracks arrive.  QA takes those numbers rather than making new ones: made anew, each would be
 * pushed to the next free number (the report holds its own), keep it (born earlier) and take the
 * natural number of the track after it, and so on down the block (15,000-30,000 renumbered in
 * 20 s at 10,000 objects).  A number held by a report about other tracks is left alone, and the
 * object pushed off goes to the far half of the block, not onto the next track's number. */
static void test_takes_partner_natural_number(void **s)
{
    (void)s;
    fus_engine *e = mk_engine("QA", 256);
    double t = 1000;
    for (uint32_t id = 5; id < 25; id++) {
        net_report r = bh_report(1000000u + id, 1000.5, id, 100 + id);
        assert_int_equal(fus_put_report(e, &r, t), SW_OK);
    }
    net_report other = bh_report(1000030u, 1000.5, 0, 999); /* a BH track QA has not seen */
    assert_int_equal(fus_put_report(e, &other, t), SW_OK);
    for (uint32_t id = 5; id < 31; id++) {
        sw_track q = mk(id, t, id * 20000.0, 0, 200, 50);
        assert_int_equal(fus_put_track(e, "QA", &q, t, t), 0);
        if (id < 25) {
            sw_track b = mk(100 + id, t, id * 20000.0 + 30, 0, 200, 120);
            assert_int_equal(fus_put_track(e, "BH", &b, t, t), 0);
        }
    }
    fus_update(e, t + 0.5, NULL);
    fus_update(e, t + 1.0, NULL);
    for (uint32_t id = 5; id < 30; id++)
        assert_int_equal(fus_stn_of(e, "QA", id, NULL), 1000000u + id);
    assert_int_equal(fus_stn_of(e, "QA", 30, NULL), 1500030u);
    fus_stats st;
    fus_get_stats(e, &st);
    assert_int_equal(st.renumbered, 0);
    assert_int_equal(st.numbers_made, 6); /* 25..29, and 30 in the far half */
    fus_destroy(e);
}

/* fus_stn_first_free (one walk of the sorted numbers in use) gives exactly the number that probing
 * base + (off + k) % size with fus_stn_used one k at a time gives: dense runs, holes, holes taken
 * by numbers made this cycle, the probe wrapping round the block, number 0, the probe limit. */
static uint32_t first_free_probing(fus_engine *e, uint32_t base, uint32_t size, uint32_t off,
                                   uint32_t max)
{
    for (uint32_t k = 0; k < size && k < max; k++) {
        uint32_t stn = base + (off + k) % size;
        if (stn != 0 && !fus_stn_used(e, stn))
            return stn;
    }
    return 0;
}

static void test_first_free_same_as_probing(void **s)
{
    (void)s;
    fus_engine *e = mk_engine("QA", 1024);
    sw_rng r;
    sw_rng_seed(&r, 7);
    int n = 0;
    /* block A: 1000000 + [0, 1000): all in use but 12 holes; block B: 0 + [0, 100) (0 is never a
     * number): in use but 3 holes, its top end in use so probes wrap */
    for (uint32_t v = 0; v < 1000; v++)
        if (v % 83 != 5)
            e->used_stn[n++] = 1000000u + v;
    for (uint32_t v = 1; v < 100; v++)
        if (v != 3 && v != 40 && v != 41)
            e->used_stn[n++] = v;
    for (int i = n - 1; i > 0; i--) { /* used_stn is sorted: shuffle, then sort as used_build does */
        int j = (int)(sw_rng_uniform(&r) * (i + 1));
        uint32_t t = e->used_stn[i];
        e->used_stn[i] = e->used_stn[j];
        e->used_stn[j] = t;
    }
    for (int i = 1; i < n; i++) /* insertion sort, as small as it is */
        for (int j = i; j > 0 && e->used_stn[j - 1] > e->used_stn[j]; j--) {
            uint32_t t = e->used_stn[j];
            e->used_stn[j] = e->used_stn[j - 1];
            e->used_stn[j - 1] = t;
        }
    e->n_used_stn = n;
    e->n_made = 0;
    e->made[e->n_made++] = 1000000u + 5 + 83 * 3; /* holes taken by numbers made this cycle */
    e->made[e->n_made++] = 40;
    int checked = 0, zero = 0;
    for (uint32_t off = 0; off < 1300; off += 7)
        for (int m = 0; m < 3; m++) {
            uint32_t max = m == 0 ? 1 : m == 1 ? 30 : 4096;
            uint32_t a = fus_stn_first_free(e, 1000000u, 1000, off, max);
            assert_int_equal(a, first_free_probing(e, 1000000u, 1000, off, max));
            uint32_t b = fus_stn_first_free(e, 0, 100, off, max);
            assert_int_equal(b, first_free_probing(e, 0, 100, off, max));
            zero += !a + !b;
            checked += 2;
        }
    assert_int_equal(fus_stn_first_free(e, 0, 100, 42, 4096), 3); /* 42..99, wrap, 0 skipped, 3 */
    assert_int_equal(fus_stn_first_free(e, 0, 100, 0, 4096), 3);
    assert_int_equal(fus_stn_first_free(e, 0, 100, 41, 4096), 41);
    assert_true(checked > 1000 && zero > 0 && zero < checked); /* some found nothing within max */
    fus_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_only_on_change),
        cmocka_unit_test(test_late_joiner_adopts_from_refresh),
        cmocka_unit_test(test_sliced_same_as_whole),
        cmocka_unit_test(test_attach_sliced),
        cmocka_unit_test(test_assoc_sliced),
        cmocka_unit_test(test_tables_made_at_create),
        cmocka_unit_test(test_sliced_with_arrivals),
        cmocka_unit_test(test_many_new_numbers_in_one_cycle),
        cmocka_unit_test(test_first_free_same_as_probing),
        cmocka_unit_test(test_takes_partner_natural_number),
        cmocka_unit_test(test_yield_to_winner_that_never_adopts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
