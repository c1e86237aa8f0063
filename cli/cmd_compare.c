/* cli/cmd_compare.c -- `fundsim compare BASE [ALT ...]`: run a base and its
 * alternatives on common random numbers (one seed; with mode auto every
 * alternative in the mode BASE got, so a difference of policy is never a
 * difference of method) and write each run's directory as `run` does
 * (base/, alt/ or alt1/ alt2/ ...), the paired differences of every
 * alternative in one diff.csv, what changed in params_diff.csv, and
 * compare.json, all or nothing.  --set changes the alternatives (or makes
 * the one alternative when only BASE is named).  Only wiring: the runs are
 * cli_simulate's, the files the output set's, the differences
 * fs_results_diff's and fs_scenario_diff's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "headline.h"
#include "mpi_driver.h"
#include "outdir.h"
#include "outputs.h"
#include "signals.h"
#include "provenance.h"

#define MAX_ALTS 16

static void usage(FILE *f)
{
    fputs("usage: fundsim compare BASE [ALT ...] [OPTIONS]\n"
          "\n"
          "Runs a base and one or more alternatives (e.g. versions of a notice) with\n"
          "the SAME seed, so replication r of every run draws the same random\n"
          "numbers (common random numbers) and a difference is the policy's, not\n"
          "sampling noise.  With --set, the overrides change every ALT; with only\n"
          "BASE named, the alternative is BASE with the overrides.  All scenarios\n"
          "must have the same start_year and, unless --years is given, the same\n"
          "horizon.  The accounting identities of every run are checked.\n"
          "Writes into DIR:\n"
          "  base/, alt/       the files `fundsim run` writes for each scenario\n"
          "                    (alt1/, alt2/ ... with several alternatives)\n"
          "  diff.csv          base,alt,year,metric,mean,se,sd,p05,p25,p50,p75,p95,\n"
          "                    base_mean,alt_mean,ratio,pct,prob_higher: per\n"
          "                    alternative, the distribution of the PAIRED\n"
          "                    per-replication difference alt - base (se = sd /\n"
          "                    sqrt(replications)), the two means, their ratio, the\n"
          "                    change in percent and the share of replications where\n"
          "                    ALT > BASE\n"
          "  params_diff.csv   base,alt,path,label_zh,year,base_value,alt_value,unit,\n"
          "                    base_ref,alt_ref: every parameter that differs (the\n"
          "                    first year it does), as `fundsim diff` lists it\n"
          "  metrics.csv       the metric dictionary (as run writes it)\n"
          "  report.html       only with --format html: the differences alt - base with\n"
          "                    their 5-95% bands (fan charts, a table) and the changed\n"
          "                    parameters; each run directory then has its own\n"
          "  diff.xlsx         only with --xlsx: per alternative a sheet 差异 diff (per\n"
          "                    key metric and year: base, alternative, the paired\n"
          "                    difference's mean, se, p05, p95; a fan chart of the\n"
          "                    balance difference), 说明 about and the hidden 数据\n"
          "                    data; the run directories then also hold summary.xlsx\n"
          "  compare.json      every scenario with its files' SHA-256 and overrides,\n"
          "                    seed, replications, years, mode, wall time\n"
          "Files appear only when all were written (temporaries, fsync, rename),\n"
          "base/, alt/ and the top at once: if one cannot be put in place, every old\n"
          "file stays.  DIR is created, checked and locked before simulating: a\n"
          "second fundsim writing to it (or to base/, alt/) is refused (exit 1).\n"
          "\n"
          "  -r, --reps N          replications (default: BASE's)\n"
          "  -s, --seed S          the seed of every run, 0..2^64-1 (default: BASE's)\n"
          "  -y, --years H         horizon in years (default: the scenarios' own)\n"
          "  -o, --out DIR         output directory\n"
          "                        (default: results/compare-<base name>-vs-<alt name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default: BASE's\n"
          "                        simulation.mode; every ALT runs in the mode BASE gets,\n"
          "                        so all use one method)\n"
          "  -k, --keep-reps       also write replications.csv in each run directory\n"
          "      --xlsx            also write diff.xlsx and each run's summary.xlsx\n"
          "      --format LIST     csv, xlsx, json, html, comma-separated (default csv):\n"
          "                        csv = diff.csv, params_diff.csv, metrics.csv and the\n"
          "                        runs' CSVs; xlsx = as --xlsx; json = each run's\n"
          "                        summary.json; html = report.html here and in each\n"
          "                        run directory.  compare.json and run.json are always\n"
          "                        written\n"
          "      --lang LANG       the language of the closing headline, report.html and\n"
          "                        the workbooks: zh (default, Chinese first) or en\n"
          "      --excel-csv       start every CSV with the UTF-8 byte order mark (for\n"
          "                        Excel on Chinese Windows; without it: no BOM)\n"
          "      --set KEY.PATH=VALUE\n"
          "                        change one key of the alternatives (repeatable; +=\n"
          "                        and *= shift or scale); see `fundsim run --help`\n"
          "      --force           replace results of other scenarios in DIR\n"
          "  -q, --quiet           print nothing on success, draw no progress line\n"
          "  -h, --help            print this help and exit\n"
          "\n"
#ifdef FUNDSIM_WITH_MPI
          "Under MPI (mpirun -np K fundsim compare ...) each scenario's replications\n"
          "are split across the ranks and gathered on rank 0 exactly as `run` does,\n"
          "so the files are the same bytes as with one process.\n"
#else
          "In an MPI build, each scenario's replications are split across the ranks\n"
          "and gathered on rank 0 exactly as `run` does.\n"
#endif
          "Exit status: 0 success, 1 I/O, numerical or internal failure (or a\n"
          "missing file), 2 invalid scenario, mismatched scenarios or bad arguments,\n"
          "130 SIGINT, 143 SIGTERM (stopped within about a second; nothing written).\n",
          f);
}

/* A comparison: the base (0) and its alternatives (1..n-1). */
typedef struct comparison {
    int n;
    const char *path[MAX_ALTS + 1];
    fs_scenario *sc[MAX_ALTS + 1];
    fs_diags *d[MAX_ALTS + 1];
    cli_sim sim[MAX_ALTS + 1];
    char dirs[MAX_ALTS + 2][FS_OUT_PATH_MAX + 8]; /* each run's, then the top */
} comparison;

