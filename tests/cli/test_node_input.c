/* tests/cli/test_node_input.c - the node's plot inputs: configuration parsing (every bad entry
 * names file:line), the tracker map, a plots CSV replayed on the data clock through the tracker,
 * and the UDP allow-list built from the sensors' `source:` addresses. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/sw_test.h"
#include "cli/cli_node.h"
#include "cli/cli_marks.h"
#include "cli/cli_node_input.h"
#include "asterix/asterix.h"
#include "core/time.h"
#include "ingest/ing_pcap.h"
#include "ingest/ing_source.h"

static char dir[64];

static void setup_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/sw_test_node_%d", (int)getpid());
    mkdir(dir, 0755);
}

/* Writes DIR/name with text and loads it as a node configuration. */
static sw_rc load(node_config *c, const char *name, const char *text, sw_err *e)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    sw_test_write(p, text);
    sw_err_clear(e);
    return node_config_load(c, p, e);
}

#define HEAD                                                                                     \
    "nation: QA\n"                                                                               \
    "coalition: [QA, BH]\n"                                                                      \
    "origin: [25.5, 51.0, 0]\n"                                                                  \
    "sensors:\n"                                                                                 \
    "  - {id: 257, name: R1, nation: QA, type: 3d, sac: 1, sic: 1, source: 127.10.1.1,\n"        \
    "     lat_deg: 25.3, lon_deg: 51.5, alt_m: 40, sd_range_m: 50, sd_azimuth_deg: 0.1,\n"      \
    "     sd_elevation_deg: 0.2, scan_s: 2}\n"                                                   \
    "  - {id: 9, name: C1, type: cart, x_m: 0, y_m: 0, sd_xy_m: 30, sd_z_m: 50}\n"

static void test_good_config(void **st)
{
    (void)st;
    node_config c;
    sw_err e;
    sw_rc rc = load(&c, "good.yaml",
                    HEAD "inputs:\n"
                         "  - {type: asterix_udp, listen: 127.0.0.1:18999, group: 239.1.2.3,\n"
                         "     allow: [10.0.0.0/8=7/1, 192.0.2.4]}\n"
                         "  - {type: pcap, path: rec.pcap, start: 2026-03-01T06:00:00Z}\n"
                         "  - {type: plots_csv, path: /abs/plots.csv, timeout_s: 30}\n"
                         "  - {type: tracks_csv, path: t.csv}\n"
                         "tracker: {dim: 2, filter: cv, q: 4, confirm: 3/4, delete: 7, "
                         "reorder_s: 0.5, release: window, silent_s: 30, registration: false}\n",
                    &e);
    if (rc)
        fail_msg("%s", e.msg);
    assert_int_equal(c.n_inputs, 4);
    assert_string_equal(c.in[0].type, "asterix_udp");
    assert_string_equal(c.in[0].listen, "127.0.0.1:18999");
    assert_string_equal(c.in[0].group, "239.1.2.3");
    assert_int_equal(c.in[0].n_allow, 2);
    assert_string_equal(c.in[0].allow[1], "192.0.2.4");
    assert_near(c.in[0].timeout_s, 600, 0);       /* plot inputs: the tracker deletes */
    assert_int_equal(c.in[0].line, 10);
    char want[160];
    snprintf(want, sizeof want, "%s/rec.pcap", dir); /* relative to the config's folder */
    char *real = realpath(dir, NULL);
    snprintf(want, sizeof want, "%s/rec.pcap", real);
    free(real);
    assert_string_equal(c.in[1].path, want);
    double t0;
    assert_int_equal(sw_time_parse_iso("2026-03-01T06:00:00Z", &t0), 0);
    assert_near(c.in[1].start_utc, t0, 1e-6);
    assert_string_equal(c.in[2].path, "/abs/plots.csv");
    assert_near(c.in[2].timeout_s, 30, 0);
    assert_near(c.in[3].timeout_s, 10, 0);        /* replayed tracks: as before */
    assert_int_equal(c.trk.dim, 2);
    assert_int_equal(c.trk.filter, TRK_FILTER_CV);
    assert_near(c.trk.q_cv, 4, 0);
    assert_int_equal(c.trk.confirm_m, 3);
    assert_int_equal(c.trk.confirm_n, 4);
    assert_int_equal(c.trk.delete_misses, 7);
    assert_near(c.trk.reorder_s, 0.5, 0);
    assert_int_equal(c.trk.release, TRK_RELEASE_WINDOW);
    assert_near(c.trk.silent_s, 30, 0);
    assert_int_equal(c.registration, 0);
    assert_int_equal(c.sensors->n, 2);
    assert_string_equal(c.sensors->source[0], "127.10.1.1");
    assert_string_equal(c.sensors->source[1], "");
    assert_true(c.sensors->has_origin); /* ADS-B positions go into the node's frame */
    node_config_free(&c);
}

