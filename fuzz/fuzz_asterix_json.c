/* fuzz/fuzz_asterix_json.c - any text as a line for `skyweave asterix encode`: parsed, grouped
 * into blocks and datagrams; whatever record it accepts must decode as exactly one record. */
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_json.h"

static uint8_t rec[65536];
static asx_jasm jasm;

static sw_rc sink(void *ctx, const uint8_t *p, size_t n, const asx_jline *first, sw_err *err)
{
    (void)ctx, (void)p, (void)n, (void)first, (void)err;
    return SW_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asx_jline jl;
    sw_err e;
    if (asx_json_parse((const char *)data, size, NULL, rec, sizeof rec, &jl, &e))
        return 0;
    if (jl.kind == ASX_J_RECORD) {
        const asx_uap *u = asx_uap_find(jl.cat, NULL);
        asx_rec r;
        asx_fault f;
        static asx_any a;
        size_t len;
        if (!u || asx_rec_split(u, rec, jl.n, &r, &f) || r.len != jl.n)
            abort();
        if (asx_decode_record(u, rec, jl.n, &a, &len, &f) == SW_OK && len != jl.n)
            abort();
    }
    asx_jasm_init(&jasm, sink, NULL);
    asx_jasm_add(&jasm, &jl, rec, &e);
    asx_jasm_finish(&jasm, &e);
    return 0;
}
