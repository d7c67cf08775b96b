/* tests/asterix/asx_test.h - helpers shared by the codec's tests. */
#ifndef SW_ASX_TEST_H
#define SW_ASX_TEST_H

#include <stdlib.h>
#include <string.h>

#include "../core/sw_test.h"
#include "asterix/asx_json.h"

/* Hex digits (spaces allowed) into b; returns the octets. */
static inline size_t hexb(const char *h, uint8_t *b)
{
    size_t n = 0;
    int hi = -1;
    for (; *h; h++) {
        int v = *h >= '0' && *h <= '9' ? *h - '0' : *h >= 'a' && *h <= 'f' ? *h - 'a' + 10
              : *h >= 'A' && *h <= 'F' ? *h - 'A' + 10 : -1;
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            b[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

/* Decodes the one record in b (n octets) of category cat by both paths, checks they agree and
 * that the split took all octets; returns the typed record. */
static inline asx_any *dec1(int cat, const uint8_t *b, size_t n)
{
    static asx_any a, g;
    const asx_uap *u = asx_uap_find(cat, NULL);
    assert_non_null(u);
    asx_rec r;
    asx_fault f;
    memset(&a, 0, sizeof a);
    memset(&g, 0, sizeof g);
    assert_int_equal(asx_rec_split(u, b, n, &r, &f), SW_OK);
    assert_int_equal(r.len, n);
    assert_int_equal(asx_decode(&r, &g, &f), SW_OK);
    size_t len = 0;
    assert_int_equal(asx_decode_record(u, b, n, &a, &len, &f), SW_OK);
    assert_int_equal(len, n);
    assert_memory_equal(&a, &g, u->size);
    return &a;
}

/* Encodes a typed record and returns the octets as lowercase hex (static buffer). */
static inline const char *enc_hex(int cat, const void *rec)
{
    static uint8_t b[4096];
    static char h[8200];
    size_t n;
    sw_err e;
    sw_rc rc = asx_encode(asx_uap_find(cat, NULL), rec, b, sizeof b, &n, &e);
    if (rc)
        fail_msg("encode: %s", e.msg);
    for (size_t i = 0; i < n; i++)
        snprintf(h + 2 * i, 3, "%02x", b[i]);
    h[2 * n] = 0;
    return h;
}

/* The JSON line of the one record in b (static buffer, no newline). */
static inline const char *json1(int cat, const uint8_t *b, size_t n)
{
    static char out[1 << 16];
    asx_jout o;
    asx_rec r;
    asx_fault f;
    assert_int_equal(asx_rec_split(asx_uap_find(cat, NULL), b, n, &r, &f), SW_OK);
    asx_jout_init(&o, out, sizeof out - 1, NULL, NULL);
    asx_json_record(&o, NULL, &r);
    assert_false(o.overflow);
    out[o.len] = 0;
    if (o.len && out[o.len - 1] == '\n')
        out[o.len - 1] = 0;
    return out;
}

/* JSON text back to record octets; returns the octets written (or fails the test). */
static inline size_t unjson(const char *text, uint8_t *b, size_t cap)
{
    asx_jline jl;
    sw_err e;
    if (asx_json_parse(text, strlen(text), NULL, b, cap, &jl, &e))
        fail_msg("parse: %s\n%s", e.msg, text);
    return jl.n;
}

/* The shared folder (env SW_SHARED_DIR first, then the build's default), or NULL. */
static inline const char *shared_dir(void)
{
    const char *d = getenv("SW_SHARED_DIR");
    if (d && *d)
        return d;
    return SW_SHARED_DIR;
}

#endif
