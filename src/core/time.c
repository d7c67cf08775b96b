/* core/time.c - clocks, time of day with midnight roll-over, ISO 8601. */
#include "core/time.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double rate_origin, rate = 1.0;

void sw_time_set_rate(double origin, double r)
{
    rate_origin = origin;
    rate = r > 0 ? r : 1.0;
}

double sw_time_from_wall(double wall)
{
    return rate == 1.0 ? wall : rate_origin + (wall - rate_origin) * rate;
}

double sw_time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return sw_time_from_wall((double)ts.tv_sec + ts.tv_nsec * 1e-9);
}

double sw_time_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sw_time_sleep(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

double sw_tod_from_utc(double t)
{
    double tod = fmod(t, SW_DAY_S);
    return tod < 0 ? tod + SW_DAY_S : tod;
}

double sw_tod_unroll(double tod, double ref)
{
    double day0 = ref - sw_tod_from_utc(ref);
    double t = day0 + tod;
    if (t - ref > SW_DAY_S / 2)
        t -= SW_DAY_S;
    else if (ref - t > SW_DAY_S / 2)
        t += SW_DAY_S;
    return t;
}

static void split(double t, struct tm *tm, int *ms)
{
    double fl = floor(t);
    *ms = (int)lround((t - fl) * 1000.0);
    if (*ms == 1000) {
        *ms = 0;
        fl += 1;
    }
    time_t s = (time_t)fl;
    gmtime_r(&s, tm);
}

char *sw_time_iso(double t, char *buf, size_t n)
{
    struct tm tm;
    int ms;
    split(t, &tm, &ms);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return buf;
}

char *sw_time_cap(double t, char *buf, size_t n)
{
    struct tm tm;
    time_t s = (time_t)floor(t);
    gmtime_r(&s, &tm);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

int sw_time_parse_iso(const char *s, double *t)
{
    int Y, M, D, h, m, n = 0;
    double sec;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%lf%n", &Y, &M, &D, &h, &m, &sec, &n) != 6)
        return -1;
    const char *rest = s + n;
    if (*rest && strcmp(rest, "Z") != 0 && strcmp(rest, "+00:00") != 0)
        return -1;
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec < 0 || sec >= 61)
        return -1;
    struct tm tm = {0};
    tm.tm_year = Y - 1900;
    tm.tm_mon = M - 1;
    tm.tm_mday = D;
    tm.tm_hour = h;
    tm.tm_min = m;
    *t = (double)timegm(&tm) + sec;
    return 0;
}
