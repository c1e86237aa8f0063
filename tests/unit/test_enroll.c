/* tests/unit/test_enroll.c -- enrollment (docs/model.md §3): the binding
 * target (enrollment.floor), the price response and the shock, newborns in
 * their birth year, late enrollees' waiting period and students' benefit
 * period.  Closed forms in the plan (exact) and in runs (within 4 se). */
#include "engine_fixtures.h"

#include <float.h>

#include <gsl/gsl_errno.h>

#include "plan_int.h"
#include "rules_int.h"

#define NCELL (2 * FS_NAGES) /* cells of uniform.csv */

static int setup(void **state)
{
    (void)state;
    if (fx_setup_dir() != 0)
        return -1;
    double ones[2][FS_NAGES];
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            ones[s][a] = 1.0;
    fx_write_table("uniform.csv", ones);
    return 0;
}

/* The plan of sc for year y (fails the test on error). */
static fsi_year plan(const fs_scenario *sc, int y)
{
    fsi_year Y;
    char err[512] = "";
    if (fsi_plan_year(sc, y, &Y, err, sizeof err) != FS_OK)
        fail_msg("plan %d: %s", y, err);
    return Y;
}

/* The binding target: rate = max(floor, base x exp(e (net - ref)/ref)).
 * Base 0.9, e = -0.5, net 420, ref 350: 0.9 exp(-0.1) = 0.8143; a floor of
 * 0.88 holds it at 0.88, a floor of 0.8 does not bind, no floor is none.
 * The shock then applies around the held rate (mean preserved). */
static void test_floor_closed_form(void **state)
{
    (void)state;
#define FLOOR_YAML                                                                           \
    "extends: quiet.yaml\n"                                                                \
    "population: {total: %d, structure: uniform.csv}\n"                                    \
    "tiers: [{contribution: 420}]\n"                                                       \
    "enrollment: {base_rate: 0.9, shock_sd: 0.02, elasticity: -0.5,\n"                     \
    "             reference_price: 350%s}\n"
    const double drift = 0.9 * exp(-0.5 * 70.0 / 350.0);
    struct {
        const char *floor;
        double want;
    } c[] = {{"", drift}, {", floor: 0.88", 0.88}, {", floor: 0.8", drift}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        fs_scenario *sc = fx_load(FLOOR_YAML, 50 * NCELL, c[i].floor);
        fsi_year Y = plan(sc, 2023);
        assert_close(Y.rate[FSI_ORDINARY(sc)], c[i].want, 1e-15, 0);
        fs_results *res = fx_run_free(sc, 0);
        fx_assert_within_se(res, FS_M_ENROLLEES, c[i].want * 50 * NCELL, 4.0);
        fs_results_free(res);
    }
}

/* scenarios/NAME with overrides (fails the test on error). */
static fs_scenario *seed_with(const char *name, const char *const *sets, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s", FS_SOURCE_DIR, name);
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    if (fs_scenario_load_with(path, sets, n, &sc, d) != FS_OK) {
        fx_print_diags(name, d);
        fail_msg("%s: load failed", name);
    }
    fs_diags_free(d);
    return sc;
}

/* Mean and se over replications of enrollees / residents(y) in year index y. */
static void rate_mean_se(const fs_results *res, int y, double residents, double *mean, double *se)
{
    fx_mean_se(res, y, FS_M_ENROLLEES, mean, se);
    *mean /= residents;
    *se /= residents;
}

/* Wenshui's "征缴的目标任务为…95%以上，为约束性指标" 一(二): the ordinary
 * residents' rate of 2027 is held at 0.95 in the plan (the price response
 * alone would take it to 0.95 x exp(-0.1 x (net - 350)/350) < 0.95), and
 * the mean rate of a run (4,000 men aged 40, only ordinary residents, no
 * births or migration) is at least 0.95 within 4 se. */
