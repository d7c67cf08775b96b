/* tests/warn/test_wrn_life.c - the warning life cycle between nodes: issue, update, retract,
 * re-issue, close; de-duplication by id; re-sending with back-off until acknowledged; local
 * delivery for one's own nation; rejection of malformed messages; determinism across nodes. */
#include "../core/sw_test.h"
#include "warn/warn.h"
#include "warn/wrn_int.h"
#include "wrn_truth.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

#define MAXEV 4096

typedef struct rec {
    int n;
    int kind[MAXEV];
    sw_warning w[MAXEV];
    wrn_ack ack[MAXEV];
    int attempt[MAXEV], dup[MAXEV];
    double now[MAXEV];
    char reason[MAXEV][64];
} rec;

static void on_ev(void *ctx, const wrn_event *ev)
{
    rec *r = ctx;
    if (r->n >= MAXEV)
        return;
    int i = r->n++;
    r->kind[i] = ev->kind;
    if (ev->w)
        r->w[i] = *ev->w;
    if (ev->ack)
        r->ack[i] = *ev->ack;
    r->attempt[i] = ev->attempt;
    r->dup[i] = ev->dup;
    r->now[i] = ev->now;
    snprintf(r->reason[i], sizeof r->reason[i], "%s", ev->reason ? ev->reason : "");
}

static int count(const rec *r, int kind)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += r->kind[i] == kind;
    return n;
}

static int last(const rec *r, int kind)
{
    for (int i = r->n - 1; i >= 0; i--)
        if (r->kind[i] == kind)
            return i;
    return -1;
}

static geo_frame g_f;
static wrn_areas g_areas;
static tr_ballistic g_tr;   /* aimed at Doha */

static double g_lost_s = 30.0;

/* An engine of nation self over areas, its events into r. */
static wrn_engine *mk_in(const char *self, rec *r, const wrn_areas *areas)
{
    wrn_config c;
    wrn_config_default(&c);
    c.lost_s = g_lost_s;
    snprintf(c.self, sizeof c.self, "%s", self);
    wrn_sink s = {r, on_ev};
    wrn_engine *e;
    sw_err err;
    if (wrn_engine_create(&e, &c, areas, &g_f, &s, &err))
        fail_msg("%s", err.msg);
    return e;
}

static wrn_engine *mk(const char *self, rec *r) { return mk_in(self, r, &g_areas); }

