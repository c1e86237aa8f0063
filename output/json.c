/* output/json.c -- run.json, the provenance record of a run. */
#include <inttypes.h>

#include "fs_output.h"


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

/* The files list of a run or a compare side, at the given indent. */
static void files_array(FILE *f, const fs_file_list *fl, const char *indent)
{
    fputs("[", f);
    for (size_t i = 0; i < fl->count; i++) {
        fputs(i ? ",\n" : "\n", f);
        fputs(indent, f);
        fputs("  {\"path\": ", f);
        fs_out_json_string(f, fl->files[i]);
        fputs(", \"sha256\": ", f);
        if (fl->sha256 && fl->sha256[i] && fl->sha256[i][0])
            fs_out_json_string(f, fl->sha256[i]);
        else
            fputs("null", f);
        fputs("}", f);
    }
    if (fl->count) {
        fputs("\n", f);
        fputs(indent, f);
    }
    fputs("]", f);
}

/* The overrides of a run or a compare side: "[..]" of JSON strings. */
static void sets_array(FILE *f, const fs_file_list *fl)
{
    fputs("[", f);
    for (size_t i = 0; i < fl->set_count; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, fl->sets[i]);
    }
    fputs("]", f);
}

/* The calibration's value: the factors the scenario applies, null when none. */
void fs_out_json_calibration(FILE *f, const fs_file_list *fl)
{
    char buf[FS_OUT_NUMBUF];
    if (fl->calib_count == 0) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"year\": %d, \"factors\": {", fl->calib_year);
    for (size_t i = 0; i < fl->calib_count; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, fl->calib[i].path);
        fprintf(f, ": %s",
                fs_out_format_double(fl->calib[i].value, buf, sizeof buf) ? buf : "null");
    }
    fputs("}}", f);
}

/* "calibration": its value, then ",\n". */
static void calibration_member(FILE *f, const fs_file_list *fl)
{
    key(f, "calibration");
    fs_out_json_calibration(f, fl);
    fputs(",\n", f);
}

/* "outputs": the list of names, then ",\n". */
static void outputs_member(FILE *f, size_t n, const char *const *names)
{
    key(f, "outputs");
    fputs("[", f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, names[i]);
    }
    fputs("],\n", f);
}

/* Writes the last member, "command" (the command line as typed), closes the
 * object and reports the stream's status. */
static int end_with_command(FILE *f, int argc, const char *const *argv)
{
    key(f, "command");
    fputs("[", f);
    for (int i = 0; i < argc && argv; i++) {
        fputs(i ? ", " : "", f);
        fs_out_json_string(f, argv[i]);
    }
    fputs("]\n}\n", f);
    return ferror(f) ? FS_EIO : FS_OK;
}

/* The seed as a number and, for JSON readers that hold numbers as doubles
 * (exact only up to 2^53: jq, JavaScript), as a decimal string too. */
static void seed_members(FILE *f, uint64_t seed)
{
    key(f, "seed");
    fprintf(f, "%" PRIu64 ",\n", seed);
    key(f, "seed_text");
    fprintf(f, "\"%" PRIu64 "\",\n", seed);
}

/* The members every provenance record has after its files: seed, sizes. */
static void run_members(FILE *f, const fs_results *res)
{
    seed_members(f, res->seed);
}

int fs_out_run_json(FILE *f, const fs_results *res, const fs_run_info *info)
{
    if (!f || !res || !info)
        return FS_EUSAGE;
    fputs("{\n", f);
    str_member(f, "fundsim_version", FS_VERSION);
    str_member(f, "git", info->git ? info->git : "unknown");
    str_member(f, "scenario", info->scenario_name ? info->scenario_name : res->scenario);
    key(f, "files");
    files_array(f, &info->files, "  ");
    fputs(",\n", f);
    key(f, "overrides");
    sets_array(f, &info->files);
    fputs(",\n", f);
    calibration_member(f, &info->files);
    run_members(f, res);
    int_member(f, "replications", res->replications);
    int_member(f, "years", res->years);
    int_member(f, "start_year", res->start_year);
    str_member(f, "mode", fs_mode_name(res->mode));
    str_member(f, "mode_requested", fs_mode_name(res->mode_requested));
    int_member(f, "threads", res->threads);
    int_member(f, "ranks", info->ranks);
    num_member(f, "wall_seconds", info->wall_seconds);
    num_member(f, "enrollee_years", res->enrollee_years);
    str_member(f, "generator", fs_generator_name());
    int_member(f, "stream_table_version", fs_stream_table_version());
    num_member(f, "sampling_rel_se", res->sampling_rel_se);
    str_member(f, "pooling", res->pooling_ledger ? "ledger" : "own");
    key(f, "metrics");
    fputs("[", f);
    for (int m = 0; m < (int)FS_M_COUNT; m++) {
        fputs(m ? ", " : "", f);
        fs_out_json_string(f, fs_metric_name((fs_metric)m));
    }
    fputs("],\n", f);
    outputs_member(f, info->output_count, info->outputs);
    return end_with_command(f, info->argc, info->argv);
}

