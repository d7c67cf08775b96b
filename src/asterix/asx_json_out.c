/* asterix/asx_json_out.c - records to JSON lines, written by hand for speed.
 *
 * `skyweave asterix decode` spends its time here, so nothing goes through printf: integers and
 * physical values are formatted with integer arithmetic straight from the raw bits.  A value is
 * raw * num / (2^p2 * 10^p10); its exact decimal has p2 + p10 digits after the point, which is
 * printed when short and rounded to `dec` digits (still enough to recover the raw value) when
 * long.  The output buffer is flushed before every piece that could overflow it, so a record of
 * any size goes through a small buffer. */
#include <string.h>

#include "asterix/asx_bits.h"
#include "asterix/asx_int.h"
#include "asterix/asx_json.h"

#define ROOM 600 /* the most one field may need: a 255-octet explicit item as hex, and keys */

void asx_jout_init(asx_jout *o, char *buf, size_t cap, int (*flush)(void *, const char *, size_t),
                   void *ctx)
{
    o->buf = buf;
    o->cap = cap;
    o->len = 0;
    o->flush = flush;
    o->ctx = ctx;
    o->overflow = o->error = 0;
}

int asx_jout_flush(asx_jout *o)
{
    if (o->len && o->flush) {
        if (o->flush(o->ctx, o->buf, o->len))
            o->error = 1;
        o->len = 0;
    }
    return o->error ? -1 : 0;
}

/* Room for n more characters; NULL when there is none (nothing is written then). */
static char *need(asx_jout *o, size_t n)
{
    if (o->len + n > o->cap) {
        asx_jout_flush(o);
        if (o->len + n > o->cap) {
            o->overflow = 1;
            return NULL;
        }
    }
    return o->buf + o->len;
}

static void lit(asx_jout *o, const char *s, size_t n)
{
    char *p = need(o, n);
    if (p) {
        memcpy(p, s, n);
        o->len += n;
    }
}
#define LIT(o, s) lit(o, s, sizeof(s) - 1)

static const char digits2[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                              "34353637383940414243444546474849505152535455565758596061626364656667"
                              "6869707172737475767778798081828384858687888990919293949596979899";

/* Decimal of v into p; returns the characters written (at most 20). */
static size_t utoa(char *p, uint64_t v)
{
    char t[24];
    size_t i = sizeof t;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100) * 2;
        v /= 100;
        t[--i] = digits2[d + 1];
        t[--i] = digits2[d];
    }
    if (v >= 10) {
        t[--i] = digits2[v * 2 + 1];
        t[--i] = digits2[v * 2];
    } else {
        t[--i] = (char)('0' + v);
    }
    memcpy(p, t + i, sizeof t - i);
    return sizeof t - i;
}

static size_t itoa_(char *p, int64_t v)
{
    if (v < 0) {
        *p = '-';
        return 1 + utoa(p + 1, (uint64_t)0 - (uint64_t)v);
    }
    return utoa(p, (uint64_t)v);
}

typedef unsigned __int128 u128;

static u128 pow10_128(unsigned k)
{
    u128 r = 1;
    while (k--)
        r *= 10;
    return r;
}

/* raw * num / (2^p2 10^p10) with dec digits after the point, trailing zeros dropped. */
static size_t fixed(char *p, int64_t raw, const asx_field *f)
{
    size_t n = 0;
    uint64_t a = raw < 0 ? (uint64_t)0 - (uint64_t)raw : (uint64_t)raw;
    if (f->p2 == 0 && f->p10 == 0) {
        if (raw < 0)
            p[n++] = '-';
        return n + utoa(p + n, a * f->num);
    }
    u128 x = (u128)a * f->num, q;
    unsigned dec = f->dec;
    if (dec >= f->p10) {
        x *= pow10_128(dec - f->p10);
        q = f->p2 ? (x + ((u128)1 << (f->p2 - 1))) >> f->p2 : x;
    } else {
        u128 d = pow10_128(f->p10 - dec) << f->p2;
        q = (x + d / 2) / d;
    }
    u128 scale = pow10_128(dec);
    uint64_t ip = (uint64_t)(q / scale), fp = (uint64_t)(q % scale);
    if (raw < 0 && q)
        p[n++] = '-';
    n += utoa(p + n, ip);
    if (fp) {
        char t[40];
        size_t k = utoa(t, fp);
        p[n++] = '.';
        for (size_t z = k; z < dec; z++)
            p[n++] = '0';
        while (k && t[k - 1] == '0')
            k--;
        memcpy(p + n, t, k);
        n += k;
    }
    return n;
}

