/* output/summary_json.c -- summary.json: a run's summary, the dictionary
 * of its metrics and its provenance in one document (docs/summary.schema.json).
 *
 * Only what depends on the scenario, the seed and the sizes goes in: the
 * threads, MPI ranks, wall time, command line and output list stay in
 * run.json, so equal runs give equal bytes. */
#include <inttypes.h>
#include <string.h>

#include "fs_output.h"

static const char *const stat_names[] = {"mean", "se", "sd", "p05", "p25", "p50", "p75", "p95"};
#define NSTATS (sizeof stat_names / sizeof stat_names[0])

/* "K": "V" with the given separator before it. */
static void str_pair(FILE *f, const char *sep, const char *k, const char *v)
{
    fputs(sep, f);
    fs_out_json_string(f, k);
    fputs(": ", f);
    fs_out_json_string(f, v);
}

static void num(FILE *f, double x)
{
    char buf[FS_OUT_NUMBUF];
    fputs(fs_out_format_double(x, buf, sizeof buf) ? buf : "null", f);
}

static void provenance(FILE *f, const fs_results *res, const fs_run_info *info)
{
    const fs_file_list *fl = &info->files;

    fputs("  \"provenance\": {\n", f);
    str_pair(f, "    ", "fundsim_version", FS_VERSION);
    str_pair(f, ",\n    ", "git", info->git ? info->git : "unknown");
    fputs(",\n    \"files\": [", f);
    for (size_t i = 0; i < fl->count; i++) {
        fputs(i ? ",\n      {\"path\": " : "\n      {\"path\": ", f);
        fs_out_json_string(f, fl->files[i]);
        fputs(", \"sha256\": ", f);
        if (fl->sha256 && fl->sha256[i] && fl->sha256[i][0])
            fs_out_json_string(f, fl->sha256[i]);
        else
            fputs("null", f);
        fputs("}", f);
    }
    fputs(fl->count ? "\n    ],\n    \"overrides\": [" : "],\n    \"overrides\": [", f);
    for (size_t i = 0; i < fl->set_count; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, fl->sets[i]);
    }
    fputs("],\n    \"calibration\": ", f);
    fs_out_json_calibration(f, fl);
    fprintf(f, ",\n    \"seed\": %" PRIu64, res->seed);
    fprintf(f, ",\n    \"seed_text\": \"%" PRIu64 "\"", res->seed); /* exact beyond 2^53 */
    fprintf(f, ",\n    \"replications\": %d", res->replications);
    fprintf(f, ",\n    \"years\": %d", res->years);
    fprintf(f, ",\n    \"start_year\": %d", res->start_year);
    str_pair(f, ",\n    ", "mode", fs_mode_name(res->mode));
    str_pair(f, ",\n    ", "mode_requested", fs_mode_name(res->mode_requested));
    str_pair(f, ",\n    ", "generator", fs_generator_name());
    fprintf(f, ",\n    \"stream_table_version\": %d", fs_stream_table_version());
    str_pair(f, ",\n    ", "pooling", res->pooling_ledger ? "ledger" : "own");
    fputs("\n  },\n", f);
}

static void dictionary(FILE *f)
{
    fputs("  \"metrics\": [", f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        const fs_metric_info *mi = fs_metric_info_of((fs_metric)m);
        fputs(m ? ",\n    {" : "\n    {", f);
        str_pair(f, "", "id", mi->id);
        str_pair(f, ", ", "label_zh", mi->label_zh);
        str_pair(f, ", ", "label_en", mi->label_en);
        str_pair(f, ", ", "unit", fs_unit_name(mi->unit));
        str_pair(f, ", ", "unit_zh", fs_unit_label_zh(mi->unit));
        str_pair(f, ", ", "kind", fs_metric_kind_name(mi->kind));
        str_pair(f, ", ", "definition", mi->definition);
        fputs("}", f);
    }
    fputs("\n  ],\n", f);
}

static void stat_object(FILE *f, const fs_stat *st)
{
    const double v[NSTATS] = {st->mean, st->se,  st->sd,  st->p05,
                              st->p25,  st->p50, st->p75, st->p95};
    fputs("{", f);
    for (size_t k = 0; k < NSTATS; k++) {
        fprintf(f, "%s\"%s\": ", k ? ", " : "", stat_names[k]);
        num(f, v[k]);
    }
    fputs("}", f);
}

