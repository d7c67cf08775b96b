/* net/net.h - the coalition network over Eclipse Cyclone DDS: wire types, participant, topics,
 * QoS, releasability and DDS Security files.
 *
 * Topics (all keyed, see skyweave.idl):
 *   sw_local_track   key nation+track_id  reliable, transient-local, keep-last 1, disposed on delete
 *   sw_system_track  key stn              same QoS; written by the node holding R2 for the track
 *   sw_node_status   key nation           same QoS, once a second
 *   sw_warning       key warning_id       reliable, transient-local, keep-last 8 per instance
 *   sw_warning_ack   key warning_id+nation+issuer  same as warnings
 * Warnings and acks go to every partner whatever the releasability (no configuration can hide a
 * warning from the nation it concerns).
 * Partitions carry who may read what: nation A writes into "A_to_B" for each partner B it
 * releases to, and reads "B_to_A" from each partner B.  The signed permissions document of A
 * allows publishing only in A_to_* and subscribing only in *_to_A, so a participant cannot speak
 * for another nation or read what was not released to it; the receiver also checks that the
 * nation inside each sample is the one its partition says.
 *
 * Threading: a net_node is used by one thread (the node's main loop).  Nothing on the publish or
 * receive path allocates: samples are flat fixed-size structs taken into preallocated arrays. */
#ifndef SW_NET_H
#define SW_NET_H

#include "core/cfg.h"
#include "core/rc.h"
#include "core/types.h"
#include "geo/geo.h"
#include "net/net_types.h"
#include "skyweave.h"   /* idlc output: SkyWeave_LocalTrack, ... */

#include <stdbool.h>
#include <stdint.h>

#define NET_PATH 512

/* ---- releasability (net_release.c) ------------------------------------------------------- */

/* What one partner is given. */
typedef struct net_release {
    bool share;             /* false: nothing at all (no partition, no permission) */
    uint32_t classes;       /* bit c: sw_class c released */
    double floor_m;         /* position accuracy degraded to at least this (0 = as is) */
    bool withhold_sites;    /* drop the contributing sensors' ids and sites */
} net_release;

/* Per partner (index = coalition index); the node's own entry is unused. */
typedef struct net_policy {
    net_release to[NET_MAX_NATIONS];
} net_policy;

/* The default: everything released, full accuracy, sites included. */
void net_release_default(net_release *r);
/* Parses the `releasability:` map of a node config:
 *   releasability:
 *     default: { classes: [all], floor_m: 0, withhold_sites: false }
 *     JO: { classes: [aircraft, unknown], floor_m: 1000, withhold_sites: true }
 *     EG: none
 * Unknown partners or class names are errors with file:line. */
sw_rc net_policy_parse(net_policy *p, const sw_cfg *map, char nations[][4], int n_nations,
                       sw_err *err);
/* True if a and b release exactly the same (they can share one writer). */
bool net_release_same(const net_release *a, const net_release *b);
/* Applies r to a local track / system track sample in place.  Returns false when the sample must
 * not go to that partner at all (class not released). */
bool net_release_local(const net_release *r, SkyWeave_LocalTrack *w);
bool net_release_system(const net_release *r, SkyWeave_SystemTrack *w);

/* ---- wire conversion (net_wire.c) ---------------------------------------------------------- */

int64_t net_ns(double t);         /* UTC seconds -> ns */
double net_sec(int64_t ns);
/* 6x6 symmetric <-> 21-value upper triangle. */
void net_cov_pack(const double P[36], double u[21]);
void net_cov_unpack(const double u[21], double P[36]);
/* A local track in the common frame f -> wire (ECEF).  sites may be NULL (n_sites 0). */
void net_local_to_wire(const geo_frame *f, const char *nation, const sw_track *t, double plot_in,
                       const sw_sensor *sites, int n_sites, SkyWeave_LocalTrack *w);
/* Wire -> common frame f.  Returns SW_EFORMAT for a sample that is not sane (NaN, dim not 2/3,
 * status out of range, unterminated strings), with the reason in err. */
sw_rc net_local_from_wire(const geo_frame *f, const SkyWeave_LocalTrack *w, sw_track *t,
                          double *plot_in, sw_err *err);
