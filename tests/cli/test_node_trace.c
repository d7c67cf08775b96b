/* tests/cli/test_node_trace.c - where the node's latency goes (cli_node_trace.c, SW_NODE_TRACE):
 * a sample's wait is split over the phases of the loop turns it overlapped and the parts add up to
 * its wait; a phase that ran long is listed with its wall time, the thread's CPU in it and the DDS
 * writes in it; with SW_NODE_TRACE unset every call is a no-op. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/sw_test.h"
#include "cli/cli_node_trace.h"

static int read_lines(const char *path, char lines[][256], int max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = 0;
    while (n < max && fgets(lines[n], 256, f))
        n++;
    fclose(f);
    return n;
}

/* "kind,lat,src,p0..p8" -> values */
static void parse(const char *line, char *kind, double v[11])
{
    const char *c = strchr(line, ',');
    size_t k = (size_t)(c - line);
    memcpy(kind, line, k);
    kind[k] = 0;
    for (int i = 0; i < 11; i++) {
        v[i] = strtod(c + 1, NULL);
        c = strchr(c + 1, ',');
        if (!c && i < 10)
            fail_msg("short line: %s", line);
    }
}

static void test_split(void **state)
{
    (void)state;
    char path[64], lng[80];
    sw_test_tmp(path, "trace.csv");
    snprintf(lng, sizeof lng, "%s.long", path);
    setenv("SW_NODE_TRACE", path, 1);
    node_trace *tr = node_trace_open();
    assert_non_null(tr);
    /* turn 1 from 100.000 s: inputs to 100.001, fusion to 100.004 (3 ms: a long stretch, with two
     * writes of 0.5 ms in it), the rest nothing, then blocked in the waitset to 100.010 */
    node_trace_turn(tr, 100.000);
    node_trace_mark(tr, NT_IN, 100.001);
    node_trace_write(tr, 0.0005);
    node_trace_write(tr, 0.0005);
    node_trace_mark(tr, NT_FUSE, 100.004);
    for (int p = NT_WARN; p <= NT_FLUSH; p++)
        node_trace_mark(tr, p, 100.004);
    node_trace_mark(tr, NT_WAIT, 100.010);
    /* a partner's sample written at 100.0005 (its plot came in 2 ms before), fused at 100.0105 */
    node_trace_sample(tr, true, 0.0120, 0.0020, 100.0005, 100.0105);
    node_trace_mark(tr, NT_RX, 100.011);
    /* turn 2: inputs to 100.0115; an own row due at 100.0095 is fused at 100.0113 */
    node_trace_turn(tr, 100.011);
    node_trace_sample(tr, false, 0.0018, 0, 100.0095, 100.0113);
    node_trace_mark(tr, NT_IN, 100.0115);
    node_trace_close(tr);
    unsetenv("SW_NODE_TRACE");

    char lines[8][256];
    assert_int_equal(read_lines(path, lines, 8), 3);
    assert_non_null(strstr(lines[0], "kind,lat_ms,src_ms,inputs,fusion,warn,picture,status,tick,"
                                     "flush,wait,rx"));
    char kind[16];
    double v[11];
    parse(lines[1], kind, v);
    assert_string_equal(kind, "partner");
    assert_near(v[0], 12.0, 1e-3);
    assert_near(v[1], 2.0, 1e-3);
    assert_near(v[2 + NT_IN], 0.5, 1e-3);   /* 100.0005 .. 100.001 */
    assert_near(v[2 + NT_FUSE], 3.0, 1e-3); /* 100.001 .. 100.004 */
    assert_near(v[2 + NT_WAIT], 6.0, 1e-3); /* 100.004 .. 100.010 */
    assert_near(v[2 + NT_RX], 0.5, 1e-3);   /* the batch before it */
    double sum = 0;
    for (int p = 0; p < NT_N; p++)
        sum += v[2 + p];
    assert_near(sum, 10.0, 1e-3); /* write -> fused, all of it */
    parse(lines[2], kind, v);
    assert_string_equal(kind, "own");
    /* 100.0095 .. 100.0113: 0.5 ms still blocked, 1 ms in the batch, 0.3 ms of the next inputs */
    assert_near(v[2 + NT_WAIT], 0.5, 1e-3);
    assert_near(v[2 + NT_RX], 1.0, 1e-3);
    assert_near(v[2 + NT_IN], 0.3, 1e-3);
    assert_near(v[2 + NT_FUSE], 0, 1e-6);

    int n = read_lines(lng, lines, 8);
    assert_true(n >= 2);
    int found = 0;
    for (int i = 1; i < n; i++)
        if (strstr(lines[i], ",fusion,")) {
            double at = strtod(lines[i], NULL);
            const char *c = strstr(lines[i], ",fusion,") + 8;
            double wall = strtod(c, (char **)&c);
            double cpu = strtod(c + 1, (char **)&c);
            double wr = strtod(c + 1, (char **)&c);
            double nw = strtod(c + 1, NULL);
            assert_near(at, 0.004, 1e-4);
            assert_near(wall, 3.0, 1e-3);
            assert_true(cpu >= 0 && cpu < 1000);
            assert_near(wr, 1.0, 1e-3);
            assert_near(nw, 2, 0);
            found++;
        }
    assert_int_equal(found, 1);
    /* the 6 ms in the waitset is a long stretch too (blocked: by design, listed apart) */
    unlink(path);
    unlink(lng);
}

static void test_off(void **state)
{
    (void)state;
    unsetenv("SW_NODE_TRACE");
    node_trace *tr = node_trace_open();
    assert_null(tr);
    node_trace_turn(tr, 1);
    node_trace_mark(tr, NT_IN, 2);
    node_trace_write(tr, 1);
    node_trace_sample(tr, true, 1, 0, 1, 2);
    node_trace_close(tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
