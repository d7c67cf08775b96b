/* net/: wire conversion, sanity checks, releasability, XML configuration, latency histogram. */
#include "../core/sw_test.h"

#include "net/net.h"
#include "net/net_lat.h"

#include <stdlib.h>
#include <string.h>

static sw_track track(void)
{
    sw_track t;
    memset(&t, 0, sizeof t);
    t.id = 42;
    t.status = SW_TRK_CONFIRMED;
    t.dim = 3;
    t.cls = SW_CLS_AIRCRAFT;
    t.t = 1.8e9 + 0.123456;
    t.t_first = 1.8e9 - 60;
    t.t_update = t.t;
    double x[6] = {12345.6, -54321.0, 9000, 210, -30, 2};
    memcpy(t.x, x, sizeof x);
    for (int i = 0; i < 6; i++)
        t.P[i * 7] = i < 3 ? 2500 : 25;
    t.P[1] = t.P[6] = 300; /* x-y correlation */
    t.flags = SW_HAS_CALLSIGN | SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_MODEC;
    strcpy(t.callsign, "QTR123");
    t.mode3a = 01234;
    t.address = 0x06a0b1;
    t.alt_baro_m = 10972.8f;
    return t;
}

static void test_roundtrip_other_origin(void **s)
{
    (void)s;
    geo_frame a, b;
    geo_frame_init(&a, 25.3, 51.5, 0);
    geo_frame_init(&b, 26.2, 50.6, 10); /* a partner with another origin */
    sw_track t = track(), u, v;
    SkyWeave_LocalTrack w;
    sw_sensor site = {.id = 7, .lat_deg = 25.1, .lon_deg = 51.2, .alt_m = 40};
    net_local_to_wire(&a, "QA", &t, 1.8e9, &site, 1, &w);
    assert_string_equal(w.nation, "QA");
    assert_int_equal(w.n_sensors, 1);
    double pin;
    assert_int_equal(net_local_from_wire(&b, &w, &u, &pin, NULL), SW_OK);
    /* in b's frame the numbers differ, but converting b -> wire -> a gives t back */
    assert_true(fabs(u.x[0] - t.x[0]) > 1000);
    net_local_to_wire(&b, "QA", &u, pin, NULL, 0, &w);
    assert_int_equal(net_local_from_wire(&a, &w, &v, NULL, NULL), SW_OK);
    for (int i = 0; i < 6; i++)
        assert_near(v.x[i], t.x[i], 1e-6);
    for (int i = 0; i < 36; i++)
        assert_near(v.P[i], t.P[i], 1e-6);
    assert_near(v.t, t.t, 1e-6);
    assert_near(pin, 1.8e9, 1e-6);
    assert_string_equal(v.callsign, "QTR123");
    assert_int_equal(v.mode3a, 01234);
    /* the whole identity crosses the wire: the warning engine's classifier needs it */
    assert_int_equal(v.flags, t.flags);
    assert_int_equal(v.address, 0x06a0b1);
    assert_true(v.alt_baro_m == t.alt_baro_m);
}

static void test_reject_insane(void **s)
{
    (void)s;
    geo_frame a;
    geo_frame_init(&a, 25.3, 51.5, 0);
    sw_track t = track(), u;
    SkyWeave_LocalTrack w, bad;
    net_local_to_wire(&a, "QA", &t, 0, NULL, 0, &w);
    sw_err e;
    bad = w;
    bad.pos_ecef[1] = NAN;
    assert_int_equal(net_local_from_wire(&a, &bad, &u, NULL, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "non-finite"));
    bad = w;
    bad.dim = 7;
    assert_int_equal(net_local_from_wire(&a, &bad, &u, NULL, &e), SW_EFORMAT);
    bad = w;
    memset(bad.callsign, 'A', sizeof bad.callsign);
    assert_int_equal(net_local_from_wire(&a, &bad, &u, NULL, &e), SW_EFORMAT);
    bad = w;
    strcpy(bad.nation, "q1");
    assert_int_equal(net_local_from_wire(&a, &bad, &u, NULL, &e), SW_EFORMAT);
}

