/* tests/unit/test_switches.c -- dated switches and prevalences
 * (docs/model.md §6, §7): groups[].critical_illness.no_cap,
 * benefits.chronic[].excludes_general_outpatient and
 * .counts_for_critical_illness as true/false or years -> true/false, and
 * benefits.chronic[].prevalence_scale; the plan resolves them by year and
 * the engine flips the benefit in the year the switch flips. */
#include "engine_fixtures.h"

#include <math.h>

/* 100 men aged 50 (nobody dies, no births), all in group 特困 whose CI cap
 * is lifted 2023-2024 and restored in 2025.  Programme A: everybody, a
 * constant 400000 a year, ratio 0.5, counting for CI except in 2024;
 * excluding general outpatient only in 2024.  Programme B: prevalence
 * 0.5 x scale 2 (2023: everybody), 0 (2024: nobody), 1 (2025: half).
 * General outpatient: everybody, constant 100, ratio 0.5.  CI: deductible
 * 20000, ratio 0.6, cap 100000. */
static const char SCEN[] =
    "extends: quiet.yaml\n"
    "scenario: {years: 3}\n"
    "simulation: {replications: 40}\n"
    "population: {total: 100, structure: male50.csv, fertility: {tfr: 0}}\n"
    "groups:\n"
    "  - name: 特困人员\n"
    "    share: 1.0\n"
    "    critical_illness: {no_cap: {2023: true, 2025: false, ref: test}}\n"
    "  - name: 低保\n"
    "    share: 0\n"
    "    critical_illness: {no_cap: true}\n"
    "critical_illness: {premium: 60, deductible: 20000, ratio: 0.6, cap: 100000}\n"
    "benefits:\n"
    "  outpatient: {use_rate: 1, cost: {mean: 100, cv: 1e-15}, ratio: 0.5}\n"
    "  chronic:\n"
    "    - {name: A, prevalence: 1.0, cost: {mean: 400000, cv: 1e-15}, ratio: 0.5,\n"
    "       counts_for_critical_illness: {2023: true, 2024: false, 2025: true},\n"
    "       excludes_general_outpatient: {2023: false, 2024: true, 2025: false}}\n"
    "    - {name: B, prevalence: 0.5, cost: {mean: 1000, cv: 1e-15}, ratio: 0.5,\n"
    "       prevalence_scale: {2023: 2, 2024: 0, 2025: 1}}\n";

/* The view of key path `path` for `year`: its text ("" if unresolved). */
static const char *view_text(const fs_scenario *sc, const char *path, int year, int *rc)
{
    for (size_t i = 0; i < fs_scenario_param_count(sc); i++) {
        fs_param_view v;
        int r = fs_scenario_param_get(sc, i, year, &v);
        if (strcmp(v.path, path) == 0) {
            *rc = r;
            return v.is_text ? v.text : "(number)";
        }
    }
    fail_msg("no view %s", path);
    return "";
}

static void test_plan_by_year(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load("%s", SCEN);
    static const int nocap[3] = {1, 1, 0}, ci[3] = {1, 0, 1}, excl[3] = {0, 1, 0};
    static const double scale[3] = {2, 0, 1};
    for (int y = 0; y < 3; y++) {
        fsi_year Y;
        char err[256] = "";
        assert_int_equal(fsi_plan_year(sc, 2023 + y, &Y, err, sizeof err), FS_OK);
        assert_int_equal(isinf(Y.ci_cap_g[0]) != 0, nocap[y]);
        assert_true(isinf(Y.ci_cap_g[1]));             /* plain `true`: every year */
        assert_close(Y.ci_cap_g[2], 100000, 0, 0);     /* the ordinary residents */
        assert_int_equal(Y.ch_ci[0], ci[y]);
        assert_int_equal(Y.ch_ci[1], 0);               /* the default */
        assert_int_equal(Y.ch_excl[0], excl[y]);
        assert_close(Y.ch_prev[0], 1, 0, 0);           /* the default */
        assert_close(Y.ch_prev[1], scale[y], 0, 0);
        /* `show` prints a switch as true/false for the year asked. */
        int rc;
        assert_string_equal(view_text(sc, "groups[0].critical_illness.no_cap", 2023 + y, &rc),
                            nocap[y] ? "true" : "false");
        assert_int_equal(rc, FS_OK);
        assert_string_equal(view_text(sc, "groups[1].critical_illness.no_cap", 2023 + y, &rc),
                            "true");
        assert_string_equal(
            view_text(sc, "benefits.chronic[0].excludes_general_outpatient", 2023 + y, &rc),
            excl[y] ? "true" : "false");
    }
    /* Before the first year given: unresolved (the loader checks the
     * simulated years, so only `show` can ask). */
    int rc;
    assert_string_equal(view_text(sc, "groups[0].critical_illness.no_cap", 2022, &rc), "");
    assert_int_equal(rc, FS_EUSAGE);
    assert_string_equal(view_text(sc, "groups[1].critical_illness.no_cap", 1990, &rc), "true");
    fs_scenario_free(sc);
}

