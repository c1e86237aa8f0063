/* tests/unit/test_risks.c -- the risks by the year (docs/model.md §9):
 * prob_deficit_by / prob_depleted_by non-decreasing and equal to their
 * definitions in every replication, depletion_year the first year below
 * zero, the shortfall against the balance path worked by hand (floor 0 and
 * the reserve floor), split between the budgets of fund.deficit_shares (by
 * default the fiscal subsidy's shares), prob_small_surplus against its band,
 * the identity check that catches a broken split or a falling flag, and a
 * county ledger of a municipal pool (fund.pooling: ledger). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fs_test.h"
#include "engine_fixtures.h"

/* A fund in deficit: 1000 men aged 40 pay 350 each; admissions 0.2 a year
 * at 5000 (cv 1.2), 70% paid: about 700,000 a year of spending against
 * 350,000 of income, from a balance of 800,000, so it is depleted in the
 * third year or so, with replications on both sides. */
#define DEFICIT_YAML                                                                      \
    "extends: quiet.yaml\n"                                                               \
    "scenario: {name: deficit, start_year: 2023, years: 6}\n"                             \
    "simulation: {replications: 60}\n"                                                    \
    "population: {total: 1000, structure: male40.csv, fertility: {tfr: 0}}\n"             \
    "benefits:\n"                                                                         \
    "  inpatient:\n"                                                                      \
    "    admission_rate: 0.2\n"                                                           \
    "    levels: [{name: 县级医院, share: 1.0, cost: {mean: 5000, cv: 1.2}, ratio: 0.7}]\n" \
    "fund:\n"                                                                             \
    "  initial_balance: 800000\n"

#define AT(res, r, y, m) (*fs_results_at((res), (r), (y), FS_M_##m))

static void test_by_the_year(void **state)
{
    (void)state;
    fs_results *res = fx_run_free(fx_load(DEFICIT_YAML "  deficit_shares: {county: 0.6, city: 0.4}\n"
                                          "  target_band: {min_surplus_rate: -0.5, "
                                          "max_surplus_rate: 0}\n"),
                                  1);
    int depleted = 0, never = 0;
    for (int r = 0; r < res->rep_count; r++) {
        double def = 0, dep = 0, cum = 0, first = 2023 + 6;
        for (int y = 0; y < res->years; y++) {
            double b = AT(res, r, y, BALANCE), s = AT(res, r, y, SURPLUS);
            def = def || s < 0;
            dep = dep || b < 0;
            if (b < 0 && first == 2023 + 6)
                first = 2023 + y;
            /* floor 0: C_y = max(C_{y-1}, -B_y, 0) */
            double c = -b > cum ? -b : cum;
            double sh = c - cum;
            cum = c;
            assert_true(AT(res, r, y, PROB_DEFICIT_BY) == def);
            assert_true(AT(res, r, y, PROB_DEPLETED_BY) == dep);
            if (y > 0)
                assert_true(AT(res, r, y, PROB_DEPLETED_BY) >= AT(res, r, y - 1, PROB_DEPLETED_BY));
            assert_close(AT(res, r, y, SHORTFALL_CUM), cum, 1e-12, 1e-6);
            assert_close(AT(res, r, y, SHORTFALL), sh, 1e-12, 1e-6);
            assert_close(AT(res, r, y, SHORTFALL_COUNTY), 0.6 * AT(res, r, y, SHORTFALL), 1e-15, 0);
            assert_close(AT(res, r, y, SHORTFALL_CITY), 0.4 * AT(res, r, y, SHORTFALL), 1e-15, 0);
            assert_close(AT(res, r, y, SHORTFALL_CUM_COUNTY), 0.6 * cum, 1e-12, 1e-6);
            assert_true(AT(res, r, y, SHORTFALL_PROVINCIAL) == 0 && AT(res, r, y, SHORTFALL_OTHER) == 0);
            double rate = AT(res, r, y, SURPLUS_RATE);
            assert_true(AT(res, r, y, PROB_SMALL_SURPLUS) == (rate >= -0.5 && rate <= 0));
        }
        for (int y = 0; y < res->years; y++)
            assert_true(AT(res, r, y, DEPLETION_YEAR) == first);
        depleted += first < 2023 + 6;
        never += first == 2023 + 6;
    }
    /* The test bed has both kinds of replication, and the shortfall is real. */
    assert_true(depleted > 0);
    fs_stat *st = calloc((size_t)res->years * FS_M_COUNT, sizeof *st);
    assert_int_equal(fs_results_summarize(res, st), FS_OK);
    assert_true(st[5 * FS_M_COUNT + FS_M_SHORTFALL_CUM].p95 > 100000);
    assert_true(st[5 * FS_M_COUNT + FS_M_PROB_DEPLETED_BY].mean ==
                1.0 - (double)never / res->rep_count);
    free(st);
    fs_results_free(res);
}

