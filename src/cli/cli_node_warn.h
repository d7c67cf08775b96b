/* cli/cli_node_warn.h - the warning side and the web display of `skyweave node` (docs/warnings.md
 * section 8, docs/display.md "In a node").
 *
 * node_warn wires warn/wrn_node (engine, audit log, CAP, signed acks) and web/ (the display) into
 * the node's main loop, which calls:
 *   node_warn_open()      once, after the DDS participant exists;
 *   node_warn_cycle()     every fusion cycle: the system tracks that changed go to the engine,
 *                         the ones that left the picture close their warnings; the picture goes
 *                         to the display;
 *   node_warn_on_warning() / node_warn_on_ack() for what DDS delivers (the net_handlers);
 *   node_warn_partner()   for each partner status sample (network health on the display);
 *   node_warn_tick()      every loop turn: operator acks queued by the display, re-sends, audit
 *                         fsync, the display's warning list;
 *   node_warn_status()    the status line's tokens and the display's status;
 *   node_warn_summary()   the "warnings" object of summary.json;
 *   node_warn_close()     seals the audit log and stops the display.
 * Everything runs on the node's thread except the display's acknowledge callback, which only
 * queues (under a mutex) for node_warn_tick(), and the shadow-identity pass of a staged cycle,
 * which a worker thread runs on the next picture (node_warn_cycle_step). */
#ifndef SW_CLI_NODE_WARN_H
#define SW_CLI_NODE_WARN_H

#include "cli_node.h"
#include "fuse/fuse.h"
#include "net/net.h"
#include "web/web.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct node_warn node_warn;

/* Reads the `warnings:`, `cap:`, `audit:` keys of the config (defaults: audit log
 * WORKDIR/audit.jsonl and CAP files in WORKDIR/cap/ when a workdir is given; audit keys from the
 * `security.dir` folder `skyweave keys` made), loads every nation's defended areas, starts the
 * display when c->web_addr is set. */
sw_rc node_warn_open(node_warn **out, node_config *c, const char *workdir, net_node *net,
                     double epoch, double now, sw_err *err);
/* What --check does for these keys: parses them, loads the areas and this nation's audit key. */
sw_rc node_warn_check(node_config *c, const char *workdir, sw_err *err);
void node_warn_cycle(node_warn *w, const fus_engine *fus, double now);
/* The same cycle in stages, so that the node keeps fusing arriving updates meanwhile: begin after
 * a fusion cycle; then each step copies up to `rows` picture rows from fus (no fusion cycle may
 * run while node_warn_cycle_copying), or checks whether the shadow-identity pass on the worker
 * thread is done, or feeds the engine (the merge against the previous picture, up to `rows`
 * tracks a step, as node_warn_cycle).  Returns 1 when the cycle is complete.  Same inputs, same results as
 * node_warn_cycle; only where the time goes changes. */
void node_warn_cycle_begin(node_warn *w);
int node_warn_cycle_step(node_warn *w, const fus_engine *fus, int rows, double now);
bool node_warn_cycle_busy(const node_warn *w);
bool node_warn_cycle_copying(const node_warn *w);
void node_warn_on_warning(node_warn *w, const char *from, const SkyWeave_Warning *m);
void node_warn_on_ack(node_warn *w, const char *from, const SkyWeave_WarningAck *m);
void node_warn_partner(node_warn *w, const char *from, const SkyWeave_NodeStatus *s, double now);
void node_warn_tick(node_warn *w, double now);
/* Appends " warnings=N unacked=M ..." to buf, and sends the display its status, with the node's
 * own radars (n_sensors of them; node_plots_sensors). */
void node_warn_status(node_warn *w, const SkyWeave_NodeStatus *s, double now, double input_age_s,
                      const web_sensor *sensors, int n_sensors, char *buf, size_t n);
/* The warning engine's classification (class and confidence) into picture rows it follows:
 * picture.csv and the display show what the engine recognised, not the trackers' "unknown". */
void node_warn_classify(const node_warn *w, sw_system_track *st, int n);
/* Writes `  "warnings": {...},\n` (one member of summary.json). */
void node_warn_summary(node_warn *w, FILE *f, double now);
sw_rc node_warn_close(node_warn *w, double now, sw_err *err);

#endif
