#define _XOPEN_SOURCE 700 /* strptime */
/* net/net_secfiles.c - checks a node's DDS Security files before it joins.
 *
 * Cyclone refuses bad files too, but with a log line deep in its trace, and some mistakes it
 * never reports: a private key that does not match the certificate makes every handshake fail
 * silently (dds-notes 2.6).  So the node checks everything itself first and says which file is
 * wrong and why. */
#include "net/net.h"
#include "net/net_pki.h"

#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sw_rc check_cert(const net_secfiles *s, X509 **cert, sw_err *err)
{
    X509 *ca = pki_read_cert(s->id_ca, err);
    if (!ca)
        return err ? err->rc : SW_ESECURITY;
    *cert = pki_read_cert(s->cert, err);
    if (!*cert) {
        X509_free(ca);
        return err ? err->rc : SW_ESECURITY;
    }
    X509_STORE *st = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    sw_rc rc = SW_OK;
    if (!st || !ctx || !X509_STORE_add_cert(st, ca) || !X509_STORE_CTX_init(ctx, st, *cert, NULL))
        rc = sw_err_set(err, SW_ENOMEM, "certificate check: %s", pki_ssl_error());
    else if (X509_verify_cert(ctx) != 1)
        rc = sw_err_set(err, SW_ESECURITY, "%s: not valid under %s: %s", s->cert, s->id_ca,
                        X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(st);
    X509_free(ca);
    return rc;
}

static int parse_iso(const char *s, time_t *t)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!e)
        return -1;
    *t = timegm(&tm);
    return 0;
}

static const char *between(const char *text, const char *open, char *out, size_t n)
{
    const char *a = strstr(text, open);
    if (!a)
        return NULL;
    a += strlen(open);
    const char *b = strchr(a, '<');
    if (!b || (size_t)(b - a) >= n)
        return NULL;
    memcpy(out, a, (size_t)(b - a));
    out[b - a] = 0;
    return out;
}

static sw_rc check_permissions(const net_secfiles *s, X509 *cert, const char *nation, sw_err *err)
{
    char *text = NULL;
    sw_rc rc = net_smime_verify(s->permissions, s->perm_ca, &text, err);
    if (rc)
        return rc;
    char subj[256], got[256], nb[64], na[64], part[32];
    pki_subject_rfc2253(cert, subj, sizeof subj);
    time_t tnb, tna, now = time(NULL);
    snprintf(part, sizeof part, "_to_%s<", nation);
    if (!between(text, "<subject_name>", got, sizeof got) || strcmp(got, subj))
        rc = sw_err_set(err, SW_ESECURITY, "%s: the grant is for '%s', the certificate %s is '%s'",
                        s->permissions, between(text, "<subject_name>", got, sizeof got) ? got : "?",
                        s->cert, subj);
    else if (!between(text, "<not_before>", nb, sizeof nb) || parse_iso(nb, &tnb) ||
             !between(text, "<not_after>", na, sizeof na) || parse_iso(na, &tna))
        rc = sw_err_set(err, SW_ESECURITY, "%s: no readable <validity>", s->permissions);
    else if (now < tnb || now > tna)
        rc = sw_err_set(err, SW_ESECURITY, "%s: valid %s .. %s, not now", s->permissions, nb, na);
    else if (!strstr(text, part))
        rc = sw_err_set(err, SW_ESECURITY, "%s: grants %s no partition to read from partners",
                        s->permissions, nation);
    free(text);
    return rc;
}

sw_rc net_secfiles_check(const net_secfiles *s, const char *nation, sw_err *err)
{
    const char *files[] = {s->id_ca, s->perm_ca, s->cert, s->key, s->governance, s->permissions};
    for (int i = 0; i < 6; i++)
        if (!files[i][0] || access(files[i], R_OK))
            return sw_err_set(err, SW_ENOTFOUND, "security file '%s' is missing or unreadable",
                              files[i][0] ? files[i] : "(not set)");
    X509 *cert = NULL;
    sw_rc rc = check_cert(s, &cert, err);
    if (rc) {
        X509_free(cert);
        return rc;
    }
    EVP_PKEY *key = pki_read_key(s->key, err);
    if (!key)
        rc = err ? err->rc : SW_ESECURITY;
    else if (X509_check_private_key(cert, key) != 1)
        rc = sw_err_set(err, SW_ESECURITY, "%s does not belong to the certificate %s", s->key,
                        s->cert);
    EVP_PKEY_free(key);
    char *gov = NULL;
    if (!rc && !(rc = net_smime_verify(s->governance, s->perm_ca, &gov, err)) &&
        !strstr(gov, "<allow_unauthenticated_participants>false"))
        rc = sw_err_set(err, SW_ESECURITY, "%s allows unauthenticated participants: refused",
                        s->governance);
    free(gov);
    if (!rc)
        rc = check_permissions(s, cert, nation, err);
    X509_free(cert);
    return rc;
}
