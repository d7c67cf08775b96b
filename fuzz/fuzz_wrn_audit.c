/* fuzz/fuzz_wrn_audit.c - the audit log verifier on arbitrary bytes: it must never crash, read
 * out of bounds or accept what it did not check.  Input = a log; checked against the key it
 * declares and, second, against a fixed key (which nothing in the input can satisfy). */
#include "warn/wrn_audit.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wrn_audit_report r;
    wrn_audit_check own = {.allow_open = 1};
    wrn_audit_verify_buf((const char *)data, size, &own, &r);
    static const uint8_t pk[32] = {1, 2, 3};
    wrn_audit_check fixed = {.pk = pk};
    if (wrn_audit_verify_buf((const char *)data, size, &fixed, &r) == SW_OK)
        __builtin_trap(); /* a log signed by a key nobody has */
    return 0;
}
