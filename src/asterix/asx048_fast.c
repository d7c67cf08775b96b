/* asterix/asx048_fast.c - CAT048 decoded by hand, in one pass.
 *
 * Radar plots are the bulk of what a node reads (a national network: tens of thousands a
 * second), so CAT048 gets a decoder that splits and fills in one pass with the common items
 * written out; the rest (compound, repetitive-FX, explicit, the Mode-1/2 and confidence items)
 * go through the generic table code.  The result is defined to be identical to the generic
 * decoder's, struct for struct: tests/asterix and the fuzz harness check exactly that. */
#include <stdio.h>
#include <string.h>

#include "asterix/asterix.h"
#include "asterix/asx_int.h"

extern const asx_uap asx_uap_048_1_31;

/* FSPEC octet >> 1 -> bit b set for FRN 7k+1+b */
static const uint8_t rev7[128] = {
    0, 64, 32, 96, 16, 80, 48, 112, 8, 72, 40, 104, 24, 88, 56, 120,
    4, 68, 36, 100, 20, 84, 52, 116, 12, 76, 44, 108, 28, 92, 60, 124,
    2, 66, 34, 98, 18, 82, 50, 114, 10, 74, 42, 106, 26, 90, 58, 122,
    6, 70, 38, 102, 22, 86, 54, 118, 14, 78, 46, 110, 30, 94, 62, 126,
    1, 65, 33, 97, 17, 81, 49, 113, 9, 73, 41, 105, 25, 89, 57, 121,
    5, 69, 37, 101, 21, 85, 53, 117, 13, 77, 45, 109, 29, 93, 61, 125,
    3, 67, 35, 99, 19, 83, 51, 115, 11, 75, 43, 107, 27, 91, 59, 123,
    7, 71, 39, 103, 23, 87, 55, 119, 15, 79, 47, 111, 31, 95, 63, 127,
};

static inline unsigned be16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

static inline int32_t sx(unsigned v, unsigned bits)
{
    return (int32_t)(v << (32 - bits)) >> (32 - bits);
}

static sw_rc trunc_(asx_fault *f, const uint8_t *rec, const uint8_t *at, const char *item,
                    size_t left)
{
    if (f) {
        memset(f, 0, sizeof *f);
        f->rc = SW_ETRUNC;
        f->cat = 48;
        f->off = (size_t)(at - rec);
        snprintf(f->item, sizeof f->item, "%s", item);
        snprintf(f->why, sizeof f->why, "runs past the end of the block (%zu octets left)", left);
    }
    return SW_ETRUNC;
}

#define NEED(n, name)                                                                           \
    do {                                                                                        \
        if ((size_t)(end - q) < (size_t)(n))                                                    \
            return trunc_(f, p, q, name, (size_t)(end - q));                                    \
    } while (0)

