/* tests/unit/test_engine_claims.c -- fs_run's claim rules (docs/model.md §6,
 * §8) against closed forms: inpatient stays with a cap per stay and a
 * repeat-stay deductible; medical assistance by line of care, with a
 * tilted second layer, by a person's own costs (assistance.by_expense), and
 * with its own income (financing.assistance_income).  Scenarios are YAML
 * text (tests/unit/engine_fixtures.h). */
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

#define V(res, r, y, m) (*fs_results_at(res, r, y, FS_M_##m))

/* 2000 men aged 40, admissions Poisson(0.3), one level of constant cost
 * 10,000 (cv 1e-15), fully in scope, deductible 1,000, ratio 0.8; `extra`
 * adds keys to the level. */
static fs_scenario *sc_stays(const char *extra)
{
    return fx_load("extends: quiet.yaml\n"
                   "simulation: {replications: 200}\n"
                   "population: {total: 2000, structure: male40.csv}\n"
                   "benefits:\n"
                   "  inpatient:\n"
                   "    admission_rate: 0.3\n"
                   "    levels: [{name: 县级医院, share: 1.0,\n"
                   "              cost: {dist: lognormal, mean: 10000, cv: 1e-15},\n"
                   "              deductible: 1000, ratio: 0.8%s}]\n",
                   extra);
}

/* Per-stay rules.  A first stay pays b1 = min(7,500, 0.8 x 9,000) = 7,200;
 * a later stay of the year (deductible halved to 500) b2 = min(7,500,
 * 0.8 x 9,500 = 7,600) = 7,500.  So in every replication spending =
 * b1 P + b2 (A - P), A admissions, P persons with a stay: P = (b2 A -
 * spending) / (b2 - b1) is a whole number in [0, min(A, n)].  Over
 * replications, E[spending] = n (b1 (1 - e^-l) + b2 (l - 1 + e^-l)), l =
 * 0.3, checked within 4 standard errors of the replications' mean.
 * Without the keys every stay pays 7,200 (the old rule, exactly). */
static void test_stay_cap_and_repeat(void **state)
{
    (void)state;
    const double n = 2000, lam = 0.3, b1 = 7200, b2 = 7500;
    fs_results *res = fx_run_free(
        sc_stays(", stay_cap: 7500, repeat_deductible_factor: {2023: 0.5}"), 1);
    double s = 0, ss = 0;
    const int R = res->rep_count;
    for (int r = 0; r < R; r++) {
        double A = V(res, r, 0, ADMISSIONS), sp = V(res, r, 0, SPEND_INPATIENT);
        double P = (b2 * A - sp) / (b2 - b1);
        if (fabs(P - floor(P + 0.5)) > 1e-6 || P < -1e-6 || P > A + 1e-6 || P > n + 1e-6)
            fail_msg("replication %d: A %.17g, spending %.17g, P %.17g", r, A, sp, P);
        s += sp;
        ss += sp * sp;
    }
    double mean = s / R, sd = sqrt((ss - s * mean) / (R - 1)), se = sd / sqrt((double)R);
    double want = n * (b1 * (1.0 - exp(-lam)) + b2 * (lam - 1.0 + exp(-lam)));
    if (fabs(mean - want) > 4.0 * se)
        fail_msg("mean spending %.17g, closed form %.17g, se %.6g", mean, want, se);
    assert_true(se > 0.0 && se < 0.01 * want);
    fs_results_free(res);

    res = fx_run_free(sc_stays(""), 1);
    for (int r = 0; r < res->rep_count; r++)
        assert_close(V(res, r, 0, SPEND_INPATIENT), b1 * V(res, r, 0, ADMISSIONS), 1e-13, 0);
    fs_results_free(res);
}

/* 1000 men aged 40, all in one group with assistance 60% above 0 (no
 * cap), on the lines `lines`; everybody holds a chronic programme of
 * constant cost 10,000 (ratio 0.5: self-paid 5,000) and has admissions
 * Poisson(0.3) of lognormal cost (in scope 0.8, deductible 500, ratio
 * 0.7).  No critical illness. */
static fs_scenario *sc_lines(const char *lines)
{
    return fx_load("extends: quiet.yaml\n"
                   "simulation: {replications: 20}\n"
                   "population: {total: 1000, structure: male40.csv}\n"
                   "groups:\n"
                   "  - {name: 低保, share: 1.0, assistance: {ratio: 0.6, threshold: 0%s}}\n"
                   "benefits:\n"
                   "  chronic:\n"
                   "    - {name: 门诊特病, prevalence: 1.0,\n"
                   "       cost: {dist: lognormal, mean: 10000, cv: 1e-15}, ratio: 0.5}\n"
                   "  inpatient:\n"
                   "    admission_rate: 0.3\n"
                   "    levels: [{name: 县级医院, share: 1.0,\n"
                   "              cost: {dist: lognormal, mean: 8000, cv: 1.0},\n"
                   "              in_scope: 0.8, deductible: 500, ratio: 0.7}]\n",
                   lines);
}

