/* tests/web/http_client.h - a small blocking HTTP/1.1 client on real loopback sockets, for the
 * web tests and the web benchmark: one-shot requests, and an event-stream reader that undoes
 * chunked transfer coding and splits server-sent events.  Every read has a deadline. */
#ifndef SW_TEST_HTTP_CLIENT_H
#define SW_TEST_HTTP_CLIENT_H

#include <stddef.h>
#include <zlib.h>

typedef struct http_resp {
    int status;          /* 0: no response */
    char headers[4096];  /* raw header block */
    char *body;          /* malloc'd, NUL-terminated; free with http_resp_free */
    size_t body_len;
} http_resp;

/* extra_headers: "Name: value\r\n..." or NULL.  Returns 0 when a response was read. */
int http_request(const char *host, int port, const char *method, const char *path,
                 const char *extra_headers, const char *body, http_resp *r, double timeout_s);
void http_resp_free(http_resp *r);
/* The value of a response header (case-insensitive name) into out; 0 if found. */
int http_header(const http_resp *r, const char *name, char *out, size_t n);

typedef struct sse_conn {
    int fd;
    int status;
    int chunked;
    char *raw;           /* bytes read, not yet de-chunked */
    size_t raw_len, raw_cap;
    char *data;          /* de-chunked stream text not yet split into events */
    size_t data_len, data_cap;
    size_t chunk_left;   /* bytes left in the current chunk */
    unsigned long long bytes; /* payload bytes received after the headers (compressed if gzip) */
    unsigned long long plain; /* the same, decompressed */
    int gz;                   /* Content-Encoding: gzip (asked with "Accept-Encoding: gzip") */
    z_stream z;
} sse_conn;

typedef struct sse_event {
    char type[32];
    char id[64];
    char *data;          /* malloc'd */
    size_t len;
} sse_event;

int sse_open(sse_conn *c, const char *host, int port, const char *path,
             const char *extra_headers, double timeout_s);
/* 1: an event (free ev->data), 0: timeout, -1: closed or error.  Comments are skipped. */
int sse_next(sse_conn *c, sse_event *ev, double timeout_s);
void sse_close(sse_conn *c);

#endif
