/* tests/web/http_client.c - see http_client.h. */
#define _GNU_SOURCE
#include "http_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int connect_to(const char *host, int port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Appends what arrives within the deadline; returns bytes read, 0 at EOF, -1 timeout/error. */
static ssize_t read_some(int fd, char **buf, size_t *len, size_t *cap, double deadline)
{
    double left = deadline - now_s();
    if (left <= 0)
        return -1;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r <= 0)
        return -1;
    if (*cap - *len < 65536) {
        size_t nc = *cap ? *cap * 2 : 131072;
        while (nc - *len < 65536)
            nc *= 2;
        char *q = realloc(*buf, nc);
        if (!q)
            return -1;
        *buf = q;
        *cap = nc;
    }
    ssize_t k = recv(fd, *buf + *len, *cap - *len - 1, 0);
    if (k < 0)
        return errno == EINTR ? 0 : -1;
    *len += (size_t)k;
    (*buf)[*len] = 0;
    return k;
}

static int send_request(int fd, const char *method, const char *path, const char *extra,
                        const char *body, int keep)
{
    char head[8192];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s", method, path,
                     keep ? "" : "Connection: close\r\n", extra ? extra : "");
    if (body)
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", strlen(body));
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    if (send_all(fd, head, (size_t)n))
        return -1;
    return body ? send_all(fd, body, strlen(body)) : 0;
}

/* Undoes chunked coding of src[0..n) into out; returns 0 when complete. */
static int dechunk(const char *src, size_t n, char **out, size_t *out_len)
{
    size_t i = 0, o = 0;
    char *d = malloc(n + 1);
    if (!d)
        return -1;
    while (i < n) {
        char *end;
        unsigned long sz = strtoul(src + i, &end, 16);
        const char *crlf = strstr(src + i, "\r\n");
        if (!crlf || end == src + i)
            break;
        i = (size_t)(crlf - src) + 2;
        if (sz == 0) {
            d[o] = 0;
            *out = d;
            *out_len = o;
            return 0;
        }
        if (i + sz + 2 > n)
            break;
        memcpy(d + o, src + i, sz);
        o += sz;
        i += sz + 2;
    }
    free(d);
    return -1;
}

