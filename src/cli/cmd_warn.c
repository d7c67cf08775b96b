/* cli/cmd_warn.c - `skyweave warn`: the warning engine offline, on a recorded system-tracks CSV.
 *
 * The same engine a node runs, fed from a file instead of the common picture: classification,
 * impact/arrival prediction, the life cycle, CAP alerts and a signed audit log, with the file's
 * own clock.  For replaying a recording, checking a defended-area file, or producing warnings for
 * the scorecard without the network. */
#include "cli_util.h"
#include "core/cfg.h"
#include "core/csv.h"
#include "core/time.h"
#include "warn/warn.h"
#include "warn/wrn_audit.h"
#include "warn/wrn_cap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_warn_summary[] = "run the warning engine on a system-tracks CSV (offline)";

static void usage(FILE *f)
{
    fprintf(f,
        "usage: skyweave warn --tracks FILE --areas FILE --nation NATION [options]\n\n"
        "Classifies every track, predicts impact points / arrivals, and issues, updates, retracts\n"
        "and closes warnings for every nation's defended areas, as a node does.  Prints one CSV\n"
        "row per life-cycle event.\n\n"
        "  --tracks FILE        time_s,track_id,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps (common ENU\n"
        "                       frame); optional sd_x_m,sd_y_m,sd_z_m,sd_vx_mps,sd_vy_mps,sd_vz_mps,\n"
        "                       status, mode3a (octal), address (hex), callsign; rows in time order\n"
        "  --areas FILE         YAML/JSON with `defended_areas:` (and optionally `origin:`), or a\n"
        "                       GeoJSON FeatureCollection (.geojson)\n"
        "  --nation NATION      the nation whose node this is (the issuer)\n"
        "  --origin LAT,LON[,ALT]  the common frame (default: the areas file's origin)\n"
        "  --epoch ISO          UTC of time_s = 0 (default 2026-01-01T00:00:00Z)\n"
        "  --sd-pos M           position accuracy when there are no sd columns (100)\n"
        "  --sd-vel MPS         velocity accuracy when there are no sd columns (10)\n"
        "  --config FILE        a node config whose `warnings:` section sets the thresholds\n"
        "  --cap-dir DIR        write a CAP 1.2 alert per message, for every nation\n"
        "  --audit FILE         append to a signed audit log (needs --keys)\n"
        "  --keys DIR           DIR/<NATION>/audit.sk signs the audit log\n"
        "  --out FILE           the events CSV (default: standard output)\n");
}

typedef struct ctx {
    FILE *out;
    wrn_cap_out *cap;
    wrn_audit *audit;
    sw_err err;
    int failed;
    long issued;
} ctx;

static void on_event(void *p, const wrn_event *ev)
{
    static const char *const names[] = {"", "issued", "updated", "retracted", "closed", "sent",
                                        "received", "ack_sent", "acknowledged", "delivered"};
    ctx *c = p;
    const sw_warning *w = ev->w;
    if (!w || c->failed || (ev->kind == WRN_EV_SEND && ev->attempt > 0))
        return; /* offline there is no network: only the first send is recorded */
    if (ev->kind <= WRN_EV_CLOSED) {
        char t[40], a[40], id[17];
        sw_time_iso(ev->now, t, sizeof t);
        sw_time_iso(w->arrival, a, sizeof a);
        fprintf(c->out, "%s,%s,%s,%u,%s,\"%s\",%s,%u,%s,%s,%.3f,%.5f,%.5f,%.0f,%.0f,%.1f,%s,%.1f,"
                "\"%s\"\n", t, names[ev->kind], wrn_id_hex(w->id, id), w->stn, w->threatened,
                w->area, w->issuer, w->revision, wrn_state_name(w->state), wrn_class_name(w->cls),
                w->probability, w->impact_lat_deg, w->impact_lon_deg, w->ellipse_major_m,
                w->ellipse_minor_m, w->ellipse_orient_deg, a, w->arrival_sd_s,
                ev->reason ? ev->reason : "");
        c->issued += ev->kind == WRN_EV_ISSUED;
        if (c->cap && wrn_cap_out_warning(c->cap, w, ev->now, NULL, NULL, &c->err))
            c->failed = 1;
    }
    if (c->audit && !c->failed &&
        wrn_audit_log(c->audit, ev->now, names[ev->kind], w, ev->ack,
                      ev->kind == WRN_EV_SEND ? w->threatened : NULL, ev->attempt, ev->reason,
                      &c->err))
        c->failed = 1;
}

static int parse_status(const char *s)
{
    static const char *const n[] = {"tentative", "confirmed", "coasting", "deleted"};
    if (!*s)
        return SW_TRK_CONFIRMED;
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, n[i]))
            return i;
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v < 0 || v > 3 ? -1 : (int)v;
}

