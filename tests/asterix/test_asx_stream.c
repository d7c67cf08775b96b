/* tests/asterix/test_asx_stream.c - blocks and datagrams: the iterator and its faults, the block
 * writer, the edition table, the JSON line format and regrouping of JSON lines. */
#include "asx_test.h"

static uint8_t b[4096];

/* Two blocks; the second's first record is bad: the fault is located and the rest of that
 * block skipped by LEN, and a third block still decodes. */
static void test_iter_faults(void **state)
{
    (void)state;
    size_t n = hexb("30 000b a0 0102 80 a0 0103 40" /* CAT048: 2 records (010, 020) */
                    "30 0008 01 01 01 04 e0"       /* CAT048: SP length 224 > block */
                    "41 0005 0102"                 /* CAT065: no UAP here */
                    "22 0007 c0 0102 02", b);      /* CAT034: 010, 000 */
    asx_iter it;
    asx_rec r;
    asx_fault f;
    asx_iter_init(&it, b, n, NULL, -1);
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_RECORD);
    assert_int_equal(it.block, 1);
    assert_int_equal(it.record, 1);
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_RECORD);
    assert_int_equal(it.record, 2);
    assert_int_equal(asx_iter_next(&it, &r, &f), SW_ETRUNC);
    assert_int_equal(f.block, 2);
    assert_int_equal(f.record, 1);
    assert_int_equal(f.cat, 48);
    assert_int_equal(f.off, 11 + 3 + 4);      /* the SP length octet */
    assert_int_equal(f.skip_off, 11 + 3);     /* the record and the rest of its block */
    assert_int_equal(f.skip_len, 5);
    sw_err e;
    asx_fault_err(&f, "x.ast", &e);
    assert_string_equal(e.msg, "x.ast: block 2 (CAT048), record 1, I048/SP at byte 18: length 224 "
                               "runs past the end of the block (1 left)");
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_BLOCK);
    assert_int_equal(it.cat, 0x41);
    assert_int_equal(it.blk_len, 5);
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_RECORD);
    assert_int_equal(r.uap->cat, 34);
    assert_int_equal(it.block, 4);
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_END);

    /* the typed walk sees the same */
    asx_any a;
    asx_iter_init(&it, b, n, NULL, -1);
    assert_int_equal(asx_iter_decode(&it, &a, &f), ASX_RECORD);
    assert_int_equal(a.c048.i010.sic, 2);
    assert_int_equal(asx_iter_decode(&it, &a, &f), ASX_RECORD);
    assert_int_equal(a.c048.i010.sic, 3);
    assert_int_equal(asx_iter_decode(&it, &a, &f), SW_ETRUNC);
    assert_int_equal(f.off, 18);
    assert_int_equal(asx_iter_decode(&it, &a, &f), ASX_BLOCK);
    assert_int_equal(asx_iter_decode(&it, &a, &f), ASX_RECORD);
    assert_int_equal(a.c034.i000.msg_type, 2);

    /* a bad block header ends the buffer: nothing after it can be found */
    n = hexb("30 0002 00 30 0005 8001", b);
    asx_iter_init(&it, b, n, NULL, -1);
    assert_int_equal(asx_iter_next(&it, &r, &f), SW_EFORMAT);
    assert_string_equal(f.item, "block header");
    assert_int_equal(f.skip_len, n);
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_END);
    n = hexb("30 00", b);
    asx_iter_init(&it, b, n, NULL, -1);
    assert_int_equal(asx_iter_next(&it, &r, &f), SW_ETRUNC);
    /* an empty FSPEC (padding) is a fault, not an endless loop */
    n = hexb("30 0006 00 00 00", b);
    asx_iter_init(&it, b, n, NULL, -1);
    assert_int_equal(asx_iter_next(&it, &r, &f), SW_EFORMAT);
    assert_non_null(strstr(f.why, "no item present"));
    assert_int_equal(asx_iter_next(&it, &r, &f), ASX_END);
}

/* The writer packs records into blocks: a new block per category and when max_block is hit. */
static void test_writer(void **state)
{
    (void)state;
    static asx048 r;
    static asx034 s;
    memset(&r, 0, sizeof r);
    memset(&s, 0, sizeof s);
    r.present = 1;
    r.i010.sac = 1;
    s.present = 1 | 2;
    s.i000.msg_type = 1;
    asx_writer w;
    sw_err e;
    asx_writer_init(&w, b, sizeof b, 9); /* room for 2 CAT048 records of 3 octets */
    for (int i = 0; i < 3; i++)
        assert_int_equal(asx_writer_add(&w, asx_uap_find(48, NULL), &r, &e), SW_OK);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(34, NULL), &s, &e), SW_OK);
    size_t n = asx_writer_finish(&w);
    char hex[128];
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", b[i]);
    assert_string_equal(hex, "300009" "800100" "800100" "300006" "800100" "220007" "c00000" "01");
    /* too small a buffer: SW_EFULL, nothing half-written */
    asx_writer_init(&w, b, 5, 0);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(48, NULL), &r, &e), SW_EFULL);
    assert_int_equal(asx_writer_finish(&w), 0);
}