/* "years": per policy year {"year", "values": {metric: stats}}, indented by
 * `in` more spaces than summary.json's. */
static void years(FILE *f, const fs_results *res, const fs_stat *stats, const char *in)
{
    fprintf(f, "%s  \"years\": [", in);
    for (int y = 0; y < res->years && !ferror(f); y++) {
        fprintf(f, "%s%s    {\"year\": %d, \"values\": {", y ? ",\n" : "\n", in,
                res->start_year + y);
        for (int m = 0; m < (int)FS_M_COUNT; m++) {
            fprintf(f, "%s%s      ", m ? ",\n" : "\n", in);
            fs_out_json_string(f, fs_metric_name((fs_metric)m));
            fputs(": ", f);
            stat_object(f, &stats[(size_t)y * FS_M_COUNT + (size_t)m]);
        }
        fprintf(f, "\n%s    }}", in);
    }
    if (res->years > 0)
        fprintf(f, "\n%s  ]", in);
    else
        fputs("]", f);
}

/* The members every summary document starts with, up to the dictionary. */
static void head(FILE *f, const char *format, const char *scenario, const fs_results *res,
                 const fs_run_info *info)
{
    fputs("{\n", f);
    str_pair(f, "  ", "format", format);
    fputs(",\n  \"format_version\": 1,\n", f);
    str_pair(f, "  ", "scenario", scenario);
    fputs(",\n", f);
    provenance(f, res, info);
    fputs("  \"statistics\": [", f);
    for (size_t k = 0; k < NSTATS; k++)
        fprintf(f, "%s\"%s\"", k ? ", " : "", stat_names[k]);
    fputs("],\n", f);
    dictionary(f);
}

int fs_out_summary_json(FILE *f, const fs_results *res, const fs_stat *stats,
                        const fs_run_info *info)
{
    if (!f || !res || !stats || !info || res->years < 0)
        return FS_EUSAGE;
    head(f, "fundsim-summary", info->scenario_name ? info->scenario_name : res->scenario, res,
         info);
    years(f, res, stats, "");
    fputs("\n}\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}

int fs_out_sweep_summary_json(FILE *f, const fs_sweep_info *sw)
{
    fs_run_info info;

    if (!f || !sw || !sw->res || sw->nvary < 1 || sw->nvary > 2 || (sw->npoints && !sw->points) ||
        sw->res->years < 0)
        return FS_EUSAGE;
    memset(&info, 0, sizeof info);
    info.git = sw->git;
    info.files = sw->files;
    head(f, "fundsim-sweep-summary", sw->scenario, sw->res, &info);
    fputs("  \"vary\": [", f);
    for (size_t k = 0; k < sw->nvary; k++) {
        const fs_vary_info *v = &sw->vary[k];
        fputs(k ? ",\n    {" : "\n    {", f);
        str_pair(f, "", "path", v->path);
        str_pair(f, ", ", "op", v->op);
        str_pair(f, ", ", "label_zh", v->label_zh ? v->label_zh : "");
        fputs(", \"from\": ", f);
        num(f, v->from);
        fputs(", \"to\": ", f);
        num(f, v->to);
        fputs(", \"step\": ", f);
        num(f, v->step);
        fputs("}", f);
    }
    fputs("\n  ],\n  \"points\": [", f);
    for (size_t i = 0; i < sw->npoints && !ferror(f); i++) {
        const fs_sweep_point *p = &sw->points[i];
        fputs(i ? ",\n    {\"values\": [" : "\n    {\"values\": [", f);
        for (size_t k = 0; k < sw->nvary; k++) {
            fputs(k ? ", " : "", f);
            num(f, p->x[k]);
        }
        fputs("], ", f);
        str_pair(f, "", "scenario", p->scenario);
        fputs(",\n", f);
        years(f, sw->res, p->stats, "    ");
        fputs("}", f);
    }
    fputs(sw->npoints ? "\n  ]\n}\n" : "]\n}\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}