/* Lines of care: with a threshold of 0 and no cap assistance is linear in
 * the base, so replication by replication (common random numbers)
 *   [chronic]   = 0.6 x 1000 x 5,000 = 3,000,000
 *   [inpatient] = 0.6 x (in-scope inpatient cost - spend_inpatient)
 *   default (inpatient + chronic) = the sum of the two. */
static void test_assist_lines_engine(void **state)
{
    (void)state;
    fs_results *ch = fx_run_free(sc_lines(", lines: [chronic]"), 1);
    fs_results *in = fx_run_free(sc_lines(", lines: [inpatient]"), 1);
    fs_results *both = fx_run_free(sc_lines(""), 1);
    fs_results *both2 = fx_run_free(sc_lines(", lines: [chronic, inpatient]"), 1);
    for (int r = 0; r < both->rep_count; r++) {
        double scope = V(in, r, 0, SPEND_INPATIENT) / V(in, r, 0, EFFECTIVE_RATIO_INPATIENT);
        assert_close(V(ch, r, 0, ASSIST_BENEFITS), 3e6, 1e-13, 0);
        assert_close(V(in, r, 0, ASSIST_BENEFITS), 0.6 * (scope - V(in, r, 0, SPEND_INPATIENT)),
                     1e-12, 0);
        assert_close(V(both, r, 0, ASSIST_BENEFITS),
                     V(ch, r, 0, ASSIST_BENEFITS) + V(in, r, 0, ASSIST_BENEFITS), 1e-12, 0);
        assert_true(V(both2, r, 0, ASSIST_BENEFITS) == V(both, r, 0, ASSIST_BENEFITS));
        assert_true(V(in, r, 0, SPEND_INPATIENT) == V(both, r, 0, SPEND_INPATIENT));
    }
    fs_results_free(ch);
    fs_results_free(in);
    fs_results_free(both);
    fs_results_free(both2);
}

/* 200 men aged 40: 100 in group A (assistance 70% above 3,000, cap 60,000,
 * and a tilt `tilt`), 50 in group B (no assistance of its own), 50
 * ordinary; everybody holds a chronic programme of constant cost `cost`
 * at ratio 0.5.  `bx`: the assistance map (by_expense), `ci` the
 * critical_illness block, `fin` keys added to financing. */
static fs_scenario *sc_assist(double cost, const char *tilt, const char *bx, const char *ci,
                              const char *fin)
{
    return fx_load("extends: quiet.yaml\n"
                   "simulation: {replications: 2}\n"
                   "population: {total: 200, structure: male40.csv}\n"
                   "financing: {fiscal_subsidy: 0, fiscal_shares: {provincial: 1.0}%s}\n"
                   "groups:\n"
                   "  - {name: A, share: 0.5,\n"
                   "     assistance: {ratio: 0.7, threshold_income_share: 0.1, cap: 60000%s}}\n"
                   "  - {name: B, share: 0.25}\n"
                   "benefits:\n"
                   "  chronic:\n"
                   "    - {name: 门诊特病, prevalence: 1.0,\n"
                   "       cost: {dist: lognormal, mean: %.17g, cv: 1e-15},\n"
                   "       ratio: 0.5, counts_for_critical_illness: true}\n"
                   "%s%s",
                   fin, tilt, cost, bx, ci);
}

#define NO_CI ""
#define FIN_30000 ", disposable_income: 30000"

/* Tilt and by_expense, CI off, disposable income 30,000 (A's threshold
 * 3,000).  Tilt: 50% of what the first layer leaves above 20,000, cap
 * 30,000; by_expense (groups B and ordinary): 40% above 50,000 for a base
 * above the line 100,000, cap 25,000.
 *   cost 300,000 (self-paid 150,000):
 *     A: min(60,000, 0.7 x 147,000) = 60,000; left 90,000: 0.5 x 70,000 =
 *        35,000 -> 30,000; 90,000 each
 *     B, ordinary: 150,000 > 100,000: 0.4 x 100,000 = 40,000 -> 25,000
 *   cost 100,000 (self-paid 50,000):
 *     A: 0.7 x 47,000 = 32,900; left 17,100 < 20,000: 32,900
 *     B, ordinary: 50,000 is below the line: 0 */
