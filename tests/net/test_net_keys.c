/* skyweave keys: the PKI, signed documents and audit keys, and the node's security checks. */
#include "../core/sw_test.h"

#include "net/net.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[64], dir2[64];

static int setup(void **s)
{
    (void)s;
    snprintf(dir, sizeof dir, "/tmp/sw_keys_%d", (int)getpid());
    snprintf(dir2, sizeof dir2, "/tmp/sw_keys_%d_rogue", (int)getpid());
    net_keys_opts o;
    memset(&o, 0, sizeof o);
    o.n_nations = 3;
    strcpy(o.nations[0], "QA"), strcpy(o.nations[1], "BH"), strcpy(o.nations[2], "EG");
    o.deny[0] = 1u << 2; /* QA releases nothing to EG */
    strcpy(o.out, dir);
    o.days = 30;
    sw_err e;
    if (net_keys_make(&o, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    strcpy(o.out, dir2);
    o.deny[0] = 0;
    return net_keys_make(&o, &e) ? -1 : 0;
}

static int teardown(void **s)
{
    (void)s;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, dir2);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *b = calloc(1, 65536);
    size_t n = fread(b, 1, 65535, f);
    b[n] = 0;
    fclose(f);
    return b;
}

static void test_documents(void **s)
{
    (void)s;
    char p[256], ca[256];
    snprintf(ca, sizeof ca, "%s/ca/coalition_ca.pem", dir);
    snprintf(p, sizeof p, "%s/QA/permissions.p7s", dir);
    char *text = NULL;
    assert_int_equal(net_smime_verify(p, ca, &text, NULL), SW_OK);
    /* the signed content: QA publishes only as QA and only to BH (not to EG) */
    assert_non_null(strstr(text, "<subject_name>CN=node-QA,OU=QA,O=SkyweaveCoalition</subject_name>"));
    assert_non_null(strstr(text, "<partition>QA_to_BH</partition>"));
    /* tracks: not to EG; status, warnings and acknowledgements: to every partner */
    const char *trk = strstr(text, "<topic>sw_local_track</topic>");
    assert_non_null(trk);
    assert_null(strstr(trk, "QA_to_EG"));
    assert_non_null(strstr(text, "<topic>sw_warning</topic>"));
    assert_true(strstr(text, "QA_to_EG") && strstr(text, "QA_to_EG") < trk);
    assert_non_null(strstr(text, "<partition>BH_to_QA</partition>"));
    assert_null(strstr(text, "<partition>BH_to_EG</partition>")); /* not BH's partitions */
    assert_non_null(strstr(text, "<default>DENY</default>"));
    free(text);
    snprintf(p, sizeof p, "%s/EG/permissions.p7s", dir);
    assert_int_equal(net_smime_verify(p, ca, &text, NULL), SW_OK);
    /* EG may not read QA's tracks, which QA does not release to it, but hears its warnings */
    const char *sub = strstr(strstr(text, "<subscribe>") + 1, "<subscribe>"); /* tracks block */
    assert_non_null(sub);
    assert_non_null(strstr(sub, "<topic>sw_local_track</topic>"));
    assert_null(strstr(sub, "QA_to_EG"));
    assert_non_null(strstr(text, "QA_to_EG"));
    free(text);
    snprintf(p, sizeof p, "%s/governance.p7s", dir);
    assert_int_equal(net_smime_verify(p, ca, &text, NULL), SW_OK);
    assert_non_null(strstr(text, "<allow_unauthenticated_participants>false"));
    assert_non_null(strstr(text, "<data_protection_kind>ENCRYPT"));
    free(text);
    /* signed by another CA: refused */
    char rogue_ca[256];
    snprintf(rogue_ca, sizeof rogue_ca, "%s/ca/coalition_ca.pem", dir2);
    sw_err e;
    assert_int_equal(net_smime_verify(p, rogue_ca, &text, &e), SW_ESECURITY);
    /* one changed byte in the signed text: refused */
    char *doc = slurp(p);
    char *x = strstr(doc, "false</allow");
    assert_non_null(x);
    memcpy(x, "true!", 5);
    char tp[256];
    snprintf(tp, sizeof tp, "%s/tampered.p7s", dir);
    sw_test_write(tp, doc);
    free(doc);
    assert_int_equal(net_smime_verify(tp, ca, &text, &e), SW_ESECURITY);
}

static void test_audit_keys(void **s)
{
    (void)s;
    char p[256];
    snprintf(p, sizeof p, "%s/BH/audit.sk", dir);
    char *sk = slurp(p);
    snprintf(p, sizeof p, "%s/BH/audit.pk", dir);
    char *pk = slurp(p);
    assert_int_equal(strlen(sk), 129);
    assert_int_equal(strlen(pk), 65);
    assert_int_equal(sk[128], '\n');
    assert_int_equal(pk[64], '\n');
    for (int i = 0; i < 128; i++)
        assert_non_null(strchr("0123456789abcdef", sk[i]));
    unsigned char skb[64], pkb[32], derived[32];
    assert_int_equal(sodium_hex2bin(skb, 64, sk, 128, NULL, NULL, NULL), 0);
    assert_int_equal(sodium_hex2bin(pkb, 32, pk, 64, NULL, NULL, NULL), 0);
    crypto_sign_ed25519_sk_to_pk(derived, skb);
    assert_memory_equal(derived, pkb, 32);
    /* and it signs */
    unsigned char sig[64];
    crypto_sign_detached(sig, NULL, (const unsigned char *)"x", 1, skb);
    assert_int_equal(crypto_sign_verify_detached(sig, (const unsigned char *)"x", 1, pkb), 0);
    struct stat st;
    snprintf(p, sizeof p, "%s/BH/audit.sk", dir);
    stat(p, &st);
    assert_int_equal(st.st_mode & 077, 0); /* secret key readable by its owner only */
    free(sk);
    free(pk);
}

static void test_secfiles_check(void **s)
{
    (void)s;
    net_secfiles f;
    sw_err e;
    net_secfiles_in_dir(&f, dir, "BH");
    assert_int_equal(net_secfiles_check(&f, "BH", &e), SW_OK);
    /* another nation's private key with BH's certificate */
    net_secfiles g = f;
    snprintf(g.key, sizeof g.key, "%s/QA/identity.key", dir);
    assert_int_equal(net_secfiles_check(&g, "BH", &e), SW_ESECURITY);
    assert_non_null(strstr(e.msg, "does not belong"));
    /* BH's certificate with QA's permissions */
    g = f;
    snprintf(g.permissions, sizeof g.permissions, "%s/QA/permissions.p7s", dir);
    assert_int_equal(net_secfiles_check(&g, "BH", &e), SW_ESECURITY);
    /* a certificate from another CA */
    g = f;
    snprintf(g.cert, sizeof g.cert, "%s/BH/identity.pem", dir2);
    snprintf(g.key, sizeof g.key, "%s/BH/identity.key", dir2);
    assert_int_equal(net_secfiles_check(&g, "BH", &e), SW_ESECURITY);
    assert_non_null(strstr(e.msg, "not valid"));
    /* a missing file */
    g = f;
    snprintf(g.governance, sizeof g.governance, "%s/nope.p7s", dir);
    assert_int_equal(net_secfiles_check(&g, "BH", &e), SW_ENOTFOUND);
}

static void test_refuse_overwrite(void **s)
{
    (void)s;
    net_keys_opts o;
    memset(&o, 0, sizeof o);
    o.n_nations = 1;
    strcpy(o.nations[0], "QA");
    strcpy(o.out, dir);
    o.days = 30;
    sw_err e;
    assert_int_equal(net_keys_make(&o, &e), SW_EINVAL);
    assert_non_null(strstr(e.msg, "refusing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents), cmocka_unit_test(test_audit_keys),
        cmocka_unit_test(test_secfiles_check), cmocka_unit_test(test_refuse_overwrite),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