static void comparison_free(comparison *cp)
{
    for (int i = 0; i <= MAX_ALTS; i++) {
        cli_sim_free(&cp->sim[i]);
        fs_scenario_free(cp->sc[i]);
        fs_diags_free(cp->d[i]);
    }
}

/* The summaries of a run (years x FS_M_COUNT), NULL on no memory. */
static fs_stat *summary_of(const fs_results *res)
{
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    if (st && fs_results_summarize(res, st) != FS_OK) {
        free(st);
        return NULL;
    }
    return st;
}

/* What the top of the comparison is made of. */
typedef struct top_data {
    fs_results *diff[MAX_ALTS];
    fs_stat *stats[MAX_ALTS + 1], *dstats[MAX_ALTS];
    fs_diff_set sets[MAX_ALTS];
    fs_param_change *ch[MAX_ALTS];
    fs_params_diff_set psets[MAX_ALTS];
    fs_file_list files[MAX_ALTS + 1];
    fs_compare_side sides[MAX_ALTS];
    const char *names[4 * CLI_OUT_MAX * (MAX_ALTS + 1)];
    char text[3 * CLI_OUT_MAX * (MAX_ALTS + 1)][64];
} top_data;

static void top_free(top_data *t, int n)
{
    for (int i = 0; i < n; i++) {
        free(t->stats[i]);
        cli_file_list_free(&t->files[i]);
        if (i + 1 < n) {
            fs_results_free(t->diff[i]);
            free(t->dstats[i]);
            fs_param_changes_free(t->ch[i]);
        }
    }
    free(t);
}

