/* asterix/asx_writer.c - packing encoded records into data blocks (CAT, LEN, records).
 * One open block at a time; a record of another category, or one that would push the block
 * past max_block octets (a datagram's worth), closes it and opens the next. */
#include <string.h>

#include "asterix/asterix.h"

void asx_writer_init(asx_writer *w, uint8_t *buf, size_t cap, size_t max_block)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->blk = 0;
    w->cat = -1;
    w->max_block = max_block < 4 || max_block > 65535 ? 65535 : max_block;
    w->records = 0;
}

static void close_block(asx_writer *w)
{
    if (w->cat < 0)
        return;
    size_t n = w->len - w->blk;
    w->buf[w->blk + 1] = (uint8_t)(n >> 8);
    w->buf[w->blk + 2] = (uint8_t)n;
    w->cat = -1;
}

/* Makes room for a record of n octets of category cat: returns where it goes, or NULL. */
static uint8_t *slot(asx_writer *w, int cat, size_t n)
{
    if (w->cat == cat && w->len - w->blk + n <= w->max_block && w->len + n <= w->cap)
        return w->buf + w->len;
    if (n + 3 > w->max_block || w->len + 3 + n > w->cap)
        return NULL;
    close_block(w);
    w->blk = w->len;
    w->buf[w->len] = (uint8_t)cat;
    w->len += 3;
    w->cat = cat;
    return w->buf + w->len;
}

sw_rc asx_writer_add_raw(asx_writer *w, int cat, const uint8_t *rec, size_t n, sw_err *err)
{
    uint8_t *p = slot(w, cat, n);
    if (!p)
        return sw_err_set(err, SW_EFULL, "CAT%03d record of %zu octets does not fit the buffer",
                          cat, n);
    memmove(p, rec, n);
    w->len += n;
    w->records++;
    return SW_OK;
}

sw_rc asx_writer_add(asx_writer *w, const asx_uap *uap, const void *rec, sw_err *err)
{
    /* encode past a possible new block header, then move it into place */
    size_t at = w->len + 3, n;
    if (at >= w->cap)
        return sw_err_set(err, SW_EFULL, "CAT%03d: the block buffer is full", uap->cat);
    sw_rc rc = asx_encode(uap, rec, w->buf + at, w->cap - at, &n, err);
    if (rc)
        return rc;
    return asx_writer_add_raw(w, uap->cat, w->buf + at, n, err);
}

size_t asx_writer_finish(asx_writer *w)
{
    close_block(w);
    size_t n = w->len;
    w->len = 0;
    w->blk = 0;
    w->records = 0;
    return n;
}
