/* core/cfg.c - YAML documents (libyaml events) into a line-numbered tree. */
#include "core/cfg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct sw_cfg {
    sw_cfg_kind kind;
    int line;
    const sw_cfg_doc *doc;
    char *text;          /* scalar */
    int n, cap;          /* entries of a map or seq */
    char **keys;         /* map keys */
    int *klines;         /* line of each key */
    sw_cfg **vals;
};

struct sw_cfg_doc {
    char name[256];
    sw_cfg *root;
    sw_cfg **all;        /* every node, for freeing (aliases share nodes) */
    int nall, capall;
    struct { char *name; sw_cfg *node; } *anchors;
    int nanch, capanch;
};

static sw_cfg *node_new(sw_cfg_doc *d, sw_cfg_kind k, int line)
{
    if (d->nall == d->capall) {
        int cap = d->capall ? 2 * d->capall : 64;
        sw_cfg **a = realloc(d->all, sizeof *a * (size_t)cap);
        if (!a)
            return NULL;
        d->all = a;
        d->capall = cap;
    }
    sw_cfg *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = k;
    n->line = line;
    n->doc = d;
    d->all[d->nall++] = n;
    return n;
}

static int node_push(sw_cfg *p, char *key, int kline, sw_cfg *v)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 8;
        sw_cfg **vals = realloc(p->vals, sizeof *vals * (size_t)cap);
        if (!vals)
            return -1;
        p->vals = vals;
        if (p->kind == SW_CFG_MAP) {
            char **keys = realloc(p->keys, sizeof *keys * (size_t)cap);
            if (!keys)
                return -1;
            p->keys = keys;
            int *kl = realloc(p->klines, sizeof *kl * (size_t)cap);
            if (!kl)
                return -1;
            p->klines = kl;
        }
        p->cap = cap;
    }
    if (p->kind == SW_CFG_MAP) {
        p->keys[p->n] = key;
        p->klines[p->n] = kline;
    }
    p->vals[p->n++] = v;
    return 0;
}

static int anchor_add(sw_cfg_doc *d, const unsigned char *name, sw_cfg *n)
{
    if (!name)
        return 0;
    if (d->nanch == d->capanch) {
        int cap = d->capanch ? 2 * d->capanch : 8;
        void *a = realloc(d->anchors, sizeof *d->anchors * (size_t)cap);
        if (!a)
            return -1;
        d->anchors = a;
        d->capanch = cap;
    }
    d->anchors[d->nanch].name = strdup((const char *)name);
    d->anchors[d->nanch++].node = n;
    return 0;
}

typedef struct {
    yaml_parser_t p;
    sw_cfg_doc *d;
    sw_err *err;
    int depth;
} parse_ctx;

static sw_rc parse_node(parse_ctx *c, yaml_event_t *ev, sw_cfg **out);

static sw_rc next_event(parse_ctx *c, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&c->p, ev))
        return sw_err_set(c->err, SW_EFORMAT, "%s:%lu: %s%s%s", c->d->name,
                          (unsigned long)c->p.problem_mark.line + 1,
                          c->p.problem ? c->p.problem : "YAML syntax error",
                          c->p.context ? " " : "", c->p.context ? c->p.context : "");
    return SW_OK;
}

static sw_rc parse_children(parse_ctx *c, sw_cfg *n, yaml_event_type_t end)
{
    for (;;) {
        yaml_event_t ev;
        sw_rc rc = next_event(c, &ev);
        if (rc)
            return rc;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return SW_OK;
        }
        char *key = NULL;
        int kline = (int)ev.start_mark.line + 1;
        if (n->kind == SW_CFG_MAP) {
            if (ev.type != YAML_SCALAR_EVENT) {
                int line = (int)ev.start_mark.line + 1;
                yaml_event_delete(&ev);
                return sw_err_set(c->err, SW_EFORMAT, "%s:%d: a map key must be a plain scalar",
                                  c->d->name, line);
            }
            for (int i = 0; i < n->n; i++)
                if (strcmp(n->keys[i], (const char *)ev.data.scalar.value) == 0) {
                    int line = (int)ev.start_mark.line + 1;
                    rc = sw_err_set(c->err, SW_EFORMAT, "%s:%d: duplicate key '%s'", c->d->name,
                                    line, (const char *)ev.data.scalar.value);
                    yaml_event_delete(&ev);
                    return rc;
                }
            key = strdup((const char *)ev.data.scalar.value);
            yaml_event_delete(&ev);
            if (!key)
                return sw_err_set(c->err, SW_ENOMEM, "%s: out of memory", c->d->name);
            rc = next_event(c, &ev);
            if (rc) {
                free(key);
                return rc;
            }
        }
        sw_cfg *child = NULL;
        rc = parse_node(c, &ev, &child);
        if (rc || node_push(n, key, kline, child) != 0) {
            free(key);
            return rc ? rc : sw_err_set(c->err, SW_ENOMEM, "%s: out of memory", c->d->name);
        }
    }
}

