/* sim/run.c -- fs_run: the systemic paths of each replication (docs/model.md
 * §5, §10), one replication year by year (run_rep reads like the model's
 * table of contents), and the replications spread over OpenMP threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(_OPENMP)
#include <omp.h>
#endif

#include "engine_int.h"

/* What one replication hands back besides its rows. */
typedef struct fsi_rep_out {
    double enrollee_years; /* persons simulated */
    double samp_rel;       /* sample mode: sum over years of the relative sampling sd */
    double draws[2];       /* cost draws (fsi_run_options.cost_draws) */
    int rc;
    char err[256];
} fsi_rep_out;

/* ---------------------------------------------------------------- */
/* Systemic paths of one replication (§5). */

static double sys_normal(const fsi_run *R, gsl_rng *r, fs_stream s, uint32_t rep, int year)
{
    fsi_rng_seek(r, R->seed, s, rep, year, 0, 0, 0);
    return fsi_rng_normal(r);
}

/* Price index I, utilization U, enrollment shock, interest rate of every
 * simulated year into W; returns the replication's mortality multiplier. */
static double systemic(const fsi_run *R, fsi_ws *W, uint32_t rep)
{
    const fs_scenario *sc = R->sc;
    int base = sc->base_year;
    int first = R->sys_first, n = R->sys_last - R->sys_first + 1;
    double dev = 0.0, qmult = 1.0;

    /* Inflation: g_y = mean + ar (g_{y-1} - mean) + sd z_y, I_base = 1. */
    for (int i = 0; i < n; i++) {
        double z = sc->inflation_sd != 0.0
                       ? sys_normal(R, W->r, FS_STREAM_INFLATION, rep, first + i)
                       : 0.0;
        dev = sc->inflation_ar * dev + sc->inflation_sd * z;
        W->g[i] = sc->inflation_mean + dev;
    }
    for (int yi = 0; yi < R->years; yi++) {
        int y = R->start + yi;
        double I = 1.0;
        for (int s = base + 1; s <= y; s++)
            I *= 1.0 + W->g[s - first];
        for (int s = y + 1; s <= base; s++)
            I /= 1.0 + W->g[s - first];
        W->I[yi] = I;
    }
    dev = 0.0;
    for (int yi = 0; yi < R->years; yi++) {
        int y = R->start + yi;
        double su = sc->utilization_shock_sd, z;
        z = su != 0.0 ? sys_normal(R, W->r, FS_STREAM_UTILIZATION, rep, y) : 0.0;
        W->U[yi] = pow(1.0 + sc->utilization_trend, (double)(y - base)) * exp(su * z - 0.5 * su * su);
        W->zen[yi] = sc->enroll_shock_sd != 0.0
                         ? sys_normal(R, W->r, FS_STREAM_ENROLL_SHOCK, rep, y)
                         : 0.0;
        z = sc->interest_sd != 0.0 ? sys_normal(R, W->r, FS_STREAM_INTEREST, rep, y) : 0.0;
        dev = sc->interest_ar * dev + sc->interest_sd * z;
        W->rint[yi] = sc->interest_mean + dev;
    }
    if (sc->mortality_shock_sd != 0.0)
        qmult = exp(sc->mortality_shock_sd *
                    sys_normal(R, W->r, FS_STREAM_MORTALITY_SHOCK, rep, FS_YEAR_MIN));
    return qmult;
}

/* Closes the group table gv (ng_all x nt x nq) of a year whose metrics row
 * is v: the outpatient account limit's cut (acc->out - spend_outpatient,
 * paid by residents) shared pro rata to each row's outpatient benefits and
 * moved to its out-of-pocket, then each row's ratios (0 when the
 * denominator is 0). */
