/* tests/unit/test_scenario.c -- the scenario loader: extends, defaults, validation
 * messages, limits, `show` views.  Run from the source dir (ctest does). */
#include "fs_test.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data_int.h"
#include "fundsim.h"
#include "loader_int.h"

#define GOOD "tests/scenarios/good"

/* Loads text as "t.yaml" relative to GOOD; returns rc, leaves sc and d to the caller. */
static int load_text(const char *text, fs_scenario **sc, fs_diags **d)
{
    *d = fs_diags_alloc();
    assert_non_null(*d);
    return fs_scenario_load_string("t.yaml", text, strlen(text), GOOD, sc, *d);
}

/* p resolved for `year` (fails the test if it has no value). */
static double at(const fs_param *p, int year)
{
    double v = 0.0;
    if (fsi_param_at(p, year, &v) != FS_OK)
        fail_msg("parameter has no value for %d", year);
    return v;
}

/* 1 if the formatted diagnostics include `want` exactly. */
static int has_diag(const fs_diags *d, const char *want)
{
    char buf[1600];
    for (size_t i = 0; i < fs_diags_count(d); i++)
        if (strcmp(fs_diag_format(fs_diags_get(d, i), buf, sizeof buf), want) == 0)
            return 1;
    printf("want: %s\ngot:\n", want);
    for (size_t i = 0; i < fs_diags_count(d); i++)
        printf("  %s\n", fs_diag_format(fs_diags_get(d, i), buf, sizeof buf));
    return 0;
}

static void test_strerror_and_format(void **state)
{
    (void)state;
    assert_string_equal(fs_strerror(FS_ESCENARIO), "scenario error");
    assert_string_equal(fs_strerror(FS_OK), "success");
    assert_string_equal(fs_strerror(99), "unknown error");
    fs_diag g;
    memset(&g, 0, sizeof g);
    char buf[256];
    snprintf(g.file, sizeof g.file, "scenarios/x.yaml");
    g.line = 14;
    g.column = 9;
    snprintf(g.path, sizeof g.path, "benefits.inpatient.levels[1].ratio");
    snprintf(g.msg, sizeof g.msg, "1.7 is not a share in [0,1]");
    assert_string_equal(fs_diag_format(&g, buf, sizeof buf),
                        "scenarios/x.yaml:14:9: benefits.inpatient.levels[1].ratio: 1.7 is not a "
                        "share in [0,1]");
    g.kind = FS_DIAG_WARNING;
    assert_string_equal(fs_diag_format(&g, buf, sizeof buf),
                        "scenarios/x.yaml:14:9: warning: benefits.inpatient.levels[1].ratio: 1.7 "
                        "is not a share in [0,1]");
    g.kind = FS_DIAG_NOTE;
    g.path[0] = '\0';
    g.column = 0;
    assert_string_equal(fs_diag_format(&g, buf, sizeof buf),
                        "scenarios/x.yaml:14: note: 1.7 is not a share in [0,1]");
    g.file[0] = '\0';
    g.kind = FS_DIAG_ERROR;
    assert_string_equal(fs_diag_format(&g, buf, sizeof buf), "1.7 is not a share in [0,1]");
    char tiny[8];
    fs_diag_format(&g, tiny, sizeof tiny);
    assert_string_equal(tiny, "1.7 is ");
}

static void test_extends_merge(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_int_equal(fs_scenario_load(GOOD "/child.yaml", &sc, d), FS_OK);
    assert_int_equal(fs_diags_count(d), 0);
    assert_string_equal(fs_scenario_name(sc), "child");           /* child overrides */
    assert_int_equal(fs_scenario_start_year(sc), 2023);          /* inherited sibling */
    assert_int_equal(fs_scenario_years(sc), 3);
    assert_close(sc->fiscal_share[0], 0.5, 0, 0);                /* overridden nested */
    assert_close(sc->fiscal_share[1], 0.3, 0, 0);
    assert_int_equal(sc->ntiers, 1);                             /* inherited list */
    double v;
    assert_int_equal(fsi_param_at(&sc->tier[0].contribution, 2025, &v), FS_OK);
    assert_close(v, 420, 0, 0);
    assert_int_equal(fs_scenario_file_count(sc), 2);
    assert_string_equal(fs_scenario_file(sc, 0), GOOD "/child.yaml");
    assert_string_equal(fs_scenario_file(sc, 1), GOOD "/minimal.yaml");
    assert_null(fs_scenario_file(sc, 2));
    fs_scenario_free(sc);
    fs_diags_free(d);
}

static void test_extends_chain_and_relative(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_int_equal(fs_scenario_load(GOOD "/grandchild.yaml", &sc, d), FS_OK);
    assert_string_equal(fs_scenario_name(sc), "child");
    assert_int_equal(fs_scenario_years(sc), 5);
    assert_int_equal(fs_scenario_file_count(sc), 3);
    fs_scenario_free(sc);
    fs_diags_free(d);

    /* From a string, relative to base_dir. */
    const char *text = "extends: child.yaml\nscenario: {name: mem}\n";
    assert_int_equal(load_text(text, &sc, &d), FS_OK);
    assert_string_equal(fs_scenario_name(sc), "mem");
    assert_close(sc->fiscal_share[0], 0.5, 0, 0);
    assert_string_equal(fs_scenario_file(sc, 0), "t.yaml");
    assert_string_equal(fs_scenario_file(sc, 1), GOOD "/child.yaml");
    fs_scenario_free(sc);
    fs_diags_free(d);
}