/* Consumes ev (already read) and the events of its subtree. */
static sw_rc parse_node(parse_ctx *c, yaml_event_t *ev, sw_cfg **out)
{
    int line = (int)ev->start_mark.line + 1;
    sw_rc rc = SW_OK;
    if (++c->depth > 64) {
        yaml_event_delete(ev);
        return sw_err_set(c->err, SW_EFORMAT, "%s:%d: nesting deeper than 64 levels", c->d->name,
                          line);
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        sw_cfg *n = node_new(c->d, SW_CFG_SCALAR, line);
        if (!n || !(n->text = strdup((const char *)ev->data.scalar.value)))
            rc = sw_err_set(c->err, SW_ENOMEM, "%s: out of memory", c->d->name);
        else if (anchor_add(c->d, ev->data.scalar.anchor, n) != 0)
            rc = SW_ENOMEM;
        *out = n;
        yaml_event_delete(ev);
        break;
    }
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT: {
        int map = ev->type == YAML_MAPPING_START_EVENT;
        sw_cfg *n = node_new(c->d, map ? SW_CFG_MAP : SW_CFG_SEQ, line);
        if (!n) {
            yaml_event_delete(ev);
            return sw_err_set(c->err, SW_ENOMEM, "%s: out of memory", c->d->name);
        }
        anchor_add(c->d, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, n);
        yaml_event_delete(ev);
        *out = n;
        rc = parse_children(c, n, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT);
        break;
    }
    case YAML_ALIAS_EVENT: {
        const char *a = (const char *)ev->data.alias.anchor;
        *out = NULL;
        for (int i = 0; i < c->d->nanch; i++)
            if (strcmp(c->d->anchors[i].name, a) == 0)
                *out = c->d->anchors[i].node;
        if (!*out)
            rc = sw_err_set(c->err, SW_EFORMAT, "%s:%d: unknown alias '*%s'", c->d->name, line, a);
        yaml_event_delete(ev);
        break;
    }
    default:
        yaml_event_delete(ev);
        rc = sw_err_set(c->err, SW_EFORMAT, "%s:%d: unexpected YAML structure", c->d->name, line);
    }
    c->depth--;
    return rc;
}

static sw_rc load(sw_cfg_doc **out, yaml_parser_t *p, sw_cfg_doc *d, sw_err *err)
{
    parse_ctx c = {.p = *p, .d = d, .err = err};
    yaml_event_t ev;
    sw_rc rc;
    /* stream start, document start */
    for (;;) {
        if ((rc = next_event(&c, &ev)))
            goto done;
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            rc = sw_err_set(err, SW_EFORMAT, "%s: empty document", d->name);
            goto done;
        }
        if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        break;
    }
    rc = parse_node(&c, &ev, &d->root);
done:
    *p = c.p;
    if (rc) {
        sw_cfg_free(d);
        return rc;
    }
    *out = d;
    return SW_OK;
}

static sw_cfg_doc *doc_new(const char *name)
{
    sw_cfg_doc *d = calloc(1, sizeof *d);
    if (d)
        snprintf(d->name, sizeof d->name, "%s", name);
    return d;
}

sw_rc sw_cfg_load_file(sw_cfg_doc **out, const char *path, sw_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sw_err_set(err, SW_EIO, "%s: cannot open: %s", path, strerror(errno));
    sw_cfg_doc *d = doc_new(path);
    yaml_parser_t p;
    if (!d || !yaml_parser_initialize(&p)) {
        fclose(f);
        free(d);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
    }
    yaml_parser_set_input_file(&p, f);
    sw_rc rc = load(out, &p, d, err);
    yaml_parser_delete(&p);
    fclose(f);
    return rc;
}

sw_rc sw_cfg_load_string(sw_cfg_doc **out, const char *text, const char *name, sw_err *err)
{
    *out = NULL;
    sw_cfg_doc *d = doc_new(name);
    yaml_parser_t p;
    if (!d || !yaml_parser_initialize(&p)) {
        free(d);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", name);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
    sw_rc rc = load(out, &p, d, err);
    yaml_parser_delete(&p);
    return rc;
}

void sw_cfg_free(sw_cfg_doc *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nall; i++) {
        sw_cfg *n = d->all[i];
        free(n->text);
        if (n->keys)
            for (int k = 0; k < n->n; k++)
                free(n->keys[k]);
        free(n->keys);
        free(n->klines);
        free(n->vals);
        free(n);
    }
    for (int i = 0; i < d->nanch; i++)
        free(d->anchors[i].name);
    free(d->anchors);
    free(d->all);
    free(d);
}

