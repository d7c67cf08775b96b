/* core/records.c - plots, truth and tracks CSV, read by column name and written in one layout. */
#include "core/records.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/csv.h"

#define DEG (3.14159265358979323846 / 180.0)

struct sw_plot_reader {
    sw_csv *c;
    int kind, has_cov;
    int t, sid, a, b, e;          /* measurement columns */
    int sa, sb, se;               /* their standard deviations */
    int m3a, addr, cs, altb, tid;
};

sw_rc sw_plots_open(sw_plot_reader **out, const char *path, sw_err *err)
{
    *out = NULL;
    sw_plot_reader *r = calloc(1, sizeof *r);
    if (!r)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    sw_rc rc = sw_csv_open(&r->c, path, err);
    if (rc) {
        free(r);
        return rc;
    }
    sw_csv *c = r->c;
    if ((rc = sw_csv_need(c, "time_s", &r->t, err)) || (rc = sw_csv_need(c, "sensor_id", &r->sid, err)))
        goto fail;
    if (sw_csv_col(c, "x_m") >= 0) {
        if ((rc = sw_csv_need(c, "x_m", &r->a, err)) || (rc = sw_csv_need(c, "y_m", &r->b, err)))
            goto fail;
        r->e = sw_csv_col(c, "z_m");
        r->kind = r->e >= 0 ? SW_MEAS_XYZ : SW_MEAS_XY;
        if ((rc = sw_csv_need(c, "sd_x_m", &r->sa, err)) || (rc = sw_csv_need(c, "sd_y_m", &r->sb, err)))
            goto fail;
        r->se = sw_csv_col(c, "sd_z_m");
        if (r->e >= 0 && r->se < 0) {
            rc = sw_csv_need(c, "sd_z_m", &r->se, err);
            goto fail;
        }
        r->has_cov = 1;
    } else if (sw_csv_col(c, "range_m") >= 0) {
        if ((rc = sw_csv_need(c, "range_m", &r->a, err)) ||
            (rc = sw_csv_need(c, "azimuth_deg", &r->b, err)))
            goto fail;
        r->e = sw_csv_col(c, "elevation_deg");
        r->kind = r->e >= 0 ? SW_MEAS_RAE : SW_MEAS_RA;
        r->sa = sw_csv_col(c, "sd_range_m");
        r->sb = sw_csv_col(c, "sd_azimuth_deg");
        r->se = sw_csv_col(c, "sd_elevation_deg");
        r->has_cov = r->sa >= 0 && r->sb >= 0 && (r->e < 0 || r->se >= 0);
    } else {
        rc = sw_err_set(err, SW_EFORMAT,
                        "%s:1: a plots file needs x_m,y_m (Cartesian) or range_m,azimuth_deg (polar) columns",
                        path);
        goto fail;
    }
    r->m3a = sw_csv_col(c, "mode3a");
    r->addr = sw_csv_col(c, "address");
    r->cs = sw_csv_col(c, "callsign");
    r->altb = sw_csv_col(c, "alt_baro_m");
    r->tid = sw_csv_col(c, "truth_id");
    *out = r;
    return SW_OK;
fail:
    sw_csv_close(r->c);
    free(r);
    return rc;
}

static sw_rc sd(const sw_plot_reader *r, int col, double *v, sw_err *err)
{
    sw_rc rc = sw_csv_num(r->c, col, v, err);
    if (!rc && !(*v > 0))
        rc = sw_err_set(err, SW_EFORMAT, "%s:%d: a standard deviation must be > 0, got %g",
                        sw_csv_path(r->c), sw_csv_line(r->c), *v);
    return rc;
}

