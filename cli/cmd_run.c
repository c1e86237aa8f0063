/* cli/cmd_run.c -- `fundsim run SCENARIO`: simulate (cli_simulate: the
 * replications, the identities, under MPI the gather), then rank 0 writes
 * the run's directory (cli_stage_run_dir: the output set), all or nothing.
 * Only wiring: no model, no format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "checkpoint.h"
#include "commands.h"
#include "headline.h"
#include "mpi_driver.h"
#include "outdir.h"
#include "outputs.h"
#include "provenance.h"
#include "signals.h"

static void usage_options(FILE *f);

static void usage(FILE *f)
{
    fputs("usage: fundsim run SCENARIO [OPTIONS]\n"
          "\n"
          "Simulates the scenario, checks the accounting identities of every\n"
          "replication and year, and writes into DIR:\n"
          "  summary.csv       scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95\n"
          "  groups.csv        scenario,year,group_id,group,tier_id,tier,quantity,mean,se,\n"
          "                    sd,p05,p25,p50,p75,p95: per policy year, group (the\n"
          "                    scenario's, then " FS_ORDINARY_GROUP_NAME "; group_id is\n"
          "                    groups[].id, " FS_ORDINARY_GROUP_ID ") and tier (tier_id tier1,\n"
          "                    tier2, ...; tier its name), the enrollees,\n"
          "                    income, benefits by line and layer, out-of-pocket,\n"
          "                    costs and the combined ratios (docs/metrics.md; with\n"
          "                    a population.roster, also enrollees_age_A-B by band)\n"
          "  metrics.csv       table,id,label_zh,label_en,unit,unit_zh,kind,definition:\n"
          "                    the dictionary of every metric id and group quantity\n"
          "  summary.json      only with --format json: the summary (per year and\n"
          "                    metric: mean, se, sd, percentiles; null where the CSV\n"
          "                    is empty), the metric dictionary and the provenance\n"
          "                    in one document (schema: docs/summary.schema.json);\n"
          "                    no timings, so the same scenario and seed give the\n"
          "                    same bytes\n"
          "  report.html       only with --format html: the report to forward (one\n"
          "                    self-contained page, no script or network, prints on\n"
          "                    A4): headline, fan charts of the balance and months\n"
          "                    covered, income and spending, a table per year, the\n"
          "                    parameters with their ref: and the provenance; in\n"
          "                    English with --lang en\n"
          "  run.json          version, scenario files with SHA-256, seed, sizes, timing\n"
          "  replications.csv  scenario,rep,year,metric,value (only with --keep-reps; an older\n"
          "                    replications.csv in DIR is removed otherwise)\n"
          "  summary.xlsx      only with --xlsx: a workbook to print (A4 landscape),\n"
          "                    Chinese labels first (--lang en: English), money in\n"
          "                    万元 (亿元 for a province), rates in %: sheets 基金 fund\n"
          "                    (with fan charts of the balance and months covered),\n"
          "                    财政 fiscal (subsidy by level, per enrollee, shares,\n"
          "                    shortfall p95), 参保 enrollees (by group and tier),\n"
          "                    参数 parameters (with sources), 说明 about, and the\n"
          "                    hidden 数据 data (summary.csv's values)\n"
          "Files appear only when all were written (temporaries, fsync, rename),\n"
          "all at once: if one cannot be put in place, every old file stays.  DIR\n"
          "is created, checked and locked before simulating: a second fundsim\n"
          "writing to it meanwhile is refused (exit 1).\n"
          "Numbers are plain decimals that read back exactly; an undefined value\n"
          "(e.g. surplus_rate with no income) is an empty field.\n"
          "\n"
          "While it runs, on a terminal only, stderr shows a progress line redrawn in\n"
          "place (replications done/total, reps/s, ETA; erased at the end; never in a\n"
          "file or pipe).  At the end stdout gets a headline (Chinese, or --lang en):\n"
          "the mean surplus rate of the first and last year and whether it lies in\n"
          "the 略有结余 band (fund.target_band), P(depleted by) the horizon (for a\n"
          "county ledger, the net transfer to the pool instead) and where the files are.\n"
          "\n",
          f);
    usage_options(f);
}

/* The options part of run's help. */
static void usage_options(FILE *f)
{
    fputs("  -r, --reps N          replications (default: the scenario's)\n"
          "  -s, --seed S          random seed, 0..2^64-1 (default: the scenario's)\n"
          "  -y, --years H         horizon in years (default: the scenario's)\n"
          "  -o, --out DIR         output directory (default: results/<scenario name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default: the scenario's\n"
          "                        simulation.mode)\n"
          "  -k, --keep-reps       also write replications.csv\n"
          "      --xlsx            also write summary.xlsx (= adding xlsx to --format)\n"
          "      --format LIST     the formats to write, a comma-separated subset of\n"
          "                        csv, xlsx, json, html (repeatable; default csv): csv =\n"
          "                        summary.csv, groups.csv, metrics.csv; xlsx =\n"
          "                        summary.xlsx; json = summary.json; html =\n"
          "                        report.html.  run.json is always\n"
          "                        written; --format json alone writes summary.json and\n"
          "                        run.json and no CSV (replications.csv still comes\n"
          "                        with --keep-reps)\n"
          "      --excel-csv       start every CSV with the UTF-8 byte order mark (for\n"
          "                        Excel on Chinese Windows; without it: no BOM)\n"
          "      --set KEY.PATH=VALUE\n"
          "                        change one scenario key for this run (repeatable):\n"
          "                        VALUE is YAML, e.g. 380 or '{2023: 380, growth: 30/year}';\n"
          "                        KEY.PATH+=X and KEY.PATH*=X shift or scale every dated\n"
          "                        value.  Validated like the file; the scenario is then\n"
          "                        named NAME+set-XXXXXXXX and run.json lists the overrides\n"
          "      --force           replace results of another scenario in DIR (refused\n"
          "                        otherwise)\n"
          "      --store FILE      after the files are written, append the run's record to\n"
          "                        the SQLite run store FILE (created when new; a file\n"
          "                        that is not a fundsim store is refused, exit 2): time,\n"
          "                        version, scenario, its files with SHA-256, the\n"
          "                        overrides, seed, sizes and the summary rows; list it\n"
          "                        with `fundsim runs FILE`.  The run's files are the\n"
          "                        same bytes with or without it\n"
          "      --lang LANG       the language of the headline, report.html and the\n"
          "                        workbook's labels: zh (default, Chinese first) or en\n"
          "      --checkpoint FILE\n"
          "                        save the finished replications in FILE as the run\n"
          "                        goes (chunks, fsync'ed); the same command with the\n"
          "                        same FILE resumes from them and writes the same bytes\n"
          "                        as an uninterrupted run.  A FILE of other inputs\n"
          "                        (scenario files, --set, seed, reps, years, mode,\n"
          "                        version) or not a checkpoint is refused (exit 2).\n"
          "                        Removed once the results are written\n"
          "      --checkpoint-every SEC\n"
          "                        seconds of computing between two saves (default 30)\n"
          "      --checkpoint-keep\n"
          "                        keep FILE after a successful run\n"
          "  -q, --quiet           print nothing on success, draw no progress line\n"
          "  -h, --help            print this help and exit\n"
          "\n"
          "The same scenario and seed give the same summary.csv, groups.csv,\n"
          "replications.csv and summary.xlsx bytes whatever the thread count"
#ifdef FUNDSIM_WITH_MPI
          " or number of MPI ranks (mpirun -np K fundsim run ...)"
#endif
          ".\n"
#ifdef FUNDSIM_WITH_MPI
          "With MPI and threads, pass `--bind-to none` to mpirun, or Open MPI binds\n"
          "each rank to one core and every rank runs one thread.\n"
#endif
          "Before it simulates, the run's memory is estimated (replications x years\n"
          "x metrics x 8 bytes, plus the group table): a run that cannot fit in the\n"
          "memory available is refused with the estimate (exit 2); a long one prints\n"
          "its estimate of memory and time on stderr (on a terminal only).\n"
          "SIGINT or SIGTERM stops the run within about a second, even started in the\n"
          "background by a script or as PID 1 of a container: nothing is written (a\n"
          "--checkpoint keeps the replications finished).\n"
          "Exit status: 0 success, 1 I/O, numerical or internal failure, 2 invalid\n"
          "scenario, bad arguments or a run too big for memory, 130 SIGINT, 143 SIGTERM.\n",
          f);
}

