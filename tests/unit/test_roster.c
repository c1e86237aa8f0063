/* tests/unit/test_roster.c -- population.roster: the counts of a roster as
 * the starting residents (bands spread in whole persons, group ages,
 * repeated keys), the group and tier splits (docs/model.md §2-3), empty
 * cells, the projection (shares held by age), the first year's enrollees by
 * age band in the group table, the accepted spellings and the rules with
 * other keys.  Rosters are CSV files the suite writes (engine_fixtures.h). */
#include "engine_fixtures.h"

#include <gsl/gsl_errno.h>

/* quiet.yaml with two groups, two tiers and the roster `file`. */
static fs_scenario *load_roster(const char *file, int years)
{
    return fx_load("extends: quiet.yaml\n"
                   "scenario: {name: roster, years: %d}\n"
                   "simulation: {replications: 4}\n"
                   "population:\n"
                   "  roster: %s\n"
                   "  fertility: {tfr: 0}\n"
                   "groups:\n"
                   "  - {name: 低保对象, id: dibao}\n"
                   "  - {name: 学生, id: stu, ages: [3, 24]}\n"
                   "tiers:\n"
                   "  - {name: 一档, contribution: 350}\n"
                   "  - {name: 二档, contribution: 500}\n",
                   years, file);
}

/* Loads `yaml` (in fx_dir); returns the status, and 1 in *found if some
 * diagnostic contains `want`. */
static int load_status(const char *yaml, const char *want, int *found)
{
    fs_diags *d = fs_diags_alloc();
    fs_scenario *sc = NULL;
    char buf[1600];
    int rc = fs_scenario_load_string("scenario.yaml", yaml, strlen(yaml), fx_dir, &sc, d);
    *found = 0;
    for (size_t i = 0; i < fs_diags_count(d); i++) {
        fs_diag_format(fs_diags_get(d, i), buf, sizeof buf);
        if (strstr(buf, want))
            *found = 1;
        else
            printf("  %s\n", buf);
    }
    fs_scenario_free(sc);
    fs_diags_free(d);
    return rc;
}

static const char ROSTER_A[] =
    "# a roster of the tests\n"
    "age,sex,group,tier,count\n"
    "0-4,male,ordinary,一档,212\n"    /* 42 42 43 42 43 */
    "3,female,ordinary,2,7\n"
    "30-34,female,dibao,1,12.5\n"     /* 2.5 each */
    "85+,male,ordinary,1,32\n"        /* 85..100: 2 each */
    "100+,男,普通居民,1,5\n"          /* 100 and over: + 5 */
    "0-9,m,学生,一档,70\n"            /* the group's ages 3..9: 10 each */
    "30,male,dibao,一档,3\n"
    "30,male,dibao,一档,4\n"          /* repeated keys add */
    "\n"
    "24,f,stu,1,6\n";

/* The starting residents and the splits. */
static void test_counts(void **state)
{
    (void)state;
    fx_write("a.csv", ROSTER_A);
    fs_scenario *sc = load_roster("a.csv", 1);
    const fs_roster *R = sc->roster;
    assert_non_null(R);
    static const double male0[5] = {42, 42, 43, 42, 43};
    for (int a = 0; a < 5; a++)
        assert_true(sc->pop[0][a] == male0[a] + (a >= 3 ? 10.0 : 0.0));
    for (int a = 5; a < 10; a++)
        assert_true(sc->pop[0][a] == 10.0);
    assert_true(sc->pop[1][3] == 7.0 && sc->pop[1][24] == 6.0);
    for (int a = 30; a < 35; a++)
        assert_true(sc->pop[1][a] == 2.5);
    assert_true(sc->pop[0][30] == 7.0);
    for (int a = 85; a < FS_MAX_AGE; a++)
        assert_true(sc->pop[0][a] == 2.0);
    assert_true(sc->pop[0][FS_MAX_AGE] == 7.0);
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < FS_NAGES; a++)
            total += sc->pop[s][a];
    assert_close(total, 212 + 7 + 12.5 + 32 + 5 + 70 + 7 + 6, 1e-15, 0);

    /* Groups: dibao 0, stu 1, ordinary 2. */
    assert_close(R->gshare[0][3][1], 10.0 / 52.0, 1e-15, 0);
    assert_close(R->gshare[0][3][2], 42.0 / 52.0, 1e-15, 0);
    assert_true(R->gshare[0][30][0] == 1.0 && R->gshare[1][24][1] == 1.0);
    /* Tiers: the women aged 3 all chose tier 2; each group over all ages. */
    assert_true(R->tcum[1][3][2][0] == 0.0 && R->tcum[1][3][2][1] == 1.0);
    assert_true(R->tcum[0][3][2][0] == 1.0);
    assert_close(R->tshare[2][0], 249.0 / 256.0, 1e-15, 0);
    assert_close(R->tshare[2][1], 7.0 / 256.0, 1e-15, 0);
    assert_true(R->tshare[0][0] == 1.0 && R->tshare[1][0] == 1.0);

    /* Bands: every age or band of the file is a union of them. */
    static const int lo[] = {0, 3, 4, 5, 10, 24, 25, 30, 31, 35, 85, 100};
    assert_int_equal(R->nbands, (int)(sizeof lo / sizeof lo[0]));
    for (int b = 0; b < R->nbands; b++)
        assert_int_equal(R->band_lo[b], lo[b]);
    fs_scenario_free(sc);
}

