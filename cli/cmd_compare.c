/* cli/cmd_compare.c -- `fundsim compare BASE ALT`: run two scenarios on
 * common random numbers (one seed; with mode auto, ALT in the mode BASE
 * got, so a difference of policy is never a difference of method) and write
 * each run's directory as `run` does (base/, alt/), plus the paired
 * difference and compare.json, all or nothing.  Only wiring: the runs are
 * cli_simulate's, the files the output set's, the difference
 * fs_results_diff's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "mpi_driver.h"
#include "outputs.h"
#include "provenance.h"

static void usage(FILE *f)
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

/* The output names of a comparison: the top files, then base/ and alt/'s. */
typedef struct compare_names {
    char text[3 * CLI_OUT_MAX][64];
    const char *names[3 * CLI_OUT_MAX];
    size_t n;
} compare_names;

static void compare_outputs(const cli_run_args *a, compare_names *cn)
{
    const char *top[CLI_OUT_MAX], *run[CLI_OUT_MAX];
    size_t nt = cli_outputs(CLI_SCOPE_COMPARE, a, top), nr = cli_outputs(CLI_SCOPE_RUN, a, run);
    cn->n = 0;
    for (size_t i = 0; i < nt; i++)
        cn->names[cn->n++] = top[i];
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < nr; i++) {
            snprintf(cn->text[cn->n], sizeof cn->text[cn->n], "%s/%s", side ? "alt" : "base",
                     run[i]);
            cn->names[cn->n] = cn->text[cn->n];
            cn->n++;
        }
}

/* Stages the top of the comparison: diff.csv (and diff.xlsx), then
 * compare.json. */
static int stage_top(fs_out_stage *st, const cli_run_args *a, const fs_scenario *scb,
                     const fs_scenario *sca, const fs_results *rb, const fs_results *ra,
                     double t0, char *err, size_t errlen)
{
    fs_results *diff = NULL;
    fs_stat *stats = NULL;
    fs_file_list fb, fa;
    fs_compare_info info;
    compare_names cn;
    cli_out_ctx ctx;
    int rc = fs_results_diff(rb, ra, &diff, err, errlen);

    memset(&fb, 0, sizeof fb);
    memset(&fa, 0, sizeof fa);
    if (rc == FS_OK) {
        stats = calloc((size_t)diff->years * FS_M_COUNT, sizeof *stats);
        rc = stats ? fs_results_summarize(diff, stats) : FS_ENOMEM;
        if (rc != FS_OK)
            cli_msgf(err, errlen, "cannot summarise the differences: %s", fs_strerror(rc));
    }
    if (rc == FS_OK)
        rc = cli_file_list_of(scb, &fb);
    if (rc == FS_OK)
        rc = cli_file_list_of(sca, &fa);
    if (rc == FS_OK) {
        compare_outputs(a, &cn);
        cli_compare_info_init(&info, a, rb, &fb, ra, &fa, cn.names, cn.n);
        memset(&ctx, 0, sizeof ctx);
        ctx.res = diff;
        ctx.stats = stats;
        ctx.base = fs_scenario_name(scb);
        ctx.alt = fs_scenario_name(sca);
        ctx.compare_info = &info;
        ctx.t0 = t0;
        rc = cli_stage_outputs(st, CLI_SCOPE_COMPARE, a, &ctx, err, errlen);
    } else if (rc == FS_ENOMEM) {
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
    }
    cli_file_list_free(&fb);
    cli_file_list_free(&fa);
    free(stats);
    fs_results_free(diff);
    return rc;
}

/* The directory of a comparison: DIR, DIR/base and DIR/alt (created). */
static int make_dirs(const cli_run_args *a, const fs_scenario *scb, const fs_scenario *sca,
                     char dirs[3][FS_OUT_PATH_MAX + 8], char *err, size_t errlen)
{
    char name[300], top[FS_OUT_PATH_MAX];
    if (a->out) {
        snprintf(top, sizeof top, "%s", a->out);
    } else {
        snprintf(name, sizeof name, "compare-%.120s-vs-%.120s", fs_scenario_name(scb),
                 fs_scenario_name(sca));
        cli_default_dir(name, top, sizeof top);
    }
    if (strlen(top) + 6 >= FS_OUT_PATH_MAX) {
        cli_msgf(err, errlen, "%s: path too long", top);
        return FS_EIO;
    }
    snprintf(dirs[0], sizeof dirs[0], "%s/base", top);
    snprintf(dirs[1], sizeof dirs[1], "%s/alt", top);
    memcpy(dirs[2], top, sizeof top);
    int rc = fs_out_mkdir_p(dirs[0], err, errlen);
    return rc == FS_OK ? fs_out_mkdir_p(dirs[1], err, errlen) : rc;
}

/* Rank 0: writes DIR/base, DIR/alt and the top of DIR; nothing is renamed
 * into place until every file has been written. */
