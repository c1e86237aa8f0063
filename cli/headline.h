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

#include "fundsim.h"

/* Writes the headline of run `res` of sc to f: `dir` and `files` (e.g.
 * "summary.csv, groups.csv, run.json") say where the files are, `secs` the
 * time taken; en: English, else Chinese.  FS_OK or FS_ENOMEM (nothing
 * written). */
int cli_headline(FILE *f, const fs_scenario *sc, const fs_results *res, const char *dir,
                 const char *files, double secs, int en);

#endif /* FS_CLI_HEADLINE_H */
