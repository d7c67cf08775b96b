/* asterix/asx_json_in.c - JSON lines back to ASTERIX octets (`skyweave asterix encode`).
 *
 * Parsing is cJSON's; this file maps the parsed object onto the same descriptor tables the
 * decoder uses, so whatever `decode` prints, `encode` reads.  Strict by design: an unknown key,
 * a value that does not fit its field or a character the field cannot carry is an error that
 * names item and field, because a silently dropped key is the worst kind of encoder bug.
 * Fields left out are zero; an extended item gets the parts of the keys it has. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asterix/asx_bits.h"
#include "asterix/asx_int.h"
#include "asterix/asx_json.h"

typedef struct jin {
    uint8_t *out;
    size_t cap, n;
    sw_err *err;
    const asx_item *top;
} jin;

static sw_rc jerr(jin *j, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static sw_rc jerr(jin *j, const char *what, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sw_err_set(j->err, SW_EFORMAT, "%s%s%s: %s", j->top ? j->top->key : "",
                      what && what[0] ? " " : "", what ? what : "", msg);
}

static sw_rc room(jin *j, size_t n)
{
    if (j->n + n > j->cap)
        return sw_err_set(j->err, SW_EFULL, "%s: the record is too long for the output buffer",
                          j->top ? j->top->key : "record");
    memset(j->out + j->n, 0, n);
    return SW_OK;
}

static int unhex(const char *s, uint8_t *out, size_t cap, size_t *n)
{
    size_t len = strlen(s);
    if (len % 2 || len / 2 > cap)
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0)
            return -1;
        if (i % 2 == 0)
            out[i / 2] = (uint8_t)(v << 4);
        else
            out[i / 2] |= (uint8_t)v;
    }
    *n = len / 2;
    return 0;
}

/* The raw bits of a numeric field from a JSON value; scale: the field whose LSB applies. */
static sw_rc num_raw(jin *j, const asx_field *f, const asx_field *scale, const cJSON *v,
                     uint64_t *raw)
{
    uint64_t lim = f->bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << f->bits) - 1;
    if (f->type == ASX_T_HEX) {
        const char *h = cJSON_IsString(v) ? v->valuestring : NULL;
        size_t len = h ? strlen(h) : 0;
        if (!h || len < 1 || len > 16 || strspn(h, "0123456789abcdefABCDEF") != len)
            return jerr(j, f->key, "expected a hex string of at most 16 digits");
        uint64_t x = strtoull(h, NULL, 16);
        if (x > lim)
            return jerr(j, f->key, "0x%s does not fit %u bits", h, f->bits);
        *raw = x;
        return SW_OK;
    }
    if (f->type == ASX_T_OCTAL) {
        const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
        size_t len = s ? strlen(s) : 0;
        if (!s || len < 1 || len > 4 || strspn(s, "01234567") != len)
            return jerr(j, f->key, "expected up to four octal digits as a string (\"7700\")");
        uint64_t x = 0;
        for (size_t i = 0; i < len; i++)
            x = x << 3 | (uint64_t)(s[i] - '0');
        *raw = x;
        return SW_OK;
    }
    if (!cJSON_IsNumber(v))
        return jerr(j, f->key, "expected a number");
    double d = v->valuedouble;
    if (f->type == ASX_T_UQ || f->type == ASX_T_SQ || f->type == ASX_T_CASE) {
        double r = nearbyint(d / scale->lsb);
        if (f->type == ASX_T_SQ) {
            double half = ldexp(1.0, f->bits - 1);
            if (!(r >= -half && r < half))
                return jerr(j, f->key, "%.10g is outside [%.10g, %.10g]", d, -half * scale->lsb,
                            (half - 1) * scale->lsb);
            *raw = (uint64_t)(int64_t)r & lim;
        } else {
            if (!(r >= 0 && r <= (double)lim))
                return jerr(j, f->key, "%.10g is outside [0, %.10g]", d, (double)lim * scale->lsb);
            *raw = (uint64_t)r;
        }
        return SW_OK;
    }
    if (d != floor(d))
        return jerr(j, f->key, "%.10g is not an integer", d);
    if (f->type == ASX_T_INT) {
        double half = ldexp(1.0, f->bits - 1);
        if (d < -half || d >= half)
            return jerr(j, f->key, "%.0f does not fit %u signed bits", d, f->bits);
        *raw = (uint64_t)(int64_t)d & lim;
        return SW_OK;
    }
    if (d < 0 || d > (double)lim)
        return jerr(j, f->key, "%.0f does not fit %u bits", d, f->bits);
    *raw = (uint64_t)d;
    return SW_OK;
}

