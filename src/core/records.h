/* core/records.h - the interchange files of ARCHITECTURE §4: plots, truth and tracks CSV.
 *
 *   plots   time_s,sensor_id,x_m,y_m[,z_m],sd_x_m,sd_y_m[,sd_z_m]          (Cartesian), or
 *           time_s,sensor_id,range_m,azimuth_deg[,elevation_deg]          (polar; accuracies from a
 *           sensors file, or optional sd_range_m,sd_azimuth_deg[,sd_elevation_deg] columns)
 *           optional: mode3a (octal), address (hex), callsign, alt_baro_m, truth_id
 *   truth   time_s,target_id,x_m,y_m[,z_m],vx_mps,vy_mps[,vz_mps]   optional: class
 *   tracks  time_s,track_id,x_m,y_m[,z_m],vx_mps,vy_mps[,vz_mps]     more columns allowed
 *
 * Columns are found by name; a 2-D file leaves out the z columns.  Readers report bad input as
 * "file:line: ..." errors.  Each reader owns its file; not thread-safe. */
#ifndef SW_CORE_RECORDS_H
#define SW_CORE_RECORDS_H

#include <stdio.h>

#include "core/rc.h"
#include "core/types.h"

/* ---- plots ---- */
typedef struct sw_plot_reader sw_plot_reader;

sw_rc sw_plots_open(sw_plot_reader **r, const char *path, sw_err *err);
/* 1 = a plot was read, 0 = end of file, < 0 = error.  For polar plots without sd columns the
 * covariance R is left zero and sw_plots_has_cov() is 0: the caller fills it from the sensors. */
int sw_plots_next(sw_plot_reader *r, sw_plot *p, sw_err *err);
int sw_plots_kind(const sw_plot_reader *r);     /* sw_meas_kind of the file */
int sw_plots_has_cov(const sw_plot_reader *r);
int sw_plots_line(const sw_plot_reader *r);
const char *sw_plots_path(const sw_plot_reader *r);
void sw_plots_close(sw_plot_reader *r);

/* Writes the header for plots of the given kind (with sd columns and identity columns). */
void sw_plots_write_header(FILE *f, int kind);
/* Writes one plot row in the layout of sw_plots_write_header(kind) (p->kind must match). */
void sw_plots_write(FILE *f, const sw_plot *p);

/* ---- states: truth and tracks share one shape ---- */
typedef struct sw_state_row {
    double t;
    uint32_t id;
    int dim;          /* 2 or 3 */
    double x[6];      /* x, y, z, vx, vy, vz (z, vz = 0 in 2-D) */
    int cls;          /* sw_class, from an optional 'class' column (-1 if absent) */
} sw_state_row;

typedef struct sw_state_reader sw_state_reader;

/* id_col is "target_id" for truth and "track_id" for tracks. */
sw_rc sw_states_open(sw_state_reader **r, const char *path, const char *id_col, sw_err *err);
int sw_states_next(sw_state_reader *r, sw_state_row *row, sw_err *err);
int sw_states_dim(const sw_state_reader *r);
/* Line number (1-based) of the row last read, for "file:line" messages. */
int sw_states_line(const sw_state_reader *r);
void sw_states_close(sw_state_reader *r);

/* Sorts rows by (time, id), the order every scorer takes. */
void sw_states_sort(sw_state_row *rows, size_t n);
/* Reads a whole file into a malloc'd array sorted by (time, id); *rows is freed by the caller. */
sw_rc sw_states_load(const char *path, const char *id_col, sw_state_row **rows, size_t *n,
                     int *dim, sw_err *err);

void sw_truth_write_header(FILE *f, int dim);
void sw_truth_write(FILE *f, int dim, double t, uint32_t id, const double x[6], int cls);
void sw_tracks_write_header(FILE *f, int dim);
/* One row of a tracks file: state, status, quality, class and the position covariance. */
void sw_tracks_write(FILE *f, int dim, const sw_track *trk);

const char *sw_class_name(int cls);
int sw_class_parse(const char *s);   /* -1 if unknown */

#endif