static const char hexd[] = "0123456789abcdef";

static size_t hex_bytes(char *p, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        p[2 * i] = hexd[b[i] >> 4];
        p[2 * i + 1] = hexd[b[i] & 15];
    }
    return 2 * n;
}

/* "key": */
static size_t key(char *p, const char *k)
{
    size_t n = strlen(k);
    p[0] = '"';
    memcpy(p + 1, k, n);
    p[n + 1] = '"';
    p[n + 2] = ':';
    return n + 3;
}

/* A JSON string of the characters in s (escaping " and \). */
static size_t jstr(char *p, const char *s, size_t len)
{
    size_t n = 0;
    p[n++] = '"';
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"' || s[i] == '\\')
            p[n++] = '\\';
        p[n++] = s[i];
    }
    p[n++] = '"';
    return n;
}

/* One field's value at p (no key); prev = raw of the field before (for ASX_T_CASE). */
static size_t value(char *p, const asx_field *f, const uint8_t *b, uint64_t raw, uint64_t prev)
{
    switch (f->type) {
    case ASX_T_UINT:
    case ASX_T_SPARE:
        return utoa(p, raw);
    case ASX_T_INT:
        return itoa_(p, asx_sext(raw, f->bits));
    case ASX_T_HEX: {
        size_t w = (f->bits + 3u) / 4;
        p[0] = '"';
        for (size_t i = 0; i < w; i++)
            p[1 + i] = hexd[raw >> (4 * (w - 1 - i)) & 15];
        p[w + 1] = '"';
        return w + 2;
    }
    case ASX_T_UQ:
        return fixed(p, (int64_t)raw, f);
    case ASX_T_SQ:
        return fixed(p, asx_sext(raw, f->bits), f);
    case ASX_T_CASE:
        return fixed(p, (int64_t)raw, prev == 1 ? f->alt : f);
    case ASX_T_OCTAL:
        p[0] = '"';
        for (int i = 0; i < 4; i++)
            p[1 + i] = (char)('0' + (raw >> (9 - 3 * i) & 7));
        p[5] = '"';
        return 6;
    case ASX_T_ICAO: {
        char s[48];
        unsigned n = f->bits / 6;
        for (unsigned i = 0; i < n; i++)
            s[i] = asx_icao_char((unsigned)asx_getbits(b, f->pos + 6 * i, 6));
        return jstr(p, s, n);
    }
    case ASX_T_ASCII: /* printable: checked by the caller */
        return jstr(p, (const char *)b + (f->pos >> 3), f->bits / 8u);
    default:
        return 0;
    }
}

/* Text that JSON can show as it is: printable ASCII, or 6-bit codes of the ICAO alphabet
 * (A-Z, 0-9, space); anything else is shown in hex so that it comes back unchanged. */
static int icao_ok(const uint8_t *b, const asx_field *f)
{
    for (unsigned i = 0; i < f->bits / 6u; i++) {
        unsigned c = (unsigned)asx_getbits(b, f->pos + 6 * i, 6);
        if (!((c >= 1 && c <= 26) || c == 32 || (c >= 48 && c <= 57)))
            return 0;
    }
    return 1;
}

static int printable(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return 0;
    return 1;
}

/* "key":value for the fields of b that lie within nbits; first: no comma before the first. */
static void fields(asx_jout *o, const asx_item *it, const uint8_t *b, unsigned nbits, int *first)
{
    uint64_t prev = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        if (f->pos + f->bits > nbits)
            break;
        uint64_t raw = f->bits <= 64 && f->type != ASX_T_ICAO && f->type != ASX_T_ASCII
                           ? asx_getbits(b, f->pos, f->bits) : 0;
        if (f->type == ASX_T_SPARE && !raw)
            continue;
        char *p = need(o, ROOM);
        if (!p)
            return;
        size_t n = 0;
        if (!*first)
            p[n++] = ',';
        *first = 0;
        if (f->type == ASX_T_CASE && prev == 1)
            n += key(p + n, f->alt->key);
        else if ((f->type == ASX_T_ASCII && !printable(b + (f->pos >> 3), f->bits / 8u)) ||
                 (f->type == ASX_T_ICAO && !icao_ok(b, f))) {
            n += key(p + n, f->key);
            p[n - 2] = '_'; /* "<key>_hex": */
            memcpy(p + n - 1, "hex\":\"", 6);
            n += 5;
            if (f->type == ASX_T_ASCII) {
                n += hex_bytes(p + n, b + (f->pos >> 3), f->bits / 8u);
            } else {
                uint64_t v = asx_getbits(b, f->pos, f->bits);
                for (int d = (int)(f->bits / 4u) - 1; d >= 0; d--)
                    p[n++] = hexd[v >> (4 * d) & 15];
            }
            p[n++] = '"';
            o->len += n;
            continue;
        } else
            n += key(p + n, f->key);
        n += value(p + n, f, b, raw, prev);
        o->len += n;
        prev = raw;
    }
}

