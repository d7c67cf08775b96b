/* Whole-picture tests of fuse/: several engines (one per nation) exchange R2 reports through an
 * in-memory bus, as nodes do over DDS, and must agree on one number per object. */
#include "../core/sw_test.h"

#include "core/rng.h"
#include "fuse/fuse.h"

#include <stdlib.h>
#include <string.h>

#define NN 3
static const char *NAT[NN] = {"QA", "BH", "EG"};

typedef struct node {
    fus_engine *e;
    int alive;
} node;

typedef struct bus {
    node n[NN];
    double now;
    int from;
    int publishes[NN], disposes[NN], unregisters[NN];
} bus;

static void on_publish(void *ctx, const net_report *r)
{
    bus *b = ctx;
    b->publishes[b->from]++;
    assert_string_equal(r->st.reporter, NAT[b->from]);
    for (int i = 0; i < NN; i++)
        if (i != b->from && b->n[i].alive)
            assert_int_equal(fus_put_report(b->n[i].e, r, b->now), SW_OK);
}

static void on_retract(void *ctx, uint32_t stn, bool dispose)
{
    bus *b = ctx;
    (dispose ? b->disposes : b->unregisters)[b->from]++;
    for (int i = 0; i < NN; i++)
        if (i != b->from && b->n[i].alive)
            fus_drop_report(b->n[i].e, NAT[b->from], stn);
}

/* node i's engine, fresh (as at a start or a restart), and alive */
static void node_up(bus *b, int i)
{
    fus_config c;
    fus_config_default(&c);
    strcpy(c.self, NAT[i]);
    c.n_nations = NN;
    for (int k = 0; k < NN; k++)
        strcpy(c.nations[k], NAT[k]);
    assert_int_equal(fus_create(&b->n[i].e, &c, 4096, NULL), SW_OK);
    b->n[i].alive = 1;
}

static void bus_init(bus *b)
{
    memset(b, 0, sizeof *b);
    for (int i = 0; i < NN; i++)
        node_up(b, i);
}

static void bus_free(bus *b)
{
    for (int i = 0; i < NN; i++)
        fus_destroy(b->n[i].e);
}

static void bus_update(bus *b, double now)
{
    fus_actions a = {b, on_publish, on_retract};
    b->now = now;
    for (int i = 0; i < NN; i++)
        if (b->n[i].alive) {
            b->from = i;
            fus_update(b->n[i].e, now, &a);
        }
}

/* a local track of nation `nat` for a truth at (x, y, z) moving (vx, vy) */
static sw_track mk(uint32_t id, double t, double x, double y, double vx, double vy, double sd,
                   double t_first)
{
    sw_track k;
    memset(&k, 0, sizeof k);
    k.id = id;
    k.status = SW_TRK_CONFIRMED;
    k.dim = 3;
    k.t = t;
    k.t_first = t_first;
    k.t_update = t;
    k.x[0] = x, k.x[1] = y, k.x[2] = 9000, k.x[3] = vx, k.x[4] = vy;
    double sv = sd / 10;
    k.P[0] = k.P[7] = k.P[14] = sd * sd;
    k.P[21] = k.P[28] = k.P[35] = sv * sv;
    k.quality = 0.9f;
    return k;
}

/* every alive node puts nation `nat`'s track (as the network would deliver it) */
static void put_all(bus *b, int nat, const sw_track *t)
{
    for (int i = 0; i < NN; i++)
        if (b->n[i].alive)
            assert_true(fus_put_track(b->n[i].e, NAT[nat], t, t->t, t->t) >= 0);
}

/* fraction of the given (nation, id) tracks for which all alive nodes give the same STN */
static void assert_common(bus *b, int nat, uint32_t id)
{
    uint32_t ref = 0;
    for (int i = 0; i < NN; i++) {
        if (!b->n[i].alive)
            continue;
        uint32_t s = fus_stn_of(b->n[i].e, NAT[nat], id, NULL);
        assert_true(s != 0);
        if (!ref)
            ref = s;
        if (s != ref)
            fail_msg("%s/%u: node %s has STN %u, another %u", NAT[nat], id, NAT[i], s, ref);
    }
}

