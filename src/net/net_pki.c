/* net/net_pki.c - X.509 keys and certificates with OpenSSL's library (no shelling out).
 *
 * EC P-256 keys and SHA-256 signatures: Cyclone's authentication plugin accepts both RSA-2048 and
 * P-256 at the same handshake cost (dds-notes 2.6), and P-256 keys are small and fast to make. */
#include "net/net_pki.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *pki_ssl_error(void)
{
    static __thread char buf[256];
    unsigned long e = ERR_get_error();
    if (!e)
        return "no OpenSSL error recorded";
    ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return buf;
}

EVP_PKEY *pki_key_new(void)
{
    return EVP_EC_gen("P-256");
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ex)
        return 0;
    int ok = X509_add_ext(cert, ex, -1);
    X509_EXTENSION_free(ex);
    return ok;
}

X509 *pki_cert_new(EVP_PKEY *key, const char *org, const char *ou, const char *cn, X509 *ca,
                   EVP_PKEY *ca_key, int days, int is_ca)
{
    X509 *x = X509_new();
    if (!x)
        return NULL;
    unsigned char serial[16];
    BIGNUM *bn = NULL;
    ASN1_INTEGER *sn = NULL;
    int ok = RAND_bytes(serial, sizeof serial) == 1;
    serial[0] &= 0x7f; /* positive */
    if (ok && (bn = BN_bin2bn(serial, sizeof serial, NULL)) && (sn = BN_to_ASN1_INTEGER(bn, NULL)))
        ok = X509_set_serialNumber(x, sn);
    else
        ok = 0;
    BN_free(bn);
    ASN1_INTEGER_free(sn);
    X509_NAME *name = X509_get_subject_name(x);
    ok = ok && X509_set_version(x, 2) &&
         X509_gmtime_adj(X509_getm_notBefore(x), -86400) &&
         X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 86400) &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)org, -1, -1, 0) &&
         (!ou || X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_ASC, (const unsigned char *)ou, -1,
                                            -1, 0)) &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0) &&
         X509_set_issuer_name(x, ca ? X509_get_subject_name(ca) : name) &&
         X509_set_pubkey(x, key);
    X509 *issuer = ca ? ca : x;
    if (ok && is_ca)
        ok = add_ext(x, issuer, NID_basic_constraints, "critical,CA:TRUE") &&
             add_ext(x, issuer, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
    else if (ok)
        ok = add_ext(x, issuer, NID_basic_constraints, "CA:FALSE") &&
             add_ext(x, issuer, NID_key_usage, "critical,digitalSignature,keyAgreement");
    ok = ok && add_ext(x, issuer, NID_subject_key_identifier, "hash");
    ok = ok && X509_sign(x, ca_key ? ca_key : key, EVP_sha256()) > 0;
    if (!ok) {
        X509_free(x);
        return NULL;
    }
    return x;
}

static FILE *open_mode(const char *path, int mode, sw_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        sw_err_set(err, SW_EIO, "%s: cannot write", path);
    }
    return f;
}

sw_rc pki_write_key(const char *path, EVP_PKEY *key, sw_err *err)
{
    FILE *f = open_mode(path, 0600, err);
    if (!f)
        return SW_EIO;
    int ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    ok = fclose(f) == 0 && ok;
    return ok ? SW_OK : sw_err_set(err, SW_EIO, "%s: %s", path, pki_ssl_error());
}

sw_rc pki_write_cert(const char *path, X509 *x, sw_err *err)
{
    FILE *f = open_mode(path, 0644, err);
    if (!f)
        return SW_EIO;
    int ok = PEM_write_X509(f, x);
    ok = fclose(f) == 0 && ok;
    return ok ? SW_OK : sw_err_set(err, SW_EIO, "%s: %s", path, pki_ssl_error());
}

X509 *pki_read_cert(const char *path, sw_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        sw_err_set(err, SW_ENOTFOUND, "%s: cannot open", path);
        return NULL;
    }
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if (!x)
        sw_err_set(err, SW_EFORMAT, "%s: not a PEM certificate (%s)", path, pki_ssl_error());
    return x;
}

EVP_PKEY *pki_read_key(const char *path, sw_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        sw_err_set(err, SW_ENOTFOUND, "%s: cannot open", path);
        return NULL;
    }
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    if (!k)
        sw_err_set(err, SW_EFORMAT, "%s: not an unencrypted PEM private key (%s)", path,
                   pki_ssl_error());
    return k;
}

void pki_subject_rfc2253(X509 *x, char *buf, size_t n)
{
    buf[0] = 0;
    BIO *b = BIO_new(BIO_s_mem());
    if (!b)
        return;
    X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
    int k = BIO_read(b, buf, (int)n - 1);
    buf[k > 0 ? k : 0] = 0;
    BIO_free(b);
}
