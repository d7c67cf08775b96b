/* warn/wrn_audit.c - appending signed, hash-chained entries to the audit log.
 *
 * Each entry is built whole in memory and written with one write() on an O_APPEND descriptor,
 * then fdatasync'd (policy "entry", or once per caller's cycle with "batch"): after a crash the file holds every entry whose append
 * returned, plus at most one torn line, which the next open cuts off and records. */
#include "warn/wrn_audit.h"

#include "core/time.h"
#include "warn/wrn_audit_int.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct wrn_audit {
    int fd;
    int sync;
    int dirty;               /* appended since the last fdatasync */
    char path[1024];
    char nation[WRN_NATION_LEN];
    uint8_t sk[WRN_SK_BYTES], pk[WRN_PK_BYTES];
    uint8_t prev[32];
    uint64_t seq;            /* of the next entry */
    char head[65];
    char line[WRN_AUDIT_MAX_LINE];
};

void wrn_audit_hash(const uint8_t prev[32], const char *body, size_t n, uint8_t out[32])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const uint8_t *)WRN_AUDIT_DOMAIN, strlen(WRN_AUDIT_DOMAIN));
    crypto_hash_sha256_update(&st, prev, 32);
    crypto_hash_sha256_update(&st, (const uint8_t *)body, n);
    crypto_hash_sha256_final(&st, out);
}

static int lower_hex(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < 2 * n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return -1;
    return wrn_unhex(s, n, out);
}

int wrn_audit_split(const char *line, size_t len, size_t *body_len, uint8_t prev[32],
                    uint8_t hash[32], uint8_t sig[64])
{
    if (len < WRN_AUDIT_TAIL + 2 || line[0] != '{')
        return -1;
    const char *t = line + len - WRN_AUDIT_TAIL;
    if (memcmp(t, ",\"prev\":\"", 9) || memcmp(t + 73, "\",\"hash\":\"", 10) ||
        memcmp(t + 147, "\",\"sig\":\"", 9) || memcmp(t + 284, "\"}", 2))
        return -1;
    if (lower_hex(t + 9, 32, prev) || lower_hex(t + 83, 32, hash) || lower_hex(t + 156, 64, sig))
        return -1;
    *body_len = (size_t)(t - line);
    return 0;
}

uint64_t wrn_audit_count(const wrn_audit *a) { return a->seq; }
const char *wrn_audit_head(const wrn_audit *a) { return a->head; }

sw_rc wrn_audit_sync(wrn_audit *a, sw_err *err)
{
    if (!a->dirty)
        return SW_OK;
    a->dirty = 0;
    if (fdatasync(a->fd))
        return sw_err_set(err, SW_EIO, "%s: fdatasync: %s", a->path, strerror(errno));
    return SW_OK;
}

static sw_rc sync_fd(wrn_audit *a, sw_err *err)
{
    a->dirty = 1;
    return a->sync == WRN_AUDIT_SYNC_ENTRY ? wrn_audit_sync(a, err) : SW_OK;
}

sw_rc wrn_audit_append(wrn_audit *a, double now, const char *event, const char *fields,
                       sw_err *err)
{
    char iso[40];
    sw_time_iso(now, iso, sizeof iso);
    int n = snprintf(a->line, sizeof a->line, "{\"seq\":%llu,\"time\":\"%s\",\"node\":\"%s\","
                     "\"event\":\"%s\"%s%s", (unsigned long long)a->seq, iso, a->nation, event,
                     fields && *fields ? "," : "", fields ? fields : "");
    if (n < 0 || (size_t)n + WRN_AUDIT_TAIL + 2 > sizeof a->line)
        return sw_err_set(err, SW_ERANGE, "%s: audit entry '%s' too long", a->path, event);
    size_t body = (size_t)n;
    uint8_t h[32], sig[64];
    wrn_audit_hash(a->prev, a->line, body, h);
    crypto_sign_detached(sig, NULL, h, sizeof h, a->sk);
    char *p = a->line + body;
    memcpy(p, ",\"prev\":\"", 9);
    wrn_hex(a->prev, 32, p + 9);
    memcpy(p + 73, "\",\"hash\":\"", 10);
    wrn_hex(h, 32, p + 83);
    memcpy(p + 147, "\",\"sig\":\"", 9);
    wrn_hex(sig, 64, p + 156);
    memcpy(p + 284, "\"}\n", 3);
    size_t len = body + WRN_AUDIT_TAIL + 1;
    ssize_t k;
    do
        k = write(a->fd, a->line, len);
    while (k < 0 && errno == EINTR);
    if (k != (ssize_t)len)
        return sw_err_set(err, SW_EIO, "%s: append: %s", a->path,
                          k < 0 ? strerror(errno) : "short write");
    memcpy(a->prev, h, 32);
    wrn_hex(h, 32, a->head);
    a->seq++;
    return sync_fd(a, err);
}

