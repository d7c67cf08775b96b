/* net/net_types.h - the plain (DDS-free) structs that net/ hands to the stages after it.
 *
 * net_report is one partner's claim on a system track: "I hold reporting responsibility (R2) for
 * system track `stn`, made of these local tracks".  fuse/ consumes it without knowing DDS. */
#ifndef SW_NET_TYPES_H
#define SW_NET_TYPES_H

#include "core/types.h"

#include <stdint.h>

#define NET_MAX_NATIONS 16   /* coalition size; nation i is bit i of the `nations` masks */
#define NET_MAX_MEMBERS 16   /* local tracks listed in one system track report */

typedef struct net_member {
    char nation[4];
    uint32_t id;
} net_member;

typedef struct net_report {
    sw_system_track st;      /* stn, reporter, fused state in the receiver's common ENU frame */
    double born;             /* UTC s: when the number was first given (older survives a merge) */
    double claim;            /* UTC s: when the reporter took R2 (older claim holds on a tie) */
    double sd_m;             /* reporter's own position accuracy (R2 arbitration) */
    double plot_in;          /* UTC s: newest plot that went into it */
    int n_members;
    net_member members[NET_MAX_MEMBERS];
} net_report;

#endif
