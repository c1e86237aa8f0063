/* cli/progress.h -- the progress line of a simulation on a terminal:
 * "fundsim run: 37/100 reps, 12.5 reps/s, ETA 5 s" on stderr, redrawn in
 * place (\r) at most every CLI_PROGRESS_PERIOD seconds and erased at the
 * end.  Drawn only when stderr is a terminal (isatty), the run is not
 * --quiet and this is MPI rank 0 (which counts its own share of the
 * replications; Open MPI's mpirun hands ranks a pipe as stderr, so under
 * it there is usually no line); otherwise nothing is written, so no file or pipe
 * ever holds a byte of it.  The engine only calls cli_progress_cb
 * (fs_run_options.progress); it knows nothing of terminals. */
#ifndef FS_CLI_PROGRESS_H
#define FS_CLI_PROGRESS_H

#include <stdio.h>

#define CLI_PROGRESS_PERIOD 0.25 /* seconds between two redraws, at least */

typedef struct cli_progress {
    FILE *f;          /* NULL: silent */
    char label[160];  /* "fundsim run" or "fundsim compare: alt.yaml" */
    char share[48];   /* " (rank 0 of 4)" under MPI, else "" */
    double t0, last;  /* start and last redraw (cli_now) */
    int width;        /* characters of the line on screen (to erase it) */
} cli_progress;

/* Whether a progress line would be drawn: stream f is a terminal and not
 * quiet. */
int cli_progress_wanted(FILE *f, int quiet);

/* Starts a line on f (NULL or !wanted: silent) and draws "0/total reps". */
void cli_progress_start(cli_progress *p, FILE *f, const char *label, int total);
/* fs_run_options.progress: ctx is a cli_progress.  At done = total it
 * erases the line and restarts the clock, so one cli_progress serves the
 * successive fs_run calls of calibrate. */
void cli_progress_cb(int done, int total, void *ctx);
/* Erases the line (nothing when silent or nothing drawn). */
void cli_progress_end(cli_progress *p);

/* The text of the line (for the tests): "LABEL: DONE/TOTAL reps[SHARE],
 * RATE reps/s, ETA T" (no rate and ETA before the first replication). */
void cli_progress_text(const cli_progress *p, int done, int total, double elapsed, char *buf,
                       size_t n);

#endif /* FS_CLI_PROGRESS_H */
