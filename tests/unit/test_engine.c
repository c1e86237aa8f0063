/* tests/unit/test_engine.c -- fs_run: reproducibility, identities, closed
 * forms, hand-worked subsidies, critical illness and assistance.
 * Scenarios are built directly as structs, without YAML. */
#include "fs_test.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "engine_int.h"

/* A quiet scenario: no systemic randomness, one tier, everyone enrolled. */
static fs_scenario *sc_base(void)
{
    fs_scenario *sc = calloc(1, sizeof *sc);
    snprintf(sc->name, sizeof sc->name, "test");
    sc->start_year = 2023;
    sc->years = 1;
    sc->replications = 100;
    sc->seed = 20230101;
    sc->mode = FS_MODE_EXACT;
    sc->sample_per_cell = 200;
    sc->ntiers = 1;
    fsi_param_scalar(&sc->tier[0].contribution, 350);
    fsi_param_scalar(&sc->tier[0].choice_share, 1.0);
    fsi_param_scalar(&sc->enroll_base_rate, 1.0);
    sc->sex_ratio_at_birth = 111.3;
    sc->base_year = 2023;
    fsi_param_scalar(&sc->waiting_months, 3);
    fsi_param_scalar(&sc->reserve_min_months, 6);
    fsi_param_scalar(&sc->reserve_max_months, 15);
    sc->fiscal_share[1] = 1.0;
    return sc;
}

/* The group table adds up, in every replication and year, to the
 * whole-fund enrollees, individual contribution income and subsidy
 * (rel 1e-9), independently of fs_results_check_identities. */
static void check_group_sums(const fs_results *res)
{
    static const fs_metric gm[FS_GQ_COUNT] = {FS_M_ENROLLEES, FS_M_INCOME_INDIVIDUAL,
                                              FS_M_INCOME_INDIVIDUAL_SUBSIDY};
    assert_non_null(res->gvalues);
    assert_true(res->ngroups_out >= 1 && res->ngroups_out <= FS_RESULTS_MAX_GROUPS);
    assert_true(res->ntiers_out >= 1 && res->ntiers_out <= FS_RESULTS_MAX_TIERS);
    assert_string_equal(res->group_names[res->ngroups_out - 1], FS_ORDINARY_GROUP_NAME);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++)
            for (int k = 0; k < FS_GQ_COUNT; k++) {
                double sum = 0.0;
                for (int g = 0; g < res->ngroups_out; g++)
                    for (int t = 0; t < res->ntiers_out; t++) {
                        double x = *fs_results_gat(res, r, y, g, t, (fs_group_quantity)k);
                        assert_true(x >= 0.0);
                        sum += x;
                    }
                assert_close(sum, *fs_results_at(res, r, y, gm[k]), 1e-9, 0);
            }
}

static fs_results *run(const fs_scenario *sc, int threads)
{
    fs_run_options o;
    fs_results *res = NULL;
    char err[256] = "";
    fs_run_options_init(&o);
    o.threads = threads;
    int rc = fs_run(sc, &o, &res, err, sizeof err);
    if (rc != FS_OK)
        fail_msg("fs_run: %d %s", rc, err);
    char ierr[512] = "";
    if (fs_results_check_identities(res, ierr, sizeof ierr) != FS_OK)
        fail_msg("identities: %s", ierr);
    check_group_sums(res);
    return res;
}

/* Mean and standard error over replications of one (year, metric). */
static void mean_se(const fs_results *res, int y, fs_metric m, double *mean, double *se)
{
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    *mean = st[y * FS_M_COUNT + m].mean;
    *se = st[y * FS_M_COUNT + m].se;
    free(st);
}

static void assert_within_se(const fs_results *res, fs_metric m, double want, double k)
{
    double mean, se;
    mean_se(res, 0, m, &mean, &se);
    if (!(fabs(mean - want) <= k * se))
        fail_msg("%s: mean %.10g, want %.10g, se %.4g (%.2f se)", fs_metric_name(m), mean, want, se,
                 (mean - want) / se);
    assert_true(se > 0.0);
}

