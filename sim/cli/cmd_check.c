/* sim/cli/cmd_check.c -- `fundsim check FILE...`: validate scenarios. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

void cli_check_usage(FILE *f)
{
    fputs("usage: fundsim check FILE...\n"
          "\n"
          "Loads and validates each scenario file (following extends:).\n"
          "Every error and warning goes to standard error as FILE:LINE:COL: PATH: MSG;\n"
          "each valid file prints `FILE: ok` (with its warning count) on standard output.\n"
          "\n"
          "  -h, --help   print this help and exit\n"
          "\n"
          "Exit status: 0 all files valid, 2 some file invalid,\n"
          "1 some file unreadable or an internal failure (takes precedence over 2).\n",
          f);
}

int cli_check(int argc, char **argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c, worst = CLI_OK;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': cli_check_usage(stdout); return CLI_OK;
        default: return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("check", "no scenario file given");
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        fs_scenario *sc = NULL;
        fs_diags *d = fs_diags_alloc();
        int st, code;
        size_t warnings;

        if (!d) {
            fprintf(stderr, "fundsim check: %s\n", fs_strerror(FS_ENOMEM));
            return CLI_FAIL;
        }
        st = fs_scenario_load(path, &sc, d);
        cli_print_diags(d);
        warnings = 0;
        for (size_t k = 0; k < fs_diags_count(d); k++) {
            const fs_diag *g = fs_diags_get(d, k);
            warnings += g && g->kind == FS_DIAG_WARNING;
        }
        if (st == FS_OK && fs_diags_errors(d) == 0) {
            if (warnings)
                printf("%s: ok (%zu warning%s)\n", path, warnings, warnings == 1 ? "" : "s");
            else
                printf("%s: ok\n", path);
        } else if (st == FS_OK) {
            /* Errors but a scenario: the loader broke its contract. */
            fprintf(stderr, "%s: invalid (%zu errors)\n", path, fs_diags_errors(d));
            st = FS_ESCENARIO;
        } else if (st == FS_ESCENARIO) {
            fprintf(stderr, "%s: invalid (%zu error%s)\n", path, fs_diags_errors(d),
                    fs_diags_errors(d) == 1 ? "" : "s");
        } else {
            fprintf(stderr, "%s: %s\n", path, fs_strerror(st));
        }
        fflush(stdout);
        code = cli_exit_code(st);
        /* An I/O or internal failure (1) outranks an invalid file (2). */
        if (code == CLI_FAIL || (code == CLI_USAGE && worst == CLI_OK))
            worst = code;
        fs_scenario_free(sc);
        fs_diags_free(d);
    }
    return worst;
}