static void item(asx_jout *o, const asx_uap *uap, const asx_item *top, const asx_item *it,
                 const uint8_t *b, size_t len)
{
    int first = 1;
    switch (it->var) {
    case ASX_V_FIXED:
        if (it->flat) {
            first = 1;
            fields(o, it, b, it->len * 8u, &first);
            return;
        }
        LIT(o, "{");
        fields(o, it, b, it->len * 8u, &first);
        LIT(o, "}");
        return;
    case ASX_V_EXTENDED:
        LIT(o, "{");
        fields(o, it, b, (unsigned)len * 8u, &first);
        LIT(o, "}");
        return;
    case ASX_V_REP:
    case ASX_V_REPFX: {
        int fx = it->var == ASX_V_REPFX;
        size_t n = fx ? len / it->len : b[0];
        const uint8_t *e = b + !fx;
        LIT(o, "[");
        for (size_t i = 0; i < n; i++, e += it->len) {
            if (i)
                LIT(o, ",");
            if (it->flat) {
                const asx_field *f = it->f[0].type == ASX_T_SPARE ? &it->f[1] : &it->f[0];
                char *p = need(o, ROOM);
                if (p)
                    o->len += value(p, f, e, asx_getbits(e, f->pos, f->bits), 0);
                /* spare bits of single-value elements (I048/030 has none; kept for symmetry) */
                continue;
            }
            first = 1;
            LIT(o, "{");
            fields(o, it, e, it->len * 8u - fx, &first);
            LIT(o, "}");
        }
        LIT(o, "]");
        return;
    }
    case ASX_V_COMPOUND: {
        size_t fs;
        uint32_t bits = asx_subfspec(b, &fs);
        size_t n = fs;
        unsigned last = 0;
        LIT(o, "{");
        for (unsigned k = 0; k < it->nsub; k++) {
            if (!(bits >> k & 1))
                continue;
            last = k + 1;
            const asx_item *s = &it->sub[k];
            size_t l = 0;
            asx_item_len(uap, top, s, b + n, len - n, &l, NULL);
            if (!first)
                LIT(o, ",");
            first = 0;
            if (!(s->flat && s->var == ASX_V_FIXED)) { /* a single value carries its own key */
                char *p = need(o, 64);
                if (p)
                    o->len += key(p, s->key);
            }
            item(o, uap, top, s, b + n, l);
            n += l;
        }
        if (fs != (last ? (last + 6) / 7 : 1)) {
            char *p = need(o, 40);
            if (p) {
                size_t k = 0;
                if (!first)
                    p[k++] = ',';
                memcpy(p + k, "\"fspec_octets\":", 15);
                k += 15;
                k += utoa(p + k, fs);
                o->len += k;
            }
        }
        LIT(o, "}");
        return;
    }
    case ASX_V_EXPLICIT: {
        char *p = need(o, ROOM);
        if (p) {
            p[0] = '"';
            size_t k = 1 + hex_bytes(p + 1, b + 1, (size_t)b[0] - 1);
            p[k++] = '"';
            o->len += k;
        }
        return;
    }
    default:
        return;
    }
}

