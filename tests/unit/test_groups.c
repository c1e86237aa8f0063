/* tests/unit/test_groups.c -- benefits by group and tier (groups.csv,
 * docs/model.md §8): a hand-worked bed of Pengshui (特困 with the CI tilt
 * and assistance beside ordinary residents), the identities on the seed
 * scenario in sample and exact mode, and the summary of a ratio (ratio of
 * the mean sums, delta-method se). */
#include "seeds_fixtures.h"
#include "engine_fixtures.h"

#define GQ(res, r, g, t, k) (*fs_results_gat((res), (r), 0, (g), (t), FS_GQ_##k))

/* 100 men aged 50, 50 特困 (all in tier 1) and 50 ordinary residents, all
 * holding one chronic programme of constant cost X = 100000, fully in
 * scope, ratio 0.5, counting for critical illness: basic pays 50000, the
 * CI base is S0 = 50000; 特困 get the tilted CI and assistance on
 * S0 - CI (threshold 0, ratio 0.7).  Each row is exact. */
static void test_hand_worked(void **state)
{
    (void)state;
    fs_scenario *sc = load("pengshui-2023.yaml");
    const int tk = group_index(sc, "tekun"), ord = sc->ngroups;
    const double X = 100000, S0 = 50000;
    const double ci_t = ci_benefit(sc, "tekun", S0, 2023), ci_o = ci_benefit(sc, NULL, S0, 2023);
    const double as_t = assist_benefit(sc, "tekun", S0 - ci_t, 2023);
    bed b;
    bed_init(&b, sc, 0, 50, 100, 0);
    bed_chronic(&b, X, 0.5, 1);
    bed_set(&b, "groups[%d].share=0.5", tk);
    bed_set(&b, "groups[%d].tier_shares=[1, 0]", tk);
    fs_scenario_free(sc);
    sc = bed_load("pengshui-2023.yaml", &b);
    assert_true(ci_t > ci_o && ci_o > 0 && as_t > 0);

    fs_results *res = run(sc, FS_MODE_EXACT, 0, 0);
    for (int r = 0; r < res->rep_count; r++) {
        assert_close(GQ(res, r, tk, 0, ENROLLEES), 50, 0, 0);
        assert_close(GQ(res, r, tk, 1, ENROLLEES), 0, 0, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_CHRONIC), 50 * S0, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_BASIC), 50 * S0, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_OUTPATIENT), 0, 0, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_INPATIENT), 0, 0, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_CRITICAL), 50 * ci_t, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, BENEFITS_ASSIST), 50 * as_t, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, OUT_OF_POCKET), 50 * (S0 - ci_t - as_t), 1e-9, 0);
        assert_close(GQ(res, r, tk, 0, COST_TOTAL), 50 * X, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, COST_IN_SCOPE), 50 * X, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, COMBINED_RATIO), (S0 + ci_t + as_t) / X, 1e-12, 0);
        assert_close(GQ(res, r, tk, 0, INPATIENT_COST_IN_SCOPE), 0, 0, 0);
        assert_close(GQ(res, r, tk, 0, INPATIENT_BENEFITS_CRITICAL), 0, 0, 0);
        assert_close(GQ(res, r, tk, 0, INPATIENT_COMBINED_RATIO), 0, 0, 0);
        /* The ordinary residents, over their two tiers: CI without tilt, no assistance. */
        double n = 0, ci = 0, as = 0, cost = 0;
        for (int t = 0; t < 2; t++) {
            n += GQ(res, r, ord, t, ENROLLEES);
            ci += GQ(res, r, ord, t, BENEFITS_CRITICAL);
            as += GQ(res, r, ord, t, BENEFITS_ASSIST);
            cost += GQ(res, r, ord, t, COST_TOTAL);
            if (GQ(res, r, ord, t, ENROLLEES) > 0)
                assert_close(GQ(res, r, ord, t, COMBINED_RATIO), (S0 + ci_o) / X, 1e-12, 0);
        }
        assert_close(n, 50, 0, 0);
        assert_close(ci, 50 * ci_o, 1e-12, 0);
        assert_close(as, 0, 0, 0);
        assert_close(cost, 50 * X, 1e-12, 0);
    }
    /* The summary of a ratio: every replication is the same, so the mean
     * is the ratio and se 0. */
    fs_stat *gs = calloc(fs_results_gper_rep(res), sizeof *gs);
    assert_int_equal(fs_results_summarize_groups(res, gs), FS_OK);
    size_t i = ((size_t)tk * (size_t)res->ntiers_out + 0) * fs_results_gq(res) +
               FS_GQ_COMBINED_RATIO;
    assert_close(gs[i].mean, (S0 + ci_t + as_t) / X, 1e-12, 0);
    assert_close(gs[i].se, 0, 0, 1e-15);
    free(gs);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* The group table of the seed scenario with its groups and two tiers, in
 * sample and exact mode: the identities hold (run() checks them), the sums
 * are checked again here, the rows make sense. */
