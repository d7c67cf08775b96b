/* asterix/asx_walk.c - splitting records into items, and walking the blocks of a buffer.
 *
 * ASTERIX has no length per record or per item: the only way to the next record is to know the
 * length rule of every item in the UAP.  So this is the one place that reads lengths, and it
 * checks every one against the end of the block before anything else looks at the octets.
 * A record that cannot be split ends the block: the rest is skipped by the block's LEN. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "asterix/asterix.h"
#include "asterix/asx_int.h"

typedef struct walk {
    const uint8_t *rec;  /* record start, for offsets in faults */
    const asx_uap *uap;
    asx_fault *f;
} walk;

extern const asx_uap asx_uap_048_1_31;

static sw_rc fault(walk *w, sw_rc rc, const uint8_t *at, const char *item, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));

static sw_rc fault(walk *w, sw_rc rc, const uint8_t *at, const char *item, const char *fmt, ...)
{
    if (!w->f)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    memset(w->f, 0, sizeof *w->f);
    w->f->rc = rc;
    w->f->cat = w->uap ? w->uap->cat : -1;
    w->f->off = (size_t)(at - w->rec);
    snprintf(w->f->item, sizeof w->f->item, "%s", item);
    vsnprintf(w->f->why, sizeof w->f->why, fmt, ap);
    va_end(ap);
    return rc;
}

static void item_name(const asx_item *top, const asx_item *sub, char *buf, size_t n)
{
    if (sub)
        snprintf(buf, n, "%s %s", top->key, sub->id);
    else
        snprintf(buf, n, "%s", top->key);
}

/* Length of one item (or subfield) at p with avail octets left in the block. */
static sw_rc item_len(walk *w, const asx_item *top, const asx_item *it, const uint8_t *p,
                      size_t avail, size_t *len)
{
    char nm[24];
    const asx_item *sub = it == top ? NULL : it;
    switch (it->var) {
    case ASX_V_FIXED:
        if (it->len > avail)
            goto trunc;
        *len = it->len;
        return SW_OK;
    case ASX_V_EXTENDED:
        for (unsigned i = 0; i < it->nparts; i++) {
            size_t end = it->part_end[i];
            if (end > avail)
                goto trunc;
            if (!(p[end - 1] & 1)) {
                *len = end;
                return SW_OK;
            }
        }
        item_name(top, sub, nm, sizeof nm);
        return fault(w, SW_EFORMAT, p + it->part_end[it->nparts - 1] - 1, nm,
                     "FX set on the last of the %u extents edition %s defines (another edition?)",
                     it->nparts, w->uap ? w->uap->edition : "?");
    case ASX_V_REP: {
        if (avail < 1)
            goto trunc;
        size_t n = 1 + (size_t)p[0] * it->len;
        if (n > avail)
            goto trunc;
        *len = n;
        return SW_OK;
    }
    case ASX_V_REPFX:
        for (size_t n = it->len;; n += it->len) {
            if (n > avail)
                goto trunc;
            if (!(p[n - 1] & 1)) {
                *len = n;
                return SW_OK;
            }
        }
    case ASX_V_EXPLICIT:
        if (avail < 1)
            goto trunc;
        if (p[0] == 0) {
            item_name(top, sub, nm, sizeof nm);
            return fault(w, SW_EFORMAT, p, nm, "length octet is 0 (it counts itself)");
        }
        if (p[0] > avail) {
            item_name(top, sub, nm, sizeof nm);
            return fault(w, SW_ETRUNC, p, nm, "length %u runs past the end of the block (%zu left)",
                         p[0], avail);
        }
        *len = p[0];
        return SW_OK;
    case ASX_V_COMPOUND: {
        size_t fs = 0;
        uint32_t bits = 0;
        do {
            if (fs >= avail)
                goto trunc;
            uint8_t o = p[fs];
            for (unsigned b = 0; b < 7; b++) {
                if (!(o & (0x80 >> b)))
                    continue;
                unsigned k = (unsigned)fs * 7 + b;
                if (k >= it->nsub || it->sub[k].var == ASX_V_NONE) {
                    item_name(top, sub, nm, sizeof nm);
                    return fault(w, SW_EFORMAT, p + fs, nm,
                                 "subfield %u is not defined in edition %s", k + 1,
                                 w->uap ? w->uap->edition : "?");
                }
                bits |= 1u << k;
            }
        } while (p[fs++] & 1);
        size_t n = fs;
        for (unsigned k = 0; k < it->nsub; k++) {
            if (!(bits >> k & 1))
                continue;
            size_t l;
            sw_rc rc = item_len(w, top, &it->sub[k], p + n, avail - n, &l);
            if (rc)
                return rc;
            n += l;
        }
        *len = n;
        return SW_OK;
    }
    default:
        break;
    }
trunc:
    item_name(top, sub, nm, sizeof nm);
    return fault(w, SW_ETRUNC, p, nm, "runs past the end of the block (%zu octets left)", avail);
}

