/* cli/args.h -- the options of `run` and `compare`. */
#ifndef FS_CLI_ARGS_H
#define FS_CLI_ARGS_H

#include <stdio.h>

#include "common.h"

typedef struct cli_run_args {
    const char *scenario;  /* run: SCENARIO; compare: BASE */
    const char *scenario2; /* compare: ALT */
    const char *out;
    long reps, years, threads;
    uint64_t seed;
    int has_reps, has_years, has_threads, has_seed;
    fs_mode mode;          /* --mode; FS_MODE_AUTO when not given */
    int keep_reps, quiet;
    int xlsx;              /* --xlsx: also the workbooks */
    char **cmdline;        /* the command line as typed (getopt permutes argv) */
    int cmdline_argc;
} cli_run_args;

/* Copies the full command line into a->cmdline (for the provenance
 * record) and parses the options of `cmd` ("run" or "compare") and its npos
 * (1 or 2) scenario files.  CLI_OK; CLI_USAGE or CLI_FAIL (message
 * printed); or -1 after printing usage(stdout) for --help.  Free with
 * cli_run_args_free in every case. */
int cli_parse_run_args(const char *cmd, int npos, void (*usage)(FILE *), int argc, char **argv,
                       int full_argc, char **full_argv, cli_run_args *a);
void cli_run_args_free(cli_run_args *a);

/* The run options of a (the years, seed, threads and mode the user gave;
 * `total` replications; this rank's slice is set by the driver). */
void cli_run_options(const cli_run_args *a, int total, fs_run_options *o);

#endif /* FS_CLI_ARGS_H */