static void test_extends_cycle(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = (fs_scenario *)d; /* must be reset to NULL */
    assert_int_equal(fs_scenario_load(GOOD "/cycle_a.yaml", &sc, d), FS_ESCENARIO);
    assert_null(sc);
    assert_true(has_diag(d, GOOD "/cycle_b.yaml:1:10: extends: extends cycle: " GOOD
                               "/cycle_a.yaml -> " GOOD "/cycle_b.yaml -> " GOOD "/cycle_a.yaml"));
    fs_diags_free(d);
}

static void test_inherited_diag_names_that_file(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    const char *text = "extends: ../bad/share_out_of_range.yaml\n";
    assert_int_equal(fs_scenario_load_string("t.yaml", text, strlen(text), GOOD, &sc, d),
                     FS_ESCENARIO);
    assert_null(sc);
    assert_true(has_diag(d, "tests/scenarios/good/../bad/share_out_of_range.yaml:6:67: "
                            "benefits.inpatient.levels[0].ratio: 1.7 is not a share in [0,1]"));
    fs_diags_free(d);
}

static void test_defaults(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_int_equal(fs_scenario_load(GOOD "/minimal.yaml", &sc, d), FS_OK);
    assert_int_equal(fs_diags_count(d), 0);
    assert_int_equal(fs_scenario_replications(sc), 1000);
    assert_true(fs_scenario_seed(sc) == 20230101u);
    assert_int_equal(sc->mode, FS_MODE_AUTO);
    assert_close(sc->exact_max_enrollees, 2e6, 0, 0);
    assert_int_equal(sc->sample_per_cell, 200);
    assert_close(sc->mortality_improvement, 0.01, 0, 0);
    assert_close(sc->mortality_shock_sd, 0.0, 0, 0);
    assert_close(sc->sex_ratio_at_birth, 111.3, 0, 0);
    assert_close(sc->crude_birth_rate, 0.0, 0, 0);
    double v, sum = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            sum += sc->pop[s][a];
            assert_close(sc->mortality_q[s][a], fsi_china_qx[s][a], 0, 0);
        }
    assert_close(sum, 10000, 1e-12, 0);
    double shape = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            shape += fsi_china_pop2020[s][a];
    assert_close(sc->pop[1][40], 10000 * fsi_china_pop2020[1][40] / shape, 1e-14, 0);
    assert_close(sc->fertility_asfr[28], fsi_china_asfr_shape[28], 0, 0);
    assert_int_equal(fsi_param_at(&sc->net_migration_rate, 2023, &v), FS_OK);
    assert_close(v, 0, 0, 0);
    assert_int_equal(sc->ngroups, 0);
    assert_int_equal(sc->ntiers, 1);
    assert_string_equal(sc->tier[0].name, "一档");
    assert_int_equal(fsi_param_at(&sc->tier[0].choice_share, 2024, &v), FS_OK);
    assert_close(v, 1, 0, 0);
    assert_int_equal(fsi_param_at(&sc->enroll_base_rate, 2023, &v), FS_OK);
    assert_close(v, 0.95, 0, 0);
    assert_int_equal(fsi_param_at(&sc->newborn_rate, 2023, &v), FS_OK);
    assert_close(v, 0.95, 0, 0);
    assert_int_equal(fsi_param_at(&sc->enroll_reference_price, 2024, &v), FS_OK);
    assert_close(v, 380, 0, 0); /* the start year's tier-1 contribution, held (400 in 2024) */
    assert_close(sc->enroll_elasticity, 0, 0, 0);
    assert_close(sc->enroll_shock_sd, 0.01, 0, 0);
    assert_close(at(&sc->waiting_months, 2023), 3, 0, 0);
    assert_int_equal(fsi_param_at(&sc->late_share, 2023, &v), FS_OK);
    assert_close(v, 0, 0, 0);
    assert_close(sc->interest_mean, 0.015, 0, 0);
    assert_close(sc->interest_sd, 0, 0, 0);
    assert_close(sc->interest_ar, 0.8, 0, 0);
    assert_false(fsi_param_set(&sc->disposable_income));
    assert_close(sc->inflation_mean, 0.05, 0, 0);
    assert_close(sc->inflation_sd, 0.02, 0, 0);
    assert_close(sc->inflation_ar, 0.5, 0, 0);
    assert_close(sc->utilization_trend, 0.01, 0, 0);
    assert_close(sc->utilization_shock_sd, 0.03, 0, 0);
    assert_int_equal(sc->base_year, 2023);
    assert_int_equal(sc->outpatient.enabled, 0);
    assert_int_equal(sc->nchronic, 0);
    assert_int_equal(sc->inpatient.nlevels, 1);
    assert_int_equal(fsi_param_at(&sc->inpatient.level[0].in_scope, 2023, &v), FS_OK);
    assert_close(v, 1, 0, 0);
    assert_int_equal(fsi_param_at(&sc->inpatient.level[0].deductible, 2023, &v), FS_OK);
    assert_close(v, 0, 0, 0);
    assert_int_equal(sc->inpatient.level[0].cost.kind, FS_DIST_LOGNORMAL);
    assert_close(sc->inpatient.admission_rate[1].v[59], 0.1, 0, 0);
    assert_close(sc->inpatient.admission_rate[0].v[60], 0.25, 0, 0);
    assert_close(sc->inpatient.admission_rate[1].v[100], 0.25, 0, 0);
    /* "No limit" is the schema's default .inf, stated where it is bound. */
    assert_true(isinf(at(&sc->inpatient.annual_cap, 2023)));
    assert_int_equal(fsi_param_at(&sc->maternity.benefit, 2023, &v), FS_OK);
    assert_close(v, 0, 0, 0);
    assert_int_equal(sc->ci.enabled, 0);
    assert_true(isinf(at(&sc->assist.alert_line, 2023)));
    assert_int_equal(fsi_param_at(&sc->initial_balance, 2023, &v), FS_OK);
    assert_close(v, 0, 0, 0);
    assert_close(at(&sc->reserve_min_months, 2023), 6, 0, 0);
    assert_close(at(&sc->reserve_max_months, 2023), 15, 0, 0);
    assert_int_equal(sc->rule, FS_RULE_FIXED);
    assert_int_equal(fs_scenario_file_count(sc), 1);
    fs_scenario_free(sc);
    fs_diags_free(d);
}