/* The output names of a comparison: the top files, then each run's. */
static size_t compare_outputs(const comparison *cp, const cli_run_args *a, top_data *t)
{
    const char *top[CLI_OUT_MAX], *run[CLI_OUT_MAX];
    size_t nt = cli_outputs(CLI_SCOPE_COMPARE, a, top), nr = cli_outputs(CLI_SCOPE_RUN, a, run);
    size_t n = 0, k = 0;
    for (size_t i = 0; i < nt; i++)
        t->names[n++] = top[i];
    for (int s = 0; s < cp->n; s++)
        for (size_t i = 0; i < nr; i++, k++) {
            snprintf(t->text[k], sizeof t->text[k], "%s/%s",
                     strrchr(cp->dirs[s], '/') + 1, run[i]);
            t->names[n++] = t->text[k];
        }
    return n;
}

/* The differences, summaries and changes of every alternative. */
static int make_top(const comparison *cp, top_data *t, char *err, size_t errlen)
{
    const fs_results *rb = cp->sim[0].res;
    int rc = FS_OK;
    for (int i = 0; i < cp->n && rc == FS_OK; i++) {
        t->stats[i] = summary_of(cp->sim[i].res);
        rc = t->stats[i] ? cli_file_list_of(cp->sc[i], &t->files[i]) : FS_ENOMEM;
    }
    for (int k = 1; k < cp->n && rc == FS_OK; k++) {
        size_t nch = 0;
        rc = fs_results_diff(rb, cp->sim[k].res, &t->diff[k - 1], err, errlen);
        if (rc != FS_OK)
            return rc;
        t->dstats[k - 1] = summary_of(t->diff[k - 1]);
        if (!t->dstats[k - 1])
            rc = FS_ENOMEM;
        else
            rc = fs_scenario_diff(cp->sc[0], cp->sc[k], rb->start_year,
                                  rb->start_year + rb->years - 1, &t->ch[k - 1], &nch);
        t->sets[k - 1] = (fs_diff_set){fs_scenario_name(cp->sc[0]), fs_scenario_name(cp->sc[k]),
                                       t->diff[k - 1], t->dstats[k - 1], t->stats[0],
                                       t->stats[k]};
        t->psets[k - 1] = (fs_params_diff_set){t->sets[k - 1].base, t->sets[k - 1].alt,
                                               t->ch[k - 1], nch};
    }
    if (rc == FS_ENOMEM)
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
    return rc;
}

/* Stages the top of the comparison: diff.csv, params_diff.csv (and
 * diff.xlsx), then compare.json. */
static int stage_top(fs_out_stage *st, const comparison *cp, const cli_run_args *a, double t0,
                     char *err, size_t errlen)
{
    top_data *t = calloc(1, sizeof *t);
    fs_compare_info info;
    cli_out_ctx ctx;
    int rc = t ? make_top(cp, t, err, errlen) : FS_ENOMEM;

    if (rc == FS_OK) {
        size_t n = compare_outputs(cp, a, t);
        cli_compare_info_init(&info, a, cp->sim[0].res, &t->files[0], cp->sim[1].res,
                              &t->files[1], t->names, n);
        memset(&ctx, 0, sizeof ctx);
        ctx.diffs = t->sets;
        ctx.ndiffs = (size_t)cp->n - 1;
        ctx.pdiffs = t->psets;
        ctx.compare_info = &info;
        ctx.t0 = t0;
        for (int k = 1; k < cp->n; k++)
            t->sides[k - 1] = (fs_compare_side){strrchr(cp->dirs[k], '/') + 1, cp->sim[k].res,
                                                t->files[k]};
        info.alt.dir = t->sides[0].dir;
        info.alts = t->sides;
        info.nalts = (size_t)cp->n - 1;
        rc = cli_stage_outputs(st, CLI_SCOPE_COMPARE, a, &ctx, err, errlen);
    } else if (!t) {
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
    }
    if (t)
        top_free(t, cp->n);
    return rc;
}

/* Rank 0, before the simulations: the directories of a comparison, each
 * run's and the top, created, locked and probed (cli_outdir_open), and no
 * other scenario's results in them (unless --force). */
