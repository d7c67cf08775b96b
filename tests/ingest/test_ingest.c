/* tests/ingest/test_ingest.c - ASTERIX reports into plots: polar radar plots with the sensor's
 * accuracies, ADS-B plots with DO-260B accuracies, midnight, duplicates, CAT034 radar status,
 * the allow-list and the recorder's rotation. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <math.h>
#include <string.h>

#include "../core/sw_test.h"
#include "core/time.h"
#include "ingest/ing_udp.h"
#include "ingest/ingest.h"

static geo_sensor_set set;

static void load_sensors(void)
{
    char p[64];
    sw_test_write(sw_test_tmp(p, "sens.yaml"),
                  "origin: [25.0, 51.0, 0]\n"
                  "sensors:\n"
                  "  - {sac: 25, sic: 11, type: ssr, lat_deg: 25.2, lon_deg: 51.2, alt_m: 30,\n"
                  "     sd_range_m: 40, sd_azimuth_deg: 0.1}\n"
                  "  - {sac: 25, sic: 12, type: 3d, lat_deg: 25.0, lon_deg: 51.5, alt_m: 50,\n"
                  "     sd_range_m: 80, sd_azimuth_deg: 0.2, sd_elevation_deg: 0.25}\n"
                  "  - {sac: 0, sic: 3, type: adsb, lat_deg: 25.1, lon_deg: 51.1, sd_xy_m: 77, sd_z_m: 99}\n");
    sw_err e;
    if (geo_sensors_load(&set, p, NULL, &e))
        fail_msg("%s", e.msg);
    unlink(p);
}

/* One CAT048 plot record in a block: 25/sic, ToD, rho, theta, FL, callsign... */
static size_t cat048(uint8_t *b, int sic, double tod, double rho, double theta, double fl,
                     double h3d)
{
    static asx048 r;
    memset(&r, 0, sizeof r);
#define SET(item) r.present |= 1ULL << (ASX048_FRN_##item - 1)
    SET(010), SET(140), SET(020), SET(040), SET(070), SET(090), SET(220), SET(240), SET(161);
    r.i010.sac = 25;
    r.i010.sic = (uint8_t)sic;
    r.i140.tod_s = tod;
    r.i020.typ = 5;
    r.i040.rho_nm = rho;
    r.i040.theta_deg = theta;
    r.i070.mode3a = 07700;
    r.i090.fl = fl;
    r.i220.address = 0x3C660C;
    strcpy(r.i240.ident, "DLH65A  ");
    r.i161.trn = 3563;
    if (h3d > ASX048_110_MAX_FT) {
        asx048_sp_height_put(&r, h3d); /* beyond I048/110: skyweave's SP field */
    } else if (h3d > 0) {
        SET(110);
        r.i110.height_ft = h3d;
    }
#undef SET
    asx_writer w;
    sw_err e;
    asx_writer_init(&w, b, 512, 0);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(48, NULL), &r, &e), SW_OK);
    return asx_writer_finish(&w);
}

typedef struct got {
    int n;
    sw_plot p[16];
} got;

static void keep(void *ctx, const sw_plot *p)
{
    got *g = ctx;
    if (g->n < 16)
        g->p[g->n++] = *p;
}

