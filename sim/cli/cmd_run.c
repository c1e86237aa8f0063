/* sim/cli/cmd_run.c -- `fundsim run SCENARIO`: simulate, check the
 * accounting identities, and write summary.csv, groups.csv, run.json, (with
 * --keep-reps) replications.csv and (with --xlsx) summary.xlsx, all or
 * nothing.
 *
 * With FUNDSIM_WITH_MPI and more than one rank, replications are split
 * into contiguous slices, each rank runs its slice, and rank 0 gathers the
 * per-replication values in replication order and writes the same files,
 * byte for byte, as a single process would (run.json aside: it records
 * ranks and timing).  Every phase ends with an agreement on the worst
 * status, so a failure on any rank makes every rank exit non-zero. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef FUNDSIM_WITH_MPI
#include <mpi.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli.h"
#include "fs_output.h"

typedef cli_run_args run_args;

void cli_run_usage(FILE *f)
{
    fputs("usage: fundsim run SCENARIO [OPTIONS]\n"
          "\n"
          "Simulates the scenario, checks the accounting identities of every\n"
          "replication and year, and writes into DIR:\n"
          "  summary.csv       scenario,year,metric,mean,se,sd,p05,p25,p50,p75,p95\n"
          "  groups.csv        scenario,year,group,tier,quantity,mean,se,sd,p05,p25,p50,\n"
          "                    p75,p95: per policy year, group (the scenario's, then\n"
          "                    " FS_ORDINARY_GROUP_NAME ") and tier, the enrollees,\n"
          "                    income_individual and income_individual_subsidy\n"
          "  run.json          version, scenario files with SHA-256, seed, sizes, timing\n"
          "  replications.csv  rep,year,metric,value (only with --keep-reps; an older\n"
          "                    replications.csv in DIR is removed otherwise)\n"
          "  summary.xlsx      only with --xlsx: Excel workbook with the summary table\n"
          "                    (with Chinese labels), the fiscal budgets by level per\n"
          "                    year (mean, p95), the fund by year with a balance chart,\n"
          "                    and an about sheet\n"
          "Files appear only when all were written (temporaries, fsync, rename).\n"
          "Numbers are plain decimals that read back exactly; an undefined value\n"
          "(e.g. surplus_rate with no income) is an empty field.\n"
          "\n"
          "  -r, --reps N          replications (default: the scenario's)\n"
          "  -s, --seed S          random seed, 0..2^64-1 (default: the scenario's)\n"
          "  -y, --years H         horizon in years (default: the scenario's)\n"
          "  -o, --out DIR         output directory (default: results/<scenario name>)\n"
          "  -t, --threads N       worker threads, 0 = all cores (default 0)\n"
          "  -m, --mode MODE       auto | exact | sample (default auto)\n"
          "  -k, --keep-reps       also write replications.csv\n"
          "      --xlsx            also write summary.xlsx\n"
          "  -q, --quiet           print nothing on success\n"
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
          "Exit status: 0 success, 1 I/O, numerical or internal failure, 2 invalid\n"
          "scenario or bad arguments.\n",
          f);
}

/* snprintf for messages, where truncating a long path is fine. */
void cli_msgf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

/* Copies the command line as typed (getopt permutes argv) and parses the
 * options; see cli.h. */
