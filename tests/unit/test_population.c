/* tests/unit/test_population.c -- cohort-component projection and groups. */
#include "fs_test.h"

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>

#include "engine_int.h"

static fs_scenario *sc_zero(void)
{
    fs_scenario *sc = calloc(1, sizeof *sc);
    snprintf(sc->name, sizeof sc->name, "pop");
    sc->start_year = 2023;
    sc->years = 6;
    sc->replications = 3;
    sc->seed = 99;
    sc->mode = FS_MODE_EXACT;
    sc->ntiers = 1;
    fsi_param_scalar(&sc->tier[0].contribution, 350);
    fsi_param_scalar(&sc->enroll_base_rate, 1.0);
    sc->sex_ratio_at_birth = 111.3;
    sc->base_year = 2023;
    fsi_param_scalar(&sc->reserve_min_months, 6);
    fsi_param_scalar(&sc->reserve_max_months, 15);
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            sc->pop[s][a] = 100.0 + 3.0 * a + 7.0 * s + (a % 7) * 0.25;
    return sc;
}

/* Zero mortality, fertility and migration: people only age (exactly). */
static void test_zero_only_ages(void **state)
{
    (void)state;
    fs_scenario *sc = sc_zero();
    double out[2][FS_NAGES], B = -1, D = -1;
    fsi_pop_step(sc, (const double(*)[FS_NAGES])sc->pop, 0, 1.0, 0.0, out, &B, &D);
    assert_true(B == 0.0 && D == 0.0);
    for (int s = 0; s < 2; s++) {
        assert_true(out[s][0] == 0.0);
        for (int a = 1; a < FS_MAX_AGE; a++)
            assert_true(out[s][a] == sc->pop[s][a - 1]);
        assert_true(out[s][FS_MAX_AGE] == sc->pop[s][FS_MAX_AGE - 1] + sc->pop[s][FS_MAX_AGE]);
    }

    /* Projection over six years, and the engine's enrollee counts. */
    double mig[6] = {0};
    double(*pop)[2][FS_NAGES] = malloc(6 * sizeof *pop);
    fsi_pop_project(sc, mig, 6, 1.0, pop);
    for (int y = 1; y < 6; y++)
        for (int s = 0; s < 2; s++)
            for (int a = y; a < FS_MAX_AGE; a++)
                assert_true(pop[y][s][a] == sc->pop[s][a - y]);

    /* With integer residents and rate 1 the enrollees are the residents. */
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            sc->pop[s][a] = 100.0 + a + 7 * s;
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            total += sc->pop[s][a];
    fs_results *res = NULL;
    char err[256];
    assert_int_equal(fs_run(sc, NULL, &res, err, sizeof err), FS_OK);
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            assert_true(*fs_results_at(res, r, y, FS_M_ENROLLEES) == total);
            assert_close(*fs_results_at(res, r, y, FS_M_INCOME_INDIVIDUAL), 350.0 * total, 1e-15, 0);
        }
    fs_results_free(res);
    free(pop);
    free(sc);
}

/* Births and deaths against a hand computation. */
static void test_births_deaths(void **state)
{
    (void)state;
    fs_scenario *sc = sc_zero();
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++) {
            sc->pop[s][a] = 1000.0;
            sc->mortality_q[s][a] = 0.01;
        }
    sc->mortality_improvement = 0.1;
    for (int a = 20; a < 30; a++)
        sc->fertility_asfr[a] = 0.05;
    sc->sex_ratio_at_birth = 105.0;
    double out[2][FS_NAGES], B, D;
    /* t = 2: q = 0.01 x 0.9^2 = 0.0081; qmult 1.5 -> 0.01215. */
    fsi_pop_step(sc, (const double(*)[FS_NAGES])sc->pop, 2, 1.5, 0.01, out, &B, &D);
    assert_close(B, 10 * 1000 * 0.05, 1e-15, 0);
    assert_close(D, 202000 * 0.01215, 1e-13, 0);
    assert_close(out[0][0], 500.0 * 105.0 / 205.0 * 1.01, 1e-15, 0);
    assert_close(out[1][0], 500.0 * 100.0 / 205.0 * 1.01, 1e-15, 0);
    assert_close(out[0][37], 1000.0 * (1 - 0.01215) * 1.01, 1e-15, 0);
    assert_close(out[1][FS_MAX_AGE], 2000.0 * (1 - 0.01215) * 1.01, 1e-15, 0);

    /* Crude birth rate: births = rate x total. */
    sc->crude_birth_rate = 0.008;
    fsi_pop_step(sc, (const double(*)[FS_NAGES])sc->pop, 0, 1.0, 0.0, out, &B, &D);
    assert_close(B, 0.008 * 202000.0, 1e-15, 0);
    assert_close(D, 2020.0, 1e-13, 0);
    free(sc);
}

/* Groups take exclusive shares within their age range; ordinary the rest. */
static void test_groups(void **state)
{
    (void)state;
    fs_scenario *sc = sc_zero();
    sc->ngroups = 2;
    sc->group[0].age_min = 60;
    sc->group[0].age_max = 100;
    sc->group[1].age_min = 0;
    sc->group[1].age_max = 100;
    double gs[2] = {0.1, 0.2}, out[FSI_MAX_G];
    fsi_pop_groups(sc, gs, 30, 1000.0, out);
    assert_close(out[0], 0.0, 0, 0);
    assert_close(out[1], 200.0, 1e-15, 0);
    assert_close(out[2], 800.0, 1e-15, 0);
    fsi_pop_groups(sc, gs, 70, 1000.0, out);
    assert_close(out[0], 100.0, 1e-15, 0);
    assert_close(out[1], 200.0, 1e-15, 0);
    assert_close(out[2], 700.0, 1e-15, 0);
    free(sc);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_only_ages),
        cmocka_unit_test(test_births_deaths),
        cmocka_unit_test(test_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
