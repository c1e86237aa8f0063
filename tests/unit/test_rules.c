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

/* Inpatient stays with a cap per stay and a repeat-stay deductible.
 * Level 0: deductible 800, ratio 0.8, stay cap 20,000; level 1: deductible
 * 300, ratio 0.9, no stay cap; both halve the deductible from a person's
 * 2nd stay of the year on (factor 0.5), counted over every level.  Stays:
 *   1. level 0, in scope 12,385: first stay, 0.8 x (12,385 - 800) = 9,268
 *   2. level 1, in scope 2,385: the person's 2nd stay (its level's first),
 *      deductible 150: 0.9 x 2,235 = 2,011.5
 *   3. level 0, in scope 40,000: deductible 400, 0.8 x 39,600 = 31,680,
 *      capped at 20,000 for the stay
 * Sum 31,279.5; an annual cap of 30,000 takes it to 30,000.  With factor 1
 * and no stay cap (the old rule): 9,268 + 0.9 x 2,085 + 0.8 x 39,200 =
 * 9,268 + 1,876.5 + 31,360 = 42,504.5. */
static void test_stay_rules(void **state)
{
    (void)state;
    const double in[3] = {12385, 2385, 40000}, ded[2] = {800, 300}, half[2] = {0.5, 0.5},
                 one[2] = {1, 1}, ratio[2] = {0.8, 0.9}, scap[2] = {20000, HUGE_VAL},
                 none[2] = {HUGE_VAL, HUGE_VAL};
    const int lv[3] = {0, 1, 0};
    assert_close(fsi_stay_deductible(800, 0.5, 0), 800, 0, 0);
    assert_close(fsi_stay_deductible(800, 0.5, 1), 400, 0, 0);
    assert_close(fsi_stay_deductible(800, 0.5, 7), 400, 0, 0);
    assert_close(fsi_stay_deductible(800, 1, 3), 800, 0, 0);
    assert_close(fsi_stay_deductible(800, 0, 1), 0, 0, 0); /* repeat stays free of it */
    assert_close(fsi_inpatient_year(3, in, lv, ded, half, ratio, scap, HUGE_VAL), 31279.5,
                 1e-15, 0);
    assert_close(fsi_inpatient_year(3, in, lv, ded, half, ratio, scap, 30000), 30000, 0, 0);
    assert_close(fsi_inpatient_year(3, in, lv, ded, one, ratio, none, HUGE_VAL), 42504.5, 1e-15,
                 0);
    assert_close(fsi_inpatient_year(1, in + 2, lv + 2, ded, half, ratio, scap, HUGE_VAL), 20000,
                 0, 0); /* one stay: the full deductible, then the stay cap */
    assert_close(fsi_inpatient_year(0, in, lv, ded, half, ratio, scap, HUGE_VAL), 0, 0, 0);
}

/* The assistance base by line (model.md §8).  Self-paid after basic
 * insurance: inpatient 20,000, chronic 30,000 of which 10,000 counts for
 * critical illness, outpatient 500; CI base 30,000, CI benefit 12,000:
 *   inpatient + chronic (default): 50,000 - 12,000 = 38,000
 *   inpatient only: 20,000 - 12,000 x 20,000/30,000 = 12,000
 *   chronic only: 30,000 - 12,000 x 10,000/30,000 = 26,000
 *   all three: 50,500 - 12,000 = 38,500
 * Without counting chronic (CI base = inpatient 20,000, CI 5,000):
 *   inpatient only: 20,000 - 5,000 = 15,000; chronic only: 30,000. */