static void test_wenshui_floor(void **state)
{
    (void)state;
    char sets[16][800];
    const char *sp[16];
    size_t n = 0;
    double one[2][FS_NAGES] = {{0}};
    one[0][40] = 1.0;
    fx_write_table("male40.csv", one);
    snprintf(sets[n++], 800, "scenario.years=5");
    snprintf(sets[n++], 800, "simulation={replications: 100, mode: exact}");
    snprintf(sets[n++], 800,
             "population={total: 4000, structure: %s/male40.csv, mortality: {shock_sd: 0}, "
             "fertility: {tfr: 0}, migration: {net_rate: 0}}",
             fx_dir);
    fs_scenario *sc = seed_with("wenshui-2023.yaml", NULL, 0);
    int ng = sc->ngroups;
    fs_scenario_free(sc);
    for (int g = 0; g < ng; g++)
        snprintf(sets[n++], 800, "groups[%d].share=0", g);
    for (size_t i = 0; i < n; i++)
        sp[i] = sets[i];
    sc = seed_with("wenshui-2023.yaml", sp, n);

    fsi_year Y = plan(sc, 2027);
    const int o = FSI_ORDINARY(sc);
    double net = 0.0;
    for (int t = 0; t < sc->ntiers; t++)
        net += Y.tsn[o][t] * (Y.stdc[o][t] - Y.sub[o][t]);
    double drift = Y.gbase[o] * fsi_price_factor(sc->enroll_elasticity, 1, net, Y.ref);
    assert_true(drift < 0.95 - 1e-3); /* the floor binds */
    assert_true(Y.rate[o] == 0.95);

    double mig[5] = {0}, pop[5][2][FS_NAGES], res_y = 0.0;
    fsi_pop_project(sc, mig, 5, 1.0, pop);
    for (int a = 0; a < FS_NAGES; a++)
        res_y += pop[4][0][a] + pop[4][1][a];
    fs_results *res = fx_run_free(sc, 0);
    double mean, se;
    rate_mean_se(res, 4, res_y, &mean, &se);
    if (!(mean >= 0.95 - 4.0 * se && se > 0.0))
        fail_msg("2027 rate %.6f, se %.2g: below the floor 0.95", mean, se);
    assert_true(mean <= 0.95 + 4.0 * se); /* held at it, not above */
    fs_results_free(res);
}

/* Newborns in their birth year (enrollment.newborn_cover: birth_year;
 * 皖 二.8 "出生90天内参保缴费的，自出生之日起享受医保待遇").  200,000 women
 * aged 30, crude birth rate 0.02: B = 4,000 births in the first year, of
 * whom 0.9 enroll.  Expected, exactly: enrollees N + 0.9 B; income 350 +
 * 640 per enrollee, newborns included (the full year's standard and the
 * full fiscal subsidy); admissions 0.9 B x 0.3 x 0.5 (admission rate 0.3
 * at age 0 only; a birth in month m is covered (12.5 - m)/12 of the year,
 * 1/2 on average).  Next year the same B persons are age 0 of P (enrolled
 * at the base rate 1), and that year's births c (N + B) enroll at 0.9: no
 * double count.  next_year (the default) has no newborns in year one. */
static void test_newborns_birth_year(void **state)
{
    (void)state;
    const double N = 200000.0, c = 0.02, B = c * N, rho = 0.9, lam = 0.3;
    double one[2][FS_NAGES] = {{0}};
    one[1][30] = 1.0;
    fx_write_table("female30.csv", one);
#define NEWBORN_YAML                                                                          \
    "extends: quiet.yaml\n"                                                                \
    "scenario: {years: 2}\n"                                                               \
    "population: {total: %.17g, structure: female30.csv, fertility: {crude_birth_rate: %g}}\n" \
    "enrollment: {base_rate: 1.0, shock_sd: 0, newborn_rate: %g%s}\n"                      \
    "financing: {fiscal_subsidy: 640}\n"                                                   \
    "benefits:\n"                                                                          \
    "  inpatient:\n"                                                                       \
    "    admission_rate: {0: %g, 1: 0}\n"                                                  \
    "    levels: [{name: a, share: 1.0, cost: {mean: 5000, cv: 1.0}, ratio: 0.7}]\n"
    fs_results *res = fx_run_free(
        fx_load(NEWBORN_YAML, N, c, rho, ", newborn_cover: birth_year", lam), 0);
    fx_assert_within_se(res, FS_M_ENROLLEES, N + rho * B, 4.0);
    for (int r = 0; r < res->rep_count; r++) {
        double E = *fs_results_at(res, r, 0, FS_M_ENROLLEES);
        assert_true(E > N && E == floor(E));
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_INDIVIDUAL), 350.0 * E, 1e-14, 0);
        assert_close(*fs_results_at(res, r, 0, FS_M_INCOME_FISCAL), 640.0 * E, 1e-14, 0);
    }
    fx_assert_within_se(res, FS_M_ADMISSIONS, rho * B * lam * 0.5, 4.0);
    double mean, se, want1 = N + B + rho * c * (N + B);
    fx_mean_se(res, 1, FS_M_ENROLLEES, &mean, &se);
    if (!(fabs(mean - want1) <= 4.0 * se && se > 0.0))
        fail_msg("year 2 enrollees %.3f, want %.3f, se %.3g", mean, want1, se);
    fs_results_free(res);

    res = fx_run_free(fx_load(NEWBORN_YAML, N, c, rho, "", lam), 0);
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(*fs_results_at(res, r, 0, FS_M_ENROLLEES) == N);
        assert_true(*fs_results_at(res, r, 0, FS_M_ADMISSIONS) == 0.0);
    }
    fs_results_free(res);
}