const sw_cfg *sw_cfg_root(const sw_cfg_doc *d) { return d ? d->root : NULL; }
sw_cfg_kind sw_cfg_type(const sw_cfg *n) { return n->kind; }
int sw_cfg_line(const sw_cfg *n) { return n->line; }
const char *sw_cfg_file(const sw_cfg *n) { return n->doc->name; }
const char *sw_cfg_text(const sw_cfg *n) { return n && n->kind == SW_CFG_SCALAR ? n->text : NULL; }
int sw_cfg_len(const sw_cfg *n) { return n && n->kind != SW_CFG_SCALAR ? n->n : 0; }

const sw_cfg *sw_cfg_at(const sw_cfg *n, int i)
{
    return (n && n->kind != SW_CFG_SCALAR && i >= 0 && i < n->n) ? n->vals[i] : NULL;
}

const char *sw_cfg_key(const sw_cfg *n, int i)
{
    return (n && n->kind == SW_CFG_MAP && i >= 0 && i < n->n) ? n->keys[i] : NULL;
}

const sw_cfg *sw_cfg_get(const sw_cfg *m, const char *key)
{
    if (!m || m->kind != SW_CFG_MAP)
        return NULL;
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    return NULL;
}

const char *sw_cfg_where(const sw_cfg *n, char *buf, int nb)
{
    snprintf(buf, (size_t)nb, "%s:%d", n->doc->name, n->line);
    return buf;
}

static sw_rc need_map(const sw_cfg *m, const char *key, sw_err *err)
{
    if (!m)
        return sw_err_set(err, SW_EINVAL, "no configuration node for '%s'", key);
    if (m->kind != SW_CFG_MAP)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: expected a map holding '%s'", m->doc->name,
                          m->line, key);
    return SW_OK;
}

static sw_rc missing(const sw_cfg *m, const char *key, sw_err *err)
{
    return sw_err_set(err, SW_EFORMAT, "%s:%d: missing key '%s'", m->doc->name, m->line, key);
}

sw_rc sw_cfg_num(const sw_cfg *n, double *out, sw_err *err)
{
    if (n->kind != SW_CFG_SCALAR)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: expected a number, got a %s", n->doc->name,
                          n->line, n->kind == SW_CFG_MAP ? "map" : "list");
    char *end;
    double v = strtod(n->text, &end);
    if (end == n->text || *end != '\0' || !isfinite(v))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: expected a number, got '%s'", n->doc->name,
                          n->line, n->text);
    *out = v;
    return SW_OK;
}

static sw_rc keyed(sw_rc rc, const char *key, sw_err *err)
{
    if (rc && err) {
        /* insert the key after "file:line: " */
        char *p = strstr(err->msg, ": ");
        if (p) {
            char tail[SW_ERR_MSG];
            snprintf(tail, sizeof tail, "%s", p + 2);
            snprintf(p + 2, sizeof err->msg - (size_t)(p + 2 - err->msg), "'%s': %s", key, tail);
        }
    }
    return rc;
}

sw_rc sw_cfg_get_num(const sw_cfg *m, const char *key, double *out, sw_err *err)
{
    sw_rc rc = need_map(m, key, err);
    if (rc)
        return rc;
    const sw_cfg *v = sw_cfg_get(m, key);
    if (!v)
        return missing(m, key, err);
    return keyed(sw_cfg_num(v, out, err), key, err);
}

sw_rc sw_cfg_opt_num(const sw_cfg *m, const char *key, double def, double *out, sw_err *err)
{
    if (!sw_cfg_get(m, key)) {
        *out = def;
        return SW_OK;
    }
    return sw_cfg_get_num(m, key, out, err);
}

sw_rc sw_cfg_get_int(const sw_cfg *m, const char *key, long *out, sw_err *err)
{
    double v;
    sw_rc rc = sw_cfg_get_num(m, key, &v, err);
    if (rc)
        return rc;
    if (v != floor(v) || fabs(v) > 9.0e15) {
        const sw_cfg *n = sw_cfg_get(m, key);
        return sw_err_set(err, SW_EFORMAT, "%s:%d: '%s': expected an integer, got '%s'",
                          n->doc->name, n->line, key, n->text);
    }
    *out = (long)v;
    return SW_OK;
}

