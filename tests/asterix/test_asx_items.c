/* tests/asterix/test_asx_items.c - one test per kind of data item (fixed, extended, repetitive,
 * repetitive-FX, compound, explicit), decoded by both paths, encoded back, and the faults each
 * kind can have, with the values worked out by hand from the specifications. */
#include "asx_test.h"

static uint8_t b[4096];

/* asterix-notes §8: the canonical CAT048 record (cat048.raw), every value checked by hand */
static void test_cat048_vector(void **state)
{
    (void)state;
    const char *hex = "fdf70219c9356d4da0c5aff1e0020005283c660c10c236d4182001c0780031bc0000400deb"
                      "07b9582e410020f5";
    size_t n = hexb(hex, b);
    const asx048 *r = &dec1(48, b, n)->c048;
    assert_int_equal(r->i010.sac, 25);
    assert_int_equal(r->i010.sic, 201);
    assert_near(r->i140.tod_s, 0x356D4D / 128.0, 0);
    assert_int_equal(r->i020.typ, 5);
    assert_int_equal(r->i020.parts, 1);
    assert_near(r->i040.rho_nm, 197.68359375, 0);
    assert_near(r->i040.theta_deg, 340.13671875, 0);
    assert_int_equal(r->i070.mode3a, 01000);
    assert_near(r->i090.fl, 330, 0);
    assert_int_equal(r->i220.address, 0x3C660C);
    assert_string_equal(r->i240.ident, "DLH65A  ");
    assert_int_equal(r->i250.n, 1);
    assert_int_equal(r->i250.e[0].bds1, 4);
    assert_int_equal(r->i250.e[0].bds2, 0);
    assert_true(r->i250.e[0].mbdata == UINT64_C(0xc0780031bc0000));
    assert_int_equal(r->i161.trn, 3563);
    assert_near(r->i200.gsp_nmps, 0x07B9 / 16384.0, 0);
    assert_near(r->i200.hdg_deg, 124.002685546875, 0);
    assert_int_equal(r->i170.rad, 2);
    assert_int_equal(r->i170.parts, 2); /* the sender added an all-zero extent */
    assert_int_equal(r->i230.com, 1);
    assert_int_equal(r->i230.b1b, 5);
    /* present: FRN 1-6, 8-11, 13, 14, 21 */
    uint64_t want = 0;
    int frns[] = {1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 21};
    for (size_t i = 0; i < sizeof frns / sizeof frns[0]; i++)
        want |= 1ULL << (frns[i] - 1);
    assert_true(r->present == want);
    /* parts = 2 kept, so the record comes back octet for octet */
    assert_string_equal(enc_hex(48, r), hex);
    asx048 c = *r;
    c.i170.parts = 0; /* minimal: the empty extent goes */
    assert_non_null(strstr(enc_hex(48, &c), "0deb07b9582e4020f5"));
}

/* fixed items with signed fields: two's complement over the field's own width */
static void test_fixed_signed(void **state)
{
    (void)state;
    size_t n = hexb("04 3f ec", b); /* FRN 6 = I048/090, FL raw 0x3fec = -20 quarters */
    assert_near(dec1(48, b, n)->c048.i090.fl, -5.0, 0);
    static asx048 r;
    memset(&r, 0, sizeof r);
    r.present = 1ULL << (ASX048_FRN_042 - 1);
    r.i042.x_nm = -1.0;    /* -128 LSB */
    r.i042.y_nm = 255.99;  /* rounds to 32767 LSB */
    assert_string_equal(enc_hex(48, &r), "0108ff807fff");
    r.i042.y_nm = 256.0;   /* one LSB too far */
    sw_err e;
    size_t len;
    assert_int_equal(asx_encode(asx_uap_find(48, NULL), &r, b, sizeof b, &len, &e), SW_ERANGE);
    assert_non_null(strstr(e.msg, "I048/042 y_nm"));
    /* an azimuth of 360 degrees is 0 */
    memset(&r, 0, sizeof r);
    r.present = 1ULL << (ASX048_FRN_040 - 1);
    r.i040.rho_nm = 1;
    r.i040.theta_deg = 359.999;
    assert_string_equal(enc_hex(48, &r), "1001000000");
    r.i040.rho_nm = 300; /* beyond 256 NM */
    assert_int_equal(asx_encode(asx_uap_find(48, NULL), &r, b, sizeof b, &len, &e), SW_ERANGE);
    assert_non_null(strstr(e.msg, "rho_nm"));
}

