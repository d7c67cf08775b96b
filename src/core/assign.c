/* core/assign.c - shortest-augmenting-path linear assignment (Crouse 2016, Algorithm 1-2). */
#include "core/assign.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

size_t sw_assign_workspace(int n, int m)
{
    /* doubles: u[n], v[m], spc[m]; ints: path[m], row4col[m], remaining[m]; bytes: SR[n], SC[m] */
    return sizeof(double) * (size_t)(n + 2 * m) + sizeof(int) * (size_t)(3 * m) +
           (size_t)(n + m) + 16;
}

sw_rc sw_assign(int n, int m, const double *cost, int *col4row, double *total, void *work)
{
    if (n > m || n < 0)
        return SW_EINVAL;
    if (n == 0) {
        if (total)
            *total = 0;
        return SW_OK;
    }
    double *u = work, *v = u + n, *spc = v + m;
    int *path = (int *)(spc + m), *row4col = path + m, *remaining = row4col + m;
    unsigned char *SR = (unsigned char *)(remaining + m), *SC = SR + n;
    memset(u, 0, sizeof(double) * (size_t)(n + m));
    for (int i = 0; i < n; i++)
        col4row[i] = -1;
    for (int j = 0; j < m; j++)
        row4col[j] = -1;

    for (int cur = 0; cur < n; cur++) {
        for (int j = 0; j < m; j++) {
            spc[j] = INFINITY;
            path[j] = -1;
            remaining[j] = m - 1 - j;
        }
        memset(SR, 0, (size_t)n);
        memset(SC, 0, (size_t)m);
        int nrem = m, i = cur, sink = -1;
        double minv = 0;
        while (sink < 0) {
            SR[i] = 1;
            double lowest = INFINITY;
            int ilow = -1;
            const double *crow = cost + (size_t)i * (size_t)m;
            for (int it = 0; it < nrem; it++) {
                int j = remaining[it];
                double c = crow[j];
                if (c != c) /* NaN: forbidden */
                    c = INFINITY;
                double r = minv + c - u[i] - v[j];
                if (r < spc[j]) {
                    path[j] = i;
                    spc[j] = r;
                }
                if (spc[j] < lowest || (spc[j] == lowest && row4col[j] < 0)) {
                    lowest = spc[j];
                    ilow = it;
                }
            }
            minv = lowest;
            if (!(minv < INFINITY) || ilow < 0)
                return SW_ENUMERIC;
            int j = remaining[ilow];
            if (row4col[j] < 0)
                sink = j;
            else
                i = row4col[j];
            SC[j] = 1;
            remaining[ilow] = remaining[--nrem];
        }
        u[cur] += minv;
        for (int r = 0; r < n; r++)
            if (SR[r] && r != cur)
                u[r] += minv - spc[col4row[r]];
        for (int j = 0; j < m; j++)
            if (SC[j])
                v[j] -= minv - spc[j];
        for (int j = sink;;) {
            int r = path[j];
            row4col[j] = r;
            int t = col4row[r];
            col4row[r] = j;
            j = t;
            if (r == cur)
                break;
        }
    }
    if (total) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += cost[(size_t)i * (size_t)m + (size_t)col4row[i]];
        *total = s;
    }
    return SW_OK;
}
