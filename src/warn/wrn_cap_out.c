/* warn/wrn_cap_out.c - where CAP alerts go: files in a directory and HTTP POSTs (libcurl).
 *
 * Files are written whole to "<identifier>.xml.tmp", fsync'd and renamed, so a reader polling the
 * directory never sees half an alert.  POSTs (Content-Type application/common-alerting-
 * protocol+xml) go through a bounded queue to one worker thread, three attempts each with a
 * second between them, so a slow endpoint delays nothing else; what the worker could not
 * deliver is counted, and the file copy remains.
 *
 * Per warning id the exporter keeps its chain: the source it follows, the last message it
 * exported (for <references>) and whether that left the warning active or cancelled. */
#include "warn/wrn_cap.h"

#include "core/log.h"
#include "core/time.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHAIN_MAX 1024
#define QUEUE_MAX 256

typedef struct chain {
    uint64_t id;
    int used;
    char source[WRN_NATION_LEN]; /* issuer followed */
    uint32_t rev;                /* its last revision exported */
    int active;                  /* the last export left it active (Alert/Update) */
    double time;                 /* track time of the last message exported */
    int seq;                     /* alerts made for this warning */
    wrn_cap_ref last;
    double touched;
} chain;

typedef struct job {
    char *xml;
    size_t len;
    char id[WRN_CAP_ID_LEN];
} job;

struct wrn_cap_out {
    wrn_cap_cfg c;
    const wrn_areas *areas;
    chain ch[CHAIN_MAX];
    wrn_cap_stats st;
    /* HTTP worker */
    int http;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv, idle;
    job q[QUEUE_MAX];
    int q_head, q_n, busy, stop;
};

static size_t discard(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static int post_one(struct wrn_cap_out *o, CURL *cu, const job *j)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/"
                                                   "common-alerting-protocol+xml");
    curl_easy_reset(cu);
    curl_easy_setopt(cu, CURLOPT_URL, o->c.url);
    curl_easy_setopt(cu, CURLOPT_POSTFIELDS, j->xml);
    curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE, (long)j->len);
    curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(cu, CURLOPT_TIMEOUT_MS, (long)(o->c.http_timeout_s * 1000));
    curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(cu);
    long code = 0;
    curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    if (rc != CURLE_OK || code < 200 || code > 299) {
        SW_LOGW("warn", "CAP POST of %s to %s: %s (HTTP %ld)", j->id, o->c.url,
                rc != CURLE_OK ? curl_easy_strerror(rc) : "refused", code);
        return -1;
    }
    return 0;
}

static void *worker(void *arg)
{
    struct wrn_cap_out *o = arg;
    CURL *cu = curl_easy_init();
    pthread_mutex_lock(&o->mu);
    for (;;) {
        while (!o->q_n && !o->stop)
            pthread_cond_wait(&o->cv, &o->mu);
        if (!o->q_n && o->stop)
            break;
        job j = o->q[o->q_head];
        o->q_head = (o->q_head + 1) % QUEUE_MAX;
        o->q_n--;
        o->busy = 1;
        pthread_mutex_unlock(&o->mu);
        int ok = 0;
        for (int a = 0; a < 3 && cu && !ok; a++) {
            if (a)
                sw_time_sleep(1.0);
            ok = !post_one(o, cu, &j);
        }
        free(j.xml);
        pthread_mutex_lock(&o->mu);
        o->busy = 0;
        if (ok)
            o->st.posted++;
        else
            o->st.post_failed++;
        if (!o->q_n)
            pthread_cond_broadcast(&o->idle);
    }
    pthread_mutex_unlock(&o->mu);
    if (cu)
        curl_easy_cleanup(cu);
    return NULL;
}

static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

