/* sim/calibrate.c -- `fundsim calibrate` (docs/model.md §14): the factors
 * of calibrate.factors fitted so that the base year's means match observed
 * figures.  Each target fits one factor (FSI_CAL_TARGETS, or calibrate.fit);
 * the system is square.  Every evaluation is a run of the base year with
 * the same seed and replications, so the means are a fixed function of the
 * factors (common random numbers) and Newton's method with a
 * finite-difference Jacobian (differences of 1%, large enough to move
 * discrete events) and Broyden's update converges in a few runs: the
 * targets are close to proportional to their factors. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "scenario_int.h"

#define MAX_RUNS 120
#define MAX_ITER 40
#define FD_STEP 0.01    /* finite-difference step of a variable */
#define LOG_BOUND 6.9   /* scales within [1e-3, 1e3] */
#define RATIO_BOUND 1.0 /* inpatient_ratio shifts within [-1, 1] */
#define NMAX (FSI_CT_COUNT + FS_MAX_GROUPS) /* fitted targets: metrics, then groups */
#define GROUP_F(g) (FSI_CF_COUNT + 1 + (g)) /* the factor index of group g's share */

static const fs_metric target_metric[FSI_CT_COUNT] = {
#define CT_METRIC(metric, name, factor) FS_M_##metric,
    FSI_CAL_TARGETS(CT_METRIC)
#undef CT_METRIC
};
static const int factor_add[FSI_CF_COUNT] = {
#define CF_KIND(id, key, kind, zh, en, doc) FSI_CF_KIND_##kind,
#define FSI_CF_KIND_MUL 0
#define FSI_CF_KIND_ADD 1
    FSI_CAL_FACTORS(CF_KIND)
#undef CF_KIND
};
static const char *const factor_key[FSI_CF_COUNT] = {
#define CF_KEY(id, key, kind, zh, en, doc) key,
    FSI_CAL_FACTORS(CF_KEY)
#undef CF_KEY
};

/* The fit being made: n targets i -- a metric tgt[i] (grp[i] = -1) or a
 * group's enrollees (grp[i] = g) -- each with its observed value obs[i],
 * its factor fac[i] (FSI_CF_*, or GROUP_F(g)) and the variable x[i] (log of
 * a scale, or a shift / scale[i]). */
typedef struct fit {
    fs_scenario *sc;
    fs_run_options o;
    int yi; /* the base year's index in the run */
    int n;
    int tgt[NMAX], grp[NMAX], fac[NMAX];
    double obs[NMAX];
    double scale[NMAX]; /* a shift's unit: 1 (ratio points) or the target (yuan) */
    double lo[NMAX], hi[NMAX];
    double mean[FSI_CT_COUNT], se[FSI_CT_COUNT]; /* of every metric target, last run */
    double gmean[FS_MAX_GROUPS], gse[FS_MAX_GROUPS]; /* of every group's enrollees */
    int runs;
    fs_calib_progress_fn progress;
    void *ctx;
    char *err;
    size_t errlen;
} fit;

/* Names of target i and its factor, for messages and the table. */
static const char *target_name(const fit *F, int i, char *buf, size_t n)
{
    if (F->grp[i] < 0)
        return fs_metric_name(target_metric[F->tgt[i]]);
    snprintf(buf, n, "groups[%d].enrollees", F->grp[i]);
    return buf;
}

static const char *factor_name(const fit *F, int i, char *buf, size_t n)
{
    if (F->grp[i] < 0)
        return factor_key[F->fac[i]];
    snprintf(buf, n, "groups[%d].share_factor", F->grp[i]);
    return buf;
}

static double *factor_at(fit *F, int i)
{
    return F->grp[i] < 0 ? &F->sc->cal_factor[F->fac[i]]
                         : &F->sc->cal_group[F->grp[i]].share_factor;
}

/* The mean (and se) of target i in the last run. */
static double target_mean(const fit *F, int i)
{
    return F->grp[i] < 0 ? F->mean[F->tgt[i]] : F->gmean[F->grp[i]];
}

