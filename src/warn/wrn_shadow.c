/* warn/wrn_shadow.c - identity for the primary-only shadow of a cooperative track (wrn_shadow.h). */
#include "warn/wrn_shadow.h"

#include <math.h>
#include <stdlib.h>

#define R_EARTH 6371000.0
#define PREFILTER_M 40000.0 /* |dx|, |dy| window: the horizontal gate plus the height tilt */

int wrn_has_identity(const sw_system_track *st)
{
    return (st->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN)) != 0;
}

/* The picture being scanned, for qsort's comparator (no context argument); per thread, since a
 * node scans on a worker thread. */
static _Thread_local const sw_system_track *g_pic;

/* Grid cell of a track: PREFILTER_M squares of the common frame, so every candidate within
 * PREFILTER_M in x and y lies in the 3 x 3 cells round the track's own. */
static void cell(const sw_system_track *t, long *cx, long *cy)
{
    *cx = (long)floor(t->x[0] / PREFILTER_M);
    *cy = (long)floor(t->x[1] / PREFILTER_M);
}

static int cmp_cell(long ax, long ay, long bx, long by)
{
    if (ax != bx)
        return ax < bx ? -1 : 1;
    return ay < by ? -1 : ay > by;
}

static int by_cell(const void *a, const void *b)
{
    const sw_system_track *p = &g_pic[*(const int *)a], *q = &g_pic[*(const int *)b];
    long px, py, qx, qy;
    cell(p, &px, &py);
    cell(q, &qx, &qy);
    int c = cmp_cell(px, py, qx, qy);
    if (c)
        return c;
    return p->stn < q->stn ? -1 : p->stn > q->stn;
}

/* First position in idx[0..m) (sorted by cell) whose cell is >= (cx, cy). */
static int lower_bound(const sw_system_track *pic, const int *idx, int m, long cx, long cy)
{
    int lo = 0, hi = m;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        long x, y;
        cell(&pic[idx[mid]], &x, &y);
        if (cmp_cell(x, y, cx, cy) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Horizontal part of v at the local vertical of p (spherical Earth below the frame's origin). */
static void horiz(const double p[3], const double v[3], double out[3])
{
    double u[3] = {p[0], p[1], p[2] + R_EARTH};
    double n = sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]), d = 0;
    for (int a = 0; a < 3; a++) {
        u[a] /= n;
        d += v[a] * u[a];
    }
    for (int a = 0; a < 3; a++)
        out[a] = v[a] - d * u[a];
}

static double norm3(const double v[3])
{
    return sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

/* c can lend to s: it answers a transponder, or its height is known at least twice as well */
static int donor(const sw_system_track *c, const sw_system_track *s)
{
    return wrn_has_identity(c) || (c->P[14] > 0 && 4.0 * c->P[14] < s->P[14]);
}

int wrn_shadow_identity(sw_system_track *pic, int n, int *idx)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (pic[i].status != SW_TRK_DELETED && isfinite(pic[i].x[0]) && isfinite(pic[i].x[1]) &&
            fabs(pic[i].x[0]) < 1e12 && fabs(pic[i].x[1]) < 1e12)
            idx[m++] = i;
    g_pic = pic;
    qsort(idx, (size_t)m, sizeof *idx, by_cell);
    /* decide every track against the picture as it came, then lend; a track that receives
     * lends nothing (no chains), so the answer does not depend on the order */
    int *pick = idx + n;
    for (int i = 0; i < n; i++)
        pick[i] = -1;
    for (int a = 0; a < m; a++) {
        const sw_system_track *s = &pic[idx[a]];
        if (wrn_has_identity(s))
            continue;
        double sp = (s->P[0] + s->P[7]) / 2, sv = (s->P[21] + s->P[28]) / 2;
        const sw_system_track *best = NULL;
        double best_d = INFINITY;
        int best_id = 0;
        long cx, cy;
        cell(s, &cx, &cy);
        for (long gx = cx - 1; gx <= cx + 1; gx++) {
            /* cells (gx, cy-1) .. (gx, cy+1) are one run of the sorted order */
            for (int b = lower_bound(pic, idx, m, gx, cy - 1); b < m; b++) {
                const sw_system_track *c = &pic[idx[b]];
                long bx, by;
                cell(c, &bx, &by);
                if (cmp_cell(bx, by, gx, cy + 1) > 0)
                    break;
                if (c == s || fabs(c->x[0] - s->x[0]) > PREFILTER_M ||
                    fabs(c->x[1] - s->x[1]) > PREFILTER_M)
                    continue;
                if (!donor(c, s))
                    continue;
                double dp[3], dv[3], hp[3], hv[3];
                for (int k = 0; k < 3; k++) {
                    dp[k] = c->x[k] - s->x[k];
                    dv[k] = c->x[3 + k] - s->x[3 + k];
                }
                horiz(c->x, dp, hp);
                horiz(c->x, dv, hv);
                double cp = (c->P[0] + c->P[7]) / 2, cv = (c->P[21] + c->P[28]) / 2;
                double gp = fmin(WRN_SHADOW_MAX_M, WRN_SHADOW_BASE_M + 3 * sqrt(2 * (sp + cp)));
                double gv = fmin(WRN_SHADOW_VMAX, WRN_SHADOW_VBASE + 3 * sqrt(2 * (sv + cv)));
                double d = norm3(hp);
                int id = wrn_has_identity(c);
                if (d > gp || norm3(hv) > gv)
                    continue;
                /* an identity first, then the nearest, then the lower number */
                if (!best || id > best_id || (id == best_id && (d < best_d ||
                                                                (d == best_d && c->stn < best->stn)))) {
                    best = c;
                    best_d = d;
                    best_id = id;
                }
            }
        }
        if (best)
            pick[idx[a]] = (int)(best - pic);
    }
    int taken = 0;
    for (int i = 0; i < n; i++) {
        int b = pick[i];
        if (b < 0 || pick[b] >= 0)
            continue;
        sw_system_track *s = &pic[i];
        const sw_system_track *c = &pic[b];
        if (wrn_has_identity(c)) {
            s->flags |= c->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODEC);
            s->mode3a = c->mode3a;
            s->address = c->address;
            s->alt_baro_m = c->alt_baro_m;
            for (size_t k = 0; k < sizeof s->callsign; k++)
                s->callsign[k] = c->callsign[k];
        }
        if (c->P[14] > 0 && c->P[14] < s->P[14]) {
            /* the better height and climb: move s along the local vertical to c's height */
            double u[3] = {s->x[0], s->x[1], s->x[2] + R_EARTH}, un = norm3(u), dh = 0, dvz = 0;
            for (int k = 0; k < 3; k++) {
                u[k] /= un;
                dh += (c->x[k] - s->x[k]) * u[k];
                dvz += (c->x[3 + k] - s->x[3 + k]) * u[k];
            }
            for (int k = 0; k < 3; k++) {
                s->x[k] += dh * u[k];
                s->x[3 + k] += dvz * u[k];
            }
            s->P[14] = c->P[14];
            s->P[35] = c->P[35];
        }
        taken++;
    }
    return taken;
}
