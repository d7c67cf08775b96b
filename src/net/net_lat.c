/* net/net_lat.c - latency histogram (see net_lat.h). */
#include "net/net_lat.h"

#include <math.h>
#include <string.h>

void net_lat_clear(net_lat *h) { memset(h, 0, sizeof *h); }

void net_lat_add(net_lat *h, double s)
{
    if (!(s >= 0))
        s = 0; /* clock steps between hosts can make a latency negative: count it as zero */
    int b = s <= 1e-6 ? 0 : (int)(100.0 * log10(s / 1e-6));
    if (b > NET_LAT_BINS)
        b = NET_LAT_BINS;
    h->bin[b]++;
    h->n++;
    h->sum += s;
    if (s > h->max)
        h->max = s;
}

double net_lat_quantile(const net_lat *h, double q)
{
    if (!h->n)
        return 0;
    uint64_t want = (uint64_t)ceil(q * (double)h->n), acc = 0;
    if (want < 1)
        want = 1;
    for (int b = 0; b <= NET_LAT_BINS; b++) {
        acc += h->bin[b];
        if (acc >= want) {
            double up = 1e-6 * pow(10.0, (b + 1) / 100.0);
            return up < h->max ? up : h->max;
        }
    }
    return h->max;
}

void net_lat_merge(net_lat *into, const net_lat *from)
{
    for (int b = 0; b <= NET_LAT_BINS; b++)
        into->bin[b] += from->bin[b];
    into->n += from->n;
    into->sum += from->sum;
    if (from->max > into->max)
        into->max = from->max;
}
