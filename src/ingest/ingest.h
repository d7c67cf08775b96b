/* ingest/ingest.h - from ASTERIX on the wire to sw_plot: the node's input stage.
 *
 *   datagram (UDP, pcap) --> allow-list (ing_udp.h) --> de-duplication --> ASTERIX records
 *       CAT048 target reports  -> polar plots in the radar's frame (SW_MEAS_RA, RAE for 3-D radars)
 *       CAT021 ADS-B reports   -> Cartesian plots in the common ENU frame (SW_MEAS_XYZ, XY)
 *       CAT034 service msgs    -> per-radar scan timing and health (ing_radar_status)
 *
 * The radar's site and accuracies come from the sensors file (geo/sensors.h), found by SAC/SIC;
 * reports of sensors not in it are counted and dropped (a plot without a site and an R is of no
 * use to a tracker).  ASTERIX times are times of day: they are unrolled next to the datagram's
 * receive time (sw_tod_unroll), so midnight is crossed correctly; without a receive time (raw
 * files) next to the previous report.  An ing is created once and then allocates nothing: the
 * de-duplication window, the decoded record and the radar table are all inside it.  One thread
 * feeds one ing. */
#ifndef SW_INGEST_INGEST_H
#define SW_INGEST_INGEST_H

#include "asterix/asterix.h"
#include "core/types.h"
#include "geo/sensors.h"
#include "ingest/ing_pcap.h"
#include "ingest/ing_source.h"

#define ING_MAX_RADARS 256

typedef struct ing_cfg {
    const geo_sensor_set *sensors; /* sites, accuracies, SAC/SIC -> sensor (kept by the caller) */
    const asx_editions *editions;  /* NULL: the default editions */
    double dedup_window_s;         /* a datagram seen again within this is a duplicate; 0: off */
    int keep_simulated;            /* keep I048/020 SIM and I021/040 SIM reports (default: drop) */
} ing_cfg;

typedef struct ing_stats {
    long datagrams;      /* fed in */
    long duplicates;     /* dropped by the de-duplication */
    long denied_sensor;  /* records whose SAC/SIC the datagram's source may not send */
    long faults;         /* ASTERIX faults (the rest of the block is skipped) */
    long records;        /* decoded records */
    long plots;          /* plots handed on */
    long unknown_sensor; /* CAT048/021 records of a SAC/SIC not in the sensors file */
    long not_plots;      /* records that are not measurements: no position, no detection,
                            field monitor, test or simulated target, no time */
    long cat048, cat034, cat021, other; /* records (or blocks, for other) by category */
} ing_stats;

/* What a radar's CAT034 says about it. */
typedef struct ing_radar_status {
    uint8_t sac, sic;
    int sensor;               /* index in the sensors file, -1 when not in it */
    double last_msg_t;        /* last CAT034 or CAT048 from it, s (absolute) */
    double last_north_t;      /* last north marker */
    double scan_period_s;     /* measured between the last two north markers (0: not yet) */
    double scan_period_avg_s; /* exponentially averaged (weight 0.2 for the newest) */
    double antenna_period_s;  /* as the radar reports it (I034/041), 0: not reported */
    int north_markers, sector_msgs;
    int sectors_last_scan;    /* distinct sectors reported between the last two north markers */
    int sectors_this_scan;
    uint8_t sector_bits[32];  /* sectors seen since the last north marker */
    int nogo;                 /* I034/050 COM NOGO: operational use inhibited */
    int overload;             /* RDP, transmission or sensor overload reported */
    long plots;
    long unknown;             /* CAT048/021 records dropped: this SAC/SIC is not in the sensors
                                 file (sensor == -1); a source is listed once it sent either */
} ing_radar_status;

typedef enum { ING_RADAR_OK = 0, ING_RADAR_DEGRADED, ING_RADAR_LATE, ING_RADAR_SILENT } ing_health;

/* OK, DEGRADED (NOGO or overload), LATE (no north marker for 2 scan periods), SILENT (nothing
 * for 3 scan periods, or 30 s when the period is unknown). */
ing_health ing_radar_health(const ing_radar_status *s, double now);
const char *ing_health_name(ing_health h);

/* One datagram in. */
typedef struct ing_input {
    const uint8_t *p;
    size_t n;
    double t_rx;     /* receive (capture) time, s since the epoch; < 0: unknown */
    int port;        /* UDP destination port (per-port editions), -1: unknown */
    int sac, sic;    /* only this source may be in it (allow-list), -1: any */
} ing_input;

typedef void (*ing_plot_fn)(void *ctx, const sw_plot *p);

typedef struct ing ing;

sw_rc ing_create(ing **g, const ing_cfg *cfg, sw_err *err);
void ing_destroy(ing *g);
/* Decodes a datagram and calls fn for each plot it gives.  Faults are counted; the last one is
 * kept (ing_last_fault) for the caller to log. */
void ing_feed(ing *g, const ing_input *in, ing_plot_fn fn, void *ctx);
const ing_stats *ing_stats_of(const ing *g);
/* The message of the last ASTERIX fault ("" if none). */
const char *ing_last_fault(const ing *g);
int ing_radar_count(const ing *g);
const ing_radar_status *ing_radar_at(const ing *g, int i);
/* Status of the radar with this SAC/SIC, NULL if it never reported. */
const ing_radar_status *ing_radar_find(const ing *g, int sac, int sic);

struct ing_udp;
/* Feeds a whole recording (pcap, or raw ASTERIX without receive times) through g.  allow (may be
 * NULL) is applied to the frames' sources as to live datagrams; *denied counts the frames it
 * drops, *t_last receives the last receive time (both may be NULL).  A bad frame is skipped (the
 * reader counts it); only a file that cannot be read on is an error. */
sw_rc ing_feed_file(ing *g, const char *path, const struct ing_udp *allow, ing_plot_fn fn,
                    void *ctx, long *denied, double *t_last, sw_err *err);

/* ---- the conversions, for direct use and tests ------------------------------------------- */

/* A CAT048 record into a polar plot.  t = its absolute time.  0: done; 1: not a measurement
 * (no position/time, no detection, field monitor, test or simulated); no error cases. */
int ing_plot_from_048(const asx048 *r, const sw_sensor *s, const geo_radar *radar, double t,
                      int keep_sim, sw_plot *p);
/* A CAT021 record into a plot in the common frame (XYZ; XY when it has no height). */
int ing_plot_from_021(const asx021 *r, const sw_sensor *s, const geo_frame *origin, double t,
                      int keep_sim, sw_plot *p);
/* DO-260B: the 95 % horizontal position accuracy bound of NACp (m), or of NIC's containment
 * radius when only that is known; -1 for "unknown". */
double ing_nacp_epu_m(int nacp);
double ing_nic_rc_m(int nic);
double ing_nucp_hfom_m(int nucp);

/* ---- de-duplication (redundant LANs deliver every datagram twice) --------------------------- */

#define ING_DEDUP_SLOTS 16384
#define ING_DEDUP_PROBE 8

typedef struct ing_dedup {
    uint64_t h[ING_DEDUP_SLOTS];
    double t[ING_DEDUP_SLOTS];
    double window_s;
} ing_dedup;

void ing_dedup_init(ing_dedup *d, double window_s);
/* 1 if the same octets were seen within the window before t (the copy is to be dropped), else
 * remembers them and returns 0.  A full table forgets the oldest: a duplicate may then get
 * through, a datagram is never dropped wrongly (short of a 64-bit hash collision). */
int ing_dedup_seen(ing_dedup *d, const uint8_t *p, size_t n, double t);

#endif
