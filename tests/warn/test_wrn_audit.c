/* tests/warn/test_wrn_audit.c - the signed audit log: keys, signed acks, writing, and tamper
 * detection tried exhaustively (every byte of a small log flipped three ways, every entry
 * removed, every pair swapped, every truncation), crash recovery and a foreign key. */
#include "../core/sw_test.h"
#include "warn/warn.h"
#include "warn/wrn_audit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char g_dir[64], g_log[64];
static uint8_t g_sk[64], g_pk[32];

static int setup(void **state)
{
    (void)state;
    sw_test_tmp(g_dir, "keys");
    sw_test_tmp(g_log, "audit.jsonl");
    sw_err err;
    if (wrn_keys_generate(g_dir, "QA", g_sk, g_pk, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/QA/audit.sk", g_dir);
    remove(p);
    snprintf(p, sizeof p, "%s/QA/audit.pk", g_dir);
    remove(p);
    snprintf(p, sizeof p, "%s/QA", g_dir);
    rmdir(p);
    rmdir(g_dir);
    remove(g_log);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = 0;
    fclose(f);
    return b;
}

static void test_keys(void **state)
{
    (void)state;
    char p[128];
    size_t len;
    snprintf(p, sizeof p, "%s/QA/audit.sk", g_dir);
    char *t = slurp(p, &len);
    assert_int_equal(len, 129);
    assert_int_equal(t[128], '\n');
    for (int i = 0; i < 128; i++)
        assert_non_null(strchr("0123456789abcdef", t[i]));
    free(t);
    struct stat sb;
    assert_int_equal(stat(p, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    snprintf(p, sizeof p, "%s/QA/audit.pk", g_dir);
    t = slurp(p, &len);
    assert_int_equal(len, 65);
    free(t);
    uint8_t sk[64], pk[32];
    assert_int_equal(wrn_keys_load(g_dir, "QA", sk, pk, NULL), 0);
    assert_memory_equal(sk, g_sk, 64);
    assert_memory_equal(pk, g_pk, 32);
    /* refuses to overwrite; a broken key file is an error */
    assert_int_not_equal(wrn_keys_generate(g_dir, "QA", sk, pk, NULL), 0);
    char bad[64];
    sw_test_write(sw_test_tmp(bad, "bad.sk"), "abcd\n");
    sw_err err;
    assert_int_equal(wrn_key_load_sk(bad, sk, &err), SW_EFORMAT);
    assert_non_null(strstr(err.msg, "128 hex digits"));
    remove(bad);
}

static void test_ack_signature(void **state)
{
    (void)state;
    wrn_ack a;
    memset(&a, 0, sizeof a);
    a.warning_id = 0x0000002a12345678ull;
    snprintf(a.nation, sizeof a.nation, "QA");
    snprintf(a.issuer, sizeof a.issuer, "JO");
    a.revision = 3;
    a.state = WRN_UPDATE;
    a.time = 1795000000.123456;
    snprintf(a.operator_id, sizeof a.operator_id, "auto");
    wrn_ack_sign(&a, g_sk);
    assert_int_equal(wrn_ack_verify(&a, g_pk), SW_OK);
    /* through int64 nanoseconds on the wire and back */
    wrn_ack b = a;
    long long ns = llround(a.time * 1e9);
    b.time = (double)ns / 1e9;
    assert_int_equal(wrn_ack_verify(&b, g_pk), SW_OK);
    /* bytes after a string's NUL are not signed */
    b.operator_id[10] = 'x';
    assert_int_equal(wrn_ack_verify(&b, g_pk), SW_OK);
    b = a;
    b.revision = 4;
    assert_int_equal(wrn_ack_verify(&b, g_pk), SW_ESECURITY);
    b = a;
    b.issuer[0] = 'S';
    assert_int_equal(wrn_ack_verify(&b, g_pk), SW_ESECURITY);
    b = a;
    b.time += 0.01;
    assert_int_equal(wrn_ack_verify(&b, g_pk), SW_ESECURITY);
}

static sw_warning sample_warning(void)
{
    sw_warning w;
    memset(&w, 0, sizeof w);
    w.area_id = wrn_area_id("QA", "Doha \"centre\"");
    w.stn = 42;
    w.id = ((uint64_t)42 << 32) | w.area_id;
    snprintf(w.issuer, sizeof w.issuer, "JO");
    snprintf(w.threatened, sizeof w.threatened, "QA");
    snprintf(w.area, sizeof w.area, "Doha \"centre\"");
    w.state = WRN_ISSUE;
    w.revision = 1;
    w.cls = SW_CLS_BALLISTIC;
    w.probability = 0.9f;
    w.impact_lat_deg = 25.3;
    w.impact_lon_deg = 51.5;
    w.ellipse_major_m = 3000;
    w.ellipse_minor_m = 1200;
    w.arrival = 1795000200;
    snprintf(w.text, sizeof w.text, "issue ballistic: impact in QA/Doha");
    return w;
}

/* A small log: open, received, ack_sent, updated, retracted, closed, seal. */
static void write_log(void)
{
    remove(g_log);
    wrn_audit *a;
    sw_err err;
    if (wrn_audit_open(&a, g_log, "QA", g_sk, WRN_AUDIT_SYNC_NONE, 1795000000, &err))
        fail_msg("%s", err.msg);
    sw_warning w = sample_warning();
    assert_int_equal(wrn_audit_log(a, 1795000001, "received", &w, NULL, "JO", 0, NULL, &err), 0);
    wrn_ack k;
    memset(&k, 0, sizeof k);
    k.warning_id = w.id;
    snprintf(k.nation, sizeof k.nation, "QA");
    snprintf(k.issuer, sizeof k.issuer, "JO");
    k.revision = 1;
    k.time = 1795000001.5;
    wrn_ack_sign(&k, g_sk);
    assert_int_equal(wrn_audit_log(a, 1795000001.5, "ack_sent", NULL, &k, "JO", 0, NULL, &err), 0);
    w.state = WRN_UPDATE;
    w.revision = 2;
    assert_int_equal(wrn_audit_log(a, 1795000010, "updated", &w, NULL, NULL, 0, NULL, &err), 0);
    w.state = WRN_RETRACT;
    w.revision = 3;
    assert_int_equal(wrn_audit_log(a, 1795000020, "retracted", &w, NULL, NULL, 0,
                                   "probability 0.01 below 0.02", &err), 0);
    assert_int_equal(wrn_audit_count(a), 5);
    assert_int_equal(wrn_audit_close(a, 1795000030, &err), 0);
}

static void test_write_and_verify(void **state)
{
    (void)state;
    write_log();
    wrn_audit_report r;
    sw_err err;
    wrn_audit_check by_dir = {.keys_dir = g_dir}, by_pk = {.pk = g_pk}, by_log = {0};
    if (wrn_audit_verify(g_log, &by_dir, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r.entries, 6);
    assert_true(r.sealed);
    assert_string_equal(r.node, "QA");
    assert_int_equal(wrn_audit_verify(g_log, &by_pk, &r, &err), 0);
    assert_int_equal(wrn_audit_verify(g_log, &by_log, &r, &err), 0);
    assert_true(r.key_from_log);
    /* another key: refused at the first entry */
    uint8_t other[32];
    memcpy(other, g_pk, 32);
    other[0] ^= 1;
    wrn_audit_check by_other = {.pk = other};
    assert_int_equal(wrn_audit_verify(g_log, &by_other, &r, &err), SW_ESECURITY);
    assert_int_equal(r.bad_entry, 0);
    assert_non_null(strstr(err.msg, "another key"));
    /* the area name with quotes came out as valid JSON */
    size_t len;
    char *t = slurp(g_log, &len);
    assert_non_null(strstr(t, "\"area\":\"Doha \\\"centre\\\"\""));
    free(t);
}

/* Line starts of a buffer. */
static int lines_of(const char *b, size_t len, size_t *start)
{
    int n = 0;
    size_t s = 0;
    for (size_t i = 0; i < len; i++)
        if (b[i] == '\n') {
            start[n++] = s;
            s = i + 1;
        }
    start[n] = len;
    return n;
}

static void test_tamper_exhaustive(void **state)
{
    (void)state;
    write_log();
    size_t len;
    char *orig = slurp(g_log, &len);
    char *b = malloc(len + 1);
    size_t st[64];
    int nl = lines_of(orig, len, st);
    assert_int_equal(nl, 6);
    wrn_audit_check chk = {.pk = g_pk};
    wrn_audit_report r;
    assert_int_equal(wrn_audit_verify_buf(orig, len, &chk, &r), SW_OK);
    /* every byte, three ways: lowest bit, case bit, top bit */
    const uint8_t masks[] = {0x01, 0x20, 0x80};
    long tried = 0, caught = 0, named_right = 0;
    for (size_t i = 0; i < len; i++)
        for (int m = 0; m < 3; m++) {
            memcpy(b, orig, len);
            b[i] ^= (char)masks[m];
            tried++;
            if (wrn_audit_verify_buf(b, len, &chk, &r) != SW_OK) {
                caught++;
                int line = 0;
                while (line + 1 < nl && st[line + 1] <= i)
                    line++;
                named_right += r.bad_entry == line;
            } else {
                fail_msg("flipping byte %zu ('%c') by %02x went unnoticed", i, orig[i], masks[m]);
            }
        }
    print_message("%ld single-byte changes of a %zu-byte log: %ld detected, %ld naming the "
                  "changed entry\n", tried, len, caught, named_right);
    assert_int_equal(caught, tried);
    assert_int_equal(named_right, tried);
    /* every entry removed */
    for (int k = 0; k < nl; k++) {
        size_t n1 = st[k], n2 = len - st[k + 1];
        memcpy(b, orig, n1);
        memcpy(b + n1, orig + st[k + 1], n2);
        assert_int_equal(wrn_audit_verify_buf(b, n1 + n2, &chk, &r), SW_ESECURITY);
    }
    /* every pair of adjacent entries swapped */
    for (int k = 0; k + 1 < nl; k++) {
        size_t la = st[k + 1] - st[k], lb = st[k + 2] - st[k + 1];
        memcpy(b, orig, len);
        memcpy(b + st[k], orig + st[k + 1], lb);
        memcpy(b + st[k] + lb, orig + st[k], la);
        assert_int_equal(wrn_audit_verify_buf(b, len, &chk, &r), SW_ESECURITY);
        assert_int_equal(r.bad_entry, k);
    }
    /* every truncation: mid-line is always caught; at a line boundary the missing seal is */
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(wrn_audit_verify_buf(orig, cut, &chk, &r), SW_ESECURITY);
    }
    /* an open log cut at a line boundary is caught by its anchor */
    wrn_audit_check open = {.pk = g_pk, .allow_open = 1};
    assert_int_equal(wrn_audit_verify_buf(orig, st[4], &open, &r), SW_OK);
    char head[65];
    assert_int_equal(wrn_audit_verify_buf(orig, st[5], &open, &r), SW_OK);
    snprintf(head, sizeof head, "%s", r.head);
    wrn_audit_check anchored = {.pk = g_pk, .allow_open = 1, .head = head};
    assert_int_equal(wrn_audit_verify_buf(orig, st[5], &anchored, &r), SW_OK);
    assert_int_equal(wrn_audit_verify_buf(orig, st[4], &anchored, &r), SW_ESECURITY);
    /* an entry duplicated */
    memcpy(b, orig, st[3]);
    memcpy(b + st[3], orig + st[2], st[3] - st[2]);
    assert_int_equal(wrn_audit_verify_buf(b, st[3] + st[3] - st[2], &open, &r), SW_ESECURITY);
    free(b);
    free(orig);
}

static void test_crash_recovery(void **state)
{
    (void)state;
    remove(g_log);
    wrn_audit *a;
    sw_err err;
    assert_int_equal(wrn_audit_open(&a, g_log, "QA", g_sk, WRN_AUDIT_SYNC_ENTRY, 1795000000,
                                    &err), 0);
    sw_warning w = sample_warning();
    assert_int_equal(wrn_audit_log(a, 1795000001, "issued", &w, NULL, NULL, 0, NULL, &err), 0);
    /* a second writer is refused while the first holds the log */
    wrn_audit *a2;
    assert_int_equal(wrn_audit_open(&a2, g_log, "QA", g_sk, 0, 1795000001, &err), SW_EIO);
    wrn_audit_abandon(a);
    /* a crash in the middle of the next write */
    const char *torn = "{\"seq\":2,\"time\":\"2026-11-";
    FILE *f = fopen(g_log, "ab");
    fputs(torn, f);
    fclose(f);
    wrn_audit_report r;
    wrn_audit_check open = {.pk = g_pk, .allow_open = 1};
    assert_int_equal(wrn_audit_verify(g_log, &open, &r, &err), SW_ESECURITY);
    assert_non_null(strstr(err.msg, "no newline"));
    assert_int_equal(wrn_audit_open(&a, g_log, "QA", g_sk, WRN_AUDIT_SYNC_ENTRY, 1795000100,
                                    &err), 0);
    assert_int_equal(wrn_audit_count(a), 4); /* open, issued, reopen, recovered */
    assert_int_equal(wrn_audit_close(a, 1795000200, &err), 0);
    wrn_audit_check sealed = {.pk = g_pk};
    if (wrn_audit_verify(g_log, &sealed, &r, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r.entries, 5);
    size_t len;
    char *t = slurp(g_log, &len);
    char want[128];
    snprintf(want, sizeof want, "\"event\":\"recovered\",\"cut_bytes\":%zu,", strlen(torn));
    assert_non_null(strstr(t, want));
    free(t);
    /* another nation's key cannot continue this log */
    char d2[64];
    sw_test_tmp(d2, "keys2");
    uint8_t sk2[64], pk2[32];
    assert_int_equal(wrn_keys_generate(d2, "QA", sk2, pk2, &err), 0);
    assert_int_equal(wrn_audit_open(&a, g_log, "QA", sk2, 0, 1795000300, &err), SW_ESECURITY);
    char p[128];
    snprintf(p, sizeof p, "%s/QA/audit.sk", d2);
    remove(p);
    snprintf(p, sizeof p, "%s/QA/audit.pk", d2);
    remove(p);
    snprintf(p, sizeof p, "%s/QA", d2);
    rmdir(p);
    rmdir(d2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_ack_signature),
        cmocka_unit_test(test_write_and_verify),
        cmocka_unit_test(test_tamper_exhaustive),
        cmocka_unit_test(test_crash_recovery),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
