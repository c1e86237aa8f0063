/* cli/estimate.h -- what a simulation will need, before it runs: memory
 * (the results of every replication: values and group table, from
 * fs_run_estimate) against the memory available (MemAvailable of
 * /proc/meminfo, else sysconf(_SC_AVPHYS_PAGES); the address-space limit
 * if lower), and time (fs_estimate.cpu_seconds over the threads and
 * ranks).  A run that cannot fit is refused with the estimate (exit 2); a
 * long one (over CLI_ESTIMATE_SHOW seconds or 1 GiB) has its estimate
 * printed on stderr when stderr is a terminal (like the progress line). */
#ifndef FS_CLI_ESTIMATE_H
#define FS_CLI_ESTIMATE_H

#include "args.h"

#define CLI_ESTIMATE_SHOW 10.0 /* seconds: longer runs print their estimate */

/* Estimates the run of sc with options o (the whole run: o's replications,
 * not a slice) into *e.  FS_OK; FS_EUSAGE when it cannot fit in memory
 * (err: the estimate and what is available); or fs_run_estimate's error.
 * Prints the estimate of a long run on a terminal when show (rank 0, not
 * --quiet). */
int cli_estimate_check(const char *cmd, const fs_scenario *sc, const fs_run_options *o,
                       const cli_run_args *a, int show, fs_estimate *e, char *err, size_t errlen);

/* "1.3 GB", "512 MB", "12 kB" (decimal units). */
void cli_bytes_text(double bytes, char *buf, size_t n);

#endif /* FS_CLI_ESTIMATE_H */
