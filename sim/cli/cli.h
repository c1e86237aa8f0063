/* sim/cli/cli.h -- shared pieces of the fundsim command line. */
#ifndef FS_CLI_H
#define FS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fundsim.h"

#ifndef FUNDSIM_GIT
#define FUNDSIM_GIT "unknown"
#endif

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

/* snprintf for messages, where truncating a long path is fine. */
void cli_msgf(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Loads one scenario: FS_OK, or an FS_* status with the diagnostics printed
 * on rank 0 and a one-line message in msg.  *d is allocated unless the
 * status is FS_ENOMEM (free with fs_diags_free); *sc only on FS_OK. */
int cli_load_scenario(const char *path, fs_scenario **sc, fs_diags **d, char *msg, size_t n);

/* Prints every diagnostic of d to stderr, one line each. */
void cli_print_diags(const fs_diags *d);

/* MPI rank and size (0 and 1 without MPI). */
extern int cli_rank, cli_ranks;

/* ------------------------------------------------------------------ */
/* Pieces of `run` shared with `compare` (cmd_run.c). */

/* The options of run and compare. */
typedef struct cli_run_args {
    const char *scenario;  /* run: SCENARIO; compare: BASE */
    const char *scenario2; /* compare: ALT */
    const char *out;
    long reps, years, threads;
    uint64_t seed;
    int has_reps, has_years, has_threads, has_seed;
    fs_mode mode;
    int keep_reps, quiet;
    int xlsx; /* --xlsx: also summary.xlsx (and diff.xlsx for compare) */
} cli_run_args;

/* Parses the options of `cmd` ("run" or "compare") and its npos (1 or 2)
 * scenario files.  CLI_OK, CLI_USAGE (message printed), or -1 after
 * printing usage(stdout) for --help. */
int cli_parse_run_args(const char *cmd, int npos, void (*usage)(FILE *), int argc, char **argv,
                       cli_run_args *a);

/* The start of run and compare: copies the command line as typed into
 * *cmdline (for run.json; free it) and parses the options as
 * cli_parse_run_args does.  On anything but CLI_OK *cmdline is NULL;
 * -1 means --help was printed. */
int cli_begin(const char *cmd, int npos, void (*usage)(FILE *), int argc, char **argv,
              int full_argc, char **full_argv, cli_run_args *a, char ***cmdline);

/* Agrees on the worst exit code of all ranks (collective under MPI) and
 * prints msg once as "fundsim CMD: MSG" when code is not CLI_OK. */
int cli_agree(const char *cmd, int code, const char *msg);

double cli_now(void);

/* results/<name>, with characters that would leave results/ replaced. */
void cli_default_dir(const char *name, char *dir, size_t n);

/* A simulation as `run` does it: this rank's slice of `total`
 * replications, the accounting identities checked, and (MPI, >1 rank)
 * every slice gathered on rank 0.  res is the whole run on rank 0 and
 * NULL on other ranks.  Free with cli_sim_free. */
typedef struct cli_sim {
    fs_results *mine;
    fs_results all;     /* rank 0 under MPI: the gathered run */
    double *gathered;   /* its values */
    double *ggathered;  /* its group table */
    const fs_results *res;
} cli_sim;

/* Collective.  `a` gives years, seed, threads and mode; `path` names the
 * scenario in messages.  Returns an exit code agreed by all ranks. */
int cli_simulate(const char *cmd, const char *path, const fs_scenario *sc, const cli_run_args *a,
                 int total, cli_sim *sim);
void cli_sim_free(cli_sim *sim);

struct fs_out_stage;
/* Stages into st (not committed) the files `run` writes for res:
 * summary.csv, groups.csv, replications.csv (with a->keep_reps), summary.xlsx (with
 * a->xlsx) and run.json, which records argv and the wall time since t0.  FS_OK or an FS_* error with
 * a message in err. */
int cli_stage_run_files(struct fs_out_stage *st, const cli_run_args *a, const fs_scenario *sc,
                        const fs_results *res, double t0, int argc, char **argv, char *err,
                        size_t errlen);

/* Without --keep-reps, removes DIR/replications.csv left by an earlier
 * run (it would not match); without --xlsx, DIR/summary.xlsx likewise.
 * FS_OK or FS_EIO with a message. */
int cli_remove_stale_reps(const cli_run_args *a, const char *dir, char *err, size_t errlen);

/* The files sc was built from with their SHA-256, for run.json and
 * compare.json. */
typedef struct cli_hashes {
    size_t n;
    const char **files;
    char (*hex)[65];
    const char **hexp; /* hexp[i] = hex[i] */
} cli_hashes;

/* FS_OK, FS_ENOMEM or FS_EIO (a file cannot be read) with a message;
 * free with cli_hashes_free in every case. */
int cli_hashes_make(const fs_scenario *sc, cli_hashes *h, char *err, size_t errlen);
void cli_hashes_free(cli_hashes *h);

/* The threads a rank uses, for run.json (0 when unknown). */
int cli_threads_used(const cli_run_args *a);

/* The commands: argc/argv start at the command name. */
int cli_check(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_run(int argc, char **argv, int full_argc, char **full_argv);
int cli_compare(int argc, char **argv, int full_argc, char **full_argv);

void cli_check_usage(FILE *f);
void cli_show_usage(FILE *f);
void cli_run_usage(FILE *f);
void cli_compare_usage(FILE *f);

#endif /* FS_CLI_H */