/* A scenario that uses every feature, for identities and determinism. */
static fs_scenario *sc_full(void)
{
    fs_scenario *sc = sc_base();
    sc->years = 5;
    sc->replications = 12;
    sc->mode = FS_MODE_AUTO;
    sc->exact_max_enrollees = 2e6;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            sc->pop[s][a] = a < 90 ? 40.0 + 0.3 * a : 10.0;
            sc->mortality_q[s][a] = a == FS_MAX_AGE ? 1.0 : 0.0005 * exp(0.085 * a) * (s ? 0.8 : 1);
            if (sc->mortality_q[s][a] > 1)
                sc->mortality_q[s][a] = 1;
        }
    for (int a = 18; a < 45; a++)
        sc->fertility_asfr[a] = 0.04;
    sc->mortality_improvement = 0.01;
    sc->mortality_shock_sd = 0.05;
    fsi_param_scalar(&sc->net_migration_rate, -0.005);

    sc->ntiers = 2;
    snprintf(sc->tier[0].name, FS_NAME_MAX, "一档");
    snprintf(sc->tier[1].name, FS_NAME_MAX, "二档");
    sc->tier[0].contribution.n = 2;
    sc->tier[0].contribution.year[0] = 2023;
    sc->tier[0].contribution.value[0] = 350;
    sc->tier[0].contribution.year[1] = 2024;
    sc->tier[0].contribution.value[1] = 380;
    sc->tier[0].contribution.growth_kind = FS_GROWTH_ADD;
    sc->tier[0].contribution.growth = 20;
    fsi_param_scalar(&sc->tier[0].choice_share, 0.8);
    fsi_param_scalar(&sc->tier[1].contribution, 725);
    fsi_param_scalar(&sc->tier[1].choice_share, 0.2);
    fsi_param_scalar(&sc->tier[0].outpatient_cap, 300);
    fsi_param_scalar(&sc->tier[1].outpatient_cap, 500);
    fsi_param_scalar(&sc->tier[1].outpatient_ratio, 0.6);
    fsi_param_scalar(&sc->tier[1].inpatient_ratio_add, 0.05);

    sc->ngroups = 4;
    fs_group *g = sc->group;
    snprintf(g[0].name, FS_NAME_MAX, "特困人员");
    fsi_param_scalar(&g[0].share, 0.02);
    g[0].age_max = 100;
    fsi_param_scalar(&g[0].enrollment_rate, 1.0);
    g[0].subsidy.kind = FS_SUBSIDY_FULL;
    fsi_param_scalar(&g[0].ci.deductible_factor, 0.5);
    fsi_param_scalar(&g[0].ci.ratio_add, 0.05);
    g[0].ci.no_cap = 1;
    g[0].assist.eligible = 1;
    fsi_param_scalar(&g[0].assist.ratio, 0.7);
    fsi_param_scalar(&g[0].assist.threshold_income_share, 0.1);
    fsi_param_scalar(&g[0].assist.cap, 60000);
    g[0].waiting_exempt = 1;
    snprintf(g[1].name, FS_NAME_MAX, "低保对象");
    fsi_param_scalar(&g[1].share, 0.05);
    g[1].age_max = 100;
    g[1].price_sensitive = 1;
    g[1].subsidy.kind = FS_SUBSIDY_FIXED;
    fsi_param_scalar(&g[1].subsidy.amount, 280);
    snprintf(g[1].subsidy.payer, FS_NAME_MAX, "other");
    g[1].assist.eligible = 1;
    fsi_param_scalar(&g[1].assist.ratio, 0.6);
    fsi_param_scalar(&g[1].assist.threshold, 3000);
    snprintf(g[2].name, FS_NAME_MAX, "低保边缘户");
    fsi_param_scalar(&g[2].share, 0.03);
    g[2].age_max = 100;
    g[2].price_sensitive = 1;
    g[2].subsidy.kind = FS_SUBSIDY_PERCENT;
    fsi_param_scalar(&g[2].subsidy.percent, 0.7);
    fsi_param_scalar(&g[2].subsidy.upper_tier_percent, 1.0);
    snprintf(g[3].name, FS_NAME_MAX, "大学生");
    fsi_param_scalar(&g[3].share, 0.3);
    g[3].age_min = 18;
    g[3].age_max = 22;
    g[3].price_sensitive = 1;
    fsi_param_scalar(&g[3].contribution[0], 320);
    fsi_param_scalar(&g[3].contribution[1], 695);
    fsi_param_scalar(&g[3].tier_share[0], 0.95);
    fsi_param_scalar(&g[3].tier_share[1], 0.05);

    fsi_param_scalar(&sc->enroll_base_rate, 0.95);
    sc->enroll_elasticity = -0.5;
    sc->enroll_shock_sd = 0.01;
    fsi_param_scalar(&sc->newborn_rate, 0.9);
    fsi_param_scalar(&sc->late_share, 0.05);

    sc->fiscal_subsidy.n = 1;
    sc->fiscal_subsidy.year[0] = 2023;
    sc->fiscal_subsidy.value[0] = 640;
    sc->fiscal_subsidy.growth_kind = FS_GROWTH_ADD;
    sc->fiscal_subsidy.growth = 30;
    sc->fiscal_share[0] = 0.5;
    sc->fiscal_share[1] = 0.2;
    sc->fiscal_share[2] = 0.1;
    sc->fiscal_share[3] = 0.2;
    fsi_param_scalar(&sc->other_income, 1000.0);
    sc->interest_mean = 0.015;
    sc->interest_sd = 0.003;
    sc->interest_ar = 0.8;
    sc->disposable_income.n = 1;
    sc->disposable_income.year[0] = 2022;
    sc->disposable_income.value[0] = 29178;
    sc->disposable_income.growth_kind = FS_GROWTH_MUL;
    sc->disposable_income.growth = 0.05;

    sc->inflation_mean = 0.05;
    sc->inflation_sd = 0.02;
    sc->inflation_ar = 0.5;
    sc->utilization_trend = 0.01;
    sc->utilization_shock_sd = 0.03;
    sc->base_year = 2022;

    sc->outpatient.enabled = 1;
    for (int a = 0; a < FS_NAGES; a++) {
        sc->outpatient.use_rate.v[a] = a < 60 ? 0.4 : 0.7;
        sc->inpatient.admission_rate[0].v[a] = a < 60 ? 0.08 : 0.3;
        sc->inpatient.admission_rate[1].v[a] = a < 60 ? 0.1 : 0.25;
        sc->chronic[0].prevalence.v[a] = a < 35 ? 0.0 : 0.2;
        sc->chronic[1].prevalence.v[a] = a < 50 ? 0.01 : 0.05;
    }
    sc->outpatient.cost = (fs_costdist){FS_DIST_LOGNORMAL, 400, 1.2};
    fsi_param_scalar(&sc->outpatient.deductible, 20);
    sc->outpatient.nclasses = 2;
    sc->outpatient.class_share[0] = 0.6;
    sc->outpatient.class_share[1] = 0.4;
    fsi_param_scalar(&sc->outpatient.class_ratio[0], 0.55);
    fsi_param_scalar(&sc->outpatient.class_ratio[1], 0.45);
    fsi_param_scalar(&sc->outpatient.cap, 250);
    fsi_param_scalar(&sc->outpatient.account_share_cap, 0.08);

    sc->nchronic = 2;
    snprintf(sc->chronic[0].name, FS_NAME_MAX, "两病");
    sc->chronic[0].cost = (fs_costdist){FS_DIST_GAMMA, 1200, 0.8};
    fsi_param_scalar(&sc->chronic[0].in_scope, 0.9);
    fsi_param_scalar(&sc->chronic[0].ratio, 0.5);
    fsi_param_scalar(&sc->chronic[0].cap, 1000);
    snprintf(sc->chronic[1].name, FS_NAME_MAX, "门诊特病");
    sc->chronic[1].cost = (fs_costdist){FS_DIST_LOGNORMAL, 20000, 1.0};
    fsi_param_scalar(&sc->chronic[1].deductible, 500);
    fsi_param_scalar(&sc->chronic[1].ratio, 0.7);
    sc->chronic[1].excludes_outpatient = 1;
    sc->chronic[1].counts_for_ci = 1;

    sc->inpatient.nlevels = 3;
    const double sh[3] = {0.3, 0.45, 0.25}, mean[3] = {3623, 6626, 13942}, cv[3] = {0.8, 1.0, 1.2},
                 ins[3] = {0.9, 0.85, 0.8}, ded[3] = {200, 500, 1000}, rat[3] = {0.85, 0.75, 0.6};
    for (int k = 0; k < 3; k++) {
        fs_level *L = &sc->inpatient.level[k];
        fsi_param_scalar(&L->share, sh[k]);
        L->cost = (fs_costdist){FS_DIST_LOGNORMAL, mean[k], cv[k]};
        fsi_param_scalar(&L->in_scope, ins[k]);
        fsi_param_scalar(&L->deductible, ded[k]);
        fsi_param_scalar(&L->ratio, rat[k]);
    }
    fsi_param_scalar(&sc->inpatient.annual_cap, 150000);
    fsi_param_scalar(&sc->maternity.benefit, 2000);

    sc->ci.enabled = 1;
    fsi_param_scalar(&sc->ci.premium, 60);
    fsi_param_scalar(&sc->ci.deductible, 16901);
    sc->ci.nbands = 2;
    fsi_param_scalar(&sc->ci.band[0].upto, 50000);
    fsi_param_scalar(&sc->ci.band[0].ratio, 0.6);
    fsi_param_scalar(&sc->ci.band[1].upto, HUGE_VAL);
    fsi_param_scalar(&sc->ci.band[1].ratio, 0.7);
    fsi_param_scalar(&sc->ci.cap, 400000);
    fsi_param_scalar(&sc->ci.corridor_share, 0.5);
    fsi_param_scalar(&sc->ci.corridor_band, 0.05);
    fsi_param_scalar(&sc->assist.alert_line, 12000);
    fsi_param_scalar(&sc->initial_balance, 2e6);
    sc->rule = FS_RULE_TOPUP;
    return sc;
}

