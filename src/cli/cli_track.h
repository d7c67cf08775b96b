/* cli/cli_track.h - the parts of `skyweave track` beyond the plots CSV: where tracks go (tracks
 * CSV and CAT062) and the ASTERIX inputs (a pcap recording, live UDP).
 *
 * The tracker's listener is cli_trk_out_event: at every TRK_EV_TIME it lists the confirmed
 * tracks once and writes each to the CSV and, when asked, as a CAT062 record (the batch of one
 * time is one or more datagrams); a deleted track's last message (TSE) goes out at its
 * TRK_EV_DELETED.  Times closer than the CSV's 1 ms resolution give one set of rows, so no
 * track appears twice at the same written time.  The track buffer grows only when there are more tracks than ever before, so
 * there is no allocation per plot. */
#ifndef SW_CLI_TRACK_H
#define SW_CLI_TRACK_H

#include <stdio.h>

#include "core/rc.h"
#include "geo/sensors.h"
#include "ingest/ing_out.h"
#include "reg/reg.h"
#include "track/track.h"

typedef struct cli_trk_out {
    trk_tracker *tr;
    FILE *f;            /* tracks CSV, NULL: none */
    int dim;
    double t0;          /* the CSV's time_s is t - t0 */
    ing_cat062 *c062;   /* NULL: no CAT062 */
    double c062_shift;  /* added to a track's time for I062/070 (t0 for plots-CSV input) */
    sw_track *buf;
    size_t cap, rows;
    double period;      /* > 0: rows (and CAT062) at most once per period of data time */
    long long last_ms;  /* time of the last rows written, ms (rows are written at 1 ms) */
    double last_period; /* the period index of the last rows */
    int wrote;
    int failed;         /* writing stopped: err says why */
    sw_err err;
} cli_trk_out;

void cli_trk_out_event(void *ctx, unsigned ev, double t, const sw_track *trk);

#define CLI_TRK_MAX_LIST 32

typedef struct cli_trk_asx {
    const char *pcap;          /* a recording; NULL: live */
    const char *udp;           /* live: "ADDR:PORT[,ADDR:PORT...]" */
    const char *group;         /* join this multicast group on each ADDR (NULL: none) */
    const char *allow[CLI_TRK_MAX_LIST]; /* more allow-list entries (--allow) */
    int nallow;
    const char *edition[CLI_TRK_MAX_LIST]; /* per-source editions (--edition) */
    int nedition;
    const char *sensors_path;  /* for the messages */
    const geo_sensor_set *set;
    double dedup_s;            /* de-duplication window */
    double duration_s;         /* live: stop after this long (0: at SIGINT/SIGTERM only) */
    double status_s;           /* live: a status line this often (0: never) */
    int keep_simulated;
    reg_reg *reg;              /* registration in front of the tracker (NULL: none) */
} cli_trk_asx;

/* Feeds the recording or the live datagrams through ingest into tr (whose listener is o), then
 * flushes the tracker and prints the summary on stderr.  Returns the exit status. */
int cli_track_asx_run(const cli_trk_asx *a, trk_tracker *tr, cli_trk_out *o);

#endif