static void test_group_defaults_and_values(void **state)
{
    (void)state;
    fs_scenario *sc = NULL;
    fs_diags *d;
    const char *text =
        "extends: minimal.yaml\n"
        "financing:\n  disposable_income: {2022: 29178, growth: 5%}\n"
        "groups:\n"
        "  - name: 特困人员\n    id: tekun\n    share: 0.012\n    price_sensitive: false\n"
        "    subsidy: {type: full}\n"
        "    assistance: {ratio: 0.7, threshold_income_share: 0.1, cap: 60000}\n"
        "  - name: 老人\n    share: {2023: 0.05, 2025: 0.06}\n    ages: [60, 100]\n"
        "    subsidy: {type: percent, percent: 0.5, base: own, payer: other}\n"
        "critical_illness:\n  premium: 60\n  deductible_income_share: 0.5\n  ratio: 0.6\n";
    assert_int_equal(load_text(text, &sc, &d), FS_OK);
    assert_int_equal(fs_diags_count(d), 0);
    assert_int_equal(sc->ngroups, 2);
    fs_group *g0 = &sc->group[0], *g1 = &sc->group[1];
    assert_string_equal(g0->id, "tekun");
    assert_int_equal(g0->subsidy.kind, FS_SUBSIDY_FULL);
    assert_string_equal(g0->subsidy.payer, "assistance");
    assert_int_equal(g0->subsidy.base, FS_SUBSIDY_BASE_TIER1);
    assert_int_equal(g0->price_sensitive, 0);
    assert_int_equal(g0->assist.eligible, 1);
    assert_int_equal(g0->age_min, 0);
    assert_int_equal(g0->age_max, 100);
    assert_close(at(&g0->ci.deductible_factor, 2023), 1, 0, 0);
    assert_false(fsi_param_set(&g0->enrollment_rate));
    assert_false(fsi_param_set(&g0->contribution[0]));
    assert_string_equal(g1->id, "老人"); /* default: the name */
    assert_int_equal(g1->age_min, 60);
    assert_int_equal(g1->price_sensitive, 1);
    assert_int_equal(g1->assist.eligible, 0);
    assert_int_equal(g1->subsidy.base, FS_SUBSIDY_BASE_OWN);
    assert_string_equal(g1->subsidy.payer, "other");
    double v;
    assert_int_equal(fsi_param_at(&g1->share, 2024, &v), FS_OK);
    assert_close(v, 0.05, 0, 0);
    assert_int_equal(sc->ci.enabled, 1);
    assert_int_equal(sc->ci.nbands, 1);
    assert_true(at(&sc->ci.band[0].upto, 2023) > 1e300);
    assert_close(at(&sc->ci.band[0].ratio, 2023), 0.6, 0, 0);
    assert_int_equal(fsi_param_at(&sc->disposable_income, 2024, &v), FS_OK);
    assert_close(v, 29178 * 1.05 * 1.05, 1e-14, 0);
    fs_scenario_free(sc);
    fs_diags_free(d);
}

static void test_csv_population(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_int_equal(fs_scenario_load(GOOD "/with_csv.yaml", &sc, d), FS_OK);
    double total = 0;
    for (int a = 0; a <= 100; a++)
        total += (100 + a) + (110 + a);
    assert_close(sc->pop[0][5], 10000.0 * 105 / total, 1e-14, 0);
    assert_close(sc->pop[1][100], 10000.0 * 210 / total, 1e-14, 0);
    assert_int_equal(fs_scenario_file_count(sc), 3);
    assert_string_equal(fs_scenario_file(sc, 2), GOOD "/structure.csv");
    fs_scenario_free(sc);
    fs_diags_free(d);

    const char *bad = "extends: minimal.yaml\npopulation:\n  structure: ../data/bad_structure.csv\n";
    assert_int_equal(load_text(bad, &sc, &d), FS_ESCENARIO);
    assert_null(sc);
    assert_true(has_diag(d, GOOD "/../data/bad_structure.csv:3:6: population.structure: "
                            "expected a number, got 'x'"));
    fs_diags_free(d);

    const char *missing = "extends: minimal.yaml\npopulation:\n  structure: nope.csv\n";
    assert_int_equal(load_text(missing, &sc, &d), FS_EIO);
    assert_null(sc);
    assert_true(has_diag(d, "t.yaml:3:14: population.structure: cannot read "
                            "'tests/scenarios/good/nope.csv': No such file or directory"));
    fs_diags_free(d);
}

