/* cli/outputs.h -- the output set: one table of every file `run` and
 * `compare` write (name, when, scope, writer), which drives the staging of
 * a result directory, the removal of stale files, the lists of outputs in
 * run.json and compare.json, and the messages.  A new output format is a
 * writer in output/ and one row in outputs.c. */
#ifndef FS_CLI_OUTPUTS_H
#define FS_CLI_OUTPUTS_H

#include <stddef.h>

#include "args.h"
#include "fs_output.h"

/* Where a file goes: each run's directory (run's DIR; compare's base/ and
 * alt/), the top of a comparison, a sweep's or a solve's directory. */
typedef enum {
    CLI_SCOPE_RUN = 0,
    CLI_SCOPE_COMPARE = 1,
    CLI_SCOPE_SWEEP = 2,
    CLI_SCOPE_SOLVE = 3
} cli_scope;

/* What the writers of one directory draw on. */
typedef struct cli_out_ctx {
    const fs_results *res;          /* run: the run; compare: the paired difference */
    const fs_stat *stats, *gstats;  /* summaries of res (gstats: run only) */
    const fs_diff_set *diffs;       /* compare: each alternative against the base */
    size_t ndiffs;
    const fs_params_diff_set *pdiffs; /* compare: what changed, per alternative */
    fs_run_info *run_info;          /* run: the provenance record */
    fs_compare_info *compare_info;  /* compare: the provenance record */
    fs_sweep_info *sweep;           /* sweep: the points and the record */
    fs_solve_info *solve;           /* solve: the answer and the record (res, stats: its run) */
    double t0;                      /* start of the command: the record's wall time */
    const fs_scenario *sc;          /* run, solve: the scenario run (its parameters in
                                       report.html and the workbook) */
    int lang_en;                    /* --lang en: report.html and the workbooks English first */
} cli_out_ctx;

/* The names of the files of `scope` that a writes, in writing order (the
 * provenance record last); returns their number (at most CLI_OUT_MAX). */
#define CLI_OUT_MAX 16
size_t cli_outputs(cli_scope scope, const cli_run_args *a, const char *names[CLI_OUT_MAX]);

/* Stages into st every file of `scope` that a writes, from ctx, in table
 * order; the provenance record, written last, gets its wall time then.
 * FS_OK or an FS_* error with a message in err. */
int cli_stage_outputs(fs_out_stage *st, cli_scope scope, const cli_run_args *a,
                      const cli_out_ctx *ctx, char *err, size_t errlen);

/* Registers in st, for removal by its commit, the files of `scope` that a
 * does not write (an earlier run's replications.csv or workbook would not
 * match).  FS_OK or an FS_* error with a message. */
int cli_stage_stale(fs_out_stage *st, cli_scope scope, const cli_run_args *a, char *err,
                    size_t errlen);

/* Stages into st the directory of one run: res of scenario sc summarised,
 * every file of the run scope that a writes, run.json last (wall time
 * since t0).  FS_OK or an FS_* error with a message in err. */
int cli_stage_run_dir(fs_out_stage *st, const cli_run_args *a, const fs_scenario *sc,
                      const fs_results *res, double t0, char *err, size_t errlen);

/* Refuses to write the results of scenario `name`, whose provenance
 * record is `record` ("run.json", "sweep.json", "solve.json"), into dir
 * when dir holds the record of another command, or its own record naming
 * another scenario (unless force): nothing silently replaces or mixes with
 * another scenario's results.  FS_OK or FS_EUSAGE with a message. */
int cli_check_owner(const char *dir, const char *name, const char *record, int force, char *err,
                    size_t errlen);

/* "summary.csv, groups.csv, run.json" for the messages. */
void cli_outputs_text(cli_scope scope, const cli_run_args *a, char *buf, size_t n);

#endif /* FS_CLI_OUTPUTS_H */