/* The reserve floor: C_y = max(C_{y-1}, 6 x spend_y / 12 - B_y, 0); the
 * default split is the fiscal subsidy's (quiet.yaml: provincial 1). */
static void test_reserve_floor(void **state)
{
    (void)state;
    fs_results *res = fx_run_free(fx_load(DEFICIT_YAML "  shortfall_floor: reserve\n"), 2);
    for (int r = 0; r < res->rep_count; r++) {
        double cum = 0;
        for (int y = 0; y < res->years; y++) {
            double need = 6.0 * AT(res, r, y, SPEND_TOTAL) / 12.0 - AT(res, r, y, BALANCE);
            cum = need > cum ? need : cum;
            assert_close(AT(res, r, y, SHORTFALL_CUM), cum, 1e-12, 1e-6);
            assert_true(AT(res, r, y, SHORTFALL_PROVINCIAL) == AT(res, r, y, SHORTFALL));
            assert_true(AT(res, r, y, SHORTFALL_COUNTY) == 0);
        }
        /* With 800,000 against 6 months of ~700,000 a year: short from year 1. */
        assert_true(AT(res, r, 0, SHORTFALL_CUM) >= 0);
    }
    fs_results_free(res);
}

/* The identity check sees a broken split and a falling flag. */
static void test_identities_catch(void **state)
{
    (void)state;
    char err[512];
    fs_results *res = fx_run_free(fx_load(DEFICIT_YAML), 1);
    assert_int_equal(fs_results_check_identities(res, err, sizeof err), FS_OK);
    int r = -1, y = -1;
    for (int i = 0; i < res->rep_count && r < 0; i++)
        for (int j = 1; j < res->years && r < 0; j++)
            if (AT(res, i, j, SHORTFALL) > 0 && AT(res, i, j - 1, PROB_DEPLETED_BY) == 1)
                r = i, y = j;
    assert_true(r >= 0);
    double keep = AT(res, r, y, SHORTFALL_PROVINCIAL);
    AT(res, r, y, SHORTFALL_PROVINCIAL) = keep * 0.5;
    assert_int_equal(fs_results_check_identities(res, err, sizeof err), FS_EINTERNAL);
    assert_non_null(strstr(err, "deficit_shares"));
    AT(res, r, y, SHORTFALL_PROVINCIAL) = keep;
    AT(res, r, y, PROB_DEPLETED_BY) = 0; /* fell back after depletion */
    assert_int_equal(fs_results_check_identities(res, err, sizeof err), FS_EINTERNAL);
    assert_non_null(strstr(err, "prob_depleted_by"));
    fs_results_free(res);
}

static int setup(void **state)
{
    int rc = fx_group_setup(state);
    if (rc == 0)
        fx_write_cell("male40.csv", 0, 40, 1.0);
    return rc;
}

/* A county ledger inside a municipal pool (fund.pooling: ledger, docs/model.md
 * §9) against the same county as a fund of its own with no opening balance,
 * interest 2%: the same persons and spending; the ledger earns no interest
 * (the pool does), its net transfer to the pool is income - spending and
 * its sum to date, and every balance-based metric is NaN (its summary too);
 * the own fund's transfer is 0.  Setting a not-applicable metric or moving
 * the transfer fails the identity check. */
