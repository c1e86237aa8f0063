/* tests/unit/test_rules.c -- the pure rules of sim/rules_int.h on
 * hand-worked persons, each value worked out in the comment beside it
 * (fsi_subsidy, fsi_ci_benefit and fsi_assist_benefit on the notices'
 * groups: test_engine_rules.c and test_seeds.c). */
#include <stdlib.h>

#include "fs_test.h"
#include "rules_int.h"

/* General outpatient, Wenshui 2023: mixed ratio 0.51, no deductible, cap 250.
 * Qinhuangdao 2021: ratio 0.5 above 50, cap 65.  Chronic: ratio 0.65 of the
 * in-scope 900, cap 300. */
static void test_basic_benefit(void **state)
{
    (void)state;
    assert_close(fsi_basic_benefit(200, 0, 0.51, 250), 102, 1e-15, 0);   /* 0.51 x 200 */
    assert_close(fsi_basic_benefit(600, 0, 0.51, 250), 250, 0, 0);       /* 306 -> cap */
    assert_close(fsi_basic_benefit(120, 50, 0.5, 65), 35, 0, 0);         /* 0.5 x 70 */
    assert_close(fsi_basic_benefit(180, 50, 0.5, 65), 65, 0, 0);         /* 65 = cap */
    assert_close(fsi_basic_benefit(40, 50, 0.5, 65), 0, 0, 0);           /* below the deductible */
    assert_close(fsi_basic_benefit(900, 0, 0.65, 300), 300, 0, 0);       /* 585 -> cap 300 */
    assert_close(fsi_basic_benefit(900, 0, 0.65, HUGE_VAL), 585, 1e-15, 0);
    assert_close(fsi_basic_benefit(100, 0, 0.5, 0), 0, 0, 0);            /* a cap of 0 pays nothing */
    /* One admission, level 2: in scope 8000 x 0.85 = 6800, deductible 500,
     * ratio 0.75: 0.75 x 6300 = 4725, no cap per admission. */
    assert_close(fsi_basic_benefit_uncapped(6800, 500, 0.75), 4725, 1e-15, 0);
    assert_close(fsi_basic_benefit_uncapped(400, 500, 0.75), 0, 0, 0);
}

/* Enrollment's price response: a net price 10% above the reference with
 * semi-elasticity -0.5 gives exp(-0.05) = 0.951229424500714. */
static void test_price_factor(void **state)
{
    (void)state;
    assert_close(fsi_price_factor(-0.5, 1, 385, 350), exp(-0.05), 1e-15, 0);
    assert_close(fsi_price_factor(-0.5, 1, 385, 350), 0.951229424500714, 1e-14, 0);
    assert_close(fsi_price_factor(-0.5, 0, 385, 350), 1, 0, 0); /* not price sensitive */
    assert_close(fsi_price_factor(0, 1, 385, 350), 1, 0, 0);    /* no elasticity */
    assert_close(fsi_price_factor(-0.5, 1, 385, 0), 1, 0, 0);   /* no reference price */
}

/* The critical-illness premium: 60 yuan x 1000 enrollees, or 5% of an
 * income of 1,000,000. */
static void test_ci_premium(void **state)
{
    (void)state;
    assert_close(fsi_ci_premium(60, -1, 1000, 1e6), 60000, 0, 0);
    assert_close(fsi_ci_premium(60, 0.05, 1000, 1e6), 50000, 0, 0);
}

/* The risk corridor, premium 100,000, band 0.1, share 0.5:
 *   benefits 70,000 (loss 0.70 < 0.9): 0.5 x (90,000 - 70,000) = 10,000 back
 *   benefits 95,000 (loss 0.95, inside): 0
 *   benefits 130,000 (loss 1.30 > 1.1): -0.5 x (130,000 - 110,000) = -10,000 */
static void test_ci_corridor(void **state)
{
    (void)state;
    assert_close(fsi_ci_corridor(1e5, 7e4, 0.5, 0.1), 1e4, 1e-15, 0);
    assert_close(fsi_ci_corridor(1e5, 9.5e4, 0.5, 0.1), 0, 0, 0);
    assert_close(fsi_ci_corridor(1e5, 1.3e5, 0.5, 0.1), -1e4, 1e-15, 0);
    assert_close(fsi_ci_corridor(1e5, 7e4, 0, 0.1), 0, 0, 0); /* no sharing */
    assert_close(fsi_ci_corridor(0, 7e4, 0.5, 0.1), 0, 0, 0); /* no premium */
}

