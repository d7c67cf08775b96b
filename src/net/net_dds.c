/* net/net_dds.c - one node's DDS participant: topics, QoS, partitions, writers per releasability
 * group, readers per partner, and the receive loop.
 *
 * Writers: partners with identical releasability share one writer whose publisher lists their
 * partitions ("QA_to_BH", "QA_to_EG"), so a sample goes out once per group, not once per partner.
 * Readers: one per partner and topic, in partition "BH_to_QA", so the partition a sample came in
 * tells who sent it (the permissions document binds that partition to the sender's certificate)
 * and we can refuse a sample whose nation field says otherwise. */
#include "net/net.h"

#include "core/log.h"

#include <dds/dds.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAKE_MAX 256

typedef struct group {
    net_release rel;
    dds_entity_t pub, w_local, w_sys;
} group;

typedef struct partner_rd {
    int nation;                     /* coalition index */
    dds_entity_t sub, r_local, r_sys, r_status, r_warn, r_ack;
} partner_rd;

struct net_node {
    net_node_config cfg;
    dds_entity_t dom, pp, ws;
    dds_entity_t tp_local, tp_sys, tp_status, tp_warn, tp_ack;
    int n_groups;
    group grp[NET_MAX_NATIONS];
    dds_entity_t pub_all, w_status, w_warn, w_ack;
    int n_rd;
    partner_rd rd[NET_MAX_NATIONS];
    net_stats st;
    double rx_src;                  /* source timestamp of the sample being handled, UTC s */
    void *ptr[TAKE_MAX];
    dds_sample_info_t info[TAKE_MAX];
    union {
        SkyWeave_LocalTrack local[TAKE_MAX];
        SkyWeave_SystemTrack sys[TAKE_MAX];
        SkyWeave_NodeStatus status[TAKE_MAX];
        SkyWeave_Warning warn[TAKE_MAX];
        SkyWeave_WarningAck ack[TAKE_MAX];
    } buf;
};

static sw_rc dds_fail(sw_err *err, const char *what, dds_return_t rc)
{
    return sw_err_set(err, rc == DDS_RETCODE_NOT_ALLOWED_BY_SECURITY ? SW_ESECURITY : SW_ENET,
                      "DDS: %s: %s", what, dds_strretcode(rc));
}

static dds_qos_t *track_qos(bool writer)
{
    dds_qos_t *q = dds_create_qos();
    dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_MSECS(200));
    dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 1);
    /* late joiners get the newest sample of each instance (dds-notes 4) */
    dds_qset_durability_service(q, 0, DDS_HISTORY_KEEP_LAST, 1, DDS_LENGTH_UNLIMITED,
                                DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
    if (writer) /* a crash or a clean stop must not dispose our tracks at partners */
        dds_qset_writer_data_lifecycle(q, false);
    return q;
}

/* Warnings and acks: reliable, transient-local, keep-last WARN_DEPTH per instance (a warning id
 * of one issuer; an ack per id, nation and issuer).  A newer revision supersedes the older ones
 * (an ack of revision r acknowledges every earlier one), so a bounded depth per instance loses
 * nothing that matters, and a burst of warnings cannot block a writer as keep-all would; late
 * joiners get the newest WARN_DEPTH messages of every instance. */