/* extended: parts follow the FX bits; encoding stops at the last non-zero part */
static void test_extended(void **state)
{
    (void)state;
    size_t n = hexb("20 a0", b);
    const asx048_020 *d = &dec1(48, b, n)->c048.i020;
    assert_int_equal(d->parts, 1);
    assert_int_equal(d->typ, 5);
    n = hexb("20 a1 41 80", b);
    d = &dec1(48, b, n)->c048.i020;
    assert_int_equal(d->parts, 3);
    assert_int_equal(d->err, 1);
    assert_int_equal(d->tst, 0);
    assert_int_equal(d->adsb_ep, 1);
    static asx048 r;
    memset(&r, 0, sizeof r);
    r.present = 1ULL << (ASX048_FRN_020 - 1);
    r.i020.typ = 5;
    assert_string_equal(enc_hex(48, &r), "20a0");
    r.i020.pai_val = 1;
    assert_string_equal(enc_hex(48, &r), "20a10104");
    r.i020.pai_val = 0;
    r.i020.parts = 2;
    assert_string_equal(enc_hex(48, &r), "20a100");
    /* FX on the last extent 1.31 defines: a located fault, not a guess */
    n = hexb("20 a1 01 81", b);
    asx_rec rec;
    asx_fault f;
    assert_int_equal(asx_rec_split(asx_uap_find(48, NULL), b, n, &rec, &f), SW_EFORMAT);
    assert_string_equal(f.item, "I048/020");
    assert_int_equal(f.off, 3);
    assert_non_null(strstr(f.why, "FX set on the last of the 3 extents"));
    asx_any a;
    size_t len;
    assert_int_equal(asx_decode_record(asx_uap_find(48, NULL), b, n, &a, &len, &f), SW_EFORMAT);
    assert_int_equal(f.off, 3);
}

/* repetitive: a count octet, then count elements */
static void test_repetitive(void **state)
{
    (void)state;
    size_t n = hexb("01 20 00", b); /* I048/250 with no register */
    assert_int_equal(dec1(48, b, n)->c048.i250.n, 0);
    n = hexb("01 20 02 0011223344556640 aabbccddeeff0060", b);
    const asx048_250 *d = &dec1(48, b, n)->c048.i250;
    assert_int_equal(d->n, 2);
    assert_true(d->e[0].mbdata == UINT64_C(0x00112233445566));
    assert_int_equal(d->e[0].bds1, 4);
    assert_int_equal(d->e[1].bds1, 6);
    assert_string_equal(enc_hex(48, &dec1(48, b, n)->c048), "0120020011223344556640aabbccddeeff0060");
    n = hexb("01 20 03 0011223344556640 aabbccddeeff0060", b); /* says 3, has 2 */
    asx_rec r;
    asx_fault f;
    assert_int_equal(asx_rec_split(asx_uap_find(48, NULL), b, n, &r, &f), SW_ETRUNC);
    assert_string_equal(f.item, "I048/250");
    assert_int_equal(f.off, 2);
    /* I034/070 message counts: TYP 5 bits, COUNT 11 bits */
    n = hexb("01 80 01 0807", b); /* I034/070 = FRN 8 */
    const asx034 *c = &dec1(34, b, n)->c034;
    assert_int_equal(c->i070.n, 1);
    assert_int_equal(c->i070.e[0].typ, 1);
    assert_int_equal(c->i070.e[0].count, 7);
}

/* repetitive-FX: elements end with FX; manufacturer codes 64..127 are data, not errors */
static void test_repfx(void **state)
{
    (void)state;
    size_t n = hexb("01 01 40 03 82", b); /* I048/030: codes 1 and 65 */
    const asx048_030 *d = &dec1(48, b, n)->c048.i030;
    assert_int_equal(d->n, 2);
    assert_int_equal(d->e[0], 1);
    assert_int_equal(d->e[1], 65);
    assert_string_equal(enc_hex(48, &dec1(48, b, n)->c048), "01014003" "82");
    assert_non_null(strstr(json1(48, b, n), "\"I048/030\":[1,65]"));
    /* I062/510 (tshark 4.0 mis-sizes it: asterix-notes §7.2): one element, IDENT 3, TRACK 3551 */
    n = hexb("81 01 01 08 0005 061bbe", b);
    const asx062_510 *t = &dec1(62, b, n)->c062.i510;
    assert_int_equal(t->n, 1);
    assert_int_equal(t->e[0].ident, 6);
    assert_int_equal(t->e[0].track, 0x1bbe >> 1);
    n = hexb("01 01 40 03 83", b); /* FX set on the last element of the record */
    asx_rec r;
    asx_fault f;
    assert_int_equal(asx_rec_split(asx_uap_find(48, NULL), b, n, &r, &f), SW_ETRUNC);
    assert_string_equal(f.item, "I048/030");
}