/* Writes one field's JSON value into the zeroed octets p (item, part set or element). */
static sw_rc put_value(jin *j, const asx_field *f, int alt, int hex, const cJSON *v, uint8_t *p,
                       uint64_t *raw)
{
    *raw = 0;
    if (f->type == ASX_T_ICAO || f->type == ASX_T_ASCII) {
        unsigned n = f->type == ASX_T_ICAO ? f->bits / 6 : f->bits / 8u;
        if (hex && f->type == ASX_T_ASCII) {
            size_t got;
            if (!cJSON_IsString(v) || unhex(v->valuestring, p + (f->pos >> 3), n, &got) ||
                got != n)
                return jerr(j, f->key, "expected %u octets in hex", n);
            return SW_OK;
        }
        if (hex) { /* 6-bit codes as one hex number */
            const char *h = cJSON_IsString(v) ? v->valuestring : "";
            size_t len = strlen(h);
            if (len < 1 || len > 16 || strspn(h, "0123456789abcdefABCDEF") != len)
                return jerr(j, f->key, "expected the %u bits in hex", f->bits);
            uint64_t x = strtoull(h, NULL, 16);
            if (f->bits < 64 && x >> f->bits)
                return jerr(j, f->key, "0x%s does not fit %u bits", h, f->bits);
            asx_putbits(p, f->pos, f->bits, x);
            return SW_OK;
        }
        if (!cJSON_IsString(v))
            return jerr(j, f->key, "expected a string");
        const char *s = v->valuestring;
        if (strlen(s) > n)
            return jerr(j, f->key, "'%s' is longer than %u characters", s, n);
        for (unsigned i = 0; i < n; i++) {
            char ch = s[i] && i < strlen(s) ? s[i] : ' ';
            if (f->type == ASX_T_ASCII) {
                if ((unsigned char)ch < 0x20 || (unsigned char)ch > 0x7e)
                    return jerr(j, f->key, "only printable ASCII here (use %s_hex)", f->key);
                p[(f->pos >> 3) + i] = (uint8_t)ch;
            } else {
                int c = asx_icao_code(ch);
                if (c < 0)
                    return jerr(j, f->key, "'%c' is not in the 6-bit alphabet (A-Z 0-9 space)",
                                ch);
                asx_putbits(p, f->pos + 6 * i, 6, (uint64_t)c);
            }
        }
        return SW_OK;
    }
    sw_rc rc = num_raw(j, f, alt ? f->alt : f, v, raw);
    if (rc)
        return rc;
    asx_putbits(p, f->pos, f->bits, *raw);
    return SW_OK;
}

/* The field of it named k: plain key, "<key>_hex" of a text field, or a case field's alt key. */
static int find_field(const asx_item *it, const char *k, int *alt, int *hex)
{
    *alt = *hex = 0;
    for (unsigned i = 0; i < it->nf; i++) {
        const asx_field *f = &it->f[i];
        if (strcmp(f->key, k) == 0)
            return (int)i;
        if (f->type == ASX_T_CASE && strcmp(f->alt->key, k) == 0)
            return *alt = 1, (int)i;
        size_t n = strlen(f->key);
        if ((f->type == ASX_T_ASCII || f->type == ASX_T_ICAO) && strncmp(f->key, k, n) == 0 &&
            strcmp(k + n, "_hex") == 0)
            return *hex = 1, (int)i;
    }
    return -1;
}

