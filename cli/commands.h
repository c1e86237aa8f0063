/* cli/commands.h -- the commands of `fundsim`, one per cmd_*.c file; main.c
 * dispatches on this table and lists it in `fundsim --help`. */
#ifndef FS_CLI_COMMANDS_H
#define FS_CLI_COMMANDS_H

#include <stdio.h>

typedef struct cli_command {
    const char *name;
    const char *synopsis; /* "run SCENARIO [...]" for `fundsim --help` */
    const char *summary;  /* what it does, one line */
    /* argc/argv start at the command's name; full_* is the whole line. */
    int (*main)(int argc, char **argv, int full_argc, char **full_argv);
    void (*usage)(FILE *f);
    int all_ranks;        /* under MPI: 1 every rank runs it, 0 only rank 0 */
} cli_command;

extern const cli_command cli_cmd_check, cli_cmd_show, cli_cmd_diff, cli_cmd_run, cli_cmd_compare,
    cli_cmd_sweep, cli_cmd_solve, cli_cmd_calibrate, cli_cmd_runs;

#endif /* FS_CLI_COMMANDS_H */
