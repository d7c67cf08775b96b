/* web/web_chart_tl.c - the warning timeline: one row per (threat, threatened nation), grouped by
 * nation, on a common time axis: the threat's flight (launch to impact) as a bar, and markers for
 * first detection, first warning and acknowledgement, with the warning's lead time before impact
 * written at the row's end.  What did not happen is not drawn (a missed warning shows as a row
 * with no warning marker and "NOT WARNED"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_chart_int.h"

#define TL_ROW 34
#define TL_LEFT 190
#define TL_TOP 56

enum { MK_LAUNCH, MK_DETECT, MK_WARN, MK_ACK, MK_IMPACT };
static const uint32_t mk_rgb[] = {0x444444, 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728};
static const char *mk_name[] = {"launch", "first detection", "first warning", "acknowledged",
                                "impact"};

static void marker(cairo_t *cr, int kind, double x, double y)
{
    chart_rgb(cr, mk_rgb[kind], 1);
    switch (kind) {
    case MK_LAUNCH:
        cairo_move_to(cr, x, y - 7);
        cairo_line_to(cr, x + 6, y + 5);
        cairo_line_to(cr, x - 6, y + 5);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    case MK_DETECT:
        cairo_arc(cr, x, y, 6, 0, 2 * M_PI);
        cairo_fill(cr);
        break;
    case MK_WARN:
        cairo_move_to(cr, x, y - 8);
        cairo_line_to(cr, x + 8, y);
        cairo_line_to(cr, x, y + 8);
        cairo_line_to(cr, x - 8, y);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
    case MK_ACK:
        cairo_rectangle(cr, x - 5, y - 5, 10, 10);
        cairo_fill(cr);
        break;
    default:
        cairo_set_line_width(cr, 3);
        cairo_move_to(cr, x - 6, y - 6);
        cairo_line_to(cr, x + 6, y + 6);
        cairo_move_to(cr, x + 6, y - 6);
        cairo_line_to(cr, x - 6, y + 6);
        cairo_stroke(cr);
    }
}

static int cmp_rows(const void *a, const void *b)
{
    const web_tl_row *x = *(const web_tl_row *const *)a, *y = *(const web_tl_row *const *)b;
    int c = strncmp(x->nation, y->nation, 4);
    if (c)
        return c;
    double tx = isfinite(x->t_launch) ? x->t_launch : x->t_detect;
    double ty = isfinite(y->t_launch) ? y->t_launch : y->t_detect;
    return (tx > ty) - (tx < ty);
}

sw_rc web_chart_timeline(const char *path, const char *title, const web_tl_row *rows, int n,
                         double t0, sw_err *err)
{
    if (n <= 0 || !rows)
        return sw_err_set(err, SW_EINVAL, "%s: no (threat, nation) rows to draw", path);
    const web_tl_row **o = malloc((size_t)n * sizeof *o);
    if (!o)
        return sw_err_set(err, SW_ENOMEM, "timeline: out of memory");
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        o[i] = &rows[i];
        const double v[5] = {rows[i].t_launch, rows[i].t_detect, rows[i].t_warn, rows[i].t_ack,
                             rows[i].t_impact};
        for (int k = 0; k < 5; k++)
            if (isfinite(v[k])) {
                lo = v[k] - t0 < lo ? v[k] - t0 : lo;
                hi = v[k] - t0 > hi ? v[k] - t0 : hi;
            }
    }
    if (!isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    double pad = (hi - lo) * 0.04 + 1;
    lo -= pad;
    hi += pad;
    qsort(o, (size_t)n, sizeof *o, cmp_rows);
    int w = 1200, h = TL_TOP + n * TL_ROW + 90;
    chart_canvas cv;
    sw_rc rc = chart_open(&cv, path, w, h, err);
    if (rc) {
        free(o);
        return rc;
    }
    cairo_t *cr = cv.cr;
    double L = TL_LEFT, R = w - 190, B = TL_TOP + n * TL_ROW;
#define PX(t) (L + ((t) - t0 - lo) / (hi - lo) * (R - L))
    char s[96];
    double st = chart_tick_step(hi - lo, 10);
    cairo_set_line_width(cr, 1);
    for (double t = ceil(lo / st) * st; t <= hi; t += st) {
        double x = floor(PX(t + t0)) + 0.5;
        chart_rgb(cr, 0xe4e4e4, 1);
        cairo_move_to(cr, x, TL_TOP - 6);
        cairo_line_to(cr, x, B);
        cairo_stroke(cr);
        snprintf(s, sizeof s, "%g", fabs(t) < st * 1e-9 ? 0.0 : t);
        chart_rgb(cr, 0x333333, 1);
        chart_text_at(cr, x, B + 16, 11, 0, 0.5, s);
    }
    chart_text_at(cr, (L + R) / 2, B + 34, 12, 0, 0.5, "time since start (s)");
    chart_rgb(cr, 0x000000, 1);
    chart_text(cr, 12, 28, 16, 1, title ? title : "Warnings: timeline per threatened nation");
    for (int i = 0; i < n; i++) {
        const web_tl_row *r = o[i];
        double y = TL_TOP + i * TL_ROW + TL_ROW / 2.0;
        if (i && strncmp(o[i - 1]->nation, r->nation, 4)) {
            chart_rgb(cr, 0x999999, 1);
            cairo_move_to(cr, 10, y - TL_ROW / 2.0);
            cairo_line_to(cr, w - 10, y - TL_ROW / 2.0);
            cairo_stroke(cr);
        }
        snprintf(s, sizeof s, "%.3s  %.23s", r->nation, r->threat);
        chart_rgb(cr, 0x111111, 1);
        chart_text(cr, 12, y + 4, 12, 0, s);
        double a = isfinite(r->t_launch) ? r->t_launch : r->t_detect;
        if (isfinite(a) && isfinite(r->t_impact)) {
            chart_rgb(cr, 0xcfcfcf, 1);
            cairo_rectangle(cr, PX(a), y - 3, PX(r->t_impact) - PX(a), 6);
            cairo_fill(cr);
        }
        const double v[5] = {r->t_launch, r->t_detect, r->t_warn, r->t_ack, r->t_impact};
        for (int k = 0; k < 5; k++)
            if (isfinite(v[k]))
                marker(cr, k, PX(v[k]), y);
        if (isfinite(r->t_warn) && isfinite(r->t_impact))
            snprintf(s, sizeof s, "warned %.0f s before impact", r->t_impact - r->t_warn);
        else
            snprintf(s, sizeof s, "%s", isfinite(r->t_warn) ? "warned" : "NOT WARNED");
        chart_rgb(cr, isfinite(r->t_warn) ? 0x222222 : 0xd62728, 1);
        chart_text(cr, R + 10, y + 4, 11, !isfinite(r->t_warn), s);
    }
    for (int k = 0; k < 5; k++) {
        double x = 20 + k * 190, y = h - 24;
        marker(cr, k, x, y);
        chart_rgb(cr, 0x222222, 1);
        chart_text(cr, x + 14, y + 4, 12, 0, mk_name[k]);
    }
#undef PX
    free(o);
    return chart_close(&cv, path, err);
}
