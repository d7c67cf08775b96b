/* cli/cli_util.h - small helpers shared by the subcommands (option values, error exit). */
#ifndef SW_CLI_UTIL_H
#define SW_CLI_UTIL_H

#include "core/rc.h"

/* Parses a number option value; on failure prints "skyweave CMD: --OPT: 'x' is not a number"
 * and returns -1. */
int cli_num(const char *cmd, const char *opt, const char *s, double *out);
/* Parses "LAT,LON[,ALT]" (degrees, degrees, metres). */
int cli_latlonalt(const char *cmd, const char *opt, const char *s, double out[3]);
/* Prints "skyweave CMD: MESSAGE" for err on stderr and returns the exit status 1. */
int cli_fail(const char *cmd, const sw_err *err);
/* True when argv has --help or -h. */
int cli_wants_help(int argc, char **argv);
/* SIGINT and SIGTERM call fn (which sets the command's stop flag: the command ends cleanly,
 * files whole); SIGPIPE is ignored (a closed pipe is a write error, not a death). */
void cli_catch_stop(void (*fn)(int));

#endif