static int open_dirs(comparison *cp, const cli_run_args *a, cli_outdir *od, char *err,
                     size_t errlen)
{
    char name[300], *top = cp->dirs[cp->n];
    const char *dirs[MAX_ALTS + 2];
    if (a->out) {
        snprintf(top, FS_OUT_PATH_MAX, "%s", a->out);
    } else {
        snprintf(name, sizeof name, "compare-%.120s-vs-%.120s%s", fs_scenario_name(cp->sc[0]),
                 fs_scenario_name(cp->sc[1]), cp->n > 2 ? "-and-more" : "");
        cli_default_dir(name, top, FS_OUT_PATH_MAX);
    }
    if (strlen(top) + 8 >= FS_OUT_PATH_MAX) {
        cli_msgf(err, errlen, "%s: path too long", top);
        return FS_EIO;
    }
    size_t tl = strlen(top); /* < FS_OUT_PATH_MAX - 8: room for "/altNN" */
    for (int i = 0; i < cp->n; i++) {
        char sub[16];
        if (i == 0)
            snprintf(sub, sizeof sub, "base");
        else if (cp->n == 2)
            snprintf(sub, sizeof sub, "alt");
        else
            snprintf(sub, sizeof sub, "alt%d", i % 100);
        memcpy(cp->dirs[i], top, tl);
        snprintf(cp->dirs[i] + tl, sizeof cp->dirs[i] - tl, "/%s", sub);
    }
    for (int i = 0; i <= cp->n; i++)
        dirs[i] = cp->dirs[i];
    int rc = cli_outdir_open(od, dirs, (size_t)cp->n + 1, err, errlen);
    for (int i = 0; i < cp->n && rc == FS_OK; i++)
        rc = cli_check_owner(cp->dirs[i], fs_scenario_name(cp->sc[i]), "run.json", a->force, err,
                             errlen);
    if (rc != FS_OK)
        cli_outdir_close(od, 1);
    return rc;
}

/* Rank 0: writes every run's directory and the top, as one commit:
 * nothing is renamed into place until every file has been written, and
 * if one rename fails every old file is put back. */
static int write_compare(comparison *cp, const cli_run_args *a, double t0, char *err,
                         size_t errlen)
{
    char files[256];
    fs_out_stage *st = calloc((size_t)cp->n + 1, sizeof *st); /* each run, then the top */
    int rc = st ? FS_OK : FS_ENOMEM;

    if (!st)
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
    for (int i = 0; rc == FS_OK && i <= cp->n; i++)
        fs_out_stage_init(&st[i], cp->dirs[i]);
    for (int i = 0; rc == FS_OK && i < cp->n; i++)
        rc = cli_stage_run_dir(&st[i], a, cp->sc[i], cp->sim[i].res, t0, err, errlen);
    if (rc == FS_OK)
        rc = stage_top(&st[cp->n], cp, a, t0, err, errlen);
    if (rc == FS_OK)
        rc = cli_interrupted(err, errlen); /* a signal: abort, publish nothing */
    for (int i = 0; i <= cp->n && rc == FS_OK; i++)
        rc = cli_stage_stale(&st[i], i < cp->n ? CLI_SCOPE_RUN : CLI_SCOPE_COMPARE, a, err,
                             errlen);
    /* Everything is written and fsync'ed: one commit of every directory,
     * the top's compare.json last. */
    if (rc == FS_OK)
        rc = fs_out_commit(st, (size_t)cp->n + 1, err, errlen);
    cli_outputs_text(CLI_SCOPE_COMPARE, a, files, sizeof files);
    if (rc == FS_OK && !a->quiet) {
        const fs_results *runs[MAX_ALTS + 1];
        for (int i = 0; i < cp->n; i++)
            runs[i] = cp->sim[i].res;
        rc = cli_headline_compare(stdout, (const fs_scenario *const *)cp->sc, runs, cp->n,
                                  cp->dirs[cp->n], files, cli_now() - t0, a->lang_en);
    }
    for (int i = 0; st && i <= cp->n; i++)
        fs_out_stage_abort(&st[i]); /* no-op after a commit */
    free(st);
    return rc;
}

/* Loads the base and the alternatives (all ranks; every problem reported
 * before failing) and checks that they can be compared. */
