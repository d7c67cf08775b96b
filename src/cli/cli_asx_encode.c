/* cli/cli_asx_encode.c - `skyweave asterix encode`: JSON lines back to ASTERIX octets, raw on
 * stdout or as UDP frames in a pcap.  Stops at the first bad line, naming it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_json.h"
#include "cli_asterix.h"
#include "ingest/ing_pcap.h"

typedef struct enc_out {
    ing_pcap_writer *pcap;
    double last_ts;
} enc_out;

static sw_rc emit(void *ctx, const uint8_t *p, size_t n, const asx_jline *first, sw_err *err)
{
    enc_out *o = ctx;
    if (!o->pcap) {
        if (fwrite(p, 1, n, stdout) != n)
            return sw_err_set(err, SW_EIO, "writing stdout failed");
        return SW_OK;
    }
    /* addresses of the original frame when it had IPv4 ones, else loopback to port 8600
     * (the ASTERIX dissector's default port) */
    uint8_t sip[4] = {127, 0, 0, 1}, dip[4] = {127, 0, 0, 1};
    uint16_t sport = 40000, dport = 8600;
    if (first->src[0] && ing_parse_ipv4(first->src, 1, sip, &sport, NULL)) {
        memcpy(sip, (uint8_t[4]){127, 0, 0, 1}, 4);
        sport = 40000;
    }
    if (first->dst[0] && ing_parse_ipv4(first->dst, 1, dip, &dport, NULL)) {
        memcpy(dip, (uint8_t[4]){127, 0, 0, 1}, 4);
        dport = 8600;
    }
    double ts = first->ts >= 0 ? first->ts : o->last_ts + 0.001;
    o->last_ts = ts;
    return ing_pcap_write(o->pcap, ts, sip, sport, dip, dport, p, n, err);
}

int cli_asterix_encode(int argc, char **argv)
{
    const char *pcap = NULL;
    asx_editions ed;
    asx_editions_init(&ed);
    sw_err err;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: skyweave asterix encode [--pcap FILE] [--edition RULE]... < lines\n\n"
                   "Reads the JSON lines of `skyweave asterix decode` (or written by hand) and\n"
                   "writes ASTERIX blocks to stdout, or UDP frames into a pcap with --pcap.\n");
            return 0;
        } else if (!strcmp(argv[i], "--pcap") && i + 1 < argc) {
            pcap = argv[++i];
        } else if (!strcmp(argv[i], "--edition") && i + 1 < argc) {
            if (asx_editions_add(&ed, argv[++i], &err))
                return fprintf(stderr, "skyweave asterix encode: %s\n", err.msg), 2;
        } else {
            fprintf(stderr, "skyweave asterix encode: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    enc_out o = {NULL, 0};
    if (pcap && ing_pcap_create(&o.pcap, pcap, &err))
        return fprintf(stderr, "skyweave asterix encode: %s\n", err.msg), 1;
    static asx_jasm a;
    static uint8_t rec[65536];
    asx_jasm_init(&a, emit, &o);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int status = 0;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            n--;
        if (!n)
            continue;
        asx_jline jl;
        if (asx_json_parse(line, (size_t)n, &ed, rec, sizeof rec, &jl, &err) ||
            asx_jasm_add(&a, &jl, rec, &err)) {
            fprintf(stderr, "skyweave asterix encode: stdin:%ld: %s\n", lineno, err.msg);
            status = 1;
            break;
        }
    }
    free(line);
    if (!status && asx_jasm_finish(&a, &err)) {
        fprintf(stderr, "skyweave asterix encode: %s\n", err.msg);
        status = 1;
    }
    if (o.pcap && ing_pcap_finish(o.pcap, &err)) {
        fprintf(stderr, "skyweave asterix encode: %s\n", err.msg);
        status = 1;
    }
    if (fflush(stdout))
        status = 1;
    return status;
}
