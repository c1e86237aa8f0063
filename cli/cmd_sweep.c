/* cli/cmd_sweep.c -- `fundsim sweep SCENARIO --vary PATH=FROM:TO:STEP
 * [--vary ...]`: the scenario run at every point of a grid of one or two
 * parameters, on common random numbers (one seed, one horizon, one
 * replication count, one mode), and the summaries of every point in
 * sweep.csv (sweep.xlsx) with sweep.json, all or nothing.  Only wiring:
 * the runs are cli_point_run's, the files the output set's. */
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

#define MAX_POINTS 10000

static void usage(FILE *f)
{
    fputs("usage: fundsim sweep SCENARIO --vary PATH=FROM:TO:STEP [--vary ...] [OPTIONS]\n"
          "\n"
          "Runs SCENARIO at every value FROM, FROM+STEP, ... up to TO of one parameter,\n"
          "or at every pair of values of two (the first varies slowest), all with the\n"
          "SAME seed, horizon and replications (common random numbers), so the\n"
          "differences between points are the parameter's, not sampling noise.\n"
          "PATH is a key path as `fundsim show` prints it; PATH=X sets the value X,\n"
          "PATH+=X adds X to every dated value and PATH*=X scales them (as --set).\n"
          "A plain number set on a growth rule keeps its form (30 -> 30/year).\n"
          "Writes into DIR:\n"
          "  sweep.csv    one column per varied parameter (its path, followed by +=\n"
          "               or *= for those forms), then the columns of summary.csv:\n"
          "               scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95; one row\n"
          "               per point, year and metric\n"
          "  metrics.csv  the metric dictionary (as run writes it)\n"
          "  sweep.xlsx   only with --xlsx: a sheet with one row per point (the key\n"
          "               metrics of every year, Chinese labels first, money in\n"
          "               万元/亿元, rates in %) and an about sheet\n"
          "  sweep.json   the scenario with its files' SHA-256 and overrides, what\n"
          "               was varied, every point, seed, sizes, mode, wall time\n"
          "Files appear only when all were written.\n"
          "\n"
          "      --vary PATH=FROM:TO:STEP\n"
          "                        a parameter and its grid (once or twice; += and *=)\n"
          "      --set KEY.PATH=VALUE\n"
          "                        change one key of the scenario at every point\n"
          "                        (repeatable; see `fundsim run --help`)\n"
          "  -r, --reps N          replications per point (default: the scenario's)\n"
          "  -s, --seed S          the seed of every point (default: the scenario's)\n"
          "  -y, --years H         horizon in years (default: the scenario's)\n"
          "  -o, --out DIR         output directory (default: results/sweep-<name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default: the scenario's; every\n"
          "                        point runs in the mode the first point gets)\n"
          "      --xlsx            also write sweep.xlsx\n"
          "      --format LIST     csv, xlsx, json, html, comma-separated (default csv):\n"
          "                        csv = sweep.csv and metrics.csv; xlsx = as --xlsx;\n"
          "                        json = sweep_summary.json; html = report.html of the\n"
          "                        points (sweep.json is always written)\n"
          "      --excel-csv       start every CSV with the UTF-8 byte order mark (for\n"
          "                        Excel on Chinese Windows; without it: no BOM)\n"
          "      --force           write into a DIR holding other results\n"
          "      --lang LANG       headline and workbook labels: zh (default) or en\n"
          "  -q, --quiet           print nothing on success (no line per point), draw\n"
          "                        no progress line\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "Example: fundsim sweep scenarios/wenshui-2023.yaml -r 200 -y 5 \\\n"
          "           --vary 'tiers[0].contribution+=0:100:10'\n"
          "Exit status: 0 success, 1 I/O, numerical or internal failure, 2 invalid\n"
          "scenario or bad arguments,\n"
          "130 SIGINT, 143 SIGTERM (stopped within about a second; nothing written).\n",
          f);
}

/* The grid: the values of each varied parameter. */
typedef struct grid {
    cli_vary v[2];
    int nv;
    size_t n[2];
    double *x[2];
} grid;

static void grid_free(grid *g)
{
    free(g->x[0]);
    free(g->x[1]);
}

