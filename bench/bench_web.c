/* bench/bench_web.c - what the display costs: bytes per second of the event stream with N tracks
 * each updated every U seconds (a feeder thread gives the server the whole picture 10 times a
 * second, as a node does; a client on a real loopback socket reads the stream), the snapshot's
 * size, and the node-side cost of web_set_tracks() for N and 10,000 tracks.
 *
 *   bench_web [--tracks 2000] [--update 4] [--seconds 20] */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/web/http_client.h"
#include "core/time.h"
#include "web/web.h"

typedef struct feed {
    web_server *s;
    int n;
    double update, seconds;
    sw_system_track *t;
    double (*v)[2], *phase;
    volatile int stop;
} feed;

static uint64_t rng = 88172645463325252ull;
static double uni(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void make_tracks(feed *f)
{
    f->t = calloc((size_t)f->n, sizeof *f->t);
    f->v = calloc((size_t)f->n, sizeof *f->v);
    f->phase = calloc((size_t)f->n, sizeof *f->phase);
    for (int i = 0; i < f->n; i++) {
        sw_system_track *t = &f->t[i];
        t->stn = 1000000u + (uint32_t)i;
        t->status = SW_TRK_CONFIRMED;
        t->cls = SW_CLS_AIRCRAFT;
        t->cls_conf = 0.9f;
        t->x[0] = (uni() - 0.5) * 2.0e6;
        t->x[1] = (uni() - 0.5) * 1.6e6;
        t->x[2] = 9000 + 3000 * uni();
        double h = 2 * M_PI * uni(), sp = 200 + 60 * uni();
        f->v[i][0] = sp * sin(h);
        f->v[i][1] = sp * cos(h);
        t->P[0] = t->P[7] = 150.0 * 150;
        t->P[14] = 300.0 * 300;
        t->flags = SW_HAS_CALLSIGN | SW_HAS_MODE3A;
        snprintf(t->callsign, sizeof t->callsign, "QTR%04d", i % 10000);
        t->mode3a = (uint16_t)(i & 07777);
        t->n_sources = 2;
        t->nations = 5;
        memcpy(t->reporter, "QA", 3);
        t->quality = 0.8f;
        f->phase[i] = uni() * f->update;
    }
}

/* Moves every track whose update instant came; returns how many were updated. */
static int step(feed *f, double now)
{
    int k = 0;
    for (int i = 0; i < f->n; i++) {
        double tu = floor((now - f->phase[i]) / f->update) * f->update + f->phase[i];
        if (tu <= f->t[i].t)
            continue;
        double dt = f->t[i].t > 0 ? tu - f->t[i].t : 0;
        f->t[i].x[0] += f->v[i][0] * dt;
        f->t[i].x[1] += f->v[i][1] * dt;
        f->t[i].x[3] = f->v[i][0];
        f->t[i].x[4] = f->v[i][1];
        f->t[i].t = tu;
        k++;
    }
    return k;
}

static void *feeder(void *arg)
{
    feed *f = arg;
    while (!f->stop) {
        double now = sw_time_now();
        step(f, now);
        web_set_tracks(f->s, f->t, (size_t)f->n, now, NULL);
        sw_time_sleep(0.1);
    }
    return NULL;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* web_set_tracks() cost when every track changed (the worst case) and when none did. */
static void cost(int n)
{
    web_config c;
    web_config_init(&c);
    c.addr = "127.0.0.1:0";
    c.max_tracks = n;
    c.origin[0] = 25;
    c.origin[1] = 45;
    web_server *s;
    sw_err err;
    if (web_start(&s, &c, &err)) {
        fprintf(stderr, "bench_web: %s\n", err.msg);
        exit(1);
    }
    feed f = {.s = s, .n = n, .update = 4};
    make_tracks(&f);
    enum { R = 40 };
    double all[R], none[R];
    for (int r = 0; r < R; r++) {
        for (int i = 0; i < n; i++)
            f.t[i].t = r + 1.0, f.t[i].x[0] += 10;
        double t0 = sw_time_mono();
        web_set_tracks(s, f.t, (size_t)n, r + 1.0, NULL);
        all[r] = (sw_time_mono() - t0) * 1e6;
        t0 = sw_time_mono();
        web_set_tracks(s, f.t, (size_t)n, r + 1.0, NULL);
        none[r] = (sw_time_mono() - t0) * 1e6;
    }
    qsort(all, R, sizeof all[0], cmp_d);
    qsort(none, R, sizeof none[0], cmp_d);
    printf("web_set_tracks tracks=%d all_changed_median_us=%.0f all_changed_max_us=%.0f "
           "none_changed_median_us=%.0f per_track_us=%.2f\n", n, all[R / 2], all[R - 1],
           none[R / 2], all[R / 2] / n);
    web_stop(s);
    free(f.t);
    free(f.v);
    free(f.phase);
}

int main(int argc, char **argv)
{
    int n = 2000;
    double update = 4, seconds = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--tracks"))
            n = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--update"))
            update = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds"))
            seconds = atof(argv[i + 1]);
    }
    if (n < 1 || n > 100000 || !(update > 0) || !(seconds > 0) || seconds > 600) {
        fprintf(stderr, "usage: bench_web [--tracks 1..100000] [--update S] [--seconds 1..600]\n");
        return 2;
    }
    web_config c;
    web_config_init(&c);
    c.addr = "127.0.0.1:0";
    c.max_tracks = n;
    c.origin[0] = 25;
    c.origin[1] = 45;
    web_server *s;
    sw_err err;
    if (web_start(&s, &c, &err)) {
        fprintf(stderr, "bench_web: %s\n", err.msg);
        return 1;
    }
    feed f = {.s = s, .n = n, .update = update};
    make_tracks(&f);
    step(&f, sw_time_now());
    web_set_tracks(s, f.t, (size_t)n, sw_time_now(), NULL);
    pthread_t th;
    pthread_create(&th, NULL, feeder, &f);
    /* two pages: one plain, one that takes gzip (as browsers do) */
    sse_conn sc[2];
    size_t snap = 0;
    unsigned long long b0[2], p0[2], events = 0, upd = 0;
    for (int k = 0; k < 2; k++) {
        sse_event ev;
        if (sse_open(&sc[k], "127.0.0.1", web_port(s), "/events",
                     k ? "Accept-Encoding: gzip\r\n" : NULL, 5) ||
            sse_next(&sc[k], &ev, 10) != 1 || strcmp(ev.type, "snapshot")) {
            fprintf(stderr, "bench_web: no event stream / snapshot\n");
            return 1;
        }
        snap = ev.len;
        free(ev.data);
        b0[k] = sc[k].bytes;
        p0[k] = sc[k].plain;
    }
    unsigned long long snap_gz = sc[1].bytes;
    double t0 = sw_time_mono();
    while (sw_time_mono() - t0 < seconds) {
        for (int k = 0; k < 2; k++) {
            sse_event ev;
            if (sse_next(&sc[k], &ev, 0.05) != 1)
                continue;
            if (k == 0) {
                events++;
                for (const char *p = strstr(ev.data, "\"tracks\":["); p && (p = strstr(p + 1, "],["));)
                    upd++;
                upd += strstr(ev.data, "\"tracks\":[") != NULL;
            }
            free(ev.data);
        }
    }
    double el = sw_time_mono() - t0;
    unsigned long long bytes = sc[0].bytes - b0[0], gz = sc[1].bytes - b0[1];
    f.stop = 1;
    pthread_join(th, NULL);
    printf("web_sse tracks=%d update_s=%g seconds=%.1f snapshot_bytes=%zu snapshot_gzip_bytes=%llu "
           "stream_bytes_per_s=%.0f gzip_stream_bytes_per_s=%.0f events_per_s=%.2f "
           "track_updates_per_s=%.1f bytes_per_track_update=%.1f gzip_bytes_per_track_update=%.1f "
           "gzip_page_decoded_bytes_per_s=%.0f\n",
           n, update, el, snap, snap_gz, bytes / el, gz / el, events / el, upd / el,
           upd ? (double)bytes / upd : 0, upd ? (double)gz / upd : 0,
           (sc[1].plain - p0[1]) / el);
    sse_close(&sc[0]);
    sse_close(&sc[1]);
    web_stop(s);
    free(f.t);
    free(f.v);
    free(f.phase);
    cost(n);
    cost(10000);
    return 0;
}