static void test_editions(void **state)
{
    (void)state;
    asx_editions ed;
    sw_err e;
    asx_editions_init(&ed);
    assert_int_equal(ed.n, 4);
    assert_ptr_equal(asx_editions_get(&ed, 48, 1, 2, 8600), asx_uap_find(48, "1.31"));
    assert_null(asx_editions_get(&ed, 1, -1, -1, -1));
    assert_int_equal(asx_editions_add(&ed, "48@25/201=1.31", &e), SW_OK);
    assert_int_equal(asx_editions_add(&ed, "21@port:30021=2.6", &e), SW_OK);
    assert_int_equal(ed.rule[4].sac, 25);
    assert_int_equal(ed.rule[5].port, 30021);
    assert_int_equal(asx_editions_add(&ed, "48@25/201=1.31", &e), SW_OK); /* replaces */
    assert_int_equal(ed.n, 6);
    assert_int_equal(asx_editions_add(&ed, "21=0.26", &e), SW_EUNSUPPORTED);
    assert_non_null(strstr(e.msg, "CAT021 edition 0.26 is not built in (built in: 2.6)"));
    assert_int_equal(asx_editions_add(&ed, "48@25=1.31", &e), SW_EINVAL);
    assert_int_equal(asx_editions_add(&ed, "x=1", &e), SW_EINVAL);
    assert_int_equal(asx_editions_add(&ed, "48@port:99999=1.31", &e), SW_EINVAL);
    /* the most specific rule wins: point a SAC/SIC rule at "no UAP" to see it chosen */
    ed.rule[4].uap = NULL;
    assert_null(asx_editions_get(&ed, 48, 25, 201, -1));
    assert_non_null(asx_editions_get(&ed, 48, 25, 202, -1));
}

/* The JSON line: metadata first, then the items in FRN order; values exact. */
static void test_json_line(void **state)
{
    (void)state;
    size_t n = hexb("fdf70219c9356d4da0c5aff1e0020005283c660c10c236d4182001c0780031bc0000400deb"
                    "07b9582e410020f5", b);
    const char *j = json1(48, b, n);
    assert_string_equal(
        j, "{\"cat\":48,\"edition\":\"1.31\",\"sac\":25,\"sic\":201,\"I048/010\":{\"sac\":25,\"sic\":201},"
           "\"I048/140\":{\"tod_s\":27354.6015625},\"I048/020\":{\"typ\":5,\"sim\":0,\"rdp\":0,\"spi\":0,"
           "\"rab\":0},\"I048/040\":{\"rho_nm\":197.68359375,\"theta_deg\":340.13671875},\"I048/070\":"
           "{\"v\":0,\"g\":0,\"l\":0,\"mode3a\":\"1000\"},\"I048/090\":{\"v\":0,\"g\":0,\"fl\":330},"
           "\"I048/220\":{\"address\":\"3c660c\"},\"I048/240\":{\"ident\":\"DLH65A  \"},\"I048/250\":"
           "[{\"mbdata\":\"c0780031bc0000\",\"bds1\":4,\"bds2\":0}],\"I048/161\":{\"trn\":3563},"
           "\"I048/200\":{\"gsp_nmps\":0.120667,\"hdg_deg\":124.002685546875},\"I048/170\":{\"cnf\":0,"
           "\"rad\":2,\"dou\":0,\"mah\":0,\"cdm\":0,\"tre\":0,\"gho\":0,\"sup\":0,\"tcc\":0},\"I048/230\":"
           "{\"com\":1,\"stat\":0,\"si\":0,\"mssc\":1,\"arc\":1,\"aic\":1,\"b1a\":1,\"b1b\":5}}");
    uint8_t back[128];
    assert_int_equal(unjson(j, back, sizeof back), n);
    assert_memory_equal(back, b, n);
    /* spare bits that are set survive; an 8-bit text with a NUL is shown in hex */
    n = hexb("01 10 f0 05", b); /* I048/161 with its 4 spare bits set */
    j = json1(48, b, n);
    assert_non_null(strstr(j, "\"I048/161\":{\"spare\":15,\"trn\":5}"));
    assert_int_equal(unjson(j, back, sizeof back), n);
    assert_memory_equal(back, b, n);
    n = hexb("01 01 02 40 44 4c 48 00 00 00 00", b); /* I062/390 CS with NULs */
    j = json1(62, b, n);
    assert_non_null(strstr(j, "\"cs_hex\":\"444c4800000000\""));
    assert_int_equal(unjson(j, back, sizeof back), n);
    assert_memory_equal(back, b, n);
    /* 6-bit text outside the ICAO alphabet (all zero: no identification) */
    n = hexb("01 40 000000000000", b);
    j = json1(48, b, n);
    assert_non_null(strstr(j, "\"ident_hex\":\"000000000000\""));
    assert_int_equal(unjson(j, back, sizeof back), n);
    assert_memory_equal(back, b, n);
    /* the metadata of a pcap frame */
    static char out[1024];
    asx_jout o;
    asx_jout_init(&o, out, sizeof out, NULL, NULL);
    asx_jmeta m = {7, 1462433756.50891, "10.0.0.1:5000", "232.1.1.11:21111", 2, 3, 1234};
    asx_json_block(&o, &m, 65, (const uint8_t *)"\x01\x02", 2);
    out[o.len] = 0;
    assert_string_equal(out, "{\"frame\":7,\"ts\":1462433756.508910,\"src\":\"10.0.0.1:5000\",\"dst\":"
                             "\"232.1.1.11:21111\",\"block\":2,\"record\":3,\"offset\":1234,\"cat\":65,"
                             "\"unsupported\":true,\"hex\":\"0102\"}\n");
}