static void close_groups(const fsi_run *R, const fsi_acc *acc, const double *v, double *gv)
{
    double f = acc->out > 0.0 ? v[FS_M_SPEND_OUTPATIENT] / acc->out : 1.0;
    for (int i = 0; i < R->ng_all * R->nt; i++) {
        double *q = gv + (size_t)i * (size_t)R->nq;
        if (f != 1.0) {
            double cut = q[FS_GQ_BENEFITS_OUTPATIENT] - q[FS_GQ_BENEFITS_OUTPATIENT] * f;
            q[FS_GQ_BENEFITS_OUTPATIENT] -= cut;
            q[FS_GQ_BENEFITS_BASIC] -= cut;
            q[FS_GQ_OUT_OF_POCKET] += cut;
        }
        for (int k = 0; k < FS_GQ_COUNT; k++) {
            fs_group_quantity num[4], den;
            double sign[4], x = 0.0;
            int nt;
            if (!fs_group_quantity_ratio((fs_group_quantity)k, num, sign, &nt, &den))
                continue;
            for (int j = 0; j < nt; j++)
                x += sign[j] * q[num[j]];
            q[k] = q[den] > 0.0 ? x / q[den] : 0.0;
        }
    }
}

/* ---------------------------------------------------------------- */
/* One replication: every year's metrics row into vals[years][FS_M_COUNT]
 * and its group table into gvals[years][ng_all][nt][nq] (zeroed). */

static int run_rep(const fsi_run *R, fsi_ws *W, uint32_t rep, double *vals, double *gvals,
                   fsi_rep_out *o)
{
    const fsi_rule_type *rule = fsi_rule(R->sc->rule);
    const size_t gper = (size_t)R->ng_all * (size_t)R->nt * (size_t)R->nq;
    fsi_mgmt_state ms;
    fsi_balances bal = {R->yr[0].init_balance, R->yr[0].oa_init};

    /* §5 systemic paths, §2 the population. */
    double qmult = systemic(R, W, rep);
    for (int yi = 0; yi < R->years; yi++)
        W->mig[yi] = R->yr[yi].net_mig;
    fsi_pop_project(R->sc, W->mig, R->years, qmult, W->pop);
    fsi_mgmt_init(&ms);

    for (int yi = 0; yi < R->years; yi++) {
        fsi_acc acc;
        memset(&acc, 0, sizeof acc);
        /* §9 the management rule's view of the year's plan (earlier years only). */
        const fsi_year *Y = rule->adjust(R, yi, vals, &ms, &W->yadj);
        /* §3 enrollment and contributions, §6 persons and their claims. */
        double *gv = gvals + (size_t)yi * gper;
        int ncell = fsi_enroll_cells(R, Y, W, rep, yi, gv, &acc);
        int rc = fsi_simulate_cells(R, Y, W, rep, ncell, &acc, gv, o->err, sizeof o->err);
        /* §4-9 the accounts: one metrics row. */
        if (rc == FS_OK)
            rc = fsi_close_year(R, Y, rule, &acc, W->rint[yi], rep, &bal,
                                yi ? vals + (size_t)(yi - 1) * FS_M_COUNT : NULL,
                                vals + (size_t)yi * FS_M_COUNT, o->err, sizeof o->err);
        if (rc != FS_OK)
            return rc;
        close_groups(R, &acc, vals + (size_t)yi * FS_M_COUNT, gv);
        o->enrollee_years += acc.simulated;
        o->draws[0] += acc.draws;
        o->draws[1] += acc.draws_w3;
        double spend = acc.out + acc.chronic + acc.inpat + acc.mat;
        o->samp_rel += spend > 0.0 ? sqrt(acc.samp_var) / spend : 0.0;
    }
    fsi_close_replication(R, vals);
    return FS_OK;
}

/* ---------------------------------------------------------------- */
/* Workspaces and the run. */

static void ws_free(fsi_ws *W)
{
    if (!W)
        return;
    gsl_rng_free(W->r);
    free(W->pop);
    free(W->I);
    free(W->cells);
    free(W);
}

