/* cli/cli_util.c - option parsing helpers. */
#include "cli_util.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_num(const char *cmd, const char *opt, const char *s, double *out)
{
    char *end;
    double v = strtod(s ? s : "", &end);
    if (!s || end == s || *end || !isfinite(v)) {
        fprintf(stderr, "skyweave %s: %s: '%s' is not a number\n", cmd, opt, s ? s : "");
        return -1;
    }
    *out = v;
    return 0;
}

int cli_latlonalt(const char *cmd, const char *opt, const char *s, double out[3])
{
    out[2] = 0;
    int n = sscanf(s, "%lf,%lf,%lf", &out[0], &out[1], &out[2]);
    if (n < 2 || fabs(out[0]) > 90 || fabs(out[1]) > 180) {
        fprintf(stderr, "skyweave %s: %s: expected LAT,LON[,ALT] in degrees and metres, got '%s'\n",
                cmd, opt, s);
        return -1;
    }
    return 0;
}

int cli_fail(const char *cmd, const sw_err *err)
{
    fprintf(stderr, "skyweave %s: %s\n", cmd, err->msg[0] ? err->msg : sw_strerror(err->rc));
    return 1;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return 1;
    return 0;
}

void cli_catch_stop(void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}
