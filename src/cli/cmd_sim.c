/* cli/cmd_sim.c - `skyweave sim`: run a scenario, write truth, plots and the sensors file. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "core/time.h"
#include "sim/sim.h"

const char cmd_sim_summary[] = "run a scenario: truth, plots and sensors (CSV), ASTERIX";

static void usage(void)
{
    printf("usage: skyweave sim [--scenario FILE] --out DIR [options]\n\n"
           "Runs a scenario (docs/scenarios.md) and writes DIR/truth.csv, DIR/plots.csv,\n"
           "DIR/sensors.yaml, DIR/threats.csv (ARCHITECTURE §4) and DIR/asterix.pcap, the ASTERIX\n"
           "the sensors emitted.  Without --scenario it runs the embedded default.\n\n"
           "options:\n"
           "  --duration S          simulate S seconds (default: the scenario's duration_s)\n"
           "  --seed N              random seed (default: the scenario's seed)\n"
           "  --plots-format F      auto | polar | cart (default auto: as measured when all\n"
           "                        sensors agree, else Cartesian in the common frame)\n"
           "  --truth-step S        truth sampling interval (default: the scenario's)\n"
           "  --nation CODE         only this nation's sensors\n"
           "  --pcap FILE           write the sensors' ASTERIX (CAT048, CAT034, CAT021) here\n"
           "                        instead of DIR/asterix.pcap\n"
           "  --no-pcap             no ASTERIX file\n"
           "  --udp ADDR:PORT       also send it over UDP (e.g. 127.0.0.1:8600)\n"
           "  --udp-nation CC=ADDR:PORT  send nation CC's sensors to ADDR:PORT (its node);\n"
           "                        repeatable; on loopback each sensor sends from 127.10.SAC.SIC\n"
           "  --speed N             UDP pacing: 1 = real time, N = N x faster, 0 = as fast as\n"
           "                        possible (default 1 with --udp)\n"
           "  --epoch T             UTC of scenario time 0 on the wire and for pacing: ISO 8601,\n"
           "                        'now', or 'scenario' (default: now when sending over UDP, so\n"
           "                        times of day are today's; else the scenario's start)\n"
           "  --quiet               no summary line\n");
}

/* SIGTERM / SIGINT end a paced run cleanly: the files written so far are closed whole. */
static volatile sig_atomic_t stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

typedef struct stop_tee {
    const sim_sink *inner;
} stop_tee;

static int tee_plot(void *ctx, const sw_plot *p)
{
    const stop_tee *t = ctx;
    if (stop_flag)
        return SW_ETIMEOUT;
    return t->inner->plot(t->inner->ctx, p);
}