void net_report_to_wire(const geo_frame *f, const net_report *r, SkyWeave_SystemTrack *w);
sw_rc net_report_from_wire(const geo_frame *f, const SkyWeave_SystemTrack *w, net_report *r,
                           sw_err *err);
/* A nation code is two or three upper-case letters. */
bool net_nation_ok(const char *s);

/* ---- Cyclone XML configuration (net_xml.c) ------------------------------------------------ */

typedef enum { NET_LOOPBACK = 0, NET_MULTIHOST = 1 } net_mode;

#define NET_MAX_PEERS 32

/* The security files of one node (absolute paths; `skyweave keys` writes them). */
typedef struct net_secfiles {
    char id_ca[NET_PATH];      /* coalition identity CA certificate */
    char perm_ca[NET_PATH];    /* permissions CA certificate (signs governance, permissions) */
    char cert[NET_PATH];       /* this nation's identity certificate */
    char key[NET_PATH];        /* its private key */
    char governance[NET_PATH]; /* governance.p7s */
    char permissions[NET_PATH];/* permissions.p7s of this nation */
} net_secfiles;

typedef struct net_dds_config {
    int domain;                /* DDS domain id (0..230) */
    net_mode mode;
    char iface[32];            /* network interface ("lo" for loopback) */
    int n_peers;
    char peers[NET_MAX_PEERS][64];
    bool spdp_multicast;       /* multihost: SPDP by multicast (AllowMulticast spdp) */
    double lease_s;            /* participant lease: how soon a dead node is noticed */
    int max_pi;                /* MaxAutoParticipantIndex (>= 31 on one host) */
    bool write_batch;          /* pack samples into datagrams, flushed once per cycle */
    char template_path[NET_PATH]; /* "" = the built-in template of the mode */
    bool secure;
    net_secfiles sec;
} net_dds_config;

void net_dds_config_default(net_dds_config *c);
/* Parses the `dds:` map of a node config.  Relative paths are taken from base_dir. */
sw_rc net_dds_config_parse(net_dds_config *c, const sw_cfg *map, const char *base_dir,
                           sw_err *err);
/* Fills sec with the files `skyweave keys` writes under dir for nation. */
void net_secfiles_in_dir(net_secfiles *sec, const char *dir, const char *nation);
/* The Cyclone XML for c (template with @VARS@ filled in).  *xml is malloc'd; caller frees. */
sw_rc net_xml_build(const net_dds_config *c, char **xml, sw_err *err);
/* The built-in templates (config/dds/loopback.xml.in, multihost.xml.in, compiled in). */
extern const char net_tpl_loopback[];
extern const char net_tpl_multihost[];

/* ---- security files (net_secfiles.c, net_pki.c, net_docs.c) --------------------------------- */

/* What `skyweave keys` makes. */
typedef struct net_keys_opts {
    int n_nations;
    char nations[NET_MAX_NATIONS][4];
    char out[NET_PATH];
    int days;                  /* validity of certificates and permissions */
    bool rtps_protection;      /* governance: whole-message crypto (fast) instead of per-sample */
    bool allow_ddsperf;        /* permissions also allow ddsperf's DDSPerf* topics (benchmarks) */
    /* deny[i] bit j: nation i releases nothing to nation j (no partition, no permission) */
    uint32_t deny[NET_MAX_NATIONS];
    int n_monitors;            /* identities that may only read node status (network monitors) */
    char monitors[4][4];
} net_keys_opts;

/* Creates under o->out: ca/coalition_ca.{pem,key}, governance.{xml,p7s}, and per nation N:
 * N/identity.{pem,key}, N/permissions.{xml,p7s}, N/audit.{sk,pk} (Ed25519, hex).  Refuses to
 * overwrite an existing CA key. */
sw_rc net_keys_make(const net_keys_opts *o, sw_err *err);
/* The RFC 2253 subject name of nation's certificate ("CN=node-QA,OU=QA,O=SkyweaveCoalition"). */
void net_subject(char *buf, size_t n, const char *nation);
/* S/MIME-signs text (as `openssl smime -sign -text` does, which Cyclone requires) with the
 * signer's certificate and key (PEM files) into out_path. */
