/* cli/outputs.c -- the output set (outputs.h): the one table of files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <stdlib.h>

#include "outputs.h"
#include "provenance.h"
#include "signals.h"

typedef enum { WHEN_ALWAYS, WHEN_KEEP_REPS, WHEN_XLSX, WHEN_CSV, WHEN_JSON, WHEN_HTML } cli_when;

typedef struct cli_output {
    const char *name;
    cli_scope scope;
    cli_when when;
    int record; /* the provenance record: written last, with the wall time */
    int (*write)(FILE *f, const cli_out_ctx *c);
} cli_output;

static int w_summary(FILE *f, const cli_out_ctx *c)
{
    return fs_out_summary_csv(f, c->res, c->stats);
}

static int w_groups(FILE *f, const cli_out_ctx *c)
{
    return fs_out_groups_csv(f, c->res, c->gstats);
}

static int w_metrics(FILE *f, const cli_out_ctx *c)
{
    return fs_out_metrics_csv(f, c->res);
}

static int w_reps(FILE *f, const cli_out_ctx *c)
{
    return fs_out_replications_csv(f, c->res);
}

static int w_summary_xlsx(FILE *f, const cli_out_ctx *c)
{
    fs_run_info solve_info;
    fs_xlsx_opts o = {c->lang_en, c->sc, c->gstats, c->run_info};
    if (!o.info && c->solve) { /* the answer's run: the solve's provenance */
        memset(&solve_info, 0, sizeof solve_info);
        solve_info.git = c->solve->git;
        solve_info.files = c->solve->files;
        o.info = &solve_info;
    }
    return fs_out_summary_xlsx(f, c->res, c->stats, &o);
}

static int w_summary_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_summary_json(f, c->res, c->stats, c->run_info);
}

static int w_run_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_run_json(f, c->res, c->run_info);
}

static int w_report_html(FILE *f, const cli_out_ctx *c)
{
    return fs_out_report_html(f, c->res, c->stats, c->sc, c->run_info, c->lang_en);
}

/* solve: the answer's run, with the files of the scenario it ran. */
static int w_solve_html(FILE *f, const cli_out_ctx *c)
{
    fs_run_info info;
    int rc;

    memset(&info, 0, sizeof info);
    info.git = c->solve->git;
    info.scenario_name = c->solve->answer_scenario;
    rc = c->sc ? cli_file_list_of(c->sc, &info.files) : FS_OK;
    if (rc == FS_OK)
        rc = fs_out_report_html(f, c->res, c->stats, c->sc, &info, c->lang_en);
    cli_file_list_free(&info.files);
    return rc;
}

static int w_compare_html(FILE *f, const cli_out_ctx *c)
{
    return fs_out_compare_html(f, c->diffs, c->ndiffs, c->pdiffs, c->compare_info, c->lang_en);
}

static int w_diff(FILE *f, const cli_out_ctx *c)
{
    return fs_out_diff_csv(f, c->diffs, c->ndiffs);
}

static int w_diff_xlsx(FILE *f, const cli_out_ctx *c)
{
    fs_xlsx_opts o = {c->lang_en, NULL, NULL, NULL};
    return fs_out_diff_xlsx(f, c->diffs, c->ndiffs, &o);
}

static int w_params_diff(FILE *f, const cli_out_ctx *c)
{
    return fs_out_params_diff_csv(f, c->pdiffs, c->ndiffs);
}

static int w_compare_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_compare_json(f, c->compare_info);
}

static int w_sweep_csv(FILE *f, const cli_out_ctx *c)
{
    return fs_out_sweep_csv(f, c->sweep);
}

static int w_sweep_xlsx(FILE *f, const cli_out_ctx *c)
{
    fs_xlsx_opts o = {c->lang_en, NULL, NULL, NULL};
    return fs_out_sweep_xlsx(f, c->sweep, &o);
}

static int w_sweep_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_sweep_json(f, c->sweep);
}

static int w_sweep_html(FILE *f, const cli_out_ctx *c)
{
    return fs_out_sweep_html(f, c->sweep, c->lang_en);
}

static int w_sweep_summary_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_sweep_summary_json(f, c->sweep);
}

static int w_solved_yaml(FILE *f, const cli_out_ctx *c)
{
    return fs_out_solved_yaml(f, c->solve);
}

static int w_solve_json(FILE *f, const cli_out_ctx *c)
{
    return fs_out_solve_json(f, c->solve);
}