sw_rc asx048_decode_fast(const uint8_t *p, size_t avail, asx048 *r, size_t *len, asx_fault *f)
{
    const uint8_t *q = p, *end = p + avail;
    uint64_t present = 0;
    unsigned fs = 0;
    do {
        if (q >= end)
            return trunc_(f, p, q, "FSPEC", 0);
        uint64_t bits = *q >> 1;
        if (bits) {
            /* FSPEC octet k holds FRN 7k+1 (bit 8) .. 7k+7 (bit 2) */
            uint64_t rev = rev7[bits];
            if (fs * 7 >= ASX048_NFRN || (fs * 7 + 7 > ASX048_NFRN && rev >> (ASX048_NFRN - fs * 7))) {
                /* let the generic splitter word the error */
                asx_rec tmp;
                return asx_rec_split(&asx_uap_048_1_31, p, avail, &tmp, f);
            }
            present |= rev << (fs * 7);
        }
        fs++;
    } while (*q++ & 1);
    if (!present)
        return asx_rec_split(&asx_uap_048_1_31, p, avail, &(asx_rec){0}, f);
    r->present = present;
    r->fspec_len = (uint8_t)(fs > 255 ? 255 : fs);
    const asx_item *items = asx_uap_048_1_31.items;
    for (uint64_t m = present; m; m &= m - 1) {
        unsigned frn = (unsigned)__builtin_ctzll(m) + 1;
        switch (frn) {
        case ASX048_FRN_010:
            NEED(2, "I048/010");
            r->i010.sac = q[0];
            r->i010.sic = q[1];
            q += 2;
            break;
        case ASX048_FRN_140:
            NEED(3, "I048/140");
            r->i140.tod_s = (double)((unsigned)q[0] << 16 | be16(q + 1)) * (1.0 / 128.0);
            q += 3;
            break;
        case ASX048_FRN_020: {
            asx048_020 *d = &r->i020;
            NEED(1, "I048/020");
            unsigned a = q[0], b = 0, c = 0, n = 1;
            if (a & 1) {
                NEED(2, "I048/020");
                b = q[1];
                n = 2;
                if (b & 1) {
                    NEED(3, "I048/020");
                    c = q[2];
                    n = 3;
                    if (c & 1)
                        goto generic;
                }
            }
            d->parts = (uint8_t)n;
            d->typ = (uint8_t)(a >> 5);
            d->sim = a >> 4 & 1;
            d->rdp = a >> 3 & 1;
            d->spi = a >> 2 & 1;
            d->rab = a >> 1 & 1;
            d->tst = (uint8_t)(b >> 7);
            d->err = b >> 6 & 1;
            d->xpp = b >> 5 & 1;
            d->me = b >> 4 & 1;
            d->mi = b >> 3 & 1;
            d->foefri = b >> 1 & 3;
            d->adsb_ep = (uint8_t)(c >> 7);
            d->adsb_val = c >> 6 & 1;
            d->scn_ep = c >> 5 & 1;
            d->scn_val = c >> 4 & 1;
            d->pai_ep = c >> 3 & 1;
            d->pai_val = c >> 2 & 1;
            q += n;
            break;
        }
        case ASX048_FRN_040:
            NEED(4, "I048/040");
            r->i040.rho_nm = be16(q) * (1.0 / 256.0);
            r->i040.theta_deg = be16(q + 2) * (45.0 / 8192.0);
            q += 4;
            break;
        case ASX048_FRN_070:
            NEED(2, "I048/070");
            r->i070.v = (uint8_t)(q[0] >> 7);
            r->i070.g = q[0] >> 6 & 1;
            r->i070.l = q[0] >> 5 & 1;
            r->i070.mode3a = (uint16_t)(be16(q) & 0xfff);
            q += 2;
            break;
        case ASX048_FRN_090:
            NEED(2, "I048/090");
            r->i090.v = (uint8_t)(q[0] >> 7);
            r->i090.g = q[0] >> 6 & 1;
            r->i090.fl = sx(be16(q) & 0x3fff, 14) * 0.25;
            q += 2;
            break;
        case ASX048_FRN_220:
            NEED(3, "I048/220");
            r->i220.address = (uint32_t)q[0] << 16 | be16(q + 1);
            q += 3;
            break;
        case ASX048_FRN_240: {
            NEED(6, "I048/240");
            uint64_t v = (uint64_t)be16(q) << 32 | (uint64_t)be16(q + 2) << 16 | be16(q + 4);
            for (unsigned i = 0; i < 8; i++)
                r->i240.ident[i] = asx_icao_ch((unsigned)(v >> (42 - 6 * i)));
            r->i240.ident[8] = 0;
            q += 6;
            break;
        }
        case ASX048_FRN_250: {
            NEED(1, "I048/250");
            unsigned n = q[0];
            NEED(1 + 8 * n, "I048/250");
            r->i250.n = (uint16_t)n;
            for (unsigned i = 0; i < n; i++) {
                const uint8_t *e = q + 1 + 8 * i;
                uint64_t v = 0;
                for (unsigned k = 0; k < 7; k++)
                    v = v << 8 | e[k];
                r->i250.e[i].mbdata = v;
                r->i250.e[i].bds1 = (uint8_t)(e[7] >> 4);
                r->i250.e[i].bds2 = e[7] & 15;
            }
            q += 1 + 8 * n;
            break;
        }
        case ASX048_FRN_161:
            NEED(2, "I048/161");
            r->i161.trn = (uint16_t)(be16(q) & 0xfff);
            q += 2;
            break;
        case ASX048_FRN_042:
            NEED(4, "I048/042");
            r->i042.x_nm = sx(be16(q), 16) * (1.0 / 128.0);
            r->i042.y_nm = sx(be16(q + 2), 16) * (1.0 / 128.0);
            q += 4;
            break;
        case ASX048_FRN_200:
            NEED(4, "I048/200");
            r->i200.gsp_nmps = be16(q) * (1.0 / 16384.0);
            r->i200.hdg_deg = be16(q + 2) * (45.0 / 8192.0);
            q += 4;
            break;
        case ASX048_FRN_170: {
            NEED(1, "I048/170");
            unsigned a = q[0], b = 0, n = 1;
            if (a & 1) {
                NEED(2, "I048/170");
                b = q[1];
                n = 2;
                if (b & 1)
                    goto generic;
            }
            asx048_170 *d = &r->i170;
            d->parts = (uint8_t)n;
            d->cnf = (uint8_t)(a >> 7);
            d->rad = a >> 5 & 3;
            d->dou = a >> 4 & 1;
            d->mah = a >> 3 & 1;
            d->cdm = a >> 1 & 3;
            d->tre = (uint8_t)(b >> 7);
            d->gho = b >> 6 & 1;
            d->sup = b >> 5 & 1;
            d->tcc = b >> 4 & 1;
            q += n;
            break;
        }
        case ASX048_FRN_210:
            NEED(4, "I048/210");
            r->i210.sigx_nm = q[0] * (1.0 / 128.0);
            r->i210.sigy_nm = q[1] * (1.0 / 128.0);
            r->i210.sigv_nmps = q[2] * (1.0 / 16384.0);
            r->i210.sigh_deg = q[3] * (45.0 / 512.0);
            q += 4;
            break;
        case ASX048_FRN_110:
            NEED(2, "I048/110");
            r->i110.height_ft = sx(be16(q) & 0x3fff, 14) * 25.0;
            q += 2;
            break;
        case ASX048_FRN_130: {
            NEED(1, "I048/130");
            unsigned sf = q[0];
            if (sf & 1) /* a second sub-FSPEC octet: nothing defined there, let the tables say so */
                goto generic;
            unsigned bits = rev7[sf >> 1];
            NEED(1 + __builtin_popcount(bits), "I048/130");
            asx048_130 *d = &r->i130;
            const uint8_t *s = q + 1;
            d->present = bits;
            if (bits & 1)
                d->srl_deg = *s++ * (45.0 / 1024.0);
            if (bits & 2)
                d->srr = *s++;
            if (bits & 4)
                d->sam_dbm = (int8_t)*s++;
            if (bits & 8)
                d->prl_deg = *s++ * (45.0 / 1024.0);
            if (bits & 16)
                d->pam_dbm = (int8_t)*s++;
            if (bits & 32)
                d->rpd_nm = (int8_t)*s++ * (1.0 / 256.0);
            if (bits & 64)
                d->apd_deg = (int8_t)*s++ * (45.0 / 2048.0);
            q = s;
            break;
        }
        case ASX048_FRN_230:
            NEED(2, "I048/230");
            r->i230.com = (uint8_t)(q[0] >> 5);
            r->i230.stat = q[0] >> 2 & 7;
            r->i230.si = q[0] >> 1 & 1;
            r->i230.mssc = (uint8_t)(q[1] >> 7);
            r->i230.arc = q[1] >> 6 & 1;
            r->i230.aic = q[1] >> 5 & 1;
            r->i230.b1a = q[1] >> 4 & 1;
            r->i230.b1b = q[1] & 15;
            q += 2;
            break;
        default:
        generic: {
            /* the table code words its own faults; offsets are made relative to the record */
            const asx_item *it = &items[frn - 1];
            size_t l;
            sw_rc rc = asx_item_len(&asx_uap_048_1_31, it, it, q, (size_t)(end - q), &l, f);
            if (rc) {
                if (f)
                    f->off += (size_t)(q - p);
                return rc;
            }
            if ((rc = asx_fill_item(it, q, l, (uint8_t *)r + it->off, f, (size_t)(q - p))))
                return rc;
            q += l;
            break;
        }
        }
    }
    *len = (size_t)(q - p);
    return SW_OK;
}
