/* cli/cmd_node.c - `skyweave node`: one nation's node of the coalition network. */
#include "cli_node.h"
#include "cli_node_warn.h"
#include "cli_util.h"

#include "core/log.h"
#include "core/time.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cmd_node_summary[] = "run one nation's node (DDS, security, fusion, picture)";

static volatile int stop_flag;
static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave node --config FILE [options]\n"
        "       skyweave node --make-configs SCENARIO|default --out DIR [--base-port P]\n"
        "                     [--keys DIR] [--insecure] [--domain N]\n\n"
        "Runs one nation's node: its inputs, publishing to partners (releasability applied),\n"
        "fusion of everyone's tracks into the common picture with one system track number per\n"
        "object, and its outputs.  Prints a status line every status period; stops cleanly on\n"
        "SIGTERM or SIGINT.  Configuration format: docs/network.md.\n\n"
        "  --config FILE      node configuration (YAML)\n"
        "  --workdir DIR      write node.log, picture.csv, cyclonedds.xml, summary.json here\n"
        "  --tracks-csv FILE  replay this tracks CSV as the node's own local tracks (adds an input;\n"
        "                     a 'nation' column, if present, selects this node's rows)\n"
        "  --epoch T          UTC of scenario time 0: ISO 8601, or 'now' (default: the config's,\n"
        "                     else now); nodes of one run must share it\n"
        "  --duration S       stop after S seconds\n"
        "  --speed N          the node's clock runs N x faster than the wall clock from --epoch\n"
        "                     (feeding it with `skyweave sim --speed N --epoch` the same)\n"
        "  --web [ADDR:PORT]  serve the operator display (default 127.0.0.1:8080; port 0: any\n"
        "                     free port); the URL is printed as 'web NATION URL'.  Off loopback\n"
        "                     it needs a token (--web-token, else one is made and printed)\n"
        "  --web-token T      the display's token\n"
        "  --domain N         DDS domain (overrides the config)\n"
        "  --insecure         run WITHOUT DDS Security (test rigs only; said loudly)\n"
        "  --dds-xml          print the Cyclone DDS configuration this node would use, and exit\n"
        "  --check            check the configuration and security files, and exit\n"
        "  --log-level L      error, warn, info (default), debug\n\n"
        "--make-configs writes DIR/<NATION>.yaml for every nation of the scenario ('default':\n"
        "the embedded coalition6): its sensors, an asterix_udp input on 127.0.0.1:(P + index)\n"
        "(P = 18600), its defended areas, loopback DDS and the keys folder; then prints the\n"
        "matching `skyweave sim --udp-nation ...` arguments.\n");
}