static int total_r2(bus *b)
{
    int n = 0;
    for (int i = 0; i < NN; i++)
        if (b->n[i].alive) {
            fus_stats s;
            fus_get_stats(b->n[i].e, &s);
            n += s.r2;
        }
    return n;
}

/* 30 objects, every nation tracks each with its own noise: one number per object on every node,
 * exactly one reporter per object, numbers from the best tracker's block. */
static void test_agree(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    sw_rng r;
    sw_rng_seed(&r, 7);
    const int NO = 30;
    for (int step = 0; step < 20; step++) {
        double t = 1000 + 4.0 * step;
        for (int o = 0; o < NO; o++)
            for (int n = 0; n < NN; n++) {
                double sd = n == 1 ? 60 : 150; /* BH has the best radar */
                double x = o * 15000.0 + 200 * t, y = (o % 5) * 8000.0;
                sw_track k = mk((uint32_t)(100 + o), t, x + sd * sw_rng_normal(&r),
                                y + sd * sw_rng_normal(&r), 200, 0, sd, 1000);
                put_all(&b, n, &k);
            }
        bus_update(&b, t + 0.5);
    }
    for (int o = 0; o < NO; o++)
        for (int n = 0; n < NN; n++)
            assert_common(&b, n, (uint32_t)(100 + o));
    /* the same object: all three nations' tracks carry one number */
    for (int o = 0; o < NO; o++) {
        uint32_t a = fus_stn_of(b.n[0].e, "QA", (uint32_t)(100 + o), NULL);
        assert_int_equal(a, fus_stn_of(b.n[0].e, "BH", (uint32_t)(100 + o), NULL));
        assert_int_equal(a, fus_stn_of(b.n[0].e, "EG", (uint32_t)(100 + o), NULL));
        assert_int_equal(a, 2000000u + 100 + (uint32_t)o); /* BH's block: base 2e6 */
    }
    assert_int_equal(total_r2(&b), NO);
    fus_stats st;
    fus_get_stats(b.n[1].e, &st);
    assert_int_equal(st.r2, NO); /* BH, the best, reports them all */
    sw_system_track pic[64];
    int np = fus_picture(b.n[2].e, pic, 64);
    assert_int_equal(np, NO);
    for (int i = 1; i < np; i++)
        assert_true(pic[i].stn > pic[i - 1].stn);
    assert_string_equal(pic[0].reporter, "BH");
    assert_int_equal(pic[0].n_sources, 3);
    bus_free(&b);
}

/* two aircraft cross at the same height: the pairings made before the crossing hold through it */
static void test_crossing(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    sw_rng r;
    sw_rng_seed(&r, 11);
    uint32_t stn1 = 0, stn2 = 0;
    int changes = 0;
    for (int step = 0; step < 40; step++) {
        double t = 2000 + 2.0 * step, dt = t - 2040; /* they meet at t = 2040 */
        /* object A flies east, B north-east; at dt = 0 both are at the origin */
        double ax = 220 * dt, ay = 0, bx = 150 * dt, by = 150 * dt;
        for (int n = 0; n < 2; n++) {
            double sd = n ? 120 : 100;
            sw_track ka = mk(1, t, ax + sd * sw_rng_normal(&r), ay + sd * sw_rng_normal(&r), 220, 0,
                             sd, 2000);
            sw_track kb = mk(2, t, bx + sd * sw_rng_normal(&r), by + sd * sw_rng_normal(&r), 150,
                             150, sd, 2000);
            put_all(&b, n, &ka);
            put_all(&b, n, &kb);
        }
        bus_update(&b, t + 0.5);
        uint32_t s1 = fus_stn_of(b.n[2].e, "QA", 1, NULL), s2 = fus_stn_of(b.n[2].e, "QA", 2, NULL);
        /* QA/1 and BH/1 are always one object, never paired with the other aircraft */
        assert_int_equal(s1, fus_stn_of(b.n[2].e, "BH", 1, NULL));
        assert_int_equal(s2, fus_stn_of(b.n[2].e, "BH", 2, NULL));
        assert_true(s1 != s2);
        if (stn1 && (s1 != stn1 || s2 != stn2))
            changes++;
        stn1 = s1;
        stn2 = s2;
        assert_common(&b, 0, 1);
        assert_common(&b, 1, 2);
    }
    assert_int_equal(changes, 0);
    bus_free(&b);
}

