/* cli/cli_demo.h - `skyweave demo`: the main job on a scenario, and its report.
 *
 * Two ways to run it, one report:
 *   offline  the simulator feeds one tracker with every sensor in one process (fast; what CI and
 *            benchmarks use, and the first version of the demo);
 *   network  the simulator and one `skyweave node` per nation as separate processes over secure
 *            DDS on loopback (the default when the node supports it).
 * Both end with demo_report(): scores against the truth, the scorecard JSON of ARCHITECTURE §3
 * and the pictures. */
#ifndef SW_CLI_DEMO_H
#define SW_CLI_DEMO_H

#include <stddef.h>

#include "core/records.h"
#include "metrics/metrics.h"
#include "sim/sim.h"

#define DEMO_SETTLE_S 20.0 /* after the mesh is complete: numbers have reached every node */

typedef struct demo_opts {
    const char *scenario_path;   /* NULL: the embedded default */
    double duration;             /* <= 0: the scenario's */
    const char *scorecard;       /* NULL: WORKDIR/scorecard.json */
    const char *workdir;         /* where every file goes (created) */
    double speed;                /* network mode: simulated seconds per wall second */
    int offline;                 /* 1: one process, no network */
    int quiet;                   /* no live progress line */
    int web_base_port;           /* network mode: node i serves on base + i (0: no display) */
} demo_opts;

/* A growing array of state rows (truth or tracks). */
typedef struct demo_rows {
    sw_state_row *v;
    size_t n, cap;
} demo_rows;

int demo_rows_push(demo_rows *r, double t, uint32_t id, const double x[6], int cls);
void demo_rows_free(demo_rows *r);

/* When an object was first detected (scenario s). */
typedef struct demo_seen {
    uint32_t id;
    double t;
} demo_seen;

/* What a run hands to the report. */
typedef struct demo_run {
    const sim_scenario *sc;
    double duration;
    double wall_s;               /* wall-clock seconds the run took */
    demo_rows truth;             /* sampled truth, scenario seconds, common ENU */
    demo_rows tracks;            /* the picture scored as `tracking` (sorted by time, id) */
    int n_nodes;                 /* network mode: per-node pictures */
    const char *node_names[16];
    demo_rows node_tracks[16];
    demo_seen *first;            /* first detection of each object (demo_truth), malloc'd */
    size_t n_first;
    double t_settled;            /* network mode: scenario s from which every node has seen every
                                    partner for DEMO_SETTLE_S; commonality is scored from here */
    long plots;
} demo_run;

/* The offline run; nation (NULL: all) keeps only that nation's sensors. */
int demo_offline(const demo_opts *o, const sim_scenario *sc, const char *nation, demo_run *run);
/* The simulator and one node per nation as processes over secure DDS on loopback; fills run
 * with the truth and every node's picture.  Stops (and stops every child) on *stop. */
int demo_network(const demo_opts *o, const sim_scenario *sc, demo_run *run,
                 volatile int *stop);
/* Reads a network run's pictures back from o->workdir (run->duration <= 0: up to the last row)
 * and the truth for them: what the report needs, also for `demo --report DIR`. */
int demo_load_network(const demo_opts *o, const sim_scenario *sc, demo_run *run);
/* The truth inside the sensors' coverage (objects some sensor detected within the last 30 s),
 * sampled once a truth step, into run->truth, and each object's first detection into
 * run->first: from the simulator run in this process (same seed, same world as the sim
 * process's files). */
int demo_truth(const sim_scenario *sc, double duration, demo_run *run);
/* The first detection of object id in run (NAN: never detected). */
double demo_first_detection(const demo_run *run, uint32_t id);

/* ---- child processes (cli_demo_proc.c) ---------------------------------------------------- */
typedef struct demo_proc {
    char name[32];
    int pid, fd, running, status;
    char buf[8192];
    size_t len;
} demo_proc;

/* Starts this executable with argv (argv[0] = "skyweave"), stdout on a pipe, stderr into
 * err_path (NULL: inherited), in its own process group; it gets SIGTERM if the demo dies. */
int demo_proc_start(demo_proc *p, const char *name, char *const argv[], const char *err_path);
/* The next whole stdout line (1), or 0 when none is ready; never blocks. */
int demo_proc_line(demo_proc *p, char *line, size_t n);
/* 1 while running; else 0 and p->status is set (exit code, or 128 + signal). */
int demo_proc_poll(demo_proc *p);
/* SIGTERM to every running child, SIGKILL to those still there after grace_s. */
void demo_proc_stop_all(demo_proc *ps, int n, double grace_s);
/* Runs argv to the end, stdout discarded; its exit status, -1 if it could not start. */
int demo_run_cmd(char *const argv[], const char *err_path);
/* What the network part of the report found, for the summary. */
typedef struct demo_net_summary {
    double commonality, node_agreement, completeness_min, lat_p50_ms, lat_p99_ms;
    double commonality_from_s; /* scenario s from which commonality is scored */
    int best_single;          /* the nation (node index) that sees most alone, -1: not known */
    double best_single_c;     /* its completeness with its own sensors only */
    int reg_radars, reg_applied; /* radars paired with ADS-B (a node's own or its partners'),
                                  * and those whose biases are being taken out */
    double reg_max_range_m, reg_max_az_deg; /* the largest offsets found among the applied */
} demo_net_summary;

/* Each node's picture against the truth, commonality (overall and per 30 s: commonality.png),
 * latency from the nodes' summary.json, into card. */
int demo_report_network(const demo_opts *o, demo_run *run, met_scorecard *card,
                        demo_net_summary *sum);

/* What the warnings part found, for the summary. */
typedef struct demo_warn_summary {
    int pairs, warned, missed, false_warnings, timeline;
    int boost_retracted;         /* boost-corridor warnings to others, retracted (not false) */
    double lead_ratio_min, after_confirm_max;
    int ipp_threats, ipp_chart;  /* ballistic threats with impact predictions; ipp.png written */
    char ipp[2048];              /* their impact error (km) at 1, 2, ... minutes before impact */
} demo_warn_summary;

/* Every (threat, threatened nation) pair of WORKDIR/sim/threats.csv against the warnings each
 * nation's node held (its summary.json): the scorecard's "warnings" and warnings.png. */
int demo_report_warnings(const demo_opts *o, demo_run *run, met_scorecard *card,
                         demo_warn_summary *sum);

/* A JSON file (up to 1 MB) parsed, or NULL. */
struct cJSON *demo_load_json(const char *path);

/* Scores, writes the scorecard and pictures into the workdir, prints the summary. */
int demo_report(const demo_opts *o, demo_run *run);

/* mkdir -p; 0 or -1 with a message on stderr. */
int demo_mkdirs(const char *path);

#endif
