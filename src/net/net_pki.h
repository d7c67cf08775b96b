/* net/net_pki.h - internal: X.509 keys and certificates for `skyweave keys` (OpenSSL 3). */
#ifndef SW_NET_PKI_H
#define SW_NET_PKI_H

#include "core/rc.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A new EC P-256 key. */
EVP_PKEY *pki_key_new(void);
/* A certificate for key with subject (O, OU, CN; ou may be NULL), signed by ca/ca_key, or
 * self-signed when ca is NULL.  notBefore is one day back (clock skew between nations' hosts
 * would otherwise reject a fresh certificate), notAfter `days` ahead. */
X509 *pki_cert_new(EVP_PKEY *key, const char *org, const char *ou, const char *cn, X509 *ca,
                   EVP_PKEY *ca_key, int days, int is_ca);
/* PEM files; the key file is created mode 0600. */
sw_rc pki_write_key(const char *path, EVP_PKEY *key, sw_err *err);
sw_rc pki_write_cert(const char *path, X509 *x, sw_err *err);
X509 *pki_read_cert(const char *path, sw_err *err);
EVP_PKEY *pki_read_key(const char *path, sw_err *err);
/* The RFC 2253 form of x's subject, as DDS Security permissions want it. */
void pki_subject_rfc2253(X509 *x, char *buf, size_t n);
/* The last OpenSSL error as text (for messages). */
const char *pki_ssl_error(void);

#endif
