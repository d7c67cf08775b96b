/* core/assign.h - the rectangular linear assignment problem (optimal, not greedy).
 *
 * Shortest augmenting paths with dual potentials: the Jonker-Volgenant family, as described by
 * D. F. Crouse, "On implementing 2D rectangular assignment algorithms", IEEE TAES 52(4), 2016.
 * O(n^2 m) worst case; in tracking clusters it is near-linear.  Used by the tracker's GNN
 * (per cluster, on a preallocated workspace: no allocation) and by OSPA/GOSPA in metrics/. */
#ifndef SW_CORE_ASSIGN_H
#define SW_CORE_ASSIGN_H

#include <stddef.h>

#include "core/rc.h"

/* Bytes of workspace sw_assign() needs for an n x m problem. */
size_t sw_assign_workspace(int n, int m);

/* Assigns each of n rows a distinct column among m >= n, minimising the sum of cost[i*m + j].
 * Entries may be +INFINITY (forbidden).  row_to_col[i] receives the column of row i; *total (if
 * not NULL) the optimal cost.  work must hold sw_assign_workspace(n, m) bytes, suitably aligned
 * for double (malloc'd memory is).  SW_EINVAL if n > m; SW_ENUMERIC if no complete assignment
 * avoids forbidden entries (a NaN cost is treated as forbidden). */
sw_rc sw_assign(int n, int m, const double *cost, int *row_to_col, double *total, void *work);

#endif
