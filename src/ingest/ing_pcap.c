/* ingest/ing_pcap.c - reading UDP payloads out of pcap files (libpcap reads the file; the
 * link, IP and UDP headers are taken apart here, with every length checked against the
 * captured octets). */
#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ing_pcap.h"

struct ing_pcap_reader {
    pcap_t *pc;
    FILE *f;
    char name[256];
    int link;
    int offsets;          /* classic pcap: file offsets can be computed */
    long frame;
    ing_pcap_stats st;
};

char *ing_addr_str(const uint8_t ip[16], int ipv6, uint16_t port, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    inet_ntop(ipv6 ? AF_INET6 : AF_INET, ip, a, sizeof a);
    snprintf(buf, n, ipv6 ? "[%s]:%u" : "%s:%u", a, port);
    return buf;
}

sw_rc ing_pcap_open_stream(ing_pcap_reader **out, FILE *f, const char *name, sw_err *err)
{
    *out = NULL;
    uint8_t magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    rewind(f);
    char eb[PCAP_ERRBUF_SIZE] = "";
    pcap_t *pc = pcap_fopen_offline(f, eb);
    if (!pc) {
        fclose(f);
        return sw_err_set(err, SW_EFORMAT, "%s: not a pcap file: %s", name, eb);
    }
    ing_pcap_reader *r = calloc(1, sizeof *r);
    if (!r) {
        pcap_close(pc);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", name);
    }
    r->pc = pc;
    r->f = f;
    r->link = pcap_datalink(pc);
    /* classic pcap: 24-octet header, then 16-octet record headers and the data back to back */
    r->offsets = got == 4 && !(magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d &&
                               magic[3] == 0x0a);
    snprintf(r->name, sizeof r->name, "%s", name);
    *out = r;
    return SW_OK;
}

sw_rc ing_pcap_open(ing_pcap_reader **r, const char *path, sw_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: cannot open: %s", path, strerror(errno));
    return ing_pcap_open_stream(r, f, path, err);
}

const ing_pcap_stats *ing_pcap_stats_of(const ing_pcap_reader *r) { return &r->st; }
int ing_pcap_linktype(const ing_pcap_reader *r) { return r->link; }

void ing_pcap_close(ing_pcap_reader *r)
{
    if (r) {
        pcap_close(r->pc); /* closes the stream */
        free(r);
    }
}

static int bad(ing_pcap_reader *r, sw_err *err, long *counter, const char *why, size_t have,
               size_t want)
{
    if (counter)
        (*counter)++;
    sw_err_set(err, SW_EFORMAT, "%s: frame %ld: %s (%zu octets captured, %zu needed)", r->name,
               r->frame, why, have, want);
    return SW_EFORMAT;
}

/* UDP at p (n octets): the payload into d. */
static int udp(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    if (n < 8)
        return bad(r, err, &r->st.truncated, "UDP header cut short", n, 8);
    size_t ulen = (size_t)p[4] << 8 | p[5];
    if (ulen < 8)
        return bad(r, err, NULL, "UDP length field below 8", ulen, 8);
    if (ulen > n)
        return bad(r, err, &r->st.truncated, "UDP datagram cut short by the capture", n, ulen);
    d->src_port = (uint16_t)(p[0] << 8 | p[1]);
    d->dst_port = (uint16_t)(p[2] << 8 | p[3]);
    d->p = p + 8;
    d->n = ulen - 8;
    return 1;
}

static int ipv4(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    if (n < 20)
        return bad(r, err, &r->st.truncated, "IPv4 header cut short", n, 20);
    size_t ihl = (size_t)(p[0] & 15) * 4, tot = (size_t)p[2] << 8 | p[3];
    if ((p[0] >> 4) != 4 || ihl < 20)
        return bad(r, err, NULL, "not a valid IPv4 header", n, 20);
    if (tot < ihl || tot > n) {
        if (tot > n)
            return bad(r, err, &r->st.truncated, "IPv4 packet cut short by the capture", n, tot);
        return bad(r, err, NULL, "IPv4 total length below its header length", tot, ihl);
    }
    if (p[9] != 17) {
        r->st.not_udp++;
        return 0;
    }
    if ((p[6] & 0x3f) || p[7]) { /* MF set or a non-zero fragment offset */
        r->st.fragments++;
        return 0;
    }
    d->ipv6 = 0;
    memcpy(d->src_ip, p + 12, 4);
    memcpy(d->dst_ip, p + 16, 4);
    return udp(r, p + ihl, tot - ihl, d, err);
}

