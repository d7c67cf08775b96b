/* track/grid.c - the spatial index: a hashed uniform grid over the horizontal plane.
 *
 * A track registers in every cell overlapped by the box that holds every position it can be
 * gated at until its next deadline: its predicted path over the horizon, widened by the gate's
 * half-widths sqrt(G * S_ii) (the exact bounding box of the ellipse d^2 <= G).  A plot then looks
 * only at the one cell it falls in, so gating costs O(tracks per cell) whatever the picture's
 * size.  Two levels: a box too big for max_cells fine cells goes into coarse cells
 * TRK_GRID_COARSE times larger (fresh one-point tracks of a slow sensor, very uncertain tracks);
 * a box too big even for those goes on the short "wide" list that every plot checks.
 *
 * Layout, for the cache: cells live in an open-addressing table (linear probing, backward-shift
 * deletion) of 64-byte slots that hold the cell key and up to 12 track slots inline, so a lookup
 * is one cache line; a crowded cell chains to overflow blocks from a pool.  No bounds on the
 * area, no allocation outside trk_grid_reserve(). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

#include <sys/mman.h>

/* The cell table is read at random: on huge pages it stays within the TLB's reach. */
static void *table_alloc(size_t bytes)
{
    if (bytes < (2u << 20))
        return aligned_alloc(64, bytes);
    size_t hp = 2u << 20, n = (bytes + hp - 1) / hp * hp;
    void *p = aligned_alloc(hp, n);
    if (p)
        madvise(p, n, MADV_HUGEPAGE);
    return p;
}

#define hash_cell trk_grid_hash

static uint32_t pow2_at_least(size_t n)
{
    uint32_t b = 1024;
    while (b < n && b < (1u << 30))
        b <<= 1;
    return b;
}

static void ovf_link_free(trk_grid *g, int32_t from, int32_t to)
{
    for (int32_t i = to - 1; i >= from; i--) {
        g->ovf[i].next = g->ovf_free;
        g->ovf_free = i;
    }
}

sw_rc trk_grid_init(trk_grid *g, double cell, size_t cells)
{
    memset(g, 0, sizeof *g);
    g->cell = cell;
    g->inv_cell = 1.0 / cell;
    g->nslots = pow2_at_least(2 * cells);
    if (sizeof(trk_cell) != 64)
        return SW_EINVAL;
    g->slot = table_alloc(sizeof(trk_cell) * g->nslots);
    g->capovf = 1024;
    g->ovf = aligned_alloc(64, sizeof(trk_cell) * (size_t)g->capovf);
    g->capwide = 256;
    g->wide = malloc(sizeof(int32_t) * (size_t)g->capwide);
    if (!g->slot || !g->ovf || !g->wide) {
        trk_grid_free(g);
        return SW_ENOMEM;
    }
    for (uint32_t i = 0; i < g->nslots; i++)
        g->slot[i].lv = TRK_CELL_EMPTY;
    g->ovf_free = -1;
    ovf_link_free(g, 0, g->capovf);
    g->max_cells = 64;
    return SW_OK;
}

void trk_grid_free(trk_grid *g)
{
    free(g->slot);
    free(g->ovf);
    free(g->wide);
    memset(g, 0, sizeof *g);
}

/* index of the cell's slot, or of the empty slot where it would go */
static uint32_t probe(const trk_grid *g, int32_t cx, int32_t cy, int lv)
{
    uint32_t mask = g->nslots - 1, i = hash_cell(cx, cy, lv) & mask;
    for (;;) {
        const trk_cell *c = &g->slot[i];
        if (c->lv == TRK_CELL_EMPTY || (c->cx == cx && c->cy == cy && c->lv == lv))
            return i;
        i = (i + 1) & mask;
    }
}

static void rehash(trk_grid *g, trk_cell *old, uint32_t nold)
{
    for (uint32_t i = 0; i < g->nslots; i++)
        g->slot[i].lv = TRK_CELL_EMPTY;
    for (uint32_t i = 0; i < nold; i++)
        if (old[i].lv != TRK_CELL_EMPTY)
            g->slot[probe(g, old[i].cx, old[i].cy, old[i].lv)] = old[i];
}

