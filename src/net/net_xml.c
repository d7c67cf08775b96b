/* net/net_xml.c - the Cyclone DDS XML configuration of a node, from a template.
 *
 * Templates (config/dds/NAME.xml.in, compiled in; a node may name its own) carry @VARS@ that are
 * filled from the node's `dds:` settings.  Building the XML in the node rather than asking users
 * to point CYCLONEDDS_URI at a hand-edited file keeps the settings that must agree (peers,
 * participant index, security files) in one place, and the filled file is written out so that a
 * user can see exactly what Cyclone was given. */
#include "net/net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char net_tpl_security[];

/* what a host name, an address (IPv4, IPv6) or an interface name may contain: nothing that
 * could change the XML around it */
#define NAME_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:-_%[]"

void net_dds_config_default(net_dds_config *c)
{
    memset(c, 0, sizeof *c);
    c->domain = 0;
    c->mode = NET_LOOPBACK;
    strcpy(c->iface, "lo");
    c->n_peers = 1;
    strcpy(c->peers[0], "127.0.0.1");
    c->lease_s = 3.0;
    c->max_pi = 31;
    c->write_batch = true;
    c->secure = true;
}

void net_secfiles_in_dir(net_secfiles *s, const char *dir, const char *nation)
{
    snprintf(s->id_ca, sizeof s->id_ca, "%s/ca/coalition_ca.pem", dir);
    snprintf(s->perm_ca, sizeof s->perm_ca, "%s/ca/coalition_ca.pem", dir);
    snprintf(s->governance, sizeof s->governance, "%s/governance.p7s", dir);
    snprintf(s->cert, sizeof s->cert, "%s/%s/identity.pem", dir, nation);
    snprintf(s->key, sizeof s->key, "%s/%s/identity.key", dir, nation);
    snprintf(s->permissions, sizeof s->permissions, "%s/%s/permissions.p7s", dir, nation);
}

static void abs_path(char *out, size_t n, const char *base, const char *p)
{
    if (p[0] == '/' || !base || !base[0])
        snprintf(out, n, "%s", p);
    else
        snprintf(out, n, "%s/%s", base, p);
}

sw_rc net_dds_config_parse(net_dds_config *c, const sw_cfg *m, const char *base, sw_err *err)
{
    static const char *const keys[] = {"domain", "mode", "interface", "peers", "spdp_multicast",
                                       "lease_s", "max_participant_index", "write_batch",
                                       "template", NULL};
    char where[300];
    sw_rc rc;
    if (!m)
        return SW_OK;
    if (sw_cfg_type(m) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: dds: expected a map",
                          sw_cfg_where(m, where, sizeof where));
    if ((rc = sw_cfg_check_keys(m, keys, err)))
        return rc;
    long v;
    if ((rc = sw_cfg_opt_int(m, "domain", c->domain, &v, err)))
        return rc;
    if (v < 0 || v > 230)
        return sw_err_set(err, SW_ERANGE, "%s: dds.domain must be 0..230",
                          sw_cfg_where(m, where, sizeof where));
    c->domain = (int)v;
    const char *s;
    if ((rc = sw_cfg_opt_str(m, "mode", "loopback", &s, err)))
        return rc;
    if (!strcmp(s, "loopback"))
        c->mode = NET_LOOPBACK;
    else if (!strcmp(s, "multihost"))
        c->mode = NET_MULTIHOST;
    else
        return sw_err_set(err, SW_EFORMAT, "%s: dds.mode: expected loopback or multihost, got '%s'",
                          sw_cfg_where(sw_cfg_get(m, "mode"), where, sizeof where), s);
    if ((rc = sw_cfg_opt_str(m, "interface", c->mode == NET_LOOPBACK ? "lo" : c->iface, &s, err)))
        return rc;
    snprintf(c->iface, sizeof c->iface, "%s", s);
    const sw_cfg *peers = NULL;
    if ((rc = sw_cfg_opt_seq(m, "peers", &peers, err)))
        return rc;
    if (peers) {
        if (sw_cfg_len(peers) > NET_MAX_PEERS)
            return sw_err_set(err, SW_ERANGE, "%s: dds.peers: at most %d",
                              sw_cfg_where(peers, where, sizeof where), NET_MAX_PEERS);
        c->n_peers = 0;
        for (int i = 0; i < sw_cfg_len(peers); i++) {
            const char *p = sw_cfg_text(sw_cfg_at(peers, i));
            if (!p || !p[0] || strlen(p) >= sizeof c->peers[0] ||
                strspn(p, NAME_CHARS) != strlen(p))
                return sw_err_set(err, SW_EFORMAT, "%s: dds.peers[%d]: expected an address",
                                  sw_cfg_where(sw_cfg_at(peers, i), where, sizeof where), i);
            snprintf(c->peers[c->n_peers++], sizeof c->peers[0], "%s", p);
        }
    }
    if ((rc = sw_cfg_opt_bool(m, "spdp_multicast", c->spdp_multicast, &c->spdp_multicast, err)))
        return rc;
    if ((rc = sw_cfg_opt_num(m, "lease_s", c->lease_s, &c->lease_s, err)))
        return rc;
    if (c->lease_s < 0.5 || c->lease_s > 600)
        return sw_err_set(err, SW_ERANGE, "%s: dds.lease_s must be 0.5..600",
                          sw_cfg_where(m, where, sizeof where));
    if ((rc = sw_cfg_opt_int(m, "max_participant_index", c->max_pi, &v, err)))
        return rc;
    if (v < 1 || v > 120)
        return sw_err_set(err, SW_ERANGE, "%s: dds.max_participant_index must be 1..120",
                          sw_cfg_where(m, where, sizeof where));
    c->max_pi = (int)v;
    if ((rc = sw_cfg_opt_bool(m, "write_batch", c->write_batch, &c->write_batch, err)))
        return rc;
    if ((rc = sw_cfg_opt_str(m, "template", "", &s, err)))
        return rc;
    if (s[0])
        abs_path(c->template_path, sizeof c->template_path, base, s);
    if (!c->iface[0] || strspn(c->iface, NAME_CHARS) != strlen(c->iface))
        return sw_err_set(err, SW_EFORMAT, "dds.interface: bad name '%s'", c->iface);
    return SW_OK;
}