static void set_factors(fit *F, const double *x)
{
    for (int i = 0; i < F->n; i++) {
        int add = F->grp[i] < 0 && factor_add[F->fac[i]];
        *factor_at(F, i) = add ? x[i] * F->scale[i] : exp(x[i]);
    }
    /* A level's observed cost per admission pins that level's cost: its
     * factor follows the inpatient factor (cost mean x f x f_k = observed). */
    for (int k = 0; k < F->sc->cal_nlevels; k++)
        if (F->sc->cal_level[k].cost_set && F->sc->inpatient.level[k].cost.mean > 0.0)
            F->sc->cal_level[k].cost_factor =
                F->sc->cal_level[k].cost_target /
                (F->sc->inpatient.level[k].cost.mean * F->sc->cal_factor[FSI_CF_INPATIENT_COST]);
}

/* Each group's enrollees in the base year (summed over tiers): mean and se
 * over the replications. */
static void group_means(fit *F, const fs_results *res)
{
    int R = res->rep_count;
    for (int g = 0; g < F->sc->ngroups && g < res->ngroups_out && res->gvalues; g++) {
        double s = 0.0, ss = 0.0;
        for (int k = 0; k < R; k++) {
            double v = 0.0;
            for (int t = 0; t < res->ntiers_out; t++)
                v += *fs_results_gat(res, k, F->yi, g, t, FS_GQ_ENROLLEES);
            s += v;
            ss += v * v;
        }
        F->gmean[g] = s / R;
        double var = R > 1 ? (ss - s * s / R) / (R - 1) : 0.0;
        F->gse[g] = R < 2 ? NAN /* undefined with one replication */
                    : var > 0.0 ? sqrt(var / R) : 0.0;
    }
}

/* One run of the base year at x: the means (and se) of every target, and
 * the fitted ones' relative residuals r.  FS_OK or fs_run's error. */
static int evaluate(fit *F, const double *x, double *r)
{
    if (F->runs >= MAX_RUNS) {
        snprintf(F->err, F->errlen, "no convergence after %d runs", MAX_RUNS);
        return FS_ENUMERIC;
    }
    set_factors(F, x);
    fs_results *res = NULL;
    int rc = fs_run(F->sc, &F->o, &res, F->err, F->errlen);
    if (rc != FS_OK)
        return rc;
    F->runs++;
    /* The means as `run` summarises them (the same bits in summary.csv). */
    fs_stat *st = malloc((size_t)res->years * FS_M_COUNT * sizeof *st);
    rc = st ? fs_results_summarize(res, st) : FS_ENOMEM;
    for (int t = 0; t < FSI_CT_COUNT && rc == FS_OK; t++) {
        const fs_stat *s = &st[(size_t)F->yi * FS_M_COUNT + target_metric[t]];
        F->mean[t] = s->mean;
        F->se[t] = res->rep_count < 2 ? NAN /* undefined: null in calibration.json */
                   : isfinite(s->se)    ? s->se
                                        : 0.0;
    }
    free(st);
    if (rc == FS_OK)
        group_means(F, res);
    fs_results_free(res);
    if (rc != FS_OK)
        return rc;
    double worst = 0.0;
    for (int i = 0; i < F->n; i++) {
        char nb[64];
        r[i] = target_mean(F, i) / F->obs[i] - 1.0;
        if (!isfinite(r[i])) {
            snprintf(F->err, F->errlen, "the run's %s is not a number",
                     target_name(F, i, nb, sizeof nb));
            return FS_ENUMERIC;
        }
        worst = fmax(worst, fabs(r[i]));
    }
    if (F->progress)
        F->progress(F->runs, worst, F->ctx);
    return FS_OK;
}

static double max_abs(const double *r, int n)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m = fmax(m, fabs(r[i]));
    return m;
}

/* The Jacobian J (row-major n x n) at x from forward differences; a column
 * that moves no target is an error naming its factor. */
