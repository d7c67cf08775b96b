/* track/heap.c - two binary heaps: track deadlines (indexed, so a deadline can move in
 * O(log n) when a track is updated) and the plot reordering window (by time, then arrival). */
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

/* ---- deadlines ---- */

sw_rc trk_dheap_init(trk_dheap *h, size_t cap)
{
    memset(h, 0, sizeof *h);
    return trk_dheap_grow(h, cap);
}

sw_rc trk_dheap_grow(trk_dheap *h, size_t cap)
{
    if (cap <= (size_t)h->cap)
        return SW_OK;
    int32_t *a = realloc(h->h, sizeof(int32_t) * cap);
    if (!a)
        return SW_ENOMEM;
    h->h = a;
    int32_t *p = realloc(h->pos, sizeof(int32_t) * cap);
    if (!p)
        return SW_ENOMEM;
    h->pos = p;
    double *k = realloc(h->key, sizeof(double) * cap);
    if (!k)
        return SW_ENOMEM;
    h->key = k;
    for (size_t i = (size_t)h->cap; i < cap; i++)
        h->pos[i] = -1;
    h->cap = (int32_t)cap;
    return SW_OK;
}

void trk_dheap_free(trk_dheap *h)
{
    free(h->h);
    free(h->pos);
    free(h->key);
    memset(h, 0, sizeof *h);
}

static void dswap(trk_dheap *h, int32_t a, int32_t b)
{
    int32_t t = h->h[a];
    h->h[a] = h->h[b];
    h->h[b] = t;
    h->pos[h->h[a]] = a;
    h->pos[h->h[b]] = b;
}

static void dup_(trk_dheap *h, int32_t i)
{
    while (i > 0) {
        int32_t p = (i - 1) / 2;
        if (h->key[h->h[p]] <= h->key[h->h[i]])
            break;
        dswap(h, i, p);
        i = p;
    }
}

static void ddown(trk_dheap *h, int32_t i)
{
    for (;;) {
        int32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->key[h->h[l]] < h->key[h->h[m]])
            m = l;
        if (r < h->n && h->key[h->h[r]] < h->key[h->h[m]])
            m = r;
        if (m == i)
            return;
        dswap(h, i, m);
        i = m;
    }
}

void trk_dheap_set(trk_dheap *h, int32_t slot, double key)
{
    h->key[slot] = key;
    int32_t i = h->pos[slot];
    if (i < 0) {
        i = h->n++;
        h->h[i] = slot;
        h->pos[slot] = i;
    }
    dup_(h, i);
    ddown(h, h->pos[slot]);
}

void trk_dheap_remove(trk_dheap *h, int32_t slot)
{
    int32_t i = h->pos[slot];
    if (i < 0)
        return;
    int32_t last = --h->n;
    if (i != last) {
        dswap(h, i, last);
        h->pos[slot] = -1;
        dup_(h, i);
        ddown(h, i);
    } else {
        h->pos[slot] = -1;
    }
}

/* ---- plots ---- */

sw_rc trk_pheap_init(trk_pheap *h, size_t cap)
{
    h->n = 0;
    h->cap = cap;
    h->a = malloc(sizeof(trk_meas) * cap);
    return h->a ? SW_OK : SW_ENOMEM;
}

void trk_pheap_free(trk_pheap *h)
{
    free(h->a);
    memset(h, 0, sizeof *h);
}

static int before(const trk_meas *a, const trk_meas *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

sw_rc trk_pheap_push(trk_pheap *h, const trk_meas *z)
{
    if (h->n == h->cap) {
        /* the window holds more plots than ever before: double (a high-water mark) */
        trk_meas *a = realloc(h->a, sizeof(trk_meas) * h->cap * 2);
        if (!a)
            return SW_ENOMEM;
        h->a = a;
        h->cap *= 2;
    }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(z, &h->a[p]))
            break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = *z;
    return SW_OK;
}

void trk_pheap_pop(trk_pheap *h, trk_meas *out)
{
    *out = h->a[0];
    trk_meas last = h->a[--h->n];
    size_t i = 0, n = h->n;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const trk_meas *best = &last;
        if (l < n && before(&h->a[l], best))
            m = l, best = &h->a[l];
        if (r < n && before(&h->a[r], best))
            m = r;
        if (m == i)
            break;
        h->a[i] = h->a[m];
        i = m;
    }
    if (n)
        h->a[i] = last;
}