/* A growing string. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t k)
{
    if (b->oom)
        return;
    if (b->n + k + 1 > b->cap) {
        size_t cap = (b->n + k + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, k);
    b->n += k;
    b->p[b->n] = 0;
}

/* Copies tpl into b, replacing @NAME@ by vals[i] where names[i] == NAME.  An unknown @NAME@ is
 * an error (a template written for another version). */
static sw_rc fill(sbuf *b, const char *tpl, const char *const *names, const char *const *vals,
                  int n, sw_err *err)
{
    const char *p = tpl;
    while (*p) {
        const char *a = strchr(p, '@');
        if (!a) {
            sb_add(b, p, strlen(p));
            break;
        }
        sb_add(b, p, (size_t)(a - p));
        const char *e = strchr(a + 1, '@');
        int hit = -1;
        if (e)
            for (int i = 0; i < n; i++)
                if ((size_t)(e - a - 1) == strlen(names[i]) && !strncmp(a + 1, names[i], e - a - 1))
                    hit = i;
        if (hit < 0)
            return sw_err_set(err, SW_EFORMAT, "DDS template: unknown variable near '%.20s'", a);
        sb_add(b, vals[hit], strlen(vals[hit]));
        p = e + 1;
    }
    return SW_OK;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sbuf b = {0};
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&b, buf, k);
    fclose(f);
    if (b.oom || !b.p) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

sw_rc net_xml_build(const net_dds_config *c, char **xml, sw_err *err)
{
    *xml = NULL;
    char peers[NET_MAX_PEERS * 96] = "", lease[32], maxpi[16];
    for (int i = 0; i < c->n_peers; i++) {
        size_t k = strlen(peers);
        snprintf(peers + k, sizeof peers - k, "<Peer Address=\"%s\"/>", c->peers[i]);
    }
    snprintf(lease, sizeof lease, "%.3f s", c->lease_s);
    snprintf(maxpi, sizeof maxpi, "%d", c->max_pi);

    sbuf sec = {0};
    sb_add(&sec, "", 0);
    if (c->secure) {
        static const char *const sn[] = {"ID_CA", "CERT", "KEY", "PERM_CA", "GOVERNANCE",
                                         "PERMISSIONS"};
        const char *const sv[] = {c->sec.id_ca, c->sec.cert, c->sec.key, c->sec.perm_ca,
                                  c->sec.governance, c->sec.permissions};
        for (int i = 0; i < 6; i++)
            if (sv[i][0] != '/' || strpbrk(sv[i], "<>&\"'")) {
                free(sec.p);
                return sw_err_set(err, SW_EINVAL, "security file '%s' must be an absolute path "
                                  "without XML characters", sv[i]);
            }
        sw_rc rc = fill(&sec, net_tpl_security, sn, sv, 6, err);
        if (rc) {
            free(sec.p);
            return rc;
        }
    }
    char *own = NULL;
    const char *tpl = c->mode == NET_LOOPBACK ? net_tpl_loopback : net_tpl_multihost;
    if (c->template_path[0]) {
        own = read_file(c->template_path);
        if (!own) {
            free(sec.p);
            return sw_err_set(err, SW_EIO, "%s: cannot read the DDS template", c->template_path);
        }
        tpl = own;
    }
    static const char *const names[] = {"IFACE", "MULTICAST", "MAX_PI", "PEERS", "LEASE",
                                        "WRITE_BATCH", "SECURITY"};
    const char *const vals[] = {c->iface, c->spdp_multicast ? "spdp" : "false", maxpi, peers,
                                lease, c->write_batch ? "true" : "false", sec.p ? sec.p : ""};
    sbuf b = {0};
    sw_rc rc = fill(&b, tpl, names, vals, 7, err);
    free(own);
    free(sec.p);
    if (rc || b.oom) {
        free(b.p);
        return rc ? rc : sw_err_set(err, SW_ENOMEM, "DDS configuration: out of memory");
    }
    *xml = b.p;
    return SW_OK;
}
