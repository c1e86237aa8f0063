/* cli/cmd_diff.c -- `fundsim diff A [B] [--year Y] [--set ...]`: the resolved
 * parameters that differ between two scenarios (fs_scenario_diff), as a
 * table: what a reform changes, with each value's source.  Only wiring. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "common.h"
#include "fs_output.h"

static void usage(FILE *f)
{
    fputs("usage: fundsim diff A [B] [--year Y] [--set KEY.PATH=VALUE ...]\n"
          "\n"
          "Lists the resolved parameters (after extends:, defaults and overrides)\n"
          "whose values differ between scenario A and scenario B: key path, Chinese\n"
          "label, the first policy year they differ, A's and B's value, the unit and\n"
          "each value's source (ref:).  The scenario's name is left out.  --set\n"
          "changes B; with only A named, B is A with the overrides.\n"
          "\n"
          "  -y, --year Y          compare policy year Y only (default: every year of\n"
          "                        A's horizon)\n"
          "      --set KEY.PATH=VALUE\n"
          "                        change one key of B (repeatable; += and *= shift or\n"
          "                        scale); see `fundsim run --help`\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "Exit status: 0 (whether or not they differ), 1 I/O failure, 2 invalid\n"
          "scenario or bad arguments.\n",
          f);
}

/* Parses the options; CLI_OK, CLI_USAGE, or -1 after --help. */
static int parse(int argc, char **argv, const char **sets, size_t *nsets, long *year,
                 int *has_year)
{
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"set", required_argument, NULL, 'S'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":y:h", opts, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (cli_parse_long(optarg, FS_YEAR_MIN, FS_YEAR_MAX, year) != 0)
                return cli_usage_error("diff", "--year must be a year in %d..%d, got '%s'",
                                       FS_YEAR_MIN, FS_YEAR_MAX, optarg);
            *has_year = 1;
            break;
        case 'S': sets[(*nsets)++] = optarg; break;
        case 'h': usage(stdout); return -1;
        case ':': return cli_usage_error("diff", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("diff", "unknown option '%s'", argv[optind - 1]);
        }
    }
    int n = argc - optind;
    if (n < 1 || n > 2)
        return cli_usage_error("diff", n ? "expected at most two scenario files"
                                         : "no scenario file given");
    if (n == 1 && *nsets == 0)
        return cli_usage_error("diff", "one scenario and no --set: nothing to compare it with");
    return CLI_OK;
}

static int diff_main(int argc, char **argv, int full_argc, char **full_argv)
{
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0, n = 0;
    long year = 0;
    int has_year = 0, code, st;
    fs_scenario *sa = NULL, *sb = NULL;
    fs_diags *da = NULL, *db = NULL;
    fs_param_change *ch = NULL;
    char msg[1536];

    (void)full_argc;
    (void)full_argv;
    if (!sets) {
        fprintf(stderr, "fundsim diff: %s\n", fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    code = parse(argc, argv, sets, &nsets, &year, &has_year);
    if (code != CLI_OK) {
        free(sets);
        return code == -1 ? CLI_OK : code;
    }
    const char *pa = argv[optind], *pb = optind + 1 < argc ? argv[optind + 1] : pa;
    st = cli_load_scenario(pa, NULL, 0, &sa, &da, msg, sizeof msg);
    if (st == FS_OK)
        st = cli_load_scenario(pb, sets, nsets, &sb, &db, msg, sizeof msg);
    if (st == FS_OK) {
        int y0 = has_year ? (int)year : fs_scenario_start_year(sa);
        int y1 = has_year ? (int)year : y0 + fs_scenario_years(sa) - 1;
        st = fs_scenario_diff(sa, sb, y0, y1, &ch, &n);
        if (st == FS_OK)
            st = fs_out_params_diff(stdout, fs_scenario_name(sa), fs_scenario_name(sb), ch, n);
        if (st != FS_OK)
            cli_msgf(msg, sizeof msg, "%s", fs_strerror(st));
    }
    if (st != FS_OK)
        fprintf(stderr, "fundsim diff: %s\n", msg);
    fs_param_changes_free(ch);
    fs_scenario_free(sa);
    fs_scenario_free(sb);
    fs_diags_free(da);
    fs_diags_free(db);
    free(sets);
    return cli_exit_code(st);
}

const cli_command cli_cmd_diff = {"diff", "diff A [B]",
                                  "list the parameters that differ between two scenarios",
                                  diff_main, usage, 0};
