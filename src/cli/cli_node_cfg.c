/* cli/cli_node_cfg.c - the node configuration file (YAML; docs/network.md has a full example).
 * Unknown keys are errors, so a misspelt setting is never silently ignored. */
#include "cli_node.h"
#include "cli_node_input.h"
#include "cli_node_sched.h"

#include "core/time.h"
#include "ingest/ing_udp.h"

#include <limits.h>

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* dir/p, or p when absolute; a path too long for out becomes "" (and fails to open, by name) */
static void rel_path(char *out, size_t n, const char *dir, const char *p)
{
    size_t a = p[0] == '/' || !dir[0] ? 0 : strlen(dir), b = strlen(p);
    if (a + 1 + b + 1 > n) {
        out[0] = 0;
        return;
    }
    memcpy(out, dir, a);
    if (a)
        out[a++] = '/';
    memcpy(out + a, p, b + 1);
}

static sw_rc where_err(sw_err *err, const sw_cfg *n, const char *fmt, const char *a)
{
    char w[300], m[256];
    snprintf(m, sizeof m, fmt, a);
    return sw_err_set(err, SW_EFORMAT, "%s: %s", sw_cfg_where(n, w, sizeof w), m);
}

static sw_rc parse_coalition(node_config *c, const sw_cfg *root, sw_err *err)
{
    const char *s;
    const sw_cfg *co;
    sw_rc rc;
    if ((rc = sw_cfg_get_str(root, "nation", &s, err)))
        return rc;
    if (!net_nation_ok(s) || strlen(s) > 3)
        return where_err(err, sw_cfg_get(root, "nation"), "nation: '%s' is not a 2-3 letter code", s);
    snprintf(c->nation, sizeof c->nation, "%s", s);
    if ((rc = sw_cfg_get_seq(root, "coalition", &co, err)))
        return rc;
    if (sw_cfg_len(co) < 1 || sw_cfg_len(co) > NET_MAX_NATIONS)
        return where_err(err, co, "coalition: 1..16 nations%s", "");
    c->self = -1;
    for (int i = 0; i < sw_cfg_len(co); i++) {
        const char *n = sw_cfg_text(sw_cfg_at(co, i));
        if (!n || !net_nation_ok(n) || strlen(n) > 3)
            return where_err(err, sw_cfg_at(co, i), "coalition: '%s' is not a nation code", n ? n : "?");
        for (int j = 0; j < i; j++)
            if (!strcmp(c->nations[j], n))
                return where_err(err, sw_cfg_at(co, i), "coalition: '%s' twice", n);
        snprintf(c->nations[i], 4, "%s", n);
        if (!strcmp(n, c->nation))
            c->self = i;
    }
    c->n_nations = sw_cfg_len(co);
    if (c->self < 0)
        return where_err(err, co, "coalition: does not list this node's nation %s", c->nation);
    return SW_OK;
}

/* ADDR:PORT with a unicast or any address; the group, when given, is a multicast address */
static sw_rc parse_udp_input(node_config *c, node_input *p, const sw_cfg *m, sw_err *err)
{
    const char *s;
    uint8_t ip[4];
    uint16_t port;
    sw_rc rc;
    if ((rc = sw_cfg_get_str(m, "listen", &s, err)))
        return rc;
    sw_err e2 = {0};
    if (ing_parse_ipv4(s, 1, ip, &port, &e2) || port == 0)
        return where_err(err, sw_cfg_get(m, "listen"), "inputs[].listen: '%s' is not ADDR:PORT "
                         "(IPv4, e.g. 127.0.0.1:8600 or 0.0.0.0:8600)", s);
    snprintf(p->listen, sizeof p->listen, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "group", "", &s, err)))
        return rc;
    if (s[0]) {
        uint8_t g[4];
        if (ing_parse_ipv4(s, 0, g, &port, &e2) || g[0] < 224 || g[0] > 239 ||
            strlen(s) >= sizeof p->group)
            return where_err(err, sw_cfg_get(m, "group"), "inputs[].group: '%s' is not an IPv4 "
                             "multicast address (224.0.0.0/4)", s);
        snprintf(p->group, sizeof p->group, "%s", s);
    }
    const sw_cfg *al;
    if ((rc = sw_cfg_opt_seq(m, "allow", &al, err)))
        return rc;
    for (int k = 0; al && k < sw_cfg_len(al); k++) {
        const char *a = sw_cfg_text(sw_cfg_at(al, k));
        if (!a || strlen(a) >= sizeof p->allow[0] || p->n_allow == NODE_MAX_ALLOW)
            return where_err(err, sw_cfg_at(al, k), "inputs[].allow: expected at most 32 entries "
                             "ADDR[/LEN][=SAC/SIC]%s", "");
        /* checked now, so a typo names its line rather than failing at start-up */
        ing_udp *probe = calloc(1, sizeof *probe);
        if (!probe)
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        ing_udp_init(probe);
        sw_rc r2 = ing_udp_allow(probe, a, &e2);
        free(probe);
        if (r2) {
            char w[300];
            return sw_err_set(err, SW_EFORMAT, "%s: inputs[].allow: %.200s",
                              sw_cfg_where(sw_cfg_at(al, k), w, sizeof w), e2.msg);
        }
        snprintf(p->allow[p->n_allow++], sizeof p->allow[0], "%s", a);
    }
    (void)c;
    return SW_OK;
}

