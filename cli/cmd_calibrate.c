/* cli/cmd_calibrate.c -- `fundsim calibrate SCENARIO`: the factors of the
 * scenario's calibrate: block fitted to its base-year targets by
 * fs_calibrate (every run on common random numbers), printed as a table and
 * written as calibration.json and calibrated.yaml (the scenario with the
 * factors set), all or nothing.  Only wiring: the fit is the library's, the
 * files the writers'. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "outdir.h"
#include "estimate.h"
#include "outputs.h"
#include "progress.h"
#include "provenance.h"
#include "signals.h"

static void usage(FILE *f)
{
    fputs("usage: fundsim calibrate SCENARIO [OPTIONS]\n"
          "\n"
          "Fits the factors of the scenario's calibrate: block (docs/model.md §14) so\n"
          "that the mean over the replications of each metric named in\n"
          "calibrate.targets equals its observed value in calibrate.year, within\n"
          "calibrate.tolerance (relative).  Each target fits one factor (the default\n"
          "of its metric, or calibrate.fit.METRIC; none: reported, not fitted); a\n"
          "level's cost_per_admission in calibrate.levels sets that level's cost\n"
          "factor.  Every run stops at the base year and has the SAME seed and\n"
          "replications (common random numbers): Newton's method on the relative\n"
          "residuals, a Jacobian from 1% differences, Broyden's update.\n"
          "\n"
          "Prints the table (target, observed, fitted, se, residual, factor) and writes\n"
          "into DIR:\n"
          "  calibration.json  the targets, fitted values, residuals and Monte Carlo se,\n"
          "                    the factors before and after, runs, iterations, the\n"
          "                    scenario's files with SHA-256, seed, replications, mode\n"
          "  calibrated.yaml   a scenario extending SCENARIO with the factors set\n"
          "                    (overrides:); `fundsim run` on it runs the calibrated\n"
          "                    scenario, and its run.json records the factors\n"
          "Files appear only when both were written.  A target that its factor cannot\n"
          "move, targets that are under-determined, or one that is not reached are\n"
          "errors (exit 1) naming the target.\n"
          "\n"
          "      --set KEY.PATH=VALUE  change one key of the scenario first (repeatable;\n"
          "                            see `fundsim run --help`)\n"
          "  -r, --reps N          replications per run (default: the scenario's)\n"
          "  -s, --seed S          the seed of every run (default: the scenario's)\n"
          "  -y, --years H         horizon: the base year must be simulated (default: the\n"
          "                        scenario's); the runs stop at the base year\n"
          "  -o, --out DIR         output directory (default: results/calibrate-<name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default: the scenario's)\n"
          "      --force           write into a DIR holding other results\n"
          "  -q, --quiet           print nothing on success, draw no progress line\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "Example: fundsim calibrate scenarios/national-2021.yaml -r 100\n"
          "Exit status: 0 success, 1 I/O, numerical or internal failure (or a target not\n"
          "reached), 2 invalid scenario or bad arguments,\n"
          "130 SIGINT, 143 SIGTERM (stopped within about a second; nothing written).\n",
          f);
}

static void progress(int run, double worst, void *ctx)
{
    const double *t0 = ctx;
    printf("fundsim calibrate: run %d: largest residual %.3g%% (%.1f s)\n", run, 100.0 * worst,
           cli_now() - *t0);
    fflush(stdout);
}

static void print_table(const fs_calibration *c)
{
    printf("%-34s %18s %18s %12s %10s  %s\n", "目标 target", "观测 observed", "拟合 fitted",
           "se", "残差", "系数 factor");
    for (int i = 0; i < c->ntargets; i++) {
        const fs_calib_target *t = &c->target[i];
        double fv = NAN;
        for (int k = 0; k < c->nfactors; k++)
            if (strcmp(c->factor[k].path + (strncmp(c->factor[k].path, "factors.", 8) ? 0 : 8),
                       t->factor) == 0)
                fv = c->factor[k].value;
        printf("%-30s %18.10g %18.10g %12.4g %+9.4f%%  %s", t->target, t->observed, t->fitted,
               t->se, 100.0 * t->residual, t->factor);
        if (isfinite(fv))
            printf(" = %.8g", fv);
        putchar('\n');
    }
}

/* Writes DIR/calibration.json and DIR/calibrated.yaml (dir held by
 * cli_outdir_open_one), all or nothing. */