static void test_ledger(void **state)
{
    (void)state;
    fx_write("deficit.yaml", DEFICIT_YAML);
    fs_results *own = fx_run_free(fx_load("extends: deficit.yaml\n"
                                          "fund: {initial_balance: 0, pooling: own}\n"
                                          "financing: {interest: {mean: 0.02, sd: 0}}\n"),
                                  1);
    fs_results *led = fx_run_free(fx_load("extends: deficit.yaml\n"
                                          "fund: {initial_balance: 0, pooling: ledger}\n"
                                          "financing: {interest: {mean: 0.02, sd: 0}}\n"),
                                  1);
    assert_false(own->pooling_ledger);
    assert_true(led->pooling_ledger);
    for (int r = 0; r < led->rep_count; r++) {
        double cum = 0, bal = 0;
        for (int y = 0; y < led->years; y++) {
            double in = AT(led, r, y, INCOME_TOTAL), sp = AT(led, r, y, SPEND_TOTAL);
            assert_true(sp == AT(own, r, y, SPEND_TOTAL));
            assert_true(AT(led, r, y, INCOME_INTEREST) == 0.0);
            assert_close(AT(own, r, y, INCOME_INTEREST), 0.02 * (bal > 0 ? bal : 0), 1e-12, 1e-9);
            assert_close(in, AT(own, r, y, INCOME_TOTAL) - AT(own, r, y, INCOME_INTEREST), 1e-15,
                         0);
            bal = AT(own, r, y, BALANCE);
            cum += in - sp;
            assert_close(AT(led, r, y, POOL_NET_TRANSFER), in - sp, 1e-15, 1e-9);
            assert_close(AT(led, r, y, POOL_NET_TRANSFER_CUM), cum, 1e-12, 1e-6);
            assert_close(AT(led, r, y, SURPLUS), in - sp, 1e-15, 1e-9);
            assert_true(AT(own, r, y, POOL_NET_TRANSFER) == 0.0);
            assert_true(AT(own, r, y, POOL_NET_TRANSFER_CUM) == 0.0);
            for (int m = 0; m < FS_M_COUNT; m++) {
                double x = *fs_results_at(led, r, y, (fs_metric)m);
                assert_true(fs_metric_ledger_na((fs_metric)m) ? isnan(x) : isfinite(x));
            }
        }
    }
    assert_true(fs_metric_ledger_na(FS_M_BALANCE) && fs_metric_ledger_na(FS_M_DEPLETION_YEAR) &&
                fs_metric_ledger_na(FS_M_SHORTFALL_CUM_OTHER) &&
                !fs_metric_ledger_na(FS_M_SURPLUS) && !fs_metric_ledger_na(FS_M_POOL_NET_TRANSFER));
    fs_stat *st = calloc((size_t)led->years * FS_M_COUNT, sizeof *st);
    assert_int_equal(fs_results_summarize(led, st), FS_OK);
    assert_true(isnan(st[FS_M_MONTHS_COVERED].mean) && isnan(st[FS_M_MONTHS_COVERED].p95));
    assert_true(isfinite(st[FS_M_POOL_NET_TRANSFER_CUM].p05));
    assert_true(isnan(fs_results_share_positive(led, 0, FS_M_PROB_DEPLETION)));
    free(st);
    char err[512] = "";
    AT(led, 2, 3, BALANCE) = 0.0;
    assert_int_equal(fs_results_check_identities(led, err, sizeof err), FS_EINTERNAL);
    assert_non_null(strstr(err, "balance is set for a county ledger"));
    AT(led, 2, 3, BALANCE) = NAN;
    AT(led, 2, 3, POOL_NET_TRANSFER_CUM) += 1.0;
    assert_int_equal(fs_results_check_identities(led, err, sizeof err), FS_EINTERNAL);
    assert_non_null(strstr(err, "pool_net_transfer_cum"));
    AT(led, 2, 3, POOL_NET_TRANSFER_CUM) -= 1.0;
    assert_int_equal(fs_results_check_identities(led, err, sizeof err), FS_OK);
    AT(own, 1, 1, POOL_NET_TRANSFER) = 5.0;
    assert_int_equal(fs_results_check_identities(own, err, sizeof err), FS_EINTERNAL);
    fs_results_free(own);
    fs_results_free(led);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_the_year),
        cmocka_unit_test(test_reserve_floor),
        cmocka_unit_test(test_identities_catch),
        cmocka_unit_test(test_ledger),
    };
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