static void test_defaults(void **st)
{
    (void)st;
    node_config c;
    sw_err e;
    if (load(&c, "def.yaml", HEAD "inputs: [{type: asterix_udp, listen: 0.0.0.0:18998}]\n", &e))
        fail_msg("%s", e.msg);
    trk_params d;
    trk_params_default(&d, 3);
    assert_int_equal(c.trk.dim, 3);
    assert_int_equal(c.trk.filter, d.filter);
    assert_near(c.trk.reorder_s, d.reorder_s, 0);
    assert_int_equal(c.trk.release, TRK_RELEASE_WATERMARK);
    assert_int_equal(c.trk.confirm_m, d.confirm_m);
    assert_string_equal(c.in[0].group, "");
    assert_int_equal(c.realtime, 0); /* normal scheduling unless asked */
    assert_int_equal(c.registration, 1); /* radar biases measured against ADS-B */
    node_config_free(&c);
    if (load(&c, "rt.yaml", HEAD "realtime: 20\n", &e))
        fail_msg("%s", e.msg);
    assert_int_equal(c.realtime, 20);
    node_config_free(&c);
}

/* Each bad entry: the message names the file and the line of the offending node. */
static void expect_bad(const char *body, int line, const char *what)
{
    node_config c;
    sw_err e;
    char text[2048];
    snprintf(text, sizeof text, "%s%s", HEAD, body);
    sw_rc rc = load(&c, "bad.yaml", text, &e);
    node_config_free(&c);
    if (!rc)
        fail_msg("accepted: %s", body);
    char where[32];
    snprintf(where, sizeof where, "bad.yaml:%d", line);
    if (!strstr(e.msg, where) || !strstr(e.msg, what))
        fail_msg("message '%s' lacks '%s' or '%s'", e.msg, where, what);
}

static void test_bad_configs(void **st)
{
    (void)st;
    /* HEAD has 8 lines: the body starts on line 9 */
    expect_bad("inputs:\n  - {type: asterix_tcp, listen: 1.2.3.4:5}\n", 10, "asterix_tcp");
    expect_bad("inputs:\n  - {type: asterix_udp, listen: 127.0.0.1}\n", 10, "listen");
    expect_bad("inputs:\n  - {type: asterix_udp, listen: 127.0.0.1:9, group: 10.1.1.1}\n", 10,
               "multicast");
    expect_bad("inputs:\n  - {type: asterix_udp, listen: 127.0.0.1:9,\n"
               "     allow: [1.2.3.4/40]}\n",
               11, "allow");
    expect_bad("inputs:\n  - {type: pcap, path: x.pcap, start: yesterday}\n", 10, "start");
    expect_bad("inputs:\n  - {type: pcap, path: x.pcap, listen: 1.2.3.4:5}\n", 10, "listen");
    expect_bad("inputs:\n  - {type: plots_csv}\n", 10, "path");
    expect_bad("tracker:\n  gait: 0.9\n", 10, "gait");
    expect_bad("tracker:\n  confirm: 5/4\n", 10, "confirm");
    expect_bad("tracker:\n  filter: kalman\n", 10, "kalman");
    expect_bad("tracker:\n  pd: 2\n", 10, "pd");
    expect_bad("tracker: {dim: 4}\n", 9, "dim");
    expect_bad("tracker:\n  release: sometimes\n", 10, "sometimes");
    expect_bad("tracker:\n  registration: perhaps\n", 10, "registration");
    expect_bad("realtime: 99\n", 9, "realtime");
    expect_bad("realtime: -1\n", 9, "realtime");
    /* a bad source address on a sensor (the sensor list is in HEAD; add one) */
    node_config c;
    sw_err e;
    sw_rc rc = load(&c, "badsrc.yaml",
                    "nation: QA\ncoalition: [QA]\norigin: [25, 51, 0]\nsensors:\n"
                    "  - {id: 1, type: cart, x_m: 0, y_m: 0, sd_xy_m: 1, sd_z_m: 1,\n"
                    "     source: 300.1.1.1}\n",
                    &e);
    node_config_free(&c);
    assert_int_not_equal(rc, SW_OK);
    assert_non_null(strstr(e.msg, "badsrc.yaml:6"));
    assert_non_null(strstr(e.msg, "source"));
}

