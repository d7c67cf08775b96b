/* cli/cmd_display.c - `skyweave display`: serves the operator display fed from a tracks CSV
 * (--replay) or synthetic traffic (--synthetic N), with optional synthetic threats and warnings
 * (--threats) whose acknowledgement comes back from the page.  The same web/ calls as the node. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_display.h"
#include "cli_util.h"
#include "core/log.h"
#include "core/time.h"

const char cmd_display_summary[] = "serve the operator display from a tracks CSV or synthetic traffic";

static volatile sig_atomic_t g_stop;
static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave display (--synthetic N | --replay FILE) [options]\n\n"
        "Serves the operator display (docs/display.md) without a node: the page, the event stream\n"
        "and the acknowledge path, fed from a tracks CSV or from synthetic traffic.\n\n"
        "  --synthetic N      N moving tracks over the region (aircraft, unknowns, drones)\n"
        "  --replay FILE      a tracks CSV (time_s,track_id|stn,x_m,y_m[,z_m],vx_mps,vy_mps,...)\n"
        "  --speed X          replay speed (default 1)\n"
        "  --timeout S        replay: a track without a row for S file seconds leaves (15)\n"
        "  --update S         synthetic: each track's update period (4)\n"
        "  --threats          synthetic ballistic threats with warnings (one to this nation)\n"
        "  --threat-start S   first launch S seconds after start (10); warned ~23 s later\n"
        "  --nation CC        this node's nation (default: the layers' first, else QA)\n"
        "  --layers FILE      defended areas and radars from a scenario or node configuration\n"
        "                     (default: scenarios/coalition6.yaml when present)\n"
        "  --origin LAT,LON[,ALT]  the common ENU frame (default: the layers' origin, else 25,45)\n"
        "  --web ADDR:PORT    where to listen (127.0.0.1:8080; port 0 = any free port)\n"
        "  --token T          require this token (one is made when not on loopback)\n"
        "  --webdir DIR       the page's folder (default: found next to the binary)\n"
        "  --duration S       stop after S seconds (default: until Ctrl-C)\n"
        "  --seed N           synthetic traffic seed (1)\n\n"
        "Prints 'display: URL' first, then one line per warning and acknowledgement.\n");
}

static void default_layers(char *out, size_t n)
{
    out[0] = 0;
    const char *src = getenv("SW_SOURCE_DIR");
    char p[4096];
    if (src && *src) {
        snprintf(p, sizeof p, "%s/scenarios/coalition6.yaml", src);
        if (!access(p, R_OK)) {
            snprintf(out, n, "%s", p);
            return;
        }
    }
    snprintf(p, sizeof p, "%s/scenarios/coalition6.yaml", SW_SOURCE_DIR);
    if (!access(p, R_OK))
        snprintf(out, n, "%s", p);
}

static void publish_status(dsp_ctx *c, const sw_system_track *t, size_t n, double now,
                           const char *mode)
{
    web_status st;
    memset(&st, 0, sizeof st);
    st.t = now;
    st.uptime_s = now - c->t_start;
    st.n_inputs = 1;
    st.inputs_rx = c->inputs_rx;
    st.input_age_s = c->t_last_input > 0 ? now - c->t_last_input : -1;
    st.n_system = (uint32_t)n;
    st.latency_p50_ms = st.latency_p99_ms = -1; /* no network here */
    snprintf(st.mode, sizeof st.mode, "%s", mode);
    /* partners as the data shows them: tracks each reports and the age of its newest */
    for (int i = 0; i < c->n_nations; i++) {
        double newest = -1;
        uint32_t cnt = 0;
        for (size_t k = 0; k < n; k++)
            if (!strncmp(t[k].reporter, c->nations[i], 4)) {
                cnt++;
                newest = t[k].t > newest ? t[k].t : newest;
            }
        if (!strcmp(c->nations[i], c->nation)) {
            st.n_local = cnt;
            continue;
        }
        web_partner *p = &st.partners[st.n_partners++];
        snprintf(p->nation, sizeof p->nation, "%s", c->nations[i]);
        p->seen = cnt > 0;
        p->age_s = newest >= 0 ? now - newest : -1;
        p->latency_p50_ms = p->latency_p99_ms = -1;
        p->n_tracks = cnt;
    }
    for (int k = 0; k < DSP_THREATS; k++)
        if (c->thr[k].active && c->thr[k].warned && !strcmp(c->thr[k].w.threatened, c->nation) &&
            (c->thr[k].w.state == WEB_WARN_ISSUED || c->thr[k].w.state == WEB_WARN_UPDATED))
            st.n_unacked++;
    web_set_status(c->web, &st);
}