int sw_plots_next(sw_plot_reader *r, sw_plot *p, sw_err *err)
{
    int got = sw_csv_next(r->c, err);
    if (got <= 0)
        return got;
    memset(p, 0, sizeof *p);
    p->kind = (uint8_t)r->kind;
    double sid, a, b, e = 0, s1 = 0, s2 = 0, s3 = 0;
    sw_rc rc;
    if ((rc = sw_csv_num(r->c, r->t, &p->t, err)) || (rc = sw_csv_num(r->c, r->sid, &sid, err)) ||
        (rc = sw_csv_num(r->c, r->a, &a, err)) || (rc = sw_csv_num(r->c, r->b, &b, err)))
        return rc;
    if (r->e >= 0 && (rc = sw_csv_num(r->c, r->e, &e, err)))
        return rc;
    if (sid < 0 || sid > 4294967295.0 || sid != floor(sid))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: sensor_id must be a non-negative integer",
                          sw_csv_path(r->c), sw_csv_line(r->c));
    p->sensor_id = (uint32_t)sid;
    int polar = r->kind == SW_MEAS_RA || r->kind == SW_MEAS_RAE;
    if (polar) {
        if (a < 0)
            return sw_err_set(err, SW_EFORMAT, "%s:%d: range_m must be >= 0",
                              sw_csv_path(r->c), sw_csv_line(r->c));
        p->z[0] = a;
        p->z[1] = b * DEG;
        p->z[2] = e * DEG;
    } else {
        p->z[0] = a;
        p->z[1] = b;
        p->z[2] = e;
    }
    if (r->has_cov) {
        if ((rc = sd(r, r->sa, &s1, err)) || (rc = sd(r, r->sb, &s2, err)))
            return rc;
        if (r->se >= 0 && (rc = sd(r, r->se, &s3, err)))
            return rc;
        if (polar) {
            s2 *= DEG;
            s3 *= DEG;
        }
        p->R[0] = s1 * s1;
        p->R[4] = s2 * s2;
        p->R[8] = s3 * s3;
    }
    const char *s;
    if (r->m3a >= 0 && *(s = sw_csv_str(r->c, r->m3a))) {
        char *end;
        long v = strtol(s, &end, 8);
        if (*end || v < 0 || v > 07777)
            return sw_err_set(err, SW_EFORMAT, "%s:%d: mode3a '%s' is not an octal code 0000-7777",
                              sw_csv_path(r->c), sw_csv_line(r->c), s);
        p->mode3a = (uint16_t)v;
        p->flags |= SW_HAS_MODE3A;
    }
    if (r->addr >= 0 && *(s = sw_csv_str(r->c, r->addr))) {
        char *end;
        long v = strtol(s, &end, 16);
        if (*end || v < 0 || v > 0xffffff)
            return sw_err_set(err, SW_EFORMAT, "%s:%d: address '%s' is not a 24-bit hex number",
                              sw_csv_path(r->c), sw_csv_line(r->c), s);
        p->address = (uint32_t)v;
        p->flags |= SW_HAS_ADDRESS;
    }
    if (r->cs >= 0 && *(s = sw_csv_str(r->c, r->cs))) {
        snprintf(p->callsign, sizeof p->callsign, "%s", s);
        p->flags |= SW_HAS_CALLSIGN;
    }
    if (r->altb >= 0 && *sw_csv_str(r->c, r->altb)) {
        double v;
        if ((rc = sw_csv_num(r->c, r->altb, &v, err)))
            return rc;
        p->alt_baro_m = (float)v;
        p->flags |= SW_HAS_MODEC;
    }
    if (r->tid >= 0) {
        double v;
        if ((rc = sw_csv_num_or(r->c, r->tid, 0, &v, err)))
            return rc;
        p->truth_id = (uint32_t)(v < 0 ? 0 : v);
    }
    return 1;
}

int sw_plots_kind(const sw_plot_reader *r) { return r->kind; }
int sw_plots_has_cov(const sw_plot_reader *r) { return r->has_cov; }
int sw_plots_line(const sw_plot_reader *r) { return sw_csv_line(r->c); }
const char *sw_plots_path(const sw_plot_reader *r) { return sw_csv_path(r->c); }

void sw_plots_close(sw_plot_reader *r)
{
    if (r) {
        sw_csv_close(r->c);
        free(r);
    }
}

void sw_plots_write_header(FILE *f, int kind)
{
    switch (kind) {
    case SW_MEAS_XY: fputs("time_s,sensor_id,x_m,y_m,sd_x_m,sd_y_m", f); break;
    case SW_MEAS_XYZ: fputs("time_s,sensor_id,x_m,y_m,z_m,sd_x_m,sd_y_m,sd_z_m", f); break;
    case SW_MEAS_RA: fputs("time_s,sensor_id,range_m,azimuth_deg,sd_range_m,sd_azimuth_deg", f); break;
    default:
        fputs("time_s,sensor_id,range_m,azimuth_deg,elevation_deg,sd_range_m,sd_azimuth_deg,"
              "sd_elevation_deg", f);
    }
    fputs(",mode3a,address,callsign,alt_baro_m,truth_id\n", f);
}