static int write_files(const cli_run_args *a, const fs_scenario *sc, const fs_calibration *cal,
                       const fs_run_options *o, double t0, const char *dir, char *err,
                       size_t errlen)
{
    static const char *const outs[] = {"calibration.json", "calibrated.yaml"};
    char ext[FS_OUT_PATH_MAX], cname[160], run_sets[3][64];
    const char *run_set_ptrs[3];
    fs_calib_info ci;
    fs_out_stage *st = malloc(sizeof *st);
    int rc;

    memset(&ci, 0, sizeof ci);
    rc = st ? cli_file_list_of(sc, &ci.files) : FS_ENOMEM;
    if (rc != FS_OK) {
        free(st);
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
        return rc;
    }
    size_t nr = 0;
    if (a->has_reps)
        snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.replications=%d",
                 o->replications);
    snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.seed=%" PRIu64, o->seed);
    if (a->mode != FS_MODE_AUTO)
        snprintf(run_sets[nr++], sizeof run_sets[0], "simulation.mode=%s", fs_mode_name(a->mode));
    for (size_t i = 0; i < nr; i++)
        run_set_ptrs[i] = run_sets[i];
    snprintf(cname, sizeof cname, "%.120s-calibrated", fs_scenario_name(sc));
    ci.git = cli_git();
    ci.scenario = fs_scenario_name(sc);
    ci.cal = cal;
    ci.seed = o->seed;
    ci.replications = o->replications;
    ci.mode = fs_mode_name(a->mode != FS_MODE_AUTO ? a->mode : fs_scenario_mode(sc));
    ci.threads = o->threads;
    ci.calibrated_name = cname;
    ci.run_sets = run_set_ptrs;
    ci.nrun_sets = nr;
    ci.output_count = 2;
    ci.outputs = outs;
    ci.argc = a->cmdline_argc;
    ci.argv = (const char *const *)a->cmdline;
    cli_relative_to(a->scenario, dir, ext, sizeof ext);
    ci.extends = ext;
    fs_out_stage_init(st, dir);
    FILE *f = fs_out_stage_open(st, outs[1], err, errlen);
    rc = f ? fs_out_calibrated_yaml(f, &ci) : FS_EIO;
    if (f && fs_out_stage_close(st, f, err, errlen) != FS_OK && rc == FS_OK)
        rc = FS_EIO;
    ci.wall_seconds = cli_now() - t0;
    f = rc == FS_OK ? fs_out_stage_open(st, outs[0], err, errlen) : NULL;
    if (rc == FS_OK)
        rc = f ? fs_out_calibration_json(f, &ci) : FS_EIO;
    if (f && fs_out_stage_close(st, f, err, errlen) != FS_OK && rc == FS_OK)
        rc = FS_EIO;
    if (rc == FS_OK)
        rc = cli_interrupted(err, errlen); /* a signal: abort, publish nothing */
    if (rc == FS_OK)
        rc = fs_out_stage_commit(st, err, errlen);
    else
        fs_out_stage_abort(st);
    if (rc != FS_OK && !err[0])
        cli_msgf(err, errlen, "cannot write into %s", dir);
    cli_file_list_free(&ci.files);
    free(st);
    return rc;
}