static int jacobian(fit *F, const double *x, const double *r, double *J)
{
    double xh[NMAX], rh[NMAX];
    for (int j = 0; j < F->n; j++) {
        memcpy(xh, x, sizeof xh);
        double h = x[j] + FD_STEP <= F->hi[j] ? FD_STEP : -FD_STEP;
        xh[j] += h;
        int rc = evaluate(F, xh, rh);
        if (rc != FS_OK)
            return rc;
        double col = 0.0;
        for (int i = 0; i < F->n; i++) {
            J[i * F->n + j] = (rh[i] - r[i]) / h;
            col = fmax(col, fabs(J[i * F->n + j]));
        }
        if (col < 1e-6) {
            char tb[64], fb[64];
            snprintf(F->err, F->errlen,
                     "target %s cannot be fitted: its factor %s moves no target (the scenario "
                     "has nothing it scales, or another setting pins it)",
                     target_name(F, j, tb, sizeof tb), factor_name(F, j, fb, sizeof fb));
            return FS_ENUMERIC;
        }
    }
    return FS_OK;
}

/* Solves J d = -r (LU); FS_ENUMERIC naming the targets when J is singular. */
static int newton_step(fit *F, const double *J, const double *r, double *d)
{
    int n = F->n, sign = 0, rc = FS_OK;
    gsl_matrix *A = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_permutation *p = gsl_permutation_alloc((size_t)n);
    gsl_vector *b = gsl_vector_alloc((size_t)n), *xv = gsl_vector_alloc((size_t)n);
    if (!A || !p || !b || !xv) {
        rc = FS_ENOMEM;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        gsl_vector_set(b, (size_t)i, -r[i]);
        for (int j = 0; j < n; j++)
            gsl_matrix_set(A, (size_t)i, (size_t)j, J[i * n + j]);
    }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int lu = gsl_linalg_LU_decomp(A, p, &sign);
    double det = lu == GSL_SUCCESS ? gsl_linalg_LU_det(A, sign) : 0.0;
    if (lu != GSL_SUCCESS || !(fabs(det) > 1e-12) ||
        gsl_linalg_LU_solve(A, p, b, xv) != GSL_SUCCESS) {
        snprintf(F->err, F->errlen,
                 "the targets are under-determined: two or more depend on their factors in the "
                 "same way (e.g. spend_total and its lines); fit fewer, or mark some "
                 "calibrate.fit.METRIC: none");
        rc = FS_ENUMERIC;
    } else {
        for (int i = 0; i < n; i++)
            d[i] = gsl_vector_get(xv, (size_t)i);
    }
    gsl_set_error_handler(old);
out:
    gsl_matrix_free(A);
    gsl_permutation_free(p);
    gsl_vector_free(b);
    gsl_vector_free(xv);
    return rc;
}

/* The "unreachable" message: every fitted target not met, worst first,
 * with the closest run's value and its factor (at the end of its range?). */
