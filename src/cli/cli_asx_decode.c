/* cli/cli_asx_decode.c - `skyweave asterix decode FILE`: one JSON line per record.
 * Faults are reported on stderr with file, frame and byte offset, and kept in the output as
 * error lines carrying the octets they made unreadable (so encode can still give them back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_json.h"
#include "cli_asterix.h"
#include "ingest/ing_source.h"

typedef struct dec {
    const char *path;
    int quiet;
    long faults;
    long records, blocks_skipped;
    asx_jout out;
} dec;

static int to_stdout(void *ctx, const char *p, size_t n)
{
    (void)ctx;
    return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

static void report(dec *d, const ing_datagram *g, const asx_fault *f)
{
    d->faults++;
    if (d->quiet)
        return;
    char where[400];
    if (g->frame > 0)
        snprintf(where, sizeof where, "%s: frame %ld (payload byte %zu, file byte %lld)", d->path,
                 g->frame, f->off, g->file_off >= 0 ? g->file_off + (long long)f->off : -1LL);
    else
        snprintf(where, sizeof where, "%s", d->path);
    sw_err e;
    asx_fault_err(f, where, &e);
    fprintf(stderr, "skyweave asterix decode: %s\n", e.msg);
}

static void datagram(dec *d, const ing_datagram *g, const asx_editions *ed)
{
    char src[64], dst[64];
    asx_jmeta m = {g->frame, g->ts, NULL, NULL, 0, 0, -1};
    if (g->frame > 0 && !g->llc) {
        m.src = ing_addr_str(g->src_ip, g->ipv6, g->src_port, src, sizeof src);
        m.dst = ing_addr_str(g->dst_ip, g->ipv6, g->dst_port, dst, sizeof dst);
    }
    asx_iter it;
    asx_iter_init(&it, g->p, g->n, ed, g->frame > 0 && !g->llc ? g->dst_port : -1);
    asx_rec r;
    asx_fault f;
    int ev;
    while ((ev = asx_iter_next(&it, &r, &f)) != ASX_END) {
        m.block = it.block;
        m.record = ev == ASX_RECORD ? it.record : 0;
        if (ev == ASX_RECORD) {
            m.offset = g->file_off >= 0 ? g->file_off + (r.p - g->p) : -1;
            asx_json_record(&d->out, &m, &r);
            d->records++;
        } else if (ev == ASX_BLOCK) {
            m.offset = g->file_off >= 0 ? g->file_off + (long long)it.blk : -1;
            asx_json_block(&d->out, &m, it.cat, g->p + it.blk + 3, it.blk_len - 3);
            d->blocks_skipped++;
        } else {
            report(d, g, &f);
            sw_err e;
            asx_fault_err(&f, NULL, &e);
            m.record = f.record;
            m.offset = g->file_off >= 0 ? g->file_off + (long long)f.skip_off : -1;
            asx_json_fault(&d->out, &m, f.cat, e.msg, g->p + f.skip_off, f.skip_len,
                           f.record > 0);
        }
    }
}

int cli_asterix_decode(int argc, char **argv)
{
    dec d = {0};
    ing_src_kind kind = ING_SRC_AUTO;
    asx_editions ed;
    asx_editions_init(&ed);
    sw_err err;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: skyweave asterix decode FILE [--edition RULE]... [--raw|--pcap] "
                   "[--quiet]\n\nOne JSON object per record on stdout; see docs/asterix.md.\n"
                   "Exit status 1 when any part of the input could not be decoded.\n");
            return 0;
        } else if (!strcmp(argv[i], "--edition") && i + 1 < argc) {
            if (asx_editions_add(&ed, argv[++i], &err))
                return fprintf(stderr, "skyweave asterix decode: %s\n", err.msg), 2;
        } else if (!strcmp(argv[i], "--raw")) {
            kind = ING_SRC_RAW;
        } else if (!strcmp(argv[i], "--pcap")) {
            kind = ING_SRC_PCAP;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            d.quiet = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "skyweave asterix decode: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!d.path) {
            d.path = argv[i];
        } else {
            fprintf(stderr, "skyweave asterix decode: one FILE only\n");
            return 2;
        }
    }
    if (!d.path) {
        fprintf(stderr, "usage: skyweave asterix decode FILE [--edition RULE]...\n");
        return 2;
    }
    ing_source *src;
    if (ing_source_open(&src, d.path, kind, &err))
        return fprintf(stderr, "skyweave asterix decode: %s\n", err.msg), 1;
    static char buf[1 << 20];
    asx_jout_init(&d.out, buf, sizeof buf, to_stdout, NULL);
    ing_datagram g;
    int rc;
    while ((rc = ing_source_next(src, &g, &err)) != 0) {
        if (rc < 0) {
            d.faults++;
            if (!d.quiet)
                fprintf(stderr, "skyweave asterix decode: %s\n", err.msg);
            if (rc != SW_EFORMAT)
                break;
            continue;
        }
        datagram(&d, &g, &ed);
    }
    ing_source_close(src);
    if (asx_jout_flush(&d.out) || fflush(stdout)) {
        fprintf(stderr, "skyweave asterix decode: writing stdout failed\n");
        return 1;
    }
    return d.faults ? 1 : 0;
}
