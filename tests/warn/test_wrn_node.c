/* tests/warn/test_wrn_node.c - two nations' warning nodes over an in-process transport: Jordan's
 * picture has a missile aimed at Qatar that Qatar's picture does not (its tracks are not released
 * to Qatar); Qatar's node receives, acknowledges (signed), logs and exports the warning; Jordan's
 * stops re-sending once the signed ack arrives, and both audit logs verify.  Also: acks lost on
 * the way (re-send, re-ack), a forged ack, a warning arriving through the wrong partition. */
#include "../core/sw_test.h"
#include "warn/wrn_node.h"
#include "wrn_truth.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define QMAX 256

typedef struct msg {
    int is_ack;
    char from[4];
    sw_warning w;
    wrn_ack a;
} msg;

typedef struct chan {
    msg q[QMAX];
    int n;
    int drop_acks;            /* drop this many acks before delivering */
    int acks_dropped;
} chan;

typedef struct ep {
    const char *nation;
    chan *out;                /* where this node's messages go */
} ep;

static sw_rc pub_w(void *ctx, const sw_warning *w)
{
    ep *e = ctx;
    if (e->out->n < QMAX) {
        msg *m = &e->out->q[e->out->n++];
        memset(m, 0, sizeof *m);
        snprintf(m->from, 4, "%s", e->nation);
        m->w = *w;
    }
    return SW_OK;
}

static sw_rc pub_a(void *ctx, const wrn_ack *a)
{
    ep *e = ctx;
    if (e->out->drop_acks > e->out->acks_dropped) {
        e->out->acks_dropped++;
        return SW_OK;
    }
    if (e->out->n < QMAX) {
        msg *m = &e->out->q[e->out->n++];
        memset(m, 0, sizeof *m);
        m->is_ack = 1;
        snprintf(m->from, 4, "%s", e->nation);
        m->a = *a;
    }
    return SW_OK;
}

static void deliver(chan *l, wrn_node *to, double now)
{
    for (int i = 0; i < l->n; i++) {
        sw_err err;
        sw_rc rc = l->q[i].is_ack ? wrn_node_on_ack(to, l->q[i].from, &l->q[i].a, now, &err)
                                  : wrn_node_on_warning(to, l->q[i].from, &l->q[i].w, now, &err);
        if (rc)
            fail_msg("delivery: %s", err.msg);
    }
    l->n = 0;
}

static char g_dir[64];

static void rm_rf(const char *d)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
}

