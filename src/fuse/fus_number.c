/* fuse/fus_number.c - system track numbers and reporting responsibility (R2).
 *
 * Per object, in STN order:
 *   1. claims: this node's (if it has a local track in the object: sd of that track, claim time
 *      = when it took R2, or now for a new claim) and each partner report attached to the object
 *      (a report is attached when it lists one of the object's local tracks);
 *   2. the winner (fus_r2_beats: clearly better sd, else the older claim, else nation order);
 *   3. if this node wins, its number is the surviving one among its own and the attached
 *      reports' (born first, then lowest): it publishes under that number and disposes a number
 *      it published before that lost; if a partner wins, this node takes the partner's number
 *      and, if it was reporting, stops (unregister: the number lives on);
 *   4. with no claim at all (only partners' tracks, no report yet) the object keeps the number it
 *      was given at birth by the formula, which every node computes alike. */
#include "fus_int.h"

#include <math.h>
#include <string.h>

static bool lists_member(const fus_engine *e, const net_report *r, const fobj *o)
{
    for (int m = 0; m < r->n_members; m++) {
        int n = fus_nation_index(e, r->members[m].nation);
        if (n >= 0 && o->mem[n] >= 0 && e->trk[o->mem[n]].id == r->members[m].id)
            return true;
    }
    return false;
}

/* A partner's report already numbers o (it lists one of o's members) under o's natural number
 * nat, and no object here holds nat: o takes it, born when the report says.  Made anew, o's
 * number would go to the next free one, whose own object would later be pushed to the next, and
 * so on: a partner one report ahead of this node shifted whole runs of a block (at 10,000
 * objects, 15,000-30,000 objects renumbered in 20 s, each a report and a retraction). */
static bool natural_reported(fus_engine *e, const fobj *o, uint32_t nat, double *born)
{
    int reps = 0, hit = -1;
    for (int j = 0; j < e->c.n_nations; j++) {
        int i = fus_rep_find(e, j, nat);
        if (i < 0)
            continue;
        reps++;
        if (hit < 0 && lists_member(e, &e->rep[i].r, o))
            hit = i;
    }
    if (hit < 0 || fus_stn_holders(e, nat) > reps)
        return false;
    *born = e->rep[hit].r.born;
    e->st.adoptions++;
    return true;
}

uint32_t fus_new_number(fus_engine *e, const fobj *o, double *born)
{
    /* the best member names the block; its local id the place in it */
    int best = -1;
    for (int j = 0; j < e->c.n_nations; j++)
        if (o->mem[j] >= 0 && (best < 0 || e->trk[o->mem[j]].sd < e->trk[best].sd))
            best = o->mem[j];
    if (best < 0)
        return 0;
    const ftrack *f = &e->trk[best];
    uint32_t base = e->c.block_base[f->nation], size = e->c.block_size[f->nation];
    if (size == 0)
        return 0;
    /* born: when the best track began, as every node that sees it computes it; but not before
     * this node started (a node restarted or joining late, given a track's past by a replay
     * or a partner, would otherwise give a fresh number the age of the one in use, and the
     * tie would go to the lower number: the partners' number would yield to the newcomer's) */
    *born = f->t.t_first > 0 ? f->t.t_first : f->t.t;
    if (*born < e->t_start)
        *born = e->t_start;
    uint32_t nat = base + f->id % size;
    if (nat && natural_reported(e, o, nat, born))
        return nat; /* not made: the partner's, and in the sorted list already */
    /* the natural number, else the first free from the far half of the block: numbers pushed
     * off their place there do not take the places of tracks still to come */
    uint32_t stn = nat && !fus_stn_used(e, nat)
                       ? nat
                       : fus_stn_first_free(e, base, size, f->id % size + size / 2, 4096);
    if (!stn)
        return 0;
    /* made[] full: into the sorted list with them (a number made but not remembered would be
     * handed out again: two objects on one number, renumbered each cycle) */
    if (e->n_made == (int)(sizeof e->made / sizeof e->made[0]))
        fus_made_merge(e);
    e->made[e->n_made++] = stn;
    e->st.numbers_made++;
    return stn;
}