static fsi_ws *ws_alloc(const fsi_run *R)
{
    fsi_ws *W = calloc(1, sizeof *W);
    int n = R->years, ng = R->sys_last - R->sys_first + 1;
    if (!W)
        return NULL;
    W->r = gsl_rng_alloc(fsi_rng_philox);
    W->pop = malloc((size_t)n * sizeof *W->pop);
    W->I = malloc((size_t)(5 * n + ng) * sizeof(double));
    W->cells = malloc(FSI_MAX_CELLS * sizeof *W->cells);
    if (!W->r || !W->pop || !W->I || !W->cells) {
        ws_free(W);
        return NULL;
    }
    W->U = W->I + n;
    W->zen = W->U + n;
    W->rint = W->zen + n;
    W->mig = W->rint + n;
    W->g = W->mig + n;
    return W;
}

/* Expected enrollees of the first year without shocks or rounding; *cells
 * (may be NULL) gets the cells with expected enrollees x tiers (an upper
 * bound of the cells sample mode draws from). */
static double expected_enrollees(const fsi_run *R, double *cells)
{
    const fs_scenario *sc = R->sc;
    const fsi_year *Y = &R->yr[0];
    double E = 0.0, n = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            double gp[FSI_MAX_G];
            fsi_pop_groups(sc, Y->gshare, s, a,
                           sc->pop[s][a] * sc->cal_factor[FSI_CF_POPULATION], gp);
            for (int g = 0; g < R->ng_all; g++) {
                E += gp[g] * (a == 0 && sc->newborn_cover != FS_NEWBORN_BIRTH_YEAR
                                  ? Y->rate0[g]
                                  : Y->rate[g]);
                n += gp[g] > 0.0 ? R->nt : 0;
            }
        }
    if (cells)
        *cells = n;
    return E;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

/* Checks the options against the scenario and fills R (no allocation). */
static int setup(const fs_scenario *sc, const fs_run_options *o, fsi_run *R, int *reps,
                 int *first, int *count, char *err, size_t errlen)
{
    memset(R, 0, sizeof *R);
    R->sc = sc;
    R->start = sc->start_year;
    R->years = o->years > 0 ? o->years : sc->years;
    R->ng_all = sc->ngroups + 1;
    R->nt = sc->ntiers;
    R->seed = o->has_seed ? o->seed : sc->seed;
    R->spc = sc->sample_per_cell;
    R->nq = FS_GQ_COUNT;
    if (sc->roster && sc->roster->nbands > 0 && sc->roster->nbands <= FS_NAGES) {
        /* a roster's enrollees by age band (model.md §2) */
        const fs_roster *ro = sc->roster;
        R->nq += ro->nbands;
        for (int b = 0; b < ro->nbands; b++)
            for (int a = ro->band_lo[b]; a < (b + 1 < ro->nbands ? ro->band_lo[b + 1] : FS_NAGES);
                 a++)
                R->band_of[a] = b;
    }
    R->cancel = o->cancel;
    R->cancel_ctx = o->cancel_ctx;
    *reps = o->replications > 0 ? o->replications : sc->replications;
    *first = o->first_rep;
    *count = o->rep_count > 0 ? o->rep_count : *reps - o->first_rep;
    if (R->years <= 0 || R->years > FS_MAX_YEARS || *reps <= 0 || *first < 0 || *count <= 0 ||
        (long)*first + *count > *reps || (unsigned)*reps > FS_RNG_MAX_REP + 1u ||
        sc->ngroups < 0 || sc->ngroups > FS_MAX_GROUPS || R->nt < 1 || R->nt > FS_MAX_TIERS ||
        sc->nchronic < 0 || sc->nchronic > FS_MAX_CHRONIC || sc->inpatient.nlevels < 0 ||
        sc->inpatient.nlevels > FS_MAX_LEVELS || o->threads < 0) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "fs_run: bad options (years %d, replications %d, first %d, count %d; at "
                 "most %d years and %u replications)",
                 R->years, *reps, *first, *count, FS_MAX_YEARS, FS_RNG_MAX_REP + 1u);
        set_err(err, errlen, msg);
        return FS_EUSAGE;
    }
    int base = sc->base_year;
    R->sys_first = base < R->start ? base : R->start;
    /* A base year after the horizon (a scenario priced in a later year, or a
     * run shortened with --years) still needs the path up to the base year,
     * so that year y's index does not depend on the horizon. */
    R->sys_last = base > R->start + R->years - 1 ? base : R->start + R->years - 1;
    if (R->sys_first < FS_YEAR_MIN || R->sys_last > FS_YEAR_MAX + FS_MAX_YEARS - 1) {
        snprintf(err, errlen, "fs_run: policy years and costs.base_year must lie in %d..%d",
                 FS_YEAR_MIN, FS_YEAR_MAX + FS_MAX_YEARS - 1);
        return FS_EUSAGE;
    }
    return FS_OK;
}

