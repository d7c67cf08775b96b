/* fuzz/fuzz_score.c - `skyweave score` on arbitrary input: the bytes before the first NUL are
 * the truth CSV, the rest the tracks CSV (also read as a node picture).  Bad files must give an
 * error, never a crash, a hang or a sanitizer report; good ones are scored and turned to JSON. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics/metrics.h"

static int write_file(const char *path, const uint8_t *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(d, 1, n, f);
    return fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char tp[64], kp[64];
    snprintf(tp, sizeof tp, "/tmp/fuzz_score_%d_truth.csv", (int)getpid());
    snprintf(kp, sizeof kp, "/tmp/fuzz_score_%d_tracks.csv", (int)getpid());
    const uint8_t *nul = memchr(data, 0, size);
    size_t nt_bytes = nul ? (size_t)(nul - data) : size;
    if (write_file(tp, data, nt_bytes) ||
        write_file(kp, nul ? nul + 1 : data, nul ? size - nt_bytes - 1 : 0))
        return 0;
    sw_state_row *truth = NULL, *tracks = NULL, *pic = NULL;
    size_t nt = 0, nk = 0, np = 0;
    int td = 2, kd = 2, pd = 2;
    sw_err err;
    if (met_states_load(tp, "target_id", &truth, &nt, &td, &err) == SW_OK) {
        if (met_states_load(kp, "track_id", &tracks, &nk, &kd, &err) == SW_OK) {
            met_score_opts o;
            met_score_defaults(&o);
            o.c = 50;
            o.p = 2;
            o.switch_lambda = 10;
            o.assoc.threshold_m = 100;
            met_score s;
            if (met_score_run(truth, nt, td, tracks, nk, kd, &o, NULL, NULL, &s, &err) == SW_OK)
                free(met_score_json(&s, &o.assoc, tp, kp, NULL, 0));
        }
        /* the same bytes as a node picture (id column "stn") when they have one */
        if (met_states_load(kp, "stn", &pic, &np, &pd, &err) == SW_OK) {
            met_picture p[2] = {{"A", pic, np}, {"B", pic, np}};
            met_assoc_cfg ac = {100, 2, 2};
            met_commonality c;
            met_commonality_run(truth, nt, p, 2, &ac, 0, td < pd ? td : pd, &c, &err);
        }
    }
    free(truth);
    free(tracks);
    free(pic);
    unlink(tp);
    unlink(kp);
    return 0;
}
