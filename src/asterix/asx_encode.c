/* asterix/asx_encode.c - typed records to octets.
 *
 * The inverse of asx_decode on the same descriptor tables.  What an encoder may choose it
 * chooses minimally: the FSPEC and every sub-FSPEC stop at the last present item, an extended
 * item stops at its last non-zero part (or at the `parts` the caller asks for, which lets a
 * decoded record come back octet for octet), spare bits are zero.  A value that does not fit
 * its field is an error naming item and field; azimuth-like fields wrap at 360 degrees. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "asterix/asterix.h"
#include "asterix/asx_bits.h"
#include "asterix/asx_int.h"

typedef struct enc {
    uint8_t *out;
    size_t cap, n;
    sw_err *err;
    const asx_uap *uap;
    const asx_item *top;
} enc;

static sw_rc bad(enc *e, const asx_field *f, const char *why, double v)
{
    return sw_err_set(e->err, SW_ERANGE, "CAT%03d %s %s = %.10g: %s", e->uap->cat, e->top->key,
                      f ? f->key : "", v, why);
}

static sw_rc room(enc *e, size_t n)
{
    if (e->n + n > e->cap)
        return sw_err_set(e->err, SW_EFULL, "CAT%03d %s: output buffer full (%zu octets)",
                          e->uap->cat, e->top->key, e->cap);
    memset(e->out + e->n, 0, n);
    return SW_OK;
}

/* The raw value of a numeric field from its member; sel = raw of the field before it. */
static sw_rc field_raw(enc *e, const asx_field *f, const uint8_t *base, uint64_t sel,
                       uint64_t *raw)
{
    const void *m = base + f->off;
    uint64_t lim = f->bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << f->bits) - 1;
    uint64_t v;
    switch (f->store) {
    case ASX_S_U8: v = *(const uint8_t *)m; break;
    case ASX_S_U16: v = *(const uint16_t *)m; break;
    case ASX_S_U32: v = *(const uint32_t *)m; break;
    case ASX_S_U64: v = *(const uint64_t *)m; break;
    case ASX_S_I32: {
        int64_t s = *(const int32_t *)m, half = (int64_t)1 << (f->bits - 1);
        if (s < -half || s >= half)
            return bad(e, f, "outside the field's signed range", (double)s);
        *raw = (uint64_t)s & lim;
        return SW_OK;
    }
    case ASX_S_F64: {
        double d = *(const double *)m;
        double lsb = f->type == ASX_T_CASE && sel == 1 ? f->alt->lsb : f->lsb;
        if (!isfinite(d))
            return bad(e, f, "not a finite number", d);
        double r = nearbyint(d / lsb);
        if (f->type == ASX_T_SQ) {
            double half = ldexp(1.0, f->bits - 1);
            if (r < -half || r >= half)
                return bad(e, f, "outside the field's range", d);
            *raw = (uint64_t)(int64_t)r & lim;
            return SW_OK;
        }
        double full = ldexp(1.0, f->bits);
        if (fabs(full * lsb - 360.0) < 1e-9) /* an azimuth: 360 is 0 */
            r = fmod(fmod(r, full) + full, full);
        if (r < 0 || r >= full)
            return bad(e, f, "outside the field's range", d);
        *raw = (uint64_t)r;
        return SW_OK;
    }
    default:
        *raw = 0;
        return SW_OK;
    }
    if (v > lim)
        return bad(e, f, "too large for the field", (double)v);
    *raw = v;
    return SW_OK;
}

static sw_rc put_string(enc *e, const asx_field *f, const uint8_t *base, uint8_t *p)
{
    const char *s = (const char *)(base + f->off);
    unsigned n = f->type == ASX_T_ICAO ? f->bits / 6 : f->bits / 8;
    int end = 0;
    for (unsigned i = 0; i < n; i++) {
        char ch = end || !s[i] ? (end = 1, ' ') : s[i];
        if (f->type == ASX_T_ICAO) {
            int c = asx_icao_code(ch);
            if (c < 0)
                return bad(e, f, "a character the 6-bit ICAO alphabet cannot carry", (double)ch);
            asx_putbits(p, f->pos + 6 * i, 6, (uint64_t)c);
        } else {
            p[(f->pos >> 3) + i] = (uint8_t)ch;
        }
    }
    return SW_OK;
}

/* Fields of a fixed item, part set or element into p (zeroed); nbits limits extended items. */
static sw_rc put_fields(enc *e, const asx_item *it, const uint8_t *base, uint8_t *p,
                        unsigned nbits)
{
    uint64_t prev = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        if (f->off == ASX_NOFF || f->pos + f->bits > nbits)
            continue;
        if (f->store == ASX_S_STR) {
            sw_rc rc = put_string(e, f, base, p);
            if (rc)
                return rc;
            continue;
        }
        uint64_t raw;
        sw_rc rc = field_raw(e, f, base, prev, &raw);
        if (rc)
            return rc;
        asx_putbits(p, f->pos, f->bits, raw);
        prev = raw;
    }
    return SW_OK;
}

/* Parts an extended item needs: up to its last non-zero field, at least `floor`, at least 1. */
static sw_rc ext_parts(enc *e, const asx_item *it, const uint8_t *base, unsigned *parts)
{
    unsigned need = base[0] ? base[0] : 1;
    if (need > it->nparts)
        return sw_err_set(e->err, SW_ERANGE, "CAT%03d %s: parts = %u, the item has %u",
                          e->uap->cat, e->top->key, need, it->nparts);
    uint64_t prev = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        uint64_t raw = 0;
        if (f->off == ASX_NOFF)
            continue;
        if (f->store == ASX_S_STR) {
            raw = 1;
        } else {
            sw_rc rc = field_raw(e, f, base, prev, &raw);
            if (rc)
                return rc;
            prev = raw;
        }
        if (!raw)
            continue;
        unsigned k = 0;
        while (it->part_end[k] * 8u < f->pos + f->bits)
            k++;
        if (k + 1 > need)
            need = k + 1;
    }
    *parts = need;
    return SW_OK;
}

