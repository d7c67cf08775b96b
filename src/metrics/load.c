/* metrics/load.c - reading truth, tracks and node-picture files with line numbers kept until
 * the rows are sorted, so that a duplicated (id, time) names both lines. */
#include "metrics/metrics.h"

#include <stdlib.h>

typedef struct lrow {
    sw_state_row r;
    int line;
} lrow;

static int cmp_lrow(const void *a, const void *b)
{
    const lrow *x = a, *y = b;
    if (x->r.t != y->r.t)
        return x->r.t < y->r.t ? -1 : 1;
    if (x->r.id != y->r.id)
        return x->r.id < y->r.id ? -1 : 1;
    return x->line - y->line;
}

sw_rc met_states_load(const char *path, const char *id_col, sw_state_row **rows, size_t *n,
                      int *dim, sw_err *err)
{
    *rows = NULL;
    *n = 0;
    sw_state_reader *r;
    sw_rc rc = sw_states_open(&r, path, id_col, err);
    if (rc)
        return rc;
    size_t cap = 1024, cnt = 0;
    lrow *a = malloc(cap * sizeof *a);
    if (!a) {
        sw_states_close(r);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
    }
    int got;
    while ((got = sw_states_next(r, &a[cnt].r, err)) == 1) {
        a[cnt].line = sw_states_line(r);
        if (++cnt == cap) {
            lrow *b = realloc(a, 2 * cap * sizeof *a);
            if (!b) {
                got = sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
                break;
            }
            a = b;
            cap *= 2;
        }
    }
    if (dim)
        *dim = sw_states_dim(r);
    sw_states_close(r);
    if (got < 0) {
        free(a);
        return got;
    }
    qsort(a, cnt, sizeof *a, cmp_lrow);
    for (size_t i = 1; i < cnt; i++)
        if (a[i].r.t == a[i - 1].r.t && a[i].r.id == a[i - 1].r.id) {
            int l0 = a[i - 1].line, l1 = a[i].line;
            rc = sw_err_set(err, SW_EFORMAT, "%s:%d: %s %u at time %.6f appears again (line %d)",
                            path, l0 > l1 ? l0 : l1, id_col, a[i].r.id, a[i].r.t,
                            l0 > l1 ? l1 : l0);
            free(a);
            return rc;
        }
    sw_state_row *out = malloc((cnt ? cnt : 1) * sizeof *out);
    if (!out) {
        free(a);
        return sw_err_set(err, SW_ENOMEM, "%s: out of memory", path);
    }
    for (size_t i = 0; i < cnt; i++)
        out[i] = a[i].r;
    free(a);
    *rows = out;
    *n = cnt;
    return SW_OK;
}