static int count_lines(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

static void test_two_nations(void **state)
{
    (void)state;
    sw_test_tmp(g_dir, "node");
    rm_rf(g_dir);
    mkdir(g_dir, 0755);
    char keys[128], cap_qa[128], log_jo[128], log_qa[128];
    snprintf(keys, sizeof keys, "%s/keys", g_dir);
    snprintf(cap_qa, sizeof cap_qa, "%s/cap-qa", g_dir);
    snprintf(log_jo, sizeof log_jo, "%s/jo.jsonl", g_dir);
    snprintf(log_qa, sizeof log_qa, "%s/qa.jsonl", g_dir);
    uint8_t sk[64], pk[32], sk_x[64], pk_x[32];
    assert_int_equal(wrn_keys_generate(keys, "JO", sk, pk, NULL), 0);
    assert_int_equal(wrn_keys_generate(keys, "QA", sk, pk, NULL), 0);
    char other[128];
    snprintf(other, sizeof other, "%s/otherkeys", g_dir);
    assert_int_equal(wrn_keys_generate(other, "QA", sk_x, pk_x, NULL), 0);

    geo_frame f;
    geo_frame_init(&f, 27.0, 45.0, 0);
    static tr_ballistic tr;
    double lat, lon, back;
    geo_direct(25.29, 51.53, 300.0, 800e3, &lat, &lon, &back);
    tr_make(&tr, lat, lon, fmod(back + 180, 360), 800e3, 5000.0);
    wrn_areas areas;
    wrn_areas_init(&areas);
    assert_int_equal(wrn_areas_add_circle(&areas, "QA", "Doha", 1, tr.impact_lat, tr.impact_lon, 25e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&areas, "JO", "Amman", 1, 31.95, 35.93, 25e3, NULL), 0);

    static chan to_qa, to_jo;
    memset(&to_qa, 0, sizeof to_qa);
    memset(&to_jo, 0, sizeof to_jo);
    to_jo.drop_acks = 3; /* the first three acks are lost */
    ep ep_jo = {"JO", &to_qa}, ep_qa = {"QA", &to_jo};
    wrn_node_cfg cj, cq;
    wrn_node_cfg_default(&cj, "JO");
    wrn_node_cfg_default(&cq, "QA");
    snprintf(cj.keys_dir, sizeof cj.keys_dir, "%s", keys);
    snprintf(cq.keys_dir, sizeof cq.keys_dir, "%s", keys);
    snprintf(cj.audit_path, sizeof cj.audit_path, "%s", log_jo);
    snprintf(cq.audit_path, sizeof cq.audit_path, "%s", log_qa);
    cq.cap_enabled = 1;
    snprintf(cq.cap.dir, sizeof cq.cap.dir, "%s", cap_qa);
    wrn_node_io ij = {&ep_jo, pub_w, pub_a}, iq = {&ep_qa, pub_w, pub_a};
    wrn_node *jo, *qa;
    sw_err err;
    const double t0 = 1.8e9;
    if (wrn_node_create(&jo, &cj, &areas, &f, &ij, t0, &err) ||
        wrn_node_create(&qa, &cq, &areas, &f, &iq, t0, &err))
        fail_msg("%s", err.msg);

    sw_rng rng;
    sw_rng_seed(&rng, 11);
    double t_acked = NAN, t_issue = NAN;
    for (double t = 40; t < tr.t_impact + 60; t += 1) {
        double now = t0 + t;
        if (t < tr.t_impact - 1 && fmod(t, 4) == 0) {
            double x[6];
            tr_state_enu(&tr, &f, (int)t, x);
            sw_system_track st;
            tr_track(&st, 0x10000 + 5, now, x, 150, 10, &rng);
            wrn_node_track(jo, &st, now); /* only Jordan's picture has it */
        }
        wrn_node_tick(jo, now);
        wrn_node_tick(qa, now);
        deliver(&to_qa, qa, now);
        deliver(&to_jo, jo, now);
        wrn_status s;
        wrn_node_status(jo, now, &s);
        if (!isfinite(t_issue) && s.issued)
            t_issue = t;
        if (isfinite(t_issue) && !isfinite(t_acked) && s.acks_in && !s.unacked)
            t_acked = t;
        if (isfinite(t_issue) && !s.acks_in)
            assert_true(s.unacked >= 1); /* raised in the status until acknowledged */
        if (isfinite(t_issue) && t == t_issue + 30) {
            /* a person acknowledges on Qatar's display: signed ack to the issuer, logged by both */
            uint64_t id = ((uint64_t)(0x10000 + 5) << 32) | wrn_area_id("QA", "Doha");
            if (wrn_node_operator_ack(qa, id, "duty-officer", now, &err))
                fail_msg("%s", err.msg);
            /* Jordan is not the threatened nation; unknown ids are refused */
            assert_int_equal(wrn_node_operator_ack(jo, id, "x", now, &err), SW_ENOTFOUND);
            assert_int_equal(wrn_node_operator_ack(qa, id + 1, "x", now, &err), SW_ENOTFOUND);
        }
    }
    assert_near(t_issue, 40, 0);
    assert_true(isfinite(t_acked));
    assert_int_equal(to_jo.acks_dropped, 3);
    print_message("warned at %.0f s, acknowledged at %.0f s after 3 lost acks\n", t_issue,
                  t_acked);
    wrn_status sq;
    wrn_node_status(qa, t0 + tr.t_impact, &sq);
    assert_true(sq.received >= 3);
    assert_true(sq.acks_sent >= 4);

    /* a forged ack: QA's name, another key */
    wrn_ack forged;
    memset(&forged, 0, sizeof forged);
    forged.warning_id = ((uint64_t)(0x10000 + 5) << 32) | wrn_area_id("QA", "Doha");
    snprintf(forged.nation, 4, "QA");
    snprintf(forged.issuer, 4, "JO");
    forged.revision = 99;
    forged.time = t0 + 100;
    wrn_ack_sign(&forged, sk_x);
    assert_int_equal(wrn_node_on_ack(jo, "QA", &forged, t0 + 100, &err), SW_ESECURITY);
    /* through the wrong partition */
    assert_int_equal(wrn_node_on_ack(jo, "SA", &forged, t0 + 100, &err), SW_ESECURITY);
    sw_warning w = {0};
    snprintf(w.issuer, 4, "JO");
    assert_int_equal(wrn_node_on_warning(qa, "SA", &w, t0 + 100, &err), SW_ESECURITY);

    assert_int_equal(wrn_node_close(jo, t0 + 2000, 1, &err), 0);
    assert_int_equal(wrn_node_close(qa, t0 + 2000, 1, &err), 0);

    /* both logs verify against the key files; they tell the story */
    wrn_audit_check chk = {.keys_dir = keys};
    wrn_audit_report r;
    if (wrn_audit_verify(log_jo, &chk, &r, &err) || wrn_audit_verify(log_qa, &chk, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(count_lines(log_jo, "\"event\":\"issued\""), 1);
    assert_true(count_lines(log_jo, "\"event\":\"sent\"") >= 4);
    assert_true(count_lines(log_jo, "\"event\":\"acknowledged\"") >= 1);
    assert_int_equal(count_lines(log_jo, "\"event\":\"ack_rejected\""), 1);
    assert_true(count_lines(log_jo, "\"event\":\"closed\"") == 1);
    assert_true(count_lines(log_qa, "\"event\":\"received\"") >= 3);
    assert_true(count_lines(log_qa, "\"event\":\"ack_sent\"") >= 4);
    assert_true(count_lines(log_qa, "again (the issuer re-sent)") >= 1);
    assert_int_equal(count_lines(log_qa, "\"event\":\"issued\""), 0); /* it never saw the track */
    assert_int_equal(count_lines(log_qa, "\"event\":\"operator_ack\""), 1);
    assert_int_equal(count_lines(log_qa, "\"operator\":\"duty-officer\""), 2); /* + its ack_sent */
    assert_int_equal(count_lines(log_jo, "\"operator\":\"duty-officer\""), 1); /* acknowledged */
    /* Qatar's civil system got the chain: Alert ... Cancel */
    DIR *d = opendir(cap_qa);
    assert_non_null(d);
    int n_cap = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        n_cap += strstr(de->d_name, ".xml") != NULL;
    closedir(d);
    assert_true(n_cap >= 3);
    wrn_areas_free(&areas);
    rm_rf(g_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_nations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
