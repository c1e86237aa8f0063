/* tests/unit/test_engine.c -- fs_run: reproducibility, identities and
 * closed forms of the benefit lines.  Every scenario is YAML text loaded
 * with fs_scenario_load_string (tests/unit/engine_fixtures.h); management
 * rules, subsidies, critical illness and assistance are in
 * test_engine_rules.c. */
#include "engine_fixtures.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

/* A scenario that uses every feature, for identities and determinism.  Its
 * population (full_population.csv: 40 + 0.3 a persons per sex at ages
 * below 90, 10 above) and mortality (full_mortality.csv: q = 0.0005
 * e^(0.085 a), x 0.8 for women, q(100) = 1) are written by the setup.
 * Fertility is the bundled census shape with TFR 1.08 (27 ages x 0.04). */
static const char FULL_YAML[] =
    "# full.yaml -- every feature; written by tests/unit/test_engine.c\n"
    "scenario: {name: test, start_year: 2023, years: 5}\n"
    "simulation: {replications: 12, seed: 20230101, mode: auto, exact_max_enrollees: 2e6,\n"
    "             sample_per_cell: 200}\n"
    "population:\n"
    "  table: full_population.csv\n"
    "  mortality: {table: full_mortality.csv, improvement: 0.01, shock_sd: 0.05}\n"
    "  fertility: {tfr: 1.08, sex_ratio_at_birth: 111.3}\n"
    "  migration: {net_rate: -0.005}\n"
    "groups:\n"
    "  - name: 特困人员\n"
    "    share: 0.02\n"
    "    enrollment_rate: 1.0\n"
    "    price_sensitive: false\n"
    "    subsidy: {type: full}\n"
    "    critical_illness: {deductible_factor: 0.5, ratio_add: 0.05, no_cap: true}\n"
    "    assistance: {ratio: 0.7, threshold_income_share: 0.1, cap: 60000}\n"
    "    no_waiting_period: true\n"
    "  - name: 低保对象\n"
    "    share: 0.05\n"
    "    subsidy: {type: fixed, amount: 280, payer: other}\n"
    "    assistance: {ratio: 0.6, threshold: 3000}\n"
    "  - name: 低保边缘户\n"
    "    share: 0.03\n"
    "    subsidy: {type: percent, percent: 0.7, upper_tier_percent: 1.0}\n"
    "  - name: 大学生\n"
    "    share: 0.3\n"
    "    ages: [18, 22]\n"
    "    contribution: [320, 695]\n"
    "    tier_shares: [0.95, 0.05]\n"
    "tiers:\n"
    "  - {name: 一档, contribution: {2023: 350, 2024: 380, growth: 20/year}, choice_share: 0.8,\n"
    "     outpatient_cap: 300}\n"
    "  - {name: 二档, contribution: 725, choice_share: 0.2, outpatient_cap: 500,\n"
    "     outpatient_ratio: 0.6, inpatient_ratio_add: 0.05}\n"
    "enrollment: {base_rate: 0.95, elasticity: -0.5, shock_sd: 0.01, newborn_rate: 0.9,\n"
    "             late_share: 0.05}\n"
    "financing:\n"
    "  fiscal_subsidy: {2023: 640, growth: 30/year}\n"
    "  fiscal_shares: {central: 0.5, provincial: 0.2, city: 0.1, county: 0.2}\n"
    "  other_income: 1000\n"
    "  interest: {mean: 0.015, sd: 0.003, ar: 0.8}\n"
    "  disposable_income: {2022: 29178, growth: 5%}\n"
    "costs:\n"
    "  base_year: 2022\n"
    "  inflation: {mean: 0.05, sd: 0.02, ar: 0.5}\n"
    "  utilization: {trend: 0.01, shock_sd: 0.03}\n"
    "benefits:\n"
    "  outpatient:\n"
    "    use_rate: {0: 0.4, 60: 0.7}\n"
    "    cost: {dist: lognormal, mean: 400, cv: 1.2}\n"
    "    deductible: 20\n"
    "    item_classes: [{name: 甲类, share: 0.6, ratio: 0.55}, {name: 乙类, share: 0.4, ratio: 0.45}]\n"
    "    cap: 250\n"
    "    account_share_cap: 0.08\n"
    "  chronic:\n"
    "    - {name: 两病, prevalence: {0: 0.0, 35: 0.2}, cost: {dist: gamma, mean: 1200, cv: 0.8},\n"
    "       in_scope: 0.9, ratio: 0.5, cap: 1000}\n"
    "    - {name: 门诊特病, prevalence: {0: 0.01, 50: 0.05},\n"
    "       cost: {dist: lognormal, mean: 20000, cv: 1.0}, deductible: 500, ratio: 0.7,\n"
    "       excludes_general_outpatient: true, counts_for_critical_illness: true}\n"
    "  inpatient:\n"
    "    admission_rate: {male: {0: 0.08, 60: 0.3}, female: {0: 0.1, 60: 0.25}}\n"
    "    levels:\n"
    "      - {name: 乡镇卫生院, share: 0.3, cost: {dist: lognormal, mean: 3623, cv: 0.8},\n"
    "         in_scope: 0.9, deductible: 200, ratio: 0.85}\n"
    "      - {name: 县级医院, share: 0.45, cost: {dist: lognormal, mean: 6626, cv: 1.0},\n"
    "         in_scope: 0.85, deductible: 500, ratio: 0.75}\n"
    "      - {name: 县外医院, share: 0.25, cost: {dist: lognormal, mean: 13942, cv: 1.2},\n"
    "         in_scope: 0.8, deductible: 1000, ratio: 0.6}\n"
    "    annual_cap: 150000\n"
    "  maternity: {benefit: 2000}\n"
    "critical_illness:\n"
    "  premium: 60\n"
    "  deductible: 16901\n"
    "  bands: [{upto: 50000, ratio: 0.6}, {upto: .inf, ratio: 0.7}]\n"
    "  cap: 400000\n"
    "  corridor: {share: 0.5, band: 0.05}\n"
    "assistance: {alert_line: 12000}\n"
    "fund: {initial_balance: 2e6, management: topup}\n";