/* Cells with nobody take the nearest age's shares, within the group's ages;
 * a sex with nobody, the other sex's. */
static void test_empty_cells(void **state)
{
    (void)state;
    fx_write("a.csv", ROSTER_A);
    fs_scenario *sc = load_roster("a.csv", 1);
    const fs_roster *R = sc->roster;
    assert_true(sc->pop[0][10] == 0.0 && R->gshare[0][10][1] == 1.0); /* from 9: a student */
    assert_true(R->gshare[0][20][0] == 1.0); /* 30 (10 away) is nearer than 9 (11 away) */
    assert_true(R->gshare[1][27][1] == 0.0 && R->gshare[1][27][2] == 1.0); /* 24: stu, but 27
                                                                               is above 24 */
    assert_true(R->gshare[1][60][0] == 1.0); /* 34 */
    fs_scenario_free(sc);

    fx_write("men.csv", "age,sex,group,tier,count\n30,male,dibao,1,3\n30,male,ordinary,2,7\n");
    sc = load_roster("men.csv", 1);
    R = sc->roster;
    assert_close(R->gshare[1][30][0], 0.3, 1e-15, 0);
    assert_close(R->gshare[1][70][2], 0.7, 1e-15, 0);
    assert_true(R->tcum[1][70][2][0] == 0.0);
    fs_scenario_free(sc);
}

/* With rate 1 and no shock, the first year enrolls the roster: whole counts
 * exactly, 2.5 per cell within rounding; the table's bands are the roster's. */
