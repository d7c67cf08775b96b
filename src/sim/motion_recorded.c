/* sim/motion_recorded.c - real recorded trajectories replayed as truth.
 *
 * Reads the ADS-B trajectory files of ../shared/data/traffic (CSV, optionally gzip'd; columns
 * t_unix,icao24,callsign,lat,lon,alt_m found by name), splits each airframe's points into
 * flights at gaps longer than 10 minutes, and places them in the scenario: the file time
 * `t_file` (default: the first sample) plays at scenario time `t_start` (default 0), and with
 * `shift_to` the whole recording is moved so that `shift_from` (default: the first sample of the
 * chosen flight, or the centroid of all samples for a generator) lands on that point, keeping
 * every distance and bearing (geodesic displacement).  The points carry 100-250 m of jitter
 * (the files' README) and single-sample glitches (held positions, altitude spikes), so positions
 * pass a running median of 9 samples and a centred moving average over `smooth_s` (default 20 s;
 * 0 keeps the raw points, bad data included) before use; velocity is the central difference of the smoothed positions and the
 * state between samples the cubic Hermite interpolation.  The recordings are never copied into
 * the project: scenarios name them as $SW_SHARED_DIR/data/traffic/FILE.
 *
 *   - motion: recorded                    # one flight
 *     file: $SW_SHARED_DIR/data/traffic/belevingsvlucht_2018-05-30.csv.gz
 *     icao24: 484506                      # default: the file's first aircraft
 *     flight: 0                           # its n-th flight
 *     t_start: 0
 *     shift_to: [25.3, 51.5]
 *   traffic:
 *     - generator: recorded               # every flight of a file (or the first `count`)
 *       file: $SW_SHARED_DIR/data/traffic/switzerland_2018-08-01_1100-1200Z.csv
 *       t_file: 2018-08-01T11:00:00Z
 *       shift_to: [25.0, 52.0] */
#include "sim/sim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/time.h"

#define GAP_S 600.0

typedef struct rec_row {
    double t, lat, lon, alt;
    uint32_t icao;
    char cs[9];
} rec_row;

typedef struct rec_file {
    int n, cap;
    rec_row *r;
} rec_file;

typedef struct rec_model {
    int n;
    double *t;
    double (*x)[6];
} rec_model;

static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = 0;
        p = c + 1;
    }
    char *nl = strpbrk(f[n - 1], "\r\n");
    if (nl)
        *nl = 0;
    return n;
}

static int row_cmp(const void *a, const void *b)
{
    const rec_row *x = a, *y = b;
    if (x->icao != y->icao)
        return x->icao < y->icao ? -1 : 1;
    return x->t < y->t ? -1 : x->t > y->t;
}

/* Loads the file sorted by (icao24, time). */
static sw_rc rec_load(const char *path, rec_file *rf, sw_err *err)
{
    memset(rf, 0, sizeof *rf);
    gzFile g = gzopen(path, "rb");
    if (!g)
        return sw_err_set(err, SW_EIO, "%s: cannot open", path);
    char line[1024];
    char *f[32];
    int col[6] = {-1, -1, -1, -1, -1, -1}, lineno = 0;
    static const char *const names[6] = {"t_unix", "icao24", "callsign", "lat", "lon", "alt_m"};
    sw_rc rc = SW_OK;
    while (gzgets(g, line, sizeof line)) {
        lineno++;
        int n = split_csv(line, f, 32);
        if (lineno == 1) {
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 6; k++)
                    if (!strcmp(f[i], names[k]))
                        col[k] = i;
            for (int k = 0; k < 6; k++)
                if (col[k] < 0 && k != 2) {
                    rc = sw_err_set(err, SW_EFORMAT, "%s:1: no column '%s'", path, names[k]);
                    goto out;
                }
            continue;
        }
        if (n == 1 && !f[0][0])
            continue;
        rec_row r;
        memset(&r, 0, sizeof r);
        char *end;
        int ok = 1;
        double *dst[4] = {&r.t, &r.lat, &r.lon, &r.alt};
        const int ci[4] = {col[0], col[3], col[4], col[5]};
        for (int k = 0; k < 4 && ok; k++) {
            if (ci[k] >= n) {
                ok = 0;
                break;
            }
            *dst[k] = strtod(f[ci[k]], &end);
            ok = end != f[ci[k]] && !*end && isfinite(*dst[k]);
        }
        if (ok && col[1] < n) {
            unsigned long a = strtoul(f[col[1]], &end, 16);
            ok = end != f[col[1]] && !*end && a <= 0xffffff;
            r.icao = (uint32_t)a;
        }
        if (!ok || fabs(r.lat) > 90 || fabs(r.lon) > 180) {
            rc = sw_err_set(err, SW_EFORMAT, "%s:%d: bad trajectory row", path, lineno);
            goto out;
        }
        if (col[2] >= 0 && col[2] < n)
            snprintf(r.cs, sizeof r.cs, "%.8s", f[col[2]]);
        if (rf->n == rf->cap) {
            int cap = rf->cap ? 2 * rf->cap : 4096;
            rec_row *p = realloc(rf->r, sizeof *p * (size_t)cap);
            if (!p) {
                rc = sw_err_set(err, SW_ENOMEM, "out of memory");
                goto out;
            }
            rf->r = p;
            rf->cap = cap;
        }
        rf->r[rf->n++] = r;
    }
    if (rf->n < 2)
        rc = sw_err_set(err, SW_EFORMAT, "%s: fewer than two trajectory points", path);