int http_request(const char *host, int port, const char *method, const char *path,
                 const char *extra_headers, const char *body, http_resp *r, double timeout_s)
{
    memset(r, 0, sizeof *r);
    int fd = connect_to(host, port);
    if (fd < 0)
        return -1;
    if (send_request(fd, method, path, extra_headers, body, 0)) {
        close(fd);
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    double deadline = now_s() + timeout_s;
    ssize_t k;
    while ((k = read_some(fd, &buf, &len, &cap, deadline)) > 0) {
    }
    close(fd);
    if (!buf || k < 0) {
        free(buf);
        return -1;
    }
    char *sep = strstr(buf, "\r\n\r\n");
    if (!sep || sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1) {
        free(buf);
        return -1;
    }
    size_t hl = (size_t)(sep - buf);
    snprintf(r->headers, sizeof r->headers, "%.*s", (int)hl, buf);
    const char *b = sep + 4;
    size_t bl = len - hl - 4;
    char te[64];
    if (!http_header(r, "Transfer-Encoding", te, sizeof te) && !strcasecmp(te, "chunked")) {
        if (dechunk(b, bl, &r->body, &r->body_len)) {
            free(buf);
            return -1;
        }
    } else {
        r->body = malloc(bl + 1);
        memcpy(r->body, b, bl);
        r->body[bl] = 0;
        r->body_len = bl;
    }
    free(buf);
    return 0;
}

void http_resp_free(http_resp *r)
{
    free(r->body);
    r->body = NULL;
}

int http_header(const http_resp *r, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = strstr(r->headers, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
        const char *h = p + 2;
        if (!strncasecmp(h, name, nl) && h[nl] == ':') {
            h += nl + 1;
            while (*h == ' ')
                h++;
            const char *e = strstr(h, "\r\n");
            size_t l = e ? (size_t)(e - h) : strlen(h);
            snprintf(out, n, "%.*s", (int)l, h);
            return 0;
        }
    }
    return -1;
}

/* ---- event streams ---- */

int sse_open(sse_conn *c, const char *host, int port, const char *path,
             const char *extra_headers, double timeout_s)
{
    memset(c, 0, sizeof *c);
    c->fd = connect_to(host, port);
    if (c->fd < 0)
        return -1;
    char extra[2048];
    snprintf(extra, sizeof extra, "Accept: text/event-stream\r\n%s",
             extra_headers ? extra_headers : "");
    if (send_request(c->fd, "GET", path, extra, NULL, 1))
        return -1;
    double deadline = now_s() + timeout_s;
    char *sep;
    while (!(sep = c->raw ? strstr(c->raw, "\r\n\r\n") : NULL))
        if (read_some(c->fd, &c->raw, &c->raw_len, &c->raw_cap, deadline) <= 0)
            return -1;
    if (sscanf(c->raw, "HTTP/1.%*d %d", &c->status) != 1)
        return -1;
    size_t hl = (size_t)(sep - c->raw) + 4;
    c->chunked = strcasestr(c->raw, "Transfer-Encoding: chunked") != NULL &&
                 strcasestr(c->raw, "Transfer-Encoding: chunked") < sep;
    const char *ce = strcasestr(c->raw, "Content-Encoding: gzip");
    if (ce && ce < sep) {
        c->gz = 1;
        memset(&c->z, 0, sizeof c->z);
        if (inflateInit2(&c->z, 15 + 16) != Z_OK)
            return -1;
    }
    memmove(c->raw, c->raw + hl, c->raw_len - hl);
    c->raw_len -= hl;
    c->raw[c->raw_len] = 0;
    return c->status == 200 ? 0 : -1;
}

static void data_put_plain(sse_conn *c, const char *p, size_t n)
{
    if (c->data_len + n + 1 > c->data_cap) {
        size_t nc = c->data_cap ? c->data_cap * 2 : 131072;
        while (nc < c->data_len + n + 1)
            nc *= 2;
        c->data = realloc(c->data, nc);
        c->data_cap = nc;
    }
    memcpy(c->data + c->data_len, p, n);
    c->data_len += n;
    c->data[c->data_len] = 0;
    c->plain += n;
}

static void data_put(sse_conn *c, const char *p, size_t n)
{
    c->bytes += n;
    if (!c->gz) {
        data_put_plain(c, p, n);
        return;
    }
    c->z.next_in = (unsigned char *)p;
    c->z.avail_in = (unsigned)n;
    while (c->z.avail_in) {
        char tmp[65536];
        c->z.next_out = (unsigned char *)tmp;
        c->z.avail_out = sizeof tmp;
        int r = inflate(&c->z, Z_SYNC_FLUSH);
        data_put_plain(c, tmp, sizeof tmp - c->z.avail_out);
        if (r != Z_OK && r != Z_BUF_ERROR)
            break;
        if (r == Z_BUF_ERROR && c->z.avail_out)
            break;
    }
}

/* Moves complete chunk payloads from raw to data. */
static void pump(sse_conn *c)
{
    size_t i = 0;
    if (!c->chunked) {
        data_put(c, c->raw, c->raw_len);
        c->raw_len = 0;
        return;
    }
    for (;;) {
        if (c->chunk_left) {
            size_t n = c->raw_len - i < c->chunk_left ? c->raw_len - i : c->chunk_left;
            data_put(c, c->raw + i, n);
            i += n;
            c->chunk_left -= n;
            if (c->chunk_left)
                break;
            c->chunk_left = (size_t)-1; /* expect the CRLF after the payload */
        }
        if (c->chunk_left == (size_t)-1) {
            if (c->raw_len - i < 2)
                break;
            i += 2;
            c->chunk_left = 0;
        }
        char *crlf = memmem(c->raw + i, c->raw_len - i, "\r\n", 2);
        if (!crlf)
            break;
        c->chunk_left = strtoul(c->raw + i, NULL, 16);
        i = (size_t)(crlf - c->raw) + 2;
        if (!c->chunk_left)
            break; /* last chunk */
    }
    memmove(c->raw, c->raw + i, c->raw_len - i);
    c->raw_len -= i;
}

int sse_next(sse_conn *c, sse_event *ev, double timeout_s)
{
    double deadline = now_s() + timeout_s;
    memset(ev, 0, sizeof *ev);
    for (;;) {
        pump(c);
        char *end;
        while (c->data && (end = strstr(c->data, "\n\n"))) {
            size_t blk = (size_t)(end - c->data);
            int got = 0;
            for (char *line = c->data; line < end;) {
                char *nl = memchr(line, '\n', (size_t)(end - line));
                size_t ll = nl ? (size_t)(nl - line) : (size_t)(end - line);
                if (!strncmp(line, "event: ", 7))
                    snprintf(ev->type, sizeof ev->type, "%.*s", (int)ll - 7, line + 7);
                else if (!strncmp(line, "id: ", 4))
                    snprintf(ev->id, sizeof ev->id, "%.*s", (int)ll - 4, line + 4);
                else if (!strncmp(line, "data: ", 6)) {
                    ev->data = malloc(ll - 6 + 1);
                    memcpy(ev->data, line + 6, ll - 6);
                    ev->data[ll - 6] = 0;
                    ev->len = ll - 6;
                    got = 1;
                }
                line += ll + 1;
            }
            memmove(c->data, end + 2, c->data_len - blk - 2);
            c->data_len -= blk + 2;
            c->data[c->data_len] = 0;
            if (got)
                return 1;
        }
        ssize_t k = read_some(c->fd, &c->raw, &c->raw_len, &c->raw_cap, deadline);
        if (k == 0)
            return -1;
        if (k < 0)
            return now_s() >= deadline ? 0 : -1;
    }
}

void sse_close(sse_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    if (c->gz)
        inflateEnd(&c->z);
    free(c->raw);
    free(c->data);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}
