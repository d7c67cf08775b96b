/* web/web_buf.c - a growable text buffer and bounded formatting for the JSON the server writes.
 * The buffers belong to one stream or one response; the node's path writes into fixed slots
 * with web_fmt() and never allocates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

void wb_init(web_buf *b)
{
    memset(b, 0, sizeof *b);
}

void wb_free(web_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

void wb_reset(web_buf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->p)
        b->p[0] = 0;
}

static int wb_reserve(web_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void wb_putn(web_buf *b, const char *s, size_t n)
{
    if (wb_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void wb_puts(web_buf *b, const char *s)
{
    wb_putn(b, s, strlen(s));
}

void wb_printf(web_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        wb_putn(b, tmp, (size_t)n);
        return;
    }
    if (wb_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

size_t web_json_esc(char *out, size_t cap, const char *s)
{
    size_t o = 0;
    if (cap < 3)
        return 0;
    out[o++] = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char e[8];
        size_t k;
        if (*p == '"' || *p == '\\') {
            e[0] = '\\';
            e[1] = (char)*p;
            k = 2;
        } else if (*p < 0x20) {
            k = (size_t)snprintf(e, sizeof e, "\\u%04x", *p);
        } else {
            e[0] = (char)*p;
            k = 1;
        }
        if (o + k + 2 > cap)
            break;
        memcpy(out + o, e, k);
        o += k;
    }
    out[o++] = '"';
    out[o] = 0;
    return o;
}

void wb_json_str(web_buf *b, const char *s)
{
    char tmp[1024];
    size_t n = strlen(s);
    if (n * 6 + 3 <= sizeof tmp) {
        wb_putn(b, tmp, web_json_esc(tmp, sizeof tmp, s));
        return;
    }
    char *big = malloc(n * 6 + 3);
    if (!big) {
        b->oom = 1;
        return;
    }
    wb_putn(b, big, web_json_esc(big, n * 6 + 3, s));
    free(big);
}

size_t web_fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0)
        return 0;
    return (size_t)n < cap ? (size_t)n : cap - 1;
}