static void test_cat048_plots(void **state)
{
    (void)state;
    load_sensors();
    ing *g;
    sw_err e;
    ing_cfg cfg = {&set, NULL, 2.0, 0};
    assert_int_equal(ing_create(&g, &cfg, &e), SW_OK);
    uint8_t b[512];
    got out = {0};
    double day = 1767225600.0; /* 2026-01-01T00:00:00Z */
    size_t n = cat048(b, 11, 3600.5, 100.0, 45.0, 330, 0);
    ing_input in = {b, n, day + 3601.0, 8600, -1, -1};
    ing_feed(g, &in, keep, &out);
    assert_int_equal(out.n, 1);
    const sw_plot *p = &out.p[0];
    assert_int_equal(p->kind, SW_MEAS_RA);
    assert_int_equal(p->sensor_id, 25 * 256 + 11);
    assert_near(p->t, day + 3600.5, 1e-9);
    assert_near(p->z[0], 185200.0, 1e-6);
    assert_near(p->z[1], M_PI / 4, 1e-12);
    assert_near(p->R[0], 40.0 * 40.0, 1e-9);
    assert_near(p->R[4], pow(0.1 * M_PI / 180, 2), 1e-15);
    assert_int_equal(p->flags & (SW_HAS_MODE3A | SW_HAS_MODEC | SW_HAS_ADDRESS | SW_HAS_CALLSIGN |
                                 SW_HAS_SENSOR_TRACK),
                     SW_HAS_MODE3A | SW_HAS_MODEC | SW_HAS_ADDRESS | SW_HAS_CALLSIGN |
                         SW_HAS_SENSOR_TRACK);
    assert_int_equal(p->mode3a, 07700);
    assert_near(p->alt_baro_m, 330 * 30.48, 0.01);
    assert_string_equal(p->callsign, "DLH65A");
    assert_int_equal(p->address, 0x3C660C);
    assert_int_equal(p->sensor_track, 3563);

    /* the same datagram again (the B LAN): dropped once, counted */
    ing_feed(g, &in, keep, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(ing_stats_of(g)->duplicates, 1);
    in.t_rx += 10; /* outside the window: a new report with the same octets */
    ing_feed(g, &in, keep, &out);
    assert_int_equal(out.n, 2);

    /* midnight: stamped 86399.9, received just after midnight -> the day before */
    n = cat048(b, 11, 86399.9, 50.0, 10.0, 100, 0);
    ing_input late = {b, n, day + 0.2, 8600, -1, -1};
    ing_feed(g, &late, keep, &out);
    assert_int_equal(out.n, 3);
    assert_near(out.p[2].t, day - 0.1, 1.0 / 128); /* ToD LSB 1/128 s */
    n = cat048(b, 11, 0.1, 50.0, 10.5, 100, 0); /* stamped 0.1, received 23:59:59.95 */
    ing_input early = {b, n, day - 0.05, 8600, -1, -1};
    ing_feed(g, &early, keep, &out);
    assert_near(out.p[3].t, day + 0.1, 1.0 / 128);

    /* a 3-D radar's height gives the elevation */
    n = cat048(b, 12, 3700, 60.0, 200.0, 300, 30000);
    ing_input in3 = {b, n, day + 3700, 8600, -1, -1};
    ing_feed(g, &in3, keep, &out);
    assert_int_equal(out.n, 5);
    p = &out.p[4];
    assert_int_equal(p->kind, SW_MEAS_RAE);
    double enu[3], h, d;
    geo_radar_to_enu(&set.radar[1], p->z[0], p->z[1], p->z[2], enu);
    geo_radar_height_dist(&set.radar[1], enu, &h, &d);
    assert_near(h, 30000 * 0.3048, 1.0);
    assert_near(p->R[8], pow(0.25 * M_PI / 180, 2), 1e-15);

    /* a ballistic missile 200 km up, 250 NM away: I048/110 cannot hold its height (the encoder
     * refuses it), skyweave's SP field does, and the elevation comes out of it the same way */
    {
        static asx048 big;
        memset(&big, 0, sizeof big);
        big.present = 1ULL << (ASX048_FRN_110 - 1);
        big.i110.height_ft = 200000 / 0.3048;
        uint8_t tmp[64];
        asx_writer w;
        asx_writer_init(&w, tmp, sizeof tmp, 0);
        assert_int_equal(asx_writer_add(&w, asx_uap_find(48, NULL), &big, &e), SW_ERANGE);
        double hb;
        assert_int_equal(asx048_sp_height_get(&big, &hb), 0);
    }
    n = cat048(b, 12, 3710, 250.0, 120.0, 0, 200000 / 0.3048);
    ing_input in4 = {b, n, day + 3710, 8600, -1, -1};
    ing_feed(g, &in4, keep, &out);
    assert_int_equal(out.n, 6);
    p = &out.p[5];
    assert_int_equal(p->kind, SW_MEAS_RAE);
    geo_radar_to_enu(&set.radar[1], p->z[0], p->z[1], p->z[2], enu);
    geo_radar_height_dist(&set.radar[1], enu, &h, &d);
    assert_near(h, 200000, 1.0);
    assert_true(p->z[2] > 0.3); /* about 25 deg up, not a plot on the ground */

    /* a radar not in the sensors file, and a source the allow-list ties to another SAC/SIC */
    n = cat048(b, 99, 3800, 60.0, 200.0, 300, 0);
    ing_input unk = {b, n, day + 3800, 8600, -1, -1};
    ing_feed(g, &unk, keep, &out);
    assert_int_equal(ing_stats_of(g)->unknown_sensor, 1);
    /* ... is named: its SAC/SIC gets a status entry, outside the sensors file, counting it */
    const ing_radar_status *us = ing_radar_find(g, 25, 99);
    assert_non_null(us);
    assert_int_equal(us->sensor, -1);
    assert_int_equal(us->unknown, 1);
    assert_int_equal(us->plots, 0);
    assert_int_equal(ing_radar_find(g, 25, 11)->unknown, 0);
    n = cat048(b, 11, 3801, 60.0, 200.0, 300, 0);
    ing_input spoof = {b, n, day + 3801, 8600, 25, 12};
    ing_feed(g, &spoof, keep, &out);
    assert_int_equal(ing_stats_of(g)->denied_sensor, 1);
    assert_int_equal(out.n, 6);
    ing_destroy(g);
}

static size_t cat021(uint8_t *b, int vn, int nacp, int nic, int gva, int with_height)
{
    static asx021 r;
    memset(&r, 0, sizeof r);
#define SET(item) r.present |= 1ULL << (ASX021_FRN_##item - 1)
    SET(010), SET(040), SET(071), SET(131), SET(080), SET(090), SET(210), SET(145), SET(170);
    r.i010.sic = 3;
    r.i071.toa_pos_s = 43200;
    r.i131.lat_deg = 26.0;
    r.i131.lon_deg = 51.5;
    r.i080.address = 0xABCDEF;
    r.i090.nucpnic = (uint8_t)nic;
    r.i090.nacp = (uint8_t)nacp;
    r.i090.gva = (uint8_t)gva;
    r.i090.parts = 3;
    r.i210.vn = (uint8_t)vn;
    r.i145.fl = 350;
    strcpy(r.i170.ident, "QTR1    ");
    if (with_height) {
        SET(140);
        r.i140.height_ft = 36000;
    }
#undef SET
    asx_writer w;
    sw_err e;
    asx_writer_init(&w, b, 512, 0);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(21, NULL), &r, &e), SW_OK);
    return asx_writer_finish(&w);
}

