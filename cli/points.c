/* cli/points.c -- what sweep and solve share (points.h). */
#include <stdlib.h>
#include <string.h>

#ifdef FUNDSIM_WITH_MPI
#include <mpi.h>
#endif

#include "points.h"

int cli_study_start(const char *cmd, cli_run_args *a, cli_study *s)
{
    char msg[1536];
    memset(s, 0, sizeof *s);
    s->mode = FS_MODE_AUTO;
    msg[0] = '\0';
    int st = cli_load_scenario(a->scenario, a->sets, a->nsets, &s->sc, &s->d, msg, sizeof msg);
    int code = cli_agree(cmd, cli_exit_code(st), msg);
    if (code != CLI_OK)
        return code;
    /* Common random numbers: one seed, one horizon, one replication count. */
    s->total = a->has_reps ? (int)a->reps : fs_scenario_replications(s->sc);
    if (!a->has_years) {
        a->years = fs_scenario_years(s->sc);
        a->has_years = 1;
    }
    if (!a->has_seed) {
        a->seed = fs_scenario_seed(s->sc);
        a->has_seed = 1;
    }
    return CLI_OK;
}

void cli_study_free(cli_study *s)
{
    fs_scenario_free(s->sc);
    fs_diags_free(s->d);
    memset(s, 0, sizeof *s);
}

/* Loads a->scenario with a->sets and then the n overrides `extra` (every
 * rank): an exit code agreed by all ranks; *sc on success, *d unless out of
 * memory. */
static int load_point(const char *cmd, const cli_run_args *a, const char *const *extra, size_t n,
                      fs_scenario **sc, fs_diags **d)
{
    const char **sets = malloc((a->nsets + n + 1) * sizeof *sets);
    char msg[1536];

    if (!sets)
        return cli_agree(cmd, CLI_FAIL, fs_strerror(FS_ENOMEM));
    for (size_t i = 0; i < a->nsets; i++)
        sets[i] = a->sets[i];
    for (size_t i = 0; i < n; i++)
        sets[a->nsets + i] = extra[i];
    msg[0] = '\0';
    int st = cli_load_scenario(a->scenario, sets, a->nsets + n, sc, d, msg, sizeof msg);
    free(sets);
    return cli_agree(cmd, cli_exit_code(st), msg);
}

int cli_point_run(const char *cmd, const cli_run_args *a, cli_study *s,
                  const char *const *extra, size_t n, cli_point *p)
{
    int code, st;

    memset(p, 0, sizeof *p);
    code = load_point(cmd, a, extra, n, &p->sc, &p->d);
    if (code == CLI_OK)
        code = cli_simulate(cmd, a->scenario, p->sc, a, s->mode, s->total, &p->sim);
    if (code != CLI_OK)
        return code;
    if (s->mode == FS_MODE_AUTO) /* every point in the mode the first one got */
        s->mode = p->sim.mine ? p->sim.mine->mode : a->mode;
    st = FS_OK;
    if (p->sim.res) { /* rank 0 */
        p->stats = calloc((size_t)p->sim.res->years * FS_M_COUNT, sizeof *p->stats);
        st = p->stats ? fs_results_summarize(p->sim.res, p->stats) : FS_ENOMEM;
    }
    return cli_agree(cmd, cli_exit_code(st), st == FS_OK ? "" : fs_strerror(st));
}

int cli_point_check(const char *cmd, const cli_run_args *a, const char *const *extra, size_t n)
{
    fs_scenario *sc = NULL;
    fs_diags *d = NULL;
    int code = load_point(cmd, a, extra, n, &sc, &d);
    fs_scenario_free(sc);
    fs_diags_free(d);
    return code;
}

void cli_point_free(cli_point *p)
{
    cli_sim_free(&p->sim);
    fs_scenario_free(p->sc);
    fs_diags_free(p->d);
    free(p->stats);
    memset(p, 0, sizeof *p);
}

void cli_vary_label(const fs_scenario *sc, const char *path, char *buf, size_t n)
{
    size_t len = strlen(path), np = fs_scenario_param_count(sc);
    int growth = len > 7 && strcmp(path + len - 7, ".growth") == 0;
    if (growth)
        len -= 7;
    snprintf(buf, n, "%s", "");
    for (size_t i = 0; i < np; i++) {
        fs_param_view v;
        /* the label does not depend on the year: any status will do */
        int st = fs_scenario_param_get(sc, i, fs_scenario_start_year(sc), &v);
        if ((st == FS_OK || st == FS_EUSAGE) && v.path && strlen(v.path) == len && strncmp(v.path, path, len) == 0) {
            snprintf(buf, n, "%s%s", v.label_zh ? v.label_zh : "", growth ? " 增长" : "");
            return;
        }
    }
}

void cli_bcast_double(double *x)
{
#ifdef FUNDSIM_WITH_MPI
    if (cli_ranks > 1)
        MPI_Bcast(x, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
#else
    (void)x;
#endif
}