static void test_first_year(void **state)
{
    (void)state;
    fx_write("a.csv", ROSTER_A);
    fs_scenario *sc = load_roster("a.csv", 2);
    fs_results *res = fx_run(sc, 2);
    char name[64];
    assert_int_equal(res->nage_bands, 12);
    assert_int_equal(fs_results_gq(res), FS_GQ_COUNT + 12);
    assert_string_equal(fs_results_gq_name(res, FS_GQ_COUNT + 0, name, sizeof name),
                        "enrollees_age_0-2");
    assert_string_equal(fs_results_gq_name(res, FS_GQ_COUNT + 1, name, sizeof name),
                        "enrollees_age_3");
    assert_string_equal(fs_results_gq_name(res, FS_GQ_COUNT + 11, name, sizeof name),
                        "enrollees_age_100+");
    assert_string_equal(fs_results_gq_name(res, FS_GQ_COUNT + 12, name, sizeof name), "");
    assert_string_equal(fs_results_gq_name(res, 0, name, sizeof name), "enrollees");
    for (int r = 0; r < res->rep_count; r++) {
        /* (group, tier, band, want) with whole counts. */
        static const int exact[][4] = {{2, 0, 0, 127}, {2, 0, 1, 42}, {2, 0, 2, 43},
                                       {2, 1, 1, 7},   {1, 0, 1, 10}, {1, 0, 2, 10},
                                       {1, 0, 3, 50},  {1, 0, 5, 6},  {2, 0, 10, 30},
                                       {2, 0, 11, 7},  {1, 0, 4, 0},  {0, 1, 7, 0}};
        for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
            assert_true(*fs_results_gat_age(res, r, 0, exact[i][0], exact[i][1], exact[i][2]) ==
                        exact[i][3]);
        double d30 = *fs_results_gat_age(res, r, 0, 0, 0, 7);
        double d31 = *fs_results_gat_age(res, r, 0, 0, 0, 8);
        assert_true(d30 == 9.0 || d30 == 10.0); /* 7 + 2.5 rounded */
        assert_true(d31 >= 8.0 && d31 <= 12.0); /* 4 x 2.5, each rounded */
        assert_close(*fs_results_at(res, r, 0, FS_M_ENROLLEES), 351.5, 0, 5.0); /* 5 cells of x.5 */
    }
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* Later years keep each (sex, age) cell's shares as observed: persons age
 * into the shares of their new age. */
static void test_shares_by_age(void **state)
{
    (void)state;
    fx_write("b.csv", "age,sex,group,tier,count\n"
                      "30,male,dibao,1,30\n30,male,ordinary,1,70\n"
                      "31,male,ordinary,1,50\n");
    fs_scenario *sc = load_roster("b.csv", 3);
    fs_results *res = fx_run(sc, 1);
    for (int r = 0; r < res->rep_count; r++) {
        assert_true(*fs_results_gat(res, r, 0, 0, 0, FS_GQ_ENROLLEES) == 30.0);
        assert_true(*fs_results_gat(res, r, 0, 2, 0, FS_GQ_ENROLLEES) == 120.0);
        /* the 100 aged 31 take age 31's split (all ordinary), the 50 aged 32
         * the nearest age's (31) */
        assert_true(*fs_results_gat(res, r, 1, 0, 0, FS_GQ_ENROLLEES) == 0.0);
        assert_true(*fs_results_gat(res, r, 1, 2, 0, FS_GQ_ENROLLEES) == 150.0);
        assert_true(*fs_results_at(res, r, 2, FS_M_ENROLLEES) == 150.0);
    }
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* One tier: no tier column; columns in any order, by Chinese names; a
 * UTF-8 byte-order mark; sexes as 1/2. */
static void test_spellings(void **state)
{
    (void)state;
    fx_write("c.csv", "\xEF\xBB\xBF人数,年龄,性别,人群\n5,40-41,1,ordinary\n3,40,2,ordinary\n");
    fs_scenario *sc = fx_load("extends: quiet.yaml\npopulation: {roster: c.csv}\n");
    assert_non_null(sc->roster);
    assert_true(sc->pop[0][40] == 2.0 && sc->pop[0][41] == 3.0 && sc->pop[1][40] == 3.0);
    assert_int_equal(sc->roster->nbands, 4); /* 0-39, 40, 41, 42+ */
    fs_scenario_free(sc);
}

/* A roster excludes total, structure and table; it replaces the groups'
 * shares (required without it) and the tiers' choice shares. */
static void test_rules(void **state)
{
    (void)state;
    int found;
    fx_write("c.csv", "age,sex,group,count\n30,male,ordinary,5\n");
    static const char *const other[] = {"total: 100", "structure: china-2020",
                                        "table: zero_mortality.csv"};
    static const char *const want[] = {"population.total: give either total or roster",
                                       "population.structure: give either structure or roster",
                                       "population.table: give either table or roster"};
    for (int i = 0; i < 3; i++) {
        char yaml[512];
        snprintf(yaml, sizeof yaml, "extends: quiet.yaml\npopulation: {roster: c.csv, %s}\n",
                 other[i]);
        assert_int_equal(load_status(yaml, want[i], &found), FS_ESCENARIO);
        assert_true(found);
    }
    assert_int_equal(load_status("extends: quiet.yaml\npopulation: {total: 100}\n"
                                 "groups: [{name: a}]\n",
                                 "missing required key 'share' (or give population.roster)",
                                 &found),
                     FS_ESCENARIO);
    assert_true(found);
    assert_int_equal(load_status("extends: quiet.yaml\npopulation: {total: 100}\n"
                                 "tiers: [{contribution: 1}, {contribution: 2}]\n",
                                 "missing required key 'choice_share'", &found),
                     FS_ESCENARIO);
    assert_true(found);
    /* With a roster: no share, no choice share; given ones are not used (a warning). */
    assert_int_equal(load_status("extends: quiet.yaml\npopulation: {roster: c.csv}\n"
                                 "groups: [{name: a, share: 0.5}]\n"
                                 "tiers: [{contribution: 1, choice_share: 0.5},"
                                 " {contribution: 2, choice_share: 0.7}]\n",
                                 "missing column 'tier' in the header (the scenario has 2 tiers)",
                                 &found),
                     FS_ESCENARIO);
    assert_true(found);
    fx_write("d.csv", "age,sex,group,tier,count\n30,male,ordinary,2,5\n");
    assert_int_equal(load_status("extends: quiet.yaml\npopulation: {roster: d.csv}\n"
                                 "groups: [{name: a, share: 0.5}]\n"
                                 "tiers: [{contribution: 1, choice_share: 0.5},"
                                 " {contribution: 2, choice_share: 0.7}]\n",
                                 "warning: population.roster: the roster gives the group and "
                                 "tier split; 3 values",
                                 &found),
                     FS_OK);
    assert_true(found);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),      cmocka_unit_test(test_empty_cells),
        cmocka_unit_test(test_first_year),  cmocka_unit_test(test_shares_by_age),
        cmocka_unit_test(test_spellings),   cmocka_unit_test(test_rules),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
