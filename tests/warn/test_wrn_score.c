/* tests/warn/test_wrn_score.c - the warning scorecard: hand-computed figures on a constructed
 * case (warned, late, missed, false, no-threat warnings), then a ballistic attack through the
 * engine scored end to end (warned within 10 s of confirmation, lead-time ratio >= 0.9, the
 * impact-point error by minute before impact shrinking). */
#include "../core/sw_test.h"
#include "warn/warn.h"
#include "warn/wrn_score.h"
#include "wrn_truth.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void test_constructed(void **state)
{
    (void)state;
    wrn_score_threat th[2] = {0};
    th[0] = (wrn_score_threat){.id = 1, .cls = SW_CLS_BALLISTIC, .t_launch = 0, .t_detect = 40,
                               .t_confirm = 50, .t_impact = 500, .n_nations = 2};
    snprintf(th[0].nations[0], 4, "QA");
    snprintf(th[0].nations[1], 4, "BH");
    th[1] = (wrn_score_threat){.id = 2, .cls = SW_CLS_CRUISE, .t_launch = 100, .t_detect = 300,
                               .t_confirm = NAN, .t_impact = 900, .n_nations = 1};
    snprintf(th[1].nations[0], 4, "SA");
    wrn_score_warning w[] = {
        {.t = 55, .warning_id = 11, .threat_id = 1, .nation = "QA"},
        {.t = 90, .warning_id = 12, .threat_id = 1, .nation = "QA"},  /* a second area */
        {.t = 510, .warning_id = 13, .threat_id = 1, .nation = "BH"}, /* after impact: missed */
        {.t = 60, .warning_id = 14, .threat_id = 1, .nation = "AE"},  /* not threatened: false */
        {.t = 70, .warning_id = 15, .threat_id = 1, .nation = "AE"},  /* same pair: counted once */
        {.t = 400, .warning_id = 21, .threat_id = 2, .nation = "SA"},
        {.t = 10, .warning_id = 99, .threat_id = 0, .nation = "EG"},  /* from no threat: false */
        /* boost corridor (issued below p_issue) naming a nation not threatened: retracted before
         * the impact = counted apart; never retracted, or retracted after it = false */
        {.t = 45, .warning_id = 31, .threat_id = 1, .nation = "JO", .corridor = 1,
         .t_retracted = 80},
        {.t = 45, .warning_id = 32, .threat_id = 1, .nation = "KW", .corridor = 1,
         .t_retracted = NAN},
        {.t = 45, .warning_id = 33, .threat_id = 1, .nation = "OM", .corridor = 1,
         .t_retracted = 600},
    };
    wrn_score_result r;
    wrn_score_pair pairs[8];
    wrn_score_compute(th, 2, w, 10, &r, pairs, 8);
    assert_int_equal(r.pairs, 3);
    assert_int_equal(r.warned, 2);
    assert_int_equal(r.missed, 1);
    assert_int_equal(r.false_warnings, 4);
    assert_int_equal(r.boost_retracted, 1);
    assert_near(r.lead_ratio_min, (900.0 - 400) / (900 - 300), 1e-12); /* 0.833 < 445/460 */
    assert_near(r.after_confirm_max, 5.0, 1e-12); /* threat 2 was never confirmed */
    assert_int_equal(pairs[0].warned, 1);
    assert_near(pairs[0].after_launch, 55, 1e-12);
    assert_near(pairs[0].before_impact, 445, 1e-12);
    assert_string_equal(pairs[1].nation, "BH");
    assert_int_equal(pairs[1].warned, 0);
    char *js = wrn_score_json(&r, pairs, th, 2, NULL, 0, NULL, 0);
    cJSON *o = cJSON_Parse(js);
    assert_non_null(o);
    assert_int_equal(cJSON_GetObjectItem(o, "false")->valueint, 4);
    assert_int_equal(cJSON_GetObjectItem(o, "boost_retracted")->valueint, 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "pairs")), 3);
    /* a pair without a warning has no timing keys: left out, never faked */
    cJSON *p1 = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "pairs"), 1);
    assert_null(cJSON_GetObjectItem(p1, "lead_time_ratio"));
    cJSON_Delete(o);
    free(js);
}

typedef struct col {
    wrn_score_warning w[64];
    int n;
} col;

static void on_ev(void *ctx, const wrn_event *ev)
{
    col *c = ctx;
    if (ev->kind == WRN_EV_ISSUED && c->n < 64)
        c->w[c->n++] = (wrn_score_warning){.t = ev->w->time, .warning_id = ev->w->id,
                                           .threat_id = 1};
    if (ev->kind == WRN_EV_ISSUED)
        snprintf(c->w[c->n - 1].nation, 4, "%s", ev->w->threatened);
}