/* QA and BH report one object under two numbers (BH's registration is off at first); once they
 * agree, every node keeps the number given first */
static void test_merge(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    for (int step = 0; step < 30; step++) {
        double t = 3000 + 4.0 * step;
        double off = step < 8 ? 6000 : 0; /* BH's bias, corrected at step 8 */
        sw_track qa = mk(5, t, 100 * (t - 3000), 0, 100, 0, 100, 3000);
        sw_track bh = mk(9, t, 100 * (t - 3000) + off, off, 100, 0, 100, 3010);
        put_all(&b, 0, &qa);
        if (step >= 2)
            put_all(&b, 1, &bh);
        bus_update(&b, t + 0.5);
        if (step == 6) { /* two objects now */
            assert_true(fus_stn_of(b.n[2].e, "QA", 5, NULL) != fus_stn_of(b.n[2].e, "BH", 9, NULL));
        }
    }
    for (int i = 0; i < NN; i++) {
        assert_int_equal(fus_stn_of(b.n[i].e, "QA", 5, NULL), 1000005u); /* QA's, born first */
        assert_int_equal(fus_stn_of(b.n[i].e, "BH", 9, NULL), 1000005u);
        sw_system_track pic[8];
        assert_int_equal(fus_picture(b.n[i].e, pic, 8), 1);
    }
    assert_int_equal(total_r2(&b), 1);
    assert_true(b.disposes[1] >= 1); /* BH disposed the number that lost */
    bus_free(&b);
}

/* R2 moves only when a challenger is clearly better, and the number stays */
static void test_r2_handover(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    uint32_t stn = 0;
    int reporter_changes = 0, dual = 0;
    char last[4] = "";
    for (int step = 0; step < 40; step++) {
        double t = 4000 + 4.0 * step;
        /* QA 100 m; BH alternates 90/110 m (within the margin) until step 20, then 40 m */
        double sq = 100, sb = step < 20 ? (step % 2 ? 90 : 110) : 40;
        sw_track qa = mk(1, t, 150 * (t - 4000), 5000, 150, 0, sq, 4000);
        sw_track bh = mk(1, t, 150 * (t - 4000) + 20, 5010, 150, 0, sb, 4000);
        put_all(&b, 0, &qa);
        put_all(&b, 1, &bh);
        bus_update(&b, t + 0.5);
        sw_system_track st;
        uint32_t s1 = fus_stn_of(b.n[2].e, "QA", 1, &st);
        if (!stn)
            stn = s1;
        assert_int_equal(s1, stn);
        assert_common(&b, 0, 1);
        /* make-before-break: during the hand-over cycle both report, never longer */
        int r2 = total_r2(&b);
        assert_true(r2 == 1 || r2 == 2);
        dual += r2 == 2;
        if (step > 1 && strcmp(last, st.reporter))
            reporter_changes++;
        memcpy(last, st.reporter, 4);
        if (step == 19)
            assert_string_equal(st.reporter, "QA"); /* no flapping within the margin */
    }
    assert_string_equal(last, "BH");
    assert_int_equal(reporter_changes, 1);
    assert_true(dual <= 1);
    assert_true(b.unregisters[0] >= 1); /* QA handed over without disposing the number */
    assert_int_equal(b.disposes[0], 0);
    bus_free(&b);
}

