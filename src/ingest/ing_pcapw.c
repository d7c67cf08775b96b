/* ingest/ing_pcapw.c - writing UDP datagrams as Ethernet/IPv4/UDP frames into a pcap file.
 * The headers are built here with real checksums so that Wireshark/tshark accept the frames as
 * they would a capture; multicast destinations get the multicast MAC they would have on a LAN. */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ing_pcap.h"

struct ing_pcap_writer {
    pcap_t *pc;
    pcap_dumper_t *d;
    char path[512];
    uint16_t ip_id;
    long long bytes;
    uint8_t frame[14 + 20 + 8 + 65535];
};

sw_rc ing_parse_ipv4(const char *s, int want_port, uint8_t ip[4], uint16_t *port, sw_err *err)
{
    char host[64];
    const char *colon = strrchr(s, ':');
    size_t hl = colon ? (size_t)(colon - s) : strlen(s);
    if (hl >= sizeof host)
        goto bad;
    memcpy(host, s, hl);
    host[hl] = 0;
    struct in_addr a;
    if (inet_pton(AF_INET, host, &a) != 1)
        goto bad;
    memcpy(ip, &a, 4);
    if (port)
        *port = 0;
    if (colon) {
        char *e;
        long p = strtol(colon + 1, &e, 10);
        if (*e || p < 0 || p > 65535 || !port)
            goto bad;
        *port = (uint16_t)p;
    } else if (want_port) {
        goto bad;
    }
    return SW_OK;
bad:
    return sw_err_set(err, SW_EINVAL, "'%s' is not an IPv4 address%s", s,
                      want_port ? " with a port (a.b.c.d:port)" : "");
}

sw_rc ing_pcap_create(ing_pcap_writer **out, const char *path, sw_err *err)
{
    *out = NULL;
    ing_pcap_writer *w = calloc(1, sizeof *w);
    if (!w)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    w->pc = pcap_open_dead(DLT_EN10MB, 65535);
    w->d = w->pc ? pcap_dump_open(w->pc, path) : NULL;
    if (!w->d) {
        sw_err_set(err, SW_EIO, "%s: cannot create: %s", path, w->pc ? pcap_geterr(w->pc) : "pcap");
        if (w->pc)
            pcap_close(w->pc);
        free(w);
        return SW_EIO;
    }
    snprintf(w->path, sizeof w->path, "%s", path);
    w->bytes = 24;
    *out = w;
    return SW_OK;
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        s += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        s += (uint32_t)p[n - 1] << 8;
    return s;
}

static uint16_t fold(uint32_t s)
{
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

sw_rc ing_pcap_write(ing_pcap_writer *w, double ts, const uint8_t src_ip[4], uint16_t src_port,
                     const uint8_t dst_ip[4], uint16_t dst_port, const uint8_t *p, size_t n,
                     sw_err *err)
{
    if (n > 65535 - 28)
        return sw_err_set(err, SW_ERANGE, "%s: a UDP datagram of %zu octets (at most 65507)",
                          w->path, n);
    uint8_t *f = w->frame, *ip = f + 14, *u = ip + 20;
    /* Ethernet: locally administered unicast MACs, or 01:00:5e + the group's low 23 bits */
    static const uint8_t src_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
    if (dst_ip[0] >= 224 && dst_ip[0] <= 239) {
        uint8_t m[6] = {0x01, 0x00, 0x5e, (uint8_t)(dst_ip[1] & 0x7f), dst_ip[2], dst_ip[3]};
        memcpy(f, m, 6);
    } else {
        uint8_t m[6] = {0x02, 0, 0, 0, 0, 0x02};
        memcpy(f, m, 6);
    }
    memcpy(f + 6, src_mac, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    size_t tot = 20 + 8 + n;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    ip[2] = (uint8_t)(tot >> 8);
    ip[3] = (uint8_t)tot;
    ip[4] = (uint8_t)(w->ip_id >> 8);
    ip[5] = (uint8_t)w->ip_id;
    w->ip_id++;
    ip[6] = 0x40; /* don't fragment */
    ip[8] = dst_ip[0] >= 224 && dst_ip[0] <= 239 ? 16 : 64;
    ip[9] = 17;
    memcpy(ip + 12, src_ip, 4);
    memcpy(ip + 16, dst_ip, 4);
    uint16_t c = fold(sum16(ip, 20, 0));
    ip[10] = (uint8_t)(c >> 8);
    ip[11] = (uint8_t)c;
    size_t ulen = 8 + n;
    u[0] = (uint8_t)(src_port >> 8);
    u[1] = (uint8_t)src_port;
    u[2] = (uint8_t)(dst_port >> 8);
    u[3] = (uint8_t)dst_port;
    u[4] = (uint8_t)(ulen >> 8);
    u[5] = (uint8_t)ulen;
    u[6] = u[7] = 0;
    memcpy(u + 8, p, n);
    /* UDP checksum over the pseudo-header (addresses, protocol, length) and the datagram */
    uint32_t s = sum16(ip + 12, 8, 0) + 17 + (uint32_t)ulen;
    c = fold(sum16(u, ulen, s));
    if (c == 0)
        c = 0xffff;
    u[6] = (uint8_t)(c >> 8);
    u[7] = (uint8_t)c;
    struct pcap_pkthdr h;
    double sec = ts < 0 ? 0 : ts;
    h.ts.tv_sec = (time_t)sec;
    h.ts.tv_usec = (suseconds_t)((sec - (double)h.ts.tv_sec) * 1e6 + 0.5);
    if (h.ts.tv_usec >= 1000000) {
        h.ts.tv_sec++;
        h.ts.tv_usec -= 1000000;
    }
    h.caplen = h.len = (bpf_u_int32)(14 + tot);
    pcap_dump((u_char *)w->d, &h, f);
    w->bytes += 16 + (long long)h.caplen;
    return SW_OK;
}

long long ing_pcap_bytes(const ing_pcap_writer *w) { return w->bytes; }

sw_rc ing_pcap_finish(ing_pcap_writer *w, sw_err *err)
{
    if (!w)
        return SW_OK;
    sw_rc rc = SW_OK;
    if (pcap_dump_flush(w->d) != 0)
        rc = sw_err_set(err, SW_EIO, "%s: write failed: %s", w->path, strerror(errno));
    pcap_dump_close(w->d);
    pcap_close(w->pc);
    free(w);
    return rc;
}