/* One row of the tracks file into a system track. */
static sw_rc read_row(sw_csv *csv, const int *col, double epoch, double sd_p, double sd_v,
                      sw_system_track *st, sw_err *err)
{
    memset(st, 0, sizeof *st);
    double t, id, v;
    sw_rc rc;
    if ((rc = sw_csv_num(csv, col[0], &t, err)) || (rc = sw_csv_num(csv, col[1], &id, err)))
        return rc;
    if (id < 0 || id > 4294967295.0 || id != floor(id))
        return sw_err_set(err, SW_EFORMAT, "%s:%d: track_id %g", sw_csv_path(csv),
                          sw_csv_line(csv), id);
    st->t = epoch + t;
    st->stn = (uint32_t)id;
    for (int i = 0; i < 6; i++) {
        if ((rc = sw_csv_num_or(csv, col[2 + i], 0, &st->x[i], err)) ||
            (rc = sw_csv_num_or(csv, col[8 + i], i < 3 ? sd_p : sd_v, &v, err)))
            return rc;
        st->P[i * 6 + i] = v * v;
    }
    int s = parse_status(sw_csv_str(csv, col[14]));
    if (s < 0)
        return sw_err_set(err, SW_EFORMAT, "%s:%d: status '%s'", sw_csv_path(csv),
                          sw_csv_line(csv), sw_csv_str(csv, col[14]));
    st->status = (uint8_t)s;
    const char *m = sw_csv_str(csv, col[15]), *a = sw_csv_str(csv, col[16]),
               *cs = sw_csv_str(csv, col[17]);
    if (*m) {
        st->mode3a = (uint16_t)strtol(m, NULL, 8);
        st->flags |= SW_HAS_MODE3A;
    }
    if (*a) {
        st->address = (uint32_t)strtoul(a, NULL, 16);
        st->flags |= SW_HAS_ADDRESS;
    }
    if (*cs) {
        snprintf(st->callsign, sizeof st->callsign, "%s", cs);
        st->flags |= SW_HAS_CALLSIGN;
    }
    st->t_first = st->t;
    return SW_OK;
}

static sw_rc load_areas(const char *path, wrn_areas *areas, double origin[3], int *has_origin,
                        sw_err *err)
{
    size_t n = strlen(path);
    if (n > 8 && !strcmp(path + n - 8, ".geojson"))
        return wrn_areas_load_geojson(areas, path, NULL, err);
    sw_cfg_doc *doc;
    sw_rc rc = sw_cfg_load_file(&doc, path, err);
    if (rc)
        return rc;
    const sw_cfg *root = sw_cfg_root(doc);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *sl = strrchr(dir, '/');
    if (sl)
        *sl = 0;
    else
        snprintf(dir, sizeof dir, ".");
    if (sw_cfg_get(root, "origin")) {
        *has_origin = 1;
        rc = sw_cfg_get_vec(root, "origin", 3, origin, err);
    }
    if (!rc)
        rc = wrn_areas_parse_cfg(areas, sw_cfg_get(root, "defended_areas"), NULL, dir, err);
    sw_cfg_free(doc);
    return rc;
}

