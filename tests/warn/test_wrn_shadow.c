/* tests/warn/test_wrn_shadow.c - identity for the primary-only shadow of a cooperative track
 * (warn/wrn_shadow.h): the duplicate of an airliner, 11 km too low, takes its identity; a
 * cruise missile a few km away or on another heading does not; no chains; order-independent. */
#include "../core/sw_test.h"
#include "warn/wrn_shadow.h"
#include "wrn_truth.h"

#include <math.h>
#include <string.h>

static geo_frame g_f;

/* a track at (lat, lon, h) heading az at v, position sd sd_p */
static sw_system_track mk(uint32_t stn, double lat, double lon, double h, double az, double v,
                          double sd_p, int coop)
{
    sw_system_track st;
    double x[6];
    tr_air(&g_f, lat, lon, h, az, v, 0, 0, x);
    tr_track(&st, stn, 100, x, sd_p, 5, NULL);
    if (coop) {
        st.flags = SW_HAS_MODE3A | SW_HAS_ADDRESS | SW_HAS_CALLSIGN | SW_HAS_MODEC;
        st.mode3a = 07730;
        st.address = 0x70da48;
        st.alt_baro_m = (float)h;
        strcpy(st.callsign, "UAE5897");
    }
    return st;
}

static void test_shadow(void **state)
{
    (void)state;
    /* far from the origin (1100 km), where the local vertical is tilted 10 deg in the frame */
    const double lat = 25.2, lon = 56.0;
    sw_system_track pic[6];
    pic[0] = mk(6000041, lat, lon, 10973, 280, 243, 60, 1);          /* the airliner */
    pic[1] = mk(1000053, lat, lon + 0.004, -400, 281, 245, 900, 0);  /* its PSR shadow */
    pic[2] = mk(1000060, lat, lon + 0.08, 40, 280, 240, 150, 0);     /* a missile 8 km behind */
    pic[3] = mk(1000061, lat + 0.01, lon, 40, 200, 240, 150, 0);     /* one crossing below it */
    pic[4] = mk(1000062, lat - 0.01, lon, -300, 280, 243, 900, 0);   /* shadow of the shadow? */
    pic[4].x[0] = pic[1].x[0] + 20000; /* no: 20 km from both */
    pic[5] = mk(6000042, 26.0, 52.0, 9000, 90, 230, 60, 1);          /* another airliner */
    int idx[12];
    sw_system_track a[6];
    memcpy(a, pic, sizeof a);
    assert_int_equal(wrn_shadow_identity(a, 6, idx), 1);
    assert_true(wrn_has_identity(&a[1]));
    assert_int_equal(a[1].address, 0x70da48);
    assert_int_equal(a[1].mode3a, 07730);
    assert_string_equal(a[1].callsign, "UAE5897");
    assert_true(a[1].alt_baro_m == pic[0].alt_baro_m);
    for (int i = 2; i < 5; i++)
        assert_false(wrn_has_identity(&a[i]));
    /* the airliner is untouched; the shadow keeps its horizontal state and takes the airliner's
     * height (its own was 11 km off) */
    assert_memory_equal(&a[0], &pic[0], sizeof pic[0]);
    geo_frame loc;
    double h0, h1, lat1, lon1, e0[3], e1[3];
    geo_enu_to_ecef(&g_f, a[0].x, e0);
    geo_enu_to_ecef(&g_f, a[1].x, e1);
    geo_ecef_to_lla(e0, &lat1, &lon1, &h0);
    geo_ecef_to_lla(e1, &lat1, &lon1, &h1);
    assert_true(fabs(h1 - h0) < 100);
    double p1[3];
    geo_enu_to_ecef(&g_f, pic[1].x, p1);
    geo_frame_init(&loc, lat1 / GEO_DEG, lon1 / GEO_DEG, 0);
    double dl[3], q0[3], q1[3];
    geo_ecef_to_enu(&loc, e1, q1);
    geo_ecef_to_enu(&loc, p1, q0);
    for (int k = 0; k < 2; k++)
        dl[k] = q1[k] - q0[k];
    assert_true(hypot(dl[0], dl[1]) < 100);
    assert_true(a[1].P[14] == pic[0].P[14]);
    for (int i = 2; i < 6; i++)
        assert_memory_equal(&a[i], &pic[i], sizeof pic[i]);
    /* any order, same answer */
    sw_system_track b[6];
    for (int i = 0; i < 6; i++)
        b[i] = pic[5 - i];
    assert_int_equal(wrn_shadow_identity(b, 6, idx), 1);
    for (int i = 0; i < 6; i++)
        assert_memory_equal(&b[5 - i], &a[i], sizeof a[i]);
    /* no chain: a second non-cooperative track near the shadow only gets nothing */
    sw_system_track c[3];
    c[0] = pic[1];
    c[1] = mk(7, lat, lon + 0.006, 0, 281, 245, 900, 0);
    c[2] = pic[0];
    c[2].x[0] += 30000; /* the airliner far away */
    assert_int_equal(wrn_shadow_identity(c, 3, idx), 0);
    /* no transponder anywhere: a military aircraft at 8 km seen by a 3-D radar (height sd 300 m)
     * and by a 2-D one (assumed height, sd 3 km): the 2-D track takes the height, no identity */
    sw_system_track d[2];
    d[0] = mk(20, 26.6, 52.4, 8000, 120, 250, 300, 0);
    d[1] = mk(21, 26.6, 52.402, 0, 121, 245, 3000, 0);
    assert_int_equal(wrn_shadow_identity(d, 2, idx), 1);
    assert_false(wrn_has_identity(&d[1]));
    geo_enu_to_ecef(&g_f, d[1].x, e1);
    geo_ecef_to_lla(e1, &lat1, &lon1, &h1);
    assert_true(fabs(h1 - 8000) < 200);
    /* two tracks with equally poor heights lend nothing */
    d[0] = mk(20, 26.6, 52.4, 8000, 120, 250, 3000, 0);
    d[1] = mk(21, 26.6, 52.402, 0, 121, 245, 3000, 0);
    assert_int_equal(wrn_shadow_identity(d, 2, idx), 0);
}

int main(void)
{
    geo_frame_init(&g_f, 25.0, 45.0, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shadow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
