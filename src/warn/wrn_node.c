/* warn/wrn_node.c - engine events to the network, the audit log and CAP; network input to the
 * engine, with acknowledgements authenticated by the partners' audit keys.
 *
 * Each action is logged right after it is done (the log says a message *was* sent), with its
 * outcome in the note when it failed.  A failed log write or export never stops a warning: the
 * error is kept for the node to report (wrn_node_last_error) and the warning goes on. */
#include "warn/wrn_node.h"
#include "warn/wrn_int.h"

#include "core/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTNERS 32

typedef struct partner_key {
    char nation[WRN_NATION_LEN];
    int state;                    /* 0 unknown, 1 loaded, -1 missing */
    uint8_t pk[WRN_PK_BYTES];
} partner_key;

struct wrn_node {
    wrn_node_cfg c;
    wrn_node_io io;
    wrn_engine *e;
    wrn_audit *audit;
    wrn_cap_out *cap;
    uint8_t sk[WRN_SK_BYTES];
    int have_sk;
    partner_key keys[MAX_PARTNERS];
    char err[SW_ERR_MSG];
};

void wrn_node_cfg_default(wrn_node_cfg *c, const char *self)
{
    memset(c, 0, sizeof *c);
    wrn_config_default(&c->engine);
    snprintf(c->engine.self, sizeof c->engine.self, "%s", self);
    wrn_cap_cfg_default(&c->cap, self);
    c->audit_sync = WRN_AUDIT_SYNC_BATCH;
}

static void join(char *out, size_t n, const char *base, const char *p)
{
    if (p[0] == '/' || !base || !*base)
        snprintf(out, n, "%s", p);
    else
        snprintf(out, n, "%s/%s", base, p);
}

sw_rc wrn_node_cfg_parse(wrn_node_cfg *c, const sw_cfg *root, const char *base_dir, sw_err *err)
{
    const sw_cfg *m;
    sw_rc rc;
    if ((rc = sw_cfg_opt_map(root, "warnings", &m, err)) ||
        (rc = wrn_config_parse(&c->engine, m, err)))
        return rc;
    if ((rc = sw_cfg_opt_map(root, "cap", &m, err)))
        return rc;
    if (m) {
        c->cap_enabled = 1;
        if ((rc = wrn_cap_cfg_parse(&c->cap, m, base_dir, err)))
            return rc;
    }
    if ((rc = sw_cfg_opt_map(root, "audit", &m, err)))
        return rc;
    if (m) {
        static const char *const keys[] = {"path", "keys", "fsync", NULL};
        const char *path, *kd, *fs;
        char where[300];
        if ((rc = sw_cfg_check_keys(m, keys, err)) ||
            (rc = sw_cfg_get_str(m, "path", &path, err)) ||
            (rc = sw_cfg_get_str(m, "keys", &kd, err)) ||
            (rc = sw_cfg_opt_str(m, "fsync", "batch", &fs, err)))
            return rc;
        join(c->audit_path, sizeof c->audit_path, base_dir, path);
        join(c->keys_dir, sizeof c->keys_dir, base_dir, kd);
        if (!strcmp(fs, "batch"))
            c->audit_sync = WRN_AUDIT_SYNC_BATCH;
        else if (!strcmp(fs, "entry"))
            c->audit_sync = WRN_AUDIT_SYNC_ENTRY;
        else if (!strcmp(fs, "none"))
            c->audit_sync = WRN_AUDIT_SYNC_NONE;
        else
            return sw_err_set(err, SW_EFORMAT, "%s: audit.fsync '%s': batch, entry or none",
                              sw_cfg_where(m, where, sizeof where), fs);
    }
    return SW_OK;
}

static void note_err(wrn_node *n, const sw_err *e)
{
    if (!n->err[0])
        snprintf(n->err, sizeof n->err, "%s", e->msg);
    SW_LOGE("warn", "%s", e->msg);
}

static void log_ev(wrn_node *n, double now, const char *ev, const sw_warning *w, const wrn_ack *a,
                   const char *peer, int attempt, const char *note)
{
    sw_err e;
    if (n->audit && wrn_audit_log(n->audit, now, ev, w, a, peer, attempt, note, &e))
        note_err(n, &e);
}

static void export(wrn_node *n, const sw_warning *w, double now)
{
    sw_err e;
    if (n->cap && wrn_cap_out_warning(n->cap, w, now, NULL, NULL, &e))
        note_err(n, &e);
}

