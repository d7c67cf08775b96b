/* web/web_sse.c - one server-sent-events stream per open page.
 *
 * libmicrohttpd runs each connection in its own thread, so the content callback may block: it
 * waits on the store's condition variable until the picture's version moves past the version
 * this stream has sent, then writes everything newer as one "delta" event.  At most one delta
 * goes out per min_interval_s, so a node that updates tracks one by one still costs one message
 * per interval, and a slow page simply receives a larger delta later.  An idle stream gets a
 * "tick" every few seconds (the page's clock and the proof that the server is alive).
 * Event ids are "INSTANCE-VERSION": a browser that reconnects to the same server run resumes with
 * a delta; after a restart, or when it missed removals the ring no longer holds, it gets a
 * snapshot. */
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "web/web_int.h"

#define SSE_TICK_S 5.0

typedef struct sse_client {
    web_server *srv;
    uint64_t ver;
    int need_snapshot;
    web_buf out;              /* the next event(s), plain text */
    size_t off;
    double last_send;
    int gz;                   /* the browser takes gzip: one deflate stream, flushed per event */
    z_stream z;
    web_buf zout;             /* out, compressed */
} sse_client;

/* Compresses c->out into c->zout with a sync flush, so the browser can decode each event as it
 * arrives.  The stream's dictionary spans events: repeated keys and numbers cost little. */
static int deflate_out(sse_client *c)
{
    wb_reset(&c->zout);
    c->z.next_in = (unsigned char *)c->out.p;
    c->z.avail_in = (unsigned)c->out.len;
    do {
        unsigned char tmp[16384];
        c->z.next_out = tmp;
        c->z.avail_out = sizeof tmp;
        if (deflate(&c->z, Z_SYNC_FLUSH) == Z_STREAM_ERROR)
            return -1;
        wb_putn(&c->zout, (const char *)tmp, sizeof tmp - c->z.avail_out);
    } while (c->z.avail_out == 0);
    return c->zout.oom ? -1 : 0;
}

double web_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static struct timespec abs_mono(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static void event_head(sse_client *c, const char *type, uint64_t ver)
{
    wb_printf(&c->out, "id: %" PRIx64 "-%" PRIu64 "\nevent: %s\ndata: ", c->srv->st.instance,
              ver, type);
}

/* Fills c->out with the next event; returns 0, or -1 when the server is stopping. */
static int next_event(sse_client *c)
{
    web_store *s = &c->srv->st;
    if (c->need_snapshot) {
        uint64_t ver;
        web_buf body;
        wb_init(&body);
        web_store_snapshot(s, &body, &ver);
        event_head(c, "snapshot", ver);
        wb_putn(&c->out, body.p, body.len);
        wb_puts(&c->out, "\n\n");
        wb_free(&body);
        c->ver = ver;
        c->need_snapshot = 0;
        pthread_mutex_lock(&s->mu);
        s->stats.snapshots++;
        pthread_mutex_unlock(&s->mu);
        c->last_send = web_mono();
        return 0;
    }
    pthread_mutex_lock(&s->mu);
    /* pace: at most one delta per interval */
    struct timespec pace = abs_mono(c->last_send + c->srv->min_interval_s);
    while (!s->stopping && web_mono() < c->last_send + c->srv->min_interval_s)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &pace) == ETIMEDOUT)
            break;
    struct timespec tick = abs_mono(c->last_send + SSE_TICK_S);
    while (!s->stopping && s->ver == c->ver)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &tick) == ETIMEDOUT)
            break;
    if (s->stopping) {
        pthread_mutex_unlock(&s->mu);
        return -1;
    }
    if (s->ver == c->ver) {
        event_head(c, "tick", c->ver);
        wb_printf(&c->out, "{\"seq\":%" PRIu64 ",\"t\":%.3f}\n\n", c->ver, s->now);
    } else {
        web_buf body;
        wb_init(&body);
        uint64_t ver = c->ver;
        if (web_store_delta_locked(s, c->ver, &body, &ver)) {
            c->need_snapshot = 1;
        } else {
            event_head(c, "delta", ver);
            wb_putn(&c->out, body.p, body.len);
            wb_puts(&c->out, "\n\n");
            c->ver = ver;
            s->stats.deltas++;
        }
        wb_free(&body);
    }
    pthread_mutex_unlock(&s->mu);
    if (c->need_snapshot)
        return next_event(c);
    c->last_send = web_mono();
    return 0;
}

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    sse_client *c = cls;
    web_buf *src = c->gz ? &c->zout : &c->out;
    if (c->off >= src->len) {
        wb_reset(&c->out);
        c->off = 0;
        if (next_event(c))
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (c->out.oom || (c->gz && deflate_out(c)))
            return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = src->len - c->off;
    if (n > max)
        n = max;
    memcpy(buf, src->p + c->off, n);
    c->off += n;
    pthread_mutex_lock(&c->srv->st.mu);
    c->srv->st.stats.bytes_sent += n;
    pthread_mutex_unlock(&c->srv->st.mu);
    return (ssize_t)n;
}

static void sse_free(void *cls)
{
    sse_client *c = cls;
    pthread_mutex_lock(&c->srv->st.mu);
    c->srv->st.stats.clients--;
    pthread_mutex_unlock(&c->srv->st.mu);
    wb_free(&c->out);
    wb_free(&c->zout);
    if (c->gz)
        deflateEnd(&c->z);
    free(c);
}

struct MHD_Response *web_sse_response(web_server *srv, const char *last_id, int gzip)
{
    web_store *s = &srv->st;
    pthread_mutex_lock(&s->mu);
    if (s->stats.clients >= srv->max_clients) {
        pthread_mutex_unlock(&s->mu);
        return NULL;
    }
    sse_client *c = calloc(1, sizeof *c);
    if (!c) {
        pthread_mutex_unlock(&s->mu);
        return NULL;
    }
    c->srv = srv;
    c->need_snapshot = 1;
    uint64_t inst, ver;
    if (last_id && sscanf(last_id, "%" SCNx64 "-%" SCNu64, &inst, &ver) == 2 &&
        inst == s->instance && ver >= s->tomb_floor && ver <= s->ver) {
        c->ver = ver;
        c->need_snapshot = 0;
    }
    s->stats.clients++;
    s->stats.streams_opened++;
    pthread_mutex_unlock(&s->mu);
    wb_init(&c->out);
    wb_init(&c->zout);
    if (gzip && deflateInit2(&c->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        c->gz = 1;
    /* the first bytes tell EventSource how soon to reconnect */
    wb_puts(&c->out, "retry: 2000\n\n");
    if (c->gz && deflate_out(c)) {
        sse_free(c);
        return NULL;
    }
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, sse_read, c, sse_free);
    if (!r) {
        sse_free(c);
        return NULL;
    }
    MHD_add_response_header(r, "Content-Type", "text/event-stream");
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    MHD_add_response_header(r, "X-Accel-Buffering", "no");
    if (c->gz)
        MHD_add_response_header(r, "Content-Encoding", "gzip");
    MHD_add_response_header(r, "Vary", "Accept-Encoding");
    return r;
}
