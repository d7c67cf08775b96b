/* cli/cmd_plot.c - `skyweave plot`: the demo's pictures (web/charts.h) from files, so a run's
 * recordings can be drawn again and the pictures checked by hand:
 *   plot picture  --tracks FILE [--truth FILE] [--layers FILE] --out F.png|svg
 *   plot series   --csv FILE --y COL[,COL...] [--x COL] --out F.png|svg
 *   plot timeline --csv FILE --out F.png|svg
 * Columns are found by name; an empty field is "did not happen" (NAN), never zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "core/csv.h"
#include "core/records.h"
#include "geo/geo.h"
#include "web/charts.h"

const char cmd_plot_summary[] = "draw the demo's pictures (PNG/SVG) from tracks, truth and series CSV";

#define PLOT_MAX_SERIES 8

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave plot picture --tracks FILE [--truth FILE] [--layers FILE]\n"
        "                             [--origin LAT,LON[,ALT]] [--id-col COL] [--title T] --out F\n"
        "       skyweave plot series --csv FILE --y COL[,COL...] [--x COL] [--title T]\n"
        "                            [--ylabel T] [--ymin V] [--ymax V] --out F\n"
        "       skyweave plot timeline --csv FILE [--title T] [--t0 S] --out F\n\n"
        "Draws with cairo; F ends in .png or .svg.\n"
        "  picture   tracks (time_s, track_id or stn, x_m, y_m [, class]) over truth (target_id) on\n"
        "            the region's map with borders, defended areas and radar coverage (--layers:\n"
        "            a scenario or node configuration, which also gives the origin)\n"
        "  series    columns of a CSV against --x (default time_s), e.g. `skyweave score --series`\n"
        "  timeline  one row per (threat, nation): columns threat, nation, t_launch, t_detect,\n"
        "            t_warn, t_ack, t_impact (empty: did not happen)\n");
}

/* Paths per id from a states file (truth or tracks), converted to lat/lon. */
typedef struct paths {
    web_pic_path *p;
    double *lat, *lon;
    size_t n;
} paths;

typedef struct path_key {
    uint32_t id;
    size_t i;
} path_key;

static int cmp_key(const void *a, const void *b)
{
    const path_key *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static sw_rc load_paths(const char *file, const char *id_col, const geo_frame *f, int truth,
                        paths *out, sw_err *err)
{
    sw_state_row *rows;
    size_t n;
    int dim;
    memset(out, 0, sizeof *out);
    sw_rc rc = sw_states_load(file, id_col, &rows, &n, &dim, err);
    if (rc)
        return rc;
    /* rows are sorted by (time, id): order them by (id, time) to make paths */
    path_key *ix = malloc((n + 1) * sizeof *ix);
    out->lat = malloc((n + 1) * sizeof *out->lat);
    out->lon = malloc((n + 1) * sizeof *out->lon);
    out->p = calloc(n + 1, sizeof *out->p);
    if (!ix || !out->lat || !out->lon || !out->p) {
        free(ix);
        free(rows);
        return sw_err_set(err, SW_ENOMEM, "plot: out of memory for %s", file);
    }
    for (size_t i = 0; i < n; i++)
        ix[i] = (path_key){rows[i].id, i};
    qsort(ix, n, sizeof *ix, cmp_key); /* by id, then file order (which is time order) */
    for (size_t i = 0; i < n; i++) {
        const sw_state_row *r = &rows[ix[i].i];
        double h;
        geo_enu_to_lla(f, r->x, &out->lat[i], &out->lon[i], &h);
        if (!out->n || out->p[out->n - 1].id != r->id) {
            web_pic_path *p = &out->p[out->n++];
            p->id = r->id;
            p->cls = truth ? -1 : (r->cls >= 0 ? r->cls : 0);
            p->lat = &out->lat[i];
            p->lon = &out->lon[i];
        }
        out->p[out->n - 1].n++;
        if (!truth && r->cls >= 0)
            out->p[out->n - 1].cls = r->cls;
    }
    free(ix);
    free(rows);
    return SW_OK;
}

static void free_paths(paths *p)
{
    free(p->p);
    free(p->lat);
    free(p->lon);
}

typedef struct popts {
    const char *tracks, *truth, *layers, *csv, *x, *y, *title, *ylabel, *out, *id_col;
    double origin[3], ymin, ymax, t0;
    int have_origin;
} popts;

static int parse(int argc, char **argv, popts *o)
{
    memset(o, 0, sizeof *o);
    o->x = "time_s";
    o->ymin = o->ymax = NAN;
    for (int i = 2; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "skyweave plot: %s needs a value\n", a);
            return -1;
        }
        if (!strcmp(a, "--tracks")) o->tracks = v;
        else if (!strcmp(a, "--truth")) o->truth = v;
        else if (!strcmp(a, "--layers")) o->layers = v;
        else if (!strcmp(a, "--csv")) o->csv = v;
        else if (!strcmp(a, "--x")) o->x = v;
        else if (!strcmp(a, "--y")) o->y = v;
        else if (!strcmp(a, "--title")) o->title = v;
        else if (!strcmp(a, "--ylabel")) o->ylabel = v;
        else if (!strcmp(a, "--out")) o->out = v;
        else if (!strcmp(a, "--id-col")) o->id_col = v;
        else if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("plot", a, v, o->origin))
                return -1;
            o->have_origin = 1;
        } else if (!strcmp(a, "--ymin") || !strcmp(a, "--ymax") || !strcmp(a, "--t0")) {
            if (cli_num("plot", a, v, !strcmp(a, "--ymin") ? &o->ymin
                                      : !strcmp(a, "--ymax") ? &o->ymax : &o->t0))
                return -1;
        } else {
            fprintf(stderr, "skyweave plot: unknown option '%s' (see --help)\n", a);
            return -1;
        }
    }
    if (!o->out) {
        fprintf(stderr, "skyweave plot: --out FILE.png|svg is required\n");
        return -1;
    }
    return 0;
}