/* Results do not depend on the thread count, repeat runs, or slicing. */
static void test_reproducible(void **state)
{
    (void)state;
    fs_scenario *sc = sc_full();
    fs_results *a = run(sc, 1), *b = run(sc, 2), *c = run(sc, 2);
    size_t n = (size_t)a->rep_count * (size_t)a->years * FS_M_COUNT;
    assert_int_equal(a->mode, FS_MODE_EXACT);
    assert_memory_equal(a->values, b->values, n * sizeof(double));
    assert_memory_equal(a->values, c->values, n * sizeof(double));
    size_t gn = (size_t)a->rep_count * fs_results_gper_rep(a);
    assert_true(gn > 0);
    assert_memory_equal(a->gvalues, b->gvalues, gn * sizeof(double));
    assert_memory_equal(a->gvalues, c->gvalues, gn * sizeof(double));
    assert_true(a->enrollee_years == b->enrollee_years && a->enrollee_years > 0);

    /* A slice [3, 7) equals the same replications of the whole run. */
    fs_run_options o;
    fs_run_options_init(&o);
    o.first_rep = 3;
    o.rep_count = 4;
    o.threads = 2;
    fs_results *s = NULL;
    char err[256];
    assert_int_equal(fs_run(sc, &o, &s, err, sizeof err), FS_OK);
    assert_int_equal(s->replications, 12);
    assert_memory_equal(s->values, fs_results_at(a, 3, 0, 0),
                        4 * (size_t)a->years * FS_M_COUNT * sizeof(double));
    assert_memory_equal(s->gvalues, fs_results_gat(a, 3, 0, 0, 0, 0),
                        4 * fs_results_gper_rep(a) * sizeof(double));

    /* Another seed gives other numbers. */
    o.first_rep = 0;
    o.rep_count = 0;
    o.has_seed = 1;
    o.seed = 7;
    fs_results *d = NULL;
    assert_int_equal(fs_run(sc, &o, &d, err, sizeof err), FS_OK);
    assert_true(memcmp(a->values, d->values, n * sizeof(double)) != 0);

    /* Replications differ from each other. */
    assert_true(*fs_results_at(a, 0, 2, FS_M_SPEND_INPATIENT) !=
                *fs_results_at(a, 1, 2, FS_M_SPEND_INPATIENT));
    fs_results_free(a);
    fs_results_free(b);
    fs_results_free(c);
    fs_results_free(d);
    fs_results_free(s);
    free(sc);
}

/* Every identity on every replication of a scenario with every feature,
 * plus sanity of the lines and of the summary. */
static void test_identities_full(void **state)
{
    (void)state;
    fs_scenario *sc = sc_full();
    sc->rule = FS_RULE_FIXED;
    fs_results *res = run(sc, 0);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
#define AT(m) (*fs_results_at(res, r, y, FS_M_##m))
            assert_true(AT(SPEND_OUTPATIENT) > 0 && AT(SPEND_CHRONIC) > 0 && AT(SPEND_INPATIENT) > 0);
            assert_true(AT(SPEND_MATERNITY) > 0 && AT(CI_BENEFITS) > 0);
            assert_true(AT(ASSIST_CONTRIB_SUBSIDY) > 0 && AT(OTHER_CONTRIB_SUBSIDY) > 0);
            assert_true(AT(EFFECTIVE_RATIO_INPATIENT) > 0.5 && AT(EFFECTIVE_RATIO_INPATIENT) < 0.9);
            assert_true(AT(ENROLLEES) > 0 && AT(OOP_MEAN) > 0);
            assert_true(AT(INCOME_TOPUP) == 0.0);
        }
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    for (int y = 0; y < res->years; y++)
        for (int m = 0; m < FS_M_COUNT; m++) {
            fs_stat *x = &st[y * FS_M_COUNT + m];
            assert_true(x->p05 <= x->p25 && x->p25 <= x->p50 && x->p50 <= x->p75 &&
                        x->p75 <= x->p95);
            assert_close(x->se, x->sd / sqrt(12.0), 1e-12, 0);
        }
    free(st);
    /* The check is not vacuous: a balance that does not start from the
     * scenario's initial balance, or a line that does not add up, fails. */
    char ierr[512] = "";
    assert_true(fsi_param_set(&sc->initial_balance));
    res->initial_balance += 1000.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
    assert_non_null(strstr(ierr, "initial balance"));
    res->initial_balance -= 1000.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    *fs_results_at(res, 1, 1, FS_M_SPEND_INPATIENT) += 1.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
    *fs_results_at(res, 1, 1, FS_M_SPEND_INPATIENT) -= 1.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    /* ... and so does a group table that does not add up to the fund. */
    for (int k = 0; k < FS_GQ_COUNT; k++) {
        *fs_results_gat(res, 2, 1, 0, res->ntiers_out - 1, (fs_group_quantity)k) += 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
        assert_non_null(strstr(ierr, "sum over groups and tiers"));
        *fs_results_gat(res, 2, 1, 0, res->ntiers_out - 1, (fs_group_quantity)k) -= 1.0;
    }
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    /* The group summary: ordered percentiles; a paired difference of a run
     * with itself is zero in every cell. */
    {
        size_t gper = fs_results_gper_rep(res);
        fs_stat *gs = calloc(gper, sizeof *gs);
        assert_int_equal(fs_results_summarize_groups(res, gs), FS_OK);
        for (size_t i = 0; i < gper; i++)
            assert_true(gs[i].p05 <= gs[i].p50 && gs[i].p50 <= gs[i].p95 && gs[i].mean >= 0.0);
        free(gs);
        fs_results *d = NULL;
        assert_int_equal(fs_results_diff(res, res, &d, NULL, 0), FS_OK);
        assert_non_null(d->gvalues);
        for (size_t i = 0; i < (size_t)d->rep_count * gper; i++)
            assert_true(d->gvalues[i] == 0.0);
        fs_results_free(d);
    }
    fs_results_free(res);

    /* Top-up: no deficit, the top-up is the deficit it covers. */
    sc->rule = FS_RULE_TOPUP;
    fsi_param_scalar(&sc->fiscal_subsidy, 100);
    res = run(sc, 0);
    int topped = 0;
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            assert_true(AT(SURPLUS) >= 0.0);
            assert_true(AT(PROB_DEFICIT) == 0.0);
            if (AT(INCOME_TOPUP) > 0) {
                topped++;
                assert_close(AT(SURPLUS), 0.0, 0, 1e-6 * AT(SPEND_TOTAL));
            }
        }
    assert_true(topped > 0);
    fs_results_free(res);

    /* Sample mode holds the identities as well. */
    sc->mode = FS_MODE_SAMPLE;
    sc->sample_per_cell = 5;
    res = run(sc, 0);
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    fs_results_free(res);
    free(sc);