static int ipv6(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    if (n < 40)
        return bad(r, err, &r->st.truncated, "IPv6 header cut short", n, 40);
    size_t plen = (size_t)p[4] << 8 | p[5];
    if (40 + plen > n)
        return bad(r, err, &r->st.truncated, "IPv6 packet cut short by the capture", n, 40 + plen);
    unsigned nh = p[6];
    size_t off = 40, end = 40 + plen;
    while (nh == 0 || nh == 43 || nh == 60) { /* hop-by-hop, routing, destination options */
        if (off + 8 > end)
            return bad(r, err, &r->st.truncated, "IPv6 extension header cut short", end, off + 8);
        nh = p[off];
        off += ((size_t)p[off + 1] + 1) * 8;
    }
    if (nh == 44) {
        r->st.fragments++;
        return 0;
    }
    if (nh != 17 || off > end) {
        r->st.not_udp++;
        return 0;
    }
    d->ipv6 = 1;
    memcpy(d->src_ip, p + 8, 16);
    memcpy(d->dst_ip, p + 24, 16);
    return udp(r, p + off, end - off, d, err);
}

static int by_ethertype(ing_pcap_reader *r, unsigned et, const uint8_t *p, size_t n,
                        ing_datagram *d, sw_err *err)
{
    if (et == 0x0800)
        return ipv4(r, p, n, d, err);
    if (et == 0x86dd)
        return ipv6(r, p, n, d, err);
    r->st.not_udp++;
    return 0;
}

static int ethernet(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    size_t off = 12;
    for (;;) {
        if (off + 2 > n)
            return bad(r, err, &r->st.truncated, "Ethernet header cut short", n, off + 2);
        unsigned et = (unsigned)p[off] << 8 | p[off + 1];
        off += 2;
        if (et == 0x8100 || et == 0x88a8) { /* VLAN tag: 2 more octets, then the real type */
            off += 2;
            continue;
        }
        if (et > 1500)
            return by_ethertype(r, et, p + off, n - off, d, err);
        /* 802.3 length + LLC: SNAP carries an ethertype, a UI frame carries the data itself */
        size_t len = et;
        if (off + len > n)
            return bad(r, err, &r->st.truncated, "802.3 frame cut short", n, off + len);
        if (len >= 8 && p[off] == 0xaa && p[off + 1] == 0xaa && p[off + 2] == 0x03)
            return by_ethertype(r, (unsigned)p[off + 6] << 8 | p[off + 7], p + off + 8, len - 8, d,
                                err);
        if (len < 3 || p[off + 2] != 0x03) {
            r->st.not_udp++;
            return 0;
        }
        d->llc = 1;
        d->p = p + off + 3;
        d->n = len - 3;
        return 1;
    }
}

static int null_loop(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    if (n < 4)
        return bad(r, err, &r->st.truncated, "loopback header cut short", n, 4);
    uint32_t be = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    uint32_t le = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    uint32_t af = r->link == DLT_LOOP ? be : (be < 256 ? be : le); /* NULL: the writer's order */
    if (af == 2)
        return ipv4(r, p + 4, n - 4, d, err);
    if (af == 10 || af == 24 || af == 28 || af == 30)
        return ipv6(r, p + 4, n - 4, d, err);
    r->st.not_udp++;
    return 0;
}

static int frame(ing_pcap_reader *r, const uint8_t *p, size_t n, ing_datagram *d, sw_err *err)
{
    switch (r->link) {
    case DLT_EN10MB:
        return ethernet(r, p, n, d, err);
    case DLT_LINUX_SLL:
        if (n < 16)
            return bad(r, err, &r->st.truncated, "Linux cooked header cut short", n, 16);
        return by_ethertype(r, (unsigned)p[14] << 8 | p[15], p + 16, n - 16, d, err);
    case DLT_LINUX_SLL2:
        if (n < 20)
            return bad(r, err, &r->st.truncated, "Linux cooked v2 header cut short", n, 20);
        return by_ethertype(r, (unsigned)p[0] << 8 | p[1], p + 20, n - 20, d, err);
    case DLT_NULL:
    case DLT_LOOP:
        return null_loop(r, p, n, d, err);
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6:
        if (n < 1)
            return bad(r, err, &r->st.truncated, "empty frame", n, 1);
        return (p[0] >> 4) == 6 ? ipv6(r, p, n, d, err) : ipv4(r, p, n, d, err);
    default:
        return sw_err_set(err, SW_EUNSUPPORTED, "%s: link type %d (%s) is not supported", r->name,
                          r->link, pcap_datalink_val_to_name(r->link) ? pcap_datalink_val_to_name(r->link) : "?");
    }
}

int ing_pcap_next(ing_pcap_reader *r, ing_datagram *d, sw_err *err)
{
    for (;;) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(r->pc, &h, &data);
        if (rc == PCAP_ERROR_BREAK)
            return 0;
        if (rc != 1)
            return sw_err_set(err, SW_EIO, "%s: after frame %ld: %s", r->name, r->frame,
                              pcap_geterr(r->pc));
        r->frame++;
        r->st.frames++;
        memset(d, 0, sizeof *d);
        d->frame = r->frame;
        d->ts = (double)h->ts.tv_sec + h->ts.tv_usec * 1e-6;
        d->file_off = -1;
        rc = frame(r, data, h->caplen, d, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            continue;
        if (r->offsets) {
            long end = ftell(pcap_file(r->pc));
            if (end >= (long)h->caplen)
                d->file_off = (long long)(end - (long)h->caplen) + (d->p - data);
        }
        r->st.datagrams++;
        return 1;
    }
}
