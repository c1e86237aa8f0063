/* cli/cmd_solve.c -- `fundsim solve SCENARIO --vary PATH=LO:HI --target
 * EXPR [--max]`: the smallest (largest) value of one parameter in [LO, HI]
 * whose run meets a target, found by fs_solve (a bracketing search, every
 * run on common random numbers), written as solve.json, the answer's
 * summary.csv and solved.yaml (the scenario with the answer set), all or
 * nothing.  Only wiring: the search is the library's, the runs
 * cli_point_run's, the files the output set's. */

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "headline.h"
#include "outdir.h"
#include "outputs.h"
#include "signals.h"
#include "points.h"
#include "provenance.h"

#define MAX_EVALS 200

static void usage(FILE *f)
{
    fputs("usage: fundsim solve SCENARIO --vary PATH=LO:HI --target EXPR [OPTIONS]\n"
          "\n"
          "Finds the smallest value (with --max the largest) of one parameter in\n"
          "[LO, HI] whose run meets a target, to within --tol: both ends are run\n"
          "first (when neither meets, 7 interior points from the near end), then a\n"
          "bracketing search (Brent's method, GSL) narrows the bracket between a value\n"
          "that fails and one that meets.  Every run has the SAME seed, horizon and\n"
          "replications (common random numbers), so the target is a fixed function\n"
          "of the parameter.  PATH is a key path as `fundsim show` prints it; PATH=X\n"
          "sets the value, PATH+=X adds X to every dated value, PATH*=X scales them;\n"
          "a plain number set on a growth rule keeps its form (30 -> 30/year).\n"
          "\n"
          "EXPR is METRIC[_STAT]@YEAR[..YEAR] >= VALUE (or <=): a statistic of a\n"
          "metric (docs/metrics.md) across replications, in every year of the range.\n"
          "STAT is mean (the default), sd, p05, p25, p50, p75 or p95.  Examples:\n"
          "  'prob_small_surplus@2024..2028 >= 0.5'   略有结余 more likely than not\n"
          "  'prob_depleted_by@2028 <= 0.05'          run dry by 2028 at most 1 in 20\n"
          "  'months_covered@2030 >= 6'               six months of spending in hand\n"
          "  'shortfall_cum_p95@2027 <= 0'            no budget top-up, even at p95\n"
          "\n"
          "Writes into DIR:\n"
          "  summary.csv   the run at the answer, as `fundsim run` writes it\n"
          "  metrics.csv   the metric dictionary (as run writes it)\n"
          "  summary.xlsx  only with --xlsx: its workbook\n"
          "  report.html   only with --format html: its report (as run writes it)\n"
          "  solved.yaml   a scenario extending SCENARIO with the overrides and the\n"
          "                answer (overrides:), to rerun with `fundsim run`\n"
          "  solve.json    the value, the override, the bracket, the target's value,\n"
          "                Monte Carlo se and worst year at the answer, the runs made\n"
          "                and each one's value, whether the target was monotone,\n"
          "                the scenario's files with SHA-256, seed, sizes, mode\n"
          "Files appear only when all were written.  No value in the range meeting the\n"
          "target is an error (exit 1) that names the best value reached.\n"
          "\n"
          "      --vary PATH=LO:HI     the parameter and its range (+= and *= forms)\n"
          "      --target EXPR         the target (above)\n"
          "      --max                 the largest value that meets it\n"
          "      --tol X               the answer's precision (default (HI-LO)/1000)\n"
          "      --set KEY.PATH=VALUE  change one key of the scenario at every run\n"
          "                            (repeatable; see `fundsim run --help`)\n"
          "  -r, --reps N          replications per run (default: the scenario's)\n"
          "  -s, --seed S          the seed of every run (default: the scenario's)\n"
          "  -y, --years H         horizon in years (default: the scenario's)\n"
          "  -o, --out DIR         output directory (default: results/solve-<name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default: the scenario's; every\n"
          "                        run in the mode the first gets)\n"
          "      --xlsx            also write summary.xlsx\n"
          "      --format LIST     csv, xlsx, json, html, comma-separated (default csv):\n"
          "                        csv = summary.csv and metrics.csv; xlsx = as --xlsx;\n"
          "                        json = the answer's summary.json; html = the answer's\n"
          "                        report.html (solve.json is always written)\n"
          "      --lang LANG       the language of the closing headline, report.html and\n"
          "                        the workbooks: zh (default, Chinese first) or en\n"
          "      --excel-csv       start every CSV with the UTF-8 byte order mark (for\n"
          "                        Excel on Chinese Windows; without it: no BOM)\n"
          "      --force           write into a DIR holding other results\n"
          "  -q, --quiet           print nothing on success (no line per run), draw no\n"
          "                        progress line\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "Example: fundsim solve scenarios/wenshui-2023.yaml -r 200 -y 5 \\\n"
          "           --vary 'tiers[0].contribution+=0:300' \\\n"
          "           --target 'prob_small_surplus@2024..2027 >= 0.5'\n"
          "Exit status: 0 success, 1 I/O, numerical or internal failure (or no value\n"
          "meets the target), 2 invalid scenario or bad arguments,\n"
          "130 SIGINT, 143 SIGTERM (stopped within about a second; nothing written).\n",
          f);
}

