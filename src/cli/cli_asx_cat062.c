/* cli/cli_asx_cat062.c - `skyweave asterix cat062 TRACKS.csv`: a tracks file as CAT062, into a
 * pcap and/or over UDP (what a node sends to legacy displays, from a file). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_asterix.h"
#include "cli_util.h"
#include "core/records.h"
#include "core/time.h"
#include "ingest/ing_out.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: skyweave asterix cat062 TRACKS.csv --origin LAT,LON,ALT [--pcap OUT.pcap]\n"
               "         [--udp HOST:PORT] [--epoch T|ISO] [--sac N] [--sic N] [--sd-m S]\n\n"
               "Writes every row of a tracks file (time_s,track_id,x_m,y_m[,z_m],vx_mps,vy_mps\n"
               "[,vz_mps], ENU about --origin) as a CAT062 1.19 record; rows of the same time\n"
               "share datagrams.  --epoch: the absolute time of time_s = 0 (s since 1970 or\n"
               "ISO 8601, default 0), for I062/070.  --sd-m: position sigma for I062/500\n"
               "(default 100 m; velocity sigma = S/20 m/s).  SAC/SIC default 0/1.\n");
}

int cli_asterix_cat062(int argc, char **argv)
{
    const char *tracks = NULL;
    double org[3], epoch = 0, sd = 100, v;
    int has_org = 0;
    ing_cat062_cfg cfg = {0, 1, 0, {0}, NULL, NULL, 0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        if (a[0] != '-') {
            tracks = a;
            continue;
        }
        if (!val) {
            fprintf(stderr, "skyweave asterix cat062: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (!strcmp(a, "--origin")) {
            if (cli_latlonalt("asterix cat062", a, val, org))
                return 2;
            has_org = 1;
        } else if (!strcmp(a, "--pcap")) {
            cfg.pcap = val;
        } else if (!strcmp(a, "--udp")) {
            cfg.udp_to = val;
        } else if (!strcmp(a, "--epoch")) {
            if (sw_time_parse_iso(val, &epoch) && cli_num("asterix cat062", a, val, &epoch))
                return 2;
        } else if (!strcmp(a, "--sac") || !strcmp(a, "--sic")) {
            if (cli_num("asterix cat062", a, val, &v) || v < 0 || v > 255)
                return 2;
            *(a[3] == 'a' ? &cfg.sac : &cfg.sic) = (int)v;
        } else if (!strcmp(a, "--sd-m")) {
            if (cli_num("asterix cat062", a, val, &sd) || sd <= 0)
                return 2;
        } else {
            fprintf(stderr, "skyweave asterix cat062: unknown option '%s'\n", a);
            return 2;
        }
    }
    if (!tracks || !has_org || (!cfg.pcap && !cfg.udp_to)) {
        usage(stderr);
        return 2;
    }
    geo_frame_init(&cfg.origin, org[0], org[1], org[2]);
    sw_err err;
    sw_state_reader *rd;
    if (sw_states_open(&rd, tracks, "track_id", &err))
        return cli_fail("asterix cat062", &err);
    ing_cat062 *out;
    if (ing_cat062_open(&out, &cfg, &err)) {
        sw_states_close(rd);
        return cli_fail("asterix cat062", &err);
    }
    sw_state_row row;
    sw_track t;
    double t_prev = NAN;
    int rc, status = 0;
    while ((rc = sw_states_next(rd, &row, &err)) > 0) {
        if (row.t != t_prev && !isnan(t_prev) && ing_cat062_flush(out, &err)) {
            status = cli_fail("asterix cat062", &err);
            break;
        }
        t_prev = row.t;
        memset(&t, 0, sizeof t);
        t.id = row.id;
        t.status = SW_TRK_CONFIRMED;
        t.dim = (uint8_t)row.dim;
        t.t = t.t_update = t.t_first = epoch + row.t;
        memcpy(t.x, row.x, sizeof t.x);
        for (int k = 0; k < 6; k++)
            t.P[7 * k] = k < 3 ? sd * sd : sd * sd / 400;
        if (ing_cat062_track(out, &t, &err)) {
            status = cli_fail("asterix cat062", &err);
            break;
        }
    }
    if (rc < 0)
        status = cli_fail("asterix cat062", &err);
    long recs = ing_cat062_records(out), dgs;
    if (ing_cat062_flush(out, &err) && !status)
        status = cli_fail("asterix cat062", &err);
    dgs = ing_cat062_datagrams(out);
    if (ing_cat062_close(out, &err) && !status)
        status = cli_fail("asterix cat062", &err);
    sw_states_close(rd);
    if (!status)
        fprintf(stderr, "skyweave asterix cat062: %ld records in %ld datagrams\n", recs, dgs);
    return status;
}
