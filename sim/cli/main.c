/* sim/cli/main.c -- the fundsim command line: argv -> fs_* calls ->
 * output/ writers.  No model logic lives here. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef FUNDSIM_WITH_MPI
#include <mpi.h>
#endif

#include "cli.h"

#ifndef FUNDSIM_GIT
#define FUNDSIM_GIT "unknown"
#endif

int cli_rank = 0, cli_ranks = 1;

static void usage(FILE *f)
{
    fputs("usage: fundsim COMMAND [OPTIONS] ...\n"
          "\n"
          "Monte Carlo projection of a resident medical-insurance pooled fund\n"
          "(城乡居民基本医疗保险统筹基金).\n"
          "\n"
          "commands:\n"
          "  check FILE...        validate scenario files\n"
          "  show FILE [--year Y] print every resolved parameter for a policy year\n"
          "  run SCENARIO [...]   simulate and write summary.csv and run.json\n"
          "  compare BASE ALT [...]  run both on common random numbers and write\n"
          "                       each run's files plus diff.csv (alt - base)\n"
          "  help [COMMAND]       this text, or a command's options\n"
          "\n"
          "options:\n"
          "  -h, --help           print this help and exit\n"
          "  -V, --version        print the version and build features and exit\n"
          "\n"
          "Run `fundsim COMMAND --help` for a command's options.\n"
          "Exit status: 0 success, 1 I/O or internal failure, 2 invalid input\n"
          "(invalid scenario or bad arguments).\n",
          f);
}

static void version(void)
{
    printf("fundsim %s (git %s)\n", FS_VERSION, FUNDSIM_GIT);
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
    puts("generator: philox4x32-10");
}

int cli_exit_code(int fs_status)
{
    switch (fs_status) {
    case FS_OK: return CLI_OK;
    case FS_ESCENARIO:
    case FS_EUSAGE: return CLI_USAGE;
    default: return CLI_FAIL;
    }
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!s || !*s || isspace((unsigned char)*s) || *s == '+')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !isdigit((unsigned char)*s)) /* strtoull accepts "-1" */
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    if (cli_rank != 0)
        return CLI_USAGE;
    fprintf(stderr, "fundsim%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'fundsim %s%s--help' for more information.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return CLI_USAGE;
}

void cli_print_diags(const fs_diags *d)
{
    char line[2048];
    size_t n = d ? fs_diags_count(d) : 0;

    for (size_t i = 0; i < n; i++) {
        const fs_diag *g = fs_diags_get(d, i);
        if (g)
            fprintf(stderr, "%s\n", fs_diag_format(g, line, sizeof line));
    }
}

static int dispatch(int argc, char **argv)
{
    const char *cmd;

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
        const char *what = argc > 2 ? argv[2] : NULL;
        if (cli_rank != 0)
            return CLI_OK;
        if (!what)
            usage(stdout);
        else if (!strcmp(what, "check"))
            cli_check_usage(stdout);
        else if (!strcmp(what, "show"))
            cli_show_usage(stdout);
        else if (!strcmp(what, "run"))
            cli_run_usage(stdout);
        else if (!strcmp(what, "compare"))
            cli_compare_usage(stdout);
        else
            return cli_usage_error(NULL, "unknown command '%s'", what);
        return CLI_OK;
    }
    if (!strcmp(cmd, "run"))
        return cli_run(argc - 1, argv + 1, argc, argv);
    if (!strcmp(cmd, "compare"))
        return cli_compare(argc - 1, argv + 1, argc, argv);
    /* check and show are cheap and print: only rank 0 runs them. */
    if (!strcmp(cmd, "check"))
        return cli_rank == 0 ? cli_check(argc - 1, argv + 1) : CLI_OK;
    if (!strcmp(cmd, "show"))
        return cli_rank == 0 ? cli_show(argc - 1, argv + 1) : CLI_OK;
    if (cmd[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", cmd);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

#ifdef FUNDSIM_WITH_MPI
/* --help and --version need no MPI, and a singleton MPI_Init costs most
 * of a second: skip it for them. */
static int needs_mpi(int argc, char **argv)
{
    static const char *const info[] = {"-h", "--help", "-V", "--version", "help"};

    if (argc < 2)
        return 0;
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
        if (!strcmp(argv[1], info[i]))
            return 0;
    return 1;
}
#endif

int main(int argc, char **argv)
{
    int rc;
#ifdef FUNDSIM_WITH_MPI
    int mpi_on = needs_mpi(argc, argv);

    if (mpi_on) {
        if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
            fputs("fundsim: MPI_Init failed\n", stderr);
            return CLI_FAIL;
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &cli_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &cli_ranks);
    }
#endif
    fs_init();
    rc = dispatch(argc, argv);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        fprintf(stderr, "fundsim: cannot write to standard output: %s\n", strerror(errno));
        rc = CLI_FAIL;
    }
#ifdef FUNDSIM_WITH_MPI
    if (mpi_on) {
        /* Every rank leaves with the same status: the worst one. */
        int all = rc;
        MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        rc = all;
        MPI_Finalize();
    }
#endif
    return rc;
}
