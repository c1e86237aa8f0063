/* cli/checkpoint.h -- `run --checkpoint FILE`: the replications run in
 * chunks (fs_run_options.first_rep/rep_count), each finished chunk's
 * values, group table and per-replication totals appended to FILE and
 * fsync'ed; a later run with the same FILE and the same inputs loads the
 * finished chunks and runs only the rest, and its results are the same
 * bytes as an uninterrupted run's (every replication is addressed by
 * (seed, rep); the run's totals are re-summed in replication order).
 *
 * FILE (binary, this machine's byte order, which it records):
 *   header  "FSCKPT01", uint32 L, L bytes of identity text, SHA-256 of the text
 *   records "FSCKREC1", int32 first, count, threads, nv, ng, 0;
 *           count x 2 totals, count x nv values, count x ng group values
 *           (doubles); SHA-256 of the record's bytes before it
 * The identity text has one "key value" line per input: format, fundsim
 * version, generator, stream table version, byte order, scenario name,
 * every scenario file's SHA-256 (and path), every --set, seed,
 * replications, years, requested mode.  A FILE whose identity differs is
 * refused (exit 2) with the keys that differ; a FILE that is not a
 * checkpoint is refused and left alone.  The header is written to a
 * temporary, fsync'ed and renamed into place; a record counts only when
 * whole and its SHA-256 matches, so a write cut short (a kill, a full
 * disk) loses that record only: the resumed run truncates it away.
 *
 * One process: under MPI with more than one rank cmd_run refuses it. */
#ifndef FS_CLI_CHECKPOINT_H
#define FS_CLI_CHECKPOINT_H

#include "args.h"
#include "mpi_driver.h"

#define CLI_CKPT_EVERY 30.0 /* default seconds between two saves */

/* Runs the `total` replications of sc as cli_simulate does, resuming
 * from and saving to a->checkpoint.  Returns an exit code (messages
 * printed): 2 for a checkpoint of other inputs or a file that is not
 * one, 130/143 when a signal stopped it (the finished chunks stay saved).
 * Free sim with cli_sim_free in every case. */
int cli_simulate_checkpointed(const char *cmd, const char *path, const fs_scenario *sc,
                              const cli_run_args *a, int total, cli_sim *sim);

/* After the results were written: removes the checkpoint unless
 * --checkpoint-keep.  FS_OK or FS_EIO with a message. */
int cli_checkpoint_done(const cli_run_args *a, char *err, size_t errlen);

#endif /* FS_CLI_CHECKPOINT_H */