/* Reads the file's last line(s): finds the last complete entry and whether a torn tail follows. */
static sw_rc recover_tail(wrn_audit *a, double now, sw_err *err)
{
    off_t size = lseek(a->fd, 0, SEEK_END);
    if (size < 0)
        return sw_err_set(err, SW_EIO, "%s: %s", a->path, strerror(errno));
    size_t want = size > (off_t)(2 * WRN_AUDIT_MAX_LINE) ? 2 * WRN_AUDIT_MAX_LINE : (size_t)size;
    char *buf = malloc(want + 1);
    /* (an empty file reads nothing and becomes a new log below) */
    if (!buf)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    off_t base = size - (off_t)want;
    if (pread(a->fd, buf, want, base) != (ssize_t)want) {
        free(buf);
        return sw_err_set(err, SW_EIO, "%s: read: %s", a->path, strerror(errno));
    }
    /* the torn tail: bytes after the last newline */
    size_t end = want;
    while (end > 0 && buf[end - 1] != '\n')
        end--;
    size_t torn = want - end;
    uint8_t torn_hash[32];
    crypto_hash_sha256(torn_hash, (const uint8_t *)buf + end, torn);
    if (end == 0 && base > 0) {
        free(buf);
        return sw_err_set(err, SW_ESECURITY, "%s: no complete entry in the last %zu bytes", a->path,
                          want);
    }
    if (torn && ftruncate(a->fd, base + (off_t)end)) {
        free(buf);
        return sw_err_set(err, SW_EIO, "%s: truncate: %s", a->path, strerror(errno));
    }
    int have_entry = end > 0;
    if (have_entry) {
        size_t ls = end - 1;
        while (ls > 0 && buf[ls - 1] != '\n')
            ls--;
        const char *line = buf + ls;
        size_t len = end - 1 - ls, body;
        uint8_t prev[32], h[32], sig[64], h2[32];
        int ok = !wrn_audit_split(line, len, &body, prev, h, sig);
        if (ok) {
            wrn_audit_hash(prev, line, body, h2);
            ok = !memcmp(h, h2, 32) && !crypto_sign_verify_detached(sig, h, 32, a->pk);
        }
        cJSON *j = NULL;
        if (ok) {
            char *tmp = malloc(body + 2);
            memcpy(tmp, line, body);
            tmp[body] = '}';
            tmp[body + 1] = 0;
            j = cJSON_Parse(tmp);
            free(tmp);
        }
        const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
        const cJSON *node = cJSON_GetObjectItemCaseSensitive(j, "node");
        ok = ok && cJSON_IsNumber(seq) && seq->valuedouble >= 0 && seq->valuedouble < 9007199254740992.0 &&
             cJSON_IsString(node) && !strcmp(node->valuestring, a->nation);
        if (ok) {
            a->seq = (uint64_t)seq->valuedouble + 1;
            memcpy(a->prev, h, 32);
            wrn_hex(h, 32, a->head);
        }
        cJSON_Delete(j);
        if (!ok) {
            free(buf);
            return sw_err_set(err, SW_ESECURITY, "%s: the last entry is not a valid entry of %s's "
                              "audit key; check it with `skyweave audit verify` and move it aside",
                              a->path, a->nation);
        }
    }
    free(buf);
    sw_rc rc;
    if (!have_entry) {
        char pk[65], f[128];
        wrn_hex(a->pk, 32, pk);
        snprintf(f, sizeof f, "\"pk\":\"%s\"", pk);
        if ((rc = wrn_audit_append(a, now, "open", f, err)))
            return rc;
    } else if ((rc = wrn_audit_append(a, now, "reopen", "", err))) {
        return rc;
    }
    if (torn) {
        char th[65], f[160];
        wrn_hex(torn_hash, 32, th);
        snprintf(f, sizeof f, "\"cut_bytes\":%zu,\"cut_sha256\":\"%s\"", torn, th);
        if ((rc = wrn_audit_append(a, now, "recovered", f, err)))
            return rc;
    }
    return SW_OK;
}

sw_rc wrn_audit_open(wrn_audit **out, const char *path, const char *nation,
                     const uint8_t sk[WRN_SK_BYTES], int sync, double now, sw_err *err)
{
    *out = NULL;
    if (!wrn_sodium_ready())
        return sw_err_set(err, SW_ESECURITY, "libsodium failed to initialise");
    size_t nl = strlen(nation);
    if (nl < 2 || nl > 3)
        return sw_err_set(err, SW_EINVAL, "audit: nation '%s'", nation);
    wrn_audit *a = calloc(1, sizeof *a);
    if (!a)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    snprintf(a->path, sizeof a->path, "%s", path);
    snprintf(a->nation, sizeof a->nation, "%s", nation);
    memcpy(a->sk, sk, WRN_SK_BYTES);
    crypto_sign_ed25519_sk_to_pk(a->pk, a->sk);
    a->sync = sync;
    a->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (a->fd < 0) {
        sw_rc rc = sw_err_set(err, SW_EIO, "%s: %s", path, strerror(errno));
        free(a);
        return rc;
    }
    if (flock(a->fd, LOCK_EX | LOCK_NB)) {
        close(a->fd);
        free(a);
        return sw_err_set(err, SW_EIO, "%s: another process writes this audit log", path);
    }
    sw_rc rc = recover_tail(a, now, err);
    if (rc) {
        close(a->fd);
        sodium_memzero(a->sk, sizeof a->sk);
        free(a);
        return rc;
    }
    *out = a;
    return SW_OK;
}