out:
    gzclose(g);
    if (!rc)
        qsort(rf->r, (size_t)rf->n, sizeof *rf->r, row_cmp);
    else {
        free(rf->r);
        rf->r = NULL;
    }
    return rc;
}

typedef struct placement {
    double dt;                 /* scenario time = file time + dt */
    int shift;
    double from[2], to[2];
    double smooth_s;
} placement;

static void place_point(const placement *pl, const rec_row *r, double *lat, double *lon)
{
    *lat = r->lat;
    *lon = r->lon;
    if (!pl->shift)
        return;
    double d, a1, a2;
    geo_inverse(pl->from[0], pl->from[1], r->lat, r->lon, &d, &a1, &a2);
    geo_direct(pl->to[0], pl->to[1], a1, d, lat, lon, &a2);
}

/* Builds a target from rows [a, b) of one flight. */
static sw_rc rec_make(sim_target *tg, const sim_world *w, const rec_row *rows, int n,
                      const placement *pl)
{
    rec_model *m = calloc(1, sizeof *m);
    double (*raw)[3] = calloc((size_t)n, sizeof *raw);
    if (!m || !raw) {
        free(m);
        free(raw);
        return SW_ENOMEM;
    }
    m->t = calloc((size_t)n, sizeof *m->t);
    m->x = calloc((size_t)n, sizeof *m->x);
    tg->m = m;
    if (!m->t || !m->x) {
        free(raw);
        return SW_ENOMEM;
    }
    /* a position repeated from the previous sample is a stale report (the receiver held the
     * last fix), not a hovering airliner: keep only fresh positions */
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && rows[i].lat == rows[i - 1].lat && rows[i].lon == rows[i - 1].lon && i + 1 < n)
            continue;
        double lat, lon, x[6];
        place_point(pl, &rows[i], &lat, &lon);
        sim_lla_state(w, lat, lon, rows[i].alt, 0, 0, 0, x);
        memcpy(raw[k], x, sizeof raw[k]);
        m->t[k] = rows[i].t + pl->dt;
        k++;
    }
    n = k;
    m->n = n;
    /* a running median over 9 samples per axis first: the files hold single-sample spikes (a
     * 5 km altitude jump) that an average would only spread out */
    if (pl->smooth_s > 0 && n >= 9) {
        double (*med)[3] = calloc((size_t)n, sizeof *med);
        if (!med) {
            free(raw);
            return SW_ENOMEM;
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 3; k++) {
                /* symmetric window, shrunk at the ends (a fixed one would flatten them) */
                int hw = i < 4 ? i : 4;
                if (n - 1 - i < hw)
                    hw = n - 1 - i;
                int a = i - hw, len = 2 * hw + 1;
                double v[9] = {0};
                for (int j = 0; j < len; j++) {
                    double y = raw[a + j][k];
                    int q = j;
                    while (q > 0 && v[q - 1] > y) {
                        v[q] = v[q - 1];
                        q--;
                    }
                    v[q] = y;
                }
                med[i][k] = v[hw];
            }
        memcpy(raw, med, sizeof *raw * (size_t)n);
        free(med);
    }
    /* local linear regression over smooth_s about each sample (a straight line fitted by least
     * squares, evaluated at the sample): position and velocity together, unbiased for straight
     * flight even where the window is one-sided at the ends of the flight */
    double half = 0.5 * pl->smooth_s;
    int lo = 0;
    for (int i = 0; i < n; i++) {
        while (m->t[lo] < m->t[i] - half)
            lo++;
        double st = 0, stt = 0, sx[3] = {0, 0, 0}, stx[3] = {0, 0, 0};
        int cnt = 0;
        for (int j = lo; j < n && m->t[j] <= m->t[i] + half; j++) {
            double dt = m->t[j] - m->t[i];
            st += dt;
            stt += dt * dt;
            for (int k2 = 0; k2 < 3; k2++) {
                sx[k2] += raw[j][k2];
                stx[k2] += dt * raw[j][k2];
            }
            cnt++;
        }
        double det = cnt * stt - st * st;
        for (int k2 = 0; k2 < 3; k2++) {
            if (cnt >= 2 && det > 1e-9) {
                double slope = (cnt * stx[k2] - st * sx[k2]) / det;
                m->x[i][k2] = (sx[k2] - slope * st) / cnt;
                m->x[i][3 + k2] = slope;
            } else {
                m->x[i][k2] = raw[i][k2];
                m->x[i][3 + k2] = 0;
            }
        }
    }
    if (pl->smooth_s <= 0 || n < 3)
        for (int i = 0; i < n; i++) {
            int a = i > 0 ? i - 1 : i, b = i + 1 < n ? i + 1 : i;
            double dt = m->t[b] - m->t[a];
            for (int k = 0; k < 3; k++) {
                m->x[i][k] = raw[i][k];
                m->x[i][3 + k] = dt > 0 ? (raw[b][k] - raw[a][k]) / dt : 0;
            }
        }
    if (w->dim == 2)
        for (int i = 0; i < n; i++)
            m->x[i][2] = m->x[i][5] = 0;
    free(raw);
    tg->t0 = m->t[0];
    tg->t1 = m->t[n - 1];
    tg->address = rows[0].icao;
    tg->flags |= SW_HAS_ADDRESS;
    /* the files carry no squawk: a stable code from the address */
    tg->mode3a = (uint16_t)(01000 + (rows[0].icao * 2654435761u >> 20) % 06000);
    tg->flags |= SW_HAS_MODE3A;
    if (rows[0].cs[0]) {
        memcpy(tg->callsign, rows[0].cs, sizeof tg->callsign);
        tg->flags |= SW_HAS_CALLSIGN;
    }
    tg->adsb = 1;
    tg->nacp = 9;
    return SW_OK;
}

