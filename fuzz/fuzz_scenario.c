/* fuzz/fuzz_scenario.c - scenario files: any text either loads or gives an error, never a crash
 * or a hang; what loads runs for a few simulated seconds (bounded sizes, so every input is fast). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static int sink_plot(void *ctx, const sw_plot *p)
{
    (void)p;
    (*(long *)ctx)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    /* keep recorded trajectories out of it: no file system access from fuzz input */
    if (strstr(text, "file")) {
        free(text);
        return 0;
    }
    sim_scenario *sc;
    sw_err err;
    if (sim_scenario_load_string(&sc, text, "fuzz.yaml", &err) == SW_OK) {
        if (sim_target_count(sc) <= 200 && sim_sensor_count(sc) <= 16) {
            sim_engine *e;
            sim_options o = {0};
            o.duration = 10;
            if (sim_engine_new(&e, sc, &o, &err) == SW_OK) {
                long n = 0;
                sim_sink s = {&n, sink_plot, NULL};
                sim_engine_run(e, 10, &s, &err);
                sim_engine_free(e);
            }
        }
        sim_scenario_free(sc);
    }
    free(text);
    return 0;
}
