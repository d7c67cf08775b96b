/* tests/warn/test_wrn_cap.c - CAP 1.2 export: every alert of a real warning life cycle (issue,
 * updates, retract, re-issue, close) is valid against the OASIS schema (read from
 * SW_SHARED_DIR/data/cap, skipped when absent), chained by <references>, one chain however many
 * nodes send the warning, and POSTed to an HTTP endpoint (libmicrohttpd on loopback). */
#include "../core/sw_test.h"
#include "warn/warn.h"
#include "warn/wrn_cap.h"
#include "wrn_truth.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define XSD SW_SHARED_DIR "/data/cap/CAP-v1.2.xsd"

static xmlSchemaPtr g_schema;

static int validate(const char *xml, size_t len)
{
    xmlDocPtr d = xmlReadMemory(xml, (int)len, "alert.xml", NULL, XML_PARSE_NONET);
    if (!d)
        return -1;
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(g_schema);
    int rc = xmlSchemaValidateDoc(v, d);
    xmlSchemaFreeValidCtxt(v);
    xmlFreeDoc(d);
    return rc;
}

/* Text of the first node matching the XPath (cap: prefix bound), or "" */
static void xp(const char *xml, const char *path, char *out, size_t n)
{
    out[0] = 0;
    xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "a.xml", NULL, XML_PARSE_NONET);
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathRegisterNs(c, BAD_CAST "cap", BAD_CAST "urn:oasis:names:tc:emergency:cap:1.2");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST path, c);
    if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
        xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
        snprintf(out, n, "%s", (const char *)t);
        xmlFree(t);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(c);
    xmlFreeDoc(d);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = 0;
    fclose(f);
    return b;
}

static int setup(void **state)
{
    (void)state;
    struct stat sb;
    if (stat(XSD, &sb))
        return 0;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(XSD);
    g_schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    return g_schema ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (g_schema)
        xmlSchemaFree(g_schema);
    xmlCleanupParser();
    return 0;
}

/* The validator itself: the specification's example passes, a broken alert does not. */
static void test_validator(void **state)
{
    (void)state;
    if (!g_schema) {
        print_message("SKIP: %s absent\n", XSD);
        skip();
    }
    size_t len = 0;
    char *ex = slurp(SW_SHARED_DIR "/data/cap/cap_amber_alert_example.xml", &len);
    assert_non_null(ex);
    assert_int_equal(validate(ex, len), 0);
    char *p = strstr(ex, "<msgType>Alert</msgType>");
    assert_non_null(p);
    memcpy(p, "<msgType>Alarm</msgType>", 24);
    assert_true(validate(ex, len) != 0);
    free(ex);
}

/* ---- a tiny HTTP endpoint collecting POST bodies ---- */
typedef struct sink {
    pthread_mutex_t mu;
    int n;
    char *body[64];
    size_t len[64];
    char ctype[128];
} sink;

typedef struct upl {
    char *b;
    size_t n;
} upl;

