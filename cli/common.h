/* cli/common.h -- what every fundsim command shares: exit codes, parsing
 * of numbers, messages, loading a scenario with its diagnostics, the MPI
 * rank.  The bottom of the command line: it includes no other cli header. */
#ifndef FS_CLI_COMMON_H
#define FS_CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fundsim.h"

#if defined(__GNUC__)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* Exit codes: 0 ok, 1 I/O or internal failure, 2 bad input (invalid
 * scenario, bad arguments); 130 and 143 after SIGINT and SIGTERM
 * (signals.h). */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Maps an FS_* status to an exit code. */
int cli_exit_code(int fs_status);

/* MPI rank and size (0 and 1 without MPI; set by cli_mpi_start). */
extern int cli_rank, cli_ranks;

/* Parses a whole decimal integer in [min, max]; 0 on success, -1 if s is
 * not such a number (no sign/space games, no trailing text). */
int cli_parse_long(const char *s, long min, long max, long *out);
int cli_parse_u64(const char *s, uint64_t *out);

/* Reports an option problem on stderr (rank 0) as "fundsim CMD: MSG" plus
 * a hint to use --help; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/* snprintf for messages, where truncating a long path is fine. */
void cli_msgf(char *buf, size_t n, const char *fmt, ...) CLI_PRINTF(3, 4);

/* Prints every diagnostic of d to stderr, one line each. */
void cli_print_diags(const fs_diags *d);

/* Loads one scenario (with overrides sets, may be 0), printing its
 * diagnostics on rank 0: FS_OK, or an FS_* status with a one-line message
 * in msg.  *d is allocated unless the status is FS_ENOMEM (free with
 * fs_diags_free); *sc only on FS_OK. */
int cli_load_scenario(const char *path, const char *const *sets, size_t nsets, fs_scenario **sc,
                      fs_diags **d, char *msg, size_t n);

/* Seconds on a monotonic clock. */
double cli_now(void);

/* The path of `file` relative to the directory `dir` (the absolute path if
 * either cannot be resolved). */
void cli_relative_to(const char *file, const char *dir, char *buf, size_t n);

/* results/<name>, with characters that would leave results/ replaced. */
void cli_default_dir(const char *name, char *dir, size_t n);

/* `git describe` of the build ("unknown" outside a git checkout). */
const char *cli_git(void);

#endif /* FS_CLI_COMMON_H */