static int plot_picture(const popts *o, sw_err *err)
{
    if (!o->tracks) {
        fprintf(stderr, "skyweave plot picture: --tracks FILE is required\n");
        return 2;
    }
    web_layers L;
    memset(&L, 0, sizeof L);
    L.origin[0] = NAN;
    if (o->layers && web_layers_load(&L, o->layers, err))
        return cli_fail("plot", err);
    double org[3] = {25.0, 45.0, 0};
    if (o->have_origin)
        memcpy(org, o->origin, sizeof org);
    else if (isfinite(L.origin[0]))
        memcpy(org, L.origin, sizeof org);
    geo_frame f;
    geo_frame_init(&f, org[0], org[1], org[2]);
    paths tk = {0}, tr = {0};
    int rc = 0;
    const char *id = o->id_col;
    if (!id) { /* a tracker's file has track_id, a node's picture.csv stn */
        sw_csv *c;
        id = "track_id";
        if (!sw_csv_open(&c, o->tracks, NULL)) {
            if (sw_csv_col(c, "track_id") < 0 && sw_csv_col(c, "stn") >= 0)
                id = "stn";
            sw_csv_close(c);
        }
    }
    if (load_paths(o->tracks, id, &f, 0, &tk, err) ||
        (o->truth && load_paths(o->truth, "target_id", &f, 1, &tr, err))) {
        rc = cli_fail("plot", err);
    } else {
        web_picture pic;
        memset(&pic, 0, sizeof pic);
        pic.title = o->title;
        pic.truth = tr.p;
        pic.n_truth = tr.n;
        pic.tracks = tk.p;
        pic.n_tracks = tk.n;
        pic.areas = L.areas;
        pic.n_areas = L.n_areas;
        pic.radars = L.radars;
        pic.n_radars = L.n_radars;
        if (web_chart_picture(o->out, &pic, err))
            rc = cli_fail("plot", err);
        else
            printf("plot: %s (%zu tracks over %zu truth paths)\n", o->out, tk.n, tr.n);
    }
    free_paths(&tk);
    free_paths(&tr);
    web_layers_free(&L);
    return rc;
}

/* Reads the named columns of a CSV; empty fields are NAN. */
static sw_rc read_columns(const char *file, const char **names, int k, double **cols, size_t *n,
                          sw_err *err)
{
    sw_csv *c;
    sw_rc rc = sw_csv_open(&c, file, err);
    if (rc)
        return rc;
    int ix[PLOT_MAX_SERIES + 8];
    for (int j = 0; j < k; j++)
        if ((rc = sw_csv_need(c, names[j], &ix[j], err))) {
            sw_csv_close(c);
            return rc;
        }
    size_t cap = 1024;
    *n = 0;
    for (int j = 0; j < k; j++)
        cols[j] = malloc(cap * sizeof **cols);
    int r;
    while ((r = sw_csv_next(c, err)) == 1) {
        if (*n == cap) {
            cap *= 2;
            for (int j = 0; j < k; j++)
                cols[j] = realloc(cols[j], cap * sizeof **cols);
        }
        for (int j = 0; j < k; j++)
            if ((rc = sw_csv_num_or(c, ix[j], NAN, &cols[j][*n], err))) {
                sw_csv_close(c);
                return rc;
            }
        (*n)++;
    }
    sw_csv_close(c);
    return r < 0 ? r : SW_OK;
}