/* The suite's files: the quiet base (fx_setup_dir), full.yaml and its
 * data, and one-cell age structures for the closed forms. */
static int setup(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    double pop[2][FS_NAGES], q[2][FS_NAGES], ones[2][FS_NAGES];
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            pop[s][a] = a < 90 ? 40.0 + 0.3 * a : 10.0;
            q[s][a] = a == FS_MAX_AGE ? 1.0 : 0.0005 * exp(0.085 * a) * (s ? 0.8 : 1);
            if (q[s][a] > 1)
                q[s][a] = 1;
            ones[s][a] = 1.0;
        }
    fx_write_table("full_population.csv", pop);
    fx_write_table("full_mortality.csv", q);
    fx_write("full.yaml", FULL_YAML);
    fx_write_table("uniform.csv", ones);
    fx_write_cell("male40.csv", 0, 40, 1.0);
    fx_write_cell("female30.csv", 1, 30, 1.0);
    fx_write_cell("male65.csv", 0, 65, 1.0);
    double both30[2][FS_NAGES];
    memset(both30, 0, sizeof both30);
    both30[0][30] = both30[1][30] = 1.0;
    fx_write_table("both30.csv", both30);
    return 0;
}

/* Results do not depend on the thread count, repeat runs, or slicing. */
static void test_reproducible(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load("extends: full.yaml\n");
    fs_results *a = fx_run(sc, 1), *b = fx_run(sc, 2), *c = fx_run(sc, 2);
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
    fs_scenario_free(sc);
}

#define AT(m) (*fs_results_at(res, r, y, FS_M_##m))

/* Every line is used in every replication-year of the full scenario; the
 * summary has ordered percentiles and se = sd / sqrt(12). */
static void check_lines_and_summary(const fs_results *res)
{
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
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
}

/* The check is not vacuous: a balance that does not start from the
 * scenario's initial balance (2e6 in full.yaml), a line that does not add
 * up, or a group table that does not add up to the fund, fails. */
