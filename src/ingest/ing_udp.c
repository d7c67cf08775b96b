/* ingest/ing_udp.c - UDP receivers (unicast and multicast) with a source allow-list.
 * recvmsg() gives each datagram's source, its destination (IP_PKTINFO: the group it came to)
 * and the kernel's receive time (SO_TIMESTAMP), which is the reference the ASTERIX times of day
 * are unrolled against. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/time.h"
#include "ingest/ing_udp.h"

void ing_udp_init(ing_udp *u)
{
    u->n = 0;
    u->nallow = 0;
}

sw_rc ing_udp_listen(ing_udp *u, const char *spec, sw_err *err)
{
    if (u->n >= ING_MAX_FEEDS)
        return sw_err_set(err, SW_EFULL, "--udp %s: at most %d feeds", spec, ING_MAX_FEEDS);
    char addr[64], ifa[64] = "";
    snprintf(addr, sizeof addr, "%s", spec);
    char *at = strchr(addr, '@');
    if (at) {
        snprintf(ifa, sizeof ifa, "%s", at + 1);
        *at = 0;
    }
    ing_feed_st *f = &u->feed[u->n];
    memset(f, 0, sizeof *f);
    uint8_t ifip[4] = {0};
    sw_rc rc = ing_parse_ipv4(addr, 1, f->addr, &f->port, err);
    if (!rc && ifa[0])
        rc = ing_parse_ipv4(ifa, 0, ifip, NULL, err);
    if (rc)
        return sw_err_set(err, rc, "--udp %s: expected ADDR:PORT[@IFADDR]", spec);
    f->multicast = f->addr[0] >= 224 && f->addr[0] <= 239;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return sw_err_set(err, SW_ENET, "--udp %s: socket: %s", spec, strerror(errno));
    int one = 1, big = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big); /* bursts at the north marker */
    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one, sizeof one);
    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(f->port)};
    memcpy(&sa.sin_addr, f->addr, 4); /* a group is bound too: only its datagrams arrive */
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        rc = sw_err_set(err, SW_ENET, "--udp %s: bind: %s", spec, strerror(errno));
        close(fd);
        return rc;
    }
    if (f->multicast) {
        struct ip_mreq m;
        memcpy(&m.imr_multiaddr, f->addr, 4);
        memcpy(&m.imr_interface, ifip, 4);
        if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) != 0) {
            rc = sw_err_set(err, SW_ENET, "--udp %s: joining the group: %s", spec, strerror(errno));
            close(fd);
            return rc;
        }
    }
    f->fd = fd;
    snprintf(f->name, sizeof f->name, "%s", spec);
    u->n++;
    return SW_OK;
}

sw_rc ing_udp_allow(ing_udp *u, const char *spec, sw_err *err)
{
    if (u->nallow >= ING_MAX_ALLOW)
        return sw_err_set(err, SW_EFULL, "--allow %s: at most %d entries", spec, ING_MAX_ALLOW);
    char ip[64];
    snprintf(ip, sizeof ip, "%s", spec);
    ing_allow *a = &u->allow[u->nallow];
    a->sac = a->sic = -1;
    char *eq = strchr(ip, '=');
    if (eq) {
        int sac, sic;
        char tail;
        if (sscanf(eq + 1, "%d/%d%c", &sac, &sic, &tail) != 2 || sac < 0 || sac > 255 || sic < 0 ||
            sic > 255)
            return sw_err_set(err, SW_EINVAL, "--allow %s: expected ADDR[/LEN][=SAC/SIC]", spec);
        a->sac = (int16_t)sac;
        a->sic = (int16_t)sic;
        *eq = 0;
    }
    int len = 32;
    char *sl = strchr(ip, '/');
    if (sl) {
        char *e;
        long l = strtol(sl + 1, &e, 10);
        if (*e || l < 0 || l > 32)
            return sw_err_set(err, SW_EINVAL, "--allow %s: prefix length 0..32", spec);
        len = (int)l;
        *sl = 0;
    }
    struct in_addr in;
    if (inet_pton(AF_INET, ip, &in) != 1)
        return sw_err_set(err, SW_EINVAL, "--allow %s: '%s' is not an IPv4 address", spec, ip);
    a->mask = len ? 0xffffffffu << (32 - len) : 0;
    a->net = ntohl(in.s_addr) & a->mask;
    u->nallow++;
    return SW_OK;
}