static int tee_event(void *ctx, const sim_event *ev)
{
    const stop_tee *t = ctx;
    if (stop_flag)
        return SW_ETIMEOUT;
    return t->inner->event(t->inner->ctx, ev);
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "skyweave sim: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

int cmd_sim(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage();
        return 0;
    }
    const char *scen = NULL, *out = NULL, *nation = NULL, *epoch = NULL;
    sim_asx_options aopt = {NULL, NULL, 1.0, 0, NULL, 0, 0};
    sim_asx_route routes[16];
    aopt.routes = routes;
    sim_options opt = {0};
    sim_csv_options copt = {0};
    int quiet = 0, no_pcap = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double d;
        if (!strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!strcmp(a, "--no-pcap")) {
            no_pcap = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "skyweave sim: %s needs a value (see --help)\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--scenario"))
            scen = v;
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--nation"))
            nation = v;
        else if (!strcmp(a, "--pcap"))
            aopt.pcap = v;
        else if (!strcmp(a, "--udp"))
            aopt.udp = v;
        else if (!strcmp(a, "--epoch"))
            epoch = v;
        else if (!strcmp(a, "--udp-nation")) {
            const char *eq = strchr(v, '=');
            if (!eq || eq - v < 2 || eq - v > 3 || aopt.n_routes == 16) {
                fprintf(stderr, "skyweave sim: --udp-nation: expected CC=ADDR:PORT (at most 16), "
                                "got '%s'\n", v);
                return 2;
            }
            sim_asx_route *r = &routes[aopt.n_routes++];
            snprintf(r->nation, sizeof r->nation, "%.*s", (int)(eq - v), v);
            r->udp = eq + 1;
        }
        else if (!strcmp(a, "--speed")) {
            if (cli_num("sim", a, v, &aopt.speed) || aopt.speed < 0) {
                fprintf(stderr, "skyweave sim: --speed must be >= 0\n");
                return 2;
            }
        }
        else if (!strcmp(a, "--duration")) {
            if (cli_num("sim", a, v, &opt.duration) || !(opt.duration > 0)) {
                fprintf(stderr, "skyweave sim: --duration must be > 0\n");
                return 2;
            }
        } else if (!strcmp(a, "--seed")) {
            if (cli_num("sim", a, v, &d) || d < 0) {
                fprintf(stderr, "skyweave sim: --seed must be a number >= 0\n");
                return 2;
            }
            opt.seed_set = 1;
            opt.seed = (uint64_t)d;
        } else if (!strcmp(a, "--truth-step")) {
            if (cli_num("sim", a, v, &copt.truth_step) || !(copt.truth_step > 0)) {
                fprintf(stderr, "skyweave sim: --truth-step must be > 0\n");
                return 2;
            }
        } else if (!strcmp(a, "--plots-format")) {
            if (!strcmp(v, "auto"))
                copt.format = SIM_PLOTS_AUTO;
            else if (!strcmp(v, "polar"))
                copt.format = SIM_PLOTS_POLAR;
            else if (!strcmp(v, "cart"))
                copt.format = SIM_PLOTS_CART;
            else {
                fprintf(stderr, "skyweave sim: --plots-format: '%s' is not auto, polar or cart\n", v);
                return 2;
            }
        } else {
            fprintf(stderr, "skyweave sim: unknown option '%s' (see --help)\n", a);
            return 2;
        }
    }
    if (!out) {
        fprintf(stderr, "skyweave sim: --out DIR is required (see --help)\n");
        return 2;
    }
    double t_epoch = 0;
    if (epoch && strcmp(epoch, "scenario")) {
        if (!strcmp(epoch, "now"))
            t_epoch = sw_time_now();
        else if (sw_time_parse_iso(epoch, &t_epoch)) {
            fprintf(stderr, "skyweave sim: --epoch: '%s' is not ISO 8601 UTC, now or scenario\n",
                    epoch);
            return 2;
        }
    } else if (!epoch && (aopt.udp || aopt.n_routes))
        t_epoch = sw_time_now(); /* live: the scenario starts now, at today's time of day */
    if (aopt.n_routes && aopt.speed != 1 && !quiet)
        fprintf(stderr, "skyweave sim: --speed %g with --udp-nation: give the nodes the same "
                        "--speed and --epoch, so their clocks run with the data\n", aopt.speed);
    aopt.start_utc = t_epoch;
    aopt.wall_start = t_epoch;
    sw_err err = {0};
    sim_scenario *sc;
    sw_rc rc = scen ? sim_scenario_load(&sc, scen, &err)
                    : sim_scenario_load_string(&sc, sim_default_scenario_text(),
                                               SIM_DEFAULT_SCENARIO_NAME, &err);
    if (rc)
        return cli_fail("sim", &err);
    if (make_dir(out)) {
        sim_scenario_free(sc);
        return 1;
    }
    sim_engine *e;
    if ((rc = sim_engine_new(&e, sc, &opt, &err))) {
        sim_scenario_free(sc);
        return cli_fail("sim", &err);
    }
    if (nation)
        sim_engine_select_nation(e, nation);
    sim_asx *asx = NULL;
    sim_sink tee;
    char pcap_path[1024];
    int pcap_default = !aopt.pcap && !no_pcap, wire = 0;
    for (int i = 0; i < sim_sensor_count(sc); i++)
        wire |= sim_sensor_info(sc, i)->type != SW_SENSOR_CART; /* sensors that speak ASTERIX */
    if (!wire)
        pcap_default = 0;
    if (pcap_default) {
        snprintf(pcap_path, sizeof pcap_path, "%s/asterix.pcap", out);
        aopt.pcap = pcap_path;
    }
    if (no_pcap)
        aopt.pcap = NULL;
    stop_tee st_ctx;
    if (aopt.pcap || aopt.udp || aopt.n_routes) {
        if (!aopt.udp && !aopt.n_routes)
            aopt.speed = 0;
        rc = sim_asx_open(&asx, sc, &aopt, &err);
        if (rc == SW_EUNSUPPORTED && pcap_default && !aopt.udp && !aopt.n_routes) {
            rc = SW_OK; /* a build without the ASTERIX codec writes the CSV files only */
            asx = NULL;
        } else if (rc) {
            sim_engine_free(e);
            sim_scenario_free(sc);
            return cli_fail("sim", &err);
        }
        if (asx) {
            tee = (sim_sink){asx, sim_asx_plot, sim_asx_event};
            st_ctx.inner = &tee;
            static sim_sink outer;
            outer = (sim_sink){&st_ctx, tee_plot, tee_event};
            copt.tee = &outer;
        }
    }
    cli_catch_stop(on_signal);
    long np = 0, nt = 0;
    double t0 = sw_time_mono();
    rc = sim_write_csv(e, out, &copt, &np, &nt, &err);
    if (asx) {
        sw_err e2 = {0};
        sw_rc r2 = sim_asx_flush(asx, &e2);
        sim_asx_stats st = *sim_asx_stats_of(asx);
        if (!r2)
            r2 = sim_asx_close(asx, &e2);
        else
            sim_asx_close(asx, NULL);
        if (!rc && r2) {
            rc = r2;
            err = e2;
        }
        if (!rc && !quiet)
            fprintf(stderr, "skyweave sim: ASTERIX: %ld datagrams, %ld records (%ld CAT034), "
                    "%ld octets%s%s\n", st.datagrams, st.records, st.service, st.bytes,
                    aopt.pcap ? " -> " : "", aopt.pcap ? aopt.pcap : "");
        if (!rc && !quiet && st.skipped)
            fprintf(stderr, "skyweave sim: ASTERIX: %ld plots not sent: a value no item holds "
                    "(a range beyond CAT048's 256 NM, 474 km; a sensor with no ASTERIX form); "
                    "plots.csv has them\n", st.skipped);
    }
    if (stop_flag && rc == SW_ETIMEOUT) {
        rc = SW_OK; /* stopped by a signal: what was simulated so far is written whole */
        if (!quiet)
            fprintf(stderr, "skyweave sim: stopped by a signal\n");
    }
    double wall = sw_time_mono() - t0;
    if (!rc && !quiet)
        fprintf(stderr, "skyweave sim: %s: %d targets, %d sensors, %.0f s simulated in %.2f s "
                "wall: %ld plots, %ld truth rows -> %s/\n", sim_scenario_name(sc),
                sim_target_count(sc), sim_sensor_count(sc), sim_engine_duration(e), wall, np, nt,
                out);
    sim_engine_free(e);
    sim_scenario_free(sc);
    return rc ? cli_fail("sim", &err) : 0;
}