static int write_compare(const cli_run_args *a, const fs_scenario *scb, const fs_scenario *sca,
                         const fs_results *rb, const fs_results *ra, double t0, char *err,
                         size_t errlen)
{
    char dirs[3][FS_OUT_PATH_MAX + 8], files[256];
    fs_out_stage *st = calloc(3, sizeof *st); /* base/, alt/, DIR */
    int rc;

    if (!st) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    rc = make_dirs(a, scb, sca, dirs, err, errlen);
    if (rc != FS_OK) {
        free(st);
        return rc;
    }
    for (int i = 0; i < 3; i++)
        fs_out_stage_init(&st[i], dirs[i]);
    rc = cli_stage_run_dir(&st[0], a, scb, rb, t0, err, errlen);
    if (rc == FS_OK)
        rc = cli_stage_run_dir(&st[1], a, sca, ra, t0, err, errlen);
    if (rc == FS_OK)
        rc = stage_top(&st[2], a, scb, sca, rb, ra, t0, err, errlen);
    /* Everything is written and fsync'ed: now rename, subdirectories first
     * so compare.json never describes files that are not there. */
    for (int i = 0; i < 3 && rc == FS_OK; i++)
        rc = fs_out_stage_commit(&st[i], err, errlen);
    for (int i = 0; i < 3 && rc == FS_OK; i++)
        rc = cli_remove_stale(i < 2 ? CLI_SCOPE_RUN : CLI_SCOPE_COMPARE, a, dirs[i], err, errlen);
    cli_outputs_text(CLI_SCOPE_COMPARE, a, files, sizeof files);
    if (rc == FS_OK && !a->quiet)
        printf("fundsim: %s vs %s: %d replications x %d years on common random numbers "
               "(seed %llu) in %.1f s; results in %s/ (%s, base/, alt/)\n",
               fs_scenario_name(scb), fs_scenario_name(sca), rb->replications, rb->years,
               (unsigned long long)rb->seed, cli_now() - t0, dirs[2], files);
    for (int i = 0; i < 3; i++)
        fs_out_stage_abort(&st[i]); /* no-op after a commit */
    free(st);
    return rc;
}

/* The same policy years, or a difference means nothing. */
static int check_pair(const cli_run_args *a, const fs_scenario *scb, const fs_scenario *sca)
{
    if (fs_scenario_start_year(scb) != fs_scenario_start_year(sca))
        return cli_usage_error("compare",
                               "%s starts in %d but %s starts in %d: the scenarios must have the "
                               "same start_year to be compared",
                               a->scenario, fs_scenario_start_year(scb), a->scenario2,
                               fs_scenario_start_year(sca));
    if (!a->has_years && fs_scenario_years(scb) != fs_scenario_years(sca))
        return cli_usage_error("compare",
                               "%s runs %d years but %s runs %d: the scenarios must have the "
                               "same horizon (or pass --years)",
                               a->scenario, fs_scenario_years(scb), a->scenario2,
                               fs_scenario_years(sca));
    return CLI_OK;
}

static int compare_main(int argc, char **argv, int full_argc, char **full_argv)
{
    cli_run_args a;
    fs_scenario *scb = NULL, *sca = NULL;
    fs_diags *db = NULL, *da = NULL;
    cli_sim simb, sima;
    double t0 = cli_now();
    char msgb[1536], msga[1536];
    int code, stb, sta;

    memset(&simb, 0, sizeof simb);
    memset(&sima, 0, sizeof sima);
    code = cli_parse_run_args("compare", 2, usage, argc, argv, full_argc, full_argv, &a);
    if (code != CLI_OK) {
        cli_run_args_free(&a);
        return code == -1 ? CLI_OK : code; /* -1: --help */
    }

    /* Load both (every rank reads them); report both before failing. */
    msgb[0] = msga[0] = '\0';
    stb = cli_load_scenario(a.scenario, NULL, 0, &scb, &db, msgb, sizeof msgb);
    sta = cli_load_scenario(a.scenario2, NULL, 0, &sca, &da, msga, sizeof msga);
    code = cli_agree("compare", cli_exit_code(stb), msgb);
    int code2 = cli_agree("compare", cli_exit_code(sta), msga);
    if (code2 > code)
        code = code2;
    if (code == CLI_OK)
        code = check_pair(&a, scb, sca);
    if (code != CLI_OK)
        goto done;

    /* Common random numbers: one seed, one horizon, one replication count. */
    int total = a.has_reps ? (int)a.reps : fs_scenario_replications(scb);
    if (!a.has_years) {
        a.years = fs_scenario_years(scb);
        a.has_years = 1;
    }
    if (!a.has_seed) {
        a.seed = fs_scenario_seed(scb);
        a.has_seed = 1;
    }
    code = cli_simulate("compare", a.scenario, scb, &a, FS_MODE_AUTO, total, &simb);
    if (code != CLI_OK)
        goto done;
    /* Both runs in one mode: with auto, ALT takes the mode BASE got. */
    code = cli_simulate("compare", a.scenario2, sca, &a, simb.mine ? simb.mine->mode : a.mode,
                        total, &sima);
    if (code != CLI_OK)
        goto done;

    /* Rank 0 writes. */
    msgb[0] = '\0';
    stb = FS_OK;
    if (cli_rank == 0) {
        stb = write_compare(&a, scb, sca, simb.res, sima.res, t0, msgb, sizeof msgb);
        if (stb == FS_EUSAGE)
            stb = FS_EIO; /* a library call refusing our own arguments is internal */
    }
    code = cli_agree("compare", cli_exit_code(stb), msgb);

done:
    cli_run_args_free(&a);
    cli_sim_free(&simb);
    cli_sim_free(&sima);
    fs_scenario_free(scb);
    fs_scenario_free(sca);
    fs_diags_free(db);
    fs_diags_free(da);
    return code;
}

const cli_command cli_cmd_compare = {
    "compare", "compare BASE ALT [...]",
    "run both on common random numbers and write each run's files plus diff.csv (alt - base)",
    compare_main, usage, 1};