static void check_identities_fail(fs_results *res)
{
    char ierr[512] = "";
    assert_close(res->initial_balance, 2e6, 0, 0);
    res->initial_balance += 1000.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
    assert_non_null(strstr(ierr, "initial balance"));
    res->initial_balance -= 1000.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    *fs_results_at(res, 1, 1, FS_M_SPEND_INPATIENT) += 1.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
    *fs_results_at(res, 1, 1, FS_M_SPEND_INPATIENT) -= 1.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    /* Every quantity of the group table is in some identity: a sum over
     * groups and tiers, or one within the group and tier. */
    for (int k = 0; k < FS_GQ_COUNT; k++) {
        *fs_results_gat(res, 2, 1, 0, res->ntiers_out - 1, (fs_group_quantity)k) += 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
        assert_true(strstr(ierr, "sum over groups and tiers") ||
                    strstr(ierr, res->group_names[0]));
        *fs_results_gat(res, 2, 1, 0, res->ntiers_out - 1, (fs_group_quantity)k) -= 1.0;
    }
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    /* A value that is not finite, or so large its square overflows, is an
     * input too large (FS_ENUMERIC naming the metric and the likely input),
     * not an identity violated (issue 13, D8). */
    const double huge[] = {INFINITY, NAN, -1e200};
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        double keep = *fs_results_at(res, 1, 1, FS_M_OOP_MEAN);
        *fs_results_at(res, 1, 1, FS_M_OOP_MEAN) = huge[i];
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_ENUMERIC);
        assert_non_null(strstr(ierr, "oop_mean is"));
        assert_non_null(strstr(ierr, "too large for the arithmetic: look at a cost's mean or cv"));
        *fs_results_at(res, 1, 1, FS_M_OOP_MEAN) = keep;
        keep = *fs_results_gat(res, 2, 0, 0, 0, FS_GQ_COST_TOTAL);
        *fs_results_gat(res, 2, 0, 0, 0, FS_GQ_COST_TOTAL) = huge[i];
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_ENUMERIC);
        assert_non_null(strstr(ierr, "group table"));
        *fs_results_gat(res, 2, 0, 0, 0, FS_GQ_COST_TOTAL) = keep;
    }
    double keep = *fs_results_at(res, 0, 0, FS_M_ENROLLEES);
    *fs_results_at(res, 0, 0, FS_M_ENROLLEES) = INFINITY;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_ENUMERIC);
    assert_non_null(strstr(ierr, "look at population"));
    *fs_results_at(res, 0, 0, FS_M_ENROLLEES) = keep;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
}

/* The group summary: ordered percentiles; a paired difference of a run
 * with itself is zero in every cell. */
static void check_group_summary(const fs_results *res)
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

/* Every identity on every replication of a scenario with every feature,
 * plus sanity of the lines and of the summary. */
static void test_identities_full(void **state)
{
    (void)state;
    fs_results *res = FX_RUN_YAML(0, "extends: full.yaml\n"
                                     "fund: {management: fixed}\n");
    check_lines_and_summary(res);
    check_identities_fail(res);
    check_group_summary(res);
    fs_results_free(res);

    /* Top-up: no deficit, the top-up is the deficit it covers. */
    res = FX_RUN_YAML(0, "extends: full.yaml\n"
                         "financing: {fiscal_subsidy: 100}\n");
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

    /* A separate outpatient account, both ways of meeting a shortfall, in
     * exact and sample mode (fx_run checks every identity); the account
     * can pay in some replication-years and not in others. */
    static const char *const acct[] = {
        "{income_share: 0.07, initial_balance: 1e5}",
        "{per_enrollee: {2023: 80, growth: 3%}, when_short: main_fund}"};
    for (int k = 0; k < 2; k++)
        for (int s = 0; s < 2; s++) {
            res = FX_RUN_YAML(0,
                              "extends: full.yaml\n"
                              "simulation: {mode: %s, sample_per_cell: 5}\n"
                              "benefits: {outpatient: {account: %s}}\n",
                              s ? "sample" : "exact", acct[k]);
            int bound = 0;
            for (int r = 0; r < res->rep_count; r++)
                for (int y = 0; y < res->years; y++)
                    bound += AT(OUTPATIENT_ACCOUNT_BOUND) == 1.0;
            assert_true(bound > 0 && bound < res->rep_count * res->years);
            fs_results_free(res);
        }

    /* Sample mode holds the identities as well. */
    res = FX_RUN_YAML(0, "extends: full.yaml\n"
                         "simulation: {mode: sample, sample_per_cell: 5}\n"
                         "financing: {fiscal_subsidy: 100}\n");
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    fs_results_free(res);
}
#undef AT