/* compound: sub-FSPEC and the present subfields; trailing zero sub-FSPEC octets accepted */
static void test_compound(void **state)
{
    (void)state;
    size_t n = hexb("02 a0 10 b8", b); /* I048/130: SRL 16, SAM -72 dBm */
    const asx048_130 *d = &dec1(48, b, n)->c048.i130;
    assert_int_equal(d->present, 1 | 4);
    assert_near(d->srl_deg, 16 * 360.0 / 8192, 0);
    assert_near(d->sam_dbm, -72, 0);
    assert_string_equal(json1(48, b, n), "{\"cat\":48,\"edition\":\"1.31\",\"I048/130\":{\"srl_deg\":0.703125,\"sam_dbm\":-72}}");
    /* a second, empty sub-FSPEC octet: the typed path decodes, JSON keeps it for the octets */
    n = hexb("02 a1 00 10 b8", b);
    assert_near(dec1(48, b, n)->c048.i130.sam_dbm, -72, 0);
    const char *j = json1(48, b, n);
    assert_non_null(strstr(j, "\"fspec_octets\":2"));
    uint8_t back[64];
    assert_int_equal(unjson(j, back, sizeof back), n);
    assert_memory_equal(back, b, n);
    /* I034/050 subfield 2 is spare: a fault naming it */
    n = hexb("04 40 00", b);
    asx_rec r;
    asx_fault f;
    assert_int_equal(asx_rec_split(asx_uap_find(34, NULL), b, n, &r, &f), SW_EFORMAT);
    assert_string_equal(f.item, "I034/050");
    assert_non_null(strstr(f.why, "subfield 2 is not defined"));
    /* nested: I062/380 with ADR and an IAS subfield in Mach */
    n = hexb("01 10 90 4ca7a8 8320", b); /* FRN 11 = I062/380: ADR (1), IAS (4) */
    const asx062_380 *a = &dec1(62, b, n)->c062.i380;
    assert_int_equal(a->adr, 0x4ca7a8);
    assert_int_equal(a->ias.im, 1);
    assert_near(a->ias.ias, 0.8, 1e-12);
    assert_non_null(strstr(json1(62, b, n), "\"ias\":{\"im\":1,\"ias_mach\":0.8}"));
    assert_string_equal(enc_hex(62, &dec1(62, b, n)->c062), "0110904ca7a88320");
}

/* explicit (SP, RE): opaque, length-checked */
static void test_explicit(void **state)
{
    (void)state;
    size_t n = hexb("01 01 01 04 03 aa bb", b); /* I048/SP = FRN 27 */
    const asx_explicit *e = &dec1(48, b, n)->c048.sp;
    assert_int_equal(e->len, 2);
    assert_int_equal(e->data[0], 0xaa);
    assert_non_null(strstr(json1(48, b, n), "\"I048/SP\":\"aabb\""));
    assert_string_equal(enc_hex(48, &dec1(48, b, n)->c048), "0101010403aabb");
    asx_rec r;
    asx_fault f;
    n = hexb("01 01 01 04 00", b);
    assert_int_equal(asx_rec_split(asx_uap_find(48, NULL), b, n, &r, &f), SW_EFORMAT);
    assert_non_null(strstr(f.why, "length octet is 0"));
    n = hexb("01 01 01 04 e0 aa", b); /* the albatross sample's kind of overrun */
    assert_int_equal(asx_rec_split(asx_uap_find(48, NULL), b, n, &r, &f), SW_ETRUNC);
    assert_string_equal(f.item, "I048/SP");
    assert_int_equal(f.off, 4);
}

/* a field whose unit depends on the field before it (I021/150 IM) */
static void test_case_field(void **state)
{
    (void)state;
    size_t n = hexb("01 40 83 20", b); /* IM 1: Mach 0.800 */
    assert_near(dec1(21, b, n)->c021.i150.as, 0.8, 1e-12);
    assert_non_null(strstr(json1(21, b, n), "\"as_mach\":0.8"));
    n = hexb("01 40 03 20", b);       /* IM 0: 800 / 2^14 NM/s */
    assert_near(dec1(21, b, n)->c021.i150.as, 800 / 16384.0, 1e-15);
    assert_non_null(strstr(json1(21, b, n), "\"as_nmps\":0.048828"));
    uint8_t back[16];
    assert_int_equal(unjson("{\"cat\":21,\"I021/150\":{\"im\":1,\"as_mach\":0.8}}", back, 16), 4);
    assert_memory_equal(back, "\x01\x40\x83\x20", 4);
    asx_jline jl;
    sw_err e;
    const char *bad = "{\"cat\":21,\"I021/150\":{\"im\":0,\"as_mach\":0.8}}";
    assert_int_equal(asx_json_parse(bad, strlen(bad), NULL, back, 16, &jl, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "does not match im"));
}