void sw_plots_write(FILE *f, const sw_plot *p)
{
    double s0 = sqrt(p->R[0]), s1 = sqrt(p->R[4]), s2 = sqrt(p->R[8]);
    switch (p->kind) {
    case SW_MEAS_XY:
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.3f,%.3f", p->t, p->sensor_id, p->z[0], p->z[1], s0, s1);
        break;
    case SW_MEAS_XYZ:
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.2f,%.3f,%.3f,%.3f", p->t, p->sensor_id, p->z[0], p->z[1],
                p->z[2], s0, s1, s2);
        break;
    case SW_MEAS_RA:
        fprintf(f, "%.3f,%u,%.2f,%.6f,%.3f,%.6f", p->t, p->sensor_id, p->z[0], p->z[1] / DEG, s0,
                s1 / DEG);
        break;
    default:
        fprintf(f, "%.3f,%u,%.2f,%.6f,%.6f,%.3f,%.6f,%.6f", p->t, p->sensor_id, p->z[0],
                p->z[1] / DEG, p->z[2] / DEG, s0, s1 / DEG, s2 / DEG);
    }
    if (p->flags & SW_HAS_MODE3A)
        fprintf(f, ",%04o", p->mode3a);
    else
        fputc(',', f);
    if (p->flags & SW_HAS_ADDRESS)
        fprintf(f, ",%06X", p->address);
    else
        fputc(',', f);
    fprintf(f, ",%s", (p->flags & SW_HAS_CALLSIGN) ? p->callsign : "");
    if (p->flags & SW_HAS_MODEC)
        fprintf(f, ",%.1f", p->alt_baro_m);
    else
        fputc(',', f);
    fprintf(f, ",%u\n", p->truth_id);
}

/* ---- states ---- */

struct sw_state_reader {
    sw_csv *c;
    int dim;
    int t, id, x, y, z, vx, vy, vz, cls;
};

sw_rc sw_states_open(sw_state_reader **out, const char *path, const char *id_col, sw_err *err)
{
    *out = NULL;
    sw_state_reader *r = calloc(1, sizeof *r);
    if (!r)
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    sw_rc rc = sw_csv_open(&r->c, path, err);
    if (rc) {
        free(r);
        return rc;
    }
    sw_csv *c = r->c;
    if ((rc = sw_csv_need(c, "time_s", &r->t, err)) || (rc = sw_csv_need(c, id_col, &r->id, err)) ||
        (rc = sw_csv_need(c, "x_m", &r->x, err)) || (rc = sw_csv_need(c, "y_m", &r->y, err)) ||
        (rc = sw_csv_need(c, "vx_mps", &r->vx, err)) || (rc = sw_csv_need(c, "vy_mps", &r->vy, err))) {
        sw_states_close(r);
        return rc;
    }
    r->z = sw_csv_col(c, "z_m");
    r->vz = sw_csv_col(c, "vz_mps");
    r->dim = r->z >= 0 ? 3 : 2;
    r->cls = sw_csv_col(c, "class");
    *out = r;
    return SW_OK;
}

int sw_states_next(sw_state_reader *r, sw_state_row *row, sw_err *err)
{
    int got = sw_csv_next(r->c, err);
    if (got <= 0)
        return got;
    memset(row, 0, sizeof *row);
    double id;
    sw_rc rc;
    if ((rc = sw_csv_num(r->c, r->t, &row->t, err)) || (rc = sw_csv_num(r->c, r->id, &id, err)) ||
        (rc = sw_csv_num(r->c, r->x, &row->x[0], err)) ||
        (rc = sw_csv_num(r->c, r->y, &row->x[1], err)) ||
        (rc = sw_csv_num(r->c, r->vx, &row->x[3], err)) ||
        (rc = sw_csv_num(r->c, r->vy, &row->x[4], err)))
        return rc;
    if (r->z >= 0 && (rc = sw_csv_num(r->c, r->z, &row->x[2], err)))
        return rc;
    if (r->vz >= 0 && (rc = sw_csv_num_or(r->c, r->vz, 0, &row->x[5], err)))
        return rc;
    if (id < 0 || id > 4294967295.0 || id != floor(id))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: the id must be a non-negative integer",
                          sw_csv_path(r->c), sw_csv_line(r->c));
    row->id = (uint32_t)id;
    row->dim = r->dim;
    row->cls = -1;
    if (r->cls >= 0 && *sw_csv_str(r->c, r->cls)) {
        row->cls = sw_class_parse(sw_csv_str(r->c, r->cls));
        if (row->cls < 0)
            return sw_err_set(err, SW_EFORMAT, "%s:%d: unknown class '%s'", sw_csv_path(r->c),
                              sw_csv_line(r->c), sw_csv_str(r->c, r->cls));
    }
    return 1;
}