static void test_missing_file(void **state)
{
    (void)state;
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    assert_int_equal(fs_scenario_load("tests/scenarios/none.yaml", &sc, d), FS_EIO);
    assert_null(sc);
    assert_true(has_diag(d, "tests/scenarios/none.yaml: cannot read the scenario: No such file "
                            "or directory"));
    fs_diags_free(d);
}

/* Every validation rule, with its exact message. */
static const struct {
    const char *yaml; /* appended to "extends: minimal.yaml\n" */
    const char *want;
} rules[] = {
    {"benifits: {}\n", "t.yaml:2:1: benifits: unknown key; did you mean 'benefits'?"},
    {"scenario: {nmae: x}\n", "t.yaml:2:12: scenario.nmae: unknown key; did you mean 'name'?"},
    {"fund: {zzz: 1}\n",
     "t.yaml:2:8: fund.zzz: unknown key; expected one of initial_balance, pooling, "
     "reserve_band, management, rule, target_band, shortfall_floor, deficit_shares"},
    {"scenario: {years: {a: 1}}\n",
     "t.yaml:2:19: scenario.years: expected an integer, got a mapping"},
    {"population: {total: [1]}\n",
     "t.yaml:2:21: population.total: expected a number, got a sequence"},
    {"population: {total: many}\n",
     "t.yaml:2:21: population.total: expected a number, got 'many'"},
    {"simulation: {replications: 2.5}\n",
     "t.yaml:2:28: simulation.replications: expected an integer, got '2.5'"},
    {"enrollment: {base_rate: 1.7}\n",
     "t.yaml:2:25: enrollment.base_rate: 1.7 is not a share in [0,1]"},
    {"enrollment: {base_rate: {2023: 0.9, 2024: -0.1}}\n",
     "t.yaml:2:43: enrollment.base_rate: -0.1 is not a share in [0,1]"},
    {"financing: {other_income: 5, fiscal_subsidy: -640}\n",
     "t.yaml:2:46: financing.fiscal_subsidy: -640 is negative; expected a value >= 0"},
    {"population: {total: -1}\n",
     "t.yaml:2:21: population.total: -1 is negative; expected a value >= 0"},
    {"financing: {fiscal_subsidy: {2024: 1, 2023: 2}}\n",
     "t.yaml:2:39: financing.fiscal_subsidy: years out of order: 2023 after 2024"},
    {"benefits: {inpatient: {admission_rate: {1: 0.1}}}\n",
     "t.yaml:2:41: benefits.inpatient.admission_rate: first age must be 0, got 1"},
    {"benefits: {inpatient: {admission_rate: {0: 0.1, 50: 0.1, 40: 0.2}}}\n",
     "t.yaml:2:58: benefits.inpatient.admission_rate: ages out of order: 40 after 50"},
    {"tiers: [{contribution: 1, choice_share: 0.5}, {contribution: 2, choice_share: 0.4}]\n",
     "t.yaml:2:8: tiers: tiers[].choice_share values sum to 0.9 in 2023, not 1"},
    {"tiers: [{contribution: 1, choice_share: {2023: 0.5, 2024: 0.6}}, "
     "{contribution: 2, choice_share: 0.5}]\n",
     "t.yaml:2:8: tiers: tiers[].choice_share values sum to 1.1 in 2024, not 1"},
    /* fiscal_shares deep-merges with minimal.yaml's {0.6, 0.2, 0.1, 0.1} */
    {"financing: {fiscal_shares: {central: 0.5}}\n",
     "t.yaml:2:28: financing.fiscal_shares: fiscal_shares sum to 0.9, not 1"},
    {"benefits:\n  inpatient:\n    levels: [{name: a, share: 0.3, cost: {mean: 1, cv: 1}, "
     "ratio: 0.5}]\n",
     "t.yaml:4:13: benefits.inpatient.levels: levels[].share values sum to 0.3 in 2023, not 1"},
    {"benefits:\n  outpatient:\n    use_rate: 0.5\n    cost: {mean: 400, cv: 1}\n"
     "    item_classes: [{name: a, share: 0.5, ratio: 0.5}]\n",
     "t.yaml:6:19: benefits.outpatient.item_classes: item_classes[].share values sum to 0.5, "
     "not 1"},
    {"groups: [{name: a, share: 0.7, ages: [0, 30]}, {name: b, share: 0.4, ages: [30, 60]}]\n",
     "t.yaml:2:9: groups: shares of the groups covering age 30 sum to 1.1 in 2023, more "
     "than 1"},
    {"scenario: {name: ~}\n", "t.yaml:2:18: scenario.name: expected a string, got null"},
    {"groups: [{share: 0.1}]\n", "t.yaml:2:10: groups[0]: missing required key 'name'"},
    {"financing: {fiscal_subsidy: {2024: 640}}\n",
     "t.yaml:2:29: financing.fiscal_subsidy: no value for 2023: first value is for 2024"},
    {"simulation: {mode: fast}\n",
     "t.yaml:2:20: simulation.mode: expected auto | exact | sample, got 'fast'"},
    {"benefits: {inpatient: {levels: [{name: a, share: 1, cost: {dist: gama, mean: 1, cv: 1}, "
     "ratio: 0.5}]}}\n",
     "t.yaml:2:66: benefits.inpatient.levels[0].cost.dist: expected lognormal | gamma, got "
     "'gama'; did you mean 'gamma'?"},
    {"groups: [{name: a, share: 0.1, subsidy: {type: most}}]\n",
     "t.yaml:2:48: groups[0].subsidy.type: expected none | full | fixed | percent, got 'most'"},
    {"fund: {management: adjust}\n",
     "t.yaml:2:20: fund.management: expected fixed | topup | benefit_ratio | contribution, got 'adjust'"},
    {"groups: [{name: a, share: 0.1, subsidy: {type: full, payer: city}}]\n",
     "t.yaml:2:61: groups[0].subsidy.payer: expected assistance | other, got 'city'"},
    {"financing: {fiscal_subsidy: {2023: 640, growth: 3}}\n",
     "t.yaml:2:49: financing.fiscal_subsidy: expected a growth rule such as 30/year or 4%, got "
     "'3'"},
    {"population: {total: 1e999}\n", "t.yaml:2:21: population.total: 1e999 is out of range"},
    {"simulation: {seed: -1}\n",
     "t.yaml:2:20: simulation.seed: expected a non-negative integer, got '-1'"},
    {"groups: [{name: a, share: 0.1, price_sensitive: 1}]\n",
     "t.yaml:2:49: groups[0].price_sensitive: expected true or false, got '1'"},
    /* warnings */
    {"tiers: [{contribution: {2023: 400, 2025: 390}}]\n",
     "t.yaml:2:24: warning: tiers[0].contribution: the contribution decreases from 400 in 2024 "
     "to 390 in 2025"},
    {"benefits: {inpatient: {levels: [{name: a, share: 1, cost: {mean: 1, cv: 1}, "
     "ratio: {2023: 0.9, 2024: 0.96}}]}}\n",
     "t.yaml:2:84: warning: benefits.inpatient.levels[0].ratio: an inpatient ratio of 0.96 (in "
     "2024) is above 0.95"},
    {"groups: [{name: a, share: 0.1, subsidy: {type: full}, price_sensitive: true}]\n",
     "t.yaml:2:72: warning: groups[0].price_sensitive: the group is fully subsidised but "
     "price_sensitive; its net price is 0"},
};