/* Every file, in writing order within its scope. */
static const cli_output table[] = {
    {"summary.csv", CLI_SCOPE_RUN, WHEN_CSV, 0, w_summary},
    {"groups.csv", CLI_SCOPE_RUN, WHEN_CSV, 0, w_groups},
    {"metrics.csv", CLI_SCOPE_RUN, WHEN_CSV, 0, w_metrics},
    {"replications.csv", CLI_SCOPE_RUN, WHEN_KEEP_REPS, 0, w_reps},
    {"summary.xlsx", CLI_SCOPE_RUN, WHEN_XLSX, 0, w_summary_xlsx},
    {"summary.json", CLI_SCOPE_RUN, WHEN_JSON, 0, w_summary_json},
    {"report.html", CLI_SCOPE_RUN, WHEN_HTML, 0, w_report_html},
    {"run.json", CLI_SCOPE_RUN, WHEN_ALWAYS, 1, w_run_json},
    {"diff.csv", CLI_SCOPE_COMPARE, WHEN_CSV, 0, w_diff},
    {"diff.xlsx", CLI_SCOPE_COMPARE, WHEN_XLSX, 0, w_diff_xlsx},
    {"params_diff.csv", CLI_SCOPE_COMPARE, WHEN_CSV, 0, w_params_diff},
    {"metrics.csv", CLI_SCOPE_COMPARE, WHEN_CSV, 0, w_metrics},
    {"report.html", CLI_SCOPE_COMPARE, WHEN_HTML, 0, w_compare_html},
    {"compare.json", CLI_SCOPE_COMPARE, WHEN_ALWAYS, 1, w_compare_json},
    {"sweep.csv", CLI_SCOPE_SWEEP, WHEN_CSV, 0, w_sweep_csv},
    {"metrics.csv", CLI_SCOPE_SWEEP, WHEN_CSV, 0, w_metrics},
    {"sweep.xlsx", CLI_SCOPE_SWEEP, WHEN_XLSX, 0, w_sweep_xlsx},
    {"sweep_summary.json", CLI_SCOPE_SWEEP, WHEN_JSON, 0, w_sweep_summary_json},
    {"report.html", CLI_SCOPE_SWEEP, WHEN_HTML, 0, w_sweep_html},
    {"sweep.json", CLI_SCOPE_SWEEP, WHEN_ALWAYS, 1, w_sweep_json},
    {"summary.csv", CLI_SCOPE_SOLVE, WHEN_CSV, 0, w_summary},
    {"metrics.csv", CLI_SCOPE_SOLVE, WHEN_CSV, 0, w_metrics},
    {"summary.xlsx", CLI_SCOPE_SOLVE, WHEN_XLSX, 0, w_summary_xlsx},
    {"summary.json", CLI_SCOPE_SOLVE, WHEN_JSON, 0, w_summary_json},
    {"report.html", CLI_SCOPE_SOLVE, WHEN_HTML, 0, w_solve_html},
    {"solved.yaml", CLI_SCOPE_SOLVE, WHEN_ALWAYS, 0, w_solved_yaml},
    {"solve.json", CLI_SCOPE_SOLVE, WHEN_ALWAYS, 1, w_solve_json},
};
#define NTABLE (sizeof table / sizeof table[0])

static int written(const cli_output *o, const cli_run_args *a)
{
    switch (o->when) {
    case WHEN_KEEP_REPS: return a->keep_reps;
    case WHEN_XLSX: return a->xlsx;
    case WHEN_CSV: return a->csv;
    case WHEN_JSON: return a->json;
    case WHEN_HTML: return a->html;
    case WHEN_ALWAYS: break;
    }
    return 1;
}

size_t cli_outputs(cli_scope scope, const cli_run_args *a, const char *names[CLI_OUT_MAX])
{
    size_t n = 0;
    for (size_t i = 0; i < NTABLE && n < CLI_OUT_MAX; i++)
        if (table[i].scope == scope && written(&table[i], a))
            names[n++] = table[i].name;
    return n;
}

void cli_outputs_text(cli_scope scope, const cli_run_args *a, char *buf, size_t n)
{
    const char *names[CLI_OUT_MAX];
    size_t k = cli_outputs(scope, a, names), used = 0;
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < k && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* 1 if name ends in ".csv". */
static int is_csv(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && strcmp(name + n - 4, ".csv") == 0;
}

/* Writes one staged file with o's writer (a CSV after a BOM with
 * --excel-csv). */
static int stage_one(fs_out_stage *st, const cli_output *o, const cli_run_args *a,
                     const cli_out_ctx *ctx, char *err, size_t errlen)
{
    FILE *f = fs_out_stage_open(st, o->name, err, errlen);
    if (!f)
        return FS_EIO;
    if (a->excel_csv && is_csv(o->name))
        fs_out_csv_bom(f);
    errno = 0;
    int rc = o->write(f, ctx);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot write %s/%s: %s", st->dir, o->name,
                 errno ? strerror(errno) : fs_strerror(rc));
        return rc;
    }
    return fs_out_stage_close(st, f, err, errlen);
}