sw_rc trk_grid_reserve(trk_grid *g, size_t new_cells, size_t tracks)
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
    /* keep the table at most half full after new_cells more */
    if (2 * ((size_t)g->ncells + new_cells) > g->nslots) {
        uint32_t ns = pow2_at_least(2 * ((size_t)g->ncells + new_cells));
        trk_cell *old = g->slot, *n = table_alloc(sizeof(trk_cell) * ns);
        if (!n)
            return SW_ENOMEM;
        uint32_t nold = g->nslots;
        g->slot = n;
        g->nslots = ns;
        rehash(g, old, nold);
        free(old);
    }
    if (g->novf + (int32_t)(new_cells / 4) + 64 > g->capovf) {
        int32_t nc = g->capovf * 2;
        while (nc < g->novf + (int32_t)(new_cells / 4) + 64)
            nc *= 2;
        trk_cell *o = aligned_alloc(64, sizeof(trk_cell) * (size_t)nc);
        if (!o)
            return SW_ENOMEM;
        memcpy(o, g->ovf, sizeof(trk_cell) * (size_t)g->capovf);
        free(g->ovf);
        g->ovf = o;
        int32_t old = g->capovf;
        g->capovf = nc;
        ovf_link_free(g, old, nc);
    }
    return SW_OK;
}

void trk_grid_cells(const trk_grid *g, const double box[4], int lv, double c[4])
{
    double inv = lv ? g->inv_cell / TRK_GRID_COARSE : g->inv_cell;
    for (int i = 0; i < 4; i++)
        c[i] = floor(box[i] * inv);
}

int trk_grid_level(const trk_grid *g, const double box[4])
{
    for (int lv = 0; lv < 2; lv++) {
        double c[4];
        trk_grid_cells(g, box, lv, c);
        double n = (c[1] - c[0] + 1) * (c[3] - c[2] + 1);
        if (n <= g->max_cells && fabs(c[0]) < 1e9 && fabs(c[1]) < 1e9 && fabs(c[2]) < 1e9 &&
            fabs(c[3]) < 1e9)
            return lv;
    }
    return 2;
}

/* adds track to cell (cx, cy, lv); 0 on success, -1 when the table or the pool is full */
static int cell_add(trk_grid *g, int32_t cx, int32_t cy, int lv, int32_t track)
{
    uint32_t i = probe(g, cx, cy, lv);
    trk_cell *c = &g->slot[i];
    if (c->lv == TRK_CELL_EMPTY) {
        if (4 * ((size_t)g->ncells + 1) > 3 * (size_t)g->nslots)
            return -1;
        c->cx = cx;
        c->cy = cy;
        c->lv = (uint8_t)lv;
        c->n = 0;
        c->next = -1;
        g->ncells++;
    }
    while (c->n == TRK_CELL_IDS && c->next >= 0)
        c = &g->ovf[c->next];
    if (c->n == TRK_CELL_IDS) {
        int32_t o = g->ovf_free;
        if (o < 0)
            return -1;
        g->ovf_free = g->ovf[o].next;
        g->novf++;
        g->ovf[o].n = 0;
        g->ovf[o].next = -1;
        c->next = o;
        c = &g->ovf[o];
    }
    c->id[c->n++] = track;
    g->ncoarse += lv;
    return 0;
}

static void slot_delete(trk_grid *g, uint32_t i)
{
    /* backward-shift deletion keeps probe sequences unbroken */
    uint32_t mask = g->nslots - 1;
    g->ncells--;
    for (uint32_t j = (i + 1) & mask;; j = (j + 1) & mask) {
        trk_cell *c = &g->slot[j];
        if (c->lv == TRK_CELL_EMPTY)
            break;
        uint32_t h = hash_cell(c->cx, c->cy, c->lv) & mask;
        if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
            g->slot[i] = *c;
            i = j;
        }
    }
    g->slot[i].lv = TRK_CELL_EMPTY;
}

