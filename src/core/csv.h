/* core/csv.h - reading the interchange CSV files (ARCHITECTURE §4).
 *
 * The first row is a header; columns are found by name and extra columns are ignored.  Every
 * error names the file and line: "plots.csv:17: column 'x_m': 'abc' is not a number".
 * Fields may be double-quoted ("a,b").  One reader owns one FILE; not thread-safe. */
#ifndef SW_CORE_CSV_H
#define SW_CORE_CSV_H

#include "core/rc.h"

typedef struct sw_csv sw_csv;

/* Opens path ("-" is stdin) and reads its header.  An empty file is an error. */
sw_rc sw_csv_open(sw_csv **out, const char *path, sw_err *err);
void sw_csv_close(sw_csv *csv);

/* Index of the named column, or -1 when the header does not have it. */
int sw_csv_col(const sw_csv *csv, const char *name);
/* Like sw_csv_col, but a missing column is an error naming the file and the column. */
sw_rc sw_csv_need(const sw_csv *csv, const char *name, int *col, sw_err *err);

/* Reads the next data row.  Returns 1 when a row was read, 0 at end of file, or an error
 * (a row with fewer fields than the header needs is reported when a field is asked for).
 * Blank lines and lines starting with '#' are skipped. */
int sw_csv_next(sw_csv *csv, sw_err *err);

/* The field text of column col in the current row ("" if the row is short or col < 0). */
const char *sw_csv_str(const sw_csv *csv, int col);
/* The field parsed as a finite number; an empty, missing or non-numeric field is an error
 * naming file, line and column. */
sw_rc sw_csv_num(const sw_csv *csv, int col, double *v, sw_err *err);
/* As sw_csv_num, but an empty or absent (col < 0) field gives def. */
sw_rc sw_csv_num_or(const sw_csv *csv, int col, double def, double *v, sw_err *err);

/* Line number (1-based) of the current row, and the file's name as given. */
int sw_csv_line(const sw_csv *csv);
const char *sw_csv_path(const sw_csv *csv);

#endif