/* EG joins late: it adopts the numbers in use at once, even for objects it tracks itself */
static void test_late_join(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    b.n[2].alive = 0;
    sw_rng r;
    sw_rng_seed(&r, 3);
    for (int step = 0; step < 25; step++) {
        double t = 5000 + 4.0 * step;
        if (step == 15) /* EG starts; the partners' republish brings it their reports */
            b.n[2].alive = 1;
        for (int o = 0; o < 10; o++) {
            for (int n = 0; n < NN; n++) {
                if (n == 2 && step < 15)
                    continue;
                /* EG's ids restart low and its radar is the worst: it must not renumber */
                double sd = n == 2 ? 300 : 100 + 20 * n;
                sw_track k = mk((uint32_t)(n == 2 ? o + 1 : 50 + o), t,
                                o * 20000.0 + 100 * (t - 5000) + sd * sw_rng_normal(&r),
                                sd * sw_rng_normal(&r), 100, 0, sd, n == 2 ? 5060 : 5000);
                put_all(&b, n, &k);
            }
        }
        bus_update(&b, t + 0.5);
        if (step >= 16)
            for (int o = 0; o < 10; o++)
                assert_common(&b, 2, (uint32_t)(o + 1)); /* EG's own tracks: partners' numbers */
    }
    fus_stats st;
    fus_get_stats(b.n[2].e, &st);
    assert_int_equal(st.r2, 0);
    for (int o = 0; o < 10; o++)
        assert_int_equal(fus_stn_of(b.n[2].e, "EG", (uint32_t)(o + 1), NULL), 1000050u + (uint32_t)o);
    bus_free(&b);
}

/* the reporter dies: the others keep every object their own tracks see, under the same number */
static void test_node_loss(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    uint32_t before[6] = {0};
    for (int step = 0; step < 30; step++) {
        double t = 6000 + 4.0 * step;
        if (step == 12) {
            b.n[0].alive = 0; /* QA's node dies: partners drop its tracks and reports */
            fus_drop_nation(b.n[1].e, "QA");
            fus_drop_nation(b.n[2].e, "QA");
        }
        for (int o = 0; o < 6; o++)
            for (int n = 0; n < NN; n++) {
                if (n == 0 && step >= 12)
                    continue;
                if (n == 2 && o >= 3)
                    continue; /* EG sees only objects 0..2; BH sees all */
                double sd = n == 0 ? 50 : 100 + 10 * n;
                sw_track k = mk((uint32_t)(10 + o), t, o * 30000.0 + 100 * (t - 6000), 0, 100, 0,
                                sd, 6000);
                put_all(&b, n, &k);
            }
        bus_update(&b, t + 0.5);
        if (step == 11)
            for (int o = 0; o < 6; o++)
                before[o] = fus_stn_of(b.n[1].e, "BH", (uint32_t)(10 + o), NULL);
    }
    for (int o = 0; o < 6; o++) {
        assert_int_equal(before[o], 1000010u + (uint32_t)o); /* QA's numbers while it led */
        assert_int_equal(fus_stn_of(b.n[1].e, "BH", (uint32_t)(10 + o), NULL), before[o]);
        if (o < 3)
            assert_common(&b, 2, (uint32_t)(10 + o));
    }
    assert_int_equal(total_r2(&b), 6);
    bus_free(&b);
}

/* the same inputs in another arrival order give the same picture */
static void test_determinism(void **s)
{
    (void)s;
    fus_config c;
    fus_config_default(&c);
    strcpy(c.self, "EG");
    c.n_nations = NN;
    for (int k = 0; k < NN; k++)
        strcpy(c.nations[k], NAT[k]);
    fus_engine *e1, *e2;
    assert_int_equal(fus_create(&e1, &c, 1024, NULL), SW_OK);
    assert_int_equal(fus_create(&e2, &c, 1024, NULL), SW_OK);
    sw_rng r;
    sw_rng_seed(&r, 99);
    sw_track tr[60];
    const char *nat[60];
    for (int step = 0; step < 6; step++) {
        double t = 7000 + 4.0 * step;
        int n = 0;
        for (int o = 0; o < 20; o++)
            for (int k = 0; k < 3; k++) {
                /* dense: objects 800 m apart, noise 150 m */
                tr[n] = mk((uint32_t)(o + 1), t, o * 800.0 + 150 * sw_rng_normal(&r),
                           150 * sw_rng_normal(&r), 200, 0, 150, 7000);
                nat[n++] = NAT[k];
            }
        for (int i = 0; i < n; i++)
            fus_put_track(e1, nat[i], &tr[i], t, t);
        for (int i = n - 1; i >= 0; i--)
            fus_put_track(e2, nat[i], &tr[i], t, t);
        fus_update(e1, t + 1, NULL);
        fus_update(e2, t + 1, NULL);
    }
    sw_system_track p1[64], p2[64];
    int n1 = fus_picture(e1, p1, 64), n2 = fus_picture(e2, p2, 64);
    assert_int_equal(n1, n2);
    for (int i = 0; i < n1; i++) {
        assert_int_equal(p1[i].stn, p2[i].stn);
        assert_true(p1[i].nations == p2[i].nations);
        assert_near(p1[i].x[0], p2[i].x[0], 1e-9);
    }
    fus_destroy(e1);
    fus_destroy(e2);
}

