/* cli/cli_marks.c - the tracker's watermarks from live ASTERIX (see cli_marks.h). */
#include "cli_marks.h"

#include <math.h>

void cli_marks_init(cli_marks *m)
{
    m->n = 0;
    m->failed = 0;
    for (int k = 0; k < ING_MAX_RADARS; k++)
        m->marked[k] = -INFINITY;
}

void cli_marks_plot(cli_marks *m, uint32_t sensor, double t)
{
    int k = 0;
    while (k < m->n && m->sensor[k] != sensor)
        k++;
    if (k == CLI_MARKS_DG)
        return;
    if (k == m->n) {
        m->sensor[m->n++] = sensor;
        m->t[k] = t;
    } else if (t > m->t[k]) {
        m->t[k] = t;
    }
}

static sw_rc mark(cli_marks *m, trk_tracker *tr, uint32_t sensor, double t, sw_rc rc,
                  sw_err *err)
{
    sw_err e;
    sw_err_clear(&e);
    if (!trk_mark(tr, sensor, t, &e))
        return rc;
    m->failed++;
    if (!rc && err)
        *err = e;
    return rc ? rc : SW_EINVAL;
}

sw_rc cli_marks_done(cli_marks *m, trk_tracker *tr, const ing *g, const geo_sensor_set *set,
                     double offset, sw_err *err)
{
    sw_rc rc = SW_OK;
    for (int k = 0; k < m->n; k++)
        rc = mark(m, tr, m->sensor[k], m->t[k], rc, err);
    m->n = 0;
    if (!g || !set)
        return rc;
    for (int k = 0; k < ing_radar_count(g) && k < ING_MAX_RADARS; k++) {
        const ing_radar_status *r = ing_radar_at(g, k);
        double t = r->last_msg_t + offset;
        if (r->sensor < 0 || r->sensor >= set->n || r->last_msg_t <= 0 || !(t > m->marked[k]))
            continue;
        m->marked[k] = t;
        rc = mark(m, tr, set->s[r->sensor].id, t, rc, err);
    }
    return rc;
}