static int load_all(comparison *cp, const cli_run_args *a)
{
    char msg[1536];
    int code = CLI_OK;
    cp->n = a->npaths > 1 ? a->npaths : 2;
    if (a->npaths == 1 && a->nsets == 0)
        return cli_usage_error("compare", "one scenario and no --set: nothing to compare it with");
    if (cp->n > MAX_ALTS + 1)
        return cli_usage_error("compare", "at most %d alternatives", MAX_ALTS);
    for (int i = 0; i < cp->n; i++) {
        cp->path[i] = a->paths[i < a->npaths ? i : 0];
        msg[0] = '\0';
        int st = cli_load_scenario(cp->path[i], i ? a->sets : NULL, i ? a->nsets : 0, &cp->sc[i],
                                   &cp->d[i], msg, sizeof msg);
        int c = cli_agree("compare", cli_exit_code(st), msg);
        code = c > code ? c : code;
    }
    for (int i = 1; i < cp->n && code == CLI_OK; i++) {
        if (fs_scenario_start_year(cp->sc[0]) != fs_scenario_start_year(cp->sc[i]))
            return cli_usage_error("compare",
                                   "%s starts in %d but %s starts in %d: the scenarios must have "
                                   "the same start_year to be compared",
                                   cp->path[0], fs_scenario_start_year(cp->sc[0]), cp->path[i],
                                   fs_scenario_start_year(cp->sc[i]));
        if (!a->has_years && fs_scenario_years(cp->sc[0]) != fs_scenario_years(cp->sc[i]))
            return cli_usage_error("compare",
                                   "%s runs %d years but %s runs %d: the scenarios must have the "
                                   "same horizon (or pass --years)",
                                   cp->path[0], fs_scenario_years(cp->sc[0]), cp->path[i],
                                   fs_scenario_years(cp->sc[i]));
    }
    return code;
}

static int compare_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const cli_argspec spec = {1, MAX_ALTS + 1, 0, 0, 0};
    cli_run_args a;
    comparison *cp = calloc(1, sizeof *cp);
    cli_outdir od = {0, NULL};
    double t0 = cli_now();
    char msg[1536];
    int code;

    if (!cp) {
        fprintf(stderr, "fundsim compare: %s\n", fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    code = cli_parse_run_args("compare", &spec, usage, argc, argv, full_argc, full_argv, &a);
    if (code != CLI_OK) {
        cli_run_args_free(&a);
        free(cp);
        return code == -1 ? CLI_OK : code; /* -1: --help */
    }
    code = load_all(cp, &a);
    if (code != CLI_OK)
        goto done;

    /* The directories, before simulating (FS_EUSAGE: another scenario's
     * results, exit 2). */
    msg[0] = '\0';
    int st = cli_rank == 0 ? open_dirs(cp, &a, &od, msg, sizeof msg) : FS_OK;
    code = cli_agree("compare", cli_exit_code(st), msg);
    if (code != CLI_OK)
        goto done;

    /* Common random numbers: one seed, one horizon, one replication count. */
    int total = a.has_reps ? (int)a.reps : fs_scenario_replications(cp->sc[0]);
    if (!a.has_years) {
        a.years = fs_scenario_years(cp->sc[0]);
        a.has_years = 1;
    }
    if (!a.has_seed) {
        a.seed = fs_scenario_seed(cp->sc[0]);
        a.has_seed = 1;
    }
    code = cli_simulate("compare", cp->path[0], cp->sc[0], &a, FS_MODE_AUTO, total, &cp->sim[0]);
    /* Every alternative in one mode: with auto, the mode BASE got. */
    fs_mode mode = cp->sim[0].mine ? cp->sim[0].mine->mode : a.mode;
    for (int i = 1; i < cp->n && code == CLI_OK; i++)
        code = cli_simulate("compare", cp->path[i], cp->sc[i], &a, mode, total, &cp->sim[i]);
    if (code != CLI_OK)
        goto done;

    /* Rank 0 writes. */
    msg[0] = '\0';
    st = FS_OK;
    if (cli_rank == 0)
        st = write_compare(cp, &a, t0, msg, sizeof msg);
    code = cli_agree("compare", cli_exit_code(st), msg);

done:
    cli_outdir_close(&od, code != CLI_OK);
    cli_run_args_free(&a);
    comparison_free(cp);
    free(cp);
    return code;
}

const cli_command cli_cmd_compare = {
    "compare", "compare BASE [ALT ...]",
    "run a base and alternatives on common random numbers; diff.csv",
    compare_main, usage, 1};
