/* ingest/ing_pcap.h - UDP datagrams out of and into pcap files (libpcap).
 *
 * Reading takes classic pcap and pcapng with the link types radar LANs and capture tools give:
 * Ethernet (with 802.1Q/QinQ tags; IPv4/IPv6, and 802.3 LLC frames that carry ASTERIX without IP,
 * as some French radar LANs do), Linux cooked v1 and v2, BSD loopback/null and raw IP.  Frames
 * that are not UDP are skipped and counted; IP fragments are counted and skipped (reassembly is
 * not done).  Writing makes Ethernet/IPv4/UDP frames with correct checksums, which tshark shows
 * without complaint.  A reader or writer is used by one thread. */
#ifndef SW_INGEST_ING_PCAP_H
#define SW_INGEST_ING_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/rc.h"

/* One datagram.  p points into the reader's buffer, valid until the next call. */
typedef struct ing_datagram {
    const uint8_t *p;
    size_t n;
    double ts;            /* capture time, s since the epoch */
    long frame;           /* 1-based frame number in the file */
    long long file_off;   /* offset of p[0] in the file; -1 when unknown (pcapng) */
    int llc;              /* 802.3 LLC payload: no addresses, no ports */
    int ipv6;
    uint8_t src_ip[16], dst_ip[16]; /* IPv4 in the first 4 octets */
    uint16_t src_port, dst_port;
} ing_datagram;

/* "a.b.c.d:port" or "[v6]:port"; buf needs 64 octets. */
char *ing_addr_str(const uint8_t ip[16], int ipv6, uint16_t port, char *buf, size_t n);

typedef struct ing_pcap_stats {
    long frames, datagrams, not_udp, fragments, truncated;
} ing_pcap_stats;

typedef struct ing_pcap_reader ing_pcap_reader;

sw_rc ing_pcap_open(ing_pcap_reader **r, const char *path, sw_err *err);
/* Reads from an open stream (taken over: closed by ing_pcap_close); name is for messages. */
sw_rc ing_pcap_open_stream(ing_pcap_reader **r, FILE *f, const char *name, sw_err *err);
/* 1: *d is the next datagram; 0: end of file; SW_EFORMAT: this frame is bad (err says which
 * and why), call again for the next; other negative codes: the file cannot be read further. */
int ing_pcap_next(ing_pcap_reader *r, ing_datagram *d, sw_err *err);
const ing_pcap_stats *ing_pcap_stats_of(const ing_pcap_reader *r);
int ing_pcap_linktype(const ing_pcap_reader *r);
void ing_pcap_close(ing_pcap_reader *r);

/* ---- writing ---- */
typedef struct ing_pcap_writer ing_pcap_writer;

sw_rc ing_pcap_create(ing_pcap_writer **w, const char *path, sw_err *err);
/* Writes one UDP datagram (IPv4 addresses in network order as 4 octets). */
sw_rc ing_pcap_write(ing_pcap_writer *w, double ts, const uint8_t src_ip[4], uint16_t src_port,
                     const uint8_t dst_ip[4], uint16_t dst_port, const uint8_t *p, size_t n,
                     sw_err *err);
/* Octets written so far (for rotation). */
long long ing_pcap_bytes(const ing_pcap_writer *w);
sw_rc ing_pcap_finish(ing_pcap_writer *w, sw_err *err);

/* Parses "a.b.c.d:port" (port required when want_port). */
sw_rc ing_parse_ipv4(const char *s, int want_port, uint8_t ip[4], uint16_t *port, sw_err *err);

#endif
