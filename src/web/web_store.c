/* web/web_store.c - the picture as the display server holds it: per track and per warning its
 * JSON text and the version at which it last changed, plus a ring of removals.
 *
 * web_set_tracks() takes the node's whole picture every cycle (the simplest contract for the
 * node) and works out the changes itself: the incoming tracks are sorted by number, rendered into
 * the spare buffer outside the streams' lock, then merged with the current buffer under it; a
 * track whose text is unchanged keeps its version, so it is not sent again.  Nothing allocates
 * after web_store_init(). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "web/web_int.h"

static uint64_t random_u64(void)
{
    uint64_t v = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(&v, sizeof v, 1, f) != 1)
        v = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
    if (f)
        fclose(f);
    return v;
}

sw_rc web_store_init(web_store *s, const web_config *c, sw_err *err)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->wmu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    s->max_tracks = c->max_tracks > 0 ? c->max_tracks : 10000;
    s->max_warnings = c->max_warnings > 0 ? c->max_warnings : 256;
    s->tomb_cap = (size_t)s->max_tracks * 4 < 4096 ? 4096 : (size_t)s->max_tracks * 4;
    s->cur = calloc((size_t)s->max_tracks, sizeof *s->cur);
    s->nxt = calloc((size_t)s->max_tracks, sizeof *s->nxt);
    s->order = calloc((size_t)s->max_tracks, sizeof *s->order);
    s->tomb = calloc(s->tomb_cap, sizeof *s->tomb);
    s->wrn = calloc((size_t)s->max_warnings, sizeof *s->wrn);
    if (!s->cur || !s->nxt || !s->order || !s->tomb || !s->wrn) {
        web_store_free(s);
        return sw_err_set(err, SW_ENOMEM, "web: cannot allocate the picture store (%d tracks)",
                          c->max_tracks);
    }
    geo_frame_init(&s->frame, c->origin[0], c->origin[1], c->origin[2]);
    s->rate = c->clock_rate > 0 ? c->clock_rate : 1.0;
    s->stale_s = c->stale_s > 0 ? c->stale_s : 12.0;
    memcpy(s->nation, c->nation, 4);
    s->nation[3] = 0;
    s->n_nations = c->n_nations < WEB_MAX_NATIONS ? c->n_nations : WEB_MAX_NATIONS;
    memcpy(s->nations, c->nations, sizeof s->nations);
    for (int i = 0; i < WEB_MAX_NATIONS; i++)
        s->nations[i][3] = 0;
    s->instance = random_u64() & 0xffffffffffffull;
    wb_init(&s->status_json);
    wb_init(&s->layers_json);
    return SW_OK;
}

void web_store_free(web_store *s)
{
    free(s->cur);
    free(s->nxt);
    free(s->order);
    free(s->tomb);
    free(s->wrn);
    wb_free(&s->status_json);
    wb_free(&s->layers_json);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->wmu);
    pthread_cond_destroy(&s->cv);
    s->cur = s->nxt = NULL;
}

static void tomb_add(web_store *s, int kind, uint64_t key)
{
    web_tomb *t = &s->tomb[s->tomb_n % s->tomb_cap];
    if (s->tomb_n >= s->tomb_cap && t->ver > s->tomb_floor)
        s->tomb_floor = t->ver;
    t->ver = ++s->ver;
    t->kind = kind;
    t->key = key;
    s->tomb_n++;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

sw_rc web_set_tracks_store(web_store *s, const sw_system_track *t, size_t n, double now,
                           sw_err *err)
{
    sw_rc rc = SW_OK;
    if (n > (size_t)s->max_tracks) {
        rc = sw_err_set(err, SW_EFULL, "web: %zu tracks offered, the display holds %d", n,
                        s->max_tracks);
        n = (size_t)s->max_tracks;
    }
    pthread_mutex_lock(&s->wmu);
    /* 1. sort and render into the spare buffer (streams never read it) */
    for (size_t i = 0; i < n; i++)
        s->order[i] = (uint64_t)t[i].stn << 32 | i;
    qsort(s->order, n, sizeof *s->order, cmp_u64);
    int k = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && s->order[i + 1] >> 32 == s->order[i] >> 32)
            continue; /* the same number twice: the later entry wins */
        const sw_system_track *x = &t[s->order[i] & 0xffffffffu];
        if (x->status == SW_TRK_DELETED)
            continue;
        web_trk *d = &s->nxt[k];
        /* an unchanged state keeps its text: only the setters (this thread) write cur */
        while (c < s->n_cur && s->cur[c].stn < x->stn)
            c++;
        if (c < s->n_cur && s->cur[c].stn == x->stn && !memcmp(&s->cur[c].st, x, sizeof *x)) {
            memcpy(d, &s->cur[c], offsetof(web_trk, json) + s->cur[c].len + 1);
            k++;
            continue;
        }
        size_t len = web_render_track(&s->frame, x, d->json, sizeof d->json);
        if (!len)
            continue; /* not finite: nothing a display can draw */
        d->stn = x->stn;
        d->len = (uint16_t)len;
        d->st = *x;
        k++;
    }
    /* 2. merge with the current buffer: versions and removals */
    pthread_mutex_lock(&s->mu);
    uint64_t v0 = s->ver;
    int i = 0, j = 0;
    while (i < s->n_cur || j < k) {
        if (j >= k || (i < s->n_cur && s->cur[i].stn < s->nxt[j].stn)) {
            tomb_add(s, WEB_TOMB_TRACK, s->cur[i].stn);
            i++;
        } else if (i >= s->n_cur || s->nxt[j].stn < s->cur[i].stn) {
            s->nxt[j++].ver = ++s->ver;
        } else {
            const web_trk *o = &s->cur[i++];
            web_trk *d = &s->nxt[j++];
            d->ver = o->len == d->len && !memcmp(o->json, d->json, d->len) ? o->ver : ++s->ver;
        }
    }
    web_trk *sw = s->cur;
    s->cur = s->nxt;
    s->nxt = sw;
    s->n_cur = k;
    if (now > s->now)
        s->now = now;
    if (s->ver != v0)
        pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_mutex_unlock(&s->wmu);
    return rc;
}