/* One cell: N persons, Poisson(lambda) admissions, lognormal cost,
 * in-scope share s, deductible d, ratio rho, no cap:
 * E[spend] = N lambda rho s E[(X - d/s)+].  N men aged 40, the only ones
 * admitted (lambda 0 at other ages). */
static fs_scenario *sc_inpatient(double N, int reps, const char *mode, int spc, double d,
                                 double rho)
{
    return fx_load("extends: quiet.yaml\n"
                   "simulation: {replications: %d, mode: %s, sample_per_cell: %d}\n"
                   "population: {total: %g, structure: male40.csv}\n"
                   "benefits:\n"
                   "  inpatient:\n"
                   "    admission_rate: {0: 0, 40: 0.2, 41: 0}\n"
                   "    levels: [{name: 县级医院, share: 1.0,\n"
                   "              cost: {dist: lognormal, mean: 5000, cv: 1.0},\n"
                   "              in_scope: 0.8, deductible: %g, ratio: %g}]\n",
                   reps, mode, spc, N, d, rho);
}

static void test_inpatient_closed_form(void **state)
{
    (void)state;
    const double N = 2000, lam = 0.2, s = 0.8, d = 500, rho = 0.7;
    fs_results *res = fx_run_free(sc_inpatient(N, 100, "exact", 200, d, rho), 0);
    double mu, sigma;
    fsi_lognormal_params(5000, 1.0, &mu, &sigma);
    double ex = 5000.0 - fsi_lognormal_lev(mu, sigma, d / s);
    fx_assert_within_se(res, FS_M_SPEND_INPATIENT, N * lam * rho * s * ex, 4.0);
    fs_results_free(res);

    /* Sample mode (50 of 2000 persons, weight 40) is unbiased. */
    res = fx_run_free(sc_inpatient(N, 400, "sample", 50, d, rho), 0);
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    assert_true(res->enrollee_years == 400.0 * 50.0);
    fx_assert_within_se(res, FS_M_SPEND_INPATIENT, N * lam * rho * s * ex, 4.0);
    fs_results_free(res);

    /* Common random numbers: with d = 0 and no cap, spending is rho x
     * in-scope cost, so two ratios give spending in the ratio of the ratios,
     * replication by replication. */
    res = fx_run_free(sc_inpatient(N, 20, "exact", 200, 0, 0.7), 0);
    fs_results *r2 = fx_run_free(sc_inpatient(N, 20, "exact", 200, 0, 0.6), 0);
    for (int r = 0; r < 20; r++) {
        assert_close(*fs_results_at(r2, r, 0, FS_M_SPEND_INPATIENT),
                     *fs_results_at(res, r, 0, FS_M_SPEND_INPATIENT) * 6.0 / 7.0, 1e-12, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_EFFECTIVE_RATIO_INPATIENT), 0.7, 1e-12, 0);
    }
    fs_results_free(res);
    fs_results_free(r2);
}

/* Outpatient with a deductible and a cap:
 * E[min(c, rho (X - d)+)] = rho (LEV(d + c/rho) - LEV(d)); users ~ Bernoulli(p).
 * N women aged 30, the only ones using outpatient care. */
static fs_scenario *sc_outpatient(double N, double p, double d, double rho, double c,
                                  const char *account_cap)
{
    return fx_load("extends: quiet.yaml\n"
                   "population: {total: %g, structure: female30.csv}\n"
                   "benefits:\n"
                   "  outpatient:\n"
                   "    use_rate: {0: 0, 30: %g, 31: 0}\n"
                   "    cost: {dist: lognormal, mean: 400, cv: 1.2}\n"
                   "    deductible: %g\n"
                   "    ratio: %g\n"
                   "    cap: %g\n"
                   "%s",
                   N, p, d, rho, c, account_cap);
}

