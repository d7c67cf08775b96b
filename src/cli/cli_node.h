/* cli/cli_node.h - one nation's node: its configuration and its main loop.
 *
 * The node wires the stages in one process and one thread:
 *   inputs: ASTERIX over UDP, pcap and plots CSV -> ingest -> local tracker (cli_node_input.h),
 *           or a tracks CSV replayed as local tracks
 *     -> own local tracks -> publish (releasability per partner) -> fuse <- partners' tracks
 *     -> R2 reports out, picture CSV, status topic + status line + log.
 * One thread keeps fusion deterministic and lock-free; DDS delivers on its own threads and the
 * node takes samples from a waitset.  Nothing on that thread runs long, so an arriving update is
 * fused within about a slice: the fusion cycle goes in slices (fus_cycle_step) and the warning
 * cycle in stages (node_warn_cycle_step), its shadow-identity pass on a worker thread over a copy
 * of the picture (docs/network.md section 6, "The node's loop"). */
#ifndef SW_CLI_NODE_H
#define SW_CLI_NODE_H

#include "core/cfg.h"
#include "fuse/fuse.h"
#include "geo/sensors.h"
#include "net/net.h"
#include "track/track.h"

#define NODE_MAX_INPUTS 8
#define NODE_MAX_ALLOW 32

typedef struct node_input {
    char type[16];        /* tracks_csv | asterix_udp | pcap | plots_csv */
    char path[NET_PATH];  /* tracks_csv, pcap, plots_csv */
    double timeout_s;     /* an own track without an update for this long is deleted */
    char listen[64];      /* asterix_udp: ADDR:PORT (unicast address to bind, or 0.0.0.0) */
    char group[32];       /* asterix_udp: multicast group to join ("" = unicast) */
    int n_allow;          /* asterix_udp: explicit allow-list entries ADDR[/LEN][=SAC/SIC] */
    char allow[NODE_MAX_ALLOW][48];
    double start_utc;     /* pcap: recording time that maps to scenario time 0 (0: its first) */
    int line;             /* line of the entry in the config file (messages) */
} node_input;

typedef struct node_config {
    char path[NET_PATH];  /* the config file */
    char dir[NET_PATH];   /* its folder: relative paths are taken from here */
    char nation[4];
    int n_nations;
    char nations[NET_MAX_NATIONS][4];
    int self;
    double origin[3];     /* lat, lon (deg), alt (m) of the common ENU frame */
    geo_frame frame;
    geo_sensor_set *sensors; /* this nation's sensors (sites for releasability, ingest, tracker) */
    trk_params trk;       /* the local tracker (`tracker:` map; skyweave track's defaults) */
    int registration;     /* tracker.registration: radar biases measured against ADS-B (reg/) */
    int n_inputs;
    node_input in[NODE_MAX_INPUTS];
    net_policy policy;
    net_dds_config dds;
    fus_config fus;
    double period_s;      /* fusion cycle */
    int max_tracks;
    char picture_csv[NET_PATH];
    double picture_period_s;
    double status_period_s;
    double latency_warmup_s; /* latencies are recorded from this long after start (start-up
                                bursts: discovery, first association of every track) */
    char log_path[NET_PATH];
    char record_dir[NET_PATH]; /* "" = off: live datagrams into rotating pcap files (output.record) */
    double record_rotate_s;    /* a new file after this long (0: never; default 3600) */
    double record_rotate_mb;   /* or at this size (0: never; default 1000) */
    double epoch;         /* UTC s of scenario time 0 (NAN: now at start) */
    double duration_s;    /* stop after this (0 = run until signalled) */
    int realtime;         /* SCHED_FIFO priority of the data path (cli_node_sched.h); 0: normal */
    int n_areas;          /* defended areas (kept for warn/) */
    char web_addr[64];    /* "ADDR:PORT": serve the display (web/) here; "" = no display */
    char web_token[128];  /* the display's token ("" = made up when needed) */
    sw_cfg_doc *doc;      /* the parsed file (defended areas refer into it) */
} node_config;

/* Loads FILE.  Errors name file:line and key. */
sw_rc node_config_load(node_config *c, const char *path, sw_err *err);
void node_config_free(node_config *c);

/* Runs until *stop becomes non-zero or the duration ends.  workdir ("" = none) receives
 * node.log, picture.csv, cyclonedds.xml and summary.json unless the config names them. */
sw_rc node_run(node_config *c, const char *workdir, volatile int *stop, sw_err *err);

/* `skyweave node --make-configs SCENARIO --out DIR ...` (cli_node_make.c): argv from
 * --make-configs on.  Returns the exit status. */
int node_make_configs(int argc, char **argv);

#endif
