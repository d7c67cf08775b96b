/* cli/cli_demo_report.c - the end of a demo: score the picture against the truth, write the
 * scorecard (ARCHITECTURE §3; figures not produced are left out), the CSV files and the pictures,
 * and print a summary a person can read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_demo.h"
#include "geo/geo.h"
#include "geo/sensors.h"
#include "web/charts.h"

typedef struct series {
    double *t, *v;
    size_t n, cap;
} series;

static int series_step(void *ctx, const met_score_step *s)
{
    series *a = ctx;
    if (s->gap_fill)
        return 0;
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        double *t = realloc(a->t, cap * sizeof *t), *v;
        if (!t)
            return 1;
        a->t = t;
        if (!(v = realloc(a->v, cap * sizeof *v)))
            return 1;
        a->v = v;
        a->cap = cap;
    }
    a->t[a->n] = s->t;
    a->v[a->n++] = s->ospa.ospa;
    return 0;
}


static void write_rows(const char *dir, const char *name, const char *idcol, const demo_rows *r)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "time_s,%s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,class\n", idcol);
    for (size_t i = 0; i < r->n; i++) {
        const sw_state_row *w = &r->v[i];
        fprintf(f, "%.3f,%u,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%s\n", w->t, w->id, w->x[0], w->x[1],
                w->x[2], w->x[3], w->x[4], w->x[5], sw_class_name(w->cls));
    }
    fclose(f);
}

/* Paths on the map for every id of rows (sorted by time), keeping the last `keep_s` seconds. */
static web_pic_path *paths(const demo_rows *r, const geo_frame *o, double keep_s, size_t *np,
                           int truth)
{
    double tend = r->n ? r->v[r->n - 1].t : 0;
    uint32_t *ids = NULL;
    size_t nid = 0, cap = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->v[i].t < tend - keep_s)
            continue;
        size_t k;
        for (k = 0; k < nid && ids[k] != r->v[i].id; k++) {
        }
        if (k == nid) {
            if (nid == cap) {
                cap = cap ? 2 * cap : 256;
                ids = realloc(ids, cap * sizeof *ids);
            }
            ids[nid++] = r->v[i].id;
        }
    }
    web_pic_path *p = calloc(nid ? nid : 1, sizeof *p);
    for (size_t k = 0; k < nid; k++) {
        size_t n = 0;
        for (size_t i = 0; i < r->n; i++)
            n += r->v[i].id == ids[k] && r->v[i].t >= tend - keep_s;
        double *lat = malloc(n * sizeof *lat), *lon = malloc(n * sizeof *lon);
        size_t j = 0;
        int cls = -1;
        for (size_t i = 0; i < r->n; i++)
            if (r->v[i].id == ids[k] && r->v[i].t >= tend - keep_s) {
                double h;
                geo_enu_to_lla(o, r->v[i].x, &lat[j], &lon[j], &h);
                cls = r->v[i].cls;
                j++;
            }
        p[k] = (web_pic_path){.id = ids[k], .cls = truth ? -1 : cls, .lat = lat, .lon = lon, .n = n};
    }
    free(ids);
    *np = nid;
    return p;
}

static void free_paths(web_pic_path *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((void *)p[i].lat);
        free((void *)p[i].lon);
    }
    free(p);
}

