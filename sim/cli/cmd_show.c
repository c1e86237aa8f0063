/* sim/cli/cmd_show.c -- `fundsim show FILE [--year Y]`: the resolved
 * parameters of a scenario for one policy year. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "fs_output.h"

void cli_show_usage(FILE *f)
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

int cli_show(int argc, char **argv)
{
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c, st, rc, has_year = 0;
    long year = 0;
    fs_scenario *sc = NULL;
    fs_diags *d;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (cli_parse_long(optarg, 1900, 2200, &year) != 0)
                return cli_usage_error("show", "--year must be a year in 1900..2200, got '%s'",
                                       optarg);
            has_year = 1;
            break;
        case 'h': cli_show_usage(stdout); return CLI_OK;
        case ':':
            return cli_usage_error("show", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("show", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("show", argc - optind ? "expected one scenario file"
                                                     : "no scenario file given");
    d = fs_diags_alloc();
    if (!d) {
        fprintf(stderr, "fundsim show: %s\n", fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    st = fs_scenario_load(argv[optind], &sc, d);
    cli_print_diags(d);
    fs_diags_free(d);
    if (st != FS_OK) {
        fprintf(stderr, "%s: %s\n", argv[optind],
                st == FS_ESCENARIO ? "invalid scenario" : fs_strerror(st));
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