/* The search's context: the study, the parameter, the target, every run. */
typedef struct solve_ctx {
    const cli_run_args *a;
    cli_study *study;
    cli_vary v;
    fs_target t;
    fs_solve_eval evals[MAX_EVALS];
    size_t nevals;
    int code;        /* the exit code of a failed run */
    /* The runs that met kept for the answer's files: the most recent (the
     * answer, when the search ends on a run that meets) and the one nearest
     * the near end of the range (the answer otherwise). */
    cli_point keep, near;
    double keep_x, near_x;
    int reruns;      /* the answer run again: neither kept run was it */
    double t0;
} solve_ctx;

/* Keeps pt (run at x, met) as the most recent; the one it replaces moves
 * to `near` if it is nearer the near end than the one there. */
static void keep_point(solve_ctx *c, cli_point *pt, double x)
{
    if (c->keep.sc) {
        int nearer = !c->near.sc || (c->a->maximize ? c->keep_x > c->near_x
                                                     : c->keep_x < c->near_x);
        if (nearer) {
            cli_point_free(&c->near);
            c->near = c->keep;
            c->near_x = c->keep_x;
        } else {
            cli_point_free(&c->keep);
        }
    }
    c->keep = *pt;
    c->keep_x = x;
    memset(pt, 0, sizeof *pt);
}

/* One run of the search (all ranks): the target's margin at x. */
static int eval_at(double x, void *p, double *margin)
{
    solve_ctx *c = p;
    char set[400], err[512];
    const char *extra[1] = {set};
    cli_point pt;
    fs_target_value tv;
    int st = FS_OK;

    cli_vary_set(&c->v, x, set, sizeof set);
    c->code = cli_point_run("solve", c->a, c->study, extra, 1, &pt);
    memset(&tv, 0, sizeof tv);
    err[0] = '\0';
    if (c->code == CLI_OK && cli_rank == 0)
        st = fs_target_eval(&c->t, pt.sim.res, pt.stats, &tv, err, sizeof err);
    if (c->code == CLI_OK)
        c->code = cli_agree("solve", cli_exit_code(st), err);
    if (c->code != CLI_OK) {
        cli_point_free(&pt);
        return c->code == CLI_USAGE ? FS_EUSAGE : FS_EIO;
    }
    *margin = tv.margin;
    cli_bcast_double(margin); /* every rank searches the same way */
    if (cli_rank == 0) {
        if (c->nevals < MAX_EVALS)
            c->evals[c->nevals++] = (fs_solve_eval){x, tv};
        if (!c->a->quiet)
            printf("fundsim solve: run %zu: %s: %s_%s = %.6g in %d, margin %+.4g, %s (%.1f s)\n",
                   c->nevals, set, fs_metric_name(c->t.metric), fs_target_stat_name(c->t.stat),
                   tv.value, tv.year, tv.margin, tv.met ? "met" : "not met", cli_now() - c->t0);
        fflush(stdout);
    }
    if (*margin >= 0.0)
        keep_point(c, &pt, x);
    cli_point_free(&pt);
    return FS_OK;
}

/* Parses --vary and --target and checks them against the study: CLI_OK or
 * CLI_USAGE (printed). */
static int check_args(const cli_run_args *a, const cli_study *study, solve_ctx *c)
{
    char err[512];
    if (a->nvary != 1 || !a->target)
        return cli_usage_error("solve", "--vary PATH=LO:HI and --target EXPR are required");
    if (cli_parse_vary("solve", a->vary[0], 0, &c->v) != CLI_OK)
        return CLI_USAGE;
    if (!(c->v.from < c->v.to))
        return cli_usage_error("solve", "--vary %s: the range must have LO < HI", a->vary[0]);
    if (fs_target_parse(a->target, &c->t, err, sizeof err) != FS_OK)
        return cli_usage_error("solve", "--target: %s", err);
    int y0 = fs_scenario_start_year(study->sc), y1 = y0 + (int)a->years - 1;
    if (c->t.year_from < y0 || c->t.year_to > y1)
        return cli_usage_error("solve",
                               "--target '%s': its years %d..%d are not all simulated (%d..%d; "
                               "see --years)",
                               a->target, c->t.year_from, c->t.year_to, y0, y1);
    return CLI_OK;
}