/* The plan of every year, the cost distributions and the mode. */
static int prepare(fsi_run *R, const fs_run_options *o, fs_mode *mode, char *err, size_t errlen)
{
    const fs_scenario *sc = R->sc;
    R->yr = calloc((size_t)R->years, sizeof *R->yr);
    if (!R->yr) {
        set_err(err, errlen, "out of memory");
        return FS_ENOMEM;
    }
    for (int yi = 0; yi < R->years; yi++) {
        int rc = fsi_plan_year(sc, R->start + yi, &R->yr[yi], err, errlen);
        if (rc != FS_OK)
            return rc;
    }
    /* Cost distributions, scaled by their calibration factors (§14). */
    const double *cf = sc->cal_factor;
    fs_costdist cd = fsi_cost_scaled(&sc->outpatient.cost, cf[FSI_CF_OUTPATIENT_COST]);
    fsi_dist_init(&R->op_cost, &cd);
    R->m2_op = fsi_dist_m2(&cd);
    for (int c = 0; c < sc->nchronic; c++) {
        cd = fsi_cost_scaled(&sc->chronic[c].cost, cf[FSI_CF_CHRONIC_COST]);
        fsi_dist_init(&R->ch_cost[c], &cd);
        R->m2_ch[c] = fsi_dist_m2(&cd);
    }
    for (int k = 0; k < sc->inpatient.nlevels; k++) {
        cd = fsi_cost_scaled(&sc->inpatient.level[k].cost,
                             cf[FSI_CF_INPATIENT_COST] * fsi_cal_level_factor(sc, k));
        fsi_dist_init(&R->lv_cost[k], &cd);
        R->m2_lv[k] = fsi_dist_m2(&cd);
    }
    *mode = o->mode != FS_MODE_AUTO ? o->mode : sc->mode;
    if (*mode == FS_MODE_AUTO)
        *mode = expected_enrollees(R, NULL) <= sc->exact_max_enrollees ? FS_MODE_EXACT : FS_MODE_SAMPLE;
    R->sample = *mode == FS_MODE_SAMPLE;
    return FS_OK;
}

/* What the run was, into res (allocated by fs_results_alloc). */
static void describe(const fsi_run *R, const fs_run_options *o, fs_mode mode, int reps,
                     int first, fs_results *res)
{
    const fs_scenario *sc = R->sc;
    snprintf(res->scenario, sizeof res->scenario, "%s", sc->name);
    res->start_year = R->start;
    res->replications = reps;
    res->first_rep = first;
    res->seed = R->seed;
    res->mode = mode;
    res->mode_requested = o->mode != FS_MODE_AUTO ? o->mode : sc->mode;
    res->initial_balance = R->yr[0].init_balance;
    res->outpatient_account_initial_balance = R->yr[0].oa_init;
    res->pooling_ledger = sc->pooling == 1;
    for (int g = 0; g < R->ng_all; g++)
        snprintf(res->group_names[g], sizeof res->group_names[g], "%s",
                 g < sc->ngroups ? sc->group[g].name : FS_ORDINARY_GROUP_NAME);
    for (int g = 0; g < R->ng_all; g++)
        snprintf(res->group_ids[g], sizeof res->group_ids[g], "%s",
                 g < sc->ngroups ? sc->group[g].id : FS_ORDINARY_GROUP_ID);
    for (int t = 0; t < R->nt; t++) {
        snprintf(res->tier_names[t], sizeof res->tier_names[t], "%s", sc->tier[t].name);
        snprintf(res->tier_ids[t], sizeof res->tier_ids[t], "tier%d", t + 1);
    }
}

