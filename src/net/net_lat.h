/* net/net_lat.h - latency histogram with percentiles, fixed memory, O(1) per sample.
 *
 * Log-spaced bins, 100 per decade from 1 us to 1000 s (relative resolution 2.3 %), so a node can
 * record every track update for hours without allocating. */
#ifndef SW_NET_LAT_H
#define SW_NET_LAT_H

#include <stdint.h>

#define NET_LAT_BINS 900

typedef struct net_lat {
    uint64_t n;
    double sum, max;
    uint64_t bin[NET_LAT_BINS + 1]; /* the last bin holds everything above 1000 s */
} net_lat;

void net_lat_clear(net_lat *h);
void net_lat_add(net_lat *h, double seconds);
/* The q-quantile (0..1) in seconds (upper edge of its bin); 0 when empty. */
double net_lat_quantile(const net_lat *h, double q);
void net_lat_merge(net_lat *into, const net_lat *from);

#endif