sw_rc net_smime_sign(const char *text, const char *cert_pem, const char *key_pem,
                     const char *out_path, sw_err *err);
/* Verifies an S/MIME document against ca_pem; on success *text (malloc'd) is the signed content. */
sw_rc net_smime_verify(const char *path, const char *ca_pem, char **text, sw_err *err);

/* Checks before start-up what Cyclone would only discover in handshakes, or never: every file
 * exists and parses, the certificate chains to the identity CA and is valid now, the private
 * key matches the certificate, governance and permissions are S/MIME signed by the permissions
 * CA, and the permissions grant names this certificate's subject and the nation's partitions.
 * On failure err says which file and why. */
sw_rc net_secfiles_check(const net_secfiles *sec, const char *nation, sw_err *err);

/* ---- the DDS participant of a node (net_dds.c) --------------------------------------------- */

typedef struct net_node net_node;

typedef struct net_node_config {
    char nation[4];
    int n_nations;
    char nations[NET_MAX_NATIONS][4]; /* the coalition, in the same order on every node */
    int self;                         /* index of nation */
    net_dds_config dds;
    net_policy policy;
    geo_frame origin;                 /* the node's common ENU frame */
    char xml_out[NET_PATH];           /* write the generated Cyclone XML here ("" = don't) */
} net_node_config;

/* What the receive side calls back with (any may be NULL).  `from` is the nation whose
 * partition the sample came in (already checked against the nation in the sample). */
typedef struct net_handlers {
    void *ctx;
    void (*local_track)(void *ctx, const char *from, const sw_track *t, double plot_in);
    void (*local_gone)(void *ctx, const char *from, uint32_t id);
    void (*report)(void *ctx, const char *from, const net_report *r);
    void (*report_gone)(void *ctx, const char *from, uint32_t stn);
    void (*status)(void *ctx, const char *from, const SkyWeave_NodeStatus *s);
    void (*warning)(void *ctx, const char *from, const SkyWeave_Warning *w);
    void (*ack)(void *ctx, const char *from, const SkyWeave_WarningAck *a);
} net_handlers;

/* Counters for health and tests. */
typedef struct net_stats {
    uint64_t tx_local, tx_report, tx_status, rx_local, rx_report, rx_status;
    uint64_t rx_rejected;     /* samples whose nation did not match their partition, or insane */
    uint64_t withheld;        /* samples not sent to a partner by releasability */
    int matched_readers;      /* partners' readers matched to our local-track writers */
} net_stats;

sw_rc net_node_create(net_node **out, const net_node_config *cfg, sw_err *err);
/* Leaves the domain (partners see our instances NOT_ALIVE_NO_WRITERS, not disposed). */
void net_node_destroy(net_node *n);

/* Publishing.  Each call applies releasability per partner group; nothing is sent to a partner
 * that is not released to.  Call net_flush() once per cycle when write batching is on. */
sw_rc net_publish_local(net_node *n, const sw_track *t, double plot_in, const sw_sensor *sites,
                        int n_sites);
sw_rc net_dispose_local(net_node *n, uint32_t id);
sw_rc net_publish_report(net_node *n, const net_report *r);
/* dispose: the number is gone (deleted, merged away); otherwise unregister (R2 handed over). */
sw_rc net_retract_report(net_node *n, uint32_t stn, bool dispose);
sw_rc net_publish_status(net_node *n, const SkyWeave_NodeStatus *s);
sw_rc net_publish_warning(net_node *n, const SkyWeave_Warning *w);
sw_rc net_publish_ack(net_node *n, const SkyWeave_WarningAck *a);
void net_flush(net_node *n);

/* Waits up to timeout_s for data, then takes everything available and calls h.  Returns the
 * number of samples handled, or an error. */
int net_poll(net_node *n, double timeout_s, const net_handlers *h);
/* Bit i set: coalition nation i has a participant matched with us now. */
uint64_t net_partners(net_node *n);
/* Inside a net_poll handler: the source timestamp (the writer's dds_write, UTC s) of the sample
 * being handled. */
double net_rx_source_time(const net_node *n);
void net_get_stats(const net_node *n, net_stats *s);

#endif