/* Runs replications first..first+count-1 on the threads; out[i] per replication.
 * o->progress, if set, is called in a critical section as each one ends. */
static void run_all(const fsi_run *R, int first, int count, int nthreads,
                    const fs_run_options *o, fs_results *res, fsi_rep_out *out)
{
    const size_t gper = fs_results_gper_rep(res);
    void (*progress)(int, int, void *) = o->progress;
    void *pctx = o->progress_ctx;
    int done = 0; /* replications finished, under the critical section */
    int stop = 0;  /* the caller cancelled: the rest are skipped without a trace */
#if defined(_OPENMP)
#pragma omp parallel num_threads(nthreads) default(none)                                          \
    shared(R, res, out, count, first, gper, progress, pctx, done, stop)
#else
    (void)nthreads;
#endif
    {
        fsi_ws *W = ws_alloc(R);
#if defined(_OPENMP)
#pragma omp for schedule(dynamic)
#endif
        for (int i = 0; i < count; i++) {
            int skip;
#if defined(_OPENMP)
#pragma omp atomic read
#endif
            skip = stop;
            if (skip) /* cancelled: touch nothing (out[] may be large) */
                continue;
            if (fsi_cancelled(R)) {
                out[i].rc = FS_ECANCELED;
                snprintf(out[i].err, sizeof out[i].err, "stopped before replication %d",
                         first + i);
            }
            if (out[i].rc == FS_ECANCELED) {
#if defined(_OPENMP)
#pragma omp atomic write
#endif
                stop = 1;
                continue;
            }
            out[i].rc = W ? run_rep(R, W, (uint32_t)(first + i),
                                    res->values + (size_t)i * (size_t)R->years * FS_M_COUNT,
                                    res->gvalues + (size_t)i * gper, &out[i])
                          : FS_ENOMEM;
            if (out[i].rc == FS_ENOMEM)
                snprintf(out[i].err, sizeof out[i].err, "out of memory");
            if (out[i].rc == FS_ECANCELED) {
#if defined(_OPENMP)
#pragma omp atomic write
#endif
                stop = 1;
            }
            if (progress && out[i].rc == FS_OK) {
#if defined(_OPENMP)
#pragma omp critical(fs_run_progress)
#endif
                progress(++done, count, pctx);
            }
        }
        ws_free(W);
    }
}

int fs_run(const fs_scenario *sc, const fs_run_options *opt, fs_results **out, char *err,
           size_t errlen)
{
    fsi_run_options o;
    memset(&o, 0, sizeof o);
    if (opt)
        o.pub = *opt;
    else
        fs_run_options_init(&o.pub);
    return fsi_run_with(sc, &o, out, err, errlen);
}

