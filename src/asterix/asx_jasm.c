/* asterix/asx_jasm.c - regrouping encoded JSON lines into data blocks and datagrams.
 * The decoder numbers blocks and frames; the encoder puts records that share them back into one
 * block and one datagram, which is what makes `decode | encode` reproduce the input exactly. */
#include <stdint.h>
#include <string.h>

#include "asterix/asx_json.h"

#define NO_BLOCK SIZE_MAX

void asx_jasm_init(asx_jasm *a,
                   sw_rc (*emit)(void *, const uint8_t *, size_t, const asx_jline *, sw_err *),
                   void *ctx)
{
    a->len = 0;
    a->blk = NO_BLOCK;
    a->cat = -1;
    a->frame = a->block = -2;
    a->has_data = 0;
    a->emit = emit;
    a->ctx = ctx;
    memset(&a->first, 0, sizeof a->first);
}

static sw_rc close_block(asx_jasm *a, sw_err *err)
{
    if (a->blk == NO_BLOCK)
        return SW_OK;
    size_t n = a->len - a->blk;
    if (n > 65535)
        return sw_err_set(err, SW_ERANGE, "a CAT%03d block of %zu octets (at most 65535)", a->cat,
                          n);
    a->dg[a->blk + 1] = (uint8_t)(n >> 8);
    a->dg[a->blk + 2] = (uint8_t)n;
    a->blk = NO_BLOCK;
    return SW_OK;
}

static sw_rc flush(asx_jasm *a, sw_err *err)
{
    sw_rc rc = close_block(a, err);
    if (rc || !a->has_data)
        return rc;
    rc = a->emit ? a->emit(a->ctx, a->dg, a->len, &a->first, err) : SW_OK;
    a->len = 0;
    a->has_data = 0;
    return rc;
}

static sw_rc append(asx_jasm *a, const uint8_t *p, size_t n, sw_err *err)
{
    if (a->len + n > sizeof a->dg)
        return sw_err_set(err, SW_ERANGE, "a datagram of more than %zu octets", sizeof a->dg);
    memcpy(a->dg + a->len, p, n);
    a->len += n;
    return SW_OK;
}

/* A line that starts a block (or stands alone) begins a new datagram when its frame differs,
 * or when there are no frames at all. */
static sw_rc boundary(asx_jasm *a, const asx_jline *jl, sw_err *err)
{
    sw_rc rc = close_block(a, err);
    if (!rc && a->has_data && (jl->frame < 0 || jl->frame != a->frame))
        rc = flush(a, err);
    if (!rc && !a->has_data)
        a->first = *jl;
    return rc;
}

static sw_rc open_block(asx_jasm *a, const asx_jline *jl, sw_err *err)
{
    sw_rc rc = boundary(a, jl, err);
    if (rc)
        return rc;
    uint8_t h[3] = {(uint8_t)jl->cat, 0, 0};
    if ((rc = append(a, h, 3, err)))
        return rc;
    a->blk = a->len - 3;
    a->cat = jl->cat;
    return SW_OK;
}

sw_rc asx_jasm_add(asx_jasm *a, const asx_jline *jl, const uint8_t *p, sw_err *err)
{
    sw_rc rc = SW_OK;
    int same = a->blk != NO_BLOCK && a->cat == jl->cat && jl->block >= 0 &&
               jl->block == a->block && jl->frame == a->frame;
    switch (jl->kind) {
    case ASX_J_RECORD:
    case ASX_J_TAIL:
        if (!same)
            rc = open_block(a, jl, err);
        if (!rc)
            rc = append(a, p, jl->n, err);
        break;
    case ASX_J_BLOCK:
        if ((rc = open_block(a, jl, err)) || (rc = append(a, p, jl->n, err)))
            break;
        rc = close_block(a, err);
        break;
    case ASX_J_RAW:
        if (!(rc = boundary(a, jl, err)))
            rc = append(a, p, jl->n, err);
        break;
    default:
        return sw_err_set(err, SW_EINVAL, "unknown line kind %d", jl->kind);
    }
    if (rc)
        return rc;
    a->frame = jl->frame;
    a->block = jl->block;
    a->has_data = 1;
    return SW_OK;
}

sw_rc asx_jasm_finish(asx_jasm *a, sw_err *err)
{
    return flush(a, err);
}
