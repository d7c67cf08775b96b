/* net/net_docs.c - `skyweave keys`: the coalition CA, one identity per nation, the governance
 * document and one permissions document per nation, S/MIME-signed; and each nation's Ed25519
 * audit-log key pair (libsodium).
 *
 * Permissions follow the partition scheme of net_dds.c: nation A may publish the sw_* topics only
 * in partitions A_to_B (B a partner it releases to) and subscribe only in B_to_A (B a partner
 * that releases to it).  Cyclone checks both locally and at the remote side against the signed
 * document, so a node cannot write as another nation, nor read what was not released to it. */
#include "net/net.h"
#include "net/net_pki.h"

#include <errno.h>
#include <stdarg.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509_vfy.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define ORG "SkyweaveCoalition"

void net_subject(char *buf, size_t n, const char *nation)
{
    snprintf(buf, n, "CN=node-%s,OU=%s,O=" ORG, nation, nation);
}

sw_rc net_smime_sign(const char *text, const char *cert_pem, const char *key_pem,
                     const char *out_path, sw_err *err)
{
    X509 *cert = pki_read_cert(cert_pem, err);
    if (!cert)
        return err ? err->rc : SW_EIO;
    EVP_PKEY *key = pki_read_key(key_pem, err);
    if (!key) {
        X509_free(cert);
        return err ? err->rc : SW_EIO;
    }
    sw_rc rc = SW_OK;
    /* -text: the signed content carries a "Content-Type: text/plain" header; Cyclone verifies with
     * PKCS7_TEXT and refuses a document signed without it (dds-notes 2.6). */
    int flags = PKCS7_DETACHED | PKCS7_TEXT | PKCS7_STREAM;
    BIO *in = BIO_new_mem_buf(text, (int)strlen(text));
    PKCS7 *p7 = in ? PKCS7_sign(cert, key, NULL, in, flags) : NULL;
    BIO *out = p7 ? BIO_new_file(out_path, "w") : NULL;
    if (!p7 || !out || !SMIME_write_PKCS7(out, p7, in, flags))
        rc = sw_err_set(err, SW_ESECURITY, "%s: cannot sign (%s)", out_path, pki_ssl_error());
    BIO_free(out);
    PKCS7_free(p7);
    BIO_free(in);
    EVP_PKEY_free(key);
    X509_free(cert);
    return rc;
}

sw_rc net_smime_verify(const char *path, const char *ca_pem, char **text, sw_err *err)
{
    *text = NULL;
    X509 *ca = pki_read_cert(ca_pem, err);
    if (!ca)
        return err ? err->rc : SW_EIO;
    sw_rc rc = SW_OK;
    X509_STORE *st = X509_STORE_new();
    BIO *in = BIO_new_file(path, "r"), *cont = NULL, *out = BIO_new(BIO_s_mem());
    PKCS7 *p7 = NULL;
    if (!st || !out || !X509_STORE_add_cert(st, ca))
        rc = sw_err_set(err, SW_ENOMEM, "%s: %s", path, pki_ssl_error());
    else if (!in)
        rc = sw_err_set(err, SW_ENOTFOUND, "%s: cannot open", path);
    else if (!(p7 = SMIME_read_PKCS7(in, &cont)))
        rc = sw_err_set(err, SW_ESECURITY, "%s: not an S/MIME signed document (%s)", path,
                        pki_ssl_error());
    else if (PKCS7_verify(p7, NULL, st, cont, out, PKCS7_TEXT) != 1)
        rc = sw_err_set(err, SW_ESECURITY, "%s: signature does not verify against %s (%s)", path,
                        ca_pem, pki_ssl_error());
    if (!rc) {
        char *data;
        long k = BIO_get_mem_data(out, &data);
        *text = malloc((size_t)k + 1);
        if (!*text)
            rc = sw_err_set(err, SW_ENOMEM, "out of memory");
        else {
            memcpy(*text, data, (size_t)k);
            (*text)[k] = 0;
        }
    }
    PKCS7_free(p7);
    BIO_free(cont);
    BIO_free(in);
    BIO_free(out);
    X509_STORE_free(st);
    X509_free(ca);
    return rc;
}

