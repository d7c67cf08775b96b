/* cli/cli_trkcsv.c - tracks CSV as a stream (see cli_trkcsv.h).  One row of look-ahead. */
#include "cli_trkcsv.h"

#include "core/csv.h"
#include "core/records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { C_T, C_ID, C_X, C_Y, C_Z, C_VX, C_VY, C_VZ, C_SX, C_SY, C_SZ, C_SVX, C_SVY, C_SVZ,
       C_STATUS, C_CLASS, C_QUAL, C_NATION, C_M3A, C_CS, C_N };
static const char *const names[C_N] = {
    "time_s", "track_id", "x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps", "sd_x_m", "sd_y_m",
    "sd_z_m", "sd_vx_mps", "sd_vy_mps", "sd_vz_mps", "status", "class", "quality", "nation",
    "mode3a", "callsign"};

struct cli_trkcsv {
    sw_csv *csv;
    int col[C_N];
    char nation[4];
    int have;          /* a row is waiting in `next` */
    sw_track next;
    double last_t;
};

static sw_rc parse_status(const char *s, uint8_t *out)
{
    static const char *const st[] = {"tentative", "confirmed", "coasting", "deleted"};
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(s, st[i]) || (s[0] == '0' + i && !s[1])) {
            *out = (uint8_t)i;
            return SW_OK;
        }
    return SW_EFORMAT;
}

static sw_rc parse_class(const char *s, uint8_t *out)
{
    int c = sw_class_parse(s);
    if (c < 0 && s[0] >= '0' && s[0] < '0' + SW_CLS_COUNT && !s[1])
        c = s[0] - '0';
    if (c < 0)
        return SW_EFORMAT;
    *out = (uint8_t)c;
    return SW_OK;
}