int cli_stage_outputs(fs_out_stage *st, cli_scope scope, const cli_run_args *a,
                      const cli_out_ctx *ctx_in, char *err, size_t errlen)
{
    cli_out_ctx lctx = *ctx_in;
    const cli_out_ctx *ctx = &lctx;
    lctx.lang_en = a->lang_en;
    for (size_t i = 0; i < NTABLE; i++) {
        const cli_output *o = &table[i];
        if (o->scope != scope || !written(o, a))
            continue;
        int rc = cli_interrupted(err, errlen); /* a signal: stop between two files */
        if (rc != FS_OK)
            return rc;
        if (o->record && ctx->run_info)
            ctx->run_info->wall_seconds = cli_now() - ctx->t0;
        if (o->record && ctx->compare_info)
            ctx->compare_info->wall_seconds = cli_now() - ctx->t0;
        if (o->record && ctx->sweep)
            ctx->sweep->wall_seconds = cli_now() - ctx->t0;
        if (o->record && ctx->solve)
            ctx->solve->wall_seconds = cli_now() - ctx->t0;
        rc = stage_one(st, o, a, ctx, err, errlen);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* 1 if the record at path names scenario `name` ("scenario": NAME, at the
 * top of run.json, sweep.json and solve.json), 0 if another, -1 if none. */
static int record_names(const char *path, const char *name)
{
    char *want = NULL, line[4096];
    size_t wlen = 0;
    int found = -1;
    FILE *m, *f = fopen(path, "r");
    if (!f)
        return -1;
    m = open_memstream(&want, &wlen);
    if (m) {
        fputs("  \"scenario\": ", m);
        fs_out_json_string(m, name);
        fputs(",\n", m);
        fclose(m);
    }
    while (want && fgets(line, sizeof line, f))
        if (strncmp(line, "  \"scenario\": ", 14) == 0) {
            found = strcmp(line, want) == 0;
            break;
        }
    fclose(f);
    free(want);
    return found;
}

int cli_check_owner(const char *dir, const char *name, const char *record, int force, char *err,
                    size_t errlen)
{
    static const char *const records[] = {"run.json", "compare.json", "sweep.json", "solve.json",
                                          "calibration.json"};
    char path[FS_OUT_PATH_MAX + 16];
    if (force)
        return FS_OK;
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, records[i]);
        if (access(path, F_OK) != 0)
            continue; /* nothing there (or unreadable: the staging reports it) */
        if (strcmp(records[i], record) != 0) {
            cli_msgf(err, errlen,
                     "%s holds the results of another command (its %s); choose another --out, "
                     "or pass --force to write beside them",
                     dir, records[i]);
            return FS_EUSAGE;
        }
        if (record_names(path, name) == 0) {
            cli_msgf(err, errlen,
                     "%s holds the results of another scenario (see its %s), not of %s; choose "
                     "another --out, or pass --force to replace them",
                     dir, records[i], name);
            return FS_EUSAGE;
        }
    }
    return FS_OK;
}

int cli_stage_stale(fs_out_stage *st, cli_scope scope, const cli_run_args *a, char *err,
                    size_t errlen)
{
    for (size_t i = 0; i < NTABLE; i++) {
        if (table[i].scope != scope || written(&table[i], a))
            continue;
        int rc = fs_out_stage_remove(st, table[i].name, err, errlen);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

int cli_stage_run_dir(fs_out_stage *st, const cli_run_args *a, const fs_scenario *sc,
                      const fs_results *res, double t0, char *err, size_t errlen)
{
    size_t gn = fs_results_gper_rep(res);
    fs_stat *stats = calloc((size_t)(res->years > 0 ? res->years : 1) * FS_M_COUNT, sizeof *stats);
    fs_stat *gstats = calloc(gn ? gn : 1, sizeof *gstats);
    const char *names[CLI_OUT_MAX];
    fs_file_list files;
    fs_run_info info;
    cli_out_ctx ctx;
    int rc = cli_file_list_of(sc, &files);

    if (rc == FS_OK && (!stats || !gstats))
        rc = FS_ENOMEM;
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
        goto out;
    }
    rc = fs_results_summarize(res, stats);
    if (rc == FS_OK)
        rc = fs_results_summarize_groups(res, gstats);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot summarise the results: %s", fs_strerror(rc));
        goto out;
    }
    cli_run_info_init(&info, a, &files, names, cli_outputs(CLI_SCOPE_RUN, a, names));
    memset(&ctx, 0, sizeof ctx);
    ctx.res = res;
    ctx.stats = stats;
    ctx.gstats = gstats;
    ctx.run_info = &info;
    ctx.sc = sc;
    ctx.t0 = t0;
    rc = cli_stage_outputs(st, CLI_SCOPE_RUN, a, &ctx, err, errlen);
out:
    cli_file_list_free(&files);
    free(stats);
    free(gstats);
    return rc;
}