#undef AT
}

/* One cell: N persons, Poisson(lambda) admissions, lognormal cost,
 * in-scope share s, deductible d, ratio rho, no cap:
 * E[spend] = N lambda rho s E[(X - d/s)+]. */
static fs_scenario *sc_inpatient(double N)
{
    fs_scenario *sc = sc_base();
    sc->pop[0][40] = N;
    sc->inpatient.nlevels = 1;
    sc->inpatient.admission_rate[0].v[40] = 0.2;
    fsi_param_scalar(&sc->inpatient.level[0].share, 1.0);
    sc->inpatient.level[0].cost = (fs_costdist){FS_DIST_LOGNORMAL, 5000, 1.0};
    fsi_param_scalar(&sc->inpatient.level[0].in_scope, 0.8);
    fsi_param_scalar(&sc->inpatient.level[0].deductible, 500);
    fsi_param_scalar(&sc->inpatient.level[0].ratio, 0.7);
    return sc;
}

static void test_inpatient_closed_form(void **state)
{
    (void)state;
    const double N = 2000, lam = 0.2, s = 0.8, d = 500, rho = 0.7;
    fs_scenario *sc = sc_inpatient(N);
    fs_results *res = run(sc, 0);
    double mu, sigma;
    fsi_lognormal_params(5000, 1.0, &mu, &sigma);
    double ex = 5000.0 - fsi_lognormal_lev(mu, sigma, d / s);
    assert_within_se(res, FS_M_SPEND_INPATIENT, N * lam * rho * s * ex, 4.0);
    /* Sample mode (50 of 2000 persons, weight 40) is unbiased. */
    fs_results_free(res);
    sc->mode = FS_MODE_SAMPLE;
    sc->sample_per_cell = 50;
    sc->replications = 400;
    res = run(sc, 0);
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    assert_true(res->enrollee_years == 400.0 * 50.0);
    assert_within_se(res, FS_M_SPEND_INPATIENT, N * lam * rho * s * ex, 4.0);
    fs_results_free(res);

    /* Common random numbers: with d = 0 and no cap, spending is rho x
     * in-scope cost, so two ratios give spending in the ratio of the ratios,
     * replication by replication. */
    sc->mode = FS_MODE_EXACT;
    sc->replications = 20;
    fsi_param_scalar(&sc->inpatient.level[0].deductible, 0);
    res = run(sc, 0);
    fsi_param_scalar(&sc->inpatient.level[0].ratio, 0.6);
    fs_results *r2 = run(sc, 0);
    for (int r = 0; r < 20; r++) {
        assert_close(*fs_results_at(r2, r, 0, FS_M_SPEND_INPATIENT),
                     *fs_results_at(res, r, 0, FS_M_SPEND_INPATIENT) * 6.0 / 7.0, 1e-12, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_EFFECTIVE_RATIO_INPATIENT), 0.7, 1e-12, 0);
    }
    fs_results_free(res);
    fs_results_free(r2);
    free(sc);
}

/* Outpatient with a deductible and a cap:
 * E[min(c, rho (X - d)+)] = rho (LEV(d + c/rho) - LEV(d)); users ~ Bernoulli(p). */
static void test_outpatient_cap(void **state)
{
    (void)state;
    const double N = 3000, p = 0.6, d = 50, rho = 0.5, c = 150;
    fs_scenario *sc = sc_base();
    sc->pop[1][30] = N;
    sc->outpatient.enabled = 1;
    sc->outpatient.use_rate.v[30] = p;
    sc->outpatient.cost = (fs_costdist){FS_DIST_LOGNORMAL, 400, 1.2};
    fsi_param_scalar(&sc->outpatient.deductible, d);
    fsi_param_scalar(&sc->outpatient.ratio, rho);
    fsi_param_scalar(&sc->outpatient.cap, c);
    fs_results *res = run(sc, 0);
    double mu, sigma;
    fsi_lognormal_params(400, 1.2, &mu, &sigma);
    double want = N * p * rho * (fsi_lognormal_lev(mu, sigma, d + c / rho) - fsi_lognormal_lev(mu, sigma, d));
    assert_within_se(res, FS_M_SPEND_OUTPATIENT, want, 4.0);
    fs_results_free(res);

    /* The account cap binds: outpatient spending = 8% of income. */
    fsi_param_scalar(&sc->outpatient.account_share_cap, 0.08);
    res = run(sc, 0);
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(*fs_results_at(res, r, 0, FS_M_OUTPATIENT_ACCOUNT_BOUND) == 1.0);
        assert_close(*fs_results_at(res, r, 0, FS_M_SPEND_OUTPATIENT),
                     0.08 * *fs_results_at(res, r, 0, FS_M_INCOME_TOTAL), 1e-12, 0);
    }
    fs_results_free(res);
    free(sc);
}

/* A chronic programme with a gamma cost: benefit min(cap, rho (sX - d)+). */
static double gamma_lev(double k, double th, double u)
{
    return k * th * gsl_cdf_gamma_P(u, k + 1, th) + u * gsl_cdf_gamma_Q(u, k, th);
}