static void test_assist_lines(void **state)
{
    (void)state;
    const fsi_selfpaid p = {20000, 30000, 10000, 500}, q = {20000, 30000, 0, 500};
    const unsigned IN = FS_LINE_INPATIENT, CH = FS_LINE_CHRONIC, OP = FS_LINE_OUTPATIENT;
    assert_close(fsi_assist_base(&p, FS_LINES_DEFAULT, 12000), 38000, 0, 0);
    assert_close(fsi_assist_base(&p, IN, 12000), 12000, 1e-15, 0);
    assert_close(fsi_assist_base(&p, CH, 12000), 26000, 1e-15, 0);
    assert_close(fsi_assist_base(&p, IN | CH | OP, 12000), 38500, 0, 0);
    assert_close(fsi_assist_base(&p, OP, 12000), 500, 0, 0); /* CI is on other lines */
    assert_close(fsi_assist_base(&q, IN, 5000), 15000, 0, 0);
    assert_close(fsi_assist_base(&q, CH, 5000), 30000, 0, 0);
    assert_close(fsi_assist_base(&p, CH, 0), 30000, 0, 0);
    /* A chronic-only person (Wenshui's 监测对象 rule covers 住院 only):
     * chronic 50,000 self-paid, all counting, CI 21,246.6: base 0. */
    const fsi_selfpaid c = {0, 50000, 50000, 0};
    assert_close(fsi_assist_base(&c, IN, 21246.6), 0, 0, 0);
    assert_close(fsi_assist_base(&c, FS_LINES_DEFAULT, 21246.6), 28753.4, 1e-15, 0);
}

/* Two layers (倾斜救助): ratio 0.7 above 2,917.8, cap 60,000; the tilt 0.5
 * of what is left above 20,000, its own cap 30,000:
 *   base 50,000:  0.7 x 47,082.2 = 32,957.54; left 17,042.46 < 20,000: 32,957.54
 *   base 100,000: 67,957.54 -> 60,000; left 40,000: 0.5 x 20,000 = 10,000;
 *                 70,000 (above the first layer's cap: the tilt's is its own)
 *   base 300,000: 60,000; left 240,000: 0.5 x 220,000 = 110,000 -> 30,000: 90,000 */
static void test_assist_tilt(void **state)
{
    (void)state;
    fsi_assist_rule_y r = {.ratio = 0.7, .thr = 2917.8, .cap = 60000, .line = -HUGE_VAL,
                           .lines = FS_LINES_DEFAULT, .tilt = 1, .t_ratio = 0.5,
                           .t_thr = 20000, .t_cap = 30000};
    assert_close(fsi_assist_layers(50000, &r), 32957.54, 1e-15, 0);
    assert_close(fsi_assist_layers(100000, &r), 70000, 0, 0);
    assert_close(fsi_assist_layers(300000, &r), 90000, 0, 0);
    assert_close(fsi_assist_layers(2000, &r), 0, 0, 0);
    r.tilt = 0; /* one layer: fsi_assist_benefit */
    assert_close(fsi_assist_layers(100000, &r), 60000, 0, 0);
    assert_close(fsi_assist_layers(50000, &r), fsi_assist_benefit(50000, 2917.8, 0.7, 60000), 0,
                 0);
}

/* Assistance by a person's own costs (assistance.by_expense): eligible
 * when the base exceeds the line 10,000; then 50% above a threshold, cap
 * 20,000.
 *   threshold 10,000: base 9,999 -> 0 (not eligible); 30,000 -> 0.5 x 20,000 = 10,000;
 *                     80,000 -> 35,000 -> 20,000
 *   threshold 0:      base 30,000 -> 15,000; 5,000 -> 0 (below the line) */
static void test_assist_by_expense(void **state)
{
    (void)state;
    fsi_assist_rule_y r = {.ratio = 0.5, .thr = 10000, .cap = 20000, .line = 10000,
                           .lines = FS_LINES_DEFAULT};
    assert_close(fsi_assist_layers(9999, &r), 0, 0, 0);
    assert_close(fsi_assist_layers(10000, &r), 0, 0, 0);
    assert_close(fsi_assist_layers(30000, &r), 10000, 0, 0);
    assert_close(fsi_assist_layers(80000, &r), 20000, 0, 0);
    r.thr = 0;
    assert_close(fsi_assist_layers(30000, &r), 15000, 0, 0);
    assert_close(fsi_assist_layers(5000, &r), 0, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_benefit), cmocka_unit_test(test_price_factor),
        cmocka_unit_test(test_ci_premium),    cmocka_unit_test(test_ci_corridor),
        cmocka_unit_test(test_account_limit), cmocka_unit_test(test_outpatient_account),
        cmocka_unit_test(test_ci_bands),      cmocka_unit_test(test_stay_rules),
        cmocka_unit_test(test_assist_lines),  cmocka_unit_test(test_assist_tilt),
        cmocka_unit_test(test_assist_by_expense),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
