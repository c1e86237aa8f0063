/* cli/signals.h -- SIGINT and SIGTERM for the commands that simulate
 * (run, compare, sweep, solve, calibrate): a handler records the signal,
 * the engine asks cli_cancel between replications and cells
 * (fs_run_options.cancel) and stops within about a second, the command
 * then abandons its staged files (no summary.csv, no run.json) and exits
 * 128 + the signal: 130 for SIGINT, 143 for SIGTERM.
 *
 * The handlers are installed with sigaction whatever the inherited
 * disposition: a job started with `&` by a script without job control
 * inherits SIGINT ignored (POSIX), and PID 1 of a container gets no
 * default action for either signal; both must still stop fundsim.  A
 * second signal while the first is being honoured ends the process at
 * once (_exit(128 + signal)), leaving what the staging left. */
#ifndef FS_CLI_SIGNALS_H
#define FS_CLI_SIGNALS_H

#include <stddef.h>

/* Installs the handlers of SIGINT and SIGTERM (idempotent).  0, or -1 if
 * sigaction failed (the command then runs with the inherited dispositions). */
int cli_signals_install(void);

/* The signal received (SIGINT or SIGTERM), 0 if none. */
int cli_signal_received(void);

/* fs_run_options.cancel: whether a signal was received (ctx unused).
 * Thread-safe and cheap (one relaxed atomic load). */
int cli_cancel(void *ctx);

/* The exit code of an interruption: 128 + the signal received (130 when
 * none was: an FS_ECANCELED from elsewhere). */
int cli_signal_exit_code(void);

/* FS_OK, or FS_ECANCELED with "interrupted by SIGINT: nothing written" in
 * err when a signal was received: called just before a command publishes
 * its staged files, so an interrupted command aborts them instead. */
int cli_interrupted(char *err, size_t errlen);

/* For the tests: records sig as if it had been delivered (0 clears). */
void cli_signal_set(int sig);

#endif /* FS_CLI_SIGNALS_H */
