/* cli/cmd_runs.c -- `fundsim runs FILE [--show ID]`: the runs kept in a run
 * store (`fundsim run --store FILE`), or one run's summary again.  Only
 * wiring: the store is output/store.c. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "fs_output.h"

static void usage(FILE *f)
{
    fputs("usage: fundsim runs FILE [--show ID]\n"
          "\n"
          "Lists the runs kept in the run store FILE (written by `fundsim run\n"
          "--store FILE`), one per line: id, time (UTC), scenario, seed,\n"
          "replications, years and the first year's mean surplus rate.\n"
          "The store is an SQLite file (tables meta, runs, run_files,\n"
          "run_overrides, summary) that sqlite3 or Python can query.\n"
          "\n"
          "  -s, --show ID   print run ID's summary as summary.csv (the same bytes as\n"
          "                  the run's summary.csv, without the BOM of --excel-csv)\n"
          "  -h, --help      print this help and exit\n"
          "\n"
          "Exit status: 0 success, 1 I/O failure, 2 not a run store, unknown id or\n"
          "bad arguments.\n",
          f);
}

static int runs_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const struct option opts[] = {{"show", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c, st, has_show = 0;
    long show = 0;
    char msg[1024];

    (void)full_argc;
    (void)full_argv;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (cli_parse_long(optarg, 1, 0x7fffffffL, &show) != 0)
                return cli_usage_error("runs", "--show must be a run id >= 1, got '%s'",
                                       optarg);
            has_show = 1;
            break;
        case 'h': usage(stdout); return CLI_OK;
        case ':':
            return cli_usage_error("runs", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("runs", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("runs", argc - optind ? "expected one run store file"
                                                     : "no run store file given");
    msg[0] = '\0';
    st = has_show ? fs_out_store_show(stdout, argv[optind], show, msg, sizeof msg)
                  : fs_out_store_list(stdout, argv[optind], msg, sizeof msg);
    if (st == FS_OK && fflush(stdout) != 0)
        st = FS_EIO;
    if (st != FS_OK)
        fprintf(stderr, "fundsim runs: %s\n", msg[0] ? msg : fs_strerror(st));
    return cli_exit_code(st);
}

const cli_command cli_cmd_runs = {"runs", "runs FILE [--show ID]",
                                  "list the runs of a run store, or print one's summary",
                                  runs_main, usage, 0};