/* Fields of an object into p (zeroed); nbits: bits available.  *maxbit: end of the last key. */
static sw_rc put_object(jin *j, const asx_item *it, const cJSON *obj, uint8_t *p, unsigned nbits,
                        unsigned *maxbit)
{
    if (!cJSON_IsObject(obj))
        return jerr(j, it->flat ? it->f[0].key : "", "expected an object");
    uint64_t seen = 0, raws[64] = {0};
    int alts[64] = {0};
    for (const cJSON *c = obj->child; c; c = c->next) {
        int alt, hex, i = find_field(it, c->string, &alt, &hex);
        if (i < 0)
            return jerr(j, c->string, "unknown key");
        const asx_field *f = &it->f[i];
        if (i < 64 && (seen >> i & 1))
            return jerr(j, c->string, "given twice");
        if (f->pos + f->bits > nbits)
            return jerr(j, c->string, "not in the octets given");
        sw_rc rc = put_value(j, f, alt, hex, c, p, i < 64 ? &raws[i] : &(uint64_t){0});
        if (rc)
            return rc;
        if (i < 64) {
            seen |= UINT64_C(1) << i;
            alts[i] = alt;
        }
        if (maxbit && f->pos + f->bits > *maxbit)
            *maxbit = f->pos + f->bits;
    }
    for (unsigned i = 1; i < it->nf && i < 64; i++)
        if (it->f[i].type == ASX_T_CASE && (seen >> i & 1) && raws[i - 1] != (uint64_t)alts[i])
            return jerr(j, alts[i] ? it->f[i].alt->key : it->f[i].key, "does not match %s = %u",
                        it->f[i - 1].key, (unsigned)raws[i - 1]);
    return SW_OK;
}

/* A single-value element or subfield. */
static sw_rc put_flat(jin *j, const asx_item *it, const cJSON *v, uint8_t *p, int hex)
{
    unsigned i = it->f[0].type == ASX_T_SPARE ? 1 : 0;
    uint64_t raw;
    return put_value(j, &it->f[i], 0, hex, v, p, &raw);
}

