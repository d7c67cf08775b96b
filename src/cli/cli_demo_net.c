/* cli/cli_demo_net.c - the demo as the network it is: the coalition's PKI, one configuration
 * per nation, one `skyweave node` process per nation over secure DDS on loopback (each with its
 * web display), and `skyweave sim` sending each nation's radars to its node as ASTERIX over UDP
 * in real time.  A live line shows time, tracks, links, warnings and commonality; Ctrl-C or the
 * end of the scenario stops every child; then the pictures are read back for the report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_demo.h"
#include "core/time.h"

#define NMAX 16

typedef struct node_live {
    char nation[4];
    double t;                 /* scenario time of its last status line */
    int system, local, partners, warnings, unacked, plots;
    int seen;                 /* a status line arrived */
    FILE *pic;                /* its picture.csv, read as it grows */
    char part[256];           /* an incomplete last line */
    demo_rows cur, last;      /* rows of the bin being read, and of the last complete one */
} node_live;

static const char *self_exe = "skyweave";


/* "key=value" of a status line, or NULL. */
static const char *token(const char *line, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = line; (p = strstr(p, key)); p += k)
        if ((p == line || p[-1] == ' ') && p[k] == '=')
            return p + k + 1;
    return NULL;
}

static int tok_int(const char *line, const char *key, int def)
{
    const char *v = token(line, key);
    return v ? atoi(v) : def;
}

/* status QA t=12.9 local=12 system=12 r2=12 partners=BH,EG ... warnings=1 unacked=0 */
static void on_status(node_live *n, const char *line)
{
    if (strncmp(line, "status ", 7) || strncmp(line + 7, n->nation, strlen(n->nation)))
        return;
    const char *t = token(line, "t");
    if (t)
        n->t = atof(t);
    n->local = tok_int(line, "local", n->local);
    n->system = tok_int(line, "system", n->system);
    n->plots = tok_int(line, "plots", n->plots);
    n->warnings = tok_int(line, "warnings", n->warnings);
    n->unacked = tok_int(line, "unacked", n->unacked);
    const char *p = token(line, "partners");
    n->partners = 0;
    if (p && *p && *p != ' ' && strncmp(p, "none", 4))
        for (n->partners = 1; *p && *p != ' '; p++)
            n->partners += *p == ',';
    n->seen = 1;
}

/* Reads the new rows of a node's picture.csv; a bin is complete when a later time starts. */
static void tail_picture(node_live *n, const char *path)
{
    if (!n->pic && !(n->pic = fopen(path, "r")))
        return;
    char line[512];
    while (fgets(line, sizeof line, n->pic)) {
        size_t k = strlen(line);
        if (!k || line[k - 1] != '\n') { /* the writer is mid-line: keep it for next time */
            size_t used = strlen(n->part);
            snprintf(n->part + used, sizeof n->part - used, "%s", line);
            break;
        }
        char full[768];
        snprintf(full, sizeof full, "%s%s", n->part, line);
        n->part[0] = '\0';
        double t, x[6] = {0};
        unsigned stn;
        if (sscanf(full, "%lf,%u,%lf,%lf,%lf", &t, &stn, &x[0], &x[1], &x[2]) != 5)
            continue; /* the header */
        if (n->cur.n && t != n->cur.v[0].t) {
            demo_rows tmp = n->last;
            n->last = n->cur;
            n->cur = tmp;
            n->cur.n = 0;
        }
        demo_rows_push(&n->cur, t, stn, x, 0);
    }
    clearerr(n->pic);
}

/* Commonality now: each node's last complete bin against the first node's tracks as objects
 * (met_commonality, the scorecard's definition, one sample per object). */
