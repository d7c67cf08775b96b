/* cli/cli_demo_offline.c - the demo in one process: the simulator's plots from every nation's
 * sensors feed one tracker (the coalition picture a perfect network would give), sampled once a
 * truth step against the simulator's truth. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_demo.h"
#include "cli_reg.h"
#include "core/time.h"
#include "geo/sensors.h"
#include "track/track.h"

#define PLOT_BUF 4096

int demo_rows_push(demo_rows *r, double t, uint32_t id, const double x[6], int cls)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 4096;
        sw_state_row *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    sw_state_row *w = &r->v[r->n++];
    memset(w, 0, sizeof *w);
    w->t = t;
    w->id = id;
    w->dim = 3;
    memcpy(w->x, x, sizeof w->x);
    w->cls = cls;
    return 0;
}

void demo_rows_free(demo_rows *r)
{
    free(r->v);
    memset(r, 0, sizeof *r);
}

/* Last detection time per truth id: the truth scored is the truth inside the sensors' coverage,
 * i.e. objects some sensor detected within the last DEMO_COVER_S seconds (SIAP is evaluated over
 * the surveillance volume; an aircraft over an empty desert is nobody's miss). */
#define DEMO_COVER_S 30.0
#define SEEN_SLOTS 65536
typedef struct seen_map {
    uint32_t id[SEEN_SLOTS];
    double first[SEEN_SLOTS], last[SEEN_SLOTS]; /* first and last detection */
} seen_map;

static int seen_slot(seen_map *m, uint32_t id)
{
    uint32_t h = (id * 2654435761u) & (SEEN_SLOTS - 1);
    for (int probe = 0; probe < SEEN_SLOTS; probe++, h = (h + 1) & (SEEN_SLOTS - 1)) {
        if (m->id[h] == id)
            return (int)h;
        if (m->id[h] == 0) {
            m->id[h] = id;
            m->first[h] = 1e300;
            m->last[h] = -1e300;
            return (int)h;
        }
    }
    return -1;
}

/* Notes which objects the plots detected, and when. */
static void seen_plots(seen_map *m, const sw_plot *p, long n)
{
    for (long i = 0; i < n; i++) {
        int h = p[i].truth_id ? seen_slot(m, p[i].truth_id) : -1;
        if (h < 0)
            continue;
        if (p[i].t > m->last[h])
            m->last[h] = p[i].t;
        if (p[i].t < m->first[h])
            m->first[h] = p[i].t;
    }
}

double demo_first_detection(const demo_run *run, uint32_t id)
{
    for (size_t i = 0; i < run->n_first; i++)
        if (run->first[i].id == id)
            return run->first[i].t;
    return NAN;
}

typedef struct truth_ctx {
    demo_rows *rows;
    seen_map *seen;
} truth_ctx;

static void on_truth(void *ctx, double t, uint32_t id, int cls, const double x[6])
{
    truth_ctx *c = ctx;
    int h = seen_slot(c->seen, id);
    if (h >= 0 && t - c->seen->last[h] <= DEMO_COVER_S)
        demo_rows_push(c->rows, t, id, x, cls);
}

static void progress(const demo_opts *o, double t, double dur, long plots, size_t tracks,
                     double wall0, int final)
{
    if (o->quiet)
        return;
    int tty = isatty(STDOUT_FILENO);
    printf("%s  t = %6.0f / %.0f s   plots %8ld   confirmed tracks %5zu   %.0fx real time%s",
           tty ? "\r" : "", t, dur, plots, tracks,
           t / fmax(sw_time_mono() - wall0, 1e-3), (tty && !final) ? "" : "\n");
    fflush(stdout);
}

