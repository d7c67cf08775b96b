/* fuzz/fuzz_net_wire.c - what a partner (or an attacker past the DDS layer) can put in a sample:
 * arbitrary bytes in a LocalTrack / SystemTrack must be rejected or converted, never crash. */
#include "net/net.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static geo_frame f;
    static int init;
    if (!init) {
        geo_frame_init(&f, 25.3, 51.5, 0);
        init = 1;
    }
    SkyWeave_LocalTrack lt;
    SkyWeave_SystemTrack st;
    memset(&lt, 0, sizeof lt);
    memset(&st, 0, sizeof st);
    memcpy(&lt, data, size < sizeof lt ? size : sizeof lt);
    memcpy(&st, data, size < sizeof st ? size : sizeof st);
    sw_track t;
    net_report r;
    sw_err e;
    double pin;
    if (net_local_from_wire(&f, &lt, &t, &pin, &e) == SW_OK) {
        net_release rel;
        net_release_default(&rel);
        rel.floor_m = 1000;
        rel.withhold_sites = true;
        net_release_local(&rel, &lt);
    }
    if (net_report_from_wire(&f, &st, &r, &e) == SW_OK) {
        net_release rel;
        net_release_default(&rel);
        net_release_system(&rel, &st);
    }
    return 0;
}
