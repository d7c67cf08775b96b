/* asterix/asx_bits.h - reading and writing big-endian bit fields (internal).
 * Bit positions count from the MSB of the first octet, as the specifications draw them. */
#ifndef SW_ASTERIX_ASX_BITS_H
#define SW_ASTERIX_ASX_BITS_H

#include <stdint.h>

/* The `bits`-wide (1..64) unsigned field starting at bit pos of p. */
static inline uint64_t asx_getbits(const uint8_t *p, unsigned pos, unsigned bits)
{
    unsigned b = pos >> 3, sh = pos & 7, nb = (sh + bits + 7) >> 3;
    if (nb <= 8) {
        uint64_t v = 0;
        for (unsigned i = 0; i < nb; i++)
            v = v << 8 | p[b + i];
        v >>= nb * 8 - sh - bits;
        return bits == 64 ? v : v & ((UINT64_C(1) << bits) - 1);
    }
    /* a field of more than 56 bits that does not start on an octet: 9 octets */
    unsigned __int128 v = 0;
    for (unsigned i = 0; i < nb; i++)
        v = v << 8 | p[b + i];
    v >>= nb * 8 - sh - bits;
    return (uint64_t)v & (bits == 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1);
}

/* Two's complement over the field's own width. */
static inline int64_t asx_sext(uint64_t v, unsigned bits)
{
    return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* ORs v (already within `bits`) into p at bit pos; the target bits must be zero. */
static inline void asx_putbits(uint8_t *p, unsigned pos, unsigned bits, uint64_t v)
{
    for (unsigned i = 0; i < bits;) {
        unsigned at = pos + i, off = at & 7, take = 8 - off;
        if (take > bits - i)
            take = bits - i;
        unsigned shift = bits - i - take;
        unsigned chunk = (unsigned)(v >> shift) & ((1u << take) - 1);
        p[at >> 3] |= (uint8_t)(chunk << (8 - off - take));
        i += take;
    }
}

#endif