static double live_commonality(node_live *nl, int nn)
{
    met_picture pic[NMAX];
    for (int i = 0; i < nn; i++) {
        if (!nl[i].last.n)
            return NAN;
        for (size_t k = 0; k < nl[i].last.n; k++)
            nl[i].last.v[k].t = 0; /* bins of different nodes are within one picture period */
        pic[i] = (met_picture){nl[i].nation, nl[i].last.v, nl[i].last.n};
    }
    met_assoc_cfg a = {2000, 1, 1};
    met_commonality c;
    sw_err err;
    if (met_commonality_run(nl[0].last.v, nl[0].last.n, pic, nn, &a, 1, 3, &c, &err))
        return NAN;
    return c.commonality;
}

static void live_line(const demo_opts *o, node_live *nl, int nn, double dur, double com, int last)
{
    if (o->quiet)
        return;
    double t = 0;
    int lo = 1 << 30, hi = 0, links = 0, warn = 0, unacked = 0;
    for (int i = 0; i < nn; i++) {
        t = fmax(t, nl[i].t);
        lo = nl[i].system < lo ? nl[i].system : lo;
        hi = nl[i].system > hi ? nl[i].system : hi;
        links += nl[i].partners;
        warn = nl[i].warnings > warn ? nl[i].warnings : warn;
        unacked += nl[i].unacked;
    }
    int tty = isatty(STDOUT_FILENO);
    char cs[16];
    snprintf(cs, sizeof cs, isfinite(com) ? "%.3f" : "-", com);
    printf("%s t %5.0f/%.0f s | tracks %d..%d per node | links %d/%d | warnings %d, unacked %d | "
           "commonality %s  ",
           tty ? "\r" : "", t, dur, lo == 1 << 30 ? 0 : lo, hi, links, nn * (nn - 1), warn,
           unacked, cs);
    printf("%s", (tty && !last) ? "" : "\n");
    fflush(stdout);
}

static int run_keys(const char *wd, const char *nations)
{
    char out[1024], errp[1024];
    snprintf(out, sizeof out, "%s/keys", wd);
    struct stat st;
    char ca[1100];
    snprintf(ca, sizeof ca, "%s/ca.pem", out);
    if (stat(ca, &st) == 0)
        return 0; /* a workdir used again keeps its coalition */
    snprintf(errp, sizeof errp, "%s/keys.log", wd);
    char *argv[] = {(char *)self_exe, "keys", "--nations", (char *)nations, "--out", out, NULL};
    int st_ = demo_run_cmd(argv, errp);
    if (st_)
        fprintf(stderr, "skyweave demo: `skyweave keys` failed (%d): see %s\n", st_, errp);
    return st_;
}

static int run_configs(const demo_opts *o, const char *wd, int base_port, int domain)
{
    char out[1024], keys[1024], errp[1024], port[16], dom[16];
    snprintf(dom, sizeof dom, "%d", domain);
    snprintf(out, sizeof out, "%s/configs", wd);
    snprintf(keys, sizeof keys, "%s/keys", wd);
    snprintf(errp, sizeof errp, "%s/configs.log", wd);
    snprintf(port, sizeof port, "%d", base_port);
    char *argv[16];
    int k = 0;
    argv[k++] = (char *)self_exe;
    argv[k++] = "node";
    argv[k++] = "--make-configs";
    argv[k++] = o->scenario_path ? (char *)o->scenario_path : "default";
    argv[k++] = "--out";
    argv[k++] = out;
    argv[k++] = "--base-port";
    argv[k++] = port;
    argv[k++] = "--keys";
    argv[k++] = keys;
    argv[k++] = "--domain";
    argv[k++] = dom;
    argv[k] = NULL;
    int st = demo_run_cmd(argv, errp);
    if (st)
        fprintf(stderr, "skyweave demo: making the node configurations failed (%d): see %s\n", st,
                errp);
    return st;
}

