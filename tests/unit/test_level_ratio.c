/* tests/unit/test_level_ratio.c -- a group's own inpatient ratio by
 * hospital level, groups[].inpatient_level_ratio_add (docs/model.md §6):
 * hand-worked admissions of constant cost through the engine, read per
 * group from the group table. */
#include "engine_fixtures.h"

/* 400 men aged 50, half in group 贫困 (inpatient_ratio_add 0.05, level
 * adds [0.10 in 2023 then 0.20 from 2024, -0.20]) and half ordinary.
 * Admissions ~ Poisson(0.3) at a level given by `shares`; every admission
 * costs 10000, 90% in scope, no deductible, no cap, so each pays
 * r x 9000 exactly:
 *   level 0 (ratio 0.6): ordinary 0.6; 贫困 0.6 + 0.05 + 0.10 = 0.75 in
 *           2023, 0.6 + 0.05 + 0.20 = 0.85 in 2024;
 *   level 1 (ratio 0.9): ordinary 0.9; 贫困 0.9 + 0.05 - 0.20 = 0.75;
 *   the ratio is clamped to [0, 1]: with level 1 add +0.3, 1.0. */
static fs_results *run_levels(const char *shares, const char *add1)
{
    return FX_RUN_YAML(0,
                       "extends: quiet.yaml\n"
                       "scenario: {years: 2}\n"
                       "simulation: {replications: 6}\n"
                       "population: {total: 400, structure: male50.csv, fertility: {tfr: 0}}\n"
                       "groups:\n"
                       "  - name: 贫困\n"
                       "    share: 0.5\n"
                       "    inpatient_ratio_add: 0.05\n"
                       "    inpatient_level_ratio_add: [{2023: 0.10, 2024: 0.20}, %s]\n"
                       "benefits:\n"
                       "  inpatient:\n"
                       "    admission_rate: 0.3\n"
                       "    levels:\n"
                       "      - {name: 县级, share: %s, cost: {mean: 10000, cv: 1e-15},\n"
                       "         in_scope: 0.9, ratio: 0.6}\n"
                       "      - {name: 市级, share: %s, cost: {mean: 10000, cv: 1e-15},\n"
                       "         in_scope: 0.9, ratio: 0.9}\n",
                       add1, shares[0] == '1' ? "1" : "0", shares[0] == '1' ? "0" : "1");
}

/* The effective ratio of group g in year y of replication r: benefits over
 * in-scope cost (every admission the same, so exactly r_k). */
static double ratio_of(const fs_results *res, int r, int y, int g)
{
    double b = 0, s = 0;
    for (int t = 0; t < res->ntiers_out; t++) {
        b += *fs_results_gat(res, r, y, g, t, FS_GQ_BENEFITS_INPATIENT);
        s += *fs_results_gat(res, r, y, g, t, FS_GQ_INPATIENT_COST_IN_SCOPE);
    }
    assert_true(s > 0);
    return b / s;
}

static void test_level_adds(void **state)
{
    (void)state;
    static const struct {
        const char *shares, *add1;
        double want[2][2]; /* [year][group: 贫困, ordinary] */
    } cases[] = {
        {"1", "-0.20", {{0.75, 0.6}, {0.85, 0.6}}},
        {"0", "-0.20", {{0.75, 0.9}, {0.75, 0.9}}},
        {"0", "0.3", {{1.0, 0.9}, {1.0, 0.9}}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fs_results *res = run_levels(cases[i].shares, cases[i].add1);
        for (int r = 0; r < res->rep_count; r++)
            for (int y = 0; y < 2; y++)
                for (int g = 0; g < 2; g++)
                    assert_close(ratio_of(res, r, y, g), cases[i].want[y][g], 1e-12, 0);
        fs_results_free(res);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_adds),
    };
    return cmocka_run_group_tests(tests, fx_group_setup_male50, fx_group_teardown);
}
