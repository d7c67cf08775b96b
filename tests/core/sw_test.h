/* tests/core/sw_test.h - what every cmocka test file includes. */
#ifndef SW_TEST_H
#define SW_TEST_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

/* assert |a - b| <= tol with the values in the failure message */
#define assert_near(a, b, tol)                                                                   \
    do {                                                                                         \
        double a_ = (a), b_ = (b), t_ = (tol);                                                   \
        if (!(fabs(a_ - b_) <= t_))                                                              \
            fail_msg("%s = %.9g, %s = %.9g, differ by more than %g", #a, a_, #b, b_, t_);        \
    } while (0)

/* A temporary file path under /tmp unique to this process; buf needs 64 bytes. */
#include <stdio.h>
#include <unistd.h>
static inline const char *sw_test_tmp(char *buf, const char *name)
{
    snprintf(buf, 64, "/tmp/sw_test_%d_%s", (int)getpid(), name);
    return buf;
}
static inline void sw_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}
#endif
