/* cli/provenance.c -- the records of what was run (provenance.h). */
#include <stdlib.h>
#include <string.h>

#include "provenance.h"

int cli_file_list_of(const fs_scenario *sc, fs_file_list *fl)
{
    size_t n = fs_scenario_file_count(sc), ns = fs_scenario_set_count(sc);
    const char **files = calloc(n ? n : 1, sizeof *files);
    const char **sha = calloc(n ? n : 1, sizeof *sha);
    const char **sets = calloc(ns ? ns : 1, sizeof *sets);
    fs_calib_factor *cal = calloc(FS_CALIB_MAX, sizeof *cal);

    memset(fl, 0, sizeof *fl);
    if (!files || !sha || !sets || !cal) {
        free(files);
        free(sha);
        free(sets);
        free(cal);
        return FS_ENOMEM;
    }
    fl->calib_count = fs_scenario_calibration(sc, &fl->calib_year, cal, FS_CALIB_MAX);
    fl->calib = cal;
    for (size_t i = 0; i < ns; i++)
        sets[i] = fs_scenario_set(sc, i);
    fl->set_count = ns;
    fl->sets = sets;
    for (size_t i = 0; i < n; i++) {
        files[i] = fs_scenario_file(sc, i);
        sha[i] = fs_scenario_file_sha256(sc, i);
    }
    fl->count = n;
    fl->files = files;
    fl->sha256 = sha;
    return FS_OK;
}

void cli_file_list_free(fs_file_list *fl)
{
    free((void *)fl->files);
    free((void *)fl->sha256);
    free((void *)fl->sets);
    free((void *)fl->calib);
    memset(fl, 0, sizeof *fl);
}

void cli_run_info_init(fs_run_info *info, const cli_run_args *a, const fs_file_list *files,
                       const char *const *outputs, size_t n)
{
    memset(info, 0, sizeof *info);
    info->git = cli_git();
    info->files = *files;
    info->ranks = cli_ranks;
    info->output_count = n;
    info->outputs = outputs;
    info->argc = a->cmdline_argc;
    info->argv = (const char *const *)a->cmdline;
}

void cli_compare_info_init(fs_compare_info *info, const cli_run_args *a, const fs_results *base,
                           const fs_file_list *base_files, const fs_results *alt,
                           const fs_file_list *alt_files, const char *const *outputs, size_t n)
{
    memset(info, 0, sizeof *info);
    info->git = cli_git();
    info->base.dir = "base";
    info->base.res = base;
    info->base.files = *base_files;
    info->alt.dir = "alt";
    info->alt.res = alt;
    info->alt.files = *alt_files;
    info->ranks = cli_ranks;
    info->output_count = n;
    info->outputs = outputs;
    info->argc = a->cmdline_argc;
    info->argv = (const char *const *)a->cmdline;
}