static void rec_eval(const sim_target *tg, const sim_world *w, double t, double x[6])
{
    (void)w;
    const rec_model *m = tg->m;
    sim_samples_eval(m->t, (const double (*)[6])m->x, m->n, t, x);
}

static void rec_free(void *p)
{
    rec_model *m = p;
    if (m) {
        free(m->t);
        free(m->x);
    }
    free(m);
}

/* Reads the placement keys; first_row is the row whose time / position are the defaults. */
static sw_rc rec_placement(const sw_cfg *node, const rec_file *rf, const rec_row *ref,
                           int centroid, placement *pl, sw_err *err)
{
    char where[300];
    sw_rc rc;
    const char *tf;
    double t_start;
    memset(pl, 0, sizeof *pl);
    if ((rc = sw_cfg_opt_str(node, "t_file", "", &tf, err)) ||
        (rc = sw_cfg_opt_num(node, "t_start", 0, &t_start, err)) ||
        (rc = sw_cfg_opt_num(node, "smooth_s", 20, &pl->smooth_s, err)))
        return rc;
    double t_file = ref->t;
    if (tf[0] && sw_time_parse_iso(tf, &t_file))
        return sw_err_set(err, SW_EFORMAT, "%s: 't_file': expected UTC like 2018-08-01T11:00:00Z",
                          sw_cfg_where(sw_cfg_get(node, "t_file"), where, sizeof where));
    if (pl->smooth_s < 0)
        return sw_err_set(err, SW_EFORMAT, "%s: 'smooth_s' must be >= 0",
                          sw_cfg_where(node, where, sizeof where));
    pl->dt = t_start - t_file;
    if (sw_cfg_get(node, "shift_to")) {
        double to[3], from[3] = {ref->lat, ref->lon, 0};
        if ((rc = sim_cfg_latlon(node, "shift_to", 0, to, err)))
            return rc;
        if (centroid) {
            double sx = 0, sy = 0;
            for (int i = 0; i < rf->n; i++) {
                sx += rf->r[i].lat;
                sy += rf->r[i].lon;
            }
            from[0] = sx / rf->n;
            from[1] = sy / rf->n;
        }
        if (sw_cfg_get(node, "shift_from") && (rc = sim_cfg_latlon(node, "shift_from", 0, from, err)))
            return rc;
        pl->shift = 1;
        pl->from[0] = from[0];
        pl->from[1] = from[1];
        pl->to[0] = to[0];
        pl->to[1] = to[1];
    }
    return SW_OK;
}

static const char *const rec_keys[] = {"file", "icao24", "flight", "t_start", "t_file",
                                       "shift_to", "shift_from", "smooth_s", NULL};

