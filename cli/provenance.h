/* cli/provenance.h -- the records of what was run (run.json,
 * compare.json): the scenario files with the digests the loader took as it
 * read them, the build, the ranks and the command line.  Everything else a
 * record holds (seed, sizes, modes, threads) is in the results. */
#ifndef FS_CLI_PROVENANCE_H
#define FS_CLI_PROVENANCE_H

#include "args.h"
#include "fs_output.h"

/* The files sc was built from and their SHA-256 (fs_scenario_file_sha256):
 * FS_OK or FS_ENOMEM; free with cli_file_list_free in every case. */
int cli_file_list_of(const fs_scenario *sc, fs_file_list *fl);
void cli_file_list_free(fs_file_list *fl);

/* A run's record: git, the scenario's files, ranks, the command line and
 * the n output names (wall time: set when it is written). */
void cli_run_info_init(fs_run_info *info, const cli_run_args *a, const fs_file_list *files,
                       const char *const *outputs, size_t n);

/* A comparison's record: both sides (results and files), the command line
 * and the n output names. */
void cli_compare_info_init(fs_compare_info *info, const cli_run_args *a, const fs_results *base,
                           const fs_file_list *base_files, const fs_results *alt,
                           const fs_file_list *alt_files, const char *const *outputs, size_t n);

#endif /* FS_CLI_PROVENANCE_H */