int demo_network(const demo_opts *o, const sim_scenario *sc, demo_run *run, volatile int *stop)
{
    const char *wd = o->workdir;
    int nn = sim_nation_count(sc);
    if (nn < 1 || nn > NMAX) {
        fprintf(stderr, "skyweave demo: the scenario has %d nations (1..%d supported)\n", nn,
                NMAX);
        return 1;
    }
    char nations[NMAX * 3 + 1] = "";
    for (int i = 0; i < nn; i++)
        snprintf(nations + strlen(nations), sizeof nations - strlen(nations), "%s%s",
                 i ? "," : "", sim_nation_info(sc, i)->code);
    /* two demos on one machine (engineers, CI) must not share UDP ports or a DDS domain: both
     * come from the process id */
    const int base_port = 18600 + 16 * (int)(getpid() % 64), domain = 1 + (int)(getpid() % 200);
    if (!o->quiet)
        printf("skyweave demo: %s, %d nations (%s) as %d nodes over secure DDS on loopback\n",
               sim_scenario_name(sc), nn, nations, nn);
    if (run_keys(wd, nations) || run_configs(o, wd, base_port, domain))
        return 1;

    double dur = o->duration > 0 ? fmin(o->duration, sim_scenario_duration(sc))
                                 : sim_scenario_duration(sc);
    /* every process shares scenario time 0: a few seconds ahead, so secure discovery is done */
    double epoch = floor(sw_time_now()) + 5;
    char epoch_s[64];
    sw_time_iso(epoch, epoch_s, sizeof epoch_s);

    demo_proc procs[NMAX + 1];
    node_live *nl = calloc(NMAX, sizeof *nl);
    int np = 0, status = 1;
    char pic_path[NMAX][1100];
    double wall0 = sw_time_mono(), com = NAN, t_mesh = NAN;
    for (int i = 0; i < nn; i++) {
        const char *c = sim_nation_info(sc, i)->code;
        char cfg[1024], nwd[1024], errp[1024], web[64];
        snprintf(nl[i].nation, sizeof nl[i].nation, "%s", c);
        snprintf(cfg, sizeof cfg, "%s/configs/%s.yaml", wd, c);
        snprintf(nwd, sizeof nwd, "%s/%s", wd, c);
        snprintf(errp, sizeof errp, "%s/%s.stderr", wd, c);
        snprintf(pic_path[i], sizeof pic_path[i], "%s/picture.csv", nwd);
        if (demo_mkdirs(nwd))
            goto out;
        char *argv[20];
        int k = 0;
        argv[k++] = (char *)self_exe;
        argv[k++] = "node";
        argv[k++] = "--config";
        argv[k++] = cfg;
        argv[k++] = "--workdir";
        argv[k++] = nwd;
        argv[k++] = "--epoch";
        argv[k++] = epoch_s;
        char spd[32];
        if (o->speed != 1.0 && o->speed > 0) { /* the node's clock runs as fast as the sim */
            snprintf(spd, sizeof spd, "%g", o->speed);
            argv[k++] = "--speed";
            argv[k++] = spd;
        }
        if (o->web_base_port > 0) {
            snprintf(web, sizeof web, "127.0.0.1:%d", o->web_base_port + i);
            argv[k++] = "--web";
            argv[k++] = web;
        }
        argv[k] = NULL;
        if (demo_proc_start(&procs[np++], c, argv, errp))
            goto out;
    }
    {
        char out[1024], errp[1024], ds[32], sp[32];
        char routes[NMAX][64];
        snprintf(out, sizeof out, "%s/sim", wd);
        snprintf(errp, sizeof errp, "%s/sim.stderr", wd);
        snprintf(ds, sizeof ds, "%.3f", dur);
        snprintf(sp, sizeof sp, "%g", o->speed > 0 ? o->speed : 1.0);
        char *argv[16 + 2 * NMAX];
        int k = 0;
        argv[k++] = (char *)self_exe;
        argv[k++] = "sim";
        if (o->scenario_path) {
            argv[k++] = "--scenario";
            argv[k++] = (char *)o->scenario_path;
        }
        argv[k++] = "--out";
        argv[k++] = out;
        argv[k++] = "--duration";
        argv[k++] = ds;
        argv[k++] = "--epoch";
        argv[k++] = epoch_s;
        argv[k++] = "--speed";
        argv[k++] = sp;
        argv[k++] = "--no-pcap";
        for (int i = 0; i < nn; i++) {
            snprintf(routes[i], sizeof routes[i], "%s=127.0.0.1:%d", nl[i].nation, base_port + i);
            argv[k++] = "--udp-nation";
            argv[k++] = routes[i];
        }
        argv[k] = NULL;
        if (demo_proc_start(&procs[np++], "sim", argv, errp))
            goto out;
    }
    if (!o->quiet) {
        if (o->web_base_port > 0) {
            printf("  displays:");
            for (int i = 0; i < nn; i++)
                printf("  %s http://127.0.0.1:%d/", nl[i].nation, o->web_base_port + i);
            printf("\n");
        }
        printf("  scenario time 0 = %s; Ctrl-C stops (files in %s)\n", epoch_s, wd);
    }
    double last_line = 0, last_com = 0, sim_end = -1;
    char line[1024];
    while (!*stop) {
        for (int i = 0; i < nn; i++) {
            while (demo_proc_line(&procs[i], line, sizeof line))
                on_status(&nl[i], line);
            if (!demo_proc_poll(&procs[i])) {
                fprintf(stderr, "\nskyweave demo: node %s stopped (%d): see %s/%s.stderr and "
                                "%s/%s/node.log\n", nl[i].nation, procs[i].status, wd,
                        nl[i].nation, wd, nl[i].nation);
                goto out;
            }
        }
        demo_proc *sim = &procs[nn];
        while (demo_proc_line(sim, line, sizeof line))
            ;
        if (sim_end < 0 && !demo_proc_poll(sim)) {
            if (sim->status) {
                fprintf(stderr, "\nskyweave demo: the simulator failed (%d): see %s/sim.stderr\n",
                        sim->status, wd);
                goto out;
            }
            sim_end = sw_time_mono();
        }
        if (sim_end >= 0 && sw_time_mono() - sim_end > 3)
            break; /* the last plots are through the trackers and fused */
        double now = sw_time_mono();
        if (now - last_com >= 5) {
            for (int i = 0; i < nn; i++)
                tail_picture(&nl[i], pic_path[i]);
            com = live_commonality(nl, nn);
            last_com = now;
        }
        if (!isfinite(t_mesh)) {
            int links = 0;
            double tm = 0;
            for (int i = 0; i < nn; i++) {
                links += nl[i].partners;
                tm = fmax(tm, nl[i].t);
            }
            if (links == nn * (nn - 1))
                t_mesh = tm;
        }
        if (now - last_line >= 1) {
            live_line(o, nl, nn, dur, com, 0);
            last_line = now;
        }
        nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
    }
    status = 0;
out:
    live_line(o, nl, nn, dur, com, 1);
    demo_proc_stop_all(procs, np, 3);
    run->sc = sc;
    run->wall_s = sw_time_mono() - wall0;
    double t_end = 0;
    for (int i = 0; i < nn; i++)
        t_end = fmax(t_end, nl[i].t);
    run->duration = fmin(dur, t_end);
    if (status == 0 && run->duration < 10) {
        fprintf(stderr, "skyweave demo: stopped after %.0f s of scenario: nothing to score\n",
                run->duration);
        status = 1;
    }
    for (int i = 0; i < nn; i++)
        run->plots += nl[i].plots;
    run->t_settled = isfinite(t_mesh) ? t_mesh + DEMO_SETTLE_S : NAN;
    if (status == 0)
        status = demo_load_network(o, sc, run);
    for (int i = 0; i < nn; i++) {
        if (nl[i].pic)
            fclose(nl[i].pic);
        demo_rows_free(&nl[i].cur);
        demo_rows_free(&nl[i].last);
    }
    free(nl);
    return status;
}

