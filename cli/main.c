/* cli/main.c -- the fundsim command line: argv -> a command of the table
 * in commands.h.  No model logic and no format lives in cli/: the commands
 * wire the library (fundsim.h) to the writers (output/). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "mpi_driver.h"

static const cli_command *const commands[] = {&cli_cmd_check, &cli_cmd_show,  &cli_cmd_diff,
                                              &cli_cmd_run,   &cli_cmd_compare, &cli_cmd_sweep,
                                              &cli_cmd_solve, &cli_cmd_calibrate, &cli_cmd_runs};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void usage(FILE *f)
{
    fputs("usage: fundsim COMMAND [OPTIONS] ...\n"
          "\n"
          "Monte Carlo projection of a resident medical-insurance pooled fund\n"
          "(城乡居民基本医疗保险统筹基金).\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strlen(commands[i]->synopsis) < 24) /* a long synopsis gets a line of its own */
            fprintf(f, "  %-24s%s\n", commands[i]->synopsis, commands[i]->summary);
        else
            fprintf(f, "  %s\n  %-24s%s\n", commands[i]->synopsis, "", commands[i]->summary);
    fputs("  help [COMMAND]          this text, or a command's options\n"
          "\n"
          "options:\n"
          "  -h, --help              print this help and exit\n"
          "  -V, --version           print the version and build features and exit\n"
          "\n"
          "Run `fundsim COMMAND --help` for a command's options; `man fundsim` for the\n"
          "manual.  Exit status: 0 success, 1 I/O, numerical or internal failure,\n"
          "2 invalid input (invalid scenario or bad arguments), 130/143 interrupted\n"
          "by SIGINT/SIGTERM.\n",
          f);
}

static void version(void)
{
    printf("fundsim %s (git %s)\n", FS_VERSION, cli_git());
#ifdef FUNDSIM_WITH_MPI
    puts("mpi: yes");
#else
    puts("mpi: no");
#endif
#ifdef _OPENMP
    puts("openmp: yes");
#else
    puts("openmp: no");
#endif
    printf("generator: %s (stream table v%d)\n", fs_generator_name(), fs_stream_table_version());
}

static int dispatch(int argc, char **argv)
{
    const char *cmd;
    const cli_command *c;

    if (argc < 2) {
        if (cli_rank == 0)
            usage(stderr);
        return CLI_USAGE;
    }
    cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
        if (cli_rank == 0)
            usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
        if (cli_rank == 0)
            version();
        return CLI_OK;
    }
    if (!strcmp(cmd, "help")) {
        if (cli_rank != 0)
            return CLI_OK;
        if (argc <= 2) {
            usage(stdout);
            return CLI_OK;
        }
        c = find(argv[2]);
        if (!c)
            return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        c->usage(stdout);
        return CLI_OK;
    }
    c = find(cmd);
    if (c) /* check and show are cheap and print: only rank 0 runs them */
        return c->all_ranks || cli_rank == 0 ? c->main(argc - 1, argv + 1, argc, argv) : CLI_OK;
    if (cmd[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", cmd);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    int rc = cli_mpi_start(&argc, &argv);

    if (rc != CLI_OK)
        return rc;
    fs_init();
    rc = dispatch(argc, argv);
    /* Every command: output that could not be written is a failure (1),
     * even when a command flushed (and lost) it itself, as check does. */
    errno = 0;
    if ((fflush(stdout) != 0 || ferror(stdout)) && (rc == CLI_OK || rc == CLI_USAGE)) {
        fprintf(stderr, "fundsim: cannot write to standard output: %s\n",
                errno ? strerror(errno) : "write error");
        rc = CLI_FAIL;
    }
    return cli_mpi_end(rc);
}
