/* ingest/ing_record.c - recording received datagrams into pcap files, with rotation, and
 * replaying a recording to UDP at its own pace or faster. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/time.h"
#include "ingest/ing_udp.h"

sw_rc ing_recorder_open(ing_recorder *r, const char *dir, const char *prefix, double rotate_s,
                        long long rotate_bytes, sw_err *err)
{
    memset(r, 0, sizeof *r);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sw_err_set(err, SW_EIO, "--record %s: not a directory", dir);
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    snprintf(r->prefix, sizeof r->prefix, "%s", prefix && *prefix ? prefix : "asterix");
    r->rotate_s = rotate_s;
    r->rotate_bytes = rotate_bytes;
    return SW_OK;
}

/* DIR/PREFIX-YYYYmmdd-HHMMSS-NNNN.pcap: the UTC time of the first datagram, and a sequence
 * number so that quick rotations never overwrite a file. */
static sw_rc next_file(ing_recorder *r, double t, sw_err *err)
{
    sw_rc rc = SW_OK;
    if (r->w && (rc = ing_pcap_finish(r->w, err)))
        return rc;
    r->w = NULL;
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(r->path, sizeof r->path, "%s/%s-%s-%04d.pcap", r->dir, r->prefix, stamp, r->files);
    if ((rc = ing_pcap_create(&r->w, r->path, err)))
        return rc;
    r->t_open = t;
    r->files++;
    return SW_OK;
}

sw_rc ing_recorder_write(ing_recorder *r, double t, const uint8_t src[4], uint16_t sport,
                         const uint8_t dst[4], uint16_t dport, const uint8_t *p, size_t n,
                         sw_err *err)
{
    sw_rc rc;
    if (!r->w || (r->rotate_s > 0 && t - r->t_open >= r->rotate_s) ||
        (r->rotate_bytes > 0 && ing_pcap_bytes(r->w) + 58 + (long long)n > r->rotate_bytes &&
         ing_pcap_bytes(r->w) > 24))
        if ((rc = next_file(r, t, err)))
            return rc;
    return ing_pcap_write(r->w, t, src, sport, dst, dport, p, n, err);
}

sw_rc ing_recorder_close(ing_recorder *r, sw_err *err)
{
    sw_rc rc = r->w ? ing_pcap_finish(r->w, err) : SW_OK;
    r->w = NULL;
    return rc;
}

sw_rc ing_replay(const char *pcap, const char *to, const ing_replay_opts *o, long *sent,
                 sw_err *err)
{
    *sent = 0;
    uint8_t ip[4];
    uint16_t port;
    sw_rc rc = ing_parse_ipv4(to, 1, ip, &port, err);
    if (rc)
        return rc;
    ing_pcap_reader *rd;
    if ((rc = ing_pcap_open(&rd, pcap, err)))
        return rc;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        ing_pcap_close(rd);
        return sw_err_set(err, SW_ENET, "socket: %s", strerror(errno));
    }
    int ttl = o && o->ttl > 0 ? o->ttl : 1, loop = 1;
    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof ttl);
    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof loop);
    double speed = o ? o->speed : 1.0, gap = o ? o->max_gap_s : 0;
    double t_prev = -1, clock = 0, start = sw_time_mono();
    ing_datagram d;
    int r;
    while ((r = ing_pcap_next(rd, &d, err)) != 0) {
        if (r == SW_EFORMAT)
            continue; /* a bad frame is not sent; the recording goes on */
        if (r < 0) {
            rc = r;
            break;
        }
        /* the recorded gap since the previous datagram, scaled; the wall clock is followed
         * from the start so that sleeping's small errors do not add up */
        if (t_prev >= 0 && speed > 0) {
            double dt = d.ts - t_prev;
            if (dt < 0)
                dt = 0;
            if (gap > 0 && dt > gap)
                dt = gap;
            clock += dt / speed;
            double wait = start + clock - sw_time_mono();
            if (wait > 0)
                sw_time_sleep(wait);
        }
        t_prev = d.ts;
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port ? port : d.dst_port)};
        memcpy(&sa.sin_addr, ip, 4);
        if (sendto(fd, d.p, d.n, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
            rc = sw_err_set(err, SW_ENET, "%s: frame %ld: sendto %s: %s", pcap, d.frame, to,
                            strerror(errno));
            break;
        }
        (*sent)++;
    }
    close(fd);
    ing_pcap_close(rd);
    return rc;
}