/* a deleted track leaves its object; the last one takes the object (and its number) away */
static void test_delete(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    for (int step = 0; step < 5; step++) {
        double t = 8000 + 4.0 * step;
        sw_track k = mk(77, t, 1000, 1000, 0, 0, 100, 8000);
        if (step == 4)
            k.status = SW_TRK_DELETED;
        put_all(&b, 0, &k);
        bus_update(&b, t + 0.5);
    }
    for (int i = 0; i < NN; i++) {
        sw_system_track pic[4];
        assert_int_equal(fus_picture(b.n[i].e, pic, 4), 0);
    }
    assert_int_equal(b.disposes[0], 1);
    bus_free(&b);
}

/* the reporter's own track ends while a partner still tracks the object: R2 moves, number stays */
static void test_reporter_track_lost(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    uint32_t stn = 0;
    for (int step = 0; step < 14; step++) {
        double t = 9000 + 4.0 * step;
        sw_track qa = mk(3, t, 100 * (t - 9000), 0, 100, 0, 50, 9000); /* QA: best, R2 */
        sw_track bh = mk(8, t, 100 * (t - 9000) + 30, 20, 100, 0, 120, 9000);
        if (step == 6)
            qa.status = SW_TRK_DELETED;
        if (step <= 6)
            put_all(&b, 0, &qa);
        put_all(&b, 1, &bh);
        bus_update(&b, t + 0.5);
        sw_system_track st;
        uint32_t s1 = fus_stn_of(b.n[2].e, "BH", 8, &st);
        if (!stn)
            stn = s1;
        assert_int_equal(s1, stn);
        assert_common(&b, 1, 8);
        if (step >= 8)
            assert_string_equal(st.reporter, "BH");
    }
    assert_int_equal(stn, 1000003u);
    assert_int_equal(b.disposes[0], 0);   /* the number was not QA's to end */
    assert_true(b.unregisters[0] >= 1);
    assert_int_equal(total_r2(&b), 1);
    bus_free(&b);
}

/* A partner's report may list members this node holds in two different objects (the two nodes
 * associated differently).  Only one object may take the report's number. */
static void test_report_spans_two_objects(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    fus_engine *eg = b.n[2].e;
    for (int step = 0; step < 4; step++) {
        double t = 9000 + 4.0 * step;
        sw_track qa = mk(1, t, 100 * (t - 9000), 0, 100, 0, 50, 9000);
        sw_track bh = mk(2, t, 60000 - 100 * (t - 9000), 0, -100, 0, 60, 9000);
        assert_true(fus_put_track(eg, "QA", &qa, t, t) >= 0);
        assert_true(fus_put_track(eg, "BH", &bh, t, t) >= 0);
        net_report r;
        memset(&r, 0, sizeof r);
        r.st.stn = 1000001;
        strcpy(r.st.reporter, "QA");
        r.st.t = t;
        memcpy(r.st.x, qa.x, sizeof r.st.x);
        memcpy(r.st.P, qa.P, sizeof r.st.P);
        r.st.status = SW_TRK_CONFIRMED;
        r.born = r.claim = 9000;
        r.sd_m = 50;
        r.n_members = 2;
        strcpy(r.members[0].nation, "QA");
        r.members[0].id = 1;
        strcpy(r.members[1].nation, "BH");
        r.members[1].id = 2;
        assert_int_equal(fus_put_report(eg, &r, t), SW_OK);
        fus_update(eg, t + 0.5, NULL);
        uint32_t a = fus_stn_of(eg, "QA", 1, NULL), c = fus_stn_of(eg, "BH", 2, NULL);
        assert_int_equal(a, 1000001u); /* the object holding the reporter's own track */
        assert_true(c != 0 && c != a);
    }
    bus_free(&b);
}