static void test_outpatient_cap(void **state)
{
    (void)state;
    const double N = 3000, p = 0.6, d = 50, rho = 0.5, c = 150;
    fs_results *res = fx_run_free(sc_outpatient(N, p, d, rho, c, ""), 0);
    double mu, sigma;
    fsi_lognormal_params(400, 1.2, &mu, &sigma);
    double want = N * p * rho * (fsi_lognormal_lev(mu, sigma, d + c / rho) - fsi_lognormal_lev(mu, sigma, d));
    fx_assert_within_se(res, FS_M_SPEND_OUTPATIENT, want, 4.0);
    fs_results_free(res);

    /* The account cap binds: outpatient spending = 8% of income. */
    res = fx_run_free(sc_outpatient(N, p, d, rho, c, "    account_share_cap: 0.08\n"), 0);
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(*fs_results_at(res, r, 0, FS_M_OUTPATIENT_ACCOUNT_BOUND) == 1.0);
        assert_close(*fs_results_at(res, r, 0, FS_M_SPEND_OUTPATIENT),
                     0.08 * *fs_results_at(res, r, 0, FS_M_INCOME_TOTAL), 1e-12, 0);
    }
    fs_results_free(res);
}

/* The separate outpatient account over three years, by hand.  1,000 men
 * aged 40 (nobody dies or is born), every one a user with a cost of about
 * 4,000 (cv 0.01: never below 400), so each gets the cap, min(175, 0.5 x
 * (X - 50)) = 175: 175,000 a year.  Income
 * 350 x 1,000 plus interest at 2%.  The fund opens with 100,000, of which
 * 20,000 in the account; the account is credited 150, 220, 150 yuan per
 * enrollee.
 *   2023: account interest 400, credit 150,000: it holds 170,400 < 175,000
 *         and pays all of it (bound), ending at 0.  The rest's interest is
 *         2% x 80,000 = 1,600.  scale: 4,600 cut, spend 170,400, surplus
 *         181,600, balance 281,600; main_fund: the rest pays 4,600, spend
 *         175,000, surplus 177,000, balance 277,000.
 *   2024: no interest, credit 220,000: pays 175,000, keeps 45,000.  The
 *         rest earns 2% of 281,600 (scale) or 277,000 (main_fund).
 *   2025: interest 900, credit 150,000: holds 195,900, pays 175,000, keeps
 *         20,900. */
static const char ACCOUNT_YAML[] =
    "extends: quiet.yaml\n"
    "scenario: {years: 3}\n"
    "simulation: {replications: 3}\n"
    "population: {total: 1000, structure: male40.csv}\n"
    "financing: {interest: {mean: 0.02, sd: 0}}\n"
    "benefits:\n"
    "  outpatient:\n"
    "    use_rate: 1\n"
    "    cost: {dist: lognormal, mean: 4000, cv: 0.01}\n"
    "    deductible: 50\n"
    "    ratio: 0.5\n"
    "    cap: 175\n"
    "    account:\n"
    "      per_enrollee: {2023: 150, 2024: 220, 2025: 150}\n"
    "      initial_balance: 20000\n"
    "      when_short: %s\n"
    "fund: {initial_balance: 100000}\n";