int demo_offline(const demo_opts *o, const sim_scenario *sc, const char *nation, demo_run *run)
{
    sw_err err = {0};
    sim_options so = {.duration = o->duration};
    sim_engine *e = NULL;
    trk_tracker *tr = NULL;
    reg_reg *rg = NULL;
    geo_sensor_set *sensors = calloc(1, sizeof *sensors);
    seen_map *seen = calloc(1, sizeof *seen);
    truth_ctx tc = {&run->truth, seen};
    sw_plot *buf = malloc(PLOT_BUF * sizeof *buf);
    sw_track *list = NULL;
    size_t list_cap = 4096;
    int status = 1;
    if (!sensors || !seen || !buf || !(list = malloc(list_cap * sizeof *list))) {
        fprintf(stderr, "skyweave demo: out of memory\n");
        goto out;
    }
    if (sim_engine_new(&e, sc, &so, &err) || sim_sensor_set(sc, nation, sensors)) {
        fprintf(stderr, "skyweave demo: %s\n", err.msg[0] ? err.msg : "cannot set up the simulator");
        goto out;
    }
    sim_engine_select_nation(e, nation);
    trk_params tp;
    trk_params_default(&tp, sim_scenario_dim(sc));
    if (trk_create(&tr, &tp, sensors, &err)) {
        fprintf(stderr, "skyweave demo: tracker: %s\n", err.msg);
        goto out;
    }
    rg = cli_reg_open(sensors, 1, 1);
    double dur = sim_engine_duration(e), step = sim_scenario_truth_step(sc);
    if (!(step > 0))
        step = 1.0;
    double wall0 = sw_time_mono(), last_print = -1e9, last_t = -1e9;
    run->sc = sc;
    run->duration = dur;
    if (!o->quiet)
        printf("skyweave demo (offline): %s, %.0f s, %d sensors, one tracker for the coalition\n",
               sim_scenario_name(sc), dur, sim_sensor_count(sc));
    for (double t = 0; t < dur + 1e-9; t += step) {
        double t1 = fmin(t + step, dur);
        long n;
        while ((n = sim_engine_next(e, t1, buf, PLOT_BUF, &err)) > 0) {
            seen_plots(seen, buf, n);
            for (long i = 0; i < n; i++)
                if (cli_reg_add(rg, tr, &buf[i], &err) == SW_OK)
                    run->plots++;
            if (n < PLOT_BUF)
                break;
        }
        if (n < 0) {
            fprintf(stderr, "skyweave demo: simulator: %s\n", err.msg);
            goto out;
        }
        if (t1 >= dur) {
            if (trk_flush(tr, &err))
                break;
        } else if (trk_advance(tr, t1, &err)) {
            fprintf(stderr, "skyweave demo: tracker: %s\n", err.msg);
            goto out;
        }
        /* the picture at the time the tracker has processed, against the truth then */
        double tp_t = trk_time(tr);
        if (!(tp_t > last_t))
            continue;
        last_t = tp_t;
        size_t k = trk_list(tr, SW_TRK_CONFIRMED, tp_t, list, list_cap);
        if (k > list_cap) {
            sw_track *b = realloc(list, k * 2 * sizeof *b);
            if (!b)
                goto out;
            list = b;
            list_cap = k * 2;
            k = trk_list(tr, SW_TRK_CONFIRMED, tp_t, list, list_cap);
        }
        for (size_t i = 0; i < k; i++)
            if (demo_rows_push(&run->tracks, tp_t, list[i].id, list[i].x, list[i].cls))
                goto out;
        sim_engine_truth(e, tp_t, on_truth, &tc);
        if (tp_t - last_print >= 60 || t1 >= dur) {
            progress(o, tp_t, dur, run->plots, k, wall0, t1 >= dur);
            last_print = tp_t;
        }
        if (t1 >= dur)
            break;
    }
    run->wall_s = sw_time_mono() - wall0;
    if (!o->quiet)
        cli_reg_print(stdout, rg, sensors, "  ");
    status = 0;
out:
    reg_destroy(rg);
    trk_destroy(tr);
    sim_engine_free(e);
    free(sensors);
    free(seen);
    free(buf);
    free(list);
    return status;
}

int demo_truth(const sim_scenario *sc, double duration, demo_run *run)
{
    demo_rows *truth = &run->truth;
    sw_err err = {0};
    sim_options so = {.duration = duration};
    sim_engine *e = NULL;
    seen_map *seen = calloc(1, sizeof *seen);
    sw_plot *buf = malloc(PLOT_BUF * sizeof *buf);
    truth_ctx tc = {truth, seen};
    int status = 1;
    if (!seen || !buf || sim_engine_new(&e, sc, &so, &err)) {
        fprintf(stderr, "skyweave demo: truth: %s\n", err.msg[0] ? err.msg : "out of memory");
        goto out;
    }
    double dur = sim_engine_duration(e), step = sim_scenario_truth_step(sc);
    if (!(step > 0))
        step = 1.0;
    for (double t = 0; t < dur + 1e-9; t += step) {
        double t1 = fmin(t + step, dur);
        long n;
        while ((n = sim_engine_next(e, t1, buf, PLOT_BUF, &err)) > 0) {
            seen_plots(seen, buf, n);
            if (n < PLOT_BUF)
                break;
        }
        if (n < 0) {
            fprintf(stderr, "skyweave demo: truth: %s\n", err.msg);
            goto out;
        }
        sim_engine_truth(e, t1, on_truth, &tc);
        if (t1 >= dur)
            break;
    }
    /* the first detection of every object, for the warnings' timeliness */
    size_t k = 0;
    for (int h = 0; h < SEEN_SLOTS; h++)
        k += seen->id[h] && seen->first[h] < 1e300;
    free(run->first);
    run->n_first = 0;
    if (!(run->first = malloc((k ? k : 1) * sizeof *run->first)))
        goto out;
    for (int h = 0; h < SEEN_SLOTS; h++)
        if (seen->id[h] && seen->first[h] < 1e300)
            run->first[run->n_first++] = (demo_seen){seen->id[h], seen->first[h]};
    status = 0;
out:
    sim_engine_free(e);
    free(seen);
    free(buf);
    return status;
}