static void check_table(const fs_results *res, int chronic)
{
    const int ord = res->ngroups_out - 1;
    assert_int_equal(res->ntiers_out, 2);
    fx_check_group_sums(res); /* the sums over groups and tiers = the fund's lines */
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            /* Every line is live (chronic unless switched off). */
            static const fs_metric live[] = {FS_M_SPEND_OUTPATIENT, FS_M_SPEND_INPATIENT,
                                             FS_M_SPEND_MATERNITY,  FS_M_CI_BENEFITS,
                                             FS_M_ASSIST_BENEFITS,  FS_M_OOP_MEAN};
            for (size_t k = 0; k < sizeof live / sizeof live[0]; k++)
                assert_true(*fs_results_at(res, r, y, live[k]) > 0);
            assert_true(*fs_results_at(res, r, y, FS_M_SPEND_CHRONIC) > 0 || !chronic);
            for (int g = 0; g < res->ngroups_out; g++)
                for (int t = 0; t < res->ntiers_out; t++) {
#define Q(k) (*fs_results_gat(res, r, y, g, t, FS_GQ_##k))
                    assert_true(Q(COMBINED_RATIO) >= 0 && Q(COMBINED_RATIO) <= 1);
                    assert_true(Q(INPATIENT_COMBINED_RATIO) >= 0 &&
                                Q(INPATIENT_COMBINED_RATIO) <= 1);
                    assert_true(Q(INPATIENT_BENEFITS_CRITICAL) <=
                                Q(BENEFITS_CRITICAL) * (1 + 1e-12));
                    assert_true(Q(INPATIENT_BENEFITS_ASSIST) <= Q(BENEFITS_ASSIST) * (1 + 1e-12));
                    assert_true(Q(COST_IN_SCOPE) <= Q(COST_TOTAL) * (1 + 1e-12));
                    if (!chronic) { /* inpatient is then the only line of both bases */
                        assert_close(Q(INPATIENT_BENEFITS_CRITICAL), Q(BENEFITS_CRITICAL), 1e-9,
                                     0);
                        assert_close(Q(INPATIENT_BENEFITS_ASSIST), Q(BENEFITS_ASSIST), 1e-9, 0);
                    }
                    if (g == ord)
                        assert_close(Q(BENEFITS_ASSIST), 0, 0, 0);
#undef Q
                }
            /* Both tiers of the ordinary residents are live. */
            for (int t = 0; t < 2; t++)
                assert_true(*fs_results_gat(res, r, y, ord, t, FS_GQ_BENEFITS_INPATIENT) > 0);
        }
    /* 特困 (CI tilt, assistance at 70%) are reimbursed more than ordinary
     * residents of tier 1, in the mean over replications. */
    fs_stat *gs = calloc(fs_results_gper_rep(res), sizeof *gs);
    assert_int_equal(fs_results_summarize_groups(res, gs), FS_OK);
    size_t K = fs_results_gq(res), T = (size_t)res->ntiers_out;
    double tekun = gs[0 * T * K + FS_GQ_INPATIENT_COMBINED_RATIO].mean;
    double ordinary = gs[(size_t)ord * T * K + FS_GQ_INPATIENT_COMBINED_RATIO].mean;
    assert_true(tekun > ordinary + 0.05);
    free(gs);
}