static sw_rc rec_parse(sim_target *tg, const sw_cfg *node, const sim_world *w, sw_err *err)
{
    char where[300], path[1024];
    sw_rc rc;
    const char *file, *icao_s;
    long flight;
    if ((rc = sw_cfg_get_str(node, "file", &file, err)) ||
        (rc = sw_cfg_opt_str(node, "icao24", "", &icao_s, err)) ||
        (rc = sw_cfg_opt_int(node, "flight", 0, &flight, err)))
        return rc;
    sim_resolve_path(w, file, path, sizeof path);
    rec_file rf;
    if ((rc = rec_load(path, &rf, err))) {
        sw_err_prefix(err, "%s: ", sw_cfg_where(sw_cfg_get(node, "file"), where, sizeof where));
        return rc;
    }
    uint32_t icao = icao_s[0] ? (uint32_t)strtoul(icao_s, NULL, 16) : rf.r[0].icao;
    /* find the flight */
    int a = -1, b = -1, k = 0;
    for (int i = 0; i < rf.n; i++) {
        if (rf.r[i].icao != icao)
            continue;
        int start = i;
        while (i + 1 < rf.n && rf.r[i + 1].icao == icao && rf.r[i + 1].t - rf.r[i].t <= GAP_S)
            i++;
        if (k++ == flight) {
            a = start;
            b = i + 1;
            break;
        }
    }
    if (a < 0 || b - a < 2) {
        free(rf.r);
        return sw_err_set(err, SW_EFORMAT, "%s: %s has no flight %ld of aircraft %06x",
                          sw_cfg_where(node, where, sizeof where), path, flight, icao);
    }
    placement pl;
    if ((rc = rec_placement(node, &rf, &rf.r[a], 0, &pl, err))) {
        free(rf.r);
        return rc;
    }
    uint32_t flags = tg->flags;
    char cs[9];
    memcpy(cs, tg->callsign, sizeof cs);
    rc = rec_make(tg, w, rf.r + a, b - a, &pl);
    /* identity given in the scenario wins over the recording's */
    if (flags & SW_HAS_CALLSIGN)
        memcpy(tg->callsign, cs, sizeof cs);
    free(rf.r);
    return rc ? sw_err_set(err, rc, "out of memory") : SW_OK;
}

sw_rc sim_recorded_generate(sim_scenario *sc, const sw_cfg *node, sw_err *err)
{
    static const char *const keys[] = {"generator", "file", "t_start", "t_file", "shift_to",
                                       "shift_from", "smooth_s", "count", NULL};
    char where[300], path[1024];
    sw_rc rc;
    const char *file;
    long count;
    if ((rc = sw_cfg_check_keys(node, keys, err)) ||
        (rc = sw_cfg_get_str(node, "file", &file, err)) ||
        (rc = sw_cfg_opt_int(node, "count", 1000000, &count, err)))
        return rc;
    sim_resolve_path(&sc->w, file, path, sizeof path);
    rec_file rf;
    if ((rc = rec_load(path, &rf, err))) {
        sw_err_prefix(err, "%s: ", sw_cfg_where(sw_cfg_get(node, "file"), where, sizeof where));
        return rc;
    }
    /* the earliest sample is the default file time */
    int first = 0;
    for (int i = 1; i < rf.n; i++)
        if (rf.r[i].t < rf.r[first].t)
            first = i;
    placement pl;
    if ((rc = rec_placement(node, &rf, &rf.r[first], 1, &pl, err))) {
        free(rf.r);
        return rc;
    }
    long made = 0;
    for (int i = 0; i < rf.n && made < count; i++) {
        int start = i;
        while (i + 1 < rf.n && rf.r[i + 1].icao == rf.r[i].icao &&
               rf.r[i + 1].t - rf.r[i].t <= GAP_S)
            i++;
        if (i + 1 - start < 2)
            continue;
        sim_target *tg = sim_scenario_add_target(sc);
        if (!tg) {
            free(rf.r);
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        }
        tg->ops = &sim_motion_recorded;
        tg->cls = SW_CLS_AIRCRAFT;
        tg->rcs_m2 = 20;
        tg->swerling = 1;
        snprintf(tg->label, sizeof tg->label, "recorded");
        if (rec_make(tg, &sc->w, rf.r + start, i + 1 - start, &pl)) {
            free(rf.r);
            return sw_err_set(err, SW_ENOMEM, "out of memory");
        }
        made++;
    }
    free(rf.r);
    return SW_OK;
}

const sim_motion_ops sim_motion_recorded = {
    .name = "recorded", .cls = SW_CLS_AIRCRAFT, .rcs_m2 = 20, .swerling = 1,
    .parse = rec_parse, .eval = rec_eval, .free = rec_free, .keys = rec_keys};