int fsi_run_with(const fs_scenario *sc, const fsi_run_options *xo, fs_results **out, char *err,
            size_t errlen)
{
    const fs_run_options *o = &xo->pub;
    fsi_run R;
    fs_results *res = NULL;
    fsi_rep_out *ro = NULL;
    fs_mode mode;
    int reps, first, count, rc;

    if (out)
        *out = NULL;
    if (!sc || !out) {
        set_err(err, errlen, "fs_run: NULL scenario or result pointer");
        return FS_EUSAGE;
    }
    rc = setup(sc, o, &R, &reps, &first, &count, err, errlen);
    if (rc != FS_OK)
        return rc;
    rc = prepare(&R, o, &mode, err, errlen);
    if (rc == FS_OK)
        rc = fs_results_alloc_aged(R.years, count, R.ng_all, R.nt, R.nq - FS_GQ_COUNT,
                                   sc->roster ? sc->roster->band_lo : NULL, &res);
    ro = rc == FS_OK ? calloc((size_t)count, sizeof *ro) : NULL;
    if (rc == FS_OK && !ro)
        rc = FS_ENOMEM;
    if (rc == FS_ENOMEM)
        set_err(err, errlen, "out of memory");
    if (rc == FS_OK) {
        int nthreads = o->threads;
#if defined(_OPENMP)
        if (nthreads <= 0)
            nthreads = omp_get_max_threads();
#else
        nthreads = 1;
#endif
        if (nthreads > count)
            nthreads = count;
        describe(&R, o, mode, reps, first, res);
        res->threads = nthreads;
        run_all(&R, first, count, nthreads, o, res, ro);
    }
    if (rc == FS_OK && fsi_cancelled(&R)) { /* a cancellation wins; skipped reps hold nothing */
        rc = FS_ECANCELED;
        set_err(err, errlen, "stopped at the caller's request");
        for (int i = 0; i < count; i++)
            if (ro[i].rc == FS_ECANCELED) {
                set_err(err, errlen, ro[i].err);
                break;
            }
    }
    for (int i = 0; rc == FS_OK && i < count; i++) {
        if (ro[i].rc != FS_OK) {
            rc = ro[i].rc;
            set_err(err, errlen, ro[i].err);
            break;
        }
        if (o->rep_totals) {
            o->rep_totals[2 * (size_t)i] = ro[i].enrollee_years;
            o->rep_totals[2 * (size_t)i + 1] = ro[i].samp_rel;
        }
        res->enrollee_years += ro[i].enrollee_years;
        res->sampling_rel_se += ro[i].samp_rel;
        if (xo->cost_draws) {
            xo->cost_draws[0] += ro[i].draws[0];
            xo->cost_draws[1] += ro[i].draws[1];
        }
    }
    free(ro);
    free(R.yr);
    if (rc != FS_OK) {
        fs_results_free(res);
        return rc;
    }
    res->sampling_rel_se /= (double)count * (double)R.years;
    *out = res;
    return FS_OK;
}

int fs_run_estimate(const fs_scenario *sc, const fs_run_options *opt, fs_estimate *out, char *err,
                    size_t errlen)
{
    fs_run_options o0;
    fsi_run R;
    fs_mode mode;
    int reps, first, count, rc;

    if (!sc || !out) {
        set_err(err, errlen, "fs_run_estimate: NULL scenario or result pointer");
        return FS_EUSAGE;
    }
    memset(out, 0, sizeof *out);
    if (!opt) {
        fs_run_options_init(&o0);
        opt = &o0;
    }
    rc = setup(sc, opt, &R, &reps, &first, &count, err, errlen);
    if (rc == FS_OK)
        rc = prepare(&R, opt, &mode, err, errlen);
    if (rc == FS_OK) {
        double cells, E = expected_enrollees(&R, &cells), persons = E;
        if (R.sample) {
            persons = (double)R.spc * cells;
            if (persons > E)
                persons = E;
        }
        /* What fs_run and the summaries hold per replication: the metrics
         * rows, the group table, the per-replication record (fsi_rep_out),
         * and the copies the summaries sort (one year at a time: small). */
        double gper = (double)R.years * R.ng_all * R.nt * R.nq;
        out->mode = mode;
        out->replications = reps;
        out->years = R.years;
        out->persons = persons;
        out->bytes_per_rep = 8.0 * ((double)R.years * FS_M_COUNT + gper) + sizeof(fsi_rep_out);
        out->bytes = out->bytes_per_rep * reps +
                     8.0 * ((double)R.years * FS_M_COUNT * 8.0 + gper * 8.0 + 2.0 * reps);
        out->cpu_seconds = persons * R.years * (double)reps * FS_SECONDS_PER_PERSON_YEAR;
    }
    free(R.yr);
    return rc;
}
