/* cli/cli_display_replay.c - replays a tracks CSV into the display: the tracker's tracks file
 * (time_s,track_id,x_m,...) or a node's picture.csv (time_s,stn,...,reporter,n_sources,nations,
 * class,status).  Columns are found by name; optional ones fill what the display shows (identity,
 * class, accuracy, sources).  A track without a row for timeout_s (file time) leaves the picture.
 * Bad rows stop the replay with file:line and column. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_display.h"
#include "core/csv.h"
#include "core/records.h"

#define REPLAY_MAX 65536
#define HASH_CAP (4 * REPLAY_MAX) /* open addressing, power of two */

enum { C_T, C_ID, C_X, C_Y, C_Z, C_VX, C_VY, C_VZ, C_SDX, C_SDY, C_SDZ, C_SD, C_CLS, C_STATUS,
       C_Q, C_REP, C_NSRC, C_NAT, C_CS, C_M3A, C_CONF, C_ALT, C_N };

struct dsp_replay {
    dsp_ctx *c;
    sw_csv *csv;
    int col[C_N];
    sw_system_track *trk;     /* current tracks, by arrival */
    double *seen;             /* file time of each one's last row */
    int n;
    int *hash;                /* track number -> index + 1 (0 = empty) */
    double timeout_s, t0;
    int have_row, eof;
    sw_system_track row;      /* the row read ahead */
    double row_t;
};

static size_t hash_of(uint32_t id)
{
    return (size_t)(id * 2654435761u) & (HASH_CAP - 1);
}

/* The index of track id, or -1; *free_at receives the empty hash slot where it would go. */
static int find_slot(const dsp_replay *r, uint32_t id, size_t *free_at)
{
    size_t h = hash_of(id);
    while (r->hash[h]) {
        if (r->trk[r->hash[h] - 1].stn == id)
            return r->hash[h] - 1;
        h = (h + 1) & (HASH_CAP - 1);
    }
    *free_at = h;
    return -1;
}

static void rehash(dsp_replay *r)
{
    memset(r->hash, 0, HASH_CAP * sizeof *r->hash);
    for (int i = 0; i < r->n; i++) {
        size_t h = 0;
        find_slot(r, r->trk[i].stn, &h);
        r->hash[h] = i + 1;
    }
}

/* An integer or one of the names. */
static int code_or_name(const char *s, const char *const *names, int n, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s && !*end) {
        *out = (int)v;
        return 0;
    }
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i])) {
            *out = i;
            return 0;
        }
    return -1;
}

static sw_rc parse_row(dsp_replay *r, sw_err *err)
{
    static const char *st[] = {"tentative", "confirmed", "coasting", "deleted"};
    sw_csv *f = r->csv;
    const int *c = r->col;
    sw_system_track *t = &r->row;
    double id, v, sd;
    sw_rc rc;
    memset(t, 0, sizeof *t);
    if ((rc = sw_csv_num(f, c[C_T], &r->row_t, err)) || (rc = sw_csv_num(f, c[C_ID], &id, err)) ||
        (rc = sw_csv_num(f, c[C_X], &t->x[0], err)) || (rc = sw_csv_num(f, c[C_Y], &t->x[1], err)) ||
        (rc = sw_csv_num_or(f, c[C_Z], 0, &t->x[2], err)) ||
        (rc = sw_csv_num(f, c[C_VX], &t->x[3], err)) ||
        (rc = sw_csv_num(f, c[C_VY], &t->x[4], err)) ||
        (rc = sw_csv_num_or(f, c[C_VZ], 0, &t->x[5], err)) ||
        (rc = sw_csv_num_or(f, c[C_SD], 100, &sd, err)))
        return rc;
    if (id < 0 || id > 4294967295.0 || id != floor(id))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: track number %g is not a 32-bit integer",
                          sw_csv_path(f), sw_csv_line(f), id);
    t->stn = (uint32_t)id;
    t->t = r->row_t;
    double sdx, sdy, sdz;
    if ((rc = sw_csv_num_or(f, c[C_SDX], sd, &sdx, err)) ||
        (rc = sw_csv_num_or(f, c[C_SDY], sd, &sdy, err)) ||
        (rc = sw_csv_num_or(f, c[C_SDZ], c[C_Z] >= 0 ? sd : 0, &sdz, err)))
        return rc;
    t->P[0] = sdx * sdx;
    t->P[7] = sdy * sdy;
    t->P[14] = sdz * sdz;
    t->status = SW_TRK_CONFIRMED;
    int k;
    const char *s = sw_csv_str(f, c[C_STATUS]);
    if (*s && !code_or_name(s, st, 4, &k))
        t->status = (uint8_t)k;
    s = sw_csv_str(f, c[C_CLS]);
    if (*s && (k = sw_class_parse(s)) >= 0)
        t->cls = (uint8_t)k;
    else if (*s && !code_or_name(s, st, 0, &k) && k >= 0 && k < SW_CLS_COUNT)
        t->cls = (uint8_t)k;
    if ((rc = sw_csv_num_or(f, c[C_Q], 0.5, &v, err)))
        return rc;
    t->quality = (float)v;
    if ((rc = sw_csv_num_or(f, c[C_CONF], t->cls ? 0.9 : 0, &v, err)))
        return rc;
    t->cls_conf = (float)v;
    if ((rc = sw_csv_num_or(f, c[C_NSRC], 1, &v, err)))
        return rc;
    t->n_sources = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    snprintf(t->reporter, sizeof t->reporter, "%s", strcmp(sw_csv_str(f, c[C_REP]), "-")
                                                        ? sw_csv_str(f, c[C_REP]) : "");
    t->nations = strtoull(sw_csv_str(f, c[C_NAT]), NULL, 16);
    s = sw_csv_str(f, c[C_CS]);
    if (*s) {
        snprintf(t->callsign, sizeof t->callsign, "%s", s);
        t->flags |= SW_HAS_CALLSIGN;
    }
    s = sw_csv_str(f, c[C_M3A]);
    if (*s) {
        t->mode3a = (uint16_t)(strtoul(s, NULL, 8) & 07777);
        t->flags |= SW_HAS_MODE3A;
    }
    if (c[C_ALT] >= 0 && *sw_csv_str(f, c[C_ALT])) {
        if ((rc = sw_csv_num(f, c[C_ALT], &v, err)))
            return rc;
        t->alt_baro_m = (float)v;
        t->flags |= SW_HAS_MODEC;
    }
    return SW_OK;
}

