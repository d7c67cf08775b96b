/* fuse/fus_score.h - commonality of the common picture across nodes: the share of objects for
 * which every node holds the same system track number at the same time.
 *
 * Objects come from truth when there is one, else from a reference node's picture.  Rows are
 * grouped in time bins; a track belongs to the nearest object within gate_m at its time.
 * Commonality counts (bin, object) pairs that every node tracks; pairs some node does not track
 * at all are completeness, which metrics/ (met_score_run) scores per node with the rest of SIAP. */
#ifndef SW_FUS_SCORE_H
#define SW_FUS_SCORE_H

#include "core/rc.h"

#include <stdint.h>

#define FUS_SCORE_NODES 16

typedef struct fus_prow {  /* one system track in one node's picture */
    double t;
    uint32_t stn;
    int node;
    double x[3];
} fus_prow;

typedef struct fus_trow {  /* one object at one time (truth, or the reference node's track) */
    double t;
    uint32_t id;
    double x[3], v[3];
} fus_trow;

typedef struct fus_score_opts {
    double gate_m;         /* association gate (default 2000 m) */
    double bin_s;          /* time bin (default 1 s) */
    double from, to;       /* scored interval (scenario s) */
} fus_score_opts;

typedef struct fus_score {
    int n_nodes;
    double commonality;       /* common / pairs */
    uint64_t common, pairs;
    uint64_t objects;         /* (bin, object) pairs looked at: pairs / objects = held by all */
    uint64_t tracks[FUS_SCORE_NODES]; /* picture rows of each node in the scored bins */
    int n_series;             /* per bin: time and commonality (NaN when no pair) */
    double *series_t, *series_c; /* malloc'd; fus_score_free */
} fus_score;

/* rows and truth are sorted in place.  Only bins in which every node wrote a picture count. */
sw_rc fus_score_run(fus_prow *rows, int n_rows, int n_nodes, fus_trow *truth, int n_truth,
                    const fus_score_opts *o, fus_score *out, sw_err *err);
void fus_score_free(fus_score *s);

#endif
