/* ingest/ing_out.h - sending: UDP datagrams to a destination and/or into a pcap, and tracks as
 * CAT062 over them (the node's output to legacy surveillance displays).
 *
 * ing_sender is the transport: one UDP socket (unicast or multicast) and/or one pcap writer.
 * ing_cat062 batches the CAT062 records of one update cycle into datagrams of at most
 * max_datagram octets (default 1400, under a LAN's MTU), sent on ing_cat062_flush or when full.
 * Created once; nothing is allocated per track.  One thread. */
#ifndef SW_INGEST_ING_OUT_H
#define SW_INGEST_ING_OUT_H

#include <netinet/in.h>

#include "asterix/asx_track.h"
#include "ingest/ing_pcap.h"

typedef struct ing_sender {
    int fd;                  /* -1: no UDP */
    struct sockaddr_in to;
    ing_pcap_writer *pcap;   /* NULL: no pcap */
    uint8_t src_ip[4], dst_ip[4];
    uint16_t src_port, dst_port;
    long datagrams;
} ing_sender;

/* udp_to "HOST:PORT" and/or pcap path (either may be NULL). */
sw_rc ing_sender_open(ing_sender *s, const char *udp_to, const char *pcap, sw_err *err);
sw_rc ing_sender_send(ing_sender *s, double t, const uint8_t *p, size_t n, sw_err *err);
sw_rc ing_sender_close(ing_sender *s, sw_err *err);

typedef struct ing_cat062_cfg {
    int sac, sic, service;   /* I062/010 and I062/015 of this system */
    geo_frame origin;        /* the common ENU frame (for I062/105) */
    const char *udp_to;      /* "HOST:PORT" or NULL */
    const char *pcap;        /* path or NULL */
    size_t max_datagram;     /* 0: 1400 */
} ing_cat062_cfg;

typedef struct ing_cat062 ing_cat062;

sw_rc ing_cat062_open(ing_cat062 **o, const ing_cat062_cfg *cfg, sw_err *err);
sw_rc ing_cat062_system_track(ing_cat062 *o, const sw_system_track *t, sw_err *err);
sw_rc ing_cat062_track(ing_cat062 *o, const sw_track *t, sw_err *err);
/* Sends the records gathered so far (the end of an update cycle). */
sw_rc ing_cat062_flush(ing_cat062 *o, sw_err *err);
long ing_cat062_records(const ing_cat062 *o);
long ing_cat062_datagrams(const ing_cat062 *o);
sw_rc ing_cat062_close(ing_cat062 *o, sw_err *err);

#endif