/* Parses the --vary options into g: CLI_OK or CLI_USAGE (printed). */
static int make_grid(const cli_run_args *a, grid *g)
{
    size_t total = 1;
    memset(g, 0, sizeof *g);
    if (a->nvary < 1)
        return cli_usage_error("sweep", "--vary PATH=FROM:TO:STEP is required");
    g->nv = a->nvary;
    for (int k = 0; k < g->nv; k++) {
        if (cli_parse_vary("sweep", a->vary[k], 1, &g->v[k]) != CLI_OK)
            return CLI_USAGE;
        double span = (g->v[k].to - g->v[k].from) / g->v[k].step;
        if (!(span < (double)MAX_POINTS))
            return cli_usage_error("sweep", "--vary %s: more than %d points", a->vary[k],
                                   MAX_POINTS);
        /* FROM, FROM+STEP, ... up to TO (allowing for rounding in STEP) */
        g->n[k] = (size_t)floor(span + 1e-9) + 1;
        total *= g->n[k];
        g->x[k] = malloc(g->n[k] * sizeof *g->x[k]);
        if (!g->x[k]) {
            fprintf(stderr, "fundsim sweep: %s\n", fs_strerror(FS_ENOMEM));
            return CLI_FAIL;
        }
        /* FROM + i STEP, rounded to the decimals the user wrote (0.3, not
         * 0.30000000000000004) */
        double p10 = g->v[k].decimals >= 0 ? pow(10.0, g->v[k].decimals) : 0.0;
        for (size_t i = 0; i < g->n[k]; i++) {
            double x = g->v[k].from + (double)i * g->v[k].step;
            g->x[k][i] = p10 > 0.0 ? round(x * p10) / p10 : x;
        }
        if (fabs(g->x[k][g->n[k] - 1] - g->v[k].to) < 1e-9 * g->v[k].step)
            g->x[k][g->n[k] - 1] = g->v[k].to;
    }
    if (g->nv == 2 && strcmp(g->v[0].path, g->v[1].path) == 0)
        return cli_usage_error("sweep", "the two --vary name the same parameter %s", g->v[0].path);
    if (total > MAX_POINTS)
        return cli_usage_error("sweep", "%zu points: at most %d", total, MAX_POINTS);
    return CLI_OK;
}

/* Every varied parameter's first and last value is a valid scenario (the
 * others at their first), checked before the first run. */
static int check_ends(const cli_run_args *a, const grid *g)
{
    char set[2][400];
    const char *extra[2] = {set[0], set[1]};
    int code = CLI_OK;
    for (int k = 0; k < g->nv && code == CLI_OK; k++)
        for (int end = 0; end < 2 && code == CLI_OK; end++) {
            for (int j = 0; j < g->nv; j++)
                cli_vary_set(&g->v[j], j == k && end ? g->x[j][g->n[j] - 1] : g->x[j][0], set[j],
                             sizeof set[j]);
            code = cli_point_check("sweep", a, extra, (size_t)g->nv);
        }
    return code;
}

/* What the sweep keeps: per point its values, scenario name and summaries
 * (rank 0), and the first point's run for the shape of the results. */
typedef struct sweep_state {
    size_t npoints;
    fs_sweep_point *pts;
    char (*names)[128];
    fs_stat **stats;
    cli_point first;
} sweep_state;

static void state_free(sweep_state *s)
{
    for (size_t i = 0; s->stats && i < s->npoints; i++)
        free(s->stats[i]);
    free(s->stats);
    free(s->pts);
    free(s->names);
    cli_point_free(&s->first);
}

/* Runs every point (all ranks). */
static int run_points(const cli_run_args *a, cli_study *study, const grid *g, sweep_state *s,
                      double t0)
{
    size_t n1 = g->nv == 2 ? g->n[1] : 1;
    char set[2][400];
    const char *extra[2] = {set[0], set[1]};
    int code = CLI_OK;

    s->npoints = g->n[0] * n1;
    s->pts = calloc(s->npoints, sizeof *s->pts);
    s->names = calloc(s->npoints, sizeof *s->names);
    s->stats = calloc(s->npoints, sizeof *s->stats);
    if (!s->pts || !s->names || !s->stats)
        return cli_agree("sweep", CLI_FAIL, fs_strerror(FS_ENOMEM));
    for (size_t i = 0; i < s->npoints && code == CLI_OK; i++) {
        cli_point p;
        double x[2] = {g->x[0][i / n1], g->nv == 2 ? g->x[1][i % n1] : 0.0};
        for (int k = 0; k < g->nv; k++)
            cli_vary_set(&g->v[k], x[k], set[k], sizeof set[k]);
        code = cli_point_run("sweep", a, study, extra, (size_t)g->nv, &p);
        if (code == CLI_OK && cli_rank == 0) {
            s->pts[i].x[0] = x[0];
            s->pts[i].x[1] = x[1];
            snprintf(s->names[i], sizeof s->names[i], "%s", fs_scenario_name(p.sc));
            s->pts[i].scenario = s->names[i];
            s->stats[i] = p.stats; /* kept: the point's run is freed */
            s->pts[i].stats = p.stats;
            p.stats = NULL;
            if (!a->quiet)
                printf("fundsim sweep: point %zu/%zu: %s%s%s (%.1f s)\n", i + 1, s->npoints,
                       set[0], g->nv == 2 ? " " : "", g->nv == 2 ? set[1] : "", cli_now() - t0);
        }
        if (i == 0 && code == CLI_OK)
            s->first = p;
        else
            cli_point_free(&p);
    }
    fflush(stdout);
    return code;
}