static int plot_series(const popts *o, sw_err *err)
{
    if (!o->csv || !o->y) {
        fprintf(stderr, "skyweave plot series: --csv FILE and --y COL[,COL...] are required\n");
        return 2;
    }
    char ys[512];
    snprintf(ys, sizeof ys, "%s", o->y);
    const char *names[PLOT_MAX_SERIES + 1] = {o->x};
    int k = 1;
    for (char *tok = strtok(ys, ","); tok && k <= PLOT_MAX_SERIES; tok = strtok(NULL, ","))
        names[k++] = tok;
    double *cols[PLOT_MAX_SERIES + 1] = {0};
    size_t n = 0;
    int rc = 0;
    if (read_columns(o->csv, names, k, cols, &n, err)) {
        rc = cli_fail("plot", err);
    } else {
        web_series s[PLOT_MAX_SERIES];
        for (int j = 1; j < k; j++)
            s[j - 1] = (web_series){names[j], cols[0], cols[j], n, 0};
        web_chart_opts co;
        web_chart_opts_init(&co);
        co.title = o->title;
        co.xlabel = o->x;
        co.ylabel = o->ylabel;
        co.ymin = o->ymin;
        co.ymax = o->ymax;
        if (web_chart_lines(o->out, &co, s, k - 1, err))
            rc = cli_fail("plot", err);
        else
            printf("plot: %s (%d series, %zu points)\n", o->out, k - 1, n);
    }
    for (int j = 0; j < k; j++)
        free(cols[j]);
    return rc;
}

static int plot_timeline(const popts *o, sw_err *err)
{
    if (!o->csv) {
        fprintf(stderr, "skyweave plot timeline: --csv FILE is required\n");
        return 2;
    }
    sw_csv *c;
    if (sw_csv_open(&c, o->csv, err))
        return cli_fail("plot", err);
    static const char *tc[] = {"t_launch", "t_detect", "t_warn", "t_ack", "t_impact"};
    int ix[5], ith, ina, rc = 0;
    if (sw_csv_need(c, "threat", &ith, err) || sw_csv_need(c, "nation", &ina, err)) {
        sw_csv_close(c);
        return cli_fail("plot", err);
    }
    for (int j = 0; j < 5; j++)
        ix[j] = sw_csv_col(c, tc[j]);
    web_tl_row *rows = NULL;
    int n = 0, r;
    while ((r = sw_csv_next(c, err)) == 1) {
        web_tl_row *nr = realloc(rows, (size_t)(n + 1) * sizeof *rows);
        if (!nr)
            break;
        rows = nr;
        web_tl_row *w = &rows[n++];
        memset(w, 0, sizeof *w);
        snprintf(w->threat, sizeof w->threat, "%s", sw_csv_str(c, ith));
        snprintf(w->nation, sizeof w->nation, "%s", sw_csv_str(c, ina));
        double *v[5] = {&w->t_launch, &w->t_detect, &w->t_warn, &w->t_ack, &w->t_impact};
        for (int j = 0; j < 5 && r == 1; j++)
            if (sw_csv_num_or(c, ix[j], NAN, v[j], err))
                r = -1;
        if (r < 0)
            break;
    }
    sw_csv_close(c);
    if (r < 0 || web_chart_timeline(o->out, o->title, rows, n, o->t0, err))
        rc = cli_fail("plot", err);
    else
        printf("plot: %s (%d threat-nation rows)\n", o->out, n);
    free(rows);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    if (argc < 2 || cli_wants_help(argc, argv)) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    popts o;
    if (parse(argc, argv, &o))
        return 2;
    sw_err err = {0};
    if (!strcmp(argv[1], "picture"))
        return plot_picture(&o, &err);
    if (!strcmp(argv[1], "series"))
        return plot_series(&o, &err);
    if (!strcmp(argv[1], "timeline"))
        return plot_timeline(&o, &err);
    fprintf(stderr, "skyweave plot: unknown picture '%s' (picture, series, timeline)\n", argv[1]);
    return 2;
}
