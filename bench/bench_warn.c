/* bench/bench_warn.c - figures of warn/: classification throughput on civil traffic, the cost of
 * one impact-point prediction at 300/1000/2000 km, of one area probability, of one CAP alert and
 * of one audit entry (with and without fdatasync).  Each figure is timed for about a second. */
#include "core/rng.h"
#include "core/time.h"
#include "warn/warn.h"
#include "warn/wrn_audit.h"
#include "warn/wrn_cap.h"
#include "warn/wrn_shadow.h"
#include "../tests/warn/wrn_truth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* an airliner somewhere over the Gulf at cruise height, random heading, 230 m/s */
static void random_airliner(const geo_frame *f, sw_rng *rng, double x[6])
{
    tr_air(f, 22 + 8 * sw_rng_uniform(rng), 44 + 12 * sw_rng_uniform(rng),
           9000 + 3000 * sw_rng_uniform(rng), 360 * sw_rng_uniform(rng), 230, 0, 0, x);
}

static void bench_classify(void)
{
    geo_frame f;
    geo_frame_init(&f, 25.0, 50.0, 0);
    wrn_areas areas;
    wrn_areas_init(&areas);
    wrn_areas_add_circle(&areas, "QA", "Doha", 1, 25.29, 51.53, 25e3, NULL);
    wrn_config c;
    wrn_config_default(&c);
    snprintf(c.self, 4, "QA");
    c.max_tracks = 16384;
    wrn_engine *e;
    wrn_engine_create(&e, &c, &areas, &f, NULL, NULL);
    enum { N = 10000 };
    static sw_system_track st[N];
    sw_rng rng;
    sw_rng_seed(&rng, 1);
    for (int i = 0; i < N; i++) {
        double x[6];
        random_airliner(&f, &rng, x);
        tr_track(&st[i], (uint32_t)i + 1, 1.8e9, x, 100, 5, &rng);
        st[i].flags = SW_HAS_ADDRESS;
    }
    long n = 0;
    double t0 = sw_time_mono(), t = 1.8e9;
    while (sw_time_mono() - t0 < 1.0) {
        t += 4;
        for (int i = 0; i < N; i++) {
            st[i].t = t;
            wrn_engine_track(e, &st[i], t);
        }
        n += N;
    }
    double dt = sw_time_mono() - t0;
    printf("classification (10 000 cooperative tracks, engine path): %.2f M track updates/s "
           "(%.2f us each)\n", n / dt / 1e6, dt / n * 1e6);
    /* the node's 50 Hz tick (re-sends, closes, lost tracks) on the same engine, its clock
     * running on in 20 ms steps as the node's does; between ticks the node's other work has
     * had the caches, so the bench writes 32 MB between them (not timed) */
    enum { EVICT = 32 << 20 };
    unsigned char *junk = malloc(EVICT);
    double tick_s = 0, tick_max = 0;
    long k = 0;
    wrn_engine_tick(e, t - 1); /* the first touches every slot's pages: not timed */
    for (; junk && k < 200; k++) {
        memset(junk, (int)k, EVICT);
        double a = sw_time_mono();
        wrn_engine_tick(e, t + 0.02 * (double)k);
        a = sw_time_mono() - a;
        tick_s += a;
        tick_max = a > tick_max ? a : tick_max;
    }
    free(junk);
    if (k)
        printf("tick (16 384 track slots, 10 000 in use, every 20 ms, cold caches): %.1f us each, "
               "longest %.0f us, %.2f %% of a core at 50 Hz\n", tick_s / k * 1e6, tick_max * 1e6,
               tick_s / k * 50 * 100);
    wrn_engine_free(e);
    wrn_areas_free(&areas);
}

static void bench_ipp(void)
{
    static tr_ballistic tr;
    geo_frame f;
    geo_frame_init(&f, 25.0, 50.0, 0);
    const double ranges[] = {300e3, 1000e3, 2000e3};
    for (int r = 0; r < 3; r++) {
        tr_make(&tr, 27.0, 45.0, 120.0, ranges[r], 5000.0);
        double x[6], P[36] = {0};
        tr_state_enu(&tr, &f, 40, x);
        for (int i = 0; i < 6; i++)
            P[i * 6 + i] = i < 3 ? 150.0 * 150 : 100;
        long n = 0;
        wrn_ipp ipp;
        double t0 = sw_time_mono();
        while (sw_time_mono() - t0 < 1.0) {
            wrn_ipp_predict(&f, x, P, 40, 5000, 0.7, 3600, &ipp);
            n++;
        }
        double dt = sw_time_mono() - t0;
        printf("impact prediction, %4.0f km (flight %3.0f s, 15 sigma points to the ground): "
               "%.2f ms each\n", ranges[r] / 1e3, tr.t_impact - 40, dt / n * 1e3);
    }
}

static void bench_area(void)
{
    wrn_areas areas;
    wrn_areas_init(&areas);
    double poly[64][2];
    for (int i = 0; i < 64; i++) {
        double a = 2 * M_PI * i / 64, r = 0.2 + 0.05 * sin(5 * a);
        poly[i][0] = 25.3 + r * cos(a);
        poly[i][1] = 51.5 + r * sin(a);
    }
    wrn_areas_add_polygon(&areas, "QA", "P64", 1, (const double (*)[2])poly, 64, NULL);
    wrn_areas_add_circle(&areas, "QA", "C", 1, 25.3, 51.5, 20e3, NULL);
    const double C[4] = {9e6, 1e6, 1e6, 4e6};
    for (int k = 0; k < 2; k++) {
        long n = 0;
        double s = 0, t0 = sw_time_mono();
        while (sw_time_mono() - t0 < 0.5) {
            s += wrn_area_prob(&areas.a[k], 25.31, 51.52, C);
            n++;
        }
        double dt = sw_time_mono() - t0;
        printf("area probability (768-point quadrature), %s: %.1f us each (p = %.3f)\n",
               k ? "circle" : "64-vertex polygon", dt / n * 1e6, s / n);
    }
    wrn_areas_free(&areas);
}

