/* tests/net/sw_impair.c - a user-space netem for the network tests: forwards Ethernet frames
 * between two interfaces (in its own network namespace) with a fixed one-way delay and random
 * loss, in both directions.  This kernel has no sch_netem (dds-notes 5.1).
 *
 *   sw_impair IF1 IF2 CTLFILE      CTLFILE holds "DELAY_MS LOSS_PERCENT"; re-read on SIGHUP
 * On SIGTERM prints "forwarded=N dropped=N" and exits.
 *
 * veth hands frames over with the UDP checksum not yet filled in (checksum offload), so a frame
 * re-injected as captured would be dropped as corrupt; the UDP checksum of IPv4 datagrams is set
 * to 0, which IPv4 allows ("no checksum"). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif
#define QCAP 4096
#define FMAX 9216

typedef struct frame {
    double due;
    int out;
    int len;
    unsigned char d[FMAX];
} frame;

static frame q[QCAP];
static int qh, qn;
static volatile sig_atomic_t reload = 1, quit;
static double delay_s, loss;
static unsigned long long fwd, dropped;

static void on_hup(int s) { (void)s; reload = 1; }
static void on_term(int s) { (void)s; quit = 1; }

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int open_if(const char *name)
{
    int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (s < 0)
        return -1;
    struct sockaddr_ll a;
    memset(&a, 0, sizeof a);
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(ETH_P_ALL);
    a.sll_ifindex = (int)if_nametoindex(name);
    struct packet_mreq m;
    memset(&m, 0, sizeof m);
    m.mr_ifindex = a.sll_ifindex;
    m.mr_type = PACKET_MR_PROMISC;
    int one = 1;
    if (!a.sll_ifindex || bind(s, (struct sockaddr *)&a, sizeof a) ||
        setsockopt(s, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &m, sizeof m) ||
        setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one)) {
        close(s);
        return -1;
    }
    return s;
}

static void zero_udp_checksum(unsigned char *d, int len)
{
    if (len < 14 + 20 + 8 || d[12] != 0x08 || d[13] != 0x00)
        return;
    const unsigned char *ip = d + 14;
    int ihl = (ip[0] & 15) * 4;
    int frag_off = ((ip[6] & 0x1f) << 8) | ip[7];
    if (ip[9] != 17 || frag_off != 0 || len < 14 + ihl + 8)
        return; /* only the first fragment carries the UDP header */
    d[14 + ihl + 6] = d[14 + ihl + 7] = 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: sw_impair IF1 IF2 CTLFILE\n");
        return 2;
    }
    int s[2] = {open_if(argv[1]), open_if(argv[2])};
    if (s[0] < 0 || s[1] < 0) {
        fprintf(stderr, "sw_impair: cannot open %s / %s: %s\n", argv[1], argv[2], strerror(errno));
        return 1;
    }
    signal(SIGHUP, on_hup);
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    srand48(12345);
    while (!quit) {
        if (reload) {
            reload = 0;
            FILE *f = fopen(argv[3], "r");
            double d = 0, l = 0;
            if (f && fscanf(f, "%lf %lf", &d, &l) == 2) {
                delay_s = d / 1000.0;
                loss = l / 100.0;
            }
            if (f)
                fclose(f);
        }
        double t = now();
        while (qn > 0 && q[qh].due <= t) {
            send(s[q[qh].out], q[qh].d, (size_t)q[qh].len, 0);
            qh = (qh + 1) % QCAP;
            qn--;
        }
        int timeout = qn > 0 ? (int)((q[qh].due - t) * 1000.0) + 1 : 100;
        struct pollfd p[2] = {{s[0], POLLIN, 0}, {s[1], POLLIN, 0}};
        if (poll(p, 2, timeout) <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & POLLIN))
                continue;
            unsigned char buf[FMAX];
            ssize_t n = recv(s[i], buf, sizeof buf, MSG_TRUNC);
            if (n <= 0)
                continue;
            if (n > FMAX || drand48() < loss || qn == QCAP) {
                dropped++;
                continue;
            }
            frame *f = &q[(qh + qn) % QCAP];
            f->due = now() + delay_s;
            f->out = 1 - i;
            f->len = (int)n;
            memcpy(f->d, buf, (size_t)n);
            zero_udp_checksum(f->d, f->len);
            qn++;
            fwd++;
        }
    }
    printf("forwarded=%llu dropped=%llu\n", fwd, dropped);
    return 0;
}
