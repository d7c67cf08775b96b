/* cli/cli_node_trace.h - where the node's latency goes (SW_NODE_TRACE=FILE, off by default).
 *
 * The node's loop marks the end of each phase of a turn (inputs, fusion slice, warning stage,
 * picture, status, tick, flush, the waitset wait, the received batch); every own row and every
 * partner update counted in the latency is then split over those phases: how much of the
 * interval from its plot entering (own) or from the partner's dds_write (partner, the sample's
 * source timestamp) to its fusion here overlapped each phase of the last turns.  At exit the
 * records go to FILE as CSV (bench/net_latency_trace.py sums the tail).  The buffers are made at
 * start-up; nothing is allocated per sample. */
#ifndef SW_CLI_NODE_TRACE_H
#define SW_CLI_NODE_TRACE_H

#include <stdbool.h>

enum { NT_IN, NT_FUSE, NT_WARN, NT_PIC, NT_STATUS, NT_TICK, NT_FLUSH, NT_WAIT, NT_RX, NT_N };

typedef struct node_trace node_trace;

/* NULL (and every call a no-op) unless SW_NODE_TRACE is set. */
node_trace *node_trace_open(void);
/* A loop turn starts at monotonic time t. */
void node_trace_turn(node_trace *tr, double t);
/* Phase ph of the current turn ended at monotonic time t (phases end in order). */
void node_trace_mark(node_trace *tr, int ph, double t);
/* A DDS write (or dispose) on the loop took s seconds (counted in the current phase's stretch). */
void node_trace_write(node_trace *tr, double s);
/* ORs bits into the current stretch's detail column (the fusion slice: 1 << the cycle's phase at
 * its start and at its end, fus_cycle_phase). */
void node_trace_detail(node_trace *tr, int bits);
/* A sample fused at monotonic `now`: lat is its plot-in -> fused latency (s); it started waiting
 * at monotonic t_from; src_s: the part of lat spent before t_from (partner: plot-in -> write at
 * the partner), 0 for own rows.  partner: a partner update, else an own row. */
void node_trace_sample(node_trace *tr, bool partner, double lat, double src_s, double t_from,
                       double now);
/* Writes the records to the file and frees. */
void node_trace_close(node_trace *tr);

#endif