int cmd_warn(int argc, char **argv)
{
    const char *tracks = NULL, *areas_path = NULL, *nation = NULL, *origin_s = NULL,
               *epoch_s = "2026-01-01T00:00:00Z", *config = NULL, *cap_dir = NULL,
               *audit_path = NULL, *keys = NULL, *out_path = NULL;
    double sd_p = 100, sd_v = 10;
    if (cli_wants_help(argc, argv)) {
        usage(stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **dst = !strcmp(o, "--tracks") ? &tracks : !strcmp(o, "--areas") ? &areas_path
                         : !strcmp(o, "--nation") ? &nation : !strcmp(o, "--origin") ? &origin_s
                         : !strcmp(o, "--epoch") ? &epoch_s : !strcmp(o, "--config") ? &config
                         : !strcmp(o, "--cap-dir") ? &cap_dir : !strcmp(o, "--audit") ? &audit_path
                         : !strcmp(o, "--keys") ? &keys : !strcmp(o, "--out") ? &out_path : NULL;
        if (!v) {
            fprintf(stderr, "skyweave warn: %s needs a value\n", o);
            return 2;
        }
        if (dst)
            *dst = v;
        else if (!strcmp(o, "--sd-pos")) {
            if (cli_num("warn", o, v, &sd_p))
                return 2;
        } else if (!strcmp(o, "--sd-vel")) {
            if (cli_num("warn", o, v, &sd_v))
                return 2;
        } else {
            fprintf(stderr, "skyweave warn: unknown option '%s'\n", o);
            usage(stderr);
            return 2;
        }
        i++;
    }
    if (!tracks || !areas_path || !nation || (audit_path && !keys)) {
        usage(stderr);
        return 2;
    }
    sw_err err = {0};
    double epoch, origin[3] = {0};
    int has_origin = 0;
    if (sw_time_parse_iso(epoch_s, &epoch)) {
        fprintf(stderr, "skyweave warn: --epoch: '%s' is not an ISO 8601 UTC time\n", epoch_s);
        return 2;
    }
    wrn_areas areas;
    wrn_areas_init(&areas);
    if (load_areas(areas_path, &areas, origin, &has_origin, &err))
        return cli_fail("warn", &err);
    if (origin_s) {
        if (cli_latlonalt("warn", "--origin", origin_s, origin))
            return 2;
        has_origin = 1;
    }
    if (!has_origin) {
        fprintf(stderr, "skyweave warn: no origin: give --origin or `origin:` in the areas file\n");
        return 2;
    }
    geo_frame frame;
    geo_frame_init(&frame, origin[0], origin[1], origin[2]);
    wrn_config wc;
    wrn_config_default(&wc);
    snprintf(wc.self, sizeof wc.self, "%s", nation);
    if (config) {
        sw_cfg_doc *doc;
        if (sw_cfg_load_file(&doc, config, &err))
            return cli_fail("warn", &err);
        sw_rc rc = wrn_config_parse(&wc, sw_cfg_get(sw_cfg_root(doc), "warnings"), &err);
        sw_cfg_free(doc);
        if (rc)
            return cli_fail("warn", &err);
    }
    ctx c = {.out = stdout};
    int status = 1;
    wrn_engine *e = NULL;
    sw_csv *csv = NULL;
    if (out_path && !(c.out = fopen(out_path, "w"))) {
        fprintf(stderr, "skyweave warn: cannot write %s\n", out_path);
        wrn_areas_free(&areas);
        return 1;
    }
    if (cap_dir) {
        wrn_cap_cfg cc;
        wrn_cap_cfg_default(&cc, nation);
        snprintf(cc.dir, sizeof cc.dir, "%s", cap_dir);
        cc.all_nations = 1;
        if (wrn_cap_out_create(&c.cap, &cc, &areas, &err))
            goto done;
    }
    if (audit_path) {
        uint8_t sk[WRN_SK_BYTES], pk[WRN_PK_BYTES];
        if (wrn_keys_load(keys, nation, sk, pk, &err) ||
            wrn_audit_open(&c.audit, audit_path, nation, sk, WRN_AUDIT_SYNC_ENTRY, sw_time_now(),
                           &err))
            goto done;
    }
    wrn_sink sink = {&c, on_event};
    if (wrn_engine_create(&e, &wc, &areas, &frame, &sink, &err) ||
        sw_csv_open(&csv, tracks, &err))
        goto done;
    static const char *const names[] = {"time_s", "track_id", "x_m", "y_m", "z_m", "vx_mps",
                                        "vy_mps", "vz_mps", "sd_x_m", "sd_y_m", "sd_z_m",
                                        "sd_vx_mps", "sd_vy_mps", "sd_vz_mps", "status", "mode3a",
                                        "address", "callsign"};
    int col[18];
    for (int i = 0; i < 18; i++)
        col[i] = sw_csv_col(csv, names[i]);
    for (int i = 0; i < 7; i++)
        if (i != 4 && sw_csv_need(csv, names[i], &col[i], &err))
            goto done;
    fprintf(c.out, "time_utc,event,warning_id,stn,threatened,area,issuer,revision,state,class,"
                   "probability,impact_lat_deg,impact_lon_deg,major_m,minor_m,orient_deg,"
                   "arrival_utc,arrival_sd_s,reason\n");
    double t_prev = -INFINITY;
    long rows = 0;
    int r;
    while ((r = sw_csv_next(csv, &err)) == 1) {
        sw_system_track st;
        if (read_row(csv, col, epoch, sd_p, sd_v, &st, &err))
            goto done;
        if (st.t < t_prev) {
            sw_err_set(&err, SW_EORDER, "%s:%d: time goes back (%.3f after %.3f)", tracks,
                       sw_csv_line(csv), st.t - epoch, t_prev - epoch);
            goto done;
        }
        if (st.t > t_prev && isfinite(t_prev))
            wrn_engine_tick(e, t_prev);
        t_prev = st.t;
        wrn_engine_track(e, &st, st.t);
        rows++;
        if (c.failed)
            goto done;
    }
    if (r < 0)
        goto done;
    if (isfinite(t_prev))
        for (double t = t_prev; t <= t_prev + wc.lost_s + wc.close_after_s + 2; t += 1)
            wrn_engine_tick(e, t);
    if (c.failed)
        goto done;
    wrn_status ws;
    wrn_engine_status(e, t_prev, &ws);
    fprintf(stderr, "skyweave warn: %ld track rows, %ld warnings issued (%llu updates, %llu "
                    "retracted, %llu closed)\n", rows, c.issued, (unsigned long long)ws.updated,
            (unsigned long long)ws.retracted, (unsigned long long)ws.closed);
    status = 0;
done:
    if (status && c.failed)
        err = c.err;
    if (c.audit) {
        sw_err e2;
        if (wrn_audit_close(c.audit, sw_time_now(), &e2) && !status)
            err = e2, status = 1;
    }
    if (status)
        cli_fail("warn", &err);
    sw_csv_close(csv);
    wrn_engine_free(e);
    wrn_cap_out_free(c.cap, 5.0);
    if (c.out != stdout)
        fclose(c.out);
    wrn_areas_free(&areas);
    return status;
}