static enum MHD_Result handler(void *cls, struct MHD_Connection *con, const char *url,
                               const char *method, const char *version, const char *data,
                               size_t *size, void **con_cls)
{
    (void)url;
    (void)version;
    sink *s = cls;
    if (strcmp(method, "POST"))
        return MHD_NO;
    upl *u = *con_cls;
    if (!u) {
        *con_cls = calloc(1, sizeof *u);
        return MHD_YES;
    }
    if (*size) {
        u->b = realloc(u->b, u->n + *size + 1);
        memcpy(u->b + u->n, data, *size);
        u->n += *size;
        u->b[u->n] = 0;
        *size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&s->mu);
    const char *ct = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
    snprintf(s->ctype, sizeof s->ctype, "%s", ct ? ct : "");
    if (s->n < 64) {
        s->body[s->n] = u->b;
        s->len[s->n++] = u->n;
        u->b = NULL;
    }
    pthread_mutex_unlock(&s->mu);
    struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok",
                                                             MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(con, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static void done(void *cls, struct MHD_Connection *c, void **con_cls,
                 enum MHD_RequestTerminationCode t)
{
    (void)cls;
    (void)c;
    (void)t;
    upl *u = *con_cls;
    if (u) {
        free(u->b);
        free(u);
    }
    *con_cls = NULL;
}

/* ---- the life cycle ---- */
typedef struct feed {
    wrn_cap_out *o;
    int n_msgs;
    sw_warning msgs[256];
} feed;

static void on_ev(void *ctx, const wrn_event *ev)
{
    feed *f = ctx;
    if (ev->kind >= WRN_EV_ISSUED && ev->kind <= WRN_EV_CLOSED && f->n_msgs < 256)
        f->msgs[f->n_msgs++] = *ev->w;
}

static int cmp_names(const void *a, const void *b)
{
    /* identifiers end in -<seq>: sort by that number */
    const char *x = strrchr(*(char *const *)a, '-'), *y = strrchr(*(char *const *)b, '-');
    return atoi(x + 1) - atoi(y + 1);
}

static void test_life_cycle_alerts(void **state)
{
    (void)state;
    geo_frame g;
    geo_frame_init(&g, 25.5, 50.5, 0);
    wrn_areas areas;
    wrn_areas_init(&areas);
    const double poly[][2] = {{25.45, 51.40}, {25.45, 51.65}, {25.15, 51.65}, {25.15, 51.40}};
    assert_int_equal(wrn_areas_add_polygon(&areas, "QA", "Doha & Co", 1, poly, 4, NULL), 0);
    /* the cruise missile of the life-cycle test: towards Doha, away, back */
    wrn_config c;
    wrn_config_default(&c);
    snprintf(c.self, sizeof c.self, "QA");
    static feed f;
    memset(&f, 0, sizeof f);
    wrn_sink sk = {&f, on_ev};
    wrn_engine *e;
    assert_int_equal(wrn_engine_create(&e, &c, &areas, &g, &sk, NULL), 0);
    double lat, lon, back;
    geo_direct(25.30, 51.52, 250.0, 150e3, &lat, &lon, &back);
    double hd = fmod(back + 180, 360), t = 0;
    sw_rng rng;
    sw_rng_seed(&rng, 3);
    for (; t <= 420; t += 4) {
        double heading = t < 100 ? hd : t < 300 ? hd + 100 : -1;
        if (heading < 0)
            geo_inverse(lat, lon, 25.30, 51.52, NULL, &heading, NULL);
        double x[6];
        tr_air(&g, lat, lon, 50, heading, 240, 0, 0, x);
        sw_system_track st;
        tr_track(&st, 9, 1.8e9 + t, x, 50, 5, &rng);
        wrn_engine_track(e, &st, 1.8e9 + t);
        geo_direct(lat, lon, heading, 240 * 4, &lat, &lon, NULL);
    }
    wrn_engine_track_gone(e, 9, 1.8e9 + t);
    wrn_engine_free(e);
    assert_true(f.n_msgs >= 5);

    /* export: files + HTTP; every message twice more as partners' copies (must not add) */
    static sink hs;
    memset(&hs, 0, sizeof hs);
    pthread_mutex_init(&hs.mu, NULL);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0,
                             .sin_addr.s_addr = htonl(0x7f000001)};
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                                            handler, &hs, MHD_OPTION_SOCK_ADDR, &sa,
                                            MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
                                            MHD_OPTION_END);
    assert_non_null(d);
    int port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
    char dir[64];
    sw_test_tmp(dir, "cap");
    wrn_cap_cfg cc;
    wrn_cap_cfg_default(&cc, "QA");
    snprintf(cc.dir, sizeof cc.dir, "%s", dir);
    snprintf(cc.url, sizeof cc.url, "http://127.0.0.1:%d/cap", port);
    wrn_cap_out *o;
    assert_int_equal(wrn_cap_out_create(&o, &cc, &areas, NULL), 0);
    int n_alerts = 0;
    for (int i = 0; i < f.n_msgs; i++) {
        int ex;
        sw_warning w = f.msgs[i];
        assert_int_equal(wrn_cap_out_warning(o, &w, 1.8e9 + 1000 + i, &ex, NULL, NULL), 0);
        n_alerts += ex;
        for (int k = 0; k < 2; k++) {
            sw_warning p = w;
            snprintf(p.issuer, sizeof p.issuer, k ? "JO" : "SA");
            assert_int_equal(wrn_cap_out_warning(o, &p, 1.8e9 + 1000 + i, &ex, NULL, NULL), 0);
            assert_int_equal(ex, 0);
        }
    }
    assert_int_equal(n_alerts, f.n_msgs);
    wrn_cap_out_free(o, 10.0);
    /* the files, in chain order */
    DIR *dd = opendir(dir);
    assert_non_null(dd);
    char *names[256];
    int nn = 0;
    struct dirent *de;
    while ((de = readdir(dd)) && nn < 256)
        if (strstr(de->d_name, ".xml") && !strstr(de->d_name, ".tmp"))
            names[nn++] = strdup(de->d_name);
    closedir(dd);
    assert_int_equal(nn, n_alerts);
    qsort(names, (size_t)nn, sizeof *names, cmp_names);
    char prev_id[128] = "", prev_sent[64] = "", types[512] = "";
    for (int i = 0; i < nn; i++) {
        char path[400], v[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        char *xml = slurp(path, &len);
        if (g_schema && validate(xml, len))
            fail_msg("%s is not valid CAP 1.2:\n%s", names[i], xml);
        xp(xml, "/cap:alert/cap:msgType", v, sizeof v);
        strcat(types, v[0] == 'A' ? "A" : v[0] == 'U' ? "U" : "C");
        xp(xml, "/cap:alert/cap:references", v, sizeof v);
        if (i) {
            char want[256];
            snprintf(want, sizeof want, "skyweave-QA@coalition.invalid,%s,%s", prev_id, prev_sent);
            assert_string_equal(v, want);
        } else {
            assert_string_equal(v, "");
        }
        xp(xml, "/cap:alert/cap:identifier", prev_id, sizeof prev_id);
        xp(xml, "/cap:alert/cap:sent", prev_sent, sizeof prev_sent);
        xp(xml, "/cap:alert/cap:info/cap:category", v, sizeof v);
        assert_string_equal(v, "Security");
        xp(xml, "/cap:alert/cap:incidents", v, sizeof v);
        assert_non_null(strstr(v, "skyweave-"));
        /* the defended area's polygon: closed, 5 pairs */
        xp(xml, "/cap:alert/cap:info/cap:area[1]/cap:polygon", v, sizeof v);
        assert_string_equal(v, "25.45000,51.40000 25.45000,51.65000 25.15000,51.65000 "
                               "25.15000,51.40000 25.45000,51.40000");
        xp(xml, "/cap:alert/cap:info/cap:area[2]/cap:polygon", v, sizeof v);
        char *first_sp = strchr(v, ' '), *last_sp = strrchr(v, ' ');
        assert_non_null(first_sp);
        assert_int_equal(strncmp(v, last_sp + 1, (size_t)(first_sp - v)), 0);
        /* the HTTP copy is the same document */
        int found = 0;
        for (int k = 0; k < hs.n; k++)
            found |= hs.len[k] == len && !memcmp(hs.body[k], xml, len);
        assert_true(found);
        free(xml);
        remove(path);
        free(names[i]);
    }
    print_message("%d alerts, msgTypes %s, %d POSTed\n", nn, types, hs.n);
    /* Alert, updates, Cancel (retract), Alert (re-issue), updates, Cancel (close) */
    assert_int_equal(types[0], 'A');
    char *c1 = strchr(types, 'C');
    assert_non_null(c1);
    assert_int_equal(c1[1], 'A');
    assert_int_equal(types[strlen(types) - 1], 'C');
    assert_int_equal(hs.n, nn);
    assert_string_equal(hs.ctype, "application/common-alerting-protocol+xml");
    rmdir(dir);
    MHD_stop_daemon(d);
    for (int k = 0; k < hs.n; k++)
        free(hs.body[k]);
    wrn_areas_free(&areas);
}

/* A warning for another nation is not exported by default; with nations: all it is. */
static void test_nations_filter(void **state)
{
    (void)state;
    wrn_cap_cfg cc;
    wrn_cap_cfg_default(&cc, "QA");
    wrn_cap_out *o;
    assert_int_equal(wrn_cap_out_create(&o, &cc, NULL, NULL), 0);
    sw_warning w = {0};
    w.id = ((uint64_t)5 << 32) | wrn_area_id("BH", "Manama");
    w.area_id = wrn_area_id("BH", "Manama");
    w.stn = 5;
    snprintf(w.issuer, sizeof w.issuer, "SA");
    snprintf(w.threatened, sizeof w.threatened, "BH");
    snprintf(w.area, sizeof w.area, "Manama");
    w.state = WRN_ISSUE;
    w.revision = 1;
    w.cls = SW_CLS_BALLISTIC;
    w.impact_lat_deg = 26.2;
    w.impact_lon_deg = 50.6;
    w.ellipse_major_m = 3000;
    w.ellipse_minor_m = 1000;
    w.time = 1.8e9;
    w.arrival = 1.8e9 + 200;
    w.expires = w.arrival + 600;
    int ex;
    char id[WRN_CAP_ID_LEN];
    assert_int_equal(wrn_cap_out_warning(o, &w, 1.8e9, &ex, id, NULL), 0);
    assert_int_equal(ex, 0);
    wrn_cap_out_free(o, 0);
    cc.all_nations = 1;
    assert_int_equal(wrn_cap_out_create(&o, &cc, NULL, NULL), 0);
    assert_int_equal(wrn_cap_out_warning(o, &w, 1.8e9, &ex, id, NULL), 0);
    assert_int_equal(ex, 1);
    char want[WRN_CAP_ID_LEN];
    snprintf(want, sizeof want, "skyweave-QA-%016llx-1", (unsigned long long)w.id);
    assert_string_equal(id, want);
    wrn_cap_stats st;
    wrn_cap_out_stats(o, &st);
    assert_int_equal(st.alerts, 1);
    wrn_cap_out_free(o, 0);
    /* an unknown area: the ellipse stands in for it, still valid */
    char *xml;
    size_t len = 0;
    assert_int_equal(wrn_cap_build(&cc, &w, NULL, "x-1", 1.8e9, WRN_CAP_ALERT, NULL, &xml, &len,
                                   NULL), 0);
    if (g_schema)
        assert_int_equal(validate(xml, len), 0);
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validator),
        cmocka_unit_test(test_life_cycle_alerts),
        cmocka_unit_test(test_nations_filter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
