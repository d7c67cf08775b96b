/* web/web_server.c - the HTTP side of the display: address and token, routing, the page's files,
 * the JSON endpoints and the acknowledge POST.  libmicrohttpd does the HTTP; each connection has
 * its own thread (event streams block while they wait for changes).
 *
 *   GET  /                 index.html            GET /events        the event stream (web_sse.c)
 *   GET  /app.js, ...      files of web/         GET /api/snapshot  the picture as one JSON
 *   GET  /node_modules/... the page's libraries  GET /api/track?stn=N  one track's details
 *   POST /api/ack          {"id":"...","operator":"..."} -> the node's acknowledge callback
 *   GET  /api/stats        stream statistics */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "web/web_chart_int.h"
#include "web/web_int.h"

#define ACK_BODY_MAX 4096

void web_config_init(web_config *c)
{
    memset(c, 0, sizeof *c);
    c->addr = "127.0.0.1:8080";
    c->max_tracks = 10000;
    c->max_warnings = 256;
    c->max_clients = 32;
    c->min_interval_s = 0.25;
    c->stale_s = 12.0;
    c->clock_rate = 1.0;
}

/* ---- the acknowledge POST ------------------------------------------------------------------- */

typedef struct post_body {
    web_buf b;
    int too_big;
} post_body;

static enum MHD_Result handle_ack(web_server *srv, struct MHD_Connection *c, post_body *pb)
{
    if (pb->too_big)
        return web_send_error(srv, c, MHD_HTTP_CONTENT_TOO_LARGE, "body too large");
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16))
        return web_send_error(srv, c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "Content-Type must be application/json");
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    if (origin && strcmp(origin, "null")) {
        const char *o = strstr(origin, "://");
        if (!host || !o || strcmp(o + 3, host))
            return web_send_error(srv, c, MHD_HTTP_FORBIDDEN, "cross-origin request refused");
    }
    cJSON *j = cJSON_ParseWithLength(pb->b.p ? pb->b.p : "", pb->b.len);
    const cJSON *jid = j ? cJSON_GetObjectItemCaseSensitive(j, "id") : NULL;
    const cJSON *jop = j ? cJSON_GetObjectItemCaseSensitive(j, "operator") : NULL;
    char *end = NULL;
    unsigned long long id = 0;
    if (cJSON_IsString(jid) && jid->valuestring[0]) {
        errno = 0;
        id = strtoull(jid->valuestring, &end, 10);
    }
    if (!end || *end || errno) {
        cJSON_Delete(j);
        return web_send_error(srv, c, MHD_HTTP_BAD_REQUEST,
                          "expected {\"id\": \"<warning id as a decimal string>\", \"operator\": \"...\"}");
    }
    char op[32] = "operator";
    if (cJSON_IsString(jop) && jop->valuestring[0])
        snprintf(op, sizeof op, "%s", jop->valuestring);
    cJSON_Delete(j);
    web_warning w;
    if (web_get_warning_store(&srv->st, id, &w))
        return web_send_error(srv, c, MHD_HTTP_NOT_FOUND, "no such warning");
    if (!srv->st.nation[0] || strncmp(w.threatened, srv->st.nation, 4))
        return web_send_error(srv, c, MHD_HTTP_FORBIDDEN,
                          "only the threatened nation's node acknowledges a warning");
    if (w.state == WEB_WARN_RETRACTED || w.state == WEB_WARN_CLOSED)
        return web_send_error(srv, c, MHD_HTTP_CONFLICT, "the warning is no longer active");
    if (!srv->on_ack)
        return web_send_error(srv, c, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "this server has no acknowledge path");
    char msg[256] = "";
    if (srv->on_ack(srv->ack_ctx, id, op, msg, sizeof msg))
        return web_send_error(srv, c, MHD_HTTP_CONFLICT, msg[0] ? msg : "acknowledgement refused");
    SW_LOGI("web", "warning %llu acknowledged from the display by '%s'", id, op);
    char body[128];
    size_t n = web_fmt(body, sizeof body, "{\"ok\":true,\"id\":\"%llu\"}\n", id);
    return web_send_text(srv, c, MHD_HTTP_ACCEPTED, "application/json", body, n, 0);
}