static sw_rc parse_inputs(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *in;
    sw_rc rc = sw_cfg_opt_seq(root, "inputs", &in, err);
    if (rc || !in)
        return rc;
    static const char *const types[] = {"tracks_csv", "asterix_udp", "pcap", "plots_csv", NULL};
    static const char *const keys_file[] = {"type", "path", "timeout_s", NULL};
    static const char *const keys_pcap[] = {"type", "path", "timeout_s", "start", NULL};
    static const char *const keys_udp[] = {"type", "listen", "group", "allow", "timeout_s", NULL};
    for (int i = 0; i < sw_cfg_len(in); i++) {
        const sw_cfg *m = sw_cfg_at(in, i);
        if (c->n_inputs == NODE_MAX_INPUTS)
            return where_err(err, m, "inputs: at most %s", "8");
        if (sw_cfg_type(m) != SW_CFG_MAP)
            return where_err(err, m, "inputs[]: expected a map%s", "");
        node_input *p = &c->in[c->n_inputs];
        memset(p, 0, sizeof *p);
        p->line = sw_cfg_line(m);
        const char *s;
        if ((rc = sw_cfg_get_str(m, "type", &s, err)))
            return rc;
        int t = -1;
        for (int k = 0; types[k]; k++)
            if (!strcmp(s, types[k]))
                t = k;
        if (t < 0)
            return where_err(err, sw_cfg_get(m, "type"), "inputs[].type: '%s' (tracks_csv, "
                             "asterix_udp, pcap or plots_csv)", s);
        snprintf(p->type, sizeof p->type, "%s", s);
        if ((rc = sw_cfg_check_keys(m, t == 1 ? keys_udp : t == 2 ? keys_pcap : keys_file, err)))
            return rc;
        if (t == 1) {
            if ((rc = parse_udp_input(c, p, m, err)))
                return rc;
        } else {
            if ((rc = sw_cfg_get_str(m, "path", &s, err)))
                return rc;
            rel_path(p->path, sizeof p->path, c->dir, s);
        }
        if (t == 2) {
            if ((rc = sw_cfg_opt_str(m, "start", "", &s, err)))
                return rc;
            if (s[0] && sw_time_parse_iso(s, &p->start_utc))
                return where_err(err, sw_cfg_get(m, "start"), "inputs[].start: '%s' is not ISO "
                                 "8601 UTC (the recording's time at scenario time 0)", s);
        }
        /* replayed tracks fall silent when their rows end; the tracker deletes its own tracks,
         * so for plot inputs this is only a backstop */
        if ((rc = sw_cfg_opt_num(m, "timeout_s", t == 0 ? 10.0 : 600.0, &p->timeout_s, err)))
            return rc;
        if (p->timeout_s <= 0)
            return where_err(err, m, "inputs[]: timeout_s must be > 0%s", "");
        c->n_inputs++;
    }
    return SW_OK;
}

static sw_rc parse_security(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *m;
    sw_rc rc = sw_cfg_opt_map(root, "security", &m, err);
    if (rc)
        return rc;
    if (!m) {
        c->dds.secure = true; /* no files: the node refuses to start unless --insecure */
        return SW_OK;
    }
    static const char *const keys[] = {"dir", "identity_ca", "permissions_ca", "certificate",
                                       "private_key", "governance", "permissions", NULL};
    if ((rc = sw_cfg_check_keys(m, keys, err)))
        return rc;
    const char *s;
    char dir[NET_PATH];
    if ((rc = sw_cfg_opt_str(m, "dir", "", &s, err)))
        return rc;
    if (s[0]) {
        rel_path(dir, sizeof dir, c->dir, s);
        net_secfiles_in_dir(&c->dds.sec, dir, c->nation);
    }
    char *dst[] = {c->dds.sec.id_ca, c->dds.sec.perm_ca, c->dds.sec.cert, c->dds.sec.key,
                   c->dds.sec.governance, c->dds.sec.permissions};
    for (int i = 0; i < 6; i++) {
        if ((rc = sw_cfg_opt_str(m, keys[i + 1], "", &s, err)))
            return rc;
        if (s[0])
            rel_path(dst[i], NET_PATH, c->dir, s);
    }
    c->dds.secure = true;
    return SW_OK;
}

