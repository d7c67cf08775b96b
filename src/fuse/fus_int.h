/* fuse/fus_int.h - the engine's tables (internal to fuse/). */
#ifndef SW_FUS_INT_H
#define SW_FUS_INT_H

#include "fuse/fuse.h"

#define FUS_ATT 8          /* partner reports attached to one object */
#define FUS_UNINFORMATIVE 1e12 /* variance given to z, vz of a 2-D track */

typedef struct ftrack {
    bool used;
    uint8_t nation;        /* coalition index */
    uint32_t id;
    sw_track t;            /* common frame; a 2-D track has z, vz made uninformative */
    double sd;             /* position sd (m): its quality for R2 */
    double plot_in;
    double t_checked;      /* time of validity when the keep gate last looked at it */
    int obj;               /* object index, -1 when unassociated */
    int misses;
    int hnext;
} ftrack;

typedef struct fobj {
    bool used;
    uint32_t stn;
    double born;
    int mem[NET_MAX_NATIONS];  /* track index per nation, -1 = none */
    int n_mem;
    double x[6], P[36], t, sd, plot_in;
    int dim;
    int reporter;              /* nation index holding R2 as this node sees it, -1 = none */
    bool mine;                 /* this node holds R2 and publishes pub_stn */
    uint32_t pub_stn;
    double my_claim, t_pub, t_pub_state;
    double hold_since;         /* R2 lost to a younger number this node holds out for, else NAN */
    /* what the last report said that partners act on (fus_number.c report_changed) */
    uint32_t pub_ids[NET_MAX_NATIONS], pub_mask;
    double pub_sd;
    uint8_t pub_cls, pub_status;
    uint32_t merge_with;
    int merge_cnt;
    double merge_t;
    int att[FUS_ATT], n_att;
    int gnext;
    bool in_order;             /* listed in fus_engine.order */
    double merge_checked;      /* fused time when the merge check last looked */
} fobj;

typedef struct frep {
    bool used;
    int reporter;
    net_report r;
    double t_rx;
    int hnext;
} frep;

struct fus_engine {
    fus_config c;
    int self;
    double t_start;            /* the first time the engine was given (its node's start), NAN */
    int cap;                   /* tracks; objects and reports have the same capacity */
    int hi;                    /* every used track, object and report index is below this:
                                  the free lists hand out low indices first, so the cycle
                                  scans what was ever in use, not the whole capacity */
    ftrack *trk;
    fobj *obj;
    frep *rep;
    int *free_t, n_free_t, *free_o, n_free_o, *free_r, n_free_r;
    int *thash, *rhash, hmask;
    int *grid, gmask;
    int *order, n_order;       /* objects sorted by stn (scratch, rebuilt each cycle) */
    uint32_t *used_stn;        /* sorted stns of objects and reports (scratch) */
    int n_used_stn;
    uint32_t made[64];         /* numbers made since used_stn was built (not yet in it) */
    int n_made;
    int r2_run, r2_last;       /* objects this node reports: counted this cycle, the last cycle */
    struct fpair { double chi2; uint32_t stn; int t, o; } *pairs, *pairs2; /* 2: sort buffer */
    int *scratch;              /* the association's tracks (fus_assoc.c), sorted by key */
    uint64_t *skey;            /* and their keys (nation, id), to see a slot reused meanwhile */
    int as_step, as_n, as_np;  /* the association in progress: its step, tracks, pairs, */
    int as_w;                  /* the width of the pairs' sorted runs */
    uint64_t as_chi2;          /* full chi-square evaluations (its slices' budget) */
    /* the cycle in progress (fus_cycle_begin/step): phase (0 = none), position in it, its time */
    int phase, pos;
    double cyc_now;
    fus_stats st;
};

/* fus_engine.c */
int fus_nation_index(const fus_engine *e, const char *nation);
int fus_track_find(const fus_engine *e, int nation, uint32_t id);
void fus_obj_fuse(fus_engine *e, fobj *o);
int fus_obj_new(fus_engine *e);
void fus_obj_free(fus_engine *e, int oi);
void fus_detach(fus_engine *e, int ti);
/* Objects in STN order (e->order). */
void fus_order_build(fus_engine *e);
void fus_grid_add(fus_engine *e, int oi);
int fus_grid_cell(const fus_engine *e, double x, double y, int dx, int dy);
bool fus_stn_used(fus_engine *e, uint32_t stn);
/* The numbers made (e->made, full) into the sorted list: one merge.  Rebuilt instead (a scan of
 * every object and report and a sort: 1-2 ms at 10,000 objects), a node numbering a joining
 * partner's 5,000 new objects spent that every 64 numbers. */
void fus_made_merge(fus_engine *e);
/* How many objects and reports hold stn (as of the sorted list, plus the numbers made since). */
int fus_stn_holders(fus_engine *e, uint32_t stn);
/* The report reporter (nation index) sent under stn, or -1. */
int fus_rep_find(const fus_engine *e, int reporter, uint32_t stn);
/* The first number in probe order base + (off + k) % size, k = 0 .. min(size, max) - 1, that is
 * not 0 and not fus_stn_used; 0 if none.  The same answer as probing each in turn, but one walk of
 * the sorted list: in a block whose numbers are densely in use (every track of a nation numbered
 * by its id) a renumbered object probed thousands of numbers, a binary search and a scan of the
 * cycle's new numbers each (milliseconds per number on the R2 holder, docs/PERFORMANCE.md). */
uint32_t fus_stn_first_free(fus_engine *e, uint32_t base, uint32_t size, uint32_t off,
                            uint32_t max);

/* fus_assoc.c */
void fus_keep_one(fus_engine *e, int oi);
/* The association of tracks without an object, in steps: fus_assoc_begin, then fus_assoc_step
 * until it returns 1; each step spends about *budget objects' work (the rest is left in it).
 * It ends with the STN order and the grid built for the merge check. */
enum { AS_LIST, AS_SORT, AS_GRID, AS_PAIRS, AS_PSORT, AS_JOIN, AS_REST, AS_ORDER, AS_REGRID };
void fus_assoc_begin(fus_engine *e);
int fus_assoc_step(fus_engine *e, int *budget);
void fus_merge_one(fus_engine *e, int k, const fus_actions *a);
/* fus_number.c */
void fus_number_attach(fus_engine *e, int from, int to);
void fus_number_one(fus_engine *e, int k, double now, const fus_actions *a);
uint32_t fus_new_number(fus_engine *e, const fobj *o, double *born);

#endif