/* ---- the inputs at work ---------------------------------------------------------------------- */

typedef struct seen {
    int confirmed, updates, fresh, deleted, coasting;
    uint32_t id;
    double x[6], t, plot_in_min, plot_in_max;
} seen;

static void on_track(void *ctx, sw_track *t, double plot_in, int fresh)
{
    seen *s = ctx;
    if (t->status == SW_TRK_DELETED) {
        s->deleted++;
        return;
    }
    if (!s->updates++) {
        s->id = t->id;
        s->plot_in_min = plot_in;
    }
    s->fresh += fresh;
    s->plot_in_max = plot_in;
    if (!fresh) { /* it turned coasting: no new plot, and it says so */
        s->coasting += t->status == SW_TRK_COASTING;
        return;
    }
    memcpy(s->x, t->x, sizeof s->x);
    s->t = t->t;
}

/* One target at 200 m/s east, a Cartesian plot every 2 s for 60 s, replayed with an epoch 100 s
 * in the past: everything is due at once, goes through the tracker on the data clock (epoch +
 * time_s) and comes out as one confirmed track where the target is. */
static void test_plots_csv_through_tracker(void **st)
{
    (void)st;
    char p[128];
    snprintf(p, sizeof p, "%s/plots.csv", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f, "time_s,sensor_id,x_m,y_m,z_m,sd_x_m,sd_y_m,sd_z_m\n");
    for (int k = 0; k <= 30; k++) {
        double t = 2.0 * k;
        fprintf(f, "%.3f,9,%.1f,%.1f,5000,30,30,50\n", t, 1000 + 200 * t, 2000.0);
    }
    fclose(f);
    node_config c;
    sw_err e;
    if (load(&c, "csv.yaml", HEAD "inputs: [{type: plots_csv, path: plots.csv}]\n", &e))
        fail_msg("%s", e.msg);
    double now = sw_time_now(), epoch = now - 100;
    node_plots *np;
    if (node_plots_open(&np, &c, epoch, &e))
        fail_msg("%s", e.msg);
    assert_non_null(np);
    assert_false(node_plots_live(np));
    seen s = {0};
    double due;
    if (node_plots_step(np, now, on_track, &s, &due, &e))
        fail_msg("%s", e.msg);
    assert_true(isinf(due)); /* the file is done */
    node_plots_stats ns;
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.plots, 31);
    assert_int_equal(ns.refused, 0);
    assert_int_equal(ns.confirmed, 1);
    assert_true(s.updates >= 20 && s.fresh >= 20);
    /* the last update that took a plot: at the last plot's time on the data clock, where the
     * target was; after it the plots end and the track turns coasting */
    assert_near(s.t - epoch, 60, 1e-6);
    assert_near(s.x[0], 1000 + 200 * 60, 60);
    assert_near(s.x[1], 2000, 60);
    assert_near(s.x[3], 200, 5);
    assert_int_equal(s.coasting, 1);
    /* the plots entered the node at this step */
    assert_near(s.plot_in_min, now, 1e-9);
    assert_near(s.plot_in_max, now, 1e-9);
    /* no plot for a while: the data clock follows the wall clock and the track is deleted */
    if (node_plots_step(np, now + 200, on_track, &s, &due, &e))
        fail_msg("%s", e.msg);
    assert_int_equal(s.deleted, 1);
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.tracks, 0);
    node_plots_close(np);
    node_config_free(&c);
}

/* A plots CSV due in the future is held until the wall clock reaches it. */
static void test_plots_csv_paced(void **st)
{
    (void)st;
    char p[128];
    snprintf(p, sizeof p, "%s/paced.csv", dir);
    sw_test_write(p, "time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m\n10,9,0,0,30,30\n20,9,0,0,30,30\n");
    node_config c;
    sw_err e;
    if (load(&c, "paced.yaml", HEAD "inputs: [{type: plots_csv, path: paced.csv}]\n", &e))
        fail_msg("%s", e.msg);
    double epoch = 1e9;
    node_plots *np;
    if (node_plots_open(&np, &c, epoch, &e))
        fail_msg("%s", e.msg);
    seen s = {0};
    double due;
    node_plots_stats ns;
    assert_int_equal(node_plots_step(np, epoch + 5, on_track, &s, &due, &e), SW_OK);
    assert_near(due, epoch + 10, 1e-9);
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.plots, 0);
    assert_int_equal(node_plots_step(np, epoch + 15, on_track, &s, &due, &e), SW_OK);
    assert_near(due, epoch + 20, 1e-9);
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.plots, 1);
    node_plots_close(np);
    node_config_free(&c);
}

