/* cli/cmd_replay.c - `skyweave replay FILE --to HOST:PORT [--speed N]`: a recording back onto
 * the network, at the pace it was recorded or N times faster. */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "ingest/ing_udp.h"

const char cmd_replay_summary[] = "send a pcap's UDP datagrams to HOST:PORT at the recorded pace";

static void usage(FILE *f)
{
    fprintf(f, "usage: skyweave replay FILE.pcap --to HOST:PORT [--speed N] [--max-gap S] [--ttl N]\n\n"
               "Sends the UDP payloads of FILE to HOST:PORT (PORT 0: each datagram's own\n"
               "destination port) with the gaps they were recorded with, divided by N\n"
               "(--speed 0: as fast as possible).  --max-gap cuts longer pauses; --ttl is the\n"
               "multicast TTL (default 1).  Prints the number of datagrams sent.\n");
}

int cmd_replay(int argc, char **argv)
{
    const char *file = NULL, *to = NULL;
    ing_replay_opts o = {1.0, 1, 0};
    double v;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
            to = argv[++i];
        } else if (!strcmp(argv[i], "--speed") && i + 1 < argc) {
            if (cli_num("replay", "--speed", argv[++i], &o.speed) || o.speed < 0)
                return 2;
        } else if (!strcmp(argv[i], "--max-gap") && i + 1 < argc) {
            if (cli_num("replay", "--max-gap", argv[++i], &o.max_gap_s))
                return 2;
        } else if (!strcmp(argv[i], "--ttl") && i + 1 < argc) {
            if (cli_num("replay", "--ttl", argv[++i], &v) || v < 1 || v > 255)
                return 2;
            o.ttl = (int)v;
        } else if (argv[i][0] != '-' && !file) {
            file = argv[i];
        } else {
            fprintf(stderr, "skyweave replay: unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!file || !to) {
        usage(stderr);
        return 2;
    }
    long sent;
    sw_err err;
    sw_rc rc = ing_replay(file, to, &o, &sent, &err);
    printf("%ld datagrams sent to %s\n", sent, to);
    return rc ? cli_fail("replay", &err) : 0;
}
