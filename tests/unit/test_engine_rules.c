/* tests/unit/test_engine_rules.c -- fs_run's rules on hand-worked persons:
 * contribution subsidies, critical illness, medical assistance and the
 * fund's management rules.  Every scenario is YAML text loaded with
 * fs_scenario_load_string (tests/unit/engine_fixtures.h). */
#include "engine_fixtures.h"

#include <gsl/gsl_errno.h>

static int setup(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    fx_write_cell("male40.csv", 0, 40, 1.0);
    return 0;
}

/* Subsidy rules on hand-worked persons.  The groups are read from a loaded
 * scenario and passed to the pure rule fsi_subsidy(group, tier, own
 * standard, tier-1 standard, year). */
static void test_subsidy_rules(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load(
        "extends: quiet.yaml\n"
        "population: {total: 100, structure: male40.csv}\n"
        "groups:\n"
        "  - {name: tier1, share: 0.1, subsidy: {type: percent, percent: 0.9}}\n"
        "  - {name: own, share: 0.1, subsidy: {type: percent, percent: 0.9, base: own}}\n"
        "  - {name: pengshui, share: 0.1,\n"
        "     subsidy: {type: percent, percent: 0.9, base: own, upper_tier_percent: 1.0}}\n"
        "  - {name: fixed280, share: 0.1, subsidy: {type: fixed, amount: 280}}\n"
        "  - {name: fixed400, share: 0.1, subsidy: {type: fixed, amount: 400}}\n"
        "  - {name: full, share: 0.1, price_sensitive: false, subsidy: {type: full}}\n");
    const fs_group *g = sc->group;
    assert_close(fsi_subsidy(&g[0], 0, 350, 350, 2023), 315, 1e-15, 0);
    assert_close(fsi_subsidy(&g[0], 1, 725, 350, 2023), 315, 1e-15, 0); /* base tier1 */
    assert_close(fsi_subsidy(&g[1], 1, 725, 350, 2023), 652.5, 1e-15, 0);
    /* Pengshui: a tier-2 enrollee gets 100% of the tier-1 standard. */
    assert_close(fsi_subsidy(&g[2], 1, 725, 350, 2023), 350, 1e-15, 0);
    assert_close(fsi_subsidy(&g[2], 0, 350, 350, 2023), 315, 1e-15, 0);
    assert_close(fsi_subsidy(&g[3], 0, 380, 380, 2024), 280, 1e-15, 0);
    assert_close(fsi_subsidy(&g[4], 0, 380, 380, 2024), 380, 1e-15, 0); /* never above */
    assert_close(fsi_subsidy(&g[5], 1, 725, 350, 2023), 725, 1e-15, 0);
    assert_close(fsi_subsidy(NULL, 0, 350, 350, 2023), 0, 0, 0);
    fs_scenario_free(sc);

    /* Through fs_run: 100 residents at age 40, 40 in a 90%-of-tier-1 group
     * paid by assistance, 20 with a fixed 50 paid by another budget. */
    fs_results *res = FX_RUN_YAML(
        1, "extends: quiet.yaml\n"
           "simulation: {replications: 2}\n"
           "population: {total: 100, structure: male40.csv}\n"
           "groups:\n"
           "  - {name: percent, share: 0.4, subsidy: {type: percent, percent: 0.9}}\n"
           "  - {name: fixed, share: 0.2, subsidy: {type: fixed, amount: 50, payer: other}}\n");
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
    res = FX_RUN_YAML(
        1, "extends: quiet.yaml\n"
           "simulation: {replications: 2}\n"
           "population: {total: 100, structure: male40.csv}\n"
           "tiers: [{contribution: 350, choice_share: 0.5}, {contribution: 725, choice_share: 0.5}]\n"
           "groups:\n"
           "  - {name: percent, share: 0.4,\n"
           "     subsidy: {type: percent, percent: 0.9, upper_tier_percent: 1.0}}\n");
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

/* Near-deterministic persons: 200 men aged 40, all holding a chronic
 * programme with an annual cost of `cost` (lognormal with cv 1e-15: the
 * schema needs cv > 0, so every draw is cost x (1 + O(1e-15))), ratio 0.5,
 * counting for critical illness.  Half of them are in a group with the
 * CI deductible halved, +5 points, no cap, and assistance 70% above 3000
 * capped at 60000.  `ci` is the critical_illness block ("" = off);
 * `band1_ratio` the first band's ratio (a dated parameter in YAML). */
static fs_scenario *sc_ci(int years, double cost, int ci_on, const char *band1_ratio)
{
    char ci[512] = "";
    if (ci_on)
        snprintf(ci, sizeof ci,
                 "critical_illness:\n"
                 "  premium: 60\n"
                 "  deductible: 16901\n"
                 "  bands: [{upto: 50000, ratio: %s}, {upto: .inf, ratio: 0.7}]\n"
                 "  cap: 400000\n"
                 "  corridor: {share: 0.5, band: 0.05}\n",
                 band1_ratio);
    return fx_load("extends: quiet.yaml\n"
                   "scenario: {years: %d}\n"
                   "simulation: {replications: 2}\n"
                   "population: {total: 200, structure: male40.csv}\n"
                   "groups:\n"
                   "  - name: 特困人员\n"
                   "    share: 0.5\n"
                   "    critical_illness: {deductible_factor: 0.5, ratio_add: 0.05, no_cap: true}\n"
                   "    assistance: {ratio: 0.7, threshold: 3000, cap: 60000}\n"
                   "benefits:\n"
                   "  chronic:\n"
                   "    - {name: 门诊特病, prevalence: 1.0,\n"
                   "       cost: {dist: lognormal, mean: %.17g, cv: 1e-15},\n"
                   "       ratio: 0.5, counts_for_critical_illness: true}\n"
                   "assistance: {alert_line: 12000}\n"
                   "%s",
                   years, cost, ci);
}

static void test_ci_assistance_engine(void **state)
{
    (void)state;
    fs_results *res = fx_run_free(sc_ci(1, 60000, 1, "0.6"), 1);
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
    res = fx_run_free(sc_ci(1, 300000, 0, ""), 1);
    assert_close(AT0(ASSIST_BENEFITS), 100 * 60000, 1e-14, 0);
    assert_close(AT0(ASSIST_TOTAL), 100 * 60000, 1e-14, 0);
    fs_results_free(res);

    /* CI cap for ordinary residents, none for the group. */
    res = fx_run_free(sc_ci(1, 2e6, 1, "0.6"), 1);
    double cig = 0.65 * 50000 + 0.75 * (1e6 - 8450.5 - 50000);
    assert_close(AT0(CI_BENEFITS), 100 * 400000 + 100 * cig, 1e-13, 0);
    fs_results_free(res);
#undef AT0
}

/* Issue 2: a dated band ratio is resolved per year: a year map of the
 * first CI band's ratio changes the CI benefit from that year on. */
static void test_ci_dated_band(void **state)
{
    (void)state;
    fs_results *res = fx_run_free(sc_ci(2, 60000, 1, "{2023: 0.6, 2024: 0.7}"), 1);
    const double xo = 30000 - 16901, xg = 30000 - 8450.5;
    for (int rep = 0; rep < res->rep_count; rep++) {
        assert_close(*fs_results_at(res, rep, 0, FS_M_CI_BENEFITS),
                     100 * (0.6 * xo + 0.65 * xg), 1e-13, 0);
        assert_close(*fs_results_at(res, rep, 1, FS_M_CI_BENEFITS),
                     100 * (0.7 * xo + 0.75 * xg), 1e-13, 0);
    }
    fs_results_free(res);
}

/* Management rules: 1000 men aged 40, inpatient care only (no deductible,
 * no cap), spending (about 560 per enrollee) above income (350).  `fund` is
 * the scenario's fund block, `groups` its groups ("" = none). */
static fs_scenario *sc_mgmt(const char *fund, const char *groups)
{
    return fx_load("extends: quiet.yaml\n"
                   "scenario: {years: 4}\n"
                   "simulation: {replications: 4}\n"
                   "population: {total: 1000, structure: male40.csv}\n"
                   "benefits:\n"
                   "  inpatient:\n"
                   "    admission_rate: 0.2\n"
                   "    levels: [{name: 县级医院, share: 1.0,\n"
                   "              cost: {dist: lognormal, mean: 5000, cv: 1.0},\n"
                   "              in_scope: 0.8, deductible: 0, ratio: 0.7}]\n"
                   "fund: %s\n"
                   "%s",
                   fund, groups);
}

static double clampk(double k, double lo, double hi)
{
    return k < lo ? lo : (k > hi ? hi : k);
}

#define V(res, r, y, m) (*fs_results_at(res, r, y, FS_M_##m))

/* benefit_ratio: k_y = clamp(k_{y-1} (1 + gain (S/I_{y-1} - target)), min, max),
 * checked replication by replication against the same run under `fixed`
 * (common random numbers: spending is linear in the ratio here). */
static void test_rule_benefit_ratio(void **state)
{
    (void)state;
    fs_results *fx = fx_run_free(sc_mgmt("{management: fixed}", ""), 1);
    /* target, min, max: defaults 0.03, 0.8, 1.1 */
    fs_results *br = fx_run_free(sc_mgmt("{management: benefit_ratio, rule: {gain: 0.1}}", ""), 2);
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
    fs_scenario *sc = sc_mgmt("{management: benefit_ratio, rule: {gain: 1.0}}", "");
    br = fx_run(sc, 1);
    for (int r = 0; r < br->rep_count; r++)
        assert_close(V(br, r, 1, SPEND_INPATIENT), 0.8 * V(fx, r, 1, SPEND_INPATIENT), 1e-12, 0);
    /* Byte-identical across thread counts. */
    fs_results *b2 = fx_run(sc, 3);
    assert_memory_equal(br->values, b2->values,
                        (size_t)br->rep_count * (size_t)br->years * FS_M_COUNT * sizeof(double));
    fs_results_free(b2);
    fs_results_free(br);
    fs_results_free(fx);
    fs_scenario_free(sc);
}

/* contribution: the reserve is below min_months at the end of 2023, so the
 * standard rises by step in 2025 (decided in 2024, collected in autumn 2024);
 * again in 2026 (reserve low at the end of 2024).  A large reserve lowers
 * the adjustment, never below the scenario's own standard. */
static void test_rule_contribution(void **state)
{
    (void)state;
    fs_results *res = fx_run_free(sc_mgmt("{management: contribution}", ""), 2); /* step: default 30 */
    const double want[4] = {350, 350, 380, 410};
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(V(res, r, 0, PROB_RESERVE_LOW) == 1.0 && V(res, r, 1, PROB_RESERVE_LOW) == 1.0);
        for (int y = 0; y < 4; y++)
            assert_close(V(res, r, y, INCOME_INDIVIDUAL) / V(res, r, y, ENROLLEES), want[y],
                         1e-14, 0);
    }
    fs_results_free(res);
    res = fx_run_free(
        sc_mgmt("{management: contribution, rule: {step: 50}, initial_balance: 1e9}", ""), 1);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < 4; y++) {
            assert_true(V(res, r, y, PROB_RESERVE_HIGH) == 1.0);
            assert_close(V(res, r, y, INCOME_INDIVIDUAL) / V(res, r, y, ENROLLEES), 350, 1e-14,
                         0);
        }
    fs_results_free(res);
    /* Subsidies follow the adjusted standard: a fully subsidised group of
     * 500; the standard of 2025 is 350 + 50. */
    res = fx_run_free(sc_mgmt("{management: contribution, rule: {step: 50}, initial_balance: 0}",
                              "groups:\n"
                              "  - {name: 特困人员, share: 0.5, price_sensitive: false,\n"
                              "     subsidy: {type: full}}\n"),
                      1);
    for (int r = 0; r < res->rep_count; r++) {
        double E = V(res, r, 2, ENROLLEES);
        assert_close(V(res, r, 2, INCOME_INDIVIDUAL), E * 400, 1e-14, 0);
        assert_close(V(res, r, 2, ASSIST_CONTRIB_SUBSIDY), 500 * 400, 1e-14, 0);
    }
    fs_results_free(res);
}