/* One side of a comparison as an object, at an indent of `ind` spaces. */
static void side_object(FILE *f, const fs_compare_side *sd, int ind)
{
    char in[16];
    snprintf(in, sizeof in, "%*s", ind + 2, "");
    fprintf(f, "{\n%s\"name\": ", in);
    fs_out_json_string(f, sd->res ? sd->res->scenario : "");
    fprintf(f, ",\n%s\"dir\": ", in);
    fs_out_json_string(f, sd->dir ? sd->dir : "");
    fprintf(f, ",\n%s\"mode\": ", in);
    fs_out_json_string(f, sd->res ? fs_mode_name(sd->res->mode) : "");
    fprintf(f, ",\n%s\"files\": ", in);
    files_array(f, &sd->files, in);
    fprintf(f, ",\n%s\"overrides\": ", in);
    sets_array(f, &sd->files);
    fprintf(f, "\n%*s}", ind, "");
}

static void compare_side(FILE *f, const char *k, const fs_compare_side *sd)
{
    key(f, k);
    side_object(f, sd, 2);
    fputs(",\n", f);
}

int fs_out_compare_json(FILE *f, const fs_compare_info *info)
{
    const fs_results *b = info ? info->base.res : NULL;
    if (!f || !info || !b || !info->alt.res)
        return FS_EUSAGE;
    fputs("{\n", f);
    str_member(f, "fundsim_version", FS_VERSION);
    str_member(f, "git", info->git ? info->git : "unknown");
    compare_side(f, "base", &info->base);
    compare_side(f, "alt", info->nalts ? &info->alts[0] : &info->alt);
    key(f, "alternatives");
    fputs("[", f);
    for (size_t k = 0; k < (info->nalts ? info->nalts : 1); k++) {
        fputs(k ? ", " : "", f);
        side_object(f, info->nalts ? &info->alts[k] : &info->alt, 2);
    }
    fputs("],\n", f);
    run_members(f, b);
    key(f, "common_random_numbers");
    fputs("true,\n", f);
    str_member(f, "difference", "alt - base, per replication");
    int_member(f, "replications", b->replications);
    int_member(f, "years", b->years);
    int_member(f, "start_year", b->start_year);
    str_member(f, "mode_requested", fs_mode_name(b->mode_requested));
    int_member(f, "threads", b->threads);
    int_member(f, "ranks", info->ranks);
    num_member(f, "wall_seconds", info->wall_seconds);
    str_member(f, "generator", fs_generator_name());
    int_member(f, "stream_table_version", fs_stream_table_version());
    outputs_member(f, info->output_count, info->outputs);
    return end_with_command(f, info->argc, info->argv);
}

/* The head of a sweep's or solve's record: "{", version, git, then the
 * scenario: name, files, overrides. */
static void record_head(FILE *f, const char *git, const char *name, const fs_file_list *files)
{
    fputs("{\n", f);
    str_member(f, "fundsim_version", FS_VERSION);
    str_member(f, "git", git ? git : "unknown");
    str_member(f, "scenario", name ? name : "");
    key(f, "files");
    files_array(f, files, "  ");
    fputs(",\n", f);
    key(f, "overrides");
    sets_array(f, files);
    fputs(",\n", f);
}