static void send_from(const char *src, int port, const uint8_t *p, size_t n)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &a.sin_addr);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct sockaddr_in d = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &d.sin_addr);
    assert_int_equal(sendto(fd, p, n, 0, (struct sockaddr *)&d, sizeof d), (ssize_t)n);
    close(fd);
}

/* The allow-list comes from the sensors' `source:`: a datagram from elsewhere is dropped and
 * counted; one from the radar's own address passes the list (and then ingest judges it). */
static void test_udp_allow_list(void **st)
{
    (void)st;
    int port = 20000 + (int)(getpid() % 5000);
    char text[1024];
    snprintf(text, sizeof text, HEAD "inputs: [{type: asterix_udp, listen: 127.0.0.1:%d}]\n"
             "output: {record: rec, record_rotate_s: 0}\n", port);
    node_config c;
    sw_err e;
    if (load(&c, "udp.yaml", text, &e))
        fail_msg("%s", e.msg);
    node_plots *np;
    if (node_plots_open(&np, &c, sw_time_now(), &e))
        fail_msg("%s", e.msg);
    assert_true(node_plots_live(np));
    /* a CAT034 block header with a truncated record: enough to be counted as a datagram */
    const uint8_t blk[] = {34, 0, 6, 0x80, 1, 1};
    send_from("127.0.0.1", port, blk, sizeof blk);
    send_from("127.10.2.1", port, blk, sizeof blk);
    send_from("127.10.1.1", port, blk, sizeof blk);
    seen s = {0};
    node_plots_stats ns = {0};
    for (int k = 0; k < 100 && ns.denied_source + ns.datagrams < 3; k++) {
        usleep(10000);
        assert_int_equal(node_plots_step(np, sw_time_now(), on_track, &s, NULL, &e), SW_OK);
        node_plots_get_stats(np, &ns);
    }
    assert_int_equal(ns.denied_source, 2);
    assert_int_equal(ns.datagrams, 1);
    assert_true(ns.dropped >= 2);
    node_plots_close(np);
    node_config_free(&c);
    /* the recording holds what was let in, as received: one datagram from 127.10.1.1 */
    char cmd[256], path[256] = "";
    snprintf(cmd, sizeof cmd, "ls %s/rec/QA-*.pcap", dir);
    FILE *ls = popen(cmd, "r");
    assert_non_null(ls);
    assert_non_null(fgets(path, sizeof path, ls));
    pclose(ls);
    path[strcspn(path, "\n")] = 0;
    ing_source *src;
    if (ing_source_open(&src, path, ING_SRC_PCAP, &e))
        fail_msg("%s", e.msg);
    ing_datagram d;
    int frames = 0;
    while (ing_source_next(src, &d, &e) == 1) {
        frames++;
        assert_int_equal(d.n, sizeof blk);
        assert_memory_equal(d.p, blk, sizeof blk);
        assert_int_equal(d.src_ip[0], 127);
        assert_int_equal(d.src_ip[1], 10);
        assert_int_equal(d.dst_port, port);
    }
    ing_source_close(src);
    assert_int_equal(frames, 1);
}

/* CAT048 plot record of radar 1/1 at time of day tod, rho NM, theta deg, 3-D height */
static size_t cat048(uint8_t *b, double tod, double rho, double theta)
{
    static asx048 r;
    memset(&r, 0, sizeof r);
#define SET(item) r.present |= 1ULL << (ASX048_FRN_##item - 1)
    SET(010), SET(140), SET(020), SET(040), SET(110);
#undef SET
    r.i010.sac = 1;
    r.i010.sic = 1;
    r.i140.tod_s = tod;
    r.i020.typ = 1;
    r.i040.rho_nm = rho;
    r.i040.theta_deg = theta;
    r.i110.height_ft = 20000;
    asx_writer w;
    sw_err e;
    asx_writer_init(&w, b, 512, 0);
    assert_int_equal(asx_writer_add(&w, asx_uap_find(48, NULL), &r, &e), SW_OK);
    return asx_writer_finish(&w);
}

/* A recording is replayed on the node's data clock: its first datagram is scenario time 0 (the
 * epoch), the next one 5 s later is held until the wall clock is there, and the plots carry
 * the shifted times (epoch + 0, epoch + 5). */