int cli_begin(const char *cmd, int npos, void (*usage)(FILE *), int argc, char **argv,
              int full_argc, char **full_argv, cli_run_args *a, char ***cmdline)
{
    int code;

    *cmdline = malloc(((size_t)full_argc + 1) * sizeof **cmdline);
    if (!*cmdline) {
        fprintf(stderr, "fundsim %s: %s\n", cmd, fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    memcpy(*cmdline, full_argv, ((size_t)full_argc + 1) * sizeof **cmdline);
    code = cli_parse_run_args(cmd, npos, usage, argc, argv, a);
    if (code != CLI_OK) {
        free(*cmdline);
        *cmdline = NULL;
    }
    return code;
}

/* Loads one scenario; returns an FS_* status, prints the diagnostics on
 * rank 0 and leaves a one-line message in msg on failure. */
int cli_load_scenario(const char *path, fs_scenario **sc, fs_diags **d, char *msg, size_t n)
{
    int st;

    *d = fs_diags_alloc();
    if (!*d) {
        cli_msgf(msg, n, "%s: %s", path, fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    st = fs_scenario_load(path, sc, *d);
    if (cli_rank == 0)
        cli_print_diags(*d);
    if (st == FS_OK && fs_diags_errors(*d) > 0)
        st = FS_ESCENARIO;
    if (st != FS_OK)
        cli_msgf(msg, n, "%s: %s", path, st == FS_ESCENARIO ? "invalid scenario" : fs_strerror(st));
    return st;
}

double cli_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_agree(const char *cmd, int code, const char *msg)
{
    int all = code;
#ifdef FUNDSIM_WITH_MPI
    int root = code;

    if (cli_ranks > 1) {
        MPI_Allreduce(&code, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        MPI_Bcast(&root, 1, MPI_INT, 0, MPI_COMM_WORLD);
    }
    /* The local message is printed by rank 0, and by another rank only
     * when rank 0 itself was fine (so an invalid scenario is not reported
     * K times). */
    if (code != CLI_OK && msg && msg[0] && cli_rank != 0 && root == CLI_OK)
        fprintf(stderr, "fundsim %s (rank %d): %s\n", cmd, cli_rank, msg);
#endif
    if (code != CLI_OK && msg && msg[0] && cli_rank == 0)
        fprintf(stderr, "fundsim %s: %s\n", cmd, msg);
    return all;
}

static int agree(int code, const char *msg)
{
    return cli_agree("run", code, msg);
}

int cli_parse_run_args(const char *cmd, int npos, void (*usage)(FILE *), int argc, char **argv,
                       cli_run_args *a)
{
    static const struct option opts[] = {
        {"reps", required_argument, NULL, 'r'},   {"seed", required_argument, NULL, 's'},
        {"years", required_argument, NULL, 'y'},  {"out", required_argument, NULL, 'o'},
        {"threads", required_argument, NULL, 't'}, {"mode", required_argument, NULL, 'm'},
        {"keep-reps", no_argument, NULL, 'k'},    {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {"xlsx", no_argument, NULL, 'X'},
        {NULL, 0, NULL, 0}};
    int c;

    memset(a, 0, sizeof *a);
    a->mode = FS_MODE_AUTO;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":r:s:y:o:t:m:kqh", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (cli_parse_long(optarg, 1, INT_MAX, &a->reps) != 0)
                return cli_usage_error(cmd, "--reps must be a whole number >= 1, got '%s'",
                                       optarg);
            a->has_reps = 1;
            break;
        case 's':
            if (cli_parse_u64(optarg, &a->seed) != 0)
                return cli_usage_error(
                    cmd, "--seed must be a whole number in 0..18446744073709551615, got '%s'",
                    optarg);
            a->has_seed = 1;
            break;
        case 'y':
            if (cli_parse_long(optarg, 1, 1000, &a->years) != 0)
                return cli_usage_error(cmd, "--years must be a whole number in 1..1000, got '%s'",
                                       optarg);
            a->has_years = 1;
            break;
        case 'o':
            if (!optarg[0])
                return cli_usage_error(cmd, "--out needs a directory name");
            a->out = optarg;
            break;
        case 't':
            if (cli_parse_long(optarg, 0, 4096, &a->threads) != 0)
                return cli_usage_error(
                    cmd, "--threads must be a whole number in 0..4096 (0 = all cores), got '%s'",
                    optarg);
            a->has_threads = 1;
            break;
        case 'm':
            if (!strcmp(optarg, "auto"))
                a->mode = FS_MODE_AUTO;
            else if (!strcmp(optarg, "exact"))
                a->mode = FS_MODE_EXACT;
            else if (!strcmp(optarg, "sample"))
                a->mode = FS_MODE_SAMPLE;
            else
                return cli_usage_error(cmd, "--mode must be auto, exact or sample, got '%s'",
                                       optarg);
            break;
        case 'k': a->keep_reps = 1; break;
        case 'q': a->quiet = 1; break;
        case 'X': a->xlsx = 1; break;
        case 'h':
            if (cli_rank == 0)
                usage(stdout);
            return -1;
        case ':':
            return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
    {
        if (npos == 1)
            return cli_usage_error(cmd, "no scenario file given");
        return cli_usage_error(cmd, "expected two scenario files BASE ALT, got none");
    }
    if (argc - optind != npos) {
        if (npos == 1)
            return cli_usage_error(cmd, "expected one scenario file, got %d arguments",
                                   argc - optind);
        return cli_usage_error(cmd, "expected two scenario files BASE ALT, got %d", argc - optind);
    }
    a->scenario = argv[optind];
    a->scenario2 = npos > 1 ? argv[optind + 1] : NULL;
    return CLI_OK;
}

/* results/<name>, with characters that would leave results/ or confuse
 * a shell replaced by '_'. */
void cli_default_dir(const char *name, char *dir, size_t n)
{
    size_t k;

    snprintf(dir, n, "results/%s", name && name[0] ? name : "_");
    for (k = strlen("results/"); dir[k]; k++)
        if (dir[k] == '/' || dir[k] == '\\' || (unsigned char)dir[k] < 0x20)
            dir[k] = '_';
    if (!strcmp(dir, "results/.") || !strcmp(dir, "results/.."))
        snprintf(dir, n, "results/_");
}

int cli_threads_used(const cli_run_args *a)
{
    if (a->has_threads && a->threads > 0)
        return (int)a->threads;
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return a->has_threads ? 0 : 1;
#endif
}

/* Writes one staged file with writer w; returns FS_OK or an error. */
typedef int (*writer_fn)(FILE *f, const void *ctx);

static int stage_one(fs_out_stage *st, const char *name, writer_fn w, const void *ctx, char *err,
                     size_t errlen)
{
    FILE *f = fs_out_stage_open(st, name, err, errlen);
    int rc;

    if (!f)
        return FS_EIO;
    errno = 0;
    rc = w(f, ctx);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot write %s/%s: %s", st->dir, name,
                 errno ? strerror(errno) : fs_strerror(rc));
        return rc;
    }
    return fs_out_stage_close(st, f, err, errlen);
}

typedef struct write_ctx {
    const fs_results *res;
    const fs_stat *stats;
    const fs_stat *gstats;
    const fs_run_info *info;
} write_ctx;

static int w_summary(FILE *f, const void *p)
{
    const write_ctx *c = p;
    return fs_out_summary_csv(f, c->res, c->stats);
}

static int w_groups(FILE *f, const void *p)
{
    const write_ctx *c = p;
    return fs_out_groups_csv(f, c->res, c->gstats);
}

static int w_reps(FILE *f, const void *p)
{
    const write_ctx *c = p;
    return fs_out_replications_csv(f, c->res);
}

static int w_xlsx(FILE *f, const void *p)
{
    const write_ctx *c = p;
    return fs_out_summary_xlsx(f, c->res, c->stats);
}

static int w_json(FILE *f, const void *p)
{
    const write_ctx *c = p;
    return fs_out_run_json(f, c->res, c->info);
}

void cli_hashes_free(cli_hashes *h)
{
    free(h->files);
    free(h->hex);
    free(h->hexp);
    memset(h, 0, sizeof *h);
}

int cli_hashes_make(const fs_scenario *sc, cli_hashes *h, char *err, size_t errlen)
{
    size_t n = fs_scenario_file_count(sc);

    memset(h, 0, sizeof *h);
    h->files = calloc(n ? n : 1, sizeof *h->files);
    h->hex = calloc(n ? n : 1, sizeof *h->hex);
    h->hexp = calloc(n ? n : 1, sizeof *h->hexp);
    if (!h->files || !h->hex || !h->hexp) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        h->files[i] = fs_scenario_file(sc, i);
        snprintf(h->hex[i], sizeof h->hex[i], "%s", fs_scenario_file_sha256(sc, i));
        h->hexp[i] = h->hex[i];
        h->n = i + 1;
    }
    return FS_OK;
}

int cli_stage_run_files(fs_out_stage *st, const cli_run_args *a, const fs_scenario *sc,
                        const fs_results *res, double t0, int argc, char **argv, char *err,
                        size_t errlen)
{
    fs_stat *stats = calloc((size_t)(res->years > 0 ? res->years : 1) * FS_M_COUNT, sizeof *stats);
    size_t gn = fs_results_gper_rep(res);
    fs_stat *gstats = calloc(gn ? gn : 1, sizeof *gstats);
    cli_hashes h;
    fs_run_info info;
    write_ctx ctx;
    int rc;

    memset(&h, 0, sizeof h);
    if (!stats || !gstats) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        rc = FS_ENOMEM;
        goto out;
    }
    rc = fs_results_summarize(res, stats);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot summarise the results: %s", fs_strerror(rc));
        goto out;
    }
    rc = fs_results_summarize_groups(res, gstats);
    if (rc != FS_OK) {
        cli_msgf(err, errlen, "cannot summarise the group table: %s", fs_strerror(rc));
        goto out;
    }
    rc = cli_hashes_make(sc, &h, err, errlen);
    if (rc != FS_OK)
        goto out;

    memset(&info, 0, sizeof info);
    info.scenario_name = fs_scenario_name(sc);
    info.file_count = h.n;
    info.files = h.files;
    info.sha256 = h.hexp;
    info.mode = fs_mode_name(res->mode);
    info.git = FUNDSIM_GIT;
    info.mode_requested = fs_mode_name(res->mode_requested);
    info.threads = res->threads;
    info.ranks = cli_ranks;
    info.keep_reps = a->keep_reps;
    info.xlsx = a->xlsx;
    info.argc = argc;
    info.argv = (const char *const *)argv;
    ctx.res = res;
    ctx.stats = stats;
    ctx.gstats = gstats;
    ctx.info = &info;

    rc = stage_one(st, "summary.csv", w_summary, &ctx, err, errlen);
    if (rc == FS_OK)
        rc = stage_one(st, "groups.csv", w_groups, &ctx, err, errlen);
    if (rc == FS_OK && a->keep_reps)
        rc = stage_one(st, "replications.csv", w_reps, &ctx, err, errlen);
    if (rc == FS_OK && a->xlsx)
        rc = stage_one(st, "summary.xlsx", w_xlsx, &ctx, err, errlen);
    if (rc == FS_OK) {
        info.wall_seconds = cli_now() - t0;
        rc = stage_one(st, "run.json", w_json, &ctx, err, errlen);
    }
out:
    cli_hashes_free(&h);
    free(stats);
    free(gstats);
    return rc;
}

int cli_remove_stale_reps(const cli_run_args *a, const char *dir, char *err, size_t errlen)
{
    char stale[FS_OUT_PATH_MAX + 32];

    for (int i = 0; i < 2; i++) {
        if (i == 0 ? a->keep_reps : a->xlsx)
            continue;
        snprintf(stale, sizeof stale, "%s/%s", dir, i == 0 ? "replications.csv" : "summary.xlsx");
        if (unlink(stale) != 0 && errno != ENOENT) {
            cli_msgf(err, errlen, "cannot remove the stale %s: %s", stale, strerror(errno));
            return FS_EIO;
        }
    }
    return FS_OK;
}

/* Rank 0: writes the output directory of `run`. */
static int write_outputs(const run_args *a, const fs_scenario *sc, const fs_results *res,
                         double t0, int argc, char **argv, char *err, size_t errlen)
{
    char dir[FS_OUT_PATH_MAX];
    fs_out_stage *st = malloc(sizeof *st);
    int rc;

    if (!st) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return FS_ENOMEM;
    }
    if (a->out)
        snprintf(dir, sizeof dir, "%s", a->out);
    else
        cli_default_dir(fs_scenario_name(sc), dir, sizeof dir);
    rc = fs_out_mkdir_p(dir, err, errlen);
    if (rc != FS_OK)
        goto out;
    fs_out_stage_init(st, dir);
    rc = cli_stage_run_files(st, a, sc, res, t0, argc, argv, err, errlen);
    if (rc == FS_OK)
        rc = fs_out_stage_commit(st, err, errlen);
    else
        fs_out_stage_abort(st);
    if (rc == FS_OK)
        rc = cli_remove_stale_reps(a, dir, err, errlen);
    if (rc == FS_OK && !a->quiet)
        printf("fundsim: %s: %d replications x %d years in %.1f s; results in %s/ "
               "(summary.csv, groups.csv, %s%srun.json)\n",
               fs_scenario_name(sc), res->replications, res->years, cli_now() - t0, dir,
               a->keep_reps ? "replications.csv, " : "", a->xlsx ? "summary.xlsx, " : "");
out:
    free(st);
    return rc;
}