static void test_cat021_plots(void **state)
{
    (void)state;
    load_sensors();
    assert_near(ing_nacp_epu_m(9), 30, 0);
    assert_near(ing_nacp_epu_m(0), -1, 0);
    assert_near(ing_nic_rc_m(8), 185.2, 1e-9);
    ing *g;
    sw_err e;
    ing_cfg cfg = {&set, NULL, 0, 0};
    assert_int_equal(ing_create(&g, &cfg, &e), SW_OK);
    uint8_t b[512];
    got out = {0};
    double day = 1767225600.0;
    size_t n = cat021(b, 2, 9, 8, 2, 1);
    ing_input in = {b, n, day + 43200.3, 30021, -1, -1};
    ing_feed(g, &in, keep, &out);
    assert_int_equal(out.n, 1);
    const sw_plot *p = &out.p[0];
    assert_int_equal(p->kind, SW_MEAS_XYZ);
    assert_int_equal(p->sensor_id, 3);
    assert_near(p->t, day + 43200, 1e-9);
    double enu[3];
    geo_lla_to_enu(&set.origin, 26.0, 51.5, 36000 * 0.3048, enu);
    for (int i = 0; i < 3; i++)
        assert_near(p->z[i], enu[i], 0.05); /* I021/131 LSB: 2 cm */
    /* NACp 9: 95 % within 30 m -> sigma 30/2.4477 per axis; GVA 2: 45 m -> 45/1.96 */
    double sh = 30 / 2.4477, sv = 45 / 1.96;
    assert_near(p->R[0] + p->R[4] + p->R[8], 2 * sh * sh + sv * sv, 1e-6);
    assert_near(p->R[1], p->R[3], 1e-9);
    assert_true(p->R[8] > sv * sv * 0.98); /* 100 km away the vertical barely tilts */
    assert_string_equal(p->callsign, "QTR1");
    assert_true(p->flags & SW_HAS_GEO_ALT);
    assert_near(p->alt_baro_m, 350 * 30.48, 0.01);
    /* NACp unknown: NIC's containment radius; version 0: NUCp's HFOM */
    n = cat021(b, 2, 0, 8, 0, 1);
    in.n = n;
    ing_feed(g, &in, keep, &out);
    double s2 = pow(185.2 / 2.4477, 2);
    assert_near(out.p[1].R[0] + out.p[1].R[4] + out.p[1].R[8], 2 * s2 + 99 * 99, 1e-3);
    n = cat021(b, 0, 0, 7, 0, 1);
    in.n = n;
    ing_feed(g, &in, keep, &out);
    s2 = pow(92.6 / 2.4477, 2);
    assert_near(out.p[2].R[0] + out.p[2].R[4] + out.p[2].R[8], 2 * s2 + 99 * 99, 1e-3);
    /* no geometric height: the flight level stands in, with a wide vertical sigma */
    n = cat021(b, 2, 9, 8, 2, 0);
    in.n = n;
    ing_feed(g, &in, keep, &out);
    assert_int_equal(out.p[3].kind, SW_MEAS_XYZ);
    assert_true(out.p[3].R[8] > 140 * 140);
    ing_destroy(g);
}