/* The last time in WORKDIR/sim/truth.csv: where the simulator stopped (NAN if unknown). */
static double sim_last_time(const char *wd)
{
    char path[1100], buf[4097];
    snprintf(path, sizeof path, "%s/sim/truth.csv", wd);
    FILE *f = fopen(path, "r");
    if (!f)
        return NAN;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, sz > 4096 ? sz - 4096 : 0, SEEK_SET);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = 0;
    const char *last = strrchr(buf, '\n');
    return last ? atof(last + 1) : NAN;
}

int demo_load_network(const demo_opts *o, const sim_scenario *sc, demo_run *run)
{
    int nn = sim_nation_count(sc);
    static char names[NMAX][4];
    double t_end = 0;
    run->sc = sc;
    run->n_nodes = nn;
    for (int i = 0; i < nn && i < NMAX; i++) {
        snprintf(names[i], sizeof names[i], "%s", sim_nation_info(sc, i)->code);
        run->node_names[i] = names[i];
        char path[1100];
        snprintf(path, sizeof path, "%s/%s/picture.csv", o->workdir, names[i]);
        sw_err err = {0};
        size_t n = 0;
        int dim = 3;
        sw_state_row *rows = NULL;
        if (sw_states_load(path, "stn", &rows, &n, &dim, &err)) {
            fprintf(stderr, "skyweave demo: %s\n", err.msg);
            return 1;
        }
        /* rows come sorted by (time, stn); one number on two objects at once is a numbering
         * fault: say so, score it once */
        size_t m = 0, dup = 0;
        for (size_t k = 0; k < n; k++) {
            if (m && rows[k].t == rows[m - 1].t && rows[k].id == rows[m - 1].id) {
                dup++;
                continue;
            }
            rows[m++] = rows[k];
            t_end = fmax(t_end, rows[k].t);
        }
        if (dup)
            fprintf(stderr, "skyweave demo: %s: %zu rows repeat a track number at one time (two "
                            "objects under one number); scored once\n", names[i], dup);
        run->node_tracks[i] = (demo_rows){rows, m, n};
    }
    if (!isfinite(run->t_settled)) { /* not watched live (--report): from the first rows */
        double t0 = INFINITY;
        for (int i = 0; i < nn && i < NMAX; i++)
            if (run->node_tracks[i].n)
                t0 = fmin(t0, run->node_tracks[i].v[0].t);
        run->t_settled = isfinite(t0) ? t0 + 10 + DEMO_SETTLE_S : 0;
    }
    /* score only the span every node wrote: nodes stop a moment apart, and each writes its rows
     * at its own phase of the picture period (1 s), so the last second is left out */
    double t_all = t_end;
    for (int i = 0; i < nn && i < NMAX; i++) {
        demo_rows *r = &run->node_tracks[i];
        t_all = fmin(t_all, r->n ? r->v[r->n - 1].t : 0);
    }
    for (int i = 0; i < nn && i < NMAX; i++) {
        demo_rows *r = &run->node_tracks[i];
        while (r->n && r->v[r->n - 1].t > t_all - 1.0)
            r->n--;
    }
    if (!(run->duration > 0))
        run->duration = sim_last_time(o->workdir); /* the plots ended there: the rest is tail */
    if (!(run->duration > 0) || run->duration > t_all - 1.0)
        run->duration = t_all - 1.0;
    if (demo_truth(sc, run->duration, run))
        return 1;
    /* the common picture scored as `tracking`: the first node's */
    demo_rows *f = &run->node_tracks[0];
    for (size_t k = 0; k < f->n; k++)
        if (demo_rows_push(&run->tracks, f->v[k].t, f->v[k].id, f->v[k].x, f->v[k].cls))
            return 1;
    return 0;
}