static sw_rc j_item(jin *j, const asx_item *it, const cJSON *v, int hex)
{
    sw_rc rc;
    switch (it->var) {
    case ASX_V_FIXED: {
        if ((rc = room(j, it->len)))
            return rc;
        uint8_t *p = j->out + j->n;
        j->n += it->len;
        return it->flat ? put_flat(j, it, v, p, hex) : put_object(j, it, v, p, it->len * 8u, NULL);
    }
    case ASX_V_EXTENDED: {
        size_t len = it->part_end[it->nparts - 1];
        if ((rc = room(j, len)))
            return rc;
        uint8_t *p = j->out + j->n;
        unsigned maxbit = 1;
        if ((rc = put_object(j, it, v, p, (unsigned)len * 8u, &maxbit)))
            return rc;
        unsigned parts = 1;
        while (it->part_end[parts - 1] * 8u < maxbit)
            parts++;
        for (unsigned i = 0; i + 1 < parts; i++)
            p[it->part_end[i] - 1] |= 1;
        j->n += it->part_end[parts - 1];
        return SW_OK;
    }
    case ASX_V_REP:
    case ASX_V_REPFX: {
        int fx = it->var == ASX_V_REPFX;
        if (!cJSON_IsArray(v))
            return jerr(j, it->flat ? NULL : it->key, "expected an array");
        int n = cJSON_GetArraySize(v);
        if ((!fx && n > 255) || (fx && n < 1))
            return jerr(j, NULL, "%d repetitions (allowed: %s)", n, fx ? "1 or more" : "0..255");
        if ((rc = room(j, (size_t)n * it->len + !fx)))
            return rc;
        if (!fx)
            j->out[j->n++] = (uint8_t)n;
        int i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            uint8_t *p = j->out + j->n;
            j->n += it->len;
            rc = it->flat ? put_flat(j, it, e, p, 0) : put_object(j, it, e, p, it->len * 8u, NULL);
            if (rc)
                return rc;
            if (fx && i + 1 < n)
                p[it->len - 1] |= 1;
        }
        return SW_OK;
    }
    case ASX_V_COMPOUND: {
        if (!cJSON_IsObject(v))
            return jerr(j, NULL, "expected an object");
        const cJSON *val[32] = {0};
        int hx[32] = {0};
        long fs_want = 0;
        unsigned last = 0;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (strcmp(c->string, "fspec_octets") == 0) {
                if (!cJSON_IsNumber(c) || c->valuedouble < 1 || c->valuedouble > 5)
                    return jerr(j, c->string, "expected 1..5");
                fs_want = (long)c->valuedouble;
                continue;
            }
            unsigned k;
            int h = 0;
            for (k = 0; k < it->nsub && k < 32; k++) {
                const asx_item *s = &it->sub[k];
                if (s->var == ASX_V_NONE)
                    continue;
                if (strcmp(s->key, c->string) == 0)
                    break;
                size_t n = strlen(s->key);
                if (s->flat && (s->f[0].type == ASX_T_ASCII || s->f[0].type == ASX_T_ICAO) &&
                    strncmp(s->key, c->string, n) == 0 &&
                    strcmp(c->string + n, "_hex") == 0) {
                    h = 1;
                    break;
                }
            }
            if (k == it->nsub || k >= 32)
                return jerr(j, c->string, "unknown subfield");
            if (val[k])
                return jerr(j, c->string, "given twice");
            val[k] = c;
            hx[k] = h;
            if (k + 1 > last)
                last = k + 1;
        }
        size_t fs = last ? (last + 6) / 7 : 1;
        if ((size_t)fs_want > fs)
            fs = (size_t)fs_want;
        if ((rc = room(j, fs)))
            return rc;
        uint8_t *p = j->out + j->n;
        for (unsigned k = 0; k < last; k++)
            if (val[k])
                p[k / 7] |= (uint8_t)(0x80 >> (k % 7));
        for (size_t i = 0; i + 1 < fs; i++)
            p[i] |= 1;
        j->n += fs;
        for (unsigned k = 0; k < last; k++)
            if (val[k] && (rc = j_item(j, &it->sub[k], val[k], hx[k])))
                return rc;
        return SW_OK;
    }
    case ASX_V_EXPLICIT: {
        uint8_t b[255];
        size_t n;
        if (!cJSON_IsString(v) || unhex(v->valuestring, b, 254, &n))
            return jerr(j, NULL, "expected at most 254 octets in hex");
        if ((rc = room(j, n + 1)))
            return rc;
        j->out[j->n] = (uint8_t)(n + 1);
        memcpy(j->out + j->n + 1, b, n);
        j->n += n + 1;
        return SW_OK;
    }
    default:
        return jerr(j, NULL, "not an item");
    }
}

static const char *const meta_keys[] = {"frame", "ts", "src", "dst", "block", "record",
                                        "offset", "cat", "edition", "sac", "sic",
                                        "fspec_octets", NULL};

static int is_meta(const char *k)
{
    for (const char *const *m = meta_keys; *m; m++)
        if (strcmp(*m, k) == 0)
            return 1;
    return 0;
}

static sw_rc record(jin *j, const cJSON *root, const asx_uap *uap)
{
    const cJSON *val[64] = {0};
    unsigned last = 0;
    for (const cJSON *c = root->child; c; c = c->next) {
        if (is_meta(c->string))
            continue;
        unsigned k;
        for (k = 0; k < uap->nfrn; k++)
            if (uap->items[k].var != ASX_V_NONE && strcmp(uap->items[k].key, c->string) == 0)
                break;
        if (k == uap->nfrn)
            return sw_err_set(j->err, SW_EFORMAT, "'%s' is not an item of CAT%03d edition %s",
                              c->string, uap->cat, uap->edition);
        if (val[k])
            return sw_err_set(j->err, SW_EFORMAT, "%s given twice", c->string);
        val[k] = c;
        if (k + 1 > last)
            last = k + 1;
    }
    if (!last)
        return sw_err_set(j->err, SW_EFORMAT, "a CAT%03d record without items", uap->cat);
    size_t fs = (last + 6) / 7;
    const cJSON *fo = cJSON_GetObjectItemCaseSensitive(root, "fspec_octets");
    if (fo) {
        if (!cJSON_IsNumber(fo) || fo->valuedouble < 1 || fo->valuedouble > 255)
            return sw_err_set(j->err, SW_EFORMAT, "fspec_octets: expected 1..255");
        if ((size_t)fo->valuedouble > fs)
            fs = (size_t)fo->valuedouble;
    }
    if (fs > j->cap)
        return sw_err_set(j->err, SW_EFULL, "record too long");
    memset(j->out, 0, fs);
    for (unsigned k = 0; k < last; k++)
        if (val[k])
            j->out[k / 7] |= (uint8_t)(0x80 >> (k % 7));
    for (size_t i = 0; i + 1 < fs; i++)
        j->out[i] |= 1;
    j->n = fs;
    for (unsigned k = 0; k < last; k++) {
        if (!val[k])
            continue;
        j->top = &uap->items[k];
        sw_rc rc = j_item(j, j->top, val[k], 0);
        if (rc)
            return rc;
    }
    return SW_OK;
}