static void test_assist_tilt_by_expense(void **state)
{
    (void)state;
    const char *tilt = ", tilt: {ratio: 0.5, threshold: 20000, cap: 30000}";
    const char *bx = "assistance:\n"
                     "  by_expense: {line: 100000, ratio: 0.4, threshold: 50000, cap: 25000}\n";
    fs_results *res = fx_run_free(sc_assist(300000, tilt, bx, NO_CI, FIN_30000), 1);
    assert_close(V(res, 0, 0, ENROLLEES), 200, 0, 0);
    assert_close(V(res, 0, 0, ASSIST_BENEFITS), 100 * 90000 + 100 * 25000, 1e-14, 0);
    assert_close(V(res, 0, 0, OOP_MEAN), (100 * 60000.0 + 100 * 125000.0) / 200, 1e-14, 0);
    fs_results_free(res);
    res = fx_run_free(sc_assist(100000, tilt, bx, NO_CI, FIN_30000), 1);
    assert_close(V(res, 0, 0, ASSIST_BENEFITS), 100 * 32900, 1e-14, 0);
    fs_results_free(res);
    /* Without by_expense only A is assisted; without the tilt A gets 60,000. */
    res = fx_run_free(sc_assist(300000, "", "", NO_CI, FIN_30000), 1);
    assert_close(V(res, 0, 0, ASSIST_BENEFITS), 100 * 60000, 1e-14, 0);
    fs_results_free(res);
    /* The line as a share of income: 3.3333 x 30,000 = 99,999 is exceeded by
     * a base of 150,000; 5.1 x 30,000 = 153,000 is not. */
    res = fx_run_free(
        sc_assist(300000, "",
                  "assistance: {by_expense: {line_income_share: 3.3333, ratio: 0.4, "
                  "threshold: 50000, cap: 25000}}\n",
                  NO_CI, FIN_30000),
        1);
    assert_close(V(res, 0, 0, ASSIST_BENEFITS), 100 * 60000 + 100 * 25000, 1e-14, 0);
    fs_results_free(res);
    res = fx_run_free(sc_assist(300000, "",
                                "assistance: {by_expense: {line_income_share: 5.1, ratio: 0.4, "
                                "threshold: 50000, cap: 25000}}\n",
                                NO_CI, FIN_30000),
                      1);
    assert_close(V(res, 0, 0, ASSIST_BENEFITS), 100 * 60000, 1e-14, 0);
    fs_results_free(res);
}

/* financing.assistance_income: cost 60,000 (self-paid 30,000), CI
 * deductible half the disposable income 29,178 (14,589), ratio 0.6: CI =
 * 0.6 x 15,411 = 9,246.6 for everybody.  A's threshold is 10% of the
 * assistance income:
 *   unset (= disposable income 29,178): 0.7 x (20,753.4 - 2,917.8) = 12,484.92
 *   29,178 given: the same run, byte for byte
 *   20,000 given: 0.7 x (20,753.4 - 2,000) = 13,127.38; CI unchanged. */
static void test_assistance_income(void **state)
{
    (void)state;
    const char *ci = "critical_illness: {premium: 0, deductible_income_share: 0.5, ratio: 0.6}\n";
    static const char *const fin[3] = {", disposable_income: 29178",
                                       ", disposable_income: 29178, assistance_income: 29178",
                                       ", disposable_income: 29178, assistance_income: 20000"};
    fs_results *res[3];
    for (int i = 0; i < 3; i++) {
        fs_scenario *sc = sc_assist(60000, "", "", ci, fin[i]);
        double v;
        assert_int_equal(fsi_param_at(&sc->assistance_income, 2023, &v), FS_OK);
        assert_close(v, i == 2 ? 20000 : 29178, 0, 0);
        res[i] = fx_run_free(sc, 1);
        assert_close(V(res[i], 0, 0, CI_BENEFITS), 200 * 9246.6, 1e-13, 0);
    }
    assert_close(V(res[0], 0, 0, ASSIST_BENEFITS), 100 * 12484.92, 1e-13, 0);
    assert_memory_equal(res[0]->values, res[1]->values,
                        (size_t)res[0]->rep_count * (size_t)res[0]->years * FS_M_COUNT *
                            sizeof(double));
    assert_close(V(res[2], 0, 0, ASSIST_BENEFITS), 100 * 13127.38, 1e-13, 0);
    for (int i = 0; i < 3; i++)
        fs_results_free(res[i]);
}
#undef V

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stay_cap_and_repeat),
        cmocka_unit_test(test_assist_lines_engine),
        cmocka_unit_test(test_assist_tilt_by_expense),
        cmocka_unit_test(test_assistance_income),
    };
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