static void test_report_roundtrip(void **s)
{
    (void)s;
    geo_frame a;
    geo_frame_init(&a, 25.3, 51.5, 0);
    net_report r, q;
    memset(&r, 0, sizeof r);
    r.st.stn = 2000017;
    strcpy(r.st.reporter, "BH");
    r.st.t = 1.8e9;
    r.st.x[0] = 1000, r.st.x[2] = 5000, r.st.x[3] = 100;
    for (int i = 0; i < 6; i++)
        r.st.P[i * 7] = 100;
    r.born = 1.8e9 - 100;
    r.claim = 1.8e9 - 50;
    r.sd_m = 42.5;
    r.n_members = 2;
    strcpy(r.members[0].nation, "BH"), r.members[0].id = 17;
    strcpy(r.members[1].nation, "QA"), r.members[1].id = 5;
    SkyWeave_SystemTrack w;
    net_report_to_wire(&a, &r, &w);
    assert_int_equal(net_report_from_wire(&a, &w, &q, NULL), SW_OK);
    assert_int_equal(q.st.stn, 2000017);
    assert_string_equal(q.st.reporter, "BH");
    assert_near(q.born, r.born, 1e-6);
    assert_near(q.claim, r.claim, 1e-6);
    assert_near(q.sd_m, 42.5, 1e-4);
    assert_int_equal(q.n_members, 2);
    assert_string_equal(q.members[1].nation, "QA");
    assert_int_equal(q.members[1].id, 5);
    assert_near(q.st.x[0], 1000, 1e-6);
    w.n_members = 40;
    assert_int_equal(net_report_from_wire(&a, &w, &q, NULL), SW_EFORMAT);
}

static void test_release(void **s)
{
    (void)s;
    geo_frame a;
    geo_frame_init(&a, 25.3, 51.5, 0);
    sw_track t = track();
    sw_sensor site = {.id = 7, .lat_deg = 25.1, .lon_deg = 51.2, .alt_m = 40};
    SkyWeave_LocalTrack w0, w;
    net_local_to_wire(&a, "QA", &t, 0, &site, 1, &w0);
    net_release r;
    net_release_default(&r);
    w = w0;
    assert_true(net_release_local(&r, &w));
    assert_memory_equal(&w, &w0, sizeof w);
    /* degraded to 1 km and no sites */
    r.floor_m = 1000;
    r.withhold_sites = true;
    w = w0;
    assert_true(net_release_local(&r, &w));
    assert_int_equal(w.n_sensors, 0);
    assert_int_equal(w.sensors[0].id, 0);
    for (int i = 0; i < 3; i++) {
        assert_near(fmod(fabs(w.pos_ecef[i]), 1000.0), 0, 1e-6); /* on the 1 km grid */
        assert_true(fabs(w.pos_ecef[i] - w0.pos_ecef[i]) <= 500.0 + 1e-6);
    }
    assert_true(w.cov_ecef[0] >= 1e6 && w.cov_ecef[6] >= 1e6 && w.cov_ecef[11] >= 1e6);
    /* classes: aircraft withheld */
    r.classes = 1u << SW_CLS_BALLISTIC;
    w = w0;
    assert_false(net_release_local(&r, &w));
    r.share = false;
    r.classes = ~0u;
    assert_false(net_release_local(&r, &w));
}

static void test_policy_parse(void **s)
{
    (void)s;
    char nations[3][4] = {"QA", "BH", "EG"};
    sw_cfg_doc *d;
    sw_err e;
    assert_int_equal(sw_cfg_load_string(&d, "releasability:\n"
                                            "  default: {floor_m: 10}\n"
                                            "  EG: {classes: [aircraft, drone], floor_m: 1000, withhold_sites: true}\n"
                                            "  BH: none\n",
                                        "t.yaml", &e),
                     SW_OK);
    net_policy p;
    assert_int_equal(net_policy_parse(&p, sw_cfg_get(sw_cfg_root(d), "releasability"), nations, 3, &e),
                     SW_OK);
    assert_true(p.to[0].share && p.to[0].floor_m == 10);
    assert_false(p.to[1].share);
    assert_true(p.to[2].share && p.to[2].withhold_sites && p.to[2].floor_m == 1000);
    assert_int_equal(p.to[2].classes, (1u << SW_CLS_AIRCRAFT) | (1u << SW_CLS_DRONE));
    sw_cfg_free(d);
    assert_int_equal(sw_cfg_load_string(&d, "r:\n  JO: all\n", "t.yaml", &e), SW_OK);
    assert_int_equal(net_policy_parse(&p, sw_cfg_get(sw_cfg_root(d), "r"), nations, 3, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "t.yaml:2"));
    assert_non_null(strstr(e.msg, "JO"));
    sw_cfg_free(d);
    assert_int_equal(sw_cfg_load_string(&d, "r:\n  EG: {classes: [zeppelin]}\n", "t.yaml", &e), SW_OK);
    assert_int_equal(net_policy_parse(&p, sw_cfg_get(sw_cfg_root(d), "r"), nations, 3, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "zeppelin"));
    sw_cfg_free(d);
}