/* Attaches each live partner report in slots [from, to) to one object: the one holding most of
 * its members (ties: the one holding the reporter's own track, then the first in STN order).
 * Attaching it to every object that holds a member would let two objects take the report's
 * number whenever this node and the reporter associate a member differently: one number on two
 * objects.  from == 0 starts over (no object has a report attached). */
void fus_number_attach(fus_engine *e, int from, int to)
{
    if (from == 0)
        for (int k = 0; k < e->n_order; k++)
            e->obj[e->order[k]].n_att = 0;
    if (to > e->hi)
        to = e->hi;
    for (int i = from; i < to; i++) {
        if (!e->rep[i].used)
            continue;
        const net_report *r = &e->rep[i].r;
        int objs[NET_MAX_MEMBERS], cnt[NET_MAX_MEMBERS], own[NET_MAX_MEMBERS], no = 0;
        for (int m = 0; m < r->n_members; m++) {
            int n = fus_nation_index(e, r->members[m].nation);
            int ti = n < 0 ? -1 : fus_track_find(e, n, r->members[m].id);
            if (ti < 0 || e->trk[ti].obj < 0)
                continue;
            int oi = e->trk[ti].obj, k;
            for (k = 0; k < no && objs[k] != oi; k++) {
            }
            if (k == no) {
                objs[no] = oi;
                cnt[no] = own[no] = 0;
                no++;
            }
            cnt[k]++;
            own[k] |= n == e->rep[i].reporter;
        }
        int best = -1;
        for (int k = 0; k < no; k++)
            if (best < 0 || cnt[k] > cnt[best] || (cnt[k] == cnt[best] && own[k] > own[best]) ||
                (cnt[k] == cnt[best] && own[k] == own[best] &&
                 e->obj[objs[k]].stn < e->obj[objs[best]].stn))
                best = k;
        if (best < 0)
            continue;
        fobj *o = &e->obj[objs[best]];
        if (o->n_att < FUS_ATT && lists_member(e, r, o))
            o->att[o->n_att++] = i;
    }
}

static void make_report(const fus_engine *e, const fobj *o, net_report *r)
{
    memset(r, 0, sizeof *r);
    r->st.stn = o->stn;
    memcpy(r->st.reporter, e->c.nations[e->self], 4);
    r->st.t = o->t;
    memcpy(r->st.x, o->x, sizeof r->st.x);
    memcpy(r->st.P, o->P, sizeof r->st.P);
    if (o->dim == 2) {
        r->st.x[2] = r->st.x[5] = 0;
        for (int j = 0; j < 6; j++)
            r->st.P[2 * 6 + j] = r->st.P[j * 6 + 2] = r->st.P[5 * 6 + j] = r->st.P[j * 6 + 5] = 0;
        r->st.P[2 * 6 + 2] = r->st.P[5 * 6 + 5] = 1; /* keep the matrix invertible on the wire */
    }
    r->st.n_sources = (uint8_t)o->n_mem;
    r->st.quality = (float)(1.0 / (1.0 + o->sd / 500.0));
    r->born = o->born;
    r->claim = o->my_claim;
    r->sd_m = e->trk[o->mem[e->self]].sd;
    r->plot_in = o->plot_in;
    uint8_t cls = SW_CLS_UNKNOWN;
    for (int j = 0; j < e->c.n_nations && r->n_members < NET_MAX_MEMBERS; j++) {
        if (o->mem[j] < 0)
            continue;
        memcpy(r->members[r->n_members].nation, e->c.nations[j], 4);
        r->members[r->n_members].id = e->trk[o->mem[j]].id;
        r->n_members++;
        if (e->trk[o->mem[j]].t.cls != SW_CLS_UNKNOWN && cls == SW_CLS_UNKNOWN)
            cls = e->trk[o->mem[j]].t.cls;
        if (e->trk[o->mem[j]].t.status == SW_TRK_CONFIRMED)
            r->st.status = SW_TRK_CONFIRMED;
    }
    r->st.cls = cls;
}

/* Marks r (made by make_report) as sent for o. */
static void published(fus_engine *e, fobj *o, const net_report *r, double now)
{
    o->pub_mask = 0;
    for (int j = 0; j < e->c.n_nations; j++)
        if (o->mem[j] >= 0) {
            o->pub_mask |= 1u << j;
            o->pub_ids[j] = e->trk[o->mem[j]].id;
        }
    o->pub_sd = r->sd_m;
    o->pub_cls = r->st.cls;
    o->pub_status = r->st.status;
    o->pub_stn = o->stn;
    o->t_pub = now;
    o->t_pub_state = o->t;
}

