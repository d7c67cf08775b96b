/* warn/wrn_audit_verify.c - checking an audit log: every entry's layout, sequence number, chain
 * link, hash and signature, in one pass, stopping at the first bad entry and saying which and
 * why.  The input is untrusted: no assumption about its bytes, lengths or JSON. */
#include "warn/wrn_audit.h"

#include "warn/wrn_audit_int.h"
#include "warn/wrn_io.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sw_rc bad(wrn_audit_report *r, long entry, long line, long off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static sw_rc bad(wrn_audit_report *r, long entry, long line, long off, const char *fmt, ...)
{
    r->bad_entry = entry;
    r->bad_line = line;
    r->bad_offset = off;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
    return SW_ESECURITY;
}

static int word_ok(const char *s)
{
    if (!*s || strlen(s) > 32)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
            return 0;
    return 1;
}

sw_rc wrn_audit_verify_buf(const char *buf, size_t len, const wrn_audit_check *chk,
                           wrn_audit_report *r)
{
    static const wrn_audit_check none = {0};
    if (!chk)
        chk = &none;
    memset(r, 0, sizeof *r);
    r->bad_entry = r->bad_line = r->bad_offset = -1;
    if (!wrn_sodium_ready())
        return bad(r, 0, 0, 0, "libsodium failed to initialise");
    uint8_t prev[32] = {0}, pk[32];
    int have_pk = 0, last_seal = 0;
    size_t pos = 0;
    long n = 0;
    char *tmp = malloc(WRN_AUDIT_MAX_LINE + 2);
    if (!tmp)
        return bad(r, 0, 0, 0, "out of memory");
    sw_rc rc = SW_OK;
    while (pos < len && rc == SW_OK) {
        long line = n + 1, off = (long)pos;
        const char *l = buf + pos;
        const char *nl = memchr(l, '\n', len - pos);
        if (!nl) {
            rc = bad(r, n, line, off, "the last line has no newline: a torn or cut entry");
            break;
        }
        size_t ll = (size_t)(nl - l), body;
        pos += ll + 1;
        uint8_t p[32], h[32], sig[64], h2[32];
        if (ll > WRN_AUDIT_MAX_LINE || wrn_audit_split(l, ll, &body, p, h, sig)) {
            rc = bad(r, n, line, off, "not an audit entry (its tail is not "
                     "\"prev\",\"hash\",\"sig\" in lower-case hex)");
            break;
        }
        memcpy(tmp, l, body);
        tmp[body] = '}';
        tmp[body + 1] = 0;
        cJSON *j = cJSON_ParseWithLength(tmp, body + 1);
        const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "seq");
        const cJSON *node = cJSON_GetObjectItemCaseSensitive(j, "node");
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(j, "event");
        const cJSON *tm = cJSON_GetObjectItemCaseSensitive(j, "time");
        const cJSON *jpk = cJSON_GetObjectItemCaseSensitive(j, "pk");
        if (!cJSON_IsObject(j) || !cJSON_IsNumber(seq) || !cJSON_IsString(node) ||
            !cJSON_IsString(ev) || !cJSON_IsString(tm) || !wrn_nation_ok(node->valuestring, 8) ||
            !word_ok(ev->valuestring)) {
            rc = bad(r, n, line, off, "its body is not an entry (seq, time, node, event)");
        } else if (seq->valuedouble != (double)n) {
            rc = bad(r, n, line, off, "seq is %.0f where %ld was due: an entry was removed, "
                     "inserted or moved", seq->valuedouble, n);
        } else if (memcmp(p, prev, 32)) {
            rc = bad(r, n, line, off, "prev is not the hash of the entry before: the chain is "
                     "broken here");
        } else if (wrn_audit_hash(p, l, body, h2), memcmp(h, h2, 32)) {
            rc = bad(r, n, line, off, "its hash does not match its content: the entry was "
                     "changed");
        } else if (n == 0 && (strcmp(ev->valuestring, "open") || !cJSON_IsString(jpk) ||
                              strlen(jpk->valuestring) != 64 ||
                              wrn_unhex(jpk->valuestring, 32, pk))) {
            rc = bad(r, n, line, off, "the first entry must be \"open\" with the node's key");
        } else if (n > 0 && strcmp(node->valuestring, r->node)) {
            rc = bad(r, n, line, off, "node %s in a log of %s", node->valuestring, r->node);
        } else if (n > 0 && !strcmp(ev->valuestring, "open")) {
            rc = bad(r, n, line, off, "a second \"open\" entry");
        } else if (last_seal && strcmp(ev->valuestring, "reopen")) {
            rc = bad(r, n, line, off, "\"%s\" after the seal (only \"reopen\" may follow it)",
                     ev->valuestring);
        }
        if (rc == SW_OK && n == 0) {
            snprintf(r->node, sizeof r->node, "%s", node->valuestring);
            uint8_t given[32];
            const uint8_t *want = NULL;
            if (chk->pk) {
                want = chk->pk;
            } else if (chk->keys_dir) {
                sw_err e;
                if (wrn_keys_load_pk(chk->keys_dir, r->node, given, &e))
                    rc = bad(r, n, line, off, "cannot check: %s", e.msg);
                want = given;
            } else {
                r->key_from_log = 1;
            }
            if (rc == SW_OK && want && memcmp(want, pk, 32))
                rc = bad(r, n, line, off, "the log declares another key than %s's", r->node);
            have_pk = rc == SW_OK;
        }
        if (rc == SW_OK && (!have_pk || crypto_sign_verify_detached(sig, h, 32, pk)))
            rc = bad(r, n, line, off, "its signature is not %s's", r->node);
        if (rc == SW_OK) {
            last_seal = !strcmp(ev->valuestring, "seal");
            memcpy(prev, h, 32);
            n++;
            r->entries = n;
            wrn_hex(h, 32, r->head);
        }
        cJSON_Delete(j);
    }
    free(tmp);
    if (rc)
        return rc;
    r->sealed = last_seal;
    if (n == 0)
        return bad(r, 0, 1, 0, "the log is empty");
    if (chk->head && strcmp(chk->head, r->head))
        return bad(r, n - 1, n, (long)len, "the last entry's hash is not the anchor %.16s...: "
                   "entries were removed or added at the end", chk->head);
    if (!last_seal && !chk->allow_open)
        return bad(r, n, n + 1, (long)len, "the log is not sealed: its last entries may have been "
                   "cut off (a running or crashed node's log: check with --open)");
    return SW_OK;
}

sw_rc wrn_audit_verify(const char *path, const wrn_audit_check *chk, wrn_audit_report *r,
                       sw_err *err)
{
    char *buf;
    size_t len;
    sw_rc rc = wrn_read_file(path, (size_t)1 << 34, &buf, &len, err);
    if (rc)
        return rc;
    rc = wrn_audit_verify_buf(buf, len, chk, r);
    free(buf);
    if (rc)
        sw_err_set(err, rc, "%s: entry %ld (line %ld, byte %ld): %s", path, r->bad_entry,
                   r->bad_line, r->bad_offset, r->why);
    return rc;
}