static void test_xml(void **s)
{
    (void)s;
    net_dds_config c;
    net_dds_config_default(&c);
    c.secure = false;
    char *x;
    assert_int_equal(net_xml_build(&c, &x, NULL), SW_OK);
    assert_non_null(strstr(x, "<NetworkInterface name=\"lo\"/>"));
    assert_non_null(strstr(x, "<ParticipantIndex>auto</ParticipantIndex>"));
    assert_non_null(strstr(x, "<MaxAutoParticipantIndex>31</MaxAutoParticipantIndex>"));
    assert_non_null(strstr(x, "<Peer Address=\"127.0.0.1\"/>"));
    assert_null(strstr(x, "<Security>"));
    assert_null(strstr(x, "@"));
    free(x);
    c.mode = NET_MULTIHOST;
    strcpy(c.iface, "veth0");
    c.n_peers = 2;
    strcpy(c.peers[0], "10.1.0.1");
    strcpy(c.peers[1], "10.1.0.2");
    c.secure = true;
    net_secfiles_in_dir(&c.sec, "/k", "QA");
    assert_int_equal(net_xml_build(&c, &x, NULL), SW_OK);
    assert_non_null(strstr(x, "<Peer Address=\"10.1.0.1\"/><Peer Address=\"10.1.0.2\"/>"));
    assert_non_null(strstr(x, "<NackDelay>"));
    assert_non_null(strstr(x, "<IdentityCertificate>file:/k/QA/identity.pem</IdentityCertificate>"));
    assert_non_null(strstr(x, "<Permissions>file:/k/QA/permissions.p7s</Permissions>"));
    free(x);
    /* a peer or interface with characters that could reshape the XML is refused */
    sw_cfg_doc *d;
    assert_int_equal(sw_cfg_load_string(&d, "dds: {peers: ['10.0.0.1\\\"/><x a=\\\"']}\n"
                                            "d2: {peers: [1@h]}\nd3: {interface: 'e th0'}\n",
                                        "t.yaml", NULL), SW_OK);
    const char *keys[] = {"dds", "d2", "d3"};
    for (int i = 0; i < 3; i++) {
        net_dds_config c2;
        net_dds_config_default(&c2);
        assert_int_equal(net_dds_config_parse(&c2, sw_cfg_get(sw_cfg_root(d), keys[i]), "/", NULL),
                         SW_EFORMAT);
    }
    sw_cfg_free(d);
    /* relative security paths are refused: Cyclone would resolve them against the cwd */
    net_secfiles_in_dir(&c.sec, "k", "QA");
    sw_err e;
    assert_int_equal(net_xml_build(&c, &x, &e), SW_EINVAL);
}

static void test_latency(void **s)
{
    (void)s;
    net_lat h;
    net_lat_clear(&h);
    for (int i = 1; i <= 1000; i++)
        net_lat_add(&h, i * 1e-6); /* 1 us .. 1 ms */
    assert_near(net_lat_quantile(&h, 0.5), 500e-6, 500e-6 * 0.03);
    assert_near(net_lat_quantile(&h, 0.99), 990e-6, 990e-6 * 0.03);
    assert_near(net_lat_quantile(&h, 1.0), 1e-3, 1e-9);
    net_lat_add(&h, -1); /* clock step: counted as zero, not a crash */
    assert_int_equal(h.n, 1001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_other_origin), cmocka_unit_test(test_reject_insane),
        cmocka_unit_test(test_report_roundtrip),       cmocka_unit_test(test_release),
        cmocka_unit_test(test_policy_parse),           cmocka_unit_test(test_xml),
        cmocka_unit_test(test_latency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