typedef struct opts {
    int synthetic;
    const char *replay, *nation, *web, *token, *webdir;
    char layers[4096];
    double speed, timeout, update, duration, origin[3];
    int have_origin, threats;
    double threat_start;
    unsigned seed;
} opts;

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->synthetic = -1;
    o->speed = 1;
    o->timeout = 15;
    o->update = 4;
    o->threat_start = 10;
    o->seed = 1;
    o->web = "127.0.0.1:8080";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        double x;
        if (!strcmp(a, "--threats")) {
            o->threats = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "skyweave display: %s needs a value (see --help)\n", a);
            return -1;
        }
        i++;
        if (!strcmp(a, "--synthetic")) {
            if (cli_num("display", a, v, &x) || x < 0 || x > 200000 || x != floor(x)) {
                fprintf(stderr, "skyweave display: --synthetic: 0..200000 tracks\n");
                return -1;
            }
            o->synthetic = (int)x;
        } else if (!strcmp(a, "--replay")) o->replay = v;
        else if (!strcmp(a, "--nation")) o->nation = v;
        else if (!strcmp(a, "--web")) o->web = v;
        else if (!strcmp(a, "--token")) o->token = v;
        else if (!strcmp(a, "--webdir")) o->webdir = v;
        else if (!strcmp(a, "--layers")) snprintf(o->layers, sizeof o->layers, "%s", v);
        else if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("display", a, v, o->origin))
                return -1;
            o->have_origin = 1;
        } else if (!strcmp(a, "--seed")) {
            if (cli_num("display", a, v, &x))
                return -1;
            o->seed = (unsigned)x;
        } else {
            double *dst = !strcmp(a, "--speed") ? &o->speed : !strcmp(a, "--timeout") ? &o->timeout
                        : !strcmp(a, "--update") ? &o->update : !strcmp(a, "--duration") ? &o->duration
                        : !strcmp(a, "--threat-start") ? &o->threat_start
                        : NULL;
            if (!dst) {
                fprintf(stderr, "skyweave display: unknown option '%s' (see --help)\n", a);
                return -1;
            }
            if (cli_num("display", a, v, dst))
                return -1;
            if (*dst <= 0 && dst != &o->duration && dst != &o->threat_start) {
                fprintf(stderr, "skyweave display: %s must be positive\n", a);
                return -1;
            }
        }
    }
    if ((o->synthetic >= 0) == (o->replay != NULL)) {
        fprintf(stderr, "skyweave display: give exactly one of --synthetic N and --replay FILE\n");
        return -1;
    }
    return 0;
}

static int setup(dsp_ctx *c, const opts *o, sw_err *err)
{
    char layers[4096];
    snprintf(layers, sizeof layers, "%s", o->layers);
    if (!layers[0])
        default_layers(layers, sizeof layers);
    if (layers[0] && web_layers_load(&c->layers, layers, err))
        return -1;
    double org[3] = {25.0, 45.0, 0.0};
    if (o->have_origin)
        memcpy(org, o->origin, sizeof org);
    else if (layers[0] && isfinite(c->layers.origin[0]))
        memcpy(org, c->layers.origin, sizeof org);
    geo_frame_init(&c->frame, org[0], org[1], org[2]);
    static const char *def[] = {"QA", "BH", "EG", "JO", "SA", "AE"};
    c->n_nations = c->layers.n_nations;
    memcpy(c->nations, c->layers.nations, sizeof c->nations);
    for (int i = 0; !c->n_nations && i < 6; i++)
        snprintf(c->nations[i], 4, "%s", def[i]);
    if (!c->n_nations)
        c->n_nations = 6;
    snprintf(c->nation, sizeof c->nation, "%s", o->nation ? o->nation : c->nations[0]);
    c->speed = o->replay ? o->speed : 1;
    c->update_s = o->update;
    c->threats = o->threats;
    c->threat_start = o->threat_start;
    c->next_stn = 1000001;
    pthread_mutex_init(&c->ack_mu, NULL);
    web_config wc;
    web_config_init(&wc);
    wc.addr = o->web;
    wc.token = o->token;
    wc.webdir = o->webdir;
    memcpy(wc.nation, c->nation, 4);
    wc.n_nations = c->n_nations;
    memcpy(wc.nations, c->nations, sizeof wc.nations);
    memcpy(wc.origin, org, sizeof org);
    wc.max_tracks = (o->synthetic > 0 ? o->synthetic : 0) + 65536 + DSP_THREATS;
    wc.clock_rate = c->speed;
    wc.on_ack = dsp_on_ack;
    wc.ack_ctx = c;
    if (web_start(&c->web, &wc, err))
        return -1;
    if (web_set_layers(c->web, c->layers.areas, c->layers.n_areas, c->layers.radars,
                       c->layers.n_radars, err))
        return -1;
    return 0;
}