static void test_attack_scored(void **state)
{
    (void)state;
    static tr_ballistic tr;
    geo_frame f;
    geo_frame_init(&f, 25.0, 50.0, 0);
    double lat, lon, back;
    geo_direct(25.29, 51.53, 290.0, 1000e3, &lat, &lon, &back);
    tr_make(&tr, lat, lon, fmod(back + 180, 360), 1000e3, 5000.0);
    wrn_areas areas;
    wrn_areas_init(&areas);
    assert_int_equal(wrn_areas_add_circle(&areas, "QA", "Doha", 1, tr.impact_lat, tr.impact_lon + 0.05, 25e3, NULL), 0);
    assert_int_equal(wrn_areas_add_circle(&areas, "BH", "Manama", 1, 26.22, 50.58, 20e3, NULL), 0);
    wrn_config c;
    wrn_config_default(&c);
    snprintf(c.self, 4, "EG");
    static col cl;
    wrn_sink s = {&cl, on_ev};
    wrn_engine *e;
    assert_int_equal(wrn_engine_create(&e, &c, &areas, &f, &s, NULL), 0);
    static wrn_score_pred pr[1024];
    int np = 0;
    sw_rng rng;
    sw_rng_seed(&rng, 5);
    const double t_detect = 30, t_confirm = 38;
    for (double t = t_confirm; t < tr.t_impact - 1; t += 4) {
        double x[6];
        tr_state_enu(&tr, &f, (int)t, x);
        sw_system_track st;
        tr_track(&st, 3, t, x, 150, 10, &rng);
        wrn_engine_track(e, &st, t);
        wrn_track_view v;
        if (wrn_engine_track_view(e, 3, &v) && v.has_ipp && np < 1024)
            pr[np++] = (wrn_score_pred){.t = t, .threat_id = 1, .lat = v.ipp.lat_deg,
                                        .lon = v.ipp.lon_deg, .src = 0,
                                        .major_m = v.ipp.major_m, .minor_m = v.ipp.minor_m,
                                        .orient_deg = v.ipp.orient_deg};
    }
    wrn_engine_free(e);
    wrn_score_threat th = {.id = 1, .cls = SW_CLS_BALLISTIC, .t_launch = -60, .t_detect = t_detect,
                           .t_confirm = t_confirm, .t_impact = tr.t_impact,
                           .impact_lat = tr.impact_lat, .impact_lon = tr.impact_lon};
    th.n_nations = wrn_score_threatened(&areas, tr.impact_lat, tr.impact_lon, th.nations, 8);
    assert_int_equal(th.n_nations, 1);
    assert_string_equal(th.nations[0], "QA");
    wrn_score_result r;
    wrn_score_pair pairs[4];
    wrn_score_compute(&th, 1, cl.w, cl.n, &r, pairs, 4);
    assert_int_equal(r.warned, 1);
    assert_int_equal(r.missed, 0);
    assert_int_equal(r.false_warnings, 0);
    assert_true(r.after_confirm_max <= 10.0);
    assert_true(r.lead_ratio_min >= 0.9);
    double err[WRN_SCORE_MAX_MINUTES];
    int nm = wrn_score_ipp_minutes(&th, pr, np, err, WRN_SCORE_MAX_MINUTES);
    assert_true(nm >= 7);
    char line[512] = "";
    for (int m = 0; m < nm; m++)
        snprintf(line + strlen(line), sizeof line - strlen(line), " %d:%.0f", m + 1, err[m]);
    print_message("IPP error (m) by minutes before impact:%s\n", line);
    assert_true(err[0] < 2000);
    assert_true(err[0] < err[5]);           /* 1 minute vs 6 minutes before */
    /* per source, with the ellipse: the same errors; a second source that stopped predicting
     * 5 minutes before impact keeps its last prediction, whose age grows minute by minute */
    wrn_score_ipp_min mm[WRN_SCORE_MAX_MINUTES];
    assert_int_equal(wrn_score_ipp_at(&th, pr, np, 0, mm, WRN_SCORE_MAX_MINUTES), nm);
    int inside = 0, have = 0;
    for (int m = 0; m < nm; m++) {
        if (!isfinite(err[m])) {
            assert_false(isfinite(mm[m].err_m));
            continue;
        }
        assert_near(mm[m].err_m, err[m], 1e-6);
        assert_true(mm[m].age_s >= 0 && mm[m].age_s < 4.0 + 1e-9); /* an update every 4 s */
        assert_true(isfinite(mm[m].m2));
        have++;
        inside += mm[m].m2 <= WRN_SCORE_CHI2_99;
    }
    assert_true(have >= 7);
    assert_true(inside >= have - 1); /* a consistent ellipse holds the truth (99 %) */
    int np2 = np;
    double cut = tr.t_impact - 300;
    for (int i = 0; i < np && np2 < 1024; i++)
        if (pr[i].t <= cut) {
            pr[np2] = pr[i];
            pr[np2].src = 1;
            pr[np2].major_m = pr[np2].minor_m = 1.0; /* an ellipse far too small */
            np2++;
        }
    wrn_score_ipp_min m1[WRN_SCORE_MAX_MINUTES];
    assert_int_equal(wrn_score_ipp_at(&th, pr, np2, 1, m1, WRN_SCORE_MAX_MINUTES), nm);
    assert_true(m1[0].age_s > 240 && m1[1].age_s > 180 && m1[1].age_s < m1[0].age_s);
    assert_true(m1[0].m2 > WRN_SCORE_CHI2_99);
    assert_true(isfinite(m1[5].err_m) && m1[5].age_s < 4.0 + 1e-9);
    const char *names[2] = {"QA", "BH"};
    char *js = wrn_score_json(&r, pairs, &th, 1, pr, np2, names, 2);
    assert_non_null(strstr(js, "\"ipp_error_m_by_minute\":{\"1\":["));
    assert_non_null(strstr(js, "\"ipp_by_minute\":[{\"threat\":1,\"node\":\"QA\",\"error_m\":["));
    assert_non_null(strstr(js, "\"node\":\"BH\""));
    assert_non_null(strstr(js, "\"inside_99\":[false,"));
    free(js);
    wrn_areas_free(&areas);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructed),
        cmocka_unit_test(test_attack_scored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