static sw_warning sample(void)
{
    sw_warning w;
    memset(&w, 0, sizeof w);
    w.area_id = wrn_area_id("QA", "Doha");
    w.stn = 42;
    w.id = ((uint64_t)42 << 32) | w.area_id;
    snprintf(w.issuer, 4, "JO");
    snprintf(w.threatened, 4, "QA");
    snprintf(w.area, 32, "Doha");
    w.state = WRN_UPDATE;
    w.revision = 3;
    w.cls = SW_CLS_BALLISTIC;
    w.kind = WRN_KIND_IMPACT;
    w.probability = 0.9f;
    w.impact_lat_deg = 25.3;
    w.impact_lon_deg = 51.5;
    w.ellipse_major_m = 2000;
    w.ellipse_minor_m = 800;
    w.time = 1.8e9;
    w.arrival = 1.8e9 + 200;
    w.expires = w.arrival + 600;
    snprintf(w.text, sizeof w.text, "update ballistic: impact in QA/Doha");
    return w;
}

static void bench_cap_audit(void)
{
    wrn_cap_cfg cc;
    wrn_cap_cfg_default(&cc, "QA");
    sw_warning w = sample();
    long n = 0;
    double t0 = sw_time_mono();
    while (sw_time_mono() - t0 < 0.5) {
        char *x;
        size_t len;
        wrn_cap_build(&cc, &w, NULL, "id-1", 1.8e9, WRN_CAP_UPDATE, NULL, &x, &len, NULL);
        free(x);
        n++;
    }
    double dt = sw_time_mono() - t0;
    printf("CAP alert (libxml2 writer, 36-point ellipse): %.1f us each\n", dt / n * 1e6);
    char dir[] = "/tmp/sw_bench_warn_XXXXXX";
    if (!mkdtemp(dir))
        return;
    uint8_t sk[64], pk[32];
    if (wrn_keys_generate(dir, "QA", sk, pk, NULL))
        return;
    for (int sync = 1; sync >= 0; sync--) {
        char path[128];
        snprintf(path, sizeof path, "%s/audit%d.jsonl", dir, sync);
        wrn_audit *a;
        if (wrn_audit_open(&a, path, "QA", sk, sync, 1.8e9, NULL))
            return;
        n = 0;
        t0 = sw_time_mono();
        while (sw_time_mono() - t0 < 1.0) {
            wrn_audit_log(a, 1.8e9 + n, "sent", &w, NULL, "QA", 0, NULL, NULL);
            n++;
        }
        dt = sw_time_mono() - t0;
        wrn_audit_close(a, 1.8e9, NULL);
        printf("audit entry (SHA-256 + Ed25519 sign + write%s): %.1f us each\n",
               sync ? "" : " + fdatasync", dt / n * 1e6);
        wrn_audit_check chk = {.pk = pk};
        wrn_audit_report r;
        t0 = sw_time_mono();
        wrn_audit_verify(path, &chk, &r, NULL);
        dt = sw_time_mono() - t0;
        if (sync)
            printf("audit verify: %ld entries in %.3f s (%.1f us each)\n", r.entries, dt,
                   dt / r.entries * 1e6);
        unlink(path);
    }
    char p[160];
    snprintf(p, sizeof p, "%s/QA/audit.sk", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/QA/audit.pk", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/QA", dir);
    rmdir(p);
    rmdir(dir);
}

/* The shadow-identity pass a node runs once per warning cycle (wrn_shadow.h): 10 000 tracks
 * over the Gulf (8 x 12 deg), half cooperative, half primary-only of which every tenth is the
 * shadow of a cooperative one. */
static void bench_shadow(void)
{
    geo_frame f;
    geo_frame_init(&f, 25.0, 50.0, 0);
    enum { N = 10000 };
    static sw_system_track st[N], work[N];
    static int idx[2 * N];
    sw_rng rng;
    sw_rng_seed(&rng, 2);
    for (int i = 0; i < N; i++) {
        double x[6];
        random_airliner(&f, &rng, x);
        if (i % 2 == 1 && (i / 2) % 10 == 0) /* the shadow of track i - 1, 800 m off */
            for (int k = 0; k < 6; k++)
                x[k] = st[i - 1].x[k] + (k == 0 ? 800 : 0);
        tr_track(&st[i], (uint32_t)i + 1, 1.8e9, x, 100, 5, &rng);
        st[i].flags = i % 2 == 0 ? SW_HAS_ADDRESS : 0;
    }
    long n = 0;
    int taken = 0;
    double t0 = sw_time_mono();
    while (sw_time_mono() - t0 < 1.0) {
        memcpy(work, st, sizeof st);
        taken = wrn_shadow_identity(work, N, idx);
        n++;
    }
    double dt = sw_time_mono() - t0;
    printf("shadow-identity pass (10 000 tracks, 5 000 without identity): %.2f ms each "
           "(%d shadows found)\n", dt / n * 1e3, taken);
}

int main(void)
{
    bench_classify();
    bench_ipp();
    bench_area();
    bench_cap_audit();
    bench_shadow();
    return 0;
}
