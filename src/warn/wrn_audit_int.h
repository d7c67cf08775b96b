/* warn/wrn_audit_int.h - what the audit writer and verifier share: the entry's tail layout and
 * its hash.  Not part of the API. */
#ifndef SW_WRN_AUDIT_INT_H
#define SW_WRN_AUDIT_INT_H

#include <stddef.h>
#include <stdint.h>

#define WRN_AUDIT_MAX_LINE 16384
#define WRN_AUDIT_DOMAIN "skyweave-audit-v1"
/* ,"prev":"<64>","hash":"<64>","sig":"<128>"} */
#define WRN_AUDIT_TAIL (9 + 64 + 10 + 64 + 9 + 128 + 2)

int wrn_sodium_ready(void);
/* hash = SHA-256(domain || prev || body) */
void wrn_audit_hash(const uint8_t prev[32], const char *body, size_t n, uint8_t out[32]);
/* Splits one line (without its newline) into body and the three hex fields.  0 when the tail
 * has exactly the canonical layout (lower-case hex), -1 otherwise. */
int wrn_audit_split(const char *line, size_t len, size_t *body_len, uint8_t prev[32],
                    uint8_t hash[32], uint8_t sig[64]);

#endif
