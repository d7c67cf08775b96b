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
    long plots;
} demo_run;

int demo_offline(const demo_opts *o, const sim_scenario *sc, demo_run *run);
/* Scores, writes the scorecard and pictures into the workdir, prints the summary. */
int demo_report(const demo_opts *o, demo_run *run);

/* mkdir -p; 0 or -1 with a message on stderr. */
int demo_mkdirs(const char *path);

#endif