static void test_outpatient_account_recursion(void **state)
{
    (void)state;
    /* Per year: account income, interest, spend, balance; main spend; the
     * fund's interest, spend, balance; outpatient_account_bound. */
    static const double want[2][3][9] = {
        {{150400, 400, 170400, 0, 0, 2000, 170400, 281600, 1},
         {220000, 0, 175000, 45000, 0, 5632, 175000, 462232, 0},
         {150900, 900, 175000, 20900, 0, 9244.64, 175000, 646476.64, 0}},
        {{150400, 400, 170400, 0, 4600, 2000, 175000, 277000, 1},
         {220000, 0, 175000, 45000, 0, 5540, 175000, 457540, 0},
         {150900, 900, 175000, 20900, 0, 9150.8, 175000, 641690.8, 0}}};
    static const fs_metric m[9] = {
        FS_M_OUTPATIENT_ACCOUNT_INCOME, FS_M_OUTPATIENT_ACCOUNT_INTEREST,
        FS_M_OUTPATIENT_ACCOUNT_SPEND,  FS_M_OUTPATIENT_ACCOUNT_BALANCE,
        FS_M_OUTPATIENT_MAIN_SPEND,     FS_M_INCOME_INTEREST,
        FS_M_SPEND_OUTPATIENT,          FS_M_BALANCE,
        FS_M_OUTPATIENT_ACCOUNT_BOUND};
    static const char *const mode[2] = {"scale", "main_fund"};
    fs_results *res2[2];
    for (int k = 0; k < 2; k++) {
        fs_results *res = res2[k] = FX_RUN_YAML(0, ACCOUNT_YAML, mode[k]);
        assert_close(res->outpatient_account_initial_balance, 20000, 0, 0);
        for (int r = 0; r < res->rep_count; r++)
            for (int y = 0; y < 3; y++) {
                for (int i = 0; i < 9; i++)
                    assert_close(*fs_results_at(res, r, y, m[i]), want[k][y][i], 1e-12, 1e-9);
                assert_close(*fs_results_at(res, r, y, FS_M_MAIN_FUND_BALANCE),
                             want[k][y][7] - want[k][y][3], 1e-12, 1e-9);
                assert_close(*fs_results_at(res, r, y, FS_M_INCOME_TOTAL),
                             350000 + want[k][y][5], 1e-12, 0);
            }
        /* The check is not vacuous: the account's opening balance, its
         * balance, or its part of the outpatient spending moved fails. */
        char ierr[512] = "";
        res->outpatient_account_initial_balance += 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
        assert_non_null(strstr(ierr, "outpatient_account_balance = previous"));
        res->outpatient_account_initial_balance -= 1.0;
        *fs_results_at(res, 1, 2, FS_M_OUTPATIENT_ACCOUNT_BALANCE) += 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
        *fs_results_at(res, 1, 2, FS_M_OUTPATIENT_ACCOUNT_BALANCE) -= 1.0;
        *fs_results_at(res, 2, 1, FS_M_OUTPATIENT_MAIN_SPEND) += 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
        assert_non_null(strstr(ierr, "outpatient_main_spend"));
        *fs_results_at(res, 2, 1, FS_M_OUTPATIENT_MAIN_SPEND) -= 1.0;
        assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_OK);
    }
    /* Under scale the 4,600 cut in 2023 is paid by the residents (the same
     * persons in both runs), 4.6 yuan per enrollee; later years agree. */
    for (int r = 0; r < 3; r++)
        for (int y = 0; y < 3; y++)
            assert_close(*fs_results_at(res2[0], r, y, FS_M_OOP_MEAN) -
                             *fs_results_at(res2[1], r, y, FS_M_OOP_MEAN),
                         y == 0 ? 4.6 : 0.0, 0, 1e-9);
    fs_results_free(res2[0]);
    fs_results_free(res2[1]);

    /* A share of income with a lower ceiling: 50% of 350,000 asked, the 30%
     * of account_share_cap credited (105,000); it pays all of it. */
    fs_results *res = FX_RUN_YAML(0,
                                  "extends: quiet.yaml\n"
                                  "simulation: {replications: 2}\n"
                                  "population: {total: 1000, structure: male40.csv}\n"
                                  "benefits:\n"
                                  "  outpatient:\n"
                                  "    use_rate: 1\n"
                                  "    cost: {dist: lognormal, mean: 4000, cv: 0.01}\n"
                                  "    deductible: 50\n"
                                  "    ratio: 0.5\n"
                                  "    cap: 175\n"
                                  "    account_share_cap: 0.3\n"
                                  "    account: {income_share: 0.5}\n");
    for (int r = 0; r < res->rep_count; r++) {
        assert_close(*fs_results_at(res, r, 0, FS_M_OUTPATIENT_ACCOUNT_INCOME), 105000, 1e-15, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_SPEND_OUTPATIENT), 105000, 1e-15, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_OUTPATIENT_ACCOUNT_BALANCE), 0, 0, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_MAIN_FUND_BALANCE), 245000, 1e-15, 0);
    }
    fs_results_free(res);
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
    /* N men aged 65; prevalence p from age 60 on (the cohort ages). */
    fs_results *res = FX_RUN_YAML(0, "extends: quiet.yaml\n"
                                     "population: {total: %g, structure: male65.csv}\n"
                                     "benefits:\n"
                                     "  chronic:\n"
                                     "    - {name: 两病, prevalence: {0: 0, 60: %g},\n"
                                     "       cost: {dist: gamma, mean: 1200, cv: 0.8},\n"
                                     "       in_scope: %g, deductible: %g, ratio: %g, cap: %g}\n",
                                  N, p, s, d, rho, cap);
    double k = 1 / 0.64, th = 1200 * 0.64;
    double want = N * p * rho * s * (gamma_lev(k, th, d / s + cap / (rho * s)) - gamma_lev(k, th, d / s));
    fx_assert_within_se(res, FS_M_SPEND_CHRONIC, want, 4.0);
    fs_results_free(res);

    /* Utilization trend and inflation: frequencies x (1+trend)^(y-base),
     * costs x (1+mean) per year (sd 0); no cap, no deductible. */
    res = FX_RUN_YAML(0, "extends: quiet.yaml\n"
                         "scenario: {years: 3}\n"
                         "population: {total: %g, structure: male65.csv}\n"
                         "costs: {base_year: 2022, inflation: {mean: 0.05}, utilization: {trend: 0.1}}\n"
                         "benefits:\n"
                         "  chronic:\n"
                         "    - {name: 两病, prevalence: {0: 0, 60: %g},\n"
                         "       cost: {dist: gamma, mean: 1200, cv: 0.8},\n"
                         "       in_scope: %g, deductible: 0, ratio: %g}\n",
                      N, p, s, rho);
    double m3, se3;
    fx_mean_se(res, 2, FS_M_SPEND_CHRONIC, &m3, &se3);
    double w3 = N * p * pow(1.1, 3) * rho * s * 1200 * pow(1.05, 3);
    if (!(fabs(m3 - w3) <= 4 * se3))
        fail_msg("chronic 2025: %g want %g se %g", m3, w3, se3);
    fs_results_free(res);
}

