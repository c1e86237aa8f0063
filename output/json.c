/* output/json.c -- run.json, the provenance record of a run. */
#include <inttypes.h>

#include "fs_output.h"

#ifndef FUNDSIM_GIT
#define FUNDSIM_GIT "unknown"
#endif

static void key(FILE *f, const char *k)
{
    fputs("  ", f);
    fs_out_json_string(f, k);
    fputs(": ", f);
}

static void str_member(FILE *f, const char *k, const char *v)
{
    key(f, k);
    fs_out_json_string(f, v);
    fputs(",\n", f);
}

static void int_member(FILE *f, const char *k, long long v)
{
    key(f, k);
    fprintf(f, "%lld,\n", v);
}

static void num_member(FILE *f, const char *k, double v)
{
    char buf[FS_OUT_NUMBUF];

    key(f, k);
    fputs(fs_out_format_double(v, buf, sizeof buf) ? buf : "null", f);
    fputs(",\n", f);
}

int fs_out_run_json(FILE *f, const fs_results *res, const fs_run_info *info)
{
    if (!f || !res || !info)
        return FS_EUSAGE;
    fputs("{\n", f);
    str_member(f, "fundsim_version", FS_VERSION);
    str_member(f, "git", FUNDSIM_GIT);
    str_member(f, "scenario", info->scenario_name ? info->scenario_name : res->scenario);
    key(f, "files");
    fputs("[", f);
    for (size_t i = 0; i < info->file_count; i++) {
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
        fs_out_json_string(f, info->files[i]);
        fputs(", \"sha256\": ", f);
        if (info->sha256 && info->sha256[i] && info->sha256[i][0])
            fs_out_json_string(f, info->sha256[i]);
        else
            fputs("null", f);
        fputs("}", f);
    }
    fputs(info->file_count ? "\n  ],\n" : "],\n", f);
    key(f, "seed");
    fprintf(f, "%" PRIu64 ",\n", res->seed);
    int_member(f, "replications", res->replications);
    int_member(f, "years", res->years);
    int_member(f, "start_year", res->start_year);
    str_member(f, "mode", info->mode ? info->mode : fs_out_mode_name(res->mode));
    str_member(f, "mode_requested", info->mode_requested ? info->mode_requested : "auto");
    int_member(f, "threads", info->threads);
    int_member(f, "ranks", info->ranks);
    num_member(f, "wall_seconds", info->wall_seconds);
    num_member(f, "enrollee_years", res->enrollee_years);
    str_member(f, "generator", "philox4x32-10");
    int_member(f, "stream_table_version", fs_stream_table_version());
    num_member(f, "sampling_rel_se", res->sampling_rel_se);
    key(f, "metrics");
    fputs("[", f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        fputs(m ? ", " : "", f);
        fs_out_json_string(f, fs_out_metric_name(m));
    }
    fputs("],\n", f);
    key(f, "outputs");
    fputs(info->keep_reps ? "[\"summary.csv\", \"replications.csv\", \"run.json\"],\n"
                          : "[\"summary.csv\", \"run.json\"],\n",
          f);
    key(f, "command");
    fputs("[", f);
    for (int i = 0; i < info->argc && info->argv; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, info->argv[i]);
    }
    fputs("]\n}\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
