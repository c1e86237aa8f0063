/* cli/cmd_show.c -- `fundsim show FILE [--year Y]`: the resolved
 * parameters of a scenario for one policy year. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "fs_output.h"

static void usage(FILE *f)
{
    fputs("usage: fundsim show FILE [--year Y]\n"
          "\n"
          "Prints every resolved parameter (after extends: and defaults) for policy\n"
          "year Y as a table: key path, value, unit, source reference and where the\n"
          "value came from (file:line:col, the extended file, or default).\n"
          "\n"
          "  -y, --year Y   policy year (default: the scenario's start_year)\n"
          "  -h, --help     print this help and exit\n",
          f);
}

static int show_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c, st, rc, has_year = 0;
    long year = 0;
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    char msg[600];

    (void)full_argc;
    (void)full_argv;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (cli_parse_long(optarg, FS_YEAR_MIN, FS_YEAR_MAX, &year) != 0)
                return cli_usage_error("show", "--year must be a year in %d..%d, got '%s'",
                                       FS_YEAR_MIN, FS_YEAR_MAX, optarg);
            has_year = 1;
            break;
        case 'h': usage(stdout); return CLI_OK;
        case ':':
            return cli_usage_error("show", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("show", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("show", argc - optind ? "expected one scenario file"
                                                     : "no scenario file given");
    st = cli_load_scenario(argv[optind], NULL, 0, &sc, &d, msg, sizeof msg);
    fs_diags_free(d);
    if (st != FS_OK) {
        fprintf(stderr, "%s\n", msg);
        return cli_exit_code(st);
    }
    if (!has_year)
        year = fs_scenario_start_year(sc);
    st = fs_out_show(stdout, sc, (int)year);
    rc = cli_exit_code(st);
    if (st != FS_OK)
        fprintf(stderr, "fundsim show: %s\n", fs_strerror(st));
    fs_scenario_free(sc);
    return rc;
}

const cli_command cli_cmd_show = {"show", "show FILE [--year Y]",
                                  "print every resolved parameter for a policy year", show_main,
                                  usage, 0};