sw_rc web_set_warning_store(web_store *s, const web_warning *w, sw_err *err)
{
    char json[WEB_WRN_JSON];
    size_t len = web_render_warning(w, json, sizeof json);
    if (!len)
        return sw_err_set(err, SW_EINVAL, "web: warning %llu cannot be shown (bad values)",
                          (unsigned long long)w->id);
    pthread_mutex_lock(&s->mu);
    web_wrn *slot = NULL, *free_slot = NULL;
    for (int i = 0; i < s->max_warnings; i++) {
        if (s->wrn[i].used && s->wrn[i].w.id == w->id) {
            slot = &s->wrn[i];
            break;
        }
        if (!s->wrn[i].used && !free_slot)
            free_slot = &s->wrn[i];
    }
    if (!slot && !free_slot) {
        pthread_mutex_unlock(&s->mu);
        return sw_err_set(err, SW_EFULL, "web: the display already holds %d warnings",
                          s->max_warnings);
    }
    int changed = 1;
    if (slot)
        changed = !(slot->len == len && !memcmp(slot->json, json, len));
    else
        slot = free_slot;
    slot->used = 1;
    slot->w = *w;
    memcpy(slot->json, json, len + 1);
    slot->len = (uint16_t)len;
    if (changed) {
        slot->ver = ++s->ver;
        pthread_cond_broadcast(&s->cv);
    }
    pthread_mutex_unlock(&s->mu);
    return SW_OK;
}

void web_remove_warning_store(web_store *s, uint64_t id)
{
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->max_warnings; i++)
        if (s->wrn[i].used && s->wrn[i].w.id == id) {
            s->wrn[i].used = 0;
            tomb_add(s, WEB_TOMB_WARNING, id);
            pthread_cond_broadcast(&s->cv);
        }
    pthread_mutex_unlock(&s->mu);
}

sw_rc web_get_warning_store(web_store *s, uint64_t id, web_warning *out)
{
    sw_rc rc = SW_ENOTFOUND;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->max_warnings; i++)
        if (s->wrn[i].used && s->wrn[i].w.id == id) {
            *out = s->wrn[i].w;
            rc = SW_OK;
        }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* Replaces a JSON blob (status, layers) and bumps its version when the text changed. */
