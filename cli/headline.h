/* cli/headline.h -- the few lines `fundsim run` prints on stdout at the end
 * of a successful run (unless --quiet): what ran, the surplus rate (mean)
 * of the first and the last policy year and whether it lies in the
 * 略有结余 band (fund.target_band), P(depleted by) the horizon -- or, for a
 * county ledger (fund.pooling: ledger), whose balance-based figures are
 * empty, the net transfer to the municipal pool over the horizon -- and
 * where the files are.  Chinese by default, English with --lang en.  The
 * figures are those of summary.csv (the same summary), rounded. */
#ifndef FS_CLI_HEADLINE_H
#define FS_CLI_HEADLINE_H

#include <stdio.h>

#include "fs_output.h"
#include "fundsim.h"

/* Writes the headline of run `res` of sc to f: `dir` and `files` (e.g.
 * "summary.csv, groups.csv, run.json") say where the files are, `secs` the
 * time taken; en: English, else Chinese.  FS_OK or FS_ENOMEM (nothing
 * written). */
int cli_headline(FILE *f, const fs_scenario *sc, const fs_results *res, const char *dir,
                 const char *files, double secs, int en);

/* compare's headline: the base's sizes, then per alternative the surplus
 * rate (mean) of base and alternative in the first and last year with the
 * paired difference and its se, and P(depleted by) the horizon of each
 * (none on a ledger); where the files are.  sc[0], res[0]: the base; n
 * runs in all. */
int cli_headline_compare(FILE *f, const fs_scenario *const *sc, const fs_results *const *res,
                         int n, const char *dir, const char *files, double secs, int en);

/* sweep's headline: the points, the range of the first year's mean surplus
 * rate over them (and where it is reached), how many points lie in the
 * 略有结余 band of sc (the first point's scenario) that year, the files. */
int cli_headline_sweep(FILE *f, const fs_scenario *sc, const fs_sweep_info *sw, const char *dir,
                       const char *files, double secs, int en);

/* solve's headline: the answer (the override), the range and tolerance,
 * the target's value there (se) and year, the bracket, the runs made, the
 * files; then a note when the answer is the end of the range, the target
 * holds in a band, or it was not monotone. */
void cli_headline_solve(FILE *f, const fs_solve_info *sv, const char *set, double tol,
                        const char *dir, const char *files, double secs, int en);

#endif /* FS_CLI_HEADLINE_H */
