/* fuzz/fuzz_wrn_geojson.c - defended areas from arbitrary GeoJSON bytes, and the probability
 * quadrature over whatever areas came out. */
#include "warn/wrn_area.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wrn_areas s;
    wrn_areas_init(&s);
    sw_err err;
    wrn_areas_parse_geojson(&s, (const char *)data, size, "fuzz.geojson", "QA", &err);
    const double C[4] = {1e8, 0, 0, 4e8};
    for (int i = 0; i < s.n && i < 4; i++) {
        double p = wrn_area_prob(&s.a[i], s.a[i].lat_deg, s.a[i].lon_deg, C);
        if (!(p >= 0 && p <= 1))
            __builtin_trap();
    }
    wrn_areas_free(&s);
    return 0;
}