/* Identity flows into the common picture: QA's SSR track carries Mode 3/A, Mode S address,
 * callsign and Mode C; BH and EG see the same aircraft by primary radar only (no identity, and
 * BH's height guess is 11 km off).  On every node the one system track carries QA's identity. */
static void test_identity(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    for (int k = 0; k < 20; k++) {
        double t = 100 + 4.0 * k, x = 50e3 + 240 * 4.0 * k;
        sw_track q = mk(1, t, x, 20e3, 240, 0, 150, 100);
        q.flags = SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODEC;
        q.mode3a = 07730;
        q.address = 0x70da48;
        q.alt_baro_m = 10972.8f;
        strcpy(q.callsign, "UAE5897");
        sw_track h = mk(2, t, x + 80, 20e3 - 60, 240, 0, 300, 100);
        h.x[2] = 9000 - 300; /* a guessed height, within the gate here */
        sw_track e = mk(3, t, x - 50, 20e3 + 40, 240, 0, 200, 100);
        put_all(&b, 0, &q);
        put_all(&b, 1, &h);
        put_all(&b, 2, &e);
        bus_update(&b, t + 0.5);
    }
    assert_common(&b, 0, 1);
    assert_common(&b, 1, 2);
    static sw_system_track pic[64];
    for (int i = 0; i < NN; i++) {
        int n = fus_picture(b.n[i].e, pic, 64), found = 0;
        for (int j = 0; j < n; j++) {
            if (pic[j].stn != fus_stn_of(b.n[i].e, NAT[0], 1, NULL))
                continue;
            found = 1;
            assert_int_equal(pic[j].n_sources, 3);
            assert_int_equal(pic[j].flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN |
                                             SW_HAS_MODEC),
                             SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODEC);
            assert_int_equal(pic[j].mode3a, 07730);
            assert_int_equal(pic[j].address, 0x70da48);
            assert_string_equal(pic[j].callsign, "UAE5897");
            assert_true(pic[j].alt_baro_m == 10972.8f);
        }
        assert_true(found);
    }
    bus_free(&b);
}

/* Tracks split off an object here while their reporter still reports them together: the report
 * goes to the split-off part, which takes its number; the rest must not keep the same number. */
static void test_split_keeps_numbers_apart(void **s)
{
    (void)s;
    bus b;
    bus_init(&b);
    fus_engine *eg = b.n[2].e;
    for (int step = 0; step < 16; step++) {
        double t = 9000 + 4.0 * step;
        /* together for 4 scans, then QA's track turns away from BH's */
        double qy = step < 4 ? 0 : 3000.0 * (step - 3);
        sw_track qa = mk(1, t, 100 * (t - 9000), qy, 100, step < 4 ? 0 : 750, 80, 9000);
        sw_track bh = mk(2, t, 100 * (t - 9000) + 20, 10, 100, 0, 40, 9000);
        assert_true(fus_put_track(eg, "QA", &qa, t, t) >= 0);
        assert_true(fus_put_track(eg, "BH", &bh, t, t) >= 0);
        net_report r; /* QA's node still holds both as one object, under its number */
        memset(&r, 0, sizeof r);
        r.st.stn = 1000001;
        strcpy(r.st.reporter, "QA");
        r.st.t = t;
        memcpy(r.st.x, qa.x, sizeof r.st.x);
        memcpy(r.st.P, qa.P, sizeof r.st.P);
        r.st.status = SW_TRK_CONFIRMED;
        r.born = r.claim = 9000;
        r.sd_m = 30; /* better than BH's: QA holds R2 */
        r.n_members = 2;
        strcpy(r.members[0].nation, "QA");
        r.members[0].id = 1;
        strcpy(r.members[1].nation, "BH");
        r.members[1].id = 2;
        assert_int_equal(fus_put_report(eg, &r, t), SW_OK);
        fus_update(eg, t + 0.5, NULL);
        uint32_t a = fus_stn_of(eg, "QA", 1, NULL), c = fus_stn_of(eg, "BH", 2, NULL);
        assert_true(a != 0 && c != 0);
        if (step < 4)
            assert_int_equal(a, c); /* one object */
        sw_system_track pic[8];
        int n = fus_picture(eg, pic, 8);
        for (int i = 0; i + 1 < n; i++)
            assert_true(pic[i].stn != pic[i + 1].stn); /* sorted: a repeat is a neighbour */
        if (step >= 12) {
            assert_true(a != c);
            assert_int_equal(a, 1000001u); /* the reported number stays with the reported track */
        }
    }
    bus_free(&b);
}

