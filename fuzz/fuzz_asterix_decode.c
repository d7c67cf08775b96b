/* fuzz/fuzz_asterix_decode.c - any octets as ASTERIX: walking, splitting, both decoders, JSON.
 *
 * Besides not crashing or reading out of bounds, checks what must hold for any input:
 * the hand-written CAT048 decoder and the table decoder agree (same success, same length, the
 * same struct); a record that splits prints as JSON that parses back to exactly its octets;
 * a decoded record re-encodes and decodes to the same struct. */
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_json.h"

static asx_any a, b, c;
static char out[1 << 20];
static uint8_t back[65536];

/* deep: also the JSON and struct round trips (costly under ASan: the first record only) */
static void check_record(const asx_rec *r, int deep)
{
    asx_fault f;
    memset(&a, 0, r->uap->size);
    memset(&b, 0, r->uap->size);
    int rc_table = asx_decode(r, &a, &f);
    size_t len = 0;
    int rc_any = asx_decode_record(r->uap, r->p, r->len, &b, &len, &f);
    if (rc_table != rc_any || (!rc_any && len != r->len))
        abort();
    if (!rc_table && memcmp(&a, &b, r->uap->size))
        abort();
    if (!deep)
        return;
    /* JSON and back: the same octets */
    asx_jout o;
    asx_jout_init(&o, out, sizeof out, NULL, NULL);
    asx_json_record(&o, NULL, r);
    if (o.overflow)
        abort();
    asx_jline jl;
    sw_err e;
    if (asx_json_parse(out, o.len, NULL, back, sizeof back, &jl, &e) || jl.n != r->len ||
        memcmp(back, r->p, r->len))
        abort();
    /* struct -> octets -> struct */
    if (!rc_table) {
        size_t n;
        if (asx_encode(r->uap, &a, back, sizeof back, &n, &e) == SW_OK) {
            memset(&c, 0, r->uap->size);
            if (asx_decode_record(r->uap, back, n, &c, &len, &f) || len != n)
                abort();
            ((uint8_t *)&c)[8] = ((uint8_t *)&a)[8]; /* fspec_len may be shorter */
            if (memcmp(&a, &c, r->uap->size))
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asx_iter it;
    asx_rec r;
    asx_fault f;
    asx_iter_init(&it, data, size, NULL, -1);
    /* the struct comparisons touch up to 20 kB per record: the first records of an input get
     * them, every record gets the length and fault comparison of the walk below */
    int ev, guard = 0, n = 0;
    while ((ev = asx_iter_next(&it, &r, &f)) != ASX_END && guard++ < 100000)
        if (ev == ASX_RECORD && n < 4)
            check_record(&r, n++ == 0);
    /* the one-pass typed walk sees the same records and faults */
    asx_iter it2;
    asx_iter_init(&it2, data, size, NULL, -1);
    asx_iter_init(&it, data, size, NULL, -1);
    for (guard = 0; guard < 100000; guard++) {
        int e1 = asx_iter_next(&it, &r, &f), e2 = asx_iter_decode(&it2, &a, &f);
        if (e2 == SW_EFULL) {
            /* a repetitive-FX item longer than the typed record keeps (documented): the typed
             * walk stops there; the split may have found the record good or a later fault */
            if (e1 == ASX_RECORD)
                break;
            if (e1 > 0 || it.pos != it2.pos)
                abort();
            continue;
        }
        if (e1 != e2 || it.pos != it2.pos)
            abort();
        if (e1 == ASX_END)
            break;
    }
    return 0;
}
