/* warn/wrn_shadow.c - identity for the primary-only shadow of a cooperative track (wrn_shadow.h). */
#include "warn/wrn_shadow.h"

#include <math.h>
#include <stdlib.h>

#define R_EARTH 6371000.0
#define PREFILTER_M 40000.0 /* |dx| window of the sweep: horizontal gate plus height tilt */

int wrn_has_identity(const sw_system_track *st)
{
    return (st->flags & (SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN)) != 0;
}

static const sw_system_track *g_pic; /* qsort has no context argument; single-threaded use */

static int by_x(const void *a, const void *b)
{
    const sw_system_track *p = &g_pic[*(const int *)a], *q = &g_pic[*(const int *)b];
    if (p->x[0] != q->x[0])
        return p->x[0] < q->x[0] ? -1 : 1;
    return p->stn < q->stn ? -1 : p->stn > q->stn;
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
        if (pic[i].status != SW_TRK_DELETED && isfinite(pic[i].x[0]))
            idx[m++] = i;
    g_pic = pic;
    qsort(idx, (size_t)m, sizeof *idx, by_x);
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
        for (int dir = -1; dir <= 1; dir += 2) {
            for (int b = a + dir; b >= 0 && b < m; b += dir) {
                const sw_system_track *c = &pic[idx[b]];
                if (fabs(c->x[0] - s->x[0]) > PREFILTER_M)
                    break;
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
