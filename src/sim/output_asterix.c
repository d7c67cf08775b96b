/* sim/output_asterix.c - what the simulated sensors put on the wire: ASTERIX CAT048 target
 * reports and CAT034 north markers / sector crossings per radar, CAT021 reports per ADS-B ground
 * station, written into a pcap file and/or sent over UDP in real time or N x faster.
 *
 * Datagrams as radars send them: a radar's plots are packed into one datagram per sector (flushed
 * by the sector-crossing message that follows them, or when 1400 octets are full), each CAT034
 * message is a datagram of its own; an ADS-B station flushes every 0.5 s.  Every datagram carries
 * the sensor's own source address (10.10.SAC.SIC in pcap files) and is stamped with the moment
 * it leaves (the time of its last record), so the stream is in time order.  The encoders are the
 * asterix module's (minimal FSPEC, editions CAT048 1.31, CAT034 1.29, CAT021 2.6); what the
 * records hold is what ingest/ing_plot.c reads back: 3-D radars give their height in I048/110,
 * secondary radars Mode 3/A, Mode C and for Mode S the address and identification, ADS-B its
 * high-resolution WGS-84 position, geometric height, flight level, and NACp (DO-260B). */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef SW_HAVE_ASTERIX

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "asterix/asterix.h"
#include "core/time.h"
#include "ingest/ing_pcap.h"

#define NM 1852.0
#define FT 0.3048
#define DGRAM 1400

typedef struct sensor_out {
    asx_writer w;
    uint8_t buf[DGRAM];
    double t_first, t_last;
    int sock;                /* UDP socket it leaves by (-1: not sent over UDP) */
    struct sockaddr_in dst;  /* where to */
} sensor_out;

struct sim_asx {
    const sim_scenario *sc;
    const asx_uap *u048, *u034, *u021;
    ing_pcap_writer *pcap;
    int sock;                /* the shared socket (default destination) */
    uint8_t dst_ip[4];
    uint16_t dst_port;
    double speed, wall0;
    double start_utc;        /* UTC of scenario time 0 on the wire */
    double wall_start;       /* > 0: scenario time 0 leaves at this wall-clock UTC */
    sensor_out *so;
    int n_adsb;              /* ADS-B stations (flushed on a timer, flush_adsb) */
    double now;              /* time of the latest record or event: datagrams leave in order */
    sim_asx_stats st;
    sw_err err;              /* the first error, reported by sim_asx_close */
};

static int fail(sim_asx *o, sw_rc rc, const sw_err *e)
{
    if (!o->err.rc) {
        o->err = *e;
        o->err.rc = rc;
    }
    return rc;
}

/* Sends or writes one datagram of sensor idx stamped t (scenario time). */
static int emit(sim_asx *o, int idx, double t, const uint8_t *p, size_t n)
{
    const sw_sensor *s = &o->sc->sensors[idx].s;
    sw_err e = {0};
    sw_rc rc;
    double utc = o->start_utc + t;
    sensor_out *so = &o->so[idx];
    if (o->pcap) {
        uint8_t src[4] = {10, 10, s->sac, s->sic};
        if ((rc = ing_pcap_write(o->pcap, utc, src, 8600, o->dst_ip, o->dst_port, p, n, &e)))
            return fail(o, rc, &e);
    }
    if (so->sock >= 0) {
        if (o->speed > 0 && o->wall_start > 0) {
            /* scenario time t leaves at wall_start + t / speed (a shared epoch) */
            double wait = o->wall_start + t / o->speed - sw_time_now();
            if (wait > 0)
                sw_time_sleep(wait);
        } else if (o->speed > 0) {
            if (o->wall0 == 0)
                o->wall0 = sw_time_mono() - t / o->speed;
            double wait = o->wall0 + t / o->speed - sw_time_mono();
            if (wait > 0)
                sw_time_sleep(wait);
        }
        if (sendto(so->sock, p, n, 0, (const struct sockaddr *)&so->dst, sizeof so->dst) < 0 &&
            errno != ECONNREFUSED) {
            sw_err_set(&e, SW_ENET, "sendto %s:%u: %s", inet_ntoa(so->dst.sin_addr),
                       ntohs(so->dst.sin_port), strerror(errno));
            return fail(o, SW_ENET, &e);
        }
    }
    o->st.datagrams++;
    o->st.bytes += (long)n;
    return 0;
}