/* NAME-solved, NAME cut on a character boundary to fit scenario.name. */
static void solved_name(const char *nm, char *buf, size_t n)
{
    size_t nl = strlen(nm);
    if (nl > 120) {
        nl = 120;
        while (nl > 0 && ((unsigned char)nm[nl] & 0xC0) == 0x80)
            nl--;
    }
    snprintf(buf, n, "%.*s-solved", (int)nl, nm);
}

/* Rank 0: writes the solve's directory dir (held by cli_outdir_open_one)
 * from the answer's run c->keep. */
static int write_solve(const cli_run_args *a, const cli_study *study, solve_ctx *c,
                       const fs_solve_result *r, double tol, const char *dir, double t0,
                       char *err, size_t errlen)
{
    char files[256], set[400], ext[FS_OUT_PATH_MAX], solved[160], label[200], run_sets[4][64];
    const char *outs[CLI_OUT_MAX], *run_set_ptrs[4];
    fs_out_stage *st = malloc(sizeof *st);
    const fs_results *res = c->keep.sim.res;
    fs_stat *stats = c->keep.stats;
    fs_solve_info sv;
    fs_file_list afiles;
    fs_run_info info;
    cli_out_ctx ctx;
    int rc;

    memset(&sv, 0, sizeof sv);
    memset(&afiles, 0, sizeof afiles);
    rc = st ? cli_file_list_of(study->sc, &sv.files) : FS_ENOMEM;
    if (rc != FS_OK) {
        free(st);
        cli_file_list_free(&sv.files);
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
        return rc;
    }
    /* solved.yaml repeats, after the user's overrides, the run options of
     * the solve, so it reruns exactly what was solved */
    size_t nr = 0;
    if (a->has_reps)
        snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.replications=%ld", a->reps);
    snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.seed=%llu",
             (unsigned long long)a->seed);
    snprintf(run_sets[nr++], sizeof run_sets[0], "scenario.years=%ld", a->years);
    snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.mode=%s", fs_mode_name(res->mode));
    for (size_t i = 0; i < nr; i++)
        run_set_ptrs[i] = run_sets[i];
    sv.run_sets = run_set_ptrs;
    sv.nrun_sets = nr;

    cli_vary_set(&c->v, r->x, set, sizeof set);
    cli_vary_label(study->sc, c->v.path, label, sizeof label);
    solved_name(fs_scenario_name(study->sc), solved, sizeof solved);
    sv.git = cli_git();
    sv.scenario = fs_scenario_name(study->sc);
    sv.vary = (fs_vary_info){c->v.path, c->v.op, label, c->v.from, c->v.to, 0.0};
    sv.target = a->target;
    sv.tgt = &c->t;
    sv.maximize = a->maximize;
    sv.tol = tol;
    sv.result = r;
    sv.answer_set = set;
    sv.answer_scenario = fs_scenario_name(c->keep.sc);
    sv.nevals = c->nevals;
    sv.reruns = c->reruns;
    sv.evals = c->evals;
    sv.res = res;
    sv.solved_name = solved;
    sv.ranks = cli_ranks;
    sv.output_count = cli_outputs(CLI_SCOPE_SOLVE, a, outs);
    sv.outputs = outs;
    sv.argc = a->cmdline_argc;
    sv.argv = (const char *const *)a->cmdline;
    rc = fs_target_eval(&c->t, res, stats, &sv.at, err, errlen);
    if (rc == FS_OK) {
        cli_relative_to(a->scenario, dir, ext, sizeof ext);
        sv.extends = ext;
        memset(&ctx, 0, sizeof ctx);
        ctx.res = res;
        ctx.stats = stats;
        ctx.solve = &sv;
        if (a->json) { /* summary.json: the answer's run, its own files and overrides */
            rc = cli_file_list_of(c->keep.sc, &afiles);
            cli_run_info_init(&info, a, &afiles, outs, sv.output_count);
            ctx.run_info = &info;
        }
        ctx.sc = c->keep.sc;
        ctx.t0 = t0;
        fs_out_stage_init(st, dir);
        if (rc == FS_OK)
            rc = cli_stage_outputs(st, CLI_SCOPE_SOLVE, a, &ctx, err, errlen);
        if (rc == FS_OK)
            rc = cli_stage_stale(st, CLI_SCOPE_SOLVE, a, err, errlen);
        if (rc == FS_OK)
            rc = cli_interrupted(err, errlen); /* a signal: abort, publish nothing */
        if (rc == FS_OK)
            rc = fs_out_stage_commit(st, err, errlen);
        else
            fs_out_stage_abort(st);
    }
    cli_outputs_text(CLI_SCOPE_SOLVE, a, files, sizeof files);
    if (rc == FS_OK && !a->quiet)
        cli_headline_solve(stdout, &sv, set, tol, dir, files, cli_now() - t0, a->lang_en);
    cli_file_list_free(&sv.files);
    cli_file_list_free(&afiles);
    free(st);
    return rc;
}

