/* ingest/ing_dedup.c - dropping the second copy of a datagram (redundant A/B LANs).
 * A fixed table of (hash, time): a datagram is a duplicate when the same 64-bit hash of its
 * octets was seen within the window.  Probing is bounded (ING_DEDUP_PROBE slots), so the cost
 * per datagram is one hash and a few compares, and nothing is ever allocated. */
#include <string.h>

#include "ingest/ingest.h"

void ing_dedup_init(ing_dedup *d, double window_s)
{
    memset(d->h, 0, sizeof d->h);
    for (size_t i = 0; i < ING_DEDUP_SLOTS; i++)
        d->t[i] = -1e300;
    d->window_s = window_s;
}

/* 64-bit hash, eight octets at a time (a multiply-xorshift mix; not cryptographic: a sender
 * that wants to be dropped could forge a copy anyway). */
static uint64_t hash(const uint8_t *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 29;
    }
    uint64_t v = 0;
    for (size_t k = 0; i < n; i++, k++)
        v |= (uint64_t)p[i] << (8 * k);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 32;
    return h | 1; /* 0 marks an empty slot */
}

int ing_dedup_seen(ing_dedup *d, const uint8_t *p, size_t n, double t)
{
    uint64_t h = hash(p, n);
    size_t base = (size_t)(h >> 17), victim = base & (ING_DEDUP_SLOTS - 1);
    double oldest = 1e300;
    for (size_t k = 0; k < ING_DEDUP_PROBE; k++) {
        size_t i = (base + k) & (ING_DEDUP_SLOTS - 1);
        double age = t - d->t[i];
        if (d->h[i] == h && age <= d->window_s && age >= -d->window_s)
            return 1;
        if (d->t[i] < oldest) { /* empty and expired slots are the oldest */
            oldest = d->t[i];
            victim = i;
        }
    }
    d->h[victim] = h;
    d->t[victim] = t;
    return 0;
}