void wrn_cap_cfg_default(wrn_cap_cfg *c, const char *self)
{
    memset(c, 0, sizeof *c);
    snprintf(c->self, sizeof c->self, "%s", self ? self : "");
    snprintf(c->status, sizeof c->status, "Actual");
    snprintf(c->scope, sizeof c->scope, "Public");
    c->http_timeout_s = 5.0;
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

sw_rc wrn_cap_cfg_parse(wrn_cap_cfg *c, const sw_cfg *m, const char *base_dir, sw_err *err)
{
    static const char *const keys[] = {"sender", "status", "scope", "restriction", "dir", "url",
                                       "http_timeout_s", "nations", NULL};
    static const char *const st[] = {"Actual", "Exercise", "System", "Test", "Draft", NULL};
    static const char *const sc[] = {"Public", "Restricted", "Private", NULL};
    char where[300];
    if (!m)
        return SW_OK;
    sw_rc rc = sw_cfg_check_keys(m, keys, err);
    if (rc)
        return rc;
    const char *s;
    if ((rc = sw_cfg_opt_str(m, "sender", c->sender, &s, err)))
        return rc;
    if (strlen(s) >= sizeof c->sender || strpbrk(s, " ,<&"))
        return sw_err_set(err, SW_EFORMAT, "%s: cap.sender: at most %zu characters, no spaces, "
                          "commas, '<' or '&' (CAP 1.2)", sw_cfg_where(m, where, sizeof where),
                          sizeof c->sender - 1);
    snprintf(c->sender, sizeof c->sender, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "status", c->status, &s, err)))
        return rc;
    if (!one_of(s, st))
        return sw_err_set(err, SW_EFORMAT, "%s: cap.status '%s': Actual, Exercise, System, Test "
                          "or Draft", sw_cfg_where(m, where, sizeof where), s);
    snprintf(c->status, sizeof c->status, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "scope", c->scope, &s, err)))
        return rc;
    if (!one_of(s, sc))
        return sw_err_set(err, SW_EFORMAT, "%s: cap.scope '%s': Public, Restricted or Private",
                          sw_cfg_where(m, where, sizeof where), s);
    snprintf(c->scope, sizeof c->scope, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "restriction", c->restriction, &s, err)))
        return rc;
    snprintf(c->restriction, sizeof c->restriction, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "dir", "", &s, err)))
        return rc;
    if (*s && *s != '/' && base_dir && *base_dir)
        snprintf(c->dir, sizeof c->dir, "%s/%s", base_dir, s);
    else if (*s)
        snprintf(c->dir, sizeof c->dir, "%s", s);
    if ((rc = sw_cfg_opt_str(m, "url", c->url, &s, err)))
        return rc;
    if (*s && strncmp(s, "http://", 7) && strncmp(s, "https://", 8))
        return sw_err_set(err, SW_EFORMAT, "%s: cap.url '%s': an http:// or https:// URL",
                          sw_cfg_where(m, where, sizeof where), s);
    snprintf(c->url, sizeof c->url, "%s", s);
    if ((rc = sw_cfg_opt_num(m, "http_timeout_s", c->http_timeout_s, &c->http_timeout_s, err)))
        return rc;
    if (!(c->http_timeout_s >= 0.1 && c->http_timeout_s <= 120))
        return sw_err_set(err, SW_ERANGE, "%s: cap.http_timeout_s in [0.1, 120]",
                          sw_cfg_where(m, where, sizeof where));
    if ((rc = sw_cfg_opt_str(m, "nations", "own", &s, err)))
        return rc;
    if (strcmp(s, "own") && strcmp(s, "all"))
        return sw_err_set(err, SW_EFORMAT, "%s: cap.nations '%s': own or all",
                          sw_cfg_where(m, where, sizeof where), s);
    c->all_nations = !strcmp(s, "all");
    return SW_OK;
}

sw_rc wrn_cap_out_create(wrn_cap_out **out, const wrn_cap_cfg *c, const wrn_areas *areas,
                         sw_err *err)
{
    *out = NULL;
    if (!wrn_nation_ok(c->self, sizeof c->self))
        return sw_err_set(err, SW_EINVAL, "CAP export: the node's nation is not set");
    if (c->dir[0] && mkdir(c->dir, 0755) && errno != EEXIST)
        return sw_err_set(err, SW_EIO, "CAP export: cannot create %s: %s", c->dir,
                          strerror(errno));
    struct wrn_cap_out *o = calloc(1, sizeof *o);
    if (!o)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    o->c = *c;
    o->areas = areas;
    if (c->url[0]) {
        static pthread_once_t once = PTHREAD_ONCE_INIT;
        pthread_once(&once, curl_init_once);
        pthread_mutex_init(&o->mu, NULL);
        pthread_cond_init(&o->cv, NULL);
        pthread_cond_init(&o->idle, NULL);
        if (pthread_create(&o->th, NULL, worker, o)) {
            free(o);
            return sw_err_set(err, SW_EIO, "CAP export: cannot start the HTTP worker");
        }
        o->http = 1;
    }
    *out = o;
    return SW_OK;
}

void wrn_cap_out_free(wrn_cap_out *o, double wait_s)
{
    if (!o)
        return;
    if (o->http) {
        pthread_mutex_lock(&o->mu);
        double until = sw_time_mono() + wait_s;
        while ((o->q_n || o->busy) && sw_time_mono() < until) {
            pthread_mutex_unlock(&o->mu);
            sw_time_sleep(0.01);
            pthread_mutex_lock(&o->mu);
        }
        /* whatever is left is dropped (its file copy remains) */
        while (o->q_n) {
            free(o->q[o->q_head].xml);
            o->q_head = (o->q_head + 1) % QUEUE_MAX;
            o->q_n--;
            o->st.dropped++;
        }
        o->stop = 1;
        pthread_cond_broadcast(&o->cv);
        pthread_mutex_unlock(&o->mu);
        pthread_join(o->th, NULL);
        pthread_mutex_destroy(&o->mu);
        pthread_cond_destroy(&o->cv);
        pthread_cond_destroy(&o->idle);
    }
    free(o);
}

void wrn_cap_out_stats(wrn_cap_out *o, wrn_cap_stats *s)
{
    if (o->http)
        pthread_mutex_lock(&o->mu);
    *s = o->st;
    s->queued = o->q_n + o->busy;
    if (o->http)
        pthread_mutex_unlock(&o->mu);
}