static void test_seed_sample(void **state)
{
    (void)state;
    bed b = {.n = 0};
    bed_set(&b, "simulation.sample_per_cell=40");
    fs_scenario *sc = bed_load("pengshui-2023.yaml", &b);
    fs_results *res = run(sc, FS_MODE_SAMPLE, 3, 3);
    check_table(res, 1);
    fs_results_free(res);
    fs_scenario_free(sc);
    /* Without chronic programmes the inpatient parts are the whole. */
    bed_set(&b, "benefits.chronic=[]");
    sc = bed_load("pengshui-2023.yaml", &b);
    res = run(sc, FS_MODE_SAMPLE, 3, 2);
    check_table(res, 0);
    fs_results_free(res);
    fs_scenario_free(sc);
}

static void test_seed_exact(void **state)
{
    (void)state;
    bed b = {.n = 0};
    bed_set(&b, "population.total=40000");
    fs_scenario *sc = bed_load("pengshui-2023.yaml", &b);
    fs_results *res = run(sc, FS_MODE_EXACT, 2, 2);
    assert_int_equal(res->mode, FS_MODE_EXACT);
    check_table(res, 1);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* The features of issue 11 together, on Chongqing (groups, 2 tiers): group
 * rules on named lines with a tilt, assistance.by_expense (lines + tilt)
 * for everybody else, newborns in their birth year, late enrollees,
 * graduates covered 8 months, an outpatient account that runs short under
 * `scale`.  In exact and sample mode the run's identities hold (run()
 * checks them), by_expense's assistance is the ordinary residents' row,
 * and each row's inpatient part lies within its whole. */
static void check_interactions(const fs_results *res, int ord, int db)
{
    for (int r = 0; r < res->rep_count; r++)
        for (int y = 0; y < res->years; y++) {
            assert_close(*fs_results_at(res, r, y, FS_M_OUTPATIENT_ACCOUNT_BOUND), 1, 0, 0);
            double as = 0.0, asi = 0.0;
            for (int t = 0; t < res->ntiers_out; t++) {
                as += *fs_results_gat(res, r, y, ord, t, FS_GQ_BENEFITS_ASSIST);
                asi += *fs_results_gat(res, r, y, ord, t, FS_GQ_INPATIENT_BENEFITS_ASSIST);
                /* 低保 with lines [chronic]: nothing of its assistance is inpatient */
                assert_close(*fs_results_gat(res, r, y, db, t, FS_GQ_INPATIENT_BENEFITS_ASSIST),
                             0, 0, 0);
            }
            assert_true(as > 0.0 && asi > 0.0 && asi <= as * (1 + 1e-12));
            for (int g = 0; g < res->ngroups_out; g++)
                for (int t = 0; t < res->ntiers_out; t++) {
#define Q(k) (*fs_results_gat(res, r, y, g, t, FS_GQ_##k))
                    assert_true(Q(INPATIENT_BENEFITS_ASSIST) <= Q(BENEFITS_ASSIST) * (1 + 1e-12));
                    assert_true(Q(INPATIENT_BENEFITS_CRITICAL) <=
                                Q(BENEFITS_CRITICAL) * (1 + 1e-12));
                    assert_true(Q(COMBINED_RATIO) >= 0 && Q(COMBINED_RATIO) <= 1);
#undef Q
                }
        }
}

