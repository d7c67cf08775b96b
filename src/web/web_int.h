/* web/web_int.h - inside the web module: the text buffer, the versioned picture store and the
 * JSON renderers shared by the server, the stream and the tests.
 *
 * The store keeps, per track and per warning, its JSON text and the global version at which that
 * text last changed; a stream remembers the version it has sent, so a delta is "everything with a
 * newer version" plus the tombstones (removals) newer than it.  Tombstones live in a ring; a
 * stream that fell behind the ring's oldest entry gets a full snapshot instead. */
#ifndef SW_WEB_INT_H
#define SW_WEB_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/socket.h>

#include "geo/geo.h"
#include "web/web.h"

/* ---- a growable text buffer (per stream / per response, never on the node's path) ---- */
typedef struct web_buf {
    char *p;
    size_t len, cap;
    int oom;          /* an allocation failed: the content is truncated */
} web_buf;

void wb_init(web_buf *b);
void wb_free(web_buf *b);
void wb_reset(web_buf *b);
void wb_putn(web_buf *b, const char *s, size_t n);
void wb_puts(web_buf *b, const char *s);
void wb_printf(web_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal with escapes. */
void wb_json_str(web_buf *b, const char *s);

/* snprintf into a fixed buffer that never overflows: returns the length written (clipped). */
size_t web_fmt(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
size_t web_json_esc(char *out, size_t cap, const char *s);

/* ---- the renderers (web_render.c) ---- */
/* The order of the fields of a track array in the stream (docs/display.md). */
extern const char web_track_fields[];
/* A track as a JSON array; returns its length (0 if it did not fit in cap). */
size_t web_render_track(const geo_frame *f, const sw_system_track *t, char *out, size_t cap);
/* Affiliation letter of a track: F friend, N neutral, H hostile, S suspect, U unknown. */
char web_affiliation(const sw_system_track *t);
/* Horizontal position error ellipse (1 sigma) in the local frame at the track. */
void web_track_ellipse(const geo_frame *f, const sw_system_track *t, double *a_m, double *b_m,
                       double *orient_deg);
/* Local ground speed (m/s), course (deg from north) and vertical rate at the track. */
void web_track_motion(const geo_frame *f, const sw_system_track *t, double *lat, double *lon,
                      double *h, double *gs, double *hdg, double *vz);
void web_render_track_detail(const geo_frame *f, const sw_system_track *t, const char (*nations)[4],
                             int n_nations, web_buf *b);
size_t web_render_warning(const web_warning *w, char *out, size_t cap);
void web_render_status(const web_status *s, web_buf *b);
void web_render_layers(const web_area *a, int na, const web_radar *r, int nr, web_buf *b);

/* ---- the versioned store (web_store.c) ---- */
#define WEB_TRK_JSON 240
#define WEB_WRN_JSON 640

typedef struct web_trk {
    uint32_t stn;
    uint16_t len;
    uint64_t ver;
    sw_system_track st;
    char json[WEB_TRK_JSON];
} web_trk;

typedef struct web_wrn {
    int used;
    uint16_t len;
    uint64_t ver;
    web_warning w;
    char json[WEB_WRN_JSON];
} web_wrn;

enum { WEB_TOMB_TRACK = 0, WEB_TOMB_WARNING = 1 };
typedef struct web_tomb {
    uint64_t ver;
    uint64_t key;
    int kind;
} web_tomb;

typedef struct web_store {
    pthread_mutex_t mu;       /* guards everything below that streams read */
    pthread_mutex_t wmu;      /* serialises the setters (the node may call from several threads) */
    pthread_cond_t cv;        /* signalled on every change and at stop */
    int stopping;
    uint64_t ver;             /* last version handed out */
    uint64_t instance;        /* random per start: event ids of another run are not resumed */
    geo_frame frame;
    double now, rate, stale_s;
    char nation[4];
    int n_nations;
    char nations[WEB_MAX_NATIONS][4];
    /* tracks, sorted by stn; double-buffered so a new picture merges without allocation */
    web_trk *cur, *nxt;
    int n_cur, max_tracks;
    uint64_t *order;          /* scratch: (stn << 32 | index) of the incoming tracks, sorted */
    /* removals */
    web_tomb *tomb;
    size_t tomb_cap, tomb_n;  /* tomb_n: written so far (ring index = tomb_n % cap) */
    uint64_t tomb_floor;      /* streams at a version below this need a snapshot */
    /* warnings */
    web_wrn *wrn;
    int max_warnings;
    /* status and layers: JSON text and the version at which it changed */
    web_buf status_json, layers_json;
    uint64_t status_ver, layers_ver;
    /* statistics */
    web_stats stats;
} web_store;

sw_rc web_store_init(web_store *s, const web_config *c, sw_err *err);
void web_store_free(web_store *s);
/* Renders the whole picture as one JSON object; *ver receives its version.  Takes the lock. */
void web_store_snapshot(web_store *s, web_buf *out, uint64_t *ver);
/* Renders what changed after version `since`.  Returns 1 (nothing written) when a snapshot is
 * needed instead, else 0; *ver receives the version reached (== since: nothing changed).
 * The caller holds the lock. */
int web_store_delta_locked(web_store *s, uint64_t since, web_buf *out, uint64_t *ver);
/* The setters behind web.h (web_store.c). */
sw_rc web_set_tracks_store(web_store *s, const sw_system_track *t, size_t n, double now,
                           sw_err *err);
sw_rc web_set_warning_store(web_store *s, const web_warning *w, sw_err *err);
void web_remove_warning_store(web_store *s, uint64_t id);
sw_rc web_get_warning_store(web_store *s, uint64_t id, web_warning *out);
void web_set_status_store(web_store *s, const web_status *st);
sw_rc web_set_layers_store(web_store *s, const web_area *a, int na, const web_radar *r, int nr,
                           sw_err *err);
/* A track's details as JSON, or SW_ENOTFOUND.  Takes the lock. */
sw_rc web_store_track_detail(web_store *s, uint32_t stn, web_buf *out);

/* ---- the server (web_server.c) and its event streams (web_sse.c) ---- */
struct MHD_Connection;
struct MHD_Response;

struct web_server {
    web_store st;
    struct MHD_Daemon *d;
    char webdir[4096];
    char token[72];
    int need_token;
    int port;
    char host[80];            /* as given (for the URL) */
    int ipv6;
    int max_clients;
    double min_interval_s;
    web_ack_fn on_ack;
    void *ack_ctx;
};

/* The event-stream response for a new connection (NULL when too many streams are open or memory
 * ran out).  last_id is the browser's Last-Event-ID header (NULL if none); gzip: the browser
 * accepts Content-Encoding gzip. */
struct MHD_Response *web_sse_response(web_server *srv, const char *last_id, int gzip);
/* Time base of the streams (monotonic seconds). */
double web_mono(void);

/* web_http.c: address, page folder, token, responses, static files. */
sw_rc web_parse_addr(web_server *srv, const char *addr, struct sockaddr_storage *ss,
                     int *loopback, sw_err *err);
sw_rc web_find_webdir(web_server *srv, const char *given, sw_err *err);
void web_make_token(char *out, size_t cap);
/* 1: the request carries the token (or none is needed); *via_query: it came in the URL. */
int web_authorised(web_server *srv, struct MHD_Connection *c, int *via_query);
/* Queue a response with the security headers (and the token cookie when set_cookie). */
enum MHD_Result web_send_response(web_server *srv, struct MHD_Connection *c, unsigned code,
                                  struct MHD_Response *r, int set_cookie);
enum MHD_Result web_send_text(web_server *srv, struct MHD_Connection *c, unsigned code,
                              const char *type, const char *body, size_t len, int set_cookie);
enum MHD_Result web_send_error(web_server *srv, struct MHD_Connection *c, unsigned code,
                               const char *msg);
enum MHD_Result web_serve_file(web_server *srv, struct MHD_Connection *c, const char *url,
                               int set_cookie);

#endif