static void test_chronic(void **state)
{
    (void)state;
    const double N = 3000, p = 0.15, s = 0.9, d = 100, rho = 0.5, cap = 1000;
    fs_scenario *sc = sc_base();
    sc->pop[0][65] = N;
    sc->nchronic = 1;
    for (int a = 60; a < FS_NAGES; a++) /* the cohort ages */
        sc->chronic[0].prevalence.v[a] = p;
    sc->chronic[0].cost = (fs_costdist){FS_DIST_GAMMA, 1200, 0.8};
    fsi_param_scalar(&sc->chronic[0].in_scope, s);
    fsi_param_scalar(&sc->chronic[0].deductible, d);
    fsi_param_scalar(&sc->chronic[0].ratio, rho);
    fsi_param_scalar(&sc->chronic[0].cap, cap);
    fs_results *res = run(sc, 0);
    double k = 1 / 0.64, th = 1200 * 0.64;
    double want = N * p * rho * s * (gamma_lev(k, th, d / s + cap / (rho * s)) - gamma_lev(k, th, d / s));
    assert_within_se(res, FS_M_SPEND_CHRONIC, want, 4.0);
    fs_results_free(res);

    /* Utilization trend and inflation: frequencies x (1+trend)^(y-base),
     * costs x (1+mean) per year (sd 0); no cap, no deductible. */
    fsi_param_scalar(&sc->chronic[0].deductible, 0);
    sc->chronic[0].cap.n = 0;
    sc->years = 3;
    sc->utilization_trend = 0.1;
    sc->inflation_mean = 0.05;
    sc->base_year = 2022;
    res = run(sc, 0);
    double m3, se3;
    mean_se(res, 2, FS_M_SPEND_CHRONIC, &m3, &se3);
    double w3 = N * p * pow(1.1, 3) * rho * s * 1200 * pow(1.05, 3);
    if (!(fabs(m3 - w3) <= 4 * se3))
        fail_msg("chronic 2025: %g want %g se %g", m3, w3, se3);
    fs_results_free(res);
    free(sc);
}

/* Maternity: female enrollees 15-49 give birth ~ Bernoulli(asfr). */
static void test_maternity(void **state)
{
    (void)state;
    fs_scenario *sc = sc_base();
    sc->pop[1][30] = 5000;
    sc->pop[0][30] = 5000;
    sc->fertility_asfr[30] = 0.05;
    fsi_param_scalar(&sc->maternity.benefit, 2000);
    fs_results *res = run(sc, 0);
    assert_within_se(res, FS_M_SPEND_MATERNITY, 5000 * 0.05 * 2000, 4.0);
    fs_results_free(res);
    free(sc);
}

/* Income per capita = individual + fiscal standard; enrollment as expected. */
static void test_income_per_capita(void **state)
{
    (void)state;
    fs_scenario *sc = sc_base();
    for (int a = 0; a < FS_NAGES; a++)
        sc->pop[0][a] = sc->pop[1][a] = 50;
    fsi_param_scalar(&sc->fiscal_subsidy, 640);
    fsi_param_scalar(&sc->enroll_base_rate, 0.9);
    sc->enroll_shock_sd = 0.02;
    sc->fiscal_share[0] = 0.6;
    sc->fiscal_share[1] = 0.2;
    sc->fiscal_share[2] = 0.05;
    sc->fiscal_share[3] = 0.15;
    fs_results *res = run(sc, 0);
    for (int r = 0; r < res->rep_count; r++) {
        assert_close(*fs_results_at(res, r, 0, FS_M_PER_CAPITA_INCOME), 350 + 640, 1e-13, 0);
        double E = *fs_results_at(res, r, 0, FS_M_ENROLLEES);
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_FISCAL_CENTRAL), 0.6 * 640 * E, 1e-13, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_FISCAL_COUNTY), 0.15 * 640 * E, 1e-13, 0);
    }
    assert_within_se(res, FS_M_ENROLLEES, 0.9 * 50 * 2 * FS_NAGES, 4.0);
    fs_results_free(res);

    /* Price response: rate = base x exp(e (net - ref)/ref): 0.9 exp(-0.5 x 0.2). */
    fsi_param_scalar(&sc->tier[0].contribution, 420);
    fsi_param_scalar(&sc->enroll_reference_price, 350);
    sc->enroll_elasticity = -0.5;
    res = run(sc, 0);
    assert_within_se(res, FS_M_ENROLLEES, 0.9 * exp(-0.1) * 50 * 2 * FS_NAGES, 4.0);
    fs_results_free(res);
    free(sc);
}