static int setup(void **state)
{
    (void)state;
    geo_frame_init(&g_f, 25.5, 50.5, 0);
    wrn_areas_init(&g_areas);
    assert_int_equal(wrn_areas_add_circle(&g_areas, "QA", "Doha", 1, 25.29, 51.53, 25e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&g_areas, "BH", "Manama", 1, 26.22, 50.58, 20e3, NULL), 0);
    double lat, lon, back;
    geo_direct(25.29, 51.53, 280.0, 600e3, &lat, &lon, &back);
    tr_make(&g_tr, lat, lon, fmod(back + 180, 360), 600e3, 5000.0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    wrn_areas_free(&g_areas);
    return 0;
}

/* Feeds the ballistic track (stn 42) from t0 to t1 to the engines, same noise for all. */
static void feed(wrn_engine **es, int n, double t0, double t1, uint64_t seed)
{
    sw_rng rng;
    sw_rng_seed(&rng, seed);
    for (double t = t0; t <= t1 && t < g_tr.t_impact - 1; t += 4) {
        double x[6];
        tr_state_enu(&g_tr, &g_f, (int)t, x);
        sw_system_track st;
        tr_track(&st, 42, 1e9 + t, x, 150, 10, &rng);
        for (int i = 0; i < n; i++)
            wrn_engine_track(es[i], &st, 1e9 + t);
    }
}

static void test_issue_deliver_ack(void **state)
{
    (void)state;
    rec *ra = calloc(1, sizeof *ra), *rq = calloc(1, sizeof *rq), *rs = calloc(1, sizeof *rs);
    g_lost_s = 600; /* the track is fed once only here */
    wrn_engine *a = mk("JO", ra), *q = mk("QA", rq), *s = mk("SA", rs);
    g_lost_s = 30;
    wrn_engine *all[] = {a, q, s};
    feed(all, 3, 40, 40, 1);
    /* Jordan's node issues for QA/Doha and sends; Qatar's own node delivers it locally */
    int i = last(ra, WRN_EV_ISSUED);
    assert_true(i >= 0);
    const sw_warning *w = &ra->w[i];
    uint64_t id = ((uint64_t)42 << 32) | wrn_area_id("QA", "Doha");
    assert_true(w->id == id);
    assert_string_equal(w->threatened, "QA");
    assert_string_equal(w->issuer, "JO");
    assert_int_equal(w->state, WRN_ISSUE);
    assert_int_equal(w->revision, 1);
    assert_int_equal(w->cls, SW_CLS_BALLISTIC);
    assert_true(w->probability >= 0.05);
    assert_int_equal(count(ra, WRN_EV_SEND), 1);
    assert_int_equal(count(rq, WRN_EV_DELIVERED), 1);
    assert_int_equal(count(rq, WRN_EV_SEND), 0);
    /* Saudi Arabia computes the very same warning: same id, same content */
    int j = last(rs, WRN_EV_ISSUED);
    assert_true(j >= 0 && rs->w[j].id == id);
    assert_true(rs->w[j].impact_lat_deg == w->impact_lat_deg);
    assert_true(rs->w[j].arrival == w->arrival);
    /* nobody warns Bahrain */
    for (int k = 0; k < ra->n; k++)
        if (ra->kind[k] == WRN_EV_ISSUED)
            assert_string_equal(ra->w[k].threatened, "QA");

    /* re-sends with a doubling gap until acknowledged */
    sw_warning msg = *w;
    double t0 = ra->now[i];
    int sends0 = count(ra, WRN_EV_SEND);
    for (double now = t0; now <= t0 + 60.0; now += 0.5)
        wrn_engine_tick(a, now);
    double times[16];
    int ns = 0;
    for (int k = 0; k < ra->n && ns < 16; k++)
        if (ra->kind[k] == WRN_EV_SEND)
            times[ns++] = ra->now[k];
    assert_true(ns >= 5);
    assert_near(times[1] - times[0], 2.0, 0.51);
    assert_near(times[2] - times[1], 4.0, 0.51);
    assert_near(times[3] - times[2], 8.0, 0.51);
    assert_near(times[4] - times[3], 16.0, 0.51);
    wrn_status st;
    wrn_engine_status(a, t0 + 60, &st);
    assert_int_equal(st.unacked, 1);
    assert_true(st.oldest_unacked_s >= 59.0);
    assert_true(count(ra, WRN_EV_SEND) > sends0);

    /* Qatar receives it (twice: a re-send), acknowledges both times, shows one warning */
    assert_int_equal(wrn_engine_receive(q, &msg, t0 + 1, NULL), 0);
    assert_int_equal(wrn_engine_receive(q, &msg, t0 + 3, NULL), 0);
    int r1 = -1, r2 = -1;
    for (int k = 0; k < rq->n; k++)
        if (rq->kind[k] == WRN_EV_RECEIVED)
        {
            if (r1 < 0)
                r1 = k;
            else
                r2 = k;
        }
    assert_true(r1 >= 0 && r2 > r1);
    assert_int_equal(rq->dup[r1], 0);
    assert_int_equal(rq->dup[r2], 1);
    assert_int_equal(count(rq, WRN_EV_ACK_SEND), 2);
    int ka = last(rq, WRN_EV_ACK_SEND);
    wrn_ack ack = rq->ack[ka];
    assert_true(ack.warning_id == id);
    assert_string_equal(ack.nation, "QA");
    assert_string_equal(ack.issuer, "JO");
    assert_int_equal(ack.revision, 1);
    wrn_view v;
    int nviews = 0;
    for (int k = 0; wrn_engine_warning(q, k, &v); k++)
        nviews += v.id == id;
    assert_int_equal(nviews, 1);

    /* an ack by someone other than the threatened nation does not count */
    wrn_ack fake = ack;
    snprintf(fake.nation, sizeof fake.nation, "BH");
    wrn_engine_ack(a, &fake, t0 + 61);
    wrn_engine_status(a, t0 + 61, &st);
    assert_int_equal(st.unacked, 1);
    /* the real one stops the re-sends */
    wrn_engine_ack(a, &ack, t0 + 61);
    assert_int_equal(count(ra, WRN_EV_ACKED), 1);
    wrn_engine_status(a, t0 + 61, &st);
    assert_int_equal(st.unacked, 0);
    int sends = count(ra, WRN_EV_SEND);
    for (double now = t0 + 61; now <= t0 + 200; now += 1)
        wrn_engine_tick(a, now);
    assert_int_equal(count(ra, WRN_EV_SEND), sends);

    /* a garbled id is refused */
    sw_warning bad = msg;
    bad.id ^= 1;
    sw_err err;
    assert_int_equal(wrn_engine_receive(q, &bad, t0 + 5, &err), SW_EFORMAT);
    assert_non_null(strstr(err.msg, "does not match"));
    wrn_engine_free(a);
    wrn_engine_free(q);
    wrn_engine_free(s);
    free(ra);
    free(rq);
    free(rs);
}

/* Updates as the ellipse shrinks, then close after impact; the same on two nodes, bit for bit. */
static void test_update_close_deterministic(void **state)
{
    (void)state;
    rec *ra = calloc(1, sizeof *ra), *rb = calloc(1, sizeof *rb);
    wrn_engine *a = mk("JO", ra), *b = mk("EG", rb);
    wrn_engine *all[] = {a, b};
    feed(all, 2, 40, g_tr.t_impact, 7);
    assert_int_equal(count(ra, WRN_EV_ISSUED), 1);
    assert_true(count(ra, WRN_EV_UPDATED) >= 2);
    assert_int_equal(count(ra, WRN_EV_RETRACTED), 0);
    int first = last(ra, WRN_EV_ISSUED), fin = last(ra, WRN_EV_UPDATED);
    assert_true(ra->w[fin].ellipse_major_m < 0.5 * ra->w[first].ellipse_major_m);
    assert_true(ra->w[fin].revision > ra->w[first].revision);
    print_message("issue: ellipse %.1f x %.1f km; last update: %.1f x %.1f km, %d updates\n",
                  ra->w[first].ellipse_major_m / 1e3, ra->w[first].ellipse_minor_m / 1e3,
                  ra->w[fin].ellipse_major_m / 1e3, ra->w[fin].ellipse_minor_m / 1e3,
                  count(ra, WRN_EV_UPDATED));
    /* determinism: the same messages on both nodes except the issuer's name */
    assert_int_equal(ra->n, rb->n);
    for (int k = 0; k < ra->n; k++) {
        assert_int_equal(ra->kind[k], rb->kind[k]);
        sw_warning x = ra->w[k], y = rb->w[k];
        memset(x.issuer, 0, sizeof x.issuer);
        memset(y.issuer, 0, sizeof y.issuer);
        assert_memory_equal(&x, &y, sizeof x);
    }
    /* close once the impact time has passed */
    double t_imp = ra->w[fin].arrival;
    wrn_engine_tick(a, t_imp + 10);
    assert_int_equal(count(ra, WRN_EV_CLOSED), 0);
    wrn_engine_tick(a, t_imp + 31);
    int c = last(ra, WRN_EV_CLOSED);
    assert_true(c >= 0);
    assert_int_equal(ra->w[c].state, WRN_CLOSE);
    assert_string_equal(ra->reason[c], "impact time passed");
    /* a closed warning is sent (and re-sent) like any other message */
    assert_int_equal(ra->kind[c + 1], WRN_EV_SEND);
    assert_int_equal(ra->w[c + 1].state, WRN_CLOSE);
    wrn_engine_free(a);
    wrn_engine_free(b);
    free(ra);
    free(rb);
}

/* The track goes on past the impact (the tracker coasts it into the ground): no impact lies
 * ahead any more, yet the warning is closed as an impact, not retracted as a miss. */
static void test_impact_closes_not_retracts(void **state)
{
    (void)state;
    rec *r = calloc(1, sizeof *r);
    wrn_engine *e = mk("QA", r);
    feed(&e, 1, 40, g_tr.t_impact, 11);
    assert_int_equal(count(r, WRN_EV_ISSUED), 1);
    int i0 = (int)g_tr.t_impact - 1;
    double x0[6];
    tr_state_enu(&g_tr, &g_f, i0, x0);
    sw_rng rng;
    sw_rng_seed(&rng, 5);
    for (int k = 1; k <= 20; k++) { /* 20 s of coasting on the last velocity */
        double x[6];
        for (int i = 0; i < 3; i++) {
            x[i] = x0[i] + k * x0[i + 3];
            x[i + 3] = x0[i + 3];
        }
        sw_system_track st;
        tr_track(&st, 42, 1e9 + i0 + k, x, 150, 10, &rng);
        wrn_engine_track(e, &st, 1e9 + i0 + k);
        wrn_engine_tick(e, 1e9 + i0 + k);
    }
    assert_int_equal(count(r, WRN_EV_RETRACTED), 0);
    int u = last(r, WRN_EV_UPDATED);
    assert_true(u >= 0);
    wrn_engine_tick(e, r->w[u].arrival + 31);
    int c = last(r, WRN_EV_CLOSED);
    assert_true(c >= 0);
    assert_string_equal(r->reason[c], "impact time passed");
    assert_int_equal(count(r, WRN_EV_RETRACTED), 0);
    wrn_engine_free(e);
    free(r);
}

/* A cruise missile runs at Doha, turns away (retract), turns back (re-issue), is lost (close). */
static void test_retract_reissue_lost(void **state)
{
    (void)state;
    rec *r = calloc(1, sizeof *r);
    wrn_engine *e = mk("QA", r);
    double lat0, lon0, back;
    geo_direct(25.29, 51.53, 250.0, 150e3, &lat0, &lon0, &back);
    double hd = fmod(back + 180, 360);
    sw_rng rng;
    sw_rng_seed(&rng, 3);
    double t = 0, lat = lat0, lon = lon0, heading = hd;
    int phase_issue = -1, phase_retract = -1, phase_reissue = -1;
    for (int k = 0; k < 200; k++, t += 4) {
        /* 0-100 s towards Doha, 100-300 s turned 100 degrees away, then back towards it */
        double want = t < 100 ? hd : t < 300 ? hd + 100 : -1;
        if (want < 0) {
            double az;
            geo_inverse(lat, lon, 25.29, 51.53, NULL, &az, NULL);
            want = az;
        }
        heading = want;
        double x[6];
        tr_air(&g_f, lat, lon, 50, heading, 240, 0, 0, x);
        sw_system_track st;
        tr_track(&st, 9, 2e9 + t, x, 50, 5, &rng);
        wrn_engine_track(e, &st, 2e9 + t);
        wrn_engine_tick(e, 2e9 + t);
        geo_direct(lat, lon, heading, 240 * 4, &lat, &lon, NULL);
        if (phase_issue < 0 && count(r, WRN_EV_ISSUED) == 1)
            phase_issue = k;
        if (phase_retract < 0 && count(r, WRN_EV_RETRACTED) == 1)
            phase_retract = k;
        if (phase_reissue < 0 && count(r, WRN_EV_ISSUED) == 2)
            phase_reissue = k;
        if (t > 420)
            break;
    }
    /* warned on the first update at which the track is min_age_air_s old */
    wrn_config dc;
    wrn_config_default(&dc);
    assert_int_equal(phase_issue, (int)ceil(dc.min_age_air_s / 4.0));
    assert_true(phase_retract > 25 && phase_retract < 40); /* after the turn + hold */
    assert_true(phase_reissue >= 75);                    /* after turning back */
    int i1 = last(r, WRN_EV_ISSUED), rt = last(r, WRN_EV_RETRACTED);
    assert_int_equal(r->w[i1].state, WRN_ISSUE);
    assert_int_equal(r->w[i1].kind, WRN_KIND_ARRIVAL);
    assert_true(r->w[i1].revision > r->w[rt].revision);
    assert_non_null(strstr(r->reason[rt], "probability"));
    assert_true(r->w[i1].arrival > 2e9 + t);             /* still on its way */
    assert_int_equal(count(r, WRN_EV_DELIVERED),
                     count(r, WRN_EV_ISSUED) + count(r, WRN_EV_UPDATED) +
                         count(r, WRN_EV_RETRACTED));
    /* lost: no update for 30 s */
    wrn_engine_tick(e, 2e9 + t + 31);
    int c = last(r, WRN_EV_CLOSED);
    assert_true(c >= 0);
    assert_string_equal(r->reason[c], "track lost");
    wrn_status st;
    wrn_engine_status(e, 2e9 + t + 31, &st);
    assert_int_equal(st.active, 0);
    wrn_engine_free(e);
    free(r);
}

/* A false track of clutter that looks like a cruise missile heading for Doha for just under
 * min_age_air_s and dies: no warning; the same track living on is warned once old enough. */
static void test_short_lived_air_threat(void **state)
{
    (void)state;
    for (int live = 0; live < 2; live++) {
        rec *r = calloc(1, sizeof *r);
        wrn_engine *e = mk("QA", r);
        double lat0, lon0, back;
        geo_direct(25.29, 51.53, 250.0, 100e3, &lat0, &lon0, &back);
        double hd = fmod(back + 180, 360), lat = lat0, lon = lon0;
        sw_rng rng;
        sw_rng_seed(&rng, 11);
        wrn_config dc;
        wrn_config_default(&dc);
        int n = live ? 10 : (int)ceil(dc.min_age_air_s / 4.0); /* last update at age < min */
        for (int k = 0; k < n; k++) {
            double t = 4.0 * k, x[6];
            tr_air(&g_f, lat, lon, 50, hd, 240, 0, 0, x);
            sw_system_track st;
            tr_track(&st, 21, 3e9 + t, x, 50, 5, &rng);
            wrn_engine_track(e, &st, 3e9 + t);
            wrn_engine_tick(e, 3e9 + t);
            geo_direct(lat, lon, hd, 240 * 4, &lat, &lon, NULL);
        }
        if (live) {
            assert_int_equal(count(r, WRN_EV_ISSUED), 1);
            assert_true(r->now[last(r, WRN_EV_ISSUED)] >= 3e9 + dc.min_age_air_s);
        } else {
            assert_int_equal(count(r, WRN_EV_ISSUED), 0);
        }
        wrn_engine_free(e);
        free(r);
    }
}

/* An airliner's primary-only track on final approach into Doha (80 m/s, 600 m, for minutes) that
 * wrong plots drag to 15 m/s for 4 s, or to 330 m/s for 6 s, then lets go: a drone or a cruise
 * missile for a few seconds, never for min_age_air_s, so no warning (10 h of a busy sky with
 * radar noise warned Manama and Doha of two such tracks while the gate was the track's age).
 * The same track held slow from t = 100 s on is a drone, warned min_age_air_s after it became
 * one (the test can fail both ways). */
static void test_yanked_airliner(void **state)
{
    (void)state;
    for (int kind = 0; kind < 3; kind++) {
        rec *r = calloc(1, sizeof *r);
        wrn_engine *e = mk("QA", r);
        double lat, lon, back;
        geo_direct(25.29, 51.53, 250.0, 25e3, &lat, &lon, &back);
        double hd = fmod(back + 180, 360);
        sw_rng rng;
        sw_rng_seed(&rng, 17 + kind);
        double t_drone = NAN;
        for (int k = 0; k < 160; k++) {
            double t = k, v = 80, x[6];
            if (kind == 0 && t >= 100 && t < 104)
                v = 15;
            else if (kind == 1 && t >= 100 && t < 106)
                v = 330;
            else if (kind == 2 && t >= 100)
                v = 30;
            tr_air(&g_f, lat, lon, 600, hd, v, 0, 0, x);
            sw_system_track st;
            tr_track(&st, 31, 4e9 + t, x, 60, 3, &rng);
            wrn_engine_track(e, &st, 4e9 + t);
            wrn_engine_tick(e, 4e9 + t);
            geo_direct(lat, lon, hd, 80, &lat, &lon, NULL);
            wrn_track_view tv;
            if (isnan(t_drone) && kind == 2 && wrn_engine_track_view(e, 31, &tv) &&
                tv.cls == SW_CLS_DRONE)
                t_drone = t;
        }
        if (kind < 2) {
            assert_int_equal(count(r, WRN_EV_ISSUED), 0);
        } else {
            wrn_config dc;
            wrn_config_default(&dc);
            assert_false(isnan(t_drone));
            assert_int_equal(count(r, WRN_EV_ISSUED), 1);
            assert_true(r->now[last(r, WRN_EV_ISSUED)] >= 4e9 + t_drone + dc.min_age_air_s);
        }
        wrn_engine_free(e);
        free(r);
    }
}

/* The footprint of a young mid-course track (wrn_int.h WRN_FOOTPRINT_M; docs/warnings.md).  A
 * missile first seen past burn-out by one 10 s radar at 400 km has a velocity known to ~100 m/s:
 * its impact ellipse is 50-150 km (1 sigma), and a 40 km city inside it, even near the centre,
 * gets a probability of a few percent.  A state with such a covariance (2 km, 250 m/s), its mean
 * about a sigma long of the city (400 m/s too fast), must warn the city as "Possible" (probability
 * below p_issue) at its first update, and not a city 700 km away; with a mature track's covariance
 * (ellipse well under WRN_FOOTPRINT_M) the same offset mean warns nobody: the probability rules.
 * Without the footprint rule the young track warned nobody until later plots shrank the ellipse
 * (e2e_warn_ranges seeds 3 and 5: 20-40 s after the first confirmed track). */
static void test_footprint_young_track(void **state)
{
    (void)state;
    wrn_areas areas;
    wrn_areas_init(&areas);
    assert_int_equal(wrn_areas_add_circle(&areas, "QA", "Doha", 1, 25.29, 51.53, 40e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&areas, "OM", "Muscat", 1, 23.59, 58.41, 30e3, NULL), 0);
    /* the first sample past 85 km on the way up (no boost corridor: free flight is assumed up
     * there) */
    int i0 = 0;
    while (i0 < g_tr.n - 1 && tr_h(g_tr.x[i0]) < 85e3)
        i0++;
    assert_true(i0 > 0 && i0 < g_tr.n / 2);
    wrn_config c;
    wrn_config_default(&c);
    for (int young = 1; young >= 0; young--) {
        rec *r = calloc(1, sizeof *r);
        wrn_engine *e = mk_in("JO", r, &areas);
        double x[6];
        tr_state_enu(&g_tr, &g_f, i0, x);
        /* 400 m/s too fast along the ground track: the impact falls long, beyond the city */
        double vh = hypot(x[3], x[4]);
        x[3] += 400 * x[3] / vh;
        x[4] += 400 * x[4] / vh;
        sw_system_track st;
        tr_track(&st, 77, 5e9, x, young ? 2000 : 150, young ? 250 : 5, NULL);
        wrn_engine_track(e, &st, 5e9);
        wrn_track_view v;
        assert_true(wrn_engine_track_view(e, 77, &v));
        assert_int_equal(v.cls, SW_CLS_BALLISTIC);
        assert_true(v.has_ipp);
        double p = wrn_area_prob(&areas.a[0], v.ipp.lat_deg, v.ipp.lon_deg, v.ipp.C);
        double d;
        geo_inverse(v.ipp.lat_deg, v.ipp.lon_deg, 25.29, 51.53, &d, NULL, NULL);
        print_message("%s: ellipse %.0f x %.0f m, mean %.0f km from Doha, p %.3f\n",
                      young ? "young" : "mature", v.ipp.major_m, v.ipp.minor_m, d / 1e3, p);
        /* the probability alone would not warn (p_issue 0.05) */
        assert_true(p < c.p_issue);
        if (young) {
            assert_true(v.ipp.major_m > WRN_FOOTPRINT_M);
            /* within 2 sigma (plus the city) of the mean: in the footprint */
            assert_true(d < WRN_BURN_REACH * hypot(v.ipp.major_m, 40e3));
            assert_int_equal(count(r, WRN_EV_ISSUED), 1);
            const sw_warning *w = &r->w[last(r, WRN_EV_ISSUED)];
            assert_string_equal(w->threatened, "QA");
            assert_true(w->probability < c.p_issue); /* "Possible" */
        } else {
            assert_true(v.ipp.major_m < WRN_FOOTPRINT_M);
            assert_int_equal(count(r, WRN_EV_ISSUED), 0);
        }
        wrn_engine_free(e);
        free(r);
    }
    wrn_areas_free(&areas);
}

/* The launch fan (wrn_int.h WRN_FAN_*): a rocket seen climbing near-vertically has not turned
 * towards its target, so every area within its reach is warned "Possible" at once, whichever it
 * will turn to; an area beyond its reach is not.  The same rocket climbing at 45 deg has a
 * heading: only its corridor is warned.  Without the fan a vertical launch 300 km from Doha was
 * warned 10.9 s after its first confirmed track (warn-ranges seed 52: the pitch-over came later). */
static void test_launch_fan(void **state)
{
    (void)state;
    wrn_areas areas;
    wrn_areas_init(&areas);
    assert_int_equal(wrn_areas_add_circle(&areas, "QA", "Doha", 1, 25.29, 51.53, 30e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&areas, "OM", "Muscat", 1, 23.59, 58.41, 30e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&areas, "XX", "Far", 1, 35.0, 90.0, 30e3, NULL), 0);
    wrn_config c;
    wrn_config_default(&c);
    for (int steep = 1; steep >= 0; steep--) {
        rec *r = calloc(1, sizeof *r);
        wrn_engine *e = mk_in("JO", r, &areas);
        sw_rng rng;
        sw_rng_seed(&rng, 7);
        /* 15 s after launch from 25.26 N 54.51 E: 600 m/s up, and 20 m/s (steep) or 600 m/s
         * (45 deg) towards Muscat (azimuth 110) */
        double vh = steep ? 20 : 600;
        for (int i = 0; i < 8; i++) {
            double x[6];
            tr_air(&g_f, 25.26, 54.51, 5000, 110, vh, 600, i, x);
            sw_system_track st;
            tr_track(&st, 88, 6e9 + i, x, 100, 20, &rng);
            wrn_engine_track(e, &st, 6e9 + i);
            wrn_engine_tick(e, 6e9 + i);
        }
        int doha = 0, muscat = 0, far = 0;
        for (int k = 0; k < r->n; k++)
            if (r->kind[k] == WRN_EV_ISSUED) {
                doha += !strcmp(r->w[k].threatened, "QA");
                muscat += !strcmp(r->w[k].threatened, "OM");
                far += !strcmp(r->w[k].threatened, "XX");
                assert_true(r->w[k].probability < c.p_issue); /* "Possible" */
                /* the corridor's prediction, also to an area only the fan reaches: near the
                 * launch for the vertical climb, towards Muscat for the 45 deg one */
                double d;
                geo_inverse(r->w[k].impact_lat_deg, r->w[k].impact_lon_deg, 25.26, 54.51, &d,
                            NULL, NULL);
                assert_true(steep ? d < 100e3 : d > 100e3 && d < 600e3);
            }
        print_message("%s climb: warned Doha %d, Muscat %d, the far area %d\n",
                      steep ? "vertical" : "45 deg", doha, muscat, far);
        assert_int_equal(far, 0);
        assert_int_equal(doha, steep); /* Doha lies behind the 45 deg climb */
        assert_true(muscat >= 1);
        wrn_engine_free(e);
        free(r);
    }
    wrn_areas_free(&areas);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_deliver_ack),
        cmocka_unit_test(test_update_close_deterministic),
        cmocka_unit_test(test_retract_reissue_lost),
        cmocka_unit_test(test_impact_closes_not_retracts),
        cmocka_unit_test(test_short_lived_air_threat),
        cmocka_unit_test(test_yanked_airliner),
        cmocka_unit_test(test_footprint_young_track),
        cmocka_unit_test(test_launch_fan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