static void meta(asx_jout *o, const asx_jmeta *m, int cat)
{
    char *p = need(o, 400);
    if (!p)
        return;
    size_t n = 0;
    p[n++] = '{';
    if (m && m->frame > 0) {
        memcpy(p + n, "\"frame\":", 8);
        n += 8;
        n += utoa(p + n, (uint64_t)m->frame);
        memcpy(p + n, ",\"ts\":", 6);
        n += 6;
        int64_t us = (int64_t)(m->ts * 1e6 + (m->ts >= 0 ? 0.5 : -0.5));
        n += itoa_(p + n, us / 1000000);
        p[n++] = '.';
        char t[8];
        size_t k = utoa(t, (uint64_t)(us % 1000000 < 0 ? -(us % 1000000) : us % 1000000));
        for (size_t z = k; z < 6; z++)
            p[n++] = '0';
        memcpy(p + n, t, k);
        n += k;
        if (m->src) {
            memcpy(p + n, ",\"src\":", 7);
            n += 7 + jstr(p + n + 7, m->src, strnlen(m->src, 60));
        }
        if (m->dst) {
            memcpy(p + n, ",\"dst\":", 7);
            n += 7 + jstr(p + n + 7, m->dst, strnlen(m->dst, 60));
        }
        p[n++] = ',';
    }
    if (m) {
        memcpy(p + n, "\"block\":", 8);
        n += 8;
        n += utoa(p + n, (uint64_t)(m->block < 0 ? 0 : m->block));
        if (m->record > 0) {
            memcpy(p + n, ",\"record\":", 10);
            n += 10;
            n += utoa(p + n, (uint64_t)m->record);
        }
        if (m->offset >= 0) {
            memcpy(p + n, ",\"offset\":", 10);
            n += 10;
            n += utoa(p + n, (uint64_t)m->offset);
        }
        p[n++] = ',';
    }
    memcpy(p + n, "\"cat\":", 6);
    n += 6;
    if (cat >= 0)
        n += utoa(p + n, (uint64_t)cat);
    else
        p[n++] = '0';
    o->len += n;
}

void asx_json_record(asx_jout *o, const asx_jmeta *m, const asx_rec *r)
{
    const asx_uap *uap = r->uap;
    meta(o, m, uap->cat);
    char *p = need(o, 120);
    if (!p)
        return;
    size_t n = 0;
    memcpy(p + n, ",\"edition\":\"", 12);
    n += 12;
    size_t el = strlen(uap->edition);
    memcpy(p + n, uap->edition, el);
    n += el;
    p[n++] = '"';
    if (r->n && r->it[0].frn == 1 && uap->items[0].var == ASX_V_FIXED && uap->items[0].len == 2) {
        memcpy(p + n, ",\"sac\":", 7);
        n += 7;
        n += utoa(p + n, r->p[r->it[0].off]);
        memcpy(p + n, ",\"sic\":", 7);
        n += 7;
        n += utoa(p + n, r->p[r->it[0].off + 1]);
    }
    unsigned last = r->n ? r->it[r->n - 1].frn : 0, fs = r->n ? r->it[0].off : 1;
    if (fs != (last + 6) / 7) {
        memcpy(p + n, ",\"fspec_octets\":", 16);
        n += 16;
        n += utoa(p + n, fs);
    }
    o->len += n;
    for (unsigned i = 0; i < r->n; i++) {
        const asx_item *it = &uap->items[r->it[i].frn - 1];
        p = need(o, 32);
        if (!p)
            return;
        p[0] = ',';
        o->len += 1 + key(p + 1, it->key);
        item(o, uap, it, it, r->p + r->it[i].off, r->it[i].len);
    }
    LIT(o, "}\n");
}

/* ,"<k>":"<hex of p>" in pieces that fit the buffer */
static void hex_value(asx_jout *o, const char *k, const uint8_t *b, size_t n)
{
    char *p = need(o, 32);
    if (!p)
        return;
    p[0] = ',';
    o->len += 1 + key(p + 1, k);
    LIT(o, "\"");
    for (size_t i = 0; i < n; i += 256) {
        size_t c = n - i < 256 ? n - i : 256;
        p = need(o, 2 * c);
        if (p)
            o->len += hex_bytes(p, b + i, c);
    }
    LIT(o, "\"");
}

void asx_json_block(asx_jout *o, const asx_jmeta *m, int cat, const uint8_t *body, size_t n)
{
    meta(o, m, cat);
    LIT(o, ",\"unsupported\":true");
    hex_value(o, "hex", body, n);
    LIT(o, "}\n");
}

void asx_json_fault(asx_jout *o, const asx_jmeta *m, int cat, const char *msg, const uint8_t *b,
                    size_t n, int in_block)
{
    meta(o, m, cat);
    char *p = need(o, 2 * strlen(msg) + 16);
    if (p) {
        size_t k = 0;
        memcpy(p, ",\"error\":\"", 10);
        k = 10;
        for (const char *s = msg; *s; s++) {
            unsigned char c = (unsigned char)*s;
            if (c == '"' || c == '\\')
                p[k++] = '\\';
            p[k++] = c < 0x20 ? ' ' : (char)c;
        }
        p[k++] = '"';
        o->len += k;
    }
    hex_value(o, in_block ? "tail" : "raw", b, n);
    LIT(o, "}\n");
}