/* A varied parameter as an object (step omitted when 0). */
static void vary_object(FILE *f, const fs_vary_info *v)
{
    char buf[FS_OUT_NUMBUF];
    fputs("{\"path\": ", f);
    fs_out_json_string(f, v->path);
    fputs(", \"op\": ", f);
    fs_out_json_string(f, v->op);
    fprintf(f, ", \"from\": %s", fs_out_format_double(v->from, buf, sizeof buf) ? buf : "null");
    fprintf(f, ", \"to\": %s", fs_out_format_double(v->to, buf, sizeof buf) ? buf : "null");
    if (v->step > 0.0)
        fprintf(f, ", \"step\": %s", fs_out_format_double(v->step, buf, sizeof buf) ? buf : "null");
    fputs("}", f);
}

/* The members after the parameters: seed, sizes, mode, ranks, wall time. */
static void shape_members(FILE *f, const fs_results *res, int ranks, double wall)
{
    run_members(f, res);
    key(f, "common_random_numbers");
    fputs("true,\n", f);
    int_member(f, "replications", res->replications);
    int_member(f, "years", res->years);
    int_member(f, "start_year", res->start_year);
    str_member(f, "mode", fs_mode_name(res->mode));
    int_member(f, "threads", res->threads);
    int_member(f, "ranks", ranks);
    num_member(f, "wall_seconds", wall);
    str_member(f, "generator", fs_generator_name());
    int_member(f, "stream_table_version", fs_stream_table_version());
}

int fs_out_sweep_json(FILE *f, const fs_sweep_info *sw)
{
    char buf[FS_OUT_NUMBUF];
    if (!f || !sw || !sw->res || sw->nvary < 1 || sw->nvary > 2 || (sw->npoints && !sw->points))
        return FS_EUSAGE;
    record_head(f, sw->git, sw->scenario, &sw->files);
    key(f, "vary");
    fputs("[", f);
    for (size_t k = 0; k < sw->nvary; k++) {
        fputs(k ? ", " : "", f);
        vary_object(f, &sw->vary[k]);
    }
    fputs("],\n", f);
    key(f, "points");
    fputs("[", f);
    for (size_t i = 0; i < sw->npoints; i++) {
        const fs_sweep_point *p = &sw->points[i];
        fputs(i ? ",\n    {\"values\": [" : "\n    {\"values\": [", f);
        for (size_t k = 0; k < sw->nvary; k++)
            fprintf(f, "%s%s", k ? ", " : "",
                    fs_out_format_double(p->x[k], buf, sizeof buf) ? buf : "null");
        fputs("], \"scenario\": ", f);
        fs_out_json_string(f, p->scenario ? p->scenario : "");
        fputs("}", f);
    }
    fputs(sw->npoints ? "\n  ],\n" : "],\n", f);
    shape_members(f, sw->res, sw->ranks, sw->wall_seconds);
    outputs_member(f, sw->output_count, sw->outputs);
    return end_with_command(f, sw->argc, sw->argv);
}

/* How the target stood at one value: {"x", "value", "se", "year", "margin", "met"}. */
static void eval_object(FILE *f, double x, const fs_target_value *t)
{
    char buf[FS_OUT_NUMBUF];
    fprintf(f, "{\"x\": %s", fs_out_format_double(x, buf, sizeof buf) ? buf : "null");
    fprintf(f, ", \"value\": %s", fs_out_format_double(t->value, buf, sizeof buf) ? buf : "null");
    fprintf(f, ", \"se\": %s", fs_out_format_double(t->se, buf, sizeof buf) ? buf : "null");
    fprintf(f, ", \"year\": %d", t->year);
    fprintf(f, ", \"margin\": %s", fs_out_format_double(t->margin, buf, sizeof buf) ? buf : "null");
    fprintf(f, ", \"met\": %s}", t->met ? "true" : "false");
}

