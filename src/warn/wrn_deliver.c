/* warn/wrn_deliver.c - getting every warning to the nation it concerns, provably.
 *
 * Sending: a new revision goes out at once; until the threatened nation acknowledges it (or a
 * later revision) it is sent again after resend_s, 2 resend_s, 4 resend_s ... capped at
 * resend_max_s, for as long as it takes: a warning is never given up on.  The DDS topic is
 * reliable already; the re-send covers what reliability cannot: a partner that was not there
 * (restarted, partitioned) when the message went out.
 *
 * Receiving: messages are de-duplicated per (id, issuer, revision); the newest (by time, then
 * state) is what the node shows.  A message for our own nation is acknowledged every time it
 * arrives, duplicates included: a duplicate means the issuer did not get our ack. */
#include "warn/wrn_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int wrn_entry_unacked(const wrn_engine *e, const wrn_entry *en)
{
    return en->own_state && strcmp(en->own.threatened, e->c.self) &&
           en->acked_rev < en->own.revision;
}

void wrn_deliver_new_revision(wrn_engine *e, wrn_entry *en, double now)
{
    if (!strcmp(en->own.threatened, e->c.self)) {
        /* our own nation: shown here at once, nothing to wait for */
        en->acked_rev = en->own.revision;
        wrn_emit(e, WRN_EV_DELIVERED, now, &en->own, NULL, 0, 0, NULL);
        return;
    }
    if (!isfinite(en->unacked_since))
        en->unacked_since = now;
    en->attempts = 0;
    en->gap = e->c.resend_s;
    en->next_send = now + en->gap;
    e->st.sent++;
    wrn_emit(e, WRN_EV_SEND, now, &en->own, NULL, 0, 0, NULL);
}

void wrn_deliver_tick(wrn_engine *e, wrn_entry *en, double now)
{
    if (!wrn_entry_unacked(e, en) || now < en->next_send)
        return;
    en->attempts++;
    en->gap = fmin(2.0 * en->gap, e->c.resend_max_s);
    en->next_send = now + en->gap;
    e->st.sent++;
    e->st.resent++;
    wrn_emit(e, WRN_EV_SEND, now, &en->own, NULL, en->attempts, 0, NULL);
}

/* A message from the network is checked as any input: the id must be the one its own track and
 * area give, so a forged or garbled id cannot overwrite another warning. */
static sw_rc check_msg(const sw_warning *w, sw_err *err)
{
    if (!wrn_nation_ok(w->issuer, sizeof w->issuer) ||
        !wrn_nation_ok(w->threatened, sizeof w->threatened))
        return sw_err_set(err, SW_EFORMAT, "warning: issuer/threatened is not a nation code");
    if (strnlen(w->area, sizeof w->area) == sizeof w->area || !w->area[0] ||
        strnlen(w->text, sizeof w->text) == sizeof w->text)
        return sw_err_set(err, SW_EFORMAT, "warning: unterminated or empty area/text");
    if (w->state < WRN_ISSUE || w->state > WRN_CLOSE || w->revision == 0 || w->cls >= SW_CLS_COUNT)
        return sw_err_set(err, SW_EFORMAT, "warning from %s: state %u, revision %u, class %u out "
                          "of range", w->issuer, w->state, w->revision, w->cls);
    if (w->area_id != wrn_area_id(w->threatened, w->area) ||
        w->id != (((uint64_t)w->stn << 32) | w->area_id))
        return sw_err_set(err, SW_EFORMAT, "warning from %s: id %016llx does not match track %u "
                          "and area %s/%s", w->issuer, (unsigned long long)w->id, w->stn,
                          w->threatened, w->area);
    if (!isfinite(w->time) || !isfinite(w->arrival) || !isfinite(w->expires) ||
        !isfinite(w->impact_lat_deg) || !isfinite(w->impact_lon_deg) ||
        fabs(w->impact_lat_deg) > 90 || fabs(w->impact_lon_deg) > 180 ||
        !(w->ellipse_major_m >= 0) || !(w->ellipse_minor_m >= 0) || !(w->probability >= 0) ||
        !(w->probability <= 1))
        return sw_err_set(err, SW_EFORMAT, "warning %016llx from %s: a number is out of range",
                          (unsigned long long)w->id, w->issuer);
    return SW_OK;
}

sw_rc wrn_engine_receive(wrn_engine *e, const sw_warning *w, double now, sw_err *err)
{
    sw_rc rc = check_msg(w, err);
    if (rc)
        return rc;
    if (!strcmp(w->issuer, e->c.self))
        return SW_OK; /* our own, looped back */
    wrn_entry *en = wrn_entry_get(e, w->id);
    if (!en && !(en = wrn_entry_new(e, w->id, now)))
        return sw_err_set(err, SW_EFULL, "warning table full (%d)", e->c.max_warnings);
    wrn_seen *s = NULL;
    for (int i = 0; i < en->n_seen; i++)
        if (!strcmp(en->seen[i].issuer, w->issuer))
            s = &en->seen[i];
    if (!s && en->n_seen < WRN_MAX_ISSUERS) {
        s = &en->seen[en->n_seen++];
        memset(s, 0, sizeof *s);
        snprintf(s->issuer, sizeof s->issuer, "%s", w->issuer);
    }
    int dup = s && w->revision <= s->rev;
    if (s && !dup)
        s->rev = w->revision;
    if (!dup) {
        if (!en->has_rx || w->time > en->rx.time ||
            (w->time == en->rx.time && w->state > en->rx.state))
            en->rx = *w;
        en->has_rx = 1;
        en->done_at = NAN;
        e->st.received++;
    }
    wrn_emit(e, WRN_EV_RECEIVED, now, w, NULL, 0, dup, NULL);
    if (!strcmp(w->threatened, e->c.self)) {
        wrn_ack a;
        memset(&a, 0, sizeof a);
        a.warning_id = w->id;
        snprintf(a.nation, sizeof a.nation, "%s", e->c.self);
        snprintf(a.issuer, sizeof a.issuer, "%s", w->issuer);
        a.revision = w->revision;
        a.state = w->state;
        a.time = now;
        snprintf(a.operator_id, sizeof a.operator_id, "auto");
        e->st.acks_sent++;
        wrn_emit(e, WRN_EV_ACK_SEND, now, w, &a, 0, dup, NULL);
    }
    return SW_OK;
}

void wrn_engine_ack(wrn_engine *e, const wrn_ack *a, double now)
{
    if (strncmp(a->issuer, e->c.self, sizeof a->issuer))
        return; /* an ack of someone else's message */
    wrn_entry *en = wrn_entry_get(e, a->warning_id);
    if (!en || !en->own_state || strncmp(a->nation, en->own.threatened, sizeof a->nation) ||
        a->revision == 0 || a->revision > en->own.revision)
        return; /* only the threatened nation acknowledges, and only what was sent */
    int dup = a->revision <= en->acked_rev;
    if (!dup) {
        en->acked_rev = a->revision;
        e->st.acks_in++;
        if (en->acked_rev >= en->own.revision)
            en->unacked_since = NAN;
    }
    wrn_emit(e, WRN_EV_ACKED, now, &en->own, a, 0, dup, NULL);
}
