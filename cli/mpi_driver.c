/* cli/mpi_driver.c -- the run driver of `run` and `compare`
 * (mpi_driver.h): contiguous slices of replications, one per MPI rank (the
 * first total % ranks ranks get one more, so rank 0 always has one), each
 * rank running its slice with fs_run, and rank 0 gathering the slices. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef FUNDSIM_WITH_MPI
#include <mpi.h>
#endif

#include "estimate.h"
#include "mpi_driver.h"
#include "progress.h"

#ifdef FUNDSIM_WITH_MPI
static int mpi_on;

/* --help and --version need no MPI, and a singleton MPI_Init costs most
 * of a second: skip it for them. */
static int needs_mpi(int argc, char **argv)
{
    static const char *const info[] = {"-h", "--help", "-V", "--version", "help"};

    if (argc < 2)
        return 0;
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
        if (!strcmp(argv[1], info[i]))
            return 0;
    return 1;
}
#endif

int cli_mpi_start(int *argc, char ***argv)
{
#ifdef FUNDSIM_WITH_MPI
    mpi_on = needs_mpi(*argc, *argv);
    if (mpi_on) {
        if (MPI_Init(argc, argv) != MPI_SUCCESS) {
            fputs("fundsim: MPI_Init failed\n", stderr);
            return CLI_FAIL;
        }
        MPI_Comm_rank(MPI_COMM_WORLD, &cli_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &cli_ranks);
    }
#else
    (void)argc;
    (void)argv;
#endif
    return CLI_OK;
}

