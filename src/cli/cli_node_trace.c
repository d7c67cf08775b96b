/* cli/cli_node_trace.c - see cli_node_trace.h. */
#include "cli_node_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NT_TURNS 4096     /* turns kept: a sample's wait is split over these */
#define NT_MAX 400000     /* samples kept */
#define NT_LONG_MAX 20000 /* long stretches kept */
#define NT_LONG_S 0.002   /* a phase this long is a long stretch */

static const char *const nt_name[NT_N] = {"inputs", "fusion", "warn", "picture", "status",
                                          "tick", "flush", "wait", "rx"};

typedef struct nt_turn {
    double t0, end[NT_N]; /* start; end of each phase (0: not reached yet) */
} nt_turn;

typedef struct nt_rec {
    float at;                 /* s since start: when the update was fused here */
    float lat, src, ph[NT_N]; /* ms */
    unsigned char partner;
} nt_rec;

typedef struct nt_long {
    float at, wall, cpu; /* s since start; ms of wall clock, ms of this thread's CPU */
    float pub, n_pub;    /* ms in DDS writes during it, and how many */
    int detail;          /* fusion: the cycle's phases in it (bit per fus_cycle_phase) */
    unsigned char ph;
} nt_long;

struct node_trace {
    char path[512];
    double t_start, last, last_cpu; /* monotonic; the previous mark and the thread's CPU then */
    double pub, n_pub;              /* DDS writes since the last mark: s, count */
    int detail;                     /* node_trace_detail since the last mark */
    nt_long *lng;
    long n_long;
    nt_turn turn[NT_TURNS];
    long n_turns;
    nt_rec *rec;
    long n;
};

node_trace *node_trace_open(void)
{
    const char *p = getenv("SW_NODE_TRACE");
    if (!p || !p[0])
        return NULL;
    node_trace *tr = calloc(1, sizeof *tr);
    if (!tr)
        return NULL;
    tr->rec = malloc(sizeof *tr->rec * NT_MAX);
    tr->lng = malloc(sizeof *tr->lng * NT_LONG_MAX);
    if (!tr->rec || !tr->lng) {
        free(tr->rec);
        free(tr->lng);
        free(tr);
        return NULL;
    }
    snprintf(tr->path, sizeof tr->path, "%s", p);
    return tr;
}

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void node_trace_turn(node_trace *tr, double t)
{
    if (!tr)
        return;
    if (!tr->t_start)
        tr->t_start = t;
    tr->last = t;
    tr->last_cpu = thread_cpu();
    nt_turn *u = &tr->turn[tr->n_turns++ % NT_TURNS];
    memset(u, 0, sizeof *u);
    u->t0 = t;
}

void node_trace_mark(node_trace *tr, int ph, double t)
{
    if (!tr || !tr->n_turns)
        return;
    tr->turn[(tr->n_turns - 1) % NT_TURNS].end[ph] = t;
    double cpu = thread_cpu();
    if (t - tr->last >= NT_LONG_S && tr->n_long < NT_LONG_MAX)
        tr->lng[tr->n_long++] = (nt_long){(float)(t - tr->t_start), (float)(1e3 * (t - tr->last)),
                                          (float)(1e3 * (cpu - tr->last_cpu)),
                                          (float)(1e3 * tr->pub), (float)tr->n_pub, tr->detail,
                                          (unsigned char)ph};
    tr->pub = tr->n_pub = 0;
    tr->detail = 0;
    tr->last = t;
    tr->last_cpu = cpu;
}

void node_trace_detail(node_trace *tr, int bits)
{
    if (tr)
        tr->detail |= bits;
}

void node_trace_write(node_trace *tr, double s)
{
    if (tr) {
        tr->pub += s;
        tr->n_pub++;
    }
}

static double overlap(double a0, double a1, double b0, double b1)
{
    double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

void node_trace_sample(node_trace *tr, bool partner, double lat, double src_s, double t_from,
                       double now)
{
    if (!tr || tr->n >= NT_MAX)
        return;
    nt_rec *r = &tr->rec[tr->n++];
    r->at = tr->t_start ? (float)(now - tr->t_start) : 0;
    r->lat = (float)(1e3 * lat);
    r->src = (float)(1e3 * src_s);
    r->partner = partner;
    double ph[NT_N] = {0};
    long first = tr->n_turns > NT_TURNS ? tr->n_turns - NT_TURNS : 0;
    for (long k = tr->n_turns - 1; k >= first; k--) {
        const nt_turn *u = &tr->turn[k % NT_TURNS];
        double t = u->t0;
        for (int p = 0; p < NT_N; p++) {
            double e = u->end[p];
            if (e == 0) /* the current turn: this phase is the one running now */
                e = now;
            if (e < t)
                e = t;
            ph[p] += overlap(t, e, t_from, now);
            t = e;
            if (u->end[p] == 0)
                break;
        }
        if (u->t0 <= t_from)
            break;
    }
    for (int p = 0; p < NT_N; p++)
        r->ph[p] = (float)(1e3 * ph[p]);
}

void node_trace_close(node_trace *tr)
{
    if (!tr)
        return;
    FILE *f = fopen(tr->path, "w");
    if (f) {
        fprintf(f, "kind,lat_ms,src_ms");
        for (int p = 0; p < NT_N; p++)
            fprintf(f, ",%s", nt_name[p]);
        fprintf(f, ",at_s\n");
        for (long i = 0; i < tr->n; i++) {
            const nt_rec *r = &tr->rec[i];
            fprintf(f, "%s,%.3f,%.3f", r->partner ? "partner" : "own", r->lat, r->src);
            for (int p = 0; p < NT_N; p++)
                fprintf(f, ",%.3f", r->ph[p]);
            fprintf(f, ",%.3f\n", r->at);
        }
        fclose(f);
    }
    char lp[560];
    snprintf(lp, sizeof lp, "%s.long", tr->path);
    if ((f = fopen(lp, "w"))) {
        fprintf(f, "at_s,phase,wall_ms,cpu_ms,write_ms,writes,detail\n");
        for (long i = 0; i < tr->n_long; i++)
            fprintf(f, "%.3f,%s,%.3f,%.3f,%.3f,%.0f,%d\n", tr->lng[i].at, nt_name[tr->lng[i].ph],
                    tr->lng[i].wall, tr->lng[i].cpu, tr->lng[i].pub, tr->lng[i].n_pub,
                    tr->lng[i].detail);
        fclose(f);
    }
    free(tr->lng);
    free(tr->rec);
    free(tr);
}