static void test_interactions(void **state)
{
    (void)state;
    fs_scenario *sc = load("chongqing-2023.yaml");
    const int tk = group_index(sc, "tekun"), db = group_index(sc, "dibao"),
              st = group_index(sc, "student"), ord = sc->ngroups;
    fs_scenario_free(sc);
    bed b = {.n = 0};
    bed_set(&b, "population.total=30000");
    bed_set(&b, "simulation.sample_per_cell=20");
    bed_set(&b, "groups[%d].assistance.lines=[inpatient, outpatient]", tk);
    bed_set(&b, "groups[%d].assistance.tilt={ratio: 0.5, threshold: 1000, cap: 20000}", tk);
    bed_set(&b, "groups[%d].assistance.lines=[chronic]", db);
    bed_set(&b, "groups[%d].share=0.05", db);
    bed_set(&b, "groups[%d].graduation.cover_months=8", st);
    bed_set(&b, "groups[%d].tier_shares=[0.7, 0.3]", st);
    bed_set(&b, "enrollment.newborn_cover=birth_year");
    bed_set(&b, "enrollment.late_share=0.1");
    bed_set(&b, "assistance.by_expense={line: 3000, ratio: 0.5, threshold: 2000, cap: 30000, "
                "lines: [inpatient, chronic, outpatient], "
                "tilt: {ratio: 0.3, threshold: 500, cap: 10000}}");
    bed_set(&b, "benefits.outpatient.account={per_enrollee: 5, when_short: scale}");
    sc = bed_load("chongqing-2023.yaml", &b);
    fs_results *res = run(sc, FS_MODE_EXACT, 2, 2);
    assert_int_equal(res->mode, FS_MODE_EXACT);
    check_interactions(res, ord, db);
    fs_results_free(res);
    res = run(sc, FS_MODE_SAMPLE, 2, 2);
    assert_int_equal(res->mode, FS_MODE_SAMPLE);
    check_interactions(res, ord, db);
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* An identity's message names the identity whole, even with group and
 * tier names of 60 bytes (20 characters of 3 bytes). */
static void test_identity_message(void **state)
{
    (void)state;
    static const char *const nm = "一二三四五六七八九十一二三四五六七八九十";
    bed b = {.n = 0};
    bed_set(&b, "population.total=20000");
    bed_set(&b, "groups[0].name=%s", nm);
    bed_set(&b, "tiers[0].name=%s", nm);
    fs_scenario *sc = bed_load("pengshui-2023.yaml", &b);
    fs_results *res = run(sc, FS_MODE_EXACT, 1, 1);
    char ierr[512] = "";
    assert_string_equal(res->group_names[0], nm);
    *fs_results_gat(res, 0, 0, 0, 0, FS_GQ_COST_TOTAL) += 1.0;
    assert_int_equal(fs_results_check_identities(res, ierr, sizeof ierr), FS_EINTERNAL);
    assert_non_null(strstr(ierr, "benefits_assist + out_of_pocket: "));
    fs_results_free(res);
    fs_scenario_free(sc);
}

/* Three replications of one group and tier with numerators 2, 3, 7 over
 * denominators 10, 20, 30: mean = 12 / 60 = 0.2 (not the mean of the
 * ratios, 0.2111...); residuals e = num - 0.2 den = 0, -1, 1, so
 * se = sqrt(2 / (3 x 2)) / 20 = 0.028867513459481287. */
static void test_ratio_of_means(void **state)
{
    (void)state;
    fs_results *res = NULL;
    assert_int_equal(fs_results_alloc(1, 3, 1, 1, &res), FS_OK);
    static const double num[3] = {2, 3, 7}, den[3] = {10, 20, 30};
    for (int r = 0; r < 3; r++) {
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_BENEFITS_BASIC) = num[r] + 1;
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_BENEFITS_MATERNITY) = 1;
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_COST_IN_SCOPE) = den[r];
        *fs_results_gat(res, r, 0, 0, 0, FS_GQ_COMBINED_RATIO) = num[r] / den[r];
    }
    fs_stat gs[FS_GQ_COUNT];
    assert_int_equal(fs_results_summarize_groups(res, gs), FS_OK);
    assert_close(gs[FS_GQ_COMBINED_RATIO].mean, 0.2, 1e-15, 0);
    assert_close(gs[FS_GQ_COMBINED_RATIO].se, sqrt(2.0 / 6.0) / 20.0, 1e-14, 0);
    /* Percentiles: of the per-replication ratios 0.15, 0.2, 0.2333... */
    assert_close(gs[FS_GQ_COMBINED_RATIO].p05, 0.155, 1e-14, 0);
    assert_close(gs[FS_GQ_INPATIENT_COMBINED_RATIO].mean, 0, 0, 0);
    /* A sum's summary is unchanged: the mean of the replications. */
    assert_close(gs[FS_GQ_COST_IN_SCOPE].mean, 20, 1e-15, 0);
    fs_results_free(res);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_worked),
        cmocka_unit_test(test_seed_sample),
        cmocka_unit_test(test_seed_exact),
        cmocka_unit_test(test_ratio_of_means),
        cmocka_unit_test(test_interactions),
        cmocka_unit_test(test_identity_message),
    };
    return cmocka_run_group_tests(tests, bed_dir_make, bed_dir_remove);
}