static int calibrate_main(int argc, char **argv, int full_argc, char **full_argv)
{
    static const cli_argspec spec = {1, 1, 0, 0, 2};
    cli_run_args a;
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    fs_run_options o;
    fs_calibration *cal = calloc(1, sizeof *cal);
    cli_outdir od = {0, NULL};
    double t0 = cli_now();
    char msg[1536], dir[FS_OUT_PATH_MAX];
    int code;

    msg[0] = '\0';
    code = cli_parse_run_args("calibrate", &spec, usage, argc, argv, full_argc, full_argv, &a);
    if (code == CLI_OK && !cal) {
        fprintf(stderr, "fundsim calibrate: %s\n", fs_strerror(FS_ENOMEM));
        code = CLI_FAIL;
    }
    if (code == CLI_OK) {
        int st = cli_load_scenario(a.scenario, a.sets, a.nsets, &sc, &d, msg, sizeof msg);
        if (st != FS_OK) {
            fprintf(stderr, "fundsim calibrate: %s\n", msg);
            code = cli_exit_code(st);
        }
    }
    if (code == CLI_OK) { /* before the runs: a bad --out fails at once */
        int st = cli_outdir_open_one(&od, a.out, "calibrate", fs_scenario_name(sc),
                                     "calibration.json", a.force, dir, sizeof dir, msg, sizeof msg);
        if (st != FS_OK) {
            fprintf(stderr, "fundsim calibrate: %s\n", msg);
            code = cli_exit_code(st);
        }
    }
    if (code == CLI_OK) {
        cli_run_options(&a, a.has_reps ? (int)a.reps : fs_scenario_replications(sc), &o);
        if (!o.has_seed) {
            o.seed = fs_scenario_seed(sc);
            o.has_seed = 1;
        }
        fs_estimate est; /* one run's memory (the fit runs it about 10 times) */
        int st = cli_estimate_check("calibrate", sc, &o, &a, 1, &est, msg, sizeof msg);
        if (st != FS_OK) {
            fprintf(stderr, "fundsim calibrate: %s: %s\n", a.scenario, msg);
            code = cli_exit_code(st);
        }
    }
    if (code == CLI_OK) {
        cli_progress pr;
        char label[160];
        const char *base = strrchr(a.scenario, '/');
        snprintf(label, sizeof label, "fundsim calibrate: %s", base ? base + 1 : a.scenario);
        cli_progress_start(&pr, cli_progress_wanted(stderr, a.quiet) ? stderr : NULL, label,
                           o.replications);
        o.progress = cli_progress_cb;
        o.progress_ctx = &pr;
        int st = fs_calibrate(sc, &o, cal, a.quiet ? NULL : progress, &t0, msg, sizeof msg);
        cli_progress_end(&pr);
        o.progress = NULL;
        o.progress_ctx = NULL;
        if (st != FS_OK) {
            fprintf(stderr, "fundsim calibrate: %s: %s%s\n", a.scenario,
                    st == FS_ECANCELED ? "interrupted: " : "", msg);
            code = cli_exit_code(st);
        }
    }
    if (code == CLI_OK) {
        int st = write_files(&a, sc, cal, &o, t0, dir, msg, sizeof msg);
        if (st != FS_OK) {
            fprintf(stderr, "fundsim calibrate: %s\n", msg);
            code = cli_exit_code(st);
        }
    }
    if (code == CLI_OK && !a.quiet) {
        print_table(cal);
        printf("fundsim: %s: calibrated to %d: largest residual %.3g%% (tolerance %.3g%%), %d "
               "run(s) of %d replications, %d Newton step(s), %.1f s; results in %s/ "
               "(calibration.json, calibrated.yaml)\n",
               fs_scenario_name(sc), cal->year, 100.0 * cal->max_residual,
               100.0 * cal->tolerance, cal->runs, o.replications, cal->iterations,
               cli_now() - t0, dir);
    }
    cli_outdir_close(&od, code != CLI_OK);
    fs_scenario_free(sc);
    fs_diags_free(d);
    free(cal);
    cli_run_args_free(&a);
    return code < 0 ? CLI_OK : code;
}

const cli_command cli_cmd_calibrate = {
    "calibrate", "calibrate SCENARIO [OPTIONS]",
    "fit the calibrate: factors to a base year's observed figures", calibrate_main, usage, 0};