static long int_key(const cJSON *root, const char *k, long def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, k);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : def;
}

static void str_key(const cJSON *root, const char *k, char *out, size_t n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, k);
    snprintf(out, n, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

static sw_rc parse(const cJSON *root, const asx_editions *ed, uint8_t *out, size_t cap,
                   asx_jline *jl, sw_err *err)
{
    jin j = {out, cap, 0, err, NULL};
    if (!cJSON_IsObject(root))
        return sw_err_set(err, SW_EFORMAT, "expected a JSON object");
    jl->frame = int_key(root, "frame", -1);
    jl->block = int_key(root, "block", -1);
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(root, "ts");
    jl->ts = cJSON_IsNumber(ts) ? ts->valuedouble : -1;
    str_key(root, "src", jl->src, sizeof jl->src);
    str_key(root, "dst", jl->dst, sizeof jl->dst);
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(root, "cat");
    if (!cJSON_IsNumber(cat) || cat->valuedouble < 0 || cat->valuedouble > 255 ||
        cat->valuedouble != floor(cat->valuedouble))
        return sw_err_set(err, SW_EFORMAT, "'cat' must be a category number 0..255");
    jl->cat = (int)cat->valuedouble;
    const cJSON *hex = cJSON_GetObjectItemCaseSensitive(root, "hex");
    const cJSON *tail = cJSON_GetObjectItemCaseSensitive(root, "tail");
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(root, "raw");
    const cJSON *bytes = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "unsupported")) ? hex
                       : tail ? tail : raw;
    if (bytes) {
        jl->kind = bytes == hex ? ASX_J_BLOCK : bytes == tail ? ASX_J_TAIL : ASX_J_RAW;
        if (!cJSON_IsString(bytes) || unhex(bytes->valuestring, out, cap, &jl->n))
            return sw_err_set(err, SW_EFORMAT, "'%s' must be an even number of hex digits",
                              bytes->string);
        return SW_OK;
    }
    jl->kind = ASX_J_RECORD;
    const cJSON *edn = cJSON_GetObjectItemCaseSensitive(root, "edition");
    const asx_uap *uap;
    if (cJSON_IsString(edn)) {
        if (!(uap = asx_uap_find(jl->cat, edn->valuestring)))
            return sw_err_set(err, SW_EUNSUPPORTED, "CAT%03d edition %s is not built in", jl->cat,
                              edn->valuestring);
    } else {
        asx_editions def;
        if (!ed) {
            asx_editions_init(&def);
            ed = &def;
        }
        uap = asx_editions_get(ed, jl->cat, (int)int_key(root, "sac", -1),
                               (int)int_key(root, "sic", -1), -1);
        if (!uap)
            return sw_err_set(err, SW_EUNSUPPORTED, "no UAP for CAT%03d", jl->cat);
    }
    sw_rc rc = record(&j, root, uap);
    jl->n = j.n;
    return rc;
}

sw_rc asx_json_parse(const char *text, size_t len, const asx_editions *ed, uint8_t *out,
                     size_t cap, asx_jline *jl, sw_err *err)
{
    memset(jl, 0, sizeof *jl);
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        size_t at = end && end >= text ? (size_t)(end - text) : 0;
        return sw_err_set(err, SW_EFORMAT, "not valid JSON near character %zu", at + 1);
    }
    sw_rc rc = parse(root, ed, out, cap, jl, err);
    cJSON_Delete(root);
    return rc;
}