/* Subsidy rules on hand-worked persons. */
static void test_subsidy_rules(void **state)
{
    (void)state;
    fs_group g;
    memset(&g, 0, sizeof g);
    g.subsidy.kind = FS_SUBSIDY_PERCENT;
    fsi_param_scalar(&g.subsidy.percent, 0.9);
    assert_close(fsi_subsidy(&g, 0, 350, 350, 2023), 315, 1e-15, 0);
    assert_close(fsi_subsidy(&g, 1, 725, 350, 2023), 315, 1e-15, 0); /* base tier1 */
    g.subsidy.base = FS_SUBSIDY_BASE_OWN;
    assert_close(fsi_subsidy(&g, 1, 725, 350, 2023), 652.5, 1e-15, 0);
    /* Pengshui: a tier-2 enrollee gets 100% of the tier-1 standard. */
    fsi_param_scalar(&g.subsidy.upper_tier_percent, 1.0);
    assert_close(fsi_subsidy(&g, 1, 725, 350, 2023), 350, 1e-15, 0);
    assert_close(fsi_subsidy(&g, 0, 350, 350, 2023), 315, 1e-15, 0);
    memset(&g, 0, sizeof g);
    g.subsidy.kind = FS_SUBSIDY_FIXED;
    fsi_param_scalar(&g.subsidy.amount, 280);
    assert_close(fsi_subsidy(&g, 0, 380, 380, 2024), 280, 1e-15, 0);
    fsi_param_scalar(&g.subsidy.amount, 400);
    assert_close(fsi_subsidy(&g, 0, 380, 380, 2024), 380, 1e-15, 0); /* never above */
    g.subsidy.kind = FS_SUBSIDY_FULL;
    assert_close(fsi_subsidy(&g, 1, 725, 350, 2023), 725, 1e-15, 0);
    assert_close(fsi_subsidy(NULL, 0, 350, 350, 2023), 0, 0, 0);

    /* Through fs_run: 100 residents at age 40, 40 in a 90%-of-tier-1 group
     * paid by assistance, 20 with a fixed 50 paid by another budget. */
    fs_scenario *sc = sc_base();
    sc->replications = 2;
    sc->pop[0][40] = 100;
    sc->ngroups = 2;
    fsi_param_scalar(&sc->group[0].share, 0.4);
    sc->group[0].age_max = 100;
    sc->group[0].subsidy.kind = FS_SUBSIDY_PERCENT;
    fsi_param_scalar(&sc->group[0].subsidy.percent, 0.9);
    fsi_param_scalar(&sc->group[1].share, 0.2);
    sc->group[1].age_max = 100;
    sc->group[1].subsidy.kind = FS_SUBSIDY_FIXED;
    fsi_param_scalar(&sc->group[1].subsidy.amount, 50);
    snprintf(sc->group[1].subsidy.payer, FS_NAME_MAX, "other");
    fs_results *res = run(sc, 1);
    assert_close(*fs_results_at(res, 0, 0, FS_M_ENROLLEES), 100, 0, 0);
    assert_close(*fs_results_at(res, 0, 0, FS_M_INCOME_INDIVIDUAL), 35000, 1e-15, 0);
    assert_close(*fs_results_at(res, 0, 0, FS_M_ASSIST_CONTRIB_SUBSIDY), 40 * 315, 1e-15, 0);
    assert_close(*fs_results_at(res, 0, 0, FS_M_OTHER_CONTRIB_SUBSIDY), 20 * 50, 1e-15, 0);
    assert_close(*fs_results_at(res, 0, 0, FS_M_INCOME_INDIVIDUAL_RESIDENT),
                 35000 - 12600 - 1000, 1e-15, 0);
    /* The group table: 40, 20 and the 40 ordinary residents, one tier. */
    assert_int_equal(res->ngroups_out, 3);
    assert_int_equal(res->ntiers_out, 1);
    assert_close(*fs_results_gat(res, 0, 0, 0, 0, FS_GQ_ENROLLEES), 40, 0, 0);
    assert_close(*fs_results_gat(res, 0, 0, 1, 0, FS_GQ_ENROLLEES), 20, 0, 0);
    assert_close(*fs_results_gat(res, 0, 0, 2, 0, FS_GQ_ENROLLEES), 40, 0, 0);
    assert_close(*fs_results_gat(res, 0, 0, 0, 0, FS_GQ_INCOME_INDIVIDUAL_SUBSIDY), 40 * 315,
                 1e-15, 0);
    assert_close(*fs_results_gat(res, 0, 0, 1, 0, FS_GQ_INCOME_INDIVIDUAL_SUBSIDY), 20 * 50,
                 1e-15, 0);
    assert_close(*fs_results_gat(res, 0, 0, 2, 0, FS_GQ_INCOME_INDIVIDUAL_SUBSIDY), 0, 0, 0);
    assert_close(*fs_results_gat(res, 0, 0, 2, 0, FS_GQ_INCOME_INDIVIDUAL), 40 * 350, 1e-15, 0);
    fs_results_free(res);

    /* Two tiers (half each, by systematic rounding exactly 20/20 of 40):
     * the tier-2 enrollees of the group get 100% of tier 1. */
    sc->ntiers = 2;
    fsi_param_scalar(&sc->tier[0].choice_share, 0.5);
    fsi_param_scalar(&sc->tier[1].choice_share, 0.5);
    fsi_param_scalar(&sc->tier[1].contribution, 725);
    fsi_param_scalar(&sc->group[0].subsidy.upper_tier_percent, 1.0);
    sc->ngroups = 1;
    res = run(sc, 1);
    assert_close(*fs_results_at(res, 0, 0, FS_M_ASSIST_CONTRIB_SUBSIDY), 20 * 315 + 20 * 350,
                 1e-15, 0);
    assert_close(*fs_results_at(res, 0, 0, FS_M_INCOME_INDIVIDUAL), 50 * 350 + 50 * 725, 1e-15, 0);
    assert_int_equal(res->ngroups_out, 2);
    assert_int_equal(res->ntiers_out, 2);
    assert_close(*fs_results_gat(res, 0, 0, 0, 1, FS_GQ_ENROLLEES), 20, 0, 0);
    assert_close(*fs_results_gat(res, 0, 0, 0, 1, FS_GQ_INCOME_INDIVIDUAL_SUBSIDY), 20 * 350,
                 1e-15, 0);
    assert_close(*fs_results_gat(res, 0, 0, 0, 1, FS_GQ_INCOME_INDIVIDUAL), 20 * 725, 1e-15, 0);
    fs_results_free(res);
    free(sc);
}

/* Critical illness: deductible halved, +5 points and no cap for a group. */
static void test_ci_rules(void **state)
{
    (void)state;
    const double up[2] = {50000, HUGE_VAL}, ra[2] = {0.6, 0.7};
    assert_close(fsi_ci_benefit(50000, 16901, up, ra, 2, 0, 400000), 0.6 * 33099, 1e-14, 0);
    assert_close(fsi_ci_benefit(50000, 16901 * 0.5, up, ra, 2, 0.05, HUGE_VAL), 0.65 * 41549.5, 1e-14, 0);
    assert_close(fsi_ci_benefit(1e6, 16901, up, ra, 2, 0, 400000), 400000, 0, 0);
    assert_close(fsi_ci_benefit(1e6, 8450.5, up, ra, 2, 0.05, HUGE_VAL), 32500 + 0.75 * 941549.5, 1e-14, 0);
    assert_close(fsi_ci_benefit(10000, 16901, up, ra, 2, 0, 400000), 0, 0, 0);
    assert_close(fsi_assist_benefit(150000, 3000, 0.7, 60000), 60000, 0, 0);
    assert_close(fsi_assist_benefit(20000, 3000, 0.7, 60000), 11900, 1e-14, 0);
}

/* Deterministic persons: a chronic programme held by everyone with a
 * constant cost (gamma, cv 0) of 60000, ratio 0.5, counting for CI. */