/* Rank 0: writes the sweep's directory dir (held by cli_outdir_open_one). */
static int write_sweep(const cli_run_args *a, const cli_study *study, const grid *g,
                       sweep_state *s, const char *dir, double t0, char *err, size_t errlen)
{
    char files[256], label[2][200];
    const char *outs[CLI_OUT_MAX];
    fs_out_stage *st = malloc(sizeof *st);
    fs_sweep_info sw;
    cli_out_ctx ctx;
    int rc;

    memset(&sw, 0, sizeof sw);
    rc = st ? cli_file_list_of(study->sc, &sw.files) : FS_ENOMEM;
    if (rc != FS_OK) {
        free(st);
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
        return rc;
    }
    sw.git = cli_git();
    sw.scenario = fs_scenario_name(study->sc);
    sw.nvary = (size_t)g->nv;
    for (int k = 0; k < g->nv; k++) {
        cli_vary_label(study->sc, g->v[k].path, label[k], sizeof label[k]);
        sw.vary[k] = (fs_vary_info){g->v[k].path, g->v[k].op, label[k], g->v[k].from,
                                    g->v[k].to, g->v[k].step};
    }
    sw.npoints = s->npoints;
    sw.points = s->pts;
    sw.res = s->first.sim.res;
    sw.ranks = cli_ranks;
    sw.output_count = cli_outputs(CLI_SCOPE_SWEEP, a, outs);
    sw.outputs = outs;
    sw.argc = a->cmdline_argc;
    sw.argv = (const char *const *)a->cmdline;
    memset(&ctx, 0, sizeof ctx);
    ctx.sweep = &sw;
    ctx.t0 = t0;
    fs_out_stage_init(st, dir);
    rc = cli_stage_outputs(st, CLI_SCOPE_SWEEP, a, &ctx, err, errlen);
    if (rc == FS_OK)
        rc = cli_stage_stale(st, CLI_SCOPE_SWEEP, a, err, errlen);
    if (rc == FS_OK)
        rc = cli_interrupted(err, errlen); /* a signal: abort, publish nothing */
    if (rc == FS_OK)
        rc = fs_out_stage_commit(st, err, errlen);
    else
        fs_out_stage_abort(st);
    cli_outputs_text(CLI_SCOPE_SWEEP, a, files, sizeof files);
    if (rc == FS_OK && !a->quiet)
        cli_headline_sweep(stdout, s->first.sc, &sw, dir, files, cli_now() - t0, a->lang_en);
    cli_file_list_free(&sw.files);
    free(st);
    return rc;
}

static int sweep_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const cli_argspec spec = {1, 1, 2, 0, 0};
    cli_run_args a;
    cli_study study;
    grid g;
    sweep_state s;
    cli_outdir od = {0, NULL};
    double t0 = cli_now();
    char msg[1536], dir[FS_OUT_PATH_MAX];
    int code;

    memset(&study, 0, sizeof study);
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    code = cli_parse_run_args("sweep", &spec, usage, argc, argv, full_argc, full_argv, &a);
    if (code == CLI_OK)
        code = make_grid(&a, &g);
    if (code == CLI_OK)
        code = cli_study_start("sweep", &a, &study);
    if (code == CLI_OK)
        code = check_ends(&a, &g);
    if (code == CLI_OK) { /* before any point runs: a bad --out fails at once */
        msg[0] = '\0';
        int st = FS_OK;
        if (cli_rank == 0)
            st = cli_outdir_open_one(&od, a.out, "sweep", fs_scenario_name(study.sc), "sweep.json",
                                     a.force, dir, sizeof dir, msg, sizeof msg);
        code = cli_agree("sweep", cli_exit_code(st), msg);
    }
    if (code == CLI_OK)
        code = run_points(&a, &study, &g, &s, t0);
    if (code == CLI_OK) {
        int st = FS_OK;
        msg[0] = '\0';
        if (cli_rank == 0)
            st = write_sweep(&a, &study, &g, &s, dir, t0, msg, sizeof msg);
        code = cli_agree("sweep", cli_exit_code(st), msg);
    }
    cli_outdir_close(&od, code != CLI_OK);
    state_free(&s);
    grid_free(&g);
    cli_study_free(&study);
    cli_run_args_free(&a);
    return code == -1 ? CLI_OK : code; /* -1: --help */
}

const cli_command cli_cmd_sweep = {
    "sweep", "sweep SCENARIO --vary ...",
    "run a grid of one or two parameters on common random numbers; sweep.csv",
    sweep_main, usage, 1};