static void restart_case(int replay)
{
    bus b;
    bus_init(&b);
    b.n[2].alive = 0;
    uint32_t before[10];
    for (int step = 0; step < 30; step++) {
        double t = 7000 + 4.0 * step;
        if (step == 10)
            b.n[0].alive = 0; /* QA killed */
        if (step == 16) {     /* QA back: a fresh engine that has heard nothing yet */
            fus_destroy(b.n[0].e);
            node_up(&b, 0);
        }
        for (int o = 0; o < 10; o++)
            for (int n = 0; n < 2; n++) {
                if (!b.n[n].alive && n == 0)
                    continue;
                double sd = n == 0 ? 50 : 150;
                uint32_t back = replay ? 40u : 1u; /* after the restart */
                uint32_t id = n == 0 ? (step < 16 ? 50u : back) + (uint32_t)o : 70u + (uint32_t)o;
                sw_track k = mk(id, t, o * 20000.0 + 100 * (t - 7000), 0, 100, 0, sd,
                                n == 0 && step >= 16 && !replay ? 7000 + 4.0 * 16 : 7000);
                put_all(&b, n, &k);
            }
        bus_update(&b, t + 0.5);
        if (step == 9)
            for (int o = 0; o < 10; o++)
                before[o] = fus_stn_of(b.n[1].e, "BH", 70u + (uint32_t)o, NULL);
        if (step >= 10)
            for (int o = 0; o < 10; o++)
                if (step < 16 || step >= 19) /* a hand-over may take a cycle or two */
                    assert_int_equal(fus_stn_of(b.n[1].e, "BH", 70u + (uint32_t)o, NULL), before[o]);
        if (step >= 19)
            for (int o = 0; o < 10; o++) {
                assert_common(&b, 1, 70u + (uint32_t)o);
                assert_int_equal(fus_stn_of(b.n[0].e, "QA", (replay ? 40u : 1u) + (uint32_t)o, NULL),
                                 before[o]);
            }
    }
    for (int o = 0; o < 10; o++)
        assert_int_equal(before[o], 1000050u + (uint32_t)o);
    bus_free(&b);
}

/* QA, the best tracker, restarts (a new engine, its track ids from 1 again) and numbers its
 * objects before any partner's report reaches it: it claims R2 under new numbers.  The numbers in
 * use (QA's old ones, kept by BH while QA was away) were given first, so they survive on every
 * node; BH does not take the newcomer's numbers (e2e_net_restart saw BH change them).  Also when
 * the restarted node's tracks begin when the old ones did (a replay of its input) and its new
 * numbers are lower: the newcomer's numbers are not older than its own start. */
static void test_restart_keeps_numbers(void **s)
{
    (void)s;
    for (int replay = 0; replay < 2; replay++)
        restart_case(replay);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agree),       cmocka_unit_test(test_crossing),
        cmocka_unit_test(test_merge),       cmocka_unit_test(test_r2_handover),
        cmocka_unit_test(test_late_join),   cmocka_unit_test(test_node_loss),
        cmocka_unit_test(test_determinism), cmocka_unit_test(test_delete),
        cmocka_unit_test(test_reporter_track_lost), cmocka_unit_test(test_report_spans_two_objects),
        cmocka_unit_test(test_split_keeps_numbers_apart),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_restart_keeps_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