static void on_event(void *ctx, const wrn_event *ev)
{
    wrn_node *n = ctx;
    static const char *const names[] = {"", "issued", "updated", "retracted", "closed"};
    switch (ev->kind) {
    case WRN_EV_ISSUED:
    case WRN_EV_UPDATED:
    case WRN_EV_RETRACTED:
    case WRN_EV_CLOSED:
        log_ev(n, ev->now, names[ev->kind], ev->w, NULL, NULL, 0, ev->reason);
        export(n, ev->w, ev->now);
        break;
    case WRN_EV_SEND: {
        sw_rc rc = n->io.publish_warning ? n->io.publish_warning(n->io.ctx, ev->w) : SW_OK;
        char note[96] = "";
        if (rc)
            snprintf(note, sizeof note, "publish failed: %s", sw_strerror(rc));
        log_ev(n, ev->now, "sent", ev->w, NULL, ev->w->threatened, ev->attempt, note);
        break;
    }
    case WRN_EV_DELIVERED:
        log_ev(n, ev->now, "delivered", ev->w, NULL, NULL, 0, NULL);
        break;
    case WRN_EV_RECEIVED:
        if (!ev->dup) {
            log_ev(n, ev->now, "received", ev->w, NULL, ev->w->issuer, 0, NULL);
            export(n, ev->w, ev->now);
        }
        break;
    case WRN_EV_ACK_SEND: {
        wrn_ack a = *ev->ack;
        if (n->have_sk)
            wrn_ack_sign(&a, n->sk);
        sw_rc rc = n->io.publish_ack ? n->io.publish_ack(n->io.ctx, &a) : SW_OK;
        char note[96] = "";
        snprintf(note, sizeof note, "%s%s%s", ev->dup ? "again (the issuer re-sent)" : "",
                 rc && ev->dup ? "; " : "", rc ? "publish failed" : "");
        log_ev(n, ev->now, "ack_sent", ev->w, &a, ev->w->issuer, 0, note);
        break;
    }
    case WRN_EV_ACKED:
        /* an operator's acknowledgement is logged even when the node's automatic receipt
         * already acknowledged that revision: the log must show that a person saw it */
        if (!ev->dup || strncmp(ev->ack->operator_id, "auto", sizeof ev->ack->operator_id))
            log_ev(n, ev->now, "acknowledged", ev->w, ev->ack, ev->ack->nation, 0, NULL);
        break;
    default:
        break;
    }
}

sw_rc wrn_node_create(wrn_node **out, const wrn_node_cfg *c, const wrn_areas *areas,
                      const geo_frame *origin, const wrn_node_io *io, double now, sw_err *err)
{
    *out = NULL;
    wrn_node *n = calloc(1, sizeof *n);
    if (!n)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    n->c = *c;
    if (io)
        n->io = *io;
    sw_rc rc = SW_OK;
    const char *self = c->engine.self;
    if (c->keys_dir[0]) {
        uint8_t pk[WRN_PK_BYTES];
        if ((rc = wrn_keys_load(c->keys_dir, self, n->sk, pk, err)))
            goto fail;
        n->have_sk = 1;
    }
    if (c->audit_path[0]) {
        if (!n->have_sk) {
            rc = sw_err_set(err, SW_EINVAL, "audit: a log needs the node's key (audit.keys)");
            goto fail;
        }
        if ((rc = wrn_audit_open(&n->audit, c->audit_path, self, n->sk, c->audit_sync, now, err)))
            goto fail;
    }
    if (c->cap_enabled && (rc = wrn_cap_out_create(&n->cap, &c->cap, areas, err)))
        goto fail;
    wrn_sink sink = {n, on_event};
    if ((rc = wrn_engine_create(&n->e, &c->engine, areas, origin, &sink, err)))
        goto fail;
    *out = n;
    return SW_OK;
fail:
    wrn_audit_abandon(n->audit);
    wrn_cap_out_free(n->cap, 0);
    free(n);
    return rc;
}

void wrn_node_track(wrn_node *n, const sw_system_track *st, double now)
{
    wrn_engine_track(n->e, st, now);
}

void wrn_node_track_gone(wrn_node *n, uint32_t stn, double now)
{
    wrn_engine_track_gone(n->e, stn, now);
}

sw_rc wrn_node_on_warning(wrn_node *n, const char *from, const sw_warning *w, double now,
                          sw_err *err)
{
    if (strncmp(from, w->issuer, sizeof w->issuer))
        return sw_err_set(err, SW_ESECURITY, "warning %016llx claims issuer %.4s but came from %s",
                          (unsigned long long)w->id, w->issuer, from);
    return wrn_engine_receive(n->e, w, now, err);
}

