/* metrics/spatial.h - internal to metrics/: a uniform-grid spatial index over points, for
 * "every point within h of q" queries in O(log n) per cell.  Cell coordinates wrap into 21 bits
 * each, so a far-away point may share a cell key: candidates are always checked by distance,
 * which keeps queries exact whatever the coordinates.  Buffers grow and are reused; the index
 * owns them (met_spatial_free). */
#ifndef SW_METRICS_SPATIAL_H
#define SW_METRICS_SPATIAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"

typedef struct met_cell_entry {
    uint64_t key;        /* packed cell coordinates */
    uint32_t idx;        /* point index */
} met_cell_entry;

typedef struct met_spatial {
    double h;            /* cell size */
    int dim;             /* 2 or 3 */
    size_t n, cap;
    met_cell_entry *e;   /* sorted by key */
} met_spatial;

/* Builds the index over n points (pos(i) gives the position of point i); h > 0. */
sw_rc met_spatial_build(met_spatial *s, double h, int dim, size_t n,
                        const double *(*pos)(const void *ctx, size_t i), const void *ctx);
/* Calls fn(ctx, i, d) for every indexed point i with distance d < h from q; returns the count. */
size_t met_spatial_query(const met_spatial *s, const double q[3],
                         const double *(*pos)(const void *ctx, size_t i), const void *pctx,
                         void (*fn)(void *ctx, uint32_t i, double d), void *ctx);
void met_spatial_free(met_spatial *s);

/* Euclidean distance over the first dim coordinates. */
static inline double met_dist(int dim, const double *a, const double *b)
{
    double s = 0;
    for (int k = 0; k < dim; k++)
        s += (a[k] - b[k]) * (a[k] - b[k]);
    return __builtin_sqrt(s);
}

#endif
