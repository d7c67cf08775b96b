/* tests/ingest/test_ing_pcap.c - UDP payloads out of every link type the reader takes, faults
 * and counters, and what the writer writes read back. */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <string.h>

#include "../core/sw_test.h"
#include "ingest/ing_pcap.h"
#include "ingest/ing_source.h"

static const uint8_t payload[] = {0x30, 0x00, 0x06, 0x80, 0x19, 0xc9};

/* IPv4 + UDP 10.1.2.3:4000 -> 232.1.1.11:21111 carrying payload; returns octets. */
static size_t ipv4_udp(uint8_t *p, int frag)
{
    size_t n = 20 + 8 + sizeof payload;
    memset(p, 0, n);
    p[0] = 0x45;
    p[2] = (uint8_t)(n >> 8);
    p[3] = (uint8_t)n;
    if (frag)
        p[6] = 0x20; /* more fragments */
    p[8] = 64;
    p[9] = 17;
    memcpy(p + 12, "\x0a\x01\x02\x03", 4);
    memcpy(p + 16, "\xe8\x01\x01\x0b", 4);
    uint8_t *u = p + 20;
    u[0] = 4000 >> 8;
    u[1] = 4000 & 255;
    u[2] = 21111 >> 8;
    u[3] = 21111 & 255;
    u[5] = (uint8_t)(8 + sizeof payload);
    memcpy(u + 8, payload, sizeof payload);
    return n;
}

static size_t ipv6_udp(uint8_t *p)
{
    size_t n = 40 + 8 + sizeof payload;
    memset(p, 0, n);
    p[0] = 0x60;
    p[5] = (uint8_t)(8 + sizeof payload);
    p[6] = 17;
    p[7] = 64;
    p[23] = 1;  /* src ::1 */
    p[24] = 0xff, p[25] = 0x02, p[39] = 5;
    uint8_t *u = p + 40;
    u[1] = 100;
    u[3] = 200;
    u[5] = (uint8_t)(8 + sizeof payload);
    memcpy(u + 8, payload, sizeof payload);
    return n;
}

/* Writes frames (link header + IP) of one link type into path. */
static void write_pcap(const char *path, int dlt, const uint8_t *hdr, size_t hn, int v6, int count,
                       int frag)
{
    pcap_t *pc = pcap_open_dead(dlt, 65535);
    pcap_dumper_t *d = pcap_dump_open(pc, path);
    assert_non_null(d);
    for (int i = 0; i < count; i++) {
        uint8_t f[256];
        if (hn)
            memcpy(f, hdr, hn);
        size_t n = hn + (v6 ? ipv6_udp(f + hn) : ipv4_udp(f + hn, frag && i == 0));
        struct pcap_pkthdr h = {{1000 + i, 500000}, (bpf_u_int32)n, (bpf_u_int32)n};
        pcap_dump((u_char *)d, &h, f);
    }
    pcap_dump_close(d);
    pcap_close(pc);
}

static void expect_payload(const char *path, int v6)
{
    ing_pcap_reader *r;
    ing_datagram g;
    sw_err e;
    assert_int_equal(ing_pcap_open(&r, path, &e), SW_OK);
    assert_int_equal(ing_pcap_next(r, &g, &e), 1);
    assert_int_equal(g.n, sizeof payload);
    assert_memory_equal(g.p, payload, sizeof payload);
    assert_near(g.ts, 1000.5, 1e-6);
    assert_int_equal(g.frame, 1);
    char a[64];
    if (v6) {
        assert_string_equal(ing_addr_str(g.src_ip, 1, g.src_port, a, sizeof a), "[::1]:100");
        assert_int_equal(g.dst_port, 200);
    } else {
        assert_string_equal(ing_addr_str(g.src_ip, 0, g.src_port, a, sizeof a), "10.1.2.3:4000");
        assert_string_equal(ing_addr_str(g.dst_ip, 0, g.dst_port, a, sizeof a), "232.1.1.11:21111");
    }
    assert_true(g.file_off > 24); /* classic pcap: the payload's place in the file */
    assert_int_equal(ing_pcap_next(r, &g, &e), 0);
    ing_pcap_close(r);
}

