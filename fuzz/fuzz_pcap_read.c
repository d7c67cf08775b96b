/* fuzz/fuzz_pcap_read.c - any octets as a pcap file: the link, IP and UDP headers taken apart by
 * ingest/ing_pcap.c (libpcap reads the records), then the payloads walked as ASTERIX. */
#include <stdio.h>

#include "asterix/asterix.h"
#include "ingest/ing_pcap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    ing_pcap_reader *r;
    sw_err e;
    if (ing_pcap_open_stream(&r, f, "fuzz", &e))
        return 0; /* the stream is closed by the reader on failure too */
    ing_datagram d;
    int rc, guard = 0;
    static asx_any rec;
    while ((rc = ing_pcap_next(r, &d, &e)) != 0 && guard++ < 100000) {
        if (rc < 0) {
            if (rc != SW_EFORMAT)
                break;
            continue;
        }
        asx_iter it;
        asx_fault ft;
        asx_iter_init(&it, d.p, d.n, NULL, d.dst_port);
        int ev, g2 = 0;
        while ((ev = asx_iter_decode(&it, &rec, &ft)) != ASX_END && g2++ < 100000)
            ;
    }
    ing_pcap_close(r);
    return 0;
}
