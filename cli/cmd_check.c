/* cli/cmd_check.c -- `fundsim check FILE...`: validate scenarios. */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"
#include "common.h"

static void usage(FILE *f)
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

static int check_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int c, worst = CLI_OK;

    (void)full_argc;
    (void)full_argv;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage_error("check", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("check", "no scenario file given");
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        fs_scenario *sc = NULL;
        fs_diags *d = NULL;
        char msg[600];
        int st, code;
        size_t warnings;

        st = cli_load_scenario(path, NULL, 0, &sc, &d, msg, sizeof msg);
        if (st == FS_ENOMEM) {
            fprintf(stderr, "fundsim check: %s\n", fs_strerror(FS_ENOMEM));
            return CLI_FAIL;
        }
        warnings = 0;
        for (size_t k = 0; k < fs_diags_count(d); k++) {
            const fs_diag *g = fs_diags_get(d, k);
            warnings += g && g->kind == FS_DIAG_WARNING;
        }
        if (st == FS_OK) {
            if (warnings)
                printf("%s: ok (%zu warning%s)\n", path, warnings, warnings == 1 ? "" : "s");
            else
                printf("%s: ok\n", path);
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

const cli_command cli_cmd_check = {"check", "check FILE...", "validate scenario files",
                                   check_main, usage, 0};