sw_rc asx_item_len(const asx_uap *uap, const asx_item *top, const asx_item *it, const uint8_t *p,
                   size_t avail, size_t *len, asx_fault *f)
{
    walk w = {p, uap, f};
    return item_len(&w, top, it, p, avail, len);
}

sw_rc asx_rec_split(const asx_uap *uap, const uint8_t *p, size_t avail, asx_rec *r,
                    asx_fault *f)
{
    walk w = {p, uap, f};
    size_t fs = 0;
    uint64_t present = 0;
    do {
        if (fs >= avail)
            return fault(&w, SW_ETRUNC, p + fs, "FSPEC", "runs past the end of the block");
        uint8_t o = p[fs];
        for (unsigned b = 0; b < 7; b++) {
            if (!(o & (0x80 >> b)))
                continue;
            unsigned frn = (unsigned)fs * 7 + b + 1;
            if (frn > uap->nfrn || uap->items[frn - 1].var == ASX_V_NONE)
                return fault(&w, SW_EFORMAT, p + fs, "FSPEC",
                             "FRN %u is not an item of CAT%03d edition %s (another edition?)",
                             frn, uap->cat, uap->edition);
            present |= UINT64_C(1) << (frn - 1);
        }
    } while (p[fs++] & 1);
    if (!present)
        return fault(&w, SW_EFORMAT, p, "FSPEC", "no item present (padding?)");
    r->uap = uap;
    r->p = p;
    r->fspec_len = (uint8_t)(fs > 255 ? 255 : fs);
    r->present = present;
    r->n = 0;
    size_t n = fs;
    for (unsigned k = 0; k < uap->nfrn; k++) {
        if (!(present >> k & 1))
            continue;
        size_t l;
        sw_rc rc = item_len(&w, &uap->items[k], &uap->items[k], p + n, avail - n, &l);
        if (rc)
            return rc;
        r->it[r->n].frn = (uint8_t)(k + 1);
        r->it[r->n].off = (uint16_t)n;
        r->it[r->n].len = (uint16_t)l;
        r->n++;
        n += l;
    }
    r->len = (uint16_t)n;
    return SW_OK;
}

/* ---- blocks ---------------------------------------------------------------------------------- */

void asx_iter_init(asx_iter *it, const uint8_t *buf, size_t len, const asx_editions *ed,
                   int port)
{
    memset(it, 0, sizeof *it);
    it->buf = buf;
    it->len = len;
    it->ed = ed;
    it->port = port;
    it->cat = -1;
}

/* SAC/SIC of the block's first record, when its first item is I0xx/010 (FRN 1 in every
 * category decoded here): the edition may depend on it. */
static void peek_source(const uint8_t *p, size_t n, int *sac, int *sic)
{
    *sac = *sic = -1;
    if (n < 1 || !(p[0] & 0x80))
        return;
    size_t fs = 0;
    while (fs < n && (p[fs] & 1))
        fs++;
    if (fs + 3 <= n) {
        *sac = p[fs + 1];
        *sic = p[fs + 2];
    }
}