static void free_audit(wrn_audit *a)
{
    close(a->fd);
    sodium_memzero(a->sk, sizeof a->sk);
    free(a);
}

sw_rc wrn_audit_close(wrn_audit *a, double now, sw_err *err)
{
    if (!a)
        return SW_OK;
    char f[64];
    snprintf(f, sizeof f, "\"entries\":%llu", (unsigned long long)a->seq + 1);
    int sync = a->sync;
    a->sync = WRN_AUDIT_SYNC_ENTRY; /* the seal always reaches the disk */
    sw_rc rc = wrn_audit_append(a, now, "seal", f, err);
    a->sync = sync;
    free_audit(a);
    return rc;
}

void wrn_audit_abandon(wrn_audit *a)
{
    if (a)
        free_audit(a);
}

/* JSON string of s (escaped by cJSON), appended to the fields buffer. */
static void add_str(char *buf, size_t n, const char *key, const char *s)
{
    cJSON *item = cJSON_CreateStringReference(s);
    char *q = item ? cJSON_PrintUnformatted(item) : NULL; /* cJSON does the escaping */
    size_t l = strlen(buf);
    snprintf(buf + l, n - l, "%s\"%s\":%s", l ? "," : "", key, q ? q : "\"\"");
    cJSON_free(q);
    cJSON_Delete(item);
}

static void add_fmt(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_fmt(char *buf, size_t n, const char *fmt, ...)
{
    size_t l = strlen(buf);
    if (l && l < n - 1)
        buf[l++] = ',', buf[l] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + l, n - l, fmt, ap);
    va_end(ap);
}

sw_rc wrn_audit_log(wrn_audit *a, double now, const char *event, const sw_warning *w,
                    const wrn_ack *ack, const char *peer, int attempt, const char *note,
                    sw_err *err)
{
    char f[4096] = "", hex[129], iso[40];
    const sw_warning *nw = w;
    if (w) {
        add_fmt(f, sizeof f, "\"warning\":\"%s\"", wrn_id_hex(w->id, hex));
        add_fmt(f, sizeof f, "\"stn\":%u", w->stn);
        add_str(f, sizeof f, "threatened", w->threatened);
        add_str(f, sizeof f, "area", w->area);
        add_str(f, sizeof f, "issuer", w->issuer);
        add_fmt(f, sizeof f, "\"rev\":%u,\"state\":\"%s\",\"class\":\"%s\"", w->revision,
                wrn_state_name(w->state), wrn_class_name(w->cls));
        add_fmt(f, sizeof f, "\"p\":%.3f,\"impact\":[%.5f,%.5f],\"ellipse_m\":[%.0f,%.0f,%.1f]",
                w->probability, w->impact_lat_deg, w->impact_lon_deg, w->ellipse_major_m,
                w->ellipse_minor_m, w->ellipse_orient_deg);
        sw_time_iso(w->arrival, iso, sizeof iso);
        add_fmt(f, sizeof f, "\"arrival\":\"%s\"", iso);
    }
    if (ack) {
        if (!nw)
            add_fmt(f, sizeof f, "\"warning\":\"%s\"", wrn_id_hex(ack->warning_id, hex));
        char nat[5], iss[5], op[33];
        snprintf(nat, sizeof nat, "%.4s", ack->nation);
        snprintf(iss, sizeof iss, "%.4s", ack->issuer);
        snprintf(op, sizeof op, "%.32s", ack->operator_id);
        add_str(f, sizeof f, "ack_by", nat);
        add_str(f, sizeof f, "ack_of", iss);
        add_fmt(f, sizeof f, "\"ack_rev\":%u", ack->revision);
        add_str(f, sizeof f, "operator", op);
        sw_time_iso(ack->time, iso, sizeof iso);
        add_fmt(f, sizeof f, "\"ack_time\":\"%s\"", iso);
        wrn_hex(ack->sig, 64, hex);
        add_fmt(f, sizeof f, "\"ack_sig\":\"%s\"", hex);
    }
    if (peer && *peer)
        add_str(f, sizeof f, "peer", peer);
    if (attempt)
        add_fmt(f, sizeof f, "\"attempt\":%d", attempt);
    if (note && *note)
        add_str(f, sizeof f, "note", note);
    if (w && w->text[0])
        add_str(f, sizeof f, "text", w->text);
    return wrn_audit_append(a, now, event, f, err);
}