static void test_pcap_replay(void **st)
{
    (void)st;
    char p[128];
    snprintf(p, sizeof p, "%s/rec.pcap", dir);
    ing_pcap_writer *w;
    sw_err e = {0};
    assert_int_equal(ing_pcap_create(&w, p, &e), SW_OK);
    const double T0 = 1772344800.0 + 1000.25; /* 2026-03-01T06:16:40.25Z */
    uint8_t src[4] = {10, 10, 1, 1}, dst[4] = {239, 255, 48, 1}, b[512];
    for (int k = 0; k < 2; k++) {
        size_t n = cat048(b, sw_tod_from_utc(T0 + 5 * k), 40 + k, 30);
        assert_int_equal(ing_pcap_write(w, T0 + 5 * k + 0.1, src, 8600, dst, 8600, b, n, &e), 0);
    }
    assert_int_equal(ing_pcap_finish(w, &e), SW_OK);
    node_config c;
    if (load(&c, "pcap.yaml", HEAD "inputs: [{type: pcap, path: rec.pcap}]\n", &e))
        fail_msg("%s", e.msg);
    double epoch = 1.9e9;
    node_plots *np;
    if (node_plots_open(&np, &c, epoch, &e))
        fail_msg("%s", e.msg);
    seen s = {0};
    double due;
    node_plots_stats ns;
    assert_int_equal(node_plots_step(np, epoch + 1, on_track, &s, &due, &e), SW_OK);
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.datagrams, 1);
    assert_int_equal(ns.plots, 1);
    assert_near(due, epoch + 5, 1e-6); /* the second datagram, 5 s into the recording */
    assert_int_equal(node_plots_step(np, epoch + 5.5, on_track, &s, &due, &e), SW_OK);
    node_plots_get_stats(np, &ns);
    assert_int_equal(ns.plots, 2);
    assert_int_equal(ns.refused, 0);  /* the plots' times are on the data clock, in order */
    assert_true(isinf(due));
    /* per-radar figures from the recording */
    char jp[128];
    snprintf(jp, sizeof jp, "%s/inputs.json", dir);
    FILE *f = fopen(jp, "w+");
    assert_non_null(f);
    node_plots_json(np, f, epoch + 6);
    rewind(f);
    char text[2048] = "";
    size_t got = fread(text, 1, sizeof text - 1, f);
    text[got] = 0;
    fclose(f);
    assert_non_null(strstr(text, "\"plots\": 2,"));
    assert_non_null(strstr(text, "\"name\": \"R1\""));
    node_plots_close(np);
    node_config_free(&c);
}

/* Watermarks from the node's inputs: a recording of one radar, a plot every 2 s, one datagram
 * each.  With the default (watermark) release each datagram tells the tracker that the radar has
 * sent everything up to its plot, so the plot's track update comes out in the same step; with
 * `release: window` it waits until the data clock is reorder_s (1 s) past it, the next step. */
static void test_pcap_watermarks(void **st)
{
    (void)st;
    char p[128];
    snprintf(p, sizeof p, "%s/wm.pcap", dir);
    ing_pcap_writer *w;
    sw_err e = {0};
    assert_int_equal(ing_pcap_create(&w, p, &e), SW_OK);
    const double T0 = 1772344800.0 + 2000.0;
    uint8_t src[4] = {10, 10, 1, 1}, dst[4] = {239, 255, 48, 1}, b[512];
    enum { N = 15 };
    for (int k = 0; k < N; k++) {
        size_t n = cat048(b, sw_tod_from_utc(T0 + 2 * k), 40 + 0.2 * k, 30);
        assert_int_equal(ing_pcap_write(w, T0 + 2 * k + 0.1, src, 8600, dst, 8600, b, n, &e), 0);
    }
    assert_int_equal(ing_pcap_finish(w, &e), SW_OK);
    for (int mode = 0; mode < 2; mode++) {
        node_config c;
        if (load(&c, "wm.yaml",
                 mode ? HEAD "inputs: [{type: pcap, path: wm.pcap}]\ntracker: {release: window}\n"
                      : HEAD "inputs: [{type: pcap, path: wm.pcap}]\n",
                 &e))
            fail_msg("%s", e.msg);
        double epoch = 1.9e9;
        node_plots *np;
        if (node_plots_open(&np, &c, epoch, &e))
            fail_msg("%s", e.msg);
        seen s = {0};
        double due;
        /* the recording's first datagram (T0 + 0.1) is the epoch: plot k is at epoch + 2k - 0.1 */
        for (int k = 0; k < N; k++)
            assert_int_equal(node_plots_step(np, epoch + 2 * k + 0.2, on_track, &s, &due, &e),
                             SW_OK);
        node_plots_stats ns;
        node_plots_get_stats(np, &ns);
        assert_int_equal(ns.plots, N);
        assert_int_equal(ns.refused, 0);
        assert_int_equal(ns.confirmed, 1);
        double want = epoch + 2 * (N - 1) - 0.1 - (mode ? 2 : 0);
        print_message("%s: newest track update %.3f s after the epoch (newest plot %.3f s)\n",
                      mode ? "window" : "watermark", s.t - epoch, 2.0 * (N - 1) - 0.1);
        assert_near(s.t, want, 1e-3);
        node_plots_close(np);
        node_config_free(&c);
    }
}