static fs_scenario *sc_ci(double cost)
{
    fs_scenario *sc = sc_base();
    sc->replications = 2;
    sc->pop[0][40] = 200;
    sc->nchronic = 1;
    for (int a = 0; a < FS_NAGES; a++)
        sc->chronic[0].prevalence.v[a] = 1.0;
    sc->chronic[0].cost = (fs_costdist){FS_DIST_GAMMA, cost, 0.0};
    fsi_param_scalar(&sc->chronic[0].ratio, 0.5);
    sc->chronic[0].counts_for_ci = 1;
    sc->ngroups = 1;
    fs_group *g = &sc->group[0];
    fsi_param_scalar(&g->share, 0.5);
    g->age_max = 100;
    fsi_param_scalar(&g->ci.deductible_factor, 0.5);
    fsi_param_scalar(&g->ci.ratio_add, 0.05);
    g->ci.no_cap = 1;
    g->assist.eligible = 1;
    fsi_param_scalar(&g->assist.ratio, 0.7);
    fsi_param_scalar(&g->assist.threshold, 3000);
    fsi_param_scalar(&g->assist.cap, 60000);
    sc->ci.enabled = 1;
    fsi_param_scalar(&sc->ci.premium, 60);
    fsi_param_scalar(&sc->ci.deductible, 16901);
    sc->ci.nbands = 2;
    fsi_param_scalar(&sc->ci.band[0].upto, 50000);
    fsi_param_scalar(&sc->ci.band[0].ratio, 0.6);
    fsi_param_scalar(&sc->ci.band[1].upto, HUGE_VAL);
    fsi_param_scalar(&sc->ci.band[1].ratio, 0.7);
    fsi_param_scalar(&sc->ci.cap, 400000);
    fsi_param_scalar(&sc->ci.corridor_share, 0.5);
    fsi_param_scalar(&sc->ci.corridor_band, 0.05);
    fsi_param_scalar(&sc->assist.alert_line, 12000);
    return sc;
}

static void test_ci_assistance_engine(void **state)
{
    (void)state;
    fs_scenario *sc = sc_ci(60000);
    fs_results *res = run(sc, 1);
    double ci_o = 0.6 * (30000 - 16901), ci_g = 0.65 * (30000 - 8450.5);
    double as_g = 0.7 * (30000 - ci_g - 3000);
    double ci = 100 * (ci_o + ci_g);
#define AT0(m) (*fs_results_at(res, 0, 0, FS_M_##m))
    assert_close(AT0(SPEND_CHRONIC), 200 * 30000, 1e-14, 0);
    assert_close(AT0(CI_BENEFITS), ci, 1e-13, 0);
    assert_close(AT0(SPEND_CRITICAL_PREMIUM), 12000, 1e-14, 0);
    assert_close(AT0(CI_LOSS_RATIO), ci / 12000, 1e-13, 0);
    assert_close(AT0(CI_CORRIDOR), -0.5 * (ci - 1.05 * 12000), 1e-13, 0);
    assert_close(AT0(ASSIST_BENEFITS), 100 * as_g, 1e-13, 0);
    assert_close(AT0(PERSONS_AT_RISK), 100, 0, 0); /* ordinary: 22140.6 > 12000 */
    assert_close(AT0(OOP_MEAN), (100 * (30000 - ci_o) + 100 * (30000 - ci_g - as_g)) / 200, 1e-13, 0);
    fs_results_free(res);

    /* Assistance 70% above 3000, capped at 60000 (CI off). */
    fs_scenario *sc2 = sc_ci(300000);
    sc2->ci.enabled = 0;
    res = run(sc2, 1);
    assert_close(AT0(ASSIST_BENEFITS), 100 * 60000, 1e-14, 0);
    assert_close(AT0(ASSIST_TOTAL), 100 * 60000, 1e-14, 0);
    fs_results_free(res);

    /* CI cap for ordinary residents, none for the group. */
    sc2->ci.enabled = 1;
    sc2->chronic[0].cost.mean = 2e6;
    res = run(sc2, 1);
    double cig = 0.65 * 50000 + 0.75 * (1e6 - 8450.5 - 50000);
    assert_close(AT0(CI_BENEFITS), 100 * 400000 + 100 * cig, 1e-13, 0);
    fs_results_free(res);
#undef AT0
    free(sc);
    free(sc2);
}

/* Issue 2: a dated band ratio is resolved per year: a year map of the
 * first CI band's ratio changes the CI benefit from that year on. */
static void test_ci_dated_band(void **state)
{
    (void)state;
    fs_scenario *sc = sc_ci(60000);
    sc->years = 2;
    fs_param *r = &sc->ci.band[0].ratio;
    r->n = 2;
    r->year[0] = 2023;
    r->value[0] = 0.6;
    r->year[1] = 2024;
    r->value[1] = 0.7;
    fs_results *res = run(sc, 1);
    const double xo = 30000 - 16901, xg = 30000 - 8450.5;
    for (int rep = 0; rep < res->rep_count; rep++) {
        assert_close(*fs_results_at(res, rep, 0, FS_M_CI_BENEFITS),
                     100 * (0.6 * xo + 0.65 * xg), 1e-13, 0);
        assert_close(*fs_results_at(res, rep, 1, FS_M_CI_BENEFITS),
                     100 * (0.7 * xo + 0.75 * xg), 1e-13, 0);
    }
    fs_results_free(res);
    free(sc);
}

/* Management rules: 1000 residents aged 40, inpatient care only (no
 * deductible, no cap), spending (about 560 per enrollee) above income (350). */
static fs_scenario *sc_mgmt(void)
{
    fs_scenario *sc = sc_base();
    sc->years = 4;
    sc->replications = 4;
    sc->pop[0][40] = 1000;
    sc->inpatient.nlevels = 1;
    for (int a = 0; a < FS_NAGES; a++)
        sc->inpatient.admission_rate[0].v[a] = sc->inpatient.admission_rate[1].v[a] = 0.2;
    fsi_param_scalar(&sc->inpatient.level[0].share, 1.0);
    sc->inpatient.level[0].cost = (fs_costdist){FS_DIST_LOGNORMAL, 5000, 1.0};
    fsi_param_scalar(&sc->inpatient.level[0].in_scope, 0.8);
    fsi_param_scalar(&sc->inpatient.level[0].deductible, 0);
    fsi_param_scalar(&sc->inpatient.level[0].ratio, 0.7);
    return sc;
}

static double clampk(double k, double lo, double hi)
{
    return k < lo ? lo : (k > hi ? hi : k);
}

/* benefit_ratio: k_y = clamp(k_{y-1} (1 + gain (S/I_{y-1} - target)), min, max),
 * checked replication by replication against the same run under `fixed`
 * (common random numbers: spending is linear in the ratio here). */
