/* core/time.h - time in skyweave.
 *
 * Every time value is a double in seconds.  Absolute times are UTC seconds since the Unix epoch
 * (leap seconds ignored, as POSIX does); scenario files and CSV use seconds since the scenario
 * start, which the scenario maps to an absolute UTC epoch.  ASTERIX carries only the time of day
 * (seconds since UTC midnight, wrapping at 86400); sw_tod_unroll() turns it back into an absolute
 * time next to a reference, which is how midnight roll-over is handled everywhere. */
#ifndef SW_CORE_TIME_H
#define SW_CORE_TIME_H

#include <stddef.h>

#define SW_DAY_S 86400.0

/* Wall-clock UTC now, seconds since the Unix epoch. */
double sw_time_now(void);
/* Replaying faster than real time (`skyweave node --speed N`): after sw_time_set_rate(origin,
 * rate) sw_time_now() returns origin + (wall - origin) * rate, so a process fed N times faster
 * than real time lives on the data's own clock.  rate 1 (the default) is the wall clock.  Call
 * once at start-up, before other threads run. */
void sw_time_set_rate(double origin, double rate);
/* A wall-clock time (e.g. a kernel receive timestamp) on the sw_time_now() clock. */
double sw_time_from_wall(double wall);
/* A monotonic clock for measuring durations (seconds, arbitrary origin). */
double sw_time_mono(void);
/* Sleeps for s seconds (s <= 0 returns at once). */
void sw_time_sleep(double s);

/* Seconds since UTC midnight of absolute time t, in [0, 86400). */
double sw_tod_from_utc(double t);
/* The absolute time whose time of day is tod and which lies closest to ref (within half a day):
 * a report stamped 86399.9 received at 00:00:00.2 belongs to the previous day. */
double sw_tod_unroll(double tod, double ref);

/* Formats absolute time t as ISO 8601 UTC with milliseconds, "2026-11-29T02:36:06.123Z".
 * buf needs 32 bytes.  Returns buf. */
char *sw_time_iso(double t, char *buf, size_t n);
/* The same with a numeric offset and no fraction, as CAP 1.2 requires: "2026-11-29T02:36:06+00:00". */
char *sw_time_cap(double t, char *buf, size_t n);
/* Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]" (UTC); returns 0 and sets *t, or -1. */
int sw_time_parse_iso(const char *s, double *t);

#endif