static int read_ahead(dsp_replay *r, sw_err *err)
{
    int k = sw_csv_next(r->csv, err);
    if (k <= 0) {
        r->eof = k == 0;
        return k;
    }
    sw_rc rc = parse_row(r, err);
    if (rc)
        return rc;
    r->have_row = 1;
    return 1;
}

sw_rc dsp_replay_open(dsp_replay **out, dsp_ctx *c, const char *path, double timeout_s,
                      sw_err *err)
{
    static const char *names[C_N] = {"time_s", "track_id", "x_m", "y_m", "z_m", "vx_mps",
                                     "vy_mps", "vz_mps", "sd_x_m", "sd_y_m", "sd_z_m", "sd_m",
                                     "class", "status", "quality", "reporter", "n_sources",
                                     "nations", "callsign", "mode3a", "cls_conf", "alt_baro_m"};
    dsp_replay *r = calloc(1, sizeof *r);
    if (!r)
        return sw_err_set(err, SW_ENOMEM, "display: out of memory");
    r->c = c;
    r->timeout_s = timeout_s;
    sw_rc rc = sw_csv_open(&r->csv, path, err);
    if (rc) {
        free(r);
        return rc;
    }
    for (int i = 0; i < C_N; i++)
        r->col[i] = sw_csv_col(r->csv, names[i]);
    if (r->col[C_ID] < 0)
        r->col[C_ID] = sw_csv_col(r->csv, "stn");
    const int need[] = {C_T, C_ID, C_X, C_Y, C_VX, C_VY};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (r->col[need[i]] < 0) {
            rc = sw_err_set(err, SW_EFORMAT, "%s: no column '%s' (a tracks CSV or picture.csv)",
                            path, need[i] == C_ID ? "track_id' or 'stn" : names[need[i]]);
            dsp_replay_close(r);
            return rc;
        }
    r->trk = calloc(REPLAY_MAX, sizeof *r->trk);
    r->seen = calloc(REPLAY_MAX, sizeof *r->seen);
    r->hash = calloc(HASH_CAP, sizeof *r->hash);
    if (!r->trk || !r->seen || !r->hash) {
        dsp_replay_close(r);
        return sw_err_set(err, SW_ENOMEM, "display: out of memory");
    }
    int k = read_ahead(r, err);
    if (k <= 0) {
        dsp_replay_close(r);
        return k < 0 ? k : sw_err_set(err, SW_EFORMAT, "%s: no track rows", path);
    }
    r->t0 = r->row_t;
    *out = r;
    return SW_OK;
}

double dsp_replay_t0(const dsp_replay *r)
{
    return r->t0;
}

int dsp_replay_step(dsp_replay *r, double t_file, const sw_system_track **tracks, size_t *n,
                    sw_err *err)
{
    while (r->have_row && r->row_t <= t_file) {
        size_t h = 0;
        int i = find_slot(r, r->row.stn, &h);
        if (i < 0 && r->n < REPLAY_MAX) {
            i = r->n++;
            r->hash[h] = i + 1;
        }
        if (i >= 0) {
            r->trk[i] = r->row;
            r->seen[i] = r->row_t;
        }
        r->c->inputs_rx++;
        r->have_row = 0;
        int k = read_ahead(r, err);
        if (k < 0)
            return k;
    }
    /* drop tracks without a row for timeout_s, and deleted ones */
    int w = 0;
    for (int i = 0; i < r->n; i++)
        if (t_file - r->seen[i] <= r->timeout_s && r->trk[i].status != SW_TRK_DELETED) {
            r->trk[w] = r->trk[i];
            r->seen[w++] = r->seen[i];
        }
    if (w != r->n) {
        r->n = w;
        rehash(r);
    }
    *tracks = r->trk;
    *n = (size_t)r->n;
    return r->have_row ? 1 : 0;
}

void dsp_replay_close(dsp_replay *r)
{
    if (!r)
        return;
    if (r->csv)
        sw_csv_close(r->csv);
    free(r->trk);
    free(r->seen);
    free(r->hash);
    free(r);
}