static void test_rules(void **state)
{
    (void)state;
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "extends: minimal.yaml\n%s", rules[i].yaml);
        fs_scenario *sc = NULL;
        fs_diags *d;
        int rc = load_text(text, &sc, &d);
        int is_warning = strstr(rules[i].want, ": warning: ") != NULL;
        if (!has_diag(d, rules[i].want)) {
            printf("  (rule %zu)\n", i);
            failed++;
        } else if (is_warning ? (rc != FS_OK || fs_diags_errors(d) != 0)
                              : (rc != FS_ESCENARIO || sc != NULL)) {
            printf("rule %zu: rc %d\n", i, rc);
            failed++;
        }
        fs_scenario_free(sc);
        fs_diags_free(d);
    }
    assert_int_equal(failed, 0);
}

static void test_every_error_reported(void **state)
{
    (void)state;
    const char *text = "extends: minimal.yaml\n"
                       "scenario: {years: 0}\n"
                       "simulation: {replications: x, mode: fast}\n"
                       "enrollment: {base_rate: 2}\n"
                       "benefits: {outpatient: {use_rate: 0.5, cost: {mean: 1, cv: 1}, ratio: 0.97}}\n"
                       "tiers: [{contribution: {2023: 400, 2024: 380}}]\n";
    fs_scenario *sc = NULL;
    fs_diags *d;
    assert_int_equal(load_text(text, &sc, &d), FS_ESCENARIO);
    assert_int_equal(fs_diags_errors(d), 4);
    assert_int_equal(fs_diags_count(d), 4); /* per-year checks wait for a valid scenario.years */
    assert_true(has_diag(d, "t.yaml:2:19: scenario.years: 0 is less than 1"));
    assert_true(has_diag(d, "t.yaml:3:28: simulation.replications: expected an integer, got 'x'"));
    assert_true(has_diag(d, "t.yaml:3:37: simulation.mode: expected auto | exact | sample, got "
                            "'fast'"));
    assert_true(has_diag(d, "t.yaml:4:25: enrollment.base_rate: 2 is not a share in [0,1]"));
    fs_diags_free(d);
}