static sw_rc write_file(const char *dir, const char *id, const char *xml, size_t len,
                        sw_err *err)
{
    char path[700], tmp[720];
    snprintf(path, sizeof path, "%s/%s.xml", dir, id);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return sw_err_set(err, SW_EIO, "CAP: %s: %s", tmp, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t k = write(fd, xml + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = errno;
            close(fd);
            unlink(tmp);
            return sw_err_set(err, SW_EIO, "CAP: writing %s: %s", tmp, strerror(e));
        }
        off += (size_t)k;
    }
    if (fsync(fd) || close(fd) || rename(tmp, path)) {
        int e = errno;
        unlink(tmp);
        return sw_err_set(err, SW_EIO, "CAP: %s: %s", path, strerror(e));
    }
    return SW_OK;
}

static chain *chain_for(struct wrn_cap_out *o, uint64_t id, double now)
{
    chain *free_slot = NULL, *oldest = NULL;
    for (int i = 0; i < CHAIN_MAX; i++) {
        chain *c = &o->ch[i];
        if (c->used && c->id == id)
            return c;
        if (!c->used && !free_slot)
            free_slot = c;
        if (c->used && (!oldest || c->touched < oldest->touched))
            oldest = c;
    }
    chain *c = free_slot ? free_slot : oldest;
    memset(c, 0, sizeof *c);
    c->id = id;
    c->used = 1;
    c->touched = now;
    return c;
}

static chain *chain_find(struct wrn_cap_out *o, uint64_t id)
{
    for (int i = 0; i < CHAIN_MAX; i++)
        if (o->ch[i].used && o->ch[i].id == id)
            return &o->ch[i];
    return NULL;
}

sw_rc wrn_cap_out_warning(wrn_cap_out *o, const sw_warning *w, double now, int *exported,
                          char *identifier, sw_err *err)
{
    if (exported)
        *exported = 0;
    if (!o->c.all_nations && strcmp(w->threatened, o->c.self))
        return SW_OK;
    int active = w->state == WRN_ISSUE || w->state == WRN_UPDATE;
    chain *c = chain_find(o, w->id);
    int type;
    if (!c) {
        if (!active)
            return SW_OK; /* nothing was announced, nothing to cancel */
        type = WRN_CAP_ALERT;
    } else {
        int follows = !strcmp(c->source, w->issuer), own = !strcmp(w->issuer, o->c.self);
        /* the followed source's newer revisions; from anyone else only what is newer in track
         * time (our own node takes over as the source as soon as it has the warning itself) */
        int newer = follows ? w->revision > c->rev : w->time > c->time || (own && w->time >= c->time);
        if (!newer || (!active && !c->active))
            return SW_OK; /* stale, or a second cancel that says nothing new */
        type = active != c->active ? (active ? WRN_CAP_ALERT : WRN_CAP_CANCEL) : WRN_CAP_UPDATE;
    }
    if (!c)
        c = chain_for(o, w->id, now);
    char id[WRN_CAP_ID_LEN];
    snprintf(id, sizeof id, "skyweave-%s-%016llx-%d", o->c.self, (unsigned long long)w->id,
             c->seq + 1);
    const wrn_area *area = o->areas ? wrn_areas_find(o->areas, w->area_id) : NULL;
    char *xml;
    size_t len;
    sw_rc rc = wrn_cap_build(&o->c, w, area, id, now, type, c->seq ? &c->last : NULL, &xml, &len,
                             err);
    if (rc)
        return rc;
    if (o->c.dir[0] && (rc = write_file(o->c.dir, id, xml, len, err))) {
        free(xml);
        return rc;
    }
    if (o->c.dir[0])
        o->st.files++;
    o->st.alerts++;
    c->seq++;
    snprintf(c->source, sizeof c->source, "%s", w->issuer);
    c->rev = w->revision;
    c->time = w->time;
    c->active = active;
    c->touched = now;
    if (o->c.sender[0])
        snprintf(c->last.sender, sizeof c->last.sender, "%s", o->c.sender);
    else
        snprintf(c->last.sender, sizeof c->last.sender, "skyweave-%s@coalition.invalid",
                 o->c.self);
    snprintf(c->last.identifier, sizeof c->last.identifier, "%s", id);
    c->last.sent = now;
    if (identifier)
        snprintf(identifier, WRN_CAP_ID_LEN, "%s", id);
    if (exported)
        *exported = 1;
    if (o->http) {
        pthread_mutex_lock(&o->mu);
        if (o->q_n < QUEUE_MAX) {
            job *j = &o->q[(o->q_head + o->q_n) % QUEUE_MAX];
            j->xml = xml;
            j->len = len;
            snprintf(j->id, sizeof j->id, "%s", id);
            o->q_n++;
            xml = NULL;
            pthread_cond_signal(&o->cv);
        } else {
            o->st.dropped++;
        }
        pthread_mutex_unlock(&o->mu);
    }
    free(xml);
    return SW_OK;
}