/* cli_marks on its own: a datagram's sensors once each at their newest time (at most
 * CLI_MARKS_DG), cleared by done; a mark the tracker refuses is counted and named. */
static void test_marks(void **st)
{
    (void)st;
    cli_marks m;
    cli_marks_init(&m);
    cli_marks_plot(&m, 7, 10.0);
    cli_marks_plot(&m, 9, 11.0);
    cli_marks_plot(&m, 7, 12.5);
    cli_marks_plot(&m, 7, 11.0);
    assert_int_equal(m.n, 2);
    assert_int_equal(m.sensor[0], 7);
    assert_true(m.t[0] == 12.5);
    assert_true(m.t[1] == 11.0);
    for (uint32_t k = 0; k < 20; k++)
        cli_marks_plot(&m, 100 + k, 1.0);
    assert_int_equal(m.n, CLI_MARKS_DG);
    trk_params p;
    trk_params_default(&p, 2);
    p.release = TRK_RELEASE_WATERMARK;
    trk_tracker *tr;
    sw_err e = {0};
    assert_int_equal(trk_create(&tr, &p, NULL, &e), SW_OK);
    assert_int_equal(cli_marks_done(&m, tr, NULL, NULL, 0, &e), SW_OK);
    assert_int_equal(m.n, 0);
    assert_int_equal(m.failed, 0);
    cli_marks_plot(&m, 7, NAN); /* the tracker refuses a mark that is not finite */
    cli_marks_plot(&m, 8, 20.0);
    assert_int_not_equal(cli_marks_done(&m, tr, NULL, NULL, 0, &e), SW_OK);
    assert_int_equal(m.failed, 1);
    assert_non_null(strstr(e.msg, "sensor 7"));
    trk_destroy(tr);
}

/* Two live inputs (redundant LANs) share one ingest: the same datagram on both is one plot. */
static void test_redundant_lans(void **st)
{
    (void)st;
    int port = 25000 + (int)(getpid() % 5000);
    char text[1024];
    snprintf(text, sizeof text,
             HEAD "inputs:\n  - {type: asterix_udp, listen: 127.0.0.1:%d}\n"
                  "  - {type: asterix_udp, listen: 127.0.0.1:%d}\n",
             port, port + 1);
    node_config c;
    sw_err e;
    if (load(&c, "lans.yaml", text, &e))
        fail_msg("%s", e.msg);
    node_plots *np;
    double now = sw_time_now();
    if (node_plots_open(&np, &c, now, &e))
        fail_msg("%s", e.msg);
    uint8_t b[512];
    size_t n = cat048(b, sw_tod_from_utc(now), 40, 30);
    send_from("127.10.1.1", port, b, n);
    send_from("127.10.1.1", port + 1, b, n);
    seen s = {0};
    node_plots_stats ns = {0};
    for (int k = 0; k < 100 && ns.datagrams < 2; k++) {
        usleep(10000);
        assert_int_equal(node_plots_step(np, sw_time_now(), on_track, &s, NULL, &e), SW_OK);
        node_plots_get_stats(np, &ns);
    }
    assert_int_equal(ns.datagrams, 2);
    assert_int_equal(ns.plots, 1);
    assert_int_equal(ns.denied_source, 0);
    node_plots_close(np);
    node_config_free(&c);
}

int main(void)
{
    setup_dir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_config),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_bad_configs),
        cmocka_unit_test(test_plots_csv_through_tracker),
        cmocka_unit_test(test_plots_csv_paced),
        cmocka_unit_test(test_udp_allow_list),
        cmocka_unit_test(test_pcap_replay),
        cmocka_unit_test(test_pcap_watermarks),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_redundant_lans),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd))
        r |= 0;
    return r;
}