static void cell_del(trk_grid *g, int32_t cx, int32_t cy, int lv, int32_t track)
{
    uint32_t i = probe(g, cx, cy, lv);
    trk_cell *head = &g->slot[i];
    if (head->lv == TRK_CELL_EMPTY)
        return;
    /* find the block holding track, and the last block of the chain */
    trk_cell *hold = NULL, *last = head, *prev_last = NULL;
    int at = -1;
    for (trk_cell *c = head;;) {
        if (!hold)
            for (int k = 0; k < c->n; k++)
                if (c->id[k] == track) {
                    hold = c;
                    at = k;
                    break;
                }
        if (c->next < 0)
            break;
        prev_last = c;
        c = last = &g->ovf[c->next];
    }
    if (!hold)
        return;
    hold->id[at] = last->id[--last->n];
    g->ncoarse -= lv;
    if (last->n == 0 && last != head) {
        int32_t o = prev_last->next;
        prev_last->next = -1;
        g->ovf[o].next = g->ovf_free;
        g->ovf_free = o;
        g->novf--;
    }
    if (head->n == 0 && head->next < 0)
        slot_delete(g, i);
}

int trk_grid_insert(trk_grid *g, int32_t track, const double box[4], int32_t gc[4],
                    int32_t *wide_pos)
{
    *wide_pos = -1;
    int lv = trk_grid_level(g, box);
    if (lv < 2) {
        double c[4];
        trk_grid_cells(g, box, lv, c);
        for (int k = 0; k < 4; k++)
            gc[k] = (int32_t)c[k];
        for (int32_t cx = gc[0]; cx <= gc[1]; cx++)
            for (int32_t cy = gc[2]; cy <= gc[3]; cy++)
                if (cell_add(g, cx, cy, lv, track)) {
                    /* full until the next trk_grid_reserve(): undo, and go wide */
                    for (int32_t ux = gc[0]; ux <= cx; ux++)
                        for (int32_t uy = gc[2]; uy <= (ux == cx ? cy - 1 : gc[3]); uy++)
                            cell_del(g, ux, uy, lv, track);
                    lv = 2;
                    goto wide;
                }
        return lv;
    }
wide:
    *wide_pos = g->nwide;
    g->wide[g->nwide++] = track;
    return 2;
}

int32_t trk_grid_remove(trk_grid *g, int32_t track, int lv, const int32_t gc[4],
                        int32_t *wide_pos)
{
    if (lv == 0 || lv == 1) {
        for (int32_t cx = gc[0]; cx <= gc[1]; cx++)
            for (int32_t cy = gc[2]; cy <= gc[3]; cy++)
                cell_del(g, cx, cy, lv, track);
        return -1;
    }
    int32_t moved = -1;
    if (lv == 2 && *wide_pos >= 0) {
        int32_t w = *wide_pos;
        g->wide[w] = g->wide[--g->nwide];
        if (w < g->nwide)
            moved = g->wide[w];
    }
    *wide_pos = -1;
    return moved;
}

const trk_cell *trk_grid_cell(const trk_grid *g, double x, double y, int lv)
{
    double inv = lv ? g->inv_cell / TRK_GRID_COARSE : g->inv_cell;
    double fx = floor(x * inv), fy = floor(y * inv);
    if (!(fabs(fx) < 1e9 && fabs(fy) < 1e9))
        return NULL;
    const trk_cell *c = &g->slot[probe(g, (int32_t)fx, (int32_t)fy, lv)];
    return c->lv == TRK_CELL_EMPTY ? NULL : c;
}

void trk_grid_query(const trk_grid *g, double x, double y, trk_grid_fn fn, void *ctx)
{
    for (int lv = 0; lv < (g->ncoarse ? 2 : 1); lv++) {
        double inv = lv ? g->inv_cell / TRK_GRID_COARSE : g->inv_cell;
        double fx = floor(x * inv), fy = floor(y * inv);
        if (!(fabs(fx) < 1e9 && fabs(fy) < 1e9))
            continue;
        const trk_cell *c = &g->slot[probe(g, (int32_t)fx, (int32_t)fy, lv)];
        if (c->lv == TRK_CELL_EMPTY)
            continue;
        for (;;) {
            for (int k = 0; k < c->n; k++)
                fn(ctx, c->id[k]);
            if (c->next < 0)
                break;
            c = &g->ovf[c->next];
        }
    }
    for (int32_t k = 0; k < g->nwide; k++)
        fn(ctx, g->wide[k]);
}
