/* web/web_http.c - the HTTP plumbing of the display server: the listening address, where the
 * page is, the token, response helpers with the security headers, and the page's static files
 * (only files directly in web/ and the folders of the four libraries the page loads). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/web_chart_int.h"
#include "web/web_int.h"

/* ---- address, token, page folder ---------------------------------------------------------- */

sw_rc web_parse_addr(web_server *srv, const char *addr, struct sockaddr_storage *ss,
                        int *loopback, sw_err *err)
{
    char host[80] = "127.0.0.1";
    const char *port_s = addr;
    const char *colon = strrchr(addr, ':');
    if (addr[0] == '[') { /* [v6]:port */
        const char *rb = strchr(addr, ']');
        if (!rb || rb[1] != ':' || (size_t)(rb - addr - 1) >= sizeof host)
            return sw_err_set(err, SW_EINVAL, "web: address '%s': expected [IPv6]:PORT", addr);
        memcpy(host, addr + 1, (size_t)(rb - addr - 1));
        host[rb - addr - 1] = 0;
        port_s = rb + 2;
    } else if (colon) {
        if ((size_t)(colon - addr) >= sizeof host)
            return sw_err_set(err, SW_EINVAL, "web: address '%s' too long", addr);
        if (colon > addr) {
            memcpy(host, addr, (size_t)(colon - addr));
            host[colon - addr] = 0;
        }
        port_s = colon + 1;
    }
    char *end;
    long port = strtol(port_s, &end, 10);
    if (!*port_s || *end || port < 0 || port > 65535)
        return sw_err_set(err, SW_EINVAL, "web: address '%s': port '%s' is not 0..65535", addr,
                          port_s);
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
        srv->ipv6 = 0;
    } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
        srv->ipv6 = 1;
    } else {
        return sw_err_set(err, SW_EINVAL,
                          "web: address '%s': '%s' is not a numeric IPv4 or IPv6 address", addr,
                          host);
    }
    snprintf(srv->host, sizeof srv->host, "%s", host);
    return SW_OK;
}

static int is_page_dir(const char *dir)
{
    char p[4200];
    snprintf(p, sizeof p, "%.4096s/index.html", dir);
    return access(p, R_OK) == 0;
}

/* Where the page may be: $SW_WEB_DIR, $SW_SOURCE_DIR/web, next to the executable (build/ and
 * build/sub/ of the source tree), and the source tree this was built from. */
static int page_candidates(char cand[6][4096])
{
    int n = 0;
    const char *e = getenv("SW_WEB_DIR");
    if (e && *e)
        snprintf(cand[n++], 4096, "%s", e);
    e = getenv("SW_SOURCE_DIR");
    if (e && *e)
        snprintf(cand[n++], 4096, "%.4000s/web", e);
    char exe[4000];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
        snprintf(cand[n++], 4096, "%s/../web", exe);
        snprintf(cand[n++], 4096, "%s/../../web", exe);
    }
#ifdef SW_SOURCE_DIR
    snprintf(cand[n++], 4096, "%s/web", SW_SOURCE_DIR);
#endif
    return n;
}

sw_rc web_find_webdir(web_server *srv, const char *given, sw_err *err)
{
    char cand[6][4096];
    int n = 0;
    if (given)
        snprintf(cand[n++], 4096, "%s", given);
    else
        n = page_candidates(cand);
    for (int i = 0; i < n; i++)
        if (is_page_dir(cand[i]) && realpath(cand[i], srv->webdir))
            return SW_OK;
    return sw_err_set(err, SW_ENOTFOUND,
                      "web: no page folder (index.html) found%s%s; give it with --webdir or "
                      "SW_WEB_DIR", given ? " at " : "", given ? given : "");
}

int web_find_under_page(const char *rel, char *out, size_t n)
{
    char cand[6][4096];
    int k = page_candidates(cand);
    for (int i = 0; i < k; i++) {
        snprintf(out, n, "%.4000s/%s", cand[i], rel);
        if (access(out, R_OK) == 0)
            return 0;
    }
    return -1;
}

void web_make_token(char *out, size_t cap)
{
    unsigned char r[16] = {0};
    FILE *f = fopen("/dev/urandom", "rb");
    if (!f || fread(r, 1, sizeof r, f) != sizeof r) {
        uint64_t x = (uint64_t)web_mono() * 1000003u ^ (uint64_t)getpid();
        memcpy(r, &x, sizeof x);
    }
    if (f)
        fclose(f);
    for (size_t i = 0; i < sizeof r && 2 * i + 2 < cap; i++)
        snprintf(out + 2 * i, 3, "%02x", r[i]);
}

/* Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
static int token_eq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned d = (unsigned)(la ^ lb);
    for (size_t i = 0; i < lb; i++)
        d |= (unsigned char)(i < la ? a[i] : 0) ^ (unsigned char)b[i];
    return d == 0 && lb > 0;
}

/* 1: authorised; *via_query set when the token came in the URL (then a cookie is set). */
int web_authorised(web_server *srv, struct MHD_Connection *c, int *via_query)
{
    *via_query = 0;
    if (!srv->need_token)
        return 1;
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (q && token_eq(q, srv->token)) {
        *via_query = 1;
        return 1;
    }
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (h && !strncasecmp(h, "Bearer ", 7) && token_eq(h + 7, srv->token))
        return 1;
    h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Skyweave-Token");
    if (h && token_eq(h, srv->token))
        return 1;
    h = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "sw_token");
    return h && token_eq(h, srv->token);
}

/* ---- responses ------------------------------------------------------------------------------ */

static void common_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; object-src 'none'");
}

enum MHD_Result web_send_response(web_server *srv, struct MHD_Connection *c, unsigned code,
                                     struct MHD_Response *r, int set_cookie)
{
    common_headers(r);
    if (set_cookie) {
        char ck[160];
        snprintf(ck, sizeof ck, "sw_token=%s; Path=/; HttpOnly; SameSite=Strict", srv->token);
        MHD_add_response_header(r, "Set-Cookie", ck);
    }
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result web_send_text(web_server *srv, struct MHD_Connection *c, unsigned code,
                                 const char *type, const char *body, size_t len, int set_cookie)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    return web_send_response(srv, c, code, r, set_cookie);
}

enum MHD_Result web_send_error(web_server *srv, struct MHD_Connection *c, unsigned code,
                                  const char *msg)
{
    char body[600];
    char esc[560];
    web_json_esc(esc, sizeof esc, msg);
    size_t n = web_fmt(body, sizeof body, "{\"error\":%s}\n", esc);
    return web_send_text(srv, c, code, "application/json", body, n, 0);
}

static const char *mime_of(const char *path)
{
    static const char *map[][2] = {{".html", "text/html; charset=utf-8"},
                                   {".js", "text/javascript; charset=utf-8"},
                                   {".mjs", "text/javascript; charset=utf-8"},
                                   {".css", "text/css; charset=utf-8"},
                                   {".json", "application/json"},
                                   {".svg", "image/svg+xml"},
                                   {".png", "image/png"},
                                   {".ico", "image/x-icon"}};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(dot, map[i][0]))
            return map[i][1];
    return NULL;
}

/* The page's own files (no subfolders) and the libraries it loads from node_modules. */
static int path_allowed(const char *rel)
{
    static const char *libs[] = {"node_modules/d3-array/dist/", "node_modules/d3-geo/dist/",
                                 "node_modules/topojson-client/dist/", "node_modules/world-atlas/"};
    for (const char *p = rel; *p; p++)
        if (!(*p == '/' || *p == '.' || *p == '-' || *p == '_' || (*p >= '0' && *p <= '9') ||
              (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    if (strstr(rel, "..") || strstr(rel, "//") || rel[0] == '.' || strstr(rel, "/."))
        return 0;
    if (!strchr(rel, '/'))
        return 1;
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
        if (!strncmp(rel, libs[i], strlen(libs[i])) && !strchr(rel + strlen(libs[i]), '/'))
            return 1;
    return 0;
}

enum MHD_Result web_serve_file(web_server *srv, struct MHD_Connection *c, const char *url,
                                  int set_cookie)
{
    const char *rel = url[1] ? url + 1 : "index.html";
    const char *mime = mime_of(rel);
    if (!mime || !path_allowed(rel))
        return web_send_error(srv, c, MHD_HTTP_NOT_FOUND, "not found");
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", srv->webdir, rel);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return web_send_error(srv, c, MHD_HTTP_NOT_FOUND, "not found");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", mime);
    MHD_add_response_header(r, "Cache-Control", strncmp(rel, "node_modules/", 13)
                                                    ? "no-cache" : "max-age=86400");
    return web_send_response(srv, c, MHD_HTTP_OK, r, set_cookie);
}