/* Maternity: female enrollees 15-49 give birth ~ Bernoulli(asfr).  With a
 * crude birth rate b the births b x residents are spread over the women
 * 15-49: 5000 men and 5000 women aged 30, b = 0.025, so each woman gives
 * birth with probability b x 10000 / 5000 = 0.05, and
 * E[spend] = 5000 x 0.05 x benefit = b x 10000 x benefit. */
static void test_maternity(void **state)
{
    (void)state;
    const double b = 0.025, residents = 10000, benefit = 2000;
    fs_results *res = FX_RUN_YAML(0, "extends: quiet.yaml\n"
                                     "population: {total: %g, structure: both30.csv,\n"
                                     "             fertility: {crude_birth_rate: %g}}\n"
                                     "benefits: {maternity: {benefit: %g}}\n",
                                  residents, b, benefit);
    fx_assert_within_se(res, FS_M_SPEND_MATERNITY, b * residents * benefit, 4.0);
    fs_results_free(res);
}

/* Income per capita = individual + fiscal standard; enrollment as expected.
 * 50 residents in every (sex, age) cell. */
static void test_income_per_capita(void **state)
{
    (void)state;
    const char *fin = "financing:\n"
                      "  fiscal_subsidy: 640\n"
                      "  fiscal_shares: {central: 0.6, provincial: 0.2, city: 0.05, county: 0.15}\n";
    fs_results *res = FX_RUN_YAML(0, "extends: quiet.yaml\n"
                                     "population: {total: %d, structure: uniform.csv}\n"
                                     "enrollment: {base_rate: 0.9, shock_sd: 0.02}\n"
                                     "%s",
                                  50 * 2 * FS_NAGES, fin);
    for (int r = 0; r < res->rep_count; r++) {
        assert_close(*fs_results_at(res, r, 0, FS_M_PER_CAPITA_INCOME), 350 + 640, 1e-13, 0);
        double E = *fs_results_at(res, r, 0, FS_M_ENROLLEES);
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_FISCAL_CENTRAL), 0.6 * 640 * E, 1e-13, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_FISCAL_COUNTY), 0.15 * 640 * E, 1e-13, 0);
    }
    fx_assert_within_se(res, FS_M_ENROLLEES, 0.9 * 50 * 2 * FS_NAGES, 4.0);
    fs_results_free(res);

    /* Price response: rate = base x exp(e (net - ref)/ref): 0.9 exp(-0.5 x 0.2). */
    res = FX_RUN_YAML(0, "extends: quiet.yaml\n"
                         "population: {total: %d, structure: uniform.csv}\n"
                         "tiers: [{contribution: 420}]\n"
                         "enrollment: {base_rate: 0.9, shock_sd: 0.02, elasticity: -0.5,\n"
                         "             reference_price: 350}\n"
                         "%s",
                      50 * 2 * FS_NAGES, fin);
    fx_assert_within_se(res, FS_M_ENROLLEES, 0.9 * exp(-0.1) * 50 * 2 * FS_NAGES, 4.0);
    fs_results_free(res);
}

