/* cli/cli_marks.h - the tracker's watermarks from live ASTERIX, for `skyweave node` and
 * `skyweave track --udp` alike.
 *
 * A sensor sends in time order (a radar a sector when the antenna leaves it, then the sector
 * crossing), so after each datagram every sensor it carried plots of, and every radar whose
 * CAT034 (sector crossing, north marker) or CAT048 moved on in ingest's radar table, has
 * delivered everything up to its newest time: trk_mark tells the tracker, which then releases a
 * plot as soon as every live sensor is past it (TRK_RELEASE_WATERMARK) instead of a fixed window
 * later. */
#ifndef SW_CLI_MARKS_H
#define SW_CLI_MARKS_H

#include "geo/sensors.h"
#include "ingest/ingest.h"
#include "track/track.h"

#define CLI_MARKS_DG 8 /* sensors remembered per datagram (more: the radar table still marks) */

typedef struct cli_marks {
    int n;                          /* this datagram's sensors and their newest plot time */
    uint32_t sensor[CLI_MARKS_DG];
    double t[CLI_MARKS_DG];
    double marked[ING_MAX_RADARS];  /* per radar of the ingest: the newest time marked */
    uint64_t failed;                /* trk_mark refusals */
} cli_marks;

void cli_marks_init(cli_marks *m);
/* A plot of the datagram being fed (its time on the tracker's clock). */
void cli_marks_plot(cli_marks *m, uint32_t sensor, double t);
/* The datagram has been fed to g: marks its sensors, then each radar of g (known to set) whose
 * last message moved on (times + offset: the tracker's clock), and starts the next datagram.
 * Returns the first refusal (err set) or SW_OK; every refusal is counted in m->failed. */
sw_rc cli_marks_done(cli_marks *m, trk_tracker *tr, const ing *g, const geo_sensor_set *set,
                     double offset, sw_err *err);

#endif