static sw_rc parse_fusion(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *m;
    sw_rc rc = sw_cfg_opt_map(root, "fusion", &m, err);
    if (rc || !m)
        return rc;
    static const char *const keys[] = {"gate", "keep_gate", "keep_misses", "merge_hits", "bias_m",
                                       "bias_mps", "r2_margin", "stale_s", "report_stale_s",
                                       "republish_s", "q_accel", "cell_m", "ci", "period_s",
                                       "max_tracks", NULL};
    if ((rc = sw_cfg_check_keys(m, keys, err)))
        return rc;
    fus_config *f = &c->fus;
    double *num[] = {&f->gate, &f->keep_gate, NULL, NULL, &f->bias_m, &f->bias_mps, &f->r2_margin,
                     &f->stale_s, &f->report_stale_s, &f->republish_s, &f->q_accel, &f->cell_m};
    for (int i = 0; i < 12; i++)
        if (num[i] && ((rc = sw_cfg_opt_num(m, keys[i], *num[i], num[i], err))))
            return rc;
    long v;
    if ((rc = sw_cfg_opt_int(m, "keep_misses", f->keep_misses, &v, err)))
        return rc;
    f->keep_misses = (int)v;
    if ((rc = sw_cfg_opt_int(m, "merge_hits", f->merge_hits, &v, err)))
        return rc;
    f->merge_hits = (int)v;
    if ((rc = sw_cfg_opt_int(m, "max_tracks", c->max_tracks, &v, err)))
        return rc;
    c->max_tracks = (int)v;
    const char *s;
    if ((rc = sw_cfg_opt_str(m, "ci", "trace", &s, err)))
        return rc;
    if (strcmp(s, "trace") && strcmp(s, "logdet"))
        return where_err(err, m, "fusion.ci: '%s' (trace or logdet)", s);
    f->ci_logdet = !strcmp(s, "logdet");
    if ((rc = sw_cfg_opt_num(m, "period_s", c->period_s, &c->period_s, err)))
        return rc;
    if (f->gate <= 0 || f->keep_gate < f->gate || f->keep_misses < 1 || f->merge_hits < 1 ||
        f->r2_margin < 0 || f->r2_margin >= 1 || f->cell_m < 100 || c->period_s < 0.01 ||
        c->period_s > 10 || c->max_tracks < 16 || c->max_tracks > (1 << 22))
        return where_err(err, m, "fusion: a value is out of range (gate > 0, keep_gate >= gate, "
                         "0 <= r2_margin < 1, period_s 0.01..10, max_tracks 16..4M)%s", "");
    return SW_OK;
}

static sw_rc parse_output(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *m;
    sw_rc rc = sw_cfg_opt_map(root, "output", &m, err);
    if (rc || !m)
        return rc;
    static const char *const keys[] = {"picture_csv", "picture_period_s", "status_period_s", "log",
                                       "latency_warmup_s", "record", "record_rotate_s",
                                       "record_rotate_mb", NULL};
    if ((rc = sw_cfg_check_keys(m, keys, err)))
        return rc;
    const char *s;
    if ((rc = sw_cfg_opt_str(m, "picture_csv", "", &s, err)))
        return rc;
    if (s[0])
        rel_path(c->picture_csv, sizeof c->picture_csv, c->dir, s);
    if ((rc = sw_cfg_opt_str(m, "log", "", &s, err)))
        return rc;
    if (s[0])
        rel_path(c->log_path, sizeof c->log_path, c->dir, s);
    if ((rc = sw_cfg_opt_str(m, "record", "", &s, err)))
        return rc;
    if (s[0])
        rel_path(c->record_dir, sizeof c->record_dir, c->dir, s);
    c->record_rotate_s = 3600;
    c->record_rotate_mb = 1000;
    if ((rc = sw_cfg_opt_num(m, "record_rotate_s", c->record_rotate_s, &c->record_rotate_s, err)) ||
        (rc = sw_cfg_opt_num(m, "record_rotate_mb", c->record_rotate_mb, &c->record_rotate_mb, err)))
        return rc;
    if (c->record_rotate_s < 0 || c->record_rotate_mb < 0)
        return where_err(err, m, "output: record_rotate_s and record_rotate_mb must be >= 0%s", "");
    if ((rc = sw_cfg_opt_num(m, "latency_warmup_s", c->latency_warmup_s, &c->latency_warmup_s, err)) ||
        (rc = sw_cfg_opt_num(m, "picture_period_s", c->picture_period_s, &c->picture_period_s, err)) ||
        (rc = sw_cfg_opt_num(m, "status_period_s", c->status_period_s, &c->status_period_s, err)))
        return rc;
    if (c->picture_period_s < 0.05 || c->status_period_s < 0.1)
        return where_err(err, m, "output: picture_period_s >= 0.05, status_period_s >= 0.1%s", "");
    return SW_OK;
}