/* Year by year, exactly:
 *   2023: A counts, no cap: CI = 0.6 x (200000 - 20000) = 108000 each;
 *         outpatient 50 each; chronic 200000 + 500 (B: everybody).
 *   2024: A does not count: CI 0; A excludes outpatient: 0; chronic 200000
 *         (B: nobody).
 *   2025: cap restored: CI = 100000 each; outpatient 50; B held by half
 *         (Monte Carlo: 500 x Binomial(100, 0.5), within 4 se). */
static void test_engine_flips(void **state)
{
    (void)state;
    fs_results *res = FX_RUN_YAML(0, "%s", SCEN);
    for (int r = 0; r < res->rep_count; r++) {
#define A(y, m) (*fs_results_at(res, r, (y), FS_M_##m))
        assert_close(A(0, ENROLLEES), 100, 0, 0);
        assert_close(A(0, CI_BENEFITS), 100 * 108000.0, 1e-12, 0);
        assert_close(A(1, CI_BENEFITS), 0, 0, 0);
        assert_close(A(2, CI_BENEFITS), 100 * 100000.0, 1e-12, 0);
        assert_close(A(0, SPEND_OUTPATIENT), 100 * 50.0, 1e-12, 0);
        assert_close(A(1, SPEND_OUTPATIENT), 0, 0, 0);
        assert_close(A(2, SPEND_OUTPATIENT), 100 * 50.0, 1e-12, 0);
        assert_close(A(0, SPEND_CHRONIC), 100 * 200500.0, 1e-12, 0);
        assert_close(A(1, SPEND_CHRONIC), 100 * 200000.0, 1e-12, 0);
#undef A
    }
    double m, se;
    fx_mean_se(res, 2, FS_M_SPEND_CHRONIC, &m, &se);
    assert_true(se > 0);
    if (!(fabs(m - 100 * (200000.0 + 0.5 * 500.0)) <= 4 * se))
        fail_msg("2025 chronic %g, want %g (se %g)", m, 100 * 200250.0, se);
    fs_results_free(res);
}

/* A plain boolean and its dated form with one year give the same bytes;
 * prevalence_scale 1 changes nothing. */
static void test_plain_equals_dated(void **state)
{
    (void)state;
    static const char *const forms[3][2] = {
        {"true", "false"}, {"{2023: true}", "{2023: false}"}, {"true", "false"}};
    fs_results *res[3];
    for (int i = 0; i < 3; i++)
        res[i] = FX_RUN_YAML(0,
                             "extends: quiet.yaml\n"
                             "scenario: {years: 2}\n"
                             "simulation: {replications: 5}\n"
                             "population: {total: 300, structure: male50.csv}\n"
                             "groups: [{name: g, share: 0.5, critical_illness: {no_cap: %s}}]\n"
                             "critical_illness: {premium: 60, deductible: 2000, ratio: 0.6, "
                             "cap: 5000}\n"
                             "benefits:\n"
                             "  outpatient: {use_rate: 0.5, cost: {mean: 100, cv: 1}, ratio: 0.5}\n"
                             "  chronic:\n"
                             "    - {name: A, prevalence: 0.3, cost: {mean: 30000, cv: 1}, "
                             "ratio: 0.5,\n"
                             "       counts_for_critical_illness: %s%s}\n",
                             forms[i][0], forms[i][0],
                             i == 2 ? ", prevalence_scale: {2023: 1}" : "");
    size_t n = (size_t)res[0]->rep_count * (size_t)res[0]->years * FS_M_COUNT;
    assert_memory_equal(res[0]->values, res[1]->values, n * sizeof(double));
    assert_memory_equal(res[0]->values, res[2]->values, n * sizeof(double));
    for (int i = 0; i < 3; i++)
        fs_results_free(res[i]);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_by_year),
        cmocka_unit_test(test_engine_flips),
        cmocka_unit_test(test_plain_equals_dated),
    };
    return cmocka_run_group_tests(tests, fx_group_setup_male50, fx_group_teardown);
}