static int flush(sim_asx *o, int idx, double t)
{
    sensor_out *so = &o->so[idx];
    if (so->w.records == 0)
        return 0;
    size_t n = asx_writer_finish(&so->w);
    int r = emit(o, idx, t, so->buf, n);
    asx_writer_init(&so->w, so->buf, sizeof so->buf, sizeof so->buf);
    return r;
}

static int add(sim_asx *o, int idx, const asx_uap *u, const void *rec, double t)
{
    sensor_out *so = &o->so[idx];
    sw_err e = {0};
    sw_rc rc = asx_writer_add(&so->w, u, rec, &e);
    if (t > o->now)
        o->now = t;
    if (rc == SW_EFULL) {
        if (flush(o, idx, o->now))
            return o->err.rc;
        rc = asx_writer_add(&so->w, u, rec, &e);
    }
    if (rc == SW_ERANGE) {
        o->st.skipped++; /* a value the item cannot hold (e.g. rho beyond 256 NM) */
        return 0;
    }
    if (rc)
        return fail(o, rc, &e);
    if (so->w.records == 1)
        so->t_first = t;
    so->t_last = t;
    o->st.records++;
    return 0;
}

static int find_sensor(const sim_scenario *sc, uint32_t id)
{
    for (int i = 0; i < sc->n_sensors; i++)
        if (sc->sensors[i].s.id == id)
            return i;
    return -1;
}

/* NACp whose 95% bound matches a reported 1-sigma (the inverse of sim_adsb_sigma). */
static int nacp_of(double sigma)
{
    for (int n = 11; n > 0; n--)
        if (sim_adsb_sigma(n) >= sigma * 0.999)
            return n;
    return 0;
}

static void ident(char out[9], const char *cs)
{
    memset(out, 0, 9);
    snprintf(out, 9, "%-8s", cs);
}

static int plot_048(sim_asx *o, int idx, const sw_plot *p)
{
    const sim_sensor *s = &o->sc->sensors[idx];
    asx048 r;
    memset(&r, 0, sizeof r);
#define SET(item) (r.present |= 1ull << (ASX048_FRN_##item - 1))
    SET(010);
    r.i010.sac = s->s.sac;
    r.i010.sic = s->s.sic;
    SET(140);
    r.i140.tod_s = sw_tod_from_utc(o->start_utc + p->t);
    SET(020);
    int ssr = s->s.type == SW_SENSOR_SSR;
    r.i020.typ = ssr ? ((p->flags & SW_HAS_ADDRESS) ? 5 : 2) : 1;
    SET(040);
    r.i040.rho_nm = p->z[0] / NM;
    r.i040.theta_deg = p->z[1] / GEO_DEG;
    if (r.i040.theta_deg >= 360 - 0.5 * 360.0 / 65536)
        r.i040.theta_deg = 0;
    if (p->flags & SW_HAS_MODE3A) {
        SET(070);
        r.i070.mode3a = p->mode3a;
    }
    if (p->flags & SW_HAS_MODEC) {
        SET(090);
        r.i090.fl = floor(p->alt_baro_m / FT / 100.0 * 4 + 0.5) / 4;
    }
    if (p->flags & SW_HAS_ADDRESS) {
        SET(220);
        r.i220.address = p->address;
    }
    if (p->flags & SW_HAS_CALLSIGN) {
        SET(240);
        ident(r.i240.ident, p->callsign);
    }
    if (p->kind == SW_MEAS_RAE && s->has_site) {
        /* I048/110: the height a 3-D radar derives from its measured range and elevation */
        double e[3], h, d;
        geo_radar_to_enu(&s->radar, p->z[0], p->z[1], p->z[2], e);
        geo_radar_height_dist(&s->radar, e, &h, &d);
        double ft = floor(h / FT / 25 + 0.5) * 25;
        if (fabs(ft) <= ASX048_110_MAX_FT) {
            SET(110);
            r.i110.height_ft = ft;
        } else {
            /* a ballistic missile above 62 km: the height goes in the SP field (asterix.h), not
             * the whole plot out of the recording */
            asx048_sp_height_put(&r, h / FT);
        }
    }
#undef SET
    return add(o, idx, o->u048, &r, p->t);
}