static void test_rule_benefit_ratio(void **state)
{
    (void)state;
    fs_scenario *sc = sc_mgmt();
    fs_results *fx = run(sc, 1);
    sc->rule = FS_RULE_BENEFIT_RATIO;
    fsi_param_scalar(&sc->mrule.gain, 0.1); /* target, min, max: defaults 0.03, 0.8, 1.1 */
    fs_results *br = run(sc, 2);
#define V(res, r, y, m) (*fs_results_at(res, r, y, FS_M_##m))
    for (int r = 0; r < br->rep_count; r++) {
        assert_true(V(br, r, 0, SURPLUS_RATE) < 0.0);
        assert_true(V(br, r, 0, SPEND_INPATIENT) == V(fx, r, 0, SPEND_INPATIENT));
        double k = 1.0;
        for (int y = 1; y < br->years; y++) {
            k = clampk(k * (1.0 + 0.1 * (V(br, r, y - 1, SURPLUS_RATE) - 0.03)), 0.8, 1.1);
            if (y == 1)
                assert_true(k < 1.0 && k > 0.8);
            assert_close(V(br, r, y, SPEND_INPATIENT), k * V(fx, r, y, SPEND_INPATIENT), 1e-12,
                         0);
            assert_close(V(br, r, y, EFFECTIVE_RATIO_INPATIENT), 0.7 * k, 1e-12, 0);
        }
    }
    fs_results_free(br);
    /* A strong gain hits min_factor. */
    fsi_param_scalar(&sc->mrule.gain, 1.0);
    br = run(sc, 1);
    for (int r = 0; r < br->rep_count; r++)
        assert_close(V(br, r, 1, SPEND_INPATIENT), 0.8 * V(fx, r, 1, SPEND_INPATIENT), 1e-12, 0);
    /* Byte-identical across thread counts. */
    fs_results *b2 = run(sc, 3);
    assert_memory_equal(br->values, b2->values,
                        (size_t)br->rep_count * (size_t)br->years * FS_M_COUNT * sizeof(double));
    fs_results_free(b2);
    fs_results_free(br);
    fs_results_free(fx);
    free(sc);
}

/* contribution: the reserve is below min_months at the end of 2023, so the
 * standard rises by step in 2025 (decided in 2024, collected in autumn 2024);
 * again in 2026 (reserve low at the end of 2024).  A large reserve lowers
 * the adjustment, never below the scenario's own standard. */
static void test_rule_contribution(void **state)
{
    (void)state;
    fs_scenario *sc = sc_mgmt();
    sc->rule = FS_RULE_CONTRIBUTION; /* step: default 30 */
    fs_results *res = run(sc, 2);
    const double want[4] = {350, 350, 380, 410};
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(V(res, r, 0, PROB_RESERVE_LOW) == 1.0 && V(res, r, 1, PROB_RESERVE_LOW) == 1.0);
        for (int y = 0; y < 4; y++)
            assert_close(V(res, r, y, INCOME_INDIVIDUAL) / V(res, r, y, ENROLLEES), want[y],
                         1e-14, 0);
    }
    fs_results_free(res);
    fsi_param_scalar(&sc->mrule.step, 50);
    fsi_param_scalar(&sc->initial_balance, 1e9);
    res = run(sc, 1);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < 4; y++) {
            assert_true(V(res, r, y, PROB_RESERVE_HIGH) == 1.0);
            assert_close(V(res, r, y, INCOME_INDIVIDUAL) / V(res, r, y, ENROLLEES), 350, 1e-14,
                         0);
        }
    fs_results_free(res);
    /* Subsidies follow the adjusted standard: a fully subsidised group. */
    fsi_param_scalar(&sc->initial_balance, 0);
    sc->ngroups = 1;
    fsi_param_scalar(&sc->group[0].share, 0.5);
    sc->group[0].age_max = 100;
    sc->group[0].subsidy.kind = FS_SUBSIDY_FULL;
    res = run(sc, 1);
    for (int r = 0; r < res->rep_count; r++) {
        double E = V(res, r, 2, ENROLLEES);
        assert_close(V(res, r, 2, INCOME_INDIVIDUAL), E * 400, 1e-14, 0);
        assert_close(V(res, r, 2, ASSIST_CONTRIB_SUBSIDY), 500 * 400, 1e-14, 0);
    }
    fs_results_free(res);
#undef V
    free(sc);
}

/* Bad options are refused. */
/* The first years of a run do not depend on the horizon, even when costs
 * are priced in a base year after it (the inflation path is drawn up to the
 * base year whatever the horizon). */
static void test_horizon_independent(void **state)
{
    (void)state;
    fs_scenario *sc = sc_full();
    sc->base_year = sc->start_year + 4;
    fs_run_options o;
    fs_results *a = NULL, *b = NULL;
    char err[256] = "";
    fs_run_options_init(&o);
    o.years = 2;
    assert_int_equal(fs_run(sc, &o, &a, err, sizeof err), FS_OK);
    o.years = 6;
    assert_int_equal(fs_run(sc, &o, &b, err, sizeof err), FS_OK);
    for (int r = 0; r < a->rep_count; r++)
        assert_memory_equal(fs_results_at(a, r, 0, 0), fs_results_at(b, r, 0, 0),
                            2 * FS_M_COUNT * sizeof(double));
    fs_results_free(a);
    fs_results_free(b);
    free(sc);
}

static void test_bad_options(void **state)
{
    (void)state;
    fs_scenario *sc = sc_base();
    fs_results *res = (fs_results *)1;
    fs_run_options o;
    char err[256] = "";
    fs_run_options_init(&o);
    o.first_rep = 100;
    assert_int_equal(fs_run(sc, &o, &res, err, sizeof err), FS_EUSAGE);
    assert_null(res);
    assert_true(strlen(err) > 0);
    sc->tier[0].contribution.n = 1;
    sc->tier[0].contribution.year[0] = 2025;
    assert_int_equal(fs_run(sc, NULL, &res, err, sizeof err), FS_ESCENARIO);
    assert_string_equal(fs_metric_name(FS_M_INCOME_TOTAL), "income_total");
    assert_string_equal(fs_metric_label_zh(FS_M_INCOME_TOTAL), "基金收入合计");
    free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),        cmocka_unit_test(test_identities_full),
        cmocka_unit_test(test_inpatient_closed_form), cmocka_unit_test(test_outpatient_cap),
        cmocka_unit_test(test_chronic),             cmocka_unit_test(test_maternity),
        cmocka_unit_test(test_income_per_capita),   cmocka_unit_test(test_subsidy_rules),
        cmocka_unit_test(test_ci_rules),            cmocka_unit_test(test_ci_assistance_engine),
        cmocka_unit_test(test_ci_dated_band),      cmocka_unit_test(test_rule_benefit_ratio),
        cmocka_unit_test(test_rule_contribution),
        cmocka_unit_test(test_horizon_independent), cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