/* reads rows until one of our nation is in r->next; 0 at end */
static int read_ahead(cli_trkcsv *r, sw_err *err)
{
    for (;;) {
        int k = sw_csv_next(r->csv, err);
        if (k <= 0)
            return k;
        const char *nat = r->col[C_NATION] >= 0 ? sw_csv_str(r->csv, r->col[C_NATION]) : "";
        if (r->nation[0] && nat[0] && strcmp(nat, r->nation))
            continue;
        sw_track *t = &r->next;
        memset(t, 0, sizeof *t);
        double v[C_N];
        static const double def[C_N] = {0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 100, 10, 10, 10};
        for (int c = C_T; c <= C_SVZ; c++) {
            sw_rc rc = c == C_T || c == C_ID || c == C_X || c == C_Y || c == C_VX || c == C_VY
                           ? sw_csv_num(r->csv, r->col[c], &v[c], err)
                           : sw_csv_num_or(r->csv, r->col[c], def[c], &v[c], err);
            if (rc)
                return rc;
        }
        if (v[C_ID] < 0 || v[C_ID] > 4294967295.0 || v[C_ID] != floor(v[C_ID]))
            return sw_err_set(err, SW_EFORMAT, "%s:%d: track_id: not a 32-bit id",
                              sw_csv_path(r->csv), sw_csv_line(r->csv));
        for (int c = C_SX; c <= C_SVZ; c++)
            if (v[c] <= 0)
                return sw_err_set(err, SW_EFORMAT, "%s:%d: %s must be > 0", sw_csv_path(r->csv),
                                  sw_csv_line(r->csv), names[c]);
        if (v[C_T] < r->last_t)
            return sw_err_set(err, SW_EORDER, "%s:%d: time_s %.3f goes back (previous %.3f)",
                              sw_csv_path(r->csv), sw_csv_line(r->csv), v[C_T], r->last_t);
        r->last_t = v[C_T];
        t->t = t->t_update = v[C_T];
        t->id = (uint32_t)v[C_ID];
        t->dim = r->col[C_Z] >= 0 ? 3 : 2;
        double x[6] = {v[C_X], v[C_Y], v[C_Z], v[C_VX], v[C_VY], v[C_VZ]};
        double sd[6] = {v[C_SX], v[C_SY], v[C_SZ], v[C_SVX], v[C_SVY], v[C_SVZ]};
        memcpy(t->x, x, sizeof x);
        for (int i = 0; i < 6; i++)
            t->P[i * 7] = sd[i] * sd[i];
        if (t->dim == 2) {
            t->x[2] = t->x[5] = 0;
            t->P[14] = t->P[35] = 0;
        }
        t->status = SW_TRK_CONFIRMED;
        const char *s;
        if (r->col[C_STATUS] >= 0 && (s = sw_csv_str(r->csv, r->col[C_STATUS]))[0] &&
            parse_status(s, &t->status))
            return sw_err_set(err, SW_EFORMAT, "%s:%d: status: '%s' (tentative, confirmed, "
                              "coasting, deleted)", sw_csv_path(r->csv), sw_csv_line(r->csv), s);
        if (r->col[C_CLASS] >= 0 && (s = sw_csv_str(r->csv, r->col[C_CLASS]))[0] &&
            parse_class(s, &t->cls))
            return sw_err_set(err, SW_EFORMAT, "%s:%d: class: '%s' (unknown, aircraft, ballistic, "
                              "cruise, drone)", sw_csv_path(r->csv), sw_csv_line(r->csv), s);
        double q;
        if (sw_csv_num_or(r->csv, r->col[C_QUAL], 0.5, &q, err))
            return err ? err->rc : SW_EFORMAT;
        t->quality = (float)q;
        if (r->col[C_M3A] >= 0 && (s = sw_csv_str(r->csv, r->col[C_M3A]))[0]) {
            char *end;
            long m = strtol(s, &end, 8);
            if (*end || m < 0 || m > 07777)
                return sw_err_set(err, SW_EFORMAT, "%s:%d: mode3a: '%s' is not 4 octal digits",
                                  sw_csv_path(r->csv), sw_csv_line(r->csv), s);
            t->mode3a = (uint16_t)m;
            t->flags |= SW_HAS_MODE3A;
        }
        if (r->col[C_CS] >= 0 && (s = sw_csv_str(r->csv, r->col[C_CS]))[0]) {
            snprintf(t->callsign, sizeof t->callsign, "%s", s);
            t->flags |= SW_HAS_CALLSIGN;
        }
        r->have = 1;
        return 1;
    }
}

sw_rc cli_trkcsv_open(cli_trkcsv **out, const char *path, const char *nation, sw_err *err)
{
    *out = NULL;
    cli_trkcsv *r = calloc(1, sizeof *r);
    if (!r)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    sw_rc rc = sw_csv_open(&r->csv, path, err);
    if (rc) {
        free(r);
        return rc;
    }
    for (int c = 0; c < C_N; c++)
        r->col[c] = sw_csv_col(r->csv, names[c]);
    static const int req[] = {C_T, C_ID, C_X, C_Y, C_VX, C_VY};
    for (unsigned i = 0; i < sizeof req / sizeof req[0]; i++)
        if ((rc = sw_csv_need(r->csv, names[req[i]], &r->col[req[i]], err))) {
            cli_trkcsv_close(r);
            return rc;
        }
    if (nation)
        snprintf(r->nation, sizeof r->nation, "%s", nation);
    r->last_t = -INFINITY;
    int k = read_ahead(r, err);
    if (k < 0) {
        cli_trkcsv_close(r);
        return k;
    }
    r->have = k;
    *out = r;
    return SW_OK;
}

void cli_trkcsv_close(cli_trkcsv *r)
{
    if (!r)
        return;
    sw_csv_close(r->csv);
    free(r);
}

double cli_trkcsv_peek(const cli_trkcsv *r)
{
    return r->have ? r->next.t : INFINITY;
}

int cli_trkcsv_next(cli_trkcsv *r, double until, sw_track *t, sw_err *err)
{
    if (!r->have || r->next.t > until)
        return 0;
    *t = r->next;
    r->have = 0;
    int k = read_ahead(r, err);
    if (k < 0)
        return k;
    r->have = k;
    return 1;
}