static size_t cat034(uint8_t *b, int type, double tod, double sector, int nogo)
{
    static asx034 r;
    memset(&r, 0, sizeof r);
    r.present = 1 | 2 | 4;
    r.i010.sac = 25;
    r.i010.sic = 11;
    r.i000.msg_type = (uint8_t)type;
    r.i030.tod_s = tod;
    if (type == 2) {
        r.present |= 1ULL << (ASX034_FRN_020 - 1);
        r.i020.sector_deg = sector;
    }
    if (nogo) {
        r.present |= 1ULL << (ASX034_FRN_050 - 1);
        r.i050.present = 1;
        r.i050.com.nogo = 1;
    }
    asx_writer w;
    sw_err e;
    asx_writer_init(&w, b, 512, 0);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(34, NULL), &r, &e), SW_OK);
    return asx_writer_finish(&w);
}

static void test_radar_status(void **state)
{
    (void)state;
    load_sensors();
    ing *g;
    sw_err e;
    ing_cfg cfg = {&set, NULL, 2.0, 0};
    assert_int_equal(ing_create(&g, &cfg, &e), SW_OK);
    uint8_t b[512];
    double day = 1767225600.0, t = 1000;
    for (int scan = 0; scan < 3; scan++) {
        size_t n = cat034(b, 1, t, 0, 0);
        ing_input in = {b, n, day + t, 8600, -1, -1};
        ing_feed(g, &in, NULL, NULL);
        for (int s = 0; s < 8; s++) { /* 8 sectors of 45 degrees per turn */
            n = cat034(b, 2, t + 0.5 * (s + 1), 45.0 * s, 0);
            ing_input sin_ = {b, n, day + t + 0.5 * (s + 1), 8600, -1, -1};
            ing_feed(g, &sin_, NULL, NULL);
        }
        t += 4.0;
    }
    const ing_radar_status *s = ing_radar_find(g, 25, 11);
    assert_non_null(s);
    assert_int_equal(s->north_markers, 3);
    assert_near(s->scan_period_s, 4.0, 1e-9);
    assert_near(s->scan_period_avg_s, 4.0, 1e-9);
    assert_int_equal(s->sectors_last_scan, 8);
    assert_int_equal(s->sectors_this_scan, 8);
    assert_int_equal(s->sensor, 0);
    double last = day + t - 4.0 + 4.0;
    assert_int_equal(ing_radar_health(s, last), ING_RADAR_OK);
    assert_int_equal(ing_radar_health(s, day + t - 4 + 8.5), ING_RADAR_LATE);
    assert_int_equal(ing_radar_health(s, day + t + 20), ING_RADAR_SILENT);
    size_t n = cat034(b, 2, t + 1, 0, 1);
    ing_input in = {b, n, day + t + 1, 8600, -1, -1};
    ing_feed(g, &in, NULL, NULL);
    assert_int_equal(ing_radar_health(s, day + t + 1.5), ING_RADAR_DEGRADED);
    assert_null(ing_radar_find(g, 25, 99));
    ing_destroy(g);
}

