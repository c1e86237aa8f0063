/* cli/args.h -- the options of the commands that run a scenario: run,
 * compare, sweep and solve. */
#ifndef FS_CLI_ARGS_H
#define FS_CLI_ARGS_H

#include <stdio.h>

#include "common.h"

/* What a command takes beyond the common options. */
typedef struct cli_argspec {
    int min_pos, max_pos; /* scenario files (max_pos 0: any number) */
    int max_vary;         /* --vary PATH=FROM:TO:STEP (sweep) or --vary PATH (solve) */
    int target;           /* --target EXPR and --max (solve) */
    int no_json;          /* 2: --format, --excel-csv and --lang refused (calibrate:
                             no CSV, no headline); 0: accepted */
} cli_argspec;

typedef struct cli_run_args {
    const char *scenario;  /* the (first) scenario: run's SCENARIO, compare's BASE */
    const char **paths;    /* every scenario file given, in order */
    int npaths;
    const char **sets;     /* --set KEY.PATH=VALUE (or +=, *=), in order */
    size_t nsets;
    const char *vary[2];   /* --vary, at most max_vary */
    int nvary;
    const char *target;    /* --target */
    int maximize;          /* --max: the largest value that meets the target */
    double tol;            /* --tol: solve's tolerance (has_tol) */
    int has_tol;
    int force;             /* --force: replace results of another scenario in --out */
    const char *out;
    long reps, years, threads;
    uint64_t seed;
    int has_reps, has_years, has_threads, has_seed;
    fs_mode mode;          /* --mode; FS_MODE_AUTO when not given */
    int keep_reps, quiet;
    int xlsx;              /* --xlsx: also the workbooks */
    int excel_csv;         /* --excel-csv: every CSV starts with a UTF-8 BOM */
    int csv;               /* write the CSVs: no --format, or csv in it */
    int json;              /* --format json: summary.json */
    int html;              /* --format html: report.html */
    int has_format;        /* --format given (csv then only when listed) */
    unsigned formats;      /* the --format values given, CLI_FMT_* */
    const char *store;     /* --store FILE: append the run's record to this SQLite store */
    int lang_en, has_lang; /* --lang en: run's headline in English (default zh) */
    const char *checkpoint; /* --checkpoint FILE (run): save finished replications, resume */
    double ckpt_every;     /* --checkpoint-every SEC: seconds between saves (default 30) */
    int ckpt_keep;         /* --checkpoint-keep: keep FILE after a successful run */
    char **cmdline;        /* the command line as typed (getopt permutes argv) */
    int cmdline_argc;
} cli_run_args;

/* Copies the full command line into a->cmdline (for the provenance
 * record) and parses the options of `cmd` and its scenario files as spec
 * allows.  CLI_OK; CLI_USAGE or CLI_FAIL (message printed); or -1 after
 * printing usage(stdout) for --help.  Free with cli_run_args_free in every
 * case. */
int cli_parse_run_args(const char *cmd, const cli_argspec *spec, void (*usage)(FILE *), int argc,
                       char **argv, int full_argc, char **full_argv, cli_run_args *a);
void cli_run_args_free(cli_run_args *a);

/* A parameter varied by sweep (FROM:TO:STEP) or solve (FROM:TO):
 * PATH=..., PATH+=... or PATH*=... (the value set, or the shift or scale of
 * the scenario's own). */
typedef struct cli_vary {
    char path[256];
    const char *op; /* "=", "+=" or "*=" */
    double from, to, step; /* step 0 for solve */
    int decimals;          /* the most decimals FROM, TO and STEP were written with (-1: an
                              exponent), to which grid values are rounded */
} cli_vary;

/* Parses "PATH=FROM:TO:STEP" (with_step) or "PATH=FROM:TO".  CLI_OK or
 * CLI_USAGE (printed, naming cmd). */
int cli_parse_vary(const char *cmd, const char *text, int with_step, cli_vary *v);

/* The override of v at x: "PATH=x", "PATH+=x" or "PATH*=x" (shortest
 * decimal that reads back as x). */
void cli_vary_set(const cli_vary *v, double x, char *buf, size_t n);

/* The run options of a (the years, seed, threads and mode the user gave;
 * `total` replications; this rank's slice is set by the driver). */
void cli_run_options(const cli_run_args *a, int total, fs_run_options *o);

#endif /* FS_CLI_ARGS_H */