#ifdef FUNDSIM_WITH_MPI
/* Rank 0 receives every rank's slice, in replication order, into one
 * fs_results `all` whose values (*buf) and group table (*gbuf) the caller
 * frees.  Collective. */
static int gather(const fs_results *mine, int total, fs_results *all, double **buf,
                  double **gbuf, char *err, size_t errlen)
{
    int meta[5] = {mine ? mine->rep_count : 0, mine ? mine->years : 0, mine ? mine->first_rep : 0,
                   mine ? mine->ngroups_out : 0, mine ? mine->ntiers_out : 0};
    int gper = 0; /* group-table doubles per replication */
    /* Per rank: enrollee-years, and the sampling error weighted by replications. */
    double ey[2] = {mine ? mine->enrollee_years : 0.0,
                    mine ? mine->sampling_rel_se * (double)mine->rep_count : 0.0};
    double *eys = NULL;
    int *metas = NULL, *counts = NULL, *displs = NULL, years = 0, ok = 1, k;
    MPI_Datatype rep_type;
    static double dummy;

    *buf = NULL;
    *gbuf = NULL;
    if (cli_rank == 0) {
        metas = malloc(5 * (size_t)cli_ranks * sizeof *metas);
        eys = malloc(2 * (size_t)cli_ranks * sizeof *eys);
        counts = malloc((size_t)cli_ranks * sizeof *counts);
        displs = malloc((size_t)cli_ranks * sizeof *displs);
        if (!metas || !eys || !counts || !displs) {
            fputs("fundsim: out of memory gathering results\n", stderr);
            MPI_Abort(MPI_COMM_WORLD, CLI_FAIL);
        }
    }
    MPI_Gather(meta, 5, MPI_INT, metas, 5, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Gather(ey, 2, MPI_DOUBLE, eys, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (cli_rank == 0) {
        /* The slices must tile [0, total) in rank order with one horizon. */
        int next = 0;
        years = mine ? mine->years : 0;
        for (k = 0; k < cli_ranks; k++) {
            int c = metas[5 * k], y = metas[5 * k + 1], f = metas[5 * k + 2];
            if (c > 0 && (y != years || f != next || metas[5 * k + 3] != meta[3] ||
                          metas[5 * k + 4] != meta[4]))
                ok = 0;
            counts[k] = c;
            displs[k] = next;
            next += c;
        }
        if (next != total || years <= 0)
            ok = 0;
        if (!ok)
            cli_msgf(err, errlen, "internal: the ranks' slices do not tile the replications");
        if (ok && (!mine || !mine->gvalues || mine->ngroups_out <= 0 || mine->ntiers_out <= 0)) {
            ok = 0;
            cli_msgf(err, errlen, "internal: no group table to gather");
        }
        if (ok && ((size_t)years * FS_M_COUNT > (size_t)INT_MAX ||
                   fs_results_gper_rep(mine) > (size_t)INT_MAX)) {
            ok = 0;
            cli_msgf(err, errlen, "horizon too long to gather");
        }
        if (ok) {
            gper = (int)fs_results_gper_rep(mine);
            *buf = malloc((size_t)total * (size_t)years * FS_M_COUNT * sizeof **buf);
            *gbuf = malloc((size_t)total * (size_t)gper * sizeof **gbuf);
            if (!*buf || !*gbuf) {
                ok = 0;
                cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
            }
        }
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Bcast(&years, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Bcast(&gper, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (ok) {
        /* One replication = years * FS_M_COUNT doubles, so counts and
         * displacements are in replications and stay small. */
        MPI_Type_contiguous(years * (int)FS_M_COUNT, MPI_DOUBLE, &rep_type);
        MPI_Type_commit(&rep_type);
        MPI_Gatherv(mine && mine->rep_count > 0 ? mine->values : &dummy,
                    mine ? mine->rep_count : 0, rep_type, *buf, counts, displs, rep_type, 0,
                    MPI_COMM_WORLD);
        MPI_Type_free(&rep_type);
        /* The group table likewise: one replication = gper doubles. */
        MPI_Type_contiguous(gper, MPI_DOUBLE, &rep_type);
        MPI_Type_commit(&rep_type);
        MPI_Gatherv(mine && mine->rep_count > 0 ? mine->gvalues : &dummy,
                    mine ? mine->rep_count : 0, rep_type, *gbuf, counts, displs, rep_type, 0,
                    MPI_COMM_WORLD);
        MPI_Type_free(&rep_type);
    }
    if (cli_rank == 0 && ok) {
        *all = *mine;
        all->values = *buf;
        all->gvalues = *gbuf;
        all->first_rep = 0;
        all->rep_count = total;
        all->replications = total;
        all->enrollee_years = 0.0;
        all->sampling_rel_se = 0.0;
        for (k = 0; k < cli_ranks; k++) { /* rank order: reproducible */
            all->enrollee_years += eys[2 * k];
            all->sampling_rel_se += eys[2 * k + 1];
        }
        all->sampling_rel_se /= (double)total;
    }
    free(metas);
    free(eys);
    free(counts);
    free(displs);
    if (!ok) {
        free(*buf);
        *buf = NULL;
        free(*gbuf);
        *gbuf = NULL;
        return CLI_FAIL;
    }
    return CLI_OK;
}
#endif

void cli_sim_free(cli_sim *sim)
{
    free(sim->gathered);
    free(sim->ggathered);
    fs_results_free(sim->mine);
    memset(sim, 0, sizeof *sim);
}

int cli_simulate(const char *cmd, const char *path, const fs_scenario *sc, const cli_run_args *a,
                 int total, cli_sim *sim)
{
    fs_run_options opt;
    char msg[1536], err[1024];
    int code, st, first, count;

    memset(sim, 0, sizeof *sim);
    /* This rank's contiguous slice: the first total % ranks ranks get one
     * more replication, so rank 0 always has at least one. */
    count = total / cli_ranks + (cli_rank < total % cli_ranks);
    first = cli_rank * (total / cli_ranks) + (cli_rank < total % cli_ranks ? cli_rank : total % cli_ranks);

    fs_run_options_init(&opt);
    opt.replications = total;
    if (a->has_years)
        opt.years = (int)a->years;
    if (a->has_seed) {
        opt.seed = a->seed;
        opt.has_seed = 1;
    }
    opt.threads = a->has_threads ? (int)a->threads : 0;
    opt.mode = a->mode;
    if (cli_ranks > 1) {
        opt.first_rep = first;
        opt.rep_count = count;
    }

    /* Run this rank's slice. */
    msg[0] = '\0';
    st = FS_OK;
    if (count > 0) {
        err[0] = '\0';
        st = fs_run(sc, &opt, &sim->mine, err, sizeof err);
        if (st != FS_OK)
            cli_msgf(msg, sizeof msg, "%s: %s%s%s", path, fs_strerror(st), err[0] ? ": " : "", err);
    }
    code = cli_agree(cmd, cli_exit_code(st), msg);
    if (code != CLI_OK)
        return code;

    /* Accounting identities, on the slice each rank computed. */
    msg[0] = '\0';
    st = FS_OK;
    if (sim->mine) {
        err[0] = '\0';
        st = fs_results_check_identities(sim->mine, err, sizeof err);
        if (st != FS_OK)
            cli_msgf(msg, sizeof msg, "%s: accounting identity violated (a bug): %s", path,
                 err[0] ? err : fs_strerror(st));
    }
    code = cli_agree(cmd, st == FS_OK ? CLI_OK : CLI_FAIL, msg);
    if (code != CLI_OK)
        return code;

    sim->res = sim->mine;
#ifdef FUNDSIM_WITH_MPI
    if (cli_ranks > 1) {
        msg[0] = '\0';
        code = gather(sim->mine, total, &sim->all, &sim->gathered, &sim->ggathered, msg,
                      sizeof msg);
        code = cli_agree(cmd, code, msg);
        if (code != CLI_OK)
            return code;
        sim->res = cli_rank == 0 ? &sim->all : NULL;
    }
#endif
    return CLI_OK;
}

int cli_run(int argc, char **argv, int full_argc, char **full_argv)
{
    run_args a;
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    cli_sim sim;
    double t0 = cli_now();
    char msg[1536];
    int code, st, total;
    char **cmdline = NULL;

    memset(&sim, 0, sizeof sim);
    code = cli_begin("run", 1, cli_run_usage, argc, argv, full_argc, full_argv, &a, &cmdline);
    if (code != CLI_OK)
        return code == -1 ? CLI_OK : code; /* -1: --help */

    /* Load (every rank reads the scenario itself). */
    msg[0] = '\0';
    st = cli_load_scenario(a.scenario, &sc, &d, msg, sizeof msg);
    code = agree(cli_exit_code(st), msg);
    if (code != CLI_OK)
        goto done;

    total = a.has_reps ? (int)a.reps : fs_scenario_replications(sc);
    if (total < 1) {
        code = cli_usage_error("run", "the scenario asks for %d replications", total);
        goto done;
    }
    code = cli_simulate("run", a.scenario, sc, &a, total, &sim);
    if (code != CLI_OK)
        goto done;

    /* Rank 0 writes. */
    msg[0] = '\0';
    st = FS_OK;
    if (cli_rank == 0) {
        st = write_outputs(&a, sc, sim.res, t0, full_argc, cmdline, msg, sizeof msg);
        if (st == FS_EUSAGE)
            st = FS_EIO; /* a writer refusing our own arguments is internal */
    }
    code = agree(cli_exit_code(st), msg);

done:
    free(cmdline);
    cli_sim_free(&sim);
    fs_scenario_free(sc);
    fs_diags_free(d);
    return code;
}