/* The shock keeps the mean (reading 10a): fsi_rate_shocked(r, 1 + sd z)
 * and (r, 1 - sd z) average to r for any z, a rate of 1 stays 1, and where
 * the limits do not bind the value is r (1 + sd z) to the bit.  A run with
 * rate 1 and shock sd 0.02 enrolls every resident in every replication (the
 * shock clamped at 1 averaged 1 - 0.4 sd: 99.6% at sd 0.01); rate 0.99 averages 0.99
 * within 4 se (400 replications; the clamp alone gave 0.99 - 0.0039). */
static void test_shock_keeps_mean(void **state)
{
    (void)state;
    const double r[] = {1.0, 0.995, 0.95, 0.5, 0.3, 0.0}, z[] = {0.3, 0.7, 2.0, 6.0, 80.0};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        for (size_t j = 0; j < sizeof z / sizeof z[0]; j++) {
            double up = fsi_rate_shocked(r[i], 1.0 + 0.02 * z[j]);
            double dn = fsi_rate_shocked(r[i], 1.0 - 0.02 * z[j]);
            assert_close(0.5 * (up + dn), r[i], 4 * DBL_EPSILON, 0);
            assert_true(up >= 0.0 && up <= 1.0 && dn >= 0.0 && dn <= 1.0);
        }
    assert_true(fsi_rate_shocked(1.0, 1.05) == 1.0 && fsi_rate_shocked(1.0, 0.95) == 1.0);
    assert_true(fsi_rate_shocked(0.95, 1.0 + 0.02 * 1.3) == 0.95 * (1.0 + 0.02 * 1.3));
    assert_true(fsi_rate_shocked(0.95, 1.1) == 1.0);
    assert_close(fsi_rate_shocked(0.95, 0.8), 0.9, 2 * DBL_EPSILON, 0);

    const int N = 20 * NCELL;
    fs_results *res = FX_RUN_YAML(0,
                                  "extends: quiet.yaml\n"
                                  "population: {total: %d, structure: uniform.csv}\n"
                                  "enrollment: {base_rate: 1.0, shock_sd: 0.02}\n",
                                  N);
    for (int k = 0; k < res->rep_count; k++)
        assert_true(*fs_results_at(res, k, 0, FS_M_ENROLLEES) == (double)N);
    fs_results_free(res);
    res = FX_RUN_YAML(0,
                      "extends: quiet.yaml\n"
                      "simulation: {replications: 400}\n"
                      "population: {total: %d, structure: uniform.csv}\n"
                      "enrollment: {base_rate: 0.99, shock_sd: 0.02}\n",
                      N);
    fx_assert_within_se(res, FS_M_ENROLLEES, 0.99 * N, 4.0);
    fs_results_free(res);
}

/* Subsidised groups are not lifted by the price response (reading 10b):
 * a fully subsidised, price-sensitive group (net price 0) with base 0.95
 * and elasticity -0.5 keeps 0.95 (exp(0.5) x 0.95 = 1.57 made it 1); the
 * factor is min(1, exp(e (net - ref)/ref)). */
static void test_subsidy_not_lifted(void **state)
{
    (void)state;
    assert_close(fsi_price_factor(-0.5, 1, 0, 350), 1, 0, 0);
    assert_close(fsi_price_factor(-0.5, 1, 315, 350), 1, 0, 0);
    assert_close(fsi_price_factor(-0.5, 1, 420, 350), exp(-0.1), 1e-15, 0);
    fs_scenario *sc = fx_load("extends: quiet.yaml\n"
                              "population: {total: 1000, structure: uniform.csv}\n"
                              "groups: [{name: 特困, share: 0.05, subsidy: {type: full}},\n"
                              "         {name: 低保, share: 0.05, subsidy: {type: fixed, amount: 280}}]\n"
                              "enrollment: {base_rate: 0.95, elasticity: -0.5, reference_price: 350}\n");
    fsi_year Y = plan(sc, 2023);
    assert_true(Y.rate[0] == 0.95 && Y.rate[1] == 0.95 && Y.rate[2] == 0.95);
    fs_scenario_free(sc);
}