int cmd_node(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--make-configs"))
            return node_make_configs(argc, argv);
    const char *cfg = NULL, *workdir = "", *tracks = NULL, *epoch = NULL, *lvl = NULL;
    const char *web = NULL, *web_token = NULL;
    double duration = -1, domain = -1, speed = 1;
    int insecure = 0, print_xml = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--insecure"))
            insecure = 1;
        else if (!strcmp(a, "--dds-xml"))
            print_xml = 1;
        else if (!strcmp(a, "--check"))
            check = 1;
        else if (!strcmp(a, "--web"))
            web = i + 1 < argc && strncmp(argv[i + 1], "--", 2) ? argv[++i] : "127.0.0.1:8080";
        else if (i + 1 >= argc) {
            fprintf(stderr, "skyweave node: '%s' needs a value or is unknown\n", a);
            return 2;
        } else if (!strcmp(a, "--config"))
            cfg = argv[++i];
        else if (!strcmp(a, "--workdir"))
            workdir = argv[++i];
        else if (!strcmp(a, "--tracks-csv"))
            tracks = argv[++i];
        else if (!strcmp(a, "--epoch"))
            epoch = argv[++i];
        else if (!strcmp(a, "--log-level"))
            lvl = argv[++i];
        else if (!strcmp(a, "--web-token"))
            web_token = argv[++i];
        else if (!strcmp(a, "--duration")) {
            if (cli_num("node", a, argv[++i], &duration) || duration <= 0)
                return 2;
        } else if (!strcmp(a, "--speed")) {
            if (cli_num("node", a, argv[++i], &speed) || speed <= 0 || speed > 1000) {
                fprintf(stderr, "skyweave node: --speed: 0 < N <= 1000\n");
                return 2;
            }
        } else if (!strcmp(a, "--domain")) {
            if (cli_num("node", a, argv[++i], &domain) || domain < 0 || domain > 230)
                return 2;
        } else {
            fprintf(stderr, "skyweave node: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (!cfg) {
        usage(stderr);
        return 2;
    }
    if (lvl) {
        int l = sw_log_parse_level(lvl);
        if (l < 0) {
            fprintf(stderr, "skyweave node: --log-level: '%s' (error, warn, info, debug)\n", lvl);
            return 2;
        }
        sw_log_set_level((sw_log_level)l);
    }
    node_config c;
    sw_err err;
    sw_err_clear(&err);
    if (node_config_load(&c, cfg, &err)) {
        node_config_free(&c);
        return cli_fail("node", &err);
    }
    if (tracks) {
        if (c.n_inputs == NODE_MAX_INPUTS) {
            fprintf(stderr, "skyweave node: too many inputs\n");
            node_config_free(&c);
            return 2;
        }
        node_input *in = &c.in[c.n_inputs++];
        snprintf(in->type, sizeof in->type, "tracks_csv");
        snprintf(in->path, sizeof in->path, "%s", tracks);
        in->timeout_s = 10;
    }
    if (epoch && strcmp(epoch, "now") && sw_time_parse_iso(epoch, &c.epoch)) {
        fprintf(stderr, "skyweave node: --epoch: '%s' is not ISO 8601 UTC or 'now'\n", epoch);
        node_config_free(&c);
        return 2;
    }
    if (epoch && !strcmp(epoch, "now"))
        c.epoch = sw_time_now();
    if (duration > 0)
        c.duration_s = duration;
    if (speed != 1) { /* every time the node handles is then on the data's clock */
        if (isnan(c.epoch))
            c.epoch = sw_time_now();
        sw_time_set_rate(c.epoch, speed);
    }
    if (web)
        snprintf(c.web_addr, sizeof c.web_addr, "%s", web);
    if (web_token)
        snprintf(c.web_token, sizeof c.web_token, "%s", web_token);
    if (domain >= 0)
        c.dds.domain = (int)domain;
    sw_log_set_tag(c.nation);
    int rc = 0;
    if (insecure) {
        c.dds.secure = false;
        fprintf(stderr,
                "\n*** skyweave node %s: RUNNING WITHOUT DDS SECURITY (--insecure) ***\n"
                "*** no authentication, no encryption, no access control: any host on the network\n"
                "*** can read this node's tracks and inject its own.  Test rigs only.\n\n",
                c.nation);
    } else if (!c.dds.sec.cert[0]) {
        fprintf(stderr, "skyweave node: %s: no security files (give security.dir, made by "
                        "`skyweave keys`), or run with --insecure on a test rig\n", cfg);
        rc = 1;
    } else if (net_secfiles_check(&c.dds.sec, c.nation, &err)) {
        fprintf(stderr, "skyweave node: refusing to start: %s\n", err.msg);
        rc = 1;
    }
    if (!rc && print_xml) {
        char *xml = NULL;
        if (net_xml_build(&c.dds, &xml, &err))
            rc = cli_fail("node", &err);
        else
            fputs(xml, stdout);
        free(xml);
    } else if (!rc && check && node_warn_check(&c, workdir, &err)) {
        rc = cli_fail("node", &err);
    } else if (!rc && check) {
        printf("skyweave node: %s: configuration%s OK\n", cfg, insecure ? "" : " and security files");
    } else if (!rc) {
        FILE *log = NULL;
        if (workdir[0]) {
            mkdir(workdir, 0755);
            char p[NET_PATH + 16];
            snprintf(p, sizeof p, "%s/node.log", workdir);
            log = fopen(p, "a");
            if (log) {
                setvbuf(log, NULL, _IOLBF, 0);
                sw_log_set_stream(log);
            }
        } else if (c.log_path[0] && (log = fopen(c.log_path, "a"))) {
            setvbuf(log, NULL, _IOLBF, 0);
            sw_log_set_stream(log);
        }
        if (insecure)
            SW_LOGW("node", "RUNNING WITHOUT DDS SECURITY (--insecure)");
        cli_catch_stop(on_signal);
        if (node_run(&c, workdir, &stop_flag, &err))
            rc = cli_fail("node", &err);
        sw_log_set_stream(stderr);
        if (log)
            fclose(log);
    }
    node_config_free(&c);
    return rc;
}