static int block_fault(asx_iter *it, asx_fault *f, sw_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int block_fault(asx_iter *it, asx_fault *f, sw_rc rc, const char *fmt, ...)
{
    if (f) {
        va_list ap;
        va_start(ap, fmt);
        memset(f, 0, sizeof *f);
        f->rc = rc;
        f->block = it->block;
        f->cat = it->pos < it->len ? it->buf[it->pos] : -1;
        f->off = it->pos;
        f->skip_off = it->pos;
        f->skip_len = it->len - it->pos;
        snprintf(f->item, sizeof f->item, "block header");
        vsnprintf(f->why, sizeof f->why, fmt, ap);
        va_end(ap);
    }
    it->pos = it->len; /* without a trustworthy LEN there is no next block to find */
    it->in_block = 0;
    return rc;
}

/* Moves to the next record start: ASX_RECORD when it->pos is one, else ASX_BLOCK, ASX_END or a
 * block fault. */
static int advance(asx_iter *it, asx_fault *f)
{
    for (;;) {
        if (!it->in_block) {
            if (it->pos >= it->len)
                return ASX_END;
            it->block++;
            it->record = 0;
            size_t left = it->len - it->pos;
            if (left < 3)
                return block_fault(it, f, SW_ETRUNC, "%zu octets left, a block needs 3", left);
            const uint8_t *b = it->buf + it->pos;
            size_t blen = (size_t)b[1] << 8 | b[2];
            if (blen < 3)
                return block_fault(it, f, SW_EFORMAT, "LEN %zu is less than the 3 header octets",
                                   blen);
            if (blen > left)
                return block_fault(it, f, SW_ETRUNC, "LEN %zu but only %zu octets left", blen,
                                   left);
            it->cat = b[0];
            it->blk = it->pos;
            it->blk_len = blen;
            it->blk_end = it->pos + blen;
            it->pos += 3;
            int sac, sic;
            peek_source(b + 3, blen - 3, &sac, &sic);
            it->uap = it->ed ? asx_editions_get(it->ed, it->cat, sac, sic, it->port)
                             : asx_uap_find(it->cat, NULL);
            if (!it->uap) {
                it->pos = it->blk_end;
                return ASX_BLOCK;
            }
            it->in_block = 1;
        }
        if (it->pos < it->blk_end) {
            it->record++;
            return ASX_RECORD;
        }
        it->in_block = 0;
    }
}

/* A record fault: located in the buffer, and the rest of the block skipped by its LEN. */
static int record_fault(asx_iter *it, asx_fault *f, sw_rc rc)
{
    if (f) {
        f->block = it->block;
        f->record = it->record;
        f->cat = it->cat;
        f->off += it->pos;
        f->skip_off = it->pos;
        f->skip_len = it->blk_end - it->pos;
    }
    it->pos = it->blk_end;
    it->in_block = 0;
    return rc;
}

int asx_iter_next(asx_iter *it, asx_rec *r, asx_fault *f)
{
    int ev = advance(it, f);
    if (ev != ASX_RECORD)
        return ev;
    sw_rc rc = asx_rec_split(it->uap, it->buf + it->pos, it->blk_end - it->pos, r, f);
    if (rc)
        return record_fault(it, f, rc);
    it->pos += r->len;
    return ASX_RECORD;
}

int asx_iter_decode(asx_iter *it, asx_any *out, asx_fault *f)
{
    int ev = advance(it, f);
    if (ev != ASX_RECORD)
        return ev;
    size_t len;
    sw_rc rc = asx_decode_record(it->uap, it->buf + it->pos, it->blk_end - it->pos, out, &len, f);
    if (rc)
        return record_fault(it, f, rc);
    it->rec_off = it->pos;
    it->pos += len;
    return ASX_RECORD;
}

sw_rc asx_decode_record(const asx_uap *uap, const uint8_t *p, size_t avail, void *out,
                        size_t *len, asx_fault *f)
{
    if (uap == &asx_uap_048_1_31)
        return asx048_decode_fast(p, avail, out, len, f);
    asx_rec r;
    sw_rc rc = asx_rec_split(uap, p, avail, &r, f);
    if (!rc)
        rc = asx_decode(&r, out, f);
    *len = r.len;
    return rc;
}

sw_rc asx_fault_err(const asx_fault *f, const char *where, sw_err *err)
{
    char blk[64] = "", rec[32] = "", item[48] = "";
    if (f->block) {
        if (f->cat >= 0)
            snprintf(blk, sizeof blk, "block %d (CAT%03d)", f->block, f->cat);
        else
            snprintf(blk, sizeof blk, "block %d", f->block);
    }
    if (f->record)
        snprintf(rec, sizeof rec, ", record %d", f->record);
    if (f->item[0])
        snprintf(item, sizeof item, ", %s", f->item);
    return sw_err_set(err, f->rc ? f->rc : SW_EFORMAT, "%s%s%s%s%s at byte %zu: %s",
                      where ? where : "", where ? ": " : "", blk, rec, item, f->off, f->why);
}