/* 1 when something partners act on changed since o's last report (a partner's competing claim
 * is checked by the caller): its members (association,
 * attach), this node's own sd by more than 10 % (R2 arbitration, against a margin of 30 %), its
 * class or confirmed status.  A new fused state alone is not a reason to send: every node fuses
 * the members' local tracks itself, so the report's state only serves outside readers of
 * sw_system_track, which get it refreshed every republish_s. */
static bool report_changed(const fus_engine *e, const fobj *o)
{
    uint32_t mask = 0;
    for (int j = 0; j < e->c.n_nations; j++)
        if (o->mem[j] >= 0) {
            mask |= 1u << j;
            if (!(o->pub_mask & (1u << j)) || o->pub_ids[j] != e->trk[o->mem[j]].id)
                return true;
        }
    if (mask != o->pub_mask)
        return true;
    double sd = e->trk[o->mem[e->self]].sd;
    if (fabs(sd - o->pub_sd) > 0.1 * o->pub_sd)
        return true;
    uint8_t cls = SW_CLS_UNKNOWN, status = 0;
    for (int j = 0; j < e->c.n_nations; j++) {
        if (o->mem[j] < 0)
            continue;
        const sw_track *t = &e->trk[o->mem[j]].t;
        if (t->cls != SW_CLS_UNKNOWN && cls == SW_CLS_UNKNOWN)
            cls = t->cls;
        if (t->status == SW_TRK_CONFIRMED)
            status = SW_TRK_CONFIRMED;
    }
    return cls != o->pub_cls || status != o->pub_status;
}

/* how long this node holds out for its older number against a winner that does not take it */
#define FUS_HOLD_MAX_S 10.0

/* the merge rule: number a was given before number b (born earlier; then the lower number) */
static bool given_first(double born_a, uint32_t a, double born_b, uint32_t b)
{
    return born_a < born_b || (born_a == born_b && a < b);
}

/* o's R2 report goes out now */
static void send_report(fus_engine *e, fobj *o, double now, const fus_actions *a)
{
    net_report r;
    make_report(e, o, &r);
    if (a && a->publish)
        a->publish(a->ctx, &r);
    published(e, o, &r, now);
    e->st.reports_sent++;
}