/* The reference price's default is the start year's tier-1 standard held in
 * yuan (reading 10c): with 350 in 2023 and 420 in 2024 and no
 * reference_price, the 2024 rate is 0.9 exp(-0.5 x 70/350) (it stayed 0.9
 * when the reference followed the standard). */
static void test_reference_default(void **state)
{
    (void)state;
    fs_scenario *sc = fx_load("extends: quiet.yaml\n"
                              "scenario: {years: 2}\n"
                              "population: {total: 1000, structure: uniform.csv}\n"
                              "tiers: [{contribution: {2023: 350, 2024: 420}}]\n"
                              "enrollment: {base_rate: 0.9, elasticity: -0.5}\n");
    double ref = 0.0;
    assert_int_equal(fsi_param_at(&sc->enroll_reference_price, 2024, &ref), FS_OK);
    assert_true(ref == 350.0);
    assert_true(plan(sc, 2023).rate[0] == 0.9);
    assert_close(plan(sc, 2024).rate[0], 0.9 * exp(-0.1), 1e-15, 0);
    fs_scenario_free(sc);
}

/* Late enrollees as persons (皖 一.2 "超过3个月接续参加居民医保的，设置3个月待遇
 * 享受等待期").  20,000 men aged 40, admissions Poisson(1) a year, every stay
 * costs 5,000 at ratio 0.5 with an annual cap of 2,400, so the fund pays
 * 2,400 for every person admitted at least once.  With late_share s = 0.5
 * and waiting_months w = 6 (cover x = 1/2 for the late half):
 *   E[spend] = 2400 N ((1 - s)(1 - e^-1) + s (1 - e^-x)),
 * where the old shortcut (every person's rate x (1 - s w/12)) gave
 * 2400 N (1 - e^-0.75), 2.9% more.  A group with no_waiting_period has
 * 2400 N (1 - e^-1): the exemption matters. */
static void test_late_enrollees(void **state)
{
    (void)state;
    const double N = 20000.0, s = 0.5, x = 0.5;
    double one[2][FS_NAGES] = {{0}};
    one[0][40] = 1.0;
    fx_write_table("male40.csv", one);
#define LATE_YAML                                                                             \
    "extends: quiet.yaml\n"                                                                \
    "population: {total: %.17g, structure: male40.csv}\n"                                  \
    "enrollment: {base_rate: 1.0, shock_sd: 0, late_share: %g, waiting_months: 6}\n"       \
    "%s"                                                                                     \
    "benefits:\n"                                                                          \
    "  inpatient:\n"                                                                       \
    "    admission_rate: 1.0\n"                                                            \
    "    annual_cap: 2400\n"                                                               \
    "    levels: [{name: a, share: 1.0, cost: {mean: 5000, cv: 1e-9}, ratio: 0.5}]\n"
    const double want = 2400.0 * N * ((1.0 - s) * (1.0 - exp(-1.0)) + s * (1.0 - exp(-x)));
    const double shortcut = 2400.0 * N * (1.0 - exp(-(1.0 - s * 6.0 / 12.0)));
    fs_results *res = fx_run_free(fx_load(LATE_YAML, N, s, ""), 0);
    fx_assert_within_se(res, FS_M_SPEND_INPATIENT, want, 4.0);
    double mean, se;
    fx_mean_se(res, 0, FS_M_SPEND_INPATIENT, &mean, &se);
    assert_true(fabs(shortcut - mean) > 10.0 * se); /* the shortcut is refuted */
    for (int r = 0; r < res->rep_count; r++) /* late enrollees pay the full standard */
        assert_true(*fs_results_at(res, r, 0, FS_M_INCOME_INDIVIDUAL) == 350.0 * N);
    fs_results_free(res);

    res = fx_run_free(fx_load(LATE_YAML, N, s,
                              "groups: [{name: 特困, share: 1.0, no_waiting_period: true}]\n"),
                      0);
    fx_assert_within_se(res, FS_M_SPEND_INPATIENT, 2400.0 * N * (1.0 - exp(-1.0)), 4.0);
    fs_results_free(res);
}

/* Pengshui: the eight groups of 三(一)2 have no waiting period (late share
 * 0 in the plan), the other residents 2% late with 9 covered months. */
