/* cli/cli_track_out.c - `skyweave track` output: tracks CSV rows and CAT062 records. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_track.h"
#include "core/records.h"

static int by_id(const void *a, const void *b)
{
    const sw_track *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static void c062(cli_trk_out *o, const sw_track *k)
{
    sw_track c = *k;
    c.t += o->c062_shift;
    c.t_first += o->c062_shift;
    c.t_update += o->c062_shift;
    if (ing_cat062_track(o->c062, &c, &o->err))
        o->failed = 1;
}

void cli_trk_out_event(void *ctx, unsigned ev, double t, const sw_track *trk)
{
    cli_trk_out *o = ctx;
    if (o->failed)
        return;
    if (ev == TRK_EV_DELETED) {
        if (o->c062 && trk)
            c062(o, trk); /* its last message, TSE */
        return;
    }
    if (ev != TRK_EV_TIME)
        return;
    long long ms = llround((t - o->t0) * 1000.0);
    double per = o->period > 0 ? floor(t / o->period) : 0;
    if (o->wrote && (ms == o->last_ms || (o->period > 0 && per == o->last_period)))
        return;
    o->wrote = 1;
    o->last_ms = ms;
    o->last_period = per;
    size_t n = trk_list(o->tr, SW_TRK_CONFIRMED, t, o->buf, o->cap);
    if (n > o->cap) {
        size_t nc = o->cap ? o->cap : 256;
        while (nc < n)
            nc *= 2;
        sw_track *b = realloc(o->buf, nc * sizeof *b);
        if (!b) {
            sw_err_set(&o->err, SW_ENOMEM, "out of memory for %zu tracks", n);
            o->failed = 1;
            return;
        }
        o->buf = b;
        o->cap = nc;
        n = trk_list(o->tr, SW_TRK_CONFIRMED, t, o->buf, o->cap);
    }
    if (n > 1) /* buf is NULL before the first track */
        qsort(o->buf, n, sizeof *o->buf, by_id);
    for (size_t i = 0; i < n && !o->failed; i++) {
        if (o->f) {
            sw_track k = o->buf[i];
            k.t -= o->t0;
            sw_tracks_write(o->f, o->dim, &k);
        }
        if (o->c062)
            c062(o, &o->buf[i]);
    }
    o->rows += n;
    if (o->c062 && !o->failed && ing_cat062_flush(o->c062, &o->err))
        o->failed = 1;
}
