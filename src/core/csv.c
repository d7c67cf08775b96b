/* core/csv.c - header-named CSV reader with file:line errors. */
#include "core/csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX_COLS 128

struct sw_csv {
    FILE *f;
    int own;
    char path[256];
    int line;
    char *buf;          /* current line, split in place */
    size_t cap;
    int ncols;          /* header columns */
    char *names[CSV_MAX_COLS];
    char *hdr;          /* header line storage */
    int nf;             /* fields in the current row */
    char *fields[CSV_MAX_COLS];
};

/* Splits line in place at commas, honouring double quotes; returns the field count. */
static int split(char *s, char **fields, int max)
{
    int n = 0;
    size_t len = strlen(s);
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        s[--len] = '\0';
    char *p = s;
    for (;;) {
        if (n == max)
            break;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '"') {
            char *w = ++p, *r = p;
            fields[n++] = w;
            while (*r) {
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
            char *end = strchr(r, ',');
            *w = '\0';
            if (!end)
                break;
            p = end + 1;
        } else {
            fields[n++] = p;
            char *end = strchr(p, ',');
            char *e = end ? end : p + strlen(p);
            while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (!end) {
                *e = '\0';
                break;
            }
            *e = '\0';
            p = end + 1;
        }
    }
    return n;
}

static int read_line(sw_csv *c)
{
    ssize_t r = getline(&c->buf, &c->cap, c->f);
    if (r < 0)
        return 0;
    c->line++;
    return 1;
}

sw_rc sw_csv_open(sw_csv **out, const char *path, sw_err *err)
{
    *out = NULL;
    sw_csv *c = calloc(1, sizeof *c);
    if (!c)
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
    snprintf(c->path, sizeof c->path, "%s", path);
    if (strcmp(path, "-") == 0) {
        c->f = stdin;
    } else {
        c->f = fopen(path, "r");
        c->own = 1;
        if (!c->f) {
            sw_rc rc = sw_err_set(err, SW_EIO, "%s: cannot open: %s", path, strerror(errno));
            free(c);
            return rc;
        }
    }
    for (;;) {
        if (!read_line(c)) {
            sw_csv_close(c);
            return sw_err_set(err, SW_EFORMAT, "%s: empty file (expected a header row)", path);
        }
        const char *p = c->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '\n' && *p != '\r' && *p != '#')
            break;
    }
    c->hdr = strdup(c->buf);
    if (!c->hdr) {
        sw_csv_close(c);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
    }
    c->ncols = split(c->hdr, c->names, CSV_MAX_COLS);
    *out = c;
    return SW_OK;
}

void sw_csv_close(sw_csv *c)
{
    if (!c)
        return;
    if (c->own && c->f)
        fclose(c->f);
    free(c->buf);
    free(c->hdr);
    free(c);
}

int sw_csv_col(const sw_csv *c, const char *name)
{
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

sw_rc sw_csv_need(const sw_csv *c, const char *name, int *col, sw_err *err)
{
    *col = sw_csv_col(c, name);
    if (*col < 0)
        return sw_err_set(err, SW_EFORMAT, "%s:1: missing column '%s' in the header", c->path,
                          name);
    return SW_OK;
}

int sw_csv_next(sw_csv *c, sw_err *err)
{
    (void)err;
    for (;;) {
        if (!read_line(c))
            return 0;
        const char *p = c->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#')
            continue;
        c->nf = split(c->buf, c->fields, CSV_MAX_COLS);
        return 1;
    }
}

const char *sw_csv_str(const sw_csv *c, int col)
{
    if (col < 0 || col >= c->nf)
        return "";
    return c->fields[col];
}

sw_rc sw_csv_num(const sw_csv *c, int col, double *v, sw_err *err)
{
    const char *name = (col >= 0 && col < c->ncols) ? c->names[col] : "?";
    if (col < 0 || col >= c->nf)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: column '%s' is missing in this row", c->path,
                          c->line, name);
    const char *s = c->fields[col];
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(x))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: column '%s': '%s' is not a number", c->path,
                          c->line, name, s);
    *v = x;
    return SW_OK;
}

sw_rc sw_csv_num_or(const sw_csv *c, int col, double def, double *v, sw_err *err)
{
    if (col < 0 || col >= c->nf || c->fields[col][0] == '\0') {
        *v = def;
        return SW_OK;
    }
    return sw_csv_num(c, col, v, err);
}

int sw_csv_line(const sw_csv *c) { return c->line; }
const char *sw_csv_path(const sw_csv *c) { return c->path; }
