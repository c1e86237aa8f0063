/* sim/cli/cmd_compare.c -- `fundsim compare BASE ALT`: run two scenarios
 * on common random numbers (one seed) and write each run's files as `run`
 * does, plus diff.csv (the paired per-replication difference alt - base)
 * and compare.json (with --xlsx also diff.xlsx, and summary.xlsx in base/
 * and alt/), all or nothing.
 *
 * Only wiring: the runs are `run`'s (cli_simulate, including the MPI
 * split and gather), the files are `run`'s writers (cli_stage_run_files),
 * the difference is fs_results_diff and the writers are in output/. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fs_output.h"

void cli_compare_usage(FILE *f)
{
    fputs("usage: fundsim compare BASE ALT [OPTIONS]\n"
          "\n"
          "Runs two scenarios (e.g. two versions of a notice) with the SAME seed, so\n"
          "replication r of both draws the same random numbers (common random\n"
          "numbers) and their difference is the policy's, not sampling noise.\n"
          "BASE and ALT must have the same start_year and, unless --years is given,\n"
          "the same horizon.  The accounting identities of both runs are checked.\n"
          "Writes into DIR:\n"
          "  base/, alt/       the files `fundsim run` writes for each scenario\n"
          "                    (summary.csv, groups.csv, run.json; replications.csv\n"
          "                    with --keep-reps); there is no paired difference of\n"
          "                    groups.csv: compare base/groups.csv and alt/groups.csv\n"
          "  diff.csv          base,alt,year,metric,mean,se,sd,p05,p25,p50,p75,p95:\n"
          "                    the distribution of the PAIRED per-replication difference\n"
          "                    alt - base; se = sd / sqrt(replications)\n"
          "  diff.xlsx         only with --xlsx: diff.csv as an Excel workbook (with\n"
          "                    Chinese labels) and an about sheet; base/ and alt/ then\n"
          "                    also hold summary.xlsx as `run --xlsx` writes it\n"
          "  compare.json      both scenarios with their files' SHA-256, seed,\n"
          "                    replications, years, mode, wall time\n"
          "Files appear only when all were written (temporaries, fsync, rename).\n"
          "\n"
          "  -r, --reps N          replications (default: BASE's)\n"
          "  -s, --seed S          the seed of both runs, 0..2^64-1 (default: BASE's)\n"
          "  -y, --years H         horizon in years (default: the scenarios' own)\n"
          "  -o, --out DIR         output directory\n"
          "                        (default: results/compare-<base name>-vs-<alt name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default auto: ALT runs in the\n"
          "                        mode BASE gets, so both use one method)\n"
          "  -k, --keep-reps       also write base/ and alt/replications.csv\n"
          "      --xlsx            also write diff.xlsx, base/ and alt/summary.xlsx\n"
          "  -q, --quiet           print nothing on success\n"
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
          "missing file), 2 invalid scenario, mismatched scenarios or bad arguments.\n",
          f);
}



/* Stages one top-level file written by fn. */
static int stage_file(fs_out_stage *st, const char *name, int (*fn)(FILE *, const void *),
                      const void *ctx, char *err, size_t errlen)
{
    FILE *f = fs_out_stage_open(st, name, err, errlen);
    int rc;

    if (!f)
        return FS_EIO;
    rc = fn(f, ctx);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot write %s/%s: %s", st->dir, name, fs_strerror(rc));
        return rc;
    }
    return fs_out_stage_close(st, f, err, errlen);
}

typedef struct diff_ctx {
    const char *base, *alt;
    const fs_results *diff;
    const fs_stat *stats;
    const fs_compare_info *info;
} diff_ctx;

static int w_diff(FILE *f, const void *p)
{
    const diff_ctx *c = p;
    return fs_out_diff_csv(f, c->base, c->alt, c->diff, c->stats);
}

static int w_diff_xlsx(FILE *f, const void *p)
{
    const diff_ctx *c = p;
    return fs_out_diff_xlsx(f, c->base, c->alt, c->diff, c->stats);
}

static int w_compare(FILE *f, const void *p)
{
    const diff_ctx *c = p;
    return fs_out_compare_json(f, c->info);
}

/* Rank 0: writes DIR/base, DIR/alt, DIR/diff.csv and DIR/compare.json;
 * nothing is renamed into place until every file has been written. */