static const uint8_t *partner_pk(wrn_node *n, const char *nation)
{
    partner_key *slot = NULL;
    for (int i = 0; i < MAX_PARTNERS; i++) {
        partner_key *k = &n->keys[i];
        if (k->state && !strcmp(k->nation, nation))
            return k->state > 0 ? k->pk : NULL;
        if (!k->state && !slot)
            slot = k;
    }
    if (!slot)
        return NULL;
    snprintf(slot->nation, sizeof slot->nation, "%s", nation);
    sw_err e;
    slot->state = wrn_keys_load_pk(n->c.keys_dir, nation, slot->pk, &e) ? -1 : 1;
    if (slot->state < 0)
        note_err(n, &e);
    return slot->state > 0 ? slot->pk : NULL;
}

sw_rc wrn_node_on_ack(wrn_node *n, const char *from, const wrn_ack *a, double now, sw_err *err)
{
    char nat[WRN_NATION_LEN + 1];
    snprintf(nat, sizeof nat, "%.4s", a->nation);
    if (strcmp(from, nat))
        return sw_err_set(err, SW_ESECURITY, "ack of %016llx in the name of %s came from %s",
                          (unsigned long long)a->warning_id, nat, from);
    if (n->c.keys_dir[0]) {
        const uint8_t *pk = partner_pk(n, nat);
        if (!pk)
            return sw_err_set(err, SW_ESECURITY, "ack from %s: no audit.pk for %s in %s", from,
                              nat, n->c.keys_dir);
        if (wrn_ack_verify(a, pk)) {
            log_ev(n, now, "ack_rejected", NULL, a, from, 0, "bad signature");
            return sw_err_set(err, SW_ESECURITY, "ack of %016llx from %s: bad signature",
                              (unsigned long long)a->warning_id, from);
        }
    }
    wrn_engine_ack(n->e, a, now);
    return SW_OK;
}

sw_rc wrn_node_operator_ack(wrn_node *n, uint64_t id, const char *operator_id, double now,
                            sw_err *err)
{
    wrn_entry *en = wrn_entry_get(n->e, id);
    const char *self = n->c.engine.self;
    const sw_warning *w = !en ? NULL : en->has_rx ? &en->rx : en->own_state ? &en->own : NULL;
    if (!w || strncmp(w->threatened, self, sizeof w->threatened))
        return sw_err_set(err, SW_ENOTFOUND, "no warning %016llx for %s", (unsigned long long)id,
                          self);
    if (w->state == WRN_RETRACT || w->state == WRN_CLOSE)
        return sw_err_set(err, SW_EINVAL, "warning %016llx is no longer active",
                          (unsigned long long)id);
    char note[64];
    snprintf(note, sizeof note, "operator %.31s", operator_id);
    wrn_ack a;
    memset(&a, 0, sizeof a);
    a.warning_id = id;
    snprintf(a.nation, sizeof a.nation, "%s", self);
    snprintf(a.operator_id, sizeof a.operator_id, "%s", operator_id);
    a.time = now;
    log_ev(n, now, "operator_ack", w, &a, NULL, 0, note);
    for (int i = 0; i < en->n_seen; i++) {
        wrn_ack b = a;
        snprintf(b.issuer, sizeof b.issuer, "%s", en->seen[i].issuer);
        b.revision = en->seen[i].rev;
        b.state = w->state;
        if (n->have_sk)
            wrn_ack_sign(&b, n->sk);
        sw_rc rc = n->io.publish_ack ? n->io.publish_ack(n->io.ctx, &b) : SW_OK;
        log_ev(n, now, "ack_sent", w, &b, b.issuer, 0, rc ? "operator; publish failed" : "operator");
    }
    return SW_OK;
}

void wrn_node_tick(wrn_node *n, double now)
{
    wrn_engine_tick(n->e, now);
    sw_err e;
    if (n->audit && wrn_audit_sync(n->audit, &e))
        note_err(n, &e);
}

void wrn_node_status(const wrn_node *n, double now, wrn_status *s)
{
    wrn_engine_status(n->e, now, s);
}

const wrn_engine *wrn_node_engine(const wrn_node *n) { return n->e; }

const char *wrn_node_last_error(wrn_node *n)
{
    static __thread char buf[SW_ERR_MSG];
    snprintf(buf, sizeof buf, "%s", n->err);
    n->err[0] = 0;
    return buf;
}

sw_rc wrn_node_close(wrn_node *n, double now, double wait_s, sw_err *err)
{
    if (!n)
        return SW_OK;
    sw_rc rc = n->audit ? wrn_audit_close(n->audit, now, err) : SW_OK;
    wrn_cap_out_free(n->cap, wait_s);
    wrn_engine_free(n->e);
    memset(n->sk, 0, sizeof n->sk);
    free(n);
    return rc;
}
