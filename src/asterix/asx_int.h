/* asterix/asx_int.h - helpers shared by the codec's files (not part of the API). */
#ifndef SW_ASTERIX_ASX_INT_H
#define SW_ASTERIX_ASX_INT_H

#include "asterix/asterix.h"

/* Length of item (or subfield) it of top item at p, avail octets left; f may be NULL. */
sw_rc asx_item_len(const asx_uap *uap, const asx_item *top, const asx_item *it, const uint8_t *p,
                   size_t avail, size_t *len, asx_fault *f);

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
