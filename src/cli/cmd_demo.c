/* cli/cmd_demo.c - `skyweave demo`: the main job on the embedded default scenario (or a file). */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli_demo.h"
#include "cli_util.h"

const char cmd_demo_summary[] = "run the main job on the embedded scenario and score it";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: skyweave demo [--scenario FILE] [--duration S] [--scorecard FILE]\n"
            "                     [--workdir DIR] [--web-port P | --no-web] [--speed N]\n"
            "                     [--offline] [--quiet]\n"
            "       skyweave demo --report DIR [--scenario FILE] [--duration S]\n\n"
            "Runs a scenario (by default the embedded six-nation coalition scenario,\n"
            "scenarios/coalition6.yaml) through the whole chain: makes the coalition's keys and\n"
            "one node configuration per nation, starts one `skyweave node` per nation over secure\n"
            "DDS on loopback (each serving its display) and the simulator sending each nation's\n"
            "radars to its node as ASTERIX over UDP, shows a live status line until the scenario\n"
            "ends or Ctrl-C, stops every process, then prints a summary and writes the scorecard\n"
            "(JSON, ARCHITECTURE §3) and pictures.\n\n"
            "  --scenario FILE   a scenario file (docs/scenarios.md); default: the embedded one\n"
            "  --duration S      simulated seconds to run (default: the scenario's)\n"
            "  --scorecard FILE  where to write the scorecard (default: WORKDIR/scorecard.json)\n"
            "  --workdir DIR     keep every file there (default: ./skyweave-demo-DATE-TIME)\n"
            "  --web-port P      node i serves its display on 127.0.0.1:P+i (default 8081)\n"
            "  --no-web          no displays\n"
            "  --speed N         simulated seconds per wall second (default 1: real time)\n"
            "  --offline         one process, no network: the simulator feeds one tracker with\n"
            "                    every sensor, as fast as it can (what CI scores)\n"
            "  --quiet           no live progress line\n"
            "  --report DIR      score a finished network run in DIR again (summary, scorecard,\n"
            "                    pictures) without running anything\n");
}

int demo_mkdirs(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                fprintf(stderr, "skyweave demo: cannot create %s: %s\n", buf, strerror(errno));
                return -1;
            }
            *p = c;
            if (!c)
                break;
        }
    }
    return 0;
}

static volatile int stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option lo[] = {
        {"scenario", 1, 0, 's'}, {"duration", 1, 0, 'd'}, {"scorecard", 1, 0, 'c'},
        {"workdir", 1, 0, 'w'},  {"offline", 0, 0, 'o'},  {"quiet", 0, 0, 'q'},
        {"web-port", 1, 0, 'p'}, {"no-web", 0, 0, 'n'},  {"speed", 1, 0, 'v'},   {"report", 1, 0, 'r'},
        {"help", 0, 0, 'h'},     {0, 0, 0, 0}};
    demo_opts o = {.speed = 1.0, .web_base_port = 8081};
    double d;
    int report_only = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (c) {
        case 's': o.scenario_path = optarg; break;
        case 'd':
            if (cli_num("demo", "--duration", optarg, &o.duration) || o.duration <= 0) {
                fprintf(stderr, "skyweave demo: --duration must be > 0\n");
                return 2;
            }
            break;
        case 'c': o.scorecard = optarg; break;
        case 'w': o.workdir = optarg; break;
        case 'o': o.offline = 1; break;
        case 'r': o.workdir = optarg; report_only = 1; break;
        case 'n': o.web_base_port = 0; break;
        case 'p':
            if (cli_num("demo", "--web-port", optarg, &d) || d < 1 || d > 65000) {
                fprintf(stderr, "skyweave demo: --web-port must be 1..65000\n");
                return 2;
            }
            o.web_base_port = (int)d;
            break;
        case 'v':
            if (cli_num("demo", "--speed", optarg, &o.speed) || !(o.speed > 0 && o.speed <= 100)) {
                fprintf(stderr, "skyweave demo: --speed must be in (0, 100]\n");
                return 2;
            }
            break;
        case 'q': o.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "skyweave demo: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    char wd[256];
    if (!o.workdir) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(wd, sizeof wd, "skyweave-demo-%Y%m%d-%H%M%S", &tm);
        o.workdir = wd;
    }
    if (demo_mkdirs(o.workdir))
        return 1;
    sw_err err = {0};
    sim_scenario *sc = NULL;
    sw_rc rc = o.scenario_path ? sim_scenario_load(&sc, o.scenario_path, &err)
                               : sim_scenario_load_string(&sc, sim_default_scenario_text(),
                                                          "coalition6.yaml (embedded)", &err);
    if (rc)
        return cli_fail("demo", &err);
    demo_run run = {0};
    int status;
    if (report_only) {
        run.duration = o.duration;
        run.t_settled = NAN;
        status = demo_load_network(&o, sc, &run);
    } else if (o.offline)
        status = demo_offline(&o, sc, NULL, &run);
    else {
        cli_catch_stop(on_signal);
        status = demo_network(&o, sc, &run, &stop_flag);
    }
    if (status == 0)
        status = demo_report(&o, &run);
    demo_rows_free(&run.truth);
    demo_rows_free(&run.tracks);
    free(run.first);
    for (int i = 0; i < run.n_nodes; i++)
        demo_rows_free(&run.node_tracks[i]);
    sim_scenario_free(sc);
    return status;
}