/* ---- the router ------------------------------------------------------------------------------ */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    web_server *srv = cls;
    if (!strcmp(method, "POST")) {
        post_body *pb = *con_cls;
        if (!pb) {
            pb = calloc(1, sizeof *pb);
            if (!pb)
                return MHD_NO;
            wb_init(&pb->b);
            *con_cls = pb;
            return MHD_YES;
        }
        if (*upload_size) {
            if (pb->b.len + *upload_size > ACK_BODY_MAX)
                pb->too_big = 1;
            else
                wb_putn(&pb->b, upload_data, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        int via_query;
        if (!web_authorised(srv, c, &via_query))
            return web_send_error(srv, c, MHD_HTTP_UNAUTHORIZED, "token required");
        if (!strcmp(url, "/api/ack"))
            return handle_ack(srv, c, pb);
        return web_send_error(srv, c, MHD_HTTP_NOT_FOUND, "not found");
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD"))
        return web_send_error(srv, c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET or POST only");
    int via_query;
    if (!web_authorised(srv, c, &via_query))
        return web_send_error(srv, c, MHD_HTTP_UNAUTHORIZED,
                          "token required: open the URL the node printed (…/?token=…)");
    if (!strcmp(url, "/events")) {
        const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
        const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
        struct MHD_Response *r = web_sse_response(srv, last, ae && strstr(ae, "gzip") != NULL);
        if (!r)
            return web_send_error(srv, c, MHD_HTTP_SERVICE_UNAVAILABLE, "too many open displays");
        return web_send_response(srv, c, MHD_HTTP_OK, r, via_query);
    }
    if (!strcmp(url, "/api/snapshot")) {
        web_buf b;
        uint64_t ver;
        wb_init(&b);
        web_store_snapshot(&srv->st, &b, &ver);
        enum MHD_Result ret = b.oom ? web_send_error(srv, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "memory")
                                    : web_send_text(srv, c, MHD_HTTP_OK, "application/json", b.p,
                                                b.len, via_query);
        wb_free(&b);
        return ret;
    }
    if (!strcmp(url, "/api/track")) {
        const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "stn");
        char *end = NULL;
        unsigned long stn = q ? strtoul(q, &end, 10) : 0;
        if (!q || !*q || *end || stn > 0xffffffffu)
            return web_send_error(srv, c, MHD_HTTP_BAD_REQUEST, "expected ?stn=NUMBER");
        web_buf b;
        wb_init(&b);
        enum MHD_Result ret;
        if (web_store_track_detail(&srv->st, (uint32_t)stn, &b))
            ret = web_send_error(srv, c, MHD_HTTP_NOT_FOUND, "no such track");
        else
            ret = web_send_text(srv, c, MHD_HTTP_OK, "application/json", b.p, b.len, via_query);
        wb_free(&b);
        return ret;
    }
    if (!strcmp(url, "/api/stats")) {
        web_stats st;
        web_get_stats(srv, &st);
        char body[256];
        size_t n = web_fmt(body, sizeof body,
                           "{\"clients\":%d,\"streams_opened\":%llu,\"bytes_sent\":%llu,"
                           "\"snapshots\":%llu,\"deltas\":%llu,\"version\":%llu}\n",
                           st.clients, (unsigned long long)st.streams_opened,
                           (unsigned long long)st.bytes_sent, (unsigned long long)st.snapshots,
                           (unsigned long long)st.deltas, (unsigned long long)st.version);
        return web_send_text(srv, c, MHD_HTTP_OK, "application/json", body, n, via_query);
    }
    return web_serve_file(srv, c, url, via_query);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    post_body *pb = *con_cls;
    if (pb) {
        wb_free(&pb->b);
        free(pb);
        *con_cls = NULL;
    }
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = 0;
    SW_LOGD("web", "microhttpd: %s", msg);
}

/* ---- life cycle ------------------------------------------------------------------------------ */

sw_rc web_start(web_server **out, const web_config *cfg, sw_err *err)
{
    *out = NULL;
    web_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return sw_err_set(err, SW_ENOMEM, "web: out of memory");
    struct sockaddr_storage ss;
    int loopback = 1;
    sw_rc rc = web_parse_addr(srv, cfg->addr ? cfg->addr : "127.0.0.1:8080", &ss, &loopback, err);
    if (!rc)
        rc = web_find_webdir(srv, cfg->webdir, err);
    if (rc) {
        free(srv);
        return rc;
    }
    if (cfg->token && *cfg->token) {
        if (strlen(cfg->token) >= sizeof srv->token || strspn(cfg->token,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") !=
            strlen(cfg->token)) {
            free(srv);
            return sw_err_set(err, SW_EINVAL, "web: the token must be 1..%zu characters of "
                              "A-Z a-z 0-9 - . _ ~", sizeof srv->token - 1);
        }
        snprintf(srv->token, sizeof srv->token, "%s", cfg->token);
        srv->need_token = 1;
    } else if (!loopback) {
        web_make_token(srv->token, sizeof srv->token);
        srv->need_token = 1;
    }
    srv->max_clients = cfg->max_clients > 0 ? cfg->max_clients : 32;
    srv->min_interval_s = cfg->min_interval_s > 0 ? cfg->min_interval_s : 0.25;
    srv->on_ack = cfg->on_ack;
    srv->ack_ctx = cfg->ack_ctx;
    if ((rc = web_store_init(&srv->st, cfg, err))) {
        free(srv);
        return rc;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG | (srv->ipv6 ? MHD_USE_IPv6 : 0);
    uint16_t port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                                   : ((struct sockaddr_in6 *)&ss)->sin6_port);
    srv->d = MHD_start_daemon(flags, port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, &ss,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)srv->max_clients + 16,
                              MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_NOTIFY_COMPLETED,
                              on_completed, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv,
                              MHD_OPTION_END);
    if (!srv->d) {
        web_store_free(&srv->st);
        free(srv);
        return sw_err_set(err, SW_EIO, "web: cannot listen on %s (address in use, or not an "
                          "address of this machine)", cfg->addr ? cfg->addr : "127.0.0.1:8080");
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : port;
    SW_LOGI("web", "display on %s:%d (page %s)%s", srv->host, srv->port, srv->webdir,
            srv->need_token ? ", token required" : "");
    *out = srv;
    return SW_OK;
}

void web_stop(web_server *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->st.mu);
    s->st.stopping = 1;
    pthread_cond_broadcast(&s->st.cv);
    pthread_mutex_unlock(&s->st.mu);
    MHD_stop_daemon(s->d);
    web_store_free(&s->st);
    free(s);
}

int web_port(const web_server *s)
{
    return s->port;
}

const char *web_token(const web_server *s)
{
    return s->need_token ? s->token : "";
}

void web_url(const web_server *s, char *buf, size_t n)
{
    int v6 = strchr(s->host, ':') != NULL;
    const char *h = !strcmp(s->host, "0.0.0.0") || !strcmp(s->host, "::") ? "HOST" : s->host;
    snprintf(buf, n, "http://%s%s%s:%d/%s%s", v6 ? "[" : "", h, v6 ? "]" : "", s->port,
             s->need_token ? "?token=" : "", s->need_token ? s->token : "");
}

void web_get_stats(web_server *s, web_stats *out)
{
    pthread_mutex_lock(&s->st.mu);
    *out = s->st.stats;
    out->version = s->st.ver;
    pthread_mutex_unlock(&s->st.mu);
}

/* ---- the setters (thin: the store does the work) ---- */

sw_rc web_set_tracks(web_server *s, const sw_system_track *t, size_t n, double now, sw_err *err)
{
    return web_set_tracks_store(&s->st, t, n, now, err);
}

sw_rc web_set_warning(web_server *s, const web_warning *w, sw_err *err)
{
    return web_set_warning_store(&s->st, w, err);
}

void web_remove_warning(web_server *s, uint64_t id)
{
    web_remove_warning_store(&s->st, id);
}

sw_rc web_get_warning(web_server *s, uint64_t id, web_warning *out)
{
    return web_get_warning_store(&s->st, id, out);
}

void web_set_status(web_server *s, const web_status *st)
{
    web_set_status_store(&s->st, st);
}

sw_rc web_set_layers(web_server *s, const web_area *a, int n_areas, const web_radar *r,
                     int n_radars, sw_err *err)
{
    return web_set_layers_store(&s->st, a, n_areas, r, n_radars, err);
}