static sw_rc parse_blocks(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *m;
    sw_rc rc = sw_cfg_opt_map(root, "stn_blocks", &m, err);
    if (rc || !m)
        return rc;
    for (int k = 0; k < sw_cfg_len(m); k++) {
        int idx = -1;
        for (int i = 0; i < c->n_nations; i++)
            if (!strcmp(c->nations[i], sw_cfg_key(m, k)))
                idx = i;
        if (idx < 0)
            return where_err(err, sw_cfg_at(m, k), "stn_blocks: '%s' is not in the coalition",
                             sw_cfg_key(m, k));
        const sw_cfg *v = sw_cfg_at(m, k);
        double b[2];
        if (sw_cfg_len(v) != 2 || sw_cfg_num(sw_cfg_at(v, 0), &b[0], err) ||
            sw_cfg_num(sw_cfg_at(v, 1), &b[1], err) || b[0] < 1 || b[1] < 1 ||
            b[0] + b[1] > 4294967295.0)
            return where_err(err, v, "stn_blocks.%s: expected [base, size] in 32 bits", sw_cfg_key(m, k));
        c->fus.block_base[idx] = (uint32_t)b[0];
        c->fus.block_size[idx] = (uint32_t)b[1];
    }
    /* blocks must not overlap, or two nations could give the same number to two objects */
    for (int i = 0; i < c->n_nations; i++)
        for (int j = i + 1; j < c->n_nations; j++) {
            uint64_t a0 = c->fus.block_base[i], a1 = a0 + c->fus.block_size[i];
            uint64_t b0 = c->fus.block_base[j], b1 = b0 + c->fus.block_size[j];
            if (a0 < b1 && b0 < a1)
                return where_err(err, m, "stn_blocks: blocks of two nations overlap%s", "");
        }
    return SW_OK;
}

static sw_rc parse_sensors(node_config *c, const sw_cfg *root, sw_err *err)
{
    const sw_cfg *s = sw_cfg_get(root, "sensors");
    c->sensors = calloc(1, sizeof *c->sensors);
    if (!c->sensors)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    /* the node's frame is the sensors' too: ADS-B positions go into it */
    c->sensors->origin = c->frame;
    c->sensors->has_origin = 1;
    if (!s)
        return SW_OK;
    if (sw_cfg_type(s) == SW_CFG_SCALAR) {
        char p[NET_PATH];
        rel_path(p, sizeof p, c->dir, sw_cfg_text(s));
        return geo_sensors_load(c->sensors, p, &c->frame, err);
    }
    if (sw_cfg_type(s) != SW_CFG_SEQ)
        return where_err(err, s, "sensors: a file name or a list of sensors%s", "");
    static const char *const extra[] = {"source", NULL};
    for (int i = 0; i < sw_cfg_len(s) && i < GEO_MAX_SENSORS; i++) {
        int has = 0;
        sw_rc rc = geo_sensor_parse(sw_cfg_at(s, i), &c->frame, extra, &c->sensors->s[i],
                                    &c->sensors->radar[i], &has, err);
        if (rc)
            return rc;
        if ((rc = geo_sensor_source(sw_cfg_at(s, i), c->sensors->source[i],
                                    sizeof c->sensors->source[i], err)))
            return rc;
        c->sensors->has_site[i] = (unsigned char)has;
        c->sensors->n++;
    }
    return SW_OK;
}

