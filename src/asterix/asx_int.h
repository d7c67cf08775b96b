/* asterix/asx_int.h - helpers shared by the codec's files (not part of the API). */
#ifndef SW_ASTERIX_ASX_INT_H
#define SW_ASTERIX_ASX_INT_H

#include "asterix/asterix.h"

/* Length of item (or subfield) it of top item at p, avail octets left; f may be NULL. */
sw_rc asx_item_len(const asx_uap *uap, const asx_item *top, const asx_item *it, const uint8_t *p,
                   size_t avail, size_t *len, asx_fault *f);

/* Fills the typed struct of item it (base: its place in the record) from its len octets at p;
 * at: p's offset in the record, for faults. */
sw_rc asx_fill_item(const asx_item *it, const uint8_t *p, size_t len, uint8_t *base, asx_fault *f,
                    size_t at);

/* CAT048 1.31 split and filled in one pass (asx048_fast.c); *len: the record's octets. */
sw_rc asx048_decode_fast(const uint8_t *p, size_t avail, asx048 *r, size_t *len, asx_fault *f);

/* 6-bit code -> character: 1..26 'A'..'Z', 32 ' ', 48..57 '0'..'9'; the other codes map one to
 * one onto the rest of ASCII 32..95 ('@', '[', '!' ...) so that nothing is lost. */
static inline char asx_icao_ch(unsigned c)
{
    c &= 63;
    return (char)(c < 32 ? c + 64 : c);
}

/* Bits of a compound's sub-FSPEC at p (already checked); *fs receives its octets. */
static inline uint32_t asx_subfspec(const uint8_t *p, size_t *fs)
{
    uint32_t bits = 0;
    size_t n = 0;
    do {
        for (unsigned b = 0; b < 7; b++)
            if ((p[n] & (0x80 >> b)) && n * 7 + b < 32)
                bits |= 1u << (n * 7 + b);
    } while (p[n++] & 1);
    *fs = n;
    return bits;
}

#endif