static int plot_021(sim_asx *o, int idx, const sw_plot *p)
{
    const sim_sensor *s = &o->sc->sensors[idx];
    asx021 r;
    memset(&r, 0, sizeof r);
#define SET(item) (r.present |= 1ull << (ASX021_FRN_##item - 1))
    double lat, lon, h;
    double e[3] = {p->z[0], p->z[1], p->kind == SW_MEAS_XYZ ? p->z[2] : 0};
    geo_enu_to_lla(&o->sc->w.origin, e, &lat, &lon, &h);
    double tod = sw_tod_from_utc(o->start_utc + p->t);
    SET(010);
    r.i010.sac = s->s.sac;
    r.i010.sic = s->s.sic;
    SET(040);
    r.i040.arc = 0; /* 25 ft */
    SET(071);
    r.i071.toa_pos_s = tod;
    SET(073);
    r.i073.tomr_pos_s = tod;
    SET(131);
    r.i131.lat_deg = lat;
    r.i131.lon_deg = lon;
    SET(080);
    r.i080.address = p->address;
    if (p->flags & SW_HAS_GEO_ALT) {
        SET(140);
        r.i140.height_ft = floor(p->alt_geo_m / FT * 4 / 25 + 0.5) * 25 / 4;
    }
    SET(090);
    r.i090.parts = 2;
    r.i090.nacp = (uint8_t)nacp_of(sqrt(p->R[0]));
    r.i090.nucpnic = 8;
    SET(210);
    r.i210.vn = 2;  /* DO-260B */
    r.i210.ltt = 2; /* 1090 ES */
    if (p->flags & SW_HAS_MODE3A) {
        SET(070);
        r.i070.mode3a = p->mode3a;
    }
    if (p->flags & SW_HAS_MODEC) {
        SET(145);
        r.i145.fl = floor(p->alt_baro_m / FT / 100.0 * 4 + 0.5) / 4;
    }
    if (p->flags & SW_HAS_CALLSIGN) {
        SET(170);
        ident(r.i170.ident, p->callsign);
    }
#undef SET
    int rc = add(o, idx, o->u021, &r, p->t);
    /* an ADS-B station sends twice a second */
    if (!rc && p->t - o->so[idx].t_first >= 0.5)
        rc = flush(o, idx, p->t);
    return rc;
}

/* An ADS-B station sends what it holds at least twice a second, whether or not another report
 * comes: without this a station with few aircraft would hold a report until the next one,
 * seconds later, and a tracker's reordering window would refuse it. */
static int flush_adsb(sim_asx *o, double t)
{
    if (t < o->now)
        t = o->now;
    for (int i = 0; i < o->sc->n_sensors; i++) {
        sensor_out *so = &o->so[i];
        if (o->sc->sensors[i].s.type == SW_SENSOR_ADSB && so->w.records && t - so->t_first >= 0.5 &&
            flush(o, i, t))
            return o->err.rc;
    }
    return 0;
}

int sim_asx_plot(void *ctx, const sw_plot *p)
{
    sim_asx *o = ctx;
    if (o->n_adsb && flush_adsb(o, p->t))
        return o->err.rc;
    int idx = find_sensor(o->sc, p->sensor_id);
    if (idx < 0)
        return 0;
    switch (o->sc->sensors[idx].s.type) {
    case SW_SENSOR_PSR:
    case SW_SENSOR_SSR:
    case SW_SENSOR_3D: return plot_048(o, idx, p);
    case SW_SENSOR_ADSB: return plot_021(o, idx, p);
    default: o->st.skipped++; return 0; /* a generic Cartesian source has no ASTERIX form here */
    }
}