static int write_compare(const cli_run_args *a, const fs_scenario *scb, const fs_scenario *sca,
                         const fs_results *rb, const fs_results *ra, double t0, int argc,
                         char **argv, char *err, size_t errlen)
{
    char dir[FS_OUT_PATH_MAX], sub[2][FS_OUT_PATH_MAX + 8], name[300];
    fs_out_stage *st = calloc(3, sizeof *st); /* base/, alt/, DIR */
    fs_results *diff = NULL;
    fs_stat *stats = NULL;
    cli_hashes hb, ha;
    fs_compare_info info;
    diff_ctx ctx;
    int rc, staged = 0;

    memset(&hb, 0, sizeof hb);
    memset(&ha, 0, sizeof ha);
    if (!st) {
        snprintf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    rc = fs_results_diff(rb, ra, &diff, err, errlen);
    if (rc != FS_OK)
        goto out;
    stats = calloc((size_t)diff->years * FS_M_COUNT, sizeof *stats);
    if (!stats) {
        rc = FS_ENOMEM;
        snprintf(err, errlen, "%s", fs_strerror(rc));
        goto out;
    }
    rc = fs_results_summarize(diff, stats);
    if (rc != FS_OK) {
        snprintf(err, errlen, "cannot summarise the differences: %s", fs_strerror(rc));
        goto out;
    }
    rc = cli_hashes_make(scb, &hb, err, errlen);
    if (rc == FS_OK)
        rc = cli_hashes_make(sca, &ha, err, errlen);
    if (rc != FS_OK)
        goto out;

    if (a->out) {
        snprintf(dir, sizeof dir, "%s", a->out);
    } else {
        snprintf(name, sizeof name, "compare-%.120s-vs-%.120s", fs_scenario_name(scb),
                 fs_scenario_name(sca));
        cli_default_dir(name, dir, sizeof dir);
    }
    snprintf(sub[0], sizeof sub[0], "%s/base", dir);
    snprintf(sub[1], sizeof sub[1], "%s/alt", dir);
    if (strlen(dir) + 6 >= FS_OUT_PATH_MAX) {
        cli_msgf(err, errlen, "%s: path too long", dir);
        rc = FS_EIO;
        goto out;
    }
    rc = fs_out_mkdir_p(sub[0], err, errlen);
    if (rc == FS_OK)
        rc = fs_out_mkdir_p(sub[1], err, errlen);
    if (rc != FS_OK)
        goto out;

    staged = 1;
    fs_out_stage_init(&st[0], sub[0]);
    fs_out_stage_init(&st[1], sub[1]);
    fs_out_stage_init(&st[2], dir);
    rc = cli_stage_run_files(&st[0], a, scb, rb, t0, argc, argv, err, errlen);
    if (rc == FS_OK)
        rc = cli_stage_run_files(&st[1], a, sca, ra, t0, argc, argv, err, errlen);

    memset(&info, 0, sizeof info);
    info.base.name = fs_scenario_name(scb);
    info.base.dir = "base";
    info.base.file_count = hb.n;
    info.base.files = hb.files;
    info.base.sha256 = hb.hexp;
    info.base.mode = fs_mode_name(rb->mode);
    info.git = FUNDSIM_GIT;
    info.alt.name = fs_scenario_name(sca);
    info.alt.dir = "alt";
    info.alt.file_count = ha.n;
    info.alt.files = ha.files;
    info.alt.sha256 = ha.hexp;
    info.alt.mode = fs_mode_name(ra->mode);
    info.seed = rb->seed;
    info.replications = rb->replications;
    info.years = rb->years;
    info.start_year = rb->start_year;
    info.mode_requested = fs_mode_name(rb->mode_requested);
    info.threads = rb->threads;
    info.ranks = cli_ranks;
    info.keep_reps = a->keep_reps;
    info.xlsx = a->xlsx;
    info.argc = argc;
    info.argv = (const char *const *)argv;
    ctx.base = fs_scenario_name(scb);
    ctx.alt = fs_scenario_name(sca);
    ctx.diff = diff;
    ctx.stats = stats;
    ctx.info = &info;
    if (rc == FS_OK)
        rc = stage_file(&st[2], "diff.csv", w_diff, &ctx, err, errlen);
    if (rc == FS_OK && a->xlsx)
        rc = stage_file(&st[2], "diff.xlsx", w_diff_xlsx, &ctx, err, errlen);
    if (rc == FS_OK) {
        info.wall_seconds = cli_now() - t0;
        rc = stage_file(&st[2], "compare.json", w_compare, &ctx, err, errlen);
    }
    /* Everything is written and fsync'ed: now rename, subdirectories first
     * so compare.json never describes files that are not there. */
    for (int i = 0; i < 3 && rc == FS_OK; i++)
        rc = fs_out_stage_commit(&st[i], err, errlen);
    for (int i = 0; i < 2 && rc == FS_OK; i++)
        rc = cli_remove_stale_reps(a, sub[i], err, errlen);
    if (rc == FS_OK && !a->xlsx) { /* a diff.xlsx of an earlier compare would not match */
        char stale[FS_OUT_PATH_MAX + 16];
        snprintf(stale, sizeof stale, "%s/diff.xlsx", dir);
        if (unlink(stale) != 0 && errno != ENOENT) {
            cli_msgf(err, errlen, "cannot remove the stale %s: %s", stale, strerror(errno));
            rc = FS_EIO;
        }
    }
    if (rc == FS_OK && !a->quiet)
        printf("fundsim: %s vs %s: %d replications x %d years on common random numbers "
               "(seed %llu) in %.1f s; results in %s/ (diff.csv, %scompare.json, base/, alt/)\n",
               ctx.base, ctx.alt, rb->replications, rb->years, (unsigned long long)rb->seed,
               cli_now() - t0, dir, a->xlsx ? "diff.xlsx, " : "");
out:
    if (staged)
        for (int i = 0; i < 3; i++)
            fs_out_stage_abort(&st[i]); /* no-op after a commit */
    cli_hashes_free(&hb);
    cli_hashes_free(&ha);
    free(stats);
    fs_results_free(diff);
    free(st);
    return rc;
}

int cli_compare(int argc, char **argv, int full_argc, char **full_argv)
{
    cli_run_args a;
    fs_scenario *scb = NULL, *sca = NULL;
    fs_diags *db = NULL, *da = NULL;
    cli_sim simb, sima;
    double t0 = cli_now();
    char msgb[1536], msga[1536];
    int code, stb, sta, total;
    char **cmdline = NULL;

    memset(&simb, 0, sizeof simb);
    memset(&sima, 0, sizeof sima);
    code = cli_begin("compare", 2, cli_compare_usage, argc, argv, full_argc, full_argv, &a,
                     &cmdline);
    if (code != CLI_OK)
        return code == -1 ? CLI_OK : code; /* -1: --help */

    /* Load both (every rank reads them); report both before failing. */
    msgb[0] = msga[0] = '\0';
    stb = cli_load_scenario(a.scenario, &scb, &db, msgb, sizeof msgb);
    sta = cli_load_scenario(a.scenario2, &sca, &da, msga, sizeof msga);
    code = cli_agree("compare", cli_exit_code(stb), msgb);
    {
        int code2 = cli_agree("compare", cli_exit_code(sta), msga);
        if (code2 > code)
            code = code2;
    }
    if (code != CLI_OK)
        goto done;

    /* The same policy years, or a difference means nothing. */
    if (fs_scenario_start_year(scb) != fs_scenario_start_year(sca)) {
        code = cli_usage_error("compare",
                               "%s starts in %d but %s starts in %d: the scenarios must have the "
                               "same start_year to be compared",
                               a.scenario, fs_scenario_start_year(scb), a.scenario2,
                               fs_scenario_start_year(sca));
        goto done;
    }
    if (!a.has_years && fs_scenario_years(scb) != fs_scenario_years(sca)) {
        code = cli_usage_error("compare",
                               "%s runs %d years but %s runs %d: the scenarios must have the "
                               "same horizon (or pass --years)",
                               a.scenario, fs_scenario_years(scb), a.scenario2,
                               fs_scenario_years(sca));
        goto done;
    }
    total = a.has_reps ? (int)a.reps : fs_scenario_replications(scb);
    if (total < 1) {
        code = cli_usage_error("compare", "%s asks for %d replications", a.scenario, total);
        goto done;
    }
    if (!a.has_years) {
        a.years = fs_scenario_years(scb);
        a.has_years = 1;
    }
    /* Common random numbers: one seed for both. */
    if (!a.has_seed) {
        a.seed = fs_scenario_seed(scb);
        a.has_seed = 1;
    }

    code = cli_simulate("compare", a.scenario, scb, &a, total, &simb);
    if (code != CLI_OK)
        goto done;
    /* Both runs in one mode: with `auto`, ALT takes the mode BASE got, so
     * that a difference of policy is never a difference of method. */
    cli_run_args aa = a;
    if (a.mode == FS_MODE_AUTO && simb.mine != NULL)
        aa.mode = simb.mine->mode;
    code = cli_simulate("compare", a.scenario2, sca, &aa, total, &sima);
    if (code != CLI_OK)
        goto done;

    /* Rank 0 writes. */
    msgb[0] = '\0';
    stb = FS_OK;
    if (cli_rank == 0) {
        stb = write_compare(&a, scb, sca, simb.res, sima.res, t0, full_argc, cmdline, msgb,
                            sizeof msgb);
        if (stb == FS_EUSAGE)
            stb = FS_EIO; /* a library call refusing our own arguments is internal */
    }
    code = cli_agree("compare", cli_exit_code(stb), msgb);

done:
    free(cmdline);
    cli_sim_free(&simb);
    cli_sim_free(&sima);
    fs_scenario_free(scb);
    fs_scenario_free(sca);
    fs_diags_free(db);
    fs_diags_free(da);
    return code;
}
