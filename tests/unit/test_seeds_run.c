/* tests/unit/test_seeds_run.c -- each of the five real scenario files runs
 * 10 years (sample mode, a few replications): the accounting identities
 * hold, every metric is finite (but those a county ledger has not: NaN)
 * and every spending line is live. */
#include "seeds_fixtures.h"

/* Every scenario runs 10 years (a few replications, sample mode): the
 * identities hold, every metric is finite, the lines are live. */

static void run_scenario(const char *file, int reps, int per_cell)
{
    fs_scenario *sc = load(file);
    if (per_cell > 0) {
        bed b = {.n = 0};
        bed_set(&b, "simulation.sample_per_cell=%d", per_cell);
        fs_scenario_free(sc);
        sc = bed_load(file, &b);
    }
    fs_results *res = run(sc, FS_MODE_SAMPLE, reps, 10);
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    assert_int_equal(res->years, 10);
    assert_int_equal(res->rep_count, reps);
    assert_int_equal(res->start_year, sc->start_year);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            for (int m = 0; m < FS_M_COUNT; m++) {
                double x = *fs_results_at(res, r, y, (fs_metric)m);
                if (res->pooling_ledger && fs_metric_ledger_na((fs_metric)m)) {
                    assert_true(isnan(x)); /* a county ledger: not applicable */
                    continue;
                }
                if (!isfinite(x))
                    fail_msg("%s rep %d year %d: %s = %g", file, r, sc->start_year + y,
                             fs_metric_name((fs_metric)m), x);
            }
#define A(m) (*fs_results_at(res, r, y, FS_M_##m))
            assert_true(A(ENROLLEES) > 0 && A(INCOME_TOTAL) > 0 && A(SPEND_TOTAL) > 0);
            assert_true(A(SPEND_OUTPATIENT) > 0 && A(SPEND_CHRONIC) > 0 && A(SPEND_INPATIENT) > 0);
            assert_true(A(SPEND_MATERNITY) > 0 && A(SPEND_CRITICAL_PREMIUM) > 0);
            assert_true(A(CI_BENEFITS) > 0 && A(ASSIST_CONTRIB_SUBSIDY) > 0);
            assert_true(A(ASSIST_BENEFITS) > 0 && A(OOP_MEAN) > 0);
            assert_true(A(INCOME_INDIVIDUAL_RESIDENT) > 0 && A(INCOME_FISCAL) > 0);
            assert_true(A(EFFECTIVE_RATIO_INPATIENT) > 0.5 && A(EFFECTIVE_RATIO_INPATIENT) < 0.9);
#undef A
        }
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    assert_non_null(st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    for (int i = 0; i < res->years * FS_M_COUNT; i++)
        if (res->pooling_ledger && fs_metric_ledger_na((fs_metric)(i % FS_M_COUNT)))
            assert_true(isnan(st[i].mean) && isnan(st[i].p05) && isnan(st[i].p95));
        else
            assert_true(isfinite(st[i].mean) && isfinite(st[i].sd) && isfinite(st[i].p05) &&
                        isfinite(st[i].p95));
    free(st);
    fs_results_free(res);
    fs_scenario_free(sc);
}

static void test_run_wenshui(void **state)
{
    (void)state;
    run_scenario("wenshui-2023.yaml", 4, 60);
}
static void test_run_chongqing(void **state)
{
    (void)state;
    run_scenario("chongqing-2023.yaml", 4, 30);
}
static void test_run_pengshui(void **state)
{
    (void)state;
    run_scenario("pengshui-2023.yaml", 4, 60);
    /* 彭水 is a county ledger of Chongqing's municipal pool (fund.pooling: ledger). */
    fs_scenario *sc = load("pengshui-2023.yaml");
    fs_results *res = run(sc, FS_MODE_SAMPLE, 3, 2);
    assert_true(res->pooling_ledger);
    assert_close(res->initial_balance, 0, 0, 0);
    for (int r = 0; r < 3; r++)
        for (int y = 0; y < 2; y++) {
            assert_true(*fs_results_at(res, r, y, FS_M_INCOME_INTEREST) == 0.0);
            assert_true(isnan(*fs_results_at(res, r, y, FS_M_BALANCE)));
            assert_close(*fs_results_at(res, r, y, FS_M_POOL_NET_TRANSFER),
                         *fs_results_at(res, r, y, FS_M_INCOME_TOTAL) -
                             *fs_results_at(res, r, y, FS_M_SPEND_TOTAL),
                         1e-12, 1e-6);
        }
    fs_results_free(res);
    fs_scenario_free(sc);
}
static void test_run_anhui(void **state)
{
    (void)state;
    run_scenario("anhui-2024.yaml", 4, 30);
}
static void test_run_qinhuangdao(void **state)
{
    (void)state;
    run_scenario("qinhuangdao-2021.yaml", 4, 60);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_wenshui),  cmocka_unit_test(test_run_chongqing),
        cmocka_unit_test(test_run_pengshui), cmocka_unit_test(test_run_anhui),
        cmocka_unit_test(test_run_qinhuangdao),
    };
    return cmocka_run_group_tests(tests, bed_dir_make, bed_dir_remove);
}