int sim_asx_event(void *ctx, const sim_event *ev)
{
    sim_asx *o = ctx;
    const sim_sensor *s = &o->sc->sensors[ev->sensor];
    if (o->n_adsb && flush_adsb(o, ev->t))
        return o->err.rc;
    if (s->s.type == SW_SENSOR_CART || s->s.type == SW_SENSOR_ADSB)
        return 0;
    /* the sector's plots leave first, then the service message on its own */
    if (ev->t > o->now)
        o->now = ev->t;
    if (flush(o, ev->sensor, ev->t))
        return o->err.rc;
    asx034 r;
    memset(&r, 0, sizeof r);
#define SET(item) (r.present |= 1ull << (ASX034_FRN_##item - 1))
    SET(010);
    r.i010.sac = s->s.sac;
    r.i010.sic = s->s.sic;
    SET(000);
    r.i000.msg_type = ev->kind == SIM_EV_NORTH ? 1 : 2;
    SET(030);
    r.i030.tod_s = sw_tod_from_utc(o->start_utc + ev->t);
    SET(020);
    r.i020.sector_deg = floor(ev->azimuth / GEO_DEG * 256.0 / 360.0 + 0.5) * 360.0 / 256.0;
    if (r.i020.sector_deg >= 360)
        r.i020.sector_deg = 0;
    if (ev->kind == SIM_EV_NORTH) {
        SET(041);
        r.i041.period_s = s->period;
    }
#undef SET
    if (add(o, ev->sensor, o->u034, &r, ev->t))
        return o->err.rc;
    o->st.service++;
    return flush(o, ev->sensor, ev->t);
}

/* A UDP socket to dst; on a loopback destination it is bound to 127.10.SAC.SIC when src is
 * given, so each simulated radar has a source address of its own, as on a radar LAN, and a
 * receiver's allow-list can bind each source to its SAC/SIC. */
static sw_rc open_sock(int *fd, const uint8_t dst_ip[4], const uint8_t *src, sw_err *err)
{
    *fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (*fd < 0)
        return sw_err_set(err, SW_ENET, "socket: %s", strerror(errno));
    if (src && dst_ip[0] == 127) {
        struct sockaddr_in sa = {.sin_family = AF_INET};
        memcpy(&sa.sin_addr, src, 4);
        if (bind(*fd, (const struct sockaddr *)&sa, sizeof sa) != 0)
            return sw_err_set(err, SW_ENET, "bind %u.%u.%u.%u: %s", src[0], src[1], src[2],
                              src[3], strerror(errno));
    }
    return SW_OK;
}

static sw_rc parse_dst(const char *spec, struct sockaddr_in *sa, uint8_t ip[4], uint16_t *port,
                       sw_err *err)
{
    sw_rc rc = ing_parse_ipv4(spec, 1, ip, port, err);
    if (rc)
        return rc;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(*port);
    memcpy(&sa->sin_addr, ip, 4);
    return SW_OK;
}