static sw_rc put_item(enc *e, const asx_item *it, const uint8_t *base)
{
    sw_rc rc;
    uint8_t *p;
    switch (it->var) {
    case ASX_V_FIXED:
        if ((rc = room(e, it->len)))
            return rc;
        p = e->out + e->n;
        e->n += it->len;
        return put_fields(e, it, base, p, it->len * 8u);
    case ASX_V_EXTENDED: {
        unsigned parts = 1;
        if ((rc = ext_parts(e, it, base, &parts)))
            return rc;
        size_t len = it->part_end[parts - 1];
        if ((rc = room(e, len)))
            return rc;
        p = e->out + e->n;
        e->n += len;
        if ((rc = put_fields(e, it, base, p, (unsigned)len * 8u)))
            return rc;
        for (unsigned i = 0; i + 1 < parts; i++)
            p[it->part_end[i] - 1] |= 1;
        return SW_OK;
    }
    case ASX_V_REP:
    case ASX_V_REPFX: {
        unsigned n = *(const uint16_t *)base;
        int fx = it->var == ASX_V_REPFX;
        if (n > it->cap || (fx && n == 0) || (!fx && n > 255))
            return sw_err_set(e->err, SW_ERANGE, "CAT%03d %s: %u repetitions (allowed %d..%u)",
                              e->uap->cat, e->top->key, n, fx, (unsigned)it->cap);
        if ((rc = room(e, (size_t)n * it->len + !fx)))
            return rc;
        if (!fx)
            e->out[e->n++] = (uint8_t)n;
        for (unsigned i = 0; i < n; i++) {
            p = e->out + e->n;
            e->n += it->len;
            if ((rc = put_fields(e, it, base + it->eoff + i * it->esize, p, it->len * 8u)))
                return rc;
            if (fx && i + 1 < n)
                p[it->len - 1] |= 1;
        }
        return SW_OK;
    }
    case ASX_V_COMPOUND: {
        uint32_t bits = *(const uint32_t *)base;
        unsigned last = 0;
        for (unsigned k = 0; k < 32; k++) {
            if (!(bits >> k & 1))
                continue;
            if (k >= it->nsub || it->sub[k].var == ASX_V_NONE)
                return sw_err_set(e->err, SW_ERANGE, "CAT%03d %s: subfield %u is not defined",
                                  e->uap->cat, e->top->key, k + 1);
            last = k + 1;
        }
        unsigned fs = last ? (last + 6) / 7 : 1;
        if ((rc = room(e, fs)))
            return rc;
        p = e->out + e->n;
        for (unsigned k = 0; k < last; k++)
            if (bits >> k & 1)
                p[k / 7] |= (uint8_t)(0x80 >> (k % 7));
        for (unsigned i = 0; i + 1 < fs; i++)
            p[i] |= 1;
        e->n += fs;
        for (unsigned k = 0; k < last; k++)
            if ((bits >> k & 1) && (rc = put_item(e, &it->sub[k], base + it->sub[k].off)))
                return rc;
        return SW_OK;
    }
    case ASX_V_EXPLICIT: {
        const asx_explicit *x = (const asx_explicit *)base;
        if (x->len > 254)
            return sw_err_set(e->err, SW_ERANGE, "CAT%03d %s: %u octets, at most 254",
                              e->uap->cat, e->top->key, x->len);
        if ((rc = room(e, x->len + 1u)))
            return rc;
        e->out[e->n] = (uint8_t)(x->len + 1);
        memcpy(e->out + e->n + 1, x->data, x->len);
        e->n += x->len + 1u;
        return SW_OK;
    }
    default:
        return SW_OK;
    }
}

sw_rc asx_encode(const asx_uap *uap, const void *rec, uint8_t *out, size_t cap, size_t *len,
                 sw_err *err)
{
    const uint8_t *r = rec;
    uint64_t present = *(const uint64_t *)r;
    enc e = {out, cap, 0, err, uap, NULL};
    unsigned last = 0;
    for (unsigned k = 0; k < 64; k++) {
        if (!(present >> k & 1))
            continue;
        if (k >= uap->nfrn || uap->items[k].var == ASX_V_NONE)
            return sw_err_set(err, SW_ERANGE, "CAT%03d: FRN %u is not an item of edition %s",
                              uap->cat, k + 1, uap->edition);
        last = k + 1;
    }
    if (!last)
        return sw_err_set(err, SW_EINVAL, "CAT%03d: a record needs at least one item", uap->cat);
    unsigned fs = (last + 6) / 7;
    if (fs > cap)
        return sw_err_set(err, SW_EFULL, "CAT%03d: output buffer full", uap->cat);
    memset(out, 0, fs);
    for (unsigned k = 0; k < last; k++)
        if (present >> k & 1)
            out[k / 7] |= (uint8_t)(0x80 >> (k % 7));
    for (unsigned i = 0; i + 1 < fs; i++)
        out[i] |= 1;
    e.n = fs;
    for (unsigned k = 0; k < last; k++) {
        if (!(present >> k & 1))
            continue;
        e.top = &uap->items[k];
        sw_rc rc = put_item(&e, e.top, r + e.top->off);
        if (rc)
            return rc;
    }
    *len = e.n;
    return SW_OK;
}
