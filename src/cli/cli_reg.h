/* cli/cli_reg.h - sensor registration (reg/) in front of a command's tracker: `skyweave track`,
 * the node and the offline demo all feed their plots through it. */
#ifndef SW_CLI_REG_H
#define SW_CLI_REG_H

#include <stdio.h>

#include "reg/reg.h"
#include "track/track.h"

/* Registration of these sensors' radars, when on and the set holds a radar and, if adsb (no
 * other reference will come: no partners), an ADS-B station.  NULL otherwise (nothing to
 * register, or nothing to register against; also when out of memory, which only loses the
 * corrections). */
reg_reg *cli_reg_open(const geo_sensor_set *set, int on, int adsb);
/* p through the registration (when r is not NULL) into the tracker. */
sw_rc cli_reg_add(reg_reg *r, trk_tracker *tr, const sw_plot *p, sw_err *err);
/* 1 when b shows its radar's clock clearly off (over 0.1 s and 4 sd): said to the operator, as a
 * clock is put right at the radar, not here. */
int cli_reg_clock_off(const reg_bias *b);
/* One line per radar paired so far, each starting with prefix: its estimate and whether it is
 * applied.  Nothing when r is NULL. */
void cli_reg_print(FILE *f, const reg_reg *r, const geo_sensor_set *set, const char *prefix);

#endif