sw_rc sim_asx_open(sim_asx **out, const sim_scenario *sc, const sim_asx_options *opt, sw_err *err)
{
    *out = NULL;
    sim_asx *o = calloc(1, sizeof *o);
    if (!o)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    o->sc = sc;
    o->sock = -1;
    o->speed = opt->speed;
    o->start_utc = opt->start_utc > 0 ? opt->start_utc : sc->w.start_utc;
    o->wall_start = opt->wall_start;
    o->u048 = asx_uap_find(48, NULL);
    o->u034 = asx_uap_find(34, NULL);
    o->u021 = asx_uap_find(21, NULL);
    o->so = calloc((size_t)sc->n_sensors + 1, sizeof *o->so);
    if (!o->so || !o->u048 || !o->u034 || !o->u021) {
        free(o->so);
        free(o);
        return sw_err_set(err, SW_ENOMEM, "ASTERIX output: no memory or no UAP");
    }
    for (int i = 0; i < sc->n_sensors; i++) {
        asx_writer_init(&o->so[i].w, o->so[i].buf, sizeof o->so[i].buf, sizeof o->so[i].buf);
        o->so[i].sock = -1;
        o->n_adsb += sc->sensors[i].s.type == SW_SENSOR_ADSB;
    }
    const char *dst = opt->udp ? opt->udp : "239.255.48.1:8600";
    struct sockaddr_in def;
    sw_rc rc = parse_dst(dst, &def, o->dst_ip, &o->dst_port, err);
    if (!rc && opt->pcap)
        rc = ing_pcap_create(&o->pcap, opt->pcap, err);
    if (!rc && opt->udp && !(rc = open_sock(&o->sock, o->dst_ip, NULL, err)))
        for (int i = 0; i < sc->n_sensors; i++) {
            o->so[i].sock = o->sock;
            o->so[i].dst = def;
        }
    /* per-nation destinations: a nation's sensors go to its node only */
    for (int r = 0; !rc && r < opt->n_routes; r++) {
        struct sockaddr_in sa;
        uint8_t ip[4];
        uint16_t port;
        if ((rc = parse_dst(opt->routes[r].udp, &sa, ip, &port, err))) {
            sw_err_prefix(err, "--udp-nation %s=%s: ", opt->routes[r].nation, opt->routes[r].udp);
            break;
        }
        int any = 0;
        for (int i = 0; !rc && i < sc->n_sensors; i++) {
            const sw_sensor *s = &sc->sensors[i].s;
            if (strcmp(s->nation, opt->routes[r].nation))
                continue;
            any = 1;
            if (s->type == SW_SENSOR_CART)
                continue;
            uint8_t src[4] = {127, 10, s->sac, s->sic};
            o->so[i].dst = sa;
            rc = open_sock(&o->so[i].sock, ip, src, err);
        }
        if (!rc && !any)
            rc = sw_err_set(err, SW_ENOTFOUND, "--udp-nation %s: the scenario has no sensor of "
                            "nation %s", opt->routes[r].nation, opt->routes[r].nation);
    }
    if (rc) {
        sim_asx_close(o, NULL);
        return rc;
    }
    *out = o;
    return SW_OK;
}

sw_rc sim_asx_flush(sim_asx *o, sw_err *err)
{
    if (!o->err.rc)
        for (int i = 0; o->so && i < o->sc->n_sensors; i++)
            if (flush(o, i, o->now))
                break;
    if (o->err.rc && err)
        *err = o->err;
    return o->err.rc;
}

sw_rc sim_asx_close(sim_asx *o, sw_err *err)
{
    if (!o)
        return SW_OK;
    sw_rc rc = SW_OK;
    sim_asx_flush(o, NULL);
    if (o->pcap) {
        sw_err e = {0};
        sw_rc r2 = ing_pcap_finish(o->pcap, &e);
        if (r2 && !o->err.rc)
            fail(o, r2, &e);
    }
    for (int i = 0; o->so && i < o->sc->n_sensors; i++)
        if (o->so[i].sock >= 0 && o->so[i].sock != o->sock)
            close(o->so[i].sock);
    if (o->sock >= 0)
        close(o->sock);
    if (o->err.rc) {
        rc = o->err.rc;
        if (err)
            *err = o->err;
    }
    free(o->so);
    free(o);
    return rc;
}

const sim_asx_stats *sim_asx_stats_of(const sim_asx *o) { return &o->st; }

#else /* no asterix module in this build */

sw_rc sim_asx_open(sim_asx **out, const sim_scenario *sc, const sim_asx_options *opt, sw_err *err)
{
    (void)sc;
    (void)opt;
    *out = NULL;
    return sw_err_set(err, SW_EUNSUPPORTED, "this build has no ASTERIX codec (src/asterix)");
}
int sim_asx_plot(void *ctx, const sw_plot *p) { (void)ctx, (void)p; return SW_EUNSUPPORTED; }
int sim_asx_event(void *ctx, const sim_event *ev) { (void)ctx, (void)ev; return SW_EUNSUPPORTED; }
sw_rc sim_asx_close(sim_asx *o, sw_err *err) { (void)o, (void)err; return SW_OK; }
sw_rc sim_asx_flush(sim_asx *o, sw_err *err) { (void)o, (void)err; return SW_OK; }
const sim_asx_stats *sim_asx_stats_of(const sim_asx *o) { (void)o; return NULL; }

#endif
