/* cli/cmd_asterix.c - `skyweave asterix decode|encode`: ASTERIX to JSON lines and back. */
#include <stdio.h>
#include <string.h>

#include "cli_asterix.h"

const char cmd_asterix_summary[] = "decode ASTERIX (pcap or raw) to JSON lines, encode them back";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: skyweave asterix decode FILE [--edition RULE]... [--raw|--pcap] [--quiet]\n"
            "       skyweave asterix encode [--pcap FILE] [--edition RULE]... < lines.jsonl\n"
            "       skyweave asterix cat062 TRACKS.csv --origin LAT,LON,ALT [--pcap F] [--udp H:P]\n\n"
            "decode prints one JSON object per record (pcap: UDP payloads of Ethernet, Linux\n"
            "cooked, loopback and raw-IP captures; other files: raw ASTERIX blocks).  encode reads\n"
            "such lines and writes the blocks to stdout (or UDP frames into a pcap), so that\n"
            "`decode FILE | encode` gives back the input octets.  cat062 writes a tracks file as\n"
            "CAT062 system track messages.  Editions built in: CAT048 1.31,\n"
            "CAT034 1.29, CAT021 2.6, CAT062 1.19.  RULE: CAT=ED, CAT@SAC/SIC=ED or CAT@port:N=ED.\n"
            "See docs/asterix.md for the JSON format.\n");
}

int cmd_asterix(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "decode"))
        return cli_asterix_decode(argc - 1, argv + 1);
    if (!strcmp(argv[1], "encode"))
        return cli_asterix_encode(argc - 1, argv + 1);
    if (!strcmp(argv[1], "cat062"))
        return cli_asterix_cat062(argc - 1, argv + 1);
    fprintf(stderr, "skyweave asterix: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