static void pictures(const demo_opts *o, demo_run *run, const series *ospa)
{
    char path[1024];
    sw_err err = {0};
    web_chart_opts co;
    web_chart_opts_init(&co);
    co.title = "OSPA of the common picture against the truth (c = 1000 m, p = 1)";
    co.xlabel = "scenario time (s)";
    co.ylabel = "OSPA (m)";
    co.ymin = 0;
    web_series s = {.name = "OSPA", .t = ospa->t, .v = ospa->v, .n = ospa->n};
    snprintf(path, sizeof path, "%s/ospa.png", o->workdir);
    if (ospa->n && web_chart_lines(path, &co, &s, 1, &err))
        fprintf(stderr, "skyweave demo: %s: %s\n", path, err.msg);

    const sim_scenario *sc = run->sc;
    const geo_frame *org = sim_scenario_origin(sc);
    size_t nt, nk;
    web_pic_path *tp = paths(&run->truth, org, 300, &nt, 1);
    web_pic_path *kp = paths(&run->tracks, org, 300, &nk, 0);
    int na = sim_area_count(sc), nr = sim_sensor_count(sc);
    web_area *areas = calloc((size_t)na + 1, sizeof *areas);
    web_radar *radars = calloc((size_t)nr + 1, sizeof *radars);
    for (int i = 0; i < na; i++) {
        const sim_area *a = sim_area_info(sc, i);
        web_area *w = &areas[i];
        snprintf(w->nation, sizeof w->nation, "%s", a->nation);
        snprintf(w->name, sizeof w->name, "%.31s", a->name);
        w->priority = a->priority;
        if (a->is_circle) {
            w->center_lat_deg = a->lat_deg;
            w->center_lon_deg = a->lon_deg;
            w->radius_m = a->radius_m;
        } else {
            w->n_pts = a->n < WEB_AREA_MAX_PTS ? a->n : WEB_AREA_MAX_PTS;
            memcpy(w->pts, a->poly, sizeof(double) * 2 * (size_t)w->n_pts);
        }
    }
    for (int i = 0; i < nr; i++) {
        const sw_sensor *s = sim_sensor_info(sc, i);
        web_radar *w = &radars[i];
        snprintf(w->nation, sizeof w->nation, "%s", s->nation);
        snprintf(w->name, sizeof w->name, "%s", s->name);
        snprintf(w->type, sizeof w->type, "%s", geo_sensor_type_name(s->type));
        w->lat_deg = s->lat_deg;
        w->lon_deg = s->lon_deg;
        w->range_m = s->range_max_m;
    }
    web_picture pic = {.title = "The common air picture at the end: tracks (symbols) over truth "
                                "(grey), last 5 minutes",
                       .truth = tp, .n_truth = nt, .tracks = kp, .n_tracks = nk, .areas = areas,
                       .n_areas = na, .radars = radars, .n_radars = nr};
    snprintf(path, sizeof path, "%s/picture.png", o->workdir);
    if (web_chart_picture(path, &pic, &err))
        fprintf(stderr, "skyweave demo: %s: %s\n", path, err.msg);
    free_paths(tp, nt);
    free_paths(kp, nk);
    free(areas);
    free(radars);
}