static void test_link_types(void **state)
{
    (void)state;
    char p[64];
    sw_test_tmp(p, "l.pcap");
    static const uint8_t eth[] = {1, 0, 0x5e, 1, 1, 11, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
    static const uint8_t vlan[] = {1, 0, 0x5e, 1, 1, 11, 2, 0, 0, 0, 0, 1, 0x81, 0, 0, 5, 0x08, 0};
    static const uint8_t eth6[] = {0x33, 0x33, 0, 0, 0, 5, 2, 0, 0, 0, 0, 1, 0x86, 0xdd};
    uint8_t sll[16] = {0, 0, 0, 1, 0, 6};
    sll[14] = 0x08;
    uint8_t sll2[20] = {0x08, 0x00};
    static const uint8_t null_le[] = {2, 0, 0, 0}, loop_be[] = {0, 0, 0, 2};
    write_pcap(p, DLT_EN10MB, eth, sizeof eth, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_EN10MB, vlan, sizeof vlan, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_EN10MB, eth6, sizeof eth6, 1, 1, 0);
    expect_payload(p, 1);
    write_pcap(p, DLT_LINUX_SLL, sll, sizeof sll, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_LINUX_SLL2, sll2, sizeof sll2, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_NULL, null_le, sizeof null_le, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_LOOP, loop_be, sizeof loop_be, 0, 1, 0);
    expect_payload(p, 0);
    write_pcap(p, DLT_RAW, NULL, 0, 0, 1, 0);
    expect_payload(p, 0);
    unlink(p);
}

/* Fragments are counted and skipped; a frame cut short is a fault for that frame only. */
static void test_faults(void **state)
{
    (void)state;
    char p[64];
    sw_test_tmp(p, "f.pcap");
    static const uint8_t eth[] = {1, 0, 0x5e, 1, 1, 11, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
    write_pcap(p, DLT_EN10MB, eth, sizeof eth, 0, 2, 1);
    ing_pcap_reader *r;
    ing_datagram g;
    sw_err e;
    assert_int_equal(ing_pcap_open(&r, p, &e), SW_OK);
    assert_int_equal(ing_pcap_next(r, &g, &e), 1);
    assert_int_equal(g.frame, 2);
    assert_int_equal(ing_pcap_stats_of(r)->fragments, 1);
    ing_pcap_close(r);

    /* a capture with a short snap length: the UDP datagram is cut */
    pcap_t *pc = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = pcap_dump_open(pc, p);
    uint8_t f[128];
    memcpy(f, eth, sizeof eth);
    size_t n = sizeof eth + ipv4_udp(f + sizeof eth, 0);
    struct pcap_pkthdr h = {{1, 0}, (bpf_u_int32)(n - 3), (bpf_u_int32)n};
    pcap_dump((u_char *)d, &h, f);
    h.caplen = (bpf_u_int32)n;
    pcap_dump((u_char *)d, &h, f);
    pcap_dump_close(d);
    pcap_close(pc);
    assert_int_equal(ing_pcap_open(&r, p, &e), SW_OK);
    assert_int_equal(ing_pcap_next(r, &g, &e), SW_EFORMAT);
    assert_non_null(strstr(e.msg, "frame 1: IPv4 packet cut short by the capture"));
    assert_int_equal(ing_pcap_next(r, &g, &e), 1);
    assert_int_equal(ing_pcap_stats_of(r)->truncated, 1);
    ing_pcap_close(r);

    sw_test_write(p, "not a capture");
    assert_int_equal(ing_pcap_open(&r, p, &e), SW_EFORMAT);
    unlink(p);
}

/* What the writer writes reads back, with valid IP and UDP checksums. */
static void test_writer(void **state)
{
    (void)state;
    char p[64];
    sw_test_tmp(p, "w.pcap");
    ing_pcap_writer *w;
    sw_err e;
    uint8_t src[4], dst[4];
    uint16_t sp, dp;
    assert_int_equal(ing_parse_ipv4("10.0.0.7:5000", 1, src, &sp, &e), SW_OK);
    assert_int_equal(ing_parse_ipv4("239.1.2.3:8600", 1, dst, &dp, &e), SW_OK);
    assert_int_equal(ing_parse_ipv4("10.0.0.7", 1, src, &sp, &e), SW_EINVAL);
    assert_int_equal(ing_pcap_create(&w, p, &e), SW_OK);
    assert_int_equal(ing_pcap_write(w, 1700000000.25, src, sp, dst, dp, payload, sizeof payload, &e), 0);
    assert_int_equal(ing_pcap_write(w, 1700000001.0, src, sp, dst, dp, payload, 3, &e), 0);
    assert_int_equal(ing_pcap_bytes(w), 24 + 2 * 16 + 2 * 42 + sizeof payload + 3);
    assert_int_equal(ing_pcap_finish(w, &e), SW_OK);
    ing_source *s;
    ing_datagram g;
    assert_int_equal(ing_source_open(&s, p, ING_SRC_AUTO, &e), SW_OK);
    assert_true(ing_source_is_pcap(s));
    assert_int_equal(ing_source_next(s, &g, &e), 1);
    assert_memory_equal(g.p, payload, sizeof payload);
    assert_int_equal(g.dst_port, 8600);
    assert_near(g.ts, 1700000000.25, 1e-6);
    /* checksums: the one's complement sums over the headers come out as 0xffff */
    const uint8_t *ip = g.p - 28;
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)ip[i] << 8 | ip[i + 1];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    assert_int_equal(sum, 0xffff);
    sum = 17 + 8 + sizeof payload;
    for (int i = 12; i < 20; i += 2)
        sum += (uint32_t)ip[i] << 8 | ip[i + 1];
    for (size_t i = 0; i < 8 + sizeof payload; i += 2)
        sum += (uint32_t)ip[20 + i] << 8 | (i + 1 < 8 + sizeof payload ? ip[20 + i + 1] : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    assert_int_equal(sum, 0xffff);
    assert_int_equal(ing_source_next(s, &g, &e), 1);
    assert_int_equal(g.n, 3);
    assert_int_equal(ing_source_next(s, &g, &e), 0);
    ing_source_close(s);
    /* anything else is raw ASTERIX, one datagram */
    FILE *fr = fopen(p, "wb");
    fwrite("0\x00\x03", 1, 3, fr);
    fclose(fr);
    assert_int_equal(ing_source_open(&s, p, ING_SRC_AUTO, &e), SW_OK);
    assert_false(ing_source_is_pcap(s));
    assert_int_equal(ing_source_next(s, &g, &e), 1);
    assert_int_equal(g.n, 3);
    assert_int_equal(ing_source_next(s, &g, &e), 0);
    ing_source_close(s);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_types),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
