/* sim/cli/cli.h -- shared pieces of the fundsim command line. */
#ifndef FS_CLI_H
#define FS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fundsim.h"

/* Exit codes: 0 ok, 1 I/O or internal failure, 2 bad input (invalid
 * scenario, bad arguments). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Maps an FS_* status to an exit code. */
int cli_exit_code(int fs_status);

/* Parses a whole decimal integer in [min, max]; 0 on success, -1 if s is
 * not such a number (no sign/space games, no trailing text). */
int cli_parse_long(const char *s, long min, long max, long *out);
int cli_parse_u64(const char *s, uint64_t *out);

/* Reports an option problem on stderr as "fundsim CMD: MSG" plus a hint
 * to use --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Prints every diagnostic of d to stderr, one line each. */
void cli_print_diags(const fs_diags *d);

/* MPI rank and size (0 and 1 without MPI). */
extern int cli_rank, cli_ranks;

/* The commands: argc/argv start at the command name. */
int cli_check(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_run(int argc, char **argv, int full_argc, char **full_argv);

void cli_check_usage(FILE *f);
void cli_show_usage(FILE *f);
void cli_run_usage(FILE *f);

#endif /* FS_CLI_H */