static void test_alias_bomb(void **state)
{
    (void)state;
    const char *text = "extends: minimal.yaml\n"
                       "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                       "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                       "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                       "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                       "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                       "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                       "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    clock_t t0 = clock();
    fs_scenario *sc = NULL;
    fs_diags *d;
    assert_int_equal(load_text(text, &sc, &d), FS_ESCENARIO);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 1.0);
    assert_true(has_diag(d, "t.yaml:6:36: e[7]: aliases expand to more than 100000 nodes"));
    fs_diags_free(d);

    /* Small aliases are fine. */
    const char *ok = "extends: minimal.yaml\n"
                     "financing:\n  fiscal_subsidy: &fs {2023: 640}\n"
                     "enrollment:\n  reference_price: *fs\n";
    assert_int_equal(load_text(ok, &sc, &d), FS_OK);
    double v;
    assert_int_equal(fsi_param_at(&sc->enroll_reference_price, 2024, &v), FS_OK);
    assert_close(v, 640, 0, 0);
    fs_scenario_free(sc);
    fs_diags_free(d);

    /* Deep nesting is bounded too. */
    char deep[400];
    size_t k = 0;
    for (int i = 0; i < 70; i++)
        deep[k++] = '[';
    for (int i = 0; i < 70; i++)
        deep[k++] = ']';
    deep[k] = '\0';
    assert_int_equal(load_text(deep, &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:1:65: nesting deeper than 64 levels"));
    fs_diags_free(d);
}

static void test_non_utf8_and_empty(void **state)
{
    (void)state;
    fs_scenario *sc = NULL;
    fs_diags *d;
    assert_int_equal(load_text("scenario:\n  name: ab\xff\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:11: invalid UTF-8 byte 0xff: scenario files must be UTF-8"));
    fs_diags_free(d);
    /* A truncated multi-byte sequence after valid Chinese text. */
    assert_int_equal(load_text("scenario:\n  name: 特困\xe4\xba\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:11: invalid UTF-8 byte 0xe4: scenario files must be UTF-8"));
    fs_diags_free(d);
    assert_int_equal(load_text("", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:1:1: empty scenario: the file holds no YAML document"));
    fs_diags_free(d);
    assert_int_equal(load_text("# only a comment\n\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:1:1: empty scenario: the file holds no YAML document"));
    fs_diags_free(d);
    assert_int_equal(load_text("---\n...\n", &sc, &d), FS_ESCENARIO);
    assert_int_equal(fs_diags_errors(d), 1);
    fs_diags_free(d);
    assert_int_equal(load_text("a: 1\n---\nb: 2\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:1: a scenario file holds one YAML document, found a second"));
    fs_diags_free(d);
    assert_int_equal(load_text("scenario: [1, 2\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:1: scenario[2]: YAML syntax error: did not find expected "
                            "',' or ']' (while parsing a flow sequence at 1:11)"));
    fs_diags_free(d);
    /* A file that is not a scenario: the parser's fixed words, without its keys. */
    assert_int_equal(load_text("a: [1, 2\n", &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:1: YAML syntax error: did not find expected ',' or ']' "
                            "(while parsing a flow sequence at 1:4)"));
    fs_diags_free(d);
    assert_int_equal(load_text("secret: 1\nsecret: 2\n", &sc, &d), FS_ESCENARIO);
    assert_int_equal(fs_diags_errors(d), 1);
    assert_true(has_diag(d, "t.yaml:1:1: not a fundsim scenario: its top level is not a mapping "
                            "with a key of the scenario language (extends, overrides, scenario, "
                            "population, financing, benefits, ...); nothing of the file is shown"));
    fs_diags_free(d);
    assert_int_equal(load_text("root:*:20228:0:99999:7:::\n", &sc, &d), FS_ESCENARIO);
    assert_int_equal(fs_diags_errors(d), 1);
    assert_null(strstr(fs_diags_get(d, 0)->msg, "root"));
    fs_diags_free(d);
}

static const fs_param_view *find_view(const fs_scenario *sc, const char *path, int year,
                                      fs_param_view *v, int *rc)
{
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        *rc = fs_scenario_param_get(sc, i, year, v);
        if (strcmp(v->path, path) == 0)
            return v;
    }
    return NULL;
}

/* Issue 2: every policy number is a dated parameter resolved by year;
 * scalars keep working. */
static void test_dated_policy_numbers(void **state)
{
    (void)state;
    fs_scenario *sc = NULL;
    fs_diags *d;
    const char *text =
        "extends: minimal.yaml\n"
        "enrollment: {late_share: 0.1, waiting_months: {2023: 3, 2025: 6}}\n"
        "tiers:\n  - {contribution: 350, inpatient_ratio_add: {2023: 0, 2024: 0.02}}\n"
        "groups:\n  - name: tekun\n    share: 0.01\n    inpatient_ratio_add: 0.05\n"
        "    critical_illness: {deductible_factor: {2023: 1, 2024: 0.5}, ratio_add: 0.05}\n"
        "critical_illness:\n  premium: 60\n  deductible: 16901\n"
        "  bands:\n    - {upto: {2023: 50000, 2025: 60000}, ratio: {2023: 0.6, 2024: 0.65}}\n"
        "    - {upto: .inf, ratio: 0.7}\n"
        "  corridor: {share: {2023: 0, 2024: 0.5}, band: 0.05}\n"
        "fund:\n  reserve_band: {min_months: {2023: 6, 2024: 3}, max_months: 15}\n";
    assert_int_equal(load_text(text, &sc, &d), FS_OK);
    assert_int_equal(fs_diags_count(d), 0);
    assert_close(at(&sc->ci.band[0].ratio, 2023), 0.6, 0, 0);
    assert_close(at(&sc->ci.band[0].ratio, 2024), 0.65, 0, 0);
    assert_close(at(&sc->ci.band[0].ratio, 2030), 0.65, 0, 0);
    assert_close(at(&sc->ci.band[0].upto, 2024), 50000, 0, 0);
    assert_close(at(&sc->ci.band[0].upto, 2025), 60000, 0, 0);
    assert_true(isinf(at(&sc->ci.band[1].upto, 2025)));
    assert_close(at(&sc->ci.band[1].ratio, 2025), 0.7, 0, 0);
    assert_close(at(&sc->waiting_months, 2024), 3, 0, 0);
    assert_close(at(&sc->waiting_months, 2025), 6, 0, 0);
    assert_close(at(&sc->tier[0].inpatient_ratio_add, 2023), 0, 0, 0);
    assert_close(at(&sc->tier[0].inpatient_ratio_add, 2024), 0.02, 0, 0);
    assert_close(at(&sc->group[0].inpatient_ratio_add, 2023), 0.05, 0, 0);
    assert_close(at(&sc->group[0].ci.deductible_factor, 2023), 1, 0, 0);
    assert_close(at(&sc->group[0].ci.deductible_factor, 2024), 0.5, 0, 0);
    assert_close(at(&sc->group[0].ci.ratio_add, 2030), 0.05, 0, 0);
    assert_close(at(&sc->ci.corridor_share, 2023), 0, 0, 0);
    assert_close(at(&sc->ci.corridor_share, 2024), 0.5, 0, 0);
    assert_close(at(&sc->ci.corridor_band, 2024), 0.05, 0, 0);
    assert_close(at(&sc->reserve_min_months, 2023), 6, 0, 0);
    assert_close(at(&sc->reserve_min_months, 2024), 3, 0, 0);
    assert_close(at(&sc->reserve_max_months, 2024), 15, 0, 0);
    /* `show` lists the dated values by year. */
    int found = 0;
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        fs_param_view pv;
        if (fs_scenario_param_get(sc, i, 2025, &pv) != FS_OK ||
            strcmp(pv.path, "enrollment.waiting_months") != 0)
            continue;
        assert_close(pv.value, 6, 0, 0);
        found = 1;
    }
    assert_true(found);
    fs_scenario_free(sc);
    fs_diags_free(d);

    /* Management rules and their parameters. */
    const char *mg = "extends: minimal.yaml\n"
                     "fund: {management: benefit_ratio, rule: {gain: {2023: 0.5, 2025: 1}}}\n";
    assert_int_equal(load_text(mg, &sc, &d), FS_OK);
    assert_int_equal(sc->rule, FS_RULE_BENEFIT_RATIO);
    assert_close(at(&sc->mrule.gain, 2024), 0.5, 0, 0);
    assert_close(at(&sc->mrule.gain, 2025), 1, 0, 0);
    assert_close(at(&sc->mrule.target_surplus_rate, 2023), 0.03, 0, 0);
    assert_close(at(&sc->mrule.min_factor, 2023), 0.8, 0, 0);
    assert_close(at(&sc->mrule.max_factor, 2023), 1.1, 0, 0);
    assert_close(at(&sc->mrule.step, 2023), 30, 0, 0);
    fs_scenario_free(sc);
    fs_diags_free(d);
    mg = "extends: minimal.yaml\nfund: {management: contribution, rule: {step: 40}}\n";
    assert_int_equal(load_text(mg, &sc, &d), FS_OK);
    assert_int_equal(sc->rule, FS_RULE_CONTRIBUTION);
    assert_close(at(&sc->mrule.step, 2024), 40, 0, 0);
    fs_scenario_free(sc);
    fs_diags_free(d);
    mg = "extends: minimal.yaml\nfund: {rule: {min_factor: 1.2}}\n";
    assert_int_equal(load_text(mg, &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:2:14: fund.rule: max_factor 1.1 is below min_factor 1.2 in 2023"));
    fs_diags_free(d);

    /* Band limits are checked year by year; the last band stays .inf. */
    const char *bad =
        "extends: minimal.yaml\n"
        "critical_illness:\n  premium: 60\n  deductible: 16901\n"
        "  bands:\n    - {upto: {2023: 50000, 2025: 90000}, ratio: 0.6}\n"
        "    - {upto: {2023: 80000}, ratio: 0.7}\n"
        "    - {upto: .inf, ratio: 0.8}\n";
    assert_int_equal(load_text(bad, &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:7:14: critical_illness.bands[1]: band limits out of order: "
                            "80000 after 90000 in 2025"));
    fs_diags_free(d);
    const char *notinf =
        "extends: minimal.yaml\n"
        "critical_illness:\n  premium: 60\n  deductible: 16901\n"
        "  bands:\n    - {upto: 50000, ratio: 0.6}\n"
        "    - {upto: {2023: .inf, 2025: 90000}, ratio: 0.7}\n";
    assert_int_equal(load_text(notinf, &sc, &d), FS_ESCENARIO);
    assert_true(has_diag(d, "t.yaml:7:14: critical_illness.bands[1]: the last band must have "
                            "upto: .inf"));
    fs_diags_free(d);
}

static void test_show_views(void **state)
{
    (void)state;
    fs_scenario *sc = NULL;
    fs_diags *d;
    const char *text = "extends: child.yaml\n"
                       "financing:\n  fiscal_subsidy: {2023: 640, growth: 30/year, ref: \"通知 一\", "
                       "unit: 元/人}\n"
                       "groups: [{name: a, share: 0.1, subsidy: {type: fixed, amount: 280}}]\n";
    assert_int_equal(load_text(text, &sc, &d), FS_OK);
    size_t n = fs_scenario_param_count(sc);
    /* 73 + the five fund.rule parameters + the two limits with a default
     * .inf (inpatient.annual_cap, assistance.alert_line) + the risk keys
     * (target_band 2, shortfall_floor, deficit_shares 5) + financing.fiscal_alignment
     * + calibrate: year, tolerance, the 17 targets' fit and the 15 factors
     * + the level's stay_cap and repeat_deductible_factor
     * + enrollment.newborn_cover + the group's graduation share and cover_months
     * + fund.pooling */
    assert_int_equal(n, 89 + 2 + 17 + 15 + 2 + 1 + 2 + 1);
    fs_param_view v;
    int rc;
    assert_non_null(find_view(sc, "financing.fiscal_subsidy", 2025, &v, &rc));
    assert_int_equal(rc, FS_OK);
    assert_false(v.is_text);
    assert_close(v.value, 700, 0, 0);
    assert_string_equal(v.unit, "元/人");
    assert_string_equal(v.ref, "通知 一");
    assert_string_equal(v.origin, "t.yaml:3:19");
    assert_non_null(find_view(sc, "financing.fiscal_subsidy", 2022, &v, &rc));
    assert_int_equal(rc, FS_EUSAGE);
    assert_non_null(find_view(sc, "financing.fiscal_alignment", 2023, &v, &rc));
    assert_true(v.is_text);
    assert_string_equal(v.text, "same_year");
    assert_string_equal(v.origin, "default");
    assert_non_null(find_view(sc, "groups[0].subsidy.amount", 2023, &v, &rc));
    assert_close(v.value, 280, 0, 0);
    assert_string_equal(v.unit, "元");
    assert_non_null(find_view(sc, "groups[0].subsidy.type", 2023, &v, &rc));
    assert_true(v.is_text);
    assert_string_equal(v.text, "fixed");
    assert_non_null(find_view(sc, "groups[0].price_sensitive", 2023, &v, &rc));
    assert_string_equal(v.text, "true");
    assert_string_equal(v.origin, "default");
    assert_non_null(find_view(sc, "simulation.replications", 2023, &v, &rc));
    assert_close(v.value, 1000, 0, 0);
    assert_string_equal(v.origin, "default");
    assert_non_null(find_view(sc, "scenario.start_year", 2023, &v, &rc));
    assert_close(v.value, 2023, 0, 0);
    assert_string_equal(v.origin, "extends " GOOD "/minimal.yaml:4:15");
    assert_non_null(find_view(sc, "financing.fiscal_shares.central", 2023, &v, &rc));
    assert_close(v.value, 0.5, 0, 0);
    assert_string_equal(v.origin, "extends " GOOD "/child.yaml:6:28");
    assert_non_null(find_view(sc, "benefits.inpatient.levels[0].ratio", 2030, &v, &rc));
    assert_close(v.value, 0.7, 0, 0);
    assert_non_null(find_view(sc, "tiers[0].name", 2023, &v, &rc));
    assert_string_equal(v.text, "一档");
    assert_string_equal(v.origin, "default");
    assert_non_null(find_view(sc, "enrollment.reference_price", 2024, &v, &rc));
    assert_close(v.value, 380, 0, 0); /* the 2023 tier-1 standard, held */
    assert_null(find_view(sc, "extends", 2023, &v, &rc));
    assert_int_equal(fs_scenario_param_get(sc, n, 2023, &v), FS_EUSAGE);
    fs_scenario_free(sc);
    fs_diags_free(d);
}


/* docs/scenario.md holds the reference tables rendered from the schema. */
static void test_doc_tables(void **state)
{
    (void)state;
    size_t n = fsi_schema_doc(NULL, 0);
    assert_true(n > 1000);
    char *tables = malloc(n + 1);
    assert_non_null(tables);
    assert_int_equal(fsi_schema_doc(tables, n + 1), n);
    FILE *f = fopen("docs/scenario.md", "rb");
    assert_non_null(f);
    char *doc = calloc(1, 1 << 20);
    assert_non_null(doc);
    size_t len = fread(doc, 1, (1 << 20) - 1, f);
    fclose(f);
    const char *mark = strstr(doc, "<!-- tables -->\n");
    assert_non_null(mark);
    const char *rest = mark + strlen("<!-- tables -->\n");
    if (strcmp(rest, tables) != 0 && getenv("FUNDSIM_REGEN_DOCS") != NULL) {
        /* FUNDSIM_REGEN_DOCS=1 ./test_scenario rewrites the tables in place. */
        f = fopen("docs/scenario.md", "wb");
        assert_non_null(f);
        fwrite(doc, 1, (size_t)(rest - doc), f);
        fwrite(tables, 1, n, f);
        assert_int_equal(fclose(f), 0);
        printf("docs/scenario.md: tables regenerated from the schema\n");
    } else if (strcmp(rest, tables) != 0) {
        printf("docs/scenario.md is out of date with the schema; regenerate its tables with\n"
               "  (cd <repo> && FUNDSIM_REGEN_DOCS=1 <build>/test_scenario)\n");
        assert_true(strcmp(rest, tables) == 0);
    }
    assert_true(len > n);
    free(doc);
    free(tables);
}

int main(void)
{
    fs_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_and_format),
        cmocka_unit_test(test_extends_merge),
        cmocka_unit_test(test_extends_chain_and_relative),
        cmocka_unit_test(test_extends_cycle),
        cmocka_unit_test(test_inherited_diag_names_that_file),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_group_defaults_and_values),
        cmocka_unit_test(test_csv_population),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_every_error_reported),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_non_utf8_and_empty),
        cmocka_unit_test(test_dated_policy_numbers),
        cmocka_unit_test(test_show_views),
        cmocka_unit_test(test_doc_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