/* --store FILE: appends the run's record (its files, overrides, seed,
 * sizes and summary) to the run store, once the directory is written. */
static int store_run(const char *path, const cli_run_args *a, const fs_scenario *sc,
                     const fs_results *res, long long *id, char *err, size_t errlen)
{
    fs_stat *stats = calloc((size_t)(res->years > 0 ? res->years : 1) * FS_M_COUNT, sizeof *stats);
    fs_file_list files;
    fs_run_info info;
    int rc = cli_file_list_of(sc, &files);

    if (rc == FS_OK && !stats)
        rc = FS_ENOMEM;
    if (rc == FS_OK)
        rc = fs_results_summarize(res, stats);
    if (rc != FS_OK)
        cli_msgf(err, errlen, "%s", fs_strerror(rc));
    else {
        cli_run_info_init(&info, a, &files, NULL, 0);
        info.sc = sc;
        rc = fs_out_store_run(path, res, stats, &info, id, err, errlen);
    }
    cli_file_list_free(&files);
    free(stats);
    return rc;
}

/* Rank 0, before the simulation: the output directory, created, locked,
 * cleaned of leftovers and probed (cli_outdir_open), and not another
 * scenario's (unless --force).  Its name in dir. */
static int open_dir(const cli_run_args *a, const fs_scenario *sc, cli_outdir *od, char *dir,
                    size_t dirn, char *err, size_t errlen)
{
    const char *dirs[1] = {dir};
    int rc;

    if (a->out)
        snprintf(dir, dirn, "%s", a->out);
    else
        cli_default_dir(fs_scenario_name(sc), dir, dirn);
    rc = cli_outdir_open(od, dirs, 1, err, errlen);
    if (rc == FS_OK)
        rc = cli_check_owner(dir, fs_scenario_name(sc), "run.json", a->force, err, errlen);
    if (rc != FS_OK)
        cli_outdir_close(od, 1);
    return rc;
}