int fs_out_solve_json(FILE *f, const fs_solve_info *sv)
{
    const fs_solve_result *r = sv ? sv->result : NULL;
    if (!f || !sv || !r || !sv->res || !sv->tgt || (sv->nevals && !sv->evals))
        return FS_EUSAGE;
    record_head(f, sv->git, sv->scenario, &sv->files);
    key(f, "vary");
    vary_object(f, &sv->vary);
    fputs(",\n", f);
    str_member(f, "target", sv->target ? sv->target : "");
    str_member(f, "target_metric", fs_metric_name(sv->tgt->metric));
    str_member(f, "target_stat", fs_target_stat_name(sv->tgt->stat));
    str_member(f, "seeking", sv->maximize ? "largest" : "smallest");
    num_member(f, "tolerance", sv->tol);
    num_member(f, "value", r->x);
    str_member(f, "override", sv->answer_set ? sv->answer_set : "");
    str_member(f, "answer_scenario", sv->answer_scenario ? sv->answer_scenario : "");
    key(f, "bracket");
    {
        char a[FS_OUT_NUMBUF], b[FS_OUT_NUMBUF];
        fprintf(f, "[%s, %s],\n", fs_out_format_double(r->bracket_lo, a, sizeof a) ? a : "null",
                fs_out_format_double(r->bracket_hi, b, sizeof b) ? b : "null");
    }
    key(f, "at_answer");
    eval_object(f, r->x, &sv->at);
    fputs(",\n", f);
    int_member(f, "runs", r->runs + sv->reruns);
    key(f, "monotone");
    fputs(r->monotone ? "true,\n" : "false,\n", f);
    key(f, "band");
    fputs(r->band ? "true,\n" : "false,\n", f);
    key(f, "at_end");
    fputs(r->at_end ? "true,\n" : "false,\n", f);
    key(f, "evaluations");
    fputs("[", f);
    for (size_t i = 0; i < sv->nevals; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        eval_object(f, sv->evals[i].x, &sv->evals[i].t);
    }
    fputs(sv->nevals ? "\n  ],\n" : "],\n", f);
    shape_members(f, sv->res, sv->ranks, sv->wall_seconds);
    outputs_member(f, sv->output_count, sv->outputs);
    return end_with_command(f, sv->argc, sv->argv);
}

int fs_out_calibration_json(FILE *f, const fs_calib_info *ci)
{
    char buf[FS_OUT_NUMBUF];
    const fs_calibration *c = ci ? ci->cal : NULL;
    if (!f || !c)
        return FS_EUSAGE;
    record_head(f, ci->git, ci->scenario, &ci->files);
    int_member(f, "year", c->year);
    num_member(f, "tolerance", c->tolerance);
    num_member(f, "max_residual", c->max_residual);
    int_member(f, "runs", c->runs);
    int_member(f, "iterations", c->iterations);
    key(f, "targets");
    fputs("[", f);
    for (int i = 0; i < c->ntargets; i++) {
        const fs_calib_target *t = &c->target[i];
        fputs(i ? ",\n    {\"target\": " : "\n    {\"target\": ", f);
        fs_out_json_string(f, t->target);
        fputs(", \"factor\": ", f);
        fs_out_json_string(f, t->factor);
        fprintf(f, ", \"observed\": %s", fs_out_format_double(t->observed, buf, sizeof buf) ? buf : "null");
        fprintf(f, ", \"fitted\": %s", fs_out_format_double(t->fitted, buf, sizeof buf) ? buf : "null");
        fprintf(f, ", \"se\": %s", fs_out_format_double(t->se, buf, sizeof buf) ? buf : "null");
        fprintf(f, ", \"residual\": %s}",
                fs_out_format_double(t->residual, buf, sizeof buf) ? buf : "null");
    }
    fputs(c->ntargets ? "\n  ],\n" : "],\n", f);
    key(f, "factors");
    fputs("[", f);
    for (int i = 0; i < c->nfactors; i++) {
        const fs_calib_factor *k = &c->factor[i];
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", f);
        fs_out_json_string(f, k->path);
        fprintf(f, ", \"start\": %s", fs_out_format_double(k->start, buf, sizeof buf) ? buf : "null");
        fprintf(f, ", \"value\": %s", fs_out_format_double(k->value, buf, sizeof buf) ? buf : "null");
        fprintf(f, ", \"fitted\": %s}", k->fitted ? "true" : "false");
    }
    fputs(c->nfactors ? "\n  ],\n" : "],\n", f);
    seed_members(f, ci->seed);
    int_member(f, "replications", ci->replications);
    str_member(f, "mode", ci->mode ? ci->mode : "");
    int_member(f, "threads", ci->threads);
    num_member(f, "wall_seconds", ci->wall_seconds);
    str_member(f, "generator", fs_generator_name());
    int_member(f, "stream_table_version", fs_stream_table_version());
    outputs_member(f, ci->output_count, ci->outputs);
    return end_with_command(f, ci->argc, ci->argv);
}