/* ---- documents ------------------------------------------------------------------------------- */

static const char governance_tpl[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<!-- skyweave coalition governance: every participant authenticated, every topic access-\n"
    "     controlled; %s -->\n"
    "<dds xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xsi:noNamespaceSchemaLocation=\"https://www.omg.org/spec/DDS-SECURITY/20170901/"
    "omg_shared_ca_governance.xsd\">\n"
    "  <domain_access_rules>\n"
    "    <domain_rule>\n"
    "      <domains><id_range><min>0</min><max>230</max></id_range></domains>\n"
    "      <allow_unauthenticated_participants>false</allow_unauthenticated_participants>\n"
    "      <enable_join_access_control>true</enable_join_access_control>\n"
    "      <discovery_protection_kind>ENCRYPT</discovery_protection_kind>\n"
    "      <liveliness_protection_kind>ENCRYPT</liveliness_protection_kind>\n"
    "      <rtps_protection_kind>%s</rtps_protection_kind>\n"
    "      <topic_access_rules>\n"
    "        <topic_rule>\n"
    "          <topic_expression>*</topic_expression>\n"
    "          <enable_discovery_protection>true</enable_discovery_protection>\n"
    "          <enable_liveliness_protection>true</enable_liveliness_protection>\n"
    "          <enable_read_access_control>true</enable_read_access_control>\n"
    "          <enable_write_access_control>true</enable_write_access_control>\n"
    "          <metadata_protection_kind>%s</metadata_protection_kind>\n"
    "          <data_protection_kind>%s</data_protection_kind>\n"
    "        </topic_rule>\n"
    "      </topic_access_rules>\n"
    "    </domain_rule>\n"
    "  </domain_access_rules>\n"
    "</dds>\n";

static void iso(char *buf, size_t n, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* A growing text buffer for the permissions document. */
typedef struct tbuf {
    char p[16384];
    size_t n;
} tbuf;

__attribute__((format(printf, 2, 3))) static void tb(tbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->p + b->n, sizeof b->p - b->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->n = b->n + (size_t)k < sizeof b->p ? b->n + (size_t)k : sizeof b->p - 1;
}

/* tracks: only the partitions released (no --no-release); everything else: every partner */
static void partitions(tbuf *b, const net_keys_opts *o, int me, int publish, int tracks)
{
    tb(b, "          <partitions>");
    for (int j = 0; j < o->n_nations; j++) {
        if (j == me)
            continue;
        int from = publish ? me : j, to = publish ? j : me;
        if (tracks && (o->deny[from] & (1u << to)))
            continue;
        tb(b, "<partition>%s_to_%s</partition>", o->nations[from], o->nations[to]);
    }
    tb(b, "</partitions>\n");
}

static void criteria(tbuf *b, const net_keys_opts *o, int me, int publish)
{
    const char *el = publish ? "publish" : "subscribe";
    /* node status, warnings and acknowledgements reach every partner: no node can hold a
     * warning back, whatever it releases of its tracks */
    tb(b, "        <%s>\n          <topics><topic>sw_node_status</topic><topic>sw_warning</topic>"
          "<topic>sw_warning_ack</topic></topics>\n", el);
    partitions(b, o, me, publish, 0);
    tb(b, "        </%s>\n        <%s>\n          <topics><topic>sw_local_track</topic>"
          "<topic>sw_system_track</topic></topics>\n", el, el);
    partitions(b, o, me, publish, 1);
    tb(b, "        </%s>\n", el);
}

static void permissions_doc(tbuf *b, const net_keys_opts *o, const char *nation, int me,
                            int monitor, const char *nb, const char *na)
{
    char subj[128];
    net_subject(subj, sizeof subj, nation);
    tb(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
          "<dds xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:noNamespaceSchemaLocation=\"https://www.omg.org/spec/DDS-SECURITY/20170901/"
          "omg_shared_ca_permissions.xsd\">\n  <permissions>\n    <grant name=\"%s_grant\">\n"
          "      <subject_name>%s</subject_name>\n"
          "      <validity><not_before>%s</not_before><not_after>%s</not_after></validity>\n"
          "      <allow_rule>\n"
          "        <domains><id_range><min>0</min><max>230</max></id_range></domains>\n",
       nation, subj, nb, na);
    if (monitor) {
        /* a network monitor may read every node's health, and nothing else */
        tb(b, "        <subscribe>\n          <topics><topic>sw_node_status</topic></topics>\n"
              "          <partitions><partition>*_to_%s</partition></partitions>\n"
              "        </subscribe>\n",
           nation);
    } else {
        criteria(b, o, me, 1);
        criteria(b, o, me, 0);
    }
    tb(b, "      </allow_rule>\n");
    if (o->allow_ddsperf)
        tb(b, "      <allow_rule>\n"
              "        <domains><id_range><min>0</min><max>230</max></id_range></domains>\n"
              "        <publish><topics><topic>DDSPerf*</topic></topics>"
              "<partitions><partition>*</partition></partitions></publish>\n"
              "        <subscribe><topics><topic>DDSPerf*</topic></topics>"
              "<partitions><partition>*</partition></partitions></subscribe>\n"
              "      </allow_rule>\n");
    tb(b, "      <default>DENY</default>\n    </grant>\n  </permissions>\n</dds>\n");
}

static sw_rc write_text(const char *path, const char *text, int mode, sw_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: cannot write (%s)", path, strerror(errno));
    int ok = fputs(text, f) >= 0;
    ok = fclose(f) == 0 && ok;
    if (ok && mode)
        chmod(path, (mode_t)mode);
    return ok ? SW_OK : sw_err_set(err, SW_EIO, "%s: write failed", path);
}

static sw_rc mkdir_p(const char *path, sw_err *err)
{
    if (mkdir(path, 0755) && errno != EEXIST)
        return sw_err_set(err, SW_EIO, "%s: cannot create directory (%s)", path, strerror(errno));
    return SW_OK;
}

static sw_rc audit_keys(const char *dir, sw_err *err)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char hex[2 * crypto_sign_SECRETKEYBYTES + 2], path[NET_PATH + 48];
    if (sodium_init() < 0 || crypto_sign_keypair(pk, sk))
        return sw_err_set(err, SW_ESECURITY, "libsodium: cannot make an Ed25519 key pair");
    sodium_bin2hex(hex, sizeof hex - 1, sk, sizeof sk);
    strcat(hex, "\n");
    snprintf(path, sizeof path, "%s/audit.sk", dir);
    sw_rc rc = write_text(path, hex, 0600, err);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(hex, sizeof hex);
    if (rc)
        return rc;
    sodium_bin2hex(hex, sizeof hex - 1, pk, sizeof pk);
    strcat(hex, "\n");
    snprintf(path, sizeof path, "%s/audit.pk", dir);
    return write_text(path, hex, 0644, err);
}

static sw_rc make_identity(const net_keys_opts *o, int me, const char *nation, int monitor,
                           X509 *ca, EVP_PKEY *ca_key, const char *ca_pem, const char *ca_keyf,
                           sw_err *err)
{
    char dir[NET_PATH + 8], path[NET_PATH + 48], nb[32], na[32];
    snprintf(dir, sizeof dir, "%s/%s", o->out, nation);
    sw_rc rc = mkdir_p(dir, err);
    if (rc)
        return rc;
    char cn[32];
    snprintf(cn, sizeof cn, "node-%s", nation);
    EVP_PKEY *key = pki_key_new();
    X509 *x = key ? pki_cert_new(key, ORG, nation, cn, ca, ca_key, o->days, 0) : NULL;
    if (!x)
        rc = sw_err_set(err, SW_ESECURITY, "%s: cannot make the certificate (%s)", nation,
                        pki_ssl_error());
    snprintf(path, sizeof path, "%s/identity.key", dir);
    if (!rc)
        rc = pki_write_key(path, key, err);
    snprintf(path, sizeof path, "%s/identity.pem", dir);
    if (!rc)
        rc = pki_write_cert(path, x, err);
    /* the grant must name the certificate's subject exactly; check what OpenSSL wrote */
    char subj[256], want[128];
    if (!rc) {
        pki_subject_rfc2253(x, subj, sizeof subj);
        net_subject(want, sizeof want, nation);
        if (strcmp(subj, want))
            rc = sw_err_set(err, SW_ESECURITY, "%s: subject '%s' is not '%s'", nation, subj, want);
    }
    X509_free(x);
    EVP_PKEY_free(key);
    if (rc)
        return rc;
    time_t now = time(NULL);
    iso(nb, sizeof nb, now - 86400);
    iso(na, sizeof na, now + (time_t)o->days * 86400);
    tbuf *b = calloc(1, sizeof *b);
    if (!b)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    permissions_doc(b, o, nation, me, monitor, nb, na);
    snprintf(path, sizeof path, "%s/permissions.xml", dir);
    rc = write_text(path, b->p, 0, err);
    snprintf(path, sizeof path, "%s/permissions.p7s", dir);
    if (!rc)
        rc = net_smime_sign(b->p, ca_pem, ca_keyf, path, err);
    free(b);
    if (!rc && !monitor)
        rc = audit_keys(dir, err);
    return rc;
}

sw_rc net_keys_make(const net_keys_opts *o, sw_err *err)
{
    char ca_dir[NET_PATH + 8], ca_pem[NET_PATH + 48], ca_keyf[NET_PATH + 48], path[NET_PATH + 48];
    for (int i = 0; i < o->n_nations; i++)
        if (!net_nation_ok(o->nations[i]))
            return sw_err_set(err, SW_EINVAL, "'%s' is not a nation code (2-3 upper-case letters)",
                              o->nations[i]);
    sw_rc rc = mkdir_p(o->out, err);
    snprintf(ca_dir, sizeof ca_dir, "%s/ca", o->out);
    if (!rc)
        rc = mkdir_p(ca_dir, err);
    if (rc)
        return rc;
    snprintf(ca_pem, sizeof ca_pem, "%s/coalition_ca.pem", ca_dir);
    snprintf(ca_keyf, sizeof ca_keyf, "%s/coalition_ca.key", ca_dir);
    struct stat sb;
    if (stat(ca_keyf, &sb) == 0)
        return sw_err_set(err, SW_EINVAL, "%s exists: refusing to replace a coalition CA "
                          "(use a new --out directory)", ca_keyf);
    EVP_PKEY *ca_key = pki_key_new();
    X509 *ca = ca_key ? pki_cert_new(ca_key, ORG, NULL, "Skyweave Coalition CA", NULL, NULL,
                                     o->days, 1)
                      : NULL;
    if (!ca)
        rc = sw_err_set(err, SW_ESECURITY, "cannot make the CA (%s)", pki_ssl_error());
    if (!rc)
        rc = pki_write_key(ca_keyf, ca_key, err);
    if (!rc)
        rc = pki_write_cert(ca_pem, ca, err);
    if (!rc) {
        char gov[4096];
        snprintf(gov, sizeof gov, governance_tpl,
                 o->rtps_protection ? "whole RTPS messages encrypted (fast, join-level keys)"
                                    : "each sample encrypted for its permitted readers only",
                 o->rtps_protection ? "ENCRYPT" : "NONE", o->rtps_protection ? "NONE" : "SIGN",
                 o->rtps_protection ? "NONE" : "ENCRYPT");
        snprintf(path, sizeof path, "%s/governance.xml", o->out);
        rc = write_text(path, gov, 0, err);
        snprintf(path, sizeof path, "%s/governance.p7s", o->out);
        if (!rc)
            rc = net_smime_sign(gov, ca_pem, ca_keyf, path, err);
    }
    for (int i = 0; i < o->n_nations && !rc; i++)
        rc = make_identity(o, i, o->nations[i], 0, ca, ca_key, ca_pem, ca_keyf, err);
    for (int i = 0; i < o->n_monitors && !rc; i++)
        rc = make_identity(o, -1, o->monitors[i], 1, ca, ca_key, ca_pem, ca_keyf, err);
    X509_free(ca);
    EVP_PKEY_free(ca_key);
    return rc;
}