int sw_states_dim(const sw_state_reader *r) { return r->dim; }

int sw_states_line(const sw_state_reader *r) { return sw_csv_line(r->c); }

void sw_states_close(sw_state_reader *r)
{
    if (r) {
        sw_csv_close(r->c);
        free(r);
    }
}

static int cmp_row(const void *a, const void *b)
{
    const sw_state_row *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

void sw_states_sort(sw_state_row *rows, size_t n)
{
    qsort(rows, n, sizeof *rows, cmp_row);
}

sw_rc sw_states_load(const char *path, const char *id_col, sw_state_row **rows, size_t *n,
                     int *dim, sw_err *err)
{
    *rows = NULL;
    *n = 0;
    sw_state_reader *r;
    sw_rc rc = sw_states_open(&r, path, id_col, err);
    if (rc)
        return rc;
    size_t cap = 1024, cnt = 0;
    sw_state_row *a = malloc(cap * sizeof *a);
    if (!a) {
        sw_states_close(r);
        return sw_err_set(err, SW_ENOMEM, "out of memory");
    }
    int got;
    while ((got = sw_states_next(r, &a[cnt], err)) == 1) {
        if (++cnt == cap) {
            sw_state_row *b = realloc(a, 2 * cap * sizeof *a);
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
    sw_states_sort(a, cnt);
    *rows = a;
    *n = cnt;
    return SW_OK;
}

static const char *class_names[SW_CLS_COUNT] = {"unknown", "aircraft", "ballistic", "cruise",
                                                "drone"};

const char *sw_class_name(int cls)
{
    return cls >= 0 && cls < SW_CLS_COUNT ? class_names[cls] : "unknown";
}

int sw_class_parse(const char *s)
{
    for (int i = 0; i < SW_CLS_COUNT; i++)
        if (strcasecmp(s, class_names[i]) == 0)
            return i;
    return -1;
}

void sw_truth_write_header(FILE *f, int dim)
{
    fputs(dim == 3 ? "time_s,target_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,class\n"
                   : "time_s,target_id,x_m,y_m,vx_mps,vy_mps,class\n", f);
}

void sw_truth_write(FILE *f, int dim, double t, uint32_t id, const double x[6], int cls)
{
    if (dim == 3)
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.2f,%.3f,%.3f,%.3f,%s\n", t, id, x[0], x[1], x[2], x[3],
                x[4], x[5], sw_class_name(cls));
    else
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.3f,%.3f,%s\n", t, id, x[0], x[1], x[3], x[4],
                sw_class_name(cls));
}

void sw_tracks_write_header(FILE *f, int dim)
{
    fputs(dim == 3 ? "time_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,"
                     "sd_x_m,sd_y_m,sd_z_m,quality,status,class,n_updates,sd_vx_mps,sd_vy_mps,"
                     "sd_vz_mps\n"
                   : "time_s,track_id,x_m,y_m,vx_mps,vy_mps,sd_x_m,sd_y_m,quality,status,class,"
                     "n_updates,sd_vx_mps,sd_vy_mps\n", f);
}

void sw_tracks_write(FILE *f, int dim, const sw_track *k)
{
    static const char *st[] = {"tentative", "confirmed", "coasting", "deleted"};
    const char *s = k->status < 4 ? st[k->status] : "?";
    if (dim == 3)
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.2f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.3f,%s,%s,%u,%.3f,%.3f,%.3f\n",
                k->t, k->id, k->x[0], k->x[1], k->x[2], k->x[3], k->x[4], k->x[5], sqrt(k->P[0]),
                sqrt(k->P[7]), sqrt(k->P[14]), k->quality, s, sw_class_name(k->cls), k->n_updates,
                sqrt(k->P[21]), sqrt(k->P[28]), sqrt(k->P[35]));
    else
        fprintf(f, "%.3f,%u,%.2f,%.2f,%.3f,%.3f,%.2f,%.2f,%.3f,%s,%s,%u,%.3f,%.3f\n", k->t, k->id,
                k->x[0], k->x[1], k->x[3], k->x[4], sqrt(k->P[0]), sqrt(k->P[7]), k->quality, s,
                sw_class_name(k->cls), k->n_updates, sqrt(k->P[21]), sqrt(k->P[28]));
}