int cli_mpi_end(int rc)
{
#ifdef FUNDSIM_WITH_MPI
    if (mpi_on) {
        /* Every rank leaves with the same status: the worst one. */
        int all = rc;
        MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        rc = all;
        MPI_Finalize();
    }
#endif
    return rc;
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

#ifdef FUNDSIM_WITH_MPI
/* Rank 0 checks that the ranks' slices tile [0, total) in rank order with
 * one shape, and allocates the gathered run from its own slice's shape. */
static int gather_plan(const fs_results *mine, const int *metas, int total, int *counts,
                       int *displs, fs_results **all, char *err, size_t errlen)
{
    int next = 0, ok = mine != NULL;
    for (int k = 0; k < cli_ranks && ok; k++) {
        const int *m = metas + 6 * k;
        if (m[0] > 0 && (m[1] != mine->years || m[2] != next || m[3] != mine->ngroups_out ||
                         m[4] != mine->ntiers_out || m[5] != mine->nage_bands))
            ok = 0;
        counts[k] = m[0];
        displs[k] = next;
        next += m[0];
    }
    if (!ok || next != total) {
        cli_msgf(err, errlen, "internal: the ranks' slices do not tile the replications");
        return CLI_FAIL;
    }
    if ((size_t)mine->years * FS_M_COUNT > (size_t)INT_MAX ||
        fs_results_gper_rep(mine) > (size_t)INT_MAX) {
        cli_msgf(err, errlen, "horizon too long to gather");
        return CLI_FAIL;
    }
    if (fs_results_alloc_aged(mine->years, total, mine->ngroups_out, mine->ntiers_out,
                              mine->nage_bands, mine->age_band_lo, all) != FS_OK) {
        cli_msgf(err, errlen, "%s", fs_strerror(FS_ENOMEM));
        return CLI_FAIL;
    }
    fs_results_copy_info(*all, mine);
    (*all)->first_rep = 0;
    (*all)->rep_count = total;
    (*all)->replications = total;
    return CLI_OK;
}

/* Gathers n doubles per replication from every rank into buf on rank 0. */
static void gather_block(const double *mine, int count, int n, double *buf, const int *counts,
                         const int *displs)
{
    static double dummy;
    MPI_Datatype rep_type;
    MPI_Type_contiguous(n, MPI_DOUBLE, &rep_type);
    MPI_Type_commit(&rep_type);
    MPI_Gatherv(count > 0 ? mine : &dummy, count, rep_type, buf, counts, displs, rep_type, 0,
                MPI_COMM_WORLD);
    MPI_Type_free(&rep_type);
}

/* Rank 0 receives every rank's slice, in replication order, into a new
 * results *all.  Collective. */
static int gather(const fs_results *mine, int total, fs_results **all, char *err, size_t errlen)
{
    int meta[6] = {mine ? mine->rep_count : 0, mine ? mine->years : 0, mine ? mine->first_rep : 0,
                   mine ? mine->ngroups_out : 0, mine ? mine->ntiers_out : 0,
                   mine ? mine->nage_bands : 0};
    /* Per rank: enrollee-years, and the sampling error weighted by replications. */
    double ey[2] = {mine ? mine->enrollee_years : 0.0,
                    mine ? mine->sampling_rel_se * (double)mine->rep_count : 0.0};
    int *metas = NULL, *counts = NULL, *displs = NULL, ok = CLI_OK, shape[2] = {0, 0};
    double *eys = NULL;

    *all = NULL;
    if (cli_rank == 0) {
        metas = malloc(6 * (size_t)cli_ranks * sizeof *metas);
        eys = malloc(2 * (size_t)cli_ranks * sizeof *eys);
        counts = malloc((size_t)cli_ranks * sizeof *counts);
        displs = malloc((size_t)cli_ranks * sizeof *displs);
        if (!metas || !eys || !counts || !displs) {
            fputs("fundsim: out of memory gathering results\n", stderr);
            MPI_Abort(MPI_COMM_WORLD, CLI_FAIL);
        }
    }
    MPI_Gather(meta, 6, MPI_INT, metas, 6, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Gather(ey, 2, MPI_DOUBLE, eys, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (cli_rank == 0) {
        ok = gather_plan(mine, metas, total, counts, displs, all, err, errlen);
        if (ok == CLI_OK) {
            shape[0] = mine->years * (int)FS_M_COUNT;
            shape[1] = (int)fs_results_gper_rep(mine);
        }
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Bcast(shape, 2, MPI_INT, 0, MPI_COMM_WORLD);
    if (ok == CLI_OK) {
        /* One replication of values, then of the group table, per unit. */
        gather_block(mine ? mine->values : NULL, meta[0], shape[0], *all ? (*all)->values : NULL,
                     counts, displs);
        gather_block(mine ? mine->gvalues : NULL, meta[0], shape[1],
                     *all ? (*all)->gvalues : NULL, counts, displs);
    }
    if (cli_rank == 0 && ok == CLI_OK) {
        for (int k = 0; k < cli_ranks; k++) { /* rank order: reproducible */
            (*all)->enrollee_years += eys[2 * k];
            (*all)->sampling_rel_se += eys[2 * k + 1];
        }
        (*all)->sampling_rel_se /= (double)total;
    }
    free(metas);
    free(eys);
    free(counts);
    free(displs);
    return ok;
}
#endif

void cli_sim_free(cli_sim *sim)
{
    fs_results_free(sim->all);
    fs_results_free(sim->mine);
    memset(sim, 0, sizeof *sim);
}

int cli_simulate(const char *cmd, const char *path, const fs_scenario *sc, const cli_run_args *a,
                 fs_mode mode, int total, cli_sim *sim)
{
    fs_run_options opt;
    char msg[1536], err[1024];
    int code, st;

    memset(sim, 0, sizeof *sim);
    cli_run_options(a, total, &opt);
    if (mode != FS_MODE_AUTO)
        opt.mode = mode;

    /* Memory and time of the whole run, before it runs (rank 0 gathers
     * every slice, so it holds the whole run): refused when it cannot fit. */
    fs_estimate est;
    msg[0] = err[0] = '\0';
    st = cli_rank == 0 ? cli_estimate_check(cmd, sc, &opt, a, 1, &est, err, sizeof err) : FS_OK;
    if (st != FS_OK)
        cli_msgf(msg, sizeof msg, "%s: %s%s%s", path, fs_strerror(st), err[0] ? ": " : "", err);
    code = cli_agree(cmd, cli_exit_code(st), msg);
    if (code != CLI_OK)
        return code;

    if (cli_ranks > 1) {
        opt.rep_count = total / cli_ranks + (cli_rank < total % cli_ranks);
        opt.first_rep = cli_rank * (total / cli_ranks) +
                        (cli_rank < total % cli_ranks ? cli_rank : total % cli_ranks);
    }

    /* Run this rank's slice. */
    msg[0] = err[0] = '\0';
    st = FS_OK;
    if (cli_ranks == 1 || opt.rep_count > 0) {
        cli_progress pr;
        char label[160];
        const char *base = strrchr(path, '/');
        snprintf(label, sizeof label, "fundsim %s: %s", cmd, base ? base + 1 : path);
        cli_progress_start(&pr, cli_progress_wanted(stderr, a->quiet) ? stderr : NULL, label,
                           opt.rep_count > 0 ? opt.rep_count : total);
        opt.progress = cli_progress_cb;
        opt.progress_ctx = &pr;
        st = fs_run(sc, &opt, &sim->mine, err, sizeof err);
        cli_progress_end(&pr);
        if (st != FS_OK)
            cli_msgf(msg, sizeof msg, "%s: %s%s%s", path, fs_strerror(st), err[0] ? ": " : "", err);
    }
    code = cli_agree(cmd, cli_exit_code(st), msg);
    if (code != CLI_OK)
        return code;

    /* Accounting identities, on the slice each rank computed. */
    msg[0] = err[0] = '\0';
    st = sim->mine ? fs_results_check_identities(sim->mine, err, sizeof err) : FS_OK;
    if (st == FS_ENUMERIC) /* a value too large for the arithmetic: the input's, named */
        cli_msgf(msg, sizeof msg, "%s: %s: %s", path, fs_strerror(st), err);
    else if (st != FS_OK)
        cli_msgf(msg, sizeof msg, "%s: accounting identity violated (a bug): %s", path,
                 err[0] ? err : fs_strerror(st));
    code = cli_agree(cmd, st == FS_OK ? CLI_OK : CLI_FAIL, msg);
    if (code != CLI_OK)
        return code;

    sim->res = sim->mine;
#ifdef FUNDSIM_WITH_MPI
    if (cli_ranks > 1) {
        msg[0] = '\0';
        code = cli_agree(cmd, gather(sim->mine, total, &sim->all, msg, sizeof msg), msg);
        if (code != CLI_OK)
            return code;
        sim->res = cli_rank == 0 ? sim->all : NULL;
    }
#endif
    return CLI_OK;
}