/* The first years of a run do not depend on the horizon, even when costs
 * are priced in a base year after it (the inflation path is drawn up to the
 * base year whatever the horizon). */
static void test_horizon_independent(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load("extends: full.yaml\n"
                              "costs: {base_year: 2027}\n"); /* start_year + 4 */
    fs_run_options o;
    fs_results *a = NULL, *b = NULL;
    char err[256] = "";
    fs_run_options_init(&o);
    o.years = 2;
    assert_int_equal(fs_run(sc, &o, &a, err, sizeof err), FS_OK);
    o.years = 6;
    assert_int_equal(fs_run(sc, &o, &b, err, sizeof err), FS_OK);
    for (int r = 0; r < a->rep_count; r++) {
        /* depletion_year is the one metric that names the horizon: the
         * year after it when the fund is not depleted within it. */
        double da = *fs_results_at(a, r, 0, FS_M_DEPLETION_YEAR);
        double db = *fs_results_at(b, r, 0, FS_M_DEPLETION_YEAR);
        if (da < 2023 + 2)
            assert_true(da == db);
        else
            assert_true(da == 2023 + 2 && db >= 2023 + 2);
        for (int y = 0; y < 2; y++) {
            *fs_results_at(a, r, y, FS_M_DEPLETION_YEAR) = 0.0;
            *fs_results_at(b, r, y, FS_M_DEPLETION_YEAR) = 0.0;
        }
        assert_memory_equal(fs_results_at(a, r, 0, 0), fs_results_at(b, r, 0, 0),
                            2 * FS_M_COUNT * sizeof(double));
    }
    fs_results_free(a);
    fs_results_free(b);
    fs_scenario_free(sc);
}

/* Bad options are refused.  A dated parameter without a value for a
 * simulated year (the tier contribution starting in 2025 of a run starting
 * in 2023) is refused as a scenario error: the loader checks every dated
 * parameter over the horizon, so such a scenario never reaches fs_run. */
static void test_bad_options(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load("extends: quiet.yaml\n"
                              "population: {total: 100, structure: male40.csv}\n");
    fs_results *res = (fs_results *)1;
    fs_run_options o;
    char err[256] = "";
    fs_run_options_init(&o);
    o.first_rep = 100;
    assert_int_equal(fs_run(sc, &o, &res, err, sizeof err), FS_EUSAGE);
    assert_null(res);
    assert_true(strlen(err) > 0);
    fs_scenario_free(sc);

    static const char late[] = "extends: quiet.yaml\n"
                               "population: {total: 100, structure: male40.csv}\n"
                               "tiers: [{contribution: {2025: 350}}]\n";
    fs_diags *d = fs_diags_alloc();
    sc = (fs_scenario *)1;
    assert_int_equal(fs_scenario_load_string("late.yaml", late, strlen(late), fx_dir, &sc, d),
                     FS_ESCENARIO);
    assert_null(sc);
    int found = 0;
    for (size_t i = 0; i < fs_diags_count(d); i++) {
        const fs_diag *g = fs_diags_get(d, i);
        if (g->kind == FS_DIAG_ERROR && strcmp(g->path, "tiers[0].contribution") == 0 &&
            strstr(g->msg, "no value for 2023") != NULL)
            found = 1;
    }
    if (!found)
        fx_print_diags(late, d);
    assert_true(found);
    fs_diags_free(d);
    assert_string_equal(fs_metric_name(FS_M_INCOME_TOTAL), "income_total");
    assert_string_equal(fs_metric_label_zh(FS_M_INCOME_TOTAL), "基金收入合计");
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reproducible),          cmocka_unit_test(test_identities_full),
        cmocka_unit_test(test_inpatient_closed_form), cmocka_unit_test(test_outpatient_cap),
        cmocka_unit_test(test_outpatient_account_recursion),
        cmocka_unit_test(test_chronic),               cmocka_unit_test(test_maternity),
        cmocka_unit_test(test_income_per_capita),     cmocka_unit_test(test_horizon_independent),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
