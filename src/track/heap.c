/* track/heap.c - the plots held for release in time order: per-sensor time-ordered rings, merged
 * (the same store serves the window and the watermark release modes). */
#include <stdlib.h>
#include <string.h>

#include "track/trk_internal.h"

/* ---- the window ----
 * One ring per sensor, kept in time order by insertion from the tail (a radar's plots come
 * nearly in order, so an insertion moves a plot by a few places at most), and a small heap over
 * the sensors keyed on their earliest plot.  Memory is read and written in sequence, which is
 * what keeps the window cheap when it holds a second of plots from 100,000 targets. */

static int before(const trk_meas *a, const trk_meas *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

sw_rc trk_pwin_init(trk_pwin *w, int nsensors)
{
    memset(w, 0, sizeof *w);
    w->ring = calloc((size_t)nsensors, sizeof(trk_pring));
    w->heap = malloc(sizeof(int32_t) * (size_t)nsensors);
    w->hpos = malloc(sizeof(int32_t) * (size_t)nsensors);
    if (!w->ring || !w->heap || !w->hpos)
        return SW_ENOMEM;
    for (int i = 0; i < nsensors; i++)
        w->hpos[i] = -1;
    w->nsensors = nsensors;
    return SW_OK;
}

void trk_pwin_free(trk_pwin *w)
{
    for (int i = 0; w->ring && i < w->nsensors; i++)
        free(w->ring[i].a);
    free(w->ring);
    free(w->heap);
    free(w->hpos);
    memset(w, 0, sizeof *w);
}

static const trk_meas *head(const trk_pwin *w, int s)
{
    const trk_pring *r = &w->ring[s];
    return &r->a[r->head & (r->cap - 1)];
}

static void hswap(trk_pwin *w, int a, int b)
{
    int32_t t = w->heap[a];
    w->heap[a] = w->heap[b];
    w->heap[b] = t;
    w->hpos[w->heap[a]] = a;
    w->hpos[w->heap[b]] = b;
}

static void hfix(trk_pwin *w, int i)
{
    while (i > 0 && before(head(w, w->heap[i]), head(w, w->heap[(i - 1) / 2]))) {
        hswap(w, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < w->nheap && before(head(w, w->heap[l]), head(w, w->heap[m])))
            m = l;
        if (r < w->nheap && before(head(w, w->heap[r]), head(w, w->heap[m])))
            m = r;
        if (m == i)
            return;
        hswap(w, i, m);
        i = m;
    }
}

trk_meas *trk_pwin_slot(trk_pwin *w, int s)
{
    trk_pring *r = &w->ring[s];
    if (r->n == r->cap) {
        /* this sensor's window holds more plots than ever before: double (a high-water mark) */
        uint32_t nc = r->cap ? 2 * r->cap : 256;
        trk_meas *a = malloc(sizeof(trk_meas) * nc);
        if (!a)
            return NULL;
        for (uint32_t i = 0; i < r->n; i++)
            a[i] = r->a[(r->head + i) & (r->cap - 1)];
        free(r->a);
        r->a = a;
        r->cap = nc;
        r->head = 0;
    }
    return &r->a[(r->head + r->n) & (r->cap - 1)];
}

void trk_pwin_commit(trk_pwin *w, int s)
{
    trk_pring *r = &w->ring[s];
    uint32_t m = r->cap - 1, i = r->n++;
    trk_meas z = r->a[(r->head + i) & m];
    while (i > 0 && before(&z, &r->a[(r->head + i - 1) & m])) {
        r->a[(r->head + i) & m] = r->a[(r->head + i - 1) & m];
        i--;
    }
    r->a[(r->head + i) & m] = z;
    w->n++;
    if (w->hpos[s] < 0) {
        w->heap[w->nheap] = s;
        w->hpos[s] = w->nheap++;
        hfix(w, w->hpos[s]);
    } else if (i == 0) {
        hfix(w, w->hpos[s]);
    }
}

const trk_meas *trk_pwin_pop(trk_pwin *w)
{
    int s = w->heap[0];
    trk_pring *r = &w->ring[s];
    const trk_meas *z = &r->a[r->head & (r->cap - 1)];
    r->head++;
    r->n--;
    w->n--;
    if (r->n) {
        for (size_t b = 0; b < sizeof(trk_meas); b += 64) /* the next one of this sensor */
            __builtin_prefetch((const char *)head(w, s) + b);
        hfix(w, 0);
    } else {
        w->hpos[s] = -1;
        if (--w->nheap) {
            w->heap[0] = w->heap[w->nheap];
            w->hpos[w->heap[0]] = 0;
            hfix(w, 0);
        }
    }
    return z;
}

const trk_meas *trk_pwin_head(const trk_pwin *w, int s)
{
    return w->ring[s].n ? head(w, s) : NULL;
}

double trk_pwin_topt(const trk_pwin *w)
{
    return head(w, w->heap[0])->t;
}

size_t trk_pwin_bytes(const trk_pwin *w)
{
    size_t b = 0;
    for (int i = 0; i < w->nsensors; i++)
        b += w->ring[i].cap * sizeof(trk_meas);
    return b + (size_t)w->nsensors * (sizeof(trk_pring) + 8);
}
