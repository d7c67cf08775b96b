/* track/heap.c - the plot reordering window: a binary heap by (time, arrival). */
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

/* ---- plots ----
 * The window holds prepared plots in a pool; the heap orders small (t, seq, index) nodes, so a
 * sift moves 24 bytes, not a whole plot. */

sw_rc trk_pheap_init(trk_pheap *h, size_t cap)
{
    memset(h, 0, sizeof *h);
    h->cap = cap;
    h->a = malloc(sizeof(trk_meas) * cap);
    h->node = malloc(sizeof(trk_pnode) * cap);
    h->freel = malloc(sizeof(int32_t) * cap);
    if (!h->a || !h->node || !h->freel)
        return SW_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        h->freel[i] = (int32_t)(cap - 1 - i);
    h->nfree = cap;
    return SW_OK;
}

void trk_pheap_free(trk_pheap *h)
{
    free(h->a);
    free(h->node);
    free(h->freel);
    memset(h, 0, sizeof *h);
}

trk_meas *trk_pheap_slot(trk_pheap *h)
{
    if (!h->nfree) {
        /* the window holds more plots than ever before: double (a high-water mark) */
        size_t nc = h->cap * 2;
        trk_meas *a = realloc(h->a, sizeof(trk_meas) * nc);
        if (!a)
            return NULL;
        h->a = a;
        trk_pnode *nd = realloc(h->node, sizeof(trk_pnode) * nc);
        if (!nd)
            return NULL;
        h->node = nd;
        int32_t *fl = realloc(h->freel, sizeof(int32_t) * nc);
        if (!fl)
            return NULL;
        h->freel = fl;
        for (size_t i = nc; i-- > h->cap;)
            h->freel[h->nfree++] = (int32_t)i;
        h->cap = nc;
    }
    return &h->a[h->freel[h->nfree - 1]];
}

static int before(const trk_pnode *a, const trk_pnode *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void trk_pheap_commit(trk_pheap *h)
{
    int32_t idx = h->freel[--h->nfree];
    trk_pnode nd = {h->a[idx].t, h->a[idx].seq, idx};
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&nd, &h->node[p]))
            break;
        h->node[i] = h->node[p];
        i = p;
    }
    h->node[i] = nd;
}

const trk_meas *trk_pheap_pop(trk_pheap *h)
{
    int32_t idx = h->node[0].idx;
    trk_pnode last = h->node[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const trk_pnode *best = &last;
        if (l < n && before(&h->node[l], best))
            m = l, best = &h->node[l];
        if (r < n && before(&h->node[r], best))
            m = r;
        if (m == i)
            break;
        h->node[i] = h->node[m];
        i = m;
    }
    if (n)
        h->node[i] = last;
    h->freel[h->nfree++] = idx; /* valid until the next trk_pheap_slot() */
    return &h->a[idx];
}