/* characters: 6-bit ICAO both ways, and what the alphabet cannot carry */
static void test_chars(void **state)
{
    (void)state;
    assert_int_equal(asx_icao_char(1), 'A');
    assert_int_equal(asx_icao_char(32), ' ');
    assert_int_equal(asx_icao_char(48), '0');
    for (int c = 0; c < 64; c++)
        assert_int_equal(asx_icao_code(asx_icao_char((unsigned)c)), c);
    assert_int_equal(asx_icao_code('a'), -1);
    static asx048 r;
    memset(&r, 0, sizeof r);
    r.present = 1ULL << (ASX048_FRN_240 - 1);
    strcpy(r.i240.ident, "DLH65A");
    assert_string_equal(enc_hex(48, &r), "0140" "10c236d41820"); /* padded with spaces */
    strcpy(r.i240.ident, "dlh65a");
    sw_err e;
    size_t len;
    assert_int_equal(asx_encode(asx_uap_find(48, NULL), &r, b, sizeof b, &len, &e), SW_ERANGE);
    assert_non_null(strstr(e.msg, "I048/240 ident"));
}

/* the other categories' vectors from asterix-notes §8 */
static void test_other_vectors(void **state)
{
    (void)state;
    size_t n = hexb("f6190e023a692b408840408000", b); /* CAT034 sector crossing */
    const asx034 *c = &dec1(34, b, n)->c034;
    assert_int_equal(c->i010.sic, 14);
    assert_int_equal(c->i000.msg_type, 2);
    assert_near(c->i030.tod_s, 29906.3359375, 0);
    assert_near(c->i020.sector_deg, 90, 0);
    assert_true(c->i050.present & 1);
    n = hexb("f51b7b438200030108055f00214fba08bee11a4b65416f71416f3c15b80e020e46057800416f91"
             "15a4f1d1a22004", b); /* CAT021 (ed. 2.1 data, 2.6 layout) */
    const asx021 *a = &dec1(21, b, n)->c021;
    assert_int_equal(a->i161.trnum, 1375);
    assert_near(a->i130.lat_deg, 46.84420, 1e-5);
    assert_near(a->i130.lon_deg, 12.29853, 1e-5);
    assert_int_equal(a->i080.address, 0x1A4B65);
    assert_near(a->i140.height_ft, 34750, 0);
    assert_int_equal(a->i070.mode3a, 07106);
    assert_near(a->i145.fl, 350, 0);
    assert_string_equal(a->i170.ident, "EZS14ZH ");
    assert_int_equal(a->i210.ltt, 2);
    n = hexb("bfdffd021964015981b3007518fc002caed9ff196bf086600393ff43000002bdc1204ca7a84994b1"
             "df40e020f612691903010870170d0d00900d0d061816cd06180000dc190c93ba88e8061802bda0", b);
    const asx062 *t = &dec1(62, b, n)->c062;
    assert_near(t->i070.tod_s, 45827.3984375, 0);
    assert_near(t->i105.lat_deg, 41.16712, 1e-5);
    assert_near(t->i105.lon_deg, 15.70887, 1e-5);
    assert_near(t->i100.x_m, -29514.5, 0);
    assert_near(t->i100.y_m, -507088, 0);
    assert_near(t->i185.vx_mps, 228.75, 0);
    assert_near(t->i185.vy_mps, -47.25, 0);
    assert_int_equal(t->i060.mode3a, 01275);
    assert_int_equal(t->i380.adr, 0x4CA7A8);
    assert_string_equal(t->i380.id, "RYR174C ");
    assert_int_equal(t->i040.trk, 0x1269);
    assert_near(t->i136.fl, 390, 0);
    assert_near(t->i130.alt_ft, 36481.25, 0);
    assert_near(t->i340.pos.rho_nm, 147.7265625, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cat048_vector), cmocka_unit_test(test_fixed_signed),
        cmocka_unit_test(test_extended),      cmocka_unit_test(test_repetitive),
        cmocka_unit_test(test_repfx),         cmocka_unit_test(test_compound),
        cmocka_unit_test(test_explicit),      cmocka_unit_test(test_case_field),
        cmocka_unit_test(test_chars),         cmocka_unit_test(test_other_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