static int solve_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const cli_argspec spec = {1, 1, 1, 1, 0};
    cli_run_args a;
    cli_study study;
    solve_ctx *c = calloc(1, sizeof *c);
    fs_solve_result r;
    cli_outdir od = {0, NULL};
    double t0 = cli_now(), tol = 0.0;
    char msg[1536], dir[FS_OUT_PATH_MAX];
    int code;

    memset(&study, 0, sizeof study);
    if (!c) {
        fprintf(stderr, "fundsim solve: %s\n", fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    code = cli_parse_run_args("solve", &spec, usage, argc, argv, full_argc, full_argv, &a);
    if (code == CLI_OK)
        code = cli_study_start("solve", &a, &study);
    if (code == CLI_OK)
        code = check_args(&a, &study, c);
    for (int end = 0; end < 2 && code == CLI_OK; end++) { /* both ends load, before any run */
        char set[400];
        const char *extra[1] = {set};
        cli_vary_set(&c->v, end ? c->v.to : c->v.from, set, sizeof set);
        code = cli_point_check("solve", &a, extra, 1);
    }
    if (code == CLI_OK) { /* before any run: a bad --out fails at once */
        msg[0] = '\0';
        int st = FS_OK;
        if (cli_rank == 0)
            st = cli_outdir_open_one(&od, a.out, "solve", fs_scenario_name(study.sc), "solve.json",
                                     a.force, dir, sizeof dir, msg, sizeof msg);
        code = cli_agree("solve", cli_exit_code(st), msg);
    }
    if (code == CLI_OK) {
        c->a = &a;
        c->study = &study;
        c->t0 = t0;
        tol = a.has_tol ? a.tol : (c->v.to - c->v.from) / 1000.0;
        msg[0] = '\0';
        int st = fs_solve(c->v.from, c->v.to, tol, a.maximize, eval_at, c, &r, msg, sizeof msg);
        if (st == FS_ENUMERIC && cli_rank == 0)
            for (size_t i = 0; i < c->nevals; i++)
                if (c->evals[i].x == r.best_x) {
                    char set[400];
                    cli_vary_set(&c->v, r.best_x, set, sizeof set);
                    cli_msgf(msg, sizeof msg,
                             "no value in [%.10g, %.10g] meets %s: the best reached, at %s, is "
                             "%s_%s = %.6g in %d (%d runs)",
                             c->v.from, c->v.to, a.target, set, fs_metric_name(c->t.metric),
                             fs_target_stat_name(c->t.stat), c->evals[i].t.value,
                             c->evals[i].t.year, r.runs);
                }
        if (st != FS_OK && c->code != CLI_OK)
            code = c->code; /* a run failed: already reported */
        else
            code = cli_agree("solve", cli_exit_code(st), msg);
    }
    /* The answer's run: kept; otherwise (not expected) run again. */
    if (code == CLI_OK && c->near.sc && c->near_x == r.x && c->keep_x != r.x) {
        cli_point_free(&c->keep);
        c->keep = c->near;
        c->keep_x = c->near_x;
        memset(&c->near, 0, sizeof c->near);
    }
    if (code == CLI_OK && (!c->keep.sc || c->keep_x != r.x)) {
        char set[400];
        const char *extra[1] = {set};
        cli_point_free(&c->keep);
        cli_vary_set(&c->v, r.x, set, sizeof set);
        code = cli_point_run("solve", &a, &study, extra, 1, &c->keep);
        c->keep_x = r.x;
        c->reruns = 1;
    }
    if (code == CLI_OK) {
        int st = FS_OK;
        msg[0] = '\0';
        if (cli_rank == 0)
            st = write_solve(&a, &study, c, &r, tol, dir, t0, msg, sizeof msg);
        code = cli_agree("solve", cli_exit_code(st), msg);
    }
    cli_outdir_close(&od, code != CLI_OK);
    cli_point_free(&c->keep);
    cli_point_free(&c->near);
    free(c);
    cli_study_free(&study);
    cli_run_args_free(&a);
    return code == -1 ? CLI_OK : code; /* -1: --help */
}

const cli_command cli_cmd_solve = {
    "solve", "solve SCENARIO --vary ... --target ...",
    "the smallest (largest) value of a parameter that meets a target; solve.json",
    solve_main, usage, 1};
