/* tests/web/test_web_store.c - the picture store without sockets: versions and deltas, removals
 * beyond the ring (a stream that fell behind must get a snapshot), duplicate and deleted tracks,
 * the capacity limit, warnings, affiliation, motion at the edge of the region, and the layers
 * loader on both file shapes with its errors. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "../core/sw_test.h"
#include "web/web_int.h"

static void config(web_config *c, int max_tracks)
{
    web_config_init(c);
    c->max_tracks = max_tracks;
    c->origin[0] = 25.0;
    c->origin[1] = 45.0;
}

static sw_system_track trk(uint32_t stn, double e, double n)
{
    sw_system_track t;
    memset(&t, 0, sizeof t);
    t.stn = stn;
    t.status = SW_TRK_CONFIRMED;
    t.x[0] = e;
    t.x[1] = n;
    t.x[4] = 100;
    t.P[0] = t.P[7] = 25;
    t.t = 5;
    return t;
}

static cJSON *delta(web_store *s, uint64_t since, uint64_t *ver, int *need_snapshot)
{
    web_buf b;
    wb_init(&b);
    pthread_mutex_lock(&s->mu);
    *need_snapshot = web_store_delta_locked(s, since, &b, ver);
    pthread_mutex_unlock(&s->mu);
    cJSON *j = b.len ? cJSON_Parse(b.p) : NULL;
    wb_free(&b);
    return j;
}

static void test_versions(void **state)
{
    (void)state;
    web_config c;
    config(&c, 100);
    web_store s;
    assert_int_equal(web_store_init(&s, &c, NULL), 0);
    sw_system_track t[4] = {trk(5, 0, 0), trk(3, 100, 0), trk(9, 0, 100), trk(3, 200, 0)};
    t[2].status = SW_TRK_DELETED;
    /* 3 twice (the later wins), 9 deleted: two tracks */
    assert_int_equal(web_set_tracks_store(&s, t, 4, 5, NULL), 0);
    assert_int_equal(s.n_cur, 2);
    assert_int_equal(s.cur[0].stn, 3);
    assert_near(s.cur[0].st.x[0], 200, 0);
    uint64_t v1 = s.ver, v;
    int snap;
    cJSON *j = delta(&s, 0, &v, &snap);
    assert_int_equal(snap, 0);
    assert_int_equal(v, v1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "tracks")), 2);
    cJSON_Delete(j);
    /* nothing changed: no text */
    assert_int_equal(web_set_tracks_store(&s, t, 4, 6, NULL), 0);
    assert_int_equal(s.ver, v1);
    j = delta(&s, v1, &v, &snap);
    assert_null(j);
    assert_int_equal(v, v1);
    /* too many: the first max are kept and the caller is told */
    sw_system_track *many = calloc(150, sizeof *many);
    for (int i = 0; i < 150; i++)
        many[i] = trk((uint32_t)i + 1, i * 10.0, 0);
    sw_err err;
    assert_int_equal(web_set_tracks_store(&s, many, 150, 7, &err), SW_EFULL);
    assert_int_equal(s.n_cur, 100);
    free(many);
    web_store_free(&s);
}

static void test_removals_beyond_ring(void **state)
{
    (void)state;
    web_config c;
    config(&c, 5000);
    web_store s;
    assert_int_equal(web_store_init(&s, &c, NULL), 0);
    assert_int_equal((int)s.tomb_cap, 20000);
    sw_system_track *t = calloc(5000, sizeof *t);
    for (int i = 0; i < 5000; i++)
        t[i] = trk((uint32_t)i + 1, i, 0);
    uint64_t v, old;
    int snap;
    /* five rounds of 5000 removals overflow the 20000-entry ring */
    web_set_tracks_store(&s, t, 5000, 1, NULL);
    old = s.ver;
    for (int r = 0; r < 5; r++) {
        web_set_tracks_store(&s, t, 0, 2, NULL);
        web_set_tracks_store(&s, t, 5000, 3, NULL);
    }
    cJSON *j = delta(&s, old, &v, &snap);
    assert_null(j);
    assert_int_equal(snap, 1);
    /* a recent stream still gets a delta with exactly the removals */
    uint64_t recent = s.ver;
    web_set_tracks_store(&s, t, 4990, 4, NULL);
    j = delta(&s, recent, &v, &snap);
    assert_int_equal(snap, 0);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "del")), 10);
    assert_null(cJSON_GetObjectItem(j, "tracks"));
    cJSON_Delete(j);
    free(t);
    web_store_free(&s);
}

static void test_warnings(void **state)
{
    (void)state;
    web_config c;
    config(&c, 10);
    c.max_warnings = 2;
    web_store s;
    assert_int_equal(web_store_init(&s, &c, NULL), 0);
    web_warning w;
    memset(&w, 0, sizeof w);
    w.id = 1;
    memcpy(w.threatened, "QA", 3);
    memcpy(w.area, "Doha \"old town\"", 16);
    w.t_impact = 100;
    assert_int_equal(web_set_warning_store(&s, &w, NULL), 0);
    uint64_t v1 = s.ver, v;
    int snap;
    assert_int_equal(web_set_warning_store(&s, &w, NULL), 0);
    assert_int_equal(s.ver, v1); /* unchanged */
    w.state = WEB_WARN_ACKNOWLEDGED;
    w.t_ack = 50;
    memcpy(w.ack_by, "QA ops", 7);
    web_set_warning_store(&s, &w, NULL);
    cJSON *j = delta(&s, v1, &v, &snap);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "warnings"), 0);
    assert_string_equal(cJSON_GetObjectItem(a, "state")->valuestring, "acknowledged");
    assert_string_equal(cJSON_GetObjectItem(a, "area")->valuestring, "Doha \"old town\"");
    assert_near(cJSON_GetObjectItem(a, "t_ack")->valuedouble, 50, 1e-9);
    cJSON_Delete(j);
    w.id = 2;
    assert_int_equal(web_set_warning_store(&s, &w, NULL), 0);
    w.id = 3;
    assert_int_equal(web_set_warning_store(&s, &w, NULL), SW_EFULL);
    uint64_t v2 = s.ver;
    web_remove_warning_store(&s, 1);
    j = delta(&s, v2, &v, &snap);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "wdel"), 0)->valuestring, "1");
    cJSON_Delete(j);
    assert_int_equal(web_set_warning_store(&s, &w, NULL), 0); /* the freed slot */
    web_warning out;
    assert_int_equal(web_get_warning_store(&s, 1, &out), SW_ENOTFOUND);
    assert_int_equal(web_get_warning_store(&s, 3, &out), 0);
    web_store_free(&s);
}

