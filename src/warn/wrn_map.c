/* warn/wrn_map.c - open-addressing map with backward-shift deletion (Knuth, TAOCP vol. 3,
 * algorithm 6.4 R). */
#include "warn/wrn_map.h"

#include <assert.h>

static uint32_t hash64(uint64_t k)
{
    /* splitmix64 finaliser: track numbers and ids are far from random */
    k ^= k >> 30;
    k *= 0xbf58476d1ce4e5b9ull;
    k ^= k >> 27;
    k *= 0x94d049bb133111ebull;
    k ^= k >> 31;
    return (uint32_t)k;
}

uint32_t wrn_map_slots_for(uint32_t n)
{
    uint32_t c = 16;
    while (c < 2 * n)
        c *= 2;
    return c;
}

void wrn_map_init(wrn_map *m, wrn_map_slot *slots, uint32_t cap)
{
    assert(cap && !(cap & (cap - 1)));
    m->s = slots;
    m->cap = cap;
    m->n = 0;
    for (uint32_t i = 0; i < cap; i++)
        slots[i].val = -1;
}

int32_t wrn_map_get(const wrn_map *m, uint64_t key)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash64(key) & mask;; i = (i + 1) & mask) {
        if (m->s[i].val < 0)
            return -1;
        if (m->s[i].key == key)
            return m->s[i].val;
    }
}

int wrn_map_put(wrn_map *m, uint64_t key, int32_t val)
{
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash64(key) & mask;; i = (i + 1) & mask) {
        if (m->s[i].val < 0) {
            if (m->n + 1 >= m->cap)
                return -1;
            m->s[i].key = key;
            m->s[i].val = val;
            m->n++;
            return 0;
        }
        if (m->s[i].key == key) {
            m->s[i].val = val;
            return 0;
        }
    }
}

void wrn_map_del(wrn_map *m, uint64_t key)
{
    uint32_t mask = m->cap - 1, i = hash64(key) & mask;
    for (;; i = (i + 1) & mask) {
        if (m->s[i].val < 0)
            return;
        if (m->s[i].key == key)
            break;
    }
    m->n--;
    /* shift back every following entry that would no longer be found */
    for (uint32_t j = (i + 1) & mask; m->s[j].val >= 0; j = (j + 1) & mask) {
        uint32_t h = hash64(m->s[j].key) & mask;
        /* can the entry at j move to the hole at i?  Yes unless its home lies in (i, j] */
        if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
            m->s[i] = m->s[j];
            i = j;
        }
    }
    m->s[i].val = -1;
}