static sw_rc collect(void *ctx, const uint8_t *p, size_t n, const asx_jline *first, sw_err *err)
{
    (void)err;
    char *s = ctx;
    size_t l = strlen(s);
    snprintf(s + l, 64, "%ld:", first->frame);
    for (size_t i = 0; i < n; i++)
        snprintf(s + strlen(s), 3, "%02x", p[i]);
    strcat(s, "|");
    return SW_OK;
}

/* Lines go back into blocks and datagrams by their frame and block keys. */
static void test_regroup(void **state)
{
    (void)state;
    const char *lines[] = {
        "{\"frame\":1,\"block\":1,\"cat\":48,\"I048/010\":{\"sac\":1,\"sic\":2}}",
        "{\"frame\":1,\"block\":1,\"cat\":48,\"I048/010\":{\"sac\":1,\"sic\":3}}",
        "{\"frame\":1,\"block\":2,\"cat\":65,\"unsupported\":true,\"hex\":\"aa\"}",
        "{\"frame\":2,\"block\":1,\"cat\":48,\"I048/010\":{\"sac\":1,\"sic\":4}}",
        "{\"frame\":2,\"block\":1,\"cat\":48,\"error\":\"x\",\"tail\":\"0102\"}",
        "{\"frame\":3,\"block\":1,\"cat\":0,\"error\":\"x\",\"raw\":\"3000\"}",
        "{\"cat\":34,\"I034/000\":{\"msg_type\":1}}",
        "{\"cat\":34,\"I034/000\":{\"msg_type\":2}}",
    };
    static asx_jasm a;
    static char got[1024];
    got[0] = 0;
    asx_jasm_init(&a, collect, got);
    uint8_t rec[256];
    sw_err e;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        asx_jline jl;
        assert_int_equal(asx_json_parse(lines[i], strlen(lines[i]), NULL, rec, sizeof rec, &jl, &e), 0);
        assert_int_equal(asx_jasm_add(&a, &jl, rec, &e), SW_OK);
    }
    assert_int_equal(asx_jasm_finish(&a, &e), SW_OK);
    assert_string_equal(got, "1:300009800102800103410004aa|2:30000880010401" "02|3:3000|"
                             "-1:22000540" "01|-1:2200054002|");
    /* a parse error names the field */
    asx_jline jl;
    const char *bad = "{\"cat\":48,\"I048/070\":{\"mode3a\":\"7800\"}}";
    assert_int_equal(asx_json_parse(bad, strlen(bad), NULL, rec, sizeof rec, &jl, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "I048/070 mode3a: expected up to four octal digits"));
    bad = "{\"cat\":48,\"I048/010\":{\"sac\":256}}";
    assert_int_equal(asx_json_parse(bad, strlen(bad), NULL, rec, sizeof rec, &jl, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "I048/010 sac: 256 does not fit 8 bits"));
    bad = "{\"cat\":48,\"I048/010\":{\"sac\":1}";
    assert_int_equal(asx_json_parse(bad, strlen(bad), NULL, rec, sizeof rec, &jl, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "not valid JSON"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iter_faults), cmocka_unit_test(test_writer),
        cmocka_unit_test(test_editions),    cmocka_unit_test(test_json_line),
        cmocka_unit_test(test_regroup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