static void test_pengshui_exemption(void **state)
{
    (void)state;
    fs_scenario *sc = seed_with("pengshui-2023.yaml", NULL, 0);
    fsi_year Y = plan(sc, 2023);
    assert_int_equal(sc->ngroups, 8);
    for (int g = 0; g < sc->ngroups; g++)
        assert_true(sc->group[g].waiting_exempt && Y.late[g] == 0.0);
    assert_true(Y.late[FSI_ORDINARY(sc)] == 0.02);
    assert_true(Y.late_cover == 0.75);
    fs_scenario_free(sc);
}

/* Students' benefit period (渝 二 "对当年毕业的参保大学生，其医保待遇享受时间由当年的
 * 8月31日延长至当年12月31日").  20,000 men aged 21, all in a student group
 * (ages 18-22) of which a quarter graduate in the year; admissions
 * Poisson(1), 2,400 paid per person admitted (as in test_late_enrollees).
 * Graduates covered to 31 August (cover_months 8, x = 2/3):
 *   E[spend] = 2400 N (0.75 (1 - e^-1) + 0.25 (1 - e^-x));
 * to 31 December (12) every person has the whole year: 2400 N (1 - e^-1),
 * and the run is the one without graduation to the bit (nobody loses a
 * month, so nobody is split off).  Chongqing: a quarter graduate, covered 12
 * months from 2023 (8 before). */
static void test_graduates(void **state)
{
    (void)state;
    const double N = 20000.0, x = 8.0 / 12.0;
    double one[2][FS_NAGES] = {{0}};
    one[0][21] = 1.0;
    fx_write_table("male21.csv", one);
#define GRAD_YAML                                                                             \
    "extends: quiet.yaml\n"                                                                \
    "population: {total: %.17g, structure: male21.csv}\n"                                  \
    "groups: [{name: 大学生, share: 1.0, ages: [18, 22]%s}]\n"                              \
    "benefits:\n"                                                                          \
    "  inpatient:\n"                                                                       \
    "    admission_rate: 1.0\n"                                                            \
    "    annual_cap: 2400\n"                                                               \
    "    levels: [{name: a, share: 1.0, cost: {mean: 5000, cv: 1e-9}, ratio: 0.5}]\n"
    fs_results *res = fx_run_free(
        fx_load(GRAD_YAML, N, ", graduation: {share: 0.25, cover_months: 8}"), 0);
    fx_assert_within_se(res, FS_M_SPEND_INPATIENT,
                        2400.0 * N * (0.75 * (1.0 - exp(-1.0)) + 0.25 * (1.0 - exp(-x))), 4.0);
    fs_results_free(res);
    fs_results *a = fx_run_free(
        fx_load(GRAD_YAML, N, ", graduation: {share: 0.25, cover_months: 12}"), 0);
    fs_results *b = fx_run_free(fx_load(GRAD_YAML, N, ""), 0);
    fx_assert_within_se(a, FS_M_SPEND_INPATIENT, 2400.0 * N * (1.0 - exp(-1.0)), 4.0);
    assert_memory_equal(a->values, b->values,
                        (size_t)a->rep_count * (size_t)a->years * FS_M_COUNT * sizeof(double));
    fs_results_free(a);
    fs_results_free(b);

    fs_scenario *sc = seed_with("chongqing-2023.yaml", NULL, 0);
    int g = -1;
    for (int i = 0; i < sc->ngroups; i++)
        if (strcmp(sc->group[i].id, "student") == 0)
            g = i;
    assert_true(g >= 0);
    double m = 0.0;
    assert_int_equal(fsi_param_at(&sc->group[g].grad.cover_months, 2022, &m), FS_OK);
    assert_true(m == 8.0);
    for (int y = 2023; y < 2023 + sc->years; y++) {
        fsi_year Y = plan(sc, y);
        assert_true(Y.grad[g] == 0.25 && Y.grad_cover[g] == 1.0);
    }
    fs_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floor_closed_form),
        cmocka_unit_test(test_wenshui_floor),
        cmocka_unit_test(test_newborns_birth_year),
        cmocka_unit_test(test_shock_keeps_mean),
        cmocka_unit_test(test_subsidy_not_lifted),
        cmocka_unit_test(test_reference_default),
        cmocka_unit_test(test_late_enrollees),
        cmocka_unit_test(test_pengshui_exemption),
        cmocka_unit_test(test_graduates),
    };
    return cmocka_run_group_tests(tests, setup, fx_group_teardown);
}