int ing_udp_allowed(const ing_udp *u, const uint8_t src[4])
{
    if (!u->nallow)
        return ING_MAX_ALLOW;
    uint32_t ip = (uint32_t)src[0] << 24 | (uint32_t)src[1] << 16 | (uint32_t)src[2] << 8 | src[3];
    for (int i = 0; i < u->nallow; i++)
        if ((ip & u->allow[i].mask) == u->allow[i].net)
            return i;
    return -1;
}

static int drain(ing_udp *u, int k, void (*fn)(void *, const ing_udp_msg *), void *ctx)
{
    ing_feed_st *f = &u->feed[k];
    int passed = 0;
    for (int burst = 0; burst < 1024; burst++) {
        struct sockaddr_in from;
        char ctl[256];
        struct iovec iov = {u->buf, sizeof u->buf};
        struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov,
                            .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
        ssize_t n = recvmsg(f->fd, &mh, 0);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? passed : SW_ENET;
        ing_udp_msg m = {u->buf, (size_t)n, -1, {0}, {0}, ntohs(from.sin_port), f->port, -1, -1, k};
        memcpy(m.src, &from.sin_addr, 4);
        memcpy(m.dst, f->addr, 4);
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMP) {
                struct timeval tv;
                memcpy(&tv, CMSG_DATA(c), sizeof tv);
                m.t_rx = (double)tv.tv_sec + tv.tv_usec * 1e-6;
            } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                struct in_pktinfo pi;
                memcpy(&pi, CMSG_DATA(c), sizeof pi);
                memcpy(m.dst, &pi.ipi_addr, 4);
            }
        }
        if (m.t_rx < 0)
            m.t_rx = sw_time_now();
        int a = ing_udp_allowed(u, m.src);
        if (a < 0) {
            f->denied++;
            continue;
        }
        if (a < u->nallow) {
            m.sac = u->allow[a].sac;
            m.sic = u->allow[a].sic;
        }
        f->received++;
        passed++;
        fn(ctx, &m);
    }
    return passed;
}

int ing_udp_poll(ing_udp *u, double timeout_s, void (*fn)(void *, const ing_udp_msg *), void *ctx)
{
    struct pollfd pf[ING_MAX_FEEDS];
    for (int i = 0; i < u->n; i++) {
        pf[i].fd = u->feed[i].fd;
        pf[i].events = POLLIN;
        pf[i].revents = 0;
    }
    int ms = timeout_s <= 0 ? 0 : (int)(timeout_s * 1000 + 0.5);
    int r = poll(pf, (nfds_t)u->n, ms);
    if (r < 0)
        return errno == EINTR ? 0 : SW_ENET;
    int total = 0;
    for (int i = 0; i < u->n && r > 0; i++) {
        if (!(pf[i].revents & POLLIN))
            continue;
        int k = drain(u, i, fn, ctx);
        if (k < 0)
            return k;
        total += k;
    }
    return total;
}

long ing_udp_denied(const ing_udp *u)
{
    long n = 0;
    for (int i = 0; i < u->n; i++)
        n += u->feed[i].denied;
    return n;
}

void ing_udp_close(ing_udp *u)
{
    for (int i = 0; i < u->n; i++)
        close(u->feed[i].fd);
    u->n = 0;
}

sw_rc ing_udp_allow_sensors(ing_udp *u, const geo_sensor_set *set, sw_err *err)
{
    for (int i = 0; i < set->n; i++) {
        char list[sizeof set->source[0]], *save = NULL;
        snprintf(list, sizeof list, "%s", set->source[i]);
        for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int users = 0, first = -1;
            for (int j = 0; j < set->n; j++) {
                char l2[sizeof set->source[0]], *s2 = NULL;
                snprintf(l2, sizeof l2, "%s", set->source[j]);
                for (char *t2 = strtok_r(l2, ",", &s2); t2; t2 = strtok_r(NULL, ",", &s2))
                    if (!strcmp(t2, tok)) {
                        users++;
                        if (first < 0)
                            first = j;
                        break;
                    }
            }
            if (first != i)
                continue; /* listed once, at its first sensor */
            char spec[96];
            const sw_sensor *s = &set->s[i];
            if (users == 1 && s->type != SW_SENSOR_CART)
                snprintf(spec, sizeof spec, "%s=%d/%d", tok, s->sac, s->sic);
            else
                snprintf(spec, sizeof spec, "%s", tok);
            sw_rc rc = ing_udp_allow(u, spec, err);
            if (rc) {
                sw_err_prefix(err, "sensor %s 'source': ", s->name[0] ? s->name : "?");
                return rc;
            }
        }
    }
    return SW_OK;
}