int cmd_display(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    opts o;
    if (parse(argc, argv, &o))
        return 2;
    static dsp_ctx c;
    sw_err err = {0};
    dsp_synth *syn = NULL;
    dsp_replay *rep = NULL;
    sw_system_track *buf = NULL;
    int status = 1;
    if (setup(&c, &o, &err))
        goto out;
    if (o.replay ? dsp_replay_open(&rep, &c, o.replay, o.timeout, &err)
                 : dsp_synth_new(&syn, &c, o.synthetic, o.seed, &err))
        goto out;
    buf = calloc((size_t)(o.synthetic > 0 ? o.synthetic : 65536) + DSP_THREATS, sizeof *buf);
    if (!buf) {
        sw_err_set(&err, SW_ENOMEM, "out of memory");
        goto out;
    }
    char url[256];
    web_url(c.web, url, sizeof url);
    printf("display: %s\n", url);
    fflush(stdout);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    double wall0 = sw_time_now(), mono0 = sw_time_mono(), t_status = 0;
    double offset = rep ? wall0 - dsp_replay_t0(rep) : 0; /* file time -> display clock */
    c.t_start = wall0;
    int more = 1;
    uint64_t rx_seen = 0;
    while (!g_stop && (o.duration <= 0 || sw_time_mono() - mono0 < o.duration)) {
        double el = sw_time_mono() - mono0, now;
        const sw_system_track *t;
        size_t n;
        if (rep) {
            double tf = dsp_replay_t0(rep) + el * c.speed;
            now = tf + offset;
            int k = dsp_replay_step(rep, tf, &t, &n, &err); /* at the end: expires tracks */
            if (k < 0)
                goto out;
            if (more && !k) {
                printf("display: replay finished at file time %.3f\n", tf);
                fflush(stdout);
            }
            more = k;
        } else {
            now = wall0 + el;
            dsp_synth_step(syn, now, &t, &n);
        }
        memcpy(buf, t, n * sizeof *t);
        for (size_t i = 0; rep && i < n; i++) { /* file time -> the display's clock */
            buf[i].t += offset;
            buf[i].t_first += offset;
        }
        if (c.inputs_rx != rx_seen) {
            rx_seen = c.inputs_rx;
            c.t_last_input = now;
        }
        n += (size_t)dsp_threats_step(&c, now, buf + n);
        dsp_apply_acks(&c, now);
        if (web_set_tracks(c.web, buf, n, now, &err))
            SW_LOGW("display", "%s", err.msg);
        if (now - t_status >= 1.0) {
            publish_status(&c, buf, n, now, rep ? "replay" : "synthetic");
            t_status = now;
        }
        sw_time_sleep(0.1);
    }
    web_stats ws;
    web_get_stats(c.web, &ws);
    printf("display: stopped; %llu streams, %llu bytes sent, %llu deltas\n",
           (unsigned long long)ws.streams_opened, (unsigned long long)ws.bytes_sent,
           (unsigned long long)ws.deltas);
    status = 0;
out:
    if (status)
        cli_fail("display", &err);
    web_stop(c.web);
    dsp_synth_free(syn);
    dsp_replay_close(rep);
    web_layers_free(&c.layers);
    free(buf);
    return status;
}