static void number_one(fus_engine *e, fobj *o, double now, const fus_actions *a)
{
    if (o->stn == 0) {
        double born = 0;
        o->stn = fus_new_number(e, o, &born);
        o->born = born;
        if (o->stn == 0)
            return; /* the block is full: stays unnumbered until a number frees */
    }
    /* 1-2: the winning claim */
    int win_rep = -1;                 /* report index of the winner, -1 = this node or none */
    bool me = o->mem[e->self] >= 0, have = me;
    double w_sd = me ? e->trk[o->mem[e->self]].sd : 0;
    double w_claim = me ? (o->mine ? o->my_claim : now) : 0;
    int w_nat = e->self;
    /* a report dropped (or its slot reused) since fus_number_attach, between slices of a
     * sliced cycle, no longer counts */
    int n_att = 0;
    for (int k = 0; k < o->n_att; k++)
        if (e->rep[o->att[k]].used && lists_member(e, &e->rep[o->att[k]].r, o))
            o->att[n_att++] = o->att[k];
    o->n_att = n_att;
    for (int k = 0; k < o->n_att; k++) {
        const frep *r = &e->rep[o->att[k]];
        if (!have || fus_r2_beats(r->r.sd_m, r->r.claim, r->reporter, w_sd, w_claim, w_nat,
                                  e->c.r2_margin)) {
            have = true;
            win_rep = o->att[k];
            w_sd = r->r.sd_m;
            w_claim = r->r.claim;
            w_nat = r->reporter;
        }
    }
    if (!have) {
        /* this node lost its own track of the object: it stops reporting, the number lives on
         * with the nodes that still track it */
        o->hold_since = NAN;
        if (o->mine) {
            if (a && a->retract)
                a->retract(a->ctx, o->pub_stn, false);
            o->mine = false;
            e->st.handovers++;
        }
        /* nobody claims yet: the presumptive reporter is the best member's nation */
        int best = -1;
        for (int j = 0; j < e->c.n_nations; j++)
            if (o->mem[j] >= 0 && (best < 0 || e->trk[o->mem[j]].sd < e->trk[o->mem[best]].sd))
                best = j;
        o->reporter = best;
        return;
    }
    if (win_rep < 0) {
        /* 3a: this node holds R2; the surviving number among its own and the attached ones */
        o->hold_since = NAN;
        uint32_t stn = o->stn;
        double born = o->born;
        for (int k = 0; k < o->n_att; k++) {
            const net_report *r = &e->rep[o->att[k]].r;
            if (given_first(r->born, r->st.stn, born, stn)) {
                stn = r->st.stn;
                born = r->born;
            }
        }
        if (o->mine && o->pub_stn != stn && a && a->retract)
            a->retract(a->ctx, o->pub_stn, true);
        if (o->mine && o->pub_stn != stn)
            e->st.merges++;
        if (!o->mine) {
            o->my_claim = now;
            o->t_pub = -HUGE_VAL;
        }
        if (stn != o->stn)
            e->st.adoptions++;
        o->stn = stn;
        o->born = born;
        o->reporter = e->self;
        bool fresh = !o->mine || o->pub_stn != stn;
        /* a partner claimed this object since our last report: it believes it holds R2 until
         * it hears our (winning) claim again, so that goes out now */
        bool contested = false;
        for (int k = 0; k < o->n_att; k++)
            contested |= e->rep[o->att[k]].t_rx > o->t_pub;
        o->mine = true;
        if (fresh || contested || now - o->t_pub >= e->c.republish_s || report_changed(e, o))
            send_report(e, o, now, a);
        return;
    }
    /* 3b: a partner holds R2: take its number, stop reporting if this node did */
    const frep *w = &e->rep[win_rep];
    if (o->mine && o->stn != w->r.st.stn && given_first(o->born, o->stn, w->r.born, w->r.st.stn)) {
        /* the winner has not heard that the object's number is older than its own (a node
         * restarted and numbered before its partners' reports reached it): the number given
         * first survives, so this node keeps it and its report goes out again (at most once a
         * second) until the winner, which takes the oldest number among the reports attached
         * to its object, reports it too.  A winner that has had it for FUS_HOLD_MAX_S and still
         * reports its own does not attach this node's report to its object (the two nodes
         * disagree on what the object is made of): holding out longer would keep two numbers
         * for one object for good, so this node takes the winner's */
        if (isnan(o->hold_since))
            o->hold_since = now;
        if (now - o->hold_since < FUS_HOLD_MAX_S) {
            if (now - o->t_pub >= 1.0)
                send_report(e, o, now, a);
            return;
        }
        e->st.yields++;
    }
    o->hold_since = NAN;
    if (o->mine) {
        if (a && a->retract)
            a->retract(a->ctx, o->pub_stn, o->pub_stn != w->r.st.stn);
        o->mine = false;
        e->st.handovers++;
    }
    if (o->stn != w->r.st.stn)
        e->st.adoptions++;
    o->stn = w->r.st.stn;
    o->born = w->r.born;
    o->reporter = w->reporter;
}

/* numbering and R2 of the object at e->order[k] (in STN order; fus_number_attach first) */
void fus_number_one(fus_engine *e, int k, double now, const fus_actions *a)
{
    fobj *o = &e->obj[e->order[k]];
    if (o->used && o->n_mem > 0)
        number_one(e, o, now, a);
}

int fus_take_report(fus_engine *e, const char *nation, uint32_t id, double now, net_report *r)
{
    int n = fus_nation_index(e, nation);
    int ti = n < 0 ? -1 : fus_track_find(e, n, id);
    if (ti < 0 || e->trk[ti].obj < 0)
        return 0;
    fobj *o = &e->obj[e->trk[ti].obj];
    if (!o->mine || o->pub_stn != o->stn || o->mem[e->self] < 0 || !(o->t > o->t_pub_state))
        return 0;
    if (now - o->t_pub < e->c.republish_s && !report_changed(e, o))
        return 0;
    make_report(e, o, r);
    published(e, o, r, now);
    e->st.reports_sent++;
    return 1;
}
