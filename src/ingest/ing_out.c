/* ingest/ing_out.c - UDP/pcap sending, and tracks as CAT062 datagrams. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ingest/ing_out.h"

sw_rc ing_sender_open(ing_sender *s, const char *udp_to, const char *pcap, sw_err *err)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    /* frames in the pcap say where the datagrams went: the UDP destination, else port 8600 */
    memcpy(s->src_ip, (uint8_t[4]){127, 0, 0, 1}, 4);
    memcpy(s->dst_ip, (uint8_t[4]){127, 0, 0, 1}, 4);
    s->src_port = 40000;
    s->dst_port = 8600;
    sw_rc rc;
    if (udp_to) {
        if ((rc = ing_parse_ipv4(udp_to, 1, s->dst_ip, &s->dst_port, err)))
            return rc;
        s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s->fd < 0)
            return sw_err_set(err, SW_ENET, "%s: socket: %s", udp_to, strerror(errno));
        int ttl = 1;
        setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
        s->to.sin_family = AF_INET;
        s->to.sin_port = htons(s->dst_port);
        memcpy(&s->to.sin_addr, s->dst_ip, 4);
    }
    if (pcap && (rc = ing_pcap_create(&s->pcap, pcap, err))) {
        if (s->fd >= 0)
            close(s->fd);
        s->fd = -1;
        return rc;
    }
    return SW_OK;
}

sw_rc ing_sender_send(ing_sender *s, double t, const uint8_t *p, size_t n, sw_err *err)
{
    if (s->fd >= 0 && sendto(s->fd, p, n, 0, (struct sockaddr *)&s->to, sizeof s->to) < 0)
        return sw_err_set(err, SW_ENET, "sendto: %s", strerror(errno));
    sw_rc rc;
    if (s->pcap && (rc = ing_pcap_write(s->pcap, t, s->src_ip, s->src_port, s->dst_ip,
                                        s->dst_port, p, n, err)))
        return rc;
    s->datagrams++;
    return SW_OK;
}

sw_rc ing_sender_close(ing_sender *s, sw_err *err)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    sw_rc rc = s->pcap ? ing_pcap_finish(s->pcap, err) : SW_OK;
    s->pcap = NULL;
    return rc;
}

struct ing_cat062 {
    ing_sender tx;
    asx_track_out enc;
    asx_writer w;
    asx062 rec;
    double t;          /* latest track time in the pending datagram */
    long records;
    uint8_t buf[65536];
};

sw_rc ing_cat062_open(ing_cat062 **out, const ing_cat062_cfg *cfg, sw_err *err)
{
    ing_cat062 *o = calloc(1, sizeof *o);
    if (!o)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    sw_rc rc = ing_sender_open(&o->tx, cfg->udp_to, cfg->pcap, err);
    if (rc) {
        free(o);
        return rc;
    }
    asx_track_out_init(&o->enc, cfg->sac, cfg->sic, cfg->service, &cfg->origin);
    size_t max = cfg->max_datagram ? cfg->max_datagram : 1400;
    asx_writer_init(&o->w, o->buf, max < sizeof o->buf ? max : sizeof o->buf, max);
    o->t = -1;
    *out = o;
    return SW_OK;
}

sw_rc ing_cat062_flush(ing_cat062 *o, sw_err *err)
{
    size_t n = asx_writer_finish(&o->w);
    return n ? ing_sender_send(&o->tx, o->t, o->buf, n, err) : SW_OK;
}

static sw_rc add(ing_cat062 *o, double t, sw_err *err)
{
    sw_rc rc = asx_writer_add(&o->w, asx_uap_find(62, NULL), &o->rec, err);
    if (rc == SW_EFULL) { /* the datagram is full: send it, start the next */
        if ((rc = ing_cat062_flush(o, err)))
            return rc;
        rc = asx_writer_add(&o->w, asx_uap_find(62, NULL), &o->rec, err);
    }
    if (rc)
        return rc;
    if (t > o->t)
        o->t = t;
    o->records++;
    return SW_OK;
}

sw_rc ing_cat062_system_track(ing_cat062 *o, const sw_system_track *t, sw_err *err)
{
    asx_track_out_system(&o->enc, t, &o->rec);
    return add(o, t->t, err);
}

sw_rc ing_cat062_track(ing_cat062 *o, const sw_track *t, sw_err *err)
{
    asx_track_out_local(&o->enc, t, &o->rec);
    return add(o, t->t, err);
}

long ing_cat062_records(const ing_cat062 *o) { return o->records; }
long ing_cat062_datagrams(const ing_cat062 *o) { return o->tx.datagrams; }

sw_rc ing_cat062_close(ing_cat062 *o, sw_err *err)
{
    if (!o)
        return SW_OK;
    sw_rc rc = ing_cat062_flush(o, err);
    sw_rc rc2 = ing_sender_close(&o->tx, rc ? NULL : err);
    free(o);
    return rc ? rc : rc2;
}