sw_rc node_config_load(node_config *c, const char *path, sw_err *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    char tmp[NET_PATH];
    snprintf(tmp, sizeof tmp, "%s", path);
    /* absolute, because Cyclone resolves file: URIs against the process's working directory */
    char *d = realpath(dirname(tmp), NULL);
    snprintf(c->dir, sizeof c->dir, "%s", d ? d : ".");
    free(d);
    net_dds_config_default(&c->dds);
    fus_config_default(&c->fus);
    c->period_s = 0.5;
    c->max_tracks = 65536;
    c->picture_period_s = 1.0;
    c->status_period_s = 1.0;
    c->latency_warmup_s = 0;
    c->epoch = NAN;
    trk_params_default(&c->trk, 3);
    c->registration = 1;
    sw_rc rc = sw_cfg_load_file(&c->doc, path, err);
    if (rc)
        return rc;
    const sw_cfg *root = sw_cfg_root(c->doc);
    static const char *const keys[] = {"nation", "coalition", "origin", "stn_blocks", "sensors",
                                       "inputs", "releasability", "defended_areas", "dds",
                                       "security", "fusion", "output", "time", "tracker",
                                       "warnings", "cap", "audit", "web", "realtime", NULL};
    if (!root || sw_cfg_type(root) != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s: expected a map at the top", path);
    if ((rc = sw_cfg_check_keys(root, keys, err)) || (rc = parse_coalition(c, root, err)))
        return rc;
    if ((rc = sw_cfg_get_vec(root, "origin", 3, c->origin, err)))
        return rc;
    if (fabs(c->origin[0]) > 90 || fabs(c->origin[1]) > 180)
        return where_err(err, sw_cfg_get(root, "origin"), "origin: [lat_deg, lon_deg, alt_m]%s", "");
    geo_frame_init(&c->frame, c->origin[0], c->origin[1], c->origin[2]);
    snprintf(c->fus.self, sizeof c->fus.self, "%s", c->nation);
    c->fus.n_nations = c->n_nations;
    memcpy(c->fus.nations, c->nations, sizeof c->nations);
    const sw_cfg *m;
    if ((rc = parse_blocks(c, root, err)) || (rc = parse_sensors(c, root, err)) ||
        (rc = parse_inputs(c, root, err)) || (rc = sw_cfg_opt_map(root, "releasability", &m, err)) ||
        (rc = net_policy_parse(&c->policy, m, c->nations, c->n_nations, err)) ||
        (rc = sw_cfg_opt_map(root, "dds", &m, err)) ||
        (rc = net_dds_config_parse(&c->dds, m, c->dir, err)) || (rc = parse_security(c, root, err)) ||
        (rc = parse_fusion(c, root, err)) || (rc = parse_output(c, root, err)) ||
        (rc = sw_cfg_opt_map(root, "tracker", &m, err)) ||
        (rc = node_tracker_parse(&c->trk, &c->registration, m, err)))
        return rc;
    long prio;
    if ((rc = sw_cfg_opt_int(root, "realtime", 0, &prio, err)))
        return rc;
    if (prio < 0 || prio > NODE_RT_MAX_PRIO)
        return where_err(err, sw_cfg_get(root, "realtime"),
                         "realtime: a SCHED_FIFO priority 1..97, or 0 for normal scheduling%s", "");
    c->realtime = (int)prio;
    if ((rc = sw_cfg_opt_map(root, "web", &m, err)))
        return rc;
    if (m) { /* warnings:, cap:, audit: are read by cli_node_warn.c */
        static const char *const wk[] = {"listen", "token", NULL};
        const char *s;
        if ((rc = sw_cfg_check_keys(m, wk, err)) || (rc = sw_cfg_opt_str(m, "listen", "", &s, err)))
            return rc;
        snprintf(c->web_addr, sizeof c->web_addr, "%s", s);
        if ((rc = sw_cfg_opt_str(m, "token", "", &s, err)))
            return rc;
        snprintf(c->web_token, sizeof c->web_token, "%s", s);
    }
    const sw_cfg *areas;
    if ((rc = sw_cfg_opt_seq(root, "defended_areas", &areas, err)))
        return rc;
    c->n_areas = areas ? sw_cfg_len(areas) : 0;
    if ((rc = sw_cfg_opt_map(root, "time", &m, err)))
        return rc;
    if (m) {
        static const char *const tk[] = {"epoch", "duration_s", NULL};
        const char *s;
        if ((rc = sw_cfg_check_keys(m, tk, err)) || (rc = sw_cfg_opt_str(m, "epoch", "now", &s, err)) ||
            (rc = sw_cfg_opt_num(m, "duration_s", 0, &c->duration_s, err)))
            return rc;
        if (strcmp(s, "now") && sw_time_parse_iso(s, &c->epoch))
            return where_err(err, m, "time.epoch: '%s' (ISO 8601 UTC or now)", s);
    }
    return SW_OK;
}

void node_config_free(node_config *c)
{
    free(c->sensors);
    c->sensors = NULL;
    sw_cfg_free(c->doc);
    c->doc = NULL;
}
