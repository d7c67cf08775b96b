/* warn/wrn_map.h - a fixed-capacity open-addressing map from 64-bit keys to slot indices, used
 * by the engine to find a track by its number and a warning by its id without scanning.
 * Linear probing with backward-shift deletion (no tombstones, so it never degrades).  The
 * memory is one array given at init; nothing allocates afterwards. */
#ifndef SW_WRN_MAP_H
#define SW_WRN_MAP_H

#include <stdint.h>

typedef struct wrn_map_slot {
    uint64_t key;
    int32_t val;       /* -1 = empty */
} wrn_map_slot;

typedef struct wrn_map {
    wrn_map_slot *s;   /* cap slots, cap a power of two */
    uint32_t cap;
    uint32_t n;
} wrn_map;

/* The number of slots to give for at most n keys (a power of two >= 2n). */
uint32_t wrn_map_slots_for(uint32_t n);
void wrn_map_init(wrn_map *m, wrn_map_slot *slots, uint32_t cap);
/* The value of key, or -1. */
int32_t wrn_map_get(const wrn_map *m, uint64_t key);
/* Sets key -> val (replacing).  -1 when the map is full. */
int wrn_map_put(wrn_map *m, uint64_t key, int32_t val);
void wrn_map_del(wrn_map *m, uint64_t key);

#endif