sw_rc sw_cfg_opt_int(const sw_cfg *m, const char *key, long def, long *out, sw_err *err)
{
    if (!sw_cfg_get(m, key)) {
        *out = def;
        return SW_OK;
    }
    return sw_cfg_get_int(m, key, out, err);
}

sw_rc sw_cfg_get_str(const sw_cfg *m, const char *key, const char **out, sw_err *err)
{
    sw_rc rc = need_map(m, key, err);
    if (rc)
        return rc;
    const sw_cfg *v = sw_cfg_get(m, key);
    if (!v)
        return missing(m, key, err);
    if (v->kind != SW_CFG_SCALAR)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: '%s': expected a string", v->doc->name,
                          v->line, key);
    *out = v->text;
    return SW_OK;
}

sw_rc sw_cfg_opt_str(const sw_cfg *m, const char *key, const char *def, const char **out,
                     sw_err *err)
{
    if (!sw_cfg_get(m, key)) {
        *out = def;
        return SW_OK;
    }
    return sw_cfg_get_str(m, key, out, err);
}

sw_rc sw_cfg_opt_bool(const sw_cfg *m, const char *key, bool def, bool *out, sw_err *err)
{
    const sw_cfg *v = sw_cfg_get(m, key);
    if (!v) {
        *out = def;
        return SW_OK;
    }
    const char *t = sw_cfg_text(v);
    if (t && (!strcasecmp(t, "true") || !strcasecmp(t, "yes") || !strcasecmp(t, "on") ||
              !strcmp(t, "1"))) {
        *out = true;
        return SW_OK;
    }
    if (t && (!strcasecmp(t, "false") || !strcasecmp(t, "no") || !strcasecmp(t, "off") ||
              !strcmp(t, "0"))) {
        *out = false;
        return SW_OK;
    }
    return sw_err_set(err, SW_EFORMAT, "%s:%d: '%s': expected true or false, got '%s'",
                      v->doc->name, v->line, key, t ? t : "a structure");
}

static sw_rc get_kind(const sw_cfg *m, const char *key, sw_cfg_kind k, int req,
                      const sw_cfg **out, sw_err *err)
{
    *out = NULL;
    sw_rc rc = need_map(m, key, err);
    if (rc)
        return rc;
    const sw_cfg *v = sw_cfg_get(m, key);
    if (!v)
        return req ? missing(m, key, err) : SW_OK;
    if (v->kind != k)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: '%s': expected a %s", v->doc->name, v->line,
                          key, k == SW_CFG_SEQ ? "list" : "map");
    *out = v;
    return SW_OK;
}

sw_rc sw_cfg_get_seq(const sw_cfg *m, const char *key, const sw_cfg **out, sw_err *err)
{
    return get_kind(m, key, SW_CFG_SEQ, 1, out, err);
}

sw_rc sw_cfg_opt_seq(const sw_cfg *m, const char *key, const sw_cfg **out, sw_err *err)
{
    return get_kind(m, key, SW_CFG_SEQ, 0, out, err);
}

sw_rc sw_cfg_opt_map(const sw_cfg *m, const char *key, const sw_cfg **out, sw_err *err)
{
    return get_kind(m, key, SW_CFG_MAP, 0, out, err);
}

sw_rc sw_cfg_get_vec(const sw_cfg *m, const char *key, int len, double *out, sw_err *err)
{
    const sw_cfg *s;
    sw_rc rc = sw_cfg_get_seq(m, key, &s, err);
    if (rc)
        return rc;
    if (s->n != len)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: '%s': expected %d numbers, got %d",
                          s->doc->name, s->line, key, len, s->n);
    for (int i = 0; i < len; i++)
        if ((rc = keyed(sw_cfg_num(s->vals[i], &out[i], err), key, err)))
            return rc;
    return SW_OK;
}

sw_rc sw_cfg_check_keys(const sw_cfg *m, const char *const *allowed, sw_err *err)
{
    if (!m || m->kind != SW_CFG_MAP)
        return SW_OK;
    for (int i = 0; i < m->n; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, m->keys[i]) == 0)
                ok = 1;
        if (!ok) {
            char list[300] = "";
            size_t used = 0;
            for (const char *const *a = allowed; *a && used < sizeof list - 40; a++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         a == allowed ? "" : ", ", *a);
            return sw_err_set(err, SW_EFORMAT, "%s:%d: unknown key '%s' (expected one of: %s)",
                              m->doc->name, m->klines[i], m->keys[i], list);
        }
    }
    return SW_OK;
}