/* Rank 0: writes the output directory of `run` (held by open_dir). */
static int write_outputs(const cli_run_args *a, const fs_scenario *sc, const fs_results *res,
                         const char *dir, double t0, char *err, size_t errlen)
{
    char files[256];
    fs_out_stage *st = malloc(sizeof *st);
    long long id = 0;
    int rc;

    if (!st) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    fs_out_stage_init(st, dir);
    rc = cli_stage_run_dir(st, a, sc, res, t0, err, errlen);
    if (rc == FS_OK)
        rc = cli_stage_stale(st, CLI_SCOPE_RUN, a, err, errlen);
    if (rc == FS_OK)
        rc = cli_interrupted(err, errlen); /* a signal: abort, publish nothing */
    if (rc == FS_OK)
        rc = fs_out_stage_commit(st, err, errlen);
    else
        fs_out_stage_abort(st);
    if (rc == FS_OK && a->store)
        rc = store_run(a->store, a, sc, res, &id, err, errlen);
    cli_outputs_text(CLI_SCOPE_RUN, a, files, sizeof files);
    if (rc == FS_OK && !a->quiet)
        rc = cli_headline(stdout, sc, res, dir, files, cli_now() - t0, a->lang_en);
    if (rc == FS_OK && a->store && !a->quiet)
        printf(a->lang_en ? "run store: %s, run %lld\n" : "运行库 run store: %s, run %lld\n",
               a->store, id);
    free(st);
    return rc;
}

static int run_main(int argc, char **argv, int full_argc, char **full_argv)
{
    cli_run_args a;
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    cli_sim sim;
    cli_outdir od;
    double t0 = cli_now();
    char msg[1536], dir[FS_OUT_PATH_MAX];
    int code, st;

    memset(&sim, 0, sizeof sim);
    memset(&od, 0, sizeof od);
    static const cli_argspec spec = {1, 1, 0, 0, 0};
    code = cli_parse_run_args("run", &spec, usage, argc, argv, full_argc, full_argv, &a);
    if (code != CLI_OK) {
        cli_run_args_free(&a);
        return code == -1 ? CLI_OK : code; /* -1: --help */
    }

    /* Load (every rank reads the scenario itself). */
    msg[0] = '\0';
    st = cli_load_scenario(a.scenario, a.sets, a.nsets, &sc, &d, msg, sizeof msg);
    code = cli_agree("run", cli_exit_code(st), msg);
    if (code != CLI_OK)
        goto done;

    /* --store: refuse a file that is not a run store before simulating. */
    msg[0] = '\0';
    st = (cli_rank == 0 && a.store) ? fs_out_store_check(a.store, msg, sizeof msg) : FS_OK;
    code = cli_agree("run", cli_exit_code(st), msg);
    if (code != CLI_OK)
        goto done;

    /* The output directory, before simulating: a bad --out, a folder in
     * use by another fundsim or another scenario's results fail at once.
     * FS_EUSAGE: DIR holds another scenario's results (exit 2). */
    msg[0] = '\0';
    st = cli_rank == 0 ? open_dir(&a, sc, &od, dir, sizeof dir, msg, sizeof msg) : FS_OK;
    code = cli_agree("run", cli_exit_code(st), msg);
    if (code != CLI_OK)
        goto done;

    int total = a.has_reps ? (int)a.reps : fs_scenario_replications(sc);
    if (a.checkpoint && cli_ranks > 1) {
        code = cli_usage_error("run", "--checkpoint runs in one process: not under mpirun with "
                                      "%d ranks",
                               cli_ranks);
        goto done;
    }
    code = a.checkpoint ? cli_simulate_checkpointed("run", a.scenario, sc, &a, total, &sim)
                        : cli_simulate("run", a.scenario, sc, &a, FS_MODE_AUTO, total, &sim);
    if (code != CLI_OK)
        goto done;

    /* Rank 0 writes. */
    msg[0] = '\0';
    st = FS_OK;
    if (cli_rank == 0)
        st = write_outputs(&a, sc, sim.res, dir, t0, msg, sizeof msg);
    if (cli_rank == 0 && st == FS_OK) /* written: the checkpoint has served */
        st = cli_checkpoint_done(&a, msg, sizeof msg);
    code = cli_agree("run", cli_exit_code(st), msg);

done:
    cli_outdir_close(&od, code != CLI_OK);
    cli_run_args_free(&a);
    cli_sim_free(&sim);
    fs_scenario_free(sc);
    fs_diags_free(d);
    return code;
}

const cli_command cli_cmd_run = {
    "run", "run SCENARIO [...]", "simulate and write summary.csv, groups.csv and run.json",
    run_main, usage, 1};
