/* cli/cli_node_input.h - a node's plot inputs and its local tracker.
 *
 *   asterix_udp (live, allow-list) --\
 *   pcap (replayed on the data clock) -+-> ingest (one ing per input) -> track/ -> confirmed
 *   plots_csv (replayed)             --/                                        local tracks
 *
 * The node's data clock is UTC: a live plot's time is its ASTERIX time of day unrolled next to
 * its receive time; a recording is shifted so that its start lies at the node's epoch (scenario
 * time 0), and a plots CSV's time_s counts from the epoch.  A file input hands a plot to the
 * tracker when the wall clock reaches its time, so replays run in real time and a node started
 * late catches up at once.  Every plot's entry time ("plot-in", the kernel's receive time for
 * UDP) is remembered by its time of detection, so a track update carries the plot-in time of the
 * plot that made it and the network measures latency plot-in -> fused track.
 * Allocation happens in node_plots_open only; one thread. */
#ifndef SW_CLI_NODE_INPUT_H
#define SW_CLI_NODE_INPUT_H

#include "cli_node.h"
#include "web/web.h"

#include <stdio.h>

typedef struct node_plots node_plots;

typedef struct node_plots_stats {
    uint64_t plots;          /* plots handed to the tracker */
    uint64_t refused;        /* plots the tracker refused (later than its reorder window) */
    uint64_t datagrams;      /* datagrams received or read, allowed ones */
    uint64_t denied_source;  /* datagrams from a source outside the allow-list */
    uint64_t denied_sensor;  /* records of a SAC/SIC their source may not send */
    uint64_t faults;         /* ASTERIX faults */
    uint64_t unknown_sensor; /* records of a SAC/SIC not in the node's sensors */
    uint64_t dropped;        /* denied_source + denied_sensor + faults */
    uint64_t confirmed;      /* tracks confirmed so far */
    int tracks;              /* confirmed tracks now */
    double cpu_s;            /* thread CPU in node_plots_step: taking inputs in, ingest, the
                                tracker, publishing and fusing the own tracks */
    double out_s;            /* of which publishing and fusing the own tracks */
    uint64_t updates;        /* own track changes published */
} node_plots_stats;

/* A confirmed local track changed: t->t and the other times are UTC; status DELETED when the
 * tracker dropped it.  plot_in is the wall-clock UTC at which its newest plot entered the node;
 * fresh = 1 when this change took a new plot (0: it turned coasting or was deleted). */
typedef void (*node_track_fn)(void *ctx, sw_track *t, double plot_in, int fresh);

/* Opens the asterix_udp, pcap and plots_csv inputs of c and the tracker (*out = NULL when c has
 * none).  epoch: UTC of scenario time 0. */
sw_rc node_plots_open(node_plots **out, const node_config *c, double epoch, sw_err *err);
void node_plots_close(node_plots *np);
/* Takes in everything due at wall-clock UTC now and lets the tracker run up to it; track
 * changes go to fn.  *next_due (may be NULL) receives when a file input has its next plot
 * (INFINITY: nothing pending).  An error is only a file that cannot be read on. */
sw_rc node_plots_step(node_plots *np, double now, node_track_fn fn, void *ctx, double *next_due,
                      sw_err *err);
/* 1 when an input is live (UDP): the node loop must come back within a few milliseconds. */
int node_plots_live(const node_plots *np);
void node_plots_get_stats(const node_plots *np, node_plots_stats *s);
/* Writes the "inputs" member of summary.json (counters, per-radar health from CAT034), without
 * a trailing comma or newline. */
void node_plots_json(const node_plots *np, FILE *f, double now);

/* The node's own radars for the display, at most cap of them: each radar of the ingests as the
 * "radars" of node_plots_json shows it, with its registration estimate when it has one, then the
 * radars registered but seen by no ingest (plots CSV inputs; health unknown).  0 when np is NULL
 * (a node with only tracks_csv inputs). */
int node_plots_sensors(const node_plots *np, double now, web_sensor *out, int cap);

/* Parses the `tracker:` map of a node configuration into p (which holds the defaults). */
/* A partner's track: a reference for the registration of this node's radars when it is
 * ADS-B grade (reg_reference). */
void node_plots_reference(node_plots *np, const sw_track *t);

sw_rc node_tracker_parse(trk_params *p, int *registration, const sw_cfg *m, sw_err *err);

#endif
