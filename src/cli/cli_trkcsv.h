/* cli/cli_trkcsv.h - reading a tracks CSV (ARCHITECTURE 4) as a time-ordered stream of local
 * track updates: the `--tracks-csv` input of `skyweave node`, and what `skyweave track` writes.
 *
 * Columns by name: time_s, track_id, x_m, y_m, vx_mps, vy_mps (required); z_m, vz_mps (3-D);
 * sd_x_m, sd_y_m, sd_z_m, sd_vx_mps, sd_vy_mps, sd_vz_mps (defaults 100 m, 10 m/s); status
 * (tentative, confirmed, coasting, deleted or 0-3), class (unknown, aircraft, ballistic, cruise,
 * drone), quality, nation (rows of other nations are skipped), mode3a (octal), callsign.  Rows
 * must be in time order; one that goes back in time is an error naming file and line. */
#ifndef SW_CLI_TRKCSV_H
#define SW_CLI_TRKCSV_H

#include "core/rc.h"
#include "core/types.h"

typedef struct cli_trkcsv cli_trkcsv;

/* nation: keep only rows whose `nation` column is this (NULL or no column: keep all). */
sw_rc cli_trkcsv_open(cli_trkcsv **out, const char *path, const char *nation, sw_err *err);
void cli_trkcsv_close(cli_trkcsv *r);
/* Time (scenario s) of the next row, or INFINITY at the end. */
double cli_trkcsv_peek(const cli_trkcsv *r);
/* The next row if its time is <= until: returns 1 and fills t (times in scenario seconds),
 * 0 when the next row is later (or at the end), or an error. */
int cli_trkcsv_next(cli_trkcsv *r, double until, sw_track *t, sw_err *err);

#endif
