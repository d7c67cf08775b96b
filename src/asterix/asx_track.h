/* asterix/asx_track.h - tracks as CAT062 (SDPS track messages) for legacy displays.
 *
 * An asx_track_out turns sw_system_track (the common picture) or sw_track (one node's tracks)
 * into asx062 records: I062/010 015 040 070 080 100 105 185 200 290 295 500 always, 060 245 380
 * when the identity is known, 136 with a Mode C altitude, 130 and 220 for 3-D tracks.  Positions
 * in the system plane (I062/100) are the common ENU frame's x/y; I062/105 is the same point in
 * WGS-84 through the frame's origin.  I062/210 (acceleration) is not written: the tracks carry
 * no acceleration estimate.  It keeps a little state per track number (fixed table, no
 * allocation): whether it was sent before (TSB, the first message), and the previous course and
 * speed, from which I062/200 (turning, accelerating) is judged.  One thread. */
#ifndef SW_ASTERIX_ASX_TRACK_H
#define SW_ASTERIX_ASX_TRACK_H

#include "asterix/asterix.h"
#include "core/types.h"
#include "geo/geo.h"

#define ASX_TRACK_SLOTS 8192

typedef struct asx_track_out {
    uint8_t sac, sic;        /* I062/010: this system's data source identifier */
    uint8_t service;         /* I062/015 */
    geo_frame origin;        /* the common ENU frame */
    struct {
        uint32_t id;
        uint8_t used;
        double t, course, speed;
    } slot[ASX_TRACK_SLOTS];
} asx_track_out;

void asx_track_out_init(asx_track_out *o, int sac, int sic, int service, const geo_frame *origin);
/* Fills r (all of it) for one track update.  A deleted track gives its last message (TSE) and
 * is forgotten.  Values outside what CAT062 can carry (a ballistic missile above 62 km for
 * I062/130) leave that item out rather than send a wrong one. */
void asx_track_out_system(asx_track_out *o, const sw_system_track *t, asx062 *r);
void asx_track_out_local(asx_track_out *o, const sw_track *t, asx062 *r);

#endif
