/* tests/asterix/test_asx_track.c - tracks into CAT062 records: which items, which values. */
#include "asx_test.h"
#include "asterix/asx_track.h"

static asx_track_out o;

static void track(sw_track *t, uint32_t id, double time)
{
    memset(t, 0, sizeof *t);
    t->id = id;
    t->status = SW_TRK_CONFIRMED;
    t->dim = 3;
    t->t = t->t_update = time;
    t->t_first = time - 100;
    t->x[0] = 1000;
    t->x[1] = -2000;
    t->x[2] = 3000;
    t->x[3] = 100;
    t->x[4] = 0;
    for (int k = 0; k < 6; k++)
        t->P[7 * k] = k < 3 ? 400 : 4;
    t->P[1] = t->P[6] = -900; /* cov_xy = -900 m^2 -> COV = -30 m */
}

static void test_items(void **state)
{
    (void)state;
    geo_frame g;
    geo_frame_init(&g, 25.0, 51.0, 0);
    asx_track_out_init(&o, 25, 100, 3, &g);
    static asx062 r;
    sw_track t;
    track(&t, 7, 1767225600.0 + 3600.25);
    t.flags = SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODEC;
    t.mode3a = 07700;
    t.address = 0x4CA7A8;
    t.alt_baro_m = 3000;
    strcpy(t.callsign, "QTR7");
    asx_track_out_local(&o, &t, &r);
#define HAS(x) (r.present >> (ASX062_FRN_##x - 1) & 1)
    int want[] = {ASX062_FRN_010, ASX062_FRN_015, ASX062_FRN_040, ASX062_FRN_070, ASX062_FRN_080,
                  ASX062_FRN_100, ASX062_FRN_105, ASX062_FRN_185, ASX062_FRN_200, ASX062_FRN_290,
                  ASX062_FRN_295, ASX062_FRN_500, ASX062_FRN_060, ASX062_FRN_245, ASX062_FRN_380,
                  ASX062_FRN_136, ASX062_FRN_130, ASX062_FRN_220};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!(r.present >> (want[i] - 1) & 1))
            fail_msg("FRN %d missing", want[i]);
    assert_false(HAS(210)); /* no acceleration estimate */
    assert_near(r.i070.tod_s, 3600.25, 0);
    assert_int_equal(r.i040.trk, 7);
    assert_int_equal(r.i080.tsb, 1);
    assert_int_equal(r.i080.mon, 1);
    assert_int_equal(r.i060.mode3a, 07700);
    assert_string_equal(r.i245.chr, "QTR7");
    assert_int_equal(r.i380.adr, 0x4CA7A8);
    assert_near(r.i136.fl, 3000 / 30.48, 1e-9);
    assert_near(r.i290.trk_s, 63.75, 0); /* 100 s, capped at the field's largest */
    assert_near(r.i500.apc.x_m, 20, 1e-12);
    assert_near(r.i500.cov_m, -30, 1e-12);
    assert_near(r.i500.atv.x_mps, 2, 1e-12);
    /* the record encodes (every value fits) and decodes to the same numbers */
    const char *hex = enc_hex(62, &r);
    uint8_t b[512];
    size_t n = hexb(hex, b);
    const asx062 *d = &dec1(62, b, n)->c062;
    assert_near(d->i100.x_m, 1000, 0);
    assert_near(d->i100.y_m, -2000, 0);
    assert_near(d->i500.cov_m, -30, 0);
    assert_near(d->i105.lat_deg, r.i105.lat_deg, 180.0 / (1 << 25));

    /* second update: no TSB; turning right at 2 deg/s is seen as a right turn */
    track(&t, 7, 1767225600.0 + 3605.25);
    t.x[3] = 100 * cos(10 * M_PI / 180);
    t.x[4] = -100 * sin(10 * M_PI / 180);
    asx_track_out_local(&o, &t, &r);
    assert_int_equal(r.i080.tsb, 0);
    assert_int_equal(r.i200.trans, 1);
    assert_int_equal(r.i200.longi, 0);
    assert_int_equal(r.i200.vert, 0);
    assert_false(HAS(245)); /* nothing known this time */
    /* deleted: the last message (TSE); the number may then start again (TSB) */
    t.status = SW_TRK_DELETED;
    asx_track_out_local(&o, &t, &r);
    assert_int_equal(r.i080.tse, 1);
    t.status = SW_TRK_TENTATIVE;
    asx_track_out_local(&o, &t, &r);
    assert_int_equal(r.i080.tsb, 1);
    assert_int_equal(r.i080.cnf, 1);
    /* a callsign the 6-bit alphabet cannot carry is left out, not sent wrong */
    t.flags = SW_HAS_CALLSIGN;
    strcpy(t.callsign, "qtr-7");
    asx_track_out_local(&o, &t, &r);
    assert_false(HAS(245));
    assert_false(HAS(380));
    /* system tracks: a 2-D picture has no height items */
    sw_system_track s;
    memset(&s, 0, sizeof s);
    s.stn = 0x1234;
    s.t = 1767225600.0;
    s.P[0] = s.P[7] = 100;
    s.n_sources = 3;
    asx_track_out_system(&o, &s, &r);
    assert_int_equal(r.i040.trk, 0x1234);
    assert_int_equal(r.i080.mon, 0);
    assert_false(HAS(130));
    assert_int_equal(r.i200.vert, 3);
#undef HAS
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_items)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