static void set_blob(web_store *s, web_buf *dst, uint64_t *ver, const web_buf *src)
{
    pthread_mutex_lock(&s->mu);
    if (src->oom || (dst->len == src->len && dst->p && !memcmp(dst->p, src->p, src->len))) {
        pthread_mutex_unlock(&s->mu);
        return;
    }
    wb_reset(dst);
    wb_putn(dst, src->p, src->len);
    *ver = ++s->ver;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

void web_set_status_store(web_store *s, const web_status *st)
{
    web_buf b;
    wb_init(&b);
    web_render_status(st, &b);
    pthread_mutex_lock(&s->wmu);
    set_blob(s, &s->status_json, &s->status_ver, &b);
    pthread_mutex_lock(&s->mu);
    if (st->t > s->now)
        s->now = st->t;
    pthread_mutex_unlock(&s->mu);
    pthread_mutex_unlock(&s->wmu);
    wb_free(&b);
}

sw_rc web_set_layers_store(web_store *s, const web_area *a, int na, const web_radar *r, int nr,
                           sw_err *err)
{
    if (na < 0 || nr < 0 || (na && !a) || (nr && !r))
        return sw_err_set(err, SW_EINVAL, "web: bad layer arrays");
    web_buf b;
    wb_init(&b);
    web_render_layers(a, na, r, nr, &b);
    if (b.oom) {
        wb_free(&b);
        return sw_err_set(err, SW_ENOMEM, "web: layers too large");
    }
    pthread_mutex_lock(&s->wmu);
    set_blob(s, &s->layers_json, &s->layers_ver, &b);
    pthread_mutex_unlock(&s->wmu);
    wb_free(&b);
    return SW_OK;
}

/* ---- rendering for the streams ---- */

static void put_header(web_store *s, web_buf *out, uint64_t ver)
{
    wb_printf(out, "{\"seq\":%llu,\"t\":%.3f", (unsigned long long)ver, s->now);
}

void web_store_snapshot(web_store *s, web_buf *out, uint64_t *ver)
{
    pthread_mutex_lock(&s->mu);
    *ver = s->ver;
    put_header(s, out, s->ver);
    wb_printf(out, ",\"rate\":%g,\"instance\":\"%llx\",\"self\":\"%s\",\"stale_s\":%g,\"nations\":[",
              s->rate, (unsigned long long)s->instance, s->nation, s->stale_s);
    for (int i = 0; i < s->n_nations; i++)
        wb_printf(out, "%s\"%s\"", i ? "," : "", s->nations[i]);
    wb_printf(out, "],\"origin\":[%.6f,%.6f,%.1f],\"fields\":%s,\"tracks\":[",
              s->frame.lat / GEO_DEG, s->frame.lon / GEO_DEG, s->frame.alt, web_track_fields);
    for (int i = 0; i < s->n_cur; i++) {
        if (i)
            wb_putn(out, ",", 1);
        wb_putn(out, s->cur[i].json, s->cur[i].len);
    }
    wb_puts(out, "],\"warnings\":[");
    int first = 1;
    for (int i = 0; i < s->max_warnings; i++)
        if (s->wrn[i].used) {
            if (!first)
                wb_putn(out, ",", 1);
            first = 0;
            wb_putn(out, s->wrn[i].json, s->wrn[i].len);
        }
    wb_puts(out, "],\"status\":");
    wb_puts(out, s->status_json.len ? s->status_json.p : "null");
    wb_puts(out, ",\"layers\":");
    wb_puts(out, s->layers_json.len ? s->layers_json.p : "null");
    wb_puts(out, "}");
    pthread_mutex_unlock(&s->mu);
}

int web_store_delta_locked(web_store *s, uint64_t since, web_buf *out, uint64_t *ver)
{
    if (since < s->tomb_floor || since > s->ver)
        return 1;
    *ver = s->ver;
    if (since == s->ver)
        return 0;
    put_header(s, out, s->ver);
    /* removals first: the page applies them before the updates */
    int nd = 0, nwd = 0;
    size_t nt = s->tomb_n < s->tomb_cap ? s->tomb_n : s->tomb_cap;
    for (size_t k = 0; k < nt; k++) {
        const web_tomb *t = &s->tomb[(s->tomb_n - 1 - k) % s->tomb_cap];
        if (t->ver <= since)
            break;
        if (t->kind != WEB_TOMB_TRACK)
            continue;
        wb_printf(out, "%s%llu", nd++ ? "," : ",\"del\":[", (unsigned long long)t->key);
    }
    if (nd)
        wb_puts(out, "]");
    for (size_t k = 0; k < nt; k++) {
        const web_tomb *t = &s->tomb[(s->tomb_n - 1 - k) % s->tomb_cap];
        if (t->ver <= since)
            break;
        if (t->kind != WEB_TOMB_WARNING)
            continue;
        wb_printf(out, "%s\"%llu\"", nwd++ ? "," : ",\"wdel\":[", (unsigned long long)t->key);
    }
    if (nwd)
        wb_puts(out, "]");
    int n = 0;
    for (int i = 0; i < s->n_cur; i++)
        if (s->cur[i].ver > since) {
            wb_puts(out, n++ ? "," : ",\"tracks\":[");
            wb_putn(out, s->cur[i].json, s->cur[i].len);
        }
    if (n)
        wb_puts(out, "]");
    n = 0;
    for (int i = 0; i < s->max_warnings; i++)
        if (s->wrn[i].used && s->wrn[i].ver > since) {
            wb_puts(out, n++ ? "," : ",\"warnings\":[");
            wb_putn(out, s->wrn[i].json, s->wrn[i].len);
        }
    if (n)
        wb_puts(out, "]");
    if (s->status_ver > since && s->status_json.len) {
        wb_puts(out, ",\"status\":");
        wb_putn(out, s->status_json.p, s->status_json.len);
    }
    if (s->layers_ver > since && s->layers_json.len) {
        wb_puts(out, ",\"layers\":");
        wb_putn(out, s->layers_json.p, s->layers_json.len);
    }
    wb_puts(out, "}");
    return 0;
}

sw_rc web_store_track_detail(web_store *s, uint32_t stn, web_buf *out)
{
    sw_rc rc = SW_ENOTFOUND;
    pthread_mutex_lock(&s->mu);
    int lo = 0, hi = s->n_cur - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (s->cur[mid].stn == stn) {
            web_render_track_detail(&s->frame, &s->cur[mid].st, (const char (*)[4])s->nations,
                                    s->n_nations, out);
            rc = SW_OK;
            break;
        }
        if (s->cur[mid].stn < stn)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}
