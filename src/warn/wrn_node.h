/* warn/wrn_node.h - the warning side of a node, ready to wire: engine + audit log + CAP export +
 * signed acknowledgements, over a transport the node supplies (net/ DDS).
 *
 * The node's main loop calls wrn_node_track() for each system track update, wrn_node_on_*() for
 * what arrives on the warning topics, and wrn_node_tick() once per cycle.  wrn_node publishes
 * through the two callbacks of wrn_node_io and does the rest itself:
 *   - every message the engine makes is published, and re-published until acknowledged;
 *   - a message for this node's nation arriving from a partner is logged, acknowledged (signed
 *     with this nation's audit key) and exported as CAP;
 *   - an acknowledgement is accepted only from the nation it names (the transport says who sent
 *     it) and only with that nation's valid signature (its audit.pk in the keys directory);
 *   - everything is appended to the audit log (batch fsync, once per tick), sealed at close.
 *
 * Configuration (node YAML): the `warnings:` map (wrn_engine.h), and
 *   cap:   { dir, url, status, scope, sender, nations, http_timeout_s }      (wrn_cap.h)
 *   audit: { path: audit.jsonl, keys: DIR, fsync: batch|entry|none }
 * where DIR/<NATION>/audit.sk is this node's key and DIR/<PARTNER>/audit.pk the partners'.
 * Not thread-safe: the node's main loop owns it. */
#ifndef SW_WRN_NODE_H
#define SW_WRN_NODE_H

#include "core/cfg.h"
#include "warn/wrn_audit.h"
#include "warn/wrn_cap.h"
#include "warn/wrn_engine.h"

typedef struct wrn_node_cfg {
    wrn_config engine;
    int cap_enabled;
    wrn_cap_cfg cap;
    char audit_path[512];    /* "" = no audit log */
    char keys_dir[512];      /* DIR/<NATION>/audit.{sk,pk} */
    int audit_sync;          /* wrn_audit_sync_policy (default batch) */
} wrn_node_cfg;

/* Defaults for nation self. */
void wrn_node_cfg_default(wrn_node_cfg *c, const char *self);
/* Reads `warnings:`, `cap:` and `audit:` from the config root (all optional); relative paths
 * are taken from base_dir. */
sw_rc wrn_node_cfg_parse(wrn_node_cfg *c, const sw_cfg *root, const char *base_dir, sw_err *err);

typedef struct wrn_node_io {
    void *ctx;
    sw_rc (*publish_warning)(void *ctx, const sw_warning *w);
    sw_rc (*publish_ack)(void *ctx, const wrn_ack *a);
} wrn_node_io;

typedef struct wrn_node wrn_node;

/* areas must outlive the node.  Opens the audit log (keys required when it is on). */
sw_rc wrn_node_create(wrn_node **n, const wrn_node_cfg *c, const wrn_areas *areas,
                      const geo_frame *origin, const wrn_node_io *io, double now, sw_err *err);
void wrn_node_track(wrn_node *n, const sw_system_track *st, double now);
void wrn_node_track_gone(wrn_node *n, uint32_t stn, double now);
/* A warning message that arrived from nation `from` (its partition); refused when from is not
 * its issuer or the message is malformed. */
sw_rc wrn_node_on_warning(wrn_node *n, const char *from, const sw_warning *w, double now,
                          sw_err *err);
/* An acknowledgement that arrived from nation `from`; refused (SW_ESECURITY) unless from is the
 * acknowledging nation and the signature is that nation's. */
sw_rc wrn_node_on_ack(wrn_node *n, const char *from, const wrn_ack *a, double now, sw_err *err);
/* An operator of this node's nation acknowledges warning `id` (from the display): a signed ack
 * with operator_id = operator_id goes to every partner that issued it (newest revision each),
 * and "operator_ack" is logged here (once per operator acknowledgement).  SW_ENOTFOUND when no
 * active warning with that id concerns this nation. */
sw_rc wrn_node_operator_ack(wrn_node *n, uint64_t id, const char *operator_id, double now,
                            sw_err *err);
/* Re-sends, timers, audit fsync.  Once per cycle. */
void wrn_node_tick(wrn_node *n, double now);
void wrn_node_status(const wrn_node *n, double now, wrn_status *s);
const wrn_engine *wrn_node_engine(const wrn_node *n);
/* The first error met while logging, exporting or publishing since the last call ("" if none);
 * the node reports it (a warning is never dropped because its log or export failed). */
const char *wrn_node_last_error(wrn_node *n);
/* Seals the audit log, drains the CAP queue (up to wait_s), frees. */
sw_rc wrn_node_close(wrn_node *n, double now, double wait_s, sw_err *err);

#endif
