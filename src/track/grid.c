/* track/grid.c - the spatial index: a hashed uniform grid over the horizontal plane.
 *
 * A track registers in every cell overlapped by the box that holds every position it can be
 * gated at until its next deadline: its predicted path over the horizon, widened by the gate's
 * half-widths sqrt(G * S_ii) (the exact bounding box of the ellipse d^2 <= G).  A plot then looks
 * only at the one cell it falls in, so gating costs O(tracks per cell) whatever the picture's
 * size.  Cells live in a hash table (no bounds on the area), entries come from a pool made at
 * start-up and chained both ways so a track leaves its cells in O(cells).  A track whose box
 * spans more than max_cells cells (a fresh one-point track of a slow sensor, or a very uncertain
 * one) goes on the short "wide" list that every plot checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

static uint32_t hash_cell(int32_t cx, int32_t cy)
{
    uint32_t h = (uint32_t)cx * 0x9E3779B1u ^ ((uint32_t)cy * 0x85EBCA77u + 0x7F4A7C15u);
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return h;
}

static uint32_t pow2_at_least(size_t n)
{
    uint32_t b = 1024;
    while (b < n && b < (1u << 30))
        b <<= 1;
    return b;
}

static void link_free(trk_grid *g, int32_t from, int32_t to)
{
    for (int32_t i = to - 1; i >= from; i--) {
        g->e[i].track = -1;
        g->e[i].next = g->free_head;
        g->free_head = i;
    }
}

sw_rc trk_grid_init(trk_grid *g, double cell, size_t entries)
{
    memset(g, 0, sizeof *g);
    if (entries < 1024)
        entries = 1024;
    g->cell = cell;
    g->inv_cell = 1.0 / cell;
    g->nbuckets = pow2_at_least(entries / 2);
    g->bucket = malloc(sizeof(int32_t) * g->nbuckets);
    g->e = malloc(sizeof(trk_gentry) * entries);
    g->capwide = 256;
    g->wide = malloc(sizeof(int32_t) * (size_t)g->capwide);
    if (!g->bucket || !g->e || !g->wide) {
        trk_grid_free(g);
        return SW_ENOMEM;
    }
    memset(g->bucket, 0xff, sizeof(int32_t) * g->nbuckets);
    g->cap = (int32_t)entries;
    g->free_head = -1;
    link_free(g, 0, g->cap);
    g->max_cells = 64;
    return SW_OK;
}

void trk_grid_free(trk_grid *g)
{
    free(g->bucket);
    free(g->e);
    free(g->wide);
    memset(g, 0, sizeof *g);
}

static void bucket_push(trk_grid *g, int32_t i)
{
    uint32_t b = hash_cell(g->e[i].cx, g->e[i].cy) & (g->nbuckets - 1);
    g->e[i].prev = -1;
    g->e[i].next = g->bucket[b];
    if (g->bucket[b] >= 0)
        g->e[g->bucket[b]].prev = i;
    g->bucket[b] = i;
}

sw_rc trk_grid_reserve(trk_grid *g, size_t free_needed, size_t tracks)
{
    if (tracks + 1 > (size_t)g->capwide) {
        size_t nc = (size_t)g->capwide * 2;
        while (nc < tracks + 1)
            nc *= 2;
        int32_t *w = realloc(g->wide, sizeof(int32_t) * nc);
        if (!w)
            return SW_ENOMEM;
        g->wide = w;
        g->capwide = (int32_t)nc;
    }
    if ((size_t)(g->cap - g->used) >= free_needed)
        return SW_OK;
    size_t nc = (size_t)g->cap * 2;
    while (nc - (size_t)g->used < free_needed)
        nc *= 2;
    if (nc > INT32_MAX / 2)
        return SW_EFULL;
    trk_gentry *e = realloc(g->e, sizeof(trk_gentry) * nc);
    if (!e)
        return SW_ENOMEM;
    g->e = e;
    int32_t old = g->cap;
    g->cap = (int32_t)nc;
    link_free(g, old, g->cap);
    uint32_t nb = pow2_at_least(nc / 2);
    if (nb != g->nbuckets) { /* rehash the entries in use into a larger table */
        int32_t *b = realloc(g->bucket, sizeof(int32_t) * nb);
        if (!b)
            return SW_ENOMEM;
        g->bucket = b;
        g->nbuckets = nb;
        memset(g->bucket, 0xff, sizeof(int32_t) * nb);
        for (int32_t i = 0; i < old; i++)
            if (g->e[i].track >= 0)
                bucket_push(g, i);
    }
    return SW_OK;
}

void trk_grid_insert(trk_grid *g, int32_t track, const double box[4], int32_t *first,
                     int32_t *wide_pos)
{
    *first = -1;
    *wide_pos = -1;
    double fx0 = floor(box[0] * g->inv_cell), fx1 = floor(box[1] * g->inv_cell);
    double fy0 = floor(box[2] * g->inv_cell), fy1 = floor(box[3] * g->inv_cell);
    double ncell = (fx1 - fx0 + 1) * (fy1 - fy0 + 1);
    if (!(ncell <= g->max_cells) || ncell > g->cap - g->used || fabs(fx0) > 1e9 ||
        fabs(fy0) > 1e9) {
        *wide_pos = g->nwide;
        g->wide[g->nwide++] = track;
        return;
    }
    int32_t cx0 = (int32_t)fx0, cx1 = (int32_t)fx1, cy0 = (int32_t)fy0, cy1 = (int32_t)fy1;
    for (int32_t cx = cx0; cx <= cx1; cx++)
        for (int32_t cy = cy0; cy <= cy1; cy++) {
            int32_t i = g->free_head;
            g->free_head = g->e[i].next;
            g->used++;
            g->e[i].cx = cx;
            g->e[i].cy = cy;
            g->e[i].track = track;
            g->e[i].tnext = *first;
            *first = i;
            bucket_push(g, i);
        }
}

int32_t trk_grid_remove(trk_grid *g, int32_t *first, int32_t *wide_pos)
{
    for (int32_t i = *first; i >= 0;) {
        trk_gentry *e = &g->e[i];
        int32_t nx = e->tnext;
        if (e->prev >= 0)
            g->e[e->prev].next = e->next;
        else
            g->bucket[hash_cell(e->cx, e->cy) & (g->nbuckets - 1)] = e->next;
        if (e->next >= 0)
            g->e[e->next].prev = e->prev;
        e->track = -1;
        e->next = g->free_head;
        g->free_head = i;
        g->used--;
        i = nx;
    }
    *first = -1;
    int32_t moved = -1;
    if (*wide_pos >= 0) {
        int32_t w = *wide_pos;
        g->wide[w] = g->wide[--g->nwide];
        if (w < g->nwide)
            moved = g->wide[w];
        *wide_pos = -1;
    }
    return moved;
}

void trk_grid_query(const trk_grid *g, double x, double y, trk_grid_fn fn, void *ctx)
{
    double fx = floor(x * g->inv_cell), fy = floor(y * g->inv_cell);
    if (fabs(fx) < 1e9 && fabs(fy) < 1e9) {
        int32_t cx = (int32_t)fx, cy = (int32_t)fy;
        for (int32_t i = g->bucket[hash_cell(cx, cy) & (g->nbuckets - 1)]; i >= 0; i = g->e[i].next)
            if (g->e[i].cx == cx && g->e[i].cy == cy)
                fn(ctx, g->e[i].track);
    }
    for (int32_t k = 0; k < g->nwide; k++)
        fn(ctx, g->wide[k]);
}
