/* fuzz/fuzz_wrn_receive.c - warning messages and acknowledgements from the network as arbitrary
 * bytes (a partner, or an attacker with a partner's credentials, controls every field): the
 * engine must reject or absorb them without crashing, and never count more than it holds. */
#include "warn/wrn_engine.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void sink(void *ctx, const wrn_event *ev)
{
    (void)ctx;
    (void)ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wrn_engine *e;
    static wrn_areas areas;
    if (!e) {
        wrn_areas_init(&areas);
        wrn_areas_add_circle(&areas, "QA", "Doha", 1, 25.29, 51.53, 25e3, NULL);
        geo_frame f;
        geo_frame_init(&f, 25.0, 51.0, 0);
        wrn_config c;
        wrn_config_default(&c);
        memcpy(c.self, "QA", 3);
        c.max_warnings = 64;
        wrn_sink s = {NULL, sink};
        if (wrn_engine_create(&e, &c, &areas, &f, &s, NULL))
            return 0;
    }
    double now = 1.8e9;
    while (size >= 1 + sizeof(sw_warning)) {
        if (data[0] & 1) {
            wrn_ack a;
            memcpy(&a, data + 1, sizeof a);
            wrn_engine_ack(e, &a, now);
        } else {
            sw_warning w;
            memcpy(&w, data + 1, sizeof w);
            wrn_engine_receive(e, &w, now, NULL);
        }
        data += 1 + sizeof(sw_warning);
        size -= 1 + sizeof(sw_warning);
        now += 1;
    }
    wrn_engine_tick(e, now);
    wrn_status st;
    wrn_engine_status(e, now, &st);
    if (st.received_active > 64)
        __builtin_trap();
    return 0;
}
