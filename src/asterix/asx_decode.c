/* asterix/asx_decode.c - a split record into its typed struct.
 *
 * Runs on the descriptor tables: every field is read from its bit position and stored at its
 * member offset, so the four categories share this one loop.  Lengths were checked by
 * asx_rec_split; this file only reads inside the spans it was given.  Nothing is cleared that is
 * not present (the struct can be large: repetitive items keep up to 255 elements), so a caller
 * reuses one struct per record without paying for its size. */
#include <stdio.h>
#include <string.h>

#include "asterix/asterix.h"
#include "asterix/asx_bits.h"
#include "asterix/asx_int.h"

char asx_icao_char(unsigned c)
{
    return asx_icao_ch(c);
}

int asx_icao_code(char ch)
{
    unsigned c = (unsigned char)ch;
    if (c >= 64 && c < 96)
        return (int)(c - 64);
    if (c >= 32 && c < 64)
        return (int)c;
    return -1;
}

/* Stores one field whose raw bits are already extracted. */
static inline void put_raw(const asx_field *f, const uint8_t *p, uint8_t *base, uint64_t raw,
                           uint64_t prev)
{
    void *m = base + f->off;
    switch (f->store) {
    case ASX_S_U8:
        *(uint8_t *)m = (uint8_t)raw;
        break;
    case ASX_S_U16:
        *(uint16_t *)m = (uint16_t)raw;
        break;
    case ASX_S_U32:
        *(uint32_t *)m = (uint32_t)raw;
        break;
    case ASX_S_U64:
        *(uint64_t *)m = raw;
        break;
    case ASX_S_I32:
        *(int32_t *)m = (int32_t)asx_sext(raw, f->bits);
        break;
    case ASX_S_F64:
        if (f->type == ASX_T_SQ)
            *(double *)m = (double)asx_sext(raw, f->bits) * f->lsb;
        else if (f->type == ASX_T_CASE && prev == 1)
            *(double *)m = (double)raw * f->alt->lsb;
        else
            *(double *)m = (double)raw * f->lsb;
        break;
    case ASX_S_STR: {
        char *s = m;
        unsigned n = f->type == ASX_T_ICAO ? f->bits / 6 : f->bits / 8;
        for (unsigned i = 0; i < n; i++) /* NULs in 8-bit text would end the C string early */
            s[i] = f->type == ASX_T_ICAO ? asx_icao_ch((unsigned)asx_getbits(p, f->pos + 6 * i, 6))
                                         : p[(f->pos >> 3) + i] ? (char)p[(f->pos >> 3) + i] : ' ';
        s[n] = 0;
        break;
    }
    default:
        break;
    }
}

/* Fields of one fixed item, element or extended item of len octets.  nbits: the bits present
 * (an extended item may stop early: the fields of absent parts are set to zero). */
static void put_fields(const asx_item *it, const uint8_t *p, unsigned len, unsigned nbits,
                       uint8_t *base)
{
    static const uint8_t zero[256];
    uint64_t prev = 0, w = 0;
    int word = len <= 8;
    if (word) { /* the whole item in one register, first octet in the top bits */
        for (unsigned i = 0; i < len; i++)
            w = w << 8 | p[i];
        w = len ? w << (64 - 8 * len) : 0;
    }
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        if (f->off == ASX_NOFF)
            continue;
        uint64_t raw;
        const uint8_t *src = p;
        if (f->pos + f->bits > nbits) {
            raw = 0;
            src = zero;
        } else if (word) {
            raw = f->bits == 64 ? w : (w << f->pos) >> (64 - f->bits);
        } else {
            raw = f->store == ASX_S_STR ? 0 : asx_getbits(p, f->pos, f->bits);
        }
        put_raw(f, src, base, raw, prev);
        prev = raw;
    }
}

static sw_rc fill(const asx_item *top, const asx_item *it, const uint8_t *p, size_t len,
                  uint8_t *base, asx_fault *f, size_t at)
{
    switch (it->var) {
    case ASX_V_FIXED:
        put_fields(it, p, it->len, it->len * 8u, base);
        return SW_OK;
    case ASX_V_EXTENDED:
        base[0] = (uint8_t)len; /* parts present: every part of these items is one octet */
        for (unsigned i = 0; i < it->nparts; i++)
            if (it->part_end[i] == len)
                base[0] = (uint8_t)(i + 1);
        put_fields(it, p, (unsigned)len, (unsigned)len * 8u, base);
        return SW_OK;
    case ASX_V_REP: {
        unsigned n = p[0];
        *(uint16_t *)base = (uint16_t)n;
        for (unsigned i = 0; i < n; i++)
            put_fields(it, p + 1 + i * it->len, it->len, it->len * 8u,
                       base + it->eoff + i * it->esize);
        return SW_OK;
    }
    case ASX_V_REPFX: {
        unsigned n = (unsigned)(len / it->len);
        if (n > it->cap) {
            if (f) {
                memset(f, 0, sizeof *f);
                f->rc = SW_EFULL;
                f->off = at;
                snprintf(f->item, sizeof f->item, "%s", top->key);
                snprintf(f->why, sizeof f->why, "%u repetitions, the typed record keeps %u", n,
                         (unsigned)it->cap);
            }
            return SW_EFULL;
        }
        *(uint16_t *)base = (uint16_t)n;
        for (unsigned i = 0; i < n; i++)
            put_fields(it, p + i * it->len, it->len, it->len * 8u, base + it->eoff + i * it->esize);
        return SW_OK;
    }
    case ASX_V_COMPOUND: {
        size_t n;
        uint32_t bits = asx_subfspec(p, &n);
        *(uint32_t *)base = bits;
        for (unsigned k = 0; k < it->nsub; k++) {
            if (!(bits >> k & 1))
                continue;
            const asx_item *s = &it->sub[k];
            size_t l = 0;
            asx_item_len(NULL, top, s, p + n, len - n, &l, NULL); /* checked by the split */
            sw_rc rc = fill(top, s, p + n, l, base + s->off, f, at + n);
            if (rc)
                return rc;
            n += l;
        }
        return SW_OK;
    }
    case ASX_V_EXPLICIT: {
        asx_explicit *e = (asx_explicit *)base;
        e->len = (uint8_t)(p[0] - 1);
        memcpy(e->data, p + 1, e->len);
        return SW_OK;
    }
    default:
        return SW_OK;
    }
}

sw_rc asx_fill_item(const asx_item *it, const uint8_t *p, size_t len, uint8_t *base, asx_fault *f,
                    size_t at)
{
    return fill(it, it, p, len, base, f, at);
}

sw_rc asx_decode(const asx_rec *r, void *out, asx_fault *f)
{
    uint8_t *rec = out;
    *(uint64_t *)rec = r->present;
    rec[sizeof(uint64_t)] = r->fspec_len; /* every typed record starts with present, fspec_len */
    for (unsigned i = 0; i < r->n; i++) {
        const asx_item *it = &r->uap->items[r->it[i].frn - 1];
        sw_rc rc = fill(it, it, r->p + r->it[i].off, r->it[i].len, rec + it->off, f, r->it[i].off);
        if (rc)
            return rc;
    }
    return SW_OK;
}
