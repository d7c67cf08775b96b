/* tests/warn/test_wrn_shadow.c - identity for the primary-only shadow of a cooperative track
 * (warn/wrn_shadow.h): the duplicate of an airliner, 11 km too low, takes its identity; a
 * cruise missile a few km away or on another heading does not; no chains; order-independent. */
#include "../core/sw_test.h"
#include "warn/wrn_shadow.h"
#include "wrn_truth.h"

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
    /* the airliners and the kinematics are untouched */
    assert_memory_equal(&a[0], &pic[0], sizeof pic[0]);
    assert_memory_equal(a[1].x, pic[1].x, sizeof pic[1].x);
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
}

int main(void)
{
    geo_frame_init(&g_f, 25.0, 45.0, 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shadow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