#define WARN_DEPTH 8
static dds_qos_t *warning_qos(bool writer)
{
    dds_qos_t *q = dds_create_qos();
    dds_qset_reliability(q, DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
    dds_qset_durability(q, DDS_DURABILITY_TRANSIENT_LOCAL);
    dds_qset_history(q, DDS_HISTORY_KEEP_LAST, WARN_DEPTH);
    dds_qset_durability_service(q, 0, DDS_HISTORY_KEEP_LAST, WARN_DEPTH, DDS_LENGTH_UNLIMITED,
                                DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
    if (writer)
        dds_qset_writer_data_lifecycle(q, false);
    return q;
}

static void part_name(char *buf, size_t n, const char *from, const char *to)
{
    snprintf(buf, n, "%s_to_%s", from, to);
}

static sw_rc make_pub(net_node *n, const int *idx, int k, dds_entity_t *pub, sw_err *err)
{
    char names[NET_MAX_NATIONS][16];
    const char *ps[NET_MAX_NATIONS];
    for (int i = 0; i < k; i++) {
        part_name(names[i], sizeof names[i], n->cfg.nation, n->cfg.nations[idx[i]]);
        ps[i] = names[i];
    }
    dds_qos_t *q = dds_create_qos();
    dds_qset_partition(q, (uint32_t)k, ps);
    *pub = dds_create_publisher(n->pp, q, NULL);
    dds_delete_qos(q);
    return *pub < 0 ? dds_fail(err, "create publisher", *pub) : SW_OK;
}

static sw_rc make_writer(dds_entity_t pub, dds_entity_t tp, dds_qos_t *q, dds_entity_t *w,
                         const char *what, sw_err *err)
{
    *w = dds_create_writer(pub, tp, q, NULL);
    return *w < 0 ? dds_fail(err, what, *w) : SW_OK;
}

static sw_rc make_reader(net_node *n, dds_entity_t sub, dds_entity_t tp, dds_qos_t *q,
                         dds_entity_t *r, sw_err *err)
{
    *r = dds_create_reader(sub, tp, q, NULL);
    if (*r == DDS_RETCODE_NOT_ALLOWED_BY_SECURITY && (tp == n->tp_local || tp == n->tp_sys)) {
        /* the partner releases no tracks to us: the permissions grant no such partition */
        *r = 0;
        return SW_OK;
    }
    if (*r < 0)
        return dds_fail(err, "create reader", *r);
    dds_set_status_mask(*r, DDS_DATA_AVAILABLE_STATUS);
    dds_return_t rc = dds_waitset_attach(n->ws, *r, *r);
    return rc < 0 ? dds_fail(err, "waitset attach", rc) : SW_OK;
}

static sw_rc create_entities(net_node *n, sw_err *err)
{
    const net_node_config *c = &n->cfg;
    sw_rc rc;
    n->tp_local = dds_create_topic(n->pp, &SkyWeave_LocalTrack_desc, "sw_local_track", NULL, NULL);
    n->tp_sys = dds_create_topic(n->pp, &SkyWeave_SystemTrack_desc, "sw_system_track", NULL, NULL);
    n->tp_status = dds_create_topic(n->pp, &SkyWeave_NodeStatus_desc, "sw_node_status", NULL, NULL);
    n->tp_warn = dds_create_topic(n->pp, &SkyWeave_Warning_desc, "sw_warning", NULL, NULL);
    n->tp_ack = dds_create_topic(n->pp, &SkyWeave_WarningAck_desc, "sw_warning_ack", NULL, NULL);
    dds_entity_t tps[] = {n->tp_local, n->tp_sys, n->tp_status, n->tp_warn, n->tp_ack};
    for (int i = 0; i < 5; i++)
        if (tps[i] < 0)
            return dds_fail(err, "create topic", tps[i]);
    n->ws = dds_create_waitset(n->pp);
    if (n->ws < 0)
        return dds_fail(err, "create waitset", n->ws);

    dds_qos_t *tw = track_qos(true), *tr = track_qos(false);
    dds_qos_t *ww = warning_qos(true), *wr = warning_qos(false);
    rc = SW_OK;
    /* writers: one group per distinct releasability among the partners we share with */
    int all[NET_MAX_NATIONS], n_all = 0;
    for (int i = 0; i < c->n_nations && !rc; i++) {
        if (i == c->self)
            continue;
        all[n_all++] = i;
        const net_release *r = &c->policy.to[i];
        if (!r->share)
            continue;
        int g;
        for (g = 0; g < n->n_groups; g++)
            if (net_release_same(&n->grp[g].rel, r))
                break;
        if (g == n->n_groups) {
            int idx[NET_MAX_NATIONS], k = 0;
            for (int j = 0; j < c->n_nations; j++)
                if (j != c->self && net_release_same(&c->policy.to[j], r))
                    idx[k++] = j;
            n->grp[g].rel = *r;
            n->n_groups++;
            if (!(rc = make_pub(n, idx, k, &n->grp[g].pub, err)) &&
                !(rc = make_writer(n->grp[g].pub, n->tp_local, tw, &n->grp[g].w_local,
                                   "create local-track writer", err)))
                rc = make_writer(n->grp[g].pub, n->tp_sys, tw, &n->grp[g].w_sys,
                                 "create system-track writer", err);
            if (rc == SW_ESECURITY)
                sw_err_prefix(err, "the permissions do not let %s release tracks to %s (set "
                              "releasability %s: none, or make the keys without --no-release): ",
                              c->nation, c->nations[idx[0]], c->nations[idx[0]]);
        }
    }
    /* status, warnings and acknowledgements go to every partner: no node can hold a warning back */
    if (!rc && n_all > 0 && !(rc = make_pub(n, all, n_all, &n->pub_all, err)) &&
        !(rc = make_writer(n->pub_all, n->tp_status, tw, &n->w_status, "create status writer",
                           err)) &&
        !(rc = make_writer(n->pub_all, n->tp_warn, ww, &n->w_warn, "create warning writer", err)))
        rc = make_writer(n->pub_all, n->tp_ack, ww, &n->w_ack, "create ack writer", err);
    /* readers: one set per partner, in the partition that partner writes for us */
    for (int i = 0; i < c->n_nations && !rc; i++) {
        if (i == c->self)
            continue;
        partner_rd *p = &n->rd[n->n_rd++];
        p->nation = i;
        char part[16];
        const char *ps[1] = {part};
        part_name(part, sizeof part, c->nations[i], c->nation);
        dds_qos_t *q = dds_create_qos();
        dds_qset_partition(q, 1, ps);
        p->sub = dds_create_subscriber(n->pp, q, NULL);
        dds_delete_qos(q);
        if (p->sub < 0) {
            rc = dds_fail(err, "create subscriber", p->sub);
            break;
        }
        if (!(rc = make_reader(n, p->sub, n->tp_local, tr, &p->r_local, err)) &&
            !(rc = make_reader(n, p->sub, n->tp_sys, tr, &p->r_sys, err)) &&
            !(rc = make_reader(n, p->sub, n->tp_status, tr, &p->r_status, err)) &&
            !(rc = make_reader(n, p->sub, n->tp_warn, wr, &p->r_warn, err)))
            rc = make_reader(n, p->sub, n->tp_ack, wr, &p->r_ack, err);
    }
    dds_delete_qos(tw);
    dds_delete_qos(tr);
    dds_delete_qos(ww);
    dds_delete_qos(wr);
    return rc;
}

sw_rc net_node_create(net_node **out, const net_node_config *cfg, sw_err *err)
{
    *out = NULL;
    if (cfg->self < 0 || cfg->self >= cfg->n_nations || cfg->n_nations > NET_MAX_NATIONS)
        return sw_err_set(err, SW_EINVAL, "net: nation not in the coalition");
    net_node *n = calloc(1, sizeof *n);
    if (!n)
        return sw_err_set(err, SW_ENOMEM, "net: out of memory");
    n->cfg = *cfg;
    for (int i = 0; i < TAKE_MAX; i++)
        n->ptr[i] = NULL;
    char *xml = NULL;
    sw_rc rc = net_xml_build(&cfg->dds, &xml, err);
    if (rc) {
        free(n);
        return rc;
    }
    if (cfg->xml_out[0]) {
        FILE *f = fopen(cfg->xml_out, "w");
        if (f) {
            fputs(xml, f);
            fclose(f);
        }
    }
    n->dom = dds_create_domain((dds_domainid_t)cfg->dds.domain, xml);
    free(xml);
    if (n->dom < 0) {
        rc = dds_fail(err, "create domain (bad configuration?)", n->dom);
        free(n);
        return rc;
    }
    n->pp = dds_create_participant((dds_domainid_t)cfg->dds.domain, NULL, NULL);
    if (n->pp < 0) {
        rc = dds_fail(err, cfg->dds.secure ? "create participant (security files refused; "
                                             "Cyclone's log says why)"
                                           : "create participant",
                      n->pp);
        dds_delete(n->dom);
        free(n);
        return rc;
    }
    if ((rc = create_entities(n, err))) {
        net_node_destroy(n);
        return rc;
    }
    *out = n;
    return SW_OK;
}

void net_node_destroy(net_node *n)
{
    if (!n)
        return;
    if (n->pp > 0)
        dds_delete(n->pp);
    if (n->dom > 0)
        dds_delete(n->dom);
    free(n);
}

/* ---- publishing ------------------------------------------------------------------------------ */

sw_rc net_publish_local(net_node *n, const sw_track *t, double plot_in, const sw_sensor *sites,
                        int n_sites)
{
    SkyWeave_LocalTrack base, w;
    net_local_to_wire(&n->cfg.origin, n->cfg.nation, t, plot_in, sites, n_sites, &base);
    sw_rc rc = SW_OK;
    for (int g = 0; g < n->n_groups; g++) {
        w = base;
        if (!net_release_local(&n->grp[g].rel, &w)) {
            n->st.withheld++;
            continue;
        }
        dds_return_t r = dds_write(n->grp[g].w_local, &w);
        if (r < 0)
            rc = SW_ENET;
        else
            n->st.tx_local++;
    }
    return rc;
}

sw_rc net_dispose_local(net_node *n, uint32_t id)
{
    SkyWeave_LocalTrack w;
    memset(&w, 0, sizeof w);
    snprintf(w.nation, sizeof w.nation, "%s", n->cfg.nation);
    w.track_id = id;
    sw_rc rc = SW_OK;
    for (int g = 0; g < n->n_groups; g++)
        if (dds_dispose(n->grp[g].w_local, &w) < 0)
            rc = SW_ENET;
    return rc;
}

sw_rc net_publish_report(net_node *n, const net_report *r)
{
    SkyWeave_SystemTrack base, w;
    net_report_to_wire(&n->cfg.origin, r, &base);
    sw_rc rc = SW_OK;
    for (int g = 0; g < n->n_groups; g++) {
        w = base;
        if (!net_release_system(&n->grp[g].rel, &w)) {
            n->st.withheld++;
            continue;
        }
        if (dds_write(n->grp[g].w_sys, &w) < 0)
            rc = SW_ENET;
        else
            n->st.tx_report++;
    }
    return rc;
}

sw_rc net_retract_report(net_node *n, uint32_t stn, bool dispose)
{
    SkyWeave_SystemTrack w;
    memset(&w, 0, sizeof w);
    w.stn = stn;
    sw_rc rc = SW_OK;
    for (int g = 0; g < n->n_groups; g++) {
        dds_return_t r = dispose ? dds_dispose(n->grp[g].w_sys, &w)
                                 : dds_unregister_instance(n->grp[g].w_sys, &w);
        /* unregistering an instance this writer never wrote (class withheld) is not an error */
        if (r < 0 && r != DDS_RETCODE_PRECONDITION_NOT_MET && r != DDS_RETCODE_BAD_PARAMETER)
            rc = SW_ENET;
    }
    return rc;
}

sw_rc net_publish_status(net_node *n, const SkyWeave_NodeStatus *s)
{
    if (!n->w_status)
        return SW_OK;
    if (dds_write(n->w_status, s) < 0)
        return SW_ENET;
    n->st.tx_status++;
    return SW_OK;
}

sw_rc net_publish_warning(net_node *n, const SkyWeave_Warning *w)
{
    return !n->w_warn || dds_write(n->w_warn, w) >= 0 ? SW_OK : SW_ENET;
}

sw_rc net_publish_ack(net_node *n, const SkyWeave_WarningAck *a)
{
    return !n->w_ack || dds_write(n->w_ack, a) >= 0 ? SW_OK : SW_ENET;
}

void net_flush(net_node *n)
{
    if (!n->cfg.dds.write_batch)
        return;
    for (int g = 0; g < n->n_groups; g++) {
        dds_write_flush(n->grp[g].w_local);
        dds_write_flush(n->grp[g].w_sys);
    }
    if (n->w_status) {
        dds_write_flush(n->w_status);
        dds_write_flush(n->w_warn);
        dds_write_flush(n->w_ack);
    }
}

/* ---- receiving -------------------------------------------------------------------------------- */

static int take(net_node *n, dds_entity_t r, void *buf, size_t size)
{
    for (int i = 0; i < TAKE_MAX; i++)
        n->ptr[i] = (char *)buf + (size_t)i * size;
    int k = dds_take(r, n->ptr, n->info, TAKE_MAX, TAKE_MAX);
    return k < 0 ? 0 : k;
}

static bool from_ok(net_node *n, const char *claimed, const char *from, const char *what)
{
    if (!strncmp(claimed, from, 4))
        return true;
    n->st.rx_rejected++;
    SW_LOGW("net", "refused a %s from partition %s claiming nation '%.3s'", what, from, claimed);
    return false;
}

static int take_local(net_node *n, const partner_rd *p, const net_handlers *h)
{
    const char *from = n->cfg.nations[p->nation];
    int k, total = 0;
    while ((k = take(n, p->r_local, n->buf.local, sizeof n->buf.local[0])) > 0) {
        for (int i = 0; i < k; i++) {
            const SkyWeave_LocalTrack *w = &n->buf.local[i];
            if (!from_ok(n, w->nation, from, "local track"))
                continue;
            if (!n->info[i].valid_data) {
                if (n->info[i].instance_state != DDS_IST_ALIVE && h->local_gone)
                    h->local_gone(h->ctx, from, w->track_id);
                continue;
            }
            sw_track t;
            double plot_in;
            sw_err e;
            if (net_local_from_wire(&n->cfg.origin, w, &t, &plot_in, &e)) {
                n->st.rx_rejected++;
                SW_LOGW("net", "from %s: %s", from, e.msg);
                continue;
            }
            n->st.rx_local++;
            n->rx_src = 1e-9 * (double)n->info[i].source_timestamp;
            if (h->local_track)
                h->local_track(h->ctx, from, &t, plot_in);
        }
        total += k;
    }
    return total;
}

static int take_sys(net_node *n, const partner_rd *p, const net_handlers *h)
{
    const char *from = n->cfg.nations[p->nation];
    int k, total = 0;
    while ((k = take(n, p->r_sys, n->buf.sys, sizeof n->buf.sys[0])) > 0) {
        for (int i = 0; i < k; i++) {
            const SkyWeave_SystemTrack *w = &n->buf.sys[i];
            if (!n->info[i].valid_data) {
                if (n->info[i].instance_state != DDS_IST_ALIVE && h->report_gone)
                    h->report_gone(h->ctx, from, w->stn);
                continue;
            }
            if (!from_ok(n, w->reporter, from, "system track"))
                continue;
            net_report r;
            sw_err e;
            if (net_report_from_wire(&n->cfg.origin, w, &r, &e)) {
                n->st.rx_rejected++;
                SW_LOGW("net", "from %s: %s", from, e.msg);
                continue;
            }
            n->st.rx_report++;
            if (h->report)
                h->report(h->ctx, from, &r);
        }
        total += k;
    }
    return total;
}

static int take_misc(net_node *n, const partner_rd *p, const net_handlers *h)
{
    const char *from = n->cfg.nations[p->nation];
    int k, total = 0;
    while ((k = take(n, p->r_status, n->buf.status, sizeof n->buf.status[0])) > 0) {
        for (int i = 0; i < k; i++)
            if (n->info[i].valid_data &&
                from_ok(n, n->buf.status[i].nation, from, "status")) {
                n->st.rx_status++;
                if (h->status)
                    h->status(h->ctx, from, &n->buf.status[i]);
            }
        total += k;
    }
    while ((k = take(n, p->r_warn, n->buf.warn, sizeof n->buf.warn[0])) > 0) {
        for (int i = 0; i < k; i++)
            if (n->info[i].valid_data && from_ok(n, n->buf.warn[i].issuer, from, "warning") &&
                memchr(n->buf.warn[i].text, 0, sizeof n->buf.warn[i].text) && h->warning)
                h->warning(h->ctx, from, &n->buf.warn[i]);
        total += k;
    }
    while ((k = take(n, p->r_ack, n->buf.ack, sizeof n->buf.ack[0])) > 0) {
        for (int i = 0; i < k; i++)
            if (n->info[i].valid_data && from_ok(n, n->buf.ack[i].nation, from, "ack") && h->ack)
                h->ack(h->ctx, from, &n->buf.ack[i]);
        total += k;
    }
    return total;
}

int net_poll(net_node *n, double timeout_s, const net_handlers *h)
{
    dds_attach_t trig[4 * NET_MAX_NATIONS * 5];
    if (timeout_s > 0) {
        dds_return_t rc = dds_waitset_wait(n->ws, trig, sizeof trig / sizeof trig[0],
                                           (dds_duration_t)(timeout_s * 1e9));
        if (rc < 0)
            return SW_ENET;
        if (rc == 0)
            return 0;
    }
    int total = 0;
    for (int i = 0; i < n->n_rd; i++) {
        if (n->rd[i].r_local)
            total += take_local(n, &n->rd[i], h);
        if (n->rd[i].r_sys)
            total += take_sys(n, &n->rd[i], h);
        total += take_misc(n, &n->rd[i], h);
    }
    return total;
}

double net_rx_source_time(const net_node *n)
{
    return n->rx_src;
}

uint64_t net_partners(net_node *n)
{
    uint64_t m = 0;
    for (int i = 0; i < n->n_rd; i++) {
        dds_subscription_matched_status_t s;
        if (dds_get_subscription_matched_status(n->rd[i].r_status, &s) >= 0 && s.current_count > 0)
            m |= 1ull << n->rd[i].nation;
    }
    return m;
}

void net_get_stats(const net_node *n, net_stats *s)
{
    *s = n->st;
    s->matched_readers = 0;
    for (int g = 0; g < n->n_groups; g++) {
        dds_publication_matched_status_t m;
        if (dds_get_publication_matched_status(n->grp[g].w_local, &m) >= 0)
            s->matched_readers += (int)m.current_count;
    }
}