/* Hebei's 8% outpatient account: income 830 per enrollee x 100 = 83,000,
 * 8% = 6,640.  Spending 6,500 stays; 7,000 is cut to 6,640 (bound). */
static void test_account_limit(void **state)
{
    int bound = -1;
    (void)state;
    assert_close(fsi_account_limit(6500, 0.08, 83000, &bound), 6500, 0, 0);
    assert_int_equal(bound, 0);
    assert_close(fsi_account_limit(7000, 0.08, 83000, &bound), 6640, 1e-15, 0);
    assert_int_equal(bound, 1);
    assert_close(fsi_account_limit(7000, HUGE_VAL, 83000, &bound), 7000, 0, 0); /* no limit */
    assert_int_equal(bound, 0);
    assert_close(fsi_account_limit(7000, 0.08, -1000, &bound), 0, 0, 0); /* never negative */
    assert_int_equal(bound, 1);
}

/* The separate outpatient account: benefits 7,000 against 6,640 held.
 * scale: the fund pays 6,640, all from the account (bound); main_fund: the
 * fund pays 7,000, 6,640 from the account and 360 from the rest.  Benefits
 * 6,500 are paid whole from the account; nothing held pays nothing. */
static void test_outpatient_account(void **state)
{
    int bound = -1;
    double from = -1;
    (void)state;
    assert_close(fsi_outpatient_account(7000, 6640, 0, &from, &bound), 6640, 0, 0);
    assert_close(from, 6640, 0, 0);
    assert_int_equal(bound, 1);
    assert_close(fsi_outpatient_account(7000, 6640, 1, &from, &bound), 7000, 0, 0);
    assert_close(from, 6640, 0, 0);
    assert_int_equal(bound, 1);
    assert_close(fsi_outpatient_account(6500, 6640, 0, &from, &bound), 6500, 0, 0);
    assert_close(from, 6500, 0, 0);
    assert_int_equal(bound, 0);
    assert_close(fsi_outpatient_account(6500, 0, 1, &from, &bound), 6500, 0, 0);
    assert_close(from, 0, 0, 0);
    assert_int_equal(bound, 1);
    assert_close(fsi_outpatient_account(0, 0, 0, &from, &bound), 0, 0, 0);
    assert_int_equal(bound, 0);

    /* Its allocation: 8% of 83,000 = 6,640; 21.5 yuan x 1,000 enrollees =
     * 21,500, cut to the 8% ceiling of 83,000 (6,640) when one is given;
     * never negative. */
    assert_close(fsi_account_allocation(0.08, 0, 1000, HUGE_VAL, 83000), 6640, 1e-15, 0);
    assert_close(fsi_account_allocation(-1, 21.5, 1000, HUGE_VAL, 83000), 21500, 0, 0);
    assert_close(fsi_account_allocation(-1, 21.5, 1000, 0.08, 83000), 6640, 1e-15, 0);
    assert_close(fsi_account_allocation(-1, 5.5, 1000, 0.08, 83000), 5500, 0, 0);
    assert_close(fsi_account_allocation(0.08, 0, 1000, HUGE_VAL, -1000), 0, 0, 0);
}

/* Critical illness with bands: deductible 16,901, 60% up to 50,000 above
 * it, 70% beyond; self-paid 100,000: 0.6 x 50,000 + 0.7 x 33,099 =
 * 53,169.3; +5 points and a cap of 40,000 for the second call. */
static void test_ci_bands(void **state)
{
    const double upto[2] = {50000, HUGE_VAL}, ratio[2] = {0.6, 0.7};
    (void)state;
    assert_close(fsi_ci_benefit(100000, 16901, upto, ratio, 2, 0, HUGE_VAL), 53169.3, 1e-14, 0);
    assert_close(fsi_ci_benefit(100000, 16901, upto, ratio, 2, 0.05, 40000), 40000, 0, 0);
    assert_close(fsi_ci_benefit(10000, 16901, upto, ratio, 2, 0, HUGE_VAL), 0, 0, 0);
    /* Medical assistance on what is left: 0.7 x (46,830.7 - 2,917.8) = 30,739.03. */
    assert_close(fsi_assist_benefit(100000 - 53169.3, 2917.8, 0.7, 60000), 30739.03, 1e-12, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_benefit), cmocka_unit_test(test_price_factor),
        cmocka_unit_test(test_ci_premium),    cmocka_unit_test(test_ci_corridor),
        cmocka_unit_test(test_account_limit),
        cmocka_unit_test(test_outpatient_account), cmocka_unit_test(test_ci_bands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