static void test_dedup(void **state)
{
    (void)state;
    static ing_dedup d;
    ing_dedup_init(&d, 2.0);
    uint8_t a[100], b[100];
    memset(a, 7, sizeof a);
    memcpy(b, a, sizeof b);
    b[99] = 8;
    assert_int_equal(ing_dedup_seen(&d, a, 100, 10.0), 0);
    assert_int_equal(ing_dedup_seen(&d, b, 100, 10.1), 0);
    assert_int_equal(ing_dedup_seen(&d, a, 100, 10.5), 1);
    assert_int_equal(ing_dedup_seen(&d, a, 99, 10.5), 0); /* a different length is different */
    assert_int_equal(ing_dedup_seen(&d, a, 100, 13.0), 0); /* outside the window */
    /* many distinct datagrams in one window: none is taken for a copy */
    int false_dup = 0;
    for (uint32_t i = 0; i < 100000; i++) {
        memcpy(b, &i, 4);
        false_dup += ing_dedup_seen(&d, b, 100, 20.0 + i * 1e-6);
    }
    assert_int_equal(false_dup, 0);
}

static void test_allow_and_record(void **state)
{
    (void)state;
    static ing_udp u;
    sw_err e;
    ing_udp_init(&u);
    uint8_t ip[4] = {10, 17, 58, 184};
    assert_int_equal(ing_udp_allowed(&u, ip), ING_MAX_ALLOW); /* empty list: everyone */
    assert_int_equal(ing_udp_allow(&u, "10.17.58.0/24=25/201", &e), SW_OK);
    assert_int_equal(ing_udp_allow(&u, "192.168.1.7", &e), SW_OK);
    assert_int_equal(ing_udp_allowed(&u, ip), 0);
    assert_int_equal(u.allow[0].sac, 25);
    assert_int_equal(u.allow[0].sic, 201);
    ip[2] = 59;
    assert_int_equal(ing_udp_allowed(&u, ip), -1);
    uint8_t one[4] = {192, 168, 1, 7};
    assert_int_equal(ing_udp_allowed(&u, one), 1);
    assert_int_equal(ing_udp_allow(&u, "10.0.0.0/33", &e), SW_EINVAL);
    assert_int_equal(ing_udp_allow(&u, "10.0.0.1=25", &e), SW_EINVAL);

    /* rotation by size: 30 datagrams of 100 octets into files of at most 1000 octets */
    char dir[64];
    sw_test_tmp(dir, "rec");
    mkdir(dir, 0755);
    ing_recorder r;
    assert_int_equal(ing_recorder_open(&r, dir, "t", 0, 1000, &e), SW_OK);
    uint8_t p[100];
    for (int i = 0; i < 30; i++) {
        memset(p, i, sizeof p);
        assert_int_equal(ing_recorder_write(&r, 1700000000.0 + i, ip, 1, one, 2, p, sizeof p, &e), 0);
    }
    assert_int_equal(ing_recorder_close(&r, &e), SW_OK);
    assert_true(r.files >= 4);
    /* read every file back in name order: the 30 datagrams, in order, none lost */
    DIR *dd = opendir(dir);
    struct dirent *de;
    char names[16][340];
    int nf = 0;
    while ((de = readdir(dd)) && nf < 16)
        if (de->d_name[0] == 't')
            snprintf(names[nf++], sizeof names[0], "%s/%s", dir, de->d_name);
    closedir(dd);
    assert_int_equal(nf, r.files);
    qsort(names, (size_t)nf, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    int next = 0;
    for (int k = 0; k < nf; k++) {
        ing_pcap_reader *rd;
        ing_datagram d;
        assert_int_equal(ing_pcap_open(&rd, names[k], &e), SW_OK);
        while (ing_pcap_next(rd, &d, &e) == 1) {
            assert_int_equal(d.n, 100);
            assert_int_equal(d.p[0], next);
            next++;
        }
        ing_pcap_close(rd);
        unlink(names[k]);
    }
    assert_int_equal(next, 30);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cat048_plots), cmocka_unit_test(test_cat021_plots),
        cmocka_unit_test(test_radar_status), cmocka_unit_test(test_dedup),
        cmocka_unit_test(test_allow_and_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
