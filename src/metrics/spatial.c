/* metrics/spatial.c - uniform-grid spatial index (see spatial.h).  A sorted array of cell keys
 * rather than a hash table: building is one sort, a cell lookup is one binary search, and the
 * memory is two words per point, reused from frame to frame. */
#include "metrics/spatial.h"

#include <math.h>
#include <stdlib.h>

#define CELL_BITS 21
#define CELL_MASK ((1ull << CELL_BITS) - 1)

static uint64_t pack(long long ix, long long iy, long long iz)
{
    return ((uint64_t)ix & CELL_MASK) | (((uint64_t)iy & CELL_MASK) << CELL_BITS) |
           (((uint64_t)iz & CELL_MASK) << (2 * CELL_BITS));
}

/* Cell coordinate of a value; clamped so that absurd values (inf, 1e300) stay defined. */
static long long cell(double v, double h)
{
    double c = floor(v / h);
    if (!(c > -1e15))
        return (long long)-1e15;
    if (c > 1e15)
        return (long long)1e15;
    return (long long)c;
}

static int cmp_entry(const void *a, const void *b)
{
    const met_cell_entry *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

sw_rc met_spatial_build(met_spatial *s, double h, int dim, size_t n,
                        const double *(*pos)(const void *ctx, size_t i), const void *ctx)
{
    if (!(h > 0))
        return SW_EINVAL;
    if (n > s->cap) {
        size_t cap = n + n / 2 + 16;
        met_cell_entry *e = realloc(s->e, cap * sizeof *e);
        if (!e)
            return SW_ENOMEM;
        s->e = e;
        s->cap = cap;
    }
    s->h = h;
    s->dim = dim;
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        const double *p = pos(ctx, i);
        s->e[i].key = pack(cell(p[0], h), cell(p[1], h), dim == 3 ? cell(p[2], h) : 0);
        s->e[i].idx = (uint32_t)i;
    }
    qsort(s->e, n, sizeof *s->e, cmp_entry);
    return SW_OK;
}

static size_t lower_bound(const met_spatial *s, uint64_t key)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->e[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t met_spatial_query(const met_spatial *s, const double q[3],
                         const double *(*pos)(const void *ctx, size_t i), const void *pctx,
                         void (*fn)(void *ctx, uint32_t i, double d), void *ctx)
{
    long long cx = cell(q[0], s->h), cy = cell(q[1], s->h);
    long long cz = s->dim == 3 ? cell(q[2], s->h) : 0;
    int zr = s->dim == 3 ? 1 : 0;
    size_t found = 0;
    /* the 3^dim neighbour keys may coincide after wrapping: visit each distinct key once */
    uint64_t seen[27];
    int nseen = 0;
    for (int dz = -zr; dz <= zr; dz++)
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) {
                uint64_t key = pack(cx + dx, cy + dy, cz + dz);
                int dup = 0;
                for (int k = 0; k < nseen; k++)
                    dup |= seen[k] == key;
                if (dup)
                    continue;
                seen[nseen++] = key;
                for (size_t e = lower_bound(s, key); e < s->n && s->e[e].key == key; e++) {
                    double d = met_dist(s->dim, q, pos(pctx, s->e[e].idx));
                    if (d < s->h) {
                        fn(ctx, s->e[e].idx, d);
                        found++;
                    }
                }
            }
    return found;
}

void met_spatial_free(met_spatial *s)
{
    free(s->e);
    s->e = NULL;
    s->n = s->cap = 0;
}