int demo_report(const demo_opts *o, demo_run *run)
{
    sw_err err = {0};
    sw_states_sort(run->tracks.v, run->tracks.n);
    sw_states_sort(run->truth.v, run->truth.n);
    write_rows(o->workdir, "truth.csv", "target_id", &run->truth);
    write_rows(o->workdir, "tracks.csv", "track_id", &run->tracks);

    met_score_opts so;
    met_score_defaults(&so);
    met_score sc;
    series ospa = {0};
    if (met_score_run(run->truth.v, run->truth.n, 3, run->tracks.v, run->tracks.n, 3, &so,
                      series_step, &ospa, &sc, &err)) {
        fprintf(stderr, "skyweave demo: scoring: %s\n", err.msg);
        return 1;
    }
    met_scorecard *card;
    if (met_scorecard_new(&card, &err))
        return 1;
    met_scorecard_set_scenario(card, sim_scenario_name(run->sc));
    met_scorecard_set_duration(card, run->duration);
    for (int i = 0; i < run->n_nodes; i++)
        met_scorecard_add_node(card, run->node_names[i]);
    met_scorecard_set_tracking(card, &sc);
    demo_net_summary ns;
    if (run->n_nodes && demo_report_network(o, run, card, &ns))
        return 1;
    demo_warn_summary ws = {0};
    int have_w = run->n_nodes && demo_report_warnings(o, run, card, &ws) == 0;
    char path[1024];
    const char *out = o->scorecard;
    if (!out) {
        snprintf(path, sizeof path, "%s/scorecard.json", o->workdir);
        out = path;
    }
    int status = 0;
    if (met_scorecard_write(card, out, &err)) {
        fprintf(stderr, "skyweave demo: %s\n", err.msg);
        status = 1;
    }
    met_scorecard_free(card);
    pictures(o, run, &ospa);

    const met_siap *s = &sc.siap;
    if (run->wall_s > 0)
        printf("\n== skyweave demo: %s, %.0f s of scenario in %.1f s wall (%.0fx real time)\n",
               sim_scenario_name(run->sc), run->duration, run->wall_s,
               run->duration / fmax(run->wall_s, 1e-3));
    else
        printf("\n== skyweave demo: %s, %.0f s of scenario (scored again from %s)\n",
               sim_scenario_name(run->sc), run->duration, o->workdir);
    if (run->plots)
        printf("   plots tracked      %ld\n", run->plots);
    printf("   OSPA mean          %.1f m   (c = %.0f m, p = %.0f; 0 is perfect)\n", sc.ospa_mean,
           sc.c, sc.p);
    printf("   GOSPA mean         %.1f m\n", sc.gospa_mean);
    printf("   completeness       %.3f   (share of real objects that have a track; 1 is best)\n",
           s->completeness);
    printf("   ambiguity          %.3f   (tracks per tracked object; 1 is best)\n", s->ambiguity);
    printf("   spuriousness       %.3f   (share of tracks matching no object; 0 is best)\n",
           s->spuriousness);
    printf("   position accuracy  %.1f m,  velocity accuracy %.1f m/s\n", s->position_accuracy_m,
           s->velocity_accuracy_mps);
    printf("   continuity         %.4f track-number changes per target-second, longest segment %.3f\n",
           s->track_number_changes_per_target_s, s->longest_segment);
    if (run->n_nodes) {
        printf("   commonality        %.4f   (objects every node holds under the same track "
               "number, from t = %.0f s when the mesh had settled; 1 is best)\n", ns.commonality,
               ns.commonality_from_s);
        printf("   node agreement     %.4f,  lowest node completeness %.3f\n", ns.node_agreement,
               ns.completeness_min);
        if (ns.best_single >= 0)
            printf("   best nation alone  completeness %.3f (%s's own sensors): the fused picture "
                   "is %s at every node\n", ns.best_single_c, run->node_names[ns.best_single],
                   ns.completeness_min >= ns.best_single_c ? "as good or better" : "WORSE");
        if (isfinite(ns.lat_p50_ms))
            printf("   latency            p50 %.1f ms, p99 %.1f ms (plot in -> fused track at a "
                   "partner)\n", ns.lat_p50_ms, ns.lat_p99_ms);
        if (ns.reg_radars)
            printf("   registration       %d radars paired with ADS-B, %d corrected; largest "
                   "offsets %.1f m and %.3f deg (each node's summary.json)\n", ns.reg_radars,
                   ns.reg_applied, ns.reg_max_range_m, ns.reg_max_az_deg);
    }
    if (have_w) {
        printf("   warnings           %d of %d (threat, threatened nation) pairs warned, %d missed, "
               "%d false, %d retracted boost-corridor\n", ws.warned, ws.pairs, ws.missed,
               ws.false_warnings, ws.boost_retracted);
        if (isfinite(ws.lead_ratio_min))
            printf("                      lead time >= %.0f %% of (impact - first detection); "
                   "warned <= %.1f s after the first confirmed track\n",
                   100 * ws.lead_ratio_min, ws.after_confirm_max);
        if (ws.ipp_threats)
            printf("   impact error       km at 1, 2, 3 ... minutes before impact (the prediction "
                   "standing then; * = truth outside its 99 %% ellipse, - = none yet)\n"
                   "                      %s\n", ws.ipp);
    }
    printf("   scorecard          %s\n", out);
    printf("   pictures           %s/picture.png, %s/ospa.png%s%s%s\n", o->workdir, o->workdir,
           run->n_nodes ? ", " : "", run->n_nodes ? o->workdir : "",
           run->n_nodes ? "/commonality.png" : "");
    if (have_w && ws.timeline)
        printf("                      %s/warnings.png\n", o->workdir);
    if (have_w && ws.ipp_chart)
        printf("                      %s/ipp.png\n", o->workdir);
    free(ospa.t);
    free(ospa.v);
    return status;
}
