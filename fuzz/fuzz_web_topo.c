/* fuzz/fuzz_web_topo.c - the TopoJSON reader behind the demo's map pictures (web/charts.h):
 * arbitrary bytes as a topology, decoded (quantised delta arcs, rings of arc indexes with ~i
 * reversal, Polygon/MultiPolygon geometries) and drawn on a small image. */
#include <stddef.h>
#include <stdint.h>

#include "web/web_chart_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_err err;
    chart_topo_render((const char *)data, size, 64, 48, &err);
    return 0;
}
