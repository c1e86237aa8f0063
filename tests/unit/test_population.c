/* tests/unit/test_population.c -- cohort-component projection and groups.
 * Scenarios are YAML text (tests/unit/engine_fixtures.h); the residents
 * are population tables the tests write as CSV files. */
#include "engine_fixtures.h"

#include <gsl/gsl_errno.h>

#include "data_int.h"

/* The quiet base (nobody dies, everyone enrolled, no shocks) without
 * births, over six years, with the residents of the CSV file `table`. */
static fs_scenario *sc_zero(const char *table)
{
    return fx_load("extends: quiet.yaml\n"
                   "scenario: {name: pop, years: 6}\n"
                   "simulation: {replications: 3, seed: 99}\n"
                   "population:\n"
                   "  table: %s\n"
                   "  fertility: {tfr: 0}\n",
                   table);
}

/* Zero mortality, fertility and migration: people only age (exactly). */
static void test_zero_only_ages(void **state)
{
    (void)state;
    double P0[2][FS_NAGES];
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            P0[s][a] = 100.0 + 3.0 * a + 7.0 * s + (a % 7) * 0.25;
    fx_write_table("ages.csv", P0);
    fs_scenario *sc = sc_zero("ages.csv");
    double out[2][FS_NAGES], B = -1, D = -1;
    fsi_pop_step(sc, (const double(*)[FS_NAGES])P0, 0, 1.0, 0.0, out, &B, &D);
    assert_true(B == 0.0 && D == 0.0);
    for (int s = 0; s < 2; s++) {
        assert_true(out[s][0] == 0.0);
        for (int a = 1; a < FS_MAX_AGE; a++)
            assert_true(out[s][a] == P0[s][a - 1]);
        assert_true(out[s][FS_MAX_AGE] == P0[s][FS_MAX_AGE - 1] + P0[s][FS_MAX_AGE]);
    }

    /* Projection over six years from the scenario's residents (the table
     * read exactly), and the engine's enrollee counts. */
    double mig[6] = {0};
    double(*pop)[2][FS_NAGES] = malloc(6 * sizeof *pop);
    fsi_pop_project(sc, mig, 6, 1.0, pop);
    for (int y = 0; y < 6; y++)
        for (int s = 0; s < 2; s++)
            for (int a = y; a < FS_MAX_AGE; a++)
                assert_true(pop[y][s][a] == P0[s][a - y]);
    fs_scenario_free(sc);

    /* With integer residents and rate 1 the enrollees are the residents. */
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            P0[s][a] = 100.0 + a + 7 * s;
            total += P0[s][a];
        }
    fx_write_table("integers.csv", P0);
    sc = sc_zero("integers.csv");
    fs_results *res = NULL;
    char err[256];
    assert_int_equal(fs_run(sc, NULL, &res, err, sizeof err), FS_OK);
    assert_int_equal(res->years, 6);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            assert_true(*fs_results_at(res, r, y, FS_M_ENROLLEES) == total);
            assert_close(*fs_results_at(res, r, y, FS_M_INCOME_INDIVIDUAL), 350.0 * total, 1e-15, 0);
        }
    fs_results_free(res);
    free(pop);
    fs_scenario_free(sc);
}

/* Births and deaths against a hand computation: 1000 residents in every
 * cell, q(x) = 0.01 at every age, improvement 0.1, sex ratio at birth 105.
 * Fertility is the bundled census-2020 shape scaled by TFR 0.5, so births
 * are B = sum_a 1000 x (0.5 shape(a)) (the shape is fsi_china_asfr_shape). */
static void test_births_deaths(void **state)
{
    (void)state;
    const double tfr = 0.5;
    double P[2][FS_NAGES], q[2][FS_NAGES];
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            P[s][a] = 1000.0;
            q[s][a] = 0.01;
        }
    fx_write_table("flat.csv", P);
    fx_write_table("q01.csv", q);
    fs_scenario *sc = fx_load("extends: quiet.yaml\n"
                              "population:\n"
                              "  table: flat.csv\n"
                              "  mortality: {table: q01.csv, improvement: 0.1}\n"
                              "  fertility: {tfr: %g, sex_ratio_at_birth: 105}\n",
                              tfr);
    double want_B = 0.0;
    for (int a = 0; a < FS_NAGES; a++)
        want_B += 1000.0 * (fsi_china_asfr_shape[a] * tfr);
    assert_close(want_B, 1000.0 * tfr, 1e-9, 0); /* the shape sums to 1 (to 1e-10) */
    double out[2][FS_NAGES], B, D;
    /* t = 2: q = 0.01 x 0.9^2 = 0.0081; qmult 1.5 -> 0.01215. */
    fsi_pop_step(sc, (const double(*)[FS_NAGES])P, 2, 1.5, 0.01, out, &B, &D);
    assert_close(B, want_B, 1e-15, 0);
    assert_close(D, 202000 * 0.01215, 1e-13, 0);
    assert_close(out[0][0], want_B * 105.0 / 205.0 * 1.01, 1e-15, 0);
    assert_close(out[1][0], want_B * 100.0 / 205.0 * 1.01, 1e-15, 0);
    assert_close(out[0][37], 1000.0 * (1 - 0.01215) * 1.01, 1e-15, 0);
    assert_close(out[1][FS_MAX_AGE], 2000.0 * (1 - 0.01215) * 1.01, 1e-15, 0);
    fs_scenario_free(sc);

    /* Crude birth rate: births = rate x total. */
    sc = fx_load("extends: quiet.yaml\n"
                 "population:\n"
                 "  table: flat.csv\n"
                 "  mortality: {table: q01.csv, improvement: 0.1}\n"
                 "  fertility: {crude_birth_rate: 0.008, sex_ratio_at_birth: 105}\n");
    fsi_pop_step(sc, (const double(*)[FS_NAGES])P, 0, 1.0, 0.0, out, &B, &D);
    assert_close(B, 0.008 * 202000.0, 1e-15, 0);
    assert_close(D, 2020.0, 1e-13, 0);
    fs_scenario_free(sc);
}

/* Groups take exclusive shares within their age range; ordinary the rest. */
static void test_groups(void **state)
{
    (void)state;
    fx_write_cell("one.csv", 0, 30, 1.0);
    fs_scenario *sc = fx_load("extends: quiet.yaml\n"
                              "population: {total: 1000, structure: one.csv}\n"
                              "groups:\n"
                              "  - {name: old, share: 0.1, ages: [60, 100]}\n"
                              "  - {name: all, share: 0.2, ages: [0, 100]}\n");
    double gs[2] = {0.1, 0.2}, out[FSI_MAX_G];
    fsi_pop_groups(sc, gs, 0, 30, 1000.0, out);
    assert_close(out[0], 0.0, 0, 0);
    assert_close(out[1], 200.0, 1e-15, 0);
    assert_close(out[2], 800.0, 1e-15, 0);
    fsi_pop_groups(sc, gs, 0, 70, 1000.0, out);
    assert_close(out[0], 100.0, 1e-15, 0);
    assert_close(out[1], 200.0, 1e-15, 0);
    assert_close(out[2], 700.0, 1e-15, 0);
    fs_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_only_ages),
        cmocka_unit_test(test_births_deaths),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