static void test_affiliation_and_motion(void **state)
{
    (void)state;
    sw_system_track t = trk(1, 0, 0);
    t.cls = SW_CLS_AIRCRAFT;
    assert_int_equal(web_affiliation(&t), 'U');
    t.flags = SW_HAS_ADDRESS;
    assert_int_equal(web_affiliation(&t), 'N');
    t.cls = SW_CLS_BALLISTIC;
    t.cls_conf = 0.3f;
    assert_int_equal(web_affiliation(&t), 'S');
    t.cls_conf = 0.9f;
    assert_int_equal(web_affiliation(&t), 'H');
    /* 1000 km east of the origin, a track flying "north" in the common frame heads a few
       degrees east of true north there: the meridians converge towards the pole */
    geo_frame f;
    geo_frame_init(&f, 25.0, 45.0, 0);
    sw_system_track e = trk(2, 1000e3, 0);
    double lat, lon, h, gs, hdg, vz;
    web_track_motion(&f, &e, &lat, &lon, &h, &gs, &hdg, &vz);
    assert_true(hdg > 2 && hdg < 8);
    assert_near(gs, 100, 1.0);
    /* a heading computed from two positions a second apart agrees */
    sw_system_track e2 = e;
    e2.x[1] += 100;
    double lat2, lon2, h2, az, az2, d;
    geo_enu_to_lla(&f, e2.x, &lat2, &lon2, &h2);
    geo_inverse(lat, lon, lat2, lon2, &d, &az, &az2);
    assert_near(fmod(az + 360, 360), hdg, 0.2);
}

static void test_layers(void **state)
{
    (void)state;
    char p[64];
    sw_test_write(sw_test_tmp(p, "scen.yaml"),
                  "origin: [25.0, 45.0, 0]\n"
                  "nations:\n"
                  "  - code: QA\n"
                  "    defended_areas:\n"
                  "      - {name: Doha, priority: 1, circle: {center: [25.29, 51.53], radius_km: 30}}\n"
                  "    sensors:\n"
                  "      - {id: 1, name: QA-PSR, type: psr, lat_deg: 25.26, lon_deg: 51.6, range_max_m: 150000}\n"
                  "  - code: BH\n"
                  "    defended_areas:\n"
                  "      - {name: Sitra, polygon: [[26.17, 50.60], [26.17, 50.68], [26.10, 50.68]]}\n");
    web_layers L;
    sw_err err;
    assert_int_equal(web_layers_load(&L, p, &err), 0);
    assert_int_equal(L.n_areas, 2);
    assert_int_equal(L.n_radars, 1);
    assert_int_equal(L.n_nations, 2);
    assert_string_equal(L.nations[1], "BH");
    assert_near(L.areas[0].radius_m, 30000, 1e-9);
    assert_int_equal(L.areas[1].n_pts, 3);
    assert_near(L.areas[1].pts[2][1], 50.68, 1e-12);
    assert_string_equal(L.radars[0].nation, "QA");
    assert_near(L.origin[1], 45.0, 0);
    web_buf b;
    wb_init(&b);
    web_render_layers(L.areas, L.n_areas, L.radars, L.n_radars, &b);
    cJSON *j = cJSON_Parse(b.p);
    assert_non_null(j);
    assert_near(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
                    cJSON_GetObjectItem(j, "areas"), 0), "circle"), 2)->valuedouble, 30000, 0.5);
    cJSON_Delete(j);
    wb_free(&b);
    web_layers_free(&L);
    remove(p);

    sw_test_write(sw_test_tmp(p, "node.yaml"),
                  "nation: QA\ncoalition: [QA, BH, EG]\n"
                  "defended_areas:\n  - {name: Doha, circle: {lat_deg: 25.29, lon_deg: 51.53, radius_m: 30000}}\n");
    assert_int_equal(web_layers_load(&L, p, &err), 0);
    assert_int_equal(L.n_nations, 3);
    assert_int_equal(L.n_areas, 1);
    assert_string_equal(L.areas[0].nation, "QA");
    web_layers_free(&L);
    /* errors name file and line */
    sw_test_write(p, "nation: QA\ndefended_areas:\n  - {name: X, polygon: [[1, 2], [3]]}\n");
    assert_int_equal(web_layers_load(&L, p, &err), SW_EFORMAT);
    assert_non_null(strstr(err.msg, "node.yaml:3"));
    sw_test_write(p, "nation: QA\ndefended_areas:\n  - {name: X}\n");
    assert_int_equal(web_layers_load(&L, p, &err), SW_EFORMAT);
    assert_non_null(strstr(err.msg, "circle"));
    remove(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_removals_beyond_ring),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_affiliation_and_motion),
        cmocka_unit_test(test_layers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