static void unreachable(fit *F, const double *x, const double *r, double tol)
{
    int order[NMAX], n = 0;
    for (int i = 0; i < F->n; i++)
        if (fabs(r[i]) > tol)
            order[n++] = i;
    for (int a = 1; a < n; a++) /* insertion sort by |residual|, descending */
        for (int b = a; b > 0 && fabs(r[order[b]]) > fabs(r[order[b - 1]]); b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    size_t k = (size_t)snprintf(F->err, F->errlen, "not reached (closest run): ");
    for (int a = 0; a < n && k < F->errlen; a++) {
        int w = order[a];
        int at_bound = x[w] <= F->lo[w] + 1e-9 || x[w] >= F->hi[w] - 1e-9;
        char tb[64], fb[64];
        k += (size_t)snprintf(F->err + k, F->errlen - k,
                              "%starget %s = %.6g gives %.6g (%+.3g%%) with %s = %.6g%s",
                              a ? "; " : "", target_name(F, w, tb, sizeof tb), F->obs[w],
                              target_mean(F, w), 100.0 * r[w], factor_name(F, w, fb, sizeof fb),
                              *factor_at(F, w), at_bound ? " (the end of its range)" : "");
    }
}

/* Newton with Broyden updates from x; on FS_OK x and r are the answer. */
static int solve(fit *F, double *x, double *r, double tol, int *iters)
{
    int n = F->n;
    double J[NMAX * NMAX], d[NMAX], xn[NMAX], rn[NMAX];
    int rc = evaluate(F, x, r);
    if (rc != FS_OK || max_abs(r, n) <= tol)
        return rc;
    if ((rc = jacobian(F, x, r, J)) != FS_OK)
        return rc;
    for (*iters = 1; *iters <= MAX_ITER; (*iters)++) {
        if ((rc = newton_step(F, J, r, d)) != FS_OK)
            return rc;
        double lam = 1.0, best = max_abs(r, n);
        int improved = 0;
        for (int half = 0; half < 6 && !improved; half++, lam *= 0.5) {
            for (int i = 0; i < n; i++)
                xn[i] = fmin(F->hi[i], fmax(F->lo[i], x[i] + lam * d[i]));
            if ((rc = evaluate(F, xn, rn)) != FS_OK)
                return rc;
            improved = max_abs(rn, n) < best;
        }
        if (!improved) {
            set_factors(F, x);
            if ((rc = evaluate(F, x, r)) != FS_OK) /* the means of the closest run */
                return rc;
            unreachable(F, x, r, tol);
            set_factors(F, x);
            return FS_ENUMERIC;
        }
        /* Broyden: J += (dr - J dx) dx' / dx'dx. */
        double dx[NMAX], dd = 0.0;
        for (int i = 0; i < n; i++) {
            dx[i] = xn[i] - x[i];
            dd += dx[i] * dx[i];
        }
        for (int i = 0; i < n && dd > 0.0; i++) {
            double jdx = 0.0;
            for (int j = 0; j < n; j++)
                jdx += J[i * n + j] * dx[j];
            double u = (rn[i] - r[i] - jdx) / dd;
            for (int j = 0; j < n; j++)
                J[i * n + j] += u * dx[j];
        }
        memcpy(x, xn, sizeof xn);
        memcpy(r, rn, sizeof rn);
        if (max_abs(r, n) <= tol)
            return FS_OK;
    }
    unreachable(F, x, r, tol);
    return FS_ENUMERIC;
}

/* The fitted targets, their factors, variables and ranges. */
static int setup(fit *F, double *x)
{
    fs_scenario *sc = F->sc;
    F->n = 0;
    for (int t = 0; t < FSI_CT_COUNT; t++) {
        if (!sc->cal_target_set[t] || sc->cal_fit[t] == FSI_CF_NONE)
            continue;
        int j = sc->cal_fit[t], i = F->n++;
        if (!(sc->cal_target[t] > 0.0)) {
            snprintf(F->err, F->errlen, "target %s is %g: a fitted target must be above 0",
                     fs_metric_name(target_metric[t]), sc->cal_target[t]);
            return FS_EUSAGE;
        }
        for (int k = 0; k < i; k++)
            if (F->fac[k] == j) {
                snprintf(F->err, F->errlen, "targets %s and %s both fit the factor %s",
                         fs_metric_name(target_metric[F->tgt[k]]),
                         fs_metric_name(target_metric[t]), factor_key[j]);
                return FS_EUSAGE;
            }
        F->tgt[i] = t;
        F->grp[i] = -1;
        F->fac[i] = j;
        F->obs[i] = sc->cal_target[t];
        F->scale[i] = j == FSI_CF_OTHER_INCOME ? sc->cal_target[t] : 1.0;
        if (factor_add[j]) {
            double b = j == FSI_CF_OTHER_INCOME ? 1.0 : RATIO_BOUND;
            F->lo[i] = -b;
            F->hi[i] = b;
            x[i] = sc->cal_factor[j] / F->scale[i];
        } else {
            F->lo[i] = -LOG_BOUND;
            F->hi[i] = LOG_BOUND;
            x[i] = log(sc->cal_factor[j]);
        }
    }
    for (int g = 0; g < sc->cal_ngroups; g++) {
        if (!sc->cal_group[g].enrollees_set)
            continue;
        int i = F->n++;
        if (!(sc->cal_group[g].enrollees > 0.0)) {
            snprintf(F->err, F->errlen, "target groups[%d].enrollees is %g: it must be above 0",
                     g, sc->cal_group[g].enrollees);
            return FS_EUSAGE;
        }
        F->tgt[i] = 0;
        F->grp[i] = g;
        F->fac[i] = GROUP_F(g);
        F->obs[i] = sc->cal_group[g].enrollees;
        F->scale[i] = 1.0;
        F->lo[i] = -LOG_BOUND;
        F->hi[i] = LOG_BOUND;
        x[i] = log(sc->cal_group[g].share_factor);
    }
    return FS_OK;
}

/* The table: every given target (fitted or checked) and every factor. */
static void report(const fit *F, const double *start, const double *lstart, const double *gstart,
                   fs_calibration *out)
{
    const fs_scenario *sc = F->sc;
    for (int t = 0; t < FSI_CT_COUNT && out->ntargets < FS_CALIB_MAX; t++) {
        if (!sc->cal_target_set[t])
            continue;
        fs_calib_target *T = &out->target[out->ntargets++];
        snprintf(T->target, sizeof T->target, "%s", fs_metric_name(target_metric[t]));
        snprintf(T->factor, sizeof T->factor, "%s", fsi_cal_factor_name(sc->cal_fit[t]));
        T->observed = sc->cal_target[t];
        T->fitted = F->mean[t];
        T->se = F->se[t];
        T->residual = F->mean[t] / sc->cal_target[t] - 1.0;
        if (sc->cal_fit[t] != FSI_CF_NONE)
            out->max_residual = fmax(out->max_residual, fabs(T->residual));
    }
    for (int k = 0; k < sc->cal_nlevels && out->ntargets < FS_CALIB_MAX; k++) {
        if (!sc->cal_level[k].cost_set)
            continue;
        fs_calib_target *T = &out->target[out->ntargets++];
        snprintf(T->target, sizeof T->target, "levels[%d].cost_per_admission", k);
        snprintf(T->factor, sizeof T->factor, "levels[%d].cost_factor", k);
        T->observed = sc->cal_level[k].cost_target;
        T->fitted = sc->inpatient.level[k].cost.mean * sc->cal_factor[FSI_CF_INPATIENT_COST] *
                    sc->cal_level[k].cost_factor;
        T->residual = T->fitted / T->observed - 1.0;
    }
    for (int g = 0; g < sc->cal_ngroups && out->ntargets < FS_CALIB_MAX; g++) {
        if (!sc->cal_group[g].enrollees_set)
            continue;
        fs_calib_target *T = &out->target[out->ntargets++];
        snprintf(T->target, sizeof T->target, "groups[%d].enrollees", g);
        snprintf(T->factor, sizeof T->factor, "groups[%d].share_factor", g);
        T->observed = sc->cal_group[g].enrollees;
        T->fitted = F->gmean[g];
        T->se = F->gse[g];
        T->residual = T->fitted / T->observed - 1.0;
        out->max_residual = fmax(out->max_residual, fabs(T->residual));
    }
    for (int j = 0; j < FSI_CF_COUNT; j++) {
        fs_calib_factor *C = &out->factor[out->nfactors++];
        snprintf(C->path, sizeof C->path, "factors.%s", factor_key[j]);
        C->start = start[j];
        C->value = sc->cal_factor[j];
        for (int i = 0; i < F->n; i++)
            C->fitted |= F->fac[i] == j;
    }
    for (int k = 0; k < sc->cal_nlevels && out->nfactors < FS_CALIB_MAX; k++) {
        fs_calib_factor *C = &out->factor[out->nfactors++];
        snprintf(C->path, sizeof C->path, "levels[%d].cost_factor", k);
        C->start = lstart[k];
        C->value = sc->cal_level[k].cost_factor;
        C->fitted = sc->cal_level[k].cost_set;
    }
    for (int g = 0; g < sc->cal_ngroups && out->nfactors < FS_CALIB_MAX; g++) {
        fs_calib_factor *C = &out->factor[out->nfactors++];
        snprintf(C->path, sizeof C->path, "groups[%d].share_factor", g);
        C->start = gstart[g];
        C->value = sc->cal_group[g].share_factor;
        C->fitted = sc->cal_group[g].enrollees_set;
    }
}

const char *fsi_cal_factor_name(int j)
{
    return j >= 0 && j < FSI_CF_COUNT ? factor_key[j] : "none";
}

int fs_calibrate(fs_scenario *sc, const fs_run_options *opt, fs_calibration *out,
                 fs_calib_progress_fn progress, void *ctx, char *err, size_t errlen)
{
    char ebuf[512];
    fit F;
    memset(&F, 0, sizeof F);
    memset(out, 0, sizeof *out);
    F.sc = sc;
    F.o = *opt;
    F.progress = progress;
    F.ctx = ctx;
    F.err = err && errlen ? err : ebuf;
    F.errlen = err && errlen ? errlen : sizeof ebuf;
    F.err[0] = '\0';
    out->year = sc->cal_year;
    out->tolerance = sc->cal_tol;
    int y0 = sc->start_year, horizon = opt->years > 0 ? opt->years : sc->years;
    if (sc->cal_year < y0 || sc->cal_year >= y0 + horizon) {
        snprintf(F.err, F.errlen, "calibrate.year %d is not simulated (%d..%d)", sc->cal_year, y0,
                 y0 + horizon - 1);
        return FS_EUSAGE;
    }
    F.o.years = sc->cal_year - y0 + 1; /* later years do not change the base year's values */
    F.o.first_rep = 0;
    F.o.rep_count = 0;
    F.yi = sc->cal_year - y0;
    double start[FSI_CF_COUNT], lstart[FS_MAX_LEVELS], gstart[FS_MAX_GROUPS], x[NMAX], r[NMAX];
    memcpy(start, sc->cal_factor, sizeof start);
    for (int g = 0; g < sc->cal_ngroups; g++)
        gstart[g] = sc->cal_group[g].share_factor;
    int nlev = 0;
    for (int k = 0; k < sc->cal_nlevels; k++) {
        lstart[k] = sc->cal_level[k].cost_factor;
        nlev += sc->cal_level[k].cost_set;
    }
    int rc = setup(&F, x);
    if (rc == FS_OK && F.n == 0 && nlev == 0) {
        snprintf(F.err, F.errlen,
                 "nothing to fit: calibrate.targets has no target with a factor (and "
                 "calibrate.levels no cost_per_admission)");
        rc = FS_EUSAGE;
    }
    if (rc == FS_OK)
        rc = solve(&F, x, r, sc->cal_tol, &out->iterations);
    if (rc == FS_OK) {
        set_factors(&F, x);
        report(&F, start, lstart, gstart, out);
    }
    out->runs = F.runs;
    return rc;
}

size_t fs_scenario_calibration(const fs_scenario *sc, int *year, fs_calib_factor *out,
                               size_t max)
{
    size_t n = 0;
    if (year)
        *year = sc->cal_year;
    for (int j = 0; j < FSI_CF_COUNT; j++)
        if (sc->cal_factor[j] != (factor_add[j] ? 0.0 : 1.0) && n < max) {
            snprintf(out[n].path, sizeof out[n].path, "factors.%s", factor_key[j]);
            out[n].start = out[n].value = sc->cal_factor[j];
            out[n++].fitted = 0;
        }
    for (int k = 0; k < sc->cal_nlevels; k++)
        if (sc->cal_level[k].cost_factor != 1.0 && n < max) {
            snprintf(out[n].path, sizeof out[n].path, "levels[%d].cost_factor", k);
            out[n].start = out[n].value = sc->cal_level[k].cost_factor;
            out[n++].fitted = 0;
        }
    for (int g = 0; g < sc->cal_ngroups; g++)
        if (sc->cal_group[g].share_factor != 1.0 && n < max) {
            snprintf(out[n].path, sizeof out[n].path, "groups[%d].share_factor", g);
            out[n].start = out[n].value = sc->cal_group[g].share_factor;
            out[n++].fitted = 0;
        }
    return n;
}