/* financing.fiscal_alignment (docs/model.md §4): income_fiscal = enrollees x
 * the fiscal_subsidy of the budget year that funds benefit year y -- y
 * (same_year, the default) or y - 1 (previous_year), the first year
 * included (2023 reads the 2022 key) -- under any management rule (the
 * contribution rule moves the individual standards only). */
static void test_fiscal_alignment(void **state)
{
    (void)state;
    /* 2023..2026; 2024 holds 2023's value, 2026 grows from 2025's. */
    static const char dated[] = "{2022: 612.5, 2023: 641.25, 2025: 702.375, growth: 31.5/year}";
    static const double same[4] = {641.25, 641.25, 702.375, 733.875};
    static const double prev[4] = {612.5, 641.25, 641.25, 702.375};
    static const double flat[4] = {598.75, 598.75, 598.75, 598.75};
    static const struct {
        const char *fund, *align, *value;
        fs_fiscal_alignment want_align;
        const double *want;
    } C[] = {
        {"{management: fixed}", NULL, dated, FS_FISCAL_SAME_YEAR, same},
        {"{management: fixed}", "same_year", dated, FS_FISCAL_SAME_YEAR, same},
        {"{management: fixed}", "previous_year", dated, FS_FISCAL_PREVIOUS_YEAR, prev},
        {"{management: contribution}", "previous_year", dated, FS_FISCAL_PREVIOUS_YEAR, prev},
        {"{management: fixed}", "previous_year", "598.75", FS_FISCAL_PREVIOUS_YEAR, flat},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        char fin[256];
        snprintf(fin, sizeof fin, "financing: {%s%s%sfiscal_subsidy: %s}\n",
                 C[i].align ? "fiscal_alignment: " : "", C[i].align ? C[i].align : "",
                 C[i].align ? ", " : "", C[i].value);
        fs_scenario *sc = sc_mgmt(C[i].fund, fin);
        assert_int_equal(sc->fiscal_alignment, C[i].want_align);
        fs_results *res = fx_run_free(sc, 1);
        assert_int_equal(res->years, 4);
        for (int r = 0; r < res->rep_count; r++)
            for (int y = 0; y < 4; y++) {
                double E = V(res, r, y, ENROLLEES);
                assert_close(E, 1000, 0, 0);
                if (fabs(V(res, r, y, INCOME_FISCAL) - E * C[i].want[y]) >
                    1e-12 * E * C[i].want[y])
                    fail_msg("case %zu, %d: income_fiscal %.17g, want %g x %g", i, 2023 + y,
                             V(res, r, y, INCOME_FISCAL), E, C[i].want[y]);
                assert_close(V(res, r, y, INCOME_FISCAL_PROVINCIAL), V(res, r, y, INCOME_FISCAL),
                             1e-15, 0);
            }
        fs_results_free(res);
    }
}
#undef V

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subsidy_rules),        cmocka_unit_test(test_ci_rules),
        cmocka_unit_test(test_ci_assistance_engine), cmocka_unit_test(test_ci_dated_band),
        cmocka_unit_test(test_rule_benefit_ratio),   cmocka_unit_test(test_rule_contribution),
        cmocka_unit_test(test_fiscal_alignment),
    };
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
