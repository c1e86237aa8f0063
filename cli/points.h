/* cli/points.h -- what `sweep` and `solve` share: the scenario studied
 * (with the user's --set overrides, on one seed, horizon and replication
 * count, so every point runs on common random numbers and in one mode),
 * one point of it run as `run` runs it (cli_simulate: every rank),
 * summarised on rank 0, and the label of a varied parameter. */
#ifndef FS_CLI_POINTS_H
#define FS_CLI_POINTS_H

#include "args.h"
#include "mpi_driver.h"

typedef struct cli_study {
    fs_scenario *sc; /* a->scenario with a->sets */
    fs_diags *d;
    int total;       /* replications */
    fs_mode mode;    /* FS_MODE_AUTO until the first point has run: then its mode */
} cli_study;

/* Loads a->scenario with a->sets (every rank) and fixes the seed, the
 * horizon and the replications in a (the scenario's unless given).  An
 * exit code agreed by all ranks; free with cli_study_free in every case. */
int cli_study_start(const char *cmd, cli_run_args *a, cli_study *s);
void cli_study_free(cli_study *s);

typedef struct cli_point {
    fs_scenario *sc;
    fs_diags *d;
    cli_sim sim;
    fs_stat *stats; /* rank 0: years x FS_M_COUNT */
} cli_point;

/* Runs the study's scenario with a->sets and then the n overrides `extra`,
 * in the study's mode (which the first point fixes).  Collective; an exit
 * code agreed by all ranks.  Free with cli_point_free in every case. */
int cli_point_run(const char *cmd, const cli_run_args *a, cli_study *s,
                  const char *const *extra, size_t n, cli_point *p);
void cli_point_free(cli_point *p);

/* Loads (does not run) the study's scenario with a->sets and the n
 * overrides `extra`, so a bad value of a varied parameter is reported
 * before any run: an exit code agreed by all ranks. */
int cli_point_check(const char *cmd, const cli_run_args *a, const char *const *extra, size_t n);

/* The Chinese label of the parameter at key path `path` in sc (a growth
 * rule, PATH.growth, is labelled "<its parameter's label> 增长"); "" if sc
 * has none. */
void cli_vary_label(const fs_scenario *sc, const char *path, char *buf, size_t n);

/* Rank 0's x to every rank (collective under MPI; a no-op without). */
void cli_bcast_double(double *x);

#endif /* FS_CLI_POINTS_H */
