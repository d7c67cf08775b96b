/* ingest/ing_udp.h - receiving ASTERIX over UDP, recording it, and replaying recordings.
 *
 * A receiver listens on any number of unicast or multicast ADDR:PORT (IPv4), waits on them
 * together with poll(), and passes on only datagrams whose source is in the allow-list; an
 * allow-list entry may also name the one SAC/SIC its source may send, so a misrouted or spoofed
 * radar is dropped record by record (ingest counts those).  Everything else is dropped and
 * counted per feed.  An empty allow-list lets every source through (say so in the logs).
 * A recorder writes what was received into pcap files, starting a new file after a time or a
 * size; replay sends a pcap's UDP payloads at the recorded pace or faster.  One thread each. */
#ifndef SW_INGEST_ING_UDP_H
#define SW_INGEST_ING_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "core/rc.h"
#include "geo/sensors.h"
#include "ingest/ing_pcap.h"

#define ING_MAX_FEEDS 32
#define ING_MAX_ALLOW 128

typedef struct ing_allow {
    uint32_t net, mask;  /* host order */
    int16_t sac, sic;    /* -1: any */
} ing_allow;

typedef struct ing_feed_st {
    int fd;
    uint8_t addr[4];     /* the group, or the local address (0.0.0.0: any) */
    uint16_t port;
    int multicast;
    char name[64];
    long received, denied; /* datagrams passed on / dropped by the allow-list */
} ing_feed_st;

typedef struct ing_udp {
    int n;
    ing_feed_st feed[ING_MAX_FEEDS];
    int nallow;
    ing_allow allow[ING_MAX_ALLOW];
    uint8_t buf[65536];
} ing_udp;

/* A received datagram (p valid until the next poll). */
typedef struct ing_udp_msg {
    const uint8_t *p;
    size_t n;
    double t_rx;         /* receive time (kernel timestamp), s since the epoch */
    uint8_t src[4], dst[4];
    uint16_t sport, dport;
    int sac, sic;        /* the allow-list entry's SAC/SIC, -1: any */
    int feed;
} ing_udp_msg;

void ing_udp_init(ing_udp *u);
/* Listens on "ADDR:PORT[@IFADDR]": a multicast ADDR is joined on the interface with address
 * IFADDR (default: the kernel's choice); a unicast ADDR is bound (0.0.0.0: every address). */
sw_rc ing_udp_listen(ing_udp *u, const char *spec, sw_err *err);
/* Allows "A.B.C.D[/LEN][=SAC/SIC]". */
sw_rc ing_udp_allow(ing_udp *u, const char *spec, sw_err *err);
/* Adds every sensor's `source` addresses: an address serving one (non-Cartesian) sensor is tied
 * to its SAC/SIC, one serving several (a front end for many radars) is not. */
sw_rc ing_udp_allow_sensors(ing_udp *u, const geo_sensor_set *set, sw_err *err);
/* Waits up to timeout_s for datagrams and calls fn for each allowed one; returns how many were
 * passed on, or a negative sw_rc. */
int ing_udp_poll(ing_udp *u, double timeout_s, void (*fn)(void *ctx, const ing_udp_msg *m),
                 void *ctx);
long ing_udp_denied(const ing_udp *u);
/* The allow-list entry that lets src in: its index (ING_MAX_ALLOW when the list is empty), or -1
 * when src is not allowed.  Also used on recordings, whose frames carry their sources. */
int ing_udp_allowed(const ing_udp *u, const uint8_t src[4]);
void ing_udp_close(ing_udp *u);

/* ---- recording with rotation ---- */
typedef struct ing_recorder {
    char dir[256], prefix[64];
    double rotate_s;          /* a new file after this long (0: never) */
    long long rotate_bytes;   /* or when the file reaches this size (0: never) */
    ing_pcap_writer *w;
    double t_open;
    int files;
    char path[512];           /* the file being written */
} ing_recorder;

sw_rc ing_recorder_open(ing_recorder *r, const char *dir, const char *prefix, double rotate_s,
                        long long rotate_bytes, sw_err *err);
/* Writes one datagram as received; opens the next file when it is time. */
sw_rc ing_recorder_write(ing_recorder *r, double t, const uint8_t src[4], uint16_t sport,
                         const uint8_t dst[4], uint16_t dport, const uint8_t *p, size_t n,
                         sw_err *err);
sw_rc ing_recorder_close(ing_recorder *r, sw_err *err);

/* ---- replay ---- */
typedef struct ing_replay_opts {
    double speed;        /* 1: as recorded, N: N times faster, 0: as fast as possible */
    int ttl;             /* multicast TTL (default 1) */
    double max_gap_s;    /* longer pauses in the recording are cut to this (0: keep them) */
} ing_replay_opts;

/* Sends the UDP payloads of a pcap to "HOST:PORT" (PORT 0: each datagram's own port). */
sw_rc ing_replay(const char *pcap, const char *to, const ing_replay_opts *o, long *sent,
                 sw_err *err);

#endif
