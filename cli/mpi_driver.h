/* cli/mpi_driver.h -- running a scenario as `run` and `compare` do: this
 * process's slice of the replications (all of them without MPI), the
 * accounting identities checked, and under MPI every slice gathered on
 * rank 0 in replication order, so rank 0 holds the same results, value for
 * value, as one process would.  Every phase ends with an agreement on the
 * worst status, so a failure on any rank makes every rank exit non-zero. */
#ifndef FS_CLI_MPI_DRIVER_H
#define FS_CLI_MPI_DRIVER_H

#include "args.h"
#include "common.h"

/* MPI start-up and the final agreement on the exit code (no-ops without
 * MPI).  --help and --version start no MPI. */
int cli_mpi_start(int *argc, char ***argv);
int cli_mpi_end(int rc);

/* Agrees on the worst exit code of all ranks (collective under MPI) and
 * prints msg once as "fundsim CMD: MSG" when code is not CLI_OK. */
int cli_agree(const char *cmd, int code, const char *msg);

/* A simulation: res is the whole run on rank 0, NULL on other ranks. */
typedef struct cli_sim {
    fs_results *mine; /* this rank's slice */
    fs_results *all;  /* rank 0 under MPI: the gathered run */
    const fs_results *res;
} cli_sim;

/* Collective.  Runs `total` replications of sc with the options of `a`
 * (mode overridden by `mode` unless FS_MODE_AUTO); `path` names the
 * scenario in messages.  Returns an exit code agreed by all ranks.  Free
 * with cli_sim_free in every case. */
int cli_simulate(const char *cmd, const char *path, const fs_scenario *sc, const cli_run_args *a,
                 fs_mode mode, int total, cli_sim *sim);
void cli_sim_free(cli_sim *sim);

#endif /* FS_CLI_MPI_DRIVER_H */
